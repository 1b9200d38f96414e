/*
 * docker build command lines (see dockerbuild.h).
 */
#include "dockerbuild.h"

#include "ci.h"

#include <string.h>

static bool in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static bool is_docker(const ci_word *w)
{
    return in_list(lf_docker.programs, ci_word_base(w));
}

/* The first word at or after i that is not an option (or an option's value). */
static size_t skip_opts(const ci_cmd *c, size_t i, const char *const *value_opts)
{
    while (i < c->n && c->w[i].text[0] == '-' && strcmp(c->w[i].text, "--") != 0) {
        const char *t = c->w[i].text;
        i += !strchr(t, '=') && in_list(value_opts, t) ? 2 : 1;
    }
    return i;
}

/* Matches the subcommand path (space-separated words) after the program
 * word prog; returns the index after it, or LF_DB_NONE. */
static size_t match_path(const ci_cmd *c, size_t prog, const char *path)
{
    size_t i = skip_opts(c, prog + 1, lf_docker.global_value_opts);
    const char *p = path;
    while (*p) {
        size_t n = strcspn(p, " ");
        if (p != path)
            i = skip_opts(c, i, lf_docker.build_value_opts);
        if (i >= c->n || strlen(c->w[i].text) != n || memcmp(c->w[i].text, p, n) != 0)
            return LF_DB_NONE;
        i++;
        p += n;
        while (*p == ' ')
            p++;
    }
    return i;
}

bool lf_docker_cmd_any(const ci_cmd *c)
{
    size_t prog = ci_cmd_program(c);
    return prog < c->n && is_docker(&c->w[prog]);
}

bool lf_docker_cmd_is(const ci_cmd *c, const char *sub)
{
    size_t prog = ci_cmd_program(c);
    return prog < c->n && is_docker(&c->w[prog]) && match_path(c, prog, sub) != LF_DB_NONE;
}

static void add_build_arg(lf_docker_build *b, size_t word, const char *text)
{
    if (b->nargs >= LF_DB_MAX_ARGS)
        return;
    lf_build_arg *a = &b->args[b->nargs++];
    const char *eq = strchr(text, '=');
    a->word = word;
    a->name = text;
    a->name_len = eq ? (size_t)(eq - text) : strlen(text);
    a->value = eq ? eq + 1 : NULL;
}

/* One option at word i (its value in the same word after '=' or in the
 * next word); returns the index after it. */
static size_t read_option(lf_docker_build *b, size_t i)
{
    const ci_cmd *c = b->cmd;
    const char *t = c->w[i].text, *eq = strchr(t, '=');
    size_t nlen = eq ? (size_t)(eq - t) : strlen(t), vword = eq ? i : i + 1;
    char name[64];
    if (nlen >= sizeof name)
        return i + 1;
    memcpy(name, t, nlen);
    name[nlen] = 0;
    bool has_value = eq || in_list(lf_docker.build_value_opts, name);
    const char *value = eq ? eq + 1 : (vword < c->n ? c->w[vword].text : NULL);
    if (strcmp(name, lf_docker.opt_cache_from) == 0)
        b->cache_from = i;
    else if (strcmp(name, lf_docker.opt_cache_to) == 0)
        b->cache_to = i;
    else if (strcmp(name, lf_docker.opt_no_cache) == 0 && (!eq || strcmp(value, "false") != 0))
        b->no_cache = i;
    else if (in_list(lf_docker.tag_opts, name) && value && b->tag == LF_DB_NONE) {
        b->tag = vword;
        b->tag_value = value;
    } else if (strcmp(name, lf_docker.opt_build_arg) == 0 && value)
        add_build_arg(b, vword, value);
    return !has_value || eq ? i + 1 : i + 2;
}

bool lf_docker_build_read(const ci_cmd *c, lf_docker_build *b)
{
    memset(b, 0, sizeof *b);
    b->cmd = c;
    b->cache_from = b->cache_to = b->no_cache = b->tag = LF_DB_NONE;
    b->prog = ci_cmd_program(c);
    if (b->prog >= c->n || !is_docker(&c->w[b->prog]))
        return false;
    for (const char *const *p = lf_docker.build_cmds; *p; p++) {
        size_t end = match_path(c, b->prog, *p);
        if (end == LF_DB_NONE)
            continue;
        b->sub_end = end;
        b->buildx = strncmp(*p, lf_docker.buildx, strlen(lf_docker.buildx)) == 0;
        break;
    }
    if (!b->sub_end)
        return false;
    for (size_t i = b->sub_end; i < c->n;) {
        if (strcmp(c->w[i].text, "--") == 0)
            break;
        i = c->w[i].text[0] == '-' ? read_option(b, i) : i + 1;
    }
    return true;
}

bool lf_docker_cache_ref(const lf_docker_build *b, lf_buf *out)
{
    lf_buf_clear(out);
    if (!b->tag_value || !*b->tag_value)
        return false;
    const char *t = b->tag_value;
    size_t len = strcspn(t, "@"), slash = 0, colon = len;
    int depth = 0; /* inside `${...}` or `$(...)`: `${TAG:-x}` is not a tag separator */
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '{' || t[i] == '(')
            depth++;
        else if ((t[i] == '}' || t[i] == ')') && depth > 0)
            depth--;
        else if (depth > 0)
            continue;
        else if (t[i] == '/') {
            slash = i + 1;
            colon = len;
        } else if (t[i] == ':' && i >= slash) {
            colon = i;
        }
    }
    /* `app:1` names no registry (it would be Docker Hub's library/app) */
    if (!memchr(t, '/', colon) && !memchr(t, '$', colon))
        lf_buf_adds(out, "<registry>/");
    lf_buf_add(out, t, colon);
    lf_buf_printf(out, ":%s", lf_docker.cache_tag);
    return true;
}
