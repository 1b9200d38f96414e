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
#include "json.h"
#include "manifests.h"
#include "parse.h"
#include "paths.h"
#include "shell.h"
#include "tools.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "copy-manifests-first"

/* --- small helpers --------------------------------------------------------- */

static lf_span node_span(TSNode n)
{
    return (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

static bool span_is(const lf_doc *doc, lf_span s, const char *text)
{
    size_t n = strlen(text);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, text, n) == 0;
}

/* `.`, `./`, `./.`, `.//`: the whole build context. */
static bool is_whole_context(const char *p)
{
    while (p[0] == '.' && p[1] == '/') {
        p += 2;
        while (*p == '/')
            p++;
    }
    return strcmp(p, ".") == 0 || *p == 0;
}

/* --- the whole-context COPY ---------------------------------------------------- */

typedef struct copy_info {
    const lf_instr *in;
    lf_buf dest;         /* as written, quotes removed */
    lf_buf dest_abs;     /* resolved against the WORKDIR (see wd_join) */
    bool dest_rel;       /* relative to the WORKDIR (or through a variable) */
    lf_buf flags;        /* the raw text of the flags the manifest COPY keeps */
    const char *problem; /* why it cannot be rewritten, or NULL */
    char problem_buf[128];
    lf_strv vars;         /* variables its destination and flags use */
    const char *abs_dest; /* the analysis's absolute destination, NULL: not known */
} copy_info;

static void copy_info_free(copy_info *ci)
{
    lf_buf_free(&ci->dest);
    lf_buf_free(&ci->dest_abs);
    lf_buf_free(&ci->flags);
    lf_strv_free(&ci->vars);
}

/* Adds the names of the variables $NAME / ${NAME...} in text to vars. */
static void collect_vars(const char *s, size_t len, char escape, lf_strv *vars)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == escape) {
            i++;
            continue;
        }
        if (s[i] != '$' || i + 1 >= len)
            continue;
        size_t j = i + 1 + (s[i + 1] == '{');
        size_t k = j;
        while (k < len && (s[k] == '_' || (s[k] >= 'A' && s[k] <= 'Z') ||
                           (s[k] >= 'a' && s[k] <= 'z') || (k > j && s[k] >= '0' && s[k] <= '9')))
            k++;
        if (k > j)
            lf_strv_push(vars, s + j, k - j);
        i = k - 1;
    }
}

/* Is this COPY/ADD a copy of the whole build context? Fills ci (and
 * ci->problem when it is one but cannot be rewritten). */
static bool read_copy(const lf_doc *doc, const lf_instr *in, copy_info *ci)
{
    memset(ci, 0, sizeof *ci);
    ci->in = in;
    lf_buf w = LF_BUF_INIT;
    /* sources and destination */
    lf_strv paths = LF_STRV_INIT;
    if (in->exec_form) {
        lf_json_string_array(doc->src->data + in->args.start, in->args.end - in->args.start,
                             &paths);
    } else {
        TSNode c;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &c)) {
            if (lf_node_is(c, "path")) {
                lf_span s = node_span(c);
                lf_shell_unquote(doc->src->data + s.start, s.end - s.start, &w);
                lf_strv_push(&paths, w.data, w.len);
            } else if (lf_node_is(c, "heredoc_start")) {
                lf_strv_push(&paths, "<<", 2);
            }
        }
        lf_children_done(&it);
    }
    bool whole = paths.n == 2 && is_whole_context(paths.items[0].s);
    if (whole) {
        lf_buf_adds(&ci->dest, paths.items[1].s);
        ci->dest_rel = ci->dest.data[0] != '/';
    }
    lf_strv_free(&paths);
    lf_buf_free(&w);
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (span_is(doc, fl->name, "from"))
            whole = false; /* another stage or image, not the context */
    }
    if (!whole) {
        copy_info_free(ci);
        return false;
    }
    /* (a heredoc COPY never gets here: its source is the heredoc, not `.`) */
    if (in->exec_form)
        ci->problem = "it is in exec form";
    for (size_t f = 0; f < in->nflags && !ci->problem; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (fl->is_end_of_flags)
            continue;
        if (span_is(doc, fl->name, "chown") || span_is(doc, fl->name, "chmod") ||
            span_is(doc, fl->name, "link")) {
            lf_buf_add(&ci->flags, doc->src->data + fl->span.start, fl->span.end - fl->span.start);
            lf_buf_addc(&ci->flags, ' ');
            collect_vars(doc->src->data + fl->span.start, fl->span.end - fl->span.start,
                         doc->escape, &ci->vars);
        } else {
            snprintf(ci->problem_buf, sizeof ci->problem_buf,
                     "its `--%.*s` flag cannot be carried over to a copy of the manifests",
                     (int)(fl->name.end - fl->name.start), doc->src->data + fl->name.start);
            ci->problem = ci->problem_buf;
        }
    }
    lf_buf_adds(&ci->flags, "");
    collect_vars(ci->dest.data, ci->dest.len, doc->escape, &ci->vars);
    if (ci->vars.n && ci->dest.data[0] == '$')
        ci->dest_rel = true; /* its value may be relative: a WORKDIR after it matters */
    return true;
}

/* Does the ENV or ARG at in (re)define one of vars? Sets *name. */
static bool redefines(const lf_doc *doc, const lf_instr *in, const lf_strv *vars, const char **name)
{
    if ((in->kw != LF_KW_ENV && in->kw != LF_KW_ARG) || vars->n == 0)
        return false;
    bool hit = false;
    TSNode c;
    lf_children it = lf_children_of(in->body);
    while (!hit && lf_children_next(&it, &c)) {
        if (!lf_node_is(c, "env_pair") && !lf_node_is(c, "arg_declaration"))
            continue;
        TSNode n = ts_node_child_by_field_name(c, "name", 4);
        if (ts_node_is_null(n))
            continue;
        lf_span s = node_span(n);
        for (size_t v = 0; v < vars->n && !hit; v++)
            if (s.end - s.start == vars->items[v].len &&
                memcmp(doc->src->data + s.start, vars->items[v].s, vars->items[v].len) == 0) {
                hit = true;
                *name = vars->items[v].s;
            }
    }
    lf_children_done(&it);
    return hit;
}

/* --- RUNs --------------------------------------------------------------------- */

typedef enum {
    RUN_OTHER,   /* no dependency install: a RUN that may read the copied files */
    RUN_INSTALL, /* installs that need only manifests, plus commands that read nothing */
    RUN_BLOCKED, /* an install that cannot be moved before the full COPY: see why */
} run_kind;

typedef struct run_info {
    run_kind kind;
    lf_strv files;   /* RUN_INSTALL: the manifests, context paths */
    lf_buf why;      /* RUN_BLOCKED */
    lf_span install; /* the first install command */
} run_info;

static void run_info_free(run_info *r)
{
    lf_strv_free(&r->files);
    lf_buf_free(&r->why);
}

static void add_files(lf_strv *to, const lf_strv *from)
{
    for (size_t i = 0; i < from->n; i++) {
        bool dup = false;
        for (size_t j = 0; j < to->n && !dup; j++)
            dup = strcmp(to->items[j].s, from->items[i].s) == 0;
        if (!dup)
            lf_strv_push(to, from->items[i].s, from->items[i].len);
    }
}

/* What the commands of RUN instr do, for the whole-context COPY ci. */
static void classify_run(const lf_doc *doc, const lf_analysis *an, int instr,
                         const lf_manifest_env *env, const copy_info *ci, run_info *r)
{
    memset(r, 0, sizeof *r);
    const lf_run_model *m = lf_analysis_run(an, instr);
    lf_buf txt = LF_BUF_INIT, other = LF_BUF_INIT;
    bool any_install = false;
    for (size_t k = 0; m && k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        /* a `sh -c` string: the shell is the command here; `cd` moves the
         * commands after it (the model follows it) */
        if (c->inner || c->n == 0 || lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD)
            continue;
        bool top = c->top_level && !c->after_or;
        const char *dir = c->cwd_sym ? lf_wd_relative(c->cwd_sym, ci->dest_abs.data) : NULL;
        lf_install_info info = {0};
        lf_install_classify(env, dir ? dir : "", c, &info);
        bool install = info.kind == LF_CMD_INSTALL || info.kind == LF_CMD_SKIP;
        if (install) {
            if (!any_install)
                r->install = c->span;
            any_install = true;
            lf_doc_brief(doc, c->span, &txt);
        }
        if (r->why.len == 0) {
            if (install && !c->cwd_sym)
                lf_buf_printf(&r->why, "`%s` runs in a directory known only at build time",
                              txt.data);
            else if (install && !dir && c->cwd_sym[0] == '@' && ci->dest_abs.data[0] != '@')
                lf_buf_printf(&r->why,
                              "`%s` runs relative to the base image's WORKDIR, which the "
                              "Dockerfile does not set, so it may not be the COPY's "
                              "destination `%s`",
                              txt.data, ci->dest.data);
            else if (install && !dir)
                lf_buf_printf(&r->why, "`%s` does not run in the COPY's destination `%s`", txt.data,
                              ci->dest.data);
            else if (info.kind == LF_CMD_SKIP)
                lf_buf_printf(&r->why, "`%s` needs more than manifests: %s", txt.data,
                              lf_buf_cstr(&info.why));
            else if (install && !top)
                lf_buf_printf(&r->why, "`%s` runs inside a condition, pipeline or `||` branch",
                              txt.data);
        }
        if (info.kind == LF_CMD_INSTALL)
            add_files(&r->files, &info.files);
        if (info.kind == LF_CMD_OTHER && other.len == 0)
            lf_doc_brief(doc, c->span, &other);
        lf_install_info_free(&info);
    }
    if (!any_install)
        r->kind = RUN_OTHER;
    else if (r->why.len)
        r->kind = RUN_BLOCKED;
    else if (other.len) {
        r->kind = RUN_BLOCKED;
        lf_doc_brief(doc, r->install, &txt);
        lf_buf_printf(&r->why, "`%s` shares its RUN with `%s`, which may need the sources",
                      txt.data, other.data);
    } else
        r->kind = RUN_INSTALL;
    lf_buf_free(&txt);
    lf_buf_free(&other);
}

/* --- manifests already copied -------------------------------------------------- */

/* Is context file f already copied, on its own, to dest_abs/f by one of the
 * instructions of the stage before `before`? */
static bool copied_before(const lf_doc *doc, const lf_analysis *an, const lf_stage *st, int before,
                          const char *f, const char *dest_abs)
{
    lf_buf w = LF_BUF_INIT, d = LF_BUF_INIT, want = LF_BUF_INIT;
    lf_buf_printf(&want, "%s/%s", dest_abs, f);
    bool found = false;
    for (int i = st->first + 1; i < before && !found; i++) {
        const lf_instr *in = &doc->instrs[i];
        if ((in->kw != LF_KW_COPY && in->kw != LF_KW_ADD) || in->exec_form || in->nheredocs)
            continue;
        bool from = false;
        for (size_t k = 0; k < in->nflags; k++)
            from = from || span_is(doc, doc->flags[in->first_flag + k].name, "from");
        if (from)
            continue;
        lf_strv paths = LF_STRV_INIT;
        TSNode c;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &c))
            if (lf_node_is(c, "path")) {
                lf_span s = node_span(c);
                lf_shell_unquote(doc->src->data + s.start, s.end - s.start, &w);
                lf_strv_push(&paths, w.data, w.len);
            }
        lf_children_done(&it);
        if (paths.n >= 2) {
            if (lf_wd_join(lf_analysis_state(an, i)->workdir_sym, paths.items[paths.n - 1].s, &d)) {
                for (size_t s = 0; s + 1 < paths.n && !found; s++) {
                    const char *src = paths.items[s].s;
                    while (src[0] == '.' && src[1] == '/')
                        src += 2;
                    size_t sl = strlen(src);
                    while (sl && src[sl - 1] == '/')
                        sl--;
                    lf_buf landed = LF_BUF_INIT;
                    if (strncmp(f, src, sl) == 0 && f[sl] == '/' && sl)
                        lf_buf_printf(&landed, "%s/%s", d.data, f + sl + 1); /* a directory */
                    else if ((strlen(f) == sl && strncmp(f, src, sl) == 0) ||
                             lf_path_glob_match(src, f))
                        lf_buf_printf(&landed, "%s/%s", d.data,
                                      strrchr(f, '/') ? strrchr(f, '/') + 1 : f);
                    found = landed.len && strcmp(landed.data, want.data) == 0;
                    lf_buf_free(&landed);
                }
            }
        }
        lf_strv_free(&paths);
    }
    lf_buf_free(&w);
    lf_buf_free(&d);
    lf_buf_free(&want);
    return found;
}

/* --- the new text ----------------------------------------------------------------- */

/* A name that a Dockerfile COPY would read differently unquoted. */
static bool needs_quoting(const char *p)
{
    return strpbrk(p, " \t\"'$\\*?[") != NULL;
}

/* The keyword of the manifest COPY: COPY in the case the author wrote. */
static void copy_keyword(const lf_doc *doc, const lf_instr *in, lf_buf *out)
{
    const char *k = doc->src->data + in->keyword.start;
    size_t n = in->keyword.end - in->keyword.start;
    if (in->kw == LF_KW_COPY) {
        lf_buf_add(out, k, n);
        return;
    }
    bool lower = n && k[0] >= 'a' && k[0] <= 'z';
    bool rest_lower = n > 1 && k[1] >= 'a' && k[1] <= 'z';
    lf_buf_adds(out, lower ? "copy" : rest_lower ? "Copy" : "COPY");
}

/* Destination of a copy of files from context directory sub ("" for the root)
 * when the whole context goes to dest. */
static void dest_for(const char *dest, const char *sub, bool several, lf_buf *out)
{
    lf_buf_clear(out);
    size_t dl = strlen(dest);
    bool slash = dl && dest[dl - 1] == '/';
    bool dot = strcmp(dest, ".") == 0 || (dl >= 2 && strcmp(dest + dl - 2, "/.") == 0);
    if (!*sub) {
        if (slash || (dot && !several))
            lf_buf_adds(out, dest);
        else
            lf_buf_printf(out, "%s/", dest);
        return;
    }
    lf_buf_printf(out, "%s%s%s/", dest, slash ? "" : "/", sub);
}

/* The manifest COPY lines that replace the whole-context COPY. */
static void manifest_copies(const lf_doc *doc, const copy_info *ci, const lf_strv *files,
                            const char *nl, lf_buf *out)
{
    const lf_instr *in = ci->in;
    lf_buf head = LF_BUF_INIT, dir = LF_BUF_INIT, d = LF_BUF_INIT, srcs = LF_BUF_INIT;
    lf_buf_add(&head, doc->src->data + in->span.start, in->keyword.start - in->span.start);
    copy_keyword(doc, in, &head);
    lf_buf_adds(&head, " ");
    lf_buf_adds(&head, ci->flags.data);
    bool *done = calloc(files->n ? files->n : 1, sizeof *done);
    for (size_t i = 0; i < files->n; i++) {
        if (done[i])
            continue;
        const char *f = files->items[i].s;
        size_t fl = files->items[i].len;
        if (f[fl - 1] == '/') {
            /* a directory: its own COPY, into the same place under dest */
            lf_buf_clear(&dir);
            lf_buf_add(&dir, f, fl - 1);
            dest_for(ci->dest.data, dir.data, true, &d);
            lf_buf_printf(out, "%s%s %s%s", head.data, dir.data, d.data, nl);
            done[i] = true;
            continue;
        }
        /* every file of f's directory in one COPY */
        const char *slash = strrchr(f, '/');
        lf_buf_clear(&dir);
        lf_buf_add(&dir, f, slash ? (size_t)(slash - f) : 0);
        lf_buf_adds(&dir, "");
        lf_buf_clear(&srcs);
        size_t count = 0;
        for (size_t j = i; j < files->n; j++) {
            const char *g = files->items[j].s;
            const char *gs = strrchr(g, '/');
            size_t gdl = gs ? (size_t)(gs - g) : 0;
            if (done[j] || g[files->items[j].len - 1] == '/' || gdl != dir.len ||
                strncmp(g, dir.data, gdl) != 0)
                continue;
            lf_buf_printf(&srcs, "%s%s", count ? " " : "", g);
            count++;
            done[j] = true;
        }
        dest_for(ci->dest.data, dir.data, count > 1, &d);
        lf_buf_printf(out, "%s%s %s%s", head.data, srcs.data, d.data, nl);
    }
    free(done);
    lf_buf_free(&head);
    lf_buf_free(&dir);
    lf_buf_free(&d);
    lf_buf_free(&srcs);
}

/* --- one whole-context COPY ------------------------------------------------------ */

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

/* The COPY/ADD fact of instruction i. */
static const lf_copy_fact *copy_fact_of(const lf_analysis *an, const lf_doc *doc, int i)
{
    const lf_stage_facts *sf = lf_analysis_stage(an, doc->instrs[i].stage);
    for (size_t k = 0; sf && k < sf->ncopies; k++)
        if (sf->copies[k].instr == i)
            return &sf->copies[k];
    return NULL;
}

/* Does the RUN, COPY or ADD at j read or write what the whole COPY brings
 * to dest (absolute, NULL: not known)? Why into why. A RUN the analysis
 * proves independent of those files (`npm config set`, `apt-get install
 * libpq-dev`) and a COPY to another place are stepped over. */
static bool touches_copied(const lf_doc *doc, const lf_analysis *an, int j, const char *dest,
                           lf_buf *why)
{
    if (!dest) {
        lf_buf_adds(why, "the COPY's destination is known only at build time");
        return true;
    }
    if (doc->instrs[j].kw == LF_KW_RUN) {
        const lf_run_effects *fx = lf_analysis_effects(an, j);
        return !fx || lf_effect_touches(&fx->all, dest, why);
    }
    const lf_copy_fact *cf = copy_fact_of(an, doc, j);
    if (!cf || !cf->dest) {
        lf_buf_adds(why, "its destination is known only at build time");
        return true;
    }
    if (lf_path_overlap(cf->dest, dest)) {
        lf_buf_printf(why, "it writes `%s`, where the copied files go", cf->dest);
        return true;
    }
    return false;
}

/* Is the instruction at j a reason not to move the COPY past it? Returns a
 * description naming the install (`inst`), or NULL when it can be stepped
 * over. */
static const char *blocker(const lf_doc *doc, const lf_analysis *an, int j, const copy_info *ci,
                           const char *inst, char *buf, size_t cap)
{
    const lf_instr *in = &doc->instrs[j];
    const char *var;
    lf_buf b = LF_BUF_INIT, t = LF_BUF_INIT;
    const char *why = NULL;
    switch (in->kw) {
    case LF_KW_RUN:
    case LF_KW_COPY:
    case LF_KW_ADD:
        if (touches_copied(doc, an, j, ci->abs_dest, &t)) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap, "`%s` between it and `%s` may read or change the copied files: %s",
                     b.data, inst, t.data);
            why = buf;
        }
        break;
    case LF_KW_VOLUME:
        lf_doc_brief(doc, in->line, &b);
        snprintf(buf, cap, "`%s` between it and `%s` may hide the copied files", b.data, inst);
        why = buf;
        break;
    case LF_KW_WORKDIR:
        if (ci->dest_rel) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap,
                     "`%s` between it and `%s` would change where its relative destination `%s` "
                     "points",
                     b.data, inst, ci->dest.data);
            why = buf;
        }
        break;
    case LF_KW_ENV:
    case LF_KW_ARG:
        if (redefines(doc, in, &ci->vars, &var)) {
            lf_doc_brief(doc, in->line, &b);
            snprintf(buf, cap, "`%s` between it and `%s` changes `$%s`, which it uses", b.data,
                     inst, var);
            why = buf;
        }
        break;
    default:
        break;
    }
    lf_buf_free(&b);
    lf_buf_free(&t);
    return why;
}

/* ignore_problem: why the ignore file cannot be used, or NULL. */
static void rewrite_copy(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out,
                         const lf_stage *st, int c, const lf_manifest_env *env,
                         const char *ignore_problem)
{
    copy_info ci;
    if (!read_copy(doc, &doc->instrs[c], &ci))
        return;
    lf_buf txt = LF_BUF_INIT, why = LF_BUF_INIT, ins = LF_BUF_INIT;
    lf_strv files = LF_STRV_INIT;
    run_info r = {0};
    char bbuf[512];
    int block = -1, k0 = -1, kn = -1;
    const lf_copy_fact *cf = copy_fact_of(an, doc, c);
    ci.abs_dest = cf ? cf->dest : NULL;
    if (!lf_wd_join(lf_analysis_state(an, c)->workdir_sym, ci.dest.data, &ci.dest_abs)) {
        lf_buf_clear(&ci.dest_abs);
        lf_buf_adds(&ci.dest_abs, "?"); /* matches no working directory */
    }
    /* the first RUN with a dependency install, and what stands before it */
    for (int j = c + 1; j <= st->last; j++) {
        const lf_instr *in = &doc->instrs[j];
        if (in->kw == LF_KW_RUN) {
            run_info_free(&r);
            classify_run(doc, an, j, env, &ci, &r);
            if (r.kind != RUN_OTHER) {
                k0 = j;
                break;
            }
        }
        if (block < 0 && blocker(doc, an, j, &ci, "", bbuf, sizeof bbuf))
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
        note(doc, ctx, &ci, "%s", blocker(doc, an, block, &ci, txt.data, bbuf, sizeof bbuf));
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
    add_files(&files, &r.files);
    for (int j = k0 + 1; j <= st->last; j++) {
        const lf_instr *in = &doc->instrs[j];
        if (in->kw == LF_KW_RUN) {
            run_info more;
            classify_run(doc, an, j, env, &ci, &more);
            bool ok = more.kind == RUN_INSTALL;
            if (ok) {
                kn = j;
                add_files(&files, &more.files);
            }
            run_info_free(&more);
            if (!ok)
                break;
            continue;
        }
        if (blocker(doc, an, j, &ci, "", bbuf, sizeof bbuf))
            break;
    }
    /* already done by hand: nothing to insert */
    bool all_copied = false;
    for (size_t i = 0; i < files.n; i++) {
        if (files.items[i].s[files.items[i].len - 1] == '/')
            continue; /* a directory: its files may be copied one by one */
        all_copied = copied_before(doc, an, st, c, files.items[i].s, ci.dest_abs.data);
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
        if (needs_quoting(files.items[i].s)) {
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
        manifest_copies(doc, &ci, &files, nl, &ins);
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
    run_info_free(&r);
    copy_info_free(&ci);
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
            doc->instrs[i].stage >= 0 && read_copy(doc, &doc->instrs[i], &ci)) {
            copy_info_free(&ci);
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
