/*
 * .layerfix.yml: the project configuration, read from the root of the git
 * work tree (or the directory layerfix starts in when there is none).
 *
 *   passes:                  # pass id -> true/false (ids of the pass table)
 *     cache-mounts: false
 *   volatile-args: [GIT_SHA, BUILD_ID]    # extra volatile ARG names
 *   target-builder: kaniko   # buildkit | buildah | kaniko | legacy
 *   syntax-directive: true   # add `# syntax=docker/dockerfile:1` when needed
 *   include:                 # files layerfix leaves alone by default
 *     - build/Dockerfile      #   (generated, vendored, templates) that it may
 *                            #   rewrite anyway (same patterns as exclude)
 *   exclude:                 # Dockerfiles discovery skips (.dockerignore
 *     - vendor               #   patterns, relative to the file's directory,
 *     - test/fixtures        #   e.g. `third_party/NAME-*`; `!PATTERN`
 *                            #   re-includes)
 *   contexts:                # Dockerfile -> its build context(s), both
 *     services/api/Dockerfile: .          # relative to the file's directory
 *     tools/Dockerfile: [tools, .]        # built from several contexts
 *
 * Every key is optional and may be null (`exclude:` alone) meaning unset; an
 * empty file is an empty configuration. Booleans are YAML 1.1's plain
 * true/false/yes/no/on/off in any case (a quoted "true" is a string, and an
 * error). Only one YAML document is allowed. Anchors and aliases work.
 *
 * Errors are `FILE:LINE:COL: error: message` with 1-based positions: an
 * unknown key (the message lists the known ones), an unknown pass id (lists
 * the passes), a value of the wrong type, a bad boolean, builder name or ARG
 * name, a duplicate key, an exclude pattern BuildKit would refuse, a
 * `contexts` key that is not an existing file or a value that is not an
 * existing directory (or a list of them), a top level that is not a mapping,
 * and YAML syntax errors (libyaml's text and position).
 */
#ifndef LF_CONFIG_H
#define LF_CONFIG_H

#include "buf.h"
#include "ignore.h"
#include "pass.h"
#include "strv.h"

#include <stdbool.h>

/* The file name lf_config_find looks for. */
#define LF_CONFIG_NAME ".layerfix.yml"
/* The pass table must hold no more passes (checked when loading). */
#define LF_CONFIG_MAX_PASSES 32

/* One entry of `contexts:`. */
typedef struct lf_config_context {
    char *dockerfile; /* the key, joined with the directory of the file as given
                         (relative paths stay relative to the current directory) */
    lf_strv dirs;     /* the context directories, joined the same way, in file order */
    size_t *lines;    /* the line of each of dirs */
} lf_config_context;

typedef struct lf_config {
    const lf_pass_table *passes; /* the passes the file may name */
    /* pass_set[i]: the file says whether passes[i] runs; pass_on[i]: what */
    bool pass_set[LF_CONFIG_MAX_PASSES];
    bool pass_on[LF_CONFIG_MAX_PASSES];
    lf_strv volatile_args; /* extra volatile ARG names, each once, in file order */
    int has_builder;       /* 1 when target-builder was given */
    lf_builder builder;
    int syntax_directive;        /* -1 unset, else 0 or 1 */
    lf_strv exclude;             /* the exclude patterns as written */
    char *path;                  /* the file as given to lf_config_load/parse, NULL when none */
    char *root;                  /* absolute directory the exclude patterns are relative to */
    lf_ignore *exclude_ig;       /* exclude compiled (NULL when there are no patterns) */
    lf_strv include;             /* the include patterns: files layerfix would leave alone
                                    (generated, vendored, templates) that it may rewrite */
    lf_ignore *include_ig;       /* include compiled */
    lf_config_context *contexts; /* `contexts:`, in file order */
    size_t ncontexts;
} lf_config;

/* An empty configuration (nothing set, syntax_directive -1): what a project
 * without .layerfix.yml gets. lf_config_free it like a loaded one. */
void lf_config_init(lf_config *c);

/* Initialises c and reads the file at path (passes: the passes it may
 * name). Returns 0, or -1 with the
 * errors in err (one `FILE:LINE:COL: error: ...` line each, separated by
 * '\n', no trailing newline; an unreadable file gives `FILE: error: ...`).
 * On -1 c is still initialised (free it). c->root is the file's directory. */
int lf_config_load(lf_config *c, const lf_pass_table *passes, const char *path, lf_buf *err);

/* The same from text already in memory; path is used for the messages and
 * for c->root. */
int lf_config_parse(lf_config *c, const lf_pass_table *passes, const char *path, const char *text,
                    size_t len, lf_buf *err);

/* Where the configuration of start_dir lives: the root of the git work tree
 * that contains start_dir (git_repository_discover), else start_dir itself.
 * path_out is cleared and gets that directory joined with LF_CONFIG_NAME,
 * relative to the current directory when the directory is the current one,
 * below it or above it, else absolute. Returns 1 when the file exists there,
 * else 0. */
int lf_config_find(lf_buf *path_out, const char *start_dir);

/* Is the Dockerfile at path (relative to the current directory, or
 * absolute) excluded by c's `exclude` patterns? The path is compared relative
 * to c->root (symbolic links in its directory resolved); a path outside
 * c->root, or c NULL or without patterns, is never excluded. */
bool lf_config_excluded(const lf_config *c, const char *path);
/* Is it listed under `include` (the same way)? */
bool lf_config_included(const lf_config *c, const char *path);

void lf_config_free(lf_config *c);

#endif
