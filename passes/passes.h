/*
 * The rewrite passes and their table, in the fixed order in which they run
 * (design.md "The passes (order matters)"). The engine runs whatever table
 * it is handed; the command hands it this one.
 */
#ifndef LF_PASSES_H
#define LF_PASSES_H

#include "pass.h"
#include "pipeline.h"

extern const lf_pass lf_passes[];
extern const size_t lf_npasses;
extern const lf_pass_table lf_pass_table_all;
const lf_pass *lf_pass_find(const char *id);

/* The pipeline (pipeline.h) over this table: runs the passes enabled[i]
 * (indexes of lf_passes) over src (consumed). */
int lf_pipeline_run(lf_result *res, lf_parser *p, lf_source *src, const lf_context *context,
                    const lf_options *opts, const bool *enabled);

/* The passes. */
int lf_pass_merge_apt(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, lf_edits *out);
int lf_pass_late_volatile_args(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx,
                               lf_edits *out);

#endif
