/* --verify's verdicts, kept from the verification of a build until its
 * Dockerfile goes into the report (see fix.h). */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

/* The builder's last lines of a failure, without their indentation. */
static void output_lines(const char *text, lf_strv *out)
{
    for (const char *p = text; p && *p;) {
        size_t n = strcspn(p, "\n");
        const char *s = p;
        while (s < p + n && *s == ' ')
            s++;
        lf_strv_push(out, s, (size_t)(p + n - s));
        p += n + (p[n] == '\n');
    }
}

static void rebuild_runs(lf_buf *out, const lf_verify_rebuild *rb, int i)
{
    size_t n = rb->runs[i].n;
    lf_buf_printf(out, "%zu RUN step%s", n, n == 1 ? "" : "s");
    for (size_t k = 0; k < n; k++)
        lf_buf_printf(out, "%s%s", k ? ", " : " (", rb->runs[i].items[k].s);
    lf_buf_printf(out, "%s in %.1f s", n ? ")" : "", rb->seconds[i]);
}

static lf_report_verify *verdict_of(const lf_verify_result *vr, const lf_build_tool *b)
{
    lf_report_verify *v = calloc(1, sizeof *v);
    v->builder = strdup(lf_build_tool_name(b->kind));
    lf_buf m = LF_BUF_INIT;
    switch (vr->status) {
    case LF_VERIFY_SAME:
        v->status = LF_REPORT_VERIFY_SAME;
        lf_buf_adds(&m, "same image");
        break;
    case LF_VERIFY_DIFFERENT:
        v->status = LF_REPORT_VERIFY_DIFFERENT;
        lf_buf_printf(&m, "the images differ (%zu difference%s)", vr->differences.n,
                      vr->differences.n == 1 ? "" : "s");
        for (size_t k = 0; k < vr->differences.n; k++)
            lf_strv_push(&v->details, vr->differences.items[k].s, vr->differences.items[k].len);
        break;
    case LF_VERIFY_FAILED:
    case LF_VERIFY_NOT_RUN:
        v->status =
            vr->status == LF_VERIFY_FAILED ? LF_REPORT_VERIFY_FAILED : LF_REPORT_VERIFY_NOT_RUN;
        lf_buf_adds(&m, vr->message ? vr->message : "failed");
        output_lines(vr->output, &v->details);
        break;
    }
    v->message = lf_buf_detach(&m, NULL);
    const lf_verify_rebuild *rb = &vr->rebuild;
    if (rb->done) {
        lf_buf r = LF_BUF_INIT;
        lf_buf_printf(&r, "rebuild after editing %s: original re-ran ", rb->edited);
        rebuild_runs(&r, rb, 0);
        lf_buf_adds(&r, "; rewritten re-ran ");
        rebuild_runs(&r, rb, 1);
        v->rebuild = lf_buf_detach(&r, NULL);
    }
    return v;
}

void lf_fix_keep_verdict(lf_run *run, const char *path, const lf_verify_result *vr)
{
    lf_fix_verdict *k = LF_VEC_PUSH(run->verdicts, run->nverdicts, run->verdicts_cap);
    k->path = strdup(path);
    k->v = verdict_of(vr, &run->o->builder);
}

lf_report_verify *lf_fix_take_verdict(lf_run *run, const char *path)
{
    for (size_t i = 0; i < run->nverdicts; i++)
        if (run->verdicts[i].v && strcmp(run->verdicts[i].path, path) == 0) {
            lf_report_verify *v = run->verdicts[i].v;
            run->verdicts[i].v = NULL;
            return v;
        }
    return NULL;
}

bool lf_fix_is_held(const lf_run *run, const char *path)
{
    for (size_t k = 0; k < run->held.n; k++)
        if (strcmp(run->held.items[k].s, path) == 0)
            return true;
    return false;
}

void lf_fix_verdicts_free(lf_run *run)
{
    for (size_t i = 0; i < run->nverdicts; i++) {
        free(run->verdicts[i].path);
        lf_report_verify_free(run->verdicts[i].v);
        free(run->verdicts[i].v);
    }
    free(run->verdicts);
    run->verdicts = NULL;
    run->nverdicts = run->verdicts_cap = 0;
}
