/*
 * Bot mode commits (see commit.h). Everything is written to the object
 * database and one branch reference: blobs for the new contents, the trees
 * on their paths rebuilt from HEAD's trees with git_treebuilder, a commit
 * whose parent is HEAD, then refs/heads/<branch>. The index, the work tree
 * and HEAD are never opened for writing.
 *
 * Paths: each file is mapped to its path in the repository through the
 * realpath of its directory (so symlinked directories on disk land where
 * git tracks the files), then resolved against HEAD's tree, following
 * symlinks stored in the tree as git would check them out.
 */
#include "commit.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

/* symlinks followed for one path before giving up (like the kernel's ELOOP) */
#define LF_COMMIT__MAX_LINKS 40

typedef struct lf_commit__entry {
    const lf_commit_file *file;
    char *path; /* in the repository, '/'-separated, resolved */
    git_filemode_t mode;
    bool in_head; /* the path has a file in HEAD's tree, with id head_blob */
    git_oid head_blob;
    git_oid blob; /* the new contents */
} lf_commit__entry;

typedef struct lf_commit__state {
    git_repository *repo;
    const char *repo_dir;
    char *workdir;      /* git_repository_workdir without the trailing '/' */
    char *workdir_real; /* its realpath */
    lf_buf *err;
} lf_commit__state;

static void lf_commit__git_error(lf_buf *err, const char *where, const char *what)
{
    const git_error *e = git_error_last();
    lf_buf_printf(err, "%s: error: %s: %s", where, what, e && e->message ? e->message : "failed");
}

static char *lf_commit__strndup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (!d)
        abort();
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

static char *lf_commit__trim_slash(const char *s)
{
    size_t len = strlen(s);
    while (len > 1 && s[len - 1] == '/')
        len--;
    return lf_commit__strndup(s, len);
}

/* The part of abs below dir ("" when equal), or NULL when abs is not dir
 * or below it. */
static const char *lf_commit__below(const char *abs, const char *dir)
{
    size_t dl = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return abs[0] == '/' ? abs + 1 : NULL;
    if (strncmp(abs, dir, dl) != 0)
        return NULL;
    if (abs[dl] == 0)
        return abs + dl;
    return abs[dl] == '/' ? abs + dl + 1 : NULL;
}

/* Appends the components of s to out (a '/'-joined path), applying "." and
 * ".."; -1 when ".." would leave the repository. */
static int lf_commit__push_components(lf_buf *out, const char *s)
{
    while (*s) {
        size_t len = strcspn(s, "/");
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (out->len == 0)
                return -1;
            while (out->len > 0 && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > 0)
                out->len--; /* the '/' before the dropped component */
            out->data[out->len] = 0;
        } else if (len > 0 && !(len == 1 && s[0] == '.')) {
            if (out->len)
                lf_buf_addc(out, '/');
            lf_buf_add(out, s, len);
        }
        s += len;
        while (*s == '/')
            s++;
    }
    return 0;
}

/* The repository path of a file given as it was opened. */
static char *lf_commit__repo_path(lf_commit__state *st, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        lf_buf_printf(st->err, "%s: error: not a file name", path);
        return NULL;
    }
    char *dir = slash ? lf_commit__strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : lf_commit__strndup(".", 1);
    char *real = realpath(dir, NULL);
    free(dir);
    if (!real) {
        lf_buf_printf(st->err, "%s: error: cannot resolve its directory: %s", path,
                      strerror(errno));
        return NULL;
    }
    const char *rel = lf_commit__below(real, st->workdir_real);
    char *out = NULL;
    if (!rel) {
        lf_buf_printf(st->err, "%s: error: outside the repository's work tree (%s)", path,
                      st->workdir);
    } else {
        lf_buf b = LF_BUF_INIT;
        lf_buf_adds(&b, rel);
        if (b.len)
            lf_buf_addc(&b, '/');
        lf_buf_adds(&b, base);
        out = lf_buf_detach(&b, NULL);
        if (strcmp(out, ".git") == 0 || strncmp(out, ".git/", 5) == 0) {
            lf_buf_printf(st->err, "%s: error: inside the repository's .git directory", path);
            free(out);
            out = NULL;
        }
    }
    free(real);
    return out;
}

/* Where a symlink at path[0..at) + name, with target, points; NULL (and a
 * message) when outside the repository. rest is what followed the link in
 * the path being resolved. */
static char *lf_commit__follow(lf_commit__state *st, const char *shown, const char *path, size_t at,
                               const char *target, const char *rest)
{
    lf_buf b = LF_BUF_INIT;
    int rc = 0;
    if (target[0] == '/') {
        const char *in = lf_commit__below(target, st->workdir);
        if (!in)
            in = lf_commit__below(target, st->workdir_real);
        rc = in ? lf_commit__push_components(&b, in) : -1;
    } else {
        lf_buf dir = LF_BUF_INIT;
        lf_buf_add(&dir, path, at);
        lf_buf_adds(&dir, "");
        rc = lf_commit__push_components(&b, lf_buf_cstr(&dir));
        if (rc == 0)
            rc = lf_commit__push_components(&b, target);
        lf_buf_free(&dir);
    }
    if (rc == 0)
        rc = lf_commit__push_components(&b, rest);
    if (rc == 0 &&
        (strcmp(lf_buf_cstr(&b), ".git") == 0 || strncmp(lf_buf_cstr(&b), ".git/", 5) == 0))
        rc = -1; /* the repository's own files are not part of the work tree */
    if (rc != 0 || b.len == 0) {
        lf_buf_printf(st->err,
                      "%s: error: is a symlink in HEAD to %s, outside the repository; "
                      "not committed",
                      shown, target);
        lf_buf_free(&b);
        return NULL;
    }
    return lf_buf_detach(&b, NULL);
}

/* Resolves e->path against HEAD's tree: follows symlinks stored in the
 * tree and sets e->mode (the tree's mode, 100644 for a new file). */
static int lf_commit__resolve(lf_commit__state *st, const git_tree *root, lf_commit__entry *e)
{
    const char *shown = e->file->path;
    for (int links = 0;;) {
        const git_tree *tree = root;
        git_tree *owned = NULL;
        size_t pos = 0;
        bool again = false;
        int rc = 0;
        for (;;) {
            const char *p = e->path;
            size_t clen = strcspn(p + pos, "/");
            bool last = p[pos + clen] == 0;
            char *name = lf_commit__strndup(p + pos, clen);
            const git_tree_entry *te = git_tree_entry_byname(tree, name);
            free(name);
            if (!te) {
                e->mode = GIT_FILEMODE_BLOB; /* a new file (in new directories) */
                break;
            }
            git_filemode_t mode = git_tree_entry_filemode(te);
            if (mode == GIT_FILEMODE_TREE) {
                if (last) {
                    lf_buf_printf(st->err, "%s: error: is a directory in HEAD", shown);
                    rc = -1;
                    break;
                }
                git_tree *sub;
                if (git_tree_lookup(&sub, st->repo, git_tree_entry_id(te)) != 0) {
                    lf_commit__git_error(st->err, shown, "cannot read HEAD's tree");
                    rc = -1;
                    break;
                }
                git_tree_free(owned);
                owned = sub;
                tree = sub;
                pos += clen + 1;
            } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
                if (!last) {
                    lf_buf_printf(st->err, "%s: error: %.*s is a file in HEAD, not a directory",
                                  shown, (int)(pos + clen), p);
                    rc = -1;
                } else {
                    e->mode = mode;
                    e->in_head = true;
                    git_oid_cpy(&e->head_blob, git_tree_entry_id(te));
                }
                break;
            } else if (mode == GIT_FILEMODE_LINK) {
                if (++links > LF_COMMIT__MAX_LINKS) {
                    lf_buf_printf(st->err, "%s: error: too many levels of symbolic links in HEAD",
                                  shown);
                    rc = -1;
                    break;
                }
                git_blob *blob;
                if (git_blob_lookup(&blob, st->repo, git_tree_entry_id(te)) != 0) {
                    lf_commit__git_error(st->err, shown, "cannot read a symlink in HEAD");
                    rc = -1;
                    break;
                }
                char *target =
                    lf_commit__strndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
                git_blob_free(blob);
                char *np = lf_commit__follow(st, shown, p, pos, target, last ? "" : p + pos + clen);
                free(target);
                if (!np) {
                    rc = -1;
                    break;
                }
                free(e->path);
                e->path = np;
                again = true;
                break;
            } else {
                lf_buf_printf(st->err, "%s: error: %.*s is a submodule in HEAD", shown,
                              (int)(pos + clen), p);
                rc = -1;
                break;
            }
        }
        git_tree_free(owned);
        if (rc != 0)
            return -1;
        if (!again)
            return 0;
    }
}

/* The blob of e's new contents, through the clean filters git applies on
 * `git add` (core.autocrlf, .gitattributes eol/text/ident). */
static int lf_commit__blob(lf_commit__state *st, lf_commit__entry *e)
{
    git_filter_list *fl = NULL;
    const char *text = e->file->text ? e->file->text : "";
    int rc =
        git_filter_list_load(&fl, st->repo, NULL, e->path, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT);
    if (rc == 0 && fl) {
        git_buf out = {0};
        rc = git_filter_list_apply_to_buffer(&out, fl, text, e->file->len);
        if (rc == 0)
            rc = git_blob_create_from_buffer(&e->blob, st->repo, out.ptr, out.size);
        git_buf_dispose(&out);
        git_filter_list_free(fl);
    } else if (rc == 0) {
        rc = git_blob_create_from_buffer(&e->blob, st->repo, text, e->file->len);
    }
    if (rc != 0)
        lf_commit__git_error(st->err, e->file->path, "cannot store the new contents");
    return rc == 0 ? 0 : -1;
}

/* The file on disk must be HEAD's version (the rewrite is of HEAD's text)
 * or already the new text (written by --fix): otherwise the commit would
 * carry changes the user has not committed. */
static int lf_commit__check_clean(lf_commit__state *st, const lf_commit__entry *e)
{
    if (!e->in_head)
        return 0;
    lf_buf disk = LF_BUF_INIT;
    lf_buf_printf(&disk, "%s/%s", st->workdir, e->path);
    git_oid id;
    int rc = 0;
    if (git_repository_hashfile(&id, st->repo, lf_buf_cstr(&disk), GIT_OBJECT_BLOB, e->path) == 0 &&
        !git_oid_equal(&id, &e->head_blob) && !git_oid_equal(&id, &e->blob)) {
        lf_buf_printf(st->err,
                      "%s: error: has changes that are not committed; the commit would include "
                      "them (commit or stash them first)",
                      e->file->path);
        rc = -1;
    }
    lf_buf_free(&disk);
    return rc;
}

/* Writes the tree base (NULL: none yet) with ents[0..n) put in; every
 * ents[i].path has the same first `off` bytes (the path of this tree). The
 * entries are sorted by path, so the files below one subdirectory are
 * consecutive. */
static int lf_commit__tree(lf_commit__state *st, git_oid *out, const git_tree *base,
                           lf_commit__entry *ents, size_t n, size_t off)
{
    git_treebuilder *tb;
    if (git_treebuilder_new(&tb, st->repo, base) != 0) {
        lf_commit__git_error(st->err, st->repo_dir, "cannot build a tree");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        const char *rel = ents[i].path + off;
        size_t clen = strcspn(rel, "/");
        char *name = lf_commit__strndup(rel, clen);
        if (rel[clen] == 0) {
            rc = git_treebuilder_insert(NULL, tb, name, &ents[i].blob, ents[i].mode);
            if (rc != 0)
                lf_commit__git_error(st->err, ents[i].file->path, "cannot add to the tree");
            i++;
            free(name);
            continue;
        }
        size_t j = i + 1;
        while (j < n && strncmp(ents[j].path + off, rel, clen + 1) == 0)
            j++;
        const git_tree_entry *te = base ? git_tree_entry_byname(base, name) : NULL;
        git_tree *sub = NULL;
        if (te && git_tree_entry_filemode(te) == GIT_FILEMODE_TREE) {
            rc = git_tree_lookup(&sub, st->repo, git_tree_entry_id(te));
            if (rc != 0)
                lf_commit__git_error(st->err, ents[i].file->path, "cannot read HEAD's tree");
        } else if (te) {
            /* lf_commit__resolve let no file through a non-directory */
            lf_buf_printf(st->err, "%s: error: %.*s is not a directory in HEAD", ents[i].file->path,
                          (int)(off + clen), ents[i].path);
            rc = -1;
        }
        git_oid sub_id;
        if (rc == 0)
            rc = lf_commit__tree(st, &sub_id, sub, ents + i, j - i, off + clen + 1);
        if (rc == 0) {
            rc = git_treebuilder_insert(NULL, tb, name, &sub_id, GIT_FILEMODE_TREE);
            if (rc != 0)
                lf_commit__git_error(st->err, ents[i].file->path, "cannot add to the tree");
        }
        git_tree_free(sub);
        free(name);
        i = j;
    }
    if (rc == 0 && git_treebuilder_write(out, tb) != 0) {
        lf_commit__git_error(st->err, st->repo_dir, "cannot write a tree");
        rc = -1;
    }
    git_treebuilder_free(tb);
    return rc == 0 ? 0 : -1;
}

static int lf_commit__cmp(const void *a, const void *b)
{
    return strcmp(((const lf_commit__entry *)a)->path, ((const lf_commit__entry *)b)->path);
}

/* 1 when the ", "-joined list has id. */
static int lf_commit__has_pass(const char *list, const char *id)
{
    size_t il = strlen(id);
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == il && strncmp(p, id, il) == 0)
            return 1;
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return 0;
}

/* The default message: the subject, the files and the passes that
 * changed them (with their one-line summaries). */
static void lf_commit__default_message(lf_buf *out, const lf_commit__entry *ents, size_t n,
                                       const lf_pass_table *t)
{
    lf_buf_adds(out, LF_COMMIT_SUBJECT "\n\n");
    lf_buf_printf(out, "Rewritten by layerfix so that image builds reuse their cache.\n\n%s:\n",
                  n == 1 ? "File" : "Files");
    for (size_t i = 0; i < n; i++) {
        const char *passes = ents[i].file->passes;
        if (passes && *passes)
            lf_buf_printf(out, "- %s (%s)\n", ents[i].path, passes);
        else
            lf_buf_printf(out, "- %s\n", ents[i].path);
    }
    bool any = false;
    for (size_t p = 0; t && p < t->n; p++) {
        bool used = false;
        for (size_t i = 0; i < n && !used; i++)
            used = lf_commit__has_pass(ents[i].file->passes, t->passes[p].id);
        if (!used)
            continue;
        if (!any)
            lf_buf_adds(out, "\nPasses:\n");
        any = true;
        lf_buf_printf(out, "- %s: %s\n", t->passes[p].id, t->passes[p].summary);
    }
}

static int lf_commit__signature(lf_commit__state *st, const lf_commit_opts *o, git_signature **sig)
{
    if (o->author_name || o->author_email) {
        if (!o->author_name || !o->author_email || !*o->author_name || !*o->author_email) {
            lf_buf_printf(st->err, "%s: error: the author needs both a name and an email",
                          st->repo_dir);
            return -1;
        }
        if (git_signature_now(sig, o->author_name, o->author_email) != 0) {
            lf_commit__git_error(st->err, st->repo_dir, "invalid author");
            return -1;
        }
        return 0;
    }
    if (git_signature_default(sig, st->repo) == 0)
        return 0;
    lf_buf_printf(st->err,
                  "%s: error: no author for the commit: set user.name and user.email "
                  "(git config user.name \"Your Name\"; git config user.email you@example.com) "
                  "or pass --author \"Name <email>\"",
                  st->repo_dir);
    return -1;
}

/* Checks the branch name and that the branch may be (re)written. */
static int lf_commit__check_branch(lf_commit__state *st, const char *branch, bool force,
                                   lf_buf *refname)
{
    int valid = 0;
    lf_buf_printf(refname, "refs/heads/%s", branch);
    if (git_branch_name_is_valid(&valid, branch) != 0 || !valid ||
        git_reference_name_is_valid(&valid, lf_buf_cstr(refname)) != 0 || !valid) {
        lf_buf_printf(st->err, "%s: error: invalid branch name '%s'", st->repo_dir, branch);
        return -1;
    }
    git_reference *ref = NULL;
    int rc = git_reference_lookup(&ref, st->repo, lf_buf_cstr(refname));
    if (rc == GIT_ENOTFOUND)
        return 0;
    if (rc != 0) {
        lf_commit__git_error(st->err, st->repo_dir, "cannot read the branch");
        return -1;
    }
    int out = 0;
    if (git_branch_is_checked_out(ref) == 1) {
        lf_buf_printf(st->err,
                      "%s: error: branch '%s' is checked out; layerfix never moves a "
                      "checked-out branch (choose another with --branch)",
                      st->repo_dir, branch);
        out = -1;
    } else if (!force) {
        lf_buf_printf(
            st->err,
            "%s: error: branch '%s' already exists (pass --force-branch to replace it, or "
            "choose another with --branch)",
            st->repo_dir, branch);
        out = -1;
    }
    git_reference_free(ref);
    return out;
}

/* Maps and resolves every file, makes the blobs, and sorts by path. */
static int lf_commit__entries(lf_commit__state *st, const git_tree *head_tree,
                              const lf_commit_file *files, size_t n, lf_commit__entry *ents)
{
    for (size_t i = 0; i < n; i++) {
        ents[i].file = &files[i];
        ents[i].path = lf_commit__repo_path(st, files[i].path);
        if (!ents[i].path || lf_commit__resolve(st, head_tree, &ents[i]) != 0 ||
            lf_commit__blob(st, &ents[i]) != 0 || lf_commit__check_clean(st, &ents[i]) != 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *a = ents[i].path, *b = ents[j].path;
            size_t al = strlen(a), bl = strlen(b);
            bool same = strcmp(a, b) == 0;
            if (same && git_oid_equal(&ents[i].blob, &ents[j].blob))
                continue;
            if (same || (al < bl && strncmp(a, b, al) == 0 && b[al] == '/') ||
                (bl < al && strncmp(a, b, bl) == 0 && a[bl] == '/')) {
                lf_buf_printf(st->err, "%s: error: conflicts with %s (both write %s)",
                              files[j].path, files[i].path,
                              same      ? a
                              : al < bl ? a
                                        : b);
                return -1;
            }
        }
    return 0;
}

int lf_commit_create(const char *repo_dir, const lf_commit_file *files, size_t n,
                     const lf_commit_opts *o, char oid_hex[41], lf_buf *err)
{
    static const lf_commit_opts defaults = {0};
    if (!o)
        o = &defaults;
    const char *branch = o->branch ? o->branch : LF_COMMIT_DEFAULT_BRANCH;
    lf_commit__state st = {.repo_dir = repo_dir, .err = err};
    git_libgit2_init();
    lf_buf refname = LF_BUF_INIT, message = LF_BUF_INIT;
    git_commit *head = NULL;
    git_tree *head_tree = NULL, *tree = NULL;
    git_signature *sig = NULL;
    git_reference *ref = NULL;
    git_buf pretty = {0};
    git_object *obj = NULL;
    git_oid tree_id, commit_id;
    lf_commit__entry *ents = calloc(n ? n : 1, sizeof *ents);
    int rc = -1;

    if (n == 0) {
        lf_buf_printf(err, "%s: error: no files to commit", repo_dir);
        goto done;
    }
    if (git_repository_open_ext(&st.repo, repo_dir, 0, NULL) != 0) {
        lf_commit__git_error(err, repo_dir, "not in a git repository");
        goto done;
    }
    if (git_repository_is_bare(st.repo)) {
        lf_buf_printf(err, "%s: error: the repository is bare (no work tree)", repo_dir);
        goto done;
    }
    st.workdir = lf_commit__trim_slash(git_repository_workdir(st.repo));
    st.workdir_real = realpath(st.workdir, NULL);
    if (!st.workdir_real) {
        lf_buf_printf(err, "%s: error: cannot resolve: %s", st.workdir, strerror(errno));
        goto done;
    }
    if (lf_commit__check_branch(&st, branch, o->force, &refname) != 0)
        goto done;
    if (git_repository_head_unborn(st.repo) == 1) {
        lf_buf_printf(err,
                      "%s: error: the repository has no commit yet; commit the files first, "
                      "then run layerfix --commit",
                      repo_dir);
        goto done;
    }
    if (git_revparse_single(&obj, st.repo, "HEAD^{commit}") != 0) {
        lf_commit__git_error(err, repo_dir, "cannot read HEAD");
        goto done;
    }
    head = (git_commit *)obj;
    if (git_commit_tree(&head_tree, head) != 0) {
        lf_commit__git_error(err, repo_dir, "cannot read HEAD's tree");
        goto done;
    }
    if (lf_commit__entries(&st, head_tree, files, n, ents) != 0)
        goto done;
    if (o->message)
        lf_buf_adds(&message, o->message);
    else
        lf_commit__default_message(&message, ents, n, o->passes);
    qsort(ents, n, sizeof *ents, lf_commit__cmp);
    if (lf_commit__tree(&st, &tree_id, head_tree, ents, n, 0) != 0)
        goto done;
    if (git_oid_equal(&tree_id, git_tree_id(head_tree))) {
        lf_buf_printf(err, "%s: error: nothing to commit: the files are the same as in HEAD",
                      repo_dir);
        goto done;
    }
    if (git_tree_lookup(&tree, st.repo, &tree_id) != 0) {
        lf_commit__git_error(err, repo_dir, "cannot read the new tree");
        goto done;
    }
    if (lf_commit__signature(&st, o, &sig) != 0)
        goto done;
    if (git_message_prettify(&pretty, lf_buf_cstr(&message), 0, '#') != 0 || pretty.size == 0) {
        lf_buf_printf(err, "%s: error: the commit message is empty", repo_dir);
        goto done;
    }
    if (git_commit_create(&commit_id, st.repo, NULL, sig, sig, NULL, pretty.ptr, tree, 1,
                          (const git_commit *[]){head}) != 0) {
        lf_commit__git_error(err, repo_dir, "cannot create the commit");
        goto done;
    }
    if (git_reference_create(&ref, st.repo, lf_buf_cstr(&refname), &commit_id, o->force,
                             "layerfix: " LF_COMMIT_SUBJECT) != 0) {
        lf_commit__git_error(err, repo_dir, "cannot create the branch");
        goto done;
    }
    git_oid_tostr(oid_hex, 41, &commit_id);
    rc = 0;

done:
    for (size_t i = 0; i < n; i++)
        free(ents[i].path);
    free(ents);
    git_buf_dispose(&pretty);
    git_reference_free(ref);
    git_signature_free(sig);
    git_tree_free(tree);
    git_tree_free(head_tree);
    git_commit_free(head);
    git_repository_free(st.repo);
    free(st.workdir);
    free(st.workdir_real);
    lf_buf_free(&refname);
    lf_buf_free(&message);
    git_libgit2_shutdown();
    return rc;
}

int lf_commit_parse_author(const char *s, char **name, char **email)
{
    *name = *email = NULL;
    if (!s || strpbrk(s, "\n\r"))
        return -1;
    const char *lt = strchr(s, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (!lt || !gt)
        return -1;
    const char *after = gt + 1;
    while (*after == ' ' || *after == '\t')
        after++;
    if (*after || strchr(lt + 1, '<') || memchr(s, '>', (size_t)(lt - s)))
        return -1;
    const char *ns = s, *ne = lt;
    while (ns < ne && (*ns == ' ' || *ns == '\t'))
        ns++;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    const char *es = lt + 1, *ee = gt;
    while (es < ee && (*es == ' ' || *es == '\t'))
        es++;
    while (ee > es && (ee[-1] == ' ' || ee[-1] == '\t'))
        ee--;
    if (ns == ne || es == ee)
        return -1;
    *name = lf_commit__strndup(ns, (size_t)(ne - ns));
    *email = lf_commit__strndup(es, (size_t)(ee - es));
    return 0;
}
