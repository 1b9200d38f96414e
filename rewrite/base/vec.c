/* Growable arrays (see vec.h). */
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *lf_vec_grow(void *items, size_t *cap, size_t need, size_t elem)
{
    if (need > *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        while (c < need)
            c *= 2;
        void *p = realloc(items, c * elem);
        if (!p) {
            fputs("layerfix: out of memory\n", stderr);
            abort();
        }
        memset((char *)p + *cap * elem, 0, (c - *cap) * elem);
        items = p;
        *cap = c;
    }
    return items;
}
