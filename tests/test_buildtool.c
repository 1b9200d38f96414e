/* Build tools for --verify: command splitting, finding the builder,
 * the command lines, running a command, and reading progress output. */
#include "testutil.h"

#include "buildlog.h"
#include "buildtool.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *joined(const lf_strv *v)
{
    lf_buf b = LF_BUF_INIT;
    for (size_t i = 0; i < v->n; i++)
        lf_buf_printf(&b, "%s<%s>", i ? " " : "", v->items[i].s);
    return lf_buf_detach(&b, NULL);
}

static void test_split_command(void **state)
{
    (void)state;
    lf_strv v = LF_STRV_INIT;
    assert_int_equal(lf_split_command("  buildah --root '/a b' \"x\\\"y\" c\\ d \"$e\" ''", &v), 0);
    char *j = joined(&v);
    assert_string_equal(j, "<buildah> <--root> </a b> <x\"y> <c d> <$e> <>");
    free(j);
    lf_strv_free(&v);
    assert_int_equal(lf_split_command("buildah 'open", &v), -1);
    lf_strv_free(&v);
    assert_int_equal(lf_split_command("buildah \"open", &v), -1);
    lf_strv_free(&v);
    assert_int_equal(lf_split_command("buildah \\", &v), -1);
    lf_strv_free(&v);
}

static void test_find_from_spec(void **state)
{
    (void)state;
    lf_build_tool b;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_build_tool_find(&b, "sudo -n /usr/bin/buildah --root '/s s'", &err), 0);
    assert_int_equal(b.kind, LF_TOOL_BUILDAH);
    assert_int_equal(b.prefix.n, 5);
    assert_string_equal(b.prefix.items[4].s, "/s s");
    lf_build_tool_free(&b);
    assert_int_equal(lf_build_tool_find(&b, "podman", &err), 0);
    assert_int_equal(b.kind, LF_TOOL_PODMAN);
    lf_build_tool_free(&b);
    assert_int_equal(lf_build_tool_find(&b, "kaniko --x", &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "the builder is docker, podman or buildah"));
    lf_buf_clear(&err);
    assert_int_equal(lf_build_tool_find(&b, "buildah '", &err), -1);
    assert_non_null(strstr(lf_buf_cstr(&err), "unterminated quote"));
    lf_buf_free(&err);
}

/* The default is the first of docker (with buildx), podman, buildah on PATH. */
static void test_find_on_path(void **state)
{
    (void)state;
    char *d = lf_test_tmpdir();
    char p[4096], *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
    lf_build_tool b;
    lf_buf err = LF_BUF_INIT;
    setenv("PATH", d, 1);
    assert_int_equal(lf_build_tool_find(&b, NULL, &err), -1);
    assert_string_equal(lf_buf_cstr(&err), "layerfix: error: --verify: no builder found: none of "
                                           "docker (with buildx), podman or buildah is on PATH");
    /* a docker without buildx does not count */
    snprintf(p, sizeof p, "%s/docker", d);
    lf_test_write_file(p, "#!/bin/sh\nexit 1\n", 17);
    chmod(p, 0755);
    snprintf(p, sizeof p, "%s/buildah", d);
    lf_test_write_file(p, "#!/bin/sh\nexit 0\n", 17);
    chmod(p, 0755);
    assert_int_equal(lf_build_tool_find(&b, "", &err), 0);
    assert_int_equal(b.kind, LF_TOOL_BUILDAH);
    lf_build_tool_free(&b);
    snprintf(p, sizeof p, "%s/docker", d);
    lf_test_write_file(p, "#!/bin/sh\nexit 0\n", 17);
    assert_int_equal(lf_build_tool_find(&b, NULL, &err), 0);
    assert_int_equal(b.kind, LF_TOOL_DOCKER);
    lf_build_tool_free(&b);
    if (old)
        setenv("PATH", old, 1);
    free(old);
    lf_buf_free(&err);
    lf_test_rmtree(d);
    free(d);
}

static void test_command_lines(void **state)
{
    (void)state;
    lf_build_tool b;
    lf_buf err = LF_BUF_INIT;
    const char *args[] = {"A=1"};
    lf_build_spec s = {"/ctx",
                       "/t/a/Dockerfile",
                       "/t/a/Dockerfile.dockerignore",
                       "final",
                       args,
                       1,
                       "/t/out",
                       "localhost/x:1",
                       true};
    lf_strv v = LF_STRV_INIT;
    assert_int_equal(lf_build_tool_find(&b, "buildah --root /r", &err), 0);
    lf_build_tool_build_argv(&b, &s, &v);
    char *j = joined(&v);
    assert_string_equal(j, "<buildah> <--root> </r> <build> <--pull=missing> <--layers> "
                           "<--force-rm> <--ignorefile> </t/a/Dockerfile.dockerignore> <-t> "
                           "<localhost/x:1> <-f> </t/a/Dockerfile> <--target> <final> "
                           "<--build-arg> <A=1> <--output> <type=local,dest=/t/out> </ctx>");
    free(j);
    lf_strv_truncate(&v, 0);
    assert_true(lf_build_tool_pull_argv(&b, "debian:12", &v));
    j = joined(&v);
    assert_string_equal(j, "<buildah> <--root> </r> <pull> <--policy> <missing> <--quiet> "
                           "<debian:12>");
    free(j);
    lf_strv_truncate(&v, 0);
    lf_build_tool_free(&b);
    assert_int_equal(lf_build_tool_find(&b, "docker --context ci", &err), 0);
    s.layers = false;
    lf_build_tool_build_argv(&b, &s, &v);
    j = joined(&v);
    assert_string_equal(j, "<docker> <--context> <ci> <buildx> <build> <--progress=plain> <-f> "
                           "</t/a/Dockerfile> <--target> <final> <--build-arg> <A=1> <--output> "
                           "<type=local,dest=/t/out> </ctx>");
    free(j);
    lf_strv_truncate(&v, 0);
    assert_false(lf_build_tool_pull_argv(&b, "debian:12", &v));
    lf_build_tool_probe_argv(&b, &v);
    j = joined(&v);
    assert_string_equal(j, "<docker> <--context> <ci> <buildx> <inspect> <--bootstrap>");
    free(j);
    lf_strv_free(&v);
    lf_build_tool_free(&b);
    lf_buf_free(&err);
}

static void test_proc(void **state)
{
    (void)state;
    lf_proc p;
    lf_buf err = LF_BUF_INIT, tail = LF_BUF_INIT;
    char *ok[] = {"sh", "-c", "echo one; echo two >&2; echo three; exit 3", NULL};
    assert_int_equal(lf_proc_run(ok, 0, &p, &err), 0);
    assert_true(p.started);
    assert_int_equal(p.status, 3);
    assert_string_equal(lf_buf_cstr(&p.out), "one\ntwo\nthree\n");
    lf_proc_tail(p.out.data, p.out.len, 2, &tail);
    assert_string_equal(lf_buf_cstr(&tail), "two\nthree");
    lf_buf_free(&p.out);
    char *slow[] = {"sh", "-c", "sleep 5", NULL};
    assert_int_equal(lf_proc_run(slow, 1, &p, &err), 0);
    assert_true(p.timed_out);
    assert_true(p.seconds < 4);
    lf_buf_free(&p.out);
    char *missing[] = {"/nonexistent/layerfix-builder", NULL};
    assert_int_equal(lf_proc_run(missing, 0, &p, &err), -1);
    assert_string_equal(lf_buf_cstr(&err), "layerfix: error: cannot run "
                                           "/nonexistent/layerfix-builder: No such file or "
                                           "directory");
    lf_buf_free(&err);
    lf_buf_free(&tail);
}

static void test_buildah_log(void **state)
{
    (void)state;
    const char *log = "[1/2] STEP 1/3: FROM localhost/base AS build\n"
                      "[1/2] STEP 2/3: RUN --mount=type=cache,target=/x apt-get update && x\n"
                      "--> Using cache 35ff1b53b22\n"
                      "--> 35ff1b53b22\n"
                      "[1/2] STEP 3/3: RUN npm ci\n"
                      "added 3 packages\n"
                      "--> 4a334d9b79e\n"
                      "[2/2] STEP 1/3: FROM localhost/base\n"
                      "[2/2] STEP 2/3: COPY --from=build /a /a\n"
                      "--> Using cache 8e7cb2d8f2a\n"
                      "[2/2] STEP 3/3: RUN set -eux; npm run build\n"
                      "[2/2] COMMIT\n"
                      "--> 5fd639875aa\n";
    lf_buildlog l;
    lf_buildlog_read(LF_TOOL_BUILDAH, log, strlen(log), &l);
    assert_int_equal(l.steps, 4);
    assert_int_equal(l.cached, 2);
    assert_int_equal(l.runs.n, 2);
    assert_string_equal(l.runs.items[0].s, "npm ci");
    lf_buf label = LF_BUF_INIT;
    lf_buildlog_run_label(l.runs.items[1].s, &label);
    assert_string_equal(lf_buf_cstr(&label), "npm run");
    lf_buf_clear(&label);
    lf_buildlog_run_label("--mount=type=cache,target=/x apt-get update && apt-get install", &label);
    assert_string_equal(lf_buf_cstr(&label), "apt-get update");
    lf_buildlog_free(&l);
    lf_buf_free(&label);
}

static void test_buildkit_log(void **state)
{
    (void)state;
    const char *log = "#1 [internal] load build definition from Dockerfile\n"
                      "#1 DONE 0.0s\n"
                      "#5 [base 1/4] FROM docker.io/library/node:20@sha256:abc\n"
                      "#6 [base 2/4] RUN apt-get update\n"
                      "#6 CACHED\n"
                      "#7 [base 3/4] COPY . .\n"
                      "#7 DONE 0.1s\n"
                      "#8 [base 4/4] RUN npm ci\n"
                      "#8 0.512 added 3 packages\n"
                      "#8 DONE 2.0s\n";
    lf_buildlog l;
    lf_buildlog_read(LF_TOOL_DOCKER, log, strlen(log), &l);
    assert_int_equal(l.steps, 3);
    assert_int_equal(l.cached, 1);
    assert_int_equal(l.runs.n, 1);
    assert_string_equal(l.runs.items[0].s, "npm ci");
    lf_buildlog_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_command), cmocka_unit_test(test_find_from_spec),
        cmocka_unit_test(test_find_on_path),  cmocka_unit_test(test_command_lines),
        cmocka_unit_test(test_proc),          cmocka_unit_test(test_buildah_log),
        cmocka_unit_test(test_buildkit_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
