/*
 * lf_bkdump_line on single logical lines: the tricky lines of the
 * buildkit-parser corpus (transcribed with their `result` line; the logical
 * line is what BuildKit's joiner produces), plus edge cases derived from
 * dockerfile-syntax.md §5-§8, §11, §12 and from BuildKit's documented
 * behaviour.
 */
#include "testutil.h"

#include "bkdump.h"
#include "buf.h"

#include <string.h>

typedef struct {
    const char *line;
    char escape;
    const char *want;
} vec;

static const vec corpus_vectors[] = {
    /* env */
    {"FROM ubuntu", '\\', "(from \"ubuntu\")"},
    {"ENV name value", '\\', "(env \"name\" \"value\" \"\")"},
    {"ENV name=value", '\\', "(env \"name\" \"value\" \"=\")"},
    {"ENV name=value name2=value2", '\\',
     "(env \"name\" \"value\" \"=\" \"name2\" \"value2\" \"=\")"},
    {"ENV name=\"value value1\"", '\\', "(env \"name\" \"\\\"value value1\\\"\" \"=\")"},
    {"ENV name=value\\ value2", '\\', "(env \"name\" \"value\\\\ value2\" \"=\")"},
    {"ENV name=\"value'quote space'value2\"", '\\',
     "(env \"name\" \"\\\"value'quote space'value2\\\"\" \"=\")"},
    {"ENV name='value\"double quote\"value2'", '\\',
     "(env \"name\" \"'value\\\"double quote\\\"value2'\" \"=\")"},
    {"ENV name=value\\ value2 name2=value2\\ value3", '\\',
     "(env \"name\" \"value\\\\ value2\" \"=\" \"name2\" \"value2\\\\ value3\" \"=\")"},
    {"ENV name=\"a\\\"b\"", '\\', "(env \"name\" \"\\\"a\\\\\\\"b\\\"\" \"=\")"},
    {"ENV name=\"a\\'b\"", '\\', "(env \"name\" \"\\\"a\\\\'b\\\"\" \"=\")"},
    {"ENV name='a\\'b'", '\\', "(env \"name\" \"'a\\\\'b'\" \"=\")"},
    {"ENV name='a\\'b''", '\\', "(env \"name\" \"'a\\\\'b''\" \"=\")"},
    {"ENV name='a\\\"b'", '\\', "(env \"name\" \"'a\\\\\\\"b'\" \"=\")"},
    {"ENV name=\"''\"", '\\', "(env \"name\" \"\\\"''\\\"\" \"=\")"},
    {"ENV name=value     name1=value1     name2=\"value2a            value2b\"     "
     "name3=\"value3a\\n\\\"value3b\\\"\" \tname4=\"value4a\\\\nvalue4b\" ",
     '\\',
     "(env \"name\" \"value\" \"=\" \"name1\" \"value1\" \"=\" \"name2\" \"\\\"value2a            "
     "value2b\\\"\" \"=\" \"name3\" \"\\\"value3a\\\\n\\\\\\\"value3b\\\\\\\"\\\"\" \"=\" "
     "\"name4\" \"\\\"value4a\\\\\\\\nvalue4b\\\"\" \"=\")"},
    /* args */
    {"ARG foo bar=baz", '\\', "(arg \"foo\" \"bar=baz\")"},
    {"ARG abc=\"123 456\" def", '\\', "(arg \"abc=\\\"123 456\\\"\" \"def\")"},
    /* flags */
    {"COPY foo /tmp/", '\\', "(copy \"foo\" \"/tmp/\")"},
    {"COPY --user=me foo /tmp/", '\\', "(copy [\"--user=me\"] \"foo\" \"/tmp/\")"},
    {"COPY --doit=true foo /tmp/", '\\', "(copy [\"--doit=true\"] \"foo\" \"/tmp/\")"},
    {"COPY --user=me --doit=true foo /tmp/", '\\',
     "(copy [\"--user=me\" \"--doit=true\"] \"foo\" \"/tmp/\")"},
    {"COPY --doit=true -- foo /tmp/", '\\', "(copy [\"--doit=true\"] \"foo\" \"/tmp/\")"},
    {"COPY -- foo /tmp/", '\\', "(copy \"foo\" \"/tmp/\")"},
    {"CMD --doit [ \"a\", \"b\" ]", '\\', "(cmd [\"--doit\"] \"a\" \"b\")"},
    {"CMD --doit=true -- [ \"a\", \"b\" ]", '\\', "(cmd [\"--doit=true\"] \"a\" \"b\")"},
    {"CMD --doit -- [ ]", '\\', "(cmd [\"--doit\"])"},
    /* escapes */
    {"LABEL maintainer Erik \\\\Hollensbe <erik@hollensbe.org>\\\"", '\\',
     "(label \"maintainer\" \"Erik \\\\\\\\Hollensbe <erik@hollensbe.org>\\\\\\\"\" \"\")"},
    {"RUN apt-get \\update &&   apt-get \\\"install znc -y", '\\',
     "(run \"apt-get \\\\update &&   apt-get \\\\\\\"install znc -y\")"},
    {"ADD \\conf\\\\\" /.znc", '\\', "(add \"\\\\conf\\\\\\\\\\\"\" \"/.znc\")"},
    {"RUN foo bar baz", '\\', "(run \"foo bar baz\")"},
    {"CMD [ \"\\/usr\\\\\\\"/bin/znc\", \"-f\", \"-r\" ]", '\\',
     "(cmd \"/usr\\\\\\\"/bin/znc\" \"-f\" \"-r\")"},
    /* health */
    {"ADD check.sh main.sh /app/", '\\', "(add \"check.sh\" \"main.sh\" \"/app/\")"},
    {"CMD /app/main.sh", '\\', "(cmd \"/app/main.sh\")"},
    {"HEALTHCHECK", '\\', "(healthcheck)"},
    {"HEALTHCHECK --interval=5s --timeout=3s --retries=3   CMD /app/check.sh --quiet", '\\',
     "(healthcheck [\"--interval=5s\" \"--timeout=3s\" \"--retries=3\"] \"CMD\" \"/app/check.sh "
     "--quiet\")"},
    {"HEALTHCHECK CMD", '\\', "(healthcheck \"CMD\")"},
    {"HEALTHCHECK   CMD   a b", '\\', "(healthcheck \"CMD\" \"a b\")"},
    {"HEALTHCHECK --timeout=3s CMD [\"foo\"]", '\\',
     "(healthcheck [\"--timeout=3s\"] \"CMD\" \"foo\")"},
    {"HEALTHCHECK CONNECT TCP 7000", '\\', "(healthcheck \"CONNECT\" \"TCP 7000\")"},
    {"HEALTHCHECK --start-period=0s --start-interval=0s --interval=5s --timeout=0s --retries=0 CMD "
     "[\"foo\"]",
     '\\',
     "(healthcheck [\"--start-period=0s\" \"--start-interval=0s\" \"--interval=5s\" "
     "\"--timeout=0s\" \"--retries=0\"] \"CMD\" \"foo\")"},
    /* json */
    {"CMD []", '\\', "(cmd)"},
    {"CMD [\"\"]", '\\', "(cmd \"\")"},
    {"CMD [\"a\"]", '\\', "(cmd \"a\")"},
    {"CMD [\"a\",\"b\"]", '\\', "(cmd \"a\" \"b\")"},
    {"CMD [ \"a\", \"b\" ]", '\\', "(cmd \"a\" \"b\")"},
    {"CMD [\t\"a\",\t\"b\"\t]", '\\', "(cmd \"a\" \"b\")"},
    {"CMD\t[\t\"a\",\t\"b\"\t]\t", '\\', "(cmd \"a\" \"b\")"},
    {"CMD [\"abc 123\", \"\xe2"
     "\x99"
     "\xa5"
     "\", \"\xe2"
     "\x98"
     "\x83"
     "\", \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000\"]",
     '\\',
     "(cmd \"abc 123\" \"\xe2"
     "\x99"
     "\xa5"
     "\" \"\xe2"
     "\x98"
     "\x83"
     "\" \"\\\" \\\\ / \\b \\f \\n \\r \\t \\x00\")"},
    /* continueIndent */
    {"RUN echo hello  world  goodnight    moon  lightning", '\\',
     "(run \"echo hello  world  goodnight    moon  lightning\")"},
    {"RUN echo hello    world", '\\', "(run \"echo hello    world\")"},
    {"RUN echo hello  world", '\\', "(run \"echo hello  world\")"},
    {"RUN echo hello goodbyefrog", '\\', "(run \"echo hello goodbyefrog\")"},
    {"RUN echo hi   world  goodnight", '\\', "(run \"echo hi   world  goodnight\")"},
    {"RUN echo goodbyefrog", '\\', "(run \"echo goodbyefrog\")"},
    {"RUN echo hello this is some more useful stuff", '\\',
     "(run \"echo hello this is some more useful stuff\")"},
    /* trailing-backslash */
    {"ENV A path", '\\', "(env \"A\" \"path\" \"\")"},
    {"ENV B another\\\\path", '\\', "(env \"B\" \"another\\\\\\\\path\" \"\")"},
    {"ENV C trailing\\\\backslash\\\\", '\\',
     "(env \"C\" \"trailing\\\\\\\\backslash\\\\\\\\\" \"\")"},
    {"ENV D This should not be appended to C", '\\',
     "(env \"D\" \"This should not be appended to C\" \"\")"},
    {"ENV E helloworld", '\\', "(env \"E\" \"helloworld\" \"\")"},
    {"ENV F hello world", '\\', "(env \"F\" \"hello world\" \"\")"},
    {"ENV G hello world", '\\', "(env \"G\" \"hello world\" \"\")"},
    /* escape */
    {"LABEL maintainer foo@bar.com", '`', "(label \"maintainer\" \"foo@bar.com\" \"\")"},
    {"ENV GOPATH \\go", '`', "(env \"GOPATH\" \"\\\\go\" \"\")"},
    /* kartar-entrypoint-oddities */
    {"LABEL maintainer James Turnbull \"james@example.com\"", '\\',
     "(label \"maintainer\" \"James Turnbull \\\"james@example.com\\\"\" \"\")"},
    {"ENV REFRESHED_AT 2014-06-01", '\\', "(env \"REFRESHED_AT\" \"2014-06-01\" \"\")"},
    {"RUN apt-get update", '\\', "(run \"apt-get update\")"},
    {"RUN apt-get --no-install-recommends install -y redis-server redis-tools", '\\',
     "(run \"apt-get --no-install-recommends install -y redis-server redis-tools\")"},
    {"EXPOSE 6379", '\\', "(expose \"6379\")"},
    {"ENTRYPOINT [ \"/usr/bin/redis-server\" ]", '\\', "(entrypoint \"/usr/bin/redis-server\")"},
    /* lk4d4-the-edge-case-generator */
    {"LABEL maintainer docker <docker@docker.io>", '\\',
     "(label \"maintainer\" \"docker <docker@docker.io>\" \"\")"},
    {"ONBUILD RUN [\"echo\", \"test\"]", '\\', "(onbuild (run \"echo\" \"test\"))"},
    {"ONBUILD RUN echo test", '\\', "(onbuild (run \"echo test\"))"},
    {"ONBUILD COPY . /", '\\', "(onbuild (copy \".\" \"/\"))"},
    {"RUN [\"ls\", \"-la\"]", '\\', "(run \"ls\" \"-la\")"},
    {"RUN [\"echo\", \"'1234'\"]", '\\', "(run \"echo\" \"'1234'\")"},
    {"RUN echo \"1234\"", '\\', "(run \"echo \\\"1234\\\"\")"},
    {"RUN echo 1234", '\\', "(run \"echo 1234\")"},
    {"RUN echo '1234' &&     echo \"456\" &&     echo 789", '\\',
     "(run \"echo '1234' &&     echo \\\"456\\\" &&     echo 789\")"},
    {"RUN    sh -c 'echo root:testpass         > /tmp/passwd'", '\\',
     "(run \"sh -c 'echo root:testpass         > /tmp/passwd'\")"},
    {"RUN mkdir -p /test /test2 /test3/test", '\\', "(run \"mkdir -p /test /test2 /test3/test\")"},
    {"ENV SCUBA 1 DUBA 3", '\\', "(env \"SCUBA\" \"1 DUBA 3\" \"\")"},
    {"ENV SCUBA \"1 DUBA 3\"", '\\', "(env \"SCUBA\" \"\\\"1 DUBA 3\\\"\" \"\")"},
    {"CMD [\"echo\", \"test\"]", '\\', "(cmd \"echo\" \"test\")"},
    {"CMD echo test", '\\', "(cmd \"echo test\")"},
    {"CMD echo \"test\"", '\\', "(cmd \"echo \\\"test\\\"\")"},
    {"CMD echo 'test'", '\\', "(cmd \"echo 'test'\")"},
    {"CMD echo 'test' | wc -", '\\', "(cmd \"echo 'test' | wc -\")"},
    {"EXPOSE 3000", '\\', "(expose \"3000\")"},
    {"EXPOSE 9000 5000 6000", '\\', "(expose \"9000\" \"5000\" \"6000\")"},
    {"USER docker", '\\', "(user \"docker\")"},
    {"USER docker:root", '\\', "(user \"docker:root\")"},
    {"VOLUME [\"/test\"]", '\\', "(volume \"/test\")"},
    {"VOLUME [\"/test\", \"/test2\"]", '\\', "(volume \"/test\" \"/test2\")"},
    {"VOLUME /test3", '\\', "(volume \"/test3\")"},
    {"WORKDIR /test", '\\', "(workdir \"/test\")"},
    {"ADD . /", '\\', "(add \".\" \"/\")"},
    {"COPY . copy", '\\', "(copy \".\" \"copy\")"},
    /* jeztah-invalid-json-json-inside-string */
    {"CMD '[\"echo\", \"Well, JSON in a string is JSON too?\"]'", '\\',
     "(cmd \"'[\\\"echo\\\", \\\"Well, JSON in a string is JSON too?\\\"]'\")"},
    /* jeztah-invalid-json-json-inside-string-double */
    {"CMD \"[\\\"echo\\\", \\\"Phew, I just managed to escaped those double quotes\\\"]\"", '\\',
     "(cmd \"\\\"[\\\\\\\"echo\\\\\\\", \\\\\\\"Phew, I just managed to escaped those double "
     "quotes\\\\\\\"]\\\"\")"},
    /* jeztah-invalid-json-single-quotes */
    {"CMD ['echo','single quotes are invalid JSON']", '\\',
     "(cmd \"['echo','single quotes are invalid JSON']\")"},
    /* jeztah-invalid-json-unterminated-bracket */
    {"CMD [\"echo\", \"Please, close the brackets when you're done\"", '\\',
     "(cmd \"[\\\"echo\\\", \\\"Please, close the brackets when you're done\\\"\")"},
    /* jeztah-invalid-json-unterminated-string */
    {"CMD [\"echo\", \"look ma, no quote!]", '\\',
     "(cmd \"[\\\"echo\\\", \\\"look ma, no quote!]\")"},
    /* ADD-COPY-with-JSON */
    {"LABEL\tmaintainer\tSeongyeol Lim <seongyeol37@gmail.com>", '\\',
     "(label \"maintainer\" \"Seongyeol Lim <seongyeol37@gmail.com>\" \"\")"},
    {"COPY\t.\t/go/src/github.com/docker/docker", '\\',
     "(copy \".\" \"/go/src/github.com/docker/docker\")"},
    {"ADD\t\t.\t/", '\\', "(add \".\" \"/\")"},
    {"ADD\t\tnull /", '\\', "(add \"null\" \"/\")"},
    {"COPY\tnullfile /tmp", '\\', "(copy \"nullfile\" \"/tmp\")"},
    {"ADD\t\t[ \"vimrc\", \"/tmp\" ]", '\\', "(add \"vimrc\" \"/tmp\")"},
    {"COPY\t[ \"bashrc\", \"/tmp\" ]", '\\', "(copy \"bashrc\" \"/tmp\")"},
    {"COPY\t[ \"test file\", \"/tmp\" ]", '\\', "(copy \"test file\" \"/tmp\")"},
    {"ADD\t\t[ \"test file\", \"/tmp/test file\" ]", '\\',
     "(add \"test file\" \"/tmp/test file\")"},
};

static const vec edge_vectors[] = {
    /* flags */
    {"RUN --mount=type=cache,target=/x apt-get update", '\\',
     "(run [\"--mount=type=cache,target=/x\"] \"apt-get update\")"},
    {"RUN --mount=type=secret,id=x,target=\"/a b\" cat", '\\',
     "(run [\"--mount=type=secret,id=x,target=/a b\"] \"cat\")"},
    {"RUN --mount=a     --mount=b     make", '\\', "(run [\"--mount=a\" \"--mount=b\"] \"make\")"},
    {"RUN --a=x\\ y z", '\\', "(run [\"--a=x y\"] \"z\")"},
    {"RUN --a=x\\ y z", '`', "(run [\"--a=x y\"] \"z\")"}, /* the flag escape is always \ */
    {"RUN --a='x \"q\"'y z", '\\', "(run [\"--a=x \\\"q\\\"y\"] \"z\")"},
    {"RUN --a=\"x\\\"y\" z", '\\', "(run [\"--a=x\\\"y\"] \"z\")"},
    {"RUN --a\\", '\\', "(run [\"--a\"])"},
    {"RUN --a=\"x\\", '\\', "(run [\"--a=x\"])"},
    {"RUN --a=\"unterminated z", '\\', "(run [\"--a=unterminated z\"])"},
    {"RUN echo --mount=x", '\\', "(run \"echo --mount=x\")"},
    {"RUN -x --y", '\\', "(run \"-x --y\")"},
    {"RUN --flag", '\\', "(run [\"--flag\"])"},
    {"RUN --", '\\', "(run)"},
    {"RUN -- --not-a-flag", '\\', "(run \"--not-a-flag\")"},
    {"RUN --\"\" x", '\\', "(run \"x\")"},
    {"COPY --from=build --chown=1:1 a b", '\\',
     "(copy [\"--from=build\" \"--chown=1:1\"] \"a\" \"b\")"},
    {"COPY --from stage a b", '\\', "(copy [\"--from\"] \"stage\" \"a\" \"b\")"},
    {"RUN --x=\xc3\xa9 y", '\\',
     "(run [\"--x=\xc3\x83\xc2\xa9\"] \"y\")"},                     /* byte-wise: mojibake */
    {"RUN --x=\xc3\xa0 y", '\\', "(run [\"--x=\xc3\x83\"] \"y\")"}, /* 0xA0 is a space there */
    {"FOO --bar baz", '\\', "(foo [\"--bar\"] \"\")"},
    {"HEALTHCHECK --retries=3", '\\', "(healthcheck [\"--retries=3\"])"},
    {"ONBUILD --x RUN y", '\\', "(onbuild [\"--x\"] (run \"y\"))"},

    /* keywords, empty arguments, trimming */
    {"Run echo", '\\', "(run \"echo\")"},
    {"RUN", '\\', "(run)"},
    {"CMD", '\\', "(cmd)"},
    {"USER", '\\', "(user)"},
    {"ENV", '\\', "(env)"},
    {"ARG", '\\', "(arg)"},
    {"EXPOSE", '\\', "(expose)"},
    {"VOLUME", '\\', "(volume)"},
    {"ONBUILD", '\\', "(onbuild)"},
    {"foo bar", '\\', "(foo \"\")"},
    {"FOO", '\\', "(foo \"\")"},
    {"", '\\', "(\"\")"},
    {"RUN x   ", '\\', "(run \"x\")"},
    {"  RUN x", '\\', "(run \"x\")"},
    {"RUN\t\v\f\r x", '\\', "(run \"x\")"},
    {"RUN x\xe3\x80\x80", '\\', "(run \"x\")"},    /* TrimSpace knows U+3000 */
    {"RUN\xc2\xa0x", '\\', "(run\xc2\xa0x \"\")"}, /* U+00A0 does not end the keyword */
    {"R\xc3\x9cN x", '\\', "(r\xc3\xbcn \"\")"},
    {"ENTRYPO\xc4\xb0NT [\"a\"]", '\\', "(entrypoint \"a\")"}, /* U+0130 lowers to i */
    {"WOR\xe2\x84\xaa"
     "DIR /x",
     '\\', "(workdir \"/x\")"}, /* Kelvin sign lowers to k */
    {"RUN echo \xff", '\\', "(run \"echo \\xff\")"},

    /* exec form and its fallbacks */
    {"RUN [ -f x ] && y", '\\', "(run \"[ -f x ] && y\")"},
    {"CMD [\"a\"] x", '\\', "(cmd \"[\\\"a\\\"] x\")"},
    {"CMD [\"a\",]", '\\', "(cmd \"[\\\"a\\\",]\")"},
    {"CMD [\"a\", 1e400]", '\\', "(cmd \"[\\\"a\\\", 1e400]\")"},
    {"CMD [\"a\\u0001\", \"\\u00e9\", \"\\u00a0\", \"\\ud83d\\ude00\", \"\\ud800\"]", '\\',
     "(cmd \"a\\x01\" \"\xc3\xa9\" \"\\u00a0\" \"\xf0\x9f\x98\x80\" \"\xef\xbf\xbd\")"},
    {"SHELL [\"pwsh\", \"-c\"]", '\\', "(shell \"pwsh\" \"-c\")"},
    {"ENTRYPOINT []", '\\', "(entrypoint)"},
    {"VOLUME []", '\\', "(volume)"},
    {"ADD [ \"a\" ] b", '\\', "(add \"[\" \"\\\"a\\\"\" \"]\" \"b\")"},
    {"COPY \"a b\" /c", '\\', "(copy \"\\\"a\" \"b\\\"\" \"/c\")"},
    {"COPY a\t\tb  c", '\\', "(copy \"a\" \"b\" \"c\")"},
    {"FROM [ \"a\" ]", '\\', "(from \"[\" \"\\\"a\\\"\" \"]\")"},
    {"FROM --platform=$BUILDPLATFORM golang:1.22 AS build", '\\',
     "(from [\"--platform=$BUILDPLATFORM\"] \"golang:1.22\" \"AS\" \"build\")"},
    {"EXPOSE 80/tcp  443", '\\', "(expose \"80/tcp\" \"443\")"},

    /* one-node instructions */
    {"STOPSIGNAL   SIGTERM  ", '\\', "(stopsignal \"SIGTERM\")"},
    {"MAINTAINER a \"b\" c", '\\', "(maintainer \"a \\\"b\\\" c\")"},
    {"WORKDIR /a b", '\\', "(workdir \"/a b\")"},

    /* ENV / LABEL */
    {"ENV a=1 b=\"x y\" c=p\\ q", '\\',
     "(env \"a\" \"1\" \"=\" \"b\" \"\\\"x y\\\"\" \"=\" \"c\" \"p\\\\ q\" \"=\")"},
    {"ENV ONE TWO= THREE=world", '\\', "(env \"ONE\" \"TWO= THREE=world\" \"\")"},
    {"ENV a=", '\\', "(env \"a\" \"\" \"=\")"},
    {"ENV =x", '\\', "(env \"\" \"x\" \"=\")"},
    {"ENV a=b=c", '\\', "(env \"a\" \"b=c\" \"=\")"},
    {"ENV a=1\tb=2", '\\', "(env \"a\" \"1\" \"=\" \"b\" \"2\" \"=\")"},
    {"ENV a=x` y", '`', "(env \"a\" \"x` y\" \"=\")"},
    {"ENV a=x\\y", '`', "(env \"a\" \"x\\\\y\" \"=\")"},
    {"ENV a=\"x`\" y\"", '`', "(env \"a\" \"\\\"x`\\\" y\\\"\" \"=\")"},
    {"ENV a=b\\\\", '\\', "(env \"a\" \"b\\\\\\\\\" \"=\")"},
    {"ENV a=\xff", '\\', "(env \"a\" \"\xef\xbf\xbd\" \"=\")"}, /* words decode runes */
    {"ENV k \xff", '\\', "(env \"k\" \"\\xff\" \"\")"},         /* legacy keeps bytes */
    {"LABEL \"a b\"=c", '\\', "(label \"\\\"a b\\\"\" \"c\" \"=\")"},
    {"LABEL k  v  w ", '\\', "(label \"k\" \"v  w\" \"\")"},

    /* ARG */
    {"ARG a=1 # b=2", '\\', "(arg \"a=1\" \"#\" \"b=2\")"},
    {"ARG X=", '\\', "(arg \"X=\")"},
    {"ARG A=${A:-\"${B}-${C}\"}", '\\', "(arg \"A=${A:-\\\"${B}-${C}\\\"}\")"},
    {"ARG a\\", '\\', "(arg \"a\")"}, /* a lone escape at the very end is dropped */
    {"ARG a='x\\' y'", '\\', "(arg \"a='x\\\\'\" \"y'\")"}, /* no escapes in '' */
    {"ARG a=\"x\\\" y\"", '\\', "(arg \"a=\\\"x\\\\\\\" y\\\"\")"},

    /* HEALTHCHECK */
    {"HEALTHCHECK NONE", '\\', "(healthcheck \"NONE\")"},
    {"HEALTHCHECK cmd [\"a\", \"b\"]", '\\', "(healthcheck \"cmd\" \"a\" \"b\")"},
    {"HEALTHCHECK CMD\t\tcurl -f x || exit 1", '\\',
     "(healthcheck \"CMD\" \"curl -f x || exit 1\")"},

    /* ONBUILD */
    {"ONBUILD ONBUILD RUN x", '\\', "(onbuild (onbuild (run \"x\")))"},
    {"onbuild run --mount=a b", '\\', "(onbuild (run [\"--mount=a\"] \"b\"))"},
    {"ONBUILD ENV a=1 b=2", '\\', "(onbuild (env \"a\" \"1\" \"=\" \"b\" \"2\" \"=\"))"},
    {"ONBUILD FOO", '\\', "(onbuild (foo \"\"))"},
};

static void run_vectors(const vec *v, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
        lf_buf_adds(&out, "keep:");
        int rc = lf_bkdump_line(&out, v[i].line, strlen(v[i].line), v[i].escape, &err);
        const char *got = lf_buf_cstr(&out) + 5;
        if (rc != 0 || strcmp(got, v[i].want) != 0 || strncmp(out.data, "keep:", 5) != 0) {
            failures++;
            print_message("line: %s\n want: %s\n  got: %s (rc=%d, err=%s)\n", v[i].line, v[i].want,
                          got, rc, lf_buf_cstr(&err));
        }
        lf_buf_free(&out);
        lf_buf_free(&err);
    }
    assert_int_equal(failures, 0);
}

static void test_corpus_lines(void **state)
{
    (void)state;
    run_vectors(corpus_vectors, sizeof corpus_vectors / sizeof corpus_vectors[0]);
}

static void test_edge_lines(void **state)
{
    (void)state;
    run_vectors(edge_vectors, sizeof edge_vectors / sizeof edge_vectors[0]);
}

static void expect_error(const char *line, const char *msg)
{
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    lf_buf_adds(&out, "untouched");
    assert_int_equal(lf_bkdump_line(&out, line, strlen(line), '\\', &err), -1);
    assert_string_equal(lf_buf_cstr(&out), "untouched");
    assert_string_equal(lf_buf_cstr(&err), msg);
    lf_buf_free(&out);
    lf_buf_free(&err);
}

static void test_errors(void **state)
{
    (void)state;
    static const char not_strings[] =
        "when using JSON array syntax, arrays must be comprised of strings only";
    expect_error("ENV PATH", "ENV must have two arguments");
    expect_error("LABEL foo", "LABEL must have two arguments");
    expect_error("ENV a\xc2\xa0"
                 "b",
                 "ENV must have two arguments"); /* NBSP splits words only */
    expect_error("ENV a=1 b",
                 "Syntax error - can't find = in \"b\". Must be of the form: name=value");
    expect_error("LABEL a=1 \"b c\"",
                 "Syntax error - can't find = in \"\\\"b c\\\"\". Must be of the form: name=value");
    expect_error("CMD [ \"echo\", [ \"nested json\" ] ]", not_strings); /* shykes-nested-json */
    expect_error("RUN [\"a\", 42]", not_strings);
    expect_error("COPY [\"a\", null]", not_strings);
    expect_error("VOLUME [{}]", not_strings);
    expect_error("HEALTHCHECK CMD [true]", not_strings);
    expect_error("ONBUILD CMD [1]", not_strings);
    expect_error("ONBUILD ENV x", "ENV must have two arguments");
}

static void test_appends(void **state)
{
    (void)state;
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    assert_int_equal(lf_bkdump_line(&out, "RUN a", 5, '\\', &err), 0);
    lf_buf_addc(&out, '\n');
    assert_int_equal(lf_bkdump_line(&out, "CMD [\"b\"]", 9, '\\', &err), 0);
    assert_string_equal(lf_buf_cstr(&out), "(run \"a\")\n(cmd \"b\")");
    assert_int_equal(err.len, 0);
    /* Embedded NUL bytes are data, not terminators. */
    lf_buf_clear(&out);
    assert_int_equal(lf_bkdump_line(&out, "RUN a\0b", 7, '\\', &err), 0);
    assert_string_equal(lf_buf_cstr(&out), "(run \"a\\x00b\")");
    lf_buf_free(&out);
    lf_buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_lines),
        cmocka_unit_test(test_edge_lines),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_appends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
