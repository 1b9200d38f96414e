/* The cache-impact estimate's result (see impact.h). */
#include "impact.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

const char *lf_impact_kind_name(lf_impact_kind kind)
{
    static const char *const names[] = {"source edit", "manifest edit", "volatile build arg",
                                        "context noise"};
    return kind < LF_IMPACT_NKINDS ? names[kind] : "event";
}

const char *lf_impact_kind_id(lf_impact_kind kind)
{
    static const char *const ids[] = {"source-edit", "manifest-edit", "volatile-arg",
                                      "context-noise"};
    return kind < LF_IMPACT_NKINDS ? ids[kind] : "event";
}

void lf_impact_runs_list(const lf_impact_runs *r, lf_buf *out)
{
    for (size_t i = 0; i < r->n; i++)
        lf_buf_printf(out, "%s%s", i ? ", " : "", r->steps[i].label);
}

void lf_impact_describe(const lf_impact_event *e, lf_buf *out)
{
    lf_buf_printf(out, "%s (%s): %zu RUN step%s re-run%s before", lf_impact_kind_name(e->kind),
                  e->subject, e->before.n, e->before.n == 1 ? "" : "s",
                  e->before.n == 1 ? "s" : "");
    if (e->before.n) {
        lf_buf_adds(out, " (");
        lf_impact_runs_list(&e->before, out);
        lf_buf_addc(out, ')');
    }
    lf_buf_printf(out, ", %zu after", e->after.n);
    if (e->after.n) {
        lf_buf_adds(out, " (");
        lf_impact_runs_list(&e->after, out);
        lf_buf_addc(out, ')');
    }
}

const char *lf_impact_subject(const lf_impact *im, lf_impact_kind kind)
{
    for (size_t e = 0; im && im->ntargets && e < im->targets[0].nevents; e++)
        if (im->targets[0].events[e].kind == kind)
            return im->targets[0].events[e].subject;
    return NULL;
}

void lf_impact_sum(const lf_impact *im, lf_impact_totals *t)
{
    for (size_t k = 0; im && k < im->ntargets; k++)
        for (size_t e = 0; e < im->targets[k].nevents; e++) {
            const lf_impact_event *ev = &im->targets[k].events[e];
            if (ev->kind >= LF_IMPACT_NKINDS)
                continue;
            t->events[ev->kind]++;
            t->before[ev->kind] += ev->before.n;
            t->after[ev->kind] += ev->after.n;
        }
}

void lf_impact_runs_add(lf_impact_runs *r, const char *label, size_t line)
{
    lf_impact_step *s = LF_VEC_PUSH(r->steps, r->n, r->cap);
    s->label = strdup(label);
    s->line = line;
}

static void runs_free(lf_impact_runs *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->steps[i].label);
    free(r->steps);
    memset(r, 0, sizeof *r);
}

void lf_impact_free(lf_impact *im)
{
    if (!im)
        return;
    for (size_t t = 0; t < im->ntargets; t++) {
        lf_impact_target *tg = &im->targets[t];
        for (size_t e = 0; e < tg->nevents; e++) {
            free(tg->events[e].subject);
            runs_free(&tg->events[e].before);
            runs_free(&tg->events[e].after);
        }
        free(tg->events);
        free(tg->name);
    }
    free(im->targets);
    lf_strv_free(&im->notes);
    memset(im, 0, sizeof *im);
}
