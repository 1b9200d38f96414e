/*
 * The GitHub Actions workflow as the ci-cache pass reads it: jobs, their
 * steps, and which steps are the docker actions (private to the pass; see
 * workflow.c for the rules, wfname.c for image names, wfedit.c for the
 * text it inserts).
 */
#ifndef LF_WF_H
#define LF_WF_H

#include "buf.h"
#include "edit.h"
#include "pass.h"
#include "yamltree.h"

typedef struct wf_step {
    size_t node;     /* the step (a mapping, or what the workflow gives) */
    size_t uses;     /* the `uses:` value, or LF_YNONE */
    size_t with;     /* the `with:` value, or LF_YNONE */
    size_t with_key; /* the `with` key, or LF_YNONE */
    size_t run;      /* the `run:` value, or LF_YNONE */
    size_t id;       /* the `id:` value, or LF_YNONE */
    bool build_push; /* uses docker/build-push-action */
    bool setup_buildx;
    bool login;
    unsigned major; /* the action's major version from `@vN`, 0 when not given so */
    char *image;    /* build-push: the image name for its cache scope (owned) */
} wf_step;

typedef struct wf_job {
    size_t key; /* the job id */
    size_t map; /* the job's mapping */
    wf_step *steps;
    size_t nsteps, csteps;
} wf_job;

typedef struct wf {
    const char *text;
    size_t len;
    lf_ytree t;
    size_t root; /* the workflow's top mapping */
    const char *nl;
    size_t unit; /* the indentation step of nested mappings */
    bool logged_in;
    bool several;           /* the workflow builds several images: each gets a cache scope */
    const char *buildx_ref; /* a setup-buildx `uses:` of the workflow, to copy; NULL: none */
    wf_job *jobs;
    size_t njobs, cjobs;
    lf_ctx *ctx;
    lf_edits *out;
} wf;

/* workflow.c: the shell text of a `run:` scalar n and how to scan it
 * (cmdscan flags); false when n is not a scalar. */
bool wf_run_range(const wf *w, size_t n, size_t *start, size_t *end, unsigned *flags);
/* Does step s's `run:` log into a registry (login_only), or run docker for
 * anything but that? */
bool wf_runs_docker(const wf *w, const wf_step *s, bool login_only);

/* The second of two equal scalar keys of mapping m, or LF_YNONE: YAML
 * loaders disagree on which one counts, so the pass edits neither. */
size_t wf_duplicate_key(const wf *w, size_t m);

/* wfplan.c: decides and makes the edits and notes of job j's build steps. */
void wf_plan_job(wf *w, wf_job *j);

/* wfname.c: the image name of every build-push step (wf_step.image); true
 * when the workflow builds several images, so each needs its own scope. */
bool wf_name_images(wf *w);

/* wfedit.c */
/* Column of byte offset off (its distance from the start of its line). */
size_t wf_col(const wf *w, size_t off);
/* The quote character all scalar values (or keys, with keys set) of
 * mapping m use, or 0 for plain. */
char wf_quote_of(const wf *w, size_t m, bool keys);
/* Appends s as a scalar quoted with q (0: plain). */
void wf_add_scalar(lf_buf *b, const char *s, char q);
/* The cache-from and cache-to values for scope (NULL: none), into from
 * and to. */
void wf_cache_values(const char *scope, lf_buf *from, lf_buf *to);
/* Adds the cache keys to the step's `with:` mapping, or a `with:` block
 * with them to the step (with the step's scope when w->several). */
void wf_add_cache_keys(wf *w, const wf_step *s);
/* Inserts a setup-buildx step before step s; 0, or -1 with a note. */
int wf_add_setup_buildx(wf *w, const wf_step *s);

#endif
