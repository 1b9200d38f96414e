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
    n->offset = offset;
    n->pass = ctx->pass;
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    n->msg = lf_buf_detach(&m, NULL);
}

void lf_ctx_free_notes(lf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nnotes; i++)
        free(ctx->notes[i].msg);
    free(ctx->notes);
    ctx->notes = NULL;
    ctx->nnotes = ctx->cap = 0;
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
