/*
 * lf_go_quote against strconv.Quote. Vectors: the buildkit-parser `json`
 * case (\x00 and ♥), Go's documented examples, and the behaviour the strconv
 * documentation describes for each class of byte and rune.
 */
#include "testutil.h"

#include "gostr.h"

#include <string.h>

static void check(const char *s, size_t len, const char *want)
{
    lf_buf out = LF_BUF_INIT;
    lf_buf_adds(&out, ">");
    lf_go_quote(&out, s, len);
    if (strcmp(lf_buf_cstr(&out) + 1, want) != 0)
        print_message("got %s want %s\n", lf_buf_cstr(&out) + 1, want);
    assert_string_equal(lf_buf_cstr(&out) + 1, want);
    assert_int_equal(out.data[0], '>');
    lf_buf_free(&out);
}

#define CHECK(lit, want) check(lit, sizeof(lit) - 1, want)

static void test_corpus(void **state)
{
    (void)state;
    /* testfiles/json/result */
    CHECK("\" \\ / \b \f \n \r \t \0", "\"\\\" \\\\ / \\b \\f \\n \\r \\t \\x00\"");
    CHECK("\xe2\x99\xa5", "\"\xe2\x99\xa5\"");
    CHECK("\xe2\x98\x83", "\"\xe2\x98\x83\"");
    CHECK("abc 123", "\"abc 123\"");
    CHECK("", "\"\"");
}

static void test_go_examples(void **state)
{
    (void)state;
    CHECK("\"Fran & Freddie's Diner\t\xe2\x98\xba\"",
          "\"\\\"Fran & Freddie's Diner\\t\xe2\x98\xba\\\"\"");
    CHECK("\a\b\f\r\n\t\v", "\"\\a\\b\\f\\r\\n\\t\\v\"");
    CHECK("\\", "\"\\\\\"");
    CHECK("abc\xff"
          "def",
          "\"abc\\xffdef\"");
    CHECK("\xe2\x98\xba", "\"\xe2\x98\xba\"");
    CHECK("\xf4\x8f\xbf\xbf", "\"\\U0010ffff\"");
    CHECK("\x04", "\"\\x04\"");
    CHECK("!\xc2\xa0!\xe2\x80\x80!\xe3\x80\x80!", "\"!\\u00a0!\\u2000!\\u3000!\"");
    CHECK("\x7f", "\"\\x7f\"");
}

static void test_classes(void **state)
{
    (void)state;
    CHECK("\x01\x1f\x1b", "\"\\x01\\x1f\\x1b\"");
    CHECK("'`$", "\"'`$\"");
    CHECK("\xc2\x80\xc2\x85\xc2\x9f", "\"\\u0080\\u0085\\u009f\""); /* C1 controls */
    CHECK("\xc2\xa1\xc3\xa9", "\"\xc2\xa1\xc3\xa9\"");
    CHECK("\xc2\xad", "\"\\u00ad\"");          /* soft hyphen (Cf) */
    CHECK("\xe2\x80\x8b", "\"\\u200b\"");      /* zero width space (Cf) */
    CHECK("\xe2\x80\xa8", "\"\\u2028\"");      /* line separator */
    CHECK("\xef\xbb\xbf", "\"\\ufeff\"");      /* BOM */
    CHECK("\xee\x80\x80", "\"\\ue000\"");      /* private use */
    CHECK("\xef\xbf\xbe", "\"\\ufffe\"");      /* noncharacter */
    CHECK("\xef\xbf\xbd", "\"\xef\xbf\xbd\""); /* U+FFFD itself is printable */
    CHECK("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
    CHECK("\xf3\xa0\x80\x81", "\"\\U000e0001\"");      /* language tag */
    CHECK("\xf3\xa0\x84\x80", "\"\xf3\xa0\x84\x80\""); /* variation selector 17 (Mn) */
    CHECK("\xf3\xb0\x80\x80", "\"\\U000f0000\"");      /* plane 15 private use */
    /* Invalid UTF-8: one \x escape per byte, resynchronising right after. */
    CHECK("\xed\xa0\x80", "\"\\xed\\xa0\\x80\"");
    CHECK("\xc0\xaf", "\"\\xc0\\xaf\"");
    CHECK("\xe2\x82"
          "a",
          "\"\\xe2\\x82a\"");
    CHECK("\xf4\x90\x80\x80", "\"\\xf4\\x90\\x80\\x80\"");
    CHECK("a\0b", "\"a\\x00b\"");
}

static void test_is_print(void **state)
{
    (void)state;
    assert_true(lf_go_is_print(' '));
    assert_true(lf_go_is_print('~'));
    assert_false(lf_go_is_print(0x7F));
    assert_false(lf_go_is_print(0xA0));
    assert_true(lf_go_is_print(0xA1));
    assert_false(lf_go_is_print(0x061C));
    assert_false(lf_go_is_print(0x2065));
    assert_true(lf_go_is_print(0x2070));
    assert_false(lf_go_is_print(0xD800));
    assert_false(lf_go_is_print(0xF8FF));
    assert_true(lf_go_is_print(0xF900));
    assert_false(lf_go_is_print(0x1FFFF));
    assert_true(lf_go_is_print(0x20000));
    assert_false(lf_go_is_print(0x50000));
    assert_false(lf_go_is_print(0x10FFFD));
    assert_false(lf_go_is_print(0x110000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_go_examples),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_is_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
