/*
 * The package-manager knowledge table (design.md "The passes" 2): for each
 * ecosystem, how its dependency install is spelled (program, subcommand,
 * options), which files in the project directory that install reads, and
 * which options change what it reads. Facts live here as data, each with the
 * official documentation it comes from (see pkgmgr.c); the rules that read
 * the manifests' contents (lifecycle scripts, nested requirement files,
 * workspaces) are code in manifests.c.
 */
#ifndef LF_PKGMGR_H
#define LF_PKGMGR_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    LF_PM_NPM,
    LF_PM_YARN,
    LF_PM_PNPM,
    LF_PM_PIP,
    LF_PM_PIPENV,
    LF_PM_POETRY,
    LF_PM_UV,
    LF_PM_GO,
    LF_PM_BUNDLER,
    LF_PM_COMPOSER,
    LF_PM_MAVEN,
    LF_PM_GRADLE,
    LF_PM_DOTNET,
    LF_PM_COUNT,
} lf_pm_id;

/* Flags of a manifest entry. */
enum {
    LF_MF_REQUIRED = 1 << 0, /* the install fails without it: skip when it is missing */
    LF_MF_ONE_OF = 1 << 1,   /* with REQUIRED: one of the ONE_OF entries is enough */
    LF_MF_DIR = 1 << 2,      /* a directory, copied as a whole when it exists */
    LF_MF_WRAPPER = 1 << 3,  /* read only when the project's wrapper script runs (./mvnw) */
};

typedef struct lf_pm_file {
    const char *path; /* relative to the project directory */
    unsigned flags;   /* LF_MF_* */
} lf_pm_file;

/* Flags of an install spelling. */
enum {
    /* more positional words name packages to add: not an install from the manifests */
    LF_PI_NO_PKG_ARGS = 1 << 0,
    /* the manifests are the files named by -r/-c (pip); positional words are packages */
    LF_PI_REQ_FILES = 1 << 1,
    /* the positional words after the subcommand are requirement files (uv pip sync) */
    LF_PI_ARGS_ARE_FILES = 1 << 2,
    /* no subcommand: every positional word must be one of lf_pm.goals (maven, gradle) */
    LF_PI_GOALS = 1 << 3,
};

typedef struct lf_pm_install {
    const char *words; /* positional words after the program, space-separated; "" = none */
    unsigned flags;    /* LF_PI_* */
    /* the install reads only manifests when one of these options is given
     * (NULL: always); otherwise it also installs the project itself */
    const char *const *needs_one_of;
} lf_pm_install;

typedef struct lf_pm {
    lf_pm_id id;
    const char *name;
    const char *const *programs;        /* argv[0] without its directory */
    const char *const *wrappers;        /* of those, the project's own wrapper scripts */
    const lf_pm_install *installs;      /* ends with a NULL words */
    const char *const *goals;           /* for LF_PI_GOALS */
    const char *const *value_opts;      /* options whose value is the next word */
    const char *const *dir_opts;        /* options that point it at another directory/manifest */
    const char *const *global_opts;     /* options that install outside the project (npm -g) */
    const char *const *no_scripts_opts; /* options that turn the project's install scripts off */
    /* manifests of the installs that read a fixed set of files (not pip's
     * -r files, not dotnet's project files); ends with a NULL path */
    const lf_pm_file *files;
    /* directories the install writes inside the project, at any depth: a
     * copy of them in the build context would overwrite what it installed */
    const char *const *outputs;
} lf_pm;

extern const lf_pm lf_pkgmgrs[LF_PM_COUNT];

/* The entry whose programs include prog (a basename), or NULL; *wrapper is
 * set when prog is the project's wrapper script. */
const lf_pm *lf_pkgmgr_for_program(const char *prog, bool *wrapper);

/* Is word one of list (NULL-terminated; list may be NULL)? */
bool lf_pkgmgr_in(const char *const *list, const char *word);

/* package.json "scripts" that npm, yarn and pnpm run on a bare install. */
extern const char *const lf_node_install_scripts[];
/* package.json sections whose values may be local `file:`/`link:` specs. */
extern const char *const lf_node_dep_sections[];
/* Version-spec prefixes that point at a local directory. */
extern const char *const lf_node_local_prefixes[];
/* composer.json "scripts" events that `composer install` fires. */
extern const char *const lf_composer_install_events[];
/* Files MSBuild/NuGet read from a project's directory and every directory above it. */
extern const char *const lf_dotnet_dir_files[];
/* Project and solution file extensions `dotnet restore` looks for. */
extern const char *const lf_dotnet_project_exts[];

/* Commands that read nothing of the project and so may share a RUN with an
 * install: program, the first positional word it needs (NULL: any), and an
 * option that makes it write into the project instead (NULL: none). */
typedef struct lf_pm_helper {
    const char *program;
    const char *first_word;
    const char *unless;
} lf_pm_helper;
extern const lf_pm_helper lf_pm_helpers[];

#endif
