/*
 * Writing a rewritten file back, safely: the new bytes go to a temporary
 * file in the same directory, get the original's mode, are flushed, and are
 * renamed over the original, so a reader never sees half a file and a crash
 * leaves the old one. A symbolic link is followed and its target rewritten;
 * the link itself stays. A file the user cannot write is refused, untouched.
 */
#ifndef LF_FSIO_H
#define LF_FSIO_H

#include "buf.h"

#include <stddef.h>

/* Returns 0, or -1 with `PATH: error: ...` in err (the file is untouched). */
int lf_write_atomic(const char *path, const char *data, size_t len, lf_buf *err);

/* Creates a new file (mode 0644) with the same care: written to a temporary
 * file, then linked into place, which fails if the path exists meanwhile.
 * Returns 0, or -1 with `PATH: error: ...` in err. */
int lf_write_new(const char *path, const char *data, size_t len, lf_buf *err);

#endif
