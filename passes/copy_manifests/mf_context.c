/*
 * The install against the build context (see mf.h): the table's fixed
 * manifests that exist, what the install writes that a later copy of the
 * context would replace (looked up in the file list and on disk, through
 * the ignore file), and the manifests the ignore file leaves out.
 */
#include "mf.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void mf_table_files(mctx *m, const lf_pm *pm, bool wrapper)
{
    lf_buf p = LF_BUF_INIT, names = LF_BUF_INIT;
    bool any_one_of = false, one_of_found = false;
    for (size_t i = 0; pm->files[i].path && !m->skipped; i++) {
        const lf_pm_file *f = &pm->files[i];
        if ((f->flags & LF_MF_WRAPPER) && !wrapper)
            continue;
        mf_path_resolve(m->dir, f->path, &p);
        bool dir = f->flags & LF_MF_DIR;
        bool exists = dir ? mf_ctx_dir(m->env, p.data) : mf_ctx_file(m->env, p.data);
        if (f->flags & LF_MF_ONE_OF) {
            any_one_of = true;
            lf_buf_printf(&names, "%s`%s`", names.len ? ", " : "", p.data);
            if (exists) {
                one_of_found = true;
                mf_want(m, p.data, dir, true);
            }
        } else if (exists) {
            mf_want(m, p.data, dir, f->flags & LF_MF_REQUIRED);
        } else if (f->flags & LF_MF_REQUIRED) {
            mf_skipf(m, "there is no `%s` in the build context", p.data);
        }
    }
    if (any_one_of && !one_of_found)
        mf_skipf(m, "none of %s is in the build context", names.data);
    lf_buf_free(&p);
    lf_buf_free(&names);
}

/* Might an exception re-include something below the excluded directory dir?
 * (BuildKit enters it only then; a wildcard exception is taken to.) */
static bool may_reinclude(const lf_ignore *ig, const char *dir)
{
    size_t dl = strlen(dir);
    for (size_t i = 0; i < lf_ignore_count(ig); i++) {
        lf_ignore_pattern_info p;
        lf_ignore_pattern(ig, i, &p);
        if (!p.exception)
            continue;
        if (p.len > dl && memcmp(p.text, dir, dl) == 0 && p.text[dl] == '/')
            return true;
        for (size_t k = 0; k < p.len; k++)
            if (strchr("*?[\\", p.text[k]))
                return true;
    }
    return false;
}

/* Is the builder sent something in the directory dir, whose entries on disk
 * are ents[lo, hi)? A directory BuildKit keeps while it leaves out every
 * entry below (the rule `node_modules/` then `**`) arrives empty and
 * replaces nothing; one it excludes can still send what an exception brings
 * back. */
static bool dir_sent(const lf_manifest_env *e, const lf_context_scan *sc, size_t lo, size_t hi,
                     const char *dir, int depth)
{
    bool excluded = mf_ignored(e, dir, true);
    if (excluded && !may_reinclude(e->dockerignore, dir))
        return false;
    if (!e->dockerignore || depth >= MF_MAX_DEPTH)
        return true;
    size_t dl = strlen(dir);
    lf_buf child = LF_BUF_INIT;
    bool any = false;
    for (size_t i = lo; i < hi && !any;) {
        const char *p = sc->items[i].path + dl + 1;
        size_t seg = strcspn(p, "/");
        lf_buf_clear(&child);
        lf_buf_add(&child, sc->items[i].path, dl + 1 + seg);
        lf_buf_adds(&child, "");
        if (p[seg] == 0) {
            any = !mf_ignored(e, child.data, false);
            i++;
            continue;
        }
        size_t j = i;
        while (j < hi && strncmp(sc->items[j].path, child.data, child.len) == 0 &&
               sc->items[j].path[child.len] == '/')
            j++;
        any = dir_sent(e, sc, i, j, child.data, depth + 1);
        i = j;
    }
    lf_buf_free(&child);
    return any;
}

/* Is the builder sent something at rel that a copy would land with? */
static bool sent_from_disk(const lf_manifest_env *e, const char *rel)
{
    lf_context_scan sc = {0};
    bool sent = false;
    if (lf_context_scan_under(e->ctx, rel, &sc) == 0 && sc.n > 0) {
        if (sc.n == 1 && strcmp(sc.items[0].path, rel) == 0)
            sent = !mf_ignored(e, rel, false);
        else
            sent = dir_sent(e, &sc, 0, sc.n, rel, 0);
    }
    lf_context_scan_free(&sc);
    return sent;
}

/* A copy of what the install writes, present in the context, would land on
 * top of the installed files once the full COPY moves after the install. */
void mf_check_outputs(mctx *m, const lf_pm *pm)
{
    size_t dl = strlen(m->dir);
    for (size_t k = 0; pm->outputs && pm->outputs[k] && !m->skipped; k++) {
        const char *out = pm->outputs[k];
        size_t ol = strlen(out);
        for (size_t f = 0; m->env->ctx && f < m->env->ctx->nfiles; f++) {
            const char *file = m->env->ctx->files[f];
            if (dl && (strncmp(file, m->dir, dl) != 0 || file[dl] != '/'))
                continue;
            const char *seg = NULL;
            for (const char *s = dl ? file + dl + 1 : file; s; s = strchr(s, '/')) {
                if (*s == '/')
                    s++;
                if (strncmp(s, out, ol) == 0 && (s[ol] == '/' || s[ol] == 0)) {
                    seg = s;
                    break;
                }
            }
            if (!seg || mf_ignored(m->env, file, false))
                continue;
            mf_skipf(m,
                     "`%.*s` is in the build context: copied after the install it would replace "
                     "what the install wrote (add it to .dockerignore)",
                     (int)(seg - file + (ptrdiff_t)ol), file);
            break;
        }
    }
    /* A file list from git leaves out git-ignored directories, but the
     * builder is sent whatever is on disk: look there too, in the project
     * directory and the directory of every manifest (workspace members). */
    lf_buf rel = LF_BUF_INIT, d = LF_BUF_INIT;
    for (size_t i = 0; i <= m->n && !m->skipped && m->env->ctx; i++) {
        if (i < m->n)
            mf_dir_name(m->files[i].path, &d);
        else {
            lf_buf_clear(&d);
            lf_buf_adds(&d, m->dir);
        }
        for (size_t k = 0; pm->outputs && pm->outputs[k] && !m->skipped; k++) {
            if (strchr(pm->outputs[k], '/'))
                continue;
            lf_buf_clear(&rel);
            lf_buf_printf(&rel, "%s%s%s", d.data, d.len ? "/" : "", pm->outputs[k]);
            if (sent_from_disk(m->env, rel.data))
                mf_skipf(m,
                         "`%s` exists in the build context directory: copied after the install it "
                         "would replace what the install wrote (add it to .dockerignore)",
                         rel.data);
        }
    }
    lf_buf_free(&rel);
    lf_buf_free(&d);
}

void mf_apply_dockerignore(mctx *m)
{
    size_t keep = 0;
    for (size_t i = 0; i < m->n; i++) {
        mfile *f = &m->files[i];
        if (!mf_ignored(m->env, f->path, f->dir)) {
            m->files[keep++] = *f;
            continue;
        }
        if (f->required)
            mf_skipf(m, "`.dockerignore` excludes `%s`, so it cannot be copied on its own",
                     f->path);
        free(f->path);
    }
    m->n = keep;
}

bool mf_is_manifest_name(const lf_pm *pm, const char *p)
{
    const char *base = mf_base_name(p);
    for (const lf_pm_file *f = pm->files; f->path; f++)
        if (strcmp(mf_base_name(f->path), base) == 0)
            return true;
    return false;
}
