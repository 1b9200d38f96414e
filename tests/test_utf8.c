/* UTF-8 validation/decoding (Go's rules), encoding and Go whitespace. */
#include "testutil.h"

#include "utf8.h"

#include <string.h>

static int valid(const char *s, size_t len, size_t *bad)
{
    return lf_utf8_validate(s, len, bad);
}

static void test_validate(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_int_equal(valid("", 0, &bad), 0);
    assert_int_equal(valid("plain ascii", 11, &bad), 0);
    assert_int_equal(valid("a\0b", 3, &bad), 0); /* NUL is valid UTF-8 */
    assert_int_equal(valid("\xc3\xa9\xe2\x99\xa5\xf0\x9f\x98\x80", 9, &bad), 0);
    assert_int_equal(valid("\xef\xbb\xbf", 3, &bad), 0);     /* BOM */
    assert_int_equal(valid("\xf4\x8f\xbf\xbf", 4, &bad), 0); /* U+10FFFF */
    assert_int_equal(valid("\xed\x9f\xbf", 3, &bad), 0);     /* U+D7FF */
    assert_int_equal(valid("\xee\x80\x80", 3, &bad), 0);     /* U+E000 */

    struct {
        const char *s;
        size_t len, bad;
    } bads[] = {
        {"ab\xff", 3, 2},
        {"\x80", 1, 0},             /* lone continuation */
        {"x\xc0\xaf", 3, 1},        /* overlong '/' */
        {"\xc1\xbf", 2, 0},         /* overlong */
        {"\xe0\x80\xaf", 3, 0},     /* overlong 3-byte */
        {"\xe0\x9f\xbf", 3, 0},     /* overlong 3-byte, top */
        {"\xf0\x8f\xbf\xbf", 4, 0}, /* overlong 4-byte */
        {"\xed\xa0\x80", 3, 0},     /* U+D800 */
        {"\xed\xbf\xbf", 3, 0},     /* U+DFFF */
        {"\xf4\x90\x80\x80", 4, 0}, /* U+110000 */
        {"\xf5\x80\x80\x80", 4, 0}, /* beyond */
        {"ok\xe2\x82", 4, 2},       /* truncated at end */
        {"\xe2\x82x", 3, 0},        /* truncated inside */
        {"\xc3\xa9\xc3", 3, 2},     /* valid then truncated */
        {"\xf0\x9f\x98\x80\xfe", 5, 4},
    };
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        bad = 99;
        assert_int_equal(valid(bads[i].s, bads[i].len, &bad), -1);
        assert_int_equal(bad, bads[i].bad);
    }
    assert_int_equal(valid("\xff", 1, NULL), -1);
}

static void test_decode(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(lf_utf8_decode("", 0, &cp), 0);
    assert_int_equal(lf_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(lf_utf8_decode("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(lf_utf8_decode("\xe2\x99\xa5", 3, &cp), 3);
    assert_int_equal(cp, 0x2665);
    assert_int_equal(lf_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* A real U+FFFD has width 3; an invalid byte is (U+FFFD, 1). */
    size_t n = lf_utf8_decode("\xef\xbf\xbd", 3, &cp);
    assert_int_equal(n, 3);
    assert_int_equal(cp, LF_UTF8_REPLACEMENT);
    assert_false(lf_utf8_is_bad(cp, n));
    n = lf_utf8_decode("\xe2\x99", 2, &cp);
    assert_true(lf_utf8_is_bad(cp, n));
    n = lf_utf8_decode("\xed\xa0\x80", 3, &cp);
    assert_true(lf_utf8_is_bad(cp, n));
    /* The length limit is honoured even when more bytes follow in memory. */
    n = lf_utf8_decode("\xc3\xa9", 1, &cp);
    assert_true(lf_utf8_is_bad(cp, n));
}

static void test_encode(void **state)
{
    (void)state;
    char u[4];
    assert_int_equal(lf_utf8_encode(u, 'x'), 1);
    assert_int_equal(u[0], 'x');
    assert_int_equal(lf_utf8_encode(u, 0xE9), 2);
    assert_memory_equal(u, "\xc3\xa9", 2);
    assert_int_equal(lf_utf8_encode(u, 0x2665), 3);
    assert_memory_equal(u, "\xe2\x99\xa5", 3);
    assert_int_equal(lf_utf8_encode(u, 0x10FFFF), 4);
    assert_memory_equal(u, "\xf4\x8f\xbf\xbf", 4);
    assert_int_equal(lf_utf8_encode(u, 0xD800), 3);
    assert_memory_equal(u, "\xef\xbf\xbd", 3);
    assert_int_equal(lf_utf8_encode(u, 0x110000), 3);
    assert_memory_equal(u, "\xef\xbf\xbd", 3);
    /* Round trip over every boundary class. */
    uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        uint32_t back;
        size_t n = lf_utf8_encode(u, cps[i]);
        assert_int_equal(lf_utf8_decode(u, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
}

static void test_space(void **state)
{
    (void)state;
    uint32_t yes[] = {'\t',   '\n',   '\v',   '\f',   '\r',   ' ',    0x85,   0xA0,
                      0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
    uint32_t no[] = {0, 'a', 0x1C, 0x7F, 0x180E, 0x200B, 0xFEFF, 0xFFFD};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(lf_utf8_is_space(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(lf_utf8_is_space(no[i]));

    assert_int_equal(lf_utf8_space_prefix(" \t\xc2\xa0\xe3\x80\x80x ", 9), 7);
    assert_int_equal(lf_utf8_space_prefix("   ", 3), 3);
    assert_int_equal(lf_utf8_space_prefix("\xa0", 1), 0); /* a lone byte is invalid, not space */
    assert_int_equal(lf_utf8_trim_right_len("x \t\xc2\xa0\xe3\x80\x80", 8), 1);
    assert_int_equal(lf_utf8_trim_right_len("   ", 3), 0);
    assert_int_equal(lf_utf8_trim_right_len("x\xa0", 2), 2);
    assert_int_equal(lf_utf8_trim_right_len("a b", 3), 3);
    assert_int_equal(lf_utf8_trim_right_len("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
