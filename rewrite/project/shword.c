/* Shell words expanded from what is known (shword.h). */
#include "shword.h"

#include "compose.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

void lf_sh_copy(lf_sh *to, const lf_sh *from)
{
    memset(to, 0, sizeof *to);
    to->in = from->in;
    to->script_abs = from->script_abs;
    to->root_abs = from->root_abs;
    lf_strmap_copy(&to->vars, &from->vars);
    lf_buf_add(&to->cwd, lf_buf_cstr(&from->cwd), from->cwd.len);
    to->cwd_ok = from->cwd_ok;
    to->depth = from->depth + 1;
}

void lf_sh_free(lf_sh *s)
{
    lf_strmap_free(&s->vars);
    lf_buf_free(&s->cwd);
}

void lf_sh_text(const lf_sh *s, TSNode n, lf_buf *out)
{
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    lf_buf_add(out, s->in->text + a, b - a);
}

bool lf_sh_path(const lf_sh *s, const char *path, lf_buf *out)
{
    if (path[0] != '/' && !s->cwd_ok)
        return false;
    lf_path_join_dir(lf_buf_cstr(&s->cwd), path, out);
    return true;
}

/* --- literal text ---------------------------------------------------------------------- */

/* An unquoted word's text: `\X` is X, backslash-newline is nothing. */
static void unescape_plain(const char *t, size_t n, lf_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\\' && i + 1 < n) {
            i++;
            if (t[i] != '\n')
                lf_buf_addc(out, t[i]);
            continue;
        }
        lf_buf_addc(out, t[i]);
    }
}

/* Text inside double quotes: `\` escapes only $ ` " \ and newline. */
static void unescape_dq(const char *t, size_t n, lf_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\\' && i + 1 < n && strchr("$`\"\\\n", t[i + 1])) {
            i++;
            if (t[i] != '\n')
                lf_buf_addc(out, t[i]);
            continue;
        }
        lf_buf_addc(out, t[i]);
    }
}

/* --- variables ------------------------------------------------------------------------- */

static void dirname_of(const char *p, lf_buf *out)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    size_t k = n;
    while (k > 0 && p[k - 1] != '/')
        k--;
    if (k == 0) {
        lf_buf_adds(out, ".");
        return;
    }
    while (k > 1 && p[k - 1] == '/')
        k--;
    lf_buf_add(out, p, k);
}

/* The value of the variable named by node n (variable_name,
 * special_variable_name, or subscript `BASH_SOURCE[0]`). */
static const char *var_value(lf_sh *s, TSNode n, lf_buf *tmp)
{
    lf_buf_clear(tmp);
    if (lf_node_is(n, "subscript")) {
        TSNode name = ts_node_child_by_field_name(n, "name", 4);
        TSNode index = ts_node_child_by_field_name(n, "index", 5);
        lf_buf idx = LF_BUF_INIT;
        lf_sh_text(s, name, tmp);
        lf_sh_text(s, index, &idx);
        bool source =
            strcmp(lf_buf_cstr(tmp), "BASH_SOURCE") == 0 && strcmp(lf_buf_cstr(&idx), "0") == 0;
        lf_buf_free(&idx);
        return source ? s->script_abs : NULL;
    }
    lf_sh_text(s, n, tmp);
    const char *name = lf_buf_cstr(tmp);
    if (strcmp(name, "0") == 0 || strcmp(name, "BASH_SOURCE") == 0)
        return s->script_abs;
    if (strcmp(name, "PWD") == 0) {
        if (!s->cwd_ok)
            return NULL;
        lf_buf p = LF_BUF_INIT;
        lf_path_key(lf_buf_cstr(&s->cwd), &p);
        lf_buf_clear(tmp);
        lf_buf_add(tmp, p.data, p.len);
        lf_buf_free(&p);
        return lf_buf_cstr(tmp);
    }
    return lf_strmap_get(&s->vars, name);
}

/* ${NAME}, ${NAME:-w}, ${NAME-w}, ${NAME:=w}, ${NAME=w}, and ${NAME%/...} as dirname. */
static bool expansion(lf_sh *s, TSNode n, lf_buf *out)
{
    TSNode name = {0};
    lf_buf op = LF_BUF_INIT, word = LF_BUF_INIT, tmp = LF_BUF_INIT;
    bool word_ok = true, have_name = false, have_word = false;
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        const char *type = ts_node_type(c);
        if (!ts_node_is_named(c)) {
            if (strcmp(type, "${") != 0 && strcmp(type, "}") != 0)
                lf_buf_adds(&op, type);
        } else if (!have_name &&
                   (lf_node_is(c, "variable_name") || lf_node_is(c, "special_variable_name") ||
                    lf_node_is(c, "subscript"))) {
            name = c;
            have_name = true;
        } else if (lf_node_is(c, "regex")) {
            lf_sh_text(s, c, &word);
            have_word = true;
        } else {
            word_ok = word_ok && lf_sh_word(s, c, &word);
            have_word = true;
        }
    }
    bool ok = false;
    const char *val = have_name ? var_value(s, name, &tmp) : NULL;
    const char *o = lf_buf_cstr(&op);
    if (!have_name) {
        ok = false;
    } else if (!*o) {
        ok = val != NULL;
        if (ok)
            lf_buf_adds(out, val);
    } else if (strcmp(o, ":-") == 0 || strcmp(o, "-") == 0 || strcmp(o, ":=") == 0 ||
               strcmp(o, "=") == 0) {
        bool use = o[0] == ':' ? val && *val : val != NULL;
        if (use) {
            lf_buf_adds(out, val);
            ok = true;
        } else if (!val || o[0] == ':') {
            /* the variable is not known to be set: the default is what a
             * plain run gives */
            ok = word_ok;
            if (ok)
                lf_buf_adds(out, lf_buf_cstr(&word));
            if (ok && strchr(o, '=') && lf_node_is(name, "variable_name")) {
                lf_buf nm = LF_BUF_INIT;
                lf_sh_text(s, name, &nm);
                lf_strmap_set(&s->vars, nm.data, nm.len, lf_buf_cstr(&word), word.len);
                lf_buf_free(&nm);
            }
        }
    } else if (strcmp(o, "%") == 0 && have_word && strcmp(lf_buf_cstr(&word), "/*") == 0 && val) {
        const char *slash = strrchr(val, '/');
        lf_buf_add(out, val, slash ? (size_t)(slash - val) : strlen(val));
        ok = true;
    }
    lf_buf_free(&op);
    lf_buf_free(&word);
    lf_buf_free(&tmp);
    (void)have_word;
    return ok;
}

/* --- words ------------------------------------------------------------------------------ */

/* The children of n and the text between them (quotes excluded): literal
 * gaps and string_content are unescaped as inside double quotes. */
static bool string_word(lf_sh *s, TSNode n, lf_buf *out)
{
    uint32_t a = ts_node_start_byte(n) + 1, end = ts_node_end_byte(n);
    if (end > a && s->in->text[end - 1] == '"')
        end--;
    uint32_t nc = ts_node_child_count(n);
    bool ok = true;
    for (uint32_t i = 0; i < nc && ok; i++) {
        TSNode c = ts_node_child(n, i);
        uint32_t cs = ts_node_start_byte(c), ce = ts_node_end_byte(c);
        if (cs > a && cs <= end)
            unescape_dq(s->in->text + a, cs - a, out);
        if (!ts_node_is_named(c)) {
            /* the quotes */
        } else if (lf_node_is(c, "string_content")) {
            unescape_dq(s->in->text + cs, ce - cs, out);
        } else {
            ok = lf_sh_word(s, c, out);
        }
        if (ce > a)
            a = ce;
    }
    if (ok && end > a)
        unescape_dq(s->in->text + a, end - a, out);
    return ok;
}

static bool word(lf_sh *s, TSNode n, lf_buf *out);

bool lf_sh_word(lf_sh *s, TSNode n, lf_buf *out)
{
    if (ts_node_is_null(n) || s->depth > MAX_DEPTH || s->nesting > 64)
        return false;
    s->nesting++;
    bool ok = word(s, n, out);
    s->nesting--;
    return ok;
}

static bool word(lf_sh *s, TSNode n, lf_buf *out)
{
    const char *type = ts_node_type(n);
    uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
    const char *t = s->in->text + a;
    if (strcmp(type, "word") == 0 || strcmp(type, "number") == 0) {
        if (t[0] == '~')
            return false; /* a home directory */
        unescape_plain(t, b - a, out);
        return true;
    }
    if (strcmp(type, "raw_string") == 0) {
        if (b - a >= 2)
            lf_buf_add(out, t + 1, b - a - 2);
        return true;
    }
    if (strcmp(type, "string") == 0)
        return string_word(s, n, out);
    if (strcmp(type, "concatenation") == 0) {
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++)
            if (!lf_sh_word(s, ts_node_named_child(n, i), out))
                return false;
        return true;
    }
    if (strcmp(type, "simple_expansion") == 0) {
        lf_buf tmp = LF_BUF_INIT;
        const char *v =
            ts_node_named_child_count(n) ? var_value(s, ts_node_named_child(n, 0), &tmp) : NULL;
        if (v)
            lf_buf_adds(out, v);
        lf_buf_free(&tmp);
        return v != NULL;
    }
    if (strcmp(type, "expansion") == 0)
        return expansion(s, n, out);
    if (strcmp(type, "command_substitution") == 0)
        return lf_sh_substitution(s, n, out);
    if (strcmp(type, "command_name") == 0)
        return ts_node_named_child_count(n) == 1 && lf_sh_word(s, ts_node_named_child(n, 0), out);
    return false; /* arithmetic, process substitution, $'...', $"..." */
}

bool lf_sh_opaque(lf_sh *s, TSNode n)
{
    if (!lf_node_is(n, "simple_expansion") && !lf_node_is(n, "expansion") &&
        !lf_node_is(n, "command_substitution"))
        return false;
    lf_buf tmp = LF_BUF_INIT;
    bool known = lf_sh_word(s, n, &tmp);
    lf_buf_free(&tmp);
    return !known;
}

/* --- cd and substitutions ---------------------------------------------------------------- */

void lf_sh_cd(lf_sh *s, const lf_shword *w)
{
    lf_buf p = LF_BUF_INIT;
    if (w && w->known && *w->text && strcmp(w->text, "-") != 0 && lf_sh_path(s, w->text, &p)) {
        lf_buf_clear(&s->cwd);
        lf_buf_add(&s->cwd, p.data, p.len);
    } else {
        s->cwd_ok = false; /* `cd`, `cd -`, `cd $UNKNOWN` */
    }
    lf_buf_free(&p);
}

/* --- arrays and command words ---------------------------------------------------------------- */

/* An array is kept as the variable "@NAME", its elements separated by \x1f,
 * an element that cannot be known being \x01. */
#define ARRAY_SEP '\x1f'
#define ARRAY_UNKNOWN '\x01'

static void array_key(const lf_sh *s, TSNode name, lf_buf *key)
{
    lf_buf_addc(key, '@');
    lf_sh_text(s, name, key);
}

void lf_sh_assign(lf_sh *s, TSNode a)
{
    TSNode name = ts_node_child_by_field_name(a, "name", 4);
    TSNode value = ts_node_child_by_field_name(a, "value", 5);
    if (!lf_node_is(name, "variable_name"))
        return;
    bool append = false;
    for (uint32_t i = 0; i < ts_node_child_count(a); i++)
        append = append || lf_node_is(ts_node_child(a, i), "+=");
    lf_buf nm = LF_BUF_INIT, v = LF_BUF_INIT;
    if (lf_node_is(value, "array")) {
        array_key(s, name, &nm);
        const char *old = append ? lf_strmap_get(&s->vars, nm.data) : NULL;
        if (old)
            lf_buf_adds(&v, old);
        uint32_t nc = ts_node_named_child_count(value);
        lf_buf e = LF_BUF_INIT;
        for (uint32_t i = 0; i < nc; i++) {
            TSNode c = ts_node_named_child(value, i);
            if (lf_node_is(c, "comment"))
                continue;
            lf_buf_clear(&e);
            bool ok = lf_sh_word(s, c, &e) && !memchr(e.data, ARRAY_SEP, e.len);
            if (v.len)
                lf_buf_addc(&v, ARRAY_SEP);
            if (ok)
                lf_buf_add(&v, lf_buf_cstr(&e), e.len);
            else
                lf_buf_addc(&v, ARRAY_UNKNOWN);
        }
        lf_buf_free(&e);
        lf_strmap_set(&s->vars, nm.data, nm.len, lf_buf_cstr(&v), v.len);
    } else {
        lf_sh_text(s, name, &nm);
        const char *old = append ? lf_strmap_get(&s->vars, nm.data) : NULL;
        if (append && !old) {
            lf_strmap_unset(&s->vars, nm.data);
        } else {
            if (old)
                lf_buf_adds(&v, old);
            if (ts_node_is_null(value) || lf_sh_word(s, value, &v))
                lf_strmap_set(&s->vars, nm.data, nm.len, lf_buf_cstr(&v), v.len);
            else
                lf_strmap_unset(&s->vars, nm.data);
        }
    }
    lf_buf_free(&nm);
    lf_buf_free(&v);
}

static lf_shword *word_push(lf_shwords *w)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->v = realloc(w->v, w->cap * sizeof *w->v);
        if (!w->v)
            abort();
    }
    lf_shword *x = &w->v[w->n++];
    memset(x, 0, sizeof *x);
    return x;
}

/* `${NAME[@]}` or `${NAME[*]}` (quoted or not): the subscript node, else a
 * null node. */
static TSNode array_expansion(TSNode n)
{
    TSNode none = {0};
    if (lf_node_is(n, "string") && ts_node_named_child_count(n) == 1)
        n = ts_node_named_child(n, 0);
    if (!lf_node_is(n, "expansion") || ts_node_named_child_count(n) != 1)
        return none;
    TSNode sub = ts_node_named_child(n, 0);
    if (!lf_node_is(sub, "subscript"))
        return none;
    TSNode index = ts_node_child_by_field_name(sub, "index", 5);
    uint32_t a = ts_node_start_byte(index), b = ts_node_end_byte(index);
    return b == a + 1 && ts_node_is_named(index) ? sub : none;
}

/* `$@`, `"$@"`, `$*`, `"$*"`. */
static bool positional_all(const lf_sh *s, TSNode n)
{
    if (lf_node_is(n, "string") && ts_node_named_child_count(n) == 1)
        n = ts_node_named_child(n, 0);
    if (!lf_node_is(n, "simple_expansion") || ts_node_named_child_count(n) != 1)
        return false;
    lf_buf t = LF_BUF_INIT;
    lf_sh_text(s, ts_node_named_child(n, 0), &t);
    bool all = strcmp(lf_buf_cstr(&t), "@") == 0 || strcmp(lf_buf_cstr(&t), "*") == 0;
    lf_buf_free(&t);
    return all;
}

static void one_word(lf_sh *s, TSNode c, lf_shwords *out)
{
    TSNode sub = array_expansion(c);
    if (!ts_node_is_null(sub)) {
        lf_buf key = LF_BUF_INIT;
        array_key(s, ts_node_child_by_field_name(sub, "name", 4), &key);
        const char *v = lf_strmap_get(&s->vars, key.data);
        lf_buf_free(&key);
        if (!v) {
            word_push(out)->opaque = true;
            return;
        }
        for (const char *e = v; *v;) { /* an empty array: no words */
            const char *end = strchr(e, ARRAY_SEP);
            size_t n = end ? (size_t)(end - e) : strlen(e);
            lf_shword *w = word_push(out);
            w->known = !(n == 1 && e[0] == ARRAY_UNKNOWN);
            w->text = strndup(e, n);
            if (!end)
                break;
            e = end + 1;
        }
        return;
    }
    lf_shword *w = word_push(out);
    if (positional_all(s, c) || lf_sh_opaque(s, c)) {
        w->opaque = true;
        return;
    }
    lf_buf t = LF_BUF_INIT;
    w->known = lf_sh_word(s, c, &t);
    w->text = strdup(lf_buf_cstr(&t));
    lf_buf_free(&t);
}

void lf_sh_command_words(lf_sh *s, TSNode cmd, lf_shwords *out)
{
    uint32_t nc = ts_node_named_child_count(cmd);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(cmd, i);
        if (lf_node_is(c, "variable_assignment") || lf_node_is(c, "file_redirect") ||
            lf_node_is(c, "herestring_redirect") || lf_node_is(c, "comment"))
            continue;
        if (lf_node_is(c, "command_name"))
            c = ts_node_named_child(c, 0);
        one_word(s, c, out);
    }
}

void lf_shwords_free(lf_shwords *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].text);
    free(w->v);
    memset(w, 0, sizeof *w);
}

/* The arguments of a command, expanded; false when one cannot be. */
static bool args_of(lf_sh *s, TSNode cmd, lf_strv *argv)
{
    uint32_t nc = ts_node_named_child_count(cmd);
    lf_buf w = LF_BUF_INIT;
    bool ok = true;
    for (uint32_t i = 0; i < nc && ok; i++) {
        TSNode c = ts_node_named_child(cmd, i);
        if (lf_node_is(c, "variable_assignment") || lf_node_is(c, "file_redirect"))
            continue;
        lf_buf_clear(&w);
        ok = lf_sh_word(s, c, &w);
        lf_strv_push(argv, lf_buf_cstr(&w), w.len);
    }
    lf_buf_free(&w);
    return ok;
}

/* The output of one command inside a substitution: 1 when it printed a
 * known path into out, 0 when it printed nothing (cd), -1 unknown. */
static int sub_command(lf_sh *s, TSNode cmd, lf_buf *out)
{
    lf_strv av = LF_STRV_INIT;
    int r = -1;
    if (!args_of(s, cmd, &av) || av.n == 0) {
        lf_strv_free(&av);
        return -1;
    }
    const char *p = av.items[0].s;
    lf_buf tmp = LF_BUF_INIT;
    if (strcmp(p, "cd") == 0 || strcmp(p, "pushd") == 0) {
        size_t k = 1;
        while (k < av.n && av.items[k].s[0] == '-' && av.items[k].s[1])
            k++; /* -P, -L */
        if (k + 1 == av.n && lf_sh_path(s, av.items[k].s, &tmp)) {
            lf_buf_clear(&s->cwd);
            lf_buf_add(&s->cwd, tmp.data, tmp.len);
            r = 0;
        }
    } else if (strcmp(p, "pwd") == 0 && s->cwd_ok) {
        lf_path_key(lf_buf_cstr(&s->cwd), out);
        r = 1;
    } else if (strcmp(p, "dirname") == 0 && av.n == 2) {
        dirname_of(av.items[1].s, out);
        r = 1;
    } else if ((strcmp(p, "realpath") == 0 && av.n == 2) ||
               (strcmp(p, "readlink") == 0 && av.n == 3 &&
                (strcmp(av.items[1].s, "-f") == 0 || strcmp(av.items[1].s, "-e") == 0 ||
                 strcmp(av.items[1].s, "-m") == 0))) {
        if (lf_sh_path(s, av.items[av.n - 1].s, &tmp)) {
            lf_path_key(tmp.data, out);
            r = 1;
        }
    } else if (strcmp(p, "git") == 0 && av.n == 3 && strcmp(av.items[1].s, "rev-parse") == 0 &&
               strcmp(av.items[2].s, "--show-toplevel") == 0 && s->root_abs) {
        lf_buf_adds(out, s->root_abs);
        r = 1;
    }
    lf_buf_free(&tmp);
    lf_strv_free(&av);
    return r;
}

/* Runs the statements of n in sub (a copy of the state); *printed counts
 * the commands that printed. */
static bool sub_run(lf_sh *sub, TSNode n, lf_buf *out, int *printed)
{
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (lf_node_is(c, "redirected_statement")) {
            /* `cd X > /dev/null`: the body, its output thrown away */
            TSNode body = ts_node_child_by_field_name(c, "body", 4);
            lf_buf junk = LF_BUF_INIT;
            int r = lf_node_is(body, "command") ? sub_command(sub, body, &junk) : -1;
            lf_buf_free(&junk);
            if (r < 0)
                return false;
        } else if (lf_node_is(c, "list")) {
            if (!sub_run(sub, c, out, printed))
                return false;
        } else if (lf_node_is(c, "command")) {
            lf_buf_clear(out);
            int r = sub_command(sub, c, out);
            if (r < 0)
                return false;
            *printed += r;
        } else if (!lf_node_is(c, "comment")) {
            return false;
        }
    }
    return true;
}

bool lf_sh_substitution(lf_sh *s, TSNode n, lf_buf *out)
{
    if (s->depth >= MAX_DEPTH)
        return false;
    lf_sh sub;
    lf_sh_copy(&sub, s);
    lf_buf val = LF_BUF_INIT;
    int printed = 0;
    bool ok = sub_run(&sub, n, &val, &printed) && printed == 1;
    if (ok)
        lf_buf_add(out, lf_buf_cstr(&val), val.len);
    lf_buf_free(&val);
    lf_sh_free(&sub);
    return ok;
}
