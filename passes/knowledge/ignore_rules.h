/*
 * The ignore rules per kind of file and per ecosystem that the dockerignore
 * pass proposes from (passes/dockerignore), and the facts it checks them
 * against: which files hold credentials, which directories are dependency
 * installs, which commands fill directories of the context, which read git
 * metadata. (No rule for CI files or Dockerfiles: git tracks them, and a
 * clean checkout ships them.)
 */
#ifndef LF_IGNORE_RULES_H
#define LF_IGNORE_RULES_H

#include <stdbool.h>

/* Which path segments a rule is matched against. */
typedef enum { LF_NK_DIR, LF_NK_FILE, LF_NK_ANY } lf_ignore_nkind;

typedef struct lf_ignore_namerule {
    const char *glob;     /* a Go glob for one segment, also the .dockerignore text */
    lf_ignore_nkind kind; /* which segments it is matched against */
    bool root_only;       /* only at the context root */
    bool by_path;         /* secrets: one exact rule per match, never the glob */
} lf_ignore_namerule;

/* Each ends with a NULL glob. */
extern const lf_ignore_namerule lf_ignore_vcs_rules[];
extern const lf_ignore_namerule lf_ignore_secret_rules[];

/* `.env.example` and friends document the variables; they hold no secret. */
extern const char *const lf_ignore_env_templates[];
/* The keys of a .npmrc / .pypirc that hold credentials. */
extern const char *const lf_ignore_npmrc_creds[];
extern const char *const lf_ignore_pypirc_creds[];
/* What a .pem holds when it is a private key (not a certificate, which is
 * public: a CA bundle is no secret). */
extern const char *const lf_ignore_pem_private[];

/* Directories whose content is a dependency install or a build output: a
 * key file in there is a test fixture of a package, not the project's secret. */
extern const char *const lf_ignore_dep_dirs[];

/* Dependency and output directories an ecosystem creates, with the manifest
 * that says the project uses it: a .gitignore rule naming one is proposed
 * even when the directory is not on disk now (it is on a developer's). */
typedef struct lf_ignore_ecosystem {
    const char *dir;
    const char *manifests[6]; /* file names, or Go globs of one (`*.csproj`) */
} lf_ignore_ecosystem;
extern const lf_ignore_ecosystem lf_ignore_ecosystems[]; /* ends with a NULL dir */

/* Tools and variables that read the repository's history or metadata
 * during a build without running `git` themselves (setuptools_scm,
 * GIT_DIR...): named in a RUN, CMD, ENTRYPOINT or a script the image runs,
 * or in the Python build files of the context (lf_ignore_scm_build_files)
 * when a RUN builds the project, they make `.git` part of what the build
 * needs. */
extern const char *const lf_ignore_git_readers[];
extern const char *const lf_ignore_scm_build_files[];
/* The commands that build a Python project from its files (with one of
 * the tools above in its build files, the build reads `.git`). */
extern const char *const lf_ignore_python_builders[];
/* `git` subcommands that do not read the metadata of the repository they
 * run in (`git clone URL`); every other subcommand does. `config` reads it
 * unless given --global or --system (the pass checks the option). */
extern const char *const lf_ignore_git_nonreaders[];

/* A command that fills directories of the build context when a RUN runs it
 * in the copied files: an install fills its ecosystem's dependency
 * directories (dirs), a build any output directory (dirs[0] NULL). A
 * git-ignored path the image uses after such a command is produced by the
 * image itself, so the host's copy need not be sent. */
typedef struct lf_ignore_producer {
    const char *cmd; /* the command's first words, the program normalised */
    const char *dirs[4];
} lf_ignore_producer;
extern const lf_ignore_producer lf_ignore_producers[]; /* ends with a NULL cmd */

#endif
