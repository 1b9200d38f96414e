/*
 * bench/speed: the speed of the whole per-file work of `layerfix` over a
 * corpus of Dockerfiles, on one core: each file as a build unit of its own
 * (engine/unit.h, as cmd_fix.c runs a build context): parse, the per-file
 * passes, then the dockerignore pass over the output (and the per-file
 * passes again where it changes what they read). Used by bench/speed, which
 * sets it beside the peers.
 *
 *   bench_speed [DIR] [--seconds=S] [--no-dockerignore] [--pass=ID,...]
 *
 * --pass runs only the named passes (to compare with a build that has
 * fewer passes: the same work on both sides).
 *
 * Reads every regular file under DIR (default: ../shared/corpus/real beside
 * the source tree; manifest.tsv and README.md excluded) into memory first.
 * Each file gets a build context in a scratch directory: the top-level file
 * names manifest.tsv records for it (column 5), written with small neutral
 * contents (package.json is `{"name": ...}`, ...), listed by lf_context_open;
 * a file the manifest does not know gets an empty context. Then the files go
 * through the passes again and again for at least S seconds (default 3), and
 * it prints files/s, MB/s (of Dockerfile input), peak RSS, and a last line
 * `result: key=value ...` for
 * scripts. Discovery, reading files and printing diffs are not timed here;
 * bench/speed times those with the real binary.
 */
#include "context_fs.h"
#include "neutral_manifest.h"
#include "passes.h"
#include "source.h"
#include "unit.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *path; /* absolute or as given */
    char *rel;  /* relative to DIR: the manifest's key */
    char *data;
    size_t len;
    lf_context ctx;
} file;

static file *files;
static size_t nfiles, capfiles, total_bytes;
static size_t dir_len;

static int collect(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode))
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, "manifest.tsv") == 0 || strcmp(base, "README.md") == 0)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *data = malloc((size_t)st->st_size + 1);
    size_t n = data ? fread(data, 1, (size_t)st->st_size, f) : 0;
    fclose(f);
    if (!data)
        return -1;
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 256;
        files = realloc(files, capfiles * sizeof *files);
        if (!files)
            return -1;
    }
    const char *rel = path + dir_len;
    while (*rel == '/')
        rel++;
    files[nfiles++] = (file){strdup(path), strdup(rel), data, n, {0}};
    total_bytes += n;
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const file *)a)->path, ((const file *)b)->path);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    lf_buf b = LF_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        lf_buf_add(&b, chunk, n);
    fclose(f);
    return lf_buf_detach(&b, NULL);
}

/* The context_files column of rel's manifest row, or NULL. */
static const char *manifest_names(const char *manifest, const char *rel, size_t *len)
{
    size_t rl = strlen(rel);
    for (const char *line = manifest; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > rl && strncmp(line, rel, rl) == 0 && line[rl] == '\t') {
            const char *f = line;
            for (int col = 0; col < 4 && f; col++) {
                f = memchr(f, '\t', ll - (size_t)(f - line));
                f = f ? f + 1 : NULL;
            }
            if (!f)
                return NULL;
            *len = strcspn(f, "\t\n");
            return f;
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Creates scratch/<i>/ with the recorded names and opens it as file i's
 * context. */
static int make_context(file *fl, size_t i, const char *scratch, const char *manifest)
{
    lf_buf dir = LF_BUF_INIT, err = LF_BUF_INIT;
    lf_buf_printf(&dir, "%s/%zu", scratch, i);
    if (mkdir(lf_buf_cstr(&dir), 0700) != 0)
        return -1;
    size_t n = 0;
    const char *names = manifest ? manifest_names(manifest, fl->rel, &n) : NULL;
    for (const char *f = names; f && f < names + n;) {
        size_t k = strcspn(f, ",\t\n");
        if (k > 0 && f[k - 1] != '/' && memchr(f, '/', k) == NULL) {
            lf_buf p = LF_BUF_INIT;
            lf_buf_printf(&p, "%s/%.*s", lf_buf_cstr(&dir), (int)k, f);
            FILE *out = fopen(lf_buf_cstr(&p), "wb");
            if (out) {
                const char *text = lf_neutral_manifest(strrchr(lf_buf_cstr(&p), '/') + 1);
                fwrite(text, 1, strlen(text), out);
                fclose(out);
            }
            lf_buf_free(&p);
        }
        f += k + (f[k] == ',');
    }
    int rc = lf_context_open(&fl->ctx, lf_buf_cstr(&dir), &err);
    if (rc != 0)
        fprintf(stderr, "bench_speed: %s\n", lf_buf_cstr(&err));
    lf_buf_free(&dir);
    lf_buf_free(&err);
    return rc;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    size_t changed, failed, dropped, notes, ignore_changed;
    size_t per_pass[32];
} stats;

int main(int argc, char **argv)
{
    const char *dir = LF_DEFAULT_CORPUS;
    double seconds = 3.0;
    int with_ignore = 1;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = atof(argv[i] + 10);
        else if (strcmp(argv[i], "--no-dockerignore") == 0)
            with_ignore = 0;
        else if (strncmp(argv[i], "--pass=", 7) == 0)
            only = argv[i] + 7;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: bench_speed [DIR] [--seconds=S] [--no-dockerignore] "
                            "[--pass=ID,...]\n");
            return 2;
        } else
            dir = argv[i];
    }
    dir_len = strlen(dir);
    if (nftw(dir, collect, 32, FTW_PHYS) != 0 || nfiles == 0) {
        fprintf(stderr, "bench_speed: no files under %s\n", dir);
        return 2;
    }
    qsort(files, nfiles, sizeof *files, by_path);

    lf_buf mpath = LF_BUF_INIT;
    lf_buf_printf(&mpath, "%s/manifest.tsv", dir);
    char *manifest = read_all(lf_buf_cstr(&mpath));
    lf_buf_free(&mpath);
    char scratch[] = "/tmp/bench_speed.XXXXXX";
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "bench_speed: mkdtemp: %s\n", strerror(errno));
        return 2;
    }
    int setup_failed = 0;
    lf_context_cache_begin(); /* libgit2 initialised once, as in cmd_fix */
    for (size_t i = 0; i < nfiles && !setup_failed; i++)
        setup_failed = make_context(&files[i], i, scratch, manifest) != 0;
    free(manifest);

    bool enabled[32] = {0};
    for (size_t i = 0; i < lf_npasses && i < 32; i++)
        enabled[i] = lf_passes[i].default_on;
    const lf_pass *di = lf_pass_find("dockerignore");
    with_ignore = with_ignore && di && di->default_on;
    if (di)
        enabled[di - lf_passes] = with_ignore;
    if (only)
        with_ignore = 0;
    for (size_t i = 0; only && i < lf_npasses && i < 32; i++) {
        size_t n = strlen(lf_passes[i].id);
        const char *at = strstr(only, lf_passes[i].id);
        bool named = false;
        while (at && !named) {
            named = (at == only || at[-1] == ',') && (at[n] == 0 || at[n] == ',');
            at = strstr(at + 1, lf_passes[i].id);
        }
        enabled[i] = named;
        if (named && di && i == (size_t)(di - lf_passes))
            with_ignore = 1;
    }
    lf_options opts = {0};
    lf_parser *p = lf_parser_new();
    stats st = {0};
    size_t rounds = 0, done = 0;
    double t0 = now(), t = 0;
    while (!setup_failed && p) {
        for (size_t i = 0; i < nfiles; i++) {
            /* one build unit per file, as cmd_fix.c runs a context */
            lf_unit u;
            lf_unit_init(&u, &files[i].ctx);
            lf_unit_add_text(&u, files[i].path, files[i].data, files[i].len);
            if (lf_unit_run(&u, p, &opts, lf_passes, lf_npasses, enabled) != 0 ||
                u.items[0].internal_error) {
                fprintf(stderr, "bench_speed: %s: internal parser failure\n", files[i].path);
                return 2;
            }
            const lf_result *res = &u.items[0].res;
            if (rounds == 0 && u.items[0].ran) {
                st.failed += lf_result_failed(res);
                st.changed += !lf_result_failed(res) && lf_result_changed(res);
                st.notes += res->nnotes;
                for (size_t k = 0; k < res->nruns; k++) {
                    if (res->runs[k].dropped)
                        st.dropped++;
                    else
                        st.per_pass[res->runs[k].pass - lf_passes]++;
                }
                for (size_t d = 0; d < u.ndocs; d++)
                    st.ignore_changed += lf_result_changed(&u.docs[d]);
            }
            lf_unit_free(&u);
            done++;
        }
        rounds++;
        t = now() - t0;
        if (t >= seconds)
            break;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    int rc = setup_failed || !p ? 2 : 0;
    if (rc == 0) {
        printf("corpus: %s\n", dir);
        printf("files: %zu (%.2f MB); changed by the pipeline: %zu, .dockerignore proposed: %zu, "
               "with errors: %zu, edits dropped: %zu, notes: %zu\n",
               nfiles, (double)total_bytes / 1e6, st.changed, st.ignore_changed, st.failed,
               st.dropped, st.notes);
        printf("files changed per pass:");
        for (size_t k = 0; k < lf_npasses && k < 32; k++)
            if (lf_passes[k].run)
                printf(" %s %zu", lf_passes[k].id, st.per_pass[k]);
        printf("\n");
        printf("rounds: %zu in %.2f s\n", rounds, t);
        if (only)
            printf("speed: %.0f files/s, %.2f MB/s (parse + the passes %s, one core)\n",
                   (double)done / t, (double)total_bytes * (double)rounds / 1e6 / t, only);
        else
            printf("speed: %.0f files/s, %.2f MB/s (parse + every default pass%s, one core)\n",
                   (double)done / t, (double)total_bytes * (double)rounds / 1e6 / t,
                   with_ignore ? " incl. dockerignore" : ", dockerignore off");
        printf("peak RSS: %.1f MB (corpus held in memory: %.1f MB)\n",
               (double)ru.ru_maxrss / 1024.0, (double)total_bytes / 1e6);
        printf("result: files=%zu bytes=%zu files_per_s=%.1f mb_per_s=%.3f peak_rss_kb=%ld\n",
               nfiles, total_bytes, (double)done / t,
               (double)total_bytes * (double)rounds / 1e6 / t, ru.ru_maxrss);
    }
    if (p)
        lf_parser_free(p);
    lf_context_cache_end();
    for (size_t i = 0; i < nfiles; i++) {
        free(files[i].path);
        free(files[i].rel);
        free(files[i].data);
        lf_context_free(&files[i].ctx);
    }
    free(files);
    nftw(scratch, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
    return rc;
}
