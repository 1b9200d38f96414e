/*
 * The image configuration of a Dockerfile's target stage (see imgconfig.h),
 * following BuildKit's dispatcher (frontend/dockerfile/dockerfile2llb):
 * buildMetaArgs for the global ARGs, addState/init for `FROM <stage>`,
 * dispatchArg, dispatchEnv, dispatchLabel, dispatchCmd, dispatchEntrypoint
 * (which drops a CMD not set in the same stage), dispatchWorkdir (a
 * relative path joins the current one), dispatchExpose (ports as
 * "80/tcp"), dispatchVolume, dispatchShell, dispatchStopSignal,
 * dispatchOnbuild, and HEALTHCHECK as written.
 */
#include "imgconfig.h"

#include "bkargs.h"
#include "bkdump.h"
#include "bkexpand.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small ordered maps ---- */

typedef struct kv {
    char *k, *v;
} kv;

typedef struct kvs {
    kv *items;
    size_t n, cap;
} kvs;

static kv *kvs_find(const kvs *m, const char *k, size_t klen)
{
    for (size_t i = 0; i < m->n; i++)
        if (strlen(m->items[i].k) == klen && memcmp(m->items[i].k, k, klen) == 0)
            return &m->items[i];
    return NULL;
}

static void kvs_set(kvs *m, const char *k, const char *v)
{
    kv *e = kvs_find(m, k, strlen(k));
    if (!e) {
        e = LF_VEC_PUSH(m->items, m->n, m->cap);
        e->k = strdup(k);
    }
    free(e->v);
    e->v = strdup(v);
}

static void kvs_copy(kvs *dst, const kvs *src)
{
    for (size_t i = 0; i < src->n; i++)
        kvs_set(dst, src->items[i].k, src->items[i].v);
}

static void kvs_free(kvs *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i].k);
        free(m->items[i].v);
    }
    free(m->items);
    memset(m, 0, sizeof *m);
}

static int kvs_lookup(void *ud, const char *name, size_t len, const char **value)
{
    kv *e = kvs_find(ud, name, len);
    if (!e)
        return 0;
    *value = e->v;
    return 1;
}

/* ---- one stage's state ---- */

enum { F_CMD, F_ENTRYPOINT, F_SHELL, F_USER, F_WORKDIR, F_STOPSIGNAL, F_HEALTHCHECK, F_N };
static const char *const field_names[F_N] = {"CMD",     "ENTRYPOINT", "SHELL",      "USER",
                                             "WORKDIR", "STOPSIGNAL", "HEALTHCHECK"};

typedef struct stage_state {
    bool from_image;
    kvs vars;   /* the variables expansions see: ARG and ENV values */
    kvs env;    /* ENV the Dockerfile set */
    kvs labels; /* LABEL */
    kvs sets;   /* "EXPOSE 80/tcp", "VOLUME /data" -> "" */
    lf_strv onbuild;
    char *fields[F_N]; /* NULL: as in the base image; "": not set */
    lf_strv shell;     /* the SHELL words; empty: /bin/sh -c */
    bool cmd_set;      /* a CMD in this stage (ENTRYPOINT then keeps it) */
    char *name;        /* lower case, NULL when unnamed */
    int line;          /* of the FROM */
} stage_state;

static void state_free(stage_state *s)
{
    kvs_free(&s->vars);
    kvs_free(&s->env);
    kvs_free(&s->labels);
    kvs_free(&s->sets);
    lf_strv_free(&s->onbuild);
    lf_strv_free(&s->shell);
    for (int f = 0; f < F_N; f++)
        free(s->fields[f]);
    free(s->name);
}

static void set_field(stage_state *s, int f, const char *v)
{
    free(s->fields[f]);
    s->fields[f] = strdup(v);
}

/* ---- the computation ---- */

typedef struct comp {
    const lf_doc *doc;
    kvs build_args;
    kvs meta; /* global ARGs with a value */
    stage_state *st;
    size_t nst;
    lf_strv images;
    lf_buf *err;
    int line; /* of the instruction being dispatched */
} comp;

static int fail(comp *c, const char *msg)
{
    lf_buf_printf(c->err, "%s:%d: error: %s", c->doc->src->path, c->line, msg);
    return -1;
}

static void json_string(lf_buf *out, const char *s, size_t len)
{
    lf_buf_addc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            lf_buf_printf(out, "\\%c", ch);
        else if (ch == '\n')
            lf_buf_adds(out, "\\n");
        else if (ch == '\t')
            lf_buf_adds(out, "\\t");
        else if (ch < 0x20 || ch == 0x7f)
            lf_buf_printf(out, "\\u%04x", ch);
        else
            lf_buf_addc(out, (char)ch);
    }
    lf_buf_addc(out, '"');
}

static char *json_array(const lf_strv *v)
{
    lf_buf b = LF_BUF_INIT;
    lf_buf_addc(&b, '[');
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            lf_buf_adds(&b, ", ");
        json_string(&b, v->items[i].s, v->items[i].len);
    }
    lf_buf_addc(&b, ']');
    return lf_buf_detach(&b, NULL);
}

static int expand(comp *c, stage_state *s, const char *text, size_t len, lf_buf *out)
{
    lf_bk_expander x = {c->doc->escape, kvs_lookup, &s->vars, s->from_image};
    lf_buf e = LF_BUF_INIT;
    int rc = lf_bk_word(&x, text, len, out, &e);
    if (rc != 0)
        fail(c, lf_buf_cstr(&e));
    lf_buf_free(&e);
    return rc;
}

static void add_image(comp *c, const char *image)
{
    for (size_t i = 0; i < c->images.n; i++)
        if (strcmp(c->images.items[i].s, image) == 0)
            return;
    lf_strv_push(&c->images, image, strlen(image));
}

/* A --from value: a stage (by name or index) or an image to pull. */
static void from_ref(comp *c, const char *v, size_t len)
{
    char *ref = strndup(v, len);
    bool stage = strspn(ref, "0123456789") == len && len > 0;
    for (size_t i = 0; !stage && i < c->doc->nstages; i++) {
        const lf_stage *st = &c->doc->stages[i];
        size_t n = st->name.end - st->name.start;
        stage = n == len && strncasecmp(lf_doc_text(c->doc, st->name), ref, n) == 0;
    }
    if (!stage && len > 0)
        add_image(c, ref);
    free(ref);
}

static void mount_images(comp *c, const lf_bk_args *a)
{
    for (size_t i = 0; i < a->flags.n; i++) {
        const char *f = a->flags.items[i].s;
        if (strncmp(f, "--mount=", 8) != 0)
            continue;
        for (const char *o = f + 8; *o;) {
            size_t n = strcspn(o, ",");
            if (strncmp(o, "from=", 5) == 0)
                from_ref(c, o + 5, n - 5);
            o += n + (o[n] == ',');
        }
    }
}

static int arg_value(comp *c, stage_state *s, const char *word, size_t len, int global);

static int dispatch_arg(comp *c, stage_state *s, const lf_bk_args *a, int global)
{
    lf_strv words = LF_STRV_INIT;
    int rc = 0;
    lf_bk_parse_words(&words, a->text, a->len, c->doc->escape);
    for (size_t i = 0; rc == 0 && i < words.n; i++)
        rc = arg_value(c, s, words.items[i].s, words.items[i].len, global);
    lf_strv_free(&words);
    return rc;
}

/* One `NAME[=default]` of an ARG: global (s NULL) into c->meta, else into
 * the stage's variables. */
static int arg_value(comp *c, stage_state *s, const char *word, size_t len, int global)
{
    int rc = 0;
    const char *eq = memchr(word, '=', len);
    char *name = strndup(word, eq ? (size_t)(eq - word) : len);
    kv *given = kvs_find(&c->build_args, name, strlen(name));
    lf_buf v = LF_BUF_INIT;
    bool has = true;
    if (given) {
        lf_buf_adds(&v, given->v);
    } else if (eq) {
        lf_bk_expander x = {c->doc->escape, kvs_lookup, global ? &c->meta : &s->vars,
                            !global && s->from_image};
        lf_buf e = LF_BUF_INIT;
        if (lf_bk_word(&x, eq + 1, len - (size_t)(eq + 1 - word), &v, &e) != 0)
            rc = fail(c, lf_buf_cstr(&e));
        lf_buf_free(&e);
    } else {
        kv *m = kvs_find(&c->meta, name, strlen(name));
        has = m != NULL && !global;
        if (has)
            lf_buf_adds(&v, m->v);
    }
    if (has && rc == 0)
        kvs_set(global ? &c->meta : &s->vars, name, lf_buf_cstr(&v));
    lf_buf_free(&v);
    free(name);
    return rc;
}

static int dispatch_env_label(comp *c, stage_state *s, const lf_bk_args *a, bool env)
{
    lf_strv names = LF_STRV_INIT, values = LF_STRV_INIT, xn = LF_STRV_INIT, xv = LF_STRV_INIT;
    lf_buf e = LF_BUF_INIT, w = LF_BUF_INIT;
    int rc = lf_bk_name_values(a->text, a->len, c->doc->escape, env ? "ENV" : "LABEL", &names,
                               &values, &e);
    if (rc != 0)
        fail(c, lf_buf_cstr(&e));
    /* every pair is expanded before any is set */
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        lf_buf_clear(&w);
        rc = expand(c, s, names.items[i].s, names.items[i].len, &w);
        lf_strv_push(&xn, lf_buf_cstr(&w), w.len);
        lf_buf_clear(&w);
        if (rc == 0)
            rc = expand(c, s, values.items[i].s, values.items[i].len, &w);
        lf_strv_push(&xv, lf_buf_cstr(&w), w.len);
    }
    for (size_t i = 0; rc == 0 && i < xn.n; i++) {
        if (env)
            kvs_set(&s->vars, xn.items[i].s, xv.items[i].s);
        kvs_set(env ? &s->env : &s->labels, xn.items[i].s, xv.items[i].s);
    }
    lf_strv_free(&names);
    lf_strv_free(&values);
    lf_strv_free(&xn);
    lf_strv_free(&xv);
    lf_buf_free(&e);
    lf_buf_free(&w);
    return rc;
}

/* CMD and ENTRYPOINT: exec form as given, shell form behind the shell. */
static int dispatch_command(comp *c, stage_state *s, const lf_bk_args *a, int field)
{
    lf_strv v = LF_STRV_INIT;
    int form = lf_bk_maybe_json(a->text, a->len, &v);
    if (form < 0) {
        lf_strv_free(&v);
        return fail(c, "when using JSON array syntax, arrays must be comprised of strings only");
    }
    if (form == 0) {
        lf_strv full = LF_STRV_INIT;
        if (s->shell.n == 0) {
            lf_strv_push(&full, "/bin/sh", 7);
            lf_strv_push(&full, "-c", 2);
        }
        for (size_t i = 0; i < s->shell.n; i++)
            lf_strv_push(&full, s->shell.items[i].s, s->shell.items[i].len);
        for (size_t i = 0; i < v.n; i++)
            lf_strv_push(&full, v.items[i].s, v.items[i].len);
        lf_strv_free(&v);
        v = full;
    }
    free(s->fields[field]);
    s->fields[field] = json_array(&v);
    if (field == F_CMD)
        s->cmd_set = true;
    else if (!s->cmd_set)
        set_field(s, F_CMD, "");
    lf_strv_free(&v);
    return 0;
}

/* path.Clean of an absolute path. */
static void clean_path(const char *p, lf_buf *out)
{
    lf_strv parts = LF_STRV_INIT;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && strncmp(p, "..", 2) == 0)
            lf_strv_truncate(&parts, parts.n ? parts.n - 1 : 0);
        else if (n > 0 && !(n == 1 && *p == '.'))
            lf_strv_push(&parts, p, n);
        p += n + (p[n] == '/');
    }
    for (size_t i = 0; i < parts.n; i++)
        lf_buf_printf(out, "/%s", parts.items[i].s);
    if (parts.n == 0)
        lf_buf_addc(out, '/');
    lf_strv_free(&parts);
}

static int dispatch_workdir(comp *c, stage_state *s, const lf_bk_args *a)
{
    lf_buf w = LF_BUF_INIT, joined = LF_BUF_INIT, out = LF_BUF_INIT;
    int rc = expand(c, s, a->text, a->len, &w);
    if (rc == 0) {
        const char *cur = s->fields[F_WORKDIR];
        if (lf_buf_cstr(&w)[0] == '/' || (cur && !*cur))
            lf_buf_printf(&joined, "/%s", lf_buf_cstr(&w));
        else if (cur)
            lf_buf_printf(&joined, "%s/%s", cur, lf_buf_cstr(&w));
        else /* relative to the base image's WORKDIR, which is the same on both sides */
            lf_buf_printf(&joined, "/(base image WORKDIR)/%s", lf_buf_cstr(&w));
        clean_path(lf_buf_cstr(&joined), &out);
        set_field(s, F_WORKDIR, lf_buf_cstr(&out));
    }
    lf_buf_free(&w);
    lf_buf_free(&joined);
    lf_buf_free(&out);
    return rc;
}

/* One EXPOSE word: "80" -> "EXPOSE 80/tcp", "53/UDP" -> "EXPOSE 53/udp",
 * "8000-8002" -> three keys. */
static void add_port(stage_state *s, const char *p)
{
    const char *slash = strchr(p, '/');
    char proto[16] = "tcp";
    if (slash && slash[1]) {
        snprintf(proto, sizeof proto, "%s", slash + 1);
        for (char *q = proto; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
    }
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    char port[64];
    snprintf(port, sizeof port, "%.*s", (int)(n < 63 ? n : 63), p);
    char key[128];
    unsigned lo, hi;
    char dash;
    if (sscanf(port, "%u%c%u", &lo, &dash, &hi) == 3 && dash == '-' && lo <= hi && hi - lo < 1024) {
        for (unsigned k = lo; k <= hi; k++) {
            snprintf(key, sizeof key, "EXPOSE %u/%s", k, proto);
            kvs_set(&s->sets, key, "");
        }
        return;
    }
    snprintf(key, sizeof key, "EXPOSE %s/%s", port, proto);
    kvs_set(&s->sets, key, "");
}

static int dispatch_list(comp *c, stage_state *s, const lf_bk_args *a, bool expose)
{
    lf_strv words = LF_STRV_INIT;
    int rc = 0;
    if (expose || lf_bk_maybe_json(a->text, a->len, &words) != 1) {
        lf_strv_truncate(&words, 0);
        lf_bk_split_blanks(a->text, a->len, &words);
    }
    lf_bk_expander x = {c->doc->escape, kvs_lookup, &s->vars, s->from_image};
    lf_buf e = LF_BUF_INIT, v = LF_BUF_INIT;
    for (size_t i = 0; rc == 0 && i < words.n; i++) {
        if (expose) {
            lf_strv ports = LF_STRV_INIT;
            rc = lf_bk_words(&x, words.items[i].s, words.items[i].len, &ports, &e);
            for (size_t k = 0; rc == 0 && k < ports.n; k++)
                add_port(s, ports.items[k].s);
            lf_strv_free(&ports);
        } else {
            lf_buf_clear(&v);
            lf_buf_adds(&v, "VOLUME ");
            rc = lf_bk_word(&x, words.items[i].s, words.items[i].len, &v, &e);
            if (rc == 0)
                kvs_set(&s->sets, lf_buf_cstr(&v), "");
        }
    }
    if (rc != 0)
        fail(c, lf_buf_cstr(&e));
    lf_strv_free(&words);
    lf_buf_free(&e);
    lf_buf_free(&v);
    return rc;
}

static int dispatch_shell(comp *c, stage_state *s, const lf_bk_args *a)
{
    lf_strv v = LF_STRV_INIT;
    if (lf_bk_maybe_json(a->text, a->len, &v) != 1) {
        lf_strv_free(&v);
        return fail(c, "SHELL requires the arguments to be in JSON form");
    }
    lf_strv_free(&s->shell);
    s->shell = v;
    free(s->fields[F_SHELL]);
    s->fields[F_SHELL] = json_array(&v);
    return 0;
}

/* A single-string instruction (USER, STOPSIGNAL) expanded; HEALTHCHECK as
 * written. */
static int dispatch_string(comp *c, stage_state *s, const lf_bk_args *a, int field, bool raw)
{
    lf_buf w = LF_BUF_INIT;
    int rc = 0;
    if (raw) { /* its flags (--interval=5s) are part of it */
        for (size_t i = 0; i < a->flags.n; i++)
            lf_buf_printf(&w, "%s ", a->flags.items[i].s);
        lf_buf_add(&w, a->text, a->len);
    } else
        rc = expand(c, s, a->text, a->len, &w);
    if (rc == 0)
        set_field(s, field, lf_buf_cstr(&w));
    lf_buf_free(&w);
    return rc;
}

/* One instruction of a stage, from its logical line. */
static int dispatch(comp *c, stage_state *s, const char *line, size_t len)
{
    lf_bk_args a;
    lf_bk_args_split(line, len, &a);
    while (len && (*line == ' ' || *line == '\t'))
        line++, len--;
    size_t kw = strcspn(line, " \t\r\n");
    char key[16] = "";
    if (kw < sizeof key)
        for (size_t i = 0; i < kw; i++)
            key[i] = (char)(line[i] >= 'A' && line[i] <= 'Z' ? line[i] - 'A' + 'a' : line[i]);
    int rc = 0;
    if (strcmp(key, "arg") == 0)
        rc = dispatch_arg(c, s, &a, 0);
    else if (strcmp(key, "env") == 0 || strcmp(key, "label") == 0)
        rc = dispatch_env_label(c, s, &a, key[0] == 'e');
    else if (strcmp(key, "cmd") == 0 || strcmp(key, "entrypoint") == 0)
        rc = dispatch_command(c, s, &a, key[0] == 'c' ? F_CMD : F_ENTRYPOINT);
    else if (strcmp(key, "workdir") == 0)
        rc = dispatch_workdir(c, s, &a);
    else if (strcmp(key, "expose") == 0 || strcmp(key, "volume") == 0)
        rc = dispatch_list(c, s, &a, key[0] == 'e');
    else if (strcmp(key, "shell") == 0)
        rc = dispatch_shell(c, s, &a);
    else if (strcmp(key, "user") == 0 || strcmp(key, "stopsignal") == 0)
        rc = dispatch_string(c, s, &a, key[0] == 'u' ? F_USER : F_STOPSIGNAL, false);
    else if (strcmp(key, "healthcheck") == 0)
        rc = dispatch_string(c, s, &a, F_HEALTHCHECK, true);
    else if (strcmp(key, "onbuild") == 0)
        lf_strv_push(&s->onbuild, a.text, a.len);
    else if (strcmp(key, "copy") == 0 || strcmp(key, "add") == 0) {
        const char *from = lf_bk_args_flag(&a, "from");
        if (from)
            from_ref(c, from, strlen(from));
    } else if (strcmp(key, "run") == 0)
        mount_images(c, &a);
    lf_bk_args_free(&a);
    return rc;
}

/* FROM: the base (an earlier stage, scratch or an image) and the name. */
static int begin_stage(comp *c, size_t i)
{
    const lf_instr *in = &c->doc->instrs[c->doc->stages[i].from];
    stage_state *s = &c->st[i];
    s->line = (int)in->first_line;
    lf_bk_args a;
    lf_bk_args_split(in->joined, in->joined_len, &a);
    lf_strv words = LF_STRV_INIT;
    lf_bk_split_blanks(a.text, a.len, &words);
    lf_bk_args_free(&a);
    if (words.n >= 3 && strcasecmp(words.items[1].s, "as") == 0) {
        s->name = strdup(words.items[2].s);
        for (char *p = s->name; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    }
    lf_buf base = LF_BUF_INIT, e = LF_BUF_INIT;
    lf_bk_expander x = {c->doc->escape, kvs_lookup, &c->meta, false};
    int rc = words.n ? lf_bk_word(&x, words.items[0].s, words.items[0].len, &base, &e) : -1;
    if (rc != 0 || base.len == 0) {
        fail(c, rc != 0 && e.len ? lf_buf_cstr(&e) : "base name should not be blank");
        rc = -1;
    }
    int parent = -1;
    for (size_t k = 0; rc == 0 && k < i; k++)
        if (c->st[k].name && strcmp(c->st[k].name, lf_buf_cstr(&base)) == 0)
            parent = (int)k;
    if (rc != 0) {
    } else if (parent >= 0) {
        const stage_state *p = &c->st[parent];
        s->from_image = p->from_image;
        kvs_copy(&s->vars, &p->vars);
        kvs_copy(&s->env, &p->env);
        kvs_copy(&s->labels, &p->labels);
        kvs_copy(&s->sets, &p->sets);
        for (size_t k = 0; k < p->shell.n; k++)
            lf_strv_push(&s->shell, p->shell.items[k].s, p->shell.items[k].len);
        for (int f = 0; f < F_N; f++)
            s->fields[f] = p->fields[f] ? strdup(p->fields[f]) : NULL;
        /* the base stage's ONBUILD triggers run first */
        for (size_t k = 0; rc == 0 && k < p->onbuild.n; k++)
            rc = dispatch(c, s, p->onbuild.items[k].s, p->onbuild.items[k].len);
    } else if (strcmp(lf_buf_cstr(&base), "scratch") == 0) {
        for (int f = 0; f < F_N; f++)
            s->fields[f] = strdup("");
        static const char path[] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        kvs_set(&s->env, "PATH", path);
        kvs_set(&s->vars, "PATH", path);
    } else {
        s->from_image = true;
        add_image(c, lf_buf_cstr(&base));
    }
    lf_strv_free(&words);
    lf_buf_free(&base);
    lf_buf_free(&e);
    return rc;
}

/* BuildKit's automatic platform ARGs, for this machine. */
static void default_args(kvs *meta)
{
#if defined(__x86_64__)
    const char *arch = "amd64";
#elif defined(__aarch64__)
    const char *arch = "arm64";
#elif defined(__i386__)
    const char *arch = "386";
#else
    const char *arch = "unknown";
#endif
    char plat[64];
    snprintf(plat, sizeof plat, "linux/%s", arch);
    static const char *const pre[] = {"TARGET", "BUILD"};
    char k[32];
    for (int i = 0; i < 2; i++) {
        snprintf(k, sizeof k, "%sPLATFORM", pre[i]);
        kvs_set(meta, k, plat);
        snprintf(k, sizeof k, "%sOS", pre[i]);
        kvs_set(meta, k, "linux");
        snprintf(k, sizeof k, "%sARCH", pre[i]);
        kvs_set(meta, k, arch);
        snprintf(k, sizeof k, "%sVARIANT", pre[i]);
        kvs_set(meta, k, "");
    }
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const kv *)a)->k, ((const kv *)b)->k);
}

/* The target stage's state as sorted keys and values. */
static void collect(const stage_state *s, lf_imgconfig *out)
{
    kvs all = {0};
    lf_buf k = LF_BUF_INIT, v = LF_BUF_INIT;
    for (int f = 0; f < F_N; f++)
        if (s->fields[f])
            kvs_set(&all, field_names[f], s->fields[f]);
    if (s->onbuild.n) {
        char *a = json_array(&s->onbuild);
        kvs_set(&all, "ONBUILD", a);
        free(a);
    }
    for (int which = 0; which < 2; which++) {
        const kvs *m = which ? &s->labels : &s->env;
        for (size_t i = 0; i < m->n; i++) {
            lf_buf_clear(&k);
            lf_buf_clear(&v);
            lf_buf_printf(&k, "%s %s", which ? "LABEL" : "ENV", m->items[i].k);
            json_string(&v, m->items[i].v, strlen(m->items[i].v));
            kvs_set(&all, lf_buf_cstr(&k), lf_buf_cstr(&v));
        }
    }
    kvs_copy(&all, &s->sets);
    if (all.n > 1)
        qsort(all.items, all.n, sizeof *all.items, key_cmp);
    for (size_t i = 0; i < all.n; i++) {
        lf_strv_push(&out->keys, all.items[i].k, strlen(all.items[i].k));
        lf_strv_push(&out->values, all.items[i].v, strlen(all.items[i].v));
    }
    out->from_image = s->from_image;
    kvs_free(&all);
    lf_buf_free(&k);
    lf_buf_free(&v);
}

static int find_target(comp *c, const char *target, size_t *t)
{
    *t = c->doc->nstages - 1;
    if (!target)
        return 0;
    for (size_t i = 0; i < c->doc->nstages; i++)
        if (c->st[i].name && strcasecmp(c->st[i].name, target) == 0) {
            *t = i;
            return 0;
        }
    c->line = 1;
    lf_buf m = LF_BUF_INIT;
    lf_buf_printf(&m, "target stage \"%s\" could not be found", target);
    fail(c, lf_buf_cstr(&m));
    lf_buf_free(&m);
    return -1;
}

int lf_imgconfig_compute(lf_imgconfig *out, const lf_doc *doc, const char *target,
                         const char *const *build_args, size_t nbuild_args, lf_buf *err)
{
    memset(out, 0, sizeof *out);
    comp c = {.doc = doc, .err = err};
    int rc = 0;
    if (doc->nstages == 0) {
        c.line = 1;
        return fail(&c, "the Dockerfile has no FROM");
    }
    for (size_t i = 0; i < nbuild_args; i++) {
        const char *eq = strchr(build_args[i], '=');
        char *name = strndup(build_args[i], eq ? (size_t)(eq - build_args[i]) : 0);
        if (eq)
            kvs_set(&c.build_args, name, eq + 1);
        free(name);
    }
    default_args(&c.meta);
    c.st = calloc(doc->nstages, sizeof *c.st);
    for (size_t i = 0; rc == 0 && i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        c.line = (int)in->first_line;
        if (in->stage < 0 && in->kw == LF_KW_ARG) {
            lf_bk_args a;
            lf_bk_args_split(in->joined, in->joined_len, &a);
            rc = dispatch_arg(&c, NULL, &a, 1);
            lf_bk_args_free(&a);
        } else if (in->stage >= 0 && (int)i == doc->stages[in->stage].from) {
            rc = begin_stage(&c, (size_t)in->stage);
        } else if (in->stage >= 0) {
            rc = dispatch(&c, &c.st[in->stage], in->joined, in->joined_len);
        }
    }
    size_t t = 0;
    if (rc == 0)
        rc = find_target(&c, target, &t);
    if (rc == 0) {
        collect(&c.st[t], out);
        lf_buf name = LF_BUF_INIT;
        const lf_stage *st = &doc->stages[t];
        if (st->name.end > st->name.start)
            lf_buf_add(&name, lf_doc_text(doc, st->name), st->name.end - st->name.start);
        else
            lf_buf_printf(&name, "stage %zu", t);
        out->target = lf_buf_detach(&name, NULL);
        out->images = c.images;
        memset(&c.images, 0, sizeof c.images);
    }
    for (size_t i = 0; i < doc->nstages; i++)
        state_free(&c.st[i]);
    free(c.st);
    kvs_free(&c.build_args);
    kvs_free(&c.meta);
    lf_strv_free(&c.images);
    if (rc != 0)
        lf_imgconfig_free(out);
    return rc;
}

void lf_imgconfig_free(lf_imgconfig *c)
{
    lf_strv_free(&c->keys);
    lf_strv_free(&c->values);
    lf_strv_free(&c->images);
    free(c->target);
    memset(c, 0, sizeof *c);
}

static const char *shown(const lf_imgconfig *c, const char *v)
{
    if (!v)
        return c->from_image ? "(as in the base image)" : "(not set)";
    return *v ? v : "(not set)";
}

void lf_imgconfig_compare(const lf_imgconfig *a, const lf_imgconfig *b, lf_strv *out)
{
    size_t i = 0, j = 0;
    lf_buf line = LF_BUF_INIT;
    while (i < a->keys.n || j < b->keys.n) {
        int cmp = i == a->keys.n   ? 1
                  : j == b->keys.n ? -1
                                   : strcmp(a->keys.items[i].s, b->keys.items[j].s);
        const char *key = cmp <= 0 ? a->keys.items[i].s : b->keys.items[j].s;
        const char *va = cmp <= 0 ? a->values.items[i].s : NULL;
        const char *vb = cmp >= 0 ? b->values.items[j].s : NULL;
        bool set_like = strncmp(key, "EXPOSE ", 7) == 0 || strncmp(key, "VOLUME ", 7) == 0;
        lf_buf_clear(&line);
        if (cmp == 0 && strcmp(va, vb) == 0) {
        } else if (set_like) {
            lf_buf_printf(&line, "%s: %s", key, va ? "removed" : "added");
        } else {
            lf_buf_printf(&line, "%s: %s -> %s", key, shown(a, va), shown(b, vb));
        }
        if (line.len)
            lf_strv_push(out, lf_buf_cstr(&line), line.len);
        i += cmp <= 0;
        j += cmp >= 0;
    }
    lf_buf_free(&line);
}
