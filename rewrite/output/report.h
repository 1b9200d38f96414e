/*
 * The report of one layerfix run: every file looked at (Dockerfiles, the
 * ignore files of their build contexts, the CI files of the repository), what would change in it
 * and why, the notes about what was left alone, and the errors. The command builds it first and
 * every output reads it: the diff, --check, --format=json, sarif and github, the pull-request body,
 * and --commit.
 *
 * Line numbers are 1-based lines of the file as it is on disk (the old
 * text). A change covers the old lines [line, end_line]; an insertion
 * between two lines has end_line == line - 1 (it goes before line `line`;
 * at the end of a file of N lines, line is N + 1).
 */
#ifndef LF_REPORT_H
#define LF_REPORT_H

#include "buf.h"
#include "impact.h"
#include "pipeline.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    LF_REPORT_DOCKERFILE, /* a Dockerfile, rewritten by the per-file passes */
    LF_REPORT_IGNORE,     /* a build context's ignore file (the dockerignore pass) */
    LF_REPORT_WORKFLOW,   /* a GitHub Actions workflow (the ci-cache pass) */
    LF_REPORT_CI_FILE,    /* a GitLab CI file, Makefile or script: notes only (ci-cache) */
} lf_report_kind;

/* One edit of one pass. */
typedef struct lf_report_change {
    const char *pass; /* pass id (static) */
    char *why;        /* one sentence */
    size_t line, end_line;
    size_t step; /* index into the file's steps */
} lf_report_change;

/* What one pass did to the file: the text before and after it. The steps
 * chain: steps[0].before is the old text, the last step's after the new. */
typedef struct lf_report_step {
    const char *pass;
    char *before, *after;
    size_t before_len, after_len;
} lf_report_step;

/* Something found and not fixed, or a pass whose edits were dropped. */
typedef struct lf_report_note {
    char *path;  /* the file it is about, as shown (may differ from the file's) */
    size_t line; /* 0: the file as a whole */
    const char *pass;
    char *msg;
    bool warning; /* a pass's edits were dropped: worth more than a note */
} lf_report_note;

/* --verify: what building both versions of a Dockerfile's build said (the
 * verification itself is rewrite/project/verify.h). */
typedef enum {
    LF_REPORT_VERIFY_SAME,      /* same files, same configuration */
    LF_REPORT_VERIFY_DIFFERENT, /* details lists the differences */
    LF_REPORT_VERIFY_FAILED,    /* the rewritten Dockerfile does not build; the original does */
    LF_REPORT_VERIFY_NOT_RUN,   /* no verdict: the verification could not run (no difference) */
} lf_report_verify_status;

typedef struct lf_report_verify {
    lf_report_verify_status status;
    char *builder; /* "buildah", "docker", "podman" */
    /* one sentence: "same image", "the images differ (2 differences)", the
     * failure ("the rewritten Dockerfile does not build (...); the original
     * does") or why it could not run ("could not run: ...") */
    char *message;
    lf_strv details; /* the differences, or the builder's last lines */
    char *rebuild;   /* --verify-rebuild: the measurement, one sentence; or NULL */
} lf_report_verify;

/* "same", "different", "failed", "not-run". */
const char *lf_report_verify_id(lf_report_verify_status status);
void lf_report_verify_free(lf_report_verify *v);
/* A build context a Dockerfile is built from, and the evidence for it
 * (the command fills these from rewrite/project/contexts.h). */
typedef struct lf_report_context {
    char *dir;      /* as shown; NULL: built from standard input, no context */
    char *evidence; /* "compose", "workflow", "guess", ... */
    char *origin;   /* "FILE:LINE" where the evidence was read, or NULL */
    char *detail;   /* what at origin ("docker build", ...), or NULL */
} lf_report_context;

/* An error that stopped the file from being rewritten. */
typedef struct lf_report_error {
    size_t line, col; /* 0 when not about a position */
    char *msg;        /* without the "FILE:LINE:COL: error: " prefix */
} lf_report_error;

typedef struct lf_report_file {
    lf_report_kind kind;
    char *path;                /* as shown: relative to the current directory when below it */
    char *fs_path;             /* as opened and written */
    char *old_text, *new_text; /* old_text NULL: the file is new */
    size_t old_len, new_len;
    bool changed;
    bool written; /* --fix wrote it */
    bool skipped; /* left alone: not the project's to edit, or not a Dockerfile */
    lf_report_change *changes;
    size_t nchanges, changes_cap;
    lf_report_step *steps;
    size_t nsteps, steps_cap;
    lf_report_note *notes;
    size_t nnotes, notes_cap;
    lf_report_error *errors;
    size_t nerrors, errors_cap;
    /* LF_REPORT_IGNORE: the build context and what it sends to the builder
     * with the old and the new ignore file */
    char *context_dir;
    lf_context_size before, after;
    /* LF_REPORT_DOCKERFILE: the cache-impact estimate of its build (owned,
     * malloc'd; the report frees it), NULL when there is none: the build
     * did not change, or the file has errors */
    lf_impact *impact;
    /* LF_REPORT_DOCKERFILE with --verify: the verdict of its build (owned,
     * malloc'd), NULL when it was not verified */
    lf_report_verify *verify;
    /* its build did not verify as the same image: --fix does not write it,
     * --commit leaves it out, and so does the pull-request body */
    bool held;
    lf_strv quiet; /* the paths whose changes no longer invalidate a broad COPY */
    /* LF_REPORT_DOCKERFILE: where it is built from (has_contexts: known) */
    bool has_contexts;
    lf_report_context *contexts;
    size_t ncontexts, contexts_cap;
} lf_report_file;

typedef struct lf_report {
    const lf_pass_table *passes; /* the passes of the run, in their order */
    lf_report_file *files;
    size_t n, cap;
} lf_report;

/* A report of a run of the passes in table t. */
#define LF_REPORT_INIT(t)                                                                          \
    {                                                                                              \
        .passes = (t)                                                                              \
    }

/* The pass of the report's table with that id, or NULL. */
const lf_pass *lf_report_pass(const lf_report *r, const char *id);

/* Adds a document's result (a Dockerfile's pipeline, or a document a build
 * unit's pass edited). shown is the path as the user sees it, fs_path the
 * path it was read from. */
lf_report_file *lf_report_add_result(lf_report *r, const lf_result *res, const char *shown,
                                     const char *fs_path);
/* Adds a file that could not be read or parsed: errors holds lines
 * `FILE[:LINE[:COL]]: error: MSG` as printed by the reader and the model. */
lf_report_file *lf_report_add_failure(lf_report *r, const char *shown, const char *fs_path,
                                      const char *errors);
/* Records a build context of a Dockerfile's file (dir NULL: standard
 * input); the strings are copied. */
void lf_report_add_context(lf_report_file *f, const char *dir, const char *evidence,
                           const char *origin, const char *detail);
/* Adds a file left alone, with the reason as its note. */
lf_report_file *lf_report_add_skipped(lf_report *r, const char *shown, const char *fs_path,
                                      const char *why);
void lf_report_free(lf_report *r);

/* Counts over the report. */
size_t lf_report_nchanged(const lf_report *r);
size_t lf_report_nfailed(const lf_report *r);
/* The pass ids that changed f, in pass order, joined with ", ". */
void lf_report_file_passes(const lf_report_file *f, lf_buf *out);
/* Lines added and removed between f's old and new text (as a diff counts
 * them). */
void lf_report_file_linestat(const lf_report_file *f, size_t *added, size_t *removed);

#endif
