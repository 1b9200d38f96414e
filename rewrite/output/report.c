/* The report of a run (see report.h). */
#include "report.h"

#include "vec.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

static char *lf_report__dup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (len)
        memcpy(d, s, len);
    d[len] = 0;
    return d;
}

static size_t lf_report__line_of(const char *s, size_t len, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += s[i] == '\n';
    return line;
}

static lf_report_file *lf_report__new(lf_report *r, lf_report_kind kind, const char *shown,
                                      const char *fs_path)
{
    lf_report_file *f = LF_VEC_PUSH(r->files, r->n, r->cap);
    f->kind = kind;
    f->path = strdup(shown);
    f->fs_path = strdup(fs_path);
    return f;
}

static void lf_report__note(lf_report_file *f, const char *path, size_t line, const char *pass,
                            const char *msg, bool warning)
{
    lf_report_note *n = LF_VEC_PUSH(f->notes, f->nnotes, f->notes_cap);
    n->path = strdup(path);
    n->line = line;
    n->pass = pass;
    n->msg = strdup(msg);
    n->warning = warning;
}

/* Reads `FILE[:LINE[:COL]]: KIND: MSG` lines (as the reader and the model
 * print them) into errors, and warnings and notes into notes. */
static void lf_report__diags(lf_report_file *f, const char *text)
{
    static const char *const kinds[] = {": error: ", ": warning: ", ": note: "};
    while (text && *text) {
        size_t len = strcspn(text, "\n");
        char *line = lf_report__dup(text, len);
        text += len + (text[len] == '\n');
        const char *hit = NULL;
        int kind = 0;
        for (int k = 0; k < 3; k++) {
            const char *p = strstr(line, kinds[k]);
            if (p && (!hit || p < hit)) {
                hit = p;
                kind = k;
            }
        }
        if (!hit) {
            if (*line) {
                lf_report_error *e = LF_VEC_PUSH(f->errors, f->nerrors, f->errors_cap);
                e->msg = strdup(line);
            }
            free(line);
            continue;
        }
        /* the position: up to two ":<digits>" right before the kind */
        size_t nums[2] = {0, 0}, nnums = 0;
        const char *end = hit;
        while (nnums < 2) {
            const char *p = end;
            while (p > line && p[-1] >= '0' && p[-1] <= '9')
                p--;
            if (p == end || p == line || p[-1] != ':')
                break;
            nums[nnums++] = strtoul(p, NULL, 10);
            end = p - 1;
        }
        size_t ln = nnums == 2 ? nums[1] : nnums == 1 ? nums[0] : 0;
        size_t col = nnums == 2 ? nums[0] : 0;
        const char *msg = hit + strlen(kinds[kind]);
        if (kind == 0) {
            lf_report_error *e = LF_VEC_PUSH(f->errors, f->nerrors, f->errors_cap);
            e->line = ln;
            e->col = col;
            e->msg = strdup(msg);
        } else {
            lf_report__note(f, f->path, ln, "layerfix", msg, kind == 1);
        }
        free(line);
    }
}

/* The original line range an edit of pass run k covers (see report.h). */
static void lf_report__lines(const lf_result *res, size_t k, const lf_edit *ed, size_t *line,
                             size_t *end_line)
{
    size_t start = lf_result_map_back(res, k, ed->start);
    *line = lf_report__line_of(res->input, res->input_len, start);
    if (ed->end > ed->start) {
        size_t last = lf_result_map_back(res, k, ed->end - 1);
        *end_line = lf_report__line_of(res->input, res->input_len, last);
        if (*end_line < *line)
            *end_line = *line;
    } else if (start == 0 || res->input[start - 1] == '\n') {
        *end_line = *line - 1; /* between two lines */
    } else {
        *end_line = *line; /* inside a line */
    }
}

static lf_report_kind lf_report__kind(lf_doc_kind k)
{
    switch (k) {
    case LF_DOC_IGNORE:
        return LF_REPORT_IGNORE;
    case LF_DOC_WORKFLOW:
        return LF_REPORT_WORKFLOW;
    case LF_DOC_CI_FILE:
        return LF_REPORT_CI_FILE;
    case LF_DOC_DOCKERFILE:
    case LF_DOC_OTHER:
        break;
    }
    return LF_REPORT_DOCKERFILE;
}

lf_report_file *lf_report_add_result(lf_report *r, const lf_result *res, const char *shown,
                                     const char *fs_path)
{
    lf_report_file *f = lf_report__new(r, lf_report__kind(res->kind), shown, fs_path);
    f->old_text = res->is_new ? NULL : lf_report__dup(res->input, res->input_len);
    f->old_len = res->is_new ? 0 : res->input_len;
    if (res->has_sizes) {
        f->before = res->before;
        f->after = res->after;
    }
    for (size_t i = 0; i < res->quiet.n; i++)
        lf_strv_push(&f->quiet, res->quiet.items[i].s, res->quiet.items[i].len);
    if (res->context_dir)
        f->context_dir = strdup(res->context_dir);
    f->new_text = lf_report__dup(res->output, res->output_len);
    f->new_len = res->output_len;
    if (lf_result_failed(res)) {
        lf_report__diags(f, lf_buf_cstr(&res->errors));
        return f;
    }
    f->changed = lf_result_changed(res);
    for (size_t k = 0; k < res->nruns; k++) {
        const lf_pass_run *run = &res->runs[k];
        const char *id = run->pass ? run->pass->id : "layerfix";
        if (run->dropped) {
            lf_buf msg = LF_BUF_INIT;
            lf_buf_printf(&msg, "edits dropped: %s", run->dropped);
            lf_report__note(f, shown, 0, id, lf_buf_cstr(&msg), true);
            lf_buf_free(&msg);
            continue;
        }
        const char *after = res->output;
        size_t after_len = res->output_len;
        for (size_t j = k + 1; j < res->nruns; j++)
            if (!res->runs[j].dropped) {
                after = res->runs[j].input;
                after_len = res->runs[j].input_len;
                break;
            }
        size_t step = f->nsteps;
        lf_report_step *st = LF_VEC_PUSH(f->steps, f->nsteps, f->steps_cap);
        st->pass = id;
        st->before = lf_report__dup(run->input, run->input_len);
        st->before_len = run->input_len;
        st->after = lf_report__dup(after, after_len);
        st->after_len = after_len;
        for (size_t e = 0; e < run->edits.n; e++) {
            const lf_edit *ed = &run->edits.items[e];
            lf_report_change *c = LF_VEC_PUSH(f->changes, f->nchanges, f->changes_cap);
            c->pass = id;
            c->why = strdup(ed->why ? ed->why : run->pass ? run->pass->summary : "");
            c->step = step;
            lf_report__lines(res, k, ed, &c->line, &c->end_line);
        }
    }
    for (size_t n = 0; n < res->nnotes; n++)
        lf_report__note(f, res->notes[n].path ? res->notes[n].path : shown, res->notes[n].line,
                        res->notes[n].pass, res->notes[n].msg, false);
    return f;
}

lf_report_file *lf_report_add_failure(lf_report *r, const char *shown, const char *fs_path,
                                      const char *errors)
{
    lf_report_file *f = lf_report__new(r, LF_REPORT_DOCKERFILE, shown, fs_path);
    lf_report__diags(f, errors);
    if (f->nerrors == 0) {
        lf_report_error *e = LF_VEC_PUSH(f->errors, f->nerrors, f->errors_cap);
        e->msg = strdup("cannot be processed");
    }
    return f;
}

void lf_report_add_context(lf_report_file *f, const char *dir, const char *evidence,
                           const char *origin, const char *detail)
{
    lf_report_context *c = LF_VEC_PUSH(f->contexts, f->ncontexts, f->contexts_cap);
    c->dir = dir ? strdup(dir) : NULL;
    c->evidence = strdup(evidence);
    c->origin = origin ? strdup(origin) : NULL;
    c->detail = detail ? strdup(detail) : NULL;
    f->has_contexts = true;
}

static void lf_report__file_free(lf_report_file *f)
{
    for (size_t i = 0; i < f->ncontexts; i++) {
        free(f->contexts[i].dir);
        free(f->contexts[i].evidence);
        free(f->contexts[i].origin);
        free(f->contexts[i].detail);
    }
    free(f->contexts);
    free(f->path);
    free(f->fs_path);
    free(f->old_text);
    free(f->new_text);
    free(f->context_dir);
    lf_strv_free(&f->quiet);
    for (size_t i = 0; i < f->nchanges; i++)
        free(f->changes[i].why);
    free(f->changes);
    for (size_t i = 0; i < f->nsteps; i++) {
        free(f->steps[i].before);
        free(f->steps[i].after);
    }
    free(f->steps);
    for (size_t i = 0; i < f->nnotes; i++) {
        free(f->notes[i].path);
        free(f->notes[i].msg);
    }
    free(f->notes);
    for (size_t i = 0; i < f->nerrors; i++)
        free(f->errors[i].msg);
    free(f->errors);
    lf_impact_free(f->impact);
    free(f->impact);
    lf_report_verify_free(f->verify);
    free(f->verify);
}

const char *lf_report_verify_id(lf_report_verify_status status)
{
    switch (status) {
    case LF_REPORT_VERIFY_SAME:
        return "same";
    case LF_REPORT_VERIFY_DIFFERENT:
        return "different";
    case LF_REPORT_VERIFY_FAILED:
        return "failed";
    case LF_REPORT_VERIFY_NOT_RUN:
        return "not-run";
    }
    return "unknown";
}

void lf_report_verify_free(lf_report_verify *v)
{
    if (!v)
        return;
    free(v->builder);
    free(v->message);
    lf_strv_free(&v->details);
    free(v->rebuild);
    memset(v, 0, sizeof *v);
}

void lf_report_free(lf_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        lf_report__file_free(&r->files[i]);
    free(r->files);
    const lf_pass_table *t = r->passes;
    memset(r, 0, sizeof *r);
    r->passes = t; /* the report stays usable */
}

size_t lf_report_nchanged(const lf_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->files[i].changed;
    return n;
}

size_t lf_report_nfailed(const lf_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->files[i].nerrors > 0;
    return n;
}

void lf_report_file_passes(const lf_report_file *f, lf_buf *out)
{
    size_t before = out->len;
    for (size_t i = 0; i < f->nsteps; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen = seen || strcmp(f->steps[j].pass, f->steps[i].pass) == 0;
        if (!seen)
            lf_buf_printf(out, "%s%s", out->len > before ? ", " : "", f->steps[i].pass);
    }
    if (out->len == before)
        lf_buf_adds(out, ""); /* keep out NUL-terminated */
}

void lf_report_file_linestat(const lf_report_file *f, size_t *added, size_t *removed)
{
    *added = *removed = 0;
    if (!f->changed)
        return;
    git_libgit2_init();
    git_patch *patch = NULL;
    if (git_patch_from_buffers(&patch, f->old_text, f->old_len, "a", f->new_text, f->new_len, "b",
                               NULL) == 0) {
        size_t ctx = 0;
        git_patch_line_stats(&ctx, added, removed, patch);
    }
    git_patch_free(patch);
    git_libgit2_shutdown();
}

const lf_pass *lf_report_pass(const lf_report *r, const char *id)
{
    return r->passes ? lf_pass_table_find(r->passes, id) : NULL;
}

lf_report_file *lf_report_add_skipped(lf_report *r, const char *shown, const char *fs_path,
                                      const char *why)
{
    lf_report_file *f = lf_report__new(r, LF_REPORT_DOCKERFILE, shown, fs_path);
    f->skipped = true;
    lf_report__note(f, shown, 0, "layerfix", why, false);
    return f;
}
