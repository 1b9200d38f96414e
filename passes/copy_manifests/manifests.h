/*
 * What one shell command reads of the project, for copy-manifests-first:
 * is it a dependency install that needs only manifests (and which ones,
 * checked against the build context), an install that needs more (and why),
 * a command that reads nothing of the project, or anything else.
 *
 * The spellings and file names come from the table in pkgmgr.c; the rules
 * that read manifests' contents are in the mf_*.c files beside this one (see
 * the private mf.h): package.json scripts, workspaces and local dependencies,
 * nested pip requirement files, Gemfile gemspec/path sources, Maven modules,
 * Gradle includes, .NET project references. What the builder's ignore file
 * excludes (lf_ignore, BuildKit's matcher) is left out of the manifests, or
 * makes the install a skip.
 */
#ifndef LF_MANIFESTS_H
#define LF_MANIFESTS_H

#include "context.h"
#include "ignore.h"
#include "pkgmgr.h"
#include "run_model.h"
#include "strv.h"

#include <stdbool.h>

typedef enum {
    LF_CMD_OTHER,   /* unknown: may read any file of the project */
    LF_CMD_HELPER,  /* reads nothing of the project (apt-get, pip install --upgrade pip) */
    LF_CMD_INSTALL, /* a dependency install that reads only the manifests in files */
    LF_CMD_SKIP,    /* a dependency install that needs more than manifests: see why */
} lf_cmd_kind;

typedef struct lf_install_info {
    lf_cmd_kind kind;
    const lf_pm *pm; /* for INSTALL and SKIP */
    lf_strv files;   /* INSTALL: context paths to copy, in order; a directory ends in '/' */
    lf_buf why;      /* SKIP: a clause saying what more it needs */
} lf_install_info;

typedef struct lf_manifest_env {
    const lf_context *ctx;         /* may be NULL: nothing is known to exist */
    const lf_ignore *dockerignore; /* the ignore file the builder applies, or NULL */
} lf_manifest_env;

/* Classifies command c (of the RUN-command model) run in the project
 * directory dir (relative to the context root, "" for the root). out must
 * be zeroed; free it with lf_install_info_free. */
void lf_install_classify(const lf_manifest_env *env, const char *dir, const lf_cmd *c,
                         lf_install_info *out);
void lf_install_info_free(lf_install_info *info);

/* Glob match of a '/'-separated path: `*`, `?` and `[...]` within a segment,
 * `**` as a whole segment across any number of segments. */
bool lf_path_glob_match(const char *pattern, const char *path);

#endif
