/*
 * Build contexts from CI files and build scripts (evidence.h, source 4):
 * the files of a repository that run image builds, and their readers. Each
 * reader adds the builds it finds to an lf_builds with its kind of evidence;
 * a file it cannot read or parse adds a note, never an error (a broken CI
 * file is not layerfix's to refuse).
 *
 * root is the repository's root as a path usable from the current directory:
 * a workflow's paths (build-push-action's `context:` and `file:`, `run:`
 * steps without `working-directory`) and GitLab CI jobs start there; a
 * Makefile's recipes and a script may start in their own directory or at
 * the root (buildcmd.h says how one is chosen).
 */
#ifndef LF_CI_H
#define LF_CI_H

#include "compose.h"
#include "strv.h"

typedef enum {
    LF_CI_NONE,
    LF_CI_WORKFLOW, /* a workflow in .github/workflows, an action.y*ml in .github/actions */
    LF_CI_GITLAB,   /* .gitlab-ci.yml */
    LF_CI_MAKEFILE, /* Makefile, makefile, GNUmakefile, *.mk */
    LF_CI_SCRIPT,   /* *.sh, *.bash, or a file whose first line is a sh/bash shebang */
} lf_ci_kind;

/* The kind of the file at rel (relative to the root, '/'-separated); path
 * is where to read it (for the shebang). */
lf_ci_kind lf_ci_kind_of(const char *rel, const char *path);

/* Adds the builds of the file at path (of the given kind) to out. Returns
 * whether the file is CI's own or may run a container build: true for a
 * workflow and a GitLab CI file, and for a Makefile or a script whose text
 * names a build tool (the test its reader makes before reading further). */
bool lf_ci_load(lf_builds *out, lf_ci_kind kind, const char *path, const char *root);

/* Where the builds lf_buildcmd_scan finds in a piece of text go (pass
 * lf_ci_add as its callback): the file, and the file line of each text line
 * (line_map[k - 1] for text line k, else first_line + k - 1). */
typedef struct lf_ci_adder {
    lf_builds *out;
    lf_evidence_kind kind;
    const char *file;
    size_t first_line;
    const size_t *line_map;
    size_t nlines;
} lf_ci_adder;
struct lf_buildcmd;
void lf_ci_add(void *adder, const struct lf_buildcmd *c);

void lf_workflow_load(lf_builds *out, const char *path, const char *root);
void lf_gitlab_load(lf_builds *out, const char *path, const char *root);
bool lf_makefile_load(lf_builds *out, const char *path, const char *root);
bool lf_script_load(lf_builds *out, const char *path, const char *root);

#endif
