/*
 * The command lines of the image builders (buildcmd.h): which words make a
 * build (`docker [GLOBAL FLAGS] [buildx|image|builder] build`, `podman
 * build`, `buildah bud|build|build-using-dockerfile`, `nerdctl build`,
 * kaniko's `executor`), and the Dockerfile and context among its flags.
 */
#ifndef LF_BUILDFLAGS_H
#define LF_BUILDFLAGS_H

#include "buf.h"
#include "shword.h"

#include <stdbool.h>
#include <stddef.h>

/* w[k] is the program (a basename): the index of the first argument after
 * its build subcommand, with the tool's words ("docker buildx build") in
 * tool; 0 when the words are no build. */
size_t lf_build_subcommand(const lf_shwords *w, size_t k, lf_buf *tool);

typedef struct lf_build_args {
    /* -f / --file / -fX / --file=X: the value (NULL when not given) and
     * whether it is known */
    const char *file;
    bool file_known;
    /* --target / --target=X: the same for the stage built */
    const char *target;
    bool target_known;
    const lf_shword *context; /* the one positional argument */
    bool ok;                  /* exactly one positional argument, every flag has its value */
} lf_build_args;

/* Reads the build flags of w[start..]. Unknown flags count as booleans,
 * opaque words as flags nobody can see. */
void lf_build_args_read(const lf_shwords *w, size_t start, lf_build_args *out);

/* kaniko (w[k] is `executor`): --context/-c (`dir://` stripped; other
 * schemes refused), --dockerfile/-f (default "Dockerfile") and --target
 * (NULL when not given or not known). */
bool lf_kaniko_args(const lf_shwords *w, size_t k, const char **context, const char **dockerfile,
                    const char **target);

#endif
