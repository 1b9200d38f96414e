/*
 * The image configuration a Dockerfile gives its target stage, computed
 * from the Dockerfile and the build arguments the way BuildKit dispatches
 * it: ENV, LABEL, EXPOSE, VOLUME, CMD, ENTRYPOINT, SHELL, USER, WORKDIR,
 * STOPSIGNAL, HEALTHCHECK and ONBUILD, following `FROM <stage>` chains
 * (a stage starts from its base stage's configuration and variables, and
 * runs the base stage's ONBUILD triggers first).
 *
 * Variables (lf_bk_word): global ARGs (before the first FROM) take their
 * --build-arg value, else their default expanded with the global ARGs
 * before them, plus BuildKit's TARGETPLATFORM, TARGETOS, TARGETARCH,
 * TARGETVARIANT and BUILD* values for this machine; they expand FROM.
 * Inside a stage, ARG NAME takes its --build-arg value, else its default
 * expanded, else the global ARG's value; ARG and ENV both set the variable
 * (the later one wins). ENV values are expanded with the variables as they
 * were before the instruction.
 *
 * What the base image sets is the same on both sides of a comparison, so
 * only what the Dockerfile sets is computed. A variable the Dockerfile does
 * not set may come from the base image's ENV: it is kept as written
 * (`$HOME`), so equal text still means an equal value. A key the Dockerfile
 * never sets is absent ("as in the base image"; for a stage built FROM
 * scratch, "not set").
 */
#ifndef LF_IMGCONFIG_H
#define LF_IMGCONFIG_H

#include "buf.h"
#include "model.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_imgconfig {
    /* Sorted by key. Keys: "CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD",
     * "SHELL", "STOPSIGNAL", "USER", "WORKDIR", "ENV NAME", "LABEL NAME",
     * "EXPOSE 80/tcp", "VOLUME /path". Values as people read them: JSON
     * strings and arrays ("\"1\"", "[\"node\", \"app.js\"]"), "" for the
     * EXPOSE and VOLUME keys and for a key that is set to nothing (CMD
     * after an ENTRYPOINT). */
    lf_strv keys, values;
    bool from_image; /* the target stage's chain starts at an image, not scratch */
    /* the images the build pulls: FROM of every stage, COPY --from and RUN
     * --mount from= that name no stage; as written after expansion, each
     * once */
    lf_strv images;
    /* the stage built, as named in the Dockerfile, or "stage N" (0-based) */
    char *target;
} lf_imgconfig;

/* Computes the configuration of target (a stage name, NULL for the last
 * stage) with build_args ("NAME=VALUE"). doc must have no errors. Returns
 * 0, or -1 with `PATH:LINE: error: MESSAGE` in err: an unknown target, an
 * expansion BuildKit refuses (`${X:?unset}`, an unterminated quote), a
 * base name that expands to nothing. */
int lf_imgconfig_compute(lf_imgconfig *out, const lf_doc *doc, const char *target,
                         const char *const *build_args, size_t nbuild_args, lf_buf *err);
void lf_imgconfig_free(lf_imgconfig *c);

/* One line per key whose value differs from a (the original's) to b:
 * `ENV FOO: "1" -> "2"`, `EXPOSE 8080/tcp: added`, `CMD: ["a"] -> (as in
 * the base image)`. Appended to out. */
void lf_imgconfig_compare(const lf_imgconfig *a, const lf_imgconfig *b, lf_strv *out);

#endif
