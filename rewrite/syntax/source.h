/*
 * lf_source: one Dockerfile's bytes plus what every later stage needs to know
 * about their layout (lines, BOM, newline style).
 *
 * Invariants:
 * - data holds exactly the file's len bytes (BOM and CRs included, nothing
 *   normalised) followed by one extra NUL, so it is also a C string when the
 *   file has no NUL byte (lf_source_read_file guarantees that).
 * - Physical lines end at '\n' only; a lone '\r' is an ordinary byte.
 *   nlines counts the physical lines: every '\n' ends one, and a non-empty
 *   tail without '\n' is one more (an empty file has 0 lines).
 * - line_starts has nlines + 1 entries: line_starts[i] is the offset where
 *   line i + 1 starts (line_starts[0] == 0) and line_starts[nlines] == len,
 *   so line i (1-based) spans [line_starts[i-1], line_starts[i]) including
 *   its newline.
 * - Positions are 1-based lines and 1-based byte columns; a BOM is part of
 *   line 1 (it occupies columns 1-3).
 */
#ifndef LF_SOURCE_H
#define LF_SOURCE_H

#include "buf.h"

#include <stddef.h>

/* Larger files are refused: no real Dockerfile comes close, and the limit
 * keeps a mistaken argument (a disk image, a log) from being slurped. */
#define LF_SOURCE_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef enum {
    LF_NL_NONE,  /* no newline at all */
    LF_NL_LF,    /* every line ending is "\n" */
    LF_NL_CRLF,  /* every line ending is "\r\n" */
    LF_NL_MIXED, /* both occur */
} lf_newline_style;

typedef struct lf_source {
    char *path; /* display name, as given */
    char *data; /* len bytes + NUL */
    size_t len;
    size_t *line_starts; /* nlines + 1 entries, see above */
    size_t nlines;
    int has_bom;               /* data starts with EF BB BF */
    lf_newline_style nl_style; /* see lf_newline_style */
    const char *nl;            /* dominant newline: "\r\n" if CRLF endings outnumber LF ones */
    int no_final_newline;      /* the last line has no '\n' (never set for an empty file) */
    char escape;               /* '\\' unless the model saw `# escape=`` */
} lf_source;

/* Builds a source from memory (copied; no checks on the content).
 * Returns 0, or -1 when data is NULL with len > 0. */
int lf_source_from_bytes(lf_source **out, const char *path, const char *data, size_t len);

/* Reads a whole file. Refuses, with one line `PATH: error: <what>` appended to
 * err (no newline) and -1 returned: an unreadable path (with strerror), a
 * directory, a file over LF_SOURCE_MAX_BYTES (with its size), a binary file
 * (a NUL byte; its line:col) and invalid UTF-8 (line:col of the first bad
 * byte). */
int lf_source_read_file(lf_source **out, const char *path, lf_buf *err);

void lf_source_free(lf_source *src);

/* Position of a byte offset. offset == len is valid (end of file: just after
 * the last byte, which is line nlines + 1, column 1 after a final newline);
 * larger offsets are clamped to len. */
void lf_source_pos(const lf_source *src, size_t offset, size_t *line, size_t *col);

/* Offset where 1-based line `line` starts. Line nlines + 1 (and anything past
 * it) gives len; line 0 gives 0. */
size_t lf_source_line_start(const lf_source *src, size_t line);

#endif
