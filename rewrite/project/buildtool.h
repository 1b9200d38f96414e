/*
 * The container builder that --verify builds with: docker (its buildx
 * plugin), podman or buildah, given as a name or as a command prefix with
 * options (`buildah --root /ci/storage --runroot /run/ci`), and the command
 * lines layerfix runs with it. Every builder is asked to write the image's
 * file tree to a directory (`--output type=local,dest=DIR`), so nothing is
 * tagged or pushed anywhere.
 */
#ifndef LF_BUILDTOOL_H
#define LF_BUILDTOOL_H

#include "buf.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { LF_TOOL_DOCKER, LF_TOOL_PODMAN, LF_TOOL_BUILDAH } lf_build_tool_kind;

typedef struct lf_build_tool {
    lf_build_tool_kind kind;
    lf_strv prefix; /* the command words before the subcommand (`buildah --root X`) */
    char *shown;    /* the prefix as given, for messages */
} lf_build_tool;

/* Splits a command line into words the way a POSIX shell would, without
 * expansions: blanks separate words, '...' keeps everything literally,
 * "..." keeps everything but \" \\ \$ \` (backslash-newline is dropped), a
 * backslash outside quotes takes the next character literally. Returns 0,
 * or -1 on an unterminated quote or a trailing backslash. */
int lf_split_command(const char *s, lf_strv *words);

/* spec NULL or "": the first builder found on PATH, in the order docker
 * (only with its buildx plugin), podman, buildah. Otherwise spec is a
 * command prefix; its builder is the first word whose file name is docker,
 * podman or buildah (so `sudo -n buildah` works). Returns 0, or -1 with a
 * message in err: no builder found on PATH, a spec that names none of the
 * three, or an unterminated quote. */
int lf_build_tool_find(lf_build_tool *b, const char *spec, lf_buf *err);
void lf_build_tool_free(lf_build_tool *b);

/* Name of the kind: "docker", "podman", "buildah". */
const char *lf_build_tool_name(lf_build_tool_kind k);

/* What one build is made of. */
typedef struct lf_build_spec {
    const char *context;           /* the build context directory */
    const char *dockerfile;        /* path of the Dockerfile */
    const char *ignorefile;        /* path of its ignore file; NULL: the builder's default */
    const char *target;            /* stage to build; NULL: the last one */
    const char *const *build_args; /* NAME=VALUE */
    size_t nbuild_args;
    const char *out_dir; /* where the file tree goes */
    const char *tag;     /* buildah/podman: a name for the image, removed afterwards */
    bool layers;         /* keep and reuse the layer cache (for rebuilds) */
} lf_build_spec;

/* The whole command line of a build (prefix included) into argv. docker
 * reads the ignore file BuildKit's way, `<Dockerfile>.dockerignore` next to
 * the Dockerfile: the caller puts it there (ignorefile is not passed). */
void lf_build_tool_build_argv(const lf_build_tool *b, const lf_build_spec *s, lf_strv *argv);
/* A command that fails fast when the builder cannot work (no daemon, broken
 * storage): `docker buildx inspect --bootstrap`, `podman info`, `buildah info`. */
void lf_build_tool_probe_argv(const lf_build_tool *b, lf_strv *argv);
/* Pulls image when it is not present (buildah and podman: `pull --policy
 * missing`). Returns false for docker, whose build pulls by itself. */
bool lf_build_tool_pull_argv(const lf_build_tool *b, const char *image, lf_strv *argv);
/* Removes the image tagged tag (buildah and podman); false for docker. */
bool lf_build_tool_rmi_argv(const lf_build_tool *b, const char *tag, lf_strv *argv);

/* argv as a NULL-terminated array for exec (pointers into argv's strings;
 * free the array only). */
char **lf_build_tool_exec_argv(const lf_strv *argv);

#endif
