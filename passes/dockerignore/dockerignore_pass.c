/*
 * The dockerignore pass under the pass contract: a pass over a build unit
 * whose result is an edit of each ignore file its Dockerfiles read
 * (dockerignore.h says what it proposes and why).
 */
#include "dockerignore.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

#define PASS "dockerignore"

/* One ignore file and the Dockerfiles that read it. */
typedef struct group {
    lf_buf path;
    const lf_doc **docs;
    const lf_analysis **ans;
    size_t n;
} group;

/* The reason of the change: the rules and what the builder is sent. */
static void change_why(const lf_dockerignore_result *r, bool existed, const char *dir, lf_buf *why)
{
    lf_buf_printf(why, "%s %zu rule%s to exclude from the build context:",
                  existed ? "adds" : "creates the file with", r->added.n,
                  r->added.n == 1 ? "" : "s");
    for (size_t i = 0; i < r->added.n; i++)
        lf_buf_printf(why, "%s %s", i ? "," : "", r->added.items[i].s);
    lf_buf_adds(why, "; ");
    lf_dockerignore_format_report(r, dir, why);
    if (why->len && why->data[why->len - 1] == '\n')
        why->data[--why->len] = 0;
    if (r->quiet.n == 0)
        return;
    lf_buf_adds(why, "; changes to ");
    size_t shown = r->quiet.n > 5 ? 5 : r->quiet.n;
    for (size_t i = 0; i < shown; i++)
        lf_buf_printf(why, "%s`%s`",
                      i == 0                ? ""
                      : i + 1 == r->quiet.n ? " and "
                                            : ", ",
                      r->quiet.items[i].s);
    if (shown < r->quiet.n)
        lf_buf_printf(why, " and %zu more", r->quiet.n - shown);
    lf_buf_adds(why, " no longer invalidate a COPY of the whole context or a directory");
}

static void propose(const group *g, lf_ctx *ctx, lf_doc_edits *out)
{
    lf_buf existing = LF_BUF_INIT;
    bool exists = lf_context_read_path(ctx->context, g->path.data, &existing) == 0;
    lf_buf_adds(&existing, "");
    lf_dockerignore_result r = {0};
    if (lf_dockerignore_propose(&r, ctx->context, g->docs, g->ans, g->n,
                                exists ? existing.data : NULL, exists ? existing.len : 0) == 0 ||
        r.nnotes > 0) {
        lf_doc_edit *e = lf_doc_edits_add(out, LF_DOC_IGNORE, g->path.data);
        for (size_t k = 0; k < r.nnotes; k++)
            lf_doc_edit_note(e, PASS, r.notes[k].path, r.notes[k].line, r.notes[k].msg);
        if (r.changed) {
            lf_buf why = LF_BUF_INIT;
            change_why(&r, exists, lf_context_display(ctx->context), &why);
            lf_edits_from_texts(&e->edits, exists ? existing.data : "", exists ? existing.len : 0,
                                r.text, r.len, PASS, why.data);
            lf_buf_free(&why);
            e->has_sizes = true;
            e->before = (lf_context_size){r.before.files, r.before.bytes};
            e->after = (lf_context_size){r.after.files, r.after.bytes};
            for (size_t k = 0; k < r.quiet.n; k++)
                lf_strv_push(&e->quiet, r.quiet.items[k].s, r.quiet.items[k].len);
        }
    }
    lf_dockerignore_result_free(&r);
    lf_buf_free(&existing);
}

int lf_pass_dockerignore(const lf_unit_view *u, lf_ctx *ctx, lf_doc_edits *out)
{
    if (!ctx->context)
        return 0;
    group *gs = calloc(u->n ? u->n : 1, sizeof *gs);
    size_t ng = 0;
    lf_buf p = LF_BUF_INIT;
    for (size_t i = 0; i < u->n; i++) {
        lf_context_ignore_path(ctx->context, u->files[i].path, &p);
        size_t k = 0;
        while (k < ng && strcmp(gs[k].path.data, p.data) != 0)
            k++;
        if (k == ng) {
            lf_buf_adds(&gs[ng].path, p.data);
            gs[ng].docs = calloc(u->n, sizeof *gs[ng].docs);
            gs[ng].ans = calloc(u->n, sizeof *gs[ng].ans);
            ng++;
        }
        gs[k].ans[gs[k].n] = u->files[i].an;
        gs[k].docs[gs[k].n++] = u->files[i].doc;
    }
    for (size_t k = 0; k < ng; k++) {
        propose(&gs[k], ctx, out);
        lf_buf_free(&gs[k].path);
        free(gs[k].docs);
        free(gs[k].ans);
    }
    lf_buf_free(&p);
    free(gs);
    return 0;
}
