/*
 * External scanner for the Dockerfile grammar.
 *
 * Nearly every token comes from here because what a byte means depends on
 * state a context-free lexer cannot keep (rules: shared docs,
 * dockerfile-syntax.md, which cites BuildKit's parser/parser.go):
 *   - the escape character, set by an `# escape=` directive (§2, §3);
 *   - whether a line continues: E + blanks + end of line, unless the char
 *     before E is E too (§3); comment and blank lines inside a continuation
 *     are dropped by BuildKit and become extras here;
 *   - exec form: only when the whole logical line after the flags is a valid
 *     JSON array of strings (§5); decided once per instruction by looking
 *     ahead over the logical line;
 *   - heredocs: openers only at shell-word starts, only when the logical line
 *     word-splits without error, and their bodies after the line (§9).
 *
 * Invariants: a token never contains a line continuation or a newline except
 * LINE_CONTINUATION, LINE_END, COMMENT, BLANK_LINE and heredoc tokens; every
 * byte of the file lands in some token (JSON whitespace is the one exception:
 * it is skipped inside the array node, so it stays inside that node's range).
 */
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum TokenType {
    ERROR_SENTINEL,
    BOM,
    DIRECTIVE_START,
    DIRECTIVE_NAME,
    DIRECTIVE_EQUALS,
    DIRECTIVE_VALUE,
    COMMENT,
    BLANK_LINE,
    LINE_CONTINUATION,
    SPACE,
    LINE_END,
    KW_FROM,
    KW_RUN,
    KW_CMD,
    KW_ENTRYPOINT,
    KW_SHELL,
    KW_COPY,
    KW_ADD,
    KW_VOLUME,
    KW_EXPOSE,
    KW_ENV,
    KW_LABEL,
    KW_ARG,
    KW_USER,
    KW_WORKDIR,
    KW_STOPSIGNAL,
    KW_MAINTAINER,
    KW_HEALTHCHECK,
    KW_ONBUILD,
    KW_UNKNOWN,
    KW_NONE,
    DASHDASH,
    FLAG_NAME,
    MOUNT_FLAG_NAME,
    END_OF_FLAGS,
    EQUALS,
    FLAG_VALUE,
    OPTION_KEY,
    OPTION_VALUE,
    COMMA,
    LBRACKET,
    RBRACKET,
    JSON_STRING,
    SHELL_FRAGMENT,
    HEREDOC_START,
    HEREDOC_CONTENT,
    HEREDOC_END,
    WORD,
    AS,
    STAGE_NAME,
    IMAGE,
    KEY,
    LEGACY_KEY,
    VALUE_WORD,
    REST_TEXT,
};

/* Keyword spellings, lower case, in the order of KW_FROM..KW_ONBUILD. */
static const char *const KEYWORDS[] = {
    "from", "run",     "cmd",        "entrypoint", "shell",       "copy",
    "add",  "volume",  "expose",     "env",        "label",       "arg",
    "user", "workdir", "stopsignal", "maintainer", "healthcheck", "onbuild",
};
#define N_KEYWORDS (sizeof KEYWORDS / sizeof KEYWORDS[0])

enum { FORM_SHELL = 0, FORM_EXEC = 1 };

/* Whether a line may open heredocs is only asked when an opener shows up:
 * most lines have none, and reading every line twice is what a parse costs. */
enum { HEREDOCS_UNKNOWN = 0, HEREDOCS_YES = 1, HEREDOCS_NO = 2 };

#define MAX_PENDING 16
#define MAX_NAME 48

typedef struct {
    uint8_t chomp;
    uint8_t len;
    char name[MAX_NAME];
} Heredoc;

typedef struct {
    uint8_t escape;       /* '\\' or '`' */
    uint8_t started;      /* a token was produced (a BOM only comes first) */
    uint8_t directives;   /* parser directives may still appear */
    uint8_t in_directive; /* inside a directive line */
    uint8_t dir_escape;   /* the directive being read is `escape` */
    uint8_t line_start;   /* the next char begins a physical line */
    uint8_t in_instr;     /* inside an instruction, before its line end */
    uint8_t kind;         /* KW_* of the innermost keyword */
    uint8_t flags_done;   /* the leading --flags are over */
    uint8_t args_checked; /* the look-ahead over the logical line ran */
    uint8_t form;         /* FORM_SHELL or FORM_EXEC */
    uint8_t heredocs_ok;  /* HEREDOCS_*: may the logical line open heredocs? */
    uint8_t legacy_pairs; /* ENV/LABEL in the legacy `key value` form */
    uint8_t quote;        /* quote open across a continuation: 0, '\'', '"' */
    uint8_t word_start;   /* the next shell char starts a word */
    uint8_t brace;        /* depth inside ${...} in shell text */
    uint8_t npending;
    Heredoc pending[MAX_PENDING];
} Scanner;

/* ------------------------------------------------------------------------ */

static void adv(TSLexer *lx)
{
    lx->advance(lx, false);
}

static bool is_blank(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_space_tab(int32_t c)
{
    return c == ' ' || c == '\t';
}

/* End of the physical line at the lexer position: "\n", or EOF. A "\r" is
 * only a line end when "\n" follows; callers consume it first. */
static bool at_eol(TSLexer *lx)
{
    return lx->eof(lx) || lx->lookahead == '\n';
}

/* Consumes "\r\n" or "\n" if present. */
static void eat_newline(TSLexer *lx)
{
    if (lx->lookahead == '\r')
        adv(lx);
    if (lx->lookahead == '\n')
        adv(lx);
}

static int32_t lower(int32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static bool is_alpha(int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}

static bool any_keyword_valid(const bool *valid)
{
    for (int t = KW_FROM; t <= KW_NONE; t++)
        if (valid[t])
            return true;
    return false;
}

static void begin_instruction(Scanner *s, int kind)
{
    s->in_instr = 1;
    s->kind = (uint8_t)kind;
    s->flags_done = 0;
    s->args_checked = 0;
    s->form = FORM_SHELL;
    s->heredocs_ok = HEREDOCS_UNKNOWN;
    s->legacy_pairs = 0;
    s->quote = 0;
    s->word_start = 1;
    s->brace = 0;
    s->directives = 0;
}

static bool emit(Scanner *s, TSLexer *lx, int sym)
{
    lx->result_symbol = (TSSymbol)sym;
    s->started = 1;
    s->line_start = 0;
    return true;
}

/* Ends a line: the token just produced consumed the newline. */
static bool emit_eol(Scanner *s, TSLexer *lx, int sym)
{
    emit(s, lx, sym);
    s->line_start = 1;
    return true;
}

/* --- logical-line reader (look-ahead only) ------------------------------- */

/*
 * Reads the rest of the logical line the way BuildKit joins it: a
 * continuation (E + blanks + newline) disappears, and so do the comment and
 * blank lines after it. Used only after mark_end, to look ahead.
 */
typedef struct {
    TSLexer *lx;
    int32_t esc;
    int32_t prev;
    int32_t queue[128];
    int qn, qi;
    bool joined; /* a continuation was crossed since the flag was cleared */
} Reader;

static void rd_skip_dropped_lines(Reader *r)
{
    TSLexer *lx = r->lx;
    for (;;) {
        r->qn = r->qi = 0;
        while (is_space_tab(lx->lookahead) || lx->lookahead == '\r') {
            if (lx->lookahead == '\r') {
                adv(lx);
                if (lx->lookahead == '\n')
                    break;
                if (r->qn < 128)
                    r->queue[r->qn++] = '\r';
                continue;
            }
            if (r->qn < 128)
                r->queue[r->qn++] = lx->lookahead;
            adv(lx);
        }
        if (lx->eof(lx))
            return;
        if (lx->lookahead == '\n') {
            adv(lx);
            continue;
        }
        if (lx->lookahead == '#') {
            while (!at_eol(lx))
                adv(lx);
            if (!lx->eof(lx))
                adv(lx);
            continue;
        }
        return;
    }
}

/* Next char of the logical line, or -1 at its end. */
static int32_t rd_get(Reader *r)
{
    TSLexer *lx = r->lx;
    if (r->qi < r->qn) {
        r->prev = r->queue[r->qi++];
        return r->prev;
    }
    r->qn = r->qi = 0;
    for (;;) {
        if (lx->eof(lx) || lx->lookahead == '\n')
            return -1;
        int32_t c = lx->lookahead;
        if (c == '\r') {
            adv(lx);
            if (lx->lookahead == '\n')
                return -1;
            r->prev = c;
            return c;
        }
        if (c == r->esc && r->prev != r->esc) {
            adv(lx);
            while (is_space_tab(lx->lookahead)) {
                if (r->qn < 128)
                    r->queue[r->qn++] = lx->lookahead;
                adv(lx);
            }
            if (lx->lookahead == '\r') {
                adv(lx);
                if (lx->lookahead != '\n' && r->qn < 128)
                    r->queue[r->qn++] = '\r';
            }
            if (at_eol(lx)) {
                if (!lx->eof(lx))
                    adv(lx);
                r->joined = true;
                r->prev = 0;
                rd_skip_dropped_lines(r);
                if (r->qn > 0) {
                    r->qi = 0;
                    r->prev = r->queue[r->qi++];
                    return r->prev;
                }
                continue;
            }
            r->prev = c;
            return c;
        }
        adv(lx);
        r->prev = c;
        return c;
    }
}

/* --- the per-instruction look-ahead -------------------------------------- */

enum { J_START, J_OPEN, J_STR, J_ESC, J_HEX, J_AFTER, J_COMMA, J_DONE, J_FAIL };

typedef struct {
    int state;
    int hex;
    bool saw_join;
} Json;

static bool is_json_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool is_hex(int32_t c)
{
    return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* Feeds one char of the joined argument text; a string may not span a
 * continuation, because a JSON_STRING token cannot contain one. */
static void json_feed(Json *j, int32_t c, bool joined)
{
    switch (j->state) {
    case J_START:
        j->state = c == '[' ? J_OPEN : J_FAIL;
        break;
    case J_OPEN:
        if (c == '"')
            j->state = J_STR;
        else if (c == ']')
            j->state = J_DONE;
        else if (!is_json_space(c))
            j->state = J_FAIL;
        break;
    case J_STR:
        if (joined)
            j->state = J_FAIL;
        else if (c == '"')
            j->state = J_AFTER;
        else if (c == '\\')
            j->state = J_ESC;
        else if (c < 0x20)
            j->state = J_FAIL;
        break;
    case J_ESC:
        if (joined)
            j->state = J_FAIL;
        else if (c == 'u')
            j->state = J_HEX, j->hex = 0;
        else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' ||
                 c == 'r' || c == 't')
            j->state = J_STR;
        else
            j->state = J_FAIL;
        break;
    case J_HEX:
        if (joined || !is_hex(c))
            j->state = J_FAIL;
        else if (++j->hex == 4)
            j->state = J_STR;
        break;
    case J_AFTER:
        if (c == ',')
            j->state = J_COMMA;
        else if (c == ']')
            j->state = J_DONE;
        else if (!is_json_space(c))
            j->state = J_FAIL;
        break;
    case J_COMMA:
        if (c == '"')
            j->state = J_STR;
        else if (!is_json_space(c))
            j->state = J_FAIL;
        break;
    case J_DONE:
        if (!is_json_space(c))
            j->state = J_FAIL;
        break;
    default:
        break;
    }
}

/* BuildKit only looks for heredocs when the whole line splits into shell
 * words without error: no unterminated quote and no unterminated `${`. */
typedef struct {
    int32_t quote;
    bool esc;
    int brace; /* depth inside ${...} */
    bool dollar;
} Split;

static void split_feed(Split *sp, int32_t c)
{
    if (sp->esc) {
        sp->esc = false;
        return;
    }
    if (sp->quote == '\'') {
        if (c == '\'')
            sp->quote = 0;
        return;
    }
    if (c == '\\') {
        sp->esc = true;
        sp->dollar = false;
        return;
    }
    if (sp->dollar && c == '{')
        sp->brace++;
    else if (sp->brace > 0 && c == '}')
        sp->brace--;
    sp->dollar = c == '$';
    if (sp->quote == '"') {
        if (c == '"')
            sp->quote = 0;
        return;
    }
    if (c == '\'' || c == '"')
        sp->quote = c;
}

static bool kind_has_json(int kind)
{
    return kind == KW_RUN || kind == KW_CMD || kind == KW_ENTRYPOINT || kind == KW_SHELL ||
           kind == KW_COPY || kind == KW_ADD || kind == KW_VOLUME;
}

static bool kind_has_heredocs(int kind)
{
    return kind == KW_RUN || kind == KW_COPY || kind == KW_ADD;
}

static bool kind_has_pairs(int kind)
{
    return kind == KW_ENV || kind == KW_LABEL;
}

/*
 * Runs once per instruction, right after the first whitespace following the
 * keyword has been marked as a token: reads the rest of the logical line and
 * decides exec vs shell form, whether heredocs may open, and the ENV/LABEL
 * form. Flags (leading `--` words) are skipped first, as BuildKit does.
 */
static void look_ahead_args(Scanner *s, TSLexer *lx)
{
    s->args_checked = 1;
    if (!kind_has_json(s->kind) && !kind_has_pairs(s->kind))
        return;
    Reader r = {.lx = lx, .esc = s->escape, .prev = ' '};
    int32_t c = rd_get(&r);
    /* skip flags */
    for (;;) {
        while (c >= 0 && is_blank(c))
            c = rd_get(&r);
        if (c != '-')
            break;
        int32_t c2 = rd_get(&r);
        if (c2 != '-') {
            /* a word starting with a single '-' is an argument: the JSON and
             * ENV checks below fail on it anyway, and it opens no heredoc */
            return;
        }
        int32_t q = 0;
        c = rd_get(&r);
        while (c >= 0 && (q || !is_blank(c))) {
            if (q) {
                if (c == q)
                    q = 0;
            } else if (c == '"' || c == '\'') {
                q = c;
            } else if (c == '\\') {
                /* flag words are split with '\\', whatever E is */
                c = rd_get(&r);
                if (c < 0)
                    break;
            }
            c = rd_get(&r);
        }
    }
    /* exec form needs the whole line read as JSON; the ENV/LABEL form only
     * its first word; heredocs are checked later, at an opener */
    bool want_json = kind_has_json(s->kind) && c == '[';
    if (!want_json && !kind_has_pairs(s->kind))
        return;
    Json j = {.state = J_START};
    bool first_word = true, first_has_eq = false, escaped = false;
    int32_t q = 0;
    r.joined = false;
    while (c >= 0 && (want_json || first_word)) {
        json_feed(&j, c, r.joined);
        r.joined = false;
        if (first_word) {
            /* the first word as BuildKit's parseWords splits it: E escapes
             * the next char (a blank or a quote too) except inside '...',
             * so `ENV a\ b=c` and `LABEL x\"y=1 z=2` are name=value pairs.
             * Quotes and escapes stay in the word, and an '=' anywhere in it
             * counts (`ENV "a=b" c` is the modern form). */
            if (c == '=')
                first_has_eq = true;
            if (escaped) {
                escaped = false;
            } else if (c == s->escape && q != '\'') {
                escaped = true;
            } else if (q) {
                if (c == q)
                    q = 0;
            } else if (is_blank(c)) {
                first_word = false;
            } else if (c == '"' || c == '\'') {
                q = c;
            }
        }
        c = rd_get(&r);
    }
    if (want_json && j.state == J_DONE)
        s->form = FORM_EXEC;
    if (kind_has_pairs(s->kind))
        s->legacy_pairs = !first_has_eq;
}

/* --- heredocs -------------------------------------------------------------- */

static bool may_open_heredoc(const Scanner *s)
{
    return kind_has_heredocs(s->kind) && s->form == FORM_SHELL && s->heredocs_ok != HEREDOCS_NO;
}

/*
 * Tries to read a heredoc opener at the lexer position (a shell word start):
 * digits, "<<", optional "-", then (after "<<" only) blanks, then a non-empty
 * word with no '<' (§9). On success fills h and returns true; the lexer is
 * then just past the opener. On failure the chars read are ordinary text;
 * *quote tells which quote is left open by them.
 */
static bool read_opener(Scanner *s, TSLexer *lx, Heredoc *h, int32_t *quote)
{
    *quote = 0;
    while (is_digit(lx->lookahead))
        adv(lx);
    if (lx->lookahead != '<')
        return false;
    adv(lx);
    if (lx->lookahead != '<')
        return false;
    adv(lx);
    h->chomp = 0;
    if (lx->lookahead == '-') {
        h->chomp = 1;
        adv(lx);
    } else {
        while (is_space_tab(lx->lookahead))
            adv(lx);
    }
    h->len = 0;
    int32_t q = 0;
    bool any = false;
    for (;;) {
        int32_t c = lx->lookahead;
        if (lx->eof(lx) || c == '\n')
            break;
        if (!q && (is_blank(c)))
            break;
        if (c == '<' && !q)
            return false;
        if (!q && c == s->escape && s->escape != '\\') {
            /* a continuation can only follow a blank in the joined line;
             * treat the escape char as the end of the word */
            break;
        }
        adv(lx);
        any = true;
        if (q) {
            if (c == q) {
                q = 0;
                continue;
            }
            if (q == '"' && c == '\\') {
                c = lx->lookahead;
                if (lx->eof(lx) || c == '\n')
                    break;
                adv(lx);
            }
        } else if (c == '\'' || c == '"') {
            q = c;
            continue;
        } else if (c == '\\') {
            c = lx->lookahead;
            if (lx->eof(lx) || c == '\n' || is_blank(c)) {
                /* a continuation: the word ends here */
                *quote = 0;
                return false;
            }
            adv(lx);
        }
        if (h->len < MAX_NAME && c < 0x80)
            h->name[h->len++] = (char)c;
        else
            h->len = MAX_NAME; /* too long to compare: never terminates */
    }
    *quote = q;
    return any && !q;
}

static void push_heredoc(Scanner *s, const Heredoc *h)
{
    if (s->npending < MAX_PENDING)
        s->pending[s->npending++] = *h;
}

/* Is the current line the terminator of h? Consumes the line's chars. */
static bool line_is_terminator(TSLexer *lx, const Heredoc *h)
{
    if (h->chomp)
        while (lx->lookahead == '\t')
            adv(lx);
    unsigned i = 0;
    bool ok = h->len < MAX_NAME;
    while (!at_eol(lx)) {
        int32_t c = lx->lookahead;
        if (c == '\r') {
            adv(lx);
            if (at_eol(lx))
                break;
            ok = false;
            continue;
        }
        if (i >= h->len || c != (unsigned char)h->name[i])
            ok = false;
        i++;
        adv(lx);
    }
    return ok && i == h->len;
}

static bool scan_heredoc(Scanner *s, TSLexer *lx, const bool *valid)
{
    Heredoc *h = &s->pending[0];
    bool first = true;
    for (;;) {
        if (lx->eof(lx)) {
            if (first)
                return false;
            lx->mark_end(lx);
            return emit_eol(s, lx, HEREDOC_CONTENT);
        }
        if (!first)
            lx->mark_end(lx);
        if (line_is_terminator(lx, h)) {
            if (!first)
                return valid[HEREDOC_CONTENT] ? emit_eol(s, lx, HEREDOC_CONTENT) : false;
            if (!valid[HEREDOC_END])
                return false;
            eat_newline(lx);
            lx->mark_end(lx);
            memmove(&s->pending[0], &s->pending[1], (s->npending - 1) * sizeof(Heredoc));
            s->npending--;
            return emit_eol(s, lx, HEREDOC_END);
        }
        if (first && !valid[HEREDOC_CONTENT])
            return false;
        eat_newline(lx);
        first = false;
    }
}

/* --- text tokens ----------------------------------------------------------- */

typedef enum {
    T_NONE,
    T_FRAGMENT,   /* shell text: to end of line, word starts tracked */
    T_REST,       /* rest of the line */
    T_WORD,       /* up to whitespace */
    T_KEY,        /* ENV/ARG name: up to '=' (even quoted) or unquoted whitespace */
    T_LEGACY_KEY, /* legacy ENV name: up to whitespace */
    T_VALUE,      /* up to unquoted whitespace, quotes and escapes honoured */
    T_FLAG_NAME,  /* up to '=' or whitespace */
    T_FLAG_VALUE, /* like T_VALUE */
    T_OPT_KEY,    /* mount option key: up to '=', ',' or unquoted whitespace */
    T_OPT_VALUE,  /* mount option value: up to ',' or unquoted whitespace */
} TextMode;

static bool mode_quotes(TextMode m)
{
    return m == T_FRAGMENT || m == T_KEY || m == T_VALUE || m == T_FLAG_VALUE || m == T_OPT_KEY ||
           m == T_OPT_VALUE;
}

static bool mode_absorbs_blanks(const Scanner *s, TextMode m)
{
    return m == T_FRAGMENT || m == T_REST || (s->quote && mode_quotes(m));
}

/* The char that escapes the next one in a quote-aware mode. ENV, LABEL and
 * ARG words are split with the escape character E (BuildKit's parseWords),
 * so with `# escape=\`` a backslash is ordinary there (`ENV X="C:\dir\" Y=1`
 * is two pairs). Flag words are always split with '\\' (extractBuilderFlags),
 * and shell text is only read for heredoc detection, which uses '\\' (§9). */
static int32_t mode_escape(const Scanner *s, TextMode m)
{
    return (m == T_KEY || m == T_VALUE) ? s->escape : '\\';
}

static TextMode pick_mode(const Scanner *s, const bool *valid)
{
    if (valid[SHELL_FRAGMENT])
        return T_FRAGMENT;
    if (valid[REST_TEXT] && valid[VALUE_WORD])
        return s->legacy_pairs ? T_REST : T_VALUE;
    if (valid[REST_TEXT])
        return T_REST;
    if (valid[VALUE_WORD])
        return T_VALUE;
    if (valid[KEY] && valid[LEGACY_KEY])
        return s->legacy_pairs ? T_LEGACY_KEY : T_KEY;
    if (valid[KEY])
        return T_KEY;
    if (valid[LEGACY_KEY])
        return T_LEGACY_KEY;
    if (valid[FLAG_VALUE])
        return T_FLAG_VALUE;
    if (valid[FLAG_NAME])
        return T_FLAG_NAME;
    if (valid[OPTION_VALUE])
        return T_OPT_VALUE;
    if (valid[OPTION_KEY])
        return T_OPT_KEY;
    if (valid[WORD] || valid[IMAGE] || valid[STAGE_NAME] || valid[AS])
        return T_WORD;
    return T_NONE;
}

/* Chars a mode stops at (outside quotes), besides blanks and line ends. */
static bool mode_stops_at(TextMode m, int32_t c)
{
    switch (m) {
    case T_KEY:
    case T_FLAG_NAME:
        return c == '=';
    case T_OPT_KEY:
        return c == '=' || c == ',';
    case T_OPT_VALUE:
        return c == ',';
    default:
        return false;
    }
}

static bool mode_stops_at_blank(const Scanner *s, TextMode m)
{
    return !mode_absorbs_blanks(s, m);
}

/*
 * Scans a text token of the given mode from the lexer position. `len` chars
 * were already consumed and marked as part of it; `prev` is the last of them
 * (0 if none). Returns the number of chars in the token (0: nothing).
 * The token never includes a continuation or trailing blanks at a line end.
 */
static unsigned scan_text(Scanner *s, TSLexer *lx, TextMode m, unsigned len, int32_t prev)
{
    int32_t E = s->escape;
    for (;;) {
        int32_t c = lx->lookahead;
        if (at_eol(lx))
            break;
        if (c == '\r') {
            adv(lx);
            if (at_eol(lx))
                break;
            if (mode_stops_at_blank(s, m) && !s->quote)
                break;
            prev = c;
            continue;
        }
        if (c == E && prev != E) {
            /* a continuation ends the token. Blanks before it belong to a
             * text that absorbs blanks. */
            if (mode_absorbs_blanks(s, m))
                lx->mark_end(lx);
            adv(lx);
            if (at_eol(lx))
                break;
            bool escapes = s->quote != '\'' && mode_quotes(m) && mode_escape(s, m) == E;
            if (is_blank(lx->lookahead)) {
                /* E + blanks: a continuation if the line ends after them,
                 * else text. Decide it here, so that `ENV a\ b=c`,
                 * `--mount=target=/a\ b` or `RUN echo a\ b` stay one token
                 * (a key, flag or option value cannot be split in several
                 * tokens). A text that absorbs blanks takes E and all the
                 * blanks; a word where E escapes takes E and one blank. Else
                 * the next token decides, from the E. */
                if (!mode_absorbs_blanks(s, m) && !escapes)
                    break;
                unsigned n = 0;
                int32_t b = 0;
                while (is_blank(lx->lookahead) && lx->lookahead != '\r') {
                    b = lx->lookahead;
                    adv(lx);
                    n++;
                    if (!mode_absorbs_blanks(s, m))
                        break;
                }
                if (n == 0 || at_eol(lx) || is_blank(lx->lookahead))
                    break;
                len += 1 + n;
                prev = b;
                s->word_start = n > 1 || !escapes;
                lx->mark_end(lx);
                continue;
            }
            if (escapes) {
                /* E escapes the next char */
                prev = lx->lookahead;
                adv(lx);
            } else {
                /* E is ordinary text here: a quote or '\\' after it is read
                 * by the code below, on the next turn */
                prev = c;
                len++;
                lx->mark_end(lx);
                s->word_start = 0;
                continue;
            }
            len += 2;
            lx->mark_end(lx);
            s->word_start = 0;
            continue;
        }
        if (s->quote && (m == T_KEY || m == T_OPT_KEY || m == T_OPT_VALUE) && mode_stops_at(m, c))
            break; /* quotes do not hide these stops from BuildKit: it cuts an
                    * ENV/LABEL/ARG word at its first '=' with the quotes still
                    * in it, and drops the quotes of a flag word (they only
                    * group blanks) before it splits a --mount value at ','
                    * and '=': `--mount="type=secret,id=x"` has two options */
        if (!s->quote) {
            if (is_blank(c)) {
                if (mode_stops_at_blank(s, m))
                    break;
                /* blanks inside the line: included once something follows */
                adv(lx);
                prev = c;
                s->word_start = 1;
                continue;
            }
            if (mode_stops_at(m, c))
                break;
            if (m == T_FRAGMENT && may_open_heredoc(s) && s->word_start && !s->brace &&
                (c == '<' || is_digit(c)))
                break; /* maybe a heredoc opener: the caller decides */
        }
        /* inside ${...} BuildKit's word splitter sees no word start, and an
         * unclosed one means no heredoc on the line at all */
        if (m == T_FRAGMENT && s->quote != '\'') {
            if (c == '{' && prev == '$')
                s->brace++;
            else if (c == '}' && s->brace > 0)
                s->brace--;
        }
        int32_t esc = mode_escape(s, m);
        if (mode_quotes(m)) {
            if (s->quote) {
                if (c == s->quote)
                    s->quote = 0;
                else if (c == esc && s->quote == '"' && E != esc) {
                    adv(lx);
                    len++;
                    if (at_eol(lx) || lx->lookahead == '\r') {
                        lx->mark_end(lx);
                        prev = c;
                        continue;
                    }
                    c = lx->lookahead;
                }
            } else if (c == '\'' || c == '"') {
                s->quote = (uint8_t)c;
            } else if (c == esc && E != esc) {
                adv(lx);
                len++;
                if (at_eol(lx) || lx->lookahead == '\r') {
                    lx->mark_end(lx);
                    prev = c;
                    continue;
                }
                c = lx->lookahead;
            }
        }
        adv(lx);
        len++;
        prev = c;
        s->word_start = 0;
        lx->mark_end(lx);
    }
    return len;
}

static int text_symbol(const Scanner *s, TextMode m, const bool *valid)
{
    (void)s;
    switch (m) {
    case T_FRAGMENT:
        return SHELL_FRAGMENT;
    case T_REST:
        return REST_TEXT;
    case T_KEY:
        return KEY;
    case T_LEGACY_KEY:
        return LEGACY_KEY;
    case T_VALUE:
        return VALUE_WORD;
    case T_FLAG_NAME:
        return FLAG_NAME;
    case T_FLAG_VALUE:
        return FLAG_VALUE;
    case T_OPT_KEY:
        return OPTION_KEY;
    case T_OPT_VALUE:
        return OPTION_VALUE;
    case T_WORD:
        if (valid[STAGE_NAME])
            return STAGE_NAME;
        if (valid[IMAGE])
            return IMAGE;
        return WORD;
    default:
        return -1;
    }
}

static bool finish_text(Scanner *s, TSLexer *lx, const bool *valid, TextMode m, unsigned len)
{
    if (len == 0)
        return false;
    int sym = text_symbol(s, m, valid);
    if (sym < 0 || !valid[sym])
        return false;
    if (m != T_FLAG_NAME && m != T_FLAG_VALUE && m != T_OPT_KEY && m != T_OPT_VALUE)
        s->flags_done = 1;
    return emit(s, lx, sym);
}

/* A word token that may be the FROM keyword `AS` (case-insensitive). */
static bool scan_word(Scanner *s, TSLexer *lx, const bool *valid)
{
    int32_t buf[3];
    unsigned n = 0;
    int32_t E = s->escape, prev = 0;
    for (;;) {
        int32_t c = lx->lookahead;
        if (at_eol(lx) || is_blank(c))
            break;
        if (c == E && prev != E) {
            adv(lx);
            if (at_eol(lx) || is_blank(lx->lookahead)) {
                if (n == 0) {
                    lx->mark_end(lx);
                    n = 3; /* a lone escape char is a word, never `as` */
                }
                break;
            }
            if (n < 3)
                buf[n] = c;
            n++;
            prev = c;
            lx->mark_end(lx);
            continue;
        }
        if (n < 3)
            buf[n] = c;
        n++;
        prev = c;
        adv(lx);
        lx->mark_end(lx);
    }
    if (n == 0)
        return false;
    s->flags_done = 1;
    if (valid[AS] && n == 2 && lower(buf[0]) == 'a' && lower(buf[1]) == 's')
        return emit(s, lx, AS);
    int sym = text_symbol(s, T_WORD, valid);
    return valid[sym] ? emit(s, lx, sym) : false;
}

/* --- keywords and flags ---------------------------------------------------- */

static bool scan_keyword(Scanner *s, TSLexer *lx, const bool *valid)
{
    char buf[16];
    unsigned n = 0;
    int32_t E = s->escape;
    for (;;) {
        int32_t c = lx->lookahead;
        if (at_eol(lx) || is_blank(c))
            break;
        if (c == E) {
            adv(lx);
            if (at_eol(lx) || is_blank(lx->lookahead))
                break;
            n = sizeof buf; /* not a keyword spelling */
            lx->mark_end(lx);
            continue;
        }
        if (n < sizeof buf)
            buf[n] = (char)lower(c);
        n = n < sizeof buf ? n + 1 : n;
        if (c >= 0x80)
            n = sizeof buf;
        adv(lx);
        lx->mark_end(lx);
    }
    if (n == 0)
        return false;
    int sym = KW_UNKNOWN;
    for (unsigned k = 0; k < N_KEYWORDS && n < sizeof buf; k++) {
        if (strlen(KEYWORDS[k]) == n && memcmp(KEYWORDS[k], buf, n) == 0) {
            sym = KW_FROM + (int)k;
            break;
        }
    }
    if (sym == KW_UNKNOWN && n == 4 && memcmp(buf, "none", 4) == 0 && valid[KW_NONE])
        sym = KW_NONE;
    if (!valid[sym])
        sym = KW_UNKNOWN;
    if (!valid[sym])
        return false;
    begin_instruction(s, sym);
    return emit(s, lx, sym);
}

/* At '-' where a flag may start. */
static bool scan_flag_start(Scanner *s, TSLexer *lx, const bool *valid, TextMode m)
{
    adv(lx);
    lx->mark_end(lx);
    if (lx->lookahead != '-') {
        /* a lone '-' starts an ordinary argument */
        if (m == T_WORD)
            return scan_word(s, lx, valid) || (valid[WORD] && emit(s, lx, WORD));
        return finish_text(s, lx, valid, m, scan_text(s, lx, m, 1, '-'));
    }
    adv(lx);
    lx->mark_end(lx);
    int32_t c = lx->lookahead;
    if (at_eol(lx) || is_blank(c) || c == s->escape) {
        if (c == s->escape) {
            adv(lx);
            if (!(at_eol(lx) || is_blank(lx->lookahead)))
                return false;
        }
        s->flags_done = 1;
        return valid[END_OF_FLAGS] && emit(s, lx, END_OF_FLAGS);
    }
    return emit(s, lx, DASHDASH);
}

static bool scan_flag_name(Scanner *s, TSLexer *lx, const bool *valid)
{
    char buf[8];
    unsigned n = 0;
    for (;;) {
        int32_t c = lx->lookahead;
        if (at_eol(lx) || is_blank(c) || c == '=' || c == s->escape)
            break;
        if (n < sizeof buf)
            buf[n] = (char)c;
        n++;
        adv(lx);
    }
    if (n == 0)
        return false;
    lx->mark_end(lx);
    if (valid[MOUNT_FLAG_NAME] && n == 5 && memcmp(buf, "mount", 5) == 0 && lx->lookahead == '=')
        return emit(s, lx, MOUNT_FLAG_NAME);
    return emit(s, lx, FLAG_NAME);
}

/* --- JSON tokens ------------------------------------------------------------- */

static bool scan_json(Scanner *s, TSLexer *lx, const bool *valid)
{
    int32_t c = lx->lookahead;
    if (c == '[' && valid[LBRACKET]) {
        adv(lx);
        lx->mark_end(lx);
        s->flags_done = 1;
        return emit(s, lx, LBRACKET);
    }
    if (c == ']' && valid[RBRACKET]) {
        adv(lx);
        lx->mark_end(lx);
        return emit(s, lx, RBRACKET);
    }
    if (c == ',' && valid[COMMA]) {
        adv(lx);
        lx->mark_end(lx);
        return emit(s, lx, COMMA);
    }
    if (c == '"' && valid[JSON_STRING]) {
        adv(lx);
        while (!at_eol(lx)) {
            c = lx->lookahead;
            adv(lx);
            if (c == '"')
                break;
            if (c == '\\' && !at_eol(lx))
                adv(lx);
        }
        lx->mark_end(lx);
        return emit(s, lx, JSON_STRING);
    }
    return false;
}

/* --- line starts --------------------------------------------------------------- */

static bool is_directive_key(const char *k, unsigned n)
{
    return (n == 6 && (memcmp(k, "syntax", 6) == 0 || memcmp(k, "escape", 6) == 0)) ||
           (n == 5 && memcmp(k, "check", 5) == 0);
}

/* At '#' on a top-level line: a parser directive or a comment line. */
static bool scan_hash_line(Scanner *s, TSLexer *lx, const bool *valid)
{
    if (s->directives && valid[DIRECTIVE_START]) {
        adv(lx);
        while (is_space_tab(lx->lookahead))
            adv(lx);
        lx->mark_end(lx);
        char key[8];
        unsigned n = 0;
        if (is_alpha(lx->lookahead)) {
            while (is_alpha(lx->lookahead) || is_digit(lx->lookahead)) {
                if (n < sizeof key)
                    key[n] = (char)lower(lx->lookahead);
                n++;
                adv(lx);
            }
        }
        while (is_space_tab(lx->lookahead))
            adv(lx);
        bool ok = n > 0 && n <= sizeof key && is_directive_key(key, n) && lx->lookahead == '=';
        if (ok) {
            adv(lx);
            while (is_space_tab(lx->lookahead))
                adv(lx);
            ok = !at_eol(lx) && lx->lookahead != '\r';
        }
        if (ok) {
            s->in_directive = 1;
            return emit(s, lx, DIRECTIVE_START);
        }
    }
    s->directives = 0;
    while (!at_eol(lx))
        adv(lx);
    eat_newline(lx);
    lx->mark_end(lx);
    return emit_eol(s, lx, COMMENT);
}

static bool scan_directive_part(Scanner *s, TSLexer *lx, const bool *valid)
{
    if (valid[DIRECTIVE_NAME]) {
        char key[8];
        unsigned n = 0;
        while (is_alpha(lx->lookahead) || is_digit(lx->lookahead)) {
            if (n < sizeof key)
                key[n] = (char)lower(lx->lookahead);
            n++;
            adv(lx);
        }
        lx->mark_end(lx);
        s->dir_escape = n == 6 && memcmp(key, "escape", 6) == 0;
        return n > 0 && emit(s, lx, DIRECTIVE_NAME);
    }
    if (valid[DIRECTIVE_EQUALS]) {
        while (is_space_tab(lx->lookahead))
            adv(lx);
        if (lx->lookahead != '=')
            return false;
        adv(lx);
        while (is_space_tab(lx->lookahead))
            adv(lx);
        lx->mark_end(lx);
        return emit(s, lx, DIRECTIVE_EQUALS);
    }
    if (valid[DIRECTIVE_VALUE]) {
        int32_t first = lx->lookahead;
        unsigned n = 0, last = 0;
        while (!at_eol(lx)) {
            int32_t c = lx->lookahead;
            adv(lx);
            n++;
            if (!is_blank(c)) {
                last = n;
                lx->mark_end(lx);
            }
        }
        if (last == 0)
            return false;
        if (s->dir_escape && last == 1 && (first == '\\' || first == '`'))
            s->escape = (uint8_t)first;
        return emit(s, lx, DIRECTIVE_VALUE);
    }
    return false;
}

static bool in_json(const Scanner *s, const bool *valid)
{
    return s->form == FORM_EXEC && (valid[LBRACKET] || valid[JSON_STRING] || valid[RBRACKET]);
}

/* --- the dispatcher ------------------------------------------------------------ */

/* At E after blanks: is this a continuation followed only by comment and
 * blank lines up to EOF? Look-ahead only. */
static bool continuation_ends_file(Scanner *s, TSLexer *lx)
{
    adv(lx);
    while (is_space_tab(lx->lookahead))
        adv(lx);
    if (lx->lookahead == '\r')
        adv(lx);
    if (!at_eol(lx))
        return false;
    if (lx->eof(lx))
        return true;
    adv(lx);
    Reader r = {.lx = lx, .esc = s->escape};
    rd_skip_dropped_lines(&r);
    return lx->eof(lx);
}

/* After blanks were consumed (and marked): what the blank run becomes. */
static bool after_blanks(Scanner *s, TSLexer *lx, const bool *valid, TextMode m, unsigned n)
{
    if (at_eol(lx)) {
        if (valid[LINE_END]) {
            eat_newline(lx);
            lx->mark_end(lx);
            s->in_instr = 0;
            s->in_directive = 0;
            return emit_eol(s, lx, LINE_END);
        }
        return valid[SPACE] && emit(s, lx, SPACE);
    }
    if (valid[SPACE] && !(s->quote && mode_quotes(m))) {
        if (lx->lookahead == s->escape && s->in_instr && valid[LINE_END] &&
            continuation_ends_file(s, lx)) {
            /* `a \` + only comments to EOF: the blanks cannot separate
             * anything, so they end the instruction; the continuation that
             * follows is left as an extra after it (in_instr stays set so the
             * continuation is still recognised). */
            emit(s, lx, LINE_END);
            return true;
        }
        if (s->in_instr && !s->args_checked)
            look_ahead_args(s, lx);
        s->word_start = 1;
        return emit(s, lx, SPACE);
    }
    if (m != T_NONE && mode_absorbs_blanks(s, m)) {
        s->word_start = 1;
        if (m == T_FRAGMENT && may_open_heredoc(s) && !s->quote &&
            (lx->lookahead == '<' || is_digit(lx->lookahead)))
            return finish_text(s, lx, valid, m, n); /* the opener is its own token */
        return finish_text(s, lx, valid, m, scan_text(s, lx, m, n, ' '));
    }
    if (valid[LINE_END] && lx->lookahead == s->escape && s->in_instr &&
        continuation_ends_file(s, lx)) {
        /* the same where only the line end may follow (after an exec-form
         * `]`, after HEALTHCHECK NONE): `CMD ["a"] \` at EOF is a valid
         * file for BuildKit, not a syntax error */
        emit(s, lx, LINE_END);
        return true;
    }
    return false;
}

/* After a heredoc opener (look-ahead only): does the rest of the logical
 * line split into shell words without error? BuildKit finds no heredoc at all
 * on a line with an unbalanced quote or an unclosed `${` (§9). */
static bool rest_splits(Scanner *s, TSLexer *lx)
{
    Reader r = {.lx = lx, .esc = s->escape, .prev = ' '};
    Split sp = {0};
    for (int32_t c = rd_get(&r); c >= 0; c = rd_get(&r))
        split_feed(&sp, c);
    return !sp.quote && !sp.esc && sp.brace == 0;
}

static bool scan_opener_or_text(Scanner *s, TSLexer *lx, const bool *valid, TextMode m)
{
    Heredoc h;
    int32_t q;
    bool opener = read_opener(s, lx, &h, &q) && valid[HEREDOC_START];
    lx->mark_end(lx);
    if (opener && s->heredocs_ok == HEREDOCS_UNKNOWN)
        s->heredocs_ok = rest_splits(s, lx) ? HEREDOCS_YES : HEREDOCS_NO;
    if (opener && s->heredocs_ok == HEREDOCS_YES) {
        push_heredoc(s, &h);
        s->word_start = 0;
        s->flags_done = 1;
        return emit(s, lx, HEREDOC_START);
    }
    s->quote = (uint8_t)q;
    s->word_start = 0;
    if (opener) {
        /* a whole opener word on a line that cannot open heredocs: it is
         * text, and the look-ahead went past it, so the token ends here */
        int sym = text_symbol(s, m, valid);
        if (sym < 0 || !valid[sym])
            return false;
        s->flags_done = 1;
        return emit(s, lx, sym);
    }
    /* not an opener: what was read is text, and scanning goes on */
    if (m == T_WORD)
        return scan_word(s, lx, valid) || (valid[WORD] && emit(s, lx, WORD));
    return finish_text(s, lx, valid, m, scan_text(s, lx, m, 1, '<'));
}

static bool scan_inline(Scanner *s, TSLexer *lx, const bool *valid)
{
    if (s->in_directive &&
        (valid[DIRECTIVE_NAME] || valid[DIRECTIVE_EQUALS] || valid[DIRECTIVE_VALUE]))
        return scan_directive_part(s, lx, valid);
    TextMode m = pick_mode(s, valid);
    bool json = in_json(s, valid);
    if (json && !valid[SPACE]) {
        while (is_blank(lx->lookahead))
            lx->advance(lx, true);
    }
    if (lx->eof(lx)) {
        if (valid[LINE_END] && (s->in_instr || s->in_directive)) {
            s->in_instr = 0;
            s->in_directive = 0;
            lx->mark_end(lx);
            return emit_eol(s, lx, LINE_END);
        }
        return false;
    }
    int32_t c = lx->lookahead;
    if (is_blank(c) || c == '\n') {
        unsigned n = 0;
        while (is_blank(lx->lookahead)) {
            if (lx->lookahead == '\r') {
                adv(lx);
                if (lx->lookahead == '\n')
                    break;
                n++;
                lx->mark_end(lx);
                continue;
            }
            adv(lx);
            n++;
            lx->mark_end(lx);
        }
        return after_blanks(s, lx, valid, m, n);
    }
    if (c == s->escape && s->in_instr) {
        adv(lx);
        lx->mark_end(lx);
        bool esc_pair = mode_quotes(m) && s->quote != '\'' && mode_escape(s, m) == s->escape;
        unsigned n = 0;
        while (is_space_tab(lx->lookahead)) {
            adv(lx);
            n++;
            if (n == 1 && esc_pair)
                lx->mark_end(lx);
        }
        if (lx->lookahead == '\r')
            adv(lx);
        if (at_eol(lx)) {
            if (!lx->eof(lx))
                adv(lx);
            lx->mark_end(lx);
            return emit_eol(s, lx, LINE_CONTINUATION);
        }
        /* not a continuation: E (and maybe blanks) start a text token */
        if (m == T_NONE && n > 0 && valid[SPACE]) {
            /* `COPY a\ b c`: a word where E is ordinary text ends with E
             * (BuildKit's words are `a\`, `b`, `c`), but its token stopped
             * before E, not knowing whether a continuation followed. Rather
             * than an ERROR that swallows the rest of the file, E goes into
             * the separator with the blanks after it. */
            lx->mark_end(lx);
            if (s->in_instr && !s->args_checked)
                look_ahead_args(s, lx);
            s->word_start = 1;
            return emit(s, lx, SPACE);
        }
        if (m == T_NONE)
            return false;
        if (n == 0) {
            if (esc_pair && !at_eol(lx)) {
                adv(lx);
                lx->mark_end(lx);
                return finish_text(s, lx, valid, m, scan_text(s, lx, m, 2, 'x'));
            }
            if (m == T_WORD)
                return scan_word(s, lx, valid) || (valid[WORD] && emit(s, lx, WORD));
            return finish_text(s, lx, valid, m, scan_text(s, lx, m, 1, c));
        }
        if (mode_absorbs_blanks(s, m)) {
            lx->mark_end(lx);
            return finish_text(s, lx, valid, m, scan_text(s, lx, m, 1 + n, ' '));
        }
        if (esc_pair && n == 1)
            return finish_text(s, lx, valid, m, scan_text(s, lx, m, 2, ' '));
        if (m == T_WORD) {
            int sym = text_symbol(s, m, valid);
            return valid[sym] && emit(s, lx, sym);
        }
        return finish_text(s, lx, valid, m, 1 + (esc_pair ? 1 : 0));
    }
    if (c == '-' && valid[DASHDASH] && !s->flags_done)
        return scan_flag_start(s, lx, valid, m);
    if (json)
        return scan_json(s, lx, valid);
    if (c == '=' && valid[EQUALS]) {
        adv(lx);
        lx->mark_end(lx);
        return emit(s, lx, EQUALS);
    }
    if (c == ',' && valid[COMMA]) {
        adv(lx);
        lx->mark_end(lx);
        return emit(s, lx, COMMA);
    }
    if (any_keyword_valid(valid) && m != T_FRAGMENT)
        return scan_keyword(s, lx, valid);
    if (m == T_FLAG_NAME)
        return scan_flag_name(s, lx, valid);
    if (may_open_heredoc(s) && !s->quote && !s->brace && (c == '<' || is_digit(c)) &&
        ((m == T_FRAGMENT && s->word_start) || m == T_WORD) && valid[HEREDOC_START])
        return scan_opener_or_text(s, lx, valid, m);
    if (m == T_WORD)
        return scan_word(s, lx, valid);
    if (m == T_NONE)
        return false;
    return finish_text(s, lx, valid, m, scan_text(s, lx, m, 0, 0));
}

static bool scan_line_start(Scanner *s, TSLexer *lx, const bool *valid)
{
    if (!s->started && lx->lookahead == 0xFEFF && valid[BOM]) {
        adv(lx);
        lx->mark_end(lx);
        emit(s, lx, BOM);
        s->line_start = 1;
        return true;
    }
    if (s->in_instr && in_json(s, valid)) {
        /* whitespace inside an exec-form array is padding, like in scan_inline */
        while (is_space_tab(lx->lookahead))
            lx->advance(lx, true);
    }
    unsigned n = 0;
    while (is_blank(lx->lookahead)) {
        if (lx->lookahead == '\r') {
            adv(lx);
            if (lx->lookahead == '\n')
                break;
            n++;
            continue;
        }
        adv(lx);
        n++;
    }
    if (lx->eof(lx)) {
        if (n > 0) {
            lx->mark_end(lx);
            s->directives = 0;
            return emit_eol(s, lx, BLANK_LINE);
        }
        if (s->in_instr && valid[LINE_END]) {
            s->in_instr = 0;
            return emit_eol(s, lx, LINE_END);
        }
        return false;
    }
    if (lx->lookahead == '\n') {
        adv(lx);
        lx->mark_end(lx);
        s->directives = 0;
        return emit_eol(s, lx, BLANK_LINE);
    }
    if (lx->lookahead == '#') {
        if (s->in_instr) {
            while (!at_eol(lx))
                adv(lx);
            eat_newline(lx);
            lx->mark_end(lx);
            return emit_eol(s, lx, COMMENT);
        }
        return scan_hash_line(s, lx, valid);
    }
    if (n > 0) {
        lx->mark_end(lx);
        if (!s->in_instr)
            return valid[SPACE] && emit(s, lx, SPACE);
        return after_blanks(s, lx, valid, pick_mode(s, valid), n);
    }
    if (!s->in_instr) {
        if (!any_keyword_valid(valid))
            return false;
        return scan_keyword(s, lx, valid);
    }
    return scan_inline(s, lx, valid);
}

/* --- tree-sitter entry points ------------------------------------------------------- */

void *tree_sitter_dockerfile_external_scanner_create(void)
{
    static const Scanner init = {.escape = '\\', .directives = 1, .line_start = 1};
    Scanner *s = malloc(sizeof(Scanner));
    if (s)
        *s = init;
    return s;
}

void tree_sitter_dockerfile_external_scanner_destroy(void *payload)
{
    free(payload);
}

unsigned tree_sitter_dockerfile_external_scanner_serialize(void *payload, char *buffer)
{
    const Scanner *s = payload;
    size_t head = offsetof(Scanner, pending);
    memcpy(buffer, s, head);
    size_t n = head;
    for (unsigned i = 0; i < s->npending; i++) {
        const Heredoc *h = &s->pending[i];
        buffer[n++] = (char)h->chomp;
        buffer[n++] = (char)h->len;
        unsigned len = h->len < MAX_NAME ? h->len : MAX_NAME;
        memcpy(buffer + n, h->name, len);
        n += len;
    }
    return (unsigned)n;
}

void tree_sitter_dockerfile_external_scanner_deserialize(void *payload, const char *buffer,
                                                         unsigned length)
{
    Scanner *s = payload;
    static const Scanner init = {.escape = '\\', .directives = 1, .line_start = 1};
    *s = init;
    size_t head = offsetof(Scanner, pending);
    if (length < head)
        return;
    memcpy(s, buffer, head);
    size_t n = head;
    for (unsigned i = 0; i < s->npending && i < MAX_PENDING; i++) {
        Heredoc *h = &s->pending[i];
        h->chomp = (uint8_t)buffer[n++];
        h->len = (uint8_t)buffer[n++];
        unsigned len = h->len < MAX_NAME ? h->len : MAX_NAME;
        memcpy(h->name, buffer + n, len);
        n += len;
    }
}

bool tree_sitter_dockerfile_external_scanner_scan(void *payload, TSLexer *lx, const bool *valid)
{
    Scanner *s = payload;
    if (valid[ERROR_SENTINEL])
        return false;
    if (s->npending > 0 && s->line_start && !s->in_instr &&
        (valid[HEREDOC_CONTENT] || valid[HEREDOC_END]))
        return scan_heredoc(s, lx, valid);
    if (s->line_start)
        return scan_line_start(s, lx, valid);
    return scan_inline(s, lx, valid);
}
