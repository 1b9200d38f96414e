/*
 * Builds in Makefile recipes (ci.h). Each recipe line (a line starting with
 * a tab after a rule; `\` continuations joined as make passes them to the
 * shell; the `@`, `-`, `+` prefixes dropped) is a shell run of its own,
 * starting in the Makefile's directory or at the repository root.
 *
 * Make's own expansion comes first: `$$` is `$`; `$(NAME)` and `${NAME}` of a
 * variable the Makefile assigns (`=`, `:=`, `::=`, `?=`, `+=`, with `export`
 * or `override`) is its value, expanded in turn; `$(CURDIR)` and
 * `$(shell pwd)` are the Makefile's directory. Anything else (functions,
 * automatic variables, variables from the environment or the command line)
 * cannot be known: it becomes a shell variable that is never set, so that
 * a build whose Dockerfile or context needs it is left out.
 */
#include "buildcmd.h"
#include "ci.h"
#include "strmap.h"

#include <string.h>

#define UNKNOWN "${__layerfix_unknown__}"

typedef struct mk {
    lf_strmap vars;
    const char *dir_abs; /* the Makefile's directory, absolute */
} mk;

static void expand(const mk *m, const char *s, size_t n, lf_buf *out, int depth);

/* $(NAME) / ${NAME} with s[0..n) the text between the brackets. */
static void reference(const mk *m, const char *s, size_t n, lf_buf *out, int depth)
{
    while (n > 0 && (s[0] == ' ' || s[0] == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if ((n == 6 && memcmp(s, "CURDIR", 6) == 0) || (n == 9 && memcmp(s, "shell pwd", 9) == 0)) {
        lf_buf_adds(out, m->dir_abs);
        return;
    }
    const char *v = memchr(s, ' ', n) || memchr(s, '$', n) || memchr(s, ':', n)
                        ? NULL
                        : lf_strmap_getn(&m->vars, s, n);
    if (v && depth < 16)
        expand(m, v, strlen(v), out, depth + 1);
    else
        lf_buf_adds(out, UNKNOWN);
}

static void expand(const mk *m, const char *s, size_t n, lf_buf *out, int depth)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '$' || i + 1 >= n) {
            lf_buf_addc(out, s[i]);
            continue;
        }
        char c = s[++i];
        if (c == '$') {
            lf_buf_addc(out, '$');
        } else if (c == '(' || c == '{') {
            char close = c == '(' ? ')' : '}';
            size_t j = i + 1, nest = 1;
            for (; j < n; j++) {
                if (s[j] == c)
                    nest++;
                else if (s[j] == close && --nest == 0)
                    break;
            }
            reference(m, s + i + 1, (j < n ? j : n) - i - 1, out, depth);
            i = j < n ? j : n;
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
            reference(m, s + i, 1, out, depth);
        } else {
            lf_buf_adds(out, UNKNOWN); /* $@ $< $^ $* $? */
        }
    }
}

/* After `export` / `override`: NAME and its operator (`=`, `:=`, `::=`,
 * `?=`, `+=`); false when the line is no assignment. */
static bool split_assignment(const char *line, const char **name, size_t *nl, const char **op,
                             size_t *ol)
{
    const char *s = line;
    for (int k = 0; k < 2; k++) {
        if (strncmp(s, "export ", 7) == 0)
            s += 7;
        else if (strncmp(s, "override ", 9) == 0)
            s += 9;
        s += strspn(s, " \t");
    }
    *name = s;
    *nl = strcspn(s, " \t:?+=!#");
    const char *o = s + *nl;
    o += strspn(o, " \t");
    *ol = strncmp(o, "::=", 3) == 0                                                            ? 3
          : (strncmp(o, ":=", 2) == 0 || strncmp(o, "?=", 2) == 0 || strncmp(o, "+=", 2) == 0) ? 2
          : o[0] == '='                                                                        ? 1
                                                                                               : 0;
    *op = o;
    return *nl > 0 && *ol > 0;
}

static void assignment(mk *m, const char *line)
{
    const char *s, *op;
    size_t nl, ol;
    if (!split_assignment(line, &s, &nl, &op, &ol))
        return;
    const char *v = op + ol;
    v += strspn(v, " \t");
    size_t vl = strlen(v);
    while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '\r'))
        vl--;
    const char *old = lf_strmap_getn(&m->vars, s, nl);
    if (op[0] == '?' && old)
        return;
    lf_buf val = LF_BUF_INIT;
    if (op[0] == '+' && old)
        lf_buf_printf(&val, "%s ", old);
    if (op[0] == ':') /* simply expanded: now */
        expand(m, v, vl, &val, 0);
    else
        lf_buf_add(&val, v, vl);
    lf_strmap_set(&m->vars, s, nl, lf_buf_cstr(&val), val.len);
    lf_buf_free(&val);
}

static bool directive(const char *w)
{
    static const char *const d[] = {"ifeq",  "ifneq",   "ifdef",    "ifndef",  "else",
                                    "endif", "include", "-include", "sinclude"};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
        size_t n = strlen(d[i]);
        if (strncmp(w, d[i], n) == 0 && (w[n] == 0 || w[n] == ' ' || w[n] == '\t' || w[n] == '('))
            return true;
    }
    return false;
}

/* One logical line from text[*i]: continuations joined into line (for a
 * recipe, kept as backslash-newline with the next line's tab dropped);
 * returns its first line number and advances *lineno. */
static size_t logical_line(const char *text, size_t len, size_t *i, size_t *lineno, bool recipe,
                           lf_buf *line)
{
    size_t first = *lineno;
    lf_buf_clear(line);
    while (*i < len) {
        size_t e = *i;
        while (e < len && text[e] != '\n')
            e++;
        size_t end = e;
        if (end > *i && text[end - 1] == '\r')
            end--;
        bool cont = end > *i && text[end - 1] == '\\';
        const char *s = text + *i;
        size_t n = end - *i;
        if (recipe && line->len > 0 && n > 0 && s[0] == '\t')
            s++, n--;
        if (cont && !recipe) {
            lf_buf_add(line, s, n - 1);
            lf_buf_addc(line, ' ');
        } else {
            lf_buf_add(line, s, n);
            if (cont)
                lf_buf_addc(line, '\n');
        }
        *i = e < len ? e + 1 : len;
        (*lineno)++;
        if (!cont)
            break;
    }
    lf_buf_adds(line, "");
    return first;
}

static void recipe(mk *m, lf_builds *out, const char *path, const char *root, const char *dir,
                   const char *line, size_t lineno)
{
    const char *s = line + 1; /* the tab */
    s += strspn(s, "@-+ \t");
    if (!lf_buildcmd_maybe(s, strlen(s)))
        return;
    lf_buf text = LF_BUF_INIT;
    expand(m, s, strlen(s), &text, 0);
    const char *bases[] = {dir, root};
    lf_shell_input in = {text.data, text.len, bases, 2, NULL, root, NULL};
    lf_ci_adder a = {out, LF_EVIDENCE_MAKEFILE, path, lineno, NULL, 0};
    lf_buildcmd_scan(&in, lf_ci_add, &a);
    lf_buf_free(&text);
}

bool lf_makefile_load(lf_builds *out, const char *path, const char *root)
{
    lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT, dir = LF_BUF_INIT, abs = LF_BUF_INIT,
           line = LF_BUF_INIT;
    bool builds = false;
    if (lf_builds_read_file(path, &text, &err) != 0 || !lf_buildcmd_maybe(text.data, text.len))
        goto done;
    builds = true;
    lf_path_dir(path, &dir);
    lf_path_key(dir.data, &abs);
    mk m = {.dir_abs = abs.data};
    /* variables first: a recipe runs after the whole Makefile is read */
    bool in_rule = false, in_define = false;
    size_t i = 0, lineno = 1;
    for (int pass = 0; pass < 2; pass++) {
        i = 0;
        lineno = 1;
        in_rule = in_define = false;
        while (i < text.len) {
            bool tab = text.data[i] == '\t';
            size_t at = logical_line(text.data, text.len, &i, &lineno, tab && in_rule, &line);
            const char *l = line.data;
            const char *word = l + strspn(l, " \t");
            const char *nm, *op;
            size_t nl, ol;
            if (in_define) {
                in_define = strncmp(word, "endef", 5) != 0;
            } else if (tab && in_rule) {
                if (pass == 1)
                    recipe(&m, out, path, root, dir.data, l, at);
            } else if (strncmp(word, "define ", 7) == 0) {
                in_define = true;
            } else if (*word == '#' || *word == 0 || directive(word)) {
                /* comments, blank lines and conditionals keep the rule going */
            } else if (split_assignment(word, &nm, &nl, &op, &ol)) {
                if (pass == 0)
                    assignment(&m, word);
                in_rule = false;
            } else {
                in_rule = strchr(word, ':') != NULL;
            }
        }
    }
    lf_strmap_free(&m.vars);
done:
    lf_buf_free(&text);
    lf_buf_free(&err);
    lf_buf_free(&dir);
    lf_buf_free(&abs);
    lf_buf_free(&line);
    return builds;
}
