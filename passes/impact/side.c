/* One version of a Dockerfile as the estimate reads it (see sim.h). */
#include "sim.h"

#include "paths.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A source as a pattern: expanded in the environment of its instruction
 * when that is known, else the literal directories before the first
 * variable (what the builder may take from there). */
static void add_src(imp_side *s, const lf_context_source *cs)
{
    const lf_state *st = lf_analysis_state(s->an, cs->instr);
    char *exp = st ? lf_analysis_expand(s->an, st, cs->raw, strlen(cs->raw)) : NULL;
    lf_buf pat = LF_BUF_INIT;
    lf_source_pattern(exp ? exp : cs->raw, &pat);
    free(exp);
    imp_src *src = LF_VEC_PUSH(s->srcs, s->nsrcs, s->cap);
    src->instr = cs->instr;
    src->pat = strdup(lf_buf_cstr(&pat));
    src->glob = lf_source_is_glob(src->pat);
    src->copies = cs->copies;
    lf_buf_free(&pat);
}

int imp_side_init(imp_side *s, const lf_impact_input *in, lf_buf *err)
{
    memset(s, 0, sizeof *s);
    s->doc = in->doc;
    s->an = in->an;
    if (in->ignore && lf_ignore_compile(&s->ig, in->ignore, in->ignore_len, err) != 0)
        return -1;
    size_t n;
    const lf_context_source *cs = lf_analysis_context_sources(in->an, &n);
    for (size_t k = 0; k < n; k++)
        add_src(s, &cs[k]);
    return 0;
}

void imp_side_free(imp_side *s)
{
    for (size_t i = 0; i < s->nsrcs; i++)
        free(s->srcs[i].pat);
    free(s->srcs);
    lf_ignore_free(s->ig);
    memset(s, 0, sizeof *s);
}

bool imp_sends(const imp_side *s, const char *path)
{
    return !s->ig || !lf_ignore_match(s->ig, path, false);
}

bool imp_src_covers(const imp_src *src, const char *path)
{
    return lf_source_takes(src->pat, src->glob, path);
}

bool imp_takes(const imp_side *s, int instr, const char *path)
{
    for (size_t i = 0; i < s->nsrcs; i++)
        if (s->srcs[i].instr == instr && imp_src_covers(&s->srcs[i], path))
            return imp_sends(s, path);
    return false;
}

int imp_stage_named(const lf_doc *doc, const char *name, size_t len)
{
    for (size_t k = 0; k < doc->nstages; k++) {
        lf_span nm = doc->stages[k].name;
        if (nm.end - nm.start == len && len > 0 &&
            strncasecmp(lf_doc_text(doc, nm), name, len) == 0)
            return (int)k;
    }
    if (len == 0 || strspn(name, "0123456789") < len)
        return -1;
    size_t idx = 0;
    for (size_t i = 0; i < len && idx <= doc->nstages; i++)
        idx = idx * 10 + (size_t)(name[i] - '0');
    return idx < doc->nstages ? (int)idx : -1;
}

int imp_target_stage(const lf_doc *doc, const char *name)
{
    if (!name)
        return doc->nstages ? (int)doc->nstages - 1 : -1;
    for (size_t k = 0; k < doc->nstages; k++) {
        lf_span nm = doc->stages[k].name;
        if (nm.end - nm.start == strlen(name) &&
            strncasecmp(lf_doc_text(doc, nm), name, strlen(name)) == 0)
            return (int)k;
    }
    return -1;
}
