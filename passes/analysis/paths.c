/* Paths in the image (see paths.h). */
#include "paths.h"

#include "buf.h"
#include "ignore.h"

#include <stdlib.h>
#include <string.h>

void lf_path_normalize(char *p)
{
    char *out = p, *in = p;
    size_t depth_at[256];
    size_t depth = 0;
    *out++ = '/';
    while (*in) {
        while (*in == '/')
            in++;
        if (!*in)
            break;
        char *seg = in;
        while (*in && *in != '/')
            in++;
        size_t n = (size_t)(in - seg);
        if (n == 1 && seg[0] == '.')
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (depth > 0)
                out = p + depth_at[--depth];
            continue;
        }
        if (depth < 256)
            depth_at[depth++] = (size_t)(out - p);
        if (out > p + 1)
            *out++ = '/';
        memmove(out, seg, n);
        out += n;
    }
    *out = 0;
}

char *lf_path_join(const char *dir, const char *rel)
{
    lf_buf b = LF_BUF_INIT;
    if (rel[0] == '/')
        lf_buf_adds(&b, rel);
    else if (!dir)
        return NULL;
    else
        lf_buf_printf(&b, "%s/%s", dir, rel);
    char *p = lf_buf_detach(&b, NULL);
    lf_path_normalize(p);
    return p;
}

bool lf_path_within(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(p, dir, n) == 0 && (p[n] == 0 || p[n] == '/');
}

bool lf_path_overlap(const char *a, const char *b)
{
    return lf_path_within(a, b) || lf_path_within(b, a);
}

size_t lf_path_depth(const char *p)
{
    size_t d = 0;
    for (const char *c = p; *c; c++)
        if (*c == '/' && c[1])
            d++;
    return d;
}

const char *lf_path_base(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

bool lf_wd_join(const char *cwd, const char *arg, lf_buf *out)
{
    lf_buf all = LF_BUF_INIT;
    if (arg[0] == '/' || arg[0] == '$')
        lf_buf_printf(&all, "/%s", arg);
    else
        lf_buf_printf(&all, "%s/%s", cwd, arg);
    lf_buf_clear(out);
    lf_buf_adds(out, all.data[0] == '@' ? "@" : "");
    bool ok = true;
    const char *s = all.data + (all.data[0] == '@');
    while (*s && ok) {
        while (*s == '/')
            s++;
        size_t len = strcspn(s, "/");
        if (len == 0 || (len == 1 && s[0] == '.')) {
            /* nothing */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            char *slash = strrchr(out->data, '/');
            if (slash)
                out->len = (size_t)(slash - out->data);
            else if (out->data[0] == '@')
                ok = false;
            out->data[out->len] = 0;
        } else {
            lf_buf_addc(out, '/');
            lf_buf_add(out, s, len);
        }
        s += len;
    }
    lf_buf_free(&all);
    return ok;
}

const char *lf_wd_relative(const char *dir, const char *base)
{
    size_t bl = strlen(base);
    if (strncmp(dir, base, bl) != 0)
        return NULL;
    if (dir[bl] == 0)
        return "";
    return dir[bl] == '/' ? dir + bl + 1 : NULL;
}

void lf_source_pattern(const char *src, lf_buf *out)
{
    lf_buf lit = LF_BUF_INIT, abs = LF_BUF_INIT;
    const char *dollar = strchr(src, '$');
    const char *end = dollar ? dollar : src + strlen(src);
    while (dollar && end > src && end[-1] != '/')
        end--;
    lf_buf_add(&lit, src, (size_t)(end - src));
    lf_buf_printf(&abs, "/%s", lf_buf_cstr(&lit));
    lf_buf clean = LF_BUF_INIT;
    lf_path_clean(abs.data, abs.len, &clean);
    lf_buf_clear(out);
    lf_buf_adds(out, lf_buf_cstr(&clean) + 1);
    lf_buf_free(&lit);
    lf_buf_free(&abs);
    lf_buf_free(&clean);
}

bool lf_source_is_glob(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') {
            if (!s[1])
                break;
            s++;
        } else if (*s == '*' || *s == '?' || *s == '[') {
            return true;
        }
    }
    return false;
}

bool lf_source_takes(const char *pat, bool glob, const char *path)
{
    if (!*pat)
        return true;
    if (!glob) {
        size_t n = strlen(pat);
        return strncmp(path, pat, n) == 0 && (path[n] == 0 || path[n] == '/');
    }
    /* a glob takes what it matches, a directory whole */
    lf_buf b = LF_BUF_INIT;
    lf_buf_adds(&b, path);
    bool hit = false;
    for (;;) {
        if (lf_glob_match(pat, b.data) == 1) {
            hit = true;
            break;
        }
        char *sl = strrchr(b.data, '/');
        if (!sl)
            break;
        *sl = 0;
        b.len = (size_t)(sl - b.data);
    }
    lf_buf_free(&b);
    return hit;
}
