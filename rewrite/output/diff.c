/* Unified diffs (see diff.h). */
#include "diff.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_CYAN "\033[36m"
#define C_YELLOW "\033[33m"

static size_t lf_diff__line_of(const char *s, size_t len, size_t offset)
{
    size_t line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += s[i] == '\n';
    return line;
}

size_t lf_diff_edit_line(const lf_result *res, size_t k, const lf_edit *ed)
{
    size_t off = lf_result_map_back(res, k, ed->start);
    return lf_diff__line_of(res->input, res->input_len, off);
}

/* One line of a hunk: origin char and content, or the no-newline marker. */
static void lf_diff__line(lf_buf *out, const git_diff_line *line, bool color)
{
    const char *col = "";
    switch (line->origin) {
    case GIT_DIFF_LINE_ADDITION:
        col = C_GREEN;
        break;
    case GIT_DIFF_LINE_DELETION:
        col = C_RED;
        break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
        lf_buf_adds(out, "\\ No newline at end of file\n");
        return;
    default:
        break;
    }
    if (color && *col)
        lf_buf_adds(out, col);
    lf_buf_addc(out, line->origin);
    size_t len = line->content_len;
    bool has_nl = len > 0 && line->content[len - 1] == '\n';
    lf_buf_add(out, line->content, has_nl ? len - 1 : len);
    if (color && *col)
        lf_buf_adds(out, C_RESET);
    lf_buf_addc(out, '\n');
}

typedef struct {
    size_t run, edit, line;
    bool shown;
} lf_diff__note;

static void lf_diff__explain(lf_buf *out, lf_diff__note *notes, size_t n, const lf_result *res,
                             size_t lo, size_t hi, bool last, bool color)
{
    for (size_t i = 0; i < n; i++) {
        lf_diff__note *nt = &notes[i];
        if (nt->shown || (!last && (nt->line < lo || nt->line > hi)))
            continue;
        nt->shown = true;
        const lf_edit *ed = &res->runs[nt->run].edits.items[nt->edit];
        lf_buf_printf(out, "%s# [%s] line %zu: %s%s\n", color ? C_YELLOW : "", ed->pass, nt->line,
                      ed->why, color ? C_RESET : "");
    }
}

int lf_diff_result(lf_buf *out, const lf_result *res, const char *path, bool color, bool explain,
                   lf_buf *err)
{
    git_libgit2_init();
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 3;
    lf_buf a = LF_BUF_INIT, b = LF_BUF_INIT;
    lf_buf_printf(&a, "a/%s", path);
    lf_buf_printf(&b, "b/%s", path);
    git_patch *patch = NULL;
    int rc = git_patch_from_buffers(&patch, res->input, res->input_len, a.data, res->output,
                                    res->output_len, b.data, &opts);
    if (rc != 0) {
        const git_error *e = git_error_last();
        lf_buf_printf(err, "%s: error: cannot diff: %s", path, e ? e->message : "libgit2 failed");
        lf_buf_free(&a);
        lf_buf_free(&b);
        git_libgit2_shutdown();
        return -1;
    }
    size_t nnotes = 0;
    for (size_t k = 0; k < res->nruns; k++)
        if (!res->runs[k].dropped)
            nnotes += res->runs[k].edits.n;
    lf_diff__note *notes = calloc(nnotes ? nnotes : 1, sizeof *notes);
    size_t ni = 0;
    for (size_t k = 0; k < res->nruns; k++) {
        if (res->runs[k].dropped)
            continue;
        for (size_t e = 0; e < res->runs[k].edits.n; e++)
            notes[ni++] = (lf_diff__note){
                k, e, lf_diff_edit_line(res, k, &res->runs[k].edits.items[e]), false};
    }
    size_t nh = git_patch_num_hunks(patch);
    if (nh > 0) {
        lf_buf_printf(out, "%sdiff --git %s %s\n", color ? C_BOLD : "", a.data, b.data);
        if (res->is_new)
            lf_buf_adds(out, "new file mode 100644\n");
        lf_buf_printf(out, "--- %s\n+++ %s%s\n", res->is_new ? "/dev/null" : a.data, b.data,
                      color ? C_RESET : "");
    }
    for (size_t h = 0; h < nh; h++) {
        const git_diff_hunk *hunk;
        size_t nlines;
        git_patch_get_hunk(&hunk, &nlines, patch, h);
        lf_buf_printf(out, "%s%.*s%s", color ? C_CYAN : "", (int)hunk->header_len, hunk->header,
                      color ? C_RESET : "");
        if (hunk->header_len == 0 || hunk->header[hunk->header_len - 1] != '\n')
            lf_buf_addc(out, '\n');
        for (size_t l = 0; l < nlines; l++) {
            const git_diff_line *line;
            git_patch_get_line_in_hunk(&line, patch, h, l);
            lf_diff__line(out, line, color);
        }
        if (explain) {
            size_t lo = (size_t)hunk->old_start;
            size_t hi = lo + (size_t)(hunk->old_lines > 0 ? hunk->old_lines : 1);
            lf_diff__explain(out, notes, nnotes, res, lo, hi, h + 1 == nh, color);
        }
    }
    free(notes);
    git_patch_free(patch);
    lf_buf_free(&a);
    lf_buf_free(&b);
    git_libgit2_shutdown();
    return 0;
}

int lf_diff_texts(lf_buf *out, const char *path, const char *old, size_t old_len,
                  const char *new_text, size_t new_len, bool color, const char *pass,
                  const char *why, lf_buf *err)
{
    git_libgit2_init();
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = 3;
    lf_buf a = LF_BUF_INIT, b = LF_BUF_INIT;
    lf_buf_printf(&a, "a/%s", path);
    lf_buf_printf(&b, "b/%s", path);
    git_patch *patch = NULL;
    int rc = git_patch_from_buffers(&patch, old, old ? old_len : 0, a.data, new_text, new_len,
                                    b.data, &opts);
    if (rc != 0) {
        const git_error *e = git_error_last();
        lf_buf_printf(err, "%s: error: cannot diff: %s", path, e ? e->message : "libgit2 failed");
    } else if (git_patch_num_hunks(patch) > 0) {
        lf_buf_printf(out, "%sdiff --git %s %s\n", color ? C_BOLD : "", a.data, b.data);
        if (!old)
            lf_buf_adds(out, "new file mode 100644\n");
        lf_buf_printf(out, "--- %s\n+++ %s%s\n", old ? a.data : "/dev/null", b.data,
                      color ? C_RESET : "");
        size_t nh = git_patch_num_hunks(patch);
        for (size_t h = 0; h < nh; h++) {
            const git_diff_hunk *hunk;
            size_t nlines;
            git_patch_get_hunk(&hunk, &nlines, patch, h);
            lf_buf_printf(out, "%s%.*s%s", color ? C_CYAN : "", (int)hunk->header_len, hunk->header,
                          color ? C_RESET : "");
            for (size_t l = 0; l < nlines; l++) {
                const git_diff_line *line;
                git_patch_get_line_in_hunk(&line, patch, h, l);
                lf_diff__line(out, line, color);
            }
        }
        if (why)
            lf_buf_printf(out, "%s# [%s] %s%s\n", color ? C_YELLOW : "", pass, why,
                          color ? C_RESET : "");
    }
    git_patch_free(patch);
    lf_buf_free(&a);
    lf_buf_free(&b);
    git_libgit2_shutdown();
    return rc == 0 ? 0 : -1;
}
