/*
 * Private to passes/copy_manifests: the types and helpers the manifest rules
 * share. lf_install_classify (manifests.c) parses the command line
 * (mf_cmdline.c), adds the table's files (mf_context.c), runs the rules of
 * the command's ecosystem (mf_node.c, mf_python.c, mf_go_ruby_php.c,
 * mf_jvm.c, mf_dotnet.c), which read the manifests with mf_json.c and
 * mf_text.c and record what they want or why they skip in an mctx
 * (mf_result.c), then checks the install's outputs and the ignore file
 * (mf_context.c).
 */
#ifndef LF_MF_H
#define LF_MF_H

#include "manifests.h"

#include "buf.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

#define MF_MAX_DEPTH 16 /* nested requirement files, Maven modules, project references */

/* --- the result under construction (mf_result.c) --------------------------- */

typedef struct mfile {
    char *path;
    bool dir, required;
} mfile;

typedef struct mctx {
    const lf_manifest_env *env;
    const char *dir; /* the project directory */
    mfile *files;
    size_t n, cap;
    lf_buf *why;
    bool skipped;
    lf_strv seen; /* files already followed (include cycles) */
} mctx;

/* Is p a file (a directory: has d a file below it) of the build context? */
bool mf_ctx_file(const lf_manifest_env *e, const char *p);
bool mf_ctx_dir(const lf_manifest_env *e, const char *d);
bool mf_ignored(const lf_manifest_env *e, const char *path, bool is_dir);
/* Records the first reason to skip the install; returns false. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
bool mf_skipf(mctx *m, const char *fmt, ...);
void mf_want(mctx *m, const char *path, bool dir, bool required);
bool mf_want_file(mctx *m, const char *path);
/* Was path followed before? (Records it when not.) */
bool mf_seen_before(mctx *m, const char *path);
bool mf_read_ctx(mctx *m, const char *path, lf_buf *out);

/* --- strings, paths, line scans, globs (mf_text.c) -------------------------- */

bool mf_starts_with(const char *s, const char *prefix);
bool mf_ends_with(const char *s, const char *suffix);
bool mf_ends_with_nocase(const char *s, const char *suffix);
const char *mf_base_name(const char *p);
void mf_dir_name(const char *p, lf_buf *out);
bool mf_path_resolve(const char *dir, const char *rel, lf_buf *out);
bool mf_is_local_path(const char *w);

/* Calls fn for each line of text (without its newline, CR removed). */
typedef bool (*line_fn)(mctx *m, const char *path, const char *line, size_t len, void *arg);
bool mf_each_line(mctx *m, const char *path, const char *text, line_fn fn, void *arg);
void mf_trim(const char **s, size_t *len);
bool mf_is_word_char(char c);
bool mf_line_is_comment(const char *line, size_t len);

typedef struct toml_scan {
    const char *key;      /* report a line that assigns this key */
    const char *table;    /* ... only inside tables starting with this (NULL: any) */
    bool in_table, found; /* state / result */
    char found_line[160];
} toml_scan;
/* Does a line of the TOML text assign key (inside a table starting with
 * table, or any)? The line is in t->found_line. */
bool mf_toml_find(const char *text, const char *table, const char *key, toml_scan *t);
/* Does the text have the line `header` (a TOML table header)? */
bool mf_text_has_table(const char *text, const char *header);
void mf_yaml_list(const char *text, const char *key, lf_strv *out);
void mf_strip_xml_comments(lf_buf *text);
void mf_clean_pattern(const char *p, size_t len, lf_buf *out);

/* --- JSON (mf_json.c) ------------------------------------------------------ */

typedef struct jv {
    char type; /* 'o'bject, 'a'rray, 's'tring, 'x' any other scalar */
    char *key; /* the member name, inside an object */
    char *str; /* 's': the decoded string */
    struct jv *kids;
    size_t n, cap;
} jv;

void mf_jv_free(jv *v);
/* The member key of object obj, or NULL. */
const jv *mf_jget(const jv *obj, const char *key);
const char *mf_jfind_prefixed(const jv *v, const char *const *prefixes);
/* Reads and parses a context file; false (and skipped) when it cannot. */
bool mf_read_json(mctx *m, const char *path, jv *out);

/* --- the command line (mf_cmdline.c) ----------------------------------------- */

#define MF_MAX_WORDS 64

typedef struct opt {
    const char *word; /* the option word as written (`--omit=dev`) */
    char name[64];    /* `--omit` */
    const char *value;
    bool value_dyn;
} opt;

typedef struct cmdline {
    const lf_pm *pm;
    bool wrapper;
    const char *program; /* the program word as written */
    const char *pos[MF_MAX_WORDS];
    bool pos_dyn[MF_MAX_WORDS];
    size_t npos;
    opt opts[MF_MAX_WORDS];
    size_t nopts;
} cmdline;

void mf_parse_args(cmdline *cl, char *const *w, const bool *dyn, size_t from, size_t n);
const opt *mf_find_opt(const cmdline *cl, const char *name);
bool mf_has_any_opt(const cmdline *cl, const char *const *names);
bool mf_form_matches(const cmdline *cl, const lf_pm_install *f, size_t *nwords);

/* --- the rules of each ecosystem --------------------------------------------- */

/* They add the files the install reads to m, or skip it with the reason. */

/* npm, Yarn, pnpm (mf_node.c) */
void mf_node_rules(mctx *m, const cmdline *cl);
/* pip and `uv pip` (returns the kind: an install of registry packages only
 * reads nothing of the project); Pipenv, Poetry, uv projects (mf_python.c) */
lf_cmd_kind mf_pip_install(mctx *m, const cmdline *cl, size_t nwords, bool args_are_files);
void mf_python_project_rules(mctx *m, const cmdline *cl, bool needs_missing,
                             const lf_pm_install *form);
/* Go modules, Bundler, Composer (mf_go_ruby_php.c) */
void mf_go_rules(mctx *m);
void mf_bundler_rules(mctx *m);
void mf_composer_rules(mctx *m, const cmdline *cl);
/* Maven, Gradle (mf_jvm.c) */
void mf_maven_rules(mctx *m, const cmdline *cl);
void mf_gradle_rules(mctx *m);
/* dotnet restore (mf_dotnet.c) */
void mf_dotnet_rules(mctx *m, const cmdline *cl, size_t nwords);

/* --- the install against the build context (mf_context.c) -------------------- */

/* Wants the table's fixed files of pm that exist (wrapper: the project's
 * wrapper script runs); skips when a required one is missing. */
void mf_table_files(mctx *m, const lf_pm *pm, bool wrapper);
/* Is the file at context path p named like one of pm's manifests? */
bool mf_is_manifest_name(const lf_pm *pm, const char *p);
void mf_check_outputs(mctx *m, const lf_pm *pm);
/* Drops the wanted files the ignore file excludes; skips when one is required. */
void mf_apply_dockerignore(mctx *m);

#endif
