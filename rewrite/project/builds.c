/*
 * The lf_builds list (compose.h) that compose, bake, CI and script readers
 * fill, the path helpers they share, and reading files and YAML documents
 * for them.
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

void lf_path_join_dir(const char *dir, const char *rel, lf_buf *out)
{
    lf_buf raw = LF_BUF_INIT;
    if (rel[0] == '/')
        lf_buf_adds(&raw, rel);
    else
        lf_buf_printf(&raw, "%s/%s", dir, rel);
    lf_path_clean(raw.data, raw.len, out);
    lf_buf_free(&raw);
}

void lf_path_dir(const char *path, lf_buf *out)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        lf_buf_adds(out, ".");
    else if (slash == path)
        lf_buf_adds(out, "/");
    else
        lf_buf_add(out, path, (size_t)(slash - path));
}

/* The components of an absolute cleaned path: the length of the first n. */
static size_t prefix_len(const char *abs, size_t n)
{
    size_t i = 0;
    for (size_t k = 0; k < n; k++) {
        i++; /* the '/' */
        while (abs[i] && abs[i] != '/')
            i++;
    }
    return i;
}

static size_t ncomponents(const char *abs)
{
    size_t n = 0;
    for (const char *s = abs; *s; s++)
        if (*s == '/' && s[1])
            n++;
    return n;
}

void lf_path_display(const char *path, lf_buf *out)
{
    lf_buf key = LF_BUF_INIT;
    lf_path_key(path, &key);
    char here[PATH_MAX], cwd[PATH_MAX];
    if (!getcwd(here, sizeof here) || !realpath(here, cwd) || strcmp(cwd, "/") == 0 ||
        key.data[0] != '/') {
        lf_buf_add(out, key.data, key.len);
        lf_buf_free(&key);
        return;
    }
    /* the common leading components */
    size_t nc = ncomponents(cwd), nk = ncomponents(key.data), common = 0;
    while (common < nc && common < nk) {
        size_t a = prefix_len(cwd, common + 1), b = prefix_len(key.data, common + 1);
        if (a != b || strncmp(cwd, key.data, a) != 0)
            break;
        common++;
    }
    if (common == 0) {
        lf_buf_add(out, key.data, key.len);
        lf_buf_free(&key);
        return;
    }
    size_t start = out->len;
    for (size_t k = common; k < nc; k++)
        lf_buf_adds(out, out->len > start ? "/.." : "..");
    const char *rest = key.data + prefix_len(key.data, common);
    if (*rest)
        lf_buf_adds(out, out->len > start ? rest : rest + 1);
    if (out->len == start)
        lf_buf_adds(out, ".");
    lf_buf_free(&key);
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

static bool happens(lf_evidence_kind kind)
{
    return lf_evidence_rank(kind) == lf_evidence_rank(LF_EVIDENCE_COMPOSE);
}

static bool same_target(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

void lf_builds_add_paths(lf_builds *out, lf_evidence_kind kind, const char *detail,
                         const char *file, size_t line, const char *context, const char *dockerfile,
                         const char *target)
{
    lf_buf dkey = LF_BUF_INIT, ckey = LF_BUF_INIT;
    lf_path_key(dockerfile, &dkey);
    if (context)
        lf_path_key(context, &ckey);
    const lf_build_ref *first = NULL;
    for (size_t i = 0; i < out->n; i++) {
        const lf_build_ref *r = &out->items[i];
        if (strcmp(r->dockerfile_key, dkey.data) != 0)
            continue;
        bool same =
            context ? r->context_key && strcmp(r->context_key, ckey.data) == 0 : !r->context_key;
        if (same && same_target(r->target, target) &&
            lf_evidence_rank(r->kind) <= lf_evidence_rank(kind))
            goto done; /* the same build again */
        if (!same && !first && context && r->context && happens(r->kind) && happens(kind))
            first = r;
    }
    if (first)
        lf_builds_note(out, file, line,
                       "`%s` is also built with the context `%s` here; layerfix uses the "
                       "context `%s` from %s",
                       dockerfile, context, first->context, first->origin);
    lf_build_ref *r = LF_VEC_PUSH(out->items, out->n, out->cap);
    r->dockerfile = strdup(dockerfile);
    r->context = context ? strdup(context) : NULL;
    lf_buf o = LF_BUF_INIT;
    lf_buf_printf(&o, "%s:%zu", file, line);
    r->origin = lf_buf_detach(&o, NULL);
    r->kind = kind;
    r->detail = detail ? strdup(detail) : NULL;
    r->target = target ? strdup(target) : NULL;
    r->dockerfile_key = lf_buf_detach(&dkey, NULL);
    r->context_key = context ? lf_buf_detach(&ckey, NULL) : NULL;
done:
    lf_buf_free(&dkey);
    lf_buf_free(&ckey);
}

void lf_builds_add_as(lf_builds *out, lf_evidence_kind kind, const char *detail, const char *file,
                      size_t line, const char *context, const char *dockerfile, const char *target)
{
    lf_buf dir = LF_BUF_INIT, ctx = LF_BUF_INIT, df = LF_BUF_INIT;
    lf_path_dir(file, &dir);
    lf_path_join_dir(dir.data, *context ? context : ".", &ctx);
    lf_path_join_dir(ctx.data, *dockerfile ? dockerfile : "Dockerfile", &df);
    lf_builds_add_paths(out, kind, detail, file, line, ctx.data, df.data, target);
    lf_buf_free(&dir);
    lf_buf_free(&df);
    lf_buf_free(&ctx);
}

void lf_builds_add(lf_builds *out, const char *file, size_t line, const char *context,
                   const char *dockerfile)
{
    lf_builds_add_as(out, LF_EVIDENCE_COMPOSE, NULL, file, line, context, dockerfile, NULL);
}

const lf_build_ref *lf_builds_context_for(const lf_builds *b, const char *dockerfile_path)
{
    if (!b || b->n == 0)
        return NULL;
    lf_buf key = LF_BUF_INIT;
    lf_path_key(dockerfile_path, &key);
    const lf_build_ref *found = NULL;
    for (size_t i = 0; i < b->n && !found; i++)
        if (b->items[i].context && strcmp(b->items[i].dockerfile_key, key.data) == 0)
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
        free(b->items[i].detail);
        free(b->items[i].target);
        free(b->items[i].dockerfile_key);
        free(b->items[i].context_key);
    }
    free(b->items);
    lf_strv_free(&b->notes);
    lf_strv_free(&b->loaded);
    lf_strv_free(&b->dockerfile_like);
    free(b->override);
    memset(b, 0, sizeof *b);
}

/* --- files ------------------------------------------------------------------------ */

int lf_builds_read_file(const char *path, lf_buf *text, lf_buf *err)
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

int lf_builds_load_yaml(struct yaml_document_s *doc, const char *path, const char *text, size_t len,
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
