/*
 * Variables as a Dockerfile and its RUNs see them: ENV and ARG of a stage
 * (with the base image's known environment), `export` in a RUN, `NAME=x`
 * before a command; and the expansion of a word the way BuildKit expands
 * ENV/WORKDIR/USER/COPY words, or the shell a simple word.
 */
#ifndef LF_VARS_H
#define LF_VARS_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_var {
    char *name;
    char *value; /* NULL: set to something we cannot know */
    size_t line; /* where it was set (0: the base image, or a RUN) */
    bool from_env;
} lf_var;

typedef struct lf_vars {
    lf_var *items;
    size_t n, cap;
} lf_vars;

/* The latest setting of name, or NULL. */
const lf_var *lf_vars_find(const lf_vars *v, const char *name);
void lf_vars_set(lf_vars *v, const char *name, const char *value, size_t line, bool from_env);
void lf_vars_copy(lf_vars *dst, const lf_vars *src);
void lf_vars_free(lf_vars *v);

/* The variables a lookup sees, innermost first (NULL layers are skipped),
 * and the HOME a shell's `~` stands for (NULL: unknown). */
typedef struct lf_scope {
    const lf_vars *layers[3];
    const char *home;
} lf_scope;

/* 1 set (value in *out), 0 unset, -1 set to something unknown. */
int lf_scope_get(const lf_scope *sc, const char *name, const char **out);

/*
 * Expands s[0..n) into out: quotes removed, `$NAME`, `${NAME}`,
 * `${NAME:-x}` and `${NAME-x}` replaced; esc is the escape character
 * (Dockerfile words: the file's; shell words: '\\' or 0 when the quotes
 * were already removed); shell: `~` at the start is HOME. Returns false when
 * the result depends on what is not known: a variable not set in the
 * Dockerfile (it may come from the base image or a build argument), a
 * command substitution, an operator we do not model.
 */
bool lf_expand(const char *s, size_t n, char esc, bool shell, const lf_scope *sc, lf_buf *out);

/* A character of a variable name (letters, digits, `_`). */
bool lf_var_char(char c);
/* Is name[0..nl) a whole word of s[0..n) (no name character on either
 * side), the way shell text, scripts and Makefiles name a variable? */
bool lf_names_var(const char *s, size_t n, const char *name, size_t nl);

/* Does the shell word s[0..n) (quotes as written) hold an expansion: `$`
 * or a backquote outside single quotes? */
bool lf_has_expansion(const char *s, size_t n);

#endif
