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

#include "analysis.h"
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
    size_t offset; /* in the text the pass read (path == NULL) */
    size_t line;   /* 1-based line in the original file (set by the pipeline), or in path */
    const char *pass;
    char *msg;
    char *path; /* NULL: the document the pass read; else another file the note is about
                   (a Dockerfile, for a note of a build-unit pass), line 0: the whole file */
} lf_note;

typedef struct lf_ctx {
    const lf_context *context; /* may be NULL: no file facts */
    const lf_options *opts;
    const char *pass; /* the running pass (set by the pipeline) */
    lf_note *notes;
    size_t nnotes, cap;
    /* the ignore files the passes read (their paths): when the run proposes
     * another text for one of them, the passes run again (engine/unit.c) */
    char **reads;
    size_t nreads, capr;
    /* set by the pipeline: the line of the original file that an offset of
     * the text the pass reads comes from (NULL: that text is the original) */
    size_t (*map_line)(const void *arg, size_t offset);
    const void *map_arg;
} lf_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void lf_ctx_note(lf_ctx *ctx, size_t offset, const char *fmt, ...);
/* A note about another file (line 0: about the file as a whole). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void lf_ctx_note_file(lf_ctx *ctx, const char *path, size_t line, const char *fmt, ...);
void lf_ctx_free_notes(lf_ctx *ctx);
void lf_ctx_free(lf_ctx *ctx);

/* The 1-based line of the original file at offset of doc (the text the
 * pass reads, which earlier passes may have changed): for a message that
 * names another line than the note's own. */
size_t lf_ctx_line(const lf_ctx *ctx, const lf_doc *doc, size_t offset);

/* The files a pass may see, through the build context (NULL: none): these
 * record what was read, so that the engine knows what to run again. */
int lf_ctx_has(const lf_ctx *ctx, const char *rel);
int lf_ctx_read(const lf_ctx *ctx, const char *rel, lf_buf *out);
/* The ignore file that applies to the Dockerfile (see lf_context_ignore_text). */
int lf_ctx_ignore_text(lf_ctx *ctx, const char *dockerfile, lf_buf *text, lf_buf *path);

/* What a document is, for the outputs. */
typedef enum {
    LF_DOC_DOCKERFILE,
    LF_DOC_IGNORE,   /* a build context's ignore file */
    LF_DOC_WORKFLOW, /* a GitHub Actions workflow (or composite action) */
    LF_DOC_CI_FILE,  /* another file CI runs: a GitLab CI file, a Makefile, a shell script */
    LF_DOC_OTHER,
} lf_doc_kind;

/* What the builder is sent from a build context. */
typedef struct lf_context_size {
    size_t files;
    unsigned long long bytes;
} lf_context_size;

/* A pass over one Dockerfile: doc is the text as the passes before it left
 * it, an the analysis of that text. */
typedef int (*lf_pass_fn)(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out);

/* The Dockerfiles of a build unit (one build context), as the per-file
 * passes left them. */
typedef struct lf_unit_file {
    const char *path;
    const lf_doc *doc;
    const lf_analysis *an;
} lf_unit_file;

/* A document of the unit that is not a Dockerfile, handed to the unit by
 * its caller for the unit passes to read, edit or note (a CI workflow, a
 * build script); each pass picks the kinds it knows. */
typedef struct lf_unit_other {
    lf_doc_kind kind;
    char *path; /* usable with lf_context_read_path */
} lf_unit_other;

typedef struct lf_unit_view {
    const lf_unit_file *files;
    size_t n;
    const lf_unit_other *others;
    size_t nothers;
} lf_unit_view;

/* The edits of one other document of the unit (an ignore file, a CI
 * workflow), against its text on disk (empty when it does not exist). */
typedef struct lf_doc_edit {
    lf_doc_kind kind;
    char *path; /* usable with open() */
    lf_edits edits;
    /* LF_DOC_IGNORE: what the builder is sent before and after the edits */
    bool has_sizes;
    lf_context_size before, after;
    /* LF_DOC_IGNORE: the paths the edits exclude below a broad COPY source
     * (`.`, a directory): their changes no longer invalidate that COPY */
    lf_strv quiet;
    /* notes of the pass about this document (path NULL) or about the files
     * that use it (a Dockerfile: path and line) */
    lf_note *notes;
    size_t nnotes, capn;
} lf_doc_edit;

typedef struct lf_doc_edits {
    lf_doc_edit *items;
    size_t n, cap;
} lf_doc_edits;

lf_doc_edit *lf_doc_edits_add(lf_doc_edits *d, lf_doc_kind kind, const char *path);
/* A note of pass about e's document (path NULL, line 0) or about another file. */
void lf_doc_edit_note(lf_doc_edit *e, const char *pass, const char *path, size_t line,
                      const char *msg);
void lf_doc_edit_free(lf_doc_edit *e);
void lf_doc_edits_free(lf_doc_edits *d);

/* A pass over a build unit: edits and notes of its other documents (those
 * it derives from the Dockerfiles, such as their ignore files, and the
 * others the unit was handed). */
typedef int (*lf_unit_pass_fn)(const lf_unit_view *u, lf_ctx *ctx, lf_doc_edits *out);

typedef struct lf_pass {
    const char *id;
    const char *summary; /* one line, for --list-passes */
    const char *why;     /* why it helps the cache, for --explain and PR bodies */
    int default_on;
    lf_pass_fn run;           /* a pass over each Dockerfile, or NULL */
    lf_unit_pass_fn run_unit; /* a pass over a build unit, or NULL */
    /* Markdown (no heading) for the PR body when the pass changed or noted
     * a file: the trade-offs of what it sets up, or NULL */
    const char *tradeoffs;
} lf_pass;

/* A table of passes, in the order they run. */
typedef struct lf_pass_table {
    const lf_pass *passes;
    size_t n;
} lf_pass_table;

const lf_pass *lf_pass_table_find(const lf_pass_table *t, const char *id);

#endif
