/*
 * Golden cases: corpus/<pass-id>/<case>/ holds
 *   Dockerfile           the input
 *   expected.Dockerfile  the output of that pass alone (absent: the input must
 *                        stay byte-identical)
 *   PASSES               optional: one line of pass ids (comma-separated) whose
 *                        output expected.Dockerfile is instead, run in table
 *                        order (a case about how two passes combine)
 *   expected.notes       optional: lines "LINE: text", each matching a note
 *                        on that line whose message contains text
 *   README               one line saying what the case proves
 *   anything else        the build context (files the Dockerfile may COPY)
 * A corpus/<folder>/RUNNER file says which test program runs that folder
 * instead (tests/test_ci_cache.c for corpus/ci-cache).
 * For every case: the pass gives the expected output; the output re-parses
 * with no error; running the pass again on the output changes nothing; and
 * running all passes on the input converges (a second run changes nothing).
 */
#include "testutil.h"

#include "context_fs.h"

#include "context.h"
#include "passes.h"
#include "pipeline.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int is_case_meta(const char *rel)
{
    return strcmp(rel, "Dockerfile") == 0 || strcmp(rel, "expected.Dockerfile") == 0 ||
           strcmp(rel, "README") == 0 || strcmp(rel, "expected.notes") == 0 ||
           strcmp(rel, "PASSES") == 0;
}

/* dir + "/" + name, in a static ring of buffers (valid for a few calls). */
static const char *join(const char *dir, const char *name)
{
    static lf_buf ring[8];
    static int next;
    lf_buf *b = &ring[next++ % 8];
    lf_buf_clear(b);
    lf_buf_printf(b, "%s/%s", dir, name);
    return lf_buf_cstr(b);
}

static void add_tree(lf_context *c, const char *abs, const char *rel)
{
    DIR *d = opendir(abs);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *a = strdup(join(abs, e->d_name));
        char *r = strdup(*rel ? join(rel, e->d_name) : e->d_name);
        struct stat st;
        if (lstat(a, &st) == 0 && S_ISDIR(st.st_mode))
            add_tree(c, a, r);
        else if (*rel || !is_case_meta(r))
            lf_context_add(c, r);
        free(a);
        free(r);
    }
    closedir(d);
}

static int run_once(lf_result *res, lf_parser *p, const char *path, const char *data, size_t len,
                    const lf_context *ctx, const bool *enabled)
{
    lf_source *src;
    lf_source_from_bytes(&src, path, data, len);
    lf_options opts = {0};
    return lf_pipeline_run(res, p, src, ctx, &opts, enabled);
}

static int check_case(lf_parser *p, const char *pass_id, const char *dir, const char *name)
{
    int failures = 0;
    char *path = strdup(join(dir, "Dockerfile"));
    size_t in_len, exp_len;
    char *input = lf_test_read_file(path, &in_len);
    if (!input) {
        print_error("%s/%s: no Dockerfile\n", pass_id, name);
        free(path);
        return 1;
    }
    char *readme = lf_test_read_file(join(dir, "README"), NULL);
    if (!readme || !*readme) {
        print_error("%s/%s: no one-line README\n", pass_id, name);
        failures++;
    }
    free(readme);
    char *expected = lf_test_read_file(join(dir, "expected.Dockerfile"), &exp_len);
    if (!expected) {
        expected = malloc(in_len + 1);
        memcpy(expected, input, in_len + 1);
        exp_len = in_len;
    }
    lf_context ctx;
    lf_context_init_fs(&ctx, dir);
    add_tree(&ctx, dir, "");
    lf_context_sort(&ctx);

    bool only[64] = {0}, all[64] = {0};
    const lf_pass *pass = lf_pass_find(pass_id);
    char *list = lf_test_read_file(join(dir, "PASSES"), NULL);
    for (size_t i = 0; i < lf_npasses; i++) {
        only[i] = &lf_passes[i] == pass;
        all[i] = lf_passes[i].default_on;
    }
    if (list) {
        /* the case is about how these passes combine */
        memset(only, 0, sizeof only);
        for (char *id = strtok(list, ",\n "); id; id = strtok(NULL, ",\n ")) {
            const lf_pass *p2 = lf_pass_find(id);
            if (!p2) {
                print_error("%s/%s: PASSES names no pass `%s`\n", pass_id, name, id);
                failures++;
                continue;
            }
            only[p2 - lf_passes] = true;
        }
        free(list);
    }
    lf_result res;
    run_once(&res, p, path, input, in_len, &ctx, only);
    if (lf_result_failed(&res)) {
        print_error("%s/%s: input has errors:\n%s", pass_id, name, lf_buf_cstr(&res.errors));
        failures++;
    }
    for (size_t i = 0; i < res.nruns; i++)
        if (res.runs[i].dropped) {
            print_error("%s/%s: edits dropped: %s\n", pass_id, name, res.runs[i].dropped);
            failures++;
        }
    if (res.output_len != exp_len || memcmp(res.output, expected, exp_len) != 0) {
        print_error("%s/%s: output differs from %s\n--- got ---\n%.*s--- end ---\n", pass_id, name,
                    exp_len == in_len && memcmp(expected, input, in_len) == 0
                        ? "the input (must not change)"
                        : "expected.Dockerfile",
                    (int)res.output_len, res.output);
        failures++;
    }
    /* expected notes */
    char *notes = lf_test_read_file(join(dir, "expected.notes"), NULL);
    if (notes) {
        for (char *line = strtok(notes, "\n"); line; line = strtok(NULL, "\n")) {
            /* "LINE: text": a note on that line whose message contains text */
            char *colon = strstr(line, ": ");
            size_t want_line = colon ? strtoul(line, NULL, 10) : 0;
            const char *want = colon ? colon + 2 : line;
            bool found = false;
            for (size_t n = 0; n < res.nnotes && !found; n++)
                found = (!want_line || res.notes[n].line == want_line) &&
                        strstr(res.notes[n].msg, want) != NULL;
            if (!found) {
                print_error("%s/%s: no note matches '%s'; notes were:\n", pass_id, name, line);
                for (size_t n = 0; n < res.nnotes; n++)
                    print_error("  %zu: %s\n", res.notes[n].line, res.notes[n].msg);
                failures++;
            }
        }
        free(notes);
    }
    /* the pass's output is a fixed point of the pass */
    lf_result again;
    run_once(&again, p, path, res.output, res.output_len, &ctx, only);
    if (lf_result_failed(&again) || lf_result_changed(&again)) {
        print_error("%s/%s: a second run changes the output again:\n%.*s", pass_id, name,
                    (int)again.output_len, again.output);
        failures++;
    }
    lf_result_free(&again);
    lf_result_free(&res);
    /* all passes converge too */
    lf_result first, second;
    run_once(&first, p, path, input, in_len, &ctx, all);
    run_once(&second, p, path, first.output, first.output_len, &ctx, all);
    if (lf_result_failed(&second) || lf_result_changed(&second)) {
        print_error("%s/%s: all passes: a second run changes the output again:\n%.*s", pass_id,
                    name, (int)second.output_len, second.output);
        failures++;
    }
    lf_result_free(&first);
    lf_result_free(&second);
    lf_context_free(&ctx);
    free(input);
    free(expected);
    free(path);
    return failures;
}

static void test_golden_cases(void **state)
{
    (void)state;
    lf_parser *p = lf_parser_new();
    assert_non_null(p);
    const char *root = lf_test_source_path("corpus");
    char root_copy[PATH_MAX];
    snprintf(root_copy, sizeof root_copy, "%s", root);
    DIR *d = opendir(root_copy);
    assert_non_null(d);
    int failures = 0, cases = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        /* a folder with a RUNNER file names the test program that runs
         * its cases (a pass not in the table yet, or one over other files) */
        struct stat rst;
        if (stat(join(join(root_copy, e->d_name), "RUNNER"), &rst) == 0) {
            print_message("corpus/%s: run by its own program (see its RUNNER)\n", e->d_name);
            continue;
        }
        const lf_pass *pass = lf_pass_find(e->d_name);
        if (!pass) {
            print_error("corpus/%s: no pass has this id\n", e->d_name);
            failures++;
            continue;
        }
        /* a pass over a whole build context (dockerignore) has its own
         * golden runner in its test program */
        if (!pass->run)
            continue;
        char *pdir = strdup(join(root_copy, e->d_name));
        DIR *cd = opendir(pdir);
        struct dirent *ce;
        int pass_cases = 0, unchanged = 0;
        while (cd && (ce = readdir(cd)) != NULL) {
            if (ce->d_name[0] == '.')
                continue;
            char *cdir = strdup(join(pdir, ce->d_name));
            struct stat st;
            unchanged += stat(join(cdir, "expected.Dockerfile"), &st) != 0;
            failures += check_case(p, e->d_name, cdir, ce->d_name);
            free(cdir);
            pass_cases++;
        }
        if (cd)
            closedir(cd);
        free(pdir);
        print_message("corpus/%s: %d cases, %d must stay byte-identical\n", e->d_name, pass_cases,
                      unchanged);
        cases += pass_cases;
    }
    closedir(d);
    lf_parser_free(p);
    print_message("golden cases: %d, failures: %d\n", cases, failures);
    assert_true(cases > 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
