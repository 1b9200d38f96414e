/*
 * The notes the ci-cache pass gives about build commands in CI files and
 * scripts (design.md "The passes" 7): a build with no external cache (with
 * the exact flags to add), `--no-cache`, secrets passed as build arguments,
 * and the legacy builder (DOCKER_BUILDKIT=0). Shared by the workflow pass
 * (run: steps) and the script notes (GitLab CI, shell scripts, Makefiles).
 */
#ifndef LF_CINOTES_H
#define LF_CINOTES_H

#include "dockerbuild.h"
#include "pass.h"

typedef enum {
    LF_CI_WORKFLOW_RUN,    /* a GitHub Actions run: step */
    LF_CI_WORKFLOW_ACTION, /* docker/build-push-action inputs */
    LF_CI_GITLAB,          /* a GitLab CI script line */
    LF_CI_SCRIPT,          /* a shell script */
    LF_CI_MAKEFILE,        /* a Makefile recipe */
} lf_ci_where;

typedef struct lf_ci_note_opts {
    lf_ci_where where;
    bool logged_in; /* a workflow: it logs into a registry (login action or docker login) */
} lf_ci_note_opts;

/* Notes for every docker build command in text[start..end), read with the
 * cmdscan flags. */
void lf_ci_notes_commands(const char *text, size_t start, size_t end, unsigned scan_flags,
                          const lf_ci_note_opts *o, lf_ctx *ctx);

/* A note for each place in text that turns BuildKit off (DOCKER_BUILDKIT=0
 * as a shell or make assignment, or DOCKER_BUILDKIT: 0 in YAML). */
void lf_ci_notes_legacy_builder(const char *text, size_t len, lf_ctx *ctx);

/* The note for --no-cache (or the action's no-cache input) at off; what
 * names how it was written. */
void lf_ci_note_no_cache(lf_ctx *ctx, size_t off, const char *what);

/* The note for a build argument with a secret's name at off: name, and the
 * variable its value comes from (NULL or "": none that we can tell). */
void lf_ci_note_secret_arg(lf_ctx *ctx, size_t off, const char *name, size_t name_len,
                           const char *from_var, size_t var_len, lf_ci_where where);

/* The secret mount a RUN gets instead of a build argument NAME, appended
 * to out: `--mount=type=secret,id=NAME,env=NAME`, or with as_env false
 * `...,target=` the default secrets directory's NAME. */
void lf_ci_secret_mount(lf_buf *out, const char *name, size_t len, bool as_env);

/* The variable a value reads when it is exactly one reference (`$X`, `${X}`,
 * `$(X)`): its name into var and len; false otherwise. */
bool lf_ci_value_var(const char *value, const char **var, size_t *len);

#endif
