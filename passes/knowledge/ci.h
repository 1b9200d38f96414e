/*
 * The CI knowledge table (design.md "The passes" 7, ci-cache): the names a
 * CI workflow, a build script or a Dockerfile spells that the ci-cache pass
 * and the Dockerfile advice read: GitHub Actions' workflow keys and the
 * docker actions with their inputs, GitLab CI's script keys, the docker CLI's
 * build commands and options, the commands that stamp a build with its time
 * or commit, the build-argument names that hold secrets, and the base-image
 * tags that move. The rules that read them are in passes/ci_cache/; every
 * tool, action and option name those rules use comes from here.
 */
#ifndef LF_CI_H
#define LF_CI_H

#include <stdbool.h>
#include <stddef.h>

/* --- GitHub Actions ---------------------------------------------------------- */

typedef struct lf_ci_gha {
    /* workflow syntax */
    const char *jobs, *steps, *uses, *with, *run, *name, *id, *env;
    const char *expr_open;     /* "${{": an expression; its value is known only at run time */
    const char *matrix_prefix; /* "matrix.": an expression that differs per matrix job */
    /* a job's matrix (`strategy: matrix:`), its keys that are not axes, and
     * the expression that tells its jobs apart when the axes are not known */
    const char *strategy, *matrix, *matrix_include, *matrix_exclude, *job_index;
    /* docker/build-push-action and its inputs */
    const char *build_push;
    unsigned build_push_min_major; /* older majors take other inputs */
    const char *in_cache_from, *in_cache_to, *in_tags, *in_file, *in_context, *in_no_cache,
        *in_build_args, *in_push, *in_load, *in_outputs, *in_secrets, *in_pull,
        *in_no_cache_filters;
    /* the values the pass writes, and the gha backend's scope option */
    const char *gha_from, *mode_max, *scope_opt; /* "type=gha", "mode=max", "scope" */
    /* docker/setup-buildx-action: what the pass inserts, and its driver input */
    const char *setup_buildx, *setup_buildx_step_name;
    const char *in_driver, *driver_docker; /* the docker driver cannot export a cache */
    const char *driver_container;          /* setup-buildx's default, which exports caches */
    /* docker/metadata-action: `images` names what `tags` output refers to */
    const char *metadata, *in_images, *outputs_tags; /* outputs_tags: ".outputs.tags" */
    const char *const *login_actions;                /* actions that log into a registry */
    /* the environment the gha backend needs, which only actions see */
    const char *runtime_note;
} lf_ci_gha;

extern const lf_ci_gha lf_gha;

/* The setup-buildx-action major of the release train of a build-push-action
 * major (the docker actions are released together); the newest known for a
 * major we do not know. */
unsigned lf_ci_setup_buildx_major(unsigned build_push_major);

/* --- GitLab CI ------------------------------------------------------------------ */

typedef struct lf_ci_gitlab {
    const char *const *script_keys; /* keys whose values are shell lines */
    const char *const *file_names;  /* exact base names of GitLab CI files */
    const char *const *file_suffixes;
    const char *registry_image; /* the predefined variable naming the project's image */
} lf_ci_gitlab;

extern const lf_ci_gitlab lf_gitlab;

/* Makefiles: exact base names and suffixes. */
extern const char *const lf_ci_makefile_names[];
extern const char *const lf_ci_makefile_suffixes[];

/* --- the docker CLI ------------------------------------------------------------ */

typedef struct lf_ci_docker {
    /* the program, and variables that name it in scripts and Makefiles */
    const char *const *programs;
    /* subcommand paths that build, space-separated ("buildx build") */
    const char *const *build_cmds;
    const char *buildx;        /* "buildx": a build through buildx (exports caches) */
    const char *login;         /* "login" */
    const char *buildx_create; /* "buildx create": a builder made by hand */
    /* global options (before the subcommand) that take the next word */
    const char *const *global_value_opts;
    /* build options that take a value (as the next word or after '=') */
    const char *const *build_value_opts;
    const char *opt_cache_from, *opt_cache_to, *opt_no_cache, *opt_build_arg, *opt_secret,
        *opt_pull, *opt_no_cache_filter;
    const char *const *tag_opts; /* -t, --tag */
    /* the command lines the notes suggest */
    const char *buildx_build_cmd;   /* "docker buildx build" */
    const char *create_builder_cmd; /* a builder whose driver exports caches */
    const char *cache_tag;          /* the tag of a registry cache image: "buildcache" */
    const char *buildkit_env;       /* "DOCKER_BUILDKIT" */
    const char *buildkit_default;   /* the release since which BuildKit is the default */
    const char *history_cmd;        /* shows a build's arguments */
    const char *inspect_cmd;        /* shows an image's environment */
    const char *imagetools_cmd;     /* shows the digest a tag points to */
} lf_ci_docker;

extern const lf_ci_docker lf_docker;

/* Programs that run the command after them (and their options that take a
 * value are not expected in CI lines): sudo, env, time... */
extern const char *const lf_ci_shell_wrappers[];

/* --- commands that stamp a build --------------------------------------------- */

typedef struct lf_ci_stamp {
    const char *program;
    const char *const *subcmds; /* NULL: any invocation; else its first word is one of these */
    const char *what;           /* "the time of the build" */
} lf_ci_stamp;

/* The entry that a command of program prog with first positional word sub
 * (NULL: none) matches, or NULL. */
const lf_ci_stamp *lf_ci_stamp_find(const char *prog, const char *sub);

/* Programs whose output goes into a file when they are the tail of a
 * pipeline (`... | tee FILE`). */
extern const char *const lf_ci_tee_programs[];

/* --- secrets in build arguments ---------------------------------------------- */

/* Is name[0..len) a name that holds a secret (NPM_TOKEN, DB_PASSWORD,
 * AWS_SECRET_ACCESS_KEY...; case-insensitive)? Public-key names
 * (GPG_KEY, *_PUBLIC_KEY), cache keys and the variables front-end builds
 * publish (NEXT_PUBLIC_*, VITE_*...) are not. */
bool lf_ci_secret_name(const char *name, size_t len);

/* --- base-image tags ------------------------------------------------------------ */

typedef enum {
    LF_TAG_PINNED,     /* a specific version (or one we cannot judge) */
    LF_TAG_NONE,       /* no tag: the builder takes `latest` */
    LF_TAG_FLOATING,   /* latest, lts, stable, edge... or a variant alone (alpine, slim) */
    LF_TAG_MAJOR_ONLY, /* python:3, node:20-alpine (one to three digits) */
} lf_tag_kind;

/* How mutable the tag of an image reference is; ref is as written after
 * FROM, without a digest (a reference with a digest is pinned whatever its
 * tag). *tag and *tag_len are set to the tag (empty for LF_TAG_NONE). */
lf_tag_kind lf_ci_tag_kind(const char *ref, size_t len, const char **tag, size_t *tag_len);

/* The image name that means "no base image". */
extern const char *const lf_ci_scratch;

#endif
