/*
 * .layerfix.yml (rewrite/config.c): every key with valid values, every kind
 * of error with its exact FILE:LINE:COL, YAML details (booleans, nulls,
 * anchors, documents), the exclude patterns as lf_config_excluded applies
 * them to real paths, and lf_config_find in a libgit2 repository.
 */
#include "testutil.h"

#include "config.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CFG "proj/.layerfix.yml"

static int parse(lf_config *c, const char *text, lf_buf *err)
{
    return lf_config_parse(c, &lf_pass_table_all, CFG, text, strlen(text), err);
}

/* Parses text that must fail; err must hold exactly `expect`. */
static void expect_error(const char *text, const char *expect)
{
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c, text, &err), -1);
    assert_string_equal(lf_buf_cstr(&err), expect);
    lf_config_free(&c);
    lf_buf_free(&err);
}

/* Parses text that must fail; err must contain `part`. */
static void expect_error_part(const char *text, const char *part)
{
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c, text, &err), -1);
    if (!strstr(lf_buf_cstr(&err), part))
        fail_msg("error `%s` does not contain `%s`", lf_buf_cstr(&err), part);
    lf_config_free(&c);
    lf_buf_free(&err);
}

static size_t pass_index(const char *id)
{
    const lf_pass *p = lf_pass_find(id);
    assert_non_null(p);
    return (size_t)(p - lf_passes);
}

/* --- valid files ---------------------------------------------------------------------- */

static void test_empty_file(void **state)
{
    (void)state;
    const char *texts[] = {"", "# only a comment\n\n", "---\n", "~\n"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        lf_config c;
        lf_buf err = LF_BUF_INIT;
        assert_int_equal(parse(&c, texts[t], &err), 0);
        assert_int_equal(err.len, 0);
        for (size_t i = 0; i < LF_CONFIG_MAX_PASSES; i++)
            assert_false(c.pass_set[i]);
        assert_int_equal(c.volatile_args.n, 0);
        assert_int_equal(c.has_builder, 0);
        assert_int_equal(c.syntax_directive, -1);
        assert_int_equal(c.exclude.n, 0);
        assert_null(c.exclude_ig);
        assert_string_equal(c.path, CFG);
        lf_config_free(&c);
    }
}

static void test_all_keys(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    int rc = parse(&c,
                   "# project settings\n"
                   "passes:\n"
                   "  cache-mounts: false\n"
                   "  merge-apt: true\n"
                   "volatile-args: [GIT_SHA, BUILD_ID]\n"
                   "target-builder: kaniko\n"
                   "syntax-directive: yes\n"
                   "exclude:\n"
                   "  - vendor/**\n"
                   "  - test/fixtures\n",
                   &err);
    assert_string_equal(lf_buf_cstr(&err), "");
    assert_int_equal(rc, 0);
    size_t cm = pass_index("cache-mounts"), ma = pass_index("merge-apt");
    assert_true(c.pass_set[cm]);
    assert_false(c.pass_on[cm]);
    assert_true(c.pass_set[ma]);
    assert_true(c.pass_on[ma]);
    assert_false(c.pass_set[pass_index("copy-manifests-first")]);
    assert_int_equal(c.volatile_args.n, 2);
    assert_string_equal(c.volatile_args.items[0].s, "GIT_SHA");
    assert_string_equal(c.volatile_args.items[1].s, "BUILD_ID");
    assert_int_equal(c.has_builder, 1);
    assert_int_equal(c.builder, LF_BUILDER_KANIKO);
    assert_int_equal(c.syntax_directive, 1);
    assert_int_equal(c.exclude.n, 2);
    assert_string_equal(c.exclude.items[0].s, "vendor/**");
    assert_string_equal(c.exclude.items[1].s, "test/fixtures");
    assert_non_null(c.exclude_ig);
    /* root: the file's directory, absolute */
    assert_true(c.root[0] == '/');
    size_t rl = strlen(c.root);
    assert_true(rl > 5 && strcmp(c.root + rl - 5, "/proj") == 0);
    lf_config_free(&c);
    lf_buf_free(&err);
}

static void test_yaml_booleans(void **state)
{
    (void)state;
    const char *on[] = {"true", "True", "TRUE", "yes", "Yes", "on", "ON"};
    const char *off[] = {"false", "False", "no", "NO", "off", "Off"};
    for (int pass = 0; pass < 2; pass++) {
        const char *const *v = pass ? off : on;
        size_t n = pass ? sizeof off / sizeof *off : sizeof on / sizeof *on;
        for (size_t i = 0; i < n; i++) {
            char text[128];
            snprintf(text, sizeof text, "syntax-directive: %s\npasses: {merge-apt: %s}\n", v[i],
                     v[i]);
            lf_config c;
            lf_buf err = LF_BUF_INIT;
            assert_int_equal(parse(&c, text, &err), 0);
            assert_int_equal(c.syntax_directive, pass ? 0 : 1);
            assert_true(c.pass_set[pass_index("merge-apt")]);
            assert_int_equal(c.pass_on[pass_index("merge-apt")], pass ? false : true);
            lf_config_free(&c);
            lf_buf_free(&err);
        }
    }
}

static void test_every_builder(void **state)
{
    (void)state;
    const char *names[] = {"buildkit", "buildah", "kaniko", "legacy"};
    lf_builder want[] = {LF_BUILDER_BUILDKIT, LF_BUILDER_BUILDAH, LF_BUILDER_KANIKO,
                         LF_BUILDER_LEGACY};
    for (int i = 0; i < 4; i++) {
        char text[64];
        snprintf(text, sizeof text, "target-builder: %s\n", names[i]);
        lf_config c;
        lf_buf err = LF_BUF_INIT;
        assert_int_equal(parse(&c, text, &err), 0);
        assert_int_equal(c.has_builder, 1);
        assert_int_equal(c.builder, want[i]);
        lf_config_free(&c);
        lf_buf_free(&err);
    }
}

static void test_null_values_are_unset(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c,
                           "passes:\nvolatile-args: ~\ntarget-builder: null\n"
                           "syntax-directive:\nexclude:\n",
                           &err),
                     0);
    assert_int_equal(c.volatile_args.n, 0);
    assert_int_equal(c.has_builder, 0);
    assert_int_equal(c.syntax_directive, -1);
    assert_int_equal(c.exclude.n, 0);
    lf_config_free(&c);
    lf_buf_free(&err);
}

static void test_volatile_args_deduplicated(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c, "volatile-args:\n  - _X1\n  - GIT_SHA\n  - _X1\n", &err), 0);
    assert_int_equal(c.volatile_args.n, 2);
    assert_string_equal(c.volatile_args.items[0].s, "_X1");
    assert_string_equal(c.volatile_args.items[1].s, "GIT_SHA");
    lf_config_free(&c);
    lf_buf_free(&err);
}

static void test_anchors_and_aliases(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c,
                           "volatile-args: &args [GIT_SHA]\n"
                           "passes: {merge-apt: &off false, cache-mounts: *off}\n",
                           &err),
                     0);
    assert_true(c.pass_set[pass_index("cache-mounts")]);
    assert_false(c.pass_on[pass_index("cache-mounts")]);
    assert_false(c.pass_on[pass_index("merge-apt")]);
    assert_int_equal(c.volatile_args.n, 1);
    lf_config_free(&c);
    lf_buf_free(&err);
}

/* --- errors, each with its position --------------------------------------------------- */

static void test_unknown_key(void **state)
{
    (void)state;
    expect_error("passes: {}\n  \nfoo: 1\n",
                 CFG ":3:1: error: unknown key `foo` (known keys: passes, volatile-args, "
                     "target-builder, syntax-directive, exclude, contexts, include)");
}

static void test_unknown_pass(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c, "passes:\n  merge-apt: true\n  merge-appt: false\n", &err), -1);
    lf_buf want = LF_BUF_INIT;
    lf_buf_adds(&want, CFG ":3:3: error: unknown pass `merge-appt` (known passes: ");
    for (size_t i = 0; i < lf_npasses; i++)
        lf_buf_printf(&want, "%s%s", i ? ", " : "", lf_passes[i].id);
    lf_buf_adds(&want, ")");
    assert_string_equal(lf_buf_cstr(&err), want.data);
    assert_non_null(strstr(err.data, "dockerignore"));
    lf_config_free(&c);
    lf_buf_free(&err);
    lf_buf_free(&want);
}

static void test_passes_wrong_type(void **state)
{
    (void)state;
    expect_error("passes:\n  - merge-apt\n",
                 CFG ":2:3: error: `passes` must be a mapping of pass id to true/false, not a "
                     "sequence");
    expect_error("passes: merge-apt\n", CFG ":1:9: error: `passes` must be a mapping of pass id "
                                            "to true/false, not a scalar");
}

static void test_bad_bool(void **state)
{
    (void)state;
    expect_error("passes:\n  merge-apt: maybe\n",
                 CFG ":2:14: error: `passes: merge-apt:` must be true or false, not `maybe`");
    expect_error("syntax-directive: 1\n",
                 CFG ":1:19: error: `syntax-directive` must be true or false, not `1`");
    /* quoted, it is a string */
    expect_error("syntax-directive: \"true\"\n",
                 CFG ":1:19: error: `syntax-directive` must be true or false, not `true`");
    expect_error("syntax-directive: [true]\n",
                 CFG ":1:19: error: `syntax-directive` must be true or false, not a sequence");
}

static void test_bad_builder(void **state)
{
    (void)state;
    expect_error("\ntarget-builder: docker\n",
                 CFG ":2:17: error: `target-builder` must be one of buildkit, buildah, kaniko, "
                     "legacy, not `docker`");
    expect_error("target-builder: BuildKit\n", CFG ":1:17: error: `target-builder` must be one "
                                                   "of buildkit, buildah, kaniko, legacy, not "
                                                   "`BuildKit`");
}

static void test_bad_volatile_args(void **state)
{
    (void)state;
    expect_error("volatile-args: [GIT_SHA, 1ABC]\n",
                 CFG ":1:26: error: `volatile-args`: `1ABC` is not an ARG name (letters, digits "
                     "and _, not starting with a digit)");
    expect_error("volatile-args:\n  - A-B\n",
                 CFG ":2:5: error: `volatile-args`: `A-B` is not an ARG name (letters, digits "
                     "and _, not starting with a digit)");
    expect_error("volatile-args: GIT_SHA\n", CFG ":1:16: error: `volatile-args` must be a "
                                                 "sequence of ARG names, not a scalar");
    expect_error_part("volatile-args: [{a: 1}]\n", ":1:17: error: `volatile-args`: a mapping is "
                                                   "not an ARG name");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    expect_error("syntax-directive: true\npasses: {}\nsyntax-directive: false\n",
                 CFG ":3:1: error: duplicate key `syntax-directive` (first at line 1)");
    expect_error("passes:\n  merge-apt: true\n  cache-mounts: true\n  merge-apt: false\n",
                 CFG ":4:3: error: duplicate key `merge-apt` (first at line 2)");
}

static void test_yaml_syntax_error(void **state)
{
    (void)state;
    /* an unclosed flow sequence: libyaml's problem, its position, its context */
    expect_error("passes:\n  merge-apt: true\nexclude: [a, b\n",
                 CFG ":4:1: error: did not find expected ',' or ']' (while parsing a flow "
                     "sequence at line 3 column 10)");
    /* a tab where indentation is expected */
    expect_error_part("passes:\n\tmerge-apt: true\n",
                      CFG ":2:1: error: found character that cannot start any token");
    /* bad indentation of a mapping value */
    expect_error("a: b\n  c: d\n", CFG ":2:4: error: mapping values are not allowed in this "
                                       "context");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* 0xE9 starts a 3-byte sequence; the ']' after it is the bad octet */
    expect_error("passes: {}\nexclude: [caf\xe9]\n",
                 CFG ":2:15: error: invalid trailing UTF-8 octet");
}

static void test_top_level_not_mapping(void **state)
{
    (void)state;
    expect_error("- passes\n- exclude\n",
                 CFG ":1:1: error: the top level must be a mapping of settings (passes, "
                     "volatile-args, target-builder, syntax-directive, exclude, contexts, "
                     "include), not a sequence");
    expect_error("\n  hello\n", CFG ":2:3: error: the top level must be a mapping of settings "
                                    "(passes, volatile-args, target-builder, syntax-directive, "
                                    "exclude, contexts, include), not a scalar");
}

static void test_second_document(void **state)
{
    (void)state;
    expect_error("passes: {}\n---\nexclude: [a]\n",
                 CFG ":2:1: error: only one YAML document is allowed");
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    expect_error_part("foo: 1\ntarget-builder: x\npasses: {nope: true}\n",
                      CFG ":1:1: error: unknown key `foo` (known keys: passes, volatile-args, "
                          "target-builder, syntax-directive, exclude, contexts, include)\n" CFG
                          ":2:17: error: `target-builder` must be one of buildkit, buildah, "
                          "kaniko, legacy, not `x`\n" CFG
                          ":3:10: error: unknown pass `nope` (known passes: merge-apt, ");
}

static void test_non_string_key(void **state)
{
    (void)state;
    expect_error("? [a, b]\n: 1\n", CFG ":1:3: error: top-level keys must be plain strings, not "
                                        "a sequence");
}

static void test_bad_exclude(void **state)
{
    (void)state;
    expect_error("exclude: vendor\n",
                 CFG ":1:10: error: `exclude` must be a sequence of path patterns, not a scalar");
    /* a pattern BuildKit refuses, reported at its own item */
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(parse(&c, "exclude:\n  - vendor\n  - \"a[\"\n", &err), -1);
    assert_true(strncmp(err.data, CFG ":3:5: error: `exclude`: `a[`: ", strlen(CFG) + 30) == 0);
    assert_null(c.exclude_ig);
    lf_config_free(&c);
    lf_buf_free(&err);
    expect_error("exclude:\n  - ''\n", CFG ":2:5: error: `exclude`: `` is not a path pattern (one "
                                           "line of text)");
    expect_error("exclude:\n  - [a]\n", CFG ":2:5: error: `exclude`: a sequence is not a path "
                                            "pattern (one line of text)");
}

static void test_unreadable_file(void **state)
{
    (void)state;
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, "/nonexistent/dir/.layerfix.yml", &err),
                     -1);
    assert_string_equal(err.data,
                        "/nonexistent/dir/.layerfix.yml: error: No such file or directory");
    assert_int_equal(c.syntax_directive, -1);
    lf_config_free(&c);
    lf_buf_free(&err);
}

/* --- files on disk ---------------------------------------------------------------------- */

static void test_load_and_exclude(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, ".layerfix.yml",
                "exclude:\n  - vendor/**\n  - test/fixtures\n  - '**/*.gen.Dockerfile'\n"
                "  - '!vendor/keep/Dockerfile'\n");
    lf_test_put(dir, "vendor/lib/Dockerfile", "FROM a\n");
    lf_test_put(dir, "vendor/keep/Dockerfile", "FROM a\n");
    lf_test_put(dir, "test/fixtures/x/Dockerfile", "FROM a\n");
    lf_test_put(dir, "test/Dockerfile", "FROM a\n");
    lf_test_put(dir, "app/Dockerfile", "FROM a\n");
    char cfgpath[PATH_MAX], p[PATH_MAX];
    snprintf(cfgpath, sizeof cfgpath, "%s/.layerfix.yml", dir);
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, cfgpath, &err), 0);
    struct {
        const char *rel;
        bool excluded;
    } cases[] = {
        {"vendor/lib/Dockerfile", true},
        {"vendor/keep/Dockerfile", false}, /* the exception */
        {"test/fixtures/x/Dockerfile", true},
        {"test/Dockerfile", false},
        {"app/Dockerfile", false},
        {"app/sub/web.gen.Dockerfile", true}, /* need not exist */
        {"app/web.Dockerfile", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, cases[i].rel);
        if (lf_config_excluded(&c, p) != cases[i].excluded)
            fail_msg("%s: expected %s", cases[i].rel, cases[i].excluded ? "excluded" : "kept");
    }
    /* relative to the current directory, with ./ and .. in it */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(p, sizeof p, "%s/test", dir);
    assert_int_equal(chdir(p), 0);
    assert_true(lf_config_excluded(&c, "fixtures/x/Dockerfile"));
    assert_true(lf_config_excluded(&c, "./../vendor/lib/Dockerfile"));
    assert_false(lf_config_excluded(&c, "Dockerfile"));
    assert_false(lf_config_excluded(&c, "../app/Dockerfile"));
    /* outside the root: never excluded, even when the pattern would match */
    assert_false(lf_config_excluded(&c, "/vendor/lib/Dockerfile"));
    assert_int_equal(chdir(cwd), 0);
    /* no configuration: nothing is excluded */
    assert_false(lf_config_excluded(NULL, p));
    lf_config empty;
    lf_config_init(&empty);
    snprintf(p, sizeof p, "%s/vendor/lib/Dockerfile", dir);
    assert_false(lf_config_excluded(&empty, p));
    lf_config_free(&empty);
    lf_config_free(&c);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_contexts(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, "services/api/Dockerfile", "FROM a\n");
    lf_test_put(dir, "tools/Dockerfile", "FROM a\n");
    lf_test_put(dir, "shared/x", "x\n");
    lf_test_put(dir, ".layerfix.yml",
                "contexts:\n"
                "  services/api/Dockerfile: .\n"
                "  tools/Dockerfile: [tools, shared]\n");
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, ".layerfix.yml", &err), 0);
    assert_int_equal(c.ncontexts, 2);
    assert_string_equal(c.contexts[0].dockerfile, "services/api/Dockerfile");
    assert_int_equal(c.contexts[0].dirs.n, 1);
    assert_string_equal(c.contexts[0].dirs.items[0].s, ".");
    assert_int_equal(c.contexts[0].lines[0], 2);
    assert_string_equal(c.contexts[1].dockerfile, "tools/Dockerfile");
    assert_int_equal(c.contexts[1].dirs.n, 2);
    assert_string_equal(c.contexts[1].dirs.items[0].s, "tools");
    assert_string_equal(c.contexts[1].dirs.items[1].s, "shared");
    assert_int_equal(c.contexts[1].lines[1], 3);
    lf_config_free(&c);

    /* errors, each with its position; the paths are relative to the file */
    lf_test_put(dir, "sub/.layerfix.yml",
                "contexts:\n"
                "  ../services/api/Dockerfile: https://example.com/ctx.git\n"
                "  missing/Dockerfile: .\n"
                "  ../tools/Dockerfile: [../tools, nope, 3, [x]]\n"
                "  ../tools/Dockerfile: ..\n"
                "  ../shared/x: []\n"
                "  ../shared: .\n");
    lf_buf_clear(&err);
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, "sub/.layerfix.yml", &err), -1);
    assert_string_equal(
        lf_buf_cstr(&err),
        "sub/.layerfix.yml:2:31: error: `contexts: ../services/api/Dockerfile:` "
        "`https://example.com/ctx.git` is remote, not a directory here\n"
        "sub/.layerfix.yml:3:3: error: `contexts`: `missing/Dockerfile` is not a "
        "Dockerfile here (no such file)\n"
        "sub/.layerfix.yml:4:35: error: `contexts: ../tools/Dockerfile:` `nope` is "
        "not a directory\n"
        "sub/.layerfix.yml:4:41: error: `contexts: ../tools/Dockerfile:` `3` is not "
        "a directory\n"
        "sub/.layerfix.yml:4:44: error: `contexts: ../tools/Dockerfile:` takes a "
        "directory or a list of directories, not a sequence\n"
        "sub/.layerfix.yml:5:3: error: duplicate key `../tools/Dockerfile` (first "
        "at line 4)\n"
        "sub/.layerfix.yml:6:16: error: `contexts: ../shared/x:` the list of "
        "directories is empty\n"
        "sub/.layerfix.yml:7:3: error: `contexts`: `../shared` is not a Dockerfile "
        "here (no such file)");
    lf_config_free(&c);
    assert_int_equal(chdir(cwd), 0);
    expect_error("contexts: [a]\n", CFG ":1:11: error: `contexts` must be a mapping of Dockerfile "
                                        "to context directory, not a sequence");
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_exclude_through_symlinked_root(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, "real/.layerfix.yml", "exclude: [gen]\n");
    lf_test_put(dir, "real/gen/Dockerfile", "FROM a\n");
    char link[PATH_MAX], p[PATH_MAX + 64];
    snprintf(link, sizeof link, "%s/link", dir);
    snprintf(p, sizeof p, "%s/real", dir);
    assert_int_equal(symlink(p, link), 0);
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    /* loaded through the link, asked about through the real path and back */
    snprintf(p, sizeof p, "%s/.layerfix.yml", link);
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, p, &err), 0);
    snprintf(p, sizeof p, "%s/real/gen/Dockerfile", dir);
    assert_true(lf_config_excluded(&c, p));
    snprintf(p, sizeof p, "%s/gen/Dockerfile", link);
    assert_true(lf_config_excluded(&c, p));
    lf_config_free(&c);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_find_in_git_repository(void **state)
{
    (void)state;
    git_libgit2_init();
    char *dir = lf_test_tmpdir();
    git_repository *r;
    assert_int_equal(git_repository_init(&r, dir, 0), 0);
    git_repository_free(r);
    lf_test_put(dir, "services/api/Dockerfile", "FROM a\n");
    char cwd[PATH_MAX], p[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    lf_buf path = LF_BUF_INIT;

    /* not there yet: 0, and the path where it would be */
    snprintf(p, sizeof p, "%s/services/api", dir);
    assert_int_equal(chdir(p), 0);
    assert_int_equal(lf_config_find(&path, "."), 0);
    assert_string_equal(path.data, "../../.layerfix.yml");

    lf_test_put(dir, ".layerfix.yml", "syntax-directive: false\n");
    assert_int_equal(lf_config_find(&path, "."), 1);
    assert_string_equal(path.data, "../../.layerfix.yml");
    lf_config c;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&c, &lf_pass_table_all, path.data, &err), 0);
    assert_int_equal(c.syntax_directive, 0);
    lf_config_free(&c);

    /* from the root itself, and from above it */
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(lf_config_find(&path, "services"), 1);
    assert_string_equal(path.data, ".layerfix.yml");
    snprintf(p, sizeof p, "%s/..", dir);
    assert_int_equal(chdir(p), 0);
    const char *base = strrchr(dir, '/') + 1;
    assert_int_equal(lf_config_find(&path, dir), 1);
    snprintf(p, sizeof p, "%s/.layerfix.yml", base);
    assert_string_equal(path.data, p);

    assert_int_equal(chdir(cwd), 0);
    lf_buf_free(&path);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
    git_libgit2_shutdown();
}

static void test_find_without_git(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_test_put(dir, "a/b/x", "");
    lf_test_put(dir, ".layerfix.yml", "");
    char p[PATH_MAX], real[PATH_MAX], want[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/a/b", dir);
    assert_non_null(realpath(p, real));
    snprintf(want, sizeof want, "%s/.layerfix.yml", real);
    lf_buf path = LF_BUF_INIT;
    if (lf_config_find(&path, p) == 0 && strcmp(path.data, want) == 0) {
        /* no repository: the start directory itself, not its parents */
        lf_test_put(dir, "a/b/.layerfix.yml", "");
        assert_int_equal(lf_config_find(&path, p), 1);
        assert_string_equal(path.data, want);
    } else {
        /* only when the temporary directory is inside some git work tree */
        print_message("note: %s is inside a git work tree; skipped\n", dir);
    }
    lf_buf_free(&path);
    lf_test_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_all_keys),
        cmocka_unit_test(test_yaml_booleans),
        cmocka_unit_test(test_every_builder),
        cmocka_unit_test(test_null_values_are_unset),
        cmocka_unit_test(test_volatile_args_deduplicated),
        cmocka_unit_test(test_anchors_and_aliases),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_unknown_pass),
        cmocka_unit_test(test_passes_wrong_type),
        cmocka_unit_test(test_bad_bool),
        cmocka_unit_test(test_bad_builder),
        cmocka_unit_test(test_bad_volatile_args),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_yaml_syntax_error),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_top_level_not_mapping),
        cmocka_unit_test(test_second_document),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_non_string_key),
        cmocka_unit_test(test_bad_exclude),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_load_and_exclude),
        cmocka_unit_test(test_exclude_through_symlinked_root),
        cmocka_unit_test(test_contexts),
        cmocka_unit_test(test_find_in_git_repository),
        cmocka_unit_test(test_find_without_git),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
