/*
 * Running one builder command for --verify (a probe, a pull, a build, a
 * removal) and saying in one line what went wrong when it did.
 */
#ifndef LF_BUILDRUN_H
#define LF_BUILDRUN_H

#include "buildtool.h"
#include "proc.h"

#include <stdbool.h>

typedef struct lf_buildrun {
    lf_proc proc;
    bool ok;       /* started, ended with status 0, within the time limit */
    char *failure; /* when !ok: "cannot run buildah: No such file or directory",
                      "exited with status 1", "was stopped after 600 s" */
} lf_buildrun;

/* Runs argv (a builder command line) with a time limit in seconds (0: none).
 * Returns r->ok ? 0 : -1. */
int lf_buildrun_run(const lf_strv *argv, unsigned timeout, lf_buildrun *r);
void lf_buildrun_free(lf_buildrun *r);

/* The last n lines the command printed, each indented by two spaces. */
void lf_buildrun_tail(const lf_buildrun *r, unsigned n, lf_buf *out);

/* When the output says a base image could not be pulled or resolved
 * (BuildKit: "failed to resolve source metadata for IMAGE"; buildah and
 * podman: "creating build container: ..." and "initializing source ..."),
 * the builder's line saying so (malloc'd); else NULL. */
char *lf_buildrun_pull_failure(const lf_buildrun *r, lf_build_tool_kind kind);

#endif
