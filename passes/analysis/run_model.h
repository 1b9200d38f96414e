/*
 * The RUN-command model (design.md "Data flow": analysis): one reading of a
 * RUN's shell -- the tree-sitter-bash tree, heredoc bodies included -- into
 * the simple commands it runs, each with its effective words (after `NAME=x`
 * prefixes and the wrappers of the tool table: sudo, env, gosu...), the
 * program normalised once, the package manager it is (from the knowledge
 * table), the directory it runs in (`cd` and the WORKDIR followed), the
 * variables it sees (`export` earlier in the RUN, its own assignments), and
 * where it sits in the RUN (top level, after `||`...). The commands of a
 * `sh -c '...'` string follow, read-only. An exec-form RUN is one command.
 */
#ifndef LF_RUN_MODEL_H
#define LF_RUN_MODEL_H

#include "model.h"
#include "pkgmgr.h"
#include "vars.h"

#include <stdbool.h>

typedef struct lf_word {
    char *s;      /* quotes removed, variables left as written */
    lf_span span; /* in the document ({0, 0} when not editable) */
    bool dyn;     /* holds an expansion ($VAR, `cmd`) */
    bool glob;    /* holds an unquoted glob character: the shell may expand it */
} lf_word;

typedef struct lf_assign {
    char *text;   /* NAME=value, quotes removed */
    lf_span span; /* in the document ({0, 0} when not editable) */
} lf_assign;

typedef struct lf_cmd {
    lf_word *w; /* the effective words; w[0] is the program */
    size_t n, cap;
    lf_assign *assign; /* `NAME=value` that apply to it (prefixes, env's) */
    size_t nassign, capa;
    TSNode node;    /* the `command` node; a null node for exec form and `sh -c` */
    lf_span span;   /* the whole command as written (assignments, wrappers) */
    bool editable;  /* spans are offsets of the document */
    bool top_level; /* directly in the RUN's top-level && / ; / newline list */
    bool after_or;  /* runs only if something before it failed (`a || b`) */
    bool before_or; /* its failure is tolerated (`a || b`) */
    bool inner;     /* one of the commands of a `sh -c` string */
    int stmt;       /* its top-level statement (lf_run_model.stmts), or -1 */
    char *cwd;      /* the directory it runs in, absolute; NULL: unknown */
    char *cwd_sym;  /* the same, symbolic (paths.h: lf_wd_join); NULL: unknown */
    lf_vars env;    /* the RUN's exports before it, then its own assignments */
    /* a wrapper runs it as another user (sudo -u NAME, gosu NAME): that
     * user's name as written, NULL: the RUN's user; run_as_home: HOME is
     * that user's (sudo -H, gosu) */
    char *run_as;
    bool run_as_home;
    bool via_system_wrapper; /* a wrapper that reads the user database or its policy (sudo) */
    const lf_pm *pm;         /* the package manager, or NULL */
    size_t prog;             /* index of its program word (after `python -m`, `corepack`) */
    char progname[64];       /* the program, normalised (lf_tool_normalize) */
} lf_cmd;

/* A top-level statement of the RUN: `a && b; c` gives a, b, c. */
typedef struct lf_stmt {
    TSNode node;
    bool after_or; /* the operator before it is `||` */
} lf_stmt;

typedef struct lf_run_model {
    int instr;
    bool readable; /* the commands are known: shell form parsed, or exec form */
    lf_cmd *cmds;
    size_t ncmds, capc;
    lf_stmt *stmts;
    size_t nstmts, caps;
} lf_run_model;

/* Reads RUN in (shell form with a bash tree, heredoc RUNs, exec form) whose
 * WORKDIR is workdir (absolute, or NULL when unknown) and workdir_sym
 * (symbolic). bash is a parser for `sh -c` strings (*bash NULL: made on
 * first use; the caller deletes it). */
void lf_run_model_build(lf_run_model *m, const lf_doc *doc, const lf_instr *in, const char *workdir,
                        const char *workdir_sym, TSParser **bash);
void lf_run_model_free(lf_run_model *m);

/* --- a command's arguments ------------------------------------------------------- */

/* Positional words of a package-manager command (indexes into c->w), its
 * options skipped with their values (the table's value_opts). */
size_t lf_cmd_positionals(const lf_cmd *c, size_t *pos, size_t cap);
/* Is the option given (`--opt`, `--opt=x`)? */
bool lf_cmd_has_option(const lf_cmd *c, const char *opt);
/* Does pattern ("mod download", "", "clean -modcache": positional words,
 * then options that must be present) match the command? */
bool lf_cmd_matches(const lf_cmd *c, const char *pattern);
/* The word holding the value of option opt (`--opt v`: v; `--opt=v` and
 * `-Dkey=v`: that word), or NULL. */
const lf_word *lf_cmd_option_value(const lf_cmd *c, const char *opt);
/* The value itself (after `--opt=` when it is one word). */
const char *lf_cmd_option_text(const lf_cmd *c, const char *opt);
/* The command's words joined by spaces (for messages), in buf. */
const char *lf_cmd_text(const lf_cmd *c, lf_buf *buf);
/* The index of the statement of m that command c is, or -1. */
int lf_run_model_stmt_of(const lf_run_model *m, const lf_cmd *c);

#endif
