/* The tests' JSON reader (see testjson.h). */
#include "testjson.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for any expectation file; keeps hostile input off the stack. */
#define TJ_MAX_DEPTH 64

typedef struct {
    const char *p, *start, *end;
    char *err;
    size_t errsize;
    int failed;
} tj_reader;

static void tj_fail(tj_reader *r, const char *what)
{
    if (r->failed)
        return;
    r->failed = 1;
    if (r->err && r->errsize > 0)
        snprintf(r->err, r->errsize, "offset %zu: %s", (size_t)(r->p - r->start), what);
}

static void tj_ws(tj_reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* A growable byte string, local so the reader shares no code with the
 * project. */
typedef struct {
    char *data;
    size_t len, cap;
} tj_str;

static void tj_str_add(tj_str *s, const char *data, size_t len)
{
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 16;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (!d)
            abort();
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = 0;
}

static size_t tj_utf8(char out[4], unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int tj_hex4(tj_reader *r, unsigned long *out)
{
    if (r->end - r->p < 4) {
        tj_fail(r, "truncated \\u escape");
        return -1;
    }
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = r->p[i];
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (d < 0) {
            tj_fail(r, "bad hex digit in \\u escape");
            return -1;
        }
        v = v * 16 + (unsigned long)d;
    }
    r->p += 4;
    *out = v;
    return 0;
}

/* A string at r->p (which is at the opening quote). Returns 0 and the
 * decoded bytes in out. */
static int tj_string(tj_reader *r, tj_str *out)
{
    r->p++; /* " */
    tj_str_add(out, "", 0);
    for (;;) {
        if (r->p >= r->end) {
            tj_fail(r, "unterminated string");
            return -1;
        }
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') {
            r->p++;
            return 0;
        }
        if (c < 0x20) {
            tj_fail(r, "control character in a string");
            return -1;
        }
        if (c != '\\') {
            tj_str_add(out, r->p++, 1);
            continue;
        }
        if (r->end - r->p < 2) {
            tj_fail(r, "truncated escape");
            return -1;
        }
        char e = r->p[1];
        r->p += 2;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *hit = e ? strchr(from, e) : NULL;
        if (hit) {
            tj_str_add(out, &to[hit - from], 1);
            continue;
        }
        if (e != 'u') {
            tj_fail(r, "unknown escape");
            return -1;
        }
        unsigned long cp, lo;
        if (tj_hex4(r, &cp) != 0)
            return -1;
        if (cp >= 0xDC00 && cp < 0xE000) {
            tj_fail(r, "lone low surrogate");
            return -1;
        }
        if (cp >= 0xD800 && cp < 0xDC00) {
            if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u') {
                tj_fail(r, "high surrogate without its low half");
                return -1;
            }
            r->p += 2;
            if (tj_hex4(r, &lo) != 0)
                return -1;
            if (lo < 0xDC00 || lo >= 0xE000) {
                tj_fail(r, "high surrogate without its low half");
                return -1;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        char u[4];
        tj_str_add(out, u, tj_utf8(u, cp));
    }
}

static int tj_number(tj_reader *r, double *out)
{
    const char *s = r->p;
    const char *p = s;
    if (p < r->end && *p == '-')
        p++;
    if (p < r->end && *p == '0') {
        p++;
    } else if (p < r->end && *p >= '1' && *p <= '9') {
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    } else {
        tj_fail(r, "bad number");
        return -1;
    }
    if (p < r->end && *p == '.') {
        p++;
        if (p >= r->end || *p < '0' || *p > '9') {
            tj_fail(r, "bad fraction");
            return -1;
        }
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= r->end || *p < '0' || *p > '9') {
            tj_fail(r, "bad exponent");
            return -1;
        }
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    char tmp[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof tmp) {
        tj_fail(r, "number too long");
        return -1;
    }
    memcpy(tmp, s, n);
    tmp[n] = 0;
    *out = strtod(tmp, NULL);
    r->p = p;
    return 0;
}

static int tj_literal(tj_reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) {
        tj_fail(r, "unexpected character");
        return -1;
    }
    r->p += n;
    return 0;
}

static void tj_clear(lf_tj *v)
{
    free(v->str);
    for (size_t i = 0; i < v->n; i++) {
        tj_clear(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    memset(v, 0, sizeof *v);
}

static int tj_value(tj_reader *r, lf_tj *v, int depth);

/* The members of an array or object, r->p just after the opening bracket. */
static int tj_container(tj_reader *r, lf_tj *v, int depth, char close)
{
    size_t cap = 0;
    tj_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    for (;;) {
        if (v->n == cap) {
            cap = cap ? cap * 2 : 8;
            lf_tj *items = realloc(v->items, cap * sizeof *items);
            if (!items)
                abort();
            v->items = items;
            if (v->type == LF_TJ_OBJECT) {
                char **keys = realloc(v->keys, cap * sizeof *keys);
                if (!keys)
                    abort();
                v->keys = keys;
            }
        }
        lf_tj *item = &v->items[v->n];
        memset(item, 0, sizeof *item);
        if (v->type == LF_TJ_OBJECT) {
            tj_ws(r);
            if (r->p >= r->end || *r->p != '"') {
                tj_fail(r, "expected a member name");
                return -1;
            }
            tj_str key = {0};
            if (tj_string(r, &key) != 0) {
                free(key.data);
                return -1;
            }
            v->keys[v->n] = key.data;
            v->n++; /* the value slot is zeroed: tj_clear can free it whatever happens */
            tj_ws(r);
            if (r->p >= r->end || *r->p != ':') {
                tj_fail(r, "expected ':'");
                return -1;
            }
            r->p++;
        } else {
            v->n++;
        }
        if (tj_value(r, item, depth + 1) != 0)
            return -1;
        tj_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return 0;
        }
        tj_fail(r, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
        return -1;
    }
}

static int tj_value(tj_reader *r, lf_tj *v, int depth)
{
    if (depth > TJ_MAX_DEPTH) {
        tj_fail(r, "nested too deeply");
        return -1;
    }
    tj_ws(r);
    if (r->p >= r->end) {
        tj_fail(r, "expected a value");
        return -1;
    }
    switch (*r->p) {
    case '{':
    case '[':
        v->type = *r->p == '{' ? LF_TJ_OBJECT : LF_TJ_ARRAY;
        r->p++;
        return tj_container(r, v, depth, v->type == LF_TJ_OBJECT ? '}' : ']');
    case '"': {
        tj_str s = {0};
        v->type = LF_TJ_STRING;
        int rc = tj_string(r, &s);
        v->str = s.data;
        v->len = s.len;
        return rc;
    }
    case 't':
        v->type = LF_TJ_BOOL;
        v->boolean = 1;
        return tj_literal(r, "true");
    case 'f':
        v->type = LF_TJ_BOOL;
        return tj_literal(r, "false");
    case 'n':
        v->type = LF_TJ_NULL;
        return tj_literal(r, "null");
    default:
        v->type = LF_TJ_NUMBER;
        return tj_number(r, &v->number);
    }
}

lf_tj *lf_tj_parse(const char *data, size_t len, char *err, size_t errsize)
{
    tj_reader r = {data, data, data + len, err, errsize, 0};
    lf_tj *v = calloc(1, sizeof *v);
    if (!v)
        abort();
    if (tj_value(&r, v, 0) == 0) {
        tj_ws(&r);
        if (r.p == r.end)
            return v;
        tj_fail(&r, "text after the value");
    }
    lf_tj_free(v);
    return NULL;
}

lf_tj *lf_tj_read_file(const char *path)
{
    size_t len;
    char *data = lf_test_read_file(path, &len);
    if (!data) {
        print_error("%s: cannot read\n", path);
        return NULL;
    }
    char err[128];
    lf_tj *v = lf_tj_parse(data, len, err, sizeof err);
    if (!v)
        print_error("%s: invalid JSON: %s\n", path, err);
    free(data);
    return v;
}

void lf_tj_free(lf_tj *v)
{
    if (!v)
        return;
    tj_clear(v);
    free(v);
}

const lf_tj *lf_tj_get(const lf_tj *obj, const char *key)
{
    if (!obj || obj->type != LF_TJ_OBJECT)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < obj->n; i++)
        if (strlen(obj->keys[i]) == kl && memcmp(obj->keys[i], key, kl) == 0)
            return &obj->items[i];
    return NULL;
}

const lf_tj *lf_tj_at(const lf_tj *arr, size_t i)
{
    if (!arr || arr->type != LF_TJ_ARRAY || i >= arr->n)
        return NULL;
    return &arr->items[i];
}

size_t lf_tj_count(const lf_tj *v)
{
    return v && (v->type == LF_TJ_ARRAY || v->type == LF_TJ_OBJECT) ? v->n : 0;
}

static const lf_tj *tj_need(const lf_tj *v, lf_tj_type type, const char *what)
{
    static const char *const names[] = {"null",     "a boolean", "a number",
                                        "a string", "an array",  "an object"};
    if (!v)
        fail_msg("JSON: %s is missing (expected %s)", what, names[type]);
    else if (v->type != type)
        fail_msg("JSON: %s is %s, expected %s", what, names[v->type], names[type]);
    return v;
}

const char *lf_tj_str(const lf_tj *v, const char *what, size_t *len_out)
{
    tj_need(v, LF_TJ_STRING, what);
    if (len_out)
        *len_out = v->len;
    return v->str;
}

long lf_tj_int(const lf_tj *v, const char *what)
{
    tj_need(v, LF_TJ_NUMBER, what);
    if (!(v->number > -1e15 && v->number < 1e15) || (double)(long)v->number != v->number)
        fail_msg("JSON: %s is %g, expected an integer", what, v->number);
    return (long)v->number;
}

int lf_tj_bool(const lf_tj *v, const char *what)
{
    return tj_need(v, LF_TJ_BOOL, what)->boolean;
}

const lf_tj *lf_tj_array(const lf_tj *v, const char *what)
{
    return tj_need(v, LF_TJ_ARRAY, what);
}

const lf_tj *lf_tj_object(const lf_tj *v, const char *what)
{
    return tj_need(v, LF_TJ_OBJECT, what);
}
