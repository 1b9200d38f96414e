/* Build contexts as the passes see them (see context.h). */
#include "context.h"

#include "vec.h"

#include <stdlib.h>
#include <string.h>

void lf_context_init(lf_context *c, const char *dir)
{
    memset(c, 0, sizeof *c);
    c->dir = strdup(dir);
}

void lf_context_add(lf_context *c, const char *rel)
{
    *LF_VEC_PUSH(c->files, c->nfiles, c->cap) = strdup(rel);
}

static int lf_context__cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void lf_context_sort(lf_context *c)
{
    /* an empty context has files == NULL, which qsort must not get (UB) */
    if (c->nfiles > 1)
        qsort(c->files, c->nfiles, sizeof *c->files, lf_context__cmp);
}

void lf_context_free(lf_context *c)
{
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    free(c->dir);
    free(c->display);
    for (size_t i = 0; i < c->noverlays; i++) {
        free(c->overlays[i].path);
        free(c->overlays[i].text);
    }
    free(c->overlays);
    if (c->ops && c->ops->free_impl)
        c->ops->free_impl(c->impl);
    memset(c, 0, sizeof *c);
}

int lf_context_has(const lf_context *c, const char *rel)
{
    if (!c)
        return 0;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    return c->nfiles > 0 &&
           bsearch(&rel, c->files, c->nfiles, sizeof *c->files, lf_context__cmp) != NULL;
}

int lf_context_read(const lf_context *c, const char *rel, lf_buf *out)
{
    if (!c || !lf_context_has(c, rel))
        return -1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    return c->ops && c->ops->read ? c->ops->read(c, rel, out) : -1;
}

int lf_context_read_any(const lf_context *c, const char *rel, lf_buf *out)
{
    if (!c)
        return -1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    return c->ops && c->ops->read ? c->ops->read(c, rel, out) : -1;
}

int lf_context_scan_all(const lf_context *c, lf_context_scan *out)
{
    if (!c || !c->ops || !c->ops->scan)
        return -1;
    return c->ops->scan(c, "", true, out);
}

int lf_context_scan_under(const lf_context *c, const char *under, lf_context_scan *out)
{
    if (!c || !c->ops || !c->ops->scan)
        return -1;
    return c->ops->scan(c, under, false, out);
}

void lf_context_scan_free(lf_context_scan *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].path);
    free(s->items);
    free(s->workdir);
    free(s->prefix);
    memset(s, 0, sizeof *s);
}

int lf_context_read_path(const lf_context *c, const char *path, lf_buf *out)
{
    return c && c->ops && c->ops->read_path ? c->ops->read_path(c, path, out) : -1;
}

char *lf_context_relative(const lf_context *c, const char *path)
{
    return c && c->ops && c->ops->relative ? c->ops->relative(c, path) : NULL;
}

const char *lf_context_display(const lf_context *c)
{
    return c->display ? c->display : c->dir;
}

const lf_overlay *lf_context_overlay_of(const lf_context *c, const char *path)
{
    for (size_t i = 0; c && i < c->noverlays; i++)
        if (strcmp(c->overlays[i].path, path) == 0)
            return &c->overlays[i];
    return NULL;
}

void lf_context_overlay(lf_context *c, const char *path, const char *text, size_t len)
{
    for (size_t i = 0; i < c->noverlays; i++) {
        if (strcmp(c->overlays[i].path, path) != 0)
            continue;
        free(c->overlays[i].path);
        free(c->overlays[i].text);
        c->overlays[i] = c->overlays[--c->noverlays];
        break;
    }
    if (!text)
        return;
    lf_overlay *o = LF_VEC_PUSH(c->overlays, c->noverlays, c->capo);
    o->path = strdup(path);
    o->text = malloc(len + 1);
    if (len)
        memcpy(o->text, text, len);
    o->text[len] = 0;
    o->len = len;
}

int lf_context_ignore_path(const lf_context *c, const char *dockerfile, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_printf(out, "%s.dockerignore", dockerfile);
    if (lf_context_overlay_of(c, out->data) ||
        (c->ops && c->ops->is_file && c->ops->is_file(c, out->data)))
        return 1;
    lf_buf_clear(out);
    lf_buf_printf(out, "%s/.dockerignore", c->dir);
    return 0;
}

int lf_context_ignore_text(const lf_context *c, const char *dockerfile, lf_buf *text, lf_buf *path)
{
    lf_buf_clear(text);
    lf_context_ignore_path(c, dockerfile, path);
    const lf_overlay *o = lf_context_overlay_of(c, path->data);
    int found = 0;
    if (o) {
        lf_buf_add(text, o->text, o->len);
        found = 1;
    } else if (c->ops && c->ops->read_path && c->ops->read_path(c, path->data, text) == 0) {
        found = 1;
    } else {
        lf_buf_clear(text);
    }
    lf_buf_adds(text, "");
    return found;
}
