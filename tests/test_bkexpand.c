/* lf_bk_word / lf_bk_words: BuildKit's quote removal and variable
 * expansion, and keeping variables the base image may set. */
#include "testutil.h"

#include "bkexpand.h"

#include <stdlib.h>
#include <string.h>

static int lookup(void *ud, const char *name, size_t len, const char **value)
{
    (void)ud;
    static const char *const vars[][2] = {{"A", "1"}, {"EMPTY", ""}, {"SP", "x y"}};
    for (size_t i = 0; i < 3; i++)
        if (strlen(vars[i][0]) == len && memcmp(vars[i][0], name, len) == 0) {
            *value = vars[i][1];
            return 1;
        }
    return 0;
}

static char *word(const char *s, bool keep, char escape)
{
    lf_bk_expander x = {escape, lookup, NULL, keep};
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    int rc = lf_bk_word(&x, s, strlen(s), &out, &err);
    char *r = rc == 0 ? lf_buf_detach(&out, NULL) : lf_buf_detach(&err, NULL);
    lf_buf_free(&out);
    lf_buf_free(&err);
    if (rc != 0) {
        char *e = malloc(strlen(r) + 7);
        strcpy(e, "ERROR ");
        strcat(e, r);
        free(r);
        return e;
    }
    return r;
}

#define WORD(in, expected)                                                                         \
    do {                                                                                           \
        char *got_ = word(in, false, '\\');                                                        \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

static void test_quotes_and_escapes(void **state)
{
    (void)state;
    WORD("plain", "plain");
    WORD("'$A x'", "$A x");
    WORD("\"$A x\"", "1 x");
    WORD("a\\ b", "a b");
    WORD("\"a\\\"b\\$A\\n\"", "a\"b$A\\n"); /* \n is kept in double quotes */
    WORD("\\$A", "$A");
    WORD("it's", "ERROR unexpected end of statement while looking for matching single-quote");
    WORD("\"open", "ERROR unexpected end of statement while looking for matching double-quote");
}

static void test_substitutions(void **state)
{
    (void)state;
    WORD("$A-${A}", "1-1");
    WORD("${UNSET}x", "x");
    WORD("${UNSET:-d}", "d");
    WORD("${EMPTY:-d}", "d");
    WORD("${EMPTY-d}", "");
    WORD("${UNSET-d}", "d");
    WORD("${A:+set}", "set");
    WORD("${EMPTY:+set}", "");
    WORD("${EMPTY+set}", "set");
    WORD("${UNSET:-$A}", "1");
    WORD("$", "$");
    WORD("a$ b", "a$ b");
    WORD("$1$@", "");
    WORD("${A:?no}", "1");
    WORD("${UNSET:?must be set}", "ERROR UNSET: must be set");
    WORD("${EMPTY:?}", "ERROR EMPTY: is not allowed to be empty");
    WORD("${UNSET?}", "ERROR UNSET: is not allowed to be unset");
    WORD("${A", "ERROR syntax error: missing '}'");
    WORD("${}", "ERROR syntax error: bad substitution");
    WORD("${A:=x}", "ERROR unsupported modifier (=) in substitution");
}

static void test_keep_unknown(void **state)
{
    (void)state;
    char *w = word("$HOME/bin:${PATH}:${X:-$A}:$A", true, '\\');
    assert_string_equal(w, "$HOME/bin:${PATH}:${X:-1}:1");
    free(w);
    w = word("${N%%.*}", false, '\\'); /* newer BuildKit patterns: kept as written */
    assert_string_equal(w, "${N%%.*}");
    free(w);
}

static void test_backtick_escape(void **state)
{
    (void)state;
    char *w = word("C:`\\x `$A", false, '`');
    assert_string_equal(w, "C:\\x $A");
    free(w);
}

static void test_words(void **state)
{
    (void)state;
    lf_bk_expander x = {'\\', lookup, NULL, false};
    lf_strv v = LF_STRV_INIT;
    lf_buf err = LF_BUF_INIT;
    const char *s = "80 $SP \"a b\" ''";
    assert_int_equal(lf_bk_words(&x, s, strlen(s), &v, &err), 0);
    assert_int_equal(v.n, 4); /* 80, x, y, "a b"; the empty quotes make no word */
    assert_string_equal(v.items[0].s, "80");
    assert_string_equal(v.items[1].s, "x");
    assert_string_equal(v.items[2].s, "y");
    assert_string_equal(v.items[3].s, "a b");
    lf_strv_free(&v);
    lf_buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_and_escapes),
        cmocka_unit_test(test_substitutions),
        cmocka_unit_test(test_keep_unknown),
        cmocka_unit_test(test_backtick_escape),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
