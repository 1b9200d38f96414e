/*
 * The cache-impact estimate (the result is engine/impact.h): for one
 * Dockerfile before and after the rewrite, per build target, which RUN
 * steps re-run under BuildKit's cache rules after each event.
 *
 * The rules, modelled exactly:
 *   - a step re-runs when its own inputs change or its parent step re-ran;
 *     the parent of a step is the step before it in its stage that changes
 *     the file system (RUN, COPY, ADD, WORKDIR), the first one's is the
 *     stage's base (an image, or the stage named by `FROM <stage>`);
 *   - the inputs of COPY/ADD: the files of its sources the ignore file lets
 *     through (or, with --from, the stage it copies from, which re-ran when
 *     its last step did); of RUN: its text, the files its bind mounts take
 *     (or their from= stage), the ARG and ENV values of its environment,
 *     its USER and WORKDIR;
 *   - a declared ARG is in the environment of every later RUN of its stage
 *     and of the stages built on it (`FROM <stage>`); an ENV, USER or
 *     WORKDIR whose value uses a changed variable changes the environment
 *     of every later RUN; a FROM that uses a changed global ARG re-runs its
 *     whole stage; LABEL, EXPOSE, CMD and the other metadata change no RUN;
 *   - only the stages the target needs run: its `FROM <stage>` chain and
 *     the stages its COPY --from and RUN --mount from= name, transitively.
 *
 * What is left out, on purpose: BuildKit's early cut-off when a step that
 * re-ran gives byte-identical output (then `COPY --from` of it is a cache
 * hit); a RUN's output is taken to change whenever it re-runs.
 */
#ifndef LF_IMPACT_ESTIMATE_H
#define LF_IMPACT_ESTIMATE_H

#include "analysis.h"
#include "context.h"
#include "impact.h"
#include "model.h"
#include "parse.h"

#include <stdbool.h>
#include <stddef.h>

/* One version of the Dockerfile, with the ignore file the builder reads
 * for it. */
typedef struct lf_impact_input {
    const lf_doc *doc; /* parsed without errors */
    const lf_analysis *an;
    const char *ignore; /* the ignore file's text; NULL: there is none */
    size_t ignore_len;
} lf_impact_input;

typedef struct lf_impact_opts {
    /* the build context; NULL: no file facts (only volatile ARGs) */
    const lf_context *context;
    /* named targets (stage names) to estimate beside the final stage */
    const char *const *targets;
    size_t ntargets;
    /* ARG names that are volatile beside the knowledge table's (--volatile-arg) */
    const char *const *volatile_args;
    size_t nvolatile_args;
} lf_impact_opts;

/* Fills out (zeroed first; free it with lf_impact_free) with the estimate
 * for before and after. A target that one of the two does not define is
 * left out, with a note. Returns 0, or -1 when an ignore file would be
 * refused by the builder (out then holds a note saying so). */
int lf_impact_estimate(lf_impact *out, const lf_impact_input *before, const lf_impact_input *after,
                       const lf_impact_opts *opts);

/* The same from texts: parses both versions (path names them) with p.
 * Returns 0, or -1 when either does not parse cleanly or an ignore file
 * would be refused (a note says which). */
int lf_impact_estimate_texts(lf_impact *out, lf_parser *p, const char *path, const char *old_text,
                             size_t old_len, const char *new_text, size_t new_len,
                             const char *old_ignore, size_t old_ignore_len, const char *new_ignore,
                             size_t new_ignore_len, const lf_impact_opts *opts);

#endif
