/*
 * The advice pass: ci-cache's advice on a Dockerfile, notes only (see
 * advice.h). It runs last in the pass table, on the text the other passes
 * left, so the lines it suggests are those of the rewritten file; the
 * lines its notes name are the original file's (lf_ctx_line).
 */
#include "advice.h"
#include "ci_cache.h"

bool lf_advice_stage_on(const lf_doc *doc, int s, int base)
{
    for (size_t hops = 0; s >= 0 && hops <= doc->nstages; hops++) {
        if (s == base)
            return true;
        s = doc->stages[s].base_stage;
    }
    return false;
}

int lf_pass_advice(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)out; /* notes only */
    lf_advice_secrets(doc, ctx);
    lf_advice_base_tags(doc, ctx);
    lf_advice_stamps(doc, an, ctx);
    return 0;
}
