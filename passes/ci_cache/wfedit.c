/*
 * The text the ci-cache pass inserts into a workflow: cache keys in a
 * build-push step's `with:` mapping (or a new `with:` block), and a
 * setup-buildx step. Insertions only, each a whole line or lines, written
 * in the workflow's own style: the indentation of the neighbouring keys,
 * their quoting, the file's newline; comments and everything else stay as
 * they are.
 */
#include "ci.h"
#include "wf.h"

#include <stdio.h>
#include <string.h>

#define PASS "ci-cache"

size_t wf_col(const wf *w, size_t off)
{
    size_t p = off;
    while (p > 0 && w->text[p - 1] != '\n')
        p--;
    return off - p;
}

static size_t line_start(const wf *w, size_t off)
{
    return off - wf_col(w, off);
}

char wf_quote_of(const wf *w, size_t m, bool keys)
{
    const lf_ynode *n = &w->t.nodes[m];
    int q = -1;
    for (size_t i = keys ? 0 : 1; i < n->nkids; i += 2) {
        const lf_ynode *v = &w->t.nodes[n->kids[i]];
        if (v->kind != LF_Y_SCALAR || v->style == LF_YS_LITERAL || v->style == LF_YS_FOLDED ||
            (v->style == LF_YS_PLAIN && v->len == 0))
            continue;
        int s = v->style == LF_YS_SINGLE ? '\'' : v->style == LF_YS_DOUBLE ? '"' : 0;
        if (q < 0)
            q = s;
        else if (q != s)
            return 0;
    }
    return q < 0 ? 0 : (char)q;
}

void wf_add_scalar(lf_buf *b, const char *s, char q)
{
    if (!q) {
        lf_buf_adds(b, s);
        return;
    }
    lf_buf_addc(b, q);
    for (; *s; s++) {
        if (*s == q)
            lf_buf_addc(b, q == '\'' ? '\'' : '\\');
        else if (*s == '\\' && q == '"')
            lf_buf_addc(b, '\\');
        lf_buf_addc(b, *s);
    }
    lf_buf_addc(b, q);
}

static void spaces(lf_buf *b, size_t n)
{
    while (n--)
        lf_buf_addc(b, ' ');
}

/* Where a new line goes after text that ends at end: the start of the next
 * line (a block scalar already ends there). At the end of a file without a
 * final newline, *need_nl is set: the insertion starts with one. */
static size_t after_line(const wf *w, size_t end, bool *need_nl)
{
    *need_nl = false;
    if (end > 0 && w->text[end - 1] == '\n')
        return end;
    while (end < w->len && w->text[end] != '\n')
        end++;
    if (end < w->len)
        return end + 1;
    *need_nl = true;
    return w->len;
}

/* Moves text's final newline to its start (an insertion at the end of a
 * file that has no final newline). */
static void newline_first(const wf *w, lf_buf *text)
{
    size_t nl = strlen(w->nl);
    lf_buf moved = LF_BUF_INIT;
    lf_buf_adds(&moved, w->nl);
    lf_buf_add(&moved, text->data, text->len - nl);
    lf_buf_free(text);
    *text = moved;
}

/* `KEY: VALUE` + newline at column col. */
static void key_line(const wf *w, lf_buf *b, size_t col, const char *key, char kq,
                     const char *value, char q)
{
    spaces(b, col);
    wf_add_scalar(b, key, kq);
    lf_buf_adds(b, ":");
    if (value) {
        lf_buf_adds(b, " ");
        wf_add_scalar(b, value, q);
    }
    lf_buf_adds(b, w->nl);
}

void wf_cache_values(const char *scope, lf_buf *from, lf_buf *to)
{
    lf_buf_adds(from, lf_gha.gha_from);
    if (scope)
        lf_buf_printf(from, ",%s=%s", lf_gha.scope_opt, scope);
    lf_buf_printf(to, "%s,%s", lf_buf_cstr(from), lf_gha.mode_max);
}

void wf_add_cache_keys(wf *w, const wf_step *s)
{
    const char *scope = w->several ? s->image : NULL;
    const lf_ytree *t = &w->t;
    lf_buf text = LF_BUF_INIT, from = LF_BUF_INIT, to = LF_BUF_INIT;
    wf_cache_values(scope, &from, &to);
    bool need_nl;
    size_t at, col;
    char q, kq;
    if (s->with == LF_YNONE) { /* a new `with:` block after the step's last entry */
        size_t kcol = wf_col(w, t->nodes[t->nodes[s->node].kids[0]].start);
        at = after_line(w, lf_ynode_last_byte(t, s->node), &need_nl);
        q = wf_quote_of(w, s->node, false);
        kq = wf_quote_of(w, s->node, true);
        key_line(w, &text, kcol, lf_gha.with, kq, NULL, 0);
        col = kcol + w->unit;
    } else if (t->nodes[s->with].kind == LF_Y_SCALAR) { /* `with:` and nothing */
        at = after_line(w, t->nodes[s->with_key].end, &need_nl);
        col = wf_col(w, t->nodes[s->with_key].start) + w->unit;
        q = wf_quote_of(w, s->node, false);
        kq = wf_quote_of(w, s->node, true);
    } else { /* after the last entry of the block mapping */
        const lf_ynode *m = &t->nodes[s->with];
        col = wf_col(w, t->nodes[m->kids[0]].start);
        at = after_line(w, lf_ynode_last_byte(t, s->with), &need_nl);
        q = wf_quote_of(w, s->with, false);
        kq = wf_quote_of(w, s->with, true);
    }
    key_line(w, &text, col, lf_gha.in_cache_from, kq, lf_buf_cstr(&from), q);
    key_line(w, &text, col, lf_gha.in_cache_to, kq, lf_buf_cstr(&to), q);
    if (need_nl) /* the file ends without a newline: so does the edited file */
        newline_first(w, &text);
    lf_buf why = LF_BUF_INIT;
    lf_buf_printf(&why,
                  "the build imports and exports its layers through the GitHub Actions cache "
                  "(%s, %s: the layers of every stage), so a fresh runner starts from the last "
                  "build's layers instead of an empty cache",
                  lf_gha.gha_from, lf_gha.mode_max);
    if (scope)
        lf_buf_printf(&why,
                      "; %s=%s keeps this image's cache apart from the other images the "
                      "workflow builds",
                      lf_gha.scope_opt, scope);
    lf_edits_add(w->out, at, at, text.data, text.len, PASS, lf_buf_cstr(&why));
    lf_buf_free(&why);
    lf_buf_free(&text);
    lf_buf_free(&from);
    lf_buf_free(&to);
}

/* Is text[a..b) blank (spaces, a CR)? */
static bool blank(const wf *w, size_t a, size_t b)
{
    for (; a < b; a++)
        if (w->text[a] != ' ' && w->text[a] != '\r' && w->text[a] != '\n' && w->text[a] != '\t')
            return false;
    return true;
}

/* The start of the comment lines directly above the line starting at ls
 * (ls when there are none); *blank_above is set when a blank line comes
 * before them. */
static size_t comments_above(const wf *w, size_t ls, bool *blank_above)
{
    *blank_above = false;
    while (ls > 0) {
        size_t prev = line_start(w, ls - 1), p = prev;
        while (p < ls && w->text[p] == ' ')
            p++;
        if (blank(w, prev, ls)) {
            *blank_above = true;
            break;
        }
        if (w->text[p] != '#')
            break;
        ls = prev;
    }
    return ls;
}

int wf_add_setup_buildx(wf *w, const wf_step *s)
{
    const lf_ytree *t = &w->t;
    size_t key = t->nodes[t->nodes[s->node].kids[0]].start;
    size_t ls = line_start(w, key), p = ls;
    while (p < key && w->text[p] == ' ')
        p++;
    size_t dash = p - ls;
    if (p >= key || w->text[p] != '-' || !blank(w, p + 1, key) || p + 1 == key) {
        lf_ctx_note(w->ctx, key,
                    "%s is needed before this step (the gha cache needs a builder that exports "
                    "caches) but the step's `-` is not on its first key's line; add it by hand",
                    lf_gha.setup_buildx);
        return -1;
    }
    bool blank_above;
    size_t at = comments_above(w, ls, &blank_above);
    size_t kcol = key - ls;
    char q = wf_quote_of(w, s->node, false), kq = wf_quote_of(w, s->node, true);
    lf_buf text = LF_BUF_INIT, ref = LF_BUF_INIT;
    if (w->buildx_ref)
        lf_buf_adds(&ref, w->buildx_ref);
    else
        lf_buf_printf(&ref, "%s@v%u", lf_gha.setup_buildx, lf_ci_setup_buildx_major(s->major));
    spaces(&text, dash);
    lf_buf_addc(&text, '-');
    spaces(&text, kcol - dash - 1);
    size_t first = 0; /* the first key line has the dash already */
    if (lf_ymap_get(t, s->node, lf_gha.name, NULL) != LF_YNONE) {
        key_line(w, &text, first, lf_gha.name, kq, lf_gha.setup_buildx_step_name, q);
        first = kcol;
    }
    key_line(w, &text, first, lf_gha.uses, kq, lf_buf_cstr(&ref), q);
    if (blank_above && at > 0)
        lf_buf_adds(&text, w->nl);
    lf_buf why = LF_BUF_INIT;
    lf_buf_printf(&why,
                  "%s creates a builder that exports caches (the default %s driver exports "
                  "none without the containerd image store), which the gha cache of the build "
                  "step below needs",
                  lf_gha.setup_buildx, lf_gha.driver_docker);
    lf_edits_add(w->out, at, at, text.data, text.len, PASS, lf_buf_cstr(&why));
    lf_buf_free(&why);
    lf_buf_free(&text);
    lf_buf_free(&ref);
    return 0;
}
