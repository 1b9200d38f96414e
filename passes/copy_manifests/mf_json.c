/*
 * A small JSON reader for the manifests the rules read (package.json,
 * composer.json): a tree of objects, arrays and strings (see mf.h). Any
 * other scalar is kept only as being there; text it cannot read makes the
 * install a skip.
 */
#include "mf.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

void mf_jv_free(jv *v)
{
    for (size_t i = 0; i < v->n; i++)
        mf_jv_free(&v->kids[i]);
    free(v->kids);
    free(v->key);
    free(v->str);
    memset(v, 0, sizeof *v);
}

typedef struct jin {
    const char *s, *end;
} jin;

static void j_ws(jin *in)
{
    while (in->s < in->end && (*in->s == ' ' || *in->s == '\t' || *in->s == '\n' || *in->s == '\r'))
        in->s++;
}

static void utf8_put(lf_buf *b, unsigned cp)
{
    if (cp < 0x80) {
        lf_buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        lf_buf_addc(b, (char)(0xC0 | (cp >> 6)));
        lf_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        lf_buf_addc(b, (char)(0xE0 | (cp >> 12)));
        lf_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        lf_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        lf_buf_addc(b, (char)(0xF0 | (cp >> 18)));
        lf_buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        lf_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        lf_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

static bool j_hex4(jin *in, unsigned *out)
{
    if (in->end - in->s < 4)
        return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *in->s++;
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return false;
    }
    *out = v;
    return true;
}

static bool j_string(jin *in, char **out)
{
    if (in->s >= in->end || *in->s != '"')
        return false;
    in->s++;
    lf_buf b = LF_BUF_INIT;
    lf_buf_adds(&b, "");
    while (in->s < in->end && *in->s != '"') {
        char c = *in->s++;
        if (c != '\\') {
            lf_buf_addc(&b, c);
            continue;
        }
        if (in->s >= in->end)
            break;
        c = *in->s++;
        unsigned cp;
        switch (c) {
        case 'b':
            lf_buf_addc(&b, '\b');
            break;
        case 'f':
            lf_buf_addc(&b, '\f');
            break;
        case 'n':
            lf_buf_addc(&b, '\n');
            break;
        case 'r':
            lf_buf_addc(&b, '\r');
            break;
        case 't':
            lf_buf_addc(&b, '\t');
            break;
        case 'u':
            if (!j_hex4(in, &cp)) {
                lf_buf_free(&b);
                return false;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && in->end - in->s >= 6 && in->s[0] == '\\' &&
                in->s[1] == 'u') {
                unsigned lo;
                in->s += 2;
                if (j_hex4(in, &lo) && lo >= 0xDC00 && lo < 0xE000)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            utf8_put(&b, cp);
            break;
        default:
            lf_buf_addc(&b, c);
        }
    }
    if (in->s >= in->end) {
        lf_buf_free(&b);
        return false;
    }
    in->s++;
    *out = lf_buf_detach(&b, NULL);
    return true;
}

static bool j_value(jin *in, jv *v, int depth)
{
    j_ws(in);
    if (in->s >= in->end || depth > 64)
        return false;
    char c = *in->s;
    if (c == '"') {
        v->type = 's';
        return j_string(in, &v->str);
    }
    if (c == '{' || c == '[') {
        v->type = c == '{' ? 'o' : 'a';
        char close = c == '{' ? '}' : ']';
        in->s++;
        j_ws(in);
        if (in->s < in->end && *in->s == close) {
            in->s++;
            return true;
        }
        for (;;) {
            jv *kid = LF_VEC_PUSH(v->kids, v->n, v->cap);
            if (v->type == 'o') {
                j_ws(in);
                if (!j_string(in, &kid->key))
                    return false;
                j_ws(in);
                if (in->s >= in->end || *in->s != ':')
                    return false;
                in->s++;
            }
            if (!j_value(in, kid, depth + 1))
                return false;
            j_ws(in);
            if (in->s >= in->end)
                return false;
            if (*in->s == ',') {
                in->s++;
                continue;
            }
            if (*in->s != close)
                return false;
            in->s++;
            return true;
        }
    }
    /* true, false, null, numbers: their value never matters here */
    v->type = 'x';
    const char *start = in->s;
    while (in->s < in->end && strchr(",]} \t\r\n", *in->s) == NULL)
        in->s++;
    return in->s > start;
}

static bool json_parse(const char *text, size_t len, jv *out)
{
    memset(out, 0, sizeof *out);
    jin in = {text, text + len};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        in.s += 3;
    bool ok = j_value(&in, out, 0);
    j_ws(&in);
    if (!ok || in.s != in.end || out->type != 'o') {
        mf_jv_free(out);
        return false;
    }
    return true;
}

const jv *mf_jget(const jv *obj, const char *key)
{
    if (!obj || obj->type != 'o')
        return NULL;
    for (size_t i = obj->n; i-- > 0;) /* the last duplicate wins, as in JSON.parse */
        if (strcmp(obj->kids[i].key, key) == 0)
            return &obj->kids[i];
    return NULL;
}

/* The first string anywhere inside v that starts with one of prefixes. */
const char *mf_jfind_prefixed(const jv *v, const char *const *prefixes)
{
    if (!v)
        return NULL;
    if (v->type == 's') {
        for (size_t i = 0; prefixes[i]; i++)
            if (mf_starts_with(v->str, prefixes[i]))
                return v->str;
        return NULL;
    }
    for (size_t i = 0; i < v->n; i++) {
        const char *s = mf_jfind_prefixed(&v->kids[i], prefixes);
        if (s)
            return s;
    }
    return NULL;
}

bool mf_read_json(mctx *m, const char *path, jv *out)
{
    lf_buf text = LF_BUF_INIT;
    bool ok = mf_read_ctx(m, path, &text);
    if (ok && !json_parse(text.data, text.len, out))
        ok = mf_skipf(m, "`%s` is not JSON this pass can read", path);
    lf_buf_free(&text);
    return ok;
}
