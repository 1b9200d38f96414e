/* The NAME[=value] pairs of ENV and ARG instructions (see model.h). */
#include "model.h"

#include "parse.h"
#include "vec.h"

#include <stdlib.h>

static lf_span span_of(TSNode n)
{
    return (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

size_t lf_var_pairs(const lf_doc *doc, const lf_instr *in, lf_var_pair **out)
{
    (void)doc;
    *out = NULL;
    if (in->kw != LF_KW_ENV && in->kw != LF_KW_ARG)
        return 0;
    size_t n = 0, cap = 0;
    TSNode ch;
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &ch)) {
        bool env = lf_node_is(ch, "env_pair"), arg = lf_node_is(ch, "arg_declaration");
        if (!env && !arg)
            continue;
        TSNode name = ts_node_child_by_field_name(ch, "name", 4);
        if (ts_node_is_null(name))
            continue;
        TSNode v = ts_node_child_by_field_name(ch, env ? "value" : "default", env ? 5 : 7);
        lf_var_pair *p = LF_VEC_PUSH(*out, n, cap);
        p->text = span_of(ch);
        p->name = span_of(name);
        p->has_value = !ts_node_is_null(v);
        p->value = p->has_value ? span_of(v) : (lf_span){p->text.end, p->text.end};
        p->arg = arg;
    }
    lf_children_done(&it);
    return n;
}
