/*
 * The volatile-ARG table (see volatile.h). Each entry says why its value
 * changes per build. Deliberately absent:
 * - VERSION, APP_VERSION, BUILD_VERSION, GIT_TAG, GIT_BRANCH: they change per
 *   release or branch, not per build, and are often used by many RUNs;
 *   `--volatile-arg=NAME` adds them where a pipeline does stamp them per build.
 * - SOURCE_DATE_EPOCH: per commit, but reproducible-build tools (compilers,
 *   packagers, pip) read it from the environment without naming it in the
 *   RUN, so moving it below a RUN would silently change that RUN's output.
 */
#include "volatile.h"

#include <string.h>
#include <strings.h>

const lf_volatile_arg lf_volatile_args[] = {
    /* timestamps: CI passes `$(date -u +%Y-%m-%dT%H:%M:%SZ)`, new every run */
    {"BUILD_DATE", false, "the time of the build (label-schema's org.label-schema.build-date)"},
    {"BUILD_TIME", false, "the time of the build"},
    {"BUILDTIME", false, "the time of the build"},
    {"BUILD_TIMESTAMP", false, "the time of the build"},
    {"TIMESTAMP", false, "the time of the build"},
    /* the commit being built: new with every push */
    {"GIT_SHA", false, "the commit being built"},
    {"GIT_COMMIT", false, "the commit being built (Jenkins' git plugin name)"},
    {"GIT_HASH", false, "the commit being built"},
    {"GIT_REV", false, "the commit being built"},
    {"GIT_REVISION", false, "the commit being built"},
    {"GIT_SHORT_SHA", false, "the abbreviated commit being built"},
    {"SHORT_SHA", false, "the abbreviated commit (Google Cloud Build substitution)"},
    {"COMMIT", false, "the commit being built"},
    {"COMMIT_SHA", false, "the commit being built (Cloud Build substitution)"},
    {"COMMIT_HASH", false, "the commit being built"},
    {"COMMIT_ID", false, "the commit being built"},
    {"SOURCE_COMMIT", false, "the commit being built (Docker Hub automated builds)"},
    {"VCS_REF", false, "the commit being built (label-schema's org.label-schema.vcs-ref)"},
    {"REVISION", false, "the commit being built (OCI's org.opencontainers.image.revision)"},
    /* CI providers' own names for the commit and the run */
    {"GITHUB_SHA", false, "the commit that triggered the GitHub Actions run"},
    {"GITHUB_RUN_ID", false, "the id of the GitHub Actions run"},
    {"GITHUB_RUN_NUMBER", false, "the number of the GitHub Actions run"},
    {"CIRCLE_SHA1", false, "the commit of the CircleCI job"},
    {"CIRCLE_BUILD_NUM", false, "the number of the CircleCI job"},
    {"TRAVIS_COMMIT", false, "the commit of the Travis CI build"},
    {"BITBUCKET_COMMIT", false, "the commit of the Bitbucket Pipelines build"},
    {"BUILDKITE_COMMIT", false, "the commit of the Buildkite build"},
    {"DRONE_COMMIT_SHA", false, "the commit of the Drone build"},
    /* build counters: incremented by the CI server on every build */
    {"BUILD_NUMBER", false, "the CI server's build counter (Jenkins)"},
    {"BUILD_ID", false, "the CI server's id of this build (Jenkins, Cloud Build)"},
    /* GitLab CI's predefined variables: CI_COMMIT_SHA, CI_PIPELINE_ID,
     * CI_JOB_ID... are per pipeline or per job */
    {"CI_", true, "a CI variable (GitLab's CI_COMMIT_SHA, CI_PIPELINE_ID, CI_JOB_ID...)"},
};

const size_t lf_nvolatile_args = sizeof lf_volatile_args / sizeof lf_volatile_args[0];

const lf_volatile_arg *lf_volatile_arg_find(const char *name, size_t len)
{
    for (size_t i = 0; i < lf_nvolatile_args; i++) {
        const lf_volatile_arg *v = &lf_volatile_args[i];
        size_t n = strlen(v->name);
        if ((v->prefix ? len > n : len == n) && strncasecmp(name, v->name, n) == 0)
            return v;
    }
    return NULL;
}

bool lf_volatile_arg_is(const char *name, size_t len, const char *const *extra, size_t nextra)
{
    if (lf_volatile_arg_find(name, len))
        return true;
    for (size_t i = 0; i < nextra; i++)
        if (extra[i] && strlen(extra[i]) == len && memcmp(extra[i], name, len) == 0)
            return true;
    return false;
}
