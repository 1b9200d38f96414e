/*
 * The pipeline (design.md "Data flow"): for each enabled pass in the fixed
 * order, edits = pass(doc), text = apply(edits), doc = parse(text). A pass
 * whose edits do not apply or whose output does not re-parse cleanly (an
 * ERROR/MISSING node or a BuildKit parse error) has its edits dropped and is
 * reported; the passes after it still run. A file whose input has errors is
 * never rewritten.
 */
#ifndef LF_PIPELINE_H
#define LF_PIPELINE_H

#include "pass.h"

#include <stdbool.h>

typedef struct lf_pass_run {
    const lf_pass *pass;
    lf_edits edits; /* in the coordinates of this pass's input text */
    char *input;    /* that input text (owned) */
    size_t input_len;
    char *dropped; /* why the edits were dropped, or NULL */
} lf_pass_run;

typedef struct lf_result {
    lf_doc_kind kind;
    char *path;
    char *input; /* the original bytes */
    size_t input_len;
    char *output; /* the final bytes (== input when nothing changed) */
    size_t output_len;
    lf_pass_run *runs; /* the passes that proposed edits (kept or dropped) */
    size_t nruns, cap;
    lf_note *notes; /* line = line of the original file */
    size_t nnotes;
    lf_buf errors; /* FILE:LINE:COL: error: lines of the input; then nothing was run */
    /* a document other than a Dockerfile (a build unit's ignore file) */
    bool is_new; /* it does not exist yet (input is empty) */
    bool has_sizes;
    lf_context_size before, after; /* LF_DOC_IGNORE: what the builder is sent */
    lf_strv quiet;     /* LF_DOC_IGNORE: paths whose changes no longer invalidate a broad COPY */
    char *context_dir; /* LF_DOC_IGNORE: its build context, as shown */
    /* the ignore files the passes read (see lf_ctx) */
    char **reads;
    size_t nreads;
    /* the output parsed and analysed, when the caller asked to keep them
     * (lf_pipeline_run_kept), else NULL; owned */
    lf_doc *doc;
    lf_analysis *an;
} lf_result;

/* Runs the passes[i] with enabled[i] over src (consumed), in order.
 * Returns 0; -1 only on internal failure (out of memory in the parser). */
int lf_pipeline_run_passes(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                           const lf_options *opts, const lf_pass *passes, size_t npasses,
                           const bool *enabled);
/* The same; with keep, res->doc and res->an are the output's (a unit pass
 * reads them instead of parsing the output again). */
int lf_pipeline_run_kept(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                         const lf_options *opts, const lf_pass *passes, size_t npasses,
                         const bool *enabled, bool keep);
void lf_result_free(lf_result *res);
bool lf_result_changed(const lf_result *res);
bool lf_result_failed(const lf_result *res);

/* Maps an offset of pass run k's input back to the original input. */
size_t lf_result_map_back(const lf_result *res, size_t k, size_t offset);

#endif
