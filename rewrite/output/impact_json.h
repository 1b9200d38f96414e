/*
 * The cache-impact estimate (engine/impact.h) as compact JSON, in the
 * shapes docs/json-report.md gives for the JSON report's `impact` members:
 * the SARIF report carries it in its run's property bag.
 */
#ifndef LF_IMPACT_JSON_H
#define LF_IMPACT_JSON_H

#include "buf.h"
#include "impact.h"

/* {"source-edit":{"events":N,"before":N,"after":N},...}: every kind. */
void lf_impact_totals_json(lf_buf *out, const lf_impact_totals *t);

/* {"targets":[{"target":null|"NAME","events":[{"event":"source-edit",
 * "subject":"server.js","before":{"runs":N,"steps":[{"line":N,"run":"npm
 * ci"}]},"after":{...}}]}],"notes":["..."]} */
void lf_impact_json(lf_buf *out, const lf_impact *im);

#endif
