/* The analysis of a Dockerfile (see analysis.h). */
#include "analysis.h"

#include <stdlib.h>

struct lf_analysis {
    const lf_doc *doc;
};

lf_analysis *lf_analyze(const lf_doc *doc)
{
    lf_analysis *a = calloc(1, sizeof *a);
    if (a)
        a->doc = doc;
    return a;
}

void lf_analysis_free(lf_analysis *a)
{
    free(a);
}
