/*
 * What one shell command reads of the project (see manifests.h).
 *
 * The answer must err on the safe side: an install is reported as needing
 * only manifests when every file it reads is known and present in the build
 * context; anything this file cannot read with confidence (a file it cannot
 * parse, a name known only at build time, a layout it does not model) makes
 * the install LF_CMD_SKIP with the reason, never LF_CMD_INSTALL.
 */
#include "mf.h"

#include "tools.h"

#include "vec.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- npm, Yarn, pnpm ------------------------------------------------------- */

static void node_check_package(mctx *m, const char *path, const jv *pkg, bool no_scripts)
{
    if (!no_scripts) {
        const jv *scripts = mf_jget(pkg, "scripts");
        for (size_t i = 0; scripts && scripts->type == 'o' && i < scripts->n; i++)
            if (lf_pkgmgr_in(lf_node_install_scripts, scripts->kids[i].key)) {
                mf_skipf(m,
                         "`%s` has a `%s` script, which runs during the install and may need the "
                         "sources",
                         path, scripts->kids[i].key);
                return;
            }
    }
    for (size_t i = 0; lf_node_dep_sections[i]; i++) {
        const char *local =
            mf_jfind_prefixed(mf_jget(pkg, lf_node_dep_sections[i]), lf_node_local_prefixes);
        if (local) {
            mf_skipf(m, "`%s` depends on the local path `%s`", path, local);
            return;
        }
    }
}

/* Adds every workspace member's package.json (and checks it like the root's). */
static void node_workspaces(mctx *m, const lf_strv *patterns, bool no_scripts)
{
    lf_buf pat = LF_BUF_INIT, member = LF_BUF_INIT;
    /* check the patterns first: only plain directory globs are modelled */
    for (size_t i = 0; i < patterns->n; i++) {
        const char *p = patterns->items[i].s;
        for (const char *c = p; *c; c++)
            if (!mf_is_word_char(*c) && !strchr("/*@!", *c)) {
                mf_skipf(m, "the workspace pattern `%s` is not one this pass can resolve", p);
                return;
            }
    }
    size_t dl = strlen(m->dir);
    for (size_t f = 0; m->env->ctx && f < m->env->ctx->nfiles && !m->skipped; f++) {
        const char *file = m->env->ctx->files[f];
        if (dl && (strncmp(file, m->dir, dl) != 0 || file[dl] != '/'))
            continue;
        const char *rel = dl ? file + dl + 1 : file;
        if (strcmp(mf_base_name(rel), "package.json") != 0 || strcmp(rel, "package.json") == 0 ||
            strstr(rel, "node_modules/"))
            continue;
        lf_buf_clear(&member);
        lf_buf_add(&member, rel, strlen(rel) - strlen("/package.json"));
        bool in = false;
        for (size_t i = 0; i < patterns->n; i++) {
            const char *p = patterns->items[i].s;
            bool neg = p[0] == '!';
            mf_clean_pattern(p + neg, strlen(p + neg), &pat);
            if (pat.len && lf_path_glob_match(pat.data, member.data))
                in = !neg;
        }
        if (!in)
            continue;
        mf_want(m, file, false, true);
        jv pkg;
        if (mf_read_json(m, file, &pkg)) {
            node_check_package(m, file, &pkg, no_scripts);
            mf_jv_free(&pkg);
        }
    }
    lf_buf_free(&pat);
    lf_buf_free(&member);
}

static void node_rules(mctx *m, const cmdline *cl)
{
    bool no_scripts = mf_has_any_opt(cl, cl->pm->no_scripts_opts);
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, "package.json", &path);
    jv pkg;
    if (!mf_read_json(m, path.data, &pkg)) {
        lf_buf_free(&path);
        return;
    }
    node_check_package(m, path.data, &pkg, no_scripts);
    lf_strv patterns = LF_STRV_INIT;
    if (cl->pm->id == LF_PM_PNPM) {
        /* pnpm reads its workspace from pnpm-workspace.yaml only */
        mf_path_resolve(m->dir, "pnpm-workspace.yaml", &path);
        if (mf_ctx_file(m->env, path.data) && mf_read_ctx(m, path.data, &text))
            mf_yaml_list(text.data, "packages", &patterns);
        const jv *patches = mf_jget(mf_jget(&pkg, "pnpm"), "patchedDependencies");
        for (size_t i = 0; patches && patches->type == 'o' && i < patches->n; i++) {
            if (patches->kids[i].type != 's' ||
                !mf_path_resolve(m->dir, patches->kids[i].str, &path)) {
                mf_skipf(m, "a patch of `pnpm.patchedDependencies` lies outside the project");
                break;
            }
            mf_want_file(m, path.data);
        }
    } else {
        const jv *ws = mf_jget(&pkg, "workspaces");
        if (ws && ws->type == 'o')
            ws = mf_jget(ws, "packages");
        for (size_t i = 0; ws && ws->type == 'a' && i < ws->n; i++)
            if (ws->kids[i].type == 's')
                lf_strv_push(&patterns, ws->kids[i].str, strlen(ws->kids[i].str));
    }
    if (patterns.n && !m->skipped)
        node_workspaces(m, &patterns, no_scripts);
    lf_strv_free(&patterns);
    mf_jv_free(&pkg);
    lf_buf_free(&path);
    lf_buf_free(&text);
}

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
    return !strstr(buf, "://") &&
           (mf_ends_with(buf, ".whl") || mf_ends_with(buf, ".tar.gz") || mf_ends_with(buf, ".zip"));
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
static lf_cmd_kind pip_install(mctx *m, const cmdline *cl, size_t nwords, bool args_are_files)
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

static void python_project_rules(mctx *m, const cmdline *cl, bool needs_missing,
                                 const lf_pm_install *form)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    toml_scan t;
    const char *manifest = cl->pm->id == LF_PM_PIPENV ? "Pipfile" : "pyproject.toml";
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

/* --- Go -------------------------------------------------------------------- */

static bool gomod_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    (void)arg;
    const char *arrow = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (line[i] == '=' && line[i + 1] == '>') {
            arrow = line + i + 2;
            break;
        }
    if (!arrow || mf_line_is_comment(line, len))
        return true;
    size_t rl = len - (size_t)(arrow - line);
    mf_trim(&arrow, &rl);
    size_t w = 0;
    while (w < rl && arrow[w] != ' ' && arrow[w] != '\t')
        w++;
    if (rl && (arrow[0] == '.' || arrow[0] == '/'))
        return mf_skipf(m, "`%s` replaces a module with the local directory `%.*s`", path, (int)w,
                        arrow);
    return true;
}

static void go_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, "go.work", &path);
    if (mf_ctx_file(m->env, path.data)) {
        mf_skipf(m, "`%s` puts it in workspace mode, which needs every module of the workspace",
                 path.data);
        goto out;
    }
    mf_path_resolve(m->dir, "go.mod", &path);
    if (mf_read_ctx(m, path.data, &text))
        mf_each_line(m, path.data, text.data, gomod_line, NULL);
out:
    lf_buf_free(&path);
    lf_buf_free(&text);
}

/* --- Bundler ----------------------------------------------------------------- */

static bool gemfile_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    (void)arg;
    mf_trim(&line, &len);
    if (len == 0 || line[0] == '#')
        return true;
    char l[512];
    snprintf(l, sizeof l, "%.*s", (int)len, line);
    size_t w = strcspn(l, " \t(");
    if ((w == 7 && memcmp(l, "gemspec", 7) == 0))
        return mf_skipf(
            m, "`%s` has a `gemspec` line: the gem's own sources are part of the bundle", path);
    if ((w == 12 && memcmp(l, "eval_gemfile", 12) == 0) ||
        (w == 16 && memcmp(l, "require_relative", 16) == 0))
        return mf_skipf(m, "`%s` loads another file (`%.*s`)", path, (int)w, l);
    if (strstr(l, "path:") || strstr(l, ":path"))
        return mf_skipf(m, "`%s` has a `path:` source", path);
    return true;
}

static void bundler_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, "Gemfile", &path);
    if (mf_read_ctx(m, path.data, &text))
        mf_each_line(m, path.data, text.data, gemfile_line, NULL);
    lf_buf_free(&path);
    lf_buf_free(&text);
}

/* --- Composer ---------------------------------------------------------------- */

static void composer_rules(mctx *m, const cmdline *cl)
{
    lf_buf path = LF_BUF_INIT;
    mf_path_resolve(m->dir, "composer.json", &path);
    jv doc;
    if (!mf_read_json(m, path.data, &doc)) {
        lf_buf_free(&path);
        return;
    }
    if (!mf_has_any_opt(cl, cl->pm->no_scripts_opts)) {
        const jv *scripts = mf_jget(&doc, "scripts");
        for (size_t i = 0; scripts && scripts->type == 'o' && i < scripts->n; i++)
            if (lf_pkgmgr_in(lf_composer_install_events, scripts->kids[i].key)) {
                mf_skipf(m,
                         "`%s` has a `%s` script, which runs during the install and may need the "
                         "sources (add --no-scripts)",
                         path.data, scripts->kids[i].key);
                goto out;
            }
    }
    if (!mf_find_opt(cl, "--no-autoloader")) {
        static const char *const optimize[] = {"-o", "--optimize-autoloader", "-a",
                                               "--classmap-authoritative", NULL};
        bool classmap = mf_jget(mf_jget(&doc, "autoload"), "classmap") != NULL;
        if (classmap || mf_has_any_opt(cl, optimize)) {
            mf_skipf(m,
                     "the autoloader it dumps scans the sources for classes (add --no-autoloader "
                     "and dump it after the sources are copied)");
            goto out;
        }
    }
    const jv *repos = mf_jget(&doc, "repositories");
    for (size_t i = 0; repos && i < repos->n; i++) {
        const jv *type = mf_jget(&repos->kids[i], "type");
        if (type && type->type == 's' && strcmp(type->str, "path") == 0) {
            mf_skipf(m, "`%s` has a `path` repository", path.data);
            break;
        }
    }
out:
    mf_jv_free(&doc);
    lf_buf_free(&path);
}

/* --- Maven ------------------------------------------------------------------- */

static void maven_pom(mctx *m, const char *pom, int depth)
{
    if (depth > MF_MAX_DEPTH) {
        mf_skipf(m, "Maven modules nest deeper than %d levels", MF_MAX_DEPTH);
        return;
    }
    if (mf_seen_before(m, pom))
        return;
    if (!mf_want_file(m, pom))
        return;
    lf_buf text = LF_BUF_INIT, dir = LF_BUF_INIT, mod = LF_BUF_INIT, path = LF_BUF_INIT;
    if (!mf_read_ctx(m, pom, &text))
        goto out;
    mf_strip_xml_comments(&text);
    mf_dir_name(pom, &dir);
    for (const char *s = text.data; (s = strstr(s, "<module>")) != NULL && !m->skipped;) {
        s += 8;
        const char *e = strstr(s, "</module>");
        if (!e)
            break;
        const char *v = s;
        size_t vl = (size_t)(e - s);
        mf_trim(&v, &vl);
        lf_buf_clear(&mod);
        lf_buf_add(&mod, v, vl);
        if (strchr(mod.data, '$')) {
            mf_skipf(m, "`%s` names the module `%s` through a property", pom, mod.data);
            break;
        }
        if (!mf_ends_with(mod.data, ".xml"))
            lf_buf_adds(&mod, "/pom.xml");
        if (!mf_path_resolve(dir.data, mod.data, &path)) {
            mf_skipf(m, "`%s` has a module outside the build context (`%s`)", pom, mod.data);
            break;
        }
        if (!mf_ctx_file(m->env, path.data)) {
            mf_skipf(m, "`%s` lists the module `%.*s`, whose pom is not in the build context", pom,
                     (int)vl, v);
            break;
        }
        maven_pom(m, path.data, depth + 1);
        s = e;
    }
out:
    lf_buf_free(&text);
    lf_buf_free(&dir);
    lf_buf_free(&mod);
    lf_buf_free(&path);
}

static void maven_rules(mctx *m, const cmdline *cl)
{
    lf_buf path = LF_BUF_INIT;
    mf_path_resolve(m->dir, "pom.xml", &path);
    maven_pom(m, path.data, 0);
    for (size_t i = 0; i < cl->nopts && !m->skipped; i++) {
        const opt *o = &cl->opts[i];
        if ((strcmp(o->name, "-s") == 0 || strcmp(o->name, "--settings") == 0) && o->value &&
            o->value[0] != '/') {
            if (o->value_dyn || !mf_path_resolve(m->dir, o->value, &path))
                mf_skipf(m, "the settings file `%s` cannot be located in the build context",
                         o->value);
            else
                mf_want_file(m, path.data);
        }
    }
    lf_buf_free(&path);
}

/* --- Gradle ------------------------------------------------------------------ */

static void gradle_want_build_files(mctx *m, const char *projdir)
{
    static const char *const names[] = {"build.gradle", "build.gradle.kts", "gradle.properties",
                                        NULL};
    lf_buf p = LF_BUF_INIT;
    for (size_t i = 0; names[i]; i++) {
        lf_buf_clear(&p);
        lf_buf_printf(&p, "%s%s%s", projdir, *projdir ? "/" : "", names[i]);
        if (mf_ctx_file(m->env, p.data))
            mf_want(m, p.data, false, true);
    }
    lf_buf_free(&p);
}

typedef struct gradle_state {
    lf_buf *proj;
    bool build_script; /* a build.gradle(.kts): only script applications matter */
} gradle_state;

static bool settings_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    gradle_state *st = arg;
    mf_trim(&line, &len);
    if (len == 0 || mf_starts_with(line, "//"))
        return true;
    char l[1024];
    snprintf(l, sizeof l, "%.*s", (int)len, line);
    if (strstr(l, "apply from") || strstr(l, "apply(from"))
        return mf_skipf(m, "`%s` applies another script (`%s`)", path, l);
    if (st->build_script)
        return true;
    if (strstr(l, "includeBuild") || strstr(l, "includeFlat") || strstr(l, "projectDir"))
        return mf_skipf(m, "`%s` uses `%.*s`, which needs more than the build scripts", path,
                        (int)strcspn(l, " ("), l);
    if (!mf_starts_with(l, "include"))
        return true;
    /* every quoted project path on an include line */
    for (const char *s = l; *s;) {
        const char *q = strpbrk(s, "'\"");
        if (!q)
            break;
        const char *e = strchr(q + 1, *q);
        if (!e)
            break;
        lf_buf_clear(st->proj);
        lf_buf_printf(st->proj, "%s%s", m->dir, *m->dir ? "/" : "");
        for (const char *c = q + 1; c < e; c++) {
            if (*c == ':') {
                if (st->proj->len && st->proj->data[st->proj->len - 1] != '/')
                    lf_buf_addc(st->proj, '/');
            } else {
                lf_buf_addc(st->proj, *c);
            }
        }
        lf_buf_adds(st->proj, "");
        if (strchr(st->proj->data, '$'))
            return mf_skipf(m, "`%s` includes a project named at build time", path);
        gradle_want_build_files(m, st->proj->data);
        s = e + 1;
    }
    return true;
}

static void gradle_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT, proj = LF_BUF_INIT;
    mf_path_resolve(m->dir, "buildSrc", &path);
    if (mf_ctx_dir(m->env, path.data)) {
        mf_skipf(m, "`%s/` holds build logic that the build scripts need", path.data);
        goto out;
    }
    /* the settings and root build scripts: includes, and scripts they pull in */
    static const char *const scripts[] = {"settings.gradle", "settings.gradle.kts", "build.gradle",
                                          "build.gradle.kts", NULL};
    gradle_state st = {&proj, false};
    for (size_t i = 0; scripts[i] && !m->skipped; i++) {
        st.build_script = i >= 2;
        mf_path_resolve(m->dir, scripts[i], &path);
        if (mf_ctx_file(m->env, path.data) && mf_read_ctx(m, path.data, &text))
            mf_each_line(m, path.data, text.data, settings_line, &st);
    }
out:
    lf_buf_free(&path);
    lf_buf_free(&text);
    lf_buf_free(&proj);
}

/* --- .NET -------------------------------------------------------------------- */

static bool is_dotnet_project(const char *name)
{
    for (size_t i = 0; lf_dotnet_project_exts[i]; i++)
        if (mf_ends_with_nocase(name, lf_dotnet_project_exts[i]))
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
                if (mf_ends_with(name, ".props") || mf_ends_with(name, ".targets"))
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
    lf_buf_printf(&lock, "%s%spackages.lock.json", dir.data, dir.len ? "/" : "");
    if (mf_ctx_file(m->env, lock.data))
        mf_want(m, lock.data, false, true);
    if (mf_ends_with_nocase(proj, ".sln")) {
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
    } else if (mf_ends_with_nocase(proj, ".slnx")) {
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

static void dotnet_rules(mctx *m, const cmdline *cl, size_t nwords)
{
    lf_buf p = LF_BUF_INIT;
    const char *target = cl->npos > nwords ? cl->pos[nwords] : NULL;
    if (cl->npos > nwords + 1) {
        mf_skipf(m, "it names several projects");
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
        for (size_t f = 0; m->env->ctx && f < m->env->ctx->nfiles; f++) {
            const char *file = m->env->ctx->files[f];
            if (dl && (strncmp(file, p.data, dl) != 0 || file[dl] != '/'))
                continue;
            const char *name = dl ? file + dl + 1 : file;
            if (!strchr(name, '/') && is_dotnet_project(name)) {
                found = file;
                nfound++;
            }
        }
        if (nfound != 1)
            mf_skipf(m, "%s project or solution file in `%s`",
                     nfound ? "it cannot tell which" : "there is no", *p.data ? p.data : ".");
        else
            dotnet_project(m, found, 0);
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

/* --- the table's fixed files, outputs, .dockerignore ------------------------- */

static void table_files(mctx *m, const lf_pm *pm, bool wrapper)
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
static void check_outputs(mctx *m, const lf_pm *pm)
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

static void apply_dockerignore(mctx *m)
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

/* --- classification -------------------------------------------------------- */

/* first: the command's first positional word after the program, or NULL;
 * words[from..n) its arguments */
static bool is_helper(const char *prog, const char *first, char *const *words, size_t from,
                      size_t n)
{
    for (size_t i = 0; lf_pm_helpers[i].program; i++) {
        const lf_pm_helper *h = &lf_pm_helpers[i];
        if (strcmp(h->program, prog) != 0)
            continue;
        if (h->first_word && (!first || strcmp(first, h->first_word) != 0))
            continue;
        for (size_t k = from; h->unless && k < n; k++)
            if (strcmp(words[k], h->unless) == 0)
                return false;
        return true;
    }
    return false;
}

/* The command's words and whether each is known only at run time (an
 * expansion, or a glob the shell expands). */
static void command_words(const lf_cmd *c, char **words, bool *dyn)
{
    for (size_t i = 0; i < c->n; i++) {
        words[i] = c->w[i].s;
        dyn[i] = c->w[i].dyn || c->w[i].glob;
    }
}

static void classify(const lf_manifest_env *env, const char *dir, const lf_cmd *c, char **words,
                     const bool *dyn, lf_install_info *out);

void lf_install_classify(const lf_manifest_env *env, const char *dir, const lf_cmd *c,
                         lf_install_info *out)
{
    out->kind = LF_CMD_OTHER;
    if (c->n == 0 || c->w[0].dyn || c->w[0].glob)
        return;
    char **words = calloc(c->n, sizeof *words);
    bool *dyn = calloc(c->n, sizeof *dyn);
    command_words(c, words, dyn);
    classify(env, dir, c, words, dyn, out);
    free(words);
    free(dyn);
}

/* A package manager run directly or through a module runner (`python -m
 * pip`, `corepack pnpm`, `php composer.phar`, `sh ./gradlew`): the model
 * says which word is its program. */
static void classify(const lf_manifest_env *env, const char *dir, const lf_cmd *c, char **words,
                     const bool *dyn, lf_install_info *out)
{
    size_t n = c->n, k = c->pm ? c->prog : 0;
    char prog[64];
    lf_tool_normalize(words[k], prog, sizeof prog);
    cmdline cl;
    memset(&cl, 0, sizeof cl);
    cl.pm = lf_pkgmgr_for_program(prog, &cl.wrapper);
    if (!cl.pm) {
        size_t i = k + 1;
        while (i < n && words[i][0] == '-')
            i++;
        if (is_helper(prog, i < n ? words[i] : NULL, words, k + 1, n))
            out->kind = LF_CMD_HELPER;
        return;
    }
    cl.program = words[k];
    mf_parse_args(&cl, words, dyn, k + 1, n);
    const lf_pm_install *form = NULL;
    size_t nwords = 0;
    for (size_t i = 0; cl.pm->installs[i].words && !form; i++)
        if (mf_form_matches(&cl, &cl.pm->installs[i], &nwords))
            form = &cl.pm->installs[i];
    if (!form) {
        if (is_helper(prog, cl.npos ? cl.pos[0] : NULL, words, k + 1, n))
            out->kind = LF_CMD_HELPER;
        return;
    }
    out->pm = cl.pm;
    mctx m = {.env = env, .dir = dir, .why = &out->why};
    bool global = mf_has_any_opt(&cl, cl.pm->global_opts);
    if ((form->flags & LF_PI_NO_PKG_ARGS) && cl.npos > nwords) {
        /* named packages: an add, not an install from the manifests */
        for (size_t i = nwords; i < cl.npos && !m.skipped; i++)
            if (!cl.pos_dyn[i] && mf_is_local_path(cl.pos[i]))
                mf_skipf(&m, "it installs the local path `%s`, which needs the sources", cl.pos[i]);
        out->kind = m.skipped ? LF_CMD_SKIP : global ? LF_CMD_HELPER : LF_CMD_OTHER;
        goto done;
    }
    if (global) {
        mf_skipf(&m, "`%s` without packages installs the project itself globally", prog);
        goto finish;
    }
    if (!env->ctx) {
        mf_skipf(&m, "the build context's files are not known, so its manifests cannot be checked");
        goto finish;
    }
    for (size_t i = 0; i < cl.nopts && !m.skipped; i++)
        if (lf_pkgmgr_in(cl.pm->dir_opts, cl.opts[i].name))
            mf_skipf(&m, "`%s` points it at another directory or manifest", cl.opts[i].name);
    if (m.skipped)
        goto finish;
    bool needs_missing = form->needs_one_of && !mf_has_any_opt(&cl, form->needs_one_of);
    if (form->flags & (LF_PI_REQ_FILES | LF_PI_ARGS_ARE_FILES)) {
        out->kind = pip_install(&m, &cl, nwords, form->flags & LF_PI_ARGS_ARE_FILES);
        if (out->kind != LF_CMD_INSTALL)
            goto done;
    } else {
        for (size_t i = nwords; i < cl.npos && !m.skipped; i++)
            if (cl.pos_dyn[i])
                mf_skipf(&m, "`%s` is known only at build time", cl.pos[i]);
        if (!m.skipped)
            table_files(&m, cl.pm, cl.wrapper);
        if (!m.skipped) {
            switch (cl.pm->id) {
            case LF_PM_NPM:
            case LF_PM_YARN:
            case LF_PM_PNPM:
                node_rules(&m, &cl);
                break;
            case LF_PM_PIPENV:
            case LF_PM_POETRY:
            case LF_PM_UV:
                python_project_rules(&m, &cl, needs_missing, form);
                break;
            case LF_PM_GO:
                go_rules(&m);
                break;
            case LF_PM_BUNDLER:
                bundler_rules(&m);
                break;
            case LF_PM_COMPOSER:
                composer_rules(&m, &cl);
                break;
            case LF_PM_MAVEN:
                maven_rules(&m, &cl);
                break;
            case LF_PM_GRADLE:
                gradle_rules(&m);
                break;
            case LF_PM_DOTNET:
                dotnet_rules(&m, &cl, nwords);
                break;
            case LF_PM_PIP:
            case LF_PM_CARGO:
            case LF_PM_GEM:
            case LF_PM_APT:
            case LF_PM_APK:
            case LF_PM_DNF:
            case LF_PM_COUNT:
                break;
            }
        }
    }
    if (!m.skipped)
        check_outputs(&m, cl.pm);
    if (!m.skipped)
        apply_dockerignore(&m);
finish:
    out->kind = m.skipped ? LF_CMD_SKIP : LF_CMD_INSTALL;
    if (out->kind == LF_CMD_INSTALL) {
        /* a file inside a directory that is copied whole needs no copy of its own */
        lf_buf p = LF_BUF_INIT;
        for (size_t i = 0; i < m.n; i++) {
            bool covered = false;
            for (size_t j = 0; j < m.n && !covered; j++) {
                size_t dl = strlen(m.files[j].path);
                covered = j != i && m.files[j].dir &&
                          strncmp(m.files[i].path, m.files[j].path, dl) == 0 &&
                          m.files[i].path[dl] == '/';
            }
            if (covered)
                continue;
            lf_buf_clear(&p);
            lf_buf_printf(&p, "%s%s", m.files[i].path, m.files[i].dir ? "/" : "");
            lf_strv_push(&out->files, p.data, p.len);
        }
        lf_buf_free(&p);
    }
done:
    for (size_t i = 0; i < m.n; i++)
        free(m.files[i].path);
    free(m.files);
    lf_strv_free(&m.seen);
}

void lf_install_info_free(lf_install_info *info)
{
    lf_strv_free(&info->files);
    lf_buf_free(&info->why);
    memset(info, 0, sizeof *info);
}
