/*
 * The rules of pip (and `uv pip`): requirement and constraint files, followed
 * through their includes, with editable and local requirements; and of
 * Pipenv, Poetry and uv projects: whether the install also installs the
 * project itself, uv workspaces and path dependencies (see mf.h).
 */
#include "mf.h"

#include <stdio.h>
#include <string.h>

/* --- pip, uv pip ----------------------------------------------------------- */

static bool pip_is_local_req(const char *req, size_t len)
{
    char buf[512];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, req, len);
    buf[len] = 0;
    if (mf_is_local_path(buf))
        return true;
    if (strstr(buf, "@ file:") || strstr(buf, "@file:"))
        return true;
    /* a bare archive name is a file next to the requirements */
    size_t tok = strcspn(buf, " \t;");
    buf[tok] = 0;
    if (strstr(buf, "://"))
        return false;
    for (size_t i = 0; lf_pip_archive_exts[i]; i++)
        if (mf_ends_with(buf, lf_pip_archive_exts[i]))
            return true;
    return false;
}

static void pip_read_requirements(mctx *m, const char *path, int depth);

/* The value of a requirements-file option line (`-r x`, `-rx`, `--requirement=x`). */
static bool req_opt_value(const char *line, size_t len, const char *sh, const char *lng,
                          const char **val, size_t *vlen)
{
    size_t sl = strlen(sh), ll = strlen(lng);
    const char *v = NULL;
    if (len > ll && memcmp(line, lng, ll) == 0 &&
        (line[ll] == '=' || line[ll] == ' ' || line[ll] == '\t'))
        v = line + ll + 1;
    else if (len >= sl && memcmp(line, sh, sl) == 0 && len > sl)
        v = line + sl;
    if (!v)
        return false;
    size_t vl = len - (size_t)(v - line);
    mf_trim(&v, &vl);
    if (vl && (v[0] == '=')) {
        v++;
        vl--;
        mf_trim(&v, &vl);
    }
    *val = v;
    *vlen = vl;
    return true;
}

typedef struct req_state {
    const char *dir; /* the including file's directory */
    int depth;
} req_state;

static bool pip_req_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    req_state *st = arg;
    /* `#` starts a comment at the line start or after whitespace */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            len = i;
            break;
        }
    mf_trim(&line, &len);
    if (len == 0)
        return true;
    const char *v;
    size_t vl;
    if (req_opt_value(line, len, "-r", "--requirement", &v, &vl) ||
        req_opt_value(line, len, "-c", "--constraint", &v, &vl)) {
        char name[512];
        snprintf(name, sizeof name, "%.*s", (int)vl, v);
        if (strstr(name, "://"))
            return true; /* fetched from the network */
        if (strchr(name, '$'))
            return mf_skipf(m, "`%s` includes `%s`, whose name is known only at build time", path,
                            name);
        lf_buf inc = LF_BUF_INIT;
        if (!mf_path_resolve(st->dir, name, &inc)) {
            lf_buf_free(&inc);
            return mf_skipf(m, "`%s` includes `%s`, outside the build context", path, name);
        }
        pip_read_requirements(m, inc.data, st->depth + 1);
        lf_buf_free(&inc);
        return !m->skipped;
    }
    if (req_opt_value(line, len, "-e", "--editable", &v, &vl))
        return mf_skipf(m, "`%s` has the editable install `%.*s`, which needs the sources", path,
                        (int)len, line);
    if (req_opt_value(line, len, "-f", "--find-links", &v, &vl)) {
        char val[512];
        snprintf(val, sizeof val, "%.*s", (int)vl, v);
        if (!strstr(val, "://"))
            return mf_skipf(m, "`%s` finds packages in the local directory `%s`", path, val);
        return true;
    }
    if (line[0] == '-')
        return true; /* other options: index URLs, --hash, --pre ... */
    if (pip_is_local_req(line, len)) {
        /* the requirement without its environment marker */
        size_t w = 0;
        while (w < len && line[w] != ';')
            w++;
        while (w > 0 && (line[w - 1] == ' ' || line[w - 1] == '\t'))
            w--;
        return mf_skipf(m, "`%s` installs the local path `%.*s`, which needs the sources", path,
                        (int)w, line);
    }
    return true;
}

static void pip_read_requirements(mctx *m, const char *path, int depth)
{
    if (depth > MF_MAX_DEPTH) {
        mf_skipf(m, "requirement files nest deeper than %d levels", MF_MAX_DEPTH);
        return;
    }
    if (mf_seen_before(m, path))
        return;
    if (!mf_want_file(m, path))
        return;
    lf_buf text = LF_BUF_INIT, dir = LF_BUF_INIT, joined = LF_BUF_INIT;
    if (mf_read_ctx(m, path, &text)) {
        /* a backslash at a line end continues the line */
        for (size_t i = 0; i < text.len; i++) {
            if (text.data[i] == '\\' && i + 1 < text.len && text.data[i + 1] == '\n') {
                i++;
                continue;
            }
            if (text.data[i] == '\\' && i + 2 < text.len && text.data[i + 1] == '\r' &&
                text.data[i + 2] == '\n') {
                i += 2;
                continue;
            }
            lf_buf_addc(&joined, text.data[i]);
        }
        lf_buf_adds(&joined, "");
        mf_dir_name(path, &dir);
        req_state st = {dir.data, depth};
        mf_each_line(m, path, joined.data, pip_req_line, &st);
    }
    lf_buf_free(&text);
    lf_buf_free(&dir);
    lf_buf_free(&joined);
}

/* `pip install ...` / `uv pip install ...`: returns the kind. */
lf_cmd_kind mf_pip_install(mctx *m, const cmdline *cl, size_t nwords, bool args_are_files)
{
    lf_buf p = LF_BUF_INIT;
    size_t nfiles = 0;
    for (size_t i = 0; i < cl->nopts && !m->skipped; i++) {
        const opt *o = &cl->opts[i];
        bool req = strcmp(o->name, "-r") == 0 || strcmp(o->name, "--requirement") == 0 ||
                   strcmp(o->name, "-c") == 0 || strcmp(o->name, "--constraint") == 0;
        bool edit = strcmp(o->name, "-e") == 0 || strcmp(o->name, "--editable") == 0;
        bool links = strcmp(o->name, "-f") == 0 || strcmp(o->name, "--find-links") == 0;
        if (edit) {
            mf_skipf(m, "`%s %s` is an editable install, which needs the sources", o->name,
                     o->value ? o->value : "");
        } else if (links && o->value && !strstr(o->value, "://")) {
            mf_skipf(m, "`%s %s` finds packages in a local directory", o->name, o->value);
        } else if (req && o->value) {
            if (o->value_dyn)
                mf_skipf(m, "the requirement file `%s` is known only at build time", o->value);
            else if (strstr(o->value, "://"))
                continue;
            else if (!mf_path_resolve(m->dir, o->value, &p))
                mf_skipf(m, "the requirement file `%s` is outside the build context", o->value);
            else {
                pip_read_requirements(m, p.data, 0);
                nfiles++;
            }
        }
    }
    for (size_t i = nwords; i < cl->npos && !m->skipped; i++) {
        const char *a = cl->pos[i];
        if (cl->pos_dyn[i]) {
            mf_skipf(m, "`%s` is known only at build time", a);
        } else if (args_are_files) {
            if (!mf_path_resolve(m->dir, a, &p))
                mf_skipf(m, "the requirement file `%s` is outside the build context", a);
            else {
                pip_read_requirements(m, p.data, 0);
                nfiles++;
            }
        } else if (strcmp(a, ".") == 0) {
            mf_skipf(m, "it installs the project itself (`.`), which needs the sources");
        } else if (pip_is_local_req(a, strlen(a))) {
            mf_skipf(m, "it installs the local path `%s`, which needs the sources", a);
        }
    }
    lf_buf_free(&p);
    if (m->skipped)
        return LF_CMD_SKIP;
    /* only registry packages: it reads nothing of the project */
    return nfiles ? LF_CMD_INSTALL : LF_CMD_HELPER;
}

/* --- Pipenv, Poetry, uv ------------------------------------------------------ */

void mf_python_project_rules(mctx *m, const cmdline *cl, bool needs_missing,
                             const lf_pm_install *form)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    toml_scan t;
    const char *manifest = cl->pm->id == LF_PM_PIPENV ? lf_pipenv_manifest : lf_pyproject_manifest;
    mf_path_resolve(m->dir, manifest, &path);
    if (!mf_read_ctx(m, path.data, &text))
        goto out;
    if (cl->pm->id == LF_PM_POETRY && needs_missing) {
        /* `package-mode = false`: Poetry manages dependencies only */
        toml_scan pm;
        bool off = mf_toml_find(text.data, "tool.poetry", "package-mode", &pm) &&
                   strstr(pm.found_line, "false");
        if (!off) {
            mf_skipf(m,
                     "`poetry %s` without --no-root also installs the project itself, which "
                     "needs the sources",
                     form->words);
            goto out;
        }
    } else if (needs_missing) {
        mf_skipf(m, "`%s %s` without %s also installs the project itself, which needs the sources",
                 cl->pm->name, form->words, form->needs_one_of[0]);
        goto out;
    }
    if (cl->pm->id == LF_PM_UV && mf_text_has_table(text.data, "[tool.uv.workspace]")) {
        mf_skipf(m, "`%s` declares a uv workspace, whose members are not copied", path.data);
        goto out;
    }
    if (mf_toml_find(text.data, NULL, "path", &t))
        mf_skipf(m, "`%s` has a path dependency (`%s`)", path.data, t.found_line);
out:
    lf_buf_free(&path);
    lf_buf_free(&text);
}
