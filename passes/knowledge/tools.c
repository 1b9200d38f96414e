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
     false, LIST("-u", "--user"), LIST("-H", "--set-home", "-i", "--login"), false},
    {"env", "uCS", LIST("--unset", "--chdir", "--split-string"), true, NULL, NULL, false},
    {"nice", "n", LIST("--adjustment"), false, NULL, NULL, false},
    {"time", "", NULL, false, NULL, NULL, false},
    {"command", "", NULL, false, NULL, NULL, false},
    {"exec", "", NULL, false, NULL, NULL, false},
    {"nohup", "", NULL, false, NULL, NULL, false},
    /* gosu USER CMD, su-exec USER CMD: the user first, HOME set to theirs */
    {"gosu", "", NULL, false, NULL, NULL, true},
    {"su-exec", "", NULL, false, NULL, NULL, true},
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
