/* Build units (see unit.h). */
#include "unit.h"

#include "inline_control.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROUNDS 3

void lf_unit_init(lf_unit *u, lf_context *context)
{
    memset(u, 0, sizeof *u);
    u->context = context;
}

void lf_unit_add_file(lf_unit *u, const char *path)
{
    lf_unit_item *it = LF_VEC_PUSH(u->items, u->nitems, u->capi);
    memset(it, 0, sizeof *it);
    it->path = path;
    if (lf_source_read_file(&it->src, path, &it->err) != 0)
        it->src = NULL;
}

void lf_unit_add_text(lf_unit *u, const char *path, const char *text, size_t len)
{
    lf_unit_item *it = LF_VEC_PUSH(u->items, u->nitems, u->capi);
    memset(it, 0, sizeof *it);
    it->path = path;
    if (lf_source_from_bytes(&it->src, path, text, len) != 0)
        it->src = NULL;
}

void lf_unit_add_other(lf_unit *u, lf_doc_kind kind, const char *path)
{
    lf_unit_other *o = LF_VEC_PUSH(u->others, u->nothers, u->capo);
    o->kind = kind;
    o->path = strdup(path);
}

static bool has_unit_pass(const lf_pass *passes, size_t npasses, const bool *enabled)
{
    for (size_t i = 0; i < npasses; i++)
        if (enabled[i] && passes[i].run_unit)
            return true;
    return false;
}

/* The per-file passes over one Dockerfile (again, when it ran before). */
static void run_item(lf_unit *u, lf_unit_item *it, lf_parser *p, const lf_options *opts,
                     const lf_pass *passes, size_t npasses, const bool *enabled)
{
    if (it->ran) {
        lf_result_free(&it->res);
        it->ran = false;
    }
    if (!it->src)
        return;
    lf_source *src;
    lf_source_from_bytes(&src, it->src->path, it->src->data, it->src->len);
    bool keep = has_unit_pass(passes, npasses, enabled);
    if (lf_pipeline_run_kept(&it->res, p, src, u->context, opts, passes, npasses, enabled, keep) !=
        0) {
        it->internal_error = true;
        lf_result_free(&it->res);
        return;
    }
    it->ran = true;
}

/* The unit passes over the Dockerfiles as they are now. */
static int run_unit_passes(lf_unit *u, lf_parser *p, const lf_options *opts, const lf_pass *passes,
                           size_t npasses, const bool *enabled, lf_doc_edits *out)
{
    lf_unit_file *files = calloc(u->nitems ? u->nitems : 1, sizeof *files);
    lf_doc **docs = calloc(u->nitems ? u->nitems : 1, sizeof *docs);
    lf_analysis **ans = calloc(u->nitems ? u->nitems : 1, sizeof *ans);
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < u->nitems && rc == 0; i++) {
        lf_unit_item *it = &u->items[i];
        if (!it->ran || lf_result_failed(&it->res))
            continue;
        if (it->res.doc) {
            /* the pipeline's last parse is the output's */
            docs[n] = it->res.doc;
            ans[n] = it->res.an;
            it->res.doc = NULL;
            it->res.an = NULL;
        } else {
            lf_source *src;
            lf_source_from_bytes(&src, it->path, it->res.output, it->res.output_len);
            if (lf_doc_parse(&docs[n], p, src) != 0) {
                rc = -1;
                break;
            }
            ans[n] = lf_analyze(docs[n]);
        }
        files[n] = (lf_unit_file){it->path, docs[n], ans[n]};
        n++;
    }
    if (rc == 0 && (n > 0 || u->nothers > 0)) {
        lf_unit_view view = {files, n, u->others, u->nothers};
        for (size_t k = 0; k < npasses; k++) {
            if (!enabled[k] || !passes[k].run_unit)
                continue;
            lf_ctx ctx = {.context = u->context, .opts = opts, .pass = passes[k].id};
            if (passes[k].run_unit(&view, &ctx, out) != 0)
                rc = -1;
            /* a unit pass reports through its documents (lf_doc_edit_note) */
            lf_ctx_free(&ctx);
        }
    }
    for (size_t i = 0; i < n; i++) {
        lf_analysis_free(ans[i]);
        lf_doc_free(docs[i]);
    }
    free(ans);
    free(docs);
    free(files);
    return rc;
}

/* The text on disk of a document (empty, and *exists false, when there is none). */
static void disk_text(const lf_unit *u, const char *path, lf_buf *out, bool *exists)
{
    lf_buf_clear(out);
    *exists = u->context && lf_context_read_path(u->context, path, out) == 0;
    if (!*exists)
        lf_buf_clear(out);
    lf_buf_adds(out, "");
}

/* The proposed text of document edit e; false when its edits do not apply. */
static bool proposed_text(const lf_unit *u, const lf_doc_edit *e, lf_buf *out, lf_buf *err)
{
    lf_buf old = LF_BUF_INIT;
    bool exists;
    disk_text(u, e->path, &old, &exists);
    lf_buf_clear(out);
    bool ok = lf_edits_apply(&e->edits, old.data, old.len, out, err) == 0;
    lf_buf_adds(out, "");
    lf_buf_free(&old);
    return ok;
}

static bool read_by(const lf_unit_item *it, const char *path)
{
    for (size_t r = 0; it->ran && r < it->res.nreads; r++)
        if (strcmp(it->res.reads[r], path) == 0)
            return true;
    return false;
}

/* Puts the proposals in place of their files; marks (in rerun) the items
 * that read one whose text changed since they ran. Returns how many. */
static size_t place_proposals(lf_unit *u, const lf_doc_edits *props, bool *rerun)
{
    size_t n = 0;
    lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT, old = LF_BUF_INIT;
    for (size_t d = 0; d < props->n; d++) {
        const lf_doc_edit *e = &props->items[d];
        if (!proposed_text(u, e, &text, &err))
            continue;
        const lf_overlay *o = lf_context_overlay_of(u->context, e->path);
        bool exists;
        if (o) {
            lf_buf_clear(&old);
            lf_buf_add(&old, o->text, o->len);
            lf_buf_adds(&old, "");
        } else {
            disk_text(u, e->path, &old, &exists);
        }
        if (old.len == text.len && memcmp(old.data, text.data, text.len) == 0)
            continue;
        lf_context_overlay(u->context, e->path, text.data, text.len);
        for (size_t i = 0; i < u->nitems; i++)
            if (!rerun[i] && read_by(&u->items[i], e->path)) {
                rerun[i] = true;
                n++;
            }
    }
    lf_buf_free(&text);
    lf_buf_free(&err);
    lf_buf_free(&old);
    return n;
}

/* --- inline control in the documents CI runs (see unit.h) ------------------------ */

static size_t line_at(const char *t, size_t len, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        line += t[i] == '\n';
    return line;
}

/* Drops e's notes (about its own document) on the lines of span s. */
static void drop_notes_in(lf_doc_edit *e, const lf_buf *text, lf_span s)
{
    size_t first = line_at(text->data, text->len, s.start);
    size_t last = line_at(text->data, text->len, s.end > s.start ? s.end - 1 : s.start);
    size_t w = 0;
    for (size_t k = 0; k < e->nnotes; k++) {
        lf_note *n = &e->notes[k];
        if (!n->path && n->line >= first && n->line <= last) {
            free(n->msg);
            continue;
        }
        e->notes[w++] = *n;
    }
    e->nnotes = w;
}

/* Applies the `ignore` comments of text for pass to e (see unit.h). */
static void apply_ignores(lf_doc_edit *e, const lf_buf *text, const char *pass)
{
    size_t nign;
    lf_span *ign = lf_inline_text_ignored(text->data, text->len, pass, &nign);
    for (size_t j = 0; j < nign; j++)
        drop_notes_in(e, text, ign[j]);
    for (size_t j = 0; j < nign; j++)
        for (size_t k = 0; k < e->edits.n; k++)
            if (lf_inline_text_touches(text->data, text->len, ign[j], &e->edits.items[k])) {
                lf_edits_free(&e->edits);
                lf_doc_edit_note(e, pass, NULL, line_at(text->data, text->len, ign[j].start),
                                 "no changes made to this file: one would touch these lines, "
                                 "which a `# layerfix: ignore` comment protects");
                free(ign);
                return;
            }
    free(ign);
}

/* Inline control over the proposals for workflows and CI files: a document
 * whose pass is disabled there, or left with nothing to say, leaves the
 * proposals. */
static void apply_inline(const lf_unit *u, lf_doc_edits *props, const lf_pass *passes,
                         size_t npasses)
{
    lf_buf text = LF_BUF_INIT;
    size_t w = 0;
    for (size_t d = 0; d < props->n; d++) {
        lf_doc_edit *e = &props->items[d];
        const char *pass = e->edits.n  ? e->edits.items[0].pass
                           : e->nnotes ? e->notes[0].pass
                                       : NULL;
        bool exists;
        if ((e->kind == LF_DOC_WORKFLOW || e->kind == LF_DOC_CI_FILE) && pass) {
            disk_text(u, e->path, &text, &exists);
            if (lf_inline_text_disabled(text.data, text.len, pass)) {
                lf_doc_edit_free(e);
                continue;
            }
            apply_ignores(e, &text, pass);
            lf_ctx ctx = {.pass = "layerfix"};
            lf_inline_text_check(text.data, text.len, passes, npasses, &ctx);
            for (size_t k = 0; k < ctx.nnotes; k++)
                lf_doc_edit_note(e, "layerfix", NULL,
                                 line_at(text.data, text.len, ctx.notes[k].offset),
                                 ctx.notes[k].msg);
            lf_ctx_free(&ctx);
            if (e->edits.n == 0 && e->nnotes == 0) {
                lf_doc_edit_free(e);
                continue;
            }
        }
        props->items[w++] = *e;
    }
    props->n = w;
    lf_buf_free(&text);
}

/* The results of the documents the unit passes edited or noted. */
static void doc_results(lf_unit *u, lf_doc_edits *props, const lf_pass *passes, size_t npasses)
{
    lf_buf old = LF_BUF_INIT, text = LF_BUF_INIT, err = LF_BUF_INIT;
    for (size_t d = 0; d < props->n; d++) {
        lf_doc_edit *e = &props->items[d];
        lf_result *r = LF_VEC_PUSH(u->docs, u->ndocs, u->capd);
        memset(r, 0, sizeof *r);
        r->kind = e->kind;
        r->path = strdup(e->path);
        bool exists;
        disk_text(u, e->path, &old, &exists);
        r->is_new = !exists;
        r->input = strdup(old.data);
        r->input_len = old.len;
        r->has_sizes = e->has_sizes;
        r->before = e->before;
        r->after = e->after;
        r->quiet = e->quiet;
        memset(&e->quiet, 0, sizeof e->quiet);
        if (u->context)
            r->context_dir = strdup(lf_context_display(u->context));
        r->notes = e->notes;
        r->nnotes = e->nnotes;
        e->notes = NULL;
        e->nnotes = e->capn = 0;
        const lf_pass *pass = NULL;
        for (size_t k = 0; k < r->nnotes && !pass; k++)
            for (size_t q = 0; q < npasses && !pass; q++)
                if (strcmp(passes[q].id, r->notes[k].pass) == 0)
                    pass = &passes[q];
        lf_buf_clear(&err);
        lf_buf_clear(&text);
        bool ok = e->edits.n > 0 && lf_edits_apply(&e->edits, old.data, old.len, &text, &err) == 0;
        if (e->edits.n > 0) {
            for (size_t q = 0; q < npasses && !pass; q++)
                if (strcmp(passes[q].id, e->edits.items[0].pass) == 0)
                    pass = &passes[q];
            size_t cap = 0;
            lf_pass_run *run = LF_VEC_PUSH(r->runs, r->nruns, cap);
            memset(run, 0, sizeof *run);
            run->pass = pass;
            run->edits = e->edits;
            memset(&e->edits, 0, sizeof e->edits);
            run->input = strdup(old.data);
            run->input_len = old.len;
            if (!ok)
                run->dropped = strdup(err.len ? err.data : "its edits do not apply");
        }
        if (ok) {
            r->output = malloc(text.len + 1);
            memcpy(r->output, text.data ? text.data : "", text.len);
            r->output[text.len] = 0;
            r->output_len = text.len;
        } else {
            r->output = strdup(old.data);
            r->output_len = old.len;
        }
    }
    lf_buf_free(&old);
    lf_buf_free(&text);
    lf_buf_free(&err);
}

int lf_unit_run(lf_unit *u, lf_parser *p, const lf_options *opts, const lf_pass *passes,
                size_t npasses, const bool *enabled)
{
    for (size_t i = 0; i < u->nitems; i++)
        run_item(u, &u->items[i], p, opts, passes, npasses, enabled);
    if (!u->context || !has_unit_pass(passes, npasses, enabled))
        return 0;
    lf_doc_edits props = {0};
    bool *rerun = calloc(u->nitems ? u->nitems : 1, sizeof *rerun);
    int rc = 0;
    for (int round = 0;; round++) {
        lf_doc_edits_free(&props);
        if (run_unit_passes(u, p, opts, passes, npasses, enabled, &props) != 0) {
            rc = -1;
            break;
        }
        if (round == MAX_ROUNDS)
            break;
        memset(rerun, 0, u->nitems * sizeof *rerun);
        if (place_proposals(u, &props, rerun) == 0)
            break;
        for (size_t i = 0; i < u->nitems; i++)
            if (rerun[i])
                run_item(u, &u->items[i], p, opts, passes, npasses, enabled);
    }
    while (u->context->noverlays > 0)
        lf_context_overlay(u->context, u->context->overlays[0].path, NULL, 0);
    apply_inline(u, &props, passes, npasses);
    doc_results(u, &props, passes, npasses);
    lf_doc_edits_free(&props);
    free(rerun);
    return rc;
}

void lf_unit_free(lf_unit *u)
{
    for (size_t i = 0; i < u->nitems; i++) {
        if (u->items[i].ran)
            lf_result_free(&u->items[i].res);
        if (u->items[i].src)
            lf_source_free(u->items[i].src);
        lf_buf_free(&u->items[i].err);
    }
    free(u->items);
    for (size_t d = 0; d < u->ndocs; d++)
        lf_result_free(&u->docs[d]);
    free(u->docs);
    for (size_t i = 0; i < u->nothers; i++)
        free(u->others[i].path);
    free(u->others);
    memset(u, 0, sizeof *u);
}
