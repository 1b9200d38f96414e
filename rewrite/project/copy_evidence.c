/*
 * Build-context evidence from a Dockerfile's own COPY/ADD sources
 * (contexts.h, lf_copy_evidence). The sources are read from the model:
 * COPY and ADD without --from (not ONBUILD, not heredocs, not ADD of a URL),
 * every argument but the destination, quotes removed; a source with a
 * variable is not looked at, nor the whole context (`.`). Candidate
 * directories are the Dockerfile's directory and its ancestors up to the
 * root of the git work tree (outside git: the current directory, when the
 * Dockerfile lies below it). A source counts when some candidate has it
 * (sources that none has are build outputs made before the build, or
 * mistakes: they decide nothing); the context is the nearest ancestor that
 * has every source that counts, when the Dockerfile's directory does not
 * and some source named without a wildcard is found (a wildcard alone
 * matches somewhere by chance).
 */
#include "contexts.h"

#include "ignore.h"
#include "json.h"
#include "model.h"
#include "parse.h"
#include "shell.h"
#include "source.h"
#include "worktree.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct src {
    char *path;  /* cleaned, relative */
    size_t line; /* of its instruction */
    bool glob;
} src;

typedef struct srcs {
    src *v;
    size_t n, cap;
} srcs;

static bool span_is(const lf_doc *doc, lf_span s, const char *text)
{
    size_t n = strlen(text);
    return s.end - s.start == n && memcmp(doc->src->data + s.start, text, n) == 0;
}

static void add_src(srcs *S, const char *raw, size_t line)
{
    if (strchr(raw, '$') || strstr(raw, "://") || strncmp(raw, "git@", 4) == 0)
        return;
    lf_buf abs = LF_BUF_INIT, clean = LF_BUF_INIT;
    lf_buf_printf(&abs, "/%s", raw);
    lf_path_clean(abs.data, abs.len, &clean);
    if (strcmp(clean.data, "/") != 0) {
        if (S->n == S->cap) {
            S->cap = S->cap ? S->cap * 2 : 8;
            S->v = realloc(S->v, S->cap * sizeof *S->v);
            if (!S->v)
                abort();
        }
        src *s = &S->v[S->n++];
        s->path = strdup(clean.data + 1);
        s->line = line;
        s->glob = strpbrk(s->path, "*?[\\") != NULL;
    }
    lf_buf_free(&abs);
    lf_buf_free(&clean);
}

static void instr_sources(const lf_doc *doc, const lf_instr *in, srcs *S)
{
    for (size_t f = 0; f < in->nflags; f++)
        if (span_is(doc, doc->flags[in->first_flag + f].name, "from"))
            return; /* another stage or image, not the context */
    if (in->nheredocs > 0)
        return;
    lf_strv paths = LF_STRV_INIT;
    if (in->exec_form) {
        lf_json_string_array(doc->src->data + in->args.start, in->args.end - in->args.start,
                             &paths);
    } else {
        lf_buf w = LF_BUF_INIT;
        TSNode c;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &c)) {
            if (lf_node_is(c, "path")) {
                size_t s = ts_node_start_byte(c), e = ts_node_end_byte(c);
                lf_shell_unquote(doc->src->data + s, e - s, &w);
                lf_strv_push(&paths, w.data, w.len);
            }
        }
        lf_children_done(&it);
        lf_buf_free(&w);
    }
    for (size_t p = 0; p + 1 < paths.n; p++)
        add_src(S, paths.items[p].s, in->first_line);
    lf_strv_free(&paths);
}

/* Whether every COPY/ADD of the file is one plain line (`COPY [--flag...]
 * SRC... DEST`: no quotes, variables, wildcards, JSON, continuations or
 * heredocs, and no parser directive) whose sources all exist in dir. Then
 * the model's sources, which are among those words, exist there too, and
 * the file need not be parsed: 1. Else 0 (the model decides). */
static int plainly_satisfied(const char *text, size_t len, const char *dir)
{
    int ok = 1;
    lf_buf p = LF_BUF_INIT;
    size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t i = start; i < len && ok;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t a = i;
        while (a < e && (text[a] == ' ' || text[a] == '\t'))
            a++;
        if (a + 1 < e && text[a] == '#' && i == start)
            ok = 0; /* maybe a directive (escape=) */
        size_t kw = e - a >= 4 && strncasecmp(text + a, "COPY", 4) == 0  ? 4
                    : e - a >= 3 && strncasecmp(text + a, "ADD", 3) == 0 ? 3
                                                                         : 0;
        bool copy = kw && (a + kw == e || text[a + kw] == ' ' || text[a + kw] == '\t' ||
                           text[a + kw] == '\r');
        if (copy) {
            char *line = strndup(text + a, e - a);
            size_t n = strlen(line);
            while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
                line[--n] = 0;
            bool cont = n && line[n - 1] == '\\';
            char *words[64];
            size_t nw = 0;
            for (char *w = strtok(line, " \t"); w && nw < 64; w = strtok(NULL, " \t"))
                words[nw++] = w;
            bool from = false;
            for (size_t k = 1; k < nw && words[k][0] == '-'; k++)
                from = from || strncmp(words[k], "--from=", 7) == 0;
            for (size_t k = 1; !from && k < nw; k++)
                if (strpbrk(words[k], "\"'$*?[\\<") || cont)
                    ok = 0;
            for (size_t k = 1; ok && !from && k + 1 < nw; k++) {
                if (words[k][0] == '-')
                    continue;
                lf_buf_clear(&p);
                lf_buf_printf(&p, "%s/%s", dir, words[k]);
                struct stat st;
                ok = strstr(words[k], "://") == NULL && stat(p.data, &st) == 0;
            }
            if (nw >= 64)
                ok = 0;
            free(line);
        }
        i = e + 1;
    }
    lf_buf_free(&p);
    return ok;
}

/* The sources of the file's COPY/ADD instructions; -1 when it cannot be
 * read or parsed cleanly; 0 with none when they plainly exist in its own
 * directory. */
static int read_sources(const char *dockerfile, srcs *S)
{
    lf_source *source;
    lf_buf err = LF_BUF_INIT, dir = LF_BUF_INIT;
    int rc = lf_source_read_file(&source, dockerfile, &err);
    lf_buf_free(&err);
    if (rc != 0)
        return -1;
    lf_path_dir(dockerfile, &dir);
    int plain = plainly_satisfied(source->data, source->len, dir.data);
    lf_buf_free(&dir);
    if (plain) {
        lf_source_free(source);
        return 0;
    }
    lf_parser *p = lf_parser_new();
    if (p)
        lf_parser_skip_shell(p, true);
    lf_doc *doc = NULL;
    if (!p || lf_doc_parse(&doc, p, source) != 0 || doc->nerrors > 0) {
        if (doc)
            lf_doc_free(doc);
        if (p)
            lf_parser_free(p);
        return -1;
    }
    for (size_t i = 0; i < doc->ninstrs; i++)
        if (doc->instrs[i].kw == LF_KW_COPY || doc->instrs[i].kw == LF_KW_ADD)
            instr_sources(doc, &doc->instrs[i], S);
    lf_doc_free(doc);
    lf_parser_free(p);
    return 0;
}

/* Does some path under dir match the glob segments of pat? */
static bool glob_exists(const char *dir, const char *pat, int depth)
{
    const char *slash = strchr(pat, '/');
    size_t seg = slash ? (size_t)(slash - pat) : strlen(pat);
    char *one = strndup(pat, seg);
    bool found = false;
    DIR *d = depth < 32 ? opendir(dir) : NULL;
    struct dirent *ent;
    while (d && !found && (ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        if (lf_glob_match(one, ent->d_name) != 1)
            continue;
        if (!slash) {
            found = true;
        } else {
            lf_buf sub = LF_BUF_INIT;
            lf_buf_printf(&sub, "%s/%s", dir, ent->d_name);
            found = glob_exists(sub.data, slash + 1, depth + 1);
            lf_buf_free(&sub);
        }
    }
    if (d)
        closedir(d);
    free(one);
    return found;
}

static bool has_source(const char *dir, const src *s)
{
    if (s->glob)
        return glob_exists(dir, s->path, 0);
    lf_buf p = LF_BUF_INIT;
    lf_buf_printf(&p, "%s/%s", dir, s->path);
    struct stat st;
    bool ok = stat(p.data, &st) == 0;
    lf_buf_free(&p);
    return ok;
}

/* The top directory the search may reach (a key, see lf_path_key): the git
 * work tree root of dir, else the current directory; empty when dir is not
 * below it. */
static void top_of(const char *dir, lf_buf *top)
{
    if (!lf_git_work_tree(dir, top))
        lf_path_key(".", top);
}

static bool under_or_at(const char *key, const char *top)
{
    size_t n = strlen(top);
    if (strcmp(top, "/") == 0)
        return key[0] == '/';
    return strncmp(key, top, n) == 0 && (key[n] == 0 || key[n] == '/');
}

/* The candidate directories, nearest first (the Dockerfile's first). */
static void candidates(const char *dockerfile, lf_strv *dirs)
{
    lf_buf d = LF_BUF_INIT, top = LF_BUF_INIT, key = LF_BUF_INIT, up = LF_BUF_INIT;
    lf_path_dir(dockerfile, &d);
    top_of(d.data, &top);
    lf_strv_push(dirs, d.data, d.len);
    lf_path_key(d.data, &key);
    while (top.len && under_or_at(key.data, top.data) && strcmp(key.data, top.data) != 0 &&
           dirs->n < 64) {
        lf_buf_clear(&up);
        lf_path_join_dir(dirs->items[dirs->n - 1].s, "..", &up);
        lf_strv_push(dirs, up.data, up.len);
        lf_buf_clear(&key);
        lf_path_key(up.data, &key);
    }
    lf_buf_free(&d);
    lf_buf_free(&top);
    lf_buf_free(&key);
    lf_buf_free(&up);
}

/* 1 when dirs[i] has every source that counts. */
static bool satisfies(const lf_strv *dirs, size_t i, const srcs *S, const bool *counts)
{
    for (size_t k = 0; k < S->n; k++)
        if (counts[k] && !has_source(dirs->items[i].s, &S->v[k]))
            return false;
    return true;
}

int lf_copy_evidence(const char *dockerfile, lf_buf *dir, lf_buf *origin)
{
    srcs S = {0};
    if (read_sources(dockerfile, &S) != 0 || S.n == 0) {
        free(S.v);
        return 0;
    }
    /* the Dockerfile's own directory first: when it has every source, no
     * ancestor needs looking at */
    lf_buf d = LF_BUF_INIT;
    lf_path_dir(dockerfile, &d);
    bool all_here = true;
    for (size_t k = 0; k < S.n && all_here; k++)
        all_here = has_source(d.data, &S.v[k]);
    lf_buf_free(&d);
    if (all_here) {
        for (size_t k = 0; k < S.n; k++)
            free(S.v[k].path);
        free(S.v);
        return 0;
    }
    lf_strv dirs = LF_STRV_INIT;
    candidates(dockerfile, &dirs);
    bool *counts = calloc(S.n, sizeof *counts);
    bool any = false;
    for (size_t k = 0; k < S.n; k++) {
        for (size_t i = 0; i < dirs.n && !counts[k]; i++)
            counts[k] = has_source(dirs.items[i].s, &S.v[k]);
        /* a wildcard matches somewhere by chance (`*.sh` in a home
         * directory): only a source named literally moves the context */
        any = any || (counts[k] && !S.v[k].glob);
    }
    int found = 0;
    if (any && dirs.n > 1 && !satisfies(&dirs, 0, &S, counts)) {
        for (size_t i = 1; i < dirs.n && !found; i++) {
            if (!satisfies(&dirs, i, &S, counts))
                continue;
            found = 1;
            lf_buf_adds(dir, dirs.items[i].s);
            for (size_t k = 0; k < S.n; k++)
                if (counts[k] && !has_source(dirs.items[0].s, &S.v[k])) {
                    lf_buf_printf(origin, "%s:%zu", dockerfile, S.v[k].line);
                    break;
                }
        }
    }
    for (size_t k = 0; k < S.n; k++)
        free(S.v[k].path);
    free(S.v);
    free(counts);
    lf_strv_free(&dirs);
    return found;
}
