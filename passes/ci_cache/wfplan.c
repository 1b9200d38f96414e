/*
 * Per job of a workflow: which docker/build-push-action steps ci-cache
 * edits, whether setup-buildx goes in, and the notes for what it leaves
 * alone (the rules are listed in workflow.c).
 */
#include "ci.h"
#include "cinotes.h"
#include "wf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum { ST_OTHER, ST_EDIT, ST_CONFIGURED, ST_NOTED } step_state;

static const lf_ynode *nd(const wf *w, size_t n)
{
    return &w->t.nodes[n];
}

static size_t line_of(const wf *w, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off && i < w->len; i++)
        line += w->text[i] == '\n';
    return line;
}

static bool has_merge_key(const wf *w, size_t m)
{
    const lf_ynode *n = nd(w, m);
    for (size_t i = 0; i < n->nkids; i += 2)
        if (nd(w, n->kids[i])->style == LF_YS_PLAIN && lf_yscalar_is(&w->t, n->kids[i], "<<"))
            return true;
    return false;
}

/* The `cache-from: ...` and `cache-to: ...` to add to step s, for notes. */
static void keys_text(const wf *w, const wf_step *s, lf_buf *out)
{
    lf_buf from = LF_BUF_INIT, to = LF_BUF_INIT;
    wf_cache_values(w->several ? s->image : NULL, &from, &to);
    lf_buf_printf(out, "`%s: %s` and `%s: %s`", lf_gha.in_cache_from, lf_buf_cstr(&from),
                  lf_gha.in_cache_to, lf_buf_cstr(&to));
    lf_buf_free(&from);
    lf_buf_free(&to);
}

static step_state by_hand(wf *w, const wf_step *s, size_t at, const char *why)
{
    lf_buf keys = LF_BUF_INIT;
    keys_text(w, s, &keys);
    lf_ctx_note(w->ctx, at,
                "%s, so ci-cache does not edit it: add %s to its `%s:` by hand (after %s)", why,
                lf_buf_cstr(&keys), lf_gha.with, lf_gha.setup_buildx);
    lf_buf_free(&keys);
    return ST_NOTED;
}

/* What a `with:` mapping already says about the cache. */
static step_state classify_with(wf *w, const wf_step *s)
{
    const lf_ynode *wn = nd(w, s->with);
    if (wn->kind == LF_Y_SCALAR && wn->style == LF_YS_PLAIN && wn->len == 0)
        return ST_EDIT; /* `with:` and nothing */
    if (wn->kind == LF_Y_ALIAS || wn->anchored)
        return by_hand(w, s, wn->start,
                       "this step's `with:` is an alias or carries an anchor (an "
                       "edit would change every use of it)");
    if (wn->kind != LF_Y_MAP)
        return by_hand(w, s, wn->start, "this step's `with:` is not a mapping (an expression?)");
    if (wn->flow)
        return by_hand(w, s, wn->start, "this step's `with:` is a flow mapping ({...})");
    if (has_merge_key(w, s->with))
        return by_hand(w, s, wn->start, "this step's `with:` merges another mapping (<<)");
    if (wf_duplicate_key(w, s->with) != LF_YNONE)
        return by_hand(w, s, nd(w, wf_duplicate_key(w, s->with))->start,
                       "this step's `with:` has this key twice");
    size_t kf, kt;
    bool from = lf_ymap_get(&w->t, s->with, lf_gha.in_cache_from, &kf) != LF_YNONE;
    bool to = lf_ymap_get(&w->t, s->with, lf_gha.in_cache_to, &kt) != LF_YNONE;
    if (from != to)
        lf_ctx_note(w->ctx, nd(w, from ? kf : kt)->start,
                    "this build %s a cache but %s: add `%s:` with the same backend%s",
                    from ? "imports" : "exports",
                    from ? "nothing exports one for the next build" : "no build imports it",
                    from ? lf_gha.in_cache_to : lf_gha.in_cache_from, from ? " and mode=max" : "");
    return from || to ? ST_CONFIGURED : ST_EDIT;
}

static step_state classify(wf *w, const wf_step *s)
{
    const lf_ynode *n = nd(w, s->node);
    if (n->kind != LF_Y_MAP)
        return ST_NOTED;
    if (n->flow)
        return by_hand(w, s, n->start, "this step is a flow mapping ({...})");
    if (n->anchored)
        return by_hand(w, s, n->start,
                       "this step carries an anchor (an edit would change every "
                       "alias of it too)");
    if (has_merge_key(w, s->node))
        return by_hand(w, s, n->start, "this step merges another mapping (<<)");
    if (wf_duplicate_key(w, s->node) != LF_YNONE)
        return by_hand(w, s, nd(w, wf_duplicate_key(w, s->node))->start,
                       "this step has this key twice");
    if (s->major && s->major < lf_gha.build_push_min_major) {
        lf_ctx_note(w->ctx, nd(w, s->uses)->start,
                    "%s v%u takes other inputs than v%u and later (no cache-from/cache-to); "
                    "upgrade it, then add the gha cache",
                    lf_gha.build_push, s->major, lf_gha.build_push_min_major);
        return ST_NOTED;
    }
    return s->with == LF_YNONE ? ST_EDIT : classify_with(w, s);
}

/* Notes on inputs of any build step: no-cache, secrets in build-args. */
static void input_notes(wf *w, const wf_step *s)
{
    size_t k;
    const char *nc = lf_yscalar(&w->t, lf_ymap_get(&w->t, s->with, lf_gha.in_no_cache, &k));
    if (nc && strcasecmp(nc, "true") == 0) {
        lf_buf what = LF_BUF_INIT;
        lf_buf_printf(&what, "%s: %s", lf_gha.in_no_cache, nc);
        lf_ci_note_no_cache(w->ctx, nd(w, k)->start, lf_buf_cstr(&what));
        lf_buf_free(&what);
    }
    size_t args = lf_ymap_get(&w->t, s->with, lf_gha.in_build_args, NULL);
    if (args == LF_YNONE)
        return;
    size_t one = args, nitems = 1;
    if (nd(w, args)->kind == LF_Y_SEQ)
        nitems = nd(w, args)->nkids;
    for (size_t i = 0; i < nitems; i++) {
        if (nd(w, args)->kind == LF_Y_SEQ)
            one = nd(w, args)->kids[i];
        const char *v = lf_yscalar(&w->t, one);
        for (; v && *v; v += strcspn(v, "\n"), v += *v == '\n') {
            while (*v == ' ' || *v == '\t')
                v++;
            size_t nl = strcspn(v, "=\n");
            if (v[nl] != '=' || !lf_ci_secret_name(v, nl))
                continue;
            /* the line of the name in the source, for the note */
            size_t at = nd(w, one)->start, end = lf_ynode_last_byte(&w->t, one);
            for (size_t p = at; p + nl <= end; p++)
                if (memcmp(w->text + p, v, nl) == 0) {
                    at = p;
                    break;
                }
            lf_ci_note_secret_arg(w->ctx, at, v, nl, NULL, 0, LF_CI_WORKFLOW_ACTION);
        }
    }
}

static bool is_true(const wf *w, size_t m, const char *key)
{
    const char *v = lf_yscalar(&w->t, lf_ymap_get(&w->t, m, key, NULL));
    return v && strcasecmp(v, "true") == 0;
}

/* Does the build of step s leave the runner's image store out of it? */
static bool exports(const wf *w, const wf_step *s)
{
    return is_true(w, s->with, lf_gha.in_push) || is_true(w, s->with, lf_gha.in_load) ||
           lf_ymap_get(&w->t, s->with, lf_gha.in_outputs, NULL) != LF_YNONE;
}

/* A step after k that may use the image step k left in the image store:
 * it runs docker, or its text names the image. */
static size_t local_image_user(const wf *w, const wf_job *j, size_t k)
{
    const char *img = j->steps[k].image;
    bool named = img && strlen(img) >= 3 && !strstr(img, lf_gha.expr_open);
    for (size_t i = k + 1; i < j->nsteps; i++) {
        const wf_step *t = &j->steps[i];
        if (wf_runs_docker(w, t, false))
            return i;
        size_t a = nd(w, t->node)->start, b = lf_ynode_last_byte(&w->t, t->node);
        for (size_t p = a; named && p + strlen(img) <= b; p++)
            if (strncasecmp(w->text + p, img, strlen(img)) == 0)
                return i;
    }
    return LF_YNONE;
}

/* Whether setup-buildx comes before step `first` (*have); -1 with a note
 * when it uses the docker driver, else 0. */
static int buildx_before(wf *w, const wf_job *j, size_t first, bool *have)
{
    *have = false;
    for (size_t i = 0; i < first; i++) {
        const wf_step *s = &j->steps[i];
        if (!s->setup_buildx)
            continue;
        *have = true;
        size_t k;
        const char *d = lf_yscalar(&w->t, lf_ymap_get(&w->t, s->with, lf_gha.in_driver, &k));
        if (d && strcmp(d, lf_gha.driver_docker) == 0) {
            lf_ctx_note(w->ctx, nd(w, k)->start,
                        "`%s: %s` exports no cache, so the build steps below get no gha cache; "
                        "remove it (the default driver, %s, exports caches), then "
                        "add `%s: %s` and `%s: %s,%s` to them",
                        lf_gha.in_driver, d, lf_gha.driver_container, lf_gha.in_cache_from,
                        lf_gha.gha_from, lf_gha.in_cache_to, lf_gha.gha_from, lf_gha.mode_max);
            return -1;
        }
    }
    return 0;
}

/* When setup-buildx goes in: no build from `first` on may lose an image a
 * later step uses. 0, or -1 with a note. */
static int store_safe(wf *w, const wf_job *j, size_t first)
{
    for (size_t k = first; k < j->nsteps; k++) {
        const wf_step *s = &j->steps[k];
        if (!s->build_push || exports(w, s))
            continue;
        size_t u = local_image_user(w, j, k);
        if (u == LF_YNONE)
            continue;
        lf_buf keys = LF_BUF_INIT;
        keys_text(w, s, &keys);
        lf_ctx_note(w->ctx, nd(w, s->node)->start,
                    "this job builds without %s, so this image stays in the runner's image store, "
                    "and the step at line %zu may use it from there; the gha cache needs %s, "
                    "whose builder keeps an image only when it is pushed or loaded: add it before "
                    "this step, `%s: true` here, and %s",
                    lf_gha.setup_buildx, line_of(w, nd(w, j->steps[u].node)->start),
                    lf_gha.setup_buildx, lf_gha.in_load, lf_buf_cstr(&keys));
        lf_buf_free(&keys);
        return -1;
    }
    return 0;
}

void wf_plan_job(wf *w, wf_job *j)
{
    step_state *st = calloc(j->nsteps ? j->nsteps : 1, sizeof *st);
    if (!st)
        abort();
    size_t first = LF_YNONE;
    for (size_t i = 0; i < j->nsteps; i++) {
        if (!j->steps[i].build_push)
            continue;
        if (nd(w, j->steps[i].node)->kind == LF_Y_MAP)
            input_notes(w, &j->steps[i]);
        st[i] = classify(w, &j->steps[i]);
        if (st[i] == ST_EDIT && first == LF_YNONE)
            first = i;
    }
    bool have = false;
    if (first == LF_YNONE || buildx_before(w, j, first, &have) != 0 ||
        (!have &&
         (store_safe(w, j, first) != 0 || wf_add_setup_buildx(w, &j->steps[first]) != 0))) {
        free(st);
        return;
    }
    for (size_t i = 0; i < j->nsteps; i++)
        if (st[i] == ST_EDIT)
            wf_add_cache_keys(w, &j->steps[i]);
    free(st);
}
