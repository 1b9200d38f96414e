/*
 * The ci-cache pass under the pass contract: a pass over a build unit whose
 * documents are the CI files the unit was handed (ci_cache.h says what it
 * proposes and notes). Each file is read through the build context; its
 * notes, made at byte offsets, go to its lf_doc_edit at their lines.
 */
#include "ci_cache.h"

#include <stdlib.h>
#include <string.h>

#define PASS "ci-cache"

/* The 1-based line of offset in text. */
static size_t line_of(const char *text, size_t len, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += text[i] == '\n';
    return line;
}

static void one_document(const lf_unit_other *d, lf_ctx *ctx, lf_doc_edits *out)
{
    lf_buf text = LF_BUF_INIT;
    if (lf_context_read_path(ctx->context, d->path, &text) != 0) {
        lf_buf_free(&text);
        return; /* gone since discovery: nothing to say about it */
    }
    lf_buf_adds(&text, "");
    lf_ctx dctx = {.context = ctx->context, .opts = ctx->opts, .pass = PASS};
    lf_edits edits = LF_EDITS_INIT;
    if (d->kind == LF_DOC_WORKFLOW)
        lf_ci_cache_workflow(d->path, text.data, text.len, &dctx, &edits);
    else
        lf_ci_notes_script(d->path, text.data, text.len, &dctx);
    if (edits.n > 0 || dctx.nnotes > 0) {
        lf_doc_edit *e = lf_doc_edits_add(out, d->kind, d->path);
        e->edits = edits;
        memset(&edits, 0, sizeof edits);
        for (size_t k = 0; k < dctx.nnotes; k++)
            lf_doc_edit_note(e, PASS, dctx.notes[k].path,
                             dctx.notes[k].path
                                 ? dctx.notes[k].line
                                 : line_of(text.data, text.len, dctx.notes[k].offset),
                             dctx.notes[k].msg);
    }
    lf_edits_free(&edits);
    lf_ctx_free(&dctx);
    lf_buf_free(&text);
}

int lf_pass_ci_cache(const lf_unit_view *u, lf_ctx *ctx, lf_doc_edits *out)
{
    if (!ctx->context)
        return 0;
    for (size_t i = 0; i < u->nothers; i++)
        if (u->others[i].kind == LF_DOC_WORKFLOW || u->others[i].kind == LF_DOC_CI_FILE)
            one_document(&u->others[i], ctx, out);
    return 0;
}
