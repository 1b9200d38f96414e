/*
 * .gitignore -> .dockerignore translation: the text of each translated rule
 * (anchoring, directory-only rules, negations, escapes, parent .gitignore
 * files), the rules that cannot be translated, and what the translated
 * patterns match when BuildKit's matcher reads them.
 */
#include "testutil.h"

#include "buf.h"
#include "gitignore.h"
#include "ignore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rules as lines: "PATTERN", "!PATTERN", "PATTERN (dir: FORM)",
 * "skip: WHY". */
static char *translate(const char *text, const char *gi_dir, const char *ctx_dir)
{
    lf_gitignore g = {0};
    lf_gitignore_translate(&g, text, strlen(text), gi_dir, ctx_dir);
    lf_buf b = LF_BUF_INIT;
    for (size_t i = 0; i < g.n; i++) {
        const lf_gitignore_rule *r = &g.rules[i];
        if (!r->pattern)
            lf_buf_printf(&b, "skip: %s\n", r->skipped);
        else if (r->dir_form)
            lf_buf_printf(&b, "%s%s (dir: %s)\n", r->negate ? "!" : "", r->pattern, r->dir_form);
        else
            lf_buf_printf(&b, "%s%s\n", r->negate ? "!" : "", r->pattern);
    }
    lf_buf_adds(&b, "");
    lf_gitignore_free(&g);
    return lf_buf_detach(&b, NULL);
}

typedef struct tcase {
    const char *text, *gi_dir, *ctx_dir, *want;
} tcase;

static const tcase cases[] = {
    /* a name matches at any depth; a slash anchors */
    {"node_modules\n", "", "", "**/node_modules\n"},
    {"node_modules/\n", "", "", "**/node_modules (dir: **/node_modules/**)\n"},
    {"/build\n", "", "", "build\n"},
    {"/build/\n", "", "", "build (dir: build/**)\n"},
    {"docs/*.md\n", "", "", "docs/*.md\n"},
    {"**/foo\n", "", "", "**/foo\n"},
    {"foo/**\n", "", "", "foo/**\n"},
    {"a/**/b\n", "", "", "a/**/b\n"},
    {"*.log\n!keep.log\n", "", "", "**/*.log\n!**/keep.log\n"},
    /* reading: comments, blanks, trailing spaces, CRLF, BOM */
    {"# c\n\n   \nx\n", "", "", "**/x\n"},
    {"x   \n", "", "", "**/x\n"},
    {"x\\ \n", "", "", "**/x[ ]\n"},
    {"x\r\ny\r\n", "", "", "**/x\n**/y\n"},
    {"\xEF\xBB\xBFx\n", "", "", "**/x\n"},
    {"last", "", "", "**/last\n"},
    /* escapes and characters special to one side only */
    {"\\#file\n", "", "", "**/#file\n"},
    {"/\\#file\n", "", "", "\\#file\n"},
    {"/\\!imp\n", "", "", "\\!imp\n"},
    {"\\!imp\n", "", "", "**/!imp\n"},
    {"\\*star\n", "", "", "**/\\*star\n"},
    {"\\d\n", "", "", "**/d\n"},
    {"^x\n", "", "", "**/\\^x\n"},
    {"a**b\n", "", "", "**/a*b\n"},
    {"file+name(1).txt\n", "", "", "**/file+name(1).txt\n"},
    /* classes */
    {"*.py[cod]\n", "", "", "**/*.py[cod]\n"},
    {"[!a]*.txt\n", "", "", "**/[^/a]*.txt\n"},
    {"[]x]\n", "", "", "**/[\\]x]\n"},
    {"[a-]\n", "", "", "**/[a\\-]\n"},
    {"[[:digit:]]x\n", "", "", "**/[[:digit:]]x\n"},
    {"[*?]\n", "", "", "**/[\\*\\?]\n"},
    /* rules that have no translation */
    {"foo\\\n", "", "", "skip: a trailing backslash\n"},
    {"a[b\n", "", "", "skip: an unterminated `[`\n"},
    {"a/../b\n", "", "", "skip: an empty, `.` or `..` path segment\n"},
    {"a//b\n", "", "", "skip: an empty, `.` or `..` path segment\n"},
    {"[[:nope:]]\n", "", "", "skip: an unknown character class\n"},
    /* a .gitignore below the context root */
    {"*.tmp\n/local/\n!keep.tmp\n", "sub", "",
     "sub/**/*.tmp\nsub/local (dir: sub/local/**)\n!sub/**/keep.tmp\n"},
    {"x\n", "svc/sub", "svc", "sub/**/x\n"},
    {"x\n", "we[ir]d", "", "we\\[ir\\]d/**/x\n"},
    /* a .gitignore above it */
    {"node_modules/\n/svc/api/tmp/\n/svc/web/\n", "", "svc/api",
     "**/node_modules (dir: **/node_modules/**)\ntmp (dir: tmp/**)\n"},
    {"/svc\n", "", "svc/api", "skip: it matches the build context directory or a parent of it\n"},
    {"/svc/api\n", "", "svc/api",
     "skip: it matches the build context directory or a parent of it\n"},
    {"*/api/gen\n", "", "svc/api", "gen\n"},
    {"/s?c/api/gen\n", "", "svc/api", "gen\n"},
    {"/svc/**/x\n", "", "svc/api", "**/x\n"},
    {"/svc/**\n", "", "svc/api", "skip: it matches the whole build context\n"},
    {"/api/x\n", "svc", "svc/api", "x\n"},
    {"x\n", "other", "svc", ""},
    {"x\n", "sv", "svc", ""},
};

static void test_translate(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tcase *c = &cases[i];
        char *got = translate(c->text, c->gi_dir, c->ctx_dir);
        if (strcmp(got, c->want) != 0) {
            print_message("case %zu (%s): got\n%swant\n%s", i, c->text, got, c->want);
            failures++;
        }
        free(got);
    }
    assert_int_equal(failures, 0);
}

/* A translated rule, read by BuildKit's matcher, excludes path? */
static bool excludes(const char *gitignore, const char *path)
{
    lf_gitignore g = {0};
    lf_gitignore_translate(&g, gitignore, strlen(gitignore), "", "");
    lf_buf text = LF_BUF_INIT;
    for (size_t i = 0; i < g.n; i++)
        if (g.rules[i].pattern)
            lf_buf_printf(&text, "%s%s\n", g.rules[i].negate ? "!" : "", g.rules[i].pattern);
    lf_ignore *ig;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_ignore_compile(&ig, lf_buf_cstr(&text), text.len, &err), 0);
    bool r = lf_ignore_match(ig, path, false);
    lf_ignore_free(ig);
    lf_buf_free(&err);
    lf_buf_free(&text);
    lf_gitignore_free(&g);
    return r;
}

static void test_meaning(void **state)
{
    (void)state;
    assert_true(excludes("*.log\n", "a.log"));
    assert_true(excludes("*.log\n", "x/y/a.log"));
    assert_false(excludes("*.log\n", "a.logx"));
    assert_true(excludes("/build\n", "build/x"));
    assert_false(excludes("/build\n", "src/build/x"));
    assert_true(excludes("node_modules/\n", "web/node_modules/x/i.js"));
    assert_true(excludes("*.log\n!keep.log\n", "a.log"));
    assert_false(excludes("*.log\n!keep.log\n", "keep.log"));
    assert_false(excludes("*.log\n!keep.log\n", "d/keep.log"));
    assert_true(excludes("[!a]*.txt\n", "b.txt"));
    assert_false(excludes("[!a]*.txt\n", "a.txt"));
    assert_true(excludes("\\#file\n", "#file"));
    assert_true(excludes("x\\ \n", "d/x "));
    assert_false(excludes("x\\ \n", "d/x"));
    assert_true(excludes("^x\n", "^x"));
    assert_true(excludes("\\d\n", "d"));
    assert_false(excludes("\\d\n", "5"));
    assert_true(excludes("[*?]\n", "*"));
    assert_false(excludes("[*?]\n", "a"));
    assert_true(excludes("[a-]\n", "-"));
    assert_true(excludes("a**b\n", "axxb"));
    assert_false(excludes("a**b\n", "a/b"));
}

static void test_escape_path(void **state)
{
    (void)state;
    static const char *const io[][2] = {
        {"a[1]/b*.txt", "a\\[1\\]/b\\*.txt"},
        {"#x", "\\#x"},
        {"!x", "\\!x"},
        {" lead", "[ ]lead"},
        {"trail ", "trail[ ]"},
        {"what?^", "what\\?\\^"},
        {"plain/file.txt", "plain/file.txt"},
    };
    for (size_t i = 0; i < sizeof io / sizeof io[0]; i++) {
        char *e = lf_dockerignore_escape_path(io[i][0]);
        assert_string_equal(e, io[i][1]);
        /* and BuildKit's matcher reads it back as that exact path */
        lf_ignore *ig;
        lf_buf err = LF_BUF_INIT;
        assert_int_equal(lf_ignore_compile(&ig, e, strlen(e), &err), 0);
        assert_true(lf_ignore_match(ig, io[i][0], false));
        lf_ignore_free(ig);
        lf_buf_free(&err);
        free(e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translate),
        cmocka_unit_test(test_meaning),
        cmocka_unit_test(test_escape_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
