/*
 * cache-mounts on small inline Dockerfiles, one test per rule of
 * passes/cache_mounts.c (its top comment) and per option the golden runner
 * cannot set (--target-builder, --syntax-directive): the pass is called
 * directly on a parsed doc, the edited text is compared in full, each note is
 * checked by its line and a part of its message, every edit carries the
 * pass id and a reason, and the pass run again on its own output proposes
 * nothing. The knowledge table's invariants and the base-image lookup are
 * checked here too.
 */
#include "testutil.h"

#include "context_fs.h"

#include "buf.h"
#include "cache_mounts.h"
#include "context.h"
#include "edit.h"
#include "model.h"
#include "passes.h"
#include "pkgmgr.h"
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    lf_doc *doc;
    lf_options opts;
    lf_ctx ctx;
    lf_edits edits;
    lf_buf out;
} run_t;

static void run_with(run_t *r, const char *df, size_t len, const lf_options *opts,
                     const lf_context *cx)
{
    memset(r, 0, sizeof *r);
    if (opts)
        r->opts = *opts;
    lf_source *src = NULL;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, len), 0);
    assert_int_equal(lf_doc_parse(&r->doc, lf_test_parser, src), 0);
    assert_int_equal(r->doc->nerrors, 0);
    r->ctx.opts = &r->opts;
    r->ctx.context = cx;
    r->ctx.pass = "cache-mounts";
    assert_int_equal(lf_test_pass(lf_pass_cache_mounts, r->doc, &r->ctx, &r->edits), 0);
    for (size_t i = 0; i < r->edits.n; i++) {
        assert_string_equal(r->edits.items[i].pass, "cache-mounts");
        assert_true(r->edits.items[i].why && *r->edits.items[i].why);
    }
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_edits_apply(&r->edits, df, len, &r->out, &err), 0);
    lf_buf_free(&err);
    lf_buf_adds(&r->out, "");
}

static void done(run_t *r)
{
    lf_edits_free(&r->edits);
    lf_ctx_free_notes(&r->ctx);
    lf_doc_free(r->doc);
    lf_buf_free(&r->out);
}

static void print_notes(const run_t *r)
{
    for (size_t i = 0; i < r->ctx.nnotes; i++) {
        size_t line, col;
        lf_source_pos(r->doc->src, r->ctx.notes[i].offset, &line, &col);
        print_message("  note line %zu: %s\n", line, r->ctx.notes[i].msg);
    }
}

/* The pass on df gives `want` (NULL: df unchanged) and exactly the notes
 * "LINE:part" listed (NULL-terminated); its output is a fixed point and
 * parses. */
static void check_opts(const char *df, const char *want, const char *const *notes,
                       const lf_options *opts, const lf_context *cx)
{
    run_t r;
    run_with(&r, df, strlen(df), opts, cx);
    const char *expect = want ? want : df;
    if (strcmp(r.out.data, expect) != 0) {
        print_notes(&r);
        print_message("got:\n%s\nwanted:\n%s", r.out.data, expect);
        fail_msg("the output differs");
    }
    size_t n = 0;
    for (; notes && notes[n]; n++) {
        size_t line = strtoul(notes[n], NULL, 10);
        const char *part = strchr(notes[n], ':') + 1;
        bool found = false;
        for (size_t i = 0; i < r.ctx.nnotes && !found; i++) {
            size_t l, c;
            lf_source_pos(r.doc->src, r.ctx.notes[i].offset, &l, &c);
            found = l == line && strstr(r.ctx.notes[i].msg, part) != NULL;
        }
        if (!found) {
            print_notes(&r);
            fail_msg("no note on line %zu with '%s'", line, part);
        }
    }
    if (r.ctx.nnotes != n) {
        print_notes(&r);
        fail_msg("%zu notes, expected %zu", r.ctx.nnotes, n);
    }
    /* idempotent, and the output parses */
    run_t again;
    run_with(&again, r.out.data, r.out.len, opts, cx);
    if (again.edits.n != 0) {
        print_message("%s", again.out.data);
        fail_msg("a second run changes the output again");
    }
    done(&again);
    done(&r);
}

static void check(const char *df, const char *want, const char *const *notes)
{
    check_opts(df, want, notes, NULL, NULL);
}

#define NOTES(...)                                                                                 \
    (const char *const[])                                                                          \
    {                                                                                              \
        __VA_ARGS__, NULL                                                                          \
    }
#define NO_NOTES NULL

#define DOCKER_CLEAN "rm -f /etc/apt/apt.conf.d/docker-clean"
/* the docker-clean hook off and back on around one RUN */
#define HOOK_OFF                                                                                   \
    "{ [ ! -e /etc/apt/apt.conf.d/docker-clean ] || "                                              \
    "mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; }"
#define HOOK_ON                                                                                    \
    "{ [ ! -e /etc/apt/docker-clean.off ] || "                                                     \
    "mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }"
#define CONT " \\\n    "
/* a one-line RUN with the apt mounts (MOUNTS) and the hook, broken into lines */
#define WRAPPED(MOUNTS, BODY) "RUN " MOUNTS CONT HOOK_OFF " &&" CONT BODY " &&" CONT HOOK_ON "\n"
#define APT_PKG_MOUNT "--mount=type=cache,target=/var/cache/apt,sharing=locked"
#define APT_BOTH APT_PKG_MOUNT CONT "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"
#define APT_MOUNTS                                                                                 \
    "--mount=type=cache,target=/var/cache/apt,sharing=locked "                                     \
    "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"
#define PIP_MOUNT "--mount=type=cache,target=/root/.cache/pip"

/* ---- target builders and the syntax directive ---- */

static void test_kaniko_and_legacy_get_nothing_and_one_note(void **state)
{
    (void)state;
    const char *df =
        "FROM python:3.12-slim\n"
        "RUN pip install --no-cache-dir flask\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
    lf_options o = {.target_builder = LF_BUILDER_KANIKO};
    check_opts(df, NULL, NOTES("2:the target builder (kaniko) cannot run RUN --mount; 3 would"), &o,
               NULL);
    o.target_builder = LF_BUILDER_LEGACY;
    check_opts(df, NULL, NOTES("2:the target builder (legacy) cannot run RUN --mount"), &o, NULL);
}

static void test_kaniko_without_installs_says_nothing(void **state)
{
    (void)state;
    lf_options o = {.target_builder = LF_BUILDER_KANIKO};
    check_opts("FROM alpine\nRUN echo hi\n", NULL, NO_NOTES, &o, NULL);
}

static void test_buildah_gets_mounts(void **state)
{
    (void)state;
    lf_options o = {.target_builder = LF_BUILDER_BUILDAH};
    check_opts("FROM python:3.12-slim\nRUN pip install flask\n",
               "FROM python:3.12-slim\nRUN " PIP_MOUNT " pip install flask\n", NO_NOTES, &o, NULL);
    /* buildah 1.28 hangs on some sharing=locked mounts and rejects
     * sharing=private: the default sharing */
    check_opts("FROM node:20\nRUN yarn install\n",
               "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn "
               "install\n",
               NO_NOTES, &o, NULL);
}

static void test_syntax_directive_added_when_asked(void **state)
{
    (void)state;
    lf_options o = {.syntax_directive = 1};
    check_opts("FROM python:3.12-slim\nRUN pip install flask\n",
               "# syntax=docker/dockerfile:1\n"
               "FROM python:3.12-slim\nRUN " PIP_MOUNT " pip install flask\n",
               NO_NOTES, &o, NULL);
    /* above an escape directive, after a BOM, with the file's newline */
    check_opts("\xEF\xBB\xBF# escape=`\r\nFROM python:3.12-slim\r\nRUN pip install flask\r\n",
               "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n# escape=`\r\nFROM python:3.12-slim\r\n"
               "RUN " PIP_MOUNT " pip install flask\r\n",
               NO_NOTES, &o, NULL);
    /* not twice, and not when nothing is mounted */
    check_opts("# syntax=docker/dockerfile:1.7\nFROM python:3.12-slim\nRUN pip install flask\n",
               "# syntax=docker/dockerfile:1.7\nFROM python:3.12-slim\nRUN " PIP_MOUNT
               " pip install flask\n",
               NO_NOTES, &o, NULL);
    check_opts("FROM python:3.12-slim\nRUN echo hi\n", NULL, NO_NOTES, &o, NULL);
}

static void test_syntax_directive_off_by_default(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\nRUN pip install flask\n",
          "FROM python:3.12-slim\nRUN " PIP_MOUNT " pip install flask\n", NO_NOTES);
}

/* ---- apt ---- */

static void test_apt_lists_only_with_update(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
          "RUN apt-get install -y --no-install-recommends git\n",
          "FROM debian:bookworm\n" WRAPPED(APT_BOTH, "apt-get update && apt-get install -y curl")
              WRAPPED(APT_PKG_MOUNT, "apt-get install -y --no-install-recommends git"),
          NO_NOTES);
}

/* a RUN that cannot move the hook gets no package cache mount: the hook
 * would leave it empty */
static void test_apt_hook_blocks_package_cache(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "USER 1000\n"
          "RUN sudo apt-get update && sudo apt-get install -y curl\n",
          NULL,
          NOTES("3:no cache mount at /var/cache/apt at line 3: the image's docker-clean apt hook "
                "deletes the downloaded packages after every install, and this RUN cannot turn it "
                "off while it runs: it runs as a non-root USER"));
    check("FROM ubuntu:24.04\n"
          "RUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
          NULL, NOTES("2:this RUN cannot turn it off while it runs: it is in exec form"));
}

/* each RUN turns the hook off for itself only: one without the mount in a
 * derived stage keeps the hook, and the image's apt is as it was */
static void test_apt_hook_per_run(void **state)
{
    (void)state;
    check("FROM debian:bookworm AS base\n"
          "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
          "FROM base\n"
          "RUN apt-get update && apt-get install -y git && (apt-get clean || true)\n",
          "FROM debian:bookworm AS base\n" WRAPPED(
              APT_BOTH, "apt-get update && apt-get install -y curl") "FROM base\n"
                                                                     "RUN apt-get update && "
                                                                     "apt-get install -y git && "
                                                                     "(apt-get clean || true)\n",
          NOTES("4:`apt-get clean` would empty it"));
    /* already wrapped (layerfix's own output): nothing more */
    const char *done =
        "FROM debian:bookworm\n" WRAPPED(APT_BOTH, "apt-get update && apt-get install -y curl");
    check(done, NULL, NO_NOTES);
    /* the `apt` binary is told to keep its downloads; apt-get keeps them */
    check("FROM debian:bookworm\nRUN apt update && apt install -y curl\n",
          "FROM debian:bookworm\n" WRAPPED(APT_PKG_MOUNT,
                                           "apt update && apt -o "
                                           "APT::Keep-Downloaded-Packages=true install -y curl"),
          NO_NOTES);
}

/* the hook's lines follow the author's chaining: `&&` starting the line */
static void test_apt_hook_and_at_line_start(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN --network=host apt-get update \\\n"
          "  && apt-get install -y curl \\\n"
          "  && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian:bookworm\n"
          "RUN --network=host \\\n"
          "  --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
          "  --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n"
          "  " HOOK_OFF " \\\n"
          "  && apt-get update \\\n"
          "  && apt-get install -y curl \\\n"
          "  && " HOOK_ON "\n",
          NO_NOTES);
}

/* the lists mount only where the RUN deletes the lists itself: one that
 * leaves them ships them (a script, a later RUN, an `apt-get install` in a
 * container may use them), and a mount would take them out; no note */
static void test_apt_lists_left_in_image(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN apt-get update && apt-get install -y curl\n"
          "COPY install.sh /\n"
          "RUN /install.sh\n",
          "FROM debian:bookworm\n" WRAPPED(
              APT_PKG_MOUNT, "apt-get update && apt-get install -y curl") "COPY install.sh /\n"
                                                                          "RUN /install.sh\n",
          NO_NOTES);
}

/* apt run through xargs after a RUN that keeps the lists */
static void test_apt_via_xargs(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN apt-get update && apt-get install -y curl\n"
          "RUN cat /pkgs | xargs apt-get install -y\n",
          "FROM debian:bookworm\n" WRAPPED(
              APT_PKG_MOUNT, "apt-get update && apt-get install -y curl") "RUN cat /pkgs | xargs "
                                                                          "apt-get install -y\n",
          NO_NOTES);
}

static void test_apt_docker_clean_already_removed(void **state)
{
    (void)state;
    check("FROM ubuntu:22.04\n"
          "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
          "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
          "FROM ubuntu:22.04\n"
          "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
          "RUN " APT_MOUNTS " apt-get update && apt-get install -y curl\n",
          NO_NOTES);
}

static void test_apt_on_alpine_gets_no_docker_clean(void **state)
{
    (void)state;
    check("FROM alpine:3.20\nRUN apt-get update && apt-get install -y x && rm -rf "
          "/var/lib/apt/lists/*\n",
          "FROM alpine:3.20\nRUN " APT_MOUNTS " apt-get update && apt-get install -y x\n",
          NO_NOTES);
}

static void test_apt_rm_in_condition_blocks_lists(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN apt-get update && apt-get install -y curl && "
          "if true; then rm -rf /var/lib/apt/lists/*; fi\n",
          "FROM debian:bookworm\n" WRAPPED(APT_PKG_MOUNT,
                                           "apt-get update && apt-get install -y curl && "
                                           "if true; then rm -rf /var/lib/apt/lists/*; fi"),
          NOTES("2:the `rm` that empties it cannot be dropped"));
}

static void test_apt_rm_mount_point_itself_dropped(void **state)
{
    (void)state;
    check("FROM debian:bookworm\n"
          "RUN apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists\n",
          "FROM debian:bookworm\n" WRAPPED(APT_BOTH, "apt-get update; apt-get install -y curl"),
          NO_NOTES);
}

/* ---- layout ---- */

static void test_continuation_starting_with_escape(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "RUN \\\n"
          "  pip install flask\n",
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " \\\n"
          "  pip install flask\n",
          NO_NOTES);
}

static void test_flag_alone_on_its_line_dropped_with_it(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "RUN pip install \\\n"
          "      --no-cache-dir \\\n"
          "      -r requirements.txt\n",
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " \\\n"
          "      pip install \\\n"
          "      -r requirements.txt\n",
          NO_NOTES);
}

static void test_backtick_escape(void **state)
{
    (void)state;
    check("# escape=`\n"
          "FROM python:3.12-slim\n"
          "RUN pip install `\n"
          "    flask\n",
          "# escape=`\n"
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " `\n"
          "    pip install `\n"
          "    flask\n",
          NO_NOTES);
}

static void test_comment_line_next_to_defeater_blocks(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "RUN pip install \\\n"
          "# cache off to keep the image small\n"
          "    --no-cache-dir flask\n",
          NULL, NOTES("2:its `--no-cache-dir` cannot be dropped here"));
}

/* ---- environment ---- */

static void test_env_home_and_arg_and_export(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "ENV HOME=/work\n"
          "RUN pip install flask\n",
          "FROM python:3.12-slim\n"
          "ENV HOME=/work\n"
          "RUN --mount=type=cache,target=/work/.cache/pip pip install flask\n",
          NO_NOTES);
    check(
        "FROM golang:1.22\n"
        "ARG GOMODCACHE=/cache/mod\n"
        "RUN go mod download\n"
        "RUN go build ./...\n",
        "FROM golang:1.22\n"
        "ARG GOMODCACHE=/cache/mod\n"
        "RUN --mount=type=cache,target=/cache/mod go mod download\n"
        "RUN --mount=type=cache,target=/cache/mod --mount=type=cache,target=/root/.cache/go-build "
        "go build ./...\n",
        NO_NOTES);
    check("FROM python:3.12-slim\n"
          "RUN export PIP_CACHE_DIR=/opt/pipc && pip install flask\n",
          "FROM python:3.12-slim\n"
          "RUN --mount=type=cache,target=/opt/pipc export PIP_CACHE_DIR=/opt/pipc && pip install "
          "flask\n",
          NO_NOTES);
}

static void test_env_expansion(void **state)
{
    (void)state;
    check("FROM golang:1.22\n"
          "ENV GOCACHE=${GOPATH}/build-cache\n"
          "RUN go build .\n",
          "FROM golang:1.22\n"
          "ENV GOCACHE=${GOPATH}/build-cache\n"
          "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go/build-cache go "
          "build .\n",
          NO_NOTES);
    check("FROM python:3.12-slim\n"
          "ENV PIP_CACHE_DIR=$SOMEWHERE/pip\n"
          "RUN pip install flask\n",
          NULL, NOTES("3:PIP_CACHE_DIR is set to a value not known here"));
}

static void test_inline_no_cache_env_dropped(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "RUN PIP_NO_CACHE_DIR=1 pip install flask\n",
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " pip install flask\n",
          NO_NOTES);
}

static void test_option_moves_cache(void **state)
{
    (void)state;
    check("FROM node:20\n"
          "RUN npm ci --cache /tmp/npmcache\n",
          "FROM node:20\n"
          "RUN --mount=type=cache,target=/tmp/npmcache npm ci --cache /tmp/npmcache\n",
          NO_NOTES);
}

/* ---- users ---- */

static void test_users_and_groups(void **state)
{
    (void)state;
    /* BusyBox adduser: -u uid, -G group, -h home; group from addgroup -g */
    check("FROM node:20-alpine\n"
          "RUN addgroup -g 2000 web && adduser -D -u 2001 -G web -h /srv/web web\n"
          "USER web:web\n"
          "RUN npm ci\n",
          "FROM node:20-alpine\n"
          "RUN addgroup -g 2000 web && adduser -D -u 2001 -G web -h /srv/web web\n"
          "USER web:web\n"
          "RUN --mount=type=cache,target=/srv/web/.npm,uid=2001,gid=2000 npm ci\n",
          NO_NOTES);
    /* useradd -g NUM -d DIR, USER by uid */
    check("FROM python:3.12\n"
          "RUN useradd -r -u 999 -g 999 -d /opt/app app\n"
          "USER 999\n"
          "RUN pip install flask\n",
          "FROM python:3.12\n"
          "RUN useradd -r -u 999 -g 999 -d /opt/app app\n"
          "USER 999\n"
          "RUN --mount=type=cache,target=/opt/app/.cache/pip,uid=999,gid=999 pip install flask\n",
          NO_NOTES);
    /* a numeric uid nobody created: no HOME */
    check("FROM python:3.12\n"
          "USER 4242\n"
          "RUN pip install flask\n",
          NULL, NOTES("3:the HOME of USER `4242` is not known"));
}

/* USER from build ARGs: uid=/gid= name them when the frontend expands
 * them (1.3 or later); a name that is not an id is not a uid */
/* a cache the build reads packages from, needed later without downloading */
static void test_installs_cache_read_later(void **state)
{
    (void)state;
    /* `go mod download`, then a Makefile builds: the modules must be in the
     * layer; in the same RUN as the build they may be mounted */
    check("FROM golang:1.22\n"
          "RUN go mod download\n"
          "COPY . .\n"
          "RUN make build\n",
          NULL,
          NOTES("2:`go mod download` only downloads for the steps after it, and no later RUN "
                "runs go with it"));
    check("FROM golang:1.22\nRUN go mod download && go build -o /app .\n",
          "FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod "
          "--mount=type=cache,target=/root/.cache/go-build go mod download && go build -o /app .\n",
          NO_NOTES);
    /* offline readers: an option, a variable of the stage, one in a child stage */
    check("FROM rust:1.79\n"
          "RUN cargo fetch\n"
          "RUN cargo build --release --offline\n",
          NULL,
          NOTES("2:no cache mount at /usr/local/cargo/registry for the Cargo registry at line 2: "
                "the RUN at line 3 reads it with `--offline`, without downloading",
                "2:no cache mount at /usr/local/cargo/git/db", "3:the RUN at line 2 filled it",
                "3:the RUN at line 2 filled it"));
    check(
        "FROM golang:1.22 AS deps\n"
        "RUN go mod download\n"
        "FROM deps AS build\n"
        "ENV GOPROXY=off\n"
        "RUN go build ./...\n",
        "FROM golang:1.22 AS deps\n"
        "RUN go mod download\n"
        "FROM deps AS build\n"
        "ENV GOPROXY=off\n"
        "RUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n",
        NOTES("2:the RUN at line 5 reads it with `GOPROXY=off`", "5:the RUN at line 2 filled it"));
    /* cargo-chef's dependency layer caches the registry: no mount on it,
     * nor on the build after it */
    check("FROM lukemathwalker/cargo-chef:latest-rust-1.80.1 AS builder\n"
          "WORKDIR /app\n"
          "COPY recipe.json recipe.json\n"
          "RUN cargo chef cook --release --recipe-path recipe.json\n"
          "COPY . .\n"
          "RUN cargo build --release\n",
          NULL,
          NOTES("4:no cache mount at /usr/local/cargo/registry for the Cargo registry at line 4: "
                "`cargo chef cook --release --recipe-path recipe.json` builds the dependencies "
                "into a layer of their own",
                "4:no cache mount at /usr/local/cargo/git/db", "6:the RUN at line 4 filled it",
                "6:the RUN at line 4 filled it"));
    /* the container runs the tool: what it reads stays in the image */
    check(
        "FROM rust:1.79\n"
        "RUN cargo build\n"
        "CMD [\"cargo\", \"run\"]\n",
        NULL,
        NOTES("2:no cache mount at /usr/local/cargo/registry for the Cargo registry at line 2: the "
              "CMD at line 3 runs cargo with it when the container starts",
              "2:no cache mount at /usr/local/cargo/git/db"));
    check("FROM rust:1.79\n"
          "RUN cargo build --release\n"
          "CMD [\"./target/release/app\"]\n",
          "FROM rust:1.79\n"
          "RUN --mount=type=cache,target=/usr/local/cargo/registry "
          "--mount=type=cache,target=/usr/local/cargo/git/db cargo build --release\n"
          "CMD [\"./target/release/app\"]\n",
          NO_NOTES);
}

/* Windows stages get no mounts, and one note for the file */
static void test_windows_stages(void **state)
{
    (void)state;
    check("FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\n"
          "RUN dotnet restore\n"
          "RUN dotnet build\n"
          "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
          "RUN pip install flask\n"
          "FROM python:3.12-slim\n"
          "RUN pip install flask\n",
          "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\n"
          "RUN dotnet restore\n"
          "RUN dotnet build\n"
          "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
          "RUN pip install flask\n"
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " pip install flask\n",
          NOTES("1:no cache mounts in the Windows stage at line 1: BuildKit's RUN --mount is for "
                "Linux containers"));
}

static void test_user_from_build_args(void **state)
{
    (void)state;
    const char *body = "FROM python:3.12\n"
                       "ARG UID\n"
                       "ARG GID\n"
                       "ENV HOME=/home/app\n"
                       "USER ${UID}:${GID}\n";
    lf_buf in = LF_BUF_INIT, out = LF_BUF_INIT;
    lf_buf_printf(&in, "# syntax=docker/dockerfile:1\n%sRUN pip install flask\n", body);
    lf_buf_printf(&out,
                  "# syntax=docker/dockerfile:1\n%sRUN "
                  "--mount=type=cache,target=/home/app/.cache/pip,uid=${UID},gid=${GID} pip "
                  "install flask\n",
                  body);
    check(in.data, out.data, NO_NOTES);
    lf_buf_clear(&in);
    lf_buf_printf(&in, "# syntax=docker/dockerfile:1.2\n%sRUN pip install flask\n", body);
    check(in.data, NULL, NOTES("7:USER `${UID}:${GID}` takes its uid from a build argument"));
    lf_buf_clear(&in);
    lf_buf_printf(&in, "%sRUN pip install flask\n", body);
    check(in.data, NULL, NOTES("6:only with BuildKit's Dockerfile frontend 1.3 or later"));
    check("# syntax=docker/dockerfile:1\nFROM python:3.12\nARG APP_USER\nENV HOME=/home/app\n"
          "USER $APP_USER\nRUN pip install flask\n",
          NULL, NOTES("6:USER `$APP_USER` has no uid known"));
    lf_buf_free(&in);
    lf_buf_free(&out);
}

/* `sudo -u NAME` / `gosu NAME` in a root RUN: that user's cache */
static void test_command_runs_as_other_user(void **state)
{
    (void)state;
    check("FROM node:20\n"
          "RUN gosu node npm ci\n",
          "FROM node:20\n"
          "RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 gosu node npm ci\n",
          NO_NOTES);
    check("FROM debian:bookworm\n"
          "RUN useradd -m builder && sudo -u builder pip install flask\n",
          NULL, NOTES("2:the command runs as `builder` has no uid known"));
    /* and so do the commands of its `sh -c` string */
    check("FROM node:20\n"
          "RUN sudo -u node /bin/bash -c 'cd /app && npm ci'\n",
          "FROM node:20\n"
          "RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 sudo -u node /bin/bash "
          "-c 'cd /app && npm ci'\n",
          NO_NOTES);
}

static void test_user_root_again(void **state)
{
    (void)state;
    check("FROM node:20\n"
          "USER node\n"
          "USER root\n"
          "RUN npm ci\n",
          "FROM node:20\n"
          "USER node\n"
          "USER root\n"
          "RUN --mount=type=cache,target=/root/.npm npm ci\n",
          NO_NOTES);
}

static void test_system_cache_root_owned_for_any_user(void **state)
{
    (void)state;
    check("FROM fedora:40\n"
          "USER someone\n"
          "RUN sudo dnf install -y git\n",
          "FROM fedora:40\n"
          "USER someone\n"
          "RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked sudo dnf "
          "--setopt=keepcache=1 install -y git\n",
          NO_NOTES);
}

/* ---- mounts already there, and what must stay visible ---- */

static void test_existing_mounts(void **state)
{
    (void)state;
    /* a bind mount over the cache directory: left alone, with a note */
    check("FROM python:3.12-slim\n"
          "RUN --mount=type=bind,source=wheels,target=/root/.cache/pip pip install flask\n",
          NULL, NOTES("2:the RUN already mounts /root/.cache/pip"));
    /* the author's wider cache mount covers it: its defeaters still go */
    check("FROM debian:bookworm\n"
          "RUN " DOCKER_CLEAN "\n"
          "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked "
          "--mount=type=cache,target=/var/lib/apt,sharing=locked "
          "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
          "FROM debian:bookworm\n"
          "RUN " DOCKER_CLEAN "\n"
          "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked "
          "--mount=type=cache,target=/var/lib/apt,sharing=locked "
          "apt-get update && apt-get install -y curl\n",
          NO_NOTES);
}

static void test_never_over_project_or_home(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "WORKDIR /root/.cache/pip/proj\n"
          "RUN pip install flask\n",
          NULL, NOTES("3:it would hide the working directory"));
    check("FROM node:20\n"
          "RUN npm install --prefix /root/.npm/tools left-pad\n",
          NULL, NOTES("2:`--prefix /root/.npm/tools` installs there"));
    check("FROM python:3.12-slim\n"
          "ENV PIP_CACHE_DIR=/usr/local\n"
          "RUN pip install flask\n",
          NULL, NOTES("3:it would hide a system directory"));
}

static void test_installs_cache_filled_without_mount(void **state)
{
    (void)state;
    /* exec form: mounted before the JSON; `sh -c`: read, but its rm cannot
     * be dropped, so the layer gets the modules, and the build must see them */
    check("FROM golang:1.22\n"
          "RUN [\"sh\", \"-c\", \"go mod download\"]\n"
          "RUN sh -c 'go mod download && rm -rf /go/pkg/mod/cache/download/x'\n"
          "RUN go build .\n",
          "FROM golang:1.22\n"
          "RUN --mount=type=cache,target=/go/pkg/mod [\"sh\", \"-c\", \"go mod download\"]\n"
          "RUN sh -c 'go mod download && rm -rf /go/pkg/mod/cache/download/x'\n"
          "RUN --mount=type=cache,target=/root/.cache/go-build go build .\n",
          NOTES("3:the `rm` that empties it cannot be dropped",
                "4:the RUN at line 3 filled it in a layer without a mount"));
}

static void test_onbuild_and_unreadable_runs(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "ONBUILD RUN pip install flask\n"
          "RUN if then fi pip install ((\n",
          NULL, NO_NOTES);
}

/* ---- tools ---- */

static void test_yum_on_el7_and_dnf5(void **state)
{
    (void)state;
    check("FROM centos:7\n"
          "RUN yum install -y git && yum clean all\n",
          "FROM centos:7\n"
          "RUN --mount=type=cache,target=/var/cache/yum,sharing=locked yum --setopt=keepcache=1 "
          "install -y git\n",
          NO_NOTES);
    check("FROM fedora:42\n"
          "RUN dnf --setopt=keepcache=True install -y git\n",
          "FROM fedora:42\n"
          "RUN --mount=type=cache,target=/var/cache/libdnf5,sharing=locked dnf "
          "--setopt=keepcache=True install -y git\n",
          NO_NOTES);
    /* an image the table does not place (Azure Linux 4.0's dnf is dnf 5):
     * which cache dnf uses is not known, and `dnf clean all` stays */
    check("FROM mcr.microsoft.com/dotnet/sdk:11.0-azurelinux4.0\n"
          "RUN dnf install -y gcc && dnf clean all\n",
          NULL,
          NOTES("2:no cache mount for the dnf cache at line 2: which cache directory it uses "
                "depends on the base image"));
}

static void test_gradle_image_follows_symlink(void **state)
{
    (void)state;
    check("FROM gradle:8-jdk21\n"
          "WORKDIR /home/gradle/src\n"
          "COPY . .\n"
          "RUN gradle build --no-daemon\n",
          "FROM gradle:8-jdk21\n"
          "WORKDIR /home/gradle/src\n"
          "COPY . .\n"
          "RUN --mount=type=cache,target=/home/gradle/.gradle/caches gradle build --no-daemon\n",
          NO_NOTES);
    /* the image's WORKDIR is /home/gradle: a context copied there, unseen,
     * may hold a .gradle/caches */
    check("FROM gradle:8-jdk21\n"
          "COPY . .\n"
          "RUN gradle build\n",
          NULL, NOTES("3:the COPY/ADD at line 2 puts files there"));
}

static void test_composer_on_php_image(void **state)
{
    (void)state;
    check("FROM php:8.3-cli\n"
          "COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n"
          "RUN composer install --no-cache\n",
          "FROM php:8.3-cli\n"
          "COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n"
          "RUN --mount=type=cache,target=/root/.composer/cache,sharing=locked composer install\n",
          NO_NOTES);
}

static void test_yarn_berry_by_package_json(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    lf_buf p = LF_BUF_INIT;
    lf_buf_printf(&p, "%s/package.json", dir);
    const char *pj = "{\"name\": \"x\", \"packageManager\": \"yarn@3.6.4\"}\n";
    assert_int_equal(lf_test_write_file(p.data, pj, strlen(pj)), 0);
    lf_context cx;
    lf_context_init_fs(&cx, dir);
    lf_context_add(&cx, "package.json");
    lf_context_sort(&cx);
    check_opts("FROM node:20\nRUN yarn install --immutable\n",
               "FROM node:20\nRUN --mount=type=cache,target=/root/.yarn/berry/cache yarn install "
               "--immutable\n",
               NO_NOTES, NULL, &cx);
    lf_context_free(&cx);
    lf_buf_free(&p);
    lf_test_rmtree(dir);
    free(dir);
}

static void test_python_m_and_versioned_pip(void **state)
{
    (void)state;
    check("FROM python:3.12-slim\n"
          "RUN python3.12 -m pip install flask && pip3.12 wheel x\n",
          "FROM python:3.12-slim\n"
          "RUN " PIP_MOUNT " python3.12 -m pip install flask && pip3.12 wheel x\n",
          NO_NOTES);
}

/* ---- the knowledge table ---- */

static void test_table_invariants(void **state)
{
    (void)state;
    for (size_t i = 0; i < LF_PM_COUNT; i++) {
        const lf_pm *pm = &lf_pkgmgrs[i];
        assert_int_equal(pm->id, (lf_pm_id)i);
        assert_non_null(pm->installs); /* manifests.c reads them unguarded */
        assert_non_null(pm->files);
        assert_non_null(pm->programs);
        for (const lf_pm_cache *c = pm->caches; c && c->name; c++) {
            const lf_pm_loc *l = c->where;
            while (l->kind == LF_LOC_OPT || l->kind == LF_LOC_ENV)
                l++;
            assert_true(l->kind == LF_LOC_HOME || l->kind == LF_LOC_FIXED ||
                        l->kind == LF_LOC_NONE);
            if (c->flags & LF_PC_SKIP)
                assert_non_null(c->skip_why);
            if (c->flags & LF_PC_SYSTEM)
                assert_int_equal(c->where[0].kind, LF_LOC_FIXED);
        }
    }
    /* every manager the issue lists has its cache facts */
    static const char *const progs[] = {"apt-get", "apk",    "dnf",    "yum", "pip",      "pip3",
                                        "uv",      "poetry", "pipenv", "npm", "yarn",     "pnpm",
                                        "go",      "cargo",  "bundle", "gem", "composer", "mvn",
                                        "gradle",  "dotnet", NULL};
    for (size_t i = 0; progs[i]; i++) {
        const lf_pm *pm = lf_pkgmgr_for_program(progs[i], NULL);
        assert_non_null(pm);
        assert_non_null(pm->caches);
    }
    /* the system managers stay helpers for copy-manifests-first */
    assert_null(lf_pkgmgrs[LF_PM_APT].installs[0].words);
    assert_null(lf_pkgmgrs[LF_PM_CARGO].installs[0].words);
}

static void test_image_lookup(void **state)
{
    (void)state;
    static const struct {
        const char *ref;
        lf_os_family family;
        bool known;
    } cases[] = {
        {"node:20-alpine", LF_OS_ALPINE, true},
        {"docker.io/library/node:20@sha256:abcd", LF_OS_DEBIAN, true},
        {"golang", LF_OS_DEBIAN, true},
        {"python:3.12-slim-bookworm", LF_OS_DEBIAN, true},
        {"fedora:41", LF_OS_DNF5, true},
        {"fedora:40", LF_OS_DNF, true},
        {"centos:7", LF_OS_YUM, true},
        {"amazonlinux:2023", LF_OS_DNF, true},
        {"amazonlinux:2", LF_OS_YUM, true},
        {"composer:2", LF_OS_ALPINE, true},
        {"mcr.microsoft.com/dotnet/sdk:8.0-alpine", LF_OS_ALPINE, true},
        {"registry.example.com:5000/team/app:1", LF_OS_UNKNOWN, false},
        {"$BASE", LF_OS_UNKNOWN, false},
        {"myimage:bookworm", LF_OS_DEBIAN, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_os_family f;
        const lf_image_fact *fact = lf_image_lookup(cases[i].ref, strlen(cases[i].ref), &f);
        if (f != cases[i].family || (fact != NULL) != cases[i].known)
            fail_msg("%s: family %d, known %d", cases[i].ref, (int)f, fact != NULL);
    }
    lf_os_family f;
    const lf_image_fact *go = lf_image_lookup("golang:1.22", 11, &f);
    assert_string_equal(go->env[0], "GOPATH=/go");
    const lf_image_fact *node = lf_image_lookup("node:20", 7, &f);
    assert_string_equal(node->users[0].name, "node");
    assert_int_equal(node->users[0].uid, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kaniko_and_legacy_get_nothing_and_one_note),
        cmocka_unit_test(test_kaniko_without_installs_says_nothing),
        cmocka_unit_test(test_buildah_gets_mounts),
        cmocka_unit_test(test_syntax_directive_added_when_asked),
        cmocka_unit_test(test_syntax_directive_off_by_default),
        cmocka_unit_test(test_apt_lists_only_with_update),
        cmocka_unit_test(test_apt_hook_blocks_package_cache),
        cmocka_unit_test(test_installs_cache_read_later),
        cmocka_unit_test(test_windows_stages),
        cmocka_unit_test(test_user_from_build_args),
        cmocka_unit_test(test_command_runs_as_other_user),
        cmocka_unit_test(test_apt_hook_per_run),
        cmocka_unit_test(test_apt_hook_and_at_line_start),
        cmocka_unit_test(test_apt_via_xargs),
        cmocka_unit_test(test_apt_lists_left_in_image),
        cmocka_unit_test(test_apt_docker_clean_already_removed),
        cmocka_unit_test(test_apt_on_alpine_gets_no_docker_clean),
        cmocka_unit_test(test_apt_rm_in_condition_blocks_lists),
        cmocka_unit_test(test_apt_rm_mount_point_itself_dropped),
        cmocka_unit_test(test_continuation_starting_with_escape),
        cmocka_unit_test(test_flag_alone_on_its_line_dropped_with_it),
        cmocka_unit_test(test_backtick_escape),
        cmocka_unit_test(test_comment_line_next_to_defeater_blocks),
        cmocka_unit_test(test_env_home_and_arg_and_export),
        cmocka_unit_test(test_env_expansion),
        cmocka_unit_test(test_inline_no_cache_env_dropped),
        cmocka_unit_test(test_option_moves_cache),
        cmocka_unit_test(test_users_and_groups),
        cmocka_unit_test(test_user_root_again),
        cmocka_unit_test(test_system_cache_root_owned_for_any_user),
        cmocka_unit_test(test_existing_mounts),
        cmocka_unit_test(test_never_over_project_or_home),
        cmocka_unit_test(test_installs_cache_filled_without_mount),
        cmocka_unit_test(test_onbuild_and_unreadable_runs),
        cmocka_unit_test(test_yum_on_el7_and_dnf5),
        cmocka_unit_test(test_gradle_image_follows_symlink),
        cmocka_unit_test(test_composer_on_php_image),
        cmocka_unit_test(test_yarn_berry_by_package_json),
        cmocka_unit_test(test_python_m_and_versioned_pip),
        cmocka_unit_test(test_table_invariants),
        cmocka_unit_test(test_image_lookup),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
