/*
 * The package-manager knowledge table, shared by every pass: for each
 * package manager (language ecosystems and the system ones: apt, apk,
 * dnf/yum), how its commands are spelled (program, subcommand, options),
 * which files in the project directory its install reads, which options
 * change what it reads (copy-manifests-first, design.md "The passes" 2), and
 * where it keeps its download cache, what moves that cache (options,
 * environment variables, HOME), what defeats it (options, variables, clean
 * commands) and whether concurrent builds may share it (cache-mounts,
 * "The passes" 4). Beside it, the facts of well-known official base images
 * that a Dockerfile does not show but a correct cache mount depends on: their
 * OS family (for apt's docker-clean hook), the environment they set (GOPATH,
 * CARGO_HOME...), their users with known ids, and symlinked directories.
 *
 * Facts live here as data, each with the official documentation it comes
 * from (see pkgmgr.c); the rules that read the manifests' contents are code
 * in passes/copy_manifests (mf_*.c, beside the names below of the manifests
 * they open), the rules that place cache mounts are in cache_mounts.c.
 *
 * Invariant relied on by copy_manifests: every entry has non-NULL `installs`
 * and `files` lists (possibly empty); an entry whose `installs` list is
 * empty (a system package manager, cargo, gem) is never a manifest install,
 * so the helper list below still decides about it.
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
    LF_PM_CARGO,
    LF_PM_GEM,
    LF_PM_APT,
    LF_PM_APK,
    LF_PM_DNF,
    LF_PM_ZYPPER,
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

/* Where a cache directory is; a cache lists its places in the order the tool
 * tries them, ending with HOME, a fixed path or NONE. */
typedef enum {
    LF_LOC_OPT,   /* the value of an option of the command (`--cache-dir DIR`, `-Dkey=DIR`) */
    LF_LOC_ENV,   /* the value of an environment variable */
    LF_LOC_HOME,  /* the HOME of the user running the tool */
    LF_LOC_FIXED, /* an absolute path */
    LF_LOC_NONE,  /* no default: when nothing before it applies, the place is not known */
} lf_loc_kind;

typedef struct lf_pm_loc {
    lf_loc_kind kind;
    const char *name; /* the option or the variable; NULL for HOME and FIXED */
    const char *path; /* appended to that value with a '/' ("" = the value itself); for
                         FIXED the absolute path; for a PATH-like variable (GOPATH) its
                         first entry is taken */
} lf_pm_loc;

/* Flags of a cache. */
enum {
    /* the tool does not lock its cache against another build using it at the
     * same time: the mount gets sharing=locked */
    LF_PC_LOCKED = 1 << 0,
    /* a system package manager's: owned by root whatever USER says */
    LF_PC_SYSTEM = 1 << 1,
    /* package lists: an empty mount hides lists an earlier layer wrote, and a
     * mount keeps them out of the layer a later RUN may read them from */
    LF_PC_LISTS = 1 << 2,
    /* the packages are read from here at build time (the module cache, the
     * local repository), not only downloaded: a later step that needs them
     * must see the same mount, and what an earlier layer put here matters */
    LF_PC_INSTALLS = 1 << 3,
    /* known, but no mount is added: skip_why says why */
    LF_PC_SKIP = 1 << 4,
    /* the tool's official images move it with a variable (CARGO_HOME,
     * GOPATH, COMPOSER_HOME): on an image the table does not know, where
     * it is cannot be known */
    LF_PC_IMAGE_ENV = 1 << 5,
};

typedef struct lf_pm_cache {
    const char *name;            /* for messages: "pip cache", "Go build cache" */
    const char *variant;         /* NULL: always; else only for this variant of the tool
                                    (yarn "classic"/"berry", dnf "dnf4"/"dnf5"/"yum3") */
    const char *const *programs; /* NULL: every program of the entry; else only these */
    /* the subcommands that use it: positional words, space-separated, matched
     * as a prefix of the command's positional words ("" = none given); NULL:
     * any invocation with at least one positional word */
    const char *const *uses;
    /* commands that empty it: positional words, then options (starting with
     * '-') that must be present, space-separated ("clean -modcache") */
    const char *const *clean;
    const lf_pm_loc *where;
    const char *root_home; /* the HOME the tool assumes when run by root, NULL: HOME */
    unsigned flags;        /* LF_PC_* */
    const char *skip_why;  /* LF_PC_SKIP: a clause saying why no mount is added */
} lf_pm_cache;

/* The package lists of a system package manager (merge-apt): what refreshes
 * them and what installs from them. */
typedef struct lf_pm_lists {
    /* programs of the family that read the lists but never refresh them */
    const char *const *readers;
    const char *const *refresh;      /* subcommands that refresh the lists */
    const char *refresh_text;        /* the usual spelling of a refresh, for messages */
    const char *const *install;      /* subcommands that install or upgrade from them */
    const char *const *self_refresh; /* options with which an install fetches its own index */
} lf_pm_lists;

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

    /* --- download caches (cache-mounts) --- */
    const lf_pm_cache *caches;        /* ends with a NULL name; NULL: none known */
    const char *const *no_cache_opts; /* options that turn the cache off */
    const char *const *no_cache_env;  /* variables that turn the cache off when set */
    /* an option that makes the tool keep its downloads in the cache, added to
     * the commands that use a mounted cache (dnf's keepcache); NULL: none;
     * keep_key: the setting it sets (a command that sets it already is left) */
    const char *keep_opt;
    const char *keep_key;
    /* how a RUN's text spells a use of the tool (use_texts) or an install
     * (install_texts) that the model may not read as a command: `xargs
     * apt-get install`, a string run by another program */
    const char *const *use_texts;
    const char *const *install_texts;
    /* --- package lists (system package managers; NULL: none) --- */
    const lf_pm_lists *lists;
    /* --- what later steps read (caches with LF_PC_INSTALLS) --- */
    /* commands that only fill the cache for the steps after them
     * (`go mod download`, `cargo fetch`, `dotnet restore`), as lf_cmd_matches
     * patterns */
    const char *const *fetch;
    /* commands that fill the cache into their own layer on purpose (a
     * dependencies-only layer): no mount there, nor after them */
    const char *const *layer_fill;
    /* options and variables (`NAME=value`) with which a command reads the
     * packages without downloading any: it needs them already there */
    const char *const *offline_opts;
    const char *const *offline_env;
    /* the programs keep_opt applies to (NULL: every program of the entry) */
    const char *const *keep_programs;
    /* --- a distribution's package manager (NULL: not one) --- */
    /* subcommands that read and write only the system's own directories
     * (lf_pkg_dirs) and what their operands name (install, remove, refresh,
     * clean...); any other subcommand (apt-get download, source) may also
     * write in the current directory */
    const char *const *system_subcmds;
} lf_pm;

extern const lf_pm lf_pkgmgrs[LF_PM_COUNT];

/* The entry whose programs include prog (a basename), or NULL; *wrapper is
 * set when prog is the project's wrapper script. */
const lf_pm *lf_pkgmgr_for_program(const char *prog, bool *wrapper);

/* The system package manager whose programs or list readers include prog
 * (a basename), or NULL; *reader is set when prog only reads the lists. */
const lf_pm *lf_pkgmgr_lists_for_program(const char *prog, bool *reader);

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

/* --- the manifests the rules of copy-manifests-first open by name --- */

/* package.json, the manifest of npm, Yarn and pnpm (and of each workspace member). */
extern const char *const lf_node_manifest;
/* pnpm-workspace.yaml: the only place pnpm reads its workspace from. */
extern const char *const lf_pnpm_workspace_file;
/* Pipfile (Pipenv) and pyproject.toml (Poetry, uv). */
extern const char *const lf_pipenv_manifest;
extern const char *const lf_pyproject_manifest;
/* Archive file names pip installs as a local file, not a registry package. */
extern const char *const lf_pip_archive_exts[];
/* go.mod, and go.work, which puts the go command in workspace mode. */
extern const char *const lf_go_mod_file;
extern const char *const lf_go_work_file;
/* Gemfile (Bundler), composer.json (Composer). */
extern const char *const lf_bundler_manifest;
extern const char *const lf_composer_manifest;
/* pom.xml: the project's, and a module directory's; a module may also name
 * a POM file, which ends in lf_maven_pom_ext. */
extern const char *const lf_maven_pom;
extern const char *const lf_maven_pom_ext;
/* Gradle's settings scripts and build scripts (Groovy, Kotlin), what it
 * reads of a project the settings include, and buildSrc/, build logic
 * compiled before the build scripts run. */
extern const char *const lf_gradle_settings_scripts[];
extern const char *const lf_gradle_build_scripts[];
extern const char *const lf_gradle_project_files[];
extern const char *const lf_gradle_build_src;
/* .NET: the lock file beside a project, the extensions of the MSBuild files
 * a project imports, and those of the two solution formats (these matched
 * in any letter case). */
extern const char *const lf_dotnet_lock_file;
extern const char *const lf_dotnet_import_exts[];
extern const char *const lf_dotnet_sln_ext;
extern const char *const lf_dotnet_slnx_ext;

/* Commands that read nothing of the project and so may share a RUN with an
 * install: program, the first positional word it needs (NULL: any), an
 * option that makes it write into the project instead (NULL: none), and
 * what it writes: "~/PATH" below the HOME of the user running it, an
 * absolute path (a directory: everything below it), "" the system's own
 * directories (lf_pkg_dirs), NULL nothing. */
typedef struct lf_pm_helper {
    const char *program;
    const char *first_word;
    const char *unless;
    const char *writes;
} lf_pm_helper;
extern const lf_pm_helper lf_pm_helpers[];

/* Options whose value is a directory the command installs into (a cache
 * mount over it would hide what the image needs). */
extern const char *const lf_pm_install_dir_opts[];
/* Directory names a tool writes its build output to inside a project,
 * beside each entry's outputs (cargo's `target`). */
extern const char *const lf_pm_build_outputs[];

/* Yarn 2+ ("berry"): a project that has one of these files, or names
 * yarn@2 or later in package.json's packageManager, or a RUN that runs
 * this command, uses it (https://yarnpkg.com/configuration/yarnrc,
 * https://nodejs.org/api/packages.html#packagemanager). */
extern const char *const lf_yarn_berry_files[];
extern const char *const lf_yarn_berry_command;
/* Is a package.json's packageManager value ("yarn@4.1.0") yarn 2 or later? */
bool lf_yarn_is_berry_spec(const char *package_json);

/* Programs that run the one named after them as a module or a shim:
 * `python3 -m pip`, `corepack pnpm`, `php composer.phar`. */
extern const char *const lf_pm_module_runners[];

/* --- apt's docker-clean hook --- */

/* The Debian/Ubuntu official images' apt hook that deletes downloaded .debs
 * after every install (see pkgmgr.c). */
extern const char *const lf_apt_docker_clean_path;
/* where a RUN parks it while it runs (lf_apt_hook_off_cmd) */
extern const char *const lf_apt_docker_clean_parked;
/* Turning the hook off for the duration of one RUN and back on at its end,
 * so the image's /etc/apt stays as it was; each succeeds whether the hook
 * exists or not. */
extern const char *const lf_apt_hook_off_cmd;
extern const char *const lf_apt_hook_on_cmd;

/* --- the image's file system --- */

/* Directories of a Linux image a cache mount must never hide. */
extern const char *const lf_system_dirs[];
/* Kernel file systems: never a cache. */
extern const char *const lf_virtual_dirs[];
/* Where a distribution's packages install files and where its package
 * manager and the system's tools keep their state and configuration; and,
 * below those, the directories no distribution package installs into. A
 * command that installs packages (or users, locales) may read or write
 * anything in the first list that is not in the second. */
extern const char *const lf_pkg_dirs[];
extern const char *const lf_local_dirs[];
/* Directories of lf_pkg_dirs where a package installs only below a
 * directory named after itself or its provider (`/opt/<provider>`,
 * `/usr/src/<package>`): another directory below them is not theirs. */
extern const char *const lf_pkg_named_dirs[];
/* File name extensions of package files a package manager installs from a
 * path (`apt-get install ./x.deb`). */
extern const char *const lf_pkg_file_exts[];

/* --- base images --- */

typedef enum {
    LF_OS_UNKNOWN,
    LF_OS_DEBIAN,  /* Debian or Ubuntu: apt, and the docker-clean hook */
    LF_OS_ALPINE,  /* apk */
    LF_OS_YUM,     /* yum 3 (EL7 and older): /var/cache/yum */
    LF_OS_DNF,     /* dnf 4, also run as `yum`: /var/cache/dnf */
    LF_OS_DNF5,    /* dnf 5: /var/cache/libdnf5 */
    LF_OS_OTHER,   /* distroless, scratch, Azure Linux: no package manager of ours */
    LF_OS_WINDOWS, /* Windows Server Core, Nano Server: no RUN --mount, no Linux paths */
} lf_os_family;

typedef struct lf_image_user {
    const char *name;
    unsigned uid, gid;
    const char *home;
} lf_image_user;

typedef struct lf_image_fact {
    const char *repo;           /* "node", "mcr.microsoft.com/dotnet/sdk" */
    lf_os_family family;        /* of its default tags (tag rules come first) */
    const char *const *env;     /* "NAME=value" the image sets */
    const lf_image_user *users; /* users it creates, ends with a NULL name */
    const char *const *links;   /* "DIR=TARGET": DIR is a symlink to TARGET */
    const char *workdir;        /* its WORKDIR, NULL: / */
    /* the user it runs as when the Dockerfile sets no USER: NULL is root; a
     * name of users, or a uid */
    const char *default_user;
} lf_image_fact;

/* Looks up an image reference as written after FROM (`docker.io/library/
 * node:20-alpine@sha256:...`): returns its entry or NULL, and sets *family
 * from the tag rules, else the entry, else LF_OS_UNKNOWN. An entry whose
 * repo ends with '/' stands for every repository below it
 * (`mcr.microsoft.com/dotnet/framework/`). */
const lf_image_fact *lf_image_lookup(const char *ref, size_t len, lf_os_family *family);

/* The variant of dnf a command runs: "micro" (microdnf, tdnf), "dnf5",
 * "dnf4", "yum3", or "other" when the base image does not say. */
const char *lf_pm_dnf_variant(const char *prog, lf_os_family family);

#endif
