/* The command line and the settings of a run (see fix.h). */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int lf_fix_parse_args(lf_fix_opts *o, lf_cli_settings *cli, int argc, char **argv, int *first_path,
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
            fputs(lf_fix_usage, stdout);
            fputs(lf_fix_usage_more, stdout);
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
int lf_fix_settle(lf_fix_opts *o, const lf_cli_settings *cli)
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
int lf_fix_load_config(lf_fix_opts *o)
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
