/*
 * Helpers shared by the cmocka test programs: paths of the source tree and of
 * ../shared, file reading, and the skip rule for tests that need ../shared.
 * cmocka must be included after the standard headers it needs.
 */
#ifndef LF_TESTUTIL_H
#define LF_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model.h"
#include "pass.h"
#include "passes.h"
#include "pipeline.h"
#include "unit.h"

/* Reads a whole file; returns NULL when it cannot be read. Caller frees. */
char *lf_test_read_file(const char *path, size_t *len_out);
/* Writes a whole file (creating parent dirs is the caller's job); 0 on success. */
int lf_test_write_file(const char *path, const void *data, size_t len);
/* LF_SHARED_DIR joined with rel, in a static buffer (valid until the next call). */
const char *lf_test_shared_path(const char *rel);
/* LF_SOURCE_DIR joined with rel, in a static buffer (valid until the next call). */
const char *lf_test_source_path(const char *rel);
/* 1 when ../shared exists. Tests that need it call LF_TEST_NEED_SHARED() first. */
int lf_test_have_shared(void);
#define LF_TEST_NEED_SHARED()                                                                      \
    do {                                                                                           \
        if (!lf_test_have_shared()) {                                                              \
            print_message("skipped: %s not found (the reference corpora live beside the "          \
                          "project's root)\n",                                                     \
                          LF_SHARED_DIR);                                                          \
            skip();                                                                                \
        }                                                                                          \
    } while (0)
/* Writes text to dir/rel, creating the directories on the way (asserts). */
void lf_test_put(const char *dir, const char *rel, const char *text);
/* A git repository in a fresh temporary directory, for tests of what
 * layerfix reads from git: init, `git add -A && git commit` (libgit2), and
 * free (back to the directory it started in, the repository removed). */
typedef struct lf_test_repo {
    char *dir;
    struct git_repository *r;
    char cwd[4096];
} lf_test_repo;
void lf_test_repo_init(lf_test_repo *t);
void lf_test_repo_commit(lf_test_repo *t);
void lf_test_repo_free(lf_test_repo *t);
/* A fresh temporary directory (mkdtemp); caller removes it with lf_test_rmtree. */
char *lf_test_tmpdir(void);
void lf_test_rmtree(const char *path);
/* Runs argv (argv[0] is a path), feeding stdin_data, capturing stdout/stderr into
 * malloc'd strings (may be NULL to ignore). Returns the exit status, or -1. */
int lf_test_run(char *const argv[], const char *stdin_data, char **out, char **err);

/* One parser for the tests of a program: pass lf_test_parser_setup and
 * lf_test_parser_teardown as the group setup and teardown. */
extern lf_parser *lf_test_parser;

/* An ignore file's result as the engine makes it from the dockerignore
 * pass's proposal (for the tests of the outputs): old NULL for a new file;
 * the change's reason names the rules `added` ("a, b") and the sizes. */
typedef struct lf_test_ignore {
    const char *path, *context_dir;
    const char *old, *new_text;
    const char *added;
    lf_context_size before, after;
} lf_test_ignore;
void lf_test_ignore_result(lf_result *r, const lf_test_ignore *t);
/* Adds a note of pass to r (path NULL: about r's own file). */
void lf_test_result_note(lf_result *r, const char *pass, const char *path, size_t line,
                         const char *msg);

/* Runs the passes named in ids (comma-separated) over the Dockerfile path
 * with the given text, as a build unit in context ctx (u must be freed with
 * lf_unit_free). */
void lf_test_unit(lf_unit *u, lf_context *ctx, const char *path, const char *text, const char *ids);

/* Runs a per-file pass over doc the way the pipeline does (with the
 * analysis of doc). */
int lf_test_pass(lf_pass_fn fn, const lf_doc *doc, lf_ctx *ctx, lf_edits *out);
/* Parses df (named path) with p, runs fn over it in ctx and applies the
 * edits, asserting that each step succeeds; returns the output (malloc'd)
 * and the number of edits in *nedits. */
char *lf_test_apply_pass(lf_pass_fn fn, lf_parser *p, const char *path, const char *df, lf_ctx *ctx,
                         size_t *nedits);
/* Does a note of ctx contain text? Prints them all (for a failure). */
bool lf_test_has_note(const lf_ctx *ctx, const char *text);
void lf_test_dump_notes(const lf_ctx *ctx);
int lf_test_parser_setup(void **state);
int lf_test_parser_teardown(void **state);

#endif
