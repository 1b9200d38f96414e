/*
 * Who reads, after a RUN, a cache the build reads packages from (Go
 * modules, Maven, Gradle, Cargo, NuGet: LF_PC_INSTALLS; see cache_mounts.c).
 * A cache mount holds such a cache only while BuildKit keeps it: a layer
 * imported from a registry cache or built elsewhere comes without it. So
 * a mount is wrong where a later step needs what this RUN put there and
 * cannot fetch it again:
 * - a later RUN that reads it offline (`--no-restore`, `--offline`,
 *   GOPROXY=off: the table's offline_opts and offline_env);
 * - a fetch-only command (`go mod download`, `cargo fetch`, `dotnet
 *   restore`: the table's fetch) whose cache no later RUN reads with the
 *   tool: a script or a Makefile then builds from the layer;
 * - the container itself (CMD/ENTRYPOINT runs `go run`, `cargo run`...).
 */
#include "cm.h"

#include "json.h"
#include "tools.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Is `NAME=value` (one of the table's offline_env) in force for c at RUN i? */
static bool env_says(const cm_state *ps, int i, const lf_cmd *c, const char *nv)
{
    size_t n = strcspn(nv, "=");
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)n, nv);
    const char *want = nv + n + (nv[n] == '=');
    for (size_t a = 0; a < c->nassign; a++)
        if (strncmp(c->assign[a].text, name, n) == 0 && c->assign[a].text[n] == '=')
            return strcasecmp(c->assign[a].text + n + 1, want) == 0;
    const lf_var *v = lf_vars_find(&c->env, name);
    if (!v) {
        const lf_state *st = lf_analysis_state(ps->an, i);
        v = st ? lf_vars_find(&st->env, name) : NULL;
    }
    return v && v->value && strcasecmp(v->value, want) == 0;
}

/* How c reads the packages without downloading any, or NULL. */
static const char *offline(const cm_state *ps, int i, const lf_cmd *c)
{
    for (size_t k = 0; c->pm->offline_opts && c->pm->offline_opts[k]; k++)
        if (lf_cmd_has_option(c, c->pm->offline_opts[k]))
            return c->pm->offline_opts[k];
    for (size_t k = 0; c->pm->offline_env && c->pm->offline_env[k]; k++)
        if (env_says(ps, i, c, c->pm->offline_env[k]))
            return c->pm->offline_env[k];
    return NULL;
}

/* Calls f on every RUN after instruction `after` in stage s, then in the
 * stages built on s; stops at the first that returns true. */
typedef bool (*run_fn)(const cm_state *ps, int i, const lf_run_model *m, void *arg);
static bool each_later_run(const cm_state *ps, int s, int after, run_fn f, void *arg)
{
    const lf_doc *doc = ps->doc;
    for (int i = after + 1; i <= doc->stages[s].last; i++) {
        const lf_run_model *m = lf_analysis_run(ps->an, i);
        if (doc->instrs[i].kw == LF_KW_RUN && m && f(ps, i, m, arg))
            return true;
    }
    for (size_t d = (size_t)s + 1; d < doc->nstages; d++)
        if (doc->stages[d].base_stage == s &&
            each_later_run(ps, (int)d, doc->stages[d].first, f, arg))
            return true;
    return false;
}

typedef struct want {
    const lf_pm *pm;
    const lf_pm_cache *pc;
    int instr;       /* found: the RUN */
    const char *how; /* found: the offline option or variable */
} want;

static bool reads_offline(const cm_state *ps, int i, const lf_run_model *m, void *arg)
{
    want *w = arg;
    for (size_t k = 0; k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (c->pm != w->pm || !cm_uses_cache(c, w->pc))
            continue;
        w->how = offline(ps, i, c);
        if (w->how) {
            w->instr = i;
            return true;
        }
    }
    return false;
}

static bool reads(const cm_state *ps, int i, const lf_run_model *m, void *arg)
{
    (void)ps;
    want *w = arg;
    for (size_t k = 0; k < m->ncmds; k++)
        if (m->cmds[k].pm == w->pm && cm_uses_cache(&m->cmds[k], w->pc)) {
            w->instr = i;
            return true;
        }
    return false;
}

int cm_offline_reader(const cm_state *ps, int s, int after, const lf_pm_cache *pc, const lf_pm *pm,
                      const char **how)
{
    want w = {pm, pc, -1, NULL};
    if (!each_later_run(ps, s, after, reads_offline, &w))
        return -1;
    *how = w.how;
    return w.instr;
}

bool cm_is_fetch(const lf_cmd *c)
{
    for (size_t k = 0; c->pm && c->pm->fetch && c->pm->fetch[k]; k++)
        if (lf_cmd_matches(c, c->pm->fetch[k]))
            return true;
    return false;
}

bool cm_read_later(const cm_state *ps, int s, int after, const lf_pm_cache *pc, const lf_pm *pm)
{
    want w = {pm, pc, -1, NULL};
    return each_later_run(ps, s, after, reads, &w);
}

/* The words of a CMD/ENTRYPOINT: exec form's strings and shell form's
 * text, each split at blanks and shell operators (`sh -c "cargo run"`). */
static void command_words(const lf_doc *doc, const lf_instr *in, lf_strv *out)
{
    lf_strv items = LF_STRV_INIT;
    const char *a = lf_doc_text(doc, in->args);
    size_t n = in->args.end - in->args.start;
    if (!(in->exec_form && lf_json_string_array(a, n, &items) == LF_JSON_STRINGS)) {
        lf_strv_free(&items);
        lf_strv_push(&items, a, n);
    }
    for (size_t k = 0; k < items.n; k++)
        for (const char *p = items.items[k].s; *p;) {
            p += strspn(p, " \t\r\n;&|()'\"\\");
            size_t w = strcspn(p, " \t\r\n;&|()'\"\\");
            if (w)
                lf_strv_push(out, p, w);
            p += w;
        }
    lf_strv_free(&items);
}

/* Does CMD/ENTRYPOINT in run pm with a subcommand that reads pc? */
static bool command_reads(const lf_doc *doc, const lf_instr *in, const lf_pm *pm,
                          const lf_pm_cache *pc)
{
    lf_strv words = LF_STRV_INIT;
    command_words(doc, in, &words);
    bool hit = false;
    for (size_t k = 0; k < words.n && !hit; k++) {
        lf_cmd c = {0};
        lf_tool_normalize(words.items[k].s, c.progname, sizeof c.progname);
        if (!lf_pkgmgr_in(pm->programs, c.progname))
            continue;
        c.n = words.n - k;
        c.w = calloc(c.n, sizeof *c.w);
        for (size_t j = 0; j < c.n; j++)
            c.w[j].s = words.items[k + j].s;
        c.pm = pm;
        hit = cm_uses_cache(&c, pc);
        free(c.w);
    }
    lf_strv_free(&words);
    return hit;
}

int cm_runtime_reader(const cm_state *ps, int s, const lf_pm_cache *pc, const lf_pm *pm)
{
    const lf_doc *doc = ps->doc;
    for (int i = doc->stages[s].first + 1; i <= doc->stages[s].last; i++) {
        const lf_instr *in = &doc->instrs[i];
        if ((in->kw == LF_KW_CMD || in->kw == LF_KW_ENTRYPOINT) && command_reads(doc, in, pm, pc))
            return i;
    }
    for (size_t d = (size_t)s + 1; d < doc->nstages; d++) {
        int r = doc->stages[d].base_stage == s ? cm_runtime_reader(ps, (int)d, pc, pm) : -1;
        if (r >= 0)
            return r;
    }
    return -1;
}
