/* Showing and writing results: the diff, --fix, notes (see fix.h). */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of a path ("." when there is none). */
char *lf_fix_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* A path as shown in diffs and messages: relative to the current directory
 * when it lies below it, without a leading "./". */
const char *lf_fix_display_path(const char *path)
{
    static char cwd[4096];
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            path += n + 1;
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

/* --verify: whether path belongs to a build whose verification failed or
 * differed; --fix and --commit leave such a file as it is (with a note). */
bool lf_fix_held_back(const lf_strv *held, const char *path, const char *shown, const char *what)
{
    for (size_t k = 0; k < held->n; k++)
        if (strcmp(held->items[k].s, path) == 0) {
            fprintf(stderr, "%s: note: not %s: its build did not verify as the same image\n", shown,
                    what);
            return true;
        }
    return false;
}

/* Text output: the diff on stdout, notes on stderr. Other formats print
 * the report at the end instead. */
bool lf_fix_text_out(const lf_fix_opts *o)
{
    return o->format == FORMAT_TEXT;
}

static void report_notes(const lf_result *res, const lf_fix_opts *o, const char *shown)
{
    for (size_t k = 0; k < res->nruns; k++)
        if (res->runs[k].dropped)
            fprintf(stderr, "%s: warning: [%s] edits dropped: %s\n", shown,
                    res->runs[k].pass ? res->runs[k].pass->id : "layerfix", res->runs[k].dropped);
    if (o->quiet || !lf_fix_text_out(o))
        return;
    for (size_t n = 0; n < res->nnotes; n++) {
        const lf_note *nt = &res->notes[n];
        const char *where = nt->path ? lf_fix_display_path(nt->path) : shown;
        if (nt->line)
            fprintf(stderr, "%s:%zu: note: [%s] %s\n", where, nt->line, nt->pass, nt->msg);
        else
            fprintf(stderr, "%s: note: [%s] %s\n", where, nt->pass, nt->msg);
    }
}

/* Counts a changed result's passes. */
static void count_passes(lf_fix_stats *st, const lf_result *res)
{
    st->changed++;
    for (size_t k = 0; k < res->nruns; k++)
        if (!res->runs[k].dropped && res->runs[k].pass)
            st->per_pass[res->runs[k].pass - lf_passes] += 1;
}

/* Prints (the diff) or writes (--fix) a changed result. */
static void show_or_write(lf_run *run, const lf_result *res, const char *fs_path, const char *shown,
                          lf_report_file *rf)
{
    const lf_fix_opts *o = run->o;
    lf_fix_stats *st = &run->st;
    lf_buf err = LF_BUF_INIT;
    if (o->mode == MODE_DIFF && lf_fix_text_out(o) && !o->commit) {
        lf_buf out = LF_BUF_INIT;
        if (lf_diff_result(&out, res, shown, o->color, o->explain, &err) != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            st->errors++;
        }
        fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
        lf_buf_free(&out);
    } else if (o->mode == MODE_FIX && lf_fix_held_back(&run->held, fs_path, shown, "written")) {
        st->changed--;
    } else if (o->mode == MODE_FIX) {
        int rc = res->is_new ? lf_write_new(fs_path, res->output, res->output_len, &err)
                             : lf_write_atomic(fs_path, res->output, res->output_len, &err);
        if (rc != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            st->errors++;
            st->changed--;
        } else {
            fprintf(stderr, "%s: %s\n", shown, res->is_new ? "created" : "fixed");
            if (rf)
                rf->written = true;
        }
    }
    fflush(stdout);
    lf_buf_free(&err);
}

/* --explain: the cache-impact estimate under the Dockerfile's diff. */
static void explain_impact(const lf_run *run, const lf_impact *impact)
{
    const lf_fix_opts *o = run->o;
    if (!impact || !o->explain || o->mode != MODE_DIFF || !lf_fix_text_out(o) || o->commit)
        return;
    lf_buf out = LF_BUF_INIT;
    lf_impact_text(&out, impact, o->color);
    fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
    fflush(stdout);
    lf_buf_free(&out);
}

/* Prints, writes and reports one Dockerfile's result. */
static void emit_dockerfile(lf_run *run, lf_unit_item *it, lf_report_file **rf)
{
    lf_fix_stats *st = &run->st;
    const char *shown = lf_fix_display_path(it->path);
    st->files++;
    if (!it->src) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&it->err));
        if (run->report)
            lf_report_add_failure(run->report, shown, it->path, lf_buf_cstr(&it->err));
        st->errors++;
        return;
    }
    if (it->internal_error || !it->ran) {
        fprintf(stderr, "%s: error: internal parser failure\n", shown);
        if (run->report)
            lf_report_add_failure(run->report, shown, it->path, "error: internal parser failure");
        st->errors++;
        return;
    }
    const lf_result *res = &it->res;
    if (lf_result_failed(res) && !lf_fix_explicit(run, it->path)) {
        /* found by a search (a template, an example): not a reason to fail */
        const char *e = lf_buf_cstr(&res->errors);
        const char *msg = strstr(e, ": error: ");
        size_t pos = msg ? (size_t)(msg - e) : 0;
        fprintf(stderr, "%.*s: warning: not a Dockerfile BuildKit can parse, skipped: %.*s\n",
                (int)pos, e, (int)strcspn(msg ? msg + 9 : e, "\n"), msg ? msg + 9 : e);
        if (run->report)
            lf_report_add_skipped(run->report, shown, it->path,
                                  "not a Dockerfile BuildKit can parse, skipped");
        st->files--;
        st->skipped++;
        return;
    }
    if (lf_result_failed(res)) {
        fputs(lf_buf_cstr(&res->errors), stderr);
        if (run->report)
            lf_report_add_result(run->report, res, shown, it->path);
        st->errors++;
        return;
    }
    lf_fix_explain_contexts(run, it->path);
    report_notes(res, run->o, shown);
    *rf = run->report ? lf_report_add_result(run->report, res, shown, it->path) : NULL;
    lf_fix_report_contexts(run, it->path, *rf);
    if (lf_result_changed(res)) {
        count_passes(st, res);
        show_or_write(run, res, it->path, shown, *rf);
    }
}

void lf_fix_emit_dockerfile(lf_run *run, lf_unit_item *it, lf_impact *impact)
{
    lf_report_file *rf = NULL;
    emit_dockerfile(run, it, &rf);
    lf_impact_sum(impact, &run->st.impact);
    explain_impact(run, impact);
    if (rf) {
        rf->impact = impact;
        rf->verify = lf_fix_take_verdict(run, it->path);
        rf->held = lf_fix_is_held(run, it->path);
    } else {
        lf_impact_free(impact);
        free(impact);
    }
}

/* Prints, writes and reports a document of the unit other than a Dockerfile
 * (an ignore file). */
void lf_fix_emit_doc(lf_run *run, lf_result *res)
{
    char *shown = strdup(lf_fix_display_path(res->path));
    for (size_t n = 0; n < res->nnotes; n++)
        if (res->notes[n].path) {
            char *p = strdup(lf_fix_display_path(res->notes[n].path));
            free(res->notes[n].path);
            res->notes[n].path = p;
        }
    if (res->context_dir) {
        char *d = strdup(lf_fix_display_path(res->context_dir));
        free(res->context_dir);
        res->context_dir = d;
    }
    report_notes(res, run->o, shown);
    lf_report_file *rf =
        run->report ? lf_report_add_result(run->report, res, shown, res->path) : NULL;
    if (rf)
        rf->held = lf_fix_is_held(run, res->path);
    if (lf_result_changed(res)) {
        count_passes(&run->st, res);
        show_or_write(run, res, res->path, shown, rf);
    }
    free(shown);
}

bool lf_fix_explicit(const lf_run *run, const char *path)
{
    for (size_t i = 0; i < run->explicit.n; i++)
        if (strcmp(run->explicit.items[i].s, path) == 0)
            return true;
    return false;
}
