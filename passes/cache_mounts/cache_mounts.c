/*
 * cache-mounts: a RUN that runs a known package manager gets a BuildKit
 * cache mount on that tool's download cache (design.md "The passes" 4).
 *
 * Why: a re-run install layer (a manifest changed) then reuses what earlier
 * builds downloaded instead of fetching everything again, and the cache no
 * longer ends up in the image.
 *
 * What a cache is, where it lives and what moves or defeats it is data in
 * the knowledge table (pkgmgr.c); the facts of the Dockerfile (users, ENV,
 * WORKDIR, the commands of each RUN) come from the analysis; the rules are
 * here and in this folder: targets.c (where a cache is), safety.c (where a
 * mount must not go), removals.c (what defeats a mount), plan.c (one RUN,
 * step by step), docker_clean.c (apt's hook):
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
 *   itself (an empty mount would hide the lists an earlier layer wrote) and
 *   deletes the lists itself (the mount takes the deletion's place): a RUN
 *   that leaves them in its layer ships them, for a later RUN, a script or
 *   an `apt-get install` in a container of the image (no note for this
 *   one). Each other case gets a note.
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
 * - apt's docker-clean hook (official Debian/Ubuntu images, and any image
 *   the table does not know that runs apt): it deletes downloaded .debs
 *   after every install, so each RUN that gets the /var/cache/apt mount
 *   turns it off before its first statement and back on after its last
 *   (guarded `mv`s, docker_clean.c): the image's /etc/apt is as it was,
 *   and no RUN is added. A RUN that cannot (a non-root USER, exec form, a
 *   heredoc) gets no package cache mount, with a note. The `apt` binary is
 *   also told to keep its downloads (`-o APT::Keep-Downloaded-Packages=true`).
 * - apk is known but gets no mount (see pkgmgr.c): a note per stage.
 * - `--target-builder=kaniko|legacy`: no edit at all, one note. With
 *   `--syntax-directive`, a file that got a mount and has no `syntax`
 *   directive gets `# syntax=docker/dockerfile:1` at its top.
 *
 * The pass is idempotent: on its own output every wanted mount is already
 * there, the defeaters are gone, the hook's commands are found.
 */
#include "cm.h"

#include "shell.h"
#include "vec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void cm_note(cm_state *ps, size_t offset, const char *fmt, ...)
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

/* The pass's own state of stage s starts as its base stage's. */
static void init_stage(cm_state *ps, int s)
{
    int base = ps->doc->stages[s].base_stage;
    if (base < 0 || base >= s)
        return;
    const cm_stage *b = &ps->st[base];
    cm_stage *st = &ps->st[s];
    for (size_t i = 0; i < b->nfilled; i++) {
        cm_filled *f = LF_VEC_PUSH(st->filled, st->nfilled, st->capf);
        f->target = strdup(b->filled[i].target);
        f->line = b->filled[i].line;
    }
    st->keeps_debs = b->keeps_debs;
}

/* A Windows stage (the analysis' stage facts): RUN --mount is for Linux
 * containers; one note per file, at its first Windows stage with a RUN. */
static bool windows_stage(cm_state *ps, int s)
{
    const lf_stage *sg = &ps->doc->stages[s];
    if (!lf_analysis_stage(ps->an, s)->windows)
        return false;
    for (int i = sg->first + 1; i <= sg->last && !ps->windows_noted; i++)
        if (ps->doc->instrs[i].kw == LF_KW_RUN) {
            ps->windows_noted = true;
            cm_note(ps, ps->doc->instrs[sg->first].keyword.start,
                    "no cache mounts in the Windows stage at line %zu: BuildKit's RUN --mount is "
                    "for Linux containers",
                    ps->doc->instrs[sg->first].first_line);
        }
    return true;
}

static void walk_stage(cm_state *ps, int s)
{
    const lf_stage *sg = &ps->doc->stages[s];
    init_stage(ps, s);
    if (windows_stage(ps, s))
        return;
    for (int i = sg->first + 1; i <= sg->last; i++) {
        if (ps->doc->instrs[i].kw != LF_KW_RUN || !lf_analysis_run(ps->an, i))
            continue;
        cm_plan *p = LF_VEC_PUSH(ps->plans, ps->nplans, ps->capp);
        memset(p, 0, sizeof *p);
        p->instr = i;
        cm_plan_run(ps, s, i, p);
    }
}

const char *cm_newline_of(const lf_doc *doc, const lf_instr *in)
{
    const char *s = doc->src->data;
    const char *nl = memchr(s + in->keyword.start, '\n', doc->src->len - in->keyword.start);
    if (!nl)
        return doc->src->nl ? doc->src->nl : "\n";
    return nl > s && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* ---- edits -------------------------------------------------------------------- */

static void mount_text(const cm_state *ps, const cm_mount *m, lf_buf *out)
{
    lf_buf_printf(out, "--mount=type=cache,target=%s", m->target);
    if ((m->flags & LF_PC_LOCKED) && !ps->default_sharing)
        lf_buf_adds(out, ",sharing=locked");
    if (m->uid >= 0)
        lf_buf_printf(out, ",uid=%ld,gid=%ld", m->uid, m->gid);
    else if (m->uid_arg)
        lf_buf_printf(out, ",uid=${%s},gid=${%s}", m->uid_arg, m->gid_arg);
}

static void emit_mounts(cm_state *ps, const cm_plan *p, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    const lf_instr *in = &doc->instrs[p->instr];
    const char *s = doc->src->data;
    bool multi = p->break_lines || memchr(s + in->line.start, '\n', in->line.end - in->line.start);
    lf_shell_style st;
    lf_shell_style_of(doc, in, &st);
    const char *nl = cm_newline_of(doc, in);
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
            mount_text(ps, &p->m[k], &text);
        }
    } else {
        at = in->args.start;
        for (size_t k = 0; k < p->nm; k++) {
            if (k)
                lf_buf_add(&text, sep.data, sep.len);
            mount_text(ps, &p->m[k], &text);
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

/* The file's `# syntax` directive: its text from the keyword on (*t, *n),
 * or false when there is none. */
static bool syntax_directive_of(const lf_doc *doc, const char **t, size_t *n)
{
    for (size_t i = 0; i < doc->npieces; i++) {
        if (doc->pieces[i].kind != LF_PIECE_DIRECTIVE)
            continue;
        const char *s = lf_doc_text(doc, doc->pieces[i].span);
        size_t len = doc->pieces[i].span.end - doc->pieces[i].span.start, k = 0;
        while (k < len && (s[k] == '#' || s[k] == ' ' || s[k] == '\t'))
            k++;
        if (len - k >= 6 && strncasecmp(s + k, "syntax", 6) == 0) {
            *t = s + k;
            *n = len - k;
            return true;
        }
    }
    return false;
}

static bool has_syntax_directive(const lf_doc *doc)
{
    const char *t;
    size_t n;
    return syntax_directive_of(doc, &t, &n);
}

/* The version a `# syntax=` directive names: docker/dockerfile:1 (the
 * newest 1.x), :1.N[.M] with N >= 3, their -labs variants; -upstream and
 * other frontends are not assumed. */
static bool directive_expands_args(const char *v, size_t n)
{
    static const char img[] = "docker/dockerfile:";
    size_t k = 0;
    while (k < n && (v[k] == ' ' || v[k] == '\t'))
        k++;
    if (n - k > 10 && strncmp(v + k, "docker.io/", 10) == 0)
        k += 10;
    if (n - k < sizeof img || strncmp(v + k, img, sizeof img - 1) != 0)
        return false;
    k += sizeof img - 1;
    if (v[k] != '1')
        return false;
    k++;
    if (k >= n || v[k] != '.')
        return true; /* :1, :1-labs */
    long minor = strtol(v + k + 1, NULL, 10);
    return minor >= 3;
}

bool cm_frontend_expands_args(const cm_state *ps)
{
    const char *t;
    size_t n;
    if (!syntax_directive_of(ps->doc, &t, &n))
        /* no directive: only the one --syntax-directive adds (docker/dockerfile:1) */
        return ps->ctx->opts && ps->ctx->opts->syntax_directive;
    const char *eq = memchr(t, '=', n);
    if (!eq)
        return false;
    while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
        n--;
    return directive_expands_args(eq + 1, (size_t)(t + n - (eq + 1)));
}

static void emit_all(cm_state *ps, lf_edits *out)
{
    for (size_t i = 0; i < ps->nplans; i++) {
        const cm_plan *p = &ps->plans[i];
        if (p->nm > 0)
            emit_mounts(ps, p, out);
        for (size_t k = 0; k < p->nins; k++)
            lf_edits_add(out, p->ins[k].start, p->ins[k].start, p->ins[k].text,
                         strlen(p->ins[k].text), PASS, p->ins[k].why);
        for (size_t k = 0; k < p->nr; k++)
            lf_edits_add(out, p->r[k].start, p->r[k].end, "", 0, PASS, p->r[k].why);
    }
    cm_docker_clean(ps, out);
}

static void syntax_directive(cm_state *ps, lf_edits *out)
{
    const lf_doc *doc = ps->doc;
    if (has_syntax_directive(doc))
        return;
    size_t at =
        doc->npieces > 0 && doc->pieces[0].kind == LF_PIECE_BOM ? doc->pieces[0].span.end : 0;
    lf_buf text = LF_BUF_INIT;
    lf_buf_printf(&text, "# syntax=docker/dockerfile:1%s", doc->src->nl ? doc->src->nl : "\n");
    lf_edits_add(out, at, at, text.data, text.len, PASS,
                 "declare the Dockerfile syntax, so that builders that default to an older one "
                 "accept RUN --mount");
    lf_buf_free(&text);
}

int lf_pass_cache_mounts(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    if (doc->nstages == 0)
        return 0;
    lf_builder builder = ctx->opts ? ctx->opts->target_builder : LF_BUILDER_BUILDKIT;
    cm_state ps = {.doc = doc, .an = an, .ctx = ctx};
    ps.quiet = !lf_builder_has_mounts(builder);
    /* buildah before 1.29 never unlocks some `sharing=locked` mounts (the
     * next RUN that mounts the cache waits forever: buildah issue 4342) and
     * knows no `sharing=private`: the default sharing then */
    ps.default_sharing = builder == LF_BUILDER_BUILDAH;
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
            cm_note(&ps, doc->instrs[first_run].keyword.start,
                    "no cache mounts added: the target builder (%s) cannot run RUN --mount; %zu "
                    "would have been added",
                    names[builder], wanted);
        }
    } else {
        emit_all(&ps, out);
        if (wanted > 0 && ctx->opts && ctx->opts->syntax_directive)
            syntax_directive(&ps, out);
    }
    for (size_t i = 0; i < ps.nplans; i++)
        cm_plan_free(&ps.plans[i]);
    free(ps.plans);
    for (size_t s = 0; s < doc->nstages; s++) {
        for (size_t k = 0; k < ps.st[s].nfilled; k++)
            free(ps.st[s].filled[k].target);
        free(ps.st[s].filled);
    }
    free(ps.st);
    return 0;
}
