/*
 * apt's docker-clean hook (see cache_mounts.c): the Debian and Ubuntu
 * images ship /etc/apt/apt.conf.d/docker-clean, which deletes the
 * downloaded .debs after every install, so an apt cache mount keeps
 * nothing unless the hook is off while apt runs. Each RUN that mounts
 * /var/cache/apt turns it off at its start and back on at its end (the
 * knowledge table's commands): the image's apt behaves as before for
 * whoever builds on it, and no RUN is added.
 */
#include "cm.h"

#include "shell.h"

#include <stdlib.h>
#include <string.h>

bool cm_hook_wrapped(const lf_instr *in)
{
    return in->joined && strstr(in->joined, lf_apt_hook_off_cmd) != NULL;
}

const char *cm_hook_blocks(const cm_state *ps, int i, const lf_run_user *ru)
{
    const lf_instr *in = &ps->doc->instrs[i];
    const lf_run_model *m = lf_analysis_run(ps->an, i);
    if (!ru->root)
        return "it runs as a non-root USER, which cannot move the hook";
    if (in->exec_form)
        return "it is in exec form";
    if (in->nheredocs > 0)
        return "its commands are a heredoc";
    if (!m || !m->readable || m->nstmts == 0)
        return "its shell text could not be read";
    return NULL;
}

/* Does the line of byte at hold only blanks before it? */
static bool starts_line(const lf_doc *doc, size_t at)
{
    const char *s = doc->src->data;
    while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t'))
        at--;
    return at == 0 || s[at - 1] == '\n';
}

/* The hook off and back on, each on a line of its own, chained the way the
 * author chains (`&&` at the end of a line or at the start of the next). */
static void wrap(cm_state *ps, const cm_plan *p, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    const lf_instr *in = &doc->instrs[p->instr];
    lf_shell_style st;
    lf_shell_style_of(doc, in, &st);
    lf_buf brk = LF_BUF_INIT, text = LF_BUF_INIT;
    lf_buf_printf(&brk, " %c%s%s", doc->escape, cm_newline_of(doc, in), st.indent);
    /* the new mounts end with a line break when they go right there */
    bool mounts_here = p->nm > 0 && in->nflags == 0 && p->wrap_start == in->args.start;
    if (!mounts_here && !starts_line(doc, p->wrap_start))
        lf_buf_adds(&text, brk.data + 1);
    if (st.and_at_line_start)
        lf_buf_printf(&text, "%s%s&& ", lf_apt_hook_off_cmd, brk.data);
    else
        lf_buf_printf(&text, "%s &&%s", lf_apt_hook_off_cmd, brk.data);
    lf_edits_add(out, p->wrap_start, p->wrap_start, text.data, text.len, PASS,
                 "turn off the image's docker-clean apt hook while this RUN runs: it deletes the "
                 "downloaded packages after every install, which leaves the apt cache mount "
                 "empty");
    lf_buf_clear(&text);
    if (st.and_at_line_start)
        lf_buf_printf(&text, "%s&& %s", brk.data, lf_apt_hook_on_cmd);
    else
        lf_buf_printf(&text, " &&%s%s", brk.data, lf_apt_hook_on_cmd);
    lf_edits_add(out, p->wrap_end, p->wrap_end, text.data, text.len, PASS,
                 "turn the docker-clean hook back on: the image's apt keeps behaving as before for "
                 "what is built on it");
    lf_buf_free(&brk);
    lf_buf_free(&text);
}

void cm_docker_clean(cm_state *ps, lf_edits *out)
{
    for (size_t i = 0; i < ps->nplans; i++)
        if (ps->plans[i].wrap)
            wrap(ps, &ps->plans[i], out);
}
