/*
 * The cache-impact estimate (engine/impact.h) as text: the block --explain
 * prints under a Dockerfile's diff, and the totals line of the --check
 * summary.
 */
#ifndef LF_IMPACT_TEXT_H
#define LF_IMPACT_TEXT_H

#include "buf.h"
#include "impact.h"

#include <stdbool.h>

/* Lines starting with `# `: a heading per target, then one line per event
 * (lf_impact_describe) and the estimate's notes:
 *   # cache impact:
 *   #   source edit (server.js): 1 RUN step re-runs before (npm ci), 0 after
 * Nothing when the estimate has no target and no note. */
void lf_impact_text(lf_buf *out, const lf_impact *im, bool color);

/* One line (with its newline), or nothing when no event was estimated:
 *   cache impact, RUN steps re-run before -> after: source edit 3 -> 1,
 *   manifest edit 2 -> 2, volatile build arg 3 -> 0 */
void lf_impact_totals_text(lf_buf *out, const lf_impact_totals *t);

#endif
