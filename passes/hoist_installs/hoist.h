/*
 * Private to passes/hoist_installs: what stands between a RUN and the place
 * it would move to (crossing.c), and the state of one file's rewrite.
 */
#ifndef LF_HOIST_H
#define LF_HOIST_H

#include "analysis.h"
#include "buf.h"
#include "pass.h"

#include <stdbool.h>

/* RUN r moves above RUN j, which moves too. */
typedef struct hoist_pass {
    int r, j;
} hoist_pass;

typedef struct hoist_file {
    const lf_doc *doc;
    const lf_analysis *an;
    lf_ctx *ctx;
    int *target; /* per instruction: the instruction a hoisted RUN goes before, or -1 */
    hoist_pass *passes;
    size_t npasses, cap;
} hoist_file;

/* What instruction j (above RUN r, whose effects are fx) means for moving r
 * above it. */
typedef enum {
    HI_STEP,    /* r may move above it */
    HI_COPY,    /* a COPY/ADD r reads nothing of: r may move above it */
    HI_HOISTED, /* a RUN that moves too: r may move above it, not above its target */
    HI_BLOCKS,  /* r must stay below it: why says why */
} hi_kind;

hi_kind hi_cross(const hoist_file *h, int r, const lf_run_effects *fx, int j, lf_buf *why);

/* Does COPY/ADD j take a directory, a glob or the whole context (so that
 * most source edits change its layer)? */
bool hi_broad_copy(const hoist_file *h, int j);

#endif
