/*
 * The SARIF report (--format=sarif): a SARIF 2.1.0 log of one run, made from
 * the run report (report.h), in the shape GitHub code scanning accepts.
 *
 * One run; tool.driver is layerfix with one rule per pass of the report's table
 * (id = pass id), then LF_SARIF_RULE_ERROR for files that could not be
 * read or parsed, LF_SARIF_RULE_TOOL for notes from layerfix itself, then
 * any other pass id the report uses. Results:
 *   - one per proposed change, level "warning", message = the reason;
 *   - one per note, level "note" ("warning" for a warning note: a pass
 *     whose edits were dropped);
 *   - one per error, level "error", rule LF_SARIF_RULE_ERROR.
 * Locations are the file's path as shown, '/'-separated and
 * percent-encoded, relative to uriBaseId "%SRCROOT%" (an absolute path
 * becomes a file:// URI without a base), and a region whose lines come from
 * lf_report_show_lines. No fixes are written.
 *
 * The run's property bag holds the cache-impact estimates (SARIF has no
 * place of its own for them): `properties.impact.summary`, the totals per
 * kind of event, and `properties.impact.files`, one entry per Dockerfile
 * with an estimate, `{"path", "uri", "impact"}` (impact_json.h).
 */
#ifndef LF_REPORT_SARIF_H
#define LF_REPORT_SARIF_H

#include "buf.h"
#include "report.h"

#include <stdbool.h>
#include <stddef.h>

#define LF_SARIF_RULE_ERROR "syntax-error"
#define LF_SARIF_RULE_TOOL "layerfix"

/* Appends the SARIF document for r to out, ending with a newline. */
void lf_report_sarif(lf_buf *out, const lf_report *r);

/* The lines a tool that wants a real range (SARIF, GitHub annotations)
 * shows for the old lines [line, end_line] of a report (see report.h):
 * *start >= 1 and *end >= *start. An insertion between two lines
 * (end_line == line - 1) becomes the line it goes before; line 0 (the
 * file as a whole) becomes line 1. When f is not NULL, both are also kept
 * within f's old text (an insertion at the end of a file of N lines, line
 * N + 1, shows on line N; a new file shows on line 1). */
void lf_report_show_lines(const lf_report_file *f, size_t line, size_t end_line, size_t *start,
                          size_t *end);

/* Appends path as the URI of an artifact: '/' kept, every byte but
 * A-Z a-z 0-9 - . _ ~ percent-encoded, a leading "./" dropped. Returns
 * true when the path is relative (the URI then goes with a uriBaseId). */
bool lf_sarif_uri(lf_buf *out, const char *path);

#endif
