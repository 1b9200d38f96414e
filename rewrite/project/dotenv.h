/*
 * Compose's variables: the project's `.env` file and the interpolation of
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` in compose values.
 *
 * The process environment is never read (the result must not depend on
 * where layerfix runs), so a variable is set only when a `.env` file sets it.
 */
#ifndef LF_DOTENV_H
#define LF_DOTENV_H

#include "buf.h"
#include "strmap.h"

#include <stddef.h>

/* Interpolates s[0..n) with vars (NULL: none set) into out. Returns 0, or -1
 * with the variable that decides the value but is not set (or the template
 * compose would refuse) in var: `${VAR}` and `$VAR` unset, `${VAR:?err}`
 * unset or empty, `${VAR:+alt}` unset. */
int lf_compose_interpolate(const char *s, size_t n, const lf_strmap *vars, lf_buf *out,
                           lf_buf *var);

/* Reads a .env text into vars, the way compose does: `KEY=VALUE` and
 * `export KEY=VALUE` lines, `#` comment lines and ` #` comments after
 * unquoted values, 'single' quotes literal, "double" quotes with \n \t \r
 * \\ \" \$ escapes, both of them across lines, unquoted values trimmed;
 * unquoted and double-quoted values interpolated with the variables set
 * before them. A line without `=`, or whose value needs a variable that is
 * not set, sets nothing. */
void lf_dotenv_parse(lf_strmap *vars, const char *text, size_t len);

/* lf_dotenv_parse of the file at path. Returns 1 when read, 0 when there
 * is no such file, -1 with `FILE: error: ...` in err when it cannot be read. */
int lf_dotenv_load(lf_strmap *vars, const char *path, lf_buf *err);

#endif
