/* The variable table (vars.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

static size_t find(const lf_strmap *v, const char *name, size_t n)
{
    for (size_t i = v->names.n; i-- > 0;)
        if (v->names.items[i].len == n && memcmp(v->names.items[i].s, name, n) == 0)
            return i;
    return (size_t)-1;
}

void lf_strmap_set(lf_strmap *v, const char *name, size_t nlen, const char *value, size_t vlen)
{
    size_t i = find(v, name, nlen);
    if (i != (size_t)-1) {
        lf_str *s = &v->values.items[i];
        char *copy = malloc(vlen + 1);
        if (!copy)
            abort();
        memcpy(copy, value, vlen);
        copy[vlen] = 0;
        free(s->s);
        s->s = copy;
        s->len = vlen;
        return;
    }
    lf_strv_push(&v->names, name, nlen);
    lf_strv_push(&v->values, value, vlen);
}

const char *lf_strmap_getn(const lf_strmap *v, const char *name, size_t n)
{
    if (!v)
        return NULL;
    size_t i = find(v, name, n);
    return i == (size_t)-1 ? NULL : v->values.items[i].s;
}

const char *lf_strmap_get(const lf_strmap *v, const char *name)
{
    return lf_strmap_getn(v, name, strlen(name));
}

void lf_strmap_unset(lf_strmap *v, const char *name)
{
    size_t i = find(v, name, strlen(name));
    if (i == (size_t)-1)
        return;
    free(v->names.items[i].s);
    free(v->values.items[i].s);
    memmove(&v->names.items[i], &v->names.items[i + 1],
            (v->names.n - i - 1) * sizeof v->names.items[0]);
    memmove(&v->values.items[i], &v->values.items[i + 1],
            (v->values.n - i - 1) * sizeof v->values.items[0]);
    v->names.n--;
    v->values.n--;
}

void lf_strmap_copy(lf_strmap *to, const lf_strmap *from)
{
    if (!from)
        return;
    for (size_t i = 0; i < from->names.n; i++)
        lf_strmap_set(to, from->names.items[i].s, from->names.items[i].len, from->values.items[i].s,
                      from->values.items[i].len);
}

void lf_strmap_free(lf_strmap *v)
{
    lf_strv_free(&v->names);
    lf_strv_free(&v->values);
}
