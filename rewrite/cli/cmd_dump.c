/* `layerfix dump`: print how Dockerfiles parse (see dump.h). */
#include "cmd.h"
#include "dump.h"
#include "model.h"
#include "source.h"

#include <stdio.h>
#include <string.h>

static const char USAGE_DUMP[] =
    "usage: layerfix dump [--format=buildkit|tree|source|shell] FILE...\n"
    "\n"
    "Parses each Dockerfile and prints one view of it:\n"
    "  buildkit  one line per instruction, in the format of BuildKit's own\n"
    "            parser dump (default)\n"
    "  tree      the syntax tree, with field names and [row, col] positions\n"
    "  source    the file rebuilt from the parsed pieces (equals the input)\n"
    "  shell     for each RUN, the tree-sitter-bash tree of its shell text\n"
    "\n"
    "Exit status: 0 when every file parsed, 2 when one did not (errors are\n"
    "printed as FILE:LINE:COL: error: MESSAGE).\n";

int lf_cmd_dump(int argc, char **argv)
{
    lf_dump_format fmt = LF_DUMP_BUILDKIT;
    int first_file = argc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE_DUMP, stdout);
            return 0;
        }
        if (strncmp(a, "--format=", 9) == 0) {
            if (lf_dump_format_from_name(&fmt, a + 9) != 0) {
                fprintf(stderr,
                        "layerfix dump: unknown format '%s' (buildkit, tree, source, shell)\n",
                        a + 9);
                return LF_EXIT_ERROR;
            }
            continue;
        }
        if (strcmp(a, "--") == 0) {
            first_file = i + 1;
            break;
        }
        if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "layerfix dump: unknown option '%s'\n%s", a, USAGE_DUMP);
            return LF_EXIT_ERROR;
        }
        first_file = i;
        break;
    }
    if (first_file >= argc) {
        fputs(USAGE_DUMP, stderr);
        return LF_EXIT_ERROR;
    }
    lf_parser *parser = lf_parser_new();
    if (!parser) {
        fputs("layerfix: cannot create the parser\n", stderr);
        return LF_EXIT_ERROR;
    }
    int status = 0;
    lf_buf out = LF_BUF_INIT, err = LF_BUF_INIT;
    for (int i = first_file; i < argc; i++) {
        lf_source *src;
        lf_buf_clear(&err);
        if (lf_source_read_file(&src, argv[i], &err) != 0) {
            fprintf(stderr, "%s\n", lf_buf_cstr(&err));
            status = 2;
            continue;
        }
        lf_doc *doc;
        if (lf_doc_parse(&doc, parser, src) != 0) {
            fprintf(stderr, "%s: error: the parser failed\n", argv[i]);
            status = 2;
            continue;
        }
        lf_buf_clear(&out);
        if (doc->nerrors > 0) {
            lf_doc_print_diags(doc, &err);
            fputs(lf_buf_cstr(&err), stderr);
            status = 2;
            if (fmt == LF_DUMP_TREE) {
                lf_dump(&out, doc, fmt, &err);
                fwrite(out.data, 1, out.len, stdout);
            }
            lf_doc_free(doc);
            continue;
        }
        if (lf_dump(&out, doc, fmt, &err) != 0) {
            fprintf(stderr, "%s: error: %s\n", argv[i], lf_buf_cstr(&err));
            status = 2;
        }
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        lf_doc_free(doc);
    }
    lf_buf_free(&out);
    lf_buf_free(&err);
    lf_parser_free(parser);
    return status;
}
