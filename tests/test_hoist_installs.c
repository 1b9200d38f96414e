/*
 * hoist-installs: the move, and one test per reason a RUN stays after a
 * broad COPY (with the note that says why). The Dockerfiles are built in
 * memory; every move is run again to check the output is a fixed point.
 */
#include "testutil.h"

#include "context_fs.h"
#include "hoist_installs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    lf_context ctx;
    lf_options opts;
    lf_ctx pc; /* the notes of the last run */
    size_t edits;
    char *out;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    lf_context_init(&f->ctx, "/nonexistent");
    lf_context_add(&f->ctx, "app.py");
    lf_context_add(&f->ctx, "requirements.txt");
    lf_context_add(&f->ctx, "src/main.c");
    lf_context_sort(&f->ctx);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    lf_ctx_free(&f->pc);
    lf_context_free(&f->ctx);
    free(f->out);
    free(f);
    return 0;
}

static void run(fx *f, const char *df)
{
    lf_ctx_free(&f->pc);
    free(f->out);
    f->pc = (lf_ctx){.context = &f->ctx, .opts = &f->opts, .pass = "hoist-installs"};
    f->out = lf_test_apply_pass(lf_pass_hoist_installs, lf_test_parser, "Dockerfile", df, &f->pc,
                                &f->edits);
}

static bool has_note(const fx *f, const char *text)
{
    return lf_test_has_note(&f->pc, text);
}

static void dump_notes(const fx *f)
{
    lf_test_dump_notes(&f->pc);
}

static void expect_moved(fx *f, const char *df, const char *want)
{
    run(f, df);
    if (strcmp(f->out, want) != 0) {
        print_message("--- got ---\n%s--- want ---\n%s", f->out, want);
        dump_notes(f);
    }
    assert_string_equal(f->out, want);
    char *first = strdup(f->out);
    run(f, first);
    assert_int_equal(f->edits, 0);
    free(first);
}

/* df stays as it is, with a note containing why (NULL: no note at all). */
static void expect_stays(fx *f, const char *df, const char *why)
{
    run(f, df);
    if (f->edits || (why && !has_note(f, why)) || (!why && f->pc.nnotes)) {
        print_message("--- got ---\n%s", f->out);
        dump_notes(f);
    }
    assert_int_equal(f->edits, 0);
    if (why)
        assert_true(has_note(f, why));
    else
        assert_int_equal(f->pc.nnotes, 0);
}

#define APT "RUN apt-get update && apt-get install -y --no-install-recommends gcc\n"

/* --- moves ----------------------------------------------------------------------- */

static void test_moves_above_whole_copy(void **state)
{
    fx *f = *state;
    expect_moved(f, "FROM python:3.12\nWORKDIR /app\nCOPY . .\n" APT "CMD [\"python\"]\n",
                 "FROM python:3.12\nWORKDIR /app\n" APT "COPY . .\nCMD [\"python\"]\n");
    /* a move is no note */
    run(f, "FROM python:3.12\nWORKDIR /app\nCOPY . .\n" APT);
    assert_int_equal(f->pc.nnotes, 0);
}

static void test_keeps_order_of_moved_runs(void **state)
{
    fx *f = *state;
    /* the second RUN passes the first (which moves too) but never goes above it */
    expect_moved(f,
                 "FROM debian\nWORKDIR /app\nCOPY src/ ./src/\nRUN apt-get update\n"
                 "COPY app.py .\nRUN apt-get install -y gcc\n",
                 "FROM debian\nWORKDIR /app\nRUN apt-get update\nRUN apt-get install -y gcc\n"
                 "COPY src/ ./src/\nCOPY app.py .\n");
}

static void test_steps_over_metadata_and_workdir(void **state)
{
    fx *f = *state;
    expect_moved(
        f, "FROM debian\nCOPY . /app\nWORKDIR /app\nLABEL a=b\nEXPOSE 80\nARG APP_VERSION\n" APT,
        "FROM debian\n" APT "COPY . /app\nWORKDIR /app\nLABEL a=b\nEXPOSE 80\nARG APP_VERSION\n");
}

static void test_stays_below_a_run_that_stays(void **state)
{
    fx *f = *state;
    /* only the COPY after pip is passed */
    expect_moved(f,
                 "FROM python:3\nWORKDIR /app\nCOPY requirements.txt .\n"
                 "RUN pip install -r requirements.txt\nCOPY . .\n" APT,
                 "FROM python:3\nWORKDIR /app\nCOPY requirements.txt .\n"
                 "RUN pip install -r requirements.txt\n" APT "COPY . .\n");
}

static void test_nothing_to_pass(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\n" APT "COPY . /app\n", NULL);
    /* a RUN that reads the sources is no install: no note either */
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN make\n", NULL);
    /* ONBUILD RUNs run in another build */
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nONBUILD RUN apt-get install -y gcc\n",
                 NULL);
}

static void test_file_moves_only_with_an_install(void **state)
{
    fx *f = *state;
    /* alone, a RUN that only moves files gains nothing worth a change */
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN ln -s /usr/bin/python3 /usr/bin/py\n",
                 NULL);
    expect_stays(f, "FROM debian\nCOPY --from=b /x /x\nRUN true\nCOPY --from=b /y /y\n", NULL);
    /* before an install that moves, it moves too */
    expect_moved(f,
                 "FROM debian\nWORKDIR /app\nCOPY . .\n"
                 "RUN rm -f /etc/apt/apt.conf.d/docker-clean\n" APT,
                 "FROM debian\nWORKDIR /app\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n" APT
                 "COPY . .\n");
}

static void test_wrapper_reads_its_policy(void **state)
{
    fx *f = *state;
    /* sudo reads /etc/sudoers.d, which the ADD writes */
    expect_stays(
        f, "FROM debian\nADD sudoers /etc/sudoers.d/app\nRUN sudo -u app apt-get install -y x\n",
        NULL);
    expect_moved(f, "FROM debian\nCOPY . /app\nRUN sudo apt-get install -y x\n",
                 "FROM debian\nRUN sudo apt-get install -y x\nCOPY . /app\n");
}

/* --- why a RUN stays: one test per reason ------------------------------------------ */

static void test_stays_effect_not_known(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN ./setup.sh && apt-get install -y x\n",
                 "stays after `COPY . .`: `./setup.sh` runs code the analysis cannot read");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nARG PKGS\nRUN apt-get install -y $PKGS\n",
                 "`$PKGS` is known only at build time");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y x && make\n",
                 "the analysis does not know what `make` reads and writes");
}

static void test_stays_reads_what_copy_brings(void **state)
{
    fx *f = *state;
    expect_stays(f,
                 "FROM debian\nWORKDIR /app\nCOPY . .\n"
                 "RUN apt-get install -y x && cp /app/conf/x.conf /etc/x.conf\n",
                 "it may need what `COPY . .` brings to `/app`: it reads `/app/conf/x.conf`");
    /* it writes where the COPY writes: the COPY would overwrite it */
    expect_stays(f,
                 "FROM debian\nWORKDIR /app\nCOPY . .\n"
                 "RUN apt-get install -y x && mkdir -p /app/logs\n",
                 "it writes `/app/logs`");
}

static void test_stays_system_destination(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\nCOPY . /\n" APT,
                 "it installs into the system's directories, and `/` is one of them");
    expect_stays(f, "FROM debian\nCOPY etc/ /etc/\n" APT, "`/etc` is one of them");
}

static void test_stays_destination_unknown(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\nARG DIR\nCOPY . $DIR\n" APT,
                 "the destination of `COPY . $DIR` is known only at build time");
    /* a base image the table does not know: its WORKDIR is not known */
    expect_stays(f, "FROM corp/base\nCOPY . .\n" APT,
                 "`COPY . .` copies into the base image's WORKDIR, which the Dockerfile does not "
                 "set");
    expect_moved(f, "FROM corp/base\nCOPY . /app\n" APT, "FROM corp/base\n" APT "COPY . /app\n");
}

static void test_stays_bind_mount(void **state)
{
    fx *f = *state;
    expect_stays(f,
                 "FROM debian\nWORKDIR /app\nCOPY . .\n"
                 "RUN --mount=type=bind,target=/ctx apt-get install -y gcc\n",
                 "it mounts the build context");
}

static void test_stays_floating_download(void **state)
{
    fx *f = *state;
    expect_stays(f,
                 "FROM debian\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y curl && curl -fsSLo "
                 "/usr/local/bin/t https://example.com/tools/main/t\n",
                 "it downloads `https://example.com/tools/main/t`, which names no fixed version");
}

static void test_stays_user_shell_volume(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nUSER root\n" APT,
                 "`USER root` stands between them: it would run as another user");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nSHELL [\"/bin/bash\", \"-c\"]\n" APT,
                 "it would run in another shell");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nVOLUME /data\n" APT,
                 "`VOLUME /data` stands between them");
}

static void test_stays_env_arg_it_reads(void **state)
{
    fx *f = *state;
    expect_stays(
        f,
        "FROM debian\nWORKDIR /app\nCOPY . .\nARG GCC_VERSION=12\n"
        "RUN apt-get install -y gcc-${GCC_VERSION}\n",
        "`ARG GCC_VERSION=12` stands between them and sets `$GCC_VERSION`, which it reads");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nENV http_proxy=http://proxy:3128\n" APT,
                 "sets `$http_proxy`, which it reads");
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nENV APT_CONFIG=/etc/apt/x.conf\n" APT,
                 "sets `$APT_CONFIG`");
}

static void test_stays_workdir_it_uses(void **state)
{
    fx *f = *state;
    expect_stays(f,
                 "FROM debian\nCOPY . /app\nWORKDIR /build\n"
                 "RUN apt-get install -y x && wget https://example.com/t-1.2.tgz\n",
                 "`WORKDIR /build` stands between them, and it uses paths relative to the working "
                 "directory");
}

static void test_stays_below_other_run(void **state)
{
    fx *f = *state;
    expect_stays(f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN make deps\n" APT,
                 "`RUN make deps` stands between them, and what it does may depend on the RUN");
}

/* --- with copy-manifests-first -------------------------------------------------------- */

static void test_with_manifests_first(void **state)
{
    (void)state;
    char *dir = lf_test_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/requirements.txt", dir);
    assert_int_equal(lf_test_write_file(path, "flask\n", 6), 0);
    snprintf(path, sizeof path, "%s/app.py", dir);
    assert_int_equal(lf_test_write_file(path, "print(1)\n", 9), 0);
    lf_context ctx;
    lf_context_init_fs(&ctx, dir); /* the rules read requirements.txt from disk */
    lf_context_add(&ctx, "app.py");
    lf_context_add(&ctx, "requirements.txt");
    lf_context_sort(&ctx);
    snprintf(path, sizeof path, "%s/Dockerfile", dir);
    lf_unit u;
    lf_test_unit(&u, &ctx, path,
                 "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n" APT
                 "RUN pip install -r requirements.txt\n",
                 "copy-manifests-first,hoist-installs");
    assert_true(u.nitems >= 1);
    const lf_result *r = &u.items[0].res;
    assert_string_equal(r->output,
                        "FROM python:3.12-slim\nWORKDIR /app\n" APT "COPY requirements.txt .\n"
                        "RUN pip install -r requirements.txt\nCOPY . .\n");
    lf_unit_free(&u);
    lf_context_free(&ctx);
    lf_test_rmtree(dir);
    free(dir);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_moves_above_whole_copy),
        T(test_keeps_order_of_moved_runs),
        T(test_steps_over_metadata_and_workdir),
        T(test_stays_below_a_run_that_stays),
        T(test_nothing_to_pass),
        T(test_file_moves_only_with_an_install),
        T(test_wrapper_reads_its_policy),
        T(test_stays_effect_not_known),
        T(test_stays_reads_what_copy_brings),
        T(test_stays_system_destination),
        T(test_stays_destination_unknown),
        T(test_stays_bind_mount),
        T(test_stays_floating_download),
        T(test_stays_user_shell_volume),
        T(test_stays_env_arg_it_reads),
        T(test_stays_workdir_it_uses),
        T(test_stays_below_other_run),
        cmocka_unit_test(test_with_manifests_first),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
