/*
 * Simple commands in shell text that is not a Dockerfile RUN: a CI
 * workflow's `run:` script, a GitLab CI `script:` line, a shell script, a
 * Makefile recipe. The text is read in place (a byte range of the file), so
 * every word keeps its offsets for notes; only what CI lines need is
 * understood: words with quotes removed, `$(...)`, `${...}` and backquotes
 * kept whole inside a word, comments, `\` line continuations, and the
 * separators `;` `&&` `||` `|` `&` `(` `)` and newlines between commands.
 * Redirections (`>file`, `2>&1`) are dropped with their target.
 */
#ifndef LF_CMDSCAN_H
#define LF_CMDSCAN_H

#include <stdbool.h>
#include <stddef.h>

enum {
    /* newlines separate words, not commands (a folded YAML scalar) */
    LF_CMDSCAN_FOLD = 1 << 0,
    /* Makefile recipe lines: leading `@`, `-`, `+` are dropped, `$$` is `$` */
    LF_CMDSCAN_MAKE = 1 << 1,
};

typedef struct lf_word {
    size_t start, end; /* as written in the text */
    char *text;        /* quotes removed (owned) */
} lf_word;

typedef struct lf_cmd {
    lf_word *w;
    size_t n, cap;
} lf_cmd;

typedef struct lf_cmds {
    lf_cmd *items;
    size_t n, cap;
} lf_cmds;

/* Appends the commands of text[start..end) to out. */
void lf_cmds_scan(lf_cmds *out, const char *text, size_t start, size_t end, unsigned flags);
void lf_cmds_free(lf_cmds *c);

/* The index of the command's program word after `NAME=value` prefixes and
 * the wrappers of the knowledge table (sudo, env...), or c->n when none. */
size_t lf_cmd_program(const lf_cmd *c);
/* The program name without its directory (`/usr/bin/git` -> `git`). */
const char *lf_word_base(const lf_word *w);
/* Is the word an assignment `NAME=value` (a valid shell name before '=')? */
bool lf_word_is_assign(const lf_word *w);

#endif
