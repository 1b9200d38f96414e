/*
 * The build contexts of one Dockerfile, strongest evidence first
 * (contexts.h, evidence.h).
 */
#include "contexts.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

void lf_builds_set_override(lf_builds *b, const char *dir)
{
    free(b->override);
    b->override = dir ? strdup(dir) : NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void push(lf_context_list *l, lf_evidence_kind kind, const char *context, const char *origin,
                 const char *detail)
{
    lf_context_evidence *e = LF_VEC_PUSH(l->items, l->n, l->cap);
    e->kind = kind;
    e->context = dup_or_null(context);
    e->origin = dup_or_null(origin);
    e->detail = dup_or_null(detail);
}

static void push_ref(lf_context_list *l, const lf_build_ref *r)
{
    push(l, r->kind, r->context, r->origin, r->detail);
}

/* The builds of b that name the Dockerfile with key, of the given rank:
 * appended to l (each context once); returns how many have a context, and
 * sets *stdin_ref to the first without one. */
static size_t from_builds(const lf_builds *b, const char *key, int rank, lf_context_list *l,
                          const lf_build_ref **stdin_ref)
{
    size_t n = 0;
    for (size_t i = 0; b && i < b->n; i++) {
        const lf_build_ref *r = &b->items[i];
        if (lf_evidence_rank(r->kind) != rank || strcmp(r->dockerfile_key, key) != 0)
            continue;
        if (!r->context) {
            if (!*stdin_ref)
                *stdin_ref = r;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++) {
            const lf_build_ref *q = &b->items[j];
            dup = lf_evidence_rank(q->kind) == rank && q->context &&
                  strcmp(q->dockerfile_key, key) == 0 &&
                  strcmp(q->context_key, r->context_key) == 0;
        }
        if (!dup) {
            push_ref(l, r);
            n++;
        }
    }
    return n;
}

size_t lf_builds_contexts_for(const lf_builds *b, const char *dockerfile, lf_context_list *out)
{
    lf_context_list_free(out);
    if (b && b->override) {
        push(out, LF_EVIDENCE_COMMAND_LINE, b->override, NULL, NULL);
        return out->n;
    }
    lf_buf key = LF_BUF_INIT;
    lf_path_key(dockerfile, &key);
    const lf_build_ref *stdin_ref = NULL;
    if (from_builds(b, key.data, lf_evidence_rank(LF_EVIDENCE_CONFIG), out, &stdin_ref) == 0) {
        stdin_ref = NULL;
        if (from_builds(b, key.data, lf_evidence_rank(LF_EVIDENCE_COMPOSE), out, &stdin_ref) == 0 &&
            stdin_ref)
            push_ref(out, stdin_ref);
    }
    lf_buf_free(&key);
    if (out->n)
        return out->n;
    lf_buf dir = LF_BUF_INIT, origin = LF_BUF_INIT;
    if (lf_copy_evidence(dockerfile, &dir, &origin) == 1) {
        push(out, LF_EVIDENCE_COPY_SOURCES, dir.data, origin.len ? origin.data : NULL, NULL);
    } else {
        lf_buf_clear(&dir);
        lf_path_dir(dockerfile, &dir);
        push(out, LF_EVIDENCE_GUESS, dir.data, NULL, NULL);
    }
    lf_buf_free(&dir);
    lf_buf_free(&origin);
    return out->n;
}

size_t lf_builds_targets_for(const lf_builds *b, const char *dockerfile, lf_strv *out)
{
    if (!b || b->n == 0)
        return 0;
    lf_buf key = LF_BUF_INIT;
    lf_path_key(dockerfile, &key);
    size_t added = 0;
    for (size_t i = 0; i < b->n; i++) {
        const lf_build_ref *r = &b->items[i];
        if (!r->target || strcmp(r->dockerfile_key, key.data) != 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < out->n && !seen; k++)
            seen = strcmp(out->items[k].s, r->target) == 0;
        if (!seen) {
            lf_strv_push(out, r->target, strlen(r->target));
            added++;
        }
    }
    lf_buf_free(&key);
    return added;
}

void lf_context_list_free(lf_context_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free((char *)l->items[i].context);
        free((char *)l->items[i].origin);
        free((char *)l->items[i].detail);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
