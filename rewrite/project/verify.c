/*
 * --verify: one verification from start to end (see verify.h): read both
 * Dockerfiles and their configurations, write them to a private directory,
 * check that the builder starts and the base images are there, build both,
 * compare, measure a rebuild when asked, and clean up.
 */
#include "verify.h"

#include "fstree.h"
#include "imgconfig.h"
#include "tempdir.h"
#include "verify_run.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *path_in(const char *dir, const char *name)
{
    lf_buf p = LF_BUF_INIT;
    lf_buf_printf(&p, "%s/%s", dir, name);
    return lf_buf_detach(&p, NULL);
}

void lf_vrun_verdict(lf_vrun *v, lf_verify_status status, const char *message,
                     const lf_buildrun *br)
{
    v->r->status = status;
    free(v->r->message);
    v->r->message = strdup(message);
    if (br && br->proc.started) {
        lf_buf t = LF_BUF_INIT;
        lf_buildrun_tail(br, v->o->tail_lines ? v->o->tail_lines : 15, &t);
        free(v->r->output);
        v->r->output = lf_buf_detach(&t, NULL);
    }
}

int lf_vrun_build(lf_vrun *v, int i, const char *context, const char *out_dir, bool layers,
                  lf_buildrun *br)
{
    lf_build_spec s = {
        .context = context,
        .dockerfile = v->dockerfile[i],
        .ignorefile = v->ignorefile[i],
        .target = v->o->target,
        .build_args = v->o->build_args,
        .nbuild_args = v->o->nbuild_args,
        .out_dir = out_dir,
        .tag = v->tag[i],
        .layers = layers,
    };
    lf_strv argv = LF_STRV_INIT;
    lf_build_tool_build_argv(v->o->builder, &s, &argv);
    int rc = lf_buildrun_run(&argv, v->o->timeout, br);
    lf_strv_free(&argv);
    return rc;
}

/* Parses both Dockerfiles and computes their configurations. */
static int read_both(lf_vrun *v, lf_imgconfig cfg[2])
{
    lf_parser *p = lf_parser_new();
    lf_buf err = LF_BUF_INIT;
    int rc = p ? 0 : -1;
    for (int i = 0; rc == 0 && i < 2; i++) {
        const lf_verify_side *s = v->side[i];
        lf_source *src;
        if (lf_source_from_bytes(&src, s->path ? s->path : "Dockerfile", s->text, s->len) != 0 ||
            lf_doc_parse(&v->doc[i], p, src) != 0) {
            lf_buf_adds(&err, "cannot parse the Dockerfile");
            rc = -1;
        } else if (v->doc[i]->nerrors > 0) {
            lf_doc_print_diags(v->doc[i], &err);
            rc = -1;
        } else {
            rc = lf_imgconfig_compute(&cfg[i], v->doc[i], v->o->target, v->o->build_args,
                                      v->o->nbuild_args, &err);
        }
    }
    if (rc != 0) {
        lf_buf m = LF_BUF_INIT;
        while (err.len && err.data[err.len - 1] == '\n')
            err.data[--err.len] = 0;
        lf_buf_printf(&m, "could not run: %s", lf_buf_cstr(&err));
        lf_vrun_verdict(v, LF_VERIFY_NOT_RUN, lf_buf_cstr(&m), NULL);
        lf_buf_free(&m);
    }
    if (p)
        lf_parser_free(p);
    lf_buf_free(&err);
    return rc;
}

/* The private directory: a/Dockerfile, a/Dockerfile.dockerignore, b/... */
static int prepare(lf_vrun *v)
{
    static unsigned serial;
    lf_buf err = LF_BUF_INIT;
    v->tmp = lf_tempdir_make("layerfix-verify", &err);
    int rc = v->tmp ? 0 : -1;
    for (int i = 0; rc == 0 && i < 2; i++) {
        char *dir = path_in(v->tmp, i ? "b" : "a");
        v->dockerfile[i] = path_in(dir, "Dockerfile");
        v->ignorefile[i] = path_in(dir, "Dockerfile.dockerignore");
        const lf_verify_side *s = v->side[i];
        /* no ignore file: an empty one, so the context's own is not read */
        if (mkdir(dir, 0700) != 0 ||
            lf_tempdir_write(v->dockerfile[i], s->text, s->len, &err) != 0 ||
            lf_tempdir_write(v->ignorefile[i], s->ignore ? s->ignore : "",
                             s->ignore ? s->ignore_len : 0, &err) != 0)
            rc = -1;
        free(dir);
        if (v->o->builder->kind != LF_TOOL_DOCKER) {
            lf_buf t = LF_BUF_INIT;
            lf_buf_printf(&t, "localhost/layerfix-verify:%ld-%u-%c", (long)getpid(), serial,
                          i ? 'b' : 'a');
            v->tag[i] = lf_buf_detach(&t, NULL);
        }
    }
    serial++;
    if (rc != 0) {
        if (!err.len)
            lf_buf_adds(&err, "cannot make the temporary directory");
        lf_vrun_verdict(v, LF_VERIFY_NOT_RUN, lf_buf_cstr(&err), NULL);
    }
    lf_buf_free(&err);
    return rc;
}

/* The builder answers, and the base images of both sides are there. */
static int preflight(lf_vrun *v, const lf_imgconfig cfg[2])
{
    const lf_build_tool *b = v->o->builder;
    lf_strv argv = LF_STRV_INIT;
    lf_buildrun br;
    lf_buf m = LF_BUF_INIT;
    lf_build_tool_probe_argv(b, &argv);
    int rc = lf_buildrun_run(&argv, v->o->timeout, &br);
    if (rc != 0) {
        lf_buf_printf(&m, "could not run: the builder failed to start (`%s", b->shown);
        for (size_t k = b->prefix.n; k < argv.n; k++)
            lf_buf_printf(&m, " %s", argv.items[k].s);
        lf_buf_printf(&m, "` %s)", br.failure);
        lf_vrun_verdict(v, LF_VERIFY_NOT_RUN, lf_buf_cstr(&m), &br);
    }
    lf_buildrun_free(&br);
    for (int i = 0; rc == 0 && i < 2; i++)
        for (size_t k = 0; rc == 0 && k < cfg[i].images.n; k++) {
            const char *image = cfg[i].images.items[k].s;
            lf_strv_truncate(&argv, 0);
            if (!lf_build_tool_pull_argv(b, image, &argv))
                break;
            rc = lf_buildrun_run(&argv, v->o->timeout, &br);
            if (rc != 0) {
                lf_buf_printf(&m,
                              "could not run: base image %s cannot be pulled (%s %s); this "
                              "is not a difference",
                              image, lf_build_tool_name(b->kind), br.failure);
                lf_vrun_verdict(v, LF_VERIFY_NOT_RUN, lf_buf_cstr(&m), &br);
            }
            lf_buildrun_free(&br);
        }
    lf_strv_free(&argv);
    lf_buf_free(&m);
    return rc;
}

/* Builds side i into tmp/out-a or tmp/out-b and sets the verdict when it
 * fails. */
static int build_side(lf_vrun *v, int i)
{
    const lf_build_tool *b = v->o->builder;
    char *out = path_in(v->tmp, i ? "out-b" : "out-a");
    lf_buildrun br;
    int rc = lf_vrun_build(v, i, v->context, out, v->o->rebuild, &br);
    v->r->seconds[i] = br.proc.seconds;
    if (rc != 0) {
        char *pull = br.proc.started ? lf_buildrun_pull_failure(&br, b->kind) : NULL;
        lf_buf m = LF_BUF_INIT;
        const char *name = lf_build_tool_name(b->kind);
        if (!br.proc.started)
            lf_buf_printf(&m, "could not run: the builder failed to start (%s)", br.failure);
        else if (pull)
            lf_buf_printf(&m,
                          "could not run: a base image cannot be pulled (%s); this is not a "
                          "difference",
                          pull);
        else if (i == 0)
            lf_buf_printf(&m,
                          "could not run: the original Dockerfile does not build either "
                          "(%s %s)",
                          name, br.failure);
        else
            lf_buf_printf(&m,
                          "the rewritten Dockerfile does not build (%s %s); the original "
                          "does",
                          name, br.failure);
        lf_vrun_verdict(v,
                        i == 1 && !pull && br.proc.started ? LF_VERIFY_FAILED : LF_VERIFY_NOT_RUN,
                        lf_buf_cstr(&m), &br);
        lf_buf_free(&m);
        free(pull);
    }
    lf_buildrun_free(&br);
    free(out);
    return rc;
}

/* Compares the two exported trees and the two configurations. */
static void compare(lf_vrun *v, const lf_imgconfig cfg[2])
{
    lf_fstree t[2];
    memset(t, 0, sizeof t);
    lf_buf err = LF_BUF_INIT;
    int rc = 0;
    for (int i = 0; rc == 0 && i < 2; i++) {
        char *out = path_in(v->tmp, i ? "out-b" : "out-a");
        rc = lf_fstree_read(&t[i], out, &err);
        free(out);
    }
    if (rc != 0) {
        lf_buf m = LF_BUF_INIT;
        lf_buf_printf(&m, "could not run: cannot read the built files: %s", lf_buf_cstr(&err));
        lf_vrun_verdict(v, LF_VERIFY_NOT_RUN, lf_buf_cstr(&m), NULL);
        lf_buf_free(&m);
    } else {
        lf_fsdiffs d = {0};
        lf_buf line = LF_BUF_INIT;
        lf_fstree_compare(&t[0], &t[1], &d);
        for (size_t k = 0; k < d.n; k++) {
            lf_buf_clear(&line);
            lf_fsdiff_format(&d.items[k], &line);
            lf_strv_push(&v->r->differences, lf_buf_cstr(&line), line.len);
        }
        lf_strv cd = LF_STRV_INIT;
        lf_imgconfig_compare(&cfg[0], &cfg[1], &cd);
        for (size_t k = 0; k < cd.n; k++) {
            lf_buf_clear(&line);
            lf_buf_printf(&line, "config %s", cd.items[k].s);
            lf_strv_push(&v->r->differences, lf_buf_cstr(&line), line.len);
        }
        v->r->status = v->r->differences.n ? LF_VERIFY_DIFFERENT : LF_VERIFY_SAME;
        lf_strv_free(&cd);
        lf_buf_free(&line);
        lf_fsdiffs_free(&d);
    }
    lf_fstree_free(&t[0]);
    lf_fstree_free(&t[1]);
    lf_buf_free(&err);
}

/* Removes the temporary images and directory. */
static void cleanup(lf_vrun *v)
{
    for (int i = 0; i < 2; i++) {
        lf_strv argv = LF_STRV_INIT;
        lf_buildrun br;
        if (v->tag[i] && v->r->seconds[i] > 0 &&
            lf_build_tool_rmi_argv(v->o->builder, v->tag[i], &argv)) {
            lf_buildrun_run(&argv, v->o->timeout, &br);
            lf_buildrun_free(&br);
        }
        lf_strv_free(&argv);
        free(v->tag[i]);
        free(v->dockerfile[i]);
        free(v->ignorefile[i]);
        if (v->doc[i])
            lf_doc_free(v->doc[i]);
    }
    if (v->tmp) {
        lf_buf err = LF_BUF_INIT;
        lf_tempdir_remove(v->tmp, &err); /* a leftover in $TMPDIR is not worth failing for */
        lf_buf_free(&err);
        free(v->tmp);
    }
}

lf_verify_status lf_verify(lf_verify_result *r, const lf_verify_opts *o, const char *context,
                           const lf_verify_side *original, const lf_verify_side *rewritten)
{
    memset(r, 0, sizeof *r);
    lf_vrun v = {.o = o, .context = context, .side = {original, rewritten}, .r = r};
    lf_imgconfig cfg[2];
    memset(cfg, 0, sizeof cfg);
    if (read_both(&v, cfg) == 0 && prepare(&v) == 0 && preflight(&v, cfg) == 0 &&
        build_side(&v, 0) == 0 && build_side(&v, 1) == 0) {
        compare(&v, cfg);
        if (o->rebuild)
            lf_verify_rebuild_measure(&v);
    }
    cleanup(&v);
    lf_imgconfig_free(&cfg[0]);
    lf_imgconfig_free(&cfg[1]);
    return r->status;
}

void lf_verify_result_free(lf_verify_result *r)
{
    lf_strv_free(&r->differences);
    free(r->message);
    free(r->output);
    free(r->rebuild.edited);
    free(r->rebuild.why_not);
    lf_strv_free(&r->rebuild.runs[0]);
    lf_strv_free(&r->rebuild.runs[1]);
    memset(r, 0, sizeof *r);
}

static void format_runs(const lf_verify_rebuild *rb, int i, lf_buf *out)
{
    size_t n = rb->runs[i].n;
    lf_buf_printf(out, "%zu RUN step%s", n, n == 1 ? "" : "s");
    for (size_t k = 0; k < n; k++)
        lf_buf_printf(out, "%s%s", k ? ", " : " (", rb->runs[i].items[k].s);
    lf_buf_printf(out, "%s in %.1f s", n ? ")" : "", rb->seconds[i]);
}

static void format_rebuild(const lf_verify_rebuild *rb, const char *shown, lf_buf *out)
{
    if (!rb->done) {
        if (rb->why_not)
            lf_buf_printf(out, "%s: verify: no rebuild measurement: %s\n", shown, rb->why_not);
        return;
    }
    lf_buf_printf(out, "%s: verify: rebuild after editing %s: original re-ran ", shown, rb->edited);
    format_runs(rb, 0, out);
    lf_buf_adds(out, "; rewritten re-ran ");
    format_runs(rb, 1, out);
    lf_buf_addc(out, '\n');
}

void lf_verify_format(const lf_verify_result *r, const char *shown, size_t max_lines, lf_buf *out)
{
    size_t max = max_lines ? max_lines : 20;
    switch (r->status) {
    case LF_VERIFY_SAME:
        lf_buf_printf(out, "%s: verify: same image\n", shown);
        break;
    case LF_VERIFY_DIFFERENT:
        lf_buf_printf(out, "%s: verify: the images differ (%zu difference%s):\n", shown,
                      r->differences.n, r->differences.n == 1 ? "" : "s");
        for (size_t k = 0; k < r->differences.n && k < max; k++)
            lf_buf_printf(out, "%s: verify:   %s\n", shown, r->differences.items[k].s);
        if (r->differences.n > max)
            lf_buf_printf(out, "%s: verify:   ... and %zu more\n", shown, r->differences.n - max);
        break;
    case LF_VERIFY_FAILED:
    case LF_VERIFY_NOT_RUN:
        lf_buf_printf(out, "%s: verify: %s\n", shown, r->message ? r->message : "failed");
        if (r->output) {
            lf_buf_printf(out, "%s: verify: the builder's last lines:\n", shown);
            for (const char *p = r->output; *p;) {
                size_t n = strcspn(p, "\n");
                lf_buf_printf(out, "%s: verify: %.*s\n", shown, (int)n, p);
                p += n + (p[n] == '\n');
            }
        }
        break;
    }
    format_rebuild(&r->rebuild, shown, out);
}
