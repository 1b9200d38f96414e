/*
 * --verify: build the original and the rewritten Dockerfile of one build
 * with a real builder and say whether they give the same image.
 *
 * Both Dockerfiles are written to a private temporary directory (never into
 * the user's tree), each with its own ignore file next to it, and built
 * from the same context with the same build arguments, each into a
 * directory of its own (`--output type=local,dest=DIR`). Then:
 * - the two file trees are compared (fstree.h: path, type, mode, owner,
 *   size, SHA-256, link target; not times);
 * - the image configurations are compared, as the two Dockerfiles set them
 *   for the target stage (imgconfig.h), since a local export carries no
 *   configuration.
 * The result is "same image", the list of differences, a rewritten
 * Dockerfile that does not build (with the builder's last lines), or a
 * verification that could not run: no builder, a builder that does not
 * start, a base image that cannot be pulled, an original that does not
 * build either. That last kind is never a difference.
 *
 * --verify-rebuild then measures what the rewrite buys: one source file of
 * the context (one a broad COPY sends, not a dependency manifest; or the
 * caller's choice) gets a comment line appended in a private copy of the
 * context, both Dockerfiles are built again with the layer cache, and the
 * RUN steps that ran again and the seconds are reported for each.
 *
 * The builds leave nothing behind but the builder's cache: buildah and
 * podman get a temporary tag on the image they commit, removed at the end
 * (with --verify-rebuild the layer cache stays, as after any `--layers`
 * build); docker writes no image for a local export.
 */
#ifndef LF_VERIFY_H
#define LF_VERIFY_H

#include "buf.h"
#include "buildtool.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_verify_opts {
    const lf_build_tool *builder;
    const char *const *build_args; /* NAME=VALUE, passed to both builds */
    size_t nbuild_args;
    const char *target; /* stage to build; NULL: the last one */
    bool rebuild;       /* --verify-rebuild */
    /* rebuild: the file to edit, relative to the context; NULL: pick one */
    const char *edit;
    unsigned timeout;    /* seconds for each builder command; 0: no limit */
    unsigned tail_lines; /* lines of output shown for a failure; 0: 15 */
} lf_verify_opts;

/* One side of the comparison. */
typedef struct lf_verify_side {
    const char *path; /* the Dockerfile's path, for messages */
    const char *text; /* its contents */
    size_t len;
    const char *ignore; /* the text of the ignore file the builder applies; NULL: none */
    size_t ignore_len;
} lf_verify_side;

typedef enum {
    LF_VERIFY_SAME,      /* both built; same files, same configuration */
    LF_VERIFY_DIFFERENT, /* both built; differences lists them */
    LF_VERIFY_FAILED,    /* the original builds, the rewritten one does not */
    LF_VERIFY_NOT_RUN,   /* no verdict: message says why */
} lf_verify_status;

typedef struct lf_verify_rebuild {
    bool done;
    char *edited;     /* the edited file, relative to the context */
    char *why_not;    /* !done: why there is no measurement */
    size_t steps[2];  /* [0] original, [1] rewritten: instructions other than FROM */
    size_t cached[2]; /* of those, taken from the cache */
    lf_strv runs[2];  /* the RUN steps that ran again, by their first words */
    double seconds[2];
} lf_verify_rebuild;

typedef struct lf_verify_result {
    lf_verify_status status;
    /* DIFFERENT: one line each, file tree first: "added /app/x (file, 3
     * bytes)", "changed /etc/env: content (3 -> 4 bytes)", "config ENV A:
     * \"1\" -> \"2\"" */
    lf_strv differences;
    char *message; /* FAILED and NOT_RUN: one sentence */
    char *output;  /* the builder's last lines for a failed command, indented; or NULL */
    double seconds[2];
    lf_verify_rebuild rebuild;
} lf_verify_result;

/* Verifies one build. context is the build context directory. Always fills
 * r (free it with lf_verify_result_free) and returns r->status. */
lf_verify_status lf_verify(lf_verify_result *r, const lf_verify_opts *o, const char *context,
                           const lf_verify_side *original, const lf_verify_side *rewritten);
void lf_verify_result_free(lf_verify_result *r);

/* The result for people, every line starting with `SHOWN: verify: `:
 * "same image", "the images differ (N differences):" and the differences,
 * "the rewritten Dockerfile does not build: ..." with the builder's lines,
 * "could not run: ..." ; then, with a rebuild, "after editing FILE: original
 * re-ran N RUN steps (a, b) in S s, rewritten M (c) in T s". At most
 * max_lines differences are listed (0: 20), then "... and K more". */
void lf_verify_format(const lf_verify_result *r, const char *shown, size_t max_lines, lf_buf *out);

#endif
