/*
 * .gitignore rules translated into .dockerignore patterns.
 *
 * The two formats look alike but differ: a .gitignore rule without a slash
 * (`node_modules`, `*.log`) matches at any depth below its file's directory,
 * while a .dockerignore pattern is anchored at the context root, so that rule
 * becomes `**` + "/node_modules" (prefixed with the .gitignore's directory
 * when it is below the context root); a rule with a slash is anchored at its
 * file's directory; a trailing '/' means "directories only", which
 * .dockerignore cannot say (its patterns are cleaned, so `build/` is `build`
 * and also excludes a file named build), so such rules also get a form that
 * matches only what is below the directory (`build` then "/" and `**`);
 * `[!...]` is `[^...]`; a `\` before an ordinary character is dropped (in
 * .dockerignore it would reach Go's regexp: `\d` is a digit there); `^` is
 * escaped (an anchor there). Negations keep their place in the order.
 *
 * A .gitignore in a parent directory of the context applies too: its
 * unanchored rules still match at any depth, its anchored rules apply when
 * their leading segments match the context's path from that directory.
 */
#ifndef LF_GITIGNORE_H
#define LF_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_gitignore_rule {
    size_t line;    /* 1-based, in the .gitignore */
    bool negate;    /* a `!` rule */
    bool dir_only;  /* the rule ended in '/' */
    char *pattern;  /* the .dockerignore pattern (no '!'), or NULL when skipped */
    char *dir_form; /* dir_only: pattern + "/" + `**` (only what is below), else NULL */
    char *name;     /* the last segment when it has no wildcard (`node_modules`), else NULL */
    char *skipped;  /* why the rule has no translation, or NULL */
} lf_gitignore_rule;

typedef struct lf_gitignore {
    lf_gitignore_rule *rules;
    size_t n, cap;
} lf_gitignore;

/* Translates the rules of one .gitignore file (text[0..len)) found in
 * directory gi_dir, for the build context directory ctx_dir; both are
 * relative to the work tree root, '/'-separated, "" for the root. gi_dir
 * must be ctx_dir, below it, or one of its parent directories. Rules that
 * cannot match inside the context are left out; rules that cannot be
 * expressed are kept with `skipped` set. Appends to out. */
void lf_gitignore_translate(lf_gitignore *out, const char *text, size_t len, const char *gi_dir,
                            const char *ctx_dir);
void lf_gitignore_free(lf_gitignore *g);

/* Escapes a literal path (relative to the context root) as a .dockerignore
 * pattern that matches exactly that path. Returns a malloc'd string. */
char *lf_dockerignore_escape_path(const char *path);

#endif
