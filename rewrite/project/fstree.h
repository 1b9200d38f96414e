/*
 * The file tree of a built image, as a builder exports it to a directory
 * (`--output type=local,dest=DIR`), and the comparison of two such trees.
 *
 * Each entry records what makes two images the same for whoever runs them:
 * path, type, permission bits (with setuid, setgid, sticky), owner, and for
 * a regular file its size and SHA-256, for a symbolic link its target, for
 * a device its number. Modification times are left out (every build sets
 * them anew), and so are directory sizes and link counts.
 *
 * Some paths differ from build to build whatever the Dockerfile says, so
 * the comparison leaves them out (lf_fstree_rule):
 * - what is below dev/, proc/ and sys/ (the builder's mount points), and
 *   etc/hostname, etc/hosts, etc/resolv.conf (files the builder provides
 *   while RUN steps run), and npm's debug logs (`.npm/_logs/`, named by
 *   time);
 * - the size and content (not the presence) of files below var/log/, of
 *   var/cache/ldconfig/aux-cache and of the `*-old` backups in
 *   var/lib/dpkg/ and var/cache/debconf/: they hold timestamps.
 */
#ifndef LF_FSTREE_H
#define LF_FSTREE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_fsentry {
    char *path;    /* relative to the tree's root, '/'-separated, no leading '/' */
    char type;     /* 'f' file, 'd' directory, 'l' symlink, 'c'/'b' device, 'p' fifo, 's' socket */
    unsigned mode; /* permission bits, 07777 */
    unsigned long uid, gid;
    unsigned long long size; /* regular files */
    unsigned long long rdev; /* devices */
    char *link;              /* symbolic links: the target; else NULL */
    bool hashed;             /* hash holds the content's SHA-256 */
    bool no_content;         /* the content is volatile: size and hash not compared */
    unsigned char hash[32];
} lf_fsentry;

typedef struct lf_fstree {
    lf_fsentry *items; /* sorted with lf_fstree_path_cmp */
    size_t n, cap;
} lf_fstree;

/* Reads the tree below dir (dir itself is not an entry), leaving out what
 * the rules say. Returns 0, or -1 with `DIR: error: ...` in err. A file
 * that cannot be read is an entry without a hash (compared by size). */
int lf_fstree_read(lf_fstree *t, const char *dir, lf_buf *err);
void lf_fstree_free(lf_fstree *t);

/* Building a tree by hand (tests): add entries, then sort. add copies path
 * and link and applies the rules (returns NULL for a path left out). */
lf_fsentry *lf_fstree_add(lf_fstree *t, const char *path, char type, unsigned mode,
                          const char *link);
void lf_fstree_sort(lf_fstree *t);

/* What the rules say about a path: 0 compare it, 1 leave it out, 2 leave
 * out its size and content. */
int lf_fstree_rule(const char *path);

/* Path order in which a directory's entries follow it directly: like
 * strcmp, with '/' before every other byte ("a" < "a/b" < "a-b"). */
int lf_fstree_path_cmp(const char *a, const char *b);

typedef enum { LF_FSDIFF_ADDED, LF_FSDIFF_REMOVED, LF_FSDIFF_CHANGED } lf_fsdiff_kind;

typedef struct lf_fsdiff {
    lf_fsdiff_kind kind;
    char *path;   /* as in the image: with a leading '/' */
    char *what;   /* CHANGED: "mode 0644 -> 0755, content (12 -> 14 bytes)";
                     ADDED/REMOVED: "file", "directory", "symlink -> TARGET", ... */
    size_t below; /* ADDED/REMOVED directory: the entries below it, folded into this one */
} lf_fsdiff;

typedef struct lf_fsdiffs {
    lf_fsdiff *items;
    size_t n, cap;
} lf_fsdiffs;

/* The differences from tree a (the original's image) to tree b, in path
 * order; an added or removed directory comes with everything below it
 * folded in. */
void lf_fstree_compare(const lf_fstree *a, const lf_fstree *b, lf_fsdiffs *out);
void lf_fsdiffs_free(lf_fsdiffs *d);

/* One line for people: "removed /root/.npm (directory, 153 entries below)",
 * "changed /app/env.txt: content (120 -> 98 bytes)". */
void lf_fsdiff_format(const lf_fsdiff *d, lf_buf *out);

#endif
