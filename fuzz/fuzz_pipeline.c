/* libFuzzer target: see fuzz_checks.h (lf_fuzz_check_pipeline). */
#include "fuzz_checks.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lf_parser *parser;
    if (!parser && !(parser = lf_parser_new()))
        abort();
    const char *bad = lf_fuzz_check_pipeline(parser, (const char *)data, size);
    if (bad) {
        fprintf(stderr, "fuzz_pipeline: %s\n", bad);
        abort();
    }
    return 0;
}
