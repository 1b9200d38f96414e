/*
 * What one shell command reads of the project (see manifests.h).
 *
 * The answer must err on the safe side: an install is reported as needing
 * only manifests when every file it reads is known and present in the build
 * context; anything the rules (mf_*.c, see mf.h) cannot read with confidence
 * (a file they cannot parse, a name known only at build time, a layout they
 * do not model) makes the install LF_CMD_SKIP with the reason, never
 * LF_CMD_INSTALL. This file classifies the command and runs the rules.
 */
#include "mf.h"

#include "tools.h"

#include <stdlib.h>
#include <string.h>

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

/* The rules of the command's ecosystem, after the table's fixed files. */
static void ecosystem_rules(mctx *m, const cmdline *cl, const lf_pm_install *form, size_t nwords)
{
    bool needs_missing = form->needs_one_of && !mf_has_any_opt(cl, form->needs_one_of);
    switch (cl->pm->id) {
    case LF_PM_NPM:
    case LF_PM_YARN:
    case LF_PM_PNPM:
        mf_node_rules(m, cl);
        break;
    case LF_PM_PIPENV:
    case LF_PM_POETRY:
    case LF_PM_UV:
        mf_python_project_rules(m, cl, needs_missing, form);
        break;
    case LF_PM_GO:
        mf_go_rules(m);
        break;
    case LF_PM_BUNDLER:
        mf_bundler_rules(m);
        break;
    case LF_PM_COMPOSER:
        mf_composer_rules(m, cl);
        break;
    case LF_PM_MAVEN:
        mf_maven_rules(m, cl);
        break;
    case LF_PM_GRADLE:
        mf_gradle_rules(m);
        break;
    case LF_PM_DOTNET:
        mf_dotnet_rules(m, cl, nwords);
        break;
    case LF_PM_PIP:
    case LF_PM_CARGO:
    case LF_PM_GEM:
    case LF_PM_APT:
    case LF_PM_APK:
    case LF_PM_DNF:
    case LF_PM_ZYPPER:
    case LF_PM_COUNT:
        break;
    }
}

/* The files to copy, in order; a file inside a directory that is copied
 * whole needs no copy of its own. */
static void install_files(const mctx *m, lf_strv *out)
{
    lf_buf p = LF_BUF_INIT;
    for (size_t i = 0; i < m->n; i++) {
        bool covered = false;
        for (size_t j = 0; j < m->n && !covered; j++) {
            size_t dl = strlen(m->files[j].path);
            covered = j != i && m->files[j].dir &&
                      strncmp(m->files[i].path, m->files[j].path, dl) == 0 &&
                      m->files[i].path[dl] == '/';
        }
        if (covered)
            continue;
        lf_buf_clear(&p);
        lf_buf_printf(&p, "%s%s", m->files[i].path, m->files[i].dir ? "/" : "");
        lf_strv_push(out, p.data, p.len);
    }
    lf_buf_free(&p);
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
    if (form->flags & (LF_PI_REQ_FILES | LF_PI_ARGS_ARE_FILES)) {
        out->kind = mf_pip_install(&m, &cl, nwords, form->flags & LF_PI_ARGS_ARE_FILES);
        if (out->kind != LF_CMD_INSTALL)
            goto done;
    } else {
        for (size_t i = nwords; i < cl.npos && !m.skipped; i++)
            if (cl.pos_dyn[i])
                mf_skipf(&m, "`%s` is known only at build time", cl.pos[i]);
        if (!m.skipped)
            mf_table_files(&m, cl.pm, cl.wrapper);
        if (!m.skipped)
            ecosystem_rules(&m, &cl, form, nwords);
    }
    if (!m.skipped)
        mf_check_outputs(&m, cl.pm);
    if (!m.skipped)
        mf_apply_dockerignore(&m);
finish:
    out->kind = m.skipped ? LF_CMD_SKIP : LF_CMD_INSTALL;
    if (out->kind == LF_CMD_INSTALL)
        install_files(&m, &out->files);
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
