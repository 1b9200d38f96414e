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

typedef struct ci_word {
    size_t start, end; /* as written in the text */
    char *text;        /* quotes removed (owned) */
} ci_word;

typedef struct ci_cmd {
    ci_word *w;
    size_t n, cap;
} ci_cmd;

typedef struct ci_cmds {
    ci_cmd *items;
    size_t n, cap;
} ci_cmds;

/* Appends the commands of text[start..end) to out. */
void ci_cmds_scan(ci_cmds *out, const char *text, size_t start, size_t end, unsigned flags);
void ci_cmds_free(ci_cmds *c);

/* The index of the command's program word after `NAME=value` prefixes and
 * the wrappers of the knowledge table (sudo, env...), or c->n when none. */
size_t ci_cmd_program(const ci_cmd *c);
/* The program name without its directory (`/usr/bin/git` -> `git`). */
const char *ci_word_base(const ci_word *w);
/* Is the word an assignment `NAME=value` (a valid shell name before '=')? */
bool ci_word_is_assign(const ci_word *w);

#endif
