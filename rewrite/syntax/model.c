/*
 * Builds lf_doc from the tree-sitter tree (see model.h for the invariants).
 *
 * The grammar already decided the hard questions (where a line continues,
 * exec vs shell form, heredoc bodies); this file lays the answers out as
 * plain arrays, checks BuildKit's parse-stage errors that a grammar cannot
 * express (no instruction at all, a repeated directive, ENV without value,
 * an unterminated heredoc), and parses each RUN's shell text with bash.
 */
#include "model.h"

#include "bkdump.h"
#include "json.h"
#include "parse.h"
#include "vec.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The grammar's scanner tracks at most this many heredocs opened on one
 * line (MAX_PENDING in grammar/src/scanner.c): its state must fit the
 * runtime's serialization buffer. The bodies of the others are not found. */
#define LF_MAX_HEREDOCS_PER_LINE 16

#define LF_MAX_SHELL_RANGES 4096
/* CPU time the bash parser may spend on one RUN. A real RUN takes well under
 * a millisecond; but libtree-sitter 0.20's error recovery over included
 * ranges can blow up (`RUN [ -b\` + ` y` took gigabytes: a fuzz finding),
 * and the RUN is then left alone. */
#define LF_SHELL_PARSE_MICROS 1000000

struct lf_parser {
    TSParser *dockerfile;
    TSParser *bash;
    lf_buf scratch;
    lf_buf err;
    bool no_shell; /* RUN bodies are not parsed with bash */
};

lf_parser *lf_parser_new(void)
{
    lf_parser *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->dockerfile = ts_parser_new();
    p->bash = ts_parser_new();
    if (!p->dockerfile || !p->bash ||
        !ts_parser_set_language(p->dockerfile, tree_sitter_dockerfile()) ||
        !ts_parser_set_language(p->bash, tree_sitter_bash())) {
        lf_parser_free(p);
        return NULL;
    }
    ts_parser_set_timeout_micros(p->bash, LF_SHELL_PARSE_MICROS);
    return p;
}

void lf_parser_skip_shell(lf_parser *p, bool skip)
{
    p->no_shell = skip;
}

void lf_parser_free(lf_parser *p)
{
    if (!p)
        return;
    if (p->dockerfile)
        ts_parser_delete(p->dockerfile);
    if (p->bash)
        ts_parser_delete(p->bash);
    lf_buf_free(&p->scratch);
    lf_buf_free(&p->err);
    free(p);
}

static const char *const KEYWORD_NAMES[] = {
    "from",       "run",        "cmd",         "entrypoint", "shell",   "copy", "add",
    "volume",     "expose",     "env",         "label",      "arg",     "user", "workdir",
    "stopsignal", "maintainer", "healthcheck", "onbuild",    "unknown",
};

const char *lf_keyword_name(lf_keyword kw)
{
    return KEYWORD_NAMES[kw];
}

/* `run_instruction` -> LF_KW_RUN */
static lf_keyword keyword_of_node(TSNode n)
{
    const char *t = ts_node_type(n);
    size_t len = strlen(t);
    const char *suffix = "_instruction";
    size_t sl = strlen(suffix);
    if (len > sl && strcmp(t + len - sl, suffix) == 0) {
        for (int k = 0; k <= LF_KW_UNKNOWN; k++)
            if (strlen(KEYWORD_NAMES[k]) == len - sl && memcmp(KEYWORD_NAMES[k], t, len - sl) == 0)
                return (lf_keyword)k;
    }
    return LF_KW_UNKNOWN;
}

static bool is_instruction_node(TSNode n)
{
    const char *t = ts_node_type(n);
    size_t len = strlen(t);
    return len > 12 && strcmp(t + len - 12, "_instruction") == 0;
}

static bool is_dropped_extra(TSNode n)
{
    return lf_node_is(n, "comment") || lf_node_is(n, "blank_line") ||
           lf_node_is(n, "line_continuation");
}

static lf_span span_of(TSNode n)
{
    return (lf_span){ts_node_start_byte(n), ts_node_end_byte(n)};
}

/* --- building -------------------------------------------------------------- */

typedef struct {
    lf_doc *doc;
    lf_parser *p;
    size_t cap_pieces, cap_instrs, cap_stages, cap_flags, cap_opts, cap_heredocs, cap_diags;
    int seen_directive[3];       /* syntax, escape, check */
    int last_workdir, last_user; /* in the current stage, -1 if none */
} builder;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
add_diag(builder *b, lf_severity sev, size_t offset, const char *fmt, ...)
{
    lf_doc *doc = b->doc;
    lf_diag *d = LF_VEC_PUSH(doc->diags, doc->ndiags, b->cap_diags);
    d->sev = sev;
    lf_source_pos(doc->src, offset, &d->line, &d->col);
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    d->msg = lf_buf_detach(&m, NULL);
    if (sev == LF_SEV_ERROR)
        doc->nerrors++;
}

static void add_piece(builder *b, lf_piece_kind kind, size_t start, size_t end, int instr)
{
    lf_doc *doc = b->doc;
    if (end <= start)
        return;
    lf_piece *pc = LF_VEC_PUSH(doc->pieces, doc->npieces, b->cap_pieces);
    pc->kind = kind;
    pc->span = (lf_span){start, end};
    pc->instr = instr;
}

static void read_directive(builder *b, TSNode n)
{
    lf_doc *doc = b->doc;
    TSNode name = ts_node_child_by_field_name(n, "name", 4);
    TSNode value = ts_node_child_by_field_name(n, "value", 5);
    if (ts_node_is_null(name) || ts_node_is_null(value))
        return;
    lf_span ns = span_of(name), vs = span_of(value);
    char key[8] = {0};
    size_t kl = ns.end - ns.start;
    for (size_t i = 0; i < kl && i < sizeof key - 1; i++) {
        char c = doc->src->data[ns.start + i];
        key[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    int idx = strcmp(key, "syntax") == 0 ? 0 : strcmp(key, "escape") == 0 ? 1 : 2;
    if (b->seen_directive[idx])
        add_diag(b, LF_SEV_ERROR, ns.start, "only one %s parser directive can be used", key);
    b->seen_directive[idx] = 1;
    if (idx == 1) {
        size_t vl = vs.end - vs.start;
        const char *v = doc->src->data + vs.start;
        if (vl == 1 && (v[0] == '\\' || v[0] == '`'))
            doc->escape = v[0];
        else
            add_diag(b, LF_SEV_ERROR, vs.start,
                     "invalid escape token '%.*s' does not match ` or \\", (int)vl, v);
    }
}

/* The logical line BuildKit sees: [from, to) minus the dropped extras.
 * Like BuildKit, warns once per instruction when a blank line sits inside
 * the continuation (BuildKit plans to make it an error); comment lines there
 * are dropped silently. */
static void build_joined(builder *b, lf_instr *in)
{
    lf_doc *doc = b->doc;
    lf_buf j = LF_BUF_INIT;
    size_t pos = in->line.start;
    size_t first_blank = (size_t)-1;
    /* depth-first over the instruction, copying the bytes between the
     * dropped extras */
    TSTreeCursor cur = ts_tree_cursor_new(in->node);
    bool down = ts_tree_cursor_goto_first_child(&cur);
    while (down) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        size_t s = ts_node_start_byte(c), e = ts_node_end_byte(c);
        bool inside = e > in->line.start && s < in->line.end && !lf_node_is(c, "heredoc_body");
        if (inside && is_dropped_extra(c)) {
            if (first_blank == (size_t)-1 && lf_node_is(c, "blank_line"))
                first_blank = s;
            if (s > pos)
                lf_buf_add(&j, doc->src->data + pos, s - pos);
            if (e > pos)
                pos = e;
        } else if (inside && ts_tree_cursor_goto_first_child(&cur)) {
            continue;
        }
        while (!ts_tree_cursor_goto_next_sibling(&cur)) {
            if (!ts_tree_cursor_goto_parent(&cur) ||
                ts_node_eq(ts_tree_cursor_current_node(&cur), in->node)) {
                down = false;
                break;
            }
        }
    }
    ts_tree_cursor_delete(&cur);
    if (in->line.end > pos)
        lf_buf_add(&j, doc->src->data + pos, in->line.end - pos);
    in->joined = lf_buf_detach(&j, &in->joined_len);
    if (first_blank != (size_t)-1)
        add_diag(b, LF_SEV_WARNING, first_blank, "empty continuation line");
}

static void read_flags(builder *b, lf_instr *in)
{
    lf_doc *doc = b->doc;
    in->first_flag = doc->nflags;
    TSNode c;
    lf_children c_it = lf_children_of(in->body);
    while (lf_children_next(&c_it, &c)) {
        bool mount = lf_node_is(c, "mount_flag");
        bool eof = lf_node_is(c, "end_of_flags");
        if (!mount && !eof && !lf_node_is(c, "flag"))
            continue;
        lf_flag *f = LF_VEC_PUSH(doc->flags, doc->nflags, b->cap_flags);
        f->span = span_of(c);
        f->is_mount = mount;
        f->is_end_of_flags = eof;
        f->first_opt = doc->nmount_opts;
        TSNode name = ts_node_child_by_field_name(c, "name", 4);
        if (!ts_node_is_null(name))
            f->name = span_of(name);
        TSNode value = ts_node_child_by_field_name(c, "value", 5);
        if (!ts_node_is_null(value)) {
            f->value = span_of(value);
            f->has_value = 1;
        }
        if (mount) {
            if (!ts_node_is_null(name)) {
                f->has_value = 1;
                f->value = (lf_span){ts_node_end_byte(name) + 1, f->span.end};
            }
            TSNode o;
            lf_children o_it = lf_children_of(c);
            while (lf_children_next(&o_it, &o)) {
                if (!lf_node_is(o, "mount_option"))
                    continue;
                lf_mount_opt *mo = LF_VEC_PUSH(doc->mount_opts, doc->nmount_opts, b->cap_opts);
                mo->span = span_of(o);
                TSNode ok = ts_node_child_by_field_name(o, "key", 3);
                TSNode ov = ts_node_child_by_field_name(o, "value", 5);
                if (!ts_node_is_null(ok))
                    mo->key = span_of(ok);
                if (!ts_node_is_null(ov)) {
                    mo->value = span_of(ov);
                    mo->has_value = 1;
                }
                f->nopts++;
            }
            lf_children_done(&o_it);
        }
        in->args.start = f->span.end;
    }
    lf_children_done(&c_it);
    in->nflags = doc->nflags - in->first_flag;
}

/* Decodes a heredoc opener such as `3<<-"EOF"` (dockerfile-syntax.md §9). */
static void decode_opener(lf_heredoc *h, const char *t, size_t len)
{
    size_t i = 0;
    while (i < len && t[i] >= '0' && t[i] <= '9') {
        h->fd = h->fd * 10 + (t[i] - '0');
        i++;
    }
    i += 2; /* << */
    if (i < len && t[i] == '-') {
        h->chomp = 1;
        i++;
    } else {
        while (i < len && (t[i] == ' ' || t[i] == '\t'))
            i++;
    }
    lf_buf name = LF_BUF_INIT;
    h->expand = 1;
    char q = 0;
    for (; i < len; i++) {
        char c = t[i];
        if (q) {
            if (c == q)
                q = 0;
            else if (q == '"' && c == '\\' && i + 1 < len &&
                     (t[i + 1] == '"' || t[i + 1] == '\\' || t[i + 1] == '$'))
                lf_buf_addc(&name, t[++i]);
            else
                lf_buf_addc(&name, c);
        } else if (c == '\'' || c == '"') {
            q = c;
            h->expand = 0;
        } else if (c == '\\' && i + 1 < len) {
            lf_buf_addc(&name, t[++i]);
        } else {
            lf_buf_addc(&name, c);
        }
    }
    h->name = lf_buf_detach(&name, NULL);
}

static TSNode child_of_kind(TSNode n, const char *kind)
{
    TSNode c, found = {0};
    lf_children it = lf_children_of(n);
    while (ts_node_is_null(found) && lf_children_next(&it, &c))
        if (lf_node_is(c, kind))
            found = c;
    lf_children_done(&it);
    return found;
}

static void read_heredocs(builder *b, lf_instr *in)
{
    lf_doc *doc = b->doc;
    in->first_heredoc = doc->nheredocs;
    /* openers live in the body (or its shell_command); bodies are children of
     * the outer instruction node */
    TSNode holders[2] = {in->body, child_of_kind(in->body, "shell_command")};
    TSNode c;
    for (int hidx = 0; hidx < 2; hidx++) {
        if (ts_node_is_null(holders[hidx]))
            continue;
        lf_children c_it = lf_children_of(holders[hidx]);
        while (lf_children_next(&c_it, &c)) {
            if (!lf_node_is(c, "heredoc_start"))
                continue;
            lf_heredoc *h = LF_VEC_PUSH(doc->heredocs, doc->nheredocs, b->cap_heredocs);
            h->opener = span_of(c);
            decode_opener(h, doc->src->data + h->opener.start, h->opener.end - h->opener.start);
        }
        lf_children_done(&c_it);
    }
    in->nheredocs = doc->nheredocs - in->first_heredoc;
    size_t k = 0;
    lf_children b_it = lf_children_of(in->node);
    while (lf_children_next(&b_it, &c)) {
        if (!lf_node_is(c, "heredoc_body") || k >= in->nheredocs)
            continue;
        lf_heredoc *h = &doc->heredocs[in->first_heredoc + k++];
        h->body = (lf_span){ts_node_start_byte(c), ts_node_start_byte(c)};
        TSNode part;
        lf_children p_it = lf_children_of(c);
        while (lf_children_next(&p_it, &part)) {
            if (lf_node_is(part, "heredoc_content"))
                h->body = span_of(part);
            else if (lf_node_is(part, "heredoc_end") && !ts_node_is_missing(part)) {
                h->terminator = span_of(part);
                h->terminated = 1;
                if (h->body.end == h->body.start)
                    h->body = (lf_span){h->terminator.start, h->terminator.start};
            }
        }
        lf_children_done(&p_it);
    }
    lf_children_done(&b_it);
    /* `RUN <<A <<B` with only A's body before EOF: B has no body node; give
     * it an empty body at the instruction's end, not at offset 0 */
    for (; k < in->nheredocs; k++) {
        lf_heredoc *h = &doc->heredocs[in->first_heredoc + k];
        h->body = h->terminator = (lf_span){in->span.end, in->span.end};
    }
    for (size_t i = 0; i < in->nheredocs; i++) {
        lf_heredoc *h = &doc->heredocs[in->first_heredoc + i];
        if (!h->terminated && i >= LF_MAX_HEREDOCS_PER_LINE) {
            add_diag(b, LF_SEV_ERROR, h->opener.start,
                     "more than %d heredocs on one line are not supported (<<%s is heredoc "
                     "%zu of %zu)",
                     LF_MAX_HEREDOCS_PER_LINE, h->name, i + 1, in->nheredocs);
            break;
        }
        if (!h->terminated)
            add_diag(b, LF_SEV_ERROR, h->opener.start, "unterminated heredoc <<%s", h->name);
    }
}

/* End of the instruction's line text: the last child that is neither a
 * heredoc body nor a dropped extra. */
static size_t line_text_end(TSNode node)
{
    size_t end = ts_node_start_byte(node);
    TSNode c;
    lf_children c_it = lf_children_of(node);
    while (lf_children_next(&c_it, &c)) {
        if (lf_node_is(c, "heredoc_body") || is_dropped_extra(c))
            continue;
        end = ts_node_end_byte(c);
    }
    lf_children_done(&c_it);
    return end;
}

static bool contains(const char *s, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len; i++)
        if (memcmp(s + i, needle, nl) == 0)
            return true;
    return false;
}

/* Windows images run RUN with cmd.exe unless SHELL says otherwise. */
static bool image_is_windows(const char *s, size_t len)
{
    return contains(s, len, "windows") || contains(s, len, "nanoserver") ||
           contains(s, len, "servercore");
}

static bool is_posix_shell(const char *word, size_t len)
{
    const char *slash = NULL;
    for (size_t i = 0; i < len; i++)
        if (word[i] == '/')
            slash = word + i;
    if (slash) {
        len -= (size_t)(slash + 1 - word);
        word = slash + 1;
    }
    static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh"};
    for (size_t i = 0; i < 5; i++)
        if (strlen(shells[i]) == len && memcmp(shells[i], word, len) == 0)
            return true;
    return false;
}

/* Do the shell_command's fragments say only `SHELL [-options]`? */
static bool fragments_name_a_shell(const lf_doc *doc, TSNode cmd)
{
    int words = 0;
    bool ok = true;
    TSNode c;
    lf_children c_it = lf_children_of(cmd);
    while (ok && lf_children_next(&c_it, &c)) {
        if (!lf_node_is(c, "shell_fragment"))
            continue;
        const char *t = doc->src->data + ts_node_start_byte(c);
        size_t len = ts_node_end_byte(c) - ts_node_start_byte(c), k = 0;
        while (k < len) {
            while (k < len && (t[k] == ' ' || t[k] == '\t'))
                k++;
            size_t w = k;
            while (k < len && t[k] != ' ' && t[k] != '\t')
                k++;
            if (k == w)
                break;
            if (words == 0 ? !is_posix_shell(t + w, k - w) : t[w] != '-')
                ok = false;
            words++;
        }
    }
    lf_children_done(&c_it);
    return ok && words > 0;
}

/* Parses a RUN's shell text with bash over the original bytes: the line's
 * fragments and heredoc openers (continuations excluded, so bash sees the
 * joined line), the newline, then the heredoc bodies. A RUN whose text is a
 * single heredoc opener runs the body itself as the script. */
static void parse_shell(builder *b, lf_instr *in)
{
    lf_doc *doc = b->doc;
    TSNode cmd = child_of_kind(in->body, "shell_command");
    if (ts_node_is_null(cmd))
        return;
    TSRange *ranges = NULL;
    size_t nr = 0, cap = 0;
    uint32_t parts = 0, openers = 0;
    TSNode c;
    lf_children c_it = lf_children_of(cmd);
    while (lf_children_next(&c_it, &c)) {
        if (lf_node_is(c, "heredoc_start"))
            openers++;
        else if (lf_node_is(c, "shell_fragment") &&
                 strspn(doc->src->data + ts_node_start_byte(c), " \t") <
                     ts_node_end_byte(c) - ts_node_start_byte(c))
            parts++;
        else
            continue;
    }
    lf_children_done(&c_it);
    /* `RUN <<EOF` runs the body as the script; so does `RUN <<EOF bash -e`,
     * where the named shell reads the body from stdin */
    bool body_is_script =
        openers == 1 && in->nheredocs == 1 && (parts == 0 || fragments_name_a_shell(doc, cmd));
    if (body_is_script) {
        lf_heredoc *h = &doc->heredocs[in->first_heredoc];
        if (h->body.end - h->body.start >= 2 && doc->src->data[h->body.start] == '#' &&
            doc->src->data[h->body.start + 1] == '!') {
            const char *line = doc->src->data + h->body.start;
            size_t ll = strcspn(line, "\n");
            /* a #! script runs as is: only shells are ours to read */
            if (!contains(line, ll, "sh"))
                return;
        }
        if (h->body.end > h->body.start) {
            TSRange *r = LF_VEC_PUSH(ranges, nr, cap);
            r->start_byte = (uint32_t)h->body.start;
            r->end_byte = (uint32_t)h->body.end;
        }
    } else {
        lf_children r_it = lf_children_of(cmd);
        while (lf_children_next(&r_it, &c)) {
            if (!lf_node_is(c, "shell_fragment") && !lf_node_is(c, "heredoc_start"))
                continue;
            TSRange *r = LF_VEC_PUSH(ranges, nr, cap);
            r->start_byte = ts_node_start_byte(c);
            r->end_byte = ts_node_end_byte(c);
        }
        lf_children_done(&r_it);
        if (in->nheredocs > 0) {
            const char *nl =
                memchr(doc->src->data + in->line.end, '\n', doc->src->len - in->line.end);
            lf_heredoc *first = &doc->heredocs[in->first_heredoc];
            lf_heredoc *last = &doc->heredocs[in->first_heredoc + in->nheredocs - 1];
            if (nl) {
                TSRange *r = LF_VEC_PUSH(ranges, nr, cap);
                r->start_byte = (uint32_t)(nl - doc->src->data);
                r->end_byte = r->start_byte + 1;
            }
            size_t end = last->terminated ? last->terminator.end : last->body.end;
            if (end > first->body.start) {
                TSRange *r = LF_VEC_PUSH(ranges, nr, cap);
                r->start_byte = (uint32_t)first->body.start;
                r->end_byte = (uint32_t)end;
            }
        }
    }
    if (nr == 0) {
        free(ranges);
        return;
    }
    /* tree-sitter looks its included ranges up linearly for every token, so
     * a RUN of many thousand continuation lines would take quadratic time;
     * no real RUN comes near this, and passes then leave the RUN alone */
    if (nr > LF_MAX_SHELL_RANGES) {
        add_diag(b, LF_SEV_NOTE, in->keyword.start,
                 "RUN has %zu continued pieces (more than %d): its shell text is not analysed", nr,
                 LF_MAX_SHELL_RANGES);
        free(ranges);
        return;
    }
    /* tree-sitter-bash takes a NUL byte for the end of its input and can
     * then loop in error recovery until memory runs out (fuzz finding); real
     * Dockerfiles hold no NUL (lf_source_read_file refuses them) */
    for (size_t i = 0; i < nr; i++) {
        if (memchr(doc->src->data + ranges[i].start_byte, '\0',
                   ranges[i].end_byte - ranges[i].start_byte)) {
            add_diag(b, LF_SEV_NOTE, in->keyword.start,
                     "RUN has a NUL byte in its shell text: its shell text is not analysed");
            free(ranges);
            return;
        }
    }
    for (size_t i = 0; i < nr; i++) {
        size_t line, col;
        lf_source_pos(doc->src, ranges[i].start_byte, &line, &col);
        ranges[i].start_point = (TSPoint){(uint32_t)(line - 1), (uint32_t)(col - 1)};
        lf_source_pos(doc->src, ranges[i].end_byte, &line, &col);
        ranges[i].end_point = (TSPoint){(uint32_t)(line - 1), (uint32_t)(col - 1)};
    }
    ts_parser_set_included_ranges(b->p->bash, ranges, (uint32_t)nr);
    in->shell_tree =
        ts_parser_parse_string(b->p->bash, NULL, doc->src->data, (uint32_t)doc->src->len);
    ts_parser_set_included_ranges(b->p->bash, NULL, 0);
    free(ranges);
    if (!in->shell_tree) {
        /* timed out: the next parse must not resume this one */
        ts_parser_reset(b->p->bash);
        add_diag(b, LF_SEV_NOTE, in->keyword.start,
                 "RUN's shell text took too long to parse: it is not analysed");
    }
    if (in->shell_tree) {
        doc->shell_runs++;
        in->shell_has_error = ts_node_has_error(ts_tree_root_node(in->shell_tree));
        if (in->shell_has_error)
            doc->shell_runs_failed++;
    }
}

/* First descendant of a kind, depth first. */
static TSNode first_of_kind(TSNode n, const char *kind)
{
    if (lf_node_is(n, kind))
        return n;
    TSNode c, found = {0};
    lf_children it = lf_children_of(n);
    while (ts_node_is_null(found) && lf_children_next(&it, &c))
        found = first_of_kind(c, kind);
    lf_children_done(&it);
    return found;
}

static void report_tree_error(builder *b, TSNode root)
{
    TSNode e = lf_node_first_error(root);
    if (ts_node_is_null(e))
        return;
    lf_doc *doc = b->doc;
    size_t start = ts_node_start_byte(e);
    if (ts_node_is_missing(e)) {
        const char *t = ts_node_type(e);
        if (strcmp(t, "heredoc_end") != 0) {
            add_diag(b, LF_SEV_ERROR, start, "syntax error: missing %s", t);
            return;
        }
        /* the body ran to the end of the file: point at the opener */
        TSNode instr = e;
        while (!ts_node_is_null(instr) && !is_instruction_node(instr))
            instr = ts_node_parent(instr);
        TSNode opener = ts_node_is_null(instr) ? e : first_of_kind(instr, "heredoc_start");
        if (ts_node_is_null(opener))
            opener = e;
        size_t os = ts_node_start_byte(opener), oe = ts_node_end_byte(opener);
        add_diag(b, LF_SEV_ERROR, os, "unterminated heredoc %.*s", (int)(oe - os),
                 doc->src->data + os);
        return;
    }
    const char *text = doc->src->data + start;
    size_t len = ts_node_end_byte(e) - start;
    size_t show = strcspn(text, "\r\n");
    if (show > len)
        show = len;
    if (show > 40)
        show = 40;
    add_diag(b, LF_SEV_ERROR, start, "syntax error: cannot parse '%.*s'", (int)show, text);
}

static void build_instruction(builder *b, TSNode n, int *stage, int *shell_posix)
{
    lf_doc *doc = b->doc;
    int idx = (int)doc->ninstrs;
    lf_instr *in = LF_VEC_PUSH(doc->instrs, doc->ninstrs, b->cap_instrs);
    in->node = n;
    in->body = n;
    in->kw = keyword_of_node(n);
    in->sub_kw = in->kw;
    in->span = span_of(n);
    in->workdir = in->user = -1;
    TSNode kw = ts_node_child(n, 0);
    if (lf_node_is(kw, "keyword"))
        in->keyword = span_of(kw);
    else
        in->keyword = (lf_span){in->span.start, in->span.start};
    if (in->kw == LF_KW_ONBUILD) {
        TSNode inner = ts_node_child_by_field_name(n, "instruction", 11);
        if (!ts_node_is_null(inner)) {
            in->body = inner;
            in->sub_kw = keyword_of_node(inner);
        }
    }
    in->line = (lf_span){in->keyword.start, line_text_end(n)};
    if (in->kw == LF_KW_ONBUILD && in->body.id != n.id) {
        size_t e = line_text_end(in->body);
        if (e > in->line.end)
            in->line.end = e;
    }
    {
        TSNode bkw = ts_node_child(in->body, 0);
        in->args = (lf_span){ts_node_end_byte(bkw), in->line.end};
    }
    size_t line, col;
    lf_source_pos(doc->src, in->span.start, &line, &col);
    in->first_line = line;
    lf_source_pos(doc->src, in->span.end > in->span.start ? in->span.end - 1 : in->span.start,
                  &line, &col);
    in->last_line = line;

    read_flags(b, in);
    /* args: from after the flags, blanks skipped */
    while (in->args.start < in->args.end &&
           (doc->src->data[in->args.start] == ' ' || doc->src->data[in->args.start] == '\t'))
        in->args.start++;
    TSNode c;
    lf_children j_it = lf_children_of(in->body);
    while (lf_children_next(&j_it, &c))
        if (lf_node_is(c, "json_array"))
            in->exec_form = 1;
    lf_children_done(&j_it);
    read_heredocs(b, in);
    build_joined(b, in);

    /* BuildKit's parse-stage errors that are about words, not structure:
     * ENV/LABEL pairs, and a `[` that is valid JSON but not all strings */
    lf_keyword wk = in->sub_kw;
    bool may_fail =
        wk == LF_KW_ENV || wk == LF_KW_LABEL ||
        (!in->exec_form && in->args.start < in->args.end && doc->src->data[in->args.start] == '[');
    if (may_fail) {
        lf_buf_clear(&b->p->scratch);
        lf_buf_clear(&b->p->err);
        if (lf_bkdump_line(&b->p->scratch, in->joined, in->joined_len, doc->escape, &b->p->err) !=
            0)
            add_diag(b, LF_SEV_ERROR, in->keyword.start, "%s", lf_buf_cstr(&b->p->err));
    }

    /* stages and per-stage state */
    if (in->kw == LF_KW_FROM) {
        lf_stage *st = LF_VEC_PUSH(doc->stages, doc->nstages, b->cap_stages);
        st->from = st->first = st->last = idx;
        st->base_stage = -1;
        TSNode img = ts_node_child_by_field_name(n, "image", 5);
        TSNode name = ts_node_child_by_field_name(n, "name", 4);
        if (!ts_node_is_null(img))
            st->image = span_of(img);
        if (!ts_node_is_null(name))
            st->name = span_of(name);
        size_t il = st->image.end - st->image.start;
        for (size_t s = 0; s + 1 < doc->nstages && il > 0; s++) {
            lf_stage *prev = &doc->stages[s];
            size_t nl = prev->name.end - prev->name.start;
            if (nl == il && strncasecmp(doc->src->data + prev->name.start,
                                        doc->src->data + st->image.start, il) == 0)
                st->base_stage = (int)s;
        }
        *stage = (int)doc->nstages - 1;
        *shell_posix = !image_is_windows(doc->src->data + st->image.start, il);
    }
    in->stage = *stage;
    if (*stage >= 0) {
        lf_stage *st = &doc->stages[*stage];
        st->last = idx;
        /* the stage's last WORKDIR/USER so far (kept as we go: a backward
         * search per instruction is quadratic in a long stage) */
        if (in->kw == LF_KW_FROM)
            b->last_workdir = b->last_user = -1;
        in->workdir = b->last_workdir;
        in->user = b->last_user;
        if (in->kw == LF_KW_WORKDIR)
            b->last_workdir = idx;
        if (in->kw == LF_KW_USER)
            b->last_user = idx;
    }
    if (in->kw == LF_KW_SHELL) {
        lf_strv v = LF_STRV_INIT;
        const char *a = doc->src->data + in->args.start;
        if (lf_json_string_array(a, in->args.end - in->args.start, &v) == LF_JSON_STRINGS &&
            v.n > 0) {
            *shell_posix = is_posix_shell(v.items[0].s, v.items[0].len);
        }
        lf_strv_free(&v);
    }
    if (in->kw == LF_KW_RUN && !in->exec_form && *shell_posix && !b->p->no_shell)
        parse_shell(b, in);
}

/*
 * The tree-sitter runtime (Debian's 0.20) corrupts its heap when 65,535 or
 * more extras follow each other: comment and blank lines in a row, before
 * an instruction or inside a continued one (a double free when the tree is
 * deleted). Such a file is refused before it is parsed. Counted here: lines
 * that are blank or whose first non-blank byte is '#' (inside a heredoc
 * those are text, so this errs on the side of refusing). Returns the
 * offset where the first run of max lines starts, or SIZE_MAX.
 */
#define LF_MAX_EXTRA_LINES 60000
static size_t lf_model__long_extra_run(const lf_source *src, size_t max)
{
    size_t run = 0, run_start = 0;
    for (size_t l = 0; l < src->nlines; l++) {
        size_t i = src->line_starts[l], end = src->line_starts[l + 1];
        while (i < end && (src->data[i] == ' ' || src->data[i] == '\t' || src->data[i] == '\r'))
            i++;
        if (i == end || src->data[i] == '\n' || src->data[i] == '#') {
            if (run++ == 0)
                run_start = src->line_starts[l];
            if (run >= max)
                return run_start;
        } else {
            run = 0;
        }
    }
    return SIZE_MAX;
}

int lf_doc_parse(lf_doc **out, lf_parser *p, lf_source *src)
{
    *out = NULL;
    lf_doc *doc = calloc(1, sizeof *doc);
    if (!doc) {
        lf_source_free(src);
        return -1;
    }
    doc->src = src;
    doc->escape = '\\';
    size_t too_long = lf_model__long_extra_run(src, LF_MAX_EXTRA_LINES);
    /* refused: an empty tree, the whole text as one piece, and the error */
    doc->tree = ts_parser_parse_string(p->dockerfile, NULL, src->data,
                                       too_long == SIZE_MAX ? (uint32_t)src->len : 0);
    if (!doc->tree) {
        lf_doc_free(doc);
        return -1;
    }
    builder b = {.doc = doc, .p = p, .last_workdir = -1, .last_user = -1};
    if (too_long != SIZE_MAX) {
        if (src->len > 0)
            add_piece(&b, LF_PIECE_OTHER, 0, src->len, -1);
        add_diag(&b, LF_SEV_ERROR, too_long,
                 "%d or more comment or blank lines in a row: layerfix cannot parse this file "
                 "(a limit of the tree-sitter runtime)",
                 LF_MAX_EXTRA_LINES);
        *out = doc;
        return 0;
    }
    TSNode root = ts_tree_root_node(doc->tree);
    size_t pos = 0;
    int stage = -1, shell_posix = 1;
    /* tree-sitter's lexer skips a BOM at byte 0 before any token, so the
     * tree starts after it; the model keeps it as its own piece */
    if (src->has_bom && src->len >= 3) {
        add_piece(&b, LF_PIECE_BOM, 0, 3, -1);
        pos = 3;
    }
    TSNode c;
    lf_children it = lf_children_of(root);
    while (lf_children_next(&it, &c)) {
        size_t s = ts_node_start_byte(c), e = ts_node_end_byte(c);
        if (s > pos)
            add_piece(&b, LF_PIECE_OTHER, pos, s, -1);
        if (lf_node_is(c, "byte_order_mark")) {
            add_piece(&b, LF_PIECE_BOM, s, e, -1);
        } else if (lf_node_is(c, "parser_directive")) {
            read_directive(&b, c);
            add_piece(&b, LF_PIECE_DIRECTIVE, s, e, -1);
        } else if (lf_node_is(c, "comment")) {
            add_piece(&b, LF_PIECE_COMMENT, s, e, -1);
        } else if (lf_node_is(c, "blank_line")) {
            add_piece(&b, LF_PIECE_BLANK, s, e, -1);
        } else if (is_instruction_node(c) && !ts_node_has_error(c)) {
            build_instruction(&b, c, &stage, &shell_posix);
            add_piece(&b, LF_PIECE_INSTRUCTION, s, e, (int)doc->ninstrs - 1);
        } else if (lf_node_is(c, "line_continuation") && doc->npieces > 0 &&
                   doc->pieces[doc->npieces - 1].kind == LF_PIECE_INSTRUCTION &&
                   doc->pieces[doc->npieces - 1].span.end == s) {
            /* `LABEL a=b \` with nothing but comments after it: the scanner
             * ends the instruction before the continuation and leaves that
             * as an extra after it. BuildKit accepts the file, and the
             * continuation is part of the instruction's line. */
            lf_piece *pc = &doc->pieces[doc->npieces - 1];
            lf_instr *in = &doc->instrs[pc->instr];
            size_t line, col;
            pc->span.end = in->span.end = e;
            lf_source_pos(src, e - 1, &line, &col);
            in->last_line = line;
        } else {
            add_piece(&b, LF_PIECE_OTHER, s, e, -1);
        }
        if (e > pos)
            pos = e;
    }
    lf_children_done(&it);
    if (pos < src->len)
        add_piece(&b, LF_PIECE_OTHER, pos, src->len, -1);
    report_tree_error(&b, root);
    if (doc->ninstrs == 0 && !ts_node_has_error(root))
        add_diag(&b, LF_SEV_ERROR, 0, "file with no instructions");
    *out = doc;
    return 0;
}

void lf_doc_free(lf_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        free(doc->instrs[i].joined);
        if (doc->instrs[i].shell_tree)
            ts_tree_delete(doc->instrs[i].shell_tree);
    }
    for (size_t i = 0; i < doc->nheredocs; i++)
        free(doc->heredocs[i].name);
    for (size_t i = 0; i < doc->ndiags; i++)
        free(doc->diags[i].msg);
    free(doc->instrs);
    free(doc->heredocs);
    free(doc->diags);
    free(doc->pieces);
    free(doc->stages);
    free(doc->flags);
    free(doc->mount_opts);
    if (doc->tree)
        ts_tree_delete(doc->tree);
    lf_source_free(doc->src);
    free(doc);
}

void lf_doc_print_diags(const lf_doc *doc, lf_buf *out)
{
    static const char *const sev[] = {"error", "warning", "note"};
    for (size_t i = 0; i < doc->ndiags; i++) {
        const lf_diag *d = &doc->diags[i];
        lf_buf_printf(out, "%s:%zu:%zu: %s: %s\n", doc->src->path, d->line, d->col, sev[d->sev],
                      d->msg);
    }
}

void lf_doc_write_source(const lf_doc *doc, lf_buf *out)
{
    for (size_t i = 0; i < doc->npieces; i++)
        lf_buf_add(out, doc->src->data + doc->pieces[i].span.start,
                   doc->pieces[i].span.end - doc->pieces[i].span.start);
}

size_t lf_doc_comment_start(const lf_doc *doc, int i)
{
    size_t p = 0;
    while (p < doc->npieces && doc->pieces[p].instr != i)
        p++;
    if (p == doc->npieces)
        return doc->instrs[i].span.start;
    while (p > 0 && doc->pieces[p - 1].kind == LF_PIECE_COMMENT)
        p--;
    return doc->pieces[p].span.start;
}
