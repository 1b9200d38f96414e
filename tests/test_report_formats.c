/*
 * The machine outputs of the run report: --format=json (report_json.c),
 * --format=sarif (report_sarif.c) and --format=github (report_github.c).
 * Reports come from real pipeline runs over Dockerfiles (examples/node-app
 * and small inline files), from the dockerignore pass over a real context
 * and from hand-built ignore results; the JSON and SARIF documents are read
 * back with the tests' own JSON reader (testjson.h) and checked field by
 * field, SARIF also against the rules of the 2.1.0 schema that GitHub code
 * scanning enforces; the GitHub commands are checked line by line.
 */
#include "testutil.h"

#include "context.h"
#include "context_fs.h"
#include "diff.h"
#include "dockerignore.h"
#include "impact_estimate.h"
#include "passes.h"
#include "pipeline.h"
#include "report.h"
#include "report_github.h"
#include "report_json.h"
#include "report_sarif.h"
#include "testjson.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NODE_APP "examples/node-app/Dockerfile"

/* Runs every per-file pass over text, as the command does, and adds the
 * result to r under the path shown. ctx_rel: the build context, relative
 * to the source tree, or NULL for none. */
static lf_report_file *add_run(lf_report *r, const char *shown, const char *text,
                               const char *ctx_rel)
{
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    if (ctx_rel)
        assert_int_equal(lf_context_open(&ctx, lf_test_source_path(ctx_rel), &err), 0);
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, shown, text, strlen(text)), 0);
    bool on[64] = {0};
    assert_true(lf_npasses <= 64);
    for (size_t i = 0; i < lf_npasses; i++)
        on[i] = true;
    lf_options opts = {0};
    lf_result res;
    assert_int_equal(lf_pipeline_run(&res, lf_test_parser, src, ctx_rel ? &ctx : NULL, &opts, on),
                     0);
    lf_report_file *f = lf_report_add_result(r, &res, shown, shown);
    lf_result_free(&res);
    if (ctx_rel)
        lf_context_free(&ctx);
    lf_buf_free(&err);
    return f;
}

static lf_report_file *add_node_app(lf_report *r)
{
    char *text = lf_test_read_file(lf_test_source_path(NODE_APP), NULL);
    assert_non_null(text);
    lf_report_file *f = add_run(r, NODE_APP, text, "examples/node-app");
    free(text);
    return f;
}

/* An ignore file's proposal, as the dockerignore pass makes them. */
typedef struct tig {
    char *text;
    bool changed;
    lf_result notes; /* only its notes are used */
} tig;

static void add_note(tig *d, const char *path, size_t line, const char *msg)
{
    lf_test_result_note(&d->notes, "dockerignore", path, line, msg);
}

static tig ignore_result(const char *text, bool changed)
{
    tig d = {.text = strdup(text), .changed = changed};
    return d;
}

static void tig_free(tig *d)
{
    free(d->text);
    lf_result_free(&d->notes);
}

/* Adds the proposal d for the ignore file shown (fs_path on disk) of the
 * build context ctx_dir, whose text is old (NULL: no file yet). */
static lf_report_file *add_ignore(lf_report *r, const tig *d, const char *shown,
                                  const char *fs_path, const char *ctx_dir, const char *old,
                                  size_t old_len)
{
    (void)old_len;
    lf_result res;
    lf_test_ignore t = {fs_path,
                        ctx_dir,
                        old,
                        d->changed ? d->text
                        : old      ? old
                                   : "",
                        ".git, **/node_modules",
                        {48, 40550},
                        {d->changed ? 7 : 48, d->changed ? 2355 : 40550}};
    lf_test_ignore_result(&res, &t);
    for (size_t i = 0; i < d->notes.nnotes; i++)
        lf_test_result_note(&res, "dockerignore", d->notes.notes[i].path, d->notes.notes[i].line,
                            d->notes.notes[i].msg);
    lf_report_file *f = lf_report_add_result(r, &res, shown, fs_path);
    lf_result_free(&res);
    return f;
}

static const char NEW_IGNORE[] = "# layerfix: begin\n.git\n**/node_modules\n# layerfix: end\n";

/* Parses an output back: one JSON document ending with a newline. */
static lf_tj *parse_back(const lf_buf *out)
{
    assert_true(out->len > 0);
    assert_int_equal(out->data[out->len - 1], '\n');
    assert_int_equal(strlen(out->data), out->len); /* no NUL inside */
    char err[128] = "";
    lf_tj *doc = lf_tj_parse(out->data, out->len, err, sizeof err);
    if (!doc)
        fail_msg("not JSON: %s\n%s", err, out->data);
    return doc;
}

static lf_tj *json_of(const lf_report *r, const char *mode)
{
    lf_buf out = LF_BUF_INIT;
    lf_report_json(&out, r, mode);
    lf_tj *doc = parse_back(&out);
    lf_buf_free(&out);
    return doc;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *str_of(const lf_tj *obj, const char *key)
{
    return lf_tj_str(lf_tj_get(obj, key), key, NULL);
}

static long int_of(const lf_tj *obj, const char *key)
{
    return lf_tj_int(lf_tj_get(obj, key), key);
}

/* The layerfix version, as the binary prints it. */
static char *binary_version(void)
{
    char *argv[] = {(char *)LF_BINARY, (char *)"--version", NULL};
    char *out = NULL;
    assert_int_equal(lf_test_run(argv, NULL, &out, NULL), 0);
    assert_non_null(out);
    assert_true(strncmp(out, "layerfix ", 9) == 0);
    char *v = strdup(out + 9);
    v[strcspn(v, "\n")] = 0;
    free(out);
    return v;
}

/* The diff of f as the diff output shows it. */
static char *expected_diff(const lf_report_file *f)
{
    lf_buf diff = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_diff_texts(&diff, f->path, f->old_text, f->old_len, f->new_text, f->new_len,
                                   false, NULL, NULL, &err),
                     0);
    lf_buf_free(&err);
    return lf_buf_detach(&diff, NULL);
}

/* ---- JSON ---- */

static void test_json_real_run(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = add_node_app(&r);
    assert_true(f->changed);
    lf_tj *doc = json_of(&r, "diff");

    assert_int_equal(int_of(doc, "version"), 1);
    const lf_tj *tool = lf_tj_object(lf_tj_get(doc, "tool"), "tool");
    assert_string_equal(str_of(tool, "name"), "layerfix");
    char *version = binary_version();
    assert_string_equal(str_of(tool, "version"), version);
    free(version);
    assert_string_equal(str_of(doc, "mode"), "diff");

    const lf_tj *sum = lf_tj_object(lf_tj_get(doc, "summary"), "summary");
    assert_int_equal(int_of(sum, "files"), 1);
    assert_int_equal(int_of(sum, "changed"), 1);
    assert_int_equal(int_of(sum, "errors"), 0);
    assert_int_equal(int_of(sum, "edits"), (long)f->nchanges);
    const lf_tj *per = lf_tj_object(lf_tj_get(sum, "per_pass"), "per_pass");
    /* every pass, in the order they run, with its number of edits */
    assert_int_equal(lf_tj_count(per), lf_npasses);
    for (size_t i = 0; i < lf_npasses; i++) {
        assert_string_equal(per->keys[i], lf_passes[i].id);
        long want = 0;
        for (size_t c = 0; c < f->nchanges; c++)
            want += strcmp(f->changes[c].pass, lf_passes[i].id) == 0;
        assert_int_equal(lf_tj_int(&per->items[i], per->keys[i]), want);
    }
    assert_int_equal(int_of(per, "merge-apt"), 2);
    assert_int_equal(int_of(per, "dockerignore"), 0);

    const lf_tj *files = lf_tj_array(lf_tj_get(doc, "files"), "files");
    assert_int_equal(lf_tj_count(files), 1);
    const lf_tj *jf = lf_tj_at(files, 0);
    assert_string_equal(str_of(jf, "path"), NODE_APP);
    assert_string_equal(str_of(jf, "kind"), "dockerfile");
    assert_string_equal(str_of(jf, "status"), "changed");
    assert_false(lf_tj_bool(lf_tj_get(jf, "new_file"), "new_file"));
    assert_false(lf_tj_bool(lf_tj_get(jf, "written"), "written"));
    assert_null(lf_tj_get(jf, "context")); /* only for ignore files */
    /* the advice pass's note: node:20-bookworm-slim is on a major-version tag */
    const lf_tj *jnotes = lf_tj_array(lf_tj_get(jf, "notes"), "notes");
    assert_int_equal(lf_tj_count(jnotes), 1);
    assert_string_equal(str_of(lf_tj_at(jnotes, 0), "pass"), "advice");
    assert_int_equal(int_of(lf_tj_at(jnotes, 0), "line"), 1);
    assert_string_equal(str_of(lf_tj_at(jnotes, 0), "path"), NODE_APP);
    assert_int_equal(lf_tj_count(lf_tj_array(lf_tj_get(jf, "errors"), "errors")), 0);

    const lf_tj *edits = lf_tj_array(lf_tj_get(jf, "edits"), "edits");
    assert_int_equal(lf_tj_count(edits), f->nchanges);
    bool saw_insertion = false, saw_apt_update = false;
    for (size_t i = 0; i < f->nchanges; i++) {
        const lf_tj *e = lf_tj_at(edits, i);
        assert_string_equal(str_of(e, "pass"), f->changes[i].pass);
        assert_string_equal(str_of(e, "reason"), f->changes[i].why);
        long start = int_of(e, "start_line"), end = int_of(e, "end_line");
        assert_int_equal(start, (long)f->changes[i].line);
        assert_int_equal(end, (long)f->changes[i].end_line);
        assert_true(start >= 1 && start <= 14);
        assert_true(end >= start - 1);
        /* `COPY . .` goes between the install (line 9) and line 10 */
        if (strcmp(f->changes[i].pass, "copy-manifests-first") == 0 && start == 10) {
            assert_int_equal(end, 9);
            saw_insertion = true;
        }
        /* the standalone `RUN apt-get update` on line 4 goes */
        if (strcmp(f->changes[i].pass, "merge-apt") == 0 && start == 4) {
            assert_int_equal(end, 4);
            saw_apt_update = true;
        }
    }
    assert_true(saw_insertion);
    assert_true(saw_apt_update);

    size_t dlen;
    const char *diff = lf_tj_str(lf_tj_get(jf, "diff"), "diff", &dlen);
    char *want = expected_diff(f);
    assert_string_equal(diff, want);
    free(want);
    assert_true(starts_with(diff, "diff --git a/" NODE_APP " b/" NODE_APP "\n"));
    assert_non_null(strstr(diff, "\n+COPY package.json package-lock.json ./\n"));
    assert_non_null(strstr(diff, "\n-RUN apt-get update\n"));
    lf_tj_free(doc);
    lf_report_free(&r);
}

static void test_json_ignore_files(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    /* a new file, with a note about the context and one about a Dockerfile */
    tig d = ignore_result(NEW_IGNORE, true);
    add_note(&d, NULL, 0, "the context holds 3 files over 1 MiB");
    add_note(&d, "app/Dockerfile", 4, "COPY . . would include .env");
    add_ignore(&r, &d, "app/.dockerignore", "/abs/app/.dockerignore", "app", NULL, 0);
    tig_free(&d);
    /* an existing file extended */
    const char *old = "*.log\nbuild\n";
    d = ignore_result("*.log\nbuild\n# layerfix: begin\n.git\n# layerfix: end\n", true);
    add_ignore(&r, &d, "svc/.dockerignore", "svc/.dockerignore", "svc", old, strlen(old));
    tig_free(&d);
    /* nothing to add */
    d = ignore_result(old, false);
    add_ignore(&r, &d, "lib/.dockerignore", "lib/.dockerignore", "lib", old, strlen(old));
    tig_free(&d);

    r.files[1].written = true; /* as --fix marks what it wrote */
    lf_tj *doc = json_of(&r, "check");
    assert_string_equal(str_of(doc, "mode"), "check");
    const lf_tj *sum = lf_tj_get(doc, "summary");
    assert_int_equal(int_of(sum, "files"), 3);
    assert_int_equal(int_of(sum, "changed"), 2);
    assert_int_equal(int_of(sum, "notes"), 2);
    assert_int_equal(int_of(lf_tj_get(sum, "per_pass"), "dockerignore"), 2);
    const lf_tj *files = lf_tj_get(doc, "files");
    assert_int_equal(lf_tj_count(files), 3);

    const lf_tj *a = lf_tj_at(files, 0);
    assert_string_equal(str_of(a, "path"), "app/.dockerignore");
    assert_string_equal(str_of(a, "kind"), "dockerignore");
    assert_string_equal(str_of(a, "status"), "changed");
    assert_true(lf_tj_bool(lf_tj_get(a, "new_file"), "new_file"));
    const lf_tj *ctx = lf_tj_object(lf_tj_get(a, "context"), "context");
    assert_string_equal(str_of(ctx, "dir"), "app");
    assert_int_equal(int_of(lf_tj_get(ctx, "before"), "files"), 48);
    assert_int_equal(int_of(lf_tj_get(ctx, "before"), "bytes"), 40550);
    assert_int_equal(int_of(lf_tj_get(ctx, "after"), "files"), 7);
    assert_int_equal(int_of(lf_tj_get(ctx, "after"), "bytes"), 2355);
    const lf_tj *e = lf_tj_at(lf_tj_get(a, "edits"), 0);
    assert_string_equal(str_of(e, "pass"), "dockerignore");
    assert_int_equal(int_of(e, "start_line"), 1); /* an insertion into an empty file */
    assert_int_equal(int_of(e, "end_line"), 0);
    assert_non_null(strstr(str_of(e, "reason"), ".git, **/node_modules"));
    const lf_tj *notes = lf_tj_array(lf_tj_get(a, "notes"), "notes");
    assert_int_equal(lf_tj_count(notes), 2);
    assert_string_equal(str_of(lf_tj_at(notes, 0), "path"), "app/.dockerignore");
    assert_int_equal(int_of(lf_tj_at(notes, 0), "line"), 0);
    assert_string_equal(str_of(lf_tj_at(notes, 1), "path"), "app/Dockerfile");
    assert_int_equal(int_of(lf_tj_at(notes, 1), "line"), 4);
    assert_string_equal(str_of(lf_tj_at(notes, 1), "pass"), "dockerignore");
    assert_string_equal(str_of(lf_tj_at(notes, 1), "message"), "COPY . . would include .env");
    assert_string_equal(str_of(lf_tj_at(notes, 1), "severity"), "note");
    const char *diff = str_of(a, "diff");
    assert_true(starts_with(diff,
                            "diff --git a/app/.dockerignore b/app/.dockerignore\n"
                            "new file mode 100644\n--- /dev/null\n+++ b/app/.dockerignore\n"));
    assert_non_null(strstr(diff, "\n+**/node_modules\n"));

    assert_false(lf_tj_bool(lf_tj_get(a, "written"), "written"));
    const lf_tj *s = lf_tj_at(files, 1);
    assert_false(lf_tj_bool(lf_tj_get(s, "new_file"), "new_file"));
    assert_true(lf_tj_bool(lf_tj_get(s, "written"), "written"));
    assert_int_equal(int_of(lf_tj_at(lf_tj_get(s, "edits"), 0), "start_line"), 3);
    assert_int_equal(int_of(lf_tj_at(lf_tj_get(s, "edits"), 0), "end_line"), 2);
    assert_non_null(strstr(str_of(s, "diff"), "--- a/svc/.dockerignore\n"));
    assert_non_null(strstr(str_of(s, "diff"), "\n+.git\n"));

    const lf_tj *l = lf_tj_at(files, 2);
    assert_string_equal(str_of(l, "status"), "unchanged");
    assert_false(lf_tj_bool(lf_tj_get(l, "new_file"), "new_file"));
    assert_int_equal(lf_tj_count(lf_tj_get(l, "edits")), 0);
    assert_string_equal(str_of(l, "diff"), "");
    assert_int_equal(int_of(lf_tj_get(lf_tj_get(l, "context"), "after"), "files"), 48);
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* The dockerignore pass over the real node-app context. */
static void test_json_real_ignore_proposal(void **state)
{
    (void)state;
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&ctx, lf_test_source_path("examples/node-app"), &err), 0);
    char *text = lf_test_read_file(lf_test_source_path(NODE_APP), NULL);
    lf_unit u;
    lf_test_unit(&u, &ctx, lf_test_source_path(NODE_APP), text, "dockerignore");
    assert_int_equal(u.ndocs, 1);
    const lf_result *d = &u.docs[0];
    assert_true(lf_result_changed(d));
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f =
        lf_report_add_result(&r, d, "examples/node-app/.dockerignore", "x/.dockerignore");
    free(f->context_dir);
    f->context_dir = strdup("examples/node-app");
    lf_tj *j = json_of(&r, "fix");
    const lf_tj *jf = lf_tj_at(lf_tj_get(j, "files"), 0);
    assert_string_equal(str_of(jf, "kind"), "dockerignore");
    assert_true(lf_tj_bool(lf_tj_get(jf, "new_file"), "new_file"));
    const lf_tj *c = lf_tj_get(jf, "context");
    assert_string_equal(str_of(c, "dir"), "examples/node-app");
    assert_int_equal(int_of(lf_tj_get(c, "before"), "files"), (long)d->before.files);
    assert_int_equal(int_of(lf_tj_get(c, "before"), "bytes"), (long)d->before.bytes);
    assert_int_equal(int_of(lf_tj_get(c, "after"), "files"), (long)d->after.files);
    /* nothing excluded is on disk (no .git, no node_modules): node_modules,
     * which `npm ci` makes, is named as what no longer invalidates COPY . . */
    assert_int_equal(d->after.files, d->before.files);
    const lf_tj *quiet = lf_tj_get(c, "no_longer_invalidate");
    assert_int_equal(lf_tj_count(quiet), 1);
    assert_string_equal(lf_tj_str(lf_tj_at(quiet, 0), "no_longer_invalidate", NULL),
                        "node_modules");
    char *want = expected_diff(f);
    assert_string_equal(str_of(jf, "diff"), want);
    assert_non_null(strstr(want, "+" LF_DOCKERIGNORE_BEGIN));
    free(want);
    lf_tj_free(j);
    lf_report_free(&r);
    lf_unit_free(&u);
    free(text);
    lf_context_free(&ctx);
    lf_buf_free(&err);
}

static void test_json_errors(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = add_run(&r, "bad/Dockerfile", "FROM scratch\nRUN <<EOF\n", NULL);
    assert_true(f->nerrors >= 1);
    lf_report_add_failure(&r, "gone/Dockerfile", "gone/Dockerfile",
                          "gone/Dockerfile: error: cannot read: Permission denied");
    lf_tj *doc = json_of(&r, "diff");
    const lf_tj *sum = lf_tj_get(doc, "summary");
    assert_int_equal(int_of(sum, "errors"), 2);
    assert_int_equal(int_of(sum, "changed"), 0);
    const lf_tj *b = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_string_equal(str_of(b, "status"), "error");
    assert_string_equal(str_of(b, "diff"), "");
    const lf_tj *errs = lf_tj_array(lf_tj_get(b, "errors"), "errors");
    assert_int_equal(lf_tj_count(errs), f->nerrors);
    assert_int_equal(int_of(lf_tj_at(errs, 0), "line"), 2);
    assert_int_equal(int_of(lf_tj_at(errs, 0), "col"), (long)f->errors[0].col);
    assert_true(int_of(lf_tj_at(errs, 0), "col") >= 1);
    assert_string_equal(str_of(lf_tj_at(errs, 0), "message"), f->errors[0].msg);
    const lf_tj *g = lf_tj_at(lf_tj_get(doc, "files"), 1);
    assert_string_equal(str_of(g, "status"), "error");
    assert_false(lf_tj_bool(lf_tj_get(g, "new_file"), "new_file")); /* unreadable, not new */
    const lf_tj *e = lf_tj_at(lf_tj_get(g, "errors"), 0);
    assert_int_equal(int_of(e, "line"), 0);
    assert_int_equal(int_of(e, "col"), 0);
    assert_string_equal(str_of(e, "message"), "cannot read: Permission denied");
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* Notes of a real pass, and the warning of a pass whose edits were dropped. */
static int pass_breaks(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out)
{
    (void)an;
    (void)ctx;
    lf_edits_add(out, doc->src->len, doc->src->len, "RUN <<EOF\n", 10, "breaks", "breaks");
    return 0;
}

static void test_json_notes(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    add_run(&r, "apk/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", NULL);
    lf_source *src;
    const char *text = "FROM scratch\n";
    lf_source_from_bytes(&src, "drop/Dockerfile", text, strlen(text));
    lf_pass passes[1] = {{"breaks", "", "", 1, pass_breaks, NULL, NULL}};
    bool on[1] = {true};
    lf_options opts = {0};
    lf_result res;
    assert_int_equal(lf_pipeline_run_passes(&res, lf_test_parser, src, NULL, &opts, passes, 1, on),
                     0);
    lf_report_add_result(&r, &res, "drop/Dockerfile", "drop/Dockerfile");
    lf_result_free(&res);

    lf_tj *doc = json_of(&r, "diff");
    const lf_tj *a = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_string_equal(str_of(a, "status"), "unchanged");
    const lf_tj *n = lf_tj_at(lf_tj_get(a, "notes"), 0);
    assert_string_equal(str_of(n, "path"), "apk/Dockerfile");
    assert_int_equal(int_of(n, "line"), 2);
    assert_string_equal(str_of(n, "pass"), "cache-mounts");
    assert_string_equal(str_of(n, "severity"), "note");
    assert_non_null(strstr(str_of(n, "message"), "apk"));
    const lf_tj *d = lf_tj_at(lf_tj_get(doc, "files"), 1);
    assert_string_equal(str_of(d, "status"), "unchanged");
    n = lf_tj_at(lf_tj_get(d, "notes"), 0);
    assert_string_equal(str_of(n, "pass"), "breaks");
    assert_string_equal(str_of(n, "severity"), "warning");
    assert_int_equal(int_of(n, "line"), 0);
    assert_non_null(strstr(str_of(n, "message"), "edits dropped"));
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* Quotes, backslashes, control characters and invalid UTF-8 in paths and
 * messages. */
static void test_json_escaping(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    const char *path = "we\"ird\\dir/Docker\tfile";
    lf_report_add_failure(&r, path, path, "x:1:2: error: a \"quoted\" word\x01 and \xff\xfe bytes");
    tig d = ignore_result(NEW_IGNORE, true);
    add_note(&d, "caf\xc3\xa9/Dockerfile", 3, "line one\nline two\r\n\"end\"");
    add_ignore(&r, &d, "caf\xc3\xa9/.dockerignore", "x", "caf\xc3\xa9", NULL, 0);
    tig_free(&d);
    lf_tj *doc = json_of(&r, "diff");
    const lf_tj *a = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_string_equal(str_of(a, "path"), path);
    assert_string_equal(str_of(lf_tj_at(lf_tj_get(a, "errors"), 0), "message"),
                        "a \"quoted\" word\x01 and \xef\xbf\xbd\xef\xbf\xbd bytes");
    const lf_tj *b = lf_tj_at(lf_tj_get(doc, "files"), 1);
    assert_string_equal(str_of(b, "path"), "caf\xc3\xa9/.dockerignore");
    assert_string_equal(str_of(lf_tj_get(b, "context"), "dir"), "caf\xc3\xa9");
    const lf_tj *n = lf_tj_at(lf_tj_get(b, "notes"), 0);
    assert_string_equal(str_of(n, "path"), "caf\xc3\xa9/Dockerfile");
    assert_string_equal(str_of(n, "message"), "line one\nline two\r\n\"end\"");
    assert_non_null(strstr(str_of(b, "diff"), "+++ b/caf\xc3\xa9/.dockerignore\n"));
    lf_tj_free(doc);
    lf_report_free(&r);
}

static void test_json_empty_report(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_buf out = LF_BUF_INIT;
    lf_report_json(&out, &r, "fix");
    lf_tj *doc = parse_back(&out);
    assert_string_equal(str_of(doc, "mode"), "fix");
    assert_int_equal(lf_tj_count(lf_tj_array(lf_tj_get(doc, "files"), "files")), 0);
    const lf_tj *sum = lf_tj_get(doc, "summary");
    assert_int_equal(int_of(sum, "files"), 0);
    assert_int_equal(int_of(sum, "changed"), 0);
    assert_int_equal(int_of(sum, "errors"), 0);
    assert_int_equal(lf_tj_count(lf_tj_get(sum, "per_pass")), lf_npasses);
    assert_int_equal(int_of(lf_tj_get(sum, "per_pass"), "cache-mounts"), 0);
    lf_tj_free(doc);
    lf_buf_free(&out);
}

/* --verify: a Dockerfile's verdict and whether it is held back; null and
 * false without one. */
static void test_json_verify(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_file *f = add_node_app(&r);
    add_run(&r, "apk/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", NULL);
    f->verify = calloc(1, sizeof *f->verify);
    f->verify->status = LF_REPORT_VERIFY_DIFFERENT;
    f->verify->builder = strdup("buildah");
    f->verify->message = strdup("the images differ (1 difference)");
    lf_strv_push(&f->verify->details, "added /x (file, 3 bytes)", 24);
    f->verify->rebuild = strdup("rebuild after editing server.js: ...");
    f->held = true;
    lf_tj *doc = json_of(&r, "commit");
    const lf_tj *f0 = lf_tj_at(lf_tj_get(doc, "files"), 0);
    assert_true(lf_tj_bool(lf_tj_get(f0, "held"), "held"));
    const lf_tj *v = lf_tj_object(lf_tj_get(f0, "verify"), "verify");
    assert_string_equal(str_of(v, "builder"), "buildah");
    assert_string_equal(str_of(v, "result"), "different");
    assert_string_equal(str_of(v, "message"), "the images differ (1 difference)");
    const lf_tj *details = lf_tj_array(lf_tj_get(v, "details"), "details");
    assert_int_equal(lf_tj_count(details), 1);
    assert_string_equal(lf_tj_str(lf_tj_at(details, 0), "detail", NULL),
                        "added /x (file, 3 bytes)");
    assert_string_equal(str_of(v, "rebuild"), "rebuild after editing server.js: ...");
    const lf_tj *f1 = lf_tj_at(lf_tj_get(doc, "files"), 1);
    assert_false(lf_tj_bool(lf_tj_get(f1, "held"), "held"));
    assert_int_equal(lf_tj_get(f1, "verify")->type, LF_TJ_NULL);
    lf_tj_free(doc);
    static const lf_report_verify_status all[] = {LF_REPORT_VERIFY_SAME, LF_REPORT_VERIFY_DIFFERENT,
                                                  LF_REPORT_VERIFY_FAILED,
                                                  LF_REPORT_VERIFY_NOT_RUN};
    static const char *const ids[] = {"same", "different", "failed", "not-run"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(lf_report_verify_id(all[i]), ids[i]);
    lf_report_free(&r);
}

/* ---- SARIF ---- */

static bool valid_level(const char *s)
{
    return strcmp(s, "none") == 0 || strcmp(s, "note") == 0 || strcmp(s, "warning") == 0 ||
           strcmp(s, "error") == 0;
}

static bool nonempty_text(const lf_tj *obj, const char *key)
{
    const lf_tj *t = lf_tj_get(lf_tj_get(obj, key), "text");
    return t && t->type == LF_TJ_STRING && t->len > 0;
}

/* What the SARIF 2.1.0 schema (and GitHub code scanning on top of it)
 * requires of a log. */
static void check_sarif(const lf_tj *doc)
{
    assert_string_equal(str_of(doc, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    assert_string_equal(str_of(doc, "version"), "2.1.0");
    const lf_tj *runs = lf_tj_array(lf_tj_get(doc, "runs"), "runs");
    assert_int_equal(lf_tj_count(runs), 1);
    const lf_tj *run = lf_tj_at(runs, 0);
    const lf_tj *driver = lf_tj_object(lf_tj_get(lf_tj_get(run, "tool"), "driver"), "driver");
    assert_string_equal(str_of(driver, "name"), "layerfix");
    assert_true(strlen(str_of(driver, "version")) > 0);
    const lf_tj *rules = lf_tj_array(lf_tj_get(driver, "rules"), "rules");
    for (size_t i = 0; i < lf_tj_count(rules); i++) {
        const lf_tj *rule = lf_tj_at(rules, i);
        const char *id = str_of(rule, "id");
        assert_true(strlen(id) > 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(id, str_of(lf_tj_at(rules, j), "id"));
        assert_true(strlen(str_of(rule, "name")) > 0);
        assert_true(nonempty_text(rule, "shortDescription"));
        assert_true(nonempty_text(rule, "fullDescription"));
        assert_true(nonempty_text(rule, "help"));
        assert_true(strlen(str_of(lf_tj_get(rule, "help"), "markdown")) > 0);
        assert_true(valid_level(str_of(lf_tj_get(rule, "defaultConfiguration"), "level")));
    }
    const lf_tj *results = lf_tj_array(lf_tj_get(run, "results"), "results");
    for (size_t i = 0; i < lf_tj_count(results); i++) {
        const lf_tj *res = lf_tj_at(results, i);
        const char *rule_id = str_of(res, "ruleId");
        long index = int_of(res, "ruleIndex");
        assert_true(index >= 0 && (size_t)index < lf_tj_count(rules));
        assert_string_equal(str_of(lf_tj_at(rules, (size_t)index), "id"), rule_id);
        assert_true(valid_level(str_of(res, "level")));
        assert_true(nonempty_text(res, "message"));
        const lf_tj *locs = lf_tj_array(lf_tj_get(res, "locations"), "locations");
        assert_true(lf_tj_count(locs) >= 1);
        const lf_tj *phys = lf_tj_get(lf_tj_at(locs, 0), "physicalLocation");
        const lf_tj *art = lf_tj_object(lf_tj_get(phys, "artifactLocation"), "artifactLocation");
        const char *uri = str_of(art, "uri");
        assert_true(strlen(uri) > 0);
        assert_null(strpbrk(uri, " \\\"#?")); /* a URI reference, not a raw path */
        assert_true(uri[0] != '/');
        if (strncmp(uri, "file://", 7) != 0)
            assert_string_equal(str_of(art, "uriBaseId"), "%SRCROOT%");
        const lf_tj *region = lf_tj_object(lf_tj_get(phys, "region"), "region");
        long start = int_of(region, "startLine"), end = int_of(region, "endLine");
        assert_true(start >= 1);
        assert_true(end >= start);
        if (lf_tj_get(region, "startColumn"))
            assert_true(int_of(region, "startColumn") >= 1);
    }
}

static lf_tj *sarif_of(const lf_report *r)
{
    lf_buf out = LF_BUF_INIT;
    lf_report_sarif(&out, r);
    lf_tj *doc = parse_back(&out);
    lf_buf_free(&out);
    check_sarif(doc);
    return doc;
}

/* The result i of the only run. */
static const lf_tj *result_at(const lf_tj *doc, size_t i)
{
    return lf_tj_at(lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "results"), i);
}

static const lf_tj *region_of(const lf_tj *res)
{
    return lf_tj_get(lf_tj_get(lf_tj_at(lf_tj_get(res, "locations"), 0), "physicalLocation"),
                     "region");
}

static const char *uri_of(const lf_tj *res)
{
    const lf_tj *phys = lf_tj_get(lf_tj_at(lf_tj_get(res, "locations"), 0), "physicalLocation");
    return str_of(lf_tj_get(phys, "artifactLocation"), "uri");
}

static void test_sarif_rules(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_tj *doc = sarif_of(&r);
    const lf_tj *driver =
        lf_tj_get(lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "tool"), "driver");
    char *version = binary_version();
    assert_string_equal(str_of(driver, "version"), version);
    free(version);
    const lf_tj *rules = lf_tj_get(driver, "rules");
    assert_int_equal(lf_tj_count(rules), lf_npasses + 2);
    for (size_t i = 0; i < lf_npasses; i++) {
        const lf_tj *rule = lf_tj_at(rules, i);
        assert_string_equal(str_of(rule, "id"), lf_passes[i].id);
        assert_string_equal(str_of(lf_tj_get(rule, "shortDescription"), "text"),
                            lf_passes[i].summary);
        assert_string_equal(str_of(lf_tj_get(rule, "fullDescription"), "text"), lf_passes[i].why);
        assert_string_equal(str_of(lf_tj_get(rule, "defaultConfiguration"), "level"), "warning");
        assert_non_null(strstr(str_of(lf_tj_get(rule, "help"), "text"), lf_passes[i].why));
        /* the help says how to turn the pass off */
        char skip[64];
        snprintf(skip, sizeof skip, "`--skip=%s`", lf_passes[i].id);
        assert_non_null(strstr(str_of(lf_tj_get(rule, "help"), "markdown"), skip));
    }
    assert_string_equal(str_of(lf_tj_at(rules, 0), "name"), "MergeApt");
    assert_string_equal(str_of(lf_tj_at(rules, lf_npasses), "id"), LF_SARIF_RULE_ERROR);
    assert_string_equal(
        str_of(lf_tj_get(lf_tj_at(rules, lf_npasses), "defaultConfiguration"), "level"), "error");
    assert_string_equal(str_of(lf_tj_at(rules, lf_npasses + 1), "id"), LF_SARIF_RULE_TOOL);
    assert_int_equal(lf_tj_count(lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "results")), 0);
    lf_tj_free(doc);
}

static void test_sarif_results(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    add_node_app(&r);
    add_run(&r, "apk/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", NULL);
    add_run(&r, "bad/Dockerfile", "FROM scratch\nRUN <<EOF\n", NULL);
    lf_report_add_failure(&r, "gone/Dockerfile", "gone/Dockerfile",
                          "gone/Dockerfile: error: cannot read: Permission denied");
    tig d = ignore_result(NEW_IGNORE, true);
    add_ignore(&r, &d, "./app/.dockerignore", "x", "app", NULL, 0);
    tig_free(&d);
    const lf_report_file *f = &r.files[0];

    lf_tj *doc = sarif_of(&r);
    size_t want = 0;
    for (size_t i = 0; i < r.n; i++)
        want += r.files[i].nchanges + r.files[i].nnotes + r.files[i].nerrors;
    const lf_tj *results = lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "results");
    assert_int_equal(lf_tj_count(results), want);

    /* the changes of node-app, in order */
    for (size_t i = 0; i < f->nchanges; i++) {
        const lf_tj *res = result_at(doc, i);
        assert_string_equal(str_of(res, "ruleId"), f->changes[i].pass);
        assert_string_equal(str_of(res, "level"), "warning");
        assert_string_equal(str_of(lf_tj_get(res, "message"), "text"), f->changes[i].why);
        assert_string_equal(uri_of(res), NODE_APP);
        long start = int_of(region_of(res), "startLine"), end = int_of(region_of(res), "endLine");
        assert_int_equal(start, (long)f->changes[i].line);
        /* an insertion shows on the line it goes before */
        if (f->changes[i].end_line < f->changes[i].line)
            assert_int_equal(end, start);
        else
            assert_int_equal(end, (long)f->changes[i].end_line);
    }
    size_t k = f->nchanges;
    /* node-app's note: the advice pass on its base image's tag */
    const lf_tj *note = result_at(doc, k++);
    assert_int_equal(f->nnotes, 1);
    assert_string_equal(str_of(note, "ruleId"), "advice");
    assert_string_equal(str_of(note, "level"), "note");
    assert_string_equal(uri_of(note), NODE_APP);
    assert_int_equal(int_of(region_of(note), "startLine"), 1);
    note = result_at(doc, k++);
    assert_string_equal(str_of(note, "ruleId"), "cache-mounts");
    assert_string_equal(str_of(note, "level"), "note");
    assert_string_equal(uri_of(note), "apk/Dockerfile");
    assert_int_equal(int_of(region_of(note), "startLine"), 2);
    const lf_tj *err = result_at(doc, k++);
    assert_string_equal(str_of(err, "ruleId"), LF_SARIF_RULE_ERROR);
    assert_string_equal(str_of(err, "level"), "error");
    assert_int_equal(int_of(region_of(err), "startLine"), 2);
    assert_int_equal(int_of(region_of(err), "startColumn"), (long)r.files[2].errors[0].col);
    k += r.files[2].nerrors - 1;
    err = result_at(doc, k++);
    assert_string_equal(str_of(lf_tj_get(err, "message"), "text"),
                        "cannot read: Permission denied");
    assert_int_equal(int_of(region_of(err), "startLine"), 1); /* no position: the file */
    assert_null(lf_tj_get(region_of(err), "startColumn"));
    /* the new ignore file: its path, line 1 */
    const lf_tj *ign = result_at(doc, k++);
    assert_string_equal(str_of(ign, "ruleId"), "dockerignore");
    assert_string_equal(uri_of(ign), "app/.dockerignore");
    assert_int_equal(int_of(region_of(ign), "startLine"), 1);
    assert_int_equal(int_of(region_of(ign), "endLine"), 1);
    assert_int_equal(k, want);
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* Insertions at the end of a file point at its last line; notes about the
 * whole file and warnings. */
static void test_sarif_clamped_lines(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    const char *old = "*.log\nbuild\n";
    tig d = ignore_result("*.log\nbuild\n# layerfix: begin\n.git\n# layerfix: end\n", true);
    add_note(&d, NULL, 0, "whole context");
    add_note(&d, "svc/Dockerfile", 40, "COPY . . would include .env");
    lf_report_file *f =
        add_ignore(&r, &d, "svc/.dockerignore", "svc/.dockerignore", "svc", old, strlen(old));
    tig_free(&d);
    assert_int_equal(f->changes[0].line, 3); /* after the last of 2 lines */
    /* a warning note */
    lf_report_note *n = LF_VEC_PUSH(f->notes, f->nnotes, f->notes_cap);
    n->path = strdup("svc/.dockerignore");
    n->line = 9;
    n->pass = "layerfix";
    n->msg = strdup("something worth a warning");
    n->warning = true;

    lf_tj *doc = sarif_of(&r);
    const lf_tj *c = result_at(doc, 0);
    assert_int_equal(int_of(region_of(c), "startLine"), 2);
    assert_int_equal(int_of(region_of(c), "endLine"), 2);
    const lf_tj *n0 = result_at(doc, 1);
    assert_string_equal(uri_of(n0), "svc/.dockerignore");
    assert_int_equal(int_of(region_of(n0), "startLine"), 1);
    /* a note about a Dockerfile keeps its line: it is not this file's */
    const lf_tj *n1 = result_at(doc, 2);
    assert_string_equal(uri_of(n1), "svc/Dockerfile");
    assert_int_equal(int_of(region_of(n1), "startLine"), 40);
    const lf_tj *w = result_at(doc, 3);
    assert_string_equal(str_of(w, "ruleId"), LF_SARIF_RULE_TOOL);
    assert_string_equal(str_of(w, "level"), "warning");
    assert_int_equal(int_of(region_of(w), "startLine"), 2);
    lf_tj_free(doc);
    lf_report_free(&r);

    /* the helper on its own */
    size_t s, e;
    lf_report_show_lines(NULL, 0, 0, &s, &e);
    assert_true(s == 1 && e == 1);
    lf_report_show_lines(NULL, 5, 4, &s, &e);
    assert_true(s == 5 && e == 5);
    lf_report_show_lines(NULL, 3, 7, &s, &e);
    assert_true(s == 3 && e == 7);
    lf_report_file nl = {.old_text = (char *)"a\nb", .old_len = 3};
    lf_report_show_lines(&nl, 3, 2, &s, &e); /* after "b" without a newline */
    assert_true(s == 2 && e == 2);
    lf_report_file empty = {.old_text = (char *)"", .old_len = 0};
    lf_report_show_lines(&empty, 1, 0, &s, &e);
    assert_true(s == 1 && e == 1);
}

static void test_sarif_uris(void **state)
{
    (void)state;
    static const struct {
        const char *path, *uri;
        bool relative;
    } cases[] = {
        {"a/Dockerfile", "a/Dockerfile", true},
        {"./a/Dockerfile", "a/Dockerfile", true},
        {"my app/Dockerfile", "my%20app/Dockerfile", true},
        {"100%/x#y?z", "100%25/x%23y%3Fz", true},
        {"c:d/Dockerfile", "c%3Ad/Dockerfile", true},
        {"caf\xc3\xa9/D", "caf%C3%A9/D", true},
        {"../up/Dockerfile", "../up/Dockerfile", true},
        {"/abs/x y/Dockerfile", "file:///abs/x%20y/Dockerfile", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_buf out = LF_BUF_INIT;
        assert_int_equal(lf_sarif_uri(&out, cases[i].path), cases[i].relative);
        assert_string_equal(lf_buf_cstr(&out), cases[i].uri);
        lf_buf_free(&out);
    }
    /* in a document: encoded, and no base for an absolute path */
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_add_failure(&r, "my app/Dockerfile", "x", "my app/Dockerfile:1:1: error: bad \xff");
    lf_report_add_failure(&r, "/abs/Dockerfile", "x", "/abs/Dockerfile:2:1: error: bad");
    lf_tj *doc = sarif_of(&r);
    assert_string_equal(uri_of(result_at(doc, 0)), "my%20app/Dockerfile");
    assert_string_equal(str_of(lf_tj_get(result_at(doc, 0), "message"), "text"),
                        "bad \xef\xbf\xbd");
    assert_string_equal(uri_of(result_at(doc, 1)), "file:///abs/Dockerfile");
    const lf_tj *art = lf_tj_get(
        lf_tj_get(lf_tj_at(lf_tj_get(result_at(doc, 1), "locations"), 0), "physicalLocation"),
        "artifactLocation");
    assert_null(lf_tj_get(art, "uriBaseId"));
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* A pass id that is not in lf_passes (a test pass) still gets its rule. */
static void test_sarif_unknown_pass(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_source *src;
    const char *text = "FROM scratch\n";
    lf_source_from_bytes(&src, "drop/Dockerfile", text, strlen(text));
    lf_pass passes[1] = {{"breaks", "", "", 1, pass_breaks, NULL, NULL}};
    bool on[1] = {true};
    lf_options opts = {0};
    lf_result res;
    assert_int_equal(lf_pipeline_run_passes(&res, lf_test_parser, src, NULL, &opts, passes, 1, on),
                     0);
    lf_report_add_result(&r, &res, "drop/Dockerfile", "drop/Dockerfile");
    lf_result_free(&res);
    lf_tj *doc = sarif_of(&r); /* checks that ruleIndex points at a rule "breaks" */
    assert_string_equal(str_of(result_at(doc, 0), "ruleId"), "breaks");
    assert_string_equal(str_of(result_at(doc, 0), "level"), "warning");
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* Two JSON values are the same: same type, same numbers and strings,
 * same members in the same order. */
static bool tj_equal(const lf_tj *a, const lf_tj *b)
{
    if (!a || !b || a->type != b->type)
        return false;
    switch (a->type) {
    case LF_TJ_NULL:
        return true;
    case LF_TJ_BOOL:
        return a->boolean == b->boolean;
    case LF_TJ_NUMBER:
        return a->number == b->number;
    case LF_TJ_STRING:
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    case LF_TJ_ARRAY:
    case LF_TJ_OBJECT:
        if (a->n != b->n)
            return false;
        for (size_t i = 0; i < a->n; i++)
            if ((a->type == LF_TJ_OBJECT && strcmp(a->keys[i], b->keys[i]) != 0) ||
                !tj_equal(&a->items[i], &b->items[i]))
                return false;
        return true;
    }
    return false;
}

/* The cache-impact estimates in the run's property bag: the totals and each
 * Dockerfile's estimate, the same values as the JSON report gives. */
static void test_sarif_impact(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    /* no estimate: the bag says so with zeros and no file */
    lf_tj *doc = sarif_of(&r);
    const lf_tj *bag = lf_tj_object(
        lf_tj_get(lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "properties"), "impact"), "bag");
    assert_int_equal(int_of(lf_tj_get(lf_tj_get(bag, "summary"), "source-edit"), "events"), 0);
    assert_int_equal(lf_tj_count(lf_tj_get(bag, "summary")), LF_IMPACT_NKINDS);
    assert_int_equal(lf_tj_count(lf_tj_array(lf_tj_get(bag, "files"), "files")), 0);
    lf_tj_free(doc);

    lf_report_file *f = add_node_app(&r);
    add_run(&r, "apk/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", NULL);
    lf_context ctx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&ctx, lf_test_source_path("examples/node-app"), &err), 0);
    static const char *const named[] = {"nosuch"};
    lf_impact_opts io = {.context = &ctx, .targets = named, .ntargets = 1};
    f->impact = calloc(1, sizeof *f->impact);
    assert_int_equal(lf_impact_estimate_texts(f->impact, lf_test_parser, f->path, f->old_text,
                                              f->old_len, f->new_text, f->new_len, NULL, 0, NULL, 0,
                                              &io),
                     0);
    lf_context_free(&ctx);
    lf_buf_free(&err);

    doc = sarif_of(&r);
    lf_tj *json = json_of(&r, "diff");
    bag = lf_tj_get(lf_tj_get(lf_tj_at(lf_tj_get(doc, "runs"), 0), "properties"), "impact");
    assert_true(
        tj_equal(lf_tj_get(bag, "summary"), lf_tj_get(lf_tj_get(json, "summary"), "impact")));
    const lf_tj *files = lf_tj_get(bag, "files");
    assert_int_equal(lf_tj_count(files), 1); /* apk/Dockerfile has none */
    const lf_tj *one = lf_tj_at(files, 0);
    assert_string_equal(str_of(one, "path"), NODE_APP);
    assert_string_equal(str_of(one, "uri"), NODE_APP);
    const lf_tj *im = lf_tj_get(one, "impact");
    assert_true(tj_equal(im, lf_tj_get(lf_tj_at(lf_tj_get(json, "files"), 0), "impact")));
    /* what it holds: the source edit of the final stage, and the note */
    const lf_tj *tg = lf_tj_at(lf_tj_get(im, "targets"), 0);
    assert_int_equal(lf_tj_get(tg, "target")->type, LF_TJ_NULL);
    const lf_tj *ev = lf_tj_at(lf_tj_get(tg, "events"), 0);
    assert_string_equal(str_of(ev, "event"), "source-edit");
    assert_string_equal(str_of(ev, "subject"), "server.js");
    assert_int_equal(int_of(lf_tj_get(ev, "before"), "runs"), 1);
    assert_string_equal(str_of(lf_tj_at(lf_tj_get(lf_tj_get(ev, "before"), "steps"), 0), "run"),
                        "npm ci");
    assert_int_equal(int_of(lf_tj_get(ev, "after"), "runs"), 0);
    assert_string_equal(lf_tj_str(lf_tj_at(lf_tj_get(im, "notes"), 0), "note", NULL),
                        "target nosuch: not a stage of the original Dockerfile");
    lf_tj_free(json);
    lf_tj_free(doc);
    lf_report_free(&r);
}

/* ---- GitHub ---- */

static char *github_of(const lf_report *r)
{
    lf_buf out = LF_BUF_INIT;
    lf_report_github(&out, r);
    return lf_buf_detach(&out, NULL);
}

static void test_github_real_run(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    add_node_app(&r);
    add_run(&r, "apk/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n", NULL);
    const lf_report_file *f = &r.files[0];
    assert_int_equal(r.files[1].nnotes, 1);
    char *out = github_of(&r);
    lf_buf want = LF_BUF_INIT;
    for (size_t i = 0; i < f->nchanges; i++) {
        const lf_report_change *c = &f->changes[i];
        assert_null(strpbrk(c->why, "%\r\n")); /* nothing to escape in these */
        size_t end = c->end_line < c->line ? c->line : c->end_line;
        lf_buf_printf(&want, "::warning file=%s,line=%zu,endLine=%zu,title=layerfix [%s]::%s\n",
                      NODE_APP, c->line, end, c->pass, c->why);
    }
    /* node-app's note of the advice pass (its base image's tag) */
    assert_int_equal(f->nnotes, 1);
    assert_null(strpbrk(f->notes[0].msg, "%\r\n"));
    lf_buf_printf(&want, "::notice file=%s,line=1,title=layerfix [advice]::%s\n", NODE_APP,
                  f->notes[0].msg);
    const lf_report_note *n = &r.files[1].notes[0];
    assert_null(strpbrk(n->msg, "%\r\n"));
    lf_buf_printf(&want, "::notice file=apk/Dockerfile,line=2,title=layerfix [cache-mounts]::%s\n",
                  n->msg);
    assert_string_equal(out, lf_buf_cstr(&want));
    /* the two lines of the merge-apt change, spelled out */
    assert_non_null(strstr(out, "::warning file=" NODE_APP
                                ",line=4,endLine=4,title=layerfix [merge-apt]::remove the "
                                "standalone `apt-get update` at line 4: "));
    assert_non_null(strstr(out, "::warning file=" NODE_APP ",line=10,endLine=10,title=layerfix "
                                "[copy-manifests-first]::copy the rest of the build context"));
    free(out);
    lf_buf_free(&want);
    lf_report_free(&r);
}

static void test_github_escaping(void **state)
{
    (void)state;
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    tig d = ignore_result(NEW_IGNORE, true);
    add_note(&d, NULL, 0, "50% of it: a, b\r\nand c");
    add_note(&d, "a,b:c/Dockerfile", 7, "COPY . . would include .env");
    lf_report_file *f = add_ignore(&r, &d, "./a,b:c/.docker%ignore", "x", "a,b:c", NULL, 0);
    tig_free(&d);
    free(f->changes[0].why);
    f->changes[0].why = strdup("adds 2 rules: .git, **/node_modules\n100% smaller");
    lf_report_note *n = LF_VEC_PUSH(f->notes, f->nnotes, f->notes_cap);
    n->path = strdup("a,b:c/.docker%ignore");
    n->line = 1;
    n->pass = "layerfix";
    n->msg = strdup("dropped");
    n->warning = true;
    lf_report_add_failure(&r, "x,y/Dockerfile", "x",
                          "x,y/Dockerfile:3:7: error: unexpected ':' in \"a,b\"\n"
                          "x,y/Dockerfile: error: cannot read: %s denied");
    char *out = github_of(&r);
    assert_string_equal(
        out, "::warning file=a%2Cb%3Ac/.docker%25ignore,line=1,endLine=1,"
             "title=layerfix [dockerignore]::adds 2 rules: .git, **/node_modules%0A100%25 smaller\n"
             "::notice file=a%2Cb%3Ac/.docker%25ignore,title=layerfix [dockerignore]::"
             "50%25 of it: a, b%0D%0Aand c\n"
             "::notice file=a%2Cb%3Ac/Dockerfile,line=7,title=layerfix [dockerignore]::"
             "COPY . . would include .env\n"
             "::warning file=a%2Cb%3Ac/.docker%25ignore,line=1,title=layerfix::dropped\n"
             "::error file=x%2Cy/Dockerfile,line=3,col=7,title=layerfix::"
             "unexpected ':' in \"a,b\"\n"
             "::error file=x%2Cy/Dockerfile,title=layerfix::cannot read: %25s denied\n");
    free(out);
    lf_report_free(&r);
}

static void test_github_escape_function(void **state)
{
    (void)state;
    lf_buf out = LF_BUF_INIT;
    lf_github_escape(&out, "a%b\rc\nd:e,f", false);
    assert_string_equal(lf_buf_cstr(&out), "a%25b%0Dc%0Ad:e,f");
    lf_buf_clear(&out);
    lf_github_escape(&out, "a%b\rc\nd:e,f", true);
    assert_string_equal(lf_buf_cstr(&out), "a%25b%0Dc%0Ad%3Ae%2Cf");
    lf_buf_clear(&out);
    /* an empty report says nothing */
    lf_report r = LF_REPORT_INIT(&lf_pass_table_all);
    lf_report_github(&out, &r);
    assert_int_equal(out.len, 0);
    assert_string_equal(lf_buf_cstr(&out), "");
    lf_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_real_run),
        cmocka_unit_test(test_json_ignore_files),
        cmocka_unit_test(test_json_real_ignore_proposal),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_notes),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_empty_report),
        cmocka_unit_test(test_json_verify),
        cmocka_unit_test(test_sarif_rules),
        cmocka_unit_test(test_sarif_results),
        cmocka_unit_test(test_sarif_clamped_lines),
        cmocka_unit_test(test_sarif_uris),
        cmocka_unit_test(test_sarif_unknown_pass),
        cmocka_unit_test(test_sarif_impact),
        cmocka_unit_test(test_github_real_run),
        cmocka_unit_test(test_github_escaping),
        cmocka_unit_test(test_github_escape_function),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
