/*
 * Narrow COPYs of source files before an install (see cmf.h):
 *
 *     COPY package.json .                   COPY package.json ./
 *     COPY app.js .                  ->     RUN npm install
 *     RUN npm install                       COPY app.js .
 *
 *     COPY package.json app.js ./    ->     COPY package.json ./
 *     RUN npm install                       RUN npm install
 *                                           COPY app.js ./
 *
 * The COPYs read are those right above the install's RUN (ENV, ARG, USER
 * and metadata between them, and RUNs the analysis proves independent of
 * the install's directory, are stepped over) that copy single files of the
 * context into a directory. Of the files that land in the directory the
 * install runs in, those the rules (manifests.h) say it does not read move
 * to right after its RUN: a COPY whose files all move moves as written
 * (with its comment lines), the others are split. The install must need
 * only manifests, every other command of its RUN must read nothing of the
 * project, and no ENV/ARG between may change a variable the moved COPY
 * uses; a file named like one of the install's outputs (node_modules...)
 * never moves.
 */
#include "cmf.h"

#include "brief.h"
#include "mf.h"
#include "parse.h"
#include "paths.h"
#include "shell.h"
#include "tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "copy-manifests-first"
#define MAX_COPIES 16
#define MAX_SRCS 32

/* A COPY of single context files into a directory. */
typedef struct narrow {
    int instr;
    const char *dest; /* absolute (the analysis's) */
    lf_span dest_text;
    lf_strv srcs;          /* context paths */
    lf_span raw[MAX_SRCS]; /* the sources as written */
    lf_buf flags;          /* --chown/--chmod/--link as written, each followed by a space */
    lf_strv vars;          /* variables its flags and destination use */
    bool moves[MAX_SRCS];
    size_t nmoves;
} narrow;

static void narrow_free(narrow *n)
{
    lf_strv_free(&n->srcs);
    lf_buf_free(&n->flags);
    lf_strv_free(&n->vars);
}

/* A destination that names a directory whatever is copied into it. */
static bool dir_dest(const char *d)
{
    size_t n = strlen(d);
    return n &&
           (d[n - 1] == '/' || strcmp(d, ".") == 0 || (n >= 2 && strcmp(d + n - 2, "/.") == 0));
}

static bool read_flags(const lf_doc *doc, const lf_instr *in, narrow *n)
{
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!cmf_span_is(doc, fl->name, "chown") && !cmf_span_is(doc, fl->name, "chmod") &&
            !cmf_span_is(doc, fl->name, "link"))
            return false;
        lf_buf_add(&n->flags, doc->src->data + fl->span.start, fl->span.end - fl->span.start);
        lf_buf_addc(&n->flags, ' ');
        cmf_collect_vars(doc->src->data + fl->span.start, fl->span.end - fl->span.start,
                         doc->escape, &n->vars);
    }
    lf_buf_adds(&n->flags, "");
    return true;
}

/* Reads COPY j as a narrow COPY; false when it is not one. */
static bool read_narrow(const lf_doc *doc, const lf_analysis *an, const lf_manifest_env *env, int j,
                        narrow *n)
{
    memset(n, 0, sizeof *n);
    n->instr = j;
    const lf_instr *in = &doc->instrs[j];
    const lf_copy_fact *cf = cmf_copy_fact(an, doc, j);
    if (in->kw != LF_KW_COPY || in->exec_form || in->nheredocs || !cf || cf->from || !cf->dest ||
        !read_flags(doc, in, n))
        return false;
    lf_buf w = LF_BUF_INIT;
    size_t npaths = 0;
    TSNode c;
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &c)) {
        if (!lf_node_is(c, "path"))
            continue;
        if (npaths < MAX_SRCS)
            n->raw[npaths] = cmf_node_span(c);
        npaths++;
    }
    lf_children_done(&it);
    bool ok = npaths >= 2 && npaths <= MAX_SRCS && cf->srcs.n == npaths - 1;
    if (ok) {
        n->dest_text = n->raw[npaths - 1];
        lf_shell_unquote(lf_doc_text(doc, n->dest_text), n->dest_text.end - n->dest_text.start, &w);
        ok = dir_dest(w.data) && !strchr(w.data, '$');
        cmf_collect_vars(w.data, w.len, doc->escape, &n->vars);
    }
    for (size_t i = 0; ok && i + 1 < npaths; i++) {
        const char *s = cf->srcs.items[i].s;
        lf_shell_unquote(lf_doc_text(doc, n->raw[i]), n->raw[i].end - n->raw[i].start, &w);
        ok = *s && !strpbrk(w.data, "*?[$") && mf_ctx_file(env, s) && !mf_ctx_dir(env, s);
        lf_strv_push(&n->srcs, s, strlen(s));
    }
    n->dest = cf->dest;
    lf_buf_free(&w);
    return ok;
}

/* --- the install and the COPYs above it ---------------------------------------- */

/* The first command of RUN k that may be a dependency install (a package
 * manager with install spellings, at the top level, in a known directory). */
static const lf_cmd *install_cmd(const lf_run_model *m)
{
    for (size_t i = 0; m && i < m->ncmds; i++) {
        const lf_cmd *c = &m->cmds[i];
        if (!c->inner && c->top_level && !c->after_or && c->pm && c->pm->installs[0].words &&
            c->cwd)
            return c;
    }
    return NULL;
}

/* May a COPY move down past instruction j (between it and the install's
 * RUN), which the install running in cwd does not depend on? */
static bool steppable(const lf_doc *doc, const lf_analysis *an, int j, const char *cwd)
{
    switch (doc->instrs[j].kw) {
    case LF_KW_ENV:
    case LF_KW_ARG:
    case LF_KW_USER:
    case LF_KW_SHELL:
    case LF_KW_LABEL:
    case LF_KW_EXPOSE:
    case LF_KW_CMD:
    case LF_KW_ENTRYPOINT:
    case LF_KW_HEALTHCHECK:
    case LF_KW_STOPSIGNAL:
    case LF_KW_MAINTAINER:
    case LF_KW_ONBUILD:
        return true;
    case LF_KW_RUN: {
        const lf_run_effects *fx = lf_analysis_effects(an, j);
        return fx && !lf_effect_touches(&fx->all, cwd, NULL);
    }
    default:
        return false;
    }
}

/* The narrow COPYs right above RUN k, top to bottom; their number. */
static size_t gather(const lf_doc *doc, const lf_analysis *an, const lf_manifest_env *env,
                     const lf_stage *st, int k, const char *cwd, narrow *out)
{
    narrow found[MAX_COPIES];
    size_t n = 0;
    for (int j = k - 1; j > st->first && n < MAX_COPIES; j--) {
        if (doc->instrs[j].kw == LF_KW_COPY) {
            if (!read_narrow(doc, an, env, j, &found[n])) {
                narrow_free(&found[n]);
                break;
            }
            n++;
        } else if (!steppable(doc, an, j, cwd)) {
            break;
        }
    }
    for (size_t i = 0; i < n; i++)
        out[i] = found[n - 1 - i];
    return n;
}

/* The context directory of the files that land in cwd (all the same), or
 * false. */
static bool project_dir(const narrow *cs, size_t n, const char *cwd, lf_buf *dir)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cs[i].dest, cwd) != 0)
            continue;
        for (size_t s = 0; s < cs[i].srcs.n; s++) {
            lf_buf d = LF_BUF_INIT;
            mf_dir_name(cs[i].srcs.items[s].s, &d);
            bool same = !any || strcmp(lf_buf_cstr(&d), dir->data) == 0;
            if (!any) {
                lf_buf_clear(dir);
                lf_buf_adds(dir, lf_buf_cstr(&d));
            }
            any = true;
            lf_buf_free(&d);
            if (!same)
                return false;
        }
    }
    return any;
}

/* What RUN k reads of the project directory dir (context) it runs in:
 * the manifests into files; false when it is not an install that needs
 * only manifests (why says so when it is an install that needs more). */
static bool run_reads(const lf_analysis *an, const lf_manifest_env *env, int k, const char *cwd,
                      const char *dir, lf_strv *files, const lf_pm **pm, lf_buf *why)
{
    const lf_run_model *m = lf_analysis_run(an, k);
    const lf_run_effects *fx = lf_analysis_effects(an, k);
    bool install = false;
    for (size_t i = 0; m && i < m->ncmds; i++) {
        const lf_cmd *c = &m->cmds[i];
        if (c->inner || c->n == 0 || lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD)
            continue;
        lf_install_info info = {0};
        lf_install_classify(env, dir, c, &info);
        bool here = c->cwd && strcmp(c->cwd, cwd) == 0;
        bool ok = true;
        if (info.kind == LF_CMD_INSTALL && here && c->top_level && !c->after_or) {
            install = true;
            *pm = info.pm;
            cmf_add_files(files, &info.files);
        } else if (info.kind == LF_CMD_SKIP) {
            lf_buf_printf(why, "needs more than manifests: %s", lf_buf_cstr(&info.why));
            *pm = info.pm;
            ok = false;
        } else if (info.kind == LF_CMD_OTHER || info.kind == LF_CMD_INSTALL) {
            ok = fx && i < fx->ncmds && !lf_effect_touches(&fx->cmds[i], cwd, NULL);
        }
        lf_install_info_free(&info);
        if (!ok)
            return false;
    }
    return install;
}

/* Which sources of the COPYs that land in cwd the install does not read. */
static size_t mark_moves(narrow *cs, size_t n, const char *cwd, const lf_strv *files,
                         const lf_pm *pm)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cs[i].dest, cwd) != 0)
            continue;
        for (size_t s = 0; s < cs[i].srcs.n; s++) {
            const char *src = cs[i].srcs.items[s].s;
            bool read = false;
            for (size_t f = 0; f < files->n && !read; f++)
                read = strcmp(files->items[f].s, src) == 0;
            bool output = lf_pkgmgr_in(pm->outputs, lf_path_base(src));
            cs[i].moves[s] = !read && !output;
            cs[i].nmoves += cs[i].moves[s];
        }
        total += cs[i].nmoves;
    }
    return total;
}

/* Two sources that land on the same path: their order matters. */
static bool same_landing(const narrow *cs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t s = 0; s < cs[i].srcs.n; s++)
            for (size_t j = i; j < n; j++)
                for (size_t t = j == i ? s + 1 : 0; t < cs[j].srcs.n; t++)
                    if (strcmp(cs[i].dest, cs[j].dest) == 0 &&
                        strcmp(lf_path_base(cs[i].srcs.items[s].s),
                               lf_path_base(cs[j].srcs.items[t].s)) == 0)
                        return true;
    return false;
}

/* --- the edits ---------------------------------------------------------------------- */

/* A COPY like c with the sources whose moves[] equals moving. */
static void copy_line(const lf_doc *doc, const narrow *c, bool moving, lf_buf *out)
{
    const lf_instr *in = &doc->instrs[c->instr];
    lf_buf_add(out, doc->src->data + in->span.start, in->keyword.end - in->span.start);
    lf_buf_printf(out, " %s", c->flags.data);
    for (size_t s = 0; s < c->srcs.n; s++)
        if (c->moves[s] == moving)
            lf_buf_printf(out, "%.*s ", (int)(c->raw[s].end - c->raw[s].start),
                          lf_doc_text(doc, c->raw[s]));
    lf_buf_add(out, lf_doc_text(doc, c->dest_text), c->dest_text.end - c->dest_text.start);
}

static void move_edits(const lf_doc *doc, const narrow *cs, size_t n, int k, const char *inst,
                       lf_edits *out)
{
    const char *s = doc->src->data;
    const char *nl = doc->src->nl ? doc->src->nl : "\n";
    const lf_instr *run = &doc->instrs[k];
    bool at_eof = run->span.end > 0 && s[run->span.end - 1] != '\n';
    lf_buf text = LF_BUF_INIT, why = LF_BUF_INIT, names = LF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const narrow *c = &cs[i];
        if (!c->nmoves)
            continue;
        const lf_instr *in = &doc->instrs[c->instr];
        lf_buf_clear(&names);
        for (size_t k2 = 0; k2 < c->srcs.n; k2++)
            if (c->moves[k2])
                lf_buf_printf(&names, "%s`%s`", names.len ? ", " : "", c->srcs.items[k2].s);
        lf_buf_clear(&why);
        lf_buf_printf(&why,
                      "copy %s after `%s`, which reads only the manifests: an edit of %s no "
                      "longer re-runs the install",
                      names.data, inst, c->nmoves > 1 ? "them" : "it");
        lf_buf_clear(&text);
        if (c->nmoves == c->srcs.n) {
            /* the whole COPY moves as written, with its comment lines */
            size_t from = lf_doc_comment_start(doc, c->instr);
            lf_buf_adds(&text, at_eof ? nl : "");
            lf_buf_add(&text, s + from, in->span.end - from - (at_eof ? strlen(nl) : 0));
            lf_edits_add(out, from, in->span.end, "", 0, PASS, why.data);
        } else {
            lf_buf kept = LF_BUF_INIT;
            copy_line(doc, c, false, &kept);
            lf_buf_adds(&kept, nl);
            lf_edits_add(out, in->span.start, in->span.end, kept.data, kept.len, PASS, why.data);
            lf_buf_free(&kept);
            lf_buf_adds(&text, at_eof ? nl : "");
            copy_line(doc, c, true, &text);
            lf_buf_adds(&text, at_eof ? "" : nl);
        }
        lf_edits_add(out, run->span.end, run->span.end, text.data, text.len, PASS, why.data);
    }
    lf_buf_free(&text);
    lf_buf_free(&why);
    lf_buf_free(&names);
}

/* A variable a moved COPY uses that an ENV or ARG between it and RUN k sets. */
static bool vars_change(const lf_doc *doc, const narrow *cs, size_t n, int k)
{
    const char *name;
    for (size_t i = 0; i < n; i++)
        for (int j = cs[i].instr + 1; cs[i].nmoves && j < k; j++)
            if (cmf_redefines(doc, &doc->instrs[j], &cs[i].vars, &name))
                return true;
    return false;
}

void cmf_narrow(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, const lf_stage *st, int k,
                const lf_manifest_env *env, lf_edits *out)
{
    const lf_cmd *ic = install_cmd(lf_analysis_run(an, k));
    if (!ic)
        return;
    narrow cs[MAX_COPIES];
    size_t n = gather(doc, an, env, st, k, ic->cwd, cs);
    lf_buf dir = LF_BUF_INIT, why = LF_BUF_INIT, inst = LF_BUF_INIT;
    lf_strv files = LF_STRV_INIT;
    const lf_pm *pm = NULL;
    if (n == 0 || !project_dir(cs, n, ic->cwd, &dir) || same_landing(cs, n))
        goto out;
    lf_doc_brief(doc, ic->span, &inst);
    if (!run_reads(an, env, k, ic->cwd, dir.data, &files, &pm, &why)) {
        /* an install that needs more: say so where a source would have moved */
        for (size_t i = 0; i < n && why.len && pm; i++)
            for (size_t s = 0; s < cs[i].srcs.n; s++)
                if (strcmp(cs[i].dest, ic->cwd) == 0 &&
                    !mf_is_manifest_name(pm, cs[i].srcs.items[s].s)) {
                    lf_buf what = LF_BUF_INIT;
                    lf_doc_brief(doc, doc->instrs[cs[i].instr].line, &what);
                    lf_ctx_note(ctx, doc->instrs[cs[i].instr].keyword.start,
                                "`%s` stays where it is: `%s` %s", what.data, inst.data, why.data);
                    lf_buf_free(&what);
                    goto out;
                }
        goto out;
    }
    if (mark_moves(cs, n, ic->cwd, &files, pm) == 0 || vars_change(doc, cs, n, k))
        goto out;
    move_edits(doc, cs, n, k, inst.data, out);
out:
    for (size_t i = 0; i < n; i++)
        narrow_free(&cs[i]);
    lf_buf_free(&dir);
    lf_buf_free(&why);
    lf_buf_free(&inst);
    lf_strv_free(&files);
}
