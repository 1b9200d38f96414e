/*
 * A RUN step's name in the estimate: the first words of its first command
 * that does something (`set -e`, `cd DIR`, `export X=1` are passed over),
 * from the RUN-command model -- the program as written (its directory
 * left out), then its subcommand (`npm ci`, `apt-get install`, `go
 * build`; options and their values skipped for a package manager), and
 * one more word after a subcommand that runs another (`npm run build`, `go
 * mod download`, `bundle exec rake`).
 */
#include "sim.h"

#include "paths.h"
#include "pkgmgr.h"
#include "tools.h"

#include <string.h>

/* A word that reads well as part of a name. */
static bool plain(const lf_word *w)
{
    size_t n = strlen(w->s);
    return !w->dyn && n > 0 && n <= 32 && w->s[0] != '-' && !strpbrk(w->s, "/=$\"'`;&|<> \t\n");
}

/* A command of the docker-clean hook's off/on (`[ ! -e HOOK ]`, `mv HOOK
 * ...`): it names the hook's path or its parked copy. */
static bool hook_command(const lf_cmd *c)
{
    for (size_t k = 0; k < c->n; k++)
        if (strstr(c->w[k].s, lf_apt_docker_clean_path) ||
            strstr(c->w[k].s, lf_apt_docker_clean_parked))
            return true;
    return false;
}

static const lf_cmd *first_command(const lf_run_model *m)
{
    const lf_cmd *first = NULL;
    for (size_t k = 0; m && m->readable && k < m->ncmds; k++) {
        const lf_cmd *c = &m->cmds[k];
        if (c->inner || c->n == 0 || c->prog >= c->n)
            continue;
        if (hook_command(c))
            continue; /* cache-mounts' docker-clean hook off/on: not the step's work */
        if (!first)
            first = c;
        if (!lf_tool_is_setup(lf_path_base(c->w[c->prog].s)))
            return c;
    }
    return first;
}

/* Without a model: the first word after the flags. */
static void label_from_text(const lf_doc *doc, const lf_instr *in, lf_buf *out)
{
    const char *t = lf_doc_text(doc, in->args);
    size_t len = in->args.end - in->args.start, i = 0;
    while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '[' || t[i] == '"'))
        i++;
    size_t j = i;
    while (j < len && !strchr(" \t\n\\;&|\"]", t[j]))
        j++;
    lf_buf_add(out, t + i, j - i);
    if (j == i)
        lf_buf_adds(out, "RUN");
}

void imp_run_label(const imp_side *s, int instr, lf_buf *out)
{
    const lf_cmd *c = first_command(lf_analysis_run(s->an, instr));
    if (!c) {
        label_from_text(s->doc, &s->doc->instrs[instr], out);
        return;
    }
    lf_buf_adds(out, lf_path_base(c->w[c->prog].s));
    size_t pos[4], np;
    if (c->pm) {
        np = lf_cmd_positionals(c, pos, 4);
    } else {
        np = 0;
        for (size_t k = c->prog + 1; k < c->n && np < 4 && c->w[k].s[0] != '-'; k++)
            pos[np++] = k;
    }
    for (size_t k = 0; k < np && k < 2; k++) {
        const lf_word *w = &c->w[pos[k]];
        if (!plain(w))
            break;
        lf_buf_printf(out, " %s", w->s);
        if (!lf_tool_subcommand_runs(w->s))
            break;
    }
}
