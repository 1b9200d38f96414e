/*
 * Which caches a command uses and where they are (see cache_mounts.c): the
 * first place of the cache's list in the knowledge table that applies -- an
 * option of the command, a variable (the command's own, the RUN's exports,
 * the stage's ENV/ARG, the base image's), the HOME of the RUN's user, a
 * fixed path -- with the image's symlinked directories followed.
 */
#include "cm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cm_uses_cache(const lf_cmd *c, const lf_pm_cache *pc)
{
    if (pc->programs && !lf_pkgmgr_in(pc->programs, c->progname))
        return false;
    if (!pc->uses) {
        size_t pos[1];
        return lf_cmd_positionals(c, pos, 1) > 0;
    }
    for (size_t i = 0; pc->uses[i]; i++)
        if (lf_cmd_matches(c, pc->uses[i]))
            return true;
    return false;
}

/* Yarn 2+ (berry) or classic, from the project's files and the stage's RUNs. */
static bool yarn_berry(const cm_state *ps, int stage)
{
    lf_ctx *ctx = ps->ctx;
    for (size_t i = 0; lf_yarn_berry_files[i]; i++)
        if (lf_ctx_has(ctx, lf_yarn_berry_files[i]))
            return true;
    lf_buf pj = LF_BUF_INIT;
    bool berry = lf_ctx_read(ctx, "package.json", &pj) == 0 && pj.data &&
                 (lf_buf_adds(&pj, ""), lf_yarn_is_berry_spec(pj.data));
    lf_buf_free(&pj);
    const lf_doc *doc = ps->doc;
    for (int i = doc->stages[stage].first; !berry && i < doc->stages[stage].last; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw == LF_KW_RUN && in->line.end - in->line.start < 4096) {
            char buf[4096];
            snprintf(buf, sizeof buf, "%.*s", (int)(in->line.end - in->line.start),
                     lf_doc_text(doc, in->line));
            berry = strstr(buf, lf_yarn_berry_command) != NULL;
        }
    }
    return berry;
}

const char *cm_variant_of(const cm_state *ps, const lf_stage_facts *sf, const lf_cmd *c, int stage)
{
    if (c->pm->id == LF_PM_DNF)
        return lf_pm_dnf_variant(c->progname, sf->family);
    if (c->pm->id == LF_PM_YARN)
        return yarn_berry(ps, stage) ? "berry" : "classic";
    return NULL;
}

/* One place of a cache's list: 1 it applies (path in p), 0 go on to the
 * next, -1 it applies but is not known (why says why). */
static int place(const lf_pm_loc *l, const lf_pm_cache *pc, const lf_cmd *c, const lf_scope *sc,
                 const lf_run_user *ru, lf_buf *p, lf_buf *why)
{
    lf_buf v = LF_BUF_INIT;
    int r = 1;
    if (l->kind == LF_LOC_OPT) {
        const char *val = lf_cmd_option_text(c, l->name);
        if (!val) {
            r = 0;
        } else if (!c->editable || !lf_expand(val, strlen(val), '\0', true, sc, &v) ||
                   v.data[0] != '/') {
            lf_buf_printf(why, "its `%s` names a directory that is not known here", l->name);
            r = -1;
        } else {
            lf_buf_printf(p, "%s%s%s", v.data, *l->path ? "/" : "", l->path);
        }
    } else if (l->kind == LF_LOC_ENV) {
        const char *val = NULL;
        int got = lf_scope_get(sc, l->name, &val);
        if (got == 0 || (got > 0 && !*val)) {
            r = 0;
        } else if (got < 0) {
            lf_buf_printf(why, "%s is set to a value not known here", l->name);
            r = -1;
        } else if (val[0] != '/') {
            lf_buf_printf(why, "%s is not an absolute path", l->name);
            r = -1;
        } else {
            size_t n = strcspn(val, ":"); /* GOPATH is a list: its first entry */
            lf_buf_printf(p, "%.*s%s%s", (int)n, val, *l->path ? "/" : "", l->path);
        }
    } else if (l->kind == LF_LOC_HOME) {
        const char *home = ru->root && pc->root_home ? pc->root_home : ru->home;
        if (!home || home[0] != '/') {
            lf_buf_printf(why, "the HOME of USER `%s` is not known", ru->spec);
            r = -1;
        } else {
            lf_buf_printf(p, "%s/%s", home, l->path);
        }
    } else if (l->kind == LF_LOC_FIXED) {
        lf_buf_adds(p, l->path);
    } else {
        lf_buf_printf(why, "%s is not set in this Dockerfile or by a known base image",
                      pc->where[0].name);
        r = -1;
    }
    lf_buf_free(&v);
    return r;
}

bool cm_resolve_target(const lf_stage_facts *sf, const lf_state *st, const lf_cmd *c,
                       const lf_pm_cache *pc, const lf_run_user *ru, char **out, bool *moved,
                       lf_buf *why)
{
    *out = NULL;
    *moved = false;
    lf_scope sc = {{&c->env, &st->env, NULL}, ru->home};
    lf_buf p = LF_BUF_INIT;
    int r = 0;
    const lf_pm_loc *l = pc->where;
    for (;; l++) {
        lf_buf_clear(&p);
        r = place(l, pc, c, &sc, ru, &p, why);
        if (r != 0)
            break;
    }
    if (r > 0) {
        *moved = l->kind == LF_LOC_OPT || l->kind == LF_LOC_ENV;
        char *t = strdup(p.data);
        lf_path_normalize(t);
        for (size_t i = 0; sf->image && sf->image->links && sf->image->links[i]; i++) {
            const char *link = sf->image->links[i], *eq = strchr(link, '=');
            char from[256];
            snprintf(from, sizeof from, "%.*s", (int)(eq - link), link);
            if (lf_path_within(t, from)) {
                lf_buf_clear(&p);
                lf_buf_printf(&p, "%s%s", eq + 1, t + strlen(from));
                free(t);
                t = strdup(p.data);
            }
        }
        *out = t;
    }
    lf_buf_free(&p);
    return r > 0;
}
