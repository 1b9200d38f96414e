/*
 * Checks lf_json_string_array against buildkit-parser's
 * extracted/json-arrays.json: every "valid" text must decode to its
 * "elements", every "hard_error" text must be a non-string array.
 * The file is read with the tests' own JSON reader (testjson.h),
 * independent of the code under test.
 */
#include "testjson.h"
#include "testutil.h"

#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_valid(const char *text, size_t text_len, const lf_tj *elems)
{
    lf_strv v = LF_STRV_INIT;
    assert_int_equal(lf_json_string_array(text, text_len, &v), LF_JSON_STRINGS);
    assert_int_equal(v.n, lf_tj_count(elems));
    for (size_t i = 0; i < v.n; i++) {
        size_t len;
        const char *want = lf_tj_str(lf_tj_at(elems, i), "valid[].elements[]", &len);
        assert_int_equal(v.items[i].len, len);
        assert_memory_equal(v.items[i].s, want, len);
    }
    lf_strv_free(&v);
}

static void test_json_arrays_file(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *root =
        lf_tj_read_file(lf_test_shared_path("corpus/buildkit-parser/extracted/json-arrays.json"));
    assert_non_null(root);
    const lf_tj *valid = lf_tj_array(lf_tj_get(root, "valid"), "valid");
    const lf_tj *hard = lf_tj_array(lf_tj_get(root, "hard_error"), "hard_error");
    for (size_t i = 0; i < lf_tj_count(valid); i++) {
        const lf_tj *c = lf_tj_object(lf_tj_at(valid, i), "valid[]");
        size_t len;
        const char *text = lf_tj_str(lf_tj_get(c, "text"), "valid[].text", &len);
        check_valid(text, len, lf_tj_array(lf_tj_get(c, "elements"), "valid[].elements"));
    }
    for (size_t i = 0; i < lf_tj_count(hard); i++) {
        size_t len;
        const char *text = lf_tj_str(lf_tj_at(hard, i), "hard_error[]", &len);
        lf_strv v = LF_STRV_INIT;
        assert_int_equal(lf_json_string_array(text, len, &v), LF_JSON_NOT_STRINGS);
        assert_int_equal(v.n, 0);
        lf_strv_free(&v); /* the array may have grown before the rollback */
    }
    print_message("%zu valid, %zu hard_error cases\n", lf_tj_count(valid), lf_tj_count(hard));
    assert_true(lf_tj_count(valid) >= 8);
    assert_true(lf_tj_count(hard) >= 8);
    lf_tj_free(root);
}

/* The jeztah-invalid-json-* Dockerfiles are `CMD <text>`: the text must be
 * shell form (not JSON), never an error. */
static void test_jeztah_files(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    const char *cases[] = {"json-inside-string", "json-inside-string-double", "single-quotes",
                           "unterminated-bracket", "unterminated-string"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel,
                 "corpus/buildkit-parser/testfiles/jeztah-invalid-json-%s/Dockerfile", cases[i]);
        size_t len;
        char *df = lf_test_read_file(lf_test_shared_path(rel), &len);
        assert_non_null(df);
        assert_true(len > 4 && memcmp(df, "CMD ", 4) == 0);
        size_t end = len;
        while (end > 4 && df[end - 1] == '\n')
            end--;
        lf_strv v = LF_STRV_INIT;
        assert_int_equal(lf_json_string_array(df + 4, end - 4, &v), LF_JSON_NOT_JSON);
        lf_strv_free(&v);
        free(df);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_arrays_file),
        cmocka_unit_test(test_jeztah_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
