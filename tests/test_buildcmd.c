/*
 * Image builds read from shell text (rewrite/project/buildcmd.c, shword.c):
 * the build commands and their flags, word splitting and quoting, variables,
 * cd, command substitutions, loops, builds from stdin, and the choice
 * between the directories a script may start in.
 */
#include "testutil.h"

#include "buildcmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static char cwd[PATH_MAX];

static void put(const char *rel, const char *text)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(p, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(p, text, strlen(text)), 0);
}

static int setup(void **state)
{
    (void)state;
    dir = lf_test_tmpdir();
    put("Dockerfile", "FROM a\n");
    put("app/Dockerfile", "FROM a\n");
    put("app/Containerfile", "FROM a\n");
    put("web/Dockerfile.prod", "FROM a\n");
    put("a/Dockerfile", "FROM a\n");
    put("b c/D", "FROM a\n");
    put("scripts/build.sh", "#!/bin/sh\n");
    put("scripts/Dockerfile.tools", "FROM a\n");
    put("docker/ci.Dockerfile", "FROM a\n");
    put("x.tar", "");
    if (!getcwd(cwd, sizeof cwd) || chdir(dir) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (chdir(cwd) != 0)
        return -1;
    lf_test_rmtree(dir);
    free(dir);
    return 0;
}

static void collect(void *arg, const lf_buildcmd *c)
{
    lf_buf *b = arg;
    if (b->len)
        lf_buf_adds(b, " | ");
    lf_buf_printf(b, "%zu:%s:%s:%s", c->line, c->tool, c->dockerfile,
                  c->context ? c->context : "(stdin)");
    if (c->target)
        lf_buf_printf(b, "@%s", c->target);
}

/* The builds of text started in the given bases (default "."), as
 * "LINE:TOOL:DOCKERFILE:CONTEXT[@TARGET] | ...". */
static char *scan_in(const char *text, const char *const *bases, size_t nbases, const char *script,
                     const lf_strmap *vars)
{
    static const char *const here[] = {"."};
    lf_shell_input in = {text, strlen(text), nbases ? bases : here, nbases ? nbases : 1, script,
                         ".",  vars};
    lf_buf b = LF_BUF_INIT;
    lf_buildcmd_scan(&in, collect, &b);
    lf_buf_adds(&b, "");
    return lf_buf_detach(&b, NULL);
}

#define EXPECT(text, want)                                                                         \
    do {                                                                                           \
        char *got_ = scan_in((text), NULL, 0, NULL, NULL);                                         \
        if (strcmp(got_, (want)) != 0)                                                             \
            fail_msg("%s\n  got  %s\n  want %s", (text), got_, (want));                            \
        free(got_);                                                                                \
    } while (0)

static void test_commands_and_flags(void **state)
{
    (void)state;
    EXPECT("docker build .", "1:docker build:Dockerfile:.");
    EXPECT("docker build -t x:1 -f web/Dockerfile.prod .", "1:docker build:web/Dockerfile.prod:.");
    EXPECT("docker buildx build --platform linux/amd64 --file=web/Dockerfile.prod --push web",
           "1:docker buildx build:web/Dockerfile.prod:web");
    EXPECT("docker image build -fweb/Dockerfile.prod .",
           "1:docker image build:web/Dockerfile.prod:.");
    EXPECT("docker --log-level debug buildx --builder b build -qf a/Dockerfile a",
           "1:docker buildx build:a/Dockerfile:a");
    EXPECT("docker build . -t x --build-arg A=1", "1:docker build:Dockerfile:.");
    /* podman and buildah prefer a Containerfile */
    EXPECT("podman build app", "1:podman build:app/Containerfile:app");
    EXPECT("buildah bud -f app/Dockerfile --layers app", "1:buildah bud:app/Dockerfile:app");
    EXPECT("buildah build-using-dockerfile app",
           "1:buildah build-using-dockerfile:app/Containerfile:app");
    EXPECT("nerdctl build -f a/Dockerfile .", "1:nerdctl build:a/Dockerfile:.");
    EXPECT("sudo -E env A=1 docker build app", "1:docker build:app/Dockerfile:app");
    EXPECT("/kaniko/executor --context dir://app --dockerfile Containerfile --destination x",
           "1:kaniko:app/Containerfile:app");
    EXPECT("/kaniko/executor --context=. --dockerfile=docker/ci.Dockerfile",
           "1:kaniko:docker/ci.Dockerfile:.");
    /* not builds, or builds that cannot be placed */
    EXPECT("docker compose build; docker buildx bake; docker run -f x .; echo docker build .", "");
    EXPECT("docker build https://github.com/a/b.git", "");
    EXPECT("docker build -f missing/Dockerfile .", "");
    EXPECT("docker build nowhere", "");
    EXPECT("docker build a b", "");
    EXPECT("docker build -t", "");
}

/* --target STAGE: the stage each build stops at, when it can be known */
static void test_targets(void **state)
{
    (void)state;
    EXPECT("docker build --target build .", "1:docker build:Dockerfile:.@build");
    EXPECT("docker buildx build --target=test -f a/Dockerfile a",
           "1:docker buildx build:a/Dockerfile:a@test");
    EXPECT("podman build --target deps -t x app", "1:podman build:app/Containerfile:app@deps");
    EXPECT("buildah bud --layers --target 'run time' app",
           "1:buildah bud:app/Containerfile:app@run time");
    EXPECT("/kaniko/executor --context=. --target=prod --dockerfile=docker/ci.Dockerfile",
           "1:kaniko:docker/ci.Dockerfile:.@prod");
    EXPECT("/kaniko/executor --context . --target prod", "1:kaniko:Dockerfile:.@prod");
    /* a variable set here is known; one from outside is not */
    EXPECT("STAGE=lint; docker build --target \"$STAGE\" .", "1:docker build:Dockerfile:.@lint");
    EXPECT("docker build --target \"$STAGE\" .", "1:docker build:Dockerfile:.");
    EXPECT("docker build --target= .", "1:docker build:Dockerfile:.");
    /* one build per stage a loop names */
    EXPECT("for s in test prod; do docker build --target $s .; done",
           "1:docker build:Dockerfile:.@test | 1:docker build:Dockerfile:.@prod");
    /* a --target without its value is no build */
    EXPECT("docker build . --target", "");
}

static void test_words(void **state)
{
    (void)state;
    EXPECT("docker build -f 'b c'/D .", "1:docker build:b c/D:.");
    EXPECT("docker build -f \"b c/D\" \\\n  .", "1:docker build:b c/D:.");
    EXPECT("docker build -f b\\ c/D .", "1:docker build:b c/D:.");
    EXPECT("docker build \\\n  --file a/Dockerfile \\\n  a", "1:docker build:a/Dockerfile:a");
    /* variables with literal values, defaults, unknown ones */
    EXPECT("DF=web/Dockerfile.prod\nCTX=web\ndocker build -f \"$DF\" ${CTX}",
           "3:docker build:web/Dockerfile.prod:web");
    EXPECT("docker build -f ${DF:-a/Dockerfile} ${CTX-a}", "1:docker build:a/Dockerfile:a");
    EXPECT("export DF=a/Dockerfile; docker build -f $DF .", "1:docker build:a/Dockerfile:.");
    EXPECT("docker build -f $DF .", "");
    EXPECT("docker build -f \"$DF/x\" .", "");
    EXPECT("docker build -t \"$IMAGE:$TAG\" $EXTRA_ARGS .", "1:docker build:Dockerfile:.");
    EXPECT("DF=a/Dockerfile; DF=$(mktemp); docker build -f $DF .", "");
    /* arrays, "$@", and a command name that is a variable */
    EXPECT("ARGS=(--pull -f \"a/Dockerfile\")\nARGS+=(-t \"$IMAGE\")\n$DRY docker build "
           "\"${ARGS[@]}\" .",
           "3:docker build:a/Dockerfile:.");
    EXPECT("docker build \"$@\" ${OPTS[@]} app", "1:docker build:app/Dockerfile:app");
    EXPECT("ARGS=(-f \"$DF\"); docker build \"${ARGS[@]}\" .", "");
    EXPECT("docker build -t \"$@\" app", "");
    EXPECT("/kaniko/executor --context=$CTX --dockerfile=a/Dockerfile", "");
    EXPECT("/kaniko/executor --context=. --dockerfile=$DF", "");
    /* a variable the caller knows */
    lf_strmap v = {0};
    lf_strmap_set(&v, "DOCKERFILE", 10, "app/Dockerfile", 14);
    char *got = scan_in("docker build -f $DOCKERFILE app", NULL, 0, NULL, &v);
    assert_string_equal(got, "1:docker build:app/Dockerfile:app");
    free(got);
    lf_strmap_free(&v);
}

static void test_cd_and_substitutions(void **state)
{
    (void)state;
    EXPECT("cd app && docker build .", "1:docker build:app/Dockerfile:app");
    EXPECT("cd app\ncd ..\ndocker build -f web/Dockerfile.prod web",
           "3:docker build:web/Dockerfile.prod:web");
    /* a subshell's cd stays in it */
    EXPECT("(cd app && docker build .)\ndocker build a", "1:docker build:app/Dockerfile:app | "
                                                         "2:docker build:a/Dockerfile:a");
    EXPECT("cd \"$SOMEWHERE\"\ndocker build .", "");
    EXPECT(
        "ROOT=$(git rev-parse --show-toplevel)\ndocker build -f \"$ROOT/a/Dockerfile\" \"$ROOT\"",
        "2:docker build:a/Dockerfile:.");
    EXPECT("docker build -f $(pwd)/a/Dockerfile $PWD", "1:docker build:a/Dockerfile:.");
    EXPECT("D=$(cd app && pwd)\ndocker build \"$D\"", "2:docker build:app/Dockerfile:app");
    EXPECT("for d in a app; do\n  docker build -f $d/Dockerfile $d\ndone",
           "2:docker build:a/Dockerfile:a | 2:docker build:app/Dockerfile:app");
    EXPECT("for d in $(ls); do docker build $d; done", "");
    EXPECT("ID=$(docker build -q -f a/Dockerfile .)", "1:docker build:a/Dockerfile:.");
    /* what branches set is known after them only when they agree */
    EXPECT("if [ -z \"$DRY_RUN\" ]; then DRY=\"\"; else DRY=echo; fi\n$DRY docker build a",
           "2:docker build:a/Dockerfile:a");
    EXPECT("if [ -n \"$CI\" ]; then D=a; else D=a; fi; docker build $D",
           "1:docker build:a/Dockerfile:a");
    EXPECT("if [ -n \"$CI\" ]; then D=a; fi; docker build $D", "");
    EXPECT("D=a; if [ -n \"$CI\" ]; then D=app; fi; docker build $D", "");
    EXPECT("case $1 in\n  x) D=a ;;\n  *) D=a ;;\nesac\ndocker build $D",
           "5:docker build:a/Dockerfile:a");
    EXPECT("case $1 in x) D=a ;; esac; docker build $D", "");
    EXPECT("if true; then cd app; fi; docker build .", "");
    EXPECT("while read x; do D=a; done; docker build $D", "");
    EXPECT("for x in $LIST; do D=a; done; docker build $D", "");
    EXPECT("if [ -f a/Dockerfile ]; then docker build a; fi", "1:docker build:a/Dockerfile:a");
}

static void test_stdin(void **state)
{
    (void)state;
    EXPECT("docker build - < a/Dockerfile", "1:docker build:a/Dockerfile:(stdin)");
    EXPECT("docker build -t x - <web/Dockerfile.prod",
           "1:docker build:web/Dockerfile.prod:(stdin)");
    EXPECT("cat a/Dockerfile | docker build -", "1:docker build:a/Dockerfile:(stdin)");
    EXPECT("docker build -f - app < a/Dockerfile", "1:docker build:a/Dockerfile:app");
    /* an archive is a context, not a Dockerfile; a heredoc is no file */
    EXPECT("docker build - < x.tar", "");
    EXPECT("docker build - <<EOF\nFROM a\nEOF\n", "");
    EXPECT("docker build -", "");
}

static void test_script_bases(void **state)
{
    (void)state;
    const char *bases[] = {"scripts", "."};
    /* relative to the script's directory or to the root: whichever has the file */
    char *got = scan_in("docker build -f Dockerfile.tools .", bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "1:docker build:scripts/Dockerfile.tools:scripts");
    free(got);
    got = scan_in("docker build -f a/Dockerfile a", bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "1:docker build:a/Dockerfile:a");
    free(got);
    /* both have a Dockerfile for `.`: they disagree, nothing is taken */
    put("scripts/Dockerfile", "FROM a\n");
    got = scan_in("docker build .", bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "");
    free(got);
    /* unless the script says where it runs */
    got =
        scan_in("cd \"$(dirname \"$0\")/..\"\ndocker build .", bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "2:docker build:Dockerfile:.");
    free(got);
    got = scan_in("cd \"${0%/*}\" && docker build .", bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "1:docker build:scripts/Dockerfile:scripts");
    free(got);
    got = scan_in("HERE=$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" >/dev/null && pwd)\n"
                  "docker build -f \"$HERE/Dockerfile.tools\" \"$HERE/..\"",
                  bases, 2, "scripts/build.sh", NULL);
    assert_string_equal(got, "2:docker build:scripts/Dockerfile.tools:.");
    free(got);
    unlink("scripts/Dockerfile");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands_and_flags),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_cd_and_substitutions),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_script_bases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
