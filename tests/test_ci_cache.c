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

#include "analysis.h"
#include "buf.h"
#include "ci.h"
#include "ci_cache.h"
#include "cinotes.h"
#include "cmdscan.h"
#include "context_fs.h"
#include "dockerbuild.h"
#include "edit.h"
#include "inline_control.h"
#include "model.h"
#include "source.h"
#include "yamltree.h"

#include <ctype.h>
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
        lf_analysis *an = lf_analyze(doc);
        r->rc = lf_pass_advice(doc, an, &r->ctx, &r->edits);
        lf_analysis_free(an);
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

/* ---- the YAML tree ------------------------------------------------------------ */

static void test_ytree_offsets_are_bytes(void **state)
{
    (void)state;
    const char *y = "\xef\xbb\xbf"
                    "a: \xc3\xa9t\xc3\xa9\r\n"
                    "b: |\r\n  x\r\n  y\r\n"
                    "c: [1, {d: 2}]\r\n";
    lf_ytree t;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_ytree_parse(&t, y, strlen(y), &err, NULL), 0);
    assert_int_equal(t.nroots, 1);
    size_t root = t.roots[0], k;
    size_t v = lf_ymap_get(&t, root, "a", &k);
    assert_int_equal(t.nodes[k].start, 3); /* after the BOM */
    assert_int_equal(t.nodes[v].start, (size_t)(strstr(y, "\xc3\xa9t") - y));
    assert_int_equal(t.nodes[v].end, (size_t)(strstr(y, "\r\nb:") - y));
    assert_string_equal(lf_yscalar(&t, v), "\xc3\xa9t\xc3\xa9");
    v = lf_ymap_get(&t, root, "b", NULL);
    assert_int_equal(t.nodes[v].style, LF_YS_LITERAL);
    assert_string_equal(lf_yscalar(&t, v), "x\ny\n");
    assert_int_equal(t.nodes[v].end, (size_t)(strstr(y, "c:") - y));
    size_t a, e;
    bool folded;
    assert_true(lf_yscalar_source(&t, y, v, &a, &e, &folded));
    assert_int_equal(a, (size_t)(strstr(y, "  x") - y));
    assert_false(folded);
    v = lf_ymap_get(&t, root, "c", NULL);
    assert_int_equal(t.nodes[v].kind, LF_Y_SEQ);
    assert_true(t.nodes[v].flow);
    assert_int_equal(t.nodes[v].end, (size_t)(strstr(y, "]") - y) + 1);
    assert_int_equal(lf_ynode_last_byte(&t, root), t.nodes[v].end);
    assert_true(t.nodes[t.nodes[v].kids[1]].flow);
    assert_int_equal(lf_ymap_get(&t, root, "zz", NULL), LF_YNONE);
    lf_ytree_free(&t);
    lf_buf_free(&err);
}

static void test_ytree_anchors_aliases_tags(void **state)
{
    (void)state;
    const char *y = "a: &x {b: 1}\nc: *x\nd: !!str 5\ne: !reference [.x, y]\nf: 'q'\n";
    lf_ytree t;
    assert_int_equal(lf_ytree_parse(&t, y, strlen(y), NULL, NULL), 0);
    size_t r = t.roots[0];
    assert_true(t.nodes[lf_ymap_get(&t, r, "a", NULL)].anchored);
    assert_int_equal(t.nodes[lf_ymap_get(&t, r, "c", NULL)].kind, LF_Y_ALIAS);
    assert_true(t.nodes[lf_ymap_get(&t, r, "d", NULL)].tagged);
    assert_true(t.nodes[lf_ymap_get(&t, r, "e", NULL)].tagged);
    assert_false(t.nodes[lf_ymap_get(&t, r, "a", NULL)].tagged);
    size_t f = lf_ymap_get(&t, r, "f", NULL);
    assert_int_equal(t.nodes[f].style, LF_YS_SINGLE);
    size_t a, e;
    bool folded;
    assert_true(lf_yscalar_source(&t, y, f, &a, &e, &folded));
    assert_int_equal(e - a, 1);
    assert_int_equal(y[a], 'q');
    lf_ytree_free(&t);
}

static void test_ytree_error_has_position(void **state)
{
    (void)state;
    const char *y = "a: 1\nb: [1, 2\nc: 3\n";
    lf_ytree t;
    lf_buf err = LF_BUF_INIT;
    size_t off = (size_t)-1;
    assert_int_equal(lf_ytree_parse(&t, y, strlen(y), &err, &off), -1);
    assert_int_equal(t.n, 0);
    unsigned line, col;
    assert_int_equal(sscanf(lf_buf_cstr(&err), "%u:%u:", &line, &col), 2);
    assert_true(line >= 2);
    assert_true(off <= strlen(y));
    lf_buf_free(&err);
}

/* ---- the command scanner and docker build lines ------------------------------- */

static void assert_words(const ci_cmd *c, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        assert_true(n < c->n);
        assert_string_equal(c->w[n].text, want[n]);
    }
    assert_int_equal(c->n, n);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_cmdscan_words_and_separators(void **state)
{
    (void)state;
    const char *t = "FOO=1 sudo -E docker build -t \"a b\" --build-arg 'X=y z' . 2>&1 | tee log; "
                    "echo $(date +%s) && ls # comment\nnext \\\n  line\n";
    ci_cmds c = {0};
    ci_cmds_scan(&c, t, 0, strlen(t), 0);
    assert_int_equal(c.n, 5);
    assert_words(&c.items[0], WORDS("FOO=1", "sudo", "-E", "docker", "build", "-t", "a b",
                                    "--build-arg", "X=y z", "."));
    assert_words(&c.items[1], WORDS("tee", "log"));
    assert_words(&c.items[2], WORDS("echo", "$(date +%s)"));
    assert_words(&c.items[3], WORDS("ls"));
    assert_words(&c.items[4], WORDS("next", "line"));
    assert_int_equal(ci_cmd_program(&c.items[0]), 3);
    const ci_word *ab = &c.items[0].w[6];
    assert_int_equal(ab->start, (size_t)(strstr(t, "\"a b\"") - t));
    assert_int_equal(ab->end - ab->start, 5);
    assert_true(ci_word_is_assign(&c.items[0].w[0]));
    assert_false(ci_word_is_assign(&c.items[0].w[1]));
    assert_true(ci_word_is_assign(&c.items[0].w[8])); /* the value `X=y z` looks like one */
    ci_cmds_free(&c);
}

static void test_cmdscan_fold_and_make(void **state)
{
    (void)state;
    const char *t = "docker build\n  --no-cache .\n";
    ci_cmds c = {0};
    ci_cmds_scan(&c, t, 0, strlen(t), LF_CMDSCAN_FOLD);
    assert_int_equal(c.n, 1);
    assert_words(&c.items[0], WORDS("docker", "build", "--no-cache", "."));
    ci_cmds_free(&c);
    ci_cmds_scan(&c, t, 0, strlen(t), 0);
    assert_int_equal(c.n, 2);
    ci_cmds_free(&c);
    const char *mk = "build:\n\t@docker build -t $$HOME/x . \\\n\t\t--pull\n\t-rm -f x\n";
    ci_cmds_scan(&c, mk, 0, strlen(mk), LF_CMDSCAN_MAKE);
    assert_int_equal(c.n, 3);
    assert_words(&c.items[0], WORDS("build:"));
    assert_words(&c.items[1], WORDS("docker", "build", "-t", "$HOME/x", ".", "--pull"));
    assert_words(&c.items[2], WORDS("rm", "-f", "x"));
    ci_cmds_free(&c);
}

/* Reads the first command of t as a docker build. */
static bool read_build(const char *t, ci_cmds *c, lf_docker_build *b)
{
    memset(c, 0, sizeof *c);
    ci_cmds_scan(c, t, 0, strlen(t), 0);
    assert_true(c->n >= 1);
    return lf_docker_build_read(&c->items[0], b);
}

static void test_docker_build_lines(void **state)
{
    (void)state;
    ci_cmds c;
    lf_docker_build b;
    assert_true(read_build("docker build .", &c, &b));
    assert_false(b.buildx);
    assert_int_equal(b.cache_from, LF_DB_NONE);
    assert_int_equal(b.no_cache, LF_DB_NONE);
    ci_cmds_free(&c);
    assert_true(
        read_build("docker buildx build --cache-from=type=gha --cache-to type=gha .", &c, &b));
    assert_true(b.buildx);
    assert_int_equal(b.cache_from, 3);
    assert_int_equal(b.cache_to, 4);
    ci_cmds_free(&c);
    assert_true(read_build("docker --context remote buildx --builder b build -t x .", &c, &b));
    assert_true(b.buildx);
    assert_string_equal(b.tag_value, "x");
    ci_cmds_free(&c);
    assert_true(read_build("docker image build --no-cache .", &c, &b));
    assert_int_equal(b.no_cache, 3);
    ci_cmds_free(&c);
    assert_true(read_build("docker build --no-cache=false .", &c, &b));
    assert_int_equal(b.no_cache, LF_DB_NONE);
    ci_cmds_free(&c);
    assert_true(read_build("/usr/bin/docker build --build-arg A=1 --build-arg=NPM_TOKEN "
                           "--tag=reg.io/a/b:1 -f x.Dockerfile .",
                           &c, &b));
    assert_int_equal(b.nargs, 2);
    assert_int_equal(b.args[0].name_len, 1);
    assert_string_equal(b.args[0].value, "1");
    assert_memory_equal(b.args[1].name, "NPM_TOKEN", 9);
    assert_null(b.args[1].value);
    assert_string_equal(b.tag_value, "reg.io/a/b:1");
    ci_cmds_free(&c);
    assert_false(read_build("docker run --rm x", &c, &b));
    ci_cmds_free(&c);
    assert_false(read_build("podman build .", &c, &b));
    ci_cmds_free(&c);
    assert_false(read_build("docker buildx create --use", &c, &b));
    assert_true(lf_docker_cmd_is(&c.items[0], "buildx create"));
    assert_true(lf_docker_cmd_any(&c.items[0]));
    assert_false(lf_docker_cmd_is(&c.items[0], "login"));
    ci_cmds_free(&c);
    assert_true(read_build("$(DOCKER) build .", &c, &b));
    ci_cmds_free(&c);
}

static void test_docker_cache_ref(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"ghcr.io/acme/app:1.2", "ghcr.io/acme/app:buildcache"},
        {"localhost:5000/app", "localhost:5000/app:buildcache"},
        {"app:dev", "<registry>/app:buildcache"},
        {"$IMAGE:${TAG:-latest}", "$IMAGE:buildcache"},
        {"reg.io/a@sha256:abc", "reg.io/a:buildcache"},
        {"${{ env.R }}/app:${{ github.sha }}", "${{ env.R }}/app:buildcache"},
    };
    lf_buf ref = LF_BUF_INIT;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_docker_build b = {.tag_value = cases[i][0]};
        assert_true(lf_docker_cache_ref(&b, &ref));
        assert_string_equal(lf_buf_cstr(&ref), cases[i][1]);
    }
    lf_docker_build none = {0};
    assert_false(lf_docker_cache_ref(&none, &ref));
    lf_buf_free(&ref);
}

/* ---- the knowledge table's rules ------------------------------------------------ */

static void test_secret_names(void **state)
{
    (void)state;
    static const char *const yes[] = {"NPM_TOKEN",
                                      "npm_token",
                                      "GITHUB_TOKEN",
                                      "DB_PASSWORD",
                                      "AWS_SECRET_ACCESS_KEY",
                                      "API_KEY",
                                      "TOKEN",
                                      "SECRET",
                                      "PASSWORD",
                                      "GH_PAT",
                                      "DB_PASS",
                                      "SSH_PRIVATE_KEY",
                                      "AWS_ACCESS_KEY_ID",
                                      "REGISTRY_CREDENTIALS"};
    static const char *const no[] = {"GPG_KEY",
                                     "RSA_PUBLIC_KEY",
                                     "CACHE_KEY",
                                     "KEY",
                                     "PASS",
                                     "TOKENIZER",
                                     "MONKEY",
                                     "BYPASS",
                                     "SIGNING_KEY_ID",
                                     "PAT",
                                     "NODE_ENV",
                                     "GIT_SHA",
                                     "WORDPRESS_CLI_GPG_KEY",
                                     "NEXT_PUBLIC_POSTHOG_KEY",
                                     "VITE_API_KEY"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!lf_ci_secret_name(yes[i], strlen(yes[i])))
            fail_msg("%s should be a secret name", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (lf_ci_secret_name(no[i], strlen(no[i])))
            fail_msg("%s should not be a secret name", no[i]);
}

static void test_tag_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *ref;
        lf_tag_kind kind;
        const char *tag;
    } cases[] = {
        {"python:3", LF_TAG_MAJOR_ONLY, "3"},
        {"python:3.12", LF_TAG_PINNED, "3.12"},
        {"python:3-slim", LF_TAG_MAJOR_ONLY, "3-slim"},
        {"node:20-alpine", LF_TAG_MAJOR_ONLY, "20-alpine"},
        {"node:lts", LF_TAG_FLOATING, "lts"},
        {"node:lts-alpine", LF_TAG_FLOATING, "lts-alpine"},
        {"python:alpine", LF_TAG_FLOATING, "alpine"},
        {"img:latest", LF_TAG_FLOATING, "latest"},
        {"node", LF_TAG_NONE, ""},
        {"localhost:5000/app", LF_TAG_NONE, ""},
        {"localhost:5000/app:v2", LF_TAG_MAJOR_ONLY, "v2"},
        {"debian:bookworm", LF_TAG_PINNED, "bookworm"},
        {"ubuntu:22.04", LF_TAG_PINNED, "22.04"},
        {"golang:1.22.5-bookworm", LF_TAG_PINNED, "1.22.5-bookworm"},
        {"mcr.microsoft.com/windows/servercore:1809-amd64", LF_TAG_PINNED, "1809-amd64"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *tag;
        size_t tl;
        lf_tag_kind k = lf_ci_tag_kind(cases[i].ref, strlen(cases[i].ref), &tag, &tl);
        if (k != cases[i].kind || tl != strlen(cases[i].tag) || memcmp(tag, cases[i].tag, tl))
            fail_msg("%s: kind %d tag '%.*s'", cases[i].ref, (int)k, (int)tl, tag);
    }
}

static void test_stamps_and_action_trains(void **state)
{
    (void)state;
    assert_non_null(lf_ci_stamp_find("date", NULL));
    assert_non_null(lf_ci_stamp_find("git", "rev-parse"));
    assert_non_null(lf_ci_stamp_find("git", "describe"));
    assert_null(lf_ci_stamp_find("git", "status"));
    assert_null(lf_ci_stamp_find("git", NULL));
    assert_null(lf_ci_stamp_find("echo", NULL));
    assert_int_equal(lf_ci_setup_buildx_major(2), 1);
    assert_int_equal(lf_ci_setup_buildx_major(5), 3);
    assert_int_equal(lf_ci_setup_buildx_major(6), 3);
    assert_int_equal(lf_ci_setup_buildx_major(7), 4);
    assert_int_equal(lf_ci_setup_buildx_major(0), 4);
}

/* ---- notes -------------------------------------------------------------------------- */

static void test_value_var(void **state)
{
    (void)state;
    const char *v;
    size_t n;
    assert_true(lf_ci_value_var("$X", &v, &n));
    assert_int_equal(n, 1);
    assert_true(lf_ci_value_var("${NPM_TOKEN}", &v, &n));
    assert_memory_equal(v, "NPM_TOKEN", 9);
    assert_true(lf_ci_value_var("$(TOKEN)", &v, &n));
    assert_int_equal(n, 5);
    assert_false(lf_ci_value_var("$X-y", &v, &n));
    assert_false(lf_ci_value_var("abc", &v, &n));
    assert_false(lf_ci_value_var("${X:-d}", &v, &n));
    assert_false(lf_ci_value_var("${{ secrets.X }}", &v, &n));
    assert_false(lf_ci_value_var(NULL, &v, &n));
}

static void test_legacy_builder_forms(void **state)
{
    (void)state;
    const char *t = "DOCKER_BUILDKIT=0 docker build .\n"
                    "export DOCKER_BUILDKIT=0\n"
                    "  DOCKER_BUILDKIT: \"0\"\n"
                    "DOCKER_BUILDKIT ?= 0\n"
                    "env: {DOCKER_BUILDKIT: false}\n"
                    "DOCKER_BUILDKIT=1\n"
                    "DOCKER_BUILDKIT=01\n"
                    "MY_DOCKER_BUILDKIT=0\n"
                    "DOCKER_BUILDKIT_X=0\n";
    lf_ctx ctx = {0};
    lf_ci_notes_legacy_builder(t, strlen(t), &ctx);
    assert_int_equal(ctx.nnotes, 5);
    for (size_t i = 0; i < ctx.nnotes; i++) {
        assert_int_equal(line_at(t, ctx.notes[i].offset), i + 1);
        assert_non_null(strstr(ctx.notes[i].msg, "legacy builder"));
    }
    assert_non_null(strstr(ctx.notes[4].msg, "set to `false`"));
    lf_ctx_free_notes(&ctx);
}

/* ---- workflows -------------------------------------------------------------------- */

/* The pass's output for workflow y (caller frees), with the number of notes. */
static char *workflow_out(const char *y, size_t *nnotes)
{
    run_t r;
    run_text(&r, K_WORKFLOW, "w.yml", y, strlen(y));
    assert_int_equal(r.rc, 0);
    if (nnotes)
        *nnotes = r.ctx.nnotes;
    char *out = lf_buf_detach(&r.out, NULL);
    run_free(&r);
    return out;
}

static void test_workflow_invalid_yaml(void **state)
{
    (void)state;
    const char *y = "jobs:\n  a: [\n";
    run_t r;
    run_text(&r, K_WORKFLOW, "ci/w.yml", y, strlen(y));
    assert_int_equal(r.rc, -1);
    assert_int_equal(r.edits.n, 0);
    assert_int_equal(r.ctx.nnotes, 1);
    assert_non_null(strstr(r.ctx.notes[0].msg, "ci/w.yml:"));
    assert_non_null(strstr(r.ctx.notes[0].msg, "not valid YAML"));
    run_free(&r);
    run_text(&r, K_SCRIPT, ".gitlab-ci.yml", y, strlen(y));
    assert_int_equal(r.rc, -1);
    run_free(&r);
}

static void test_workflow_odd_line_breaks_are_not_edited(void **state)
{
    (void)state;
    static const char *const ys[] = {
        "jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\r        with: {}\n",
        "jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n# \xe2\x80\xa8\n"};
    for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++) {
        run_t r;
        run_text(&r, K_WORKFLOW, "w.yml", ys[i], strlen(ys[i]));
        assert_int_equal(r.rc, 0);
        assert_int_equal(r.edits.n, 0);
        assert_int_equal(r.ctx.nnotes, 1);
        assert_non_null(strstr(r.ctx.notes[0].msg, "a line break other than LF or CRLF"));
        run_free(&r);
    }
}

static void test_workflow_other_yaml_is_left_alone(void **state)
{
    (void)state;
    static const char *const ys[] = {"", "- a\n- b\n", "name: x\n", "jobs: 3\n",
                                     "jobs:\n  a:\n    steps: {x: 1}\n"};
    for (size_t i = 0; i < sizeof ys / sizeof ys[0]; i++) {
        size_t n;
        char *out = workflow_out(ys[i], &n);
        assert_string_equal(out, ys[i]);
        assert_int_equal(n, 0);
        free(out);
    }
}

#define STEP(with) "      - uses: docker/build-push-action@v6\n        with:\n" with
#define JOB(id, steps)                                                                             \
    "  " id ":\n    runs-on: ubuntu-latest\n    steps:\n"                                          \
    "      - uses: docker/setup-buildx-action@v3\n" steps

static void test_scope_names(void **state)
{
    (void)state;
    const char *y = "jobs:\n" JOB(
        "api",
        "      - id: m\n        uses: docker/metadata-action@v5\n"
        "        with:\n          images: name=ghcr.io/acme/api,enable=true\n" STEP(
            "          tags: ${{ steps.m.outputs.tags }}\n")) "  web:\n    env:\n      IMG: "
                                                              "acme/Web_App\n    steps:\n"
                                                              "      - uses: "
                                                              "docker/"
                                                              "setup-buildx-action@v3\n" STEP(
                                                                  "          tags: ${{ env.IMG "
                                                                  "}}:1\n") JOB("file",
                                                                                STEP(
                                                                                    "          "
                                                                                    "file: "
                                                                                    "build/"
                                                                                    "pay."
                                                                                    "Dockerfile\n"))
                                                                  JOB("ctx",
                                                                      STEP("          context: "
                                                                           "\"{{defaultContext}}:"
                                                                           "services/mail\"\n"))
                                                                      JOB("build",
                                                                          STEP("          push: "
                                                                               "false\n")
                                                                              STEP("          "
                                                                                   "push: false\n"))
                                                                          JOB("repo",
                                                                              STEP(
                                                                                  "          tags: "
                                                                                  "ghcr.io/${{ "
                                                                                  "github."
                                                                                  "repository "
                                                                                  "}}:latest\n"));
    char *out = workflow_out(y, NULL);
    static const char *const scopes[] = {"api",   "web_app", "pay", "mail",
                                         "build", "build-2", "repo"};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "type=gha,scope=%s,mode=max", scopes[i]);
        if (!strstr(out, want))
            fail_msg("no '%s' in:\n%s", want, out);
    }
    free(out);
}

static void test_one_image_gets_no_scope(void **state)
{
    (void)state;
    const char *y = "jobs:\n" JOB("a", STEP("          tags: ghcr.io/acme/app:pr\n"))
        JOB("b", STEP("          tags: ghcr.io/acme/app:latest\n"));
    char *out = workflow_out(y, NULL);
    assert_null(strstr(out, "scope="));
    assert_non_null(strstr(out, "cache-to: type=gha,mode=max\n"));
    free(out);
}

static void test_setup_buildx_once_per_job(void **state)
{
    (void)state;
    const char *y = "jobs:\n  a:\n    steps:\n      - run: echo\n"
                    "      - uses: docker/build-push-action@v5\n"
                    "        with:\n          push: true\n          tags: r.io/a/x:1\n"
                    "      - uses: docker/build-push-action@v5\n"
                    "        with:\n          push: true\n          tags: r.io/a/y:1\n";
    char *out = workflow_out(y, NULL);
    const char *first = strstr(out, "setup-buildx-action@v3");
    assert_non_null(first);
    assert_null(strstr(first + 1, "setup-buildx-action"));
    assert_true(first < strstr(out, "build-push-action"));
    assert_non_null(strstr(out, "scope=x,mode=max"));
    assert_non_null(strstr(out, "scope=y,mode=max"));
    free(out);
}

static void test_setup_buildx_follows_the_release_train(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"docker/build-push-action@v7", "docker/setup-buildx-action@v4\n"},
        {"docker/build-push-action@v4.1.1", "docker/setup-buildx-action@v2\n"},
        {"docker/build-push-action@0565240e2d4ab88bba5387d719585280857ece09 # v5.0.0",
         "docker/setup-buildx-action@v3\n"},
        {"docker/build-push-action@0565240e2d4ab88bba5387d719585280857ece09",
         "docker/setup-buildx-action@v4\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_buf y = LF_BUF_INIT;
        lf_buf_printf(&y, "jobs:\n  a:\n    steps:\n      - uses: %s\n", cases[i][0]);
        char *out = workflow_out(lf_buf_cstr(&y), NULL);
        if (!strstr(out, cases[i][1]))
            fail_msg("%s: no %s in:\n%s", cases[i][0], cases[i][1], out);
        free(out);
        lf_buf_free(&y);
    }
}

/* ---- invariants over mutated workflows ----------------------------------------------- */

/* A scalar of a YAML text with the keys that lead to it (`#` for a list item). */
typedef struct {
    char path[256];
    char val[128];
    bool is_key;
} yev;

/* The scalars of text in document order; -1 when it does not parse. */
static int yaml_scalars(const char *t, size_t n, yev *out, int max)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)t, n);
    char key[32][64];
    bool map[32], want_key[32];
    int d = 0, cnt = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            yaml_parser_delete(&p);
            return -1;
        }
        int ty = e.type;
        bool is_key = ty == YAML_SCALAR_EVENT && d > 0 && map[d - 1] && want_key[d - 1];
        if (ty == YAML_SCALAR_EVENT && cnt < max) {
            yev *v = &out[cnt++];
            v->path[0] = 0;
            for (int i = 0; i < d - (int)is_key && i < 32; i++)
                snprintf(v->path + strlen(v->path), sizeof v->path - strlen(v->path), "/%s",
                         map[i] ? key[i] : "#");
            snprintf(v->val, sizeof v->val, "%s", (const char *)e.data.scalar.value);
            v->is_key = is_key;
        }
        if (ty == YAML_SCALAR_EVENT && d > 0 && map[d - 1]) {
            if (is_key)
                snprintf(key[d - 1], sizeof key[d - 1], "%s", (const char *)e.data.scalar.value);
            want_key[d - 1] = !is_key;
        } else if (ty == YAML_ALIAS_EVENT && d > 0 && map[d - 1]) {
            want_key[d - 1] = !want_key[d - 1];
        } else if (ty == YAML_MAPPING_START_EVENT || ty == YAML_SEQUENCE_START_EVENT) {
            if (d < 32) {
                map[d] = ty == YAML_MAPPING_START_EVENT;
                want_key[d] = true;
                key[d][0] = 0;
            }
            d++;
        } else if (ty == YAML_MAPPING_END_EVENT || ty == YAML_SEQUENCE_END_EVENT) {
            d--;
            if (d > 0 && d <= 32 && map[d - 1])
                want_key[d - 1] = true;
        }
        yaml_event_delete(&e);
        if (ty == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return cnt;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* What the pass may add: a `with:` key, the cache keys and values, a
 * setup-buildx step's name and uses. */
static bool allowed_addition(const yev *e)
{
    if (e->is_key)
        return (ends_with(e->path, "steps/#") &&
                (!strcmp(e->val, "with") || !strcmp(e->val, "name") || !strcmp(e->val, "uses"))) ||
               (ends_with(e->path, "steps/#/with") &&
                (!strcmp(e->val, "cache-from") || !strcmp(e->val, "cache-to")));
    if (ends_with(e->path, "steps/#/with/cache-from") ||
        ends_with(e->path, "steps/#/with/cache-to"))
        return strncmp(e->val, "type=gha", 8) == 0;
    if (ends_with(e->path, "steps/#/name"))
        return strcmp(e->val, "Set up Docker Buildx") == 0;
    return ends_with(e->path, "steps/#/uses") &&
           strncmp(e->val, "docker/setup-buildx-action@", 27) == 0;
}

/* The output's scalars are the input's, in order and under the same keys,
 * plus allowed additions (an empty `with:` may become a mapping). */
static bool only_additions(const char *in, size_t n, const char *out, size_t m, lf_buf *why)
{
    static yev a[4096], b[4096];
    int na = yaml_scalars(in, n, a, 4096), nb = yaml_scalars(out, m, b, 4096), i = 0;
    if (na < 0 || nb < 0 || na >= 4096 || nb >= 4096)
        return na >= 0 && nb >= 0; /* too large for the check: skip it */
    for (int j = 0; j < nb; j++) {
        if (i < na && !strcmp(a[i].path, b[j].path) && !strcmp(a[i].val, b[j].val)) {
            i++;
        } else if (i < na && !a[i].is_key && !a[i].val[0] && ends_with(a[i].path, "steps/#/with")) {
            i++;
            j--;
        } else if (!allowed_addition(&b[j])) {
            lf_buf_printf(why, "added %s = %s", b[j].path, b[j].val);
            return false;
        }
    }
    if (i < na)
        lf_buf_printf(why, "lost %s = %s", a[i].path, a[i].val);
    return i == na;
}

/* Deletes, inserts, replaces a byte or doubles a line of t, a few times. */
static size_t mutate(char *t, size_t len, size_t cap, unsigned *seed)
{
    static const char bytes[] = " -:\n#{}[]&*'\"|>\t\rx";
    int muts = 1 + (int)(*seed % 3);
    for (int m = 0; m < muts; m++) {
        *seed = *seed * 1103515245u + 12345u;
        size_t pos = len ? (*seed >> 8) % len : 0;
        char c = bytes[(*seed >> 4) % (sizeof bytes - 1)];
        switch ((*seed >> 16) % 4) {
        case 0:
            if (len) {
                memmove(t + pos, t + pos + 1, len - pos - 1);
                len--;
            }
            break;
        case 1:
            if (len + 1 < cap) {
                memmove(t + pos + 1, t + pos, len - pos);
                t[pos] = c;
                len++;
            }
            break;
        case 2:
            if (len)
                t[pos] = c;
            break;
        default: {
            size_t s = pos, e = pos;
            while (s && t[s - 1] != '\n')
                s--;
            while (e < len && t[e] != '\n')
                e++;
            e += e < len;
            if (len + (e - s) < cap) {
                memmove(t + e + (e - s), t + e, len - e);
                memcpy(t + e, t + s, e - s);
                len += e - s;
            }
        }
        }
    }
    return len;
}

/* Each golden workflow mutated many times: whenever the mutant is valid
 * YAML, the pass's output is valid YAML, holds the mutant's scalars under
 * the same keys plus the pass's own, and a second run proposes nothing. */
static void test_mutated_workflows_keep_the_invariants(void **state)
{
    (void)state;
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s", lf_test_source_path("corpus/ci-cache"));
    DIR *d = opendir(root);
    assert_non_null(d);
    struct dirent *e;
    unsigned seed = 17;
    size_t tried = 0, edited = 0;
    static char t[1 << 16];
    while ((e = readdir(d)) != NULL) {
        char *dir = strdup(join(root, e->d_name));
        char *input = e->d_name[0] == '.' ? NULL : input_of(dir);
        size_t n;
        char *src =
            input && kind_of(input) == K_WORKFLOW ? lf_test_read_file(join(dir, input), &n) : NULL;
        for (int it = 0; src && n < sizeof t / 2 && it < 150; it++) {
            memcpy(t, src, n);
            size_t len = mutate(t, n, sizeof t, &seed);
            if (!yaml_loads(t, len))
                continue;
            run_t r;
            run_text(&r, K_WORKFLOW, input, t, len);
            tried++;
            edited += r.edits.n > 0;
            lf_buf why = LF_BUF_INIT;
            if (r.edits.n && !yaml_loads(r.out.data, r.out.len))
                fail_msg("%s: the output of a mutant is not YAML:\n%s", e->d_name, r.out.data);
            if (r.edits.n && !only_additions(t, len, r.out.data, r.out.len, &why))
                fail_msg("%s: %s in:\n%s", e->d_name, lf_buf_cstr(&why), r.out.data);
            run_t again;
            run_text(&again, K_WORKFLOW, input, r.out.data, r.out.len);
            if (again.edits.n)
                fail_msg("%s: a second run edits again:\n%s", e->d_name, again.out.data);
            run_free(&again);
            run_free(&r);
            lf_buf_free(&why);
        }
        free(src);
        free(input);
        free(dir);
    }
    closedir(d);
    print_message("mutants: %zu valid, %zu edited\n", tried, edited);
    assert_true(edited > 100);
}

/* No tool or action name is spelled in the pass's own code: they come from
 * the knowledge table (passes/knowledge/ci.c). String literals only:
 * comments may name them. */
static void test_no_tool_names_in_pass_code(void **state)
{
    (void)state;
    const char *names[32];
    size_t nn = 0;
    names[nn++] = lf_docker.programs[0];
    names[nn++] = lf_docker.buildx;
    names[nn++] = lf_ci_stamp_find("date", NULL)->program;
    names[nn++] = lf_ci_stamp_find("git", "rev-parse")->program;
    names[nn++] = lf_ci_tee_programs[0];
    names[nn++] = lf_ci_shell_wrappers[0];
    names[nn++] = lf_gha.build_push;
    names[nn++] = lf_gha.setup_buildx;
    names[nn++] = lf_gha.metadata;
    for (const char *const *l = lf_gha.login_actions; *l && nn < 32; l++)
        names[nn++] = *l;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", lf_test_source_path("passes/ci_cache"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 3 || (strcmp(e->d_name + l - 2, ".c") != 0 && strcmp(e->d_name + l - 2, ".h")))
            continue;
        files++;
        char *src = lf_test_read_file(join(dir, e->d_name), NULL);
        assert_non_null(src);
        for (char *p = src; *p; p++) {
            if (p[0] == '/' && p[1] == '*') { /* comments may name tools */
                char *end = strstr(p + 2, "*/");
                p = end ? end + 1 : p + strlen(p) - 1;
                continue;
            }
            if (p[0] == '\'' && p[1] && p[2] == '\'') { /* '"' */
                p += 2;
                continue;
            }
            if (*p != '"')
                continue;
            char *q = p + 1;
            while (*q && *q != '"')
                q += *q == '\\' && q[1] ? 2 : 1;
            for (size_t i = 0; i < nn; i++) {
                size_t k = strlen(names[i]);
                for (char *h = p + 1; h + k <= q; h++)
                    if (memcmp(h, names[i], k) == 0 &&
                        !(h > p + 1 && (isalnum((unsigned char)h[-1]) || h[-1] == '_')) &&
                        !(isalnum((unsigned char)h[k]) || h[k] == '_'))
                        fail_msg("passes/ci_cache/%s spells '%s' in a string literal: %.*s",
                                 e->d_name, names[i], (int)(q - p + 1), p);
            }
            p = *q ? q : q - 1;
        }
        free(src);
    }
    closedir(d);
    assert_true(files >= 10);
}

static void test_tradeoffs_text(void **state)
{
    (void)state;
    static const char *const points[] = {"per repository", "10 GB", "mode=max", "Inline cache",
                                         "Cache mounts are not exported"};
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++)
        if (!strstr(lf_ci_cache_tradeoffs, points[i]))
            fail_msg("the trade-offs do not mention '%s'", points[i]);
}

/* ---- the passes in the engine ---------------------------------------------------- */

/* A unit of CI files in a fresh directory, as the command makes it for a
 * repository: no Dockerfile, the files handed in as other documents. */
typedef struct ci_unit {
    char *dir;
    lf_context ctx;
    lf_unit u;
} ci_unit;

static void ci_write(ci_unit *c, const char *rel, const char *text, lf_doc_kind dk)
{
    lf_buf p = LF_BUF_INIT, cmd = LF_BUF_INIT;
    lf_buf_printf(&p, "%s/%s", c->dir, rel);
    const char *slash = strrchr(p.data, '/');
    lf_buf_printf(&cmd, "mkdir -p '%.*s'", (int)(slash - p.data), p.data);
    assert_int_equal(system(lf_buf_cstr(&cmd)), 0);
    assert_int_equal(lf_test_write_file(p.data, text, strlen(text)), 0);
    lf_unit_add_other(&c->u, dk, p.data);
    lf_buf_free(&p);
    lf_buf_free(&cmd);
}

static void ci_begin(ci_unit *c)
{
    c->dir = lf_test_tmpdir();
    lf_context_init_fs(&c->ctx, c->dir);
    lf_unit_init(&c->u, &c->ctx);
}

static void ci_run(ci_unit *c)
{
    bool on[64] = {false};
    for (size_t i = 0; i < lf_npasses; i++)
        on[i] = true;
    lf_options opts = {0};
    assert_int_equal(lf_unit_run(&c->u, lf_test_parser, &opts, lf_passes, lf_npasses, on), 0);
}

static void ci_end(ci_unit *c)
{
    lf_unit_free(&c->u);
    lf_context_free(&c->ctx);
    lf_test_rmtree(c->dir);
    free(c->dir);
}

/* The result of the document whose path ends with tail, or NULL. */
static const lf_result *ci_doc(const ci_unit *c, const char *tail)
{
    for (size_t i = 0; i < c->u.ndocs; i++) {
        size_t n = strlen(c->u.docs[i].path), k = strlen(tail);
        if (n >= k && strcmp(c->u.docs[i].path + n - k, tail) == 0)
            return &c->u.docs[i];
    }
    return NULL;
}

/* Whether r has a note of pass on line whose message holds part. */
static bool has_note(const lf_result *r, const char *pass, size_t line, const char *part)
{
    for (size_t i = 0; r && i < r->nnotes; i++)
        if (strcmp(r->notes[i].pass, pass) == 0 && r->notes[i].line == line && !r->notes[i].path &&
            strstr(r->notes[i].msg, part))
            return true;
    return false;
}

static char *corpus_file(const char *rel)
{
    lf_buf p = LF_BUF_INIT;
    lf_buf_printf(&p, "corpus/ci-cache/%s", rel);
    char *text = lf_test_read_file(lf_test_source_path(lf_buf_cstr(&p)), NULL);
    assert_non_null(text);
    lf_buf_free(&p);
    return text;
}

static void test_unit_of_ci_files(void **state)
{
    (void)state;
    ci_unit c;
    ci_begin(&c);
    char *wf = corpus_file("gha-basic/build.yml"),
         *want = corpus_file("gha-basic/expected.build.yml");
    char *gitlab = corpus_file("notes-gitlab/.gitlab-ci.yml");
    char *make = corpus_file("notes-makefile/Makefile");
    ci_write(&c, ".github/workflows/build.yml", wf, LF_DOC_WORKFLOW);
    ci_write(&c, ".gitlab-ci.yml", gitlab, LF_DOC_CI_FILE);
    ci_write(&c, "Makefile", make, LF_DOC_CI_FILE);
    ci_write(&c, "tools/hello.sh", "#!/bin/sh\necho hello\n", LF_DOC_CI_FILE);
    ci_run(&c);
    assert_int_equal(c.u.nitems, 0);
    /* the script without a build has nothing to say; no ignore file either */
    assert_int_equal(c.u.ndocs, 3);
    const lf_result *w = ci_doc(&c, "/.github/workflows/build.yml");
    assert_non_null(w);
    assert_int_equal(w->kind, LF_DOC_WORKFLOW);
    assert_false(w->is_new);
    assert_true(lf_result_changed(w));
    assert_string_equal(w->output, want);
    assert_int_equal(w->nruns, 1);
    assert_string_equal(w->runs[0].pass->id, "ci-cache");
    assert_null(w->runs[0].dropped);
    const lf_result *g = ci_doc(&c, "/.gitlab-ci.yml");
    assert_non_null(g);
    assert_int_equal(g->kind, LF_DOC_CI_FILE);
    assert_false(lf_result_changed(g));
    assert_int_equal(g->nruns, 0);
    /* the notes at the lines of expected.notes */
    assert_true(has_note(g, "ci-cache", 2, "DOCKER_BUILDKIT set to `0`"));
    assert_true(has_note(g, "ci-cache", 18, "`--no-cache`"));
    assert_true(has_note(g, "ci-cache", 19, "DEPLOY_KEY holds a secret"));
    const lf_result *m = ci_doc(&c, "/Makefile");
    assert_non_null(m);
    assert_int_equal(m->nnotes, 4);
    assert_true(has_note(m, "ci-cache", 5, "`--no-cache`"));
    assert_true(has_note(m, "ci-cache", 9, "--cache-to type=registry,ref=$(IMAGE):buildcache"));
    ci_end(&c);
    free(wf);
    free(want);
    free(gitlab);
    free(make);
}

static void test_unit_inline_control(void **state)
{
    (void)state;
    char *wf = corpus_file("gha-basic/build.yml"), *run = corpus_file("notes-workflow-run/ci.yml");
    ci_unit c;
    ci_begin(&c);
    /* disable= at the top: nothing at all */
    lf_buf t = LF_BUF_INIT;
    lf_buf_printf(&t, "# layerfix: disable=ci-cache\n%s", wf);
    ci_write(&c, "a.yml", lf_buf_cstr(&t), LF_DOC_WORKFLOW);
    /* ignore above the build step: no edit of the file, one note there */
    char *step = strstr(wf, "      - uses: docker/build-push-action");
    assert_non_null(step);
    lf_buf_clear(&t);
    lf_buf_printf(&t, "%.*s      # layerfix: ignore=ci-cache\n%s", (int)(step - wf), wf, step);
    ci_write(&c, "b.yml", lf_buf_cstr(&t), LF_DOC_WORKFLOW);
    /* ignore of another pass, and an unknown id */
    lf_buf_clear(&t);
    lf_buf_printf(&t, "%.*s      # layerfix: ignore=cache-mounts, cache-mount\n%s",
                  (int)(step - wf), wf, step);
    ci_write(&c, "c.yml", lf_buf_cstr(&t), LF_DOC_WORKFLOW);
    /* ignore above a run: step: its notes go, the others stay */
    char *build = strstr(run, "      - name: Build\n");
    assert_non_null(build);
    lf_buf_clear(&t);
    lf_buf_printf(&t, "%.*s      # layerfix: ignore\n%s", (int)(build - run), run, build);
    ci_write(&c, "d.yml", lf_buf_cstr(&t), LF_DOC_WORKFLOW);
    ci_run(&c);
    assert_null(ci_doc(&c, "/a.yml"));
    const lf_result *b = ci_doc(&c, "/b.yml");
    assert_non_null(b);
    assert_false(lf_result_changed(b));
    size_t line = 1;
    for (const char *p = wf; p < step; p++)
        line += *p == '\n';
    assert_int_equal(b->nnotes, 1);
    assert_true(has_note(b, "ci-cache", line + 1, "a `# layerfix: ignore` comment protects"));
    const lf_result *cc = ci_doc(&c, "/c.yml");
    assert_non_null(cc);
    assert_true(lf_result_changed(cc));
    assert_int_equal(cc->nnotes, 1);
    assert_true(has_note(cc, "layerfix", line, "unknown pass 'cache-mount'"));
    const lf_result *d = ci_doc(&c, "/d.yml");
    assert_non_null(d);
    /* the run: step moved one line down: its notes (12, 12, 13) go */
    assert_true(has_note(d, "ci-cache", 3, "DOCKER_BUILDKIT"));
    assert_true(has_note(d, "ci-cache", 16, "starts every run from an empty cache"));
    assert_true(has_note(d, "ci-cache", 17, "NPM_TOKEN holds a secret"));
    for (size_t i = 0; i < d->nnotes; i++)
        assert_true(d->notes[i].line == 3 || d->notes[i].line > 14);
    ci_end(&c);
    lf_buf_free(&t);
    free(wf);
    free(run);
}

static void test_inline_text_blocks(void **state)
{
    (void)state;
    const char *t = "#!/bin/sh\n"
                    "# layerfix: disable = advice\n"
                    "set -e\n"
                    "# layerfix: ignore\n"
                    "docker build \\\n"
                    "--no-cache .\n"
                    "echo after\n"
                    "build:\n"
                    "  # layerfix: ignore=ci-cache\n"
                    "  - step: a\n"
                    "    with: x\n"
                    "\n"
                    "    more: y\n"
                    "  - step: b\n"
                    "# layerfix: disable=ci-cache\n";
    size_t len = strlen(t), n;
    assert_true(lf_inline_text_disabled(t, len, "advice"));
    assert_false(lf_inline_text_disabled(t, len, "ci-cache"));
    lf_span *s = lf_inline_text_ignored(t, len, "ci-cache", &n);
    assert_int_equal(n, 2);
    assert_int_equal(s[0].start, (size_t)(strstr(t, "docker build") - t));
    assert_int_equal(s[0].end, (size_t)(strstr(t, "echo after") - t));
    assert_int_equal(s[1].start, (size_t)(strstr(t, "  - step: a") - t));
    assert_int_equal(s[1].end, (size_t)(strstr(t, "  - step: b") - t));
    /* at the block's end: a deeper key continues it, a sibling does not */
    char deeper[] = "    cache: z\n", sibling[] = "  - step: new\n";
    lf_edit e = {.start = s[1].end, .end = s[1].end, .text = deeper, .len = strlen(deeper)};
    assert_true(lf_inline_text_touches(t, len, s[1], &e));
    e.text = sibling;
    e.len = strlen(sibling);
    assert_false(lf_inline_text_touches(t, len, s[1], &e));
    e.start = e.end = s[1].start + 4; /* inside */
    assert_true(lf_inline_text_touches(t, len, s[1], &e));
    free(s);
    s = lf_inline_text_ignored(t, len, "advice", &n);
    assert_int_equal(n, 1); /* `ignore` alone: every pass */
    free(s);
    lf_ctx ctx = {.pass = "layerfix"};
    lf_inline_text_check(t, len, lf_passes, lf_npasses, &ctx);
    assert_int_equal(ctx.nnotes, 1);
    assert_int_equal(ctx.notes[0].offset, (size_t)(strstr(t, "# layerfix: disable=ci") - t));
    assert_non_null(strstr(ctx.notes[0].msg, "has no effect"));
    lf_ctx_free(&ctx);
}

/* The advice pass runs last: the lines its messages name are the original
 * file's, though merge-apt removed a line before them. */
static void test_advice_names_original_lines(void **state)
{
    (void)state;
    const char *df = "FROM debian:12.5\n"
                     "RUN git rev-parse HEAD > /REVISION\n"
                     "RUN apt-get update\n"
                     "RUN apt-get install -y curl\n";
    lf_unit u;
    lf_test_unit(&u, NULL, "Dockerfile", df, "merge-apt,advice");
    const lf_result *r = &u.items[0].res;
    assert_true(lf_result_changed(r));
    assert_int_equal(r->nnotes, 1);
    assert_string_equal(r->notes[0].pass, "advice");
    assert_int_equal(r->notes[0].line, 2);
    assert_non_null(strstr(r->notes[0].msg, "before the install at line 4"));
    lf_unit_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_cases),
        cmocka_unit_test(test_ytree_offsets_are_bytes),
        cmocka_unit_test(test_ytree_anchors_aliases_tags),
        cmocka_unit_test(test_ytree_error_has_position),
        cmocka_unit_test(test_cmdscan_words_and_separators),
        cmocka_unit_test(test_cmdscan_fold_and_make),
        cmocka_unit_test(test_docker_build_lines),
        cmocka_unit_test(test_docker_cache_ref),
        cmocka_unit_test(test_secret_names),
        cmocka_unit_test(test_tag_kinds),
        cmocka_unit_test(test_stamps_and_action_trains),
        cmocka_unit_test(test_value_var),
        cmocka_unit_test(test_legacy_builder_forms),
        cmocka_unit_test(test_workflow_invalid_yaml),
        cmocka_unit_test(test_workflow_odd_line_breaks_are_not_edited),
        cmocka_unit_test(test_workflow_other_yaml_is_left_alone),
        cmocka_unit_test(test_scope_names),
        cmocka_unit_test(test_one_image_gets_no_scope),
        cmocka_unit_test(test_setup_buildx_once_per_job),
        cmocka_unit_test(test_setup_buildx_follows_the_release_train),
        cmocka_unit_test(test_mutated_workflows_keep_the_invariants),
        cmocka_unit_test(test_no_tool_names_in_pass_code),
        cmocka_unit_test(test_tradeoffs_text),
        cmocka_unit_test(test_unit_of_ci_files),
        cmocka_unit_test(test_unit_inline_control),
        cmocka_unit_test(test_inline_text_blocks),
        cmocka_unit_test(test_advice_names_original_lines),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
