/*
 * The command line of a package-manager command (see mf.h): options (with
 * their values, from the table's value_opts and dir_opts) and positional
 * words, and which of the entry's install spellings it is.
 */
#include "mf.h"

#include <string.h>

void mf_parse_args(cmdline *cl, char *const *w, const bool *dyn, size_t from, size_t n)
{
    bool only_pos = false;
    for (size_t i = from; i < n; i++) {
        const char *a = w[i];
        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (only_pos || a[0] != '-' || a[1] == 0) {
            if (cl->npos < MF_MAX_WORDS) {
                cl->pos_dyn[cl->npos] = dyn[i];
                cl->pos[cl->npos++] = a;
            }
            continue;
        }
        if (cl->nopts >= MF_MAX_WORDS)
            continue;
        opt *o = &cl->opts[cl->nopts++];
        memset(o, 0, sizeof *o);
        o->word = a;
        size_t nl = strcspn(a, "=");
        if (nl >= sizeof o->name)
            nl = sizeof o->name - 1;
        memcpy(o->name, a, nl);
        o->name[nl] = 0;
        if (a[nl] == '=') {
            o->value = a + nl + 1;
            o->value_dyn = dyn[i];
        } else if (lf_pkgmgr_in(cl->pm->value_opts, o->name) ||
                   lf_pkgmgr_in(cl->pm->dir_opts, o->name)) {
            if (i + 1 < n) {
                o->value = w[i + 1];
                o->value_dyn = dyn[i + 1];
                i++;
            }
        } else if (a[1] != '-' && nl > 2) {
            /* a short option with its value attached: `-rreqs.txt`, `-j4` */
            char shortname[3] = {'-', a[1], 0};
            if (lf_pkgmgr_in(cl->pm->value_opts, shortname)) {
                memcpy(o->name, shortname, 3);
                o->value = a + 2;
                o->value_dyn = dyn[i];
            }
        }
    }
}

const opt *mf_find_opt(const cmdline *cl, const char *name)
{
    for (size_t i = 0; i < cl->nopts; i++)
        if (strcmp(cl->opts[i].name, name) == 0)
            return &cl->opts[i];
    return NULL;
}

bool mf_has_any_opt(const cmdline *cl, const char *const *names)
{
    for (size_t i = 0; i < cl->nopts; i++)
        if (lf_pkgmgr_in(names, cl->opts[i].name) || lf_pkgmgr_in(names, cl->opts[i].word))
            return true;
    return false;
}

/* Does the install spelling f match the positional words? Sets *nwords to
 * the number of positional words it consumed. */
bool mf_form_matches(const cmdline *cl, const lf_pm_install *f, size_t *nwords)
{
    if (f->flags & LF_PI_GOALS) {
        if (cl->npos == 0)
            return false;
        for (size_t i = 0; i < cl->npos; i++)
            if (!lf_pkgmgr_in(cl->pm->goals, cl->pos[i]))
                return false;
        *nwords = cl->npos;
        return true;
    }
    size_t k = 0;
    const char *s = f->words;
    while (*s) {
        size_t len = strcspn(s, " ");
        if (k >= cl->npos || strlen(cl->pos[k]) != len || memcmp(cl->pos[k], s, len) != 0)
            return false;
        k++;
        s += len;
        if (*s == ' ')
            s++;
    }
    /* a bare `yarn`/`bundle` matches only without positional words */
    if (k == 0 && cl->npos > 0)
        return false;
    *nwords = k;
    return true;
}
