/*
 * `layerfix dump`: three views of a parsed Dockerfile, for checking the
 * parser against the reference and for debugging.
 *   buildkit  BuildKit's own parser dump, one line per instruction (the
 *             `result` format of the buildkit-parser corpus)
 *   tree      the syntax tree with field names and [row, col] positions
 *   source    the file rebuilt from the model's pieces (equals the input)
 *   shell     for each RUN, the bash tree of its shell text
 */
#ifndef LF_DUMP_H
#define LF_DUMP_H

#include "buf.h"
#include "model.h"

typedef enum { LF_DUMP_BUILDKIT, LF_DUMP_TREE, LF_DUMP_SOURCE, LF_DUMP_SHELL } lf_dump_format;

/* Parses a format name; returns 0, or -1 when unknown. */
int lf_dump_format_from_name(lf_dump_format *out, const char *name);

/* Appends the dump of doc to out. Returns 0, or -1 when the buildkit view
 * hits an instruction BuildKit rejects (the message is appended to err). */
int lf_dump(lf_buf *out, const lf_doc *doc, lf_dump_format fmt, lf_buf *err);

/* The syntax tree of any node, in the `tree` format. */
void lf_dump_tree(lf_buf *out, TSNode root);

#endif
