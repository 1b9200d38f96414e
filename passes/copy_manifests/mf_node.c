/*
 * The rules of npm, Yarn and pnpm (see mf.h): lifecycle scripts and local
 * dependencies in package.json, workspace members (package.json
 * "workspaces", pnpm-workspace.yaml) and pnpm's patched dependencies.
 */
#include "mf.h"

#include <string.h>

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
        if (strcmp(mf_base_name(rel), lf_node_manifest) != 0 ||
            strcmp(rel, lf_node_manifest) == 0 || strstr(rel, "node_modules/"))
            continue;
        lf_buf_clear(&member);
        lf_buf_add(&member, rel, strlen(rel) - strlen(lf_node_manifest) - 1);
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

void mf_node_rules(mctx *m, const cmdline *cl)
{
    bool no_scripts = mf_has_any_opt(cl, cl->pm->no_scripts_opts);
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_node_manifest, &path);
    jv pkg;
    if (!mf_read_json(m, path.data, &pkg)) {
        lf_buf_free(&path);
        return;
    }
    node_check_package(m, path.data, &pkg, no_scripts);
    lf_strv patterns = LF_STRV_INIT;
    if (cl->pm->id == LF_PM_PNPM) {
        /* pnpm reads its workspace from pnpm-workspace.yaml only */
        mf_path_resolve(m->dir, lf_pnpm_workspace_file, &path);
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
