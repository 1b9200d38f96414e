/*
 * The package-manager knowledge table (see pkgmgr.h). Every entry says where
 * its facts come from: the tool's own documentation. When a tool changes,
 * this file is the one to update; the pass reads nothing else about tools.
 */
#include "pkgmgr.h"

#include <string.h>

/* clang-format off */
#define LIST(...) (const char *const[]){__VA_ARGS__, NULL}
#define INSTALLS(...) (const lf_pm_install[]){__VA_ARGS__, {NULL, 0, NULL}}
#define FILES(...) (const lf_pm_file[]){__VA_ARGS__, {NULL, 0}}
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
        .outputs = NULL,
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
        .files = FILES({"pom.xml", LF_MF_REQUIRED}, {".mvn", LF_MF_DIR},
                       {"mvnw", LF_MF_REQUIRED | LF_MF_WRAPPER}),
        .outputs = NULL,
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
        .value_opts = LIST("-s", "--source", "-r", "--runtime", "--packages", "-v", "--verbosity",
                           "-a", "--arch", "--os", "--lock-file-path", "--configfile"),
        .dir_opts = NULL,
        .global_opts = NULL,
        .no_scripts_opts = NULL,
        .files = FILES({NULL, 0}),
        .outputs = LIST("obj"),
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
 * https://python-poetry.org/docs/cli/#config, https://bundler.io/man/bundle-config.1.html). */
const lf_pm_helper lf_pm_helpers[] = {
    {"apt-get", NULL, NULL},
    {"apt", NULL, NULL},
    {"apk", NULL, NULL},
    {"dnf", NULL, NULL},
    {"yum", NULL, NULL},
    {"microdnf", NULL, NULL},
    {"echo", NULL, NULL},
    {"true", NULL, NULL},
    {"set", NULL, NULL},
    {"corepack", "enable", NULL},
    {"corepack", "prepare", NULL},
    {"npm", "cache", NULL},
    {"npm", "config", "--location=project"},
    {"yarn", "cache", NULL},
    {"pnpm", "store", NULL},
    {"pip", "cache", NULL},
    {"poetry", "config", "--local"},
    {"bundle", "config", "--local"},
    {"gem", "install", NULL},
    {"gem", "update", NULL},
    {NULL, NULL, NULL},
};

bool lf_pkgmgr_in(const char *const *list, const char *word)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], word) == 0)
            return true;
    return false;
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
