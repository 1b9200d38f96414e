/*
 * lf_strv: a growable vector of owned byte strings.
 * Invariants: items[0..n) are valid; each items[i].s is a private copy that is
 * NUL-terminated (s[len] == 0) but may also contain NUL bytes, so always use
 * len. A zeroed lf_strv (LF_STRV_INIT) is empty and owns nothing.
 */
#ifndef LF_STRV_H
#define LF_STRV_H

#include <stddef.h>

typedef struct {
    char *s;
    size_t len;
} lf_str;

typedef struct {
    lf_str *items;
    size_t n, cap;
} lf_strv;

#define LF_STRV_INIT                                                                               \
    {                                                                                              \
        0                                                                                          \
    }

/* Appends a copy of s[0..len). Aborts on out-of-memory, like lf_buf. */
void lf_strv_push(lf_strv *v, const char *s, size_t len);
/* Frees the last items until n == keep (keep > n is a no-op). */
void lf_strv_truncate(lf_strv *v, size_t keep);
/* Frees every item and the array; v is left empty and reusable. */
void lf_strv_free(lf_strv *v);

#endif
