/* What stands between the COPY and the install (see cmf.h). */
#include "cmf.h"

#include "brief.h"
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does the RUN, COPY or ADD at j read or write what the whole COPY brings
 * to dest (absolute, NULL: not known)? Why into why. A RUN the analysis
 * proves independent of those files (`npm config set`, `apt-get install
 * libpq-dev`) and a COPY to another place are stepped over. */
static bool touches_copied(const lf_doc *doc, const lf_analysis *an, int j, const char *dest,
                           lf_buf *why)
{
    if (!dest) {
        lf_buf_adds(why, "the COPY's destination is known only at build time");
        return true;
    }
    if (doc->instrs[j].kw == LF_KW_RUN) {
        const lf_run_effects *fx = lf_analysis_effects(an, j);
        return !fx || lf_effect_touches(&fx->all, dest, why);
    }
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

/* Is the instruction at j a reason not to move the COPY past it? Returns a
 * description naming the install (`inst`), or NULL when it can be stepped
 * over. */
const char *cmf_blocker(const lf_doc *doc, const lf_analysis *an, int j, const copy_info *ci,
                        const char *inst, char *buf, size_t cap)
{
    const lf_instr *in = &doc->instrs[j];
    const char *var;
    lf_buf b = LF_BUF_INIT, t = LF_BUF_INIT;
    const char *why = NULL;
    switch (in->kw) {
    case LF_KW_RUN:
    case LF_KW_COPY:
    case LF_KW_ADD:
        if (touches_copied(doc, an, j, ci->abs_dest, &t)) {
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
