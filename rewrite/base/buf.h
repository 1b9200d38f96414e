/*
 * lf_buf: the one growable byte string of the project (like git's strbuf).
 * Invariant: data is always NUL-terminated (data[len] == 0) once anything was
 * added, so it can be handed to C string functions; it may also hold NULs.
 * A zeroed lf_buf (LF_BUF_INIT) is empty and owns nothing.
 */
#ifndef LF_BUF_H
#define LF_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct lf_buf {
    char *data;
    size_t len;
    size_t cap;
} lf_buf;

#define LF_BUF_INIT                                                                                \
    {                                                                                              \
        0                                                                                          \
    }

void lf_buf_grow(lf_buf *b, size_t extra);
void lf_buf_add(lf_buf *b, const void *data, size_t len);
void lf_buf_adds(lf_buf *b, const char *s);
void lf_buf_addc(lf_buf *b, char c);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void lf_buf_printf(lf_buf *b, const char *fmt, ...);
void lf_buf_vprintf(lf_buf *b, const char *fmt, va_list ap);
void lf_buf_clear(lf_buf *b);
/* Returns the NUL-terminated data and leaves b empty; the caller frees it. */
char *lf_buf_detach(lf_buf *b, size_t *len_out);
void lf_buf_free(lf_buf *b);
/* A string view into the data (never NULL: "" when empty). */
const char *lf_buf_cstr(const lf_buf *b);

/* A byte count for people: "812 B", "39.6 KiB", "1.2 MiB", "3.0 GiB". */
void lf_format_bytes(unsigned long long b, char *buf, size_t cap);

#endif
