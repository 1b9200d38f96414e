/*
 * Inline control comments, applied by the pipeline with test passes: ignore
 * (all passes or some), disable at the top of the file, unknown ids noted,
 * an ignore comment that is not directly above has no effect, and a move
 * (two edits with different reasons) is blocked as a whole.
 */
#include "testutil.h"

#include "pipeline.h"

#include <string.h>

/* Upper-cases every lower-case keyword, noting each. */
static int pass_upper(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        const char *kw = doc->src->data + in->keyword.start;
        size_t n = in->keyword.end - in->keyword.start;
        if (kw[0] < 'a' || kw[0] > 'z' || n >= 16)
            continue;
        char up[16];
        for (size_t k = 0; k < n; k++)
            up[k] = (char)(kw[k] - 32);
        lf_edits_add(out, in->keyword.start, in->keyword.end, up, n, "upper", "upper case");
        lf_ctx_note(ctx, in->keyword.start, "upper-cased");
    }
    return 0;
}

/* Moves the second instruction to the end: a removal and an insertion with
 * different reasons, like copy-manifests-first. */
static int pass_mover(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    (void)ctx;
    if (doc->ninstrs < 3)
        return 0;
    lf_span s = doc->instrs[1].span;
    lf_edits_add(out, s.start, s.end, "", 0, "mover", "take it out");
    lf_edits_add(out, doc->src->len, doc->src->len, doc->src->data + s.start, s.end - s.start,
                 "mover", "put it at the end");
    return 0;
}

static const lf_pass PASSES[] = {
    {"upper", "", "", 1, pass_upper, NULL, NULL},
    {"mover", "", "", 1, pass_mover, NULL, NULL},
};

static void run(lf_result *res, const char *text)
{
    lf_parser *p = lf_parser_new();
    lf_source *src;
    lf_source_from_bytes(&src, "Dockerfile", text, strlen(text));
    lf_options opts = {0};
    bool on[2] = {true, true};
    assert_int_equal(lf_pipeline_run_passes(res, p, src, NULL, &opts, PASSES, 2, on), 0);
    assert_false(lf_result_failed(res));
    lf_parser_free(p);
}

static size_t count_notes(const lf_result *res, const char *pass, const char *text)
{
    size_t c = 0;
    for (size_t n = 0; n < res->nnotes; n++)
        c += strcmp(res->notes[n].pass, pass) == 0 && strstr(res->notes[n].msg, text) != NULL;
    return c;
}

static void test_no_control(void **state)
{
    (void)state;
    lf_result res;
    run(&res, "from scratch\nlabel a=b\nenv c=d\n");
    assert_string_equal(res.output, "FROM scratch\nENV c=d\nLABEL a=b\n");
    lf_result_free(&res);
}

static void test_ignore_all(void **state)
{
    (void)state;
    lf_result res;
    const char *in = "from scratch\n# why: kept as is\n# layerfix: ignore\nlabel a=b\nenv c=d\n";
    run(&res, in);
    /* neither pass may touch the LABEL, so neither changes the file */
    assert_string_equal(res.output, in);
    assert_int_equal(count_notes(&res, "upper", "upper-cased"), 2); /* not the LABEL's */
    assert_int_equal(count_notes(&res, "upper", "protects"), 1);
    assert_int_equal(count_notes(&res, "mover", "protects"), 1);
    for (size_t n = 0; n < res.nnotes; n++)
        if (strstr(res.notes[n].msg, "protects"))
            assert_int_equal(res.notes[n].line, 4);
    lf_result_free(&res);
}

static void test_ignore_one_pass(void **state)
{
    (void)state;
    lf_result res;
    run(&res, "FROM scratch\n#layerfix:ignore = mover\nLABEL a=b\nENV c=d\n");
    assert_string_equal(res.output, "FROM scratch\n#layerfix:ignore = mover\nLABEL a=b\nENV c=d\n");
    lf_result_free(&res);
    /* upper still runs on it */
    run(&res, "FROM scratch\n# layerfix: ignore=mover\nlabel a=b\nENV c=d\n");
    assert_string_equal(res.output, "FROM scratch\n# layerfix: ignore=mover\nLABEL a=b\nENV c=d\n");
    lf_result_free(&res);
    /* a list */
    run(&res, "FROM scratch\n# layerfix: ignore=upper, mover\nlabel a=b\nENV c=d\n");
    assert_string_equal(res.output,
                        "FROM scratch\n# layerfix: ignore=upper, mover\nlabel a=b\nENV c=d\n");
    lf_result_free(&res);
}

static void test_disable_at_top(void **state)
{
    (void)state;
    lf_result res;
    run(&res, "# layerfix: disable=mover\nfrom scratch\nlabel a=b\nenv c=d\n");
    assert_string_equal(res.output,
                        "# layerfix: disable=mover\nFROM scratch\nLABEL a=b\nENV c=d\n");
    lf_result_free(&res);
    /* after a directive and a blank line, still before the first instruction */
    run(&res, "# syntax=docker/dockerfile:1\n\n# layerfix: disable=upper,mover\nfrom scratch\n"
              "label a=b\nenv c=d\n");
    assert_false(lf_result_changed(&res));
    lf_result_free(&res);
    /* after the first instruction it does nothing, and says so */
    run(&res, "from scratch\n# layerfix: disable=mover\n\nlabel a=b\nenv c=d\n");
    assert_string_equal(res.output,
                        "FROM scratch\n# layerfix: disable=mover\n\nENV c=d\nLABEL a=b\n");
    assert_int_equal(count_notes(&res, "layerfix", "no effect"), 1);
    lf_result_free(&res);
}

static void test_unknown_id_is_a_note(void **state)
{
    (void)state;
    lf_result res;
    run(&res, "# layerfix: disable=nope\nFROM scratch\n# layerfix: ignore=upper,bogus\nLABEL a=b\n"
              "ENV c=d\n");
    assert_int_equal(count_notes(&res, "layerfix", "unknown pass 'nope' in inline control"), 1);
    assert_int_equal(count_notes(&res, "layerfix", "unknown pass 'bogus' in inline control"), 1);
    for (size_t n = 0; n < res.nnotes; n++)
        if (strstr(res.notes[n].msg, "'nope'"))
            assert_int_equal(res.notes[n].line, 1);
        else if (strstr(res.notes[n].msg, "'bogus'"))
            assert_int_equal(res.notes[n].line, 3);
    /* not an error: mover still ran */
    assert_string_equal(res.output, "# layerfix: disable=nope\nFROM scratch\n"
                                    "# layerfix: ignore=upper,bogus\nENV c=d\nLABEL a=b\n");
    lf_result_free(&res);
}

static void test_not_directly_above(void **state)
{
    (void)state;
    lf_result res;
    /* a blank line in between, a misspelling, and prose are no control */
    run(&res, "from scratch\n# layerfix: ignore\n\nlabel a=b\nenv c=d\n");
    assert_string_equal(res.output, "FROM scratch\n# layerfix: ignore\n\nENV c=d\nLABEL a=b\n");
    lf_result_free(&res);
    run(&res, "from scratch\n# layerfix: ignored\n# see layerfix: ignore\nlabel a=b\nenv c=d\n");
    assert_string_equal(
        res.output,
        "FROM scratch\n# layerfix: ignored\n# see layerfix: ignore\nENV c=d\nLABEL a=b\n");
    lf_result_free(&res);
}

static void test_move_blocked_as_a_whole(void **state)
{
    (void)state;
    lf_result res;
    /* the moved LABEL is protected: its removal touches it; the insertion at
     * the end does not, but must go too, or the LABEL would be doubled */
    run(&res, "FROM scratch\n# layerfix: ignore=mover\nLABEL a=b\nENV c=d\n");
    assert_string_equal(res.output, "FROM scratch\n# layerfix: ignore=mover\nLABEL a=b\nENV c=d\n");
    assert_int_equal(res.nruns, 0);
    lf_result_free(&res);
    /* an insertion right after a protected instruction does not touch it */
    run(&res, "FROM scratch\nLABEL a=b\n# layerfix: ignore\nENV c=d\n");
    assert_string_equal(res.output, "FROM scratch\n# layerfix: ignore\nENV c=d\nLABEL a=b\n");
    lf_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_control),
        cmocka_unit_test(test_ignore_all),
        cmocka_unit_test(test_ignore_one_pass),
        cmocka_unit_test(test_disable_at_top),
        cmocka_unit_test(test_unknown_id_is_a_note),
        cmocka_unit_test(test_not_directly_above),
        cmocka_unit_test(test_move_blocked_as_a_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
