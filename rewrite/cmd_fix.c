/*
 * `layerfix [OPTIONS] [PATH...]`: run the passes over Dockerfiles and show
 * (default), summarise (--check) or write (--fix) the result.
 *
 * Output contract: the diff (or the --check summary) goes to stdout; errors,
 * warnings and notes go to stderr as `FILE:LINE[:COL]: kind: ...`. A file
 * with an error is never written and does not stop the others.
 */
#include "cmd.h"
#include "context.h"
#include "diff.h"
#include "discover.h"
#include "dockerignore.h"
#include "fsio.h"
#include "pipeline.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: layerfix [OPTIONS] [PATH...]\n"
    "       layerfix dump [--format=buildkit|tree|source|shell] FILE...\n"
    "\n"
    "Rewrites Dockerfiles so that their builds hit the cache, and shows every\n"
    "change as a unified diff. PATH is a Dockerfile or a directory to search for\n"
    "Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and Containerfile; with\n"
    "no PATH, the git repository of the current directory is searched.\n"
    "\n"
    "Modes (default: print the diff, write nothing):\n"
    "  --fix              write the changes in place (atomically, keeping each\n"
    "                     file's mode and line endings)\n"
    "  --check            print only a summary of what would change\n"
    "\n"
    "Passes:\n"
    "  --list-passes      list the passes, in the order they run, and exit\n"
    "  --pass=ID[,ID...]  run only these passes\n"
    "  --skip=ID[,ID...]  do not run these passes\n"
    "\n"
    "Output:\n"
    "  --explain          under each hunk, say which pass made it and why\n"
    "  --color=WHEN       colour the diff: auto (default: when stdout is a\n"
    "                     terminal and NO_COLOR is unset), always, never\n"
    "  -q, --quiet        do not print notes about what was left alone\n"
    "  --context=DIR      build context for every Dockerfile (default: the\n"
    "                     Dockerfile's directory); used to check which files exist\n"
    "\n"
    "Rewrite settings:\n"
    "  --target-builder=B buildkit (default), buildah, kaniko or legacy; kaniko and\n"
    "                     legacy cannot run RUN --mount, so no cache mounts are added\n"
    "  --volatile-arg=NAME  treat ARG NAME as changing on every build (repeatable;\n"
    "                     adds to the built-in list: BUILD_DATE, GIT_SHA, ...)\n"
    "  --syntax-directive add `# syntax=docker/dockerfile:1` when a change needs\n"
    "                     BuildKit syntax and the file has no syntax directive (off\n"
    "                     by default: it makes builds pull a frontend image)\n"
    "\n"
    "  -h, --help         show this help;  --version  show the version\n"
    "\n"
    "Findings that are not fixed are printed as FILE:LINE: note: [pass] reason.\n"
    "\n"
    "Exit status: 0 nothing to change, 1 changes proposed (or made, with --fix),\n"
    "2 error (bad usage, or a file that cannot be read or parsed).\n";

typedef enum { MODE_DIFF, MODE_CHECK, MODE_FIX } lf_mode;

typedef struct {
    lf_mode mode;
    bool explain, quiet, color;
    const char *context_dir;
    bool enabled[32];
    lf_options pass_opts;
    const char *volatile_args[64];
} lf_fix_opts;

/* Applies a comma-separated list of pass ids; returns -1 on an unknown id. */
static int set_passes(bool *enabled, const char *list, bool value)
{
    char *copy = strdup(list);
    int rc = 0;
    for (char *id = strtok(copy, ","); id; id = strtok(NULL, ",")) {
        const lf_pass *p = lf_pass_find(id);
        if (!p) {
            fprintf(stderr, "layerfix: error: unknown pass '%s' (see --list-passes)\n", id);
            rc = -1;
            continue;
        }
        enabled[p - lf_passes] = value;
    }
    free(copy);
    return rc;
}

static void list_passes(void)
{
    for (size_t i = 0; i < lf_npasses; i++)
        printf("%-22s %s%s\n", lf_passes[i].id, lf_passes[i].summary,
               lf_passes[i].default_on ? "" : " (off by default)");
}

static int parse_opts(lf_fix_opts *o, int argc, char **argv, int *first_path, bool *done)
{
    const char *color = getenv("NO_COLOR") && *getenv("NO_COLOR") ? "never" : "auto";
    const char *only = NULL;
    for (size_t i = 0; i < lf_npasses; i++)
        o->enabled[i] = lf_passes[i].default_on;
    *done = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (strcmp(a, "--fix") == 0) {
            o->mode = MODE_FIX;
        } else if (strcmp(a, "--check") == 0) {
            o->mode = MODE_CHECK;
        } else if (strcmp(a, "--explain") == 0) {
            o->explain = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (strncmp(a, "--color=", 8) == 0) {
            color = a + 8;
            if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
                fprintf(stderr, "layerfix: error: --color takes auto, always or never\n");
                return -1;
            }
        } else if (strncmp(a, "--pass=", 7) == 0) {
            only = a + 7;
        } else if (strncmp(a, "--skip=", 7) == 0) {
            if (set_passes(o->enabled, a + 7, false) != 0)
                return -1;
        } else if (strncmp(a, "--context=", 10) == 0) {
            o->context_dir = a + 10;
        } else if (strncmp(a, "--target-builder=", 17) == 0) {
            if (lf_builder_from_name(&o->pass_opts.target_builder, a + 17) != 0) {
                fprintf(stderr, "layerfix: error: --target-builder takes buildkit, buildah, "
                                "kaniko or legacy\n");
                return -1;
            }
        } else if (strncmp(a, "--volatile-arg=", 15) == 0) {
            if (a[15] == 0 || o->pass_opts.nvolatile_args >= 64) {
                fprintf(stderr, "layerfix: error: --volatile-arg needs a NAME (at most 64)\n");
                return -1;
            }
            o->volatile_args[o->pass_opts.nvolatile_args++] = a + 15;
            o->pass_opts.volatile_args = o->volatile_args;
        } else if (strcmp(a, "--syntax-directive") == 0) {
            o->pass_opts.syntax_directive = 1;
        } else if (strcmp(a, "--list-passes") == 0) {
            list_passes();
            *done = true;
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(USAGE, stdout);
            *done = true;
            return 0;
        } else {
            fprintf(stderr, "layerfix: error: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (only) {
        bool skip[32];
        memcpy(skip, o->enabled, sizeof skip);
        memset(o->enabled, 0, sizeof o->enabled);
        if (set_passes(o->enabled, only, true) != 0)
            return -1;
        /* --skip still wins over --pass */
        for (size_t k = 0; k < lf_npasses; k++)
            o->enabled[k] = o->enabled[k] && (skip[k] || !lf_passes[k].default_on);
    }
    o->color = strcmp(color, "always") == 0 ||
               (strcmp(color, "auto") == 0 && o->mode == MODE_DIFF && isatty(STDOUT_FILENO));
    *first_path = i;
    return 0;
}

/* The directory part of a path ("." when there is none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* A path as shown in diffs and messages: relative to the current directory
 * when it lies below it, without a leading "./". */
static const char *display_path(const char *path)
{
    static char cwd[4096];
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            path += n + 1;
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

typedef struct {
    int files, changed, errors;
    size_t per_pass[32];
} lf_fix_stats;

/* A Dockerfile that went through the passes, kept for the passes that work
 * on a whole build context (dockerignore). */
typedef struct {
    char *path, *context_dir, *text;
    size_t len;
} lf_done_file;

typedef struct {
    lf_done_file *items;
    size_t n, cap;
} lf_done_files;

static void report(const lf_result *res, const lf_fix_opts *o, const char *shown)
{
    for (size_t k = 0; k < res->nruns; k++)
        if (res->runs[k].dropped)
            fprintf(stderr, "%s: warning: [%s] edits dropped: %s\n", shown, res->runs[k].pass->id,
                    res->runs[k].dropped);
    if (o->quiet)
        return;
    for (size_t n = 0; n < res->nnotes; n++)
        fprintf(stderr, "%s:%zu: note: [%s] %s\n", shown, res->notes[n].line, res->notes[n].pass,
                res->notes[n].msg);
}

static void process(const char *path, const lf_fix_opts *o, lf_parser *parser, lf_fix_stats *st,
                    lf_done_files *done)
{
    const char *shown = display_path(path);
    lf_buf err = LF_BUF_INIT;
    lf_source *src;
    st->files++;
    if (lf_source_read_file(&src, path, &err) != 0) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        st->errors++;
        lf_buf_free(&err);
        return;
    }
    lf_context ctx;
    char *dir = o->context_dir ? strdup(o->context_dir) : dir_of(path);
    int have_ctx = lf_context_open(&ctx, dir, &err) == 0;
    if (!have_ctx) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        lf_buf_clear(&err);
    }
    lf_result res;
    if (lf_pipeline_run(&res, parser, src, have_ctx ? &ctx : NULL, &o->pass_opts, o->enabled) !=
        0) {
        fprintf(stderr, "%s: error: internal parser failure\n", shown);
        st->errors++;
    } else if (lf_result_failed(&res)) {
        fputs(lf_buf_cstr(&res.errors), stderr);
        st->errors++;
    } else {
        report(&res, o, shown);
        if (lf_result_changed(&res)) {
            st->changed++;
            for (size_t k = 0; k < res.nruns; k++)
                if (!res.runs[k].dropped)
                    st->per_pass[res.runs[k].pass - lf_passes] += 1;
            if (o->mode == MODE_DIFF) {
                lf_buf out = LF_BUF_INIT;
                if (lf_diff_result(&out, &res, shown, o->color, o->explain, &err) != 0) {
                    fprintf(stderr, "%s\n", lf_buf_cstr(&err));
                    st->errors++;
                }
                fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
                lf_buf_free(&out);
            } else if (o->mode == MODE_FIX) {
                if (lf_write_atomic(path, res.output, res.output_len, &err) != 0) {
                    fprintf(stderr, "%s\n", lf_buf_cstr(&err));
                    st->errors++;
                    st->changed--;
                } else {
                    fprintf(stderr, "%s: fixed\n", shown);
                }
            }
        }
    }
    if (!lf_result_failed(&res) && res.output) {
        lf_done_file *d = LF_VEC_PUSH(done->items, done->n, done->cap);
        d->path = strdup(path);
        d->context_dir = strdup(dir);
        d->text = strndup(res.output, res.output_len);
        d->len = res.output_len;
    }
    free(dir);
    fflush(stdout);
    lf_result_free(&res);
    if (have_ctx)
        lf_context_free(&ctx);
    lf_buf_free(&err);
}

/* The existing file at path, or NULL when there is none. */
static char *read_if_exists(const char *path, size_t *len)
{
    lf_source *src;
    lf_buf err = LF_BUF_INIT;
    char *text = NULL;
    if (access(path, F_OK) == 0 && lf_source_read_file(&src, path, &err) == 0) {
        text = strndup(src->data, src->len);
        *len = src->len;
        lf_source_free(src);
    }
    lf_buf_free(&err);
    return text;
}

/* One ignore file: the Dockerfiles of one build context that read it. */
static void dockerignore_group(lf_done_files *done, size_t first, bool *handled,
                               const lf_fix_opts *o, lf_parser *parser, lf_fix_stats *st)
{
    lf_buf err = LF_BUF_INIT, ipath = LF_BUF_INIT, other = LF_BUF_INIT, out = LF_BUF_INIT;
    lf_context ctx;
    handled[first] = true;
    if (lf_context_open(&ctx, done->items[first].context_dir, &err) != 0) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        st->errors++;
        lf_context_free(&ctx);
        lf_buf_free(&err);
        return;
    }
    lf_doc **docs = calloc(done->n, sizeof *docs);
    size_t ndocs = 0;
    for (size_t j = first; j < done->n; j++) {
        lf_done_file *d = &done->items[j];
        if (strcmp(d->context_dir, done->items[first].context_dir) != 0 ||
            (handled[j] && j != first))
            continue;
        lf_source *src;
        lf_source_from_bytes(&src, d->path, d->text, d->len);
        lf_doc *doc;
        if (lf_doc_parse(&doc, parser, src) != 0)
            continue;
        lf_buf *target = ndocs == 0 ? &ipath : &other;
        lf_buf_clear(target);
        lf_dockerignore_path(doc, &ctx, target);
        if (ndocs > 0 && strcmp(lf_buf_cstr(&other), lf_buf_cstr(&ipath)) != 0) {
            lf_doc_free(doc); /* reads another ignore file: its own group */
            continue;
        }
        handled[j] = true;
        docs[ndocs++] = doc;
    }
    size_t elen = 0;
    char *existing = read_if_exists(lf_buf_cstr(&ipath), &elen);
    lf_dockerignore_result r = {0};
    const char *shown = display_path(lf_buf_cstr(&ipath));
    if (ndocs > 0 && lf_dockerignore_propose(&r, &ctx, (const lf_doc *const *)docs, ndocs, existing,
                                             elen) == 0) {
        if (!o->quiet) {
            lf_dockerignore_format_notes(&r, shown, &out);
            fputs(lf_buf_cstr(&out), stderr);
        }
        lf_buf_clear(&out);
        if (r.changed) {
            st->changed++;
            st->per_pass[lf_pass_find("dockerignore") - lf_passes]++;
            if (o->mode == MODE_DIFF) {
                lf_buf why = LF_BUF_INIT;
                lf_dockerignore_format_report(&r, display_path(ctx.dir), &why);
                if (why.len && why.data[why.len - 1] == '\n')
                    why.data[--why.len] = 0;
                if (lf_diff_texts(&out, shown, existing, elen, r.text, r.len, o->color,
                                  "dockerignore", o->explain ? lf_buf_cstr(&why) : NULL,
                                  &err) != 0) {
                    fprintf(stderr, "%s\n", lf_buf_cstr(&err));
                    st->errors++;
                }
                fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
                lf_buf_free(&why);
            } else if (o->mode == MODE_FIX) {
                int rc = existing ? lf_write_atomic(lf_buf_cstr(&ipath), r.text, r.len, &err)
                                  : lf_write_new(lf_buf_cstr(&ipath), r.text, r.len, &err);
                if (rc != 0) {
                    fprintf(stderr, "%s\n", lf_buf_cstr(&err));
                    st->errors++;
                    st->changed--;
                } else {
                    fprintf(stderr, "%s: %s\n", shown, existing ? "fixed" : "created");
                }
            }
        }
    }
    lf_dockerignore_result_free(&r);
    for (size_t k = 0; k < ndocs; k++)
        lf_doc_free(docs[k]);
    free(docs);
    free(existing);
    lf_context_free(&ctx);
    lf_buf_free(&err);
    lf_buf_free(&ipath);
    lf_buf_free(&other);
    lf_buf_free(&out);
}

static void run_context_passes(lf_done_files *done, const lf_fix_opts *o, lf_parser *parser,
                               lf_fix_stats *st)
{
    const lf_pass *di = lf_pass_find("dockerignore");
    if (!di || !o->enabled[di - lf_passes] || done->n == 0)
        return;
    bool *handled = calloc(done->n, sizeof *handled);
    for (size_t i = 0; i < done->n; i++)
        if (!handled[i])
            dockerignore_group(done, i, handled, o, parser, st);
    free(handled);
}

int lf_cmd_fix(int argc, char **argv)
{
    lf_fix_opts o = {0};
    int first;
    bool done;
    if (parse_opts(&o, argc, argv, &first, &done) != 0)
        return LF_EXIT_ERROR;
    if (done)
        return LF_EXIT_CLEAN;
    lf_strv files = LF_STRV_INIT;
    lf_buf err = LF_BUF_INIT;
    int failed = lf_discover(&files, argv + first, argc - first, &err);
    fputs(lf_buf_cstr(&err), stderr);
    lf_buf_free(&err);
    lf_parser *parser = lf_parser_new();
    if (!parser) {
        fputs("layerfix: error: cannot create the parser\n", stderr);
        lf_strv_free(&files);
        return LF_EXIT_ERROR;
    }
    lf_fix_stats st = {0};
    lf_done_files finished = {0};
    for (size_t i = 0; i < files.n; i++)
        process(files.items[i].s, &o, parser, &st, &finished);
    run_context_passes(&finished, &o, parser, &st);
    for (size_t i = 0; i < finished.n; i++) {
        free(finished.items[i].path);
        free(finished.items[i].context_dir);
        free(finished.items[i].text);
    }
    free(finished.items);
    lf_parser_free(parser);
    lf_strv_free(&files);
    if (o.mode == MODE_CHECK || o.mode == MODE_FIX) {
        FILE *to = o.mode == MODE_CHECK ? stdout : stderr;
        /* files changed can exceed Dockerfiles checked: a .dockerignore counts */
        fprintf(to, "%d Dockerfile%s checked, %d file%s %s", st.files, st.files == 1 ? "" : "s",
                st.changed, st.changed == 1 ? "" : "s",
                o.mode == MODE_CHECK ? "would change" : "changed");
        const char *sep = " (";
        for (size_t k = 0; k < lf_npasses; k++)
            if (st.per_pass[k]) {
                fprintf(to, "%s%s: %zu", sep, lf_passes[k].id, st.per_pass[k]);
                sep = ", ";
            }
        fprintf(to, "%s, %d with errors\n", *sep == ',' ? ")" : "", st.errors + failed);
    }
    if (st.errors > 0 || failed > 0)
        return LF_EXIT_ERROR;
    return st.changed > 0 ? LF_EXIT_CHANGES : LF_EXIT_CLEAN;
}
