/*
 * The dockerignore pass on real git repositories: each scenario builds a
 * repository with libgit2 in a temporary directory (tracked, untracked and
 * ignored files, nested .gitignore files, a nested repository, symlinks),
 * opens the build context, parses the Dockerfile(s) and checks the exact
 * proposed .dockerignore, notes, dropped rules and sizes; then writes the
 * proposal and runs again, which must propose nothing (idempotence).
 * The golden cases in corpus/dockerignore/<case>/ run the same way.
 */
#include "testutil.h"

#include "context.h"
#include "context_fs.h"
#include "dockerignore.h"
#include "gitignore.h"
#include "ignore.h"
#include "model.h"

#include <dirent.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- building repositories ------------------------------------------------------ */

typedef struct repo {
    char *dir;
    git_repository *r;
} repo;

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
    static char buf[4][8448];
    static int k;
    k = (k + 1) % 4;
    if (snprintf(buf[k], sizeof buf[k], "%s/%s", t->dir, rel) >= (int)sizeof buf[k])
        fail_msg("path too long: %s", rel);
    return buf[k];
}

static void put(const repo *t, const char *rel, const char *text)
{
    const char *p = at(t, rel);
    mkdirs_for(p);
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

static void put_link(const repo *t, const char *rel, const char *target)
{
    const char *p = at(t, rel);
    mkdirs_for(p);
    assert_int_equal(symlink(target, p), 0);
}

static void repo_init(repo *t)
{
    git_libgit2_init();
    t->dir = lf_test_tmpdir();
    assert_non_null(t->dir);
    assert_int_equal(git_repository_init(&t->r, t->dir, 0), 0);
}

static void repo_free(repo *t)
{
    git_repository_free(t->r);
    lf_test_rmtree(t->dir);
    free(t->dir);
    git_libgit2_shutdown();
}

/* Stages every file git does not ignore (like `git add -A`), minus the
 * paths in untracked (NULL-terminated), plus the paths in force (added even
 * though ignored), and commits. */
static void repo_commit_except(repo *t, const char *const *untracked, const char *const *force)
{
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, t->r), 0);
    char *all = "*";
    git_strarray spec = {&all, 1};
    assert_int_equal(git_index_add_all(idx, &spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL), 0);
    for (size_t i = 0; untracked && untracked[i]; i++)
        git_index_remove_bypath(idx, untracked[i]);
    for (size_t i = 0; force && force[i]; i++)
        assert_int_equal(git_index_add_bypath(idx, force[i]), 0);
    assert_int_equal(git_index_write(idx), 0);
    git_oid tree_id, commit_id;
    assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
    git_tree *tree;
    assert_int_equal(git_tree_lookup(&tree, t->r, &tree_id), 0);
    git_signature *sig;
    assert_int_equal(git_signature_new(&sig, "t", "t@example.com", 1700000000, 0), 0);
    assert_int_equal(git_commit_create_v(&commit_id, t->r, "HEAD", sig, sig, NULL, "test", tree, 0),
                     0);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(idx);
}

static void repo_commit(repo *t)
{
    repo_commit_except(t, NULL, NULL);
}

/* A repository of its own inside the work tree (like a submodule checkout
 * that the outer repository does not register). */
static void nested_repo(repo *t, const char *rel, const char *file, const char *text)
{
    git_repository *n;
    assert_int_equal(git_repository_init(&n, at(t, rel), 0), 0);
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", rel, file);
    put(t, p, text);
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, n), 0);
    assert_int_equal(git_index_add_bypath(idx, file), 0);
    assert_int_equal(git_index_write(idx), 0);
    git_index_free(idx);
    git_repository_free(n);
}

/* --- running the pass ------------------------------------------------------------ */

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) != 0)
            continue;
        n += S_ISDIR(st.st_mode) ? count_files(p) : 1;
    }
    closedir(d);
    return n;
}

typedef struct run {
    lf_dockerignore_result res;
    char *shown; /* text + notes + dropped + sizes, paths relative to the repo */
} run;

/* s with the repository's directory dropped from paths and CRs shown. */
static char *relative(const repo *t, const char *s)
{
    lf_buf b = LF_BUF_INIT;
    size_t dl = strlen(t->dir);
    while (*s) {
        if (strncmp(s, t->dir, dl) == 0 && s[dl] == '/') {
            s += dl + 1;
            continue;
        }
        if (*s == '\r') {
            lf_buf_adds(&b, "\\r");
            s++;
            continue;
        }
        lf_buf_addc(&b, *s++);
    }
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

/* Does a source of the Dockerfiles take `.git` (the whole context, or
 * `.git` itself)? */
static bool sends_root(lf_doc *const *docs, size_t nd)
{
    bool all = false;
    for (size_t d = 0; d < nd && !all; d++) {
        lf_analysis *an = lf_analyze(docs[d]);
        size_t n;
        const lf_context_source *cs = lf_analysis_context_sources(an, &n);
        for (size_t k = 0; k < n && !all; k++)
            all = strcmp(cs[k].raw, ".") == 0 || strcmp(cs[k].raw, "./") == 0 ||
                  strcmp(cs[k].raw, "") == 0 || strcmp(cs[k].raw, "/") == 0 ||
                  strcmp(cs[k].raw, ".git") == 0;
        lf_analysis_free(an);
    }
    return all;
}

/* Runs the pass for the context ctx_rel ("" for the root) and the
 * Dockerfiles (paths relative to the repository, NULL-terminated), with
 * the ignore file on disk as the existing text. */
static void run_pass(const repo *t, const char *ctx_rel, const char *const *dockerfiles, run *out)
{
    memset(out, 0, sizeof *out);
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    char ctxdir[4096];
    snprintf(ctxdir, sizeof ctxdir, "%s%s%s", t->dir, *ctx_rel ? "/" : "", ctx_rel);
    assert_int_equal(lf_context_open(&ctx, ctxdir, &err), 0);
    lf_parser *p = lf_parser_new();
    lf_doc *docs[8];
    size_t nd = 0;
    for (; dockerfiles[nd]; nd++) {
        lf_source *src;
        assert_int_equal(lf_source_read_file(&src, at(t, dockerfiles[nd]), &err), 0);
        assert_int_equal(lf_doc_parse(&docs[nd], p, src), 0);
    }
    lf_buf ipath = LF_BUF_INIT;
    lf_context_ignore_path(&ctx, docs[0]->src->path, &ipath);
    size_t ilen = 0;
    char *existing = lf_test_read_file(ipath.data, &ilen);
    assert_int_equal(lf_dockerignore_propose(&out->res, &ctx, (const lf_doc *const *)docs, NULL, nd,
                                             existing, ilen),
                     0);
    lf_buf shown = LF_BUF_INIT;
    lf_buf_add(&shown, out->res.text, out->res.len);
    lf_buf_adds(&shown, "--\n");
    lf_dockerignore_format_notes(&out->res, ".dockerignore", &shown);
    for (size_t i = 0; i < out->res.dropped.n; i++)
        lf_buf_printf(&shown, "dropped: %s\n", out->res.dropped.items[i].s);
    /* .git's own file count depends on libgit2: left out of "before" */
    /* how many files .git holds depends on libgit2: only "after" is shown,
     * without .git when it is still sent */
    assert_true(out->res.after.files <= out->res.before.files);
    assert_true(out->res.after.bytes <= out->res.before.bytes);
    size_t after = out->res.after.files;
    lf_ignore *ig = NULL;
    lf_buf ierr = LF_BUF_INIT;
    if (lf_ignore_compile(&ig, out->res.text, out->res.len, &ierr) == 0 &&
        !lf_ignore_match(ig, ".git/HEAD", false) && sends_root(docs, nd)) {
        char gitdir[4200];
        snprintf(gitdir, sizeof gitdir, "%s/.git", ctxdir);
        after -= count_files(gitdir);
    }
    lf_ignore_free(ig);
    lf_buf_free(&ierr);
    lf_buf_printf(&shown, "files after: %zu\n", after);
    out->shown = relative(t, shown.data);
    lf_buf_free(&shown);
    free(existing);
    lf_buf_free(&ipath);
    for (size_t i = 0; i < nd; i++)
        lf_doc_free(docs[i]);
    lf_parser_free(p);
    lf_context_free(&ctx);
    lf_buf_free(&err);
}

static void run_free(run *r)
{
    lf_dockerignore_result_free(&r->res);
    free(r->shown);
}

/* Checks the whole output, then writes the proposal and checks that a
 * second run changes nothing. */
static void expect(const repo *t, const char *ctx_rel, const char *const *dockerfiles,
                   const char *want)
{
    run r;
    run_pass(t, ctx_rel, dockerfiles, &r);
    if (strcmp(r.shown, want) != 0)
        print_message("got:\n%s\nwant:\n%s\n", r.shown, want);
    assert_string_equal(r.shown, want);
    if (r.res.changed) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s.dockerignore", ctx_rel, *ctx_rel ? "/" : "");
        put(t, p, r.res.text);
        run again;
        run_pass(t, ctx_rel, dockerfiles, &again);
        if (again.res.changed)
            print_message("second run:\n%s\n", again.shown);
        assert_false(again.res.changed);
        assert_int_equal(again.res.len, r.res.len);
        assert_memory_equal(again.res.text, r.res.text, r.res.len);
        run_free(&again);
    }
    run_free(&r);
}

static const char *const DF[] = {"Dockerfile", NULL};

#define BEGIN "# layerfix: begin (added by layerfix: what the image build does not need)\n"
#define END "# layerfix: end\n"
#define VCS "# version control, editor and OS files\n"
#define META "# CI configuration and container build files\n"
#define GIT "# git-ignored build outputs and dependencies\n"
#define SECRETS "# secrets\n"

/* --- scenarios ------------------------------------------------------------------ */

/* The usual Node project: node_modules on disk and ignored, no .dockerignore. */
static void test_node_project(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n"
        "COPY . .\nCMD [\"node\", \"index.js\"]\n");
    put(&t, "package.json", "{}\n");
    put(&t, "package-lock.json", "{}\n");
    put(&t, "index.js", "console.log(1)\n");
    put(&t, ".gitignore", "node_modules/\n");
    put(&t, "node_modules/left-pad/index.js", "module.exports = 1\n");
    put(&t, "node_modules/left-pad/package.json", "{}\n");
    repo_commit(&t);
    run r;
    run_pass(&t, "", DF, &r);
    /* what no longer invalidates `COPY . .`, shortest paths */
    assert_int_equal(r.res.quiet.n, 2);
    assert_string_equal(r.res.quiet.items[0].s, ".git");
    assert_string_equal(r.res.quiet.items[1].s, "node_modules");
    assert_int_equal(r.res.before.files - r.res.after.files, 2 + count_files(at(&t, ".git")));
    run_free(&r);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/node_modules\n" END "--\n"
                     "files after: 5\n");
    repo_free(&t);
}

/* The existing file is kept byte for byte; CRLF and no final newline. */
static void test_existing_crlf(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /app\n");
    put(&t, "app", "x\n");
    put(&t, ".dockerignore", "# mine\r\n*.md");
    put(&t, "README.md", "hi\n");
    put(&t, ".github/workflows/ci.yml", "on: push\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "# mine\\r\n"
           "*.md\\r\n"
           "# layerfix: begin (added by layerfix: what the image build does not need)\\r\n"
           "# version control, editor and OS files\\r\n"
           ".git\\r\n"
           "# layerfix: end\\r\n"
           "--\n"
           "files after: 4\n");
    repo_free(&t);
}

/* An existing block with every rule in effect: nothing to add (a rule of
 * an earlier version, `Dockerfile`, stays: the lines are the user's now); a
 * secret that appears later (not tracked) goes into that block, before its
 * end line. */
static void test_existing_block_extended(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src/\n");
    put(&t, "src/main.c", "int main;\n");
    put(&t, ".dockerignore", "tmp\n" BEGIN ".git\nDockerfile\n" END "extra\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "tmp\n" BEGIN ".git\n"
           "Dockerfile\n" END "extra\n"
           "--\n"
           "files after: 2\n");
    put(&t, "deploy.pem", "-----BEGIN PRIVATE KEY-----\n");
    expect(&t, "", DF,
           "tmp\n" BEGIN ".git\n"
           "Dockerfile\n"
           "*.pem\n" END "extra\n"
           "--\n"
           "Dockerfile:2: note: [dockerignore] COPY . /src/ would ship `deploy.pem`, which git "
           "does not track: excluded from the build context (a clean checkout has no such file, "
           "so a build from one never shipped it)\n"
           "files after: 2\n");
    repo_free(&t);
}

/* A git-ignored secret that `COPY . .` would ship is excluded, with a
 * note: a clean checkout never had it. A tracked one stays, with a note. */
static void test_secret_shipped(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n");
    put(&t, "app.py", "print(1)\n");
    put(&t, ".gitignore", "__pycache__/\n.env\n");
    put(&t, ".env", "SECRET=1\n");
    put(&t, "__pycache__/app.cpython-312.pyc", "x");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/__pycache__\n"
                     "**/.env\n" END "--\n"
                     "Dockerfile:3: note: [dockerignore] COPY . . would ship `.env`, which git "
                     "ignores: excluded from the build context (a clean checkout has no such file, "
                     "so a build from one never shipped it)\n"
                     "files after: 3\n");
    repo_free(&t);
    repo_init(&t);
    put(&t, "Dockerfile", "FROM python:3.12\nWORKDIR /app\nCOPY . .\n");
    put(&t, "app.py", "print(1)\n");
    put(&t, "config/.env", "SECRET=1\n");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" END "--\n"
                     "Dockerfile:3: note: [dockerignore] COPY . . would ship `config/.env`, which "
                     "git tracks: not excluded, since that would change what a build from a clean "
                     "checkout ships; if it holds a secret, take it out of the repository\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* Secrets no source takes are not sent: nothing to exclude (the COPYs are
 * narrow). A tracked one a COPY of its directory takes is a note. */
static void test_secret_not_shipped(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM nginx\nCOPY certs/ /etc/nginx/certs/\nCOPY site/ /usr/share/nginx/html/\n");
    put(&t, "certs/server.key", "k\n");
    put(&t, "certs/server.crt", "c\n");
    put(&t, "site/index.html", "<p>\n");
    put(&t, "id_rsa", "k\n");
    put(&t, "id_rsa.pub", "k\n");
    put(&t, ".aws/credentials", "[default]\n");
    put(&t, ".env.example", "SECRET=\n");
    put(&t, ".env.local", "SECRET=1\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:2: note: [dockerignore] COPY certs/ /etc/nginx/certs/ would ship "
           "`certs/server.key`, which git tracks: not excluded, since that would change what a "
           "build from a clean checkout ships; if it holds a secret, take it out of the "
           "repository\n"
           "files after: 3\n");
    repo_free(&t);
    /* `COPY . .`: the untracked ones go, the template stays */
    repo_init(&t);
    put(&t, "Dockerfile", "FROM nginx\nCOPY . /usr/share/nginx/html/\n");
    put(&t, "site/index.html", "<p>\n");
    put(&t, "id_rsa", "k\n");
    put(&t, "id_rsa.pub", "k\n");
    put(&t, ".aws/credentials", "[default]\n");
    put(&t, ".env.example", "SECRET=\n");
    put(&t, ".env.local", "SECRET=1\n");
    static const char *const untracked[] = {"id_rsa", "id_rsa.pub", ".aws/credentials",
                                            ".env.local", NULL};
    repo_commit_except(&t, untracked, NULL);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" SECRETS ".env.local\n"
                     "id_rsa*\n"
                     ".aws\n" END "--\n"
                     "Dockerfile:2: note: [dockerignore] COPY . /usr/share/nginx/html/ would ship "
                     "`.aws`, `.env.local`, `id_rsa` and `id_rsa.pub`, which git does not track: "
                     "excluded from the build context (a clean checkout has no such file, so a "
                     "build from one never shipped it)\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* COPYs of single files: the builder is sent those files only, so no
 * ignore file pays; with `COPY . /src` only `.git` goes: the CI files and
 * the Dockerfile are tracked, and a clean checkout ships them. */
static void test_narrow_copies(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM alpine\nCOPY .github/scripts/build.sh /usr/local/bin/\nCOPY Jenkinsfile /x/\n");
    put(&t, ".github/scripts/build.sh", "#!/bin/sh\n");
    put(&t, ".github/workflows/ci.yml", "on: push\n");
    put(&t, "Jenkinsfile", "pipeline {}\n");
    put(&t, ".travis.yml", "language: c\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "--\n"
           "files after: 2\n");
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    expect(&t, "", DF,
           BEGIN VCS ".git\n" END "--\n"
                     "files after: 5\n");
    repo_free(&t);
}

/* A build output the Dockerfile copies (built before `docker build`). */
static void test_prebuilt_output_kept(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM nginx\nCOPY dist/ /usr/share/nginx/html/\n");
    put(&t, "package.json", "{}\n");
    put(&t, ".gitignore", "dist/\nnode_modules/\ncoverage/\n");
    put(&t, "dist/index.html", "<p>\n");
    put(&t, "coverage/lcov.info", "x\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "--\n"
           "dropped: `**/dist` (from .gitignore:1) not added: `COPY dist/ "
           "/usr/share/nginx/html/` (Dockerfile:2) would then find no file for `dist`\n"
           "files after: 1\n");
    /* a server the image runs from dist/, which CI builds before the image */
    put(&t, "Dockerfile",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n"
        "CMD [\"node\", \"dist/server.js\"]\n");
    put(&t, "dist/server.js", "x\n");
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/node_modules\n"
                     "**/coverage\n" END "--\n"
                     "dropped: `**/dist` (from .gitignore:1) not added: line 5 of Dockerfile uses "
                     "`dist/server.js` and no RUN before it produces it (it is made before the "
                     "image is built)\n"
                     "files after: 5\n");
    /* removing it is no use of it */
    put(&t, ".dockerignore", "");
    put(&t, "Dockerfile",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN rm -rf dist && npm ci\n"
        "CMD [\"node\", \"server.js\"]\n");
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/dist\n"
                     "**/node_modules\n"
                     "**/coverage\n" END "--\n"
                     "files after: 4\n");
    /* the image builds dist/ itself: the host's copy need not be sent */
    put(&t, ".dockerignore", "");
    put(&t, "Dockerfile",
        "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
        "CMD [\"node\", \"dist/server.js\"]\n");
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/dist\n"
                     "**/node_modules\n"
                     "**/coverage\n" END "--\n"
                     "files after: 4\n");
    repo_free(&t);
}

/* `out/` is for directories only: a file named out elsewhere is tracked, so
 * the rule becomes "what is below out". */
static void test_dir_only_rule(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".gitignore", "out/\n");
    put(&t, "src/out", "a file named out\n");
    put(&t, "out/bin/app", "elf\n");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/out/**\n" END "--\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* A directory git ignores but that holds a tracked (force-added) file. */
static void test_tracked_file_in_ignored_dir(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".gitignore", "build/\n");
    put(&t, "build/config.json", "{}\n");
    put(&t, "build/out.o", "o\n");
    static const char *const force[] = {"build/config.json", NULL};
    repo_commit_except(&t, NULL, force);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" END "--\n"
                     "dropped: `**/build` (from .gitignore:1) not added: it would also exclude "
                     "`build/config.json`, which git does not ignore\n"
                     "files after: 4\n");
    repo_free(&t);
}

/* Negations keep their order after the rule they refine. */
static void test_negation(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".gitignore", "*.log\n!keep.log\n");
    put(&t, "app.log", "x\n");
    put(&t, "logs/b.log", "x\n");
    put(&t, "keep.log", "kept\n");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/*.log\n"
                     "!**/keep.log\n" END "--\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* Nested .gitignore files: their rules are anchored at their directory. */
static void test_nested_gitignore(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".gitignore", "*.tmp\n");
    put(&t, "sub/.gitignore", "/local/\n*.cache\n!keep.tmp\n");
    put(&t, "a.tmp", "x\n");
    put(&t, "sub/x.tmp", "x\n");
    put(&t, "sub/keep.tmp", "x\n");
    put(&t, "sub/local/y", "x\n");
    put(&t, "sub/deep/z.cache", "x\n");
    put(&t, "local/kept", "not ignored: /local/ is anchored in sub\n");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/*.tmp\n"
                     "sub/local\n"
                     "sub/**/*.cache\n"
                     "!sub/**/keep.tmp\n" END "--\n"
                     "files after: 5\n");
    repo_free(&t);
}

/* A context below the repository root: the root .gitignore applies, its
 * anchored rules relative to the context, and there is no .git. */
static void test_subdir_context(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, ".gitignore", "node_modules\n/svc/generated/\n/other/\n");
    put(&t, "svc/Dockerfile", "FROM golang\nCOPY . /src\n");
    put(&t, "svc/main.go", "package main\n");
    put(&t, "svc/generated/a.go", "package gen\n");
    put(&t, "svc/node_modules/x/i.js", "x\n");
    repo_commit(&t);
    static const char *const df[] = {"svc/Dockerfile", NULL};
    expect(&t, "svc", df,
           BEGIN GIT "**/node_modules\n"
                     "generated\n" END "--\n"
                     "files after: 2\n");
    repo_free(&t);
}

/* A repository checked out inside the work tree: its .git goes, its files
 * stay (git does not list them, they are not ignored). */
static void test_nested_repository(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, "main.c", "int x;\n");
    repo_commit(&t);
    nested_repo(&t, "vendor/lib", "lib.c", "int y;\n");
    expect(&t, "", DF,
           BEGIN VCS "**/.git\n" END "--\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* The files of dir, one a line, as lf_context_open lists them. */
static char *listing(const char *dir)
{
    lf_context c;
    lf_buf err = LF_BUF_INIT, out = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&c, dir, &err), 0);
    lf_buf_printf(&out, "git=%d\n", c.from_git);
    for (size_t i = 0; i < c.nfiles; i++)
        lf_buf_printf(&out, "%s\n", c.files[i]);
    lf_context_free(&c);
    lf_buf_free(&err);
    return lf_buf_detach(&out, NULL);
}

/* The git-ignored files of dir, as the context's scan marks them. */
static char *ignored_listing(const char *dir)
{
    lf_context c;
    lf_buf err = LF_BUF_INIT, out = LF_BUF_INIT;
    lf_context_scan sc = {0};
    assert_int_equal(lf_context_open(&c, dir, &err), 0);
    if (lf_context_scan_all(&c, &sc) != 0 || !sc.git) {
        lf_buf_adds(&out, "no git\n");
    } else {
        lf_buf_printf(&out, "prefix=%s\n", sc.prefix);
        for (size_t i = 0; i < sc.n; i++)
            if (sc.items[i].flags & LF_CE_IGNORED)
                lf_buf_printf(&out, "%s\n", sc.items[i].path);
    }
    lf_context_scan_free(&sc);
    lf_context_free(&c);
    lf_buf_free(&err);
    return lf_buf_detach(&out, NULL);
}

/* Within lf_context_cache_begin/end the repository is reused from one
 * context to the next: every listing must be what an uncached open gives,
 * also for a nested repository (its own files, not the outer ones), a
 * directory outside any repository, and after the work tree changed. */
static void test_context_cache(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, ".gitignore", "*.log\n");
    put(&t, "Dockerfile", "FROM alpine\n");
    put(&t, "svc/Dockerfile", "FROM alpine\n");
    put(&t, "svc/main.go", "package main\n");
    put(&t, "svc/debug.log", "x\n");
    put(&t, "svcx/other.go", "package other\n");
    repo_commit(&t);
    put(&t, "svc/new.go", "package main\n"); /* untracked */
    nested_repo(&t, "vendor/lib", "lib.c", "int y;\n");
    put(&t, "vendor/lib/trace.log", "x\n");
    char *outside = lf_test_tmpdir();
    assert_non_null(outside);
    char p[8448];
    snprintf(p, sizeof p, "%s/f.txt", outside);
    assert_int_equal(lf_test_write_file(p, "x", 1), 0);

    /* (at() returns one of 4 rotating buffers) */
    char *dirs[] = {strdup(at(&t, "svc")), strdup(at(&t, "vendor/lib")), strdup(at(&t, "svc")),
                    strdup(outside),       strdup(at(&t, "")),           strdup(at(&t, "svcx"))};
    char *plain[6], *plain_ign[6];
    for (size_t i = 0; i < 6; i++) {
        plain[i] = listing(dirs[i]);
        plain_ign[i] = ignored_listing(dirs[i]);
    }
    assert_string_equal(plain[0], "git=1\nDockerfile\nmain.go\nnew.go\n");
    /* the outer .gitignore does not apply inside the nested repository */
    assert_string_equal(plain[1], "git=1\nlib.c\ntrace.log\n");
    assert_string_equal(plain_ign[0], "prefix=svc\ndebug.log\n");
    assert_string_equal(plain_ign[1], "prefix=\n");
    assert_string_equal(plain[3], "git=0\nf.txt\n");
    assert_string_equal(plain[5], "git=1\nother.go\n");

    lf_context_cache_begin();
    for (size_t i = 0; i < 6; i++) {
        char *a = listing(dirs[i]), *b = ignored_listing(dirs[i]);
        assert_string_equal(a, plain[i]);
        assert_string_equal(b, plain_ign[i]);
        free(a);
        free(b);
    }
    /* the work tree changes between two contexts: listings follow it */
    put(&t, "svc/later.go", "package main\n");
    assert_int_equal(unlink(at(&t, "svc/main.go")), 0);
    char *a = listing(at(&t, "svc"));
    assert_string_equal(a, "git=1\nDockerfile\nlater.go\nnew.go\n");
    free(a);
    lf_context_cache_end();

    for (size_t i = 0; i < 6; i++) {
        free(plain[i]);
        free(plain_ign[i]);
        free(dirs[i]);
    }
    lf_test_rmtree(outside);
    free(outside);
    repo_free(&t);
}

/* Symlinks are files of the context (not followed); an ignored one goes. */
static void test_symlinks(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".gitignore", "current\n");
    put(&t, "releases/v1/app", "x\n");
    put_link(&t, "latest", "releases/v1");
    put_link(&t, "current", "releases/v1");
    put_link(&t, "dangling", "nowhere");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/current\n" END "--\n"
                     "files after: 5\n");
    repo_free(&t);
}

/* The user's exception is never overridden. */
static void test_user_exception(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".dockerignore", "!.idea/runConfigurations\n*.log\n");
    put(&t, ".idea/runConfigurations/app.xml", "<x/>\n");
    put(&t, ".idea/workspace.xml", "<x/>\n");
    put(&t, ".gitignore", "*.log\n!keep.log\n");
    put(&t, "keep.log", "x\n");
    put(&t, "a.log", "x\n");
    static const char *const untracked[] = {".idea/runConfigurations/app.xml",
                                            ".idea/workspace.xml", NULL};
    repo_commit_except(&t, untracked, NULL);
    expect(&t, "", DF,
           "!.idea/runConfigurations\n"
           "*.log\n" BEGIN VCS ".git\n" END "--\n"
           "dropped: `.idea` not added: it would exclude `.idea/runConfigurations/app.xml`, which "
           "the existing file keeps with `!.idea/runConfigurations` (line 1)\n"
           "dropped: `!**/keep.log` (from .gitignore:2) not added: it would re-include `keep.log`, "
           "which the existing file excludes\n"
           "files after: 5\n");
    repo_free(&t);
}

/* A file BuildKit refuses: nothing proposed, a note says why. */
static void test_invalid_existing(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".dockerignore", "ok\n[z\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "ok\n"
           "[z\n"
           "--\n"
           ".dockerignore: note: [dockerignore] BuildKit cannot use this ignore file (line 2: "
           "`[z`: syntax error in pattern): nothing proposed\n"
           "files after: 0\n");
    repo_free(&t);
}

/* Bind mounts read the context too; --from sources do not (and send
 * nothing: `.git` is not sent, so no rule for it). */
static void test_bind_mount_and_from(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM alpine AS build\nRUN --mount=type=bind,source=ci,target=/c cat /c/config.yml\n"
        "COPY --from=build /.github /x\nFROM build\nCOPY --from=build /out /out\n");
    put(&t, "ci/config.yml", "version: 2\n");
    put(&t, "ci/run.log", "x\n");
    put(&t, ".gitignore", "*.log\n");
    put(&t, ".github/workflows/ci.yml", "on: push\n");
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN GIT "**/*.log\n" END "--\n"
                     "files after: 1\n");
    repo_free(&t);
}

/* A build that reads git metadata from the copied context keeps .git. */
static void test_git_metadata_needed(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile",
        "FROM python:3.12\nCOPY . /src\nRUN cd /src && git describe --tags > VERSION\n");
    put(&t, "setup.py", "x\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:3: note: [dockerignore] `.git` stays in the build context: this "
           "instruction reads git metadata (git describe --tags) from the copy that `COPY . /src` "
           "makes\n"
           "files after: 2\n");
    /* a clone's own git commands do not read the context's .git */
    put(&t, "Dockerfile",
        "FROM python:3.12\nCOPY . /src\nRUN git clone https://example.com/x.git /opt/x && "
        "cd /opt/x && git checkout v1\nWORKDIR /opt/x\nRUN git log -1\n");
    expect(&t, "", DF, BEGIN VCS ".git\n" END "--\nfiles after: 2\n");
    unlink(at(&t, ".dockerignore"));
    /* the command runs git in the copied tree */
    put(&t, "Dockerfile",
        "FROM alpine\nWORKDIR /src\nCOPY . .\nCMD [\"sh\", \"-c\", \"git rev-parse HEAD && "
        "exec ./app\"]\n");
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:4: note: [dockerignore] `.git` stays in the build context: this "
           "instruction reads git metadata (git rev-parse HEAD) from the copy that `COPY . .` "
           "makes\n"
           "files after: 2\n");
    /* a script of the context that the image runs */
    put(&t, "scripts/version.sh", "#!/bin/sh\n# git is needed\nv=$(git describe --always)\n");
    put(&t, "Dockerfile",
        "FROM alpine\nWORKDIR /src\nCOPY . .\nRUN sh scripts/version.sh > VERSION\n");
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:4: note: [dockerignore] `.git` stays in the build context: this "
           "instruction reads git metadata (`scripts/version.sh`, which runs `git describe "
           "--always`) from the copy that `COPY . .` makes\n"
           "files after: 3\n");
    /* a Python project whose version comes from git */
    unlink(at(&t, "scripts/version.sh"));
    put(&t, "pyproject.toml", "[build-system]\nrequires = [\"setuptools_scm\"]\n");
    put(&t, "Dockerfile", "FROM python:3.12\nWORKDIR /src\nCOPY . .\nRUN pip install .\n");
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:4: note: [dockerignore] `.git` stays in the build context: this "
           "instruction reads git metadata (the build of `.`, whose `pyproject.toml` uses "
           "setuptools_scm) from the copy that `COPY . .` makes\n"
           "files after: 3\n");
    /* a COPY that names .git */
    put(&t, "Dockerfile", "FROM alpine\nCOPY setup.py /src/\nCOPY .git /src/.git\n");
    expect(&t, "", DF,
           "--\n"
           "Dockerfile:3: note: [dockerignore] `.git` stays in the build context: `COPY .git "
           "/src/.git` copies it\n"
           "files after: 1\n");
    repo_free(&t);
}

/* .npmrc is a secret only when it holds credentials. */
static void test_npmrc(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM node\nCOPY package.json .npmrc ./\nRUN npm ci\nCOPY . .\n");
    put(&t, "package.json", "{}\n");
    put(&t, ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
    put(&t, "tools/.npmrc", "registry=https://example.com\n");
    put(&t, "tools/a/.npmrc", "_authToken=abc\n");
    put(&t, "src/i.js", "x\n");
    static const char *const untracked[] = {"tools/a/.npmrc", NULL};
    repo_commit_except(&t, untracked, NULL);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" SECRETS "tools/a/.npmrc\n" END "--\n"
                     "Dockerfile:4: note: [dockerignore] COPY . . would ship `tools/a/.npmrc`, "
                     "which git does not track: excluded from the build context (a clean checkout "
                     "has no such file, so a build from one never shipped it)\n"
                     "files after: 5\n");
    repo_free(&t);
}

/* node_modules is not on disk (a fresh clone): proposed anyway, since the
 * project has a package.json; unless a COPY names it. */
static void test_ecosystem_dir_absent(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n");
    put(&t, "package.json", "{}\n");
    put(&t, ".gitignore", "node_modules\n.venv/\n");
    repo_commit(&t);
    run r;
    run_pass(&t, "", DF, &r);
    /* not on disk: named all the same, its changes no longer count */
    assert_int_equal(r.res.quiet.n, 2);
    assert_string_equal(r.res.quiet.items[1].s, "node_modules");
    run_free(&r);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" GIT "**/node_modules\n" END "--\n"
                     "files after: 3\n");
    put(&t, "Dockerfile",
        "FROM node\nCOPY package.json ./\nCOPY node_modules/ node_modules/\nCOPY . .\n");
    put(&t, ".dockerignore", "");
    expect(&t, "", DF,
           BEGIN VCS ".git\n" END "--\n"
                     "dropped: `**/node_modules` (from .gitignore:1) not added: `COPY "
                     "node_modules/ node_modules/` (Dockerfile:3) copies from it\n"
                     "files after: 4\n");
    repo_free(&t);
}

/* Several Dockerfiles and compose files; one Dockerfile with its own
 * ignore file is not part of the context's group. */
static void test_several_dockerfiles(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, "docker/api.Dockerfile", "FROM alpine\nCOPY api/ /api\n");
    put(&t, "docker/worker.Dockerfile", "FROM alpine\nCOPY worker/ /w\n");
    put(&t, "docker/worker.Dockerfile.dockerignore", "*\n!worker\n");
    put(&t, "docker-compose.yml", "services: {}\n");
    put(&t, "compose.override.yaml", "services: {}\n");
    put(&t, "api/main.go", "package main\n");
    put(&t, "worker/main.go", "package main\n");
    repo_commit(&t);
    static const char *const dfs[] = {"Dockerfile", "docker/api.Dockerfile", NULL};
    expect(&t, "", dfs,
           BEGIN VCS ".git\n" END "--\n"
                     "files after: 8\n");
    lf_buf p = LF_BUF_INIT;
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&ctx, t.dir, &err), 0);
    lf_parser *ps = lf_parser_new();
    lf_source *src;
    assert_int_equal(lf_source_read_file(&src, at(&t, "docker/worker.Dockerfile"), &err), 0);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, ps, src), 0);
    assert_int_equal(lf_context_ignore_path(&ctx, doc->src->path, &p), 1);
    assert_string_equal(p.data, at(&t, "docker/worker.Dockerfile.dockerignore"));
    lf_doc_free(doc);
    lf_parser_free(ps);
    lf_context_free(&ctx);
    lf_buf_free(&err);
    lf_buf_free(&p);
    repo_free(&t);
}

/* The existing file excludes what a .gitignore exception would bring back. */
static void test_existing_excludes_negated(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, ".dockerignore", "keep.log\n");
    put(&t, ".gitignore", "*.log\n!keep.log\n");
    put(&t, "a.log", "x\n");
    put(&t, "keep.log", "x\n");
    repo_commit(&t);
    expect(&t, "", DF,
           "keep.log\n" BEGIN VCS ".git\n" GIT "**/*.log\n" END "--\n"
           "dropped: `!**/keep.log` (from .gitignore:2) not added: it would re-include `keep.log`, "
           "which the existing file excludes\n"
           "files after: 3\n");
    repo_free(&t);
}

/* Untracked files that git does not ignore stay; editor files go. */
static void test_untracked_and_editor(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /src\n");
    put(&t, "main.c", "int x;\n");
    put(&t, "notes.txt", "untracked\n");
    put(&t, ".idea/workspace.xml", "<x/>\n");
    put(&t, "src/.DS_Store", "x");
    put(&t, "main.c.swp", "x");
    static const char *const untracked[] = {"notes.txt", ".idea/workspace.xml", "src/.DS_Store",
                                            "main.c.swp", NULL};
    repo_commit_except(&t, untracked, NULL);
    expect(&t, "", DF,
           BEGIN VCS ".git\n"
                     ".idea\n"
                     "*.swp\n"
                     "**/.DS_Store\n" END "--\n"
                     "files after: 3\n");
    repo_free(&t);
}

/* A build context that is not in a git repository: file list from disk,
 * sizes exact. */
static void test_plain_directory(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    repo t = {.dir = dir};
    put(&t, "Dockerfile", "FROM alpine\nCOPY . /app\n");
    put(&t, "app.sh", "echo hi\n");
    put(&t, ".env", "A=1\n");
    put(&t, ".vscode/settings.json", "{}\n");
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&ctx, dir, &err), 0);
    assert_false(ctx.from_git);
    lf_parser *p = lf_parser_new();
    lf_source *src;
    assert_int_equal(lf_source_read_file(&src, at(&t, "Dockerfile"), &err), 0);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, p, src), 0);
    lf_dockerignore_result res = {0};
    const lf_doc *docs[] = {doc};
    assert_int_equal(lf_dockerignore_propose(&res, &ctx, docs, NULL, 1, NULL, 0), 0);
    /* without git nothing tells what a checkout has: no rule, a note */
    assert_false(res.changed);
    assert_string_equal(res.text, "");
    assert_int_equal(res.nnotes, 1);
    assert_string_equal(res.notes[0].msg,
                        "COPY . /app would ship `.env`, which may be part of the project: not "
                        "excluded, since that would change what a build from a clean checkout "
                        "ships; if it holds a secret, take it out of the repository");
    assert_int_equal(res.before.files, 4);
    assert_int_equal(res.before.bytes, 24 + 8 + 4 + 3);
    assert_int_equal(res.after.files, 4);
    lf_buf rep = LF_BUF_INIT;
    lf_dockerignore_format_report(&res, "ctx", &rep);
    assert_string_equal(rep.data, "build context ctx: 4 files, 39 B -> 4 files, 39 B\n");
    lf_buf_free(&rep);
    lf_dockerignore_result_free(&res);
    lf_doc_free(doc);
    lf_parser_free(p);
    lf_context_free(&ctx);
    lf_buf_free(&err);
    lf_test_rmtree(dir);
    free(dir);
}

/* A bind mount of the whole context hands a secret to a RUN: a note too. */
static void test_secret_mounted(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(&t, "Dockerfile", "FROM alpine\nRUN --mount=type=bind,target=/src cp -r /src /app\n");
    put(&t, "main.sh", "echo\n");
    put(&t, "server.pem", "-----BEGIN EC PRIVATE KEY-----\n");
    put(&t, "ca.pem", "-----BEGIN CERTIFICATE-----\n"); /* public: no note */
    repo_commit(&t);
    expect(&t, "", DF,
           BEGIN VCS ".git\n" END "--\n"
                     "Dockerfile:2: note: [dockerignore] RUN --mount=type=bind,target=/src cp -r "
                     "/src /app would mount `server.pem`, which git tracks: not excluded, since "
                     "that would change what a build from a clean checkout ships; if it holds a "
                     "secret, take it out of the repository\n"
                     "files after: 4\n");
    repo_free(&t);
}

/* --- golden cases: corpus/dockerignore/<case>/ ------------------------------------ */

/* Case files that describe the case rather than belong to the context. */
static bool is_case_file(const char *rel)
{
    return strcmp(rel, "README") == 0 || strcmp(rel, "expected.dockerignore") == 0 ||
           strcmp(rel, "expected.notes") == 0 || strcmp(rel, "setup") == 0;
}

/* Copies the case directory into the repository: `gitignore` (any depth)
 * becomes `.gitignore`, a top-level `dockerignore` becomes `.dockerignore`. */
static void copy_case(const repo *t, const char *src, const char *rel)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", src, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char from_rel[4096], to_rel[4096], from[8300];
        snprintf(from_rel, sizeof from_rel, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(from, sizeof from, "%s/%s", src, from_rel);
        const char *name = e->d_name;
        if (strcmp(name, "gitignore") == 0)
            name = ".gitignore";
        else if (!*rel && strcmp(name, "dockerignore") == 0)
            name = ".dockerignore";
        snprintf(to_rel, sizeof to_rel, "%s%s%s", rel, *rel ? "/" : "", name);
        struct stat st;
        assert_int_equal(lstat(from, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            copy_case(t, src, from_rel);
        } else if (!*rel && is_case_file(e->d_name)) {
            continue;
        } else {
            size_t len;
            char *data = lf_test_read_file(from, &len);
            assert_non_null(data);
            const char *p = at(t, to_rel);
            mkdirs_for(p);
            assert_int_equal(lf_test_write_file(p, data, len), 0);
            free(data);
        }
    }
    closedir(d);
}

/* `\n` in a setup argument is a newline. */
static char *unescape(const char *s)
{
    lf_buf b = LF_BUF_INIT;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
            lf_buf_addc(&b, '\n');
            s++;
        } else {
            lf_buf_addc(&b, *s);
        }
    }
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

/*
 * One golden case. The optional `setup` file has one command a line:
 *   write PATH TEXT      a file made by the test (dotfiles, secrets: kept out
 *                        of the source tree); `\n` in TEXT is a newline
 *   symlink PATH TARGET  a symbolic link
 *   untracked PATH       left out of the commit
 *   force PATH           committed although git ignores it
 *   nested DIR FILE      DIR is a repository of its own holding FILE
 *   dockerfile PATH      a Dockerfile of the group (default: Dockerfile)
 *   context DIR          the build context (default: the root)
 */
static void run_case(const char *name)
{
    char src[4096];
    snprintf(src, sizeof src, "%s/%s", lf_test_source_path("corpus/dockerignore"), name);
    repo t;
    repo_init(&t);
    copy_case(&t, src, "");
    typedef struct cmd {
        char name[32], a[1024], b[2048];
    } cmd;
    cmd cmds[64];
    size_t nc = 0;
    char setup_path[4200];
    snprintf(setup_path, sizeof setup_path, "%s/setup", src);
    char *setup = lf_test_read_file(setup_path, NULL);
    for (char *line = setup ? strtok(setup, "\n") : NULL; line && nc < 64;
         line = strtok(NULL, "\n")) {
        cmd *c = &cmds[nc++];
        c->b[0] = 0;
        assert_true(sscanf(line, "%31s %1023s %2047[^\n]", c->name, c->a, c->b) >= 2);
    }
    free(setup);
    const char *untracked[65] = {0}, *force[65] = {0}, *dfs[9] = {0};
    size_t nu = 0, nf = 0, nd = 0;
    const char *ctx_rel = "";
    const cmd *nested = NULL;
    for (size_t i = 0; i < nc; i++) {
        const cmd *c = &cmds[i];
        if (strcmp(c->name, "write") == 0) {
            char *text = unescape(c->b);
            put(&t, c->a, text);
            free(text);
        } else if (strcmp(c->name, "symlink") == 0) {
            put_link(&t, c->a, c->b);
        } else if (strcmp(c->name, "untracked") == 0) {
            untracked[nu++] = c->a;
        } else if (strcmp(c->name, "force") == 0) {
            force[nf++] = c->a;
        } else if (strcmp(c->name, "nested") == 0) {
            nested = c;
        } else if (strcmp(c->name, "dockerfile") == 0 && nd < 8) {
            dfs[nd++] = c->a;
        } else if (strcmp(c->name, "context") == 0) {
            ctx_rel = c->a;
        } else {
            fail_msg("%s: unknown setup command %s", name, c->name);
        }
    }
    if (nd == 0)
        dfs[nd++] = "Dockerfile";
    repo_commit_except(&t, untracked, force);
    if (nested) {
        /* after the outer commit: the outer repository does not track it */
        nested_repo(&t, nested->a, nested->b, "nested\n");
    }
    /* the expected ignore file and, after "--", the notes and dropped rules */
    char want_path[4200], notes_path[4200];
    snprintf(want_path, sizeof want_path, "%s/expected.dockerignore", src);
    snprintf(notes_path, sizeof notes_path, "%s/expected.notes", src);
    char *want_text = lf_test_read_file(want_path, NULL);
    assert_non_null(want_text);
    char *want_notes = lf_test_read_file(notes_path, NULL);
    run r;
    run_pass(&t, ctx_rel, dfs, &r);
    const char *sep = strstr(r.shown, "--\n");
    /* the shown text escapes CRs: compare the raw text instead */
    if (strcmp(r.res.text, want_text) != 0)
        print_message("%s: got:\n%s\nwant:\n%s\n", name, r.res.text, want_text);
    assert_string_equal(r.res.text, want_text);
    lf_buf notes = LF_BUF_INIT;
    lf_buf_adds(&notes, sep + 3);
    /* drop the count line: the cases pin the text and the notes */
    char *cl = strstr(notes.data, "files after: ");
    *cl = 0;
    if (strcmp(notes.data, want_notes ? want_notes : "") != 0)
        print_message("%s: notes:\n%s\nwant:\n%s\n", name, notes.data,
                      want_notes ? want_notes : "");
    assert_string_equal(notes.data, want_notes ? want_notes : "");
    /* an existing dockerignore equal to the expected one: must not change */
    char old_path[4200];
    snprintf(old_path, sizeof old_path, "%s/dockerignore", src);
    char *old = lf_test_read_file(old_path, NULL);
    /* the expected text is the existing one (or empty with none): no change */
    if (strcmp(old ? old : "", want_text) == 0)
        assert_false(r.res.changed);
    if (r.res.changed) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s.dockerignore", ctx_rel, *ctx_rel ? "/" : "");
        put(&t, p, r.res.text);
        run again;
        run_pass(&t, ctx_rel, dfs, &again);
        assert_false(again.res.changed);
        run_free(&again);
    }
    free(old);
    lf_buf_free(&notes);
    run_free(&r);
    free(want_text);
    free(want_notes);
    repo_free(&t);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_golden(void **state)
{
    (void)state;
    const char *dir = lf_test_source_path("corpus/dockerignore");
    char base[4096];
    snprintf(base, sizeof base, "%s", dir);
    DIR *d = opendir(base);
    assert_non_null(d);
    char *names[128];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 128)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        print_message("case %s\n", names[i]);
        run_case(names[i]);
        free(names[i]);
    }
    assert_true(n >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_node_project),
        cmocka_unit_test(test_existing_crlf),
        cmocka_unit_test(test_existing_block_extended),
        cmocka_unit_test(test_secret_shipped),
        cmocka_unit_test(test_secret_not_shipped),
        cmocka_unit_test(test_narrow_copies),
        cmocka_unit_test(test_prebuilt_output_kept),
        cmocka_unit_test(test_dir_only_rule),
        cmocka_unit_test(test_tracked_file_in_ignored_dir),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_nested_gitignore),
        cmocka_unit_test(test_subdir_context),
        cmocka_unit_test(test_nested_repository),
        cmocka_unit_test(test_context_cache),
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_user_exception),
        cmocka_unit_test(test_invalid_existing),
        cmocka_unit_test(test_bind_mount_and_from),
        cmocka_unit_test(test_git_metadata_needed),
        cmocka_unit_test(test_npmrc),
        cmocka_unit_test(test_ecosystem_dir_absent),
        cmocka_unit_test(test_several_dockerfiles),
        cmocka_unit_test(test_existing_excludes_negated),
        cmocka_unit_test(test_untracked_and_editor),
        cmocka_unit_test(test_plain_directory),
        cmocka_unit_test(test_secret_mounted),
        cmocka_unit_test(test_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
