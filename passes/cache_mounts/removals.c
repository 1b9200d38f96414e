/*
 * Dropping what would defeat or fight a mount in the RUN that gets it (see
 * cache_mounts.c): a no-cache option or variable, a clean command, an `rm`
 * of paths inside the mount. Whole statements leave the `&&`/`;` chain with
 * the separator before them, so what stays keeps the author's layout; a
 * word leaves with the space before it.
 */
#include "cm.h"

#include "tools.h"
#include "vec.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cm_add_removal(cm_plan *p, size_t start, size_t end, const char *why)
{
    for (size_t i = 0; i < p->nr; i++)
        if (p->r[i].start == start && p->r[i].end == end)
            return;
    cm_edit *r = LF_VEC_PUSH(p->r, p->nr, p->capr);
    *r = (cm_edit){start, end, NULL, strdup(why)};
}

void cm_add_insertion(cm_plan *p, size_t at, const char *text, const char *why)
{
    cm_edit *r = LF_VEC_PUSH(p->ins, p->nins, p->capi);
    *r = (cm_edit){at, at, strdup(text), strdup(why)};
}

bool cm_gap_has_comment(const lf_doc *doc, size_t a, size_t b)
{
    return a < b && memchr(doc->src->data + a, '#', b - a) != NULL;
}

bool cm_stmt_removable(const lf_doc *doc, const lf_run_model *m, int i)
{
    if (i < 0 || m->stmts[i].after_or)
        return false;
    if (i > 0)
        return !cm_gap_has_comment(doc, ts_node_end_byte(m->stmts[i - 1].node),
                                   ts_node_start_byte(m->stmts[i].node));
    return m->nstmts > 1 && !cm_gap_has_comment(doc, ts_node_end_byte(m->stmts[0].node),
                                                ts_node_start_byte(m->stmts[1].node));
}

void cm_drop_statements(cm_plan *p, const lf_run_model *m, const bool *drop, char *const *why)
{
    for (size_t i = 0; i < m->nstmts; i++) {
        if (!drop[i])
            continue;
        size_t j = i;
        while (j + 1 < m->nstmts && drop[j + 1])
            j++;
        if (i > 0)
            cm_add_removal(p, ts_node_end_byte(m->stmts[i - 1].node),
                           ts_node_end_byte(m->stmts[j].node), why[i]);
        else if (j + 1 < m->nstmts)
            cm_add_removal(p, ts_node_start_byte(m->stmts[0].node),
                           ts_node_start_byte(m->stmts[j + 1].node), why[i]);
        i = j;
    }
}

cm_rm_rel cm_rm_relation(const char *p, const char *t)
{
    const char *a = p, *b = t;
    for (;;) {
        while (*a == '/')
            a++;
        while (*b == '/')
            b++;
        if (!*b)
            return CM_RM_INSIDE;
        if (!*a)
            return CM_RM_ANCESTOR;
        size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
        char sa[256], sb[256];
        snprintf(sa, sizeof sa, "%.*s", (int)na, a);
        snprintf(sb, sizeof sb, "%.*s", (int)nb, b);
        bool glob = strpbrk(sa, "*?[") != NULL;
        if (glob ? fnmatch(sa, sb, 0) != 0 : strcmp(sa, sb) != 0)
            return CM_RM_UNRELATED;
        a += na;
        b += nb;
    }
}

bool cm_is_rm(const lf_cmd *c)
{
    return c->n >= 2 && !c->w[0].dyn && lf_tool_kind_of(lf_path_base(c->w[0].s)) == LF_TOOL_RM;
}

bool cm_rm_operand(const lf_cmd *c, size_t k, bool *after_dashdash)
{
    if (!*after_dashdash && strcmp(c->w[k].s, "--") == 0) {
        *after_dashdash = true;
        return false;
    }
    return *after_dashdash || c->w[k].s[0] != '-';
}

char *cm_rm_path(const lf_state *st, const lf_cmd *c, size_t k, const char *home)
{
    lf_scope sc = {{&c->env, &st->env, NULL}, home};
    lf_buf v = LF_BUF_INIT;
    char *p = NULL;
    const char *raw = c->w[k].s;
    /* the word with quotes already removed: only variables and ~ remain */
    if (lf_expand(raw, strlen(raw), '\0', true, &sc, &v) && (v.data[0] == '/' || c->cwd))
        p = lf_path_join(c->cwd, v.data);
    lf_buf_free(&v);
    return p;
}

bool cm_word_removal(const lf_doc *doc, const lf_cmd *c, size_t k, size_t *start, size_t *end)
{
    if (!c->editable || k == 0)
        return false;
    *start = c->w[k - 1].span.end;
    *end = c->w[k].span.end;
    return !cm_gap_has_comment(doc, *start, c->w[k].span.start);
}

bool cm_assign_removal(const lf_doc *doc, const lf_cmd *c, size_t a, size_t *start, size_t *end)
{
    if (!c->editable || c->n == 0)
        return false;
    *start = c->assign[a].span.start;
    *end = a + 1 < c->nassign ? c->assign[a + 1].span.start : c->w[0].span.start;
    return *end > *start && !cm_gap_has_comment(doc, c->assign[a].span.end, *end);
}

const char *cm_no_cache_word(const lf_cmd *c, size_t from, size_t *at)
{
    for (size_t k = from > c->prog + 1 ? from : c->prog + 1; k < c->n; k++)
        if (lf_pkgmgr_in(c->pm->no_cache_opts, c->w[k].s)) {
            *at = k;
            return c->w[k].s;
        }
    return NULL;
}

bool cm_is_clean(const lf_cmd *c, const lf_pm_cache *pc)
{
    for (size_t i = 0; pc->clean && pc->clean[i]; i++)
        if (lf_cmd_matches(c, pc->clean[i]))
            return true;
    return false;
}
