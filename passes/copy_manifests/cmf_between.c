/* What stands between the COPY and the install (see cmf.h). */
#include "cmf.h"

#include "brief.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does RUN j read or write what the COPY brings to dest? A command the
 * analysis proves independent of dest, and one it cannot read that the
 * rules say reads nothing of the project (`npm install -g x`, `pip install
 * --upgrade pip`), are stepped over. */
static bool run_touches(const lf_analysis *an, const lf_manifest_env *env, int j, const char *dest,
                        lf_buf *why)
{
    const lf_run_effects *fx = lf_analysis_effects(an, j);
    const lf_run_model *m = lf_analysis_run(an, j);
    if (!fx || !m || lf_effect_touches(&fx->run, dest, why))
        return true;
    for (size_t k = 0; k < m->ncmds && k < fx->ncmds; k++) {
        lf_buf t = LF_BUF_INIT;
        bool touches = lf_effect_touches(&fx->cmds[k], dest, &t);
        /* what the analysis does not know, the rules may (named packages
         * installed globally, from the registry) */
        if (touches && !fx->cmds[k].known) {
            lf_install_info info = {0};
            lf_install_classify(env, "", &m->cmds[k], &info);
            touches = info.kind != LF_CMD_HELPER;
            lf_install_info_free(&info);
        }
        if (touches)
            lf_buf_adds(why, t.data);
        lf_buf_free(&t);
        if (touches)
            return true;
    }
    return false;
}

/* Does the RUN, COPY or ADD at j read or write what the whole COPY brings
 * to dest (absolute, NULL: not known)? Why into why. A RUN the analysis
 * proves independent of those files (`npm config set`, `apt-get install
 * libpq-dev`) and a COPY to another place are stepped over. */
static bool touches_copied(const lf_doc *doc, const lf_analysis *an, const lf_manifest_env *env,
                           int j, const char *dest, lf_buf *why)
{
    if (!dest) {
        lf_buf_adds(why, "where the COPY's files go is not known (a variable, or a WORKDIR of "
                         "the base image that the Dockerfile does not set)");
        return true;
    }
    if (doc->instrs[j].kw == LF_KW_RUN)
        return run_touches(an, env, j, dest, why);
    const lf_copy_fact *cf = cmf_copy_fact(an, doc, j);
    if (!cf || !cf->dest) {
        lf_buf_adds(why, "its destination is known only at build time");
        return true;
    }
    if (lf_path_overlap(cf->dest, dest)) {
        lf_buf_printf(why, "it writes `%s`, where the copied files go", cf->dest);
        return true;
    }
    return false;
}

const char *cmf_blocker(const lf_doc *doc, const lf_analysis *an, const lf_manifest_env *env, int j,
                        const copy_info *ci, const char *inst, char *buf, size_t cap)
{
    const lf_instr *in = &doc->instrs[j];
    const char *var;
    lf_buf b = LF_BUF_INIT, t = LF_BUF_INIT;
    const char *why = NULL;
    switch (in->kw) {
    case LF_KW_RUN:
    case LF_KW_COPY:
    case LF_KW_ADD:
        if (touches_copied(doc, an, env, j, ci->abs_dest, &t)) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap, "`%s` between it and `%s` may read or change the copied files: %s",
                     b.data, inst, t.data);
            why = buf;
        }
        break;
    case LF_KW_VOLUME:
        lf_doc_brief(doc, in->line, &b);
        snprintf(buf, cap, "`%s` between it and `%s` may hide the copied files", b.data, inst);
        why = buf;
        break;
    case LF_KW_WORKDIR:
        if (ci->dest_rel && !ci->rebasable) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap,
                     "`%s` between it and `%s` would change where its relative destination `%s` "
                     "points",
                     b.data, inst, ci->dest.data);
            why = buf;
        }
        break;
    case LF_KW_ENV:
    case LF_KW_ARG:
        if (cmf_redefines(doc, in, &ci->vars, &var)) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap, "`%s` between it and `%s` changes `$%s`, which it uses", b.data,
                     inst, var);
            why = buf;
        }
        break;
    default:
        break;
    }
    lf_buf_free(&b);
    lf_buf_free(&t);
    return why;
}
