/*
 * Build contexts from Docker Compose files (see compose.h). The YAML is
 * loaded as a document (libyaml's loader resolves aliases to the anchored
 * node), then services.*.build is looked at through lookups that follow
 * `<<:` merge keys (yamlutil.h), with compose's own rules around it:
 *
 *  - variables come from the `.env` file of the project directory (the
 *    compose file's directory; dotenv.h), never from the environment;
 *  - `include:` (a path, or `{path, project_directory, env_file}`) loads
 *    other compose files, each with its own project directory (by default
 *    its own directory) and `.env`; relative paths are relative to the
 *    including file's project directory;
 *  - `extends:` (`NAME`, or `{service, file}`) gives a service the build of
 *    another one (in this file or another, whose relative paths stay
 *    relative to that file's directory); the service's own `build` keys
 *    override the inherited ones.
 */
#include "compose.h"

#include "dotenv.h"
#include "yamlutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 8

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

/* --- one compose file ------------------------------------------------------------------ */

typedef struct cfile {
    lf_builds *out;
    const char *path;      /* as given: messages, origins */
    const char *dir;       /* the project directory relative paths start from */
    const lf_strmap *vars; /* from the project's .env files */
    yaml_document_t *doc;
    int depth; /* include / extends nesting */
} cfile;

/* A service's build as far as it is known (extends merged in). */
typedef struct sbuild {
    bool has, ok;
    lf_buf context;    /* joined with the directory it was written relative to */
    lf_buf dockerfile; /* as written (relative to the context unless absolute); empty: default */
    lf_buf target;     /* `build.target`; empty: the last stage (or not known) */
    lf_buf file;       /* where the build node is */
    size_t line;
} sbuild;

static void sbuild_free(sbuild *b)
{
    lf_buf_free(&b->context);
    lf_buf_free(&b->dockerfile);
    lf_buf_free(&b->target);
    lf_buf_free(&b->file);
}

/* The string value of a build field, interpolated; false (with a note) when
 * the build must be skipped. */
static bool field(const cfile *cf, const char *svc, const char *what, const yaml_node_t *v,
                  lf_buf *val)
{
    if (!lf_yaml_is_text(v)) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(v),
                       "service `%s`: `%s` is not a string; skipped", svc, what);
        return false;
    }
    lf_buf var = LF_BUF_INIT;
    bool ok =
        lf_compose_interpolate(lf_yaml_str(v), v->data.scalar.length, cf->vars, val, &var) == 0;
    if (!ok)
        lf_builds_note(cf->out, cf->path, lf_yaml_line(v),
                       "service `%s`: `%s` needs the variable `%s`, which has no default "
                       "here; skipped",
                       svc, what, lf_buf_cstr(&var));
    lf_buf_free(&var);
    return ok;
}

/* Sets the context of sb from the raw (interpolated) value. */
static bool set_context(const cfile *cf, const char *svc, const yaml_node_t *at, const char *raw,
                        sbuild *sb)
{
    if (lf_build_context_is_remote(raw)) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(at),
                       "service `%s`: the build context `%s` is remote, not a directory here; "
                       "skipped",
                       svc, raw);
        return false;
    }
    lf_buf_clear(&sb->context);
    lf_path_join_dir(cf->dir, *raw ? raw : ".", &sb->context);
    return true;
}

/* `build.target` (t may be NULL): the stage the build stops at. One that
 * cannot be known here (not a string, an unset variable) leaves the build
 * in, without a target, and says so. */
static void set_target(const cfile *cf, const char *svc, const yaml_node_t *t, sbuild *sb)
{
    if (lf_yaml_is_null(t))
        return;
    lf_buf_clear(&sb->target);
    lf_buf val = LF_BUF_INIT, var = LF_BUF_INIT;
    if (!lf_yaml_is_text(t))
        lf_builds_note(cf->out, cf->path, lf_yaml_line(t),
                       "service `%s`: `build.target` is not a string; its stage is not known", svc);
    else if (lf_compose_interpolate(lf_yaml_str(t), t->data.scalar.length, cf->vars, &val, &var) !=
             0)
        lf_builds_note(cf->out, cf->path, lf_yaml_line(t),
                       "service `%s`: `build.target` needs the variable `%s`, which has no "
                       "default here; its stage is not known",
                       svc, lf_buf_cstr(&var));
    else
        lf_buf_add(&sb->target, val.data, val.len);
    lf_buf_free(&val);
    lf_buf_free(&var);
}

/* The service's own `build` node, applied over what sb inherited. */
static void own_build(const cfile *cf, const char *svc, yaml_node_t *b, sbuild *sb)
{
    lf_buf v = LF_BUF_INIT;
    bool ok = true;
    if (b->type == YAML_SCALAR_NODE) {
        ok = field(cf, svc, "build", b, &v) && set_context(cf, svc, b, lf_buf_cstr(&v), sb);
    } else if (b->type == YAML_MAPPING_NODE) {
        yaml_node_t *c = lf_yaml_get(cf->doc, b, "context"),
                    *f = lf_yaml_get(cf->doc, b, "dockerfile");
        if (!lf_yaml_is_null(lf_yaml_get(cf->doc, b, "dockerfile_inline"))) {
            lf_builds_note(cf->out, cf->path, lf_yaml_line(b),
                           "service `%s`: the Dockerfile is inline (`dockerfile_inline`); "
                           "skipped",
                           svc);
            ok = false;
        }
        if (ok && !lf_yaml_is_null(c))
            ok = field(cf, svc, "build.context", c, &v) &&
                 set_context(cf, svc, b, lf_buf_cstr(&v), sb);
        else if (ok && !sb->has)
            set_context(cf, svc, b, ".", sb);
        lf_buf_clear(&v);
        if (ok && !lf_yaml_is_null(f) && (ok = field(cf, svc, "build.dockerfile", f, &v))) {
            lf_buf_clear(&sb->dockerfile);
            lf_buf_add(&sb->dockerfile, v.data, v.len);
        }
        if (ok)
            set_target(cf, svc, lf_yaml_get(cf->doc, b, "target"), sb);
    } else {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(b),
                       "service `%s`: `build` is neither a string nor a mapping; skipped", svc);
        ok = false;
    }
    sb->has = true;
    sb->ok = sb->ok && ok;
    lf_buf_clear(&sb->file);
    lf_buf_adds(&sb->file, cf->path);
    sb->line = lf_yaml_line(b);
    lf_buf_free(&v);
}

static void resolve_service(const cfile *cf, const char *svc, yaml_node_t *s, sbuild *sb);

/* The service NAME of the compose file at path (relative to cf->dir), as
 * `extends` names it. */
static void extends_from_file(const cfile *cf, const char *svc, const yaml_node_t *at,
                              const char *file, const char *name, sbuild *sb)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT, err = LF_BUF_INIT, dir = LF_BUF_INIT;
    lf_path_join_dir(cf->dir, file, &path);
    lf_path_dir(path.data, &dir);
    yaml_document_t doc;
    if (lf_builds_read_file(path.data, &text, &err) != 0 ||
        lf_builds_load_yaml(&doc, path.data, lf_buf_cstr(&text), text.len, &err) != 0) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(at),
                       "service `%s`: `extends` reads `%s`, which cannot be read (%s); skipped",
                       svc, path.data, lf_buf_cstr(&err));
        sb->has = true;
        sb->ok = false;
    } else {
        cfile other = {cf->out, path.data, dir.data, cf->vars, &doc, cf->depth + 1};
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        yaml_node_t *svcs = lf_yaml_get(&doc, root, "services");
        yaml_node_t *base = lf_yaml_get(&doc, svcs, name);
        if (!base) {
            lf_builds_note(cf->out, cf->path, lf_yaml_line(at),
                           "service `%s`: `extends` names the service `%s`, which `%s` does "
                           "not have; skipped",
                           svc, name, path.data);
            sb->has = true;
            sb->ok = false;
        } else {
            resolve_service(&other, name, base, sb);
        }
        yaml_document_delete(&doc);
    }
    lf_buf_free(&path);
    lf_buf_free(&text);
    lf_buf_free(&err);
    lf_buf_free(&dir);
}

/* What the service's `extends` gives it (nothing when it has none). */
static void inherit(const cfile *cf, const char *svc, yaml_node_t *s, sbuild *sb)
{
    yaml_node_t *e = lf_yaml_get(cf->doc, s, "extends");
    if (lf_yaml_is_null(e))
        return;
    if (cf->depth >= MAX_DEPTH) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(e),
                       "service `%s`: `extends` nests too deeply; skipped", svc);
        sb->has = true;
        sb->ok = false;
        return;
    }
    yaml_node_t *name = e, *file = NULL;
    if (e->type == YAML_MAPPING_NODE) {
        name = lf_yaml_get(cf->doc, e, "service");
        file = lf_yaml_get(cf->doc, e, "file");
    }
    lf_buf n = LF_BUF_INIT, f = LF_BUF_INIT;
    if (!name || !field(cf, svc, "extends.service", name, &n) ||
        (!lf_yaml_is_null(file) && !field(cf, svc, "extends.file", file, &f))) {
        sb->has = true;
        sb->ok = false;
    } else if (!lf_yaml_is_null(file)) {
        extends_from_file(cf, svc, e, f.data, n.data, sb);
    } else {
        yaml_node_t *svcs = lf_yaml_get(cf->doc, yaml_document_get_root_node(cf->doc), "services");
        yaml_node_t *base = lf_yaml_get(cf->doc, svcs, n.data);
        cfile same = *cf;
        same.depth++;
        if (base && base != s)
            resolve_service(&same, n.data, base, sb);
    }
    lf_buf_free(&n);
    lf_buf_free(&f);
}

static void resolve_service(const cfile *cf, const char *svc, yaml_node_t *s, sbuild *sb)
{
    if (lf_yaml_is_null(s) || s->type != YAML_MAPPING_NODE)
        return;
    inherit(cf, svc, s, sb);
    yaml_node_t *b = lf_yaml_get(cf->doc, s, "build");
    if (!lf_yaml_is_null(b)) {
        if (!sb->has)
            sb->ok = true;
        own_build(cf, svc, b, sb);
    }
}

static void do_service(const cfile *cf, const char *svc, yaml_node_t *s)
{
    if (lf_yaml_is_null(s))
        return;
    if (s->type != YAML_MAPPING_NODE) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(s), "service `%s` is not a mapping; ignored",
                       svc);
        return;
    }
    sbuild sb = {0};
    resolve_service(cf, svc, s, &sb);
    if (sb.has && sb.ok) {
        lf_buf df = LF_BUF_INIT;
        lf_path_join_dir(sb.context.data, sb.dockerfile.len ? sb.dockerfile.data : "Dockerfile",
                         &df);
        lf_builds_add_paths(cf->out, LF_EVIDENCE_COMPOSE, NULL, sb.file.data, sb.line,
                            sb.context.data, df.data, sb.target.len ? sb.target.data : NULL);
        lf_buf_free(&df);
    }
    sbuild_free(&sb);
}

/* --- include ---------------------------------------------------------------------------- */

static int load(lf_builds *out, const char *path, const char *text, size_t len,
                const char *project_dir, const lf_strv *env_files, int depth, lf_buf *err);

/* A string or a list of strings, interpolated and joined with cf->dir. */
static bool paths_of(const cfile *cf, yaml_node_t *v, const char *what, lf_strv *out)
{
    yaml_node_t *one[1] = {v};
    yaml_node_t **items = one;
    size_t n = 1;
    if (v->type == YAML_SEQUENCE_NODE) {
        n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        items = calloc(n ? n : 1, sizeof *items);
        for (size_t i = 0; i < n; i++)
            items[i] = yaml_document_get_node(cf->doc, v->data.sequence.items.start[i]);
    }
    bool ok = true;
    lf_buf val = LF_BUF_INIT, var = LF_BUF_INIT, p = LF_BUF_INIT;
    for (size_t i = 0; i < n && ok; i++) {
        lf_buf_clear(&val);
        lf_buf_clear(&p);
        ok = lf_yaml_is_text(items[i]) &&
             lf_compose_interpolate(lf_yaml_str(items[i]), items[i]->data.scalar.length, cf->vars,
                                    &val, &var) == 0;
        if (!ok) {
            lf_builds_note(cf->out, cf->path, lf_yaml_line(items[i]),
                           "`include`: `%s` is not a path layerfix can resolve here; skipped",
                           what);
        } else if (lf_build_context_is_remote(lf_buf_cstr(&val))) {
            lf_builds_note(cf->out, cf->path, lf_yaml_line(items[i]),
                           "`include`: `%s` is remote; skipped", val.data);
            ok = false;
        } else {
            lf_path_join_dir(cf->dir, lf_buf_cstr(&val), &p);
            lf_strv_push(out, p.data, p.len);
        }
    }
    if (items != one)
        free(items);
    lf_buf_free(&val);
    lf_buf_free(&var);
    lf_buf_free(&p);
    return ok;
}

static void include_one(const cfile *cf, yaml_node_t *item)
{
    lf_strv files = LF_STRV_INIT, envs = LF_STRV_INIT, pdir = LF_STRV_INIT;
    bool ok;
    if (item->type == YAML_MAPPING_NODE) {
        yaml_node_t *p = lf_yaml_get(cf->doc, item, "path");
        yaml_node_t *d = lf_yaml_get(cf->doc, item, "project_directory");
        yaml_node_t *e = lf_yaml_get(cf->doc, item, "env_file");
        ok = p && paths_of(cf, p, "path", &files) &&
             (lf_yaml_is_null(d) || paths_of(cf, d, "project_directory", &pdir)) &&
             (lf_yaml_is_null(e) || paths_of(cf, e, "env_file", &envs));
    } else {
        ok = paths_of(cf, item, "path", &files);
    }
    for (size_t i = 0; ok && i < files.n; i++) {
        const char *f = files.items[i].s;
        lf_buf dir = LF_BUF_INIT, text = LF_BUF_INIT, err = LF_BUF_INIT, env = LF_BUF_INIT;
        if (pdir.n)
            lf_buf_adds(&dir, pdir.items[0].s);
        else
            lf_path_dir(files.items[0].s, &dir);
        lf_strv defenv = LF_STRV_INIT;
        if (!envs.n) {
            lf_path_join_dir(dir.data, ".env", &env);
            lf_strv_push(&defenv, env.data, env.len);
        }
        if (lf_builds_read_file(f, &text, &err) != 0 ||
            load(cf->out, f, lf_buf_cstr(&text), text.len, dir.data, envs.n ? &envs : &defenv,
                 cf->depth + 1, &err) != 0)
            lf_builds_note(cf->out, cf->path, lf_yaml_line(item), "`include` of `%s` failed: %s", f,
                           lf_buf_cstr(&err));
        lf_strv_free(&defenv);
        lf_buf_free(&dir);
        lf_buf_free(&text);
        lf_buf_free(&err);
        lf_buf_free(&env);
    }
    lf_strv_free(&files);
    lf_strv_free(&envs);
    lf_strv_free(&pdir);
}

static void do_include(const cfile *cf, yaml_node_t *inc)
{
    if (cf->depth >= MAX_DEPTH) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(inc), "`include` nests too deeply; skipped");
        return;
    }
    if (inc->type != YAML_SEQUENCE_NODE) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(inc), "`include` is not a list; ignored");
        return;
    }
    for (yaml_node_item_t *it = inc->data.sequence.items.start; it < inc->data.sequence.items.top;
         it++)
        include_one(cf, yaml_document_get_node(cf->doc, *it));
}

/* --- loading ------------------------------------------------------------------------------ */

static void do_root(const cfile *cf, yaml_node_t *root)
{
    if (!root || lf_yaml_is_null(root))
        return;
    if (root->type != YAML_MAPPING_NODE) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(root),
                       "the top level is not a mapping; not a compose file");
        return;
    }
    yaml_node_t *inc = lf_yaml_get(cf->doc, root, "include");
    if (!lf_yaml_is_null(inc))
        do_include(cf, inc);
    yaml_node_t *services = lf_yaml_get(cf->doc, root, "services");
    if (services && !lf_yaml_is_null(services) && services->type != YAML_MAPPING_NODE) {
        lf_builds_note(cf->out, cf->path, lf_yaml_line(services),
                       "`services` is not a mapping; ignored");
    } else if (services && services->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = services->data.mapping.pairs.start;
             p < services->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(cf->doc, p->key);
            if (k->type != YAML_SCALAR_NODE || lf_yaml_is_merge_key(k))
                continue;
            do_service(cf, lf_yaml_str(k), yaml_document_get_node(cf->doc, p->value));
        }
    }
}

/* Whether this file was loaded already with the same project directory and
 * env files (then it is not loaded again); else it is remembered. */
static bool seen(lf_builds *out, const char *path, const char *dir, const lf_strv *envs)
{
    lf_buf k = LF_BUF_INIT;
    lf_path_key(path, &k);
    lf_buf_addc(&k, '\n');
    lf_path_key(dir, &k);
    for (size_t i = 0; envs && i < envs->n; i++) {
        lf_buf_addc(&k, '\n');
        lf_path_key(envs->items[i].s, &k);
    }
    for (size_t i = 0; i < out->loaded.n; i++)
        if (strcmp(out->loaded.items[i].s, k.data) == 0) {
            lf_buf_free(&k);
            return true;
        }
    lf_strv_push(&out->loaded, k.data, k.len);
    lf_buf_free(&k);
    return false;
}

static int load(lf_builds *out, const char *path, const char *text, size_t len,
                const char *project_dir, const lf_strv *env_files, int depth, lf_buf *err)
{
    if (depth > 0 && seen(out, path, project_dir, env_files))
        return 0;
    yaml_document_t doc;
    if (lf_builds_load_yaml(&doc, path, text, len, err) != 0)
        return -1;
    lf_strmap vars = {0};
    for (size_t i = 0; i < env_files->n; i++) {
        lf_buf e = LF_BUF_INIT;
        if (lf_dotenv_load(&vars, env_files->items[i].s, &e) < 0)
            lf_builds_note(out, path, 1, "the env file cannot be read: %s", lf_buf_cstr(&e));
        lf_buf_free(&e);
    }
    cfile cf = {out, path, project_dir, &vars, &doc, depth};
    do_root(&cf, yaml_document_get_root_node(&doc));
    lf_strmap_free(&vars);
    yaml_document_delete(&doc);
    return 0;
}

int lf_compose_parse(lf_builds *out, const char *path, const char *text, size_t len, lf_buf *err)
{
    lf_buf dir = LF_BUF_INIT, env = LF_BUF_INIT;
    lf_path_dir(path, &dir);
    lf_path_join_dir(dir.data, ".env", &env);
    lf_strv envs = LF_STRV_INIT;
    lf_strv_push(&envs, env.data, env.len);
    int rc = load(out, path, text, len, dir.data, &envs, 0, err);
    lf_strv_free(&envs);
    lf_buf_free(&dir);
    lf_buf_free(&env);
    return rc;
}

int lf_compose_load(lf_builds *out, const char *path, lf_buf *err)
{
    lf_buf dir = LF_BUF_INIT, env = LF_BUF_INIT;
    lf_path_dir(path, &dir);
    lf_path_join_dir(dir.data, ".env", &env);
    lf_strv envs = LF_STRV_INIT;
    lf_strv_push(&envs, env.data, env.len);
    int rc = 0;
    size_t nloaded = out->loaded.n;
    if (!seen(out, path, dir.data, &envs)) {
        lf_buf text = LF_BUF_INIT;
        rc = lf_builds_read_file(path, &text, err);
        if (rc == 0)
            rc = load(out, path, lf_buf_cstr(&text), text.len, dir.data, &envs, 0, err);
        if (rc != 0)
            lf_strv_truncate(&out->loaded, nloaded); /* a later try says it again */
        lf_buf_free(&text);
    }
    lf_strv_free(&envs);
    lf_buf_free(&dir);
    lf_buf_free(&env);
    return rc;
}
