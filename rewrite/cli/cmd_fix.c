/*
 * `layerfix [OPTIONS] [PATH...]`: run the passes over Dockerfiles and show
 * (default), summarise (--check) or write (--fix) the result.
 *
 * Output contract: the diff (or the --check summary) goes to stdout; errors,
 * warnings and notes go to stderr as `FILE:LINE[:COL]: kind: ...`. A file
 * with an error is never written and does not stop the others.
 */
#include "fix.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int lf_cmd_fix(int argc, char **argv)
{
    lf_fix_opts o = {0};
    lf_cli_settings cli = {0};
    int first;
    bool done;
    if (lf_fix_parse_args(&o, &cli, argc, argv, &first, &done) != 0)
        return LF_EXIT_ERROR;
    if (done)
        return LF_EXIT_CLEAN;
    int status = LF_EXIT_ERROR;
    lf_strv files = LF_STRV_INIT;
    lf_ci_files ci = {0};
    lf_buf err = LF_BUF_INIT;
    lf_report report = LF_REPORT_INIT(&lf_pass_table_all);
    lf_run run = {.o = &o};
    /* one repository and one libgit2 initialisation (which loads the system
     * CA bundle) for the whole run, not one per build context */
    lf_context_cache_begin();
    if (lf_fix_load_config(&o) != 0 || lf_fix_settle(&o, &cli) != 0)
        goto out;
    lf_builds_set_override(&o.builds, o.context_dir);
    int failed = lf_discover_ci(&files, &o.builds, &ci, argv + first, argc - first,
                                o.have_config ? &o.config : NULL, &err);
    fputs(lf_buf_cstr(&err), stderr);
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode))
            lf_strv_push(&run.explicit, argv[i], strlen(argv[i]));
    }
    if (!o.quiet && lf_fix_text_out(&o))
        for (size_t k = 0; k < o.builds.notes.n; k++)
            fprintf(stderr, "%s\n", o.builds.notes.items[k].s);
    run.parser = lf_parser_new();
    if (!run.parser) {
        fputs("layerfix: error: cannot create the parser\n", stderr);
        goto out;
    }
    if (o.format != FORMAT_TEXT || o.pr_body || o.commit)
        run.report = &report;
    lf_fix_run_all(&run, &files);
    lf_fix_run_ci(&run, &ci);
    if (run.report && lf_fix_finish_report(&o, run.report, &run.held) != 0)
        run.st.errors++;
    if (o.mode != MODE_DIFF || o.commit)
        lf_fix_print_summary(&o, &run.st, failed);
    if (run.st.errors > 0 || failed > 0)
        status = LF_EXIT_ERROR;
    else
        status = run.st.changed > 0 ? LF_EXIT_CHANGES : LF_EXIT_CLEAN;
out:
    if (run.parser)
        lf_parser_free(run.parser);
    lf_report_free(&report);
    lf_strv_free(&files);
    lf_ci_files_free(&ci);
    lf_buf_free(&err);
    if (o.have_config)
        lf_config_free(&o.config);
    lf_builds_free(&o.builds);
    lf_strv_free(&o.build_args);
    lf_strv_free(&run.held);
    lf_fix_verdicts_free(&run);
    lf_strv_free(&run.explicit);
    for (size_t i = 0; i < run.nplans; i++)
        lf_fix_plan_free(&run.plans[i]);
    free(run.plans);
    if (o.verify)
        lf_build_tool_free(&o.builder);
    lf_context_cache_end();
    return status;
}
