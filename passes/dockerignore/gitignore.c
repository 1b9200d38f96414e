/*
 * .gitignore -> .dockerignore translation (see gitignore.h).
 *
 * The .gitignore side follows git's dir.c (reading: a UTF-8 BOM skipped,
 * '#' comments in column 1, one '\r' before '\n' dropped, trailing spaces
 * trimmed unless escaped, `!`, a trailing '/', a rule with a slash anchored)
 * and wildmatch (`*` `?` `[...]` within a segment, `**` special only as a
 * whole segment). The .dockerignore side is written so that BuildKit's
 * reader and matcher (ignore.c) give it the same meaning: characters its
 * glob-to-regexp step treats specially are escaped, the others are not.
 */
#include "gitignore.h"

#include "buf.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

void lf_gitignore_free(lf_gitignore *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->rules[i].pattern);
        free(g->rules[i].dir_form);
        free(g->rules[i].name);
        free(g->rules[i].skipped);
    }
    free(g->rules);
    memset(g, 0, sizeof *g);
}

/* --- writing .dockerignore text ---------------------------------------------- */

/* A literal character c of a path, escaped for a .dockerignore pattern. */
static void put_literal(lf_buf *out, char c)
{
    if (strchr("*?[]\\^", c) && c)
        lf_buf_addc(out, '\\');
    lf_buf_addc(out, c);
}

/* BuildKit trims white space at both ends of a line and reads `#` in column
 * 1 as a comment and `!` as an exception: make a pattern survive that. */
static char *finish_line(lf_buf *b)
{
    lf_buf out = LF_BUF_INIT;
    size_t start = 0, end = b->len;
    if (b->len && (b->data[0] == '#' || b->data[0] == '!'))
        lf_buf_addc(&out, '\\');
    while (start < end && (b->data[start] == ' ' || b->data[start] == '\t')) {
        lf_buf_adds(&out, b->data[start] == ' ' ? "[ ]" : "[\t]");
        start++;
    }
    size_t tail = end;
    while (tail > start && (b->data[tail - 1] == ' ' || b->data[tail - 1] == '\t'))
        tail--;
    lf_buf_add(&out, b->data + start, tail - start);
    for (size_t i = tail; i < end; i++)
        lf_buf_adds(&out, b->data[i] == ' ' ? "[ ]" : "[\t]");
    lf_buf_adds(&out, "");
    return lf_buf_detach(&out, NULL);
}

char *lf_dockerignore_escape_path(const char *path)
{
    lf_buf b = LF_BUF_INIT;
    for (const char *s = path; *s; s++)
        put_literal(&b, *s);
    lf_buf_adds(&b, "");
    char *r = finish_line(&b);
    lf_buf_free(&b);
    return r;
}

static const char *const posix_names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                          "lower", "print", "punct", "space", "upper", "xdigit"};

/* A class endpoint or literal inside a class, escaped for BuildKit. */
static void put_class_char(lf_buf *out, char c)
{
    if (strchr("]\\-[^*?", c) && c)
        lf_buf_addc(out, '\\');
    lf_buf_addc(out, c);
}

/* Converts the wildmatch class at *pp (at '[') and advances past it. NULL,
 * or why it cannot be converted. */
static const char *conv_class(const char **pp, const char *end, lf_buf *out)
{
    const char *p = *pp + 1;
    lf_buf_addc(out, '[');
    if (p < end && (*p == '!' || *p == '^')) {
        /* a negated wildmatch class never matches '/'; a regexp one would */
        lf_buf_adds(out, "^/");
        p++;
    }
    bool first = true;
    for (;;) {
        if (p >= end)
            return "an unterminated `[`";
        if (*p == ']' && !first)
            break;
        first = false;
        if (*p == '[' && p + 1 < end && p[1] == ':') {
            const char *q = p + 2;
            while (q + 1 < end && !(q[0] == ':' && q[1] == ']'))
                q++;
            if (q + 1 >= end)
                return "an unterminated `[:`";
            size_t nl = (size_t)(q - (p + 2));
            bool known = false;
            for (size_t i = 0; i < sizeof posix_names / sizeof posix_names[0]; i++)
                known = known ||
                        (strlen(posix_names[i]) == nl && memcmp(posix_names[i], p + 2, nl) == 0);
            if (!known)
                return "an unknown character class";
            lf_buf_add(out, p, (size_t)(q + 2 - p));
            p = q + 2;
            continue;
        }
        char lo = *p;
        if (lo == '\\') {
            if (++p >= end)
                return "a trailing backslash";
            lo = *p;
        }
        p++;
        put_class_char(out, lo);
        if (p + 1 < end && *p == '-' && p[1] != ']') {
            p++;
            char hi = *p;
            if (hi == '\\') {
                if (++p >= end)
                    return "a trailing backslash";
                hi = *p;
            }
            p++;
            if ((unsigned char)hi < (unsigned char)lo)
                return "a reversed character range";
            lf_buf_addc(out, '-');
            put_class_char(out, hi);
        }
    }
    lf_buf_addc(out, ']');
    *pp = p + 1;
    return NULL;
}

/* Converts one segment (no '/') from wildmatch to .dockerignore syntax. */
static const char *conv_segment(const char *s, size_t n, lf_buf *out)
{
    if (n == 2 && s[0] == '*' && s[1] == '*') {
        lf_buf_adds(out, "**");
        return NULL;
    }
    const char *p = s, *end = s + n;
    while (p < end) {
        char c = *p;
        if (c == '\\') {
            if (p + 1 >= end)
                return "a trailing backslash";
            put_literal(out, p[1]);
            p += 2;
        } else if (c == '*') {
            /* `**` inside a segment is `*` in wildmatch */
            while (p < end && *p == '*')
                p++;
            lf_buf_addc(out, '*');
        } else if (c == '[') {
            const char *why = conv_class(&p, end, out);
            if (why)
                return why;
        } else if (c == '^') {
            lf_buf_adds(out, "\\^");
            p++;
        } else {
            lf_buf_addc(out, c);
            p++;
        }
    }
    return NULL;
}

static bool has_wildcard(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strchr("*?[\\", s[i]))
            return true;
    return false;
}

/* --- wildmatch for one segment (a parent .gitignore's anchored rules) ------- */

static bool seg_class(const char **pp, const char *end, char c, bool *ok)
{
    const char *p = *pp + 1;
    bool neg = false, match = false, first = true;
    if (p < end && (*p == '!' || *p == '^')) {
        neg = true;
        p++;
    }
    for (;;) {
        if (p >= end) {
            *ok = false;
            return false;
        }
        if (*p == ']' && !first)
            break;
        first = false;
        char lo = *p;
        if (lo == '\\' && p + 1 < end)
            lo = *++p;
        p++;
        char hi = lo;
        if (p + 1 < end && *p == '-' && p[1] != ']') {
            hi = p[1];
            if (hi == '\\' && p + 2 < end) {
                hi = p[2];
                p++;
            }
            p += 2;
        }
        if ((unsigned char)lo <= (unsigned char)c && (unsigned char)c <= (unsigned char)hi)
            match = true;
    }
    *pp = p + 1;
    *ok = true;
    return match != neg;
}

static bool seg_match(const char *p, const char *pend, const char *s, const char *send, int depth)
{
    while (p < pend) {
        if (*p == '*') {
            while (p < pend && *p == '*')
                p++;
            if (p == pend)
                return true;
            for (const char *t = s; t <= send; t++)
                if (depth < 32 && seg_match(p, pend, t, send, depth + 1))
                    return true;
            return false;
        }
        if (s >= send)
            return false;
        if (*p == '?') {
            p++;
            s++;
        } else if (*p == '[') {
            bool ok;
            bool m = seg_class(&p, pend, *s, &ok);
            if (!ok || !m)
                return false;
            s++;
        } else {
            if (*p == '\\' && p + 1 < pend)
                p++;
            if (*p != *s)
                return false;
            p++;
            s++;
        }
    }
    return s == send;
}

/* --- rules ----------------------------------------------------------------------- */

typedef struct seg {
    const char *s;
    size_t n;
} seg;

static size_t split(const char *s, size_t n, seg **out)
{
    size_t cnt = 0, cap = 0;
    *out = NULL;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '/') {
            seg *g = LF_VEC_PUSH(*out, cnt, cap);
            g->s = s + start;
            g->n = i - start;
            start = i + 1;
        }
    }
    return cnt;
}

static void put_base(lf_buf *b, const char *base)
{
    for (const char *s = base; *s; s++)
        put_literal(b, *s);
    if (*base)
        lf_buf_addc(b, '/');
}

/* Translates one rule; false when it cannot match inside the context. */
static bool translate(lf_gitignore_rule *r, const char *pat, size_t n, const char *base,
                      const char *rel)
{
    bool anchored = memchr(pat, '/', n) != NULL;
    if (n > 0 && pat[0] == '/') {
        pat++;
        n--;
    }
    seg *segs;
    size_t ns = split(pat, n, &segs);
    lf_buf b = LF_BUF_INIT;
    const char *why = NULL;
    bool applies = true;
    for (size_t i = 0; i < ns && !why; i++)
        if (segs[i].n == 0 || (segs[i].n == 1 && segs[i].s[0] == '.') ||
            (segs[i].n == 2 && segs[i].s[0] == '.' && segs[i].s[1] == '.'))
            why = "an empty, `.` or `..` path segment";
    size_t first = 0;
    if (!why && anchored && *rel) {
        /* the .gitignore is in a parent directory of the context: the rule's
         * leading segments must match the context's path from there */
        seg *rs;
        size_t nr = split(rel, strlen(rel), &rs);
        size_t k = 0;
        while (k < nr && first < ns) {
            if (segs[first].n == 2 && memcmp(segs[first].s, "**", 2) == 0)
                break;
            if (!seg_match(segs[first].s, segs[first].s + segs[first].n, rs[k].s, rs[k].s + rs[k].n,
                           0)) {
                applies = false;
                break;
            }
            first++;
            k++;
        }
        if (applies && first == ns)
            why = "it matches the build context directory or a parent of it";
        else if (applies && k < nr && first < ns &&
                 !(segs[first].n == 2 && memcmp(segs[first].s, "**", 2) == 0))
            applies = false;
        free(rs);
        if (applies && !why && segs[first].n == 2 && memcmp(segs[first].s, "**", 2) == 0 &&
            first + 1 == ns)
            why = "it matches the whole build context";
    }
    if (applies && !why) {
        if (!anchored) {
            put_base(&b, base);
            lf_buf_adds(&b, "**/");
        } else if (!*rel) {
            put_base(&b, base);
        }
        for (size_t i = first; i < ns && !why; i++) {
            if (i > first)
                lf_buf_addc(&b, '/');
            why = conv_segment(segs[i].s, segs[i].n, &b);
        }
    }
    if (applies && !why) {
        lf_buf_adds(&b, "");
        r->pattern = finish_line(&b);
        if (r->dir_only) {
            lf_buf d = LF_BUF_INIT;
            lf_buf_printf(&d, "%s/**", r->pattern);
            r->dir_form = lf_buf_detach(&d, NULL);
        }
        const seg *last = &segs[ns - 1];
        if (!has_wildcard(last->s, last->n)) {
            r->name = malloc(last->n + 1);
            memcpy(r->name, last->s, last->n);
            r->name[last->n] = 0;
        }
    } else if (applies) {
        r->skipped = strdup(why);
    }
    lf_buf_free(&b);
    free(segs);
    return applies;
}

/* git's trim_trailing_spaces: trailing spaces go unless escaped. */
static size_t trim_trailing(const char *s, size_t n)
{
    size_t last_space = n; /* n: none */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') {
            if (last_space == n)
                last_space = i;
        } else if (s[i] == '\\') {
            i++;
            if (i >= n)
                return n;
            last_space = n;
        } else {
            last_space = n;
        }
    }
    return last_space;
}

void lf_gitignore_translate(lf_gitignore *out, const char *text, size_t len, const char *gi_dir,
                            const char *ctx_dir)
{
    /* base: the .gitignore's directory relative to the context (it is at or
     * below it), or rel: the context's path from the .gitignore's directory */
    size_t gl = strlen(gi_dir), cl = strlen(ctx_dir);
    const char *base = "", *rel = "";
    if (cl == 0)
        base = gi_dir;
    else if (gl >= cl && memcmp(gi_dir, ctx_dir, cl) == 0 && (gi_dir[cl] == 0 || gi_dir[cl] == '/'))
        base = gi_dir[cl] ? gi_dir + cl + 1 : "";
    else if (gl == 0)
        rel = ctx_dir;
    else if (cl > gl && memcmp(ctx_dir, gi_dir, gl) == 0 && ctx_dir[gl] == '/')
        rel = ctx_dir + gl + 1;
    else
        return; /* a sibling directory: nothing of it is in the context */
    size_t pos = 0, lineno = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos;
        size_t n = end - pos;
        lineno++;
        pos = nl ? end + 1 : len;
        if (n == 0 || line[0] == '#')
            continue;
        if (line[n - 1] == '\r')
            n--;
        n = trim_trailing(line, n);
        if (n == 0)
            continue;
        lf_gitignore_rule r = {.line = lineno};
        if (line[0] == '!') {
            r.negate = true;
            line++;
            n--;
        }
        if (n > 0 && line[n - 1] == '/') {
            r.dir_only = true;
            n--;
        }
        if (n == 0)
            continue;
        if (translate(&r, line, n, base, rel))
            *LF_VEC_PUSH(out->rules, out->n, out->cap) = r;
    }
}
