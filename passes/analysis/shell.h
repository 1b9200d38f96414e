/*
 * Reading a RUN's shell text for the passes: the simple commands it runs,
 * each with its effective argument words (after `VAR=x` prefixes and the
 * wrappers of the tool table: sudo, env, gosu...), whether it sits directly
 * in the RUN's top-level command list (not inside a pipeline, subshell,
 * condition, loop or function), and the style the author used to chain
 * commands (`&&` at line start or end, continuation indentation).
 */
#ifndef LF_SHELL_H
#define LF_SHELL_H

#include "model.h"

#include <stdbool.h>

#define LF_SHELL_MAX_ARGS 64

typedef struct lf_shell_cmd {
    TSNode node;                     /* the `command` node */
    lf_span span;                    /* the whole command, assignments and wrappers included */
    lf_span argv[LF_SHELL_MAX_ARGS]; /* effective words; argv[0] is the program */
    size_t argc;
    bool top_level; /* directly in the RUN's top-level && / ; / newline list */
    bool after_or;  /* runs only if something before it failed (`a || b`) */
} lf_shell_cmd;

typedef struct lf_shell_cmds {
    lf_shell_cmd *items;
    size_t n, cap;
} lf_shell_cmds;

/* All simple commands of a RUN in source order (none for exec form, a
 * non-POSIX shell, or a RUN bash could not parse). */
void lf_shell_commands(const lf_doc *doc, const lf_instr *in, lf_shell_cmds *out);
void lf_shell_cmds_free(lf_shell_cmds *c);

/* A raw shell word with its quotes (and backslash escapes) removed, into
 * out (cleared first). */
void lf_shell_unquote_word(const char *s, size_t n, lf_buf *out);
/* Does word w, with quotes removed, equal s? */
bool lf_shell_word_is(const lf_doc *doc, lf_span w, const char *s);
/* The word with quotes removed, into out (cleared first). */
void lf_shell_word_text(const lf_doc *doc, lf_span w, lf_buf *out);
/* A Dockerfile word (a COPY source, a path) with its quotes removed and
 * nothing else processed, into out (cleared first). */
void lf_shell_unquote(const char *s, size_t len, lf_buf *out);
/* The program name of a command without its directory (`/usr/bin/apt-get` -> `apt-get`). */
bool lf_shell_program_is(const lf_doc *doc, const lf_shell_cmd *c, const char *name);

/* How the author chains commands inside one RUN. */
typedef struct lf_shell_style {
    bool multiline;         /* the RUN spans several lines through continuations */
    bool and_at_line_start; /* `\` + newline + indent + `&& cmd` */
    char indent[64];        /* indentation of continuation lines ("    ") */
    const char *nl;         /* newline of the file ("\n" or "\r\n") */
    char escape;            /* the file's escape character */
} lf_shell_style;

void lf_shell_style_of(const lf_doc *doc, const lf_instr *in, lf_shell_style *st);

#endif
