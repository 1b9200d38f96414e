/*
 * late-volatile-args: an ARG whose value changes on every build (GIT_SHA,
 * BUILD_DATE, ...; the table is volatile.c, plus --volatile-arg names) moves
 * down to just before its first use (design.md "The passes" 3).
 *
 * Why: a declared ARG with a value enters the environment of every later RUN
 * of its stage, so a value that changes per build changes the cache key of
 * every RUN after the declaration, used or not. Declared just before its
 * first use, it only re-runs what depends on it.
 *
 * Uses of a name X (conservative: seeing too many uses only moves less):
 * - RUN, CMD, ENTRYPOINT, HEALTHCHECK, SHELL, ONBUILD and unknown
 *   instructions (their whole text: flags, exec-form JSON, heredoc bodies):
 *   X as a whole word, with or without `$`, in any quotes. The shell, a
 *   nested `sh -c '...'`, `printenv X` or a script reading os.environ["X"]
 *   all reach X by name; `$X_SHORT` is another name.
 * - ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL, FROM, COPY/ADD
 *   words and flags, ARG defaults: what BuildKit expands (dockerfile-syntax
 *   §10): `$X` and `${X...}` in every form, not inside single quotes, not
 *   after the escape character, not as the tail of `$$`. COPY/ADD heredoc
 *   bodies count by whole word (the file may be a script a RUN runs).
 * An instruction also stops a move when it declares (ARG) or sets (ENV) a
 * name the moving text declares or reads: order matters between them.
 *
 * Rules, per stage (never across a FROM; global ARGs are never moved):
 * - `ARG X` (X volatile, with or without a default) moves, with the comment
 *   lines directly above it and its exact bytes, to just before the first
 *   instruction that uses X, when at least one RUN lies in between; it goes
 *   above that instruction's own comment lines. Nothing moves when no RUN is
 *   passed (already late).
 *   cache-mounts' docker-clean RUN (`RUN rm -f .../docker-clean && echo ...`)
 *   is not counted as a RUN passed.
 * - A multi-name ARG (`ARG A B=2 GIT_SHA`) has the volatile word cut out
 *   (the rest stays byte-identical) and `ARG GIT_SHA` (keyword and
 *   indentation as written, default kept) declared before its first use;
 *   not when another word of that ARG refers to it or it to another (their
 *   order would change), nor when the ARG continues over several lines
 *   (both noted). When every word is volatile, the whole line moves to the
 *   first use of any of them, and words used further down are cut out of it.
 * - `ENV V=$X` right after (or as the first use of) `ARG X`: the ENV is in
 *   every later RUN's environment too, so it moves with the ARG (ARG, then
 *   ENV, each as written) to just before the first use of X or of any name
 *   it sets, when a RUN lies in between. Only when every pair of the ENV
 *   copies X (`ENV PATH=... REV=$X` stays: PATH is read implicitly); the ARG
 *   alone may still move down to that ENV. Noted when it stays.
 * - A LABEL (any form, any number of pairs) that reads a volatile value (a
 *   volatile ARG declared above it, or a name an ENV above it sets from one:
 *   `ENV REV=$GIT_SHA`) moves, with the comment lines directly above it and
 *   its exact bytes, to just after the stage's last RUN, COPY or ADD (before
 *   the comments and blank lines of what follows): a LABEL whose value
 *   changes on every build invalidates the cache of the build steps after
 *   it, and the ARG it reads cannot go below it. Only when the first
 *   RUN/COPY/ADD after it does not read the value (one that does changes on
 *   every build, and everything after it with it). What follows the last
 *   build step (CMD, ENTRYPOINT, EXPOSE, USER, other LABELs...) keeps its
 *   order below the LABEL, so a later LABEL with the same key still wins.
 *   Not moved, with a note, past an ARG or ENV that declares or sets a name
 *   it reads (a LABEL's value is expanded where it stands) nor past a LABEL
 *   setting one of its keys (the later one wins; a key with a `$` may be any
 *   key). The image's labels are unchanged; only the steps' order changes.
 *   LABELs move from the bottom up, each above those moved before it, so
 *   they keep their order. The volatile ARG (and its ENV copy) then moves
 *   down to just above its first use, which may be that LABEL; to a moved
 *   LABEL it goes along even when no RUN lies in between (ARG first).
 * - A volatile ARG that nothing in its stage uses is left alone with a note
 *   (deleting user text is not this pass's call; stages built FROM it may
 *   inherit it); so is a global volatile ARG that no FROM uses and no stage
 *   re-declares. A FROM-used global ARG is never touched.
 * - Notes also say when an ARG stays because other metadata (EXPOSE, CMD...)
 *   uses it above RUNs that do not, or because its ENV copy is used early.
 *   Notes describe the stage after the moves, as a second run would.
 * - ONBUILD is never read as a declaration. Blank lines: when the moved text
 *   had a blank line both above and below it, the one below goes too (a
 *   blank line above moved instructions directly above it counts).
 * The moves are computed on a list of the stage's instructions until no move
 * applies, then turned into edits; the output is therefore a fixed point.
 *
 * - A RUN also uses X when it reads it from its environment without naming
 *   it (the analysis, env_reads.h): it prints the whole environment (`env`,
 *   `printenv`, `set`, `export -p`), or it runs a file a COPY put in the
 *   image (a script, `make` and its Makefile, `python build.py`...) whose
 *   text in the build context names X, or that cannot be read.
 * Not handled: a program that reads X without any file of the project
 * naming it (a package.json script's node code reading process.env).
 */
#include "env_reads.h"
#include "parse.h"
#include "passes.h"
#include "vars.h"
#include "vec.h"
#include "volatile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASS "late-volatile-args"
#define NONE ((size_t)-1)

/* A name an ARG declares or an ENV sets. */
typedef struct {
    lf_span name;
    lf_span text;  /* the whole word as written: `NAME=default` */
    lf_span value; /* the default or value (empty when there is none) */
    bool is_volatile;
    bool dropped;       /* cut out of its ARG into a unit of its own */
    bool split_blocked; /* would be cut out, but its ARG spans several lines */
    bool split_tied;    /* would be cut out, but another word of its ARG refers to it or back */
} decl;

/* An instruction of the stage, or a declaration cut out of a multi-name ARG. */
typedef struct {
    int instr;                 /* the instruction (for a cut-out one: its ARG) */
    long decl;                 /* cut-out: index of its declaration in decls; -1 otherwise */
    size_t first_decl, ndecls; /* the ARG's declarations or the ENV's pairs */
    size_t block;              /* first byte of the comment lines directly above */
    bool moved;
    bool to_end; /* a LABEL moved to just after the stage's last RUN, COPY or ADD */
} unit;

typedef struct {
    const lf_doc *doc;
    const lf_analysis *an;
    lf_ctx *ctx;
    lf_edits *out;
    const char *const *extra;
    size_t nextra;
    decl *decls;
    size_t ndecls, cdecls;
    unit *units;
    size_t nunits, cunits;
    size_t *order; /* indexes into units, in the (virtual) instruction order */
    size_t norder, corder;
    int *piece_of; /* instruction -> its piece */
    int base;      /* the stage's first instruction after FROM: units[i] is instruction base + i */
    size_t norig;  /* ... for i < norig (cut-out declarations follow) */
    lf_span *vn;   /* scratch: volatile names a LABEL reads (volatile_reads) */
    size_t nvn, cvn;
} state;

/* --- text ------------------------------------------------------------------- */

static bool ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Does BuildKit's expander read name in s: `$name` or `${name...}` outside
 * single quotes, not escaped, not after `$$` (dockerfile-syntax §10)? Nested
 * defaults (`${A:-$name}`) are read too. */
static bool expands(const char *s, size_t n, char esc, const char *name, size_t nl)
{
    bool sq = false, dq = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (sq) {
            sq = c != '\'';
            continue;
        }
        if (c == esc) {
            i++;
            continue;
        }
        if (c == '\'' && !dq) {
            sq = true;
            continue;
        }
        if (c == '"') {
            dq = !dq;
            continue;
        }
        if (c != '$' || i + 1 >= n)
            continue;
        size_t j = i + 1;
        if (s[j] == '$') { /* `$$` is a special name of its own */
            i = j;
            continue;
        }
        if (s[j] == '{')
            j++;
        size_t k = j;
        if (k < n && ident_start(s[k]))
            while (k < n && lf_var_char(s[k]))
                k++;
        if (k - j == nl && memcmp(s + j, name, nl) == 0)
            return true;
        i = j - 1;
    }
    return false;
}

static const char *text(const state *st, size_t at)
{
    return st->doc->src->data + at;
}

static bool span_expands(const state *st, lf_span s, const char *name, size_t nl)
{
    return expands(text(st, s.start), s.end - s.start, st->doc->escape, name, nl);
}

/* The keyword's name in capitals, for messages. */
static void upper_kw(lf_keyword kw, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *n = lf_keyword_name(kw); *n && k + 1 < cap; n++)
        out[k++] = (*n >= 'a' && *n <= 'z') ? (char)(*n - 'a' + 'A') : *n;
    out[k] = 0;
}

/* --- units ------------------------------------------------------------------ */

static const lf_instr *instr_of(const state *st, const unit *u)
{
    return &st->doc->instrs[u->instr];
}

static lf_keyword kw_of(const state *st, const unit *u)
{
    return instr_of(st, u)->kw;
}

static unit *at(const state *st, size_t pos)
{
    return &st->units[st->order[pos]];
}

/* The declarations a unit holds: [*lo, *hi), skipping dropped ones of an
 * ARG (a cut-out unit holds exactly its own, which is marked dropped). */
static void decl_range(const unit *u, size_t *lo, size_t *hi)
{
    if (u->decl >= 0) {
        *lo = (size_t)u->decl;
        *hi = *lo + 1;
    } else {
        *lo = u->first_decl;
        *hi = u->first_decl + u->ndecls;
    }
}

static bool live(const state *st, const unit *u, size_t k)
{
    return u->decl >= 0 || !st->decls[k].dropped;
}

static size_t count_live(const state *st, const unit *u, size_t *last)
{
    size_t lo, hi, n = 0;
    decl_range(u, &lo, &hi);
    for (size_t k = lo; k < hi; k++)
        if (live(st, u, k)) {
            n++;
            *last = k;
        }
    return n;
}

/* Does unit u use name (see the top comment for what counts)? */
static int read_context(void *ctx, const char *rel, lf_buf *out)
{
    return lf_ctx_read(ctx, rel, out);
}

static bool unit_uses(const state *st, const unit *u, const char *name, size_t nl)
{
    const lf_instr *in = instr_of(st, u);
    size_t lo, hi;
    switch (in->kw) {
    case LF_KW_ARG:
        decl_range(u, &lo, &hi);
        for (size_t k = lo; k < hi; k++)
            if (live(st, u, k) && span_expands(st, st->decls[k].value, name, nl))
                return true;
        return false;
    case LF_KW_RUN:
        if (lf_run_reads_env(st->an, (int)(in - st->doc->instrs), name, nl, read_context, st->ctx))
            return true;
        /* fall through */
    case LF_KW_CMD:
    case LF_KW_ENTRYPOINT:
    case LF_KW_HEALTHCHECK:
    case LF_KW_SHELL:
    case LF_KW_ONBUILD:
    case LF_KW_UNKNOWN:
        return lf_names_var(text(st, in->line.start), in->span.end - in->line.start, name, nl);
    case LF_KW_COPY:
    case LF_KW_ADD:
        if (span_expands(st, in->line, name, nl))
            return true;
        for (size_t h = 0; h < in->nheredocs; h++) {
            lf_span b = st->doc->heredocs[in->first_heredoc + h].body;
            if (lf_names_var(text(st, b.start), b.end - b.start, name, nl))
                return true;
        }
        return false;
    default:
        return span_expands(st, in->line, name, nl);
    }
}

/* Does unit u declare (ARG) or set (ENV) name? */
static bool unit_defines(const state *st, const unit *u, const char *name, size_t nl)
{
    size_t lo, hi;
    decl_range(u, &lo, &hi);
    for (size_t k = lo; k < hi; k++) {
        lf_span n = st->decls[k].name;
        if (live(st, u, k) && n.end - n.start == nl && memcmp(text(st, n.start), name, nl) == 0)
            return true;
    }
    return false;
}

/* Can the group g[0..ng) not move past w: w uses a name the group declares,
 * or declares a name the group declares or reads? */
static bool blocks(const state *st, const unit *w, const unit *const *g, size_t ng)
{
    for (size_t m = 0; m < ng; m++) {
        size_t lo, hi;
        decl_range(g[m], &lo, &hi);
        for (size_t k = lo; k < hi; k++) {
            lf_span n = st->decls[k].name;
            if (live(st, g[m], k) && unit_uses(st, w, text(st, n.start), n.end - n.start))
                return true;
        }
    }
    size_t lo, hi;
    decl_range(w, &lo, &hi);
    for (size_t k = lo; k < hi; k++) {
        if (!live(st, w, k))
            continue;
        const char *n = text(st, st->decls[k].name.start);
        size_t nl = st->decls[k].name.end - st->decls[k].name.start;
        for (size_t m = 0; m < ng; m++)
            if (unit_defines(st, g[m], n, nl) || unit_uses(st, g[m], n, nl))
                return true;
    }
    return false;
}

/* The first position after `from` whose unit the group cannot pass, or
 * norder; *runs counts the RUNs passed on the way. */
static size_t scan(const state *st, size_t from, const unit *const *g, size_t ng, size_t *runs)
{
    *runs = 0;
    for (size_t p = from + 1; p < st->norder; p++) {
        const unit *w = at(st, p);
        if (blocks(st, w, g, ng))
            return p;
        if (kw_of(st, w) == LF_KW_RUN)
            (*runs)++;
    }
    return st->norder;
}

/* Is w an ENV every pair of which copies name (`ENV V=$X W=${X}-x`)? */
static bool env_copy(const state *st, const unit *w, const char *name, size_t nl)
{
    if (kw_of(st, w) != LF_KW_ENV || w->ndecls == 0)
        return false;
    for (size_t k = w->first_decl; k < w->first_decl + w->ndecls; k++)
        if (!span_expands(st, st->decls[k].value, name, nl))
            return false;
    return true;
}

/* Moves the units at positions a and b (b may be NONE; b > a) to just
 * before position t (t > a, b; t == norder: to the end). */
static void move_before(state *st, size_t a, size_t b, size_t t)
{
    size_t *next = malloc(st->norder * sizeof *next), n = 0;
    for (size_t p = 0; p <= st->norder; p++) {
        if (p == t) {
            next[n++] = st->order[a];
            if (b != NONE)
                next[n++] = st->order[b];
        }
        if (p < st->norder && p != a && p != b)
            next[n++] = st->order[p];
    }
    at(st, a)->moved = true;
    if (b != NONE)
        at(st, b)->moved = true;
    memcpy(st->order, next, n * sizeof *next);
    free(next);
}

/* --- LABELs that read a volatile value ----------------------------------------- */

/* The instructions that make the stage's layers, and the only ones a LABEL
 * with a per-build value is moved past: what follows the last of them is
 * metadata whose order is left as written. */
static bool build_step(lf_keyword kw)
{
    return kw == LF_KW_RUN || kw == LF_KW_COPY || kw == LF_KW_ADD;
}

/* The position of the stage's last RUN, COPY or ADD (they never move), or NONE. */
static size_t last_build_step(const state *st)
{
    for (size_t p = st->norder; p-- > 0;)
        if (build_step(kw_of(st, at(st, p))))
            return p;
    return NONE;
}

static bool same_name(const state *st, lf_span a, lf_span b)
{
    return a.end - a.start == b.end - b.start &&
           memcmp(text(st, a.start), text(st, b.start), a.end - a.start) == 0;
}

static bool uses_span(const state *st, const unit *u, lf_span name)
{
    return unit_uses(st, u, text(st, name.start), name.end - name.start);
}

/* The names with a per-build value that the unit at pos reads, into st->vn
 * (in declaration order): volatile ARGs declared above it, and names an ENV
 * above it sets from one of them (`ENV REV=$GIT_SHA`, so `LABEL r=$REV` is
 * as volatile as `LABEL r=$GIT_SHA`). Returns how many. */
static size_t volatile_reads(state *st, size_t pos)
{
    st->nvn = 0;
    for (size_t q = 0; q < pos; q++) {
        const unit *u = at(st, q);
        lf_keyword kw = kw_of(st, u);
        size_t lo, hi;
        if (kw != LF_KW_ARG && kw != LF_KW_ENV)
            continue;
        decl_range(u, &lo, &hi);
        for (size_t k = lo; k < hi; k++) {
            const decl *d = &st->decls[k];
            if (!live(st, u, k))
                continue;
            bool vol = d->is_volatile;
            for (size_t i = 0; kw == LF_KW_ENV && !vol && i < st->nvn; i++)
                vol = span_expands(st, d->value, text(st, st->vn[i].start),
                                   st->vn[i].end - st->vn[i].start);
            size_t i = 0;
            while (i < st->nvn && !same_name(st, st->vn[i], d->name))
                i++;
            if (vol && i == st->nvn)
                *LF_VEC_PUSH(st->vn, st->nvn, st->cvn) = d->name;
            else if (!vol && i < st->nvn && kw == LF_KW_ENV) /* set again to something fixed */
                memmove(&st->vn[i], &st->vn[i + 1], (--st->nvn - i) * sizeof *st->vn);
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < st->nvn; i++)
        if (uses_span(st, at(st, pos), st->vn[i]))
            st->vn[n++] = st->vn[i];
    return st->nvn = n;
}

/* Does the first RUN, COPY or ADD after pos (up to end) read none of the
 * names in st->vn? Only then does a volatile LABEL at pos cost anything:
 * the build steps after it lose their cache (and so do those after a step
 * that reads the value, wherever the LABEL is); moved below them, they and
 * the ARG it reads, which can follow it, stay cached. */
static bool label_gains(const state *st, size_t pos, size_t end)
{
    for (size_t q = pos + 1; q <= end; q++) {
        if (!build_step(kw_of(st, at(st, q))))
            continue;
        for (size_t i = 0; i < st->nvn; i++)
            if (uses_span(st, at(st, q), st->vn[i]))
                return false;
        return true;
    }
    return false;
}

/* A LABEL key as the image stores it (quotes and escapes removed), into out;
 * false when it holds a `$`: then it is only known at build time. */
static bool label_key(const state *st, lf_span k, lf_buf *out)
{
    const char *s = text(st, k.start);
    size_t n = k.end - k.start;
    lf_buf_clear(out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == st->doc->escape && i + 1 < n)
            lf_buf_addc(out, s[++i]);
        else if (s[i] == '$')
            return false;
        else if (s[i] != '"' && s[i] != '\'')
            lf_buf_addc(out, s[i]);
    }
    return true;
}

/* The first key of LABEL b that LABEL a sets too (as written in b), or an
 * empty span. A key holding a `$` may be any key, so it matches every key;
 * *dyn says when that decided. */
static lf_span shared_key(const state *st, const lf_instr *a, const lf_instr *b, bool *dyn)
{
    lf_buf ka = LF_BUF_INIT, kb = LF_BUF_INIT;
    lf_span found = {0, 0};
    TSNode pb, pa;
    lf_children ib = lf_children_of(b->body);
    while (found.end == 0 && lf_children_next(&ib, &pb)) {
        TSNode nb = ts_node_child_by_field_name(pb, "key", 3);
        if (!lf_node_is(pb, "label_pair") || ts_node_is_null(nb))
            continue;
        lf_span sb = {ts_node_start_byte(nb), ts_node_end_byte(nb)};
        bool fb = label_key(st, sb, &kb);
        lf_children ia = lf_children_of(a->body);
        while (found.end == 0 && lf_children_next(&ia, &pa)) {
            TSNode na = ts_node_child_by_field_name(pa, "key", 3);
            if (!lf_node_is(pa, "label_pair") || ts_node_is_null(na))
                continue;
            bool fa = label_key(st, (lf_span){ts_node_start_byte(na), ts_node_end_byte(na)}, &ka);
            *dyn = !fa || !fb;
            if (*dyn || (ka.len == kb.len && memcmp(ka.data, kb.data, ka.len) == 0))
                found = sb;
        }
        lf_children_done(&ia);
    }
    lf_children_done(&ib);
    lf_buf_free(&ka);
    lf_buf_free(&kb);
    return found;
}

/* The first position in (pos, end] that the LABEL at pos cannot pass, or
 * NONE: an ARG or ENV that declares or sets a name it reads (a LABEL's value
 * is expanded where it stands, so it would change), or a LABEL that sets one
 * of its keys (the later one wins, so the image would keep the other value).
 * *key is then that key, as written in the later LABEL, and *dyn whether a
 * key with a `$` (only known at build time) is why. */
static size_t label_block(const state *st, size_t pos, size_t end, lf_span *key, bool *dyn)
{
    const unit *l = at(st, pos);
    *key = (lf_span){0, 0};
    *dyn = false;
    for (size_t q = pos + 1; q <= end; q++) {
        const unit *w = at(st, q);
        if (blocks(st, w, &l, 1))
            return q;
        if (kw_of(st, w) == LF_KW_LABEL) {
            *key = shared_key(st, instr_of(st, l), instr_of(st, w), dyn);
            if (key->end != 0)
                return q;
        }
    }
    return NONE;
}

/* A LABEL at pos reading a volatile value, when the next RUN/COPY/ADD does
 * not read it: it moves to just after the last of them, past anything that
 * does not change its value or override it. The stage's labels are the same
 * after; only the order of its steps changes. */
static bool try_label(state *st, size_t pos)
{
    size_t end = last_build_step(st);
    lf_span key;
    bool dyn;
    if (kw_of(st, at(st, pos)) != LF_KW_LABEL || end == NONE || end < pos ||
        volatile_reads(st, pos) == 0 || !label_gains(st, pos, end) ||
        label_block(st, pos, end, &key, &dyn) != NONE)
        return false;
    at(st, pos)->to_end = true;
    move_before(st, pos, NONE, end + 1);
    return true;
}

/* Does the ARG at pos (with its ENV copy at env, or NONE) go along with the
 * LABEL moved to the end of the stage at t, its first use, although no RUN
 * lies in between? It does when it passes something that has not moved
 * itself: a volatile LABEL is then preceded by the ARG it reads, as when the
 * ARG moves past RUNs. */
static bool rides(const state *st, size_t pos, size_t env, size_t t)
{
    if (t >= st->norder || !at(st, t)->to_end)
        return false;
    for (size_t p = pos + 1; p < t; p++)
        if (p != env && !at(st, p)->moved)
            return true;
    return false;
}

/* --- the moves -------------------------------------------------------------- */

/* ARG unit at pos whose declarations are all volatile: move it down to the
 * first use of any of them; with one declaration k (NONE: several), an ENV
 * that copies it comes along. */
static bool try_whole(state *st, size_t pos, size_t k)
{
    const unit *g[2] = {at(st, pos), NULL};
    size_t runs1, runs2;
    size_t t1 = scan(st, pos, g, 1, &runs1);
    if (t1 == st->norder)
        return false;
    if (k != NONE && env_copy(st, at(st, t1), text(st, st->decls[k].name.start),
                              st->decls[k].name.end - st->decls[k].name.start)) {
        g[1] = at(st, t1);
        size_t t2 = scan(st, t1, g, 2, &runs2);
        if (t2 < st->norder && (runs2 > 0 || rides(st, pos, t1, t2))) {
            move_before(st, pos, t1, t2);
            return true;
        }
    }
    if (runs1 == 0 && !rides(st, pos, NONE, t1))
        return false;
    move_before(st, pos, NONE, t1);
    return true;
}

/* Is declaration k of a multi-name ARG tied to another word of it (one
 * reads the other), so that cutting it out would change a value? */
static bool tied(const state *st, const unit *u, size_t k)
{
    const decl *d = &st->decls[k];
    for (size_t j = u->first_decl; j < u->first_decl + u->ndecls; j++) {
        const decl *o = &st->decls[j];
        if (j == k || o->dropped)
            continue;
        if (span_expands(st, o->value, text(st, d->name.start), d->name.end - d->name.start) ||
            span_expands(st, d->value, text(st, o->name.start), o->name.end - o->name.start))
            return true;
    }
    return false;
}

/* Multi-name ARG at pos: cut out its first volatile word that gains from a
 * move, as a unit of its own placed before its first use. */
static bool try_split(state *st, size_t pos)
{
    unit u = *at(st, pos);
    const lf_instr *in = instr_of(st, &u);
    for (size_t k = u.first_decl; k < u.first_decl + u.ndecls; k++) {
        decl *d = &st->decls[k];
        if (d->dropped || !d->is_volatile)
            continue;
        unit v = {.instr = u.instr, .decl = (long)k};
        const unit *g[1] = {&v};
        size_t runs, t = scan(st, pos, g, 1, &runs);
        if (t == st->norder || (runs == 0 && !rides(st, pos, NONE, t)))
            continue;
        if (tied(st, &u, k)) {
            d->split_tied = true;
            continue;
        }
        if (memchr(text(st, in->line.start), '\n', in->line.end - in->line.start)) {
            d->split_blocked = true;
            continue;
        }
        d->dropped = true;
        v.moved = true;
        *LF_VEC_PUSH(st->units, st->nunits, st->cunits) = v;
        LF_VEC_PUSH(st->order, st->norder, st->corder);
        memmove(&st->order[t + 1], &st->order[t], (st->norder - 1 - t) * sizeof *st->order);
        st->order[t] = st->nunits - 1;
        return true;
    }
    return false;
}

/* One move anywhere in the stage; false when none applies (fixed point).
 * LABELs go first, from the bottom up: each lands just after the last
 * RUN/COPY/ADD, above those moved before it, so they keep their order; the
 * ARGs they read then come down to them. */
static bool step(state *st)
{
    for (size_t p = st->norder; p-- > 0;)
        if (try_label(st, p))
            return true;
    for (size_t p = 0; p < st->norder; p++) {
        const unit *u = at(st, p);
        if (kw_of(st, u) != LF_KW_ARG)
            continue;
        size_t k = 0, n = count_live(st, u, &k), nvol = 0, lo, hi;
        decl_range(u, &lo, &hi);
        for (size_t j = lo; j < hi; j++)
            nvol += live(st, u, j) && st->decls[j].is_volatile;
        if (nvol > 0 && nvol == n && try_whole(st, p, n == 1 ? k : NONE))
            return true;
        if (n > 1 && nvol > 0 && try_split(st, p))
            return true;
    }
    return false;
}

/* --- notes -------------------------------------------------------------------- */

/* The first RUN after position pos, or NONE. */
static size_t next_run(const state *st, size_t pos)
{
    for (size_t p = pos + 1; p < st->norder; p++)
        if (kw_of(st, at(st, p)) == LF_KW_RUN)
            return p;
    return NONE;
}

static bool metadata(lf_keyword kw)
{
    return kw == LF_KW_LABEL || kw == LF_KW_EXPOSE || kw == LF_KW_STOPSIGNAL || kw == LF_KW_CMD ||
           kw == LF_KW_ENTRYPOINT || kw == LF_KW_HEALTHCHECK || kw == LF_KW_MAINTAINER;
}

static size_t line_of(const state *st, size_t pos)
{
    return instr_of(st, at(st, pos))->first_line;
}

/* Notes for the volatile declaration k of the (unmoved) ARG at pos. */
static void note_decl(state *st, size_t pos, size_t k, bool single, bool inherited)
{
    const decl *d = &st->decls[k];
    const char *name = text(st, d->name.start);
    int nl = (int)(d->name.end - d->name.start);
    const unit *u = at(st, pos);
    unit v = {.instr = u->instr, .decl = (long)k};
    const unit *g[2] = {single ? u : &v, NULL};
    size_t runs1, runs2;
    size_t t1 = scan(st, pos, g, 1, &runs1), run = next_run(st, pos);
    if (t1 == st->norder) {
        if (inherited)
            lf_ctx_note(st->ctx, d->name.start,
                        "`ARG %.*s` is not used in this stage, only in stages built FROM it; "
                        "left in place",
                        nl, name);
        else
            lf_ctx_note(
                st->ctx, d->name.start,
                "`ARG %.*s` is declared but never used in this stage; left in place%s", nl, name,
                run != NONE ? ", and the RUNs after it re-run whenever its value changes" : "");
        return;
    }
    if (d->split_blocked) {
        lf_ctx_note(st->ctx, d->name.start,
                    "`ARG %.*s` not split out of the ARG at line %zu, which continues over several "
                    "lines; declared just before line %zu, it would keep %zu RUN(s) cached",
                    nl, name, instr_of(st, u)->first_line, line_of(st, t1), runs1);
        return;
    }
    if (d->split_tied) {
        lf_ctx_note(st->ctx, d->name.start,
                    "`ARG %.*s` not split out of the ARG at line %zu: another word of that ARG "
                    "refers to it or it to another, and their order matters",
                    nl, name, instr_of(st, u)->first_line);
        return;
    }
    if (!single)
        return;
    const unit *w = at(st, t1);
    if (kw_of(st, w) == LF_KW_ENV && unit_uses(st, w, name, (size_t)nl)) {
        g[1] = w;
        size_t t2 = scan(st, t1, g, 2, &runs2);
        if (!env_copy(st, w, name, (size_t)nl)) {
            for (size_t j = w->first_decl; j < w->first_decl + w->ndecls; j++) {
                const decl *p = &st->decls[j];
                if (span_expands(st, p->value, name, (size_t)nl))
                    continue;
                if (runs2 > 0 || (t2 == st->norder && next_run(st, t1) != NONE))
                    lf_ctx_note(st->ctx, instr_of(st, w)->keyword.start,
                                "the ENV at line %zu copies the volatile ARG %.*s but also sets "
                                "%.*s, which the RUNs after it may read; it stays, and they re-run "
                                "whenever %.*s changes",
                                instr_of(st, w)->first_line, nl, name,
                                (int)(p->name.end - p->name.start), text(st, p->name.start), nl,
                                name);
                break;
            }
        } else if (runs1 == 0 && t2 == st->norder) {
            if (next_run(st, t1) != NONE)
                lf_ctx_note(st->ctx, d->name.start,
                            "`ARG %.*s` and the ENV at line %zu that copies it are used by no "
                            "later instruction of this stage; left in place, and the RUNs after "
                            "them re-run whenever %.*s changes",
                            nl, name, instr_of(st, w)->first_line, nl, name);
        } else if (runs1 == 0) {
            /* the ARG's own first use lies past RUNs: the ENV is what pins it */
            size_t direct = scan(st, t1, g, 1, &runs2);
            if (direct < st->norder && runs2 > 0)
                lf_ctx_note(
                    st->ctx, d->name.start,
                    "`ARG %.*s` stays: the ENV at line %zu that copies it is used at line "
                    "%zu, before its own use at line %zu%s; the RUNs in between re-run "
                    "whenever %.*s changes",
                    nl, name, instr_of(st, w)->first_line, line_of(st, t2), line_of(st, direct),
                    at(st, direct)->to_end ? " (a LABEL moved to the end of the stage)" : "", nl,
                    name);
        }
        return;
    }
    size_t r = next_run(st, t1);
    /* a LABEL there has moved to the end of the stage, or says why not */
    if (metadata(kw_of(st, w)) && kw_of(st, w) != LF_KW_LABEL && r != NONE &&
        !unit_uses(st, at(st, r), name, (size_t)nl)) {
        char kw[16];
        upper_kw(kw_of(st, w), kw, sizeof kw);
        lf_ctx_note(st->ctx, d->name.start,
                    "`ARG %.*s` stays just before its first use, the %s at line %zu; the RUN at "
                    "line %zu after it does not use %.*s but re-runs whenever it changes (move "
                    "that %s down to keep it cached)",
                    nl, name, kw, line_of(st, t1), line_of(st, r), nl, name, kw);
    }
}

/* A LABEL at pos that reads a volatile value above RUN/COPY/ADD instructions
 * that do not, and stays: say what keeps it there. */
static void note_label(state *st, size_t pos)
{
    size_t end = last_build_step(st);
    lf_span key;
    bool dyn;
    if (end == NONE || end < pos || volatile_reads(st, pos) == 0 || !label_gains(st, pos, end))
        return;
    size_t b = label_block(st, pos, end, &key, &dyn);
    if (b == NONE)
        return;
    const lf_instr *in = instr_of(st, at(st, pos)), *bin = instr_of(st, at(st, b));
    lf_span v = st->vn[0];
    lf_buf why = LF_BUF_INIT;
    char kw[16];
    upper_kw(bin->kw, kw, sizeof kw);
    if (key.end != 0 && dyn) {
        lf_buf_printf(&why,
                      "the LABEL at line %zu sets %.*s, which may be one of its keys (a key "
                      "with a `$` is only known at build time), and the later one wins",
                      bin->first_line, (int)(key.end - key.start), text(st, key.start));
    } else if (key.end != 0) {
        lf_buf_printf(&why, "the LABEL at line %zu sets the same key %.*s, and the later one wins",
                      bin->first_line, (int)(key.end - key.start), text(st, key.start));
    } else {
        size_t lo, hi;
        const unit *w = at(st, b);
        decl_range(w, &lo, &hi);
        for (size_t k = lo; k < hi && why.len == 0; k++)
            if (live(st, w, k) && uses_span(st, at(st, pos), st->decls[k].name))
                lf_buf_printf(&why,
                              "it reads %.*s, which the %s at line %zu %s, so its value would "
                              "change",
                              (int)(st->decls[k].name.end - st->decls[k].name.start),
                              text(st, st->decls[k].name.start), kw, bin->first_line,
                              bin->kw == LF_KW_ARG ? "declares" : "sets");
        if (why.len == 0) /* cannot happen: only a declaration it reads blocks it */
            lf_buf_printf(&why, "the %s at line %zu must stay below it", kw, bin->first_line);
    }
    lf_ctx_note(st->ctx, in->keyword.start,
                "the LABEL at line %zu reads %.*s, which changes on every build, and stays above "
                "RUN/COPY/ADD instructions that do not use it (they lose their cache whenever it "
                "changes): not moved to the end of the stage because %s",
                in->first_line, (int)(v.end - v.start), text(st, v.start), why.data);
    lf_buf_free(&why);
}

/* Notes describe the stage after the moves (what a second run would see). */
static void notes_for_stage(state *st, bool inherited)
{
    for (size_t p = 0; p < st->norder; p++) {
        const unit *u = at(st, p);
        if (kw_of(st, u) == LF_KW_LABEL)
            note_label(st, p);
        if (kw_of(st, u) != LF_KW_ARG)
            continue;
        size_t last = 0, n = count_live(st, u, &last), lo, hi;
        decl_range(u, &lo, &hi);
        for (size_t k = lo; k < hi; k++)
            if (live(st, u, k) && st->decls[k].is_volatile)
                note_decl(st, p, k, n == 1, inherited);
    }
}

/* --- edits ---------------------------------------------------------------------- */

/* The bytes a dropped declaration k of the ARG unit u takes with it: its
 * word and the blanks before it, or after it when no kept word precedes. */
static lf_span drop_range(const state *st, const unit *u, size_t k)
{
    bool kept_before = false;
    for (size_t j = u->first_decl; j < k; j++)
        kept_before = kept_before || !st->decls[j].dropped;
    if (kept_before)
        return (lf_span){st->decls[k - 1].text.end, st->decls[k].text.end};
    return (lf_span){st->decls[k].text.start, st->decls[k + 1].text.start};
}

/* The newline at the end of the instruction's line, or the file's. */
static const char *newline_of(const state *st, const lf_instr *in)
{
    const char *s = st->doc->src->data;
    size_t e = in->line.end;
    if (e < st->doc->src->len && s[e] == '\r' && e + 1 < st->doc->src->len && s[e + 1] == '\n')
        return "\r\n";
    if (e < st->doc->src->len && s[e] == '\n')
        return "\n";
    return st->doc->src->nl ? st->doc->src->nl : "\n";
}

/* The text a moved unit takes to its new place. */
static void moved_text(const state *st, const unit *u, lf_buf *out)
{
    const lf_instr *in = instr_of(st, u);
    const char *s = st->doc->src->data;
    lf_buf_clear(out);
    if (u->decl >= 0) {
        const decl *d = &st->decls[u->decl];
        lf_buf_add(out, s + in->span.start, in->keyword.end - in->span.start);
        lf_buf_addc(out, ' ');
        lf_buf_add(out, s + d->text.start, d->text.end - d->text.start);
        lf_buf_adds(out, newline_of(st, in));
        return;
    }
    size_t pos = u->block;
    for (size_t k = u->first_decl; kw_of(st, u) == LF_KW_ARG && k < u->first_decl + u->ndecls;
         k++) {
        if (!st->decls[k].dropped)
            continue;
        lf_span r = drop_range(st, u, k);
        lf_buf_add(out, s + pos, r.start - pos);
        pos = r.end;
    }
    lf_buf_add(out, s + pos, in->span.end - pos);
    if (out->len == 0 || out->data[out->len - 1] != '\n')
        lf_buf_adds(out, newline_of(st, in));
}

/* The unit of the stage for instruction i, or NULL (another stage). */
static const unit *unit_of(const state *st, int i)
{
    return i >= st->base && i - st->base < (int)st->norig ? &st->units[i - st->base] : NULL;
}

/* Is there a blank line above the text a moved unit leaves, perhaps above
 * other moved instructions directly before it (they leave too)? */
static bool blank_above(const state *st, const unit *u)
{
    const lf_doc *doc = st->doc;
    size_t first = (size_t)st->piece_of[u->instr];
    while (first > 0 && doc->pieces[first - 1].span.end > u->block)
        first--;
    if (first == 0)
        return false;
    const lf_piece *pc = &doc->pieces[first - 1];
    if (pc->kind == LF_PIECE_BLANK)
        return true;
    const unit *v = pc->kind == LF_PIECE_INSTRUCTION ? unit_of(st, pc->instr) : NULL;
    return v && v->moved && v->decl < 0 && blank_above(st, v);
}

/* What goes from the old place: the comments above, the instruction, and a
 * blank line after it when there is one before it too (no double gap). */
static lf_span removed_range(const state *st, const unit *u)
{
    const lf_doc *doc = st->doc;
    int pc = st->piece_of[u->instr];
    lf_span r = {u->block, instr_of(st, u)->span.end};
    if (blank_above(st, u) && (size_t)pc + 1 < doc->npieces &&
        doc->pieces[pc + 1].kind == LF_PIECE_BLANK)
        r.end = doc->pieces[pc + 1].span.end;
    return r;
}

/* Why the moved unit at pos moves, for the edit's reason. It lands just
 * before the instruction anchor or, when to_end, just after it (the stage's
 * last RUN, COPY or ADD). */
static void reason(state *st, size_t pos, const lf_instr *anchor, bool to_end, lf_buf *out)
{
    const unit *u = at(st, pos);
    const lf_instr *in = instr_of(st, u);
    int upto = (int)(anchor - st->doc->instrs) + (to_end ? 1 : 0);
    size_t runs = 0, steps = 0;
    for (int i = u->instr + 1; i < upto; i++)
        runs += st->doc->instrs[i].kw == LF_KW_RUN;
    lf_buf_clear(out);
    if (kw_of(st, u) == LF_KW_LABEL) {
        lf_span v = volatile_reads(st, pos) ? st->vn[0] : (lf_span){0, 0};
        /* the build steps that now stay cached: those before the first one
         * that reads the value itself */
        for (int i = u->instr + 1; i < upto; i++) {
            const unit *w = unit_of(st, i);
            bool step = build_step(st->doc->instrs[i].kw), reads = false;
            for (size_t k = 0; step && w && k < st->nvn && !reads; k++)
                reads = uses_span(st, w, st->vn[k]);
            if (reads)
                break;
            steps += step;
        }
        lf_buf_printf(out,
                      "move the LABEL at line %zu down to after line %zu, the last RUN/COPY/ADD "
                      "of its stage: it reads %.*s, whose value changes on every build, so the "
                      "%zu RUN/COPY/ADD instruction(s) in between lost their cache on every "
                      "build; the image's labels stay the same",
                      in->first_line, anchor->first_line, (int)(v.end - v.start), text(st, v.start),
                      steps);
        return;
    }
    if (kw_of(st, u) == LF_KW_ENV) {
        lf_buf_printf(out,
                      "move the ENV at line %zu, which copies a volatile ARG, down with that "
                      "ARG to %sline %zu",
                      in->first_line, to_end ? "the end of its stage, after " : "",
                      anchor->first_line);
    } else {
        size_t k = 0;
        count_live(st, u, &k);
        lf_buf_printf(out,
                      "move `ARG %.*s` from line %zu down to %sline %zu, just before its first use",
                      (int)(st->decls[k].name.end - st->decls[k].name.start),
                      text(st, st->decls[k].name.start), in->first_line,
                      to_end ? "the end of its stage, after " : "", anchor->first_line);
    }
    if (runs > 0)
        lf_buf_printf(out,
                      ": a declared ARG is in the environment of every later RUN and this value "
                      "changes on every build, so the %zu RUN(s) in between re-ran on every build",
                      runs);
    else
        lf_buf_printf(out, ": it stays just above the LABEL that reads it, which moves to the end "
                           "of the stage to keep the steps in between cached");
}

static void emit_stage(state *st)
{
    const char *src = st->doc->src->data;
    lf_buf txt = LF_BUF_INIT, why = LF_BUF_INIT;
    /* a cut-out word leaves its ARG; a moved unit leaves its place */
    for (size_t i = 0; i < st->nunits; i++) {
        const unit *u = &st->units[i];
        if (u->decl >= 0 || u->moved)
            continue;
        for (size_t k = u->first_decl; kw_of(st, u) == LF_KW_ARG && k < u->first_decl + u->ndecls;
             k++)
            if (st->decls[k].dropped) {
                lf_span r = drop_range(st, u, k);
                lf_buf_clear(&why);
                lf_buf_printf(&why,
                              "cut the volatile `%.*s` out of the ARG at line %zu; it is declared "
                              "again just before its first use, so the RUNs in between stay cached",
                              (int)(st->decls[k].name.end - st->decls[k].name.start),
                              text(st, st->decls[k].name.start), instr_of(st, u)->first_line);
                lf_edits_add(st->out, r.start, r.end, "", 0, PASS, why.data);
            }
    }
    for (size_t p = 0; p < st->norder; p++) {
        const unit *u = at(st, p);
        if (!u->moved)
            continue;
        /* the run of moved units around p lands as one block */
        size_t s = p, q = p + 1;
        bool to_end = false;
        while (s > 0 && at(st, s - 1)->moved)
            s--;
        while (q < st->norder && at(st, q)->moved)
            q++;
        for (size_t r = s; r < q; r++)
            to_end = to_end || at(st, r)->to_end;
        moved_text(st, u, &txt);
        if (to_end && s > 0) {
            /* just after the last build step, so that the comments and blank
             * lines above the metadata that ends the stage stay with it */
            const lf_instr *last = instr_of(st, at(st, s - 1));
            size_t where = last->span.end;
            if (src[where - 1] != '\n') { /* the file ends there, without a newline: keep it so */
                if (p == s) {
                    lf_buf nl = LF_BUF_INIT;
                    lf_buf_adds(&nl, newline_of(st, last));
                    lf_buf_add(&nl, txt.data, txt.len);
                    lf_buf_free(&txt);
                    txt = nl;
                }
                if (p + 1 == q)
                    txt.len -= txt.len >= 2 && txt.data[txt.len - 2] == '\r' ? 2 : 1;
            }
            reason(st, p, last, true, &why);
            lf_edits_add(st->out, where, where, txt.data, txt.len, PASS, why.data);
        } else {
            if (q == st->norder)
                continue; /* cannot happen: a move always ends before an unmoved use */
            const unit *t = at(st, q);
            reason(st, p, instr_of(st, t), false, &why);
            lf_edits_add(st->out, t->block, t->block, txt.data, txt.len, PASS, why.data);
        }
        if (u->decl < 0) {
            lf_span r = removed_range(st, u);
            lf_edits_add(st->out, r.start, r.end, "", 0, PASS, why.data);
        }
    }
    lf_buf_free(&txt);
    lf_buf_free(&why);
}

/* --- the pass ------------------------------------------------------------------- */

/* The declarations of an ARG or the pairs of an ENV, into st->decls. */
static void read_decls(state *st, const lf_instr *in, unit *u)
{
    u->first_decl = st->ndecls;
    if (in->kw != LF_KW_ARG && in->kw != LF_KW_ENV)
        return;
    lf_var_pair *pairs;
    size_t np = lf_var_pairs(st->doc, in, &pairs);
    for (size_t p = 0; p < np; p++) {
        decl *d = LF_VEC_PUSH(st->decls, st->ndecls, st->cdecls);
        d->name = pairs[p].name;
        d->text = pairs[p].text;
        d->value = pairs[p].value;
        d->is_volatile = in->kw == LF_KW_ARG &&
                         lf_volatile_arg_is(text(st, d->name.start), d->name.end - d->name.start,
                                            st->extra, st->nextra);
    }
    free(pairs);
    u->ndecls = st->ndecls - u->first_decl;
}

/* First byte of the comment lines directly above instruction i. */
static size_t block_start(const state *st, int i)
{
    const lf_doc *doc = st->doc;
    int pc = st->piece_of[i];
    while (pc > 0 && doc->pieces[pc - 1].kind == LF_PIECE_COMMENT)
        pc--;
    return doc->pieces[pc].span.start;
}

static void run_stage(state *st, size_t s)
{
    const lf_doc *doc = st->doc;
    const lf_stage *stage = &doc->stages[s];
    st->ndecls = st->nunits = st->norder = 0;
    st->base = stage->first + 1;
    st->norig = (size_t)(stage->last - stage->first);
    for (int i = stage->first + 1; i <= stage->last; i++) {
        unit *u = LF_VEC_PUSH(st->units, st->nunits, st->cunits);
        u->instr = i;
        u->decl = -1;
        u->block = block_start(st, i);
        read_decls(st, &doc->instrs[i], u);
        *LF_VEC_PUSH(st->order, st->norder, st->corder) = st->nunits - 1;
    }
    /* every move takes a unit past at least one RUN, and RUNs never move, so
     * this ends; the bound only guards against a bug */
    for (size_t guard = 0; guard < 10000 && step(st); guard++)
        ;
    bool inherited = false;
    for (size_t t = s + 1; t < doc->nstages; t++)
        inherited = inherited || doc->stages[t].base_stage == (int)s;
    notes_for_stage(st, inherited);
    emit_stage(st);
}

/* A volatile global ARG that no FROM reads and no stage re-declares does
 * nothing: say so (it is never moved). */
static void note_globals(state *st)
{
    const lf_doc *doc = st->doc;
    for (size_t i = 0; i < doc->ninstrs && doc->instrs[i].stage < 0; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_ARG)
            continue;
        unit g = {.instr = (int)i, .decl = -1};
        st->ndecls = 0;
        read_decls(st, in, &g);
        for (size_t k = 0; k < st->ndecls; k++) {
            const decl *d = &st->decls[k];
            const char *name = text(st, d->name.start);
            size_t nl = d->name.end - d->name.start;
            if (!d->is_volatile)
                continue;
            bool used = false;
            for (size_t j = i + 1; j < doc->ninstrs && !used; j++) {
                const lf_instr *o = &doc->instrs[j];
                if (o->kw == LF_KW_FROM)
                    used = span_expands(st, o->line, name, nl);
                else if (o->kw == LF_KW_ARG && o->stage >= 0)
                    used = lf_names_var(text(st, o->args.start), o->args.end - o->args.start, name,
                                        nl);
            }
            if (!used)
                lf_ctx_note(st->ctx, d->name.start,
                            "global `ARG %.*s` is used by no FROM line and re-declared in no "
                            "stage",
                            (int)nl, name);
        }
    }
}

int lf_pass_late_volatile_args(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    state st = {.doc = doc, .an = an, .ctx = ctx, .out = out};
    if (ctx->opts) {
        st.extra = ctx->opts->volatile_args;
        st.nextra = ctx->opts->nvolatile_args;
    }
    st.piece_of = calloc(doc->ninstrs + 1, sizeof *st.piece_of);
    for (size_t p = 0; p < doc->npieces; p++)
        if (doc->pieces[p].kind == LF_PIECE_INSTRUCTION && doc->pieces[p].instr >= 0)
            st.piece_of[doc->pieces[p].instr] = (int)p;
    note_globals(&st);
    for (size_t s = 0; s < doc->nstages; s++)
        run_stage(&st, s);
    free(st.piece_of);
    free(st.decls);
    free(st.units);
    free(st.order);
    free(st.vn);
    return 0;
}
