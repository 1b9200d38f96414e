/*
 * merge-apt: a package-list update in its own RUN, followed by RUNs that
 * install, becomes an update at the start of each install (design.md
 * "The passes" 1).
 *
 * Why: the update's layer is cached on its own; when an install line later
 * changes, the install re-runs against the lists of that old layer and
 * fails or installs stale versions. An update in the same RUN refreshes the
 * lists exactly when the install list changes.
 *
 * Rules, per stage and per package-manager family (apt, apk, dnf/yum):
 * - A RUN that installs (or upgrades) without updating first in that same RUN,
 *   after an update in an earlier RUN of the stage, gets `<update> && `
 *   inserted before the install command, copying the latest such update as
 *   written (options, env prefix, sudo). Inline on the RUN's first line and
 *   in heredoc bodies; when the install starts a continuation line (after
 *   its indentation and an optional leading `&&`), the update gets a line of
 *   its own laid out like it (`upd && \` or `&& upd \`, that line's newline).
 * - Not merged, with a note: an install inside a pipeline, condition, loop
 *   or after `||`; an install run by another USER than the update (the update
 *   would fail without root); an install whose RUN lacks a flag of the
 *   update's RUN (a secret or network the update may need; a cache mount is
 *   not needed); an exec-form install (no shell to chain with). Not copied
 *   anywhere: an update inside a condition or next to `||` (its failure is
 *   tolerated there). ONBUILD RUNs are never read or changed.
 *   `apk add --no-cache`/`--update`/`-U` fetch their own index: no install here.
 * - A RUN that does nothing but update ("lone update") is removed once every
 *   install after it in the stage has its own update, unless something between
 *   it and the first install that now updates itself could still need its
 *   lists: a COPY/ADD (it may bring a script or an apt source), a USER or
 *   SHELL, a RUN that uses the package manager before updating (apt-cache,
 *   apt-mark, apk info...), a RUN that runs a script or command line (a path,
 *   `*.sh`, sh/bash, xargs, eval, source...), a RUN whose commands cannot be
 *   read (exec form, parse error), or an install that could not be merged;
 *   then it is kept and a note says why. After that first install the lists
 *   come from its own update. ENV, ARG, WORKDIR, metadata and other RUNs are
 *   stepped over. A lone update with flags (a --mount) is kept, with a note.
 * - A lone update with no install after it that needs it is kept and reported.
 */
#include "passes.h"

#include "analysis.h"
#include "paths.h"
#include "tools.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "merge-apt"

typedef enum {
    ACT_NONE,        /* not a package manager */
    ACT_UPDATE,      /* refreshes the lists */
    ACT_NEEDS_LISTS, /* installs or upgrades from the lists */
    ACT_SELF,        /* installs, fetching its own index (apk add --no-cache) */
    ACT_OTHER,       /* any other use of the package manager */
} action;

/* What command c does with package lists, and its package manager (*fam,
 * a system one of the table); *script: it may run code we cannot read. */
static action classify(const lf_cmd *c, const lf_pm **fam, bool *script)
{
    *script = false;
    *fam = NULL;
    if (c->n == 0)
        return ACT_NONE;
    bool reader = false;
    const lf_pm *pm = lf_pkgmgr_lists_for_program(lf_path_base(c->w[0].s), &reader);
    if (!pm) {
        *script = lf_tool_runs_code(c->w[0].s);
        return ACT_NONE;
    }
    *fam = pm;
    const lf_pm_lists *l = pm->lists;
    const char *sub = NULL;
    bool self_refreshing = false;
    for (size_t k = 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] == '-') {
            if (lf_pkgmgr_in(l->self_refresh, w))
                self_refreshing = true;
            if (!sub && lf_pkgmgr_in(pm->value_opts, w))
                k++;
            continue;
        }
        if (!sub)
            sub = w;
    }
    if (!sub)
        return ACT_OTHER;
    if (lf_pkgmgr_in(l->refresh, sub) && !reader)
        return ACT_UPDATE;
    if (!lf_pkgmgr_in(l->install, sub))
        return ACT_OTHER;
    return self_refreshing ? ACT_SELF : ACT_NEEDS_LISTS;
}

static bool steppable(lf_keyword kw)
{
    switch (kw) {
    case LF_KW_ENV:
    case LF_KW_ARG:
    case LF_KW_WORKDIR:
    case LF_KW_LABEL:
    case LF_KW_EXPOSE:
    case LF_KW_STOPSIGNAL:
    case LF_KW_MAINTAINER:
    case LF_KW_CMD:
    case LF_KW_ENTRYPOINT:
    case LF_KW_HEALTHCHECK:
    case LF_KW_VOLUME:
    case LF_KW_ONBUILD: /* runs in another build */
        return true;
    default:
        return false;
    }
}

/* Per family: the update to copy, and the open "window" after a lone update RUN. */
typedef struct {
    lf_span update; /* the update command to copy (span in doc) */
    int update_run; /* index of its RUN, -1: no update yet in the stage */
    int lone;       /* index of the lone update RUN, -1 if none open */
    bool flagged;   /* that RUN has flags: kept whatever happens */
    int fixed;      /* installs after it that now update themselves */
    int blocker;    /* instruction before the first fixed install that keeps it, or -1 */
    int unmerged;   /* the first install after it that could not be merged, or -1 */
    const char *why_blocked;
} window;

/* The update command as written, for messages (the family's usual spelling
 * when it spans lines or is long). */
static void describe_update(const lf_doc *doc, const window *w, const lf_pm *f, lf_buf *out)
{
    lf_buf_clear(out);
    size_t n = w->update.end - w->update.start;
    const char *s = doc->src->data + w->update.start;
    if (w->update_run >= 0 && n <= 80 && !memchr(s, '\n', n))
        lf_buf_add(out, s, n);
    else
        lf_buf_adds(out, f->lists->refresh_text);
}

static void close_window(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, window *w, const lf_pm *f)
{
    if (w->lone < 0)
        return;
    const lf_instr *u = &doc->instrs[w->lone];
    lf_buf upd = LF_BUF_INIT;
    describe_update(doc, w, f, &upd);
    if (w->fixed > 0 && w->blocker < 0 && !w->flagged) {
        char why[256];
        snprintf(why, sizeof why,
                 "remove the standalone `%s` at line %zu: every install after it now updates "
                 "the package lists in its own RUN",
                 upd.data, u->first_line);
        lf_edits_add(out, u->span.start, u->span.end, "", 0, PASS, why);
    } else if (w->fixed > 0 && w->flagged) {
        const lf_flag *fl = &doc->flags[u->first_flag];
        lf_ctx_note(ctx, u->keyword.start, "`%s` at line %zu kept: its RUN has flags (%.*s)",
                    upd.data, u->first_line, (int)(fl->span.end - fl->span.start),
                    lf_doc_text(doc, fl->span));
    } else if (w->fixed == 0 && w->unmerged >= 0) {
        lf_ctx_note(ctx, u->keyword.start,
                    "`%s` at line %zu kept: the install at line %zu could not be merged", upd.data,
                    u->first_line, doc->instrs[w->unmerged].first_line);
    } else if (w->blocker >= 0 && (w->fixed > 0 || doc->instrs[w->blocker].kw == LF_KW_RUN)) {
        const lf_instr *b = &doc->instrs[w->blocker];
        char kw[16];
        size_t k = 0;
        for (const char *n = lf_keyword_name(b->kw); *n && k + 1 < sizeof kw; n++)
            kw[k++] = (char)(*n - 'a' + 'A');
        kw[k] = 0;
        lf_ctx_note(ctx, u->keyword.start, "`%s` at line %zu kept: the %s at line %zu %s", upd.data,
                    u->first_line, kw, b->first_line, w->why_blocked);
    } else {
        lf_ctx_note(ctx, u->keyword.start,
                    "`%s` at line %zu is not followed by an install that needs it in this stage",
                    upd.data, u->first_line);
    }
    lf_buf_free(&upd);
    w->lone = -1;
}

/* Instruction i may need the open lone update's lists (only until an install
 * after it updates for itself); why completes "the KEYWORD at line N ...". */
static void block(window *w, int i, const char *why)
{
    if (w->lone >= 0 && w->fixed == 0 && w->blocker < 0) {
        w->blocker = i;
        w->why_blocked = why;
    }
}

static void block_windows(window *win, int i, const char *why)
{
    for (int f = 0; f < LF_PM_COUNT; f++)
        block(&win[f], i, why);
}

/* RUN i installs after the open lone update but could not be merged. */
static void unmerged(window *w, int i)
{
    block(w, i, "has an install that could not be merged");
    if (w->lone >= 0 && w->unmerged < 0)
        w->unmerged = i;
}

/* Do two instructions run as the same USER? */
static bool same_user(const lf_doc *doc, const lf_instr *a, const lf_instr *b)
{
    if (a->user == b->user)
        return true;
    if (a->user < 0 || b->user < 0)
        return false;
    lf_span x = doc->instrs[a->user].args, y = doc->instrs[b->user].args;
    return x.end - x.start == y.end - y.start &&
           memcmp(lf_doc_text(doc, x), lf_doc_text(doc, y), x.end - x.start) == 0;
}

static bool is_cache_mount(const lf_doc *doc, const lf_flag *fl)
{
    for (size_t k = 0; fl->is_mount && k < fl->nopts; k++) {
        const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
        if (o->has_value && o->key.end - o->key.start == 4 && o->value.end - o->value.start == 5 &&
            memcmp(lf_doc_text(doc, o->key), "type", 4) == 0 &&
            memcmp(lf_doc_text(doc, o->value), "cache", 5) == 0)
            return true;
    }
    return false;
}

/* A flag of RUN `upd` that the update may need and RUN `in` lacks (same
 * text), or NULL. A cache mount is not needed: without it the lists go to
 * the layer. */
static const lf_flag *missing_flag(const lf_doc *doc, const lf_instr *in, const lf_instr *upd)
{
    for (size_t i = 0; i < upd->nflags; i++) {
        lf_span a = doc->flags[upd->first_flag + i].span;
        if (is_cache_mount(doc, &doc->flags[upd->first_flag + i]))
            continue;
        bool found = false;
        for (size_t j = 0; j < in->nflags && !found; j++) {
            lf_span b = doc->flags[in->first_flag + j].span;
            found = a.end - a.start == b.end - b.start &&
                    memcmp(lf_doc_text(doc, a), lf_doc_text(doc, b), a.end - a.start) == 0;
        }
        if (!found)
            return &doc->flags[upd->first_flag + i];
    }
    return NULL;
}

/* Why install command t of RUN `in` cannot get the update of RUN `u`, into
 * why; false when it can. */
static bool why_not_merged(const lf_doc *doc, const lf_instr *in, const lf_cmd *t,
                           const lf_instr *u, lf_buf *why)
{
    const lf_flag *fl = missing_flag(doc, in, u);
    if (!t->top_level || t->after_or)
        lf_buf_adds(why, "it is inside a pipeline, condition, loop or `||` branch");
    else if (!same_user(doc, in, u))
        lf_buf_adds(why, "it runs as another USER, and the update needs root");
    else if (fl)
        lf_buf_printf(why, "its RUN lacks the update's `%.*s`",
                      (int)(fl->span.end - fl->span.start), lf_doc_text(doc, fl->span));
    else
        return false;
    return true;
}

/* The text to insert at `at`, the start of an install command of RUN `in`,
 * so that the update runs first (see the rules above for the layout). */
static void insertion(const lf_doc *doc, const lf_instr *in, size_t at, lf_span upd, lf_buf *text)
{
    const char *s = doc->src->data;
    lf_buf_add(text, s + upd.start, upd.end - upd.start);
    size_t ls = at;
    while (ls > in->line.start && s[ls - 1] != '\n')
        ls--;
    size_t p = ls;
    while (p < at && (s[p] == ' ' || s[p] == '\t'))
        p++;
    size_t q = p;
    bool and_first = q + 1 < at && s[q] == '&' && s[q + 1] == '&';
    if (and_first)
        for (q += 2; q < at && (s[q] == ' ' || s[q] == '\t');)
            q++;
    bool continuation = ls > in->line.start && at < in->line.end;
    if (!continuation || (p != at && !(and_first && q == at))) {
        lf_buf_adds(text, " && ");
        return;
    }
    const char *nl = ls >= 2 && s[ls - 2] == '\r' ? "\r\n" : "\n";
    lf_buf_adds(text, p == at ? " && " : " ");
    lf_buf_addc(text, doc->escape);
    lf_buf_adds(text, nl);
    lf_buf_add(text, s + ls, at - ls);
}

/* An exec-form RUN that installs after an update: say why it is left alone. */
static void note_exec_install(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, int i,
                              window *win)
{
    const lf_instr *in = &doc->instrs[i];
    const lf_run_model *m = lf_analysis_run(an, i);
    const lf_pm *f;
    bool script;
    if (m && m->ncmds == 1 && classify(&m->cmds[0], &f, &script) == ACT_NEEDS_LISTS &&
        win[f->id].update_run >= 0) {
        lf_buf upd = LF_BUF_INIT;
        describe_update(doc, &win[f->id], f, &upd);
        lf_ctx_note(ctx, in->keyword.start,
                    "install at line %zu not merged with `%s` at line %zu: it is in exec form, "
                    "with no shell to chain them",
                    in->first_line, upd.data, doc->instrs[win[f->id].update_run].first_line);
        lf_buf_free(&upd);
        unmerged(&win[f->id], i);
    }
}

/* What one RUN does with the package lists, per package manager. */
typedef struct scan {
    int upd[LF_PM_COUNT];    /* the first plain (top-level) update, or -1 */
    int target[LF_PM_COUNT]; /* the first install before any update, or -1 */
    bool updated[LF_PM_COUNT], stale_use[LF_PM_COUNT], stale_script;
    bool only_updates; /* the RUN does nothing but update */
} scan;

static void scan_run(const lf_run_model *m, scan *sc)
{
    memset(sc, 0, sizeof *sc);
    for (int f = 0; f < LF_PM_COUNT; f++)
        sc->upd[f] = sc->target[f] = -1;
    size_t n = 0;
    for (size_t k = 0; k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (c->inner)
            continue; /* a `sh -c` string: the shell is the command here */
        n++;
        bool plain = c->top_level && !c->after_or, script;
        const lf_pm *pm;
        action a = classify(c, &pm, &script);
        if (a == ACT_UPDATE && c->before_or)
            plain = false; /* `update || true` is not copied as a strict update */
        if (a != ACT_UPDATE || !plain)
            sc->only_updates = false;
        else if (n == 1)
            sc->only_updates = true;
        if (script) {
            /* before any fresh update in this RUN: it may use the old lists */
            bool fresh = false;
            for (int g = 0; g < LF_PM_COUNT; g++)
                fresh = fresh || sc->upd[g] >= 0 || sc->target[g] >= 0;
            sc->stale_script = sc->stale_script || !fresh;
        }
        if (a == ACT_NONE || a == ACT_SELF)
            continue;
        int f = pm->id;
        bool fresh = sc->upd[f] >= 0 || sc->target[f] >= 0;
        if (a == ACT_UPDATE) {
            if (plain && !sc->updated[f])
                sc->upd[f] = (int)k;
            sc->stale_use[f] = sc->stale_use[f] || (!plain && !fresh);
            sc->updated[f] = true;
        } else if (a == ACT_NEEDS_LISTS && !sc->updated[f] && sc->target[f] < 0) {
            sc->target[f] = (int)k;
        } else if (a == ACT_OTHER && !fresh) {
            sc->stale_use[f] = true;
        }
    }
}

/* The install t of RUN i after the update of window w: merged, or a note. */
static void merge_install(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, window *w, const lf_pm *f,
                          int i, const lf_cmd *t)
{
    const lf_instr *in = &doc->instrs[i];
    const lf_instr *u = &doc->instrs[w->update_run];
    size_t line, col;
    lf_source_pos(doc->src, t->span.start, &line, &col);
    lf_buf text = LF_BUF_INIT, why = LF_BUF_INIT;
    if (why_not_merged(doc, in, t, u, &why)) {
        describe_update(doc, w, f, &text);
        lf_ctx_note(ctx, t->span.start, "install at line %zu not merged with `%s` at line %zu: %s",
                    line, text.data, u->first_line, why.data);
        unmerged(w, i);
    } else {
        insertion(doc, in, t->span.start, w->update, &text);
        lf_buf_printf(&why,
                      "update the package lists in the same RUN as the install at line %zu, so a "
                      "changed install never runs against lists cached in an earlier layer",
                      line);
        lf_edits_add(out, t->span.start, t->span.start, text.data, text.len, PASS, why.data);
        if (w->lone >= 0)
            w->fixed++;
    }
    lf_buf_free(&text);
    lf_buf_free(&why);
}

static void apply_run(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, window *win, int i,
                      const lf_run_model *m, const scan *sc)
{
    const lf_instr *in = &doc->instrs[i];
    for (int f = 0; f < LF_PM_COUNT; f++) {
        const lf_pm *pm = &lf_pkgmgrs[f];
        if (!pm->lists)
            continue;
        if (sc->stale_use[f])
            block(&win[f], i, "uses the package manager before updating");
        if (sc->stale_script)
            block(&win[f], i, "runs a script or command line that may use the package manager");
        if (sc->target[f] >= 0 && win[f].update_run >= 0)
            merge_install(doc, ctx, out, &win[f], pm, i, &m->cmds[sc->target[f]]);
        if (sc->upd[f] >= 0) {
            close_window(doc, ctx, out, &win[f], pm);
            win[f].update = m->cmds[sc->upd[f]].span;
            win[f].update_run = i;
            if (sc->only_updates) {
                win[f].lone = i;
                win[f].flagged = in->nflags > 0;
                win[f].fixed = 0;
                win[f].blocker = win[f].unmerged = -1;
            }
        }
    }
}

static void run_stage(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out,
                      const lf_stage *st)
{
    window win[LF_PM_COUNT];
    for (int f = 0; f < LF_PM_COUNT; f++)
        win[f] = (window){.update_run = -1, .lone = -1, .blocker = -1, .unmerged = -1};
    for (int i = st->first + 1; i <= st->last; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (steppable(in->kw))
            continue;
        if (in->kw != LF_KW_RUN) {
            block_windows(win, i,
                          in->kw == LF_KW_COPY || in->kw == LF_KW_ADD
                              ? "may bring in a script or an apt source that uses its lists"
                              : "changes how the RUNs after it run");
            continue;
        }
        const lf_run_model *m = lf_analysis_run(an, i);
        if (in->exec_form || !in->shell_tree || in->shell_has_error || !m) {
            if (in->exec_form)
                note_exec_install(doc, an, ctx, i, win);
            block_windows(win, i,
                          in->exec_form ? "is in exec form and may use the package manager"
                                        : "could not be read and may use the package manager");
            continue;
        }
        scan sc;
        scan_run(m, &sc);
        apply_run(doc, ctx, out, win, i, m, &sc);
    }
    for (int f = 0; f < LF_PM_COUNT; f++)
        if (lf_pkgmgrs[f].lists)
            close_window(doc, ctx, out, &win[f], &lf_pkgmgrs[f]);
}

int lf_pass_merge_apt(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    for (size_t s = 0; s < doc->nstages; s++)
        run_stage(doc, an, ctx, out, &doc->stages[s]);
    return 0;
}
