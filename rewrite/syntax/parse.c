/* Shared tree helpers (see parse.h). */
#include "parse.h"

TSNode lf_node_first_error(TSNode root)
{
    if (!ts_node_has_error(root))
        return (TSNode){0};
    if (ts_node_symbol(root) == (TSSymbol)-1 || ts_node_is_missing(root))
        return root;
    uint32_t n = ts_node_child_count(root);
    for (uint32_t i = 0; i < n; i++) {
        TSNode c = ts_node_child(root, i);
        if (ts_node_has_error(c) || ts_node_is_missing(c)) {
            TSNode e = lf_node_first_error(c);
            if (!ts_node_is_null(e))
                return e;
        }
    }
    return root;
}
