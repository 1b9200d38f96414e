/*
 * Bot mode (design.md "Outputs and modes", --commit): one commit with the
 * rewritten files on a new branch, made with libgit2 straight into the
 * object database. The commit's parent is HEAD and its tree is HEAD's tree
 * with the given files replaced or added; the work tree, the index, HEAD
 * and the branch HEAD is on are never touched, so a bot can run layerfix
 * in any checkout and push the branch.
 */
#ifndef LF_COMMIT_H
#define LF_COMMIT_H

#include "buf.h"
#include "pass.h"

#include <stdbool.h>
#include <stddef.h>

#define LF_COMMIT_DEFAULT_BRANCH "layerfix/cache-efficiency"
#define LF_COMMIT_SUBJECT "layerfix: make Docker builds cache-efficient"

typedef struct lf_commit_opts {
    const char *branch; /* NULL: LF_COMMIT_DEFAULT_BRANCH */
    bool force;         /* replace the branch when it exists (--force-branch) */
    /* NULL (both): user.name and user.email from the repository's git
     * config; when they are not set the commit is refused with a message
     * saying how to set them or to pass --author */
    const char *author_name, *author_email;
    /* NULL: LF_COMMIT_SUBJECT and a body listing the files and passes */
    const char *message;
    /* the passes of the run, for that body (NULL: the body names no pass) */
    const lf_pass_table *passes;
} lf_commit_opts;

typedef struct lf_commit_file {
    const char *path; /* as opened: relative to the current directory, or absolute */
    const char *text; /* the new contents */
    size_t len;
    /* the pass ids that changed it, joined with ", " (lf_report_file_passes),
     * for the default message; may be NULL */
    const char *passes;
} lf_commit_file;

/* Creates the commit and points refs/heads/<branch> at it. repo_dir is any
 * directory inside the work tree (the repository is searched upward from
 * it). Each file's mode is the one HEAD's tree has for its path (100644 or
 * 100755), 100644 for a new file; a path that is a symlink in HEAD's tree
 * is written to the file the link points to when that is inside the
 * repository. Contents go through the repository's clean filters (as
 * `git add` would store them).
 * Refuses, with a message in err and -1, when: the branch name is invalid;
 * the branch exists and !force, or it is checked out (even with force); the
 * repository is bare or has no commit yet; a file is outside the work tree,
 * a directory or submodule in HEAD, or a symlink pointing outside; a file
 * on disk differs from HEAD's version and from the new text (the commit
 * would carry uncommitted changes); nothing would change (the tree equals
 * HEAD's). On success writes the commit's
 * id (40 hex digits and a NUL) to oid_hex and returns 0. */
int lf_commit_create(const char *repo_dir, const lf_commit_file *files, size_t n,
                     const lf_commit_opts *o, char oid_hex[41], lf_buf *err);

/* Parses "Name <email>" (as given to --author). On success sets *name and
 * *email to malloc'd strings (the caller frees them) and returns 0; -1 when
 * s is not of that form (an empty name or email, angle brackets or line
 * breaks inside them). */
int lf_commit_parse_author(const char *s, char **name, char **email);

#endif
