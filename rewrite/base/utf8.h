/*
 * UTF-8 helpers that follow Go's unicode/utf8 rules, because the output we
 * must reproduce (BuildKit's parser and dump) is computed by Go.
 *
 * Valid UTF-8 here is strict RFC 3629: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. NUL bytes are valid UTF-8.
 *
 * Invalid-byte convention (the same as Go's utf8.DecodeRune): an invalid or
 * truncated sequence decodes as U+FFFD with width 1, so each bad byte is
 * reported and skipped on its own. A correctly encoded U+FFFD always has width
 * 3, so `n == 1 && cp == LF_UTF8_REPLACEMENT` means "invalid byte" (see
 * lf_utf8_is_bad).
 */
#ifndef LF_UTF8_H
#define LF_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define LF_UTF8_REPLACEMENT 0xFFFDu
#define LF_UTF8_MAX_RUNE 0x10FFFFu

/* 0 when s[0..len) is valid UTF-8; otherwise -1 and *bad_offset (if not NULL)
 * is the offset of the first byte that starts an invalid sequence. */
int lf_utf8_validate(const char *s, size_t len, size_t *bad_offset);

/* Decodes one code point at s. Returns the bytes consumed (0 only when
 * len == 0, with *cp = U+FFFD); see the invalid-byte convention above. */
size_t lf_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* 1 when a decode result (cp, n) stands for an invalid byte. */
static inline int lf_utf8_is_bad(uint32_t cp, size_t n)
{
    return n == 1 && cp == LF_UTF8_REPLACEMENT;
}

/* Writes the UTF-8 form of cp into out and returns its length (1..4).
 * Surrogates and values above U+10FFFF are written as U+FFFD (like Go). */
size_t lf_utf8_encode(char out[4], uint32_t cp);

/* Go's unicode.IsSpace: \t \n \v \f \r, space, U+0085, U+00A0 and the
 * Unicode White_Space separators (U+1680, U+2000..U+200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000). */
int lf_utf8_is_space(uint32_t cp);

/* Number of leading bytes of s that are Go-whitespace runes
 * (strings.TrimLeftFunc(s, unicode.IsSpace)). */
size_t lf_utf8_space_prefix(const char *s, size_t len);

/* Length of s once trailing Go-whitespace runes are removed
 * (strings.TrimRightFunc(s, unicode.IsSpace)). */
size_t lf_utf8_trim_right_len(const char *s, size_t len);

#endif
