/*
 * The cache-impact estimate on golden cases: small Dockerfiles (before and
 * after) with a build context made in a temporary directory (with git where
 * the case needs git's facts), and the exact lines the estimate gives for
 * every event: a source edit, a manifest edit, each volatile build arg and
 * context noise; multi-stage builds, COPY --from, FROM <stage>, ARG scope,
 * ignore files, bind mounts, named targets; and the RUN steps' names.
 */
#include "testutil.h"

#include "context.h"
#include "context_fs.h"
#include "impact.h"
#include "impact_estimate.h"
#include "sim.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- contexts -------------------------------------------------------------------- */

typedef struct ctxdir {
    char *dir;
    lf_context ctx;
    bool open;
} ctxdir;

static void put(const ctxdir *c, const char *rel, const char *text)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", c->dir, rel);
    for (char *s = p + strlen(c->dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(p, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

/* A context directory holding files (pairs: path, text; NULL-terminated),
 * a git work tree when git is set. */
static void ctx_make(ctxdir *c, bool git, const char *const *files)
{
    memset(c, 0, sizeof *c);
    c->dir = lf_test_tmpdir();
    assert_non_null(c->dir);
    if (git) {
        git_libgit2_init();
        git_repository *r;
        assert_int_equal(git_repository_init(&r, c->dir, 0), 0);
        git_repository_free(r);
        git_libgit2_shutdown();
    }
    for (size_t i = 0; files && files[i]; i += 2)
        put(c, files[i], files[i + 1]);
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&c->ctx, c->dir, &err), 0);
    c->open = true;
    lf_buf_free(&err);
}

static void ctx_free(ctxdir *c)
{
    if (c->open)
        lf_context_free(&c->ctx);
    lf_test_rmtree(c->dir);
    free(c->dir);
}

/* --- running the estimate ------------------------------------------------------------ */

typedef struct cas {
    const char *before, *after;
    const char *ignore_before, *ignore_after; /* NULL: none */
    const char *const *targets;
    size_t ntargets;
    const char *const *extra_args;
    size_t nextra;
} cas;

/* The estimate as lines: "[TARGET] " (named targets only) and the event's
 * description, then "note: ..." lines. */
static char *render(const lf_impact *im)
{
    lf_buf b = LF_BUF_INIT;
    for (size_t t = 0; t < im->ntargets; t++)
        for (size_t e = 0; e < im->targets[t].nevents; e++) {
            if (im->targets[t].name)
                lf_buf_printf(&b, "[%s] ", im->targets[t].name);
            lf_impact_describe(&im->targets[t].events[e], &b);
            lf_buf_addc(&b, '\n');
        }
    for (size_t k = 0; k < im->notes.n; k++)
        lf_buf_printf(&b, "note: %s\n", im->notes.items[k].s);
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

static int estimate(const cas *k, const lf_context *ctx, lf_impact *im)
{
    lf_impact_opts o = {ctx, k->targets, k->ntargets, k->extra_args, k->nextra};
    const char *after = k->after ? k->after : k->before;
    return lf_impact_estimate_texts(
        im, lf_test_parser, "Dockerfile", k->before, strlen(k->before), after, strlen(after),
        k->ignore_before, k->ignore_before ? strlen(k->ignore_before) : 0, k->ignore_after,
        k->ignore_after ? strlen(k->ignore_after) : 0, &o);
}

static void check(const cas *k, const lf_context *ctx, const char *want)
{
    lf_impact im;
    assert_int_equal(estimate(k, ctx, &im), 0);
    char *got = render(&im);
    assert_string_equal(got, want);
    free(got);
    lf_impact_free(&im);
}

/* --- golden cases ------------------------------------------------------------------- */

static const char *const node_files[] = {
    ".env.example",       "PORT=3000\n",       "README.md", "# app\n",   "package.json",
    "{\"name\":\"a\"}\n", "package-lock.json", "{}\n",      "server.js", "console.log(1)\n",
    "Dockerfile",         "FROM scratch\n",    NULL};

/* examples/node-app, as layerfix rewrites it. */
static void test_node_app(void **state)
{
    (void)state;
    ctxdir c;
    ctx_make(&c, false, node_files);
    cas k = {.before = "FROM node:20-bookworm-slim\n"
                       "ARG GIT_SHA\n"
                       "RUN apt-get update\n"
                       "RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
                       "WORKDIR /app\n"
                       "COPY . .\n"
                       "RUN npm ci --omit=dev\n"
                       "LABEL org.opencontainers.image.revision=$GIT_SHA\n"
                       "CMD [\"node\", \"server.js\"]\n",
             .after = "FROM node:20-bookworm-slim\n"
                      "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
                      "RUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get "
                      "install -y curl\n"
                      "WORKDIR /app\n"
                      "COPY package.json package-lock.json ./\n"
                      "RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"
                      "COPY . .\n"
                      "ARG GIT_SHA\n"
                      "LABEL org.opencontainers.image.revision=$GIT_SHA\n"
                      "CMD [\"node\", \"server.js\"]\n",
             .ignore_after = "Dockerfile\n**/node_modules\n"};
    check(&k, &c.ctx,
          "source edit (server.js): 1 RUN step re-runs before (npm ci), 0 after\n"
          "manifest edit (package.json): 1 RUN step re-runs before (npm ci), 1 after (npm ci)\n"
          "volatile build arg (GIT_SHA): 3 RUN steps re-run before (apt-get update, apt-get "
          "install, npm ci), 0 after\n");
    /* the lines are those of each version */
    lf_impact im;
    assert_int_equal(estimate(&k, &c.ctx, &im), 0);
    const lf_impact_event *arg = &im.targets[0].events[2];
    assert_int_equal(arg->before.steps[2].line, 7);
    const lf_impact_event *man = &im.targets[0].events[1];
    assert_int_equal(man->after.steps[0].line, 6);
    lf_impact_free(&im);
    ctx_free(&c);
}

/* The source file: code before other files, never a manifest, a
 * Dockerfile, an ignore file or a dotfile when there is something else. */
static void test_source_choice(void **state)
{
    (void)state;
    static const char *const files[] = {
        ".eslintrc",      "{}\n", "Dockerfile.prod", "FROM x\n",       "LICENSE", "MIT\n",
        "a.dockerignore", "x\n",  "go.mod",          "module a\n",     "go.sum",  "\n",
        "notes.txt",      "n\n",  "src/main.go",     "package main\n", NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n"
                       "RUN go build -o /app .\n"};
    check(&k, &c.ctx,
          "source edit (src/main.go): 2 RUN steps re-run before (go mod download, go build), "
          "2 after (go mod download, go build)\n"
          "manifest edit (go.mod): 2 RUN steps re-run before (go mod download, go build), 2 "
          "after (go mod download, go build)\n");
    ctx_free(&c);
}

/* A context listed without git holds what installs and builds wrote:
 * never the source edit nor the manifest. */
static void test_output_dirs(void **state)
{
    (void)state;
    static const char *const files[] = {"node_modules/a/index.js",
                                        "x\n",
                                        "node_modules/a/package.json",
                                        "{}\n",
                                        "target/gen.rs",
                                        "x\n",
                                        "zz.js",
                                        "1\n",
                                        NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM node\nCOPY . .\nRUN node zz.js\n"};
    check(&k, &c.ctx,
          "source edit (zz.js): 1 RUN step re-runs before (node zz.js), 1 after (node zz.js)\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    ctx_free(&c);
}

/* Only files named one by one: no source edit (a note says why); a
 * requirement file a pip command names is the manifest. */
static void test_narrow_copy(void **state)
{
    (void)state;
    static const char *const files[] = {"app.py", "print(1)\n", "requirements/base.txt", "flask\n",
                                        NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM python:3.12\nCOPY requirements/base.txt /r.txt\n"
                       "RUN pip install -r /r.txt\nCOPY app.py /app.py\n"
                       "RUN python3 -m compileall /app.py\n"};
    check(&k, &c.ctx,
          "manifest edit (requirements/base.txt): 2 RUN steps re-run before (pip install, "
          "compileall), 2 after (pip install, compileall)\n"
          "note: no source edit: no COPY or ADD sends a directory of the build context holding "
          "a source file\n");
    ctx_free(&c);
}

/* Multi-stage: the final stage needs the builder (COPY --from), not the
 * test stage; a named target needs its own chain. */
static void test_multi_stage(void **state)
{
    (void)state;
    static const char *const files[] = {"package.json", "{}\n", "src/index.ts", "x\n", NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    const char *df = "FROM node:20 AS deps\n"
                     "WORKDIR /app\n"
                     "COPY package.json ./\n"
                     "RUN npm install\n"
                     "FROM deps AS build\n"
                     "COPY . .\n"
                     "RUN npm run build\n"
                     "FROM deps AS test\n"
                     "COPY . .\n"
                     "RUN npm test\n"
                     "FROM node:20-slim\n"
                     "RUN apt-get install -y tini\n"
                     "COPY --from=build /app/dist /dist\n"
                     "RUN node /dist/check.js\n";
    static const char *const targets[] = {"test", "build"};
    cas k = {.before = df, .targets = targets, .ntargets = 2};
    check(&k, &c.ctx,
          "source edit (src/index.ts): 2 RUN steps re-run before (npm run build, node), 2 "
          "after (npm run build, node)\n"
          "manifest edit (package.json): 3 RUN steps re-run before (npm install, npm run build, "
          "node), 3 after (npm install, npm run build, node)\n"
          "[test] source edit (src/index.ts): 1 RUN step re-runs before (npm test), 1 after "
          "(npm test)\n"
          "[test] manifest edit (package.json): 2 RUN steps re-run before (npm install, npm "
          "test), 2 after (npm install, npm test)\n"
          "[build] source edit (src/index.ts): 1 RUN step re-runs before (npm run build), 1 "
          "after (npm run build)\n"
          "[build] manifest edit (package.json): 2 RUN steps re-run before (npm install, npm "
          "run build), 2 after (npm install, npm run build)\n");
    ctx_free(&c);
}

/* A stage no target needs is not built: a COPY there does not make a
 * source edit, and a COPY --from of an image changes nothing. */
static void test_unneeded_stage(void **state)
{
    (void)state;
    static const char *const files[] = {"main.c", "int main;\n", NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM gcc AS unused\nCOPY . /src\nRUN make -C /src\n"
                       "FROM debian\nCOPY --from=busybox:latest /bin/busybox /bin/\n"
                       "RUN busybox true\n"};
    check(&k, &c.ctx,
          "note: no source edit: no COPY or ADD sends a directory of the build context holding "
          "a source file\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    ctx_free(&c);
}

/* ARG scope: a declared ARG is in the environment of every later RUN of
 * its stage and of the stages built on it, not of other stages; a global
 * ARG reaches RUNs only when re-declared, and a FROM that uses it re-runs
 * its whole stage; ENV, USER, WORKDIR from it change the later RUNs. */
static void test_arg_scope(void **state)
{
    (void)state;
    cas k = {.before = "ARG BUILD_DATE\n"
                       "ARG VCS_REF\n"
                       "ARG CI_PIPELINE_ID\n"
                       "FROM alpine AS a\n"
                       "RUN apk add curl\n"
                       "ARG GIT_SHA\n"
                       "RUN make one\n"
                       "FROM a AS b\n"
                       "RUN make two\n"
                       "FROM alpine:${VCS_REF} AS c\n"
                       "RUN make three\n"
                       "FROM alpine\n"
                       "COPY --from=b /x /x\n"
                       "COPY --from=c /y /y\n"
                       "RUN make four\n"
                       "ARG BUILD_DATE\n"
                       "RUN make five\n"
                       "ARG CI_PIPELINE_ID\n"
                       "ENV STAMP=v$CI_PIPELINE_ID\n"
                       "RUN make six\n"};
    check(&k, NULL,
          "volatile build arg (BUILD_DATE): 2 RUN steps re-run before (make five, make six), 2 "
          "after (make five, make six)\n"
          "volatile build arg (VCS_REF): 4 RUN steps re-run before (make three, make four, make "
          "five, make six), 4 after (make three, make four, make five, make six)\n"
          "volatile build arg (CI_PIPELINE_ID): 1 RUN step re-runs before (make six), 1 after "
          "(make six)\n"
          "volatile build arg (GIT_SHA): 5 RUN steps re-run before (make one, make two, make "
          "four, make five, make six), 5 after (make one, make two, make four, make five, make "
          "six)\n"
          "note: no build context: only build arguments are estimated\n");
}

/* USER and WORKDIR from a changed value change every later RUN; a LABEL
 * changes none; an ARG from --volatile-arg counts. */
static void test_env_user_workdir(void **state)
{
    (void)state;
    static const char *const extra[] = {"MY_STAMP"};
    cas k = {.before = "FROM debian\n"
                       "RUN apt-get update\n"
                       "ARG MY_STAMP\n"
                       "LABEL stamp=$MY_STAMP\n"
                       "ARG APP_USER=app\n"
                       "ARG REVISION\n"
                       "USER ${APP_USER}\n"
                       "RUN id\n",
             .after = "FROM debian\n"
                      "RUN apt-get update\n"
                      "ARG APP_USER=app\n"
                      "USER ${APP_USER}\n"
                      "RUN id\n"
                      "ARG REVISION\n"
                      "WORKDIR /srv/$REVISION\n"
                      "RUN ls\n"
                      "ARG MY_STAMP\n"
                      "LABEL stamp=$MY_STAMP\n",
             .extra_args = extra,
             .nextra = 1};
    check(&k, NULL,
          "volatile build arg (MY_STAMP): 1 RUN step re-runs before (id), 0 after\n"
          "volatile build arg (REVISION): 1 RUN step re-runs before (id), 1 after (ls)\n"
          "note: no build context: only build arguments are estimated\n");
}

/* Ignore files: each version is built with its own; a file the original
 * ignore file leaves out is not a source edit, and an exception brings a
 * file back. */
static void test_ignore_files(void **state)
{
    (void)state;
    static const char *const files[] = {"a.py", "1\n",          "b.py", "2\n", "docs/x.md",
                                        "d\n",  "docs/keep.md", "k\n",  NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM python\nCOPY . /app\nRUN python -m compileall /app\n",
             .ignore_before = "a.py\n",
             .ignore_after = "a.py\ndocs\n!docs/keep.md\n"};
    check(&k, &c.ctx,
          "source edit (b.py): 1 RUN step re-runs before (compileall), 1 after (compileall)\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    /* a COPY of a directory the new ignore file empties */
    cas k2 = {.before = "FROM python\nCOPY docs /docs\nRUN ls /docs\n",
              .ignore_after = "docs/*.md\n!docs/keep.md\n"};
    check(&k2, &c.ctx,
          "source edit (docs/keep.md): 1 RUN step re-runs before (ls), 1 after (ls)\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    /* a file taken only by a glob */
    cas k3 = {.before = "FROM python\nCOPY *.py /app/\nRUN python /app/a.py\n",
              .ignore_before = "b.py\n"};
    check(&k3, &c.ctx,
          "source edit (a.py): 1 RUN step re-runs before (python), 1 after (python)\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    /* an ignore file the builder refuses */
    lf_impact im;
    cas bad = {.before = "FROM python\nCOPY . .\n", .ignore_after = "!\n"};
    assert_int_equal(estimate(&bad, &c.ctx, &im), -1);
    assert_int_equal(im.ntargets, 0);
    assert_non_null(strstr(im.notes.items[0].s, "refuse the new ignore file"));
    lf_impact_free(&im);
    ctx_free(&c);
}

/* Context noise with git: a change under .git and to a git-ignored file
 * on disk re-run what a `COPY . .` feeds until an ignore file leaves them
 * out. */
static void test_context_noise(void **state)
{
    (void)state;
    static const char *const files[] = {".gitignore",
                                        "node_modules/\n*.log\n",
                                        "package.json",
                                        "{}\n",
                                        "index.js",
                                        "1\n",
                                        "debug.log",
                                        "x\n",
                                        "node_modules/a",
                                        "y\n",
                                        NULL};
    ctxdir c;
    ctx_make(&c, true, files);
    cas k = {.before = "FROM node\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n",
             .after = "FROM node\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n"
                      "RUN npm run build\n",
             .ignore_after = ".git\n**/node_modules\n*.log\n"};
    char *got;
    lf_impact im;
    assert_int_equal(estimate(&k, &c.ctx, &im), 0);
    got = render(&im);
    /* .git/index does not exist before a commit: the first file under .git */
    const char *want_tail =
        "): 2 RUN steps re-run before (npm ci, npm run build), 0 after\n"
        "context noise (debug.log): 2 RUN steps re-run before (npm ci, npm run build), 0 after\n";
    assert_non_null(strstr(got, "source edit (index.js): 2 RUN steps re-run before (npm ci, npm "
                                "run build), 1 after (npm run build)\n"
                                "manifest edit (package.json): 2 RUN steps re-run before (npm "
                                "ci, npm run build), 2 after (npm ci, npm run build)\n"
                                "context noise (.git/"));
    size_t gl = strlen(got), tl = strlen(want_tail);
    assert_true(gl > tl);
    assert_string_equal(got + gl - tl, want_tail);
    free(got);
    lf_impact_free(&im);
    ctx_free(&c);
}

/* A RUN's bind mount of the context is an input; of another stage, that
 * stage's result. */
static void test_bind_mounts(void **state)
{
    (void)state;
    static const char *const files[] = {"src/a.c", "int a;\n", "tools/gen.sh", "x\n", NULL};
    ctxdir c;
    ctx_make(&c, false, files);
    cas k = {.before = "FROM gcc AS gen\nCOPY tools /tools\nRUN sh /tools/gen.sh\n"
                       "FROM gcc\n"
                       "RUN --mount=type=bind,source=src,target=/src make -C /src\n"
                       "RUN --mount=type=bind,from=gen,source=/out,target=/gen cp -r /gen /g\n"
                       "RUN --mount=type=cache,target=/root/.cache true\n"};
    check(&k, &c.ctx,
          "source edit (tools/gen.sh): 3 RUN steps re-run before (gen.sh, cp, true), 3 after "
          "(gen.sh, cp, true)\n"
          "note: no manifest edit: no dependency manifest of the build context is copied\n");
    /* the model itself: each file and what it re-runs */
    lf_doc *doc;
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", k.before, strlen(k.before)), 0);
    assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
    lf_analysis *an = lf_analyze(doc);
    lf_impact_input in = {doc, an, NULL, 0};
    imp_side s;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(imp_side_init(&s, &in, &err), 0);
    bool rerun[16], needed[4];
    imp_rerun(&s, 1, &(imp_event){"src/a.c", NULL}, rerun, needed);
    assert_true(rerun[4] && rerun[5] && rerun[6]);
    assert_false(rerun[2]);
    assert_true(needed[0] && needed[1]);
    imp_rerun(&s, 1, &(imp_event){"tools/gen.sh", NULL}, rerun, NULL);
    assert_true(rerun[1] && rerun[2] && !rerun[4] && rerun[5] && rerun[6]);
    imp_side_free(&s);
    lf_analysis_free(an);
    lf_doc_free(doc);
    lf_buf_free(&err);
    ctx_free(&c);
}

/* COPY --link does not depend on the step before it; what follows it does. */
static void test_copy_link(void **state)
{
    (void)state;
    const char *df = "FROM debian\nARG GIT_SHA\nRUN echo\nCOPY --link . /app\nRUN make\n"
                     "COPY --link=false . /b\n";
    lf_doc *doc;
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, strlen(df)), 0);
    assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
    lf_analysis *an = lf_analyze(doc);
    lf_impact_input in = {doc, an, NULL, 0};
    imp_side s;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(imp_side_init(&s, &in, &err), 0);
    bool rerun[8];
    imp_rerun(&s, 0, &(imp_event){NULL, "GIT_SHA"}, rerun, NULL);
    assert_true(rerun[2] && !rerun[3] && rerun[4] && rerun[5]);
    imp_rerun(&s, 0, &(imp_event){"x.c", NULL}, rerun, NULL);
    assert_true(!rerun[2] && rerun[3] && rerun[4] && rerun[5]);
    imp_side_free(&s);
    lf_analysis_free(an);
    lf_doc_free(doc);
    lf_buf_free(&err);
}

/* A named target one version does not have is left out, with a note; a
 * Dockerfile that does not parse gives no estimate. */
static void test_targets_and_errors(void **state)
{
    (void)state;
    static const char *const targets[] = {"dev", "app"};
    cas k = {.before = "FROM alpine AS dev\nARG BUILD_ID\nRUN true\nFROM alpine AS app\n",
             .after = "FROM alpine AS app\nARG BUILD_ID\nRUN true\n",
             .targets = targets,
             .ntargets = 2};
    check(&k, NULL,
          "volatile build arg (BUILD_ID): 0 RUN steps re-run before, 1 after (true)\n"
          "note: no build context: only build arguments are estimated\n"
          "note: target dev: not a stage of the new Dockerfile\n");
    lf_impact im;
    cas bad = {.before = "# nothing\n", .after = "FROM alpine\n"};
    assert_int_equal(estimate(&bad, NULL, &im), -1);
    assert_string_equal(im.notes.items[0].s, "no estimate: the original Dockerfile does not parse");
    lf_impact_free(&im);
}

/* The RUN steps' names. */
static void test_labels(void **state)
{
    (void)state;
    const char *df = "FROM debian\n"
                     "RUN set -eux; cd /app && npm run build --prod\n"
                     "RUN python3 -m pip install -r requirements.txt\n"
                     "RUN go mod download\n"
                     "RUN [\"make\", \"all\"]\n"
                     "RUN apt-get update && apt-get install -y curl\n"
                     "RUN --mount=type=cache,target=/x ./gradlew --no-daemon build\n"
                     "RUN echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /f\n"
                     "RUN bundle exec rake assets:precompile\n"
                     "RUN <<EOF\nset -e\nyarn install --frozen-lockfile\nEOF\n";
    static const char *const want[] = {"npm run build", "pip install",      "go mod download",
                                       "make all",      "apt-get update",   "gradlew build",
                                       "echo",          "bundle exec rake", "yarn install"};
    lf_doc *doc;
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, strlen(df)), 0);
    assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
    lf_analysis *an = lf_analyze(doc);
    lf_impact_input in = {doc, an, NULL, 0};
    imp_side s;
    lf_buf err = LF_BUF_INIT, label = LF_BUF_INIT;
    assert_int_equal(imp_side_init(&s, &in, &err), 0);
    size_t k = 0;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        if (doc->instrs[i].kw != LF_KW_RUN)
            continue;
        lf_buf_clear(&label);
        imp_run_label(&s, (int)i, &label);
        assert_string_equal(lf_buf_cstr(&label), want[k++]);
    }
    assert_int_equal(k, sizeof want / sizeof *want);
    imp_side_free(&s);
    lf_analysis_free(an);
    lf_doc_free(doc);
    lf_buf_free(&err);
    lf_buf_free(&label);
}

/* The one-line description: counts and plurals. */
static void test_describe(void **state)
{
    (void)state;
    lf_impact_event e = {LF_IMPACT_SOURCE_EDIT, NULL, {0}, {0}};
    e.subject = strdup("app.js");
    lf_impact_runs_add(&e.before, "apt-get install", 3);
    lf_impact_runs_add(&e.before, "npm ci", 7);
    lf_impact_runs_add(&e.before, "npm run build", 9);
    lf_impact_runs_add(&e.after, "npm run build", 10);
    lf_buf b = LF_BUF_INIT;
    lf_impact_describe(&e, &b);
    assert_string_equal(lf_buf_cstr(&b), "source edit (app.js): 3 RUN steps re-run before "
                                         "(apt-get install, npm ci, npm run build), 1 after "
                                         "(npm run build)");
    for (size_t i = 0; i < e.before.n; i++)
        free(e.before.steps[i].label);
    free(e.before.steps);
    for (size_t i = 0; i < e.after.n; i++)
        free(e.after.steps[i].label);
    free(e.after.steps);
    free(e.subject);
    assert_string_equal(lf_impact_kind_id(LF_IMPACT_VOLATILE_ARG), "volatile-arg");
    assert_string_equal(lf_impact_kind_name(LF_IMPACT_CONTEXT_NOISE), "context noise");
    lf_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_node_app),           cmocka_unit_test(test_source_choice),
        cmocka_unit_test(test_output_dirs),        cmocka_unit_test(test_narrow_copy),
        cmocka_unit_test(test_multi_stage),        cmocka_unit_test(test_unneeded_stage),
        cmocka_unit_test(test_arg_scope),          cmocka_unit_test(test_env_user_workdir),
        cmocka_unit_test(test_ignore_files),       cmocka_unit_test(test_context_noise),
        cmocka_unit_test(test_bind_mounts),        cmocka_unit_test(test_copy_link),
        cmocka_unit_test(test_targets_and_errors), cmocka_unit_test(test_labels),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
