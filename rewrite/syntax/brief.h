/*
 * Instruction text for messages: a span of a Dockerfile on one line, as a
 * note quotes it (`RUN apt-get update && apt-get install ...`).
 */
#ifndef LF_BRIEF_H
#define LF_BRIEF_H

#include "buf.h"
#include "model.h"

/* The text of s on one line into out (cleared first): runs of whitespace,
 * line continuations included, become one space; text longer than about
 * 60 bytes is cut with "...". */
void lf_doc_brief(const lf_doc *doc, lf_span s, lf_buf *out);

#endif
