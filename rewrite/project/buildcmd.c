/*
 * Image builds in shell text (buildcmd.h): the walk over the statements,
 * and the build commands' own flags.
 */
#include "buildcmd.h"

#include "compose.h"
#include "parse.h"
#include "shword.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_LOOP 64

/* One build found from one base. */
typedef struct hit {
    uint32_t at; /* start byte of the command */
    size_t base;
    char *dockerfile, *context, *tool;
    size_t line;
} hit;

typedef struct scan {
    const lf_shell_input *in;
    size_t base;
    hit *hits;
    size_t n, cap;
} scan;

/* What a command's standard input is, when a redirection or a pipe says. */
typedef struct stdin_src {
    TSNode file; /* `< FILE`, or `cat FILE |` */
    bool set;
} stdin_src;

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* --- the flags of the build commands ------------------------------------------------------ */

/* Long flags that take a value (docker build / buildx build, podman build,
 * buildah bud, nerdctl build); any other flag is taken as a boolean. */
static const char *const value_flags[] = {"add-host",
                                          "allow",
                                          "annotation",
                                          "arch",
                                          "attest",
                                          "authfile",
                                          "build-arg",
                                          "build-arg-file",
                                          "build-context",
                                          "builder",
                                          "cache-from",
                                          "cache-to",
                                          "cache-ttl",
                                          "call",
                                          "cap-add",
                                          "cap-drop",
                                          "cert-dir",
                                          "cgroup-parent",
                                          "cgroupns",
                                          "cpp-flag",
                                          "cpu-period",
                                          "cpu-quota",
                                          "cpu-shares",
                                          "cpuset-cpus",
                                          "cpuset-mems",
                                          "creds",
                                          "cw",
                                          "decryption-key",
                                          "device",
                                          "dns",
                                          "dns-option",
                                          "dns-search",
                                          "env",
                                          "file",
                                          "format",
                                          "from",
                                          "group-add",
                                          "hooks-dir",
                                          "iidfile",
                                          "ignorefile",
                                          "ipc",
                                          "isolation",
                                          "jobs",
                                          "label",
                                          "layer-label",
                                          "logfile",
                                          "manifest",
                                          "memory",
                                          "memory-swap",
                                          "metadata-file",
                                          "net",
                                          "network",
                                          "no-cache-filter",
                                          "os",
                                          "os-feature",
                                          "os-version",
                                          "output",
                                          "pid",
                                          "platform",
                                          "progress",
                                          "provenance",
                                          "retry",
                                          "retry-delay",
                                          "runtime",
                                          "runtime-flag",
                                          "sbom",
                                          "secret",
                                          "security-opt",
                                          "shm-size",
                                          "sign-by",
                                          "ssh",
                                          "tag",
                                          "target",
                                          "timestamp",
                                          "ulimit",
                                          "unsetenv",
                                          "unsetlabel",
                                          "userns",
                                          "userns-gid-map",
                                          "userns-gid-map-group",
                                          "userns-uid-map",
                                          "userns-uid-map-user",
                                          "uts",
                                          "variant",
                                          "volume"};

static bool takes_value(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof value_flags / sizeof *value_flags; i++)
        if (strlen(value_flags[i]) == n && memcmp(value_flags[i], name, n) == 0)
            return true;
    return false;
}

/* Short flags that take a value: -f file, -t tag, -o output, -m memory,
 * -c cpu-shares, -v volume. */
static bool short_takes_value(char c)
{
    return strchr("ftomcv", c) != NULL;
}

/* The arguments after the subcommand, read as build flags. */
typedef struct bargs {
    TSNode file;           /* the -f value node (null when not given) */
    const char *file_text; /* when the value was glued to the flag: -fX, --file=X */
    TSNode context;
    size_t npos;
    bool bad;
} bargs;

static void read_flags(lf_sh *s, TSNode *args, size_t n, bargs *B)
{
    lf_buf w = LF_BUF_INIT;
    bool flags = true;
    for (size_t i = 0; i < n; i++) {
        if (lf_sh_opaque(s, args[i]) && flags)
            continue; /* `$BUILD_ARGS`: flags we cannot see */
        lf_buf_clear(&w);
        bool known = lf_sh_word(s, args[i], &w);
        const char *a = lf_buf_cstr(&w);
        if (!known || !flags || a[0] != '-' || strcmp(a, "-") == 0) {
            if (known && flags && strcmp(a, "--") == 0) {
                flags = false;
                continue;
            }
            B->context = args[i];
            B->npos++;
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            bool file = nl == 4 && memcmp(a + 2, "file", 4) == 0;
            if (eq) {
                if (file)
                    B->file_text = strdup(eq + 1);
            } else if (takes_value(a + 2, nl)) {
                if (i + 1 >= n)
                    B->bad = true;
                else if (file)
                    B->file = args[i + 1];
                i++;
            }
            continue;
        }
        /* -q, -f X, -fX, -f=X, -qf X */
        for (size_t k = 1; a[k]; k++) {
            if (!short_takes_value(a[k]))
                continue;
            const char *glued = a[k + 1] == '=' ? a + k + 2 : a + k + 1;
            if (*glued) {
                if (a[k] == 'f')
                    B->file_text = strdup(glued);
            } else if (i + 1 >= n) {
                B->bad = true;
            } else {
                if (a[k] == 'f')
                    B->file = args[i + 1];
                i++;
            }
            break;
        }
    }
    lf_buf_free(&w);
}

/* --- one build command ---------------------------------------------------------------------- */

static void add_hit(scan *S, lf_sh *s, TSNode cmd, const char *tool, const char *df,
                    const char *ctx)
{
    hit *h = LF_VEC_PUSH(S->hits, S->n, S->cap);
    h->at = ts_node_start_byte(cmd);
    h->base = S->base;
    h->dockerfile = strdup(df);
    h->context = ctx ? strdup(ctx) : NULL;
    h->tool = strdup(tool);
    h->line = ts_node_start_point(cmd).row + 1;
    (void)s;
}

static bool is_archive(const char *p)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.zst"};
    size_t n = strlen(p);
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t m = strlen(ext[i]);
        if (n >= m && strcmp(p + n - m, ext[i]) == 0)
            return true;
    }
    return false;
}

/* The build with flags args[0..n) of tool; podman and buildah look for a
 * Containerfile first. */
static void build_command(scan *S, lf_sh *s, TSNode cmd, const char *tool, TSNode *args, size_t n,
                          const stdin_src *in)
{
    bargs B = {0};
    read_flags(s, args, n, &B);
    lf_buf ctx = LF_BUF_INIT, file = LF_BUF_INIT, cpath = LF_BUF_INIT, fpath = LF_BUF_INIT;
    bool ok = !B.bad && B.npos == 1 && lf_sh_word(s, B.context, &ctx) && ctx.len > 0;
    bool has_file = B.file_text || !ts_node_is_null(B.file);
    if (ok && has_file) {
        if (B.file_text)
            lf_buf_adds(&file, B.file_text);
        else
            ok = lf_sh_word(s, B.file, &file);
    }
    const char *c = lf_buf_cstr(&ctx), *f = lf_buf_cstr(&file);
    bool from_stdin = ok && strcmp(c, "-") == 0;
    bool df_stdin = ok && has_file && strcmp(f, "-") == 0;
    if (!ok || lf_build_context_is_remote(c) || (from_stdin && has_file)) {
        ok = false; /* remote, or a tar archive on stdin */
    } else if (from_stdin || df_stdin) {
        /* the Dockerfile comes from the redirection or the pipe */
        lf_buf_clear(&file);
        ok = in && in->set && lf_sh_word(s, in->file, &file) && !is_archive(lf_buf_cstr(&file)) &&
             lf_sh_path(s, lf_buf_cstr(&file), &fpath) && is_file(fpath.data) &&
             (from_stdin || (lf_sh_path(s, c, &cpath) && is_dir(cpath.data)));
    } else {
        ok = lf_sh_path(s, c, &cpath) && is_dir(cpath.data);
        if (ok && has_file) {
            ok = lf_sh_path(s, f, &fpath);
        } else if (ok) {
            bool podman = strncmp(tool, "podman", 6) == 0 || strncmp(tool, "buildah", 7) == 0;
            lf_path_join(cpath.data, "Containerfile", &fpath);
            if (!podman || !is_file(fpath.data)) {
                lf_buf_clear(&fpath);
                lf_path_join(cpath.data, "Dockerfile", &fpath);
            }
        }
        ok = ok && is_file(fpath.data);
    }
    if (ok)
        add_hit(S, s, cmd, tool, fpath.data, from_stdin ? NULL : cpath.data);
    free((char *)B.file_text);
    lf_buf_free(&ctx);
    lf_buf_free(&file);
    lf_buf_free(&cpath);
    lf_buf_free(&fpath);
}

/* kaniko: `executor --context DIR --dockerfile FILE`; a relative
 * --dockerfile that does not exist as given is taken inside the context. */
static void kaniko(scan *S, lf_sh *s, TSNode cmd, const lf_strv *av)
{
    const char *c = NULL, *f = "Dockerfile";
    for (size_t k = 1; k < av->n; k++) {
        const char *a = av->items[k].s;
        const char **to = NULL;
        size_t skip = 0;
        if (strncmp(a, "--context", 9) == 0 || strncmp(a, "-c", 2) == 0)
            to = &c, skip = a[1] == '-' ? 9 : 2;
        else if (strncmp(a, "--dockerfile", 12) == 0 || strncmp(a, "-f", 2) == 0)
            to = &f, skip = a[1] == '-' ? 12 : 2;
        if (!to)
            continue;
        if (a[skip] == '=')
            *to = a + skip + 1;
        else if (!a[skip] && k + 1 < av->n)
            *to = av->items[++k].s;
    }
    if (!c || strchr(c, '\x01') || strchr(f, '\x01'))
        return;
    if (strncmp(c, "dir://", 6) == 0)
        c += 6;
    else if (strstr(c, "://"))
        return;
    lf_buf cpath = LF_BUF_INIT, fpath = LF_BUF_INIT;
    if (lf_sh_path(s, c, &cpath) && is_dir(cpath.data) && lf_sh_path(s, f, &fpath)) {
        if (!is_file(fpath.data) && f[0] != '/') {
            lf_buf_clear(&fpath);
            lf_path_join(cpath.data, f, &fpath);
        }
        if (is_file(fpath.data))
            add_hit(S, s, cmd, "kaniko", fpath.data, cpath.data);
    }
    lf_buf_free(&cpath);
    lf_buf_free(&fpath);
}

/* Global flags of docker/podman/buildah/nerdctl before the subcommand that
 * take a value. */
static bool global_value_flag(const char *a)
{
    static const char *const g[] = {"--config",
                                    "-c",
                                    "--context",
                                    "-H",
                                    "--host",
                                    "-l",
                                    "--log-level",
                                    "--tlscacert",
                                    "--tlscert",
                                    "--tlskey",
                                    "--root",
                                    "--runroot",
                                    "--storage-driver",
                                    "--storage-opt",
                                    "--cgroup-manager",
                                    "--connection",
                                    "--url",
                                    "--identity",
                                    "--registries-conf",
                                    "--namespace",
                                    "-n",
                                    "--address",
                                    "-a",
                                    "--snapshotter",
                                    "--builder",
                                    "--cni-path",
                                    "--data-root"};
    for (size_t i = 0; i < sizeof g / sizeof *g; i++)
        if (strcmp(a, g[i]) == 0)
            return true;
    return false;
}

/* Index (into av) of the first argument after the build subcommand of
 * program p, with the tool's name in tool; 0 when av is no build. */
static size_t build_start(const lf_strv *av, size_t k, const char *p, lf_buf *tool)
{
    static const char *const progs[] = {"docker", "podman", "buildah", "nerdctl"};
    size_t which = 4;
    for (size_t i = 0; i < 4; i++)
        if (strcmp(p, progs[i]) == 0)
            which = i;
    if (which == 4)
        return 0;
    lf_buf_adds(tool, progs[which]);
    for (size_t depth = 0; k < av->n && depth < 3;) {
        const char *a = av->items[k].s;
        if (a[0] == '-') {
            k += !strchr(a, '=') && global_value_flag(a) ? 2 : 1;
            continue;
        }
        bool build =
            strcmp(a, "build") == 0 ||
            (which == 2 && (strcmp(a, "bud") == 0 || strcmp(a, "build-using-dockerfile") == 0));
        bool group = which != 2 && (strcmp(a, "buildx") == 0 || strcmp(a, "image") == 0 ||
                                    strcmp(a, "builder") == 0);
        if (build || (depth > 0 && strcmp(a, "b") == 0)) {
            lf_buf_printf(tool, " %s", a);
            return k + 1;
        }
        if (!group)
            return 0;
        lf_buf_printf(tool, " %s", a);
        k++;
        depth++;
    }
    return 0;
}

static const char *base_name(const char *p)
{
    const char *slash = strrchr(p, '/');
    return slash ? slash + 1 : p;
}

/* A simple command: cd, a wrapper, a build. */
static void command(scan *S, lf_sh *s, TSNode cmd, const stdin_src *in)
{
    uint32_t nc = ts_node_named_child_count(cmd);
    TSNode *args = calloc(nc ? nc : 1, sizeof *args);
    size_t n = 0;
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(cmd, i);
        if (!lf_node_is(c, "variable_assignment") && !lf_node_is(c, "file_redirect") &&
            !lf_node_is(c, "herestring_redirect"))
            args[n++] = c;
    }
    /* the words as far as they are known (unknown ones as "\x01") */
    lf_strv av = LF_STRV_INIT;
    lf_buf w = LF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        lf_buf_clear(&w);
        if (!lf_sh_word(s, args[i], &w)) {
            lf_buf_clear(&w);
            lf_buf_addc(&w, '\x01');
        }
        lf_strv_push(&av, lf_buf_cstr(&w), w.len);
    }
    lf_buf_free(&w);
    static const char *const wrappers[] = {"sudo", "env",  "command", "exec",
                                           "time", "nice", "nohup"};
    size_t k = 0;
    for (bool more = true; more && k < av.n;) {
        more = false;
        for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++)
            if (strcmp(base_name(av.items[k].s), wrappers[i]) == 0) {
                k++;
                while (k < av.n && (av.items[k].s[0] == '-' || strchr(av.items[k].s, '=')))
                    k++; /* their flags, env's NAME=VALUE */
                more = true;
                break;
            }
    }
    if (k < av.n) {
        const char *p = base_name(av.items[k].s);
        lf_buf tool = LF_BUF_INIT;
        size_t start;
        if ((strcmp(p, "cd") == 0 || strcmp(p, "pushd") == 0) && k == 0) {
            size_t a = 1;
            while (a < n && av.items[a].s[0] == '-' && av.items[a].s[1])
                a++;
            lf_sh_cd(s, a < n ? args[a] : (TSNode){0});
        } else if (strcmp(p, "popd") == 0) {
            s->cwd_ok = false;
        } else if (strcmp(p, "executor") == 0) {
            lf_strv rest = LF_STRV_INIT;
            for (size_t i = k; i < av.n; i++)
                lf_strv_push(&rest, av.items[i].s, av.items[i].len);
            kaniko(S, s, cmd, &rest);
            lf_strv_free(&rest);
        } else if ((start = build_start(&av, k + 1, p, &tool)) > 0) {
            build_command(S, s, cmd, tool.data, args + start, n - start, in);
        }
        lf_buf_free(&tool);
    }
    lf_strv_free(&av);
    free(args);
}

/* --- the walk --------------------------------------------------------------------------------- */

static void walk(scan *S, lf_sh *s, TSNode n, const stdin_src *in);

static void walk_children(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++)
        walk(S, s, ts_node_named_child(n, i), in);
}

/* Runs n in a copy of the state (a subshell, a pipeline part, a function). */
static void walk_apart(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    lf_sh sub;
    lf_sh_copy(&sub, s);
    walk(S, &sub, n, in);
    lf_sh_free(&sub);
}

/* NAME=VALUE as a statement (or in export/local/declare/readonly). */
static void assignment(scan *S, lf_sh *s, TSNode a)
{
    TSNode name = ts_node_child_by_field_name(a, "name", 4);
    TSNode value = ts_node_child_by_field_name(a, "value", 5);
    if (!lf_node_is(name, "variable_name"))
        return;
    lf_buf nm = LF_BUF_INIT, v = LF_BUF_INIT;
    lf_sh_text(s, name, &nm);
    if (!ts_node_is_null(value))
        walk_apart(S, s, value, NULL); /* builds inside $(...) */
    if (ts_node_is_null(value) || lf_sh_word(s, value, &v))
        lf_vars_set(&s->vars, nm.data, nm.len, lf_buf_cstr(&v), v.len);
    else
        lf_vars_unset(&s->vars, nm.data);
    lf_buf_free(&nm);
    lf_buf_free(&v);
}

/* `for V in WORDS; do BODY; done`: BODY once per known word. */
static void for_loop(scan *S, lf_sh *s, TSNode n)
{
    TSNode var = ts_node_child_by_field_name(n, "variable", 8);
    TSNode body = ts_node_child_by_field_name(n, "body", 4);
    lf_strv values = LF_STRV_INIT;
    bool known = !ts_node_is_null(var);
    lf_buf w = LF_BUF_INIT;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc && known; i++) {
        TSNode v = ts_node_named_child(n, i);
        if (ts_node_eq(v, var) || ts_node_eq(v, body) || lf_node_is(v, "comment"))
            continue;
        lf_buf_clear(&w);
        known = !lf_node_is(v, "simple_expansion") && !lf_node_is(v, "expansion") &&
                !lf_node_is(v, "command_substitution") && lf_sh_word(s, v, &w) &&
                !strpbrk(lf_buf_cstr(&w), "*?[") && values.n < MAX_LOOP;
        lf_strv_push(&values, lf_buf_cstr(&w), w.len);
    }
    lf_buf_free(&w);
    lf_buf nm = LF_BUF_INIT;
    if (!ts_node_is_null(var))
        lf_sh_text(s, var, &nm);
    if (known && values.n > 0) {
        for (size_t i = 0; i < values.n; i++) {
            lf_vars_set(&s->vars, nm.data, nm.len, values.items[i].s, values.items[i].len);
            walk(S, s, body, NULL);
        }
    } else {
        if (nm.len)
            lf_vars_unset(&s->vars, nm.data);
        walk(S, s, body, NULL);
    }
    lf_buf_free(&nm);
    lf_strv_free(&values);
}

/* `cat FILE | docker build -`: FILE is the build's standard input. */
static void pipeline(scan *S, lf_sh *s, TSNode n)
{
    uint32_t nc = ts_node_named_child_count(n);
    stdin_src pipe_in = {0};
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        walk_apart(S, s, c, pipe_in.set ? &pipe_in : NULL);
        pipe_in.set = false;
        if (lf_node_is(c, "command") && ts_node_named_child_count(c) == 2) {
            lf_buf p = LF_BUF_INIT;
            if (lf_sh_word(s, ts_node_named_child(c, 0), &p) && strcmp(p.data, "cat") == 0) {
                pipe_in.file = ts_node_named_child(c, 1);
                pipe_in.set = true;
            }
            lf_buf_free(&p);
        }
    }
}

/* A statement with redirections: `< FILE` is its standard input. */
static void redirected(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    stdin_src mine = {0};
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        if (!lf_node_is(c, "file_redirect"))
            continue;
        TSNode dest = ts_node_child_by_field_name(c, "destination", 11);
        lf_buf op = LF_BUF_INIT;
        uint32_t cc = ts_node_child_count(c);
        for (uint32_t k = 0; k < cc; k++)
            if (!ts_node_is_named(ts_node_child(c, k)))
                lf_buf_adds(&op, ts_node_type(ts_node_child(c, k)));
        if (strcmp(lf_buf_cstr(&op), "<") == 0 && !ts_node_is_null(dest)) {
            mine.file = dest;
            mine.set = true;
        }
        lf_buf_free(&op);
    }
    TSNode body = ts_node_child_by_field_name(n, "body", 4);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        if (lf_node_is(c, "heredoc_redirect"))
            walk_children(S, s, c, NULL); /* `cat <<EOF | docker build -` */
    }
    walk(S, s, body, mine.set ? &mine : in);
}

static void walk(scan *S, lf_sh *s, TSNode n, const stdin_src *in)
{
    if (ts_node_is_null(n) || s->depth > 32)
        return;
    if (lf_node_is(n, "command")) {
        command(S, s, n, in);
        /* builds inside $(...) of its words */
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++)
            walk_apart(S, s, ts_node_named_child(n, i), NULL);
    } else if (lf_node_is(n, "variable_assignment")) {
        assignment(S, s, n);
    } else if (lf_node_is(n, "declaration_command")) {
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++)
            if (lf_node_is(ts_node_named_child(n, i), "variable_assignment"))
                assignment(S, s, ts_node_named_child(n, i));
    } else if (lf_node_is(n, "subshell") || lf_node_is(n, "function_definition") ||
               lf_node_is(n, "command_substitution")) {
        lf_sh sub;
        lf_sh_copy(&sub, s);
        walk_children(S, &sub, n, NULL);
        lf_sh_free(&sub);
    } else if (lf_node_is(n, "pipeline")) {
        pipeline(S, s, n);
    } else if (lf_node_is(n, "redirected_statement")) {
        redirected(S, s, n, in);
    } else if (lf_node_is(n, "for_statement")) {
        for_loop(S, s, n);
    } else if (lf_node_is(n, "heredoc_body") || lf_node_is(n, "comment") || lf_node_is(n, "word") ||
               lf_node_is(n, "raw_string")) {
        /* nothing runs there */
    } else {
        walk_children(S, s, n, in);
    }
}

/* --- entry ---------------------------------------------------------------------------------- */

int lf_buildcmd_maybe(const char *text, size_t len)
{
    static const char *const tools[] = {"docker", "podman", "buildah", "nerdctl", "executor"};
    for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
        size_t m = strlen(tools[i]);
        for (const char *p = text; (p = memchr(p, tools[i][0], len - (size_t)(p - text))) != NULL;
             p++)
            if ((size_t)(text + len - p) >= m && memcmp(p, tools[i], m) == 0)
                return 1;
    }
    return 0;
}

static void scan_base(scan *S, TSNode root, size_t base)
{
    const lf_shell_input *in = S->in;
    lf_sh s = {.in = in};
    lf_buf sabs = LF_BUF_INIT, rabs = LF_BUF_INIT;
    if (in->script)
        lf_path_key(in->script, &sabs);
    if (in->root)
        lf_path_key(in->root, &rabs);
    s.script_abs = in->script ? sabs.data : NULL;
    s.root_abs = in->root ? rabs.data : NULL;
    lf_vars_copy(&s.vars, in->vars);
    lf_buf_adds(&s.cwd, in->bases[base]);
    s.cwd_ok = true;
    S->base = base;
    walk(S, &s, root, NULL);
    lf_sh_free(&s);
    lf_buf_free(&sabs);
    lf_buf_free(&rabs);
}

/* Reports the hits of one command: from the first base that has them,
 * unless two bases disagree. */
static void report(const scan *S, size_t from, size_t to, lf_buildcmd_fn fn, void *arg)
{
    lf_buf k1 = LF_BUF_INIT, k2 = LF_BUF_INIT;
    const hit *first = &S->hits[from];
    bool agree = true;
    for (size_t i = from + 1; i < to && agree; i++) {
        const hit *h = &S->hits[i];
        if (h->base == first->base)
            continue; /* the same command run again (a loop) */
        lf_buf_clear(&k1);
        lf_buf_clear(&k2);
        lf_path_key(first->dockerfile, &k1);
        lf_path_key(h->dockerfile, &k2);
        agree = strcmp(k1.data, k2.data) == 0 && !first->context == !h->context;
        if (agree && first->context) {
            lf_buf_clear(&k1);
            lf_buf_clear(&k2);
            lf_path_key(first->context, &k1);
            lf_path_key(h->context, &k2);
            agree = strcmp(k1.data, k2.data) == 0;
        }
    }
    for (size_t i = from; i < to && agree; i++) {
        const hit *h = &S->hits[i];
        if (h->base != first->base)
            continue;
        lf_buf df = LF_BUF_INIT, ctx = LF_BUF_INIT;
        if (h->dockerfile[0] == '/')
            lf_path_display(h->dockerfile, &df);
        else
            lf_buf_adds(&df, h->dockerfile);
        if (h->context && h->context[0] == '/')
            lf_path_display(h->context, &ctx);
        else if (h->context)
            lf_buf_adds(&ctx, h->context);
        lf_buildcmd c = {df.data, h->context ? ctx.data : NULL, h->tool, h->line};
        fn(arg, &c);
        lf_buf_free(&df);
        lf_buf_free(&ctx);
    }
    lf_buf_free(&k1);
    lf_buf_free(&k2);
}

static int by_place(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->base < y->base ? -1 : x->base > y->base ? 1 : 0;
}

void lf_buildcmd_scan(const lf_shell_input *in, lf_buildcmd_fn fn, void *arg)
{
    if (!lf_buildcmd_maybe(in->text, in->len) || in->nbases == 0)
        return;
    TSParser *p = ts_parser_new();
    if (!p || !ts_parser_set_language(p, tree_sitter_bash())) {
        if (p)
            ts_parser_delete(p);
        return;
    }
    TSTree *tree = ts_parser_parse_string(p, NULL, in->text, (uint32_t)in->len);
    scan S = {.in = in};
    if (tree) {
        /* each base once */
        for (size_t b = 0; b < in->nbases; b++) {
            bool again = false;
            for (size_t k = 0; k < b && !again; k++)
                again = strcmp(in->bases[k], in->bases[b]) == 0;
            if (!again)
                scan_base(&S, ts_tree_root_node(tree), b);
        }
        /* stable: hits of one base keep their order within a command */
        for (size_t i = 1; i < S.n; i++)
            for (size_t j = i; j > 0 && by_place(&S.hits[j - 1], &S.hits[j]) > 0; j--) {
                hit t = S.hits[j];
                S.hits[j] = S.hits[j - 1];
                S.hits[j - 1] = t;
            }
        for (size_t i = 0; i < S.n;) {
            size_t j = i + 1;
            while (j < S.n && S.hits[j].at == S.hits[i].at)
                j++;
            report(&S, i, j, fn, arg);
            i = j;
        }
        ts_tree_delete(tree);
    }
    for (size_t i = 0; i < S.n; i++) {
        free(S.hits[i].dockerfile);
        free(S.hits[i].context);
        free(S.hits[i].tool);
    }
    free(S.hits);
    ts_parser_delete(p);
}
