/* Inline control comments (see inline_control.h). */
#include "inline_control.h"

#include <stdlib.h>
#include <string.h>

typedef enum { CTL_NONE, CTL_IGNORE_ALL, CTL_IGNORE, CTL_DISABLE } ctl_kind;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Parses a comment's text [s, e). On CTL_IGNORE and CTL_DISABLE, [*list,
 * *list_end) is the comma-separated id list. Anything else is an ordinary
 * comment: a typo must not silently change what the tool does, but neither
 * must prose that merely mentions layerfix. */
static ctl_kind parse_ctl_text(const char *s, const char *e, const char **list,
                               const char **list_end)
{
    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || is_blank(e[-1])))
        e--;
    while (s < e && is_blank(*s))
        s++;
    if (s == e || *s != '#')
        return CTL_NONE;
    s++;
    while (s < e && is_blank(*s))
        s++;
    static const char pre[] = "layerfix:";
    if ((size_t)(e - s) < sizeof pre - 1 || memcmp(s, pre, sizeof pre - 1) != 0)
        return CTL_NONE;
    s += sizeof pre - 1;
    while (s < e && is_blank(*s))
        s++;
    ctl_kind k;
    if ((size_t)(e - s) >= 6 && memcmp(s, "ignore", 6) == 0) {
        s += 6;
        k = CTL_IGNORE;
    } else if ((size_t)(e - s) >= 7 && memcmp(s, "disable", 7) == 0) {
        s += 7;
        k = CTL_DISABLE;
    } else {
        return CTL_NONE;
    }
    while (s < e && is_blank(*s))
        s++;
    if (s == e)
        return k == CTL_IGNORE ? CTL_IGNORE_ALL : CTL_NONE;
    if (*s != '=')
        return CTL_NONE;
    *list = s + 1;
    *list_end = e;
    return k;
}

/* A comment piece of a Dockerfile. */
static ctl_kind parse_ctl(const lf_doc *doc, const lf_piece *pc, const char **list,
                          const char **list_end)
{
    return parse_ctl_text(doc->src->data + pc->span.start, doc->src->data + pc->span.end, list,
                          list_end);
}

/* Calls fn for every trimmed id of the list; stops when it returns true. */
typedef bool (*id_fn)(const char *id, size_t len, void *arg);
static bool each_id(const char *s, const char *e, id_fn fn, void *arg)
{
    while (s <= e) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        const char *end = c ? c : e, *a = s, *b = end;
        while (a < b && is_blank(*a))
            a++;
        while (b > a && is_blank(b[-1]))
            b--;
        if (fn(a, (size_t)(b - a), arg))
            return true;
        s = end + 1;
    }
    return false;
}

static bool id_is(const char *id, size_t len, void *arg)
{
    const char *want = arg;
    return strlen(want) == len && memcmp(id, want, len) == 0;
}

static int find_pass(const lf_pass *passes, size_t npasses, const char *id, size_t len)
{
    for (size_t i = 0; i < npasses; i++)
        if (strlen(passes[i].id) == len && memcmp(passes[i].id, id, len) == 0)
            return (int)i;
    return -1;
}

typedef struct check_arg {
    const lf_pass *passes;
    size_t npasses;
    bool *disabled; /* NULL: only check the ids */
    lf_ctx *ctx;
    size_t offset;
} check_arg;

static bool check_id(const char *id, size_t len, void *arg)
{
    check_arg *a = arg;
    int i = find_pass(a->passes, a->npasses, id, len);
    if (i < 0)
        lf_ctx_note(a->ctx, a->offset, "unknown pass '%.*s' in inline control", (int)len, id);
    else if (a->disabled)
        a->disabled[i] = true;
    return false;
}

void lf_inline_check(const lf_doc *doc, const lf_pass *passes, size_t npasses, bool *disabled,
                     lf_ctx *ctx)
{
    bool seen_instr = false;
    for (size_t p = 0; p < doc->npieces; p++) {
        const lf_piece *pc = &doc->pieces[p];
        seen_instr = seen_instr || pc->kind == LF_PIECE_INSTRUCTION;
        /* a `# layerfix: disable=...` line at the very top may read as a
         * parser directive to our grammar; it is ours either way */
        if (pc->kind != LF_PIECE_COMMENT && pc->kind != LF_PIECE_DIRECTIVE)
            continue;
        const char *s = NULL, *e = NULL;
        ctl_kind k = parse_ctl(doc, pc, &s, &e);
        if (k == CTL_DISABLE && seen_instr) {
            lf_ctx_note(ctx, pc->span.start,
                        "inline control `disable=` after the first instruction has no effect; "
                        "put it at the top of the file");
            continue;
        }
        if (k == CTL_IGNORE || k == CTL_DISABLE) {
            check_arg a = {passes, npasses, k == CTL_DISABLE ? disabled : NULL, ctx,
                           pc->span.start};
            each_id(s, e, check_id, &a);
        }
    }
}

lf_span *lf_inline_ignored(const lf_doc *doc, const char *pass_id, size_t *n)
{
    lf_span *out = NULL;
    *n = 0;
    for (size_t p = 0; p < doc->npieces; p++) {
        if (doc->pieces[p].kind != LF_PIECE_INSTRUCTION)
            continue;
        /* only the comment block directly above counts, like a doc comment:
         * a blank line ends it */
        bool ignored = false;
        for (size_t q = p; q-- > 0 && doc->pieces[q].kind == LF_PIECE_COMMENT && !ignored;) {
            const char *s = NULL, *e = NULL;
            ctl_kind k = parse_ctl(doc, &doc->pieces[q], &s, &e);
            ignored =
                k == CTL_IGNORE_ALL || (k == CTL_IGNORE && each_id(s, e, id_is, (void *)pass_id));
        }
        if (ignored) {
            lf_span *grown = realloc(out, (*n + 1) * sizeof *out);
            if (!grown)
                abort();
            out = grown;
            out[(*n)++] = doc->pieces[p].span;
        }
    }
    return out;
}

bool lf_inline_touches(lf_span s, size_t start, size_t end)
{
    if (start == end)
        return start > s.start && start < s.end;
    return start < s.end && end > s.start;
}

/* --- documents other than Dockerfiles: lines and `#` comments ------------------- */

/* One line of a text: [start, end) without its line break; next is where
 * the next line starts. */
typedef struct tline {
    size_t start, end, next, indent;
    bool blank, comment, continued; /* continued: it ends with a backslash */
} tline;

static void text_line(const char *t, size_t len, size_t at, tline *l)
{
    size_t e = at;
    while (e < len && t[e] != '\n')
        e++;
    l->start = at;
    l->end = e;
    l->next = e < len ? e + 1 : len;
    size_t i = at;
    while (i < e && is_blank(t[i]))
        i++;
    l->indent = i - at;
    size_t last = e;
    while (last > i && (t[last - 1] == '\r' || is_blank(t[last - 1])))
        last--;
    l->blank = last == i;
    l->comment = !l->blank && t[i] == '#';
    l->continued = !l->blank && !l->comment && t[last - 1] == '\\';
}

void lf_inline_text_check(const char *text, size_t len, const lf_pass *passes, size_t npasses,
                          lf_ctx *ctx)
{
    bool seen_content = false;
    tline l;
    for (size_t at = 0; at < len; at = l.next) {
        text_line(text, len, at, &l);
        if (!l.comment) {
            seen_content = seen_content || !l.blank;
            continue;
        }
        const char *s = NULL, *e = NULL;
        ctl_kind k = parse_ctl_text(text + l.start, text + l.end, &s, &e);
        if (k == CTL_DISABLE && seen_content) {
            lf_ctx_note(ctx, l.start,
                        "inline control `disable=` after the first line that is not a comment "
                        "has no effect; put it at the top of the file");
            continue;
        }
        if (k == CTL_IGNORE || k == CTL_DISABLE) {
            check_arg a = {passes, npasses, NULL, ctx, l.start};
            each_id(s, e, check_id, &a);
        }
    }
}

bool lf_inline_text_disabled(const char *text, size_t len, const char *pass_id)
{
    tline l;
    for (size_t at = 0; at < len; at = l.next) {
        text_line(text, len, at, &l);
        if (!l.blank && !l.comment)
            return false;
        const char *s = NULL, *e = NULL;
        if (l.comment && parse_ctl_text(text + l.start, text + l.end, &s, &e) == CTL_DISABLE &&
            each_id(s, e, id_is, (void *)pass_id))
            return true;
    }
    return false;
}

/* The end of the block that starts with content line first: the lines
 * after it indented deeper, or continuing a line with a backslash (blank
 * and comment lines between them included, not after the last one). */
static size_t block_end(const char *text, size_t len, const tline *first)
{
    size_t end = first->next;
    bool continued = first->continued;
    tline m;
    for (size_t at = first->next; at < len; at = m.next) {
        text_line(text, len, at, &m);
        if (m.blank || m.comment)
            continue;
        if (!continued && m.indent <= first->indent)
            break;
        end = m.next;
        continued = m.continued;
    }
    return end;
}

lf_span *lf_inline_text_ignored(const char *text, size_t len, const char *pass_id, size_t *n)
{
    lf_span *out = NULL;
    *n = 0;
    bool pending = false; /* the comment lines directly above ask for it */
    tline l;
    for (size_t at = 0; at < len; at = l.next) {
        text_line(text, len, at, &l);
        if (l.blank) {
            pending = false;
            continue;
        }
        if (l.comment) {
            const char *s = NULL, *e = NULL;
            ctl_kind k = parse_ctl_text(text + l.start, text + l.end, &s, &e);
            pending = pending || k == CTL_IGNORE_ALL ||
                      (k == CTL_IGNORE && each_id(s, e, id_is, (void *)pass_id));
            continue;
        }
        if (!pending)
            continue;
        pending = false;
        lf_span *grown = realloc(out, (*n + 1) * sizeof *out);
        if (!grown)
            abort();
        out = grown;
        out[*n] = (lf_span){l.start, block_end(text, len, &l)};
        l.next = out[(*n)++].end; /* a block inside it is protected already */
    }
    return out;
}

bool lf_inline_text_touches(const char *text, size_t len, lf_span s, const lf_edit *e)
{
    if (lf_inline_touches(s, e->start, e->end))
        return true;
    if (e->start != e->end || e->start != s.end || s.start >= len)
        return false;
    tline first;
    text_line(text, len, s.start, &first);
    const char *p = e->text, *end = e->text + e->len;
    if (p < end && *p == '\r')
        p++;
    if (p < end && *p == '\n')
        p++;
    size_t indent = 0;
    while (p + indent < end && is_blank(p[indent]))
        indent++;
    return p + indent < end && indent > first.indent;
}
