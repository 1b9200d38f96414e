/*
 * lf_ignore: a .dockerignore matcher with the semantics BuildKit applies when
 * it sends a build context (design.md ".dockerignore from the git tree").
 *
 * Reading the file (BuildKit's dockerignore reader): lines split at '\n' with
 * one trailing '\r' dropped, a UTF-8 BOM dropped from the first line, a line
 * starting with '#' in column 1 is a comment, every other line is trimmed of
 * Unicode white space and skipped when empty; a leading '!' marks an
 * exception; the rest is cleaned like Go's filepath.Clean and one leading '/'
 * is removed, so every pattern is anchored at the context root.
 *
 * Matching (moby/patternmatcher as tonistiigi/fsutil's walker uses it): each
 * pattern compiles to an exact, prefix (`dir/` then `**` last), suffix (`**` first) or
 * regular-expression match, where `*` and `?` never cross '/', `[...]` is a
 * character class, `**` matches any number of directories and `\` escapes
 * the next character. A path is decided by walking down from the root: for
 * every directory on the way and then the path itself, the last matching
 * pattern wins, a directory's matches are inherited by what is below it, and
 * an excluded directory is not entered at all when no exception could match
 * below it (only exceptions with wildcards force the walk to go in).
 *
 * Patterns BuildKit refuses (a lone `!`, a malformed `[`, a trailing `\`, a
 * regular-expression escape Go rejects) make lf_ignore_compile fail, since
 * such a file fails every build.
 */
#ifndef LF_IGNORE_H
#define LF_IGNORE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_ignore lf_ignore;

/* Compiles the text of a .dockerignore file (len bytes, may be 0). Returns 0,
 * or -1 with "line N: `PATTERN`: what is wrong" appended to err and *out set
 * to NULL when BuildKit would refuse the file. */
int lf_ignore_compile(lf_ignore **out, const char *text, size_t len, lf_buf *err);
void lf_ignore_free(lf_ignore *ig);

/* Is path (relative to the context root, '/'-separated; it is cleaned first,
 * so "./a" and "/a" are "a") left out of the build context? For a directory
 * (is_dir) the answer is about the directory entry itself: files below an
 * excluded directory can still be re-included by an exception, ask about
 * them. The context root itself is never excluded. */
bool lf_ignore_match(const lf_ignore *ig, const char *path, bool is_dir);

/* The same, also giving the index of the pattern that decided (the last one
 * that matched the path or the directory that was not entered), or -1 when
 * no pattern matched. */
bool lf_ignore_match_why(const lf_ignore *ig, const char *path, int *decider);

/* Decides many files at once, the way the walker does: paths must be sorted
 * with strcmp and cleaned (no "./", no leading '/', no trailing '/').
 * excluded[i] gets the answer for paths[i]; decider (may be NULL) gets the
 * deciding pattern or -1. Shares the work for common parent directories. */
void lf_ignore_filter(const lf_ignore *ig, const char *const *paths, size_t n, bool *excluded,
                      int *decider);

/* The compiled patterns, in file order. */
size_t lf_ignore_count(const lf_ignore *ig);
typedef struct lf_ignore_pattern_info {
    const char *text; /* as cleaned, without the '!' */
    size_t len;
    bool exception; /* the line started with '!' */
    size_t line;    /* 1-based line in the file */
} lf_ignore_pattern_info;
void lf_ignore_pattern(const lf_ignore *ig, size_t i, lf_ignore_pattern_info *out);
/* Does pattern i on its own match path or one of its parent directories? */
bool lf_ignore_pattern_matches(const lf_ignore *ig, size_t i, const char *path);

/* Go's path.Match (the glob of COPY sources): `*`, `?` and `[...]` within
 * one '/'-separated segment each, `\` escapes. Returns 1 on a match, 0 on no
 * match, -1 when the pattern is malformed (whatever the name). */
int lf_glob_match(const char *pattern, const char *name);

/* Go's path.Clean of s[0..len) ("" and all-dots become "."), appended to out. */
void lf_path_clean(const char *s, size_t len, lf_buf *out);

#endif
