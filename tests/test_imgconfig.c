/* lf_imgconfig: the configuration a Dockerfile gives its target stage, as
 * BuildKit computes it, and the differences between two. */
#include "testutil.h"

#include "imgconfig.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

/* The configuration as "KEY=VALUE\n" lines (or "ERROR: ..."). */
static char *config_of(const char *dockerfile, const char *target, const char *const *args,
                       size_t nargs, lf_imgconfig *keep)
{
    lf_source *src;
    lf_doc *doc;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", dockerfile, strlen(dockerfile)), 0);
    assert_int_equal(lf_doc_parse(&doc, lf_test_parser, src), 0);
    assert_int_equal(doc->nerrors, 0);
    lf_imgconfig c;
    lf_buf out = LF_BUF_INIT;
    if (lf_imgconfig_compute(&c, doc, target, args, nargs, &out) != 0) {
        lf_doc_free(doc);
        char *e = lf_buf_detach(&out, NULL);
        return e;
    }
    for (size_t i = 0; i < c.keys.n; i++)
        lf_buf_printf(&out, "%s=%s\n", c.keys.items[i].s, c.values.items[i].s);
    if (keep)
        *keep = c;
    else
        lf_imgconfig_free(&c);
    lf_doc_free(doc);
    return lf_buf_detach(&out, NULL);
}

#define CONFIG(df, expected)                                                                       \
    do {                                                                                           \
        char *got_ = config_of(df, NULL, NULL, 0, NULL);                                           \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

static void test_env_label_expansion(void **state)
{
    (void)state;
    CONFIG("FROM debian\n"
           "ARG V=1.2\n"
           "ENV APP_VERSION=$V PATH=/opt/bin:$PATH\n"
           "ENV A=x B=$A\n" /* B sees A as it was before this ENV: unset, kept as written */
           "LABEL version=\"${V}\" \"with space\"='q $V'\n"
           "ENV legacy form value\n",
           "ENV A=\"x\"\n"
           "ENV APP_VERSION=\"1.2\"\n"
           "ENV B=\"$A\"\n"
           "ENV PATH=\"/opt/bin:$PATH\"\n"
           "ENV legacy=\"form value\"\n"
           "LABEL version=\"1.2\"\n"
           "LABEL with space=\"q $V\"\n");
}

static void test_scratch_is_fully_known(void **state)
{
    (void)state;
    CONFIG("FROM scratch\nENV A=$UNSET-$HOME\n",
           "CMD=\nENTRYPOINT=\nENV A=\"-\"\n"
           "ENV PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n"
           "HEALTHCHECK=\nSHELL=\nSTOPSIGNAL=\nUSER=\nWORKDIR=\n");
}

static void test_build_args_and_global_args(void **state)
{
    (void)state;
    const char *df = "ARG BASE=debian\n"
                     "ARG TAG\n"
                     "FROM $BASE:${TAG:-12} AS base\n"
                     "ARG TAG\n"
                     "ARG MODE=dev\n"
                     "ENV TAG=$TAG MODE=$MODE ARCH=$TARGETARCH\n";
    const char *args[] = {"MODE=prod", "TAG=13", "UNUSED=1"};
    lf_imgconfig c;
    char *got = config_of(df, NULL, args, 3, &c);
    assert_non_null(strstr(got, "ENV MODE=\"prod\"\n"));
    assert_non_null(strstr(got, "ENV TAG=\"13\"\n"));
    assert_non_null(strstr(got, "ENV ARCH=\"$TARGETARCH\"\n")); /* not declared in the stage */
    assert_int_equal(c.images.n, 1);
    assert_string_equal(c.images.items[0].s, "debian:13");
    assert_string_equal(c.target, "base");
    free(got);
    lf_imgconfig_free(&c);
    got = config_of(df, NULL, NULL, 0, &c);
    assert_non_null(strstr(got, "ENV MODE=\"dev\"\n"));
    assert_string_equal(c.images.items[0].s, "debian:12");
    free(got);
    lf_imgconfig_free(&c);
}

static void test_stage_chain_and_target(void **state)
{
    (void)state;
    const char *df = "FROM node:20 AS Base\n"
                     "ARG FROM_BASE=yes\n"
                     "ENV NODE_ENV=production\n"
                     "WORKDIR /app\n"
                     "ONBUILD ENV TRIGGERED=1\n"
                     "FROM base AS test\n"
                     "ENV CHILD=$FROM_BASE\n"
                     "WORKDIR src\n"
                     "FROM golang:1.22 AS tools\n"
                     "COPY --from=base /app /app\n"
                     "COPY --from=busybox:musl /bin/busybox /bin/\n"
                     "RUN --mount=type=cache,from=alpine:3,target=/x true\n";
    lf_imgconfig c;
    char *got = config_of(df, "test", NULL, 0, &c);
    assert_string_equal(got, "ENV CHILD=\"yes\"\n" /* ARG values carry into a child stage */
                             "ENV NODE_ENV=\"production\"\n"
                             "ENV TRIGGERED=\"1\"\n"
                             "WORKDIR=/app/src\n");
    assert_string_equal(c.target, "test");
    assert_int_equal(c.images.n, 4);
    assert_string_equal(c.images.items[0].s, "node:20");
    assert_string_equal(c.images.items[1].s, "golang:1.22");
    assert_string_equal(c.images.items[2].s, "busybox:musl");
    assert_string_equal(c.images.items[3].s, "alpine:3");
    free(got);
    lf_imgconfig_free(&c);
    got = config_of(df, "nope", NULL, 0, NULL);
    assert_string_equal(got, "Dockerfile:1: error: target stage \"nope\" could not be found");
    free(got);
}

static void test_commands_and_lists(void **state)
{
    (void)state;
    CONFIG("FROM alpine\n"
           "CMD [\"serve\"]\n"
           "ENTRYPOINT [\"/entry\"]\n" /* the CMD of the same stage stays */
           "SHELL [\"/bin/bash\", \"-c\"]\n"
           "HEALTHCHECK --interval=5s CMD wget -q localhost\n"
           "EXPOSE 80 53/UDP 8000-8001\n"
           "VOLUME [\"/data\", \"/logs\"]\n"
           "VOLUME /cache\n"
           "USER app:app\n"
           "STOPSIGNAL SIGTERM\n",
           "CMD=[\"serve\"]\n"
           "ENTRYPOINT=[\"/entry\"]\n"
           "EXPOSE 53/udp=\n"
           "EXPOSE 80/tcp=\n"
           "EXPOSE 8000/tcp=\n"
           "EXPOSE 8001/tcp=\n"
           "HEALTHCHECK=--interval=5s CMD wget -q localhost\n"
           "SHELL=[\"/bin/bash\", \"-c\"]\n"
           "STOPSIGNAL=SIGTERM\n"
           "USER=app:app\n"
           "VOLUME /cache=\n"
           "VOLUME /data=\n"
           "VOLUME /logs=\n");
    CONFIG("FROM alpine\n"
           "SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n"
           "ENTRYPOINT exec app \"$X\"\n",
           "CMD=\n" /* an ENTRYPOINT drops the base image's CMD */
           "ENTRYPOINT=[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\", \"exec app \\\"$X\\\"\"]\n"
           "SHELL=[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n");
    CONFIG("FROM alpine\nWORKDIR rel/../x\nWORKDIR /abs//y/.\n", "WORKDIR=/abs/y\n");
    CONFIG("FROM alpine\nWORKDIR rel\n", "WORKDIR=/(base image WORKDIR)/rel\n");
}

static void test_expansion_error(void **state)
{
    (void)state;
    char *got =
        config_of("FROM scratch\nENV A=1\nUSER ${NAME:?is required}\n", NULL, NULL, 0, NULL);
    assert_string_equal(got, "Dockerfile:3: error: NAME: is required");
    free(got);
    /* from an image, NAME may be the base image's: kept as written */
    got = config_of("FROM alpine\nUSER ${NAME:?is required}\n", NULL, NULL, 0, NULL);
    assert_string_equal(got, "USER=${NAME:?is required}\n");
    free(got);
}

static void test_compare(void **state)
{
    (void)state;
    lf_imgconfig a, b;
    free(
        config_of("FROM alpine\nENV A=1 B=2\nEXPOSE 80\nCMD [\"a\"]\nUSER x\n", NULL, NULL, 0, &a));
    free(config_of("FROM alpine\nENV A=2 C=3\nEXPOSE 81\nUSER x\n", NULL, NULL, 0, &b));
    lf_strv d = LF_STRV_INIT;
    lf_imgconfig_compare(&a, &b, &d);
    lf_buf all = LF_BUF_INIT;
    for (size_t i = 0; i < d.n; i++)
        lf_buf_printf(&all, "%s\n", d.items[i].s);
    assert_string_equal(lf_buf_cstr(&all), "CMD: [\"a\"] -> (as in the base image)\n"
                                           "ENV A: \"1\" -> \"2\"\n"
                                           "ENV B: \"2\" -> (as in the base image)\n"
                                           "ENV C: (as in the base image) -> \"3\"\n"
                                           "EXPOSE 80/tcp: removed\n"
                                           "EXPOSE 81/tcp: added\n");
    lf_strv_truncate(&d, 0);
    lf_imgconfig_compare(&a, &a, &d);
    assert_int_equal(d.n, 0);
    lf_strv_free(&d);
    lf_buf_free(&all);
    lf_imgconfig_free(&a);
    lf_imgconfig_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_label_expansion),
        cmocka_unit_test(test_scratch_is_fully_known),
        cmocka_unit_test(test_build_args_and_global_args),
        cmocka_unit_test(test_stage_chain_and_target),
        cmocka_unit_test(test_commands_and_lists),
        cmocka_unit_test(test_expansion_error),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
