/*
 * Build contexts named by Docker Compose files and Docker Bake files: which
 * directory is the build context of which Dockerfile (design.md "Outputs and
 * modes", Discovery). Without them layerfix assumes the Dockerfile's own
 * directory, which is wrong for `build: {context: ., dockerfile: app/Dockerfile}`.
 *
 * Compose (compose.c, YAML through libyaml's document loader, so anchors,
 * aliases and `<<:` merge keys in services and build mappings work):
 * `services.NAME.build` is a string (the context; the Dockerfile is
 * CONTEXT/Dockerfile) or a mapping with `context` (default `.`) and
 * `dockerfile` (default `Dockerfile`, relative to the context unless
 * absolute). Paths are relative to the compose file's directory. `include:`
 * and `extends:` are followed as compose follows them (compose.c).
 *
 * Bake (bake.c): docker-bake*.hcl blocks `target "NAME" { context = "..."
 * dockerfile = "..." inherits = ["base"] }` (the same in docker-bake*.json),
 * with `inherits` resolved (later parents override earlier ones, the target's
 * own attributes override all) and `${VAR}` replaced by the literal string
 * default of `variable "VAR" { default = "..." }`. Everything else of HCL
 * (comments, heredocs, nested blocks, expressions, functions) is skipped.
 *
 * Interpolation is never taken from the environment (the result must not
 * depend on where layerfix runs): a compose variable is set only by the
 * `.env` of the project directory (dotenv.h); `${VAR:-default}` and
 * `${VAR-default}` of an unset one give the default, `$$` is `$`; a value
 * that needs an unset variable without a default is skipped. CI files and
 * build scripts add builds of their own to the same list (ci.h), each with
 * the kind of evidence it is (evidence.h). Skipped builds (remote contexts:
 * URLs, `git@...`; `dockerfile_inline` / `dockerfile-inline`; unresolved
 * variables; values that are not strings) add a note, never an error.
 */
#ifndef LF_COMPOSE_H
#define LF_COMPOSE_H

#include "buf.h"
#include "evidence.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct lf_build_ref {
    /* Both lexically cleaned (`a/./b/../c` is `a/c`) and joined with the
     * directory of the compose/bake file as it was given (relative paths stay
     * relative to the current directory). */
    char *dockerfile;
    char *context;         /* NULL: built from standard input, no context */
    char *origin;          /* where it was read: "FILE:LINE" */
    lf_evidence_kind kind; /* what was read there */
    char *detail;          /* see lf_context_evidence.detail; may be NULL */
    /* the stage the build stops at: compose `build.target`, bake `target`,
     * `--target` of a build command, build-push-action `target:`; NULL:
     * the last stage (or a target that cannot be known here) */
    char *target;
    /* internal: lf_path_key of dockerfile and context, taken when added */
    char *dockerfile_key, *context_key;
} lf_build_ref;

typedef struct lf_builds {
    lf_build_ref *items;
    size_t n, cap;
    /* "FILE:LINE: note: ..." for every build that was skipped or conflicts
     * with an earlier one */
    lf_strv notes;
    /* --context DIR: the one context of every Dockerfile (NULL: none) */
    char *override;
    /* the compose files loaded so far, each with its project directory and
     * env files (compose.c: one load each, also through `include:`) */
    lf_strv loaded;
    /* every file discovery met whose name looks like a Dockerfile or a
     * Dockerfile template (for ownership.h) */
    lf_strv dockerfile_like;
} lf_builds;

/* docker-compose*.yml|yaml, compose*.yml|yaml (the part after the prefix,
 * when not empty, starts with '.', '-' or '_': `composer.yml` is not one). */
bool lf_is_compose_name(const char *base);
/* docker-bake*.hcl, docker-bake*.json (same rule after the prefix). */
bool lf_is_bake_name(const char *base);

/* Appends the builds of the compose file at path to out. Returns 0, or -1
 * with `FILE:LINE:COL: error: ...` (or `FILE: error: ...` when unreadable)
 * in err when the file cannot be read or is not valid YAML; out then keeps
 * what it had. A file whose structure is not a compose file's (no services,
 * a service that is not a mapping) gives notes, not errors. */
int lf_compose_load(lf_builds *out, const char *path, lf_buf *err);
/* The same from text in memory; path names the file (messages, directory). */
int lf_compose_parse(lf_builds *out, const char *path, const char *text, size_t len, lf_buf *err);

/* Appends the targets of a bake file: JSON when path ends in ".json", else
 * HCL. The HCL reader never fails on the text (what it does not understand
 * it skips); -1 only when the file is unreadable or, for JSON, invalid. */
int lf_bake_load(lf_builds *out, const char *path, lf_buf *err);
int lf_bake_parse(lf_builds *out, const char *path, const char *text, size_t len, lf_buf *err);

/* lf_compose_load or lf_bake_load by the file's name (lf_is_bake_name
 * decides; anything else is read as compose YAML). */
int lf_builds_load(lf_builds *out, const char *path, lf_buf *err);

/* The build that names dockerfile_path, matched by realpath (or, for a path
 * that does not exist, the realpath of its nearest existing directory joined
 * with the rest, cleaned); NULL when none. When several builds name it with
 * different contexts the first wins (lf_builds_add noted the others); builds
 * from standard input (no context) are passed over. The builds' own paths
 * were resolved when they were added: do not change the current directory
 * in between. Only what was read from files (.layerfix.yml, compose, bake,
 * CI, scripts) counts here; lf_builds_contexts_for (contexts.h) gives the
 * whole answer. */
const lf_build_ref *lf_builds_context_for(const lf_builds *b, const char *dockerfile_path);

void lf_builds_free(lf_builds *b);

/* --- shared by compose.c, bake.c and discover.c ------------------------------------ */

/* Adds one compose build read at FILE:LINE: context (relative to the
 * directory of file unless absolute) and dockerfile (relative to the context
 * unless absolute). An exact repeat (same Dockerfile, same context, same
 * target) is dropped; the same Dockerfile with another context is kept after
 * the first one and, when both come from builds that happen (compose, bake,
 * CI, scripts), noted; with another target only, it is kept (its target
 * counts, lf_builds_targets_for). */
void lf_builds_add(lf_builds *out, const char *file, size_t line, const char *context,
                   const char *dockerfile);
/* The same for any kind of evidence, with a detail and a target (the stage
 * built; both may be NULL). */
void lf_builds_add_as(lf_builds *out, lf_evidence_kind kind, const char *detail, const char *file,
                      size_t line, const char *context, const char *dockerfile, const char *target);
/* Adds one build whose paths are already usable from the current directory
 * (relative to it, or absolute): context NULL means standard input. */
void lf_builds_add_paths(lf_builds *out, lf_evidence_kind kind, const char *detail,
                         const char *file, size_t line, const char *context, const char *dockerfile,
                         const char *target);
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void lf_builds_note(lf_builds *out, const char *file, size_t line, const char *fmt, ...);

/* A build context that is not a local directory: a URL (`scheme://`), a git
 * address (`git@host:...`, `github.com/...`). */
bool lf_build_context_is_remote(const char *context);

/* Reads a whole file into text (NUL-terminated); 0, or -1 with
 * `FILE: error: ...` in err. */
int lf_builds_read_file(const char *path, lf_buf *text, lf_buf *err);

/* Loads the first YAML document of text with libyaml (a yaml_document_t the
 * caller deletes); 0, or -1 with `FILE:LINE:COL: error: ...` in err. */
struct yaml_document_s;
int lf_builds_load_yaml(struct yaml_document_s *doc, const char *path, const char *text, size_t len,
                        lf_buf *err);

/* The identity of a path for comparisons (see lf_builds_context_for),
 * appended to out. */
void lf_path_key(const char *path, lf_buf *out);

/* path (relative to the current directory or absolute) as the user should
 * see it, appended to out: "." for the current directory, relative below it
 * or (with "../") above it inside the same top-level directory, else
 * absolute; cleaned. */
void lf_path_display(const char *path, lf_buf *out);

/* dir joined with rel (rel as is when absolute), cleaned, appended to out. */
void lf_path_join_dir(const char *dir, const char *rel, lf_buf *out);

/* The directory part of path ("." when there is none), appended to out. */
void lf_path_dir(const char *path, lf_buf *out);

#endif
