/*
 * The rules of `dotnet restore` (see mf.h): the project or solution it
 * restores, the projects it references and the MSBuild files it imports,
 * followed; the directory-level files MSBuild and NuGet read; a NuGet
 * config named on the command line.
 */
#include "mf.h"

#include <string.h>
#include <strings.h>

static bool is_dotnet_project(const char *name)
{
    for (size_t i = 0; lf_dotnet_project_exts[i]; i++)
        if (mf_ends_with_nocase(name, lf_dotnet_project_exts[i]))
            return true;
    return false;
}

/* Is name an MSBuild file a project imports (.props, .targets)? */
static bool is_msbuild_import(const char *name)
{
    for (size_t i = 0; lf_dotnet_import_exts[i]; i++)
        if (mf_ends_with(name, lf_dotnet_import_exts[i]))
            return true;
    return false;
}

static void dotnet_msbuild_file(mctx *m, const char *path, int depth);

/* The directory-level files MSBuild and NuGet read for a project in dir:
 * dir and every directory above it, up to the context root (above that, the
 * image has none of the project's files). */
static void dotnet_dir_files(mctx *m, const char *dir)
{
    lf_buf d = LF_BUF_INIT;
    lf_buf_adds(&d, dir);
    for (;;) {
        for (size_t f = 0; m->env->ctx && f < m->env->ctx->nfiles; f++) {
            const char *file = m->env->ctx->files[f];
            size_t dl = d.len;
            if (dl && (strncmp(file, d.data, dl) != 0 || file[dl] != '/'))
                continue;
            const char *name = dl ? file + dl + 1 : file;
            if (strchr(name, '/'))
                continue;
            for (size_t i = 0; lf_dotnet_dir_files[i]; i++) {
                if (strcasecmp(name, lf_dotnet_dir_files[i]) != 0)
                    continue;
                if (is_msbuild_import(name))
                    dotnet_msbuild_file(m, file, 0); /* it may import more */
                else
                    mf_want(m, file, false, true);
            }
        }
        if (d.len == 0)
            break;
        char *slash = strrchr(d.data, '/');
        d.len = slash ? (size_t)(slash - d.data) : 0;
        d.data[d.len] = 0;
    }
    lf_buf_free(&d);
}

/* The quoted value of attr in an XML tag starting at tag. */
static bool xml_attr(const char *tag, const char *attr, lf_buf *out)
{
    const char *end = strchr(tag, '>');
    size_t al = strlen(attr);
    for (const char *s = tag; s && *s && (!end || s < end); s++) {
        if (strncmp(s, attr, al) == 0 && (s[al] == '=' || s[al] == ' ') && s > tag &&
            (s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' || s[-1] == '\r')) {
            const char *q = strpbrk(s + al, "\"'");
            if (!q || (end && q > end))
                return false;
            const char *e = strchr(q + 1, *q);
            if (!e)
                return false;
            lf_buf_clear(out);
            for (const char *c = q + 1; c < e; c++)
                lf_buf_addc(out, *c == '\\' ? '/' : *c);
            lf_buf_adds(out, "");
            return true;
        }
    }
    return false;
}

static void dotnet_project(mctx *m, const char *proj, int depth);

/* Follows the project paths in a file's <tag attr="..."> elements. */
static void dotnet_follow(mctx *m, const char *file, const char *text, const char *tag,
                          const char *attr, int depth, bool imports)
{
    lf_buf dir = LF_BUF_INIT, val = LF_BUF_INIT, p = LF_BUF_INIT;
    mf_dir_name(file, &dir);
    for (const char *s = text; (s = strstr(s, tag)) != NULL && !m->skipped; s++) {
        if (!xml_attr(s, attr, &val))
            continue;
        if (strchr(val.data, '$')) {
            mf_skipf(m, "`%s` refers to `%s` through an MSBuild property", file, val.data);
            break;
        }
        if (!mf_path_resolve(dir.data, val.data, &p)) {
            mf_skipf(m, "`%s` refers to `%s`, outside the build context", file, val.data);
            break;
        }
        if (imports)
            dotnet_msbuild_file(m, p.data, depth + 1);
        else
            dotnet_project(m, p.data, depth + 1);
    }
    lf_buf_free(&dir);
    lf_buf_free(&val);
    lf_buf_free(&p);
}

/* A .props/.targets file, and what it imports. */
static void dotnet_msbuild_file(mctx *m, const char *path, int depth)
{
    if (depth > MF_MAX_DEPTH) {
        mf_skipf(m, "MSBuild imports nest deeper than %d levels", MF_MAX_DEPTH);
        return;
    }
    if (mf_seen_before(m, path) || !mf_want_file(m, path))
        return;
    lf_buf text = LF_BUF_INIT;
    if (mf_read_ctx(m, path, &text)) {
        mf_strip_xml_comments(&text);
        dotnet_follow(m, path, text.data, "<Import ", "Project", depth, true);
    }
    lf_buf_free(&text);
}

static void dotnet_project(mctx *m, const char *proj, int depth)
{
    if (depth > MF_MAX_DEPTH) {
        mf_skipf(m, "project references nest deeper than %d levels", MF_MAX_DEPTH);
        return;
    }
    if (mf_seen_before(m, proj) || !mf_want_file(m, proj))
        return;
    lf_buf text = LF_BUF_INIT, dir = LF_BUF_INIT, lock = LF_BUF_INIT;
    if (!mf_read_ctx(m, proj, &text))
        goto out;
    mf_strip_xml_comments(&text);
    mf_dir_name(proj, &dir);
    dotnet_dir_files(m, dir.data);
    lf_buf_printf(&lock, "%s%s%s", dir.data, dir.len ? "/" : "", lf_dotnet_lock_file);
    if (mf_ctx_file(m->env, lock.data))
        mf_want(m, lock.data, false, true);
    if (mf_ends_with_nocase(proj, lf_dotnet_sln_ext)) {
        /* Project("{type}") = "Name", "path\to\x.csproj", "{guid}" */
        for (const char *s = text.data; (s = strstr(s, "Project(")) != NULL && !m->skipped; s++) {
            const char *eq = strchr(s, '=');
            const char *q1 = eq ? strchr(eq, ',') : NULL;
            const char *q2 = q1 ? strchr(q1, '"') : NULL;
            const char *q3 = q2 ? strchr(q2 + 1, '"') : NULL;
            if (!q3)
                break;
            lf_buf_clear(&lock);
            for (const char *c = q2 + 1; c < q3; c++)
                lf_buf_addc(&lock, *c == '\\' ? '/' : *c);
            lf_buf_adds(&lock, "");
            if (!is_dotnet_project(lock.data))
                continue; /* a solution folder */
            lf_buf p = LF_BUF_INIT;
            if (!mf_path_resolve(dir.data, lock.data, &p))
                mf_skipf(m, "`%s` lists `%s`, outside the build context", proj, lock.data);
            else
                dotnet_project(m, p.data, depth + 1);
            lf_buf_free(&p);
        }
    } else if (mf_ends_with_nocase(proj, lf_dotnet_slnx_ext)) {
        dotnet_follow(m, proj, text.data, "<Project ", "Path", depth, false);
    } else {
        dotnet_follow(m, proj, text.data, "<ProjectReference ", "Include", depth, false);
        dotnet_follow(m, proj, text.data, "<Import ", "Project", depth, true);
    }
out:
    lf_buf_free(&text);
    lf_buf_free(&dir);
    lf_buf_free(&lock);
}

void mf_dotnet_rules(mctx *m, const cmdline *cl, size_t nwords)
{
    lf_buf p = LF_BUF_INIT;
    const char *target = cl->npos > nwords ? cl->pos[nwords] : NULL;
    if (cl->npos > nwords + 1) {
        mf_skipf(m, "it names several projects (`%s`, `%s`), which needs the manifests of each",
                 cl->pos[nwords], cl->pos[nwords + 1]);
        goto out;
    }
    if (target && cl->pos_dyn[nwords]) {
        mf_skipf(m, "the project `%s` is known only at build time", target);
        goto out;
    }
    lf_buf_adds(&p, m->dir);
    if (target && !mf_path_resolve(m->dir, target, &p)) {
        mf_skipf(m, "the project `%s` is outside the build context", target);
        goto out;
    }
    if (target && mf_ctx_file(m->env, p.data)) {
        dotnet_project(m, p.data, 0);
    } else {
        /* a directory: its one project or solution file */
        const char *found = NULL;
        size_t nfound = 0, dl = p.len;
        lf_buf names = LF_BUF_INIT;
        for (size_t f = 0; m->env->ctx && f < m->env->ctx->nfiles; f++) {
            const char *file = m->env->ctx->files[f];
            if (dl && (strncmp(file, p.data, dl) != 0 || file[dl] != '/'))
                continue;
            const char *name = dl ? file + dl + 1 : file;
            if (!strchr(name, '/') && is_dotnet_project(name)) {
                found = file;
                nfound++;
                lf_buf_printf(&names, "%s`%s`", names.len ? ", " : "", name);
            }
        }
        if (nfound > 1)
            mf_skipf(m,
                     "it cannot tell which project or solution file in `%s` it restores (%s): "
                     "name one",
                     *p.data ? p.data : ".", names.data);
        else if (nfound == 0)
            mf_skipf(m, "there is no project or solution file in `%s`", *p.data ? p.data : ".");
        else
            dotnet_project(m, found, 0);
        lf_buf_free(&names);
    }
    for (size_t i = 0; i < cl->nopts && !m->skipped; i++) {
        const opt *o = &cl->opts[i];
        if (strcmp(o->name, "--configfile") == 0 && o->value && o->value[0] != '/') {
            if (o->value_dyn || !mf_path_resolve(m->dir, o->value, &p))
                mf_skipf(m, "the NuGet config `%s` cannot be located in the build context",
                         o->value);
            else
                mf_want_file(m, p.data);
        }
    }
out:
    lf_buf_free(&p);
}
