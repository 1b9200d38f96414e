/*
 * Progress output of buildah/podman and BuildKit (see buildlog.h).
 */
#include "buildlog.h"

#include "vec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct step {
    long id; /* BuildKit's #N; buildah: the step's position */
    bool is_step, is_from, is_run, cached;
    char *run; /* text after "RUN " */
} step;

typedef struct steps {
    step *items;
    size_t n, cap;
} steps;

/* The instruction after a step header: sets is_from/is_run and run. */
static void instruction(step *s, const char *ins, size_t len)
{
    while (len && (*ins == ' '))
        ins++, len--;
    s->is_step = true;
    if (len >= 4 && strncmp(ins, "FROM", 4) == 0 && (len == 4 || ins[4] == ' '))
        s->is_from = true;
    if (len >= 4 && strncmp(ins, "RUN ", 4) == 0) {
        s->is_run = true;
        free(s->run);
        s->run = strndup(ins + 4, len - 4);
    }
}

static step *by_id(steps *v, long id)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i].id == id)
            return &v->items[i];
    step *s = LF_VEC_PUSH(v->items, v->n, v->cap);
    s->id = id;
    return s;
}

/* `[1/2] STEP 3/7: RUN make` or `STEP 3/7: RUN make`: the instruction. */
static const char *buildah_step(const char *line, size_t len, size_t *ilen)
{
    const char *p = line;
    if (len && *p == '[') {
        const char *close = memchr(p, ']', len);
        if (!close || close + 1 >= line + len || close[1] != ' ')
            return NULL;
        p = close + 2;
    }
    if ((size_t)(line + len - p) < 5 || strncmp(p, "STEP ", 5) != 0)
        return NULL;
    const char *colon = memchr(p, ':', (size_t)(line + len - p));
    if (!colon)
        return NULL;
    *ilen = (size_t)(line + len - colon - 1);
    return colon + 1;
}

static void read_buildah(const char *line, size_t len, steps *v, step **cur)
{
    size_t ilen;
    const char *ins = buildah_step(line, len, &ilen);
    if (ins) {
        *cur = by_id(v, (long)v->n);
        instruction(*cur, ins, ilen);
    } else if (*cur && len >= 15 && strncmp(line, "--> Using cache", 15) == 0) {
        (*cur)->cached = true;
    } else if (len >= 6 && strncmp(line, "COMMIT", 6) == 0) {
        *cur = NULL;
    }
}

/* `#7 [stage 3/7] RUN make`, `#7 CACHED`. */
static void read_buildkit(const char *line, size_t len, steps *v)
{
    if (len < 2 || line[0] != '#')
        return;
    char *end;
    long id = strtol(line + 1, &end, 10);
    if (end == line + 1 || *end != ' ')
        return;
    const char *rest = end + 1;
    size_t rlen = (size_t)(line + len - rest);
    if (rlen >= 6 && strncmp(rest, "CACHED", 6) == 0) {
        by_id(v, id)->cached = true;
        return;
    }
    if (rlen == 0 || *rest != '[')
        return;
    const char *close = memchr(rest, ']', rlen);
    if (!close || memchr(rest, '/', (size_t)(close - rest)) == NULL)
        return; /* [internal] and other non-instruction vertices */
    instruction(by_id(v, id), close + 1, (size_t)(line + len - close - 1));
}

void lf_buildlog_read(lf_build_tool_kind kind, const char *text, size_t len, lf_buildlog *out)
{
    memset(out, 0, sizeof *out);
    steps v = {0};
    step *cur = NULL;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
        size_t trimmed = n;
        while (trimmed && text[pos + trimmed - 1] == '\r')
            trimmed--;
        if (kind == LF_TOOL_DOCKER)
            read_buildkit(text + pos, trimmed, &v);
        else
            read_buildah(text + pos, trimmed, &v, &cur);
        pos += n + (nl != NULL);
    }
    for (size_t i = 0; i < v.n; i++) {
        step *s = &v.items[i];
        if (s->is_step && !s->is_from) {
            out->steps++;
            out->cached += s->cached;
            if (s->is_run && !s->cached)
                lf_strv_push(&out->runs, s->run, strlen(s->run));
        }
        free(s->run);
    }
    free(v.items);
}

void lf_buildlog_free(lf_buildlog *l)
{
    lf_strv_free(&l->runs);
    memset(l, 0, sizeof *l);
}

void lf_buildlog_run_label(const char *run, lf_buf *out)
{
    lf_strv w = LF_STRV_INIT;
    const char *p = run;
    bool flags = true;
    while (*p && w.n < 2) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t;&|\n");
        bool after_set = w.n == 1 && strcmp(w.items[0].s, "set") == 0;
        if (n == 0) { /* a separator: the first command ends, unless it was `set -e` */
            if (!*p || (w.n > 0 && !after_set))
                break;
            lf_strv_truncate(&w, 0);
            p++;
            continue;
        }
        if ((flags && strncmp(p, "--", 2) == 0) || (after_set && *p == '-')) {
            p += n;
            continue;
        }
        flags = false;
        lf_strv_push(&w, p, n);
        p += n;
    }
    for (size_t i = 0; i < w.n; i++)
        lf_buf_printf(out, "%s%s", i ? " " : "", w.items[i].s);
    lf_strv_free(&w);
}
