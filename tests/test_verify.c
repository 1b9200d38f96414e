/* lf_verify with a stand-in for buildah (a shell script that writes an
 * "image" from the Dockerfile's `echo WORD >>` commands and logs how it was
 * called): the verdicts, the ignore files and build arguments each build
 * gets, the clean-up, and the text for people. The real builds are in
 * tests/cli_verify.sh. */
#include "testutil.h"

#include "verify.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char FAKE[] =
    "#!/bin/sh\n"
    "echo \"$*\" >> \"$FAKE_LOG\"\n"
    "while [ $# -gt 0 ]; do case $1 in --root) shift 2;; *) break;; esac; done\n"
    "cmd=$1; shift\n"
    "case $cmd in\n"
    "info) [ -z \"$FAKE_BROKEN\" ] || { echo 'Error: storage is broken'; exit 125; };;\n"
    "pull) for a; do img=$a; done\n"
    "  case $img in missing*) echo \"Error: initializing source docker://$img: not found\";"
    " exit 125;; esac;;\n"
    "build) while [ $# -gt 1 ]; do case $1 in\n"
    "    -f) df=$2; shift;; --ignorefile) ign=$2; shift;;\n"
    "    --output) out=${2#type=local,dest=}; shift;; -t|--target|--build-arg) shift;;\n"
    "  esac; shift; done\n"
    "  echo \"ignore: $(cat \"$ign\")\" >> \"$FAKE_LOG\"\n"
    "  echo 'STEP 1/2: FROM scratch'; echo 'STEP 2/2: RUN make'\n"
    "  if grep -q BROKEN \"$df\"; then echo 'make: *** [all] Error 2';"
    " echo 'Error: building at STEP \"RUN make\": exit status 2'; exit 2; fi\n"
    "  mkdir -p \"$out\" && grep -o 'echo [a-z0-9]* >>' \"$df\" | cut -d' ' -f2 > "
    "\"$out/image\";;\n"
    "esac\n";

typedef struct fixture {
    char *dir, *log, *builder_path, *ctx, *old_tmpdir;
    lf_build_tool tool;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->old_tmpdir = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
    f->dir = lf_test_tmpdir();
    char p[4096];
    snprintf(p, sizeof p, "%s/buildah", f->dir);
    f->builder_path = strdup(p);
    lf_test_write_file(p, FAKE, strlen(FAKE));
    chmod(p, 0755);
    snprintf(p, sizeof p, "%s/log", f->dir);
    f->log = strdup(p);
    setenv("FAKE_LOG", f->log, 1);
    snprintf(p, sizeof p, "%s/ctx", f->dir);
    f->ctx = strdup(p);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/tmp", f->dir);
    mkdir(p, 0755);
    setenv("TMPDIR", p, 1);
    lf_buf err = LF_BUF_INIT, spec = LF_BUF_INIT;
    lf_buf_printf(&spec, "%s --root '%s/storage dir'", f->builder_path, f->dir);
    assert_int_equal(lf_build_tool_find(&f->tool, lf_buf_cstr(&spec), &err), 0);
    lf_buf_free(&err);
    lf_buf_free(&spec);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    lf_build_tool_free(&f->tool);
    lf_test_rmtree(f->dir);
    free(f->dir);
    free(f->log);
    free(f->builder_path);
    free(f->ctx);
    unsetenv("FAKE_BROKEN");
    if (f->old_tmpdir)
        setenv("TMPDIR", f->old_tmpdir, 1);
    else
        unsetenv("TMPDIR");
    free(f->old_tmpdir);
    free(f);
    return 0;
}

/* Runs one verification and returns its text for people. */
static char *verify(fixture *f, const char *a, const char *b, const char *ignore_b,
                    lf_verify_status *status)
{
    remove(f->log);
    const char *args[] = {"V=1"};
    lf_verify_opts o = {.builder = &f->tool, .build_args = args, .nbuild_args = 1};
    lf_verify_side sa = {"Dockerfile", a, strlen(a), "node_modules\n", 13};
    lf_verify_side sb = {"Dockerfile", b, strlen(b), ignore_b, ignore_b ? strlen(ignore_b) : 0};
    lf_verify_result r;
    *status = lf_verify(&r, &o, f->ctx, &sa, &sb);
    lf_buf out = LF_BUF_INIT;
    lf_verify_format(&r, "app/Dockerfile", 0, &out);
    lf_verify_result_free(&r);
    return lf_buf_detach(&out, NULL);
}

static char *log_text(const fixture *f)
{
    char *t = lf_test_read_file(f->log, NULL);
    return t ? t : strdup("");
}

/* Nothing is left in $TMPDIR. */
static void assert_clean(const fixture *f)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/tmp", f->dir);
    DIR *d = opendir(p);
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    assert_int_equal(n, 0);
}

static void test_same_image(void **state)
{
    fixture *f = *state;
    lf_verify_status st;
    char *t = verify(f, "FROM scratch\nRUN echo a >> /f\nRUN echo b >> /f\n",
                     "FROM scratch\nRUN echo a >> /f && echo b >> /f\n", NULL, &st);
    assert_string_equal(t, "app/Dockerfile: verify: same image\n");
    assert_int_equal(st, LF_VERIFY_SAME);
    char *log = log_text(f);
    /* the prefix with its quoted option, a probe, both builds with their own
     * ignore file (the rewritten one has none: an empty file), the build
     * argument, and the temporary images removed */
    assert_non_null(strstr(log, " info\n"));
    assert_non_null(strstr(log, "/storage dir info"));
    assert_non_null(strstr(log, "ignore: node_modules\n"));
    assert_non_null(strstr(log, "ignore: \n"));
    assert_non_null(strstr(log, "--build-arg V=1"));
    assert_non_null(strstr(log, "rmi localhost/layerfix-verify:"));
    assert_null(strstr(log, " pull ")); /* FROM scratch: nothing to pull */
    assert_clean(f);
    free(log);
    free(t);
}

static void test_different(void **state)
{
    fixture *f = *state;
    lf_verify_status st;
    char *t = verify(f, "FROM scratch\nRUN echo a >> /f\nENV A=1\n",
                     "FROM scratch\nRUN echo b >> /f\nENV A=2\n", "", &st);
    assert_int_equal(st, LF_VERIFY_DIFFERENT);
    assert_string_equal(t, "app/Dockerfile: verify: the images differ (2 differences):\n"
                           "app/Dockerfile: verify:   changed /image: content (same size, 2 "
                           "bytes)\n"
                           "app/Dockerfile: verify:   config ENV A: \"1\" -> \"2\"\n");
    assert_clean(f);
    free(t);
}

static void test_rewritten_fails(void **state)
{
    fixture *f = *state;
    lf_verify_status st;
    char *t =
        verify(f, "FROM scratch\nRUN echo a >> /f\n", "FROM scratch\nRUN BROKEN\n", NULL, &st);
    assert_int_equal(st, LF_VERIFY_FAILED);
    assert_string_equal(t, "app/Dockerfile: verify: the rewritten Dockerfile does not build "
                           "(buildah exited with status 2); the original does\n"
                           "app/Dockerfile: verify: the builder's last lines:\n"
                           "app/Dockerfile: verify:   STEP 1/2: FROM scratch\n"
                           "app/Dockerfile: verify:   STEP 2/2: RUN make\n"
                           "app/Dockerfile: verify:   make: *** [all] Error 2\n"
                           "app/Dockerfile: verify:   Error: building at STEP \"RUN make\": exit "
                           "status 2\n");
    assert_clean(f);
    free(t);
}

static void test_could_not_run(void **state)
{
    fixture *f = *state;
    lf_verify_status st;
    char *t = verify(f, "FROM scratch\nRUN BROKEN\n", "FROM scratch\nRUN BROKEN && x\n", NULL, &st);
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "app/Dockerfile: verify: could not run: the original Dockerfile "
                              "does not build either (buildah exited with status 2)\n"));
    free(t);
    t = verify(f, "FROM missing-image:1\nRUN echo a >> /f\n", "FROM missing-image:1\n", NULL, &st);
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "app/Dockerfile: verify: could not run: base image missing-image:1 "
                              "cannot be pulled (buildah exited with status 125); this is not a "
                              "difference\n"));
    assert_non_null(strstr(t, "verify:   Error: initializing source docker://missing-image:1"));
    free(t);
    setenv("FAKE_BROKEN", "1", 1);
    t = verify(f, "FROM scratch\n", "FROM scratch\n", NULL, &st);
    unsetenv("FAKE_BROKEN");
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "could not run: the builder failed to start (`"));
    assert_non_null(strstr(t, " info` exited with status 125)\n"));
    assert_non_null(strstr(t, "verify:   Error: storage is broken\n"));
    free(t);
    t = verify(f, "FROM scratch\nRUN <<EOF\n", "FROM scratch\n", NULL, &st);
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "app/Dockerfile: verify: could not run: Dockerfile:"));
    free(t);
    assert_clean(f);
}

static void test_builder_missing(void **state)
{
    (void)state;
    lf_build_tool tool;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_build_tool_find(&tool, "/nonexistent/dir/buildah", &err), 0);
    lf_verify_opts o = {.builder = &tool};
    lf_verify_side s = {"Dockerfile", "FROM scratch\n", 13, NULL, 0};
    lf_verify_result r;
    assert_int_equal(lf_verify(&r, &o, ".", &s, &s), LF_VERIFY_NOT_RUN);
    assert_string_equal(r.message, "could not run: the builder failed to start "
                                   "(`/nonexistent/dir/buildah info` cannot run "
                                   "/nonexistent/dir/buildah: No such file or directory)");
    assert_null(r.output);
    lf_verify_result_free(&r);
    lf_build_tool_free(&tool);
    lf_buf_free(&err);
}

/* docker builds pull their base images themselves (no pull first): a base
 * image that cannot be pulled shows in the build's output, and is said to
 * be no difference; a docker whose builder does not start is said so. */
static const char FAKE_DOCKER[] =
    "#!/bin/sh\n"
    "echo \"$*\" >> \"$FAKE_LOG\"\n"
    "[ \"$1\" = buildx ] || exit 9\n"
    "case $2 in\n"
    "inspect) [ -z \"$FAKE_BROKEN\" ] || { echo 'ERROR: Cannot connect to the Docker daemon. Is "
    "the docker daemon running?'; exit 1; };;\n"
    "build) shift 2; while [ $# -gt 1 ]; do case $1 in\n"
    "    -f) df=$2; shift;; --output) out=${2#type=local,dest=}; shift;;\n"
    "    --target|--build-arg) shift;;\n"
    "  esac; shift; done\n"
    "  echo '#1 [internal] load build definition from Dockerfile'\n"
    "  if img=$(sed -n 's/^FROM \\(missing[^ ]*\\).*/\\1/p' \"$df\") && [ -n \"$img\" ]; then\n"
    "    echo \"#2 [internal] load metadata for localhost/$img\"\n"
    "    echo \"#2 ERROR: localhost/$img: not found\"\n"
    "    echo \"ERROR: failed to solve: localhost/$img: failed to resolve source metadata for "
    "localhost/$img: not found\"; exit 1; fi\n"
    "  mkdir -p \"$out\" && grep -o 'echo [a-z0-9]* >>' \"$df\" | cut -d' ' -f2 > "
    "\"$out/image\";;\n"
    "esac\n";

static void test_docker_pull_and_start(void **state)
{
    fixture *f = *state;
    char p[4096];
    snprintf(p, sizeof p, "%s/docker", f->dir);
    assert_int_equal(lf_test_write_file(p, FAKE_DOCKER, strlen(FAKE_DOCKER)), 0);
    chmod(p, 0755);
    lf_build_tool docker;
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_build_tool_find(&docker, p, &err), 0);
    assert_int_equal(docker.kind, LF_TOOL_DOCKER);
    lf_build_tool saved = f->tool;
    f->tool = docker;
    lf_verify_status st;
    /* the fake works: the same image */
    char *t = verify(f, "FROM scratch\nRUN echo a >> /f\n", "FROM scratch\nRUN echo a >> /f\n",
                     NULL, &st);
    assert_int_equal(st, LF_VERIFY_SAME);
    free(t);
    t = verify(f, "FROM missing-image:1\nRUN echo a >> /f\n", "FROM missing-image:1\n", NULL, &st);
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "app/Dockerfile: verify: could not run: a base image cannot be "
                              "pulled (ERROR: failed to solve: localhost/missing-image:1: failed "
                              "to resolve source metadata for localhost/missing-image:1: not "
                              "found); this is not a difference\n"));
    assert_non_null(strstr(t, "app/Dockerfile: verify:   #2 ERROR: localhost/missing-image:1: "
                              "not found\n"));
    free(t);
    char *log = log_text(f);
    assert_null(strstr(log, " pull ")); /* docker pulls in the build */
    free(log);
    setenv("FAKE_BROKEN", "1", 1);
    t = verify(f, "FROM scratch\n", "FROM scratch\n", NULL, &st);
    unsetenv("FAKE_BROKEN");
    assert_int_equal(st, LF_VERIFY_NOT_RUN);
    assert_non_null(strstr(t, "app/Dockerfile: verify: could not run: the builder failed to start "
                              "(`"));
    assert_non_null(strstr(t, "docker buildx inspect --bootstrap` exited with status 1)\n"));
    assert_non_null(strstr(t, "verify:   ERROR: Cannot connect to the Docker daemon."));
    free(t);
    assert_clean(f);
    f->tool = saved;
    lf_build_tool_free(&docker);
    lf_buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_different, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewritten_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_could_not_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docker_pull_and_start, setup, teardown),
        cmocka_unit_test(test_builder_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
