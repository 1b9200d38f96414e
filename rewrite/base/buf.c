/* lf_buf: growable byte string; see buf.h for the invariants. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *lf_buf__xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("layerfix: out of memory\n", stderr);
        abort();
    }
    return q;
}

void lf_buf_grow(lf_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = lf_buf__xrealloc(b->data, cap);
    b->cap = cap;
}

void lf_buf_add(lf_buf *b, const void *data, size_t len)
{
    lf_buf_grow(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
}

void lf_buf_adds(lf_buf *b, const char *s)
{
    lf_buf_add(b, s, strlen(s));
}

void lf_buf_addc(lf_buf *b, char c)
{
    lf_buf_add(b, &c, 1);
}

void lf_buf_vprintf(lf_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    lf_buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void lf_buf_printf(lf_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void lf_buf_clear(lf_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}

char *lf_buf_detach(lf_buf *b, size_t *len_out)
{
    if (!b->data)
        lf_buf_grow(b, 0), b->data[0] = 0;
    char *d = b->data;
    if (len_out)
        *len_out = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void lf_buf_free(lf_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *lf_buf_cstr(const lf_buf *b)
{
    return b->data ? b->data : "";
}

void lf_format_bytes(unsigned long long b, char *buf, size_t cap)
{
    if (b < 1024)
        snprintf(buf, cap, "%llu B", b);
    else if (b < 1024ull * 1024)
        snprintf(buf, cap, "%.1f KiB", (double)b / 1024.0);
    else if (b < 1024ull * 1024 * 1024)
        snprintf(buf, cap, "%.1f MiB", (double)b / (1024.0 * 1024.0));
    else
        snprintf(buf, cap, "%.1f GiB", (double)b / (1024.0 * 1024.0 * 1024.0));
}
