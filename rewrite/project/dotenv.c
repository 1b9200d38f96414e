/* Compose's .env files and interpolation (dotenv.h). */
#include "dotenv.h"

#include "compose.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static bool name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

static int interp(const char *s, size_t n, const lf_strmap *vars, lf_buf *out, lf_buf *var,
                  int depth);

/* ${NAME OP WORD}: s[a..e) is NAME, s[e..j) the rest (operator and word). */
static int braced(const char *s, size_t a, size_t e, size_t j, const lf_strmap *vars, lf_buf *out,
                  lf_buf *var, int depth)
{
    const char *val = lf_strmap_getn(vars, s + a, e - a);
    bool colon = e < j && s[e] == ':';
    size_t op = colon ? e + 1 : e;
    char kind = op < j ? s[op] : 0;
    bool set = val != NULL, full = val && *val;
    bool have = colon ? full : set; /* what the operator tests */
    if (e == j) {                   /* ${NAME} */
        if (!set)
            goto needs;
        lf_buf_adds(out, val);
        return 0;
    }
    switch (kind) {
    case '-':
        if (have) {
            lf_buf_adds(out, val);
            return 0;
        }
        return interp(s + op + 1, j - op - 1, vars, out, var, depth + 1);
    case '?':
        if (!have)
            goto needs;
        lf_buf_adds(out, val);
        return 0;
    case '+':
        if (!set)
            goto needs;
        return have ? interp(s + op + 1, j - op - 1, vars, out, var, depth + 1) : 0;
    default:
        lf_buf_add(var, s + a - 2, j + 1 - (a - 2));
        return -1; /* not a template compose accepts */
    }
needs:
    lf_buf_add(var, s + a, e - a);
    return -1;
}

static int interp(const char *s, size_t n, const lf_strmap *vars, lf_buf *out, lf_buf *var,
                  int depth)
{
    for (size_t i = 0; i < n;) {
        if (s[i] != '$' || i + 1 == n) {
            lf_buf_addc(out, s[i++]);
            continue;
        }
        if (s[i + 1] == '$') {
            lf_buf_addc(out, '$');
            i += 2;
            continue;
        }
        if (s[i + 1] != '{') {
            if (!name_start(s[i + 1])) {
                lf_buf_addc(out, s[i++]);
                continue;
            }
            size_t j = i + 1;
            while (j < n && name_char(s[j]))
                j++;
            const char *val = lf_strmap_getn(vars, s + i + 1, j - i - 1);
            if (!val) {
                lf_buf_add(var, s + i + 1, j - i - 1);
                return -1;
            }
            lf_buf_adds(out, val);
            i = j;
            continue;
        }
        /* ${...}: find the matching '}' (defaults may hold ${...} too) */
        size_t j = i + 2, nest = 1;
        for (; j < n; j++) {
            if (s[j] == '$' && j + 1 < n && s[j + 1] == '{') {
                nest++;
                j++;
            } else if (s[j] == '}' && --nest == 0) {
                break;
            }
        }
        size_t a = i + 2, e = a;
        while (e < j && name_char(s[e]))
            e++;
        if (j >= n || depth > 16 || e == a) {
            lf_buf_add(var, s + i, (j < n ? j + 1 : n) - i);
            return -1;
        }
        if (braced(s, a, e, j, vars, out, var, depth) != 0)
            return -1;
        i = j + 1;
    }
    return 0;
}

int lf_compose_interpolate(const char *s, size_t n, const lf_strmap *vars, lf_buf *out, lf_buf *var)
{
    return interp(s, n, vars, out, var, 0);
}

/* --- .env ------------------------------------------------------------------------- */

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A double-quoted value from s[i] (after the quote); returns the index after
 * the closing quote (n when there is none). */
static size_t double_quoted(const char *s, size_t i, size_t n, lf_buf *raw)
{
    for (; i < n && s[i] != '"'; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            const char *map = c == 'n' ? "\n" : c == 't' ? "\t" : c == 'r' ? "\r" : NULL;
            if (map)
                lf_buf_addc(raw, map[0]);
            else if (c == '$')
                lf_buf_adds(raw, "$$"); /* stays a `$` through interpolation */
            else if (c == '"' || c == '\\')
                lf_buf_addc(raw, c);
            else {
                lf_buf_addc(raw, '\\');
                lf_buf_addc(raw, c);
            }
            continue;
        }
        lf_buf_addc(raw, s[i]);
    }
    return i < n ? i + 1 : n;
}

/* One KEY=VALUE from s[i]; returns the index after its line. */
static size_t dotenv_line(lf_strmap *vars, const char *s, size_t i, size_t n)
{
    i = skip_blanks(s, i, n);
    if (n - i > 7 && strncmp(s + i, "export", 6) == 0 && (s[i + 6] == ' ' || s[i + 6] == '\t'))
        i = skip_blanks(s, i + 6, n);
    size_t k = i;
    while (k < n && name_char(s[k]))
        k++;
    size_t kend = k, eol = k;
    while (eol < n && s[eol] != '\n')
        eol++;
    k = skip_blanks(s, k, n);
    if (kend == i || !name_start(s[i]) || k >= n || s[k] != '=')
        return eol + 1; /* a comment, a blank line, or not an assignment */
    k = skip_blanks(s, k + 1, n);
    lf_buf raw = LF_BUF_INIT, val = LF_BUF_INIT, var = LF_BUF_INIT;
    bool expand = true;
    size_t next;
    if (k < n && s[k] == '\'') {
        const char *q = memchr(s + k + 1, '\'', n - k - 1);
        size_t end = q ? (size_t)(q - s) : n;
        lf_buf_add(&raw, s + k + 1, end - k - 1);
        expand = false;
        next = end + 1;
    } else if (k < n && s[k] == '"') {
        next = double_quoted(s, k + 1, n, &raw);
    } else {
        size_t e = k;
        while (e < eol && !(s[e] == '#' && e > k && (s[e - 1] == ' ' || s[e - 1] == '\t')))
            e++;
        while (e > k && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
            e--;
        lf_buf_add(&raw, s + k, e - k);
        next = eol;
    }
    while (next < n && s[next] != '\n')
        next++;
    lf_buf_adds(&raw, "");
    if (!expand)
        lf_strmap_set(vars, s + i, kend - i, raw.data, raw.len);
    else if (interp(raw.data, raw.len, vars, &val, &var, 0) == 0)
        lf_strmap_set(vars, s + i, kend - i, lf_buf_cstr(&val), val.len);
    lf_buf_free(&raw);
    lf_buf_free(&val);
    lf_buf_free(&var);
    return next + 1;
}

void lf_dotenv_parse(lf_strmap *vars, const char *text, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len)
        i = dotenv_line(vars, text, i, len);
}

int lf_dotenv_load(lf_strmap *vars, const char *path, lf_buf *err)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT)
        return 0;
    lf_buf text = LF_BUF_INIT;
    if (lf_builds_read_file(path, &text, err) != 0) {
        lf_buf_free(&text);
        return -1;
    }
    lf_dotenv_parse(vars, lf_buf_cstr(&text), text.len);
    lf_buf_free(&text);
    return 1;
}
