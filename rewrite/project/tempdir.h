/*
 * Private temporary directories for builds: made with mkdtemp below
 * $TMPDIR (else /tmp), removed with everything in them. The tree a builder
 * exports can hold directories without write permission; removal makes
 * them writable first, and never follows a symbolic link.
 */
#ifndef LF_TEMPDIR_H
#define LF_TEMPDIR_H

#include "buf.h"

/* Makes a new directory named PREFIX.XXXXXX (mode 0700). Returns its path
 * (malloc'd), or NULL with a message in err. */
char *lf_tempdir_make(const char *prefix, lf_buf *err);

/* Removes path and everything below it. Returns 0, or -1 with a message in
 * err (what could be removed is gone). A missing path is not an error. */
int lf_tempdir_remove(const char *path, lf_buf *err);

/* Writes a whole file (mode 0644), replacing it. Returns 0, or -1 with a
 * message in err. */
int lf_tempdir_write(const char *path, const char *data, size_t len, lf_buf *err);

#endif
