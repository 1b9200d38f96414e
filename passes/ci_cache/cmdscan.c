/*
 * Simple commands of CI shell text, read in place (see cmdscan.h).
 */
#include "cmdscan.h"

#include "buf.h"
#include "ci.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *t;
    size_t end;
    unsigned flags;
    ci_cmds *out;
    ci_cmd cur;
    lf_buf word;
    bool in_word, skip_next, line_start;
    size_t wstart;
} scanner;

static void end_word(scanner *s, size_t at)
{
    if (!s->in_word)
        return;
    s->in_word = false;
    if (s->skip_next) {
        s->skip_next = false;
        return;
    }
    ci_word *w = LF_VEC_PUSH(s->cur.w, s->cur.n, s->cur.cap);
    w->start = s->wstart;
    w->end = at;
    lf_buf_adds(&s->word, "");
    w->text = lf_buf_detach(&s->word, NULL);
}

static void end_cmd(scanner *s, size_t at)
{
    end_word(s, at);
    s->skip_next = false;
    if (s->cur.n > 0)
        *LF_VEC_PUSH(s->out->items, s->out->n, s->out->cap) = s->cur;
    else
        free(s->cur.w);
    memset(&s->cur, 0, sizeof s->cur);
}

/* Appends a `$(...)`, `${...}` or backquoted part starting at i, raw;
 * returns the offset after it. */
static size_t add_nested(scanner *s, size_t i)
{
    const char *t = s->t;
    char open = t[i] == '`' ? '`' : t[i + 1], close = open == '(' ? ')' : open == '{' ? '}' : '`';
    size_t j = open == '`' ? i + 1 : i + 2;
    int depth = 1;
    while (j < s->end && depth > 0) {
        if (t[j] == '\\' && j + 1 < s->end)
            j++;
        else if (t[j] == close)
            depth--;
        else if (t[j] == open && open != '`')
            depth++;
        j++;
    }
    lf_buf_add(&s->word, t + i, j - i);
    return j;
}

/* Appends the quoted part starting at i (a ' or "); returns the offset after it. */
static size_t add_quoted(scanner *s, size_t i)
{
    const char *t = s->t;
    char q = t[i++];
    while (i < s->end && t[i] != q) {
        if (q == '"' && t[i] == '\\' && i + 1 < s->end && strchr("\"\\$`", t[i + 1])) {
            lf_buf_addc(&s->word, t[i + 1]);
            i += 2;
        } else if (q == '"' && (t[i] == '`' || (t[i] == '$' && i + 1 < s->end &&
                                                (t[i + 1] == '(' || t[i + 1] == '{')))) {
            i = add_nested(s, i);
        } else {
            lf_buf_addc(&s->word, t[i++]);
        }
    }
    return i < s->end ? i + 1 : i;
}

static bool all_digits(const lf_buf *b)
{
    if (b->len == 0)
        return false;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] < '0' || b->data[i] > '9')
            return false;
    return true;
}

/* A redirection at i: its fd word (digits just before) and its target are
 * dropped. Returns the offset after the operator. */
static size_t redirect(scanner *s, size_t i)
{
    if (s->in_word && all_digits(&s->word)) {
        s->in_word = false;
        lf_buf_clear(&s->word);
    } else {
        end_word(s, i);
    }
    while (i < s->end && strchr("<>&|", s->t[i]))
        i++;
    s->skip_next = true;
    return i;
}

/* One byte of a word at i; returns the offset after what was consumed. */
static size_t word_part(scanner *s, size_t i)
{
    const char *t = s->t;
    if (!s->in_word) {
        s->in_word = true;
        s->wstart = i;
        lf_buf_clear(&s->word);
    }
    char c = t[i], n = i + 1 < s->end ? t[i + 1] : 0;
    if (c == '\'' || c == '"')
        return add_quoted(s, i);
    if (c == '`' || (c == '$' && (n == '(' || n == '{')))
        return add_nested(s, i);
    if (c == '$' && n == '$' && (s->flags & LF_CMDSCAN_MAKE)) {
        lf_buf_addc(&s->word, '$');
        return i + 2;
    }
    if (c == '\\' && n) {
        lf_buf_addc(&s->word, n);
        return i + 2;
    }
    lf_buf_addc(&s->word, c);
    return i + 1;
}

/* Length of a `\` + newline continuation at i, or 0. */
static size_t continuation(const scanner *s, size_t i)
{
    if (s->t[i] != '\\' || i + 1 >= s->end)
        return 0;
    if (s->t[i + 1] == '\n')
        return 2;
    if (s->t[i + 1] == '\r' && i + 2 < s->end && s->t[i + 2] == '\n')
        return 3;
    return 0;
}

void ci_cmds_scan(ci_cmds *out, const char *text, size_t start, size_t end, unsigned flags)
{
    scanner s = {.t = text, .end = end, .flags = flags, .out = out, .line_start = true};
    size_t i = start;
    while (i < end) {
        char c = text[i];
        size_t k = continuation(&s, i);
        if (k) {
            i += k;
            continue;
        }
        if (s.line_start && (flags & LF_CMDSCAN_MAKE) && !s.in_word &&
            (c == '@' || c == '-' || c == '+')) {
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            end_word(&s, i++);
            continue;
        }
        if (c == '\n') {
            if (flags & LF_CMDSCAN_FOLD)
                end_word(&s, i);
            else
                end_cmd(&s, i);
            s.line_start = true;
            i++;
            continue;
        }
        s.line_start = false;
        if (c == '#' && !s.in_word) {
            while (i < end && text[i] != '\n')
                i++;
            continue;
        }
        if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
            end_cmd(&s, i++);
            continue;
        }
        if (c == '>' || c == '<') {
            i = redirect(&s, i);
            continue;
        }
        i = word_part(&s, i);
    }
    end_cmd(&s, end);
    lf_buf_free(&s.word);
}

void ci_cmds_free(ci_cmds *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->items[i].n; j++)
            free(c->items[i].w[j].text);
        free(c->items[i].w);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

bool ci_word_is_assign(const ci_word *w)
{
    const char *s = w->text;
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
           *s == '_')
        s++;
    return *s == '=';
}

const char *ci_word_base(const ci_word *w)
{
    /* `$(DOCKER)` and `${X}/bin` keep their variable; a path keeps its last part */
    if (w->text[0] == '$')
        return w->text;
    const char *slash = strrchr(w->text, '/');
    return slash ? slash + 1 : w->text;
}

static bool is_wrapper(const char *base)
{
    for (const char *const *p = lf_ci_shell_wrappers; *p; p++)
        if (strcmp(*p, base) == 0)
            return true;
    return false;
}

size_t ci_cmd_program(const ci_cmd *c)
{
    size_t i = 0;
    bool after_wrapper = false;
    while (i < c->n) {
        const ci_word *w = &c->w[i];
        if (ci_word_is_assign(w) || (after_wrapper && w->text[0] == '-')) {
            i++;
            continue;
        }
        if (is_wrapper(ci_word_base(w))) {
            after_wrapper = true;
            i++;
            continue;
        }
        return i;
    }
    return c->n;
}
