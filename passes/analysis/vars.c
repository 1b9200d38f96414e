/* Variables and expansion (see vars.h). */
#include "vars.h"

#include "vec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const lf_var *lf_vars_find(const lf_vars *v, const char *name)
{
    for (size_t i = v->n; i-- > 0;)
        if (strcmp(v->items[i].name, name) == 0)
            return &v->items[i];
    return NULL;
}

void lf_vars_set(lf_vars *v, const char *name, const char *value, size_t line, bool from_env)
{
    lf_var *x = (lf_var *)lf_vars_find(v, name);
    if (!x) {
        x = LF_VEC_PUSH(v->items, v->n, v->cap);
        x->name = strdup(name);
    } else {
        free(x->value);
    }
    x->value = value ? strdup(value) : NULL;
    x->line = line;
    x->from_env = from_env;
}

void lf_vars_copy(lf_vars *dst, const lf_vars *src)
{
    for (size_t i = 0; i < src->n; i++)
        lf_vars_set(dst, src->items[i].name, src->items[i].value, src->items[i].line,
                    src->items[i].from_env);
}

void lf_vars_free(lf_vars *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->items[i].name);
        free(v->items[i].value);
    }
    free(v->items);
    memset(v, 0, sizeof *v);
}

int lf_scope_get(const lf_scope *sc, const char *name, const char **out)
{
    for (int i = 0; i < 3; i++) {
        const lf_var *x = sc->layers[i] ? lf_vars_find(sc->layers[i], name) : NULL;
        if (x) {
            *out = x->value;
            return x->value ? 1 : -1;
        }
    }
    return 0;
}

/* One `$...` reference at s[i] (s[i] == '$'): appends its value, sets *next
 * to the index of its last byte. */
static bool expand_ref(const char *s, size_t n, size_t i, const lf_scope *sc, lf_buf *out,
                       size_t *next)
{
    char name[128];
    size_t k = 0;
    const char *dflt = NULL;
    size_t dlen = 0;
    bool colon = false;
    if (s[i + 1] == '{') {
        size_t j = i + 2;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_') && k + 1 < sizeof name)
            name[k++] = s[j++];
        if (j < n && (s[j] == ':' || s[j] == '-')) {
            colon = s[j] == ':';
            if (colon)
                j++;
            if (j >= n || s[j] != '-')
                return false;
            j++;
            dflt = s + j;
            while (j < n && s[j] != '}')
                j++;
            dlen = (size_t)(s + j - dflt);
        }
        if (j >= n || s[j] != '}' || k == 0)
            return false;
        *next = j;
    } else if (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_') {
        size_t j = i + 1;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_') && k + 1 < sizeof name)
            name[k++] = s[j++];
        *next = j - 1;
    } else {
        return false; /* $(...), $1, $$ ... */
    }
    name[k] = 0;
    const char *v = NULL;
    int got = lf_scope_get(sc, name, &v);
    if (got < 0 || (got == 0 && !dflt))
        return false;
    if (got == 0 || (colon && !*v))
        lf_buf_add(out, dflt, dlen);
    else
        lf_buf_adds(out, v);
    return true;
}

bool lf_expand(const char *s, size_t n, char esc, bool shell, const lf_scope *sc, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_adds(out, "");
    char q = 0;
    size_t i = 0;
    if (shell && n > 0 && s[0] == '~' && (n == 1 || s[1] == '/')) {
        if (!sc->home)
            return false;
        lf_buf_adds(out, sc->home);
        i = 1;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                lf_buf_addc(out, c);
            continue;
        }
        if (c == esc && i + 1 < n) {
            lf_buf_addc(out, s[++i]);
            continue;
        }
        if (c == '"') {
            q = q ? 0 : '"';
            continue;
        }
        if (c == '\'' && !q) {
            q = '\'';
            continue;
        }
        if (c == '`')
            return false;
        if (c != '$' || i + 1 >= n) {
            lf_buf_addc(out, c);
            continue;
        }
        if (!expand_ref(s, n, i, sc, out, &i))
            return false;
    }
    return q == 0;
}

bool lf_has_expansion(const char *s, size_t n)
{
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        if (q == '\'') {
            q = s[i] == '\'' ? 0 : q;
            continue;
        }
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '\'' && !q)
            q = '\'';
        else if (s[i] == '"')
            q = q ? 0 : '"';
        else if (s[i] == '$' || s[i] == '`')
            return true;
    }
    return false;
}

bool lf_var_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool lf_names_var(const char *s, size_t n, const char *name, size_t nl)
{
    for (size_t i = 0; nl && i + nl <= n; i++)
        if (memcmp(s + i, name, nl) == 0 && (i == 0 || !lf_var_char(s[i - 1])) &&
            (i + nl == n || !lf_var_char(s[i + nl])))
            return true;
    return false;
}
