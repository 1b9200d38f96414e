/*
 * The analysis of one parsed Dockerfile (design.md "Data flow": analysis):
 * the facts every pass reads instead of deriving them on its own, computed
 * once per parsed document by the engine.
 */
#ifndef LF_ANALYSIS_H
#define LF_ANALYSIS_H

#include "model.h"

typedef struct lf_analysis lf_analysis;

/* Analyses doc (which must outlive the analysis). NULL only when out of
 * memory. */
lf_analysis *lf_analyze(const lf_doc *doc);
void lf_analysis_free(lf_analysis *a);

#endif
