/*
 * The YAML tree with byte offsets (see yamltree.h), built from libyaml's
 * event stream.
 */
#include "yamltree.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Byte offset of every character index libyaml can report: a UTF-8
 * sequence is one character, a leading BOM is skipped by its reader. */
typedef struct {
    size_t *off;
    size_t n;
} charmap;

static void charmap_build(charmap *m, const char *text, size_t len)
{
    size_t i = 0, cap = 0;
    m->off = NULL;
    m->n = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    for (; i < len; i++)
        if (((unsigned char)text[i] & 0xc0) != 0x80)
            *LF_VEC_PUSH(m->off, m->n, cap) = i;
    *LF_VEC_PUSH(m->off, m->n, cap) = len;
}

static size_t charmap_byte(const charmap *m, size_t index)
{
    return index < m->n ? m->off[index] : m->off[m->n - 1];
}

static size_t add_node(lf_ytree *t, lf_ykind kind, const yaml_event_t *e, const charmap *m,
                       size_t parent)
{
    lf_ynode *n = LF_VEC_PUSH(t->nodes, t->n, t->cap);
    size_t id = t->n - 1;
    n->kind = kind;
    n->start = charmap_byte(m, e->start_mark.index);
    n->end = charmap_byte(m, e->end_mark.index);
    n->parent = parent;
    if (parent == LF_YNONE) {
        *LF_VEC_PUSH(t->roots, t->nroots, t->croots) = id;
    } else {
        lf_ynode *p = &t->nodes[parent];
        *LF_VEC_PUSH(p->kids, p->nkids, p->ckids) = id;
    }
    return id;
}

static void fill_scalar(lf_ynode *n, const yaml_event_t *e)
{
    static const lf_ystyle styles[] = {
        [YAML_PLAIN_SCALAR_STYLE] = LF_YS_PLAIN,
        [YAML_SINGLE_QUOTED_SCALAR_STYLE] = LF_YS_SINGLE,
        [YAML_DOUBLE_QUOTED_SCALAR_STYLE] = LF_YS_DOUBLE,
        [YAML_LITERAL_SCALAR_STYLE] = LF_YS_LITERAL,
        [YAML_FOLDED_SCALAR_STYLE] = LF_YS_FOLDED,
    };
    int st = e->data.scalar.style;
    n->style = st > 0 && st <= YAML_FOLDED_SCALAR_STYLE ? styles[st] : LF_YS_PLAIN;
    n->anchored = e->data.scalar.anchor != NULL;
    n->tagged = e->data.scalar.tag != NULL && !e->data.scalar.plain_implicit &&
                !e->data.scalar.quoted_implicit;
    n->len = e->data.scalar.length;
    n->value = malloc(n->len + 1);
    if (!n->value)
        abort();
    memcpy(n->value, e->data.scalar.value, n->len);
    n->value[n->len] = 0;
}

static void problem(const yaml_parser_t *p, const charmap *m, lf_buf *err, size_t *err_off)
{
    const yaml_mark_t *mk = &p->problem_mark;
    lf_buf_printf(err, "%zu:%zu: %s%s%s", (size_t)mk->line + 1, (size_t)mk->column + 1,
                  p->problem ? p->problem : "not valid YAML", p->context ? " " : "",
                  p->context ? p->context : "");
    if (err_off)
        *err_off = charmap_byte(m, mk->index);
}

/* Handles one event; returns 1 at the end of the stream. */
static int on_event(lf_ytree *t, const yaml_event_t *e, const charmap *m, size_t **stack,
                    size_t *depth, size_t *cstack)
{
    size_t top = *depth ? (*stack)[*depth - 1] : LF_YNONE;
    size_t id;
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        id = add_node(t, LF_Y_SCALAR, e, m, top);
        fill_scalar(&t->nodes[id], e);
        break;
    case YAML_ALIAS_EVENT:
        add_node(t, LF_Y_ALIAS, e, m, top);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool map = e->type == YAML_MAPPING_START_EVENT;
        id = add_node(t, map ? LF_Y_MAP : LF_Y_SEQ, e, m, top);
        lf_ynode *n = &t->nodes[id];
        n->flow = map ? e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                      : e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
        n->anchored = (map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor) != NULL;
        n->tagged = map ? !e->data.mapping_start.implicit : !e->data.sequence_start.implicit;
        *LF_VEC_PUSH(*stack, *depth, *cstack) = id;
        break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (top != LF_YNONE)
            t->nodes[top].end = charmap_byte(m, e->end_mark.index);
        (*depth)--;
        break;
    case YAML_STREAM_END_EVENT:
        return 1;
    default:
        break;
    }
    return 0;
}

int lf_ytree_parse(lf_ytree *t, const char *text, size_t len, lf_buf *err, size_t *err_off)
{
    memset(t, 0, sizeof *t);
    charmap m;
    charmap_build(&m, text, len);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        abort();
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    size_t *stack = NULL, depth = 0, cstack = 0;
    int rc = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            problem(&p, &m, err, err_off);
            rc = -1;
            break;
        }
        int done = on_event(t, &e, &m, &stack, &depth, &cstack);
        yaml_event_delete(&e);
        if (done)
            break;
    }
    yaml_parser_delete(&p);
    free(stack);
    free(m.off);
    if (rc != 0)
        lf_ytree_free(t);
    return rc;
}

void lf_ytree_free(lf_ytree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->nodes[i].value);
        free(t->nodes[i].kids);
    }
    free(t->nodes);
    free(t->roots);
    memset(t, 0, sizeof *t);
}

const char *lf_yscalar(const lf_ytree *t, size_t n)
{
    if (n == LF_YNONE || n >= t->n || t->nodes[n].kind != LF_Y_SCALAR)
        return NULL;
    return t->nodes[n].value;
}

bool lf_yscalar_is(const lf_ytree *t, size_t n, const char *s)
{
    const char *v = lf_yscalar(t, n);
    return v && strcmp(v, s) == 0;
}

size_t lf_ymap_get(const lf_ytree *t, size_t m, const char *name, size_t *key)
{
    if (m == LF_YNONE || t->nodes[m].kind != LF_Y_MAP)
        return LF_YNONE;
    const lf_ynode *n = &t->nodes[m];
    for (size_t i = 0; i + 1 < n->nkids; i += 2)
        if (lf_yscalar_is(t, n->kids[i], name)) {
            if (key)
                *key = n->kids[i];
            return n->kids[i + 1];
        }
    return LF_YNONE;
}

size_t lf_ynode_last_byte(const lf_ytree *t, size_t n)
{
    while ((t->nodes[n].kind == LF_Y_MAP || t->nodes[n].kind == LF_Y_SEQ) && !t->nodes[n].flow &&
           t->nodes[n].nkids > 0)
        n = t->nodes[n].kids[t->nodes[n].nkids - 1];
    return t->nodes[n].end;
}

bool lf_yscalar_source(const lf_ytree *t, const char *text, size_t n, size_t *start, size_t *end,
                       bool *folded)
{
    if (n == LF_YNONE || t->nodes[n].kind != LF_Y_SCALAR)
        return false;
    const lf_ynode *s = &t->nodes[n];
    *start = s->start;
    *end = s->end;
    *folded = s->style != LF_YS_LITERAL;
    if (s->style == LF_YS_LITERAL || s->style == LF_YS_FOLDED) {
        const char *nl = memchr(text + s->start, '\n', s->end - s->start);
        *start = nl ? (size_t)(nl - text) + 1 : s->end;
    } else if (s->style != LF_YS_PLAIN && s->end > s->start + 1) {
        (*start)++;
        (*end)--;
    }
    return true;
}
