/*
 * lf_strv: vector of owned byte strings (see strv.h). String copies go through
 * lf_buf and the item array through lf_vec, the project's two allocators.
 */
#include "strv.h"

#include "buf.h"
#include "vec.h"

#include <stdlib.h>

void lf_strv_push(lf_strv *v, const char *s, size_t len)
{
    lf_str *slot = LF_VEC_PUSH(v->items, v->n, v->cap);
    lf_buf b = LF_BUF_INIT;
    lf_buf_add(&b, s, len);
    /* lf_buf_detach always returns an allocated, terminated string, even for len 0. */
    slot->s = lf_buf_detach(&b, &slot->len);
}

void lf_strv_truncate(lf_strv *v, size_t keep)
{
    while (v->n > keep) {
        v->n--;
        free(v->items[v->n].s);
        v->items[v->n].s = NULL;
        v->items[v->n].len = 0;
    }
}

void lf_strv_free(lf_strv *v)
{
    lf_strv_truncate(v, 0);
    free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}
