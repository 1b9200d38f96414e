/*
 * Where a cache mount must not go (see cache_mounts.c): a system directory,
 * a project's output, a directory an earlier COPY filled, one a later
 * `COPY --from` copies out; and the RUN's own mounts.
 */
#include "cm.h"

#include "json.h"
#include "parse.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool cm_is_system_dir(const char *t)
{
    return lf_pkgmgr_in(lf_system_dirs, t);
}

const char *cm_output_component(const char *rel)
{
    char comp[128];
    while (*rel) {
        size_t n = strcspn(rel, "/");
        snprintf(comp, sizeof comp, "%.*s", (int)n, rel);
        for (size_t i = 0; i < LF_PM_COUNT; i++)
            for (size_t k = 0; lf_pkgmgrs[i].outputs && lf_pkgmgrs[i].outputs[k]; k++)
                if (strcmp(lf_pkgmgrs[i].outputs[k], comp) == 0)
                    return lf_pkgmgrs[i].outputs[k];
        for (size_t k = 0; lf_pm_build_outputs[k]; k++)
            if (strcmp(lf_pm_build_outputs[k], comp) == 0)
                return lf_pm_build_outputs[k];
        rel += n;
        while (*rel == '/')
            rel++;
    }
    return NULL;
}

/* Does copy c, into an ancestor of target, put something at target? */
static bool lands_at(const cm_state *ps, const lf_copy_fact *c, const char *target)
{
    /* another stage's or image's files copied over / are tools (a
     * cross-compile helper), not caches; into any other ancestor they may be */
    if (c->from && strcmp(c->dest, "/") == 0)
        return false;
    if (c->from || !ps->ctx->context)
        return true;
    const char *rel = target + strlen(c->dest) + (strcmp(c->dest, "/") != 0);
    for (size_t k = 0; k < c->srcs.n; k++) {
        const char *src = c->srcs.items[k].s;
        if (strpbrk(src, "*?[")) {
            if (!strchr(rel, '/'))
                return true;
            continue;
        }
        lf_buf want = LF_BUF_INIT;
        lf_buf_printf(&want, "%s%s%s", src, *src ? "/" : "", rel);
        size_t wl = want.len;
        bool hit = false;
        const lf_context *cx = ps->ctx->context;
        for (size_t f = 0; f < cx->nfiles && !hit; f++)
            hit = strncmp(cx->files[f], want.data, wl) == 0 &&
                  (cx->files[f][wl] == 0 || cx->files[f][wl] == '/');
        /* a single file copied to the ancestor lands under its own name */
        if (!hit && lf_ctx_has(ps->ctx, src) && strcmp(lf_path_base(src), rel) == 0)
            hit = true;
        lf_buf_free(&want);
        if (hit)
            return true;
    }
    return false;
}

const lf_copy_fact *cm_copied_into(const cm_state *ps, int instr, const char *target)
{
    size_t n;
    const lf_copy_fact *copies = lf_analysis_copies_before(ps->an, instr, &n);
    for (size_t i = 0; i < n; i++) {
        const lf_copy_fact *c = &copies[i];
        if (!c->dest)
            continue;
        if (lf_path_within(c->dest, target))
            return c;
        if (lf_path_within(target, c->dest) && lands_at(ps, c, target))
            return c;
    }
    return NULL;
}

static bool span_is(const lf_doc *doc, lf_span s, const char *t)
{
    size_t n = strlen(t);
    return s.end - s.start == n && strncasecmp(doc->src->data + s.start, t, n) == 0;
}

/* Is in a COPY/ADD --from=<stage s>? */
static bool copies_from(const lf_doc *doc, const lf_instr *in, int s, lf_buf *v)
{
    const lf_stage *me = &doc->stages[s];
    bool from_me = false;
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!span_is(doc, fl->name, "from") || !fl->has_value)
            continue;
        lf_shell_unquote_word(lf_doc_text(doc, fl->value), fl->value.end - fl->value.start, v);
        long idx = lf_parse_id(v->data);
        from_me = idx == s || (me->name.end > me->name.start && span_is(doc, me->name, v->data));
    }
    return from_me;
}

/* Does a source of COPY --from in overlap target (in stage s's paths)? */
static bool copy_source_overlaps(const cm_state *ps, const lf_instr *in, int s, const char *target,
                                 lf_buf *v)
{
    const lf_doc *doc = ps->doc;
    const lf_state *end = lf_analysis_stage_end(ps->an, s);
    bool found = false;
    TSNode ch, last = {0};
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &ch))
        if (lf_node_is(ch, "path"))
            last = ch;
    lf_children_done(&it);
    it = lf_children_of(in->body);
    while (!found && lf_children_next(&it, &ch)) {
        if (!lf_node_is(ch, "path") || ts_node_eq(ch, last))
            continue;
        lf_shell_unquote_word(doc->src->data + ts_node_start_byte(ch),
                              ts_node_end_byte(ch) - ts_node_start_byte(ch), v);
        char *p = lf_path_join("/", v->data);
        char *q = end && end->workdir ? lf_path_join(end->workdir, v->data) : NULL;
        found = lf_path_overlap(p, target) || (q && lf_path_overlap(q, target));
        free(p);
        free(q);
    }
    lf_children_done(&it);
    if (!found && in->exec_form) {
        lf_strv a = LF_STRV_INIT;
        if (lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &a) ==
            LF_JSON_STRINGS)
            for (size_t k = 0; k + 1 < a.n && !found; k++) {
                char *p = lf_path_join("/", a.items[k].s);
                found = lf_path_overlap(p, target);
                free(p);
            }
        lf_strv_free(&a);
    }
    return found;
}

int cm_exported_by_copy(const cm_state *ps, int s, const char *target)
{
    const lf_doc *doc = ps->doc;
    lf_buf v = LF_BUF_INIT;
    int found = -1;
    for (size_t i = (size_t)doc->stages[s].last + 1; i < doc->ninstrs && found < 0; i++) {
        const lf_instr *in = &doc->instrs[i];
        if ((in->kw == LF_KW_COPY || in->kw == LF_KW_ADD) && copies_from(doc, in, s, &v) &&
            copy_source_overlaps(ps, in, s, target, &v))
            found = (int)i;
    }
    lf_buf_free(&v);
    return found;
}

size_t cm_existing_mounts(const lf_doc *doc, const lf_instr *in, const char *workdir,
                          cm_existing *out, size_t cap)
{
    size_t n = 0;
    lf_buf v = LF_BUF_INIT;
    for (size_t f = 0; f < in->nflags && n < cap; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!fl->is_mount)
            continue;
        bool cache = false;
        char *target = NULL;
        for (size_t k = 0; k < fl->nopts; k++) {
            const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
            if (!o->has_value)
                continue;
            lf_shell_unquote_word(lf_doc_text(doc, o->value), o->value.end - o->value.start, &v);
            if (span_is(doc, o->key, "type"))
                cache = strcasecmp(v.data, "cache") == 0;
            else if (span_is(doc, o->key, "target") || span_is(doc, o->key, "dst") ||
                     span_is(doc, o->key, "destination")) {
                free(target);
                target = lf_path_join(workdir ? workdir : "/", v.data);
            }
        }
        if (target)
            out[n++] = (cm_existing){target, cache};
    }
    lf_buf_free(&v);
    return n;
}
