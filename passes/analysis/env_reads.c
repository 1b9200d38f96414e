/* What a RUN reads from its environment (see env_reads.h). */
#include "env_reads.h"

#include "paths.h"
#include "run_model.h"
#include "tools.h"
#include "vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is(const lf_cmd *c, const char *prog)
{
    return strcmp(c->progname, prog) == 0;
}

/* Does c print the whole environment? */
static bool dumps_env(const lf_cmd *c)
{
    if (c->pm)
        return false;
    if (is(c, "env") || is(c, "printenv"))
        return c->n == 1 || (c->n >= 2 && c->w[1].s[0] == '-' && !is(c, "env"));
    if (is(c, "set"))
        return c->n == 1;
    if (is(c, "export") || is(c, "declare") || is(c, "typeset"))
        for (size_t k = 1; k < c->n; k++)
            if (strcmp(c->w[k].s, "-p") == 0 || strcmp(c->w[k].s, "-x") == 0)
                return c->n == k + 1;
    return false;
}

/* The file c runs (as written), or NULL: a program given by path or named
 * *.sh, a shell or interpreter with a file argument, make's Makefile. */
static const char *file_run(const lf_cmd *c, char *buf, size_t cap)
{
    static const char *const interpreters[] = {"python", "node", "ruby", "perl", "php", NULL};
    if (c->pm || c->n == 0)
        return NULL;
    const char *p = c->w[0].s;
    size_t n = strlen(p);
    if (!lf_tool_is_shell(c->progname) &&
        (strchr(p, '/') || (n > 3 && strcmp(p + n - 3, ".sh") == 0)))
        return c->w[0].dyn ? "" : p;
    if (is(c, "make") || is(c, "gmake")) {
        const char *dir = NULL;
        for (size_t k = 1; k + 1 < c->n; k++) {
            if (strcmp(c->w[k].s, "-f") == 0 || strcmp(c->w[k].s, "--file") == 0)
                return c->w[k + 1].dyn ? "" : c->w[k + 1].s;
            if (strcmp(c->w[k].s, "-C") == 0 || strcmp(c->w[k].s, "--directory") == 0)
                dir = c->w[k + 1].dyn ? "" : c->w[k + 1].s;
        }
        if (!dir)
            return "Makefile";
        if (!*dir)
            return "";
        snprintf(buf, cap, "%s/Makefile", dir);
        return buf;
    }
    bool interp = lf_tool_is_shell(c->progname);
    for (size_t i = 0; interpreters[i] && !interp; i++)
        interp = is(c, interpreters[i]);
    if (!interp)
        return NULL;
    for (size_t k = 1; k < c->n; k++) {
        const char *w = c->w[k].s;
        if (w[0] != '-')
            return c->w[k].dyn ? "" : w;
        if (strcmp(w, "-c") == 0 || strcmp(w, "-e") == 0 || strcmp(w, "-m") == 0 ||
            (lf_tool_is_shell(c->progname) && w[1] != '-' && strchr(w, 'c')))
            return NULL; /* code given inline: the RUN's text */
    }
    return NULL;
}

/* Does the file at image path abs name the variable? Only a file a COPY of
 * this Dockerfile put there is the project's (the base image's scripts do
 * not know its variables); one that cannot be read counts as yes. */
static bool file_names(const lf_analysis *a, int instr, const char *abs, const char *name,
                       size_t nl, lf_read_fn read, void *arg)
{
    size_t nc;
    const lf_copy_fact *copies = lf_analysis_copies_before(a, instr, &nc);
    lf_buf text = LF_BUF_INIT, rel = LF_BUF_INIT;
    bool found = false, traced = false, copied = false;
    for (size_t i = nc; i-- > 0 && !traced;) {
        const lf_copy_fact *cf = &copies[i];
        if (cf->from || !cf->dest || !lf_path_within(abs, cf->dest))
            continue;
        copied = true;
        const char *rest = abs + strlen(cf->dest);
        rest += *rest == '/';
        for (size_t k = 0; k < cf->srcs.n && !traced; k++) {
            const char *src = cf->srcs.items[k].s;
            lf_buf_clear(&rel);
            if (!*rest) /* the file itself is the destination */
                lf_buf_adds(&rel, src);
            else
                lf_buf_printf(&rel, "%s%s%s", src, *src ? "/" : "", rest);
            lf_buf_clear(&text);
            if (read && read(arg, lf_buf_cstr(&rel), &text) == 0) {
                traced = true;
                found = lf_names_var(lf_buf_cstr(&text), text.len, name, nl);
            }
        }
    }
    lf_buf_free(&text);
    lf_buf_free(&rel);
    return copied && (!traced || found);
}

bool lf_run_reads_env(const lf_analysis *a, int instr, const char *name, size_t nl, lf_read_fn read,
                      void *arg)
{
    const lf_run_model *m = lf_analysis_run(a, instr);
    if (!m)
        return false;
    for (size_t k = 0; k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (dumps_env(c))
            return true;
        char mk[512];
        const char *f = file_run(c, mk, sizeof mk);
        if (!f)
            continue;
        char *abs = *f && c->cwd ? lf_path_join(c->cwd, f) : NULL;
        bool hit = !abs || file_names(a, instr, abs, name, nl, read, arg);
        free(abs);
        if (hit)
            return true;
    }
    return false;
}
