/*
 * The image builds a piece of shell runs: `docker build`, `docker buildx
 * build`, `docker image build`, `podman build`, `buildah bud|build`,
 * `nerdctl build` and kaniko's `executor`, with their Dockerfile (`-f`,
 * `--file`, kaniko's `--dockerfile`; by default CONTEXT/Dockerfile, for
 * podman and buildah CONTEXT/Containerfile when it exists) and context (the
 * one positional argument; kaniko's `--context`).
 *
 * The shell text is parsed with tree-sitter-bash, so words are split the way
 * the shell splits them (quotes, backslashes, continuations, `$(...)`), and
 * read the way the shell would run them, as far as that can be known
 * without running anything:
 *  - variables assigned literal values (`X=a`, `export X=a`, `local`,
 *    `${X:-default}`, `${X:=default}`, and the ones the caller knows) are
 *    expanded; a word that needs any other variable cannot be resolved;
 *  - `cd DIR` / `pushd DIR` change the working directory for what follows
 *    (not past a subshell, a pipeline or a function body); `cd` to what
 *    cannot be resolved makes relative paths unknown until the end;
 *  - `$(pwd)`, `$PWD`, `$(dirname X)`, `${X%/...}` (dirname), `$(cd X && pwd)`,
 *    `$(realpath X)`, `$(git rev-parse --show-toplevel)`, and `$0` /
 *    `${BASH_SOURCE[0]}` (the script's own path) are understood;
 *  - `for V in WORDS; do ...; done` runs its body once per word;
 *  - wrappers (sudo, env, command, exec, time, nice, nohup) are stepped over.
 * A build whose Dockerfile or context cannot be resolved is left out, and so
 * is one whose flags leave more or less than one positional argument.
 * `docker build - < FILE` and `cat FILE | docker build -` build FILE from
 * standard input, with no context; `docker build -f - DIR < FILE` builds FILE
 * with the context DIR. `--target STAGE` (kaniko's too) is read when its
 * value is known.
 */
#ifndef LF_BUILDCMD_H
#define LF_BUILDCMD_H

#include "strmap.h"

#include <stddef.h>

typedef struct lf_buildcmd {
    const char *dockerfile; /* a path usable from the current directory */
    const char *context;    /* the same, NULL: built from standard input */
    const char *tool;       /* "docker build", "podman build", "buildah bud", "kaniko", ... */
    size_t line;            /* 1-based line of the command in the text */
    const char *target;     /* `--target STAGE`; NULL: none, or not known */
} lf_buildcmd;

typedef void (*lf_buildcmd_fn)(void *arg, const lf_buildcmd *c);

typedef struct lf_shell_input {
    const char *text;
    size_t len;
    /* The directories the text may start in (paths usable from the current
     * directory). Each is tried; a build counts from the first one where its
     * Dockerfile exists (and its context is a directory), and not at all when
     * two of them give different existing Dockerfiles or contexts. */
    const char *const *bases;
    size_t nbases;
    const char *script;    /* the script's own path ($0), NULL when not a script */
    const char *root;      /* the repository root (`git rev-parse --show-toplevel`) */
    const lf_strmap *vars; /* variables known to be set before the text runs (may be NULL) */
} lf_shell_input;

/* Calls fn for every build found, in text order. */
void lf_buildcmd_scan(const lf_shell_input *in, lf_buildcmd_fn fn, void *arg);

/* Does text mention one of the build tools at all (a quick filter before
 * parsing)? */
int lf_buildcmd_maybe(const char *text, size_t len);

#endif
