/*
 * Writing JSON: string literals with the escapes RFC 8259 requires. Used by
 * the JSON and SARIF outputs, which build their documents with lf_buf.
 */
#ifndef LF_JSONOUT_H
#define LF_JSONOUT_H

#include "buf.h"

#include <stddef.h>

/* Appends s[0..len) as a JSON string literal, quotes included. Control
 * characters are escaped; bytes that are not valid UTF-8 become U+FFFD so
 * that the document is always valid. */
void lf_json_write_string(lf_buf *out, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL is written as null. */
void lf_json_write_cstr(lf_buf *out, const char *s);

#endif
