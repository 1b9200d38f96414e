/* Reading RUN shell text for the passes (see shell.h). */
#include "shell.h"

#include "parse.h"
#include "tools.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

static lf_span span_of(TSNode n)
{
    return (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

void lf_shell_unquote_word(const char *s, size_t n, lf_buf *out)
{
    lf_buf_clear(out);
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                lf_buf_addc(out, c);
        } else if (c == '\\' && i + 1 < n) {
            lf_buf_addc(out, s[++i]);
        } else if (c == '"') {
            q = q ? 0 : '"';
        } else if (c == '\'' && !q) {
            q = '\'';
        } else {
            lf_buf_addc(out, c);
        }
    }
    if (!out->data)
        lf_buf_adds(out, "");
}

void lf_shell_word_text(const lf_doc *doc, lf_span w, lf_buf *out)
{
    lf_shell_unquote_word(doc->src->data + w.start, w.end - w.start, out);
}

void lf_shell_unquote(const char *s, size_t len, lf_buf *out)
{
    lf_buf_clear(out);
    char q = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (q) {
            if (ch == q)
                q = 0;
            else
                lf_buf_addc(out, ch);
        } else if (ch == '"' || ch == '\'') {
            q = ch;
        } else {
            lf_buf_addc(out, ch);
        }
    }
    lf_buf_adds(out, "");
}

bool lf_shell_word_is(const lf_doc *doc, lf_span w, const char *s)
{
    size_t n = strlen(s);
    /* fast path: an unquoted word */
    if (w.end - w.start == n && memcmp(doc->src->data + w.start, s, n) == 0)
        return true;
    lf_buf b = LF_BUF_INIT;
    lf_shell_word_text(doc, w, &b);
    bool eq = b.len == n && memcmp(b.data, s, n) == 0;
    lf_buf_free(&b);
    return eq;
}

bool lf_shell_program_is(const lf_doc *doc, const lf_shell_cmd *c, const char *name)
{
    if (c->argc == 0)
        return false;
    lf_buf b = LF_BUF_INIT;
    lf_shell_word_text(doc, c->argv[0], &b);
    const char *base = strrchr(b.data, '/');
    base = base ? base + 1 : b.data;
    bool eq = strcmp(base, name) == 0;
    lf_buf_free(&b);
    return eq;
}

/* Strips the wrappers of the tool table (sudo, env NAME=x, gosu USER...). */
static void unwrap(const lf_doc *doc, lf_shell_cmd *c)
{
    lf_buf w = LF_BUF_INIT;
    for (;;) {
        if (c->argc == 0)
            break;
        lf_shell_word_text(doc, c->argv[0], &w);
        const char *base = strrchr(w.data, '/');
        const lf_tool_wrapper *t = lf_tool_wrapper_find(base ? base + 1 : w.data);
        if (!t)
            break;
        size_t k = 1;
        while (k < c->argc) {
            lf_shell_word_text(doc, c->argv[k], &w);
            if (w.data[0] == '-' && w.len > 1) {
                bool takes = w.len == 2 && strchr(t->short_with_value, w.data[1]) != NULL;
                for (size_t i = 0; !takes && t->long_with_value && t->long_with_value[i]; i++)
                    takes = strcmp(t->long_with_value[i], w.data) == 0;
                k += takes ? 2 : 1;
            } else if (t->assigns && strchr(w.data, '=')) {
                k++;
            } else {
                break;
            }
        }
        if (t->user_is_first_word)
            k++;
        if (k >= c->argc) {
            c->argc = 0;
            break;
        }
        memmove(c->argv, c->argv + k, (c->argc - k) * sizeof c->argv[0]);
        c->argc -= k;
    }
    lf_buf_free(&w);
}

static bool is_redirect(TSNode n)
{
    const char *t = ts_node_type(n);
    return strstr(t, "redirect") != NULL;
}

static void add_command(const lf_doc *doc, TSNode cmd, bool top, bool after_or, lf_shell_cmds *out)
{
    lf_shell_cmd *c = LF_VEC_PUSH(out->items, out->n, out->cap);
    c->node = cmd;
    c->span = span_of(cmd);
    c->top_level = top;
    c->after_or = after_or;
    TSNode ch;
    lf_children it = lf_children_of(cmd);
    while (lf_children_next(&it, &ch)) {
        if (!ts_node_is_named(ch) || lf_node_is(ch, "variable_assignment") || is_redirect(ch))
            continue;
        if (c->argc < LF_SHELL_MAX_ARGS)
            c->argv[c->argc++] = span_of(ch);
    }
    lf_children_done(&it);
    unwrap(doc, c);
}

/* Depth-first over the bash tree with an explicit stack: `a && b && ...`
 * nests one list per operator, so recursion would overflow on long chains. */
typedef struct {
    TSNode node;
    bool top, after_or;
} frame;

static void walk(const lf_doc *doc, TSNode root, lf_shell_cmds *out)
{
    frame *stack = NULL, *kids = NULL;
    size_t n = 0, cap = 0, nk = 0, capk = 0;
    *LF_VEC_PUSH(stack, n, cap) = (frame){root, true, false};
    while (n > 0) {
        frame f = stack[--n];
        const char *t = ts_node_type(f.node);
        if (strcmp(t, "command") == 0) {
            add_command(doc, f.node, f.top, f.after_or, out);
            continue;
        }
        bool is_list = strcmp(t, "list") == 0;
        bool keeps_top =
            strcmp(t, "program") == 0 || is_list || strcmp(t, "redirected_statement") == 0;
        bool right_of_or = false;
        nk = 0;
        TSNode ch;
        lf_children it = lf_children_of(f.node);
        while (lf_children_next(&it, &ch)) {
            if (is_list && !ts_node_is_named(ch)) {
                if (strcmp(ts_node_type(ch), "||") == 0)
                    right_of_or = true;
                continue;
            }
            if (ts_node_is_named(ch))
                *LF_VEC_PUSH(kids, nk, capk) =
                    (frame){ch, f.top && keeps_top, f.after_or || right_of_or};
        }
        lf_children_done(&it);
        /* pushed in reverse so that commands come out in source order */
        while (nk > 0)
            *LF_VEC_PUSH(stack, n, cap) = kids[--nk];
    }
    free(stack);
    free(kids);
}

void lf_shell_commands(const lf_doc *doc, const lf_instr *in, lf_shell_cmds *out)
{
    if (!in->shell_tree || in->shell_has_error)
        return;
    walk(doc, ts_tree_root_node(in->shell_tree), out);
}

void lf_shell_cmds_free(lf_shell_cmds *c)
{
    free(c->items);
    memset(c, 0, sizeof *c);
}

void lf_shell_style_of(const lf_doc *doc, const lf_instr *in, lf_shell_style *st)
{
    memset(st, 0, sizeof *st);
    st->nl = doc->src->nl ? doc->src->nl : "\n";
    st->escape = doc->escape;
    strcpy(st->indent, "    ");
    const char *s = doc->src->data;
    bool found_indent = false;
    /* look at each physical line of the instruction after the first */
    for (size_t i = in->line.start; i < in->line.end; i++) {
        if (s[i] != '\n')
            continue;
        st->multiline = true;
        size_t j = i + 1, k = j;
        while (k < in->line.end && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k >= in->line.end || s[k] == '#' || s[k] == '\n' || s[k] == '\r')
            continue;
        if (!found_indent && k - j < sizeof st->indent) {
            memcpy(st->indent, s + j, k - j);
            st->indent[k - j] = 0;
            found_indent = true;
        }
        if (k + 1 < in->line.end && s[k] == '&' && s[k + 1] == '&')
            st->and_at_line_start = true;
    }
}
