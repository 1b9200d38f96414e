/*
 * Strict JSON validation and string decoding for exec-form arguments (see
 * json.h). Invariants: the cursor never passes `end`; nothing is appended to
 * the caller's vector unless the whole text is a valid array of strings.
 * Nested values are validated iteratively with an explicit stack so that
 * hostile nesting cannot overflow the C stack.
 */
#include "json.h"

#include "buf.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Go's encoding/json scanner refuses more open arrays/objects than this. */
#define LF_JSON_MAX_DEPTH 10000

typedef struct {
    const char *p;
    const char *end;
    int overflow; /* a number did not fit a float64: Go's Unmarshal fails */
} lf_json__cur;

static void lf_json__ws(lf_json__cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

static int lf_json__hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at p (caller checked there are 4 bytes); -1 if not hex. */
static long lf_json__u4(const char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = lf_json__hexval(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Validates a string starting at the opening quote; on success the cursor is
 * after the closing quote and, when dec is not NULL, the decoded bytes were
 * appended to dec following Go's unquote. Returns 0 or -1. */
static int lf_json__string(lf_json__cur *c, lf_buf *dec)
{
    const char *p = c->p + 1;
    while (p < c->end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"') {
            c->p = p + 1;
            return 0;
        }
        if (ch < 0x20)
            return -1;
        if (ch == '\\') {
            if (p + 1 >= c->end)
                return -1;
            char e = p[1];
            const char *simple = strchr("\"\\/bfnrt", e);
            if (e != 0 && simple) {
                static const char map[] = "\"\\/\b\f\n\r\t";
                if (dec)
                    lf_buf_addc(dec, map[simple - "\"\\/bfnrt"]);
                p += 2;
                continue;
            }
            if (e != 'u' || c->end - p < 6)
                return -1;
            long r = lf_json__u4(p + 2);
            if (r < 0)
                return -1;
            p += 6;
            if (r >= 0xD800 && r <= 0xDFFF) {
                /* Go pairs a high surrogate with an immediately following low
                 * one; anything else is one U+FFFD for this escape alone. */
                long r2 = -1;
                if (r < 0xDC00 && c->end - p >= 6 && p[0] == '\\' && p[1] == 'u')
                    r2 = lf_json__u4(p + 2);
                if (r2 >= 0xDC00 && r2 <= 0xDFFF) {
                    r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
                    p += 6;
                } else {
                    r = LF_UTF8_REPLACEMENT;
                }
            }
            if (dec) {
                char u[4];
                lf_buf_add(dec, u, lf_utf8_encode(u, (uint32_t)r));
            }
            continue;
        }
        if (ch < 0x80) {
            if (dec)
                lf_buf_addc(dec, (char)ch);
            p++;
            continue;
        }
        uint32_t cp;
        size_t n = lf_utf8_decode(p, (size_t)(c->end - p), &cp);
        if (dec) {
            if (lf_utf8_is_bad(cp, n))
                lf_buf_add(dec, "\xEF\xBF\xBD", 3);
            else
                lf_buf_add(dec, p, n);
        }
        p += n;
    }
    return -1;
}

static int lf_json__digits(lf_json__cur *c)
{
    const char *start = c->p;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
        c->p++;
    return c->p > start ? 0 : -1;
}

/* Go's json turns a number into a float64 when decoding into interface{},
 * and fails when strconv.ParseFloat reports overflow. strtod rounds the same
 * way (correctly rounded, overflow -> HUGE_VAL with ERANGE). The number is
 * rewritten without a decimal point so the C locale's radix does not matter. */
static void lf_json__check_range(lf_json__cur *c, const char *num, size_t len)
{
    lf_buf b = LF_BUF_INIT;
    size_t i = 0;
    long long frac_digits = 0, exp = 0;
    if (num[i] == '-')
        lf_buf_addc(&b, num[i++]);
    while (i < len && num[i] >= '0' && num[i] <= '9')
        lf_buf_addc(&b, num[i++]);
    if (i < len && num[i] == '.') {
        i++;
        while (i < len && num[i] >= '0' && num[i] <= '9') {
            lf_buf_addc(&b, num[i++]);
            frac_digits++;
        }
    }
    if (i < len && (num[i] == 'e' || num[i] == 'E')) {
        i++;
        int neg = 0;
        if (num[i] == '+' || num[i] == '-')
            neg = num[i++] == '-';
        for (; i < len; i++) {
            /* Clamp: beyond this every non-zero mantissa over- or underflows. */
            if (exp < 100000000)
                exp = exp * 10 + (num[i] - '0');
        }
        if (neg)
            exp = -exp;
    }
    lf_buf_printf(&b, "e%lld", exp - frac_digits);
    errno = 0;
    double d = strtod(lf_buf_cstr(&b), NULL);
    if (errno == ERANGE && isinf(d))
        c->overflow = 1;
    lf_buf_free(&b);
}

static int lf_json__number(lf_json__cur *c)
{
    const char *start = c->p;
    if (c->p < c->end && *c->p == '-')
        c->p++;
    if (c->p >= c->end)
        return -1;
    if (*c->p == '0')
        c->p++;
    else if (lf_json__digits(c) < 0)
        return -1;
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        if (lf_json__digits(c) < 0)
            return -1;
    }
    if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
            c->p++;
        if (lf_json__digits(c) < 0)
            return -1;
    }
    lf_json__check_range(c, start, (size_t)(c->p - start));
    return 0;
}

static int lf_json__literal(lf_json__cur *c, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
        return -1;
    c->p += n;
    return 0;
}

/* Validates one scalar (string, number, true/false/null); -1 if none. */
static int lf_json__scalar(lf_json__cur *c)
{
    if (c->p >= c->end)
        return -1;
    switch (*c->p) {
    case '"':
        return lf_json__string(c, NULL);
    case 't':
        return lf_json__literal(c, "true");
    case 'f':
        return lf_json__literal(c, "false");
    case 'n':
        return lf_json__literal(c, "null");
    default:
        return lf_json__number(c);
    }
}

/* Validates any JSON value at the cursor, which already sits `depth`
 * containers deep. Iterative: `stack` holds the open '[' / '{'. */
static int lf_json__value(lf_json__cur *c, int depth)
{
    lf_buf stack = LF_BUF_INIT;
    int rc = -1;
    for (;;) {
        /* Expect a value. */
        lf_json__ws(c);
        if (c->p >= c->end)
            goto out;
        if (*c->p == '[' || *c->p == '{') {
            char open = *c->p++;
            if (depth + (int)stack.len + 1 > LF_JSON_MAX_DEPTH)
                goto out;
            lf_buf_addc(&stack, open);
            lf_json__ws(c);
            if (c->p < c->end && *c->p == (open == '[' ? ']' : '}')) {
                c->p++;
                stack.data[--stack.len] = 0;
            } else if (open == '{') {
                /* First member: key string, colon, then loop for the value. */
                if (c->p >= c->end || *c->p != '"' || lf_json__string(c, NULL) < 0)
                    goto out;
                lf_json__ws(c);
                if (c->p >= c->end || *c->p != ':')
                    goto out;
                c->p++;
                continue;
            } else {
                continue;
            }
        } else if (lf_json__scalar(c) < 0) {
            goto out;
        }
        /* After a value: close containers or move to the next member. */
        for (;;) {
            if (stack.len == 0) {
                rc = 0;
                goto out;
            }
            char top = stack.data[stack.len - 1];
            lf_json__ws(c);
            if (c->p >= c->end)
                goto out;
            if (*c->p == (top == '[' ? ']' : '}')) {
                c->p++;
                stack.data[--stack.len] = 0;
                continue;
            }
            if (*c->p != ',')
                goto out;
            c->p++;
            if (top == '{') {
                lf_json__ws(c);
                if (c->p >= c->end || *c->p != '"' || lf_json__string(c, NULL) < 0)
                    goto out;
                lf_json__ws(c);
                if (c->p >= c->end || *c->p != ':')
                    goto out;
                c->p++;
            }
            break;
        }
    }
out:
    lf_buf_free(&stack);
    return rc;
}

lf_json_kind lf_json_string_array(const char *s, size_t len, lf_strv *out)
{
    size_t skip = lf_utf8_space_prefix(s, len);
    lf_json__cur c = {s + skip, s + len, 0};
    if (c.p >= c.end || *c.p != '[')
        return LF_JSON_NOT_JSON;
    c.p++;

    size_t keep = out->n;
    int non_string = 0;
    lf_buf dec = LF_BUF_INIT;
    lf_json_kind kind = LF_JSON_NOT_JSON;

    lf_json__ws(&c);
    if (c.p < c.end && *c.p == ']') {
        c.p++;
    } else {
        for (;;) {
            lf_json__ws(&c);
            if (c.p < c.end && *c.p == '"') {
                lf_buf_clear(&dec);
                if (lf_json__string(&c, &dec) < 0)
                    goto fail;
                if (!non_string)
                    lf_strv_push(out, lf_buf_cstr(&dec), dec.len);
            } else {
                non_string = 1;
                if (lf_json__value(&c, 1) < 0)
                    goto fail;
            }
            lf_json__ws(&c);
            if (c.p < c.end && *c.p == ',') {
                c.p++;
                continue;
            }
            if (c.p < c.end && *c.p == ']') {
                c.p++;
                break;
            }
            goto fail;
        }
    }
    lf_json__ws(&c);
    if (c.p != c.end || c.overflow)
        goto fail;
    kind = non_string ? LF_JSON_NOT_STRINGS : LF_JSON_STRINGS;
    if (kind == LF_JSON_STRINGS) {
        lf_buf_free(&dec);
        return kind;
    }
fail:
    lf_strv_truncate(out, keep);
    lf_buf_free(&dec);
    return kind;
}
