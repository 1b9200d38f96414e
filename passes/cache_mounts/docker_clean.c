/*
 * apt's docker-clean hook (see cache_mounts.c): on a Debian/Ubuntu base the
 * hook deletes downloaded .debs after every install, so the apt cache mount
 * keeps nothing unless it is turned off; once per stage, before the first
 * apt RUN with a mount, unless it cannot be done safely (a note says why).
 */
#include "cm.h"

#include <stdlib.h>
#include <string.h>

/* Is stage d built on stage s (directly or through other stages)? */
static bool built_on(const lf_doc *doc, int d, int s)
{
    for (int b = doc->stages[d].base_stage, n = 0; b >= 0 && n < 1000;
         b = doc->stages[b].base_stage, n++)
        if (b == s)
            return true;
    return false;
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

/* The first RUN of stage s that installs with apt and has the mount. */
static const cm_plan *first_apt_run(const cm_state *ps, const lf_stage *sg)
{
    for (size_t i = 0; i < ps->nplans; i++) {
        const cm_plan *p = &ps->plans[i];
        if (p->instr > sg->first && p->instr <= sg->last && p->apt_use && p->apt_mounted)
            return p;
    }
    return NULL;
}

/* An apt RUN, from `first` on in stage s or in a stage built on it,
 * without the package cache mount (its .debs would stay in the image). */
static const cm_plan *bare_apt_run(const cm_state *ps, int s, const cm_plan *first)
{
    const lf_doc *doc = ps->doc;
    for (size_t i = 0; i < ps->nplans; i++) {
        const cm_plan *p = &ps->plans[i];
        int ps_stage = doc->instrs[p->instr].stage;
        bool mine = ps_stage == s && p->instr >= first->instr;
        if ((mine || (ps_stage >= 0 && built_on(doc, ps_stage, s))) && p->apt_use &&
            !p->apt_mounted)
            return p;
    }
    return NULL;
}

static void insert_hook_run(cm_state *ps, const lf_instr *in, int instr, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    /* before the comment lines that belong to the RUN */
    size_t pi = 0;
    while (pi < doc->npieces && doc->pieces[pi].instr != instr)
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
}

void cm_docker_clean(cm_state *ps, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    bool *removed = calloc(doc->nstages ? doc->nstages : 1, sizeof *removed);
    for (size_t s = 0; s < doc->nstages; s++) {
        const lf_stage *sg = &doc->stages[s];
        const lf_stage_facts *sf = lf_analysis_stage(ps->an, (int)s);
        int base = sg->base_stage;
        removed[s] = (base >= 0 && removed[base]) || ps->st[s].keeps_debs;
        const cm_plan *first = first_apt_run(ps, sg);
        if (!first || removed[s])
            continue;
        const lf_instr *in = &doc->instrs[first->instr];
        if (sf->family != LF_OS_DEBIAN) {
            if (sf->family == LF_OS_UNKNOWN)
                cm_note(ps, in->keyword.start,
                        "base image `%s` is not known to be Debian or Ubuntu: if its apt deletes "
                        "downloaded packages (the official images' docker-clean hook), remove %s "
                        "to let the apt cache mount keep them",
                        sf->image_text ? sf->image_text : "?", lf_apt_docker_clean_path);
            continue;
        }
        const cm_plan *bare = bare_apt_run(ps, (int)s, first);
        if (bare) {
            cm_note(ps, in->keyword.start,
                    "%s kept: the apt RUN at line %zu has no cache mount on /var/cache/apt, so "
                    "without the hook its downloaded packages would stay in the image",
                    lf_apt_docker_clean_path, doc->instrs[bare->instr].first_line);
            continue;
        }
        if (!first->root) {
            cm_note(ps, in->keyword.start,
                    "%s kept: the first apt RUN (line %zu) runs as a non-root USER, which cannot "
                    "remove it",
                    lf_apt_docker_clean_path, in->first_line);
            continue;
        }
        insert_hook_run(ps, in, first->instr, out);
        removed[s] = true;
    }
    free(removed);
}
