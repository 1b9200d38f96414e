/*
 * ci-cache (passes/ci_cache): its golden cases and its pieces.
 *
 * Golden cases: corpus/ci-cache/<case>/ holds one input file (a GitHub
 * Actions workflow (.yml, .yaml), a GitLab CI file .gitlab-ci.yml, a shell
 * script *.sh, a Makefile, or a Dockerfile for the advice notes),
 * expected.<input> when the pass changes it (absent: byte-identical),
 * expected.notes ("LINE: text": every note, each matched on its line by a
 * part of its message; absent: no note) and a one-line README. The pass is
 * not in the pass table yet, so its functions are called directly. For
 * every workflow the output re-parses with libyaml and a second run over it
 * proposes nothing. Scripts and Dockerfiles are never edited.
 *
 * Unit tests: the YAML tree's byte offsets, the command scanner, docker
 * build lines, the knowledge table's rules, the scope names, the legacy
 * builder scan, and the rule that no tool or action name is spelled in the
 * pass's own code (they come from passes/knowledge/ci.c).
 */
#include "testutil.h"

#include "buf.h"
#include "ci.h"
#include "ci_cache.h"
#include "cinotes.h"
#include "cmdscan.h"
#include "dockerbuild.h"
#include "edit.h"
#include "model.h"
#include "source.h"
#include "yamltree.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

typedef enum { K_WORKFLOW, K_SCRIPT, K_DOCKERFILE } kind;

typedef struct {
    lf_options opts;
    lf_ctx ctx;
    lf_edits edits;
    lf_buf out;
    int rc;
} run_t;

static kind kind_of(const char *name)
{
    size_t n = strlen(name);
    if (strcmp(name, "Dockerfile") == 0)
        return K_DOCKERFILE;
    if (strstr(name, "gitlab-ci") || strcmp(name, "Makefile") == 0 ||
        (n > 3 && strcmp(name + n - 3, ".sh") == 0))
        return K_SCRIPT;
    return K_WORKFLOW;
}

static void run_text(run_t *r, kind k, const char *path, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    r->ctx.opts = &r->opts;
    r->ctx.pass = k == K_DOCKERFILE ? "advice" : "ci-cache";
    if (k == K_WORKFLOW) {
        r->rc = lf_ci_cache_workflow(path, text, len, &r->ctx, &r->edits);
    } else if (k == K_SCRIPT) {
        r->rc = lf_ci_notes_script(path, text, len, &r->ctx);
    } else {
        lf_source *src = NULL;
        lf_doc *doc = NULL;
        assert_int_equal(lf_source_from_bytes(&src, path, text, len), 0);
        assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
        assert_int_equal(doc->nerrors, 0);
        r->rc = lf_pass_advice(doc, &r->ctx, &r->edits);
        lf_doc_free(doc);
    }
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(&r->edits, text, len, &r->out, &err), 0);
    lf_buf_free(&err);
    lf_buf_adds(&r->out, "");
}

static void run_free(run_t *r)
{
    lf_edits_free(&r->edits);
    lf_ctx_free_notes(&r->ctx);
    lf_buf_free(&r->out);
}

static size_t line_at(const char *text, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Does text[0..len) load as YAML (every document)? */
static bool yaml_loads(const char *text, size_t len)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    bool ok = true;
    for (;;) {
        yaml_document_t d;
        if (!yaml_parser_load(&p, &d)) {
            ok = false;
            break;
        }
        bool empty = yaml_document_get_root_node(&d) == NULL;
        yaml_document_delete(&d);
        if (empty)
            break;
    }
    yaml_parser_delete(&p);
    return ok;
}

/* ---- golden cases ------------------------------------------------------------ */

static const char *join(const char *dir, const char *name)
{
    static lf_buf ring[8];
    static int next;
    lf_buf *b = &ring[next++ % 8];
    lf_buf_clear(b);
    lf_buf_printf(b, "%s/%s", dir, name);
    return lf_buf_cstr(b);
}

/* The case's input file name, or NULL when there is not exactly one. */
static char *input_of(const char *dir)
{
    DIR *d = opendir(dir);
    char *found = NULL;
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "README") == 0 || strncmp(e->d_name, "expected.", 9) == 0)
            continue;
        n++;
        free(found);
        found = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (n != 1) {
        free(found);
        return NULL;
    }
    return found;
}

static void print_notes(const run_t *r, const char *text)
{
    for (size_t i = 0; i < r->ctx.nnotes; i++)
        print_error("  %zu: %s\n", line_at(text, r->ctx.notes[i].offset), r->ctx.notes[i].msg);
}

/* Every expected line matches a note and every note an expected line. */
static int check_notes(const char *id, const run_t *r, const char *text, char *want)
{
    int failures = 0;
    bool *used = calloc(r->ctx.nnotes + 1, sizeof *used);
    for (char *line = want ? strtok(want, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char *colon = strstr(line, ": ");
        size_t want_line = colon ? strtoul(line, NULL, 10) : 0;
        const char *part = colon ? colon + 2 : line;
        bool found = false;
        for (size_t n = 0; n < r->ctx.nnotes; n++)
            if (line_at(text, r->ctx.notes[n].offset) == want_line &&
                strstr(r->ctx.notes[n].msg, part)) {
                found = used[n] = true;
            }
        if (!found) {
            print_error("%s: no note matches '%s'; notes were:\n", id, line);
            print_notes(r, text);
            failures++;
        }
    }
    for (size_t n = 0; n < r->ctx.nnotes; n++)
        if (!used[n]) {
            print_error("%s: note not in expected.notes: %zu: %s\n", id,
                        line_at(text, r->ctx.notes[n].offset), r->ctx.notes[n].msg);
            failures++;
        }
    free(used);
    return failures;
}

static int check_case(const char *dir, const char *name)
{
    char *input = input_of(dir);
    if (!input) {
        print_error("ci-cache/%s: needs exactly one input file beside README and expected.*\n",
                    name);
        return 1;
    }
    int failures = 0;
    char *readme = lf_test_read_file(join(dir, "README"), NULL);
    if (!readme || !*readme) {
        print_error("ci-cache/%s: no one-line README\n", name);
        failures++;
    }
    free(readme);
    kind k = kind_of(input);
    size_t len, exp_len;
    char *text = lf_test_read_file(join(dir, input), &len);
    lf_buf exp_name = LF_BUF_INIT;
    lf_buf_printf(&exp_name, "expected.%s", input);
    char *expected = lf_test_read_file(join(dir, lf_buf_cstr(&exp_name)), &exp_len);
    if (expected && k != K_WORKFLOW) {
        print_error("ci-cache/%s: only workflows are edited\n", name);
        failures++;
    }
    run_t r;
    run_text(&r, k, input, text, len);
    if (r.rc != 0) {
        print_error("ci-cache/%s: returned %d\n", name, r.rc);
        failures++;
    }
    for (size_t i = 0; i < r.edits.n; i++)
        if (strcmp(r.edits.items[i].pass, "ci-cache") != 0 || !r.edits.items[i].why ||
            !*r.edits.items[i].why) {
            print_error("ci-cache/%s: an edit without the pass id or a reason\n", name);
            failures++;
        }
    const char *want = expected ? expected : text;
    size_t want_len = expected ? exp_len : len;
    if (r.out.len != want_len || memcmp(r.out.data, want, want_len) != 0) {
        print_error("ci-cache/%s: output differs from %s\n--- got ---\n%s--- end ---\n", name,
                    expected ? lf_buf_cstr(&exp_name) : "the input (must not change)", r.out.data);
        failures++;
    }
    char *notes = lf_test_read_file(join(dir, "expected.notes"), NULL);
    lf_buf id = LF_BUF_INIT;
    lf_buf_printf(&id, "ci-cache/%s", name);
    failures += check_notes(lf_buf_cstr(&id), &r, text, notes);
    free(notes);
    if (k == K_WORKFLOW) {
        if (!yaml_loads(r.out.data, r.out.len)) {
            print_error("ci-cache/%s: the output is not valid YAML\n", name);
            failures++;
        }
        run_t again;
        run_text(&again, k, input, r.out.data, r.out.len);
        if (again.rc != 0 || again.edits.n != 0) {
            print_error("ci-cache/%s: a second run changes the output again:\n%s", name,
                        again.out.data);
            failures++;
        }
        run_free(&again);
    }
    run_free(&r);
    lf_buf_free(&id);
    lf_buf_free(&exp_name);
    free(expected);
    free(text);
    free(input);
    return failures;
}

static void test_golden_cases(void **state)
{
    (void)state;
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s", lf_test_source_path("corpus/ci-cache"));
    DIR *d = opendir(root);
    assert_non_null(d);
    int cases = 0, failures = 0, unchanged = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *dir = strdup(join(root, e->d_name));
        struct stat st;
        if (e->d_name[0] != '.' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            cases++;
            failures += check_case(dir, e->d_name);
            char *input = input_of(dir);
            lf_buf exp = LF_BUF_INIT;
            lf_buf_printf(&exp, "expected.%s", input ? input : "");
            unchanged += stat(join(dir, lf_buf_cstr(&exp)), &st) != 0;
            lf_buf_free(&exp);
            free(input);
        }
        free(dir);
    }
    closedir(d);
    print_message("corpus/ci-cache: %d cases, %d must stay byte-identical, failures: %d\n", cases,
                  unchanged, failures);
    assert_true(cases >= 20);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_cases),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
