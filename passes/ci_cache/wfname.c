/*
 * The image each docker/build-push-action step of a workflow builds, as a
 * short stable name for its gha cache scope: the repository's last path
 * part of its first tag (`ghcr.io/acme/api:1.2` -> `api`), or of the
 * `images` of the metadata-action step its tags come from
 * (`${{ steps.meta.outputs.tags }}`), with `${{ env.X }}` replaced by a
 * literal value of the step's, job's or workflow's env; else the name its
 * Dockerfile path gives (`services/api/Dockerfile`, `Dockerfile.api`,
 * `api.Dockerfile` -> `api`); else its context directory's name; else the
 * job id (and `-2`, `-3`... for later steps of that job). A name that
 * varies per matrix job (`app-${{ matrix.variant }}`) keeps the expression:
 * then one step builds several images, each with its own scope.
 */
#include "ci.h"
#include "wf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first entry of a list input: a sequence's first item, or a string's
 * first line or comma-separated part; trimmed, into out. */
static void first_entry(const wf *w, size_t n, lf_buf *out)
{
    lf_buf_clear(out);
    if (n != LF_YNONE && w->t.nodes[n].kind == LF_Y_SEQ && w->t.nodes[n].nkids > 0)
        n = w->t.nodes[n].kids[0];
    const char *v = lf_yscalar(&w->t, n);
    if (!v)
        return;
    for (;;) {
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == ',')
            v++;
        size_t k = 0;
        int depth = 0; /* commas inside `${{ ... }}` belong to the expression */
        while (v[k] && v[k] != '\n' && (v[k] != ',' || depth > 0)) {
            depth += v[k] == '{' ? 1 : v[k] == '}' ? -1 : 0;
            k++;
        }
        while (k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\r'))
            k--;
        if (k > 0 || !*v) {
            lf_buf_add(out, v, k);
            return;
        }
    }
}

/* `${{ steps.ID.outputs.tags }}`: ID into out. */
static bool steps_output_ref(const char *s, lf_buf *out)
{
    const char *open = lf_gha.expr_open;
    if (strncmp(s, open, strlen(open)) != 0)
        return false;
    s += strlen(open);
    while (*s == ' ')
        s++;
    const char *pre = "steps.";
    if (strncmp(s, pre, strlen(pre)) != 0)
        return false;
    s += strlen(pre);
    const char *dot = strchr(s, '.');
    if (!dot || strncmp(dot, lf_gha.outputs_tags, strlen(lf_gha.outputs_tags)) != 0)
        return false;
    lf_buf_clear(out);
    lf_buf_add(out, s, (size_t)(dot - s));
    return true;
}

/* The literal value of env variable name (name[0..len)) in the env maps of
 * the step, the job and the workflow, or NULL. */
static const char *env_literal(const wf *w, const wf_job *j, const wf_step *s, const char *name,
                               size_t len)
{
    size_t maps[] = {lf_ymap_get(&w->t, s->node, lf_gha.env, NULL),
                     lf_ymap_get(&w->t, j->map, lf_gha.env, NULL),
                     lf_ymap_get(&w->t, w->root, lf_gha.env, NULL)};
    char key[128];
    if (len >= sizeof key)
        return NULL;
    memcpy(key, name, len);
    key[len] = 0;
    for (size_t i = 0; i < 3; i++) {
        const char *v = lf_yscalar(&w->t, lf_ymap_get(&w->t, maps[i], key, NULL));
        if (v)
            return strstr(v, lf_gha.expr_open) ? NULL : v;
    }
    return NULL;
}

/* Replaces each `${{ env.X }}` of s by X's literal value; false when one
 * has none. */
static bool expand_env(const wf *w, const wf_job *j, const wf_step *s, const char *in, lf_buf *out)
{
    const char *open = lf_gha.expr_open;
    size_t ol = strlen(open);
    lf_buf_clear(out);
    while (*in) {
        const char *e = strstr(in, open);
        if (!e) {
            lf_buf_adds(out, in);
            break;
        }
        lf_buf_add(out, in, (size_t)(e - in));
        const char *close = strstr(e, "}}");
        if (!close)
            return false;
        const char *x = e + ol;
        while (*x == ' ')
            x++;
        size_t n = (size_t)(close - x);
        while (n > 0 && x[n - 1] == ' ')
            n--;
        const char *v = NULL;
        if (n > 4 && strncmp(x, "env.", 4) == 0)
            v = env_literal(w, j, s, x + 4, n - 4);
        if (v)
            lf_buf_adds(out, v);
        else
            lf_buf_add(out, e, (size_t)(close + 2 - e)); /* kept: matrix, github... */
        in = close + 2;
    }
    return true;
}

/* Appends the sanitized form of s[0..n) (lower case, [a-z0-9._-], runs of
 * other bytes as one '-'), keeping `${{ matrix.X }}` expressions. */
static void add_sanitized(lf_buf *out, const char *s, size_t n)
{
    const char *open = lf_gha.expr_open;
    size_t ol = strlen(open);
    for (size_t i = 0; i < n; i++) {
        if (n - i >= ol && memcmp(s + i, open, ol) == 0) {
            const char *close = strstr(s + i, "}}");
            size_t e = close ? (size_t)(close + 2 - s) : n;
            lf_buf_add(out, s + i, (e > n ? n : e) - i);
            i = (e > n ? n : e) - 1;
            continue;
        }
        char c = (char)tolower((unsigned char)s[i]);
        if (isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-')
            lf_buf_addc(out, c);
        else if (out->len > 0 && out->data[out->len - 1] != '-')
            lf_buf_addc(out, '-');
    }
    while (out->len > 0 && out->data[out->len - 1] == '-')
        out->data[--out->len] = 0;
}

/* Only expressions of the matrix may remain in a name. */
static bool only_matrix_exprs(const char *s)
{
    const char *open = lf_gha.expr_open;
    for (const char *e = strstr(s, open); e; e = strstr(e + 1, open)) {
        const char *x = e + strlen(open);
        while (*x == ' ')
            x++;
        if (strncmp(x, lf_gha.matrix_prefix, strlen(lf_gha.matrix_prefix)) != 0)
            return false;
    }
    return true;
}

/* The repository's last path part of an image reference, sanitized. */
static void name_of_ref(const char *ref, lf_buf *out)
{
    lf_buf_clear(out);
    size_t len = strcspn(ref, "@"), slash = 0, colon = len;
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (ref[i] == '{')
            depth++;
        else if (ref[i] == '}' && depth > 0)
            depth--;
        else if (depth == 0 && ref[i] == '/')
            slash = i + 1, colon = len;
        else if (depth == 0 && ref[i] == ':' && colon == len)
            colon = i;
    }
    lf_buf part = LF_BUF_INIT;
    lf_buf_add(&part, ref + slash, colon - slash);
    lf_buf_adds(&part, "");
    if (only_matrix_exprs(lf_buf_cstr(&part))) /* `${{ github.repository }}`: not known here */
        add_sanitized(out, ref + slash, colon - slash);
    lf_buf_free(&part);
}

/* The name a Dockerfile path or a context directory gives. */
static void name_of_path(const char *path, bool is_file, lf_buf *out)
{
    lf_buf_clear(out);
    if (!path || strstr(path, lf_gha.expr_open))
        return;
    const char *colon = strstr(path, "}}:"); /* `{{defaultContext}}:dir` */
    if (colon)
        path = colon + 3;
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/')
        b--;
    const char *base = path + b;
    size_t bl = n - b;
    static const char *const files[] = {"Dockerfile", "Containerfile", "dockerfile"};
    for (size_t i = 0; is_file && i < 3; i++) {
        size_t fl = strlen(files[i]);
        if (bl == fl && memcmp(base, files[i], fl) == 0) { /* the directory names it */
            char dir[512];
            snprintf(dir, sizeof dir, "%.*s", (int)(b > 0 ? b - 1 : 0), path);
            name_of_path(dir, false, out);
            return;
        }
        if (bl > fl + 1 && memcmp(base, files[i], fl) == 0 && base[fl] == '.') {
            add_sanitized(out, base + fl + 1, bl - fl - 1);
            return;
        }
        if (bl > fl + 1 && memcmp(base + bl - fl, files[i], fl) == 0 && base[bl - fl - 1] == '.') {
            add_sanitized(out, base, bl - fl - 1);
            return;
        }
    }
    if (is_file)
        return;
    if (bl == 0 || (bl == 1 && base[0] == '.') || (bl == 2 && memcmp(base, "..", 2) == 0))
        return;
    add_sanitized(out, base, bl);
}

/* The metadata-action step with id `id` in job j, or NULL. */
static const wf_step *step_by_id(const wf *w, const wf_job *j, const char *id)
{
    for (size_t i = 0; i < j->nsteps; i++)
        if (lf_yscalar_is(&w->t, j->steps[i].id, id))
            return &j->steps[i];
    return NULL;
}

static void image_name(const wf *w, const wf_job *j, const wf_step *s, lf_buf *out)
{
    lf_buf entry = LF_BUF_INIT, exp = LF_BUF_INIT, id = LF_BUF_INIT;
    lf_buf_clear(out);
    first_entry(w, lf_ymap_get(&w->t, s->with, lf_gha.in_tags, NULL), &entry);
    if (steps_output_ref(lf_buf_cstr(&entry), &id)) {
        const wf_step *meta = step_by_id(w, j, lf_buf_cstr(&id));
        lf_buf_clear(&entry);
        if (meta)
            first_entry(w, lf_ymap_get(&w->t, meta->with, lf_gha.in_images, NULL), &entry);
        if (strncmp(lf_buf_cstr(&entry), "name=", 5) == 0) { /* `name=REF,enable=...` */
            size_t k = strcspn(entry.data + 5, ",");
            memmove(entry.data, entry.data + 5, k);
            entry.len = k;
            entry.data[k] = 0;
        }
    }
    if (entry.len && expand_env(w, j, s, lf_buf_cstr(&entry), &exp))
        name_of_ref(lf_buf_cstr(&exp), out);
    if (!out->len)
        name_of_path(lf_yscalar(&w->t, lf_ymap_get(&w->t, s->with, lf_gha.in_file, NULL)), true,
                     out);
    if (!out->len)
        name_of_path(lf_yscalar(&w->t, lf_ymap_get(&w->t, s->with, lf_gha.in_context, NULL)), false,
                     out);
    lf_buf_free(&entry);
    lf_buf_free(&exp);
    lf_buf_free(&id);
}

/* A job with a matrix builds one image per matrix job: the scope names
 * every axis the name does not (`api-${{ matrix.platform }}`), or, when
 * the axes are not a plain mapping, the job's index in the matrix. */
static bool add_matrix_axes(const wf *w, const wf_job *job, lf_buf *name)
{
    size_t st = lf_ymap_get(&w->t, job->map, lf_gha.strategy, NULL);
    size_t mx = st == LF_YNONE ? LF_YNONE : lf_ymap_get(&w->t, st, lf_gha.matrix, NULL);
    if (mx == LF_YNONE)
        return false;
    const lf_ynode *m = &w->t.nodes[mx];
    size_t axes = 0;
    for (size_t k = 0; m->kind == LF_Y_MAP && k + 1 < m->nkids; k += 2) {
        const char *key = lf_yscalar(&w->t, m->kids[k]);
        if (!key || strcmp(key, lf_gha.matrix_include) == 0 ||
            strcmp(key, lf_gha.matrix_exclude) == 0)
            continue;
        axes++;
        char expr[160];
        snprintf(expr, sizeof expr, "%s %s%s }}", lf_gha.expr_open, lf_gha.matrix_prefix, key);
        lf_buf_adds(name, "");
        if (!strstr(name->data, expr))
            lf_buf_printf(name, "-%s", expr);
    }
    if (axes == 0)
        lf_buf_printf(name, "-%s", lf_gha.job_index);
    return true;
}

bool wf_name_images(wf *w)
{
    bool several = false;
    const char *first = NULL;
    lf_buf name = LF_BUF_INIT;
    for (size_t j = 0; j < w->njobs; j++) {
        wf_job *job = &w->jobs[j];
        const char *jid = lf_yscalar(&w->t, job->key);
        unsigned unnamed = 0;
        for (size_t i = 0; i < job->nsteps; i++) {
            wf_step *s = &job->steps[i];
            if (!s->build_push)
                continue;
            image_name(w, job, s, &name);
            if (!name.len) {
                add_sanitized(&name, jid ? jid : "", jid ? strlen(jid) : 0);
                if (!name.len)
                    lf_buf_adds(&name, "image");
                if (++unnamed > 1)
                    lf_buf_printf(&name, "-%u", unnamed);
            }
            bool matrix = add_matrix_axes(w, job, &name);
            s->image = lf_buf_detach(&name, NULL);
            several = several || matrix || strstr(s->image, lf_gha.expr_open) != NULL ||
                      (first && strcmp(first, s->image) != 0);
            if (!first)
                first = s->image;
        }
    }
    lf_buf_free(&name);
    return several;
}
