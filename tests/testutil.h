/*
 * Helpers shared by the cmocka test programs: paths of the source tree and of
 * ../shared, file reading, and the skip rule for tests that need ../shared.
 * cmocka must be included after the standard headers it needs.
 */
#ifndef LF_TESTUTIL_H
#define LF_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model.h"

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
/* A fresh temporary directory (mkdtemp); caller removes it with lf_test_rmtree. */
char *lf_test_tmpdir(void);
void lf_test_rmtree(const char *path);
/* Runs argv (argv[0] is a path), feeding stdin_data, capturing stdout/stderr into
 * malloc'd strings (may be NULL to ignore). Returns the exit status, or -1. */
int lf_test_run(char *const argv[], const char *stdin_data, char **out, char **err);

/* One parser for the tests of a program: pass lf_test_parser_setup and
 * lf_test_parser_teardown as the group setup and teardown. */
extern lf_parser *lf_test_parser;
int lf_test_parser_setup(void **state);
int lf_test_parser_teardown(void **state);

#endif
