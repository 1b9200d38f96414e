/*
 * Build contexts from evidence (rewrite/project/contexts.c and the readers
 * behind it), scenario by scenario in temporary libgit2 repositories: each
 * evidence source (--context, .layerfix.yml, compose with .env / include /
 * extends, bake, GitHub Actions workflows, GitLab CI, Makefiles, shell
 * scripts, a build from stdin, COPY sources, the guess) gives the list of
 * contexts with the evidence that lf_builds_contexts_for reports.
 */
#include "testutil.h"

#include "compose.h"
#include "config.h"
#include "contexts.h"
#include "discover.h"

#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------------------- */

typedef struct repo {
    char *dir;
    git_repository *r;
    char cwd[PATH_MAX];
} repo;

static void put(const char *dir, const char *rel, const char *text)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(p, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

static void repo_init(repo *t)
{
    git_libgit2_init();
    t->dir = lf_test_tmpdir();
    assert_non_null(t->dir);
    assert_int_equal(git_repository_init(&t->r, t->dir, 0), 0);
    assert_non_null(getcwd(t->cwd, sizeof t->cwd));
}

static void repo_free(repo *t)
{
    assert_int_equal(chdir(t->cwd), 0);
    git_repository_free(t->r);
    lf_test_rmtree(t->dir);
    free(t->dir);
    git_libgit2_shutdown();
}

/* `git add -A && git commit`, then cd into the work tree. */
static void repo_commit(repo *t)
{
    git_index *idx;
    assert_int_equal(git_repository_index(&idx, t->r), 0);
    char *all = "*";
    git_strarray spec = {&all, 1};
    assert_int_equal(git_index_add_all(idx, &spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL), 0);
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
    assert_int_equal(chdir(t->dir), 0);
}

/* The contexts of dockerfile as one string: "CONTEXT <- DESCRIPTION" per
 * entry, joined with " | " (a build from stdin shows "(none)"). */
static char *contexts_of(const lf_builds *b, const char *dockerfile)
{
    lf_context_list l = {0};
    lf_builds_contexts_for(b, dockerfile, &l);
    lf_buf s = LF_BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            lf_buf_adds(&s, " | ");
        lf_buf_printf(&s, "%s <- ", l.items[i].context ? l.items[i].context : "(none)");
        lf_evidence_describe(&l.items[i], &s);
    }
    lf_context_list_free(&l);
    return lf_buf_detach(&s, NULL);
}

#define EXPECT_CONTEXTS(b, dockerfile, want)                                                       \
    do {                                                                                           \
        char *got_ = contexts_of((b), (dockerfile));                                               \
        if (strcmp(got_, (want)) != 0)                                                             \
            fail_msg("%s:\n  got  %s\n  want %s", (dockerfile), got_, (want));                     \
        free(got_);                                                                                \
    } while (0)

/* Discovery with no PATH in the current directory (the repository), with
 * cfg when given. */
static void discover(lf_strv *files, lf_builds *b, const lf_config *cfg)
{
    lf_buf err = LF_BUF_INIT;
    int failed = lf_discover_all(files, b, NULL, 0, cfg, &err);
    if (failed || err.len)
        fail_msg("discovery failed: %s", lf_buf_cstr(&err));
    lf_buf_free(&err);
}

static bool has(const lf_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i].s, s) == 0)
            return true;
    return false;
}

/* --- 1. the command line and .layerfix.yml ---------------------------------------------- */

static void test_override_and_config(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    put(t.dir, "services/api/Dockerfile", "FROM a\nCOPY . .\n");
    put(t.dir, "tools/Dockerfile", "FROM a\n");
    put(t.dir, "shared/lib.txt", "x\n");
    put(t.dir, "compose.yaml", "services:\n  api:\n    build: services/api\n");
    put(t.dir, ".layerfix.yml",
        "contexts:\n"
        "  services/api/Dockerfile: .\n"
        "  tools/Dockerfile: [tools, shared]\n");
    repo_commit(&t);
    lf_config cfg;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_config_load(&cfg, ".layerfix.yml", &err), 0);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, &cfg);
    /* the configuration wins over the compose file */
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", ". <- .layerfix.yml:2");
    EXPECT_CONTEXTS(&b, "tools/Dockerfile", "tools <- .layerfix.yml:3 | shared <- .layerfix.yml:3");
    /* the old entry point sees the configuration's first context */
    const lf_build_ref *r = lf_builds_context_for(&b, "tools/Dockerfile");
    assert_non_null(r);
    assert_string_equal(r->context, "tools");
    /* --context wins over everything */
    lf_builds_set_override(&b, "shared");
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", "shared <- --context");
    EXPECT_CONTEXTS(&b, "tools/Dockerfile", "shared <- --context");
    lf_builds_set_override(&b, NULL);
    EXPECT_CONTEXTS(&b, "services/api/Dockerfile", ". <- .layerfix.yml:2");
    lf_strv_free(&files);
    lf_builds_free(&b);
    lf_config_free(&cfg);
    lf_buf_free(&err);
    repo_free(&t);
}

/* --- 5. COPY sources and 6. the guess ------------------------------------------------------ */

static void test_copy_sources(void **state)
{
    (void)state;
    repo t;
    repo_init(&t);
    /* the sources are at the repository root, not beside the Dockerfile */
    put(t.dir, "docker/app/Dockerfile",
        "FROM a AS build\n"
        "COPY go.mod go.sum ./\n"
        "COPY cmd/ ./cmd/\n"
        "COPY --from=build /out /out\n"
        "COPY [\"internal/*.go\", \"/src/\"]\n"
        "COPY $GENERATED /gen\n"
        "ADD https://example.com/x.tgz /x\n"
        "COPY dist/app.jar /app.jar\n");
    put(t.dir, "go.mod", "module x\n");
    put(t.dir, "go.sum", "\n");
    put(t.dir, "cmd/main.go", "package main\n");
    put(t.dir, "internal/a.go", "package internal\n");
    /* a nearer ancestor that has the sources wins over the root */
    put(t.dir, "svc/one/Dockerfile", "FROM a\nCOPY lib/ /lib/\nCOPY one/run.sh /\n");
    put(t.dir, "svc/lib/x.txt", "x\n");
    put(t.dir, "svc/one/run.sh", "#!/bin/sh\n");
    /* sources beside the Dockerfile: its directory, still a guess */
    put(t.dir, "web/Dockerfile", "FROM a\nCOPY index.html /srv/\nCOPY . /app\n");
    put(t.dir, "web/index.html", "<p>\n");
    /* nothing to go by */
    put(t.dir, "base/Dockerfile", "FROM a\nRUN true\n");
    /* sources nobody has */
    put(t.dir, "gen/Dockerfile", "FROM a\nCOPY build/out /out\n");
    repo_commit(&t);
    lf_strv files = LF_STRV_INIT;
    lf_builds b = {0};
    discover(&files, &b, NULL);
    assert_int_equal(files.n, 5);
    assert_true(has(&files, "docker/app/Dockerfile"));
    EXPECT_CONTEXTS(&b, "docker/app/Dockerfile", ". <- COPY sources (docker/app/Dockerfile:2)");
    EXPECT_CONTEXTS(&b, "svc/one/Dockerfile", "svc <- COPY sources (svc/one/Dockerfile:2)");
    EXPECT_CONTEXTS(&b, "web/Dockerfile", "web <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "base/Dockerfile", "base <- guess: the Dockerfile's directory");
    EXPECT_CONTEXTS(&b, "gen/Dockerfile", "gen <- guess: the Dockerfile's directory");
    /* from a subdirectory, the paths stay relative to it */
    assert_int_equal(chdir("docker"), 0);
    EXPECT_CONTEXTS(NULL, "app/Dockerfile", ".. <- COPY sources (app/Dockerfile:2)");
    /* an unreadable Dockerfile: the guess */
    EXPECT_CONTEXTS(NULL, "app/missing.Dockerfile", "app <- guess: the Dockerfile's directory");
    lf_strv_free(&files);
    lf_builds_free(&b);
    repo_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_override_and_config),
        cmocka_unit_test(test_copy_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
