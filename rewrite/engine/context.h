/*
 * A build context: the directory COPY/ADD sources are taken from, and the
 * list of files in it (from git: tracked and untracked-not-ignored files; or
 * from a directory walk when there is no repository). Passes use it to know
 * which manifests exist, so that an inserted COPY never names a missing file.
 */
#ifndef LF_CONTEXT_H
#define LF_CONTEXT_H

#include "buf.h"

#include <stddef.h>

typedef struct lf_context {
    char *dir;    /* the context directory, as a path usable with open() */
    char **files; /* paths relative to dir, '/'-separated, sorted, no "./" */
    size_t nfiles, cap;
    int from_git; /* the list came from a git repository */
    /* The text of the ignore file the builder will apply, when the caller
     * knows it better than the disk does (the command sets it to the
     * dockerignore pass's proposal, so that the passes that read the ignore
     * file converge in one run); NULL: read the file. Not owned. */
    const char *ignore_text;
    size_t ignore_len;
} lf_context;

/* Lists dir: with git when dir is inside a work tree, else by walking it
 * (skipping .git). Returns 0, or -1 with a message in err. */
int lf_context_open(lf_context *c, const char *dir, lf_buf *err);
/* Between these two calls (they nest) the git repository found by the last
 * lf_context_open or lf_context_git_open stays open and is reused for the
 * next directory of the same work tree (its index is then read once, not
 * once per context). For one run over a repository that does not change
 * meanwhile; libgit2 stays initialised in between. */
void lf_context_cache_begin(void);
void lf_context_cache_end(void);
/* An empty context with a file list given by the caller (tests, tools). */
void lf_context_init(lf_context *c, const char *dir);
void lf_context_add(lf_context *c, const char *rel);
void lf_context_sort(lf_context *c);
void lf_context_free(lf_context *c);

/* Git facts about a context beyond its file list (for the dockerignore pass,
 * which must see what the builder is sent: ignored files on disk too). */
typedef struct lf_context_git {
    char *workdir;  /* the work tree root, without a trailing '/' */
    char *prefix;   /* the context directory relative to workdir, "" at the root */
    char **ignored; /* git-ignored files present on disk, relative to the context
                       directory, sorted (files inside ignored directories too) */
    size_t nignored, cap;
} lf_context_git;

/* Fills g for the directory dir. Returns 0, or -1 when dir is not inside a
 * git work tree (g is then empty). */
int lf_context_git_open(lf_context_git *g, const char *dir);
void lf_context_git_free(lf_context_git *g);
/* 1 when rel is in g->ignored. */
int lf_context_git_ignored(const lf_context_git *g, const char *rel);

/* 1 when rel names a file of the context. */
int lf_context_has(const lf_context *c, const char *rel);
/* Reads a context file into out; 0, or -1 when it cannot be read. */
int lf_context_read(const lf_context *c, const char *rel, lf_buf *out);

#endif
