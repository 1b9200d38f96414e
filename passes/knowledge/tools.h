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
    bool reads_system;             /* it reads the system's user database and its own policy
                                      (/etc/passwd, /etc/sudoers) */
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

/* Builtins that change the shell's own state for the commands after them
 * (options, variables, traps, the umask, the directory stack...): a RUN
 * split after one would lose it. */
bool lf_tool_sets_shell_state(const char *prog);

/* Programs whose effect the analysis models. */
typedef enum {
    LF_TOOL_OTHER,
    LF_TOOL_CD,     /* changes the directory of the commands after it */
    LF_TOOL_RM,     /* removes its operands */
    LF_TOOL_EXPORT, /* sets variables for the commands after it */
} lf_tool_kind;
lf_tool_kind lf_tool_kind_of(const char *prog);

/* --- what programs do to files -------------------------------------------------- */

/* What a word of a command names, for the analysis of what a RUN reads
 * and writes (passes/analysis/effects.c). */
typedef enum {
    LF_FX_NONE,  /* not a path: a package or locale name, a mode, text */
    LF_FX_READ,  /* a path it reads */
    LF_FX_WRITE, /* a path it writes (creates, changes or removes) */
    LF_FX_RW,    /* a path it reads and writes */
    LF_FX_URL,   /* a URL it downloads (a word without `://` is read as a path) */
    LF_FX_DATA,  /* text, or `@FILE`: a path it reads (curl --data, --header) */
} lf_fx_role;

typedef struct lf_fx_opt {
    const char *opt; /* `-o`, `--output` (a long one also as `--output=x`) */
    lf_fx_role role; /* of its value */
} lf_fx_opt;

/* Flags of a file tool. */
enum {
    /* it installs into or configures the system's own directories (pkgmgr.h:
     * lf_pkg_dirs): locales, time zones, shared-library links, certificates */
    LF_FT_SYSTEM = 1 << 0,
    /* the last operand is written, the others read (cp, mv, ln, install) */
    LF_FT_LAST_WRITES = 1 << 1,
    /* the first operand is not a path (chmod's mode, chown's owner; sed's
     * script unless -e or -f gives it) */
    LF_FT_FIRST_NOT_PATH = 1 << 2,
    /* it writes into the current directory unless an option with a WRITE
     * value says where (wget, tar -x, unzip) */
    LF_FT_CWD = 1 << 3,
    /* its first word may be a cluster of short options without `-` (`tar xzf`) */
    LF_FT_BARE_CLUSTER = 1 << 4,
    /* it fetches from the network */
    LF_FT_NETWORK = 1 << 5,
    /* with no operand it reads the current directory (ls, du) */
    LF_FT_CWD_DEFAULT = 1 << 6,
};

typedef struct lf_file_tool {
    const char *const *programs;
    lf_fx_role operands;   /* what its positional words are */
    const lf_fx_opt *opts; /* options that take a value, with the value's role */
    /* flag options that make it write into the current directory (curl -O) */
    const char *const *cwd_opts;
    /* flag options that make its READ operands written too (sed -i) */
    const char *const *rw_opts;
    /* options that give what LF_FT_FIRST_NOT_PATH's first operand would
     * (sed -e, -f): with one of them, every operand has the operands' role */
    const char *const *script_opts;
    unsigned flags;   /* LF_FT_* */
    const char *home; /* a directory below HOME it writes (gpg: .gnupg), or NULL */
} lf_file_tool;

/* The file tool named prog (a basename), or NULL. */
const lf_file_tool *lf_file_tool_find(const char *prog);

/* Variables that change what programs do whatever their name: every
 * program's (PATH, HOME, the dynamic linker...), and, with system, also
 * those the system's tools and downloads read (proxies, locale, the Debian
 * front end, apt's and dpkg's own...). */
bool lf_tool_reads_ambient_env(const char *name, bool system);

/* Words of a URL that say it follows whatever is newest (`latest`,
 * `main`, `nightly`...): a download from it is not pinned. */
extern const char *const lf_url_floating_words[];

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
