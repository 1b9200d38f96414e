/*
 * The pull-request body (see pr_body.h). Everything that comes from the
 * user's files (paths, notes, error messages) goes through the Markdown
 * writers below so that it cannot break the layout: paths are code spans,
 * texts are escaped except their own `code spans`, table cells escape `|`,
 * and diffs sit in a fence longer than any backtick run they contain.
 */
#include "pr_body.h"

#include "diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Markdown writers ------------------------------------------------------------ */

static size_t lf_pr__longest_run(const char *s, size_t len, char c)
{
    size_t best = 0, run = 0;
    for (size_t i = 0; i < len; i++) {
        run = s[i] == c ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* s as a code span: delimited by one backtick more than its longest run,
 * padded when it starts or ends with a backtick, on one line; in a table
 * cell `|` is escaped (GFM reads the cell boundaries first). */
static void lf_pr__code(lf_buf *out, const char *s, bool cell)
{
    size_t len = strlen(s);
    size_t ticks = lf_pr__longest_run(s, len, '`') + 1;
    bool pad = len > 0 && (s[0] == '`' || s[len - 1] == '`');
    for (size_t i = 0; i < ticks; i++)
        lf_buf_addc(out, '`');
    if (pad)
        lf_buf_addc(out, ' ');
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r')
            lf_buf_addc(out, ' ');
        else if (c == '|' && cell)
            lf_buf_adds(out, "\\|");
        else
            lf_buf_addc(out, c);
    }
    if (pad)
        lf_buf_addc(out, ' ');
    for (size_t i = 0; i < ticks; i++)
        lf_buf_addc(out, '`');
}

/* The length of the code span that starts with the backtick run at s (up
 * to and including its closing run), or 0 when the run is not closed. */
static size_t lf_pr__span(const char *s)
{
    size_t open = strspn(s, "`");
    for (const char *p = s + open; *p;) {
        if (*p != '`') {
            p++;
            continue;
        }
        size_t run = strspn(p, "`");
        if (run == open)
            return (size_t)(p + run - s);
        p += run;
    }
    return 0;
}

/* Inline text (one line): the writer's own `code spans` are kept as they
 * are, every other character that Markdown could read as syntax is
 * backslash-escaped, so that a note reads as the same words on GitHub. */
static void lf_pr__text(lf_buf *out, const char *s, bool cell)
{
    bool line_start = true;
    while (*s) {
        char c = *s;
        if (c == '`') {
            size_t n = lf_pr__span(s);
            if (n) {
                for (size_t i = 0; i < n; i++) {
                    char k = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
                    if (k == '|' && cell)
                        lf_buf_addc(out, '\\');
                    lf_buf_addc(out, k);
                }
                s += n;
                line_start = false;
                continue;
            }
        }
        if (c == '\n' || c == '\r') {
            lf_buf_addc(out, ' ');
            s++;
            continue;
        }
        if (line_start && (c == ' ' || c == '\t')) {
            s++; /* leading blanks would make an indented code block */
            continue;
        }
        /* block syntax at the start: headings, lists, quotes, rules */
        size_t digits = strspn(s, "0123456789");
        if (line_start && digits && (s[digits] == '.' || s[digits] == ')')) {
            lf_buf_add(out, s, digits); /* an ordered list marker */
            lf_buf_addc(out, '\\');
            lf_buf_addc(out, s[digits]);
            s += digits + 1;
            line_start = false;
            continue;
        }
        bool block = line_start && strchr("#>-+=", c);
        if (block || strchr("\\`*_[]<>|~&!", c))
            lf_buf_addc(out, '\\');
        lf_buf_addc(out, c);
        line_start = false;
        s++;
    }
}

/* A fenced block holding text; the fence is longer than any backtick run
 * in it, so no line of the text can close it. */
static void lf_pr__fence(lf_buf *out, const char *info, const char *text, size_t len)
{
    size_t ticks = lf_pr__longest_run(text, len, '`') + 1;
    if (ticks < 3)
        ticks = 3;
    for (size_t i = 0; i < ticks; i++)
        lf_buf_addc(out, '`');
    lf_buf_printf(out, "%s\n", info);
    lf_buf_add(out, text, len);
    if (len && text[len - 1] != '\n')
        lf_buf_addc(out, '\n');
    for (size_t i = 0; i < ticks; i++)
        lf_buf_addc(out, '`');
    lf_buf_adds(out, "\n\n");
}

/* --- facts of the report ----------------------------------------------------------- */

static size_t lf_pr__lines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n + (len > 0 && s[len - 1] != '\n');
}

static size_t lf_pr__count(const char *s, size_t len, const char *needle)
{
    size_t n = 0, nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(s + i, needle, nl) == 0)
            n++;
    return n;
}

/* Whether a step of f belongs to pass (a note of that pass goes under it). */
static bool lf_pr__has_step(const lf_report_file *f, const char *pass)
{
    for (size_t i = 0; i < f->nsteps; i++)
        if (strcmp(f->steps[i].pass, pass) == 0)
            return true;
    return false;
}

static bool lf_pr__pass_changed(const lf_report *r, const char *pass)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->files[i].changed && lf_pr__has_step(&r->files[i], pass))
            return true;
    return false;
}

/* A step that adds a RUN --mount where there was none. */
static bool lf_pr__adds_mounts(const lf_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (!f->changed || f->kind != LF_REPORT_DOCKERFILE)
            continue;
        for (size_t s = 0; s < f->nsteps; s++)
            if (lf_pr__count(f->steps[s].after, f->steps[s].after_len, "--mount=") >
                lf_pr__count(f->steps[s].before, f->steps[s].before_len, "--mount="))
                return true;
    }
    return false;
}

/* "line 3", "lines 3-5", "before line 3", "at the end", "new file". */
static void lf_pr__where(lf_buf *out, const lf_report_file *f, const lf_report_change *c)
{
    if (!f->old_text)
        lf_buf_adds(out, "new file");
    else if (c->end_line < c->line && c->line > lf_pr__lines(f->old_text, f->old_len))
        lf_buf_adds(out, "at the end");
    else if (c->end_line < c->line)
        lf_buf_printf(out, "before line %zu", c->line);
    else if (c->end_line == c->line)
        lf_buf_printf(out, "line %zu", c->line);
    else
        lf_buf_printf(out, "lines %zu\xe2\x80\x93%zu", c->line, c->end_line);
}

/* A change's reason. An ignore file's reason ends with the build context
 * sizes, which its section already shows. */
static void lf_pr__why(lf_buf *out, const lf_report_file *f, const char *why)
{
    const char *cut = f->kind == LF_REPORT_IGNORE ? strstr(why, "; build context ") : NULL;
    if (!cut) {
        lf_pr__text(out, why, false);
        return;
    }
    char *head = malloc((size_t)(cut - why) + 1);
    if (!head)
        abort();
    memcpy(head, why, (size_t)(cut - why));
    head[cut - why] = 0;
    lf_pr__text(out, head, false);
    free(head);
}

static void lf_pr__note(lf_buf *out, const lf_report_file *f, const lf_report_note *n,
                        bool with_pass)
{
    lf_buf_adds(out, "- ");
    if (n->warning)
        lf_buf_adds(out, "**warning:** ");
    bool other = n->path && strcmp(n->path, f->path) != 0;
    if (other) {
        lf_pr__code(out, n->path, false);
        lf_buf_adds(out, n->line ? " " : ": ");
    }
    if (n->line)
        lf_buf_printf(out, "line %zu: ", n->line);
    if (with_pass && n->pass)
        lf_buf_printf(out, "[%s] ", n->pass);
    lf_pr__text(out, n->msg ? n->msg : "", false);
    lf_buf_addc(out, '\n');
}

/* --- sections ------------------------------------------------------------------------ */

static void lf_pr__summary(lf_buf *out, const lf_report *r, size_t nchanged)
{
    lf_buf_printf(out,
                  "layerfix changed %zu file%s so that Docker builds reuse their cache. "
                  "Passes: ",
                  nchanged, nchanged == 1 ? "" : "s");
    bool first = true;
    for (size_t p = 0; r->passes && p < r->passes->n; p++) {
        const lf_pass *pass = &r->passes->passes[p];
        size_t files = 0;
        for (size_t i = 0; i < r->n; i++)
            files += r->files[i].changed && lf_pr__has_step(&r->files[i], pass->id);
        if (!files)
            continue;
        lf_buf_printf(out, "%s**%s** (%zu file%s)", first ? "" : ", ", pass->id, files,
                      files == 1 ? "" : "s");
        first = false;
    }
    lf_buf_adds(out, ". Each section below is one pass's change to one file: the diff, why it "
                     "helps the cache, and what that pass left alone. Line numbers are those of "
                     "the files on the base branch.\n\n");
}

/* The RUN steps of one side of an event: "3: `a`, `b`, `c`", "0". */
static void lf_pr__runs(lf_buf *out, const lf_impact_runs *runs)
{
    lf_buf_printf(out, "%zu", runs->n);
    for (size_t i = 0; i < runs->n; i++) {
        lf_buf_adds(out, i ? ", " : ": ");
        lf_pr__code(out, runs->steps[i].label, true);
    }
}

/* What the change buys: per Dockerfile, target and event, the RUN steps
 * that re-run before and after (the cache-impact estimate). */
static void lf_pr__impact(lf_buf *out, const lf_report *r)
{
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const lf_impact *im = r->files[i].impact;
        for (size_t t = 0; im && t < im->ntargets; t++)
            for (size_t e = 0; e < im->targets[t].nevents; e++) {
                const lf_impact_event *ev = &im->targets[t].events[e];
                if (!any)
                    lf_buf_adds(out, "**What it buys:** the RUN steps that re-run after an "
                                     "everyday change, before and after this pull request "
                                     "(estimated under BuildKit's cache rules).\n\n"
                                     "| File | Change | RUN steps re-run before | After |\n"
                                     "| --- | --- | --- | --- |\n");
                any = true;
                lf_buf_adds(out, "| ");
                lf_pr__code(out, r->files[i].path, true);
                if (im->targets[t].name) {
                    lf_buf_adds(out, " (target ");
                    lf_pr__code(out, im->targets[t].name, true);
                    lf_buf_addc(out, ')');
                }
                lf_buf_printf(out, " | %s ", lf_impact_kind_name(ev->kind));
                lf_pr__code(out, ev->subject, true);
                lf_buf_adds(out, " | ");
                lf_pr__runs(out, &ev->before);
                lf_buf_adds(out, " | ");
                lf_pr__runs(out, &ev->after);
                lf_buf_adds(out, " |\n");
            }
    }
    if (any)
        lf_buf_addc(out, '\n');
}

static bool lf_pr__any_held(const lf_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->files[i].held)
            return true;
    return false;
}

/* --verify: per Dockerfile, what building both versions said, and the
 * files left out because of it. */
static void lf_pr__verification(lf_buf *out, const lf_report *r)
{
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_verify *v = r->files[i].verify;
        if (!v)
            continue;
        if (!any)
            lf_buf_printf(out,
                          "**Does it build the same image:** `--verify` built the original and "
                          "the rewritten Dockerfile with %s and compared the file trees and the "
                          "image configuration.\n\n| File | Verification |\n| --- | --- |\n",
                          v->builder);
        any = true;
        lf_buf_adds(out, "| ");
        lf_pr__code(out, r->files[i].path, true);
        lf_buf_adds(out, " | ");
        lf_pr__text(out, v->message, true);
        if (r->files[i].held)
            lf_buf_adds(out, "; **left out of this pull request**");
        if (v->rebuild) {
            lf_buf_adds(out, "; ");
            lf_pr__text(out, v->rebuild, true);
        }
        lf_buf_adds(out, " |\n");
    }
    if (any)
        lf_buf_addc(out, '\n');
    if (lf_pr__any_held(r)) {
        lf_buf_adds(out, "Left out of this pull request, since their build did not verify as the "
                         "same image:");
        const char *sep = " ";
        for (size_t i = 0; i < r->n; i++)
            if (r->files[i].held) {
                lf_buf_adds(out, sep);
                lf_pr__code(out, r->files[i].path, false);
                sep = ", ";
            }
        lf_buf_adds(out, ".\n\n");
    }
}

/* --verify: what differs, or the builder's last lines, for each Dockerfile
 * that did not verify as the same image. */
static void lf_pr__verify_details(lf_buf *out, const lf_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_verify *v = r->files[i].verify;
        if (!v || v->status == LF_REPORT_VERIFY_SAME || !v->details.n)
            continue;
        lf_buf_adds(out, "### Verification of ");
        lf_pr__code(out, r->files[i].path, false);
        lf_buf_adds(out, v->status == LF_REPORT_VERIFY_DIFFERENT
                             ? "\n\nWhat differs:\n\n"
                             : "\n\nThe builder's last lines:\n\n");
        lf_buf text = LF_BUF_INIT;
        size_t max = 20;
        for (size_t k = 0; k < v->details.n && k < max; k++)
            lf_buf_printf(&text, "%s\n", v->details.items[k].s);
        if (v->details.n > max)
            lf_buf_printf(&text, "... and %zu more\n", v->details.n - max);
        lf_pr__fence(out, "text", lf_buf_cstr(&text), text.len);
        lf_buf_free(&text);
    }
}

static void lf_pr__table(lf_buf *out, const lf_report *r)
{
    lf_buf_adds(out, "| File | Passes | Lines changed |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (!f->changed)
            continue;
        lf_buf passes = LF_BUF_INIT;
        lf_report_file_passes(f, &passes);
        size_t added, removed;
        lf_report_file_linestat(f, &added, &removed);
        lf_buf_adds(out, "| ");
        lf_pr__code(out, f->path, true);
        if (!f->old_text)
            lf_buf_adds(out, " (new)");
        lf_buf_printf(out, " | %s | +%zu \xe2\x88\x92%zu |\n", lf_buf_cstr(&passes), added,
                      removed);
        lf_buf_free(&passes);
    }
    lf_buf_addc(out, '\n');
}

static void lf_pr__step(lf_buf *out, const lf_report *r, const lf_report_file *f, size_t s)
{
    const lf_report_step *st = &f->steps[s];
    const lf_pass *pass = lf_report_pass(r, st->pass);
    lf_buf_adds(out, "### ");
    lf_pr__code(out, f->path, false);
    lf_buf_printf(out, ": %s\n\n", st->pass);
    if (pass)
        lf_buf_printf(out, "**What:** %s.\n\n", pass->summary);

    lf_buf diff = LF_BUF_INIT, err = LF_BUF_INIT;
    bool is_new = !f->old_text && s == 0;
    if (lf_diff_texts(&diff, f->path, is_new ? NULL : st->before, st->before_len, st->after,
                      st->after_len, false, NULL, NULL, &err) == 0) {
        /* the hunks only: the heading names the file */
        const char *d = lf_buf_cstr(&diff);
        const char *h = strncmp(d, "@@", 2) == 0 ? d : strstr(d, "\n@@");
        if (h) {
            h += *h == '\n';
            lf_pr__fence(out, "diff", h, diff.len - (size_t)(h - d));
        }
    } else {
        lf_buf_adds(out, "(the diff could not be made: ");
        lf_pr__text(out, lf_buf_cstr(&err), false);
        lf_buf_adds(out, ")\n\n");
    }
    lf_buf_free(&diff);
    lf_buf_free(&err);

    if (f->kind == LF_REPORT_IGNORE) {
        char a[32], b[32];
        lf_format_bytes(f->before.bytes, a, sizeof a);
        lf_format_bytes(f->after.bytes, b, sizeof b);
        lf_buf_adds(out, "**Build context** ");
        lf_pr__code(out, f->context_dir ? f->context_dir : ".", false);
        lf_buf_printf(out,
                      ": %zu file%s (%s) \xe2\x86\x92 %zu file%s (%s) sent to the builder.\n\n",
                      f->before.files, f->before.files == 1 ? "" : "s", a, f->after.files,
                      f->after.files == 1 ? "" : "s", b);
        if (f->quiet.n > 0) {
            /* at most 8 paths named: the diff lists the rules */
            lf_buf_adds(out, "Changes to ");
            size_t shown = f->quiet.n > 8 ? 8 : f->quiet.n;
            for (size_t i = 0; i < shown; i++) {
                if (i > 0)
                    lf_buf_adds(out, i + 1 == shown && shown == f->quiet.n ? " and " : ", ");
                lf_pr__code(out, f->quiet.items[i].s, false);
            }
            if (shown < f->quiet.n)
                lf_buf_printf(out, " and %zu more path%s", f->quiet.n - shown,
                              f->quiet.n - shown == 1 ? "" : "s");
            lf_buf_adds(out, " no longer invalidate the cache of a COPY that takes a whole "
                             "directory.\n\n");
        }
    }

    if (pass && pass->why)
        lf_buf_printf(out, "**Why it helps the cache:** %s\n\n", pass->why);
    /* the step's changes in line order (insertion sort: a handful) */
    size_t *order = malloc((f->nchanges ? f->nchanges : 1) * sizeof *order), nch = 0;
    if (!order)
        abort();
    for (size_t i = 0; i < f->nchanges; i++) {
        if (f->changes[i].step != s)
            continue;
        size_t j = nch++;
        while (j > 0 && f->changes[order[j - 1]].line > f->changes[i].line) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    if (nch)
        lf_buf_adds(out, "Changes:\n\n");
    /* one item per reason: a move is a removal and an insertion that
     * give the same reason */
    for (size_t k = 0; k < nch; k++) {
        const lf_report_change *c = &f->changes[order[k]];
        if (order[k] == SIZE_MAX)
            continue;
        const char *why = c->why ? c->why : "";
        lf_buf_adds(out, "- ");
        lf_pr__where(out, f, c);
        for (size_t m = k + 1; m < nch; m++) {
            if (order[m] == SIZE_MAX)
                continue;
            const lf_report_change *d = &f->changes[order[m]];
            if (strcmp(d->why ? d->why : "", why) != 0)
                continue;
            lf_buf_adds(out, ", ");
            lf_pr__where(out, f, d);
            order[m] = SIZE_MAX;
        }
        lf_buf_adds(out, ": ");
        lf_pr__why(out, f, why);
        lf_buf_addc(out, '\n');
    }
    if (nch)
        lf_buf_addc(out, '\n');
    free(order);

    bool any = false;
    for (size_t i = 0; i < f->nnotes; i++) {
        const lf_report_note *n = &f->notes[i];
        if (!n->pass || strcmp(n->pass, st->pass) != 0)
            continue;
        /* a pass with several steps in one file: its notes once, under the first */
        bool earlier = false;
        for (size_t j = 0; j < s; j++)
            earlier = earlier || strcmp(f->steps[j].pass, st->pass) == 0;
        if (earlier)
            break;
        if (!any)
            lf_buf_adds(out, "Found by this pass and left alone:\n\n");
        any = true;
        lf_pr__note(out, f, n, false);
    }
    if (any)
        lf_buf_addc(out, '\n');
}

/* Notes not shown under a step: of unchanged files, of passes that made no
 * change to the file, warnings about dropped edits, the model's notes. */
static void lf_pr__other_notes(lf_buf *out, const lf_report *r)
{
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (f->nerrors)
            continue;
        bool file_any = false;
        for (size_t k = 0; k < f->nnotes; k++) {
            const lf_report_note *n = &f->notes[k];
            if (n->pass && lf_pr__has_step(f, n->pass) && f->changed)
                continue;
            if (!any)
                lf_buf_adds(out, "### Other findings (not changed)\n\n");
            any = true;
            if (!file_any) {
                lf_pr__code(out, f->path, false);
                lf_buf_adds(out, ":\n\n");
            }
            file_any = true;
            lf_pr__note(out, f, n, true);
        }
        if (file_any)
            lf_buf_addc(out, '\n');
    }
}

/* Whether pass changed a file or noted something in one. */
static bool lf_pr__pass_spoke(const lf_report *r, const char *pass)
{
    if (lf_pr__pass_changed(r, pass))
        return true;
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->files[i].nnotes; k++)
            if (r->files[i].notes[k].pass && strcmp(r->files[i].notes[k].pass, pass) == 0)
                return true;
    return false;
}

/* The trade-offs of what the passes set up or suggest (lf_pass.tradeoffs),
 * for each pass that changed or noted something. */
static void lf_pr__tradeoffs(lf_buf *out, const lf_report *r)
{
    for (size_t p = 0; r->passes && p < r->passes->n; p++) {
        const lf_pass *pass = &r->passes->passes[p];
        if (!pass->tradeoffs || !lf_pr__pass_spoke(r, pass->id))
            continue;
        lf_buf_printf(out, "### Trade-offs of %s\n\n%s\n", pass->id, pass->tradeoffs);
    }
}

static void lf_pr__caveats(lf_buf *out, const lf_report *r)
{
    lf_buf_adds(out, "### Honest caveats\n\n");
    lf_buf_adds(out, "- The first build after merging misses the layer cache once: the changed "
                     "instructions and everything after them are rebuilt a single time; the "
                     "builds after that hit the cache.\n");
    if (lf_pr__pass_changed(r, "cache-mounts"))
        lf_buf_adds(out,
                    "- Cache mounts live on the builder, not in the image or the layer cache, "
                    "and `--cache-to` does not export them. On ephemeral CI runners (a fresh "
                    "builder for every job) they start empty every time: to benefit there, "
                    "build on a persistent builder (a self-hosted runner or a remote BuildKit), "
                    "or add a cache-dance step that saves and restores the mount contents "
                    "between jobs.\n");
    if (lf_pr__adds_mounts(r))
        lf_buf_adds(out, "- `RUN --mount` needs BuildKit (the default builder of Docker 23 and "
                         "later, `docker buildx`) or buildah/podman; the legacy builder "
                         "(`DOCKER_BUILDKIT=0`) and kaniko reject it. Run layerfix with "
                         "`--target-builder=legacy` or `kaniko` to get changes without "
                         "mounts.\n");
    lf_buf_addc(out, '\n');
}

static void lf_pr__errors(lf_buf *out, const lf_report *r)
{
    if (lf_report_nfailed(r) == 0)
        return;
    lf_buf_adds(out, "### Not changed\n\nThese files have errors, so layerfix left them as "
                     "they are:\n\n");
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (!f->nerrors)
            continue;
        const lf_report_error *e = &f->errors[0];
        lf_buf_adds(out, "- ");
        lf_pr__code(out, f->path, false);
        if (e->line)
            lf_buf_printf(out, " line %zu", e->line);
        lf_buf_adds(out, ": ");
        lf_pr__text(out, e->msg ? e->msg : "", false);
        if (f->nerrors > 1)
            lf_buf_printf(out, " (and %zu more error%s)", f->nerrors - 1,
                          f->nerrors == 2 ? "" : "s");
        lf_buf_addc(out, '\n');
    }
    lf_buf_addc(out, '\n');
}

/* The body of r, where a held file (its build did not verify as the same
 * image) counts as unchanged: it is not in the pull request. */
static void lf_pr__body(lf_buf *out, const lf_report *r)
{
    lf_buf_adds(out, "## layerfix: cache-efficiency changes\n\n");
    size_t nchanged = lf_report_nchanged(r);
    if (nchanged == 0) {
        size_t checked = 0;
        for (size_t i = 0; i < r->n; i++)
            checked += r->files[i].kind == LF_REPORT_DOCKERFILE && r->files[i].nerrors == 0;
        if (lf_pr__any_held(r))
            lf_buf_adds(out, "Nothing to change: no change layerfix proposes verified as the "
                             "same image.\n\n");
        else
            lf_buf_printf(out,
                          "Nothing to change: layerfix found no cache problem it can fix in the "
                          "%zu Dockerfile%s it checked.\n\n",
                          checked, checked == 1 ? "" : "s");
        lf_pr__verification(out, r);
        lf_pr__verify_details(out, r);
        lf_pr__errors(out, r);
        return;
    }
    lf_pr__summary(out, r, nchanged);
    lf_pr__impact(out, r);
    lf_pr__verification(out, r);
    lf_pr__table(out, r);
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (!f->changed)
            continue;
        for (size_t s = 0; s < f->nsteps; s++)
            lf_pr__step(out, r, f, s);
    }
    lf_pr__verify_details(out, r);
    lf_pr__other_notes(out, r);
    lf_pr__tradeoffs(out, r);
    lf_pr__caveats(out, r);
    lf_pr__errors(out, r);
}

void lf_pr_body(lf_buf *out, const lf_report *r)
{
    lf_report view = *r;
    view.files = malloc((r->n ? r->n : 1) * sizeof *view.files);
    if (!view.files)
        abort();
    for (size_t i = 0; i < r->n; i++) {
        view.files[i] = r->files[i];
        if (view.files[i].held) {
            view.files[i].changed = false;
            view.files[i].impact = NULL;
        }
    }
    lf_pr__body(out, &view);
    free(view.files);
}
