/* Dockerfiles by build context, each context a build unit (see fix.h). */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The build context of a Dockerfile: --context, a compose/bake file's, or
 * the Dockerfile's directory. */
/* The first build context the evidence gives (contexts.h) that is a
 * directory here; `--context` as given; else the Dockerfile's directory. */
static char *context_of(const lf_fix_opts *o, const char *path)
{
    lf_context_list l = {0};
    lf_builds_contexts_for(&o->builds, path, &l);
    char *dir = NULL;
    struct stat st;
    for (size_t i = 0; i < l.n && !dir; i++)
        if (l.items[i].context && (l.items[i].kind == LF_EVIDENCE_COMMAND_LINE ||
                                   (stat(l.items[i].context, &st) == 0 && S_ISDIR(st.st_mode))))
            dir = strdup(l.items[i].context);
    lf_context_list_free(&l);
    return dir ? dir : lf_fix_dir_of(path);
}

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

/* One build context: the passes over its Dockerfiles (engine/unit.h), then
 * --verify, then the output of each Dockerfile and of each other document. */
static void run_context(lf_run *run, const char *dir, char **paths, size_t n)
{
    const lf_fix_opts *o = run->o;
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    int have_ctx = lf_context_open(&ctx, dir, &err) == 0;
    if (!have_ctx) {
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
        lf_context_free(&ctx);
    } else {
        ctx.display = strdup(lf_fix_display_path(dir));
    }
    lf_unit u;
    lf_unit_init(&u, have_ctx ? &ctx : NULL);
    for (size_t i = 0; i < n; i++)
        lf_unit_add_file(&u, paths[i]);
    lf_unit_run(&u, run->parser, &o->pass_opts, lf_passes, lf_npasses, o->enabled);
    /* the estimate costs two parses a build: made when an output shows it */
    bool want = o->explain || o->mode == MODE_CHECK || run->report || o->verify_rebuild;
    lf_impact **impact = calloc(u.nitems ? u.nitems : 1, sizeof *impact);
    for (size_t i = 0; want && i < u.nitems; i++)
        impact[i] = estimate(run, &u, &u.items[i]);
    verify_builds(run, dir, &u, impact);
    for (size_t i = 0; i < u.nitems; i++)
        lf_fix_emit_dockerfile(run, &u.items[i], impact[i]);
    free(impact);
    for (size_t d = 0; d < u.ndocs; d++)
        lf_fix_emit_doc(run, &u.docs[d]);
    lf_unit_free(&u);
    if (have_ctx)
        lf_context_free(&ctx);
    lf_buf_free(&err);
}

/* The Dockerfiles grouped by build context, in the order of the first of
 * each context. */
/* A Dockerfile found by a search that is not the project's to edit
 * (ownership.h): skipped with a note, unless .layerfix.yml includes it. */
static bool skip_foreign(lf_run *run, const lf_ownership *own, const char *path)
{
    const lf_fix_opts *o = run->o;
    if (lf_fix_explicit(run, path) || (o->have_config && lf_config_included(&o->config, path)))
        return false;
    lf_source *src;
    lf_buf err = LF_BUF_INIT, why = LF_BUF_INIT;
    bool skip = false;
    if (lf_source_read_file(&src, path, &err) == 0) {
        skip = lf_ownership_foreign(own, path, src->data, src->len, &why);
        lf_source_free(src);
    }
    if (skip) {
        const char *shown = lf_fix_display_path(path);
        lf_buf msg = LF_BUF_INIT;
        lf_buf_printf(&msg,
                      "skipped: %s; it is not this project's to edit (list it under `include:` "
                      "in .layerfix.yml to rewrite it anyway)",
                      why.data);
        if (!o->quiet && lf_fix_text_out(o))
            fprintf(stderr, "%s: note: [layerfix] %s\n", shown, msg.data);
        if (run->report)
            lf_report_add_skipped(run->report, shown, path, msg.data);
        run->st.skipped++;
        lf_buf_free(&msg);
    }
    lf_buf_free(&err);
    lf_buf_free(&why);
    return skip;
}

void lf_fix_run_all(lf_run *run, const lf_strv *all)
{
    lf_ownership own;
    lf_ownership_init(&own, &run->o->builds.dockerfile_like);
    lf_strv ours = LF_STRV_INIT;
    for (size_t i = 0; i < all->n; i++)
        if (!skip_foreign(run, &own, all->items[i].s))
            lf_strv_push(&ours, all->items[i].s, all->items[i].len);
    lf_ownership_free(&own);
    const lf_strv *files = &ours;
    char **dirs = calloc(files->n ? files->n : 1, sizeof *dirs);
    char **paths = calloc(files->n ? files->n : 1, sizeof *paths);
    bool *done = calloc(files->n ? files->n : 1, sizeof *done);
    for (size_t i = 0; i < files->n; i++)
        dirs[i] = context_of(run->o, files->items[i].s);
    for (size_t i = 0; i < files->n; i++) {
        if (done[i])
            continue;
        size_t n = 0;
        for (size_t j = i; j < files->n; j++)
            if (!done[j] && strcmp(dirs[j], dirs[i]) == 0) {
                done[j] = true;
                paths[n++] = files->items[j].s;
            }
        run_context(run, dirs[i], paths, n);
    }
    for (size_t i = 0; i < files->n; i++)
        free(dirs[i]);
    free(dirs);
    free(paths);
    free(done);
    lf_strv_free(&ours);
}
