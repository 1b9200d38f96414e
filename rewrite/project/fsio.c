/* Atomic in-place writes (see fsio.h). */
#include "fsio.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lf_write_atomic(const char *path, const char *data, size_t len, lf_buf *err)
{
    char target[PATH_MAX];
    if (!realpath(path, target)) {
        lf_buf_printf(err, "%s: error: cannot resolve: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(target, &st) != 0) {
        lf_buf_printf(err, "%s: error: cannot stat: %s", path, strerror(errno));
        return -1;
    }
    /* rename() only needs the directory to be writable; honour the file's own
     * permission like an editor would (root included: a read-only file was
     * made read-only on purpose) */
    if (access(target, W_OK) != 0 || (st.st_mode & 0222) == 0) {
        lf_buf_printf(err, "%s: error: not writable (%s); left unchanged", path,
                      (st.st_mode & 0222) == 0 ? "read-only file" : strerror(errno));
        return -1;
    }
    char tmp[PATH_MAX + 32];
    const char *slash = strrchr(target, '/');
    size_t dlen = slash ? (size_t)(slash - target) : 0;
    snprintf(tmp, sizeof tmp, "%.*s/.%s.layerfix-XXXXXX", (int)dlen, target,
             slash ? slash + 1 : target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        lf_buf_printf(err, "%s: error: cannot create a temporary file: %s", path, strerror(errno));
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int failed = done != len;
    failed = failed || fchmod(fd, st.st_mode & 07777) != 0;
    /* keep the owner when we can (running as root on someone's repository) */
    if (!failed && (st.st_uid != getuid() || st.st_gid != getgid()))
        (void)!fchown(fd, st.st_uid, st.st_gid);
    failed = failed || fsync(fd) != 0;
    failed = close(fd) != 0 || failed;
    if (failed || rename(tmp, target) != 0) {
        int e = errno;
        unlink(tmp);
        lf_buf_printf(err, "%s: error: cannot write: %s; left unchanged", path, strerror(e));
        return -1;
    }
    return 0;
}

int lf_write_new(const char *path, const char *data, size_t len, lf_buf *err)
{
    lf_buf tmp = LF_BUF_INIT;
    const char *slash = strrchr(path, '/');
    lf_buf_printf(&tmp, "%.*s%s.layerfix-new-XXXXXX", slash ? (int)(slash - path) : 0, path,
                  slash ? "/" : "");
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        lf_buf_printf(err, "%s: error: cannot create a temporary file: %s", path, strerror(errno));
        lf_buf_free(&tmp);
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int failed = done != len || fchmod(fd, 0644) != 0 || fsync(fd) != 0;
    failed = close(fd) != 0 || failed;
    /* link() refuses an existing path, so a file that appeared meanwhile is
     * never replaced */
    if (failed || link(tmp.data, path) != 0) {
        int e = errno;
        unlink(tmp.data);
        lf_buf_printf(err, "%s: error: cannot create: %s", path, strerror(e));
        lf_buf_free(&tmp);
        return -1;
    }
    unlink(tmp.data);
    lf_buf_free(&tmp);
    return 0;
}
