/* Which files of a repository are CI files or build scripts (ci.h). */
#include "ci.h"

#include "buildcmd.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool yaml_name(const char *s)
{
    return ends_with(s, ".yml") || ends_with(s, ".yaml");
}

/* A first line `#!/bin/sh`, `#!/usr/bin/env bash`, ... */
static bool shell_shebang(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char line[128] = {0};
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok || strncmp(line, "#!", 2) != 0)
        return false;
    char *end = line + strcspn(line, "\r\n");
    *end = 0;
    /* the interpreter, or env's first argument */
    char *word = line + 2 + strspn(line + 2, " \t");
    char *sp = word + strcspn(word, " \t");
    const char *base = strrchr(word, '/');
    base = base && base < sp ? base + 1 : word;
    if (strncmp(base, "env", 3) == 0 && (base[3] == ' ' || base[3] == '\t')) {
        base = sp + strspn(sp, " \t");
        if (strncmp(base, "-S", 2) == 0)
            base += 2 + strspn(base + 2, " \t");
        sp = (char *)base + strcspn(base, " \t");
    }
    size_t n = (size_t)(sp - base);
    static const char *const shells[] = {"sh", "bash", "dash", "ksh", "zsh", "ash"};
    for (size_t i = 0; i < sizeof shells / sizeof *shells; i++)
        if (strlen(shells[i]) == n && strncmp(base, shells[i], n) == 0)
            return true;
    return false;
}

lf_ci_kind lf_ci_kind_of(const char *rel, const char *path)
{
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (strncmp(rel, ".github/workflows/", 18) == 0 && !strchr(rel + 18, '/') && yaml_name(rel))
        return LF_CI_WORKFLOW;
    if (strncmp(rel, ".github/actions/", 16) == 0 &&
        (strcmp(base, "action.yml") == 0 || strcmp(base, "action.yaml") == 0))
        return LF_CI_WORKFLOW;
    if (strcmp(rel, ".gitlab-ci.yml") == 0 || strcmp(rel, ".gitlab-ci.yaml") == 0)
        return LF_CI_GITLAB;
    if (strcmp(base, "Makefile") == 0 || strcmp(base, "makefile") == 0 ||
        strcmp(base, "GNUmakefile") == 0 || ends_with(base, ".mk"))
        return LF_CI_MAKEFILE;
    if (ends_with(base, ".sh") || ends_with(base, ".bash"))
        return LF_CI_SCRIPT;
    if (!strchr(base, '.') && shell_shebang(path))
        return LF_CI_SCRIPT;
    return LF_CI_NONE;
}

bool lf_ci_load(lf_builds *out, lf_ci_kind kind, const char *path, const char *root)
{
    switch (kind) {
    case LF_CI_WORKFLOW:
        lf_workflow_load(out, path, root);
        return true;
    case LF_CI_GITLAB:
        lf_gitlab_load(out, path, root);
        return true;
    case LF_CI_MAKEFILE:
        return lf_makefile_load(out, path, root);
    case LF_CI_SCRIPT:
        return lf_script_load(out, path, root);
    case LF_CI_NONE:
        break;
    }
    return false;
}

void lf_ci_add(void *adder, const lf_buildcmd *c)
{
    const lf_ci_adder *a = adder;
    size_t line = a->line_map && c->line >= 1 && c->line <= a->nlines ? a->line_map[c->line - 1]
                                                                      : a->first_line + c->line - 1;
    lf_builds_add_paths(a->out, a->kind, c->tool, a->file, line, c->context, c->dockerfile,
                        c->target);
}
