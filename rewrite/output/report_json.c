/* The JSON report (see report_json.h and docs/json-report.md). */
#include "report_json.h"

#include "diff.h"
#include "jsonout.h"

#include <stdbool.h>
#include <string.h>

#ifndef LF_VERSION
#define LF_VERSION "unknown"
#endif

/* A pretty-printing writer: two-space indentation, one member or element
 * a line, empty objects and arrays as {} and []. */
typedef struct {
    lf_buf *out;
    int depth;
    bool first[16]; /* nothing written yet at this depth */
} lf_jw;

static void lf_jw__sep(lf_jw *w)
{
    if (!w->first[w->depth])
        lf_buf_addc(w->out, ',');
    w->first[w->depth] = false;
    lf_buf_addc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        lf_buf_adds(w->out, "  ");
}

static void lf_jw__open(lf_jw *w, char c)
{
    lf_buf_addc(w->out, c);
    w->depth++;
    w->first[w->depth] = true;
}

static void lf_jw__close(lf_jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        lf_buf_addc(w->out, '\n');
        for (int i = 0; i < w->depth; i++)
            lf_buf_adds(w->out, "  ");
    }
    lf_buf_addc(w->out, c);
}

/* Starts a member: `"key": ` (the value follows). */
static void lf_jw__key(lf_jw *w, const char *key)
{
    lf_jw__sep(w);
    lf_json_write_cstr(w->out, key);
    lf_buf_adds(w->out, ": ");
}

static void lf_jw__str(lf_jw *w, const char *key, const char *value)
{
    lf_jw__key(w, key);
    lf_json_write_cstr(w->out, value);
}

static void lf_jw__num(lf_jw *w, const char *key, unsigned long long value)
{
    lf_jw__key(w, key);
    lf_buf_printf(w->out, "%llu", value);
}

static void lf_jw__bool(lf_jw *w, const char *key, bool value)
{
    lf_jw__key(w, key);
    lf_buf_adds(w->out, value ? "true" : "false");
}

/* A member whose value is a string or null. */
static void lf_jw__str_or_null(lf_jw *w, const char *key, const char *value)
{
    lf_jw__key(w, key);
    if (value)
        lf_json_write_cstr(w->out, value);
    else
        lf_buf_adds(w->out, "null");
}

/* "contexts": where a Dockerfile is built from, with the evidence. */
static void lf_report_json__contexts(lf_jw *w, const lf_report_file *f)
{
    lf_jw__key(w, "contexts");
    lf_jw__open(w, '[');
    for (size_t i = 0; i < f->ncontexts; i++) {
        const lf_report_context *c = &f->contexts[i];
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__str_or_null(w, "dir", c->dir);
        lf_jw__str(w, "evidence", c->evidence);
        lf_jw__str_or_null(w, "origin", c->origin);
        lf_jw__str_or_null(w, "detail", c->detail);
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');
}

static const char *lf_report_json__status(const lf_report_file *f)
{
    if (f->nerrors > 0)
        return "error";
    if (f->skipped)
        return "skipped";
    return f->changed ? "changed" : "unchanged";
}

/* The pass ids to count: the report's passes in order, then any other id the report
 * uses, in order of appearance. Returns how many were stored in ids. */
static size_t lf_report_json__pass_ids(const lf_report *r, const char **ids, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; r->passes && i < r->passes->n && n < cap; i++)
        ids[n++] = r->passes->passes[i].id;
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        for (size_t c = 0; c < f->nchanges; c++) {
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++)
                seen = strcmp(ids[k], f->changes[c].pass) == 0;
            if (!seen && n < cap)
                ids[n++] = f->changes[c].pass;
        }
    }
    return n;
}

/* The cache-impact totals over the report's estimates, one object per
 * kind of event, every kind present. */
static void lf_report_json__impact_totals(lf_jw *w, const lf_report *r)
{
    lf_impact_totals t = {{0}, {0}, {0}};
    for (size_t i = 0; i < r->n; i++)
        lf_impact_sum(r->files[i].impact, &t);
    lf_jw__key(w, "impact");
    lf_jw__open(w, '{');
    for (int k = 0; k < LF_IMPACT_NKINDS; k++) {
        lf_jw__key(w, lf_impact_kind_id((lf_impact_kind)k));
        lf_jw__open(w, '{');
        lf_jw__num(w, "events", t.events[k]);
        lf_jw__num(w, "before", t.before[k]);
        lf_jw__num(w, "after", t.after[k]);
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, '}');
}

static void lf_report_json__runs(lf_jw *w, const char *key, const lf_impact_runs *runs)
{
    lf_jw__key(w, key);
    lf_jw__open(w, '{');
    lf_jw__num(w, "runs", runs->n);
    lf_jw__key(w, "steps");
    lf_jw__open(w, '[');
    for (size_t i = 0; i < runs->n; i++) {
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__num(w, "line", runs->steps[i].line);
        lf_jw__str(w, "run", runs->steps[i].label);
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');
    lf_jw__close(w, '}');
}

/* A Dockerfile's cache-impact estimate, or null. */
static void lf_report_json__impact(lf_jw *w, const lf_impact *im)
{
    lf_jw__key(w, "impact");
    if (!im) {
        lf_buf_adds(w->out, "null");
        return;
    }
    lf_jw__open(w, '{');
    lf_jw__key(w, "targets");
    lf_jw__open(w, '[');
    for (size_t t = 0; t < im->ntargets; t++) {
        const lf_impact_target *tg = &im->targets[t];
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__str(w, "target", tg->name);
        lf_jw__key(w, "events");
        lf_jw__open(w, '[');
        for (size_t e = 0; e < tg->nevents; e++) {
            const lf_impact_event *ev = &tg->events[e];
            lf_jw__sep(w);
            lf_jw__open(w, '{');
            lf_jw__str(w, "event", lf_impact_kind_id(ev->kind));
            lf_jw__str(w, "subject", ev->subject);
            lf_report_json__runs(w, "before", &ev->before);
            lf_report_json__runs(w, "after", &ev->after);
            lf_jw__close(w, '}');
        }
        lf_jw__close(w, ']');
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');
    lf_jw__key(w, "notes");
    lf_jw__open(w, '[');
    for (size_t k = 0; k < im->notes.n; k++) {
        lf_jw__sep(w);
        lf_json_write_cstr(w->out, im->notes.items[k].s);
    }
    lf_jw__close(w, ']');
    lf_jw__close(w, '}');
}

/* --verify: a Dockerfile's verdict, or null. */
static void lf_report_json__verify(lf_jw *w, const lf_report_verify *v)
{
    lf_jw__key(w, "verify");
    if (!v) {
        lf_buf_adds(w->out, "null");
        return;
    }
    lf_jw__open(w, '{');
    lf_jw__str(w, "builder", v->builder);
    lf_jw__str(w, "result", lf_report_verify_id(v->status));
    lf_jw__str(w, "message", v->message);
    lf_jw__key(w, "details");
    lf_jw__open(w, '[');
    for (size_t k = 0; k < v->details.n; k++) {
        lf_jw__sep(w);
        lf_json_write_cstr(w->out, v->details.items[k].s);
    }
    lf_jw__close(w, ']');
    lf_jw__str(w, "rebuild", v->rebuild);
    lf_jw__close(w, '}');
}

static void lf_report_json__summary(lf_jw *w, const lf_report *r)
{
    size_t nedits = 0, nnotes = 0;
    for (size_t i = 0; i < r->n; i++) {
        nedits += r->files[i].nchanges;
        nnotes += r->files[i].nnotes;
    }
    lf_jw__key(w, "summary");
    lf_jw__open(w, '{');
    lf_jw__num(w, "files", r->n);
    lf_jw__num(w, "changed", lf_report_nchanged(r));
    lf_jw__num(w, "errors", lf_report_nfailed(r));
    lf_jw__num(w, "edits", nedits);
    lf_jw__num(w, "notes", nnotes);
    lf_jw__key(w, "per_pass");
    lf_jw__open(w, '{');
    const char *ids[64];
    size_t nids = lf_report_json__pass_ids(r, ids, sizeof ids / sizeof ids[0]);
    for (size_t k = 0; k < nids; k++) {
        size_t count = 0;
        for (size_t i = 0; i < r->n; i++)
            for (size_t c = 0; c < r->files[i].nchanges; c++)
                count += strcmp(r->files[i].changes[c].pass, ids[k]) == 0;
        lf_jw__num(w, ids[k], count);
    }
    lf_jw__close(w, '}');
    lf_report_json__impact_totals(w, r);
    lf_jw__close(w, '}');
}

static void lf_report_json__diff(lf_jw *w, const lf_report_file *f)
{
    lf_jw__key(w, "diff");
    if (!f->changed || !f->new_text) {
        lf_buf_adds(w->out, "\"\"");
        return;
    }
    lf_buf diff = LF_BUF_INIT, err = LF_BUF_INIT;
    if (lf_diff_texts(&diff, f->path, f->old_text, f->old_len, f->new_text, f->new_len, false, NULL,
                      NULL, &err) == 0)
        lf_json_write_string(w->out, diff.data ? diff.data : "", diff.len);
    else
        lf_buf_adds(w->out, "null");
    lf_buf_free(&diff);
    lf_buf_free(&err);
}

static void lf_report_json__file(lf_jw *w, const lf_report_file *f)
{
    lf_jw__sep(w);
    lf_jw__open(w, '{');
    lf_jw__str(w, "path", f->path);
    static const char *const kinds[] = {"dockerfile", "dockerignore", "workflow", "ci-file"};
    lf_jw__str(w, "kind", kinds[f->kind]);
    lf_jw__str(w, "status", lf_report_json__status(f));
    lf_jw__bool(w, "new_file", f->changed && !f->old_text);
    lf_jw__bool(w, "written", f->written);
    lf_jw__bool(w, "held", f->held);

    lf_jw__key(w, "edits");
    lf_jw__open(w, '[');
    for (size_t i = 0; i < f->nchanges; i++) {
        const lf_report_change *c = &f->changes[i];
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__str(w, "pass", c->pass);
        lf_jw__str(w, "reason", c->why);
        lf_jw__num(w, "start_line", c->line);
        lf_jw__num(w, "end_line", c->end_line);
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');

    lf_jw__key(w, "notes");
    lf_jw__open(w, '[');
    for (size_t i = 0; i < f->nnotes; i++) {
        const lf_report_note *n = &f->notes[i];
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__str(w, "path", n->path ? n->path : f->path);
        lf_jw__num(w, "line", n->line);
        lf_jw__str(w, "pass", n->pass ? n->pass : "layerfix");
        lf_jw__str(w, "message", n->msg);
        lf_jw__str(w, "severity", n->warning ? "warning" : "note");
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');

    lf_jw__key(w, "errors");
    lf_jw__open(w, '[');
    for (size_t i = 0; i < f->nerrors; i++) {
        const lf_report_error *e = &f->errors[i];
        lf_jw__sep(w);
        lf_jw__open(w, '{');
        lf_jw__num(w, "line", e->line);
        lf_jw__num(w, "col", e->col);
        lf_jw__str(w, "message", e->msg);
        lf_jw__close(w, '}');
    }
    lf_jw__close(w, ']');

    if (f->kind == LF_REPORT_DOCKERFILE && f->has_contexts)
        lf_report_json__contexts(w, f);
    if (f->kind == LF_REPORT_IGNORE) {
        lf_jw__key(w, "context");
        lf_jw__open(w, '{');
        lf_jw__str(w, "dir", f->context_dir ? f->context_dir : "");
        const lf_context_size *sizes[2] = {&f->before, &f->after};
        const char *names[2] = {"before", "after"};
        for (int k = 0; k < 2; k++) {
            lf_jw__key(w, names[k]);
            lf_jw__open(w, '{');
            lf_jw__num(w, "files", sizes[k]->files);
            lf_jw__num(w, "bytes", sizes[k]->bytes);
            lf_jw__close(w, '}');
        }
        lf_jw__key(w, "no_longer_invalidate");
        lf_jw__open(w, '[');
        for (size_t i = 0; i < f->quiet.n; i++) {
            lf_jw__sep(w);
            lf_json_write_cstr(w->out, f->quiet.items[i].s);
        }
        lf_jw__close(w, ']');
        lf_jw__close(w, '}');
    } else {
        lf_report_json__impact(w, f->impact);
        lf_report_json__verify(w, f->verify);
    }
    lf_report_json__diff(w, f);
    lf_jw__close(w, '}');
}

void lf_report_json(lf_buf *out, const lf_report *r, const char *mode)
{
    lf_jw w = {.out = out};
    lf_jw__open(&w, '{');
    lf_jw__num(&w, "version", LF_REPORT_JSON_VERSION);
    lf_jw__key(&w, "tool");
    lf_jw__open(&w, '{');
    lf_jw__str(&w, "name", "layerfix");
    lf_jw__str(&w, "version", LF_VERSION);
    lf_jw__close(&w, '}');
    lf_jw__str(&w, "mode", mode ? mode : "diff");
    lf_report_json__summary(&w, r);
    lf_jw__key(&w, "files");
    lf_jw__open(&w, '[');
    for (size_t i = 0; i < r->n; i++)
        lf_report_json__file(&w, &r->files[i]);
    lf_jw__close(&w, ']');
    lf_jw__close(&w, '}');
    lf_buf_addc(out, '\n');
}
