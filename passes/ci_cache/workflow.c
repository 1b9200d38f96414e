/*
 * ci-cache on a GitHub Actions workflow (see ci_cache.h). The rules:
 *
 * - A docker/build-push-action step (v2 or later; v1 takes other inputs: a
 *   note) without cache-from and cache-to gets `cache-from: type=gha` and
 *   `cache-to: type=gha,mode=max` at the end of its `with:` mapping (or a
 *   new `with:` block at the end of the step). When the workflow builds
 *   several images (wfname.c), each value gets `scope=<image>`: the gha
 *   backend keeps one cache per scope, and images sharing the default scope
 *   overwrite each other's.
 * - A step with only one of them is left alone with a note; `no-cache:
 *   true` and build-args with a secret's name get notes.
 * - The gha backend needs a builder that exports caches: when no
 *   setup-buildx step comes before the first edited step of its job, one is
 *   inserted right before it (above its comment lines), copying another
 *   setup-buildx `uses:` of the workflow or taking the release train of the
 *   step's build-push major (from `@vN`, or from a `# vN` comment after a
 *   commit pin; the newest train when neither says). A setup-buildx with `driver: docker` gets a
 *   note (that driver exports no cache) and the job no edit. Without
 *   setup-buildx, images built by the docker driver land in the runner's
 *   image store; after it they do only when pushed or loaded. So when a
 *   build step of the job neither pushes (`push: true`) nor loads nor sets
 *   outputs, and a later step of the job runs docker or names the image,
 *   the job gets a note instead of edits.
 * - Shapes we do not edit (a flow mapping, an alias or anchor, a merge key,
 *   a key given twice, a `with:` given as an expression) get a note with
 *   what to add.
 * - A workflow with line breaks other than LF and CRLF gets a note, no edit.
 * - run: steps: docker build commands get the notes of cinotes.c, with the
 *   registry backend when the workflow logs into a registry
 *   (login actions, `docker login`). DOCKER_BUILDKIT=0 anywhere: a note.
 */
#include "ci.h"
#include "ci_cache.h"
#include "cinotes.h"
#include "cmdscan.h"
#include "wf.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const lf_ynode *nd(const wf *w, size_t n)
{
    return &w->t.nodes[n];
}

/* `owner/repo@ref` names action (case-insensitively, as GitHub does)? */
static bool uses_action(const char *uses, const char *action)
{
    size_t n = strlen(action);
    return uses && strncasecmp(uses, action, n) == 0 && (uses[n] == '@' || uses[n] == 0);
}

static unsigned major_of(const char *uses)
{
    const char *at = uses ? strchr(uses, '@') : NULL;
    if (!at || (at[1] != 'v' && at[1] != 'V') || at[2] < '0' || at[2] > '9')
        return 0;
    return (unsigned)strtoul(at + 2, NULL, 10);
}

/* The major of a `# vN...` comment after offset end on its line, or 0. */
static unsigned major_of_comment(const wf *w, size_t end)
{
    const char *t = w->text;
    size_t i = end;
    while (i < w->len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i >= w->len || t[i] != '#')
        return 0;
    i++;
    while (i < w->len && t[i] == ' ')
        i++;
    if (i + 1 >= w->len || (t[i] != 'v' && t[i] != 'V') || t[i + 1] < '0' || t[i + 1] > '9')
        return 0;
    return (unsigned)strtoul(t + i + 1, NULL, 10);
}

static void read_step(wf *w, wf_job *j, size_t node)
{
    wf_step *s = LF_VEC_PUSH(j->steps, j->nsteps, j->csteps);
    s->node = node;
    s->uses = lf_ymap_get(&w->t, node, lf_gha.uses, NULL);
    s->with = lf_ymap_get(&w->t, node, lf_gha.with, &s->with_key);
    if (s->with == LF_YNONE)
        s->with_key = LF_YNONE;
    s->run = lf_ymap_get(&w->t, node, lf_gha.run, NULL);
    s->id = lf_ymap_get(&w->t, node, lf_gha.id, NULL);
    const char *u = lf_yscalar(&w->t, s->uses);
    s->build_push = uses_action(u, lf_gha.build_push);
    s->setup_buildx = uses_action(u, lf_gha.setup_buildx);
    for (const char *const *l = lf_gha.login_actions; *l && !s->login; l++)
        s->login = uses_action(u, *l);
    s->major = major_of(u);
    if (!s->major && u) /* `@<commit> # v5.0.0`: the comment names the release */
        s->major = major_of_comment(w, nd(w, s->uses)->end);
    if (s->setup_buildx && !w->buildx_ref)
        w->buildx_ref = u;
}

size_t wf_duplicate_key(const wf *w, size_t m)
{
    const lf_ynode *n = nd(w, m);
    for (size_t i = 2; n->kind == LF_Y_MAP && i < n->nkids; i += 2)
        for (size_t k = 0; k < i; k += 2) {
            const char *a = lf_yscalar(&w->t, n->kids[i]), *b = lf_yscalar(&w->t, n->kids[k]);
            if (a && b && strcmp(a, b) == 0)
                return n->kids[i];
        }
    return LF_YNONE;
}

/* The jobs and their steps; a mapping on the way with a key given twice
 * (the top, `jobs:`, a job) gets a note and its steps are not read. */
static void read_jobs(wf *w)
{
    size_t jobs = lf_ymap_get(&w->t, w->root, lf_gha.jobs, NULL);
    if (jobs == LF_YNONE || nd(w, jobs)->kind != LF_Y_MAP)
        return;
    size_t dup = wf_duplicate_key(w, w->root);
    if (dup == LF_YNONE)
        dup = wf_duplicate_key(w, jobs);
    if (dup != LF_YNONE) {
        lf_ctx_note(w->ctx, nd(w, dup)->start,
                    "this key is given twice: ci-cache does not edit "
                    "this workflow");
        return;
    }
    for (size_t i = 0; i + 1 < nd(w, jobs)->nkids; i += 2) {
        size_t map = nd(w, jobs)->kids[i + 1];
        dup = wf_duplicate_key(w, map);
        if (dup != LF_YNONE) {
            lf_ctx_note(w->ctx, nd(w, dup)->start,
                        "this key is given twice: ci-cache does not "
                        "edit this job");
            continue;
        }
        size_t steps = lf_ymap_get(&w->t, map, lf_gha.steps, NULL);
        if (steps == LF_YNONE || nd(w, steps)->kind != LF_Y_SEQ)
            continue;
        wf_job *j = LF_VEC_PUSH(w->jobs, w->njobs, w->cjobs);
        j->key = nd(w, jobs)->kids[i];
        j->map = map;
        for (size_t k = 0; k < nd(w, steps)->nkids; k++)
            read_step(w, j, nd(w, steps)->kids[k]);
    }
}

bool wf_run_range(const wf *w, size_t n, size_t *start, size_t *end, unsigned *flags)
{
    bool folded;
    if (!lf_yscalar_source(&w->t, w->text, n, start, end, &folded))
        return false;
    *flags = folded ? LF_CMDSCAN_FOLD : 0;
    return true;
}

/* Does any run: step log into a registry, or run docker at all? */
bool wf_runs_docker(const wf *w, const wf_step *s, bool login_only)
{
    size_t a, b;
    unsigned fl;
    if (!wf_run_range(w, s->run, &a, &b, &fl))
        return false;
    ci_cmds cmds = {0};
    ci_cmds_scan(&cmds, w->text, a, b, fl);
    bool found = false;
    for (size_t i = 0; i < cmds.n && !found; i++)
        found = lf_docker_cmd_is(&cmds.items[i], lf_docker.login)
                    ? login_only
                    : !login_only && lf_docker_cmd_any(&cmds.items[i]);
    ci_cmds_free(&cmds);
    return found;
}

static void run_step_notes(wf *w)
{
    for (size_t j = 0; j < w->njobs; j++)
        for (size_t i = 0; i < w->jobs[j].nsteps; i++)
            w->logged_in = w->logged_in || w->jobs[j].steps[i].login ||
                           wf_runs_docker(w, &w->jobs[j].steps[i], true);
    lf_ci_note_opts o = {LF_CI_WORKFLOW_RUN, w->logged_in};
    for (size_t j = 0; j < w->njobs; j++)
        for (size_t i = 0; i < w->jobs[j].nsteps; i++) {
            size_t a, b;
            unsigned fl;
            if (wf_run_range(w, w->jobs[j].steps[i].run, &a, &b, &fl))
                lf_ci_notes_commands(w->text, a, b, fl, &o, w->ctx);
        }
}

/* The offset of a line break other than LF and CRLF (a lone CR, NEL, LS,
 * PS: YAML breaks lines there, the pass's column arithmetic does not), or
 * len when there is none. */
static size_t odd_break(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'))
            return i;
        if (i + 1 < len && (unsigned char)t[i] == 0xc2 && (unsigned char)t[i + 1] == 0x85)
            return i;
        if (i + 2 < len && (unsigned char)t[i] == 0xe2 && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0xa8 || (unsigned char)t[i + 2] == 0xa9))
            return i;
    }
    return len;
}

/* "\r\n" when CRLF line ends outnumber LF ones. */
static const char *newline_of(const char *t, size_t len)
{
    size_t crlf = 0, lf = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n' && i > 0 && t[i - 1] == '\r')
            crlf++;
        else if (t[i] == '\n')
            lf++;
    return crlf > lf ? "\r\n" : "\n";
}

/* The indentation step: how much deeper a block mapping's keys sit than the
 * key it is the value of; a `with:` mapping's first, else any. */
static size_t indent_unit(const wf *w)
{
    size_t any = 0;
    for (size_t i = 0; i < w->t.n; i++) {
        const lf_ynode *m = nd(w, i);
        if (m->kind != LF_Y_MAP || m->flow || m->nkids == 0 || m->parent == LF_YNONE ||
            nd(w, m->parent)->kind != LF_Y_MAP)
            continue;
        const lf_ynode *p = nd(w, m->parent);
        for (size_t k = 1; k < p->nkids; k += 2) {
            if (p->kids[k] != i)
                continue;
            size_t kc = wf_col(w, nd(w, p->kids[k - 1])->start);
            size_t cc = wf_col(w, nd(w, m->kids[0])->start);
            if (cc <= kc)
                break;
            if (lf_yscalar_is(&w->t, p->kids[k - 1], lf_gha.with))
                return cc - kc;
            if (!any)
                any = cc - kc;
        }
    }
    return any ? any : 2;
}

int lf_ci_cache_workflow(const char *path, const char *text, size_t len, lf_ctx *ctx, lf_edits *out)
{
    wf w = {.text = text, .len = len, .ctx = ctx, .out = out};
    lf_buf err = LF_BUF_INIT;
    size_t eoff = 0;
    if (lf_ytree_parse(&w.t, text, len, &err, &eoff) != 0) {
        lf_ctx_note(ctx, eoff, "%s:%s: not valid YAML; not changed", path, lf_buf_cstr(&err));
        lf_buf_free(&err);
        return -1;
    }
    lf_buf_free(&err);
    lf_ci_notes_legacy_builder(text, len, ctx);
    if (w.t.nroots > 0 && nd(&w, w.t.roots[0])->kind == LF_Y_MAP) {
        w.root = w.t.roots[0];
        w.nl = newline_of(text, len);
        w.unit = indent_unit(&w);
        read_jobs(&w);
        run_step_notes(&w);
        w.several = wf_name_images(&w);
        size_t odd = odd_break(text, len);
        if (odd < len && w.njobs > 0)
            lf_ctx_note(ctx, odd,
                        "a line break other than LF or CRLF (a lone CR, NEL, LS or PS): ci-cache "
                        "does not edit this workflow");
        for (size_t j = 0; j < w.njobs && odd == len; j++)
            wf_plan_job(&w, &w.jobs[j]);
    }
    for (size_t j = 0; j < w.njobs; j++) {
        for (size_t i = 0; i < w.jobs[j].nsteps; i++)
            free(w.jobs[j].steps[i].image);
        free(w.jobs[j].steps);
    }
    free(w.jobs);
    lf_ytree_free(&w.t);
    return 0;
}
