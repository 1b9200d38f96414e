/*
 * The tests' own JSON reader (testjson.h): the shared tests trust it to read
 * their expectations, so it gets checked here: every value kind, escapes and
 * surrogate pairs, lookups, and rejection of malformed text.
 */
#include "testjson.h"
#include "testutil.h"

#include <string.h>

static lf_tj *parse(const char *text)
{
    char err[128];
    lf_tj *v = lf_tj_parse(text, strlen(text), err, sizeof err);
    if (!v)
        print_error("parse error: %s\n", err);
    return v;
}

static void test_values(void **state)
{
    (void)state;
    lf_tj *v = parse(" {\"a\": [null, true, false, -12, 2.5e1, \"x\"], \"b\": {}, \"c\": []} ");
    assert_non_null(v);
    assert_int_equal(v->type, LF_TJ_OBJECT);
    assert_int_equal(lf_tj_count(v), 3);
    const lf_tj *a = lf_tj_array(lf_tj_get(v, "a"), "a");
    assert_int_equal(lf_tj_count(a), 6);
    assert_int_equal(lf_tj_at(a, 0)->type, LF_TJ_NULL);
    assert_int_equal(lf_tj_bool(lf_tj_at(a, 1), "a[1]"), 1);
    assert_int_equal(lf_tj_bool(lf_tj_at(a, 2), "a[2]"), 0);
    assert_int_equal(lf_tj_int(lf_tj_at(a, 3), "a[3]"), -12);
    assert_int_equal(lf_tj_int(lf_tj_at(a, 4), "a[4]"), 25);
    assert_string_equal(lf_tj_str(lf_tj_at(a, 5), "a[5]", NULL), "x");
    assert_null(lf_tj_at(a, 6));
    assert_null(lf_tj_get(v, "missing"));
    assert_null(lf_tj_get(a, "a")); /* not an object */
    assert_null(lf_tj_at(v, 0));    /* not an array */
    assert_int_equal(lf_tj_count(lf_tj_object(lf_tj_get(v, "b"), "b")), 0);
    assert_int_equal(lf_tj_count(lf_tj_array(lf_tj_get(v, "c"), "c")), 0);
    lf_tj_free(v);
}

static void test_strings(void **state)
{
    (void)state;
    lf_tj *v = parse("[\"\", \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u2665\", "
                     "\"\\ud83d\\ude00\", \"a\\u0000b\", \"\xe2\x99\xa5\"]");
    assert_non_null(v);
    size_t len;
    assert_string_equal(lf_tj_str(lf_tj_at(v, 0), "0", &len), "");
    assert_int_equal(len, 0);
    assert_string_equal(lf_tj_str(lf_tj_at(v, 1), "1", NULL), "q\"b\\s/\b\f\n\r\t");
    assert_string_equal(lf_tj_str(lf_tj_at(v, 2), "2", NULL), "\xc3\xa9\xe2\x99\xa5");
    assert_string_equal(lf_tj_str(lf_tj_at(v, 3), "3", NULL), "\xf0\x9f\x98\x80");
    const char *nul = lf_tj_str(lf_tj_at(v, 4), "4", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(nul, "a\0b", 3);
    assert_string_equal(lf_tj_str(lf_tj_at(v, 5), "5", NULL), "\xe2\x99\xa5");
    lf_tj_free(v);
}

static void test_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",        "[",        "[1,]",    "{\"a\" 1}", "{\"a\":1,}",  "{1:2}",
        "\"abc",   "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "01",      "1.",       "-",       "1e",        "tru",         "nul",
        "[1] [2]", "'a'",      "[\"a\"",  "{\"a\":[}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128] = "";
        lf_tj *v = lf_tj_parse(bad[i], strlen(bad[i]), err, sizeof err);
        if (v)
            print_error("accepted: %s\n", bad[i]);
        assert_null(v);
        assert_true(strncmp(err, "offset ", 7) == 0);
    }
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* balanced, so only the depth can reject it */
    char deep[400];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    assert_null(lf_tj_parse(deep, 400, NULL, 0));
    lf_tj *v = lf_tj_parse(deep + 190, 20, NULL, 0);
    assert_non_null(v);
    lf_tj_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_depth_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
