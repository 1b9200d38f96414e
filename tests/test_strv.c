/* lf_strv: copies, NUL termination, embedded NULs, truncation and reuse. */
#include "testutil.h"

#include "strv.h"

#include <stdio.h>
#include <string.h>

static void test_push_copies(void **state)
{
    (void)state;
    lf_strv v = LF_STRV_INIT;
    char src[] = "hello";
    lf_strv_push(&v, src, 5);
    src[0] = 'J';
    assert_int_equal(v.n, 1);
    assert_int_equal(v.items[0].len, 5);
    assert_string_equal(v.items[0].s, "hello");
    lf_strv_free(&v);
    assert_null(v.items);
    assert_int_equal(v.n, 0);
}

static void test_nul_bytes_and_empty(void **state)
{
    (void)state;
    lf_strv v = LF_STRV_INIT;
    lf_strv_push(&v, "a\0b", 3);
    lf_strv_push(&v, "", 0);
    lf_strv_push(&v, NULL, 0);
    lf_strv_push(&v, "xyz", 2); /* only len bytes are copied */
    assert_int_equal(v.n, 4);
    assert_int_equal(v.items[0].len, 3);
    assert_memory_equal(v.items[0].s, "a\0b", 4); /* terminated after the data */
    assert_non_null(v.items[1].s);
    assert_string_equal(v.items[1].s, "");
    assert_string_equal(v.items[2].s, "");
    assert_string_equal(v.items[3].s, "xy");
    lf_strv_free(&v);
}

static void test_growth_truncate_reuse(void **state)
{
    (void)state;
    lf_strv v = LF_STRV_INIT;
    char buf[16];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(buf, sizeof buf, "s%d", i);
        lf_strv_push(&v, buf, (size_t)n);
    }
    assert_int_equal(v.n, 1000);
    assert_string_equal(v.items[999].s, "s999");
    lf_strv_truncate(&v, 2000); /* no-op */
    assert_int_equal(v.n, 1000);
    lf_strv_truncate(&v, 1);
    assert_int_equal(v.n, 1);
    assert_string_equal(v.items[0].s, "s0");
    lf_strv_push(&v, "again", 5);
    assert_string_equal(v.items[1].s, "again");
    lf_strv_free(&v);
    lf_strv_push(&v, "after free", 10);
    assert_int_equal(v.n, 1);
    lf_strv_free(&v);
    lf_strv_free(&v); /* freeing an empty vector is fine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_copies),
        cmocka_unit_test(test_nul_bytes_and_empty),
        cmocka_unit_test(test_growth_truncate_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
