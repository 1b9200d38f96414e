/*
 * Builds in GitHub Actions workflows and composite actions (ci.h): the steps
 * of every job (`jobs.*.steps`, or an action's `runs.steps`), once per
 * combination of the job's `strategy.matrix` (its lists, `include` and
 * `exclude` as GitHub combines them).
 *
 *  - A step that uses `OWNER/build-push-action` builds `with.file` (default
 *    CONTEXT/Dockerfile) from `with.context` (default: the repository, which
 *    is the checkout's root); both are relative to the root.
 *  - A `run:` step (bash or sh) is shell text (buildcmd.h) starting in its
 *    `working-directory` (else `defaults.run.working-directory`, else the
 *    root), with the `env:` of the workflow, the job and the step.
 *
 * Expressions `${{ ... }}` are replaced when they are `github.workspace`,
 * `matrix.KEY`, `env.KEY` or `inputs.KEY` (a literal default of
 * `on.workflow_call.inputs`, or of an action's `inputs`); any other makes
 * what it is in unknown.
 */
#include "buildcmd.h"
#include "ci.h"
#include "yamlutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#define MAX_ROWS 256
#define UNKNOWN "${__layerfix_unknown__}"

typedef struct wf {
    lf_builds *out;
    const char *path, *root;
    lf_buf root_abs;
    yaml_document_t *doc;
    yaml_node_t *inputs; /* mapping NAME -> {default: ...}, or NULL */
    yaml_node_t *defaults;
} wf;

typedef struct scope {
    const lf_strmap *matrix;
    lf_strmap env;
} scope;

/* --- expressions ---------------------------------------------------------------------------- */

static bool prefixed(const char *e, size_t n, const char *p, const char **rest, size_t *rn)
{
    size_t m = strlen(p);
    if (n <= m || strncmp(e, p, m) != 0)
        return false;
    *rest = e + m;
    *rn = n - m;
    for (size_t i = 0; i < *rn; i++)
        if (!((*rest)[i] == '_' || (*rest)[i] == '-' || ((*rest)[i] >= '0' && (*rest)[i] <= '9') ||
              ((*rest)[i] >= 'a' && (*rest)[i] <= 'z') || ((*rest)[i] >= 'A' && (*rest)[i] <= 'Z')))
            return false;
    return true;
}

/* The value of the expression e[0..n); NULL when it is not known. */
static const char *expression(const wf *W, const scope *sc, const char *e, size_t n, lf_buf *tmp)
{
    while (n && (*e == ' ' || *e == '\t'))
        e++, n--;
    while (n && (e[n - 1] == ' ' || e[n - 1] == '\t'))
        n--;
    const char *k;
    size_t kn;
    if (n == 16 && strncmp(e, "github.workspace", 16) == 0)
        return W->root_abs.data;
    if (prefixed(e, n, "matrix.", &k, &kn))
        return lf_strmap_getn(sc->matrix, k, kn);
    if (prefixed(e, n, "env.", &k, &kn))
        return lf_strmap_getn(&sc->env, k, kn);
    if (prefixed(e, n, "inputs.", &k, &kn) && W->inputs) {
        lf_buf_clear(tmp);
        lf_buf_add(tmp, k, kn);
        yaml_node_t *in = lf_yaml_get(W->doc, W->inputs, lf_buf_cstr(tmp));
        yaml_node_t *d = lf_yaml_get(W->doc, in, "default");
        if (lf_yaml_is_text(d) && !strstr(lf_yaml_str(d), "${{"))
            return lf_yaml_str(d);
    }
    return NULL;
}

/* text with its expressions replaced; an unknown one fails (false), or in
 * shell text becomes a variable that is never set. */
static bool substitute(const wf *W, const scope *sc, const char *text, bool shell, lf_buf *out)
{
    lf_buf tmp = LF_BUF_INIT;
    bool ok = true;
    for (const char *s = text; *s && ok;) {
        const char *open = strstr(s, "${{");
        if (!open) {
            lf_buf_adds(out, s);
            break;
        }
        lf_buf_add(out, s, (size_t)(open - s));
        const char *close = strstr(open + 3, "}}");
        if (!close) {
            ok = false;
            break;
        }
        const char *v = expression(W, sc, open + 3, (size_t)(close - open - 3), &tmp);
        if (v)
            lf_buf_adds(out, v);
        else if (shell)
            lf_buf_adds(out, UNKNOWN);
        else
            ok = false;
        s = close + 2;
    }
    lf_buf_free(&tmp);
    return ok;
}

/* Adds the `env:` mapping m to sc->env (values that cannot be known are
 * left unset). */
static void add_env(const wf *W, scope *sc, yaml_node_t *m)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(W->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(W->doc, p->value);
        if (!lf_yaml_is_text(k) || !lf_yaml_is_text(v))
            continue;
        lf_buf val = LF_BUF_INIT;
        if (substitute(W, sc, lf_yaml_str(v), false, &val))
            lf_strmap_set(&sc->env, lf_yaml_str(k), strlen(lf_yaml_str(k)), lf_buf_cstr(&val),
                          val.len);
        else
            lf_strmap_unset(&sc->env, lf_yaml_str(k));
        lf_buf_free(&val);
    }
}

/* --- steps ------------------------------------------------------------------------------------ */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* `uses: OWNER/build-push-action@REF` with its `with:`. */
static void build_push(const wf *W, const scope *sc, yaml_node_t *step, yaml_node_t *uses)
{
    const char *u = lf_yaml_str(uses);
    size_t un = strcspn(u, "@");
    if (un < 18 || strncmp(u + un - 18, "/build-push-action", 18) != 0)
        return;
    yaml_node_t *with = lf_yaml_get(W->doc, step, "with");
    yaml_node_t *c = lf_yaml_get(W->doc, with, "context"), *f = lf_yaml_get(W->doc, with, "file");
    yaml_node_t *tg = lf_yaml_get(W->doc, with, "target");
    lf_buf ctx = LF_BUF_INIT, file = LF_BUF_INIT, cpath = LF_BUF_INIT, fpath = LF_BUF_INIT,
           detail = LF_BUF_INIT, target = LF_BUF_INIT;
    bool ok = true;
    if (!lf_yaml_is_null(c))
        ok = lf_yaml_is_text(c) && substitute(W, sc, lf_yaml_str(c), false, &ctx);
    if (ok && !lf_yaml_is_null(f))
        ok = lf_yaml_is_text(f) && substitute(W, sc, lf_yaml_str(f), false, &file);
    /* a target that cannot be known (`${{ matrix.stage }}`) names no stage */
    if (!lf_yaml_is_null(tg) &&
        (!lf_yaml_is_text(tg) || !substitute(W, sc, lf_yaml_str(tg), false, &target)))
        lf_buf_clear(&target);
    const char *cv = lf_buf_cstr(&ctx);
    if (strncmp(cv, "{{defaultContext}}", 18) == 0) /* the repository, or a subdirectory */
        cv = cv[18] == ':' ? cv + 19 : ".";
    if (ok && !lf_build_context_is_remote(cv)) {
        lf_path_join_dir(W->root, *cv ? cv : ".", &cpath);
        if (file.len)
            lf_path_join_dir(W->root, file.data, &fpath);
        else
            lf_path_join_dir(cpath.data, "Dockerfile", &fpath);
        lf_buf_add(&detail, u, un);
        if (is_file(fpath.data))
            lf_builds_add_paths(W->out, LF_EVIDENCE_WORKFLOW, detail.data, W->path,
                                lf_yaml_line(uses), cpath.data, fpath.data,
                                target.len ? target.data : NULL);
    }
    lf_buf_free(&target);
    lf_buf_free(&ctx);
    lf_buf_free(&file);
    lf_buf_free(&cpath);
    lf_buf_free(&fpath);
    lf_buf_free(&detail);
}

/* The first of step.KEY, job defaults.run.KEY, workflow defaults.run.KEY. */
static yaml_node_t *run_setting(const wf *W, yaml_node_t *job, yaml_node_t *step, const char *key)
{
    yaml_node_t *v = lf_yaml_get(W->doc, step, key);
    if (lf_yaml_is_null(v))
        v = lf_yaml_get(W->doc, lf_yaml_get(W->doc, lf_yaml_get(W->doc, job, "defaults"), "run"),
                        key);
    if (lf_yaml_is_null(v))
        v = lf_yaml_get(W->doc, lf_yaml_get(W->doc, W->defaults, "run"), key);
    return lf_yaml_is_null(v) ? NULL : v;
}

/* A `run:` step. */
static void run_step(const wf *W, const scope *sc, yaml_node_t *job, yaml_node_t *step,
                     yaml_node_t *run)
{
    yaml_node_t *shell = run_setting(W, job, step, "shell");
    if (shell && (!lf_yaml_is_text(shell) || (strncmp(lf_yaml_str(shell), "bash", 4) != 0 &&
                                              strncmp(lf_yaml_str(shell), "sh", 2) != 0)))
        return; /* pwsh, python, cmd */
    yaml_node_t *wd = run_setting(W, job, step, "working-directory");
    lf_buf dir = LF_BUF_INIT, base = LF_BUF_INIT, text = LF_BUF_INIT;
    if (!wd || (lf_yaml_is_text(wd) && substitute(W, sc, lf_yaml_str(wd), false, &dir))) {
        lf_path_join_dir(W->root, dir.len ? dir.data : ".", &base);
        substitute(W, sc, lf_yaml_str(run), true, &text);
        lf_strmap vars = {0};
        lf_strmap_copy(&vars, &sc->env);
        lf_strmap_set(&vars, "GITHUB_WORKSPACE", 16, W->root_abs.data, W->root_abs.len);
        const char *bases[] = {base.data};
        lf_shell_input in = {lf_buf_cstr(&text), text.len, bases, 1, NULL, W->root, &vars};
        lf_ci_adder a = {W->out, LF_EVIDENCE_WORKFLOW, W->path, lf_yaml_value_line(run), NULL, 0};
        lf_buildcmd_scan(&in, lf_ci_add, &a);
        lf_strmap_free(&vars);
    }
    lf_buf_free(&dir);
    lf_buf_free(&base);
    lf_buf_free(&text);
}

static void steps(const wf *W, const scope *outer, yaml_node_t *job, yaml_node_t *list)
{
    if (!list || list->type != YAML_SEQUENCE_NODE)
        return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *step = yaml_document_get_node(W->doc, *it);
        if (!step || step->type != YAML_MAPPING_NODE)
            continue;
        scope sc = {.matrix = outer->matrix};
        lf_strmap_copy(&sc.env, &outer->env);
        add_env(W, &sc, lf_yaml_get(W->doc, step, "env"));
        yaml_node_t *uses = lf_yaml_get(W->doc, step, "uses");
        yaml_node_t *run = lf_yaml_get(W->doc, step, "run");
        if (lf_yaml_is_text(uses))
            build_push(W, &sc, step, uses);
        else if (lf_yaml_is_text(run))
            run_step(W, &sc, job, step, run);
        lf_strmap_free(&sc.env);
    }
}

/* --- the matrix ---------------------------------------------------------------------------------
 */

typedef struct rows {
    lf_strmap *v;
    size_t n, cap;
} rows;

static lf_strmap *row_add(rows *R)
{
    if (R->n == R->cap) {
        R->cap = R->cap ? R->cap * 2 : 4;
        R->v = realloc(R->v, R->cap * sizeof *R->v);
        if (!R->v)
            abort();
    }
    memset(&R->v[R->n], 0, sizeof R->v[0]);
    return &R->v[R->n++];
}

static void rows_free(rows *R)
{
    for (size_t i = 0; i < R->n; i++)
        lf_strmap_free(&R->v[i]);
    free(R->v);
    memset(R, 0, sizeof *R);
}

/* Does every scalar KEY: VALUE of entry that names one of the keys in
 * `only` (all of them when NULL) equal the row's value? */
static bool row_matches(const wf *W, const lf_strmap *row, yaml_node_t *entry, const lf_strv *only)
{
    for (yaml_node_pair_t *p = entry->data.mapping.pairs.start; p < entry->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(W->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(W->doc, p->value);
        if (!lf_yaml_is_text(k))
            continue;
        bool counts = !only;
        for (size_t i = 0; only && i < only->n && !counts; i++)
            counts = strcmp(only->items[i].s, lf_yaml_str(k)) == 0;
        if (!counts)
            continue;
        const char *rv = lf_strmap_get(row, lf_yaml_str(k));
        if (!rv || !lf_yaml_is_text(v) || strcmp(rv, lf_yaml_str(v)) != 0)
            return false;
    }
    return true;
}

static void row_merge(const wf *W, lf_strmap *row, yaml_node_t *entry)
{
    for (yaml_node_pair_t *p = entry->data.mapping.pairs.start; p < entry->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(W->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(W->doc, p->value);
        if (lf_yaml_is_text(k) && lf_yaml_is_text(v))
            lf_strmap_set(row, lf_yaml_str(k), strlen(lf_yaml_str(k)), lf_yaml_str(v),
                          strlen(lf_yaml_str(v)));
    }
}

/* The product of the matrix's lists (scalar values only). */
static void product(const wf *W, yaml_node_t *m, rows *R, lf_strv *keys)
{
    row_add(R);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(W->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(W->doc, p->value);
        if (!lf_yaml_is_text(k) || strcmp(lf_yaml_str(k), "include") == 0 ||
            strcmp(lf_yaml_str(k), "exclude") == 0 || v->type != YAML_SEQUENCE_NODE)
            continue;
        const char *name = lf_yaml_str(k);
        lf_strv_push(keys, name, strlen(name));
        rows next = {0};
        for (size_t r = 0; r < R->n; r++)
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top && next.n < MAX_ROWS; it++) {
                yaml_node_t *e = yaml_document_get_node(W->doc, *it);
                lf_strmap *row = row_add(&next);
                lf_strmap_copy(row, &R->v[r]);
                if (lf_yaml_is_text(e))
                    lf_strmap_set(row, name, strlen(name), lf_yaml_str(e), strlen(lf_yaml_str(e)));
            }
        rows_free(R);
        *R = next;
    }
}

static void matrix_rows(const wf *W, yaml_node_t *m, rows *R)
{
    if (!m || m->type != YAML_MAPPING_NODE) {
        row_add(R);
        return;
    }
    lf_strv keys = LF_STRV_INIT;
    product(W, m, R, &keys);
    yaml_node_t *ex = lf_yaml_get(W->doc, m, "exclude");
    for (size_t r = 0; ex && ex->type == YAML_SEQUENCE_NODE && r < R->n;) {
        bool drop = false;
        for (yaml_node_item_t *it = ex->data.sequence.items.start;
             it < ex->data.sequence.items.top && !drop; it++) {
            yaml_node_t *e = yaml_document_get_node(W->doc, *it);
            drop = e->type == YAML_MAPPING_NODE && row_matches(W, &R->v[r], e, NULL);
        }
        if (drop) {
            lf_strmap_free(&R->v[r]);
            memmove(&R->v[r], &R->v[r + 1], (R->n - r - 1) * sizeof R->v[0]);
            R->n--;
        } else {
            r++;
        }
    }
    yaml_node_t *inc = lf_yaml_get(W->doc, m, "include");
    size_t original = keys.n ? R->n : 0;
    if (!keys.n)
        rows_free(R);
    for (yaml_node_item_t *it =
             inc && inc->type == YAML_SEQUENCE_NODE ? inc->data.sequence.items.start : NULL;
         it && it < inc->data.sequence.items.top && R->n < MAX_ROWS; it++) {
        yaml_node_t *e = yaml_document_get_node(W->doc, *it);
        if (e->type != YAML_MAPPING_NODE)
            continue;
        bool merged = false;
        for (size_t r = 0; r < original; r++)
            if (row_matches(W, &R->v[r], e, &keys)) {
                row_merge(W, &R->v[r], e);
                merged = true;
            }
        if (!merged)
            row_merge(W, row_add(R), e);
    }
    if (R->n == 0)
        row_add(R);
    lf_strv_free(&keys);
}

/* --- loading ------------------------------------------------------------------------------------
 */

static void job(const wf *W, const lf_strmap *wf_env, yaml_node_t *j)
{
    if (!j || j->type != YAML_MAPPING_NODE)
        return;
    rows R = {0};
    matrix_rows(W, lf_yaml_get(W->doc, lf_yaml_get(W->doc, j, "strategy"), "matrix"), &R);
    for (size_t r = 0; r < R.n; r++) {
        scope sc = {.matrix = &R.v[r]};
        lf_strmap_copy(&sc.env, wf_env);
        add_env(W, &sc, lf_yaml_get(W->doc, j, "env"));
        steps(W, &sc, j, lf_yaml_get(W->doc, j, "steps"));
        lf_strmap_free(&sc.env);
    }
    rows_free(&R);
}

void lf_workflow_load(lf_builds *out, const char *path, const char *root)
{
    lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT;
    yaml_document_t doc;
    if (lf_builds_read_file(path, &text, &err) != 0 ||
        (!lf_buildcmd_maybe(text.data, text.len) && !strstr(text.data, "build-push-action")) ||
        lf_builds_load_yaml(&doc, path, lf_buf_cstr(&text), text.len, &err) != 0) {
        if (err.len)
            lf_builds_note(out, path, 1, "not read for build contexts: %s", lf_buf_cstr(&err));
        lf_buf_free(&text);
        lf_buf_free(&err);
        return;
    }
    wf W = {.out = out, .path = path, .root = root, .doc = &doc};
    lf_path_key(root, &W.root_abs);
    yaml_node_t *top = yaml_document_get_root_node(&doc);
    W.defaults = lf_yaml_get(&doc, top, "defaults");
    yaml_node_t *on = lf_yaml_get(&doc, top, "on");
    W.inputs = lf_yaml_get(&doc, lf_yaml_get(&doc, on, "workflow_call"), "inputs");
    yaml_node_t *runs = lf_yaml_get(&doc, top, "runs");
    scope sc = {.matrix = NULL};
    add_env(&W, &sc, lf_yaml_get(&doc, top, "env"));
    if (runs) { /* a composite action */
        W.inputs = lf_yaml_get(&doc, top, "inputs");
        job(&W, &sc.env, runs);
    }
    yaml_node_t *jobs = lf_yaml_get(&doc, top, "jobs");
    if (jobs && jobs->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start; p < jobs->data.mapping.pairs.top;
             p++)
            job(&W, &sc.env, yaml_document_get_node(&doc, p->value));
    lf_strmap_free(&sc.env);
    lf_buf_free(&W.root_abs);
    yaml_document_delete(&doc);
    lf_buf_free(&text);
    lf_buf_free(&err);
}
