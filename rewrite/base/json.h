/*
 * Exec-form detection for Dockerfile instructions: is the argument text a
 * JSON array of strings, exactly as BuildKit decides it with Go's
 * encoding/json (dockerfile-syntax.md §5)?
 *
 * The grammar is strict RFC 8259 as Go's scanner implements it, plus two Go
 * decoding facts that change the outcome: nesting deeper than 10000 arrays or
 * objects is an error, and a number too large for a float64 (e.g. 1e400) is
 * an error, even nested inside an object. Any such error means "not JSON",
 * which BuildKit silently treats as shell form.
 */
#ifndef LF_JSON_H
#define LF_JSON_H

#include "strv.h"

#include <stddef.h>

typedef enum {
    LF_JSON_NOT_JSON = 0,    /* shell form: not a complete valid JSON array */
    LF_JSON_STRINGS = 1,     /* exec form: every element is a string */
    LF_JSON_NOT_STRINGS = 2, /* valid JSON array with a non-string element: hard error */
} lf_json_kind;

/* s[0..len) is the argument text after the flags. Leading Go-whitespace
 * (unicode.IsSpace, as BuildKit trims it) is skipped; after that the text
 * must start with '[' and be one JSON array followed only by JSON whitespace
 * (space, tab, CR, LF). On LF_JSON_STRINGS the decoded elements are appended
 * to out (invalid UTF-8 bytes and unpaired surrogate escapes become U+FFFD,
 * as in Go; elements may contain NUL bytes). On the other results out keeps
 * its former items (its array may have grown: free it as usual). */
lf_json_kind lf_json_string_array(const char *s, size_t len, lf_strv *out);

#endif
