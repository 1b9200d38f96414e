/*
 * Facts about the programs a RUN runs that are not package managers (those
 * are pkgmgr.h): wrappers that run the rest of their words as a command
 * (sudo, env...), shells, programs that run code we cannot read, the
 * user-administration tools and their options, and the few programs whose
 * effect on files the analysis models (rm, cd). The analysis
 * (passes/analysis/run_model.c) reads commands through these tables; no
 * pass names a program itself.
 */
#ifndef LF_TOOLS_H
#define LF_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

/* A program that runs the rest of its words as a command. */
typedef struct lf_tool_wrapper {
    const char *name;
    const char *short_with_value;       /* its one-letter options that take a value */
    const char *const *long_with_value; /* its long options that take a value */
    bool assigns;                  /* NAME=value words before the command set variables (env) */
    const char *const *user_opts;  /* options that name the user the command runs as */
    const char *const *login_opts; /* options that also set HOME to that user's (sudo -H) */
    bool user_is_first_word;       /* the first positional word is the user (gosu, su-exec) */
} lf_tool_wrapper;

/* The wrapper named prog (a basename), or NULL. */
const lf_tool_wrapper *lf_tool_wrapper_find(const char *prog);

/* POSIX-like shells: `sh -c 'script'` runs the script. */
bool lf_tool_is_shell(const char *prog);
/* Shells of Windows images (PowerShell, cmd): a SHELL running one marks a
 * Windows stage. */
bool lf_tool_is_windows_shell(const char *prog);
/* Programs that run code the analysis cannot read: shells, eval, source,
 * xargs, su... and any path or *.sh script. */
bool lf_tool_runs_code(const char *prog);
/* Shell commands that only set the shell up for the next ones (`set -e`,
 * `cd DIR`, `export X=1`, `umask`, `:`...): a step is named after what
 * follows them. */
bool lf_tool_is_setup(const char *prog);
/* Subcommands that run another command or script (`npm run build`, `go
 * mod download`, `bundle exec rake`, `pnpm dlx`, `uv pip`, `uv tool`): the
 * word after them names what runs. */
bool lf_tool_subcommand_runs(const char *word);
/* The program name without its directory and without a version suffix the
 * table knows (`/usr/bin/pip3.12` -> `pip`, `python3.11` -> `python`). */
void lf_tool_normalize(const char *word, char *out, size_t cap);

/* Programs whose effect the analysis models. */
typedef enum {
    LF_TOOL_OTHER,
    LF_TOOL_CD,     /* changes the directory of the commands after it */
    LF_TOOL_RM,     /* removes its operands */
    LF_TOOL_EXPORT, /* sets variables for the commands after it */
} lf_tool_kind;
lf_tool_kind lf_tool_kind_of(const char *prog);

/* --- creating users and groups ------------------------------------------------ */

typedef enum {
    LF_UA_USERADD, /* useradd: the GNU shadow tool */
    LF_UA_ADDUSER, /* adduser: Debian's, or BusyBox's */
    LF_UA_USERMOD,
    LF_UA_GROUPADD, /* groupadd, addgroup */
} lf_ua_kind;

/* What an option of a user tool says. */
typedef enum {
    LF_UA_OPT_UID,    /* the user's id */
    LF_UA_OPT_GID,    /* the primary group: a number, or a group name */
    LF_UA_OPT_GROUP,  /* the primary group by name */
    LF_UA_OPT_HOME,   /* the home directory */
    LF_UA_OPT_BASE,   /* the directory the home is made in */
    LF_UA_OPT_SYSTEM, /* a system account (a flag) */
    LF_UA_OPT_VALUE,  /* any other option with a value */
} lf_ua_opt_role;

typedef struct lf_ua_opt {
    const char *opt;
    lf_ua_opt_role role;
} lf_ua_opt;

typedef struct lf_user_tool {
    const char *const *programs;
    lf_ua_kind kind;
    const lf_ua_opt *opts; /* ends with a NULL opt */
    /* the home of a system account made with long options (Debian's
     * adduser --system), NULL: the usual /home/NAME */
    const char *system_home;
} lf_user_tool;

/* The user tool named prog (a basename), or NULL. */
const lf_user_tool *lf_user_tool_find(const char *prog);
/* The role of option opt (`-u`, `--uid`) for tool t; false when the table
 * does not know it (a flag without a value). */
bool lf_user_tool_opt(const lf_user_tool *t, const char *opt, lf_ua_opt_role *role);
/* Where homes are made when no option says otherwise. */
extern const char *const lf_user_home_base;

#endif
