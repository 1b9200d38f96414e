/*
 * A private copy of a build context, for the rebuild measurement of
 * --verify: the builder must see the same files with the same modes and
 * modification times (its cache keys on them), and one file is then edited
 * in the copy, never in the user's tree.
 *
 * Regular files are hard-linked when the copy is on the same file system
 * (fast, and the builder only reads them) and copied otherwise; the file
 * that will be edited is always copied. Symbolic links are copied as links,
 * directories are made with their modes and get their times back once
 * filled. Paths both ignore files exclude are left out (the builder never
 * reads them), and so is `.git` when both exclude it.
 */
#ifndef LF_CTXCOPY_H
#define LF_CTXCOPY_H

#include "buf.h"
#include "ignore.h"

/* Copies the tree at src into dst (which must not exist). excluded_by_a and
 * excluded_by_b may be NULL (nothing excluded). edit: the path (relative to
 * src) that must be a real copy, or NULL. Returns 0, or -1 with a message in
 * err. */
int lf_ctxcopy(const char *src, const char *dst, const lf_ignore *a, const lf_ignore *b,
               const char *edit, lf_buf *err);

/* Appends one comment line to the file at path, in the comment syntax its
 * name suggests (`//` for C, Go, JavaScript, ...; `#` otherwise; only a
 * newline for JSON and lock files). Returns 0, or -1 with a message in err. */
int lf_ctxcopy_touch_source(const char *path, lf_buf *err);

#endif
