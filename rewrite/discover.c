/* Finding the Dockerfiles to work on (see discover.h). */
#include "discover.h"

#include "context.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

bool lf_is_dockerfile_name(const char *base)
{
    return strcmp(base, "Dockerfile") == 0 || strncmp(base, "Dockerfile.", 11) == 0 ||
           ends_with(base, ".Dockerfile") || ends_with(base, ".dockerfile") ||
           strcmp(base, "Containerfile") == 0 || strncmp(base, "Containerfile.", 14) == 0;
}

/* Golden-case outputs and editor leftovers are not Dockerfiles to rewrite. */
static bool is_artifact(const char *base)
{
    return ends_with(base, ".orig") || ends_with(base, ".rej") || ends_with(base, "~") ||
           ends_with(base, ".swp") || ends_with(base, ".bak");
}

static int add_dir(lf_strv *out, const char *dir, lf_buf *err)
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
        if (!lf_is_dockerfile_name(base) || is_artifact(base))
            continue;
        lf_buf p = LF_BUF_INIT;
        if (strcmp(dir, ".") == 0)
            lf_buf_adds(&p, rel);
        else
            lf_buf_printf(&p, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", rel);
        lf_strv_push(out, p.data, p.len);
        lf_buf_free(&p);
    }
    lf_context_free(&c);
    return 0;
}

int lf_discover(lf_strv *out, char *const *paths, int npaths, lf_buf *err)
{
    int failed = 0;
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
        return add_dir(out, ".", err) != 0;
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
            } else if (add_dir(out, paths[i], err) != 0) {
                failed++;
            }
        } else {
            lf_strv_push(out, paths[i], strlen(paths[i]));
        }
    }
    return failed;
}
