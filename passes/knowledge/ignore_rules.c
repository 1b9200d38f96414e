/*
 * What a .dockerignore proposal excludes, by kind of file (see
 * ignore_rules.h): version control, editor and OS files; secrets; the
 * directories each ecosystem creates; the commands that fill directories of
 * the context and those that read a repository's git metadata during a
 * build.
 */
#include "ignore_rules.h"

#include <stddef.h>

/* Directories whose content is a dependency install or a build output: a
 * key file in there is a test fixture of a package, not the project's secret. */
const char *const lf_ignore_dep_dirs[] = {
    "node_modules", "vendor", "bower_components", ".venv",   "venv", "site-packages", "target",
    "__pycache__",  ".tox",   ".gradle",          ".bundle", NULL};

const lf_ignore_namerule lf_ignore_vcs_rules[] = {
    {".git", LF_NK_ANY, false, false},       {".svn", LF_NK_DIR, false, false},
    {".hg", LF_NK_DIR, false, false},        {".bzr", LF_NK_DIR, false, false},
    {".idea", LF_NK_DIR, false, false},      {".vscode", LF_NK_DIR, false, false},
    {".vs", LF_NK_DIR, false, false},        {".fleet", LF_NK_DIR, false, false},
    {"*.swp", LF_NK_FILE, false, false},     {"*.swo", LF_NK_FILE, false, false},
    {"*~", LF_NK_FILE, false, false},        {".DS_Store", LF_NK_FILE, false, false},
    {"Thumbs.db", LF_NK_FILE, false, false}, {NULL, LF_NK_ANY, false, false},
};

const lf_ignore_namerule lf_ignore_secret_rules[] = {
    {".env", LF_NK_FILE, false, false},        {".env.*", LF_NK_FILE, false, false},
    {".envrc", LF_NK_FILE, false, false},      {"*.pem", LF_NK_FILE, false, false},
    {"*.key", LF_NK_FILE, false, false},       {"id_rsa*", LF_NK_FILE, false, false},
    {"id_dsa*", LF_NK_FILE, false, false},     {"id_ecdsa*", LF_NK_FILE, false, false},
    {"id_ed25519*", LF_NK_FILE, false, false}, {"*.p12", LF_NK_FILE, false, false},
    {"*.pfx", LF_NK_FILE, false, false},       {".netrc", LF_NK_FILE, false, false},
    {"_netrc", LF_NK_FILE, false, false},      {".aws", LF_NK_DIR, false, false},
    {".ssh", LF_NK_DIR, false, false},         {".npmrc", LF_NK_FILE, false, true},
    {".pypirc", LF_NK_FILE, false, true},      {NULL, LF_NK_ANY, false, false},
};

/* `.env.example` and friends document the variables; they hold no secret. */
const char *const lf_ignore_env_templates[] = {".example",  ".sample", ".template", ".dist",
                                               ".defaults", ".schema", ".tmpl",     NULL};

const char *const lf_ignore_npmrc_creds[] = {"_authToken", "_auth", "_password", NULL};
const char *const lf_ignore_pypirc_creds[] = {"password", NULL};
const char *const lf_ignore_pem_private[] = {"PRIVATE KEY", NULL};

/* Dependency and output directories an ecosystem creates, with the manifest
 * that says the project uses it. */
const lf_ignore_ecosystem lf_ignore_ecosystems[] = {
    {"node_modules", {"package.json"}},
    {"bower_components", {"bower.json"}},
    {".next", {"package.json"}},
    {".nuxt", {"package.json"}},
    {".svelte-kit", {"package.json"}},
    {".parcel-cache", {"package.json"}},
    {".turbo", {"package.json"}},
    {"__pycache__", {"pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile"}},
    {".venv", {"pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile"}},
    {"venv", {"pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile"}},
    {".tox", {"tox.ini", "pyproject.toml", "setup.py"}},
    {".pytest_cache", {"pyproject.toml", "requirements.txt", "setup.py", "pytest.ini"}},
    {".mypy_cache", {"pyproject.toml", "requirements.txt", "setup.py", "mypy.ini"}},
    {".ruff_cache", {"pyproject.toml", "requirements.txt", "setup.py", "ruff.toml"}},
    {"target", {"Cargo.toml", "pom.xml"}},
    {".gradle", {"build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"}},
    {".bundle", {"Gemfile"}},
    {"_build", {"mix.exs"}},
    {"deps", {"mix.exs"}},
    {".dart_tool", {"pubspec.yaml"}},
    {".stack-work", {"stack.yaml"}},
    {"bin", {"*.csproj", "*.fsproj", "*.vbproj"}},
    {"obj", {"*.csproj", "*.fsproj", "*.vbproj"}},
    {NULL, {NULL}},
};

/* Tools and variables that read the repository's metadata without running
 * `git` where the build shows it. */
const char *const lf_ignore_git_readers[] = {
    "setuptools_scm", "setuptools-scm",
    "versioneer",     "hatch-vcs",
    "dunamai",        "poetry-dynamic-versioning",
    "GIT_DIR",        NULL,
};

const char *const lf_ignore_scm_build_files[] = {"pyproject.toml", "setup.py", "setup.cfg", NULL};

const char *const lf_ignore_python_builders[] = {
    "pip install",    "pip wheel",    "python -m build", "python setup.py",
    "poetry install", "poetry build", "uv sync",         "uv pip install",
    "uv build",       "hatch build",  "pdm install",     "pdm build",
    "pipx install",   NULL,
};

const char *const lf_ignore_git_nonreaders[] = {
    "clone", "init",   "ls-remote",  "version", "--version",
    "help",  "--help", "credential", "config",  NULL,
};

/* Installs fill the dependency directories of their ecosystem; builds
 * (no directory listed) any output. */
const lf_ignore_producer lf_ignore_producers[] = {
    {"npm ci", {"node_modules"}},
    {"npm install", {"node_modules"}},
    {"npm i", {"node_modules"}},
    {"yarn", {"node_modules", ".yarn"}},
    {"pnpm install", {"node_modules"}},
    {"pnpm i", {"node_modules"}},
    {"bun install", {"node_modules"}},
    {"python -m venv", {".venv", "venv"}},
    {"virtualenv", {".venv", "venv"}},
    {"uv venv", {".venv", "venv"}},
    {"uv sync", {".venv"}},
    {"poetry install", {".venv"}},
    {"pipenv install", {".venv"}},
    {"bundle install", {"vendor", ".bundle"}},
    {"composer install", {"vendor"}},
    {"go mod vendor", {"vendor"}},
    {"npm run", {NULL}},
    {"yarn build", {NULL}},
    {"yarn run", {NULL}},
    {"pnpm build", {NULL}},
    {"pnpm run", {NULL}},
    {"bun run", {NULL}},
    {"npx", {NULL}},
    {"tsc", {NULL}},
    {"go build", {NULL}},
    {"go generate", {NULL}},
    {"cargo build", {NULL}},
    {"cargo install", {NULL}},
    {"make", {NULL}},
    {"cmake", {NULL}},
    {"ninja", {NULL}},
    {"mvn", {NULL}},
    {"mvnw", {NULL}},
    {"gradle", {NULL}},
    {"gradlew", {NULL}},
    {"dotnet publish", {NULL}},
    {"dotnet build", {NULL}},
    {"python setup.py", {NULL}},
    {"python -m build", {NULL}},
    {"hugo", {NULL}},
    {"mkdocs build", {NULL}},
    {"sbt", {NULL}},
    {"mix compile", {NULL}},
    {"mix release", {NULL}},
    {"zig build", {NULL}},
    {"rake", {NULL}},
    {NULL, {NULL}},
};
