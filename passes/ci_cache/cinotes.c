/*
 * Notes about build commands in CI files and scripts (see cinotes.h). Every
 * note says what the line costs and gives the exact text to write instead.
 */
#include "cinotes.h"

#include "ci.h"
#include "vars.h"

#include <stdlib.h>
#include <string.h>

bool lf_ci_value_var(const char *value, const char **var, size_t *len)
{
    const char *v = value;
    if (!v || v[0] != '$')
        return false;
    char close = v[1] == '{' ? '}' : v[1] == '(' ? ')' : 0;
    const char *s = v + (close ? 2 : 1), *e = s;
    while (lf_var_char(*e))
        e++;
    if (e == s || (close ? (e[0] != close || e[1] != 0) : *e != 0))
        return false;
    *var = s;
    *len = (size_t)(e - s);
    return true;
}

void lf_ci_secret_mount(lf_buf *out, const char *name, size_t len, bool as_env)
{
    lf_buf_printf(out, "--mount=type=secret,id=%.*s,", (int)len, name);
    if (as_env)
        lf_buf_printf(out, "env=%.*s", (int)len, name);
    else
        lf_buf_printf(out, "target=/run/secrets/%.*s", (int)len, name);
}

void lf_ci_note_secret_arg(lf_ctx *ctx, size_t off, const char *name, size_t name_len,
                           const char *from_var, size_t var_len, lf_ci_where where)
{
    lf_buf how = LF_BUF_INIT, mount = LF_BUF_INIT;
    lf_ci_secret_mount(&mount, name, name_len, true);
    if (where == LF_CI_WORKFLOW_ACTION) {
        lf_buf_printf(&how, "the action's `%s:` input (`%.*s=<the same value>`)", lf_gha.in_secrets,
                      (int)name_len, name);
    } else {
        bool var = from_var && var_len;
        lf_buf_printf(&how, "`%s id=%.*s,env=%.*s` on this command", lf_docker.opt_secret,
                      (int)name_len, name, (int)(var ? var_len : name_len), var ? from_var : name);
        if (!var)
            lf_buf_printf(&how, " (with %.*s in its environment%s)", (int)name_len, name,
                          where == LF_CI_WORKFLOW_RUN ? ": the step's `env:`" : "");
    }
    lf_ctx_note(ctx, off,
                "build argument %.*s holds a secret: build arguments are recorded in the image's "
                "metadata (`%s` shows the value a RUN used) and in the cache key of the steps "
                "that use them; pass it as a build secret instead: %s, and `RUN %s ...` in the "
                "Dockerfile's RUN that needs it, without `ARG %.*s` (Dockerfile syntax 1.10 or "
                "later)",
                (int)name_len, name, lf_docker.history_cmd, lf_buf_cstr(&how), lf_buf_cstr(&mount),
                (int)name_len, name);
    lf_buf_free(&how);
    lf_buf_free(&mount);
}

void lf_ci_note_no_cache(lf_ctx *ctx, size_t off, const char *what)
{
    bool action = strchr(what, ':') != NULL;
    lf_ctx_note(ctx, off,
                "`%s` makes every CI build run every step of the Dockerfile again, dependency "
                "installs included, and ignores any imported cache: each build costs as much as "
                "the first; drop it (`%s%s` refreshes the base images, `%s%sSTAGE` rebuilds one "
                "stage, when that is what is wanted)",
                what, action ? lf_gha.in_pull : lf_docker.opt_pull, action ? ": true" : "",
                action ? lf_gha.in_no_cache_filters : lf_docker.opt_no_cache_filter,
                action ? ": " : "=");
}

/* The registry cache reference for b, or a placeholder. */
static void cache_ref(const lf_docker_build *b, lf_ci_where where, lf_buf *ref)
{
    if (lf_docker_cache_ref(b, ref))
        return;
    if (where == LF_CI_GITLAB)
        lf_buf_printf(ref, "%s:%s", lf_gitlab.registry_image, lf_docker.cache_tag);
    else
        lf_buf_printf(ref, "<registry>/<image>:%s", lf_docker.cache_tag);
}

static void note_no_backend(const lf_docker_build *b, const char *text, const lf_ci_note_opts *o,
                            lf_ctx *ctx)
{
    const ci_cmd *c = b->cmd;
    size_t off = c->w[b->prog].start;
    int n = (int)(c->w[b->sub_end - 1].end - off);
    if (o->where == LF_CI_WORKFLOW_RUN && !o->logged_in) {
        lf_ctx_note(ctx, off,
                    "`%.*s` starts every run from an empty cache: nothing is imported or exported, "
                    "so every step of the Dockerfile runs again on each runner; build this image "
                    "with %s (after %s) and `%s: %s`, `%s: %s,%s` instead (%s)",
                    n, text + off, lf_gha.build_push, lf_gha.setup_buildx, lf_gha.in_cache_from,
                    lf_gha.gha_from, lf_gha.in_cache_to, lf_gha.gha_from, lf_gha.mode_max,
                    lf_gha.runtime_note);
        return;
    }
    lf_buf ref = LF_BUF_INIT, builder = LF_BUF_INIT;
    cache_ref(b, o->where, &ref);
    if (o->where == LF_CI_WORKFLOW_RUN)
        lf_buf_printf(&builder, "after %s", lf_gha.setup_buildx);
    else
        lf_buf_printf(&builder, "on a builder that exports caches (`%s` once per CI job)",
                      lf_docker.create_builder_cmd);
    lf_ctx_note(ctx, off,
                "`%.*s` starts from an empty cache on a fresh CI runner%s: add `%s "
                "type=registry,ref=%s %s type=registry,ref=%s,%s` and build with `%s` %s; "
                "the default %s driver exports a cache only with the containerd image store, "
                "and mode=max also caches the layers of intermediate stages",
                n, text + off,
                o->where == LF_CI_WORKFLOW_RUN
                    ? "; the workflow logs into a registry, so keep the cache next to the image"
                    : "",
                lf_docker.opt_cache_from, lf_buf_cstr(&ref), lf_docker.opt_cache_to,
                lf_buf_cstr(&ref), lf_gha.mode_max, lf_docker.buildx_build_cmd,
                lf_buf_cstr(&builder), lf_gha.driver_docker);
    lf_buf_free(&ref);
    lf_buf_free(&builder);
}

static void note_build(const lf_docker_build *b, const char *text, const lf_ci_note_opts *o,
                       lf_ctx *ctx)
{
    const ci_cmd *c = b->cmd;
    if (b->no_cache != LF_DB_NONE)
        lf_ci_note_no_cache(ctx, c->w[b->no_cache].start, c->w[b->no_cache].text);
    else if (b->cache_from == LF_DB_NONE && b->cache_to == LF_DB_NONE)
        note_no_backend(b, text, o, ctx);
    else if (b->cache_to == LF_DB_NONE)
        lf_ctx_note(ctx, c->w[b->cache_from].start,
                    "this build imports a cache (`%s`) but nothing exports one: add `%s` with the "
                    "same backend and mode=max, so that the next build finds this one's layers",
                    lf_docker.opt_cache_from, lf_docker.opt_cache_to);
    else if (b->cache_from == LF_DB_NONE)
        lf_ctx_note(ctx, c->w[b->cache_to].start,
                    "this build exports a cache (`%s`) that no build imports: add `%s` with the "
                    "same backend",
                    lf_docker.opt_cache_to, lf_docker.opt_cache_from);
    for (size_t i = 0; i < b->nargs; i++) {
        const lf_build_arg *a = &b->args[i];
        if (!lf_ci_secret_name(a->name, a->name_len))
            continue;
        const char *var = NULL;
        size_t vlen = 0;
        if (!a->value) {
            var = a->name;
            vlen = a->name_len;
        } else {
            lf_ci_value_var(a->value, &var, &vlen);
        }
        lf_ci_note_secret_arg(ctx, c->w[a->word].start, a->name, a->name_len, var, vlen, o->where);
    }
}

void lf_ci_notes_commands(const char *text, size_t start, size_t end, unsigned scan_flags,
                          const lf_ci_note_opts *o, lf_ctx *ctx)
{
    ci_cmds cmds = {0};
    ci_cmds_scan(&cmds, text, start, end, scan_flags);
    for (size_t i = 0; i < cmds.n; i++) {
        lf_docker_build b;
        if (lf_docker_build_read(&cmds.items[i], &b))
            note_build(&b, text, o, ctx);
    }
    ci_cmds_free(&cmds);
}

/* Does an assignment of 0 or false follow the name ending at i? Returns
 * the offset after the value (its start in *value), or 0. */
static size_t zero_assignment(const char *t, size_t len, size_t i, size_t *value)
{
    if (i < len && (t[i] == '"' || t[i] == '\''))
        i++; /* a quoted key */
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    static const char *const ops[] = {"::=", ":=", "?=", "=", ":"};
    size_t k = 0;
    for (size_t j = 0; j < sizeof ops / sizeof ops[0] && !k; j++)
        if (len - i >= strlen(ops[j]) && memcmp(t + i, ops[j], strlen(ops[j])) == 0)
            k = strlen(ops[j]);
    if (!k)
        return 0;
    i += k;
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '"' || t[i] == '\''))
        i++;
    static const char *const zeros[] = {"0", "false"};
    for (size_t j = 0; j < 2; j++) {
        size_t n = strlen(zeros[j]);
        if (len - i >= n && memcmp(t + i, zeros[j], n) == 0 &&
            (i + n == len || !lf_var_char(t[i + n]))) {
            *value = i;
            return i + n;
        }
    }
    return 0;
}

void lf_ci_notes_legacy_builder(const char *text, size_t len, lf_ctx *ctx)
{
    const char *name = lf_docker.buildkit_env;
    size_t n = strlen(name);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(text + i, name, n) != 0 || (i > 0 && lf_var_char(text[i - 1])) ||
            (i + n < len && lf_var_char(text[i + n])))
            continue;
        size_t v = 0, end = zero_assignment(text, len, i + n, &v);
        if (!end)
            continue;
        lf_ctx_note(ctx, i,
                    "%s set to `%.*s` selects the legacy builder: no cache mounts (a `RUN "
                    "--mount` fails), no external cache backends (`%s`), no parallel stages; "
                    "remove it (BuildKit is the default builder since %s)",
                    name, (int)(end - v), text + v, lf_docker.opt_cache_to,
                    lf_docker.buildkit_default);
        i = end;
    }
}
