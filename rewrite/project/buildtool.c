/*
 * Finding the builder and making its command lines (see builder.h).
 *
 * Flags by builder (checked against buildah 1.28's `build --help`; podman
 * shares buildah's build code and flags; docker buildx as documented):
 * - all: -f, --target, --build-arg, --output type=local,dest=DIR;
 * - buildah/podman: --ignorefile (an explicit ignore file, so the context's
 *   .containerignore or .dockerignore is not read), --pull=missing (use a
 *   local base image; pull only what is absent, so both builds see the same
 *   base), -t (the image a build with --output still commits; removed
 *   afterwards), --layers when the layer cache is wanted, and with it
 *   --force-rm (no containers left behind by a failed build; buildah
 *   accepts it only together with --layers or --no-cache);
 * - docker: `buildx build --progress=plain`; BuildKit reads
 *   `<Dockerfile>.dockerignore` next to the Dockerfile before the context's
 *   .dockerignore, and buildx has no --ignorefile.
 */
#include "buildtool.h"

#include "proc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *lf_build_tool_name(lf_build_tool_kind k)
{
    static const char *const names[] = {"docker", "podman", "buildah"};
    return names[k];
}

int lf_split_command(const char *s, lf_strv *words)
{
    lf_buf w = LF_BUF_INIT;
    bool in_word = false;
    for (;; s++) {
        char c = *s;
        if (c == 0 || c == ' ' || c == '\t' || c == '\n') {
            if (in_word)
                lf_strv_push(words, lf_buf_cstr(&w), w.len);
            lf_buf_clear(&w);
            in_word = false;
            if (c == 0)
                break;
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (!*++s)
                goto bad;
            if (*s != '\n')
                lf_buf_addc(&w, *s);
        } else if (c == '\'') {
            const char *end = strchr(s + 1, '\'');
            if (!end)
                goto bad;
            lf_buf_add(&w, s + 1, (size_t)(end - s - 1));
            s = end;
        } else if (c == '"') {
            for (s++; *s != '"'; s++) {
                if (!*s)
                    goto bad;
                if (*s == '\\' && s[1] && strchr("\"\\$`\n", s[1])) {
                    if (s[1] != '\n')
                        lf_buf_addc(&w, s[1]);
                    s++;
                    continue;
                }
                lf_buf_addc(&w, *s);
            }
        } else {
            lf_buf_addc(&w, c);
        }
    }
    lf_buf_free(&w);
    return 0;
bad:
    lf_buf_free(&w);
    return -1;
}

/* Is the program name (the file name part of word) one of the builders? */
static int kind_of_word(const char *word)
{
    const char *base = strrchr(word, '/');
    base = base ? base + 1 : word;
    for (int k = LF_TOOL_DOCKER; k <= LF_TOOL_BUILDAH; k++)
        if (strcmp(base, lf_build_tool_name((lf_build_tool_kind)k)) == 0)
            return k;
    return -1;
}

static bool on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return false;
    lf_buf p = LF_BUF_INIT;
    bool found = false;
    for (const char *dir = path; !found; dir++) {
        const char *end = strchr(dir, ':');
        size_t n = end ? (size_t)(end - dir) : strlen(dir);
        lf_buf_clear(&p);
        if (n)
            lf_buf_add(&p, dir, n);
        else
            lf_buf_addc(&p, '.');
        lf_buf_printf(&p, "/%s", name);
        found = access(lf_buf_cstr(&p), X_OK) == 0;
        if (!end)
            break;
        dir = end;
    }
    lf_buf_free(&p);
    return found;
}

/* docker counts only when `docker buildx version` works. */
static bool docker_has_buildx(void)
{
    char *argv[] = {"docker", "buildx", "version", NULL};
    lf_proc p;
    lf_buf err = LF_BUF_INIT;
    bool ok = lf_proc_run(argv, 30, &p, &err) == 0 && p.status == 0;
    lf_buf_free(&p.out);
    lf_buf_free(&err);
    return ok;
}

int lf_build_tool_find(lf_build_tool *b, const char *spec, lf_buf *err)
{
    memset(b, 0, sizeof *b);
    if (!spec || !*spec) {
        for (int k = LF_TOOL_DOCKER; k <= LF_TOOL_BUILDAH; k++) {
            const char *name = lf_build_tool_name((lf_build_tool_kind)k);
            if (!on_path(name) || (k == LF_TOOL_DOCKER && !docker_has_buildx()))
                continue;
            b->kind = (lf_build_tool_kind)k;
            lf_strv_push(&b->prefix, name, strlen(name));
            b->shown = strdup(name);
            return 0;
        }
        lf_buf_adds(err, "layerfix: error: --verify: no builder found: none of docker (with "
                         "buildx), podman or buildah is on PATH");
        return -1;
    }
    if (lf_split_command(spec, &b->prefix) != 0) {
        lf_buf_printf(err,
                      "layerfix: error: --verify=%s: unterminated quote or trailing "
                      "backslash",
                      spec);
        lf_build_tool_free(b);
        return -1;
    }
    for (size_t i = 0; i < b->prefix.n; i++) {
        int k = kind_of_word(b->prefix.items[i].s);
        if (k >= 0) {
            b->kind = (lf_build_tool_kind)k;
            b->shown = strdup(spec);
            return 0;
        }
    }
    lf_buf_printf(err,
                  "layerfix: error: --verify=%s: the builder is docker, podman or buildah "
                  "(a command with options is fine: --verify='buildah --root DIR')",
                  spec);
    lf_build_tool_free(b);
    return -1;
}

void lf_build_tool_free(lf_build_tool *b)
{
    lf_strv_free(&b->prefix);
    free(b->shown);
    memset(b, 0, sizeof *b);
}

static void push(lf_strv *v, const char *s)
{
    lf_strv_push(v, s, strlen(s));
}

static void push_prefix(const lf_build_tool *b, lf_strv *argv)
{
    for (size_t i = 0; i < b->prefix.n; i++)
        lf_strv_push(argv, b->prefix.items[i].s, b->prefix.items[i].len);
}

/* docker: "buildx" unless the prefix already says it. */
static void push_buildx(const lf_build_tool *b, lf_strv *argv)
{
    for (size_t i = 0; i < b->prefix.n; i++)
        if (strcmp(b->prefix.items[i].s, "buildx") == 0)
            return;
    push(argv, "buildx");
}

void lf_build_tool_build_argv(const lf_build_tool *b, const lf_build_spec *s, lf_strv *argv)
{
    lf_buf a = LF_BUF_INIT;
    push_prefix(b, argv);
    if (b->kind == LF_TOOL_DOCKER) {
        push_buildx(b, argv);
        push(argv, "build");
        push(argv, "--progress=plain");
    } else {
        push(argv, "build");
        push(argv, "--pull=missing");
        if (s->layers) {
            push(argv, "--layers");
            push(argv, "--force-rm");
        }
        if (s->ignorefile) {
            push(argv, "--ignorefile");
            push(argv, s->ignorefile);
        }
        if (s->tag) {
            push(argv, "-t");
            push(argv, s->tag);
        }
    }
    push(argv, "-f");
    push(argv, s->dockerfile);
    if (s->target) {
        push(argv, "--target");
        push(argv, s->target);
    }
    for (size_t i = 0; i < s->nbuild_args; i++) {
        push(argv, "--build-arg");
        push(argv, s->build_args[i]);
    }
    lf_buf_printf(&a, "type=local,dest=%s", s->out_dir);
    push(argv, "--output");
    push(argv, lf_buf_cstr(&a));
    push(argv, s->context);
    lf_buf_free(&a);
}

void lf_build_tool_probe_argv(const lf_build_tool *b, lf_strv *argv)
{
    push_prefix(b, argv);
    if (b->kind == LF_TOOL_DOCKER) {
        push_buildx(b, argv);
        push(argv, "inspect");
        push(argv, "--bootstrap");
    } else {
        push(argv, "info");
    }
}

bool lf_build_tool_pull_argv(const lf_build_tool *b, const char *image, lf_strv *argv)
{
    if (b->kind == LF_TOOL_DOCKER)
        return false;
    push_prefix(b, argv);
    push(argv, "pull");
    push(argv, "--policy");
    push(argv, "missing");
    push(argv, "--quiet");
    push(argv, image);
    return true;
}

bool lf_build_tool_rmi_argv(const lf_build_tool *b, const char *tag, lf_strv *argv)
{
    if (b->kind == LF_TOOL_DOCKER)
        return false;
    push_prefix(b, argv);
    push(argv, "rmi");
    push(argv, tag);
    return true;
}

char **lf_build_tool_exec_argv(const lf_strv *argv)
{
    char **v = calloc(argv->n + 1, sizeof *v);
    for (size_t i = 0; i < argv->n; i++)
        v[i] = argv->items[i].s;
    return v;
}
