/*
 * The rules of Go modules (workspace mode, local `replace` directives),
 * Bundler (gemspec, path sources, files a Gemfile loads) and Composer
 * (install scripts, autoloader dumps, path repositories) (see mf.h).
 */
#include "mf.h"

#include <stdio.h>
#include <string.h>

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

void mf_go_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_go_work_file, &path);
    if (mf_ctx_file(m->env, path.data)) {
        mf_skipf(m, "`%s` puts it in workspace mode, which needs every module of the workspace",
                 path.data);
        goto out;
    }
    mf_path_resolve(m->dir, lf_go_mod_file, &path);
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

void mf_bundler_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_bundler_manifest, &path);
    if (mf_read_ctx(m, path.data, &text))
        mf_each_line(m, path.data, text.data, gemfile_line, NULL);
    lf_buf_free(&path);
    lf_buf_free(&text);
}

/* --- Composer ---------------------------------------------------------------- */

void mf_composer_rules(mctx *m, const cmdline *cl)
{
    lf_buf path = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_composer_manifest, &path);
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
