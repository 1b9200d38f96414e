/*
 * Go string quoting, byte-for-byte like Go's strconv.Quote, because
 * BuildKit's parser dump prints every argument that way.
 *
 * Printability is Go's unicode.IsPrint (letters, marks, numbers,
 * punctuation, symbols, and ASCII space). We cannot embed the Unicode tables,
 * so lf_go_is_print approximates: every valid rune >= U+00A0 counts as
 * printable except these, which are known not to be:
 *   U+00A0, U+00AD, U+0600-0605, U+061C, U+06DD, U+070F, U+0890-0891,
 *   U+08E2, U+1680, U+180E, U+2000-200F, U+2028-202F, U+205F-206F,
 *   U+3000, U+D800-DFFF, U+E000-F8FF, U+FDD0-FDEF, U+FEFF, U+FFF0-FFFB,
 *   U+xFFFE-xFFFF in every plane, U+110BD, U+110CD, U+13430-1343F,
 *   U+1BCA0-1BCA3, U+1D173-1D17A, planes 4-13 (U+40000-DFFFF, unassigned),
 *   plane 14 except the variation selectors U+E0100-E01EF (so the tags
 *   U+E0001 and U+E0020-E007F), and planes 15-16 (private use).
 * The approximation errs on unassigned code points elsewhere (Go prints those
 * as \u escapes; we print them raw) and on code points assigned after the
 * Unicode version of the Go that built BuildKit.
 */
#ifndef LF_GOSTR_H
#define LF_GOSTR_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Appends the Go double-quoted form of s[0..len) to out: `\"` and `\\`,
 * \a \b \f \n \r \t \v, \xNN (lower-case hex) for other bytes below 0x20, for
 * 0x7f and for each byte of invalid UTF-8, printable runes raw, other runes
 * as \uXXXX or \UXXXXXXXX. */
void lf_go_quote(lf_buf *out, const char *s, size_t len);

/* Approximation of Go's unicode.IsPrint; see the list above. */
int lf_go_is_print(uint32_t r);

#endif
