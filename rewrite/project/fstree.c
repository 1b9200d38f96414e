/*
 * Reading an exported image tree and comparing two of them (see fstree.h).
 */
#include "fstree.h"

#include "sha256.h"
#include "vec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lf_fstree_rule(const char *p)
{
    static const char *const skip_below[] = {"dev/", "proc/", "sys/"};
    static const char *const skip[] = {"etc/hostname", "etc/hosts", "etc/resolv.conf"};
    static const char *const volatile_content[] = {"var/cache/ldconfig/aux-cache",
                                                   "var/lib/dpkg/*-old", "var/cache/debconf/*-old"};
    for (size_t i = 0; i < sizeof skip_below / sizeof *skip_below; i++)
        if (strncmp(p, skip_below[i], strlen(skip_below[i])) == 0)
            return 1;
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (strcmp(p, skip[i]) == 0)
            return 1;
    if (strncmp(p, ".npm/_logs/", 11) == 0 || strstr(p, "/.npm/_logs/"))
        return 1;
    if (strncmp(p, "var/log/", 8) == 0)
        return 2;
    for (size_t i = 0; i < sizeof volatile_content / sizeof *volatile_content; i++)
        if (fnmatch(volatile_content[i], p, FNM_PATHNAME) == 0)
            return 2;
    return 0;
}

int lf_fstree_path_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca == '/')
            ca = 1;
        if (cb == '/')
            cb = 1;
        if (ca != cb || ca == 0)
            return (int)ca - (int)cb;
    }
}

lf_fsentry *lf_fstree_add(lf_fstree *t, const char *path, char type, unsigned mode,
                          const char *link)
{
    int rule = lf_fstree_rule(path);
    if (rule == 1)
        return NULL;
    lf_fsentry *e = LF_VEC_PUSH(t->items, t->n, t->cap);
    e->path = strdup(path);
    e->type = type;
    e->mode = mode & 07777;
    e->link = link ? strdup(link) : NULL;
    e->no_content = rule == 2;
    return e;
}

static int entry_cmp(const void *a, const void *b)
{
    return lf_fstree_path_cmp(((const lf_fsentry *)a)->path, ((const lf_fsentry *)b)->path);
}

void lf_fstree_sort(lf_fstree *t)
{
    if (t->n > 1)
        qsort(t->items, t->n, sizeof *t->items, entry_cmp);
}

void lf_fstree_free(lf_fstree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].path);
        free(t->items[i].link);
    }
    free(t->items);
    memset(t, 0, sizeof *t);
}

static char type_of(mode_t m)
{
    if (S_ISREG(m))
        return 'f';
    if (S_ISDIR(m))
        return 'd';
    if (S_ISLNK(m))
        return 'l';
    if (S_ISCHR(m))
        return 'c';
    if (S_ISBLK(m))
        return 'b';
    if (S_ISFIFO(m))
        return 'p';
    return 's';
}

static bool hash_file(int dirfd, const char *name, unsigned char out[32])
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    lf_sha256 s;
    lf_sha256_init(&s);
    unsigned char buf[1 << 15];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        lf_sha256_update(&s, buf, (size_t)got);
    close(fd);
    if (got < 0)
        return false;
    lf_sha256_final(&s, out);
    return true;
}

/* Reads the directory open as fd, whose path below the root is rel (empty
 * for the root). Takes fd. */
static int walk(lf_fstree *t, int fd, lf_buf *rel, lf_buf *err)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        lf_buf_printf(err, "%s: error: cannot read the directory: %s", lf_buf_cstr(rel),
                      strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    size_t base = rel->len;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        rel->len = base;
        if (base)
            lf_buf_addc(rel, '/');
        lf_buf_adds(rel, de->d_name);
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            lf_buf_printf(err, "%s: error: %s", lf_buf_cstr(rel), strerror(errno));
            rc = -1;
            break;
        }
        char target[4096];
        const char *link = NULL;
        if (S_ISLNK(st.st_mode)) {
            ssize_t n = readlinkat(dirfd(d), de->d_name, target, sizeof target - 1);
            target[n > 0 ? n : 0] = 0;
            link = target;
        }
        lf_fsentry *e =
            lf_fstree_add(t, lf_buf_cstr(rel), type_of(st.st_mode), (unsigned)st.st_mode, link);
        if (!e)
            continue;
        e->uid = (unsigned long)st.st_uid;
        e->gid = (unsigned long)st.st_gid;
        if (S_ISREG(st.st_mode)) {
            e->size = (unsigned long long)st.st_size;
            if (!e->no_content)
                e->hashed = hash_file(dirfd(d), de->d_name, e->hash);
        } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
            e->rdev = (unsigned long long)st.st_rdev;
        } else if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0) {
                lf_buf_printf(err, "%s: error: %s", lf_buf_cstr(rel), strerror(errno));
                rc = -1;
            } else {
                rc = walk(t, sub, rel, err);
            }
        }
    }
    rel->len = base;
    if (rel->data)
        rel->data[base] = 0;
    closedir(d);
    return rc;
}

int lf_fstree_read(lf_fstree *t, const char *dir, lf_buf *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        lf_buf_printf(err, "%s: error: %s", dir, strerror(errno));
        return -1;
    }
    lf_buf rel = LF_BUF_INIT, why = LF_BUF_INIT;
    int rc = walk(t, fd, &rel, &why);
    if (rc != 0)
        lf_buf_printf(err, "%s/%s", dir, lf_buf_cstr(&why));
    lf_buf_free(&rel);
    lf_buf_free(&why);
    lf_fstree_sort(t);
    return rc;
}

static const char *type_name(char t)
{
    switch (t) {
    case 'f':
        return "file";
    case 'd':
        return "directory";
    case 'l':
        return "symlink";
    case 'c':
        return "character device";
    case 'b':
        return "block device";
    case 'p':
        return "fifo";
    default:
        return "socket";
    }
}

static void describe(const lf_fsentry *e, lf_buf *out)
{
    lf_buf_adds(out, type_name(e->type));
    if (e->type == 'l')
        lf_buf_printf(out, " -> %s", e->link ? e->link : "");
    else if (e->type == 'f' && !e->no_content)
        lf_buf_printf(out, ", %llu bytes", e->size);
}

/* The attributes that differ between two entries of the same path, or an
 * empty out when none. */
static void changes(const lf_fsentry *a, const lf_fsentry *b, lf_buf *out)
{
    const char *sep = "";
    if (a->type != b->type) {
        lf_buf_printf(out, "type %s -> %s", type_name(a->type), type_name(b->type));
        return;
    }
    if (a->mode != b->mode) {
        lf_buf_printf(out, "mode %04o -> %04o", a->mode, b->mode);
        sep = ", ";
    }
    if (a->uid != b->uid || a->gid != b->gid) {
        lf_buf_printf(out, "%sowner %lu:%lu -> %lu:%lu", sep, a->uid, a->gid, b->uid, b->gid);
        sep = ", ";
    }
    if (a->type == 'l' && strcmp(a->link ? a->link : "", b->link ? b->link : "") != 0) {
        lf_buf_printf(out, "%starget %s -> %s", sep, a->link ? a->link : "",
                      b->link ? b->link : "");
        sep = ", ";
    }
    if ((a->type == 'c' || a->type == 'b') && a->rdev != b->rdev) {
        lf_buf_printf(out, "%sdevice number", sep);
        sep = ", ";
    }
    if (a->type == 'f' && !a->no_content && !b->no_content) {
        if (a->size != b->size)
            lf_buf_printf(out, "%scontent (%llu -> %llu bytes)", sep, a->size, b->size);
        else if (a->hashed && b->hashed && memcmp(a->hash, b->hash, 32) != 0)
            lf_buf_printf(out, "%scontent (same size, %llu bytes)", sep, a->size);
    }
}

static bool below(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Adds an ADDED or REMOVED difference for t->items[*i] and folds what is
 * below it; advances *i past them. */
static void one_sided(lf_fsdiffs *out, lf_fsdiff_kind kind, const lf_fstree *t, size_t *i)
{
    const lf_fsentry *e = &t->items[*i];
    lf_fsdiff *d = LF_VEC_PUSH(out->items, out->n, out->cap);
    d->kind = kind;
    lf_buf p = LF_BUF_INIT, w = LF_BUF_INIT;
    lf_buf_printf(&p, "/%s", e->path);
    describe(e, &w);
    d->path = lf_buf_detach(&p, NULL);
    d->what = lf_buf_detach(&w, NULL);
    (*i)++;
    if (e->type == 'd')
        while (*i < t->n && below(t->items[*i].path, e->path)) {
            d->below++;
            (*i)++;
        }
}

void lf_fstree_compare(const lf_fstree *a, const lf_fstree *b, lf_fsdiffs *out)
{
    size_t i = 0, j = 0;
    lf_buf w = LF_BUF_INIT;
    while (i < a->n || j < b->n) {
        int c = i == a->n   ? 1
                : j == b->n ? -1
                            : lf_fstree_path_cmp(a->items[i].path, b->items[j].path);
        if (c < 0) {
            one_sided(out, LF_FSDIFF_REMOVED, a, &i);
        } else if (c > 0) {
            one_sided(out, LF_FSDIFF_ADDED, b, &j);
        } else {
            lf_buf_clear(&w);
            changes(&a->items[i], &b->items[j], &w);
            if (w.len) {
                lf_fsdiff *d = LF_VEC_PUSH(out->items, out->n, out->cap);
                d->kind = LF_FSDIFF_CHANGED;
                lf_buf p = LF_BUF_INIT;
                lf_buf_printf(&p, "/%s", a->items[i].path);
                d->path = lf_buf_detach(&p, NULL);
                d->what = lf_buf_detach(&w, NULL);
            }
            i++;
            j++;
        }
    }
    lf_buf_free(&w);
}

void lf_fsdiffs_free(lf_fsdiffs *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].path);
        free(d->items[i].what);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

void lf_fsdiff_format(const lf_fsdiff *d, lf_buf *out)
{
    static const char *const verbs[] = {"added", "removed", "changed"};
    if (d->kind == LF_FSDIFF_CHANGED) {
        lf_buf_printf(out, "changed %s: %s", d->path, d->what);
        return;
    }
    lf_buf_printf(out, "%s %s (%s", verbs[d->kind], d->path, d->what);
    if (d->below)
        lf_buf_printf(out, ", %zu entr%s below", d->below, d->below == 1 ? "y" : "ies");
    lf_buf_addc(out, ')');
}
