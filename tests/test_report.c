/*
 * The run report (report.h): line ranges of edits in the original file
 * (replacements, insertions between lines and inside a line, edits of a
 * later pass mapped back through an earlier one), the chain of steps,
 * notes, dropped passes, errors read from the reader's messages, ignore
 * file proposals, and the counts the outputs use. Also the JSON string
 * writer the outputs share.
 */
#include "testutil.h"

#include "jsonout.h"
#include "report.h"

#include <string.h>

/* Replaces line 2 ("RUN a") with two lines. */
static int pass_replace(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    (void)ctx;
    const lf_instr *in = &doc->instrs[1];
    lf_edits_add(out, in->span.start, in->span.end, "RUN a1\nRUN a2\n", 14, "replace",
                 "splits the RUN");
    return 0;
}

/* Inserts a line before the last instruction, and a flag inside it. */
static int pass_insert(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    const lf_instr *last = &doc->instrs[doc->ninstrs - 1];
    lf_edits_add(out, last->span.start, last->span.start, "ARG X\n", 6, "insert",
                 "a line between two lines");
    lf_edits_add(out, last->keyword.end, last->keyword.end, " --chown=1", 10, "insert",
                 "inside a line");
    lf_ctx_note(ctx, last->span.start, "looked at the last instruction");
    return 0;
}

/* Breaks the file, so its edits are dropped. */
static int pass_breaks(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    (void)ctx;
    lf_edits_add(out, doc->src->len, doc->src->len, "RUN <<EOF\n", 10, "breaks", "breaks");
    return 0;
}

static const lf_pass PASSES[] = {
    {"replace", "", "", 1, pass_replace, NULL, NULL},
    {"breaks", "", "", 1, pass_breaks, NULL, NULL},
    {"insert", "", "", 1, pass_insert, NULL, NULL},
};

static const char INPUT[] = "FROM scratch\nRUN a\nCOPY x /x\n";

static void run_passes(lf_result *res, const char *text)
{
    lf_source *src;
    lf_source_from_bytes(&src, "dir/Dockerfile", text, strlen(text));
    lf_options opts = {0};
    bool on[3] = {true, true, true};
    assert_int_equal(lf_pipeline_run_passes(res, lf_test_parser, src, NULL, &opts, PASSES, 3, on),
                     0);
}

static void test_lines_and_steps(void **state)
{
    (void)state;
    lf_result res;
    run_passes(&res, INPUT);
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = lf_report_add_result(&r, &res, "dir/Dockerfile", "/abs/dir/Dockerfile");
    lf_result_free(&res);
    assert_true(f->changed);
    assert_int_equal(f->kind, LF_REPORT_DOCKERFILE);
    assert_string_equal(f->path, "dir/Dockerfile");
    assert_string_equal(f->fs_path, "/abs/dir/Dockerfile");
    assert_string_equal(f->old_text, INPUT);
    assert_string_equal(f->new_text, "FROM scratch\nRUN a1\nRUN a2\nARG X\nCOPY --chown=1 x /x\n");
    /* two kept passes: replace, then insert (breaks was dropped) */
    assert_int_equal(f->nsteps, 2);
    assert_string_equal(f->steps[0].pass, "replace");
    assert_string_equal(f->steps[0].before, INPUT);
    assert_string_equal(f->steps[0].after, f->steps[1].before);
    assert_string_equal(f->steps[1].after, f->new_text);
    assert_int_equal(f->nchanges, 3);
    /* the replacement of line 2 */
    assert_string_equal(f->changes[0].pass, "replace");
    assert_string_equal(f->changes[0].why, "splits the RUN");
    assert_int_equal(f->changes[0].line, 2);
    assert_int_equal(f->changes[0].end_line, 2);
    assert_int_equal(f->changes[0].step, 0);
    /* the insertion before the COPY: line 3 of the original, not 4 */
    assert_int_equal(f->changes[1].line, 3);
    assert_int_equal(f->changes[1].end_line, 2);
    assert_int_equal(f->changes[1].step, 1);
    /* the flag inside the COPY line */
    assert_int_equal(f->changes[2].line, 3);
    assert_int_equal(f->changes[2].end_line, 3);
    /* the dropped pass is a warning, the note keeps its original line */
    size_t warnings = 0, notes = 0;
    for (size_t i = 0; i < f->nnotes; i++) {
        if (f->notes[i].warning) {
            warnings++;
            assert_string_equal(f->notes[i].pass, "breaks");
            assert_non_null(strstr(f->notes[i].msg, "edits dropped"));
        } else {
            notes++;
            assert_string_equal(f->notes[i].pass, "insert");
            assert_int_equal(f->notes[i].line, 3);
            assert_string_equal(f->notes[i].path, "dir/Dockerfile");
        }
    }
    assert_int_equal(warnings, 1);
    assert_int_equal(notes, 1);
    size_t added, removed;
    lf_report_file_linestat(f, &added, &removed);
    assert_int_equal(added, 4);
    assert_int_equal(removed, 2);
    lf_buf passes = LF_BUF_INIT;
    lf_report_file_passes(f, &passes);
    assert_string_equal(lf_buf_cstr(&passes), "replace, insert");
    lf_buf_free(&passes);
    assert_int_equal(lf_report_nchanged(&r), 1);
    assert_int_equal(lf_report_nfailed(&r), 0);
    lf_report_free(&r);
}

static void test_errors_of_a_broken_file(void **state)
{
    (void)state;
    lf_result res;
    run_passes(&res, "FROM scratch\nRUN <<EOF\n");
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = lf_report_add_result(&r, &res, "dir/Dockerfile", "dir/Dockerfile");
    lf_result_free(&res);
    assert_false(f->changed);
    assert_int_equal(f->nchanges, 0);
    assert_true(f->nerrors >= 1);
    assert_int_equal(f->errors[0].line, 2);
    assert_true(f->errors[0].col >= 1);
    assert_null(strstr(f->errors[0].msg, "error:"));
    assert_null(strstr(f->errors[0].msg, "Dockerfile:"));
    assert_int_equal(lf_report_nfailed(&r), 1);
    lf_report_free(&r);
}

static void test_failure_messages(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f =
        lf_report_add_failure(&r, "a b/Dockerfile", "a b/Dockerfile",
                              "a b/Dockerfile:3:7: error: invalid UTF-8\n"
                              "a b/Dockerfile: error: cannot read: Permission denied");
    assert_int_equal(f->nerrors, 2);
    assert_int_equal(f->errors[0].line, 3);
    assert_int_equal(f->errors[0].col, 7);
    assert_string_equal(f->errors[0].msg, "invalid UTF-8");
    assert_int_equal(f->errors[1].line, 0);
    assert_int_equal(f->errors[1].col, 0);
    assert_string_equal(f->errors[1].msg, "cannot read: Permission denied");
    /* a message without a position still gives an error */
    f = lf_report_add_failure(&r, "x", "x", "");
    assert_int_equal(f->nerrors, 1);
    assert_int_equal(lf_report_nfailed(&r), 2);
    lf_report_free(&r);
}

/* An ignore file's result as the engine makes it from the pass's proposal. */
static void ignore_result(lf_result *res, const char *path, const char *dir, const char *old,
                          const char *text)
{
    lf_test_ignore t = {path, dir, old, text, ".git, **/node_modules", {48, 40550}, {7, 2355}};
    lf_test_ignore_result(res, &t);
}

static void test_ignore_new_file(void **state)
{
    (void)state;
    lf_result res;
    ignore_result(&res, "app/.dockerignore", "app", NULL,
                  "# layerfix: begin\n.git\n**/node_modules\n# layerfix: end\n");
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = lf_report_add_result(&r, &res, "app/.dockerignore", "app/.dockerignore");
    assert_int_equal(f->kind, LF_REPORT_IGNORE);
    assert_null(f->old_text);
    assert_true(f->changed);
    assert_string_equal(f->context_dir, "app");
    assert_int_equal(f->before.files, 48);
    assert_int_equal(f->after.bytes, 2355);
    assert_int_equal(f->nchanges, 1);
    assert_int_equal(f->changes[0].line, 1);
    assert_int_equal(f->changes[0].end_line, 0);
    assert_non_null(strstr(f->changes[0].why, ".git, **/node_modules"));
    assert_non_null(strstr(f->changes[0].why, "48 files"));
    size_t added, removed;
    lf_report_file_linestat(f, &added, &removed);
    assert_int_equal(added, 4);
    assert_int_equal(removed, 0);
    lf_report_free(&r);
    lf_result_free(&res);
}

static void test_ignore_extended_file(void **state)
{
    (void)state;
    const char *old = "*.log\nbuild\n";
    lf_result res;
    ignore_result(&res, "./.dockerignore", ".", old,
                  "*.log\nbuild\n# layerfix: begin\n.git\n# layerfix: end\n");
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = lf_report_add_result(&r, &res, ".dockerignore", "./.dockerignore");
    assert_int_equal(f->changes[0].line, 3); /* after the user's two lines */
    assert_int_equal(f->changes[0].end_line, 2);
    assert_int_equal(f->nsteps, 1);
    assert_string_equal(f->steps[0].before, old);
    lf_result_free(&res);
    /* a last line without a newline is completed: the change starts on it */
    const char *old2 = "*.log\nbuild";
    ignore_result(&res, ".dockerignore", ".", old2,
                  "*.log\nbuild\n# layerfix: begin\n.git\n# layerfix: end\n");
    f = lf_report_add_result(&r, &res, ".dockerignore", ".dockerignore");
    assert_int_equal(f->changes[0].line, 2);
    assert_int_equal(f->changes[0].end_line, 2);
    lf_report_free(&r);
    lf_result_free(&res);
}

static void test_json_strings(void **state)
{
    (void)state;
    lf_buf out = LF_BUF_INIT;
    const char s[] = "a\"b\\c\n\t\x01\xff\xc3\xa9";
    lf_json_write_string(&out, s, sizeof s - 1);
    assert_string_equal(lf_buf_cstr(&out), "\"a\\\"b\\\\c\\n\\t\\u0001\\ufffd\xc3\xa9\"");
    lf_buf_clear(&out);
    lf_json_write_cstr(&out, NULL);
    assert_string_equal(lf_buf_cstr(&out), "null");
    lf_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_steps),      cmocka_unit_test(test_errors_of_a_broken_file),
        cmocka_unit_test(test_failure_messages),     cmocka_unit_test(test_ignore_new_file),
        cmocka_unit_test(test_ignore_extended_file), cmocka_unit_test(test_json_strings),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
