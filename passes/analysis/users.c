/* Users and groups of a stage (see users.h). */
#include "users.h"

#include "paths.h"
#include "tools.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const lf_user *lf_users_find(const lf_users *us, const char *name)
{
    for (size_t i = us->n; i-- > 0;)
        if (strcmp(us->u[i].name, name) == 0)
            return &us->u[i];
    return NULL;
}

const lf_user *lf_users_by_uid(const lf_users *us, long uid)
{
    for (size_t i = us->n; i-- > 0;)
        if (us->u[i].uid == uid)
            return &us->u[i];
    return NULL;
}

lf_user *lf_users_add(lf_users *us, const char *name)
{
    lf_user *u = (lf_user *)lf_users_find(us, name);
    if (u)
        return u;
    u = LF_VEC_PUSH(us->u, us->n, us->cap);
    u->name = strdup(name);
    u->uid = u->gid = -1;
    u->home = NULL;
    return u;
}

long lf_users_gid(const lf_users *us, const char *group)
{
    for (size_t i = us->ng; i-- > 0;)
        if (strcmp(us->g[i].name, group) == 0)
            return us->g[i].gid;
    return -1;
}

void lf_users_set_group(lf_users *us, const char *name, long gid)
{
    lf_group *g = LF_VEC_PUSH(us->g, us->ng, us->capg);
    g->name = strdup(name);
    g->gid = gid;
}

void lf_users_copy(lf_users *dst, const lf_users *src)
{
    for (size_t i = 0; i < src->n; i++) {
        lf_user *u = lf_users_add(dst, src->u[i].name);
        u->uid = src->u[i].uid;
        u->gid = src->u[i].gid;
        free(u->home);
        u->home = src->u[i].home ? strdup(src->u[i].home) : NULL;
    }
    for (size_t i = 0; i < src->ng; i++)
        lf_users_set_group(dst, src->g[i].name, src->g[i].gid);
}

void lf_users_free(lf_users *us)
{
    for (size_t i = 0; i < us->n; i++) {
        free(us->u[i].name);
        free(us->u[i].home);
    }
    for (size_t i = 0; i < us->ng; i++)
        free(us->g[i].name);
    free(us->u);
    free(us->g);
    memset(us, 0, sizeof *us);
}

long lf_parse_id(const char *s)
{
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
        return -1;
    return strtol(s, NULL, 10);
}

/* What one user-tool command says. */
typedef struct ua_args {
    long uid, gid;
    const char *home, *gname, *base, *first;
    bool system, bad;
} ua_args;

static void read_args(const lf_user_tool *t, const lf_cmd *c, ua_args *a)
{
    memset(a, 0, sizeof *a);
    a->uid = a->gid = -1;
    for (size_t k = 1; k < c->n; k++) {
        const char *w = c->w[k].s, *v = k + 1 < c->n ? c->w[k + 1].s : "";
        const char *eq = strchr(w, '=');
        if (w[0] != '-') {
            if (!a->first)
                a->first = w;
            if (c->w[k].dyn)
                a->bad = true;
            continue;
        }
        char opt[32];
        snprintf(opt, sizeof opt, "%.*s", (int)(eq ? eq - w : (long)strlen(w)), w);
        /* grouped short options (`-ms /bin/bash`, `-mu 1001`): the last one
         * may take the next word */
        if (opt[1] != '-' && strlen(opt) > 2 && !eq) {
            opt[1] = opt[strlen(opt) - 1];
            opt[2] = 0;
        }
        const char *val = eq ? eq + 1 : v;
        lf_ua_opt_role role;
        if (!lf_user_tool_opt(t, opt, &role))
            continue; /* a flag without a value */
        switch (role) {
        case LF_UA_OPT_UID:
            a->uid = lf_parse_id(val);
            break;
        case LF_UA_OPT_GID:
            a->gid = lf_parse_id(val);
            if (a->gid < 0)
                a->gname = val;
            break;
        case LF_UA_OPT_GROUP:
            a->gname = val;
            break;
        case LF_UA_OPT_HOME:
            a->home = val;
            break;
        case LF_UA_OPT_BASE:
            a->base = val;
            break;
        case LF_UA_OPT_SYSTEM:
            a->system = true;
            continue; /* a flag */
        case LF_UA_OPT_VALUE:
            break;
        }
        if (!eq)
            k++;
    }
}

/* The home a user tool's arguments give (malloc'd), or NULL: none given
 * (usermod without -d) or not absolute. */
static char *home_of(const lf_user_tool *t, const lf_cmd *c, const ua_args *a, bool usermod)
{
    if (!a->home && usermod)
        return NULL;
    lf_buf hb = LF_BUF_INIT;
    if (a->home)
        lf_buf_adds(&hb, a->home);
    else if (a->base)
        lf_buf_printf(&hb, "%s/%s", a->base, a->first);
    else if (t->system_home && a->system && strncmp(c->w[1].s, "--", 2) == 0)
        lf_buf_adds(&hb, t->system_home); /* Debian adduser --system */
    else
        lf_buf_printf(&hb, "%s/%s", lf_user_home_base, a->first);
    char *home = lf_buf_detach(&hb, NULL);
    if (home[0] != '/') {
        free(home);
        home = NULL;
    }
    return home;
}

static void learn_one(lf_users *us, const lf_user_tool *t, const lf_cmd *c)
{
    ua_args a;
    read_args(t, c, &a);
    if (!a.first || a.bad)
        return;
    if (t->kind == LF_UA_GROUPADD) {
        if (a.gid >= 0)
            lf_users_set_group(us, a.first, a.gid);
        return;
    }
    bool usermod = t->kind == LF_UA_USERMOD;
    lf_user *u = usermod ? (lf_user *)lf_users_find(us, a.first) : lf_users_add(us, a.first);
    if (!u)
        return;
    if (a.uid >= 0 || !usermod)
        u->uid = a.uid;
    if (a.gid >= 0)
        u->gid = a.gid;
    else if (a.gname)
        u->gid = lf_users_gid(us, a.gname);
    else if (!usermod && u->uid >= 0 && lf_users_gid(us, a.first) >= 0)
        u->gid = lf_users_gid(us, a.first);
    if (!a.home && usermod)
        return;
    free(u->home);
    u->home = home_of(t, c, &a, usermod);
}

char *lf_user_cmd_home(const lf_cmd *c, bool *unknown)
{
    *unknown = false;
    const lf_user_tool *t = c->n >= 2 ? lf_user_tool_find(lf_path_base(c->w[0].s)) : NULL;
    if (!t || t->kind == LF_UA_GROUPADD)
        return NULL;
    ua_args a;
    read_args(t, c, &a);
    if (!a.first || a.bad || (a.home && strchr(a.home, '$'))) {
        *unknown = true;
        return NULL;
    }
    char *home = home_of(t, c, &a, t->kind == LF_UA_USERMOD);
    *unknown = !home && (a.home || t->kind != LF_UA_USERMOD);
    return home;
}

void lf_users_learn(lf_users *us, const lf_run_model *m)
{
    for (size_t i = 0; i < m->ncmds; i++) {
        const lf_cmd *c = &m->cmds[i];
        if (c->n < 2)
            continue;
        const lf_user_tool *t = lf_user_tool_find(lf_path_base(c->w[0].s));
        if (t)
            learn_one(us, t, c);
    }
}

/* `$NAME` or `${NAME}` alone: NAME, else NULL. */
static char *lone_var(const char *s)
{
    if (s[0] != '$')
        return NULL;
    const char *p = s + 1;
    bool brace = *p == '{';
    p += brace;
    size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    if (n == 0 || (brace ? strcmp(p + n, "}") != 0 : p[n] != 0))
        return NULL;
    return strndup(p, n);
}

void lf_run_user_resolve(lf_run_user *ru, const char *spec, bool dyn, const lf_vars *env,
                         const lf_users *us)
{
    memset(ru, 0, sizeof *ru);
    ru->uid = ru->gid = -1;
    const lf_var *h = env ? lf_vars_find(env, "HOME") : NULL;
    if (!spec)
        spec = "root";
    snprintf(ru->spec, sizeof ru->spec, "%s", spec);
    char name[96], grp[96] = "";
    const char *colon = strchr(spec, ':');
    snprintf(name, sizeof name, "%.*s", (int)(colon ? colon - spec : (long)strlen(spec)), spec);
    if (colon)
        snprintf(grp, sizeof grp, "%s", colon + 1);
    if (dyn) {
        /* `USER $UID` / `USER ${UID}:${GID}`: a build ARG BuildKit expands */
        ru->uid_arg = lone_var(name);
        ru->gid_arg = *grp ? lone_var(grp) : NULL;
        ru->home = h && h->value ? strdup(h->value) : NULL;
        return;
    }
    long uid = lf_parse_id(name);
    const lf_user *u = !us ? NULL : uid >= 0 ? lf_users_by_uid(us, uid) : lf_users_find(us, name);
    if (strcmp(name, "root") == 0 || uid == 0) {
        ru->root = ru->known = true;
        ru->uid = ru->gid = 0;
    } else if (uid > 0 || (u && u->uid >= 0)) {
        ru->known = true;
        ru->uid = uid > 0 ? uid : u->uid;
        ru->gid = u && u->gid >= 0 ? u->gid : ru->uid;
    }
    if (ru->known && *grp) {
        long g = lf_parse_id(grp);
        ru->gid = g >= 0 ? g : us ? lf_users_gid(us, grp) : -1;
        if (ru->gid < 0)
            ru->gid = ru->uid;
    }
    if (h)
        ru->home = h->value ? strdup(h->value) : NULL;
    else if (ru->root)
        ru->home = strdup("/root");
    else if (u && u->home)
        ru->home = strdup(u->home);
}

void lf_run_user_free(lf_run_user *ru)
{
    free(ru->home);
    free(ru->uid_arg);
    free(ru->gid_arg);
    memset(ru, 0, sizeof *ru);
}
