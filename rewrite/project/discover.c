/* Finding the Dockerfiles to work on (see discover.h). */
#include "discover.h"

#include "ci.h"
#include "compose.h"
#include "config.h"
#include "context_fs.h"
#include "ownership.h"
#include "vec.h"
#include "worktree.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

bool lf_is_dockerfile_name(const char *base)
{
    /* `dockerfile`: the name the docker CLI falls back to when there is no
     * `Dockerfile` */
    return strcmp(base, "Dockerfile") == 0 || strncmp(base, "Dockerfile.", 11) == 0 ||
           strcmp(base, "dockerfile") == 0 || ends_with(base, ".Dockerfile") ||
           ends_with(base, ".dockerfile") || strcmp(base, "Containerfile") == 0 ||
           strncmp(base, "Containerfile.", 14) == 0;
}

/* Golden-case outputs and editor leftovers are not Dockerfiles to rewrite. */
static bool is_artifact(const char *base)
{
    return ends_with(base, ".orig") || ends_with(base, ".rej") || ends_with(base, "~") ||
           ends_with(base, ".swp") || ends_with(base, ".bak");
}

/* What discovery learns besides the Dockerfiles (lf_discover_all). */
typedef struct found {
    lf_strv files; /* compose and bake files, in the order found */
    lf_strv keys;  /* their lf_path_key, to load each once */
    lf_strv dirs;  /* the directories searched (PATHs, or ".") */
    lf_strv roots; /* the repository roots (or the directories outside git) whose CI
                      files and scripts are read */
    lf_strv root_keys;
    lf_ci_files *ci; /* NULL: not asked for */
} found;

static void found_free(found *F)
{
    lf_strv_free(&F->files);
    lf_strv_free(&F->keys);
    lf_strv_free(&F->dirs);
    lf_strv_free(&F->roots);
    lf_strv_free(&F->root_keys);
}

/* Remembers the root whose CI files and scripts dir's Dockerfiles may be
 * built by: its git work tree, else dir itself. */
static void root_add(found *F, const char *dir)
{
    lf_buf abs = LF_BUF_INIT, shown = LF_BUF_INIT, key = LF_BUF_INIT;
    if (lf_git_work_tree(dir, &abs))
        lf_path_display(abs.data, &shown);
    else
        lf_buf_adds(&shown, dir);
    lf_path_key(shown.data, &key);
    bool known = false;
    for (size_t i = 0; i < F->root_keys.n && !known; i++)
        known = strcmp(F->root_keys.items[i].s, key.data) == 0;
    if (!known) {
        lf_strv_push(&F->roots, shown.data, shown.len);
        lf_strv_push(&F->root_keys, key.data, key.len);
    }
    lf_buf_free(&abs);
    lf_buf_free(&shown);
    lf_buf_free(&key);
}

static bool under(const char *key, const char *dir_key);

/* Is path inside one of the directories searched? */
static bool searched(const found *F, const char *path)
{
    lf_buf k = LF_BUF_INIT, d = LF_BUF_INIT;
    lf_path_key(path, &k);
    bool inside = false;
    for (size_t i = 0; i < F->dirs.n && !inside; i++) {
        lf_buf_clear(&d);
        lf_path_key(F->dirs.items[i].s, &d);
        inside = under(k.data, d.data);
    }
    lf_buf_free(&k);
    lf_buf_free(&d);
    return inside;
}

/* The CI files and build scripts of root, read into builds (and listed in
 * F->ci when asked for and searched). */
static void load_ci(lf_builds *builds, const char *root, const lf_config *cfg, const found *F)
{
    lf_context c;
    lf_buf err = LF_BUF_INIT, p = LF_BUF_INIT;
    if (lf_context_open(&c, root, &err) == 0) {
        for (size_t i = 0; i < c.nfiles; i++) {
            lf_buf_clear(&p);
            lf_path_join_dir(root, c.files[i], &p);
            lf_ci_kind kind = lf_ci_kind_of(c.files[i], p.data);
            if (kind == LF_CI_NONE || lf_config_excluded(cfg, p.data) ||
                !lf_ci_load(builds, kind, p.data, root) || !F->ci || !searched(F, p.data))
                continue;
            lf_ci_file *f = LF_VEC_PUSH(F->ci->items, F->ci->n, F->ci->cap);
            lf_buf shown = LF_BUF_INIT;
            lf_path_display(p.data, &shown); /* `../sub/x.sh` from sub/ is `x.sh` */
            f->path = lf_buf_detach(&shown, NULL);
            f->root = strdup(root);
            f->workflow = kind == LF_CI_WORKFLOW;
        }
    }
    lf_context_free(&c);
    lf_buf_free(&err);
    lf_buf_free(&p);
}

void lf_ci_files_free(lf_ci_files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].path);
        free(f->items[i].root);
    }
    free(f->items);
    memset(f, 0, sizeof *f);
}

static void found_add(found *F, const char *path)
{
    lf_buf key = LF_BUF_INIT;
    lf_path_key(path, &key);
    for (size_t i = 0; i < F->keys.n; i++)
        if (strcmp(F->keys.items[i].s, key.data) == 0) {
            lf_buf_free(&key);
            return;
        }
    lf_strv_push(&F->keys, key.data, key.len);
    lf_strv_push(&F->files, path, strlen(path));
    lf_buf_free(&key);
}

static bool is_build_file_name(const char *base)
{
    return (lf_is_compose_name(base) || lf_is_bake_name(base)) && !is_artifact(base);
}

static int add_dir(lf_strv *out, found *F, const char *dir, const lf_config *cfg, lf_buf *err,
                   lf_strv *like)
{
    lf_context c;
    if (lf_context_open(&c, dir, err) != 0) {
        lf_buf_addc(err, '\n');
        lf_context_free(&c);
        return -1;
    }
    for (size_t i = 0; i < c.nfiles; i++) {
        const char *rel = c.files[i];
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        bool dockerfile = lf_is_dockerfile_name(base) && !is_artifact(base);
        bool build_file = F && is_build_file_name(base);
        bool looks_like = like && lf_is_dockerfile_like(base);
        if (!dockerfile && !build_file && !looks_like)
            continue;
        lf_buf p = LF_BUF_INIT;
        if (strcmp(dir, ".") == 0)
            lf_buf_adds(&p, rel);
        else
            lf_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", rel);
        if (looks_like)
            lf_strv_push(like, p.data, p.len);
        if (!dockerfile && !build_file) {
            lf_buf_free(&p);
            continue;
        }
        if (!lf_config_excluded(cfg, p.data)) {
            if (dockerfile)
                lf_strv_push(out, p.data, p.len);
            else
                found_add(F, p.data);
        }
        lf_buf_free(&p);
    }
    lf_context_free(&c);
    return 0;
}

/* abs (resolved) as the user should see it: relative when it is the current
 * directory or below it. */
static void display_dir(const char *abs, lf_buf *out)
{
    char here[PATH_MAX], cwd[PATH_MAX];
    size_t cl = 0;
    if (getcwd(here, sizeof here) && realpath(here, cwd))
        cl = strlen(cwd);
    if (cl && strcmp(abs, cwd) == 0)
        lf_buf_adds(out, ".");
    else if (cl > 1 && strncmp(abs, cwd, cl) == 0 && abs[cl] == '/')
        lf_buf_adds(out, abs + cl + 1);
    else
        lf_buf_adds(out, abs);
}

/* The compose and bake files directly in dir (not below it). */
static void scan_one_dir(found *F, const char *abs, const lf_config *cfg)
{
    DIR *d = opendir(abs);
    if (!d)
        return;
    lf_buf shown = LF_BUF_INIT;
    display_dir(abs, &shown);
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (!is_build_file_name(ent->d_name))
            continue;
        lf_buf p = LF_BUF_INIT;
        if (strcmp(shown.data, ".") == 0)
            lf_buf_adds(&p, ent->d_name);
        else
            lf_buf_printf(&p, "%s%s%s", shown.data, ends_with(shown.data, "/") ? "" : "/",
                          ent->d_name);
        struct stat st;
        if (stat(p.data, &st) == 0 && S_ISREG(st.st_mode) && !lf_config_excluded(cfg, p.data))
            found_add(F, p.data);
        lf_buf_free(&p);
    }
    closedir(d);
    lf_buf_free(&shown);
}

/* The directories above dir (and dir itself when inclusive) up to the root
 * of its git work tree; only dir itself (when inclusive) outside git. */
static void scan_ancestors(found *F, const char *dir, bool inclusive, const lf_config *cfg)
{
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return;
    lf_buf wdb = LF_BUF_INIT;
    bool have_wd = lf_git_work_tree(real, &wdb);
    char wd[PATH_MAX];
    snprintf(wd, sizeof wd, "%s", lf_buf_cstr(&wdb));
    lf_buf_free(&wdb);
    if (!have_wd) {
        if (inclusive)
            scan_one_dir(F, real, cfg);
        return;
    }
    size_t wl = strlen(wd);
    if (strcmp(wd, "/") == 0)
        wl = 0;
    if (strncmp(real, wd, wl) != 0 || (real[wl] != '/' && real[wl] != 0))
        return;
    bool first = true;
    for (;;) {
        if (!first || inclusive)
            scan_one_dir(F, real, cfg);
        first = false;
        size_t rl = strlen(real);
        if (rl <= wl || rl <= 1)
            break;
        char *slash = strrchr(real, '/');
        if (slash == real)
            slash[1] = 0;
        else
            *slash = 0;
        if (strlen(real) < wl)
            break;
    }
}

static void parent_dir(const char *path, lf_buf *out)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        lf_buf_adds(out, ".");
    else if (slash == path)
        lf_buf_adds(out, "/");
    else
        lf_buf_add(out, path, (size_t)(slash - path));
}

static bool under(const char *key, const char *dir_key)
{
    size_t n = strlen(dir_key);
    if (n == 1 && dir_key[0] == '/')
        return key[0] == '/' && key[1] != 0;
    return strncmp(key, dir_key, n) == 0 && key[n] == '/';
}

/* Dockerfiles that builds[from..] name and discovery did not find by name. */
static void add_named(lf_strv *out, const lf_builds *b, size_t from, const found *F,
                      const lf_config *cfg)
{
    lf_strv keys = LF_STRV_INIT, dirs = LF_STRV_INIT;
    lf_buf k = LF_BUF_INIT;
    for (size_t i = 0; i < out->n; i++) {
        lf_buf_clear(&k);
        lf_path_key(out->items[i].s, &k);
        lf_strv_push(&keys, k.data, k.len);
    }
    for (size_t i = 0; i < F->dirs.n; i++) {
        lf_buf_clear(&k);
        lf_path_key(F->dirs.items[i].s, &k);
        lf_strv_push(&dirs, k.data, k.len);
    }
    for (size_t i = from; i < b->n; i++) {
        const char *df = b->items[i].dockerfile;
        struct stat st;
        if (stat(df, &st) != 0 || !S_ISREG(st.st_mode) || lf_config_excluded(cfg, df))
            continue;
        lf_buf_clear(&k);
        lf_buf_adds(&k, b->items[i].dockerfile_key);
        bool inside = false, known = false;
        for (size_t j = 0; j < dirs.n && !inside; j++)
            inside = under(k.data, dirs.items[j].s);
        for (size_t j = 0; j < keys.n && !known; j++)
            known = strcmp(keys.items[j].s, k.data) == 0;
        if (inside && !known) {
            lf_strv_push(out, df, strlen(df));
            lf_strv_push(&keys, k.data, k.len);
        }
    }
    lf_buf_free(&k);
    lf_strv_free(&keys);
    lf_strv_free(&dirs);
}

int lf_discover(lf_strv *out, char *const *paths, int npaths, lf_buf *err)
{
    return lf_discover_all(out, NULL, paths, npaths, NULL, err);
}

int lf_discover_all(lf_strv *out, lf_builds *builds, char *const *paths, int npaths,
                    const lf_config *cfg, lf_buf *err)
{
    return lf_discover_ci(out, builds, NULL, paths, npaths, cfg, err);
}

int lf_discover_ci(lf_strv *out, lf_builds *builds, lf_ci_files *ci, char *const *paths, int npaths,
                   const lf_config *cfg, lf_buf *err)
{
    int failed = 0;
    found F = {.ci = ci};
    found *fp = builds ? &F : NULL;
    if (npaths == 0) {
        git_libgit2_init();
        git_buf root = {0};
        int rc = git_repository_discover(&root, ".", 0, NULL);
        git_libgit2_shutdown();
        if (rc != 0) {
            lf_buf_adds(err, "layerfix: error: not inside a git repository; name the "
                             "Dockerfiles or directories to work on\n");
            return 1;
        }
        git_buf_dispose(&root);
        failed += add_dir(out, fp, ".", cfg, err, builds ? &builds->dockerfile_like : NULL) != 0;
        if (fp) {
            lf_strv_push(&F.dirs, ".", 1);
            scan_ancestors(fp, ".", false, cfg);
            root_add(fp, ".");
        }
    }
    for (int i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            lf_buf_printf(err, "%s: error: %s\n", paths[i], strerror(errno));
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            const char *base = strrchr(paths[i], '/');
            base = base ? base + 1 : paths[i];
            /* a directory named like a Dockerfile was meant as a file */
            if (lf_is_dockerfile_name(base) && strcmp(base, "Dockerfile") == 0) {
                lf_buf_printf(err, "%s: error: is a directory, not a Dockerfile\n", paths[i]);
                failed++;
            } else if (add_dir(out, fp, paths[i], cfg, err,
                               builds ? &builds->dockerfile_like : NULL) != 0) {
                failed++;
            } else if (fp) {
                lf_strv_push(&F.dirs, paths[i], strlen(paths[i]));
                scan_ancestors(fp, paths[i], false, cfg);
                root_add(fp, paths[i]);
            }
        } else {
            lf_strv_push(out, paths[i], strlen(paths[i]));
            if (fp) {
                lf_buf dir = LF_BUF_INIT;
                parent_dir(paths[i], &dir);
                scan_ancestors(fp, dir.data, true, cfg);
                root_add(fp, dir.data);
                lf_buf_free(&dir);
            }
        }
    }
    if (builds) {
        size_t from = builds->n;
        for (size_t i = 0; cfg && i < cfg->ncontexts; i++) {
            const lf_config_context *cc = &cfg->contexts[i];
            for (size_t k = 0; k < cc->dirs.n; k++)
                lf_builds_add_paths(builds, LF_EVIDENCE_CONFIG, NULL, cfg->path, cc->lines[k],
                                    cc->dirs.items[k].s, cc->dockerfile, NULL);
        }
        for (size_t i = 0; i < F.files.n; i++) {
            lf_buf e = LF_BUF_INIT;
            if (lf_builds_load(builds, F.files.items[i].s, &e) != 0) {
                lf_buf_printf(err, "%s\n", lf_buf_cstr(&e));
                failed++;
            }
            lf_buf_free(&e);
        }
        for (size_t i = 0; i < F.roots.n; i++)
            load_ci(builds, F.roots.items[i].s, cfg, &F);
        add_named(out, builds, from, &F, cfg);
    }
    found_free(&F);
    return failed;
}
