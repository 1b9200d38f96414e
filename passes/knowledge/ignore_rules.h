/*
 * The ignore rules per kind of file and per ecosystem that the dockerignore
 * pass proposes from (passes/dockerignore), and the facts it checks them
 * against: which files hold credentials, which directories are dependency
 * installs, which commands read git metadata.
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
extern const lf_ignore_namerule lf_ignore_meta_rules[];
extern const lf_ignore_namerule lf_ignore_secret_rules[];

/* `.env.example` and friends document the variables; they hold no secret. */
extern const char *const lf_ignore_env_templates[];
/* The keys of a .npmrc / .pypirc that hold credentials. */
extern const char *const lf_ignore_npmrc_creds[];
extern const char *const lf_ignore_pypirc_creds[];

/* Directories whose content is a dependency install or a build output: a
 * key file in there is a test fixture of a package, not the project's secret. */
extern const char *const lf_ignore_dep_dirs[];

/* Dependency and output directories an ecosystem creates, with the manifest
 * that says the project uses it: a .gitignore rule naming one is proposed
 * even when the directory is not on disk now (it is on a developer's). */
typedef struct lf_ignore_ecosystem {
    const char *dir;
    const char *manifests[6];
} lf_ignore_ecosystem;
extern const lf_ignore_ecosystem lf_ignore_ecosystems[]; /* ends with a NULL dir */

/* Commands and variables that read the repository's history or metadata
 * during a build: with one of them, `.git` is part of what the build needs. */
extern const char *const lf_ignore_git_readers[];

#endif
