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
#include "shell.h"

#include "json.h"
#include "strv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "merge-apt"

typedef enum { FAM_APT, FAM_APK, FAM_DNF, FAM_COUNT } family;

static const char *const FAMILY_UPDATE[FAM_COUNT] = {"apt-get update", "apk update",
                                                     "dnf makecache"};

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static bool program_family(const char *prog, family *f)
{
    static const char *const apt_prog[] = {"apt-get", "apt", "apt-cache", "apt-mark", "aptitude"};
    static const char *const dnf_prog[] = {"dnf", "yum", "microdnf", "tdnf"};
    const char *b = base_name(prog);
    if (in_list(b, apt_prog, 5))
        *f = FAM_APT;
    else if (strcmp(b, "apk") == 0)
        *f = FAM_APK;
    else if (in_list(b, dnf_prog, 4))
        *f = FAM_DNF;
    else
        return false;
    return true;
}

/* A command that may run code we cannot read: a script, a shell, xargs... */
static bool runs_script(const char *prog)
{
    static const char *const runners[] = {"sh",  "bash",    "dash",   "ash", "zsh",
                                          "ksh", "eval",    "source", ".",   "xargs",
                                          "su",  "runuser", "chroot"};
    size_t n = strlen(prog);
    return strchr(prog, '/') != NULL || (n > 3 && strcmp(prog + n - 3, ".sh") == 0) ||
           in_list(prog, runners, sizeof runners / sizeof runners[0]);
}

/* Options of these programs that take a separate argument. */
static bool option_takes_arg(family f, const char *opt)
{
    if (f == FAM_APT)
        return strcmp(opt, "-o") == 0 || strcmp(opt, "-c") == 0 || strcmp(opt, "-t") == 0 ||
               strcmp(opt, "--option") == 0 || strcmp(opt, "--config-file") == 0 ||
               strcmp(opt, "--target-release") == 0;
    if (f == FAM_APK)
        return strcmp(opt, "-X") == 0 || strcmp(opt, "--repository") == 0 ||
               strcmp(opt, "-p") == 0 || strcmp(opt, "--root") == 0 || strcmp(opt, "-t") == 0 ||
               strcmp(opt, "--virtual") == 0;
    return strcmp(opt, "--setopt") == 0 || strcmp(opt, "-c") == 0 ||
           strcmp(opt, "--enablerepo") == 0 || strcmp(opt, "--disablerepo") == 0;
}

typedef enum {
    ACT_NONE,        /* not a package manager */
    ACT_UPDATE,      /* refreshes the lists */
    ACT_NEEDS_LISTS, /* installs or upgrades from the lists */
    ACT_SELF,        /* installs, fetching its own index (apk add --no-cache) */
    ACT_OTHER,       /* any other use of the package manager */
} action;

/* What the words of a command (words[0] is the program) do with package
 * lists, and their family. */
static action classify_words(const lf_strv *words, family *fam)
{
    if (words->n == 0 || !program_family(words->items[0].s, fam))
        return ACT_NONE;
    const char *sub = NULL;
    bool self_refreshing = false; /* apk add --no-cache / --update fetch their own index */
    for (size_t k = 1; k < words->n; k++) {
        const char *w = words->items[k].s;
        if (w[0] == '-') {
            if (*fam == FAM_APK && (strcmp(w, "--no-cache") == 0 || strcmp(w, "--update") == 0 ||
                                    strcmp(w, "--update-cache") == 0 || strcmp(w, "-U") == 0))
                self_refreshing = true;
            if (!sub && option_takes_arg(*fam, w))
                k++;
            continue;
        }
        if (!sub)
            sub = w;
    }
    if (!sub)
        return ACT_OTHER;
    static const char *const apt_needs[] = {"install",      "upgrade",   "dist-upgrade",
                                            "full-upgrade", "build-dep", "source",
                                            "download",     "reinstall", "satisfy"};
    static const char *const apk_needs[] = {"add", "upgrade", "fix"};
    static const char *const dnf_needs[] = {"install",      "upgrade",     "update",   "reinstall",
                                            "groupinstall", "distro-sync", "downgrade"};
    bool is_update = (*fam == FAM_DNF) ? strcmp(sub, "makecache") == 0 : strcmp(sub, "update") == 0;
    if (is_update && !(*fam == FAM_APT && strcmp(base_name(words->items[0].s), "apt-cache") == 0))
        return ACT_UPDATE;
    bool needs = *fam == FAM_APT   ? in_list(sub, apt_needs, 9)
                 : *fam == FAM_APK ? in_list(sub, apk_needs, 3)
                                   : in_list(sub, dnf_needs, 7);
    if (!needs)
        return ACT_OTHER;
    return self_refreshing ? ACT_SELF : ACT_NEEDS_LISTS;
}

static action classify(const lf_doc *doc, const lf_shell_cmd *c, family *fam, bool *script)
{
    lf_strv words = LF_STRV_INIT;
    lf_buf w = LF_BUF_INIT;
    for (size_t k = 0; k < c->argc; k++) {
        lf_shell_word_text(doc, c->argv[k], &w);
        lf_strv_push(&words, w.data, w.len);
    }
    lf_buf_free(&w);
    action a = classify_words(&words, fam);
    *script = a == ACT_NONE && words.n > 0 && runs_script(words.items[0].s);
    lf_strv_free(&words);
    return a;
}

/* `cmd || ...`: the author tolerates its failure. */
static bool before_or(const lf_shell_cmd *c)
{
    TSNode n = c->node, p = ts_node_parent(n);
    if (!ts_node_is_null(p) && strcmp(ts_node_type(p), "redirected_statement") == 0)
        n = p;
    TSNode next = ts_node_next_sibling(n);
    return !ts_node_is_null(next) && strcmp(ts_node_type(next), "||") == 0;
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
static void describe_update(const lf_doc *doc, const window *w, family f, lf_buf *out)
{
    lf_buf_clear(out);
    size_t n = w->update.end - w->update.start;
    const char *s = doc->src->data + w->update.start;
    if (w->update_run >= 0 && n <= 80 && !memchr(s, '\n', n))
        lf_buf_add(out, s, n);
    else
        lf_buf_adds(out, FAMILY_UPDATE[f]);
}

static void close_window(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, window *w, family f)
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
    for (int f = 0; f < FAM_COUNT; f++)
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
static bool why_not_merged(const lf_doc *doc, const lf_instr *in, const lf_shell_cmd *t,
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
static void note_exec_install(const lf_doc *doc, lf_ctx *ctx, int i, window *win)
{
    const lf_instr *in = &doc->instrs[i];
    lf_strv words = LF_STRV_INIT;
    family f;
    if (lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &words) ==
            LF_JSON_STRINGS &&
        classify_words(&words, &f) == ACT_NEEDS_LISTS && win[f].update_run >= 0) {
        lf_buf upd = LF_BUF_INIT;
        describe_update(doc, &win[f], f, &upd);
        lf_ctx_note(ctx, in->keyword.start,
                    "install at line %zu not merged with `%s` at line %zu: it is in exec form, "
                    "with no shell to chain them",
                    in->first_line, upd.data, doc->instrs[win[f].update_run].first_line);
        lf_buf_free(&upd);
        unmerged(&win[f], i);
    }
    lf_strv_free(&words);
}

static void run_stage(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, const lf_stage *st)
{
    window win[FAM_COUNT];
    for (int f = 0; f < FAM_COUNT; f++)
        win[f] = (window){.update_run = -1, .lone = -1, .blocker = -1, .unmerged = -1};
    lf_shell_cmds cmds = {0};
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
        if (in->exec_form || !in->shell_tree || in->shell_has_error) {
            if (in->exec_form)
                note_exec_install(doc, ctx, i, win);
            block_windows(win, i,
                          in->exec_form ? "is in exec form and may use the package manager"
                                        : "could not be read and may use the package manager");
            continue;
        }
        cmds.n = 0;
        lf_shell_commands(doc, in, &cmds);
        /* per family: the first plain (top-level) update, the first install
         * before any update, whether the old lists are used before either */
        int upd[FAM_COUNT], target[FAM_COUNT];
        bool updated[FAM_COUNT] = {0}, stale_use[FAM_COUNT] = {0}, stale_script = false;
        bool only_updates = cmds.n > 0;
        for (int f = 0; f < FAM_COUNT; f++)
            upd[f] = target[f] = -1;
        for (size_t k = 0; k < cmds.n; k++) {
            const lf_shell_cmd *c = &cmds.items[k];
            bool plain = c->top_level && !c->after_or, script;
            family f = FAM_APT;
            action a = classify(doc, c, &f, &script);
            if (a == ACT_UPDATE && before_or(c))
                plain = false; /* `update || true` is not copied as a strict update */
            if (a != ACT_UPDATE || !plain)
                only_updates = false;
            if (script) {
                /* before any fresh update in this RUN: it may use the old lists */
                bool fresh = false;
                for (int g = 0; g < FAM_COUNT; g++)
                    fresh = fresh || upd[g] >= 0 || target[g] >= 0;
                stale_script = stale_script || !fresh;
            }
            if (a == ACT_NONE || a == ACT_SELF)
                continue;
            bool fresh = upd[f] >= 0 || target[f] >= 0;
            if (a == ACT_UPDATE) {
                if (plain && !updated[f])
                    upd[f] = (int)k;
                stale_use[f] = stale_use[f] || (!plain && !fresh);
                updated[f] = true;
            } else if (a == ACT_NEEDS_LISTS && !updated[f] && target[f] < 0) {
                target[f] = (int)k;
            } else if (a == ACT_OTHER && !fresh) {
                stale_use[f] = true;
            }
        }
        for (int f = 0; f < FAM_COUNT; f++) {
            if (stale_use[f])
                block(&win[f], i, "uses the package manager before updating");
            if (stale_script)
                block(&win[f], i, "runs a script or command line that may use the package manager");
            if (target[f] >= 0 && win[f].update_run >= 0) {
                const lf_shell_cmd *t = &cmds.items[target[f]];
                const lf_instr *u = &doc->instrs[win[f].update_run];
                size_t line, col;
                lf_source_pos(doc->src, t->span.start, &line, &col);
                lf_buf text = LF_BUF_INIT, why = LF_BUF_INIT;
                if (why_not_merged(doc, in, t, u, &why)) {
                    describe_update(doc, &win[f], f, &text);
                    lf_ctx_note(ctx, t->span.start,
                                "install at line %zu not merged with `%s` at line %zu: %s", line,
                                text.data, u->first_line, why.data);
                    unmerged(&win[f], i);
                } else {
                    insertion(doc, in, t->span.start, win[f].update, &text);
                    lf_buf_printf(&why,
                                  "update the package lists in the same RUN as the install at "
                                  "line %zu, so a changed install never runs against lists "
                                  "cached in an earlier layer",
                                  line);
                    lf_edits_add(out, t->span.start, t->span.start, text.data, text.len, PASS,
                                 why.data);
                    if (win[f].lone >= 0)
                        win[f].fixed++;
                }
                lf_buf_free(&text);
                lf_buf_free(&why);
            }
            if (upd[f] >= 0) {
                close_window(doc, ctx, out, &win[f], (family)f);
                win[f].update = cmds.items[upd[f]].span;
                win[f].update_run = i;
                if (only_updates) {
                    win[f].lone = i;
                    win[f].flagged = in->nflags > 0;
                    win[f].fixed = 0;
                    win[f].blocker = win[f].unmerged = -1;
                }
            }
        }
    }
    for (int f = 0; f < FAM_COUNT; f++)
        close_window(doc, ctx, out, &win[f], (family)f);
    lf_shell_cmds_free(&cmds);
}

int lf_pass_merge_apt(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    for (size_t s = 0; s < doc->nstages; s++)
        run_stage(doc, ctx, out, &doc->stages[s]);
    return 0;
}
