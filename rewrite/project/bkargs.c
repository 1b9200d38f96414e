/*
 * Instruction arguments the way BuildKit's parser splits them (see
 * bkargs.h); the scanners are the ones the parser dump uses (bkdump.h).
 */
#include "bkargs.h"

#include "bkdump.h"
#include "json.h"

#include <string.h>

static int is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_sep(**s))
        (*s)++, (*len)--;
    while (*len && is_sep((*s)[*len - 1]))
        (*len)--;
}

void lf_bk_args_split(const char *line, size_t len, lf_bk_args *out)
{
    memset(out, 0, sizeof *out);
    trim(&line, &len);
    size_t k = 0;
    while (k < len && !is_sep(line[k]))
        k++;
    while (k < len && is_sep(line[k]))
        k++;
    size_t off = k + lf_bk_parse_flags(&out->flags, line + k, len - k);
    out->text = line + off;
    out->len = len - off;
    trim(&out->text, &out->len);
}

void lf_bk_args_free(lf_bk_args *a)
{
    lf_strv_free(&a->flags);
}

const char *lf_bk_args_flag(const lf_bk_args *a, const char *name)
{
    const char *found = NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i < a->flags.n; i++) {
        const char *f = a->flags.items[i].s;
        if (strncmp(f, "--", 2) == 0 && strncmp(f + 2, name, n) == 0 && f[2 + n] == '=')
            found = f + 3 + n;
    }
    return found;
}

int lf_bk_name_values(const char *s, size_t len, char escape, const char *what, lf_strv *names,
                      lf_strv *values, lf_buf *err)
{
    lf_strv words = LF_STRV_INIT;
    int rc = 0;
    lf_bk_parse_words(&words, s, len, escape);
    if (words.n > 0 && !memchr(words.items[0].s, '=', words.items[0].len)) {
        size_t k = 0;
        while (k < len && !is_sep(s[k]))
            k++;
        size_t v = k;
        while (v < len && is_sep(s[v]))
            v++;
        if (k == len) {
            lf_buf_printf(err, "%s must have two arguments", what);
            rc = -1;
        } else {
            lf_strv_push(names, s, k);
            lf_strv_push(values, s + v, len - v);
        }
        lf_strv_truncate(&words, 0);
    }
    for (size_t i = 0; rc == 0 && i < words.n; i++) {
        const lf_str *w = &words.items[i];
        const char *eq = memchr(w->s, '=', w->len);
        if (!eq) {
            lf_buf_printf(err,
                          "Syntax error - can't find = in \"%s\". Must be of the form: "
                          "name=value",
                          w->s);
            rc = -1;
            break;
        }
        lf_strv_push(names, w->s, (size_t)(eq - w->s));
        lf_strv_push(values, eq + 1, w->len - (size_t)(eq - w->s) - 1);
    }
    lf_strv_free(&words);
    return rc;
}

int lf_bk_maybe_json(const char *s, size_t len, lf_strv *out)
{
    size_t had = out->n;
    lf_json_kind k = lf_json_string_array(s, len, out);
    if (k == LF_JSON_STRINGS)
        return 1;
    lf_strv_truncate(out, had);
    if (k == LF_JSON_NOT_STRINGS)
        return -1;
    if (len > 0)
        lf_strv_push(out, s, len);
    return 0;
}

void lf_bk_split_blanks(const char *s, size_t len, lf_strv *out)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && is_sep(s[i]))
            i++;
        size_t start = i;
        while (i < len && !is_sep(s[i]))
            i++;
        if (i > start)
            lf_strv_push(out, s + start, i - start);
    }
}
