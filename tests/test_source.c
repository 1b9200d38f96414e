/*
 * lf_source: line table, newline style, BOM, positions at every boundary,
 * and the refusals of lf_source_read_file (in a temporary directory).
 */
#include "testutil.h"

#include "buf.h"
#include "source.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static lf_source *mk(const char *data, size_t len)
{
    lf_source *src = NULL;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", data, len), 0);
    assert_non_null(src);
    assert_int_equal(src->len, len);
    assert_memory_equal(src->data, data ? data : "", len);
    assert_int_equal(src->data[len], 0);
    assert_int_equal(src->escape, '\\');
    assert_string_equal(src->path, "Dockerfile");
    return src;
}

#define MK(lit) mk(lit, sizeof(lit) - 1)

static void expect_pos(const lf_source *src, size_t off, size_t line, size_t col)
{
    size_t l = 0, c = 0;
    lf_source_pos(src, off, &l, &c);
    if (l != line || c != col)
        print_message("offset %zu: got %zu:%zu want %zu:%zu\n", off, l, c, line, col);
    assert_int_equal(l, line);
    assert_int_equal(c, col);
}

/* Checks pos() for every offset against a naive scan, and line_start(). */
static void check_all_positions(const lf_source *src)
{
    size_t line = 1, col = 1;
    for (size_t off = 0; off <= src->len; off++) {
        expect_pos(src, off, line, col);
        if (col == 1)
            assert_int_equal(lf_source_line_start(src, line), off);
        if (off < src->len && src->data[off] == '\n')
            line++, col = 1;
        else
            col++;
    }
}

static void test_empty(void **state)
{
    (void)state;
    lf_source *src = mk(NULL, 0);
    assert_int_equal(src->nlines, 0);
    assert_int_equal(src->line_starts[0], 0);
    assert_int_equal(src->nl_style, LF_NL_NONE);
    assert_string_equal(src->nl, "\n");
    assert_false(src->no_final_newline);
    assert_false(src->has_bom);
    expect_pos(src, 0, 1, 1);
    expect_pos(src, 5, 1, 1); /* clamped */
    assert_int_equal(lf_source_line_start(src, 0), 0);
    assert_int_equal(lf_source_line_start(src, 1), 0);
    assert_int_equal(lf_source_line_start(src, 7), 0);
    lf_source_free(src);
    lf_source_free(NULL);
    assert_int_equal(lf_source_from_bytes(&src, "x", NULL, 3), -1);
    assert_null(src);
}

static void test_no_trailing_newline(void **state)
{
    (void)state;
    lf_source *src = MK("FROM a\nRUN b");
    assert_int_equal(src->nlines, 2);
    assert_true(src->no_final_newline);
    assert_int_equal(src->nl_style, LF_NL_LF);
    assert_int_equal(src->line_starts[0], 0);
    assert_int_equal(src->line_starts[1], 7);
    assert_int_equal(src->line_starts[2], 12);
    expect_pos(src, 6, 1, 7); /* the newline */
    expect_pos(src, 7, 2, 1);
    expect_pos(src, 12, 2, 6); /* end of file, still on line 2 */
    assert_int_equal(lf_source_line_start(src, 2), 7);
    assert_int_equal(lf_source_line_start(src, 3), 12);
    check_all_positions(src);
    lf_source_free(src);

    src = MK("RUN x");
    assert_int_equal(src->nlines, 1);
    assert_int_equal(src->nl_style, LF_NL_NONE);
    assert_true(src->no_final_newline);
    check_all_positions(src);
    lf_source_free(src);
}

static void test_lf(void **state)
{
    (void)state;
    lf_source *src = MK("a\n\nbc\n");
    assert_int_equal(src->nlines, 3);
    assert_false(src->no_final_newline);
    assert_int_equal(src->nl_style, LF_NL_LF);
    assert_string_equal(src->nl, "\n");
    assert_int_equal(src->line_starts[1], 2);
    assert_int_equal(src->line_starts[2], 3);
    assert_int_equal(src->line_starts[3], 6);
    expect_pos(src, 0, 1, 1);
    expect_pos(src, 1, 1, 2);
    expect_pos(src, 2, 2, 1);
    expect_pos(src, 3, 3, 1);
    expect_pos(src, 5, 3, 3);
    expect_pos(src, 6, 4, 1); /* after the final newline */
    check_all_positions(src);
    lf_source_free(src);

    src = MK("\n");
    assert_int_equal(src->nlines, 1);
    expect_pos(src, 0, 1, 1);
    expect_pos(src, 1, 2, 1);
    lf_source_free(src);
}

static void test_crlf_and_mixed(void **state)
{
    (void)state;
    lf_source *src = MK("a\r\nb\r\n");
    assert_int_equal(src->nl_style, LF_NL_CRLF);
    assert_string_equal(src->nl, "\r\n");
    assert_int_equal(src->nlines, 2);
    expect_pos(src, 1, 1, 2); /* the CR belongs to line 1 */
    expect_pos(src, 3, 2, 1);
    check_all_positions(src);
    lf_source_free(src);

    src = MK("a\r\nb\nc\n");
    assert_int_equal(src->nl_style, LF_NL_MIXED);
    assert_string_equal(src->nl, "\n");
    check_all_positions(src);
    lf_source_free(src);

    src = MK("a\r\nb\r\nc\n");
    assert_int_equal(src->nl_style, LF_NL_MIXED);
    assert_string_equal(src->nl, "\r\n");
    lf_source_free(src);

    src = MK("a\r\nb\n"); /* a tie keeps "\n" */
    assert_string_equal(src->nl, "\n");
    lf_source_free(src);

    src = MK("\r\n");
    assert_int_equal(src->nl_style, LF_NL_CRLF);
    lf_source_free(src);
}

static void test_lone_cr(void **state)
{
    (void)state;
    lf_source *src = MK("a\rb\nc\r");
    assert_int_equal(src->nlines, 2);
    assert_int_equal(src->nl_style, LF_NL_LF);
    assert_true(src->no_final_newline);
    expect_pos(src, 2, 1, 3);
    expect_pos(src, 4, 2, 1);
    expect_pos(src, 6, 2, 3);
    check_all_positions(src);
    lf_source_free(src);

    src = MK("\r\r");
    assert_int_equal(src->nlines, 1);
    assert_int_equal(src->nl_style, LF_NL_NONE);
    lf_source_free(src);
}

static void test_bom(void **state)
{
    (void)state;
    lf_source *src = MK("\xef\xbb\xbf"
                        "FROM a\n");
    assert_true(src->has_bom);
    assert_int_equal(src->nlines, 1);
    expect_pos(src, 3, 1, 4); /* the BOM occupies columns 1-3 */
    check_all_positions(src);
    lf_source_free(src);

    src = MK("\xef\xbb");
    assert_false(src->has_bom);
    lf_source_free(src);
    src = MK("x\xef\xbb\xbf");
    assert_false(src->has_bom);
    lf_source_free(src);
}

static void test_many_lines(void **state)
{
    (void)state;
    lf_buf b = LF_BUF_INIT;
    for (int i = 0; i < 500; i++) {
        lf_buf_printf(&b, "RUN echo %d", i);
        lf_buf_adds(&b, i % 3 == 0 ? "\r\n" : (i % 7 == 0 ? "\n\n" : "\n"));
    }
    lf_source *src = mk(b.data, b.len);
    assert_int_equal(src->nl_style, LF_NL_MIXED);
    check_all_positions(src);
    lf_source_free(src);
    lf_buf_free(&b);
}

/* --- lf_source_read_file ---------------------------------------------- */

static char *tmpdir;

static int setup(void **state)
{
    (void)state;
    tmpdir = lf_test_tmpdir();
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lf_test_rmtree(tmpdir);
    free(tmpdir);
    return 0;
}

static const char *tpath(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", tmpdir, name);
    return buf;
}

/* Reads `name` and expects failure with exactly `PATH: error: <what>`. */
static void expect_refusal(const char *name, const char *what)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", tpath(name));
    lf_buf err = LF_BUF_INIT, want = LF_BUF_INIT;
    static lf_source dummy;
    lf_source *src = &dummy; /* must be reset to NULL */
    assert_int_equal(lf_source_read_file(&src, path, &err), -1);
    assert_null(src);
    lf_buf_printf(&want, "%s: error: %s", path, what);
    assert_string_equal(lf_buf_cstr(&err), lf_buf_cstr(&want));
    assert_null(strchr(lf_buf_cstr(&err), '\n'));
    lf_buf_free(&err);
    lf_buf_free(&want);
}

static void test_read_ok(void **state)
{
    (void)state;
    const char text[] = "\xef\xbb\xbf# syntax=x\r\nFROM a\r\nRUN \xe2\x99\xa5\r\n";
    assert_int_equal(lf_test_write_file(tpath("ok"), text, sizeof text - 1), 0);
    lf_buf err = LF_BUF_INIT;
    lf_source *src = NULL;
    assert_int_equal(lf_source_read_file(&src, tpath("ok"), &err), 0);
    assert_int_equal(err.len, 0);
    assert_string_equal(src->path, tpath("ok"));
    assert_int_equal(src->len, sizeof text - 1);
    assert_memory_equal(src->data, text, sizeof text - 1);
    assert_true(src->has_bom);
    assert_int_equal(src->nl_style, LF_NL_CRLF);
    assert_int_equal(src->nlines, 3);
    lf_source_free(src);

    assert_int_equal(lf_test_write_file(tpath("empty"), "", 0), 0);
    assert_int_equal(lf_source_read_file(&src, tpath("empty"), &err), 0);
    assert_int_equal(src->len, 0);
    assert_int_equal(src->nlines, 0);
    lf_source_free(src);
}

static void test_read_refusals(void **state)
{
    (void)state;
    expect_refusal("missing", "cannot read: No such file or directory");

    assert_int_equal(mkdir(tpath("dir"), 0700), 0);
    expect_refusal("dir", "is a directory, not a Dockerfile");

    assert_int_equal(lf_test_write_file(tpath("bin"), "FROM a\nRU\0N", 11), 0);
    expect_refusal("bin", "binary file (NUL byte at 2:3)");

    /* NUL wins over invalid UTF-8: a binary file is reported as binary. */
    assert_int_equal(lf_test_write_file(tpath("png"), "\x89PNG\r\n\x1a\n\0\0", 10), 0);
    expect_refusal("png", "binary file (NUL byte at 3:1)");

    assert_int_equal(lf_test_write_file(tpath("latin1"), "FROM a\nLABEL x=caf\xe9\n", 19), 0);
    expect_refusal("latin1", "invalid UTF-8 at 2:12 (byte 0xe9)");

    assert_int_equal(lf_test_write_file(tpath("surrogate"), "\xed\xa0\x80", 3), 0);
    expect_refusal("surrogate", "invalid UTF-8 at 1:1 (byte 0xed)");

    /* A sparse file just over the limit is refused from its size alone. */
    int fd = open(tpath("big"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)LF_SOURCE_MAX_BYTES + 1), 0);
    close(fd);
    expect_refusal("big", "file too large (67108865 bytes; the limit is 64 MiB)");

    if (geteuid() != 0) { /* root reads anything */
        assert_int_equal(lf_test_write_file(tpath("secret"), "FROM a\n", 7), 0);
        assert_int_equal(chmod(tpath("secret"), 0), 0);
        expect_refusal("secret", "cannot read: Permission denied");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_no_trailing_newline),
        cmocka_unit_test(test_lf),
        cmocka_unit_test(test_crlf_and_mixed),
        cmocka_unit_test(test_lone_cr),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_many_lines),
        cmocka_unit_test_setup_teardown(test_read_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
