/*
 * Where each Dockerfile is built from, and why layerfix believes it (the
 * build context from evidence). The evidence, strongest first:
 *
 *  1. `--context DIR` (lf_builds_set_override), else the `contexts:` map of
 *     .layerfix.yml (config.h): what the user says is final;
 *  2. compose files (compose.c: `.env` interpolation, `include:`, `extends:`);
 *  3. bake files (bake.c);
 *  4. CI and build scripts: GitHub Actions workflows and composite actions
 *     (workflow.c), .gitlab-ci.yml (gitlab.c), Makefiles (makefile.c) and
 *     shell scripts (script.c), through the `docker build` / `docker buildx
 *     build` / `podman build` / `buildah bud` command lines they run
 *     (buildcmd.c);
 *  5. the COPY/ADD sources: the nearest ancestor directory (up to the root
 *     of the git work tree) that has the sources the Dockerfile's own
 *     directory lacks (copy_evidence.c);
 *  6. otherwise the Dockerfile's directory, marked as a guess.
 *
 * Sources 2 to 4 are facts about builds that really happen, so a Dockerfile
 * gets every context they name (a list, in the order above, each context
 * once). A build from standard input (`docker build - < Dockerfile`) has no
 * context at all: when that is all the evidence says, the list holds one
 * entry whose context is NULL.
 */
#ifndef LF_EVIDENCE_H
#define LF_EVIDENCE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum lf_evidence_kind {
    LF_EVIDENCE_COMMAND_LINE, /* --context DIR */
    LF_EVIDENCE_CONFIG,       /* .layerfix.yml `contexts:` */
    LF_EVIDENCE_COMPOSE,      /* a compose file's service `build:` */
    LF_EVIDENCE_BAKE,         /* a bake file's target */
    LF_EVIDENCE_WORKFLOW,     /* a GitHub Actions workflow or composite action */
    LF_EVIDENCE_GITLAB_CI,    /* a .gitlab-ci.yml job script */
    LF_EVIDENCE_MAKEFILE,     /* a Makefile recipe */
    LF_EVIDENCE_SCRIPT,       /* a shell script */
    LF_EVIDENCE_COPY_SOURCES, /* the COPY/ADD sources exist there, not beside the Dockerfile */
    LF_EVIDENCE_GUESS,        /* nothing says otherwise: the Dockerfile's directory */
} lf_evidence_kind;

typedef struct lf_context_evidence {
    lf_evidence_kind kind;
    /* the context directory, as a path usable from the current directory
     * (relative when the evidence gave it so); NULL: built from standard
     * input, no context */
    const char *context;
    /* where the evidence was read, "FILE:LINE"; NULL for the command line
     * and the guess (for COPY sources: the Dockerfile's first COPY/ADD whose
     * source is missing beside it) */
    const char *origin;
    /* what at origin, or NULL: "docker/build-push-action", "docker build",
     * "podman build", "buildah bud", ... */
    const char *detail;
} lf_context_evidence;

/* A stable lower-case name for JSON: "command-line", "config", "compose",
 * "bake", "workflow", "gitlab-ci", "makefile", "script", "copy-sources",
 * "guess". */
const char *lf_evidence_kind_name(lf_evidence_kind kind);

/* One line for people, appended to out:
 *   "--context", ".layerfix.yml:7", "compose.yaml:12",
 *   "workflow .github/workflows/ci.yml:30 (docker/build-push-action)",
 *   "GitLab CI .gitlab-ci.yml:14 (docker build)",
 *   "Makefile:9 (docker build)", "script build.sh:3 (docker build, from stdin: no context)",
 *   "COPY sources (services/api/Dockerfile:4)", "guess: the Dockerfile's directory". */
void lf_evidence_describe(const lf_context_evidence *e, lf_buf *out);

/* Rank of a kind in the order above (lower is stronger); kinds 2 to 4
 * share the rank of "a build that happens". */
int lf_evidence_rank(lf_evidence_kind kind);

#endif
