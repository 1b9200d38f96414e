/*
 * What a RUN does to the image's file system, as far as the analysis can
 * prove it (design.md "Data flow": analysis, "paths read and written"):
 * for each command of the RUN-command model, the paths it reads and writes
 * -- its operands and option values as the tool tables say (knowledge/
 * tools.h: file tools; pkgmgr.h: system package managers and the commands
 * that read nothing of the project), the home a user tool makes, its
 * redirections -- whether it installs into the system's own directories
 * (pkgmgr.h: lf_pkg_dirs), and what it downloads.
 *
 * The answer errs on the safe side: a program the tables do not know, code
 * the analysis cannot read (a script, `sh -c`, xargs, eval), a word known
 * only at build time where a path may be (`$(cat list)`, an ARG without a
 * value), a relative path in a directory known only at build time make the
 * command's effect unknown, with the reason. A word that looks like a path
 * (`/x`, `./x`, `../x`, `~/x`, a package file) counts as read and written
 * whatever the tables say the word is.
 */
#ifndef LF_EFFECTS_H
#define LF_EFFECTS_H

#include "buf.h"
#include "model.h"
#include "run_model.h"
#include "strv.h"
#include "vars.h"

#include <stdbool.h>

typedef struct lf_path_use {
    char *path; /* absolute, normalised; a directory stands for everything below it */
    bool write; /* written (created, changed or removed), else only read */
} lf_path_use;

typedef struct lf_effect {
    bool known;     /* nothing is read or written but what this says */
    char *why;      /* !known: a clause saying why ("`./setup.sh` runs code ...") */
    bool system;    /* it installs into, or configures, the system's directories */
    bool network;   /* it downloads */
    char *floating; /* a URL it downloads that names no fixed version, or NULL */
    bool cwd;       /* it resolves a path against the RUN's WORKDIR */
    lf_path_use *paths;
    size_t npaths, cap;
} lf_effect;

typedef struct lf_run_effects {
    lf_effect all;   /* the whole RUN: its commands, redirections and mounts */
    lf_effect run;   /* what is the RUN's own: its mounts, redirections no command
                        owns, commands that cannot be read */
    lf_effect *cmds; /* one per command of the model, in its order */
    size_t ncmds;
    bool binds_context; /* a RUN --mount=type=bind of the build context */
    lf_strv vars;       /* the variables its text names ($NAME, ${NAME...}) */
    lf_strv programs;   /* the programs it runs, normalised */
} lf_run_effects;

/* What the RUN's environment is, for expanding its words. */
typedef struct lf_effects_env {
    const lf_vars *env;  /* ENV and ARG in effect */
    const char *home;    /* the HOME of its user, NULL: unknown */
    const char *workdir; /* absolute, NULL: unknown */
} lf_effects_env;

/* Reads the effects of RUN in, whose model is m (analysis.c calls it; the
 * passes ask lf_analysis_effects). */
void lf_run_effects_build(lf_run_effects *e, const lf_doc *doc, const lf_instr *in,
                          const lf_run_model *m, const lf_effects_env *env);
void lf_run_effects_free(lf_run_effects *e);

/* Does e read or write anything at or below dir (absolute, normalised), or
 * may it (not known)? When it does, why gets a clause saying what: the path,
 * the system's directories, or why the effect is not known. */
bool lf_effect_touches(const lf_effect *e, const char *dir, lf_buf *why);
/* Does it write anything at or below dir? */
bool lf_effect_writes(const lf_effect *e, const char *dir);
/* Is dir one of the directories distribution packages install into or
 * configure (lf_pkg_dirs, not lf_local_dirs), or an ancestor of one? */
bool lf_dir_is_system(const char *dir);
/* Does the RUN read the variable name: its text names it, every program
 * reads it (PATH, HOME...), the system's tools and downloads read it and it
 * runs some (proxies, locale...), or it is named after one of the RUN's
 * programs (`APT_...`, `npm_config_...`)? */
bool lf_run_reads_var(const lf_run_effects *e, const char *name);

#endif
