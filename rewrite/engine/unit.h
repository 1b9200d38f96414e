/*
 * A build unit: the Dockerfiles built from one build context, and the other
 * documents the passes may edit: those of that context the unit passes
 * derive from the Dockerfiles (its ignore files), and those the caller
 * hands the unit (lf_unit_add_other: the CI files of a repository, in a
 * unit of their own with no Dockerfile). The engine runs the per-file
 * passes over each Dockerfile (the pipeline), then the unit passes over all
 * of them and the other documents (even with no Dockerfile).
 *
 * Inline control in the other documents (workflows, CI files: `#`
 * comments, inline_control.h): `# layerfix: disable=PASS` before the first
 * line that is not a comment drops that pass's edits and notes of the
 * document; `# layerfix: ignore[=PASS,...]` on the comment lines directly
 * above a line protects that line and the lines indented deeper below it
 * (a YAML block, a recipe): the pass's notes there go, and when one of its
 * edits touches it, all its edits of the document go, with a note.
 *
 * Convergence: a per-file pass may read a document a unit pass edits
 * (copy-manifests-first reads the ignore file). When a unit pass proposes a
 * new text for a document that a Dockerfile's passes read, that Dockerfile's
 * passes run again with the proposal in place of the file (a context
 * overlay), and the unit passes again over their output, until the
 * proposals stay the same (at most three rounds). One run then gives what
 * several would.
 */
#ifndef LF_UNIT_H
#define LF_UNIT_H

#include "pipeline.h"

typedef struct lf_unit_item {
    const char *path; /* as given */
    lf_source *src;   /* NULL when it cannot be read (err says why) */
    lf_buf err;
    lf_result res;
    bool ran;            /* res holds a result */
    bool internal_error; /* the parser failed (out of memory) */
} lf_unit_item;

typedef struct lf_unit {
    lf_context *context; /* NULL: it could not be opened (no file facts) */
    lf_unit_item *items;
    size_t nitems, capi;
    lf_result *docs; /* the other documents a unit pass changed or noted */
    size_t ndocs, capd;
    lf_unit_other *others; /* the documents the caller handed the unit */
    size_t nothers, capo;
} lf_unit;

/* An empty unit over context (borrowed; may be NULL). */
void lf_unit_init(lf_unit *u, lf_context *context);
/* Adds the Dockerfile at path (borrowed), read from disk (a file that
 * cannot be read is an item with an error). */
void lf_unit_add_file(lf_unit *u, const char *path);
/* Adds a Dockerfile whose text is given (path borrowed, text copied). */
void lf_unit_add_text(lf_unit *u, const char *path, const char *text, size_t len);
/* Adds a document of the given kind (path copied; read through the
 * context with lf_context_read_path) for the unit passes. */
void lf_unit_add_other(lf_unit *u, lf_doc_kind kind, const char *path);
/* Runs the passes (enabled[i] for passes[i]). Returns 0; -1 only on an
 * internal failure, which is also marked on the items it hit. */
int lf_unit_run(lf_unit *u, lf_parser *p, const lf_options *opts, const lf_pass *passes,
                size_t npasses, const bool *enabled);
void lf_unit_free(lf_unit *u);

#endif
