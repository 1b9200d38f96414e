/*
 * Copying a build context for a rebuild (see ctxcopy.h).
 */
#include "ctxcopy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct copier {
    const lf_ignore *a, *b;
    const char *edit;
    lf_buf *err;
} copier;

static int fail(copier *c, const char *what, const char *path)
{
    lf_buf_printf(c->err, "layerfix: error: cannot %s %s: %s", what, path, strerror(errno));
    return -1;
}

static int copy_file(copier *c, const char *from, const char *to, const struct stat *st)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return fail(c, "read", from);
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st->st_mode & 07777);
    if (out < 0) {
        close(in);
        return fail(c, "write", to);
    }
    char buf[1 << 15];
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || write(out, buf, (size_t)n) != n)
            rc = fail(c, "copy", from);
    }
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    futimens(out, times);
    fchmod(out, st->st_mode & 07777);
    close(in);
    if (close(out) != 0 && rc == 0)
        rc = fail(c, "write", to);
    return rc;
}

static bool left_out(const copier *c, const char *rel, bool dir)
{
    if (!c->a || !c->b)
        return false;
    /* a directory is entered unless both exclude it (files below it can
     * come back through an exception; they are asked about one by one) */
    if (dir)
        return strcmp(rel, ".git") == 0 && lf_ignore_match(c->a, rel, true) &&
               lf_ignore_match(c->b, rel, true);
    return lf_ignore_match(c->a, rel, false) && lf_ignore_match(c->b, rel, false);
}

static int copy_dir(copier *c, lf_buf *src, lf_buf *dst, lf_buf *rel);

static int copy_entry(copier *c, lf_buf *src, lf_buf *dst, lf_buf *rel)
{
    struct stat st;
    if (lstat(lf_buf_cstr(src), &st) != 0)
        return fail(c, "read", lf_buf_cstr(src));
    if (left_out(c, lf_buf_cstr(rel), S_ISDIR(st.st_mode)))
        return 0;
    if (S_ISDIR(st.st_mode)) {
        if (mkdir(lf_buf_cstr(dst), 0700) != 0)
            return fail(c, "make", lf_buf_cstr(dst));
        int rc = copy_dir(c, src, dst, rel);
        struct timespec times[2] = {st.st_atim, st.st_mtim};
        chmod(lf_buf_cstr(dst), st.st_mode & 07777);
        utimensat(AT_FDCWD, lf_buf_cstr(dst), times, 0);
        return rc;
    }
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(lf_buf_cstr(src), target, sizeof target - 1);
        if (n < 0)
            return fail(c, "read", lf_buf_cstr(src));
        target[n] = 0;
        if (symlink(target, lf_buf_cstr(dst)) != 0)
            return fail(c, "make", lf_buf_cstr(dst));
        struct timespec times[2] = {st.st_atim, st.st_mtim};
        utimensat(AT_FDCWD, lf_buf_cstr(dst), times, AT_SYMLINK_NOFOLLOW);
        return 0;
    }
    if (!S_ISREG(st.st_mode))
        return 0; /* sockets, fifos, devices: no builder sends them */
    bool edited = c->edit && strcmp(lf_buf_cstr(rel), c->edit) == 0;
    if (!edited && link(lf_buf_cstr(src), lf_buf_cstr(dst)) == 0)
        return 0;
    return copy_file(c, lf_buf_cstr(src), lf_buf_cstr(dst), &st);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int copy_dir(copier *c, lf_buf *src, lf_buf *dst, lf_buf *rel)
{
    DIR *d = opendir(lf_buf_cstr(src));
    if (!d)
        return fail(c, "read", lf_buf_cstr(src));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    size_t ls = src->len, ld = dst->len, lr = rel->len;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            lf_buf_printf(src, "/%s", names[i]);
            lf_buf_printf(dst, "/%s", names[i]);
            lf_buf_printf(rel, "%s%s", lr ? "/" : "", names[i]);
            rc = copy_entry(c, src, dst, rel);
            src->len = ls;
            dst->len = ld;
            rel->len = lr;
            src->data[ls] = dst->data[ld] = 0;
            if (rel->data)
                rel->data[lr] = 0;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int lf_ctxcopy(const char *src, const char *dst, const lf_ignore *a, const lf_ignore *b,
               const char *edit, lf_buf *err)
{
    copier c = {a, b, edit, err};
    struct stat st;
    if (stat(src, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = errno ? errno : ENOTDIR;
        return fail(&c, "read the build context", src);
    }
    if (mkdir(dst, 0700) != 0)
        return fail(&c, "make", dst);
    lf_buf s = LF_BUF_INIT, d = LF_BUF_INIT, r = LF_BUF_INIT;
    lf_buf_adds(&s, src);
    lf_buf_adds(&d, dst);
    int rc = copy_dir(&c, &s, &d, &r);
    chmod(dst, st.st_mode & 07777);
    lf_buf_free(&s);
    lf_buf_free(&d);
    lf_buf_free(&r);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int lf_ctxcopy_touch_source(const char *path, lf_buf *err)
{
    static const char *const slashes[] = {
        ".c",   ".h",   ".cc",   ".cpp", ".hpp", ".go",    ".js",    ".mjs", ".cjs", ".ts",
        ".tsx", ".jsx", ".java", ".rs",  ".kt",  ".swift", ".scala", ".cs",  ".php", ".dart"};
    static const char *const bare[] = {".json", ".lock", "lock.yaml", ".sum"};
    const char *text = "# layerfix --verify-rebuild: a source edit\n";
    for (size_t i = 0; i < sizeof slashes / sizeof *slashes; i++)
        if (ends_with(path, slashes[i]))
            text = "// layerfix --verify-rebuild: a source edit\n";
    for (size_t i = 0; i < sizeof bare / sizeof *bare; i++)
        if (ends_with(path, bare[i]))
            text = "\n";
    if (ends_with(path, ".css"))
        text = "/* layerfix --verify-rebuild: a source edit */\n";
    if (ends_with(path, ".html") || ends_with(path, ".xml") || ends_with(path, ".md") ||
        ends_with(path, ".svg") || ends_with(path, ".vue"))
        text = "<!-- layerfix --verify-rebuild: a source edit -->\n";
    FILE *f = fopen(path, "a");
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok) {
        lf_buf_printf(err, "layerfix: error: cannot edit %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
