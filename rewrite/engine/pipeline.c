/* The pass pipeline (see pipeline.h). */
#include "pipeline.h"

#include "inline_control.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

static char *lf_pipeline__dup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

size_t lf_result_map_back(const lf_result *res, size_t k, size_t offset)
{
    /* each kept run's edits turned run i's input into run i+1's input */
    for (size_t i = k; i-- > 0;)
        if (!res->runs[i].dropped)
            offset = lf_edits_map_back(&res->runs[i].edits, offset);
    return offset;
}

static size_t lf_pipeline__line_of(const char *s, size_t len, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += s[i] == '\n';
    return line;
}

/* lf_ctx.map_line: offsets of the text pass run k reads, to lines of the
 * original input. */
typedef struct lf_pipeline__map {
    const lf_result *res;
    size_t k;
} lf_pipeline__map;

static size_t lf_pipeline__map_line(const void *arg, size_t offset)
{
    const lf_pipeline__map *m = arg;
    size_t off = lf_result_map_back(m->res, m->k, offset);
    return lf_pipeline__line_of(m->res->input, m->res->input_len, off);
}

/*
 * Keeps the pass that just ran away from the instructions marked
 * `# layerfix: ignore` for it: its notes about them go, and when one of its
 * edits touches one, all its edits for this file go, with a note.
 *
 * Why all, not just the touching edit or the edits sharing its reason: one
 * change of a pass is often several edits with different reasons. Moving a
 * COPY in copy-manifests-first replaces it ("copy only the manifests") and
 * inserts it after the install ("copy the rest ... after"); keeping only the
 * insertion would copy the sources twice. merge-apt removes the standalone
 * update only because it added an update to every install after it. The
 * pass does not say which edits belong together, so the only safe unit is
 * the whole pass. The other passes still run on the file.
 */
static void lf_pipeline__apply_ignores(const lf_doc *doc, lf_ctx *ctx, size_t first_note,
                                       lf_edits *edits)
{
    size_t nign;
    lf_span *ign = lf_inline_ignored(doc, ctx->pass, &nign);
    if (nign == 0) {
        free(ign);
        return;
    }
    size_t w = first_note;
    for (size_t n = first_note; n < ctx->nnotes; n++) {
        bool about_ignored = false;
        for (size_t j = 0; j < nign && !about_ignored && !ctx->notes[n].path; j++)
            about_ignored =
                ctx->notes[n].offset >= ign[j].start && ctx->notes[n].offset < ign[j].end;
        if (about_ignored) {
            free(ctx->notes[n].msg);
            free(ctx->notes[n].path);
        } else
            ctx->notes[w++] = ctx->notes[n];
    }
    ctx->nnotes = w;
    for (size_t j = 0; j < nign; j++)
        for (size_t e = 0; e < edits->n; e++)
            if (lf_inline_touches(ign[j], edits->items[e].start, edits->items[e].end)) {
                lf_edits_free(edits);
                lf_ctx_note(ctx, ign[j].start,
                            "no changes made to this file: one would touch this instruction, "
                            "which a `# layerfix: ignore` comment protects");
                free(ign);
                return;
            }
    free(ign);
}

int lf_pipeline_run_passes(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                           const lf_options *opts, const lf_pass *passes, size_t npasses,
                           const bool *enabled)
{
    return lf_pipeline_run_kept(res, p, src, context, opts, passes, npasses, enabled, false);
}

int lf_pipeline_run_kept(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                         const lf_options *opts, const lf_pass *passes, size_t npasses,
                         const bool *enabled, bool keep)
{
    memset(res, 0, sizeof *res);
    res->path = strdup(src->path);
    res->input = lf_pipeline__dup(src->data, src->len);
    res->input_len = src->len;
    lf_doc *doc;
    if (lf_doc_parse(&doc, p, src) != 0)
        return -1;
    if (doc->nerrors > 0) {
        lf_doc_print_diags(doc, &res->errors);
        lf_doc_free(doc);
        res->output = lf_pipeline__dup(res->input, res->input_len);
        res->output_len = res->input_len;
        return 0;
    }
    lf_ctx ctx = {.context = context, .opts = opts};
    lf_analysis *an = lf_analyze(doc);
    /* inline control (inline_control.h): read once, on the original text */
    bool *disabled = calloc(npasses ? npasses : 1, sizeof *disabled);
    ctx.pass = "layerfix";
    lf_inline_check(doc, passes, npasses, disabled, &ctx);
    for (size_t n = 0; n < ctx.nnotes; n++)
        ctx.notes[n].line = lf_pipeline__line_of(res->input, res->input_len, ctx.notes[n].offset);
    size_t cap_runs = 0;
    for (size_t i = 0; i < npasses; i++) {
        if (!enabled[i] || !passes[i].run || disabled[i])
            continue;
        const lf_pass *pass = &passes[i];
        lf_edits edits = LF_EDITS_INIT;
        ctx.pass = pass->id;
        size_t first_note = ctx.nnotes;
        size_t k = res->nruns;
        lf_pipeline__map map = {res, k};
        ctx.map_line = lf_pipeline__map_line;
        ctx.map_arg = &map;
        int rc = an ? pass->run(doc, an, &ctx, &edits) : -1;
        ctx.map_line = NULL;
        ctx.map_arg = NULL;
        lf_pipeline__apply_ignores(doc, &ctx, first_note, &edits);
        /* notes carry lines of the original file */
        for (size_t n = first_note; n < ctx.nnotes; n++) {
            if (ctx.notes[n].path)
                continue;
            size_t off = lf_result_map_back(res, k, ctx.notes[n].offset);
            ctx.notes[n].line = lf_pipeline__line_of(res->input, res->input_len, off);
        }
        if (rc == 0 && edits.n == 0) {
            lf_edits_free(&edits);
            continue;
        }
        lf_pass_run *run = LF_VEC_PUSH(res->runs, res->nruns, cap_runs);
        run->pass = pass;
        run->edits = edits;
        run->input = lf_pipeline__dup(doc->src->data, doc->src->len);
        run->input_len = doc->src->len;
        lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT;
        if (rc != 0) {
            lf_buf_adds(&err, "the pass failed");
        } else if (lf_edits_apply(&edits, doc->src->data, doc->src->len, &text, &err) == 0) {
            lf_source *next;
            lf_source_from_bytes(&next, doc->src->path, text.data ? text.data : "", text.len);
            lf_doc *ndoc;
            if (lf_doc_parse(&ndoc, p, next) != 0) {
                lf_buf_free(&text);
                lf_buf_free(&err);
                lf_analysis_free(an);
                lf_doc_free(doc);
                lf_ctx_free(&ctx);
                free(disabled);
                return -1;
            }
            if (ndoc->nerrors > 0 || ts_node_has_error(ts_tree_root_node(ndoc->tree))) {
                lf_buf_adds(&err, "its output does not parse: ");
                lf_buf errs = LF_BUF_INIT;
                lf_doc_print_diags(ndoc, &errs);
                lf_buf_add(&err, errs.data ? errs.data : "", strcspn(lf_buf_cstr(&errs), "\n"));
                lf_buf_free(&errs);
                lf_doc_free(ndoc);
            } else {
                lf_analysis_free(an);
                lf_doc_free(doc);
                doc = ndoc;
                an = lf_analyze(doc);
            }
        }
        if (err.len > 0)
            run->dropped = lf_buf_detach(&err, NULL);
        lf_buf_free(&err);
        lf_buf_free(&text);
    }
    res->output = lf_pipeline__dup(doc->src->data, doc->src->len);
    res->output_len = doc->src->len;
    res->notes = ctx.notes;
    res->nnotes = ctx.nnotes;
    res->reads = ctx.reads;
    res->nreads = ctx.nreads;
    if (keep) {
        res->doc = doc;
        res->an = an;
    } else {
        lf_analysis_free(an);
        lf_doc_free(doc);
    }
    free(disabled);
    return 0;
}

void lf_result_free(lf_result *res)
{
    for (size_t i = 0; i < res->nruns; i++) {
        lf_edits_free(&res->runs[i].edits);
        free(res->runs[i].input);
        free(res->runs[i].dropped);
    }
    free(res->runs);
    for (size_t i = 0; i < res->nnotes; i++) {
        free(res->notes[i].msg);
        free(res->notes[i].path);
    }
    free(res->notes);
    for (size_t i = 0; i < res->nreads; i++)
        free(res->reads[i]);
    free(res->reads);
    free(res->context_dir);
    lf_strv_free(&res->quiet);
    free(res->path);
    free(res->input);
    free(res->output);
    lf_buf_free(&res->errors);
    lf_analysis_free(res->an);
    lf_doc_free(res->doc);
    memset(res, 0, sizeof *res);
}

bool lf_result_changed(const lf_result *res)
{
    return res->output_len != res->input_len || memcmp(res->output, res->input, res->input_len);
}

bool lf_result_failed(const lf_result *res)
{
    return res->errors.len > 0;
}
