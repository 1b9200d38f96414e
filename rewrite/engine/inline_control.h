/*
 * Inline control comments: a Dockerfile author's way to keep layerfix away
 * from one instruction or one file, without a command-line flag.
 *
 *   # layerfix: ignore                 on the comment lines directly above an
 *   # layerfix: ignore=PASS[,PASS]     instruction (no blank line between):
 *                                      all passes, or the listed ones, leave
 *                                      that instruction byte-identical
 *   # layerfix: disable=PASS[,PASS]    in a comment before the first
 *                                      instruction: the listed passes do not
 *                                      run on the file
 *
 * The comment text after `#` and blanks must be exactly one of these (blanks
 * around `=` and the commas are allowed). The pipeline applies them, so no
 * pass has to know about them (pipeline.c says how edits are filtered).
 */
#ifndef LF_INLINE_CONTROL_H
#define LF_INLINE_CONTROL_H

#include "pass.h"

#include <stdbool.h>

/* Reads the control comments of the original doc once: sets disabled[i] for
 * the passes[i] named by a `disable=` comment, and notes (pass "layerfix")
 * every unknown pass id and every `disable=` after the first instruction. */
void lf_inline_check(const lf_doc *doc, const lf_pass *passes, size_t npasses, bool *disabled,
                     lf_ctx *ctx);

/* The spans of the instructions of doc that pass_id must leave alone
 * (malloc'd, in file order; *n may be 0). */
lf_span *lf_inline_ignored(const lf_doc *doc, const char *pass_id, size_t *n);

/* Whether an edit [start, end) touches span s: a replacement overlaps it; an
 * insertion lies strictly inside it. An insertion at s.start or s.end goes
 * between two pieces of the file, so it belongs to the neighbours, not to s. */
bool lf_inline_touches(lf_span s, size_t start, size_t end);

/* The same comments in a document other than a Dockerfile whose comments
 * start with `#` (a CI workflow, a shell script, a Makefile), read by lines:
 * a comment line is one whose first non-blank character is `#`; `disable=`
 * counts before the first line that is neither blank nor a comment; an
 * `ignore` comment protects the line right below its comment block and the
 * lines after it indented deeper or continued with a backslash (a YAML
 * block, a recipe, a continued command). The engine applies them to the
 * unit passes' edits of such documents (unit.c). */

/* Notes (pass "layerfix", at offsets of text) for unknown pass ids and for
 * a `disable=` that comes too late. */
void lf_inline_text_check(const char *text, size_t len, const lf_pass *passes, size_t npasses,
                          lf_ctx *ctx);
/* Whether a `disable=` comment at the top names pass_id. */
bool lf_inline_text_disabled(const char *text, size_t len, const char *pass_id);
/* The spans (whole lines, line breaks included) that pass_id must leave
 * alone (malloc'd, in order; *n may be 0). */
lf_span *lf_inline_text_ignored(const char *text, size_t len, const char *pass_id, size_t *n);
/* Whether edit e of text touches span s of lf_inline_text_ignored: as
 * lf_inline_touches, and also an insertion at its end whose text is
 * indented deeper than the span's first line (it continues the block, as a
 * key added to the mapping the block ends with). */
bool lf_inline_text_touches(const char *text, size_t len, lf_span s, const lf_edit *e);

#endif
