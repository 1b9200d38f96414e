/*
 * The arguments of one Dockerfile instruction as BuildKit's parser hands
 * them to its dispatcher, read from the instruction's logical line (the
 * model's `joined`): the flags, then per keyword the name=value pairs of
 * ENV and LABEL, the JSON-or-shell form of CMD, ENTRYPOINT, SHELL and
 * VOLUME, the white-space separated words of EXPOSE and FROM.
 */
#ifndef LF_BKARGS_H
#define LF_BKARGS_H

#include "buf.h"
#include "strv.h"

#include <stddef.h>

typedef struct lf_bk_args {
    lf_strv flags;    /* `--name=value` as scanned */
    const char *text; /* the arguments after the flags, trimmed (points into the line) */
    size_t len;
} lf_bk_args;

/* Skips the keyword and scans the flags of a logical line. */
void lf_bk_args_split(const char *line, size_t len, lf_bk_args *out);
void lf_bk_args_free(lf_bk_args *a);

/* The value of flag `--name=...` (the last one given), or NULL. */
const char *lf_bk_args_flag(const lf_bk_args *a, const char *name);

/* ENV and LABEL (parseNameVal): names and raw values (quotes and escapes
 * kept: they go through lf_bk_word). The legacy form `ENV NAME value`
 * gives one pair whose value is the rest of the line. Returns 0, or -1 with
 * BuildKit's message in err. */
int lf_bk_name_values(const char *s, size_t len, char escape, const char *what, lf_strv *names,
                      lf_strv *values, lf_buf *err);

/* CMD, ENTRYPOINT, SHELL, RUN (parseMaybeJSON): 1 and the strings for a
 * JSON array of strings, 0 and the whole text as one string otherwise, -1
 * for a JSON array with other elements. */
int lf_bk_maybe_json(const char *s, size_t len, lf_strv *out);

/* EXPOSE, FROM, and VOLUME's shell form: split at runs of white space,
 * quotes not considered. */
void lf_bk_split_blanks(const char *s, size_t len, lf_strv *out);

#endif
