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

#endif
