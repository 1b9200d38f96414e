/*
 * Build contexts from Docker Compose files (see compose.h), and the lf_builds
 * list that bake.c fills too. The YAML is loaded as a document (libyaml's
 * loader resolves aliases to the anchored node), then only
 * services.*.build is looked at, through a lookup that follows `<<:` merge
 * keys the way YAML 1.1 defines them (explicit keys first, then each merged
 * mapping in order).
 */
#include "compose.h"

#include "ignore.h"
#include "vec.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

/* --- names ------------------------------------------------------------------------ */

/* base is PREFIX[SEP...]SUFFIX with SEP one of . - _ (or nothing between). */
static bool name_like(const char *base, const char *prefix, const char *suffix)
{
    size_t n = strlen(base), p = strlen(prefix), s = strlen(suffix);
    if (n < p + s || strncmp(base, prefix, p) != 0 || strcmp(base + n - s, suffix) != 0)
        return false;
    if (n == p + s)
        return true;
    char sep = base[p];
    return sep == '.' || sep == '-' || sep == '_';
}

bool lf_is_compose_name(const char *base)
{
    return name_like(base, "docker-compose", ".yml") ||
           name_like(base, "docker-compose", ".yaml") || name_like(base, "compose", ".yml") ||
           name_like(base, "compose", ".yaml");
}

bool lf_is_bake_name(const char *base)
{
    return name_like(base, "docker-bake", ".hcl") || name_like(base, "docker-bake", ".json");
}

bool lf_build_context_is_remote(const char *context)
{
    const char *s = context;
    while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
           *s == '+' || *s == '-' || *s == '.')
        s++;
    if (s > context && strncmp(s, "://", 3) == 0)
        return true;
    return strncmp(context, "git@", 4) == 0 || strncmp(context, "github.com/", 11) == 0;
}

/* --- paths ------------------------------------------------------------------------ */

void lf_path_key(const char *path, lf_buf *out)
{
    char real[PATH_MAX];
    if (realpath(path, real)) {
        lf_buf_adds(out, real);
        return;
    }
    lf_buf raw = LF_BUF_INIT, abs = LF_BUF_INIT;
    char cwd[PATH_MAX];
    if (path[0] != '/' && getcwd(cwd, sizeof cwd))
        lf_buf_printf(&raw, "%s/", cwd);
    lf_buf_adds(&raw, path);
    lf_path_clean(raw.data, raw.len, &abs);
    lf_buf_free(&raw);
    /* the nearest existing directory, resolved, and the rest as written */
    for (size_t k = abs.len; k > 0;) {
        while (k > 0 && abs.data[k - 1] != '/')
            k--;
        if (k == 0)
            break;
        k--; /* abs.data[k] == '/' */
        char save = abs.data[k > 0 ? k : 1];
        abs.data[k > 0 ? k : 1] = 0;
        bool ok = realpath(abs.data, real) != NULL;
        abs.data[k > 0 ? k : 1] = save;
        if (ok) {
            lf_buf_adds(out, strcmp(real, "/") == 0 ? "" : real);
            lf_buf_adds(out, abs.data + k);
            lf_buf_free(&abs);
            return;
        }
    }
    lf_buf_add(out, abs.data, abs.len);
    lf_buf_free(&abs);
}

static void join_clean(lf_buf *out, const char *dir, const char *rel)
{
    lf_buf raw = LF_BUF_INIT;
    if (rel[0] == '/')
        lf_buf_adds(&raw, rel);
    else
        lf_buf_printf(&raw, "%s/%s", dir, rel);
    lf_path_clean(raw.data, raw.len, out);
    lf_buf_free(&raw);
}

/* --- the list ----------------------------------------------------------------------- */

void lf_builds_note(lf_builds *out, const char *file, size_t line, const char *fmt, ...)
{
    lf_buf b = LF_BUF_INIT;
    lf_buf_printf(&b, "%s:%zu: note: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    lf_strv_push(&out->notes, b.data, b.len);
    lf_buf_free(&b);
}

void lf_builds_add(lf_builds *out, const char *file, size_t line, const char *context,
                   const char *dockerfile)
{
    lf_buf dir = LF_BUF_INIT, ctx = LF_BUF_INIT, df = LF_BUF_INIT;
    const char *slash = strrchr(file, '/');
    if (!slash)
        lf_buf_adds(&dir, ".");
    else if (slash == file)
        lf_buf_adds(&dir, "/");
    else
        lf_buf_add(&dir, file, (size_t)(slash - file));
    join_clean(&ctx, dir.data, *context ? context : ".");
    join_clean(&df, ctx.data, *dockerfile ? dockerfile : "Dockerfile");
    lf_buf_free(&dir);

    lf_buf dkey = LF_BUF_INIT, ckey = LF_BUF_INIT;
    lf_path_key(df.data, &dkey);
    lf_path_key(ctx.data, &ckey);
    const lf_build_ref *first = NULL;
    for (size_t i = 0; i < out->n; i++) {
        if (strcmp(out->items[i].dockerfile_key, dkey.data) != 0)
            continue;
        if (strcmp(out->items[i].context_key, ckey.data) == 0)
            goto done; /* the same build again */
        if (!first)
            first = &out->items[i];
    }
    if (first)
        lf_builds_note(out, file, line,
                       "`%s` is also built with the context `%s` here; layerfix uses the "
                       "context `%s` from %s",
                       df.data, ctx.data, first->context, first->origin);
    lf_build_ref *r = LF_VEC_PUSH(out->items, out->n, out->cap);
    r->dockerfile = lf_buf_detach(&df, NULL);
    r->context = lf_buf_detach(&ctx, NULL);
    lf_buf o = LF_BUF_INIT;
    lf_buf_printf(&o, "%s:%zu", file, line);
    r->origin = lf_buf_detach(&o, NULL);
    r->dockerfile_key = lf_buf_detach(&dkey, NULL);
    r->context_key = lf_buf_detach(&ckey, NULL);
done:
    lf_buf_free(&dkey);
    lf_buf_free(&ckey);
    lf_buf_free(&df);
    lf_buf_free(&ctx);
}

const lf_build_ref *lf_builds_context_for(const lf_builds *b, const char *dockerfile_path)
{
    if (!b || b->n == 0)
        return NULL;
    lf_buf key = LF_BUF_INIT;
    lf_path_key(dockerfile_path, &key);
    const lf_build_ref *found = NULL;
    for (size_t i = 0; i < b->n && !found; i++)
        if (strcmp(b->items[i].dockerfile_key, key.data) == 0)
            found = &b->items[i];
    lf_buf_free(&key);
    return found;
}

void lf_builds_free(lf_builds *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].dockerfile);
        free(b->items[i].context);
        free(b->items[i].origin);
        free(b->items[i].dockerfile_key);
        free(b->items[i].context_key);
    }
    free(b->items);
    lf_strv_free(&b->notes);
    memset(b, 0, sizeof *b);
}

static int read_file(const char *path, lf_buf *text, lf_buf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        lf_buf_printf(err, "%s: error: %s", path, strerror(errno));
        return -1;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        lf_buf_add(text, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        lf_buf_printf(err, "%s: error: cannot read the file", path);
        return -1;
    }
    lf_buf_adds(text, "");
    return 0;
}

int lf_builds_load(lf_builds *out, const char *path, lf_buf *err)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return lf_is_bake_name(base) ? lf_bake_load(out, path, err) : lf_compose_load(out, path, err);
}

/* --- compose interpolation ----------------------------------------------------------- */

static bool name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

/* Compose's interpolation of s[0..n) without an environment: `$$` is `$`,
 * `${VAR:-default}` and `${VAR-default}` are the default (interpolated in
 * turn). Returns 0, or -1 with the variable that has no default in var. */
static int interpolate(const char *s, size_t n, lf_buf *out, lf_buf *var, int depth)
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
            lf_buf_add(var, s + i + 1, j - i - 1);
            return -1;
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
            return -1; /* not a template compose accepts */
        }
        size_t op = e;
        if (op < j && s[op] == ':')
            op++;
        if (op < j && s[op] == '-') {
            if (interpolate(s + op + 1, j - op - 1, out, var, depth + 1) != 0)
                return -1;
        } else {
            /* ${VAR}, ${VAR:?err}, ${VAR:+alt}: the value of VAR decides */
            lf_buf_add(var, s + a, e - a);
            return -1;
        }
        i = j + 1;
    }
    return 0;
}

/* --- compose YAML ------------------------------------------------------------------ */

static void offset_pos(const char *text, size_t len, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* Loads the first document; -1 with `FILE:LINE:COL: error: ...` in err. */
static int load_yaml(yaml_document_t *doc, const char *path, const char *text, size_t len,
                     lf_buf *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        lf_buf_printf(err, "%s: error: cannot start the YAML parser", path);
        return -1;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int rc = 0;
    if (!yaml_parser_load(&p, doc)) {
        rc = -1;
        size_t line = p.problem_mark.line + 1, col = p.problem_mark.column + 1;
        if (p.error == YAML_READER_ERROR)
            offset_pos(text, len, p.problem_offset, &line, &col);
        if (p.error == YAML_MEMORY_ERROR)
            lf_buf_printf(err, "%s: error: out of memory reading YAML", path);
        else
            lf_buf_printf(err, "%s:%zu:%zu: error: %s", path, line, col,
                          p.problem ? p.problem : "invalid YAML");
        if (p.error != YAML_MEMORY_ERROR && p.error != YAML_READER_ERROR && p.context)
            lf_buf_printf(err, " (%s at line %zu column %zu)", p.context,
                          (size_t)p.context_mark.line + 1, (size_t)p.context_mark.column + 1);
    }
    yaml_parser_delete(&p);
    return rc;
}

static const char *sval(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static bool is_null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = sval(n);
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
           strcmp(v, "NULL") == 0;
}

static bool is_merge_key(const yaml_node_t *k)
{
    return k->type == YAML_SCALAR_NODE && k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           strcmp(sval(k), "<<") == 0;
}

/* The value of key in mapping n, following `<<:` merges; NULL when absent. */
static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *n, const char *key, int depth)
{
    if (!n || n->type != YAML_MAPPING_NODE || depth > 16)
        return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        if (k->type == YAML_SCALAR_NODE && !is_merge_key(k) && strcmp(sval(k), key) == 0)
            return yaml_document_get_node(d, p->value);
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        if (!is_merge_key(k))
            continue;
        yaml_node_t *v = yaml_document_get_node(d, p->value);
        if (v->type == YAML_MAPPING_NODE) {
            yaml_node_t *r = map_get(d, v, key, depth + 1);
            if (r)
                return r;
        } else if (v->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *r = map_get(d, yaml_document_get_node(d, *it), key, depth + 1);
                if (r)
                    return r;
            }
        }
    }
    return NULL;
}

static size_t line_of(const yaml_node_t *n)
{
    return (size_t)n->start_mark.line + 1;
}

/* The string value of a build field, interpolated; false (with a note) when
 * the build must be skipped. */
static bool field(lf_builds *out, const char *path, const char *svc, const char *what,
                  const yaml_node_t *v, lf_buf *val)
{
    if (v->type != YAML_SCALAR_NODE || strlen(sval(v)) != v->data.scalar.length) {
        lf_builds_note(out, path, line_of(v), "service `%s`: `%s` is not a string; skipped", svc,
                       what);
        return false;
    }
    lf_buf var = LF_BUF_INIT;
    bool ok = interpolate(sval(v), v->data.scalar.length, val, &var, 0) == 0;
    if (!ok)
        lf_builds_note(out, path, line_of(v),
                       "service `%s`: `%s` needs the variable `%s`, which has no default "
                       "here; skipped",
                       svc, what, lf_buf_cstr(&var));
    lf_buf_free(&var);
    return ok;
}

static void do_service(lf_builds *out, const char *path, yaml_document_t *d, const char *svc,
                       yaml_node_t *s)
{
    if (is_null(s))
        return;
    if (s->type != YAML_MAPPING_NODE) {
        lf_builds_note(out, path, line_of(s), "service `%s` is not a mapping; ignored", svc);
        return;
    }
    yaml_node_t *b = map_get(d, s, "build", 0);
    if (is_null(b))
        return;
    lf_buf ctx = LF_BUF_INIT, df = LF_BUF_INIT;
    bool ok = true;
    if (b->type == YAML_SCALAR_NODE) {
        ok = field(out, path, svc, "build", b, &ctx);
        lf_buf_adds(&df, "Dockerfile");
    } else if (b->type == YAML_MAPPING_NODE) {
        yaml_node_t *c = map_get(d, b, "context", 0), *f = map_get(d, b, "dockerfile", 0);
        if (!is_null(map_get(d, b, "dockerfile_inline", 0))) {
            lf_builds_note(out, path, line_of(b),
                           "service `%s`: the Dockerfile is inline (`dockerfile_inline`); "
                           "skipped",
                           svc);
            ok = false;
        }
        if (ok && !is_null(c))
            ok = field(out, path, svc, "build.context", c, &ctx);
        if (ok && !is_null(f))
            ok = field(out, path, svc, "build.dockerfile", f, &df);
    } else {
        lf_builds_note(out, path, line_of(b),
                       "service `%s`: `build` is neither a string nor a mapping; skipped", svc);
        ok = false;
    }
    if (ok && lf_build_context_is_remote(lf_buf_cstr(&ctx))) {
        lf_builds_note(out, path, line_of(b),
                       "service `%s`: the build context `%s` is remote, not a directory here; "
                       "skipped",
                       svc, ctx.data);
        ok = false;
    }
    if (ok)
        lf_builds_add(out, path, line_of(b), lf_buf_cstr(&ctx), lf_buf_cstr(&df));
    lf_buf_free(&ctx);
    lf_buf_free(&df);
}

int lf_compose_parse(lf_builds *out, const char *path, const char *text, size_t len, lf_buf *err)
{
    yaml_document_t doc;
    if (load_yaml(&doc, path, text, len, err) != 0)
        return -1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !is_null(root)) {
        yaml_node_t *services = map_get(&doc, root, "services", 0);
        if (root->type != YAML_MAPPING_NODE) {
            lf_builds_note(out, path, line_of(root),
                           "the top level is not a mapping; not a compose file");
        } else if (services && !is_null(services) && services->type != YAML_MAPPING_NODE) {
            lf_builds_note(out, path, line_of(services), "`services` is not a mapping; ignored");
        } else if (services && services->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = services->data.mapping.pairs.start;
                 p < services->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(&doc, p->key);
                if (k->type != YAML_SCALAR_NODE || is_merge_key(k))
                    continue;
                do_service(out, path, &doc, sval(k), yaml_document_get_node(&doc, p->value));
            }
        }
    }
    yaml_document_delete(&doc);
    return 0;
}

int lf_compose_load(lf_builds *out, const char *path, lf_buf *err)
{
    lf_buf text = LF_BUF_INIT;
    int rc = read_file(path, &text, err);
    if (rc == 0)
        rc = lf_compose_parse(out, path, lf_buf_cstr(&text), text.len, err);
    lf_buf_free(&text);
    return rc;
}

int lf_builds_load_yaml(struct yaml_document_s *doc, const char *path, const char *text, size_t len,
                        lf_buf *err)
{
    return load_yaml(doc, path, text, len, err);
}

int lf_builds_read_file(const char *path, lf_buf *text, lf_buf *err)
{
    return read_file(path, text, err);
}
