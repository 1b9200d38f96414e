/*
 * Temporary directories (see tempdir.h).
 */
#include "tempdir.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *lf_tempdir_make(const char *prefix, lf_buf *err)
{
    const char *tmp = getenv("TMPDIR");
    lf_buf p = LF_BUF_INIT;
    lf_buf_printf(&p, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    if (!mkdtemp(p.data)) {
        lf_buf_printf(err, "layerfix: error: cannot make a temporary directory %s: %s",
                      lf_buf_cstr(&p), strerror(errno));
        lf_buf_free(&p);
        return NULL;
    }
    return lf_buf_detach(&p, NULL);
}

/* nftw has no user pointer: the first failure is kept here for the call. */
static int remove_errno;
static char remove_failed[4096];

static int make_writable(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_D && (st->st_mode & 0700) != 0700)
        chmod(path, (st->st_mode & 07777) | 0700);
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    int rc = flag == FTW_DP ? rmdir(path) : unlink(path);
    if (rc != 0 && errno != ENOENT && !remove_errno) {
        remove_errno = errno;
        snprintf(remove_failed, sizeof remove_failed, "%s", path);
    }
    return 0;
}

int lf_tempdir_remove(const char *path, lf_buf *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    remove_errno = 0;
    /* pre-order: a directory is made writable before it is entered */
    nftw(path, make_writable, 32, FTW_PHYS | FTW_MOUNT);
    nftw(path, remove_one, 32, FTW_PHYS | FTW_DEPTH | FTW_MOUNT);
    if (remove_errno) {
        lf_buf_printf(err, "layerfix: error: cannot remove %s: %s", remove_failed,
                      strerror(remove_errno));
        return -1;
    }
    return 0;
}

int lf_tempdir_write(const char *path, const char *data, size_t len, lf_buf *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (fd < 0 || done < len || close(fd) != 0) {
        lf_buf_printf(err, "layerfix: error: cannot write %s: %s", path, strerror(errno));
        if (fd >= 0 && done < len)
            close(fd);
        return -1;
    }
    return 0;
}
