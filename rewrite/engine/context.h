/*
 * A build context: the directory COPY/ADD sources are taken from, as the
 * passes see it. This is the only way a pass sees files (design.md "Core
 * types"): the list of files a clean checkout would ship, the bytes of a
 * file, everything the builder would be sent with the git facts about it,
 * and the ignore file that applies to a Dockerfile. Whoever opens a context
 * (rewrite/project/context_fs.c: git, or a directory walk) fills the list
 * and provides the operations; a context made here with lf_context_init has
 * a list and no file system behind it (every read fails).
 *
 * Overlays: the text of an ignore file as the run proposes it (what a pass
 * of the build unit is about to write). Reading that ignore file returns
 * the overlay, so the passes that read it converge in one run
 * (engine/unit.c).
 */
#ifndef LF_CONTEXT_H
#define LF_CONTEXT_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_context lf_context;

/* What the builder is sent: one file of the context directory as it is on
 * disk, git-ignored files, `.git` and nested repositories included. */
enum {
    LF_CE_VISIBLE = 1,    /* tracked, or untracked and not ignored: git keeps it */
    LF_CE_IGNORED = 2,    /* git ignores it */
    LF_CE_NESTED = 4,     /* inside a nested repository or submodule */
    LF_CE_VCS = 8,        /* inside a .git directory, or a .git file */
    LF_CE_UNTRACKED = 16, /* with VISIBLE and git: not tracked (a clean checkout lacks it) */
};

typedef struct lf_context_entry {
    char *path; /* relative to the context directory, '/'-separated */
    unsigned long long size;
    unsigned flags; /* LF_CE_* */
} lf_context_entry;

typedef struct lf_context_scan {
    lf_context_entry *items; /* sorted by path */
    size_t n, cap;
    bool git;      /* the flags VISIBLE/IGNORED come from git */
    char *workdir; /* git: the work tree root, without a trailing '/' */
    char *prefix;  /* git: the context directory relative to it, "" at the root */
} lf_context_scan;

/* The file system behind a context (NULL members: not available). */
typedef struct lf_context_ops {
    /* the bytes of rel (any file on disk in the context); 0 or -1 */
    int (*read)(const lf_context *c, const char *rel, lf_buf *out);
    /* everything on disk in the context below the directory under ("": all),
     * with git's facts when git is set; 0 or -1 */
    int (*scan)(const lf_context *c, const char *under, bool git, lf_context_scan *out);
    /* is path (relative to the current directory, or absolute) a regular file? */
    bool (*is_file)(const lf_context *c, const char *path);
    /* the bytes of path (relative to the current directory, or absolute); 0 or -1 */
    int (*read_path)(const lf_context *c, const char *path, lf_buf *out);
    /* path (relative to the current directory, or absolute) relative to the
     * context directory, symbolic links resolved; NULL when outside (malloc'd) */
    char *(*relative)(const lf_context *c, const char *path);
    void (*free_impl)(void *impl);
} lf_context_ops;

typedef struct lf_overlay {
    char *path; /* as lf_context_ignore_path gives it */
    char *text;
    size_t len;
} lf_overlay;

struct lf_context {
    char *dir;     /* the context directory, as a path usable with open() */
    char *display; /* the directory as shown to the user (NULL: dir) */
    char **files;  /* paths relative to dir, '/'-separated, sorted, no "./" */
    size_t nfiles, cap;
    int from_git; /* the list came from a git repository */
    const lf_context_ops *ops;
    void *impl;
    lf_overlay *overlays;
    size_t noverlays, capo;
};

/* An empty context with a file list given by the caller (tests, tools). */
void lf_context_init(lf_context *c, const char *dir);
void lf_context_add(lf_context *c, const char *rel);
void lf_context_sort(lf_context *c);
void lf_context_free(lf_context *c);

/* 1 when rel names a file of the context (the list a clean checkout ships). */
int lf_context_has(const lf_context *c, const char *rel);
/* Reads a listed context file into out (appended). 0, or -1 when it cannot
 * be read. */
int lf_context_read(const lf_context *c, const char *rel, lf_buf *out);
/* Like lf_context_read for any file on disk in the context, listed or not
 * (a git-ignored file, a .gitignore inside an ignored directory). */
int lf_context_read_any(const lf_context *c, const char *rel, lf_buf *out);
/* Everything on disk in the context (out zeroed; free with
 * lf_context_scan_free): with git, VISIBLE/IGNORED say what git keeps; a
 * listed file that is not on disk is an entry too. 0, or -1 when there is
 * no file system behind the context. */
int lf_context_scan_all(const lf_context *c, lf_context_scan *out);
/* What is on disk below the directory under (relative to the context), no
 * git facts (every entry VISIBLE); 0, or -1. */
int lf_context_scan_under(const lf_context *c, const char *under, lf_context_scan *out);
void lf_context_scan_free(lf_context_scan *s);
/* Reads any file by its path (relative to the current directory, or
 * absolute): a .gitignore above the context. 0, or -1. */
int lf_context_read_path(const lf_context *c, const char *path, lf_buf *out);
/* path (relative to the current directory, or absolute) relative to the
 * context directory, or NULL when it is outside (or not known); malloc'd. */
char *lf_context_relative(const lf_context *c, const char *path);
/* The directory as shown to the user. */
const char *lf_context_display(const lf_context *c);

/* Sets (replacing) or removes (text NULL) the overlay of an ignore file. */
void lf_context_overlay(lf_context *c, const char *path, const char *text, size_t len);
const lf_overlay *lf_context_overlay_of(const lf_context *c, const char *path);

/* The ignore file BuildKit reads for the Dockerfile at path dockerfile:
 * `<Dockerfile>.dockerignore` next to the Dockerfile when it exists (it
 * wins), else `.dockerignore` in the context directory (which may not
 * exist). Sets out to its path (usable with open()). Returns 1 for the
 * per-Dockerfile file, 0 for the context's. */
int lf_context_ignore_path(const lf_context *c, const char *dockerfile, lf_buf *out);
/* The text of the ignore file BuildKit reads for the Dockerfile (its
 * overlay, else the file on disk) into text (cleared first; NUL-terminated)
 * and its path into path (cleared first). Returns 1 when there is one, 0
 * when there is none (text is then empty). */
int lf_context_ignore_text(const lf_context *c, const char *dockerfile, lf_buf *text, lf_buf *path);

#endif
