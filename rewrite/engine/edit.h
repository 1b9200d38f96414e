/*
 * Edits: what a pass returns instead of writing text (design.md "Core
 * types"). An edit replaces the bytes [start, end) of the pass's input with
 * text; an insertion has start == end. Every edit says which pass made it and
 * why, so diffs, --explain, JSON and PR bodies can show the reason.
 *
 * lf_edits_apply sorts by position (stable: insertions at one point keep the
 * order they were added in) and refuses overlapping edits: two passes, or two
 * rules of one pass, must never fight over the same bytes.
 */
#ifndef LF_EDIT_H
#define LF_EDIT_H

#include "buf.h"

#include <stddef.h>

typedef struct lf_edit {
    size_t start, end;
    char *text; /* owned, NUL-terminated */
    size_t len;
    const char *pass; /* the pass id (static) */
    char *why;        /* one sentence: what changes and why it helps the cache (owned) */
    size_t seq;       /* order of addition, for the stable sort */
} lf_edit;

typedef struct lf_edits {
    lf_edit *items;
    size_t n, cap;
} lf_edits;

#define LF_EDITS_INIT                                                                              \
    {                                                                                              \
        0                                                                                          \
    }

/* Adds an edit; text is copied. */
void lf_edits_add(lf_edits *e, size_t start, size_t end, const char *text, size_t len,
                  const char *pass, const char *why);
void lf_edits_free(lf_edits *e);

/* Adds the one edit that turns old into new_text: the bytes between their
 * common prefix and their common suffix. */
void lf_edits_from_texts(lf_edits *e, const char *old, size_t old_len, const char *new_text,
                         size_t new_len, const char *pass, const char *why);

/* Builds the edited text of src[0..len). Returns 0, or -1 when two edits
 * overlap or one lies outside the text (a message goes to err). */
int lf_edits_apply(const lf_edits *e, const char *src, size_t len, lf_buf *out, lf_buf *err);

/* Where a byte offset of the edited text came from in the original text:
 * unchanged bytes map back exactly, bytes of inserted text map to the start
 * of the edit that inserted them. e must be the list that was applied. */
size_t lf_edits_map_back(const lf_edits *e, size_t offset);

/* Where a byte offset of the original text lands in the edited text; only
 * meaningful for offsets outside every replaced range. */
size_t lf_edits_map_forward(const lf_edits *e, size_t offset);

#endif
