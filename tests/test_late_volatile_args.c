/*
 * late-volatile-args on small inline Dockerfiles, one test per rule and per
 * skip rule of passes/late_volatile_args.c (its top comment), plus the
 * volatile-name table (passes/volatile.c). The pass is called directly on a
 * parsed doc; the edited text and the notes (where, what they say) are
 * checked, and the edited text is parsed and run through the pass again,
 * which must propose nothing (idempotence).
 */
#include "testutil.h"

#include "buf.h"
#include "edit.h"
#include "model.h"
#include "passes.h"
#include "source.h"
#include "volatile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *input;
    lf_doc *doc;
    lf_options opts;
    lf_ctx ctx;
    lf_edits edits;
} run_t;

/* at: marker whose first occurrence is the note's offset; msg: a part of
 * the message. */
typedef struct {
    const char *at, *msg;
} exp_note;

#define NOTES(...)                                                                                 \
    (const exp_note[]){__VA_ARGS__}, sizeof((const exp_note[]){__VA_ARGS__}) / sizeof(exp_note)
#define NO_NOTES NULL, 0

static void run_opts(run_t *r, const char *df, const lf_options *opts)
{
    memset(r, 0, sizeof *r);
    r->input = df;
    if (opts)
        r->opts = *opts;
    lf_source *src = NULL;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, strlen(df)), 0);
    assert_int_equal(lf_doc_parse(&r->doc, lf_test_parser, src), 0);
    assert_int_equal(r->doc->nerrors, 0);
    r->ctx.opts = &r->opts;
    r->ctx.pass = "late-volatile-args";
    assert_int_equal(lf_test_pass(lf_pass_late_volatile_args, r->doc, &r->ctx, &r->edits), 0);
}

static void run(run_t *r, const char *df)
{
    run_opts(r, df, NULL);
}

static void done(run_t *r)
{
    lf_edits_free(&r->edits);
    lf_ctx_free_notes(&r->ctx);
    lf_doc_free(r->doc);
}

static size_t offset_of(const run_t *r, const char *marker)
{
    const char *p = strstr(r->input, marker);
    if (!p)
        fail_msg("marker '%s' is not in the input", marker);
    return (size_t)(p - r->input);
}

static void print_notes(const run_t *r)
{
    for (size_t i = 0; i < r->ctx.nnotes; i++)
        print_message("  note @%zu: %s\n", r->ctx.notes[i].offset, r->ctx.notes[i].msg);
}

/* The edited text is `output` (NULL: the input, and then no edits at all);
 * every edit is this pass's with a reason; the notes, in order, are `notes`;
 * the output parses and the pass proposes nothing on it. */
static void expect(run_t *r, const char *output, const exp_note *notes, size_t nnotes)
{
    lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(&r->edits, r->input, strlen(r->input), &got, &err), 0);
    if (strcmp(lf_buf_cstr(&got), output ? output : r->input) != 0)
        fail_msg("output differs:\n--- got ---\n%s--- want ---\n%s", lf_buf_cstr(&got),
                 output ? output : r->input);
    if (!output)
        assert_int_equal(r->edits.n, 0);
    for (size_t i = 0; i < r->edits.n; i++) {
        assert_string_equal(r->edits.items[i].pass, "late-volatile-args");
        assert_true(r->edits.items[i].why && *r->edits.items[i].why);
    }
    if (r->ctx.nnotes != nnotes) {
        print_notes(r);
        fail_msg("%zu notes, expected %zu", r->ctx.nnotes, nnotes);
    }
    for (size_t i = 0; i < nnotes; i++) {
        const lf_note *n = &r->ctx.notes[i];
        if (n->offset != offset_of(r, notes[i].at) || !strstr(n->msg, notes[i].msg)) {
            print_notes(r);
            fail_msg("note %zu: expected @%zu '%s'", i, offset_of(r, notes[i].at), notes[i].msg);
        }
    }
    /* idempotence: the output is a fixed point */
    run_t again;
    char *out = lf_buf_detach(&got, NULL);
    run_opts(&again, out, &r->opts);
    if (again.edits.n != 0)
        fail_msg("a second run proposes %zu more edits on:\n%s", again.edits.n, out);
    done(&again);
    free(out);
    lf_buf_free(&err);
}

/* ---- the table ---- */

static void test_table(void **state)
{
    (void)state;
    const char *yes[] = {
        "BUILD_DATE",    "build_date",     "GIT_SHA",       "GIT_COMMIT", "COMMIT_SHA", "VCS_REF",
        "REVISION",      "BUILD_NUMBER",   "BUILD_ID",      "TIMESTAMP",  "SHORT_SHA",  "GIT_HASH",
        "CI_COMMIT_SHA", "CI_PIPELINE_ID", "SOURCE_COMMIT", "BUILDTIME",  "BUILD_TIME"};
    const char *no[] = {"VERSION",  "APP_VERSION", "BUILD_VERSION",     "NODE_VERSION", "CI_", "CI",
                        "GIT_SHA_", "XGIT_SHA",    "SOURCE_DATE_EPOCH", "GIT_BRANCH"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!lf_volatile_arg_is(yes[i], strlen(yes[i]), NULL, 0))
            fail_msg("%s should be volatile", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (lf_volatile_arg_is(no[i], strlen(no[i]), NULL, 0))
            fail_msg("%s should not be volatile", no[i]);
    /* every entry says why */
    for (size_t i = 0; i < lf_nvolatile_args; i++)
        assert_true(lf_volatile_args[i].why && *lf_volatile_args[i].why);
    const char *extra[] = {"MY_STAMP"};
    assert_true(lf_volatile_arg_is("MY_STAMP", 8, extra, 1));
    assert_false(lf_volatile_arg_is("my_stamp", 8, extra, 1)); /* extra names are exact */
    assert_false(lf_volatile_arg_is("MY_STAMP", 8, NULL, 0));
}

/* ---- moves ---- */

/* The ARG goes to just before its first use, past the RUNs. */
static void test_moves_to_first_use(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "RUN apt-get update && apt-get install -y curl\n"
            "COPY . /app\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y curl\n"
           "COPY . /app\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    assert_int_equal(r.edits.n, 2);
    assert_non_null(strstr(r.edits.items[0].why, "1 RUN(s) in between"));
    done(&r);
}

/* Already next to its use, or no RUN in between: nothing to gain. */
static void test_no_move_without_run_in_between(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "RUN echo $GIT_SHA > /rev\n"
            "RUN apt-get install -y curl\n");
    expect(&r, NULL, NO_NOTES);
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ARG NODE_VERSION=20\n"
            "WORKDIR /app\n"
            "COPY . .\n"
            "ENV A=1\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN echo $GIT_SHA\n");
    expect(&r, NULL, NO_NOTES);
    done(&r);
}

/* A default, quoted, is kept as written; lowercase keyword too. */
static void test_keeps_text_and_case(void **state)
{
    (void)state;
    run_t r;
    run(&r, "from alpine\n"
            "  arg BUILD_DATE=\"1970-01-01 00:00\"\n"
            "run apk add curl\n"
            "label created=\"${BUILD_DATE}\"\n");
    expect(&r,
           "from alpine\n"
           "run apk add curl\n"
           "  arg BUILD_DATE=\"1970-01-01 00:00\"\n"
           "label created=\"${BUILD_DATE}\"\n",
           NO_NOTES);
    done(&r);
}

/* Comment lines directly above the ARG go with it; the ARG lands above the
 * target's own comment lines; a blank line between keeps the block apart. */
static void test_doc_comments(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "# header, not attached\n"
            "\n"
            "# the commit\n"
            "ARG GIT_SHA\n"
            "RUN make deps\n"
            "# metadata\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "# header, not attached\n"
           "\n"
           "RUN make deps\n"
           "# the commit\n"
           "ARG GIT_SHA\n"
           "# metadata\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
}

/* A blank line above and below: the one below goes too; only one side:
 * blank lines stay. */
static void test_blank_lines(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "\n"
            "ARG GIT_SHA\n"
            "\n"
            "RUN make deps\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "\n"
           "RUN make deps\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "\n"
            "RUN make deps\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "\n"
           "RUN make deps\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
}

/* CRLF lines move with their CRLF; a split-out word gets the ARG's CRLF. */
static void test_crlf(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\r\n"
            "ARG A=1 GIT_SHA\r\n"
            "ARG BUILD_DATE\r\n"
            "RUN make\r\n"
            "LABEL rev=$GIT_SHA date=$BUILD_DATE\r\n");
    expect(&r,
           "FROM debian\r\n"
           "ARG A=1\r\n"
           "RUN make\r\n"
           "ARG GIT_SHA\r\n"
           "ARG BUILD_DATE\r\n"
           "LABEL rev=$GIT_SHA date=$BUILD_DATE\r\n",
           NO_NOTES);
    done(&r);
}

/* The target is the last line, with no final newline. */
static void test_target_without_final_newline(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA",
           NO_NOTES);
    done(&r);
}

/* Two volatile ARGs for one use keep their order; each stops at its own. */
static void test_several_args(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ARG BUILD_DATE\n"
            "ARG BUILD_NUMBER\n"
            "RUN make deps\n"
            "RUN make VERSION=$BUILD_NUMBER\n"
            "RUN make test\n"
            "LABEL rev=$GIT_SHA date=$BUILD_DATE\n");
    expect(&r,
           "FROM debian\n"
           "RUN make deps\n"
           "ARG BUILD_NUMBER\n"
           "RUN make VERSION=$BUILD_NUMBER\n"
           "RUN make test\n"
           "ARG GIT_SHA\n"
           "ARG BUILD_DATE\n"
           "LABEL rev=$GIT_SHA date=$BUILD_DATE\n",
           NO_NOTES);
    done(&r);
}

/* ---- multi-name ARGs ---- */

/* The volatile word is cut out (with the blanks before it, or after it when
 * it comes first) and declared before its use with its default. */
static void test_split(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA=dev A=1\tB\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "ARG A=1\tB\n"
           "RUN make\n"
           "ARG GIT_SHA=dev\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA A=1 BUILD_DATE  \n"
            "RUN make\n"
            "RUN echo $BUILD_DATE\n"
            "RUN make test\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "ARG A=1  \n"
           "RUN make\n"
           "ARG BUILD_DATE\n"
           "RUN echo $BUILD_DATE\n"
           "RUN make test\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
}

/* All words volatile: the line moves to the first use of any; a word used
 * later is then cut out and goes further down. */
static void test_all_volatile_line(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA BUILD_DATE\n"
            "RUN make deps\n"
            "RUN make REV=$GIT_SHA\n"
            "RUN make test\n"
            "LABEL date=$BUILD_DATE\n");
    expect(&r,
           "FROM debian\n"
           "RUN make deps\n"
           "ARG GIT_SHA\n"
           "RUN make REV=$GIT_SHA\n"
           "RUN make test\n"
           "ARG BUILD_DATE\n"
           "LABEL date=$BUILD_DATE\n",
           NO_NOTES);
    done(&r);
}

/* Not split: a continued ARG, or words that refer to each other. */
static void test_split_skips(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG A=1 \\\n"
            "    GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "not split out of the ARG at line 2, which continues over "
                               "several lines; declared just before line 5, it would keep 1 RUN"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA REV=$GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r, NULL, NOTES({"GIT_SHA REV", "another word of that ARG refers to it"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG A=x GIT_SHA=$A\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r, NULL, NOTES({"GIT_SHA=", "another word of that ARG refers to it"}));
    done(&r);
}

/* ---- ENV copies ---- */

/* A pure copy moves with its ARG to the first use of either. */
static void test_env_copy_moves(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV REV=$GIT_SHA SHORT=\"${GIT_SHA%???????}\"\n"
            "RUN apt-get install -y curl\n"
            "COPY . .\n"
            "RUN ./build --rev \"$SHORT\"\n");
    expect(&r,
           "FROM debian\n"
           "RUN apt-get install -y curl\n"
           "COPY . .\n"
           "ARG GIT_SHA\n"
           "ENV REV=$GIT_SHA SHORT=\"${GIT_SHA%???????}\"\n"
           "RUN ./build --rev \"$SHORT\"\n",
           NO_NOTES);
    done(&r);
}

/* An ENV that also sets another variable stays; its ARG may still come down
 * to it; a note says why the ENV stays. */
static void test_env_with_other_pair(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "RUN apt-get install -y curl\n"
            "ENV REV=$GIT_SHA PATH=/opt/bin:$PATH\n"
            "RUN make\n"
            "LABEL rev=$REV\n");
    expect(&r,
           "FROM debian\n"
           "RUN apt-get install -y curl\n"
           "ARG GIT_SHA\n"
           "ENV REV=$GIT_SHA PATH=/opt/bin:$PATH\n"
           "RUN make\n"
           "LABEL rev=$REV\n",
           NOTES({"ENV REV", "the ENV at line 4 copies the volatile ARG GIT_SHA but also sets "
                             "PATH"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV REV=$GIT_SHA PATH=/opt/bin:$PATH\n"
            "RUN make\n"
            "LABEL rev=$REV\n");
    expect(&r, NULL, NOTES({"ENV REV", "but also sets PATH, which the RUNs after it may read"}));
    done(&r);
}

/* The copy is used right away, or by nothing: both stay, with a note. */
static void test_env_copy_stays(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV REV=$GIT_SHA\n"
            "RUN echo $REV > /rev\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "`ARG GIT_SHA` stays: the ENV at line 3 that copies it is used "
                               "at line 4, before its own use at line 6"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV GIT_SHA=$GIT_SHA\n"
            "RUN make\n"
            "CMD [\"app\"]\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "and the ENV at line 3 that copies it are used by no later "
                               "instruction"}));
    done(&r);
}

/* ---- what counts as a use ---- */

/* Each form stops the ARG just before the instruction holding it. The RUN
 * after it reads GIT_SHA too, so that a LABEL form is not worth moving to the
 * end of the stage (its next build step changes on every build anyway). */
static void test_use_forms(void **state)
{
    (void)state;
    const char *uses[] = {
        "LABEL a=$GIT_SHA\n",
        "LABEL a=${GIT_SHA}\n",
        "LABEL a=\"${GIT_SHA:-unknown}\"\n",
        "LABEL a=${GIT_SHA#v}\n",
        "LABEL a=${OTHER:-$GIT_SHA}\n",
        "LABEL a=\"x\\\\$GIT_SHA\"\n",
        "ENV A=x$GIT_SHA\n",
        "ENV A ${GIT_SHA}\n",
        "WORKDIR /src/$GIT_SHA\n",
        "USER u$GIT_SHA\n",
        "EXPOSE ${GIT_SHA}\n",
        "VOLUME [\"/data/$GIT_SHA\"]\n",
        "STOPSIGNAL $GIT_SHA\n",
        "ARG LABEL_REV=$GIT_SHA\n",
        "COPY --chown=$GIT_SHA a /b\n",
        "COPY a /b/$GIT_SHA\n",
        "COPY <<'EOF' /b.sh\necho $GIT_SHA\nEOF\n",
        "ADD [\"a-${GIT_SHA}\", \"/b\"]\n",
        "RUN --mount=type=cache,id=$GIT_SHA,target=/c true\n",
        "RUN <<EOF\necho \"$GIT_SHA\"\nEOF\n",
        "RUN sh -c 'echo $GIT_SHA'\n",
        "RUN echo \\$GIT_SHA | sh\n",
        "RUN printenv GIT_SHA\n",
        "RUN python -c 'import os; print(os.environ[\"GIT_SHA\"])'\n",
        "RUN [\"sh\", \"-c\", \"echo $GIT_SHA\"]\n",
        "CMD [\"echo\", \"$GIT_SHA\"]\n",
        "ENTRYPOINT echo $GIT_SHA\n",
        "HEALTHCHECK CMD test -n \"$GIT_SHA\"\n",
        "ONBUILD RUN echo $GIT_SHA\n",
        "ENV GIT_SHA=fixed\n", /* sets the name: order matters */
    };
    for (size_t i = 0; i < sizeof uses / sizeof *uses; i++) {
        char in[512], want[512];
        snprintf(in, sizeof in,
                 "FROM debian\nARG GIT_SHA\nRUN make\n%sRUN make test $A $GIT_SHA\n"
                 "LABEL z=$GIT_SHA\n",
                 uses[i]);
        snprintf(want, sizeof want,
                 "FROM debian\nRUN make\nARG GIT_SHA\n%sRUN make test $A $GIT_SHA\n"
                 "LABEL z=$GIT_SHA\n",
                 uses[i]);
        print_message("use: %s", uses[i]);
        run_t r;
        run(&r, in);
        lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
        assert_int_equal(lf_edits_apply(&r.edits, r.input, strlen(r.input), &got, &err), 0);
        if (strcmp(lf_buf_cstr(&got), want) != 0)
            fail_msg("not a use?\n--- got ---\n%s--- want ---\n%s", lf_buf_cstr(&got), want);
        lf_buf_free(&got);
        lf_buf_free(&err);
        done(&r);
    }
}

/* None of these is a use: the ARG passes them to the final LABEL. */
static void test_non_uses(void **state)
{
    (void)state;
    const char *others[] = {
        "LABEL a='$GIT_SHA'\n",      "LABEL a=\\$GIT_SHA\n",
        "LABEL a=$$GIT_SHA\n",       "LABEL a=$GIT_SHA_SHORT\n",
        "LABEL a=${GIT_SHAX}\n",     "ENV A='${GIT_SHA}'\n",
        "RUN echo $GIT_SHA_SHORT\n", "RUN echo ${MY_GIT_SHA}\n",
        "RUN echo git_sha\n",        "COPY <<EOF /b\nGIT_SHA_X\nEOF\n",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        char in[512], want[512];
        snprintf(in, sizeof in,
                 "FROM debian\nARG GIT_SHA\nRUN make\n%sRUN make test\nLABEL z=$GIT_SHA\n",
                 others[i]);
        snprintf(want, sizeof want,
                 "FROM debian\nRUN make\n%sRUN make test\nARG GIT_SHA\nLABEL z=$GIT_SHA\n",
                 others[i]);
        print_message("not a use: %s", others[i]);
        run_t r;
        run(&r, in);
        expect(&r, want, NO_NOTES);
        done(&r);
    }
}

/* With `# escape=``, a backslash does not escape `$`, a backtick does. */
static void test_backtick_escape(void **state)
{
    (void)state;
    run_t r;
    run(&r, "# escape=`\n"
            "FROM mcr.microsoft.com/windows/servercore\n"
            "ARG BUILD_DATE\n"
            "RUN echo hi\n"
            "LABEL a=`$BUILD_DATE\n"
            "RUN echo there\n"
            "LABEL b=\\$BUILD_DATE\n");
    expect(&r,
           "# escape=`\n"
           "FROM mcr.microsoft.com/windows/servercore\n"
           "RUN echo hi\n"
           "LABEL a=`$BUILD_DATE\n"
           "RUN echo there\n"
           "ARG BUILD_DATE\n"
           "LABEL b=\\$BUILD_DATE\n",
           NO_NOTES);
    done(&r);
}

/* The ARG never passes an instruction that changes a name its default reads. */
static void test_default_reads_a_name(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA=$FALLBACK\n"
            "RUN make\n"
            "ENV FALLBACK=none\n"
            "RUN make test\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG GIT_SHA=$FALLBACK\n"
           "ENV FALLBACK=none\n"
           "RUN make test\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
}

/* ---- scope ---- */

/* Stages are separate: an ARG never crosses a FROM. */
static void test_never_crosses_from(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM golang AS build\n"
            "ARG GIT_SHA\n"
            "RUN go build -o /app .\n"
            "FROM alpine\n"
            "COPY --from=build /app /app\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "`ARG GIT_SHA` is declared but never used in this stage"}));
    done(&r);
    run(&r, "FROM golang AS base\n"
            "ARG GIT_SHA\n"
            "RUN go version\n"
            "FROM base\n"
            "RUN echo $GIT_SHA\n");
    expect(&r, NULL, NOTES({"GIT_SHA\n", "only in stages built FROM it"}));
    done(&r);
}

/* Global ARGs never move; a note only when nothing reads them. */
static void test_global_args(void **state)
{
    (void)state;
    run_t r;
    run(&r, "ARG BUILD_ID=latest\n"
            "ARG GIT_SHA\n"
            "ARG BUILD_DATE\n"
            "FROM base:$BUILD_ID\n"
            "ARG GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=$GIT_SHA\n");
    expect(&r,
           "ARG BUILD_ID=latest\n"
           "ARG GIT_SHA\n"
           "ARG BUILD_DATE\n"
           "FROM base:$BUILD_ID\n"
           "RUN make\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NOTES({"BUILD_DATE", "global `ARG BUILD_DATE` is used by no FROM line"}));
    done(&r);
}

/* ONBUILD ARG declares nothing in this build. */
static void test_onbuild(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM node\n"
            "ONBUILD ARG GIT_SHA\n"
            "RUN npm i -g serve\n"
            "ONBUILD LABEL rev=$GIT_SHA\n");
    expect(&r, NULL, NO_NOTES);
    done(&r);
}

/* ---- notes ---- */

static void test_note_never_used(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG BUILD_NUMBER\n"
            "RUN make\n");
    expect(&r, NULL,
           NOTES({"BUILD_NUMBER", "`ARG BUILD_NUMBER` is declared but never used in this stage; "
                                  "left in place, and the RUNs after it re-run"}));
    done(&r);
}

/* Other metadata than a LABEL that uses the ARG above RUNs keeps it there. */
static void test_note_metadata_first(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "STOPSIGNAL $GIT_SHA\n"
            "RUN make\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "stays just before its first use, the STOPSIGNAL at line 3; the "
                               "RUN at line 4 after it does not use GIT_SHA"}));
    done(&r);
}

/* ---- LABELs that read a volatile value ---- */

/* The LABEL goes to just after the last RUN/COPY/ADD, its ARG just above it;
 * what follows (USER, EXPOSE, CMD) keeps its order below. */
static void test_label_to_end(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "COPY . .\n"
            "USER app\n"
            "EXPOSE 80\n"
            "CMD [\"app\"]\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "COPY . .\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "USER app\n"
           "EXPOSE 80\n"
           "CMD [\"app\"]\n",
           NO_NOTES);
    assert_int_equal(r.edits.n, 4);
    bool label_why = false;
    for (size_t i = 0; i < r.edits.n; i++)
        label_why = label_why || strstr(r.edits.items[i].why, "move the LABEL at line 3 down to "
                                                              "after line 5") != NULL;
    assert_true(label_why);
    done(&r);
}

/* Any form and several pairs; comment lines above go along; the insertion
 * sits right after the last build step, above the blank line and comment of
 * what follows; a blank line on both sides of the moved pair goes too. */
static void test_label_forms_and_layout(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "\n"
            "ARG BUILD_DATE\n"
            "# dates\n"
            "LABEL created=\"${BUILD_DATE}\" \\\n"
            "      title=app\n"
            "\n"
            "RUN make\n"
            "\n"
            "# run\n"
            "CMD [\"app\"]\n");
    expect(&r,
           "FROM debian\n"
           "\n"
           "RUN make\n"
           "ARG BUILD_DATE\n"
           "# dates\n"
           "LABEL created=\"${BUILD_DATE}\" \\\n"
           "      title=app\n"
           "\n"
           "# run\n"
           "CMD [\"app\"]\n",
           NO_NOTES);
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL org.example.rev   \"${GIT_SHA}\"\n"
            "RUN make\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG GIT_SHA\n"
           "LABEL org.example.rev   \"${GIT_SHA}\"\n",
           NO_NOTES);
    done(&r);
}

/* The last build step ends the file without a newline, or its stage comes
 * before another: the LABEL lands right after it, with its own line end. */
static void test_label_end_of_file_and_stage(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\r\n"
            "ARG GIT_SHA\r\n"
            "LABEL rev=$GIT_SHA\r\n"
            "RUN make");
    expect(&r,
           "FROM debian\r\n"
           "RUN make\r\n"
           "ARG GIT_SHA\r\n"
           "LABEL rev=$GIT_SHA",
           NO_NOTES);
    done(&r);
    run(&r, "FROM golang AS build\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN go build -o /app .\n"
            "\n"
            "FROM build\n"
            "RUN go test ./...\n");
    expect(&r,
           "FROM golang AS build\n"
           "RUN go build -o /app .\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "\n"
           "FROM build\n"
           "RUN go test ./...\n",
           NO_NOTES);
    done(&r);
}

/* Several LABELs keep their order, each after the ARG it reads; a fixed
 * LABEL between them stays where it is. */
static void test_labels_keep_order(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ARG BUILD_DATE\n"
            "LABEL date=$BUILD_DATE\n"
            "LABEL vendor=acme\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "CMD [\"app\"]\n");
    expect(&r,
           "FROM debian\n"
           "LABEL vendor=acme\n"
           "RUN make\n"
           "ARG BUILD_DATE\n"
           "LABEL date=$BUILD_DATE\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "CMD [\"app\"]\n",
           NO_NOTES);
    done(&r);
    /* the same key twice, both volatile: both move, in order (the later still wins) */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "LABEL rev=${GIT_SHA}-x\n"
            "RUN make\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "LABEL rev=${GIT_SHA}-x\n",
           NO_NOTES);
    done(&r);
}

/* ARG + ENV copy + LABEL: the LABEL reads the copy; ARG and ENV follow it. */
static void test_label_env_copy(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV REV=$GIT_SHA\n"
            "LABEL rev=$REV\n"
            "RUN apt-get install -y curl\n"
            "COPY . .\n"
            "CMD [\"app\"]\n");
    expect(&r,
           "FROM debian\n"
           "RUN apt-get install -y curl\n"
           "COPY . .\n"
           "ARG GIT_SHA\n"
           "ENV REV=$GIT_SHA\n"
           "LABEL rev=$REV\n"
           "CMD [\"app\"]\n",
           NO_NOTES);
    done(&r);
    /* the copy after the LABEL, and only a COPY to pass: they still follow */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "ENV REV=$GIT_SHA\n"
            "COPY . .\n");
    expect(&r,
           "FROM debian\n"
           "COPY . .\n"
           "ARG GIT_SHA\n"
           "ENV REV=$GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
    /* an ENV setting the name to something fixed again: not volatile any more
     * (the ARG stays for its copy, used early, as without the LABEL) */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV REV=$GIT_SHA\n"
            "ENV REV=fixed\n"
            "LABEL rev=$REV\n"
            "RUN make\n"
            "RUN echo $GIT_SHA\n");
    expect(&r, NULL,
           NOTES({"GIT_SHA\n", "the ENV at line 3 that copies it is used at line 4, before its own "
                               "use at line 7"}));
    done(&r);
}

/* The ARG lands at its own first use when a RUN reads it; the LABEL still
 * goes to the end. */
static void test_label_arg_used_later(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN apt-get install -y curl\n"
            "RUN make REV=$GIT_SHA\n"
            "RUN make test\n"
            "CMD [\"app\"]\n");
    expect(&r,
           "FROM debian\n"
           "RUN apt-get install -y curl\n"
           "ARG GIT_SHA\n"
           "RUN make REV=$GIT_SHA\n"
           "RUN make test\n"
           "LABEL rev=$GIT_SHA\n"
           "CMD [\"app\"]\n",
           NO_NOTES);
    done(&r);
    /* a multi-name ARG: the volatile word is cut out and follows the LABEL */
    run(&r, "FROM debian\n"
            "ARG VERSION=1 BUILD_DATE\n"
            "LABEL v=$VERSION date=$BUILD_DATE\n"
            "RUN make\n");
    expect(&r,
           "FROM debian\n"
           "ARG VERSION=1\n"
           "RUN make\n"
           "ARG BUILD_DATE\n"
           "LABEL v=$VERSION date=$BUILD_DATE\n",
           NO_NOTES);
    done(&r);
}

/* Nothing to gain: the next build step reads the value (it changes on every
 * build, and all after it with it), or there is no build step after it, or
 * the LABEL reads no volatile value declared in its stage. */
static void test_label_no_gain(void **state)
{
    (void)state;
    const char *same[] = {
        "FROM debian\nARG BUILD_DATE\nLABEL d=$BUILD_DATE\nRUN echo $BUILD_DATE > /d\nCOPY . .\n",
        "FROM debian\nRUN make\nARG GIT_SHA\nLABEL rev=$GIT_SHA\nUSER app\nCMD [\"app\"]\n",
        "FROM debian\nLABEL rev=$GIT_SHA\nRUN make\n",
        "FROM debian\nARG VERSION\nLABEL v=$VERSION\nRUN make\n",
        "FROM debian\nARG GIT_SHA\nLABEL rev='$GIT_SHA'\nRUN echo $GIT_SHA\nRUN make\n",
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        print_message("case %zu\n", i);
        run_t r;
        run(&r, same[i]);
        expect(&r, NULL, NO_NOTES);
        done(&r);
    }
}

/* A later LABEL between it and the end that sets one of its keys (quoted,
 * or a key only known at build time) keeps it in place: noted. */
static void test_label_same_key(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL a=1 rev=$GIT_SHA\n"
            "RUN make\n"
            "LABEL \"rev\"=fixed\n"
            "RUN make test\n");
    expect(&r, NULL,
           NOTES({"LABEL a=1", "the LABEL at line 3 reads GIT_SHA, which changes on every build, "
                               "and stays above RUN/COPY/ADD instructions that do not use it (they "
                               "lose their cache whenever it changes): not moved to the end of the "
                               "stage because the LABEL at line 5 sets the same key \"rev\""}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=fixed\n"
            "RUN make test\n");
    expect(&r, NULL,
           NOTES({"LABEL rev=$", "the LABEL at line 5 sets the same key rev, and the later one "
                                 "wins"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "LABEL ${KEY}=x\n"
            "RUN make test\n");
    expect(&r, NULL,
           NOTES({"LABEL rev", "the LABEL at line 5 sets ${KEY}, which may be one of its keys"}));
    done(&r);
    /* an escaped `$` is a plain key, and other keys do not stop it */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "LABEL \\$rev=x revision=y\n"
            "RUN make test\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "LABEL \\$rev=x revision=y\n"
           "RUN make test\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n",
           NO_NOTES);
    done(&r);
    /* a later LABEL with the key after the last build step stays below it */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN make\n"
            "LABEL rev=fixed\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "LABEL rev=fixed\n",
           NO_NOTES);
    done(&r);
}

/* An ARG or ENV further down that declares or sets a name the LABEL reads
 * would change its value: it stays, noted. */
static void test_label_reads_redefined(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "ENV FLAVOR=slim\n"
            "LABEL build=$FLAVOR-$GIT_SHA\n"
            "RUN make\n"
            "ENV FLAVOR=full\n"
            "RUN make test\n");
    expect(&r, NULL,
           NOTES({"LABEL build", "because it reads FLAVOR, which the ENV at line 6 sets, so its "
                                 "value would change"}));
    done(&r);
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA platform=$TARGETPLATFORM\n"
            "RUN make\n"
            "ARG TARGETPLATFORM\n"
            "COPY . .\n");
    expect(&r, NULL,
           NOTES({"LABEL rev", "because it reads TARGETPLATFORM, which the ARG at line 5 "
                               "declares"}));
    done(&r);
    /* a name it does not read is no obstacle; a single-quoted one is not read */
    run(&r, "FROM debian\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA note='$FLAVOR'\n"
            "RUN make\n"
            "ENV FLAVOR=full PATH=/opt/bin:$PATH\n"
            "RUN make test\n");
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ENV FLAVOR=full PATH=/opt/bin:$PATH\n"
           "RUN make test\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA note='$FLAVOR'\n",
           NO_NOTES);
    done(&r);
}

/* Only within its stage: the final stage's LABEL moves, the build stage's
 * ARG, used by its first RUN, stays. */
static void test_label_multistage(void **state)
{
    (void)state;
    run_t r;
    run(&r, "ARG GIT_SHA\n"
            "FROM golang AS build\n"
            "ARG GIT_SHA\n"
            "RUN go build -ldflags \"-X main.rev=$GIT_SHA\" -o /app .\n"
            "FROM alpine\n"
            "ARG GIT_SHA\n"
            "LABEL rev=$GIT_SHA\n"
            "RUN apk add --no-cache ca-certificates\n"
            "COPY --from=build /app /app\n"
            "ENTRYPOINT [\"/app\"]\n");
    expect(&r,
           "ARG GIT_SHA\n"
           "FROM golang AS build\n"
           "ARG GIT_SHA\n"
           "RUN go build -ldflags \"-X main.rev=$GIT_SHA\" -o /app .\n"
           "FROM alpine\n"
           "RUN apk add --no-cache ca-certificates\n"
           "COPY --from=build /app /app\n"
           "ARG GIT_SHA\n"
           "LABEL rev=$GIT_SHA\n"
           "ENTRYPOINT [\"/app\"]\n",
           NO_NOTES);
    done(&r);
}

/* ---- options ---- */

/* --volatile-arg names join the table. */
static void test_extra_names(void **state)
{
    (void)state;
    const char *df = "FROM debian\n"
                     "ARG MY_STAMP\n"
                     "RUN make\n"
                     "LABEL stamp=$MY_STAMP\n";
    run_t r;
    run(&r, df);
    expect(&r, NULL, NO_NOTES);
    done(&r);
    const char *extra[] = {"OTHER", "MY_STAMP"};
    lf_options o = {.volatile_args = extra, .nvolatile_args = 2};
    run_opts(&r, df, &o);
    expect(&r,
           "FROM debian\n"
           "RUN make\n"
           "ARG MY_STAMP\n"
           "LABEL stamp=$MY_STAMP\n",
           NO_NOTES);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_moves_to_first_use),
        cmocka_unit_test(test_no_move_without_run_in_between),
        cmocka_unit_test(test_keeps_text_and_case),
        cmocka_unit_test(test_doc_comments),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_target_without_final_newline),
        cmocka_unit_test(test_several_args),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_all_volatile_line),
        cmocka_unit_test(test_split_skips),
        cmocka_unit_test(test_env_copy_moves),
        cmocka_unit_test(test_env_with_other_pair),
        cmocka_unit_test(test_env_copy_stays),
        cmocka_unit_test(test_use_forms),
        cmocka_unit_test(test_non_uses),
        cmocka_unit_test(test_backtick_escape),
        cmocka_unit_test(test_default_reads_a_name),
        cmocka_unit_test(test_never_crosses_from),
        cmocka_unit_test(test_global_args),
        cmocka_unit_test(test_onbuild),
        cmocka_unit_test(test_note_never_used),
        cmocka_unit_test(test_note_metadata_first),
        cmocka_unit_test(test_label_to_end),
        cmocka_unit_test(test_label_forms_and_layout),
        cmocka_unit_test(test_label_end_of_file_and_stage),
        cmocka_unit_test(test_labels_keep_order),
        cmocka_unit_test(test_label_env_copy),
        cmocka_unit_test(test_label_arg_used_later),
        cmocka_unit_test(test_label_no_gain),
        cmocka_unit_test(test_label_same_key),
        cmocka_unit_test(test_label_reads_redefined),
        cmocka_unit_test(test_label_multistage),
        cmocka_unit_test(test_extra_names),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
