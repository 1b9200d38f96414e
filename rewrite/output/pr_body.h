/*
 * The pull-request body of bot mode (design.md "Outputs and modes",
 * --pr-body FILE): GitHub-flavoured Markdown made from the run report. A
 * title, a one-paragraph summary, what the change buys (the cache-impact
 * estimates), with --verify whether each build gives the same image (and
 * what differs where it does not), a table of the files changed, then one
 * section per step (one pass's change to one file) with its diff, why it
 * helps the cache, the reasons of its edits with their lines and what that
 * pass left alone; the findings not tied to a change; the trade-offs of
 * what a pass set up or suggested (lf_pass.tradeoffs: the cache backends of
 * ci-cache); the honest caveats that apply; the files not changed because
 * of errors. A file whose build did not verify as the same image (held)
 * is left out of the pull request: the body lists it under the
 * verification and shows none of its changes.
 */
#ifndef LF_PR_BODY_H
#define LF_PR_BODY_H

#include "buf.h"
#include "report.h"

/* Appends the body for r to out. A report without changes gives a short
 * body saying there is nothing to change (and the files with errors). */
void lf_pr_body(lf_buf *out, const lf_report *r);

#endif
