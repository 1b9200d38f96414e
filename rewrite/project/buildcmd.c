/*
 * Image builds in shell text (buildcmd.h): the walk over the statements,
 * and the build commands' own flags.
 */
#include "buildcmd.h"

#include "buildflags.h"
#include "compose.h"
#include "parse.h"
#include "shword.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LOOP 64
#define MAX_NESTING 400

/* One build found from one base. */
typedef struct hit {
    uint32_t at; /* start byte of the command */
    size_t base;
    char *dockerfile, *context, *tool;
    char *target; /* NULL: none, or not known */
    size_t line;
} hit;

typedef struct scan {
    const lf_shell_input *in;
    size_t base;
    int nesting; /* of walk */
    hit *hits;
    size_t n, cap;
} scan;

/* What a command's standard input is, when a redirection or a pipe says. */
typedef struct stdin_src {
    TSNode file; /* `< FILE`, or `cat FILE |` */
    bool set;
} stdin_src;

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* --- one build command ---------------------------------------------------------------------- */

static void add_hit(scan *S, TSNode cmd, const char *tool, const char *df, const char *ctx,
                    const char *target)
{
    hit *h = LF_VEC_PUSH(S->hits, S->n, S->cap);
    h->at = ts_node_start_byte(cmd);
    h->base = S->base;
    h->dockerfile = strdup(df);
    h->context = ctx ? strdup(ctx) : NULL;
    h->tool = strdup(tool);
    h->target = target && *target ? strdup(target) : NULL;
    h->line = ts_node_start_point(cmd).row + 1;
}

static bool is_archive(const char *p)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.zst"};
    size_t n = strlen(p);
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t m = strlen(ext[i]);
        if (n >= m && strcmp(p + n - m, ext[i]) == 0)
            return true;
    }
    return false;
}

/* The build of tool whose flags start at w[start]; podman and buildah look
 * for a Containerfile first. */
static void build_command(scan *S, lf_sh *s, TSNode cmd, const char *tool, const lf_shwords *w,
                          size_t start, const stdin_src *in)
{
    lf_build_args B;
    lf_build_args_read(w, start, &B);
    lf_buf file = LF_BUF_INIT, cpath = LF_BUF_INIT, fpath = LF_BUF_INIT;
    bool ok = B.ok && B.context->known && *B.context->text && (!B.file || B.file_known);
    const char *c = ok ? B.context->text : "", *f = B.file;
    bool from_stdin = ok && strcmp(c, "-") == 0;
    bool df_stdin = ok && f && strcmp(f, "-") == 0;
    if (!ok || lf_build_context_is_remote(c) || (from_stdin && f)) {
        ok = false; /* remote, or a tar archive on stdin */
    } else if (from_stdin || df_stdin) {
        /* the Dockerfile comes from the redirection or the pipe */
        ok = in && in->set && lf_sh_word(s, in->file, &file) && !is_archive(lf_buf_cstr(&file)) &&
             lf_sh_path(s, lf_buf_cstr(&file), &fpath) && is_file(fpath.data) &&
             (from_stdin || lf_sh_path(s, c, &cpath));
    } else {
        ok = lf_sh_path(s, c, &cpath);
        if (ok && f) {
            ok = lf_sh_path(s, f, &fpath);
        } else if (ok) {
            bool podman = strncmp(tool, "podman", 6) == 0 || strncmp(tool, "buildah", 7) == 0;
            lf_path_join_dir(cpath.data, "Containerfile", &fpath);
            if (!podman || !is_file(fpath.data)) {
                lf_buf_clear(&fpath);
                lf_path_join_dir(cpath.data, "Dockerfile", &fpath);
            }
        }
        ok = ok && is_file(fpath.data);
    }
    if (ok)
        add_hit(S, cmd, tool, fpath.data, from_stdin ? NULL : cpath.data,
                B.target_known ? B.target : NULL);
    lf_buf_free(&file);
    lf_buf_free(&cpath);
    lf_buf_free(&fpath);
}

/* kaniko: a relative --dockerfile that does not exist as given is taken
 * inside the context (as kaniko does). */
static void kaniko(scan *S, lf_sh *s, TSNode cmd, const lf_shwords *w, size_t k)
{
    const char *c, *f, *t;
    if (!lf_kaniko_args(w, k, &c, &f, &t))
        return;
    lf_buf cpath = LF_BUF_INIT, fpath = LF_BUF_INIT;
    if (lf_sh_path(s, c, &cpath) && lf_sh_path(s, f, &fpath)) {
        if (!is_file(fpath.data) && f[0] != '/') {
            lf_buf_clear(&fpath);
            lf_path_join_dir(cpath.data, f, &fpath);
        }
        if (is_file(fpath.data))
            add_hit(S, cmd, "kaniko", fpath.data, cpath.data, t);
    }
    lf_buf_free(&cpath);
    lf_buf_free(&fpath);
}

static const char *base_name(const char *p)
{
    const char *slash = strrchr(p, '/');
    return slash ? slash + 1 : p;
}

/* Steps over wrappers (sudo, env, ... with their flags and env's
 * NAME=VALUE) and leading unknown words (`$DRY docker build`); returns the
 * index of the program, w->n when there is none. */
static size_t program_index(const lf_shwords *w)
{
    static const char *const wrappers[] = {"sudo", "env",  "command", "exec",
                                           "time", "nice", "nohup"};
    size_t k = 0;
    for (bool more = true; more && k < w->n;) {
        more = false;
        if (w->v[k].opaque) {
            k++;
            more = true;
            continue;
        }
        for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers && w->v[k].known; i++)
            if (strcmp(base_name(w->v[k].text), wrappers[i]) == 0) {
                k++;
                while (k < w->n && !w->v[k].opaque &&
                       (w->v[k].text[0] == '-' || strchr(w->v[k].text, '=')))
                    k++;
                more = true;
                break;
            }
    }
    return k;
}

/* A simple command: cd, a wrapper, a build. */
static void command(scan *S, lf_sh *s, TSNode cmd, const stdin_src *in)
{
    lf_shwords w = {0};
    lf_sh_command_words(s, cmd, &w);
    size_t k = program_index(&w);
    if (k < w.n && w.v[k].known) {
        const char *p = base_name(w.v[k].text);
        lf_buf tool = LF_BUF_INIT;
        size_t start;
        if ((strcmp(p, "cd") == 0 || strcmp(p, "pushd") == 0) && k == 0) {
            size_t a = 1;
            while (a < w.n && w.v[a].known && w.v[a].text[0] == '-' && w.v[a].text[1])
                a++; /* -P, -L */
            lf_sh_cd(s, a < w.n ? &w.v[a] : NULL);
        } else if (strcmp(p, "popd") == 0) {
            s->cwd_ok = false;
        } else if (strcmp(p, "executor") == 0) {
            kaniko(S, s, cmd, &w, k);
        } else if ((start = lf_build_subcommand(&w, k, &tool)) > 0) {
            build_command(S, s, cmd, tool.data, &w, start, in);
        }
        lf_buf_free(&tool);
    }
    lf_shwords_free(&w);
}

/* --- the walk --------------------------------------------------------------------------------- */

static void walk(scan *S, lf_sh *s, TSNode n, const stdin_src *in);
static void merge(lf_sh *s, lf_sh *b, size_t n);

static void walk_children(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++)
        walk(S, s, ts_node_named_child(n, i), in);
}

/* Runs n in a copy of the state (a subshell, a pipeline part, a function). */
static void walk_apart(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    lf_sh sub;
    lf_sh_copy(&sub, s);
    walk(S, &sub, n, in);
    lf_sh_free(&sub);
}

/* NAME=VALUE as a statement (or in export/local/declare/readonly). */
static void assignment(scan *S, lf_sh *s, TSNode a)
{
    TSNode value = ts_node_child_by_field_name(a, "value", 5);
    if (!ts_node_is_null(value))
        walk_apart(S, s, value, NULL); /* builds inside $(...) */
    lf_sh_assign(s, a);
}

/* `for V in WORDS; do BODY; done`: BODY once per known word. */
static void for_loop(scan *S, lf_sh *s, TSNode n)
{
    TSNode var = ts_node_child_by_field_name(n, "variable", 8);
    TSNode body = ts_node_child_by_field_name(n, "body", 4);
    lf_strv values = LF_STRV_INIT;
    bool known = !ts_node_is_null(var);
    lf_buf w = LF_BUF_INIT;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc && known; i++) {
        TSNode v = ts_node_named_child(n, i);
        if (ts_node_eq(v, var) || ts_node_eq(v, body) || lf_node_is(v, "comment"))
            continue;
        lf_buf_clear(&w);
        known = !lf_node_is(v, "simple_expansion") && !lf_node_is(v, "expansion") &&
                !lf_node_is(v, "command_substitution") && lf_sh_word(s, v, &w) &&
                !strpbrk(lf_buf_cstr(&w), "*?[") && values.n < MAX_LOOP;
        lf_strv_push(&values, lf_buf_cstr(&w), w.len);
    }
    lf_buf_free(&w);
    lf_buf nm = LF_BUF_INIT;
    if (!ts_node_is_null(var))
        lf_sh_text(s, var, &nm);
    if (known && values.n > 0) {
        for (size_t i = 0; i < values.n; i++) {
            lf_strmap_set(&s->vars, nm.data, nm.len, values.items[i].s, values.items[i].len);
            walk(S, s, body, NULL);
        }
    } else {
        /* the body runs with the variable unknown, maybe not at all */
        lf_sh b[2];
        lf_sh_copy(&b[0], s);
        lf_sh_copy(&b[1], s);
        if (nm.len)
            lf_strmap_unset(&b[0].vars, nm.data);
        walk(S, &b[0], body, NULL);
        merge(s, b, 2);
        lf_sh_free(&b[0]);
        lf_sh_free(&b[1]);
    }
    lf_buf_free(&nm);
    lf_strv_free(&values);
}

/* --- branches ------------------------------------------------------------------------------ */

/* s becomes what all the branch states b[0..n) agree on: a variable they
 * give different values (or set in some only) is unknown afterwards, and so
 * is the working directory unless they share it. */
static void merge(lf_sh *s, lf_sh *b, size_t n)
{
    lf_strmap out = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < b[i].vars.names.n; k++) {
            const lf_str *name = &b[i].vars.names.items[k];
            if (lf_strmap_getn(&out, name->s, name->len))
                continue;
            const char *v = b[i].vars.values.items[k].s;
            bool same = true;
            for (size_t j = 0; j < n && same; j++) {
                const char *w = lf_strmap_getn(&b[j].vars, name->s, name->len);
                same = w && strcmp(w, v) == 0;
            }
            if (same)
                lf_strmap_set(&out, name->s, name->len, v, b[i].vars.values.items[k].len);
        }
    lf_strmap_free(&s->vars);
    s->vars = out;
    bool cwd = true;
    for (size_t j = 0; j < n && cwd; j++)
        cwd = b[j].cwd_ok && strcmp(lf_buf_cstr(&b[j].cwd), lf_buf_cstr(&b[0].cwd)) == 0;
    if (cwd) {
        lf_buf_clear(&s->cwd);
        lf_buf_adds(&s->cwd, lf_buf_cstr(&b[0].cwd));
    }
    s->cwd_ok = s->cwd_ok && cwd;
}

/* if / case / while / until: the conditions run; each body (elif and else
 * clauses, case items) runs in a branch of its own, and so does "no body
 * at all" unless an else clause (or a `*` case item) rules it out; the
 * branches then merge. */
static void branches(scan *S, lf_sh *s, TSNode n)
{
    lf_sh b[65];
    size_t nb = 0;
    bool exhaustive = false, in_then = false;
    lf_sh_copy(&b[nb++], s); /* the then-body of an if, or no body */
    TSTreeCursor cur = ts_tree_cursor_new(n);
    for (bool ok = ts_tree_cursor_goto_first_child(&cur); ok;
         ok = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        const char *field = ts_tree_cursor_current_field_name(&cur);
        if (!ts_node_is_named(c)) {
            in_then = in_then || strcmp(ts_node_type(c), "then") == 0;
            continue;
        }
        if (field && (strcmp(field, "condition") == 0 || strcmp(field, "value") == 0)) {
            walk(S, s, c, NULL);
        } else if ((lf_node_is(c, "elif_clause") || lf_node_is(c, "else_clause") ||
                    lf_node_is(c, "case_item")) &&
                   nb < 64) {
            lf_sh_copy(&b[nb], s);
            TSNode pattern = ts_node_child_by_field_name(c, "value", 5);
            exhaustive = exhaustive || lf_node_is(c, "else_clause") ||
                         (lf_node_is(pattern, "extglob_pattern") &&
                          ts_node_end_byte(pattern) - ts_node_start_byte(pattern) == 1);
            uint32_t k = ts_node_named_child_count(c);
            for (uint32_t i = 0; i < k; i++)
                if (!ts_node_eq(ts_node_named_child(c, i), pattern))
                    walk(S, &b[nb], ts_node_named_child(c, i), NULL);
            nb++;
        } else {
            walk(S, &b[0], c, NULL); /* the then-body, a loop's body */
        }
    }
    ts_tree_cursor_delete(&cur);
    if (exhaustive && lf_node_is(n, "case_statement") && nb > 1) {
        lf_sh_free(&b[0]); /* no item at all cannot happen */
        memmove(&b[0], &b[1], (nb - 1) * sizeof b[0]);
        nb--;
    } else if (!exhaustive || !in_then) {
        lf_sh_copy(&b[nb++], s); /* no body ran */
    }
    merge(s, b, nb);
    for (size_t i = 0; i < nb; i++)
        lf_sh_free(&b[i]);
}

/* `cat FILE | docker build -`: FILE is the build's standard input. */
static void pipeline(scan *S, lf_sh *s, TSNode n)
{
    uint32_t nc = ts_node_named_child_count(n);
    stdin_src pipe_in = {0};
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        walk_apart(S, s, c, pipe_in.set ? &pipe_in : NULL);
        pipe_in.set = false;
        if (lf_node_is(c, "command") && ts_node_named_child_count(c) == 2) {
            lf_buf p = LF_BUF_INIT;
            if (lf_sh_word(s, ts_node_named_child(c, 0), &p) && strcmp(p.data, "cat") == 0) {
                pipe_in.file = ts_node_named_child(c, 1);
                pipe_in.set = true;
            }
            lf_buf_free(&p);
        }
    }
}

/* A statement with redirections: `< FILE` is its standard input. */
static void redirected(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    stdin_src mine = {0};
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        if (!lf_node_is(c, "file_redirect"))
            continue;
        TSNode dest = ts_node_child_by_field_name(c, "destination", 11);
        lf_buf op = LF_BUF_INIT;
        uint32_t cc = ts_node_child_count(c);
        for (uint32_t k = 0; k < cc; k++)
            if (!ts_node_is_named(ts_node_child(c, k)))
                lf_buf_adds(&op, ts_node_type(ts_node_child(c, k)));
        if (strcmp(lf_buf_cstr(&op), "<") == 0 && !ts_node_is_null(dest)) {
            mine.file = dest;
            mine.set = true;
        }
        lf_buf_free(&op);
    }
    TSNode body = ts_node_child_by_field_name(n, "body", 4);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        if (lf_node_is(c, "heredoc_redirect"))
            walk_children(S, s, c, NULL); /* `cat <<EOF | docker build -` */
    }
    walk(S, s, body, mine.set ? &mine : in);
}

static void walk_node(scan *S, lf_sh *s, TSNode n, const stdin_src *in);

static void walk(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    if (ts_node_is_null(n) || s->depth > 32 || S->nesting > MAX_NESTING)
        return;
    S->nesting++;
    walk_node(S, s, n, in);
    S->nesting--;
}

static void walk_node(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    if (lf_node_is(n, "command")) {
        command(S, s, n, in);
        /* builds inside $(...) of its words */
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++)
            walk_apart(S, s, ts_node_named_child(n, i), NULL);
    } else if (lf_node_is(n, "variable_assignment")) {
        assignment(S, s, n);
    } else if (lf_node_is(n, "declaration_command")) {
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++)
            if (lf_node_is(ts_node_named_child(n, i), "variable_assignment"))
                assignment(S, s, ts_node_named_child(n, i));
    } else if (lf_node_is(n, "subshell") || lf_node_is(n, "function_definition") ||
               lf_node_is(n, "command_substitution")) {
        lf_sh sub;
        lf_sh_copy(&sub, s);
        walk_children(S, &sub, n, NULL);
        lf_sh_free(&sub);
    } else if (lf_node_is(n, "pipeline")) {
        pipeline(S, s, n);
    } else if (lf_node_is(n, "redirected_statement")) {
        redirected(S, s, n, in);
    } else if (lf_node_is(n, "for_statement")) {
        for_loop(S, s, n);
    } else if (lf_node_is(n, "if_statement") || lf_node_is(n, "case_statement") ||
               lf_node_is(n, "while_statement")) {
        branches(S, s, n);
    } else if (lf_node_is(n, "heredoc_body") || lf_node_is(n, "comment") || lf_node_is(n, "word") ||
               lf_node_is(n, "raw_string")) {
        /* nothing runs there */
    } else {
        walk_children(S, s, n, in);
    }
}

/* --- entry ---------------------------------------------------------------------------------- */

int lf_buildcmd_maybe(const char *text, size_t len)
{
    static const char *const tools[] = {"docker", "podman", "buildah", "nerdctl", "executor"};
    for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
        size_t m = strlen(tools[i]);
        for (const char *p = text; (p = memchr(p, tools[i][0], len - (size_t)(p - text))) != NULL;
             p++)
            if ((size_t)(text + len - p) >= m && memcmp(p, tools[i], m) == 0)
                return 1;
    }
    return 0;
}

static void scan_base(scan *S, TSNode root, size_t base)
{
    const lf_shell_input *in = S->in;
    lf_sh s = {.in = in};
    lf_buf sabs = LF_BUF_INIT, rabs = LF_BUF_INIT;
    if (in->script)
        lf_path_key(in->script, &sabs);
    if (in->root)
        lf_path_key(in->root, &rabs);
    s.script_abs = in->script ? sabs.data : NULL;
    s.root_abs = in->root ? rabs.data : NULL;
    lf_strmap_copy(&s.vars, in->vars);
    lf_buf_adds(&s.cwd, in->bases[base]);
    s.cwd_ok = true;
    S->base = base;
    walk(S, &s, root, NULL);
    lf_sh_free(&s);
    lf_buf_free(&sabs);
    lf_buf_free(&rabs);
}

/* Reports the hits of one command: from the first base that has them,
 * unless two bases disagree. */
static void report(const scan *S, size_t from, size_t to, lf_buildcmd_fn fn, void *arg)
{
    lf_buf k1 = LF_BUF_INIT, k2 = LF_BUF_INIT;
    const hit *first = &S->hits[from];
    bool agree = true;
    for (size_t i = from + 1; i < to && agree; i++) {
        const hit *h = &S->hits[i];
        if (h->base == first->base)
            continue; /* the same command run again (a loop) */
        lf_buf_clear(&k1);
        lf_buf_clear(&k2);
        lf_path_key(first->dockerfile, &k1);
        lf_path_key(h->dockerfile, &k2);
        agree = strcmp(k1.data, k2.data) == 0 && !first->context == !h->context;
        if (agree && first->context) {
            lf_buf_clear(&k1);
            lf_buf_clear(&k2);
            lf_path_key(first->context, &k1);
            lf_path_key(h->context, &k2);
            agree = strcmp(k1.data, k2.data) == 0;
        }
    }
    for (size_t i = from; i < to && agree; i++) {
        const hit *h = &S->hits[i];
        if (h->base != first->base)
            continue;
        lf_buf df = LF_BUF_INIT, ctx = LF_BUF_INIT;
        if (h->dockerfile[0] == '/')
            lf_path_display(h->dockerfile, &df);
        else
            lf_buf_adds(&df, h->dockerfile);
        if (h->context && h->context[0] == '/')
            lf_path_display(h->context, &ctx);
        else if (h->context)
            lf_buf_adds(&ctx, h->context);
        lf_buildcmd c = {df.data, h->context ? ctx.data : NULL, h->tool, h->line, h->target};
        fn(arg, &c);
        lf_buf_free(&df);
        lf_buf_free(&ctx);
    }
    lf_buf_free(&k1);
    lf_buf_free(&k2);
}

static int by_place(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->base < y->base ? -1 : x->base > y->base ? 1 : 0;
}

void lf_buildcmd_scan(const lf_shell_input *in, lf_buildcmd_fn fn, void *arg)
{
    if (!lf_buildcmd_maybe(in->text, in->len) || in->nbases == 0)
        return;
    TSParser *p = ts_parser_new();
    if (!p || !ts_parser_set_language(p, tree_sitter_bash())) {
        if (p)
            ts_parser_delete(p);
        return;
    }
    TSTree *tree = ts_parser_parse_string(p, NULL, in->text, (uint32_t)in->len);
    scan S = {.in = in};
    if (tree) {
        /* each base once */
        for (size_t b = 0; b < in->nbases; b++) {
            bool again = false;
            for (size_t k = 0; k < b && !again; k++)
                again = strcmp(in->bases[k], in->bases[b]) == 0;
            if (!again)
                scan_base(&S, ts_tree_root_node(tree), b);
        }
        /* stable: hits of one base keep their order within a command */
        for (size_t i = 1; i < S.n; i++)
            for (size_t j = i; j > 0 && by_place(&S.hits[j - 1], &S.hits[j]) > 0; j--) {
                hit t = S.hits[j];
                S.hits[j] = S.hits[j - 1];
                S.hits[j - 1] = t;
            }
        for (size_t i = 0; i < S.n;) {
            size_t j = i + 1;
            while (j < S.n && S.hits[j].at == S.hits[i].at)
                j++;
            report(&S, i, j, fn, arg);
            i = j;
        }
        ts_tree_delete(tree);
    }
    for (size_t i = 0; i < S.n; i++) {
        free(S.hits[i].dockerfile);
        free(S.hits[i].context);
        free(S.hits[i].tool);
        free(S.hits[i].target);
    }
    free(S.hits);
    ts_parser_delete(p);
}
