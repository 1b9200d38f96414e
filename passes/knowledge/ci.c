/*
 * The CI knowledge table (see ci.h). Where each fact comes from:
 *
 * - GitHub Actions workflow syntax: jobs.<id>.steps[*].uses/with/run/name/id,
 *   env at workflow, job and step level
 *   (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax).
 * - docker/build-push-action's inputs (action.yml): cache-from, cache-to,
 *   tags, file, context, no-cache, build-args, push, load, outputs, secrets.
 *   Its v1 had other inputs (the v2 README's upgrade notes); v2 and later
 *   build through buildx. The docker actions move in trains: build-push v2
 *   with setup-buildx v1, v3/v4 with v2, v5/v6 with v3, v7 with v4 (v7 and
 *   v4 both switched to the Node 24 runtime, March 2026).
 * - The gha cache backend (https://docs.docker.com/build/cache/backends/gha/):
 *   `type=gha`, `mode=max` exports the layers of every stage, `scope=` names
 *   the cache object (default `buildkit`, so two images of one repository
 *   overwrite each other's cache unless their scopes differ). It needs the
 *   Actions runtime token and cache URL, which the actions see and a `run:`
 *   step does not. GitHub's cache is per repository and limited (10 GB,
 *   least recently used entries evicted).
 * - Cache backends and drivers (https://docs.docker.com/build/cache/backends/):
 *   the default `docker` driver exports a cache only with the containerd
 *   image store; a `docker-container` builder (what setup-buildx-action
 *   creates) exports to every backend. Registry cache:
 *   `type=registry,ref=IMAGE:TAG[,mode=max]`.
 * - docker CLI: `docker build` and `docker buildx build` options
 *   (https://docs.docker.com/reference/cli/docker/buildx/build/), the global
 *   options (https://docs.docker.com/reference/cli/docker/), `--secret
 *   id=ID,env=VAR` (buildx) and `RUN --mount=type=secret,id=ID,env=VAR`
 *   (Dockerfile frontend 1.10 and later).
 * - DOCKER_BUILDKIT=0 selects the legacy builder
 *   (https://docs.docker.com/build/buildkit/#getting-started).
 * - GitLab CI: script, before_script, after_script are shell lines;
 *   CI_REGISTRY_IMAGE is the project's image in its registry
 *   (https://docs.gitlab.com/ci/yaml/, https://docs.gitlab.com/ci/variables/predefined_variables/).
 * - Base-image tags: official images tag a major version (`python:3`,
 *   `node:20-alpine`) and move it with every minor and patch release;
 *   `latest`, `lts`, `current`, `stable` and a variant alone (`alpine`,
 *   `slim`) move too (the images' "Supported tags" lists on Docker Hub).
 */
#include "ci.h"

#include <string.h>
#include <strings.h>

#define LIST(...)                                                                                  \
    (const char *const[])                                                                          \
    {                                                                                              \
        __VA_ARGS__, NULL                                                                          \
    }

const lf_ci_gha lf_gha = {
    .jobs = "jobs",
    .steps = "steps",
    .uses = "uses",
    .with = "with",
    .run = "run",
    .name = "name",
    .id = "id",
    .env = "env",
    .expr_open = "${{",
    .matrix_prefix = "matrix.",
    /* https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow,
     * strategy.job-index:
     * https://docs.github.com/actions/learn-github-actions/contexts#strategy-context */
    .strategy = "strategy",
    .matrix = "matrix",
    .matrix_include = "include",
    .matrix_exclude = "exclude",
    .job_index = "${{ strategy.job-index }}",
    .build_push = "docker/build-push-action",
    .build_push_min_major = 2,
    .in_cache_from = "cache-from",
    .in_cache_to = "cache-to",
    .in_tags = "tags",
    .in_file = "file",
    .in_context = "context",
    .in_no_cache = "no-cache",
    .in_build_args = "build-args",
    .in_push = "push",
    .in_load = "load",
    .in_outputs = "outputs",
    .in_secrets = "secrets",
    .in_pull = "pull",
    .in_no_cache_filters = "no-cache-filters",
    .gha_from = "type=gha",
    .mode_max = "mode=max",
    .scope_opt = "scope",
    .setup_buildx = "docker/setup-buildx-action",
    .setup_buildx_step_name = "Set up Docker Buildx",
    .in_driver = "driver",
    .driver_docker = "docker",
    .driver_container = "docker-container",
    .metadata = "docker/metadata-action",
    .in_images = "images",
    .outputs_tags = ".outputs.tags",
    .login_actions = LIST("docker/login-action", "aws-actions/amazon-ecr-login",
                          "azure/docker-login", "google-github-actions/auth"),
    .runtime_note = "the gha backend needs the Actions runtime token, which "
                    "docker/build-push-action sees and a run step does not",
};

/* setup-buildx's major for a build-push-action major (the action trains). */
unsigned lf_ci_setup_buildx_major(unsigned build_push_major)
{
    static const unsigned train[][2] = {{2, 1}, {3, 2}, {4, 2}, {5, 3}, {6, 3}, {7, 4}};
    for (size_t i = 0; i < sizeof train / sizeof train[0]; i++)
        if (train[i][0] == build_push_major)
            return train[i][1];
    return 4; /* newer or unknown: the newest we know */
}

const lf_ci_gitlab lf_gitlab = {
    .script_keys = LIST("script", "before_script", "after_script"),
    .file_names = LIST(".gitlab-ci.yml", ".gitlab-ci.yaml"),
    .file_suffixes = LIST(".gitlab-ci.yml", ".gitlab-ci.yaml"),
    .registry_image = "$CI_REGISTRY_IMAGE",
};

const char *const lf_ci_makefile_names[] = {"Makefile", "makefile", "GNUmakefile", NULL};
const char *const lf_ci_makefile_suffixes[] = {".mk", ".make", NULL};

const lf_ci_docker lf_docker = {
    .programs = LIST("docker", "$(DOCKER)", "${DOCKER}", "$DOCKER"),
    .build_cmds = LIST("build", "buildx build", "buildx b", "image build", "builder build"),
    .buildx = "buildx",
    .login = "login",
    .buildx_create = "buildx create",
    .global_value_opts = LIST("--config", "-c", "--context", "-H", "--host", "-l", "--log-level",
                              "--tlscacert", "--tlscert", "--tlskey"),
    .build_value_opts =
        LIST("--add-host", "--allow", "--annotation", "--attest", "--build-arg", "--build-context",
             "--builder", "--cache-from", "--cache-to", "--call", "--cgroup-parent", "-f", "--file",
             "--iidfile", "--label", "--metadata-file", "--network", "--no-cache-filter", "-o",
             "--output", "--platform", "--progress", "--provenance", "--sbom", "--secret",
             "--shm-size", "--ssh", "-t", "--tag", "--target", "--ulimit", "--cpu-period",
             "--cpu-quota", "-c", "--cpu-shares", "--cpuset-cpus", "--cpuset-mems", "--isolation",
             "-m", "--memory", "--memory-swap", "--security-opt"),
    .opt_cache_from = "--cache-from",
    .opt_cache_to = "--cache-to",
    .opt_no_cache = "--no-cache",
    .opt_build_arg = "--build-arg",
    .opt_secret = "--secret",
    .opt_pull = "--pull",
    .opt_no_cache_filter = "--no-cache-filter",
    .tag_opts = LIST("-t", "--tag"),
    .buildx_build_cmd = "docker buildx build",
    .create_builder_cmd = "docker buildx create --use --driver docker-container",
    .cache_tag = "buildcache",
    .buildkit_env = "DOCKER_BUILDKIT",
    .buildkit_default = "Docker Engine 23.0",
    .history_cmd = "docker history",
    .inspect_cmd = "docker inspect",
    .imagetools_cmd = "docker buildx imagetools inspect",
};

const char *const lf_ci_shell_wrappers[] = {"sudo",  "env",  "time",    "nice",
                                            "nohup", "exec", "command", NULL};

/* `date` prints the current time; these git subcommands print the commit
 * (or a description of it) being built. */
static const lf_ci_stamp stamps[] = {
    {"date", NULL, "the time of the build"},
    {"git", LIST("rev-parse", "describe", "log", "show", "rev-list"), "the commit being built"},
};

const lf_ci_stamp *lf_ci_stamp_find(const char *prog, const char *sub)
{
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        if (strcmp(stamps[i].program, prog) != 0)
            continue;
        if (!stamps[i].subcmds)
            return &stamps[i];
        for (const char *const *s = stamps[i].subcmds; sub && *s; s++)
            if (strcmp(*s, sub) == 0)
                return &stamps[i];
    }
    return NULL;
}

const char *const lf_ci_tee_programs[] = {"tee", NULL};

/* Secret names: these suffixes (after an underscore or as the whole name),
 * these whole names, minus public keys and cache keys. */
static const char *const secret_suffixes[] = {"TOKEN", "PASSWORD", "PASSWD",      "PASS", "SECRET",
                                              "KEY",   "APIKEY",   "CREDENTIALS", "PAT",  NULL};
static const char *const secret_names[] = {"AWS_ACCESS_KEY_ID", NULL};
static const char *const not_secret_names[] = {"CACHE_KEY", "SORT_KEY", NULL};
/* GPG_KEY (and WORDPRESS_CLI_GPG_KEY...): the fingerprint official images
 * verify downloads with */
static const char *const not_secret_suffixes[] = {"PUBLIC_KEY", "PUB_KEY", "_KEY_ID", "GPG_KEY",
                                                  NULL};
/* Variables that front-end build tools inline into the code they ship to
 * browsers, public by design (Next.js, Vite, Create React App, Expo, Nuxt). */
static const char *const public_prefixes[] = {"NEXT_PUBLIC_", "VITE_",        "REACT_APP_",
                                              "EXPO_PUBLIC_", "NUXT_PUBLIC_", NULL};

static bool ends_with_ci(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

static bool equals_ci(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

bool lf_ci_secret_name(const char *name, size_t len)
{
    for (const char *const *w = secret_names; *w; w++)
        if (equals_ci(name, len, *w))
            return true;
    for (const char *const *w = not_secret_names; *w; w++)
        if (equals_ci(name, len, *w))
            return false;
    for (const char *const *w = not_secret_suffixes; *w; w++)
        if (ends_with_ci(name, len, *w))
            return false;
    for (const char *const *w = public_prefixes; *w; w++)
        if (len > strlen(*w) && strncasecmp(name, *w, strlen(*w)) == 0)
            return false;
    for (const char *const *w = secret_suffixes; *w; w++) {
        size_t k = strlen(*w);
        if (equals_ci(name, len, *w))
            return k > 4; /* TOKEN, PASSWORD, SECRET alone; not KEY, PASS, AUTH, PAT */
        if (len > k && ends_with_ci(name, len, *w) && name[len - k - 1] == '_')
            return true;
    }
    return false;
}

/* Tag words that move by definition, and variant words that alone mean
 * "the latest release of that variant". */
static const char *const floating_tags[] = {"latest",  "lts",     "current",  "stable", "edge",
                                            "rolling", "nightly", "mainline", NULL};
static const char *const variant_tags[] = {"alpine", "slim", NULL};

const char *const lf_ci_scratch = "scratch";

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return true;
    return false;
}

lf_tag_kind lf_ci_tag_kind(const char *ref, size_t len, const char **tag, size_t *tag_len)
{
    size_t slash = 0, colon = len;
    for (size_t i = 0; i < len; i++) {
        if (ref[i] == '/') {
            slash = i + 1;
            colon = len;
        } else if (ref[i] == ':' && i >= slash) {
            colon = i;
        }
    }
    *tag = colon < len ? ref + colon + 1 : ref + len;
    *tag_len = colon < len ? len - colon - 1 : 0;
    if (colon == len)
        return LF_TAG_NONE;
    const char *t = *tag;
    size_t n = *tag_len, seg = 0;
    while (seg < n && t[seg] != '-')
        seg++;
    if (in_list(floating_tags, t, seg) || in_list(variant_tags, t, n))
        return LF_TAG_FLOATING;
    size_t i = (seg > 1 && (t[0] == 'v' || t[0] == 'V')) ? 1 : 0, digits = 0;
    while (i + digits < seg && t[i + digits] >= '0' && t[i + digits] <= '9')
        digits++;
    /* a major version has one to three digits; `1809` (Windows) is a release */
    if (digits > 0 && digits <= 3 && i + digits == seg)
        return LF_TAG_MAJOR_ONLY;
    return LF_TAG_PINNED;
}
