/*
 * Planning one RUN (see cache_mounts.c), in steps:
 *   1. wants: the caches each command's tool uses, with their targets;
 *   2. forbid: where a mount must not go (a note each);
 *   3. undroppable: defeaters that cannot be dropped, rm of an ancestor;
 *   4. edits: the mounts to add, the defeaters to drop, keepcache;
 *   5. leave: what this RUN leaves for the ones after it.
 */
#include "cm.h"

#include "vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A cache a command wants. */
typedef struct cand {
    char *target;
    unsigned flags;
    long uid, gid;
    const lf_pm *pm;
    const lf_pm_cache *pc;
    size_t cmd;    /* the command that wants it */
    bool moved;    /* an option or a variable put it there, not the tool's default */
    bool existing; /* the RUN already has a cache mount covering it */
    bool dropped;
    char *uid_arg, *gid_arg; /* the build ARGs of `USER $UID:$GID` (uid/gid -1 then) */
} cand;

/* Everything about the RUN being planned. */
typedef struct run {
    cm_state *ps;
    int s, i;
    const lf_instr *in;
    const lf_run_model *m;
    const lf_state *st;
    const lf_stage_facts *sf;
    cm_stage *cs;
    size_t at, line;
    lf_run_user ru;
    cm_existing ex[16];
    size_t nex;
    cand *c;
    size_t nc, capc;
    cm_plan *p;
    lf_buf why;
} run;

static const char *label(const cand *c)
{
    return c->pc->name;
}

/* --- 1. what each command's tool wants ---------------------------------------------- */

/* A build ARG that holds a number: uid= takes nothing else, and a USER
 * names a user either way, so only the names that say so (UID, USER_ID,
 * PUID, HOST_UID...) are taken for one. */
static bool names_an_id(const char *arg)
{
    size_t n = strlen(arg);
    for (size_t k = 0; k + 3 <= n; k++)
        if (strncasecmp(arg + k, "uid", 3) == 0 || strncasecmp(arg + k, "gid", 3) == 0)
            return true;
    return n >= 2 && strcasecmp(arg + n - 2, "id") == 0;
}

/* Adds what command k wants (or merges it into the candidate with the same
 * target); t is taken. */
static void add_cand(run *r, size_t k, const lf_pm_cache *pc, const lf_run_user *ru, char *t,
                     bool moved)
{
    const lf_cmd *c = &r->m->cmds[k];
    for (size_t j = 0; j < r->nc; j++)
        if (strcmp(r->c[j].target, t) == 0) {
            r->c[j].flags |= pc->flags & LF_PC_LOCKED;
            free(t);
            return;
        }
    bool sys = (pc->flags & LF_PC_SYSTEM) || ru->root;
    cand *x = LF_VEC_PUSH(r->c, r->nc, r->capc);
    *x = (cand){
        t,    pc->flags, sys ? -1 : ru->uid, sys ? -1 : ru->gid, c->pm, pc, k, moved, false, false,
        NULL, NULL};
    if (!sys && !ru->known && ru->uid_arg && names_an_id(ru->uid_arg)) {
        x->uid_arg = strdup(ru->uid_arg);
        x->gid_arg = strdup(ru->gid_arg ? ru->gid_arg : ru->uid_arg);
    }
}

/* A no-cache variable the stage sets for this tool (and the command does not). */
static const lf_var *env_turns_off(const run *r, const lf_cmd *c)
{
    const lf_var *off = NULL;
    for (size_t e = 0; c->pm->no_cache_env && c->pm->no_cache_env[e] && !off; e++)
        off = lf_vars_find(&r->st->env, c->pm->no_cache_env[e]);
    return off && !lf_vars_find(&c->env, off->name) ? off : NULL;
}

/* Where the cache would be is not known on this image: a location variable
 * the tool's official images set (CARGO_HOME...), set neither by the
 * Dockerfile nor by an image the table knows. Its name, or NULL. */
static const char *image_may_move(const run *r, const lf_pm_cache *pc)
{
    if (!(pc->flags & LF_PC_IMAGE_ENV) || r->sf->image)
        return NULL;
    const char *first = NULL;
    for (const lf_pm_loc *l = pc->where;
         l->kind != LF_LOC_HOME && l->kind != LF_LOC_NONE && l->kind != LF_LOC_FIXED; l++) {
        if (l->kind != LF_LOC_ENV)
            continue;
        if (lf_vars_find(&r->st->env, l->name))
            return NULL;
        if (!first)
            first = l->name;
    }
    return first;
}

/* The user a command runs as: the RUN's, or the one a wrapper switches to
 * (sudo -u NAME, gosu NAME: that user's HOME). own is filled when it is
 * another; the result points to r->ru or own. */
static const lf_run_user *command_user(const run *r, const lf_cmd *c, lf_run_user *own)
{
    if (!c->run_as)
        return &r->ru;
    bool dyn = strchr(c->run_as, '$') != NULL;
    lf_run_user_resolve(own, c->run_as, dyn, c->run_as_home ? NULL : &r->st->env, &r->st->users);
    return own;
}

static bool user_ok(run *r, const lf_cmd *c, const lf_pm_cache *pc, const lf_run_user *ru)
{
    if ((pc->flags & LF_PC_SYSTEM) || ru->known)
        return true;
    bool arg =
        ru->uid_arg && names_an_id(ru->uid_arg) && (!ru->gid_arg || names_an_id(ru->gid_arg));
    if (arg && cm_frontend_expands_args(r->ps))
        return true;
    if (ru->image_unknown)
        cm_note(r->ps, r->at,
                "no cache mount for the %s at line %zu: the base image `%s` cannot be resolved "
                "from this Dockerfile, so who the RUN runs as is not known",
                pc->name, r->line, ru->spec);
    else if (arg)
        cm_note(r->ps, r->at,
                "no cache mount for the %s at line %zu: USER `%s` takes its uid from a build "
                "argument, which a mount's uid= can name only with BuildKit's Dockerfile frontend "
                "1.3 or later; declare it with `# syntax=docker/dockerfile:1` (or run with "
                "--syntax-directive)",
                pc->name, r->line, ru->spec);
    else
        cm_note(r->ps, r->at,
                "no cache mount for the %s at line %zu: %s `%s` has no uid known from this "
                "Dockerfile (a wrong uid fails with permission denied, another one makes a "
                "separate cache); create the user with `useradd -u`/`adduser -u` or use a "
                "numeric USER",
                pc->name, r->line, c->run_as ? "the command runs as" : "USER", ru->spec);
    return false;
}

static void want_cache(run *r, size_t k, const lf_pm_cache *pc)
{
    const lf_cmd *c = &r->m->cmds[k];
    if (pc == &lf_pkgmgrs[LF_PM_APT].caches[0])
        r->p->apt_use = true;
    if (pc->flags & LF_PC_SKIP) {
        if (!(r->cs->skip_noted & (1u << c->pm->id)))
            cm_note(r->ps, r->at, "no cache mount for the %s at line %zu: %s", pc->name, r->line,
                    pc->skip_why);
        r->cs->skip_noted |= 1u << c->pm->id;
        return;
    }
    const lf_var *off = env_turns_off(r, c);
    if (off) {
        cm_note(r->ps, r->at,
                "no cache mount for the %s at line %zu: %s %s%zu turns it off (left as written)",
                pc->name, r->line, off->name, off->line ? "set at line " : "set by the base image",
                off->line);
        return;
    }
    const char *var = image_may_move(r, pc);
    if (var) {
        cm_note(r->ps, r->at,
                "no cache mount for the %s at line %zu: the base image `%s` is not one layerfix "
                "knows, and it may set %s, which moves it",
                pc->name, r->line, r->sf->image_text, var);
        return;
    }
    lf_run_user own = {0};
    const lf_run_user *ru = command_user(r, c, &own);
    lf_buf_clear(&r->why);
    char *t = NULL;
    bool moved;
    if (!user_ok(r, c, pc, ru)) {
        /* noted */
    } else if (!cm_resolve_target(r->sf, r->st, c, pc, ru, &t, &moved, &r->why)) {
        cm_note(r->ps, r->at, "no cache mount for the %s at line %zu: %s", pc->name, r->line,
                r->why.data);
    } else {
        add_cand(r, k, pc, ru, t, moved);
    }
    if (ru == &own)
        lf_run_user_free(&own);
}

static void wants(run *r)
{
    for (size_t k = 0; k < r->m->ncmds; k++) {
        const lf_cmd *c = &r->m->cmds[k];
        if (!c->pm || !c->pm->caches)
            continue;
        const char *variant = cm_variant_of(r->ps, r->sf, c, r->s);
        for (const lf_pm_cache *pc = c->pm->caches; pc->name; pc++) {
            if (pc->variant && (!variant || strcmp(pc->variant, variant) != 0))
                continue;
            if (cm_uses_cache(c, pc))
                want_cache(r, k, pc);
        }
    }
    /* apt run some other way (`xargs apt-get install`): it installs
     * without the mount, which docker-clean's removal must know */
    const lf_pm *apt = &lf_pkgmgrs[LF_PM_APT];
    for (size_t k = 0; !r->p->apt_use && r->in->joined && apt->install_texts[k]; k++)
        if (strstr(r->in->joined, apt->install_texts[k]))
            r->p->apt_use = true;
    /* the mounts of one tool in the table's order (apt: the package cache,
     * then the lists), tools in the order they first run */
    for (size_t a = 1; a < r->nc; a++)
        for (size_t b = a; b > 0; b--) {
            cand *x = &r->c[b - 1], *y = &r->c[b];
            if (x->pm != y->pm || x->pc <= y->pc)
                break;
            cand t = *x;
            *x = *y;
            *y = t;
        }
}

/* --- 2. where a mount must not go ------------------------------------------------- */

static void drop(run *r, cand *x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void drop(run *r, cand *x, const char *fmt, ...)
{
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    cm_note(r->ps, r->at, "%s", m.data);
    lf_buf_free(&m);
    x->dropped = true;
}

/* The RUN's own --mount flags: covered, or in the way. */
static void against_existing(run *r, cand *x)
{
    for (size_t e = 0; e < r->nex && !x->dropped && !x->existing; e++) {
        const cm_existing *ex = &r->ex[e];
        if (ex->cache && lf_path_within(x->target, ex->target))
            x->existing = true;
        else if (ex->cache && lf_path_within(ex->target, x->target))
            x->dropped = true; /* the author caches a part of it: left as it is */
        else if (lf_path_overlap(x->target, ex->target))
            drop(r, x, "no cache mount at %s for the %s at line %zu: the RUN already mounts %s",
                 x->target, label(x), r->line, ex->target);
    }
}

/* What the target would hide of the image: a system path, the working
 * directory, HOME, a project output, an install directory. */
static void hides(run *r, cand *x)
{
    const lf_cmd *c = &r->m->cmds[x->cmd];
    const char *t = x->target, *what = NULL;
    for (size_t k = 0; lf_virtual_dirs[k]; k++)
        if (lf_path_within(t, lf_virtual_dirs[k])) {
            drop(r, x, "no cache mount at %s for the %s at line %zu: it is a system path", t,
                 label(x), r->line);
            return;
        }
    if (cm_is_system_dir(t) || lf_path_depth(t) < 2)
        what = "a system directory";
    else if (r->st->workdir && lf_path_within(r->st->workdir, t))
        what = "the working directory";
    else if (c->cwd && lf_path_within(c->cwd, t))
        what = "the directory the command runs in";
    else if (r->ru.home && lf_path_within(r->ru.home, t))
        what = "the user's HOME";
    if (what) {
        drop(r, x, "no cache mount at %s for the %s at line %zu: it would hide %s", t, label(x),
             r->line, what);
        return;
    }
    /* a project output can only be where an option or a variable moved the
     * cache: the tools' own places are not in any project */
    const char *dirs[2] = {r->st->workdir, c->cwd};
    for (int d = 0; d < 2 && !x->dropped && x->moved; d++) {
        if (!dirs[d] || !lf_path_within(t, dirs[d]) || strcmp(t, dirs[d]) == 0)
            continue;
        const char *o = cm_output_component(t + strlen(dirs[d]) + (strcmp(dirs[d], "/") != 0));
        if (o)
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: it is inside the project's `%s`, "
                 "which the image needs",
                 t, label(x), r->line, o);
    }
    for (size_t o = 0; lf_pm_install_dir_opts[o] && !x->dropped; o++) {
        const char *val = lf_cmd_option_text(c, lf_pm_install_dir_opts[o]);
        if (!val || (c->pm->caches && (c->pm->caches[0].flags & LF_PC_SYSTEM)))
            continue;
        char *dir = lf_path_join(c->cwd ? c->cwd : "/", val);
        if (dir && lf_path_overlap(dir, t))
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: `%s %s` installs there, and the "
                 "image needs what it installs",
                 t, label(x), r->line, lf_pm_install_dir_opts[o], val);
        free(dir);
    }
}

/* The later steps that need what this RUN puts in x (readers.c). */
static void read_later(run *r, cand *x)
{
    const lf_cmd *fc = &r->m->cmds[x->cmd];
    for (size_t k = 0; x->pm->layer_fill && x->pm->layer_fill[k]; k++)
        if (lf_cmd_matches(fc, x->pm->layer_fill[k])) {
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: `%s` builds the dependencies "
                 "into a layer of their own, and that layer is what caches them",
                 x->target, label(x), r->line, lf_cmd_text(fc, &r->why));
            return;
        }
    const lf_doc *doc = r->ps->doc;
    const char *how = NULL;
    int at = cm_offline_reader(r->ps, r->s, r->i, x->pc, x->pm, &how);
    if (at >= 0) {
        drop(r, x,
             "no cache mount at %s for the %s at line %zu: the RUN at line %zu reads it with "
             "`%s`, without downloading, and a cache mount is empty when this step's layer comes "
             "from a cache without it (--cache-from, another builder)",
             x->target, label(x), r->line, doc->instrs[at].first_line, how);
        return;
    }
    const lf_cmd *c = &r->m->cmds[x->cmd];
    bool fetch_only = true;
    for (size_t k = 0; k < r->m->ncmds && fetch_only; k++) {
        const lf_cmd *o = &r->m->cmds[k];
        fetch_only = o->pm != x->pm || !cm_uses_cache(o, x->pc) || cm_is_fetch(o);
    }
    if (fetch_only && !cm_read_later(r->ps, r->s, r->i, x->pc, x->pm)) {
        drop(r, x,
             "no cache mount at %s for the %s at line %zu: `%s` only downloads for the steps "
             "after it, and no later RUN runs %s with it: a script or build tool would find "
             "nothing in the image",
             x->target, label(x), r->line, lf_cmd_text(c, &r->why), c->progname);
        return;
    }
    at = cm_runtime_reader(r->ps, r->s, x->pc, x->pm);
    if (at >= 0)
        drop(r, x,
             "no cache mount at %s for the %s at line %zu: the %.*s at line %zu runs %s with it "
             "when the container starts, and a mount keeps it out of the image",
             x->target, label(x), r->line,
             (int)(doc->instrs[at].keyword.end - doc->instrs[at].keyword.start),
             lf_doc_text(doc, doc->instrs[at].keyword), doc->instrs[at].first_line, c->progname);
}

/* What earlier and later steps put there or take from there. */
static void filled_or_read(run *r, cand *x, bool lists_removed_here)
{
    const char *t = x->target;
    const lf_copy_fact *cr = cm_copied_into(r->ps, r->i, t);
    if (cr) {
        drop(r, x,
             "no cache mount at %s for the %s at line %zu: the COPY/ADD at line %zu puts files "
             "there, which a mount would hide",
             t, label(x), r->line, cr->line);
        return;
    }
    if (x->flags & LF_PC_INSTALLS) {
        for (size_t f = 0; f < r->cs->nfilled && !x->dropped; f++)
            if (lf_path_overlap(r->cs->filled[f].target, t))
                drop(r, x,
                     "no cache mount at %s for the %s at line %zu: the RUN at line %zu filled "
                     "it in a layer without a mount, and this step reads what it put there",
                     t, label(x), r->line, r->cs->filled[f].line);
        int by = x->dropped ? -1 : cm_exported_by_copy(r->ps, r->s, t);
        if (by >= 0)
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: the COPY --from at line %zu "
                 "copies it out of this stage, and a mount keeps it out of the layer",
                 t, label(x), r->line, r->ps->doc->instrs[by].first_line);
        if (!x->dropped)
            read_later(r, x);
    }
    /* a RUN that leaves the lists in its layer ships them: the image (a
     * later RUN, a script, someone's `apt-get install` in a container of
     * it) may use them, and a mount would take them out. Only a RUN that
     * deletes them itself gets the mount, in place of the deletion; no note:
     * nothing is lost by leaving it */
    if (!x->dropped && (x->flags & LF_PC_LISTS) && !lists_removed_here)
        x->dropped = true;
}

/* Does the RUN itself empty a lists cache (`rm -rf /var/lib/apt/lists/...`)? */
static bool removes_lists(const run *r)
{
    for (size_t k = 0; k < r->m->ncmds; k++) {
        const lf_cmd *c = &r->m->cmds[k];
        bool dd = false;
        for (size_t w = 1; cm_is_rm(c) && w < c->n; w++) {
            if (!cm_rm_operand(c, w, &dd))
                continue;
            char *rp = cm_rm_path(r->st, c, w, r->ru.home);
            for (size_t i = 0; rp && i < LF_PM_COUNT; i++)
                for (const lf_pm_cache *pc = lf_pkgmgrs[i].caches; pc && pc->name; pc++)
                    if ((pc->flags & LF_PC_LISTS) && pc->where[0].kind == LF_LOC_FIXED &&
                        cm_rm_relation(rp, pc->where[0].path) == CM_RM_INSIDE) {
                        free(rp);
                        return true;
                    }
            free(rp);
        }
    }
    return false;
}

/* Does the image's docker-clean hook apply to this RUN (a Debian/Ubuntu
 * stage, or one on an image the table does not know, whose hook the
 * Dockerfile has not removed)? */
static bool hook_applies(const run *r)
{
    /* an image the table does not know that runs apt is Debian-like: the
     * hook is turned off there too (the commands succeed without it) */
    return (r->sf->family == LF_OS_DEBIAN || r->sf->family == LF_OS_UNKNOWN) &&
           !r->cs->keeps_debs && !cm_hook_wrapped(r->in);
}

/* apt's package cache behind the hook: the RUN must turn it off. */
static void hook_forbids(run *r, cand *x)
{
    if (x->pc != &lf_pkgmgrs[LF_PM_APT].caches[0] || !hook_applies(r))
        return;
    const char *why = cm_hook_blocks(r->ps, r->i, &r->ru);
    if (why)
        drop(r, x,
             "no cache mount at %s at line %zu: the image's docker-clean apt hook deletes the "
             "downloaded packages after every install, and this RUN cannot turn it off while it "
             "runs: %s",
             x->target, r->line, why);
}

static void forbid(run *r)
{
    bool lists_removed_here = removes_lists(r);
    for (size_t j = 0; j < r->nc; j++) {
        cand *x = &r->c[j];
        against_existing(r, x);
        if (!x->dropped && !x->existing)
            hides(r, x);
        if (!x->dropped && !x->existing)
            filled_or_read(r, x, lists_removed_here);
        if (!x->dropped && !x->existing)
            hook_forbids(r, x);
    }
}

/* --- 3. defeaters that cannot be dropped, and rm of an ancestor ---------------------- */

static void undroppable_in(run *r, cand *x, const lf_cmd *c)
{
    const lf_doc *doc = r->ps->doc;
    size_t s0, e0, w;
    const char *nw;
    for (size_t from = 0; !x->dropped && c->pm == x->pm && (nw = cm_no_cache_word(c, from, &w));
         from = w + 1)
        if (!cm_word_removal(doc, c, w, &s0, &e0))
            drop(r, x,
                 "no cache mount for the %s at line %zu: its `%s` cannot be dropped here (%s)",
                 label(x), r->line, nw,
                 r->in->exec_form ? "exec form" : "inside `sh -c` or next to a comment");
    for (size_t a = 0; c->pm == x->pm && a < c->nassign && !x->dropped; a++) {
        const char *t = c->assign[a].text;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(t, "="), t);
        if (lf_pkgmgr_in(x->pm->no_cache_env, name) && !cm_assign_removal(doc, c, a, &s0, &e0))
            drop(r, x, "no cache mount for the %s at line %zu: `%s` cannot be dropped here",
                 label(x), r->line, t);
    }
    if (!x->dropped && c->pm == x->pm && cm_is_clean(c, x->pc) &&
        !(c->editable && c->top_level && cm_stmt_removable(doc, r->m, c->stmt)))
        drop(r, x,
             "no cache mount for the %s at line %zu: `%s` would empty it, and it cannot be "
             "dropped from where it is",
             label(x), r->line, lf_cmd_text(c, &r->why));
    bool dd = false, all_inside = true, any_inside = false;
    for (size_t w2 = 1; cm_is_rm(c) && w2 < c->n && !x->dropped; w2++) {
        if (!cm_rm_operand(c, w2, &dd))
            continue;
        char *rp = cm_rm_path(r->st, c, w2, r->ru.home);
        cm_rm_rel rel = rp ? cm_rm_relation(rp, x->target) : CM_RM_UNRELATED;
        if (rel == CM_RM_ANCESTOR)
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: `rm %s` would fail on the mount "
                 "point",
                 x->target, label(x), r->line, c->w[w2].s);
        any_inside = any_inside || rel == CM_RM_INSIDE;
        all_inside = all_inside && rel == CM_RM_INSIDE;
        free(rp);
    }
    if (!x->dropped && any_inside) {
        bool ok = c->editable && c->top_level;
        if (ok && all_inside)
            ok = cm_stmt_removable(doc, r->m, c->stmt);
        if (!ok)
            drop(r, x,
                 "no cache mount at %s for the %s at line %zu: the `rm` that empties it cannot be "
                 "dropped from where it is",
                 x->target, label(x), r->line);
    }
}

static void undroppable(run *r)
{
    for (size_t j = 0; j < r->nc; j++)
        for (size_t k = 0; k < r->m->ncmds && !r->c[j].dropped; k++)
            undroppable_in(r, &r->c[j], &r->m->cmds[k]);
}

/* --- 4. the plan ------------------------------------------------------------------ */

/* The no-cache options and variables of c for mounted cache x. */
static void drop_no_cache(run *r, const cand *x, const lf_cmd *c)
{
    const lf_doc *doc = r->ps->doc;
    size_t s0, e0, w;
    const char *nw;
    for (size_t from = 0; c->pm == x->pm && (nw = cm_no_cache_word(c, from, &w)); from = w + 1) {
        lf_buf_clear(&r->why);
        if (cm_word_removal(doc, c, w, &s0, &e0)) {
            lf_buf_printf(&r->why,
                          "drop `%s`: the %s is now a cache mount, which stays out of the image, "
                          "and this option would keep the tool from using it",
                          nw, x->pc->name);
            cm_add_removal(r->p, s0, e0, r->why.data);
        }
    }
    for (size_t a = 0; c->pm == x->pm && a < c->nassign; a++) {
        const char *t = c->assign[a].text;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(t, "="), t);
        if (lf_pkgmgr_in(x->pm->no_cache_env, name) && cm_assign_removal(doc, c, a, &s0, &e0)) {
            lf_buf_clear(&r->why);
            lf_buf_printf(&r->why,
                          "drop `%s`: the %s is now a cache mount, which stays out of the image, "
                          "and this setting would keep the tool from using it",
                          t, x->pc->name);
            cm_add_removal(r->p, s0, e0, r->why.data);
        }
    }
}

/* An rm of c: every operand inside a mounted target -> the statement goes;
 * some -> those operands go. */
static void drop_rm(run *r, const lf_cmd *c, bool *dropst, char **drop_why)
{
    const lf_doc *doc = r->ps->doc;
    int si = c->stmt;
    if (!cm_is_rm(c) || !c->editable || (si >= 0 && dropst[si]))
        return;
    bool dd = false, all_inside = true;
    size_t inside[64], ni = 0;
    const char *mounted = NULL; /* the mount the first operand inside it is in */
    for (size_t w2 = 1; w2 < c->n; w2++) {
        if (!cm_rm_operand(c, w2, &dd))
            continue;
        char *rp = cm_rm_path(r->st, c, w2, r->ru.home);
        bool hit = false;
        for (size_t j2 = 0; j2 < r->nc && rp && !hit; j2++) {
            hit = !r->c[j2].dropped && cm_rm_relation(rp, r->c[j2].target) == CM_RM_INSIDE;
            if (hit && !mounted)
                mounted = r->c[j2].target;
        }
        free(rp);
        if (hit && ni < 64)
            inside[ni++] = w2;
        all_inside = all_inside && hit;
    }
    if (ni == 0)
        return;
    if (all_inside && si >= 0) {
        lf_buf_clear(&r->why);
        lf_buf_printf(&r->why,
                      "drop `%.*s`: it would empty a mounted cache (%s), which is not part of "
                      "the image anyway",
                      (int)(c->span.end - c->span.start), lf_doc_text(doc, c->span), mounted);
        dropst[si] = true;
        drop_why[si] = strdup(r->why.data);
    } else if (!all_inside) {
        size_t s0, e0;
        for (size_t q = 0; q < ni; q++)
            if (cm_word_removal(doc, c, inside[q], &s0, &e0)) {
                lf_buf_clear(&r->why);
                lf_buf_printf(&r->why,
                              "drop `%s` from this rm: it is inside a mounted cache, which is "
                              "not part of the image anyway",
                              c->w[inside[q]].s);
                cm_add_removal(r->p, s0, e0, r->why.data);
            }
    }
}

/* dnf and yum keep downloads only with keepcache. */
static void keep_downloads(run *r, const cand *x)
{
    for (size_t k = 0; k < r->m->ncmds && x->pm->keep_opt && !(x->flags & LF_PC_LISTS); k++) {
        const lf_cmd *c = &r->m->cmds[k];
        if (c->pm != x->pm || !c->editable || !cm_uses_cache(c, x->pc) ||
            (x->pm->keep_programs && !lf_pkgmgr_in(x->pm->keep_programs, c->progname)))
            continue;
        bool has = false;
        for (size_t w = c->prog + 1; w < c->n && !has; w++)
            has = strstr(c->w[w].s, x->pm->keep_key) != NULL;
        size_t at = c->w[c->prog].span.end;
        for (size_t q = 0; q < r->p->nins && !has; q++)
            has = r->p->ins[q].start == at;
        if (has)
            continue;
        char text[96];
        snprintf(text, sizeof text, " %s", x->pm->keep_opt);
        lf_buf_clear(&r->why);
        lf_buf_printf(&r->why,
                      "keep the downloaded packages in the mounted cache: `%s` deletes them after "
                      "installing unless told to keep them",
                      c->progname);
        cm_add_insertion(r->p, at, text, r->why.data);
    }
}

/* The hook off before the first statement kept and back on after the
 * last one, when the RUN mounts apt's package cache behind it. */
static void plan_wrap(run *r, const bool *dropst)
{
    if (!r->p->apt_mounted || !hook_applies(r) || cm_hook_blocks(r->ps, r->i, &r->ru))
        return;
    size_t ns = r->m->nstmts, a = 0, b = ns;
    while (a < ns && dropst[a])
        a++;
    while (b > a && dropst[b - 1])
        b--;
    if (a == b)
        return;
    r->p->wrap = true;
    r->p->break_lines = memchr(r->ps->doc->src->data + r->in->line.start, '\n',
                               r->in->line.end - r->in->line.start) == NULL;
    r->p->wrap_start = ts_node_start_byte(r->m->stmts[a].node);
    r->p->wrap_end = ts_node_end_byte(r->m->stmts[b - 1].node);
}

static void edits(run *r)
{
    const lf_doc *doc = r->ps->doc;
    size_t ns = r->m->nstmts;
    bool *dropst = calloc(ns + 1, sizeof *dropst);
    char **drop_why = calloc(ns + 1, sizeof *drop_why);
    for (size_t j = 0; j < r->nc; j++) {
        cand *x = &r->c[j];
        if (x->dropped)
            continue;
        if (strcmp(x->target, lf_pkgmgrs[LF_PM_APT].caches[0].where[0].path) == 0)
            r->p->apt_mounted = true;
        if (!x->existing) {
            cm_mount *m = LF_VEC_PUSH(r->p->m, r->p->nm, r->p->capm);
            *m = (cm_mount){strdup(x->target),
                            x->flags,
                            x->uid,
                            x->gid,
                            x->uid_arg ? strdup(x->uid_arg) : NULL,
                            x->gid_arg ? strdup(x->gid_arg) : NULL,
                            x->pc->name};
        }
        for (size_t k = 0; k < r->m->ncmds; k++) {
            const lf_cmd *c = &r->m->cmds[k];
            drop_no_cache(r, x, c);
            int si = c->stmt;
            if (c->pm == x->pm && cm_is_clean(c, x->pc) && si >= 0 && !dropst[si]) {
                dropst[si] = true;
                lf_buf_clear(&r->why);
                lf_buf_printf(&r->why,
                              "drop `%.*s`: it would empty the mounted %s, which is not part of "
                              "the image anyway",
                              (int)(c->span.end - c->span.start), lf_doc_text(doc, c->span),
                              x->pc->name);
                drop_why[si] = strdup(r->why.data);
            }
            drop_rm(r, c, dropst, drop_why);
        }
        keep_downloads(r, x);
    }
    cm_drop_statements(r->p, r->m, dropst, drop_why);
    plan_wrap(r, dropst);
    for (size_t k = 0; k <= ns; k++)
        free(drop_why[k]);
    free(dropst);
    free(drop_why);
}

/* --- 5. what this RUN leaves for the ones after it ---------------------------------- */

static void leave(run *r)
{
    for (size_t j = 0; j < r->nc; j++)
        if (r->c[j].dropped && (r->c[j].flags & LF_PC_INSTALLS)) {
            cm_filled *f = LF_VEC_PUSH(r->cs->filled, r->cs->nfilled, r->cs->capf);
            f->target = strdup(r->c[j].target);
            f->line = r->line;
        }
    for (size_t k = 0; k < r->m->ncmds; k++) {
        const lf_cmd *c = &r->m->cmds[k];
        bool dd = false;
        for (size_t w = 1; cm_is_rm(c) && w < c->n; w++)
            if (cm_rm_operand(c, w, &dd) && strcmp(c->w[w].s, lf_apt_docker_clean_path) == 0)
                r->cs->keeps_debs = true;
    }
}

void cm_plan_run(cm_state *ps, int s, int i, cm_plan *p)
{
    const lf_doc *doc = ps->doc;
    run r = {.ps = ps, .s = s, .i = i, .p = p};
    r.in = &doc->instrs[i];
    r.m = lf_analysis_run(ps->an, i);
    r.st = lf_analysis_state(ps->an, i);
    r.sf = lf_analysis_stage(ps->an, s);
    r.cs = &ps->st[s];
    r.at = r.in->keyword.start;
    r.line = r.in->first_line;
    lf_analysis_run_user(ps->an, i, &r.ru);
    p->root = r.ru.root;
    r.nex = cm_existing_mounts(doc, r.in, r.st->workdir, r.ex, 16);
    wants(&r);
    forbid(&r);
    undroppable(&r);
    edits(&r);
    leave(&r);
    for (size_t j = 0; j < r.nc; j++) {
        free(r.c[j].target);
        free(r.c[j].uid_arg);
        free(r.c[j].gid_arg);
    }
    free(r.c);
    for (size_t e = 0; e < r.nex; e++)
        free(r.ex[e].target);
    lf_run_user_free(&r.ru);
    lf_buf_free(&r.why);
}

void cm_plan_free(cm_plan *p)
{
    for (size_t i = 0; i < p->nm; i++) {
        free(p->m[i].target);
        free((char *)p->m[i].uid_arg);
        free((char *)p->m[i].gid_arg);
    }
    for (size_t i = 0; i < p->nr; i++)
        free(p->r[i].why);
    for (size_t i = 0; i < p->nins; i++) {
        free(p->ins[i].text);
        free(p->ins[i].why);
    }
    free(p->m);
    free(p->r);
    free(p->ins);
}
