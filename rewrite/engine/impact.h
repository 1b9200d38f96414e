/*
 * The cache-impact estimate of one Dockerfile (design.md "Outputs and
 * modes"): for each build target, which RUN steps re-run under BuildKit's
 * cache rules after an everyday event, with the Dockerfile as it is
 * (before) and as rewritten (after). The events:
 *
 *   - source edit: one file that a COPY/ADD sending a directory takes, and
 *     that is no dependency manifest;
 *   - manifest edit: one dependency manifest (package.json, go.sum,
 *     requirements.txt, ...) present in the build context;
 *   - volatile build arg: a new value of one volatile ARG (one event each);
 *   - context noise: a change under `.git`, or to a git-ignored file on disk
 *     (one event each, when present).
 *
 * This header holds the result only, so that the outputs (report, JSON,
 * PR body) can carry it; passes/impact computes it (impact_estimate.h).
 */
#ifndef LF_IMPACT_H
#define LF_IMPACT_H

#include "buf.h"
#include "strv.h"

#include <stddef.h>

typedef enum {
    LF_IMPACT_SOURCE_EDIT,
    LF_IMPACT_MANIFEST_EDIT,
    LF_IMPACT_VOLATILE_ARG,
    LF_IMPACT_CONTEXT_NOISE,
    LF_IMPACT_NKINDS,
} lf_impact_kind;

/* A RUN step that re-runs: its first words (`npm ci`, `apt-get install`)
 * and its first line in its own version of the Dockerfile. */
typedef struct lf_impact_step {
    char *label;
    size_t line;
} lf_impact_step;

typedef struct lf_impact_runs {
    lf_impact_step *steps; /* in the order the Dockerfile lists them */
    size_t n, cap;
} lf_impact_runs;

typedef struct lf_impact_event {
    lf_impact_kind kind;
    /* the file changed (relative to the build context) or the ARG's name */
    char *subject;
    lf_impact_runs before, after;
} lf_impact_event;

typedef struct lf_impact_target {
    char *name; /* a stage name; NULL: the final stage */
    lf_impact_event *events;
    size_t nevents, cap;
} lf_impact_target;

typedef struct lf_impact {
    lf_impact_target *targets;
    size_t ntargets, cap;
    /* why an event is not estimated ("no source edit: no COPY or ADD sends
     * a directory of the build context") */
    lf_strv notes;
} lf_impact;

/* "source edit", "manifest edit", "volatile build arg", "context noise". */
const char *lf_impact_kind_name(lf_impact_kind kind);
/* The same for JSON: "source-edit", "manifest-edit", "volatile-arg",
 * "context-noise". */
const char *lf_impact_kind_id(lf_impact_kind kind);

/* One line, without a newline:
 * `source edit (server.js): 3 RUN steps re-run before (apt-get install,
 * npm ci, npm run build), 1 after (npm run build)`. */
void lf_impact_describe(const lf_impact_event *e, lf_buf *out);
/* "npm ci, npm run build" (the labels of runs, joined). */
void lf_impact_runs_list(const lf_impact_runs *r, lf_buf *out);

/* The subject of the first event of kind for the first target (the final
 * stage), or NULL. */
const char *lf_impact_subject(const lf_impact *im, lf_impact_kind kind);

/* Sums over estimates (the --check summary): per kind of event, how many
 * events and the RUN steps they re-run before and after. */
typedef struct lf_impact_totals {
    size_t events[LF_IMPACT_NKINDS];
    size_t before[LF_IMPACT_NKINDS], after[LF_IMPACT_NKINDS];
} lf_impact_totals;
void lf_impact_sum(const lf_impact *im, lf_impact_totals *t);

void lf_impact_runs_add(lf_impact_runs *r, const char *label, size_t line);
void lf_impact_free(lf_impact *im);

#endif
