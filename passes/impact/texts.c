/* The cache-impact estimate from the two texts of a Dockerfile (see
 * impact_estimate.h). */
#include "impact_estimate.h"

#include "source.h"

#include <stdlib.h>
#include <string.h>

/* Parses text into *doc and *an; false (with a note) when it does not
 * parse cleanly. */
static bool parse(lf_impact *out, lf_parser *p, const char *path, const char *text, size_t len,
                  const char *which, lf_doc **doc, lf_analysis **an)
{
    *doc = NULL;
    *an = NULL;
    lf_source *src = NULL;
    if (lf_source_from_bytes(&src, path, text, len) == 0 && lf_doc_parse(doc, p, src) == 0 &&
        (*doc)->nerrors == 0 && (*an = lf_analyze(*doc)) != NULL)
        return true;
    const char *msg = "no estimate: the %s Dockerfile does not parse";
    lf_buf b = LF_BUF_INIT;
    lf_buf_printf(&b, msg, which);
    lf_strv_push(&out->notes, b.data, b.len);
    lf_buf_free(&b);
    if (*doc)
        lf_doc_free(*doc);
    *doc = NULL;
    return false;
}

int lf_impact_estimate_texts(lf_impact *out, lf_parser *p, const char *path, const char *old_text,
                             size_t old_len, const char *new_text, size_t new_len,
                             const char *old_ignore, size_t old_ignore_len, const char *new_ignore,
                             size_t new_ignore_len, const lf_impact_opts *opts)
{
    memset(out, 0, sizeof *out);
    lf_doc *docs[2] = {NULL, NULL};
    lf_analysis *ans[2] = {NULL, NULL};
    int rc = -1;
    if (parse(out, p, path, old_text, old_len, "original", &docs[0], &ans[0]) &&
        parse(out, p, path, new_text, new_len, "new", &docs[1], &ans[1])) {
        lf_impact_input b = {docs[0], ans[0], old_ignore, old_ignore_len};
        lf_impact_input a = {docs[1], ans[1], new_ignore, new_ignore_len};
        rc = lf_impact_estimate(out, &b, &a, opts);
    }
    for (int k = 0; k < 2; k++) {
        lf_analysis_free(ans[k]);
        if (docs[k])
            lf_doc_free(docs[k]);
    }
    return rc;
}
