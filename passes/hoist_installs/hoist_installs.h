/* hoist-installs: RUNs that read nothing a broad COPY brings move above it
 * (see hoist_installs.c). */
#ifndef LF_HOIST_INSTALLS_H
#define LF_HOIST_INSTALLS_H

#include "pass.h"

int lf_pass_hoist_installs(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out);

#endif
