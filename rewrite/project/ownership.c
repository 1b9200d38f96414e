/* Which Dockerfiles are the project's to edit (see ownership.h). */
#include "ownership.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Extensions of template languages (Go templates, Jinja, ERB, Mustache,
 * Handlebars, autoconf, gomplate...). */
static const char *const template_exts[] = {
    ".template", ".tmpl", ".tpl",    ".j2",    ".jinja",  ".jinja2", ".in",  ".erb",
    ".mustache", ".hbs",  ".gotmpl", ".gotpl", ".cottle", ".liquid", ".njk", NULL};

/* Path components of code the project does not own. */
static const char *const foreign_dirs[] = {"vendor",        "third_party",  "third-party",
                                           "thirdparty",    "node_modules", "bower_components",
                                           "site-packages", ".venv",        NULL};

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool has_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return true;
    return false;
}

static bool ends_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcasecmp(s + n - m, suffix) == 0;
}

bool lf_is_dockerfile_like(const char *base)
{
    return has_ci(base, "dockerfile") || has_ci(base, "containerfile");
}

bool lf_is_template_name(const char *base)
{
    if (!lf_is_dockerfile_like(base))
        return false;
    for (size_t i = 0; template_exts[i]; i++)
        if (ends_ci(base, template_exts[i]))
            return true;
    return false;
}

/* Is a directory component of p named like a tree of Dockerfile templates
 * (`dockerfile-templates`, `templates/`)? Its path (up to that component)
 * into out. */
static bool in_template_tree(const char *p, lf_buf *out)
{
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (!s[n])
            break; /* the file itself */
        char comp[128];
        snprintf(comp, sizeof comp, "%.*s", (int)(n < 127 ? n : 127), s);
        if (has_ci(comp, "template")) {
            lf_buf_clear(out);
            lf_buf_add(out, p, (size_t)(s - p) + n);
            lf_buf_adds(out, "");
            return true;
        }
        s += n + 1;
    }
    return false;
}

/* A line worth comparing: trimmed, long enough to be distinctive, not a
 * comment or a template directive alone. */
static bool distinctive(const char *s, size_t n, const char **start, size_t *len)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\\'))
        n--;
    *start = s;
    *len = n;
    if (n < 16 || s[0] == '#')
        return false;
    size_t alnum = 0;
    for (size_t i = 0; i < n; i++)
        alnum += isalnum((unsigned char)s[i]) != 0;
    return alnum * 2 >= n;
}

static int text_cmp(const void *a, const void *b)
{
    return strcmp(((const lf_ownership_line *)a)->text, ((const lf_ownership_line *)b)->text);
}

/* By text, then template: the templates of one line are together. */
static int line_cmp(const void *a, const void *b)
{
    int c = text_cmp(a, b);
    if (c)
        return c;
    size_t x = ((const lf_ownership_line *)a)->template,
           y = ((const lf_ownership_line *)b)->template;
    return x < y ? -1 : x > y;
}

static void learn_lines(lf_ownership *o, size_t t, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char buf[4096];
    size_t count = 0;
    while (fgets(buf, sizeof buf, f) && count < 20000) {
        const char *s;
        size_t n;
        if (!distinctive(buf, strcspn(buf, "\n"), &s, &n))
            continue;
        if (o->nlines == o->cap) {
            o->cap = o->cap ? 2 * o->cap : 256;
            o->lines = realloc(o->lines, o->cap * sizeof *o->lines);
            if (!o->lines)
                abort();
        }
        o->lines[o->nlines++] = (lf_ownership_line){strndup(s, n), t};
        count++;
    }
    fclose(f);
}

void lf_ownership_init(lf_ownership *o, const lf_strv *files)
{
    memset(o, 0, sizeof *o);
    lf_buf d = LF_BUF_INIT;
    for (size_t i = 0; i < files->n; i++) {
        const char *p = files->items[i].s, *base = base_of(p);
        bool tree = lf_is_dockerfile_like(base) && in_template_tree(p, &d);
        if (lf_is_template_name(base) || tree) {
            learn_lines(o, o->templates.n, p);
            lf_strv_push(&o->templates, p, strlen(p));
            lf_strv_push(&o->in_tree, tree ? "1" : "0", 1);
        }
    }
    if (o->nlines > 1)
        qsort(o->lines, o->nlines, sizeof *o->lines, line_cmp);
    lf_buf_free(&d);
}

void lf_ownership_free(lf_ownership *o)
{
    for (size_t i = 0; i < o->nlines; i++)
        free(o->lines[i].text);
    free(o->lines);
    lf_strv_free(&o->templates);
    lf_strv_free(&o->in_tree);
    memset(o, 0, sizeof *o);
}

/* A header comment (the first comment lines) that says the file is
 * generated: its line, or 0. */
static size_t generated_header(const char *text, size_t len, lf_buf *what)
{
    size_t line = 1;
    for (size_t i = 0; i < len && line <= 30;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t k = i;
        while (k < e && (text[k] == ' ' || text[k] == '\t'))
            k++;
        if (k < e && text[k] != '#')
            break; /* the first instruction: the header is over */
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)(e - k < 255 ? e - k : 255), text + k);
        for (char *c = buf; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        bool hit =
            strstr(buf, "do not edit") || strstr(buf, "auto-generated") ||
            strstr(buf, "autogenerated") ||
            (strstr(buf, "generated") &&
             (strstr(buf, " by ") || strstr(buf, " from ") || strstr(buf, " via ") ||
              strstr(buf, " with ") || strstr(buf, "automatically") || strstr(buf, "this ")));
        if (hit) {
            size_t h = k;
            while (h < e && (text[h] == '#' || text[h] == ' '))
                h++;
            size_t n = e - h;
            while (n && (text[h + n - 1] == '\r' || text[h + n - 1] == ' '))
                n--;
            lf_buf_printf(what, "\"%.*s%s\"", (int)(n > 70 ? 70 : n), text + h,
                          n > 70 ? "..." : "");
            return line;
        }
        i = e + 1;
        line++;
    }
    return 0;
}

/* The directory of p ("" for a bare name, "./" dropped). */
static void dir_of(const char *p, lf_buf *out)
{
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    lf_buf_clear(out);
    const char *s = strrchr(p, '/');
    lf_buf_add(out, p, s ? (size_t)(s - p) : 0);
    lf_buf_adds(out, "");
}

/* Is dir at or below anc ("" is the top)? */
static bool at_or_below(const char *dir, const char *anc)
{
    size_t n = strlen(anc);
    if (n == 0)
        return dir[0] != '/';
    return strncmp(dir, anc, n) == 0 && (dir[n] == 0 || dir[n] == '/');
}

/* A template (not one of a tree) beside the file or in a directory above it. */
static bool template_above(const lf_ownership *o, const char *path, lf_buf *why)
{
    lf_buf dir = LF_BUF_INIT, tdir = LF_BUF_INIT;
    dir_of(path, &dir);
    bool hit = false;
    for (size_t i = 0; i < o->templates.n && !hit; i++) {
        if (o->in_tree.items[i].s[0] == '1')
            continue;
        dir_of(o->templates.items[i].s, &tdir);
        if (at_or_below(dir.data, tdir.data)) {
            lf_buf_printf(why, "rendered from the template `%s` (in %s)", o->templates.items[i].s,
                          strcmp(dir.data, tdir.data) == 0 ? "its directory" : "a directory above");
            hit = true;
        }
    }
    lf_buf_free(&dir);
    lf_buf_free(&tdir);
    return hit;
}

/* The directory all templates of trees share (their common ancestor). */
static void tree_dir(const lf_ownership *o, lf_buf *out)
{
    lf_buf d = LF_BUF_INIT;
    bool first = true;
    for (size_t i = 0; i < o->templates.n; i++) {
        if (o->in_tree.items[i].s[0] != '1')
            continue;
        dir_of(o->templates.items[i].s, &d);
        if (first) {
            lf_buf_clear(out);
            lf_buf_adds(out, d.data);
            first = false;
            continue;
        }
        while (out->len && !at_or_below(d.data, out->data)) {
            char *slash = strrchr(out->data, '/');
            out->len = slash ? (size_t)(slash - out->data) : 0;
            out->data[out->len] = 0;
        }
    }
    lf_buf_free(&d);
}

/* Rendered from a template: a good part of the file's distinctive lines (3
 * at least, and a third) appear in one template, or any of them in a tree
 * of templates (fragments with placeholders that include one another: a
 * rendered file shares few whole lines with them). Which fragment rendered
 * it is not known then: the note names the tree. */
static bool rendered(const lf_ownership *o, const char *path, const char *text, size_t len,
                     lf_buf *why)
{
    if (template_above(o, path, why))
        return true;
    if (o->nlines == 0)
        return false;
    size_t *hits = calloc(o->templates.n, sizeof *hits), total = 0, in_trees = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        const char *s;
        size_t n;
        if (distinctive(text + i, e - i, &s, &n)) {
            total++;
            char *key = strndup(s, n);
            lf_ownership_line k = {key, 0};
            const lf_ownership_line *at =
                bsearch(&k, o->lines, o->nlines, sizeof *o->lines, text_cmp);
            if (at) {
                /* every template holding the line counts it */
                const lf_ownership_line *lo = at, *hi = at;
                while (lo > o->lines && strcmp(lo[-1].text, key) == 0)
                    lo--;
                while (hi + 1 < o->lines + o->nlines && strcmp(hi[1].text, key) == 0)
                    hi++;
                bool tree_line = false;
                for (const lf_ownership_line *x = lo; x <= hi; x++) {
                    if (x == lo || x[-1].template != x->template)
                        hits[x->template]++;
                    tree_line = tree_line || o->in_tree.items[x->template].s[0] == '1';
                }
                in_trees += tree_line;
            }
            free(key);
        }
        i = e + 1;
    }
    size_t best = 0;
    for (size_t t = 1; t < o->templates.n; t++)
        if (hits[t] > hits[best])
            best = t;
    bool tree = o->templates.n && o->in_tree.items[best].s[0] == '1';
    bool one = !tree && hits[best] >= 3 && hits[best] * 3 >= total;
    bool trees = !one && in_trees >= 1;
    if (one) {
        lf_buf_printf(
            why, "rendered from the template `%s` (%zu of its %zu distinctive lines are there)",
            o->templates.items[best].s, hits[best], total);
    } else if (trees) {
        lf_buf dir = LF_BUF_INIT;
        tree_dir(o, &dir);
        lf_buf_printf(why,
                      "it looks rendered from the Dockerfile templates under `%s/` (%zu of its %zu "
                      "distinctive lines are in them)",
                      dir.len ? dir.data : ".", in_trees, total);
        lf_buf_free(&dir);
    }
    bool yes = one || trees;
    free(hits);
    return yes;
}

bool lf_ownership_foreign(const lf_ownership *o, const char *path, const char *text, size_t len,
                          lf_buf *why)
{
    const char *base = base_of(path);
    lf_buf d = LF_BUF_INIT;
    bool foreign = true;
    if (lf_is_template_name(base) || in_template_tree(path, &d)) {
        lf_buf_adds(why, "a template, not a Dockerfile");
    } else {
        for (const char *s = path; *s && foreign;) {
            size_t n = strcspn(s, "/");
            if (!s[n])
                break;
            for (size_t i = 0; foreign_dirs[i]; i++)
                if (strlen(foreign_dirs[i]) == n && strncmp(s, foreign_dirs[i], n) == 0) {
                    lf_buf_printf(why, "vendored or third-party code (`%.*s/`)", (int)n, s);
                    lf_buf_free(&d);
                    return true;
                }
            s += n + 1;
        }
        lf_buf what = LF_BUF_INIT;
        size_t line = generated_header(text, len, &what);
        if (line)
            lf_buf_printf(why, "generated: line %zu says %s", line, what.data);
        else if (!rendered(o, path, text, len, why))
            foreign = false;
        lf_buf_free(&what);
    }
    lf_buf_free(&d);
    return foreign;
}

/* Is p below directory d (d without a trailing '/')? */
static bool below(const char *p, const char *d, size_t dl)
{
    return strncmp(p, d, dl) == 0 && p[dl] == '/';
}

bool lf_ownership_crowd(const char *const *paths, const bool *foreign, size_t n, size_t i,
                        lf_buf *why)
{
    const char *p = paths[i];
    /* the file's directory, then each one above it, the top excluded */
    for (const char *end = strrchr(p, '/'); end && end > p;) {
        size_t dl = (size_t)(end - p);
        if (!(dl == 1 && p[0] == '.')) {
            size_t all = 0, gen = 0;
            for (size_t k = 0; k < n; k++)
                if (below(paths[k], p, dl)) {
                    all++;
                    gen += foreign[k];
                }
            if (all >= 5 && gen * 3 >= all * 2) {
                lf_buf_printf(why,
                              "%zu of the %zu Dockerfiles under `%.*s/` are generated or not the "
                              "project's, so this one likely is too",
                              gen, all, (int)dl, p);
                return true;
            }
        }
        while (end > p && *--end != '/')
            ;
        if (end == p)
            end = NULL;
    }
    return false;
}
