/*
 * The volatile-ARG knowledge table (design.md "The passes" 3): build
 * arguments whose value changes on every build (a timestamp, the commit
 * being built, the CI run's number). A declared ARG enters the environment
 * of every later RUN of its stage, so such an ARG re-runs all of them; the
 * late-volatile-args pass moves it down to its first use, and a LABEL that
 * reads it (which would keep it above the RUNs) to the end of its stage.
 *
 * Names are matched case-insensitively (`build_date` and `BUILD_DATE` are
 * both common spellings); an entry may be a prefix (CI_*). Names given with
 * `--volatile-arg=NAME` are added by the caller and matched exactly.
 */
#ifndef LF_VOLATILE_H
#define LF_VOLATILE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_volatile_arg {
    const char *name; /* the ARG name, or its first characters when prefix is set */
    bool prefix;      /* any name starting with `name` (CI_COMMIT_SHA for CI_) */
    const char *why;  /* why its value changes from one build to the next */
} lf_volatile_arg;

extern const lf_volatile_arg lf_volatile_args[];
extern const size_t lf_nvolatile_args;

/* The table entry that name[0..len) matches, or NULL. */
const lf_volatile_arg *lf_volatile_arg_find(const char *name, size_t len);

/* Is ARG name[0..len) volatile: in the table, or equal to one of the extra
 * names (--volatile-arg)? */
bool lf_volatile_arg_is(const char *name, size_t len, const char *const *extra, size_t nextra);

#endif
