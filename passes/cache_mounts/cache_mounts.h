/* The cache-mounts pass (see cache_mounts.c). */
#ifndef LF_CACHE_MOUNTS_H
#define LF_CACHE_MOUNTS_H

#include "pass.h"

int lf_pass_cache_mounts(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out);

#endif
