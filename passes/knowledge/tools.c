/*
 * Program facts other than package managers (see tools.h). Sources: the
 * programs' manual pages -- sudo(8), env(1), nice(1), nohup(1), time(1),
 * gosu and su-exec's READMEs; useradd(8), usermod(8), groupadd(8) from
 * shadow-utils, Debian's adduser(8), BusyBox's adduser/addgroup applets.
 */
#include "tools.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
#define LIST(...) (const char *const[]){__VA_ARGS__, NULL}
#define OPTS(...) (const lf_ua_opt[]){__VA_ARGS__, {NULL, LF_UA_OPT_VALUE}}
/* clang-format on */

static const lf_tool_wrapper wrappers[] = {
    /* sudo: -u USER runs as USER; -H sets HOME to the target user's; the
     * other options with a value: -g -p -U -C -D -r -t -h -R */
    {"sudo", "ugpUCDrthR",
     LIST("--user", "--group", "--prompt", "--other-user", "--close-from", "--chdir", "--role",
          "--type", "--host", "--chroot"),
     false, LIST("-u", "--user"), LIST("-H", "--set-home", "-i", "--login"), false, true},
    {"env", "uCS", LIST("--unset", "--chdir", "--split-string"), true, NULL, NULL, false, false},
    {"nice", "n", LIST("--adjustment"), false, NULL, NULL, false, false},
    {"time", "", NULL, false, NULL, NULL, false, false},
    {"command", "", NULL, false, NULL, NULL, false, false},
    {"exec", "", NULL, false, NULL, NULL, false, false},
    {"nohup", "", NULL, false, NULL, NULL, false, false},
    /* gosu USER CMD, su-exec USER CMD: the user first, HOME set to theirs */
    {"gosu", "", NULL, false, NULL, NULL, true, true},
    {"su-exec", "", NULL, false, NULL, NULL, true, true},
};

const lf_tool_wrapper *lf_tool_wrapper_find(const char *prog)
{
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++)
        if (strcmp(wrappers[i].name, prog) == 0)
            return &wrappers[i];
    return NULL;
}

static bool in(const char *const *list, const char *w)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], w) == 0)
            return true;
    return false;
}

static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh", "ksh", NULL};

bool lf_tool_is_shell(const char *prog)
{
    return in(shells, prog);
}

bool lf_tool_is_windows_shell(const char *prog)
{
    static const char *const win[] = {"powershell", "powershell.exe", "pwsh", "pwsh.exe",
                                      "cmd",        "cmd.exe",        NULL};
    char low[64];
    size_t i = 0;
    for (; prog[i] && i + 1 < sizeof low; i++)
        low[i] = (char)(prog[i] >= 'A' && prog[i] <= 'Z' ? prog[i] + 32 : prog[i]);
    low[i] = 0;
    return in(win, low);
}

bool lf_tool_runs_code(const char *prog)
{
    static const char *const runners[] = {"eval", "source",  ".",      "xargs",
                                          "su",   "runuser", "chroot", NULL};
    size_t n = strlen(prog);
    return strchr(prog, '/') != NULL || (n > 3 && strcmp(prog + n - 3, ".sh") == 0) ||
           in(shells, prog) || in(runners, prog);
}

bool lf_tool_is_setup(const char *prog)
{
    static const char *const setup[] = {"set",   "cd", "export", "umask", ":", "true",
                                        "shopt", ".",  "source", "pushd", NULL};
    return in(setup, prog);
}

bool lf_tool_subcommand_runs(const char *word)
{
    static const char *const runs[] = {"run", "exec", "x", "dlx", "mod", "pip", "tool", NULL};
    return in(runs, word);
}

void lf_tool_normalize(const char *word, char *out, size_t cap)
{
    const char *b = strrchr(word, '/');
    snprintf(out, cap, "%s", b ? b + 1 : word);
    /* pip3.12 -> pip, python3.11 -> python */
    static const char *const versioned[] = {"pip", "python"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(versioned[i]);
        if (strncmp(out, versioned[i], n) == 0 && out[n] &&
            strspn(out + n, "0123456789.") == strlen(out + n))
            out[n] = 0;
    }
}

/* POSIX special and regular builtins that set shell state, and bash's
 * (https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_14,
 * bash(1) SHELL BUILTIN COMMANDS). */
bool lf_tool_sets_shell_state(const char *prog)
{
    static const char *const state[] = {
        "set",    "shopt", "umask",  "alias", "unalias", "trap",    "ulimit",   "pushd", "popd",
        "source", ".",     "export", "unset", "declare", "typeset", "readonly", "local", "hash",
        "enable", "eval",  "exec",   "shift", "getopts", "read",    NULL,
    };
    return in(state, prog);
}

lf_tool_kind lf_tool_kind_of(const char *prog)
{
    if (strcmp(prog, "cd") == 0)
        return LF_TOOL_CD;
    if (strcmp(prog, "rm") == 0)
        return LF_TOOL_RM;
    if (strcmp(prog, "export") == 0)
        return LF_TOOL_EXPORT;
    return LF_TOOL_OTHER;
}

/* --- what programs do to files ------------------------------------------------------ */

/* clang-format off */
#define FXOPTS(...) (const lf_fx_opt[]){__VA_ARGS__, {NULL, LF_FX_NONE}}
#define NO_FXOPTS (const lf_fx_opt[]){{NULL, LF_FX_NONE}}
/* clang-format on */

/*
 * Sources: the programs' manual pages -- GNU coreutils (mkdir, rm, touch,
 * chmod, chown, ln, cp, mv, install, sha256sum, cat), GNU tar, unzip(1),
 * gzip(1), GNU sed, curl(1), wget(1), gpg(1); Debian's locale-gen(8),
 * localedef(1), update-locale(8), dpkg-reconfigure(8), ldconfig(8),
 * update-ca-certificates(8), update-alternatives(1), dpkg(1), apt-mark(8),
 * apt-cache(8), apt-key(8), add-apt-repository(1), debconf-set-selections(1).
 */
static const lf_file_tool file_tools[] = {
    /* nothing on disk */
    {LIST("echo", "printf", "true", "false", ":", "sleep", "id", "whoami", "uname", "date", "pwd",
          "nproc", "arch"),
     LF_FX_NONE, NO_FXOPTS, NULL, NULL, NULL, 0, NULL},
    {LIST("test", "["), LF_FX_READ, NO_FXOPTS, NULL, NULL, NULL, 0, NULL},
    {LIST("cat", "wc"), LF_FX_READ, NO_FXOPTS, NULL, NULL, NULL, 0, NULL},
    {LIST("ls", "du"), LF_FX_READ, NO_FXOPTS, NULL, NULL, NULL, LF_FT_CWD_DEFAULT, NULL},
    {LIST("head", "tail"), LF_FX_READ,
     FXOPTS({"-n", LF_FX_NONE}, {"--lines", LF_FX_NONE}, {"-c", LF_FX_NONE},
            {"--bytes", LF_FX_NONE}),
     NULL, NULL, NULL, 0, NULL},
    {LIST("grep"), LF_FX_READ,
     FXOPTS({"-e", LF_FX_NONE}, {"--regexp", LF_FX_NONE}, {"-f", LF_FX_READ},
            {"--file", LF_FX_READ}, {"-m", LF_FX_NONE}, {"--max-count", LF_FX_NONE}),
     NULL, NULL, LIST("-e", "--regexp", "-f", "--file"), LF_FT_FIRST_NOT_PATH, NULL},
    {LIST("sha256sum", "sha512sum", "sha1sum", "md5sum", "sha224sum", "sha384sum"), LF_FX_READ,
     NO_FXOPTS, LIST("-c", "--check"), NULL, NULL, 0, NULL},
    /* files and directories */
    {LIST("mkdir"), LF_FX_WRITE, FXOPTS({"-m", LF_FX_NONE}, {"--mode", LF_FX_NONE}), NULL, NULL,
     NULL, 0, NULL},
    {LIST("rm", "rmdir", "unlink", "shred"), LF_FX_WRITE, NO_FXOPTS, NULL, NULL, NULL, 0, NULL},
    {LIST("touch"), LF_FX_WRITE,
     FXOPTS({"-r", LF_FX_READ}, {"--reference", LF_FX_READ}, {"-d", LF_FX_NONE},
            {"--date", LF_FX_NONE}, {"-t", LF_FX_NONE}),
     NULL, NULL, NULL, 0, NULL},
    {LIST("chmod", "chown", "chgrp"), LF_FX_WRITE, FXOPTS({"--reference", LF_FX_READ}), NULL, NULL,
     NULL, LF_FT_FIRST_NOT_PATH, NULL},
    {LIST("ln", "cp", "mv"), LF_FX_READ,
     FXOPTS({"-t", LF_FX_WRITE}, {"--target-directory", LF_FX_WRITE}, {"-S", LF_FX_NONE},
            {"--suffix", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_LAST_WRITES, NULL},
    {LIST("install"), LF_FX_READ,
     FXOPTS({"-m", LF_FX_NONE}, {"--mode", LF_FX_NONE}, {"-o", LF_FX_NONE}, {"--owner", LF_FX_NONE},
            {"-g", LF_FX_NONE}, {"--group", LF_FX_NONE}, {"-t", LF_FX_WRITE},
            {"--target-directory", LF_FX_WRITE}, {"-S", LF_FX_NONE}, {"--suffix", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_LAST_WRITES, NULL},
    /* archives: tar without -C and unzip without -d extract into the
     * current directory */
    {LIST("tar"), LF_FX_READ,
     FXOPTS({"-f", LF_FX_RW}, {"--file", LF_FX_RW}, {"-C", LF_FX_WRITE},
            {"--directory", LF_FX_WRITE}, {"-T", LF_FX_READ}, {"--files-from", LF_FX_READ},
            {"-X", LF_FX_READ}, {"--exclude-from", LF_FX_READ}, {"--exclude", LF_FX_NONE},
            {"--strip-components", LF_FX_NONE}, {"--transform", LF_FX_NONE},
            {"--owner", LF_FX_NONE}, {"--group", LF_FX_NONE}, {"--mode", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_CWD | LF_FT_BARE_CLUSTER, NULL},
    {LIST("unzip"), LF_FX_READ, FXOPTS({"-d", LF_FX_WRITE}), NULL, NULL, NULL, LF_FT_CWD, NULL},
    {LIST("gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd"), LF_FX_RW,
     FXOPTS({"-S", LF_FX_NONE}, {"--suffix", LF_FX_NONE}), NULL, NULL, NULL, 0, NULL},
    /* sed: the first operand is the script, unless -e or -f gives it; -i
     * (also -i.bak, --in-place=SUFFIX) edits the files */
    {LIST("sed"), LF_FX_READ,
     FXOPTS({"-e", LF_FX_NONE}, {"--expression", LF_FX_NONE}, {"-f", LF_FX_READ},
            {"--file", LF_FX_READ}, {"-l", LF_FX_NONE}, {"--line-length", LF_FX_NONE}),
     NULL, LIST("-i", "--in-place"), LIST("-e", "--expression", "-f", "--file"),
     LF_FT_FIRST_NOT_PATH, NULL},
    /* downloads: curl writes to stdout unless -o, or -O (the URL's name in
     * the current directory); wget into the current directory unless -O or -P */
    {LIST("curl"), LF_FX_URL,
     FXOPTS({"-o", LF_FX_WRITE}, {"--output", LF_FX_WRITE}, {"--output-dir", LF_FX_WRITE},
            {"-K", LF_FX_READ}, {"--config", LF_FX_READ}, {"-T", LF_FX_READ},
            {"--upload-file", LF_FX_READ}, {"--cacert", LF_FX_READ}, {"--capath", LF_FX_READ},
            {"-E", LF_FX_READ}, {"--cert", LF_FX_READ}, {"--key", LF_FX_READ}, {"-c", LF_FX_WRITE},
            {"--cookie-jar", LF_FX_WRITE}, {"-b", LF_FX_DATA}, {"--cookie", LF_FX_DATA},
            {"-D", LF_FX_WRITE}, {"--dump-header", LF_FX_WRITE}, {"--trace", LF_FX_WRITE},
            {"--trace-ascii", LF_FX_WRITE}, {"--stderr", LF_FX_WRITE}, {"--netrc-file", LF_FX_READ},
            {"-d", LF_FX_DATA}, {"--data", LF_FX_DATA}, {"--data-binary", LF_FX_DATA},
            {"--data-raw", LF_FX_NONE}, {"--data-urlencode", LF_FX_DATA}, {"--json", LF_FX_DATA},
            {"-F", LF_FX_DATA}, {"--form", LF_FX_DATA}, {"-H", LF_FX_DATA},
            {"--header", LF_FX_DATA}, {"-w", LF_FX_DATA}, {"--write-out", LF_FX_DATA},
            {"-z", LF_FX_DATA}, {"--time-cond", LF_FX_DATA}, {"-u", LF_FX_NONE},
            {"--user", LF_FX_NONE}, {"-A", LF_FX_NONE}, {"--user-agent", LF_FX_NONE},
            {"-e", LF_FX_NONE}, {"--referer", LF_FX_NONE}, {"-X", LF_FX_NONE},
            {"--request", LF_FX_NONE}, {"-m", LF_FX_NONE}, {"--max-time", LF_FX_NONE},
            {"--connect-timeout", LF_FX_NONE}, {"--retry", LF_FX_NONE},
            {"--retry-delay", LF_FX_NONE}, {"--retry-max-time", LF_FX_NONE}, {"-x", LF_FX_NONE},
            {"--proxy", LF_FX_NONE}, {"--proto", LF_FX_NONE}, {"--proto-redir", LF_FX_NONE},
            {"-r", LF_FX_NONE}, {"--range", LF_FX_NONE}, {"--limit-rate", LF_FX_NONE},
            {"--resolve", LF_FX_NONE}, {"--connect-to", LF_FX_NONE}, {"--max-redirs", LF_FX_NONE},
            {"-Y", LF_FX_NONE}, {"-y", LF_FX_NONE}),
     LIST("-O", "--remote-name", "-J", "--remote-header-name", "--remote-name-all"), NULL, NULL,
     LF_FT_NETWORK, NULL},
    {LIST("wget"), LF_FX_URL,
     FXOPTS({"-O", LF_FX_WRITE}, {"--output-document", LF_FX_WRITE}, {"-P", LF_FX_WRITE},
            {"--directory-prefix", LF_FX_WRITE}, {"-o", LF_FX_WRITE},
            {"--output-file", LF_FX_WRITE}, {"-a", LF_FX_WRITE}, {"--append-output", LF_FX_WRITE},
            {"-i", LF_FX_READ}, {"--input-file", LF_FX_READ}, {"--ca-certificate", LF_FX_READ},
            {"--ca-directory", LF_FX_READ}, {"--certificate", LF_FX_READ},
            {"--private-key", LF_FX_READ}, {"--load-cookies", LF_FX_READ},
            {"--save-cookies", LF_FX_WRITE}, {"--post-file", LF_FX_READ},
            {"--body-file", LF_FX_READ}, {"--header", LF_FX_NONE}, {"-U", LF_FX_NONE},
            {"--user-agent", LF_FX_NONE}, {"-t", LF_FX_NONE}, {"--tries", LF_FX_NONE},
            {"-T", LF_FX_NONE}, {"--timeout", LF_FX_NONE}, {"-e", LF_FX_NONE},
            {"--execute", LF_FX_NONE}, {"--user", LF_FX_NONE}, {"--password", LF_FX_NONE},
            {"-w", LF_FX_NONE}, {"--wait", LF_FX_NONE}, {"-Q", LF_FX_NONE},
            {"--max-redirect", LF_FX_NONE}, {"--post-data", LF_FX_NONE}, {"-B", LF_FX_NONE},
            {"--base", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_NETWORK | LF_FT_CWD, NULL},
    {LIST("gpg", "gpg2"), LF_FX_READ,
     FXOPTS({"-o", LF_FX_WRITE}, {"--output", LF_FX_WRITE}, {"--homedir", LF_FX_RW},
            {"--keyring", LF_FX_RW}, {"--keyserver", LF_FX_NONE}, {"-u", LF_FX_NONE},
            {"--local-user", LF_FX_NONE}, {"-r", LF_FX_NONE}, {"--recipient", LF_FX_NONE}),
     NULL, NULL, NULL, 0, ".gnupg"},
    /* the system's own configuration: locales, time zones, libraries,
     * certificates, alternatives, dpkg and apt's state */
    {LIST("locale-gen", "update-locale", "dpkg-reconfigure", "ldconfig", "update-ca-certificates",
          "update-alternatives", "apt-mark", "apt-cache", "chpasswd", "passwd"),
     LF_FX_NONE,
     FXOPTS({"-f", LF_FX_NONE}, {"--frontend", LF_FX_NONE}, {"-p", LF_FX_NONE},
            {"--priority", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_SYSTEM, NULL},
    {LIST("localedef"), LF_FX_NONE,
     FXOPTS({"-i", LF_FX_NONE}, {"--inputfile", LF_FX_NONE}, {"-f", LF_FX_NONE},
            {"--charmap", LF_FX_NONE}, {"-A", LF_FX_READ}, {"--alias-file", LF_FX_READ}),
     NULL, NULL, NULL, LF_FT_SYSTEM, NULL},
    {LIST("dpkg"), LF_FX_NONE,
     FXOPTS({"--admindir", LF_FX_RW}, {"--instdir", LF_FX_RW}, {"--root", LF_FX_RW},
            {"-D", LF_FX_NONE}, {"--debug", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_SYSTEM, NULL},
    {LIST("apt-key"), LF_FX_NONE, FXOPTS({"--keyring", LF_FX_RW}, {"--keyserver", LF_FX_NONE}),
     NULL, NULL, NULL, LF_FT_SYSTEM | LF_FT_NETWORK, NULL},
    {LIST("add-apt-repository"), LF_FX_NONE,
     FXOPTS({"-c", LF_FX_NONE}, {"--component", LF_FX_NONE}), NULL, NULL, NULL,
     LF_FT_SYSTEM | LF_FT_NETWORK, NULL},
    {LIST("debconf-set-selections"), LF_FX_READ, NO_FXOPTS, NULL, NULL, NULL, LF_FT_SYSTEM, NULL},
};

const lf_file_tool *lf_file_tool_find(const char *prog)
{
    for (size_t i = 0; i < sizeof file_tools / sizeof file_tools[0]; i++)
        if (in(file_tools[i].programs, prog))
            return &file_tools[i];
    return NULL;
}

/* Every program: the search path, the user's home and shell, the
 * temporary directory, the dynamic linker (ld.so(8)). */
static const char *const program_env[] = {
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "LD_*", NULL,
};

/* The system's tools and downloads: proxies (curl(1), wget(1), apt.conf(5)
 * Acquire::http::Proxy), the locale and time zone (locale(7), tzset(3)),
 * debconf's front end and priority (debconf(7)), apt, dpkg and zypper's own
 * variables (apt-config(8), dpkg(1) ENVIRONMENT, zypper(8) ENVIRONMENT), the
 * CA bundle curl, wget and OpenSSL read, gpg's home, and Python's and
 * Perl's (packages' maintainer scripts run both: py3compile, debconf). */
static const char *const system_env[] = {
    "TZ",           "LANG",           "LANGUAGE",  "LC_*",      "http_proxy",
    "https_proxy",  "ftp_proxy",      "no_proxy",  "all_proxy", "HTTP_PROXY",
    "HTTPS_PROXY",  "FTP_PROXY",      "NO_PROXY",  "ALL_PROXY", "SSL_CERT_FILE",
    "SSL_CERT_DIR", "CURL_CA_BUNDLE", "CURL_HOME", "WGETRC",    "GNUPGHOME",
    "XDG_*",        "DEBIAN_*",       "DEBCONF_*", "APT_*",     "DPKG_*",
    "ZYPP_*",       "PYTHON*",        "PERL*",     NULL,
};

static bool env_in(const char *const *list, const char *name)
{
    for (size_t i = 0; list[i]; i++) {
        size_t n = strlen(list[i]);
        if (list[i][n - 1] == '*' ? strncmp(list[i], name, n - 1) == 0 : strcmp(list[i], name) == 0)
            return true;
    }
    return false;
}

bool lf_tool_reads_ambient_env(const char *name, bool system)
{
    return env_in(program_env, name) || (system && env_in(system_env, name));
}

/* Branch and channel names that move (git's default branches, release
 * channels) and GitHub's `releases/latest`. */
const char *const lf_url_floating_words[] = {
    "latest", "master",  "main",    "trunk",  "head",     "nightly", "edge",
    "stable", "current", "develop", "canary", "snapshot", NULL,
};

/* --- users ------------------------------------------------------------------------ */

/* Options shared by useradd and usermod (shadow-utils). */
#define SHADOW_OPTS                                                                                \
    {"-u", LF_UA_OPT_UID}, {"--uid", LF_UA_OPT_UID}, {"-g", LF_UA_OPT_GID},                        \
        {"--gid", LF_UA_OPT_GID}, {"-d", LF_UA_OPT_HOME}, {"--home-dir", LF_UA_OPT_HOME},          \
        {"--home", LF_UA_OPT_HOME}, {"-b", LF_UA_OPT_BASE}, {"--base-dir", LF_UA_OPT_BASE},        \
        {"-r", LF_UA_OPT_SYSTEM}, {"--system", LF_UA_OPT_SYSTEM}, {"-S", LF_UA_OPT_SYSTEM},        \
        {"-s", LF_UA_OPT_VALUE}, {"-c", LF_UA_OPT_VALUE}, {"-G", LF_UA_OPT_VALUE},                 \
        {"-e", LF_UA_OPT_VALUE}, {"-k", LF_UA_OPT_VALUE}, {"-K", LF_UA_OPT_VALUE},                 \
        {"-p", LF_UA_OPT_VALUE}, {"-f", LF_UA_OPT_VALUE}, {"-Z", LF_UA_OPT_VALUE},                 \
        {"--comment", LF_UA_OPT_VALUE}, {"--shell", LF_UA_OPT_VALUE},                              \
        {"--groups", LF_UA_OPT_VALUE}, {"--key", LF_UA_OPT_VALUE},                                 \
        {"--password", LF_UA_OPT_VALUE},                                                           \
    {                                                                                              \
        "--expiredate", LF_UA_OPT_VALUE                                                            \
    }

static const lf_user_tool user_tools[] = {
    {LIST("useradd"), LF_UA_USERADD, OPTS(SHADOW_OPTS), NULL},
    {LIST("usermod"), LF_UA_USERMOD, OPTS(SHADOW_OPTS), NULL},
    /* Debian's adduser takes long options (--uid, --gid, --ingroup, --home,
     * --system: home /nonexistent); BusyBox's short ones (-u, -G group,
     * -h home, -S system, -g gecos, -s shell, -k skel) */
    {LIST("adduser"), LF_UA_ADDUSER,
     OPTS({"-u", LF_UA_OPT_UID}, {"--uid", LF_UA_OPT_UID}, {"--gid", LF_UA_OPT_GID},
          {"-G", LF_UA_OPT_GROUP}, {"--ingroup", LF_UA_OPT_GROUP}, {"-h", LF_UA_OPT_HOME},
          {"-d", LF_UA_OPT_HOME}, {"--home", LF_UA_OPT_HOME}, {"--home-dir", LF_UA_OPT_HOME},
          {"-b", LF_UA_OPT_BASE}, {"--base-dir", LF_UA_OPT_BASE}, {"-S", LF_UA_OPT_SYSTEM},
          {"-r", LF_UA_OPT_SYSTEM}, {"--system", LF_UA_OPT_SYSTEM}, {"-g", LF_UA_OPT_VALUE},
          {"-s", LF_UA_OPT_VALUE}, {"-c", LF_UA_OPT_VALUE}, {"-e", LF_UA_OPT_VALUE},
          {"-k", LF_UA_OPT_VALUE}, {"-K", LF_UA_OPT_VALUE}, {"-p", LF_UA_OPT_VALUE},
          {"-f", LF_UA_OPT_VALUE}, {"-Z", LF_UA_OPT_VALUE}, {"--gecos", LF_UA_OPT_VALUE},
          {"--shell", LF_UA_OPT_VALUE}, {"--firstuid", LF_UA_OPT_VALUE},
          {"--lastuid", LF_UA_OPT_VALUE}, {"--comment", LF_UA_OPT_VALUE},
          {"--groups", LF_UA_OPT_VALUE}, {"--key", LF_UA_OPT_VALUE},
          {"--password", LF_UA_OPT_VALUE}, {"--expiredate", LF_UA_OPT_VALUE}),
     "/nonexistent"},
    {LIST("groupadd", "addgroup"), LF_UA_GROUPADD,
     OPTS({"-g", LF_UA_OPT_GID}, {"--gid", LF_UA_OPT_GID}, {"-r", LF_UA_OPT_SYSTEM},
          {"--system", LF_UA_OPT_SYSTEM}, {"-S", LF_UA_OPT_SYSTEM}, {"-K", LF_UA_OPT_VALUE},
          {"-p", LF_UA_OPT_VALUE}, {"--key", LF_UA_OPT_VALUE}, {"--password", LF_UA_OPT_VALUE}),
     NULL},
};

const char *const lf_user_home_base = "/home";

const lf_user_tool *lf_user_tool_find(const char *prog)
{
    for (size_t i = 0; i < sizeof user_tools / sizeof user_tools[0]; i++)
        if (in(user_tools[i].programs, prog))
            return &user_tools[i];
    return NULL;
}

bool lf_user_tool_opt(const lf_user_tool *t, const char *opt, lf_ua_opt_role *role)
{
    for (const lf_ua_opt *o = t->opts; o->opt; o++)
        if (strcmp(o->opt, opt) == 0) {
            *role = o->role;
            return true;
        }
    return false;
}
