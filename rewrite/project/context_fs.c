/*
 * Build contexts on the file system (see context_fs.h). With git, the list
 * is what the repository would ship: tracked files still on disk plus
 * untracked files that are not ignored. Without git, every regular file
 * under the directory.
 */
#include "context_fs.h"

#include "vec.h"

#include <dirent.h>
#include <git2.h>
#include <libssh2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int lf_context__cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --- directory walk -------------------------------------------------------- */

static void lf_context__walk_dir(lf_context *c, const char *abs, const char *rel, int depth)
{
    DIR *d = opendir(abs);
    if (!d || depth > 64) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strcmp(name, ".git") == 0)
            continue;
        char child_abs[PATH_MAX], child_rel[PATH_MAX];
        snprintf(child_abs, sizeof child_abs, "%s/%s", abs, name);
        snprintf(child_rel, sizeof child_rel, "%s%s%s", rel, *rel ? "/" : "", name);
        struct stat st;
        if (lstat(child_abs, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            lf_context__walk_dir(c, child_abs, child_rel, depth + 1);
        else
            lf_context_add(c, child_rel);
    }
    closedir(d);
}

static int lf_context__walk(lf_context *c)
{
    lf_context__walk_dir(c, c->dir, "", 0);
    return 0;
}

/* --- git ------------------------------------------------------------------------- */

/* Within lf_context_cache_begin/end the repository found last stays open, so
 * that the next context of the same work tree reuses its index (reading the
 * index of a large repository for each of its build contexts made a run
 * quadratic). Outside that scope every call opens and frees its repository. */
static struct {
    int depth;
    git_repository *repo;
    char *workdir; /* realpath of its work tree */
} lf_context__cache;

void lf_context_cache_begin(void)
{
    if (lf_context__cache.depth++ == 0) {
        /* libgit2 initialises libssh2 for its SSH transport, and libssh2
         * then initialises OpenSSL (3 MB of libcrypto made resident, 1.4 MB
         * more peak RSS). layerfix never talks to a remote: initialised
         * first without its crypto, libssh2 skips that when libgit2 asks
         * (it only initialises the crypto library on its first init). */
        libssh2_init(LIBSSH2_INIT_NO_CRYPTO);
        git_libgit2_init();
    }
}

static void lf_context__cache_drop(void)
{
    git_repository_free(lf_context__cache.repo);
    free(lf_context__cache.workdir);
    lf_context__cache.repo = NULL;
    lf_context__cache.workdir = NULL;
}

void lf_context_cache_end(void)
{
    if (lf_context__cache.depth == 0 || --lf_context__cache.depth > 0)
        return;
    lf_context__cache_drop();
    git_libgit2_shutdown();
    libssh2_exit();
}

/* 1 when real_dir is inside the cached work tree and no directory between
 * them (real_dir included, the work tree excluded) holds a .git entry of a
 * nested repository. */
static int lf_context__cached_holds(const char *real_dir)
{
    const char *wd = lf_context__cache.workdir;
    if (!wd)
        return 0;
    size_t wl = strlen(wd);
    if (strncmp(real_dir, wd, wl) != 0 || (real_dir[wl] != 0 && real_dir[wl] != '/'))
        return 0;
    char path[PATH_MAX];
    size_t len = strlen(real_dir);
    if (len + 6 > sizeof path)
        return 0;
    memcpy(path, real_dir, len + 1);
    while (len > wl) {
        struct stat st;
        memcpy(path + len, "/.git", 6);
        if (lstat(path, &st) == 0)
            return 0;
        while (len > wl && path[len - 1] != '/')
            len--;
        len--; /* the '/' */
        path[len] = 0;
    }
    return 1;
}

/* Finds the non-bare repository whose work tree holds dir. Fills real_wd (the
 * work tree's realpath) and *prefix (dir relative to it, "" at the root,
 * pointing into real_dir). *owned tells whether the caller frees the
 * repository. NULL when dir is not inside a work tree. */
static git_repository *lf_context__repo(const char *dir, char real_dir[PATH_MAX],
                                        char real_wd[PATH_MAX], const char **prefix, int *owned)
{
    if (!realpath(dir, real_dir))
        return NULL;
    git_repository *repo = NULL;
    *owned = 0;
    if (lf_context__cache.depth > 0 && lf_context__cached_holds(real_dir)) {
        repo = lf_context__cache.repo;
        strcpy(real_wd, lf_context__cache.workdir);
    } else {
        if (git_repository_open_ext(&repo, real_dir, 0, NULL) != 0)
            return NULL;
        const char *wd = git_repository_workdir(repo);
        if (git_repository_is_bare(repo) || !wd || !realpath(wd, real_wd)) {
            git_repository_free(repo);
            return NULL;
        }
        if (lf_context__cache.depth > 0) {
            lf_context__cache_drop();
            lf_context__cache.repo = repo;
            lf_context__cache.workdir = strdup(real_wd);
        } else {
            *owned = 1;
        }
    }
    size_t wl = strlen(real_wd);
    if (strncmp(real_dir, real_wd, wl) != 0 || (real_dir[wl] != 0 && real_dir[wl] != '/')) {
        if (*owned)
            git_repository_free(repo);
        return NULL;
    }
    *prefix = real_dir[wl] == '/' ? real_dir + wl + 1 : "";
    return repo;
}

static int lf_context__git(lf_context *c, git_repository *repo, const char *rel_dir)
{
    /* Tracked files come from the index (which a cached repository keeps
     * loaded); a status of the work tree only adds what changed there:
     * untracked files, and tracked ones deleted from disk. A status with
     * unmodified files included would hold a record for every file of the
     * subtree, twice. */
    git_index *idx;
    if (git_repository_index(&idx, repo) != 0)
        return -1;
    if (git_index_read(idx, 0) != 0) {
        git_index_free(idx);
        return -1;
    }
    git_status_options opts;
    git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
    opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                 GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
    /* only the context's subtree is walked: a repository of N contexts
     * would otherwise cost N walks of the whole work tree */
    char *spec = (char *)rel_dir;
    if (*rel_dir) {
        opts.pathspec.strings = &spec;
        opts.pathspec.count = 1;
    }
    git_status_list *list;
    if (git_status_list_new(&list, repo, &opts) != 0) {
        git_index_free(idx);
        return -1;
    }
    size_t plen = strlen(rel_dir);
    char **deleted = NULL;
    size_t ndeleted = 0, cap_deleted = 0;
    size_t n = git_status_list_entrycount(list);
    for (size_t i = 0; i < n; i++) {
        const git_status_entry *e = git_status_byindex(list, i);
        const git_diff_delta *d = e->index_to_workdir;
        if (!d)
            continue;
        const char *p = e->status & GIT_STATUS_WT_DELETED ? d->old_file.path : d->new_file.path;
        if (!p || (plen > 0 && (strncmp(p, rel_dir, plen) != 0 || p[plen] != '/')))
            continue;
        if (e->status & GIT_STATUS_WT_DELETED)
            *LF_VEC_PUSH(deleted, ndeleted, cap_deleted) = (char *)p;
        else if (e->status & GIT_STATUS_WT_NEW)
            lf_context_add(c, p + (plen > 0 ? plen + 1 : 0));
    }
    if (ndeleted > 1)
        qsort(deleted, ndeleted, sizeof *deleted, lf_context__cmp);
    /* the index is sorted by path (case-folded when core.ignorecase is set,
     * which find_prefix follows): start at the first entry of the subtree */
    size_t k = 0;
    lf_buf pre = LF_BUF_INIT;
    if (plen > 0) {
        lf_buf_printf(&pre, "%s/", rel_dir);
        if (git_index_find_prefix(&k, idx, pre.data) != 0)
            k = git_index_entrycount(idx);
    }
    int icase = (git_index_caps(idx) & GIT_INDEX_CAPABILITY_IGNORE_CASE) != 0;
    const char *last = NULL;
    for (size_t cnt = git_index_entrycount(idx); k < cnt; k++) {
        const git_index_entry *e = git_index_get_byindex(idx, k);
        const char *p = e->path;
        if (plen > 0) {
            if ((icase ? strncasecmp(p, pre.data, plen + 1) : strncmp(p, pre.data, plen + 1)) != 0)
                break;
            if (strncmp(p, pre.data, plen + 1) != 0)
                continue;
        }
        if (e->mode == GIT_FILEMODE_COMMIT || (last && strcmp(last, p) == 0))
            continue; /* a submodule; a conflict's other stages */
        last = p;
        if (ndeleted > 0 && bsearch(&p, deleted, ndeleted, sizeof *deleted, lf_context__cmp))
            continue;
        lf_context_add(c, p + (plen > 0 ? plen + 1 : 0));
    }
    lf_buf_free(&pre);
    free(deleted);
    git_status_list_free(list);
    git_index_free(idx);
    return 0;
}

/* --- the file system behind a context ------------------------------------------ */

static int lf_context__read_file(const char *path, lf_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        lf_buf_add(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

static int lf_context__fs_read(const lf_context *c, const char *rel, lf_buf *out)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", c->dir, rel) >= (int)sizeof path)
        return -1;
    return lf_context__read_file(path, out);
}

static int lf_context__fs_read_path(const lf_context *c, const char *path, lf_buf *out)
{
    (void)c;
    return lf_context__read_file(path, out);
}

static bool lf_context__fs_is_file(const lf_context *c, const char *path)
{
    (void)c;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *lf_context__fs_relative(const lf_context *c, const char *path)
{
    char rd[PATH_MAX], rp[PATH_MAX];
    if (!realpath(c->dir, rd) || !realpath(path, rp))
        return NULL;
    size_t n = strlen(rd);
    if (strncmp(rp, rd, n) != 0 || rp[n] != '/')
        return NULL;
    return strdup(rp + n + 1);
}

/* Everything on disk under abs: the builder is sent all of it. */
static void lf_context__scan_dir(lf_context_scan *u, const char *abs, const char *rel, int depth,
                                 unsigned flags)
{
    DIR *d = depth <= 64 ? opendir(abs) : NULL;
    if (!d)
        return;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        char cabs[PATH_MAX], crel[PATH_MAX];
        if (snprintf(cabs, sizeof cabs, "%s/%s", abs, name) >= (int)sizeof cabs ||
            snprintf(crel, sizeof crel, "%s%s%s", rel, *rel ? "/" : "", name) >= (int)sizeof crel)
            continue;
        struct stat st;
        if (lstat(cabs, &st) != 0)
            continue;
        unsigned cf = flags;
        if (strcmp(name, ".git") == 0)
            cf |= LF_CE_VCS;
        if (S_ISDIR(st.st_mode)) {
            /* a directory holding its own .git below the root: a nested
             * repository or submodule, which the outer git does not list */
            char gitp[PATH_MAX];
            struct stat gs;
            if (!(cf & LF_CE_VCS) &&
                snprintf(gitp, sizeof gitp, "%s/.git", cabs) < (int)sizeof gitp &&
                lstat(gitp, &gs) == 0)
                cf |= LF_CE_NESTED;
            lf_context__scan_dir(u, cabs, crel, depth + 1, cf);
            continue;
        }
        lf_context_entry *f = LF_VEC_PUSH(u->items, u->n, u->cap);
        f->path = strdup(crel);
        f->size = S_ISREG(st.st_mode) || S_ISLNK(st.st_mode) ? (unsigned long long)st.st_size : 0;
        f->flags = cf;
    }
    closedir(d);
}

static int lf_context__entry_cmp(const void *a, const void *b)
{
    return strcmp(((const lf_context_entry *)a)->path, ((const lf_context_entry *)b)->path);
}

static long lf_context__entry_find(const lf_context_entry *e, size_t n, const char *path)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(e[mid].path, path);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The git-ignored files on disk below the context directory (relative to
 * it, sorted), the work tree root and the context's prefix in it. */
typedef struct lf_context_git {
    char *workdir;
    char *prefix;
    char **ignored;
    size_t nignored, cap;
    char **untracked; /* untracked files git does not ignore, the same way */
    size_t nuntracked, capu;
} lf_context_git;

static void lf_context__git_free(lf_context_git *g)
{
    for (size_t i = 0; i < g->nignored; i++)
        free(g->ignored[i]);
    free(g->ignored);
    for (size_t i = 0; i < g->nuntracked; i++)
        free(g->untracked[i]);
    free(g->untracked);
    free(g->workdir);
    free(g->prefix);
    memset(g, 0, sizeof *g);
}

static int lf_context__ignored(lf_context_git *g, git_repository *repo)
{
    git_status_options opts;
    git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
    opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    /* every ignored file, also inside ignored directories (the builder is
     * sent what is on disk) and inside untracked ones (which libgit2 only
     * enters when asked for untracked files too) */
    opts.flags = GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS |
                 GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                 GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
    char *spec = g->prefix;
    if (*g->prefix) {
        opts.pathspec.strings = &spec;
        opts.pathspec.count = 1;
    }
    git_status_list *list;
    if (git_status_list_new(&list, repo, &opts) != 0)
        return -1;
    size_t plen = strlen(g->prefix);
    size_t n = git_status_list_entrycount(list);
    for (size_t i = 0; i < n; i++) {
        const git_status_entry *e = git_status_byindex(list, i);
        bool ign = e->status & GIT_STATUS_IGNORED;
        if (!(ign || e->status & GIT_STATUS_WT_NEW) || !e->index_to_workdir)
            continue;
        const char *p = e->index_to_workdir->new_file.path;
        if (!p)
            continue;
        if (plen > 0) {
            if (strncmp(p, g->prefix, plen) != 0 || p[plen] != '/')
                continue;
            p += plen + 1;
        }
        if (ign)
            *LF_VEC_PUSH(g->ignored, g->nignored, g->cap) = strdup(p);
        else
            *LF_VEC_PUSH(g->untracked, g->nuntracked, g->capu) = strdup(p);
    }
    git_status_list_free(list);
    if (g->nignored > 1)
        qsort(g->ignored, g->nignored, sizeof *g->ignored, lf_context__cmp);
    if (g->nuntracked > 1)
        qsort(g->untracked, g->nuntracked, sizeof *g->untracked, lf_context__cmp);
    return 0;
}

static int lf_context__git_open(lf_context_git *g, const char *dir)
{
    memset(g, 0, sizeof *g);
    git_libgit2_init();
    char real_dir[PATH_MAX], real_wd[PATH_MAX];
    const char *rel = "";
    int owned = 0, rc = -1;
    git_repository *repo = lf_context__repo(dir, real_dir, real_wd, &rel, &owned);
    if (repo) {
        g->workdir = strdup(real_wd);
        g->prefix = strdup(rel);
        rc = lf_context__ignored(g, repo);
        if (owned)
            git_repository_free(repo);
    }
    git_libgit2_shutdown();
    if (rc != 0)
        lf_context__git_free(g);
    return rc;
}

static int lf_context__fs_scan(const lf_context *c, const char *under, bool want_git,
                               lf_context_scan *u)
{
    memset(u, 0, sizeof *u);
    if (*under) {
        char abs[PATH_MAX];
        if (snprintf(abs, sizeof abs, "%s/%s", c->dir, under) >= (int)sizeof abs)
            return -1;
        struct stat st;
        if (lstat(abs, &st) != 0)
            return 0;
        if (!S_ISDIR(st.st_mode)) {
            lf_context_entry *f = LF_VEC_PUSH(u->items, u->n, u->cap);
            f->path = strdup(under);
            f->size = (unsigned long long)st.st_size;
            f->flags = LF_CE_VISIBLE;
            return 0;
        }
        lf_context__scan_dir(u, abs, under, 0, 0);
        if (u->n > 1)
            qsort(u->items, u->n, sizeof *u->items, lf_context__entry_cmp);
        for (size_t i = 0; i < u->n; i++)
            if (!(u->items[i].flags & (LF_CE_VCS | LF_CE_NESTED)))
                u->items[i].flags |= LF_CE_VISIBLE;
        return 0;
    }
    lf_context__scan_dir(u, c->dir, "", 0, 0);
    if (u->n > 1)
        qsort(u->items, u->n, sizeof *u->items, lf_context__entry_cmp);
    size_t ondisk = u->n;
    for (size_t i = 0; i < c->nfiles; i++) {
        /* listed but not found on disk (a caller-made list): still a file */
        const char *p = c->files[i];
        if (p[0] && p[strlen(p) - 1] != '/' && lf_context__entry_find(u->items, ondisk, p) < 0) {
            lf_context_entry *f = LF_VEC_PUSH(u->items, u->n, u->cap);
            memset(f, 0, sizeof *f);
            f->path = strdup(p);
        }
    }
    if (u->n > ondisk)
        qsort(u->items, u->n, sizeof *u->items, lf_context__entry_cmp);
    lf_context_git g;
    u->git = want_git && c->from_git && lf_context__git_open(&g, c->dir) == 0;
    for (size_t i = 0; i < u->n; i++) {
        lf_context_entry *f = &u->items[i];
        if (f->flags & (LF_CE_VCS | LF_CE_NESTED))
            continue;
        const char *p = f->path;
        if (u->git && !lf_context_has(c, p) && g.nignored > 0 &&
            bsearch(&p, g.ignored, g.nignored, sizeof *g.ignored, lf_context__cmp))
            f->flags |= LF_CE_IGNORED;
        else
            f->flags |= LF_CE_VISIBLE;
        if (u->git && f->flags & LF_CE_VISIBLE && g.nuntracked > 0 &&
            bsearch(&p, g.untracked, g.nuntracked, sizeof *g.untracked, lf_context__cmp))
            f->flags |= LF_CE_UNTRACKED;
    }
    if (u->git) {
        u->workdir = g.workdir;
        u->prefix = g.prefix;
        g.workdir = g.prefix = NULL;
        lf_context__git_free(&g);
    }
    return 0;
}

static const lf_context_ops lf_context__fs_ops = {
    .read = lf_context__fs_read,
    .scan = lf_context__fs_scan,
    .is_file = lf_context__fs_is_file,
    .read_path = lf_context__fs_read_path,
    .relative = lf_context__fs_relative,
    .free_impl = NULL,
};

void lf_context_init_fs(lf_context *c, const char *dir)
{
    lf_context_init(c, dir);
    c->ops = &lf_context__fs_ops;
}

int lf_context_open(lf_context *c, const char *dir, lf_buf *err)
{
    lf_context_init_fs(c, dir);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        lf_buf_printf(err, "%s: error: the build context is not a directory", dir);
        return -1;
    }
    git_libgit2_init();
    char real_dir[PATH_MAX], real_wd[PATH_MAX];
    const char *rel = "";
    int owned = 0, rc = -1;
    git_repository *repo = lf_context__repo(dir, real_dir, real_wd, &rel, &owned);
    if (repo) {
        rc = lf_context__git(c, repo, rel);
        c->from_git = rc == 0;
        if (owned)
            git_repository_free(repo);
    }
    if (rc != 0)
        rc = lf_context__walk(c);
    git_libgit2_shutdown();
    if (rc != 0) {
        lf_buf_printf(err, "%s: error: cannot list the build context", dir);
        return -1;
    }
    lf_context_sort(c);
    return 0;
}
