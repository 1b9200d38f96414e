/* The RUN-command model (see run_model.h). */
#include "run_model.h"

#include "json.h"
#include "parse.h"
#include "paths.h"
#include "shell.h"
#include "strv.h"
#include "tools.h"
#include "vec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --- building commands ---------------------------------------------------------- */

static void add_word(lf_cmd *c, const char *s, size_t n, lf_span span, bool dyn, bool glob)
{
    lf_word *w = LF_VEC_PUSH(c->w, c->n, c->cap);
    w->s = strndup(s, n);
    w->span = span;
    w->dyn = dyn;
    w->glob = glob;
}

/* An unquoted glob character in the raw word (quotes as written). */
static bool has_glob(const char *s, size_t n)
{
    if (n && (s[0] == '\'' || s[0] == '"'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (strchr("*?[", s[i]))
            return true;
    return false;
}

static void add_assign(lf_cmd *c, const char *text, lf_span span)
{
    lf_assign *a = LF_VEC_PUSH(c->assign, c->nassign, c->capa);
    a->text = strdup(text);
    a->span = span;
}

static bool is_assignment(const char *s)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s)
        return false;
    for (const char *p = s; p < eq; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    return !isdigit((unsigned char)s[0]);
}

static void drop_words(lf_cmd *c, size_t k)
{
    if (k > c->n)
        k = c->n;
    for (size_t i = 0; i < k; i++)
        free(c->w[i].s);
    memmove(c->w, c->w + k, (c->n - k) * sizeof c->w[0]);
    c->n -= k;
}

/* Does option word w of wrapper t take the next word as its value? */
static bool wrapper_takes(const lf_tool_wrapper *t, const char *w)
{
    if (w[1] != '-')
        return strlen(w) == 2 && strchr(t->short_with_value, w[1]) != NULL;
    for (size_t i = 0; t->long_with_value && t->long_with_value[i]; i++)
        if (strcmp(t->long_with_value[i], w) == 0)
            return true;
    return false;
}

static bool in_list(const char *const *list, const char *w)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], w) == 0)
            return true;
    return false;
}

/* Strips the wrappers (sudo, env NAME=x, gosu USER...) off the command,
 * keeping env's assignments and who the command runs as. */
static void unwrap(lf_cmd *c)
{
    for (;;) {
        if (c->n == 0)
            return;
        const lf_tool_wrapper *t = lf_tool_wrapper_find(lf_path_base(c->w[0].s));
        if (!t)
            return;
        c->via_system_wrapper = c->via_system_wrapper || t->reads_system;
        size_t k = 1;
        while (k < c->n) {
            const char *w = c->w[k].s;
            if (w[0] == '-' && w[1]) {
                bool takes = wrapper_takes(t, w) && !strchr(w, '=');
                if (in_list(t->user_opts, w) && k + 1 < c->n) {
                    free(c->run_as);
                    c->run_as = strdup(c->w[k + 1].s);
                } else if (in_list(t->login_opts, w)) {
                    c->run_as_home = true;
                }
                k += takes ? 2 : 1;
            } else if (t->assigns && is_assignment(w)) {
                add_assign(c, w, c->w[k].span);
                k++;
            } else {
                break;
            }
        }
        if (t->user_is_first_word && k < c->n) {
            free(c->run_as);
            c->run_as = strdup(c->w[k].s);
            c->run_as_home = true;
            k++;
        }
        drop_words(c, k);
    }
}

/* The env a command sees of its own: the exports, then its assignments. */
static void command_env(lf_cmd *c, const lf_vars *exports)
{
    lf_vars_copy(&c->env, exports);
    for (size_t i = 0; i < c->nassign; i++) {
        const char *t = c->assign[i].text;
        const char *eq = strchr(t, '=');
        char *name = strndup(t, (size_t)(eq - t));
        lf_vars_set(&c->env, name, lf_has_expansion(eq + 1, strlen(eq + 1)) ? NULL : eq + 1, 0,
                    false);
        free(name);
    }
}

/* Finds the tool a command runs: its program, or the one run by `python -m`,
 * `corepack`, `php`, or `sh ./gradlew`. */
static void identify(lf_cmd *c)
{
    c->pm = NULL;
    if (c->n == 0 || c->w[0].dyn)
        return;
    char prog[64];
    lf_tool_normalize(c->w[0].s, prog, sizeof prog);
    snprintf(c->progname, sizeof c->progname, "%s", prog);
    c->prog = 0;
    size_t k = 0;
    if (lf_pkgmgr_in(lf_pm_module_runners, prog)) {
        bool python = strncmp(prog, "python", 6) == 0;
        if (python && c->n > 2 && strcmp(c->w[1].s, "-m") == 0)
            k = 2;
        else if (c->n > 1 && !python)
            k = 1;
        else
            return;
    } else if (lf_tool_is_shell(prog) && c->n > 1 && c->w[1].s[0] != '-') {
        k = 1;
    }
    if (k) {
        if (c->w[k].dyn)
            return;
        lf_tool_normalize(c->w[k].s, prog, sizeof prog);
    }
    c->pm = lf_pkgmgr_for_program(prog, NULL);
    c->prog = k;
    snprintf(c->progname, sizeof c->progname, "%s", prog);
}

static void finish(lf_cmd *c, const lf_vars *exports)
{
    unwrap(c);
    command_env(c, exports);
    identify(c);
}

/* --- the statements of a RUN ---------------------------------------------------- */

/* The RUN's top-level statements in order: `a && b; c` gives a, b, c (lists
 * are nested to the left, one per operator: walked without recursion). */
static void flatten(TSNode root, lf_run_model *m)
{
    TSNode ch;
    lf_children it = lf_children_of(root);
    TSNode *right = NULL;
    bool *ors = NULL;
    size_t nr = 0, cap = 0, capo = 0, no = 0;
    while (lf_children_next(&it, &ch)) {
        if (!ts_node_is_named(ch) || lf_node_is(ch, "comment") || lf_node_is(ch, "heredoc_body"))
            continue;
        nr = no = 0;
        TSNode n = ch;
        while (lf_node_is(n, "list") && ts_node_named_child_count(n) == 2) {
            TSNode op = ts_node_next_sibling(ts_node_named_child(n, 0));
            *LF_VEC_PUSH(right, nr, cap) = ts_node_named_child(n, 1);
            *LF_VEC_PUSH(ors, no, capo) = lf_node_is(op, "||");
            n = ts_node_named_child(n, 0);
        }
        *LF_VEC_PUSH(m->stmts, m->nstmts, m->caps) = (lf_stmt){n, false};
        while (nr > 0) {
            nr--;
            *LF_VEC_PUSH(m->stmts, m->nstmts, m->caps) = (lf_stmt){right[nr], ors[--no]};
        }
    }
    lf_children_done(&it);
    free(right);
    free(ors);
}

/* Adds the assignments of an `export` statement to exports. */
static void learn_export(const lf_doc *doc, TSNode n, lf_vars *exports, lf_buf *w)
{
    if (!lf_node_is(n, "declaration_command") || ts_node_child_count(n) == 0)
        return;
    TSNode kw = ts_node_child(n, 0);
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(ts_node_end_byte(kw) - ts_node_start_byte(kw)),
             doc->src->data + ts_node_start_byte(kw));
    if (lf_tool_kind_of(name) != LF_TOOL_EXPORT)
        return;
    TSNode ch;
    lf_children it = lf_children_of(n);
    while (lf_children_next(&it, &ch)) {
        if (!lf_node_is(ch, "variable_assignment"))
            continue;
        size_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);
        lf_shell_word_text(doc, (lf_span){s, e}, w);
        const char *eq = strchr(w->data, '=');
        if (!eq)
            continue;
        snprintf(name, sizeof name, "%.*s", (int)(eq - w->data), w->data);
        lf_vars_set(exports, name, lf_has_expansion(doc->src->data + s, e - s) ? NULL : eq + 1, 0,
                    false);
    }
    lf_children_done(&it);
}

/* `cmd || ...`: the author tolerates its failure. */
static bool is_before_or(TSNode n)
{
    TSNode p = ts_node_parent(n);
    if (!ts_node_is_null(p) && lf_node_is(p, "redirected_statement"))
        n = p;
    TSNode next = ts_node_next_sibling(n);
    return !ts_node_is_null(next) && lf_node_is(next, "||");
}

/* --- reading a RUN ------------------------------------------------------------------ */

static void exec_form(lf_run_model *m, const lf_doc *doc, const lf_instr *in, const char *cwd,
                      const char *cwd_sym)
{
    lf_strv v = LF_STRV_INIT;
    if (lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &v) ==
            LF_JSON_STRINGS &&
        v.n > 0) {
        m->readable = true;
        lf_cmd *c = LF_VEC_PUSH(m->cmds, m->ncmds, m->capc);
        memset(c, 0, sizeof *c);
        c->stmt = -1;
        c->top_level = true;
        for (size_t k = 0; k < v.n; k++)
            add_word(c, v.items[k].s, v.items[k].len, (lf_span){0, 0}, false, false);
        c->cwd = cwd ? strdup(cwd) : NULL;
        c->cwd_sym = cwd_sym ? strdup(cwd_sym) : NULL;
        lf_vars none = {0};
        finish(c, &none);
    }
    lf_strv_free(&v);
}

/* `cd DIR` moves the commands after it: the one operand after options, at
 * the RUN's top level, not computed by the shell; anything else makes the
 * directory unknown from there on. */
static void follow_cd(const lf_cmd *c, char **cwd, char **cwd_sym)
{
    size_t a = 1;
    while (a < c->n && c->w[a].s[0] == '-' && c->w[a].s[1])
        a++;
    bool ok = c->top_level && !c->after_or && a + 1 == c->n && !c->w[a].dyn && !c->w[a].glob &&
              c->w[a].s[0] != '~' && strcmp(c->w[a].s, "-") != 0;
    char *next = ok ? lf_path_join(*cwd, c->w[a].s) : NULL;
    free(*cwd);
    *cwd = next;
    lf_buf sym = LF_BUF_INIT;
    bool sym_ok = ok && *cwd_sym && lf_wd_join(*cwd_sym, c->w[a].s, &sym);
    free(*cwd_sym);
    *cwd_sym = sym_ok ? lf_buf_detach(&sym, NULL) : NULL;
    lf_buf_free(&sym);
}

static void shell_form(lf_run_model *m, const lf_doc *doc, const lf_instr *in, const char *workdir,
                       const char *workdir_sym)
{
    lf_shell_cmds cmds = {0};
    lf_shell_commands(doc, in, &cmds);
    m->readable = in->shell_tree && !in->shell_has_error;
    if (m->readable)
        flatten(ts_tree_root_node(in->shell_tree), m);
    lf_vars exports = {0};
    char *cwd = workdir ? strdup(workdir) : NULL;
    char *cwd_sym = workdir_sym ? strdup(workdir_sym) : NULL;
    lf_buf w = LF_BUF_INIT;
    size_t next_stmt = 0;
    for (size_t i = 0; i < cmds.n; i++) {
        const lf_shell_cmd *sc = &cmds.items[i];
        /* `export NAME=value` at the top level: bash calls it a declaration
         * command, not a command */
        for (;
             next_stmt < m->nstmts && ts_node_end_byte(m->stmts[next_stmt].node) <= sc->span.start;
             next_stmt++)
            learn_export(doc, m->stmts[next_stmt].node, &exports, &w);
        lf_cmd *c = LF_VEC_PUSH(m->cmds, m->ncmds, m->capc);
        memset(c, 0, sizeof *c);
        c->node = sc->node;
        c->span = sc->span;
        c->editable = true;
        c->top_level = sc->top_level;
        c->after_or = sc->after_or;
        c->before_or = is_before_or(sc->node);
        c->cwd = cwd ? strdup(cwd) : NULL;
        c->cwd_sym = cwd_sym ? strdup(cwd_sym) : NULL;
        TSNode ch;
        lf_children it = lf_children_of(sc->node);
        while (lf_children_next(&it, &ch)) {
            lf_span s = {ts_node_start_byte(ch), ts_node_end_byte(ch)};
            if (!ts_node_is_named(ch) || strstr(ts_node_type(ch), "redirect"))
                continue;
            lf_shell_word_text(doc, s, &w);
            if (lf_node_is(ch, "variable_assignment"))
                add_assign(c, w.data, s);
            else
                add_word(c, w.data, w.len, s,
                         lf_has_expansion(doc->src->data + s.start, s.end - s.start),
                         has_glob(doc->src->data + s.start, s.end - s.start));
        }
        lf_children_done(&it);
        finish(c, &exports);
        c->stmt = lf_run_model_stmt_of(m, c);
        if (c->n >= 1 && lf_tool_kind_of(c->w[0].s) == LF_TOOL_CD)
            follow_cd(c, &cwd, &cwd_sym);
    }
    lf_shell_cmds_free(&cmds);
    lf_buf_free(&w);
    free(cwd);
    free(cwd_sym);
    lf_vars_free(&exports);
}

/* Which `-c` word of a shell command holds the script, or 0. */
static size_t sh_c_script(const lf_cmd *c)
{
    if (c->n < 3)
        return 0;
    char prog[64];
    lf_tool_normalize(c->w[0].s, prog, sizeof prog);
    if (!lf_tool_is_shell(prog) || strcmp(prog, "ksh") == 0)
        return 0;
    for (size_t k = 1; k + 1 < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] != '-')
            return 0;
        if (w[1] != '-' && strchr(w, 'c'))
            return c->w[k + 1].dyn ? 0 : k + 1;
    }
    return 0;
}

/* The commands of a `sh -c` string, parsed with bash (read-only: the words
 * are not offsets of the document). */
static void inner_commands(lf_run_model *m, TSParser *bash, const char *script, const char *cwd,
                           const char *cwd_sym, const lf_vars *exports)
{
    TSTree *t = ts_parser_parse_string(bash, NULL, script, (uint32_t)strlen(script));
    if (!t)
        return;
    TSNode root = ts_tree_root_node(t);
    if (ts_node_has_error(root)) {
        ts_tree_delete(t);
        return;
    }
    TSNode *stack = NULL;
    size_t n = 0, cap = 0;
    *LF_VEC_PUSH(stack, n, cap) = root;
    lf_buf w = LF_BUF_INIT;
    while (n > 0) {
        TSNode node = stack[--n];
        if (lf_node_is(node, "command")) {
            lf_cmd *c = LF_VEC_PUSH(m->cmds, m->ncmds, m->capc);
            memset(c, 0, sizeof *c);
            c->inner = true;
            c->stmt = -1;
            c->cwd = cwd ? strdup(cwd) : NULL;
            c->cwd_sym = cwd_sym ? strdup(cwd_sym) : NULL;
            TSNode ch;
            lf_children it = lf_children_of(node);
            while (lf_children_next(&it, &ch)) {
                uint32_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);
                if (!ts_node_is_named(ch) || strstr(ts_node_type(ch), "redirect"))
                    continue;
                lf_shell_unquote_word(script + s, e - s, &w);
                if (lf_node_is(ch, "variable_assignment"))
                    add_assign(c, w.data, (lf_span){0, 0});
                else
                    add_word(c, w.data, w.len, (lf_span){0, 0}, lf_has_expansion(script + s, e - s),
                             has_glob(script + s, e - s));
            }
            lf_children_done(&it);
            finish(c, exports);
            continue;
        }
        /* children pushed in reverse so that commands come out in order */
        uint32_t nc = ts_node_named_child_count(node);
        for (uint32_t i = nc; i-- > 0;)
            *LF_VEC_PUSH(stack, n, cap) = ts_node_named_child(node, i);
    }
    free(stack);
    lf_buf_free(&w);
    ts_tree_delete(t);
}

void lf_run_model_build(lf_run_model *m, const lf_doc *doc, const lf_instr *in, const char *workdir,
                        const char *workdir_sym, TSParser **bash)
{
    memset(m, 0, sizeof *m);
    m->instr = (int)(in - doc->instrs);
    if (in->exec_form)
        exec_form(m, doc, in, workdir, workdir_sym);
    else
        shell_form(m, doc, in, workdir, workdir_sym);
    size_t end = m->ncmds;
    for (size_t i = 0; i < end; i++) {
        size_t k = sh_c_script(&m->cmds[i]);
        if (!k)
            continue;
        if (!*bash) {
            *bash = ts_parser_new();
            ts_parser_set_language(*bash, tree_sitter_bash());
        }
        /* m->cmds moves while the inner commands are added: copy what is read */
        char *script = strdup(m->cmds[i].w[k].s);
        char *dir = m->cmds[i].cwd ? strdup(m->cmds[i].cwd) : NULL;
        char *sym = m->cmds[i].cwd_sym ? strdup(m->cmds[i].cwd_sym) : NULL;
        lf_vars env = {0};
        lf_vars_copy(&env, &m->cmds[i].env);
        /* `sudo -u X sh -c '...'`: the string's commands run as X too */
        char *run_as = m->cmds[i].run_as ? strdup(m->cmds[i].run_as) : NULL;
        bool run_as_home = m->cmds[i].run_as_home;
        size_t first = m->ncmds;
        inner_commands(m, *bash, script, dir, sym, &env);
        for (size_t j = first; run_as && j < m->ncmds; j++)
            if (!m->cmds[j].run_as) {
                m->cmds[j].run_as = strdup(run_as);
                m->cmds[j].run_as_home = run_as_home;
            }
        free(run_as);
        lf_vars_free(&env);
        free(script);
        free(dir);
        free(sym);
    }
}

void lf_run_model_free(lf_run_model *m)
{
    for (size_t i = 0; i < m->ncmds; i++) {
        lf_cmd *c = &m->cmds[i];
        for (size_t k = 0; k < c->n; k++)
            free(c->w[k].s);
        for (size_t k = 0; k < c->nassign; k++)
            free(c->assign[k].text);
        free(c->w);
        free(c->assign);
        free(c->cwd);
        free(c->cwd_sym);
        free(c->run_as);
        lf_vars_free(&c->env);
    }
    free(m->cmds);
    free(m->stmts);
    memset(m, 0, sizeof *m);
}

/* --- a command's arguments ------------------------------------------------------- */

size_t lf_cmd_positionals(const lf_cmd *c, size_t *pos, size_t cap)
{
    size_t n = 0;
    for (size_t k = c->prog + 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] == '-' && w[1]) {
            if (!strchr(w, '=') && c->pm && lf_pkgmgr_in(c->pm->value_opts, w))
                k++;
            continue;
        }
        if (n < cap)
            pos[n++] = k;
    }
    return n;
}

bool lf_cmd_has_option(const lf_cmd *c, const char *opt)
{
    size_t n = strlen(opt);
    for (size_t k = c->prog + 1; k < c->n; k++)
        if (strcmp(c->w[k].s, opt) == 0 || (strncmp(c->w[k].s, opt, n) == 0 && c->w[k].s[n] == '='))
            return true;
    return false;
}

bool lf_cmd_matches(const lf_cmd *c, const char *pattern)
{
    size_t pos[16];
    size_t np = lf_cmd_positionals(c, pos, 16), k = 0;
    char word[64];
    const char *p = pattern;
    if (!*p)
        return np == 0;
    while (*p) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
        if (word[0] == '-') {
            if (!lf_cmd_has_option(c, word))
                return false;
        } else if (k >= np || strcmp(c->w[pos[k++]].s, word) != 0) {
            return false;
        }
    }
    return true;
}

const lf_word *lf_cmd_option_value(const lf_cmd *c, const char *opt)
{
    size_t n = strlen(opt);
    for (size_t k = c->prog + 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (strcmp(w, opt) == 0 && k + 1 < c->n && opt[1] != 'D')
            return &c->w[k + 1];
        if (strncmp(w, opt, n) == 0 && w[n] == '=')
            return &c->w[k];
    }
    return NULL;
}

const char *lf_cmd_option_text(const lf_cmd *c, const char *opt)
{
    const lf_word *w = lf_cmd_option_value(c, opt);
    if (!w)
        return NULL;
    size_t n = strlen(opt);
    return strncmp(w->s, opt, n) == 0 && w->s[n] == '=' ? w->s + n + 1 : w->s;
}

const char *lf_cmd_text(const lf_cmd *c, lf_buf *buf)
{
    lf_buf_clear(buf);
    lf_buf_adds(buf, "");
    for (size_t k = 0; k < c->n; k++)
        lf_buf_printf(buf, "%s%s", k ? " " : "", c->w[k].s);
    return buf->data;
}

int lf_run_model_stmt_of(const lf_run_model *m, const lf_cmd *c)
{
    if (!c->editable || ts_node_is_null(c->node))
        return -1;
    TSNode n = c->node, p = ts_node_parent(n);
    if (lf_node_is(p, "redirected_statement"))
        n = p;
    for (size_t i = 0; i < m->nstmts; i++)
        if (ts_node_eq(m->stmts[i].node, n))
            return (int)i;
    return -1;
}
