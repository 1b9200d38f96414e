/*
 * copy-manifests-first: the rewrite, and one test per rule that leaves a
 * whole-context COPY alone (with the note that says why). Each test builds
 * its Dockerfile in memory and its build context in a temporary directory
 * (the content rules read package.json, requirement files ... from disk).
 * Every rewrite is also run again to check the output is a fixed point.
 */
#include "testutil.h"

#include "context_fs.h"

#include "context.h"
#include "copy_manifests.h"
#include "manifests.h"
#include "passes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct fx {
    char *dir;
    lf_context ctx;
    bool no_context; /* run the pass without build-context facts */
    lf_parser *p;
    lf_options opts;
    lf_ctx pc; /* the notes of the last run */
    size_t edits;
    char *out;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = lf_test_tmpdir();
    assert_non_null(f->dir);
    lf_context_init_fs(&f->ctx, f->dir);
    f->p = lf_parser_new();
    assert_non_null(f->p);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    lf_ctx_free(&f->pc);
    lf_context_free(&f->ctx);
    lf_parser_free(f->p);
    lf_test_rmtree(f->dir);
    free(f->dir);
    free(f->out);
    free(f);
    return 0;
}

/* Writes a context file (parent directories included) and lists it. */
static void put(fx *f, const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->dir, rel);
    for (char *s = path + strlen(f->dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(path, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(path, text, strlen(text)), 0);
    lf_context_add(&f->ctx, rel);
    lf_context_sort(&f->ctx);
}

/* Writes a file on disk only, as git would leave an ignored file out of the list. */
static void put_unlisted(fx *f, const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->dir, rel);
    for (char *s = path + strlen(f->dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = 0;
        mkdir(path, 0755);
        *s = '/';
    }
    assert_int_equal(lf_test_write_file(path, text, strlen(text)), 0);
}

/* Runs the pass once over df; the output is in f->out, the notes in f->pc. */
static void run(fx *f, const char *df)
{
    lf_ctx_free(&f->pc);
    free(f->out);
    f->pc = (lf_ctx){.context = f->no_context ? NULL : &f->ctx,
                     .opts = &f->opts,
                     .pass = "copy-manifests-first"};
    char path[4096];
    snprintf(path, sizeof path, "%s/Dockerfile", f->dir);
    f->out = lf_test_apply_pass(lf_pass_copy_manifests_first, f->p, path, df, &f->pc, &f->edits);
}

static bool has_note(const fx *f, const char *text)
{
    return lf_test_has_note(&f->pc, text);
}

static void dump_notes(const fx *f)
{
    lf_test_dump_notes(&f->pc);
}

/* df is rewritten to want, which re-parses and is a fixed point. */
static void expect_rewrite(fx *f, const char *df, const char *want)
{
    run(f, df);
    if (strcmp(f->out, want) != 0) {
        print_message("--- got ---\n%s--- want ---\n%s", f->out, want);
        dump_notes(f);
    }
    assert_string_equal(f->out, want);
    char *first = strdup(f->out);
    run(f, first);
    if (f->edits)
        print_message("second run changed it again:\n%s", f->out);
    assert_int_equal(f->edits, 0);
    free(first);
}

/* df stays as it is, with a note containing why (NULL: no note at all). */
static void expect_kept(fx *f, const char *df, const char *why)
{
    run(f, df);
    assert_int_equal(f->edits, 0);
    assert_string_equal(f->out, df);
    if (why && !has_note(f, why)) {
        print_message("no note contains '%s'\n", why);
        dump_notes(f);
    }
    if (why)
        assert_true(has_note(f, why));
    else
        assert_int_equal(f->pc.nnotes, 0);
}

static const char PKG[] = "{\n  \"name\": \"app\",\n  \"version\": \"1.0.0\",\n"
                          "  \"dependencies\": { \"express\": \"^4.19.2\" }\n}\n";
static const char LOCK[] = "{ \"lockfileVersion\": 3, \"packages\": {} }\n";

static void npm_project(fx *f)
{
    put(f, "package.json", PKG);
    put(f, "package-lock.json", LOCK);
    put(f, "index.js", "require('express');\n");
}

static const char NPM_DF[] = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";

/* --- rewrites ------------------------------------------------------------- */

static void test_npm_rewrite(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production\nRUN npm ci\n"
                   "RUN npm run build\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "ENV NODE_ENV=production\nRUN npm ci\nCOPY . .\nRUN npm run build\n");
}

static void test_last_line_without_newline(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_rewrite(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "RUN npm ci\nCOPY . .");
}

static void test_single_file_dest_gets_slash(void **state)
{
    fx *f = *state;
    put(f, "requirements.txt", "flask\n");
    /* one file to `/app` would create a file named app: the dest becomes a directory */
    expect_rewrite(
        f, "FROM python:3\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n",
        "FROM python:3\nWORKDIR /app\nCOPY requirements.txt /app/\n"
        "RUN pip install -r requirements.txt\nCOPY . /app\n");
}

static void test_workdir_between_absolute_dest(void **state)
{
    fx *f = *state;
    npm_project(f);
    /* an absolute destination does not depend on the WORKDIR it moves past */
    expect_rewrite(f, "FROM node:20\nCOPY . /srv\nWORKDIR /srv\nRUN npm ci\n",
                   "FROM node:20\nCOPY package.json package-lock.json /srv/\nWORKDIR /srv\n"
                   "RUN npm ci\nCOPY . /srv\n");
}

static void test_ignore_scripts_allows_lifecycle(void **state)
{
    fx *f = *state;
    put(f, "package.json", "{\"name\":\"a\",\"scripts\":{\"postinstall\":\"node x.js\"}}\n");
    expect_rewrite(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --ignore-scripts\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json .\n"
                   "RUN npm ci --ignore-scripts\nCOPY . .\n");
}

static void test_npm_workspace_members_copied(void **state)
{
    fx *f = *state;
    put(f, "package.json", "{\"name\":\"m\",\"workspaces\":[\"apps/*\"]}\n");
    put(f, "package-lock.json", LOCK);
    put(f, "apps/a/package.json", "{\"name\":\"a\"}\n");
    put(f, "apps/b/package.json", "{\"name\":\"b\"}\n");
    put(f, "apps/b/node_modules/x/package.json", "{\"name\":\"x\"}\n");
    put(f, ".dockerignore", "**/node_modules\n");
    expect_rewrite(f, NPM_DF,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "COPY apps/a/package.json ./apps/a/\nCOPY apps/b/package.json ./apps/b/\n"
                   "RUN npm ci\nCOPY . .\n");
}

static void test_pip_nested_includes(void **state)
{
    fx *f = *state;
    put(f, "requirements.txt", "-r reqs/base.txt\n--constraint=constraints.txt\n");
    put(f, "reqs/base.txt", "-r ../common.txt # shared\nflask\n");
    put(f, "common.txt", "-r requirements.txt\nclick\n"); /* a cycle is followed once */
    put(f, "constraints.txt", "urllib3<3\n");
    expect_rewrite(f,
                   "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
                   "FROM python:3\nWORKDIR /app\n"
                   "COPY requirements.txt common.txt constraints.txt ./\n"
                   "COPY reqs/base.txt ./reqs/\n"
                   "RUN pip install -r requirements.txt\nCOPY . .\n");
}

static void test_poetry_package_mode_false(void **state)
{
    fx *f = *state;
    put(f, "pyproject.toml", "[tool.poetry]\nname = \"x\"\npackage-mode = false\n");
    put(f, "poetry.lock", "# lock\n");
    expect_rewrite(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN poetry install\n",
                   "FROM python:3\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\n"
                   "RUN poetry install\nCOPY . .\n");
}

static void test_add_lowercase(void **state)
{
    fx *f = *state;
    put(f, "go.mod", "module x\n\ngo 1.22\n");
    expect_rewrite(f, "from golang:1.22\nworkdir /src\nadd . .\nrun go mod download\n",
                   "from golang:1.22\nworkdir /src\ncopy go.mod .\nrun go mod download\n"
                   "add . .\n");
}

static void test_python_m_pip_and_helpers(void **state)
{
    fx *f = *state;
    put(f, "requirements.txt", "flask\n");
    expect_rewrite(
        f,
        "FROM python:3\nWORKDIR /app\nCOPY . .\n"
        "RUN apt-get update && python3 -m pip install --upgrade pip && python3 -m pip install "
        "-r requirements.txt\n",
        "FROM python:3\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN apt-get update && python3 -m pip install --upgrade pip && python3 -m pip install "
        "-r requirements.txt\nCOPY . .\n");
}

static void test_stops_at_first_install_before_other_run(void **state)
{
    fx *f = *state;
    npm_project(f);
    put(f, "requirements.txt", "flask\n");
    /* a non-install RUN between two installs: the COPY goes after the first */
    expect_rewrite(f,
                   "FROM x\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN make assets\n"
                   "RUN pip install -r requirements.txt\n",
                   "FROM x\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n"
                   "COPY . .\nRUN make assets\nRUN pip install -r requirements.txt\n");
    assert_true(has_note(f, "`RUN make assets` between it and `pip install"));
}

static void test_two_stages(void **state)
{
    fx *f = *state;
    npm_project(f);
    put(f, "go.mod", "module x\n");
    put(f, "go.sum", "");
    expect_rewrite(f,
                   "FROM node:20 AS web\nWORKDIR /w\nCOPY . .\nRUN npm ci\n"
                   "FROM golang:1.22\nWORKDIR /g\nCOPY . .\nRUN go mod download\n",
                   "FROM node:20 AS web\nWORKDIR /w\nCOPY package.json package-lock.json ./\n"
                   "RUN npm ci\nCOPY . .\n"
                   "FROM golang:1.22\nWORKDIR /g\nCOPY go.mod go.sum ./\nRUN go mod download\n"
                   "COPY . .\n");
}

static void test_dotnet_solution(void **state)
{
    fx *f = *state;
    put(f, "Shop.sln",
        "Microsoft Visual Studio Solution File, Format Version 12.00\n"
        "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Web\", \"src\\Web\\Web.csproj\", "
        "\"{1}\"\nEndProject\n"
        "Project(\"{2150E333-8FDC-42A3-9474-1A3956D46DE8}\") = \"docs\", \"docs\", \"{2}\"\n"
        "EndProject\n");
    put(f, "src/Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n");
    put(f, "src/Web/Program.cs", "\n");
    put(f, "nuget.config", "<configuration/>\n");
    put(f, "Directory.Build.props",
        "<Project>\n  <!-- <Import Project=\"old.props\" /> -->\n"
        "  <Import Project=\"build/common.props\" />\n</Project>\n");
    put(f, "build/common.props", "<Project/>\n");
    expect_rewrite(f, "FROM sdk\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\n",
                   "FROM sdk\nWORKDIR /src\nCOPY Shop.sln Directory.Build.props nuget.config ./\n"
                   "COPY build/common.props ./build/\nCOPY src/Web/Web.csproj ./src/Web/\n"
                   "RUN dotnet restore\nCOPY . .\n");
}

static void test_config_helpers_share_the_run(void **state)
{
    fx *f = *state;
    put(f, "pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
    put(f, "poetry.lock", "# lock\n");
    static const char DF[] = "FROM python:3\nWORKDIR /app\nCOPY . .\n"
                             "RUN poetry config virtualenvs.create false && poetry install "
                             "--no-root\n";
    expect_rewrite(f, DF,
                   "FROM python:3\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\n"
                   "RUN poetry config virtualenvs.create false && poetry install --no-root\n"
                   "COPY . .\n");
    /* --local writes poetry.toml in the project, which the moved COPY would overwrite */
    expect_kept(f,
                "FROM python:3\nWORKDIR /app\nCOPY . .\n"
                "RUN poetry config --local virtualenvs.create false && poetry install --no-root\n",
                "shares its RUN with `poetry config --local");
}

static void test_go_mod_download_and_verify(void **state)
{
    fx *f = *state;
    put(f, "go.mod", "module x\n\ngo 1.22\n");
    put(f, "go.sum", "");
    expect_rewrite(f, "FROM golang\nWORKDIR /s\nCOPY . .\nRUN go mod download && go mod verify\n",
                   "FROM golang\nWORKDIR /s\nCOPY go.mod go.sum ./\n"
                   "RUN go mod download && go mod verify\nCOPY . .\n");
    put(f, "go.work", "go 1.22\nuse ./a\n");
    expect_kept(f, "FROM golang\nWORKDIR /s\nCOPY . .\nRUN go mod download\n",
                "`go.work` puts it in workspace mode");
}

static void test_per_dockerfile_dockerignore(void **state)
{
    fx *f = *state;
    npm_project(f);
    put(f, ".dockerignore", "node_modules\n");
    /* BuildKit prefers <Dockerfile>.dockerignore: here it leaves the lock out */
    put_unlisted(f, "Dockerfile.dockerignore", "package-lock.json\n");
    expect_rewrite(f, NPM_DF,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\n");
}

/* --- what a whole-context COPY is ----------------------------------------------- */

static void test_copy_from_is_not_context(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY --from=deps /app .\nRUN npm ci\n", NULL);
}

static void test_no_install_after(void **state)
{
    fx *f = *state;
    put(f, "go.mod", "module x\n");
    /* go build needs the sources: not an install, no note */
    expect_kept(f, "FROM golang\nWORKDIR /s\nCOPY . .\nRUN go build ./...\n", NULL);
}

static void test_already_fixed(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\n"
                "COPY . .\nRUN npm run build\n",
                NULL);
}

/* --- skip rules -------------------------------------------------------------------- */

static void test_skip_exec_form(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY [\"./\", \".\"]\nRUN npm ci\n",
                "it is in exec form");
}

static void test_skip_heredoc_copy_between(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY . .\nCOPY <<EOF .npmrc\nfund=false\nEOF\n"
                "RUN npm ci\n",
                "`COPY <<EOF .npmrc` between it and `npm ci`");
}

static void test_skip_exclude_and_parents(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY --exclude=docs . .\nRUN npm ci\n",
                "its `--exclude` flag cannot be carried over");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY --parents . .\nRUN npm ci\n",
                "its `--parents` flag cannot be carried over");
}

static void test_skip_run_between(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN cp .env.example .env\nRUN npm ci\n",
                "`RUN cp .env.example .env` between it and `npm ci` may read");
}

static void test_skip_copy_between(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY . .\nADD https://x/y.tgz ./vendor/\nRUN npm ci\n",
                "`ADD https://x/y.tgz ./vendor/` between it and `npm ci` may read or change the "
                "copied files: it writes `/app/vendor`, where the copied files go");
    /* a COPY to another place is stepped over */
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /app\nCOPY . .\nADD https://x/y.tgz /tmp/\nRUN npm ci\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "ADD https://x/y.tgz /tmp/\nRUN npm ci\nCOPY . .\n");
}

/* The reasons copy-manifests-first gave on real projects for a RUN between
 * the COPY and the install that reads nothing of the copied files: such a
 * RUN is stepped over, and one that does read them is named with what it
 * reads. */
static void test_independent_run_between(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /app\nCOPY . .\n"
                   "RUN npm config set registry https://npm.example.com/\nRUN npm ci\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "RUN npm config set registry https://npm.example.com/\nRUN npm ci\nCOPY . .\n");
    put(f, "composer.json", "{\"require\": {}}\n");
    put(f, "composer.lock", "{}\n");
    expect_rewrite(f,
                   "FROM composer:2\nWORKDIR /app\nCOPY . .\n"
                   "RUN apt-get update && apt-get install -y libzip-dev\n"
                   "RUN composer install --no-scripts\n",
                   "FROM composer:2\nWORKDIR /app\nCOPY composer.json composer.lock ./\n"
                   "RUN apt-get update && apt-get install -y libzip-dev\n"
                   "RUN composer install --no-scripts\nCOPY . .\n");
    /* into a directory packages install into, the install is a blocker */
    expect_kept(f,
                "FROM composer:2\nCOPY . /var/www/html\nWORKDIR /var/www/html\n"
                "RUN apt-get update && apt-get install -y libzip-dev\n"
                "RUN composer install --no-scripts\n",
                "installs into the system's directories, and `/var/www/html` is one of them");
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN ./scripts/fetch-assets.sh\n"
                "RUN npm ci\n",
                "may read or change the copied files: `./scripts/fetch-assets.sh` runs code the "
                "analysis cannot read");
}

static void test_skip_workdir_between(void **state)
{
    fx *f = *state;
    npm_project(f);
    /* the base image's WORKDIR is not known: the relative destination
     * cannot be written as an absolute one */
    expect_kept(f, "FROM corp/node\nCOPY . app\nWORKDIR app\nRUN npm ci\n",
                "`WORKDIR app` between it and `npm ci` would change where its relative "
                "destination `app` points");
    /* known: the moved COPY gets it */
    expect_rewrite(f, "FROM node:20\nWORKDIR /a\nCOPY . ./\nWORKDIR /a/b\nRUN cd .. && npm ci\n",
                   "FROM node:20\nWORKDIR /a\nCOPY package.json package-lock.json ./\n"
                   "WORKDIR /a/b\nRUN cd .. && npm ci\nCOPY . /a/\n");
}

/* A restore that needs more than manifests says so, whatever else stands
 * between (the note named the WORKDIR before). */
static void test_install_reason_first(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM corp/node\nCOPY . app\nWORKDIR app/b\nRUN npm ci\n",
                "`npm ci` needs more than manifests: there is no `b/package.json`");
    put(f, "src/Api/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n");
    put(f, "src/Api/Api.sln", "Microsoft Visual Studio Solution File, Format Version 12.00\n");
    expect_kept(f, "FROM corp/dotnet\nCOPY . src\nWORKDIR src/src/Api\nRUN dotnet restore\n",
                "`dotnet restore` needs more than manifests: it cannot tell which project or "
                "solution file in `src/Api`");
}

static void test_skip_env_arg_var(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY --chown=$OWNER . .\nARG OWNER=node\n"
                "RUN npm ci\n",
                "`ARG OWNER=node` between it and `npm ci` changes `$OWNER`");
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY --chown=${U}:${U} . .\nENV U=node\nRUN npm ci\n",
                "changes `$U`");
}

static void test_skip_not_top_level(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci 2>&1 | tee /tmp/log\n",
                "runs inside a condition, pipeline or `||` branch");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci || npm install\n",
                "`npm install` runs inside a condition");
}

/* Source files copied with the manifests, or on their own, before the
 * install: they move after it. */
static void test_narrow_sources(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json index.js ./\nRUN npm install\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\n"
                   "COPY index.js ./\n");
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /app\nCOPY index.js .\nCOPY package.json .\n"
                   "ENV NODE_ENV=production\nRUN npm install\nCMD [\"node\"]\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json .\nENV NODE_ENV=production\n"
                   "RUN npm install\nCOPY index.js .\nCMD [\"node\"]\n");
    /* an ENV between that the moved COPY uses keeps it */
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY --chown=$U package.json index.js ./\nENV U=node\n"
                "RUN npm install\n",
                NULL);
    /* a destination that is no directory (`./server.js`) is left alone */
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nCOPY index.js ./server.js\n"
                "RUN npm install\n",
                NULL);
}

static void test_directory_and_glob_sources(void **state)
{
    fx *f = *state;
    put(f, "svc/requirements.txt", "flask\n");
    put(f, "svc/app.py", "1\n");
    expect_rewrite(f,
                   "FROM python:3\nWORKDIR /srv\nCOPY svc .\nRUN pip install -r requirements.txt\n",
                   "FROM python:3\nWORKDIR /srv\nCOPY svc/requirements.txt .\n"
                   "RUN pip install -r requirements.txt\nCOPY svc .\n");
    expect_rewrite(
        f, "FROM python:3\nWORKDIR /srv\nCOPY svc/* ./\nRUN pip install -r requirements.txt\n",
        "FROM python:3\nWORKDIR /srv\nCOPY svc/requirements.txt ./\n"
        "RUN pip install -r requirements.txt\nCOPY svc/* ./\n");
    /* only manifests in it: already what the pass would write */
    expect_kept(
        f, "FROM python:3\nWORKDIR /srv\nCOPY svc/*.txt .\nRUN pip install -r requirements.txt\n",
        NULL);
}

/* An install and a build in one RUN: split at the `&&` between them, only
 * where the halves are independent. */
static void test_split_install_and_build(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_rewrite(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "RUN npm ci\nCOPY . .\nRUN npm run build\n");
    /* the second half gets the first half's `cd`s; flags go to both halves */
    expect_rewrite(f,
                   "FROM node:20\nWORKDIR /src\nCOPY . .\n"
                   "RUN --mount=type=secret,id=npmrc cd . \\\n    && npm ci \\\n"
                   "    && npm run build \\\n    && npm prune --omit=dev\n",
                   "FROM node:20\nWORKDIR /src\nCOPY package.json package-lock.json ./\n"
                   "RUN --mount=type=secret,id=npmrc cd . \\\n    && npm ci\nCOPY . .\n"
                   "RUN --mount=type=secret,id=npmrc cd . && npm run build \\\n"
                   "    && npm prune --omit=dev\n");
}

static void test_split_declined(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build || true\n",
                "cannot be split between them: it tolerates a failure with `||`");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN set +e && npm ci && npm run build\n",
                "cannot be split between them: `set` sets shell state the build may need");
    expect_kept(f,
                "FROM node:20\nWORKDIR /app\nCOPY . .\n"
                "RUN export NODE_OPTIONS=--max-old-space-size=4096 && npm ci && npm run build\n",
                "cannot be split between them: what comes before the build is not plain commands");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci; npm run build\n",
                "cannot be split between them: the install and the build are not joined by `&&`");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run lint && npm ci\n",
                "cannot be split between them: the install does not come first");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nnpm ci\nnpm run build\nEOF\n",
                "cannot be split between them: its commands are not one shell line");
}

static void test_skip_lifecycle_scripts(void **state)
{
    fx *f = *state;
    static const char *const scripts[] = {"preinstall", "install", "postinstall", "prepare"};
    put(f, "package-lock.json", LOCK);
    for (size_t i = 0; i < 4; i++) {
        char pkg[256], why[128];
        snprintf(pkg, sizeof pkg, "{\"name\":\"a\",\"scripts\":{\"build\":\"tsc\",\"%s\":\"x\"}}",
                 scripts[i]);
        put(f, "package.json", pkg);
        snprintf(why, sizeof why, "has a `%s` script", scripts[i]);
        expect_kept(f, NPM_DF, why);
    }
    /* yarn and pnpm run them too */
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn\n", "has a `prepare` script");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install\n",
                "has a `prepare` script");
}

static void test_skip_workspace_pattern(void **state)
{
    fx *f = *state;
    put(f, "package.json", "{\"workspaces\":{\"packages\":[\"libs/{a,b}\"]}}\n");
    put(f, "package-lock.json", LOCK);
    expect_kept(f, NPM_DF, "the workspace pattern `libs/{a,b}`");
}

static void test_skip_workspace_member_script(void **state)
{
    fx *f = *state;
    put(f, "package.json", "{\"name\":\"root\"}\n");
    put(f, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    put(f, "pnpm-workspace.yaml", "packages: ['apps/*']\n");
    put(f, "apps/api/package.json", "{\"scripts\":{\"postinstall\":\"prisma generate\"}}\n");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n",
                "`apps/api/package.json` has a `postinstall` script");
}

static void test_skip_local_node_deps(void **state)
{
    fx *f = *state;
    static const char *const specs[] = {"file:../lib", "link:./vendor/x", "portal:./p"};
    put(f, "package-lock.json", LOCK);
    for (size_t i = 0; i < 3; i++) {
        char pkg[256], why[128];
        snprintf(pkg, sizeof pkg, "{\"devDependencies\":{\"x\":\"%s\"}}", specs[i]);
        put(f, "package.json", pkg);
        snprintf(why, sizeof why, "depends on the local path `%s`", specs[i]);
        expect_kept(f, NPM_DF, why);
    }
}

static void test_skip_pip_project(void **state)
{
    fx *f = *state;
    put(f, "requirements.txt", "flask\n");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
                "installs the project itself");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -e .\n",
                "`-e .` is an editable install");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install --editable=.[dev]\n",
                "is an editable install");
}

static void test_skip_requirement_lines(void **state)
{
    fx *f = *state;
    static const char *const lines[][2] = {
        {"-e git+https://github.com/x/y.git#egg=y\n", "has the editable install"},
        {"./libs/a\n", "installs the local path `./libs/a`"},
        {"../shared\n", "installs the local path `../shared`"},
        {"file:///wheels/x.whl\n", "installs the local path `file:///wheels/x.whl`"},
        {"x @ file:///src/x ; python_version > \"3\"\n",
         "installs the local path `x @ file:///src/x`"},
        {"--find-links ./wheels\nx\n", "finds packages in the local directory `./wheels`"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        put(f, "requirements.txt", lines[i][0]);
        expect_kept(f,
                    "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n",
                    lines[i][1]);
    }
}

static void test_skip_poetry_root(void **state)
{
    fx *f = *state;
    put(f, "pyproject.toml", "[tool.poetry]\nname = \"x\"\n");
    put(f, "poetry.lock", "# lock\n");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-interaction\n",
                "without --no-root also installs the project itself");
    /* --no-root, but a path dependency */
    put(f, "pyproject.toml",
        "[tool.poetry.dependencies]\nlib = { path = \"../lib\", develop = true }\n");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN poetry install --no-root\n",
                "has a path dependency");
}

static void test_skip_uv(void **state)
{
    fx *f = *state;
    put(f, "pyproject.toml", "[project]\nname = \"x\"\n");
    put(f, "uv.lock", "version = 1\n");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\n",
                "without --no-install-project");
    put(f, "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.uv.workspace]\nmembers = [\"p/*\"]\n");
    expect_kept(f, "FROM python:3\nWORKDIR /app\nCOPY . .\nRUN uv sync --no-install-project\n",
                "declares a uv workspace");
}

static void test_skip_gemfile(void **state)
{
    fx *f = *state;
    put(f, "Gemfile.lock", "GEM\n");
    put(f, "Gemfile", "source 'https://rubygems.org'\ngemspec\n");
    expect_kept(f, "FROM ruby\nWORKDIR /app\nCOPY . .\nRUN bundle install\n",
                "has a `gemspec` line");
    put(f, "Gemfile", "source 'https://rubygems.org'\ngem 'x', :path => 'vendor/x'\n");
    expect_kept(f, "FROM ruby\nWORKDIR /app\nCOPY . .\nRUN bundle install\n",
                "has a `path:` source");
}

static void test_skip_bundle_config_in_context(void **state)
{
    fx *f = *state;
    put(f, "Gemfile", "source 'https://rubygems.org'\ngem 'rack'\n");
    put(f, "Gemfile.lock", "GEM\n");
    static const char DF[] = "FROM ruby\nWORKDIR /app\nCOPY . .\n"
                             "RUN bundle config set without development && bundle install\n";
    expect_rewrite(f, DF,
                   "FROM ruby\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\n"
                   "RUN bundle config set without development && bundle install\nCOPY . .\n");
    /* a .bundle/config in the context would undo what the install wrote there */
    put(f, ".bundle/config", "---\nBUNDLE_PATH: \"vendor/bundle\"\n");
    expect_kept(f, DF, "`.bundle` is in the build context");
}

static void test_skip_missing_required_manifest(void **state)
{
    fx *f = *state;
    put(f, "index.js", "\n");
    expect_kept(f, NPM_DF, "there is no `package.json` in the build context");
}

static void test_skip_manifests_copied_before(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nCOPY . .\nRUN npm ci\n",
                "are already copied on their own");
}

static void test_skip_dockerignore(void **state)
{
    fx *f = *state;
    npm_project(f);
    put(f, ".dockerignore", "**\n!src/**\n");
    expect_kept(f, NPM_DF, "`.dockerignore` excludes `package.json`");
    /* an exception brings the manifests back; the lock stays excluded and is left out */
    put(f, ".dockerignore", "*\n!package.json\n!index.js\n");
    expect_rewrite(f, NPM_DF,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\n");
    /* BuildKit's matcher: in `[!p]` the '!' is a member, not a negation */
    put(f, ".dockerignore", "[!p]ackage-lock.json\n");
    expect_rewrite(f, NPM_DF,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCOPY . .\n");
    /* an ignore file BuildKit refuses fails every build: nothing is decided */
    put(f, ".dockerignore", "node_modules\n[z\n");
    expect_kept(f, NPM_DF, "BuildKit refuses `.dockerignore` (line 2: `[z`");
}

static void test_skip_outside_destination(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . /src\nRUN npm ci\n",
                "`npm ci` does not run in the COPY's destination `/src`");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN cd \"$HOME\" && npm ci\n",
                "`npm ci` runs in a directory known only at build time");
}

static void test_skip_other_directory_option(void **state)
{
    fx *f = *state;
    npm_project(f);
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn --cwd web install\n",
                "`--cwd` points it at another directory");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --prefix=web\n",
                "`--prefix` points it at another directory");
    expect_kept(f, "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci $NPM_CI_ARGS\n",
                "`$NPM_CI_ARGS` is known only at build time");
}

static void test_skip_maven_module(void **state)
{
    fx *f = *state;
    put(f, "pom.xml", "<project><modules><module>a</module></modules></project>\n");
    expect_kept(f, "FROM maven\nWORKDIR /b\nCOPY . .\nRUN mvn dependency:go-offline\n",
                "lists the module `a`, whose pom is not in the build context");
}

static void test_skip_gradle_buildsrc(void **state)
{
    fx *f = *state;
    put(f, "settings.gradle", "include 'app'\n");
    put(f, "buildSrc/build.gradle", "\n");
    expect_kept(f, "FROM gradle\nWORKDIR /b\nCOPY . .\nRUN gradle dependencies\n",
                "`buildSrc/` holds build logic");
}

static void test_skip_output_dir_on_disk(void **state)
{
    fx *f = *state;
    npm_project(f);
    /* git-ignored, so not in the file list, but the builder is sent it */
    put_unlisted(f, "node_modules/express/index.js", "\n");
    expect_kept(f, NPM_DF, "`node_modules` exists in the build context directory");
    /* an exception brings a file of it back */
    put(f, ".dockerignore", "node_modules/express\n!node_modules/express/index.js\n");
    expect_kept(f, NPM_DF, "`node_modules` exists in the build context directory");
    /* sent empty, it replaces nothing */
    put(f, ".dockerignore", "node_modules/**\n");
    expect_rewrite(f, NPM_DF,
                   "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                   "RUN npm ci\nCOPY . .\n");
}

static void test_skip_without_context(void **state)
{
    fx *f = *state;
    f->no_context = true;
    expect_kept(f, NPM_DF, "the build context's files are not known");
}

static void test_skip_needs_quoting(void **state)
{
    fx *f = *state;
    put(f, "Web App.csproj", "<Project/>\n");
    expect_kept(f, "FROM sdk\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\n",
                "the manifest name `Web App.csproj` would need quoting");
}

/* --- glob matching ---------------------------------------------------------- */

static void test_path_glob_matching(void **state)
{
    (void)state;
    assert_true(lf_path_glob_match("packages/*", "packages/a"));
    assert_false(lf_path_glob_match("packages/*", "packages/a/b"));
    assert_true(lf_path_glob_match("apps/**", "apps/a/b"));
    assert_true(lf_path_glob_match("**/x", "x"));
}

/* --- the manifest names the rules open ------------------------------------- */

/* The flags of path in pm's table files, or -1 when it is not there. */
static int table_flags(lf_pm_id id, const char *path)
{
    for (const lf_pm_file *f = lf_pkgmgrs[id].files; f->path; f++)
        if (strcmp(f->path, path) == 0)
            return (int)f->flags;
    return -1;
}

/* A rule opens the manifest the table copies: every name a rule opens is a
 * file of its entry (required, or one of the required ones). */
static void test_rule_manifests_in_table(void **state)
{
    (void)state;
    static const lf_pm_id node[] = {LF_PM_NPM, LF_PM_YARN, LF_PM_PNPM};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(table_flags(node[i], lf_node_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_PNPM, lf_pnpm_workspace_file), 0);
    assert_int_equal(table_flags(LF_PM_PIPENV, lf_pipenv_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_POETRY, lf_pyproject_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_UV, lf_pyproject_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_GO, lf_go_mod_file), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_GO, lf_go_work_file), -1); /* it makes the install a skip */
    assert_int_equal(table_flags(LF_PM_BUNDLER, lf_bundler_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_COMPOSER, lf_composer_manifest), LF_MF_REQUIRED);
    assert_int_equal(table_flags(LF_PM_MAVEN, lf_maven_pom), LF_MF_REQUIRED);
    const char *const *gradle[] = {lf_gradle_settings_scripts, lf_gradle_build_scripts};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; gradle[k][i]; i++)
            assert_int_equal(table_flags(LF_PM_GRADLE, gradle[k][i]),
                             LF_MF_REQUIRED | LF_MF_ONE_OF);
    for (size_t i = 0; lf_gradle_project_files[i]; i++)
        assert_true(table_flags(LF_PM_GRADLE, lf_gradle_project_files[i]) >= 0);
    assert_true(lf_pkgmgr_in(lf_dotnet_project_exts, lf_dotnet_sln_ext));
    assert_true(lf_pkgmgr_in(lf_dotnet_project_exts, lf_dotnet_slnx_ext));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_npm_rewrite),
        T(test_last_line_without_newline),
        T(test_single_file_dest_gets_slash),
        T(test_workdir_between_absolute_dest),
        T(test_ignore_scripts_allows_lifecycle),
        T(test_npm_workspace_members_copied),
        T(test_pip_nested_includes),
        T(test_poetry_package_mode_false),
        T(test_add_lowercase),
        T(test_python_m_pip_and_helpers),
        T(test_stops_at_first_install_before_other_run),
        T(test_two_stages),
        T(test_dotnet_solution),
        T(test_config_helpers_share_the_run),
        T(test_go_mod_download_and_verify),
        T(test_per_dockerfile_dockerignore),
        T(test_copy_from_is_not_context),
        T(test_no_install_after),
        T(test_already_fixed),
        T(test_skip_exec_form),
        T(test_skip_heredoc_copy_between),
        T(test_skip_exclude_and_parents),
        T(test_skip_run_between),
        T(test_skip_copy_between),
        T(test_independent_run_between),
        T(test_skip_workdir_between),
        T(test_install_reason_first),
        T(test_skip_env_arg_var),
        T(test_skip_not_top_level),
        T(test_narrow_sources),
        T(test_directory_and_glob_sources),
        T(test_split_install_and_build),
        T(test_split_declined),
        T(test_skip_lifecycle_scripts),
        T(test_skip_workspace_pattern),
        T(test_skip_workspace_member_script),
        T(test_skip_local_node_deps),
        T(test_skip_pip_project),
        T(test_skip_requirement_lines),
        T(test_skip_poetry_root),
        T(test_skip_uv),
        T(test_skip_gemfile),
        T(test_skip_bundle_config_in_context),
        T(test_skip_missing_required_manifest),
        T(test_skip_manifests_copied_before),
        T(test_skip_dockerignore),
        T(test_skip_outside_destination),
        T(test_skip_other_directory_option),
        T(test_skip_maven_module),
        T(test_skip_gradle_buildsrc),
        T(test_skip_output_dir_on_disk),
        T(test_skip_without_context),
        T(test_skip_needs_quoting),
        T(test_path_glob_matching),
        T(test_rule_manifests_in_table),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
