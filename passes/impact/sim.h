/*
 * The parts of the cache-impact estimate (impact_estimate.h): one version of
 * a Dockerfile as the model reads it (side.c), the cache rules over it
 * (rerun.c), the events' subjects (subjects.c) and the RUN steps' names
 * (label.c).
 */
#ifndef LF_IMPACT_SIM_H
#define LF_IMPACT_SIM_H

#include "buf.h"
#include "ignore.h"
#include "impact_estimate.h"
#include "strv.h"

#include <stdbool.h>

/* A path a step takes from the build context, as a pattern of paths. */
typedef struct imp_src {
    int instr;
    char *pat;   /* cleaned, relative to the context root; "" is the root */
    bool glob;   /* holds a wildcard: Go's path.Match, per segment */
    bool copies; /* COPY/ADD (false: a RUN's bind mount) */
} imp_src;

/* One version of the Dockerfile. */
typedef struct imp_side {
    const lf_doc *doc;
    const lf_analysis *an;
    lf_ignore *ig; /* NULL: no ignore file */
    imp_src *srcs;
    size_t nsrcs, cap;
} imp_side;

/* An event, as the model sees it: a file of the context that changes, or
 * a build argument that gets a new value. */
typedef struct imp_event {
    const char *path;
    const char *arg;
} imp_event;

/* side.c */
/* Reads in; -1 (with "line N: ..." in err) when the ignore file would be
 * refused by the builder. */
int imp_side_init(imp_side *s, const lf_impact_input *in, lf_buf *err);
void imp_side_free(imp_side *s);
/* Is path (a file of the context) sent to the builder (the ignore file
 * lets it through)? */
bool imp_sends(const imp_side *s, const char *path);
/* Does instruction instr take path from the context (its sources cover it
 * and the ignore file lets it through)? */
bool imp_takes(const imp_side *s, int instr, const char *path);
/* Does source src cover path, whatever the ignore file says? */
bool imp_src_covers(const imp_src *src, const char *path);
/* The stage named name (case-insensitively, or by its index), or -1. */
int imp_stage_named(const lf_doc *doc, const char *name, size_t len);
/* The stage the target is (name NULL: the final one), or -1. */
int imp_target_stage(const lf_doc *doc, const char *name);

/* rerun.c */
/* rerun[i] (ninstrs entries, cleared first) is set for every instruction
 * of a stage target needs that runs again after ev; needed[s] (nstages
 * entries, may be NULL) for every stage the target needs. */
void imp_rerun(const imp_side *s, int target, const imp_event *ev, bool *rerun, bool *needed);

/* label.c */
/* The first words of RUN instr (`npm ci`, `apt-get install`), in out. */
void imp_run_label(const imp_side *s, int instr, lf_buf *out);

/* subjects.c */
/* The subjects of the events, each list in the order reported. */
typedef struct imp_subjects {
    char *source;   /* source edit; NULL: none found */
    char *manifest; /* manifest edit; NULL: none found */
    lf_strv args;   /* volatile build args */
    lf_strv noise;  /* context noise: a file under .git, a git-ignored file */
    lf_strv notes;  /* why an event has no subject */
} imp_subjects;
void imp_subjects_pick(imp_subjects *out, const imp_side *before, const imp_side *after,
                       const lf_impact_opts *o, const bool *needed);
void imp_subjects_free(imp_subjects *s);

#endif
