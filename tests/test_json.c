/*
 * lf_json_string_array: the cases of buildkit-parser's
 * extracted/json-arrays.json (transcribed; test_shared_json reads the file
 * itself), the jeztah-invalid-json-* inputs, and Go encoding/json rules.
 */
#include "testutil.h"

#include "buf.h"
#include "json.h"

#include <string.h>

static lf_json_kind kind_of(const char *s, size_t len)
{
    lf_strv v = LF_STRV_INIT;
    lf_json_kind k = lf_json_string_array(s, len, &v);
    if (k != LF_JSON_STRINGS)
        assert_int_equal(v.n, 0);
    lf_strv_free(&v);
    return k;
}

#define KIND(lit) kind_of(lit, sizeof(lit) - 1)

/* Expects exec form with the given elements (NULL-terminated list; elements
 * are C strings, except that want_lens can give explicit lengths). */
static void expect_strings(const char *s, size_t len, const char *const *want,
                           const size_t *want_lens)
{
    lf_strv v = LF_STRV_INIT;
    assert_int_equal(lf_json_string_array(s, len, &v), LF_JSON_STRINGS);
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(v.n, n);
    for (size_t i = 0; i < n; i++) {
        size_t wl = want_lens ? want_lens[i] : strlen(want[i]);
        assert_int_equal(v.items[i].len, wl);
        assert_memory_equal(v.items[i].s, want[i], wl);
        assert_int_equal(v.items[i].s[wl], 0);
    }
    lf_strv_free(&v);
}

#define STRINGS(lit, ...)                                                                          \
    do {                                                                                           \
        const char *const w_[] = {__VA_ARGS__, NULL};                                              \
        expect_strings(lit, sizeof(lit) - 1, w_, NULL);                                            \
    } while (0)

static void test_shared_valid_transcribed(void **state)
{
    (void)state;
    const char *const none[] = {NULL};
    expect_strings("[]", 2, none, NULL);
    STRINGS("[\"\"]", "");
    STRINGS("[\"a\"]", "a");
    STRINGS("[\"a\",\"b\"]", "a", "b");
    STRINGS("[ \"a\", \"b\" ]", "a", "b");
    STRINGS("[\t\"a\",\t\"b\"\t]", "a", "b");
    STRINGS("\t[\t\"a\",\t\"b\"\t]\t", "a", "b");
    const char *const esc[] = {"abc 123", "\xe2\x99\xa5", "\xe2\x98\x83",
                               "\" \\ / \b \f \n \r \t \0", NULL};
    const size_t esc_lens[] = {7, 3, 3, 17};
    const char in[] = "[\"abc 123\", \"\xe2\x99\xa5\", \"\xe2\x98\x83\", "
                      "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000\"]";
    expect_strings(in, sizeof in - 1, esc, esc_lens);
}

static void test_shared_hard_errors_transcribed(void **state)
{
    (void)state;
    assert_int_equal(KIND("[\"a\",42,\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",123.456,\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",{},\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",{\"c\": \"d\"},\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",[\"c\"],\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",true,\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",false,\"b\"]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[\"a\",null,\"b\"]"), LF_JSON_NOT_STRINGS);
    /* testfiles-negative/shykes-nested-json */
    assert_int_equal(KIND("[ \"echo\", [ \"nested json\" ] ]"), LF_JSON_NOT_STRINGS);
}

static void test_jeztah_fallbacks(void **state)
{
    (void)state;
    assert_int_equal(KIND("\"[\\\"echo\\\", \\\"Phew, I just managed to escaped those double "
                          "quotes\\\"]\""),
                     LF_JSON_NOT_JSON);
    assert_int_equal(KIND("'[\"echo\", \"Well, JSON in a string is JSON too?\"]'"),
                     LF_JSON_NOT_JSON);
    assert_int_equal(KIND("['echo','single quotes are invalid JSON']"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"echo\", \"Please, close the brackets when you're done\""),
                     LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"echo\", \"look ma, no quote!]"), LF_JSON_NOT_JSON);
}

static void test_shell_lookalikes(void **state)
{
    (void)state;
    assert_int_equal(KIND("[ -f x ] && y"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"c:\\windows\"]"), LF_JSON_NOT_JSON); /* \w is no escape */
    assert_int_equal(KIND(""), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("   "), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("echo [\"a\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("["), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\""), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\"]]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\"] x"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\"] \xc2\xa0"), LF_JSON_NOT_JSON); /* NBSP is not JSON space */
    assert_int_equal(KIND("[\"a\",]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[,\"a\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[,]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\" \"b\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\"\n,\r\"b\"\v]"), LF_JSON_NOT_JSON); /* VT is not JSON space */
    assert_int_equal(KIND("[\"tab\there\"]"), LF_JSON_NOT_JSON);     /* raw control char */
    assert_int_equal(KIND("[\"\\x41\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"\\u12\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"\\u12g4\"]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"\\"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[\"a\\\"]"), LF_JSON_NOT_JSON);
}

static void test_whitespace(void **state)
{
    (void)state;
    STRINGS(" \t\n\r[ \n\"a\"\r\n]\n\r\t ", "a");
    STRINGS("\xc2\xa0\xe3\x80\x80[\"a\"]", "a"); /* leading Unicode spaces are trimmed */
    const char *const none[] = {NULL};
    expect_strings("[ \t\n ]", 6, none, NULL);
}

static void test_escapes_and_utf8(void **state)
{
    (void)state;
    STRINGS("[\"\\u00e9\\u2665\\uD83D\\uDE00\"]", "\xc3\xa9\xe2\x99\xa5\xf0\x9f\x98\x80");
    STRINGS("[\"\\ud800\"]", "\xef\xbf\xbd");   /* lone high surrogate */
    STRINGS("[\"\\udc00x\"]", "\xef\xbf\xbdx"); /* lone low surrogate */
    STRINGS("[\"\\ud800\\u0041\"]", "\xef\xbf\xbd"
                                    "A"); /* not a pair: second kept */
    STRINGS("[\"\\udc00\\ud800\"]", "\xef\xbf\xbd\xef\xbf\xbd");
    STRINGS("[\"\\ud800\\ud800\\udc00\"]", "\xef\xbf\xbd\xf0\x90\x80\x80");
    STRINGS("[\"a\xff"
            "b\"]",
            "a\xef\xbf\xbd"
            "b"); /* invalid byte -> U+FFFD */
    STRINGS("[\"\xe2\x99\"]", "\xef\xbf\xbd\xef\xbf\xbd");
    STRINGS("[\"\x7f\"]", "\x7f");
    STRINGS("[\"it's\", \"\\/\"]", "it's", "/");
    const char *const nul[] = {"a\0b", NULL};
    const size_t nul_len[] = {3};
    expect_strings("[\"a\\u0000b\"]", 12, nul, nul_len);
}

static void test_nested_values(void **state)
{
    (void)state;
    assert_int_equal(KIND("[{\"a\":[1,{\"b\":null}],\"c\":\"d\"}]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[[],[[]],{}]"), LF_JSON_NOT_STRINGS);
    assert_int_equal(KIND("[{\"a\":1,}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[{\"a\" 1}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[{1:2}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[{'a':1}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[[1,]]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[{\"a\":}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[{\"a\":1]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[[1}]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[tru]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[nul]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[truex]"), LF_JSON_NOT_JSON);
    assert_int_equal(KIND("[True]"), LF_JSON_NOT_JSON);
    /* A syntax error after a non-string element still means "not JSON". */
    assert_int_equal(KIND("[1, \"a\",]"), LF_JSON_NOT_JSON);
}

static void test_numbers(void **state)
{
    (void)state;
    const char *ok[] = {"[0]",
                        "[-0]",
                        "[1]",
                        "[-12]",
                        "[1.5]",
                        "[1e5]",
                        "[1E+5]",
                        "[1.0e-5]",
                        "[1e308]",
                        "[-1e308]",
                        "[1e-400]",
                        "[1.7976931348623157e308]",
                        "[123456789012345678901234567890]"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_int_equal(kind_of(ok[i], strlen(ok[i])), LF_JSON_NOT_STRINGS);
    const char *bad[] = {"[01]",  "[1.]",  "[.5]",        "[-]",     "[1e]",  "[+1]", "[1e+]",
                         "[0x1]", "[NaN]", "[-Infinity]", "[1.5.5]", "[- 1]", "[--1]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(kind_of(bad[i], strlen(bad[i])), LF_JSON_NOT_JSON);
    /* Go's Unmarshal into interface{} fails on float64 overflow: shell form. */
    const char *overflow[] = {"[1e400]", "[-1e309]", "[1.7976931348623159e308]",
                              "[\"a\", {\"b\": [1e99999999999999999999]}]",
                              "[0.0000000000000000000001e332]"};
    for (size_t i = 0; i < sizeof overflow / sizeof overflow[0]; i++)
        assert_int_equal(kind_of(overflow[i], strlen(overflow[i])), LF_JSON_NOT_JSON);
}

static void nest(lf_buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        lf_buf_addc(b, '[');
    for (int i = 0; i < depth; i++)
        lf_buf_addc(b, ']');
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* Go's scanner allows 10000 open arrays/objects in total. */
    lf_buf b = LF_BUF_INIT;
    nest(&b, 10000);
    assert_int_equal(kind_of(b.data, b.len), LF_JSON_NOT_STRINGS);
    lf_buf_clear(&b);
    nest(&b, 10001);
    assert_int_equal(kind_of(b.data, b.len), LF_JSON_NOT_JSON);
    lf_buf_free(&b);
}

static void test_out_untouched_on_failure(void **state)
{
    (void)state;
    lf_strv v = LF_STRV_INIT;
    lf_strv_push(&v, "keep", 4);
    assert_int_equal(lf_json_string_array("[\"a\", \"b\", 1]", 13, &v), LF_JSON_NOT_STRINGS);
    assert_int_equal(v.n, 1);
    assert_int_equal(lf_json_string_array("[\"a\", \"b\"", 9, &v), LF_JSON_NOT_JSON);
    assert_int_equal(v.n, 1);
    assert_int_equal(lf_json_string_array("[\"a\"]", 5, &v), LF_JSON_STRINGS);
    assert_int_equal(v.n, 2); /* appended */
    assert_string_equal(v.items[0].s, "keep");
    assert_string_equal(v.items[1].s, "a");
    lf_strv_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_valid_transcribed),
        cmocka_unit_test(test_shared_hard_errors_transcribed),
        cmocka_unit_test(test_jeztah_fallbacks),
        cmocka_unit_test(test_shell_lookalikes),
        cmocka_unit_test(test_whitespace),
        cmocka_unit_test(test_escapes_and_utf8),
        cmocka_unit_test(test_nested_values),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_out_untouched_on_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
