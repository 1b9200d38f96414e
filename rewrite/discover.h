/*
 * Which files to work on: each PATH given (a Dockerfile, or a directory to
 * search), or with none, the git repository of the current directory.
 * Directories are listed like build contexts (git when inside a work tree:
 * tracked and untracked-not-ignored files; else a walk), and Dockerfile-like
 * names are kept: Dockerfile, Dockerfile.*, *.Dockerfile, *.dockerfile,
 * Containerfile, Containerfile.*.
 */
#ifndef LF_DISCOVER_H
#define LF_DISCOVER_H

#include "buf.h"
#include "strv.h"

#include <stdbool.h>

bool lf_is_dockerfile_name(const char *base);

/* Appends the files to out (paths as the user should see them). Problems
 * with one PATH are appended to err as lines and do not stop the others.
 * Returns the number of PATHs that failed. */
int lf_discover(lf_strv *out, char *const *paths, int npaths, lf_buf *err);

#endif
