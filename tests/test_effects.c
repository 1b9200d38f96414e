/*
 * The analysis's effects of a RUN (passes/analysis/effects.c): what each
 * command reads and writes, whether it installs into the system's
 * directories, what it downloads, and why an effect is not known. Each test
 * parses a Dockerfile whose last instruction is the RUN under test.
 */
#include "testutil.h"

#include "analysis.h"
#include "effects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    lf_doc *doc;
    lf_analysis *an;
    const lf_run_effects *e;
} fx;

static void fx_free(fx *f)
{
    lf_analysis_free(f->an);
    lf_doc_free(f->doc);
    memset(f, 0, sizeof *f);
}

/* Parses df and reads the effects of its last instruction (a RUN). */
static void load(fx *f, const char *df)
{
    fx_free(f);
    lf_source *src;
    assert_int_equal(lf_source_from_bytes(&src, "Dockerfile", df, strlen(df)), 0);
    assert_int_equal(lf_doc_parse(&f->doc, lf_test_parser, src), 0);
    assert_int_equal(f->doc->nerrors, 0);
    f->an = lf_analyze(f->doc);
    f->e = lf_analysis_effects(f->an, (int)f->doc->ninstrs - 1);
    assert_non_null(f->e);
}

static bool has_path(const lf_effect *e, const char *path, bool write)
{
    for (size_t i = 0; i < e->npaths; i++)
        if (strcmp(e->paths[i].path, path) == 0 && e->paths[i].write == write)
            return true;
    return false;
}

static void dump(const lf_effect *e)
{
    print_message("known=%d system=%d network=%d cwd=%d why=%s floating=%s\n", e->known, e->system,
                  e->network, e->cwd, e->why ? e->why : "-", e->floating ? e->floating : "-");
    for (size_t i = 0; i < e->npaths; i++)
        print_message("  %s %s\n", e->paths[i].write ? "writes" : "reads", e->paths[i].path);
}

static void expect_path(const lf_effect *e, const char *path, bool write)
{
    if (!has_path(e, path, write))
        dump(e);
    assert_true(has_path(e, path, write));
}

static void expect_unknown(const lf_effect *e, const char *why)
{
    if (e->known || !strstr(e->why, why))
        dump(e);
    assert_false(e->known);
    assert_non_null(strstr(e->why, why));
}

static bool touches(const lf_effect *e, const char *dir)
{
    lf_buf why = LF_BUF_INIT;
    bool t = lf_effect_touches(e, dir, &why);
    lf_buf_free(&why);
    return t;
}

/* --- system package managers ----------------------------------------------------- */

static void test_apt_install(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\n"
             "RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev gcc "
             "&& rm -rf /var/lib/apt/lists/*\n");
    const lf_effect *e = &f.e->all;
    assert_true(e->known);
    assert_true(e->system);
    assert_false(e->cwd);
    expect_path(e, "/var/lib/apt/lists", true);
    assert_false(touches(e, "/app"));
    assert_true(touches(e, "/var/www/html"));
    assert_true(touches(e, "/"));
    assert_true(touches(e, "/var/lib/apt"));
    assert_false(lf_effect_writes(e, "/srv"));
    fx_free(&f);
}

static void test_apk_dnf_zypper(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev\n");
    assert_true(f.e->all.known);
    assert_true(f.e->all.system);
    assert_int_equal(f.e->all.npaths, 0);
    load(&f, "FROM fedora:40\nRUN dnf install -y gcc && dnf clean all\n");
    assert_true(f.e->all.known && f.e->all.system);
    load(&f, "FROM opensuse/leap:15.6\nRUN zypper --non-interactive install -y gcc\n");
    assert_true(f.e->all.known && f.e->all.system);
    /* `apt-get download` writes the .deb into the current directory */
    load(&f, "FROM debian\nWORKDIR /app\nRUN apt-get download curl\n");
    expect_path(&f.e->all, "/app", true);
    assert_true(f.e->all.cwd);
    fx_free(&f);
}

static void test_package_file_from_context(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nWORKDIR /app\nCOPY . .\nRUN apt-get install -y ./vendor/tool.deb\n");
    expect_path(&f.e->all, "/app/vendor/tool.deb", true);
    assert_true(touches(&f.e->all, "/app"));
    load(&f, "FROM debian\nWORKDIR /app\nRUN dpkg -i tool.deb\n");
    expect_path(&f.e->all, "/app/tool.deb", true);
    fx_free(&f);
}

static void test_words_known_at_build_time(void **state)
{
    (void)state;
    fx f = {0};
    /* a list read from a file of the context */
    load(&f, "FROM debian\nWORKDIR /app\nRUN apt-get install -y $(cat packages.txt)\n");
    expect_unknown(&f.e->all, "`$(cat packages.txt)` is known only at build time");
    load(&f, "FROM debian\nWORKDIR /app\nRUN xargs -a packages.txt apt-get install -y\n");
    expect_unknown(&f.e->all, "`xargs` runs code the analysis cannot read");
    /* an ARG without a value may be anything, an ENV is known */
    load(&f, "FROM debian\nARG PKGS\nRUN apt-get install -y $PKGS\n");
    expect_unknown(&f.e->all, "`$PKGS` is known only at build time");
    load(&f, "FROM debian\nENV PKGS=\"gcc make\"\nRUN apt-get install -y $PKGS\n");
    assert_true(f.e->all.known);
    fx_free(&f);
}

static void test_scripts_and_unknown_programs(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nWORKDIR /app\nRUN ./scripts/install-deps.sh\n");
    expect_unknown(&f.e->all, "runs code the analysis cannot read");
    load(&f, "FROM debian\nRUN bash -c 'apt-get install -y gcc'\n");
    expect_unknown(&f.e->all, "`bash` runs code");
    load(&f, "FROM debian\nRUN make install\n");
    expect_unknown(&f.e->all, "does not know what `make` reads and writes");
    load(&f, "FROM debian\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -\n");
    expect_unknown(&f.e->all, "`bash` runs code");
    fx_free(&f);
}

/* --- users, locales, files ----------------------------------------------------------- */

static void test_users(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nRUN groupadd -r app && useradd -r -g app -m -d /home/app app\n");
    assert_true(f.e->all.known && f.e->all.system);
    expect_path(&f.e->all, "/home/app", true);
    assert_true(touches(&f.e->all, "/home/app"));
    assert_true(touches(&f.e->all, "/home/app/src"));
    assert_false(touches(&f.e->all, "/app"));
    load(&f, "FROM debian\nRUN adduser --disabled-password --gecos '' web\n");
    expect_path(&f.e->all, "/home/web", true);
    load(&f, "FROM debian\nARG NAME\nRUN useradd -m $NAME\n");
    expect_unknown(&f.e->all, "known only at build time");
    fx_free(&f);
}

static void test_locales_and_redirects(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nWORKDIR /app\n"
             "RUN sed -i 's/# en_US.UTF-8/en_US.UTF-8/' /etc/locale.gen && locale-gen\n");
    assert_true(f.e->all.known && f.e->all.system);
    expect_path(&f.e->all, "/etc/locale.gen", true);
    assert_false(touches(&f.e->all, "/app"));
    load(&f, "FROM debian\nWORKDIR /app\n"
             "RUN echo 'en_US.UTF-8 UTF-8' > /etc/locale.gen && locale-gen en_US.UTF-8 "
             "&& update-locale LANG=en_US.UTF-8 2>/dev/null\n");
    assert_true(f.e->all.known);
    expect_path(&f.e->cmds[0], "/etc/locale.gen", true);
    assert_false(touches(&f.e->all, "/app"));
    /* a redirection into the project, and from it */
    load(&f, "FROM debian\nWORKDIR /app\nRUN echo x >> .env\n");
    expect_path(&f.e->all, "/app/.env", true);
    load(&f, "FROM debian\nWORKDIR /app\nRUN debconf-set-selections < debconf.txt\n");
    expect_path(&f.e->all, "/app/debconf.txt", false);
    load(&f, "FROM debian\nRUN ln -fs /usr/share/zoneinfo/Europe/Paris /etc/localtime "
             "&& dpkg-reconfigure -f noninteractive tzdata\n");
    expect_path(&f.e->all, "/etc/localtime", true);
    expect_path(&f.e->all, "/usr/share/zoneinfo/Europe/Paris", false);
    fx_free(&f);
}

static void test_file_tools(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nWORKDIR /app\nRUN cp config.yml /etc/app/ && chmod 600 /etc/app/x\n");
    expect_path(&f.e->all, "/app/config.yml", false);
    expect_path(&f.e->all, "/etc/app", true);
    expect_path(&f.e->all, "/etc/app/x", true);
    assert_true(f.e->all.cwd);
    load(&f, "FROM debian\nRUN mkdir -p -m 755 /opt/tool && tar -xzf /tmp/t.tgz -C /opt/tool "
             "--strip-components=1\n");
    expect_path(&f.e->all, "/opt/tool", true);
    expect_path(&f.e->all, "/tmp/t.tgz", true);
    assert_false(f.e->all.cwd);
    /* ls with no operand lists the current directory */
    load(&f, "FROM debian\nWORKDIR /src\nRUN ls\n");
    expect_path(&f.e->all, "/src", false);
    /* sudo reads its policy: the system's directories */
    load(&f, "FROM debian\nRUN sudo -u app mkdir -p /home/app/x\n");
    assert_true(f.e->all.system);
    expect_path(&f.e->all, "/home/app/x", true);
    /* tar's old-style cluster, extracting into the current directory */
    load(&f, "FROM debian\nWORKDIR /src\nRUN tar xzf /tmp/t.tgz\n");
    expect_path(&f.e->all, "/tmp/t.tgz", true);
    expect_path(&f.e->all, "/src", true);
    fx_free(&f);
}

/* --- downloads ---------------------------------------------------------------------- */

static void test_downloads(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nWORKDIR /app\n"
             "RUN curl -fsSLo /usr/local/bin/hadolint "
             "https://github.com/hadolint/hadolint/releases/download/v2.12.0/hadolint-Linux-x86_64"
             " && chmod +x /usr/local/bin/hadolint\n");
    assert_true(f.e->all.known && f.e->all.network);
    assert_null(f.e->all.floating);
    expect_path(&f.e->all, "/usr/local/bin/hadolint", true);
    assert_false(touches(&f.e->all, "/app"));
    load(&f, "FROM debian\nRUN curl -fsSL -o /usr/local/bin/x "
             "https://github.com/x/x/releases/latest/download/x\n");
    assert_non_null(f.e->all.floating);
    load(&f, "FROM debian\nRUN curl -fsSL https://example.com/get.sh -o /tmp/get.sh\n");
    assert_non_null(f.e->all.floating); /* no version in it */
    /* wget without -O writes into the current directory; after `cd /tmp`
     * the WORKDIR no longer matters */
    load(&f, "FROM debian\nWORKDIR /app\nRUN wget https://example.com/t-1.2.3.tgz\n");
    expect_path(&f.e->all, "/app", true);
    assert_true(f.e->all.cwd);
    load(&f, "FROM debian\nWORKDIR /app\nRUN cd /tmp && wget https://example.com/t-1.2.3.tgz && "
             "tar -xzf t-1.2.3.tgz -C /usr/local && rm t-1.2.3.tgz\n");
    assert_true(f.e->all.known);
    expect_path(&f.e->all, "/tmp", true);
    expect_path(&f.e->all, "/tmp/t-1.2.3.tgz", true);
    assert_false(f.e->all.cwd);
    assert_false(touches(&f.e->all, "/app"));
    /* curl's @file data is read */
    load(&f, "FROM debian\nWORKDIR /app\nRUN curl -d @payload.json https://example.com/v1.0/x\n");
    expect_path(&f.e->all, "/app/payload.json", false);
    fx_free(&f);
}

/* --- helpers, mounts, variables ---------------------------------------------------- */

static void test_helpers(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM node:20\nWORKDIR /app\nRUN npm config set registry https://npm.example.com/\n");
    assert_true(f.e->all.known);
    expect_path(&f.e->all, "/root/.npmrc", true);
    assert_false(touches(&f.e->all, "/app"));
    /* --location=project writes the project's .npmrc: not known */
    load(&f, "FROM node:20\nWORKDIR /app\nRUN npm config set --location=project x y\n");
    assert_false(f.e->all.known);
    /* the node image's user has its own HOME */
    load(&f, "FROM node:20\nUSER node\nRUN npm config set fund false\n");
    expect_path(&f.e->all, "/home/node/.npmrc", true);
    fx_free(&f);
}

static void test_mounts(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nRUN --mount=type=bind,source=.,target=/src apt-get install -y gcc\n");
    assert_true(f.e->binds_context);
    load(&f, "FROM debian\nRUN --mount=type=bind,from=build,source=/out,target=/src apt-get "
             "install -y gcc\n");
    assert_false(f.e->binds_context);
    load(&f, "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y gcc\n");
    expect_path(&f.e->all, "/var/cache/apt", true);
    fx_free(&f);
}

static void test_variables_read(void **state)
{
    (void)state;
    fx f = {0};
    load(&f, "FROM debian\nENV V=1.2.3\nRUN apt-get install -y tool=${V} && echo $OTHER\n");
    assert_true(lf_run_reads_var(f.e, "V"));
    assert_true(lf_run_reads_var(f.e, "OTHER"));
    assert_true(lf_run_reads_var(f.e, "DEBIAN_FRONTEND"));
    assert_true(lf_run_reads_var(f.e, "http_proxy"));
    assert_true(lf_run_reads_var(f.e, "LC_ALL"));
    assert_true(lf_run_reads_var(f.e, "APT_LISTCHANGES_FRONTEND"));
    assert_false(lf_run_reads_var(f.e, "NODE_ENV"));
    assert_false(lf_run_reads_var(f.e, "APP_VERSION"));
    /* a RUN that only moves files reads no proxy or locale */
    load(&f, "FROM debian\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n");
    assert_false(lf_run_reads_var(f.e, "DEBIAN_FRONTEND"));
    assert_true(lf_run_reads_var(f.e, "PATH"));
    load(&f, "FROM node:20\nRUN npm config set fund false\n");
    assert_true(lf_run_reads_var(f.e, "npm_config_userconfig"));
    assert_true(lf_run_reads_var(f.e, "NPM_CONFIG_USERCONFIG"));
    fx_free(&f);
}

static void test_system_dirs(void **state)
{
    (void)state;
    assert_true(lf_dir_is_system("/"));
    assert_true(lf_dir_is_system("/usr"));
    assert_true(lf_dir_is_system("/etc/nginx"));
    assert_true(lf_dir_is_system("/var/www/html"));
    assert_true(lf_dir_is_system("/opt"));
    assert_true(lf_dir_is_system("/usr/src"));
    assert_false(lf_dir_is_system("/app"));
    assert_false(lf_dir_is_system("/home/app"));
    assert_false(lf_dir_is_system("/usr/local/app"));
    assert_false(lf_dir_is_system("/usr/src/app"));
    assert_false(lf_dir_is_system("/opt/app"));
    assert_false(lf_dir_is_system("/srv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apt_install),
        cmocka_unit_test(test_apk_dnf_zypper),
        cmocka_unit_test(test_package_file_from_context),
        cmocka_unit_test(test_words_known_at_build_time),
        cmocka_unit_test(test_scripts_and_unknown_programs),
        cmocka_unit_test(test_users),
        cmocka_unit_test(test_locales_and_redirects),
        cmocka_unit_test(test_file_tools),
        cmocka_unit_test(test_downloads),
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_mounts),
        cmocka_unit_test(test_variables_read),
        cmocka_unit_test(test_system_dirs),
    };
    return cmocka_run_group_tests(tests, lf_test_parser_setup, lf_test_parser_teardown);
}
