/* A COPY of the build context, as copy-manifests-first reads it (see cmf.h). */
#include "cmf.h"

#include "json.h"
#include "mf.h"
#include "parse.h"
#include "paths.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- small helpers --------------------------------------------------------- */

lf_span cmf_node_span(TSNode n)
{
    return (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

bool cmf_span_is(const lf_doc *doc, lf_span s, const char *text)
{
    size_t n = strlen(text);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, text, n) == 0;
}

/* `.`, `./`, `./.`, `.//`: the whole build context. */
bool cmf_is_whole_context(const char *p)
{
    while (p[0] == '.' && p[1] == '/') {
        p += 2;
        while (*p == '/')
            p++;
    }
    return strcmp(p, ".") == 0 || *p == 0;
}

/* --- the whole-context COPY ---------------------------------------------------- */

void cmf_copy_info_free(copy_info *ci)
{
    lf_buf_free(&ci->src);
    free(ci->glob);
    lf_buf_free(&ci->dest);
    lf_buf_free(&ci->dest_abs);
    lf_buf_free(&ci->flags);
    lf_strv_free(&ci->vars);
}

/* Adds the names of the variables $NAME / ${NAME...} in text to vars. */
void cmf_collect_vars(const char *s, size_t len, char escape, lf_strv *vars)
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

/* The source of a broad COPY: the whole context, a directory, or the
 * entries of a directory that a glob in its last segment matches. */
static bool broad_source(const char *p, const lf_manifest_env *env, copy_info *ci)
{
    if (cmf_is_whole_context(p))
        return true;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        n--;
    if (n == 0 || memchr(p, '$', n) || (n >= 2 && strncmp(p, "..", 2) == 0))
        return false;
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        slash = p[i] == '/' ? p + i : slash;
    const char *last = slash ? slash + 1 : p;
    size_t dl = slash ? (size_t)(slash - p) : 0;
    if (strcspn(last, "*?[") < (size_t)(p + n - last)) {
        if (memchr(p, '*', dl) || memchr(p, '?', dl) || memchr(p, '[', dl))
            return false; /* a glob above the last segment */
        lf_buf_add(&ci->src, p, dl);
        lf_buf_adds(&ci->src, "");
        ci->glob = strndup(last, (size_t)(p + n - last));
        return !dl || mf_ctx_dir(env, ci->src.data);
    }
    lf_buf_add(&ci->src, p, n);
    lf_buf_adds(&ci->src, "");
    return mf_ctx_dir(env, ci->src.data);
}

/* A glob that matches a directory: BuildKit copies its contents into the
 * destination without its name, which manifests cannot follow. */
static void glob_matches_dirs(const lf_manifest_env *env, copy_info *ci)
{
    size_t dl = ci->src.len;
    for (size_t f = 0; env->ctx && f < env->ctx->nfiles && !ci->problem; f++) {
        const char *file = env->ctx->files[f];
        if (dl && (strncmp(file, ci->src.data, dl) != 0 || file[dl] != '/'))
            continue;
        const char *name = dl ? file + dl + 1 : file;
        const char *sl = strchr(name, '/');
        if (!sl)
            continue;
        char *entry = strndup(name, (size_t)(sl - name));
        if (lf_path_glob_match(ci->glob, entry)) {
            snprintf(ci->problem_buf, sizeof ci->problem_buf,
                     "its pattern `%s` matches the directory `%s`, whose files BuildKit copies "
                     "without its name",
                     ci->glob, entry);
            ci->problem = ci->problem_buf;
        }
        free(entry);
    }
}

/* Does the directory or glob COPY bring a file no package manager names
 * as a manifest (else it is a manifest COPY already)? */
static bool brings_sources(const lf_manifest_env *env, const copy_info *ci)
{
    for (size_t f = 0; env->ctx && f < env->ctx->nfiles; f++) {
        char *rel = NULL;
        bool brought = cmf_brings(ci, env->ctx->files[f], &rel);
        free(rel);
        bool manifest = false;
        for (size_t p = 0; brought && p < LF_PM_COUNT && !manifest; p++)
            manifest = mf_is_manifest_name(&lf_pkgmgrs[p], env->ctx->files[f]);
        if (brought && !manifest)
            return true;
    }
    return false;
}

bool cmf_read_copy(const lf_doc *doc, const lf_instr *in, const lf_manifest_env *env, copy_info *ci)
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
                lf_span s = cmf_node_span(c);
                lf_shell_unquote(doc->src->data + s.start, s.end - s.start, &w);
                lf_strv_push(&paths, w.data, w.len);
            } else if (lf_node_is(c, "heredoc_start")) {
                lf_strv_push(&paths, "<<", 2);
            }
        }
        lf_children_done(&it);
    }
    bool whole = paths.n == 2 && broad_source(paths.items[0].s, env, ci);
    if (whole) {
        lf_buf_adds(&ci->dest, paths.items[1].s);
        ci->dest_rel = ci->dest.data[0] != '/';
    }
    lf_strv_free(&paths);
    lf_buf_free(&w);
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (cmf_span_is(doc, fl->name, "from"))
            whole = false; /* another stage or image, not the context */
    }
    if (!whole) {
        cmf_copy_info_free(ci);
        return false;
    }
    lf_buf_adds(&ci->src, "");
    if (ci->glob)
        glob_matches_dirs(env, ci);
    if ((ci->src.len || ci->glob) && !ci->problem && !brings_sources(env, ci)) {
        cmf_copy_info_free(ci); /* `COPY package*.json ./`: manifests already */
        return false;
    }
    /* (a heredoc COPY never gets here: its source is the heredoc, not `.`) */
    if (in->exec_form && !ci->problem)
        ci->problem = "it is in exec form";
    for (size_t f = 0; f < in->nflags && !ci->problem; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (fl->is_end_of_flags)
            continue;
        if (cmf_span_is(doc, fl->name, "chown") || cmf_span_is(doc, fl->name, "chmod") ||
            cmf_span_is(doc, fl->name, "link")) {
            lf_buf_add(&ci->flags, doc->src->data + fl->span.start, fl->span.end - fl->span.start);
            lf_buf_addc(&ci->flags, ' ');
            cmf_collect_vars(doc->src->data + fl->span.start, fl->span.end - fl->span.start,
                             doc->escape, &ci->vars);
        } else {
            snprintf(ci->problem_buf, sizeof ci->problem_buf,
                     "its `--%.*s` flag cannot be carried over to a copy of the manifests",
                     (int)(fl->name.end - fl->name.start), doc->src->data + fl->name.start);
            ci->problem = ci->problem_buf;
        }
    }
    lf_buf_adds(&ci->flags, "");
    cmf_collect_vars(ci->dest.data, ci->dest.len, doc->escape, &ci->vars);
    if (ci->vars.n && ci->dest.data[0] == '$')
        ci->dest_rel = true; /* its value may be relative: a WORKDIR after it matters */
    return true;
}

/* Does the ENV or ARG at in (re)define one of vars? Sets *name. */
bool cmf_redefines(const lf_doc *doc, const lf_instr *in, const lf_strv *vars, const char **name)
{
    if ((in->kw != LF_KW_ENV && in->kw != LF_KW_ARG) || vars->n == 0)
        return false;
    bool hit = false;
    lf_var_pair *pairs;
    size_t np = lf_var_pairs(doc, in, &pairs);
    for (size_t p = 0; p < np && !hit; p++) {
        lf_span s = pairs[p].name;
        for (size_t v = 0; v < vars->n && !hit; v++)
            if (s.end - s.start == vars->items[v].len &&
                memcmp(doc->src->data + s.start, vars->items[v].s, vars->items[v].len) == 0) {
                hit = true;
                *name = vars->items[v].s;
            }
    }
    free(pairs);
    return hit;
}

/* --- manifests already copied -------------------------------------------------- */

/* Is context file f already copied, on its own, to dest_abs/f by one of the
 * instructions of the stage before `before`? */
bool cmf_copied_before(const lf_doc *doc, const lf_analysis *an, const lf_stage *st, int before,
                       const char *f, const char *rel, const char *dest_abs)
{
    lf_buf w = LF_BUF_INIT, d = LF_BUF_INIT, want = LF_BUF_INIT;
    lf_buf_printf(&want, "%s/%s", dest_abs, rel);
    bool found = false;
    for (int i = st->first + 1; i < before && !found; i++) {
        const lf_instr *in = &doc->instrs[i];
        if ((in->kw != LF_KW_COPY && in->kw != LF_KW_ADD) || in->exec_form || in->nheredocs)
            continue;
        bool from = false;
        for (size_t k = 0; k < in->nflags; k++)
            from = from || cmf_span_is(doc, doc->flags[in->first_flag + k].name, "from");
        if (from)
            continue;
        lf_strv paths = LF_STRV_INIT;
        TSNode c;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &c))
            if (lf_node_is(c, "path")) {
                lf_span s = cmf_node_span(c);
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

/* The COPY/ADD fact of instruction i. */
const lf_copy_fact *cmf_copy_fact(const lf_analysis *an, const lf_doc *doc, int i)
{
    const lf_stage_facts *sf = lf_analysis_stage(an, doc->instrs[i].stage);
    for (size_t k = 0; sf && k < sf->ncopies; k++)
        if (sf->copies[k].instr == i)
            return &sf->copies[k];
    return NULL;
}

bool cmf_brings(const copy_info *ci, const char *f, char **rel)
{
    size_t dl = ci->src.len;
    if (dl && (strncmp(f, ci->src.data, dl) != 0 || f[dl] != '/'))
        return false;
    const char *r = dl ? f + dl + 1 : f;
    if (ci->glob) {
        /* an entry of src the pattern matches: a file (directories it
         * matches are a problem of their own) */
        if (strchr(r, '/') || !lf_path_glob_match(ci->glob, r))
            return false;
    }
    *rel = strdup(r);
    return true;
}

void cmf_context_dir(const copy_info *ci, const char *rel, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_printf(out, "%s%s%s", ci->src.data, ci->src.len && *rel ? "/" : "", rel);
    lf_buf_adds(out, "");
}

lf_span cmf_dest_span(const lf_instr *in)
{
    lf_span last = {0, 0};
    if (in->exec_form)
        return last;
    TSNode c;
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &c))
        if (lf_node_is(c, "path"))
            last = cmf_node_span(c);
    lf_children_done(&it);
    return last;
}
