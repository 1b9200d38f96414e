/*
 * The pass table: the fixed order in which passes run (design.md "The
 * passes (order matters)").
 *
 * hoist-installs runs after cache-mounts and moves each RUN whole, its
 * mounts and the docker-clean hook's off/on commands included (they read
 * nothing of the project). The combined result -- system packages, then the manifests and
 * the dependency install, then the sources -- does not need hoist-installs
 * first: copy-manifests-first steps over a RUN between the whole-context
 * COPY and the install that the analysis proves independent of the copied
 * files, and puts the manifests after it. merge-apt runs first so that an
 * update and its install move as one RUN.
 */
#include "passes.h"

#include "cache_mounts.h"
#include "ci_cache.h"
#include "copy_manifests.h"
#include "dockerignore.h"
#include "hoist_installs.h"

#include <string.h>

const lf_pass lf_passes[] = {
    {"merge-apt", "merge a standalone `apt-get update` RUN into the RUN that installs",
     "A cached `apt-get update` layer is reused while a later install line changes, so the "
     "install runs against stale package lists; updating in the same RUN refreshes the lists "
     "exactly when the install list changes.",
     1, lf_pass_merge_apt, NULL, NULL},
    {"copy-manifests-first",
     "copy dependency manifests before the install, the rest of the source after it",
     "With `COPY . .` before the install, any source edit invalidates the install layer; "
     "copying only the manifests first keeps the installed dependencies cached until a "
     "manifest changes.",
     1, lf_pass_copy_manifests_first, NULL, NULL},
    {"late-volatile-args",
     "move ARGs that change on every build (GIT_SHA, BUILD_DATE...) down to their first use",
     "A declared ARG enters the environment of every later RUN, so an ARG whose value changes "
     "on every build re-runs all of them; declared just before its first use, it only "
     "re-runs what really depends on it.",
     1, lf_pass_late_volatile_args, NULL, NULL},
    {"cache-mounts", "add BuildKit cache mounts for package-manager downloads",
     "A cache mount keeps downloaded packages on the builder between builds, so when an "
     "install layer does re-run, it reuses what was already downloaded instead of fetching "
     "everything again.",
     1, lf_pass_cache_mounts, NULL, NULL},
    {"hoist-installs",
     "move system-package installs and other RUNs that read no sources above a broad COPY",
     "With `COPY . .` before `RUN apt-get install ...`, every source edit re-runs the install "
     "although it reads none of the sources; run before the COPY, it stays cached until its own "
     "line changes.",
     1, lf_pass_hoist_installs, NULL, NULL},
    /* a pass over a build unit: its result is an edit of the ignore file */
    {"dockerignore", "write or extend .dockerignore from the git tree",
     "Everything in the build context is sent to the builder and can invalidate COPY . "
     "layers; excluding .git, build outputs, dependency directories and secrets makes the "
     "context smaller, keeps the cache stable and keeps secrets out of images.",
     1, NULL, lf_pass_dockerignore, NULL},
    /* a pass over the CI files of the repository (a unit of its own): edits
     * of GitHub Actions workflows, notes on the other CI files */
    {"ci-cache",
     "add an external build cache to CI workflows (gha cache-from/cache-to); notes for other CI "
     "builds",
     "Every CI runner starts with an empty builder, so without an external cache backend every "
     "CI build runs every step; importing and exporting the layer cache (`mode=max`, one scope "
     "per image) lets CI builds reuse the layers of earlier builds.",
     1, NULL, lf_pass_ci_cache, lf_ci_cache_tradeoffs},
    /* notes only, on the text the passes before it left */
    {"advice",
     "notes on secrets in ARG/ENV, base images on moving tags, build stamps before the installs",
     "A secret in a build argument or ENV stays in the image's metadata; a moving base tag "
     "changes the build and loses the cache without a change to the Dockerfile; a build time "
     "or commit id written early re-runs every later step.",
     1, lf_pass_advice, NULL, NULL},
};

const size_t lf_npasses = sizeof lf_passes / sizeof lf_passes[0];

const lf_pass *lf_pass_find(const char *id)
{
    for (size_t i = 0; i < lf_npasses; i++)
        if (strcmp(lf_passes[i].id, id) == 0)
            return &lf_passes[i];
    return NULL;
}

int lf_pipeline_run(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                    const lf_options *opts, const bool *enabled)
{
    return lf_pipeline_run_passes(res, p, src, context, opts, lf_passes, lf_npasses, enabled);
}

const lf_pass_table lf_pass_table_all = {lf_passes, sizeof lf_passes / sizeof lf_passes[0]};
