/*
 * The subjects of the estimate's events (see impact.h), chosen from the
 * original Dockerfile and its build context:
 *
 *   - source edit: a file of the context (git's list: tracked, or untracked
 *     and not ignored) that a COPY/ADD of a stage the targets need takes
 *     through a directory or a wildcard (not by its own name), that both
 *     ignore files let through, and that is no manifest, Dockerfile or
 *     ignore file; source code first (by extension), then other files that
 *     are not documentation, then the rest, each in path order;
 *   - manifest edit: a file of the context named like a manifest of the
 *     knowledge table (or a requirement file a pip/uv command names), taken
 *     by such a COPY/ADD and let through by both ignore files; the
 *     manifests of the package managers the Dockerfile runs first, in the
 *     table's order, then the shallowest;
 *   - volatile build args: every ARG either version declares whose name is
 *     volatile (knowledge/volatile.h, or --volatile-arg);
 *   - context noise: one file under `.git` (`.git/index`, which every
 *     `git add` and commit changes, when present) and one git-ignored file
 *     on disk (one the original build takes, when there is one).
 */
#include "sim.h"

#include "paths.h"
#include "pkgmgr.h"
#include "volatile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const code_exts[] = {
    "c",   "cc",   "cpp",  "cs",    "css",  "dart", "ex",  "exs",    "go",    "h",   "hpp",
    "hs",  "html", "java", "js",    "jsx",  "kt",   "lua", "mjs",    "cjs",   "php", "pl",
    "py",  "rb",   "rs",   "scala", "scss", "sh",   "sql", "svelte", "swift", "ts",  "tsx",
    "vue", "zig",  "erl",  "clj",   "ml",   "fs",   "r",   "jl",     "nim",   NULL};

static const char *base_of(const char *path)
{
    const char *sl = strrchr(path, '/');
    return sl ? sl + 1 : path;
}

/* A name the table knows as a manifest of pm (its index in pm's list), or -1. */
static int manifest_index(const lf_pm *pm, const char *base)
{
    int k = 0;
    for (const lf_pm_file *f = pm->files; f && f->path; f++, k++)
        if (!(f->flags & LF_MF_DIR) && strcmp(base_of(f->path), base) == 0)
            return k;
    if (pm->id == LF_PM_DOTNET) {
        const char *dot = strrchr(base, '.');
        for (size_t e = 0; dot && lf_dotnet_project_exts[e]; e++)
            if (strcmp(dot, lf_dotnet_project_exts[e]) == 0)
                return 0;
    }
    return -1;
}

static bool is_manifest_name(const char *base)
{
    for (int m = 0; m < LF_PM_COUNT; m++)
        if (manifest_index(&lf_pkgmgrs[m], base) >= 0)
            return true;
    return false;
}

/* Is a segment of path a directory a package manager or a build writes
 * (node_modules, vendor, .venv, target): not what a developer edits. A
 * context listed without git has them. */
static bool in_output_dir(const char *path)
{
    for (const char *seg = path; *seg;) {
        size_t n = strcspn(seg, "/");
        if (!seg[n])
            break; /* the file's own name */
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(n < 127 ? n : 127), seg);
        for (int m = 0; m < LF_PM_COUNT; m++)
            if (lf_pkgmgr_in(lf_pkgmgrs[m].outputs, name))
                return true;
        if (lf_pkgmgr_in(lf_pm_build_outputs, name))
            return true;
        seg += n + 1;
    }
    return false;
}

static bool not_a_source(const char *path)
{
    if (in_output_dir(path))
        return true;
    const char *b = base_of(path);
    return strncasecmp(b, "Dockerfile", 10) == 0 || strncasecmp(b, "Containerfile", 13) == 0 ||
           strstr(b, ".dockerignore") || strstr(b, ".containerignore") ||
           strstr(b, ".Dockerfile") || strstr(b, ".dockerfile") || is_manifest_name(b);
}

static int source_rank(const char *path)
{
    bool dotted = path[0] == '.' || strstr(path, "/.") != NULL;
    const char *b = base_of(path), *ext = strrchr(b, '.');
    if (!dotted && ext && ext != b && lf_pkgmgr_in(code_exts, ext + 1))
        return 0;
    bool doc = strncasecmp(b, "README", 6) == 0 || strncasecmp(b, "LICENSE", 7) == 0 ||
               strncasecmp(b, "CHANGELOG", 9) == 0 || (ext && strcasecmp(ext, ".md") == 0);
    return dotted || doc ? 2 : 1;
}

static bool stage_needed(const imp_side *s, int instr, const bool *needed)
{
    int st = s->doc->instrs[instr].stage;
    return st >= 0 && needed[st];
}

/* Does a COPY/ADD of a needed stage take path -- broad: through a
 * directory or a wildcard, not by its own name? */
static bool copied(const imp_side *s, const char *path, const bool *needed, bool broad)
{
    if (!imp_sends(s, path))
        return false;
    for (size_t i = 0; i < s->nsrcs; i++) {
        const imp_src *src = &s->srcs[i];
        if (!src->copies || !stage_needed(s, src->instr, needed) || !imp_src_covers(src, path))
            continue;
        if (!broad || src->glob || strcmp(src->pat, path) != 0)
            return true;
    }
    return false;
}

static char *pick_source(const lf_context *ctx, const imp_side *b, const imp_side *a,
                         const bool *needed)
{
    const char *best = NULL;
    int best_rank = 3;
    for (size_t i = 0; i < ctx->nfiles && best_rank > 0; i++) {
        const char *f = ctx->files[i];
        if (not_a_source(f) || !imp_sends(a, f) || !copied(b, f, needed, true))
            continue;
        int r = source_rank(f);
        if (r < best_rank) {
            best = f;
            best_rank = r;
        }
    }
    return best ? strdup(best) : NULL;
}

/* The context path a COPY before RUN instr put at the image path abs (a
 * file copied to that name, or into that directory), or NULL. */
static const char *copied_to(const imp_side *s, int instr, const char *abs)
{
    size_t n;
    const lf_copy_fact *cf = lf_analysis_copies_before(s->an, instr, &n);
    const char *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (cf[i].from || !cf[i].dest)
            continue;
        size_t dl = strlen(cf[i].dest);
        for (size_t k = 0; k < cf[i].srcs.n; k++) {
            const char *src = cf[i].srcs.items[k].s, *b = base_of(src);
            bool whole = strcmp(cf[i].dest, abs) == 0 && cf[i].srcs.n == 1;
            bool into = strncmp(abs, cf[i].dest, dl) == 0 &&
                        (abs[dl] == '/' || (dl == 1 && abs[0] == '/')) &&
                        strcmp(abs + dl + (dl > 1), b) == 0;
            if (whole || into)
                found = src; /* the last COPY to it wins */
        }
    }
    return found;
}

/* The package managers the needed stages run, and the requirement files
 * pip/uv commands name: the context path a COPY put there when known
 * (exact), else the file's name (names). */
static void pm_uses(const imp_side *s, const bool *needed, bool *used, lf_strv *exact,
                    lf_strv *names)
{
    static const char *const req_opts[] = {"-r", "--requirement", "-c", "--constraint", NULL};
    for (size_t i = 0; i < s->doc->ninstrs; i++) {
        const lf_run_model *m = lf_analysis_run(s->an, (int)i);
        if (!m || !stage_needed(s, (int)i, needed))
            continue;
        for (size_t k = 0; k < m->ncmds; k++) {
            const lf_cmd *c = &m->cmds[k];
            if (!c->pm)
                continue;
            used[c->pm->id] = true;
            for (size_t o = 0; req_opts[o]; o++) {
                const char *v = lf_cmd_option_text(c, req_opts[o]);
                if (!v || !*v)
                    continue;
                char *abs = c->cwd ? lf_path_join(c->cwd, v) : NULL;
                const char *src = abs ? copied_to(s, (int)i, abs) : NULL;
                if (src)
                    lf_strv_push(exact, src, strlen(src));
                else
                    lf_strv_push(names, base_of(v), strlen(base_of(v)));
                free(abs);
            }
        }
    }
}

static bool strv_has(const lf_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, s) == 0)
            return true;
    return false;
}

static size_t depth(const char *p)
{
    size_t d = 0;
    for (; *p; p++)
        d += *p == '/';
    return d;
}

static char *pick_manifest(const lf_context *ctx, const imp_side *b, const imp_side *a,
                           const bool *needed)
{
    bool used[LF_PM_COUNT] = {0};
    lf_strv exact = LF_STRV_INIT, reqs = LF_STRV_INIT;
    pm_uses(b, needed, used, &exact, &reqs);
    const char *best = NULL;
    long best_score = 0;
    for (size_t i = 0; i < ctx->nfiles; i++) {
        const char *f = ctx->files[i], *base = base_of(f);
        long score = strv_has(&exact, f) || strv_has(&reqs, base) ? 0 : -1;
        for (int m = 0; m < LF_PM_COUNT && score < 0; m++) {
            int k = manifest_index(&lf_pkgmgrs[m], base);
            if (k >= 0)
                score = (used[m] ? 0 : 100000) + k * 100;
        }
        if (score < 0 || in_output_dir(f) || !imp_sends(a, f) || !copied(b, f, needed, false))
            continue;
        score += (long)depth(f);
        if (!best || score < best_score) {
            best = f;
            best_score = score;
        }
    }
    lf_strv_free(&exact);
    lf_strv_free(&reqs);
    return best ? strdup(best) : NULL;
}

static void volatile_args(const imp_side *s, const lf_impact_opts *o, lf_strv *out)
{
    const lf_doc *doc = s->doc;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_ARG)
            continue;
        lf_var_pair *pairs;
        size_t np = lf_var_pairs(doc, in, &pairs);
        for (size_t p = 0; p < np; p++) {
            const char *name = lf_doc_text(doc, pairs[p].name);
            size_t len = pairs[p].name.end - pairs[p].name.start;
            bool seen = false;
            for (size_t k = 0; k < out->n && !seen; k++)
                seen = out->items[k].len == len && memcmp(out->items[k].s, name, len) == 0;
            if (!seen && lf_volatile_arg_is(name, len, o->volatile_args, o->nvolatile_args))
                lf_strv_push(out, name, len);
        }
        free(pairs);
    }
}

/* Noise: a file under the context's own .git, and a git-ignored file. */
static void pick_noise(const lf_context *ctx, const imp_side *b, const bool *needed,
                       imp_subjects *out)
{
    lf_context_scan sc;
    if (lf_context_scan_all(ctx, &sc) != 0)
        return;
    const char *vcs = NULL, *ign = NULL;
    bool ign_taken = false;
    for (size_t i = 0; i < sc.n; i++) {
        const lf_context_entry *e = &sc.items[i];
        bool top_git = strcmp(e->path, ".git") == 0 || strncmp(e->path, ".git/", 5) == 0;
        if ((e->flags & LF_CE_VCS) && top_git && (!vcs || strcmp(e->path, ".git/index") == 0))
            vcs = e->path;
        if (!(e->flags & LF_CE_IGNORED) || (e->flags & (LF_CE_VCS | LF_CE_NESTED)) || ign_taken)
            continue;
        bool taken = copied(b, e->path, needed, false);
        if (!ign || taken) {
            ign = e->path;
            ign_taken = taken;
        }
    }
    if (vcs)
        lf_strv_push(&out->noise, vcs, strlen(vcs));
    if (ign)
        lf_strv_push(&out->noise, ign, strlen(ign));
    lf_context_scan_free(&sc);
}

static void note(imp_subjects *out, const char *msg)
{
    lf_strv_push(&out->notes, msg, strlen(msg));
}

void imp_subjects_pick(imp_subjects *out, const imp_side *before, const imp_side *after,
                       const lf_impact_opts *o, const bool *needed)
{
    memset(out, 0, sizeof *out);
    const lf_context *ctx = o->context;
    if (ctx) {
        out->source = pick_source(ctx, before, after, needed);
        out->manifest = pick_manifest(ctx, before, after, needed);
        pick_noise(ctx, before, needed, out);
    }
    volatile_args(before, o, &out->args);
    volatile_args(after, o, &out->args);
    if (!ctx)
        note(out, "no build context: only build arguments are estimated");
    if (ctx && !out->source)
        note(out, "no source edit: no COPY or ADD sends a directory of the build context "
                  "holding a source file");
    if (ctx && !out->manifest)
        note(out, "no manifest edit: no dependency manifest of the build context is copied");
}

void imp_subjects_free(imp_subjects *s)
{
    free(s->source);
    free(s->manifest);
    lf_strv_free(&s->args);
    lf_strv_free(&s->noise);
    lf_strv_free(&s->notes);
    memset(s, 0, sizeof *s);
}
