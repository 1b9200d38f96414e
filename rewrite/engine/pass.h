/*
 * The pass contract (design.md "Core types", "The passes").
 *
 * A pass reads one parsed Dockerfile and returns edits, each with a reason;
 * it never writes text itself. What it finds but must not fix (unsafe,
 * ambiguous) it reports as a note through lf_ctx_note. The pipeline runs the
 * enabled passes of the table it is handed, in order, re-parsing after each;
 * the table itself is the passes' (passes/passes.h).
 */
#ifndef LF_PASS_H
#define LF_PASS_H

#include "context.h"
#include "edit.h"
#include "model.h"

typedef enum {
    LF_BUILDER_BUILDKIT,
    LF_BUILDER_BUILDAH,
    LF_BUILDER_KANIKO,
    LF_BUILDER_LEGACY,
} lf_builder;

typedef struct lf_options {
    lf_builder target_builder;
    /* extra volatile ARG names (--volatile-arg=NAME), beside the built-in list */
    const char *const *volatile_args;
    size_t nvolatile_args;
    /* add `# syntax=docker/dockerfile:1` when a pass needs BuildKit syntax */
    int syntax_directive;
} lf_options;

/* Parses a builder name (buildkit, buildah, kaniko, legacy); 0, or -1. */
int lf_builder_from_name(lf_builder *out, const char *name);
/* Whether the builder runs RUN --mount. */
int lf_builder_has_mounts(lf_builder b);

typedef struct lf_note {
    size_t offset; /* in the text the pass read */
    size_t line;   /* 1-based line in the original file (set by the pipeline) */
    const char *pass;
    char *msg;
} lf_note;

typedef struct lf_ctx {
    const lf_context *context; /* may be NULL: no file facts */
    const lf_options *opts;
    const char *pass; /* the running pass (set by the pipeline) */
    lf_note *notes;
    size_t nnotes, cap;
} lf_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void lf_ctx_note(lf_ctx *ctx, size_t offset, const char *fmt, ...);
void lf_ctx_free_notes(lf_ctx *ctx);

typedef int (*lf_pass_fn)(const lf_doc *doc, lf_ctx *ctx, lf_edits *out);

typedef struct lf_pass {
    const char *id;
    const char *summary; /* one line, for --list-passes */
    const char *why;     /* why it helps the cache, for --explain and PR bodies */
    int default_on;
    lf_pass_fn run; /* NULL for a pass over a whole build context (dockerignore) */
} lf_pass;

#endif
