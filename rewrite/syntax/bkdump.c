/*
 * BuildKit parser dump for one logical line (see bkdump.h). Mirrors, in
 * order, BuildKit's splitCommand, extractBuilderFlags, the per-keyword line
 * parsers and Node.Dump. Invariant: nothing is appended to the caller's
 * buffer unless the whole line was dumped without a parse error.
 */
#include "bkdump.h"

#include "gostr.h"
#include "json.h"
#include "strv.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* BuildKit's reWhitespace: the separator class for keywords and word lists. */
static int lf_bkdump__is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* unicode.IsSpace(rune(b)) for a single byte, as Go code that indexes a
 * string byte by byte sees it. */
static int lf_bkdump__byte_is_space(unsigned char b)
{
    return lf_utf8_is_space(b);
}

/* Appends the rune whose value is the byte b (Go's string(rune(b))). */
static void lf_bkdump__add_byte_rune(lf_buf *b, unsigned char c)
{
    char u[4];
    lf_buf_add(b, u, lf_utf8_encode(u, c));
}

static uint32_t lf_bkdump__lower_rune(uint32_t r)
{
    if (r >= 'A' && r <= 'Z')
        return r + 32;
    if (r < 0xC0)
        return r;
    if (r <= 0xDE)
        return r == 0xD7 ? r : r + 32;
    if (r >= 0x100 && r <= 0x17F) {
        if (r == 0x130)
            return 'i';
        if (r == 0x178)
            return 0xFF;
        if ((r <= 0x137 && r != 0x131) || (r >= 0x14A && r <= 0x177))
            return (r & 1) ? r : r + 1;
        if ((r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E))
            return (r & 1) ? r + 1 : r;
        return r;
    }
    if (r >= 0x386 && r <= 0x3AB) {
        if (r == 0x386)
            return 0x3AC;
        if (r >= 0x388 && r <= 0x38A)
            return r + 37;
        if (r == 0x38C)
            return 0x3CC;
        if (r == 0x38E || r == 0x38F)
            return r + 63;
        if (r >= 0x391 && r != 0x3A2)
            return r + 32;
        return r;
    }
    if (r >= 0x400 && r <= 0x40F)
        return r + 80;
    if (r >= 0x410 && r <= 0x42F)
        return r + 32;
    if ((r >= 0x460 && r <= 0x481) || (r >= 0x48A && r <= 0x4BF) || (r >= 0x4D0 && r <= 0x52F))
        return (r & 1) ? r : r + 1;
    if (r == 0x4C0)
        return 0x4CF;
    if (r >= 0x4C1 && r <= 0x4CE)
        return (r & 1) ? r + 1 : r;
    if (r >= 0x531 && r <= 0x556)
        return r + 48;
    if ((r >= 0x1E00 && r <= 0x1E95) || (r >= 0x1EA0 && r <= 0x1EFF))
        return (r & 1) ? r : r + 1;
    if (r == 0x1E9E)
        return 0xDF;
    if (r == 0x2126)
        return 0x3C9;
    if (r == 0x212A)
        return 'k';
    if (r == 0x212B)
        return 0xE5;
    if (r >= 0x2160 && r <= 0x216F)
        return r + 16;
    if (r >= 0x24B6 && r <= 0x24CF)
        return r + 26;
    if (r >= 0xFF21 && r <= 0xFF3A)
        return r + 32;
    if (r >= 0x10400 && r <= 0x10427)
        return r + 40;
    return r;
}

/* strings.ToLower: also turns each invalid UTF-8 byte into U+FFFD. */
static void lf_bkdump__lower(lf_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = lf_utf8_decode(s + i, len - i, &cp);
        char u[4];
        lf_buf_add(out, u, lf_utf8_encode(u, lf_bkdump__lower_rune(cp)));
        i += n;
    }
}

/* Trims Go-whitespace on both sides (strings.TrimSpace). */
static void lf_bkdump__trim(const char **s, size_t *len)
{
    size_t skip = lf_utf8_space_prefix(*s, *len);
    *s += skip;
    *len = lf_utf8_trim_right_len(*s, *len - skip);
}

/* extractBuilderFlags: collects leading `--` words into flags and returns the
 * offset where the arguments start (len when the flags used everything). */
static size_t lf_bkdump__flags(lf_strv *flags, const char *s, size_t len)
{
    enum { IN_SPACES, IN_WORD, IN_QUOTE } phase = IN_SPACES;
    lf_buf word = LF_BUF_INIT;
    int blank_ok = 0;
    unsigned char quote = 0, ch = 0;
    size_t rest = len;
    for (size_t pos = 0; pos <= len; pos++) {
        if (pos != len)
            ch = (unsigned char)s[pos];
        if (phase == IN_SPACES) {
            if (pos == len)
                break;
            if (lf_bkdump__byte_is_space(ch))
                continue;
            if (ch != '-' || pos + 1 == len || s[pos + 1] != '-') {
                rest = pos;
                break;
            }
            phase = IN_WORD;
        }
        int is_dashdash = word.len == 2 && memcmp(word.data, "--", 2) == 0;
        if (pos == len) {
            if (!is_dashdash && (blank_ok || word.len > 0))
                lf_strv_push(flags, lf_buf_cstr(&word), word.len);
            break;
        }
        if (phase == IN_WORD) {
            if (lf_bkdump__byte_is_space(ch)) {
                phase = IN_SPACES;
                if (is_dashdash) {
                    rest = pos;
                    break;
                }
                if (blank_ok || word.len > 0)
                    lf_strv_push(flags, lf_buf_cstr(&word), word.len);
                lf_buf_clear(&word);
                blank_ok = 0;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blank_ok = 1;
                phase = IN_QUOTE;
                continue;
            }
        } else { /* IN_QUOTE */
            if (ch == quote) {
                phase = IN_WORD;
                continue;
            }
        }
        /* The flag scanner's escape is always a backslash. */
        if (ch == '\\') {
            if (pos + 1 == len) {
                phase = IN_WORD;
                continue;
            }
            ch = (unsigned char)s[++pos];
        }
        lf_bkdump__add_byte_rune(&word, ch);
    }
    lf_buf_free(&word);
    return rest;
}

/* parseWords: whitespace outside quotes splits; quotes and escapes stay. */
static void lf_bkdump__words(lf_strv *words, const char *s, size_t len, char escape)
{
    enum { IN_SPACES, IN_WORD, IN_QUOTE } phase = IN_SPACES;
    lf_buf word = LF_BUF_INIT;
    int blank_ok = 0;
    uint32_t quote = 0, ch = 0, esc = (unsigned char)escape;
    size_t w = 0;
    char u[4];
    for (size_t pos = 0; pos <= len; pos += w) {
        if (pos != len)
            w = lf_utf8_decode(s + pos, len - pos, &ch);
        if (phase == IN_SPACES) {
            if (pos == len)
                break;
            if (lf_utf8_is_space(ch))
                continue;
            phase = IN_WORD;
        }
        if (pos == len) {
            if (blank_ok || word.len > 0)
                lf_strv_push(words, lf_buf_cstr(&word), word.len);
            break;
        }
        if (phase == IN_WORD) {
            if (lf_utf8_is_space(ch)) {
                phase = IN_SPACES;
                if (blank_ok || word.len > 0)
                    lf_strv_push(words, lf_buf_cstr(&word), word.len);
                lf_buf_clear(&word);
                blank_ok = 0;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blank_ok = 1;
                phase = IN_QUOTE;
            }
            if (ch == esc) {
                if (pos + w == len)
                    continue; /* BuildKit drops an escape at the very end */
                lf_buf_add(&word, u, lf_utf8_encode(u, ch));
                pos += w;
                w = lf_utf8_decode(s + pos, len - pos, &ch);
            }
            lf_buf_add(&word, u, lf_utf8_encode(u, ch));
            continue;
        }
        /* IN_QUOTE */
        if (ch == quote)
            phase = IN_WORD;
        if (ch == esc && quote != '\'') {
            if (pos + w == len) {
                phase = IN_WORD;
                continue;
            }
            lf_buf_add(&word, u, lf_utf8_encode(u, ch));
            pos += w;
            w = lf_utf8_decode(s + pos, len - pos, &ch);
        }
        lf_buf_add(&word, u, lf_utf8_encode(u, ch));
    }
    lf_buf_free(&word);
}

static void lf_bkdump__arg(lf_buf *d, const char *s, size_t len)
{
    lf_buf_addc(d, ' ');
    lf_go_quote(d, s, len);
}

static void lf_bkdump__args(lf_buf *d, const lf_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        lf_bkdump__arg(d, v->items[i].s, v->items[i].len);
}

/* parseStringsWhitespaceDelimited: split on separator runs, quotes ignored. */
static void lf_bkdump__split(lf_buf *d, const char *s, size_t len)
{
    if (len == 0)
        return;
    size_t start = 0, i = 0;
    while (i < len) {
        if (!lf_bkdump__is_sep(s[i])) {
            i++;
            continue;
        }
        lf_bkdump__arg(d, s + start, i - start);
        while (i < len && lf_bkdump__is_sep(s[i]))
            i++;
        start = i;
    }
    lf_bkdump__arg(d, s + start, len - start);
}

static const char lf_bkdump__err_not_strings[] =
    "when using JSON array syntax, arrays must be comprised of strings only";

/* parseMaybeJSON (to_list = 0) and parseMaybeJSONToList (to_list = 1). */
static int lf_bkdump__maybe_json(lf_buf *d, const char *s, size_t len, int to_list, lf_buf *err)
{
    if (len == 0)
        return 0;
    lf_strv v = LF_STRV_INIT;
    lf_json_kind k = lf_json_string_array(s, len, &v);
    if (k == LF_JSON_STRINGS)
        lf_bkdump__args(d, &v);
    lf_strv_free(&v);
    if (k == LF_JSON_NOT_STRINGS) {
        lf_buf_adds(err, lf_bkdump__err_not_strings);
        return -1;
    }
    if (k == LF_JSON_NOT_JSON) {
        if (to_list)
            lf_bkdump__split(d, s, len);
        else
            lf_bkdump__arg(d, s, len);
    }
    return 0;
}

/* parseNameVal for ENV and LABEL: key, value, separator triples. */
static int lf_bkdump__name_val(lf_buf *d, const char *s, size_t len, char escape, const char *what,
                               lf_buf *err)
{
    lf_strv words = LF_STRV_INIT;
    int rc = 0;
    lf_bkdump__words(&words, s, len, escape);
    if (words.n == 0)
        goto out;
    if (!memchr(words.items[0].s, '=', words.items[0].len)) {
        /* Legacy form: the value is the raw rest after the first separator run. */
        size_t k = 0;
        while (k < len && !lf_bkdump__is_sep(s[k]))
            k++;
        if (k == len) {
            lf_buf_printf(err, "%s must have two arguments", what);
            rc = -1;
            goto out;
        }
        size_t v = k;
        while (v < len && lf_bkdump__is_sep(s[v]))
            v++;
        lf_bkdump__arg(d, s, k);
        lf_bkdump__arg(d, s + v, len - v);
        lf_bkdump__arg(d, "", 0);
        goto out;
    }
    for (size_t i = 0; i < words.n; i++) {
        const lf_str *w = &words.items[i];
        const char *eq = memchr(w->s, '=', w->len);
        if (!eq) {
            lf_buf_adds(err, "Syntax error - can't find = in ");
            lf_go_quote(err, w->s, w->len);
            lf_buf_adds(err, ". Must be of the form: name=value");
            rc = -1;
            goto out;
        }
        size_t klen = (size_t)(eq - w->s);
        lf_bkdump__arg(d, w->s, klen);
        lf_bkdump__arg(d, eq + 1, w->len - klen - 1);
        lf_bkdump__arg(d, "=", 1);
    }
out:
    lf_strv_free(&words);
    return rc;
}

typedef enum {
    LF_BK_IGNORE,
    LF_BK_MAYBE_JSON,
    LF_BK_MAYBE_JSON_LIST,
    LF_BK_WORDS_WS,
    LF_BK_STRING,
    LF_BK_ENV,
    LF_BK_LABEL,
    LF_BK_ARG,
    LF_BK_HEALTH,
    LF_BK_ONBUILD,
} lf_bkdump__kind;

static lf_bkdump__kind lf_bkdump__dispatch(const char *kw, size_t len)
{
    static const struct {
        const char *name;
        lf_bkdump__kind kind;
    } table[] = {
        {"add", LF_BK_MAYBE_JSON_LIST},    {"arg", LF_BK_ARG},
        {"cmd", LF_BK_MAYBE_JSON},         {"copy", LF_BK_MAYBE_JSON_LIST},
        {"entrypoint", LF_BK_MAYBE_JSON},  {"env", LF_BK_ENV},
        {"expose", LF_BK_WORDS_WS},        {"from", LF_BK_WORDS_WS},
        {"healthcheck", LF_BK_HEALTH},     {"label", LF_BK_LABEL},
        {"maintainer", LF_BK_STRING},      {"onbuild", LF_BK_ONBUILD},
        {"run", LF_BK_MAYBE_JSON},         {"shell", LF_BK_MAYBE_JSON},
        {"stopsignal", LF_BK_STRING},      {"user", LF_BK_STRING},
        {"volume", LF_BK_MAYBE_JSON_LIST}, {"workdir", LF_BK_STRING},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].name) == len && memcmp(table[i].name, kw, len) == 0)
            return table[i].kind;
    }
    return LF_BK_IGNORE;
}

int lf_bkdump_line(lf_buf *out, const char *line, size_t len, char escape, lf_buf *err)
{
    lf_buf d = LF_BUF_INIT;
    lf_strv flags = LF_STRV_INIT;
    size_t depth = 0, seg = 0;
    int rc = 0;
    const char *s = line;
    size_t n = len;
    /* ONBUILD nests one instruction inside another; a loop instead of
     * recursion keeps pathological `ONBUILD ONBUILD ...` lines off the stack. */
    for (;;) {
        seg = d.len;
        lf_bkdump__trim(&s, &n);
        size_t kw = 0;
        while (kw < n && !lf_bkdump__is_sep(s[kw]))
            kw++;
        size_t kw_start = d.len;
        lf_bkdump__lower(&d, s, kw);
        lf_bkdump__kind kind = lf_bkdump__dispatch(lf_buf_cstr(&d) + kw_start, d.len - kw_start);

        const char *a = s + n;
        size_t alen = 0;
        if (kw < n) {
            size_t p = kw;
            while (p < n && lf_bkdump__is_sep(s[p]))
                p++;
            lf_strv_truncate(&flags, 0);
            size_t off = lf_bkdump__flags(&flags, s + p, n - p);
            a = s + p + off;
            alen = n - p - off;
            lf_bkdump__trim(&a, &alen);
            if (flags.n > 0) {
                lf_buf_adds(&d, " [");
                for (size_t i = 0; i < flags.n; i++) {
                    if (i)
                        lf_buf_addc(&d, ' ');
                    lf_go_quote(&d, flags.items[i].s, flags.items[i].len);
                }
                lf_buf_addc(&d, ']');
            }
        }

        switch (kind) {
        case LF_BK_IGNORE:
            lf_bkdump__arg(&d, "", 0);
            break;
        case LF_BK_MAYBE_JSON:
        case LF_BK_MAYBE_JSON_LIST:
            rc = lf_bkdump__maybe_json(&d, a, alen, kind == LF_BK_MAYBE_JSON_LIST, err);
            break;
        case LF_BK_WORDS_WS:
            lf_bkdump__split(&d, a, alen);
            break;
        case LF_BK_STRING:
            if (alen > 0)
                lf_bkdump__arg(&d, a, alen);
            break;
        case LF_BK_ENV:
        case LF_BK_LABEL:
            rc = lf_bkdump__name_val(&d, a, alen, escape, kind == LF_BK_ENV ? "ENV" : "LABEL", err);
            break;
        case LF_BK_ARG: {
            lf_strv words = LF_STRV_INIT;
            lf_bkdump__words(&words, a, alen, escape);
            lf_bkdump__args(&d, &words);
            lf_strv_free(&words);
            break;
        }
        case LF_BK_HEALTH: {
            size_t sep = 0;
            while (sep < alen && !lf_bkdump__byte_is_space((unsigned char)a[sep]))
                sep++;
            size_t next = sep;
            while (next < alen && lf_bkdump__byte_is_space((unsigned char)a[next]))
                next++;
            if (sep == 0)
                break;
            lf_bkdump__arg(&d, a, sep);
            rc = lf_bkdump__maybe_json(&d, a + next, alen - next, 0, err);
            break;
        }
        case LF_BK_ONBUILD:
            if (alen == 0)
                break;
            lf_buf_adds(&d, " (");
            depth++;
            s = a;
            n = alen;
            continue;
        }
        break;
    }
    if (rc == 0) {
        /* Node.Dump trims its result; only the innermost node can have
         * anything to trim (an empty keyword, or a keyword ending in a
         * non-ASCII space when no argument follows). */
        const char *t = lf_buf_cstr(&d) + seg;
        size_t tlen = d.len - seg;
        lf_bkdump__trim(&t, &tlen);
        lf_buf_addc(out, '(');
        lf_buf_add(out, lf_buf_cstr(&d), seg);
        lf_buf_add(out, t, tlen);
        while (depth-- > 0)
            lf_buf_addc(out, ')');
        lf_buf_addc(out, ')');
    }
    lf_strv_free(&flags);
    lf_buf_free(&d);
    return rc;
}

void lf_bk_parse_words(lf_strv *words, const char *s, size_t len, char escape)
{
    lf_bkdump__words(words, s, len, escape);
}

size_t lf_bk_parse_flags(lf_strv *flags, const char *s, size_t len)
{
    return lf_bkdump__flags(flags, s, len);
}
