/* The cache-impact estimate as text (see impact_text.h). */
#include "impact_text.h"

#define C_YELLOW "\x1b[33m"
#define C_RESET "\x1b[0m"

void lf_impact_text(lf_buf *out, const lf_impact *im, bool color)
{
    const char *on = color ? C_YELLOW : "", *off = color ? C_RESET : "";
    for (size_t t = 0; t < im->ntargets; t++) {
        const lf_impact_target *tg = &im->targets[t];
        if (tg->name)
            lf_buf_printf(out, "%s# cache impact (target %s):%s\n", on, tg->name, off);
        else if (im->ntargets > 1)
            lf_buf_printf(out, "%s# cache impact (final stage):%s\n", on, off);
        else
            lf_buf_printf(out, "%s# cache impact:%s\n", on, off);
        for (size_t e = 0; e < tg->nevents; e++) {
            lf_buf_printf(out, "%s#   ", on);
            lf_impact_describe(&tg->events[e], out);
            lf_buf_printf(out, "%s\n", off);
        }
    }
    if (im->ntargets == 0 && im->notes.n)
        lf_buf_printf(out, "%s# cache impact:%s\n", on, off);
    for (size_t k = 0; k < im->notes.n; k++)
        lf_buf_printf(out, "%s#   note: %s%s\n", on, im->notes.items[k].s, off);
}

void lf_impact_totals_text(lf_buf *out, const lf_impact_totals *t)
{
    const char *sep = "cache impact, RUN steps re-run before -> after: ";
    for (int k = 0; k < LF_IMPACT_NKINDS; k++) {
        if (!t->events[k])
            continue;
        lf_buf_printf(out, "%s%s %zu -> %zu", sep, lf_impact_kind_name((lf_impact_kind)k),
                      t->before[k], t->after[k]);
        sep = ", ";
    }
    if (*sep == ',')
        lf_buf_addc(out, '\n');
}
