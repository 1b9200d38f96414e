/* Absolute paths in the image: normalising, joining, comparing. */
#ifndef LF_PATHS_H
#define LF_PATHS_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Collapses `//`, `.` and `..` and drops a trailing '/'; p is absolute. */
void lf_path_normalize(char *p);
/* dir joined with rel (rel absolute: rel itself), normalised, malloc'd;
 * NULL when rel is relative and dir is NULL. */
char *lf_path_join(const char *dir, const char *rel);
/* p equals dir or is below it. */
bool lf_path_within(const char *p, const char *dir);
/* One of a and b is within the other. */
bool lf_path_overlap(const char *a, const char *b);
/* How many components p has below / (`/a/b` is 2... counting separators). */
size_t lf_path_depth(const char *p);
/* The last component. */
const char *lf_path_base(const char *p);

/*
 * Symbolic working directories, to compare directories within a Dockerfile
 * without expanding it: "" is `/`, "/app" is `/app`, and a leading "@"
 * stands for the base image's WORKDIR, which the Dockerfile does not show
 * ("@/src" is `src` below it). A path that starts with a variable
 * (`$APP_HOME`) is taken as absolute with the variable as its first
 * segment, so that `WORKDIR $APP_HOME` and `COPY . $APP_HOME` agree.
 * lf_wd_join returns false when ".." climbs above an unknown directory.
 */
bool lf_wd_join(const char *cwd, const char *arg, lf_buf *out);
/* dir relative to base ("" when equal), or NULL when dir is not inside it. */
const char *lf_wd_relative(const char *dir, const char *base);

/*
 * Build-context paths a COPY/ADD or bind-mount source takes (shared by the
 * passes that ask which files a build reads: dockerignore, the impact
 * estimate). lf_source_pattern: the source as a pattern relative to the
 * context root, cleaned (the root cannot be left), a variable (`$VAR`)
 * and what follows it in its path segment dropped (known only at build
 * time: the literal directories before it are what the builder may read).
 * lf_source_is_glob: it holds an unescaped wildcard. lf_source_takes: does
 * pattern pat (glob: lf_source_is_glob) take the context file path -- an
 * empty pattern everything, a literal one itself and what is below it, a
 * glob what it matches, a directory whole.
 */
void lf_source_pattern(const char *src, lf_buf *out);
bool lf_source_is_glob(const char *pat);
bool lf_source_takes(const char *pat, bool glob, const char *path);

#endif
