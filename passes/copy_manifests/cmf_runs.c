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

/* Why an install cannot go before the COPY, from where it runs and what
 * the rules say of it (txt: the install as written), or nothing. */
static void install_problem(const lf_cmd *c, const char *dir, const lf_install_info *info,
                            const copy_info *ci, const char *txt, lf_buf *why)
{
    bool top = c->top_level && !c->after_or;
    if (!c->cwd_sym)
        lf_buf_printf(why, "`%s` runs in a directory known only at build time", txt);
    else if (!dir && c->cwd_sym[0] == '@' && ci->dest_abs.data[0] != '@')
        lf_buf_printf(why,
                      "`%s` runs relative to the base image's WORKDIR, which the Dockerfile "
                      "does not set, so it may not be the COPY's destination `%s`",
                      txt, ci->dest.data);
    else if (!dir)
        lf_buf_printf(why, "`%s` does not run in the COPY's destination `%s`", txt, ci->dest.data);
    else if (info->kind == LF_CMD_SKIP)
        lf_buf_printf(why, "`%s` needs more than manifests: %s", txt, lf_buf_cstr(&info->why));
    else if (!top)
        lf_buf_printf(why, "`%s` runs inside a condition, pipeline or `||` branch", txt);
}

/* A command the rules know nothing of, which the analysis proves reads and
 * writes nothing the COPY brings (`useradd app`, `mkdir -p /var/log/app`),
 * may share the install's RUN like one that reads nothing of the project. */
static bool independent(const lf_analysis *an, int instr, size_t k, const copy_info *ci)
{
    const lf_run_effects *fx = lf_analysis_effects(an, instr);
    return fx && ci->abs_dest && k < fx->ncmds &&
           !lf_effect_touches(&fx->cmds[k], ci->abs_dest, NULL);
}

/* What the commands of RUN instr do, for the whole-context COPY ci. */
void cmf_classify_run(const lf_doc *doc, const lf_analysis *an, int instr,
                      const lf_manifest_env *env, const copy_info *ci, run_info *r)
{
    memset(r, 0, sizeof *r);
    const lf_run_model *m = lf_analysis_run(an, instr);
    lf_buf txt = LF_BUF_INIT, other = LF_BUF_INIT, ctxdir = LF_BUF_INIT;
    bool any_install = false;
    int *kinds = calloc(m && m->ncmds ? m->ncmds : 1, sizeof *kinds);
    for (size_t k = 0; m && k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        kinds[k] = LF_CMD_HELPER;
        /* a `sh -c` string: the shell is the command here; `cd` moves the
         * commands after it (the model follows it) */
        if (c->inner || c->n == 0 || lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD)
            continue;
        const char *dir = c->cwd_sym ? lf_wd_relative(c->cwd_sym, ci->dest_abs.data) : NULL;
        lf_install_info info = {0};
        cmf_context_dir(ci, dir ? dir : "", &ctxdir);
        lf_install_classify(env, ctxdir.data, c, &info);
        if (info.kind == LF_CMD_OTHER && independent(an, instr, k, ci))
            info.kind = LF_CMD_HELPER;
        kinds[k] = (int)info.kind;
        bool install = info.kind == LF_CMD_INSTALL || info.kind == LF_CMD_SKIP;
        if (install && !dir && c->cwd_sym && (ci->src.len || ci->glob)) {
            info.kind = LF_CMD_OTHER; /* another directory's install: not this COPY's */
            kinds[k] = (int)info.kind;
            install = false;
        }
        if (install) {
            if (!any_install)
                r->install = c->span;
            any_install = true;
            lf_doc_brief(doc, c->span, &txt);
            if (r->why.len == 0)
                install_problem(c, dir, &info, ci, txt.data, &r->why);
        }
        if (info.kind == LF_CMD_INSTALL)
            cmf_add_files(&r->files, &info.files);
        if (info.kind == LF_CMD_OTHER && other.len == 0)
            lf_doc_brief(doc, c->span, &other);
        lf_install_info_free(&info);
    }
    if (!any_install) {
        r->kind = RUN_OTHER;
    } else if (r->why.len) {
        r->kind = RUN_BLOCKED;
    } else if (other.len) {
        lf_buf split = LF_BUF_INIT;
        r->split = cmf_split_point(doc, &doc->instrs[instr], m, kinds, &split);
        r->kind = r->split > 0 ? RUN_SPLIT : RUN_BLOCKED;
        lf_doc_brief(doc, r->install, &txt);
        if (r->split <= 0)
            lf_buf_printf(&r->why,
                          "`%s` shares its RUN with `%s`, which may need the sources, and the "
                          "RUN cannot be split between them: %s",
                          txt.data, other.data, lf_buf_cstr(&split));
        lf_buf_free(&split);
    } else {
        r->kind = RUN_INSTALL;
    }
    free(kinds);
    lf_buf_free(&txt);
    lf_buf_free(&other);
    lf_buf_free(&ctxdir);
}
