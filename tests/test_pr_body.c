/*
 * The pull-request body (rewrite/pr_body.c) over real runs: small
 * Dockerfiles go through the pipeline with the default passes (and the
 * dockerignore pass over a build context on disk), into a report, into the
 * body. The checks read the Markdown back: the table row with the line
 * counts, one section per step with its diff hunk, why and reasons with
 * lines, notes under the right step, the caveats that apply and only
 * those, the fence around content with backticks, and the escaping of
 * paths and texts.
 */
#include "testutil.h"

#include "context_fs.h"

#include "context.h"
#include "dockerignore.h"
#include "passes.h"
#include "pipeline.h"
#include "pr_body.h"
#include "report.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct fx {
    char *dir; /* the build context: the test's files */
    lf_report r;
    lf_buf body;
} fx;

static void fx_init(fx *f)
{
    memset(f, 0, sizeof *f);
    f->r.passes = &lf_pass_table_all;
    f->dir = lf_test_tmpdir();
    assert_non_null(f->dir);
}

static void fx_free(fx *f)
{
    lf_report_free(&f->r);
    lf_buf_free(&f->body);
    lf_test_rmtree(f->dir);
    free(f->dir);
}

static void put(fx *f, const char *rel, const char *text)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", f->dir, rel);
    for (char *s = p + strlen(f->dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(p, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

/* Runs the default per-file passes over text as the Dockerfile shown (the
 * build context is f->dir) and adds the result to the report. Returns
 * the rewritten text (owned by the caller). */
static char *run_dockerfile(fx *f, const char *shown, const char *text, const lf_options *opts)
{
    lf_context cx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&cx, f->dir, &err), 0);
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, shown, text, strlen(text)), 0);
    bool on[32] = {false};
    for (size_t i = 0; i < lf_npasses; i++)
        on[i] = lf_passes[i].default_on;
    lf_options defaults = {0};
    lf_result res;
    assert_int_equal(lf_pipeline_run(&res, lf_test_parser, src, &cx, opts ? opts : &defaults, on),
                     0);
    assert_non_null(lf_report_add_result(&f->r, &res, shown, shown));
    char *out = strndup(res.output, res.output_len);
    lf_result_free(&res);
    lf_context_free(&cx);
    lf_buf_free(&err);
    return out;
}

/* The dockerignore pass over f->dir for the (rewritten) Dockerfile text. */
static void run_dockerignore(fx *f, const char *df_text)
{
    lf_context cx;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_context_open(&cx, f->dir, &err), 0);
    lf_unit u;
    lf_test_unit(&u, &cx, "Dockerfile", df_text, "dockerignore");
    assert_int_equal(u.ndocs, 1);
    assert_true(lf_result_changed(&u.docs[0]));
    lf_report_file *rf = lf_report_add_result(&f->r, &u.docs[0], ".dockerignore", ".dockerignore");
    assert_non_null(rf);
    free(rf->context_dir);
    rf->context_dir = strdup(".");
    lf_unit_free(&u);
    lf_context_free(&cx);
    lf_buf_free(&err);
}

static const char *body(fx *f)
{
    lf_buf_clear(&f->body);
    lf_pr_body(&f->body, &f->r);
    return lf_buf_cstr(&f->body);
}

/* The section of the body under the heading that starts with `heading`,
 * up to the next heading of level 2 or 3 (malloc'd). */
static char *section(const char *md, const char *heading)
{
    char needle[512];
    snprintf(needle, sizeof needle, "\n%s", heading);
    const char *s = strstr(md, needle);
    if (!s)
        fail_msg("no section \"%s\" in:\n%s", heading, md);
    s++;
    const char *e = strstr(s + 1, "\n### ");
    const char *e2 = strstr(s + 1, "\n## ");
    if (!e || (e2 && e2 < e))
        e = e2;
    return strndup(s, e ? (size_t)(e - s) + 1 : strlen(s));
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

#define assert_has(hay, needle)                                                                    \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("missing \"%s\" in:\n%s", (needle), (hay));                                   \
    } while (0)
#define assert_lacks(hay, needle)                                                                  \
    do {                                                                                           \
        if (strstr((hay), (needle)))                                                               \
            fail_msg("unexpected \"%s\" in:\n%s", (needle), (hay));                                \
    } while (0)

static const char NODE_DF[] = "FROM node:20-bookworm-slim\n"
                              "ARG GIT_SHA\n"
                              "RUN apt-get update\n"
                              "RUN apt-get install -y --no-install-recommends curl\n"
                              "WORKDIR /app\n"
                              "COPY . .\n"
                              "RUN npm ci --omit=dev\n"
                              "LABEL org.opencontainers.image.revision=$GIT_SHA\n"
                              "CMD [\"node\", \"server.js\"]\n";

static void node_context(fx *f)
{
    put(f, "package.json", "{\"name\": \"app\", \"dependencies\": {}}\n");
    put(f, "package-lock.json", "{\"lockfileVersion\": 3}\n");
    put(f, "server.js", "console.log(1)\n");
}

/* --- tests -------------------------------------------------------------------------- */

static void test_title_summary_and_table_row(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    node_context(&f);
    free(run_dockerfile(&f, "Dockerfile", NODE_DF, NULL));
    const lf_report_file *rf = &f.r.files[0];
    assert_true(rf->changed);
    size_t added, removed;
    lf_report_file_linestat(rf, &added, &removed);
    assert_true(added > 0 && removed > 0);
    const char *md = body(&f);
    assert_true(strncmp(md, "## layerfix: cache-efficiency changes\n\n", 39) == 0);
    assert_has(md, "layerfix changed 1 file so that Docker builds reuse their cache. Passes: "
                   "**merge-apt** (1 file), **copy-manifests-first** (1 file), "
                   "**late-volatile-args** (1 file), **cache-mounts** (1 file).");
    assert_has(md, "| File | Passes | Lines changed |\n| --- | --- | --- |\n");
    char row[256];
    snprintf(row, sizeof row,
             "\n| `Dockerfile` | merge-apt, copy-manifests-first, late-volatile-args, "
             "cache-mounts | +%zu \xe2\x88\x92%zu |\n",
             added, removed);
    assert_has(md, row);
    assert_int_equal(count(md, "\n| `"), 1);
    fx_free(&f);
}

static void test_one_section_per_step_with_its_diff(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    node_context(&f);
    free(run_dockerfile(&f, "Dockerfile", NODE_DF, NULL));
    const lf_report_file *rf = &f.r.files[0];
    assert_int_equal(rf->nsteps, 4);
    const char *md = body(&f);
    assert_int_equal(count(md, "\n### `Dockerfile`: "), rf->nsteps);
    /* in the order the passes ran */
    const char *prev = md;
    for (size_t s = 0; s < rf->nsteps; s++) {
        char h[128];
        snprintf(h, sizeof h, "\n### `Dockerfile`: %s\n", rf->steps[s].pass);
        const char *at = strstr(md, h);
        assert_non_null(at);
        assert_true(at > prev);
        prev = at;
    }
    /* merge-apt's hunk removes the standalone update and merges it, and
     * shows nothing of the later passes (no cache mount yet) */
    char *sec = section(md, "### `Dockerfile`: merge-apt");
    assert_has(sec, "```diff\n@@ -");
    assert_has(sec, "\n-RUN apt-get update\n");
    assert_has(sec, "\n-RUN apt-get install -y --no-install-recommends curl\n");
    assert_has(sec, "\n+RUN apt-get update && apt-get install -y --no-install-recommends curl\n");
    assert_lacks(sec, "--mount");
    assert_lacks(sec, "diff --git");
    assert_has(sec, "\n```\n");
    free(sec);
    /* cache-mounts's hunk starts from merge-apt's output */
    sec = section(md, "### `Dockerfile`: cache-mounts");
    assert_has(sec, "\n-RUN apt-get update && apt-get install -y --no-install-recommends curl\n");
    assert_has(sec, "\n+RUN --mount=type=cache,target=/var/cache/apt");
    free(sec);
    sec = section(md, "### `Dockerfile`: copy-manifests-first");
    assert_has(sec, "\n+COPY package.json package-lock.json ./\n");
    free(sec);
    fx_free(&f);
}

static void test_why_and_reasons_with_lines(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    node_context(&f);
    free(run_dockerfile(&f, "Dockerfile", NODE_DF, NULL));
    const char *md = body(&f);
    const lf_pass *p = lf_pass_find("late-volatile-args");
    char *sec = section(md, "### `Dockerfile`: late-volatile-args");
    char want[1024];
    snprintf(want, sizeof want, "**What:** %s.\n", p->summary);
    assert_has(sec, want);
    snprintf(want, sizeof want, "**Why it helps the cache:** %s\n", p->why);
    assert_has(sec, want);
    assert_has(sec, "Changes:\n\n");
    /* every change of that step, with its line in the original file */
    const lf_report_file *rf = &f.r.files[0];
    size_t n = 0;
    for (size_t i = 0; i < rf->nchanges; i++) {
        const lf_report_change *c = &rf->changes[i];
        if (strcmp(c->pass, "late-volatile-args") != 0)
            continue;
        n++;
        if (c->end_line == c->line)
            snprintf(want, sizeof want, "line %zu", c->line);
        else if (c->end_line < c->line)
            snprintf(want, sizeof want, "before line %zu", c->line);
        else
            snprintf(want, sizeof want, "lines %zu\xe2\x80\x93%zu", c->line, c->end_line);
        assert_has(sec, want);
        assert_has(sec, c->why);
    }
    /* the move is a removal at line 2 and an insertion before line 8 with
     * one reason: one item, in line order */
    assert_int_equal(n, 2);
    assert_has(sec, "Changes:\n\n- line 2, before line 8: move `ARG GIT_SHA` from line 2 down "
                    "to line 8, just before its first use");
    assert_int_equal(count(sec, "\n- "), 1);
    /* another pass's reasons are not in this section */
    assert_lacks(sec, "package lists");
    assert_lacks(sec, "cache mount");
    free(sec);
    fx_free(&f);
}

/* A note of a pass that changed the file goes under its step; a note of a
 * pass that did not goes to the other findings. */
static void test_notes_under_their_step(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    put(&f, "pyproject.toml", "[project]\nname = \"x\"\n");
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM python:3.12\n"
                        "ARG GIT_SHA\n"
                        "ARG BUILD_DATE\n"
                        "WORKDIR /app\n"
                        "COPY . .\n"
                        "RUN pip install .\n"
                        "LABEL rev=$GIT_SHA\n",
                        NULL));
    const char *md = body(&f);
    char *sec = section(md, "### `Dockerfile`: late-volatile-args");
    assert_has(sec, "Found by this pass and left alone:\n\n- line 3: `ARG BUILD_DATE` is declared "
                    "but never used");
    free(sec);
    sec = section(md, "### Other findings (not changed)");
    assert_has(sec, "`Dockerfile`:\n\n- line 5: [copy-manifests-first] `COPY . .` stays where it "
                    "is: `pip install .` needs more than manifests");
    assert_lacks(sec, "BUILD_DATE");
    free(sec);
    /* copy-manifests-first made no change: no section of its own */
    assert_lacks(md, "### `Dockerfile`: copy-manifests-first");
    fx_free(&f);
}

static void test_caveats_follow_the_passes(void **state)
{
    (void)state;
    /* cache mounts added: both caveats and the BuildKit line */
    fx f;
    fx_init(&f);
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", NULL));
    const char *md = body(&f);
    char *sec = section(md, "### Honest caveats");
    assert_has(sec, "- The first build after merging misses the layer cache once");
    assert_has(sec, "`--cache-to` does not export them");
    assert_has(sec, "ephemeral CI runners");
    assert_has(sec, "persistent builder");
    assert_has(sec, "cache-dance");
    assert_has(sec, "- `RUN --mount` needs BuildKit");
    free(sec);
    fx_free(&f);

    /* the same file for kaniko: merge-apt only, no mount caveats */
    fx_init(&f);
    lf_options kaniko = {.target_builder = LF_BUILDER_KANIKO};
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
                        &kaniko));
    md = body(&f);
    assert_has(md, "| `Dockerfile` | merge-apt | ");
    sec = section(md, "### Honest caveats");
    assert_has(sec, "- The first build after merging misses the layer cache once");
    assert_lacks(sec, "--cache-to");
    assert_lacks(sec, "--mount");
    free(sec);
    fx_free(&f);
}

/* A diff line holding a run of four backticks: the fence has five, so the
 * run cannot close the block. */
static void test_fence_longer_than_backticks_in_content(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM debian:12\nRUN apt-get update\n"
                        "RUN apt-get install -y curl && echo '````' > /etc/motd\n",
                        NULL));
    const char *md = body(&f);
    char *sec = section(md, "### `Dockerfile`: merge-apt");
    assert_has(sec, "\n`````diff\n@@ ");
    assert_has(sec, "echo '````' > /etc/motd\n");
    /* the block ends with the same fence, on a line of its own */
    const char *open = strstr(sec, "`````diff\n");
    const char *close = strstr(open + 10, "\n`````\n");
    assert_non_null(close);
    assert_lacks(close + 7, "+RUN"); /* the hunk is inside */
    free(sec);
    /* without backticks, the usual three */
    sec = section(md, "### `Dockerfile`: cache-mounts");
    assert_has(sec, "`````diff\n"); /* the line is in this hunk too */
    free(sec);
    fx_free(&f);
}

/* Paths with `|` and backticks: table cells escape `|`, code spans grow
 * their delimiters; texts escape Markdown syntax outside their own code
 * spans. */
static void test_escaping_of_paths_and_texts(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    const char *df = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
    free(run_dockerfile(&f, "a|b/Dockerfile", df, NULL));
    free(run_dockerfile(&f, "we`ird/Dockerfile", df, NULL));
    assert_non_null(lf_report_add_failure(&f.r, "x|y/Dockerfile", "x|y/Dockerfile",
                                          "x|y/Dockerfile:3:1: error: # not *this* | <b>_x_</b> "
                                          "`a|b` [l](u)\n"));
    const char *md = body(&f);
    assert_has(md, "\n| `a\\|b/Dockerfile` | merge-apt, cache-mounts | +");
    assert_has(md, "\n| ``we`ird/Dockerfile`` | merge-apt, cache-mounts | +");
    /* headings are not table cells: no escape inside the code span */
    assert_has(md, "\n### `a|b/Dockerfile`: merge-apt\n");
    assert_has(md, "\n### ``we`ird/Dockerfile``: cache-mounts\n");
    /* the error, in the Not changed list: its own code span is kept */
    char *sec = section(md, "### Not changed");
    assert_has(sec, "\n- `x|y/Dockerfile` line 3: \\# not \\*this\\* \\| \\<b\\>\\_x\\_\\</b\\> "
                    "`a|b` \\[l\\](u)\n");
    free(sec);
    /* the summary counts the two changed files, not the failed one */
    assert_has(md, "layerfix changed 2 files");
    assert_int_equal(count(md, "\n| `"), 2);
    fx_free(&f);
}

static void test_ignore_file_with_context_size(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    node_context(&f);
    put(&f, "node_modules/left-pad/index.js", "module.exports = 1\n");
    put(&f, "node_modules/left-pad/package.json", "{}\n");
    put(&f, ".gitignore", "node_modules/\n");
    put(&f, "Dockerfile", NODE_DF);
    /* a git work tree: the pass excludes what git ignores */
    git_libgit2_init();
    git_repository *repo;
    assert_int_equal(git_repository_init(&repo, f.dir, 0), 0);
    git_repository_free(repo);
    git_libgit2_shutdown();
    char *out = run_dockerfile(&f, "Dockerfile", NODE_DF, NULL);
    run_dockerignore(&f, out);
    free(out);
    const lf_report_file *ig = &f.r.files[1];
    assert_int_equal(ig->kind, LF_REPORT_IGNORE);
    const char *md = body(&f);
    assert_has(md, "layerfix changed 2 files");
    assert_has(md, "**dockerignore** (1 file)");
    assert_has(md, "\n| `.dockerignore` (new) | dockerignore | +");
    char *sec = section(md, "### `.dockerignore`: dockerignore");
    assert_has(sec, "```diff\n@@ -0,0 +1,");
    assert_has(sec, "\n+# layerfix: begin");
    assert_has(sec, "\n+# layerfix: end\n");
    char want[256];
    snprintf(want, sizeof want,
             "**Build context** `.`: %zu files (%llu B) \xe2\x86\x92 %zu files (%llu B) sent to "
             "the builder.",
             ig->before.files, ig->before.bytes, ig->after.files, ig->after.bytes);
    assert_true(ig->before.bytes < 1024);
    assert_true(ig->after.files > 1 && ig->after.files < ig->before.files);
    assert_has(sec, want);
    /* what no longer invalidates `COPY . .` */
    assert_has(sec, "\nChanges to `.git` and `node_modules` no longer invalidate the cache of a "
                    "COPY that takes a whole directory.\n");
    /* the reason with its rules (Markdown-escaped), without the sizes again */
    assert_has(sec, "\n- new file: creates the file with ");
    assert_has(sec, "\\*\\*/node\\_modules");
    assert_lacks(sec, "; build context");
    assert_lacks(sec, "; changes to");
    assert_lacks(sec, "-\\>");
    assert_has(sec, lf_pass_find("dockerignore")->why);
    free(sec);
    /* the Dockerfile got cache mounts: their caveat is there */
    sec = section(md, "### Honest caveats");
    assert_has(sec, "--cache-to");
    free(sec);
    fx_free(&f);
}

static void test_nothing_to_change(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    free(run_dockerfile(&f, "Dockerfile", "FROM alpine:3.20\nCMD [\"sh\"]\n", NULL));
    free(run_dockerfile(&f, "web/Dockerfile", "FROM nginx:1.27\n", NULL));
    const char *md = body(&f);
    assert_string_equal(md,
                        "## layerfix: cache-efficiency changes\n\nNothing to change: layerfix "
                        "found no cache problem it can fix in the 2 Dockerfiles it checked.\n\n");
    /* with a file that failed: still nothing to change, and the error */
    assert_non_null(lf_report_add_failure(&f.r, "bad/Dockerfile", "bad/Dockerfile",
                                          "bad/Dockerfile:1:1: error: not a Dockerfile\n"));
    md = body(&f);
    assert_has(md, "found no cache problem it can fix in the 2 Dockerfiles it checked.\n\n"
                   "### Not changed\n");
    assert_has(md, "\n- `bad/Dockerfile` line 1: not a Dockerfile\n");
    assert_lacks(md, "| File |");
    assert_lacks(md, "Honest caveats");
    fx_free(&f);
}

static lf_report_verify *verdict(lf_report_verify_status st, const char *msg)
{
    lf_report_verify *v = calloc(1, sizeof *v);
    v->status = st;
    v->builder = strdup("buildah");
    v->message = strdup(msg);
    return v;
}

/* --verify: a row per Dockerfile verified; the differences or the
 * builder's lines of each that is not the same image; a build that did
 * not verify is left out of the pull request (its diff, its rows and its
 * ignore file), and the body says so. */
static void test_verification_per_file(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    node_context(&f);
    put(&f, "node_modules/left-pad/index.js", "module.exports = 1\n");
    put(&f, ".gitignore", "node_modules/\n");
    git_libgit2_init();
    git_repository *repo;
    assert_int_equal(git_repository_init(&repo, f.dir, 0), 0);
    git_repository_free(repo);
    git_libgit2_shutdown();
    free(run_dockerfile(&f, "same/Dockerfile", NODE_DF, NULL));
    free(run_dockerfile(&f, "differs/Dockerfile", NODE_DF, NULL));
    free(run_dockerfile(&f, "broken/Dockerfile", NODE_DF, NULL));
    char *out = run_dockerfile(&f, "Dockerfile", NODE_DF, NULL);
    run_dockerignore(&f, out);
    free(out);
    lf_report_file *same = &f.r.files[0], *differs = &f.r.files[1], *broken = &f.r.files[2];
    same->verify = verdict(LF_REPORT_VERIFY_SAME, "same image");
    same->verify->rebuild = strdup("rebuild after editing server.js: original re-ran 1 RUN step "
                                   "(npm ci) in 4.2 s; rewritten re-ran 0 RUN steps in 0.3 s");
    differs->verify = verdict(LF_REPORT_VERIFY_DIFFERENT, "the images differ (2 differences)");
    lf_strv_push(&differs->verify->details, "changed /build-env.txt: content (22 -> 0 bytes)", 47);
    lf_strv_push(&differs->verify->details, "config ENV A: \"1\" -> \"2\"", 24);
    differs->held = true;
    broken->verify = verdict(LF_REPORT_VERIFY_NOT_RUN,
                             "could not run: base image node:20 cannot be pulled (buildah exited "
                             "with status 125); this is not a difference");
    lf_strv_push(&broken->verify->details, "Error: initializing source: not found", 37);
    broken->held = true;
    f.r.files[4].held = true; /* the ignore file of a build held back */
    const char *md = body(&f);
    assert_has(md, "**Does it build the same image:** `--verify` built the original and the "
                   "rewritten Dockerfile with buildah and compared the file trees and the image "
                   "configuration.\n\n| File | Verification |\n| --- | --- |\n"
                   "| `same/Dockerfile` | same image; rebuild after editing server.js: original "
                   "re-ran 1 RUN step (npm ci) in 4.2 s; rewritten re-ran 0 RUN steps in 0.3 s "
                   "|\n"
                   "| `differs/Dockerfile` | the images differ (2 differences); **left out of this "
                   "pull request** |\n"
                   "| `broken/Dockerfile` | could not run: base image node:20 cannot be pulled "
                   "(buildah exited with status 125); this is not a difference; **left out of "
                   "this pull request** |\n\n"
                   "Left out of this pull request, since their build did not verify as the same "
                   "image: `differs/Dockerfile`, `broken/Dockerfile`, `.dockerignore`.\n\n"
                   "| File | Passes | Lines changed |\n");
    char *sec = section(md, "### Verification of `differs/Dockerfile`");
    assert_has(sec, "What differs:\n\n```text\nchanged /build-env.txt: content (22 -> 0 bytes)\n"
                    "config ENV A: \"1\" -> \"2\"\n```\n");
    free(sec);
    sec = section(md, "### Verification of `broken/Dockerfile`");
    assert_has(sec,
               "The builder's last lines:\n\n```text\nError: initializing source: not found\n");
    free(sec);
    assert_lacks(md, "### Verification of `same/Dockerfile`");
    /* the details after the changes, before the findings left alone */
    const char *d = strstr(md, "### Verification of `differs/Dockerfile`");
    assert_true(d && d > strstr(md, "### `Dockerfile`: merge-apt") &&
                d < strstr(md, "### Other findings"));
    /* what is in the pull request: the verified build and the unverified
     * one, not the held ones */
    assert_has(md, "layerfix changed 2 files so that");
    assert_has(md, "\n| `same/Dockerfile` | merge-apt,");
    assert_has(md, "\n### `Dockerfile`: merge-apt\n");
    assert_lacks(md, "| `differs/Dockerfile` | merge-apt");
    assert_lacks(md, "### `differs/Dockerfile`:");
    assert_lacks(md, "### `broken/Dockerfile`:");
    assert_lacks(md, "### `.dockerignore`:");
    /* the order: what it buys, whether it is the same image, the files */
    const char *v = strstr(md, "**Does it build the same image:**");
    assert_true(v && v < strstr(md, "| File | Passes | Lines changed |"));
    /* everything held: nothing to change, and why */
    same->held = true;
    f.r.files[3].held = true;
    md = body(&f);
    assert_has(md, "Nothing to change: no change layerfix proposes verified as the same image.\n\n"
                   "**Does it build the same image:**");
    assert_lacks(md, "| File | Passes |");
    fx_free(&f);
}

static void test_files_with_errors_listed(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", NULL));
    /* a real parse failure from the pipeline: an unterminated heredoc */
    free(run_dockerfile(&f, "broken/Dockerfile", "FROM debian:12\nRUN <<EOF\nnever ends\n", NULL));
    assert_true(f.r.files[1].nerrors > 0);
    const char *md = body(&f);
    assert_has(md, "layerfix changed 1 file ");
    assert_lacks(md, "### `broken/Dockerfile`");
    char *sec = section(md, "### Not changed");
    assert_has(sec, "These files have errors, so layerfix left them as they are:\n\n"
                    "- `broken/Dockerfile`");
    assert_lacks(sec, "`Dockerfile`:");
    free(sec);
    /* the not-changed list comes after the caveats */
    assert_true(strstr(md, "### Honest caveats") < strstr(md, "### Not changed"));
    fx_free(&f);
}

/* The ci-cache pass over a workflow and a GitLab CI file of f->dir (a unit
 * with no Dockerfile, as the command makes it): its step, its notes and the
 * trade-offs of the cache backends. */
static void test_ci_cache_section_and_tradeoffs(void **state)
{
    (void)state;
    fx f;
    fx_init(&f);
    put(&f, ".github/workflows/build.yml",
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: docker/build-push-action@v6\n        with:\n          push: false\n");
    put(&f, ".gitlab-ci.yml", "build:\n  script:\n    - docker build --no-cache -t app .\n");
    lf_context cx;
    lf_context_init_fs(&cx, f.dir);
    lf_unit u;
    lf_unit_init(&u, &cx);
    char wf[4096], gl[4096];
    snprintf(wf, sizeof wf, "%s/.github/workflows/build.yml", f.dir);
    snprintf(gl, sizeof gl, "%s/.gitlab-ci.yml", f.dir);
    lf_unit_add_other(&u, LF_DOC_WORKFLOW, wf);
    lf_unit_add_other(&u, LF_DOC_CI_FILE, gl);
    bool on[32] = {false};
    for (size_t i = 0; i < lf_npasses; i++)
        on[i] = lf_passes[i].default_on;
    lf_options opts = {0};
    assert_int_equal(lf_unit_run(&u, lf_test_parser, &opts, lf_passes, lf_npasses, on), 0);
    assert_int_equal(u.ndocs, 2);
    const char *shown[2] = {".github/workflows/build.yml", ".gitlab-ci.yml"};
    for (size_t d = 0; d < 2; d++)
        assert_non_null(lf_report_add_result(&f.r, &u.docs[d], shown[d], u.docs[d].path));
    lf_unit_free(&u);
    lf_context_free(&cx);
    assert_int_equal(f.r.files[0].kind, LF_REPORT_WORKFLOW);
    assert_int_equal(f.r.files[1].kind, LF_REPORT_CI_FILE);
    const char *md = body(&f);
    assert_has(md, "| `.github/workflows/build.yml` | ci-cache | +");
    char *sec = section(md, "### `.github/workflows/build.yml`: ci-cache");
    assert_has(sec, "**What:** add an external build cache to CI workflows");
    assert_has(sec, "+          cache-from: type=gha\n");
    assert_has(sec, "+          cache-to: type=gha,mode=max\n");
    assert_has(sec, "+      - uses: docker/setup-buildx-action@v");
    free(sec);
    sec = section(md, "### Other findings (not changed)");
    assert_has(sec, "`.gitlab-ci.yml`:");
    assert_has(sec, "line 3: [ci-cache] `--no-cache` makes every CI build");
    free(sec);
    sec = section(md, "### Trade-offs of ci-cache");
    assert_has(sec, "per repository and limited in size");
    assert_has(sec, "`mode=max` caches the layers of every stage");
    assert_has(sec, "Cache mounts are not exported by any backend");
    free(sec);
    assert_true(strstr(md, "### Trade-offs of ci-cache") < strstr(md, "### Honest caveats"));
    fx_free(&f);

    /* no ci-cache change or note: no trade-offs */
    fx_init(&f);
    free(run_dockerfile(&f, "Dockerfile",
                        "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", NULL));
    assert_lacks(body(&f), "Trade-offs");
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_summary_and_table_row),
        cmocka_unit_test(test_one_section_per_step_with_its_diff),
        cmocka_unit_test(test_why_and_reasons_with_lines),
        cmocka_unit_test(test_notes_under_their_step),
        cmocka_unit_test(test_caveats_follow_the_passes),
        cmocka_unit_test(test_fence_longer_than_backticks_in_content),
        cmocka_unit_test(test_escaping_of_paths_and_texts),
        cmocka_unit_test(test_ignore_file_with_context_size),
        cmocka_unit_test(test_nothing_to_change),
        cmocka_unit_test(test_verification_per_file),
        cmocka_unit_test(test_files_with_errors_listed),
        cmocka_unit_test(test_ci_cache_section_and_tradeoffs),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
