/*
 * The result under construction (see mf.h): what the build context holds,
 * the files an install wants, the first reason to skip it, and reading a
 * file of the context.
 */
#include "mf.h"

#include "vec.h"

#include <stdarg.h>
#include <string.h>

bool mf_ctx_file(const lf_manifest_env *e, const char *p)
{
    return e->ctx && lf_context_has(e->ctx, p);
}

bool mf_ctx_dir(const lf_manifest_env *e, const char *d)
{
    if (!e->ctx)
        return false;
    size_t dl = strlen(d);
    for (size_t i = 0; i < e->ctx->nfiles; i++)
        if (strncmp(e->ctx->files[i], d, dl) == 0 && e->ctx->files[i][dl] == '/')
            return true;
    return false;
}

/* Does the builder's ignore file leave path out of the build context? */
bool mf_ignored(const lf_manifest_env *e, const char *path, bool is_dir)
{
    return e->dockerignore && lf_ignore_match(e->dockerignore, path, is_dir);
}

bool mf_skipf(mctx *m, const char *fmt, ...)
{
    if (!m->skipped) {
        m->skipped = true;
        va_list ap;
        va_start(ap, fmt);
        lf_buf_vprintf(m->why, fmt, ap);
        va_end(ap);
    }
    return false;
}

void mf_want(mctx *m, const char *path, bool dir, bool required)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->files[i].path, path) == 0) {
            m->files[i].required = m->files[i].required || required;
            return;
        }
    mfile *f = LF_VEC_PUSH(m->files, m->n, m->cap);
    f->path = strdup(path);
    f->dir = dir;
    f->required = required;
}

/* Wants a file that must exist; false (and skipped) when it does not. */
bool mf_want_file(mctx *m, const char *path)
{
    if (!mf_ctx_file(m->env, path))
        return mf_skipf(m, "`%s` is not in the build context", path);
    mf_want(m, path, false, true);
    return true;
}

bool mf_seen_before(mctx *m, const char *path)
{
    for (size_t i = 0; i < m->seen.n; i++)
        if (strcmp(m->seen.items[i].s, path) == 0)
            return true;
    lf_strv_push(&m->seen, path, strlen(path));
    return false;
}

bool mf_read_ctx(mctx *m, const char *path, lf_buf *out)
{
    lf_buf_clear(out);
    if (lf_context_read(m->env->ctx, path, out) != 0)
        return mf_skipf(m, "`%s` cannot be read from the build context", path);
    lf_buf_adds(out, ""); /* an empty file is still a string */
    return true;
}
