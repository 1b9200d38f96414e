/*
 * ci-cache (design.md "The passes" 7): CI builds start from an empty
 * builder on every runner, so without an external cache backend every CI
 * build is cold and the Dockerfile passes only help on developers'
 * machines. This pass
 * - edits GitHub Actions workflows: a docker/build-push-action step without
 *   cache-from/cache-to gets the gha backend (`mode=max`, a scope per image
 *   when the workflow builds several), and docker/setup-buildx-action is
 *   added to its job when missing (lf_ci_cache_workflow);
 * - notes what it cannot edit: plain `docker build` in run: steps, GitLab
 *   CI script lines, shell scripts and Makefiles (with the exact
 *   --cache-from/--cache-to flags), `--no-cache`, DOCKER_BUILDKIT=0, secrets
 *   passed as build arguments (lf_ci_notes_script for non-workflow files);
 * - advises on a Dockerfile, notes only (lf_pass_advice): secrets in
 *   ARG/ENV, base images on moving tags, build stamps written before the
 *   installs.
 * Edits are byte insertions into the file's own text: the YAML is read with
 * libyaml (for positions) and never re-emitted, so indentation, quoting,
 * comments and newlines stay the author's.
 */
#ifndef LF_CI_CACHE_H
#define LF_CI_CACHE_H

#include "edit.h"
#include "pass.h"

#include <stddef.h>

/* Edits and notes for the GitHub Actions workflow text[0..len) (path is for
 * messages). Edits go to out with pass id "ci-cache"; notes to ctx with the
 * offset in text. Returns 0, or -1 when the text is not valid YAML (then a
 * note says where, `PATH:LINE:COL: ...`, and there are no edits). A second
 * run over the edited text proposes nothing. */
int lf_ci_cache_workflow(const char *path, const char *text, size_t len, lf_ctx *ctx,
                         lf_edits *out);

/* Notes for a file CI runs that is not a GitHub Actions workflow: a GitLab
 * CI file (`.gitlab-ci.yml`, `*.gitlab-ci.yml`: its script lines), a
 * Makefile (`Makefile`, `*.mk`: its recipe lines), else a shell script.
 * Returns 0, or -1 when a GitLab CI file is not valid YAML (with a note). */
int lf_ci_notes_script(const char *path, const char *text, size_t len, lf_ctx *ctx);

/* The advice pass (a pass over each Dockerfile; notes only): ARG/ENV with
 * a secret's name (with the secret-mount lines for the RUNs that read it),
 * FROM an image whose tag moves (latest, none, a major version only), and
 * a build time or commit id written into a file before the installs (the
 * installs are the RUNs whose model runs a package manager). */
int lf_pass_advice(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out);

/* The ci-cache pass (a pass over a build unit): for each document of the
 * unit of kind LF_DOC_WORKFLOW (lf_ci_cache_workflow: edits and notes) or
 * LF_DOC_CI_FILE (lf_ci_notes_script: notes), read through the context,
 * one lf_doc_edit with the edits and the notes at their lines. */
int lf_pass_ci_cache(const lf_unit_view *u, lf_ctx *ctx, lf_doc_edits *out);

/* Markdown for a PR body: the trade-offs of the cache backends the pass
 * sets up or suggests (one paragraph per point, no heading). */
extern const char lf_ci_cache_tradeoffs[];

#endif
