/*
 * lf_doc on small inline Dockerfiles: the pieces tile and rebuild the file
 * (CRLF, BOM, no final newline, a continuation at EOF), instruction kinds and
 * keyword spans, flags and --mount options, exec form, joined lines,
 * heredocs, stages and per-stage state, ONBUILD, parser directives,
 * BuildKit's parse-stage errors, and the bash parse of RUN bodies.
 * Every parsed doc is also checked against the invariants of model.h.
 */
#include "testutil.h"

#include "buf.h"
#include "model.h"
#include "parse.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int span_eq(const lf_doc *doc, lf_span s, const char *text)
{
    size_t n = strlen(text);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, text, n) == 0;
}

#define ASSERT_SPAN(doc, span, text)                                                               \
    do {                                                                                           \
        if (!span_eq(doc, span, text))                                                             \
            fail_msg("span [%zu, %zu) is '%.*s', expected '%s'", (span).start, (span).end,         \
                     (int)((span).end - (span).start), lf_doc_text(doc, span), text);              \
    } while (0)

/* model.h's invariants, for every doc: the pieces are contiguous from 0 to
 * len and rebuild the file; instruction pieces point at the instructions in
 * order; spans nest (keyword/line/args in span, heredocs inside). */
static void check_invariants(const lf_doc *doc)
{
    const lf_source *s = doc->src;
    size_t pos = 0;
    int next = 0;
    for (size_t i = 0; i < doc->npieces; i++) {
        const lf_piece *pc = &doc->pieces[i];
        assert_int_equal(pc->span.start, pos);
        assert_true(pc->span.end > pc->span.start);
        pos = pc->span.end;
        if (pc->kind == LF_PIECE_INSTRUCTION) {
            assert_int_equal(pc->instr, next);
            const lf_instr *in = &doc->instrs[next++];
            assert_int_equal(in->span.start, pc->span.start);
            assert_int_equal(in->span.end, pc->span.end);
            assert_true(in->span.start <= in->keyword.start && in->keyword.end <= in->line.end);
            assert_true(in->line.start == in->keyword.start && in->line.end <= in->span.end);
            assert_true(in->line.start <= in->args.start && in->args.start <= in->args.end &&
                        in->args.end <= in->line.end);
            assert_true(in->first_line <= in->last_line && in->last_line <= s->nlines);
            for (size_t h = 0; h < in->nheredocs; h++) {
                const lf_heredoc *hd = &doc->heredocs[in->first_heredoc + h];
                assert_true(in->line.start <= hd->opener.start && hd->opener.end <= in->line.end);
                assert_true(in->line.end <= hd->body.start && hd->body.end <= in->span.end);
                if (hd->terminated)
                    assert_true(hd->body.end == hd->terminator.start &&
                                hd->terminator.end <= in->span.end);
            }
        } else {
            assert_int_equal(pc->instr, -1);
        }
    }
    assert_int_equal(pos, s->len);
    assert_int_equal((size_t)next, doc->ninstrs);
    lf_buf back = LF_BUF_INIT;
    lf_doc_write_source(doc, &back);
    assert_int_equal(back.len, s->len);
    assert_memory_equal(lf_buf_cstr(&back), s->data, s->len);
    lf_buf_free(&back);
}

static lf_doc *parse_n(const char *text, size_t len)
{
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", text, len), 0);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
    check_invariants(doc);
    return doc;
}

static lf_doc *parse(const char *text)
{
    return parse_n(text, strlen(text));
}

/* Parses text that must have no error and no unplaced bytes. */
static lf_doc *parse_ok(const char *text)
{
    lf_doc *doc = parse(text);
    if (doc->nerrors > 0) {
        lf_buf d = LF_BUF_INIT;
        lf_doc_print_diags(doc, &d);
        fail_msg("unexpected errors for '%s':\n%s", text, lf_buf_cstr(&d));
    }
    assert_false(ts_node_has_error(ts_tree_root_node(doc->tree)));
    for (size_t i = 0; i < doc->npieces; i++)
        assert_int_not_equal(doc->pieces[i].kind, LF_PIECE_OTHER);
    return doc;
}

/* The one diagnostic of a severity, which must exist and mention text. */
static const lf_diag *find_diag(const lf_doc *doc, lf_severity sev, const char *text)
{
    for (size_t i = 0; i < doc->ndiags; i++)
        if (doc->diags[i].sev == sev && strstr(doc->diags[i].msg, text))
            return &doc->diags[i];
    lf_buf d = LF_BUF_INIT;
    lf_doc_print_diags(doc, &d);
    fail_msg("no diagnostic mentions '%s'; got:\n%s", text, lf_buf_cstr(&d));
    return NULL;
}

static size_t count_sev(const lf_doc *doc, lf_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->ndiags; i++)
        n += doc->diags[i].sev == sev;
    return n;
}

/* --- pieces ------------------------------------------------------------------- */

static void test_pieces(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("# syntax=docker/dockerfile:1\n# a comment\n\nFROM a\n  \nRUN b\n");
    static const lf_piece_kind kinds[] = {LF_PIECE_DIRECTIVE, LF_PIECE_COMMENT,
                                          LF_PIECE_BLANK,     LF_PIECE_INSTRUCTION,
                                          LF_PIECE_BLANK,     LF_PIECE_INSTRUCTION};
    assert_int_equal(doc->npieces, 6);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(doc->pieces[i].kind, kinds[i]);
    ASSERT_SPAN(doc, doc->pieces[0].span, "# syntax=docker/dockerfile:1\n");
    ASSERT_SPAN(doc, doc->pieces[3].span, "FROM a\n");
    ASSERT_SPAN(doc, doc->pieces[4].span, "  \n");
    assert_int_equal(doc->ninstrs, 2);
    assert_int_equal(doc->instrs[1].first_line, 6);
    assert_int_equal(doc->instrs[1].last_line, 6);
    lf_doc_free(doc);
}

static void test_pieces_crlf(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\r\n\r\n# c\r\nRUN b \\\r\n  c\r\n");
    assert_int_equal(doc->ninstrs, 2);
    ASSERT_SPAN(doc, doc->instrs[0].span, "FROM a\r\n");
    ASSERT_SPAN(doc, doc->instrs[1].span, "RUN b \\\r\n  c\r\n");
    /* the line end (with its CR) is not part of the line text */
    ASSERT_SPAN(doc, doc->instrs[1].line, "RUN b \\\r\n  c");
    assert_string_equal(doc->instrs[1].joined, "RUN b   c");
    assert_int_equal(doc->instrs[1].first_line, 4);
    assert_int_equal(doc->instrs[1].last_line, 5);
    assert_int_equal(doc->npieces, 4);
    assert_int_equal(doc->pieces[1].kind, LF_PIECE_BLANK);
    assert_int_equal(doc->pieces[2].kind, LF_PIECE_COMMENT);
    lf_doc_free(doc);
}

static void test_pieces_bom(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("\xEF\xBB\xBF"
                           "FROM a\nRUN b\n");
    assert_int_equal(doc->pieces[0].kind, LF_PIECE_BOM);
    assert_int_equal(doc->pieces[0].span.start, 0);
    assert_int_equal(doc->pieces[0].span.end, 3);
    assert_int_equal(doc->ninstrs, 2);
    ASSERT_SPAN(doc, doc->instrs[0].keyword, "FROM");
    assert_int_equal(doc->instrs[0].span.start, 3);
    assert_int_equal(doc->instrs[0].first_line, 1);
    lf_doc_free(doc);

    /* a directive after the BOM is still a directive */
    doc = parse_ok("\xEF\xBB\xBF# escape=`\nFROM a\nRUN b `\n c\n");
    assert_int_equal(doc->pieces[1].kind, LF_PIECE_DIRECTIVE);
    assert_int_equal(doc->escape, '`');
    assert_string_equal(doc->instrs[1].joined, "RUN b  c");
    lf_doc_free(doc);
}

static void test_pieces_no_final_newline(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\nRUN b");
    assert_int_equal(doc->ninstrs, 2);
    ASSERT_SPAN(doc, doc->instrs[1].span, "RUN b");
    ASSERT_SPAN(doc, doc->instrs[1].line, "RUN b");
    assert_int_equal(doc->instrs[1].last_line, 2);
    lf_doc_free(doc);

    doc = parse_ok("FROM a\n# only a comment at the end");
    assert_int_equal(doc->pieces[doc->npieces - 1].kind, LF_PIECE_COMMENT);
    lf_doc_free(doc);
}

/* BuildKit accepts a continuation at the end of the file (testfiles
 * continue-at-eof, trailing-backslash); its bytes belong to the instruction. */
static void test_pieces_continuation_at_eof(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "FROM a\nRUN b \\\n",          "FROM a\nRUN b \\",
        "FROM a\nLABEL a=b \\\n",      "FROM a\nLABEL a=b \\",
        "FROM a\nENV a=b \\\n",        "FROM a\nCOPY a b \\\n",
        "FROM a\nEXPOSE 80 \\\n",      "FROM a\nUSER me \\\n",
        "FROM a\nCMD [\"a\"] \\\n",    "FROM a\nCOPY [\"a\", \"b\"] \\\n",
        "FROM a\nHEALTHCHECK NONE \\", "FROM a\nONBUILD CMD [\"a\"] \\\n",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        lf_doc *doc = parse_ok(inputs[i]);
        assert_int_equal(doc->ninstrs, 2);
        assert_int_equal(doc->npieces, 2);
        const lf_instr *in = &doc->instrs[1];
        if (in->span.end != doc->src->len)
            fail_msg("'%s': the instruction ends at %zu, the file at %zu", inputs[i], in->span.end,
                     doc->src->len);
        assert_int_equal(in->last_line, 2);
        assert_null(strchr(in->joined, '\\'));
        lf_doc_free(doc);
    }
    /* comment lines after it stay comments; the continuation is the
     * instruction's */
    lf_doc *doc = parse_ok("FROM a\nLABEL a=b \\\n# c\n");
    assert_int_equal(doc->npieces, 3);
    ASSERT_SPAN(doc, doc->instrs[1].span, "LABEL a=b \\\n");
    assert_int_equal(doc->pieces[2].kind, LF_PIECE_COMMENT);
    lf_doc_free(doc);
}

/* --- instructions --------------------------------------------------------------- */

static void test_kinds_and_keywords(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\nrun b\nCmd [\"c\"]\n  WORKDIR /x\nFOO bar\n"
                           "HEALTHCHECK NONE\nexpose 80\nArg X=1\nSTOPSIGNAL 9\n");
    static const lf_keyword kws[] = {LF_KW_FROM,    LF_KW_RUN,     LF_KW_CMD,
                                     LF_KW_WORKDIR, LF_KW_UNKNOWN, LF_KW_HEALTHCHECK,
                                     LF_KW_EXPOSE,  LF_KW_ARG,     LF_KW_STOPSIGNAL};
    static const char *const words[] = {"FROM",        "run",    "Cmd", "WORKDIR",   "FOO",
                                        "HEALTHCHECK", "expose", "Arg", "STOPSIGNAL"};
    assert_int_equal(doc->ninstrs, 9);
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(doc->instrs[i].kw, kws[i]);
        assert_int_equal(doc->instrs[i].sub_kw, kws[i]);
        ASSERT_SPAN(doc, doc->instrs[i].keyword, words[i]);
        assert_int_equal(doc->instrs[i].first_line, i + 1);
    }
    /* indentation is part of the span, not of the line */
    ASSERT_SPAN(doc, doc->instrs[3].span, "  WORKDIR /x\n");
    ASSERT_SPAN(doc, doc->instrs[3].line, "WORKDIR /x");
    ASSERT_SPAN(doc, doc->instrs[3].args, "/x");
    ASSERT_SPAN(doc, doc->instrs[4].args, "bar");
    assert_string_equal(lf_keyword_name(LF_KW_HEALTHCHECK), "healthcheck");
    assert_string_equal(lf_keyword_name(LF_KW_UNKNOWN), "unknown");
    lf_doc_free(doc);
}

static void test_flags(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\n"
                           "RUN --mount=type=cache,target=/root/.cache,sharing=locked "
                           "--network=none make all\n"
                           "COPY --link --chown=1:2 src dst\n"
                           "COPY --from=build -- --weird /dst\n"
                           "RUN --mount=type=secret,id=tok,required cat /run/secrets/tok\n");
    const lf_instr *run = &doc->instrs[1];
    assert_int_equal(run->nflags, 2);
    const lf_flag *m = &doc->flags[run->first_flag];
    assert_true(m->is_mount);
    assert_false(m->is_end_of_flags);
    ASSERT_SPAN(doc, m->span, "--mount=type=cache,target=/root/.cache,sharing=locked");
    ASSERT_SPAN(doc, m->name, "mount");
    assert_true(m->has_value);
    ASSERT_SPAN(doc, m->value, "type=cache,target=/root/.cache,sharing=locked");
    assert_int_equal(m->nopts, 3);
    static const char *const keys[] = {"type", "target", "sharing"};
    static const char *const vals[] = {"cache", "/root/.cache", "locked"};
    for (size_t i = 0; i < 3; i++) {
        const lf_mount_opt *o = &doc->mount_opts[m->first_opt + i];
        ASSERT_SPAN(doc, o->key, keys[i]);
        assert_true(o->has_value);
        ASSERT_SPAN(doc, o->value, vals[i]);
    }
    const lf_flag *net = &doc->flags[run->first_flag + 1];
    assert_false(net->is_mount);
    ASSERT_SPAN(doc, net->name, "network");
    ASSERT_SPAN(doc, net->value, "none");
    ASSERT_SPAN(doc, run->args, "make all");

    const lf_instr *copy = &doc->instrs[2];
    assert_int_equal(copy->nflags, 2);
    const lf_flag *link = &doc->flags[copy->first_flag];
    ASSERT_SPAN(doc, link->span, "--link");
    ASSERT_SPAN(doc, link->name, "link");
    assert_false(link->has_value);
    assert_int_equal(link->value.end - link->value.start, 0);
    ASSERT_SPAN(doc, doc->flags[copy->first_flag + 1].value, "1:2");
    ASSERT_SPAN(doc, copy->args, "src dst");

    /* `--` ends the flags: what follows is an argument */
    const lf_instr *c2 = &doc->instrs[3];
    assert_int_equal(c2->nflags, 2);
    ASSERT_SPAN(doc, doc->flags[c2->first_flag].value, "build");
    const lf_flag *eof = &doc->flags[c2->first_flag + 1];
    assert_true(eof->is_end_of_flags);
    ASSERT_SPAN(doc, eof->span, "--");
    ASSERT_SPAN(doc, c2->args, "--weird /dst");

    /* a mount option without a value */
    const lf_instr *r2 = &doc->instrs[4];
    const lf_flag *sm = &doc->flags[r2->first_flag];
    assert_int_equal(sm->nopts, 3);
    const lf_mount_opt *req = &doc->mount_opts[sm->first_opt + 2];
    ASSERT_SPAN(doc, req->key, "required");
    assert_false(req->has_value);
    lf_doc_free(doc);
}

static void test_exec_form(void **state)
{
    (void)state;
    lf_doc *doc =
        parse_ok("FROM a\nCMD [\"a\", \"b c\"]\nRUN [ -f x ] && y\nCOPY [\"a b\", \"/d/\"]\n"
                 "ENTRYPOINT [\"x\"\nRUN [\"sh\", \"-c\", \"echo\"]\n");
    assert_true(doc->instrs[1].exec_form);
    ASSERT_SPAN(doc, doc->instrs[1].args, "[\"a\", \"b c\"]");
    assert_false(doc->instrs[2].exec_form);
    assert_non_null(doc->instrs[2].shell_tree);
    assert_false(doc->instrs[2].shell_has_error);
    assert_true(doc->instrs[3].exec_form);
    assert_false(doc->instrs[4].exec_form); /* not valid JSON: shell form */
    assert_true(doc->instrs[5].exec_form);
    assert_null(doc->instrs[5].shell_tree);
    lf_doc_free(doc);

    /* valid JSON that is not all strings is BuildKit's hard error */
    doc = parse("FROM a\nCMD [\"a\", 1]\n");
    find_diag(doc, LF_SEV_ERROR, "arrays must be comprised of strings only");
    assert_int_equal(doc->diags[0].line, 2);
    lf_doc_free(doc);
}

static void test_joined(void **state)
{
    (void)state;
    lf_doc *doc = parse("FROM a\nRUN a \\\n# comment\n\n  b \\\n    c\nRUN d\n");
    assert_int_equal(doc->nerrors, 0);
    assert_int_equal(doc->ninstrs, 3);
    const lf_instr *in = &doc->instrs[1];
    assert_string_equal(in->joined, "RUN a   b     c");
    assert_int_equal(in->joined_len, strlen("RUN a   b     c"));
    assert_int_equal(in->first_line, 2);
    assert_int_equal(in->last_line, 6);
    /* BuildKit warns about the blank line (once per instruction), not about
     * the comment line */
    assert_int_equal(count_sev(doc, LF_SEV_WARNING), 1);
    const lf_diag *w = find_diag(doc, LF_SEV_WARNING, "empty continuation line");
    assert_int_equal(w->line, 4);
    assert_int_equal(w->col, 1);
    assert_string_equal(doc->instrs[2].joined, "RUN d");
    lf_doc_free(doc);

    /* two blank lines in one instruction: still one warning, at the first */
    doc = parse("FROM a\nRUN a \\\n\n  b \\\n  \n  c\n");
    assert_int_equal(count_sev(doc, LF_SEV_WARNING), 1);
    assert_int_equal(find_diag(doc, LF_SEV_WARNING, "empty continuation")->line, 3);
    assert_int_equal(doc->nerrors, 0);
    lf_doc_free(doc);

    /* no continuation, no warning */
    doc = parse_ok("FROM a\n\nRUN a\n\n");
    assert_int_equal(doc->ndiags, 0);
    lf_doc_free(doc);
}

/* --- heredocs ---------------------------------------------------------------------- */

static const lf_heredoc *heredoc(const lf_doc *doc, size_t instr, size_t k)
{
    assert_true(instr < doc->ninstrs);
    assert_true(k < doc->instrs[instr].nheredocs);
    return &doc->heredocs[doc->instrs[instr].first_heredoc + k];
}

static void test_heredocs(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\n"
                           "RUN <<EOF\necho hi\nEOF\n"
                           "RUN <<-'EOF'\n\techo $X\n\tEOF\n"
                           "RUN 3<<EOF cat /dev/fd/3\nx\nEOF\n"
                           "COPY <<A <<\"B\" /dst/\na\nA\nb\nB\n"
                           "RUN <<EMPTY\nEMPTY\n");
    assert_int_equal(doc->ninstrs, 6);
    const lf_heredoc *h = heredoc(doc, 1, 0);
    ASSERT_SPAN(doc, h->opener, "<<EOF");
    assert_string_equal(h->name, "EOF");
    assert_int_equal(h->fd, 0);
    assert_false(h->chomp);
    assert_true(h->expand);
    assert_true(h->terminated);
    ASSERT_SPAN(doc, h->body, "echo hi\n");
    ASSERT_SPAN(doc, h->terminator, "EOF\n");
    ASSERT_SPAN(doc, doc->instrs[1].line, "RUN <<EOF");
    ASSERT_SPAN(doc, doc->instrs[1].span, "RUN <<EOF\necho hi\nEOF\n");
    assert_int_equal(doc->instrs[1].first_line, 2);
    assert_int_equal(doc->instrs[1].last_line, 4); /* BuildKit's end line: the terminator */

    h = heredoc(doc, 2, 0);
    ASSERT_SPAN(doc, h->opener, "<<-'EOF'");
    assert_string_equal(h->name, "EOF");
    assert_true(h->chomp);
    assert_false(h->expand);
    ASSERT_SPAN(doc, h->body, "\techo $X\n"); /* raw: the tab stays */
    ASSERT_SPAN(doc, h->terminator, "\tEOF\n");

    h = heredoc(doc, 3, 0);
    assert_int_equal(h->fd, 3);
    ASSERT_SPAN(doc, h->opener, "3<<EOF");
    ASSERT_SPAN(doc, h->body, "x\n");

    assert_int_equal(doc->instrs[4].nheredocs, 2);
    h = heredoc(doc, 4, 0);
    assert_string_equal(h->name, "A");
    assert_true(h->expand);
    ASSERT_SPAN(doc, h->body, "a\n");
    ASSERT_SPAN(doc, h->terminator, "A\n");
    h = heredoc(doc, 4, 1);
    assert_string_equal(h->name, "B");
    assert_false(h->expand);
    ASSERT_SPAN(doc, h->body, "b\n");
    ASSERT_SPAN(doc, h->terminator, "B\n");
    ASSERT_SPAN(doc, doc->instrs[4].args, "<<A <<\"B\" /dst/");

    h = heredoc(doc, 5, 0);
    assert_int_equal(h->body.start, h->body.end);
    assert_int_equal(h->body.start, h->terminator.start);
    assert_true(h->terminated);
    assert_int_equal(doc->nheredocs, 6);
    lf_doc_free(doc);
}

static void test_heredoc_unterminated(void **state)
{
    (void)state;
    lf_doc *doc = parse("FROM a\nRUN echo ok\nRUN <<EOF\necho never ends\n");
    assert_true(doc->nerrors > 0);
    const lf_diag *d = find_diag(doc, LF_SEV_ERROR, "unterminated heredoc");
    assert_int_equal(d->line, 3);
    assert_non_null(strstr(d->msg, "EOF"));
    lf_doc_free(doc);

    /* the terminator must be the whole line */
    doc = parse("FROM a\nRUN <<EOF\nEOF \n EOF\nEOFX\n");
    assert_true(doc->nerrors > 0);
    assert_int_equal(find_diag(doc, LF_SEV_ERROR, "unterminated heredoc")->line, 2);
    lf_doc_free(doc);
}

static void test_heredoc_layouts(void **state)
{
    (void)state;
    /* CRLF: the terminator line is `EOF\r\n` (BuildKit drops the CR) */
    lf_doc *doc = parse_ok("FROM a\r\nRUN <<EOF\r\necho\r\nEOF\r\nRUN b\r\n");
    assert_int_equal(doc->ninstrs, 3);
    const lf_heredoc *h = heredoc(doc, 1, 0);
    ASSERT_SPAN(doc, h->body, "echo\r\n");
    ASSERT_SPAN(doc, h->terminator, "EOF\r\n");
    ASSERT_SPAN(doc, doc->instrs[1].line, "RUN <<EOF");
    lf_doc_free(doc);

    /* a terminator without a final newline */
    doc = parse_ok("FROM a\nRUN <<EOF\nx\nEOF");
    h = heredoc(doc, 1, 0);
    ASSERT_SPAN(doc, h->terminator, "EOF");
    assert_int_equal(doc->instrs[1].span.end, doc->src->len);
    assert_int_equal(doc->instrs[1].last_line, 4);
    lf_doc_free(doc);

    /* ONBUILD: the opener is in the wrapped instruction, the body after the line */
    doc = parse_ok("FROM a\nONBUILD RUN 2<<-EOF cat\n\tx\n\tEOF\n");
    assert_int_equal(doc->instrs[1].sub_kw, LF_KW_RUN);
    h = heredoc(doc, 1, 0);
    assert_string_equal(h->name, "EOF");
    assert_int_equal(h->fd, 2);
    assert_true(h->chomp);
    ASSERT_SPAN(doc, h->body, "\tx\n");
    assert_int_equal(doc->instrs[1].last_line, 4);
    lf_doc_free(doc);

    /* the second of two heredocs unterminated: the error names it */
    doc = parse("FROM a\nRUN <<A <<B\na\nA\n");
    const lf_diag *d = find_diag(doc, LF_SEV_ERROR, "unterminated heredoc");
    assert_int_equal(d->line, 2);
    assert_int_equal(d->col, 9);
    assert_non_null(strstr(d->msg, "<<B"));
    lf_doc_free(doc);

    /* exec form and quoted words never open a heredoc */
    doc = parse_ok("FROM a\nRUN [\"<<EOF\"]\nRUN echo '<<EOF'\nUSER <<EOF\n");
    assert_int_equal(doc->nheredocs, 0);
    assert_int_equal(doc->ninstrs, 4);
    lf_doc_free(doc);
}

/* --- stages -------------------------------------------------------------------------- */

static void test_stages(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("ARG V=1\n"                       /* 0 */
                           "FROM golang:1.22 AS Build\n"     /* 1 */
                           "WORKDIR /src\n"                  /* 2 */
                           "USER app\n"                      /* 3 */
                           "WORKDIR sub\n"                   /* 4 */
                           "RUN make\n"                      /* 5 */
                           "FROM build AS final\n"           /* 6 */
                           "RUN first\n"                     /* 7 */
                           "WORKDIR /app\n"                  /* 8 */
                           "RUN x\n"                         /* 9 */
                           "FROM scratch\n"                  /* 10 */
                           "COPY --from=final /app /app\n"); /* 11 */
    assert_int_equal(doc->nstages, 3);
    assert_int_equal(doc->instrs[0].stage, -1);
    assert_int_equal(doc->instrs[0].workdir, -1);
    const lf_stage *s0 = &doc->stages[0], *s1 = &doc->stages[1], *s2 = &doc->stages[2];
    ASSERT_SPAN(doc, s0->image, "golang:1.22");
    ASSERT_SPAN(doc, s0->name, "Build");
    assert_int_equal(s0->from, 1);
    assert_int_equal(s0->first, 1);
    assert_int_equal(s0->last, 5);
    assert_int_equal(s0->base_stage, -1);
    ASSERT_SPAN(doc, s1->image, "build");
    ASSERT_SPAN(doc, s1->name, "final");
    assert_int_equal(s1->base_stage, 0); /* stage names match case-insensitively */
    assert_int_equal(s1->first, 6);
    assert_int_equal(s1->last, 9);
    ASSERT_SPAN(doc, s2->image, "scratch");
    assert_int_equal(s2->name.end - s2->name.start, 0);
    assert_int_equal(s2->base_stage, -1);
    assert_int_equal(s2->last, 11);

    assert_int_equal(doc->instrs[5].stage, 0);
    assert_int_equal(doc->instrs[5].workdir, 4); /* the last WORKDIR before it */
    assert_int_equal(doc->instrs[5].user, 3);
    assert_int_equal(doc->instrs[7].stage, 1);
    assert_int_equal(doc->instrs[7].workdir, -1); /* state does not cross stages */
    assert_int_equal(doc->instrs[7].user, -1);
    assert_int_equal(doc->instrs[9].workdir, 8);
    assert_int_equal(doc->instrs[11].stage, 2);
    lf_doc_free(doc);

    /* a FROM naming a later or unknown stage is an image */
    doc = parse_ok("FROM later AS first\nFROM x AS later\n");
    assert_int_equal(doc->stages[0].base_stage, -1);
    assert_int_equal(doc->stages[1].base_stage, -1);
    lf_doc_free(doc);
}

static void test_onbuild(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\nONBUILD RUN make\nonbuild COPY --from=b /x /y\n");
    const lf_instr *in = &doc->instrs[1];
    assert_int_equal(in->kw, LF_KW_ONBUILD);
    assert_int_equal(in->sub_kw, LF_KW_RUN);
    ASSERT_SPAN(doc, in->keyword, "ONBUILD");
    assert_false(ts_node_eq(in->node, in->body));
    assert_string_equal(in->joined, "ONBUILD RUN make");
    ASSERT_SPAN(doc, in->args, "make");
    in = &doc->instrs[2];
    assert_int_equal(in->sub_kw, LF_KW_COPY);
    assert_int_equal(in->nflags, 1);
    ASSERT_SPAN(doc, doc->flags[in->first_flag].name, "from");
    ASSERT_SPAN(doc, in->args, "/x /y");
    lf_doc_free(doc);
}

/* --- directives and parse-stage errors --------------------------------------------- */

static void test_escape_directive(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("# escape=`\nFROM mcr.microsoft.com/windows\n"
                           "WORKDIR C:\\app\\\nRUN dir `\n  /s\n");
    assert_int_equal(doc->escape, '`');
    assert_int_equal(doc->pieces[0].kind, LF_PIECE_DIRECTIVE);
    assert_int_equal(doc->ninstrs, 3);
    /* the backslash is an ordinary character: no continuation */
    ASSERT_SPAN(doc, doc->instrs[1].args, "C:\\app\\");
    assert_string_equal(doc->instrs[2].joined, "RUN dir   /s");
    assert_int_equal(doc->instrs[2].last_line, 5);
    lf_doc_free(doc);

    /* a directive after a comment is a comment */
    doc = parse_ok("# hello\n# escape=`\nFROM a\nRUN b \\\n c\n");
    assert_int_equal(doc->escape, '\\');
    assert_int_equal(doc->pieces[1].kind, LF_PIECE_COMMENT);
    assert_string_equal(doc->instrs[1].joined, "RUN b  c");
    lf_doc_free(doc);
}

static void test_directive_errors(void **state)
{
    (void)state;
    lf_doc *doc = parse("# escape=\\\n# escape=`\nFROM a\n");
    const lf_diag *d = find_diag(doc, LF_SEV_ERROR, "only one escape parser directive");
    assert_int_equal(d->line, 2);
    lf_doc_free(doc);

    doc = parse("# syntax=a\n# SYNTAX=b\nFROM a\n");
    assert_int_equal(find_diag(doc, LF_SEV_ERROR, "only one syntax")->line, 2);
    lf_doc_free(doc);

    doc = parse("# escape=x\nFROM a\n");
    d = find_diag(doc, LF_SEV_ERROR, "invalid escape token");
    assert_int_equal(d->line, 1);
    assert_non_null(strstr(d->msg, "'x'"));
    lf_doc_free(doc);
}

static void test_no_instructions(void **state)
{
    (void)state;
    static const char *const inputs[] = {"", "\n\n", "# just a comment\n\n# another\n",
                                         "# syntax=docker/dockerfile:1\n", "   \n\t\n"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        lf_doc *doc = parse(inputs[i]);
        assert_int_equal(doc->ninstrs, 0);
        assert_int_equal(doc->nerrors, 1);
        const lf_diag *d = find_diag(doc, LF_SEV_ERROR, "file with no instructions");
        assert_int_equal(d->line, 1);
        lf_doc_free(doc);
    }
}

static void test_env_errors(void **state)
{
    (void)state;
    lf_doc *doc = parse("FROM a\nENV PATH\n");
    assert_int_equal(find_diag(doc, LF_SEV_ERROR, "ENV must have two arguments")->line, 2);
    lf_doc_free(doc);
    doc = parse_ok("FROM a\nENV PATH /usr/bin\nENV A=1 B=\"2 3\"\nLABEL a=b\n");
    lf_doc_free(doc);
}

/* --- RUN bodies parsed with bash ---------------------------------------------------- */

/* Text of the first node of a kind in a bash tree, into a static buffer. */
static const char *first_text(const lf_doc *doc, TSNode n, const char *kind)
{
    static char buf[128];
    if (lf_node_is(n, kind)) {
        size_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        snprintf(buf, sizeof buf, "%.*s", (int)(e - s), doc->src->data + s);
        return buf;
    }
    for (uint32_t i = 0; i < ts_node_child_count(n); i++) {
        const char *t = first_text(doc, ts_node_child(n, i), kind);
        if (t)
            return t;
    }
    return NULL;
}

static void test_shell_trees(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM debian\n"
                           "RUN apt-get update && \\\n    apt-get install -y curl\n"
                           "SHELL [\"pwsh\", \"-c\"]\n"
                           "RUN Get-ChildItem\n"
                           "SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\n"
                           "RUN echo back\n"
                           "CMD echo not a RUN\n");
    const lf_instr *r1 = &doc->instrs[1];
    assert_non_null(r1->shell_tree);
    assert_false(r1->shell_has_error);
    TSNode root = ts_tree_root_node(r1->shell_tree);
    assert_string_equal(first_text(doc, root, "command_name"), "apt-get");
    assert_null(doc->instrs[3].shell_tree); /* pwsh is not ours to parse */
    assert_non_null(doc->instrs[5].shell_tree);
    assert_null(doc->instrs[6].shell_tree);
    assert_int_equal(doc->shell_runs, 2);
    assert_int_equal(doc->shell_runs_failed, 0);
    lf_doc_free(doc);

    /* SHELL holds for its stage only */
    doc = parse_ok("FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN x\nFROM b\nRUN y\n");
    assert_null(doc->instrs[2].shell_tree);
    assert_non_null(doc->instrs[4].shell_tree);
    lf_doc_free(doc);

    /* Windows base images run cmd.exe */
    doc = parse_ok("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n");
    assert_null(doc->instrs[1].shell_tree);
    assert_int_equal(doc->shell_runs, 0);
    lf_doc_free(doc);

    /* a body that bash cannot parse is counted, not an error of the doc */
    doc = parse_ok("FROM a\nRUN if then fi (\n");
    assert_non_null(doc->instrs[1].shell_tree);
    assert_true(doc->instrs[1].shell_has_error);
    assert_int_equal(doc->shell_runs_failed, 1);
    lf_doc_free(doc);
}

static void test_shell_heredoc_body(void **state)
{
    (void)state;
    lf_doc *doc = parse_ok("FROM a\nRUN <<EOF bash\nset -e\nmake install\nEOF\n"
                           "RUN <<EOF\nif true; then echo yes; fi\nEOF\n"
                           "RUN cat <<EOF > /etc/x.conf\nkey=value\nEOF\n");
    for (size_t i = 1; i <= 3; i++) {
        assert_non_null(doc->instrs[i].shell_tree);
        assert_false(doc->instrs[i].shell_has_error);
    }
    /* the body is the script: its commands are in the tree, at their bytes */
    TSNode r1 = ts_tree_root_node(doc->instrs[1].shell_tree);
    assert_string_equal(first_text(doc, r1, "command_name"), "set");
    assert_non_null(first_text(doc, r1, "word"));
    TSNode r2 = ts_tree_root_node(doc->instrs[2].shell_tree);
    assert_non_null(first_text(doc, r2, "if_statement"));
    /* a heredoc fed to a command: the line is the script */
    TSNode r3 = ts_tree_root_node(doc->instrs[3].shell_tree);
    assert_string_equal(first_text(doc, r3, "command_name"), "cat");
    assert_non_null(first_text(doc, r3, "heredoc_redirect"));
    lf_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_pieces_crlf),
        cmocka_unit_test(test_pieces_bom),
        cmocka_unit_test(test_pieces_no_final_newline),
        cmocka_unit_test(test_pieces_continuation_at_eof),
        cmocka_unit_test(test_kinds_and_keywords),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_exec_form),
        cmocka_unit_test(test_joined),
        cmocka_unit_test(test_heredocs),
        cmocka_unit_test(test_heredoc_unterminated),
        cmocka_unit_test(test_heredoc_layouts),
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_onbuild),
        cmocka_unit_test(test_escape_directive),
        cmocka_unit_test(test_directive_errors),
        cmocka_unit_test(test_no_instructions),
        cmocka_unit_test(test_env_errors),
        cmocka_unit_test(test_shell_trees),
        cmocka_unit_test(test_shell_heredoc_body),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
