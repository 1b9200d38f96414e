/* The cache-impact estimate as compact JSON (see impact_json.h). */
#include "impact_json.h"

#include "jsonout.h"

void lf_impact_totals_json(lf_buf *out, const lf_impact_totals *t)
{
    lf_buf_addc(out, '{');
    for (int k = 0; k < LF_IMPACT_NKINDS; k++) {
        if (k)
            lf_buf_addc(out, ',');
        lf_json_write_cstr(out, lf_impact_kind_id((lf_impact_kind)k));
        lf_buf_printf(out, ":{\"events\":%zu,\"before\":%zu,\"after\":%zu}", t->events[k],
                      t->before[k], t->after[k]);
    }
    lf_buf_addc(out, '}');
}

static void runs_json(lf_buf *out, const lf_impact_runs *runs)
{
    lf_buf_printf(out, "{\"runs\":%zu,\"steps\":[", runs->n);
    for (size_t i = 0; i < runs->n; i++) {
        lf_buf_printf(out, "%s{\"line\":%zu,\"run\":", i ? "," : "", runs->steps[i].line);
        lf_json_write_cstr(out, runs->steps[i].label);
        lf_buf_addc(out, '}');
    }
    lf_buf_adds(out, "]}");
}

void lf_impact_json(lf_buf *out, const lf_impact *im)
{
    lf_buf_adds(out, "{\"targets\":[");
    for (size_t t = 0; t < im->ntargets; t++) {
        const lf_impact_target *tg = &im->targets[t];
        lf_buf_adds(out, t ? ",{\"target\":" : "{\"target\":");
        lf_json_write_cstr(out, tg->name);
        lf_buf_adds(out, ",\"events\":[");
        for (size_t e = 0; e < tg->nevents; e++) {
            const lf_impact_event *ev = &tg->events[e];
            lf_buf_adds(out, e ? ",{\"event\":" : "{\"event\":");
            lf_json_write_cstr(out, lf_impact_kind_id(ev->kind));
            lf_buf_adds(out, ",\"subject\":");
            lf_json_write_cstr(out, ev->subject);
            lf_buf_adds(out, ",\"before\":");
            runs_json(out, &ev->before);
            lf_buf_adds(out, ",\"after\":");
            runs_json(out, &ev->after);
            lf_buf_addc(out, '}');
        }
        lf_buf_adds(out, "]}");
    }
    lf_buf_adds(out, "],\"notes\":[");
    for (size_t k = 0; k < im->notes.n; k++) {
        if (k)
            lf_buf_addc(out, ',');
        lf_json_write_cstr(out, im->notes.items[k].s);
    }
    lf_buf_adds(out, "]}");
}
