/*
 * The GitHub Actions report (--format=github): workflow commands that a
 * step's output turns into annotations on the pull request, one line each:
 *
 *   ::warning file=PATH,line=L,endLine=E,title=layerfix [PASS]::REASON
 *       one per proposed change (lines from lf_report_show_lines);
 *   ::notice file=PATH,line=L,title=layerfix [PASS]::MESSAGE
 *       one per note (::warning for a warning note; title "layerfix" for a
 *       note of layerfix itself; no line for a note about the whole file);
 *   ::error file=PATH,line=L,col=C,title=layerfix::MESSAGE
 *       one per error (line and col left out when 0).
 *
 * PATH is the file's path as shown, without a leading "./".
 *
 * Escaping is the one of the Actions toolkit (@actions/core): in the
 * message `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in a property value
 * `:` and `,` also become `%3A` and `%2C`.
 */
#ifndef LF_REPORT_GITHUB_H
#define LF_REPORT_GITHUB_H

#include "buf.h"
#include "report.h"

#include <stdbool.h>

/* Appends the commands for r to out, each ending with a newline. A report
 * with nothing to say appends nothing. */
void lf_report_github(lf_buf *out, const lf_report *r);

/* Appends s escaped as a command's message (property false) or as a
 * property value (property true). */
void lf_github_escape(lf_buf *out, const char *s, bool property);

#endif
