/* Where each Dockerfile is built from, and how that is shown (see fix.h). */
#include "fix.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory however it is spelled ("." and "./", a symlink). */
static char *dir_key(const char *dir)
{
    char r[PATH_MAX];
    return strdup(realpath(dir, r) ? r : dir);
}

static void add_dir(lf_fix_plan *p, const char *dir, int ev)
{
    char *key = dir_key(dir);
    for (size_t i = 0; i < p->ndirs; i++)
        if (strcmp(p->keys[i], key) == 0) {
            free(key);
            return;
        }
    p->dirs = realloc(p->dirs, (p->ndirs + 1) * sizeof *p->dirs);
    p->keys = realloc(p->keys, (p->ndirs + 1) * sizeof *p->keys);
    p->ev_of = realloc(p->ev_of, (p->ndirs + 1) * sizeof *p->ev_of);
    if (!p->dirs || !p->keys || !p->ev_of)
        abort();
    p->dirs[p->ndirs] = strdup(dir);
    p->keys[p->ndirs] = key;
    p->ev_of[p->ndirs++] = ev;
}

void lf_fix_plan_make(const lf_fix_opts *o, const char *path, lf_fix_plan *p)
{
    memset(p, 0, sizeof *p);
    p->path = strdup(path);
    lf_builds_contexts_for(&o->builds, path, &p->ev);
    bool from_stdin = false;
    for (size_t i = 0; i < p->ev.n; i++) {
        const lf_context_evidence *e = &p->ev.items[i];
        if (!e->context)
            from_stdin = true;
        else if (e->kind == LF_EVIDENCE_COMMAND_LINE || is_dir(e->context))
            add_dir(p, e->context, (int)i);
    }
    if (p->ndirs == 0 && !from_stdin) {
        /* the evidence names no directory that exists here */
        char *d = lf_fix_dir_of(path);
        add_dir(p, d, -1);
        free(d);
    }
}

void lf_fix_plan_free(lf_fix_plan *p)
{
    for (size_t i = 0; i < p->ndirs; i++) {
        free(p->dirs[i]);
        free(p->keys[i]);
    }
    free(p->dirs);
    free(p->keys);
    free(p->ev_of);
    lf_context_list_free(&p->ev);
    free(p->path);
    memset(p, 0, sizeof *p);
}

const lf_fix_plan *lf_fix_plan_of(const lf_run *run, const char *path)
{
    for (size_t i = 0; i < run->nplans; i++)
        if (strcmp(run->plans[i].path, path) == 0)
            return &run->plans[i];
    return NULL;
}

/* The evidence of the plan's context i, as a sentence (lf_evidence_describe). */
static void describe(const lf_fix_plan *p, int ev, lf_buf *out)
{
    if (ev < 0) {
        lf_buf_adds(out, "guess: the Dockerfile's directory");
        return;
    }
    lf_evidence_describe(&p->ev.items[ev], out);
}

void lf_fix_explain_contexts(const lf_run *run, const char *path)
{
    const lf_fix_plan *p = lf_fix_plan_of(run, path);
    if (!p || !run->o->explain || !lf_fix_text_out(run->o) || run->o->quiet)
        return;
    lf_buf line = LF_BUF_INIT;
    lf_buf_printf(&line, "%s: ", lf_fix_display_path(path));
    if (p->ndirs == 0) {
        lf_buf_adds(&line, "no build context <- ");
        for (size_t i = 0, k = 0; i < p->ev.n; i++)
            if (!p->ev.items[i].context) {
                if (k++)
                    lf_buf_adds(&line, ", ");
                describe(p, (int)i, &line);
            }
    }
    for (size_t i = 0; i < p->ndirs; i++) {
        lf_buf_printf(&line, "%scontext %s <- ", i ? "; " : "", lf_fix_display_path(p->dirs[i]));
        describe(p, p->ev_of[i], &line);
    }
    fprintf(stderr, "%s\n", lf_buf_cstr(&line));
    lf_buf_free(&line);
}

void lf_fix_report_contexts(const lf_run *run, const char *path, lf_report_file *f)
{
    const lf_fix_plan *p = lf_fix_plan_of(run, path);
    if (!p || !f)
        return;
    if (p->ndirs == 0)
        for (size_t i = 0; i < p->ev.n; i++) {
            const lf_context_evidence *e = &p->ev.items[i];
            if (!e->context)
                lf_report_add_context(f, NULL, lf_evidence_kind_name(e->kind), e->origin,
                                      e->detail);
        }
    for (size_t i = 0; i < p->ndirs; i++) {
        const lf_context_evidence *e = p->ev_of[i] >= 0 ? &p->ev.items[p->ev_of[i]] : NULL;
        lf_report_add_context(f, lf_fix_display_path(p->dirs[i]),
                              lf_evidence_kind_name(e ? e->kind : LF_EVIDENCE_GUESS),
                              e ? e->origin : NULL, e ? e->detail : NULL);
    }
}
