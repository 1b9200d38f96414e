/*
 * Reading .layerfix.yml (see config.h). The file is loaded with libyaml's
 * document loader (so anchors and aliases resolve), then the node tree is
 * checked key by key; every problem becomes one `FILE:LINE:COL: error:` line
 * and checking goes on, so one run shows all of them.
 */
#include "config.h"

#include "compose.h"
#include "worktree.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static const char *const known_keys[] = {"passes",           "volatile-args", "target-builder",
                                         "syntax-directive", "exclude",       "contexts",
                                         "include"};
#define NKEYS (sizeof known_keys / sizeof known_keys[0])

typedef struct cfg_ctx {
    lf_config *c;
    const char *path;
    yaml_document_t *doc;
    lf_buf *err;
    int nerr;
} cfg_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void
cfg_error(cfg_ctx *x, size_t line, size_t col, int has_col, const char *fmt, ...)
{
    if (x->nerr++ > 0 || x->err->len > 0)
        lf_buf_addc(x->err, '\n');
    if (has_col)
        lf_buf_printf(x->err, "%s:%zu:%zu: error: ", x->path, line, col);
    else
        lf_buf_printf(x->err, "%s: error: ", x->path);
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(x->err, fmt, ap);
    va_end(ap);
}

#define AT(node) (node)->start_mark.line + 1, (node)->start_mark.column + 1, 1

/* --- YAML node helpers ------------------------------------------------------------ */

static const char *sval(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* A scalar without NUL bytes inside (a "\0" escape would cut it short). */
static bool is_text(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && strlen(sval(n)) == n->data.scalar.length;
}

static bool is_plain(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* YAML 1.1 null: an empty plain scalar, `~` or null/Null/NULL. */
static bool is_null(const yaml_node_t *n)
{
    if (!is_plain(n))
        return false;
    const char *v = sval(n);
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
           strcmp(v, "NULL") == 0;
}

/* 1 true, 0 false, -1 not a boolean. */
static int yaml_bool(const yaml_node_t *n)
{
    if (!is_plain(n))
        return -1;
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(sval(n), yes[i]) == 0)
            return 1;
        if (strcasecmp(sval(n), no[i]) == 0)
            return 0;
    }
    return -1;
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a sequence";
    default:
        return is_null(n) ? "null" : "a scalar";
    }
}

/* A short, printable rendering of a scalar for messages. */
static void show(lf_buf *out, const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE) {
        lf_buf_adds(out, kind_name(n));
        return;
    }
    lf_buf_addc(out, '`');
    size_t len = n->data.scalar.length;
    for (size_t i = 0; i < len && i < 60; i++) {
        unsigned char ch = n->data.scalar.value[i];
        if (ch < 0x20 || ch == 0x7f)
            lf_buf_printf(out, "\\x%02x", ch);
        else
            lf_buf_addc(out, (char)ch);
    }
    if (len > 60)
        lf_buf_adds(out, "...");
    lf_buf_addc(out, '`');
}

/* Checks key i of a mapping: it must be a scalar and must not repeat an
 * earlier key. Returns false (with an error reported) when pair i must be
 * skipped. */
static bool key_ok(cfg_ctx *x, const yaml_node_t *map, size_t i, const char *what)
{
    yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
    yaml_node_t *k = yaml_document_get_node(x->doc, pairs[i].key);
    if (!is_text(k)) {
        cfg_error(x, AT(k), "%s keys must be plain strings, not %s", what, kind_name(k));
        return false;
    }
    for (size_t j = 0; j < i; j++) {
        yaml_node_t *kj = yaml_document_get_node(x->doc, pairs[j].key);
        if (kj->type == YAML_SCALAR_NODE && strcmp(sval(kj), sval(k)) == 0) {
            cfg_error(x, AT(k), "duplicate key `%s` (first at line %zu)", sval(k),
                      (size_t)kj->start_mark.line + 1);
            return false;
        }
    }
    return true;
}

/* --- the keys ----------------------------------------------------------------------- */

static void known_passes(const lf_pass_table *t, lf_buf *out)
{
    for (size_t i = 0; i < t->n; i++)
        lf_buf_printf(out, "%s%s", i ? ", " : "", t->passes[i].id);
}

static void do_passes(cfg_ctx *x, yaml_node_t *v)
{
    if (v->type != YAML_MAPPING_NODE) {
        cfg_error(x, AT(v), "`passes` must be a mapping of pass id to true/false, not %s",
                  kind_name(v));
        return;
    }
    size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    for (size_t i = 0; i < n; i++) {
        if (!key_ok(x, v, i, "`passes`"))
            continue;
        yaml_node_pair_t *pr = &v->data.mapping.pairs.start[i];
        yaml_node_t *k = yaml_document_get_node(x->doc, pr->key);
        yaml_node_t *val = yaml_document_get_node(x->doc, pr->value);
        const lf_pass *p = lf_pass_table_find(x->c->passes, sval(k));
        if (!p) {
            lf_buf known = LF_BUF_INIT;
            known_passes(x->c->passes, &known);
            cfg_error(x, AT(k), "unknown pass `%s` (known passes: %s)", sval(k),
                      lf_buf_cstr(&known));
            lf_buf_free(&known);
            continue;
        }
        int b = yaml_bool(val);
        if (b < 0) {
            lf_buf s = LF_BUF_INIT;
            show(&s, val);
            cfg_error(x, AT(val), "`passes: %s:` must be true or false, not %s", p->id,
                      lf_buf_cstr(&s));
            lf_buf_free(&s);
            continue;
        }
        size_t idx = (size_t)(p - x->c->passes->passes);
        x->c->pass_set[idx] = true;
        x->c->pass_on[idx] = b == 1;
    }
}

static bool is_arg_name(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static void do_volatile_args(cfg_ctx *x, yaml_node_t *v)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        cfg_error(x, AT(v), "`volatile-args` must be a sequence of ARG names, not %s",
                  kind_name(v));
        return;
    }
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(x->doc, *it);
        if (!is_text(e) || !is_arg_name(sval(e))) {
            lf_buf s = LF_BUF_INIT;
            show(&s, e);
            cfg_error(x, AT(e),
                      "`volatile-args`: %s is not an ARG name (letters, digits and _, not "
                      "starting with a digit)",
                      lf_buf_cstr(&s));
            lf_buf_free(&s);
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < x->c->volatile_args.n; i++)
            dup = dup || strcmp(x->c->volatile_args.items[i].s, sval(e)) == 0;
        if (!dup)
            lf_strv_push(&x->c->volatile_args, sval(e), strlen(sval(e)));
    }
}

static void do_builder(cfg_ctx *x, yaml_node_t *v)
{
    lf_builder b;
    if (!is_text(v) || lf_builder_from_name(&b, sval(v)) != 0) {
        lf_buf s = LF_BUF_INIT;
        show(&s, v);
        cfg_error(x, AT(v),
                  "`target-builder` must be one of buildkit, buildah, kaniko, legacy, "
                  "not %s",
                  lf_buf_cstr(&s));
        lf_buf_free(&s);
        return;
    }
    x->c->has_builder = 1;
    x->c->builder = b;
}

static void do_syntax(cfg_ctx *x, yaml_node_t *v)
{
    int b = yaml_bool(v);
    if (b < 0) {
        lf_buf s = LF_BUF_INIT;
        show(&s, v);
        cfg_error(x, AT(v), "`syntax-directive` must be true or false, not %s", lf_buf_cstr(&s));
        lf_buf_free(&s);
        return;
    }
    x->c->syntax_directive = b;
}

/* `exclude:` or `include:` (key): path patterns into strv and their
 * compiled matcher into *ig. */
static void do_patterns(cfg_ctx *x, yaml_node_t *v, const char *key, lf_strv *strv, lf_ignore **ig)
{
    if (v->type != YAML_SEQUENCE_NODE) {
        cfg_error(x, AT(v), "`%s` must be a sequence of path patterns, not %s", key, kind_name(v));
        return;
    }
    /* one pattern per line of a .dockerignore text, so that line N of a
     * compile error is item N */
    lf_buf text = LF_BUF_INIT;
    yaml_node_t **items = NULL;
    size_t nitems = 0;
    items = calloc((size_t)(v->data.sequence.items.top - v->data.sequence.items.start) + 1,
                   sizeof *items);
    if (!items)
        abort();
    int bad = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *e = yaml_document_get_node(x->doc, *it);
        const char *p = is_text(e) ? sval(e) : NULL;
        size_t ws = p ? strspn(p, " \t") : 0;
        if (!p || is_null(e) || !p[ws] || strpbrk(p, "\r\n")) {
            lf_buf s = LF_BUF_INIT;
            show(&s, e);
            cfg_error(x, AT(e), "`%s`: %s is not a path pattern (one line of text)", key,
                      lf_buf_cstr(&s));
            lf_buf_free(&s);
            bad++;
            continue;
        }
        /* a '#' would start a comment line; escaped it is the character */
        if (p[ws] == '#')
            lf_buf_adds(&text, "\\");
        lf_buf_adds(&text, p + ws);
        lf_buf_addc(&text, '\n');
        items[nitems++] = e;
        lf_strv_push(strv, p, strlen(p));
    }
    if (!bad && nitems > 0) {
        lf_buf cerr = LF_BUF_INIT;
        if (lf_ignore_compile(ig, text.data, text.len, &cerr) != 0) {
            /* "line N: `PATTERN`: what is wrong" */
            size_t line = 0;
            const char *msg = lf_buf_cstr(&cerr);
            if (sscanf(msg, "line %zu:", &line) == 1 && line >= 1 && line <= nitems) {
                const char *rest = strchr(msg, ':') + 1;
                while (*rest == ' ')
                    rest++;
                cfg_error(x, AT(items[line - 1]), "`%s`: %s", key, rest);
            } else {
                cfg_error(x, AT(v), "`%s`: %s", key, msg);
            }
            *ig = NULL;
        }
        lf_buf_free(&cerr);
    }
    free(items);
    lf_buf_free(&text);
}

/* path (relative to the file's directory unless absolute) exists as a
 * directory (want_dir) or a regular file; joined (as given) into joined. */
static bool path_ok(cfg_ctx *x, const char *path, bool want_dir, lf_buf *joined)
{
    lf_buf dir = LF_BUF_INIT, abs = LF_BUF_INIT;
    lf_path_dir(x->c->path, &dir);
    lf_path_join_dir(dir.data, path, joined);
    lf_path_join_dir(x->c->root, path, &abs);
    struct stat st;
    bool ok = stat(abs.data, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
    lf_buf_free(&dir);
    lf_buf_free(&abs);
    return ok;
}

/* One context directory of a `contexts` entry. */
static void context_dir(cfg_ctx *x, const char *df, yaml_node_t *e, lf_config_context *cc)
{
    if (!is_text(e) || is_null(e) || !*sval(e)) {
        lf_buf s = LF_BUF_INIT;
        show(&s, e);
        cfg_error(x, AT(e), "`contexts: %s:` takes a directory or a list of directories, not %s",
                  df, lf_buf_cstr(&s));
        lf_buf_free(&s);
        return;
    }
    lf_buf j = LF_BUF_INIT;
    if (lf_build_context_is_remote(sval(e)))
        cfg_error(x, AT(e), "`contexts: %s:` `%s` is remote, not a directory here", df, sval(e));
    else if (!path_ok(x, sval(e), true, &j))
        cfg_error(x, AT(e), "`contexts: %s:` `%s` is not a directory", df, sval(e));
    else {
        cc->lines = realloc(cc->lines, (cc->dirs.n + 1) * sizeof *cc->lines);
        if (!cc->lines)
            abort();
        cc->lines[cc->dirs.n] = (size_t)e->start_mark.line + 1;
        lf_strv_push(&cc->dirs, j.data, j.len);
    }
    lf_buf_free(&j);
}

static void do_contexts(cfg_ctx *x, yaml_node_t *v)
{
    if (v->type != YAML_MAPPING_NODE) {
        cfg_error(x, AT(v),
                  "`contexts` must be a mapping of Dockerfile to context directory, not %s",
                  kind_name(v));
        return;
    }
    size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    for (size_t i = 0; i < n; i++) {
        if (!key_ok(x, v, i, "`contexts`"))
            continue;
        yaml_node_pair_t *pr = &v->data.mapping.pairs.start[i];
        yaml_node_t *k = yaml_document_get_node(x->doc, pr->key);
        yaml_node_t *val = yaml_document_get_node(x->doc, pr->value);
        lf_buf df = LF_BUF_INIT;
        if (!*sval(k) || !path_ok(x, sval(k), false, &df)) {
            cfg_error(x, AT(k), "`contexts`: `%s` is not a Dockerfile here (no such file)",
                      sval(k));
            lf_buf_free(&df);
            continue;
        }
        lf_config_context cc = {0};
        cc.dockerfile = lf_buf_detach(&df, NULL);
        if (val->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = val->data.sequence.items.start;
                 it < val->data.sequence.items.top; it++)
                context_dir(x, sval(k), yaml_document_get_node(x->doc, *it), &cc);
            if (val->data.sequence.items.top == val->data.sequence.items.start)
                cfg_error(x, AT(val), "`contexts: %s:` the list of directories is empty", sval(k));
        } else {
            context_dir(x, sval(k), val, &cc);
        }
        x->c->contexts = realloc(x->c->contexts, (x->c->ncontexts + 1) * sizeof *x->c->contexts);
        if (!x->c->contexts)
            abort();
        x->c->contexts[x->c->ncontexts++] = cc;
    }
}

static void do_root(cfg_ctx *x, yaml_node_t *root)
{
    if (is_null(root))
        return;
    if (root->type != YAML_MAPPING_NODE) {
        cfg_error(x, AT(root),
                  "the top level must be a mapping of settings (passes, volatile-args, "
                  "target-builder, syntax-directive, exclude, contexts, include), not %s",
                  kind_name(root));
        return;
    }
    size_t n = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
    for (size_t i = 0; i < n; i++) {
        if (!key_ok(x, root, i, "top-level"))
            continue;
        yaml_node_pair_t *pr = &root->data.mapping.pairs.start[i];
        yaml_node_t *k = yaml_document_get_node(x->doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(x->doc, pr->value);
        const char *key = sval(k);
        size_t which = NKEYS;
        for (size_t j = 0; j < NKEYS; j++)
            if (strcmp(key, known_keys[j]) == 0)
                which = j;
        if (which == NKEYS) {
            lf_buf s = LF_BUF_INIT;
            show(&s, k);
            cfg_error(x, AT(k),
                      "unknown key %s (known keys: passes, volatile-args, target-builder, "
                      "syntax-directive, exclude, contexts, include)",
                      lf_buf_cstr(&s));
            lf_buf_free(&s);
            continue;
        }
        if (is_null(v))
            continue; /* `key:` with no value: unset */
        switch (which) {
        case 0:
            do_passes(x, v);
            break;
        case 1:
            do_volatile_args(x, v);
            break;
        case 2:
            do_builder(x, v);
            break;
        case 3:
            do_syntax(x, v);
            break;
        case 4:
            do_patterns(x, v, "exclude", &x->c->exclude, &x->c->exclude_ig);
            break;
        case 6:
            do_patterns(x, v, "include", &x->c->include, &x->c->include_ig);
            break;
        case 5:
            do_contexts(x, v);
            break;
        default:
            break;
        }
    }
}

/* --- loading ------------------------------------------------------------------------ */

/* 1-based line and column of a byte offset (for reader errors, which carry
 * only an offset). */
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

static void yaml_problem(cfg_ctx *x, const yaml_parser_t *p, const char *text, size_t len)
{
    size_t line, col;
    if (p->error == YAML_MEMORY_ERROR) {
        cfg_error(x, 0, 0, 0, "out of memory reading YAML");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        offset_pos(text, len, p->problem_offset, &line, &col);
        cfg_error(x, line, col, 1, "%s", p->problem ? p->problem : "cannot read the YAML text");
        return;
    }
    line = p->problem_mark.line + 1;
    col = p->problem_mark.column + 1;
    if (p->context)
        cfg_error(x, line, col, 1, "%s (%s at line %zu column %zu)",
                  p->problem ? p->problem : "invalid YAML", p->context,
                  (size_t)p->context_mark.line + 1, (size_t)p->context_mark.column + 1);
    else
        cfg_error(x, line, col, 1, "%s", p->problem ? p->problem : "invalid YAML");
}

/* The directory of path as an absolute path, symbolic links resolved when it
 * exists. */
static char *abs_dir_of(const char *path)
{
    lf_buf d = LF_BUF_INIT;
    const char *slash = strrchr(path, '/');
    if (!slash)
        lf_buf_adds(&d, ".");
    else if (slash == path)
        lf_buf_adds(&d, "/");
    else
        lf_buf_add(&d, path, (size_t)(slash - path));
    char real[PATH_MAX];
    lf_buf out = LF_BUF_INIT;
    if (realpath(d.data, real)) {
        lf_buf_adds(&out, real);
    } else {
        lf_buf raw = LF_BUF_INIT;
        char cwd[PATH_MAX];
        if (d.data[0] != '/' && getcwd(cwd, sizeof cwd))
            lf_buf_printf(&raw, "%s/", cwd);
        lf_buf_adds(&raw, d.data);
        lf_path_clean(raw.data, raw.len, &out);
        lf_buf_free(&raw);
    }
    lf_buf_free(&d);
    return lf_buf_detach(&out, NULL);
}

void lf_config_init(lf_config *c)
{
    memset(c, 0, sizeof *c);
    c->syntax_directive = -1;
}

int lf_config_parse(lf_config *c, const lf_pass_table *passes, const char *path, const char *text,
                    size_t len, lf_buf *err)
{
    lf_config_init(c);
    c->passes = passes;
    c->path = strdup(path);
    c->root = abs_dir_of(path);
    cfg_ctx x = {.c = c, .path = path, .err = err};
    if (passes->n > LF_CONFIG_MAX_PASSES) {
        cfg_error(&x, 0, 0, 0, "layerfix has more passes than LF_CONFIG_MAX_PASSES");
        return -1;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        cfg_error(&x, 0, 0, 0, "cannot start the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) {
        yaml_problem(&x, &parser, text, len);
        yaml_parser_delete(&parser);
        return -1;
    }
    x.doc = &doc;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root)
        do_root(&x, root);
    /* a second document would be silently ignored: refuse it */
    yaml_document_t more;
    if (!yaml_parser_load(&parser, &more)) {
        yaml_problem(&x, &parser, text, len);
    } else {
        yaml_node_t *r2 = yaml_document_get_root_node(&more);
        if (r2)
            cfg_error(&x, (size_t)more.start_mark.line + 1, (size_t)more.start_mark.column + 1, 1,
                      "only one YAML document is allowed");
        yaml_document_delete(&more);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return x.nerr ? -1 : 0;
}

int lf_config_load(lf_config *c, const lf_pass_table *passes, const char *path, lf_buf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        lf_config_init(c);
        c->passes = passes;
        if (err->len)
            lf_buf_addc(err, '\n');
        lf_buf_printf(err, "%s: error: %s", path, strerror(errno));
        return -1;
    }
    lf_buf text = LF_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        lf_buf_add(&text, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        lf_config_init(c);
        c->passes = passes;
        if (err->len)
            lf_buf_addc(err, '\n');
        lf_buf_printf(err, "%s: error: cannot read the file", path);
        lf_buf_free(&text);
        return -1;
    }
    int rc = lf_config_parse(c, passes, path, lf_buf_cstr(&text), text.len, err);
    lf_buf_free(&text);
    return rc;
}

void lf_config_free(lf_config *c)
{
    lf_strv_free(&c->volatile_args);
    lf_strv_free(&c->exclude);
    lf_ignore_free(c->exclude_ig);
    lf_strv_free(&c->include);
    lf_ignore_free(c->include_ig);
    for (size_t i = 0; i < c->ncontexts; i++) {
        free(c->contexts[i].dockerfile);
        lf_strv_free(&c->contexts[i].dirs);
        free(c->contexts[i].lines);
    }
    free(c->contexts);
    free(c->path);
    free(c->root);
    lf_config_init(c);
}

/* --- finding the file ------------------------------------------------------------------ */

int lf_config_find(lf_buf *path_out, const char *start_dir)
{
    lf_buf_clear(path_out);
    char root[PATH_MAX], here[PATH_MAX], cwd[PATH_MAX];
    lf_buf wd = LF_BUF_INIT;
    bool have_root = lf_git_work_tree(start_dir, &wd);
    snprintf(root, sizeof root, "%s", lf_buf_cstr(&wd));
    lf_buf_free(&wd);
    if (!have_root && !realpath(start_dir, root)) {
        /* start_dir does not exist: say where it would be */
        lf_buf_printf(path_out, "%s/%s", start_dir, LF_CONFIG_NAME);
        return 0;
    }
    size_t rl = strlen(root);
    if (getcwd(here, sizeof here) && realpath(here, cwd)) {
        size_t cl = strlen(cwd);
        if (strcmp(root, cwd) == 0) {
            lf_buf_adds(path_out, LF_CONFIG_NAME);
        } else if (rl > cl && strncmp(root, cwd, cl) == 0 && (root[cl] == '/' || cl == 1)) {
            /* below the current directory */
            lf_buf_printf(path_out, "%s/%s", root + cl + (cl == 1 ? 0 : 1), LF_CONFIG_NAME);
        } else if (cl > rl && strncmp(cwd, root, rl) == 0 && (cwd[rl] == '/' || rl == 1)) {
            /* above it: one "../" per component of cwd below root */
            for (const char *s = cwd + rl; *s; s++)
                if (*s != '/' && (s == cwd + rl || s[-1] == '/'))
                    lf_buf_adds(path_out, "../");
            lf_buf_adds(path_out, LF_CONFIG_NAME);
        }
    }
    if (path_out->len == 0)
        lf_buf_printf(path_out, "%s%s%s", root, rl > 1 ? "/" : "", LF_CONFIG_NAME);
    struct stat st;
    return stat(path_out->data, &st) == 0 && S_ISREG(st.st_mode);
}

/* --- exclusion ---------------------------------------------------------------------------- */

static bool matches_patterns(const lf_config *c, const lf_ignore *ig, const char *path)
{
    if (!c || !ig || !c->root || !*path)
        return false;
    char *dir = abs_dir_of(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    lf_buf full = LF_BUF_INIT;
    lf_buf_printf(&full, "%s/%s", dir, base);
    free(dir);
    lf_buf abs = LF_BUF_INIT;
    lf_path_clean(full.data, full.len, &abs);
    lf_buf_free(&full);
    size_t rl = strlen(c->root);
    bool out = false;
    if (strcmp(c->root, "/") == 0)
        rl = 0;
    if (abs.len > rl + 1 && strncmp(abs.data, c->root, rl) == 0 && abs.data[rl] == '/') {
        struct stat st;
        bool is_dir = stat(abs.data, &st) == 0 && S_ISDIR(st.st_mode);
        out = lf_ignore_match(ig, abs.data + rl + 1, is_dir);
    }
    lf_buf_free(&abs);
    return out;
}

bool lf_config_excluded(const lf_config *c, const char *path)
{
    return c && matches_patterns(c, c->exclude_ig, path);
}

bool lf_config_included(const lf_config *c, const char *path)
{
    return c && matches_patterns(c, c->include_ig, path);
}
