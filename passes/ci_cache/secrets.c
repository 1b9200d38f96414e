/*
 * ARG and ENV with a secret's name (the knowledge table's rule: *_TOKEN,
 * *_PASSWORD, *_SECRET, *_KEY, NPM_TOKEN...). A build argument's value is
 * recorded in the image's history for every RUN that has it in its
 * environment, and an ENV stays in the image's configuration for every
 * container and every image built on it. The note gives the exact lines: a
 * secret mount (`RUN --mount=type=secret,id=NAME,env=NAME ...`) on each RUN
 * that reads the name, the ARG/ENV to remove, and the build flag.
 */
#include "advice.h"
#include "ci.h"
#include "cinotes.h"
#include "vars.h"

#include <string.h>

#define MAX_LISTED 3

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next word of s[*i..n) (quotes and the escape character respected,
 * continuations skipped) into [*ws, *we); false at the end. */
static bool next_word(const char *s, size_t n, char esc, size_t *i, size_t *ws, size_t *we)
{
    size_t p = *i;
    while (p < n && (is_space(s[p]) || (s[p] == esc && p + 1 < n && is_space(s[p + 1]))))
        p++;
    if (p >= n)
        return false;
    *ws = p;
    char q = 0;
    while (p < n) {
        char c = s[p];
        if (q) {
            q = c == q ? 0 : q;
            p += (c == esc && q == '"' && p + 1 < n) ? 2 : 1;
        } else if (c == '"' || c == '\'') {
            q = c;
            p++;
        } else if (c == esc && p + 1 < n && !is_space(s[p + 1])) {
            p += 2;
        } else if (is_space(c) || c == esc) {
            break;
        } else {
            p++;
        }
    }
    *we = *i = p;
    return true;
}

/* `RUN --mount=... <the rest of the RUN's first line>` for RUN in. */
static void mounted_run(const lf_doc *doc, const lf_instr *in, const char *name, size_t nl,
                        lf_buf *out)
{
    const char *s = doc->src->data;
    size_t a = in->keyword.end;
    while (a < in->line.end && (s[a] == ' ' || s[a] == '\t'))
        a++;
    size_t e = a;
    while (e < in->line.end && s[e] != '\n')
        e++;
    while (e > a && s[e - 1] == '\r')
        e--;
    lf_buf_add(out, s + in->keyword.start, in->keyword.end - in->keyword.start);
    lf_buf_adds(out, " ");
    lf_ci_secret_mount(out, name, nl, true);
    lf_buf_printf(out, " %.*s", (int)(e - a), s + a);
}

static void note_secret(const lf_doc *doc, lf_ctx *ctx, size_t i, const char *name, size_t nl)
{
    const lf_instr *decl = &doc->instrs[i];
    bool env = decl->kw == LF_KW_ENV;
    lf_buf runs = LF_BUF_INIT, target = LF_BUF_INIT;
    size_t listed = 0, more = 0;
    for (size_t k = i + 1; k < doc->ninstrs; k++) {
        const lf_instr *in = &doc->instrs[k];
        bool in_scope =
            env ? lf_advice_stage_on(doc, in->stage, decl->stage) : in->stage == decl->stage;
        if (in->kw != LF_KW_RUN || !in_scope ||
            !lf_names_var(doc->src->data + in->line.start, in->span.end - in->line.start, name, nl))
            continue;
        if (listed == MAX_LISTED) {
            more++;
            continue;
        }
        lf_buf_printf(&runs, "%sline %zu: `", listed++ ? "; " : "",
                      lf_ctx_line(ctx, doc, in->span.start));
        mounted_run(doc, in, name, nl, &runs);
        lf_buf_adds(&runs, "`");
    }
    if (more)
        lf_buf_printf(&runs, "; and %zu more RUNs the same way", more);
    lf_ci_secret_mount(&target, name, nl, false);
    lf_buf what = LF_BUF_INIT, fix = LF_BUF_INIT;
    if (env)
        lf_buf_printf(&what,
                      "the image's configuration keeps it for every container and every image "
                      "built on it (`%s` shows it)",
                      lf_docker.inspect_cmd);
    else
        lf_buf_printf(&what,
                      "a build argument's value is recorded in the image's metadata for every RUN "
                      "that has it in its environment (`%s` shows it)",
                      lf_docker.history_cmd);
    if (listed)
        lf_buf_printf(&fix, "mount it in the RUNs that read it: %s", lf_buf_cstr(&runs));
    else
        lf_buf_printf(&fix, "give the RUN that needs it `%s` and read the file there",
                      lf_buf_cstr(&target));
    lf_ctx_note(ctx, decl->span.start,
                "%s %.*s holds a secret: %s; use a build secret instead: remove it from this %s, "
                "%s, and build with `%s id=%.*s,env=%.*s`%s%s%s",
                env ? "ENV" : "ARG", (int)nl, name, lf_buf_cstr(&what), env ? "ENV" : "ARG",
                lf_buf_cstr(&fix), lf_docker.opt_secret, (int)nl, name, (int)nl, name,
                listed ? " (a secret mount's env= needs Dockerfile syntax 1.10 or later; `" : "",
                listed ? lf_buf_cstr(&target) : "", listed ? "` gives a file instead)" : "");
    lf_buf_free(&what);
    lf_buf_free(&fix);
    lf_buf_free(&runs);
    lf_buf_free(&target);
}

void lf_advice_secrets(const lf_doc *doc, lf_ctx *ctx)
{
    const char *s = doc->src->data;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_ARG && in->kw != LF_KW_ENV)
            continue;
        size_t p = in->args.start, ws, we;
        bool first = true;
        while (next_word(s, in->args.end, doc->escape, &p, &ws, &we)) {
            size_t nl = 0;
            while (ws + nl < we && lf_var_char(s[ws + nl]))
                nl++;
            bool legacy_env = in->kw == LF_KW_ENV && first && (ws + nl == we || s[ws + nl] != '=');
            if (nl && (ws + nl == we || s[ws + nl] == '=') && lf_ci_secret_name(s + ws, nl))
                note_secret(doc, ctx, i, s + ws, nl);
            if (legacy_env) /* `ENV NAME value...`: one name, the rest is its value */
                break;
            first = false;
        }
    }
}
