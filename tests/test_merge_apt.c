/*
 * merge-apt on small inline Dockerfiles, one test per rule and per skip rule
 * of passes/merge_apt.c (its top comment): the pass is called directly on a
 * parsed doc and the exact edits (where, what is deleted, what is inserted)
 * and notes (where, exact message) are checked, then the edited text.
 * Edit and note positions are given as the first occurrence of a marker
 * string in the input.
 */
#include "testutil.h"

#include "buf.h"
#include "edit.h"
#include "model.h"
#include "passes.h"
#include "pkgmgr.h"
#include "source.h"

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

/* at: marker whose first occurrence is where the edit starts; del: the text it
 * deletes there ("" for an insertion); ins: the text it inserts. */
typedef struct {
    const char *at, *del, *ins;
} exp_edit;

/* at: marker whose first occurrence is the note's offset; msg: the message. */
typedef struct {
    const char *at, *msg;
} exp_note;

#define EDITS(...)                                                                                 \
    (const exp_edit[]){__VA_ARGS__}, sizeof((const exp_edit[]){__VA_ARGS__}) / sizeof(exp_edit)
#define NOTES(...)                                                                                 \
    (const exp_note[]){__VA_ARGS__}, sizeof((const exp_note[]){__VA_ARGS__}) / sizeof(exp_note)
#define NO_EDITS NULL, 0
#define NO_NOTES NULL, 0

static void run(run_t *r, const char *df)
{
    memset(r, 0, sizeof *r);
    r->input = df;
    lf_source *src = NULL;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, strlen(df)), 0);
    assert_int_equal(lf_doc_parse(&r->doc, lf_test_parser, src), 0);
    assert_int_equal(r->doc->nerrors, 0);
    r->ctx.opts = &r->opts;
    r->ctx.pass = "merge-apt";
    assert_int_equal(lf_test_pass(lf_pass_merge_apt, r->doc, &r->ctx, &r->edits), 0);
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

static int by_position(const void *a, const void *b)
{
    const lf_edit *x = *(const lf_edit *const *)a, *y = *(const lf_edit *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_edits(const run_t *r)
{
    for (size_t i = 0; i < r->edits.n; i++) {
        const lf_edit *e = &r->edits.items[i];
        print_message("  edit [%zu, %zu) '%.*s' -> '%s'\n", e->start, e->end,
                      (int)(e->end - e->start), r->input + e->start, e->text);
    }
}

static void print_notes(const run_t *r)
{
    for (size_t i = 0; i < r->ctx.nnotes; i++)
        print_message("  note @%zu: %s\n", r->ctx.notes[i].offset, r->ctx.notes[i].msg);
}

/* The edits, in position order, are exactly `want`; the notes, in the order
 * they were made, are exactly `notes`; the edited text is `output` (NULL:
 * the input). */
static void expect(run_t *r, const exp_edit *want, size_t nwant, const exp_note *notes,
                   size_t nnotes, const char *output)
{
    if (r->edits.n != nwant) {
        print_edits(r);
        fail_msg("%zu edits, expected %zu", r->edits.n, nwant);
    }
    const lf_edit **sorted = calloc(nwant + 1, sizeof *sorted);
    for (size_t i = 0; i < nwant; i++)
        sorted[i] = &r->edits.items[i];
    qsort(sorted, nwant, sizeof *sorted, by_position);
    for (size_t i = 0; i < nwant; i++) {
        const lf_edit *e = sorted[i];
        size_t at = offset_of(r, want[i].at), del = strlen(want[i].del);
        if (e->start != at || e->end != at + del || memcmp(r->input + at, want[i].del, del) != 0 ||
            strcmp(e->text, want[i].ins) != 0) {
            print_edits(r);
            fail_msg("edit %zu: expected [%zu, %zu) '%s' -> '%s'", i, at, at + del, want[i].del,
                     want[i].ins);
        }
        assert_string_equal(e->pass, "merge-apt");
        assert_true(e->why && *e->why);
    }
    free(sorted);
    if (r->ctx.nnotes != nnotes) {
        print_notes(r);
        fail_msg("%zu notes, expected %zu", r->ctx.nnotes, nnotes);
    }
    for (size_t i = 0; i < nnotes; i++) {
        const lf_note *n = &r->ctx.notes[i];
        if (n->offset != offset_of(r, notes[i].at) || strcmp(n->msg, notes[i].msg) != 0) {
            print_notes(r);
            fail_msg("note %zu: expected @%zu '%s'", i, offset_of(r, notes[i].at), notes[i].msg);
        }
    }
    lf_buf got = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(&r->edits, r->input, strlen(r->input), &got, &err), 0);
    assert_string_equal(lf_buf_cstr(&got), output ? output : r->input);
    lf_buf_free(&got);
    lf_buf_free(&err);
}

/* ---- rules ---- */

/* The install gets `update && ` before it; the lone update RUN is removed. */
static void test_merges_and_removes_lone_update(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-get install -y curl\n"
            "CMD [\"bash\"]\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y curl\n"
           "CMD [\"bash\"]\n");
    done(&r);
}

/* The update is copied as written: env prefix, wrapper, options. */
static void test_copies_update_as_written(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM ubuntu\n"
            "RUN DEBIAN_FRONTEND=noninteractive sudo apt-get -o Acquire::Retries=3 update -qq\n"
            "RUN DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata\n");
    expect(
        &r,
        EDITS({"RUN DEBIAN_FRONTEND=noninteractive sudo",
               "RUN DEBIAN_FRONTEND=noninteractive sudo apt-get -o Acquire::Retries=3 update "
               "-qq\n",
               ""},
              {"DEBIAN_FRONTEND=noninteractive apt-get install", "",
               "DEBIAN_FRONTEND=noninteractive sudo apt-get -o Acquire::Retries=3 update -qq && "}),
        NO_NOTES,
        "FROM ubuntu\n"
        "RUN DEBIAN_FRONTEND=noninteractive sudo apt-get -o Acquire::Retries=3 update -qq && "
        "DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata\n");
    done(&r);
}

/* An update that is part of a longer RUN is copied; that RUN is not removed. */
static void test_update_in_longer_list_is_copied(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update && apt-get upgrade -y\n"
            "RUN apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}), NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get upgrade -y\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* Every install after one lone update gets it; the lone update goes once. */
static void test_several_installs_each_get_the_update(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-get install -y curl\n"
            "RUN apt-get install -y git\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install -y curl", "", "apt-get update && "},
                 {"apt-get install -y git", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y curl\n"
           "RUN apt-get update && apt-get install -y git\n");
    done(&r);
}

/* ENV, ARG, WORKDIR, metadata, ONBUILD and RUNs that do not use the package
 * manager are stepped over. */
static void test_steps_over_env_arg_workdir_and_plain_runs(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "ENV A=1\n"
            "ARG B=2\n"
            "WORKDIR /src\n"
            "LABEL x=y\n"
            "EXPOSE 80\n"
            "ONBUILD RUN ./build.sh\n"
            "RUN useradd -m app && mkdir -p /app\n"
            "RUN apt-get install -y curl\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "ENV A=1\n"
           "ARG B=2\n"
           "WORKDIR /src\n"
           "LABEL x=y\n"
           "EXPOSE 80\n"
           "ONBUILD RUN ./build.sh\n"
           "RUN useradd -m app && mkdir -p /app\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* An install on the RUN's first line, with continuations after it: inline,
 * the continuation layout untouched. */
static void test_layout_first_line_inline(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-get install -y \\\n"
            "      curl \\\n"
            " && rm -rf /var/lib/apt/lists/*\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y \\\n"
           "      curl \\\n"
           " && rm -rf /var/lib/apt/lists/*\n");
    done(&r);
}

/* An install starting a `&&`-led continuation line: the update gets its own
 * line in that style. */
static void test_layout_and_at_line_start(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN set -eux \\\n"
            "    && apt-get install -y curl \\\n"
            "    && rm -rf /var/lib/apt/lists/*\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update \\\n    && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN set -eux \\\n"
           "    && apt-get update \\\n"
           "    && apt-get install -y curl \\\n"
           "    && rm -rf /var/lib/apt/lists/*\n");
    done(&r);
}

/* An install starting a plain continuation line: `update && \` on its own
 * line, with the same indentation (a tab here). */
static void test_layout_and_at_line_end(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN set -eux; \\\n"
            "\tapt-get install -y curl; \\\n"
            "\trm -rf /var/lib/apt/lists/*\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && \\\n\t"}),
           NO_NOTES,
           "FROM debian\n"
           "RUN set -eux; \\\n"
           "\tapt-get update && \\\n"
           "\tapt-get install -y curl; \\\n"
           "\trm -rf /var/lib/apt/lists/*\n");
    done(&r);
}

/* A CRLF file: the inserted line break is CRLF too; the lone update goes
 * with its CRLF. */
static void test_layout_crlf(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\r\n"
            "RUN apt-get update\r\n"
            "RUN mkdir /x \\\r\n"
            " && apt-get install -y curl\r\n");
    expect(&r,
           EDITS({"RUN apt-get update\r\n", "RUN apt-get update\r\n", ""},
                 {"apt-get install", "", "apt-get update \\\r\n && "}),
           NO_NOTES,
           "FROM debian\r\n"
           "RUN mkdir /x \\\r\n"
           " && apt-get update \\\r\n"
           " && apt-get install -y curl\r\n");
    done(&r);
}

/* An install in a heredoc body gets the update inline, inside the body. */
static void test_heredoc_install(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN <<EOF\n"
            "set -e\n"
            "apt-get install -y curl\n"
            "EOF\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN <<EOF\n"
           "set -e\n"
           "apt-get update && apt-get install -y curl\n"
           "EOF\n");
    done(&r);
}

/* A lone update in a heredoc RUN is removed with its body. */
static void test_heredoc_lone_update(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN <<EOF\n"
            "apt-get update\n"
            "EOF\n"
            "RUN apt-get install -y curl\n");
    expect(&r,
           EDITS({"RUN <<EOF", "RUN <<EOF\napt-get update\nEOF\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* apk update/add, dnf and yum makecache/install, apt (not apt-get). */
static void test_families(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM alpine\n"
            "RUN apk update\n"
            "RUN apk add curl\n"
            "FROM fedora\n"
            "RUN dnf makecache\n"
            "RUN dnf install -y git\n"
            "FROM centos\n"
            "RUN yum makecache fast\n"
            "RUN yum -y install make\n"
            "FROM ubuntu\n"
            "RUN apt update\n"
            "RUN apt install -y vim\n");
    expect(&r,
           EDITS({"RUN apk update\n", "RUN apk update\n", ""}, {"apk add", "", "apk update && "},
                 {"RUN dnf makecache\n", "RUN dnf makecache\n", ""},
                 {"dnf install", "", "dnf makecache && "},
                 {"RUN yum makecache fast\n", "RUN yum makecache fast\n", ""},
                 {"yum -y install", "", "yum makecache fast && "},
                 {"RUN apt update\n", "RUN apt update\n", ""},
                 {"apt install", "", "apt update && "}),
           NO_NOTES,
           "FROM alpine\n"
           "RUN apk update && apk add curl\n"
           "FROM fedora\n"
           "RUN dnf makecache && dnf install -y git\n"
           "FROM centos\n"
           "RUN yum makecache fast && yum -y install make\n"
           "FROM ubuntu\n"
           "RUN apt update && apt install -y vim\n");
    done(&r);
}

/* The programs of a family come from the knowledge table: dnf5 and
 * microdnf are dnf's. */
static void test_family_aliases_from_table(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM fedora:42\n"
            "RUN dnf5 makecache\n"
            "RUN dnf5 install -y curl\n"
            "FROM registry.access.redhat.com/ubi9/ubi-minimal\n"
            "RUN microdnf makecache\n"
            "RUN microdnf install -y tar\n");
    expect(&r,
           EDITS({"RUN dnf5 makecache\n", "RUN dnf5 makecache\n", ""},
                 {"dnf5 install", "", "dnf5 makecache && "},
                 {"RUN microdnf makecache\n", "RUN microdnf makecache\n", ""},
                 {"microdnf install", "", "microdnf makecache && "}),
           NO_NOTES,
           "FROM fedora:42\n"
           "RUN dnf5 makecache && dnf5 install -y curl\n"
           "FROM registry.access.redhat.com/ubi9/ubi-minimal\n"
           "RUN microdnf makecache && microdnf install -y tar\n");
    done(&r);
}

/* An option whose value is the next word is read as such: `--cache-dir
 * DIR add` is an install (no false "uses the package manager before
 * updating"), for every option-with-value of every system package manager
 * in the table. */
static void test_options_with_values_from_table(void **state)
{
    (void)state;
    for (int f = 0; f < LF_PM_COUNT; f++) {
        const lf_pm *pm = &lf_pkgmgrs[f];
        if (!pm->lists)
            continue;
        for (size_t o = 0; pm->value_opts && pm->value_opts[o]; o++) {
            const char *prog = pm->programs[0];
            const char *upd = pm->lists->refresh[0], *inst = pm->lists->install[0];
            char df[512], want[512], ins[128];
            /* the value looks like a subcommand: read as a value, not as one */
            snprintf(df, sizeof df, "FROM scratch\nRUN %s %s\nRUN %s %s %s %s pkg\n", prog, upd,
                     prog, pm->value_opts[o], upd, inst);
            snprintf(want, sizeof want, "FROM scratch\nRUN %s %s && %s %s %s %s pkg\n", prog, upd,
                     prog, pm->value_opts[o], upd, inst);
            snprintf(ins, sizeof ins, "%s %s && ", prog, upd);
            char lone[128], at[128];
            snprintf(lone, sizeof lone, "RUN %s %s\n", prog, upd);
            snprintf(at, sizeof at, "%s %s %s", prog, pm->value_opts[o], upd);
            run_t r;
            run(&r, df);
            expect(&r, EDITS({lone, lone, ""}, {at, "", ins}), NO_NOTES, want);
            done(&r);
        }
    }
}

/* apk with its cache moved: merged, no false note (the case). */
static void test_apk_cache_dir(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM alpine\n"
            "RUN apk update\n"
            "RUN apk --cache-dir /var/cache/apk add curl\n");
    expect(&r,
           EDITS({"RUN apk update\n", "RUN apk update\n", ""},
                 {"apk --cache-dir", "", "apk update && "}),
           NO_NOTES,
           "FROM alpine\n"
           "RUN apk update && apk --cache-dir /var/cache/apk add curl\n");
    done(&r);
}

/* Stages are independent: an update in one is never copied into the next,
 * even one built FROM it. */
static void test_stages_are_independent(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian AS base\n"
            "RUN apt-get update && apt-get install -y gcc\n"
            "FROM base\n"
            "RUN apt-get install -y git\n");
    expect(&r, NO_EDITS, NO_NOTES, NULL);
    done(&r);
}

/* Once an install after the lone update updates for itself, what comes
 * later (a COPY, a script) gets its lists from that RUN: the lone update
 * still goes. */
static void test_blockers_after_first_fixed_install_do_not_count(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-get install -y curl\n"
            "COPY setup.sh /\n"
            "RUN /setup.sh\n"
            "RUN apt-cache policy git\n"
            "RUN apt-get install -y git\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install -y curl", "", "apt-get update && "},
                 {"apt-get install -y git", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "RUN apt-get update && apt-get install -y curl\n"
           "COPY setup.sh /\n"
           "RUN /setup.sh\n"
           "RUN apt-cache policy git\n"
           "RUN apt-get update && apt-get install -y git\n");
    done(&r);
}

/* ---- skip rules: installs that are not merged ---- */

/* Installs in a condition, a pipeline, after `||`: notes, no edit; the lone
 * update is kept. An install before `||` is at the top level: merged. */
static void test_skip_install_in_condition_pipeline_or(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN if [ -n \"$X\" ]; then apt-get install -y a; fi\n"
            "RUN dpkg -i /x.deb || apt-get install -f -y\n"
            "RUN yes | apt-get install b\n"
            "RUN for p in c d; do apt-get install -y $p; done\n"
            "RUN apt-get install -y e || true\n");
    expect(&r, EDITS({"apt-get install -y e", "", "apt-get update && "}),
           NOTES({"apt-get install -y a",
                  "install at line 3 not merged with `apt-get update` at line 2: it is inside a "
                  "pipeline, condition, loop or `||` branch"},
                 {"apt-get install -f",
                  "install at line 4 not merged with `apt-get update` at line 2: it is inside a "
                  "pipeline, condition, loop or `||` branch"},
                 {"apt-get install b",
                  "install at line 5 not merged with `apt-get update` at line 2: it is inside a "
                  "pipeline, condition, loop or `||` branch"},
                 {"apt-get install -y $p",
                  "install at line 6 not merged with `apt-get update` at line 2: it is inside a "
                  "pipeline, condition, loop or `||` branch"},
                 {"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the RUN at line 3 has an install that could "
                  "not be merged"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "RUN if [ -n \"$X\" ]; then apt-get install -y a; fi\n"
           "RUN dpkg -i /x.deb || apt-get install -f -y\n"
           "RUN yes | apt-get install b\n"
           "RUN for p in c d; do apt-get install -y $p; done\n"
           "RUN apt-get update && apt-get install -y e || true\n");
    done(&r);
}

/* An install run by another USER: the copied update would run without root. */
static void test_skip_install_as_other_user(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "USER app\n"
            "RUN sudo apt-get install -y curl\n");
    expect(&r, NO_EDITS,
           NOTES({"sudo apt-get install",
                  "install at line 4 not merged with `apt-get update` at line 2: it runs as "
                  "another USER, and the update needs root"},
                 {"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the install at line 4 could not be merged"}),
           NULL);
    done(&r);
    /* the same USER on both sides is fine */
    run(&r, "FROM debian\n"
            "USER root\n"
            "RUN apt-get update\n"
            "RUN apt-get install -y curl\n");
    expect(&r,
           EDITS({"RUN apt-get update\n", "RUN apt-get update\n", ""},
                 {"apt-get install", "", "apt-get update && "}),
           NO_NOTES,
           "FROM debian\n"
           "USER root\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* An install whose RUN lacks a flag of the update's RUN (a secret) is not
 * merged; a cache mount on the update is not needed by the install. */
static void test_skip_install_lacking_update_flags(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN --mount=type=secret,id=auth apt-get update && apt-get upgrade -y\n"
            "RUN apt-get install -y tool\n"
            "RUN --network=host --mount=type=secret,id=auth apt-get install -y other\n");
    expect(&r, EDITS({"apt-get install -y other", "", "apt-get update && "}),
           NOTES({"apt-get install -y tool",
                  "install at line 3 not merged with `apt-get update` at line 2: its RUN lacks "
                  "the update's `--mount=type=secret,id=auth`"}),
           "FROM debian\n"
           "RUN --mount=type=secret,id=auth apt-get update && apt-get upgrade -y\n"
           "RUN apt-get install -y tool\n"
           "RUN --network=host --mount=type=secret,id=auth apt-get update && apt-get install -y "
           "other\n");
    done(&r);
    run(&r, "FROM debian\n"
            "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get upgrade\n"
            "RUN apt-get install -y tool\n");
    expect(&r, EDITS({"apt-get install -y tool", "", "apt-get update && "}), NO_NOTES,
           "FROM debian\n"
           "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get upgrade\n"
           "RUN apt-get update && apt-get install -y tool\n");
    done(&r);
}

/* An exec-form install has no shell to chain with: a note, and the lone
 * update is kept. */
static void test_skip_exec_form_install(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN [",
                  "install at line 3 not merged with `apt-get update` at line 2: it is in exec "
                  "form, with no shell to chain them"},
                 {"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the install at line 3 could not be merged"}),
           NULL);
    done(&r);
}

/* ONBUILD RUNs run in another build: never read, never changed. */
static void test_skip_onbuild(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "ONBUILD RUN apt-get update\n"
            "ONBUILD RUN apt-get install -y curl\n"
            "RUN apt-get update && apt-get clean\n"
            "ONBUILD RUN apt-get install -y git\n");
    expect(&r, NO_EDITS, NO_NOTES, NULL);
    done(&r);
}

/* An update inside a condition, before or after `||` is not copied anywhere:
 * its failure is tolerated, a copy would not be. */
static void test_skip_conditional_update(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN if [ ! -d /var/lib/apt/lists/partial ]; then apt-get update; fi\n"
            "RUN true || apt-get update\n"
            "RUN apt-get update > /dev/null || true\n"
            "RUN apt-get install -y curl\n");
    expect(&r, NO_EDITS, NO_NOTES, NULL);
    done(&r);
}

/* apk add --no-cache / --update / -U fetch their own index: not installs
 * that need the update, and not in the way of removing it either. */
static void test_skip_apk_self_refreshing(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM alpine\n"
            "RUN apk update\n"
            "RUN apk add --no-cache curl\n"
            "RUN apk add --update git\n"
            "RUN apk -U add make\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN apk update",
                  "`apk update` at line 2 is not followed by an install that needs it in this "
                  "stage"}),
           NULL);
    done(&r);
    run(&r, "FROM alpine\n"
            "RUN apk update\n"
            "RUN apk add --no-cache curl\n"
            "RUN apk add git\n");
    expect(
        &r,
        EDITS({"RUN apk update\n", "RUN apk update\n", ""}, {"apk add git", "", "apk update && "}),
        NO_NOTES,
        "FROM alpine\n"
        "RUN apk add --no-cache curl\n"
        "RUN apk update && apk add git\n");
    done(&r);
}

/* An update of one family is never copied into another family's install. */
static void test_skip_other_family(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apk add curl\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 is not followed by an install that needs it in "
                  "this stage"}),
           NULL);
    done(&r);
}

/* No update before the install in the stage, or only after it: nothing to
 * merge; a trailing lone update is reported. */
static void test_skip_no_update_before_install(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get install -y curl\n"
            "RUN apt-get update\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 3 is not followed by an install that needs it in "
                  "this stage"}),
           NULL);
    done(&r);
}

/* A lone update followed by a RUN that updates for itself: nothing to merge,
 * the lone update is left alone and reported. */
static void test_skip_already_merged(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-get update && apt-get install -y curl\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN apt-get update\n",
                  "`apt-get update` at line 2 is not followed by an install that needs it in "
                  "this stage"}),
           NULL);
    done(&r);
}

/* ---- skip rules: the lone update is kept ---- */

/* A COPY or ADD before the first fixed install may bring a script or apt
 * source that uses the lists. */
static void test_keep_lone_update_copy_between(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "ADD sources.list /etc/apt/\n"
            "RUN apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the ADD at line 3 may bring in a script or "
                  "an apt source that uses its lists"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "ADD sources.list /etc/apt/\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* A RUN that uses the package manager without updating first (apt-mark;
 * apt-cache before the install in the install's own RUN). */
static void test_keep_lone_update_package_manager_use(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-mark hold libc6\n"
            "RUN apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the RUN at line 3 uses the package manager "
                  "before updating"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "RUN apt-mark hold libc6\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN apt-cache policy curl && apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the RUN at line 3 uses the package manager "
                  "before updating"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "RUN apt-cache policy curl && apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* A RUN that runs a script or a command line (a path, *.sh, sh, xargs...). */
static void test_keep_lone_update_script_between(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN curl -fsSL https://example.com/setup | bash -\n"
            "RUN apt-get install -y nodejs\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the RUN at line 3 runs a script or command "
                  "line that may use the package manager"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "RUN curl -fsSL https://example.com/setup | bash -\n"
           "RUN apt-get update && apt-get install -y nodejs\n");
    done(&r);
}

/* A SHELL between changes how later RUNs run. */
static void test_keep_lone_update_shell_between(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
            "RUN apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the SHELL at line 3 changes how the RUNs "
                  "after it run"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* A RUN whose shell text bash cannot parse may use the package manager. */
static void test_keep_lone_update_unreadable_run(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "RUN echo )\n"
            "RUN apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 kept: the RUN at line 3 could not be read and may "
                  "use the package manager"}),
           "FROM debian\n"
           "RUN apt-get update\n"
           "RUN echo )\n"
           "RUN apt-get update && apt-get install -y curl\n");
    done(&r);
}

/* A lone update with flags (a --mount) is kept; an install with the same
 * mount still gets the update. */
static void test_keep_flagged_lone_update(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"
            "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y curl\n");
    expect(&r, EDITS({"apt-get install", "", "apt-get update && "}),
           NOTES({"RUN --mount", "`apt-get update` at line 2 kept: its RUN has flags "
                                 "(--mount=type=cache,target=/var/lib/apt/lists)"}),
           "FROM debian\n"
           "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"
           "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install "
           "-y curl\n");
    done(&r);
}

/* A lone update with no install after it is reported, not removed. */
static void test_keep_lone_update_without_install(void **state)
{
    (void)state;
    run_t r;
    run(&r, "FROM debian\n"
            "RUN apt-get update\n"
            "COPY . /app\n");
    expect(&r, NO_EDITS,
           NOTES({"RUN apt-get update",
                  "`apt-get update` at line 2 is not followed by an install that needs it in "
                  "this stage"}),
           NULL);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merges_and_removes_lone_update),
        cmocka_unit_test(test_copies_update_as_written),
        cmocka_unit_test(test_update_in_longer_list_is_copied),
        cmocka_unit_test(test_several_installs_each_get_the_update),
        cmocka_unit_test(test_steps_over_env_arg_workdir_and_plain_runs),
        cmocka_unit_test(test_layout_first_line_inline),
        cmocka_unit_test(test_layout_and_at_line_start),
        cmocka_unit_test(test_layout_and_at_line_end),
        cmocka_unit_test(test_layout_crlf),
        cmocka_unit_test(test_heredoc_install),
        cmocka_unit_test(test_heredoc_lone_update),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_family_aliases_from_table),
        cmocka_unit_test(test_options_with_values_from_table),
        cmocka_unit_test(test_apk_cache_dir),
        cmocka_unit_test(test_stages_are_independent),
        cmocka_unit_test(test_blockers_after_first_fixed_install_do_not_count),
        cmocka_unit_test(test_skip_install_in_condition_pipeline_or),
        cmocka_unit_test(test_skip_install_as_other_user),
        cmocka_unit_test(test_skip_install_lacking_update_flags),
        cmocka_unit_test(test_skip_exec_form_install),
        cmocka_unit_test(test_skip_onbuild),
        cmocka_unit_test(test_skip_conditional_update),
        cmocka_unit_test(test_skip_apk_self_refreshing),
        cmocka_unit_test(test_skip_other_family),
        cmocka_unit_test(test_skip_no_update_before_install),
        cmocka_unit_test(test_skip_already_merged),
        cmocka_unit_test(test_keep_lone_update_copy_between),
        cmocka_unit_test(test_keep_lone_update_package_manager_use),
        cmocka_unit_test(test_keep_lone_update_script_between),
        cmocka_unit_test(test_keep_lone_update_shell_between),
        cmocka_unit_test(test_keep_lone_update_unreadable_run),
        cmocka_unit_test(test_keep_flagged_lone_update),
        cmocka_unit_test(test_keep_lone_update_without_install),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
