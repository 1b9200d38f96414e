/* The cache-impact estimate (see impact_estimate.h): targets and events. */
#include "sim.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

/* The RUN steps of side s that re-run after ev when target is built. */
static void runs_after(const imp_side *s, int target, const imp_event *ev, lf_impact_runs *out)
{
    const lf_doc *doc = s->doc;
    bool *rerun = calloc(doc->ninstrs ? doc->ninstrs : 1, sizeof *rerun);
    imp_rerun(s, target, ev, rerun, NULL);
    lf_buf label = LF_BUF_INIT;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        if (!rerun[i] || doc->instrs[i].kw != LF_KW_RUN)
            continue;
        lf_buf_clear(&label);
        imp_run_label(s, (int)i, &label);
        lf_impact_runs_add(out, lf_buf_cstr(&label), doc->instrs[i].first_line);
    }
    lf_buf_free(&label);
    free(rerun);
}

typedef struct sides {
    const imp_side *b, *a;
    int tb, ta; /* the target's stage in each */
} sides;

static void add_event(lf_impact_target *tg, const sides *sd, lf_impact_kind kind,
                      const char *subject, const imp_event *ev)
{
    lf_impact_event *e = LF_VEC_PUSH(tg->events, tg->nevents, tg->cap);
    e->kind = kind;
    e->subject = strdup(subject);
    runs_after(sd->b, sd->tb, ev, &e->before);
    runs_after(sd->a, sd->ta, ev, &e->after);
}

static void estimate_target(lf_impact_target *tg, const sides *sd, const imp_subjects *sj)
{
    if (sj->source)
        add_event(tg, sd, LF_IMPACT_SOURCE_EDIT, sj->source, &(imp_event){sj->source, NULL});
    if (sj->manifest)
        add_event(tg, sd, LF_IMPACT_MANIFEST_EDIT, sj->manifest, &(imp_event){sj->manifest, NULL});
    for (size_t k = 0; k < sj->args.n; k++)
        add_event(tg, sd, LF_IMPACT_VOLATILE_ARG, sj->args.items[k].s,
                  &(imp_event){NULL, sj->args.items[k].s});
    for (size_t k = 0; k < sj->noise.n; k++)
        add_event(tg, sd, LF_IMPACT_CONTEXT_NOISE, sj->noise.items[k].s,
                  &(imp_event){sj->noise.items[k].s, NULL});
}

static void note(lf_impact *out, const char *msg)
{
    lf_strv_push(&out->notes, msg, strlen(msg));
}

/* The targets: the final stage, then each named one that is another stage
 * of the original (NULL entries: the final stage). */
static size_t targets_of(const imp_side *b, const lf_impact_opts *o, const char **names)
{
    size_t n = 0;
    names[n++] = NULL;
    int final = imp_target_stage(b->doc, NULL);
    for (size_t k = 0; k < o->ntargets; k++) {
        int st = imp_target_stage(b->doc, o->targets[k]);
        bool dup = st == final && st >= 0;
        for (size_t j = 1; j < n && !dup; j++)
            dup = imp_target_stage(b->doc, names[j]) == st && st >= 0;
        if (!dup)
            names[n++] = o->targets[k];
    }
    return n;
}

static void estimate_sides(lf_impact *out, const imp_side *b, const imp_side *a,
                           const lf_impact_opts *o)
{
    const char **names = calloc(o->ntargets + 1, sizeof *names);
    size_t nt = targets_of(b, o, names);
    /* the stages any target needs, for choosing the subjects */
    size_t ns = b->doc->nstages ? b->doc->nstages : 1;
    bool *needed = calloc(ns, sizeof *needed), *one = calloc(ns, sizeof *one);
    bool *rerun = calloc(b->doc->ninstrs ? b->doc->ninstrs : 1, sizeof *rerun);
    for (size_t t = 0; t < nt; t++) {
        imp_rerun(b, imp_target_stage(b->doc, names[t]), &(imp_event){NULL, NULL}, rerun, one);
        for (size_t k = 0; k < b->doc->nstages; k++)
            needed[k] = needed[k] || one[k];
    }
    imp_subjects sj;
    imp_subjects_pick(&sj, b, a, o, needed);
    for (size_t k = 0; k < sj.notes.n; k++)
        note(out, sj.notes.items[k].s);
    for (size_t t = 0; t < nt; t++) {
        sides sd = {b, a, imp_target_stage(b->doc, names[t]), imp_target_stage(a->doc, names[t])};
        if (sd.tb < 0 || sd.ta < 0) {
            lf_buf msg = LF_BUF_INIT;
            lf_buf_printf(&msg, "target %s: not a stage of the %s Dockerfile",
                          names[t] ? names[t] : "(final stage)", sd.tb < 0 ? "original" : "new");
            note(out, lf_buf_cstr(&msg));
            lf_buf_free(&msg);
            continue;
        }
        lf_impact_target *tg = LF_VEC_PUSH(out->targets, out->ntargets, out->cap);
        tg->name = names[t] ? strdup(names[t]) : NULL;
        estimate_target(tg, &sd, &sj);
    }
    imp_subjects_free(&sj);
    free(rerun);
    free(one);
    free(needed);
    free(names);
}

int lf_impact_estimate(lf_impact *out, const lf_impact_input *before, const lf_impact_input *after,
                       const lf_impact_opts *opts)
{
    memset(out, 0, sizeof *out);
    imp_side sd[2];
    const lf_impact_input *in[2] = {before, after};
    int ok = 0;
    for (; ok < 2; ok++) {
        lf_buf err = LF_BUF_INIT, msg = LF_BUF_INIT;
        if (imp_side_init(&sd[ok], in[ok], &err) != 0) {
            lf_buf_printf(&msg, "no estimate: the builder would refuse the %s ignore file (%s)",
                          ok ? "new" : "original", lf_buf_cstr(&err));
            note(out, lf_buf_cstr(&msg));
            imp_side_free(&sd[ok]);
        }
        lf_buf_free(&err);
        lf_buf_free(&msg);
        if (out->notes.n)
            break;
    }
    if (ok == 2)
        estimate_sides(out, &sd[0], &sd[1], opts);
    for (int k = 0; k < ok; k++)
        imp_side_free(&sd[k]);
    return ok == 2 ? 0 : -1;
}
