/*
 * Builds in GitLab CI (ci.h): .gitlab-ci.yml and the local files it
 * includes (`include: FILE`, `include: [{local: FILE}]`, relative to the
 * root). Every top-level mapping with a `script` is a job (hidden `.jobs`
 * too: they are templates of real ones); its `before_script` (else the
 * `default:` one) and `script` run as one shell, at the root
 * ($CI_PROJECT_DIR), with the global and the job's `variables` (a variable's
 * value may use the ones before it). `!reference` items are skipped.
 */
#include "buildcmd.h"
#include "ci.h"
#include "dotenv.h"
#include "yamlutil.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_INCLUDES 16

typedef struct gl {
    lf_builds *out;
    const char *root;
    lf_buf root_abs;
    int depth;
} gl;

typedef struct script {
    lf_buf text;
    size_t *lines; /* file line of each text line */
    size_t n, cap;
} script;

static void add_vars(yaml_document_t *d, yaml_node_t *m, lf_strmap *vars)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        yaml_node_t *v = yaml_document_get_node(d, p->value);
        if (v && v->type == YAML_MAPPING_NODE) /* {value: ..., description: ...} */
            v = lf_yaml_get(d, v, "value");
        if (!lf_yaml_is_text(k) || !lf_yaml_is_text(v))
            continue;
        lf_buf val = LF_BUF_INIT, var = LF_BUF_INIT;
        if (lf_compose_interpolate(lf_yaml_str(v), strlen(lf_yaml_str(v)), vars, &val, &var) == 0)
            lf_strmap_set(vars, lf_yaml_str(k), strlen(lf_yaml_str(k)), lf_buf_cstr(&val), val.len);
        else
            lf_strmap_unset(vars, lf_yaml_str(k));
        lf_buf_free(&val);
        lf_buf_free(&var);
    }
}

/* Appends the script items of n (a string, or nested lists of them). */
static void add_script(yaml_document_t *d, yaml_node_t *n, script *S, int depth)
{
    if (!n || depth > 8)
        return;
    if (n->tag && strcmp((const char *)n->tag, "!reference") == 0)
        return;
    if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            add_script(d, yaml_document_get_node(d, *it), S, depth + 1);
        return;
    }
    if (!lf_yaml_is_text(n))
        return;
    size_t line = lf_yaml_value_line(n);
    const char *s = lf_yaml_str(n);
    for (;;) {
        if (S->n == S->cap) {
            S->cap = S->cap ? S->cap * 2 : 16;
            S->lines = realloc(S->lines, S->cap * sizeof *S->lines);
            if (!S->lines)
                abort();
        }
        S->lines[S->n++] = line++;
        const char *nl = strchr(s, '\n');
        lf_buf_add(&S->text, s, nl ? (size_t)(nl - s) : strlen(s));
        lf_buf_addc(&S->text, '\n');
        if (!nl || !nl[1])
            break;
        s = nl + 1;
    }
}

static void do_job(const gl *G, const char *path, yaml_document_t *d, yaml_node_t *job,
                   const lf_strmap *global, yaml_node_t *default_before)
{
    yaml_node_t *body = lf_yaml_get(d, job, "script");
    if (!body)
        return;
    lf_strmap vars = {0};
    lf_strmap_copy(&vars, global);
    add_vars(d, lf_yaml_get(d, job, "variables"), &vars);
    lf_strmap_set(&vars, "CI_PROJECT_DIR", 14, G->root_abs.data, G->root_abs.len);
    script S = {0};
    yaml_node_t *before = lf_yaml_get(d, job, "before_script");
    add_script(d, before ? before : default_before, &S, 0);
    add_script(d, body, &S, 0);
    const char *bases[] = {G->root};
    lf_shell_input in = {lf_buf_cstr(&S.text), S.text.len, bases, 1, NULL, G->root, &vars};
    lf_ci_adder a = {G->out, LF_EVIDENCE_GITLAB_CI, path, 1, S.lines, S.n};
    lf_buildcmd_scan(&in, lf_ci_add, &a);
    lf_buf_free(&S.text);
    free(S.lines);
    lf_strmap_free(&vars);
}

static void load(gl *G, const char *path);

/* include: the local files. */
static void includes(gl *G, yaml_document_t *d, yaml_node_t *inc)
{
    if (!inc)
        return;
    yaml_node_t *one[1] = {inc};
    yaml_node_t **items = one;
    size_t n = 1;
    if (inc->type == YAML_SEQUENCE_NODE) {
        n = (size_t)(inc->data.sequence.items.top - inc->data.sequence.items.start);
        items = calloc(n ? n : 1, sizeof *items);
        for (size_t i = 0; i < n; i++)
            items[i] = yaml_document_get_node(d, inc->data.sequence.items.start[i]);
    }
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *f =
            items[i]->type == YAML_MAPPING_NODE ? lf_yaml_get(d, items[i], "local") : items[i];
        if (!lf_yaml_is_text(f) || strstr(lf_yaml_str(f), "://") || strchr(lf_yaml_str(f), '$') ||
            strpbrk(lf_yaml_str(f), "*?["))
            continue;
        lf_buf p = LF_BUF_INIT;
        const char *rel = lf_yaml_str(f);
        while (*rel == '/')
            rel++;
        lf_path_join_dir(G->root, rel, &p);
        load(G, p.data);
        lf_buf_free(&p);
    }
    if (items != one)
        free(items);
}

static void load(gl *G, const char *path)
{
    lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT;
    yaml_document_t doc;
    if (G->depth >= MAX_INCLUDES || lf_builds_read_file(path, &text, &err) != 0 ||
        lf_builds_load_yaml(&doc, path, lf_buf_cstr(&text), text.len, &err) != 0) {
        if (err.len)
            lf_builds_note(G->out, path, 1, "not read for build contexts: %s", lf_buf_cstr(&err));
        lf_buf_free(&text);
        lf_buf_free(&err);
        return;
    }
    G->depth++;
    yaml_node_t *top = yaml_document_get_root_node(&doc);
    if (top && top->type == YAML_MAPPING_NODE) {
        includes(G, &doc, lf_yaml_get(&doc, top, "include"));
        lf_strmap global = {0};
        add_vars(&doc, lf_yaml_get(&doc, top, "variables"), &global);
        yaml_node_t *def = lf_yaml_get(&doc, lf_yaml_get(&doc, top, "default"), "before_script");
        if (!def)
            def = lf_yaml_get(&doc, top, "before_script");
        if (lf_buildcmd_maybe(text.data, text.len))
            for (yaml_node_pair_t *p = top->data.mapping.pairs.start;
                 p < top->data.mapping.pairs.top; p++) {
                yaml_node_t *v = yaml_document_get_node(&doc, p->value);
                if (v && v->type == YAML_MAPPING_NODE)
                    do_job(G, path, &doc, v, &global, def);
            }
        lf_strmap_free(&global);
    }
    G->depth--;
    yaml_document_delete(&doc);
    lf_buf_free(&text);
    lf_buf_free(&err);
}

void lf_gitlab_load(lf_builds *out, const char *path, const char *root)
{
    gl G = {.out = out, .root = root};
    lf_path_key(root, &G.root_abs);
    load(&G, path);
    lf_buf_free(&G.root_abs);
}
