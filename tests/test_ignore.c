/*
 * The .dockerignore matcher against BuildKit's behaviour: a table of
 * (file text, path, excluded?) cases worked out from moby/patternmatcher and
 * tonistiigi/fsutil's walker, the tricky ones included (`**` at either end,
 * exceptions after a directory, the walker not entering a directory, leading
 * and trailing '/', escapes, the regexp quirks), then the files BuildKit
 * refuses, the batch filter against the one-path answer, Go's path.Match and
 * path.Clean.
 */
#include "testutil.h"

#include "ignore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct icase {
    const char *text;
    const char *path;
    bool excluded;
} icase;

static const icase cases[] = {
    /* a name is anchored at the context root and excludes what is below it */
    {"foo", "foo", true},
    {"foo", "foo/bar", true},
    {"foo", "foo/bar/baz.txt", true},
    {"foo", "foobar", false},
    {"foo", "a/foo", false},
    /* cleaning: leading '/', "./", trailing '/', doubled '/', ".." */
    {"/foo", "foo", true},
    {"/foo", "foo/x", true},
    {"./foo", "foo/x", true},
    {"foo/", "foo/x", true},
    {"foo/", "foo", true}, /* no directory-only rules: a file foo goes too */
    {"foo//bar", "foo/bar", true},
    {"foo/../bar", "bar", true},
    {"foo/../bar", "foo/bar", false},
    {"a/b/", "a/b/c", true},
    {"/", "a", false},
    {".", "a", false},
    /* `*` `?` `[...]` stay within one segment */
    {"*.md", "README.md", true},
    {"*.md", "docs/a.md", false},
    {"*/*.md", "docs/a.md", true},
    {"?.txt", "a.txt", true},
    {"?.txt", "ab.txt", false},
    {"?.txt", "\xC3\xA9.txt", true}, /* one rune, two bytes */
    {"?", "a/b", true},              /* matches the directory a */
    {"[abc].txt", "b.txt", true},
    {"[abc].txt", "d.txt", false},
    {"[^abc].txt", "d.txt", true},
    {"[^abc].txt", "a.txt", false},
    {"[a-c]*", "cat", true},
    {"[a-c]*", "dog", false},
    {"[!a].txt", "!.txt", true}, /* `!` does not negate: a regexp class {!, a} */
    {"[!a].txt", "b.txt", false},
    {"*", "anything", true},
    {"*", "a/b", true},
    {"*/", "a", true},
    {"foo/*", "foo", false},
    {"foo/*", "foo/x/y", true},
    /* `**` */
    {"**/x", "x", true},
    {"**/x", "a/b/x", true},
    {"**/x", "a/bx", false},
    {"**/x", "x/y", true},
    {"x/**", "x", false}, /* only what is below x */
    {"x/**", "x/y", true},
    {"x/**", "x/y/z", true},
    {"**", "anything/here", true},
    {"a/**/b", "a/b", true},
    {"a/**/b", "a/x/y/b", true},
    {"a/**/b", "a/xb", false},
    {"**/*.go", "main.go", true},
    {"**/*.go", "cmd/x/main.go", true},
    {"**/*.go", "main.go.bak", false},
    {"**foo", "barfoo", true}, /* a leading `**` is a plain suffix test */
    {"**foo", "a/xfoo", true},
    {"foo**", "foobar/baz", true}, /* a trailing `**` is a plain prefix test */
    {"dir/**/*.log", "dir/a/b/c.log", true},
    {"dir/**/*.log", "dir/c.log", true},
    {"dir/**/*.log", "other/c.log", false},
    {"**/.git", ".git/config", true},
    /* exceptions, in order, last match wins */
    {"*.md\n!README.md", "README.md", false},
    {"*.md\n!README.md", "a.md", true},
    {"!README.md\n*.md", "README.md", true},
    {"!keep\n*", "keep", true},
    {"*\n!src", "src/main.c", false},
    {"*\n!src", "other.txt", true},
    {"*\n!src\nsrc/*.o", "src/x.o", true},
    /* `!` after a directory exclusion */
    {"docs\n!docs/keep.md", "docs/keep.md", false},
    {"docs\n!docs/keep.md", "docs/other.md", true},
    {"docs\n!docs/*.md", "docs/a.md", false},
    {"a\n!a/b/c", "a/b/c", false},
    {"a\n!a/b/c", "a/b/d", true},
    /* the walker does not enter node_modules: `keep` names no path below it */
    {"node_modules\n!keep", "node_modules/keep", true},
    /* a wildcard exception makes the walker enter every excluded directory */
    {"node_modules\n!**/keep", "node_modules/x/keep", false},
    {"node_modules\n!**/keep", "node_modules/x/other", true},
    /* a pattern skipped for a directory is not inherited by what is below it */
    {"foo\n!foo/bar\nfoo", "foo/bar", false},
    {"foo\n!foo/bar\nfoo", "foo/baz", true},
    /* escapes */
    {"\\*.txt", "*.txt", true},
    {"\\*.txt", "a.txt", false},
    {"a\\?b", "a?b", true},
    {"a\\?b", "axb", false},
    {"\\[x\\]", "[x]", true},
    {"\\.env", ".env", true},
    {"dir\\file", "dir/file", false}, /* `\f` is a form feed in the regexp */
    /* characters that are special only to regexps are literal */
    {"*.{js,ts}", "a.{js,ts}", true},
    {"*.{js,ts}", "a.js", false},
    {"a+b", "a+b", true},
    {"(x)|y", "(x)|y", true},
    {"cost$*", "cost$5", true},
    /* ... except what BuildKit passes through to Go's regexp */
    {"a^b", "a^b", true},    /* no wildcard: compared as a string */
    {"a^b*", "a^bc", false}, /* with one, `^` is an anchor */
    {"\\d*", "5x", true},    /* `\d` is a digit */
    {"\\d*", "dx", false},
    {"[[:digit:]]*", "7up", true},
    {"[[:digit:]]*", "up", false},
    /* reading the file */
    {"#foo\nbar", "#foo", false},
    {" #foo", "#foo", true}, /* `#` starts a comment only in column 1 */
    {"  foo  ", "foo", true},
    {"  !foo\nfoo", "foo", true},
    {"foo\n  !  foo", "foo", false},
    {"foo\r\nbar\r\n", "bar", true},
    {"\xEF\xBB\xBF"
     "foo",
     "foo", true},
    {"\n\n\nfoo\n\n", "foo", true},
    {"foo bar", "foo bar", true},
    {"", "foo", false},
    /* paths given to the matcher are cleaned */
    {"foo", "./foo/x", true},
    {"foo", "/foo", true},
};

static void test_cases(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const icase *c = &cases[i];
        lf_ignore *ig = NULL;
        lf_buf err = LF_BUF_INIT;
        if (lf_ignore_compile(&ig, c->text, strlen(c->text), &err) != 0) {
            print_message("case %zu: %s: %s\n", i, c->text, lf_buf_cstr(&err));
            failures++;
        } else {
            bool got = lf_ignore_match(ig, c->path, false);
            if (got != c->excluded) {
                print_message("case %zu: patterns \"%s\" path \"%s\": got %s\n", i, c->text,
                              c->path, got ? "excluded" : "included");
                failures++;
            }
        }
        lf_ignore_free(ig);
        lf_buf_free(&err);
    }
    print_message("%zu pattern/path cases\n", sizeof cases / sizeof cases[0]);
    assert_int_equal(failures, 0);
}

/* BuildKit fails the build on these files. */
static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "!",    "  !  ", "foo\\",  "[",     "[]a]",
        "[a-]", "a[",    "ok\n[z", "[z-a]", /* Go's regexp refuses a reversed range */
        "\\q",                              /* and an unknown escape */
        "\\1",                              /* and a backreference */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lf_ignore *ig = (lf_ignore *)1;
        lf_buf err = LF_BUF_INIT;
        int rc = lf_ignore_compile(&ig, bad[i], strlen(bad[i]), &err);
        if (rc == 0)
            print_message("accepted: \"%s\"\n", bad[i]);
        assert_int_equal(rc, -1);
        assert_null(ig);
        assert_non_null(strstr(lf_buf_cstr(&err), "line "));
        lf_buf_free(&err);
    }
    lf_ignore *ig;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_ignore_compile(&ig, "ok\n[z", 5, &err), -1);
    assert_string_equal(err.data, "line 2: `[z`: syntax error in pattern");
    lf_buf_free(&err);
}

static void test_patterns(void **state)
{
    (void)state;
    const char *text = "# c\n/a/\n!a/b/../keep\n";
    lf_ignore *ig;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_ignore_compile(&ig, text, strlen(text), &err), 0);
    assert_int_equal(lf_ignore_count(ig), 2);
    lf_ignore_pattern_info pi;
    lf_ignore_pattern(ig, 0, &pi);
    assert_string_equal(pi.text, "a");
    assert_false(pi.exception);
    assert_int_equal(pi.line, 2);
    lf_ignore_pattern(ig, 1, &pi);
    assert_string_equal(pi.text, "a/keep");
    assert_true(pi.exception);
    assert_int_equal(pi.line, 3);
    assert_true(lf_ignore_pattern_matches(ig, 0, "a/x/y"));
    assert_false(lf_ignore_pattern_matches(ig, 0, "b/a"));
    int d;
    assert_true(lf_ignore_match_why(ig, "a/z", &d));
    assert_int_equal(d, 0);
    assert_false(lf_ignore_match_why(ig, "a/keep", &d));
    assert_int_equal(d, 1);
    assert_false(lf_ignore_match_why(ig, "keep", &d)); /* an exception is not tried then */
    assert_int_equal(d, -1);
    assert_false(lf_ignore_match_why(ig, "q", &d));
    assert_int_equal(d, -1);
    lf_ignore_free(ig);
    lf_buf_free(&err);
}

/* The batch filter gives the one-path answers, in any mix of depths. */
static void test_filter(void **state)
{
    (void)state;
    const char *text = "**/node_modules\nbuild\n!build/keep\n*.log\n!**/important.log\ndocs/*\n";
    static const char *const paths[] = {
        "a.log",
        "build/keep",
        "build/out.o",
        "docs.md",
        "docs/a/b.md",
        "docs/index.md",
        "important.log",
        "node_modules/x/index.js",
        "src/a.log",
        "src/main.c",
        "src/node_modules/y/z.js",
        "src/sub/deep/file",
    };
    size_t n = sizeof paths / sizeof paths[0];
    lf_ignore *ig;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_ignore_compile(&ig, text, strlen(text), &err), 0);
    bool ex[sizeof paths / sizeof paths[0]];
    int dec[sizeof paths / sizeof paths[0]];
    lf_ignore_filter(ig, paths, n, ex, dec);
    for (size_t i = 0; i < n; i++) {
        int d;
        bool one = lf_ignore_match_why(ig, paths[i], &d);
        if (one != ex[i] || d != dec[i])
            print_message("%s: batch %d/%d, one %d/%d\n", paths[i], ex[i], dec[i], one, d);
        assert_int_equal(one, ex[i]);
        assert_int_equal(d, dec[i]);
    }
    static const bool want[] = {
        true,  /* a.log */
        false, /* build/keep */
        true,  /* build/out.o */
        false, /* docs.md */
        true,  /* docs/a/b.md: docs/a matches docs/ then `*` */
        true,  /* docs/index.md */
        false, /* important.log */
        true,  /* node_modules/... */
        false, /* src/a.log: `*.log` is anchored at the root */
        false, /* src/main.c */
        true,  /* src/node_modules/... */
        false, /* src/sub/deep/file */
    };
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ex[i], want[i]);
    lf_ignore_free(ig);
    lf_buf_free(&err);
}

static void test_glob(void **state)
{
    (void)state;
    assert_int_equal(lf_glob_match("*.go", "a.go"), 1);
    assert_int_equal(lf_glob_match("*", "a/b"), 0);
    assert_int_equal(lf_glob_match("*/b", "a/b"), 1);
    assert_int_equal(lf_glob_match("a?c", "abc"), 1);
    assert_int_equal(lf_glob_match("a?c", "a/c"), 0);
    assert_int_equal(lf_glob_match("[^a]x", "bx"), 1);
    assert_int_equal(lf_glob_match("[^a]x", "ax"), 0);
    assert_int_equal(lf_glob_match("[a-c]", "b"), 1);
    assert_int_equal(lf_glob_match("\\*", "*"), 1);
    assert_int_equal(lf_glob_match("\\*", "a"), 0);
    assert_int_equal(lf_glob_match("[", "a"), -1);
    assert_int_equal(lf_glob_match("a\\", "a"), -1);
    assert_int_equal(lf_glob_match("[a-]", "a"), -1);
    assert_int_equal(lf_glob_match("x*[", "y"), -1); /* malformed after a mismatch */
    assert_int_equal(lf_glob_match("*.txt", ".txt"), 1);
    assert_int_equal(lf_glob_match("a*b*c", "axxbyyc"), 1);
    assert_int_equal(lf_glob_match("a*b*c", "axxbyy"), 0);
}

static void clean_is(const char *in, const char *want)
{
    lf_buf b = LF_BUF_INIT;
    lf_path_clean(in, strlen(in), &b);
    assert_string_equal(b.data, want);
    lf_buf_free(&b);
}

static void test_clean(void **state)
{
    (void)state;
    clean_is("", ".");
    clean_is(".", ".");
    clean_is("./a/", "a");
    clean_is("a//b/./c/..", "a/b");
    clean_is("/../a", "/a");
    clean_is("../../a", "../../a");
    clean_is("a/../..", "..");
    clean_is("/", "/");
    clean_is("//a//", "/a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),    cmocka_unit_test(test_refused),
        cmocka_unit_test(test_patterns), cmocka_unit_test(test_filter),
        cmocka_unit_test(test_glob),     cmocka_unit_test(test_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
