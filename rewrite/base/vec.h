/*
 * The one growable-array helper: LF_VEC_PUSH(items, n, cap) makes room for one
 * more element in a (T *items, size_t n, size_t cap) triple and evaluates to a
 * pointer to the new slot, zeroed (also when a list is reused after n = 0).
 * Aborts on out-of-memory like lf_buf.
 */
#ifndef LF_VEC_H
#define LF_VEC_H

#include <stddef.h>
#include <string.h>

void *lf_vec_grow(void *items, size_t *cap, size_t need, size_t elem);

#define LF_VEC_PUSH(items, n, cap)                                                                 \
    ((items) = lf_vec_grow((items), &(cap), (n) + 1, sizeof *(items)),                             \
     memset(&(items)[(n)], 0, sizeof *(items)), &(items)[(n)++])

#endif
