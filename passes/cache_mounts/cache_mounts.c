/*
 * cache-mounts: a RUN that runs a known package manager gets a BuildKit
 * cache mount on that tool's download cache (design.md "The passes" 4).
 *
 * Why: a re-run install layer (a manifest changed) then reuses what earlier
 * builds downloaded instead of fetching everything again, and the cache no
 * longer ends up in the image.
 *
 * What a cache is, where it lives and what moves or defeats it is data in
 * the knowledge table (pkgmgr.c); the rules are here:
 *
 * - Which RUNs: shell-form RUNs (their commands, through sudo/env/nice, `cd
 *   dir &&`, `python -m`, `corepack`, and `sh -c '...'` read with bash),
 *   heredoc RUNs (their body is shell), exec-form RUNs (the JSON words).
 *   ONBUILD RUNs are never touched. A command gets the caches of its tool
 *   whose `uses` match its subcommand.
 * - The target: the first place of the cache's list that applies: an option
 *   of the command (`--cache-dir`), a variable (inline `VAR=x cmd`, `export`
 *   earlier in the RUN, ENV/ARG of the stage and its base stages, the base
 *   image's known environment: GOPATH=/go, CARGO_HOME...), the HOME of the
 *   RUN's user (ENV HOME, else /root for root, else the home of a user
 *   created in the Dockerfile or known from the image), or a fixed path. A
 *   value we cannot know (a variable not set in the Dockerfile) gives a note.
 *   Symlinked directories of the image (gradle's /root/.gradle) are
 *   followed.
 * - The user: root needs nothing; a non-root USER whose uid is known (a
 *   numeric USER, `useradd -u`/`adduser -u`/`--uid` in an earlier RUN, an
 *   image user such as node's `node`) gets `uid=`/`gid=` (the gid is the one
 *   given, else the user's group's, else the uid); an unknown uid gets a
 *   note and no mount: a wrong uid fails with permission denied, a different
 *   one silently makes a separate cache. System package managers' caches
 *   are root's whatever USER says.
 * - Mount text: `--mount=type=cache,target=T[,sharing=locked][,uid=U,gid=G]`,
 *   sharing=locked for tools that do not lock their cache. Inserted after the
 *   RUN's existing flags (or right after `RUN `), all on the RUN's line for a
 *   single-line RUN; in a RUN that already uses continuations, each new
 *   mount on a continuation line of its own, with the RUN's continuation
 *   indentation, escape character and newline.
 * - Never: a second mount for a target the RUN already mounts (or one
 *   inside or around another mount of the RUN); a mount over a directory
 *   the image needs: the working directory, HOME or an ancestor of them, a
 *   system directory, a project output (node_modules, target, vendor,
 *   .venv...), a `--prefix`/`--target` install directory of the command, a
 *   directory an earlier COPY/ADD filled, or (for caches the build reads
 *   packages from: Go modules, Maven, Gradle, Cargo, NuGet) one an earlier
 *   RUN filled without a mount, or one a later `COPY --from=<this stage>`
 *   copies out. apt's lists dir only on a RUN that runs `apt-get update`
 *   itself (an empty mount would hide the lists an earlier layer wrote), and
 *   not when a later RUN installs with the lists this RUN would otherwise
 *   leave in its layer. Each such case gets a note.
 * - Defeaters in that same RUN, for a target it mounts: the tool's
 *   no-cache options (`pip --no-cache-dir`, `uv --no-cache`...) and inline
 *   no-cache variables are dropped; its clean commands (`apt-get clean`,
 *   `npm cache clean --force`, `yarn cache clean`, `dnf clean all`...) and
 *   `rm` of paths inside the mount (`rm -rf /var/lib/apt/lists/...`) are
 *   dropped from the `&&`/`;` chain, keeping it valid and the author's
 *   continuation layout (an `rm` that also removes other paths loses only
 *   those operands). A defeater that cannot be dropped (inside JSON, `sh -c`,
 *   a condition or subshell, next to a comment line) means no mount for that
 *   cache, with a note. An `rm` of an ancestor of the mount (`rm -rf
 *   /root/.cache`) would fail on the mount point: no mount, note. A
 *   defeating ENV (`ENV PIP_NO_CACHE_DIR=1`) is left alone: note, no mount.
 *   dnf/yum commands get `--setopt=keepcache=1` (they delete downloads by
 *   default).
 * - apt on a Debian/Ubuntu base (by image family, inherited through `FROM
 *   <stage>`): the images' docker-clean hook deletes downloaded .debs, so one
 *   RUN `rm -f /etc/apt/apt.conf.d/docker-clean && echo '...Keep-Downloaded-
 *   Packages "true";' > .../keep-cache` is inserted once per stage, before
 *   the first apt RUN (and the comment lines right above it), in its own RUN
 *   rather than prepended to the author's: the author's command stays as
 *   written, and the Dockerfile reference shows it that way. Not when a base
 *   stage or the author already removes the hook, when the RUN would run as
 *   a non-root USER, or when any apt RUN of the stage or of a stage built on
 *   it goes without the /var/cache/apt mount (its .debs would then stay in
 *   the image; a RUN whose text installs with apt in a way we do not read,
 *   `xargs apt-get install`, counts as one); those get a note. Not on Alpine, RPM or unknown bases
 *   (unknown: a note).
 * - apk is known but gets no mount (see pkgmgr.c): a note per stage.
 * - `--target-builder=kaniko|legacy`: no edit at all, one note. With
 *   `--syntax-directive`, a file that got a mount and has no `syntax`
 *   directive gets `# syntax=docker/dockerfile:1` at its top.
 *
 * The pass is idempotent: on its own output every wanted mount is already
 * there, the defeaters are gone, the docker-clean RUN is found.
 */
#include "cache_mounts.h"
#include "pkgmgr.h"
#include "shell.h"

#include "json.h"
#include "parse.h"
#include "strv.h"
#include "vec.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PASS "cache-mounts"

/* ---- strings and paths ----------------------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
    lf_buf b = LF_BUF_INIT;
    lf_buf_add(&b, s, n);
    return lf_buf_detach(&b, NULL);
}

static char *dup_s(const char *s)
{
    return s ? dup_n(s, strlen(s)) : NULL;
}

static bool starts_with(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static bool span_is(const lf_doc *doc, lf_span s, const char *t)
{
    size_t n = strlen(t);
    return s.end - s.start == n && strncasecmp(doc->src->data + s.start, t, n) == 0;
}

/* Collapses `//`, `.` and `..` and drops a trailing '/'; p is absolute. */
static void path_normalize(char *p)
{
    char *out = p, *in = p;
    size_t depth_at[256];
    size_t depth = 0;
    *out++ = '/';
    while (*in) {
        while (*in == '/')
            in++;
        if (!*in)
            break;
        char *seg = in;
        while (*in && *in != '/')
            in++;
        size_t n = (size_t)(in - seg);
        if (n == 1 && seg[0] == '.')
            continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (depth > 0)
                out = p + depth_at[--depth];
            continue;
        }
        if (depth < 256)
            depth_at[depth++] = (size_t)(out - p);
        if (out > p + 1)
            *out++ = '/';
        memmove(out, seg, n);
        out += n;
    }
    *out = 0;
}

/* dir joined with rel (rel absolute: rel itself), normalised; NULL if dir is NULL. */
static char *path_join(const char *dir, const char *rel)
{
    lf_buf b = LF_BUF_INIT;
    if (rel[0] == '/')
        lf_buf_adds(&b, rel);
    else if (!dir)
        return NULL;
    else
        lf_buf_printf(&b, "%s/%s", dir, rel);
    char *p = lf_buf_detach(&b, NULL);
    path_normalize(p);
    return p;
}

/* p equals dir or is below it. */
static bool path_within(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(p, dir, n) == 0 && (p[n] == 0 || p[n] == '/');
}

static bool path_overlap(const char *a, const char *b)
{
    return path_within(a, b) || path_within(b, a);
}

static size_t path_depth(const char *p)
{
    size_t d = 0;
    for (const char *c = p; *c; c++)
        if (*c == '/' && c[1])
            d++;
    return d;
}

/* ---- variables ------------------------------------------------------------- */

typedef struct var {
    char *name;
    char *value; /* NULL: set to something we cannot know */
    size_t line; /* where it was set (0: the base image) */
    bool from_env;
} var;

typedef struct vars {
    var *items;
    size_t n, cap;
} vars;

static var *vars_find(const vars *v, const char *name)
{
    for (size_t i = v->n; i-- > 0;)
        if (strcmp(v->items[i].name, name) == 0)
            return &v->items[i];
    return NULL;
}

static void vars_set(vars *v, const char *name, const char *value, size_t line, bool from_env)
{
    var *x = vars_find(v, name);
    if (!x) {
        x = LF_VEC_PUSH(v->items, v->n, v->cap);
        x->name = dup_s(name);
    } else {
        free(x->value);
    }
    x->value = dup_s(value);
    x->line = line;
    x->from_env = from_env;
}

static void vars_copy(vars *dst, const vars *src)
{
    for (size_t i = 0; i < src->n; i++)
        vars_set(dst, src->items[i].name, src->items[i].value, src->items[i].line,
                 src->items[i].from_env);
}

static void vars_free(vars *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->items[i].name);
        free(v->items[i].value);
    }
    free(v->items);
    memset(v, 0, sizeof *v);
}

/* The variables a lookup sees, innermost first: the command's own
 * assignments, the RUN's exports, the stage's ENV/ARG. */
typedef struct scope {
    const vars *layers[3];
    const char *home; /* for `~` in shell words; NULL: unknown */
} scope;

/* Looks a variable up: 1 set (value in *out), 0 unset, -1 set to something
 * unknown. */
static int scope_get(const scope *sc, const char *name, const char **out)
{
    for (int i = 0; i < 3; i++) {
        const var *x = sc->layers[i] ? vars_find(sc->layers[i], name) : NULL;
        if (x) {
            *out = x->value;
            return x->value ? 1 : -1;
        }
    }
    return 0;
}

/*
 * Expands one word the way BuildKit expands ENV/WORKDIR/USER/COPY words, or
 * the way the shell expands a simple word (shell: backslash escapes, `~` at
 * the start is HOME): quotes removed, `$NAME`, `${NAME}`, `${NAME:-x}` and
 * `${NAME-x}` replaced. Returns false when the result depends on something
 * we do not know: a variable that is not set in the Dockerfile (it may come
 * from the base image or a build argument), a command substitution, or an
 * operator we do not model.
 */
static bool expand(const char *s, size_t n, char esc, bool shell, const scope *sc, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_adds(out, "");
    char q = 0;
    size_t i = 0;
    if (shell && n > 0 && s[0] == '~' && (n == 1 || s[1] == '/')) {
        if (!sc->home)
            return false;
        lf_buf_adds(out, sc->home);
        i = 1;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                lf_buf_addc(out, c);
            continue;
        }
        if (c == esc && i + 1 < n) {
            lf_buf_addc(out, s[++i]);
            continue;
        }
        if (c == '"') {
            q = q ? 0 : '"';
            continue;
        }
        if (c == '\'' && !q) {
            q = '\'';
            continue;
        }
        if (c == '`')
            return false;
        if (c != '$' || i + 1 >= n) {
            lf_buf_addc(out, c);
            continue;
        }
        char name[128];
        size_t k = 0;
        const char *dflt = NULL;
        size_t dlen = 0;
        bool colon = false;
        if (s[i + 1] == '{') {
            size_t j = i + 2;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_') && k + 1 < sizeof name)
                name[k++] = s[j++];
            if (j < n && (s[j] == ':' || s[j] == '-')) {
                colon = s[j] == ':';
                if (colon)
                    j++;
                if (j >= n || s[j] != '-')
                    return false;
                j++;
                dflt = s + j;
                while (j < n && s[j] != '}')
                    j++;
                dlen = (size_t)(s + j - dflt);
            }
            if (j >= n || s[j] != '}' || k == 0)
                return false;
            i = j;
        } else if (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_') {
            size_t j = i + 1;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_') && k + 1 < sizeof name)
                name[k++] = s[j++];
            i = j - 1;
        } else {
            return false; /* $(...), $1, $$ ... */
        }
        name[k] = 0;
        const char *v = NULL;
        int got = scope_get(sc, name, &v);
        if (got < 0)
            return false;
        if (got == 0 && !dflt)
            return false;
        if (got == 0 || (colon && !*v))
            lf_buf_add(out, dflt, dlen);
        else
            lf_buf_adds(out, v);
    }
    return q == 0;
}

/* ---- users ------------------------------------------------------------------- */

typedef struct user {
    char *name;
    long uid, gid; /* -1: unknown */
    char *home;
} user;

typedef struct group {
    char *name;
    long gid;
} group;

typedef struct users {
    user *u;
    size_t n, cap;
    group *g;
    size_t ng, capg;
} users;

static user *user_find(users *us, const char *name)
{
    for (size_t i = us->n; i-- > 0;)
        if (strcmp(us->u[i].name, name) == 0)
            return &us->u[i];
    return NULL;
}

static user *user_by_uid(users *us, long uid)
{
    for (size_t i = us->n; i-- > 0;)
        if (us->u[i].uid == uid)
            return &us->u[i];
    return NULL;
}

static user *user_add(users *us, const char *name)
{
    user *u = user_find(us, name);
    if (u)
        return u;
    u = LF_VEC_PUSH(us->u, us->n, us->cap);
    u->name = dup_s(name);
    u->uid = u->gid = -1;
    return u;
}

static long group_gid(const users *us, const char *name)
{
    for (size_t i = us->ng; i-- > 0;)
        if (strcmp(us->g[i].name, name) == 0)
            return us->g[i].gid;
    return -1;
}

static void group_set(users *us, const char *name, long gid)
{
    group *g = LF_VEC_PUSH(us->g, us->ng, us->capg);
    g->name = dup_s(name);
    g->gid = gid;
}

static void users_copy(users *dst, const users *src)
{
    for (size_t i = 0; i < src->n; i++) {
        user *u = user_add(dst, src->u[i].name);
        u->uid = src->u[i].uid;
        u->gid = src->u[i].gid;
        free(u->home);
        u->home = dup_s(src->u[i].home);
    }
    for (size_t i = 0; i < src->ng; i++)
        group_set(dst, src->g[i].name, src->g[i].gid);
}

static void users_free(users *us)
{
    for (size_t i = 0; i < us->n; i++) {
        free(us->u[i].name);
        free(us->u[i].home);
    }
    for (size_t i = 0; i < us->ng; i++)
        free(us->g[i].name);
    free(us->u);
    free(us->g);
    memset(us, 0, sizeof *us);
}

/* A decimal id, or -1. */
static long parse_id(const char *s)
{
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9)
        return -1;
    return strtol(s, NULL, 10);
}

/* ---- commands of a RUN ------------------------------------------------------- */

typedef struct cword {
    char *s; /* quotes removed, variables left as written */
    lf_span span;
    bool dyn; /* holds an expansion */
} cword;

typedef struct cmdinfo {
    cword *w; /* the effective words; w[0] is the program */
    size_t n, cap;
    lf_span *assign; /* `NAME=value` assignments that apply to it (doc spans) */
    char **assign_text;
    size_t nassign, capa;
    const lf_shell_cmd *sc; /* the doc command; NULL for exec form and `sh -c` */
    bool editable;          /* spans are offsets of the doc */
    char *cwd;              /* its working directory, NULL: unknown */
    vars env;               /* the RUN's exports before it, then its own assignments */
    const lf_pm *pm;        /* the tool, or NULL */
    size_t prog;            /* index of the tool's program word (after `python -m`) */
    char progname[64];
} cmdinfo;

typedef struct cmdlist {
    cmdinfo *c;
    size_t n, cap;
} cmdlist;

static void cmdlist_free(cmdlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        cmdinfo *c = &l->c[i];
        for (size_t k = 0; k < c->n; k++)
            free(c->w[k].s);
        for (size_t k = 0; k < c->nassign; k++)
            free(c->assign_text[k]);
        free(c->w);
        free(c->assign);
        free(c->assign_text);
        free(c->cwd);
        vars_free(&c->env);
    }
    free(l->c);
    memset(l, 0, sizeof *l);
}

static void add_word(cmdinfo *c, const char *s, size_t n, lf_span span, bool dyn)
{
    cword *w = LF_VEC_PUSH(c->w, c->n, c->cap);
    w->s = dup_n(s, n);
    w->span = span;
    w->dyn = dyn;
}

/* `pip3.12` -> `pip`; `python3.11` -> `python`. */
static void normalize_program(const char *w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", base_name(w));
    static const char *const versioned[] = {"pip", "python"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(versioned[i]);
        if (strncmp(out, versioned[i], n) == 0 && out[n] &&
            strspn(out + n, "0123456789.") == strlen(out + n))
            out[n] = 0;
    }
}

/* Finds the tool a command runs: its program, or the one run by `python -m`,
 * `corepack`, `php`, or `sh ./gradlew`. */
static void identify(cmdinfo *c)
{
    c->pm = NULL;
    if (c->n == 0 || c->w[0].dyn)
        return;
    char prog[64];
    normalize_program(c->w[0].s, prog, sizeof prog);
    size_t k = 0;
    if (lf_pkgmgr_in(lf_pm_module_runners, prog)) {
        if (starts_with(prog, "python") && c->n > 2 && strcmp(c->w[1].s, "-m") == 0)
            k = 2;
        else if (c->n > 1 && !starts_with(prog, "python"))
            k = 1;
        else
            return;
    } else if ((strcmp(prog, "sh") == 0 || strcmp(prog, "bash") == 0) && c->n > 1 &&
               c->w[1].s[0] != '-') {
        k = 1;
    }
    if (k) {
        if (c->w[k].dyn)
            return;
        normalize_program(c->w[k].s, prog, sizeof prog);
    }
    c->pm = lf_pkgmgr_for_program(prog, NULL);
    c->prog = k;
    snprintf(c->progname, sizeof c->progname, "%s", prog);
}

static bool is_wrapper(const char *w, const char **with_arg)
{
    static const struct {
        const char *name, *args;
    } wrappers[] = {{"sudo", "ugpUCDrthR"}, {"env", "uCS"}, {"nice", "n"}, {"time", ""},
                    {"command", ""},        {"exec", ""},   {"nohup", ""}};
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
        if (strcmp(w, wrappers[i].name) == 0) {
            *with_arg = wrappers[i].args;
            return true;
        }
    return false;
}

static bool is_assignment(const char *s)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s)
        return false;
    for (const char *p = s; p < eq; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    return !isdigit((unsigned char)s[0]);
}

/* Unquoted text of a raw shell word (like lf_shell_word_text, on any bytes). */
static void unquote(const char *s, size_t n, lf_buf *out)
{
    lf_buf_clear(out);
    lf_buf_adds(out, "");
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q == '\'') {
            if (c == '\'')
                q = 0;
            else
                lf_buf_addc(out, c);
        } else if (c == '\\' && i + 1 < n) {
            lf_buf_addc(out, s[++i]);
        } else if (c == '"') {
            q = q ? 0 : '"';
        } else if (c == '\'' && !q) {
            q = '\'';
        } else {
            lf_buf_addc(out, c);
        }
    }
}

static bool has_expansion(const char *s, size_t n)
{
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        if (q == '\'') {
            q = s[i] == '\'' ? 0 : q;
            continue;
        }
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '\'' && !q)
            q = '\'';
        else if (s[i] == '"')
            q = q ? 0 : '"';
        else if (s[i] == '$' || s[i] == '`')
            return true;
    }
    return false;
}

/* Strips the wrappers (sudo, env NAME=x, nice...) from a command built from
 * raw words, keeping env's assignments. */
static void unwrap_words(cmdinfo *c)
{
    for (;;) {
        if (c->n == 0)
            return;
        const char *with_arg;
        const char *b = base_name(c->w[0].s);
        if (!is_wrapper(b, &with_arg))
            return;
        bool env = strcmp(b, "env") == 0;
        size_t k = 1;
        while (k < c->n) {
            const char *w = c->w[k].s;
            if (w[0] == '-' && w[1]) {
                k += (strlen(w) == 2 && strchr(with_arg, w[1])) ? 2 : 1;
            } else if (env && is_assignment(w)) {
                lf_span *a = LF_VEC_PUSH(c->assign, c->nassign, c->capa);
                *a = c->w[k].span;
                c->assign_text = realloc(c->assign_text, c->capa * sizeof *c->assign_text);
                c->assign_text[c->nassign - 1] = dup_s(w);
                k++;
            } else {
                break;
            }
        }
        if (k > c->n)
            k = c->n;
        for (size_t i = 0; i < k; i++)
            free(c->w[i].s);
        memmove(c->w, c->w + k, (c->n - k) * sizeof c->w[0]);
        c->n -= k;
    }
}

static void push_assign(cmdinfo *c, const char *text, lf_span span)
{
    lf_span *a = LF_VEC_PUSH(c->assign, c->nassign, c->capa);
    *a = span;
    c->assign_text = realloc(c->assign_text, c->capa * sizeof *c->assign_text);
    c->assign_text[c->nassign - 1] = dup_s(text);
}

/* The env a command sees of its own: assignments `NAME=value` as words. */
static void command_env(cmdinfo *c, const vars *exports)
{
    vars_copy(&c->env, exports);
    for (size_t i = 0; i < c->nassign; i++) {
        const char *t = c->assign_text[i];
        const char *eq = strchr(t, '=');
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - t), t);
        vars_set(&c->env, name, has_expansion(eq + 1, strlen(eq + 1)) ? NULL : eq + 1, 0, false);
    }
}

/* Commands of a `sh -c` string, parsed with bash (read-only: the words are
 * not offsets of the doc). */
static void inner_commands(TSParser *bash, const char *script, const char *cwd, const vars *exports,
                           cmdlist *out)
{
    TSTree *t = ts_parser_parse_string(bash, NULL, script, (uint32_t)strlen(script));
    if (!t)
        return;
    TSNode root = ts_tree_root_node(t);
    if (ts_node_has_error(root)) {
        ts_tree_delete(t);
        return;
    }
    TSNode *stack = NULL;
    size_t n = 0, cap = 0;
    *LF_VEC_PUSH(stack, n, cap) = root;
    lf_buf w = LF_BUF_INIT;
    while (n > 0) {
        TSNode node = stack[--n];
        if (lf_node_is(node, "command")) {
            cmdinfo *c = LF_VEC_PUSH(out->c, out->n, out->cap);
            c->cwd = dup_s(cwd);
            TSNode ch;
            lf_children it = lf_children_of(node);
            while (lf_children_next(&it, &ch)) {
                uint32_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);
                if (!ts_node_is_named(ch) || strstr(ts_node_type(ch), "redirect"))
                    continue;
                unquote(script + s, e - s, &w);
                if (lf_node_is(ch, "variable_assignment"))
                    push_assign(c, w.data, (lf_span){0, 0});
                else
                    add_word(c, w.data, w.len, (lf_span){0, 0}, has_expansion(script + s, e - s));
            }
            lf_children_done(&it);
            unwrap_words(c);
            command_env(c, exports);
            identify(c);
            continue;
        }
        /* children pushed in reverse so that commands come out in order */
        uint32_t nc = ts_node_named_child_count(node);
        for (uint32_t i = nc; i-- > 0;)
            *LF_VEC_PUSH(stack, n, cap) = ts_node_named_child(node, i);
    }
    free(stack);
    lf_buf_free(&w);
    ts_tree_delete(t);
}

/* Which `-c` word of a shell command holds the script, or 0. */
static size_t sh_c_script(const cmdinfo *c)
{
    if (c->n < 3)
        return 0;
    char prog[64];
    normalize_program(c->w[0].s, prog, sizeof prog);
    static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh", NULL};
    if (!lf_pkgmgr_in(shells, prog))
        return 0;
    for (size_t k = 1; k + 1 < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] != '-')
            return 0;
        if (w[1] != '-' && strchr(w, 'c'))
            return c->w[k + 1].dyn ? 0 : k + 1;
    }
    return 0;
}

typedef struct stmt {
    TSNode node;
    bool after_or; /* the operator before it is `||` */
} stmt;

typedef struct stmts {
    stmt *s;
    size_t n, cap;
} stmts;

/* The RUN's top-level statements in order: `a && b; c` gives a, b, c (lists
 * are nested to the left, one per operator: walked without recursion). */
static void flatten(TSNode root, stmts *out)
{
    TSNode ch;
    lf_children it = lf_children_of(root);
    TSNode *right = NULL;
    bool *ors = NULL;
    size_t nr = 0, cap = 0, capo = 0, no = 0;
    while (lf_children_next(&it, &ch)) {
        if (!ts_node_is_named(ch) || lf_node_is(ch, "comment") || lf_node_is(ch, "heredoc_body"))
            continue;
        nr = no = 0;
        TSNode n = ch;
        while (lf_node_is(n, "list") && ts_node_named_child_count(n) == 2) {
            TSNode op = ts_node_next_sibling(ts_node_named_child(n, 0));
            *LF_VEC_PUSH(right, nr, cap) = ts_node_named_child(n, 1);
            *LF_VEC_PUSH(ors, no, capo) = lf_node_is(op, "||");
            n = ts_node_named_child(n, 0);
        }
        *LF_VEC_PUSH(out->s, out->n, out->cap) = (stmt){n, false};
        while (nr > 0) {
            nr--;
            *LF_VEC_PUSH(out->s, out->n, out->cap) = (stmt){right[nr], ors[--no]};
        }
    }
    lf_children_done(&it);
    free(right);
    free(ors);
}

/* Adds the assignments of an `export` statement to exports. */
static void learn_export(const lf_doc *doc, TSNode n, vars *exports, lf_buf *w)
{
    if (!lf_node_is(n, "declaration_command") || ts_node_child_count(n) == 0)
        return;
    TSNode kw = ts_node_child(n, 0);
    if (ts_node_end_byte(kw) - ts_node_start_byte(kw) != 6 ||
        memcmp(doc->src->data + ts_node_start_byte(kw), "export", 6) != 0)
        return;
    TSNode ch;
    lf_children it = lf_children_of(n);
    while (lf_children_next(&it, &ch)) {
        if (!lf_node_is(ch, "variable_assignment"))
            continue;
        size_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);
        lf_shell_word_text(doc, (lf_span){s, e}, w);
        const char *eq = strchr(w->data, '=');
        if (!eq)
            continue;
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - w->data), w->data);
        vars_set(exports, name, has_expansion(doc->src->data + s, e - s) ? NULL : eq + 1, 0, false);
    }
    lf_children_done(&it);
}

typedef struct run_ctx {
    const lf_doc *doc;
    TSParser *bash; /* for `sh -c` strings, made on first use */
} run_ctx;

/* Every simple command of RUN `in` in source order, with the working
 * directory each runs in (`cd` followed) and the variables `export`ed
 * before it. */
static void collect(run_ctx *rc, const lf_instr *in, const char *workdir, cmdlist *out)
{
    const lf_doc *doc = rc->doc;
    vars exports = {0};
    char *cwd = dup_s(workdir);
    lf_buf w = LF_BUF_INIT;
    size_t from = out->n;
    if (in->exec_form) {
        lf_strv v = LF_STRV_INIT;
        if (lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &v) ==
                LF_JSON_STRINGS &&
            v.n > 0) {
            cmdinfo *c = LF_VEC_PUSH(out->c, out->n, out->cap);
            for (size_t k = 0; k < v.n; k++)
                add_word(c, v.items[k].s, v.items[k].len, (lf_span){0, 0}, false);
            c->cwd = dup_s(cwd);
            unwrap_words(c);
            command_env(c, &exports);
            identify(c);
        }
        lf_strv_free(&v);
    } else {
        lf_shell_cmds cmds = {0};
        lf_shell_commands(doc, in, &cmds);
        /* `export NAME=value` statements at the top level (bash calls them
         * declaration commands, not commands) */
        stmts ss = {0};
        if (in->shell_tree && !in->shell_has_error)
            flatten(ts_tree_root_node(in->shell_tree), &ss);
        size_t next_stmt = 0;
        for (size_t i = 0; i < cmds.n; i++) {
            const lf_shell_cmd *sc = &cmds.items[i];
            for (; next_stmt < ss.n && ts_node_end_byte(ss.s[next_stmt].node) <= sc->span.start;
                 next_stmt++)
                learn_export(doc, ss.s[next_stmt].node, &exports, &w);
            cmdinfo *c = LF_VEC_PUSH(out->c, out->n, out->cap);
            c->sc = NULL; /* set below: cmds is freed at the end */
            c->editable = true;
            c->cwd = dup_s(cwd);
            /* the words from the command node, unwrapped here (sudo, env
             * NAME=x, nice...) so that env's assignments are kept */
            TSNode ch;
            lf_children it = lf_children_of(sc->node);
            while (lf_children_next(&it, &ch)) {
                lf_span s = {ts_node_start_byte(ch), ts_node_end_byte(ch)};
                if (!ts_node_is_named(ch) || strstr(ts_node_type(ch), "redirect"))
                    continue;
                lf_shell_word_text(doc, s, &w);
                if (lf_node_is(ch, "variable_assignment"))
                    push_assign(c, w.data, s);
                else
                    add_word(c, w.data, w.len, s,
                             has_expansion(doc->src->data + s.start, s.end - s.start));
            }
            lf_children_done(&it);
            unwrap_words(c);
            command_env(c, &exports);
            identify(c);
            /* `cd DIR` and `export NAME=value` at the top level shape what follows */
            if (sc->top_level && c->n >= 1 && strcmp(c->w[0].s, "cd") == 0) {
                char *next = NULL;
                if (c->n == 2 && !c->w[1].dyn && c->w[1].s[0] != '-')
                    next = path_join(cwd, c->w[1].s);
                free(cwd);
                cwd = next;
            }
        }
        /* the shell commands stay valid as long as the doc; keep a copy of
         * each lf_shell_cmd the removal rules need */
        for (size_t i = 0; i < cmds.n; i++) {
            lf_shell_cmd *keep = malloc(sizeof *keep);
            *keep = cmds.items[i];
            out->c[from + i].sc = keep;
        }
        lf_shell_cmds_free(&cmds);
        free(ss.s);
    }
    /* `sh -c '...'`: the commands of the string, read-only */
    size_t end = out->n;
    for (size_t i = from; i < end; i++) {
        size_t k = sh_c_script(&out->c[i]);
        if (!k)
            continue;
        if (!rc->bash) {
            rc->bash = ts_parser_new();
            ts_parser_set_language(rc->bash, tree_sitter_bash());
        }
        /* out->c moves while the inner commands are added: copy what is read */
        char *script = dup_s(out->c[i].w[k].s);
        char *dir = dup_s(out->c[i].cwd);
        vars env = {0};
        vars_copy(&env, &out->c[i].env);
        inner_commands(rc->bash, script, dir, &env, out);
        vars_free(&env);
        free(script);
        free(dir);
    }
    lf_buf_free(&w);
    free(cwd);
    vars_free(&exports);
}

static void cmdlist_release(cmdlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free((void *)l->c[i].sc);
    cmdlist_free(l);
}

/* ---- a tool command's arguments --------------------------------------------- */

/* Positional words of a tool command (indexes into c->w), options skipped
 * with their values. */
static size_t positionals(const cmdinfo *c, size_t *pos, size_t cap)
{
    size_t n = 0;
    for (size_t k = c->prog + 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] == '-' && w[1]) {
            if (!strchr(w, '=') && lf_pkgmgr_in(c->pm->value_opts, w))
                k++;
            continue;
        }
        if (n < cap)
            pos[n++] = k;
    }
    return n;
}

static bool has_option(const cmdinfo *c, const char *opt)
{
    size_t n = strlen(opt);
    for (size_t k = c->prog + 1; k < c->n; k++)
        if (strcmp(c->w[k].s, opt) == 0 || (strncmp(c->w[k].s, opt, n) == 0 && c->w[k].s[n] == '='))
            return true;
    return false;
}

/* Does pattern ("mod download", "", "clean -modcache") match the command? */
static bool matches(const cmdinfo *c, const char *pattern)
{
    size_t pos[16];
    size_t np = positionals(c, pos, 16), k = 0;
    char word[64];
    const char *p = pattern;
    if (!*p)
        return np == 0;
    while (*p) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
        if (word[0] == '-') {
            if (!has_option(c, word))
                return false;
        } else if (k >= np || strcmp(c->w[pos[k++]].s, word) != 0) {
            return false;
        }
    }
    return true;
}

static bool uses_cache(const cmdinfo *c, const lf_pm_cache *pc)
{
    if (pc->programs && !lf_pkgmgr_in(pc->programs, c->progname))
        return false;
    if (!pc->uses) {
        size_t pos[1];
        return positionals(c, pos, 1) > 0;
    }
    for (size_t i = 0; pc->uses[i]; i++)
        if (matches(c, pc->uses[i]))
            return true;
    return false;
}

/* The value of option opt (`--opt v`, `--opt=v`, `-Dkey=v`), its word index
 * in *at; NULL when absent. */
static const cword *option_value(const cmdinfo *c, const char *opt)
{
    size_t n = strlen(opt);
    for (size_t k = c->prog + 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (strcmp(w, opt) == 0 && k + 1 < c->n && opt[1] != 'D')
            return &c->w[k + 1];
        if (strncmp(w, opt, n) == 0 && w[n] == '=')
            return &c->w[k];
    }
    return NULL;
}

/* ---- stages --------------------------------------------------------------- */

typedef struct copy_rec {
    char *dest;   /* absolute, normalised; NULL: unknown */
    bool from;    /* --from: contents unknown */
    lf_strv srcs; /* context paths, normalised without "./" ("" = the root) */
    size_t line;
} copy_rec;

typedef struct filled {
    char *target;
    size_t line;
} filled;

typedef struct stage_state {
    const lf_image_fact *image;
    lf_os_family family;
    char *image_text;
    vars env;
    users users;
    char *user;       /* the USER spec in effect; NULL: the image's default, root */
    bool user_dyn;    /* it holds a variable we cannot expand (user is as written) */
    char *workdir;    /* NULL: unknown */
    copy_rec *copies; /* COPY/ADD of this stage and its bases */
    size_t ncopies, capc;
    filled *filled; /* install-type cache dirs filled in a layer without a mount */
    size_t nfilled, capf;
    bool keeps_debs;     /* docker-clean is gone: removed here or in a base */
    unsigned skip_noted; /* per tool (1 << id): the no-mount note was made in this stage */
} stage_state;

static void state_free(stage_state *s)
{
    vars_free(&s->env);
    users_free(&s->users);
    free(s->user);
    free(s->workdir);
    free(s->image_text);
    for (size_t i = 0; i < s->ncopies; i++) {
        free(s->copies[i].dest);
        lf_strv_free(&s->copies[i].srcs);
    }
    free(s->copies);
    for (size_t i = 0; i < s->nfilled; i++)
        free(s->filled[i].target);
    free(s->filled);
    memset(s, 0, sizeof *s);
}

static void state_copy(stage_state *d, const stage_state *s)
{
    d->image = s->image;
    d->family = s->family;
    d->image_text = dup_s(s->image_text);
    vars_copy(&d->env, &s->env);
    users_copy(&d->users, &s->users);
    d->user = dup_s(s->user);
    d->user_dyn = s->user_dyn;
    d->workdir = dup_s(s->workdir);
    for (size_t i = 0; i < s->ncopies; i++) {
        copy_rec *c = LF_VEC_PUSH(d->copies, d->ncopies, d->capc);
        c->dest = dup_s(s->copies[i].dest);
        c->from = s->copies[i].from;
        c->line = s->copies[i].line;
        for (size_t k = 0; k < s->copies[i].srcs.n; k++)
            lf_strv_push(&c->srcs, s->copies[i].srcs.items[k].s, s->copies[i].srcs.items[k].len);
    }
    for (size_t i = 0; i < s->nfilled; i++) {
        filled *f = LF_VEC_PUSH(d->filled, d->nfilled, d->capf);
        f->target = dup_s(s->filled[i].target);
        f->line = s->filled[i].line;
    }
    d->keeps_debs = s->keeps_debs;
}

/* ---- plans -------------------------------------------------------------------- */

typedef struct mount_plan {
    char *target;
    unsigned flags;
    long uid, gid; /* -1: none */
    const char *what;
} mount_plan;

typedef struct removal {
    size_t start, end;
    char *why;
} removal;

typedef struct run_plan {
    int instr;
    mount_plan *m; /* to add */
    size_t nm, capm;
    removal *r;
    size_t nr, capr;
    removal *ins; /* insertions: start == end, why holds the text, reason in ins_why */
    char **ins_why;
    size_t nins, capi;
    bool apt_use;     /* runs apt with the package cache */
    bool apt_mounted; /* and has /var/cache/apt mounted */
    bool root;        /* runs as root */
} run_plan;

static void plan_free(run_plan *p)
{
    for (size_t i = 0; i < p->nm; i++)
        free(p->m[i].target);
    for (size_t i = 0; i < p->nr; i++)
        free(p->r[i].why);
    for (size_t i = 0; i < p->nins; i++) {
        free(p->ins[i].why);
        free(p->ins_why[i]);
    }
    free(p->m);
    free(p->r);
    free(p->ins);
    free(p->ins_why);
}

typedef struct pass_state {
    const lf_doc *doc;
    lf_ctx *ctx;
    bool quiet; /* plan only (kaniko, legacy): no notes */
    run_ctx rc;
    stage_state *st; /* per stage, at its end */
    run_plan *plans;
    size_t nplans, capp;
} pass_state;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
note(pass_state *ps, size_t offset, const char *fmt, ...)
{
    if (ps->quiet)
        return;
    lf_buf m = LF_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    lf_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    lf_ctx_note(ps->ctx, offset, "%s", m.data);
    lf_buf_free(&m);
}

static void add_removal(run_plan *p, size_t start, size_t end, const char *why)
{
    for (size_t i = 0; i < p->nr; i++)
        if (p->r[i].start == start && p->r[i].end == end)
            return;
    removal *r = LF_VEC_PUSH(p->r, p->nr, p->capr);
    r->start = start;
    r->end = end;
    r->why = dup_s(why);
}

static void add_insertion(run_plan *p, size_t at, const char *text, const char *why)
{
    removal *r = LF_VEC_PUSH(p->ins, p->nins, p->capi);
    r->start = r->end = at;
    r->why = dup_s(text);
    p->ins_why = realloc(p->ins_why, p->capi * sizeof *p->ins_why);
    p->ins_why[p->nins - 1] = dup_s(why);
}

/* ---- the user a RUN runs as -------------------------------------------------- */

typedef struct run_user {
    bool root;
    bool known; /* uid known (always for root) */
    long uid, gid;
    char *home; /* NULL: unknown */
    char spec[96];
} run_user;

static void resolve_user(stage_state *st, run_user *ru)
{
    memset(ru, 0, sizeof *ru);
    ru->uid = ru->gid = -1;
    const var *h = vars_find(&st->env, "HOME");
    const char *spec = st->user ? st->user : "root";
    snprintf(ru->spec, sizeof ru->spec, "%s", spec);
    if (st->user_dyn) {
        ru->home = h && h->value ? dup_s(h->value) : NULL;
        return;
    }
    char name[96], grp[96] = "";
    const char *colon = strchr(spec, ':');
    snprintf(name, sizeof name, "%.*s", (int)(colon ? colon - spec : (long)strlen(spec)), spec);
    if (colon)
        snprintf(grp, sizeof grp, "%s", colon + 1);
    long uid = parse_id(name);
    user *u = uid >= 0 ? user_by_uid(&st->users, uid) : user_find(&st->users, name);
    if (strcmp(name, "root") == 0 || uid == 0) {
        ru->root = ru->known = true;
        ru->uid = ru->gid = 0;
    } else if (uid > 0 || (u && u->uid >= 0)) {
        ru->known = true;
        ru->uid = uid > 0 ? uid : u->uid;
        ru->gid = u && u->gid >= 0 ? u->gid : ru->uid;
    }
    if (ru->known && *grp) {
        long g = parse_id(grp);
        ru->gid = g >= 0 ? g : group_gid(&st->users, grp);
        if (ru->gid < 0)
            ru->gid = ru->uid;
    }
    if (h)
        ru->home = h->value ? dup_s(h->value) : NULL;
    else if (ru->root)
        ru->home = dup_s("/root");
    else if (u && u->home)
        ru->home = dup_s(u->home);
}

/* Records the users and groups a RUN creates (useradd, adduser, usermod,
 * groupadd, addgroup; GNU and BusyBox spellings). */
static void learn_users(stage_state *st, const cmdlist *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        const cmdinfo *c = &cl->c[i];
        if (c->n < 2)
            continue;
        const char *prog = base_name(c->w[0].s);
        bool useradd = strcmp(prog, "useradd") == 0, adduser = strcmp(prog, "adduser") == 0,
             usermod = strcmp(prog, "usermod") == 0;
        bool groupadd = strcmp(prog, "groupadd") == 0 || strcmp(prog, "addgroup") == 0;
        if (!useradd && !adduser && !usermod && !groupadd)
            continue;
        long uid = -1, gid = -1;
        const char *home = NULL, *gname = NULL, *base = NULL, *first = NULL;
        bool system = false, bad = false;
        for (size_t k = 1; k < c->n; k++) {
            const char *w = c->w[k].s, *v = k + 1 < c->n ? c->w[k + 1].s : "";
            const char *eq = strchr(w, '=');
            char opt[32];
            snprintf(opt, sizeof opt, "%.*s", (int)(eq && w[0] == '-' ? eq - w : (long)strlen(w)),
                     w);
            /* grouped short options (`-ms /bin/bash`, `-mu 1001`): the last
             * one may take the next word */
            if (opt[0] == '-' && opt[1] != '-' && strlen(opt) > 2 && !eq) {
                opt[1] = opt[strlen(opt) - 1];
                opt[2] = 0;
            }
            const char *val = eq && w[0] == '-' ? eq + 1 : v;
            bool takes = !(eq && w[0] == '-');
            if (w[0] != '-') {
                if (!first)
                    first = w;
                if (c->w[k].dyn)
                    bad = true;
                continue;
            }
            if (strcmp(opt, "-u") == 0 || strcmp(opt, "--uid") == 0) {
                uid = parse_id(val);
            } else if ((strcmp(opt, "-g") == 0 && !adduser) || strcmp(opt, "--gid") == 0) {
                gid = parse_id(val);
                if (gid < 0)
                    gname = val;
            } else if (strcmp(opt, "-G") == 0 && adduser) {
                gname = val;
            } else if (strcmp(opt, "--ingroup") == 0) {
                gname = val;
            } else if (strcmp(opt, "-d") == 0 || strcmp(opt, "--home-dir") == 0 ||
                       strcmp(opt, "--home") == 0 || (strcmp(opt, "-h") == 0 && adduser)) {
                home = val;
            } else if (strcmp(opt, "-b") == 0 || strcmp(opt, "--base-dir") == 0) {
                base = val;
            } else if (strcmp(opt, "-r") == 0 || strcmp(opt, "--system") == 0 ||
                       strcmp(opt, "-S") == 0) {
                system = true;
                continue;
            } else if (strchr("scGekKpfZ", opt[1]) && opt[2] == 0 && !(adduser && opt[1] == 'G')) {
                /* other short options with a value */
            } else if (adduser && (strcmp(opt, "-g") == 0 || strcmp(opt, "--gecos") == 0 ||
                                   strcmp(opt, "--shell") == 0 || strcmp(opt, "--firstuid") == 0 ||
                                   strcmp(opt, "--lastuid") == 0 || strcmp(opt, "-k") == 0)) {
                /* a value we do not need */
            } else if (strcmp(opt, "--comment") == 0 || strcmp(opt, "--shell") == 0 ||
                       strcmp(opt, "--groups") == 0 || strcmp(opt, "--key") == 0 ||
                       strcmp(opt, "--password") == 0 || strcmp(opt, "--expiredate") == 0) {
                /* a value we do not need */
            } else {
                continue; /* a flag without a value */
            }
            if (takes)
                k++;
        }
        if (!first || bad)
            continue;
        if (groupadd) {
            if (gid >= 0)
                group_set(&st->users, first, gid);
            continue;
        }
        user *u = usermod ? user_find(&st->users, first) : user_add(&st->users, first);
        if (!u)
            continue;
        if (uid >= 0 || !usermod)
            u->uid = uid;
        if (gid >= 0)
            u->gid = gid;
        else if (gname)
            u->gid = group_gid(&st->users, gname);
        else if (!usermod && u->uid >= 0 && group_gid(&st->users, first) >= 0)
            u->gid = group_gid(&st->users, first);
        if (home || !usermod) {
            free(u->home);
            lf_buf hb = LF_BUF_INIT;
            if (home)
                lf_buf_adds(&hb, home);
            else if (base)
                lf_buf_printf(&hb, "%s/%s", base, first);
            else if (adduser && system && strncmp(c->w[1].s, "--", 2) == 0)
                lf_buf_adds(&hb, "/nonexistent"); /* Debian adduser --system */
            else
                lf_buf_printf(&hb, "/home/%s", first);
            u->home = lf_buf_detach(&hb, NULL);
            if (u->home[0] != '/') {
                free(u->home);
                u->home = NULL;
            }
        }
    }
}

/* ---- where a cache is ------------------------------------------------------ */

/* The target of cache pc for command c run by ru, into *out (absolute,
 * normalised, image symlinks followed); false with a reason in why. */
static bool resolve_target(const stage_state *st, const cmdinfo *c, const lf_pm_cache *pc,
                           const run_user *ru, char **out, bool *moved, lf_buf *why)
{
    *out = NULL;
    *moved = false;
    scope sc = {{&c->env, &st->env, NULL}, ru->home};
    lf_buf v = LF_BUF_INIT, p = LF_BUF_INIT;
    bool ok = false;
    for (const lf_pm_loc *l = pc->where;; l++) {
        lf_buf_clear(&p);
        if (l->kind == LF_LOC_OPT) {
            const cword *w = option_value(c, l->name);
            if (!w)
                continue;
            const char *val = w->s;
            if (strncmp(val, l->name, strlen(l->name)) == 0 && val[strlen(l->name)] == '=')
                val += strlen(l->name) + 1;
            if (!c->editable || !expand(val, strlen(val), '\0', true, &sc, &v) ||
                v.data[0] != '/') {
                lf_buf_printf(why, "its `%s` names a directory that is not known here", l->name);
                break;
            }
            lf_buf_printf(&p, "%s%s%s", v.data, *l->path ? "/" : "", l->path);
        } else if (l->kind == LF_LOC_ENV) {
            const char *val = NULL;
            int got = scope_get(&sc, l->name, &val);
            if (got == 0 || (got > 0 && !*val))
                continue;
            if (got < 0) {
                lf_buf_printf(why, "%s is set to a value not known here", l->name);
                break;
            }
            size_t n = strcspn(val, ":"); /* GOPATH is a list: its first entry */
            if (val[0] != '/') {
                lf_buf_printf(why, "%s is not an absolute path", l->name);
                break;
            }
            lf_buf_printf(&p, "%.*s%s%s", (int)n, val, *l->path ? "/" : "", l->path);
        } else if (l->kind == LF_LOC_HOME) {
            const char *home = ru->root && pc->root_home ? pc->root_home : ru->home;
            if (!home || home[0] != '/') {
                lf_buf_printf(why, "the HOME of USER `%s` is not known", ru->spec);
                break;
            }
            lf_buf_printf(&p, "%s/%s", home, l->path);
        } else if (l->kind == LF_LOC_FIXED) {
            lf_buf_adds(&p, l->path);
        } else {
            lf_buf_printf(why, "%s is not set in this Dockerfile or by a known base image",
                          pc->where[0].name);
            break;
        }
        ok = true;
        *moved = l->kind == LF_LOC_OPT || l->kind == LF_LOC_ENV;
        break;
    }
    if (ok) {
        char *t = dup_s(p.data);
        path_normalize(t);
        for (size_t i = 0; st->image && st->image->links && st->image->links[i]; i++) {
            const char *link = st->image->links[i], *eq = strchr(link, '=');
            char from[256];
            snprintf(from, sizeof from, "%.*s", (int)(eq - link), link);
            if (path_within(t, from)) {
                lf_buf_clear(&p);
                lf_buf_printf(&p, "%s%s", eq + 1, t + strlen(from));
                free(t);
                t = dup_s(p.data);
            }
        }
        *out = t;
    }
    lf_buf_free(&v);
    lf_buf_free(&p);
    return ok;
}

/* The variant of a tool that decides which of its caches apply. */
static const char *variant_of(const pass_state *ps, const stage_state *st, const cmdinfo *c,
                              int stage)
{
    if (c->pm->id == LF_PM_DNF) {
        const char *p = c->progname;
        if (strcmp(p, "microdnf") == 0 || strcmp(p, "tdnf") == 0)
            return "micro";
        if (strcmp(p, "dnf5") == 0 || st->family == LF_OS_DNF5)
            return strcmp(p, "yum") == 0 && st->family != LF_OS_DNF5 ? "other" : "dnf5";
        if (st->family == LF_OS_YUM)
            return strcmp(p, "yum") == 0 ? "yum3" : "dnf4";
        if (st->family == LF_OS_DNF)
            return "dnf4";
        return strcmp(p, "yum") == 0 ? "other" : "dnf4";
    }
    if (c->pm->id == LF_PM_YARN) {
        /* Yarn 2+ projects have a .yarnrc.yml, or name yarn@2+ in
         * package.json's packageManager (https://yarnpkg.com/configuration/yarnrc,
         * https://nodejs.org/api/packages.html#packagemanager); an earlier
         * `yarn set version` also switches */
        const lf_context *cx = ps->ctx->context;
        if (cx && (lf_context_has(cx, ".yarnrc.yml") || lf_context_has(cx, ".yarn/releases")))
            return "berry";
        lf_buf pj = LF_BUF_INIT;
        bool berry = false;
        if (cx && lf_context_read(cx, "package.json", &pj) == 0 && pj.data) {
            const char *pm = strstr(pj.data, "\"packageManager\"");
            const char *y = pm ? strstr(pm, "yarn@") : NULL;
            berry = y && y - pm < 40 && y[5] >= '2' && y[5] <= '9';
        }
        lf_buf_free(&pj);
        for (int i = ps->doc->stages[stage].first; !berry && i < ps->doc->stages[stage].last; i++) {
            const lf_instr *in = &ps->doc->instrs[i];
            if (in->kw == LF_KW_RUN && in->line.end - in->line.start < 4096) {
                char buf[4096];
                snprintf(buf, sizeof buf, "%.*s", (int)(in->line.end - in->line.start),
                         lf_doc_text(ps->doc, in->line));
                berry = strstr(buf, "yarn set version") != NULL;
            }
        }
        return berry ? "berry" : "classic";
    }
    return NULL;
}

/* ---- safety checks ------------------------------------------------------------ */

static bool is_system_dir(const char *t)
{
    static const char *const dirs[] = {"/",
                                       "/bin",
                                       "/boot",
                                       "/dev",
                                       "/etc",
                                       "/home",
                                       "/lib",
                                       "/lib64",
                                       "/opt",
                                       "/proc",
                                       "/root",
                                       "/run",
                                       "/sbin",
                                       "/srv",
                                       "/sys",
                                       "/tmp",
                                       "/usr",
                                       "/var",
                                       "/usr/local",
                                       "/usr/lib",
                                       "/usr/share",
                                       "/usr/bin",
                                       "/usr/local/bin",
                                       "/usr/local/lib",
                                       "/var/lib",
                                       "/var/cache",
                                       "/var/log",
                                       "/etc/apt",
                                       "/usr/local/share",
                                       NULL};
    return lf_pkgmgr_in(dirs, t);
}

/* A component of path rel (relative, '/'-separated) that is a project
 * output directory of some tool, or NULL. */
static const char *output_component(const char *rel)
{
    static const char *const extra[] = {"target", NULL};
    char comp[128];
    while (*rel) {
        size_t n = strcspn(rel, "/");
        snprintf(comp, sizeof comp, "%.*s", (int)n, rel);
        for (size_t i = 0; i < LF_PM_COUNT; i++)
            for (size_t k = 0; lf_pkgmgrs[i].outputs && lf_pkgmgrs[i].outputs[k]; k++)
                if (strcmp(lf_pkgmgrs[i].outputs[k], comp) == 0)
                    return lf_pkgmgrs[i].outputs[k];
        for (size_t k = 0; extra[k]; k++)
            if (strcmp(extra[k], comp) == 0)
                return extra[k];
        rel += n;
        while (*rel == '/')
            rel++;
    }
    return NULL;
}

/* Options whose value is a directory the command installs into. */
static const char *const INSTALL_DIR_OPTS[] = {
    "--prefix",      "--target",        "-t",     "--root", "--modules-folder", "--target-dir",
    "--install-dir", "--global-folder", "--into", NULL};

/* Did an earlier COPY/ADD put files at or under target? */
static const copy_rec *copied_into(const pass_state *ps, const stage_state *st, const char *target)
{
    const lf_context *cx = ps->ctx->context;
    for (size_t i = 0; i < st->ncopies; i++) {
        const copy_rec *c = &st->copies[i];
        if (!c->dest)
            continue;
        if (path_within(c->dest, target))
            return c;
        if (!path_within(target, c->dest))
            continue;
        /* the copy lands in an ancestor: what does it put at target? Another
         * stage's or image's files copied over / are tools (a cross-compile
         * helper), not caches; into any other ancestor they may be */
        if (c->from && strcmp(c->dest, "/") == 0)
            continue;
        if (c->from || !cx)
            return c;
        const char *rel = target + strlen(c->dest) + (strcmp(c->dest, "/") != 0);
        for (size_t k = 0; k < c->srcs.n; k++) {
            const char *src = c->srcs.items[k].s;
            if (strpbrk(src, "*?[")) {
                if (!strchr(rel, '/'))
                    return c;
                continue;
            }
            lf_buf want = LF_BUF_INIT;
            lf_buf_printf(&want, "%s%s%s", src, *src ? "/" : "", rel);
            size_t wl = want.len;
            bool hit = false;
            for (size_t f = 0; f < cx->nfiles && !hit; f++)
                hit = strncmp(cx->files[f], want.data, wl) == 0 &&
                      (cx->files[f][wl] == 0 || cx->files[f][wl] == '/');
            /* a single file copied to the ancestor lands under its own name */
            if (!hit && lf_context_has(cx, src) && strcmp(base_name(src), rel) == 0)
                hit = true;
            lf_buf_free(&want);
            if (hit)
                return c;
        }
    }
    return NULL;
}

/* A later `COPY --from=<stage s>` whose source overlaps target, or -1. */
static int exported_by_copy(const pass_state *ps, int s, const char *target)
{
    const lf_doc *doc = ps->doc;
    const lf_stage *me = &doc->stages[s];
    lf_buf v = LF_BUF_INIT;
    int found = -1;
    for (size_t i = (size_t)me->last + 1; i < doc->ninstrs && found < 0; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_COPY && in->kw != LF_KW_ADD)
            continue;
        bool from_me = false;
        for (size_t f = 0; f < in->nflags; f++) {
            const lf_flag *fl = &doc->flags[in->first_flag + f];
            if (!span_is(doc, fl->name, "from") || !fl->has_value)
                continue;
            unquote(lf_doc_text(doc, fl->value), fl->value.end - fl->value.start, &v);
            long idx = parse_id(v.data);
            from_me = idx == s || (me->name.end > me->name.start && span_is(doc, me->name, v.data));
        }
        if (!from_me)
            continue;
        TSNode ch;
        lf_children it = lf_children_of(in->body);
        TSNode last = {0};
        while (lf_children_next(&it, &ch))
            if (lf_node_is(ch, "path"))
                last = ch;
        lf_children_done(&it);
        it = lf_children_of(in->body);
        while (found < 0 && lf_children_next(&it, &ch)) {
            if (!lf_node_is(ch, "path") || ts_node_eq(ch, last))
                continue;
            unquote(doc->src->data + ts_node_start_byte(ch),
                    ts_node_end_byte(ch) - ts_node_start_byte(ch), &v);
            char *p = path_join("/", v.data);
            char *q = ps->st[s].workdir ? path_join(ps->st[s].workdir, v.data) : NULL;
            if (path_overlap(p, target) || (q && path_overlap(q, target)))
                found = (int)i;
            free(p);
            free(q);
        }
        lf_children_done(&it);
        if (in->exec_form) {
            lf_strv a = LF_STRV_INIT;
            if (lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start,
                                     &a) == LF_JSON_STRINGS)
                for (size_t k = 0; k + 1 < a.n && found < 0; k++) {
                    char *p = path_join("/", a.items[k].s);
                    if (path_overlap(p, target))
                        found = (int)i;
                    free(p);
                }
            lf_strv_free(&a);
        }
    }
    lf_buf_free(&v);
    return found;
}

static const lf_pm *apt_pm(void)
{
    return &lf_pkgmgrs[LF_PM_APT];
}

/* Does a RUN after instruction `after` of stage s (or of a stage built on
 * it) install with apt before updating, and so read the lists the RUN at
 * `after` leaves in its layer? The search ends at a RUN that updates first.
 * *line: that RUN's line. Returns 1 found, 0 not, -1 the lists are
 * refreshed before any such use. */
static int lists_read_after(pass_state *ps, int s, int after, size_t *line)
{
    const lf_doc *doc = ps->doc;
    const lf_pm *apt = apt_pm();
    for (int i = after + 1; i <= doc->stages[s].last; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_RUN)
            continue;
        cmdlist cl = {0};
        collect(&ps->rc, in, NULL, &cl);
        int r = 0;
        for (size_t k = 0; k < cl.n && !r; k++) {
            const cmdinfo *c = &cl.c[k];
            if (c->pm != apt)
                continue;
            if (matches(c, "update"))
                r = -1;
            else if (uses_cache(c, &apt->caches[0]))
                r = 1;
        }
        cmdlist_release(&cl);
        /* apt run some other way (`xargs apt-get install`, a string) */
        if (r == 0 && in->joined &&
            (strstr(in->joined, "apt-get ") || strstr(in->joined, "apt install") ||
             strstr(in->joined, "aptitude ")))
            r = 1;
        if (r == 1)
            *line = in->first_line;
        if (r)
            return r;
    }
    for (size_t d = (size_t)s + 1; d < doc->nstages; d++) {
        if (doc->stages[d].base_stage != s)
            continue;
        if (lists_read_after(ps, (int)d, doc->stages[d].first, line) == 1)
            return 1;
    }
    return 0;
}

/* ---- the statements of a RUN, for dropping commands from its chain ------------- */

/* The index of the statement that is command c, or -1. */
static int stmt_of(const stmts *ss, const lf_shell_cmd *sc)
{
    if (!sc)
        return -1;
    TSNode n = sc->node, p = ts_node_parent(n);
    if (lf_node_is(p, "redirected_statement"))
        n = p;
    for (size_t i = 0; i < ss->n; i++)
        if (ts_node_eq(ss->s[i].node, n))
            return (int)i;
    return -1;
}

/* Text between two statements holds a comment (a Dockerfile comment line in
 * a continuation, or a shell comment): dropping it would lose the comment. */
static bool gap_has_comment(const lf_doc *doc, size_t a, size_t b)
{
    return a < b && memchr(doc->src->data + a, '#', b - a) != NULL;
}

/* Can statement i be dropped (alone)? */
static bool stmt_removable(const lf_doc *doc, const stmts *ss, int i)
{
    if (i < 0 || ss->s[i].after_or)
        return false;
    if (i > 0)
        return !gap_has_comment(doc, ts_node_end_byte(ss->s[i - 1].node),
                                ts_node_start_byte(ss->s[i].node));
    return ss->n > 1 && !gap_has_comment(doc, ts_node_end_byte(ss->s[0].node),
                                         ts_node_start_byte(ss->s[1].node));
}

/* Turns the statements marked in drop into removals: a run i..j goes from
 * the end of the statement before it, or, at the start, up to the
 * statement after it, so the separators and the author's continuation
 * layout of what stays are untouched. */
static void drop_statements(run_plan *p, const stmts *ss, const bool *drop, char *const *why)
{
    for (size_t i = 0; i < ss->n; i++) {
        if (!drop[i])
            continue;
        size_t j = i;
        while (j + 1 < ss->n && drop[j + 1])
            j++;
        if (i > 0)
            add_removal(p, ts_node_end_byte(ss->s[i - 1].node), ts_node_end_byte(ss->s[j].node),
                        why[i]);
        else if (j + 1 < ss->n)
            add_removal(p, ts_node_start_byte(ss->s[0].node), ts_node_start_byte(ss->s[j + 1].node),
                        why[i]);
        i = j;
    }
}

/* ---- rm ------------------------------------------------------------------ */

typedef enum { RM_UNRELATED, RM_INSIDE, RM_ANCESTOR } rm_rel;

/* How rm operand path p (absolute, may hold glob characters) relates to
 * mount target t: inside it (or the mount point itself), an ancestor (rm -r
 * would try to remove the mount point), or unrelated. */
static rm_rel rm_relation(const char *p, const char *t)
{
    const char *a = p, *b = t;
    for (;;) {
        while (*a == '/')
            a++;
        while (*b == '/')
            b++;
        if (!*b)
            return RM_INSIDE;
        if (!*a)
            return RM_ANCESTOR;
        size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
        char sa[256], sb[256];
        snprintf(sa, sizeof sa, "%.*s", (int)na, a);
        snprintf(sb, sizeof sb, "%.*s", (int)nb, b);
        bool glob = strpbrk(sa, "*?[") != NULL;
        if (glob ? fnmatch(sa, sb, 0) != 0 : strcmp(sa, sb) != 0)
            return RM_UNRELATED;
        a += na;
        b += nb;
    }
}

/* The operands of an rm command (words after its options), and whether
 * each is a path we could expand. */
static bool is_rm(const cmdinfo *c)
{
    return c->n >= 2 && !c->w[0].dyn && strcmp(base_name(c->w[0].s), "rm") == 0;
}

/* The absolute path an rm operand names, or NULL. */
static char *rm_path(const stage_state *st, const cmdinfo *c, size_t k, const char *home)
{
    scope sc = {{&c->env, &st->env, NULL}, home};
    lf_buf v = LF_BUF_INIT;
    char *p = NULL;
    const char *raw = c->w[k].s;
    /* the word with quotes already removed: only variables and ~ remain */
    if (expand(raw, strlen(raw), '\0', true, &sc, &v) && (v.data[0] == '/' || c->cwd))
        p = path_join(c->cwd, v.data);
    lf_buf_free(&v);
    return p;
}

static bool rm_operand(const cmdinfo *c, size_t k, bool *after_dashdash)
{
    if (!*after_dashdash && strcmp(c->w[k].s, "--") == 0) {
        *after_dashdash = true;
        return false;
    }
    return *after_dashdash || c->w[k].s[0] != '-';
}

/* ---- planning a RUN ---------------------------------------------------------- */

typedef struct cand {
    char *target;
    unsigned flags;
    long uid, gid;
    const lf_pm *pm;
    const lf_pm_cache *pc;
    size_t cmd;    /* the command that wants it */
    bool moved;    /* an option or a variable put it there, not the tool's default */
    bool existing; /* the RUN already has a cache mount covering it */
    bool dropped;
} cand;

typedef struct existing_mount {
    char *target;
    bool cache;
} existing_mount;

/* The targets of the RUN's own --mount flags (relative ones against the
 * working directory). */
static size_t existing_mounts(const lf_doc *doc, const lf_instr *in, const char *workdir,
                              existing_mount *out, size_t cap)
{
    size_t n = 0;
    lf_buf v = LF_BUF_INIT;
    for (size_t f = 0; f < in->nflags && n < cap; f++) {
        const lf_flag *fl = &doc->flags[in->first_flag + f];
        if (!fl->is_mount)
            continue;
        bool cache = false;
        char *target = NULL;
        for (size_t k = 0; k < fl->nopts; k++) {
            const lf_mount_opt *o = &doc->mount_opts[fl->first_opt + k];
            if (!o->has_value)
                continue;
            unquote(lf_doc_text(doc, o->value), o->value.end - o->value.start, &v);
            if (span_is(doc, o->key, "type"))
                cache = strcasecmp(v.data, "cache") == 0;
            else if (span_is(doc, o->key, "target") || span_is(doc, o->key, "dst") ||
                     span_is(doc, o->key, "destination")) {
                free(target);
                target = path_join(workdir ? workdir : "/", v.data);
            }
        }
        if (target)
            out[n++] = (existing_mount){target, cache};
    }
    lf_buf_free(&v);
    return n;
}

static const char *cache_label(const cand *c)
{
    return c->pc->name;
}

/* A word removal: from the end of the word before it, so a word alone on a
 * continuation line takes its line with it. */
static bool word_removal(const lf_doc *doc, const cmdinfo *c, size_t k, size_t *start, size_t *end)
{
    if (!c->editable || k == 0)
        return false;
    *start = c->w[k - 1].span.end;
    *end = c->w[k].span.end;
    return !gap_has_comment(doc, *start, c->w[k].span.start);
}

/* An assignment removal: up to the next word, so `A=1 cmd` becomes `cmd`. */
static bool assign_removal(const lf_doc *doc, const cmdinfo *c, size_t a, size_t *start,
                           size_t *end)
{
    if (!c->editable || c->n == 0)
        return false;
    *start = c->assign[a].start;
    *end = a + 1 < c->nassign ? c->assign[a + 1].start : c->w[0].span.start;
    return *end > *start && !gap_has_comment(doc, c->assign[a].end, *end);
}

/* The first no-cache option at or after word from (a command may repeat it:
 * every one must go). */
static const char *no_cache_word(const cmdinfo *c, size_t from, size_t *at)
{
    for (size_t k = from > c->prog + 1 ? from : c->prog + 1; k < c->n; k++)
        if (lf_pkgmgr_in(c->pm->no_cache_opts, c->w[k].s)) {
            *at = k;
            return c->w[k].s;
        }
    return NULL;
}

/* The command's words joined by spaces (for messages), in buf. */
static const char *words_text(const cmdinfo *c, lf_buf *buf)
{
    lf_buf_clear(buf);
    lf_buf_adds(buf, "");
    for (size_t k = 0; k < c->n; k++)
        lf_buf_printf(buf, "%s%s", k ? " " : "", c->w[k].s);
    return buf->data;
}

static bool is_clean(const cmdinfo *c, const lf_pm_cache *pc)
{
    for (size_t i = 0; pc->clean && pc->clean[i]; i++)
        if (matches(c, pc->clean[i]))
            return true;
    return false;
}

static void plan_run(pass_state *ps, int s, stage_state *st, int i, run_plan *p)
{
    const lf_doc *doc = ps->doc;
    const lf_instr *in = &doc->instrs[i];
    size_t at = in->keyword.start, line = in->first_line;
    cmdlist cl = {0};
    collect(&ps->rc, in, st->workdir, &cl);
    run_user ru;
    resolve_user(st, &ru);
    p->root = ru.root;
    existing_mount ex[16];
    size_t nex = existing_mounts(doc, in, st->workdir, ex, 16);
    stmts ss = {0};
    if (in->shell_tree && !in->shell_has_error)
        flatten(ts_tree_root_node(in->shell_tree), &ss);
    cand *cs = NULL;
    size_t nc = 0, capc = 0;
    lf_buf why = LF_BUF_INIT;

    /* 1. what each command's tool wants */
    for (size_t k = 0; k < cl.n; k++) {
        const cmdinfo *c = &cl.c[k];
        if (!c->pm || !c->pm->caches)
            continue;
        const char *variant = variant_of(ps, st, c, s);
        for (const lf_pm_cache *pc = c->pm->caches; pc->name; pc++) {
            if (pc->variant && (!variant || strcmp(pc->variant, variant) != 0))
                continue;
            if (!uses_cache(c, pc))
                continue;
            if (pc == &apt_pm()->caches[0])
                p->apt_use = true;
            if (pc->flags & LF_PC_SKIP) {
                if (!(st->skip_noted & (1u << c->pm->id)))
                    note(ps, at, "no cache mount for the %s at line %zu: %s", pc->name, line,
                         pc->skip_why);
                st->skip_noted |= 1u << c->pm->id;
                continue;
            }
            const var *off = NULL;
            for (size_t e = 0; c->pm->no_cache_env && c->pm->no_cache_env[e] && !off; e++)
                off = vars_find(&st->env, c->pm->no_cache_env[e]);
            if (off && !vars_find(&c->env, off->name)) {
                note(ps, at,
                     "no cache mount for the %s at line %zu: %s %s%zu turns it off (left as "
                     "written)",
                     pc->name, line, off->name,
                     off->line ? "set at line " : "set by the base image", off->line);
                continue;
            }
            if (!(pc->flags & LF_PC_SYSTEM) && !ru.known) {
                note(ps, at,
                     "no cache mount for the %s at line %zu: USER `%s` has no uid known from this "
                     "Dockerfile (a wrong uid fails with permission denied, another one makes a "
                     "separate cache); create the user with `useradd -u`/`adduser -u` or use a "
                     "numeric USER",
                     pc->name, line, ru.spec);
                continue;
            }
            lf_buf_clear(&why);
            char *t = NULL;
            bool moved;
            if (!resolve_target(st, c, pc, &ru, &t, &moved, &why)) {
                note(ps, at, "no cache mount for the %s at line %zu: %s", pc->name, line, why.data);
                continue;
            }
            cand *dup = NULL;
            for (size_t j = 0; j < nc && !dup; j++)
                if (strcmp(cs[j].target, t) == 0)
                    dup = &cs[j];
            if (dup) {
                dup->flags |= pc->flags & LF_PC_LOCKED;
                free(t);
                continue;
            }
            cand *x = LF_VEC_PUSH(cs, nc, capc);
            x->target = t;
            x->flags = pc->flags;
            x->pm = c->pm;
            x->pc = pc;
            x->cmd = k;
            x->moved = moved;
            x->uid = (pc->flags & LF_PC_SYSTEM) || ru.root ? -1 : ru.uid;
            x->gid = (pc->flags & LF_PC_SYSTEM) || ru.root ? -1 : ru.gid;
        }
    }

    /* apt run some other way (`xargs apt-get install`): it installs
     * without the mount, which docker-clean's removal must know */
    if (!p->apt_use && in->joined &&
        (strstr(in->joined, "apt-get install") || strstr(in->joined, "apt install") ||
         strstr(in->joined, "apt-get -y install") || strstr(in->joined, "aptitude install")))
        p->apt_use = true;

    /* the mounts of one tool in the table's order (apt: the package cache,
     * then the lists), tools in the order they first run */
    for (size_t a = 1; a < nc; a++)
        for (size_t b = a; b > 0; b--) {
            cand *x = &cs[b - 1], *y = &cs[b];
            if (x->pm != y->pm || x->pc <= y->pc)
                break;
            cand t = *x;
            *x = *y;
            *y = t;
        }

    /* 2. where a mount must not go */
    bool lists_removed_here = false;
    for (size_t k = 0; k < cl.n; k++) {
        const cmdinfo *c = &cl.c[k];
        bool dd = false;
        for (size_t w = 1; is_rm(c) && w < c->n; w++) {
            if (!rm_operand(c, w, &dd))
                continue;
            char *rp = rm_path(st, c, w, ru.home);
            if (rp && rm_relation(rp, "/var/lib/apt/lists") == RM_INSIDE)
                lists_removed_here = true;
            free(rp);
        }
    }
    for (size_t j = 0; j < nc; j++) {
        cand *x = &cs[j];
        const cmdinfo *c = &cl.c[x->cmd];
        const char *t = x->target;
        for (size_t e = 0; e < nex && !x->dropped && !x->existing; e++) {
            if (ex[e].cache && path_within(t, ex[e].target)) {
                x->existing = true;
            } else if (ex[e].cache && path_within(ex[e].target, t)) {
                x->dropped = true; /* the author caches a part of it: left as it is */
            } else if (path_overlap(t, ex[e].target)) {
                note(ps, at,
                     "no cache mount at %s for the %s at line %zu: the RUN already mounts %s", t,
                     cache_label(x), line, ex[e].target);
                x->dropped = true;
            }
        }
        if (x->dropped || x->existing)
            continue;
        const char *hides = NULL;
        if (path_within(t, "/dev") || path_within(t, "/proc") || path_within(t, "/sys") ||
            path_within(t, "/run")) {
            note(ps, at, "no cache mount at %s for the %s at line %zu: it is a system path", t,
                 cache_label(x), line);
            x->dropped = true;
            continue;
        }
        if (is_system_dir(t) || path_depth(t) < 2)
            hides = "a system directory";
        else if (st->workdir && path_within(st->workdir, t))
            hides = "the working directory";
        else if (c->cwd && path_within(c->cwd, t))
            hides = "the directory the command runs in";
        else if (ru.home && path_within(ru.home, t))
            hides = "the user's HOME";
        if (hides) {
            note(ps, at, "no cache mount at %s for the %s at line %zu: it would hide %s", t,
                 cache_label(x), line, hides);
            x->dropped = true;
            continue;
        }
        /* a project output can only be where an option or a variable moved
         * the cache: the tools' own places are not in any project */
        const char *dirs[2] = {st->workdir, c->cwd};
        for (int d = 0; d < 2 && !x->dropped && x->moved; d++) {
            if (!dirs[d] || !path_within(t, dirs[d]) || strcmp(t, dirs[d]) == 0)
                continue;
            const char *o = output_component(t + strlen(dirs[d]) + (strcmp(dirs[d], "/") != 0));
            if (o) {
                note(ps, at,
                     "no cache mount at %s for the %s at line %zu: it is inside the project's "
                     "`%s`, which the image needs",
                     t, cache_label(x), line, o);
                x->dropped = true;
            }
        }
        for (size_t o = 0; INSTALL_DIR_OPTS[o] && !x->dropped; o++) {
            const cword *v = option_value(c, INSTALL_DIR_OPTS[o]);
            if (!v || c->pm->id == LF_PM_APT || c->pm->id == LF_PM_DNF)
                continue;
            const char *val = strchr(v->s, '=') && v->s[0] == '-' ? strchr(v->s, '=') + 1 : v->s;
            char *dir = path_join(c->cwd ? c->cwd : "/", val);
            if (dir && path_overlap(dir, t)) {
                note(ps, at,
                     "no cache mount at %s for the %s at line %zu: `%s %s` installs there, and "
                     "the image needs what it installs",
                     t, cache_label(x), line, INSTALL_DIR_OPTS[o], val);
                x->dropped = true;
            }
            free(dir);
        }
        if (x->dropped)
            continue;
        const copy_rec *cr = copied_into(ps, st, t);
        if (cr) {
            note(ps, at,
                 "no cache mount at %s for the %s at line %zu: the COPY/ADD at line %zu puts "
                 "files there, which a mount would hide",
                 t, cache_label(x), line, cr->line);
            x->dropped = true;
            continue;
        }
        if (x->flags & LF_PC_INSTALLS) {
            for (size_t f = 0; f < st->nfilled && !x->dropped; f++)
                if (path_overlap(st->filled[f].target, t)) {
                    note(ps, at,
                         "no cache mount at %s for the %s at line %zu: the RUN at line %zu "
                         "filled it in a layer without a mount, and this step reads what it "
                         "put there",
                         t, cache_label(x), line, st->filled[f].line);
                    x->dropped = true;
                }
            int by = x->dropped ? -1 : exported_by_copy(ps, s, t);
            if (by >= 0) {
                note(ps, at,
                     "no cache mount at %s for the %s at line %zu: the COPY --from at line %zu "
                     "copies it out of this stage, and a mount keeps it out of the layer",
                     t, cache_label(x), line, doc->instrs[by].first_line);
                x->dropped = true;
            }
        }
        size_t later = 0;
        if (!x->dropped && (x->flags & LF_PC_LISTS) && !lists_removed_here &&
            lists_read_after(ps, s, i, &later) == 1) {
            note(ps, at,
                 "no cache mount at %s at line %zu: the RUN at line %zu installs with the "
                 "lists this RUN leaves in its layer",
                 t, line, later);
            x->dropped = true;
        }
    }

    /* 3. defeaters that cannot be dropped, and rm of an ancestor */
    for (size_t j = 0; j < nc; j++) {
        cand *x = &cs[j];
        if (x->dropped)
            continue;
        for (size_t k = 0; k < cl.n && !x->dropped; k++) {
            const cmdinfo *c = &cl.c[k];
            size_t s0, e0, w;
            const char *nw;
            for (size_t from = 0;
                 !x->dropped && c->pm == x->pm && (nw = no_cache_word(c, from, &w)) != NULL;
                 from = w + 1) {
                if (!word_removal(doc, c, w, &s0, &e0)) {
                    note(ps, at,
                         "no cache mount for the %s at line %zu: its `%s` cannot be dropped "
                         "here (%s)",
                         cache_label(x), line, nw,
                         in->exec_form ? "exec form" : "inside `sh -c` or next to a comment");
                    x->dropped = true;
                }
            }
            for (size_t a = 0; c->pm == x->pm && a < c->nassign && !x->dropped; a++) {
                const char *t = c->assign_text[a];
                char name[128];
                snprintf(name, sizeof name, "%.*s", (int)strcspn(t, "="), t);
                if (lf_pkgmgr_in(x->pm->no_cache_env, name) &&
                    !assign_removal(doc, c, a, &s0, &e0)) {
                    note(ps, at,
                         "no cache mount for the %s at line %zu: `%s` cannot be dropped here",
                         cache_label(x), line, t);
                    x->dropped = true;
                }
            }
            if (c->pm == x->pm && is_clean(c, x->pc) &&
                !(c->editable && c->sc && c->sc->top_level &&
                  stmt_removable(doc, &ss, stmt_of(&ss, c->sc)))) {
                note(ps, at,
                     "no cache mount for the %s at line %zu: `%s` would empty it, and it "
                     "cannot be dropped from where it is",
                     cache_label(x), line, words_text(c, &why));
                x->dropped = true;
            }
            bool dd = false, all_inside = true, any_inside = false;
            for (size_t w2 = 1; is_rm(c) && w2 < c->n && !x->dropped; w2++) {
                if (!rm_operand(c, w2, &dd))
                    continue;
                char *rp = rm_path(st, c, w2, ru.home);
                rm_rel rel = rp ? rm_relation(rp, x->target) : RM_UNRELATED;
                if (rel == RM_ANCESTOR) {
                    note(ps, at,
                         "no cache mount at %s for the %s at line %zu: `rm %s` would fail on the "
                         "mount point",
                         x->target, cache_label(x), line, c->w[w2].s);
                    x->dropped = true;
                }
                any_inside = any_inside || rel == RM_INSIDE;
                all_inside = all_inside && rel == RM_INSIDE;
                free(rp);
            }
            if (!x->dropped && any_inside) {
                bool ok = c->editable && c->sc && c->sc->top_level;
                if (ok && all_inside)
                    ok = stmt_removable(doc, &ss, stmt_of(&ss, c->sc));
                if (!ok) {
                    note(ps, at,
                         "no cache mount at %s for the %s at line %zu: the `rm` that empties it "
                         "cannot be dropped from where it is",
                         x->target, cache_label(x), line);
                    x->dropped = true;
                }
            }
        }
    }

    /* 4. the plan: mounts to add, then the defeaters of every mounted cache */
    bool *drop = calloc(ss.n + 1, sizeof *drop);
    char **drop_why = calloc(ss.n + 1, sizeof *drop_why);
    for (size_t j = 0; j < nc; j++) {
        cand *x = &cs[j];
        if (x->dropped)
            continue;
        if (strcmp(x->target, "/var/cache/apt") == 0)
            p->apt_mounted = true;
        if (!x->existing) {
            mount_plan *m = LF_VEC_PUSH(p->m, p->nm, p->capm);
            m->target = dup_s(x->target);
            m->flags = x->flags;
            m->uid = x->uid;
            m->gid = x->gid;
            m->what = x->pc->name;
        }
        for (size_t k = 0; k < cl.n; k++) {
            const cmdinfo *c = &cl.c[k];
            size_t s0, e0, w;
            const char *nw;
            for (size_t from = 0; c->pm == x->pm && (nw = no_cache_word(c, from, &w)) != NULL;
                 from = w + 1) {
                lf_buf_clear(&why);
                if (word_removal(doc, c, w, &s0, &e0)) {
                    lf_buf_printf(&why,
                                  "drop `%s`: the %s is now a cache mount, which stays out of "
                                  "the image, and this option would keep the tool from using it",
                                  nw, x->pc->name);
                    add_removal(p, s0, e0, why.data);
                }
            }
            lf_buf_clear(&why);
            for (size_t a = 0; c->pm == x->pm && a < c->nassign; a++) {
                const char *t = c->assign_text[a];
                char name[128];
                snprintf(name, sizeof name, "%.*s", (int)strcspn(t, "="), t);
                if (lf_pkgmgr_in(x->pm->no_cache_env, name) &&
                    assign_removal(doc, c, a, &s0, &e0)) {
                    lf_buf_clear(&why);
                    lf_buf_printf(&why,
                                  "drop `%s`: the %s is now a cache mount, which stays out of the "
                                  "image, and this setting would keep the tool from using it",
                                  t, x->pc->name);
                    add_removal(p, s0, e0, why.data);
                }
            }
            int si = c->sc ? stmt_of(&ss, c->sc) : -1;
            if (c->pm == x->pm && is_clean(c, x->pc) && si >= 0 && !drop[si]) {
                drop[si] = true;
                lf_buf_clear(&why);
                lf_buf_printf(&why,
                              "drop `%.*s`: it would empty the mounted %s, which is not part of "
                              "the image anyway",
                              (int)(c->sc->span.end - c->sc->span.start),
                              lf_doc_text(doc, c->sc->span), x->pc->name);
                drop_why[si] = dup_s(why.data);
            }
            if (!is_rm(c) || !c->editable || (si >= 0 && drop[si]))
                continue;
            /* rm: every operand inside a mounted target -> drop the command;
             * some -> drop those operands */
            bool dd = false, all_inside = true;
            size_t inside[64], ni = 0;
            for (size_t w2 = 1; w2 < c->n; w2++) {
                if (!rm_operand(c, w2, &dd))
                    continue;
                char *rp = rm_path(st, c, w2, ru.home);
                bool hit = false;
                for (size_t j2 = 0; j2 < nc && rp && !hit; j2++)
                    hit = !cs[j2].dropped && rm_relation(rp, cs[j2].target) == RM_INSIDE;
                free(rp);
                if (hit && ni < 64)
                    inside[ni++] = w2;
                all_inside = all_inside && hit;
            }
            if (ni == 0)
                continue;
            lf_buf_clear(&why);
            lf_buf_printf(&why,
                          "drop `%.*s`: it would empty a mounted cache (%s), which is not part "
                          "of the image anyway",
                          (int)(c->sc->span.end - c->sc->span.start), lf_doc_text(doc, c->sc->span),
                          x->target);
            if (all_inside && si >= 0) {
                drop[si] = true;
                drop_why[si] = dup_s(why.data);
            } else if (!all_inside) {
                for (size_t q = 0; q < ni; q++)
                    if (word_removal(doc, c, inside[q], &s0, &e0)) {
                        lf_buf_clear(&why);
                        lf_buf_printf(&why,
                                      "drop `%s` from this rm: it is inside a mounted cache, "
                                      "which is not part of the image anyway",
                                      c->w[inside[q]].s);
                        add_removal(p, s0, e0, why.data);
                    }
            }
        }
        /* dnf/yum keep downloads only with keepcache */
        for (size_t k = 0; k < cl.n && x->pm->keep_opt; k++) {
            const cmdinfo *c = &cl.c[k];
            if (c->pm != x->pm || !c->editable || !uses_cache(c, x->pc))
                continue;
            bool has = false;
            for (size_t w = c->prog + 1; w < c->n && !has; w++)
                has = strstr(c->w[w].s, "keepcache") != NULL;
            if (!has) {
                char text[96];
                snprintf(text, sizeof text, " %s", x->pm->keep_opt);
                bool dupi = false;
                for (size_t q = 0; q < p->nins; q++)
                    dupi = dupi || p->ins[q].start == c->w[c->prog].span.end;
                if (!dupi)
                    add_insertion(p, c->w[c->prog].span.end, text,
                                  "keep downloaded packages in the mounted cache: dnf and yum "
                                  "delete them after installing unless keepcache is set");
            }
        }
    }
    drop_statements(p, &ss, drop, drop_why);
    for (size_t k = 0; k <= ss.n; k++)
        free(drop_why[k]);
    free(drop);
    free(drop_why);

    /* 5. what this RUN leaves for the ones after it */
    for (size_t j = 0; j < nc; j++)
        if (cs[j].dropped && (cs[j].flags & LF_PC_INSTALLS)) {
            filled *f = LF_VEC_PUSH(st->filled, st->nfilled, st->capf);
            f->target = dup_s(cs[j].target);
            f->line = line;
        }
    for (size_t k = 0; k < cl.n; k++) {
        const cmdinfo *c = &cl.c[k];
        bool dd = false;
        for (size_t w = 1; is_rm(c) && w < c->n; w++)
            if (rm_operand(c, w, &dd) && strcmp(c->w[w].s, lf_apt_docker_clean_path) == 0)
                st->keeps_debs = true;
    }
    learn_users(st, &cl);

    for (size_t j = 0; j < nc; j++)
        free(cs[j].target);
    free(cs);
    for (size_t e = 0; e < nex; e++)
        free(ex[e].target);
    free(ss.s);
    free(ru.home);
    lf_buf_free(&why);
    cmdlist_release(&cl);
}

/* ---- walking the stages -------------------------------------------------- */

/* Expands a Dockerfile word in the stage's environment into a new string,
 * or NULL. */
static char *expand_doc(const lf_doc *doc, const stage_state *st, const char *s, size_t n)
{
    scope sc = {{&st->env, NULL, NULL}, NULL};
    lf_buf v = LF_BUF_INIT;
    char *r = expand(s, n, doc->escape, false, &sc, &v) ? dup_s(v.data) : NULL;
    lf_buf_free(&v);
    return r;
}

static void walk_env(const lf_doc *doc, stage_state *st, const lf_instr *in)
{
    /* every pair sees the environment from before the instruction */
    lf_strv names = LF_STRV_INIT, values = LF_STRV_INIT;
    bool known[64] = {0};
    TSNode ch;
    lf_children it = lf_children_of(in->body);
    while (lf_children_next(&it, &ch)) {
        bool env = lf_node_is(ch, "env_pair"), arg = lf_node_is(ch, "arg_declaration");
        if (!env && !arg)
            continue;
        TSNode n = ts_node_child_by_field_name(ch, "name", 4);
        TSNode v = ts_node_child_by_field_name(ch, env ? "value" : "default", env ? 5 : 7);
        if (ts_node_is_null(n))
            continue;
        char *name = dup_n(doc->src->data + ts_node_start_byte(n),
                           ts_node_end_byte(n) - ts_node_start_byte(n));
        const var *old = vars_find(&st->env, name);
        if (arg && old && old->from_env) {
            free(name); /* ENV wins over ARG */
            continue;
        }
        if (arg && ts_node_is_null(v)) {
            /* no default here: a build argument or a global ARG's default
             * may set it, which we cannot know */
            if (names.n < 64) {
                known[names.n] = false;
                lf_strv_push(&names, name, strlen(name));
                lf_strv_push(&values, "", 0);
            }
            free(name);
            continue;
        }
        char *val = ts_node_is_null(v) ? dup_s("")
                                       : expand_doc(doc, st, doc->src->data + ts_node_start_byte(v),
                                                    ts_node_end_byte(v) - ts_node_start_byte(v));
        if (names.n < 64) {
            known[names.n] = val != NULL;
            lf_strv_push(&names, name, strlen(name));
            lf_strv_push(&values, val ? val : "", val ? strlen(val) : 0);
        }
        free(name);
        free(val);
    }
    lf_children_done(&it);
    for (size_t k = 0; k < names.n; k++)
        vars_set(&st->env, names.items[k].s, known[k] ? values.items[k].s : NULL, in->first_line,
                 in->kw == LF_KW_ENV);
    lf_strv_free(&names);
    lf_strv_free(&values);
}

static void walk_copy(const pass_state *ps, stage_state *st, const lf_instr *in)
{
    const lf_doc *doc = ps->doc;
    copy_rec *c = LF_VEC_PUSH(st->copies, st->ncopies, st->capc);
    c->line = in->first_line;
    for (size_t f = 0; f < in->nflags; f++)
        if (span_is(doc, doc->flags[in->first_flag + f].name, "from"))
            c->from = true;
    lf_strv words = LF_STRV_INIT;
    if (in->exec_form) {
        lf_json_string_array(lf_doc_text(doc, in->args), in->args.end - in->args.start, &words);
    } else {
        TSNode ch;
        lf_children it = lf_children_of(in->body);
        while (lf_children_next(&it, &ch)) {
            if (lf_node_is(ch, "path"))
                lf_strv_push(&words, doc->src->data + ts_node_start_byte(ch),
                             ts_node_end_byte(ch) - ts_node_start_byte(ch));
            else if (lf_node_is(ch, "heredoc_start"))
                lf_strv_push(&words, "<<", 2);
        }
        lf_children_done(&it);
    }
    if (words.n >= 2) {
        const lf_str *d = &words.items[words.n - 1];
        char *dest = in->exec_form ? dup_s(d->s) : expand_doc(doc, st, d->s, d->len);
        if (dest) {
            c->dest = path_join(st->workdir, dest);
            free(dest);
        }
        for (size_t k = 0; k + 1 < words.n; k++) {
            char *src = in->exec_form ? dup_s(words.items[k].s)
                                      : expand_doc(doc, st, words.items[k].s, words.items[k].len);
            if (!src || strcmp(src, "<<") == 0) {
                free(src);
                continue;
            }
            char *norm = path_join("/", src);
            lf_strv_push(&c->srcs, norm + 1, strlen(norm + 1));
            free(norm);
            free(src);
        }
    }
    lf_strv_free(&words);
}

static void init_stage(pass_state *ps, int s)
{
    const lf_doc *doc = ps->doc;
    const lf_stage *sg = &doc->stages[s];
    stage_state *st = &ps->st[s];
    if (sg->base_stage >= 0 && sg->base_stage < s) {
        state_copy(st, &ps->st[sg->base_stage]);
        st->skip_noted = 0;
        return;
    }
    st->image_text = dup_n(lf_doc_text(doc, sg->image), sg->image.end - sg->image.start);
    st->image = lf_image_lookup(st->image_text, strlen(st->image_text), &st->family);
    st->workdir = dup_s(st->image && st->image->workdir ? st->image->workdir : "/");
    if (!st->image)
        return;
    for (size_t k = 0; st->image->env && st->image->env[k]; k++) {
        const char *e = st->image->env[k], *eq = strchr(e, '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - e), e);
        vars_set(&st->env, name, eq + 1, 0, true);
    }
    for (size_t k = 0; st->image->users && st->image->users[k].name; k++) {
        const lf_image_user *iu = &st->image->users[k];
        user *u = user_add(&st->users, iu->name);
        u->uid = iu->uid;
        u->gid = iu->gid;
        u->home = dup_s(iu->home);
        group_set(&st->users, iu->name, iu->gid);
    }
}

static void walk_stage(pass_state *ps, int s)
{
    const lf_doc *doc = ps->doc;
    const lf_stage *sg = &doc->stages[s];
    stage_state *st = &ps->st[s];
    init_stage(ps, s);
    for (int i = sg->first + 1; i <= sg->last; i++) {
        const lf_instr *in = &doc->instrs[i];
        switch (in->kw) {
        case LF_KW_ENV:
        case LF_KW_ARG:
            walk_env(doc, st, in);
            break;
        case LF_KW_USER: {
            free(st->user);
            st->user =
                expand_doc(doc, st, lf_doc_text(doc, in->args), in->args.end - in->args.start);
            st->user_dyn = st->user == NULL;
            if (!st->user) /* kept as written, for messages */
                st->user = dup_n(lf_doc_text(doc, in->args), in->args.end - in->args.start);
            break;
        }
        case LF_KW_WORKDIR: {
            char *w =
                expand_doc(doc, st, lf_doc_text(doc, in->args), in->args.end - in->args.start);
            char *next = w ? path_join(st->workdir, w) : NULL;
            free(st->workdir);
            st->workdir = next;
            free(w);
            break;
        }
        case LF_KW_COPY:
        case LF_KW_ADD:
            walk_copy(ps, st, in);
            break;
        case LF_KW_RUN: {
            run_plan *p = LF_VEC_PUSH(ps->plans, ps->nplans, ps->capp);
            p->instr = i;
            plan_run(ps, s, st, i, p);
            break;
        }
        default:
            break;
        }
    }
}

/* ---- docker-clean ----------------------------------------------------------- */

/* Is stage d built on stage s (directly or through other stages)? */
static bool built_on(const lf_doc *doc, int d, int s)
{
    for (int b = doc->stages[d].base_stage, n = 0; b >= 0 && n < 1000;
         b = doc->stages[b].base_stage, n++)
        if (b == s)
            return true;
    return false;
}

static const run_plan *plan_of(const pass_state *ps, int instr)
{
    for (size_t i = 0; i < ps->nplans; i++)
        if (ps->plans[i].instr == instr)
            return &ps->plans[i];
    return NULL;
}

/* The newline that ends the instruction's first line. */
static const char *newline_of(const lf_doc *doc, const lf_instr *in)
{
    const char *s = doc->src->data;
    const char *nl = memchr(s + in->keyword.start, '\n', doc->src->len - in->keyword.start);
    if (!nl)
        return doc->src->nl ? doc->src->nl : "\n";
    return nl > s && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void docker_clean(pass_state *ps, lf_edits *out, bool *removed)
{
    const lf_doc *doc = ps->doc;
    for (size_t s = 0; s < doc->nstages; s++) {
        const lf_stage *sg = &doc->stages[s];
        const stage_state *st = &ps->st[s];
        int base = sg->base_stage;
        removed[s] = base >= 0 && removed[base];
        const run_plan *first = NULL;
        for (int i = sg->first + 1; i <= sg->last && !first; i++) {
            const run_plan *p = plan_of(ps, i);
            if (p && p->apt_use && p->apt_mounted)
                first = p;
        }
        if (st->keeps_debs)
            removed[s] = true;
        if (!first || removed[s])
            continue;
        const lf_instr *in = &doc->instrs[first->instr];
        if (st->family != LF_OS_DEBIAN) {
            if (st->family == LF_OS_UNKNOWN)
                note(ps, in->keyword.start,
                     "base image `%s` is not known to be Debian or Ubuntu: if its apt deletes "
                     "downloaded packages (the official images' docker-clean hook), remove %s "
                     "to let the apt cache mount keep them",
                     st->image_text ? st->image_text : "?", lf_apt_docker_clean_path);
            continue;
        }
        const run_plan *bare = NULL;
        for (size_t i = 0; i < ps->nplans && !bare; i++) {
            const run_plan *p = &ps->plans[i];
            int ps_stage = doc->instrs[p->instr].stage;
            bool mine = ps_stage == (int)s && p->instr >= first->instr;
            if ((mine || (ps_stage >= 0 && built_on(doc, ps_stage, (int)s))) && p->apt_use &&
                !p->apt_mounted)
                bare = p;
        }
        if (bare) {
            note(ps, in->keyword.start,
                 "%s kept: the apt RUN at line %zu has no cache mount on /var/cache/apt, so "
                 "without the hook its downloaded packages would stay in the image",
                 lf_apt_docker_clean_path, doc->instrs[bare->instr].first_line);
            continue;
        }
        if (!first->root) {
            note(ps, in->keyword.start,
                 "%s kept: the first apt RUN (line %zu) runs as a non-root USER, which cannot "
                 "remove it",
                 lf_apt_docker_clean_path, in->first_line);
            continue;
        }
        /* before the comment lines that belong to the RUN */
        size_t pi = 0;
        while (pi < doc->npieces && doc->pieces[pi].instr != first->instr)
            pi++;
        while (pi > 0 && doc->pieces[pi - 1].kind == LF_PIECE_COMMENT)
            pi--;
        size_t at = pi < doc->npieces ? doc->pieces[pi].span.start : in->span.start;
        lf_buf text = LF_BUF_INIT;
        lf_buf_add(&text, doc->src->data + in->span.start, in->keyword.start - in->span.start);
        lf_buf_add(&text, lf_doc_text(doc, in->keyword), in->keyword.end - in->keyword.start);
        lf_buf_printf(&text, " %s%s", lf_apt_keep_downloads_cmd, newline_of(doc, in));
        lf_edits_add(out, at, at, text.data, text.len, PASS,
                     "turn off the Debian/Ubuntu image's docker-clean apt hook, which deletes "
                     "downloaded .debs after every install, so that the apt cache mount keeps "
                     "them for the next build");
        lf_buf_free(&text);
        removed[s] = true;
    }
}

/* ---- edits -------------------------------------------------------------------- */

static void mount_text(const mount_plan *m, lf_buf *out)
{
    lf_buf_printf(out, "--mount=type=cache,target=%s", m->target);
    if (m->flags & LF_PC_LOCKED)
        lf_buf_adds(out, ",sharing=locked");
    if (m->uid >= 0)
        lf_buf_printf(out, ",uid=%ld,gid=%ld", m->uid, m->gid);
}

static void emit_mounts(pass_state *ps, const run_plan *p, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    const lf_instr *in = &doc->instrs[p->instr];
    const char *s = doc->src->data;
    bool multi = memchr(s + in->line.start, '\n', in->line.end - in->line.start) != NULL;
    lf_shell_style st;
    lf_shell_style_of(doc, in, &st);
    const char *nl = newline_of(doc, in);
    lf_buf sep = LF_BUF_INIT, text = LF_BUF_INIT, why = LF_BUF_INIT;
    if (multi)
        lf_buf_printf(&sep, " %c%s%s", doc->escape, nl, st.indent);
    else
        lf_buf_adds(&sep, " ");
    size_t at;
    if (in->nflags > 0) {
        at = doc->flags[in->first_flag + in->nflags - 1].span.end;
        for (size_t k = 0; k < p->nm; k++) {
            lf_buf_add(&text, sep.data, sep.len);
            mount_text(&p->m[k], &text);
        }
    } else {
        at = in->args.start;
        for (size_t k = 0; k < p->nm; k++) {
            if (k)
                lf_buf_add(&text, sep.data, sep.len);
            mount_text(&p->m[k], &text);
        }
        /* `RUN \` + newline: the mounts go before the author's escape */
        size_t e = at;
        if (multi && s[e] == doc->escape) {
            e++;
            while (e < in->line.end && (s[e] == ' ' || s[e] == '\t'))
                e++;
        }
        if (multi && e > at && (s[e] == '\n' || s[e] == '\r'))
            lf_buf_adds(&text, " ");
        else
            lf_buf_add(&text, sep.data, sep.len);
    }
    lf_buf_adds(&why, "cache the ");
    for (size_t k = 0; k < p->nm; k++)
        lf_buf_printf(&why, "%s%s", k ? (k + 1 == p->nm ? " and the " : ", the ") : "",
                      p->m[k].what);
    lf_buf_adds(&why, " in BuildKit cache mounts: when this RUN re-runs, it reuses what earlier "
                      "builds downloaded instead of fetching it again, and the cache stays out "
                      "of the image");
    lf_edits_add(out, at, at, text.data, text.len, PASS, why.data);
    lf_buf_free(&sep);
    lf_buf_free(&text);
    lf_buf_free(&why);
}

static bool has_syntax_directive(const lf_doc *doc)
{
    for (size_t i = 0; i < doc->npieces; i++) {
        if (doc->pieces[i].kind != LF_PIECE_DIRECTIVE)
            continue;
        const char *t = lf_doc_text(doc, doc->pieces[i].span);
        size_t n = doc->pieces[i].span.end - doc->pieces[i].span.start, k = 0;
        while (k < n && (t[k] == '#' || t[k] == ' ' || t[k] == '\t'))
            k++;
        if (n - k >= 6 && strncasecmp(t + k, "syntax", 6) == 0)
            return true;
    }
    return false;
}

int lf_pass_cache_mounts(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    if (doc->nstages == 0)
        return 0;
    lf_builder builder = ctx->opts ? ctx->opts->target_builder : LF_BUILDER_BUILDKIT;
    pass_state ps = {.doc = doc, .ctx = ctx, .rc = {.doc = doc}};
    ps.quiet = !lf_builder_has_mounts(builder);
    ps.st = calloc(doc->nstages, sizeof *ps.st);
    for (size_t s = 0; s < doc->nstages; s++)
        walk_stage(&ps, (int)s);
    size_t wanted = 0;
    int first_run = -1;
    for (size_t i = 0; i < ps.nplans; i++)
        if (ps.plans[i].nm > 0) {
            wanted += ps.plans[i].nm;
            if (first_run < 0)
                first_run = ps.plans[i].instr;
        }
    if (ps.quiet) {
        if (wanted > 0) {
            static const char *const names[] = {"buildkit", "buildah", "kaniko", "legacy"};
            ps.quiet = false;
            note(&ps, doc->instrs[first_run].keyword.start,
                 "no cache mounts added: the target builder (%s) cannot run RUN --mount; %zu "
                 "would have been added",
                 names[builder], wanted);
        }
    } else {
        for (size_t i = 0; i < ps.nplans; i++) {
            const run_plan *p = &ps.plans[i];
            if (p->nm > 0)
                emit_mounts(&ps, p, out);
            for (size_t k = 0; k < p->nins; k++)
                lf_edits_add(out, p->ins[k].start, p->ins[k].start, p->ins[k].why,
                             strlen(p->ins[k].why), PASS, p->ins_why[k]);
            for (size_t k = 0; k < p->nr; k++)
                lf_edits_add(out, p->r[k].start, p->r[k].end, "", 0, PASS, p->r[k].why);
        }
        bool *removed = calloc(doc->nstages, sizeof *removed);
        docker_clean(&ps, out, removed);
        free(removed);
        if (wanted > 0 && ctx->opts && ctx->opts->syntax_directive && !has_syntax_directive(doc)) {
            size_t at = doc->npieces > 0 && doc->pieces[0].kind == LF_PIECE_BOM
                            ? doc->pieces[0].span.end
                            : 0;
            lf_buf text = LF_BUF_INIT;
            lf_buf_printf(&text, "# syntax=docker/dockerfile:1%s",
                          doc->src->nl ? doc->src->nl : "\n");
            lf_edits_add(out, at, at, text.data, text.len, PASS,
                         "declare the Dockerfile syntax, so that builders that default to an "
                         "older one accept RUN --mount");
            lf_buf_free(&text);
        }
    }
    for (size_t i = 0; i < ps.nplans; i++)
        plan_free(&ps.plans[i]);
    free(ps.plans);
    for (size_t s = 0; s < doc->nstages; s++)
        state_free(&ps.st[s]);
    free(ps.st);
    if (ps.rc.bash)
        ts_parser_delete(ps.rc.bash);
    return 0;
}
