/*
 * --verify-rebuild (see verify.h): after both sides built with the layer
 * cache, a "source edit" in a private copy of the context and a second
 * build of each side, whose progress output says which RUN steps ran again.
 *
 * The file edited, unless the caller names one, is the first file (in path
 * order) below a directory that a COPY or ADD of the original Dockerfile
 * sends whole (`COPY . .`, `COPY src/ /app/src/`), that both ignore files
 * let through, and that is no dependency manifest (the knowledge table's
 * manifests, e.g. package.json, go.sum), no Dockerfile and no ignore file.
 */
#include "bkargs.h"
#include "buildlog.h"
#include "ctxcopy.h"
#include "ignore.h"
#include "pkgmgr.h"
#include "verify_run.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file name the source edit must not pick. */
static bool not_a_source(const char *rel)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (strncmp(base, "Dockerfile", 10) == 0 || strncmp(base, "Containerfile", 13) == 0 ||
        strstr(base, ".dockerignore") || strcmp(base, ".containerignore") == 0)
        return true;
    for (int m = 0; m < LF_PM_COUNT; m++)
        for (const lf_pm_file *f = lf_pkgmgrs[m].files; f && f->path; f++) {
            const char *fb = strrchr(f->path, '/');
            if (strcmp(fb ? fb + 1 : f->path, base) == 0)
                return true;
        }
    return false;
}

typedef struct picker {
    const char *context;
    const lf_ignore *ig[2];
    size_t visited;
    char *found;
} picker;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Depth-first in name order below rel ("" for the context itself). */
static void pick_below(picker *p, const char *rel)
{
    lf_buf path = LF_BUF_INIT;
    lf_buf_printf(&path, "%s%s%s", p->context, *rel ? "/" : "", rel);
    DIR *d = opendir(lf_buf_cstr(&path));
    lf_buf_free(&path);
    if (!d)
        return;
    lf_strv names = LF_STRV_INIT;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, ".git"))
            lf_strv_push(&names, de->d_name, strlen(de->d_name));
    closedir(d);
    char **sorted = calloc(names.n ? names.n : 1, sizeof *sorted);
    for (size_t i = 0; i < names.n; i++)
        sorted[i] = names.items[i].s;
    qsort(sorted, names.n, sizeof *sorted, name_cmp);
    lf_buf sub = LF_BUF_INIT, full = LF_BUF_INIT;
    for (size_t i = 0; i < names.n && !p->found && p->visited++ < 20000; i++) {
        lf_buf_clear(&sub);
        lf_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", sorted[i]);
        lf_buf_clear(&full);
        lf_buf_printf(&full, "%s/%s", p->context, lf_buf_cstr(&sub));
        struct stat st;
        if (lstat(lf_buf_cstr(&full), &st) != 0)
            continue;
        bool dir = S_ISDIR(st.st_mode);
        if (dir) {
            pick_below(p, lf_buf_cstr(&sub));
        } else if (S_ISREG(st.st_mode) && !not_a_source(lf_buf_cstr(&sub)) &&
                   !lf_ignore_match(p->ig[0], lf_buf_cstr(&sub), false) &&
                   !lf_ignore_match(p->ig[1], lf_buf_cstr(&sub), false)) {
            p->found = strdup(lf_buf_cstr(&sub));
        }
    }
    lf_buf_free(&sub);
    lf_buf_free(&full);
    free(sorted);
    lf_strv_free(&names);
}

/* The COPY/ADD sources of the build context that are whole directories. */
static void broad_sources(const lf_doc *doc, const char *context, lf_strv *dirs)
{
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        if ((in->kw != LF_KW_COPY && in->kw != LF_KW_ADD) || in->nheredocs > 0)
            continue;
        lf_bk_args a;
        lf_bk_args_split(in->joined, in->joined_len, &a);
        lf_strv words = LF_STRV_INIT;
        if (!lf_bk_args_flag(&a, "from") && lf_bk_maybe_json(a.text, a.len, &words) != 1) {
            lf_strv_truncate(&words, 0);
            lf_bk_split_blanks(a.text, a.len, &words);
        }
        for (size_t k = 0; k + 1 < words.n; k++) {
            const char *s = words.items[k].s;
            while (s[0] == '.' && s[1] == '/')
                s += 2;
            while (*s == '/')
                s++;
            if (strpbrk(s, "*?[$") || strstr(s, "://"))
                continue;
            lf_buf full = LF_BUF_INIT;
            lf_buf_printf(&full, "%s/%s", context, s);
            struct stat st;
            if (stat(lf_buf_cstr(&full), &st) == 0 && S_ISDIR(st.st_mode)) {
                size_t n = strlen(s);
                while (n && s[n - 1] == '/')
                    n--;
                lf_strv_push(dirs, s, (n == 1 && *s == '.') ? 0 : n);
            }
            lf_buf_free(&full);
        }
        lf_strv_free(&words);
        lf_bk_args_free(&a);
    }
}

static char *pick_source(lf_vrun *v, const lf_ignore *ig[2])
{
    picker p = {v->context, {ig[0], ig[1]}, 0, NULL};
    lf_strv dirs = LF_STRV_INIT;
    broad_sources(v->doc[0], v->context, &dirs);
    for (size_t i = 0; i < dirs.n && !p.found; i++)
        pick_below(&p, dirs.items[i].s);
    lf_strv_free(&dirs);
    return p.found;
}

/* The second build of side i, from the edited copy. */
static int rebuild_side(lf_vrun *v, int i, const char *ctx)
{
    lf_verify_rebuild *rb = &v->r->rebuild;
    lf_buf out = LF_BUF_INIT;
    lf_buf_printf(&out, "%s/re-%c", v->tmp, i ? 'b' : 'a');
    lf_buildrun br;
    int rc = lf_vrun_build(v, i, ctx, lf_buf_cstr(&out), true, &br);
    if (rc != 0) {
        lf_buf why = LF_BUF_INIT;
        lf_buf_printf(&why, "the rebuild of the %s Dockerfile failed (%s)",
                      i ? "rewritten" : "original", br.failure);
        rb->why_not = lf_buf_detach(&why, NULL);
    } else {
        lf_buildlog log;
        lf_buildlog_read(v->o->builder->kind, lf_buf_cstr(&br.proc.out), br.proc.out.len, &log);
        rb->steps[i] = log.steps;
        rb->cached[i] = log.cached;
        rb->seconds[i] = br.proc.seconds;
        lf_buf label = LF_BUF_INIT;
        for (size_t k = 0; k < log.runs.n; k++) {
            lf_buf_clear(&label);
            lf_buildlog_run_label(log.runs.items[k].s, &label);
            lf_strv_push(&rb->runs[i], lf_buf_cstr(&label), label.len);
        }
        lf_buf_free(&label);
        lf_buildlog_free(&log);
    }
    lf_buildrun_free(&br);
    lf_buf_free(&out);
    return rc;
}

void lf_verify_rebuild_measure(lf_vrun *v)
{
    lf_verify_rebuild *rb = &v->r->rebuild;
    lf_ignore *ig[2] = {NULL, NULL};
    lf_buf err = LF_BUF_INIT, ctx = LF_BUF_INIT, edit = LF_BUF_INIT;
    for (int i = 0; i < 2; i++) {
        const lf_verify_side *s = v->side[i];
        if (lf_ignore_compile(&ig[i], s->ignore ? s->ignore : "", s->ignore ? s->ignore_len : 0,
                              &err) != 0) {
            rb->why_not = strdup("an ignore file the builder would refuse");
            goto out;
        }
    }
    rb->edited = v->o->edit ? strdup(v->o->edit) : pick_source(v, (const lf_ignore **)ig);
    if (!rb->edited) {
        rb->why_not = strdup("no source file found below a directory that a COPY sends whole");
        goto out;
    }
    lf_buf_printf(&ctx, "%s/context", v->tmp);
    if (lf_ctxcopy(v->context, lf_buf_cstr(&ctx), ig[0], ig[1], rb->edited, &err) != 0) {
        rb->why_not = lf_buf_detach(&err, NULL);
        goto out;
    }
    lf_buf_printf(&edit, "%s/%s", lf_buf_cstr(&ctx), rb->edited);
    if (lf_ctxcopy_touch_source(lf_buf_cstr(&edit), &err) != 0) {
        rb->why_not = lf_buf_detach(&err, NULL);
        goto out;
    }
    rb->done =
        rebuild_side(v, 0, lf_buf_cstr(&ctx)) == 0 && rebuild_side(v, 1, lf_buf_cstr(&ctx)) == 0;
out:
    lf_ignore_free(ig[0]);
    lf_ignore_free(ig[1]);
    lf_buf_free(&err);
    lf_buf_free(&ctx);
    lf_buf_free(&edit);
}
