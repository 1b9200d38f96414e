/*
 * The dockerignore pass (see dockerignore.h for what it proposes and why).
 *
 * How: the files of the context are listed from disk (that is what the
 * builder is sent) and classified with git; the existing rules are compiled
 * with the BuildKit matcher (ignore.c) and applied to every file; each
 * source marks the files it takes (what the builder is sent). Candidate
 * rules come in a fixed order (VCS/editor, translated .gitignore rules,
 * secrets); each one that would exclude something new that a source takes
 * is tried by compiling old rules + accepted rules + the candidate and
 * deciding every file again, then checking what changed against the old
 * decisions. A final pass re-checks the whole block, so a rule accepted
 * with the help of a later exception that was then dropped cannot slip
 * through.
 */
#include "dockerignore.h"
#include "ignore_rules.h"
#include "shell.h"
#include "uses.h"

#include "gitignore.h"
#include "ignore.h"
#include "json.h"
#include "parse.h"
#include "paths.h"
#include "vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the files the builder is sent ---------------------------------------------- */

/* The scan's flags (LF_CE_*), and this pass's own. */
enum {
    F_VISIBLE = LF_CE_VISIBLE,     /* tracked, or untracked and not ignored: git keeps it */
    F_IGNORED = LF_CE_IGNORED,     /* git ignores it */
    F_NESTED = LF_CE_NESTED,       /* inside a nested repository or submodule (its own files) */
    F_VCS = LF_CE_VCS,             /* inside a .git directory, or a .git file */
    F_UNTRACKED = LF_CE_UNTRACKED, /* visible but not tracked */
    F_SECRET = 32,                 /* looks like a credential (see is_secret) */
};

typedef struct ufile {
    char *path;
    unsigned long long size;
    unsigned flags;
} ufile;

typedef struct universe {
    ufile *f;
    size_t n, cap;
    const char **paths; /* f[i].path, for lf_ignore_filter */
} universe;

static long ufind(const universe *u, const char *path)
{
    size_t lo = 0, hi = u->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(u->f[mid].path, path);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* First index whose path is >= s. */
static size_t ulower(const universe *u, const char *s)
{
    size_t lo = 0, hi = u->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(u->f[mid].path, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void universe_free(universe *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->f[i].path);
    free(u->f);
    free(u->paths);
    memset(u, 0, sizeof *u);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool under_dep_dir(const char *path)
{
    for (const char *s = path; s; s = strchr(s, '/')) {
        if (*s == '/')
            s++;
        size_t n = strcspn(s, "/");
        if (!s[n])
            return false; /* the last segment is the file itself */
        for (size_t i = 0; lf_ignore_dep_dirs[i]; i++)
            if (strlen(lf_ignore_dep_dirs[i]) == n && memcmp(s, lf_ignore_dep_dirs[i], n) == 0)
                return true;
    }
    return false;
}

static bool file_contains(const lf_context *ctx, const char *rel, const char *const *needles)
{
    lf_buf text = LF_BUF_INIT;
    bool hit = false;
    if (lf_context_read_any(ctx, rel, &text) == 0) {
        if (text.len > 65535)
            text.len = 65535;
        lf_buf_adds(&text, "");
        for (size_t i = 0; needles[i] && !hit; i++)
            hit = strstr(text.data, needles[i]) != NULL;
    }
    lf_buf_free(&text);
    return hit;
}

/* --- rule tables (knowledge/ignore_rules.h) ------------------------------------ */

enum { CAT_VCS, CAT_GIT, CAT_SECRET, CAT_COUNT };

static const char *const cat_comment[CAT_COUNT] = {
    "# version control, editor and OS files",
    "# git-ignored build outputs and dependencies",
    "# secrets",
};

typedef lf_ignore_namerule namerule;

/* --- sources the Dockerfiles take from the context ----------------------------- */

typedef struct source {
    const lf_doc *doc;
    size_t line;
    char *what;    /* the instruction, short, for messages */
    char *pat;     /* cleaned, relative to the context root; "" is all of it */
    bool glob;     /* pat has wildcards (Go's path.Match, per BuildKit) */
    bool copies;   /* COPY/ADD (ships into an image), not a RUN bind mount */
    bool ok_old;   /* it finds a file with the existing rules */
    bool broad;    /* the context root, a directory or a glob: what an ignore file can trim */
    size_t *cover; /* glob: the files it takes */
    size_t ncover, ccover;
    long exact;    /* literal: the file it names, or -1 */
    size_t lo, hi; /* literal: the files below it, [lo, hi) */
} source;

/* The instruction on one line, whitespace and continuations squeezed, cut
 * at 60 characters. */
static char *brief(const lf_instr *in, char escape)
{
    lf_buf b = LF_BUF_INIT;
    bool space = false;
    for (size_t i = 0; i < in->joined_len; i++) {
        char c = in->joined[i];
        if (c == escape && i + 1 < in->joined_len &&
            (in->joined[i + 1] == '\n' || in->joined[i + 1] == '\r')) {
            space = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && b.len)
            lf_buf_addc(&b, ' ');
        space = false;
        if (b.len >= 60) {
            lf_buf_adds(&b, "...");
            break;
        }
        lf_buf_addc(&b, c);
    }
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

static void add_source(source **v, size_t *n, size_t *cap, const lf_doc *doc, const lf_instr *in,
                       const char *raw, bool copies)
{
    lf_buf pat = LF_BUF_INIT;
    lf_source_pattern(raw, &pat);
    source *s = LF_VEC_PUSH(*v, *n, *cap);
    s->doc = doc;
    s->line = in->first_line;
    s->what = brief(in, doc->escape);
    s->pat = strdup(lf_buf_cstr(&pat));
    s->glob = lf_source_is_glob(s->pat);
    s->copies = copies;
    s->exact = -1;
    lf_buf_free(&pat);
}

/* The paths the Dockerfile takes from the context (the analysis's). */
static void doc_sources(const lf_doc *doc, const lf_analysis *an, source **v, size_t *n,
                        size_t *cap)
{
    size_t ns;
    const lf_context_source *cs = lf_analysis_context_sources(an, &ns);
    for (size_t k = 0; k < ns; k++)
        add_source(v, n, cap, doc, &doc->instrs[cs[k].instr], cs[k].raw, cs[k].copies);
}

/* Does source s take path (a file of the context)? */
static bool covers(const source *s, const char *path)
{
    return lf_source_takes(s->pat, s->glob, path);
}

static void source_index(source *s, const universe *u)
{
    if (s->glob) {
        for (size_t i = 0; i < u->n; i++)
            if (covers(s, u->f[i].path))
                *LF_VEC_PUSH(s->cover, s->ncover, s->ccover) = i;
        s->broad = true;
        return;
    }
    if (!*s->pat) {
        s->lo = 0;
        s->hi = u->n;
        s->broad = true;
        return;
    }
    s->exact = ufind(u, s->pat);
    lf_buf b = LF_BUF_INIT;
    lf_buf_printf(&b, "%s/", s->pat);
    s->lo = ulower(u, b.data);
    b.data[b.len - 1] = '0'; /* '/' + 1: the first string past the prefix */
    s->hi = ulower(u, b.data);
    s->broad = s->hi > s->lo;
    lf_buf_free(&b);
}

/* Runs body with i set to each file that source s takes; a `break` in body
 * stops the walk. */
#define FOR_COVER(s, i, body)                                                                      \
    do {                                                                                           \
        if ((s)->glob) {                                                                           \
            for (size_t k_ = 0; k_ < (s)->ncover; k_++) {                                          \
                size_t i = (s)->cover[k_];                                                         \
                body                                                                               \
            }                                                                                      \
        } else {                                                                                   \
            if ((s)->exact >= 0) {                                                                 \
                size_t i = (size_t)(s)->exact;                                                     \
                body                                                                               \
            }                                                                                      \
            for (size_t i = (s)->lo; i < (s)->hi; i++) {                                           \
                body                                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

static bool source_ok(const source *s, const bool *ex)
{
    bool ok = false;
    FOR_COVER(s, i, {
        if (!ex[i]) {
            ok = true;
            break;
        }
    });
    return ok;
}

/* --- candidates ------------------------------------------------------------------ */

typedef struct cand {
    char *forms[2]; /* the rule, and a narrower form to try when it is refused */
    int cat;
    bool negate;
    bool from_git;    /* translated from .gitignore: must not touch files git keeps */
    bool secret_only; /* may exclude only secrets */
    bool quiet;       /* a first try with a fallback after it: no message when refused */
    char *origin;     /* ".gitignore:3", or NULL */
    char *probe;      /* a path the rule is for when nothing is on disk, or NULL */
} cand;

typedef struct dstate {
    const lf_context *ctx;
    lf_dockerignore_result *out;
    universe u;
    lf_context_scan scan; /* what the builder is sent, with git's facts */
    bool have_git;
    const char *old_text;
    size_t old_len;
    lf_ignore *old;
    size_t nold;
    bool *ex_old, *ex_cur, *ex_try;
    int *dec_try;
    source *src;
    size_t nsrc, csrc;
    long *ship;      /* per file: the first source (COPY/ADD or bind mount) that takes it, or -1 */
    long *bship;     /* per file: the first broad source that takes it, or -1 */
    bool *named;     /* per file: a source names it (not a directory or glob above it) */
    lf_di_uses uses; /* what RUN/CMD/ENTRYPOINT use from the context */
    cand *c;
    size_t nc, cc;
} dstate;

static void cand_free(cand *c)
{
    free(c->forms[0]);
    free(c->forms[1]);
    free(c->origin);
    free(c->probe);
}

static cand *add_cand(dstate *s, int cat, const char *form)
{
    cand *c = LF_VEC_PUSH(s->c, s->nc, s->cc);
    c->cat = cat;
    c->forms[0] = strdup(form);
    return c;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
note(dstate *s, const char *path, size_t line, const char *fmt, ...)
{
    lf_dockerignore_note *n = LF_VEC_PUSH(s->out->notes, s->out->nnotes, s->out->notes_cap);
    n->path = path ? strdup(path) : NULL;
    n->line = line;
    lf_buf b = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    lf_buf_adds(&b, "");
    n->msg = lf_buf_detach(&b, NULL);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
dropped(dstate *s, const char *fmt, ...)
{
    lf_buf b = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    lf_buf_adds(&b, "");
    lf_strv_push(&s->out->dropped, b.data, b.len);
    lf_buf_free(&b);
}

/* Where namerule r matches file path: the path up to the matching segment
 * (a file, or a directory the file is in), or false. */
static bool name_match(const namerule *r, const char *path, lf_buf *root)
{
    const char *s = path;
    for (int depth = 0; s; depth++) {
        size_t n = strcspn(s, "/");
        bool last = s[n] == 0;
        if (r->root_only && depth > 0)
            return false;
        bool try = r->kind == LF_NK_ANY || (r->kind == LF_NK_DIR && !last) ||
                   (r->kind == LF_NK_FILE && last);
        if (try) {
            char segbuf[256];
            if (n < sizeof segbuf) {
                memcpy(segbuf, s, n);
                segbuf[n] = 0;
                if (lf_glob_match(r->glob, segbuf) == 1) {
                    lf_buf_clear(root);
                    lf_buf_add(root, path, (size_t)(s - path) + n);
                    lf_buf_adds(root, "");
                    return true;
                }
            }
        }
        if (last)
            break;
        s += n + 1;
    }
    return false;
}

static bool is_template_env(const char *name)
{
    if (strncmp(name, ".env.", 5) != 0)
        return false;
    for (size_t i = 0; lf_ignore_env_templates[i]; i++) {
        size_t tl = strlen(lf_ignore_env_templates[i]), nl = strlen(name);
        if (nl >= tl && strcmp(name + nl - tl, lf_ignore_env_templates[i]) == 0)
            return true;
    }
    return false;
}

static bool is_secret(const dstate *s, const ufile *f)
{
    if (f->flags & F_VCS || under_dep_dir(f->path))
        return false;
    const char *name = base_name(f->path);
    lf_buf root = LF_BUF_INIT;
    bool hit = false;
    for (size_t i = 0; lf_ignore_secret_rules[i].glob && !hit; i++) {
        const namerule *r = &lf_ignore_secret_rules[i];
        if (!name_match(r, f->path, &root))
            continue;
        if (strcmp(r->glob, ".npmrc") == 0)
            hit = file_contains(s->ctx, f->path, lf_ignore_npmrc_creds);
        else if (strcmp(r->glob, ".pypirc") == 0)
            hit = file_contains(s->ctx, f->path, lf_ignore_pypirc_creds);
        else if (strcmp(r->glob, "*.pem") == 0)
            hit = file_contains(s->ctx, f->path, lf_ignore_pem_private);
        else
            hit = !is_template_env(name);
    }
    lf_buf_free(&root);
    return hit;
}

/* The rule for a namerule whose matches are the roots in `roots`: the glob at
 * the root when every match is there, else with a leading `**`. */
static char *glob_form(const namerule *r, const lf_strv *roots)
{
    bool all_top = true;
    for (size_t i = 0; i < roots->n; i++)
        all_top = all_top && !strchr(roots->items[i].s, '/');
    lf_buf b = LF_BUF_INIT;
    lf_buf_printf(&b, "%s%s", all_top ? "" : "**/", r->glob);
    return lf_buf_detach(&b, NULL);
}

static void strv_add_unique(lf_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, s) == 0)
            return;
    lf_strv_push(v, s, strlen(s));
}

/* Candidates for a table of name rules, over files not excluded yet. */
static void name_cands(dstate *s, const namerule *table, int cat)
{
    lf_buf root = LF_BUF_INIT;
    for (size_t t = 0; table[t].glob; t++) {
        lf_strv roots = LF_STRV_INIT;
        for (size_t i = 0; i < s->u.n; i++)
            if (!s->ex_old[i] && (cat == CAT_VCS || !under_dep_dir(s->u.f[i].path)) &&
                !(s->u.f[i].flags & F_VCS && strcmp(table[t].glob, ".git") != 0) &&
                name_match(&table[t], s->u.f[i].path, &root))
                strv_add_unique(&roots, root.data);
        if (roots.n) {
            char *g = glob_form(&table[t], &roots);
            add_cand(s, cat, g);
            free(g);
        }
        lf_strv_free(&roots);
    }
    lf_buf_free(&root);
}

/* Does a build from a clean checkout have the file? Tracked files, and
 * those of a nested repository or submodule; without git, every file but
 * a `.git`. */
static bool tracked(const dstate *s, const ufile *f)
{
    if (f->flags & F_VCS)
        return false;
    if (!s->have_git || (f->flags & F_NESTED))
        return true;
    return (f->flags & F_VISIBLE) && !(f->flags & F_UNTRACKED);
}

/* The use of a path at or above path by a RUN, CMD or ENTRYPOINT that no
 * RUN before it produces, or NULL. */
static const lf_di_use *used_by(const dstate *s, const char *path)
{
    for (size_t k = 0; k < s->uses.n; k++) {
        const lf_di_use *u = &s->uses.items[k];
        size_t n = strlen(u->path);
        if (!u->built && strncmp(path, u->path, n) == 0 && (path[n] == 0 || path[n] == '/'))
            return u;
    }
    return NULL;
}

/* --- simulation --------------------------------------------------------------- */

static const char *nl_of(const char *text, size_t len)
{
    size_t crlf = 0, lf = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') {
            if (i > 0 && text[i - 1] == '\r')
                crlf++;
            else
                lf++;
        }
    return crlf > lf ? "\r\n" : "\n";
}

/* Compiles old text + rules; NULL when that fails (a rule we made is bad). */
static lf_ignore *compile_with(const dstate *s, const lf_strv *rules)
{
    lf_buf t = LF_BUF_INIT;
    lf_buf_add(&t, s->old_text, s->old_len);
    if (s->old_len && s->old_text[s->old_len - 1] != '\n')
        lf_buf_addc(&t, '\n');
    for (size_t i = 0; i < rules->n; i++) {
        lf_buf_add(&t, rules->items[i].s, rules->items[i].len);
        lf_buf_addc(&t, '\n');
    }
    lf_ignore *ig = NULL;
    lf_buf err = LF_BUF_INIT;
    if (lf_ignore_compile(&ig, t.data ? t.data : "", t.len, &err) != 0 ||
        lf_ignore_count(ig) != s->nold + rules->n) {
        lf_ignore_free(ig);
        ig = NULL;
    }
    lf_buf_free(&err);
    lf_buf_free(&t);
    return ig;
}

/* The block rule that decided file i in the last simulation, or fallback. */
static int rule_of(const dstate *s, size_t i, int fallback)
{
    int d = s->dec_try[i];
    return d >= (int)s->nold ? d - (int)s->nold : fallback;
}

typedef struct trial {
    const lf_strv *rules;
    const bool *from_git; /* per rule */
    const bool *secret_only;
    int fallback; /* the rule to blame for a change no rule of ours decided */
} trial;

/* Simulates old + t->rules into ex_try/dec_try. Returns -1 when nothing is
 * wrong, else the index of the rule to drop, with the reason in why. */
static int check(dstate *s, const trial *t, lf_buf *why)
{
    lf_buf_clear(why);
    lf_ignore *ig = compile_with(s, t->rules);
    if (!ig) {
        lf_buf_adds(why, "BuildKit could not read it");
        return t->fallback;
    }
    lf_ignore_filter(ig, s->u.paths, s->u.n, s->ex_try, s->dec_try);
    lf_ignore_free(ig);
    for (size_t k = 0; k < s->nsrc; k++) {
        const source *src = &s->src[k];
        if (!src->ok_old || source_ok(src, s->ex_try))
            continue;
        int r = t->fallback;
        FOR_COVER(src, i, {
            if (s->ex_try[i] && !s->ex_old[i]) {
                r = rule_of(s, i, t->fallback);
                break;
            }
        });
        lf_buf_printf(why, "`%s` (%s:%zu) would then find no file for `%s`", src->what,
                      src->doc->src->path, src->line, *src->pat ? src->pat : ".");
        return r;
    }
    for (size_t i = 0; i < s->u.n; i++) {
        const ufile *f = &s->u.f[i];
        if (s->ex_try[i] == s->ex_old[i])
            continue;
        int r = rule_of(s, i, t->fallback);
        if (!s->ex_try[i]) {
            lf_buf_printf(why, "it would re-include `%s`, which the existing file excludes",
                          f->path);
            return r;
        }
        if (t->from_git[r] && (f->flags & (F_VISIBLE | F_NESTED))) {
            lf_buf_printf(why, "it would also exclude `%s`, which git does not ignore", f->path);
            return r;
        }
        if (tracked(s, f)) {
            if (s->have_git)
                lf_buf_printf(why,
                              "it would exclude `%s`, which git tracks: a build from a clean "
                              "checkout ships it",
                              f->path);
            else
                lf_buf_printf(why,
                              "it would exclude `%s`, and without git nothing tells whether a "
                              "checkout of the project has it",
                              f->path);
            return r;
        }
        if (t->secret_only[r] && !(f->flags & F_SECRET)) {
            lf_buf_printf(why, "it would also exclude `%s`", f->path);
            return r;
        }
        const lf_di_use *use = used_by(s, f->path);
        if (use) {
            lf_buf_printf(why,
                          "line %zu of %s uses `%s` and no RUN before it produces it (it is made "
                          "before the image is built)",
                          use->line, use->doc->src->path, use->word);
            return r;
        }
        for (size_t e = 0; e < s->nold; e++) {
            lf_ignore_pattern_info pi;
            lf_ignore_pattern(s->old, e, &pi);
            if (pi.exception && lf_ignore_pattern_matches(s->old, e, f->path)) {
                lf_buf_printf(why,
                              "it would exclude `%s`, which the existing file keeps with `!%s` "
                              "(line %zu)",
                              f->path, pi.text, pi.line);
                return r;
            }
        }
    }
    return -1;
}

/* --- the selection ------------------------------------------------------------- */

/* A list of rules (lines) with what each may do. */
typedef struct rules {
    lf_strv text;
    bool *from_git, *secret_only;
    int *cat;
    size_t cap;
} rules;

static void rules_push(rules *r, const char *text, bool from_git, bool secret_only, int cat)
{
    if (r->text.n + 1 > r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->from_git = realloc(r->from_git, r->cap * sizeof(bool));
        r->secret_only = realloc(r->secret_only, r->cap * sizeof(bool));
        r->cat = realloc(r->cat, r->cap * sizeof(int));
        if (!r->from_git || !r->secret_only || !r->cat)
            abort();
    }
    r->from_git[r->text.n] = from_git;
    r->secret_only[r->text.n] = secret_only;
    r->cat[r->text.n] = cat;
    lf_strv_push(&r->text, text, strlen(text));
}

static void rules_remove(rules *r, size_t i)
{
    size_t after = r->text.n - i - 1;
    free(r->text.items[i].s);
    memmove(&r->text.items[i], &r->text.items[i + 1], after * sizeof(lf_str));
    memmove(&r->from_git[i], &r->from_git[i + 1], after * sizeof(bool));
    memmove(&r->secret_only[i], &r->secret_only[i + 1], after * sizeof(bool));
    memmove(&r->cat[i], &r->cat[i + 1], after * sizeof(int));
    r->text.n--;
}

static void rules_free(rules *r)
{
    lf_strv_free(&r->text);
    free(r->from_git);
    free(r->secret_only);
    free(r->cat);
    memset(r, 0, sizeof *r);
}

static void rules_copy(rules *dst, const rules *src)
{
    for (size_t i = 0; i < src->text.n; i++)
        rules_push(dst, src->text.items[i].s, src->from_git[i], src->secret_only[i], src->cat[i]);
}

/* Is the candidate's pattern already a line of the existing file? */
static bool already_there(const dstate *s, const char *form, bool negate)
{
    lf_ignore *one = NULL;
    lf_buf err = LF_BUF_INIT;
    bool there = false;
    if (lf_ignore_compile(&one, form, strlen(form), &err) == 0 && lf_ignore_count(one) == 1) {
        lf_ignore_pattern_info a;
        lf_ignore_pattern(one, 0, &a);
        for (size_t i = 0; i < s->nold && !there; i++) {
            lf_ignore_pattern_info b;
            lf_ignore_pattern(s->old, i, &b);
            there = b.exception == negate && a.len == b.len && memcmp(a.text, b.text, a.len) == 0;
        }
    }
    lf_ignore_free(one);
    lf_buf_free(&err);
    return there;
}

/* Would the candidate (appended to the accepted rules) change anything the
 * pass cares about? Uses ex_try from a simulation of accepted + form. */
static bool useful(dstate *s, const cand *c, const lf_strv *with)
{
    lf_ignore *ig = compile_with(s, with);
    if (!ig)
        return false;
    lf_ignore_filter(ig, s->u.paths, s->u.n, s->ex_try, s->dec_try);
    bool probe_open = false;
    bool probe_sent = false;
    for (size_t k = 0; c->probe && k < s->nsrc && !probe_sent; k++)
        probe_sent = s->src[k].broad && covers(&s->src[k], c->probe);
    if (probe_sent) {
        lf_ignore *cur = NULL;
        lf_strv without = *with;
        without.n--;
        cur = compile_with(s, &without);
        probe_open =
            cur && !lf_ignore_match(cur, c->probe, false) && lf_ignore_match(ig, c->probe, false);
        lf_ignore_free(cur);
    }
    lf_ignore_free(ig);
    for (size_t i = 0; i < s->u.n; i++) {
        if (c->negate) {
            if (!s->ex_try[i] && s->ex_cur[i])
                return true;
        } else if (s->ex_try[i] && !s->ex_cur[i] && s->ship[i] >= 0) {
            /* it pays only for what the builder is sent */
            if (!c->from_git || (s->u.f[i].flags & F_IGNORED))
                return true;
        }
    }
    return probe_open;
}

static void select_rules(dstate *s, rules *block)
{
    lf_buf why = LF_BUF_INIT, reason = LF_BUF_INIT;
    for (size_t ci = 0; ci < s->nc; ci++) {
        const cand *c = &s->c[ci];
        bool accepted = false, was_useful = false;
        lf_buf_clear(&reason);
        for (int fi = 0; fi < 2 && c->forms[fi] && !accepted; fi++) {
            const char *form = c->forms[fi];
            if (fi == 0 && already_there(s, form, c->negate))
                break;
            lf_buf line = LF_BUF_INIT;
            lf_buf_printf(&line, "%s%s", c->negate ? "!" : "", form);
            bool git_excl = c->from_git && !c->negate;
            rules t = {0};
            rules_copy(&t, block);
            rules_push(&t, line.data, git_excl, c->secret_only, c->cat);
            if (!useful(s, c, &t.text)) {
                rules_free(&t);
                lf_buf_free(&line);
                break; /* a narrower form is no more useful */
            }
            was_useful = true;
            /* a rule for what is not on disk yet must not hide what a
             * source names: the build puts it there before running */
            bool refused = false;
            for (size_t k = 0; c->probe && k < s->nsrc && !refused; k++)
                if (*s->src[k].pat && covers(&s->src[k], c->probe)) {
                    lf_buf_clear(&why);
                    lf_buf_printf(&why, "`%s` (%s:%zu) copies from it", s->src[k].what,
                                  s->src[k].doc->src->path, s->src[k].line);
                    refused = true;
                }
            /* the exceptions translated from .gitignore that follow this
             * rule come with it while it is checked */
            size_t own = t.text.n - 1;
            if (!refused && git_excl)
                for (size_t k = ci + 1; k < s->nc; k++)
                    if (s->c[k].from_git && s->c[k].negate) {
                        lf_buf neg = LF_BUF_INIT;
                        lf_buf_printf(&neg, "!%s", s->c[k].forms[0]);
                        rules_push(&t, neg.data, false, false, CAT_GIT);
                        lf_buf_free(&neg);
                    }
            int bad = -1;
            while (!refused) {
                trial tr = {&t.text, t.from_git, t.secret_only, (int)own};
                bad = check(s, &tr, &why);
                if (bad <= (int)own)
                    break;
                rules_remove(&t, (size_t)bad); /* a helper exception, not the candidate */
            }
            if (!refused && bad < 0) {
                rules_push(block, line.data, git_excl, c->secret_only, c->cat);
                accepted = true;
                lf_ignore *ig = compile_with(s, &block->text);
                if (ig)
                    lf_ignore_filter(ig, s->u.paths, s->u.n, s->ex_cur, NULL);
                lf_ignore_free(ig);
            } else if (!reason.len) {
                lf_buf_adds(&reason, lf_buf_cstr(&why));
            }
            rules_free(&t);
            lf_buf_free(&line);
        }
        if (!accepted && was_useful && !c->quiet)
            dropped(s, "`%s%s`%s%s%s not added: %s", c->negate ? "!" : "", c->forms[0],
                    c->origin ? " (from " : "", c->origin ? c->origin : "", c->origin ? ")" : "",
                    lf_buf_cstr(&reason));
    }
    /* the whole block once more: a rule may have relied on an exception
     * that was dropped after it */
    while (block->text.n > 0) {
        trial tr = {&block->text, block->from_git, block->secret_only, (int)block->text.n - 1};
        int bad = check(s, &tr, &why);
        if (bad < 0)
            break;
        dropped(s, "`%s` not added: %s", block->text.items[bad].s, lf_buf_cstr(&why));
        rules_remove(block, (size_t)bad);
    }
    lf_buf_free(&why);
    lf_buf_free(&reason);
}

/* --- putting it together -------------------------------------------------------- */

/* Does the project use ecosystem e: a manifest outside the dependency
 * directories and what git ignores? */
static bool ecosystem_used(const dstate *s, const lf_ignore_ecosystem *e)
{
    for (size_t m = 0; m < 6 && e->manifests[m]; m++)
        for (size_t k = 0; k < s->u.n; k++)
            if (!(s->u.f[k].flags & (F_VCS | F_IGNORED)) && !under_dep_dir(s->u.f[k].path) &&
                lf_glob_match(e->manifests[m], base_name(s->u.f[k].path)) == 1)
                return true;
    return false;
}

/* For a .gitignore rule that names a directory an ecosystem the project
 * uses creates (`node_modules`, `[Bb]in`): a path below that directory for
 * the rule to keep out even when it is not on disk (malloc'd), else NULL. */
static char *ecosystem_probe(const dstate *s, const lf_gitignore_rule *rule)
{
    /* the pattern without its `**` segments: a plain path, or one segment */
    lf_buf p = LF_BUF_INIT;
    bool plain = true;
    for (const char *t = rule->pattern; *t;) {
        if (strncmp(t, "**/", 3) == 0) {
            t += 3;
            continue;
        }
        if (strchr("*?[\\", *t))
            plain = false;
        lf_buf_addc(&p, *t++);
    }
    lf_buf_adds(&p, "");
    char *probe = NULL;
    for (size_t e = 0; lf_ignore_ecosystems[e].dir && !probe; e++) {
        const lf_ignore_ecosystem *eco = &lf_ignore_ecosystems[e];
        bool names = rule->name ? strcmp(eco->dir, rule->name) == 0
                                : !strchr(p.data, '/') && lf_glob_match(p.data, eco->dir) == 1;
        if (!names || !ecosystem_used(s, eco))
            continue;
        lf_buf b = LF_BUF_INIT;
        if (plain)
            lf_buf_printf(&b, "%s/x", p.data);
        else
            lf_buf_printf(&b, "%s/x", eco->dir);
        probe = lf_buf_detach(&b, NULL);
    }
    lf_buf_free(&p);
    return probe;
}

static void gitignore_cands(dstate *s)
{
    /* the .gitignore files that apply: in parent directories of the context
     * (shallow first), then in the context (shallow first) */
    typedef struct gfile {
        char *gi_dir; /* relative to the work tree */
        char *origin; /* as shown: relative to the context */
        char *abs;
        int depth;
    } gfile;
    gfile *gf = NULL;
    size_t ng = 0, cg = 0;
    const char *prefix = s->scan.prefix;
    size_t pl = strlen(prefix);
    if (pl > 0) {
        /* for prefix "a/b": the .gitignore files of "" and "a" */
        size_t depth = 1;
        for (size_t i = 0; i < pl; i++)
            depth += prefix[i] == '/';
        for (size_t i = 0, d = 0; i < pl; i++) {
            if (i != 0 && prefix[i] != '/')
                continue;
            gfile *g = LF_VEC_PUSH(gf, ng, cg);
            g->gi_dir = strndup(prefix, i);
            lf_buf o = LF_BUF_INIT;
            for (size_t k = d; k < depth; k++)
                lf_buf_adds(&o, "../");
            lf_buf_adds(&o, ".gitignore");
            g->origin = lf_buf_detach(&o, NULL);
            lf_buf a = LF_BUF_INIT;
            lf_buf_printf(&a, "%s%s%s/.gitignore", s->scan.workdir, i ? "/" : "", g->gi_dir);
            g->abs = lf_buf_detach(&a, NULL);
            g->depth = -1;
            d++;
        }
    }
    size_t nparents = ng;
    for (size_t i = 0; i < s->u.n; i++) {
        const ufile *f = &s->u.f[i];
        if (strcmp(base_name(f->path), ".gitignore") != 0 || !(f->flags & F_VISIBLE))
            continue;
        gfile *g = LF_VEC_PUSH(gf, ng, cg);
        size_t dl = strlen(f->path) - strlen(".gitignore");
        lf_buf d = LF_BUF_INIT;
        lf_buf_adds(&d, prefix);
        if (dl > 1) {
            if (*prefix)
                lf_buf_addc(&d, '/');
            lf_buf_add(&d, f->path, dl - 1);
        }
        lf_buf_adds(&d, "");
        g->gi_dir = lf_buf_detach(&d, NULL);
        g->origin = strdup(f->path);
        lf_buf a = LF_BUF_INIT;
        lf_buf_printf(&a, "%s/%s", s->ctx->dir, f->path);
        g->abs = lf_buf_detach(&a, NULL);
        g->depth = 0;
        for (const char *p = f->path; *p; p++)
            g->depth += *p == '/';
    }
    /* inside the context: shallow first (deeper files override), stable */
    for (size_t i = nparents + 1; i < ng; i++)
        for (size_t j = i; j > nparents && gf[j - 1].depth > gf[j].depth; j--) {
            gfile tmp = gf[j];
            gf[j] = gf[j - 1];
            gf[j - 1] = tmp;
        }
    for (size_t i = 0; i < ng; i++) {
        lf_buf text = LF_BUF_INIT;
        if (lf_context_read_path(s->ctx, gf[i].abs, &text) == 0) {
            lf_gitignore gi = {0};
            lf_gitignore_translate(&gi, text.data ? text.data : "", text.len, gf[i].gi_dir, prefix);
            for (size_t r = 0; r < gi.n; r++) {
                const lf_gitignore_rule *rule = &gi.rules[r];
                lf_buf origin = LF_BUF_INIT;
                lf_buf_printf(&origin, "%s:%zu", gf[i].origin, rule->line);
                if (!rule->pattern) {
                    dropped(s, "%s: the rule has no .dockerignore equivalent: %s", origin.data,
                            rule->skipped);
                    lf_buf_free(&origin);
                    continue;
                }
                cand *c = add_cand(s, CAT_GIT, rule->pattern);
                c->negate = rule->negate;
                c->from_git = true;
                if (rule->dir_form)
                    c->forms[1] = strdup(rule->dir_form);
                c->origin = lf_buf_detach(&origin, NULL);
                /* an ecosystem's directory: wanted even when not on disk */
                if (!rule->negate)
                    c->probe = ecosystem_probe(s, rule);
            }
            lf_gitignore_free(&gi);
        }
        lf_buf_free(&text);
        free(gf[i].gi_dir);
        free(gf[i].origin);
        free(gf[i].abs);
    }
    free(gf);
}

/* Secrets git does not track that a source takes: a rule each (a clean
 * checkout has none, so excluding them changes no build from one). A
 * tracked secret is never excluded: secret_notes says what happened to
 * each. */
static void secret_cands(dstate *s)
{
    lf_buf root = LF_BUF_INIT;
    for (size_t t = 0; lf_ignore_secret_rules[t].glob; t++) {
        const namerule *r = &lf_ignore_secret_rules[t];
        lf_strv roots = LF_STRV_INIT;
        bool any_tracked = false;
        for (size_t i = 0; i < s->u.n; i++) {
            const ufile *f = &s->u.f[i];
            if (s->ex_old[i] || !(f->flags & F_SECRET) || !name_match(r, f->path, &root))
                continue;
            if (tracked(s, f))
                any_tracked = true;
            else if (s->ship[i] >= 0)
                strv_add_unique(&roots, root.data);
        }
        if (roots.n) {
            /* the glob when it takes only these secrets, else each one */
            if (!r->by_path && !any_tracked) {
                char *g = glob_form(r, &roots);
                /* refused when it would take a template too: then the
                 * rules below, path by path */
                cand *c = add_cand(s, CAT_SECRET, g);
                c->secret_only = true;
                c->quiet = true;
                free(g);
            }
            for (size_t k = 0; k < roots.n; k++) {
                char *e = lf_dockerignore_escape_path(roots.items[k].s);
                cand *c = add_cand(s, CAT_SECRET, e);
                c->secret_only = true;
                free(e);
            }
        }
        lf_strv_free(&roots);
    }
    lf_buf_free(&root);
}

/* "`a`, `b` and `c`" */
static void list_paths(const lf_strv *v, lf_buf *out)
{
    for (size_t i = 0; i < v->n; i++)
        lf_buf_printf(out, "%s`%s`", i == 0 ? "" : i + 1 == v->n ? " and " : ", ", v->items[i].s);
}

/* The notes on the secrets a broad source takes: those excluded now (git
 * does not track them), those that stay because git tracks them, and
 * those that stay for another reason (a source names them). */
static void secret_notes(dstate *s)
{
    lf_buf root = LF_BUF_INIT, list = LF_BUF_INIT;
    for (size_t k = 0; k < s->nsrc; k++) {
        lf_strv v[3] = {LF_STRV_INIT, LF_STRV_INIT, LF_STRV_INIT};
        bool all_ignored = true;
        for (size_t i = 0; i < s->u.n; i++) {
            const ufile *f = &s->u.f[i];
            if (!(f->flags & F_SECRET) || s->bship[i] != (long)k || s->named[i])
                continue; /* not sent, or named by a source on purpose */
            lf_buf_clear(&root);
            for (size_t t = 0; lf_ignore_secret_rules[t].glob; t++)
                if (name_match(&lf_ignore_secret_rules[t], f->path, &root))
                    break;
            int which = s->ex_cur[i] ? 0 : tracked(s, f) ? 1 : 2;
            if (which != 1)
                all_ignored = all_ignored && (f->flags & F_IGNORED);
            strv_add_unique(&v[which], root.len ? root.data : f->path);
        }
        const source *src = &s->src[k];
        const char *verb = src->copies ? "would ship" : "would mount";
        const char *git_says = all_ignored ? "git ignores" : "git does not track";
        for (int w = 0; w < 3; w++) {
            if (!v[w].n)
                continue;
            lf_buf_clear(&list);
            list_paths(&v[w], &list);
            lf_buf_adds(&list, "");
            if (w == 0)
                note(s, src->doc->src->path, src->line,
                     "%s %s %s, which %s: excluded from the build context (a clean checkout has "
                     "no such file, so a build from one never shipped it)",
                     src->what, verb, list.data, git_says);
            else if (w == 1)
                note(s, src->doc->src->path, src->line,
                     "%s %s %s, which %s: not excluded, since that would change what a build "
                     "from a clean checkout ships; if it holds a secret, take it out of the "
                     "repository",
                     src->what, verb, list.data,
                     s->have_git ? "git tracks" : "may be part of the project");
            else
                note(s, src->doc->src->path, src->line, "%s %s %s, which %s", src->what, verb,
                     list.data, git_says);
            lf_strv_free(&v[w]);
        }
    }
    lf_buf_free(&root);
    lf_buf_free(&list);
}

static int kind_of(const void *arg, const char *path)
{
    const universe *u = arg;
    if (ufind(u, path) >= 0)
        return 1;
    lf_buf b = LF_BUF_INIT;
    lf_buf_printf(&b, "%s/", path);
    size_t lo = ulower(u, b.data);
    int k = lo < u->n && strncmp(u->f[lo].path, b.data, b.len) == 0 ? 2 : 0;
    lf_buf_free(&b);
    return k;
}

/* Does the image use the `.git` a source takes? A note says why it stays:
 * a COPY names it, or the build reads git metadata. */
static bool git_needed(dstate *s, const lf_doc *const *docs, const lf_analysis *const *ans,
                       size_t ndocs)
{
    long gi = ufind(&s->u, ".git");
    size_t lo = ulower(&s->u, ".git/");
    long first = gi >= 0                                                    ? gi
                 : lo < s->u.n && strncmp(s->u.f[lo].path, ".git/", 5) == 0 ? (long)lo
                                                                            : -1;
    if (first < 0 || s->ship[first] < 0)
        return false; /* no `.git`, or nothing takes it */
    for (size_t k = 0; k < s->nsrc; k++) {
        const source *src = &s->src[k];
        if (strcmp(src->pat, ".git") == 0 || strncmp(src->pat, ".git/", 5) == 0) {
            note(s, src->doc->src->path, src->line,
                 "`.git` stays in the build context: `%s` copies it", src->what);
            return true;
        }
    }
    lf_di_env env = {s->ctx, kind_of, &s->u};
    lf_buf why = LF_BUF_INIT;
    bool needed = false;
    for (size_t d = 0; d < ndocs && !needed; d++) {
        size_t line = 0;
        if (!lf_di_git_reader(&env, docs[d], ans[d], &line, &why))
            continue;
        needed = true;
        const source *src = &s->src[s->ship[first]];
        note(s, docs[d]->src->path, line,
             "`.git` stays in the build context: this instruction reads git metadata (%s) from "
             "the copy that `%s` makes",
             why.data, src->what);
    }
    lf_buf_free(&why);
    return needed;
}

static void assemble(dstate *s, const rules *block)
{
    lf_dockerignore_result *out = s->out;
    lf_buf t = LF_BUF_INIT;
    lf_buf_add(&t, s->old_text, s->old_len);
    const char *nl = nl_of(s->old_text, s->old_len);
    if (block->text.n > 0) {
        /* an existing block: the new rules go just before its end line */
        const char *text = s->old_text;
        size_t len = s->old_len, begin = len, end = len;
        for (size_t pos = 0; pos < len;) {
            const char *e = memchr(text + pos, '\n', len - pos);
            size_t le = e ? (size_t)(e - text) : len;
            if (begin == len && le - pos >= strlen(LF_DOCKERIGNORE_BEGIN) &&
                memcmp(text + pos, LF_DOCKERIGNORE_BEGIN, strlen(LF_DOCKERIGNORE_BEGIN)) == 0)
                begin = pos;
            else if (begin < len && le - pos >= strlen(LF_DOCKERIGNORE_END) &&
                     memcmp(text + pos, LF_DOCKERIGNORE_END, strlen(LF_DOCKERIGNORE_END)) == 0) {
                end = pos;
                break;
            }
            pos = e ? le + 1 : len;
        }
        if (end < len) {
            lf_buf ins = LF_BUF_INIT;
            for (size_t i = 0; i < block->text.n; i++)
                lf_buf_printf(&ins, "%s%s", block->text.items[i].s, nl);
            lf_buf_clear(&t);
            lf_buf_add(&t, text, end);
            lf_buf_add(&t, ins.data, ins.len);
            lf_buf_add(&t, text + end, len - end);
            lf_buf_free(&ins);
        } else {
            if (s->old_len && s->old_text[s->old_len - 1] != '\n')
                lf_buf_adds(&t, nl);
            lf_buf_printf(&t, "%s (added by layerfix: what the image build does not need)%s",
                          LF_DOCKERIGNORE_BEGIN, nl);
            int cat = -1;
            for (size_t i = 0; i < block->text.n; i++) {
                if (block->cat[i] != cat) {
                    cat = block->cat[i];
                    lf_buf_printf(&t, "%s%s", cat_comment[cat], nl);
                }
                lf_buf_printf(&t, "%s%s", block->text.items[i].s, nl);
            }
            lf_buf_printf(&t, "%s%s", LF_DOCKERIGNORE_END, nl);
        }
        for (size_t i = 0; i < block->text.n; i++)
            lf_strv_push(&out->added, block->text.items[i].s, block->text.items[i].len);
        out->changed = true;
    }
    lf_buf_adds(&t, "");
    out->text = lf_buf_detach(&t, &out->len);
}

/* What the builder is sent: the files a source takes, less those ex
 * excludes. */
static void sizes(const dstate *s, const bool *ex, lf_dockerignore_size *out)
{
    out->files = 0;
    out->bytes = 0;
    for (size_t i = 0; i < s->u.n; i++)
        if (s->ship[i] >= 0 && !ex[i]) {
            out->files++;
            out->bytes += s->u.f[i].size;
        }
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(((const lf_str *)a)->s, ((const lf_str *)b)->s);
}

/* The paths the block excludes below a broad source, each the shortest
 * prefix the deciding rule matches (`node_modules`, not every file in it):
 * their changes no longer invalidate that source's COPY. */
static void quiet_paths(dstate *s, const lf_ignore *fin)
{
    lf_buf pre = LF_BUF_INIT;
    for (size_t i = 0; i < s->u.n; i++) {
        int d = s->dec_try[i];
        if (s->bship[i] < 0 || s->ex_old[i] || !s->ex_cur[i] || d < 0)
            continue;
        const char *p = s->u.f[i].path;
        for (const char *e = p;; e++) {
            if (*e != '/' && *e)
                continue;
            lf_buf_clear(&pre);
            lf_buf_add(&pre, p, (size_t)(e - p));
            lf_buf_adds(&pre, "");
            if (!*e || lf_ignore_pattern_matches(fin, (size_t)d, pre.data))
                break;
        }
        strv_add_unique(&s->out->quiet, pre.data);
    }
    /* a dependency directory not on disk now, that a rule keeps out */
    for (size_t k = 0; k < s->nc; k++) {
        const cand *c = &s->c[k];
        bool sent = false;
        for (size_t j = 0; c->probe && j < s->nsrc && !sent; j++)
            sent = s->src[j].broad && covers(&s->src[j], c->probe);
        if (!sent || !lf_ignore_match(fin, c->probe, false))
            continue;
        size_t n = strlen(c->probe) - 2; /* without the "/x" */
        lf_buf_clear(&pre);
        lf_buf_add(&pre, c->probe, n);
        lf_buf_adds(&pre, "");
        if (ufind(&s->u, pre.data) < 0 && !lf_ignore_match(s->old, c->probe, false))
            strv_add_unique(&s->out->quiet, pre.data);
    }
    lf_buf_free(&pre);
    if (s->out->quiet.n > 1)
        qsort(s->out->quiet.items, s->out->quiet.n, sizeof *s->out->quiet.items, str_cmp);
}

/* The files of the context into s->u, with the git facts; -1 when the
 * context cannot be read. */
static int load_universe(dstate *s)
{
    if (lf_context_scan_all(s->ctx, &s->scan) != 0)
        return -1;
    s->have_git = s->scan.git;
    s->u.n = s->u.cap = s->scan.n;
    size_t n = s->u.n ? s->u.n : 1;
    s->u.f = calloc(n, sizeof *s->u.f);
    s->u.paths = malloc(n * sizeof *s->u.paths);
    for (size_t i = 0; i < s->u.n; i++) {
        ufile *f = &s->u.f[i];
        f->path = strdup(s->scan.items[i].path);
        f->size = s->scan.items[i].size;
        f->flags = s->scan.items[i].flags;
        s->u.paths[i] = f->path;
        if (is_secret(s, f))
            f->flags |= F_SECRET;
    }
    s->ex_old = calloc(n, sizeof(bool));
    s->ex_cur = calloc(n, sizeof(bool));
    s->ex_try = calloc(n, sizeof(bool));
    s->dec_try = calloc(n, sizeof(int));
    s->ship = malloc(n * sizeof(long));
    s->bship = malloc(n * sizeof(long));
    s->named = calloc(n, sizeof(bool));
    lf_ignore_filter(s->old, s->u.paths, s->u.n, s->ex_old, NULL);
    memcpy(s->ex_cur, s->ex_old, s->u.n * sizeof(bool));
    return 0;
}

/* The sources of the Dockerfiles, which files each sends, and what the
 * images use from the context. */
static void load_sources(dstate *s, const lf_doc *const *docs, const lf_analysis *const *ans,
                         size_t ndocs)
{
    lf_di_env env = {s->ctx, kind_of, &s->u};
    for (size_t d = 0; d < ndocs; d++) {
        doc_sources(docs[d], ans[d], &s->src, &s->nsrc, &s->csrc);
        lf_di_uses_collect(&env, docs[d], ans[d], &s->uses);
    }
    for (size_t i = 0; i < s->u.n; i++)
        s->ship[i] = s->bship[i] = -1;
    for (size_t k = 0; k < s->nsrc; k++) {
        source *src = &s->src[k];
        source_index(src, &s->u);
        src->ok_old = source_ok(src, s->ex_old);
        /* a bind mount of the context also hands the file to the build */
        FOR_COVER(src, i, {
            if (!s->ex_old[i] && s->ship[i] < 0)
                s->ship[i] = (long)k;
            if (!s->ex_old[i] && src->broad && s->bship[i] < 0)
                s->bship[i] = (long)k;
            if (!src->broad)
                s->named[i] = true;
        });
    }
}

/* The candidate rules, in block order. */
static void candidates(dstate *s, const lf_doc *const *docs, const lf_analysis *const *ans,
                       size_t ndocs)
{
    bool keep_git = git_needed(s, docs, ans, ndocs);
    size_t first_vcs = s->nc;
    name_cands(s, lf_ignore_vcs_rules, CAT_VCS);
    for (size_t i = first_vcs; keep_git && i < s->nc; i++)
        if (strcmp(s->c[i].forms[0], ".git") == 0 || strcmp(s->c[i].forms[0], "**/.git") == 0) {
            cand_free(&s->c[i]);
            memmove(&s->c[i], &s->c[i + 1], (s->nc - i - 1) * sizeof *s->c);
            s->nc--;
            break;
        }
    if (s->have_git)
        gitignore_cands(s);
    secret_cands(s);
}

int lf_dockerignore_propose(lf_dockerignore_result *out, const lf_context *ctx,
                            const lf_doc *const *docs, const lf_analysis *const *ans, size_t ndocs,
                            const char *existing_text, size_t existing_len)
{
    dstate s = {.ctx = ctx, .out = out};
    s.old_text = existing_text ? existing_text : "";
    s.old_len = existing_text ? existing_len : 0;
    rules block = {0};
    int rc = 0;
    lf_buf err = LF_BUF_INIT;
    lf_analysis **own = calloc(ndocs ? ndocs : 1, sizeof *own);
    const lf_analysis **an = calloc(ndocs ? ndocs : 1, sizeof *an);
    if (lf_ignore_compile(&s.old, s.old_text, s.old_len, &err) != 0) {
        note(&s, NULL, 0, "BuildKit cannot use this ignore file (%s): nothing proposed", err.data);
        goto unchanged;
    }
    s.nold = lf_ignore_count(s.old);
    for (size_t d = 0; d < ndocs; d++)
        if (docs[d]->nerrors > 0) {
            note(&s, docs[d]->src->path, 0,
                 "the Dockerfile has errors, so what it copies is not known: nothing proposed");
            goto unchanged;
        }
    /* the files: what the builder is sent */
    if (load_universe(&s) != 0) {
        note(&s, NULL, 0, "the build context cannot be read: nothing proposed");
        rc = -1;
        goto unchanged;
    }
    for (size_t d = 0; d < ndocs; d++)
        an[d] = ans ? ans[d] : (own[d] = lf_analyze(docs[d]));
    load_sources(&s, docs, an, ndocs);
    candidates(&s, docs, an, ndocs);
    select_rules(&s, &block);
    assemble(&s, &block);
    {
        lf_ignore *fin = compile_with(&s, &block.text);
        if (fin) {
            lf_ignore_filter(fin, s.u.paths, s.u.n, s.ex_cur, s.dec_try);
            if (block.text.n > 0)
                quiet_paths(&s, fin);
        }
        lf_ignore_free(fin);
        sizes(&s, s.ex_old, &out->before);
        sizes(&s, s.ex_cur, &out->after);
    }
    secret_notes(&s);
    goto done;
unchanged:
    out->text = malloc(s.old_len + 1);
    memcpy(out->text, s.old_text, s.old_len);
    out->text[s.old_len] = 0;
    out->len = s.old_len;
done:
    for (size_t d = 0; d < ndocs; d++)
        lf_analysis_free(own[d]);
    free(own);
    free(an);
    lf_buf_free(&err);
    rules_free(&block);
    lf_ignore_free(s.old);
    for (size_t k = 0; k < s.nsrc; k++) {
        free(s.src[k].what);
        free(s.src[k].pat);
        free(s.src[k].cover);
    }
    free(s.src);
    for (size_t i = 0; i < s.nc; i++)
        cand_free(&s.c[i]);
    free(s.c);
    free(s.ex_old);
    free(s.ex_cur);
    free(s.ex_try);
    free(s.dec_try);
    free(s.ship);
    free(s.bship);
    free(s.named);
    lf_di_uses_free(&s.uses);
    universe_free(&s.u);
    lf_context_scan_free(&s.scan);
    return rc;
}

void lf_dockerignore_result_free(lf_dockerignore_result *r)
{
    free(r->text);
    lf_strv_free(&r->added);
    lf_strv_free(&r->dropped);
    lf_strv_free(&r->quiet);
    for (size_t i = 0; i < r->nnotes; i++) {
        free(r->notes[i].path);
        free(r->notes[i].msg);
    }
    free(r->notes);
    memset(r, 0, sizeof *r);
}

void lf_dockerignore_format_notes(const lf_dockerignore_result *r, const char *ignore_path,
                                  lf_buf *out)
{
    for (size_t i = 0; i < r->nnotes; i++) {
        const lf_dockerignore_note *n = &r->notes[i];
        if (n->path && n->line)
            lf_buf_printf(out, "%s:%zu: note: [dockerignore] %s\n", n->path, n->line, n->msg);
        else
            lf_buf_printf(out, "%s: note: [dockerignore] %s\n", n->path ? n->path : ignore_path,
                          n->msg);
    }
}

void lf_dockerignore_format_report(const lf_dockerignore_result *r, const char *dir, lf_buf *out)
{
    char a[32], b[32];
    lf_format_bytes(r->before.bytes, a, sizeof a);
    lf_format_bytes(r->after.bytes, b, sizeof b);
    lf_buf_printf(out, "build context %s: %zu files, %s -> %zu files, %s\n", dir, r->before.files,
                  a, r->after.files, b);
}
