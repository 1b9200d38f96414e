/*
 * Runs lf_bkdump_line over every buildkit-parser `testfiles` case and
 * compares with its `result`, and checks the stage-1 negative cases. The
 * logical lines come from a deliberately small joiner written here from
 * dockerfile-syntax.md §1-§4 (directives, continuation, comments; no
 * heredocs, which the corpus cases do not use); the real parser gets its own
 * whole-corpus test.
 */
#include "testutil.h"

#include "bkdump.h"
#include "buf.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t len;
} span;

/* Physical lines, without their trailing CR/LF characters. */
static size_t split_lines(const char *d, size_t len, span **out)
{
    size_t cap = 16, n = 0;
    span *v = malloc(cap * sizeof *v);
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(d + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - d) : len;
        size_t e = end;
        while (e > i && (d[e - 1] == '\r' || d[e - 1] == '\n'))
            e--;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[n].p = d + i;
        v[n].len = e - i;
        n++;
        i = nl ? end + 1 : len;
    }
    *out = v;
    return n;
}

static size_t skip_ws(span s)
{
    /* ASCII whitespace is all the corpus needs here. */
    size_t i = 0;
    while (i < s.len && isspace((unsigned char)s.p[i]))
        i++;
    return i;
}

static int is_comment(span s)
{
    size_t i = skip_ws(s);
    return i < s.len && s.p[i] == '#';
}

/* `#  key = value` with a known key; returns 1 and sets *escape for escape. */
static int directive(span s, char *escape)
{
    size_t i = 0;
    if (s.len == 0 || s.p[0] != '#')
        return 0;
    i = 1;
    while (i < s.len && isspace((unsigned char)s.p[i]))
        i++;
    size_t k = i;
    while (i < s.len && isalnum((unsigned char)s.p[i]))
        i++;
    if (i == k || !isalpha((unsigned char)s.p[k]))
        return 0;
    char key[16] = {0};
    if (i - k >= sizeof key)
        return 0;
    for (size_t j = k; j < i; j++)
        key[j - k] = (char)tolower((unsigned char)s.p[j]);
    while (i < s.len && isspace((unsigned char)s.p[i]))
        i++;
    if (i >= s.len || s.p[i] != '=')
        return 0;
    i++;
    while (i < s.len && isspace((unsigned char)s.p[i]))
        i++;
    size_t e = s.len;
    while (e > i && isspace((unsigned char)s.p[e - 1]))
        e--;
    if (e == i)
        return 0;
    if (strcmp(key, "escape") == 0) {
        *escape = s.p[i];
        return 1;
    }
    return strcmp(key, "syntax") == 0 || strcmp(key, "check") == 0;
}

/* Appends s minus a trailing continuation; returns 1 when it continues. */
static int add_trimmed(lf_buf *line, span s, char esc)
{
    size_t e = s.len;
    while (e > 0 && (s.p[e - 1] == ' ' || s.p[e - 1] == '\t'))
        e--;
    if (e > 0 && s.p[e - 1] == esc && (e == 1 || s.p[e - 2] != esc)) {
        lf_buf_add(line, s.p, e - 1);
        return 1;
    }
    lf_buf_add(line, s.p, s.len);
    return 0;
}

/* Dumps a whole file the way BuildKit's test runner does; returns -1 at the
 * first parse error. */
static int dump_file(const char *data, size_t len, lf_buf *out, lf_buf *err)
{
    span *lines;
    size_t n = split_lines(data, len, &lines);
    char esc = '\\';
    int scanning = 1, rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        span s = lines[i];
        if (i == 0 && s.len >= 3 && memcmp(s.p, "\xEF\xBB\xBF", 3) == 0)
            s.p += 3, s.len -= 3;
        size_t w = skip_ws(s);
        s.p += w, s.len -= w;
        if (scanning && !directive(s, &esc))
            scanning = 0;
        if (s.len > 0 && s.p[0] == '#')
            continue;
        lf_buf line = LF_BUF_INIT;
        int more = add_trimmed(&line, s, esc);
        if (!more && line.len == 0) {
            lf_buf_free(&line);
            continue;
        }
        while (more && i + 1 < n) {
            span c = lines[++i];
            scanning = 0;
            if (is_comment(c) || skip_ws(c) == c.len)
                continue;
            more = add_trimmed(&line, c, esc);
        }
        rc = lf_bkdump_line(out, lf_buf_cstr(&line), line.len, esc, err);
        lf_buf_addc(out, '\n');
        lf_buf_free(&line);
    }
    free(lines);
    return rc;
}

static void test_positive_cases(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    const char *base = lf_test_shared_path("corpus/buildkit-parser/testfiles");
    char dirpath[4096];
    snprintf(dirpath, sizeof dirpath, "%s", base);
    DIR *dir = opendir(dirpath);
    assert_non_null(dir);
    int cases = 0, failures = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[8192];
        size_t dlen, rlen;
        snprintf(path, sizeof path, "%s/%s/Dockerfile", dirpath, de->d_name);
        char *df = lf_test_read_file(path, &dlen);
        snprintf(path, sizeof path, "%s/%s/result", dirpath, de->d_name);
        char *want = lf_test_read_file(path, &rlen);
        if (!df || !want) {
            free(df);
            free(want);
            continue;
        }
        cases++;
        lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
        int rc = dump_file(df, dlen, &got, &err);
        if (rc != 0 || got.len != rlen || memcmp(got.data, want, rlen) != 0) {
            failures++;
            print_message("case %s: rc=%d err=%s\n--- want\n%s--- got\n%s", de->d_name, rc,
                          lf_buf_cstr(&err), want, lf_buf_cstr(&got));
        }
        lf_buf_free(&got);
        lf_buf_free(&err);
        free(df);
        free(want);
    }
    closedir(dir);
    print_message("%d cases, %d failures\n", cases, failures);
    assert_int_equal(cases, 33);
    assert_int_equal(failures, 0);
}

static void test_negative_cases(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    /* Only these two fail in the per-instruction stage that lf_bkdump covers;
     * the other two negative cases have no instruction at all. */
    const char *cases[] = {"env_no_value", "shykes-nested-json"};
    for (size_t i = 0; i < 2; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "corpus/buildkit-parser/testfiles-negative/%s/Dockerfile",
                 cases[i]);
        size_t len;
        char *df = lf_test_read_file(lf_test_shared_path(rel), &len);
        assert_non_null(df);
        lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
        assert_int_equal(dump_file(df, len, &got, &err), -1);
        assert_true(err.len > 0);
        lf_buf_free(&got);
        lf_buf_free(&err);
        free(df);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positive_cases),
        cmocka_unit_test(test_negative_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
