/*
 * Build contexts from evidence (rewrite/project/contexts.c and the readers
 * behind it), scenario by scenario in temporary libgit2 repositories: each
 * evidence source (--context, .layerfix.yml, compose with .env / include /
 * extends, bake, GitHub Actions workflows, GitLab CI, Makefiles, shell
 * scripts, a build from stdin, COPY sources, the guess) gives the list of
 * contexts with the evidence that lf_builds_contexts_for reports.
 */
#include "testutil.h"

#include "compose.h"
#include "config.h"
#include "contexts.h"
#include "discover.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------------------- */

/* `git add -A && git commit`, then cd into the work tree. */
static void repo_commit(lf_test_repo *t)
{
    lf_test_repo_commit(t);
    assert_int_equal(chdir(t->dir), 0);
}

/* The contexts of dockerfile as one string: "CONTEXT <- DESCRIPTION" per
 * entry, joined with " | " (a build from stdin shows "(none)"). */
static char *contexts_of(const lf_builds *b, const char *dockerfile)
{
    lf_context_list l = {0};
    lf_builds_contexts_for(b, dockerfile, &l);
    lf_buf s = LF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            lf_buf_adds(&s, " | ");
        lf_buf_printf(&s, "%s <- ", l.items[i].context ? l.items[i].context : "(none)");
        lf_evidence_describe(&l.items[i], &s);
    }
    lf_context_list_free(&l);
    return lf_buf_detach(&s, NULL);
}

#define EXPECT_CONTEXTS(b, dockerfile, want)                                                       \
    do {                                                                                           \
        char *got_ = contexts_of((b), (dockerfile));                                               \
        if (strcmp(got_, (want)) != 0)                                                             \
            fail_msg("%s:\n  got  %s\n  want %s", (dockerfile), got_, (want));                     \
        free(got_);                                                                                \
    } while (0)

/* Discovery with no PATH in the current directory (the repository), with
 * cfg when given. */
static void discover(lf_strv *files, lf_builds *b, const lf_config *cfg)
{
    lf_buf err = LF_BUF_INIT;
    int failed = lf_discover_all(files, b, NULL, 0, cfg, &err);
    if (failed || err.len)
        fail_msg("discovery failed: %s", lf_buf_cstr(&err));
    lf_buf_free(&err);
}

static bool has(const lf_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, s) == 0)
            return true;
    return false;
}

/* --- 1. the command line and .layerfix.yml ---------------------------------------------- */

static void test_override_and_config(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "services/api/Dockerfile", "FROM a\nCOPY . .\n");
    lf_test_put(t.dir, "tools/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "shared/lib.txt", "x\n");
    lf_test_put(t.dir, "compose.yaml", "services:\n  api:\n    build: services/api\n");
    lf_test_put(t.dir, ".layerfix.yml",
                "contexts:\n"
                "  services/api/Dockerfile: .\n"
                "  tools/Dockerfile: [tools, shared]\n");
    repo_commit(&t);
    lf_config cfg;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&cfg, &lf_pass_table_all, ".layerfix.yml", &err), 0);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, &cfg);
    /* the configuration wins over the compose file */
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", ". <- .layerfix.yml:2");
    EXPECT_CONTEXTS(&b, "tools/Dockerfile", "tools <- .layerfix.yml:3 | shared <- .layerfix.yml:3");
    /* the old entry point sees the configuration's first context */
    const lf_build_ref *r = lf_builds_context_for(&b, "tools/Dockerfile");
    assert_non_null(r);
    assert_string_equal(r->context, "tools");
    /* --context wins over everything */
    lf_builds_set_override(&b, "shared");
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", "shared <- --context");
    EXPECT_CONTEXTS(&b, "tools/Dockerfile", "shared <- --context");
    lf_builds_set_override(&b, NULL);
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", ". <- .layerfix.yml:2");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_config_free(&cfg);
    lf_buf_free(&err);
    lf_test_repo_free(&t);
}

/* --- 2. compose ----------------------------------------------------------------------------- */

static void test_compose_env_include_extends(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, ".env", "API_DIR=services/api\n");
    lf_test_put(t.dir, "compose.yaml",
                "include:\n"
                "  - deploy/worker.yaml\n"
                "services:\n"
                "  api:\n"
                "    build:\n"
                "      context: .\n"
                "      dockerfile: ${API_DIR}/Dockerfile\n"
                "  admin:\n"
                "    extends: {file: deploy/base.yaml, service: base}\n");
    lf_test_put(t.dir, "deploy/worker.yaml", "services:\n  worker:\n    build: ../worker\n");
    lf_test_put(t.dir, "deploy/base.yaml",
                "services:\n  base:\n    build:\n      context: ../admin\n");
    lf_test_put(t.dir, "services/api/Dockerfile", "FROM a\nCOPY services/api/ /app/\n");
    lf_test_put(t.dir, "worker/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "admin/Dockerfile", "FROM a\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    /* the .env sets API_DIR: no "has no default" note */
    assert_int_equal(b.notes.n, 0);
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", ". <- compose.yaml:6");
    EXPECT_CONTEXTS(&b, "worker/Dockerfile", "worker <- deploy/worker.yaml:3");
    EXPECT_CONTEXTS(&b, "admin/Dockerfile", "admin <- deploy/base.yaml:4");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

/* --- 4. CI files and scripts -------------------------------------------------------------------
 */

static void test_workflow_build_push_action(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "services/x/Dockerfile", "FROM a\nCOPY services/x/ /app/\n");
    lf_test_put(t.dir, "services/y/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "services/z/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "tools/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "m/a/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "m/b/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "act/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, ".github/workflows/matrix.yml",
                "jobs:\n"
                "  m:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        d: [a, b]\n"
                "        os: [linux]\n"
                "        exclude:\n"
                "          - d: b\n"
                "    steps:\n"
                "      - run: docker build -f m/${{ matrix.d }}/Dockerfile m/${{ matrix.d }}\n");
    /* a composite action: its inputs' defaults */
    lf_test_put(t.dir, ".github/actions/img/action.yml",
                "inputs:\n"
                "  dir:\n"
                "    default: act\n"
                "runs:\n"
                "  using: composite\n"
                "  steps:\n"
                "    - shell: bash\n"
                "      run: docker build \"${{ inputs.dir }}\"\n");
    lf_test_put(t.dir, ".github/workflows/ci.yml",
                "on: push\n"
                "env:\n"
                "  SVC: y\n"
                "jobs:\n"
                "  image:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          context: .\n"
                "          file: services/x/Dockerfile\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          context: services/${{ env.SVC }}\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          context: ${{ steps.meta.outputs.dir }}\n"
                "          file: tools/Dockerfile\n"
                "  matrix:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        svc: [z]\n"
                "        include:\n"
                "          - svc: z\n"
                "            ctx: services\n"
                "    steps:\n"
                "      - uses: useblacksmith/build-push-action@v1\n"
                "        with:\n"
                "          context: ${{ matrix.ctx }}\n"
                "          file: ./services/${{ matrix.svc }}/Dockerfile\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_CONTEXTS(&b, "services/x/Dockerfile",
                    ". <- workflow .github/workflows/ci.yml:9 (docker/build-push-action)");
    EXPECT_CONTEXTS(
        &b, "services/y/Dockerfile",
        "services/y <- workflow .github/workflows/ci.yml:13 (docker/build-push-action)");
    EXPECT_CONTEXTS(&b, "services/z/Dockerfile",
                    "services <- workflow .github/workflows/ci.yml:28 "
                    "(useblacksmith/build-push-action)");
    EXPECT_CONTEXTS(&b, "m/a/Dockerfile",
                    "m/a <- workflow .github/workflows/matrix.yml:10 (docker build)");
    EXPECT_CONTEXTS(&b, "m/b/Dockerfile", "m/b <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "act/Dockerfile",
                    "act <- workflow .github/actions/img/action.yml:8 (docker build)");
    /* a context from an expression that cannot be known: no evidence */
    EXPECT_CONTEXTS(&b, "tools/Dockerfile", "tools <- guess: the Dockerfile's directory");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

static void test_workflow_run_steps(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "a/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "web/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "web/img/Dockerfile.prod", "FROM a\n");
    lf_test_put(t.dir, "docs/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, ".github/workflows/build.yaml",
                "jobs:\n"
                "  build:\n"
                "    defaults:\n"
                "      run:\n"
                "        working-directory: web\n"
                "    steps:\n"
                "      - run: docker build -f a/Dockerfile .\n"
                "        working-directory: .\n"
                "      - name: web\n"
                "        run: |\n"
                "          echo building\n"
                "          docker buildx build \\\n"
                "            --file img/Dockerfile.prod \\\n"
                "            --tag web:${{ github.sha }} .\n"
                "      - run: docker build -t docs -f \"$GITHUB_WORKSPACE/docs/Dockerfile\" $DOCS\n"
                "        env:\n"
                "          DOCS: ${{ github.workspace }}/docs\n"
                "      - shell: pwsh\n"
                "        run: docker build ../a\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_CONTEXTS(&b, "a/Dockerfile",
                    ". <- workflow .github/workflows/build.yaml:7 (docker build)");
    EXPECT_CONTEXTS(&b, "web/img/Dockerfile.prod",
                    "web <- workflow .github/workflows/build.yaml:12 (docker buildx build)");
    EXPECT_CONTEXTS(&b, "docs/Dockerfile",
                    "docs <- workflow .github/workflows/build.yaml:15 (docker build)");
    EXPECT_CONTEXTS(&b, "web/Dockerfile", "web <- guess: the Dockerfile's directory");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

static void test_makefile(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "docker/app.Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "docker/tools.Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "docker/other.Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "build/Makefile",
                "IMAGE ?= app\n"
                "DOCKER_DIR := ../docker\n"
                "DF = $(DOCKER_DIR)/tools.Dockerfile\n"
                "\n"
                "image:\n"
                "\t@docker build -t $(IMAGE) \\\n"
                "\t  -f $(DOCKER_DIR)/app.Dockerfile \\\n"
                "\t  ..\n"
                "tools: image\n"
                "\tcd .. && docker build -f docker/tools.Dockerfile docker\n"
                "other:\n"
                "\tdocker build -f $(UNKNOWN_DIR)/other.Dockerfile ..\n"
                "\tdocker build -f $@.Dockerfile ../docker\n"
                "dfvar:\n"
                "\t-docker build -f $(DF) $(CURDIR)/..\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_CONTEXTS(&b, "docker/app.Dockerfile", ". <- build/Makefile:6 (docker build)");
    EXPECT_CONTEXTS(
        &b, "docker/tools.Dockerfile",
        "docker <- build/Makefile:10 (docker build) | . <- build/Makefile:15 (docker build)");
    /* $(UNKNOWN_DIR), $@: not known, so no evidence */
    EXPECT_CONTEXTS(&b, "docker/other.Dockerfile", "docker <- guess: the Dockerfile's directory");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

static void test_shell_script(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "images/base/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "images/app/Containerfile", "FROM a\n");
    lf_test_put(t.dir, "scripts/build.sh",
                "#!/usr/bin/env bash\n"
                "set -euo pipefail\n"
                "cd \"$(dirname \"$0\")/..\"\n"
                "docker build -t base -f images/base/Dockerfile .\n");
    lf_test_put(t.dir, "scripts/release",
                "#!/bin/sh\n"
                "for img in app; do\n"
                "  podman build -t \"$img\" \"images/$img\"\n"
                "done\n");
    lf_test_put(t.dir, "scripts/notes.txt", "docker build -f images/base/Dockerfile images\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_CONTEXTS(&b, "images/base/Dockerfile", ". <- script scripts/build.sh:4 (docker build)");
    EXPECT_CONTEXTS(&b, "images/app/Containerfile",
                    "images/app <- script scripts/release:3 (podman build)");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

static void test_gitlab_ci(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "api/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "worker/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "kaniko/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, ".gitlab-ci.yml",
                "include:\n"
                "  - local: ci/worker.yml\n"
                "variables:\n"
                "  API: api\n"
                "build-api:\n"
                "  image: docker:27\n"
                "  script:\n"
                "    - docker build -t $CI_REGISTRY_IMAGE/api -f $API/Dockerfile .\n"
                "kaniko:\n"
                "  script:\n"
                "    - >-\n"
                "      /kaniko/executor --context \"${CI_PROJECT_DIR}/kaniko\"\n"
                "      --dockerfile \"${CI_PROJECT_DIR}/kaniko/Dockerfile\"\n");
    lf_test_put(t.dir, "ci/worker.yml",
                "build-worker:\n"
                "  variables:\n"
                "    DIR: worker\n"
                "  script:\n"
                "    - cd $DIR\n"
                "    - docker build .\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_CONTEXTS(&b, "api/Dockerfile", ". <- GitLab CI .gitlab-ci.yml:8 (docker build)");
    EXPECT_CONTEXTS(&b, "worker/Dockerfile", "worker <- GitLab CI ci/worker.yml:6 (docker build)");
    EXPECT_CONTEXTS(&b, "kaniko/Dockerfile", "kaniko <- GitLab CI .gitlab-ci.yml:12 (kaniko)");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

static void test_stdin_build(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "ci/Dockerfile", "FROM a\nRUN true\n");
    lf_test_put(t.dir, "both/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "Makefile",
                "ci:\n"
                "\tdocker build -t ci - < ci/Dockerfile\n"
                "both:\n"
                "\tcat both/Dockerfile | docker build -\n"
                "\tdocker build both\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    /* no context at all */
    EXPECT_CONTEXTS(&b, "ci/Dockerfile",
                    "(none) <- Makefile:2 (docker build, from stdin: no context)");
    /* also built with a context: that one */
    EXPECT_CONTEXTS(&b, "both/Dockerfile", "both <- Makefile:5 (docker build)");
    /* the old entry point passes over the build from stdin */
    assert_null(lf_builds_context_for(&b, "ci/Dockerfile"));
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

/* Several builds that happen, each with its context: all of them, in the
 * order of the evidence; a Dockerfile only a script names is found. */
static void test_several_contexts(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "app/build.df", "FROM a\n");
    lf_test_put(t.dir, "compose.yml",
                "services:\n  app:\n    build: {context: app, dockerfile: build.df}\n");
    lf_test_put(t.dir, "build.sh",
                "#!/bin/sh\ndocker build -f app/build.df .\ndocker build -f app/build.df app\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    assert_true(has(&files, "app/build.df"));
    EXPECT_CONTEXTS(&b, "app/build.df",
                    "app <- compose.yml:3 | . <- script build.sh:2 (docker build)");
    lf_context_list l = {0};
    assert_int_equal(lf_builds_contexts_for(&b, "app/build.df", &l), 2);
    assert_int_equal(l.items[0].kind, LF_EVIDENCE_COMPOSE);
    assert_int_equal(l.items[1].kind, LF_EVIDENCE_SCRIPT);
    assert_string_equal(lf_evidence_kind_name(l.items[1].kind), "script");
    assert_string_equal(l.items[1].detail, "docker build");
    lf_context_list_free(&l);
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

/* --- targets --------------------------------------------------------------------------------- */

/* The targets of dockerfile as "A, B, ..." ("" for none). */
static char *targets_of(const lf_builds *b, const char *dockerfile)
{
    lf_strv l = LF_STRV_INIT;
    size_t n = lf_builds_targets_for(b, dockerfile, &l);
    assert_int_equal(n, l.n);
    lf_buf s = LF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++)
        lf_buf_printf(&s, "%s%s", i ? ", " : "", l.items[i].s);
    lf_buf_adds(&s, "");
    lf_strv_free(&l);
    return lf_buf_detach(&s, NULL);
}

#define EXPECT_TARGETS(b, dockerfile, want)                                                        \
    do {                                                                                           \
        char *got_ = targets_of((b), (dockerfile));                                                \
        if (strcmp(got_, (want)) != 0)                                                             \
            fail_msg("%s:\n  got  %s\n  want %s", (dockerfile), got_, (want));                     \
        free(got_);                                                                                \
    } while (0)

static bool has_note(const lf_builds *b, const char *needle)
{
    for (size_t i = 0; i < b->notes.n; i++)
        if (strstr(b->notes.items[i].s, needle))
            return true;
    return false;
}

/* The stage each build stops at: compose `build.target` (also through
 * `extends`), bake `target` (with a variable's default), build-push-action
 * `target:` (a matrix gives one per entry), `--target` in a Makefile and a
 * GitLab CI job; each once, in the order the evidence was read. A target
 * that cannot be known leaves the build in, with no target. */
static void test_targets(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "app/Dockerfile",
                "FROM a AS deps\nFROM deps AS test\nFROM deps AS prod\nFROM deps AS lint\n"
                "FROM deps AS docs\nFROM deps AS dev\nFROM deps AS ci\nFROM deps AS m1\n");
    lf_test_put(t.dir, "other/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "compose.yaml",
                "services:\n"
                "  test:\n"
                "    build: {context: app, target: test}\n"
                "  prod:\n"
                "    build:\n"
                "      context: app\n"
                "      target: prod\n"
                "  again:\n"
                "    build: {context: app, target: prod}\n"
                "  prod2:\n"
                "    extends: prod\n"
                "  unknown:\n"
                "    build: {context: app, target: \"${STAGE}\"}\n"
                "  other:\n"
                "    build: other\n");
    lf_test_put(t.dir, "docker-bake.hcl",
                "variable \"LINT\" { default = \"lint\" }\n"
                "target \"lint\" {\n  context = \"app\"\n  target = \"${LINT}\"\n}\n"
                "target \"nope\" {\n  context = \"app\"\n  target = \"${NOPE}\"\n}\n");
    lf_test_put(t.dir, ".github/workflows/ci.yml",
                "jobs:\n"
                "  image:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        stage: [m1, docs]\n"
                "    steps:\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          context: app\n"
                "          target: ${{ matrix.stage }}\n"
                "      - uses: docker/build-push-action@v6\n"
                "        with:\n"
                "          context: app\n"
                "          target: ${{ steps.x.outputs.stage }}\n");
    lf_test_put(t.dir, "Makefile", "dev:\n\tdocker build --target=dev app\n");
    lf_test_put(t.dir, ".gitlab-ci.yml",
                "build:\n  script:\n    - docker build --target ci -f app/Dockerfile app\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    EXPECT_TARGETS(&b, "app/Dockerfile", "test, prod, lint, m1, docs, ci, dev");
    EXPECT_TARGETS(&b, "other/Dockerfile", "");
    /* the context is listed once, from the first build */
    EXPECT_CONTEXTS(&b, "app/Dockerfile", "app <- compose.yaml:3");
    assert_true(has_note(&b, "service `unknown`: `build.target` needs the variable `STAGE`, "
                             "which has no default here; its stage is not known"));
    assert_true(has_note(&b, "target `nope`: `target` needs `${NOPE}`, which has no literal "
                             "default here; its stage is not known"));
    /* --context does not change which stages the builds stop at */
    lf_builds_set_override(&b, "other");
    EXPECT_TARGETS(&b, "app/Dockerfile", "test, prod, lint, m1, docs, ci, dev");
    /* appended to what the list holds, each once */
    lf_strv l = LF_STRV_INIT;
    lf_strv_push(&l, "prod", 4);
    assert_int_equal(lf_builds_targets_for(&b, "app/Dockerfile", &l), 6);
    assert_int_equal(l.n, 7);
    assert_string_equal(l.items[0].s, "prod");
    assert_string_equal(l.items[1].s, "test");
    assert_int_equal(lf_builds_targets_for(NULL, "app/Dockerfile", &l), 0);
    lf_strv_free(&l);
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

/* --- 5. COPY sources and 6. the guess ------------------------------------------------------ */

static void test_copy_sources(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    /* the sources are at the repository root, not beside the Dockerfile */
    lf_test_put(t.dir, "docker/app/Dockerfile",
                "FROM a AS build\n"
                "COPY go.mod go.sum ./\n"
                "COPY cmd/ ./cmd/\n"
                "COPY --from=build /out /out\n"
                "COPY [\"internal/*.go\", \"/src/\"]\n"
                "COPY $GENERATED /gen\n"
                "ADD https://example.com/x.tgz /x\n"
                "COPY dist/app.jar /app.jar\n");
    lf_test_put(t.dir, "go.mod", "module x\n");
    lf_test_put(t.dir, "go.sum", "\n");
    lf_test_put(t.dir, "cmd/main.go", "package main\n");
    lf_test_put(t.dir, "internal/a.go", "package internal\n");
    /* a nearer ancestor that has the sources wins over the root */
    lf_test_put(t.dir, "svc/one/Dockerfile", "FROM a\nCOPY lib/ /lib/\nCOPY one/run.sh /\n");
    lf_test_put(t.dir, "svc/lib/x.txt", "x\n");
    lf_test_put(t.dir, "svc/one/run.sh", "#!/bin/sh\n");
    /* sources beside the Dockerfile: its directory, still a guess */
    lf_test_put(t.dir, "web/Dockerfile", "FROM a\nCOPY index.html /srv/\nCOPY . /app\n");
    lf_test_put(t.dir, "web/index.html", "<p>\n");
    /* plain COPY lines whose sources are beside it, and one continued over
     * two lines whose source only the root has */
    lf_test_put(t.dir, "multi/Dockerfile",
                "FROM a\nCOPY --from=b /x /y\nCOPY local.txt /\nCOPY \\\n  shared/ /shared/\n");
    lf_test_put(t.dir, "multi/local.txt", "x\n");
    lf_test_put(t.dir, "shared/s.txt", "x\n");
    lf_test_put(t.dir, "local.txt", "x\n");
    /* nothing to go by */
    lf_test_put(t.dir, "base/Dockerfile", "FROM a\nRUN true\n");
    /* sources nobody has */
    lf_test_put(t.dir, "gen/Dockerfile", "FROM a\nCOPY build/out /out\n");
    /* only a wildcard matches above (`*.sh` at the root): no evidence */
    lf_test_put(t.dir, "tools.sh", "#!/bin/sh\n");
    lf_test_put(t.dir, "img/Dockerfile", "FROM a\nCOPY *.sh upgrade.exclude /\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    assert_int_equal(files.n, 7);
    assert_true(has(&files, "docker/app/Dockerfile"));
    EXPECT_CONTEXTS(&b, "docker/app/Dockerfile", ". <- COPY sources (docker/app/Dockerfile:2)");
    EXPECT_CONTEXTS(&b, "svc/one/Dockerfile", "svc <- COPY sources (svc/one/Dockerfile:2)");
    EXPECT_CONTEXTS(&b, "web/Dockerfile", "web <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "multi/Dockerfile", ". <- COPY sources (multi/Dockerfile:4)");
    EXPECT_CONTEXTS(&b, "multi/Dockerfile", ". <- COPY sources (multi/Dockerfile:4)");
    EXPECT_CONTEXTS(&b, "base/Dockerfile", "base <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "gen/Dockerfile", "gen <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "img/Dockerfile", "img <- guess: the Dockerfile's directory");
    /* from a subdirectory, the paths stay relative to it */
    assert_int_equal(chdir("docker"), 0);
    EXPECT_CONTEXTS(NULL, "app/Dockerfile", ".. <- COPY sources (app/Dockerfile:2)");
    /* an unreadable Dockerfile: the guess */
    EXPECT_CONTEXTS(NULL, "app/missing.Dockerfile", "app <- guess: the Dockerfile's directory");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_test_repo_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_override_and_config),
        cmocka_unit_test(test_compose_env_include_extends),
        cmocka_unit_test(test_workflow_build_push_action),
        cmocka_unit_test(test_workflow_run_steps),
        cmocka_unit_test(test_makefile),
        cmocka_unit_test(test_shell_script),
        cmocka_unit_test(test_gitlab_ci),
        cmocka_unit_test(test_stdin_build),
        cmocka_unit_test(test_several_contexts),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_copy_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
