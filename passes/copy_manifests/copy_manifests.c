/*
 * copy-manifests-first: a COPY of the whole build context before a
 * dependency install becomes a COPY of just the manifests that install
 * reads, and the whole-context COPY moves to right after the install
 * (design.md "The passes" 2).
 *
 * Why: a COPY's cache key is the content of every file it copies, so with
 * `COPY . .` first, any source edit re-runs the install. Copying only the
 * manifests first keeps the install layer cached until a manifest changes.
 *
 * The rewrite, per stage:
 *
 *     COPY --chown=app . .            COPY --chown=app package.json package-lock.json ./
 *     ENV NODE_ENV=production   ->    ENV NODE_ENV=production
 *     RUN npm ci                      RUN npm ci
 *     RUN npm run build               COPY --chown=app . .
 *                                     RUN npm run build
 *
 * The RUN never moves (ENV/ARG between the COPY and it shape its
 * environment); the manifest COPY takes the whole COPY's place with its
 * --chown/--chmod/--link flags and destination, and the whole COPY goes
 * after the last of the consecutive installs that need only manifests.
 * Which programs install what, and which files they read, is the business
 * of pkgmgr.c (the table) and manifests.c with the mf_*.c rules (the
 * contents of those files).
 *
 * Left alone, with a note saying why: an exec-form COPY, --exclude and
 * --parents, flags it does not know; a RUN/COPY/ADD/VOLUME between the COPY
 * and the install (a heredoc COPY included: its source is the heredoc, so it
 * is never itself a whole-context copy), a WORKDIR there when the
 * destination is relative, an ENV/ARG there that changes a variable of the
 * COPY; an install inside a condition, pipeline or `||`, sharing its RUN with
 * commands that may read sources, running outside the destination, or
 * needing more than manifests (the rules say why); manifests that
 * .dockerignore excludes or whose names need quoting, an ignore file
 * BuildKit refuses; manifests already copied on their own before it. A
 * COPY --from is not a context copy and is skipped silently, as is a
 * whole-context COPY with no install after it.
 */
#include "copy_manifests.h"

#include "brief.h"
#include "cmf.h"
#include "paths.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "copy-manifests-first"

/* --- one whole-context COPY ---------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
note(const lf_doc *doc, lf_ctx *ctx, const copy_info *ci, const char *fmt, ...)
{
    lf_buf what = LF_BUF_INIT, msg = LF_BUF_INIT;
    lf_doc_brief(doc, ci->in->line, &what);
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    lf_ctx_note(ctx, ci->in->keyword.start, "`%s` stays where it is: %s", what.data,
                lf_buf_cstr(&msg));
    lf_buf_free(&what);
    lf_buf_free(&msg);
}

/* ignore_problem: why the ignore file cannot be used, or NULL. */
static void rewrite_copy(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out,
                         const lf_stage *st, int c, const lf_manifest_env *env,
                         const char *ignore_problem)
{
    copy_info ci;
    if (!cmf_read_copy(doc, &doc->instrs[c], &ci))
        return;
    lf_buf txt = LF_BUF_INIT, why = LF_BUF_INIT, ins = LF_BUF_INIT;
    lf_strv files = LF_STRV_INIT;
    run_info r = {0};
    char bbuf[512];
    int block = -1, k0 = -1, kn = -1;
    const lf_copy_fact *cf = cmf_copy_fact(an, doc, c);
    ci.abs_dest = cf ? cf->dest : NULL;
    if (!lf_wd_join(lf_analysis_state(an, c)->workdir_sym, ci.dest.data, &ci.dest_abs)) {
        lf_buf_clear(&ci.dest_abs);
        lf_buf_adds(&ci.dest_abs, "?"); /* matches no working directory */
    }
    /* the first RUN with a dependency install, and what stands before it */
    for (int j = c + 1; j <= st->last; j++) {
        const lf_instr *in = &doc->instrs[j];
        if (in->kw == LF_KW_RUN) {
            cmf_run_info_free(&r);
            cmf_classify_run(doc, an, j, env, &ci, &r);
            if (r.kind != RUN_OTHER) {
                k0 = j;
                break;
            }
        }
        if (block < 0 && cmf_blocker(doc, an, j, &ci, "", bbuf, sizeof bbuf))
            block = j;
    }
    if (k0 < 0)
        goto out; /* nothing to install after it: the COPY is where it belongs */
    lf_doc_brief(doc, r.install, &txt);
    if (ci.problem) {
        note(doc, ctx, &ci, "`%s` follows it, but %s", txt.data, ci.problem);
        goto out;
    }
    if (block >= 0) {
        note(doc, ctx, &ci, "%s", cmf_blocker(doc, an, block, &ci, txt.data, bbuf, sizeof bbuf));
        goto out;
    }
    if (ignore_problem) {
        note(doc, ctx, &ci, "`%s` follows it, but %s", txt.data, ignore_problem);
        goto out;
    }
    if (r.kind == RUN_BLOCKED) {
        note(doc, ctx, &ci, "%s", r.why.data);
        goto out;
    }
    /* extend over the installs that follow directly */
    kn = k0;
    cmf_add_files(&files, &r.files);
    for (int j = k0 + 1; j <= st->last; j++) {
        const lf_instr *in = &doc->instrs[j];
        if (in->kw == LF_KW_RUN) {
            run_info more;
            cmf_classify_run(doc, an, j, env, &ci, &more);
            bool ok = more.kind == RUN_INSTALL;
            if (ok) {
                kn = j;
                cmf_add_files(&files, &more.files);
            }
            cmf_run_info_free(&more);
            if (!ok)
                break;
            continue;
        }
        if (cmf_blocker(doc, an, j, &ci, "", bbuf, sizeof bbuf))
            break;
    }
    /* already done by hand: nothing to insert */
    bool all_copied = false;
    for (size_t i = 0; i < files.n; i++) {
        if (files.items[i].s[files.items[i].len - 1] == '/')
            continue; /* a directory: its files may be copied one by one */
        all_copied = cmf_copied_before(doc, an, st, c, files.items[i].s, ci.dest_abs.data);
        if (!all_copied)
            break;
    }
    if (all_copied) {
        note(doc, ctx, &ci,
             "the manifests of `%s` are already copied on their own before it; move it after "
             "the install by hand if nothing in between needs the sources",
             txt.data);
        goto out;
    }
    for (size_t i = 0; i < files.n; i++)
        if (cmf_needs_quoting(files.items[i].s)) {
            note(doc, ctx, &ci, "the manifest name `%s` would need quoting", files.items[i].s);
            goto out;
        }
    if (strpbrk(ci.dest.data, " \t\"'")) {
        note(doc, ctx, &ci, "its destination `%s` would need quoting", ci.dest.data);
        goto out;
    }
    /* the edits */
    {
        const lf_instr *cp = &doc->instrs[c], *last = &doc->instrs[kn];
        const char *s = doc->src->data;
        const char *nl = doc->src->nl ? doc->src->nl : "\n";
        if (cp->span.end >= 2 && s[cp->span.end - 1] == '\n')
            nl = s[cp->span.end - 2] == '\r' ? "\r\n" : "\n";
        lf_buf names = LF_BUF_INIT;
        for (size_t i = 0; i < files.n; i++)
            lf_buf_printf(&names, "%s%s", i ? " " : "", files.items[i].s);
        cmf_manifest_copies(doc, &ci, &files, nl, &ins);
        lf_buf_printf(&why,
                      "copy only the manifests (%s) before `%s`, so that the install layer stays "
                      "cached until a manifest changes",
                      names.data, txt.data);
        lf_edits_add(out, cp->span.start, cp->span.end, ins.data, ins.len, PASS, why.data);
        /* the whole COPY, as written, right after the last install */
        lf_buf_clear(&ins);
        size_t len = cp->span.end - cp->span.start;
        if (last->span.end > 0 && s[last->span.end - 1] != '\n') {
            size_t strip = len >= 2 && s[cp->span.end - 2] == '\r' ? 2 : 1;
            lf_buf_adds(&ins, nl);
            lf_buf_add(&ins, s + cp->span.start, len - strip);
        } else {
            lf_buf_add(&ins, s + cp->span.start, len);
        }
        lf_buf_clear(&why);
        lf_buf_printf(&why,
                      "copy the rest of the build context after the install: a source change no "
                      "longer re-runs `%s`",
                      txt.data);
        lf_edits_add(out, last->span.end, last->span.end, ins.data, ins.len, PASS, why.data);
        lf_buf_free(&names);
    }
out:
    cmf_run_info_free(&r);
    cmf_copy_info_free(&ci);
    lf_strv_free(&files);
    lf_buf_free(&txt);
    lf_buf_free(&why);
    lf_buf_free(&ins);
}

/* The ignore file the builder applies (BuildKit prefers `<Dockerfile>.dockerignore`
 * next to the Dockerfile over the context's .dockerignore): its text to
 * out, its name for messages to name. */
static bool read_dockerignore(const lf_doc *doc, lf_ctx *ctx, lf_buf *out, lf_buf *name)
{
    bool found = lf_ctx_ignore_text(ctx, doc->src->path, out, name) == 1;
    lf_buf own = LF_BUF_INIT;
    lf_buf_printf(&own, "%s.dockerignore", doc->src->path);
    if (strcmp(own.data, lf_buf_cstr(name)) != 0) {
        lf_buf_clear(name);
        lf_buf_adds(name, ".dockerignore");
    }
    lf_buf_free(&own);
    return found;
}

/* Is there a whole-context COPY at all (the rest is read only then)? */
static bool any_whole_copy(const lf_doc *doc)
{
    for (size_t i = 0; i < doc->ninstrs; i++) {
        copy_info ci;
        if ((doc->instrs[i].kw == LF_KW_COPY || doc->instrs[i].kw == LF_KW_ADD) &&
            doc->instrs[i].stage >= 0 && cmf_read_copy(doc, &doc->instrs[i], &ci)) {
            cmf_copy_info_free(&ci);
            return true;
        }
    }
    return false;
}

int lf_pass_copy_manifests_first(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx,
                                 lf_edits *out)
{
    if (!any_whole_copy(doc))
        return 0;
    lf_buf text = LF_BUF_INIT, name = LF_BUF_INIT, err = LF_BUF_INIT, problem = LF_BUF_INIT;
    lf_ignore *ig = NULL;
    if (read_dockerignore(doc, ctx, &text, &name) &&
        lf_ignore_compile(&ig, text.data, text.len, &err) != 0)
        lf_buf_printf(&problem, "BuildKit refuses `%s` (%s)", name.data, lf_buf_cstr(&err));
    lf_manifest_env env = {.ctx = ctx->context, .dockerignore = ig};
    for (size_t s = 0; s < doc->nstages; s++) {
        const lf_stage *st = &doc->stages[s];
        for (int i = st->first + 1; i <= st->last; i++)
            if (doc->instrs[i].kw == LF_KW_COPY || doc->instrs[i].kw == LF_KW_ADD)
                rewrite_copy(doc, an, ctx, out, st, i, &env, problem.len ? problem.data : NULL);
    }
    lf_ignore_free(ig);
    lf_buf_free(&text);
    lf_buf_free(&name);
    lf_buf_free(&err);
    lf_buf_free(&problem);
    return 0;
}
