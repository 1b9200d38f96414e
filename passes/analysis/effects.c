/* What a RUN reads and writes (see effects.h). */
#include "effects.h"

#include "parse.h"
#include "paths.h"
#include "pkgmgr.h"
#include "shell.h"
#include "tools.h"
#include "users.h"
#include "vec.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- one effect ------------------------------------------------------------------- */

static void add_path(lf_effect *e, const char *path, bool write)
{
    for (size_t i = 0; i < e->npaths; i++)
        if (strcmp(e->paths[i].path, path) == 0) {
            e->paths[i].write = e->paths[i].write || write;
            return;
        }
    lf_path_use *p = LF_VEC_PUSH(e->paths, e->npaths, e->cap);
    p->path = strdup(path);
    p->write = write;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
unknown(lf_effect *e, const char *fmt, ...)
{
    if (!e->known)
        return; /* the first reason stays */
    e->known = false;
    lf_buf b = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    e->why = lf_buf_detach(&b, NULL);
}

static void effect_free(lf_effect *e)
{
    for (size_t i = 0; i < e->npaths; i++)
        free(e->paths[i].path);
    free(e->paths);
    free(e->why);
    free(e->floating);
    memset(e, 0, sizeof *e);
}

/* Adds what effect from did to into. */
static void merge(lf_effect *into, const lf_effect *from)
{
    if (!from->known && into->known) {
        into->known = false;
        into->why = strdup(from->why);
    }
    into->system = into->system || from->system;
    into->network = into->network || from->network;
    into->cwd = into->cwd || from->cwd;
    if (from->floating && !into->floating)
        into->floating = strdup(from->floating);
    for (size_t i = 0; i < from->npaths; i++)
        add_path(into, from->paths[i].path, from->paths[i].write);
}

/* --- words ------------------------------------------------------------------------ */

/* How one command is read: the scope its words expand in, its directory,
 * whether that directory comes from an absolute `cd` of the RUN (then the
 * WORKDIR does not matter). */
typedef struct cmd_ctx {
    const lf_effects_env *env;
    const lf_cmd *c;
    lf_effect *e;
    bool anchored;
} cmd_ctx;

/* Does the word look like a path whatever the tool says it is? */
static bool looks_like_path(const char *w)
{
    if (w[0] == '/' || w[0] == '~' || strncmp(w, "./", 2) == 0 || strncmp(w, "../", 3) == 0 ||
        strcmp(w, ".") == 0 || strcmp(w, "..") == 0)
        return true;
    size_t n = strlen(w);
    for (size_t i = 0; lf_pkg_file_exts[i]; i++) {
        size_t k = strlen(lf_pkg_file_exts[i]);
        if (n > k && strcmp(w + n - k, lf_pkg_file_exts[i]) == 0)
            return true;
    }
    return false;
}

/* Expands a word of the command (quotes removed; dyn: it holds an
 * expansion) into out; false when it depends on what is not known. */
static bool expand(const cmd_ctx *x, const char *s, bool dyn, lf_buf *out)
{
    lf_buf_clear(out);
    if (!dyn) {
        lf_buf_adds(out, s);
        return true;
    }
    lf_scope sc = {{&x->c->env, x->env->env, NULL}, x->env->home};
    return lf_expand(s, strlen(s), 0, true, &sc, out);
}

/* Records the path p (expanded) as read or written. */
static void use_path(cmd_ctx *x, const char *p, bool write)
{
    if (strcmp(p, "-") == 0 || !*p)
        return; /* standard input or output */
    lf_buf dir = LF_BUF_INIT;
    /* a glob stands for the directory it starts in */
    size_t g = strcspn(p, "*?[");
    if (p[g]) {
        const char *slash = NULL;
        for (size_t i = 0; i < g; i++)
            slash = p[i] == '/' ? p + i : slash;
        lf_buf_add(&dir, p, slash ? (size_t)(slash - p) : 0);
        lf_buf_adds(&dir, "");
        if (slash == p)
            lf_buf_adds(&dir, "/");
        p = dir.data;
    }
    if (p[0] == '~') {
        if (!x->env->home) {
            unknown(x->e, "`%s` is in a HOME known only at build time", p);
            lf_buf_free(&dir);
            return;
        }
        lf_buf t = LF_BUF_INIT;
        lf_buf_printf(&t, "%s%s", x->env->home, p + 1);
        char *abs = lf_path_join("/", t.data);
        add_path(x->e, abs, write);
        free(abs);
        lf_buf_free(&t);
        lf_buf_free(&dir);
        return;
    }
    if (p[0] != '/') {
        if (!x->anchored)
            x->e->cwd = true;
        if (!x->c->cwd) {
            unknown(x->e, "`%s` is relative to a directory known only at build time", p);
            lf_buf_free(&dir);
            return;
        }
    }
    char *abs = lf_path_join(x->c->cwd ? x->c->cwd : "/", *p ? p : ".");
    add_path(x->e, abs, write);
    free(abs);
    lf_buf_free(&dir);
}

/* Does the URL name a fixed version: no word that moves, and a version
 * (`1.2`, `v3`) or a commit? */
static bool url_pinned(const char *url)
{
    const char *s = strstr(url, "://");
    s = s ? s + 3 : url;
    s += strcspn(s, "/"); /* the host may say anything */
    bool version = false;
    size_t hex = 0;
    for (const char *p = s; *p; p++) {
        if (isalnum((unsigned char)*p)) {
            size_t n = 0;
            while (isalnum((unsigned char)p[n]))
                n++;
            for (size_t i = 0; lf_url_floating_words[i]; i++)
                if (strlen(lf_url_floating_words[i]) == n &&
                    strncasecmp(p, lf_url_floating_words[i], n) == 0)
                    return false;
            hex = strspn(p, "0123456789abcdef");
            if (hex >= 40)
                version = true;
            p += n - 1;
            continue;
        }
        if (*p == '.' && p > s && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
            version = true;
        if ((*p == '/' || *p == '-' || *p == '_') && (p[1] == 'v' || p[1] == 'V') &&
            isdigit((unsigned char)p[2]))
            version = true;
    }
    return version;
}

/* Applies role to a word s of the command (dyn: it holds an expansion). */
static void use_text(cmd_ctx *x, const char *s, bool dyn, lf_fx_role role)
{
    lf_buf v = LF_BUF_INIT;
    bool ok = expand(x, s, dyn, &v);
    if (role == LF_FX_NONE) {
        /* text: only a value that may start with a path matters */
        if (ok && looks_like_path(v.data))
            use_path(x, v.data, true);
        else if (!ok && s[0] == '$')
            unknown(x->e, "`%s` is known only at build time", s);
        lf_buf_free(&v);
        return;
    }
    if (!ok) {
        if (role != LF_FX_DATA || strpbrk(s, "@<"))
            unknown(x->e, "`%s` is known only at build time", s);
        lf_buf_free(&v);
        return;
    }
    switch (role) {
    case LF_FX_URL:
        if (strstr(v.data, "://")) {
            x->e->network = true;
            if (!url_pinned(v.data) && !x->e->floating)
                x->e->floating = strdup(v.data);
        } else {
            use_path(x, v.data, false);
        }
        break;
    case LF_FX_DATA: {
        /* `@file` (curl -d, -H), `name=@file` or `name=<file` (curl -F) */
        const char *at = strpbrk(v.data, "@<");
        if (at && (at == v.data || at[-1] == '=')) {
            char *p = strndup(at + 1, strcspn(at + 1, ";"));
            use_path(x, p, false);
            free(p);
        }
        break;
    }
    case LF_FX_READ:
        use_path(x, v.data, false);
        break;
    case LF_FX_WRITE:
    case LF_FX_RW:
        use_path(x, v.data, true);
        break;
    case LF_FX_NONE:
        break;
    }
    lf_buf_free(&v);
}

static void use_word(cmd_ctx *x, size_t k, lf_fx_role role)
{
    use_text(x, x->c->w[k].s, x->c->w[k].dyn, role);
}

/* --- commands ---------------------------------------------------------------------- */

static bool in_list(const char *const *list, const char *w)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], w) == 0)
            return true;
    return false;
}

static const lf_fx_opt *find_opt(const lf_file_tool *t, const char *name, size_t n)
{
    for (const lf_fx_opt *o = t->opts; o && o->opt; o++)
        if (strlen(o->opt) == n && strncmp(o->opt, name, n) == 0)
            return o;
    return NULL;
}

/* A file tool's words, sorted out: its operands, and what its options say. */
typedef struct tool_args {
    size_t ops[64];
    size_t nops;
    bool cwd, rw, script, write_opt;
} tool_args;

/* Option value k+1 (or the rest of word k from `rest`) with role. */
static void option_value(cmd_ctx *x, size_t *k, const char *rest, lf_fx_role role, tool_args *a)
{
    if (role == LF_FX_WRITE)
        a->write_opt = true; /* it says where it writes */
    if (rest && *rest) {
        use_text(x, rest, x->c->w[*k].dyn, role); /* `-ofile`, `--output=file` */
        return;
    }
    if (*k + 1 < x->c->n) {
        (*k)++;
        use_word(x, *k, role);
    }
}

/* One short-option cluster (`-xzf`, or `xzf` for tar's first word). */
static void short_cluster(cmd_ctx *x, const lf_file_tool *t, size_t *k, const char *w, tool_args *a)
{
    for (const char *p = w; *p; p++) {
        char opt[3] = {'-', *p, 0};
        if (t->rw_opts && in_list(t->rw_opts, opt)) {
            a->rw = true;
            return; /* sed -i.bak: the rest is a suffix */
        }
        if (t->cwd_opts && in_list(t->cwd_opts, opt))
            a->cwd = true;
        if (t->script_opts && in_list(t->script_opts, opt))
            a->script = true;
        const lf_fx_opt *o = find_opt(t, opt, 2);
        if (o) {
            option_value(x, k, p + 1, o->role, a);
            return;
        }
    }
}

static void read_tool_args(cmd_ctx *x, const lf_file_tool *t, tool_args *a)
{
    const lf_cmd *c = x->c;
    bool ended = false;
    for (size_t k = 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (!ended && strcmp(w, "--") == 0) {
            ended = true;
        } else if (!ended && strncmp(w, "--", 2) == 0) {
            size_t n = strcspn(w, "=");
            const lf_fx_opt *o = find_opt(t, w, n);
            if (t->rw_opts && in_list(t->rw_opts, "--in-place") &&
                strncmp(w, "--in-place", 10) == 0)
                a->rw = true;
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)n, w);
            a->cwd = a->cwd || (t->cwd_opts && in_list(t->cwd_opts, name));
            a->script = a->script || (t->script_opts && in_list(t->script_opts, name));
            if (o)
                option_value(x, &k, w[n] ? w + n + 1 : NULL, o->role, a);
        } else if (!ended && w[0] == '-' && w[1]) {
            short_cluster(x, t, &k, w + 1, a);
        } else if (k == 1 && (t->flags & LF_FT_BARE_CLUSTER) && !c->w[k].dyn &&
                   strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(w)) {
            short_cluster(x, t, &k, w, a);
        } else if (a->nops < sizeof a->ops / sizeof a->ops[0]) {
            a->ops[a->nops++] = k;
        } else {
            unknown(x->e, "`%s` has more operands than the analysis reads", c->w[0].s);
        }
    }
}

/* The current directory, written. */
static void write_cwd(cmd_ctx *x)
{
    use_path(x, ".", true);
}

static void file_tool(cmd_ctx *x, const lf_file_tool *t)
{
    tool_args a = {0};
    read_tool_args(x, t, &a);
    lf_effect *e = x->e;
    e->system = e->system || (t->flags & LF_FT_SYSTEM);
    e->network = e->network || (t->flags & LF_FT_NETWORK);
    if (t->home) {
        lf_buf h = LF_BUF_INIT;
        lf_buf_printf(&h, "~/%s", t->home);
        use_path(x, h.data, true);
        lf_buf_free(&h);
    }
    lf_fx_role role = t->operands;
    if (a.rw && role == LF_FX_READ)
        role = LF_FX_RW;
    for (size_t i = 0; i < a.nops; i++) {
        lf_fx_role r = role;
        if (i == 0 && (t->flags & LF_FT_FIRST_NOT_PATH) && !a.script)
            r = LF_FX_NONE;
        if ((t->flags & LF_FT_LAST_WRITES) && !a.write_opt && i + 1 == a.nops && a.nops > 1)
            r = LF_FX_WRITE;
        use_word(x, a.ops[i], r);
    }
    if ((t->flags & LF_FT_CWD_DEFAULT) && a.nops == 0)
        use_path(x, ".", false);
    /* cp/ln with one operand: into the current directory */
    bool into_cwd = (t->flags & LF_FT_LAST_WRITES) && !a.write_opt && a.nops == 1;
    if (a.cwd || into_cwd || ((t->flags & LF_FT_CWD) && !a.write_opt))
        write_cwd(x);
}

/* A distribution's package manager: the system's directories, what its
 * operands name when they look like paths or URLs, the current directory
 * for the subcommands that write there. */
static void system_pm(cmd_ctx *x, const lf_pm *pm)
{
    const lf_cmd *c = x->c;
    x->e->system = true;
    const char *sub = NULL;
    for (size_t k = c->prog + 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] == '-' && w[1]) {
            const char *eq = strchr(w, '=');
            if (eq) {
                use_text(x, eq + 1, c->w[k].dyn, LF_FX_NONE);
            } else if (lf_pkgmgr_in(pm->value_opts, w) && k + 1 < c->n) {
                k++;
                use_word(x, k, LF_FX_NONE);
            }
            continue;
        }
        if (!sub && !c->w[k].dyn) {
            sub = w;
            continue;
        }
        lf_fx_role r = strstr(w, "://") ? LF_FX_URL : LF_FX_NONE;
        use_word(x, k, r);
    }
    if (!sub || !lf_pkgmgr_in(pm->system_subcmds, sub))
        write_cwd(x);
}

/* useradd, adduser, usermod: the system's user database and the home. */
static void user_tool(cmd_ctx *x)
{
    x->e->system = true;
    bool unsure = false;
    char *home = lf_user_cmd_home(x->c, &unsure);
    if (unsure)
        unknown(x->e, "the user `%s` makes or its home is known only at build time", x->c->w[0].s);
    else if (home)
        use_path(x, home, true);
    free(home);
    for (size_t k = 1; k < x->c->n; k++)
        if (!x->c->w[k].dyn)
            use_word(x, k, LF_FX_NONE);
}

/* A command that reads nothing of the project (lf_pm_helpers), or NULL. */
static const lf_pm_helper *helper_of(const lf_cmd *c)
{
    size_t first = c->prog + 1;
    while (first < c->n && c->w[first].s[0] == '-')
        first++;
    for (size_t i = 0; lf_pm_helpers[i].program; i++) {
        const lf_pm_helper *h = &lf_pm_helpers[i];
        if (strcmp(h->program, c->progname) != 0)
            continue;
        if (h->first_word && (first >= c->n || strcmp(c->w[first].s, h->first_word) != 0))
            continue;
        bool unless = false;
        for (size_t k = c->prog + 1; h->unless && k < c->n && !unless; k++)
            unless = strcmp(c->w[k].s, h->unless) == 0;
        return unless ? NULL : h;
    }
    return NULL;
}

static void helper(cmd_ctx *x, const lf_pm_helper *h)
{
    if (h->writes && !*h->writes)
        x->e->system = true;
    else if (h->writes)
        use_path(x, h->writes, true);
    for (size_t k = x->c->prog + 1; k < x->c->n; k++)
        use_word(x, k, LF_FX_NONE);
}

static void command(cmd_ctx *x)
{
    const lf_cmd *c = x->c;
    if (c->n == 0)
        return;
    if (c->w[0].dyn) {
        unknown(x->e, "the program `%s` is known only at build time", c->w[0].s);
        return;
    }
    const char *prog = lf_path_base(c->w[0].s);
    if (lf_tool_kind_of(prog) == LF_TOOL_CD) {
        /* the model follows it; a relative one depends on the WORKDIR */
        if (c->n >= 2 && c->w[c->n - 1].s[0] != '/' && !x->anchored)
            x->e->cwd = true;
        return;
    }
    const lf_pm_helper *h;
    const lf_file_tool *ft;
    if (c->via_system_wrapper)
        x->e->system = true; /* sudo reads its policy, gosu the user database */
    if (c->pm && c->pm->system_subcmds)
        system_pm(x, c->pm);
    else if (lf_user_tool_find(prog))
        user_tool(x);
    else if ((h = helper_of(c)) != NULL)
        helper(x, h);
    else if (c->prog == 0 && (ft = lf_file_tool_find(c->progname)) != NULL)
        file_tool(x, ft);
    else if (lf_tool_runs_code(c->w[0].s))
        unknown(x->e, "`%s` runs code the analysis cannot read", c->w[0].s);
    else
        unknown(x->e, "the analysis does not know what `%s` reads and writes", c->w[0].s);
}

/* --- redirections ------------------------------------------------------------------- */

/* The commands a redirection applies to: those inside the node it belongs
 * to (a command, or the body of a redirected statement). */
static void redirect_owners(const lf_run_model *m, TSNode redir, size_t *from, size_t *to)
{
    TSNode owner = ts_node_parent(redir);
    if (!ts_node_is_null(owner) && lf_node_is(owner, "redirected_statement")) {
        TSNode body = ts_node_child_by_field_name(owner, "body", 4);
        if (!ts_node_is_null(body))
            owner = body;
    }
    size_t s = ts_node_start_byte(owner), e = ts_node_end_byte(owner);
    *from = *to = m->ncmds;
    for (size_t i = 0; i < m->ncmds; i++) {
        const lf_cmd *c = &m->cmds[i];
        if (!c->editable || c->span.start < s || c->span.end > e)
            continue;
        if (*from == m->ncmds)
            *from = i;
        *to = i + 1;
    }
}

/* One `> file`, `>> file`, `< file`, `&> file`: what it reads or writes,
 * for the commands it applies to (or, when none, the RUN as a whole). */
static void redirect(const lf_doc *doc, TSNode n, const lf_run_model *m, lf_run_effects *fx,
                     const lf_effects_env *env, const bool *anchored)
{
    TSNode dest = ts_node_child_by_field_name(n, "destination", 11);
    if (ts_node_is_null(dest))
        return;
    bool write = false, read = false, dup = false;
    TSNode ch;
    lf_children it = lf_children_of(n);
    while (lf_children_next(&it, &ch)) {
        if (ts_node_is_named(ch))
            continue;
        const char *op = ts_node_type(ch);
        write = write || strchr(op, '>') != NULL;
        read = read || strchr(op, '<') != NULL;
        dup = dup || (op[0] != '&' && strchr(op, '&') != NULL);
    }
    lf_children_done(&it);
    lf_span s = {ts_node_start_byte(dest), ts_node_end_byte(dest)};
    lf_buf w = LF_BUF_INIT;
    lf_shell_word_text(doc, s, &w);
    /* `2>&1`, `<&3`, `>&-`: another descriptor, not a file */
    if (dup && (strspn(w.data, "0123456789") == w.len || strcmp(w.data, "-") == 0))
        write = read = false;
    bool dyn = lf_has_expansion(doc->src->data + s.start, s.end - s.start);
    lf_fx_role role = write ? LF_FX_WRITE : LF_FX_READ;
    size_t from, to;
    redirect_owners(m, n, &from, &to);
    if (!write && !read) {
        /* nothing */
    } else if (from == to) {
        lf_cmd at = {0};
        at.cwd = (char *)env->workdir;
        cmd_ctx x = {env, &at, &fx->run, false};
        use_text(&x, w.data, dyn, role);
    } else {
        for (size_t i = from; i < to; i++) {
            cmd_ctx x = {env, &m->cmds[i], &fx->cmds[i], anchored[i]};
            use_text(&x, w.data, dyn, role);
        }
    }
    lf_buf_free(&w);
}

static void redirects(const lf_doc *doc, const lf_instr *in, const lf_run_model *m,
                      lf_run_effects *fx, const lf_effects_env *env, const bool *anchored)
{
    if (!in->shell_tree)
        return;
    TSNode *stack = NULL;
    size_t n = 0, cap = 0;
    *LF_VEC_PUSH(stack, n, cap) = ts_tree_root_node(in->shell_tree);
    while (n > 0) {
        TSNode node = stack[--n];
        if (lf_node_is(node, "file_redirect")) {
            redirect(doc, node, m, fx, env, anchored);
            continue;
        }
        uint32_t nc = ts_node_named_child_count(node);
        for (uint32_t i = 0; i < nc; i++)
            *LF_VEC_PUSH(stack, n, cap) = ts_node_named_child(node, i);
    }
    free(stack);
}

/* --- mounts and variables ---------------------------------------------------------- */

static bool span_is(const lf_doc *doc, lf_span s, const char *t)
{
    size_t n = strlen(t);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, t, n) == 0;
}

/* RUN --mount: a bind mount of the build context is read; a cache or tmpfs
 * mount's target is written (it hides what is there). */
static void mounts(const lf_doc *doc, const lf_instr *in, lf_run_effects *fx,
                   const lf_effects_env *env)
{
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!fl->is_mount)
            continue;
        bool bind = true, from = false, hides = false;
        lf_buf target = LF_BUF_INIT;
        for (size_t k = 0; k < fl->nopts; k++) {
            const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
            if (span_is(doc, o->key, "type") && o->has_value) {
                bind = span_is(doc, o->value, "bind");
                hides = span_is(doc, o->value, "cache") || span_is(doc, o->value, "tmpfs");
            } else if (span_is(doc, o->key, "from")) {
                from = true;
            } else if ((span_is(doc, o->key, "target") || span_is(doc, o->key, "dst") ||
                        span_is(doc, o->key, "destination")) &&
                       o->has_value) {
                lf_shell_unquote(lf_doc_text(doc, o->value), o->value.end - o->value.start,
                                 &target);
            }
        }
        if (bind && !from)
            fx->binds_context = true;
        if (hides && target.len) {
            lf_cmd at = {0};
            at.cwd = (char *)env->workdir;
            cmd_ctx x = {env, &at, &fx->run, false};
            use_text(&x, target.data, strchr(target.data, '$') != NULL, LF_FX_WRITE);
        }
        lf_buf_free(&target);
    }
}

/* Every $NAME and ${NAME...} of the text. */
static void text_vars(const char *s, size_t len, lf_strv *vars)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '$')
            continue;
        size_t j = i + 1 + (s[i + 1] == '{');
        size_t k = j;
        while (k < len && (isalnum((unsigned char)s[k]) || s[k] == '_'))
            k++;
        if (k > j && !isdigit((unsigned char)s[j]))
            lf_strv_push(vars, s + j, k - j);
        i = k - 1;
    }
}

/* --- the RUN ------------------------------------------------------------------------- */

static void add_program(lf_strv *v, const char *p)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, p) == 0)
            return;
    lf_strv_push(v, p, strlen(p));
}

void lf_run_effects_build(lf_run_effects *fx, const lf_doc *doc, const lf_instr *in,
                          const lf_run_model *m, const lf_effects_env *env)
{
    memset(fx, 0, sizeof *fx);
    fx->all.known = fx->run.known = true;
    fx->ncmds = m->ncmds;
    fx->cmds = calloc(m->ncmds ? m->ncmds : 1, sizeof *fx->cmds);
    bool *anchored = calloc(m->ncmds ? m->ncmds : 1, sizeof *anchored);
    bool anchor = false;
    for (size_t i = 0; i < m->ncmds; i++) {
        const lf_cmd *c = &m->cmds[i];
        lf_effect *e = &fx->cmds[i];
        e->known = true;
        anchored[i] = anchor && !c->inner;
        cmd_ctx x = {env, c, e, anchored[i]};
        command(&x);
        if (c->inner)
            unknown(e, "`%s` is run from a string by a shell", c->n ? c->w[0].s : "");
        if (!c->inner && c->n == 2 && c->top_level && !c->after_or &&
            lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD && c->w[1].s[0] == '/' && !c->w[1].dyn)
            anchor = true;
        if (c->n && !c->w[0].dyn)
            add_program(&fx->programs, c->progname);
        if (c->pm)
            add_program(&fx->programs, c->pm->name);
    }
    redirects(doc, in, m, fx, env, anchored);
    mounts(doc, in, fx, env);
    if (!m->readable)
        unknown(&fx->run, "its commands cannot be read");
    merge(&fx->all, &fx->run);
    for (size_t i = 0; i < m->ncmds; i++)
        merge(&fx->all, &fx->cmds[i]);
    text_vars(doc->src->data + in->span.start, in->span.end - in->span.start, &fx->vars);
    free(anchored);
}

void lf_run_effects_free(lf_run_effects *fx)
{
    for (size_t i = 0; i < fx->ncmds; i++)
        effect_free(&fx->cmds[i]);
    free(fx->cmds);
    effect_free(&fx->all);
    effect_free(&fx->run);
    lf_strv_free(&fx->vars);
    lf_strv_free(&fx->programs);
    memset(fx, 0, sizeof *fx);
}

/* --- questions ------------------------------------------------------------------------ */

bool lf_dir_is_system(const char *dir)
{
    if (lf_pkgmgr_in(lf_local_dirs, dir))
        return false;
    for (size_t i = 0; lf_local_dirs[i]; i++)
        if (lf_path_within(dir, lf_local_dirs[i]))
            return false;
    for (size_t i = 0; lf_pkg_named_dirs[i]; i++)
        if (lf_path_within(dir, lf_pkg_named_dirs[i]) && strcmp(dir, lf_pkg_named_dirs[i]) != 0)
            return false;
    for (size_t i = 0; lf_pkg_dirs[i]; i++)
        if (lf_path_overlap(dir, lf_pkg_dirs[i]))
            return true;
    return false;
}

bool lf_effect_touches(const lf_effect *e, const char *dir, lf_buf *why)
{
    if (!e->known) {
        if (why)
            lf_buf_adds(why, e->why);
        return true;
    }
    if (e->system && lf_dir_is_system(dir)) {
        if (why)
            lf_buf_printf(why, "it installs into the system's directories, and `%s` is one of them",
                          dir);
        return true;
    }
    for (size_t i = 0; i < e->npaths; i++)
        if (lf_path_overlap(e->paths[i].path, dir)) {
            if (why)
                lf_buf_printf(why, "it %s `%s`", e->paths[i].write ? "writes" : "reads",
                              e->paths[i].path);
            return true;
        }
    return false;
}

bool lf_effect_writes(const lf_effect *e, const char *dir)
{
    if (!e->known || (e->system && lf_dir_is_system(dir)))
        return true;
    for (size_t i = 0; i < e->npaths; i++)
        if (e->paths[i].write && lf_path_overlap(e->paths[i].path, dir))
            return true;
    return false;
}

bool lf_run_reads_var(const lf_run_effects *fx, const char *name)
{
    for (size_t i = 0; i < fx->vars.n; i++)
        if (strcmp(fx->vars.items[i].s, name) == 0)
            return true;
    if (lf_tool_reads_ambient_env(name, fx->all.system || fx->all.network || !fx->all.known))
        return true;
    for (size_t i = 0; i < fx->programs.n; i++) {
        const char *p = fx->programs.items[i].s;
        size_t n = strlen(p), k = 0;
        for (; k < n && name[k]; k++) {
            char a = (char)tolower((unsigned char)name[k]);
            char b = p[k] == '-' || p[k] == '.' ? '_' : (char)tolower((unsigned char)p[k]);
            if (a != b)
                break;
        }
        if (k == n && name[n] == '_')
            return true;
    }
    return false;
}
