/*
 * The properties the fuzz targets check, shared with
 * tests/test_fuzz_regressions.c (which replays the saved crashing inputs
 * without libFuzzer). Each check returns NULL when the property holds, or a
 * static message naming the one that failed.
 *
 * - lf_fuzz_check_parse: the pieces tile the input (contiguous, from 0 to
 *   len) and, when the doc has no error, lf_doc_write_source gives the input
 *   back byte for byte.
 * - lf_fuzz_check_pipeline: all default passes, no build context. When the
 *   input has no error: the output re-parses with no error, and a second run
 *   over the output changes nothing.
 */
#ifndef LF_FUZZ_CHECKS_H
#define LF_FUZZ_CHECKS_H

#include "model.h"
#include "passes.h"
#include "pipeline.h"
#include "source.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static inline const char *lf_fuzz_check_parse(lf_parser *p, const char *data, size_t len)
{
    lf_source *src;
    if (lf_source_from_bytes(&src, "fuzz", data, len) != 0)
        return "lf_source_from_bytes failed";
    lf_doc *doc;
    if (lf_doc_parse(&doc, p, src) != 0)
        return NULL; /* out of memory in the parser: not a finding */
    const char *bad = NULL;
    size_t at = 0;
    for (size_t i = 0; i < doc->npieces && !bad; i++) {
        if (doc->pieces[i].span.start != at || doc->pieces[i].span.end < at)
            bad = "pieces do not tile the input";
        at = doc->pieces[i].span.end;
    }
    if (!bad && at != len)
        bad = "pieces do not end at the end of the input";
    if (!bad && doc->nerrors == 0) {
        lf_buf out = LF_BUF_INIT;
        lf_doc_write_source(doc, &out);
        if (out.len != len || (len > 0 && memcmp(out.data, data, len) != 0))
            bad = "lf_doc_write_source does not reproduce the input";
        lf_buf_free(&out);
    }
    lf_doc_free(doc);
    return bad;
}

static inline void lf_fuzz_default_passes(bool *enabled)
{
    for (size_t i = 0; i < lf_npasses; i++)
        enabled[i] = lf_passes[i].default_on;
}

static inline const char *lf_fuzz_check_pipeline(lf_parser *p, const char *data, size_t len)
{
    bool enabled[64] = {0};
    if (lf_npasses > sizeof enabled / sizeof enabled[0])
        return "too many passes for the fuzz check";
    lf_fuzz_default_passes(enabled);
    lf_options opts = {0};
    opts.target_builder = LF_BUILDER_BUILDKIT;

    lf_source *src;
    if (lf_source_from_bytes(&src, "fuzz", data, len) != 0)
        return "lf_source_from_bytes failed";
    lf_result res;
    if (lf_pipeline_run(&res, p, src, NULL, &opts, enabled) != 0) {
        lf_result_free(&res);
        return NULL; /* out of memory in the parser */
    }
    const char *bad = NULL;
    if (lf_result_failed(&res)) {
        if (res.output_len != len || (len > 0 && memcmp(res.output, data, len) != 0))
            bad = "a file with errors was rewritten";
        lf_result_free(&res);
        return bad;
    }

    /* The output re-parses with no error. */
    lf_source *osrc;
    if (lf_source_from_bytes(&osrc, "fuzz-out", res.output, res.output_len) != 0) {
        lf_result_free(&res);
        return "lf_source_from_bytes failed";
    }
    lf_doc *odoc;
    if (lf_doc_parse(&odoc, p, osrc) == 0) {
        if (odoc->nerrors != 0)
            bad = "the pipeline's output does not re-parse cleanly";
        lf_doc_free(odoc);
    }

    /* A second run changes nothing. */
    if (!bad) {
        lf_source *src2;
        if (lf_source_from_bytes(&src2, "fuzz-out", res.output, res.output_len) != 0) {
            lf_result_free(&res);
            return "lf_source_from_bytes failed";
        }
        lf_result res2;
        if (lf_pipeline_run(&res2, p, src2, NULL, &opts, enabled) == 0) {
            if (lf_result_failed(&res2))
                bad = "the pipeline's output has errors on the second run";
            else if (res2.output_len != res.output_len ||
                     memcmp(res2.output, res.output, res.output_len) != 0)
                bad = "a second pipeline run changed the output";
        }
        lf_result_free(&res2);
    }
    lf_result_free(&res);
    return bad;
}

#endif
