/*
 * bench/parse: parse + model speed over a corpus of Dockerfiles, on one core.
 *
 *   bench_parse [DIR] [--seconds=S]
 *
 * Reads every regular file under DIR (default: ../shared/corpus/real beside
 * the source tree, manifest and README excluded) into memory first, then
 * parses and models them again and again for at least S seconds (default 2),
 * and prints files/s, MB/s, peak RSS, and the share of RUN bodies that
 * tree-sitter-bash parses without an ERROR node.
 */
#include "model.h"
#include "source.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
    char *path;
    char *data;
    size_t len;
} file;

static file *files;
static size_t nfiles, capfiles, total_bytes;

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
    size_t n = fread(data, 1, (size_t)st->st_size, f);
    fclose(f);
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 256;
        files = realloc(files, capfiles * sizeof *files);
    }
    files[nfiles++] = (file){strdup(path), data, n};
    total_bytes += n;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *dir = LF_DEFAULT_CORPUS;
    double seconds = 2.0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--seconds=", 10) == 0)
            seconds = atof(argv[i] + 10);
        else
            dir = argv[i];
    }
    if (nftw(dir, collect, 32, FTW_PHYS) != 0 || nfiles == 0) {
        fprintf(stderr, "bench_parse: no files under %s\n", dir);
        return 2;
    }
    lf_parser *p = lf_parser_new();
    size_t runs = 0, runs_failed = 0, instrs = 0, errors = 0;
    size_t rounds = 0, parsed = 0;
    double t0 = now(), t;
    do {
        for (size_t i = 0; i < nfiles; i++) {
            lf_source *src;
            lf_source_from_bytes(&src, files[i].path, files[i].data, files[i].len);
            lf_doc *doc;
            if (lf_doc_parse(&doc, p, src) != 0)
                return 2;
            if (rounds == 0) {
                runs += doc->shell_runs;
                runs_failed += doc->shell_runs_failed;
                instrs += doc->ninstrs;
                errors += doc->nerrors > 0;
            }
            lf_doc_free(doc);
            parsed++;
        }
        rounds++;
        t = now() - t0;
    } while (t < seconds);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("corpus: %s\n", dir);
    printf("files: %zu (%.2f MB), instructions: %zu, files with errors: %zu\n", nfiles,
           (double)total_bytes / 1e6, instrs, errors);
    printf("rounds: %zu in %.2f s\n", rounds, t);
    printf("speed: %.0f files/s, %.2f MB/s (parse + model, one core)\n", (double)parsed / t,
           (double)total_bytes * (double)rounds / 1e6 / t);
    printf("peak RSS: %.1f MB (corpus held in memory: %.1f MB)\n", (double)ru.ru_maxrss / 1024.0,
           (double)total_bytes / 1e6);
    printf("RUN bodies parsed by tree-sitter-bash: %zu, without ERROR: %zu (%.2f%%)\n", runs,
           runs - runs_failed, runs ? 100.0 * (double)(runs - runs_failed) / (double)runs : 100.0);
    lf_parser_free(p);
    for (size_t i = 0; i < nfiles; i++) {
        free(files[i].path);
        free(files[i].data);
    }
    free(files);
    return 0;
}
