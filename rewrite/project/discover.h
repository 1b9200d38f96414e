/*
 * Which files to work on: each PATH given (a Dockerfile, or a directory to
 * search), or with none, the git repository of the current directory.
 * Directories are listed like build contexts (git when inside a work tree:
 * tracked and untracked-not-ignored files; else a walk), and Dockerfile-like
 * names are kept: Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile,
 * Containerfile, Containerfile.*.
 *
 * lf_discover_all also reads what says where they are built from: the
 * `contexts:` of .layerfix.yml, the compose and bake files around them (see
 * compose.h), the CI files and build scripts of their repositories (ci.h),
 * and applies the `exclude` patterns of .layerfix.yml (config.h). The
 * contexts of each Dockerfile then come from lf_builds_contexts_for
 * (contexts.h).
 */
#ifndef LF_DISCOVER_H
#define LF_DISCOVER_H

#include "buf.h"
#include "strv.h"

#include <stdbool.h>

bool lf_is_dockerfile_name(const char *base);

/* Appends the files to out (paths as the user should see them). Problems
 * with one PATH are appended to err as lines and do not stop the others.
 * Returns the number of PATHs that failed. */
int lf_discover(lf_strv *out, char *const *paths, int npaths, lf_buf *err);

struct lf_builds;
struct lf_config;

/* lf_discover, and more:
 *  - cfg (may be NULL): Dockerfiles found in directories that
 *    lf_config_excluded rejects are left out (a file named as a PATH is
 *    always kept: the user asked for it);
 *  - builds (may be NULL: then nothing of this is done): the compose and
 *    bake files (lf_is_compose_name, lf_is_bake_name) are found the way
 *    Dockerfiles are (inside each directory PATH, or the current directory
 *    with none: git's tracked and untracked-not-ignored files, else a walk;
 *    excluded ones skipped), plus those directly in the directories above
 *    each PATH (for a file PATH: its own directory too) up to the root of
 *    its git work tree, so that a Dockerfile named on its own still gets
 *    the context a compose file at the repository root gives it. Each file
 *    is loaded once into builds; one that cannot be read or parsed adds its
 *    `FILE:LINE:COL: error: ...` line to err and counts as a failed PATH
 *    (builds->notes get the skipped builds). Before them, the `contexts:`
 *    entries of cfg; after them, the CI files and build scripts (ci.h) of
 *    the git work tree of each PATH (the current directory with none; a
 *    directory outside git: that directory), not excluded, whose problems
 *    are notes, never errors. A Dockerfile that a loaded
 *    build names, that exists, lies inside a directory PATH (the current
 *    directory with none), is not excluded and is not in out yet (same
 *    realpath) is appended to out, as the build names it (e.g.
 *    `build/app.df`, which the name rules alone would not find).
 * Returns the number of failures. */
int lf_discover_all(lf_strv *out, struct lf_builds *builds, char *const *paths, int npaths,
                    const struct lf_config *cfg, lf_buf *err);

/* A file CI runs, found by lf_discover_ci. */
typedef struct lf_ci_file {
    char *path;    /* usable from the current directory, as the user should see it */
    char *root;    /* the repository root (or the directory outside git) it belongs to */
    bool workflow; /* a GitHub Actions workflow or composite action; else a GitLab CI
                      file, a Makefile or a shell script */
} lf_ci_file;

typedef struct lf_ci_files {
    lf_ci_file *items;
    size_t n, cap;
} lf_ci_files;

void lf_ci_files_free(lf_ci_files *f);

/* lf_discover_all (builds must not be NULL), and into ci (may be NULL) the
 * CI files and build scripts it reads that lie inside a directory searched
 * (a directory PATH, or the current directory with none; a PATH naming a
 * file adds none), in the order read: every GitHub Actions workflow and
 * composite action, GitLab CI file, and each Makefile and shell script that
 * names a build tool (the readers' own test, ci.h). These are the documents
 * of the ci-cache pass. */
int lf_discover_ci(lf_strv *out, struct lf_builds *builds, lf_ci_files *ci, char *const *paths,
                   int npaths, const struct lf_config *cfg, lf_buf *err);

#endif
