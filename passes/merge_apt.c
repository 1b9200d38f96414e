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
 *   after an update earlier in the stage, gets `<that update command> && `
 *   inserted before the install command, as written (options, env prefix).
 * - A RUN that does nothing but update ("lone update") is removed once every
 *   install after it in the stage has its own update, unless something after
 *   it could still depend on it or would run the moved update differently: a
 *   RUN that uses the package manager without installing (apt-cache, apt-mark,
 *   apk info...), an exec-form RUN (its commands cannot be read), or a USER or
 *   SHELL instruction; then it is kept and a note says why. ENV, ARG, WORKDIR,
 *   COPY, ADD, metadata and RUNs that do not use the package manager are
 *   stepped over. A lone update with flags (a --mount) is left alone.
 * - Exec form, ONBUILD RUN, and installs inside a pipeline, condition, loop
 *   or after `||` are not changed; notes say so where it matters.
 */
#include "passes.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "merge-apt"

typedef enum { FAM_APT, FAM_APK, FAM_DNF, FAM_COUNT } family;

static const char *const FAMILY_UPDATE[FAM_COUNT] = {"apt-get update", "apk update",
                                                     "dnf makecache"};

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

typedef enum { ACT_NONE, ACT_UPDATE, ACT_NEEDS_LISTS, ACT_OTHER } action;

/* What a command does with package lists, and its family. */
static action classify(const lf_doc *doc, const lf_shell_cmd *c, family *fam)
{
    static const char *const apt_prog[] = {"apt-get", "apt", "apt-cache"};
    static const char *const dnf_prog[] = {"dnf", "yum", "microdnf", "tdnf"};
    bool apt = false, apk = false, dnf = false;
    for (size_t i = 0; i < 3; i++)
        apt = apt || lf_shell_program_is(doc, c, apt_prog[i]);
    apk = lf_shell_program_is(doc, c, "apk");
    for (size_t i = 0; i < 4; i++)
        dnf = dnf || lf_shell_program_is(doc, c, dnf_prog[i]);
    if (!apt && !apk && !dnf)
        return ACT_NONE;
    *fam = apt ? FAM_APT : apk ? FAM_APK : FAM_DNF;
    lf_buf w = LF_BUF_INIT;
    char *sub = NULL;
    bool self_refreshing = false; /* apk add --no-cache / --update fetch their own index */
    for (size_t k = 1; k < c->argc; k++) {
        lf_shell_word_text(doc, c->argv[k], &w);
        if (w.data[0] == '-') {
            if (*fam == FAM_APK && (strcmp(w.data, "--no-cache") == 0 ||
                                    strcmp(w.data, "--update") == 0 || strcmp(w.data, "-U") == 0))
                self_refreshing = true;
            if (!sub && option_takes_arg(*fam, w.data))
                k++;
            continue;
        }
        if (!sub)
            sub = strdup(w.data);
    }
    lf_buf_free(&w);
    action a = ACT_OTHER;
    if (sub) {
        static const char *const apt_needs[] = {"install",      "upgrade",   "dist-upgrade",
                                                "full-upgrade", "build-dep", "source",
                                                "download",     "reinstall", "satisfy"};
        static const char *const apk_needs[] = {"add", "upgrade", "fix"};
        static const char *const dnf_needs[] = {"install",   "upgrade",      "update",
                                                "reinstall", "groupinstall", "distro-sync",
                                                "downgrade"};
        const char *const *needs = *fam == FAM_APT   ? apt_needs
                                   : *fam == FAM_APK ? apk_needs
                                                     : dnf_needs;
        size_t nneeds = *fam == FAM_APT ? 9 : *fam == FAM_APK ? 3 : 7;
        bool is_update =
            (*fam == FAM_DNF) ? strcmp(sub, "makecache") == 0 : strcmp(sub, "update") == 0;
        if (is_update)
            a = ACT_UPDATE;
        for (size_t i = 0; i < nneeds && a == ACT_OTHER; i++)
            if (strcmp(sub, needs[i]) == 0)
                a = self_refreshing ? ACT_OTHER : ACT_NEEDS_LISTS;
        free(sub);
    }
    return a;
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
        return true;
    default:
        return false;
    }
}

/* The open "window" after a lone update RUN, per family. */
typedef struct {
    int lone;    /* index of the lone update RUN, -1 if none open */
    int fixed;   /* installs after it that now update themselves */
    int blocker; /* index of the instruction that keeps it, -1 if none */
    const char *why_blocked;
    lf_span update;   /* the update command to copy (span in doc) */
    bool have_update; /* an update ran earlier in the stage */
} window;

static size_t kw_line(const lf_doc *doc, int i)
{
    return doc->instrs[i].first_line;
}

static void close_window(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, window *w, family f)
{
    if (w->lone < 0)
        return;
    const lf_instr *u = &doc->instrs[w->lone];
    if (w->fixed > 0 && w->blocker < 0) {
        char why[256];
        snprintf(why, sizeof why,
                 "remove the standalone `%s` at line %zu: every install after it now updates "
                 "the package lists in its own RUN",
                 FAMILY_UPDATE[f], u->first_line);
        lf_edits_add(out, u->span.start, u->span.end, "", 0, PASS, why);
    } else if (w->fixed > 0) {
        lf_ctx_note(ctx, u->keyword.start, "`%s` at line %zu kept: %s at line %zu may depend on it",
                    FAMILY_UPDATE[f], u->first_line, w->why_blocked, kw_line(doc, w->blocker));
    } else {
        lf_ctx_note(ctx, u->keyword.start,
                    "`%s` at line %zu is not followed by an install in this stage",
                    FAMILY_UPDATE[f], u->first_line);
    }
    w->lone = -1;
}

static void block(window *w, int i, const char *why)
{
    if (w->lone >= 0 && w->blocker < 0) {
        w->blocker = i;
        w->why_blocked = why;
    }
}

static void block_windows(window *win, int i, const char *why)
{
    for (int f = 0; f < FAM_COUNT; f++)
        block(&win[f], i, why);
}

static void run_stage(const lf_doc *doc, lf_ctx *ctx, lf_edits *out, const lf_stage *st)
{
    window win[FAM_COUNT];
    for (int f = 0; f < FAM_COUNT; f++)
        win[f] = (window){.lone = -1, .blocker = -1};
    lf_shell_cmds cmds = {0};
    for (int i = st->first + 1; i <= st->last; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (steppable(in->kw))
            continue;
        if (in->kw != LF_KW_RUN) {
            /* a different user or shell would run the moved update */
            if (in->kw == LF_KW_USER || in->kw == LF_KW_SHELL)
                block_windows(win, i, lf_keyword_name(in->kw));
            continue;
        }
        cmds.n = 0;
        lf_shell_commands(doc, in, &cmds);
        bool updated[FAM_COUNT] = {0}, uses[FAM_COUNT] = {0}, only_updates = cmds.n > 0;
        int target[FAM_COUNT];
        for (int f = 0; f < FAM_COUNT; f++)
            target[f] = -1;
        for (size_t k = 0; k < cmds.n; k++) {
            family f;
            action a = classify(doc, &cmds.items[k], &f);
            if (a != ACT_UPDATE)
                only_updates = false;
            if (a == ACT_NONE)
                continue;
            uses[f] = true;
            if (a == ACT_UPDATE && !updated[f]) {
                updated[f] = true;
                if (!win[f].have_update || win[f].lone < 0)
                    win[f].update = cmds.items[k].span;
            } else if (a == ACT_NEEDS_LISTS && !updated[f] && target[f] < 0) {
                target[f] = (int)k;
            }
        }
        for (int f = 0; f < FAM_COUNT; f++) {
            if (target[f] >= 0 && win[f].have_update) {
                const lf_shell_cmd *t = &cmds.items[target[f]];
                if (!t->top_level || t->after_or) {
                    lf_ctx_note(ctx, t->span.start,
                                "install at line %zu is inside a pipeline, condition or "
                                "`||` branch; not merged with `%s`",
                                in->first_line, FAMILY_UPDATE[f]);
                    block(&win[f], i, "an install that could not be merged");
                } else {
                    lf_buf text = LF_BUF_INIT;
                    lf_buf_add(&text, doc->src->data + win[f].update.start,
                               win[f].update.end - win[f].update.start);
                    lf_buf_adds(&text, " && ");
                    char why[256];
                    snprintf(why, sizeof why,
                             "update the package lists in the same RUN as the install at line "
                             "%zu, so a changed install never runs against lists cached in an "
                             "earlier layer",
                             in->first_line);
                    lf_edits_add(out, t->span.start, t->span.start, text.data, text.len, PASS, why);
                    lf_buf_free(&text);
                    if (win[f].lone >= 0)
                        win[f].fixed++;
                }
            }
            if (updated[f]) {
                bool lone = only_updates && in->nflags == 0 && !in->exec_form;
                close_window(doc, ctx, out, &win[f], (family)f);
                win[f].have_update = true;
                if (lone) {
                    win[f].lone = i;
                    win[f].fixed = 0;
                    win[f].blocker = -1;
                }
            } else if (uses[f] && target[f] < 0) {
                block(&win[f], i, "a RUN that uses the package manager");
            }
        }
        if (in->exec_form)
            block_windows(win, i, "an exec-form RUN");
    }
    for (int f = 0; f < FAM_COUNT; f++)
        close_window(doc, ctx, out, &win[f], (family)f);
    lf_shell_cmds_free(&cmds);
}

int lf_pass_merge_apt(const lf_doc *doc, lf_ctx *ctx, lf_edits *out)
{
    for (size_t s = 0; s < doc->nstages; s++)
        run_stage(doc, ctx, out, &doc->stages[s]);
    return 0;
}
