/*
 * ci-cache's notes for files CI runs that are not GitHub Actions
 * workflows (see ci_cache.h): GitLab CI files (the shell lines of script,
 * before_script and after_script, wherever they sit: jobs, hidden jobs,
 * default:), Makefiles (recipe lines) and shell scripts. The notes are
 * cinotes.c's; nothing is edited: these files have no cache setting we
 * could fill in without knowing the registry and the runner.
 */
#include "ci.h"
#include "ci_cache.h"
#include "cinotes.h"
#include "cmdscan.h"
#include "yamltree.h"

#include <string.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool named(const char *path, const char *const *names, const char *const *suffixes)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    for (; names && *names; names++)
        if (strcmp(b, *names) == 0)
            return true;
    for (; suffixes && *suffixes; suffixes++) {
        size_t k = strlen(*suffixes);
        if (n > k && strcmp(b + n - k, *suffixes) == 0)
            return true;
    }
    return false;
}

static bool script_key(const lf_ytree *t, size_t key)
{
    for (const char *const *k = lf_gitlab.script_keys; *k; k++)
        if (lf_yscalar_is(t, key, *k))
            return true;
    return false;
}

static void scalar_notes(const lf_ytree *t, const char *text, size_t n, lf_ctx *ctx)
{
    size_t a, b;
    bool folded;
    if (t->nodes[n].tagged || !lf_yscalar_source(t, text, n, &a, &b, &folded))
        return;
    lf_ci_note_opts o = {LF_CI_GITLAB, false};
    lf_ci_notes_commands(text, a, b, folded ? LF_CMDSCAN_FOLD : 0, &o, ctx);
}

static int gitlab_notes(const char *path, const char *text, size_t len, lf_ctx *ctx)
{
    lf_ytree t;
    lf_buf err = LF_BUF_INIT;
    size_t eoff = 0;
    if (lf_ytree_parse(&t, text, len, &err, &eoff) != 0) {
        lf_ctx_note(ctx, eoff, "%s:%s: not valid YAML", path, lf_buf_cstr(&err));
        lf_buf_free(&err);
        return -1;
    }
    lf_buf_free(&err);
    /* every value of a script key: a scalar, or a list of them (nested
     * lists, as `!reference` splices give, count too) */
    for (size_t i = 0; i < t.n; i++) {
        const lf_ynode *n = &t.nodes[i];
        if (n->parent == LF_YNONE || t.nodes[n->parent].kind != LF_Y_MAP)
            continue;
        const lf_ynode *m = &t.nodes[n->parent];
        for (size_t k = 1; k < m->nkids; k += 2) {
            if (m->kids[k] != i || !script_key(&t, m->kids[k - 1]))
                continue;
            if (n->kind == LF_Y_SCALAR)
                scalar_notes(&t, text, i, ctx);
            for (size_t c = 0; n->kind == LF_Y_SEQ && !n->tagged && c < n->nkids; c++) {
                size_t item = n->kids[c];
                if (t.nodes[item].kind == LF_Y_SCALAR)
                    scalar_notes(&t, text, item, ctx);
                for (size_t d = 0; t.nodes[item].kind == LF_Y_SEQ && !t.nodes[item].tagged &&
                                   d < t.nodes[item].nkids;
                     d++)
                    scalar_notes(&t, text, t.nodes[item].kids[d], ctx);
            }
        }
    }
    lf_ytree_free(&t);
    return 0;
}

int lf_ci_notes_script(const char *path, const char *text, size_t len, lf_ctx *ctx)
{
    lf_ci_notes_legacy_builder(text, len, ctx);
    if (named(path, lf_gitlab.file_names, lf_gitlab.file_suffixes))
        return gitlab_notes(path, text, len, ctx);
    bool make = named(path, lf_ci_makefile_names, lf_ci_makefile_suffixes);
    lf_ci_note_opts o = {make ? LF_CI_MAKEFILE : LF_CI_SCRIPT, false};
    lf_ci_notes_commands(text, 0, len, make ? LF_CMDSCAN_MAKE : 0, &o, ctx);
    return 0;
}
