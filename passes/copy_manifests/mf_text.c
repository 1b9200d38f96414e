/*
 * Text and path helpers of the manifest rules (see mf.h): context paths,
 * line-oriented scans of TOML, YAML, Gemfile and go.mod text, XML comments,
 * and glob matching of workspace patterns.
 */
#include "mf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

/* --- strings and paths ---------------------------------------------------- */

bool mf_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool mf_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool mf_ends_with_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char a = s[n - m + i], b = suffix[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (char)(b + 32);
        if (a != b)
            return false;
    }
    return true;
}

const char *mf_base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The directory part of a context path ("" for a top-level name). */
void mf_dir_name(const char *p, lf_buf *out)
{
    lf_buf_clear(out);
    const char *s = strrchr(p, '/');
    if (s)
        lf_buf_add(out, p, (size_t)(s - p));
    else
        lf_buf_adds(out, "");
}

/* Resolves rel against dir (both '/'-separated, relative to the context
 * root) into out, dropping "." and applying "..". False when rel is empty or
 * absolute or the result leaves the context root. */
bool mf_path_resolve(const char *dir, const char *rel, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_adds(out, "");
    if (!rel || !*rel || rel[0] == '/')
        return false;
    lf_buf all = LF_BUF_INIT;
    lf_buf_printf(&all, "%s%s%s", dir, *dir ? "/" : "", rel);
    bool ok = true;
    const char *s = all.data;
    while (*s && ok) {
        size_t len = strcspn(s, "/");
        if (len == 0 || (len == 1 && s[0] == '.')) {
            /* nothing */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            char *slash = out->len ? strrchr(out->data, '/') : NULL;
            if (out->len == 0)
                ok = false;
            else if (slash) {
                out->len = (size_t)(slash - out->data);
                out->data[out->len] = 0;
            } else {
                lf_buf_clear(out);
                lf_buf_adds(out, "");
            }
        } else {
            if (out->len)
                lf_buf_addc(out, '/');
            lf_buf_add(out, s, len);
        }
        s += len;
        if (*s == '/')
            s++;
    }
    lf_buf_free(&all);
    return ok && out->len > 0;
}

/* A word that names a path on disk rather than a package in a registry. */
bool mf_is_local_path(const char *w)
{
    return strcmp(w, ".") == 0 || strcmp(w, "..") == 0 || mf_starts_with(w, "./") ||
           mf_starts_with(w, "../") || w[0] == '/' || mf_starts_with(w, "~/") ||
           mf_starts_with(w, "file:") || mf_starts_with(w, "link:");
}

/* --- line-oriented scans (TOML, Gemfile, go.mod, YAML) -------------------- */

bool mf_each_line(mctx *m, const char *path, const char *text, line_fn fn, void *arg)
{
    const char *s = text;
    while (*s) {
        size_t len = strcspn(s, "\n");
        size_t l = len;
        if (l > 0 && s[l - 1] == '\r')
            l--;
        if (!fn(m, path, s, l, arg))
            return false;
        s += len;
        if (*s == '\n')
            s++;
    }
    return true;
}

void mf_trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

bool mf_is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

/* Does the line assign TOML key `key` (`key = ...`, also inside an inline
 * table `{ key = ... }`)? */
static bool toml_line_has_key(const char *line, size_t len, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl <= len; i++) {
        if (memcmp(line + i, key, kl) != 0)
            continue;
        if (i > 0 && (mf_is_word_char(line[i - 1]) || line[i - 1] == '"'))
            continue;
        size_t j = i + kl;
        while (j < len && (line[j] == ' ' || line[j] == '\t'))
            j++;
        if (j < len && line[j] == '=' && (j + 1 >= len || line[j + 1] != '='))
            return true;
    }
    return false;
}

bool mf_line_is_comment(const char *line, size_t len)
{
    mf_trim(&line, &len);
    return len == 0 || line[0] == '#';
}

static bool toml_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    (void)m;
    (void)path;
    toml_scan *t = arg;
    const char *s = line;
    size_t l = len;
    mf_trim(&s, &l);
    if (l && s[0] == '[') {
        t->in_table =
            !t->table || (l > strlen(t->table) && memcmp(s + 1, t->table, strlen(t->table)) == 0);
        return true;
    }
    if (mf_line_is_comment(line, len) || (t->table && !t->in_table))
        return true;
    if (toml_line_has_key(s, l, t->key)) {
        t->found = true;
        snprintf(t->found_line, sizeof t->found_line, "%.*s", (int)(l > 80 ? 80 : l), s);
        return false;
    }
    return true;
}

bool mf_toml_find(const char *text, const char *table, const char *key, toml_scan *t)
{
    memset(t, 0, sizeof *t);
    t->key = key;
    t->table = table;
    t->in_table = table == NULL;
    mctx dummy = {0};
    mf_each_line(&dummy, "", text, toml_line, t);
    return t->found;
}

bool mf_text_has_table(const char *text, const char *header)
{
    const char *s = text;
    size_t hl = strlen(header);
    while ((s = strstr(s, header)) != NULL) {
        if ((s == text || s[-1] == '\n') && (s[hl] == '\n' || s[hl] == '\r' || s[hl] == ' '))
            return true;
        s += hl;
    }
    return false;
}

/* The list under the top-level key `key:` (block or flow style). */
void mf_yaml_list(const char *text, const char *key, lf_strv *out)
{
    size_t kl = strlen(key);
    bool in_list = false;
    const char *s = text;
    while (*s) {
        size_t len = strcspn(s, "\n");
        const char *line = s;
        s += len;
        if (*s == '\n')
            s++;
        if (len && line[len - 1] == '\r')
            len--;
        if (!in_list) {
            if (len > kl && memcmp(line, key, kl) == 0 && line[kl] == ':') {
                const char *rest = line + kl + 1;
                size_t rl = len - kl - 1;
                mf_trim(&rest, &rl);
                if (rl && rest[0] == '[') {
                    /* flow style: key: ['apps', "libs"] */
                    size_t i = 1;
                    while (i < rl && rest[i] != ']') {
                        size_t j = i;
                        while (j < rl && rest[j] != ',' && rest[j] != ']')
                            j++;
                        const char *item = rest + i;
                        size_t il = j - i;
                        mf_trim(&item, &il);
                        if (il >= 2 && (item[0] == '\'' || item[0] == '"')) {
                            item++;
                            il -= 2;
                        }
                        if (il)
                            lf_strv_push(out, item, il);
                        i = j < rl && rest[j] == ',' ? j + 1 : j;
                    }
                    return;
                }
                in_list = true;
            }
            continue;
        }
        const char *t = line;
        size_t tl = len;
        mf_trim(&t, &tl);
        if (tl == 0 || t[0] == '#')
            continue;
        if (t[0] != '-') {
            if (line[0] != ' ' && line[0] != '\t')
                return; /* the next top-level key */
            continue;
        }
        t++;
        tl--;
        mf_trim(&t, &tl);
        if (tl && (t[0] == '\'' || t[0] == '"')) {
            const char *close = memchr(t + 1, t[0], tl - 1);
            if (!close)
                continue;
            lf_strv_push(out, t + 1, (size_t)(close - t - 1));
        } else {
            size_t il = 0;
            while (il < tl && !(t[il] == '#' && il > 0 && (t[il - 1] == ' ' || t[il - 1] == '\t')))
                il++;
            const char *item = t;
            mf_trim(&item, &il);
            if (il)
                lf_strv_push(out, item, il);
        }
    }
}

/* --- XML ------------------------------------------------------------------ */

void mf_strip_xml_comments(lf_buf *text)
{
    char *s = text->data;
    char *c;
    while ((c = strstr(s, "<!--")) != NULL) {
        char *e = strstr(c + 4, "-->");
        size_t cut = e ? (size_t)(e + 3 - c) : strlen(c);
        memmove(c, c + cut, strlen(c + cut) + 1);
        text->len -= cut;
        s = c;
    }
}

/* --- glob matching -------------------------------------------------------- */

static bool glob_segments(const char *pat, const char *path)
{
    /* pat and path are '/'-separated; `**` as a whole segment spans any
     * number of segments */
    if (!*pat)
        return !*path;
    size_t pl = strcspn(pat, "/");
    const char *pnext = pat[pl] ? pat + pl + 1 : pat + pl;
    if (pl == 2 && pat[0] == '*' && pat[1] == '*') {
        if (!*pnext)
            return true;
        for (const char *s = path;;) {
            if (glob_segments(pnext, s))
                return true;
            const char *slash = strchr(s, '/');
            if (!slash)
                return false;
            s = slash + 1;
        }
    }
    if (!*path)
        return false;
    size_t sl = strcspn(path, "/");
    char segpat[256], seg[256];
    if (pl >= sizeof segpat || sl >= sizeof seg)
        return false;
    memcpy(segpat, pat, pl);
    segpat[pl] = 0;
    memcpy(seg, path, sl);
    seg[sl] = 0;
    if (fnmatch(segpat, seg, 0) != 0)
        return false;
    return glob_segments(pnext, path[sl] ? path + sl + 1 : path + sl);
}

bool lf_path_glob_match(const char *pattern, const char *path)
{
    return glob_segments(pattern, path);
}

/* A workspace pattern with its empty and "." segments (and so a leading '/')
 * dropped. */
void mf_clean_pattern(const char *p, size_t len, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_adds(out, "");
    size_t i = 0;
    while (i < len) {
        while (i < len && p[i] == '/')
            i++;
        size_t j = i;
        while (j < len && p[j] != '/')
            j++;
        if (j - i == 1 && p[i] == '.') {
            /* skip */
        } else if (j > i) {
            if (out->len)
                lf_buf_addc(out, '/');
            lf_buf_add(out, p + i, j - i);
        }
        i = j;
    }
}
