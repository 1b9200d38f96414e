/*
 * The pass contract's helpers: the report sink for what a pass does not fix,
 * and the target builders.
 */
#include "pass.h"

#include "vec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void lf_ctx_note(lf_ctx *ctx, size_t offset, const char *fmt, ...)
{
    lf_note *n = LF_VEC_PUSH(ctx->notes, ctx->nnotes, ctx->cap);
    memset(n, 0, sizeof *n);
    n->offset = offset;
    n->pass = ctx->pass;
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    n->msg = lf_buf_detach(&m, NULL);
}

void lf_ctx_note_file(lf_ctx *ctx, const char *path, size_t line, const char *fmt, ...)
{
    lf_note *n = LF_VEC_PUSH(ctx->notes, ctx->nnotes, ctx->cap);
    memset(n, 0, sizeof *n);
    n->pass = ctx->pass;
    n->path = strdup(path);
    n->line = line;
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    n->msg = lf_buf_detach(&m, NULL);
}

void lf_ctx_free_notes(lf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nnotes; i++) {
        free(ctx->notes[i].msg);
        free(ctx->notes[i].path);
    }
    free(ctx->notes);
    ctx->notes = NULL;
    ctx->nnotes = ctx->cap = 0;
}

void lf_ctx_free(lf_ctx *ctx)
{
    lf_ctx_free_notes(ctx);
    for (size_t i = 0; i < ctx->nreads; i++)
        free(ctx->reads[i]);
    free(ctx->reads);
    ctx->reads = NULL;
    ctx->nreads = ctx->capr = 0;
}

size_t lf_ctx_line(const lf_ctx *ctx, const lf_doc *doc, size_t offset)
{
    if (ctx->map_line)
        return ctx->map_line(ctx->map_arg, offset);
    size_t line, col;
    lf_source_pos(doc->src, offset, &line, &col);
    return line;
}

int lf_ctx_has(const lf_ctx *ctx, const char *rel)
{
    return ctx->context && lf_context_has(ctx->context, rel);
}

int lf_ctx_read(const lf_ctx *ctx, const char *rel, lf_buf *out)
{
    return ctx->context ? lf_context_read(ctx->context, rel, out) : -1;
}

int lf_ctx_ignore_text(lf_ctx *ctx, const char *dockerfile, lf_buf *text, lf_buf *path)
{
    lf_buf_clear(text);
    lf_buf_clear(path);
    if (!ctx->context) {
        lf_buf_adds(text, "");
        lf_buf_adds(path, ".dockerignore");
        return 0;
    }
    int found = lf_context_ignore_text(ctx->context, dockerfile, text, path);
    for (size_t i = 0; i < ctx->nreads; i++)
        if (strcmp(ctx->reads[i], path->data) == 0)
            return found;
    *LF_VEC_PUSH(ctx->reads, ctx->nreads, ctx->capr) = strdup(path->data);
    return found;
}

lf_doc_edit *lf_doc_edits_add(lf_doc_edits *d, lf_doc_kind kind, const char *path)
{
    lf_doc_edit *e = LF_VEC_PUSH(d->items, d->n, d->cap);
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->path = strdup(path);
    return e;
}

void lf_doc_edit_note(lf_doc_edit *e, const char *pass, const char *path, size_t line,
                      const char *msg)
{
    lf_note *n = LF_VEC_PUSH(e->notes, e->nnotes, e->capn);
    memset(n, 0, sizeof *n);
    n->pass = pass;
    n->path = path ? strdup(path) : NULL;
    n->line = line;
    n->msg = strdup(msg);
}

void lf_doc_edit_free(lf_doc_edit *e)
{
    free(e->path);
    lf_edits_free(&e->edits);
    lf_strv_free(&e->quiet);
    for (size_t k = 0; k < e->nnotes; k++) {
        free(e->notes[k].path);
        free(e->notes[k].msg);
    }
    free(e->notes);
    memset(e, 0, sizeof *e);
}

void lf_doc_edits_free(lf_doc_edits *d)
{
    for (size_t i = 0; i < d->n; i++)
        lf_doc_edit_free(&d->items[i]);
    free(d->items);
    memset(d, 0, sizeof *d);
}

const lf_pass *lf_pass_table_find(const lf_pass_table *t, const char *id)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->passes[i].id, id) == 0)
            return &t->passes[i];
    return NULL;
}

int lf_builder_from_name(lf_builder *out, const char *name)
{
    static const char *const names[] = {"buildkit", "buildah", "kaniko", "legacy"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (lf_builder)i;
            return 0;
        }
    return -1;
}

int lf_builder_has_mounts(lf_builder b)
{
    /* kaniko and the legacy builder reject RUN --mount */
    return b == LF_BUILDER_BUILDKIT || b == LF_BUILDER_BUILDAH;
}
