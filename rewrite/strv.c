/*
 * lf_strv: vector of owned byte strings (see strv.h). String copies go through
 * lf_buf so the project has one string allocator; only the item array is
 * managed here.
 */
#include "strv.h"

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>

void lf_strv_push(lf_strv *v, const char *s, size_t len)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        lf_str *items = realloc(v->items, cap * sizeof *items);
        if (!items) {
            fputs("layerfix: out of memory\n", stderr);
            abort();
        }
        v->items = items;
        v->cap = cap;
    }
    lf_buf b = LF_BUF_INIT;
    lf_buf_add(&b, s, len);
    /* lf_buf_detach always returns an allocated, terminated string, even for len 0. */
    v->items[v->n].s = lf_buf_detach(&b, &v->items[v->n].len);
    v->n++;
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
