/*
 * UTF-8 decoding, validation and Go-compatible whitespace classes (see
 * utf8.h for the invalid-byte convention). Pure functions, no allocation.
 */
#include "utf8.h"

size_t lf_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    *cp = LF_UTF8_REPLACEMENT;
    if (len == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t r;
    /* The accepted range of the second byte is narrowed for E0/ED/F0/F4 so that
     * overlongs, surrogates and values above U+10FFFF are rejected up front. */
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        r = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        r = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        r = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 1;
    }
    if (len < need + 1)
        return 1;
    for (size_t i = 1; i <= need; i++) {
        unsigned b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return 1;
        r = (r << 6) | (b & 0x3F);
    }
    *cp = r;
    return need + 1;
}

int lf_utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = lf_utf8_decode(s + i, len - i, &cp);
        if (lf_utf8_is_bad(cp, n)) {
            if (bad_offset)
                *bad_offset = i;
            return -1;
        }
        i += n;
    }
    return 0;
}

size_t lf_utf8_encode(char out[4], uint32_t cp)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > LF_UTF8_MAX_RUNE)
        cp = LF_UTF8_REPLACEMENT;
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

int lf_utf8_is_space(uint32_t cp)
{
    if (cp < 0x100)
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0;
    return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

size_t lf_utf8_space_prefix(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = lf_utf8_decode(s + i, len - i, &cp);
        if (lf_utf8_is_bad(cp, n) || !lf_utf8_is_space(cp))
            break;
        i += n;
    }
    return i;
}

size_t lf_utf8_trim_right_len(const char *s, size_t len)
{
    /* A forward scan finds the same rune boundaries as Go's backward
     * DecodeLastRune: a valid sequence never starts inside another one. */
    size_t i = 0, keep = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = lf_utf8_decode(s + i, len - i, &cp);
        i += n;
        if (lf_utf8_is_bad(cp, n) || !lf_utf8_is_space(cp))
            keep = i;
    }
    return keep;
}
