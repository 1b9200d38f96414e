/*
 * The two tree-sitter languages layerfix parses with, and the node-kind
 * lookups shared by the model and the passes.
 */
#ifndef LF_PARSE_H
#define LF_PARSE_H

#include <stdbool.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_dockerfile(void);
const TSLanguage *tree_sitter_bash(void);

/* Node kind test by name (kinds are interned strings inside a language, but
 * comparing text keeps callers independent of symbol numbers). */
static inline bool lf_node_is(TSNode n, const char *kind)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), kind) == 0;
}

/* Iterates a node's children in order. ts_node_child(n, i) walks from the
 * first child on every call, so index loops are quadratic; a cursor is not.
 * Call lf_children_done after the loop (also when leaving it early). */
typedef struct {
    TSTreeCursor cur;
    int state; /* 0 before the first child, 1 on a child, 2 done */
} lf_children;

static inline lf_children lf_children_of(TSNode n)
{
    lf_children it = {ts_tree_cursor_new(n), 0};
    return it;
}

static inline bool lf_children_next(lf_children *it, TSNode *out)
{
    if (it->state == 2)
        return false;
    bool ok = it->state == 0 ? ts_tree_cursor_goto_first_child(&it->cur)
                             : ts_tree_cursor_goto_next_sibling(&it->cur);
    it->state = ok ? 1 : 2;
    if (ok)
        *out = ts_tree_cursor_current_node(&it->cur);
    return ok;
}

static inline void lf_children_done(lf_children *it)
{
    ts_tree_cursor_delete(&it->cur);
}

/* First ERROR or MISSING node in document order, or a null node. */
TSNode lf_node_first_error(TSNode root);

#endif
