/*
 * What the parts of --verify share while one verification runs (private to
 * verify.c and verify_rebuild.c).
 */
#ifndef LF_VERIFY_RUN_H
#define LF_VERIFY_RUN_H

#include "buildrun.h"
#include "model.h"
#include "verify.h"

typedef struct lf_vrun {
    const lf_verify_opts *o;
    const char *context;
    const lf_verify_side *side[2]; /* [0] original, [1] rewritten */
    lf_doc *doc[2];
    char *tmp;           /* the private temporary directory */
    char *dockerfile[2]; /* tmp/a/Dockerfile, tmp/b/Dockerfile */
    char *ignorefile[2]; /* next to them: Dockerfile.dockerignore */
    char *tag[2];        /* buildah/podman: the name the committed image gets */
    lf_verify_result *r;
} lf_vrun;

/* One build of side i from context into out_dir (layers: with the layer
 * cache). Returns 0, or -1 (br says why). */
int lf_vrun_build(lf_vrun *v, int i, const char *context, const char *out_dir, bool layers,
                  lf_buildrun *br);

/* Sets r's status, message and output (the builder's last lines of br when
 * br is not NULL). */
void lf_vrun_verdict(lf_vrun *v, lf_verify_status status, const char *message,
                     const lf_buildrun *br);

/* --verify-rebuild, after both sides built with the layer cache: fills
 * v->r->rebuild. */
void lf_verify_rebuild_measure(lf_vrun *v);

#endif
