/*
 * The rules of Maven (modules, followed through their poms; settings files)
 * and Gradle (buildSrc, the projects settings scripts include, scripts they
 * apply) (see mf.h).
 */
#include "mf.h"

#include <stdio.h>
#include <string.h>

/* --- Maven ------------------------------------------------------------------- */

static void maven_pom(mctx *m, const char *pom, int depth)
{
    if (depth > MF_MAX_DEPTH) {
        mf_skipf(m, "Maven modules nest deeper than %d levels", MF_MAX_DEPTH);
        return;
    }
    if (mf_seen_before(m, pom))
        return;
    if (!mf_want_file(m, pom))
        return;
    lf_buf text = LF_BUF_INIT, dir = LF_BUF_INIT, mod = LF_BUF_INIT, path = LF_BUF_INIT;
    if (!mf_read_ctx(m, pom, &text))
        goto out;
    mf_strip_xml_comments(&text);
    mf_dir_name(pom, &dir);
    for (const char *s = text.data; (s = strstr(s, "<module>")) != NULL && !m->skipped;) {
        s += 8;
        const char *e = strstr(s, "</module>");
        if (!e)
            break;
        const char *v = s;
        size_t vl = (size_t)(e - s);
        mf_trim(&v, &vl);
        lf_buf_clear(&mod);
        lf_buf_add(&mod, v, vl);
        if (strchr(mod.data, '$')) {
            mf_skipf(m, "`%s` names the module `%s` through a property", pom, mod.data);
            break;
        }
        if (!mf_ends_with(mod.data, lf_maven_pom_ext))
            lf_buf_printf(&mod, "/%s", lf_maven_pom);
        if (!mf_path_resolve(dir.data, mod.data, &path)) {
            mf_skipf(m, "`%s` has a module outside the build context (`%s`)", pom, mod.data);
            break;
        }
        if (!mf_ctx_file(m->env, path.data)) {
            mf_skipf(m, "`%s` lists the module `%.*s`, whose pom is not in the build context", pom,
                     (int)vl, v);
            break;
        }
        maven_pom(m, path.data, depth + 1);
        s = e;
    }
out:
    lf_buf_free(&text);
    lf_buf_free(&dir);
    lf_buf_free(&mod);
    lf_buf_free(&path);
}

void mf_maven_rules(mctx *m, const cmdline *cl)
{
    lf_buf path = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_maven_pom, &path);
    maven_pom(m, path.data, 0);
    for (size_t i = 0; i < cl->nopts && !m->skipped; i++) {
        const opt *o = &cl->opts[i];
        if ((strcmp(o->name, "-s") == 0 || strcmp(o->name, "--settings") == 0) && o->value &&
            o->value[0] != '/') {
            if (o->value_dyn || !mf_path_resolve(m->dir, o->value, &path))
                mf_skipf(m, "the settings file `%s` cannot be located in the build context",
                         o->value);
            else
                mf_want_file(m, path.data);
        }
    }
    lf_buf_free(&path);
}

/* --- Gradle ------------------------------------------------------------------ */

static void gradle_want_build_files(mctx *m, const char *projdir)
{
    lf_buf p = LF_BUF_INIT;
    for (size_t i = 0; lf_gradle_project_files[i]; i++) {
        lf_buf_clear(&p);
        lf_buf_printf(&p, "%s%s%s", projdir, *projdir ? "/" : "", lf_gradle_project_files[i]);
        if (mf_ctx_file(m->env, p.data))
            mf_want(m, p.data, false, true);
    }
    lf_buf_free(&p);
}

typedef struct gradle_state {
    lf_buf *proj;
    bool build_script; /* a build.gradle(.kts): only script applications matter */
} gradle_state;

static bool settings_line(mctx *m, const char *path, const char *line, size_t len, void *arg)
{
    gradle_state *st = arg;
    mf_trim(&line, &len);
    if (len == 0 || mf_starts_with(line, "//"))
        return true;
    char l[1024];
    snprintf(l, sizeof l, "%.*s", (int)len, line);
    if (strstr(l, "apply from") || strstr(l, "apply(from"))
        return mf_skipf(m, "`%s` applies another script (`%s`)", path, l);
    if (st->build_script)
        return true;
    if (strstr(l, "includeBuild") || strstr(l, "includeFlat") || strstr(l, "projectDir"))
        return mf_skipf(m, "`%s` uses `%.*s`, which needs more than the build scripts", path,
                        (int)strcspn(l, " ("), l);
    if (!mf_starts_with(l, "include"))
        return true;
    /* every quoted project path on an include line */
    for (const char *s = l; *s;) {
        const char *q = strpbrk(s, "'\"");
        if (!q)
            break;
        const char *e = strchr(q + 1, *q);
        if (!e)
            break;
        lf_buf_clear(st->proj);
        lf_buf_printf(st->proj, "%s%s", m->dir, *m->dir ? "/" : "");
        for (const char *c = q + 1; c < e; c++) {
            if (*c == ':') {
                if (st->proj->len && st->proj->data[st->proj->len - 1] != '/')
                    lf_buf_addc(st->proj, '/');
            } else {
                lf_buf_addc(st->proj, *c);
            }
        }
        lf_buf_adds(st->proj, "");
        if (strchr(st->proj->data, '$'))
            return mf_skipf(m, "`%s` includes a project named at build time", path);
        gradle_want_build_files(m, st->proj->data);
        s = e + 1;
    }
    return true;
}

void mf_gradle_rules(mctx *m)
{
    lf_buf path = LF_BUF_INIT, text = LF_BUF_INIT, proj = LF_BUF_INIT;
    mf_path_resolve(m->dir, lf_gradle_build_src, &path);
    if (mf_ctx_dir(m->env, path.data)) {
        mf_skipf(m, "`%s/` holds build logic that the build scripts need", path.data);
        goto out;
    }
    /* the settings and root build scripts: includes, and scripts they pull in */
    const char *const *scripts[] = {lf_gradle_settings_scripts, lf_gradle_build_scripts};
    gradle_state st = {&proj, false};
    for (size_t k = 0; k < 2 && !m->skipped; k++) {
        st.build_script = k == 1;
        for (size_t i = 0; scripts[k][i] && !m->skipped; i++) {
            mf_path_resolve(m->dir, scripts[k][i], &path);
            if (mf_ctx_file(m->env, path.data) && mf_read_ctx(m, path.data, &text))
                mf_each_line(m, path.data, text.data, settings_line, &st);
        }
    }
out:
    lf_buf_free(&path);
    lf_buf_free(&text);
    lf_buf_free(&proj);
}
