/*
 * BuildKit's word processing (its shell lexer, frontend/dockerfile/shell):
 * how ENV, LABEL, ARG defaults, USER, WORKDIR, EXPOSE, VOLUME and
 * STOPSIGNAL arguments are expanded before they go into the image.
 *
 * - '...' is literal; "..." expands $ and takes \" \$ and the escape
 *   character escaped, keeping every other escape as written; outside
 *   quotes the escape character takes the next character literally;
 * - $NAME, ${NAME}, ${NAME:-WORD}, ${NAME-WORD}, ${NAME:+WORD},
 *   ${NAME+WORD}, ${NAME:?MSG}, ${NAME?MSG} (WORD is processed in turn); a
 *   `$` not followed by a name is itself; $1, $@ and the other special
 *   parameters are names that are never set.
 *
 * A variable the lookup does not know is empty, as in BuildKit, unless
 * keep_unknown is set: then it stays as written (`$NAME`, `${NAME:-WORD}`
 * with WORD processed), which is how the image configuration keeps a value
 * the base image may set (both Dockerfiles of a comparison see the same
 * base image, so equal text means an equal value).
 */
#ifndef LF_BKEXPAND_H
#define LF_BKEXPAND_H

#include "buf.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

/* Returns 1 and sets *value when name is set (value may be ""), 0 when not. */
typedef int (*lf_bk_lookup)(void *ud, const char *name, size_t len, const char **value);

typedef struct lf_bk_expander {
    char escape; /* the Dockerfile's escape character */
    lf_bk_lookup lookup;
    void *ud;
    bool keep_unknown;
} lf_bk_expander;

/* ProcessWord: the word with quotes removed and variables expanded, into
 * out (appended). Returns 0, or -1 with BuildKit's message in err (an
 * unterminated quote or `${`, a bad substitution, ${NAME?MSG} unset). */
int lf_bk_word(const lf_bk_expander *x, const char *s, size_t len, lf_buf *out, lf_buf *err);

/* ProcessWords: the same, split into words at unquoted white space (also
 * white space that an expansion produced). */
int lf_bk_words(const lf_bk_expander *x, const char *s, size_t len, lf_strv *out, lf_buf *err);

#endif
