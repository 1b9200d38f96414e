/* What a RUN after the COPY does, for copy-manifests-first (see cmf.h). */
#include "cmf.h"

#include "brief.h"
#include "paths.h"
#include "tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- RUNs --------------------------------------------------------------------- */

void cmf_run_info_free(run_info *r)
{
    lf_strv_free(&r->files);
    lf_buf_free(&r->why);
}

void cmf_add_files(lf_strv *to, const lf_strv *from)
{
    for (size_t i = 0; i < from->n; i++) {
        bool dup = false;
        for (size_t j = 0; j < to->n && !dup; j++)
            dup = strcmp(to->items[j].s, from->items[i].s) == 0;
        if (!dup)
            lf_strv_push(to, from->items[i].s, from->items[i].len);
    }
}

/* What the commands of RUN instr do, for the whole-context COPY ci. */
void cmf_classify_run(const lf_doc *doc, const lf_analysis *an, int instr,
                      const lf_manifest_env *env, const copy_info *ci, run_info *r)
{
    memset(r, 0, sizeof *r);
    const lf_run_model *m = lf_analysis_run(an, instr);
    lf_buf txt = LF_BUF_INIT, other = LF_BUF_INIT;
    bool any_install = false;
    for (size_t k = 0; m && k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        /* a `sh -c` string: the shell is the command here; `cd` moves the
         * commands after it (the model follows it) */
        if (c->inner || c->n == 0 || lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD)
            continue;
        bool top = c->top_level && !c->after_or;
        const char *dir = c->cwd_sym ? lf_wd_relative(c->cwd_sym, ci->dest_abs.data) : NULL;
        lf_install_info info = {0};
        lf_install_classify(env, dir ? dir : "", c, &info);
        bool install = info.kind == LF_CMD_INSTALL || info.kind == LF_CMD_SKIP;
        if (install) {
            if (!any_install)
                r->install = c->span;
            any_install = true;
            lf_doc_brief(doc, c->span, &txt);
        }
        if (r->why.len == 0) {
            if (install && !c->cwd_sym)
                lf_buf_printf(&r->why, "`%s` runs in a directory known only at build time",
                              txt.data);
            else if (install && !dir && c->cwd_sym[0] == '@' && ci->dest_abs.data[0] != '@')
                lf_buf_printf(&r->why,
                              "`%s` runs relative to the base image's WORKDIR, which the "
                              "Dockerfile does not set, so it may not be the COPY's "
                              "destination `%s`",
                              txt.data, ci->dest.data);
            else if (install && !dir)
                lf_buf_printf(&r->why, "`%s` does not run in the COPY's destination `%s`", txt.data,
                              ci->dest.data);
            else if (info.kind == LF_CMD_SKIP)
                lf_buf_printf(&r->why, "`%s` needs more than manifests: %s", txt.data,
                              lf_buf_cstr(&info.why));
            else if (install && !top)
                lf_buf_printf(&r->why, "`%s` runs inside a condition, pipeline or `||` branch",
                              txt.data);
        }
        if (info.kind == LF_CMD_INSTALL)
            cmf_add_files(&r->files, &info.files);
        if (info.kind == LF_CMD_OTHER && other.len == 0)
            lf_doc_brief(doc, c->span, &other);
        lf_install_info_free(&info);
    }
    if (!any_install)
        r->kind = RUN_OTHER;
    else if (r->why.len)
        r->kind = RUN_BLOCKED;
    else if (other.len) {
        r->kind = RUN_BLOCKED;
        lf_doc_brief(doc, r->install, &txt);
        lf_buf_printf(&r->why, "`%s` shares its RUN with `%s`, which may need the sources",
                      txt.data, other.data);
    } else
        r->kind = RUN_INSTALL;
    lf_buf_free(&txt);
    lf_buf_free(&other);
}
