/*
 * BuildKit's word processing (see bkexpand.h), following the structure of
 * its shell lexer: processStopOn, processSingleQuote, processDoubleQuote,
 * processDollar and processName, and the words accumulator that splits at
 * white space.
 */
#include "bkexpand.h"

#include <string.h>

typedef struct lex {
    const lf_bk_expander *x;
    const char *s;
    size_t len, pos;
    lf_buf *err;
} lex;

typedef struct words {
    lf_buf word;
    lf_strv list;
    bool in_word;
} words;

static int peek(const lex *l)
{
    return l->pos < l->len ? (unsigned char)l->s[l->pos] : -1;
}

static int next(lex *l)
{
    return l->pos < l->len ? (unsigned char)l->s[l->pos++] : -1;
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void flush(words *w)
{
    if (w->word.len > 0) {
        lf_strv_push(&w->list, lf_buf_cstr(&w->word), w->word.len);
        lf_buf_clear(&w->word);
        w->in_word = false;
    }
}

static void add_raw_char(words *w, int c)
{
    lf_buf_addc(&w->word, (char)c);
    w->in_word = true;
}

static void add_char(words *w, int c)
{
    if (is_space(c) && w->in_word)
        flush(w);
    else if (!is_space(c))
        add_raw_char(w, c);
}

static int stop_on(lex *l, int stop, lf_buf *result, words *w);

static int single_quote(lex *l, lf_buf *out)
{
    next(l);
    for (;;) {
        int c = next(l);
        if (c < 0) {
            lf_buf_adds(l->err, "unexpected end of statement while looking for matching "
                                "single-quote");
            return -1;
        }
        if (c == '\'')
            return 0;
        lf_buf_addc(out, (char)c);
    }
}

static int dollar(lex *l, lf_buf *out);

static int double_quote(lex *l, lf_buf *out)
{
    next(l);
    for (;;) {
        int c = peek(l);
        if (c < 0) {
            lf_buf_adds(l->err, "unexpected end of statement while looking for matching "
                                "double-quote");
            return -1;
        }
        if (c == '"') {
            next(l);
            return 0;
        }
        if (c == '$') {
            if (dollar(l, out) != 0)
                return -1;
            continue;
        }
        c = next(l);
        if (c == (unsigned char)l->x->escape) {
            int n = peek(l);
            if (n < 0)
                continue; /* an escape at the end of the word is dropped */
            if (n == '"' || n == '$' || n == (unsigned char)l->x->escape)
                c = next(l);
        }
        lf_buf_addc(out, (char)c);
    }
}

static bool is_special_param(int c)
{
    return c >= 0 && strchr("@*#?-$!0", c) != NULL;
}

static bool is_name_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void name(lex *l, lf_buf *out)
{
    int c = peek(l);
    if (c >= '0' && c <= '9') {
        while ((c = peek(l)) >= '0' && c <= '9')
            lf_buf_addc(out, (char)next(l));
        return;
    }
    if (is_special_param(c)) {
        lf_buf_addc(out, (char)next(l));
        return;
    }
    while (is_name_char(peek(l)))
        lf_buf_addc(out, (char)next(l));
}

static int lookup(const lex *l, const lf_buf *n, const char **value)
{
    *value = "";
    return l->x->lookup ? l->x->lookup(l->x->ud, lf_buf_cstr(n), n->len, value) : 0;
}

/* ${NAME<op>WORD}: the word up to the closing brace. */
static int brace_word(lex *l, lf_buf *word)
{
    words scratch = {0};
    int rc = stop_on(l, '}', word, &scratch);
    lf_buf_free(&scratch.word);
    lf_strv_free(&scratch.list);
    if (rc != 0 && peek(l) < 0) {
        lf_buf_clear(l->err);
        lf_buf_adds(l->err, "syntax error: missing '}'");
    }
    return rc;
}

/* After `${NAME` and an operator: the value of the substitution. */
static int substitute(lex *l, const lf_buf *n, const char *op, lf_buf *out)
{
    lf_buf word = LF_BUF_INIT;
    int rc = brace_word(l, &word);
    const char *v;
    int found = lookup(l, n, &v);
    if (rc != 0)
        goto out;
    bool colon = op[0] == ':';
    char m = colon ? op[1] : op[0];
    bool empty = !found || (colon && !*v);
    if (!found && l->x->keep_unknown) {
        lf_buf_printf(out, "${%s%s%s}", lf_buf_cstr(n), op, lf_buf_cstr(&word));
    } else if (m == '-') {
        lf_buf_adds(out, empty ? lf_buf_cstr(&word) : v);
    } else if (m == '+') {
        lf_buf_adds(out, empty ? "" : lf_buf_cstr(&word));
    } else if (m == '?') {
        if (empty) {
            lf_buf_printf(l->err, "%s: %s", lf_buf_cstr(n),
                          word.len ? lf_buf_cstr(&word)
                          : found  ? "is not allowed to be empty"
                                   : "is not allowed to be unset");
            rc = -1;
        } else {
            lf_buf_adds(out, v);
        }
    } else {
        /* pattern operators of newer BuildKit (#, %, /): kept as written */
        lf_buf_printf(out, "${%s%s%s}", lf_buf_cstr(n), op, lf_buf_cstr(&word));
    }
out:
    lf_buf_free(&word);
    return rc;
}

static int dollar(lex *l, lf_buf *out)
{
    next(l);
    lf_buf n = LF_BUF_INIT;
    int rc = 0;
    const char *v;
    if (peek(l) != '{') {
        name(l, &n);
        if (n.len == 0)
            lf_buf_addc(out, '$');
        else if (!lookup(l, &n, &v) && l->x->keep_unknown)
            lf_buf_printf(out, "$%s", lf_buf_cstr(&n));
        else
            lf_buf_adds(out, v);
        goto out;
    }
    next(l);
    int c = peek(l);
    if (c < 0 || c == '{' || c == '}' || c == ':') {
        lf_buf_adds(l->err, c < 0 ? "syntax error: missing '}'" : "syntax error: bad substitution");
        rc = -1;
        goto out;
    }
    name(l, &n);
    c = next(l);
    if (c == '}') {
        if (!lookup(l, &n, &v) && l->x->keep_unknown)
            lf_buf_printf(out, "${%s}", lf_buf_cstr(&n));
        else
            lf_buf_adds(out, v);
    } else if (c == ':') {
        int m = next(l);
        if (m != '-' && m != '+' && m != '?') {
            lf_buf_printf(l->err, "unsupported modifier (%c) in substitution", m < 0 ? ' ' : m);
            rc = -1;
        } else {
            char op[3] = {':', (char)m, 0};
            rc = substitute(l, &n, op, out);
        }
    } else if (c >= 0 && strchr("-+?#%/", c)) {
        char op[3] = {(char)c, 0, 0};
        if ((c == '#' || c == '%' || c == '/') && peek(l) == c)
            op[1] = (char)next(l);
        rc = substitute(l, &n, op, out);
    } else {
        lf_buf_adds(l->err, c < 0 ? "syntax error: missing '}'" : "missing ':' in substitution");
        rc = -1;
    }
out:
    lf_buf_free(&n);
    return rc;
}

static int stop_on(lex *l, int stop, lf_buf *result, words *w)
{
    lf_buf tmp = LF_BUF_INIT;
    int rc = 0;
    while (peek(l) >= 0) {
        int c = peek(l);
        if (stop >= 0 && c == stop) {
            next(l);
            goto out;
        }
        if (c == '\'' || c == '"' || c == '$') {
            lf_buf_clear(&tmp);
            rc = c == '\''  ? single_quote(l, &tmp)
                 : c == '"' ? double_quote(l, &tmp)
                            : dollar(l, &tmp);
            if (rc != 0)
                goto out;
            lf_buf_add(result, tmp.data ? tmp.data : "", tmp.len);
            if (c == '$') {
                for (size_t i = 0; i < tmp.len; i++)
                    add_char(w, (unsigned char)tmp.data[i]);
            } else {
                lf_buf_add(&w->word, tmp.data ? tmp.data : "", tmp.len);
                w->in_word = true;
            }
            continue;
        }
        c = next(l);
        if (c == (unsigned char)l->x->escape) {
            c = next(l);
            if (c < 0)
                break;
            add_raw_char(w, c);
        } else {
            add_char(w, c);
        }
        lf_buf_addc(result, (char)c);
    }
    if (stop >= 0) {
        lf_buf_printf(l->err, "unexpected end of statement while looking for matching %c",
                      (char)stop);
        rc = -1;
    }
out:
    lf_buf_free(&tmp);
    return rc;
}

static int process(const lf_bk_expander *x, const char *s, size_t len, lf_buf *out, lf_strv *list,
                   lf_buf *err)
{
    lex l = {x, s, len, 0, err};
    words w = {0};
    lf_buf result = LF_BUF_INIT;
    int rc = stop_on(&l, -1, &result, &w);
    if (rc == 0) {
        if (out)
            lf_buf_add(out, lf_buf_cstr(&result), result.len);
        flush(&w);
        for (size_t i = 0; list && i < w.list.n; i++)
            lf_strv_push(list, w.list.items[i].s, w.list.items[i].len);
    }
    lf_buf_free(&result);
    lf_buf_free(&w.word);
    lf_strv_free(&w.list);
    return rc;
}

int lf_bk_word(const lf_bk_expander *x, const char *s, size_t len, lf_buf *out, lf_buf *err)
{
    return process(x, s, len, out, NULL, err);
}

int lf_bk_words(const lf_bk_expander *x, const char *s, size_t len, lf_strv *out, lf_buf *err)
{
    return process(x, s, len, NULL, out, err);
}
