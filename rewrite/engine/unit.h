/*
 * A build unit: the Dockerfiles built from one build context, and the other
 * documents of that context the passes may edit (its ignore files). The
 * engine runs the per-file passes over each Dockerfile (the pipeline), then
 * the unit passes over all of them.
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
} lf_unit;

/* An empty unit over context (borrowed; may be NULL). */
void lf_unit_init(lf_unit *u, lf_context *context);
/* Adds the Dockerfile at path (borrowed), read from disk (a file that
 * cannot be read is an item with an error). */
void lf_unit_add_file(lf_unit *u, const char *path);
/* Adds a Dockerfile whose text is given (path borrowed, text copied). */
void lf_unit_add_text(lf_unit *u, const char *path, const char *text, size_t len);
/* Runs the passes (enabled[i] for passes[i]). Returns 0; -1 only on an
 * internal failure, which is also marked on the items it hit. */
int lf_unit_run(lf_unit *u, lf_parser *p, const lf_options *opts, const lf_pass *passes,
                size_t npasses, const bool *enabled);
void lf_unit_free(lf_unit *u);

#endif
