/* The git work tree a directory is in. */
#ifndef LF_WORKTREE_H
#define LF_WORKTREE_H

#include "buf.h"

#include <stdbool.h>

/* The root of the git work tree dir is in, absolute and resolved (no
 * trailing '/' but for "/"), into out; false outside git, in a bare
 * repository, or when dir does not exist. */
bool lf_git_work_tree(const char *dir, lf_buf *out);

#endif
