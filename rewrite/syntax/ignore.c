/*
 * The .dockerignore matcher (see ignore.h for the semantics).
 *
 * BuildKit turns a pattern with wildcards into a Go regular expression and
 * lets Go's regexp package decide, so the odd corners (`[` `]` passed through
 * to the regexp, `\d` meaning a digit, `^` becoming an anchor) are regexp
 * behaviour, not glob behaviour. To be exact this file builds the same
 * expression text BuildKit builds and runs it with a small regexp engine that
 * implements the part of Go's syntax such an expression can contain; an
 * expression outside that part is refused at compile time (never guessed).
 *
 * The engine is a Thompson NFA run over runes (invalid UTF-8 bytes decode to
 * U+FFFD one byte at a time, as in Go), so matching is linear in the path.
 */
#include "ignore.h"
#include "utf8.h"

#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RUNE_ERROR 0xFFFDu
#define RUNE_MAX 0x10FFFFu

/* --- Go's UTF-8 and string helpers ------------------------------------------ */

/* utf8.DecodeRuneInString: invalid or truncated sequences give U+FFFD, width 1
 * (lf_utf8_decode follows the same convention). */
static uint32_t dec_rune(const char *str, size_t n, size_t *w)
{
    uint32_t r;
    *w = lf_utf8_decode(str, n, &r);
    return r;
}

/* strings.TrimSpace over s[*start..*end). */
static void trim_space(const char *s, size_t *start, size_t *end)
{
    while (*start < *end) {
        size_t w;
        uint32_t r = dec_rune(s + *start, *end - *start, &w);
        if (!lf_utf8_is_space(r) || (r == RUNE_ERROR && w == 1))
            break;
        *start += w;
    }
    while (*end > *start) {
        /* the last rune: back up over at most three continuation bytes */
        size_t b = *end - 1;
        while (b > *start && b + 3 >= *end && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        size_t w;
        uint32_t r = dec_rune(s + b, *end - b, &w);
        if (b + w != *end) {
            /* not a complete rune ending here: an invalid byte, not a space */
            break;
        }
        if (!lf_utf8_is_space(r) || (r == RUNE_ERROR && w == 1))
            break;
        *end = b;
    }
}

void lf_path_clean(const char *s, size_t n, lf_buf *out)
{
    if (n == 0) {
        lf_buf_adds(out, ".");
        return;
    }
    size_t base = out->len;
    bool rooted = s[0] == '/';
    size_t r = 0, dotdot = 0;
    lf_buf_grow(out, n + 1);
    /* w is the written length relative to base */
    size_t w = 0;
    char *o = out->data + base;
    if (rooted) {
        o[w++] = '/';
        r = 1;
        dotdot = 1;
    }
    while (r < n) {
        if (s[r] == '/') {
            r++;
        } else if (s[r] == '.' && (r + 1 == n || s[r + 1] == '/')) {
            r++;
        } else if (s[r] == '.' && s[r + 1] == '.' && (r + 2 == n || s[r + 2] == '/')) {
            r += 2;
            if (w > dotdot) {
                w--;
                while (w > dotdot && o[w] != '/')
                    w--;
            } else if (!rooted) {
                if (w > 0)
                    o[w++] = '/';
                o[w++] = '.';
                o[w++] = '.';
                dotdot = w;
            }
        } else {
            if ((rooted && w != 1) || (!rooted && w != 0))
                o[w++] = '/';
            for (; r < n && s[r] != '/'; r++)
                o[w++] = s[r];
        }
    }
    if (w == 0)
        o[w++] = '.';
    out->len = base + w;
    out->data[out->len] = 0;
}

/* --- Go's path.Match ------------------------------------------------------------ */

/* getEsc: one class endpoint; false on a malformed class. */
static bool glob_esc(const char **chunk, const char *end, uint32_t *r)
{
    const char *c = *chunk;
    if (c >= end || *c == '-' || *c == ']')
        return false;
    if (*c == '\\') {
        c++;
        if (c >= end)
            return false;
    }
    size_t w;
    *r = dec_rune(c, (size_t)(end - c), &w);
    if (*r == RUNE_ERROR && w == 1)
        return false;
    c += w;
    *chunk = c;
    return c < end;
}

/* matchChunk: 1 match (*rest set), 0 no match, -1 malformed. */
static int glob_chunk(const char *chunk, const char *cend, const char *s, const char *send,
                      const char **rest)
{
    bool failed = false;
    while (chunk < cend) {
        if (!failed && s >= send)
            failed = true;
        if (*chunk == '[') {
            uint32_t r = 0;
            if (!failed) {
                size_t w;
                r = dec_rune(s, (size_t)(send - s), &w);
                s += w;
            }
            chunk++;
            bool negated = false;
            if (chunk < cend && *chunk == '^') {
                negated = true;
                chunk++;
            }
            bool match = false;
            int nrange = 0;
            for (;;) {
                if (chunk < cend && *chunk == ']' && nrange > 0) {
                    chunk++;
                    break;
                }
                uint32_t lo, hi;
                if (!glob_esc(&chunk, cend, &lo))
                    return -1;
                hi = lo;
                if (*chunk == '-') {
                    chunk++;
                    if (!glob_esc(&chunk, cend, &hi))
                        return -1;
                }
                if (lo <= r && r <= hi)
                    match = true;
                nrange++;
            }
            if (match == negated)
                failed = true;
        } else if (*chunk == '?') {
            if (!failed) {
                if (*s == '/')
                    failed = true;
                size_t w;
                dec_rune(s, (size_t)(send - s), &w);
                s += w;
            }
            chunk++;
        } else {
            if (*chunk == '\\') {
                chunk++;
                if (chunk >= cend)
                    return -1;
            }
            if (!failed) {
                if (*chunk != *s)
                    failed = true;
                s++;
            }
            chunk++;
        }
    }
    if (failed)
        return 0;
    *rest = s;
    return 1;
}

/* scanChunk */
static void glob_scan(const char **pat, const char *pend, bool *star, const char **chunk,
                      const char **cend)
{
    const char *p = *pat;
    *star = false;
    while (p < pend && *p == '*') {
        p++;
        *star = true;
    }
    bool inrange = false;
    const char *i = p;
    for (; i < pend; i++) {
        if (*i == '\\') {
            if (i + 1 < pend)
                i++;
        } else if (*i == '[') {
            inrange = true;
        } else if (*i == ']') {
            inrange = false;
        } else if (*i == '*' && !inrange) {
            break;
        }
    }
    *chunk = p;
    *cend = i;
    *pat = i;
}

int lf_glob_match(const char *pattern, const char *name)
{
    const char *p = pattern, *pend = pattern + strlen(pattern);
    const char *s = name, *send = name + strlen(name);
    while (p < pend) {
        bool star;
        const char *chunk, *cend;
        glob_scan(&p, pend, &star, &chunk, &cend);
        if (star && chunk == cend)
            return memchr(s, '/', (size_t)(send - s)) == NULL; /* trailing `*` */
        const char *t = NULL;
        int ok = glob_chunk(chunk, cend, s, send, &t);
        if (ok == 1 && (t == send || p < pend)) {
            s = t;
            continue;
        }
        if (ok < 0)
            return -1;
        bool found = false;
        if (star) {
            for (const char *i = s; i < send && *i != '/'; i++) {
                ok = glob_chunk(chunk, cend, i + 1, send, &t);
                if (ok == 1) {
                    if (p == pend && t < send)
                        continue;
                    s = t;
                    found = true;
                    break;
                }
                if (ok < 0)
                    return -1;
            }
        }
        if (found)
            continue;
        /* no match: the rest of the pattern must still be well formed */
        while (p < pend) {
            glob_scan(&p, pend, &star, &chunk, &cend);
            if (glob_chunk(chunk, cend, "", "", &t) < 0)
                return -1;
        }
        return 0;
    }
    return s == send;
}

/* --- the regular expressions BuildKit builds ---------------------------------- */

typedef struct rrange {
    uint32_t lo, hi;
} rrange;

typedef struct rclass {
    rrange *r;
    size_t n, cap;
} rclass;

typedef enum { I_CLASS, I_ANY, I_BOL, I_EOL, I_SPLIT, I_JMP, I_MATCH } iop;

typedef struct inst {
    iop op;
    int x, y; /* SPLIT/JMP targets, CLASS: class index */
} inst;

typedef enum { N_CLASS, N_ANY, N_BOL, N_EOL, N_CAT, N_STAR, N_PLUS, N_QUEST } nkind;

typedef struct node {
    nkind k;
    int a;     /* N_CLASS: class; quantifiers: child */
    int *kids; /* N_CAT */
    size_t nk, ck;
} node;

typedef struct rx {
    const uint32_t *re;
    size_t n, pos;
    node *nodes;
    size_t nn, cn;
    rclass *cls;
    size_t ncls, ccls;
    const char *err;
} rx;

static void class_add(rclass *c, uint32_t lo, uint32_t hi)
{
    rrange *r = LF_VEC_PUSH(c->r, c->n, c->cap);
    r->lo = lo;
    r->hi = hi;
}

static int range_cmp(const void *a, const void *b)
{
    const rrange *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Replaces the ranges of c[from..] with their complement over all runes. */
static void class_negate_from(rclass *c, size_t from)
{
    size_t n = c->n - from;
    rrange *tmp = malloc((n ? n : 1) * sizeof *tmp);
    memcpy(tmp, c->r + from, n * sizeof *tmp);
    if (n > 1)
        qsort(tmp, n, sizeof *tmp, range_cmp);
    c->n = from;
    uint32_t next = 0;
    bool done = false;
    for (size_t i = 0; i < n && !done; i++) {
        if (tmp[i].lo > next)
            class_add(c, next, tmp[i].lo - 1);
        if (tmp[i].hi >= RUNE_MAX)
            done = true;
        else if (tmp[i].hi + 1 > next)
            next = tmp[i].hi + 1;
    }
    if (!done)
        class_add(c, next, RUNE_MAX);
    free(tmp);
}

static int new_node(rx *x, nkind k, int a)
{
    node *nd = LF_VEC_PUSH(x->nodes, x->nn, x->cn);
    nd->k = k;
    nd->a = a;
    return (int)(x->nn - 1);
}

static int new_class(rx *x)
{
    LF_VEC_PUSH(x->cls, x->ncls, x->ccls);
    return (int)(x->ncls - 1);
}

static void cat_add(rx *x, int cat, int kid)
{
    node *nd = &x->nodes[cat];
    *LF_VEC_PUSH(nd->kids, nd->nk, nd->ck) = kid;
}

static bool is_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Go's parseEscape, x->pos at the backslash: a single rune, or an error. */
static bool rx_escape(rx *x, uint32_t *out)
{
    size_t p = x->pos + 1;
    if (p >= x->n) {
        x->err = "trailing backslash at end of expression";
        return false;
    }
    uint32_t c = x->re[p++];
    if (c < 0x80 && !is_alnum(c)) {
        *out = c; /* escaped punctuation is itself */
        x->pos = p;
        return true;
    }
    switch (c) {
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
        /* a single non-zero digit would be a backreference */
        if (p >= x->n || x->re[p] < '0' || x->re[p] > '7')
            break;
        /* fall through */
    case '0': {
        uint32_t r = c - '0';
        for (int i = 1; i < 3 && p < x->n && x->re[p] >= '0' && x->re[p] <= '7'; i++)
            r = r * 8 + (x->re[p++] - '0');
        *out = r;
        x->pos = p;
        return true;
    }
    case 'x': {
        if (p >= x->n)
            break;
        if (x->re[p] == '{') {
            p++;
            uint32_t r = 0;
            int nd = 0;
            while (p < x->n && hexval(x->re[p]) >= 0) {
                r = r * 16 + (uint32_t)hexval(x->re[p++]);
                if (r > RUNE_MAX)
                    break;
                nd++;
            }
            if (nd == 0 || r > RUNE_MAX || p >= x->n || x->re[p] != '}')
                break;
            *out = r;
            x->pos = p + 1;
            return true;
        }
        if (p + 1 >= x->n || hexval(x->re[p]) < 0 || hexval(x->re[p + 1]) < 0)
            break;
        *out = (uint32_t)(hexval(x->re[p]) * 16 + hexval(x->re[p + 1]));
        x->pos = p + 2;
        return true;
    }
    case 'a':
        *out = 7;
        x->pos = p;
        return true;
    case 'f':
        *out = '\f';
        x->pos = p;
        return true;
    case 'n':
        *out = '\n';
        x->pos = p;
        return true;
    case 'r':
        *out = '\r';
        x->pos = p;
        return true;
    case 't':
        *out = '\t';
        x->pos = p;
        return true;
    case 'v':
        *out = '\v';
        x->pos = p;
        return true;
    default:
        break;
    }
    x->err = "invalid escape sequence";
    return false;
}

/* `\d` `\D` `\s` `\S` `\w` `\W` at x->pos: added to c, true; else false. */
static bool rx_perl_class(rx *x, rclass *c)
{
    if (x->pos + 1 >= x->n || x->re[x->pos] != '\\')
        return false;
    uint32_t k = x->re[x->pos + 1];
    size_t from = c->n;
    switch (k) {
    case 'd':
    case 'D':
        class_add(c, '0', '9');
        break;
    case 's':
    case 'S':
        class_add(c, '\t', '\n');
        class_add(c, '\f', '\r');
        class_add(c, ' ', ' ');
        break;
    case 'w':
    case 'W':
        class_add(c, '0', '9');
        class_add(c, 'A', 'Z');
        class_add(c, '_', '_');
        class_add(c, 'a', 'z');
        break;
    default:
        return false;
    }
    if (k == 'D' || k == 'S' || k == 'W')
        class_negate_from(c, from);
    x->pos += 2;
    return true;
}

static const struct {
    const char *name;
    const char *ranges; /* pairs lo,hi */
} posix_classes[] = {
    {"alnum", "09AZaz"},   {"alpha", "AZaz"},
    {"ascii", "\x01\x7f"}, /* \x00 is added separately: a C string cannot hold it */
    {"blank", "\t\t  "},   {"cntrl", "\x01\x1f\x7f\x7f"},
    {"digit", "09"},       {"graph", "!~"},
    {"lower", "az"},       {"print", " ~"},
    {"punct", "!/:@[`{~"}, {"space", "\t\r  "},
    {"upper", "AZ"},       {"word", "09AZ__az"},
    {"xdigit", "09AFaf"},
};

/* `[:name:]` or `[:^name:]` at x->pos inside a class: 1 added, 0 not one,
 * -1 an unknown name (an error in Go). */
static int rx_posix_class(rx *x, rclass *c)
{
    size_t p = x->pos;
    if (p + 2 >= x->n || x->re[p] != '[' || x->re[p + 1] != ':')
        return 0;
    size_t q = p + 2;
    while (q + 1 < x->n && !(x->re[q] == ':' && x->re[q + 1] == ']'))
        q++;
    if (q + 1 >= x->n)
        return 0;
    char name[16];
    size_t nl = 0;
    bool neg = false;
    size_t s = p + 2;
    if (s < q && x->re[s] == '^') {
        neg = true;
        s++;
    }
    for (; s < q; s++) {
        if (nl + 1 >= sizeof name || x->re[s] >= 0x80) {
            x->err = "invalid character class range";
            return -1;
        }
        name[nl++] = (char)x->re[s];
    }
    name[nl] = 0;
    for (size_t i = 0; i < sizeof posix_classes / sizeof posix_classes[0]; i++) {
        if (strcmp(posix_classes[i].name, name) != 0)
            continue;
        size_t from = c->n;
        const char *r = posix_classes[i].ranges;
        if (strcmp(name, "ascii") == 0 || strcmp(name, "cntrl") == 0)
            class_add(c, 0, 0);
        for (; r[0] && r[1]; r += 2)
            class_add(c, (unsigned char)r[0], (unsigned char)r[1]);
        if (neg)
            class_negate_from(c, from);
        x->pos = q + 2;
        return 1;
    }
    x->err = "invalid character class range";
    return -1;
}

/* Go's parseClass, x->pos at '['. */
static int rx_class(rx *x)
{
    int ci = new_class(x);
    rclass c = {0};
    x->pos++;
    bool neg = false;
    if (x->pos < x->n && x->re[x->pos] == '^') {
        neg = true;
        x->pos++;
    }
    bool first = true;
    while (x->pos >= x->n || x->re[x->pos] != ']' || first) {
        first = false;
        if (x->pos >= x->n) {
            x->err = "missing closing ]";
            goto fail;
        }
        int pc = rx_posix_class(x, &c);
        if (pc < 0)
            goto fail;
        if (pc > 0)
            continue;
        if (x->re[x->pos] == '\\' && x->pos + 1 < x->n &&
            (x->re[x->pos + 1] == 'p' || x->re[x->pos + 1] == 'P')) {
            x->err = "Unicode classes (\\p) are not supported by layerfix";
            goto fail;
        }
        if (rx_perl_class(x, &c))
            continue;
        uint32_t lo, hi;
        if (x->re[x->pos] == '\\') {
            if (!rx_escape(x, &lo))
                goto fail;
        } else {
            lo = x->re[x->pos++];
        }
        hi = lo;
        if (x->pos + 1 < x->n && x->re[x->pos] == '-' && x->re[x->pos + 1] != ']') {
            x->pos++;
            if (x->re[x->pos] == '\\') {
                if (!rx_escape(x, &hi))
                    goto fail;
            } else {
                hi = x->re[x->pos++];
            }
            if (hi < lo) {
                x->err = "invalid character class range";
                goto fail;
            }
        }
        class_add(&c, lo, hi);
    }
    x->pos++; /* ']' */
    if (neg)
        class_negate_from(&c, 0);
    x->cls[ci] = c;
    return new_node(x, N_CLASS, ci);
fail:
    free(c.r);
    return -1;
}

static int rx_seq(rx *x, int depth);

static int rx_atom(rx *x, int depth)
{
    uint32_t c = x->re[x->pos];
    if (c == '(') {
        if (depth > 100) {
            x->err = "expression nests too deeply";
            return -1;
        }
        x->pos++;
        if (x->pos < x->n && x->re[x->pos] == '?') {
            x->err = "group flags are not supported by layerfix";
            return -1;
        }
        int inner = rx_seq(x, depth + 1);
        if (inner < 0)
            return -1;
        if (x->pos >= x->n || x->re[x->pos] != ')') {
            x->err = "missing closing )";
            return -1;
        }
        x->pos++;
        return inner;
    }
    if (c == '[')
        return rx_class(x);
    if (c == '.') {
        x->pos++;
        return new_node(x, N_ANY, 0);
    }
    if (c == '^' || c == '$') {
        x->pos++;
        return new_node(x, c == '^' ? N_BOL : N_EOL, 0);
    }
    if (c == '|') {
        x->err = "alternation is not supported by layerfix";
        return -1;
    }
    int ci = new_class(x);
    if (c == '\\') {
        if (x->pos + 1 < x->n) {
            uint32_t k = x->re[x->pos + 1];
            if (k == 'A' || k == 'z') {
                x->pos += 2;
                return new_node(x, k == 'A' ? N_BOL : N_EOL, 0);
            }
            if (k == 'b' || k == 'B' || k == 'Q' || k == 'C' || k == 'p' || k == 'P') {
                x->err = "this escape is not supported by layerfix";
                return -1;
            }
        }
        if (rx_perl_class(x, &x->cls[ci]))
            return new_node(x, N_CLASS, ci);
        uint32_t r;
        if (!rx_escape(x, &r))
            return -1;
        class_add(&x->cls[ci], r, r);
        return new_node(x, N_CLASS, ci);
    }
    x->pos++;
    class_add(&x->cls[ci], c, c);
    return new_node(x, N_CLASS, ci);
}

static bool is_quant(uint32_t c)
{
    return c == '*' || c == '+' || c == '?';
}

static int rx_seq(rx *x, int depth)
{
    int cat = new_node(x, N_CAT, 0);
    while (x->pos < x->n && x->re[x->pos] != ')') {
        if (is_quant(x->re[x->pos])) {
            x->err = "missing argument to repetition operator";
            return -1;
        }
        int a = rx_atom(x, depth);
        if (a < 0)
            return -1;
        if (x->pos < x->n && is_quant(x->re[x->pos])) {
            uint32_t q = x->re[x->pos++];
            if (x->pos < x->n && x->re[x->pos] == '?')
                x->pos++; /* non-greedy: the same yes/no answer */
            if (x->pos < x->n && is_quant(x->re[x->pos])) {
                x->err = "invalid nested repetition operator";
                return -1;
            }
            a = new_node(x, q == '*' ? N_STAR : q == '+' ? N_PLUS : N_QUEST, a);
        }
        cat_add(x, cat, a);
    }
    return cat;
}

typedef struct prog {
    inst *in;
    size_t n, cap;
    rclass *cls;
    size_t ncls;
} prog;

static size_t emit(prog *p, iop op, int a, int b)
{
    inst *i = LF_VEC_PUSH(p->in, p->n, p->cap);
    i->op = op;
    i->x = a;
    i->y = b;
    return p->n - 1;
}

static void emit_node(prog *p, const rx *x, int ni)
{
    const node *nd = &x->nodes[ni];
    size_t l1, l2;
    switch (nd->k) {
    case N_CLASS:
        emit(p, I_CLASS, nd->a, 0);
        break;
    case N_ANY:
        emit(p, I_ANY, 0, 0);
        break;
    case N_BOL:
        emit(p, I_BOL, 0, 0);
        break;
    case N_EOL:
        emit(p, I_EOL, 0, 0);
        break;
    case N_CAT:
        for (size_t i = 0; i < nd->nk; i++)
            emit_node(p, x, nd->kids[i]);
        break;
    case N_STAR:
        l1 = emit(p, I_SPLIT, 0, 0);
        emit_node(p, x, nd->a);
        emit(p, I_JMP, (int)l1, 0);
        p->in[l1].x = (int)l1 + 1;
        p->in[l1].y = (int)p->n;
        break;
    case N_PLUS:
        l1 = p->n;
        emit_node(p, x, nd->a);
        emit(p, I_SPLIT, (int)l1, (int)p->n + 1);
        break;
    case N_QUEST:
        l2 = emit(p, I_SPLIT, 0, 0);
        emit_node(p, x, nd->a);
        p->in[l2].x = (int)l2 + 1;
        p->in[l2].y = (int)p->n;
        break;
    }
}

static void rx_free(rx *x)
{
    for (size_t i = 0; i < x->nn; i++)
        free(x->nodes[i].kids);
    free(x->nodes);
}

/* Compiles re[0..n) into p; NULL, or the reason Go (or layerfix) refuses it. */
static const char *prog_compile(prog *p, const uint32_t *re, size_t n)
{
    rx x = {.re = re, .n = n};
    int root = rx_seq(&x, 0);
    if (root >= 0 && x.pos < x.n) {
        x.err = "unexpected )";
        root = -1;
    }
    if (root >= 0) {
        emit_node(p, &x, root);
        emit(p, I_MATCH, 0, 0);
        p->cls = x.cls;
        p->ncls = x.ncls;
    } else {
        for (size_t i = 0; i < x.ncls; i++)
            free(x.cls[i].r);
        free(x.cls);
    }
    rx_free(&x);
    return root >= 0 ? NULL : x.err;
}

static void prog_free(prog *p)
{
    for (size_t i = 0; i < p->ncls; i++)
        free(p->cls[i].r);
    free(p->cls);
    free(p->in);
    memset(p, 0, sizeof *p);
}

static bool class_has(const rclass *c, uint32_t r)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->r[i].lo <= r && r <= c->r[i].hi)
            return true;
    return false;
}

typedef struct vm {
    const prog *p;
    int *list[2];
    size_t nlist[2];
    unsigned *mark;
    unsigned gen;
    int *stack;
    bool matched;
} vm;

/* Follows the empty-width instructions from pc at position pos (of len),
 * adding the rune-consuming ones to list k. */
static void vm_add(vm *m, int k, int pc, size_t pos, size_t len)
{
    size_t sp = 0;
    m->stack[sp++] = pc;
    while (sp > 0) {
        int i = m->stack[--sp];
        if (m->mark[i] == m->gen)
            continue;
        m->mark[i] = m->gen;
        const inst *in = &m->p->in[i];
        switch (in->op) {
        case I_JMP:
            m->stack[sp++] = in->x;
            break;
        case I_SPLIT:
            m->stack[sp++] = in->y;
            m->stack[sp++] = in->x;
            break;
        case I_BOL:
            if (pos == 0)
                m->stack[sp++] = i + 1;
            break;
        case I_EOL:
            if (pos == len)
                m->stack[sp++] = i + 1;
            break;
        case I_MATCH:
            m->matched = true;
            break;
        case I_CLASS:
        case I_ANY:
            m->list[k][m->nlist[k]++] = i;
            break;
        }
    }
}

/* Does the program match s[0..len)? Every expression BuildKit builds starts
 * with `^`, so only a match starting at 0 is tried. */
static bool prog_match(const prog *p, const char *s, size_t len)
{
    int small[2][128], sstack[2 * 128 + 2];
    unsigned smark[128];
    vm m = {.p = p};
    bool heap = p->n > 128;
    if (heap) {
        m.list[0] = malloc(p->n * sizeof(int));
        m.list[1] = malloc(p->n * sizeof(int));
        m.stack = malloc(2 * p->n * sizeof(int) + 2 * sizeof(int));
        m.mark = calloc(p->n, sizeof(unsigned));
    } else {
        m.list[0] = small[0];
        m.list[1] = small[1];
        m.stack = sstack;
        memset(smark, 0, sizeof smark);
        m.mark = smark;
    }
    int k = 0;
    m.gen = 1;
    vm_add(&m, k, 0, 0, len);
    size_t pos = 0;
    while (!m.matched && pos < len && m.nlist[k] > 0) {
        size_t w;
        uint32_t r = dec_rune(s + pos, len - pos, &w);
        m.gen++;
        m.nlist[!k] = 0;
        for (size_t t = 0; t < m.nlist[k]; t++) {
            const inst *in = &p->in[m.list[k][t]];
            bool ok = in->op == I_ANY ? r != '\n' : class_has(&p->cls[in->x], r);
            if (ok)
                vm_add(&m, !k, m.list[k][t] + 1, pos + w, len);
        }
        k = !k;
        pos += w;
    }
    bool res = m.matched;
    if (heap) {
        free(m.list[0]);
        free(m.list[1]);
        free(m.stack);
        free(m.mark);
    }
    return res;
}

/* --- patterns --------------------------------------------------------------- */

typedef enum { M_EXACT, M_PREFIX, M_SUFFIX, M_REGEXP } mtype;

typedef struct pat {
    char *text; /* cleaned, without '!' */
    size_t len;
    bool exception;
    size_t line;
    mtype type;
    prog re;
    /* M_REGEXP: the literal text every match starts with, text[0..pre),
     * and ends with, text[suf..len): most paths are turned down by these
     * two comparisons without running the expression */
    size_t pre, suf;
    char *nog; /* patternWithoutTrailingGlob + "/" (exceptions only) */
} pat;

struct lf_ignore {
    pat *p;
    size_t n, cap;
    bool has_exceptions;
    /* fsutil's onlyPrefixExcludeExceptions: no exception has a wildcard
     * before its trailing glob, so an excluded directory need not be entered
     * unless an exception names something below it literally */
    bool only_prefix;
};

typedef struct rvec {
    uint32_t *r;
    size_t n, cap;
} rvec;

static void rv_add(rvec *v, uint32_t r)
{
    *LF_VEC_PUSH(v->r, v->n, v->cap) = r;
}

static void rv_adds(rvec *v, const char *s)
{
    for (; *s; s++)
        rv_add(v, (unsigned char)*s);
}

/* patternmatcher's compile(): the match type, and for M_REGEXP the
 * expression. NULL, or why it cannot be compiled. */
static const char *pat_compile(pat *p)
{
    rvec re = {0};
    rv_add(&re, '^');
    mtype type = M_EXACT;
    const char *s = p->text;
    size_t n = p->len, pos = 0;
    for (int i = 0; pos < n; i++) {
        size_t w;
        uint32_t ch = dec_rune(s + pos, n - pos, &w);
        pos += w;
        uint32_t peek = pos < n ? dec_rune(s + pos, n - pos, &w) : 0;
        bool more = pos < n;
        if (ch == '*') {
            if (more && peek == '*') {
                pos += w; /* the second '*' */
                if (pos < n && s[pos] == '/')
                    pos++; /* a slash after `**` is part of it */
                if (pos >= n) {
                    /* `**` at the end matches everything below */
                    if (type == M_EXACT) {
                        type = M_PREFIX;
                    } else {
                        rv_adds(&re, ".*");
                        type = M_REGEXP;
                    }
                } else {
                    rv_adds(&re, "(.*/)?");
                    type = M_REGEXP;
                }
                if (i == 0)
                    type = M_SUFFIX;
            } else {
                rv_adds(&re, "[^/]*");
                type = M_REGEXP;
            }
        } else if (ch == '?') {
            rv_adds(&re, "[^/]");
            type = M_REGEXP;
        } else if (ch < 0x80 && strchr(".+()|{}$", (int)ch)) {
            rv_add(&re, '\\');
            rv_add(&re, ch);
        } else if (ch == '\\') {
            if (more) {
                rv_add(&re, '\\');
                rv_add(&re, peek);
                pos += w;
                type = M_REGEXP;
            } else {
                rv_add(&re, '\\');
            }
        } else if (ch == '[' || ch == ']') {
            rv_add(&re, ch);
            type = M_REGEXP;
        } else {
            rv_add(&re, ch);
        }
    }
    const char *err = NULL;
    if (type == M_REGEXP) {
        rv_add(&re, '$');
        err = prog_compile(&p->re, re.r, re.n);
    }
    p->type = type;
    free(re.r);
    return err;
}

/* The literal runs at both ends of a pattern: characters that the
 * expression matches as themselves. Backslash escapes are left out (`\d` is not
 * a "d"), and so is the character after one. */
static void literal_ends(pat *p)
{
    static const char special[] = "*?[]\\^";
    size_t n = p->len;
    p->pre = 0;
    while (p->pre < n && !strchr(special, p->text[p->pre]))
        p->pre++;
    p->suf = n;
    while (p->suf > 0 && !strchr(special, p->text[p->suf - 1]))
        p->suf--;
    if (p->suf > 0 && p->text[p->suf - 1] == '\\' && p->suf < n)
        p->suf++; /* the escaped character itself */
    if (p->suf < p->pre)
        p->suf = p->pre < n ? p->pre : n; /* all literal: one check is enough */
}

static bool pat_match(const pat *p, const char *path, size_t len)
{
    switch (p->type) {
    case M_EXACT:
        return len == p->len && memcmp(path, p->text, len) == 0;
    case M_PREFIX:
        return len >= p->len - 2 && memcmp(path, p->text, p->len - 2) == 0;
    case M_SUFFIX: {
        const char *suf = p->text + 2;
        size_t sl = p->len - 2;
        if (len >= sl && memcmp(path + len - sl, suf, sl) == 0)
            return true;
        /* a suffix "/foo" (from `**` then "/foo") also matches "foo" */
        return sl > 0 && suf[0] == '/' && len == sl - 1 && memcmp(path, suf + 1, len) == 0;
    }
    case M_REGEXP:
        if (len < p->pre || memcmp(path, p->text, p->pre) != 0)
            return false;
        if (len < p->len - p->suf ||
            memcmp(path + len - (p->len - p->suf), p->text + p->suf, p->len - p->suf) != 0)
            return false;
        return prog_match(&p->re, path, len);
    }
    return false;
}

static void pat_free(pat *p)
{
    free(p->text);
    free(p->nog);
    prog_free(&p->re);
}

void lf_ignore_free(lf_ignore *ig)
{
    if (!ig)
        return;
    for (size_t i = 0; i < ig->n; i++)
        pat_free(&ig->p[i]);
    free(ig->p);
    free(ig);
}

/* One line of the file, as BuildKit's reader and patternmatcher.New take
 * it. Returns NULL (pattern added, or nothing to add) or an error text. */
static const char *add_line(lf_ignore *ig, const char *line, size_t len, size_t lineno)
{
    if (len > 0 && line[0] == '#')
        return NULL;
    size_t a = 0, b = len;
    trim_space(line, &a, &b);
    if (a == b)
        return NULL;
    bool invert = line[a] == '!';
    lf_buf s = LF_BUF_INIT;
    if (invert) {
        a++;
        trim_space(line, &a, &b);
        lf_buf_addc(&s, '!');
    }
    if (a < b) {
        lf_buf c = LF_BUF_INIT;
        lf_path_clean(line + a, b - a, &c);
        size_t skip = c.len > 1 && c.data[0] == '/' ? 1 : 0;
        lf_buf_add(&s, c.data + skip, c.len - skip);
        lf_buf_free(&c);
    }
    lf_buf_adds(&s, "");
    /* patternmatcher.New: trimmed and cleaned once more, then the '!' */
    size_t sa = 0, sb = s.len;
    trim_space(s.data, &sa, &sb);
    lf_buf c = LF_BUF_INIT;
    lf_path_clean(s.data + sa, sb - sa, &c);
    lf_buf_free(&s);
    const char *err = NULL;
    pat p = {.line = lineno};
    size_t off = 0;
    if (c.data[0] == '!') {
        if (c.len == 1) {
            err = "illegal exclusion pattern: \"!\"";
            goto out;
        }
        p.exception = true;
        off = 1;
    }
    p.len = c.len - off;
    p.text = malloc(p.len + 1);
    memcpy(p.text, c.data + off, p.len);
    p.text[p.len] = 0;
    if (memchr(p.text, 0, p.len) || lf_glob_match(p.text, ".") < 0) {
        err = "syntax error in pattern";
        pat_free(&p);
        goto out;
    }
    err = pat_compile(&p);
    if (err) {
        pat_free(&p);
        goto out;
    }
    literal_ends(&p);
    if (p.exception) {
        size_t nl = p.len;
        if (nl >= 3 && memcmp(p.text + nl - 3, "/**", 3) == 0)
            nl -= 3;
        if (nl >= 2 && memcmp(p.text + nl - 2, "/*", 2) == 0)
            nl -= 2;
        p.nog = malloc(nl + 2);
        memcpy(p.nog, p.text, nl);
        p.nog[nl] = '/';
        p.nog[nl + 1] = 0;
        ig->has_exceptions = true;
        for (size_t i = 0; i < nl; i++)
            if (strchr("*[]?^\\", p.text[i]))
                ig->only_prefix = false;
    }
    *LF_VEC_PUSH(ig->p, ig->n, ig->cap) = p;
out:
    lf_buf_free(&c);
    return err;
}

int lf_ignore_compile(lf_ignore **out, const char *text, size_t len, lf_buf *err)
{
    lf_ignore *ig = calloc(1, sizeof *ig);
    ig->only_prefix = true;
    size_t pos = 0, lineno = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t ll = end - pos;
        if (ll > 0 && line[ll - 1] == '\r')
            ll--;
        if (lineno == 0 && ll >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            ll -= 3;
        }
        lineno++;
        const char *e = ll >= 64 * 1024 ? "line too long (bufio.Scanner: token too long)"
                                        : add_line(ig, line, ll, lineno);
        if (e) {
            lf_buf_printf(err, "line %zu: `%.*s`: %s", lineno, (int)(ll > 80 ? 80 : ll), line, e);
            lf_ignore_free(ig);
            *out = NULL;
            return -1;
        }
        pos = nl ? end + 1 : len;
    }
    *out = ig;
    return 0;
}

size_t lf_ignore_count(const lf_ignore *ig)
{
    return ig ? ig->n : 0;
}

void lf_ignore_pattern(const lf_ignore *ig, size_t i, lf_ignore_pattern_info *out)
{
    const pat *p = &ig->p[i];
    out->text = p->text;
    out->len = p->len;
    out->exception = p->exception;
    out->line = p->line;
}

bool lf_ignore_pattern_matches(const lf_ignore *ig, size_t i, const char *path)
{
    const pat *p = &ig->p[i];
    size_t len = strlen(path);
    for (size_t k = 0; k < len; k++)
        if (path[k] == '/' && pat_match(p, path, k))
            return true;
    return pat_match(p, path, len);
}

/* --- deciding paths ------------------------------------------------------------ */

/* patternmatcher's MatchesUsingParentResults for path[0..len): parent is the
 * parent directory's per-pattern matches (NULL at the top level), info gets
 * this path's. Returns whether the path is excluded; *decider the last
 * pattern that matched. */
static bool decide(const lf_ignore *ig, const char *path, size_t len, const bool *parent,
                   bool *info, int *decider)
{
    bool matched = false;
    *decider = -1;
    for (size_t i = 0; i < ig->n; i++) {
        const pat *p = &ig->p[i];
        bool match = parent ? parent[i] : false;
        if (!match) {
            /* an exclusion cannot change an excluded path, an exception an
             * included one: not evaluated (and so not inherited below) */
            if (p->exception != matched) {
                info[i] = false;
                continue;
            }
            match = pat_match(p, path, len);
            if (!match && !parent)
                for (size_t k = 0; k < len && !match; k++)
                    if (path[k] == '/')
                        match = pat_match(p, path, k);
        }
        info[i] = match;
        if (match) {
            matched = !p->exception;
            *decider = (int)i;
        }
    }
    return matched;
}

/* The walker does not enter an excluded directory dir[0..len) unless an
 * exception might match something below it. */
static bool prunes(const lf_ignore *ig, const char *dir, size_t len)
{
    if (!ig->only_prefix)
        return false;
    if (!ig->has_exceptions)
        return true;
    for (size_t i = 0; i < ig->n; i++) {
        const pat *p = &ig->p[i];
        if (p->exception && strlen(p->nog) >= len + 1 && memcmp(p->nog, dir, len) == 0 &&
            p->nog[len] == '/')
            return false;
    }
    return true;
}

typedef struct frame {
    size_t len; /* the directory is path[0..len) */
    bool *info;
    bool pruned;
    int decider;
} frame;

typedef struct walker {
    const lf_ignore *ig;
    frame *f;
    size_t n, cap;
    lf_buf dir; /* the deepest directory on the stack */
    bool *scratch;
} walker;

static void walker_free(walker *w)
{
    for (size_t i = 0; i < w->cap; i++)
        free(w->f[i].info);
    free(w->f);
    free(w->scratch);
    lf_buf_free(&w->dir);
}

/* Decides path[0..len) (cleaned), reusing the directories decided for the
 * previous path where they are shared. */
static bool walker_decide(walker *w, const char *path, size_t len, int *decider)
{
    const lf_ignore *ig = w->ig;
    /* keep the frames that are parents of this path */
    size_t keep = 0;
    while (keep < w->n) {
        size_t dl = w->f[keep].len;
        if (dl < len && path[dl] == '/' && memcmp(path, w->dir.data, dl) == 0)
            keep++;
        else
            break;
    }
    w->n = keep;
    if (w->n > 0 && w->f[w->n - 1].pruned) {
        *decider = w->f[w->n - 1].decider;
        return true;
    }
    size_t start = w->n ? w->f[w->n - 1].len + 1 : 0;
    for (size_t k = start; k < len; k++) {
        if (path[k] != '/')
            continue;
        if (w->n == w->cap) {
            size_t old = w->cap;
            w->f = lf_vec_grow(w->f, &w->cap, w->n + 1, sizeof *w->f);
            for (size_t i = old; i < w->cap; i++) {
                memset(&w->f[i], 0, sizeof w->f[i]);
                w->f[i].info = calloc(ig->n ? ig->n : 1, sizeof(bool));
            }
        }
        frame *fr = &w->f[w->n];
        const bool *parent = w->n ? w->f[w->n - 1].info : NULL;
        bool m = decide(ig, path, k, parent, fr->info, &fr->decider);
        fr->len = k;
        fr->pruned = m && prunes(ig, path, k);
        w->n++;
        lf_buf_clear(&w->dir);
        lf_buf_add(&w->dir, path, k);
        if (fr->pruned) {
            *decider = fr->decider;
            return true;
        }
    }
    if (w->n == 0 || w->f[w->n - 1].len != w->dir.len) {
        lf_buf_clear(&w->dir);
        if (w->n)
            lf_buf_add(&w->dir, path, w->f[w->n - 1].len);
    }
    const bool *parent = w->n ? w->f[w->n - 1].info : NULL;
    return decide(ig, path, len, parent, w->scratch, decider);
}

static void walker_init(walker *w, const lf_ignore *ig)
{
    memset(w, 0, sizeof *w);
    w->ig = ig;
    w->scratch = calloc(ig->n ? ig->n : 1, sizeof(bool));
}

bool lf_ignore_match_why(const lf_ignore *ig, const char *path, int *decider)
{
    *decider = -1;
    if (!ig || ig->n == 0)
        return false;
    lf_buf c = LF_BUF_INIT;
    lf_path_clean(path, strlen(path), &c);
    size_t off = 0;
    while (off < c.len && c.data[off] == '/')
        off++;
    bool res = false;
    if (off < c.len && strcmp(c.data + off, ".") != 0) {
        walker w;
        walker_init(&w, ig);
        res = walker_decide(&w, c.data + off, c.len - off, decider);
        walker_free(&w);
    }
    lf_buf_free(&c);
    return res;
}

bool lf_ignore_match(const lf_ignore *ig, const char *path, bool is_dir)
{
    /* a directory is decided like a file: its own entry; what is below it is
     * decided path by path (an exception may bring some of it back) */
    (void)is_dir;
    int d;
    return lf_ignore_match_why(ig, path, &d);
}

void lf_ignore_filter(const lf_ignore *ig, const char *const *paths, size_t n, bool *excluded,
                      int *decider)
{
    if (!ig || ig->n == 0) {
        for (size_t i = 0; i < n; i++) {
            excluded[i] = false;
            if (decider)
                decider[i] = -1;
        }
        return;
    }
    walker w;
    walker_init(&w, ig);
    for (size_t i = 0; i < n; i++) {
        int d;
        excluded[i] = walker_decide(&w, paths[i], strlen(paths[i]), &d);
        if (decider)
            decider[i] = d;
    }
    walker_free(&w);
}
