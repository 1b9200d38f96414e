/*
 * The package-manager knowledge table and the base-image facts (see
 * pkgmgr.h). Every entry says where its facts come from: the tool's own
 * documentation, or the official image's Dockerfile. When a tool or an image
 * changes, this file is the one to update; the passes read nothing else about
 * tools.
 *
 * Cache facts common to every entry: a BuildKit cache mount is identified by
 * its target path, persists on the builder between builds, and is not part
 * of any layer (https://docs.docker.com/reference/dockerfile/#run---mounttypecache,
 * https://docs.docker.com/build/cache/optimize/#use-cache-mounts);
 * `sharing=locked` makes a second build wait while one uses it, which is what
 * a tool that does not lock its own cache needs.
 */
#include "pkgmgr.h"

#include <string.h>

/* clang-format off */
#define LIST(...) (const char *const[]){__VA_ARGS__, NULL}
#define INSTALLS(...) (const lf_pm_install[]){__VA_ARGS__, {NULL, 0, NULL}}
#define FILES(...) (const lf_pm_file[]){__VA_ARGS__, {NULL, 0}}
#define NO_INSTALLS (const lf_pm_install[]){{NULL, 0, NULL}}
#define NO_FILES (const lf_pm_file[]){{NULL, 0}}
#define CACHES(...) (const lf_pm_cache[]){__VA_ARGS__, {NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL}}
#define WHERE(...) (const lf_pm_loc[]){__VA_ARGS__}
#define OPT(name, path) {LF_LOC_OPT, name, path}
#define ENV(name, path) {LF_LOC_ENV, name, path}
#define HOME(path) {LF_LOC_HOME, NULL, path}
#define FIXED(path) {LF_LOC_FIXED, NULL, path}
#define NONE() {LF_LOC_NONE, NULL, NULL}
/* clang-format on */

/* Options several npm-registry clients share. */
#define NODE_GLOBAL LIST("-g", "--global", "--location=global")
#define NODE_NO_SCRIPTS LIST("--ignore-scripts")

const lf_pm lf_pkgmgrs[LF_PM_COUNT] = {
    /*
     * npm. `npm ci` installs exactly the lockfile and fails without
     * package-lock.json or npm-shrinkwrap.json; `npm install` (alias `i`)
     * without package arguments installs what package.json lists
     * (https://docs.npmjs.com/cli/v10/commands/npm-ci,
     * https://docs.npmjs.com/cli/v10/commands/npm-install). A per-project
     * .npmrc next to package.json configures registry and auth
     * (https://docs.npmjs.com/cli/v10/configuring-npm/npmrc). `--prefix`
     * moves the project directory, `--ignore-scripts` turns lifecycle
     * scripts off (https://docs.npmjs.com/cli/v10/using-npm/config).
     */
    {
        .id = LF_PM_NPM,
        .name = "npm",
        .programs = LIST("npm"),
        .installs = INSTALLS({"ci", 0, NULL}, {"clean-install", 0, NULL}, {"ic", 0, NULL},
                             {"install-clean", 0, NULL}, {"install", LF_PI_NO_PKG_ARGS, NULL},
                             {"i", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts = LIST("--loglevel", "--registry", "--cache", "--userconfig", "--omit",
                           "--include", "--install-strategy", "--workspace", "-w", "--tag",
                           "--fetch-retries", "--fetch-timeout", "--fetch-retry-mintimeout",
                           "--fetch-retry-maxtimeout", "--script-shell"),
        .dir_opts = LIST("--prefix"),
        .global_opts = NODE_GLOBAL,
        .no_scripts_opts = NODE_NO_SCRIPTS,
        .files = FILES({"package.json", LF_MF_REQUIRED}, {"package-lock.json", 0},
                       {"npm-shrinkwrap.json", 0}, {".npmrc", 0}),
        .outputs = LIST("node_modules"),
        /* The cache is `~/.npm` on POSIX, moved by `--cache` or the
         * `npm_config_cache` variable (npm reads npm_config_* in any case)
         * (https://docs.npmjs.com/cli/v10/using-npm/config#cache,
         * https://docs.npmjs.com/cli/v10/using-npm/config#environment-variables).
         * It is cacache, content-addressed and immune to process races
         * (https://docs.npmjs.com/cli/v10/commands/npm-cache,
         * https://github.com/npm/cacache#features): shared.
         * `npm cache clean` empties it. */
        .caches = CACHES({"npm cache", NULL, NULL,
                          LIST("install", "i", "ci", "clean-install", "ic", "install-clean",
                               "isntall", "add", "update", "up", "upgrade", "install-test", "it"),
                          LIST("cache clean"),
                          WHERE(OPT("--cache", ""), ENV("npm_config_cache", ""),
                                ENV("NPM_CONFIG_CACHE", ""), HOME(".npm")),
                          NULL, 0, NULL}),
    },
    /*
     * Yarn. Classic (v1): `yarn` alone is `yarn install`; it reads
     * package.json, yarn.lock, .yarnrc and .npmrc
     * (https://classic.yarnpkg.com/en/docs/cli/install,
     * https://classic.yarnpkg.com/en/docs/yarnrc); `--cwd` changes the
     * project directory (https://classic.yarnpkg.com/en/docs/cli/). Berry
     * (v2+): settings in .yarnrc.yml, whose yarnPath points into
     * .yarn/releases/, plugins in .yarn/plugins/
     * (https://yarnpkg.com/configuration/yarnrc), and `patch:` sources in
     * .yarn/patches/ (https://yarnpkg.com/protocol/patch). Plug'n'Play writes
     * .pnp.cjs and .yarn/unplugged (https://yarnpkg.com/features/pnp).
     */
    {
        .id = LF_PM_YARN,
        .name = "yarn",
        .programs = LIST("yarn", "yarnpkg"),
        .installs = INSTALLS({"", LF_PI_NO_PKG_ARGS, NULL}, {"install", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts = LIST("--network-timeout", "--cache-folder", "--modules-folder", "--mutex",
                           "--registry", "--network-concurrency", "--global-folder",
                           "--link-folder", "--preferred-cache-folder", "--use-yarnrc", "--mode"),
        .dir_opts = LIST("--cwd"),
        .global_opts = NULL,
        .no_scripts_opts = LIST("--ignore-scripts", "--mode=skip-build"),
        .files = FILES({"package.json", LF_MF_REQUIRED}, {"yarn.lock", 0}, {".yarnrc", 0},
                       {".yarnrc.yml", 0}, {".npmrc", 0}, {".yarn/releases", LF_MF_DIR},
                       {".yarn/plugins", LF_MF_DIR}, {".yarn/patches", LF_MF_DIR}),
        .outputs = LIST("node_modules", ".pnp.cjs", ".pnp.loader.mjs", ".yarn/unplugged"),
        /* Classic: the cache is `$XDG_CACHE_HOME/yarn` or `~/.cache/yarn`,
         * moved by `--cache-folder` or YARN_CACHE_FOLDER; for root on Linux
         * yarn takes /usr/local/share as the home
         * (https://classic.yarnpkg.com/en/docs/cli/cache, yarn's
         * src/util/user-home-dir.js). Concurrent yarns need `--mutex`
         * (https://classic.yarnpkg.com/en/docs/cli/#toc-concurrency-and-mutex):
         * locked. Berry (2+): every setting is also a YARN_* variable; the
         * global cache is `cacheFolder`, else `globalFolder`/cache with
         * globalFolder defaulting to ~/.yarn/berry, and "is deemed to be
         * relatively safe to be shared by multiple projects, even when
         * multiple Yarn instances run at the same time"
         * (https://yarnpkg.com/configuration/yarnrc#cacheFolder,
         * https://yarnpkg.com/configuration/yarnrc#globalFolder,
         * https://yarnpkg.com/configuration/yarnrc#enableGlobalCache):
         * shared. `yarn cache clean` empties either. */
        .caches = CACHES({"yarn cache", "classic", NULL,
                          LIST("", "install", "add", "upgrade", "up", "import", "global add"),
                          LIST("cache clean"),
                          WHERE(OPT("--cache-folder", ""), ENV("YARN_CACHE_FOLDER", ""),
                                ENV("XDG_CACHE_HOME", "yarn"), HOME(".cache/yarn")),
                          "/usr/local/share", LF_PC_LOCKED, NULL},
                         {"yarn cache", "berry", NULL, LIST("", "install", "add", "up", "dedupe"),
                          LIST("cache clean"),
                          WHERE(ENV("YARN_CACHE_FOLDER", ""), ENV("YARN_GLOBAL_FOLDER", "cache"),
                                HOME(".yarn/berry/cache")),
                          NULL, 0, NULL}),
    },
    /*
     * pnpm. `pnpm install` (alias `i`) reads package.json, pnpm-lock.yaml,
     * pnpm-workspace.yaml and .npmrc (https://pnpm.io/cli/install,
     * https://pnpm.io/pnpm-workspace_yaml, https://pnpm.io/npmrc), runs the
     * hooks of .pnpmfile.cjs (https://pnpm.io/pnpmfile); `-C`/`--dir` changes
     * the directory (https://pnpm.io/pnpm-cli).
     */
    {
        .id = LF_PM_PNPM,
        .name = "pnpm",
        .programs = LIST("pnpm"),
        .installs = INSTALLS({"install", LF_PI_NO_PKG_ARGS, NULL}, {"i", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts = LIST("--filter", "-F", "--store-dir", "--reporter", "--network-concurrency",
                           "--child-concurrency", "--virtual-store-dir", "--modules-dir",
                           "--registry", "--node-linker", "--package-import-method", "--loglevel"),
        .dir_opts = LIST("-C", "--dir", "--lockfile-dir"),
        .global_opts = NODE_GLOBAL,
        .no_scripts_opts = NODE_NO_SCRIPTS,
        .files = FILES({"package.json", LF_MF_REQUIRED}, {"pnpm-lock.yaml", 0},
                       {"pnpm-workspace.yaml", 0}, {".npmrc", 0}, {".pnpmfile.cjs", 0}),
        .outputs = LIST("node_modules"),
        /* The content-addressable store: `store-dir`, else $PNPM_HOME/store,
         * else $XDG_DATA_HOME/pnpm/store, else ~/.local/share/pnpm/store
         * (https://pnpm.io/npmrc#store-dir); pnpm's own Docker recipe
         * cache-mounts it (https://pnpm.io/docker). On another filesystem
         * than node_modules, pnpm copies instead of hard-linking
         * (https://pnpm.io/npmrc#package-import-method). Shared: entries are
         * written by content hash. `pnpm store prune` removes what this
         * project does not reference (https://pnpm.io/cli/store). */
        .caches = CACHES({"pnpm store", NULL, NULL,
                          LIST("install", "i", "add", "update", "up", "fetch"), LIST("store prune"),
                          WHERE(OPT("--store-dir", ""), ENV("npm_config_store_dir", ""),
                                ENV("PNPM_HOME", "store"), ENV("XDG_DATA_HOME", "pnpm/store"),
                                HOME(".local/share/pnpm/store")),
                          NULL, 0, NULL}),
    },
    /*
     * pip. `pip install -r FILE` / `-c FILE` read requirement and constraint
     * files; inside them `-r`/`-c` include further files, relative to the
     * including file, and `-e`/local paths install local projects
     * (https://pip.pypa.io/en/stable/cli/pip_install/,
     * https://pip.pypa.io/en/stable/reference/requirements-file-format/).
     * `python -m pip` is the same program
     * (https://pip.pypa.io/en/stable/user_guide/#running-pip).
     */
    {
        .id = LF_PM_PIP,
        .name = "pip",
        .programs = LIST("pip", "pip3"),
        .installs = INSTALLS({"install", LF_PI_REQ_FILES, NULL}),
        .value_opts =
            LIST("-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
                 "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
                 "--prefix", "--root", "--src", "--upgrade-strategy", "--platform",
                 "--python-version", "--implementation", "--abi", "--only-binary", "--no-binary",
                 "--progress-bar", "--log", "--proxy", "--retries", "--timeout", "--exists-action",
                 "--trusted-host", "--cert", "--client-cert", "--cache-dir", "--report",
                 "--root-user-action", "-C", "--config-settings", "--global-option", "--python",
                 "--keyring-provider", "--use-feature", "--use-deprecated"),
        .dir_opts = NULL,
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({NULL, 0}),
        .outputs = NULL,
        /* The cache is `~/.cache/pip` (respecting XDG_CACHE_HOME), moved by
         * `--cache-dir`/PIP_CACHE_DIR and turned off by `--no-cache-dir`/
         * PIP_NO_CACHE_DIR (https://pip.pypa.io/en/stable/topics/caching/,
         * https://pip.pypa.io/en/stable/topics/configuration/#environment-variables);
         * `pip cache purge|remove` empty it
         * (https://pip.pypa.io/en/stable/cli/pip_cache/). Shared: pip writes
         * each entry to a temporary file and renames it into place. */
        .caches = CACHES({"pip cache", NULL, NULL, LIST("install", "download", "wheel"),
                          LIST("cache purge", "cache remove"),
                          WHERE(OPT("--cache-dir", ""), ENV("PIP_CACHE_DIR", ""),
                                ENV("XDG_CACHE_HOME", "pip"), HOME(".cache/pip")),
                          NULL, 0, NULL}),
        .no_cache_opts = LIST("--no-cache-dir"),
        .no_cache_env = LIST("PIP_NO_CACHE_DIR"),
    },
    /*
     * Pipenv. `pipenv install` without packages and `pipenv sync` install
     * from Pipfile and Pipfile.lock (https://pipenv.pypa.io/en/latest/cli.html,
     * https://pipenv.pypa.io/en/latest/pipfile.html); PIPENV_VENV_IN_PROJECT
     * puts the environment in .venv (https://pipenv.pypa.io/en/latest/virtualenv.html).
     */
    {
        .id = LF_PM_PIPENV,
        .name = "pipenv",
        .programs = LIST("pipenv"),
        .installs =
            INSTALLS({"install", LF_PI_NO_PKG_ARGS, NULL}, {"sync", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts = LIST("--python", "--pypi-mirror", "--categories", "--extra-pip-args"),
        .dir_opts = NULL,
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({"Pipfile", LF_MF_REQUIRED}, {"Pipfile.lock", 0}),
        .outputs = LIST(".venv"),
        /* PIPENV_CACHE_DIR, default the user cache directory
         * (~/.cache/pipenv, XDG_CACHE_HOME respected), which pipenv hands to
         * pip as its cache (https://pipenv.pypa.io/en/latest/configuration.html):
         * pip's cache format, shared. */
        .caches = CACHES({"pipenv cache", NULL, NULL,
                          LIST("install", "sync", "update", "lock", "upgrade"), NULL,
                          WHERE(ENV("PIPENV_CACHE_DIR", ""), ENV("XDG_CACHE_HOME", "pipenv"),
                                HOME(".cache/pipenv")),
                          NULL, 0, NULL}),
    },
    /*
     * Poetry. `poetry install` reads pyproject.toml and poetry.lock, and also
     * installs the project itself unless `--no-root` is given (or
     * `package-mode = false`); poetry.toml holds local settings; `-C`/`-P`
     * move the project (https://python-poetry.org/docs/cli/#install,
     * https://python-poetry.org/docs/basic-usage/#operating-modes,
     * https://python-poetry.org/docs/configuration/#local-configuration).
     */
    {
        .id = LF_PM_POETRY,
        .name = "poetry",
        .programs = LIST("poetry"),
        .installs = INSTALLS({"install", LF_PI_NO_PKG_ARGS, LIST("--no-root")},
                             {"sync", LF_PI_NO_PKG_ARGS, LIST("--no-root")}),
        .value_opts = LIST("--only", "--with", "--without", "-E", "--extras"),
        .dir_opts = LIST("-C", "--directory", "-P", "--project"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({"pyproject.toml", LF_MF_REQUIRED}, {"poetry.lock", 0}, {"poetry.toml", 0}),
        .outputs = LIST(".venv"),
        /* `cache-dir`/POETRY_CACHE_DIR, default $XDG_CACHE_HOME/pypoetry or
         * ~/.cache/pypoetry on Linux (https://python-poetry.org/docs/configuration/#cache-dir);
         * the global `--no-cache` turns it off
         * (https://python-poetry.org/docs/cli/#global-options), `poetry cache
         * clear` empties it (https://python-poetry.org/docs/cli/#cache-clear).
         * No concurrency guarantee is documented: locked. */
        .caches = CACHES({"Poetry cache", NULL, NULL,
                          LIST("install", "sync", "add", "update", "lock"), LIST("cache clear"),
                          WHERE(ENV("POETRY_CACHE_DIR", ""), ENV("XDG_CACHE_HOME", "pypoetry"),
                                HOME(".cache/pypoetry")),
                          NULL, LF_PC_LOCKED, NULL}),
        .no_cache_opts = LIST("--no-cache"),
    },
    /*
     * uv. `uv sync` reads pyproject.toml and uv.lock and installs the project
     * too unless `--no-install-project` (or `--no-install-workspace`) is given
     * (https://docs.astral.sh/uv/reference/cli/#uv-sync,
     * https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers);
     * uv.toml and .python-version configure it
     * (https://docs.astral.sh/uv/concepts/configuration-files/,
     * https://docs.astral.sh/uv/concepts/python-versions/); the environment
     * is .venv in the project (https://docs.astral.sh/uv/concepts/projects/layout/).
     * `uv pip install -r` reads requirement files like pip; `uv pip sync`
     * takes them as arguments (https://docs.astral.sh/uv/pip/compile/).
     */
    {
        .id = LF_PM_UV,
        .name = "uv",
        .programs = LIST("uv"),
        .installs = INSTALLS({"sync", 0, LIST("--no-install-project", "--no-install-workspace")},
                             {"pip install", LF_PI_REQ_FILES, NULL},
                             {"pip sync", LF_PI_ARGS_ARE_FILES, NULL}),
        .value_opts =
            LIST("--extra", "--group", "--only-group", "--no-group", "--package", "--python", "-p",
                 "--index-url", "-i", "--extra-index-url", "--index", "--default-index",
                 "--find-links", "-f", "--cache-dir", "--link-mode", "--python-platform",
                 "--python-version", "-r", "--requirement", "-c", "--constraint", "-e",
                 "--editable", "--override", "--target", "-t", "--prefix", "--index-strategy",
                 "--keyring-provider", "--resolution", "--prerelease", "--exclude-newer",
                 "--config-file", "--no-install-package", "--reinstall-package",
                 "--upgrade-package", "-P", "--refresh-package"),
        .dir_opts = LIST("--directory", "--project"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({"pyproject.toml", LF_MF_REQUIRED}, {"uv.lock", 0}, {"uv.toml", 0},
                       {".python-version", 0}),
        .outputs = LIST(".venv"),
        /* `--cache-dir`/UV_CACHE_DIR, else $XDG_CACHE_HOME/uv or
         * ~/.cache/uv; `--no-cache`/`-n`/UV_NO_CACHE turn it off; "thread-safe
         * and append-only, and thus robust to multiple concurrent readers and
         * writers" (https://docs.astral.sh/uv/concepts/cache/): shared. uv's
         * Docker guide mounts it (https://docs.astral.sh/uv/guides/integration/docker/#caching);
         * across filesystems uv copies instead of linking, with a warning. */
        .caches = CACHES({"uv cache", NULL, NULL,
                          LIST("sync", "pip install", "pip sync", "pip compile", "add", "lock",
                               "run", "tool install", "export"),
                          LIST("cache clean", "cache prune", "clean"),
                          WHERE(OPT("--cache-dir", ""), ENV("UV_CACHE_DIR", ""),
                                ENV("XDG_CACHE_HOME", "uv"), HOME(".cache/uv")),
                          NULL, 0, NULL}),
        .no_cache_opts = LIST("--no-cache", "-n"),
        .no_cache_env = LIST("UV_NO_CACHE"),
    },
    /*
     * Go modules. `go mod download` needs go.mod and reads go.sum, and so
     * does `go mod verify`; in workspace mode (a go.work file) they need
     * every module of the workspace; `-C dir` changes directory
     * (https://go.dev/ref/mod#go-mod-download, https://go.dev/ref/mod#go-mod-verify,
     * https://go.dev/ref/mod#workspaces, https://pkg.go.dev/cmd/go).
     */
    {
        .id = LF_PM_GO,
        .name = "go",
        .programs = LIST("go"),
        .installs = INSTALLS({"mod download", 0, NULL}, {"mod verify", 0, NULL}),
        .value_opts = LIST("-modfile"),
        .dir_opts = LIST("-C"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({"go.mod", LF_MF_REQUIRED}, {"go.sum", 0}),
        /* `go mod download` only fills the module cache; with GOPROXY=off
         * no module can be downloaded (https://go.dev/ref/mod#goproxy-protocol) */
        .fetch = LIST("mod download"),
        .offline_env = LIST("GOPROXY=off"),
        .outputs = NULL,
        /* The module cache is GOMODCACHE, default $GOPATH/pkg/mod (the first
         * GOPATH entry), GOPATH defaulting to ~/go; builds read the module
         * sources from it (https://go.dev/ref/mod#module-cache,
         * https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable). The
         * build cache is GOCACHE, default the user cache dir's go-build
         * (~/.cache/go-build, XDG_CACHE_HOME respected)
         * (https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching). The go
         * command locks both for concurrent use: shared. `go clean
         * -modcache`/`-cache` empty them. Docker's own example mounts both
         * (https://docs.docker.com/build/cache/optimize/#use-cache-mounts). */
        .caches = CACHES(
            {"Go module cache", NULL, NULL,
             LIST("mod download", "mod tidy", "mod vendor", "mod verify", "mod graph", "mod why",
                  "get", "build", "install", "test", "run", "vet", "list", "generate"),
             LIST("clean -modcache"),
             WHERE(ENV("GOMODCACHE", ""), ENV("GOPATH", "pkg/mod"), HOME("go/pkg/mod")), NULL,
             LF_PC_INSTALLS | LF_PC_IMAGE_ENV, NULL},
            {"Go build cache", NULL, NULL, LIST("build", "install", "test", "run", "vet"),
             LIST("clean -cache"),
             WHERE(ENV("GOCACHE", ""), ENV("XDG_CACHE_HOME", "go-build"), HOME(".cache/go-build")),
             NULL, 0, NULL}),
    },
    /*
     * Bundler. `bundle install` (`bundle` alone does the same) reads Gemfile
     * and Gemfile.lock; `--gemfile` points elsewhere
     * (https://bundler.io/man/bundle-install.1.html). It reads and, with
     * --deployment/--path/--without, writes the app's .bundle/config
     * (https://bundler.io/man/bundle-config.1.html): a copy of that in the
     * context would undo what the install wrote. A `gemspec` line or a
     * `path:` source needs the local gem's sources
     * (https://bundler.io/man/gemfile.5.html).
     */
    {
        .id = LF_PM_BUNDLER,
        .name = "bundler",
        .programs = LIST("bundle", "bundler"),
        .installs = INSTALLS({"", LF_PI_NO_PKG_ARGS, NULL}, {"install", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts =
            LIST("--jobs", "-j", "--retry", "--path", "--without", "--with", "--target-rbconfig"),
        .dir_opts = LIST("--gemfile"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({"Gemfile", LF_MF_REQUIRED}, {"Gemfile.lock", 0}),
        .outputs = LIST(".bundle"),
        /* Bundler installs into the RubyGems install dir, GEM_HOME, and keeps
         * each downloaded .gem in its cache/ subdirectory, where the next
         * install looks first (https://bundler.io/man/bundle-install.1.html,
         * https://guides.rubygems.org/command-reference/#gem-environment);
         * the ruby image sets GEM_HOME (see lf_images). A GEM_HOME we do not
         * know (BUNDLE_PATH, a distro ruby) gives no mount. RubyGems writes
         * the files in place: locked. */
        .caches = CACHES({"RubyGems download cache", NULL, NULL, LIST("", "install", "update"),
                          NULL, WHERE(ENV("GEM_HOME", "cache"), NONE()), NULL, LF_PC_LOCKED, NULL}),
    },
    /*
     * Composer. `composer install` (alias `i`) reads composer.json,
     * composer.lock and auth.json, installs into vendor/, fires the
     * install and autoload-dump script events unless `--no-scripts`, and
     * scans the sources for classmap autoloading unless `--no-autoloader`
     * (https://getcomposer.org/doc/03-cli.md#install-i,
     * https://getcomposer.org/doc/articles/scripts.md#command-events,
     * https://getcomposer.org/doc/articles/autoloader-optimization.md,
     * https://getcomposer.org/doc/articles/authentication-for-private-packages.md).
     */
    {
        .id = LF_PM_COMPOSER,
        .name = "composer",
        .programs = LIST("composer", "composer.phar"),
        .installs = INSTALLS({"install", LF_PI_NO_PKG_ARGS, NULL}, {"i", LF_PI_NO_PKG_ARGS, NULL}),
        .value_opts = LIST("--ignore-platform-req", "--apcu-autoloader-prefix"),
        .dir_opts = LIST("-d", "--working-dir"),
        .global_opts = NULL,
        .no_scripts_opts = LIST("--no-scripts"),
        .files = FILES({"composer.json", LF_MF_REQUIRED}, {"composer.lock", 0}, {"auth.json", 0}),
        .outputs = LIST("vendor"),
        /* COMPOSER_CACHE_DIR, else $COMPOSER_HOME/cache, else
         * ~/.composer/cache when that directory exists -- which a mount there
         * makes true -- before the XDG location
         * (https://getcomposer.org/doc/03-cli.md#composer-home,
         * https://getcomposer.org/doc/03-cli.md#composer-cache-dir,
         * https://getcomposer.org/doc/06-config.md#cache-dir, Composer's
         * Factory::getCacheDir); the composer image sets COMPOSER_HOME=/tmp.
         * `--no-cache` turns it off, `clear-cache` empties it
         * (https://getcomposer.org/doc/03-cli.md#global-options,
         * https://getcomposer.org/doc/03-cli.md#clear-cache-clearcache-cc).
         * Files are written unlocked: locked. */
        .caches = CACHES({"Composer cache", NULL, NULL,
                          LIST("install", "i", "update", "u", "upgrade", "require", "r",
                               "create-project", "reinstall", "global require"),
                          LIST("clear-cache", "clearcache", "cc"),
                          WHERE(ENV("COMPOSER_CACHE_DIR", ""), ENV("COMPOSER_HOME", "cache"),
                                HOME(".composer/cache")),
                          NULL, LF_PC_LOCKED | LF_PC_IMAGE_ENV, NULL}),
        .no_cache_opts = LIST("--no-cache"),
    },
    /*
     * Maven. `mvn dependency:go-offline` / `dependency:resolve` resolve the
     * dependencies of pom.xml (and of every `<module>` of a multi-module
     * build) (https://maven.apache.org/plugins/maven-dependency-plugin/go-offline-mojo.html,
     * https://maven.apache.org/guides/mini/guide-multiple-modules.html);
     * .mvn/ holds maven.config, jvm.config and extensions.xml
     * (https://maven.apache.org/configure.html); the wrapper ./mvnw reads
     * .mvn/wrapper/ (https://maven.apache.org/wrapper/); `-f` names another
     * pom, `-s` a settings file (https://maven.apache.org/ref/current/maven-embedder/cli.html).
     */
    {
        .id = LF_PM_MAVEN,
        .name = "maven",
        .programs = LIST("mvn", "mvnw"),
        .wrappers = LIST("mvnw"),
        .installs = INSTALLS({"", LF_PI_GOALS, NULL}),
        .goals = LIST("dependency:go-offline", "dependency:resolve", "dependency:resolve-plugins",
                      "de.qaware.maven:go-offline-maven-plugin:resolve-dependencies"),
        .value_opts = LIST("-s", "--settings", "-gs", "--global-settings", "-P",
                           "--activate-profiles", "-pl", "--projects", "-rf", "--resume-from", "-T",
                           "--threads", "-D", "--define", "-l", "--log-file", "-t", "--toolchains",
                           "-gt", "--global-toolchains", "-b", "--builder"),
        .dir_opts = LIST("-f", "--file"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        /* go-offline and resolve fill the local repository; `-o` builds
         * from it alone (https://maven.apache.org/ref/current/maven-embedder/cli.html) */
        .fetch = LIST("dependency:go-offline", "dependency:resolve", "dependency:resolve-plugins",
                      "de.qaware.maven:go-offline-maven-plugin:resolve-dependencies"),
        .offline_opts = LIST("-o", "--offline"),
        .files = FILES({"pom.xml", LF_MF_REQUIRED}, {".mvn", LF_MF_DIR},
                       {"mvnw", LF_MF_REQUIRED | LF_MF_WRAPPER}),
        .outputs = NULL,
        /* The local repository, ${user.home}/.m2/repository unless
         * -Dmaven.repo.local says otherwise; every build reads its
         * dependencies from it
         * (https://maven.apache.org/guides/mini/guide-configuring-maven.html#configuring-your-local-repository,
         * https://maven.apache.org/guides/introduction/introduction-to-repositories.html).
         * Only the repository is mounted, never ~/.m2 itself, where a copied
         * settings.xml lives. Not safe for concurrent builds without
         * resolver named locks (https://maven.apache.org/resolver/maven-resolver-named-locks/):
         * locked. */
        .caches = CACHES({"Maven local repository", NULL, NULL, NULL, NULL,
                          WHERE(OPT("-Dmaven.repo.local", ""), HOME(".m2/repository")), NULL,
                          LF_PC_LOCKED | LF_PC_INSTALLS, NULL}),
    },
    /*
     * Gradle. The `dependencies` task resolves the configurations declared in
     * the build scripts, which Gradle finds through settings.gradle(.kts) and
     * build.gradle(.kts), with gradle.properties and the version catalog in
     * gradle/ (https://docs.gradle.org/current/userguide/viewing_debugging_dependencies.html,
     * https://docs.gradle.org/current/userguide/build_lifecycle.html,
     * https://docs.gradle.org/current/userguide/platforms.html); ./gradlew
     * reads gradle/wrapper/ (https://docs.gradle.org/current/userguide/gradle_wrapper.html);
     * `-p`, `-b`, `-c`, `-I` point at other files
     * (https://docs.gradle.org/current/userguide/command_line_interface.html);
     * the project cache is .gradle/
     * (https://docs.gradle.org/current/userguide/directory_layout.html).
     */
    {
        .id = LF_PM_GRADLE,
        .name = "gradle",
        .programs = LIST("gradle", "gradlew"),
        .wrappers = LIST("gradlew"),
        .installs = INSTALLS({"", LF_PI_GOALS, NULL}),
        .goals = LIST("dependencies", "androidDependencies"),
        /* `--offline` builds from the dependency cache alone
         * (https://docs.gradle.org/current/userguide/command_line_interface.html) */
        .fetch = LIST("dependencies", "androidDependencies"),
        .offline_opts = LIST("--offline"),
        .value_opts = LIST("-x", "--exclude-task", "--console", "--warning-mode", "--max-workers",
                           "--priority", "-g", "--gradle-user-home"),
        .dir_opts = LIST("-p", "--project-dir", "-b", "--build-file", "-c", "--settings-file", "-I",
                         "--init-script"),
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files =
            FILES({"settings.gradle", LF_MF_REQUIRED | LF_MF_ONE_OF},
                  {"settings.gradle.kts", LF_MF_REQUIRED | LF_MF_ONE_OF},
                  {"build.gradle", LF_MF_REQUIRED | LF_MF_ONE_OF},
                  {"build.gradle.kts", LF_MF_REQUIRED | LF_MF_ONE_OF}, {"gradle.properties", 0},
                  {"gradle", LF_MF_DIR}, {"gradlew", LF_MF_REQUIRED | LF_MF_WRAPPER},
                  {"gradle/wrapper/gradle-wrapper.properties", LF_MF_REQUIRED | LF_MF_WRAPPER}),
        .outputs = LIST(".gradle"),
        /* The Gradle user home, `-g`/GRADLE_USER_HOME, default ~/.gradle,
         * holds the dependency cache in caches/ and the wrapper's
         * distributions in wrapper/dists
         * (https://docs.gradle.org/current/userguide/directory_layout.html#dir:gradle_user_home);
         * only those are mounted, not the user home with its
         * gradle.properties and init scripts. Gradle locks its caches for
         * concurrent builds (https://docs.gradle.org/current/userguide/dependency_caching.html):
         * shared. */
        .caches = CACHES({"Gradle caches", NULL, NULL, NULL, NULL,
                          WHERE(OPT("--gradle-user-home", "caches"), OPT("-g", "caches"),
                                ENV("GRADLE_USER_HOME", "caches"), HOME(".gradle/caches")),
                          NULL, LF_PC_INSTALLS, NULL},
                         {"Gradle wrapper distributions", NULL, LIST("gradlew"), NULL, NULL,
                          WHERE(OPT("--gradle-user-home", "wrapper"), OPT("-g", "wrapper"),
                                ENV("GRADLE_USER_HOME", "wrapper"), HOME(".gradle/wrapper")),
                          NULL, LF_PC_INSTALLS, NULL}),
    },
    /*
     * .NET. `dotnet restore` without an argument restores the one project
     * or solution file of the current directory; with one, that file
     * (https://learn.microsoft.com/dotnet/core/tools/dotnet-restore). It
     * follows <ProjectReference> items, reads Directory.Build.props/.targets
     * and Directory.Packages.props from the project's directory upwards
     * (https://learn.microsoft.com/visualstudio/msbuild/customize-by-directory,
     * https://learn.microsoft.com/nuget/consume-packages/central-package-management),
     * NuGet.config likewise
     * (https://learn.microsoft.com/nuget/consume-packages/configuring-nuget-behavior), global.json
     * (https://learn.microsoft.com/dotnet/core/tools/global-json) and packages.lock.json
     * (https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies),
     * and writes obj/.
     */
    {
        .id = LF_PM_DOTNET,
        .name = "dotnet",
        .programs = LIST("dotnet"),
        .installs = INSTALLS({"restore", 0, NULL}),
        /* build/publish/test with --no-restore (or --no-build) read the
         * packages restore extracted, without restoring
         * (https://learn.microsoft.com/dotnet/core/tools/dotnet-build) */
        .fetch = LIST("restore"),
        .offline_opts = LIST("--no-restore", "--no-build"),
        .value_opts = LIST("-s", "--source", "-r", "--runtime", "--packages", "-v", "--verbosity",
                           "-a", "--arch", "--os", "--lock-file-path", "--configfile"),
        .dir_opts = NULL,
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({NULL, 0}),
        .outputs = LIST("obj"),
        /* The global packages folder, where restore extracts packages and
         * builds read them from: `--packages`, NUGET_PACKAGES, default
         * ~/.nuget/packages; `dotnet nuget locals all --clear` empties it
         * (https://learn.microsoft.com/nuget/consume-packages/managing-the-global-packages-and-cache-folders).
         * build/publish/test/pack/run restore implicitly, so they get it too
         * (https://learn.microsoft.com/dotnet/core/tools/dotnet-build). No
         * documented guarantee for concurrent builds: locked. */
        .caches = CACHES(
            {"NuGet global packages", NULL, NULL,
             LIST("restore", "build", "publish", "test", "pack", "run", "msbuild", "add package",
                  "tool restore", "tool install", "workload restore"),
             LIST("nuget locals --clear"),
             WHERE(OPT("--packages", ""), ENV("NUGET_PACKAGES", ""), HOME(".nuget/packages")), NULL,
             LF_PC_LOCKED | LF_PC_INSTALLS, NULL}),
    },
    /*
     * Cargo. Everything it downloads lives under CARGO_HOME, default
     * ~/.cargo: the registry index and crate archives and sources in
     * registry/, git dependencies' databases in git/db/; builds read the
     * sources from there (https://doc.rust-lang.org/cargo/guide/cargo-home.html,
     * including "Caching the Cargo home in CI"). The rust image sets
     * CARGO_HOME=/usr/local/cargo. Cargo takes a file lock on its package
     * cache ("Blocking waiting for file lock on package cache"): shared. The
     * build's target/ is never mounted: the built binaries live there.
     * `cargo fetch` needs the crate's sources to parse its targets, so it is
     * no manifest-only install for copy-manifests-first.
     */
    {
        .id = LF_PM_CARGO,
        .name = "cargo",
        .programs = LIST("cargo"),
        .installs = NO_INSTALLS,
        /* `cargo fetch` only downloads; `--offline`/`--frozen` and
         * CARGO_NET_OFFLINE build from what is there
         * (https://doc.rust-lang.org/cargo/commands/cargo-fetch.html,
         * https://doc.rust-lang.org/cargo/reference/config.html#netoffline) */
        .fetch = LIST("fetch"),
        /* cargo-chef's `cargo chef cook` builds the dependencies alone, so
         * that their layer is what caches them
         * (https://github.com/LukeMathWalker/cargo-chef#how-to-use) */
        .layer_fill = LIST("chef cook"),
        .offline_opts = LIST("--offline", "--frozen"),
        .offline_env = LIST("CARGO_NET_OFFLINE=true"),
        .value_opts = LIST("-p", "--package", "--target", "--target-dir", "--manifest-path",
                           "--features", "-F", "--profile", "-j", "--jobs", "--bin", "--example",
                           "--config", "-Z", "--color", "--root", "--index", "--registry", "--git",
                           "--branch", "--tag", "--rev", "--path", "--version"),
        .files = NO_FILES,
        .caches = CACHES({"Cargo registry", NULL, NULL,
                          LIST("build", "b", "check", "c", "run", "r", "test", "t", "bench", "doc",
                               "fetch", "install", "update", "generate-lockfile", "vendor",
                               "clippy", "tree", "metadata", "package", "publish", "chef cook"),
                          NULL, WHERE(ENV("CARGO_HOME", "registry"), HOME(".cargo/registry")), NULL,
                          LF_PC_INSTALLS | LF_PC_IMAGE_ENV, NULL},
                         {"Cargo git database", NULL, NULL,
                          LIST("build", "b", "check", "c", "run", "r", "test", "t", "bench", "doc",
                               "fetch", "install", "update", "generate-lockfile", "vendor",
                               "clippy", "tree", "metadata", "package", "publish", "chef cook"),
                          NULL, WHERE(ENV("CARGO_HOME", "git/db"), HOME(".cargo/git/db")), NULL,
                          LF_PC_INSTALLS | LF_PC_IMAGE_ENV, NULL}),
    },
    /*
     * RubyGems. `gem install`/`gem update` keep each downloaded .gem in
     * GEM_HOME's cache/ (https://guides.rubygems.org/command-reference/#gem-install);
     * same cache as Bundler's, same rules.
     */
    {
        .id = LF_PM_GEM,
        .name = "gem",
        .programs = LIST("gem"),
        .installs = NO_INSTALLS,
        .value_opts = LIST("-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source",
                           "-s", "--platform", "-g", "--file"),
        .files = NO_FILES,
        .caches = CACHES({"RubyGems download cache", NULL, NULL, LIST("install", "update"), NULL,
                          WHERE(ENV("GEM_HOME", "cache"), NONE()), NULL, LF_PC_LOCKED, NULL}),
    },
    /*
     * apt. Downloaded .debs go to /var/cache/apt/archives, package lists to
     * /var/lib/apt/lists (Dir::Cache::Archives, Dir::State::Lists:
     * https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html); `apt-get
     * clean`/`autoclean` empty the archives
     * (https://manpages.debian.org/bookworm/apt/apt-get.8.en.html). The
     * Dockerfile reference mounts both with sharing=locked: "Apt needs
     * exclusive access to its data"
     * (https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages).
     * Only the lists dir, not all of /var/lib/apt, which also holds
     * extended_states, the record of automatically installed packages that
     * the image needs. Debian and Ubuntu images delete downloaded .debs after
     * each install (the docker-clean hook, lf_apt_docker_clean_path).
     */
    {
        .id = LF_PM_APT,
        .name = "apt",
        .programs = LIST("apt-get", "apt", "aptitude"),
        .installs = NO_INSTALLS,
        .value_opts = LIST("-o", "--option", "-c", "--config-file", "-t", "--target-release",
                           "--default-release"),
        .files = NO_FILES,
        .caches = CACHES({"apt package cache", NULL, NULL,
                          LIST("install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep",
                               "source", "download", "reinstall", "satisfy"),
                          LIST("clean", "autoclean"), WHERE(FIXED("/var/cache/apt")), NULL,
                          LF_PC_LOCKED | LF_PC_SYSTEM, NULL},
                         {"apt package lists", NULL, NULL, LIST("update"), NULL,
                          WHERE(FIXED("/var/lib/apt/lists")), NULL,
                          LF_PC_LOCKED | LF_PC_SYSTEM | LF_PC_LISTS, NULL}),
        .use_texts = LIST("apt-get ", "apt install", "aptitude "),
        /* the `apt` binary deletes what it downloaded unless told to keep it
         * (Binary::apt::APT::Keep-Downloaded-Packages, apt.conf(5)); apt-get
         * keeps it */
        .keep_opt = "-o APT::Keep-Downloaded-Packages=true",
        .keep_key = "Keep-Downloaded-Packages",
        .keep_programs = LIST("apt"),
        /* apt-get update refreshes /var/lib/apt/lists; the install
         * subcommands read them; apt-cache and apt-mark read them too
         * (https://manpages.debian.org/bookworm/apt/apt-get.8.en.html,
         * apt-cache(8), apt-mark(8)) */
        .lists =
            &(const lf_pm_lists){LIST("apt-cache", "apt-mark"), LIST("update"), "apt-get update",
                                 LIST("install", "upgrade", "dist-upgrade", "full-upgrade",
                                      "build-dep", "source", "download", "reinstall", "satisfy"),
                                 NULL},
        .install_texts =
            LIST("apt-get install", "apt install", "apt-get -y install", "aptitude install"),
        /* apt-get(8): every subcommand but `download`, `source` and
         * `changelog`, which write into the current directory */
        .system_subcmds =
            LIST("install", "remove", "purge", "autoremove", "autopurge", "update", "upgrade",
                 "dist-upgrade", "full-upgrade", "build-dep", "reinstall", "satisfy", "clean",
                 "autoclean", "check", "mark", "markauto", "unmarkauto", "hold", "unhold"),
    },
    /*
     * apk. Its package cache is used only when /etc/apk/cache is a symlink
     * to a directory, /var/cache/apk by convention (apk-cache(5):
     * https://man.archlinux.org/man/apk-cache.5.en,
     * https://wiki.alpinelinux.org/wiki/Local_APK_cache); `--no-cache`
     * fetches a fresh index every time and keeps nothing. Dropping
     * `--no-cache` would leave `apk add` with no index on a cold cache, and
     * how `--cache-dir` turns caching on differs between apk-tools 2 and 3,
     * so no mount is added: a note says so.
     */
    {
        .id = LF_PM_APK,
        .name = "apk",
        .programs = LIST("apk"),
        .installs = NO_INSTALLS,
        .value_opts = LIST("-X", "--repository", "-p", "--root", "-t", "--virtual", "--cache-dir",
                           "--repositories-file", "--keys-dir", "--arch"),
        .files = NO_FILES,
        .caches = CACHES({"apk cache", NULL, NULL, LIST("add", "upgrade", "fix", "update"),
                          LIST("cache clean", "cache purge"), WHERE(FIXED("/var/cache/apk")), NULL,
                          LF_PC_LOCKED | LF_PC_SYSTEM | LF_PC_SKIP,
                          "apk caches packages only through an /etc/apk/cache symlink, and "
                          "dropping `--no-cache` needs an index refresh in its place; add "
                          "`--mount=type=cache,target=/var/cache/apk` together with "
                          "`ln -s /var/cache/apk /etc/apk/cache` yourself if you want it"}),
        .no_cache_opts = LIST("--no-cache"),
        /* `apk update` fetches the index; `add`, `upgrade` and `fix` install
         * from it; `--no-cache`, `--update-cache`/`-U` (and the old
         * `--update`) make them fetch it themselves
         * (https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper) */
        .lists =
            &(const lf_pm_lists){NULL, LIST("update"), "apk update", LIST("add", "upgrade", "fix"),
                                 LIST("--no-cache", "--update", "--update-cache", "-U")},
        /* apk(8): all but `fetch`, which writes into the current directory */
        .system_subcmds = LIST("add", "del", "update", "upgrade", "fix", "cache", "info", "search",
                               "policy", "version", "list", "stats", "audit", "verify"),
    },
    /*
     * dnf and yum. dnf 4 caches in /var/cache/dnf (`cachedir`), dnf 5 in
     * /var/cache/libdnf5, yum 3 in /var/cache/yum; all delete downloaded
     * packages after a successful install unless `keepcache` is set
     * (https://dnf.readthedocs.io/en/latest/conf_ref.html,
     * https://dnf5.readthedocs.io/en/latest/dnf5.conf.5.html,
     * https://man7.org/linux/man-pages/man5/yum.conf.5.html), so the
     * commands that use a mounted cache get `--setopt=keepcache=1`. `clean`
     * empties it (https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command).
     * Like apt's, the cache is not for concurrent writers: locked. `yum` is
     * dnf 4 on EL8 and later; which one a base image has comes from the
     * image facts below. microdnf and tdnf are left alone.
     */
    {
        .id = LF_PM_DNF,
        .name = "dnf",
        .programs = LIST("dnf", "yum", "dnf5", "dnf-3", "microdnf", "tdnf"),
        .installs = NO_INSTALLS,
        .value_opts = LIST("--setopt", "-c", "--config", "--enablerepo", "--disablerepo", "--repo",
                           "--releasever", "--installroot", "-x", "--exclude"),
        .files = NO_FILES,
        .caches = CACHES(
            {"dnf cache", "dnf4", NULL,
             LIST("install", "upgrade", "update", "reinstall", "groupinstall", "group install",
                  "distro-sync", "downgrade", "makecache", "builddep", "localinstall"),
             LIST("clean"), WHERE(FIXED("/var/cache/dnf")), NULL, LF_PC_LOCKED | LF_PC_SYSTEM,
             NULL},
            {"dnf5 cache", "dnf5", NULL,
             LIST("install", "upgrade", "update", "reinstall", "group install", "distro-sync",
                  "downgrade", "makecache", "builddep"),
             LIST("clean"), WHERE(FIXED("/var/cache/libdnf5")), NULL, LF_PC_LOCKED | LF_PC_SYSTEM,
             NULL},
            {"yum cache", "yum3", NULL,
             LIST("install", "upgrade", "update", "reinstall", "groupinstall", "localinstall",
                  "makecache", "downgrade"),
             LIST("clean"), WHERE(FIXED("/var/cache/yum")), NULL, LF_PC_LOCKED | LF_PC_SYSTEM,
             NULL},
            {"dnf cache", "other", NULL, LIST("install", "upgrade", "update"), LIST("clean"),
             WHERE(FIXED("/var/cache/dnf")), NULL, LF_PC_LOCKED | LF_PC_SYSTEM | LF_PC_SKIP,
             "which cache directory it uses depends on the base image (yum 3, "
             "dnf 4 or 5), which is not known"},
            {"microdnf cache", "micro", NULL, LIST("install", "upgrade", "update"), LIST("clean"),
             WHERE(FIXED("/var/cache/yum")), NULL, LF_PC_LOCKED | LF_PC_SYSTEM | LF_PC_SKIP,
             "microdnf and tdnf keep their cache in places that differ between "
             "versions and distributions"}),
        .keep_opt = "--setopt=keepcache=1",
        .keep_key = "keepcache",
        /* `makecache` downloads the repository metadata; installs use it
         * when it is fresh enough
         * (https://dnf.readthedocs.io/en/latest/command_ref.html#makecache-command) */
        .lists = &(const lf_pm_lists){NULL, LIST("makecache"), "dnf makecache",
                                      LIST("install", "upgrade", "update", "reinstall",
                                           "groupinstall", "distro-sync", "downgrade"),
                                      NULL},
        /* dnf(8), yum(8): all but `download`, which writes into the current
         * directory */
        .system_subcmds =
            LIST("install", "in", "remove", "rm", "erase", "update", "upgrade", "up", "makecache",
                 "clean", "reinstall", "groupinstall", "group", "module", "distro-sync",
                 "downgrade", "autoremove", "builddep", "localinstall", "info", "list", "search",
                 "repolist", "check-update", "swap", "mark", "config-manager", "copr"),
    },
    /*
     * zypper, openSUSE's and SLE's package manager (zypper(8):
     * https://en.opensuse.org/SDB:Zypper_manual). Repositories refresh on
     * their own before an install (`autorefresh`), so merge-apt has no
     * lists to join; downloaded packages are kept in /var/cache/zypp only
     * when a repository says `keeppackages`, so no cache mount is added.
     */
    {
        .id = LF_PM_ZYPPER,
        .name = "zypper",
        .programs = LIST("zypper"),
        .installs = NO_INSTALLS,
        .value_opts =
            LIST("-R", "--root", "-D", "--reposd-dir", "-C", "--cache-dir", "-c", "--config", "-t",
                 "--type", "-r", "--repo", "--from", "-p", "--plus-repo"),
        .files = NO_FILES,
        .system_subcmds =
            LIST("install", "in", "remove", "rm", "refresh", "ref", "update", "up", "dist-upgrade",
                 "dup", "patch", "clean", "cc", "addrepo", "ar", "removerepo", "rr", "modifyrepo",
                 "mr", "addlock", "al", "info", "if", "search", "se", "refresh-services", "refs",
                 "install-new-recommends", "inr"),
    },
};

/* npm runs these on `npm install`/`npm ci` without package arguments
 * (https://docs.npmjs.com/cli/v10/using-npm/scripts#life-cycle-operation-order,
 * `dependencies` since npm 8); pnpm runs the same set plus pnpm:devPreinstall
 * (https://pnpm.io/scripts#lifecycle-scripts); Yarn runs preinstall, install
 * and postinstall (https://yarnpkg.com/advanced/lifecycle-scripts). */
const char *const lf_node_install_scripts[] = {
    "preinstall", "install",     "postinstall",  "prepublish",         "preprepare",
    "prepare",    "postprepare", "dependencies", "pnpm:devPreinstall", NULL,
};

/* https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies,
 * #overrides; https://classic.yarnpkg.com/en/docs/selective-version-resolutions */
const char *const lf_node_dep_sections[] = {
    "dependencies",
    "devDependencies",
    "optionalDependencies",
    "peerDependencies",
    "overrides",
    "resolutions",
    NULL,
};

/* `file:` and `link:` (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#local-paths,
 * https://pnpm.io/package_json#dependencies), `portal:` (https://yarnpkg.com/protocol/portal). */
const char *const lf_node_local_prefixes[] = {"file:", "link:", "portal:", NULL};

/* https://getcomposer.org/doc/articles/scripts.md#command-events */
const char *const lf_composer_install_events[] = {
    "pre-install-cmd", "post-install-cmd", "pre-autoload-dump", "post-autoload-dump", NULL,
};

/* See the .NET entry above; NuGet.config is matched in any letter case. */
const char *const lf_dotnet_dir_files[] = {
    "Directory.Build.props",
    "Directory.Build.targets",
    "Directory.Packages.props",
    "NuGet.config",
    "global.json",
    NULL,
};

const char *const lf_dotnet_project_exts[] = {".sln",    ".slnx", ".csproj", ".fsproj",
                                              ".vbproj", ".proj", NULL};

/* The manifests the rules of copy-manifests-first open by name. Most are
 * also in the entries' `files` above, whose comments give the sources. */
const char *const lf_node_manifest = "package.json";
/* See the pnpm entry above (https://pnpm.io/pnpm-workspace_yaml). */
const char *const lf_pnpm_workspace_file = "pnpm-workspace.yaml";
const char *const lf_pipenv_manifest = "Pipfile";
const char *const lf_pyproject_manifest = "pyproject.toml";
/* Wheels and source archives (https://pip.pypa.io/en/stable/cli/pip_install/,
 * "pip install ./downloads/SomeProject-1.0.4.tar.gz"). */
const char *const lf_pip_archive_exts[] = {".whl", ".tar.gz", ".zip", NULL};
/* See the Go entry above (https://go.dev/ref/mod#go-mod-file,
 * https://go.dev/ref/mod#workspaces). */
const char *const lf_go_mod_file = "go.mod";
const char *const lf_go_work_file = "go.work";
const char *const lf_bundler_manifest = "Gemfile";
const char *const lf_composer_manifest = "composer.json";
/* See the Maven entry above: a <module> names a directory holding pom.xml;
 * a value ending in .xml is taken as the module's POM file itself. */
const char *const lf_maven_pom = "pom.xml";
const char *const lf_maven_pom_ext = ".xml";
/* See the Gradle entry above; buildSrc/
 * (https://docs.gradle.org/current/userguide/sharing_build_logic_between_subprojects.html). */
const char *const lf_gradle_settings_scripts[] = {"settings.gradle", "settings.gradle.kts", NULL};
const char *const lf_gradle_build_scripts[] = {"build.gradle", "build.gradle.kts", NULL};
const char *const lf_gradle_project_files[] = {"build.gradle", "build.gradle.kts",
                                               "gradle.properties", NULL};
const char *const lf_gradle_build_src = "buildSrc";
/* See the .NET entry above; <Import>
 * (https://learn.microsoft.com/visualstudio/msbuild/import-element-msbuild). */
const char *const lf_dotnet_lock_file = "packages.lock.json";
const char *const lf_dotnet_import_exts[] = {".props", ".targets", NULL};
const char *const lf_dotnet_sln_ext = ".sln";
const char *const lf_dotnet_slnx_ext = ".slnx";

/* System package managers install outside the project; `corepack enable` and
 * `prepare` set up the package-manager shims
 * (https://github.com/nodejs/corepack#usage); the cache subcommands only
 * touch the user-level cache (https://docs.npmjs.com/cli/v10/commands/npm-cache,
 * https://classic.yarnpkg.com/en/docs/cli/cache, https://pnpm.io/cli/store,
 * https://pip.pypa.io/en/stable/cli/pip_cache/); `gem install` installs
 * named gems system-wide (https://guides.rubygems.org/command-reference/#gem-install).
 * `npm config`, `poetry config` and `bundle config` write the user's
 * configuration unless told to write the project's
 * (https://docs.npmjs.com/cli/v10/commands/npm-config,
 * https://python-poetry.org/docs/cli/#config, https://bundler.io/man/bundle-config.1.html).
 * Where they write: the user's ~/.npmrc (https://docs.npmjs.com/cli/v10/configuring-npm/npmrc),
 * COREPACK_HOME (https://github.com/nodejs/corepack#environment-variables),
 * Yarn 1's global folder (https://classic.yarnpkg.com/en/docs/cli/global),
 * pnpm's store (https://pnpm.io/npmrc#store-dir), Poetry's config directory
 * (https://python-poetry.org/docs/configuration/), ~/.bundle/config, and
 * the caches of the entries above. */
const lf_pm_helper lf_pm_helpers[] = {
    {"apt-get", NULL, NULL, ""},
    {"apt", NULL, NULL, ""},
    {"apk", NULL, NULL, ""},
    {"dnf", NULL, NULL, ""},
    {"yum", NULL, NULL, ""},
    {"microdnf", NULL, NULL, ""},
    {"zypper", NULL, NULL, ""},
    {"echo", NULL, NULL, NULL},
    {"true", NULL, NULL, NULL},
    {"set", NULL, NULL, NULL},
    /* the shims go beside the node binary (/usr/local/bin, /usr/bin); the
     * package managers it prepares into COREPACK_HOME, ~/.cache/node/corepack */
    {"corepack", "enable", NULL, "/usr"},
    {"corepack", "prepare", NULL, "~/.cache/node/corepack"},
    {"npm", "cache", NULL, "~/.npm"},
    {"npm", "config", "--location=project", "~/.npmrc"},
    {"yarn", "cache", NULL, "~/.cache/yarn"},
    /* root's global folder is below /usr/local/share, its binaries in /usr/local/bin */
    {"yarn", "global", NULL, "/usr/local"},
    {"pnpm", "store", NULL, "~/.local/share/pnpm"},
    {"pip", "cache", NULL, "~/.cache/pip"},
    {"poetry", "config", "--local", "~/.config/pypoetry"},
    {"bundle", "config", "--local", "~/.bundle"},
    {"gem", "install", NULL, ""},
    {"gem", "update", NULL, ""},
    {NULL, NULL, NULL, NULL},
};

/* npm --prefix, pip --target/--prefix/--root, cargo install --root,
 * yarn --modules-folder, --global-folder, gem --install-dir, bundler's
 * --path; `--into` (pipx). */
const char *const lf_pm_install_dir_opts[] = {
    "--prefix",      "--target",        "-t",     "--root", "--modules-folder", "--target-dir",
    "--install-dir", "--global-folder", "--into", NULL};

/* cargo's build output (https://doc.rust-lang.org/cargo/guide/build-cache.html) */
const char *const lf_pm_build_outputs[] = {"target", NULL};

const char *lf_pm_dnf_variant(const char *prog, lf_os_family fam)
{
    if (strcmp(prog, "microdnf") == 0 || strcmp(prog, "tdnf") == 0)
        return "micro";
    if (strcmp(prog, "dnf5") == 0 || fam == LF_OS_DNF5)
        return strcmp(prog, "yum") == 0 && fam != LF_OS_DNF5 ? "other" : "dnf5";
    if (fam == LF_OS_YUM)
        return strcmp(prog, "yum") == 0 ? "yum3" : "dnf4";
    if (fam == LF_OS_DNF)
        return "dnf4";
    /* an image the table does not place: dnf may be 4 or 5 (Azure Linux
     * 4.0 and Fedora 41 have dnf 5 as `dnf`), yum may be 3 */
    return "other";
}

const char *const lf_yarn_berry_files[] = {".yarnrc.yml", ".yarn/releases", NULL};
const char *const lf_yarn_berry_command = "yarn set version";

bool lf_yarn_is_berry_spec(const char *package_json)
{
    const char *pm = strstr(package_json, "\"packageManager\"");
    const char *y = pm ? strstr(pm, "yarn@") : NULL;
    return y && y - pm < 40 && y[5] >= '2' && y[5] <= '9';
}

/* The Filesystem Hierarchy Standard's top directories and the ones
 * packages install into (https://refspecs.linuxfoundation.org/fhs.shtml). */
const char *const lf_system_dirs[] = {"/",
                                      "/bin",
                                      "/boot",
                                      "/dev",
                                      "/etc",
                                      "/home",
                                      "/lib",
                                      "/lib64",
                                      "/opt",
                                      "/proc",
                                      "/root",
                                      "/run",
                                      "/sbin",
                                      "/srv",
                                      "/sys",
                                      "/tmp",
                                      "/usr",
                                      "/var",
                                      "/usr/local",
                                      "/usr/lib",
                                      "/usr/share",
                                      "/usr/bin",
                                      "/usr/local/bin",
                                      "/usr/local/lib",
                                      "/var/lib",
                                      "/var/cache",
                                      "/var/log",
                                      "/etc/apt",
                                      "/usr/local/share",
                                      NULL};

const char *const lf_virtual_dirs[] = {"/dev", "/proc", "/sys", "/run", NULL};

/* The FHS's directories for the operating system's own files, its variable
 * data and add-on packages (https://refspecs.linuxfoundation.org/FHS_3.0/fhs/index.html,
 * chapters 3 to 5); /usr/local and /var/local belong to the local
 * administrator and "must not be overwritten when the system software is
 * updated" (FHS 4.9; Debian Policy 9.1.2: packages must not install into
 * /usr/local). Add-on packages install below /opt/<package> or
 * /opt/<provider> (FHS 3.13); source packages below /usr/src/<package>
 * (linux-source, googletest: Debian's own layout). */
const char *const lf_pkg_dirs[] = {"/bin",    "/boot", "/etc",  "/lib", "/lib32", "/lib64",
                                   "/libx32", "/opt",  "/sbin", "/usr", "/var",   NULL};
const char *const lf_local_dirs[] = {"/usr/local", "/var/local", NULL};
const char *const lf_pkg_named_dirs[] = {"/opt", "/usr/src", NULL};

/* Debian packages, RPMs, Alpine packages (dpkg-deb(1), rpm(8), apk(8)). */
const char *const lf_pkg_file_exts[] = {".deb", ".udeb", ".rpm", ".apk", NULL};

const char *const lf_pm_module_runners[] = {"python",   "python3", "python2",
                                            "corepack", "php",     NULL};

/* The Debian and Ubuntu images are built with debuerreotype, whose
 * minimizing config installs this apt hook: every install ends by deleting
 * the downloaded .debs in /var/cache/apt/archives
 * (https://github.com/debuerreotype/debuerreotype/blob/master/scripts/debuerreotype-minimizing-config,
 * linked from https://docs.docker.com/build/building/best-practices/#apt-get).
 * The Dockerfile reference's cache example removes it for good
 * (https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages);
 * a RUN with the cache mount moves it away while it runs and back at its
 * end instead, so the image's apt behaves as before for whoever builds on
 * it. The `apt` binary also deletes its downloads unless told to keep them
 * (the entry's keep_opt); apt-get keeps them. */
const char *const lf_apt_docker_clean_path = "/etc/apt/apt.conf.d/docker-clean";
const char *const lf_apt_docker_clean_parked = "/etc/apt/docker-clean.off";
const char *const lf_apt_hook_off_cmd =
    "{ [ ! -e /etc/apt/apt.conf.d/docker-clean ] || "
    "mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.off; }";
const char *const lf_apt_hook_on_cmd =
    "{ [ ! -e /etc/apt/docker-clean.off ] || "
    "mv /etc/apt/docker-clean.off /etc/apt/apt.conf.d/docker-clean; }";

bool lf_pkgmgr_in(const char *const *list, const char *word)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], word) == 0)
            return true;
    return false;
}

const lf_pm *lf_pkgmgr_lists_for_program(const char *prog, bool *reader)
{
    for (size_t i = 0; i < LF_PM_COUNT; i++) {
        const lf_pm *pm = &lf_pkgmgrs[i];
        if (!pm->lists)
            continue;
        bool r = lf_pkgmgr_in(pm->lists->readers, prog);
        if (r || lf_pkgmgr_in(pm->programs, prog)) {
            *reader = r;
            return pm;
        }
    }
    return NULL;
}

const lf_pm *lf_pkgmgr_for_program(const char *prog, bool *wrapper)
{
    for (size_t i = 0; i < LF_PM_COUNT; i++) {
        if (lf_pkgmgr_in(lf_pkgmgrs[i].programs, prog)) {
            if (wrapper)
                *wrapper = lf_pkgmgr_in(lf_pkgmgrs[i].wrappers, prog);
            return &lf_pkgmgrs[i];
        }
    }
    return NULL;
}

/*
 * Official base images: what their Dockerfiles set that a cache mount
 * depends on. Sources, the images' own Dockerfiles:
 * - golang: `ENV GOPATH /go` and WORKDIR /go (https://github.com/docker-library/golang),
 *   so the module cache is /go/pkg/mod.
 * - rust: CARGO_HOME=/usr/local/cargo, RUSTUP_HOME=/usr/local/rustup
 *   (https://github.com/rust-lang/docker-rust).
 * - node: user `node`, uid and gid 1000, home /home/node
 *   (https://github.com/nodejs/docker-node/blob/main/docs/BestPractices.md#non-root-user).
 * - ruby: GEM_HOME=/usr/local/bundle, BUNDLE_APP_CONFIG=/usr/local/bundle
 *   (https://github.com/docker-library/ruby).
 * - composer: COMPOSER_HOME=/tmp, WORKDIR /app (https://github.com/composer/docker),
 *   built on php's Alpine image; Docker's PHP example mounts /tmp/cache
 *   (https://docs.docker.com/build/cache/optimize/#use-cache-mounts).
 * - gradle: user `gradle` (uid/gid 1000, home /home/gradle), /root/.gradle a
 *   symlink to /home/gradle/.gradle, WORKDIR /home/gradle
 *   (https://github.com/keeganwitt/docker-gradle),
 *   on eclipse-temurin's Ubuntu.
 * - maven: MAVEN_CONFIG=/root/.m2 (https://github.com/carlossg/docker-maven),
 *   on eclipse-temurin's Ubuntu.
 * - the mcr.microsoft.com/dotnet images (8.0 and later): user `app`, APP_UID=1654
 *   (https://learn.microsoft.com/dotnet/core/docker/container-images#non-root-user);
 *   Debian unless the tag names another distribution.
 * - python, php, perl, buildpack-deps, eclipse-temurin, gcc...: Debian
 *   (Ubuntu for eclipse-temurin) unless the tag says alpine
 *   (https://github.com/docker-library/official-images, each image's
 *   "Supported tags").
 */
/* clang-format off */
#define USERS(...) (const lf_image_user[]){__VA_ARGS__, {NULL, 0, 0, NULL}}
/* clang-format on */
#define NODE_USER USERS({"node", 1000, 1000, "/home/node"})
#define DOTNET_USER USERS({"app", 1654, 1654, "/home/app"})

static const lf_image_fact lf_images[] = {
    {"debian", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"ubuntu", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"buildpack-deps", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"node", LF_OS_DEBIAN, LIST("YARN_VERSION=1.22.22"), NODE_USER, NULL, NULL, NULL},
    {"python", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"pypy", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"golang", LF_OS_DEBIAN, LIST("GOPATH=/go"), NULL, NULL, "/go", NULL},
    {"rust", LF_OS_DEBIAN, LIST("CARGO_HOME=/usr/local/cargo", "RUSTUP_HOME=/usr/local/rustup"),
     NULL, NULL, NULL, NULL},
    {"ruby", LF_OS_DEBIAN,
     LIST("GEM_HOME=/usr/local/bundle", "BUNDLE_APP_CONFIG=/usr/local/bundle"), NULL, NULL, NULL,
     NULL},
    {"php", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"composer", LF_OS_ALPINE, LIST("COMPOSER_HOME=/tmp", "COMPOSER_ALLOW_SUPERUSER=1"), NULL, NULL,
     "/app", NULL},
    {"perl", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"gcc", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"haskell", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"elixir", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"erlang", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"r-base", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"swift", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"eclipse-temurin", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, NULL},
    {"maven", LF_OS_DEBIAN, LIST("MAVEN_HOME=/usr/share/maven", "MAVEN_CONFIG=/root/.m2"), NULL,
     NULL, NULL, NULL},
    {"gradle", LF_OS_DEBIAN, LIST("GRADLE_HOME=/opt/gradle"),
     USERS({"gradle", 1000, 1000, "/home/gradle"}), LIST("/root/.gradle=/home/gradle/.gradle"),
     "/home/gradle", NULL},
    {"openjdk", LF_OS_UNKNOWN, NULL, NULL, NULL, NULL, NULL},
    {"mcr.microsoft.com/dotnet/sdk", LF_OS_DEBIAN, LIST("APP_UID=1654"), DOTNET_USER, NULL, NULL,
     NULL},
    {"mcr.microsoft.com/dotnet/aspnet", LF_OS_DEBIAN, LIST("APP_UID=1654"), DOTNET_USER, NULL, NULL,
     NULL},
    {"mcr.microsoft.com/dotnet/runtime", LF_OS_DEBIAN, LIST("APP_UID=1654"), DOTNET_USER, NULL,
     NULL, NULL},
    {"mcr.microsoft.com/dotnet/runtime-deps", LF_OS_DEBIAN, LIST("APP_UID=1654"), DOTNET_USER, NULL,
     NULL, NULL},
    {"alpine", LF_OS_ALPINE, NULL, NULL, NULL, NULL, NULL},
    {"fedora", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"rockylinux", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"rockylinux/rockylinux", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"almalinux", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"quay.io/centos/centos", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"centos", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"amazonlinux", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"oraclelinux", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"registry.access.redhat.com/ubi8/ubi", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"registry.access.redhat.com/ubi9/ubi", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"redhat/ubi8", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"redhat/ubi9", LF_OS_DNF, NULL, NULL, NULL, NULL, NULL},
    {"scratch", LF_OS_OTHER, NULL, NULL, NULL, NULL, NULL},
    /* cargo-chef is built on the rust image (https://github.com/LukeMathWalker/cargo-chef) */
    {"lukemathwalker/cargo-chef", LF_OS_DEBIAN,
     LIST("CARGO_HOME=/usr/local/cargo", "RUSTUP_HOME=/usr/local/rustup"), NULL, NULL, NULL, NULL},
    /* Windows images: Server Core, Nano Server, and the .NET Framework ones
     * built on them (https://hub.docker.com/r/microsoft/windows-servercore,
     * https://hub.docker.com/r/microsoft/dotnet-framework) */
    {"mcr.microsoft.com/windows", LF_OS_WINDOWS, NULL, NULL, NULL, NULL, NULL},
    {"mcr.microsoft.com/windows/", LF_OS_WINDOWS, NULL, NULL, NULL, NULL, NULL},
    {"mcr.microsoft.com/dotnet/framework/", LF_OS_WINDOWS, NULL, NULL, NULL, NULL, NULL},
    {"microsoft/windowsservercore", LF_OS_WINDOWS, NULL, NULL, NULL, NULL, NULL},
    {"microsoft/nanoserver", LF_OS_WINDOWS, NULL, NULL, NULL, NULL, NULL},
    /* Images that do not run as root: the Jupyter Docker Stacks run as
     * jovyan (uid 1000, gid 100;
     * https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html), Bitnami's as uid
     * 1001 (https://docs.bitnami.com/tutorials/work-with-non-root-containers) */
    {"jupyter/", LF_OS_DEBIAN, NULL, USERS({"jovyan", 1000, 100, "/home/jovyan"}), NULL, NULL,
     "jovyan"},
    {"quay.io/jupyter/", LF_OS_DEBIAN, NULL, USERS({"jovyan", 1000, 100, "/home/jovyan"}), NULL,
     NULL, "jovyan"},
    {"bitnami/", LF_OS_DEBIAN, NULL, NULL, NULL, NULL, "1001"},
};

/* Tags that name the distribution; the first match wins, before the entry's
 * own family. `tag` is a prefix of the tag, or with a leading '*' a part of
 * it. EL7 and Amazon Linux 2 have yum 3; Fedora 41 moved to dnf 5
 * (https://fedoraproject.org/wiki/Changes/SwitchToDnf5); openjdk's slim
 * tags are Debian, its others Oracle Linux. */
static const struct {
    const char *repo; /* NULL: any */
    const char *tag;
    lf_os_family family;
} lf_image_tags[] = {
    {NULL, "*alpine", LF_OS_ALPINE},      {NULL, "*windowsservercore", LF_OS_WINDOWS},
    {NULL, "*nanoserver", LF_OS_WINDOWS}, {NULL, "*ltsc20", LF_OS_WINDOWS},
    {NULL, "*bookworm", LF_OS_DEBIAN},    {NULL, "*forky", LF_OS_DEBIAN},
    {NULL, "*stretch", LF_OS_DEBIAN},     {NULL, "*bionic", LF_OS_DEBIAN},
    {NULL, "*oracular", LF_OS_DEBIAN},    {NULL, "*plucky", LF_OS_DEBIAN},
    {NULL, "*questing", LF_OS_DEBIAN},    {NULL, "*resolute", LF_OS_DEBIAN},
    {NULL, "*bullseye", LF_OS_DEBIAN},    {NULL, "*buster", LF_OS_DEBIAN},
    {NULL, "*trixie", LF_OS_DEBIAN},      {NULL, "*focal", LF_OS_DEBIAN},
    {NULL, "*jammy", LF_OS_DEBIAN},       {NULL, "*noble", LF_OS_DEBIAN},
    {NULL, "*ubi8", LF_OS_DNF},           {NULL, "*ubi9", LF_OS_DNF},
    {NULL, "*azurelinux", LF_OS_OTHER},   {NULL, "*cbl-mariner", LF_OS_OTHER},
    {"centos", "7", LF_OS_YUM},           {"centos", "centos7", LF_OS_YUM},
    {"centos", "6", LF_OS_YUM},           {"amazonlinux", "2023", LF_OS_DNF},
    {"amazonlinux", "2", LF_OS_YUM},      {"amazonlinux", "1", LF_OS_YUM},
    {"oraclelinux", "7", LF_OS_YUM},      {"oraclelinux", "6", LF_OS_YUM},
    {"fedora", "41", LF_OS_DNF5},         {"fedora", "42", LF_OS_DNF5},
    {"fedora", "43", LF_OS_DNF5},         {"fedora", "44", LF_OS_DNF5},
    {"fedora", "latest", LF_OS_DNF5},     {"fedora", "rawhide", LF_OS_DNF5},
    {"openjdk", "*slim", LF_OS_DEBIAN},   {"openjdk", "*oracle", LF_OS_DNF},
};

static bool tag_matches(const char *rule, const char *tag, size_t len)
{
    size_t n = strlen(rule);
    if (rule[0] == '*') {
        for (size_t i = 0; i + n - 1 <= len; i++)
            if (memcmp(tag + i, rule + 1, n - 1) == 0)
                return true;
        return false;
    }
    return len >= n && memcmp(tag, rule, n) == 0;
}

const lf_image_fact *lf_image_lookup(const char *ref, size_t len, lf_os_family *family)
{
    *family = LF_OS_UNKNOWN;
    /* drop the digest, then split `repo:tag` at the last ':' after the last '/' */
    const char *at = memchr(ref, '@', len);
    if (at)
        len = (size_t)(at - ref);
    size_t slash = 0, colon = len;
    for (size_t i = 0; i < len; i++) {
        if (ref[i] == '/') {
            slash = i + 1;
            colon = len;
        } else if (ref[i] == ':' && i >= slash) {
            colon = i;
        }
    }
    const char *repo = ref, *tag = colon < len ? ref + colon + 1 : "latest";
    size_t rlen = colon, tlen = colon < len ? len - colon - 1 : 6;
    static const char *const registries[] = {"docker.io/", "index.docker.io/",
                                             "registry-1.docker.io/"};
    for (size_t i = 0; i < sizeof registries / sizeof registries[0]; i++) {
        size_t n = strlen(registries[i]);
        if (rlen > n && memcmp(repo, registries[i], n) == 0) {
            repo += n;
            rlen -= n;
        }
    }
    if (rlen > 8 && memcmp(repo, "library/", 8) == 0) {
        repo += 8;
        rlen -= 8;
    }
    if (memchr(repo, '$', rlen))
        return NULL;
    const lf_image_fact *fact = NULL;
    for (size_t i = 0; i < sizeof lf_images / sizeof lf_images[0] && !fact; i++) {
        size_t n = strlen(lf_images[i].repo);
        bool below = lf_images[i].repo[n - 1] == '/' && rlen > n;
        if ((n == rlen || below) && memcmp(lf_images[i].repo, repo, n) == 0)
            fact = &lf_images[i];
    }
    for (size_t i = 0; i < sizeof lf_image_tags / sizeof lf_image_tags[0]; i++) {
        const char *r = lf_image_tags[i].repo;
        if (r && (strlen(r) != rlen || memcmp(r, repo, rlen) != 0))
            continue;
        if (tag_matches(lf_image_tags[i].tag, tag, tlen)) {
            *family = lf_image_tags[i].family;
            return fact;
        }
    }
    if (fact)
        *family = fact->family;
    return fact;
}
