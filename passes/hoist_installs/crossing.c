/*
 * What stands between a RUN and the COPY it would move above (see
 * hoist_installs.c for the rules): each instruction is stepped over, or
 * stops the RUN with the reason.
 */
#include "hoist.h"

#include "brief.h"
#include "parse.h"
#include "paths.h"

#include <stdio.h>
#include <string.h>

/* The variables an ENV or ARG sets that the RUN reads: the first one's
 * name into name, or false. */
static bool sets_read_var(const lf_doc *doc, const lf_instr *in, const lf_run_effects *fx,
                          char *name, size_t cap)
{
    bool hit = false;
    lf_var_pair *pairs;
    size_t np = lf_var_pairs(doc, in, &pairs);
    for (size_t p = 0; p < np && !hit; p++) {
        snprintf(name, cap, "%.*s", (int)(pairs[p].name.end - pairs[p].name.start),
                 lf_doc_text(doc, pairs[p].name));
        hit = lf_run_reads_var(fx, name);
    }
    free(pairs);
    return hit;
}

static const lf_copy_fact *copy_fact(const hoist_file *h, int r, int j)
{
    size_t n;
    const lf_copy_fact *cf = lf_analysis_copies_before(h->an, r, &n);
    for (size_t i = 0; i < n; i++)
        if (cf[i].instr == j)
            return &cf[i];
    return NULL;
}

/* Is the destination of COPY j relative to the WORKDIR? */
static bool relative_dest(const lf_doc *doc, int j)
{
    const lf_instr *in = &doc->instrs[j];
    lf_span last = {0, 0};
    TSNode c;
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &c))
        if (lf_node_is(c, "path"))
            last = (lf_span){ts_node_start_byte(c), ts_node_end_byte(c)};
    lf_children_done(&it);
    const char *s = lf_doc_text(doc, last);
    size_t n = last.end - last.start;
    size_t q = n && (s[0] == '"' || s[0] == '\'') ? 1 : 0;
    return in->exec_form || (n > q && s[q] != '/' && s[q] != '$');
}

static hi_kind cross_copy(const hoist_file *h, int r, const lf_run_effects *fx, int j,
                          const char *what, lf_buf *why)
{
    const lf_copy_fact *cf = copy_fact(h, r, j);
    if (!cf || !cf->dest) {
        lf_buf_printf(why, "the destination of `%s` is known only at build time", what);
        return HI_BLOCKS;
    }
    if (relative_dest(h->doc, j) && lf_analysis_state(h->an, j)->workdir_sym[0] == '@') {
        lf_buf_printf(why,
                      "`%s` copies into the base image's WORKDIR, which the Dockerfile does not "
                      "set, so what it writes is not known",
                      what);
        return HI_BLOCKS;
    }
    lf_buf touch = LF_BUF_INIT;
    bool touches = lf_effect_touches(&fx->all, cf->dest, &touch);
    if (touches)
        lf_buf_printf(why, "it may need what `%s` brings to `%s`: %s", what, cf->dest,
                      lf_buf_cstr(&touch));
    lf_buf_free(&touch);
    return touches ? HI_BLOCKS : HI_COPY;
}

static hi_kind cross_workdir(const hoist_file *h, const lf_run_effects *fx, int j, const char *what,
                             lf_buf *why)
{
    if (fx->all.cwd) {
        lf_buf_printf(why,
                      "`%s` stands between them, and it uses paths relative to the working "
                      "directory",
                      what);
        return HI_BLOCKS;
    }
    const char *dir = lf_analysis_state(h->an, j + 1)->workdir;
    lf_buf touch = LF_BUF_INIT;
    bool touches = !dir || lf_effect_touches(&fx->all, dir, &touch);
    if (touches)
        lf_buf_printf(why, "`%s` stands between them and makes the directory it uses", what);
    lf_buf_free(&touch);
    return touches ? HI_BLOCKS : HI_STEP;
}

hi_kind hi_cross(const hoist_file *h, int r, const lf_run_effects *fx, int j, lf_buf *why)
{
    const lf_doc *doc = h->doc;
    const lf_instr *in = &doc->instrs[j];
    lf_buf what = LF_BUF_INIT;
    lf_doc_brief(doc, in->line, &what);
    char name[128];
    hi_kind k = HI_BLOCKS;
    switch (in->kw) {
    case LF_KW_COPY:
    case LF_KW_ADD:
        k = cross_copy(h, r, fx, j, what.data, why);
        break;
    case LF_KW_RUN:
        if (h->target[j] >= 0)
            k = HI_HOISTED;
        else
            lf_buf_printf(why, "`%s` stands between them, and what it does may depend on the RUN",
                          what.data);
        break;
    case LF_KW_ENV:
    case LF_KW_ARG:
        if (sets_read_var(doc, in, fx, name, sizeof name))
            lf_buf_printf(why, "`%s` stands between them and sets `$%s`, which it reads", what.data,
                          name);
        else
            k = HI_STEP;
        break;
    case LF_KW_WORKDIR:
        k = cross_workdir(h, fx, j, what.data, why);
        break;
    case LF_KW_USER:
        lf_buf_printf(why, "`%s` stands between them: it would run as another user", what.data);
        break;
    case LF_KW_SHELL:
        lf_buf_printf(why, "`%s` stands between them: it would run in another shell", what.data);
        break;
    case LF_KW_LABEL:
    case LF_KW_EXPOSE:
    case LF_KW_CMD:
    case LF_KW_ENTRYPOINT:
    case LF_KW_HEALTHCHECK:
    case LF_KW_STOPSIGNAL:
    case LF_KW_MAINTAINER:
    case LF_KW_ONBUILD: /* runs in another build */
        k = HI_STEP;
        break;
    default: /* VOLUME (a RUN's writes there are dropped after it), FROM, unknown */
        lf_buf_printf(why, "`%s` stands between them", what.data);
        break;
    }
    lf_buf_free(&what);
    return k;
}

bool hi_broad_copy(const hoist_file *h, int j)
{
    size_t n;
    const lf_context_source *s = lf_analysis_context_sources(h->an, &n);
    const lf_context *ctx = h->ctx->context;
    for (size_t i = 0; i < n; i++) {
        if (s[i].instr != j || !s[i].copies)
            continue;
        const char *p = s[i].raw;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        size_t len = strlen(p);
        if (len == 0 || strcmp(p, ".") == 0 || p[len - 1] == '/' || strpbrk(p, "*?[$"))
            return true;
        for (size_t f = 0; ctx && f < ctx->nfiles; f++)
            if (strncmp(ctx->files[f], p, len) == 0 && ctx->files[f][len] == '/')
                return true;
    }
    return false;
}
