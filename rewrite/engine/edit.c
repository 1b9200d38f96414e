/* Edits and their application (see edit.h). */
#include "edit.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

void lf_edits_add(lf_edits *e, size_t start, size_t end, const char *text, size_t len,
                  const char *pass, const char *why)
{
    size_t seq = e->n;
    lf_edit *ed = LF_VEC_PUSH(e->items, e->n, e->cap);
    ed->start = start;
    ed->end = end;
    ed->text = malloc(len + 1);
    if (len)
        memcpy(ed->text, text, len);
    ed->text[len] = 0;
    ed->len = len;
    ed->pass = pass;
    ed->why = strdup(why ? why : "");
    ed->seq = seq;
}

void lf_edits_free(lf_edits *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].text);
        free(e->items[i].why);
    }
    free(e->items);
    e->items = NULL;
    e->n = e->cap = 0;
}

static int lf_edits__cmp(const void *a, const void *b)
{
    const lf_edit *x = *(const lf_edit *const *)a, *y = *(const lf_edit *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    /* an insertion goes before a replacement that starts at the same byte */
    int xi = x->start == x->end, yi = y->start == y->end;
    if (xi != yi)
        return xi ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const lf_edit **lf_edits__sorted(const lf_edits *e)
{
    const lf_edit **v = malloc((e->n ? e->n : 1) * sizeof *v);
    for (size_t i = 0; i < e->n; i++)
        v[i] = &e->items[i];
    qsort(v, e->n, sizeof *v, lf_edits__cmp);
    return v;
}

int lf_edits_apply(const lf_edits *e, const char *src, size_t len, lf_buf *out, lf_buf *err)
{
    const lf_edit **v = lf_edits__sorted(e);
    size_t pos = 0;
    for (size_t i = 0; i < e->n; i++) {
        const lf_edit *ed = v[i];
        if (ed->start > ed->end || ed->end > len) {
            lf_buf_printf(err, "[%s] edit %zu-%zu lies outside the text (%zu bytes)", ed->pass,
                          ed->start, ed->end, len);
            free(v);
            return -1;
        }
        if (ed->start < pos) {
            lf_buf_printf(err, "[%s] edit at bytes %zu-%zu overlaps an earlier edit", ed->pass,
                          ed->start, ed->end);
            free(v);
            return -1;
        }
        lf_buf_add(out, src + pos, ed->start - pos);
        lf_buf_add(out, ed->text, ed->len);
        pos = ed->end;
    }
    lf_buf_add(out, src + pos, len - pos);
    free(v);
    return 0;
}

size_t lf_edits_map_back(const lf_edits *e, size_t offset)
{
    const lf_edit **v = lf_edits__sorted(e);
    /* walk the edits in order, tracking how far the new text is shifted */
    long long shift = 0;
    size_t result = (size_t)((long long)offset);
    for (size_t i = 0; i < e->n; i++) {
        const lf_edit *ed = v[i];
        size_t new_start = (size_t)((long long)ed->start + shift);
        if (offset < new_start)
            break;
        if (offset < new_start + ed->len) {
            result = ed->start;
            free(v);
            return result;
        }
        shift += (long long)ed->len - (long long)(ed->end - ed->start);
    }
    result = (size_t)((long long)offset - shift);
    free(v);
    return result;
}

size_t lf_edits_map_forward(const lf_edits *e, size_t offset)
{
    long long shift = 0;
    for (size_t i = 0; i < e->n; i++) {
        const lf_edit *ed = &e->items[i];
        /* an insertion at the offset itself comes before that byte */
        if (ed->end < offset || (ed->end == offset && ed->start <= offset))
            shift += (long long)ed->len - (long long)(ed->end - ed->start);
    }
    return (size_t)((long long)offset + shift);
}

void lf_edits_from_texts(lf_edits *e, const char *old, size_t old_len, const char *new_text,
                         size_t new_len, const char *pass, const char *why)
{
    size_t p = 0;
    while (p < old_len && p < new_len && old[p] == new_text[p])
        p++;
    size_t s = 0;
    while (s < old_len - p && s < new_len - p && old[old_len - 1 - s] == new_text[new_len - 1 - s])
        s++;
    lf_edits_add(e, p, old_len - s, new_text + p, new_len - s - p, pass, why);
}
