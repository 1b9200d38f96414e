/*
 * A small table of variables (name -> value), for the variables that compose
 * files, CI files, Makefiles and shell scripts define with literal values.
 * A later set of the same name replaces the value.
 */
#ifndef LF_STRMAP_H
#define LF_STRMAP_H

#include "strv.h"

#include <stddef.h>

typedef struct lf_strmap {
    lf_strv names, values;
} lf_strmap;

void lf_strmap_set(lf_strmap *v, const char *name, size_t nlen, const char *value, size_t vlen);
/* The value, or NULL when name is not set; the name is s[0..n). */
const char *lf_strmap_getn(const lf_strmap *v, const char *name, size_t n);
const char *lf_strmap_get(const lf_strmap *v, const char *name);
void lf_strmap_unset(lf_strmap *v, const char *name);
/* Copies every variable of from into to. */
void lf_strmap_copy(lf_strmap *to, const lf_strmap *from);
void lf_strmap_free(lf_strmap *v);

#endif
