/* copy-manifests-first: being written. */
#include "passes.h"

int lf_pass_copy_manifests_first(const lf_doc *doc, lf_ctx *ctx, lf_edits *out)
{
    (void)doc;
    (void)ctx;
    (void)out;
    return 0;
}
