/*
 * Unified diffs of a rewritten file, made with libgit2 (git_patch_from_buffers)
 * so that `git apply` takes them: `diff --git a/P b/P`, `--- a/P`, `+++ b/P`,
 * hunks with 3 lines of context, "\ No newline at end of file" where needed.
 * With explain, each hunk is followed by the passes that made it and why.
 */
#ifndef LF_DIFF_H
#define LF_DIFF_H

#include "buf.h"
#include "pipeline.h"

#include <stdbool.h>

/* Appends the diff of res->input -> res->output, labelled with path (as the
 * user should see it, relative to the repository or cwd). Returns 0, or -1 on
 * a libgit2 failure (message in err). */
int lf_diff_result(lf_buf *out, const lf_result *res, const char *path, bool color, bool explain,
                   lf_buf *err);

/* The diff of any two texts of path; old == NULL means a new file (shown as
 * `new file mode 100644`, `--- /dev/null`). why, when not NULL, is printed
 * under the last hunk as `# [pass] why`. */
int lf_diff_texts(lf_buf *out, const char *path, const char *old, size_t old_len,
                  const char *new_text, size_t new_len, bool color, const char *pass,
                  const char *why, lf_buf *err);

/* The 1-based original line an edit of pass run k starts at. */
size_t lf_diff_edit_line(const lf_result *res, size_t k, const lf_edit *ed);

#endif
