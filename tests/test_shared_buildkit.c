/*
 * The buildkit-parser corpus (../shared/corpus/buildkit-parser, BuildKit's own
 * parser test data) through the real model: lf_source -> lf_doc_parse ->
 * lf_dump. Every row of MANIFEST.tsv is checked by one of the tests below:
 *   testfiles/<case>            the buildkit dump equals `result` byte for byte
 *   testfiles-negative/<case>   the parse fails with located diagnostics
 *   extracted/heredocs          heredoc names, fds, flags and raw bodies
 *   extracted/heredoc-json      exec-form RUN never opens a heredoc
 *   extracted/empty-continuation-warnings  joined lines and BuildKit's warnings
 *   testfile-line               first/last lines of each instruction
 * plus extracted/heredoc-words.json (which words open a heredoc), which has no
 * manifest row.
 */
#include "testjson.h"
#include "testutil.h"

#include "buf.h"
#include "dump.h"
#include "model.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BK "corpus/buildkit-parser/"

/* --- helpers ----------------------------------------------------------------- */

static lf_doc *parse_bytes(lf_parser *p, const char *name, const char *data, size_t len)
{
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, name, data, len), 0);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, p, src), 0);
    return doc;
}

static lf_doc *parse_file(lf_parser *p, const char *rel)
{
    lf_buf err = LF_BUF_INIT;
    lf_source *src;
    if (lf_source_read_file(&src, lf_test_shared_path(rel), &err) != 0)
        fail_msg("%s", lf_buf_cstr(&err));
    lf_buf_free(&err);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, p, src), 0);
    return doc;
}

/* Prints every diagnostic of doc, for failure messages. */
static void print_diags(const lf_doc *doc)
{
    lf_buf out = LF_BUF_INIT;
    lf_doc_print_diags(doc, &out);
    print_message("%s", lf_buf_cstr(&out));
    lf_buf_free(&out);
}

static void expect_no_errors(const lf_doc *doc, const char *what)
{
    if (doc->nerrors > 0) {
        print_message("%s: unexpected errors:\n", what);
        print_diags(doc);
    }
    assert_int_equal(doc->nerrors, 0);
}

/* The first physical line of an instruction, without its line end. */
static void instr_first_line(const lf_doc *doc, const lf_instr *in, const char **p, size_t *len)
{
    const char *s = lf_doc_text(doc, in->span);
    size_t n = strcspn(s, "\n");
    if (n > 0 && s[n - 1] == '\r')
        n--;
    *p = s;
    *len = n;
}

/* Shows the first line where two dumps differ. */
static void print_first_difference(const char *want, size_t wlen, const char *got, size_t glen)
{
    size_t line = 1, i = 0, ls = 0;
    while (i < wlen && i < glen && want[i] == got[i]) {
        if (want[i] == '\n') {
            line++;
            ls = i + 1;
        }
        i++;
    }
    int wl = (int)strcspn(want + ls, "\n"), gl = (int)strcspn(got + ls, "\n");
    if (ls + (size_t)wl > wlen)
        wl = (int)(wlen - ls);
    if (ls + (size_t)gl > glen)
        gl = (int)(glen - ls);
    print_message("  first difference at line %zu, byte %zu of the line:\n"
                  "  - want: %.*s%s\n"
                  "  + got:  %.*s%s\n",
                  line, i - ls + 1, wl, want + ls, ls >= wlen ? "<end of dump>" : "", gl, got + ls,
                  ls >= glen ? "<end of dump>" : "");
}

/* --- MANIFEST.tsv ---------------------------------------------------------- */

typedef struct {
    char path[256], expect[16], check[128];
} manifest_row;

/* Reads MANIFEST.tsv (header skipped); returns the rows, count in *n. */
static manifest_row *read_manifest(size_t *n)
{
    size_t len;
    char *data = lf_test_read_file(lf_test_shared_path(BK "MANIFEST.tsv"), &len);
    assert_non_null(data);
    manifest_row *rows = NULL;
    size_t cap = 0;
    *n = 0;
    int header = 1;
    for (char *line = data; line < data + len;) {
        char *nl = memchr(line, '\n', (size_t)(data + len - line));
        char *end = nl ? nl : data + len;
        *end = 0;
        if (end > line && end[-1] == '\r')
            end[-1] = 0;
        if (header) {
            assert_true(strncmp(line, "path\texpect\tcheck", 17) == 0);
            header = 0;
        } else if (*line) {
            if (*n == cap) {
                cap = cap ? cap * 2 : 64;
                rows = realloc(rows, cap * sizeof *rows);
                assert_non_null(rows);
            }
            manifest_row *r = &rows[*n];
            char *t1 = strchr(line, '\t');
            char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            if (!t2)
                fail_msg("MANIFEST.tsv: row without three columns: %s", line);
            *t1 = *t2 = 0;
            snprintf(r->path, sizeof r->path, "%s", line);
            snprintf(r->expect, sizeof r->expect, "%s", t1 + 1);
            snprintf(r->check, sizeof r->check, "%s", t2 + 1);
            (*n)++;
        }
        line = end + 1;
    }
    free(data);
    return rows;
}

/* Rows that the dedicated tests below check. */
static const char *const SPECIAL_ROWS[] = {
    "testfile-line",
    "extracted/heredocs",
    "extracted/heredoc-json",
    "extracted/empty-continuation-warnings",
};

/* Every manifest row has a checker here: a new row fails until one is
 * written. */
static void test_manifest_covered(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    size_t n;
    manifest_row *rows = read_manifest(&n);
    size_t result = 0, negative = 0, special = 0;
    for (size_t i = 0; i < n; i++) {
        const manifest_row *r = &rows[i];
        if (strcmp(r->expect, "ok") == 0 && strcmp(r->check, "result") == 0) {
            result++;
            continue;
        }
        if (strcmp(r->expect, "error") == 0) {
            negative++;
            continue;
        }
        int known = 0;
        for (size_t k = 0; k < sizeof SPECIAL_ROWS / sizeof SPECIAL_ROWS[0]; k++)
            known |= strcmp(r->path, SPECIAL_ROWS[k]) == 0 && strcmp(r->expect, "ok") == 0;
        if (!known)
            fail_msg("MANIFEST.tsv row '%s' (%s, %s) has no checker in this test", r->path,
                     r->expect, r->check);
        special++;
    }
    free(rows);
    print_message("%zu result cases, %zu negative cases, %zu extracted cases\n", result, negative,
                  special);
    assert_int_equal(special, sizeof SPECIAL_ROWS / sizeof SPECIAL_ROWS[0]);
}

/* --- testfiles/<case>: the dump equals `result` -------------------------------- */

static void test_result_cases(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    size_t n;
    manifest_row *rows = read_manifest(&n);
    lf_parser *p = lf_parser_new();
    assert_non_null(p);
    int cases = 0, failures = 0;
    for (size_t i = 0; i < n; i++) {
        const manifest_row *r = &rows[i];
        if (strcmp(r->expect, "ok") != 0 || strcmp(r->check, "result") != 0)
            continue;
        cases++;
        char rel[512];
        snprintf(rel, sizeof rel, BK "%s/result", r->path);
        size_t wlen;
        char *want = lf_test_read_file(lf_test_shared_path(rel), &wlen);
        if (!want)
            fail_msg("%s: cannot read", rel);
        snprintf(rel, sizeof rel, BK "%s/Dockerfile", r->path);
        lf_doc *doc = parse_file(p, rel);
        lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
        int rc = doc->nerrors > 0 ? -2 : lf_dump(&got, doc, LF_DUMP_BUILDKIT, &err);
        if (rc != 0 || got.len != wlen || memcmp(got.data ? got.data : "", want, wlen) != 0) {
            failures++;
            print_message("FAIL %s:", r->path);
            if (rc == -2) {
                print_message(" the parse reported errors\n");
                print_diags(doc);
            } else if (rc != 0) {
                print_message(" the dump failed: %s\n", lf_buf_cstr(&err));
            } else {
                print_message(" the dump differs from result\n");
                print_first_difference(want, wlen, lf_buf_cstr(&got), got.len);
            }
        }
        lf_buf_free(&got);
        lf_buf_free(&err);
        lf_doc_free(doc);
        free(want);
    }
    lf_parser_free(p);
    free(rows);
    print_message("%d result cases, %d failures\n", cases, failures);
    assert_true(cases >= 33); /* the README lists 33 */
    assert_int_equal(failures, 0);
}

/* --- testfiles-negative/<case>: the parse fails ---------------------------------- */

static void test_negative_cases(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    size_t n;
    manifest_row *rows = read_manifest(&n);
    lf_parser *p = lf_parser_new();
    assert_non_null(p);
    int cases = 0;
    for (size_t i = 0; i < n; i++) {
        const manifest_row *r = &rows[i];
        if (strcmp(r->expect, "error") != 0)
            continue;
        cases++;
        char rel[512];
        snprintf(rel, sizeof rel, BK "%s/Dockerfile", r->path);
        lf_doc *doc = parse_file(p, rel);
        if (doc->nerrors == 0)
            print_message("FAIL %s: parsed without error\n", r->path);
        assert_true(doc->nerrors > 0);
        int errors = 0;
        for (size_t d = 0; d < doc->ndiags; d++) {
            const lf_diag *dg = &doc->diags[d];
            assert_true(dg->line >= 1);
            assert_true(dg->col >= 1);
            assert_non_null(dg->msg);
            assert_true(dg->msg[0] != 0);
            errors += dg->sev == LF_SEV_ERROR;
        }
        assert_int_equal(errors, doc->nerrors);
        print_message("%s:\n", r->path);
        print_diags(doc);
        lf_doc_free(doc);
    }
    lf_parser_free(p);
    free(rows);
    assert_int_equal(cases, 4);
}

/* --- extracted/heredocs and extracted/heredoc-json --------------------------- */

/* Checks doc->instrs[index] against one expected.json entry
 * ({index, first_line, heredocs: [{name, fd, expand, chomp, content}]}). */
static void check_heredoc_entry(const lf_doc *doc, const lf_tj *e)
{
    long idx = lf_tj_int(lf_tj_get(e, "index"), "instructions[].index");
    assert_true(idx >= 0 && (size_t)idx < doc->ninstrs);
    const lf_instr *in = &doc->instrs[idx];
    size_t wl;
    const char *want_line = lf_tj_str(lf_tj_get(e, "first_line"), "first_line", &wl);
    const char *line;
    size_t ll;
    instr_first_line(doc, in, &line, &ll);
    if (ll != wl || memcmp(line, want_line, wl) != 0)
        fail_msg("instruction %ld: first line is '%.*s', expected '%s'", idx, (int)ll, line,
                 want_line);
    const lf_tj *hds = lf_tj_array(lf_tj_get(e, "heredocs"), "heredocs");
    if (in->nheredocs != lf_tj_count(hds))
        fail_msg("instruction %ld (%s): %zu heredocs, expected %zu", idx, want_line, in->nheredocs,
                 lf_tj_count(hds));
    for (size_t k = 0; k < in->nheredocs; k++) {
        const lf_tj *w = lf_tj_at(hds, k);
        const lf_heredoc *h = &doc->heredocs[in->first_heredoc + k];
        const char *name = lf_tj_str(lf_tj_get(w, "name"), "name", NULL);
        size_t cl;
        const char *content = lf_tj_str(lf_tj_get(w, "content"), "content", &cl);
        size_t bl = h->body.end - h->body.start;
        int ok = strcmp(h->name, name) == 0 && h->fd == lf_tj_int(lf_tj_get(w, "fd"), "fd") &&
                 !!h->expand == lf_tj_bool(lf_tj_get(w, "expand"), "expand") &&
                 !!h->chomp == lf_tj_bool(lf_tj_get(w, "chomp"), "chomp") && h->terminated &&
                 bl == cl && memcmp(lf_doc_text(doc, h->body), content, cl) == 0;
        if (!ok)
            fail_msg("instruction %ld (%s), heredoc %zu: got name '%s' fd %d expand %d chomp %d "
                     "terminated %d body '%.*s'; expected name '%s' fd %ld expand %d chomp %d "
                     "body '%s'",
                     idx, want_line, k, h->name, h->fd, h->expand, h->chomp, h->terminated, (int)bl,
                     lf_doc_text(doc, h->body), name, lf_tj_int(lf_tj_get(w, "fd"), "fd"),
                     lf_tj_bool(lf_tj_get(w, "expand"), "expand"),
                     lf_tj_bool(lf_tj_get(w, "chomp"), "chomp"), content);
        /* the terminator is the line that names the heredoc (tabs allowed with <<-) */
        const char *t = lf_doc_text(doc, h->terminator);
        size_t tl = h->terminator.end - h->terminator.start;
        while (tl > 0 && (t[tl - 1] == '\n' || t[tl - 1] == '\r'))
            tl--;
        while (h->chomp && tl > 0 && *t == '\t')
            t++, tl--;
        assert_int_equal(tl, strlen(h->name));
        assert_memory_equal(t, h->name, tl);
    }
}

static void test_heredocs(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *exp = lf_tj_read_file(lf_test_shared_path(BK "extracted/heredocs/expected.json"));
    assert_non_null(exp);
    lf_parser *p = lf_parser_new();
    lf_doc *doc = parse_file(p, BK "extracted/heredocs/Dockerfile");
    assert_true(lf_tj_bool(lf_tj_get(exp, "parse_must_succeed"), "parse_must_succeed"));
    expect_no_errors(doc, "extracted/heredocs");
    long count = lf_tj_int(lf_tj_get(exp, "instruction_count_including_from"), "instruction_count");
    assert_int_equal(doc->ninstrs, count);
    assert_int_equal(doc->instrs[0].kw, LF_KW_FROM);
    assert_int_equal(doc->instrs[0].nheredocs, 0);
    const lf_tj *list = lf_tj_array(lf_tj_get(exp, "instructions"), "instructions");
    assert_int_equal(lf_tj_count(list), (size_t)count - 1);
    size_t heredocs = 0;
    for (size_t i = 0; i < lf_tj_count(list); i++) {
        const lf_tj *e = lf_tj_at(list, i);
        assert_int_equal(lf_tj_int(lf_tj_get(e, "index"), "index"), i + 1);
        check_heredoc_entry(doc, e);
        heredocs += lf_tj_count(lf_tj_get(e, "heredocs"));
    }
    assert_int_equal(doc->nheredocs, heredocs);
    print_message("%zu instructions, %zu heredocs\n", doc->ninstrs, heredocs);
    lf_doc_free(doc);
    lf_parser_free(p);
    lf_tj_free(exp);
}

static void test_heredoc_json(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *exp = lf_tj_read_file(lf_test_shared_path(BK "extracted/heredoc-json/expected.json"));
    assert_non_null(exp);
    lf_parser *p = lf_parser_new();
    lf_doc *doc = parse_file(p, BK "extracted/heredoc-json/Dockerfile");
    assert_true(lf_tj_bool(lf_tj_get(exp, "parse_must_succeed"), "parse_must_succeed"));
    expect_no_errors(doc, "extracted/heredoc-json");
    const lf_tj *list = lf_tj_array(lf_tj_get(exp, "instructions"), "instructions");
    assert_int_equal(doc->ninstrs, lf_tj_count(list) + 1);
    for (size_t i = 0; i < lf_tj_count(list); i++) {
        const lf_tj *e = lf_tj_at(list, i);
        check_heredoc_entry(doc, e);
        const lf_instr *in = &doc->instrs[lf_tj_int(lf_tj_get(e, "index"), "index")];
        assert_int_equal(in->kw, LF_KW_RUN);
        assert_true(in->exec_form);
        assert_null(in->shell_tree);
    }
    assert_int_equal(doc->nheredocs, 0);
    lf_doc_free(doc);
    lf_parser_free(p);
    lf_tj_free(exp);
}

/* --- extracted/empty-continuation-warnings --------------------------------------- */

static void test_empty_continuation_warnings(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *exp = lf_tj_read_file(
        lf_test_shared_path(BK "extracted/empty-continuation-warnings/expected.json"));
    assert_non_null(exp);
    lf_parser *p = lf_parser_new();
    lf_doc *doc = parse_file(p, BK "extracted/empty-continuation-warnings/Dockerfile");
    assert_true(lf_tj_bool(lf_tj_get(exp, "parse_must_succeed"), "parse_must_succeed"));
    expect_no_errors(doc, "extracted/empty-continuation-warnings");
    const lf_tj *lines = lf_tj_array(lf_tj_get(exp, "warnings_mention_joined_lines"),
                                     "warnings_mention_joined_lines");
    long want = lf_tj_int(lf_tj_get(exp, "expected_warning_count"), "expected_warning_count");
    assert_int_equal(lf_tj_count(lines), want);

    /* each warning lies inside an instruction whose joined line is listed,
     * in the listed order */
    size_t warnings = 0;
    for (size_t d = 0; d < doc->ndiags; d++) {
        const lf_diag *dg = &doc->diags[d];
        if (dg->sev != LF_SEV_WARNING)
            continue;
        assert_non_null(strstr(dg->msg, "empty continuation line"));
        const lf_instr *in = NULL;
        for (size_t i = 0; i < doc->ninstrs; i++)
            if (doc->instrs[i].first_line <= dg->line && dg->line <= doc->instrs[i].last_line)
                in = &doc->instrs[i];
        if (!in)
            fail_msg("warning at line %zu is outside every instruction", dg->line);
        /* it points at a blank line */
        size_t ls = lf_source_line_start(doc->src, dg->line);
        size_t le = lf_source_line_start(doc->src, dg->line + 1);
        for (size_t k = ls; k < le; k++)
            assert_non_null(strchr(" \t\r\n", doc->src->data[k]));
        size_t wl;
        const char *w = lf_tj_str(lf_tj_at(lines, warnings), "joined line", &wl);
        if (in->joined_len != wl || memcmp(in->joined, w, wl) != 0)
            fail_msg("warning %zu (line %zu): instruction joined as '%s', expected '%s'", warnings,
                     dg->line, in->joined, w);
        warnings++;
    }
    assert_int_equal(warnings, want);

    /* comment lines inside a continuation are dropped silently (no warning,
     * checked by the count above); the lines around them keep their blanks
     * (see the note) */
    int found = 0;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (strncmp(in->joined, "RUN non-indented", 16) == 0) {
            assert_string_equal(in->joined, "RUN non-indented    after-comment");
            found++;
        } else if (strncmp(in->joined, "RUN indented", 12) == 0) {
            assert_string_equal(in->joined, "RUN indented     comment");
            found++;
        }
    }
    assert_int_equal(found, 2);
    lf_doc_free(doc);
    lf_parser_free(p);
    lf_tj_free(exp);
}

/* --- testfile-line with extracted/line-numbers ------------------------------------ */

/* BuildKit's StartLine/EndLine of a node run from the instruction's first
 * physical line to the last line it consumed: continuation lines, the blank
 * and comment lines skipped inside the continuation, and heredoc bodies with
 * their terminator. lf_instr.first_line/last_line are defined the same way
 * (last_line is the line of the span's last byte, its newline), so they are
 * compared directly. */
static void test_line_numbers(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *exp = lf_tj_read_file(lf_test_shared_path(BK "extracted/line-numbers/expected.json"));
    assert_non_null(exp);
    char rel[512];
    snprintf(rel, sizeof rel, BK "extracted/line-numbers/%s",
             lf_tj_str(lf_tj_get(exp, "dockerfile"), "dockerfile", NULL));
    lf_parser *p = lf_parser_new();
    lf_doc *doc = parse_file(p, rel);
    expect_no_errors(doc, "testfile-line");
    long count = lf_tj_int(lf_tj_get(exp, "instruction_count"), "instruction_count");
    assert_int_equal(doc->ninstrs, count);
    const lf_tj *ranges = lf_tj_array(lf_tj_get(exp, "instruction_lines"), "instruction_lines");
    assert_int_equal(lf_tj_count(ranges), count);
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_tj *r = lf_tj_array(lf_tj_at(ranges, i), "instruction_lines[]");
        long first = lf_tj_int(lf_tj_at(r, 0), "first line");
        long last = lf_tj_int(lf_tj_at(r, 1), "last line");
        if ((long)doc->instrs[i].first_line != first || (long)doc->instrs[i].last_line != last)
            fail_msg("instruction %zu: lines %zu-%zu, expected %ld-%ld", i,
                     doc->instrs[i].first_line, doc->instrs[i].last_line, first, last);
    }
    assert_int_equal(doc->instrs[0].first_line,
                     lf_tj_int(lf_tj_get(exp, "root_start_line"), "root_start_line"));
    assert_int_equal(doc->instrs[doc->ninstrs - 1].last_line,
                     lf_tj_int(lf_tj_get(exp, "root_end_line"), "root_end_line"));
    lf_doc_free(doc);
    lf_parser_free(p);
    lf_tj_free(exp);
}

/* --- extracted/heredoc-words.json -------------------------------------------- */

/* Parses `FROM x\n<line>\n` followed by a one-line body and a terminator for
 * each name in want (NULL-terminated), and checks that the RUN opens exactly
 * those heredocs. */
static void check_line_heredocs(lf_parser *p, const char *line, const char *const *want,
                                size_t nwant)
{
    lf_buf text = LF_BUF_INIT;
    lf_buf_printf(&text, "FROM x\n%s\n", line);
    for (size_t k = 0; k < nwant; k++)
        lf_buf_printf(&text, "body\n%s\n", want[k]);
    lf_doc *doc = parse_bytes(p, "heredoc-words", text.data, text.len);
    if (doc->nerrors > 0 || doc->ninstrs != 2 || doc->instrs[1].nheredocs != nwant) {
        print_message("FAIL line '%s': %zu instructions, %zu heredocs, %d errors; expected %zu "
                      "heredocs\n",
                      line, doc->ninstrs, doc->ninstrs > 1 ? doc->instrs[1].nheredocs : 0,
                      doc->nerrors, nwant);
        print_diags(doc);
        fail();
    }
    for (size_t k = 0; k < nwant; k++) {
        const lf_heredoc *h = &doc->heredocs[doc->instrs[1].first_heredoc + k];
        if (strcmp(h->name, want[k]) != 0)
            fail_msg("line '%s': heredoc %zu is named '%s', expected '%s'", line, k, h->name,
                     want[k]);
        assert_true(h->terminated);
        assert_int_equal(h->body.end - h->body.start, 5);
        assert_memory_equal(lf_doc_text(doc, h->body), "body\n", 5);
    }
    lf_doc_free(doc);
    lf_buf_free(&text);
}

static void test_heredoc_words(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_tj *exp = lf_tj_read_file(lf_test_shared_path(BK "extracted/heredoc-words.json"));
    assert_non_null(exp);
    lf_parser *p = lf_parser_new();

    /* line level: what BuildKit finds on a whole RUN line. An entry marked
     * `unverified` states upstream's lenient assertion; its `likely_actual`
     * is what a real parse yields (see the note), and what we expect. */
    const lf_tj *cases = lf_tj_array(lf_tj_get(lf_tj_get(exp, "line_level"), "cases"), "cases");
    assert_true(lf_tj_count(cases) >= 9);
    int unverified = 0;
    for (size_t i = 0; i < lf_tj_count(cases); i++) {
        const lf_tj *c = lf_tj_at(cases, i);
        const char *line = lf_tj_str(lf_tj_get(c, "line"), "line", NULL);
        const lf_tj *names = lf_tj_array(lf_tj_get(c, "names"), "names");
        const lf_tj *unv = lf_tj_get(c, "unverified");
        if (unv && lf_tj_bool(unv, "unverified")) {
            names = lf_tj_array(lf_tj_get(c, "likely_actual"), "likely_actual");
            unverified++;
        }
        const char *want[8];
        assert_true(lf_tj_count(names) < 8);
        for (size_t k = 0; k < lf_tj_count(names); k++)
            want[k] = lf_tj_str(lf_tj_at(names, k), "names[]", NULL);
        check_line_heredocs(p, line, want, lf_tj_count(names));
    }
    assert_int_equal(unverified, 1);

    /* word level, for the words that stand alone on a line unchanged (a word
     * with a blank in it splits differently on a line, see the note) */
    const lf_tj *words = lf_tj_get(exp, "word_level");
    const lf_tj *valid = lf_tj_array(lf_tj_get(words, "valid"), "valid");
    const lf_tj *not_heredoc = lf_tj_array(lf_tj_get(words, "not_heredoc"), "not_heredoc");
    int checked = 0;
    for (size_t i = 0; i < lf_tj_count(valid); i++) {
        const char *w = lf_tj_str(lf_tj_at(valid, i), "valid[]", NULL);
        if (strpbrk(w, " \t"))
            continue;
        char line[128];
        snprintf(line, sizeof line, "RUN %s", w);
        const char *want[] = {"EOF"};
        check_line_heredocs(p, line, want, 1);
        checked++;
    }
    for (size_t i = 0; i < lf_tj_count(not_heredoc); i++) {
        const char *w = lf_tj_str(lf_tj_at(not_heredoc, i), "not_heredoc[]", NULL);
        if (!*w || strpbrk(w, " \t"))
            continue;
        char line[128];
        snprintf(line, sizeof line, "RUN %s", w);
        check_line_heredocs(p, line, NULL, 0);
        checked++;
    }
    print_message("%zu line cases, %d single-word cases\n", lf_tj_count(cases), checked);
    assert_true(checked >= 10);
    lf_parser_free(p);
    lf_tj_free(exp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_covered), cmocka_unit_test(test_result_cases),
        cmocka_unit_test(test_negative_cases),   cmocka_unit_test(test_heredocs),
        cmocka_unit_test(test_heredoc_json),     cmocka_unit_test(test_empty_continuation_warnings),
        cmocka_unit_test(test_line_numbers),     cmocka_unit_test(test_heredoc_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
