/*
 * The cache-impact estimate through the command: a copy of
 * examples/node-app in a temporary directory, and what --explain, --check,
 * --format=json and --pr-body say of it; then the same build after --fix,
 * in a git checkout, where only the ignore file still changes.
 */
#include "testutil.h"

#include "testjson.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const node_app[] = {
    ".env.example", ".gitignore", "Dockerfile", "package-lock.json",
    "package.json", "README.md",  "server.js",  NULL};

typedef struct app {
    char *dir;
    char df[4096];
} app;

static void app_make(app *a)
{
    a->dir = lf_test_tmpdir();
    assert_non_null(a->dir);
    for (size_t i = 0; node_app[i]; i++) {
        char src[4096], dst[4096];
        snprintf(src, sizeof src, "examples/node-app/%s", node_app[i]);
        size_t len;
        char *text = lf_test_read_file(lf_test_source_path(src), &len);
        assert_non_null(text);
        snprintf(dst, sizeof dst, "%s/%s", a->dir, node_app[i]);
        assert_int_equal(lf_test_write_file(dst, text, len), 0);
        free(text);
    }
    snprintf(a->df, sizeof a->df, "%s/Dockerfile", a->dir);
}

static void app_free(app *a)
{
    lf_test_rmtree(a->dir);
    free(a->dir);
}

/* Runs layerfix with args (NULL-terminated) then the Dockerfile; the exit
 * status in *rc. */
static char *run(const app *a, const char *const *args, int *rc, char **err)
{
    char *argv[16];
    size_t n = 0;
    argv[n++] = (char *)LF_BINARY;
    for (size_t i = 0; args[i] && n < 14; i++)
        argv[n++] = (char *)args[i];
    argv[n++] = (char *)a->df;
    argv[n] = NULL;
    char *out = NULL;
    *rc = lf_test_run(argv, NULL, &out, err);
    assert_non_null(out);
    return out;
}

static const char *const want_block =
    "# cache impact:\n"
    "#   source edit (server.js): 1 RUN step re-runs before (npm ci), 0 after\n"
    "#   manifest edit (package.json): 1 RUN step re-runs before (npm ci), 1 after (npm ci)\n"
    "#   volatile build arg (GIT_SHA): 3 RUN steps re-run before (apt-get update, apt-get "
    "install, npm ci), 0 after\n";

static void test_explain(void **state)
{
    (void)state;
    app a;
    app_make(&a);
    int rc;
    char *out = run(&a, (const char *const[]){"--explain", "--no-config", NULL}, &rc, NULL);
    assert_int_equal(rc, 1);
    /* under the Dockerfile's diff and its reasons, before an ignore file's diff (outside git
     * there is none) */
    const char *block = strstr(out, want_block);
    assert_non_null(block);
    const char *reasons = strstr(out, "# [late-volatile-args]");
    const char *ignore = strstr(out, ".dockerignore b/");
    assert_true(reasons && reasons < block && (!ignore || block < ignore));
    free(out);
    /* without --explain: the diff only */
    out = run(&a, (const char *const[]){"--no-config", NULL}, &rc, NULL);
    assert_null(strstr(out, "cache impact"));
    free(out);
    /* --check: the totals under the summary */
    out = run(&a, (const char *const[]){"--check", "--no-config", NULL}, &rc, NULL);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, " with errors\ncache impact, RUN steps re-run before -> after: "
                                "source edit 1 -> 0, manifest edit 1 -> 1, volatile build arg "
                                "3 -> 0\n"));
    free(out);
    app_free(&a);
}

static const lf_tj *event_of(const lf_tj *events, const char *kind, const char *subject)
{
    for (size_t i = 0; i < lf_tj_count(events); i++) {
        const lf_tj *e = lf_tj_at(events, i);
        if (strcmp(lf_tj_str(lf_tj_get(e, "event"), "event", NULL), kind) == 0 &&
            (!subject || strcmp(lf_tj_str(lf_tj_get(e, "subject"), "subject", NULL), subject) == 0))
            return e;
    }
    fail_msg("no %s event", kind);
    return NULL;
}

static void check_side(const lf_tj *e, const char *side, long runs, const char *first, long line)
{
    const lf_tj *s = lf_tj_object(lf_tj_get(e, side), side);
    assert_int_equal(lf_tj_int(lf_tj_get(s, "runs"), "runs"), runs);
    const lf_tj *steps = lf_tj_array(lf_tj_get(s, "steps"), "steps");
    assert_int_equal(lf_tj_count(steps), (size_t)runs);
    if (first) {
        assert_string_equal(lf_tj_str(lf_tj_get(lf_tj_at(steps, 0), "run"), "run", NULL), first);
        assert_int_equal(lf_tj_int(lf_tj_get(lf_tj_at(steps, 0), "line"), "line"), line);
    }
}

static void test_json_and_pr_body(void **state)
{
    (void)state;
    app a;
    app_make(&a);
    int rc;
    char pr[4200];
    snprintf(pr, sizeof pr, "%s.pr.md", a.dir);
    char *out =
        run(&a, (const char *const[]){"--format=json", "--no-config", "--pr-body", pr, NULL}, &rc,
            NULL);
    assert_int_equal(rc, 1);
    char err[128];
    lf_tj *doc = lf_tj_parse(out, strlen(out), err, sizeof err);
    assert_non_null(doc);
    const lf_tj *tot = lf_tj_get(lf_tj_get(doc, "summary"), "impact");
    assert_int_equal(lf_tj_int(lf_tj_get(lf_tj_get(tot, "volatile-arg"), "before"), "before"), 3);
    assert_int_equal(lf_tj_int(lf_tj_get(lf_tj_get(tot, "source-edit"), "after"), "after"), 0);
    assert_int_equal(lf_tj_int(lf_tj_get(lf_tj_get(tot, "context-noise"), "events"), "events"), 0);
    const lf_tj *files = lf_tj_get(doc, "files");
    const lf_tj *im = lf_tj_object(lf_tj_get(lf_tj_at(files, 0), "impact"), "impact");
    const lf_tj *tg = lf_tj_at(lf_tj_get(im, "targets"), 0);
    assert_int_equal(lf_tj_get(tg, "target")->type, LF_TJ_NULL);
    const lf_tj *events = lf_tj_get(tg, "events");
    assert_int_equal(lf_tj_count(events), 3);
    const lf_tj *src = event_of(events, "source-edit", "server.js");
    check_side(src, "before", 1, "npm ci", 9);
    check_side(src, "after", 0, NULL, 0);
    const lf_tj *arg = event_of(events, "volatile-arg", "GIT_SHA");
    check_side(arg, "before", 3, "apt-get update", 4);
    check_side(event_of(events, "manifest-edit", "package.json"), "after", 1, "npm ci", 11);
    assert_int_equal(lf_tj_count(lf_tj_get(im, "notes")), 0);
    /* the ignore file carries no estimate */
    assert_null(lf_tj_get(lf_tj_at(files, 1), "impact"));
    lf_tj_free(doc);
    free(out);

    size_t len;
    char *body = lf_test_read_file(pr, &len);
    assert_non_null(body);
    const char *table = strstr(body, "| File | Change | RUN steps re-run before | After |\n");
    const char *files_table = strstr(body, "| File | Passes | Lines changed |");
    assert_true(table && files_table && table < files_table);
    assert_non_null(strstr(table, "/Dockerfile` | volatile build arg `GIT_SHA` | 3: `apt-get "
                                  "update`, `apt-get install`, `npm ci` | 0 |\n"));
    assert_non_null(strstr(table, "/Dockerfile` | manifest edit `package.json` | 1: `npm ci` | 1: "
                                  "`npm ci` |\n"));
    free(body);
    remove(pr);
    app_free(&a);
}

/* A build whose Dockerfile stays (only the dockerignore pass runs) changes
 * through its ignore file: in a git checkout with .git and a git-ignored
 * node_modules, the estimate says what that buys. */
static void test_ignore_only(void **state)
{
    (void)state;
    app a;
    app_make(&a);
    static const char df[] = "FROM node:20-bookworm-slim\nWORKDIR /app\n"
                             "COPY package.json package-lock.json ./\nRUN npm ci\n"
                             "COPY . .\nRUN node --check server.js\n";
    assert_int_equal(lf_test_write_file(a.df, df, strlen(df)), 0);
    char p[4300];
    snprintf(p, sizeof p, "%s/node_modules", a.dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/node_modules/left.js", a.dir);
    assert_int_equal(lf_test_write_file(p, "x\n", 2), 0);
    git_libgit2_init();
    git_repository *r;
    assert_int_equal(git_repository_init(&r, a.dir, 0), 0);
    git_repository_free(r);
    git_libgit2_shutdown();

    int rc;
    const char *const json[] = {"--format=json", "--no-config", "--pass=dockerignore", NULL};
    char *out = run(&a, json, &rc, NULL);
    assert_int_equal(rc, 1);
    char err[128];
    lf_tj *doc = lf_tj_parse(out, strlen(out), err, sizeof err);
    assert_non_null(doc);
    const lf_tj *f0 = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_string_equal(lf_tj_str(lf_tj_get(f0, "status"), "status", NULL), "unchanged");
    const lf_tj *events =
        lf_tj_get(lf_tj_at(lf_tj_get(lf_tj_get(f0, "impact"), "targets"), 0), "events");
    const lf_tj *noise = event_of(events, "context-noise", "node_modules/left.js");
    check_side(noise, "before", 1, "node", 6);
    check_side(noise, "after", 0, NULL, 0);
    check_side(event_of(events, "source-edit", "server.js"), "after", 1, "node", 6);
    lf_tj_free(doc);
    free(out);
    /* an unchanged build (the ignore file written too) has no estimate */
    out = run(&a, (const char *const[]){"--fix", "--no-config", "--pass=dockerignore", NULL}, &rc,
              NULL);
    free(out);
    out = run(&a, json, &rc, NULL);
    assert_int_equal(rc, 0);
    doc = lf_tj_parse(out, strlen(out), err, sizeof err);
    assert_non_null(doc);
    f0 = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_int_equal(lf_tj_get(f0, "impact")->type, LF_TJ_NULL);
    lf_tj_free(doc);
    free(out);
    out = run(&a, (const char *const[]){"--check", "--no-config", "--pass=dockerignore", NULL}, &rc,
              NULL);
    assert_int_equal(rc, 0);
    assert_null(strstr(out, "cache impact"));
    free(out);
    app_free(&a);
}

/* Build targets from the evidence: a compose service builds the stage
 * `test`, a Makefile `--target build`, another service a stage the
 * Dockerfile does not have. Each stage that is a target gets its own
 * estimate after the final stage's, in --explain, the JSON report and the
 * PR body. */
static void test_targets(void **state)
{
    (void)state;
    app a;
    app_make(&a);
    static const char df[] = "FROM node:20-bookworm-slim AS deps\nWORKDIR /app\nCOPY . .\n"
                             "RUN npm ci\n\nFROM deps AS test\nRUN npm test\n\n"
                             "FROM deps AS build\nRUN npm run build\n\n"
                             "FROM nginx:1.27\nCOPY --from=build /app/dist /srv\n";
    assert_int_equal(lf_test_write_file(a.df, df, strlen(df)), 0);
    char p[4300];
    static const char compose[] = "services:\n  test:\n    build: {context: ., target: test}\n"
                                  "  odd:\n    build: {context: ., target: nosuch}\n";
    snprintf(p, sizeof p, "%s/compose.yaml", a.dir);
    assert_int_equal(lf_test_write_file(p, compose, strlen(compose)), 0);
    static const char mk[] = "image:\n\tdocker build --target build -t app .\n";
    snprintf(p, sizeof p, "%s/Makefile", a.dir);
    assert_int_equal(lf_test_write_file(p, mk, strlen(mk)), 0);

    int rc;
    char *out = run(&a, (const char *const[]){"--explain", "--no-config", NULL}, &rc, NULL);
    assert_int_equal(rc, 1);
    const char *fin = strstr(out, "# cache impact (final stage):\n"
                                  "#   source edit (server.js): 2 RUN steps re-run before (npm ci, "
                                  "npm run build), 1 after (npm run build)\n");
    const char *test = strstr(out, "# cache impact (target test):\n"
                                   "#   source edit (server.js): 2 RUN steps re-run before (npm "
                                   "ci, npm test), 1 after (npm test)\n");
    assert_true(fin && test && fin < test);
    /* `build` is the stage the final one copies from: a target of its own */
    assert_non_null(strstr(out, "# cache impact (target build):\n"
                                "#   source edit (server.js): 2 RUN steps re-run before (npm ci, "
                                "npm run build), 1 after (npm run build)\n"));
    assert_null(strstr(out, "(target nosuch)"));
    free(out);

    char pr[4200];
    snprintf(pr, sizeof pr, "%s.pr.md", a.dir);
    out = run(&a, (const char *const[]){"--format=json", "--no-config", "--pr-body", pr, NULL}, &rc,
              NULL);
    assert_int_equal(rc, 1);
    char err[128];
    lf_tj *doc = lf_tj_parse(out, strlen(out), err, sizeof err);
    assert_non_null(doc);
    const lf_tj *im = lf_tj_object(lf_tj_get(lf_tj_at(lf_tj_get(doc, "files"), 0), "impact"), "im");
    const lf_tj *targets = lf_tj_array(lf_tj_get(im, "targets"), "targets");
    assert_int_equal(lf_tj_count(targets), 3);
    assert_int_equal(lf_tj_get(lf_tj_at(targets, 0), "target")->type, LF_TJ_NULL);
    const char *names[2] = {
        lf_tj_str(lf_tj_get(lf_tj_at(targets, 1), "target"), "target", NULL),
        lf_tj_str(lf_tj_get(lf_tj_at(targets, 2), "target"), "target", NULL),
    };
    /* compose is read before the Makefile */
    assert_string_equal(names[0], "test");
    assert_string_equal(names[1], "build");
    const lf_tj *src = event_of(lf_tj_get(lf_tj_at(targets, 1), "events"), "source-edit", NULL);
    check_side(src, "before", 2, "npm ci", 4);
    check_side(src, "after", 1, "npm test", 8); /* a line of the new text */
    /* the stage no version defines: left out, with a note */
    const lf_tj *notes = lf_tj_array(lf_tj_get(im, "notes"), "notes");
    bool noted = false;
    for (size_t i = 0; i < lf_tj_count(notes); i++)
        noted = noted || strcmp(lf_tj_str(lf_tj_at(notes, i), "note", NULL),
                                "target nosuch: not a stage of the original Dockerfile") == 0;
    assert_true(noted);
    lf_tj_free(doc);
    free(out);
    char *body = lf_test_read_file(pr, NULL);
    assert_non_null(body);
    assert_non_null(strstr(body, "/Dockerfile` (target `test`) | source edit `server.js` | 2: "
                                 "`npm ci`, `npm test` | 1: `npm test` |\n"));
    assert_non_null(strstr(body, "/Dockerfile` (target `build`) | source edit `server.js` | 2: "
                                 "`npm ci`, `npm run build` | 1: `npm run build` |\n"));
    free(body);
    remove(pr);
    app_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_json_and_pr_body),
        cmocka_unit_test(test_ignore_only),
        cmocka_unit_test(test_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
