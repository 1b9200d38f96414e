/*
 * Build contexts on the file system: the listing from git (tracked files and
 * untracked ones git does not ignore) or a directory walk, and the
 * operations behind lf_context (engine/context.h) that read files and list
 * everything the builder would be sent.
 */
#ifndef LF_CONTEXT_FS_H
#define LF_CONTEXT_FS_H

#include "context.h"

/* Lists dir: with git when dir is inside a work tree, else by walking it
 * (skipping .git). Returns 0, or -1 with a message in err. */
int lf_context_open(lf_context *c, const char *dir, lf_buf *err);
/* A context over dir with the file system behind it and an empty list,
 * which the caller fills (lf_context_add, lf_context_sort). */
void lf_context_init_fs(lf_context *c, const char *dir);
/* Between these two calls (they nest) the git repository found by the last
 * lf_context_open stays open and is reused for the next directory of the
 * same work tree (its index is then read once, not once per context). For
 * one run over a repository that does not change meanwhile; libgit2 stays
 * initialised in between. */
void lf_context_cache_begin(void);
void lf_context_cache_end(void);

#endif
