/* Shared helpers for the cmocka test programs (see testutil.h). */
#include "testutil.h"

#include "passes.h"
#include "vec.h"

#include <git2.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *lf_test_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *data = malloc(cap);
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap *= 2;
            data = realloc(data, cap);
        }
        size_t n = fread(data + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    data[len] = 0;
    if (len_out)
        *len_out = len;
    return data;
}

int lf_test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && n == len) ? 0 : -1;
}

const char *lf_test_shared_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", LF_SHARED_DIR, rel);
    return buf;
}

const char *lf_test_source_path(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", LF_SOURCE_DIR, rel);
    return buf;
}

int lf_test_have_shared(void)
{
    struct stat st;
    return stat(LF_SHARED_DIR "/corpus", &st) == 0 && S_ISDIR(st.st_mode);
}

char *lf_test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/layerfix-test-XXXXXX", base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

static int lf_test__rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void lf_test_rmtree(const char *path)
{
    nftw(path, lf_test__rm, 16, FTW_DEPTH | FTW_PHYS);
}

int lf_test_run(char *const argv[], const char *stdin_data, char **out, char **err)
{
    char *dir = lf_test_tmpdir();
    if (!dir)
        return -1;
    char in_path[4200], out_path[4200], err_path[4200];
    snprintf(in_path, sizeof in_path, "%s/in", dir);
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    const char *sd = stdin_data ? stdin_data : "";
    lf_test_write_file(in_path, sd, strlen(sd));
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(in_path, "rb", stdin) || !freopen(out_path, "wb", stdout) ||
            !freopen(err_path, "wb", stderr))
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = -1;
    if (pid > 0)
        waitpid(pid, &status, 0);
    if (out) {
        *out = lf_test_read_file(out_path, NULL);
    }
    if (err) {
        *err = lf_test_read_file(err_path, NULL);
    }
    lf_test_rmtree(dir);
    free(dir);
    if (pid <= 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

lf_parser *lf_test_parser;

int lf_test_parser_setup(void **state)
{
    (void)state;
    lf_test_parser = lf_parser_new();
    return lf_test_parser ? 0 : -1;
}

int lf_test_parser_teardown(void **state)
{
    (void)state;
    lf_parser_free(lf_test_parser);
    lf_test_parser = NULL;
    return 0;
}

int lf_test_pass(lf_pass_fn fn, const lf_doc *doc, lf_ctx *ctx, lf_edits *out)
{
    lf_analysis *an = lf_analyze(doc);
    int rc = an ? fn(doc, an, ctx, out) : -1;
    lf_analysis_free(an);
    return rc;
}

char *lf_test_apply_pass(lf_pass_fn fn, lf_parser *p, const char *path, const char *df, lf_ctx *ctx,
                         size_t *nedits)
{
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, path, df, strlen(df)), 0);
    lf_doc *doc;
    assert_int_equal(lf_doc_parse(&doc, p, src), 0);
    assert_int_equal(doc->nerrors, 0);
    lf_edits e = LF_EDITS_INIT;
    assert_int_equal(lf_test_pass(fn, doc, ctx, &e), 0);
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(&e, doc->src->data, doc->src->len, &out, &err), 0);
    lf_buf_adds(&out, "");
    *nedits = e.n;
    lf_buf_free(&err);
    lf_edits_free(&e);
    lf_doc_free(doc);
    return lf_buf_detach(&out, NULL);
}

bool lf_test_has_note(const lf_ctx *ctx, const char *text)
{
    for (size_t i = 0; i < ctx->nnotes; i++)
        if (strstr(ctx->notes[i].msg, text))
            return true;
    return false;
}

void lf_test_dump_notes(const lf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nnotes; i++)
        print_message("  note: %s\n", ctx->notes[i].msg);
}

void lf_test_ignore_result(lf_result *r, const lf_test_ignore *t)
{
    memset(r, 0, sizeof *r);
    r->kind = LF_DOC_IGNORE;
    r->path = strdup(t->path);
    r->is_new = t->old == NULL;
    const char *old = t->old ? t->old : "";
    r->input = strdup(old);
    r->input_len = strlen(old);
    r->output = strdup(t->new_text);
    r->output_len = strlen(t->new_text);
    r->has_sizes = true;
    r->before = t->before;
    r->after = t->after;
    r->context_dir = strdup(t->context_dir);
    if (strcmp(old, t->new_text) == 0)
        return;
    lf_buf why = LF_BUF_INIT;
    size_t nrules = 1;
    for (const char *c = t->added; *c; c++)
        nrules += *c == ',';
    char a[32], b[32];
    lf_format_bytes(t->before.bytes, a, sizeof a);
    lf_format_bytes(t->after.bytes, b, sizeof b);
    lf_buf_printf(&why,
                  "%s %zu rule%s to exclude from the build context: %s; build context %s: %zu "
                  "files, %s -> %zu files, %s",
                  t->old ? "adds" : "creates the file with", nrules, nrules == 1 ? "" : "s",
                  t->added, t->context_dir, t->before.files, a, t->after.files, b);
    size_t cap = 0;
    lf_pass_run *run = LF_VEC_PUSH(r->runs, r->nruns, cap);
    memset(run, 0, sizeof *run);
    run->pass = lf_pass_find("dockerignore");
    run->input = strdup(old);
    run->input_len = strlen(old);
    lf_edits_from_texts(&run->edits, old, strlen(old), t->new_text, strlen(t->new_text),
                        "dockerignore", why.data);
    lf_buf_free(&why);
}

void lf_test_result_note(lf_result *r, const char *pass, const char *path, size_t line,
                         const char *msg)
{
    r->notes = realloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
    lf_note *n = &r->notes[r->nnotes++];
    memset(n, 0, sizeof *n);
    n->pass = pass;
    n->path = path ? strdup(path) : NULL;
    n->line = line;
    n->msg = strdup(msg);
}

void lf_test_unit(lf_unit *u, lf_context *ctx, const char *path, const char *text, const char *ids)
{
    bool on[64] = {false};
    assert_true(lf_npasses <= 64);
    for (size_t i = 0; i < lf_npasses; i++) {
        size_t n = strlen(lf_passes[i].id);
        for (const char *p = ids; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ','))
            if (strncmp(p, lf_passes[i].id, n) == 0 && (p[n] == ',' || p[n] == 0))
                on[i] = true;
    }
    lf_unit_init(u, ctx);
    lf_unit_add_text(u, path, text, strlen(text));
    lf_options opts = {0};
    assert_int_equal(lf_unit_run(u, lf_test_parser, &opts, lf_passes, lf_npasses, on), 0);
}

void lf_test_put(const char *dir, const char *rel, const char *text)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(p, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

void lf_test_repo_init(lf_test_repo *t)
{
    git_libgit2_init();
    t->dir = lf_test_tmpdir();
    assert_non_null(t->dir);
    assert_int_equal(git_repository_init(&t->r, t->dir, 0), 0);
    assert_non_null(getcwd(t->cwd, sizeof t->cwd));
}

void lf_test_repo_free(lf_test_repo *t)
{
    assert_int_equal(chdir(t->cwd), 0);
    git_repository_free(t->r);
    lf_test_rmtree(t->dir);
    free(t->dir);
    git_libgit2_shutdown();
}

void lf_test_repo_commit(lf_test_repo *t)
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
}
