/* The git work tree a directory is in (see worktree.h). */
#include "worktree.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>

bool lf_git_work_tree(const char *dir, lf_buf *out)
{
    char real[PATH_MAX], wd[PATH_MAX];
    if (!realpath(dir, real))
        return false;
    bool have = false;
    git_libgit2_init();
    git_repository *repo = NULL;
    if (git_repository_open_ext(&repo, real, 0, NULL) == 0 && !git_repository_is_bare(repo)) {
        const char *w = git_repository_workdir(repo);
        have = w && realpath(w, wd);
    }
    git_repository_free(repo);
    git_libgit2_shutdown();
    if (have)
        lf_buf_adds(out, wd);
    return have;
}
