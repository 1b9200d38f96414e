/*
 * Bot mode commits (rewrite/commit.c) in real repositories: each test makes
 * a repository with libgit2 in a temporary directory (files written, added
 * to the index, committed), calls lf_commit_create, and reads the result
 * back with libgit2: the branch, its commit's parent, tree, blobs and
 * modes, the author and message, and that the index, HEAD and the work tree
 * are exactly as before. The global and system git config are pointed at
 * an empty directory so that only the repository's own config counts.
 */
#include "testutil.h"

#include "commit.h"
#include "passes.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BRANCH_REF "refs/heads/" LF_COMMIT_DEFAULT_BRANCH

typedef struct repo {
    char *dir;
    char *home; /* empty: the global/system config directory */
    git_repository *r;
    git_oid head; /* the commit HEAD was at after repo_commit */
} repo;

/* The options the command gives when none are set on its command line. */
static const lf_commit_opts DEFAULTS = {.passes = &lf_pass_table_all};

static void mkdirs_for(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *s = buf + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(buf, 0755);
        *s = '/';
    }
}

static const char *at(const repo *t, const char *rel)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", t->dir, rel);
    return buf[k];
}

static void put(const repo *t, const char *rel, const char *text)
{
    const char *p = at(t, rel);
    mkdirs_for(p);
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

static void repo_init(repo *t)
{
    memset(t, 0, sizeof *t);
    git_libgit2_init();
    t->dir = lf_test_tmpdir();
    t->home = lf_test_tmpdir();
    assert_non_null(t->dir);
    assert_non_null(t->home);
    static const int levels[] = {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG,
                                 GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], t->home), 0);
    assert_int_equal(git_repository_init(&t->r, t->dir, 0), 0);
}

static void repo_free(repo *t)
{
    git_repository_free(t->r);
    lf_test_rmtree(t->dir);
    lf_test_rmtree(t->home);
    free(t->dir);
    free(t->home);
    git_libgit2_shutdown();
}

static void set_config(repo *t, const char *key, const char *value)
{
    git_config *cfg, *local;
    assert_int_equal(git_repository_config(&cfg, t->r), 0);
    assert_int_equal(git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL), 0);
    assert_int_equal(git_config_set_string(local, key, value), 0);
    git_config_free(local);
    git_config_free(cfg);
}

static void set_identity(repo *t)
{
    set_config(t, "user.name", "Repo User");
    set_config(t, "user.email", "repo@example.com");
}

/* Stages every file (like `git add -A`) and commits on HEAD. */
static void repo_commit(repo *t)
{
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, t->r), 0);
    char *all = "*";
    git_strarray spec = {&all, 1};
    assert_int_equal(git_index_add_all(idx, &spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL), 0);
    assert_int_equal(git_index_write(idx), 0);
    git_oid tree_id;
    assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
    git_tree *tree;
    assert_int_equal(git_tree_lookup(&tree, t->r, &tree_id), 0);
    git_signature *sig;
    assert_int_equal(git_signature_new(&sig, "t", "t@example.com", 1700000000, 0), 0);
    git_commit *parent = NULL;
    git_object *obj = NULL;
    if (git_revparse_single(&obj, t->r, "HEAD^{commit}") == 0)
        parent = (git_commit *)obj;
    assert_int_equal(git_commit_create_v(&t->head, t->r, "HEAD", sig, sig, NULL, "initial\n", tree,
                                         parent ? 1 : 0, parent),
                     0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(idx);
}

/* A repository with a Dockerfile, sources in a subdirectory, an executable
 * script, all committed, and an identity in its config. */
static void repo_standard(repo *t)
{
    repo_init(t);
    set_identity(t);
    put(t, "Dockerfile", "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n");
    put(t, "app.js", "console.log(1)\n");
    put(t, "src/lib.js", "module.exports = 1\n");
    put(t, "services/api/Dockerfile", "FROM node\nCOPY . .\nRUN npm ci\n");
    put(t, "services/api/package.json", "{}\n");
    put(t, "services/web/Dockerfile", "FROM nginx\n");
    put(t, "entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n");
    assert_int_equal(chmod(at(t, "entrypoint.sh"), 0755), 0);
    repo_commit(t);
}

static const char NEW_DF[] = "FROM debian\nRUN apt-get update && apt-get install -y curl\n";

static int commit_one(repo *t, const char *rel, const char *text, const lf_commit_opts *o,
                      char oid[41], lf_buf *err)
{
    lf_commit_file f = {at(t, rel), text, strlen(text), "merge-apt"};
    lf_buf_clear(err);
    return lf_commit_create(t->dir, &f, 1, o ? o : &DEFAULTS, oid, err);
}

static git_commit *lookup_commit(repo *t, const char *hex)
{
    git_oid id;
    assert_int_equal(git_oid_fromstr(&id, hex), 0);
    git_commit *c;
    assert_int_equal(git_commit_lookup(&c, t->r, &id), 0);
    return c;
}

/* The text and mode of path in commit c; NULL when absent. */
static char *blob_at(repo *t, git_commit *c, const char *path, git_filemode_t *mode)
{
    git_tree *tree;
    assert_int_equal(git_commit_tree(&tree, c), 0);
    git_tree_entry *e = NULL;
    char *out = NULL;
    if (git_tree_entry_bypath(&e, tree, path) == 0) {
        if (mode)
            *mode = git_tree_entry_filemode(e);
        git_blob *b;
        assert_int_equal(git_blob_lookup(&b, t->r, git_tree_entry_id(e)), 0);
        size_t len = (size_t)git_blob_rawsize(b);
        out = malloc(len + 1);
        memcpy(out, git_blob_rawcontent(b), len);
        out[len] = 0;
        git_blob_free(b);
    }
    git_tree_entry_free(e);
    git_tree_free(tree);
    return out;
}

static void assert_blob(repo *t, git_commit *c, const char *path, const char *want,
                        git_filemode_t want_mode)
{
    git_filemode_t mode = 0;
    char *text = blob_at(t, c, path, &mode);
    assert_non_null(text);
    assert_string_equal(text, want);
    assert_int_equal(mode, want_mode);
    free(text);
}

static int branch_exists(repo *t, const char *ref)
{
    git_reference *r = NULL;
    int rc = git_reference_lookup(&r, t->r, ref);
    git_reference_free(r);
    return rc == 0;
}

/* Every path of tree a, recursively, with its id: "mode id path\n". */
static int list_cb(const char *root, const git_tree_entry *e, void *payload)
{
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_tree_entry_id(e));
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
        lf_buf_printf(payload, "%06o %s %s%s\n", (unsigned)git_tree_entry_filemode(e), hex, root,
                      git_tree_entry_name(e));
    return 0;
}

static char *list_tree(git_commit *c)
{
    git_tree *tree;
    assert_int_equal(git_commit_tree(&tree, c), 0);
    lf_buf b = LF_BUF_INIT;
    assert_int_equal(git_tree_walk(tree, GIT_TREEWALK_PRE, list_cb, &b), 0);
    git_tree_free(tree);
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

/* Removes the line of path from a list_tree listing. */
static void drop_line(char *listing, const char *path)
{
    char needle[512];
    snprintf(needle, sizeof needle, " %s\n", path);
    char *hit = strstr(listing, needle);
    assert_non_null(hit);
    char *start = hit;
    while (start > listing && start[-1] != '\n')
        start--;
    char *end = hit + strlen(needle);
    memmove(start, end, strlen(end) + 1);
}

/* --- tests -------------------------------------------------------------------------- */

static void test_branch_created_with_parent_head(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), 0);
    assert_int_equal(strlen(oid), 40);

    git_reference *ref;
    assert_int_equal(git_reference_lookup(&ref, t.r, BRANCH_REF), 0);
    char hex[41];
    git_oid_tostr(hex, sizeof hex, git_reference_target(ref));
    assert_string_equal(hex, oid);
    git_reference_free(ref);

    git_commit *c = lookup_commit(&t, oid);
    assert_int_equal(git_commit_parentcount(c), 1);
    assert_true(git_oid_equal(git_commit_parent_id(c, 0), &t.head));
    /* the default message: subject, the file with its passes, the pass summary */
    const char *msg = git_commit_message(c);
    assert_string_equal(git_commit_summary(c), LF_COMMIT_SUBJECT);
    assert_non_null(strstr(msg, "\n- Dockerfile (merge-apt)\n"));
    assert_non_null(strstr(msg, "- merge-apt: merge a standalone `apt-get update` RUN"));
    assert_null(strstr(msg, "cache-mounts"));
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_tree_has_new_contents_and_nothing_else_changes(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    const char *df2 = "FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n";
    lf_commit_file files[] = {
        {at(&t, "Dockerfile"), NEW_DF, strlen(NEW_DF), "merge-apt"},
        {at(&t, "services/api/Dockerfile"), df2, strlen(df2), "copy-manifests-first"},
    };
    assert_int_equal(lf_commit_create(t.dir, files, 2, &DEFAULTS, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    git_commit *head;
    assert_int_equal(git_commit_lookup(&head, t.r, &t.head), 0);
    assert_blob(&t, c, "Dockerfile", NEW_DF, GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "services/api/Dockerfile", df2, GIT_FILEMODE_BLOB);
    /* every other file: same id and mode, and no file added or lost */
    char *after = list_tree(c), *before = list_tree(head);
    drop_line(after, "Dockerfile");
    drop_line(after, "services/api/Dockerfile");
    drop_line(before, "Dockerfile");
    drop_line(before, "services/api/Dockerfile");
    assert_string_equal(after, before);
    assert_non_null(strstr(after, " services/web/Dockerfile\n"));
    assert_non_null(strstr(after, "100755 "));
    /* the message lists both files and both passes, in pass order */
    const char *msg = git_commit_message(c);
    assert_non_null(strstr(msg, "- services/api/Dockerfile (copy-manifests-first)\n"));
    const char *p1 = strstr(msg, "- merge-apt: "), *p2 = strstr(msg, "- copy-manifests-first: ");
    assert_non_null(p1);
    assert_non_null(p2);
    assert_true(p1 < p2);
    free(after);
    free(before);
    git_commit_free(head);
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

/* A path relative to the current directory, from a subdirectory, with
 * repo_dir found by searching upward. */
static void test_nested_path_relative_to_cwd(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(at(&t, "services")), 0);
    const char *df = "FROM node:20\nCOPY . .\nRUN npm ci\n";
    lf_commit_file f = {"api/Dockerfile", df, strlen(df), NULL};
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    int rc = lf_commit_create(".", &f, 1, &DEFAULTS, oid, &err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, "services/api/Dockerfile", df, GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "services/api/package.json", "{}\n", GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "services/web/Dockerfile", "FROM nginx\n", GIT_FILEMODE_BLOB);
    assert_null(blob_at(&t, c, "api/Dockerfile", NULL));
    /* without passes, the file is listed bare and there is no pass list */
    assert_non_null(strstr(git_commit_message(c), "\n- services/api/Dockerfile\n"));
    assert_null(strstr(git_commit_message(c), "Passes:"));
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

/* New files: a .dockerignore at the root, and one in a directory HEAD does
 * not have (the subtrees are created). */
static void test_new_files_added(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    mkdirs_for(at(&t, "deploy/docker/x"));
    const char *ign = "# layerfix: begin\n.git\nnode_modules\n# layerfix: end\n";
    lf_commit_file files[] = {
        {at(&t, ".dockerignore"), ign, strlen(ign), "dockerignore"},
        {at(&t, "deploy/docker/.dockerignore"), ".git\n", 5, "dockerignore"},
    };
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(lf_commit_create(t.dir, files, 2, &DEFAULTS, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, ".dockerignore", ign, GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "deploy/docker/.dockerignore", ".git\n", GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "Dockerfile",
                "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n",
                GIT_FILEMODE_BLOB);
    /* the files were not written to the work tree */
    assert_null(lf_test_read_file(at(&t, ".dockerignore"), NULL));
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_executable_mode_kept(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    const char *sh = "#!/bin/sh\nset -e\nexec \"$@\"\n";
    lf_commit_file files[] = {
        {at(&t, "entrypoint.sh"), sh, strlen(sh), NULL},
        {at(&t, "Dockerfile"), NEW_DF, strlen(NEW_DF), NULL},
    };
    /* the mode comes from HEAD's tree, not from the disk */
    assert_int_equal(chmod(at(&t, "Dockerfile"), 0755), 0);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(lf_commit_create(t.dir, files, 2, &DEFAULTS, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, "entrypoint.sh", sh, GIT_FILEMODE_BLOB_EXECUTABLE);
    assert_blob(&t, c, "Dockerfile", NEW_DF, GIT_FILEMODE_BLOB);
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_work_tree_index_and_head_untouched(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    size_t idx_len, head_len, df_len;
    char *idx = lf_test_read_file(at(&t, ".git/index"), &idx_len);
    char *head = lf_test_read_file(at(&t, ".git/HEAD"), &head_len);
    char *df = lf_test_read_file(at(&t, "Dockerfile"), &df_len);
    assert_non_null(idx);
    assert_non_null(head);
    git_reference *cur;
    assert_int_equal(git_repository_head(&cur, t.r), 0);
    char *cur_name = strdup(git_reference_name(cur));
    git_reference_free(cur);

    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), 0);

    size_t len;
    char *idx2 = lf_test_read_file(at(&t, ".git/index"), &len);
    assert_int_equal(len, idx_len);
    assert_memory_equal(idx2, idx, len);
    char *head2 = lf_test_read_file(at(&t, ".git/HEAD"), NULL);
    assert_string_equal(head2, head);
    char *df2 = lf_test_read_file(at(&t, "Dockerfile"), NULL);
    assert_string_equal(df2, df);
    /* HEAD still names the same branch, at the same commit */
    assert_int_equal(git_repository_head(&cur, t.r), 0);
    assert_string_equal(git_reference_name(cur), cur_name);
    assert_true(git_oid_equal(git_reference_target(cur), &t.head));
    git_reference_free(cur);
    /* and the work tree is clean against HEAD */
    git_status_list *st;
    git_status_options so;
    assert_int_equal(git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION), 0);
    so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED;
    assert_int_equal(git_status_list_new(&st, t.r, &so), 0);
    assert_int_equal(git_status_list_entrycount(st), 0);
    git_status_list_free(st);
    free(idx);
    free(idx2);
    free(head);
    free(head2);
    free(df);
    free(df2);
    free(cur_name);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_existing_branch_refused_then_forced(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    lf_buf err = LF_BUF_INIT;
    char first[41], second[41];
    lf_commit_opts o = {.branch = "bot/cache"};
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, &o, first, &err), 0);
    const char *other = "FROM debian:12\n";
    assert_int_equal(commit_one(&t, "Dockerfile", other, &o, second, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "branch 'bot/cache' already exists"));
    assert_non_null(strstr(lf_buf_cstr(&err), "--force-branch"));
    o.force = true;
    assert_int_equal(commit_one(&t, "Dockerfile", other, &o, second, &err), 0);
    assert_string_not_equal(first, second);
    git_reference *ref;
    assert_int_equal(git_reference_lookup(&ref, t.r, "refs/heads/bot/cache"), 0);
    char hex[41];
    git_oid_tostr(hex, sizeof hex, git_reference_target(ref));
    assert_string_equal(hex, second);
    git_reference_free(ref);
    /* the replacement starts again from HEAD, not from the old branch */
    git_commit *c = lookup_commit(&t, second);
    assert_true(git_oid_equal(git_commit_parent_id(c, 0), &t.head));
    assert_blob(&t, c, "Dockerfile", other, GIT_FILEMODE_BLOB);
    assert_false(branch_exists(&t, BRANCH_REF));
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

/* Moving the branch HEAD is on would change the work tree's base. */
static void test_checked_out_branch_refused_even_with_force(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    git_reference *cur;
    assert_int_equal(git_repository_head(&cur, t.r), 0);
    lf_commit_opts o = {.branch = git_reference_shorthand(cur), .force = true};
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, &o, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "is checked out"));
    git_reference_free(cur);
    assert_int_equal(git_repository_head(&cur, t.r), 0);
    assert_true(git_oid_equal(git_reference_target(cur), &t.head));
    git_reference_free(cur);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_author_from_config_or_explicit(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_string_equal(git_commit_author(c)->name, "Repo User");
    assert_string_equal(git_commit_author(c)->email, "repo@example.com");
    assert_string_equal(git_commit_committer(c)->name, "Repo User");
    git_commit_free(c);

    lf_commit_opts o = {.branch = "explicit",
                        .author_name = "layerfix bot",
                        .author_email = "bot@example.org",
                        .message = "chore: cache\n\nBody text.  \n\n\n"};
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, &o, oid, &err), 0);
    c = lookup_commit(&t, oid);
    assert_string_equal(git_commit_author(c)->name, "layerfix bot");
    assert_string_equal(git_commit_author(c)->email, "bot@example.org");
    assert_string_equal(git_commit_committer(c)->email, "bot@example.org");
    /* the message as given, cleaned up like git does */
    assert_string_equal(git_commit_message(c), "chore: cache\n\nBody text.\n");
    git_commit_free(c);

    /* half an author is an error, not a mix with the config */
    lf_commit_opts half = {.branch = "half", .author_name = "only name"};
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, &half, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "both a name and an email"));
    assert_false(branch_exists(&t, "refs/heads/half"));
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_no_identity_refused_with_how_to(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM debian\nRUN apt-get update\n");
    repo_commit(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "git config user.name"));
    assert_non_null(strstr(lf_buf_cstr(&err), "git config user.email"));
    assert_non_null(strstr(lf_buf_cstr(&err), "--author"));
    assert_false(branch_exists(&t, BRANCH_REF));
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_unborn_head_refused(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    set_identity(&t);
    put(&t, "Dockerfile", "FROM debian\n");
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "no commit yet"));
    assert_false(branch_exists(&t, BRANCH_REF));
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_path_outside_repository_refused(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    char *other = lf_test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/Dockerfile", other);
    assert_int_equal(lf_test_write_file(path, "FROM x\n", 7), 0);
    lf_commit_file f = {path, NEW_DF, strlen(NEW_DF), NULL};
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(lf_commit_create(t.dir, &f, 1, &DEFAULTS, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "outside the repository's work tree"));

    /* through a symlinked directory that leaves the work tree */
    assert_int_equal(symlink(other, at(&t, "ext")), 0);
    lf_buf_clear(&err);
    f.path = at(&t, "ext/Dockerfile");
    assert_int_equal(lf_commit_create(t.dir, &f, 1, &DEFAULTS, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "outside the repository's work tree"));

    /* the repository's own .git is not part of the work tree */
    lf_buf_clear(&err);
    f.path = at(&t, ".git/config");
    assert_int_equal(lf_commit_create(t.dir, &f, 1, &DEFAULTS, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), ".git"));
    assert_false(branch_exists(&t, BRANCH_REF));
    lf_test_rmtree(other);
    free(other);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_no_change_refused(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    const char *same = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n";
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", same, NULL, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "nothing to commit"));
    assert_false(branch_exists(&t, BRANCH_REF));
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_bad_branch_name_refused(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    static const char *const bad[] = {"has space", "a..b", "HEAD",  "-dash",
                                      "end.lock",  "x~1",  "tail/", ""};
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lf_commit_opts o = {.branch = bad[i]};
        assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, &o, oid, &err), -1);
        assert_non_null(strstr(lf_buf_cstr(&err), "invalid branch name"));
    }
    git_reference_iterator *it;
    git_reference *ref;
    size_t nrefs = 0;
    assert_int_equal(git_reference_iterator_new(&it, t.r), 0);
    while (git_reference_next(&ref, it) == 0) {
        nrefs++;
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    assert_int_equal(nrefs, 1); /* only the branch HEAD is on */
    lf_buf_free(&err);
    repo_free(&t);
}

/* A Dockerfile that is a symlink in HEAD: the file it points to gets the
 * new text and the link stays a link; a link leaving the repo is refused. */
static void test_symlink_in_tree_followed(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    set_identity(&t);
    put(&t, "docker/prod/Dockerfile", "FROM debian\nRUN apt-get update\n");
    assert_int_equal(symlink("docker/prod/Dockerfile", at(&t, "Dockerfile")), 0);
    assert_int_equal(symlink("../docker/./prod/Dockerfile", at(&t, "docker/Dockerfile.dev")), 0);
    assert_int_equal(symlink("/etc/hostname", at(&t, "Dockerfile.abs")), 0);
    repo_commit(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, "docker/prod/Dockerfile", NEW_DF, GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "Dockerfile", "docker/prod/Dockerfile", GIT_FILEMODE_LINK);
    git_commit_free(c);

    /* a relative link with .., from a subdirectory */
    lf_commit_opts o = {.branch = "dev"};
    const char *dev = "FROM debian:12\n";
    assert_int_equal(commit_one(&t, "docker/Dockerfile.dev", dev, &o, oid, &err), 0);
    c = lookup_commit(&t, oid);
    assert_blob(&t, c, "docker/prod/Dockerfile", dev, GIT_FILEMODE_BLOB);
    assert_blob(&t, c, "docker/Dockerfile.dev", "../docker/./prod/Dockerfile", GIT_FILEMODE_LINK);
    git_commit_free(c);

    /* a link into .git is not a work tree file */
    assert_int_equal(symlink(".git/config", at(&t, "Dockerfile.git")), 0);
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, t.r), 0);
    assert_int_equal(git_index_add_bypath(idx, "Dockerfile.git"), 0);
    assert_int_equal(git_index_write(idx), 0);
    git_index_free(idx);
    repo_commit(&t);
    o.branch = "git";
    assert_int_equal(commit_one(&t, "Dockerfile.git", dev, &o, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "symlink in HEAD to .git/config, outside"));

    o.branch = "abs";
    assert_int_equal(commit_one(&t, "Dockerfile.abs", dev, &o, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "symlink in HEAD to /etc/hostname, outside"));
    assert_false(branch_exists(&t, "refs/heads/abs"));
    lf_buf_free(&err);
    repo_free(&t);
}

/* The new text is stored the way `git add` would store it: with
 * core.autocrlf the CRLF work tree text becomes LF in the blob, so an
 * unchanged file stays unchanged. */
static void test_clean_filters_applied(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    set_identity(&t);
    set_config(&t, "core.autocrlf", "true");
    put(&t, "Dockerfile", "FROM debian\r\nRUN apt-get update\r\n");
    repo_commit(&t);
    git_commit *head;
    assert_int_equal(git_commit_lookup(&head, t.r, &t.head), 0);
    assert_blob(&t, head, "Dockerfile", "FROM debian\nRUN apt-get update\n", GIT_FILEMODE_BLOB);
    git_commit_free(head);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(
        commit_one(&t, "Dockerfile", "FROM debian\r\nRUN apt-get update\r\n", NULL, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "nothing to commit"));
    assert_int_equal(
        commit_one(&t, "Dockerfile", "FROM debian:12\r\nRUN apt-get update\r\n", NULL, oid, &err),
        0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, "Dockerfile", "FROM debian:12\nRUN apt-get update\n", GIT_FILEMODE_BLOB);
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_directory_and_conflicts_refused(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    /* a path that is a directory in HEAD */
    lf_commit_file f = {at(&t, "src"), "x\n", 2, NULL};
    assert_int_equal(lf_commit_create(t.dir, &f, 1, &DEFAULTS, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "is a directory in HEAD"));
    /* one path twice with different texts */
    lf_commit_file two[] = {{at(&t, "Dockerfile"), NEW_DF, strlen(NEW_DF), NULL},
                            {at(&t, "Dockerfile"), "FROM x\n", 7, NULL}};
    lf_buf_clear(&err);
    assert_int_equal(lf_commit_create(t.dir, two, 2, &DEFAULTS, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "conflicts with"));
    assert_false(branch_exists(&t, BRANCH_REF));
    /* the same path twice with the same text is one change */
    two[1].text = NEW_DF;
    two[1].len = strlen(NEW_DF);
    lf_buf_clear(&err);
    assert_int_equal(lf_commit_create(t.dir, two, 2, &DEFAULTS, oid, &err), 0);
    lf_buf_free(&err);
    repo_free(&t);
}

/* The rewrite is of HEAD's text: a file edited and not committed would
 * smuggle the edit into the bot's commit, unless the disk already holds
 * the new text (--fix wrote it). */
static void test_uncommitted_changes_refused(void **state)
{
    (void)state;
    repo t;
    repo_standard(&t);
    put(&t, "Dockerfile", "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl wget\n");
    lf_buf err = LF_BUF_INIT;
    char oid[41];
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "not committed"));
    assert_false(branch_exists(&t, BRANCH_REF));
    put(&t, "Dockerfile", NEW_DF);
    assert_int_equal(commit_one(&t, "Dockerfile", NEW_DF, NULL, oid, &err), 0);
    git_commit *c = lookup_commit(&t, oid);
    assert_blob(&t, c, "Dockerfile", NEW_DF, GIT_FILEMODE_BLOB);
    git_commit_free(c);
    lf_buf_free(&err);
    repo_free(&t);
}

static void test_parse_author(void **state)
{
    (void)state;
    char *name, *email;
    assert_int_equal(lf_commit_parse_author("layerfix bot <bot@example.org>", &name, &email), 0);
    assert_string_equal(name, "layerfix bot");
    assert_string_equal(email, "bot@example.org");
    free(name);
    free(email);
    assert_int_equal(lf_commit_parse_author("  Ann  Lee\t<  ann@x.io > ", &name, &email), 0);
    assert_string_equal(name, "Ann  Lee");
    assert_string_equal(email, "ann@x.io");
    free(name);
    free(email);
    static const char *const bad[] = {"no email",
                                      "<a@b>",
                                      "Name <>",
                                      "Name <a@b",
                                      "Name a@b>",
                                      "Name <a@b> trailing",
                                      "A <b> <c@d>",
                                      "A > B <c@d>",
                                      "Name <a@b>\nX",
                                      "Name <a<b@c.d>>",
                                      ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(lf_commit_parse_author(bad[i], &name, &email), -1);
        assert_null(name);
        assert_null(email);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_branch_created_with_parent_head),
        cmocka_unit_test(test_tree_has_new_contents_and_nothing_else_changes),
        cmocka_unit_test(test_nested_path_relative_to_cwd),
        cmocka_unit_test(test_new_files_added),
        cmocka_unit_test(test_executable_mode_kept),
        cmocka_unit_test(test_work_tree_index_and_head_untouched),
        cmocka_unit_test(test_existing_branch_refused_then_forced),
        cmocka_unit_test(test_checked_out_branch_refused_even_with_force),
        cmocka_unit_test(test_author_from_config_or_explicit),
        cmocka_unit_test(test_no_identity_refused_with_how_to),
        cmocka_unit_test(test_unborn_head_refused),
        cmocka_unit_test(test_path_outside_repository_refused),
        cmocka_unit_test(test_no_change_refused),
        cmocka_unit_test(test_bad_branch_name_refused),
        cmocka_unit_test(test_symlink_in_tree_followed),
        cmocka_unit_test(test_clean_filters_applied),
        cmocka_unit_test(test_directory_and_conflicts_refused),
        cmocka_unit_test(test_uncommitted_changes_refused),
        cmocka_unit_test(test_parse_author),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
