/*
 * Reading a builder's progress output: which instructions ran and which
 * came from the layer cache, for the rebuild measurement of --verify.
 *
 * buildah and podman print `STEP 3/7: RUN make` (after `[2/3] ` in a
 * multi-stage build) and `--> Using cache <id>` under a cached step;
 * BuildKit (docker buildx --progress=plain) prints `#7 [stage 3/7] RUN
 * make` and `#7 CACHED`.
 */
#ifndef LF_BUILDLOG_H
#define LF_BUILDLOG_H

#include "buildtool.h"
#include "strv.h"

#include <stddef.h>

typedef struct lf_buildlog {
    size_t steps;  /* instructions other than FROM */
    size_t cached; /* of those, taken from the cache */
    lf_strv runs;  /* the RUN steps that ran: their text after `RUN `, in order */
} lf_buildlog;

void lf_buildlog_read(lf_build_tool_kind kind, const char *text, size_t len, lf_buildlog *out);
void lf_buildlog_free(lf_buildlog *l);

/* A RUN step's first words, as a short name: flags (`--mount=...`) and
 * `set -e`-like prefixes skipped, the first two words of the first command
 * (`apt-get update`, `npm ci`). */
void lf_buildlog_run_label(const char *run, lf_buf *out);

#endif
