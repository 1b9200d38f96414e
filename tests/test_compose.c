/*
 * Build contexts from compose and bake files (rewrite/compose.c, bake.c) and
 * their discovery (lf_discover_all in rewrite/discover.c): the compose
 * `build` forms, path joining and cleaning, skipped builds and their notes,
 * interpolation, anchors and merge keys, YAML errors with line:col, bake
 * targets with inherits, variables and every HCL construct the reader must
 * step over, docker-bake.json, matching a Dockerfile to its build by
 * realpath, and discovery in libgit2 repositories.
 */
#include "testutil.h"

#include "compose.h"
#include "config.h"
#include "discover.h"
#include "dotenv.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------------------- */

static int compose(lf_builds *b, const char *path, const char *text, lf_buf *err)
{
    return lf_compose_parse(b, path, text, strlen(text), err);
}

static int bake(lf_builds *b, const char *path, const char *text, lf_buf *err)
{
    return lf_bake_parse(b, path, text, strlen(text), err);
}

static void expect_ref(const lf_builds *b, size_t i, const char *dockerfile, const char *context,
                       const char *origin)
{
    if (i >= b->n)
        fail_msg("build %zu missing (%zu builds)", i, b->n);
    assert_string_equal(b->items[i].dockerfile, dockerfile);
    assert_string_equal(b->items[i].context, context);
    assert_string_equal(b->items[i].origin, origin);
}

static void expect_note(const lf_builds *b, size_t i, const char *note)
{
    if (i >= b->notes.n)
        fail_msg("note %zu missing (%zu notes); wanted `%s`", i, b->notes.n, note);
    assert_string_equal(b->notes.items[i].s, note);
}

/* --- names ----------------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    const char *compose_yes[] = {
        "docker-compose.yml",     "docker-compose.yaml", "docker-compose.dev.yml",
        "docker-compose-ci.yaml", "compose.yml",         "compose.yaml",
        "compose.override.yml",   "compose_test.yml"};
    const char *compose_no[] = {"composer.yml",    "compose.json",
                                "my-compose.yml",  "docker-compose.yml.orig",
                                "compose.yml.bak", "Dockerfile"};
    const char *bake_yes[] = {"docker-bake.hcl", "docker-bake.override.hcl", "docker-bake-ci.hcl",
                              "docker-bake.json", "docker-bake.dev.json"};
    const char *bake_no[] = {"docker-baker.hcl", "bake.hcl", "docker-bake.yml", "compose.yml"};
    for (size_t i = 0; i < sizeof compose_yes / sizeof *compose_yes; i++)
        if (!lf_is_compose_name(compose_yes[i]))
            fail_msg("%s should be a compose file", compose_yes[i]);
    for (size_t i = 0; i < sizeof compose_no / sizeof *compose_no; i++)
        if (lf_is_compose_name(compose_no[i]))
            fail_msg("%s should not be a compose file", compose_no[i]);
    for (size_t i = 0; i < sizeof bake_yes / sizeof *bake_yes; i++)
        if (!lf_is_bake_name(bake_yes[i]))
            fail_msg("%s should be a bake file", bake_yes[i]);
    for (size_t i = 0; i < sizeof bake_no / sizeof *bake_no; i++)
        if (lf_is_bake_name(bake_no[i]))
            fail_msg("%s should not be a bake file", bake_no[i]);
}

/* --- compose ----------------------------------------------------------------------------- */

static void test_string_build(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n"
                             "  web:\n"
                             "    build: ./app\n"
                             "  db:\n"
                             "    image: postgres\n"
                             "  root:\n"
                             "    build: .\n",
                             &err),
                     0);
    assert_int_equal(b.n, 2);
    expect_ref(&b, 0, "app/Dockerfile", "app", "compose.yml:3");
    expect_ref(&b, 1, "Dockerfile", ".", "compose.yml:7");
    assert_int_equal(b.notes.n, 0);
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_mapping_build(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "proj/docker-compose.yml",
                             "version: '3.8'\n"
                             "services:\n"
                             "  api:\n"
                             "    build:\n"
                             "      context: services/api\n"
                             "      dockerfile: docker/prod.Dockerfile\n"
                             "      args: {A: 1}\n"
                             "  worker:\n"
                             "    build:\n"
                             "      dockerfile: worker.Dockerfile\n"
                             "  plain:\n"
                             "    build:\n"
                             "      context: ./plain/./x/..\n",
                             &err),
                     0);
    assert_int_equal(b.n, 3);
    /* dockerfile relative to the context, context to the file's directory */
    expect_ref(&b, 0, "proj/services/api/docker/prod.Dockerfile", "proj/services/api",
               "proj/docker-compose.yml:5");
    /* context defaults to "." */
    expect_ref(&b, 1, "proj/worker.Dockerfile", "proj", "proj/docker-compose.yml:10");
    /* dockerfile defaults to Dockerfile; the path is cleaned */
    expect_ref(&b, 2, "proj/plain/Dockerfile", "proj/plain", "proj/docker-compose.yml:13");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_absolute_dockerfile(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "sub/compose.yaml",
                             "services:\n"
                             "  a:\n"
                             "    build: {context: app, dockerfile: /srv/df/../Dockerfile.a}\n"
                             "  b:\n"
                             "    build: {context: /abs/ctx}\n",
                             &err),
                     0);
    expect_ref(&b, 0, "/srv/Dockerfile.a", "sub/app", "sub/compose.yaml:3");
    expect_ref(&b, 1, "/abs/ctx/Dockerfile", "/abs/ctx", "sub/compose.yaml:5");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_compose_in_subdirectory(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "deploy/local/compose.yml",
                             "services:\n"
                             "  app:\n"
                             "    build:\n"
                             "      context: ../..\n"
                             "      dockerfile: build/app.df\n"
                             "  up:\n"
                             "    build: ../../../outside\n",
                             &err),
                     0);
    expect_ref(&b, 0, "build/app.df", ".", "deploy/local/compose.yml:4");
    expect_ref(&b, 1, "../outside/Dockerfile", "../outside", "deploy/local/compose.yml:7");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_remote_and_inline_skipped(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n"
                             "  a:\n"
                             "    build: https://github.com/docker/example.git#main\n"
                             "  b:\n"
                             "    build:\n"
                             "      context: git@github.com:org/repo.git\n"
                             "  c:\n"
                             "    build:\n"
                             "      context: .\n"
                             "      dockerfile_inline: |\n"
                             "        FROM alpine\n"
                             "  d:\n"
                             "    build: {context: 'git://example.com/r.git'}\n"
                             "  e:\n"
                             "    build: local\n",
                             &err),
                     0);
    assert_int_equal(b.n, 1);
    expect_ref(&b, 0, "local/Dockerfile", "local", "compose.yml:15");
    assert_int_equal(b.notes.n, 4);
    expect_note(&b, 0,
                "compose.yml:3: note: service `a`: the build context "
                "`https://github.com/docker/example.git#main` is remote, not a directory here; "
                "skipped");
    expect_note(&b, 1,
                "compose.yml:6: note: service `b`: the build context "
                "`git@github.com:org/repo.git` is remote, not a directory here; skipped");
    expect_note(&b, 2,
                "compose.yml:9: note: service `c`: the Dockerfile is inline "
                "(`dockerfile_inline`); skipped");
    expect_note(&b, 3,
                "compose.yml:13: note: service `d`: the build context "
                "`git://example.com/r.git` is remote, not a directory here; skipped");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_interpolation(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n"
                             "  a:\n"
                             "    build: ${APP_DIR:-apps/a}\n"
                             "  b:\n"
                             "    build:\n"
                             "      context: ${B-apps/b}\n"
                             "      dockerfile: ${DF:-${DF2:-b.Dockerfile}}\n"
                             "  c:\n"
                             "    build: cost$$1\n"
                             "  d:\n"
                             "    build: ${MISSING}\n"
                             "  e:\n"
                             "    build: {context: ., dockerfile: $DOCKERFILE}\n"
                             "  f:\n"
                             "    build: ${REQ:?set REQ}/x\n"
                             "  g:\n"
                             "    build: ${ALT:+alt}\n",
                             &err),
                     0);
    assert_int_equal(b.n, 3);
    expect_ref(&b, 0, "apps/a/Dockerfile", "apps/a", "compose.yml:3");
    expect_ref(&b, 1, "apps/b/b.Dockerfile", "apps/b", "compose.yml:6");
    expect_ref(&b, 2, "cost$1/Dockerfile", "cost$1", "compose.yml:9");
    assert_int_equal(b.notes.n, 4);
    expect_note(&b, 0,
                "compose.yml:11: note: service `d`: `build` needs the variable `MISSING`, "
                "which has no default here; skipped");
    expect_note(&b, 1,
                "compose.yml:13: note: service `e`: `build.dockerfile` needs the variable "
                "`DOCKERFILE`, which has no default here; skipped");
    expect_note(&b, 2,
                "compose.yml:15: note: service `f`: `build` needs the variable `REQ`, "
                "which has no default here; skipped");
    expect_note(&b, 3,
                "compose.yml:17: note: service `g`: `build` needs the variable `ALT`, "
                "which has no default here; skipped");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_anchors_and_merge_keys(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml",
                             "x-build: &build\n"
                             "  context: shared\n"
                             "  dockerfile: base.Dockerfile\n"
                             "x-svc: &svc\n"
                             "  build:\n"
                             "    context: svc\n"
                             "services:\n"
                             "  one:\n"
                             "    build: *build\n"
                             "  two:\n"
                             "    build:\n"
                             "      <<: *build\n"
                             "      dockerfile: two.Dockerfile\n"
                             "  three:\n"
                             "    <<: *svc\n"
                             "    image: three\n"
                             "  four:\n"
                             "    build:\n"
                             "      <<: [{context: first}, *build]\n",
                             &err),
                     0);
    assert_int_equal(b.n, 4);
    /* an alias: the anchored node, which starts at its anchor */
    expect_ref(&b, 0, "shared/base.Dockerfile", "shared", "compose.yml:1");
    /* merged: the explicit key wins over the merged one */
    expect_ref(&b, 1, "shared/two.Dockerfile", "shared", "compose.yml:12");
    /* a whole service merged in */
    expect_ref(&b, 2, "svc/Dockerfile", "svc", "compose.yml:6");
    /* the first mapping of a merge list wins */
    expect_ref(&b, 3, "first/base.Dockerfile", "first", "compose.yml:19");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_recursive_alias_terminates(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    /* libyaml lets a mapping merge itself; the lookup must stop */
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n"
                             "  a:\n"
                             "    build: &loop\n"
                             "      <<: *loop\n"
                             "      context: ok\n"
                             "  b: &b2\n"
                             "    <<: *b2\n",
                             &err),
                     0);
    assert_int_equal(b.n, 1);
    expect_ref(&b, 0, "ok/Dockerfile", "ok", "compose.yml:3");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_malformed_yaml(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "deploy/compose.yml",
                             "services:\n"
                             "  web:\n"
                             "    build: [app\n",
                             &err),
                     -1);
    assert_string_equal(err.data, "deploy/compose.yml:4:1: error: did not find expected ',' or "
                                  "']' (while parsing a flow sequence at line 3 column 12)");
    assert_int_equal(b.n, 0);
    lf_buf_clear(&err);
    assert_int_equal(compose(&b, "c.yml", "services:\n  web:\n   build: .\n  bad\n", &err), -1);
    /* libyaml notices at the end of the input */
    assert_string_equal(err.data, "c.yml:5:1: error: could not find expected ':' (while scanning "
                                  "a simple key at line 4 column 3)");
    lf_buf_clear(&err);
    assert_int_equal(compose(&b, "c.yml", "services: {a: {build: *nope}}\n", &err), -1);
    assert_string_equal(err.data, "c.yml:1:23: error: found undefined alias");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_not_a_compose_structure(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml", "", &err), 0);
    assert_int_equal(compose(&b, "compose.yml", "- a\n- b\n", &err), 0);
    assert_int_equal(compose(&b, "compose.yml", "name: x\nservices: [a]\n", &err), 0);
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n  a: web\n  b:\n  c:\n    build: [x]\n  d:\n    build: "
                             "{context: [x]}\n",
                             &err),
                     0);
    assert_int_equal(err.len, 0);
    assert_int_equal(b.n, 0);
    assert_int_equal(b.notes.n, 5);
    expect_note(&b, 0, "compose.yml:1: note: the top level is not a mapping; not a compose file");
    expect_note(&b, 1, "compose.yml:2: note: `services` is not a mapping; ignored");
    expect_note(&b, 2, "compose.yml:2: note: service `a` is not a mapping; ignored");
    expect_note(&b, 3,
                "compose.yml:5: note: service `c`: `build` is neither a string nor a "
                "mapping; skipped");
    expect_note(&b, 4,
                "compose.yml:7: note: service `d`: `build.context` is not a string; "
                "skipped");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_conflicting_contexts(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(compose(&b, "compose.yml",
                             "services:\n"
                             "  a:\n"
                             "    build: {context: ., dockerfile: app/Dockerfile}\n"
                             "  a2:\n"
                             "    build: {context: ., dockerfile: ./app/Dockerfile}\n"
                             "  b:\n"
                             "    build: app\n",
                             &err),
                     0);
    /* a2 is the same build as a: dropped without a note; b conflicts */
    assert_int_equal(b.n, 2);
    expect_ref(&b, 0, "app/Dockerfile", ".", "compose.yml:3");
    expect_ref(&b, 1, "app/Dockerfile", "app", "compose.yml:7");
    assert_int_equal(b.notes.n, 1);
    expect_note(&b, 0,
                "compose.yml:7: note: `app/Dockerfile` is also built with the context "
                "`app` here; layerfix uses the context `.` from compose.yml:3");
    const lf_build_ref *r = lf_builds_context_for(&b, "app/Dockerfile");
    assert_non_null(r);
    assert_string_equal(r->context, ".");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_context_for_by_realpath(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, "app/Dockerfile", "FROM a\n");
    lf_test_put(dir, "compose.yml",
                "services:\n  app:\n    build: {context: ., dockerfile: app/Dockerfile}\n");
    char p[PATH_MAX], link[PATH_MAX], cwd[PATH_MAX];
    snprintf(p, sizeof p, "%s/app", dir);
    snprintf(link, sizeof link, "%s/alias", dir);
    assert_int_equal(symlink(p, link), 0);
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_compose_load(&b, "compose.yml", &err), 0);
    assert_int_equal(b.n, 1);
    const char *same[] = {"app/Dockerfile", "./app/../app/Dockerfile", "alias/Dockerfile",
                          "app//Dockerfile"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        const lf_build_ref *r = lf_builds_context_for(&b, same[i]);
        if (!r)
            fail_msg("%s: no build found", same[i]);
        assert_string_equal(r->context, ".");
    }
    snprintf(p, sizeof p, "%s/app/Dockerfile", dir);
    assert_non_null(lf_builds_context_for(&b, p));
    assert_null(lf_builds_context_for(&b, "Dockerfile"));
    assert_null(lf_builds_context_for(&b, "app/Dockerfile.dev"));
    assert_null(lf_builds_context_for(NULL, "app/Dockerfile"));
    /* unreadable file: an error naming it */
    assert_int_equal(lf_compose_load(&b, "missing.yml", &err), -1);
    assert_string_equal(err.data, "missing.yml: error: No such file or directory");
    assert_int_equal(chdir(cwd), 0);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

/* --- compose variables, include, extends ------------------------------------------------ */

static void test_dotenv_parse(void **state)
{
    (void)state;
    lf_strmap v = {0};
    const char *text = "# a comment\n"
                       "PLAIN=apps/web  # trailing comment\n"
                       "export EXPORTED = x\n"
                       "HASH=a#b\n"
                       "SINGLE='lit ${PLAIN} \\n'\n"
                       "DOUBLE=\"in ${PLAIN}\\tand \\$PLAIN\"\n"
                       "MULTI=\"one\n"
                       "two\"\n"
                       "REF=${PLAIN}/sub\n"
                       "DEF=${NOPE:-fallback}\n"
                       "UNSET_REF=${NOPE}\n"
                       "EMPTY=\n"
                       "not an assignment\n"
                       "LAST=ok";
    lf_dotenv_parse(&v, text, strlen(text));
    assert_string_equal(lf_strmap_get(&v, "PLAIN"), "apps/web");
    assert_string_equal(lf_strmap_get(&v, "EXPORTED"), "x");
    assert_string_equal(lf_strmap_get(&v, "HASH"), "a#b");
    assert_string_equal(lf_strmap_get(&v, "SINGLE"), "lit ${PLAIN} \\n");
    assert_string_equal(lf_strmap_get(&v, "DOUBLE"), "in apps/web\tand $PLAIN");
    assert_string_equal(lf_strmap_get(&v, "MULTI"), "one\ntwo");
    assert_string_equal(lf_strmap_get(&v, "REF"), "apps/web/sub");
    assert_string_equal(lf_strmap_get(&v, "DEF"), "fallback");
    assert_null(lf_strmap_get(&v, "UNSET_REF"));
    assert_string_equal(lf_strmap_get(&v, "EMPTY"), "");
    assert_string_equal(lf_strmap_get(&v, "LAST"), "ok");
    assert_null(lf_strmap_get(&v, "not"));
    lf_strmap_free(&v);
}

static void test_interpolation_with_vars(void **state)
{
    (void)state;
    lf_strmap v = {0};
    lf_strmap_set(&v, "A", 1, "a", 1);
    lf_strmap_set(&v, "E", 1, "", 0);
    const struct {
        const char *in, *out;
    } ok[] = {{"${A}/$A", "a/a"}, {"${A:-d}", "a"},    {"${E:-d}", "d"}, {"${E-d}", ""},
              {"${U-d}", "d"},    {"${A:?x}", "a"},    {"${E?x}", ""},   {"${A:+alt}", "alt"},
              {"${E:+alt}", ""},  {"${E+alt}", "alt"}, {"$$A", "$A"},    {"${U:-${A}}", "a"}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        lf_buf out = LF_BUF_INIT, var = LF_BUF_INIT;
        if (lf_compose_interpolate(ok[i].in, strlen(ok[i].in), &v, &out, &var) != 0)
            fail_msg("%s: needs %s", ok[i].in, lf_buf_cstr(&var));
        assert_string_equal(lf_buf_cstr(&out), ok[i].out);
        lf_buf_free(&out);
        lf_buf_free(&var);
    }
    const struct {
        const char *in, *var;
    } bad[] = {{"${U}", "U"}, {"$U", "U"}, {"${E:?must}", "E"}, {"${U?x}", "U"}, {"${U:+x}", "U"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        lf_buf out = LF_BUF_INIT, var = LF_BUF_INIT;
        assert_int_equal(lf_compose_interpolate(bad[i].in, strlen(bad[i].in), &v, &out, &var), -1);
        assert_string_equal(lf_buf_cstr(&var), bad[i].var);
        lf_buf_free(&out);
        lf_buf_free(&var);
    }
    lf_strmap_free(&v);
}

/* A compose file whose `${VAR}` the .env beside it sets: the build is found
 * and there is no "has no default" note; a .env elsewhere does not count. */
static void test_compose_dotenv(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    lf_test_put(dir, "deploy/.env",
                "APP_DIR=../services/api\nDOCKERFILE=\"docker/api.Dockerfile\"\n");
    lf_test_put(dir, ".env", "OTHER=nope\n");
    lf_test_put(dir, "deploy/compose.yaml",
                "services:\n"
                "  api:\n"
                "    build:\n"
                "      context: ${APP_DIR}\n"
                "      dockerfile: $DOCKERFILE\n"
                "  web:\n"
                "    build: ${WEB_DIR:-../web}\n"
                "  other:\n"
                "    build: ${OTHER}\n");
    assert_int_equal(chdir(dir), 0);
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_compose_load(&b, "deploy/compose.yaml", &err), 0);
    assert_int_equal(b.n, 2);
    expect_ref(&b, 0, "services/api/docker/api.Dockerfile", "services/api",
               "deploy/compose.yaml:4");
    assert_int_equal(b.items[0].kind, LF_EVIDENCE_COMPOSE);
    expect_ref(&b, 1, "web/Dockerfile", "web", "deploy/compose.yaml:7");
    /* only OTHER, which the .env of the project directory does not set */
    assert_int_equal(b.notes.n, 1);
    expect_note(&b, 0,
                "deploy/compose.yaml:9: note: service `other`: `build` needs the variable "
                "`OTHER`, which has no default here; skipped");
    /* loading the same file again adds nothing */
    assert_int_equal(lf_compose_load(&b, "deploy/compose.yaml", &err), 0);
    assert_int_equal(b.n, 2);
    assert_int_equal(b.notes.n, 1);
    assert_int_equal(chdir(cwd), 0);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_compose_include(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    lf_test_put(dir, "compose.yaml",
                "include:\n"
                "  - infra/db.yaml\n"
                "  - path: [tools/tools.yml]\n"
                "    project_directory: .\n"
                "    env_file: tools/tools.env\n"
                "  - oci://registry/app:1\n"
                "  - missing.yaml\n"
                "services:\n"
                "  app:\n"
                "    build: app\n");
    lf_test_put(dir, "infra/.env", "DB_DIR=postgres\n");
    lf_test_put(dir, "infra/db.yaml", "services:\n  db:\n    build: ${DB_DIR}\n");
    lf_test_put(dir, "tools/tools.env", "T=tools/cli\n");
    /* relative to the project directory given (the repository root) */
    lf_test_put(dir, "tools/tools.yml", "services:\n  cli:\n    build:\n      context: ${T}\n");
    assert_int_equal(chdir(dir), 0);
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_compose_load(&b, "compose.yaml", &err), 0);
    assert_int_equal(b.n, 3);
    expect_ref(&b, 0, "infra/postgres/Dockerfile", "infra/postgres", "infra/db.yaml:3");
    expect_ref(&b, 1, "tools/cli/Dockerfile", "tools/cli", "tools/tools.yml:4");
    expect_ref(&b, 2, "app/Dockerfile", "app", "compose.yaml:10");
    assert_int_equal(b.notes.n, 2);
    expect_note(&b, 0,
                "compose.yaml:6: note: `include`: `oci://registry/app:1` is remote; skipped");
    expect_note(&b, 1,
                "compose.yaml:7: note: `include` of `missing.yaml` failed: missing.yaml: error: "
                "No such file or directory");
    /* the included file found on its own is not read twice */
    assert_int_equal(lf_compose_load(&b, "infra/db.yaml", &err), 0);
    assert_int_equal(b.n, 3);
    assert_int_equal(chdir(cwd), 0);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_compose_extends(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    lf_test_put(dir, "common/base.yml",
                "services:\n"
                "  base:\n"
                "    build:\n"
                "      context: ../src\n"
                "      dockerfile: base.Dockerfile\n");
    lf_test_put(dir, "compose.yml",
                "services:\n"
                "  web:\n"
                "    extends:\n"
                "      file: common/base.yml\n"
                "      service: base\n"
                "  worker:\n"
                "    extends: {file: common/base.yml, service: base}\n"
                "    build:\n"
                "      dockerfile: worker.Dockerfile\n"
                "  local:\n"
                "    build: {context: local, dockerfile: l.df}\n"
                "  derived:\n"
                "    extends: local\n"
                "  moved:\n"
                "    extends: local\n"
                "    build: elsewhere\n"
                "  broken:\n"
                "    extends: {file: common/base.yml, service: nope}\n"
                "  loop:\n"
                "    extends: loop\n");
    assert_int_equal(chdir(dir), 0);
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_compose_load(&b, "compose.yml", &err), 0);
    /* web: the base's build, its paths relative to common/ */
    expect_ref(&b, 0, "src/base.Dockerfile", "src", "common/base.yml:4");
    /* worker: the base's context, its own dockerfile */
    expect_ref(&b, 1, "src/worker.Dockerfile", "src", "compose.yml:9");
    expect_ref(&b, 2, "local/l.df", "local", "compose.yml:11");
    /* derived is the same build as local: dropped as a repeat */
    /* moved: a string build replaces the context, keeps the dockerfile */
    expect_ref(&b, 3, "elsewhere/l.df", "elsewhere", "compose.yml:16");
    assert_int_equal(b.n, 4);
    assert_int_equal(b.notes.n, 1);
    expect_note(&b, 0,
                "compose.yml:18: note: service `broken`: `extends` names the service `nope`, "
                "which `common/base.yml` does not have; skipped");
    assert_int_equal(chdir(cwd), 0);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

/* --- bake ------------------------------------------------------------------------------- */

static void test_bake_targets_and_inherits(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(bake(&b, "ci/docker-bake.hcl",
                          "group \"default\" {\n"
                          "  targets = [\"app\", \"worker\"]\n"
                          "}\n"
                          "\n"
                          "target \"_common\" {\n"
                          "  context = \"..\"\n"
                          "  args = { GO_VERSION = \"1.22\" }\n"
                          "}\n"
                          "target \"_df\" {\n"
                          "  dockerfile = \"build/Dockerfile.ci\"\n"
                          "}\n"
                          "target \"app\" {\n"
                          "  inherits = [\"_common\", \"_df\"]\n"
                          "  tags = [\"org/app:latest\"]\n"
                          "}\n"
                          "target \"worker\" {\n"
                          "  inherits = [\"app\"]\n"
                          "  dockerfile = \"worker/Dockerfile\"\n"
                          "}\n"
                          "target \"over\" {\n"
                          "  inherits = [\"_common\", \"late\"]\n"
                          "}\n"
                          "target \"late\" {\n"
                          "  context = \"../late\"\n"
                          "}\n",
                          &err),
                     0);
    assert_int_equal(err.len, 0);
    assert_int_equal(b.notes.n, 0);
    /* `late` is the same build as `over`: not listed twice */
    assert_int_equal(b.n, 5);
    expect_ref(&b, 0, "Dockerfile", ".", "ci/docker-bake.hcl:5");
    expect_ref(&b, 1, "ci/build/Dockerfile.ci", "ci", "ci/docker-bake.hcl:9");
    /* context from _common, dockerfile from _df, relative to the context */
    expect_ref(&b, 2, "build/Dockerfile.ci", ".", "ci/docker-bake.hcl:12");
    /* two levels, the target's own attribute overriding */
    expect_ref(&b, 3, "worker/Dockerfile", ".", "ci/docker-bake.hcl:16");
    /* a later parent overrides an earlier one (and may be defined later) */
    expect_ref(&b, 4, "late/Dockerfile", "late", "ci/docker-bake.hcl:20");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_bake_skips_hcl_constructs(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(bake(&b, "docker-bake.hcl",
                          "# target \"hash\" { context = \"no\" }\n"
                          "// target \"slashes\" { context = \"no\" }\n"
                          "/* target \"block\" {\n"
                          "   context = \"no\" } */\n"
                          "variable \"TAG\" {\n"
                          "  default = \"latest\"\n"
                          "}\n"
                          "function \"tag\" {\n"
                          "  params = [name]\n"
                          "  result = [\"${name}:${TAG}\"]\n"
                          "}\n"
                          "target \"app\" {\n"
                          "  context = \"app\" # trailing comment\n"
                          "  tags = tag(\"x\")\n"
                          "  labels = {\n"
                          "    \"a\" = \"}\"\n"
                          "    b = \"${TAG == \"x\" ? \"{\" : \"}\"}\"\n"
                          "  }\n"
                          "  args = {\n"
                          "    NOTE = <<EOT\n"
                          "target \"heredoc\" {\n"
                          "  context = \"no\"\n"
                          "}\n"
                          "EOT\n"
                          "  }\n"
                          "  attest {\n"
                          "    dockerfile = \"nested/not/mine\"\n"
                          "  }\n"
                          "  platforms = [\n"
                          "    \"linux/amd64\", // a comment in a list\n"
                          "    \"linux/arm64\",\n"
                          "  ]\n"
                          "  dockerfile = \"app.Dockerfile\"\n"
                          "}\n"
                          "target \"one-line\" { context = \"ol\" }\n"
                          "target \"indented\" {\n"
                          "  output = [<<-EOT\n"
                          "    type=registry\n"
                          "    EOT\n"
                          "  ]\n"
                          "  context = \"ind\"\n"
                          "}\n",
                          &err),
                     0);
    assert_int_equal(b.notes.n, 0);
    assert_int_equal(b.n, 3);
    expect_ref(&b, 0, "app/app.Dockerfile", "app", "docker-bake.hcl:12");
    expect_ref(&b, 1, "ol/Dockerfile", "ol", "docker-bake.hcl:35");
    expect_ref(&b, 2, "ind/Dockerfile", "ind", "docker-bake.hcl:36");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_bake_variables_and_skips(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(bake(&b, "docker-bake.hcl",
                          "variable \"ROOT\" { default = \"services\" }\n"
                          "variable \"SUB\" {\n"
                          "  default = \"${ROOT}/api\"\n"
                          "}\n"
                          "variable \"FROM_ENV\" {}\n"
                          "target \"api\" {\n"
                          "  context = \"${SUB}\"\n"
                          "  dockerfile = \"Dockerfile.$${literal}\\u00e9\"\n"
                          "}\n"
                          "target \"env\" {\n"
                          "  context = \"${FROM_ENV}/x\"\n"
                          "}\n"
                          "target \"expr\" {\n"
                          "  context = lower(\"A\")\n"
                          "}\n"
                          "target \"remote\" {\n"
                          "  context = \"https://github.com/org/repo.git\"\n"
                          "}\n"
                          "target \"inline\" {\n"
                          "  dockerfile-inline = <<EOT\n"
                          "FROM alpine\n"
                          "EOT\n"
                          "}\n"
                          "target \"cyc1\" { inherits = [\"cyc2\"] }\n"
                          "target \"cyc2\" { inherits = [\"cyc1\"] }\n"
                          "target \"orphan\" { inherits = [\"nowhere\"] }\n",
                          &err),
                     0);
    assert_int_equal(b.n, 1);
    expect_ref(&b, 0, "services/api/Dockerfile.${literal}\xc3\xa9", "services/api",
               "docker-bake.hcl:6");
    assert_int_equal(b.notes.n, 7);
    expect_note(&b, 0,
                "docker-bake.hcl:11: note: target `env`: `context` needs `${FROM_ENV}`, "
                "which has no literal default here; skipped");
    expect_note(&b, 1,
                "docker-bake.hcl:14: note: target `expr`: `context` is not a plain "
                "string; skipped");
    expect_note(&b, 2,
                "docker-bake.hcl:16: note: target `remote`: the build context "
                "`https://github.com/org/repo.git` is remote, not a directory here; "
                "skipped");
    expect_note(&b, 3,
                "docker-bake.hcl:19: note: target `inline`: the Dockerfile is inline "
                "(`dockerfile-inline`); skipped");
    expect_note(&b, 4, "docker-bake.hcl:24: note: target `cyc1`: `inherits` is circular; skipped");
    expect_note(&b, 5, "docker-bake.hcl:25: note: target `cyc2`: `inherits` is circular; skipped");
    expect_note(&b, 6,
                "docker-bake.hcl:26: note: target `orphan` inherits `nowhere`, which is "
                "not defined here; skipped");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_bake_json(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(bake(&b, "x/docker-bake.json",
                          "{\n"
                          "  \"variable\": {\"DIR\": {\"default\": \"web\"}},\n"
                          "  \"group\": {\"default\": {\"targets\": [\"web\"]}},\n"
                          "  \"target\": {\n"
                          "    \"base\": {\"dockerfile\": \"docker/Dockerfile\", "
                          "\"target\": \"${DIR}-build\"},\n"
                          "    \"web\": {\n"
                          "      \"inherits\": [\"base\"],\n"
                          "      \"context\": \"${DIR}\",\n"
                          "      \"tags\": [\"web:1\"]\n"
                          "    }\n"
                          "  }\n"
                          "}\n",
                          &err),
                     0);
    assert_int_equal(b.n, 2);
    expect_ref(&b, 0, "x/docker/Dockerfile", "x", "x/docker-bake.json:5");
    expect_ref(&b, 1, "x/web/docker/Dockerfile", "x/web", "x/docker-bake.json:6");
    /* `target` is inherited like the other attributes */
    assert_string_equal(b.items[0].target, "web-build");
    assert_string_equal(b.items[1].target, "web-build");
    lf_buf_clear(&err);
    assert_int_equal(bake(&b, "docker-bake.json", "{\"target\": {\"a\": }\n", &err), -1);
    /* `"a": }` is a null value to YAML; the outer mapping is what is unclosed */
    assert_string_equal(err.data, "docker-bake.json:2:1: error: did not find expected ',' or '}' "
                                  "(while parsing a flow mapping at line 1 column 1)");
    lf_builds_free(&b);
    lf_buf_free(&err);
}

static void test_bake_garbage_is_not_fatal(void **state)
{
    (void)state;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    const char *texts[] = {
        "target \"a\" {\n  context = \"unterminated\n}\n",
        "}}}} ]] )) target \"b\" { context = \"b\" }\n",
        "target \"c\" {\n  x = \"${\"\n",
        "target \"d\" { context = <<EOT\nno end",
        "/* unterminated comment",
        "target {\n",
        "\"\\",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        assert_int_equal(bake(&b, "docker-bake.hcl", texts[i], &err), 0);
    assert_int_equal(err.len, 0);
    /* the stray closers are skipped and the block after them is read */
    bool found_b = false;
    for (size_t i = 0; i < b.n; i++)
        found_b = found_b || strcmp(b.items[i].context, "b") == 0;
    assert_true(found_b);
    lf_builds_free(&b);
    lf_buf_free(&err);
}

/* --- discovery ---------------------------------------------------------------------------- */

static bool has(const lf_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, s) == 0)
            return true;
    return false;
}

static void test_discover_compose_in_repo(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "compose.yml",
                "services:\n"
                "  app:\n"
                "    build:\n"
                "      context: .\n"
                "      dockerfile: build/app.df\n"
                "  web:\n"
                "    build: web\n"
                "  gone:\n"
                "    build: {context: ., dockerfile: missing.df}\n");
    lf_test_put(t.dir, "build/app.df", "FROM alpine\n");
    lf_test_put(t.dir, "web/Dockerfile", "FROM nginx\n");
    lf_test_put(t.dir, "tools/docker-bake.hcl",
                "target \"tool\" {\n  dockerfile = \"tool.df\"\n}\n");
    lf_test_put(t.dir, "tools/tool.df", "FROM busybox\n");
    lf_test_put(t.dir, ".gitignore", "ignored/\n");
    lf_test_put(t.dir, "ignored/compose.yml", "services: {x: {build: {dockerfile: ../x.df}}}\n");
    lf_test_put(t.dir, "x.df", "FROM x\n");
    lf_test_repo_commit(&t);
    assert_int_equal(chdir(t.dir), 0);

    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_discover_all(&files, &b, NULL, 0, NULL, &err), 0);
    assert_string_equal(lf_buf_cstr(&err), "");
    /* found by name, then the ones only the compose and bake files name */
    assert_int_equal(files.n, 3);
    assert_string_equal(files.items[0].s, "web/Dockerfile");
    assert_string_equal(files.items[1].s, "build/app.df");
    assert_string_equal(files.items[2].s, "tools/tool.df");
    /* the git-ignored compose file was not read */
    assert_false(has(&files, "x.df"));
    const lf_build_ref *r = lf_builds_context_for(&b, "build/app.df");
    assert_non_null(r);
    assert_string_equal(r->context, ".");
    assert_string_equal(r->origin, "compose.yml:4");
    r = lf_builds_context_for(&b, "web/Dockerfile");
    assert_non_null(r);
    assert_string_equal(r->context, "web");
    r = lf_builds_context_for(&b, "tools/tool.df");
    assert_non_null(r);
    assert_string_equal(r->context, "tools");
    assert_string_equal(r->origin, "tools/docker-bake.hcl:1");
    lf_strv_free(&files);
    lf_builds_free(&b);

    /* the old entry point: names only, no compose files */
    assert_int_equal(lf_discover(&files, NULL, 0, &err), 0);
    assert_int_equal(files.n, 1);
    assert_string_equal(files.items[0].s, "web/Dockerfile");
    lf_strv_free(&files);
    lf_buf_free(&err);
    lf_test_repo_free(&t);
}

static void test_discover_paths_and_ancestors(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, "docker-compose.yml",
                "services:\n"
                "  api:\n"
                "    build: {context: ., dockerfile: services/api/Dockerfile}\n"
                "  job:\n"
                "    build: {context: services, dockerfile: api/job.df}\n"
                "  other:\n"
                "    build: {context: other, dockerfile: other.df}\n");
    lf_test_put(t.dir, "services/api/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "services/api/job.df", "FROM a\n");
    lf_test_put(t.dir, "other/other.df", "FROM a\n");
    lf_test_repo_commit(&t);
    assert_int_equal(chdir(t.dir), 0);

    /* a directory PATH: the compose file above it is read; only what lies
     * inside the PATH is added */
    char *dirs[] = {"services"};
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_discover_all(&files, &b, dirs, 1, NULL, &err), 0);
    assert_int_equal(files.n, 2);
    assert_string_equal(files.items[0].s, "services/api/Dockerfile");
    assert_string_equal(files.items[1].s, "services/api/job.df");
    assert_int_equal(b.n, 3);
    const lf_build_ref *r = lf_builds_context_for(&b, "services/api/Dockerfile");
    assert_non_null(r);
    assert_string_equal(r->context, ".");
    lf_strv_free(&files);
    lf_builds_free(&b);

    /* a file PATH from a subdirectory: the compose file at the root gives it
     * its context; nothing else is added */
    assert_int_equal(chdir("services/api"), 0);
    char *one[] = {"Dockerfile"};
    assert_int_equal(lf_discover_all(&files, &b, one, 1, NULL, &err), 0);
    assert_int_equal(files.n, 1);
    assert_string_equal(files.items[0].s, "Dockerfile");
    r = lf_builds_context_for(&b, "Dockerfile");
    assert_non_null(r);
    char want[PATH_MAX], got[PATH_MAX];
    assert_non_null(realpath(t.dir, want));
    assert_non_null(realpath(r->context, got));
    assert_string_equal(got, want);
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_repo_free(&t);
}

static void test_discover_exclude_and_errors(void **state)
{
    (void)state;
    lf_test_repo t;
    lf_test_repo_init(&t);
    lf_test_put(t.dir, ".layerfix.yml", "exclude:\n  - vendor\n  - test/fixtures/**\n");
    lf_test_put(t.dir, "Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "vendor/lib/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "vendor/compose.yml", "services: {v: {build: {dockerfile: v.df}}}\n");
    lf_test_put(t.dir, "vendor/v.df", "FROM a\n");
    lf_test_put(t.dir, "test/fixtures/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "test/Dockerfile", "FROM a\n");
    lf_test_put(t.dir, "compose.yaml",
                "services:\n  f:\n    build: {context: test/fixtures}\n  broken: [\n");
    lf_test_repo_commit(&t);
    assert_int_equal(chdir(t.dir), 0);
    lf_config cfg;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&cfg, &lf_pass_table_all, ".layerfix.yml", &err), 0);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    /* the broken compose file is an error, the Dockerfiles are still found */
    assert_int_equal(lf_discover_all(&files, &b, NULL, 0, &cfg, &err), 1);
    assert_string_equal(err.data, "compose.yaml:5:1: error: did not find expected node content "
                                  "(while parsing a flow node at line 5 column 1)\n");
    assert_int_equal(files.n, 2);
    assert_string_equal(files.items[0].s, "Dockerfile");
    assert_string_equal(files.items[1].s, "test/Dockerfile");
    /* the excluded compose file was not read either */
    assert_int_equal(b.n, 0);
    /* a file named on the command line is kept even when excluded */
    lf_strv_free(&files);
    char *one[] = {"vendor/lib/Dockerfile"};
    lf_buf_clear(&err);
    assert_int_equal(lf_discover_all(&files, NULL, one, 1, &cfg, &err), 0);
    assert_int_equal(files.n, 1);
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_config_free(&cfg);
    lf_buf_free(&err);
    lf_test_repo_free(&t);
}

static void test_discover_without_git(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, "docker-bake.hcl", "target \"a\" {\n  dockerfile = \"ci/a.df\"\n}\n");
    lf_test_put(dir, "ci/a.df", "FROM a\n");
    lf_test_put(dir, "Containerfile", "FROM a\n");
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    lf_buf err = LF_BUF_INIT;
    char *paths[] = {dir};
    assert_int_equal(lf_discover_all(&files, &b, paths, 1, NULL, &err), 0);
    char want[PATH_MAX + 32];
    assert_int_equal(files.n, 2);
    snprintf(want, sizeof want, "%s/Containerfile", dir);
    assert_string_equal(files.items[0].s, want);
    snprintf(want, sizeof want, "%s/ci/a.df", dir);
    assert_string_equal(files.items[1].s, want);
    const lf_build_ref *r = lf_builds_context_for(&b, want);
    assert_non_null(r);
    assert_string_equal(r->context, dir);
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_string_build),
        cmocka_unit_test(test_mapping_build),
        cmocka_unit_test(test_absolute_dockerfile),
        cmocka_unit_test(test_compose_in_subdirectory),
        cmocka_unit_test(test_remote_and_inline_skipped),
        cmocka_unit_test(test_interpolation),
        cmocka_unit_test(test_anchors_and_merge_keys),
        cmocka_unit_test(test_recursive_alias_terminates),
        cmocka_unit_test(test_malformed_yaml),
        cmocka_unit_test(test_not_a_compose_structure),
        cmocka_unit_test(test_conflicting_contexts),
        cmocka_unit_test(test_context_for_by_realpath),
        cmocka_unit_test(test_dotenv_parse),
        cmocka_unit_test(test_interpolation_with_vars),
        cmocka_unit_test(test_compose_dotenv),
        cmocka_unit_test(test_compose_include),
        cmocka_unit_test(test_compose_extends),
        cmocka_unit_test(test_bake_targets_and_inherits),
        cmocka_unit_test(test_bake_skips_hcl_constructs),
        cmocka_unit_test(test_bake_variables_and_skips),
        cmocka_unit_test(test_bake_json),
        cmocka_unit_test(test_bake_garbage_is_not_fatal),
        cmocka_unit_test(test_discover_compose_in_repo),
        cmocka_unit_test(test_discover_paths_and_ancestors),
        cmocka_unit_test(test_discover_exclude_and_errors),
        cmocka_unit_test(test_discover_without_git),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
