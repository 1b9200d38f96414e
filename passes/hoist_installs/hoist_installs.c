/*
 * hoist-installs: a RUN that reads and writes nothing a COPY before it
 * brings -- a system package install, creating users, setting locales, a
 * pinned download -- moves above that COPY (design.md "The passes" 6).
 *
 * Why: a COPY's cache key is the content of what it copies; with
 * `COPY . .` before `RUN apt-get install ...`, every source edit re-runs the
 * install although it never looks at the sources.
 *
 *     WORKDIR /app                          WORKDIR /app
 *     COPY . .                        ->    RUN apt-get update && \
 *     RUN apt-get update && \                   apt-get install -y libpq-dev
 *         apt-get install -y libpq-dev      COPY . .
 *     CMD ["python", "app.py"]              CMD ["python", "app.py"]
 *
 * What the RUN reads and writes comes from the analysis (passes/analysis/
 * effects.h): system package installs, user tools, locale tools, downloads
 * of a pinned URL, the file tools of the knowledge table, redirections. It
 * must touch nothing at or below the destination of each COPY it moves
 * above, nor the system's directories when it installs into them and the
 * COPY writes there (`COPY . /var/www/html`).
 *
 * Moving up from its place, the RUN steps over metadata instructions,
 * ENV/ARG that set nothing it reads (its text's variables, the variables
 * the system's tools read, those named after its programs), WORKDIR when
 * it uses no relative path and not that directory, COPY/ADD it is
 * independent of, and RUNs that move too (keeping their order). It stops at
 * USER (another user), SHELL (another shell), VOLUME, any other RUN (what
 * that RUN does may depend on it), and what it depends on. It goes right
 * above the highest COPY/ADD it may pass (the narrow ones too: a manifest
 * or configuration edit then no longer re-runs it); with no COPY to pass it
 * stays. Its comment lines move with it. A RUN that installs or downloads
 * nothing (`ln -s`, `mkdir`, `RUN true`) moves only when such a RUN passes
 * it: alone, the move gains nothing worth a change.
 *
 * Not moved, with a note when it installs system packages and a broad COPY
 * (the whole context, a directory, a glob) comes before it: an effect the
 * analysis cannot prove (a script, a word known only at build time, a
 * program it does not know), a bind mount of the build context (its layer
 * follows the sources anyway), a download of a URL without a fixed version
 * (above the COPY its layer would keep an old download much longer), and
 * the first instruction that stops it.
 *
 * It runs after copy-manifests-first and cache-mounts (registry.c says
 * why): the system install then moves above the manifest COPY too, which
 * gives system packages, then manifests and the dependency install, then
 * the sources.
 */
#include "hoist_installs.h"

#include "brief.h"
#include "hoist.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

#define PASS "hoist-installs"

/* Does RUN r run a system package manager's subcommand (not only an
 * option such as `apk --print-arch`)? Its notes matter. */
static bool installs_packages(const hoist_file *h, int r)
{
    const lf_run_model *m = lf_analysis_run(h->an, r);
    size_t pos[4];
    for (size_t k = 0; m && k < m->ncmds; k++)
        if (m->cmds[k].pm && m->cmds[k].pm->system_subcmds &&
            lf_cmd_positionals(&m->cmds[k], pos, 4) > 0)
            return true;
    return false;
}

/* Why the RUN cannot move at all, or NULL. */
static const char *stays(const lf_run_effects *fx, lf_buf *why)
{
    if (!fx->all.known)
        lf_buf_adds(why, fx->all.why);
    else if (fx->binds_context)
        lf_buf_adds(why, "it mounts the build context, so its layer follows the sources anyway");
    else if (fx->all.floating)
        lf_buf_printf(why,
                      "it downloads `%s`, which names no fixed version: above the COPY its layer "
                      "would keep an old download until something before it changes",
                      fx->all.floating);
    return why->len ? why->data : NULL;
}

/* The nearest broad COPY above r in its stage, or -1. */
static int broad_copy_above(const hoist_file *h, int r, int first)
{
    for (int j = r - 1; j > first; j--) {
        const lf_instr *in = &h->doc->instrs[j];
        if ((in->kw == LF_KW_COPY || in->kw == LF_KW_ADD) && hi_broad_copy(h, j))
            return j;
    }
    return -1;
}

/* Where RUN r goes (the instruction it goes before), or -1; why gets the
 * reason when a COPY stays above it. */
static int find_target(hoist_file *h, int r, int first, lf_buf *why)
{
    const lf_run_effects *fx = lf_analysis_effects(h->an, r);
    if (!fx || stays(fx, why))
        return -1;
    int target = -1, floor = -1;
    for (int j = r - 1; j > first; j--) {
        lf_buf_clear(why);
        hi_kind k = hi_cross(h, r, fx, j, why);
        if (k == HI_BLOCKS)
            break;
        lf_buf_clear(why);
        if (k == HI_COPY) {
            target = j;
        } else if (k == HI_HOISTED) {
            *LF_VEC_PUSH(h->passes, h->npasses, h->cap) = (hoist_pass){r, j};
            if (h->target[j] > floor)
                floor = h->target[j];
        }
    }
    if (target < 0)
        return -1;
    lf_buf_clear(why);
    return target > floor ? target : floor;
}

static void note(const hoist_file *h, int r, int copy, const char *why)
{
    lf_buf run = LF_BUF_INIT, cp = LF_BUF_INIT;
    lf_doc_brief(h->doc, h->doc->instrs[r].line, &run);
    lf_doc_brief(h->doc, h->doc->instrs[copy].line, &cp);
    lf_ctx_note(h->ctx, h->doc->instrs[r].keyword.start, "`%s` stays after `%s`: %s", run.data,
                cp.data, why);
    lf_buf_free(&run);
    lf_buf_free(&cp);
}

/* The edits that move RUN r (with its comment lines) above instruction t. */
static void move(const hoist_file *h, int r, int t, lf_edits *out)
{
    const lf_doc *doc = h->doc;
    const char *s = doc->src->data;
    const lf_instr *in = &doc->instrs[r];
    size_t from = lf_doc_comment_start(doc, r), to = in->span.end;
    lf_buf text = LF_BUF_INIT, why = LF_BUF_INIT, cp = LF_BUF_INIT;
    lf_buf_add(&text, s + from, to - from);
    if (to == 0 || s[to - 1] != '\n') {
        /* the last line of a file without a final newline: it takes the
         * newline of the line before it, and the file still ends without one */
        const char *nl = doc->src->nl ? doc->src->nl : "\n";
        size_t nll = strlen(nl);
        if (from >= nll && memcmp(s + from - nll, nl, nll) == 0)
            from -= nll;
        lf_buf_adds(&text, nl);
    }
    lf_doc_brief(doc, doc->instrs[t].line, &cp);
    lf_buf_printf(&why,
                  "run it before `%s`: it reads nothing that COPY brings, so a source edit no "
                  "longer re-runs it",
                  cp.data);
    lf_edits_add(out, lf_doc_comment_start(doc, t), lf_doc_comment_start(doc, t), text.data,
                 text.len, PASS, why.data);
    lf_edits_add(out, from, to, "", 0, PASS, why.data);
    lf_buf_free(&text);
    lf_buf_free(&why);
    lf_buf_free(&cp);
}

/* Is moving RUN r worth a change by itself: does it install or download
 * (what takes time), not only move files around? */
static bool worth_moving(const hoist_file *h, int r)
{
    const lf_run_effects *fx = lf_analysis_effects(h->an, r);
    return fx && (fx->all.system || fx->all.network);
}

/* A RUN that only moves files (`ln -s`, `mkdir`, `RUN true`) moves only
 * when a RUN worth moving passes it (the step cache-mounts adds before an
 * apt install): on its own, the change gains nothing. Bottom-up, so that
 * whoever passes a RUN is settled first. */
static void prune(hoist_file *h, const lf_stage *st)
{
    for (int r = st->last; r > st->first; r--) {
        if (h->target[r] < 0 || worth_moving(h, r))
            continue;
        bool needed = false;
        for (size_t i = 0; i < h->npasses && !needed; i++)
            needed = h->passes[i].j == r && h->target[h->passes[i].r] >= 0;
        if (!needed)
            h->target[r] = -1;
    }
}

static void run_stage(hoist_file *h, const lf_stage *st, lf_edits *out)
{
    lf_buf why = LF_BUF_INIT;
    h->npasses = 0;
    for (int r = st->first + 1; r <= st->last; r++) {
        if (h->doc->instrs[r].kw != LF_KW_RUN)
            continue;
        lf_buf_clear(&why);
        h->target[r] = find_target(h, r, st->first, &why);
        int copy = h->target[r] < 0 ? broad_copy_above(h, r, st->first) : -1;
        if (copy >= 0 && why.len && installs_packages(h, r))
            note(h, r, copy, why.data);
    }
    prune(h, st);
    for (int r = st->first + 1; r <= st->last; r++)
        if (h->target[r] >= 0)
            move(h, r, h->target[r], out);
    lf_buf_free(&why);
}

int lf_pass_hoist_installs(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    if (doc->ninstrs == 0)
        return 0;
    hoist_file h = {doc, an, ctx, malloc(doc->ninstrs * sizeof(int)), NULL, 0, 0};
    for (size_t i = 0; i < doc->ninstrs; i++)
        h.target[i] = -1;
    for (size_t s = 0; s < doc->nstages; s++)
        run_stage(&h, &doc->stages[s], out);
    free(h.target);
    free(h.passes);
    return 0;
}
