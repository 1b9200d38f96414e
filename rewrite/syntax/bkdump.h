/*
 * BuildKit's parser dump (the `result` format of the buildkit-parser corpus)
 * for one logical line. We use it to check that our own tree agrees with the
 * reference parser, instruction by instruction.
 *
 * Input contract: `line` is the logical line as BuildKit builds it before
 * splitting: continuations joined (escape char, trailing blanks and newline
 * removed; comment and blank lines inside the continuation dropped), no
 * trailing newline. Heredoc bodies are not part of it and never appear in the
 * dump. The splitting rules are those of dockerfile-syntax.md §5-§8, §11, §12.
 *
 * Fidelity notes (each mirrors a Go detail of BuildKit, on purpose):
 * - the flag scanner always uses `\` as its escape, whatever `escape` says,
 *   and reads bytes, not runes: a byte >= 0x80 becomes the rune of the same
 *   value (so UTF-8 in flags prints as Latin-1 mojibake) and the bytes 0x85
 *   and 0xA0 count as whitespace; HEALTHCHECK finds its type word the same
 *   byte-wise way;
 * - ENV/LABEL/ARG word splitting turns invalid UTF-8 into U+FFFD;
 * - keywords are lower-cased like Go's strings.ToLower, exactly for ASCII,
 *   Latin-1, Latin Extended-A, Latin Extended Additional, Greek, Cyrillic,
 *   Armenian, fullwidth Latin, Deseret, Roman numerals, circled letters and
 *   the Kelvin/Ohm/Angstrom signs; other scripts are left unchanged.
 */
#ifndef LF_BKDUMP_H
#define LF_BKDUMP_H

#include "buf.h"
#include "strv.h"

#include <stddef.h>

/* Appends the dump of one instruction, e.g. `(run ["--mount=type=cache"] "make")`,
 * without a trailing newline. `escape` is the file's escape character ('\\' or
 * '`'). Returns 0, or -1 for BuildKit's parse-stage errors (legacy ENV/LABEL
 * without a value, "can't find = in ...", exec-form JSON with a non-string
 * element); then BuildKit's message is appended to err and out is unchanged. */
int lf_bkdump_line(lf_buf *out, const char *line, size_t len, char escape, lf_buf *err);

/* The two scanners of the dump, for readers of instruction arguments (the
 * image configuration --verify computes):
 * - parseWords: splits s at white space outside quotes, keeping the quotes
 *   and escapes in the words (ENV, LABEL and ARG arguments);
 * - extractBuilderFlags: the leading `--flag` words of an instruction's
 *   arguments into flags; returns the offset where the arguments start. */
void lf_bk_parse_words(lf_strv *words, const char *s, size_t len, char escape);
size_t lf_bk_parse_flags(lf_strv *flags, const char *s, size_t len);

#endif
