/*
 * Every Dockerfile of ../shared/corpus/real (real-world files, kept byte for
 * byte) through the model: each must parse cleanly and losslessly, with the
 * model's invariants (model.h) holding, and the RUN bodies must parse with
 * bash. A file that fails is named with what failed; all files are checked
 * before the test fails.
 */
#include "testutil.h"

#include "buf.h"
#include "model.h"
#include "parse.h"
#include "source.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REAL "corpus/real"

typedef struct {
    char **items;
    size_t n, cap;
} pathlist;

static void walk(pathlist *out, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        lf_buf abs = LF_BUF_INIT, r = LF_BUF_INIT;
        lf_buf_printf(&abs, "%s/%s", dir, e->d_name);
        lf_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        struct stat st;
        assert_int_equal(lstat(lf_buf_cstr(&abs), &st), 0);
        if (S_ISDIR(st.st_mode)) {
            walk(out, lf_buf_cstr(&abs), lf_buf_cstr(&r));
        } else if (!(*rel == 0 && (strcmp(e->d_name, "manifest.tsv") == 0 ||
                                   strcmp(e->d_name, "README.md") == 0))) {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 256;
                out->items = realloc(out->items, out->cap * sizeof *out->items);
                assert_non_null(out->items);
            }
            out->items[out->n++] = lf_buf_detach(&r, NULL);
        }
        lf_buf_free(&abs);
        lf_buf_free(&r);
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* BuildKit's own parser tests (moby__buildkit/...testfiles...) use keywords
 * no instruction has on purpose; anywhere else an unknown_instruction node
 * means the grammar misread a line. */
static int unknown_allowed(const char *rel)
{
    return strncmp(rel, "moby__buildkit/", 15) == 0 && strstr(rel, "testfiles") != NULL;
}

/* Line (1-based) of the first unknown_instruction node, or 0. */
static size_t first_unknown_line(TSNode root)
{
    size_t line = 0;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (lf_node_is(n, "unknown_instruction")) {
            line = ts_node_start_point(n).row + 1;
            break;
        }
        if (ts_tree_cursor_goto_first_child(&cur))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&cur))
            if (!ts_tree_cursor_goto_parent(&cur))
                goto done;
    }
done:
    ts_tree_cursor_delete(&cur);
    return line;
}

static int inside(lf_span inner, lf_span outer)
{
    return inner.start <= inner.end && outer.start <= inner.start && inner.end <= outer.end;
}

/* Checks one file; appends what failed to why (empty when all is well). */
static void check_file(lf_parser *p, const char *rel, const char *path, lf_buf *why, size_t *instrs,
                       size_t *runs, size_t *runs_failed)
{
    lf_buf err = LF_BUF_INIT;
    lf_source *src;
    if (lf_source_read_file(&src, path, &err) != 0) {
        lf_buf_printf(why, "cannot read: %s; ", lf_buf_cstr(&err));
        lf_buf_free(&err);
        return;
    }
    lf_buf_free(&err);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, p, src), 0);
    const lf_source *s = doc->src;

    TSNode root = ts_tree_root_node(doc->tree);
    if (ts_node_has_error(root)) {
        TSNode e = lf_node_first_error(root);
        lf_buf_printf(why, "%s node at line %u; ", ts_node_is_missing(e) ? "MISSING" : "ERROR",
                      ts_node_start_point(e).row + 1);
    }
    if (doc->nerrors > 0) {
        lf_buf_adds(why, "errors: ");
        lf_doc_print_diags(doc, why);
    }

    /* pieces tile the file and rebuild it */
    size_t pos = 0;
    int next_instr = 0;
    for (size_t i = 0; i < doc->npieces; i++) {
        const lf_piece *pc = &doc->pieces[i];
        if (pc->span.start != pos || pc->span.end <= pc->span.start) {
            lf_buf_printf(why, "piece %zu is [%zu, %zu), expected to start at %zu; ", i,
                          pc->span.start, pc->span.end, pos);
            break;
        }
        pos = pc->span.end;
        if (pc->kind == LF_PIECE_OTHER) {
            size_t line, col;
            lf_source_pos(s, pc->span.start, &line, &col);
            lf_buf_printf(why, "unplaced bytes (LF_PIECE_OTHER) at line %zu; ", line);
        }
        if (pc->kind == LF_PIECE_INSTRUCTION) {
            if (pc->instr != next_instr) {
                lf_buf_printf(why, "piece %zu holds instruction %d, expected %d; ", i, pc->instr,
                              next_instr);
                break;
            }
            next_instr++;
            const lf_instr *in = &doc->instrs[pc->instr];
            if (!inside(in->span, pc->span) || !inside(in->keyword, in->span) ||
                !inside(in->line, in->span) || !inside(in->args, in->line) ||
                in->first_line > in->last_line)
                lf_buf_printf(why, "instruction %d (line %zu) is not inside its piece; ", pc->instr,
                              in->first_line);
            for (size_t h = 0; h < in->nheredocs; h++) {
                const lf_heredoc *hd = &doc->heredocs[in->first_heredoc + h];
                if (!inside(hd->body, in->span) || !inside(hd->opener, in->line))
                    lf_buf_printf(why, "heredoc %zu of line %zu is outside its instruction; ", h,
                                  in->first_line);
            }
        } else if (pc->instr != -1) {
            lf_buf_printf(why, "piece %zu is not an instruction but has instr %d; ", i, pc->instr);
        }
    }
    if (pos != s->len)
        lf_buf_printf(why, "pieces end at %zu, the file at %zu; ", pos, s->len);
    if ((size_t)next_instr != doc->ninstrs)
        lf_buf_printf(why, "%d instruction pieces for %zu instructions; ", next_instr,
                      doc->ninstrs);
    lf_buf back = LF_BUF_INIT;
    lf_doc_write_source(doc, &back);
    if (back.len != s->len || memcmp(back.data ? back.data : "", s->data, s->len) != 0)
        lf_buf_adds(why, "lf_doc_write_source does not give the file back; ");
    lf_buf_free(&back);

    size_t unknown = first_unknown_line(root);
    if (unknown && !unknown_allowed(rel))
        lf_buf_printf(why, "unknown_instruction at line %zu (a misparse?); ", unknown);

    *instrs += doc->ninstrs;
    *runs += doc->shell_runs;
    *runs_failed += doc->shell_runs_failed;
    lf_doc_free(doc);
}

static void test_real_corpus(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    char base[4096];
    snprintf(base, sizeof base, "%s", lf_test_shared_path(REAL));
    pathlist files = {0};
    walk(&files, base, "");
    qsort(files.items, files.n, sizeof *files.items, cmp_str);
    lf_parser *p = lf_parser_new();
    assert_non_null(p);
    size_t instrs = 0, runs = 0, runs_failed = 0, failures = 0, with_unknown = 0;
    for (size_t i = 0; i < files.n; i++) {
        lf_buf path = LF_BUF_INIT, why = LF_BUF_INIT;
        lf_buf_printf(&path, "%s/%s", base, files.items[i]);
        check_file(p, files.items[i], lf_buf_cstr(&path), &why, &instrs, &runs, &runs_failed);
        if (why.len > 0) {
            failures++;
            print_message("FAIL %s: %s\n", files.items[i], lf_buf_cstr(&why));
        }
        with_unknown += unknown_allowed(files.items[i]);
        lf_buf_free(&path);
        lf_buf_free(&why);
        free(files.items[i]);
    }
    free(files.items);
    lf_parser_free(p);
    double share = runs ? 100.0 * (double)(runs - runs_failed) / (double)runs : 0.0;
    print_message("%zu files (%zu BuildKit parser test files), %zu instructions; %zu RUN bodies "
                  "parsed with bash, %zu without ERROR (%.2f%%)\n",
                  files.n, with_unknown, instrs, runs, runs - runs_failed, share);
    assert_int_equal(failures, 0);
    assert_true(files.n >= 300);
    assert_true(runs > 0);
    assert_true(share >= 99.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
