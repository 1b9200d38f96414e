/*
 * What an image uses from its build context beyond its COPY sources (see
 * uses.h): words of RUN, CMD and ENTRYPOINT mapped back through the COPY
 * facts of the analysis, and the commands that read git metadata.
 */
#include "uses.h"

#include "ignore_rules.h"
#include "paths.h"
#include "strv.h"
#include "tools.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

/* --- words ---------------------------------------------------------------------- */

/* Splits shell or JSON text into words: blanks, quotes, brackets, commas
 * and shell operators separate them; `--opt=value` also gives value. */
static void split_words(const char *s, size_t n, lf_strv *out)
{
    static const char delim[] = " \t\r\n\"'[],;&|()<>`";
    size_t i = 0;
    while (i < n) {
        while (i < n && (strchr(delim, s[i]) || !s[i]))
            i++;
        size_t start = i;
        while (i < n && s[i] && !strchr(delim, s[i]))
            i++;
        if (i == start)
            continue;
        lf_strv_push(out, s + start, i - start);
        const char *eq = memchr(s + start, '=', i - start);
        if (s[start] == '-' && eq && eq + 1 < s + i)
            lf_strv_push(out, eq + 1, (size_t)(s + i - eq - 1));
    }
}

/* The words of a CMD or ENTRYPOINT after its keyword and flags (BuildKit's
 * logical line: continuations joined). */
static void instr_words(const lf_instr *in, lf_strv *out)
{
    lf_strv all = LF_STRV_INIT;
    split_words(in->joined, in->joined_len, &all);
    size_t k = 1;
    while (k < all.n && strncmp(all.items[k].s, "--", 2) == 0)
        k++;
    for (; k < all.n; k++)
        lf_strv_push(out, all.items[k].s, all.items[k].len);
    lf_strv_free(&all);
}

/* A word that may name a path: no variable, not an option. */
static bool pathlike(const char *w)
{
    return *w && *w != '-' && !strchr(w, '$') && !strchr(w, '*') && !strchr(w, '?') &&
           !strstr(w, "://");
}

/* --- from the image back to the context ----------------------------------------- */

/* The context path that image path p (absolute) came from through the
 * COPY facts before instr (the last one that wrote there wins): 1 with it
 * in out ("" for the context root) and the COPY's instruction in *from. */
static int map_back(const lf_di_env *env, const lf_analysis *an, int instr, const char *p,
                    lf_buf *out, int *from)
{
    size_t nc;
    const lf_copy_fact *cf = lf_analysis_copies_before(an, instr, &nc);
    for (size_t k = nc; k-- > 0;) {
        const lf_copy_fact *f = &cf[k];
        if (f->from || !f->dest)
            continue;
        for (size_t j = f->srcs.n; j-- > 0;) {
            const char *s = f->srcs.items[j].s;
            if (strpbrk(s, "*?["))
                continue;
            int kind = *s ? env->kind(env->arg, s) : 2;
            lf_buf_clear(out);
            if (kind == 2 && lf_path_within(p, f->dest)) {
                const char *rel = p + strlen(f->dest);
                if (strcmp(f->dest, "/") == 0)
                    rel = p;
                while (*rel == '/')
                    rel++;
                lf_buf_printf(out, "%s%s%s", s, *s && *rel ? "/" : "", rel);
            } else if (kind == 1) {
                size_t dl = strlen(f->dest);
                const char *b = lf_path_base(s);
                bool at = strcmp(p, f->dest) == 0 || (strncmp(p, f->dest, dl) == 0 &&
                                                      (p[dl] == '/' || strcmp(f->dest, "/") == 0) &&
                                                      strcmp(p + dl + (p[dl] == '/'), b) == 0);
                if (!at)
                    continue;
                lf_buf_adds(out, s);
            } else {
                continue;
            }
            lf_buf_adds(out, "");
            *from = f->instr;
            return 1;
        }
    }
    return 0;
}

/* The image path a word names from directory cwd (NULL: unknown). */
static char *image_path(const char *word, const char *cwd)
{
    if (!pathlike(word))
        return NULL;
    if (*word == '/')
        return lf_path_join("/", word);
    return cwd ? lf_path_join(cwd, word) : NULL;
}

/* --- producers ---------------------------------------------------------------- */

/* The command as the producers table writes it: the program normalised,
 * then its words. */
static void cmd_line(const lf_cmd *c, lf_buf *out)
{
    lf_buf_clear(out);
    char prog[64];
    lf_tool_normalize(c->w[0].s, prog, sizeof prog);
    lf_buf_adds(out, prog);
    for (size_t k = 1; k < c->n; k++)
        lf_buf_printf(out, " %s", c->w[k].s);
    lf_buf_adds(out, "");
}

static bool starts_cmd(const char *line, const char *cmd)
{
    size_t n = strlen(cmd);
    return strncmp(line, cmd, n) == 0 && (line[n] == 0 || line[n] == ' ');
}

static bool has_segment(const char *path, const char *seg)
{
    size_t n = strlen(seg);
    for (const char *s = path; s; s = strchr(s, '/')) {
        if (*s == '/')
            s++;
        if (strncmp(s, seg, n) == 0 && (s[n] == 0 || s[n] == '/'))
            return true;
    }
    return false;
}

/* Does the stage chain of stage `of` hold stage st? */
static bool in_chain(const lf_doc *doc, int of, int st)
{
    for (int s = of; s >= 0 && (size_t)s < doc->nstages; s = doc->stages[s].base_stage)
        if (s == st)
            return true;
    return false;
}

/* Does a RUN after instruction from and before instr produce path? */
static bool produced(const lf_doc *doc, const lf_analysis *an, int from, int instr,
                     const char *path)
{
    lf_buf line = LF_BUF_INIT;
    bool hit = false;
    for (int r = from + 1; r < instr && !hit; r++) {
        const lf_run_model *m = lf_analysis_run(an, r);
        if (!m || !in_chain(doc, doc->instrs[instr].stage, doc->instrs[r].stage))
            continue;
        for (size_t c = 0; c < m->ncmds && !hit; c++) {
            if (m->cmds[c].n == 0)
                continue;
            cmd_line(&m->cmds[c], &line);
            for (size_t p = 0; lf_ignore_producers[p].cmd && !hit; p++) {
                const lf_ignore_producer *pr = &lf_ignore_producers[p];
                if (!starts_cmd(line.data, pr->cmd))
                    continue;
                hit = !pr->dirs[0];
                for (size_t d = 0; d < 4 && pr->dirs[d] && !hit; d++)
                    hit = has_segment(path, pr->dirs[d]);
            }
        }
    }
    lf_buf_free(&line);
    return hit;
}

/* --- uses ------------------------------------------------------------------------ */

static void add_use(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an, int instr,
                    const char *word, const char *cwd, lf_di_uses *out)
{
    char *p = image_path(word, cwd);
    if (!p)
        return;
    lf_buf rel = LF_BUF_INIT;
    int from = -1;
    if (map_back(env, an, instr, p, &rel, &from) && rel.len > 0 && env->kind(env->arg, rel.data)) {
        bool seen = false;
        for (size_t i = 0; i < out->n && !seen; i++)
            seen = out->items[i].doc == doc && out->items[i].instr == instr &&
                   strcmp(out->items[i].path, rel.data) == 0;
        if (!seen) {
            lf_di_use *u = LF_VEC_PUSH(out->items, out->n, out->cap);
            u->path = strdup(rel.data);
            u->doc = doc;
            u->instr = instr;
            u->line = doc->instrs[instr].first_line;
            u->word = strdup(word);
            u->built = produced(doc, an, from, instr, rel.data);
        }
    }
    lf_buf_free(&rel);
    free(p);
}

void lf_di_uses_collect(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an,
                        lf_di_uses *out)
{
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw == LF_KW_RUN) {
            const lf_run_model *m = lf_analysis_run(an, (int)i);
            for (size_t c = 0; m && c < m->ncmds; c++)
                for (size_t k = 0;
                     lf_tool_kind_of(m->cmds[c].progname) != LF_TOOL_RM && k < m->cmds[c].n; k++)
                    if (!m->cmds[c].w[k].dyn)
                        add_use(env, doc, an, (int)i, m->cmds[c].w[k].s, m->cmds[c].cwd, out);
        } else if (in->kw == LF_KW_CMD || in->kw == LF_KW_ENTRYPOINT) {
            const lf_state *st = lf_analysis_state(an, (int)i);
            lf_strv w = LF_STRV_INIT;
            instr_words(in, &w);
            for (size_t k = 0; k < w.n; k++)
                add_use(env, doc, an, (int)i, w.items[k].s, st ? st->workdir : NULL, out);
            lf_strv_free(&w);
        }
    }
}

void lf_di_uses_free(lf_di_uses *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->items[i].path);
        free(u->items[i].word);
    }
    free(u->items);
    memset(u, 0, sizeof *u);
}

/* --- git metadata ------------------------------------------------------------------ */

/* Given the words after `git`, does it read the repository it runs in?
 * *dir gets the directory of `-C DIR` (borrowed), else NULL; *clone is set
 * for `git clone`. */
static bool git_reads(const lf_str *w, size_t n, const char **dir, bool *clone)
{
    *dir = NULL;
    size_t k = 0;
    for (; k < n && w[k].s[0] == '-'; k++) {
        const char *o = w[k].s;
        if (strncmp(o, "--git-dir", 9) == 0)
            return true;
        if ((strcmp(o, "-C") == 0 || strcmp(o, "-c") == 0) && k + 1 < n) {
            if (o[1] == 'C')
                *dir = w[k + 1].s;
            k++;
        }
    }
    if (k == n)
        return false;
    const char *sub = w[k].s;
    if (strcmp(sub, "clone") == 0)
        *clone = true;
    for (size_t i = 0; lf_ignore_git_nonreaders[i]; i++)
        if (strcmp(sub, lf_ignore_git_nonreaders[i]) == 0) {
            if (strcmp(sub, "config") != 0)
                return false;
            /* `git config` reads the repository's own configuration unless
             * told to use another file */
            for (size_t j = k + 1; j < n; j++)
                if (strcmp(w[j].s, "--global") == 0 || strcmp(w[j].s, "--system") == 0 ||
                    strcmp(w[j].s, "--file") == 0 || strcmp(w[j].s, "-f") == 0)
                    return false;
            return true;
        }
    return true;
}

/* The same over a list of words: the first `git` that reads; its text in
 * why. */
static bool words_read_git(const lf_strv *w, lf_buf *why)
{
    for (size_t k = 0; k < w->n; k++) {
        if (strcmp(lf_path_base(w->items[k].s), "git") != 0)
            continue;
        const char *dir;
        bool clone = false;
        if (git_reads(&w->items[k + 1], w->n - k - 1, &dir, &clone)) {
            lf_buf_printf(why, "git");
            for (size_t j = k + 1; j < w->n && j < k + 3; j++)
                lf_buf_printf(why, " %s", w->items[j].s);
            return true;
        }
        if (clone)
            return false; /* what follows works in the clone */
    }
    return false;
}

static const char *names_reader(const char *text)
{
    for (size_t i = 0; lf_ignore_git_readers[i]; i++)
        if (strstr(text, lf_ignore_git_readers[i]))
            return lf_ignore_git_readers[i];
    return NULL;
}

/* Does the script (the text of a context file) read git metadata? */
static bool script_reads_git(const char *text, size_t len, lf_buf *why)
{
    if (memchr(text, 0, len))
        return false; /* not a script */
    for (size_t pos = 0; pos < len;) {
        const char *e = memchr(text + pos, '\n', len - pos);
        size_t end = e ? (size_t)(e - text) : len;
        size_t s = pos;
        while (s < end && (text[s] == ' ' || text[s] == '\t'))
            s++;
        if (s < end && text[s] != '#') {
            lf_buf line = LF_BUF_INIT;
            lf_buf_add(&line, text + s, end - s);
            lf_buf_adds(&line, "");
            lf_strv w = LF_STRV_INIT;
            split_words(line.data, line.len, &w);
            const char *tool = names_reader(line.data);
            bool hit = words_read_git(&w, why);
            if (!hit && tool) {
                lf_buf_adds(why, tool);
                hit = true;
            }
            lf_strv_free(&w);
            lf_buf_free(&line);
            if (hit)
                return true;
        }
        pos = e ? end + 1 : len;
    }
    return false;
}

/* Is dir (absolute) inside the tree that a COPY before instr made of the
 * context's `.git`? Without such a COPY: does the RUN bind-mount the
 * context (where, is not known)? */
static bool in_copied_repo(const lf_analysis *an, const lf_instr *in, int instr, const char *dir)
{
    size_t nc;
    const lf_copy_fact *cf = lf_analysis_copies_before(an, instr, &nc);
    bool any = false;
    for (size_t k = 0; k < nc; k++) {
        const lf_copy_fact *f = &cf[k];
        if (f->from || !f->dest)
            continue;
        for (size_t j = 0; j < f->srcs.n; j++) {
            const char *s = f->srcs.items[j].s;
            if (*s && strcmp(s, ".git") != 0)
                continue;
            any = true;
            char *top = strdup(f->dest);
            if (*s) {
                char *sl = strrchr(top, '/'); /* COPY .git /app/.git: the tree is /app */
                if (sl && sl != top)
                    *sl = 0;
            }
            bool in_it = !dir || lf_path_within(dir, top);
            free(top);
            if (in_it)
                return true;
        }
    }
    return !any && strstr(in->joined, "type=bind") != NULL;
}

/* A Python project built from dir (a context directory) whose build files
 * name a tool that reads git metadata. */
static bool python_scm(const lf_di_env *env, const char *dir, lf_buf *why)
{
    lf_buf p = LF_BUF_INIT, text = LF_BUF_INIT;
    bool hit = false;
    for (size_t i = 0; lf_ignore_scm_build_files[i] && !hit; i++) {
        lf_buf_clear(&p);
        lf_buf_printf(&p, "%s%s%s", dir, *dir ? "/" : "", lf_ignore_scm_build_files[i]);
        lf_buf_clear(&text);
        if (env->kind(env->arg, p.data) != 1 || lf_context_read_any(env->ctx, p.data, &text) != 0)
            continue;
        lf_buf_adds(&text, "");
        const char *tool = names_reader(text.data);
        if (tool) {
            lf_buf_printf(why, "the build of `%s`, whose `%s` uses %s", *dir ? dir : ".", p.data,
                          tool);
            hit = true;
        }
    }
    lf_buf_free(&p);
    lf_buf_free(&text);
    return hit;
}

/* A script of the context that the words run (mapped back through the
 * COPYs before instr) and that reads git metadata. */
static bool runs_git_script(const lf_di_env *env, const lf_analysis *an, int instr,
                            const lf_strv *w, const char *cwd, lf_buf *why)
{
    lf_buf rel = LF_BUF_INIT, text = LF_BUF_INIT, inner = LF_BUF_INIT;
    bool hit = false;
    for (size_t k = 0; k < w->n && !hit; k++) {
        char *p = image_path(w->items[k].s, cwd);
        int from;
        if (p && map_back(env, an, instr, p, &rel, &from) && rel.len > 0 &&
            env->kind(env->arg, rel.data) == 1) {
            lf_buf_clear(&text);
            lf_buf_clear(&inner);
            if (lf_context_read_any(env->ctx, rel.data, &text) == 0 && text.len < (1u << 20) &&
                script_reads_git(text.data ? text.data : "", text.len, &inner)) {
                lf_buf_printf(why, "`%s`, which runs `%s`", rel.data, inner.data);
                hit = true;
            }
        }
        free(p);
    }
    lf_buf_free(&rel);
    lf_buf_free(&text);
    lf_buf_free(&inner);
    return hit;
}

/* The text of the command substitutions of s (`$(...)` and backquotes),
 * which the RUN model does not list as commands, one a line. */
static void substitutions(const char *s, lf_buf *out)
{
    for (const char *p = s; *p; p++) {
        if (p[0] == '$' && p[1] == '(') {
            int depth = 1;
            const char *q = p + 2;
            for (; *q && depth; q++)
                depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
            lf_buf_add(out, p + 2, (size_t)(q - p - 2 - (depth == 0)));
            lf_buf_addc(out, '\n');
        } else if (*p == '`') {
            const char *q = strchr(p + 1, '`');
            if (!q)
                break;
            lf_buf_add(out, p + 1, (size_t)(q - p - 1));
            lf_buf_addc(out, '\n');
            p = q;
        }
    }
    lf_buf_adds(out, "");
}

/* A command substitution of the RUN that runs git in the copied tree. */
static bool substitution_reads_git(const lf_analysis *an, const lf_instr *in, int instr,
                                   lf_buf *why)
{
    lf_buf sub = LF_BUF_INIT;
    substitutions(in->joined, &sub);
    bool hit = false;
    if (sub.len > 0) {
        const lf_state *st = lf_analysis_state(an, instr);
        lf_buf tmp = LF_BUF_INIT;
        lf_strv w = LF_STRV_INIT;
        split_words(sub.data, sub.len, &w);
        hit = words_read_git(&w, &tmp) && in_copied_repo(an, in, instr, st ? st->workdir : NULL);
        if (hit)
            lf_buf_add(why, tmp.data, tmp.len);
        lf_strv_free(&w);
        lf_buf_free(&tmp);
    }
    lf_buf_free(&sub);
    return hit;
}

/* A RUN that reads git metadata: one of its commands, a script it runs, or
 * the Python project it builds. */
static bool run_reads_git(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an, int instr,
                          lf_buf *why)
{
    const lf_instr *in = &doc->instrs[instr];
    const lf_run_model *m = lf_analysis_run(an, instr);
    if (!m)
        return false;
    lf_buf line = LF_BUF_INIT;
    bool hit = false, cloned = false;
    for (size_t c = 0; c < m->ncmds && !hit; c++) {
        const lf_cmd *cmd = &m->cmds[c];
        if (cmd->n == 0)
            continue;
        lf_strv w = LF_STRV_INIT;
        for (size_t k = 0; k < cmd->n; k++)
            lf_strv_push(&w, cmd->w[k].s, strlen(cmd->w[k].s));
        if (strcmp(cmd->progname, "git") == 0 && cmd->prog + 1 <= cmd->n) {
            const char *dir;
            bool clone = false;
            bool reads = git_reads(&w.items[cmd->prog + 1], w.n - cmd->prog - 1, &dir, &clone);
            cloned = cloned || clone;
            char *where = dir ? lf_path_join(cmd->cwd, dir) : NULL;
            if (reads && !cloned && in_copied_repo(an, in, instr, dir ? where : cmd->cwd)) {
                lf_buf_adds(why, "git");
                for (size_t k = cmd->prog + 1; k < w.n && k < cmd->prog + 3; k++)
                    lf_buf_printf(why, " %s", w.items[k].s);
                hit = true;
            }
            free(where);
        } else if (!cloned) {
            hit = runs_git_script(env, an, instr, &w, cmd->cwd, why);
            cmd_line(cmd, &line);
            for (size_t b = 0; lf_ignore_python_builders[b] && !hit; b++) {
                if (!starts_cmd(line.data, lf_ignore_python_builders[b]))
                    continue;
                /* the project: the directory it runs in, or one it names */
                lf_buf rel = LF_BUF_INIT;
                int from;
                for (size_t k = 0; k <= cmd->n && !hit; k++) {
                    char *p = k == cmd->n ? (cmd->cwd ? strdup(cmd->cwd) : NULL)
                                          : image_path(cmd->w[k].s, cmd->cwd);
                    if (p && map_back(env, an, instr, p, &rel, &from) &&
                        (rel.len == 0 || env->kind(env->arg, rel.data) == 2))
                        hit = python_scm(env, rel.data ? rel.data : "", why);
                    free(p);
                }
                lf_buf_free(&rel);
            }
        }
        lf_strv_free(&w);
    }
    lf_buf_free(&line);
    return hit;
}

bool lf_di_git_reader(const lf_di_env *env, const lf_doc *doc, const lf_analysis *an, size_t *line,
                      lf_buf *why)
{
    for (size_t i = 0; i < doc->ninstrs; i++) {
        const lf_instr *in = &doc->instrs[i];
        lf_buf_clear(why);
        bool hit = false;
        const char *tool = NULL;
        if (in->kw != LF_KW_RUN && in->kw != LF_KW_CMD && in->kw != LF_KW_ENTRYPOINT)
            continue;
        if ((tool = names_reader(in->joined)) != NULL) {
            lf_buf_adds(why, tool);
            hit = true;
        } else if (in->kw == LF_KW_RUN) {
            hit = run_reads_git(env, doc, an, (int)i, why) ||
                  substitution_reads_git(an, in, (int)i, why);
        } else {
            const lf_state *st = lf_analysis_state(an, (int)i);
            const char *wd = st ? st->workdir : NULL;
            lf_strv w = LF_STRV_INIT;
            instr_words(in, &w);
            size_t k = 0;
            while (k < w.n && strcmp(lf_path_base(w.items[k].s), "git") != 0)
                k++;
            const char *dir = NULL;
            bool clone = false;
            if (k < w.n && git_reads(&w.items[k + 1], w.n - k - 1, &dir, &clone)) {
                char *where = dir ? lf_path_join(wd, dir) : NULL;
                if (in_copied_repo(an, in, (int)i, dir ? where : wd))
                    hit = words_read_git(&w, why);
                free(where);
            }
            if (!hit)
                hit = runs_git_script(env, an, (int)i, &w, wd, why);
            lf_strv_free(&w);
        }
        if (hit) {
            *line = in->first_line;
            lf_buf_adds(why, "");
            return true;
        }
    }
    lf_buf_clear(why);
    lf_buf_adds(why, "");
    return false;
}
