/*
 * Whole-corpus invariants of the pipeline with every pass on, over each file
 * of ../shared/corpus/real (its build context: the file names the manifest
 * recorded for it): no crash, no edit
 * dropped, the output re-parses with no error, a second run changes nothing,
 * and every instruction no edit touched is byte-identical in the output.
 * Prints how many files each pass changed.
 */
#include "testutil.h"

#include "context_fs.h"

#include "neutral_manifest.h"
#include "passes.h"
#include "pipeline.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t changed_by[32], files, changed_files;
static int failures;

/* Instructions of run k's input untouched by its edits appear unchanged in
 * the next text. */
static void check_untouched(lf_parser *p, const lf_pass_run *run, const char *next, size_t next_len,
                            const char *path)
{
    lf_source *src;
    lf_source_from_bytes(&src, path, run->input, run->input_len);
    lf_doc *doc;
    if (lf_doc_parse(&doc, p, src) != 0)
        return;
    for (size_t i = 0; i < doc->ninstrs; i++) {
        lf_span s = doc->instrs[i].span;
        bool touched = false;
        for (size_t e = 0; e < run->edits.n && !touched; e++) {
            const lf_edit *ed = &run->edits.items[e];
            touched = ed->start < s.end && ed->end > s.start;
        }
        if (touched)
            continue;
        size_t at = lf_edits_map_forward(&run->edits, s.start);
        if (at + (s.end - s.start) > next_len ||
            memcmp(next + at, run->input + s.start, s.end - s.start) != 0) {
            print_error("%s: [%s] untouched instruction at line %zu changed\n", path, run->pass->id,
                        doc->instrs[i].first_line);
            failures++;
        }
    }
    lf_doc_free(doc);
}

/* manifest.tsv records, per file, the names at the top of its build context
 * (column 5; folders end in '/'). Their contents are not in the corpus, so
 * each recorded file is created in a scratch context, and the usual manifests
 * get small neutral contents (no scripts, no local dependencies) so that the
 * passes that read them have something valid to read. */
static char *manifest;
static char *scratch;

static void context_from_manifest(lf_context *ctx, const char *path, const char *dir)
{
    (void)dir;
    lf_test_rmtree(scratch);
    mkdir(scratch, 0700);
    lf_context_init_fs(ctx, scratch);
    const char *rel = strstr(path, "corpus/real/");
    if (!manifest || !rel)
        return;
    rel += strlen("corpus/real/");
    size_t rl = strlen(rel);
    for (const char *line = manifest; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > rl && strncmp(line, rel, rl) == 0 && line[rl] == '\t') {
            const char *f = line;
            for (int col = 0; col < 4 && f; col++) {
                f = memchr(f, '\t', ll - (size_t)(f - line));
                f = f ? f + 1 : NULL;
            }
            while (f && f < line + ll && *f != '\t') {
                size_t n = strcspn(f, ",\t\n");
                if (n > 0 && f[n - 1] != '/' && memchr(f, '/', n) == NULL) {
                    char name[512];
                    snprintf(name, sizeof name, "%.*s", (int)n, f);
                    lf_buf file = LF_BUF_INIT;
                    lf_buf_printf(&file, "%s/%s", scratch, name);
                    const char *text = lf_neutral_manifest(name);
                    lf_test_write_file(file.data, text, strlen(text));
                    lf_buf_free(&file);
                    lf_context_add(ctx, name);
                }
                f += n + (f[n] == ',');
            }
            break;
        }
        line = end ? end + 1 : NULL;
    }
    lf_context_sort(ctx);
}

static void check_file(lf_parser *p, const char *path, const char *dir)
{
    size_t len;
    char *data = lf_test_read_file(path, &len);
    if (!data)
        return;
    bool all[32] = {0};
    for (size_t i = 0; i < lf_npasses; i++)
        all[i] = lf_passes[i].default_on;
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    context_from_manifest(&ctx, path, dir);
    int have = 1;
    lf_options opts = {0};
    lf_source *src;
    lf_source_from_bytes(&src, path, data, len);
    lf_result res;
    assert_int_equal(lf_pipeline_run(&res, p, src, have ? &ctx : NULL, &opts, all), 0);
    files++;
    if (lf_result_failed(&res)) {
        print_error("%s: input has errors: %s", path, lf_buf_cstr(&res.errors));
        failures++;
    }
    for (size_t k = 0; k < res.nruns; k++) {
        if (res.runs[k].dropped) {
            print_error("%s: [%s] edits dropped: %s\n", path, res.runs[k].pass->id,
                        res.runs[k].dropped);
            failures++;
            continue;
        }
        changed_by[res.runs[k].pass - lf_passes]++;
        const char *next = k + 1 < res.nruns ? res.runs[k + 1].input : res.output;
        size_t next_len = k + 1 < res.nruns ? res.runs[k + 1].input_len : res.output_len;
        check_untouched(p, &res.runs[k], next, next_len, path);
    }
    if (lf_result_changed(&res)) {
        changed_files++;
        lf_source *again_src;
        lf_source_from_bytes(&again_src, path, res.output, res.output_len);
        lf_result again;
        assert_int_equal(lf_pipeline_run(&again, p, again_src, have ? &ctx : NULL, &opts, all), 0);
        if (lf_result_failed(&again)) {
            print_error("%s: the output does not parse: %s", path, lf_buf_cstr(&again.errors));
            failures++;
        } else if (lf_result_changed(&again)) {
            print_error("%s: a second run changes the output again\n", path);
            failures++;
        }
        lf_result_free(&again);
    }
    lf_result_free(&res);
    if (have)
        lf_context_free(&ctx);
    lf_buf_free(&err);
    free(data);
}

static void walk(lf_parser *p, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "manifest.tsv") == 0 || strcmp(e->d_name, "README.md") == 0)
            continue;
        lf_buf path = LF_BUF_INIT;
        lf_buf_printf(&path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode))
            walk(p, path.data);
        else
            check_file(p, path.data, dir);
        lf_buf_free(&path);
    }
    closedir(d);
}

static void test_real_corpus_invariants(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    lf_parser *p = lf_parser_new();
    manifest = lf_test_read_file(lf_test_shared_path("corpus/real/manifest.tsv"), NULL);
    assert_non_null(manifest);
    char *tmp = lf_test_tmpdir();
    lf_buf sd = LF_BUF_INIT;
    lf_buf_printf(&sd, "%s/context", tmp);
    scratch = sd.data;
    walk(p, lf_test_shared_path("corpus/real"));
    lf_test_rmtree(tmp);
    free(tmp);
    lf_buf_free(&sd);
    free(manifest);
    lf_parser_free(p);
    print_message("files: %zu, changed: %zu\n", files, changed_files);
    for (size_t i = 0; i < lf_npasses; i++)
        print_message("  %-22s changed %zu files\n", lf_passes[i].id, changed_by[i]);
    assert_true(files > 300);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_corpus_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
