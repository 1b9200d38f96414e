/*
 * `layerfix [OPTIONS] [PATH...]`: run the passes over Dockerfiles and show
 * (default), summarise (--check) or write (--fix) the result.
 *
 * Output contract: the diff (or the --check summary) goes to stdout; errors,
 * warnings and notes go to stderr as `FILE:LINE[:COL]: kind: ...`. A file
 * with an error is never written and does not stop the others.
 */
#include "cmd.h"
#include "commit.h"
#include "compose.h"
#include "config.h"
#include "context_fs.h"
#include "contexts.h"
#include "diff.h"
#include "discover.h"
#include "fsio.h"
#include "passes.h"
#include "pipeline.h"
#include "pr_body.h"
#include "report.h"
#include "report_github.h"
#include "report_json.h"
#include "report_sarif.h"
#include "unit.h"
#include "vec.h"
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: layerfix [OPTIONS] [PATH...]\n"
    "       layerfix dump [--format=buildkit|tree|source|shell] FILE...\n"
    "\n"
    "Rewrites Dockerfiles so that their builds hit the cache, and shows every\n"
    "change as a unified diff. PATH is a Dockerfile or a directory to search for\n"
    "Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile and Containerfile; with\n"
    "no PATH, the git repository of the current directory is searched. Build\n"
    "contexts come from docker-compose*.y*ml, compose*.y*ml and docker-bake*.hcl\n"
    "files found the same way, else each Dockerfile's directory.\n"
    "\n"
    "Modes (default: print the diff, write nothing):\n"
    "  --fix              write the changes in place (atomically, keeping each\n"
    "                     file's mode and line endings)\n"
    "  --check            print only a summary of what would change\n"
    "  --commit           bot mode: commit the changes on a new branch (see below)\n"
    "                     without touching the work tree, the index or HEAD\n"
    "\n"
    "Passes:\n"
    "  --list-passes      list the passes, in the order they run, and exit\n"
    "  --pass=ID[,ID...]  run only these passes\n"
    "  --skip=ID[,ID...]  do not run these passes\n"
    "\n"
    "Output:\n"
    "  --format=FORMAT    text (default: the diff, or the --check summary), json\n"
    "                     (one document; schema in docs/json-report.md), sarif\n"
    "                     (SARIF 2.1.0, for code scanning) or github (workflow\n"
    "                     annotations); written to stdout instead of the diff\n"
    "  --explain          under each hunk, say which pass made it and why\n"
    "  --color=WHEN       colour the diff: auto (default: when stdout is a\n"
    "                     terminal and NO_COLOR is unset), always, never\n"
    "  -q, --quiet        do not print notes about what was left alone\n"
    "  --pr-body=FILE     also write a Markdown pull-request body (what changed,\n"
    "                     why it helps the cache, caveats) to FILE ('-': stdout)\n"
    "\n"
    "Bot mode (--commit):\n"
    "  --branch=NAME      the branch to create (default layerfix/cache-efficiency);\n"
    "                     its parent is HEAD\n"
    "  --force-branch     replace the branch when it exists (default: refuse)\n"
    "  --author='NAME <EMAIL>'  commit author (default: git config user.name\n"
    "                     and user.email)\n"
    "  --message=MSG      commit message (default: a summary of the changes)\n"
    "  Prints `BRANCH COMMIT-ID` on stdout.\n"
    "\n";

/* The rest of the help (one string would exceed the 4095 characters C
 * compilers must support). */
static const char USAGE_MORE[] =
    "Verification with a real builder (see README):\n"
    "  --verify[=BUILDER] build the original and the rewritten version of every\n"
    "                     build that changes and compare the images (files and\n"
    "                     configuration); BUILDER is docker (buildx), podman or\n"
    "                     buildah, or such a command with options (default: the\n"
    "                     first on PATH); exit 2 when one differs or fails, and\n"
    "                     --fix and --commit leave that build's files out\n"
    "  --verify-rebuild   with --verify, also edit one source file in a copy of the\n"
    "                     context, rebuild both with the layer cache and report the\n"
    "                     RUN steps that ran again and the seconds\n"
    "  --build-arg NAME=VALUE  build argument for --verify (repeatable; NAME alone\n"
    "                     takes the value from the environment, as docker does)\n"
    "\n"
    "Settings (also read from .layerfix.yml at the repository root):\n"
    "  --config=FILE      read settings from FILE instead of .layerfix.yml\n"
    "  --no-config        do not read .layerfix.yml\n"
    "  --context=DIR      build context for every Dockerfile (default: from\n"
    "                     compose/bake files, else the Dockerfile's directory)\n"
    "  --target-builder=B buildkit (default), buildah, kaniko or legacy; kaniko and\n"
    "                     legacy cannot run RUN --mount, so no cache mounts are added\n"
    "  --volatile-arg=NAME  treat ARG NAME as changing on every build (repeatable;\n"
    "                     adds to the built-in list: BUILD_DATE, GIT_SHA, ...)\n"
    "  --syntax-directive add `# syntax=docker/dockerfile:1` when a change needs\n"
    "                     BuildKit syntax and the file has no syntax directive (off\n"
    "                     by default: it makes builds pull a frontend image)\n"
    "  Options taking a value accept --opt=VALUE and --opt VALUE.\n"
    "\n"
    "  -h, --help         show this help;  --version  show the version\n"
    "\n"
    "Findings that are not fixed are printed as FILE:LINE: note: [pass] reason.\n"
    "Inline control: `# layerfix: ignore` or `# layerfix: ignore=PASS[,PASS]` on\n"
    "the line above an instruction; `# layerfix: disable=PASS[,PASS]` before the\n"
    "first instruction for the whole file. See `man layerfix` for .layerfix.yml.\n"
    "\n"
    "Exit status: 0 nothing to change, 1 changes proposed (or made, with --fix or\n"
    "--commit), 2 error (bad usage, or a file that cannot be read or parsed).\n";

typedef enum { MODE_DIFF, MODE_CHECK, MODE_FIX } lf_mode;
typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB } lf_format;

typedef struct {
    lf_mode mode;
    lf_format format;
    bool explain, quiet, color;
    const char *context_dir;
    bool enabled[32];
    lf_options pass_opts;
    const char *volatile_args[64];
    /* bot mode and reports */
    bool commit, force_branch;
    const char *branch, *author, *message, *pr_body;
    /* .layerfix.yml */
    const char *config_path;
    bool no_config;
    lf_config config;
    bool have_config;
    lf_builds builds;
    /* --verify */
    bool verify, verify_rebuild;
    const char *verify_spec; /* NULL: the first builder on PATH */
    lf_strv build_args;      /* NAME=VALUE */
    lf_build_tool builder;
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

/* An option with a value: `--name=VALUE` or `--name VALUE`. Returns 1 and
 * sets *value when argv[*i] is that option (advancing *i past a separate
 * value), 0 when it is another option, -1 when the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "layerfix: error: %s needs a value (see --help)\n", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

/* --build-arg NAME=VALUE, or NAME alone: the value from the environment
 * (left out when the variable is not set, as docker does). */
static int add_build_arg(lf_strv *args, const char *v)
{
    size_t n = strcspn(v, "=");
    if (n == 0) {
        fprintf(stderr, "layerfix: error: --build-arg takes NAME=VALUE\n");
        return -1;
    }
    if (v[n]) {
        lf_strv_push(args, v, strlen(v));
    } else if (getenv(v)) {
        lf_buf b = LF_BUF_INIT;
        lf_buf_printf(&b, "%s=%s", v, getenv(v));
        lf_strv_push(args, lf_buf_cstr(&b), b.len);
        lf_buf_free(&b);
    }
    return 0;
}

typedef struct {
    const char *only, *builder, *format, *color;
    const char *skip[32]; /* each --skip adds to the list */
    size_t nskip;
    const char *volatile_args[64];
    size_t nvolatile;
    bool syntax_directive;
} lf_cli_settings;

static int parse_args(lf_fix_opts *o, lf_cli_settings *cli, int argc, char **argv, int *first_path,
                      bool *done)
{
    *done = false;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
#define LF_VALUE(name, target)                                                                     \
    if ((r = opt_value(argc, argv, &i, name, &v)) != 0) {                                          \
        if (r < 0)                                                                                 \
            return -1;                                                                             \
        target = v;                                                                                \
        continue;                                                                                  \
    }
        LF_VALUE("--format", cli->format)
        LF_VALUE("--color", cli->color)
        LF_VALUE("--pass", cli->only)
        LF_VALUE("--context", o->context_dir)
        LF_VALUE("--target-builder", cli->builder)
        LF_VALUE("--branch", o->branch)
        LF_VALUE("--author", o->author)
        LF_VALUE("--message", o->message)
        LF_VALUE("--pr-body", o->pr_body)
        LF_VALUE("--config", o->config_path)
#undef LF_VALUE
        if ((r = opt_value(argc, argv, &i, "--skip", &v)) != 0) {
            if (r < 0)
                return -1;
            if (cli->nskip >= 32) {
                fprintf(stderr, "layerfix: error: too many --skip options\n");
                return -1;
            }
            cli->skip[cli->nskip++] = v;
        } else if ((r = opt_value(argc, argv, &i, "--volatile-arg", &v)) != 0) {
            if (r < 0)
                return -1;
            if (*v == 0 || cli->nvolatile >= 64) {
                fprintf(stderr, "layerfix: error: --volatile-arg needs a NAME (at most 64)\n");
                return -1;
            }
            cli->volatile_args[cli->nvolatile++] = v;
        } else if (strcmp(a, "--verify") == 0 || strncmp(a, "--verify=", 9) == 0) {
            o->verify = true;
            o->verify_spec = a[8] ? a + 9 : NULL;
        } else if (strcmp(a, "--verify-rebuild") == 0) {
            o->verify_rebuild = true;
        } else if ((r = opt_value(argc, argv, &i, "--build-arg", &v)) != 0) {
            if (r < 0 || add_build_arg(&o->build_args, v) != 0)
                return -1;
        } else if (strcmp(a, "--fix") == 0) {
            o->mode = MODE_FIX;
        } else if (strcmp(a, "--check") == 0) {
            o->mode = MODE_CHECK;
        } else if (strcmp(a, "--commit") == 0) {
            o->commit = true;
        } else if (strcmp(a, "--force-branch") == 0) {
            o->force_branch = true;
        } else if (strcmp(a, "--no-config") == 0) {
            o->no_config = true;
        } else if (strcmp(a, "--explain") == 0) {
            o->explain = true;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (strcmp(a, "--syntax-directive") == 0) {
            cli->syntax_directive = true;
        } else if (strcmp(a, "--list-passes") == 0) {
            list_passes();
            *done = true;
            return 0;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(USAGE, stdout);
            fputs(USAGE_MORE, stdout);
            *done = true;
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("layerfix %s\n", LF_VERSION);
            *done = true;
            return 0;
        } else {
            fprintf(stderr, "layerfix: error: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    *first_path = i;
    return 0;
}

/* Settings: built-in defaults, then .layerfix.yml, then the command line. */
static int settle(lf_fix_opts *o, const lf_cli_settings *cli)
{
    for (size_t i = 0; i < lf_npasses; i++) {
        o->enabled[i] = lf_passes[i].default_on;
        if (o->have_config && o->config.pass_set[i])
            o->enabled[i] = o->config.pass_on[i];
    }
    if (o->have_config) {
        if (o->config.has_builder)
            o->pass_opts.target_builder = o->config.builder;
        if (o->config.syntax_directive > 0)
            o->pass_opts.syntax_directive = 1;
        for (size_t k = 0; k < o->config.volatile_args.n && o->pass_opts.nvolatile_args < 64; k++)
            o->volatile_args[o->pass_opts.nvolatile_args++] = o->config.volatile_args.items[k].s;
    }
    for (size_t k = 0; k < cli->nvolatile && o->pass_opts.nvolatile_args < 64; k++)
        o->volatile_args[o->pass_opts.nvolatile_args++] = cli->volatile_args[k];
    o->pass_opts.volatile_args = o->volatile_args;
    if (cli->syntax_directive)
        o->pass_opts.syntax_directive = 1;
    if (cli->builder && lf_builder_from_name(&o->pass_opts.target_builder, cli->builder) != 0) {
        fprintf(stderr, "layerfix: error: --target-builder takes buildkit, buildah, "
                        "kaniko or legacy\n");
        return -1;
    }
    if (cli->only) {
        bool none[32] = {0};
        if (set_passes(none, cli->only, true) != 0)
            return -1;
        memcpy(o->enabled, none, sizeof none);
    }
    for (size_t k = 0; k < cli->nskip; k++)
        if (set_passes(o->enabled, cli->skip[k], false) != 0)
            return -1;
    static const char *const formats[] = {"text", "json", "sarif", "github"};
    if (cli->format) {
        size_t k = 0;
        while (k < 4 && strcmp(cli->format, formats[k]) != 0)
            k++;
        if (k == 4) {
            fprintf(stderr, "layerfix: error: --format takes text, json, sarif or github\n");
            return -1;
        }
        o->format = (lf_format)k;
    }
    const char *color = cli->color                                  ? cli->color
                        : getenv("NO_COLOR") && *getenv("NO_COLOR") ? "never"
                                                                    : "auto";
    if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
        fprintf(stderr, "layerfix: error: --color takes auto, always or never\n");
        return -1;
    }
    o->color = strcmp(color, "always") == 0 ||
               (strcmp(color, "auto") == 0 && o->mode == MODE_DIFF && isatty(STDOUT_FILENO));
    if (o->commit && o->mode == MODE_FIX) {
        fprintf(stderr, "layerfix: error: --commit and --fix do not go together: --commit "
                        "leaves the work tree alone\n");
        return -1;
    }
    if (!o->commit && (o->branch || o->author || o->message || o->force_branch)) {
        fprintf(stderr, "layerfix: error: --branch, --force-branch, --author and --message "
                        "go with --commit\n");
        return -1;
    }
    if (o->verify_rebuild && !o->verify) {
        fprintf(stderr, "layerfix: error: --verify-rebuild goes with --verify\n");
        return -1;
    }
    if (o->verify) {
        lf_buf err = LF_BUF_INIT;
        int rc = lf_build_tool_find(&o->builder, o->verify_spec, &err);
        if (rc != 0)
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        lf_buf_free(&err);
        if (rc != 0)
            return -1;
    }
    if (o->pr_body && o->format != FORMAT_TEXT && strcmp(o->pr_body, "-") == 0) {
        fprintf(stderr, "layerfix: error: --pr-body=- and --format=%s both write to stdout\n",
                formats[o->format]);
        return -1;
    }
    return 0;
}

/* Reads .layerfix.yml (or --config FILE). Returns 0, or -1 on an error. */
static int load_config(lf_fix_opts *o)
{
    if (o->no_config && !o->config_path)
        return 0;
    lf_buf path = LF_BUF_INIT, err = LF_BUF_INIT;
    int rc = 0;
    if (o->config_path)
        lf_buf_adds(&path, o->config_path);
    if (o->config_path || lf_config_find(&path, ".") == 1) {
        if (lf_config_load(&o->config, &lf_pass_table_all, lf_buf_cstr(&path), &err) != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            lf_config_free(&o->config); /* initialised even on failure */
            rc = -1;
        } else {
            o->have_config = true;
        }
    }
    lf_buf_free(&path);
    lf_buf_free(&err);
    return rc;
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

/* Everything a run shares. */
typedef struct {
    const lf_fix_opts *o;
    lf_parser *parser;
    lf_fix_stats st;
    lf_report *report; /* NULL when no output needs it */
    lf_strv held;      /* --verify: files of builds not proven the same image */
} lf_run;

/* --verify: whether path belongs to a build whose verification failed or
 * differed; --fix and --commit leave such a file as it is (with a note). */
static bool held_back(const lf_strv *held, const char *path, const char *shown, const char *what)
{
    for (size_t k = 0; k < held->n; k++)
        if (strcmp(held->items[k].s, path) == 0) {
            fprintf(stderr, "%s: note: not %s: its build did not verify as the same image\n", shown,
                    what);
            return true;
        }
    return false;
}

/* Text output: the diff on stdout, notes on stderr. Other formats print
 * the report at the end instead. */
static bool text_out(const lf_fix_opts *o)
{
    return o->format == FORMAT_TEXT;
}

static void report_notes(const lf_result *res, const lf_fix_opts *o, const char *shown)
{
    for (size_t k = 0; k < res->nruns; k++)
        if (res->runs[k].dropped)
            fprintf(stderr, "%s: warning: [%s] edits dropped: %s\n", shown,
                    res->runs[k].pass ? res->runs[k].pass->id : "layerfix", res->runs[k].dropped);
    if (o->quiet || !text_out(o))
        return;
    for (size_t n = 0; n < res->nnotes; n++) {
        const lf_note *nt = &res->notes[n];
        const char *where = nt->path ? display_path(nt->path) : shown;
        if (nt->line)
            fprintf(stderr, "%s:%zu: note: [%s] %s\n", where, nt->line, nt->pass, nt->msg);
        else
            fprintf(stderr, "%s: note: [%s] %s\n", where, nt->pass, nt->msg);
    }
}

/* The build context of a Dockerfile: --context, a compose/bake file's, or
 * the Dockerfile's directory. */
/* The first build context the evidence gives (contexts.h) that is a
 * directory here; `--context` as given; else the Dockerfile's directory. */
static char *context_of(const lf_fix_opts *o, const char *path)
{
    lf_context_list l = {0};
    lf_builds_contexts_for(&o->builds, path, &l);
    char *dir = NULL;
    struct stat st;
    for (size_t i = 0; i < l.n && !dir; i++)
        if (l.items[i].context && (l.items[i].kind == LF_EVIDENCE_COMMAND_LINE ||
                                   (stat(l.items[i].context, &st) == 0 && S_ISDIR(st.st_mode))))
            dir = strdup(l.items[i].context);
    lf_context_list_free(&l);
    return dir ? dir : dir_of(path);
}

/* Counts a changed result's passes. */
static void count_passes(lf_fix_stats *st, const lf_result *res)
{
    st->changed++;
    for (size_t k = 0; k < res->nruns; k++)
        if (!res->runs[k].dropped && res->runs[k].pass)
            st->per_pass[res->runs[k].pass - lf_passes] += 1;
}

/* Prints (the diff) or writes (--fix) a changed result. */
static void show_or_write(lf_run *run, const lf_result *res, const char *fs_path, const char *shown,
                          lf_report_file *rf)
{
    const lf_fix_opts *o = run->o;
    lf_fix_stats *st = &run->st;
    lf_buf err = LF_BUF_INIT;
    if (o->mode == MODE_DIFF && text_out(o) && !o->commit) {
        lf_buf out = LF_BUF_INIT;
        if (lf_diff_result(&out, res, shown, o->color, o->explain, &err) != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            st->errors++;
        }
        fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
        lf_buf_free(&out);
    } else if (o->mode == MODE_FIX && held_back(&run->held, fs_path, shown, "written")) {
        st->changed--;
    } else if (o->mode == MODE_FIX) {
        int rc = res->is_new ? lf_write_new(fs_path, res->output, res->output_len, &err)
                             : lf_write_atomic(fs_path, res->output, res->output_len, &err);
        if (rc != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            st->errors++;
            st->changed--;
        } else {
            fprintf(stderr, "%s: %s\n", shown, res->is_new ? "created" : "fixed");
            if (rf)
                rf->written = true;
        }
    }
    fflush(stdout);
    lf_buf_free(&err);
}

/* Prints, writes and reports one Dockerfile's result. */
static void emit_dockerfile(lf_run *run, lf_unit_item *it)
{
    lf_fix_stats *st = &run->st;
    const char *shown = display_path(it->path);
    st->files++;
    if (!it->src) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&it->err));
        if (run->report)
            lf_report_add_failure(run->report, shown, it->path, lf_buf_cstr(&it->err));
        st->errors++;
        return;
    }
    if (it->internal_error || !it->ran) {
        fprintf(stderr, "%s: error: internal parser failure\n", shown);
        if (run->report)
            lf_report_add_failure(run->report, shown, it->path, "error: internal parser failure");
        st->errors++;
        return;
    }
    const lf_result *res = &it->res;
    if (lf_result_failed(res)) {
        fputs(lf_buf_cstr(&res->errors), stderr);
        if (run->report)
            lf_report_add_result(run->report, res, shown, it->path);
        st->errors++;
        return;
    }
    report_notes(res, run->o, shown);
    lf_report_file *rf =
        run->report ? lf_report_add_result(run->report, res, shown, it->path) : NULL;
    if (lf_result_changed(res)) {
        count_passes(st, res);
        show_or_write(run, res, it->path, shown, rf);
    }
}

/* Prints, writes and reports a document of the unit other than a Dockerfile
 * (an ignore file). */
static void emit_doc(lf_run *run, lf_result *res)
{
    char *shown = strdup(display_path(res->path));
    for (size_t n = 0; n < res->nnotes; n++)
        if (res->notes[n].path) {
            char *p = strdup(display_path(res->notes[n].path));
            free(res->notes[n].path);
            res->notes[n].path = p;
        }
    if (res->context_dir) {
        char *d = strdup(display_path(res->context_dir));
        free(res->context_dir);
        res->context_dir = d;
    }
    report_notes(res, run->o, shown);
    lf_report_file *rf =
        run->report ? lf_report_add_result(run->report, res, shown, res->path) : NULL;
    if (lf_result_changed(res)) {
        count_passes(&run->st, res);
        show_or_write(run, res, res->path, shown, rf);
    }
    free(shown);
}

/* The ignore file the builder reads for Dockerfile it of the unit: today
 * (*old, NULL when there is none; malloc'd) and the unit's proposal (*doc,
 * NULL when the unit has none for it). */
static void ignore_of(const lf_unit *u, const char *dockerfile, lf_buf *path, char **old,
                      size_t *old_len, const lf_result **doc)
{
    *old = NULL;
    *old_len = 0;
    *doc = NULL;
    if (!u->context)
        return;
    lf_context_ignore_path(u->context, dockerfile, path);
    for (size_t d = 0; d < u->ndocs && !*doc; d++)
        if (strcmp(u->docs[d].path, lf_buf_cstr(path)) == 0)
            *doc = &u->docs[d];
    lf_buf text = LF_BUF_INIT;
    if (lf_context_read_path(u->context, lf_buf_cstr(path), &text) == 0) {
        lf_buf_adds(&text, "");
        *old = lf_buf_detach(&text, old_len);
    }
    lf_buf_free(&text);
}

/* --verify: builds the original and the rewritten version of every build of
 * the unit whose Dockerfile or ignore file changes, prints the result, and
 * holds back the files of a build that is not the same image. */
static void verify_builds(lf_run *run, const char *dir, const lf_unit *u)
{
    const lf_fix_opts *o = run->o;
    lf_buf ipath = LF_BUF_INIT, out = LF_BUF_INIT;
    for (size_t i = 0; o->verify && i < u->nitems; i++) {
        const lf_unit_item *it = &u->items[i];
        if (!it->ran || lf_result_failed(&it->res))
            continue;
        size_t old_len;
        char *old;
        const lf_result *doc;
        lf_buf_clear(&ipath);
        ignore_of(u, it->path, &ipath, &old, &old_len, &doc);
        bool ig_changed = doc && lf_result_changed(doc);
        if (!lf_result_changed(&it->res) && !ig_changed) {
            free(old);
            continue;
        }
        lf_verify_side before = {it->path, it->src->data, it->src->len, old, old_len};
        lf_verify_side after = before;
        after.text = it->res.output;
        after.len = it->res.output_len;
        if (ig_changed) {
            after.ignore = doc->output;
            after.ignore_len = doc->output_len;
        }
        const char **args = calloc(o->build_args.n + 1, sizeof *args);
        for (size_t k = 0; k < o->build_args.n; k++)
            args[k] = o->build_args.items[k].s;
        lf_verify_opts vo = {.builder = &o->builder,
                             .build_args = args,
                             .nbuild_args = o->build_args.n,
                             .rebuild = o->verify_rebuild};
        lf_verify_result vr;
        lf_verify(&vr, &vo, dir, &before, &after);
        lf_buf_clear(&out);
        lf_verify_format(&vr, display_path(it->path), 0, &out);
        fputs(lf_buf_cstr(&out), stderr);
        if (vr.status != LF_VERIFY_SAME) {
            run->st.errors++;
            lf_strv_push(&run->held, it->path, strlen(it->path));
            if (ig_changed)
                lf_strv_push(&run->held, lf_buf_cstr(&ipath), ipath.len);
        }
        lf_verify_result_free(&vr);
        free(args);
        free(old);
    }
    lf_buf_free(&ipath);
    lf_buf_free(&out);
}

/* One build context: the passes over its Dockerfiles (engine/unit.h), then
 * --verify, then the output of each Dockerfile and of each other document. */
static void run_context(lf_run *run, const char *dir, char **paths, size_t n)
{
    const lf_fix_opts *o = run->o;
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    int have_ctx = lf_context_open(&ctx, dir, &err) == 0;
    if (!have_ctx) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        lf_context_free(&ctx);
    } else {
        ctx.display = strdup(display_path(dir));
    }
    lf_unit u;
    lf_unit_init(&u, have_ctx ? &ctx : NULL);
    for (size_t i = 0; i < n; i++)
        lf_unit_add_file(&u, paths[i]);
    lf_unit_run(&u, run->parser, &o->pass_opts, lf_passes, lf_npasses, o->enabled);
    verify_builds(run, dir, &u);
    for (size_t i = 0; i < u.nitems; i++)
        emit_dockerfile(run, &u.items[i]);
    for (size_t d = 0; d < u.ndocs; d++)
        emit_doc(run, &u.docs[d]);
    lf_unit_free(&u);
    if (have_ctx)
        lf_context_free(&ctx);
    lf_buf_free(&err);
}

/* The Dockerfiles grouped by build context, in the order of the first of
 * each context. */
static void run_all(lf_run *run, const lf_strv *files)
{
    char **dirs = calloc(files->n ? files->n : 1, sizeof *dirs);
    char **paths = calloc(files->n ? files->n : 1, sizeof *paths);
    bool *done = calloc(files->n ? files->n : 1, sizeof *done);
    for (size_t i = 0; i < files->n; i++)
        dirs[i] = context_of(run->o, files->items[i].s);
    for (size_t i = 0; i < files->n; i++) {
        if (done[i])
            continue;
        size_t n = 0;
        for (size_t j = i; j < files->n; j++)
            if (!done[j] && strcmp(dirs[j], dirs[i]) == 0) {
                done[j] = true;
                paths[n++] = files->items[j].s;
            }
        run_context(run, dirs[i], paths, n);
    }
    for (size_t i = 0; i < files->n; i++)
        free(dirs[i]);
    free(dirs);
    free(paths);
    free(done);
}

/* Writes text to path, or to stdout for "-". Returns 0, or -1 (printed). */
static int write_output(const char *path, const lf_buf *text)
{
    if (strcmp(path, "-") == 0) {
        fwrite(lf_buf_cstr(text), 1, text->len, stdout);
        return 0;
    }
    lf_buf err = LF_BUF_INIT;
    int rc = access(path, F_OK) == 0 ? lf_write_atomic(path, lf_buf_cstr(text), text->len, &err)
                                     : lf_write_new(path, lf_buf_cstr(text), text->len, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
    lf_buf_free(&err);
    return rc;
}

/* --commit: the changed files of the report on a new branch. */
static int commit_changes(const lf_fix_opts *o, const lf_report *r, const lf_strv *held)
{
    lf_commit_file *files = calloc(r->n ? r->n : 1, sizeof *files);
    lf_buf *passes = calloc(r->n ? r->n : 1, sizeof *passes);
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->files[i].changed && r->files[i].nerrors == 0 &&
            !held_back(held, r->files[i].fs_path, r->files[i].path, "committed")) {
            lf_report_file_passes(&r->files[i], &passes[n]);
            files[n] = (lf_commit_file){r->files[i].fs_path, r->files[i].new_text,
                                        r->files[i].new_len, lf_buf_cstr(&passes[n])};
            n++;
        }
    int rc = 0;
    if (n == 0) {
        fprintf(stderr, "layerfix: nothing to commit: no file would change\n");
    } else {
        lf_commit_opts co = {.branch = o->branch,
                             .force = o->force_branch,
                             .message = o->message,
                             .passes = &lf_pass_table_all};
        char *name = NULL, *email = NULL;
        if (o->author && lf_commit_parse_author(o->author, &name, &email) != 0) {
            fprintf(stderr, "layerfix: error: --author takes 'NAME <EMAIL>'\n");
            rc = -1;
        } else {
            co.author_name = name;
            co.author_email = email;
            char oid[41];
            lf_buf err = LF_BUF_INIT;
            if (lf_commit_create(".", files, n, &co, oid, &err) != 0) {
                fprintf(stderr, "%s\n", lf_buf_cstr(&err)); /* WHERE: error: WHAT */
                rc = -1;
            } else {
                printf("%s %s\n", o->branch ? o->branch : LF_COMMIT_DEFAULT_BRANCH, oid);
                fprintf(stderr, "layerfix: committed %zu file%s on branch %s\n", n,
                        n == 1 ? "" : "s", o->branch ? o->branch : LF_COMMIT_DEFAULT_BRANCH);
            }
            lf_buf_free(&err);
        }
        free(name);
        free(email);
    }
    for (size_t i = 0; i < n; i++)
        lf_buf_free(&passes[i]);
    free(passes);
    free(files);
    return rc;
}

/* The outputs made from the whole report: --format, --pr-body, --commit. */
static int finish_report(const lf_fix_opts *o, const lf_report *r, const lf_strv *held)
{
    static const char *const modes[] = {"diff", "check", "fix"};
    lf_buf out = LF_BUF_INIT;
    int rc = 0;
    switch (o->format) {
    case FORMAT_JSON:
        lf_report_json(&out, r, o->commit ? "commit" : modes[o->mode]);
        break;
    case FORMAT_SARIF:
        lf_report_sarif(&out, r);
        break;
    case FORMAT_GITHUB:
        lf_report_github(&out, r);
        break;
    case FORMAT_TEXT:
        break;
    }
    fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
    if (o->pr_body) {
        lf_buf_clear(&out);
        lf_pr_body(&out, r);
        if (write_output(o->pr_body, &out) != 0)
            rc = -1;
    }
    lf_buf_free(&out);
    if (o->commit && commit_changes(o, r, held) != 0)
        rc = -1;
    return rc;
}

static void print_summary(const lf_fix_opts *o, const lf_fix_stats *st, int failed)
{
    FILE *to = o->mode == MODE_CHECK && text_out(o) ? stdout : stderr;
    /* files changed can exceed Dockerfiles checked: a .dockerignore counts */
    fprintf(to, "%d Dockerfile%s checked, %d file%s %s", st->files, st->files == 1 ? "" : "s",
            st->changed, st->changed == 1 ? "" : "s",
            o->mode == MODE_FIX ? "changed" : "would change");
    const char *sep = " (";
    for (size_t k = 0; k < lf_npasses; k++)
        if (st->per_pass[k]) {
            fprintf(to, "%s%s: %zu", sep, lf_passes[k].id, st->per_pass[k]);
            sep = ", ";
        }
    fprintf(to, "%s, %d with errors\n", *sep == ',' ? ")" : "", st->errors + failed);
}

int lf_cmd_fix(int argc, char **argv)
{
    lf_fix_opts o = {0};
    lf_cli_settings cli = {0};
    int first;
    bool done;
    if (parse_args(&o, &cli, argc, argv, &first, &done) != 0)
        return LF_EXIT_ERROR;
    if (done)
        return LF_EXIT_CLEAN;
    int status = LF_EXIT_ERROR;
    lf_strv files = LF_STRV_INIT;
    lf_buf err = LF_BUF_INIT;
    lf_report report = LF_REPORT_INIT(&lf_pass_table_all);
    lf_run run = {.o = &o};
    /* one repository and one libgit2 initialisation (which loads the system
     * CA bundle) for the whole run, not one per build context */
    lf_context_cache_begin();
    if (load_config(&o) != 0 || settle(&o, &cli) != 0)
        goto out;
    lf_builds_set_override(&o.builds, o.context_dir);
    int failed = lf_discover_all(&files, &o.builds, argv + first, argc - first,
                                 o.have_config ? &o.config : NULL, &err);
    fputs(lf_buf_cstr(&err), stderr);
    if (!o.quiet && text_out(&o))
        for (size_t k = 0; k < o.builds.notes.n; k++)
            fprintf(stderr, "%s\n", o.builds.notes.items[k].s);
    run.parser = lf_parser_new();
    if (!run.parser) {
        fputs("layerfix: error: cannot create the parser\n", stderr);
        goto out;
    }
    if (o.format != FORMAT_TEXT || o.pr_body || o.commit)
        run.report = &report;
    run_all(&run, &files);
    if (run.report && finish_report(&o, run.report, &run.held) != 0)
        run.st.errors++;
    if (o.mode != MODE_DIFF || o.commit)
        print_summary(&o, &run.st, failed);
    if (run.st.errors > 0 || failed > 0)
        status = LF_EXIT_ERROR;
    else
        status = run.st.changed > 0 ? LF_EXIT_CHANGES : LF_EXIT_CLEAN;
out:
    if (run.parser)
        lf_parser_free(run.parser);
    lf_report_free(&report);
    lf_strv_free(&files);
    lf_buf_free(&err);
    if (o.have_config)
        lf_config_free(&o.config);
    lf_builds_free(&o.builds);
    lf_strv_free(&o.build_args);
    lf_strv_free(&run.held);
    if (o.verify)
        lf_build_tool_free(&o.builder);
    lf_context_cache_end();
    return status;
}
