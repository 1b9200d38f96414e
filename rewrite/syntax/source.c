/*
 * lf_source: file loading, validation and the line table (see source.h for
 * the invariants). All refusals are one-line messages so the CLI can print
 * them as they are.
 */
#include "source.h"

#include "utf8.h"
#include "vec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *lf_source__strdup(const char *s)
{
    lf_buf b = LF_BUF_INIT;
    lf_buf_adds(&b, s ? s : "");
    return lf_buf_detach(&b, NULL);
}

/* Fills the line table and the newline facts from src->data/len. */
static void lf_source__scan(lf_source *src)
{
    const char *d = src->data;
    size_t len = src->len, n_lf = 0, n_crlf = 0;
    for (const char *p = d; (p = memchr(p, '\n', (size_t)(d + len - p))) != NULL; p++) {
        if (p > d && p[-1] == '\r')
            n_crlf++;
        else
            n_lf++;
    }
    size_t nl = n_lf + n_crlf;
    src->no_final_newline = len > 0 && d[len - 1] != '\n';
    src->nlines = nl + (size_t)src->no_final_newline;
    size_t cap = 0;
    src->line_starts = lf_vec_grow(NULL, &cap, src->nlines + 1, sizeof(size_t));
    size_t k = 0;
    src->line_starts[k++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (d[i] == '\n' && k <= src->nlines)
            src->line_starts[k++] = i + 1;
    }
    /* Without a final newline the loop above did not write the sentinel. */
    src->line_starts[src->nlines] = len;

    src->has_bom = len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0;
    if (nl == 0)
        src->nl_style = LF_NL_NONE;
    else if (n_crlf == 0)
        src->nl_style = LF_NL_LF;
    else if (n_lf == 0)
        src->nl_style = LF_NL_CRLF;
    else
        src->nl_style = LF_NL_MIXED;
    src->nl = n_crlf > n_lf ? "\r\n" : "\n";
}

int lf_source_from_bytes(lf_source **out, const char *path, const char *data, size_t len)
{
    *out = NULL;
    if (!data && len > 0)
        return -1;
    lf_source *src = calloc(1, sizeof *src);
    if (!src) {
        fputs("layerfix: out of memory\n", stderr);
        abort();
    }
    src->path = lf_source__strdup(path);
    lf_buf b = LF_BUF_INIT;
    lf_buf_add(&b, data, len);
    src->data = lf_buf_detach(&b, &src->len);
    src->escape = '\\';
    lf_source__scan(src);
    *out = src;
    return 0;
}

void lf_source_free(lf_source *src)
{
    if (!src)
        return;
    free(src->path);
    free(src->data);
    free(src->line_starts);
    free(src);
}

void lf_source_pos(const lf_source *src, size_t offset, size_t *line, size_t *col)
{
    if (offset > src->len)
        offset = src->len;
    /* Find the last line start <= offset among the real lines 1..nlines, plus
     * the empty line after a final newline (whose start is len). */
    size_t nstarts = src->nlines + (src->no_final_newline ? 0 : 1);
    size_t lo = 0, hi = nstarts; /* answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    *col = offset - src->line_starts[lo] + 1;
}

size_t lf_source_line_start(const lf_source *src, size_t line)
{
    if (line == 0)
        return 0;
    if (line > src->nlines + 1)
        return src->len;
    return src->line_starts[line - 1];
}

/* Reads fd to EOF, stopping once more than LF_SOURCE_MAX_BYTES were seen
 * (the size of a pipe is unknown in advance). */
static int lf_source__slurp(lf_buf *b, int fd, size_t hint)
{
    lf_buf_grow(b, hint < LF_SOURCE_MAX_BYTES ? hint : LF_SOURCE_MAX_BYTES);
    for (;;) {
        lf_buf_grow(b, 65536);
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        b->len += (size_t)n;
        b->data[b->len] = 0;
        if (b->len > LF_SOURCE_MAX_BYTES)
            break;
    }
    return 0;
}

int lf_source_read_file(lf_source **out, const char *path, lf_buf *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        lf_buf_printf(err, "%s: error: cannot read: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        lf_buf_printf(err, "%s: error: cannot read: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        lf_buf_printf(err, "%s: error: is a directory, not a Dockerfile", path);
        return -1;
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > LF_SOURCE_MAX_BYTES) {
        close(fd);
        lf_buf_printf(err, "%s: error: file too large (%llu bytes; the limit is %zu MiB)", path,
                      (unsigned long long)st.st_size, LF_SOURCE_MAX_BYTES >> 20);
        return -1;
    }
    lf_buf b = LF_BUF_INIT;
    int rc = lf_source__slurp(&b, fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0);
    int saved = errno;
    close(fd);
    if (rc != 0) {
        lf_buf_free(&b);
        lf_buf_printf(err, "%s: error: cannot read: %s", path, strerror(saved));
        return -1;
    }
    if (b.len > LF_SOURCE_MAX_BYTES) {
        lf_buf_free(&b);
        lf_buf_printf(err, "%s: error: file too large (more than %zu bytes; the limit is %zu MiB)",
                      path, LF_SOURCE_MAX_BYTES, LF_SOURCE_MAX_BYTES >> 20);
        return -1;
    }
    lf_source *src;
    lf_source_from_bytes(&src, path, lf_buf_cstr(&b), b.len);
    lf_buf_free(&b);

    size_t line, col, bad;
    const char *nul = memchr(src->data, 0, src->len);
    if (nul) {
        lf_source_pos(src, (size_t)(nul - src->data), &line, &col);
        lf_buf_printf(err, "%s: error: binary file (NUL byte at %zu:%zu)", path, line, col);
        lf_source_free(src);
        return -1;
    }
    if (lf_utf8_validate(src->data, src->len, &bad) != 0) {
        lf_source_pos(src, bad, &line, &col);
        lf_buf_printf(err, "%s: error: invalid UTF-8 at %zu:%zu (byte 0x%02x)", path, line, col,
                      (unsigned char)src->data[bad]);
        lf_source_free(src);
        return -1;
    }
    *out = src;
    return 0;
}
