/*
 * The dockerignore pass (design.md "The passes" item 5 and ".dockerignore
 * from the git tree"): for one build context and the Dockerfiles that use
 * it, propose a new or extended .dockerignore, only where it pays.
 *
 * What it reads: the files the builder would be sent (everything on disk in
 * the context: tracked, untracked, git-ignored, `.git`, nested repositories),
 * which of them git tracks or ignores and the .gitignore rules that say so,
 * the existing ignore file, every source the Dockerfiles take from the
 * context (COPY/ADD without --from, RUN --mount=type=bind without from),
 * and what their RUN, CMD and ENTRYPOINT use (uses.h).
 *
 * Where it pays: BuildKit sends only what the sources name, so a rule
 * counts only when it excludes a file a source takes; a context whose
 * sources name only files (or directories holding nothing to exclude), or
 * a build that copies nothing, gets no proposal. What it proposes never
 * changes what a build from a clean checkout ships, in one marked block
 * appended to the file (the user's lines are kept byte for byte, in order):
 *   - `.git` and other VCS directories, editor and OS files git does not
 *     track; `.git` stays, with a note, when a COPY names it or the build
 *     reads git metadata from the copy (uses.h);
 *   - the .gitignore rules, translated, that exclude git-ignored files on
 *     disk or a dependency directory the project's ecosystem creates
 *     (node_modules next to a package.json ...), with their negations;
 *     not a git-ignored path the image uses without producing it (a
 *     `dist/` that CMD runs, built before `docker build`);
 *   - secrets git does not track (`.env*`, `*.pem`, `*.key`, `id_rsa*`,
 *     `.aws/`, `.ssh/`, `.netrc`, `.npmrc`/`.pypirc` holding credentials),
 *     with a note: a clean checkout never had them. A tracked secret a
 *     broad source ships is a note only.
 * Tracked files are never excluded: not the CI files, not the Dockerfiles.
 * Every rule is checked by simulating BuildKit over the context's files,
 * old rules then new: a rule is dropped, with the reason, when a COPY/ADD or
 * bind-mount source would no longer match a file, when it would exclude a
 * tracked file, a file git does not ignore (for rules translated from
 * .gitignore), a path the image uses, or a file an exception of the
 * existing file re-includes; an added exception may not re-include what
 * the existing file excludes.
 * Run again on its own output it proposes nothing (the block is found and
 * every rule in it is already in effect).
 */
#ifndef LF_DOCKERIGNORE_H
#define LF_DOCKERIGNORE_H

#include "analysis.h"
#include "buf.h"
#include "context.h"
#include "model.h"
#include "pass.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

/* The first line of the block layerfix adds; the block ends with
 * LF_DOCKERIGNORE_END. */
#define LF_DOCKERIGNORE_BEGIN "# layerfix: begin"
#define LF_DOCKERIGNORE_END "# layerfix: end"

typedef struct lf_dockerignore_note {
    char *path;  /* the Dockerfile the note is about, or NULL (the context) */
    size_t line; /* 1-based line in path, 0 when path is NULL */
    char *msg;   /* "COPY . . would include .env" */
} lf_dockerignore_note;

typedef struct lf_dockerignore_size {
    size_t files;
    unsigned long long bytes;
} lf_dockerignore_size;

typedef struct lf_dockerignore_result {
    char *text; /* the proposed ignore file (== the existing text when !changed) */
    size_t len;
    bool changed;
    lf_strv added;   /* the rules added, in order */
    lf_strv dropped; /* one sentence per rule not added, with the reason */
    lf_dockerignore_note *notes;
    size_t nnotes, notes_cap;
    /* what the builder is sent (the files the COPY/ADD sources and bind
     * mounts take): with the existing rules, then the proposed */
    lf_dockerignore_size before, after;
    /* the paths the proposal excludes below a broad source (the context
     * root, a directory, a glob), shortest first: their changes no longer
     * invalidate that COPY's cache */
    lf_strv quiet;
} lf_dockerignore_result;

/* Proposes the ignore file for the build context ctx (from lf_context_open),
 * used by docs[0..ndocs) (parsed, without errors). existing_text is the
 * ignore file these Dockerfiles read (see lf_context_ignore_path), or NULL
 * when there is none; ans[0..ndocs) their analyses (ans NULL: made here).
 * out must be zeroed; free it with
 * lf_dockerignore_result_free. Returns 0; -1 only when the context cannot
 * be read (a message is then in the notes). An existing file that BuildKit
 * would refuse, or a Dockerfile with errors, gives a note and no change. */
int lf_dockerignore_propose(lf_dockerignore_result *out, const lf_context *ctx,
                            const lf_doc *const *docs, const lf_analysis *const *ans, size_t ndocs,
                            const char *existing_text, size_t existing_len);
void lf_dockerignore_result_free(lf_dockerignore_result *r);

/* The pass over a build unit (pass.h): an edit of each ignore file the
 * unit's Dockerfiles read. */
int lf_pass_dockerignore(const lf_unit_view *u, lf_ctx *ctx, lf_doc_edits *out);

/* Appends the notes as lines `FILE:LINE: note: [dockerignore] MSG\n`;
 * a note about the context uses ignore_path as FILE and no line. */
void lf_dockerignore_format_notes(const lf_dockerignore_result *r, const char *ignore_path,
                                  lf_buf *out);
/* Appends one line: "build context DIR: N files, SIZE -> M files, SIZE\n". */
void lf_dockerignore_format_report(const lf_dockerignore_result *r, const char *dir, lf_buf *out);

#endif
