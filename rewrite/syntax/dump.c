/* The views behind `layerfix dump` (see dump.h). */
#include "dump.h"

#include "bkdump.h"

#include <string.h>

int lf_dump_format_from_name(lf_dump_format *out, const char *name)
{
    if (strcmp(name, "buildkit") == 0)
        *out = LF_DUMP_BUILDKIT;
    else if (strcmp(name, "tree") == 0)
        *out = LF_DUMP_TREE;
    else if (strcmp(name, "source") == 0)
        *out = LF_DUMP_SOURCE;
    else if (strcmp(name, "shell") == 0)
        *out = LF_DUMP_SHELL;
    else
        return -1;
    return 0;
}

/* Walks with a cursor (field names come from it: the node-based lookup of
 * this tree-sitter version is unreliable), without recursion: bash trees of
 * long `&&` chains are as deep as the chain is long. */
static void lf_dump__line(lf_buf *out, TSTreeCursor *cur, int depth)
{
    TSNode n = ts_tree_cursor_current_node(cur);
    if (depth > 0)
        lf_buf_addc(out, '\n');
    for (int i = 0; i < depth; i++)
        lf_buf_adds(out, "  ");
    const char *field = ts_tree_cursor_current_field_name(cur);
    if (field)
        lf_buf_printf(out, "%s: ", field);
    TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
    const char *type = ts_node_is_missing(n) ? "MISSING" : ts_node_type(n);
    lf_buf_printf(out, "(%s [%u, %u] - [%u, %u]", type, s.row, s.column, e.row, e.column);
}

static bool lf_dump__first_named_child(TSTreeCursor *cur)
{
    if (!ts_tree_cursor_goto_first_child(cur))
        return false;
    while (!ts_node_is_named(ts_tree_cursor_current_node(cur)))
        if (!ts_tree_cursor_goto_next_sibling(cur)) {
            ts_tree_cursor_goto_parent(cur);
            return false;
        }
    return true;
}

static bool lf_dump__next_named_sibling(TSTreeCursor *cur)
{
    while (ts_tree_cursor_goto_next_sibling(cur))
        if (ts_node_is_named(ts_tree_cursor_current_node(cur)))
            return true;
    return false;
}

void lf_dump_tree(lf_buf *out, TSNode root)
{
    TSTreeCursor cur = ts_tree_cursor_new(root);
    int depth = 0;
    lf_dump__line(out, &cur, 0);
    for (;;) {
        if (lf_dump__first_named_child(&cur)) {
            lf_dump__line(out, &cur, ++depth);
            continue;
        }
        /* leave nodes until one has a next named sibling */
        bool more = false;
        for (;;) {
            lf_buf_addc(out, ')');
            if (lf_dump__next_named_sibling(&cur)) {
                lf_dump__line(out, &cur, depth);
                more = true;
                break;
            }
            if (depth == 0 || !ts_tree_cursor_goto_parent(&cur))
                break;
            depth--;
        }
        if (!more)
            break;
    }
    ts_tree_cursor_delete(&cur);
    lf_buf_addc(out, '\n');
}

int lf_dump(lf_buf *out, const lf_doc *doc, lf_dump_format fmt, lf_buf *err)
{
    switch (fmt) {
    case LF_DUMP_SOURCE:
        lf_doc_write_source(doc, out);
        return 0;
    case LF_DUMP_TREE:
        lf_dump_tree(out, ts_tree_root_node(doc->tree));
        return 0;
    case LF_DUMP_SHELL:
        for (size_t i = 0; i < doc->ninstrs; i++) {
            const lf_instr *in = &doc->instrs[i];
            if (!in->shell_tree)
                continue;
            lf_buf_printf(out, "# RUN at line %zu%s\n", in->first_line,
                          in->shell_has_error ? " (bash cannot parse it)" : "");
            lf_dump_tree(out, ts_tree_root_node(in->shell_tree));
        }
        return 0;
    case LF_DUMP_BUILDKIT:
        for (size_t i = 0; i < doc->ninstrs; i++) {
            const lf_instr *in = &doc->instrs[i];
            if (lf_bkdump_line(out, in->joined, in->joined_len, doc->escape, err) != 0)
                return -1;
            lf_buf_addc(out, '\n');
        }
        return 0;
    }
    return -1;
}
