/*
 * The analysis of a Dockerfile (see analysis.h): one walk over the stages
 * in order. A state is shared by the instructions it holds for and copied
 * when an instruction changes it.
 */
#include "analysis.h"

#include "json.h"
#include "parse.h"
#include "paths.h"
#include "shell.h"
#include "tools.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lf_analysis {
    const lf_doc *doc;
    bool done;
    lf_stage_facts *stages;
    lf_state **at;       /* per instruction: the state before it (shared) */
    lf_state **end;      /* per stage: the state after its last instruction */
    lf_run_model **runs; /* per instruction: the RUN's model, or NULL */
    lf_run_effects **fx; /* per instruction: the RUN's effects, once asked for */
    lf_state **states;   /* every state, for freeing */
    size_t nstates, caps;
    lf_context_source *sources;
    size_t nsources, capsrc;
    TSParser *bash; /* for `sh -c` strings */
};

static lf_state *state_new(lf_analysis *a, const lf_state *from)
{
    lf_state *s = calloc(1, sizeof *s);
    if (from) {
        lf_vars_copy(&s->env, &from->env);
        lf_users_copy(&s->users, &from->users);
        s->user = from->user ? strdup(from->user) : NULL;
        s->user_dyn = from->user_dyn;
        s->workdir = from->workdir ? strdup(from->workdir) : NULL;
        s->workdir_sym = strdup(from->workdir_sym);
    } else {
        s->workdir_sym = strdup("@");
    }
    *LF_VEC_PUSH(a->states, a->nstates, a->caps) = s;
    return s;
}

static void state_free(lf_state *s)
{
    lf_vars_free(&s->env);
    lf_users_free(&s->users);
    free(s->user);
    free(s->workdir);
    free(s->workdir_sym);
    free(s);
}

char *lf_analysis_expand(const lf_analysis *a, const lf_state *st, const char *s, size_t n)
{
    lf_scope sc = {{&st->env, NULL, NULL}, NULL};
    lf_buf v = LF_BUF_INIT;
    char *r = lf_expand(s, n, a->doc->escape, false, &sc, &v) ? strdup(v.data) : NULL;
    lf_buf_free(&v);
    return r;
}

/* --- instructions that change the state ------------------------------------------- */

static void walk_env(lf_analysis *a, lf_state *st, const lf_instr *in)
{
    const lf_doc *doc = a->doc;
    /* every pair sees the environment from before the instruction */
    lf_strv names = LF_STRV_INIT, values = LF_STRV_INIT;
    bool known[64] = {0};
    lf_var_pair *pairs;
    size_t np = lf_var_pairs(doc, in, &pairs);
    for (size_t p = 0; p < np; p++) {
        bool arg = pairs[p].arg;
        char *name =
            strndup(lf_doc_text(doc, pairs[p].name), pairs[p].name.end - pairs[p].name.start);
        const lf_var *old = lf_vars_find(&st->env, name);
        if (arg && old && old->from_env) {
            free(name); /* ENV wins over ARG */
            continue;
        }
        char *val = NULL;
        bool is_known = true;
        if (arg && !pairs[p].has_value) {
            /* no default here: a build argument or a global ARG's default
             * may set it, which we cannot know */
            is_known = false;
        } else if (!pairs[p].has_value) {
            val = strdup("");
        } else {
            val = lf_analysis_expand(a, st, lf_doc_text(doc, pairs[p].value),
                                     pairs[p].value.end - pairs[p].value.start);
            is_known = val != NULL;
        }
        if (names.n < 64) {
            known[names.n] = is_known;
            lf_strv_push(&names, name, strlen(name));
            lf_strv_push(&values, val ? val : "", val ? strlen(val) : 0);
        }
        free(name);
        free(val);
    }
    free(pairs);
    for (size_t k = 0; k < names.n; k++)
        lf_vars_set(&st->env, names.items[k].s, known[k] ? values.items[k].s : NULL, in->first_line,
                    in->kw == LF_KW_ENV);
    lf_strv_free(&names);
    lf_strv_free(&values);
}

/* Does text name a build ARG of the state (`$UID`, `${GID}`)? Its value
 * is the default only until a build passes another. */
static bool names_build_arg(const lf_state *st, const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i] != '$')
            continue;
        size_t k = i + 1 + (i + 1 < n && t[i + 1] == '{');
        size_t e = k;
        while (e < n && (t[e] == '_' || (t[e] >= 'A' && t[e] <= 'Z') ||
                         (t[e] >= 'a' && t[e] <= 'z') || (t[e] >= '0' && t[e] <= '9')))
            e++;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(e - k), t + k);
        const lf_var *v = e > k ? lf_vars_find(&st->env, name) : NULL;
        if (v && !v->from_env)
            return true;
    }
    return false;
}

static void walk_user(lf_analysis *a, lf_state *st, const lf_instr *in)
{
    const char *t = lf_doc_text(a->doc, in->args);
    size_t n = in->args.end - in->args.start;
    free(st->user);
    /* `USER $UID` with `ARG UID=1000`: the uid is whatever the build passes */
    st->user = names_build_arg(st, t, n) ? NULL : lf_analysis_expand(a, st, t, n);
    st->user_dyn = st->user == NULL;
    if (!st->user) /* kept as written, for messages */
        st->user = strndup(t, n);
}

static void walk_workdir(lf_analysis *a, lf_state *st, const lf_instr *in)
{
    char *w =
        lf_analysis_expand(a, st, lf_doc_text(a->doc, in->args), in->args.end - in->args.start);
    char *next = w ? lf_path_join(st->workdir, w) : NULL;
    free(st->workdir);
    st->workdir = next;
    free(w);
    if (in->args.end <= in->args.start)
        return;
    lf_buf arg = LF_BUF_INIT, sym = LF_BUF_INIT;
    lf_shell_unquote(lf_doc_text(a->doc, in->args), in->args.end - in->args.start, &arg);
    if (!lf_wd_join(st->workdir_sym, arg.data, &sym)) {
        lf_buf_clear(&sym); /* unknown, and unlike any other */
        lf_buf_printf(&sym, "@%d", (int)(in - a->doc->instrs));
    }
    free(st->workdir_sym);
    st->workdir_sym = lf_buf_detach(&sym, NULL);
    lf_buf_free(&arg);
}

bool lf_source_is_remote(const char *src)
{
    return strstr(src, "://") != NULL || strncmp(src, "git@", 4) == 0;
}

static void add_source(lf_analysis *a, const lf_instr *in, const char *raw, bool copies)
{
    lf_context_source *s = LF_VEC_PUSH(a->sources, a->nsources, a->capsrc);
    s->instr = (int)(in - a->doc->instrs);
    s->line = in->first_line;
    s->raw = strdup(raw);
    s->copies = copies;
}

static bool key_is(const lf_doc *doc, lf_span s, const char *t)
{
    size_t n = strlen(t);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, t, n) == 0;
}

/* The RUN's --mount=type=bind sources taken from the build context. */
static void bind_sources(lf_analysis *a, const lf_instr *in)
{
    const lf_doc *doc = a->doc;
    for (size_t f = 0; f < in->nflags; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!fl->is_mount)
            continue;
        bool bind = true, from = false;
        lf_buf src = LF_BUF_INIT;
        for (size_t k = 0; k < fl->nopts; k++) {
            const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
            if (key_is(doc, o->key, "type"))
                bind = o->has_value && key_is(doc, o->value, "bind");
            else if (key_is(doc, o->key, "from"))
                from = true;
            else if ((key_is(doc, o->key, "source") || key_is(doc, o->key, "src")) && o->has_value)
                lf_shell_unquote(lf_doc_text(doc, o->value), o->value.end - o->value.start, &src);
        }
        if (bind && !from)
            add_source(a, in, lf_buf_cstr(&src), false);
        lf_buf_free(&src);
    }
}

static void walk_copy(lf_analysis *a, lf_stage_facts *sf, const lf_state *st, const lf_instr *in)
{
    const lf_doc *doc = a->doc;
    lf_copy_fact *c = LF_VEC_PUSH(sf->copies, sf->ncopies, sf->capc);
    memset(c, 0, sizeof *c);
    c->instr = (int)(in - doc->instrs);
    c->line = in->first_line;
    for (size_t f = 0; f < in->nflags; f++) {
        lf_span nm = doc->flags[in->first_flag + f].name;
        if (nm.end - nm.start == 4 && strncasecmp(lf_doc_text(doc, nm), "from", 4) == 0)
            c->from = true;
    }
    lf_strv words = LF_STRV_INIT;
    if (in->exec_form) {
        lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &words);
    } else {
        TSNode ch;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &ch)) {
            if (lf_node_is(ch, "path"))
                lf_strv_push(&words, doc->src->data + ts_node_start_byte(ch),
                             ts_node_end_byte(ch) - ts_node_start_byte(ch));
            else if (lf_node_is(ch, "heredoc_start"))
                lf_strv_push(&words, "<<", 2);
        }
        lf_children_done(&it);
    }
    for (size_t k = 0; !c->from && k + 1 < words.n; k++) {
        if (strcmp(words.items[k].s, "<<") == 0)
            continue;
        lf_buf raw = LF_BUF_INIT;
        if (in->exec_form)
            lf_buf_adds(&raw, words.items[k].s);
        else
            lf_shell_unquote(words.items[k].s, words.items[k].len, &raw);
        if (!(in->kw == LF_KW_ADD && lf_source_is_remote(lf_buf_cstr(&raw))))
            add_source(a, in, lf_buf_cstr(&raw), true);
        lf_buf_free(&raw);
    }
    if (words.n >= 2) {
        const lf_str *d = &words.items[words.n - 1];
        char *dest = in->exec_form ? strdup(d->s) : lf_analysis_expand(a, st, d->s, d->len);
        if (dest) {
            c->dest = lf_path_join(st->workdir, dest);
            free(dest);
        }
        for (size_t k = 0; k + 1 < words.n; k++) {
            char *src = in->exec_form
                            ? strdup(words.items[k].s)
                            : lf_analysis_expand(a, st, words.items[k].s, words.items[k].len);
            if (!src || strcmp(src, "<<") == 0) {
                free(src);
                continue;
            }
            char *norm = lf_path_join("/", src);
            lf_strv_push(&c->srcs, norm + 1, strlen(norm + 1));
            free(norm);
            free(src);
        }
    }
    lf_strv_free(&words);
}

/* --- stages --------------------------------------------------------------------------- */

/* The ARGs before the first FROM, with their defaults (expanded in order);
 * only FROM lines see them. */
static void global_args(lf_analysis *a, lf_vars *out)
{
    const lf_doc *doc = a->doc;
    lf_state st = {0};
    for (size_t i = 0; i < doc->ninstrs && doc->instrs[i].stage < 0; i++)
        if (doc->instrs[i].kw == LF_KW_ARG)
            walk_env(a, &st, &doc->instrs[i]);
    lf_vars_copy(out, &st.env);
    lf_vars_free(&st.env);
}

/* The base image of a stage that is not built on another: its reference
 * with the global ARGs expanded, what the table says of it, the default
 * user. */
static void resolve_image(lf_analysis *a, const lf_stage *sg, lf_stage_facts *sf)
{
    const lf_doc *doc = a->doc;
    const char *text = lf_doc_text(doc, sg->image);
    size_t n = sg->image.end - sg->image.start;
    lf_vars globals = {0};
    global_args(a, &globals);
    lf_scope sc = {{&globals, NULL, NULL}, NULL};
    lf_buf v = LF_BUF_INIT;
    if (memchr(text, '$', n) && lf_expand(text, n, doc->escape, false, &sc, &v)) {
        sf->image_text = strdup(v.data);
    } else {
        sf->image_text = strndup(text, n);
        sf->image_unresolved = memchr(text, '$', n) != NULL;
    }
    lf_buf_free(&v);
    lf_vars_free(&globals);
    sf->image = sf->image_unresolved
                    ? NULL
                    : lf_image_lookup(sf->image_text, strlen(sf->image_text), &sf->family);
    /* the backtick escape is the Windows images' custom: evidence only when
     * the table does not know the image's OS */
    sf->windows =
        sf->family == LF_OS_WINDOWS || (sf->family == LF_OS_UNKNOWN && doc->escape == '`');
    if (sf->image_unresolved)
        sf->default_user = NULL;
    else
        sf->default_user = sf->image && sf->image->default_user ? sf->image->default_user : "root";
}

static lf_state *init_stage(lf_analysis *a, int s)
{
    const lf_doc *doc = a->doc;
    const lf_stage *sg = &doc->stages[s];
    lf_stage_facts *sf = &a->stages[s];
    sf->base_stage = sg->base_stage;
    if (sg->base_stage >= 0 && sg->base_stage < s) {
        const lf_stage_facts *b = &a->stages[sg->base_stage];
        sf->image_text = strdup(b->image_text); /* the image at the root of the chain */
        sf->image = b->image;
        sf->family = b->family;
        sf->image_unresolved = b->image_unresolved;
        sf->windows = b->windows;
        sf->default_user = b->default_user;
        for (size_t i = 0; i < b->ncopies; i++) {
            lf_copy_fact *c = LF_VEC_PUSH(sf->copies, sf->ncopies, sf->capc);
            *c = b->copies[i];
            c->dest = c->dest ? strdup(c->dest) : NULL;
            memset(&c->srcs, 0, sizeof c->srcs);
            for (size_t k = 0; k < b->copies[i].srcs.n; k++)
                lf_strv_push(&c->srcs, b->copies[i].srcs.items[k].s,
                             b->copies[i].srcs.items[k].len);
        }
        return state_new(a, a->end[sg->base_stage]);
    }
    resolve_image(a, sg, sf);
    lf_state *st = state_new(a, NULL);
    st->workdir = strdup(sf->image && sf->image->workdir ? sf->image->workdir : "/");
    if (!sf->image)
        return st;
    for (size_t k = 0; sf->image->env && sf->image->env[k]; k++) {
        const char *e = sf->image->env[k], *eq = strchr(e, '=');
        char *name = strndup(e, (size_t)(eq - e));
        lf_vars_set(&st->env, name, eq + 1, 0, true);
        free(name);
    }
    for (size_t k = 0; sf->image->users && sf->image->users[k].name; k++) {
        const lf_image_user *iu = &sf->image->users[k];
        lf_user *u = lf_users_add(&st->users, iu->name);
        u->uid = iu->uid;
        u->gid = iu->gid;
        free(u->home);
        u->home = strdup(iu->home);
        lf_users_set_group(&st->users, iu->name, iu->gid);
    }
    return st;
}

/* A SHELL that runs PowerShell or cmd, a WORKDIR or COPY destination with
 * a drive letter: the stage is Windows. */
static bool windows_evidence(const lf_doc *doc, const lf_instr *in)
{
    const char *s = lf_doc_text(doc, in->args);
    size_t n = in->args.end - in->args.start;
    if (in->kw == LF_KW_SHELL) {
        lf_strv w = LF_STRV_INIT;
        bool win = lf_json_string_array(s, n, &w) == LF_JSON_STRINGS && w.n > 0 &&
                   lf_tool_is_windows_shell(lf_path_base(w.items[0].s));
        lf_strv_free(&w);
        return win;
    }
    if (in->kw != LF_KW_WORKDIR && in->kw != LF_KW_COPY && in->kw != LF_KW_ADD)
        return false;
    for (size_t i = 0; i + 2 < n; i++)
        if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '"') &&
            ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) && s[i + 1] == ':' &&
            (s[i + 2] == '\\' || s[i + 2] == '/'))
            return true;
    return false;
}

static bool creates_users(const lf_run_model *m)
{
    for (size_t k = 0; k < m->ncmds; k++)
        if (m->cmds[k].n >= 2 && lf_user_tool_find(lf_path_base(m->cmds[k].w[0].s)))
            return true;
    return false;
}

static void walk_stage(lf_analysis *a, int s)
{
    const lf_doc *doc = a->doc;
    const lf_stage *sg = &doc->stages[s];
    lf_stage_facts *sf = &a->stages[s];
    lf_state *cur = init_stage(a, s);
    a->at[sg->first] = cur;
    bool shared = true; /* cur is published: copy it before a change */
    for (int i = sg->first + 1; i <= sg->last; i++) {
        const lf_instr *in = &doc->instrs[i];
        a->at[i] = cur;
        shared = true;
        lf_run_model *m = NULL;
        if (in->kw == LF_KW_RUN) {
            m = calloc(1, sizeof *m);
            lf_run_model_build(m, doc, in, cur->workdir, cur->workdir_sym, &a->bash);
            a->runs[i] = m;
        }
        bool changes = in->kw == LF_KW_ENV || in->kw == LF_KW_ARG || in->kw == LF_KW_USER ||
                       in->kw == LF_KW_WORKDIR || (m && creates_users(m));
        if (changes && shared) {
            cur = state_new(a, cur);
            shared = false;
        }
        if (windows_evidence(doc, in))
            sf->windows = true;
        switch (in->kw) {
        case LF_KW_ENV:
        case LF_KW_ARG:
            walk_env(a, cur, in);
            break;
        case LF_KW_USER:
            walk_user(a, cur, in);
            break;
        case LF_KW_WORKDIR:
            walk_workdir(a, cur, in);
            break;
        case LF_KW_COPY:
        case LF_KW_ADD:
            walk_copy(a, sf, cur, in);
            break;
        case LF_KW_RUN:
            if (!shared)
                lf_users_learn(&cur->users, m);
            bind_sources(a, in);
            break;
        default:
            break;
        }
    }
    a->end[s] = cur;
}

static void compute(const lf_analysis *ca)
{
    lf_analysis *a = (lf_analysis *)ca; /* computed once, on first use */
    if (a->done)
        return;
    a->done = true;
    const lf_doc *doc = a->doc;
    size_t ni = doc->ninstrs ? doc->ninstrs : 1, ns = doc->nstages ? doc->nstages : 1;
    a->stages = calloc(ns, sizeof *a->stages);
    a->at = calloc(ni, sizeof *a->at);
    a->runs = calloc(ni, sizeof *a->runs);
    a->fx = calloc(ni, sizeof *a->fx);
    a->end = calloc(ns, sizeof *a->end);
    for (size_t s = 0; s < doc->nstages; s++)
        walk_stage(a, (int)s);
}

lf_analysis *lf_analyze(const lf_doc *doc)
{
    lf_analysis *a = calloc(1, sizeof *a);
    if (a)
        a->doc = doc;
    return a;
}

void lf_analysis_free(lf_analysis *a)
{
    if (!a)
        return;
    const lf_doc *doc = a->doc;
    for (size_t i = 0; a->runs && i < doc->ninstrs; i++)
        if (a->runs[i]) {
            lf_run_model_free(a->runs[i]);
            free(a->runs[i]);
        }
    for (size_t i = 0; a->fx && i < doc->ninstrs; i++)
        if (a->fx[i]) {
            lf_run_effects_free(a->fx[i]);
            free(a->fx[i]);
        }
    free(a->fx);
    for (size_t s = 0; a->stages && s < doc->nstages; s++) {
        lf_stage_facts *sf = &a->stages[s];
        for (size_t i = 0; i < sf->ncopies; i++) {
            free(sf->copies[i].dest);
            lf_strv_free(&sf->copies[i].srcs);
        }
        free(sf->copies);
        free(sf->image_text);
    }
    for (size_t i = 0; i < a->nsources; i++)
        free(a->sources[i].raw);
    free(a->sources);
    for (size_t i = 0; i < a->nstates; i++)
        state_free(a->states[i]);
    free(a->states);
    free(a->stages);
    free(a->at);
    free(a->end);
    free(a->runs);
    if (a->bash)
        ts_parser_delete(a->bash);
    free(a);
}

const lf_doc *lf_analysis_doc(const lf_analysis *a)
{
    return a->doc;
}

const lf_stage_facts *lf_analysis_stage(const lf_analysis *a, int stage)
{
    compute(a);
    return stage >= 0 && (size_t)stage < a->doc->nstages ? &a->stages[stage] : NULL;
}

const lf_state *lf_analysis_state(const lf_analysis *a, int instr)
{
    compute(a);
    return instr >= 0 && (size_t)instr < a->doc->ninstrs ? a->at[instr] : NULL;
}

const lf_state *lf_analysis_stage_end(const lf_analysis *a, int stage)
{
    compute(a);
    return stage >= 0 && (size_t)stage < a->doc->nstages ? a->end[stage] : NULL;
}

const lf_run_model *lf_analysis_run(const lf_analysis *a, int instr)
{
    compute(a);
    return instr >= 0 && (size_t)instr < a->doc->ninstrs ? a->runs[instr] : NULL;
}

const lf_run_effects *lf_analysis_effects(const lf_analysis *ca, int instr)
{
    const lf_run_model *m = lf_analysis_run(ca, instr);
    if (!m)
        return NULL;
    lf_analysis *a = (lf_analysis *)ca; /* computed once, on first use */
    if (!a->fx[instr]) {
        const lf_state *st = a->at[instr];
        lf_run_user ru;
        lf_run_user_resolve(&ru, st->user, st->user_dyn, &st->env, &st->users);
        lf_effects_env env = {&st->env, ru.home, st->workdir};
        a->fx[instr] = calloc(1, sizeof *a->fx[instr]);
        lf_run_effects_build(a->fx[instr], a->doc, &a->doc->instrs[instr], m, &env);
        lf_run_user_free(&ru);
    }
    return a->fx[instr];
}

const lf_copy_fact *lf_analysis_copies_before(const lf_analysis *a, int instr, size_t *n)
{
    compute(a);
    *n = 0;
    if (instr < 0 || (size_t)instr >= a->doc->ninstrs || a->doc->instrs[instr].stage < 0)
        return NULL;
    const lf_stage_facts *sf = &a->stages[a->doc->instrs[instr].stage];
    while (*n < sf->ncopies && sf->copies[*n].instr < instr)
        (*n)++;
    return sf->copies;
}

const lf_context_source *lf_analysis_context_sources(const lf_analysis *a, size_t *n)
{
    compute(a);
    *n = a->nsources;
    return a->sources;
}

void lf_analysis_run_user(const lf_analysis *a, int instr, lf_run_user *ru)
{
    const lf_state *st = lf_analysis_state(a, instr);
    const lf_stage_facts *sf = lf_analysis_stage(a, a->doc->instrs[instr].stage);
    if (st && st->user) {
        lf_run_user_resolve(ru, st->user, st->user_dyn, &st->env, &st->users);
        return;
    }
    if (st && sf && sf->default_user) {
        lf_run_user_resolve(ru, sf->default_user, false, &st->env, &st->users);
        return;
    }
    /* an image that cannot be resolved: its user is not known */
    lf_run_user_resolve(ru, "?", true, st ? &st->env : NULL, st ? &st->users : NULL);
    snprintf(ru->spec, sizeof ru->spec, "%s", sf && sf->image_text ? sf->image_text : "?");
    ru->image_unknown = true;
}
