/*
 * The JSON report (--format=json): one JSON document describing a run, made
 * from the run report (report.h). The schema, every field and an example
 * are in docs/json-report.md; its top-level "version" is
 * LF_REPORT_JSON_VERSION and changes only when a field changes meaning or
 * goes away (new fields may appear without a change).
 */
#ifndef LF_REPORT_JSON_H
#define LF_REPORT_JSON_H

#include "buf.h"
#include "report.h"

#define LF_REPORT_JSON_VERSION 1

/* Appends the document for r to out, ending with a newline. mode is the
 * mode of the run as the document names it: "diff" (dry run), "check" or
 * "fix". Every string is escaped by lf_json_write_string, so the document
 * is valid UTF-8 JSON whatever bytes the files hold. */
void lf_report_json(lf_buf *out, const lf_report *r, const char *mode);

#endif
