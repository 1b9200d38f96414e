/*
 * BuildKit's cache rules over one version of a Dockerfile (see
 * impact_estimate.h for the rules): which steps of the stages a target
 * needs run again after an event.
 */
#include "sim.h"

#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a stage leaves to the steps after it and to the stages that use it. */
typedef struct stage_out {
    int state;    /* 0 not evaluated, 1 being evaluated, 2 done */
    bool dirty;   /* its file system changed: its last layer step re-ran */
    bool meta;    /* USER or WORKDIR changed (the environment of later RUNs) */
    bool user;    /* USER changed (a WORKDIR's mkdir runs as that user) */
    lf_strv vars; /* ARG and ENV names whose values changed */
} stage_out;

typedef struct sim {
    const imp_side *s;
    const imp_event *ev;
    stage_out *st;
    bool *rerun;
    lf_strv globals; /* global ARGs (before the first FROM) whose values changed */
} sim;

static bool in_list(const lf_strv *v, const char *name, size_t len)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i].len == len && memcmp(v->items[i].s, name, len) == 0)
            return true;
    return false;
}

static void add_name(lf_strv *v, const char *name, size_t len)
{
    if (!in_list(v, name, len))
        lf_strv_push(v, name, len);
}

static bool name_char(char c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (!first && c >= '0' && c <= '9');
}

/* Does text use one of the variables ($NAME, ${NAME...})? */
static bool uses(const char *t, size_t len, const lf_strv *vars)
{
    if (!vars->n)
        return false;
    for (size_t i = 0; i + 1 < len; i++) {
        if (t[i] != '$')
            continue;
        size_t k = i + 1 + (t[i + 1] == '{');
        size_t b = k;
        while (k < len && name_char(t[k], k == b))
            k++;
        if (k > b && in_list(vars, t + b, k - b))
            return true;
    }
    return false;
}

static bool span_is(const lf_doc *doc, lf_span s, const char *t)
{
    size_t n = strlen(t);
    return s.end - s.start == n && strncasecmp(lf_doc_text(doc, s), t, n) == 0;
}

/* The value of flag --name of in (span), or false when it has none. */
static bool flag_value(const lf_doc *doc, const lf_instr *in, const char *name, lf_span *out)
{
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (span_is(doc, fl->name, name)) {
            *out = fl->value;
            return true;
        }
    }
    return false;
}

/* The stage a --from value names, or -1 (an image). */
static int stage_ref(const lf_doc *doc, lf_span v, int self)
{
    size_t len = v.end - v.start;
    const char *t = lf_doc_text(doc, v);
    if (len >= 2 && (t[0] == '"' || t[0] == '\'') && t[len - 1] == t[0]) {
        t++;
        len -= 2;
    }
    int k = imp_stage_named(doc, t, len);
    return k == self ? -1 : k;
}

static void eval_stage(sim *m, int s);

/* Did the stage re-run its last layer step (evaluated on demand)? */
static bool stage_dirty(sim *m, int k)
{
    if (k < 0)
        return false;
    eval_stage(m, k);
    return m->st[k].dirty;
}

/* The inputs of a RUN's mounts: bind mounts of the context (the files
 * they take) and mounts from another stage. */
static bool mounts_changed(sim *m, int i)
{
    const lf_doc *doc = m->s->doc;
    const lf_instr *in = &doc->instrs[i];
    bool changed = false;
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!fl->is_mount)
            continue;
        for (size_t k = 0; k < fl->nopts; k++) {
            const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
            if (span_is(doc, o->key, "from") && o->has_value)
                changed = stage_dirty(m, stage_ref(doc, o->value, in->stage)) || changed;
        }
    }
    /* the bind mounts of the context are among the sources */
    return changed || (m->ev->path && imp_takes(m->s, i, m->ev->path));
}

/* ARG and ENV: the names whose values change. */
static void walk_vars(sim *m, const lf_instr *in, lf_strv *vars, bool global)
{
    const lf_doc *doc = m->s->doc;
    lf_var_pair *pairs;
    size_t np = lf_var_pairs(doc, in, &pairs);
    for (size_t p = 0; p < np; p++) {
        bool arg = pairs[p].arg;
        const char *name = lf_doc_text(doc, pairs[p].name);
        size_t nlen = pairs[p].name.end - pairs[p].name.start;
        bool changed;
        if (!pairs[p].has_value)
            /* ARG NAME: a build argument's value, or the global ARG's */
            changed = arg && ((m->ev->arg && strlen(m->ev->arg) == nlen &&
                               memcmp(m->ev->arg, name, nlen) == 0) ||
                              (!global && in_list(&m->globals, name, nlen)));
        else
            changed = (arg && m->ev->arg && strlen(m->ev->arg) == nlen &&
                       memcmp(m->ev->arg, name, nlen) == 0) ||
                      uses(lf_doc_text(doc, pairs[p].value),
                           pairs[p].value.end - pairs[p].value.start, vars);
        if (changed)
            add_name(vars, name, nlen);
    }
    free(pairs);
}

/* Does COPY/ADD in re-run, given the state before it? Sets *link for
 * `--link` (a layer that does not depend on the one before it). */
static bool copy_reruns(sim *m, int i, bool dirty, const lf_strv *vars, bool *link)
{
    const lf_doc *doc = m->s->doc;
    const lf_instr *in = &doc->instrs[i];
    lf_span v;
    *link = flag_value(doc, in, "link", &v) && (v.end == v.start || !span_is(doc, v, "false"));
    bool own = uses(lf_doc_text(doc, in->line), in->line.end - in->line.start, vars);
    if (flag_value(doc, in, "from", &v))
        own = stage_dirty(m, stage_ref(doc, v, in->stage)) || own; /* needed either way */
    else
        own = own || (m->ev->path && imp_takes(m->s, i, m->ev->path));
    return own || (dirty && !*link);
}

static void eval_stage(sim *m, int s)
{
    stage_out *o = &m->st[s];
    if (o->state)
        return; /* done, or a cycle (which the builder refuses) */
    o->state = 1;
    const lf_doc *doc = m->s->doc;
    const lf_stage *sg = &doc->stages[s];
    bool dirty = false, meta = false, user = false;
    lf_strv vars = LF_STRV_INIT;
    if (sg->base_stage >= 0 && sg->base_stage != s) {
        eval_stage(m, sg->base_stage);
        const stage_out *b = &m->st[sg->base_stage];
        dirty = b->dirty;
        meta = b->meta;
        user = b->user;
        for (size_t k = 0; k < b->vars.n; k++)
            lf_strv_push(&vars, b->vars.items[k].s, b->vars.items[k].len);
    } else {
        const lf_instr *from = &doc->instrs[sg->from];
        dirty = uses(lf_doc_text(doc, from->line), from->line.end - from->line.start, &m->globals);
    }
    for (int i = sg->first + 1; i <= sg->last; i++) {
        const lf_instr *in = &doc->instrs[i];
        const char *text = lf_doc_text(doc, in->line);
        size_t len = in->line.end - in->line.start;
        bool r = false, link = false;
        switch (in->kw) {
        case LF_KW_ARG:
        case LF_KW_ENV:
            walk_vars(m, in, &vars, false);
            break;
        case LF_KW_USER:
            if (uses(text, len, &vars))
                meta = user = true;
            break;
        case LF_KW_WORKDIR:
            if (uses(text, len, &vars))
                meta = true;
            r = dirty || user || uses(text, len, &vars);
            dirty = dirty || r;
            break;
        case LF_KW_RUN:
            r = mounts_changed(m, i); /* first: the stages it names are needed */
            r = r || dirty || meta || vars.n > 0;
            dirty = dirty || r;
            break;
        case LF_KW_COPY:
        case LF_KW_ADD:
            r = copy_reruns(m, i, dirty, &vars, &link);
            dirty = dirty || r;
            break;
        default:
            break;
        }
        m->rerun[i] = r;
    }
    o->dirty = dirty;
    o->meta = meta;
    o->user = user;
    o->vars = vars;
    o->state = 2;
}

void imp_rerun(const imp_side *s, int target, const imp_event *ev, bool *rerun, bool *needed)
{
    const lf_doc *doc = s->doc;
    memset(rerun, 0, doc->ninstrs * sizeof *rerun);
    if (needed)
        memset(needed, 0, doc->nstages * sizeof *needed);
    if (target < 0 || (size_t)target >= doc->nstages)
        return;
    sim m = {s, ev, calloc(doc->nstages, sizeof *m.st), rerun, LF_STRV_INIT};
    for (size_t i = 0; i < doc->ninstrs && doc->instrs[i].stage < 0; i++)
        if (doc->instrs[i].kw == LF_KW_ARG)
            walk_vars(&m, &doc->instrs[i], &m.globals, true);
    eval_stage(&m, target);
    for (size_t k = 0; k < doc->nstages; k++) {
        if (needed)
            needed[k] = m.st[k].state == 2;
        lf_strv_free(&m.st[k].vars);
    }
    free(m.st);
    lf_strv_free(&m.globals);
}
