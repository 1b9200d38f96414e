/*
 * A build time or commit id written into a file before the installs:
 * a RUN in which a stamp command of the knowledge table (`date`, `git
 * rev-parse`, `git describe`...) writes into a file (a `>`/`>>` redirection
 * of it or of the command whose arguments it produces, `$(date) > f`, or a
 * pipe into `tee`), followed in its stage by a RUN that runs a package
 * manager. A cached step keeps the value of the build that ran it; when the
 * step does run, the file changes and every layer after it is rebuilt, the
 * installs included.
 */
#include "advice.h"
#include "ci.h"
#include "shell.h"

#include "parse.h"

#include <string.h>

static void node_text(const lf_doc *doc, TSNode n, lf_buf *out)
{
    lf_shell_word_text(doc, (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)}, out);
}

/* The program of a `command` node (without its directory) and its first
 * argument that is not an option. */
static void command_words(const lf_doc *doc, TSNode cmd, lf_buf *prog, lf_buf *first)
{
    lf_buf_clear(prog);
    lf_buf_clear(first);
    TSNode name = ts_node_child_by_field_name(cmd, "name", 4);
    if (ts_node_is_null(name))
        return;
    node_text(doc, name, prog);
    const char *slash = strrchr(lf_buf_cstr(prog), '/');
    if (slash) {
        size_t k = strlen(slash + 1);
        memmove(prog->data, slash + 1, k + 1);
        prog->len = k;
    }
    uint32_t n = ts_node_named_child_count(cmd);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = ts_node_named_child(cmd, i);
        if (ts_node_start_byte(a) <= ts_node_start_byte(name) || lf_node_is(a, "file_redirect"))
            continue;
        node_text(doc, a, first);
        if (first->len && first->data[0] != '-')
            return;
        lf_buf_clear(first);
    }
}

/* Does a redirection of n into a file (not /dev/null) exist? */
static bool redirects_to_file(const lf_doc *doc, TSNode stmt)
{
    lf_buf dest = LF_BUF_INIT;
    bool found = false;
    uint32_t n = ts_node_named_child_count(stmt);
    for (uint32_t i = 0; i < n && !found; i++) {
        TSNode r = ts_node_named_child(stmt, i);
        TSNode d = ts_node_child_by_field_name(r, "destination", 11);
        if (!lf_node_is(r, "file_redirect") || ts_node_is_null(d))
            continue;
        bool out = false; /* an output operator: `>`, `>>`, `&>`, `>|` */
        uint32_t k = ts_node_child_count(r);
        for (uint32_t c = 0; c < k && !out; c++) {
            TSNode op = ts_node_child(r, c);
            out = !ts_node_is_named(op) && strchr(ts_node_type(op), '>') != NULL;
        }
        node_text(doc, d, &dest);
        found = out && strncmp(lf_buf_cstr(&dest), "/dev/", 5) != 0 &&
                !(dest.len && dest.data[0] == '&');
    }
    lf_buf_free(&dest);
    return found;
}

/* Is command cmd's output (or that of the command it is an argument of)
 * written into a file? */
static bool written_to_file(const lf_doc *doc, TSNode cmd)
{
    lf_buf prog = LF_BUF_INIT, first = LF_BUF_INIT;
    bool found = false;
    for (TSNode n = cmd; !ts_node_is_null(n) && !found; n = ts_node_parent(n)) {
        if (lf_node_is(n, "redirected_statement"))
            found = redirects_to_file(doc, n);
        if (lf_node_is(n, "pipeline")) { /* `... | tee FILE` */
            TSNode last = ts_node_named_child(n, ts_node_named_child_count(n) - 1);
            command_words(doc, last, &prog, &first);
            for (const char *const *t = lf_ci_tee_programs; *t && !found; t++)
                found = strcmp(lf_buf_cstr(&prog), *t) == 0 && first.len > 0;
        }
        if (lf_node_is(n, "program"))
            break;
    }
    lf_buf_free(&prog);
    lf_buf_free(&first);
    return found;
}

/* The first stamp command of RUN in written into a file, or a null node. */
static TSNode stamp_of(const lf_doc *doc, const lf_instr *in, const lf_ci_stamp **which)
{
    TSNode none = {0}, found = none;
    if (!in->shell_tree || in->shell_has_error)
        return none;
    lf_buf prog = LF_BUF_INIT, first = LF_BUF_INIT;
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(in->shell_tree));
    for (bool more = true; more && ts_node_is_null(found);) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (lf_node_is(n, "command")) {
            command_words(doc, n, &prog, &first);
            const lf_ci_stamp *st =
                lf_ci_stamp_find(lf_buf_cstr(&prog), first.len ? lf_buf_cstr(&first) : NULL);
            if (st && written_to_file(doc, n)) {
                found = n;
                *which = st;
            }
        }
        if (ts_tree_cursor_goto_first_child(&cur))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&cur))
            if (!ts_tree_cursor_goto_parent(&cur)) {
                more = false;
                break;
            }
    }
    ts_tree_cursor_delete(&cur);
    lf_buf_free(&prog);
    lf_buf_free(&first);
    return found;
}

/* The first RUN after instruction i in its stage whose model runs a
 * package manager. */
static const lf_instr *later_install(const lf_doc *doc, const lf_analysis *an, size_t i)
{
    for (size_t k = i + 1; k < doc->ninstrs; k++) {
        const lf_instr *in = &doc->instrs[k];
        if (in->stage != doc->instrs[i].stage)
            break;
        const lf_run_model *m = lf_analysis_run(an, (int)k);
        for (size_t c = 0; m && c < m->ncmds; c++)
            if (m->cmds[c].pm)
                return in;
    }
    return NULL;
}

void lf_advice_stamps(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx)
{
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        const lf_ci_stamp *st = NULL;
        if (in->kw != LF_KW_RUN)
            continue;
        TSNode cmd = stamp_of(doc, in, &st);
        const lf_instr *inst = ts_node_is_null(cmd) ? NULL : later_install(doc, an, i);
        if (!inst)
            continue;
        size_t a = ts_node_start_byte(cmd), e = ts_node_end_byte(cmd);
        lf_ctx_note(ctx, in->span.start,
                    "this RUN writes %s (`%.*s`) into a file before the install at line %zu: a "
                    "cached step keeps the value of the build that ran it, and when the step does "
                    "run, the file changes and every layer after it is rebuilt, the installs "
                    "included; write it at the end of the final stage instead, or pass it as a "
                    "build argument to a LABEL there",
                    st->what, (int)(e - a), doc->src->data + a,
                    lf_ctx_line(ctx, doc, inst->span.start));
    }
}
