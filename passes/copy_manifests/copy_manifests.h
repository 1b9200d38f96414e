/* The copy-manifests-first pass (see copy_manifests.c). */
#ifndef LF_COPY_MANIFESTS_H
#define LF_COPY_MANIFESTS_H

#include "pass.h"

int lf_pass_copy_manifests_first(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx,
                                 lf_edits *out);

#endif
