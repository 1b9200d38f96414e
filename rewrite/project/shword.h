/*
 * Reading shell words the way the shell would expand them, as far as that is
 * known without running anything (see buildcmd.h): the state of a shell run
 * (variables, working directory) and the expansion of one word node of a
 * tree-sitter-bash tree.
 */
#ifndef LF_SHWORD_H
#define LF_SHWORD_H

#include "buf.h"
#include "buildcmd.h"
#include "strmap.h"

#include <stdbool.h>
#include <tree_sitter/api.h>

typedef struct lf_sh {
    const lf_shell_input *in;
    const char *script_abs; /* $0, absolute; NULL when not a script */
    const char *root_abs;   /* the repository root, absolute */
    lf_strmap vars;
    lf_buf cwd;  /* the working directory, usable from the current directory */
    bool cwd_ok; /* false after a `cd` that could not be resolved */
    int depth;   /* nesting of substitutions, loops, subshells */
    int nesting; /* of lf_sh_word */
} lf_sh;

/* A copy of s (variables and working directory) for a subshell. */
void lf_sh_copy(lf_sh *to, const lf_sh *from);
void lf_sh_free(lf_sh *s);

/* The text of node n. */
void lf_sh_text(const lf_sh *s, TSNode n, lf_buf *out);

/* Expands word node n (word, string, raw_string, concatenation, expansions,
 * command substitutions...) into out. Returns false when the value cannot
 * be known. */
bool lf_sh_word(lf_sh *s, TSNode n, lf_buf *out);

/* Is n an unquoted expansion whose value cannot be known (it may stand for
 * any number of words, flags among them)? */
bool lf_sh_opaque(lf_sh *s, TSNode n);

/* The working directory joined with path (as is when absolute), cleaned;
 * false when the working directory is not known and path is relative. */
bool lf_sh_path(const lf_sh *s, const char *path, lf_buf *out);

/* One word of a command line after expansion. */
typedef struct lf_shword {
    char *text;  /* the value when known */
    bool known;  /* text is what the shell passes */
    bool opaque; /* an unquoted expansion (or "$@") that cannot be known: any
                    number of words, flags among them */
} lf_shword;

typedef struct lf_shwords {
    lf_shword *v;
    size_t n, cap;
} lf_shwords;

/* The words of a command (its name and arguments; assignments and
 * redirections left out), arrays (`"${ARGS[@]}"`) expanded into their
 * elements. */
void lf_sh_command_words(lf_sh *s, TSNode cmd, lf_shwords *out);
void lf_shwords_free(lf_shwords *w);

/* NAME=VALUE, NAME=(ELEMENTS...), NAME+=(...) as a statement: the variable
 * is set when its value is known, else unset. */
void lf_sh_assign(lf_sh *s, TSNode assignment);

/* `cd`, `pushd` to the word w (NULL: no argument, the home directory). */
void lf_sh_cd(lf_sh *s, const lf_shword *w);

/* The value a command substitution `$(...)` / backticks gives, for the
 * commands whose output is a known path: pwd, dirname, realpath,
 * `readlink -f`, `git rev-parse --show-toplevel`, after `cd` in the same
 * substitution. */
bool lf_sh_substitution(lf_sh *s, TSNode n, lf_buf *out);

#endif
