/*
 * The engine without real passes: edit application (order, overlaps, range
 * checks), offset mapping, and the pipeline's contract: a pass whose output
 * does not parse has its edits dropped and reported, the passes after it
 * still run on the unchanged text, and an input with errors is not touched.
 */
#include "testutil.h"

#include "pipeline.h"

#include <string.h>

static void apply_ok(const lf_edits *e, const char *src, const char *want)
{
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(e, src, strlen(src), &out, &err), 0);
    assert_string_equal(lf_buf_cstr(&out), want);
    lf_buf_free(&out);
    lf_buf_free(&err);
}

static void test_apply_sorts_and_keeps_insertion_order(void **state)
{
    (void)state;
    lf_edits e = LF_EDITS_INIT;
    lf_edits_add(&e, 6, 9, "X", 1, "t", "replace");
    lf_edits_add(&e, 0, 0, "a", 1, "t", "first insertion at 0");
    lf_edits_add(&e, 0, 0, "b", 1, "t", "second insertion at 0");
    lf_edits_add(&e, 3, 3, "-", 1, "t", "insert");
    apply_ok(&e, "012345678", "ab012-345X");
    lf_edits_free(&e);
}

static void test_apply_rejects_overlap_and_out_of_range(void **state)
{
    (void)state;
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    lf_edits e = LF_EDITS_INIT;
    lf_edits_add(&e, 2, 6, "x", 1, "p1", "a");
    lf_edits_add(&e, 4, 8, "y", 1, "p2", "b");
    assert_int_equal(lf_edits_apply(&e, "0123456789", 10, &out, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "overlaps"));
    lf_edits_free(&e);
    lf_buf_clear(&err);
    lf_edits_add(&e, 5, 20, "", 0, "p1", "a");
    assert_int_equal(lf_edits_apply(&e, "0123456789", 10, &out, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "outside"));
    lf_edits_free(&e);
    /* touching edits are not overlapping */
    lf_edits_add(&e, 2, 4, "A", 1, "p1", "a");
    lf_edits_add(&e, 4, 6, "B", 1, "p2", "b");
    apply_ok(&e, "0123456789", "01AB6789");
    lf_edits_free(&e);
    lf_buf_free(&out);
    lf_buf_free(&err);
}

static void test_offset_mapping(void **state)
{
    (void)state;
    /* "hello world" -> "hello, big world" */
    lf_edits e = LF_EDITS_INIT;
    lf_edits_add(&e, 5, 5, ",", 1, "t", "");
    lf_edits_add(&e, 6, 6, "big ", 4, "t", "");
    assert_int_equal(lf_edits_map_back(&e, 0), 0);
    assert_int_equal(lf_edits_map_back(&e, 5), 5);  /* the inserted ',' */
    assert_int_equal(lf_edits_map_back(&e, 8), 6);  /* inside "big " */
    assert_int_equal(lf_edits_map_back(&e, 11), 6); /* 'w' */
    assert_int_equal(lf_edits_map_forward(&e, 6), 11);
    assert_int_equal(lf_edits_map_forward(&e, 0), 0);
    lf_edits_free(&e);
}

/* --- the pipeline with test passes ---------------------------------------- */

/* Breaks the file: an unterminated heredoc. */
static int pass_breaks(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    (void)ctx;
    lf_edits_add(out, doc->src->len, doc->src->len, "RUN <<EOF\nnever ends\n", 21, "breaks",
                 "appends a broken heredoc");
    return 0;
}

/* Upper-cases the first keyword if it is lower case, and notes it. */
static int pass_upper(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    const lf_instr *in = &doc->instrs[0];
    const char *kw = doc->src->data + in->keyword.start;
    if (kw[0] >= 'a' && kw[0] <= 'z') {
        char up[16];
        size_t n = in->keyword.end - in->keyword.start;
        for (size_t i = 0; i < n && i < sizeof up; i++)
            up[i] = (char)(kw[i] - 32);
        lf_edits_add(out, in->keyword.start, in->keyword.end, up, n, "upper", "upper case");
    }
    lf_ctx_note(ctx, in->keyword.start, "looked at it");
    return 0;
}

static const lf_pass TEST_PASSES[] = {
    {"breaks", "", "", 1, pass_breaks, NULL, NULL},
    {"upper", "", "", 1, pass_upper, NULL, NULL},
};

static void run(lf_result *res, lf_parser *p, const char *text)
{
    lf_source *src;
    lf_source_from_bytes(&src, "Dockerfile", text, strlen(text));
    lf_options opts = {0};
    bool on[2] = {true, true};
    assert_int_equal(lf_pipeline_run_passes(res, p, src, NULL, &opts, TEST_PASSES, 2, on), 0);
}

static void test_pipeline_drops_a_pass_whose_output_does_not_parse(void **state)
{
    (void)state;
    lf_parser *p = lf_parser_new();
    lf_result res;
    run(&res, p, "from scratch\n");
    assert_false(lf_result_failed(&res));
    assert_int_equal(res.nruns, 2);
    assert_string_equal(res.runs[0].pass->id, "breaks");
    assert_non_null(res.runs[0].dropped);
    assert_non_null(strstr(res.runs[0].dropped, "does not parse"));
    /* the next pass ran on the unchanged text */
    assert_null(res.runs[1].dropped);
    assert_string_equal(res.output, "FROM scratch\n");
    assert_int_equal(res.nnotes, 1);
    assert_int_equal(res.notes[0].line, 1);
    assert_string_equal(res.notes[0].pass, "upper");
    lf_result_free(&res);
    lf_parser_free(p);
}

static void test_pipeline_leaves_a_broken_input_alone(void **state)
{
    (void)state;
    lf_parser *p = lf_parser_new();
    lf_result res;
    run(&res, p, "from scratch\nRUN <<EOF\n");
    assert_true(lf_result_failed(&res));
    assert_non_null(strstr(lf_buf_cstr(&res.errors), "Dockerfile:2:"));
    assert_int_equal(res.nruns, 0);
    assert_false(lf_result_changed(&res));
    lf_result_free(&res);
    lf_parser_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apply_sorts_and_keeps_insertion_order),
        cmocka_unit_test(test_apply_rejects_overlap_and_out_of_range),
        cmocka_unit_test(test_offset_mapping),
        cmocka_unit_test(test_pipeline_drops_a_pass_whose_output_does_not_parse),
        cmocka_unit_test(test_pipeline_leaves_a_broken_input_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
