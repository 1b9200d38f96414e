/*
 * Splitting a RUN that installs and then builds (`cd web && npm ci && npm
 * run build`) at the `&&` between the two, so that the install runs before
 * the sources are copied and the build after (see cmf.h).
 *
 * Only where the halves are provably independent: the first half is plain
 * commands at the RUN's top level (installs that need only manifests,
 * commands that read nothing of the project, `cd`), none of which sets
 * shell state (`set`, `export`, a variable, `umask`...) the second half
 * could need; the RUN has no `||` (a failure tolerated across the split
 * would fail the build instead) and no heredoc; the two halves are joined
 * by `&&`. The second half gets the first half's `cd`s again: the directory
 * is the one piece of shell state it needs.
 */
#include "cmf.h"

#include "parse.h"
#include "tools.h"

#include <string.h>

/* Is the text between two statements exactly `&&` (blanks and line
 * continuations aside)? */
static bool joined_by_and(const lf_doc *doc, size_t from, size_t to)
{
    const char *s = doc->src->data;
    size_t amp = 0;
    for (size_t i = from; i < to; i++) {
        if (s[i] == doc->escape && i + 1 < to && (s[i + 1] == '\n' || s[i + 1] == '\r'))
            continue;
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            continue;
        if (s[i] == '\\' && i + 1 < to && (s[i + 1] == '\n' || s[i + 1] == '\r'))
            continue;
        if (s[i] != '&')
            return false;
        amp++;
    }
    return amp == 2;
}

/* The first statement of the second half: the statement of the first
 * command of kind LF_CMD_OTHER. */
static int first_other(const lf_run_model *m, const int *kinds)
{
    for (size_t k = 0; k < m->ncmds; k++)
        if (!m->cmds[k].inner && kinds[k] == LF_CMD_OTHER)
            return m->cmds[k].stmt;
    return -1;
}

int cmf_split_point(const lf_doc *doc, const lf_instr *in, const lf_run_model *m, const int *kinds,
                    lf_buf *why)
{
    if (in->exec_form || in->nheredocs || !m->readable) {
        lf_buf_adds(why, "its commands are not one shell line");
        return -1;
    }
    int s = first_other(m, kinds);
    if (s <= 0) {
        lf_buf_adds(why, "the install does not come first");
        return -1;
    }
    for (size_t i = 0; i < m->nstmts; i++)
        if (m->stmts[i].after_or) {
            lf_buf_adds(why, "it tolerates a failure with `||`");
            return -1;
        }
    for (int i = 0; i < s; i++)
        if (!lf_node_is(m->stmts[i].node, "command")) {
            lf_buf_adds(why, "what comes before the build is not plain commands (a variable it "
                             "sets, a condition or a pipeline may carry over)");
            return -1;
        }
    bool install = false;
    for (size_t k = 0; k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (c->inner || c->stmt < 0 || c->stmt >= s)
            continue;
        if (c->n && lf_tool_sets_shell_state(c->w[0].s)) {
            lf_buf_printf(why, "`%s` sets shell state the build may need", c->w[0].s);
            return -1;
        }
        if (c->before_or || c->after_or) {
            lf_buf_adds(why, "it tolerates a failure with `||`");
            return -1;
        }
        install = install || kinds[k] == LF_CMD_INSTALL;
    }
    if (!install) {
        lf_buf_adds(why, "the install does not come first");
        return -1;
    }
    if (!joined_by_and(doc, ts_node_end_byte(m->stmts[s - 1].node),
                       ts_node_start_byte(m->stmts[s].node))) {
        lf_buf_adds(why, "the install and the build are not joined by `&&`");
        return -1;
    }
    return s;
}

void cmf_split_text(const lf_doc *doc, const lf_instr *in, const lf_run_model *m, int split,
                    const char *copy_line, const char *nl, lf_buf *out, lf_span *replaced)
{
    const char *s = doc->src->data;
    replaced->start = ts_node_end_byte(m->stmts[split - 1].node);
    replaced->end = in->line.end;
    size_t rest = ts_node_start_byte(m->stmts[split].node);
    lf_buf_printf(out, "%s%s%s", nl, copy_line, nl);
    lf_buf_add(out, s + in->span.start, in->args.start - in->span.start);
    for (size_t k = 0; k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (!c->inner && c->stmt >= 0 && c->stmt < split && c->n &&
            lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD) {
            lf_buf_add(out, s + c->span.start, c->span.end - c->span.start);
            lf_buf_adds(out, " && ");
        }
    }
    lf_buf_add(out, s + rest, replaced->end - rest);
}
