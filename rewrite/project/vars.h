/*
 * A small table of variables (name -> value), for the variables that compose
 * files, CI files, Makefiles and shell scripts define with literal values.
 * A later set of the same name replaces the value.
 */
#ifndef LF_VARS_H
#define LF_VARS_H

#include "strv.h"

#include <stddef.h>

typedef struct lf_vars {
    lf_strv names, values;
} lf_vars;

void lf_vars_set(lf_vars *v, const char *name, size_t nlen, const char *value, size_t vlen);
/* The value, or NULL when name is not set; the name is s[0..n). */
const char *lf_vars_getn(const lf_vars *v, const char *name, size_t n);
const char *lf_vars_get(const lf_vars *v, const char *name);
void lf_vars_unset(lf_vars *v, const char *name);
/* Copies every variable of from into to. */
void lf_vars_copy(lf_vars *to, const lf_vars *from);
void lf_vars_free(lf_vars *v);

#endif
