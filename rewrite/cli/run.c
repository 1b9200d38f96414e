/* Dockerfiles by build context, each context a build unit (see fix.h). */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The ignore file the builder reads for Dockerfile it of the unit: today
 * (*old, NULL when there is none; malloc'd) and the unit's proposal (*doc,
 * NULL when the unit has none for it). */
static void ignore_of(const lf_unit *u, const char *dockerfile, lf_buf *path, char **old,
                      size_t *old_len, const lf_result **doc)
{
    *old = NULL;
    *old_len = 0;
    *doc = NULL;
    if (!u->context)
        return;
    lf_context_ignore_path(u->context, dockerfile, path);
    for (size_t d = 0; d < u->ndocs && !*doc; d++)
        if (strcmp(u->docs[d].path, lf_buf_cstr(path)) == 0)
            *doc = &u->docs[d];
    lf_buf text = LF_BUF_INIT;
    if (lf_context_read_path(u->context, lf_buf_cstr(path), &text) == 0) {
        lf_buf_adds(&text, "");
        *old = lf_buf_detach(&text, old_len);
    }
    lf_buf_free(&text);
}

/* The cache-impact estimate of Dockerfile it of the unit when its build
 * changes (its text or its ignore file), else NULL; malloc'd. */
static lf_impact *estimate(lf_run *run, const lf_unit *u, const lf_unit_item *it)
{
    if (!it->ran || lf_result_failed(&it->res))
        return NULL;
    lf_buf ipath = LF_BUF_INIT;
    size_t old_len;
    char *old;
    const lf_result *doc;
    ignore_of(u, it->path, &ipath, &old, &old_len, &doc);
    bool ig_changed = doc && lf_result_changed(doc);
    lf_impact *im = NULL;
    if (lf_result_changed(&it->res) || ig_changed) {
        const lf_options *po = &run->o->pass_opts;
        /* the stages compose, bake and CI build it to (contexts.h) */
        lf_strv named = LF_STRV_INIT;
        lf_builds_targets_for(&run->o->builds, it->path, &named);
        const char **targets = calloc(named.n + 1, sizeof *targets);
        for (size_t k = 0; k < named.n; k++)
            targets[k] = named.items[k].s;
        lf_impact_opts io = {.context = u->context,
                             .targets = targets,
                             .ntargets = named.n,
                             .volatile_args = po->volatile_args,
                             .nvolatile_args = po->nvolatile_args};
        im = calloc(1, sizeof *im);
        lf_impact_estimate_texts(im, run->parser, it->path, it->src->data, it->src->len,
                                 it->res.output, it->res.output_len, old, old_len,
                                 ig_changed ? doc->output : old,
                                 ig_changed ? doc->output_len : old_len, &io);
        free(targets);
        lf_strv_free(&named);
    }
    free(old);
    lf_buf_free(&ipath);
    return im;
}

/* --verify-rebuild: the estimate for the file the rebuild edited, under the
 * measurement. */
static void estimate_beside(const char *path, const lf_verify_result *vr, const lf_impact *im)
{
    const char *src = lf_impact_subject(im, LF_IMPACT_SOURCE_EDIT);
    if (!vr->rebuild.done || !src || !vr->rebuild.edited || strcmp(src, vr->rebuild.edited) != 0)
        return;
    for (size_t e = 0; e < im->targets[0].nevents; e++)
        if (im->targets[0].events[e].kind == LF_IMPACT_SOURCE_EDIT) {
            lf_buf line = LF_BUF_INIT;
            lf_impact_describe(&im->targets[0].events[e], &line);
            fprintf(stderr, "%s: verify: estimated: %s\n", lf_fix_display_path(path),
                    lf_buf_cstr(&line));
            lf_buf_free(&line);
            return;
        }
}

/* --verify: builds the original and the rewritten version of every build of
 * the unit whose Dockerfile or ignore file changes, prints the result, and
 * holds back the files of a build that is not the same image. The rebuild
 * edits the estimate's source file (impact[i]). */
static void verify_builds(lf_run *run, const char *dir, const lf_unit *u, lf_impact *const *impact)
{
    const lf_fix_opts *o = run->o;
    lf_buf ipath = LF_BUF_INIT, out = LF_BUF_INIT;
    for (size_t i = 0; o->verify && i < u->nitems; i++) {
        const lf_unit_item *it = &u->items[i];
        if (!it->ran || lf_result_failed(&it->res))
            continue;
        size_t old_len;
        char *old;
        const lf_result *doc;
        lf_buf_clear(&ipath);
        ignore_of(u, it->path, &ipath, &old, &old_len, &doc);
        bool ig_changed = doc && lf_result_changed(doc);
        if (!lf_result_changed(&it->res) && !ig_changed) {
            free(old);
            continue;
        }
        lf_verify_side before = {it->path, it->src->data, it->src->len, old, old_len};
        lf_verify_side after = before;
        after.text = it->res.output;
        after.len = it->res.output_len;
        if (ig_changed) {
            after.ignore = doc->output;
            after.ignore_len = doc->output_len;
        }
        const char **args = calloc(o->build_args.n + 1, sizeof *args);
        for (size_t k = 0; k < o->build_args.n; k++)
            args[k] = o->build_args.items[k].s;
        lf_verify_opts vo = {.builder = &o->builder,
                             .build_args = args,
                             .nbuild_args = o->build_args.n,
                             .rebuild = o->verify_rebuild,
                             .edit = lf_impact_subject(impact[i], LF_IMPACT_SOURCE_EDIT)};
        lf_verify_result vr;
        lf_verify(&vr, &vo, dir, &before, &after);
        lf_buf_clear(&out);
        lf_verify_format(&vr, lf_fix_display_path(it->path), 0, &out);
        fputs(lf_buf_cstr(&out), stderr);
        estimate_beside(it->path, &vr, impact[i]);
        lf_fix_keep_verdict(run, it->path, &vr);
        if (vr.status != LF_VERIFY_SAME) {
            run->st.errors++;
            lf_strv_push(&run->held, it->path, strlen(it->path));
            if (ig_changed)
                lf_strv_push(&run->held, lf_buf_cstr(&ipath), ipath.len);
        }
        lf_verify_result_free(&vr);
        free(args);
        free(old);
    }
    lf_buf_free(&ipath);
    lf_buf_free(&out);
}

/* The estimate costs two parses a build: made when an output shows it. */
static bool want_estimate(const lf_run *run)
{
    const lf_fix_opts *o = run->o;
    return o->explain || o->mode == MODE_CHECK || run->report || o->verify_rebuild;
}

/* A unit kept until the Dockerfiles it shares with other units are shown. */
typedef struct kept_unit {
    lf_unit u;
    lf_context ctx;
    bool have_ctx;
} kept_unit;

/* Is the Dockerfile at path built from more than one context? */
static bool shared(const lf_run *run, const char *path)
{
    const lf_fix_plan *p = lf_fix_plan_of(run, path);
    return p && p->ndirs > 1;
}

/* Shows the other documents of a unit (its ignore files); one that an
 * earlier unit already showed (a `<Dockerfile>.dockerignore` read from
 * every context of the Dockerfile) is not shown twice. */
static void emit_docs(lf_run *run, lf_unit *u, lf_strv *shown)
{
    for (size_t d = 0; d < u->ndocs; d++) {
        lf_result *res = &u->docs[d];
        bool seen = false;
        for (size_t k = 0; k < shown->n && !seen; k++)
            seen = strcmp(shown->items[k].s, res->path) == 0;
        if (seen) {
            if (lf_result_changed(res) && !run->o->quiet && lf_fix_text_out(run->o))
                fprintf(stderr,
                        "%s: note: [layerfix] proposed for the build context %s too; shown once, "
                        "for the first context\n",
                        lf_fix_display_path(res->path),
                        res->context_dir ? lf_fix_display_path(res->context_dir) : "?");
            continue;
        }
        lf_strv_push(shown, res->path, strlen(res->path));
        lf_fix_emit_doc(run, res);
    }
}

/* One build context (dir NULL: none, the Dockerfiles are built from
 * standard input): the passes over its Dockerfiles (engine/unit.h), then
 * --verify, then the output of each Dockerfile built from this context
 * alone and of each other document. A unit holding a Dockerfile built
 * from several contexts is returned (its output waits); else NULL. */
static kept_unit *run_context(lf_run *run, const char *dir, char **paths, size_t n,
                              lf_strv *docs_shown)
{
    const lf_fix_opts *o = run->o;
    kept_unit *k = calloc(1, sizeof *k);
    lf_buf err = LF_BUF_INIT;
    if (dir) {
        k->have_ctx = lf_context_open(&k->ctx, dir, &err) == 0;
        if (!k->have_ctx) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            lf_context_free(&k->ctx);
        } else {
            k->ctx.display = strdup(lf_fix_display_path(dir));
        }
    }
    lf_unit_init(&k->u, k->have_ctx ? &k->ctx : NULL);
    for (size_t i = 0; i < n; i++)
        lf_unit_add_file(&k->u, paths[i]);
    lf_unit_run(&k->u, run->parser, &o->pass_opts, lf_passes, lf_npasses, o->enabled);
    lf_impact **impact = calloc(k->u.nitems ? k->u.nitems : 1, sizeof *impact);
    for (size_t i = 0; want_estimate(run) && i < k->u.nitems; i++)
        if (!shared(run, k->u.items[i].path))
            impact[i] = estimate(run, &k->u, &k->u.items[i]);
    if (dir)
        verify_builds(run, dir, &k->u, impact);
    bool keep = false;
    for (size_t i = 0; i < k->u.nitems; i++) {
        if (shared(run, k->u.items[i].path))
            keep = true;
        else
            lf_fix_emit_dockerfile(run, &k->u.items[i], impact[i]);
    }
    free(impact);
    emit_docs(run, &k->u, docs_shown);
    lf_buf_free(&err);
    if (keep)
        return k;
    lf_unit_free(&k->u);
    if (k->have_ctx)
        lf_context_free(&k->ctx);
    free(k);
    return NULL;
}

static bool same_result(const lf_unit_item *a, const lf_unit_item *b)
{
    if (!a->ran || !b->ran || lf_result_failed(&a->res) || lf_result_failed(&b->res))
        return a->ran == b->ran && lf_result_failed(&a->res) == lf_result_failed(&b->res);
    return a->res.output_len == b->res.output_len &&
           memcmp(a->res.output, b->res.output, a->res.output_len) == 0;
}

/* Leaves the item's file as it is, with a note saying why. */
static void keep_original(lf_unit_item *it, const char *why)
{
    lf_result *r = &it->res;
    for (size_t i = 0; i < r->nruns; i++) {
        lf_edits_free(&r->runs[i].edits);
        free(r->runs[i].input);
        free(r->runs[i].dropped);
    }
    free(r->runs);
    r->runs = NULL;
    r->nruns = r->cap = 0;
    free(r->output);
    r->output = malloc(r->input_len + 1);
    memcpy(r->output, r->input, r->input_len);
    r->output[r->input_len] = 0;
    r->output_len = r->input_len;
    lf_note *nn = realloc(r->notes, (r->nnotes + 1) * sizeof *nn);
    if (!nn)
        abort();
    r->notes = nn;
    memset(&nn[r->nnotes], 0, sizeof *nn);
    nn[r->nnotes].pass = "layerfix";
    nn[r->nnotes].msg = strdup(why);
    r->nnotes++;
}

/* A Dockerfile built from several contexts ran in a unit of each: shown
 * once, rewritten only when every context gives the same text. */
static void emit_shared(lf_run *run, const lf_fix_plan *p, kept_unit **kept, size_t nkept)
{
    lf_unit_item *first = NULL;
    const lf_unit *first_u = NULL;
    bool differ = false;
    for (size_t k = 0; k < nkept; k++)
        for (size_t i = 0; i < kept[k]->u.nitems; i++) {
            lf_unit_item *it = &kept[k]->u.items[i];
            if (strcmp(it->path, p->path) != 0)
                continue;
            if (!first) {
                first = it;
                first_u = &kept[k]->u;
            } else if (!same_result(first, it)) {
                differ = true;
            }
        }
    if (!first)
        return;
    if (differ && first->ran && !lf_result_failed(&first->res)) {
        lf_buf why = LF_BUF_INIT;
        lf_buf_adds(&why, "not changed: it is built from several build contexts (");
        for (size_t i = 0; i < p->ndirs; i++)
            lf_buf_printf(&why, "%s%s", i ? ", " : "", lf_fix_display_path(p->dirs[i]));
        lf_buf_adds(&why, ") and its rewrite differs between them; --context=DIR rewrites it "
                          "for one");
        keep_original(first, lf_buf_cstr(&why));
        lf_buf_free(&why);
    }
    /* the estimate of its first context */
    lf_impact *im = want_estimate(run) ? estimate(run, first_u, first) : NULL;
    lf_fix_emit_dockerfile(run, first, im);
}

/* Is the Dockerfile at path, found by a search, not the project's to edit
 * (ownership.h)? Why into why. A file named on the command line or listed
 * under `include:` in .layerfix.yml is the project's. */
static bool foreign(lf_run *run, const lf_ownership *own, const char *path, lf_buf *why)
{
    const lf_fix_opts *o = run->o;
    if (lf_fix_explicit(run, path) || (o->have_config && lf_config_included(&o->config, path)))
        return false;
    lf_source *src;
    lf_buf err = LF_BUF_INIT;
    bool skip = false;
    if (lf_source_read_file(&src, path, &err) == 0) {
        skip = lf_ownership_foreign(own, path, src->data, src->len, why);
        lf_source_free(src);
    }
    lf_buf_free(&err);
    return skip;
}

/* Skips a Dockerfile that is not the project's to edit, with a note. */
static void skip_foreign(lf_run *run, const char *path, const lf_buf *why)
{
    const lf_fix_opts *o = run->o;
    const char *shown = lf_fix_display_path(path);
    lf_buf msg = LF_BUF_INIT;
    lf_buf_printf(&msg,
                  "skipped: %s; it is not this project's to edit (list it under `include:` in "
                  ".layerfix.yml to rewrite it anyway)",
                  lf_buf_cstr(why));
    if (!o->quiet && lf_fix_text_out(o))
        fprintf(stderr, "%s: note: [layerfix] %s\n", shown, msg.data);
    if (run->report)
        lf_report_add_skipped(run->report, shown, path, msg.data);
    run->st.skipped++;
    lf_buf_free(&msg);
}

/* The distinct build contexts of the plans (their keys), in the order of
 * their first Dockerfile; NULL stands for standard input (no context). */
static size_t context_keys(const lf_run *run, const char ***keys, const char ***dirs)
{
    size_t cap = 1, n = 0;
    for (size_t i = 0; i < run->nplans; i++)
        cap += run->plans[i].ndirs;
    *keys = calloc(cap, sizeof **keys);
    *dirs = calloc(cap, sizeof **dirs);
    bool have_stdin = false;
    for (size_t i = 0; i < run->nplans; i++) {
        const lf_fix_plan *p = &run->plans[i];
        if (p->ndirs == 0 && !have_stdin) {
            have_stdin = true;
            (*keys)[n] = (*dirs)[n] = NULL;
            n++;
        }
        for (size_t d = 0; d < p->ndirs; d++) {
            bool seen = false;
            for (size_t k = 0; k < n && !seen; k++)
                seen = (*keys)[k] && strcmp((*keys)[k], p->keys[d]) == 0;
            if (!seen) {
                (*keys)[n] = p->keys[d];
                (*dirs)[n++] = p->dirs[d];
            }
        }
    }
    return n;
}

void lf_fix_run_all(lf_run *run, const lf_strv *all)
{
    lf_ownership own;
    lf_ownership_init(&own, &run->o->builds.dockerfile_like);
    lf_strv ours = LF_STRV_INIT;
    bool *not_ours = calloc(all->n ? all->n : 1, sizeof *not_ours);
    lf_buf *why = calloc(all->n ? all->n : 1, sizeof *why);
    const char **paths_all = calloc(all->n ? all->n : 1, sizeof *paths_all);
    for (size_t i = 0; i < all->n; i++) {
        paths_all[i] = all->items[i].s;
        not_ours[i] = foreign(run, &own, all->items[i].s, &why[i]);
    }
    for (size_t i = 0; i < all->n; i++) {
        const char *p = all->items[i].s;
        bool crowd = !not_ours[i] && !lf_fix_explicit(run, p) &&
                     !(run->o->have_config && lf_config_included(&run->o->config, p)) &&
                     lf_ownership_crowd(paths_all, not_ours, all->n, i, &why[i]);
        if (not_ours[i] || crowd)
            skip_foreign(run, p, &why[i]);
        else
            lf_strv_push(&ours, p, all->items[i].len);
        lf_buf_free(&why[i]);
    }
    free(not_ours);
    free(why);
    free(paths_all);
    lf_ownership_free(&own);
    run->nplans = ours.n;
    run->plans = calloc(ours.n ? ours.n : 1, sizeof *run->plans);
    for (size_t i = 0; i < ours.n; i++)
        lf_fix_plan_make(run->o, ours.items[i].s, &run->plans[i]);
    const char **keys, **dirs;
    size_t nkeys = context_keys(run, &keys, &dirs);
    char **paths = calloc(ours.n ? ours.n : 1, sizeof *paths);
    kept_unit **kept = calloc(nkeys ? nkeys : 1, sizeof *kept);
    size_t nkept = 0;
    lf_strv docs_shown = LF_STRV_INIT;
    for (size_t k = 0; k < nkeys; k++) {
        size_t n = 0;
        for (size_t i = 0; i < run->nplans; i++) {
            const lf_fix_plan *p = &run->plans[i];
            bool in = !keys[k] && p->ndirs == 0;
            for (size_t d = 0; keys[k] && d < p->ndirs && !in; d++)
                in = strcmp(keys[k], p->keys[d]) == 0;
            if (in)
                paths[n++] = p->path;
        }
        kept_unit *ku = run_context(run, dirs[k], paths, n, &docs_shown);
        if (ku)
            kept[nkept++] = ku;
    }
    for (size_t i = 0; i < run->nplans; i++)
        if (run->plans[i].ndirs > 1)
            emit_shared(run, &run->plans[i], kept, nkept);
    for (size_t k = 0; k < nkept; k++) {
        lf_unit_free(&kept[k]->u);
        if (kept[k]->have_ctx)
            lf_context_free(&kept[k]->ctx);
        free(kept[k]);
    }
    free(kept);
    free(keys);
    free(dirs);
    free(paths);
    lf_strv_free(&docs_shown);
    lf_strv_free(&ours);
}
