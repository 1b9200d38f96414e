/*
 * What a RUN reads from its environment without naming it in its own text:
 * every declared build ARG and ENV is in the environment of a RUN, so a
 * command that prints the whole environment, or a script file or Makefile
 * the RUN runs, may read a variable the RUN's text never names.
 */
#ifndef LF_ENV_READS_H
#define LF_ENV_READS_H

#include "analysis.h"

#include <stdbool.h>

/* Reads the build-context file rel into out (0), or fails (-1). */
typedef int (*lf_read_fn)(void *arg, const char *rel, lf_buf *out);

/* Does RUN instr read variable name[0..nl) from its environment without
 * naming it: a command that prints the environment (`env`, `printenv`,
 * `set`, `export -p`, `declare -p`), or a file it runs (a script by path,
 * `sh FILE`, `python FILE`..., `make` and its Makefile) whose text names it
 * or cannot be read? A file is read from the build context through the
 * COPY/ADD that put it in the image (read, arg); one that cannot be read
 * counts as reading it; one no COPY put there (the base image's) does not. */
bool lf_run_reads_env(const lf_analysis *a, int instr, const char *name, size_t nl, lf_read_fn read,
                      void *arg);

#endif
