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
#include "vec.h"

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

/* One broad COPY and the installs after it. */
typedef struct job {
    const lf_doc *doc;
    const lf_analysis *an;
    lf_ctx *ctx;
    const lf_stage *st;
    const lf_manifest_env *env;
    int c; /* the COPY */
    copy_info ci;
    run_info r;     /* the RUN of the first install */
    int k0, kn;     /* the first and the last RUN of the installs */
    int block;      /* the first instruction before k0 the COPY cannot pass, or -1 */
    bool rebase;    /* a WORKDIR between: the moved COPY gets its absolute destination */
    lf_strv files;  /* the manifests to copy first, context paths */
    int *needed_by; /* per file: the RUN of the first install that reads it */
    size_t nneeded, capn;
    lf_buf txt; /* the first install as written, for messages */
    char bbuf[512];
} job;

static void job_free(job *j)
{
    cmf_run_info_free(&j->r);
    cmf_copy_info_free(&j->ci);
    lf_strv_free(&j->files);
    free(j->needed_by);
    lf_buf_free(&j->txt);
}

/* Adds the files of the install in RUN i that are not there yet. */
static void add_install_files(job *j, int i, const lf_strv *files)
{
    cmf_add_files(&j->files, files);
    while (j->nneeded < j->files.n)
        *LF_VEC_PUSH(j->needed_by, j->nneeded, j->capn) = i;
}

/* The first RUN with a dependency install after the COPY, and what stands
 * before it; false when there is none. */
static bool find_install(job *j)
{
    const lf_doc *doc = j->doc;
    j->k0 = j->block = -1;
    for (int i = j->c + 1; i <= j->st->last; i++) {
        if (doc->instrs[i].kw == LF_KW_RUN) {
            cmf_run_info_free(&j->r);
            cmf_classify_run(doc, j->an, i, j->env, &j->ci, &j->r);
            if (j->r.kind != RUN_OTHER) {
                j->k0 = i;
                break;
            }
        }
        if (j->block < 0 && cmf_blocker(doc, j->an, j->env, i, &j->ci, "", j->bbuf, sizeof j->bbuf))
            j->block = i;
    }
    if (j->k0 >= 0)
        lf_doc_brief(doc, j->r.install, &j->txt);
    return j->k0 >= 0;
}

/* Why the COPY stays, in the order a reader needs them: the COPY itself,
 * the install itself (when it needs more than manifests nothing else
 * matters), what stands between them, the ignore file. */
static bool refusal(job *j, const char *ignore_problem, lf_buf *msg)
{
    if (j->ci.problem)
        lf_buf_printf(msg, "`%s` follows it, but %s", j->txt.data, j->ci.problem);
    else if (j->r.kind == RUN_BLOCKED)
        lf_buf_adds(msg, j->r.why.data);
    else if (j->block >= 0)
        lf_buf_adds(msg, cmf_blocker(j->doc, j->an, j->env, j->block, &j->ci, j->txt.data, j->bbuf,
                                     sizeof j->bbuf));
    else if (ignore_problem)
        lf_buf_printf(msg, "`%s` follows it, but %s", j->txt.data, ignore_problem);
    return msg->len > 0;
}

/* The installs that follow directly join the first one; the manifests are
 * those of all of them that the COPY brings. */
static void extend(job *j)
{
    j->kn = j->k0;
    add_install_files(j, j->k0, &j->r.files);
    for (int i = j->k0 + 1; j->r.kind == RUN_INSTALL && i <= j->st->last; i++) {
        if (j->doc->instrs[i].kw == LF_KW_RUN) {
            run_info more;
            cmf_classify_run(j->doc, j->an, i, j->env, &j->ci, &more);
            bool ok = more.kind == RUN_INSTALL;
            if (ok) {
                j->kn = i;
                add_install_files(j, i, &more.files);
            }
            cmf_run_info_free(&more);
            if (!ok)
                break;
            continue;
        }
        if (cmf_blocker(j->doc, j->an, j->env, i, &j->ci, "", j->bbuf, sizeof j->bbuf))
            break;
    }
    /* a manifest this COPY does not bring was there before it (or never) */
    lf_strv kept = LF_STRV_INIT;
    size_t nk = 0;
    for (size_t i = 0; i < j->files.n; i++) {
        char *rel = NULL;
        lf_buf f = LF_BUF_INIT;
        lf_buf_add(&f, j->files.items[i].s, j->files.items[i].len);
        lf_buf_adds(&f, "");
        if (f.len > 1 && f.data[f.len - 1] == '/')
            f.data[--f.len] = 0;
        if (cmf_brings(&j->ci, f.data, &rel)) {
            lf_strv_push(&kept, j->files.items[i].s, j->files.items[i].len);
            j->needed_by[nk++] = j->needed_by[i];
        }
        free(rel);
        lf_buf_free(&f);
    }
    lf_strv_free(&j->files);
    j->files = kept;
    /* a WORKDIR between changes where a relative destination points */
    for (int i = j->c + 1; i <= j->kn; i++)
        j->rebase = j->rebase || (j->doc->instrs[i].kw == LF_KW_WORKDIR && j->ci.dest_rel);
}

/* Does the COPY bring a file that is not one of the manifests (else it
 * already copies just the manifests, `COPY package*.json ./`)? */
static bool brings_more(const job *j)
{
    const lf_context *ctx = j->env->ctx;
    if (!j->ci.src.len && !j->ci.glob)
        return true; /* the whole context: the Dockerfile and the sources at least */
    for (size_t f = 0; ctx && f < ctx->nfiles; f++) {
        char *rel = NULL;
        bool brought =
            cmf_brings(&j->ci, ctx->files[f], &rel) &&
            !(j->env->dockerignore && lf_ignore_match(j->env->dockerignore, ctx->files[f], false));
        free(rel);
        if (!brought)
            continue;
        bool manifest = false;
        for (size_t i = 0; i < j->files.n && !manifest; i++) {
            const char *m = j->files.items[i].s;
            size_t ml = j->files.items[i].len;
            manifest = m[ml - 1] == '/' ? strncmp(ctx->files[f], m, ml) == 0
                                        : strcmp(ctx->files[f], m) == 0;
        }
        if (!manifest)
            return true;
    }
    return !ctx;
}

/* A reason not to write the manifest COPYs after all, or false. */
static bool cannot_write(job *j, lf_buf *msg)
{
    bool all_copied = false;
    for (size_t i = 0; i < j->files.n; i++) {
        if (j->files.items[i].s[j->files.items[i].len - 1] == '/')
            continue; /* a directory: its files may be copied one by one */
        char *rel = NULL;
        cmf_brings(&j->ci, j->files.items[i].s, &rel);
        all_copied = rel && cmf_copied_before(j->doc, j->an, j->st, j->c, j->files.items[i].s, rel,
                                              j->ci.dest_abs.data);
        free(rel);
        if (!all_copied)
            break;
    }
    if (all_copied)
        lf_buf_printf(msg,
                      "the manifests of `%s` are already copied on their own before it; move it "
                      "after the install by hand if nothing in between needs the sources",
                      j->txt.data);
    for (size_t i = 0; i < j->files.n && !msg->len; i++)
        if (cmf_needs_quoting(j->files.items[i].s))
            lf_buf_printf(msg, "the manifest name `%s` would need quoting", j->files.items[i].s);
    if (!msg->len && strpbrk(j->ci.dest.data, " \t\"'"))
        lf_buf_printf(msg, "its destination `%s` would need quoting", j->ci.dest.data);
    return msg->len > 0;
}

/* The moved COPY as written (without its line end), its destination made
 * absolute when a WORKDIR between would change it. */
static void moved_copy(const job *j, lf_buf *out)
{
    const lf_doc *doc = j->doc;
    const lf_instr *cp = &doc->instrs[j->c];
    const char *s = doc->src->data;
    size_t end = cp->span.end;
    while (end > cp->span.start && (s[end - 1] == '\n' || s[end - 1] == '\r'))
        end--;
    lf_span d = cmf_dest_span(cp);
    if (!j->rebase || d.end <= d.start) {
        lf_buf_add(out, s + cp->span.start, end - cp->span.start);
        return;
    }
    lf_buf_add(out, s + cp->span.start, d.start - cp->span.start);
    lf_buf_adds(out, j->ci.abs_dest);
    if (s[d.end - 1] == '/' && strcmp(j->ci.abs_dest, "/") != 0)
        lf_buf_addc(out, '/');
    lf_buf_add(out, s + d.end, end - d.end);
}

/* The manifest COPY lines for the files the install in RUN i reads first
 * (their names into names); false when there are none. */
static bool manifests_for(const job *j, int i, const char *nl, lf_buf *out, lf_buf *names)
{
    lf_strv these = LF_STRV_INIT;
    lf_buf_clear(names);
    for (size_t k = 0; k < j->files.n; k++)
        if (j->needed_by[k] == i) {
            lf_strv_push(&these, j->files.items[k].s, j->files.items[k].len);
            lf_buf_printf(names, "%s%s", names->len ? " " : "", j->files.items[k].s);
        }
    /* after a WORKDIR, a relative destination points elsewhere */
    bool workdir = false;
    for (int k = j->c + 1; i > j->k0 && k < i; k++)
        workdir = workdir || j->doc->instrs[k].kw == LF_KW_WORKDIR;
    if (these.n)
        cmf_manifest_copies(j->doc, &j->ci, &these,
                            workdir && j->ci.dest_rel ? j->ci.abs_dest : NULL, nl, out);
    bool any = these.n > 0;
    lf_strv_free(&these);
    return any;
}

static void emit(job *j, lf_edits *out)
{
    const lf_doc *doc = j->doc;
    const lf_instr *cp = &doc->instrs[j->c], *last = &doc->instrs[j->kn];
    const char *s = doc->src->data;
    const char *nl = doc->src->nl ? doc->src->nl : "\n";
    if (cp->span.end >= 2 && s[cp->span.end - 1] == '\n')
        nl = s[cp->span.end - 2] == '\r' ? "\r\n" : "\n";
    lf_buf names = LF_BUF_INIT, ins = LF_BUF_INIT, why = LF_BUF_INIT, line = LF_BUF_INIT;
    manifests_for(j, j->k0, nl, &ins, &names);
    lf_buf_printf(&why,
                  "copy only the manifests (%s) before `%s`, so that the install layer stays "
                  "cached until a manifest changes",
                  names.data, j->txt.data);
    lf_edits_add(out, cp->span.start, cp->span.end, ins.data, ins.len, PASS, why.data);
    /* the manifests a later install reads first go right before it */
    for (int i = j->k0 + 1; i <= j->kn; i++) {
        lf_buf_clear(&ins);
        lf_buf_clear(&why);
        if (!manifests_for(j, i, nl, &ins, &names))
            continue;
        lf_buf run = LF_BUF_INIT;
        lf_doc_brief(doc, doc->instrs[i].line, &run);
        lf_buf_printf(&why,
                      "copy only the manifests (%s) before `%s`, so that the install layer stays "
                      "cached until a manifest changes",
                      names.data, run.data);
        size_t at = lf_doc_comment_start(doc, i);
        lf_edits_add(out, at, at, ins.data, ins.len, PASS, why.data);
        lf_buf_free(&run);
    }
    lf_buf_clear(&ins);
    lf_buf_clear(&why);
    moved_copy(j, &line);
    if (j->r.kind == RUN_SPLIT) {
        /* between the install and the build of one RUN */
        lf_span repl;
        cmf_split_text(doc, last, lf_analysis_run(j->an, j->kn), j->r.split, line.data, nl, &ins,
                       &repl);
        lf_buf_printf(&why,
                      "split the RUN after `%s` and copy the rest of the build context before "
                      "the build: a source change no longer re-runs the install",
                      j->txt.data);
        lf_edits_add(out, repl.start, repl.end, ins.data, ins.len, PASS, why.data);
    } else {
        /* the whole COPY right after the last install */
        bool at_eof = last->span.end > 0 && s[last->span.end - 1] != '\n';
        lf_buf_printf(&ins, "%s%s%s", at_eof ? nl : "", line.data, at_eof ? "" : nl);
        lf_buf_printf(&why,
                      "copy the rest of the build context after the install: a source change no "
                      "longer re-runs `%s`",
                      j->txt.data);
        lf_edits_add(out, last->span.end, last->span.end, ins.data, ins.len, PASS, why.data);
    }
    lf_buf_free(&names);
    lf_buf_free(&ins);
    lf_buf_free(&why);
    lf_buf_free(&line);
}

/* ignore_problem: why the ignore file cannot be used, or NULL. */
static void rewrite_copy(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out,
                         const lf_stage *st, int c, const lf_manifest_env *env,
                         const char *ignore_problem)
{
    job j = {.doc = doc, .an = an, .ctx = ctx, .st = st, .env = env, .c = c};
    if (!cmf_read_copy(doc, &doc->instrs[c], env, &j.ci))
        return;
    const lf_copy_fact *cf = cmf_copy_fact(an, doc, c);
    j.ci.abs_dest = cf ? cf->dest : NULL;
    if (!lf_wd_join(lf_analysis_state(an, c)->workdir_sym, j.ci.dest.data, &j.ci.dest_abs)) {
        lf_buf_clear(&j.ci.dest_abs);
        lf_buf_adds(&j.ci.dest_abs, "?"); /* matches no working directory */
    }
    /* below a WORKDIR of the base image that the table does not know, the
     * analysis's absolute destination is a guess */
    if (j.ci.dest_abs.data[0] == '@' || j.ci.dest_abs.data[0] == '?')
        j.ci.abs_dest = NULL;
    /* a destination known to be absolute can be written after a WORKDIR */
    j.ci.rebasable = j.ci.abs_dest && j.ci.dest_abs.data[0] != '@' && j.ci.dest_abs.data[0] != '?';
    lf_buf msg = LF_BUF_INIT;
    if (!find_install(&j))
        goto out; /* nothing to install after it: the COPY is where it belongs */
    if (refusal(&j, ignore_problem, &msg)) {
        note(doc, ctx, &j.ci, "%s", msg.data);
        goto out;
    }
    extend(&j);
    if (j.files.n == 0 || !brings_more(&j))
        goto out; /* none of the manifests comes from this COPY, or nothing else does */
    if (cannot_write(&j, &msg)) {
        note(doc, ctx, &j.ci, "%s", msg.data);
        goto out;
    }
    emit(&j, out);
out:
    lf_buf_free(&msg);
    job_free(&j);
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

/* Does the Dockerfile copy anything from the build context (the rest is
 * read only then)? */
static bool copies_from_context(const lf_analysis *an)
{
    size_t n;
    const lf_context_source *s = lf_analysis_context_sources(an, &n);
    for (size_t i = 0; i < n; i++)
        if (s[i].copies)
            return true;
    return false;
}

int lf_pass_copy_manifests_first(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx,
                                 lf_edits *out)
{
    if (!copies_from_context(an))
        return 0;
    lf_buf text = LF_BUF_INIT, name = LF_BUF_INIT, err = LF_BUF_INIT, problem = LF_BUF_INIT;
    lf_ignore *ig = NULL;
    if (read_dockerignore(doc, ctx, &text, &name) &&
        lf_ignore_compile(&ig, text.data, text.len, &err) != 0)
        lf_buf_printf(&problem, "BuildKit refuses `%s` (%s)", name.data, lf_buf_cstr(&err));
    lf_manifest_env env = {.ctx = ctx->context, .dockerignore = ig};
    for (size_t s = 0; s < doc->nstages; s++) {
        const lf_stage *st = &doc->stages[s];
        for (int i = st->first + 1; i <= st->last; i++) {
            if (doc->instrs[i].kw == LF_KW_COPY || doc->instrs[i].kw == LF_KW_ADD)
                rewrite_copy(doc, an, ctx, out, st, i, &env, problem.len ? problem.data : NULL);
            else if (doc->instrs[i].kw == LF_KW_RUN && !problem.len)
                cmf_narrow(doc, an, ctx, st, i, &env, out);
        }
    }
    lf_ignore_free(ig);
    lf_buf_free(&text);
    lf_buf_free(&name);
    lf_buf_free(&err);
    lf_buf_free(&problem);
    return 0;
}
