/*
 * What an image uses from its build context beyond the paths its COPY/ADD
 * sources name, for the dockerignore pass (which must not exclude it):
 *
 * - the paths a RUN, CMD or ENTRYPOINT runs or reads (`CMD ["node",
 *   "dist/server.js"]`), mapped back through the COPY that put them into
 *   the image, and whether a RUN between that COPY and the use produces
 *   them first (an install fills node_modules, a build its outputs: the
 *   knowledge table's producers); a path the image uses without producing
 *   it comes from the host (built before `docker build`) and stays;
 * - whether the build reads the git metadata of the `.git` it copies: a
 *   RUN, CMD or ENTRYPOINT running `git` in the copied tree (`git describe`;
 *   not `git clone URL`), a script of the context they run that does, or a
 *   tool that reads it (setuptools_scm in the build files of a Python
 *   project a RUN builds).
 *
 * The instructions are read through the analysis (the RUN-command model,
 * WORKDIR, the COPY facts); files through the build context.
 */
#ifndef LF_DI_USES_H
#define LF_DI_USES_H

#include "analysis.h"
#include "buf.h"
#include "context.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_di_use {
    char *path; /* relative to the context root, cleaned, never "" */
    const lf_doc *doc;
    int instr;   /* the RUN, CMD or ENTRYPOINT that uses it */
    size_t line; /* its first line */
    char *word;  /* the word that names it, as written */
    bool built;  /* a RUN of the image produces it before the use */
} lf_di_use;

typedef struct lf_di_uses {
    lf_di_use *items;
    size_t n, cap;
} lf_di_uses;

/* What the context holds at path: 0 nothing, 1 a file, 2 a directory. */
typedef int (*lf_di_kind_fn)(const void *arg, const char *path);

typedef struct lf_di_env {
    const lf_context *ctx; /* to read the scripts and build files */
    lf_di_kind_fn kind;
    const void *arg;
} lf_di_env;

/* Appends the context paths that doc's RUN, CMD and ENTRYPOINT
 * instructions use (one entry per instruction and path). */
void lf_di_uses_collect(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an,
                        lf_di_uses *out);
void lf_di_uses_free(lf_di_uses *u);

/* Does the build of doc read the git metadata of the context's `.git`
 * (which some source copies or mounts)? true with the line of the first
 * instruction that does and what it runs in why ("RUN git describe
 * --tags", "`scripts/version.sh`, which runs `git rev-parse`"). */
bool lf_di_git_reader(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an, size_t *line,
                      lf_buf *why);

#endif
