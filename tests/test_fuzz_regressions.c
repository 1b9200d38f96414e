/*
 * Replays every file under tests/fuzz-regressions/ (inputs that once crashed
 * or failed a check of the libFuzzer targets in fuzz/) through the same
 * checks as the targets, without libFuzzer.
 */
#include "testutil.h"

#include "../fuzz/fuzz_checks.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef const char *(*check_fn)(lf_parser *p, const char *data, size_t len);

static void run_all(check_fn check, const char *what)
{
    const char *dir = lf_test_source_path("tests/fuzz-regressions");
    char *dirpath = strdup(dir);
    DIR *d = opendir(dirpath);
    assert_non_null(d);
    lf_parser *p = lf_parser_new();
    assert_non_null(p);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        lf_buf path = LF_BUF_INIT;
        lf_buf_printf(&path, "%s/%s", dirpath, e->d_name);
        size_t len;
        char *data = lf_test_read_file(lf_buf_cstr(&path), &len);
        assert_non_null(data);
        const char *bad = check(p, data, len);
        if (bad)
            fail_msg("%s: %s: %s", what, e->d_name, bad);
        free(data);
        lf_buf_free(&path);
        n++;
    }
    closedir(d);
    lf_parser_free(p);
    free(dirpath);
    assert_true(n > 0);
}

static void test_parse(void **state)
{
    (void)state;
    run_all(lf_fuzz_check_parse, "fuzz_parse");
}

static void test_pipeline(void **state)
{
    (void)state;
    run_all(lf_fuzz_check_pipeline, "fuzz_pipeline");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
