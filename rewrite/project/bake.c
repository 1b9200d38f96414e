/*
 * Build contexts from Docker Bake files (see compose.h): docker-bake*.hcl
 * through a small HCL reader, docker-bake*.json through libyaml (JSON is
 * YAML's flow style).
 *
 * The HCL reader is a tokenizer that knows every construct that could hide a
 * brace, a quote or a newline from a naive scan: `#`, `//` and slash-star
 * comments, quoted strings with `${...}` / `%{...}` templates (which nest
 * strings and braces) and their `$${` / `%%{` escapes, and `<<EOF` / `<<-EOF`
 * heredocs. On top of it a body is a sequence of attributes (`NAME = expr`,
 * the expression running to the end of the line outside brackets) and blocks
 * (`TYPE LABEL... { body }`). Only top-level `target` and `variable` blocks
 * are interpreted; an attribute counts only when its value is one quoted
 * string (or, for `inherits`, a list of them), anything else marks it as not
 * understood, and the target is then skipped with a note rather than guessed.
 */
#include "compose.h"

#include "utf8.h"
#include "vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_NEST 64

/* --- the model ------------------------------------------------------------------------- */

enum { A_UNSET, A_STRING, A_OTHER };

typedef struct battr {
    int state;   /* A_UNSET, A_STRING (raw holds the text), A_OTHER (not a plain string) */
    char *raw;   /* HCL: the quoted string's source text; JSON: the decoded string */
    size_t line; /* where it was set */
} battr;

typedef struct btarget {
    char *name;
    size_t line;
    battr context, dockerfile;
    battr stage;        /* the `target` attribute: the stage the build stops at */
    int inherits_state; /* A_UNSET, A_STRING (a list of strings), A_OTHER */
    lf_strv inherits;   /* raw texts, as for battr.raw */
    bool inline_df;     /* dockerfile-inline is set */
} btarget;

typedef struct bvar {
    char *name;
    battr def;
} bvar;

typedef struct bake {
    const char *path;
    lf_builds *out;
    bool json; /* raw strings are already decoded (no HCL escapes) */
    btarget *t;
    size_t nt, capt;
    bvar *v;
    size_t nv, capv;
} bake;

static void attr_set(battr *a, int state, const char *raw, size_t len, size_t line)
{
    free(a->raw);
    a->raw = NULL;
    a->state = state;
    a->line = line;
    if (raw) {
        a->raw = malloc(len + 1);
        if (!a->raw)
            abort();
        memcpy(a->raw, raw, len);
        a->raw[len] = 0;
    }
}

static size_t target_get(bake *B, const char *name, size_t line)
{
    for (size_t i = 0; i < B->nt; i++)
        if (strcmp(B->t[i].name, name) == 0)
            return i; /* a later block of the same name adds to the first */
    btarget *t = LF_VEC_PUSH(B->t, B->nt, B->capt);
    t->name = strdup(name);
    t->line = line;
    return B->nt - 1;
}

static size_t var_get(bake *B, const char *name)
{
    for (size_t i = 0; i < B->nv; i++)
        if (strcmp(B->v[i].name, name) == 0)
            return i;
    bvar *v = LF_VEC_PUSH(B->v, B->nv, B->capv);
    v->name = strdup(name);
    return B->nv - 1;
}

static void bake_free(bake *B)
{
    for (size_t i = 0; i < B->nt; i++) {
        free(B->t[i].name);
        free(B->t[i].context.raw);
        free(B->t[i].dockerfile.raw);
        free(B->t[i].stage.raw);
        lf_strv_free(&B->t[i].inherits);
    }
    free(B->t);
    for (size_t i = 0; i < B->nv; i++) {
        free(B->v[i].name);
        free(B->v[i].def.raw);
    }
    free(B->v);
}

/* --- string values -------------------------------------------------------------------- */

static bool ident_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int decode(const bake *B, const char *s, lf_buf *out, lf_buf *why, int depth);

/* ${NAME} with NAME a variable whose default is a string we can decode. */
static int subst(const bake *B, const char *expr, size_t n, lf_buf *out, lf_buf *why, int depth)
{
    size_t a = 0, b = n;
    while (a < b && (expr[a] == ' ' || expr[a] == '\t'))
        a++;
    while (b > a && (expr[b - 1] == ' ' || expr[b - 1] == '\t'))
        b--;
    bool ident = b > a && ident_start(expr[a]);
    for (size_t i = a; ident && i < b; i++)
        ident = ident_char(expr[i]);
    for (size_t i = 0; ident && i < B->nv; i++) {
        const bvar *v = &B->v[i];
        if (strlen(v->name) == b - a && memcmp(v->name, expr + a, b - a) == 0) {
            if (v->def.state == A_STRING && depth < 16)
                return decode(B, v->def.raw, out, why, depth + 1);
            break;
        }
    }
    lf_buf_clear(why);
    lf_buf_add(why, expr + a, b - a);
    return -1;
}

/* Decodes a raw string value: HCL escapes (unless JSON), `$${` and `%%{`
 * escapes, `${VAR}` from variable defaults. Returns 0, or -1 with the
 * template that could not be resolved in why. */
static int decode(const bake *B, const char *s, lf_buf *out, lf_buf *why, int depth)
{
    for (size_t i = 0; s[i];) {
        if (s[i] == '\\' && !B->json && s[i + 1]) {
            char c = s[i + 1];
            const char *map = c == 'n' ? "\n" : c == 't' ? "\t" : c == 'r' ? "\r" : NULL;
            if (map || c == '"' || c == '\\') {
                lf_buf_addc(out, map ? map[0] : c);
                i += 2;
                continue;
            }
            if (c == 'u' || c == 'U') {
                size_t nd = c == 'u' ? 4 : 8, k = 0;
                uint32_t cp = 0;
                while (k < nd && hexval(s[i + 2 + k]) >= 0)
                    cp = cp * 16 + (uint32_t)hexval(s[i + 2 + k++]);
                if (k == nd) {
                    char enc[4];
                    lf_buf_add(out, enc, lf_utf8_encode(enc, cp));
                    i += 2 + nd;
                    continue;
                }
            }
            lf_buf_addc(out, s[i++]);
            continue;
        }
        if ((s[i] == '$' || s[i] == '%') && s[i + 1] == s[i] && s[i + 2] == '{') {
            lf_buf_addc(out, s[i]);
            lf_buf_addc(out, '{');
            i += 3;
            continue;
        }
        if (s[i] == '%' && s[i + 1] == '{') {
            lf_buf_clear(why);
            lf_buf_adds(why, "%{...}");
            return -1;
        }
        if (s[i] == '$' && s[i + 1] == '{') {
            const char *end = strchr(s + i + 2, '}');
            if (!end) {
                lf_buf_clear(why);
                lf_buf_adds(why, s + i);
                return -1;
            }
            if (subst(B, s + i + 2, (size_t)(end - s - i - 2), out, why, depth) != 0)
                return -1;
            i = (size_t)(end - s) + 1;
            continue;
        }
        lf_buf_addc(out, s[i++]);
    }
    return 0;
}

/* --- HCL tokens ----------------------------------------------------------------------- */

typedef enum {
    T_EOF,
    T_NL,
    T_IDENT,
    T_STRING, /* a..b is the text between the quotes */
    T_HEREDOC,
    T_LBRACE,
    T_RBRACE,
    T_LBRACK,
    T_RBRACK,
    T_LPAREN,
    T_RPAREN,
    T_EQ,
    T_COMMA,
    T_OTHER,
} tkind;

typedef struct tok {
    tkind k;
    size_t a, b, line;
} tok;

typedef struct lex {
    const char *s;
    size_t n, i, line;
    tok peek;
    bool has_peek;
} lex;

static void scan_template(lex *L, int depth);

/* Inside a quoted string: stops at the closing quote (not consumed) or at a
 * newline or the end (an unterminated string). */
static void scan_quoted(lex *L, int depth)
{
    while (L->i < L->n) {
        char c = L->s[L->i];
        if (c == '"' || c == '\n')
            return;
        if (c == '\\') {
            L->i += L->i + 1 < L->n && L->s[L->i + 1] != '\n' ? 2 : 1;
        } else if ((c == '$' || c == '%') && L->i + 2 < L->n && L->s[L->i + 1] == c &&
                   L->s[L->i + 2] == '{') {
            L->i += 3;
        } else if ((c == '$' || c == '%') && L->i + 1 < L->n && L->s[L->i + 1] == '{') {
            L->i += 2;
            scan_template(L, depth + 1);
        } else {
            L->i++;
        }
    }
}

/* After `${` or `%{`: to the matching '}' (consumed), across nested strings
 * and braces. */
static void scan_template(lex *L, int depth)
{
    size_t nest = 1;
    while (L->i < L->n) {
        char c = L->s[L->i];
        if (c == '"' && depth < MAX_NEST) {
            L->i++;
            scan_quoted(L, depth);
            if (L->i < L->n && L->s[L->i] == '"')
                L->i++;
            continue;
        }
        L->i++;
        if (c == '\n')
            L->line++;
        else if (c == '{')
            nest++;
        else if (c == '}' && --nest == 0)
            return;
    }
}

static tok scan(lex *L)
{
    const char *s = L->s;
    for (;;) {
        while (L->i < L->n && (s[L->i] == ' ' || s[L->i] == '\t' || s[L->i] == '\r'))
            L->i++;
        if (L->i < L->n &&
            (s[L->i] == '#' || (s[L->i] == '/' && L->i + 1 < L->n && s[L->i + 1] == '/'))) {
            while (L->i < L->n && s[L->i] != '\n')
                L->i++;
            continue;
        }
        if (L->i + 1 < L->n && s[L->i] == '/' && s[L->i + 1] == '*') {
            L->i += 2;
            while (L->i < L->n && !(s[L->i] == '*' && L->i + 1 < L->n && s[L->i + 1] == '/')) {
                if (s[L->i] == '\n')
                    L->line++;
                L->i++;
            }
            L->i = L->i + 2 <= L->n ? L->i + 2 : L->n;
            continue;
        }
        break;
    }
    tok t = {.k = T_EOF, .a = L->i, .b = L->i, .line = L->line};
    if (L->i >= L->n)
        return t;
    char c = s[L->i];
    if (c == '\n') {
        L->i++;
        L->line++;
        t.k = T_NL;
    } else if (ident_start(c)) {
        while (L->i < L->n && ident_char(s[L->i]))
            L->i++;
        t.k = T_IDENT;
    } else if (c == '"') {
        L->i++;
        t.a = L->i;
        scan_quoted(L, 0);
        t.b = L->i;
        if (L->i < L->n && s[L->i] == '"')
            L->i++;
        t.k = T_STRING;
    } else if (c == '<' && L->i + 2 < L->n && s[L->i + 1] == '<' &&
               (ident_start(s[L->i + 2]) ||
                (s[L->i + 2] == '-' && L->i + 3 < L->n && ident_start(s[L->i + 3])))) {
        size_t d = L->i + (s[L->i + 2] == '-' ? 3 : 2), e = d;
        while (e < L->n && ident_char(s[e]))
            e++;
        size_t dl = e - d;
        const char *delim = s + d;
        L->i = e;
        while (L->i < L->n && s[L->i] != '\n')
            L->i++;
        /* lines until one that is the delimiter, indented or not */
        while (L->i < L->n) {
            L->i++; /* the '\n' */
            L->line++;
            size_t a = L->i;
            while (a < L->n && (s[a] == ' ' || s[a] == '\t'))
                a++;
            size_t b = a;
            while (b < L->n && s[b] != '\n')
                b++;
            size_t bb = b > a && s[b - 1] == '\r' ? b - 1 : b;
            L->i = b;
            if (bb - a == dl && memcmp(s + a, delim, dl) == 0)
                break;
        }
        t.k = T_HEREDOC;
    } else {
        L->i++;
        switch (c) {
        case '{':
            t.k = T_LBRACE;
            break;
        case '}':
            t.k = T_RBRACE;
            break;
        case '[':
            t.k = T_LBRACK;
            break;
        case ']':
            t.k = T_RBRACK;
            break;
        case '(':
            t.k = T_LPAREN;
            break;
        case ')':
            t.k = T_RPAREN;
            break;
        case ',':
            t.k = T_COMMA;
            break;
        case '=':
            if (L->i < L->n && (s[L->i] == '=' || s[L->i] == '>')) {
                L->i++;
                t.k = T_OTHER;
            } else {
                t.k = T_EQ;
            }
            break;
        default:
            t.k = T_OTHER;
            break;
        }
    }
    if (t.k != T_STRING)
        t.b = L->i;
    return t;
}

static tok peek(lex *L)
{
    if (!L->has_peek) {
        L->peek = scan(L);
        L->has_peek = true;
    }
    return L->peek;
}

static tok next(lex *L)
{
    tok t = peek(L);
    L->has_peek = false;
    return t;
}

/* --- HCL structure -------------------------------------------------------------------- */

typedef struct expr {
    tok *toks; /* the expression's tokens, newlines inside brackets left out */
    size_t n, cap;
} expr;

/* An expression: to the end of the line outside brackets, or to a closing
 * bracket that is not its own (`target "a" { context = "." }`). */
static void parse_expr(lex *L, expr *e)
{
    size_t depth = 0;
    for (;;) {
        tok p = peek(L);
        if (p.k == T_EOF ||
            (depth == 0 && (p.k == T_NL || p.k == T_RBRACE || p.k == T_RBRACK || p.k == T_RPAREN)))
            return;
        next(L);
        if (p.k == T_LBRACE || p.k == T_LBRACK || p.k == T_LPAREN)
            depth++;
        else if (p.k == T_RBRACE || p.k == T_RBRACK || p.k == T_RPAREN)
            depth--;
        if (p.k != T_NL)
            *LF_VEC_PUSH(e->toks, e->n, e->cap) = p;
    }
}

static void raw_of(const lex *L, tok t, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_add(out, L->s + t.a, t.b - t.a);
    lf_buf_adds(out, "");
}

/* A list of quoted strings: [ "a", "b", ] */
static bool string_list(const lex *L, const expr *e, lf_strv *out)
{
    if (e->n < 2 || e->toks[0].k != T_LBRACK || e->toks[e->n - 1].k != T_RBRACK)
        return false;
    size_t keep = out->n;
    for (size_t i = 1; i + 1 < e->n; i++) {
        bool want_string = (i % 2) == 1;
        tkind k = e->toks[i].k;
        if (want_string && k == T_STRING) {
            lf_strv_push(out, L->s + e->toks[i].a, e->toks[i].b - e->toks[i].a);
        } else if (!(!want_string && k == T_COMMA)) {
            lf_strv_truncate(out, keep);
            return false;
        }
    }
    return true;
}

static void attribute(bake *B, const lex *L, size_t ti, size_t vi, const char *name, tok at,
                      const expr *e)
{
    bool one_string = e->n == 1 && e->toks[0].k == T_STRING;
    const char *raw = one_string ? L->s + e->toks[0].a : NULL;
    size_t rl = one_string ? e->toks[0].b - e->toks[0].a : 0;
    if (ti != SIZE_MAX) {
        btarget *t = &B->t[ti];
        battr *a = strcmp(name, "context") == 0      ? &t->context
                   : strcmp(name, "dockerfile") == 0 ? &t->dockerfile
                   : strcmp(name, "target") == 0     ? &t->stage
                                                     : NULL;
        if (a) {
            attr_set(a, one_string ? A_STRING : A_OTHER, raw, rl, at.line);
        } else if (strcmp(name, "inherits") == 0) {
            lf_strv_truncate(&t->inherits, 0);
            t->inherits_state = string_list(L, e, &t->inherits) ? A_STRING : A_OTHER;
        } else if (strcmp(name, "dockerfile-inline") == 0) {
            t->inline_df =
                !(e->n == 1 && e->toks[0].k == T_IDENT && e->toks[0].b - e->toks[0].a == 4 &&
                  memcmp(L->s + e->toks[0].a, "null", 4) == 0);
        }
    } else if (vi != SIZE_MAX && strcmp(name, "default") == 0) {
        attr_set(&B->v[vi].def, one_string ? A_STRING : A_OTHER, raw, rl, at.line);
    }
}

/* Skips to the '}' that closes the current block (consumed), without
 * recursion. */
static void skip_block(lex *L)
{
    size_t nest = 1;
    for (;;) {
        tok t = next(L);
        if (t.k == T_EOF)
            return;
        if (t.k == T_LBRACE)
            nest++;
        else if (t.k == T_RBRACE && --nest == 0)
            return;
    }
}

static void parse_body(bake *B, lex *L, int depth, size_t ti, size_t vi)
{
    lf_buf name = LF_BUF_INIT, label = LF_BUF_INIT, raw = LF_BUF_INIT;
    for (;;) {
        tok t = next(L);
        if (t.k == T_EOF)
            break;
        if (t.k == T_RBRACE) {
            if (depth > 0)
                break;
            continue; /* a stray '}' at the top */
        }
        if (t.k == T_NL || t.k == T_COMMA || t.k == T_RBRACK || t.k == T_RPAREN)
            continue; /* nothing to skip after a stray closer */
        expr e = {0};
        if (t.k == T_IDENT) {
            raw_of(L, t, &name);
            if (peek(L).k == T_EQ) {
                next(L);
                parse_expr(L, &e);
                attribute(B, L, ti, vi, name.data, t, &e);
                free(e.toks);
                continue;
            }
            size_t nlabels = 0;
            while (peek(L).k == T_STRING || peek(L).k == T_IDENT) {
                tok l = next(L);
                if (nlabels++ == 0)
                    raw_of(L, l, &label);
            }
            if (peek(L).k == T_LBRACE) {
                next(L);
                size_t nti = SIZE_MAX, nvi = SIZE_MAX;
                if (depth == 0 && nlabels == 1) {
                    lf_buf why = LF_BUF_INIT;
                    lf_buf_clear(&raw);
                    /* labels are plain strings: escapes, no variables */
                    if (strcmp(name.data, "target") == 0 &&
                        decode(B, label.data, &raw, &why, 99) == 0)
                        nti = target_get(B, lf_buf_cstr(&raw), t.line);
                    else if (strcmp(name.data, "variable") == 0 &&
                             decode(B, label.data, &raw, &why, 99) == 0)
                        nvi = var_get(B, lf_buf_cstr(&raw));
                    lf_buf_free(&why);
                }
                if (depth >= MAX_NEST)
                    skip_block(L);
                else
                    parse_body(B, L, depth + 1, nti, nvi);
                continue;
            }
        }
        /* anything else: skip what is left of the line */
        parse_expr(L, &e);
        free(e.toks);
    }
    lf_buf_free(&name);
    lf_buf_free(&label);
    lf_buf_free(&raw);
}

/* --- JSON ----------------------------------------------------------------------------- */

static void json_attr(battr *a, const yaml_node_t *v)
{
    if (v->type == YAML_SCALAR_NODE &&
        strlen((const char *)v->data.scalar.value) == v->data.scalar.length &&
        v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        attr_set(a, A_STRING, (const char *)v->data.scalar.value, v->data.scalar.length,
                 v->start_mark.line + 1);
    else
        attr_set(a, A_OTHER, NULL, 0, v->start_mark.line + 1);
}

static void json_target(bake *B, yaml_document_t *d, const char *name, yaml_node_t *m, size_t line)
{
    if (m->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = m->data.sequence.items.start; it < m->data.sequence.items.top;
             it++)
            json_target(B, d, name, yaml_document_get_node(d, *it), line);
        return;
    }
    if (m->type != YAML_MAPPING_NODE)
        return;
    size_t ti = target_get(B, name, line); /* may move B->t */
    btarget *t = &B->t[ti];
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key),
                    *v = yaml_document_get_node(d, p->value);
        if (k->type != YAML_SCALAR_NODE)
            continue;
        const char *key = (const char *)k->data.scalar.value;
        if (strcmp(key, "context") == 0) {
            json_attr(&t->context, v);
        } else if (strcmp(key, "dockerfile") == 0) {
            json_attr(&t->dockerfile, v);
        } else if (strcmp(key, "target") == 0) {
            json_attr(&t->stage, v);
        } else if (strcmp(key, "dockerfile-inline") == 0) {
            t->inline_df =
                !(v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                  strcmp((const char *)v->data.scalar.value, "null") == 0);
        } else if (strcmp(key, "inherits") == 0) {
            lf_strv_truncate(&t->inherits, 0);
            t->inherits_state = v->type == YAML_SEQUENCE_NODE ? A_STRING : A_OTHER;
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 t->inherits_state == A_STRING && it < v->data.sequence.items.top; it++) {
                yaml_node_t *e = yaml_document_get_node(d, *it);
                if (e->type != YAML_SCALAR_NODE)
                    t->inherits_state = A_OTHER;
                else
                    lf_strv_push(&t->inherits, (const char *)e->data.scalar.value,
                                 e->data.scalar.length);
            }
        }
    }
}

static int parse_json(bake *B, const char *text, size_t len, lf_buf *err)
{
    yaml_document_t doc;
    if (lf_builds_load_yaml(&doc, B->path, text, len, err) != 0)
        return -1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(&doc, p->key);
            yaml_node_t *v = yaml_document_get_node(&doc, p->value);
            if (k->type != YAML_SCALAR_NODE || v->type != YAML_MAPPING_NODE)
                continue;
            const char *kind = (const char *)k->data.scalar.value;
            bool is_target = strcmp(kind, "target") == 0, is_var = strcmp(kind, "variable") == 0;
            if (!is_target && !is_var)
                continue;
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
                 q++) {
                yaml_node_t *n = yaml_document_get_node(&doc, q->key);
                yaml_node_t *body = yaml_document_get_node(&doc, q->value);
                if (n->type != YAML_SCALAR_NODE)
                    continue;
                const char *name = (const char *)n->data.scalar.value;
                if (is_target) {
                    json_target(B, &doc, name, body, n->start_mark.line + 1);
                } else if (body->type == YAML_MAPPING_NODE) {
                    size_t vi = var_get(B, name);
                    for (yaml_node_pair_t *r = body->data.mapping.pairs.start;
                         r < body->data.mapping.pairs.top; r++) {
                        yaml_node_t *rk = yaml_document_get_node(&doc, r->key);
                        if (rk->type == YAML_SCALAR_NODE &&
                            strcmp((const char *)rk->data.scalar.value, "default") == 0)
                            json_attr(&B->v[vi].def, yaml_document_get_node(&doc, r->value));
                    }
                }
            }
        }
    }
    yaml_document_delete(&doc);
    return 0;
}

/* --- resolving targets -------------------------------------------------------------- */

typedef struct eff {
    const battr *context, *dockerfile, *stage;
    bool inline_df;
    bool cycle, bad_inherits;
    const char *missing; /* a parent that is not defined */
} eff;

static size_t target_find(const bake *B, const char *name)
{
    for (size_t i = 0; i < B->nt; i++)
        if (strcmp(B->t[i].name, name) == 0)
            return i;
    return SIZE_MAX;
}

static void resolve(const bake *B, size_t ti, eff *e, bool *visiting, lf_strv *names, int depth)
{
    if (visiting[ti] || depth > 32) {
        e->cycle = true;
        return;
    }
    visiting[ti] = true;
    const btarget *t = &B->t[ti];
    if (t->inherits_state == A_OTHER)
        e->bad_inherits = true;
    for (size_t i = 0; i < t->inherits.n; i++) {
        lf_buf nm = LF_BUF_INIT, why = LF_BUF_INIT;
        size_t pi = SIZE_MAX;
        if (decode(B, t->inherits.items[i].s, &nm, &why, 0) == 0)
            pi = target_find(B, nm.data ? nm.data : "");
        if (pi == SIZE_MAX) {
            if (!e->missing) {
                lf_strv_push(names, t->inherits.items[i].s, t->inherits.items[i].len);
                e->missing = names->items[names->n - 1].s;
            }
        } else {
            resolve(B, pi, e, visiting, names, depth + 1);
        }
        lf_buf_free(&nm);
        lf_buf_free(&why);
    }
    if (t->context.state != A_UNSET)
        e->context = &t->context;
    if (t->dockerfile.state != A_UNSET)
        e->dockerfile = &t->dockerfile;
    if (t->stage.state != A_UNSET)
        e->stage = &t->stage;
    if (t->inline_df)
        e->inline_df = true;
    visiting[ti] = false;
}

/* The value of an effective attribute; false (with a note) when the target
 * must be skipped. */
static bool value(bake *B, const btarget *t, const battr *a, const char *what, const char *dflt,
                  lf_buf *out)
{
    if (!a) {
        lf_buf_adds(out, dflt);
        return true;
    }
    lf_buf why = LF_BUF_INIT;
    bool ok = false;
    if (a->state != A_STRING)
        lf_builds_note(B->out, B->path, a->line, "target `%s`: `%s` is not a plain string; skipped",
                       t->name, what);
    else if (decode(B, a->raw, out, &why, 0) != 0)
        lf_builds_note(B->out, B->path, a->line,
                       "target `%s`: `%s` needs `${%s}`, which has no literal default here; "
                       "skipped",
                       t->name, what, lf_buf_cstr(&why));
    else
        ok = true;
    lf_buf_free(&why);
    return ok;
}

/* Adds the build of target t; its stage (the `target` attribute, NULL when
 * unset) when it can be known, else a note and the build without it. */
static void add_target(bake *B, const btarget *t, const battr *stage, const char *ctx,
                       const char *df)
{
    lf_buf st = LF_BUF_INIT, why = LF_BUF_INIT;
    bool known = false;
    if (stage && stage->state != A_STRING)
        lf_builds_note(B->out, B->path, stage->line,
                       "target `%s`: `target` is not a plain string; its stage is not known",
                       t->name);
    else if (stage && decode(B, stage->raw, &st, &why, 0) != 0)
        lf_builds_note(B->out, B->path, stage->line,
                       "target `%s`: `target` needs `${%s}`, which has no literal default here; "
                       "its stage is not known",
                       t->name, lf_buf_cstr(&why));
    else if (stage)
        known = st.len > 0;
    lf_builds_add_as(B->out, LF_EVIDENCE_BAKE, NULL, B->path, t->line, ctx, df,
                     known ? st.data : NULL);
    lf_buf_free(&st);
    lf_buf_free(&why);
}

static void emit(bake *B)
{
    bool *visiting = calloc(B->nt + 1, sizeof *visiting);
    if (!visiting)
        abort();
    lf_strv names = LF_STRV_INIT;
    for (size_t i = 0; i < B->nt; i++) {
        const btarget *t = &B->t[i];
        eff e = {0};
        resolve(B, i, &e, visiting, &names, 0);
        memset(visiting, 0, B->nt * sizeof *visiting);
        lf_buf ctx = LF_BUF_INIT, df = LF_BUF_INIT;
        if (e.cycle)
            lf_builds_note(B->out, B->path, t->line, "target `%s`: `inherits` is circular; skipped",
                           t->name);
        else if (e.bad_inherits)
            lf_builds_note(B->out, B->path, t->line,
                           "target `%s`: `inherits` is not a list of strings; skipped", t->name);
        else if (e.missing)
            lf_builds_note(B->out, B->path, t->line,
                           "target `%s` inherits `%s`, which is not defined here; skipped", t->name,
                           e.missing);
        else if (e.inline_df)
            lf_builds_note(B->out, B->path, t->line,
                           "target `%s`: the Dockerfile is inline (`dockerfile-inline`); "
                           "skipped",
                           t->name);
        else if (value(B, t, e.context, "context", ".", &ctx) &&
                 value(B, t, e.dockerfile, "dockerfile", "Dockerfile", &df)) {
            if (lf_build_context_is_remote(lf_buf_cstr(&ctx)))
                lf_builds_note(B->out, B->path, t->line,
                               "target `%s`: the build context `%s` is remote, not a directory "
                               "here; skipped",
                               t->name, ctx.data);
            else
                add_target(B, t, e.stage, lf_buf_cstr(&ctx), lf_buf_cstr(&df));
        }
        lf_buf_free(&ctx);
        lf_buf_free(&df);
    }
    lf_strv_free(&names);
    free(visiting);
}

/* --- entry points ------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int lf_bake_parse(lf_builds *out, const char *path, const char *text, size_t len, lf_buf *err)
{
    bake B = {.path = path, .out = out, .json = ends_with(path, ".json")};
    int rc = 0;
    if (B.json) {
        rc = parse_json(&B, text, len, err);
    } else {
        lex L = {.s = text, .n = len, .line = 1};
        parse_body(&B, &L, 0, SIZE_MAX, SIZE_MAX);
    }
    if (rc == 0)
        emit(&B);
    bake_free(&B);
    return rc;
}

int lf_bake_load(lf_builds *out, const char *path, lf_buf *err)
{
    lf_buf text = LF_BUF_INIT;
    int rc = lf_builds_read_file(path, &text, err);
    if (rc == 0)
        rc = lf_bake_parse(out, path, lf_buf_cstr(&text), text.len, err);
    lf_buf_free(&text);
    return rc;
}
