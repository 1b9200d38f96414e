/* The CI files of each repository as a build unit of its own, with no
 * Dockerfile: what the unit passes (ci-cache) edit and note (see fix.h). */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

/* One repository root: its CI files (those of ci with that root). */
static void run_root(lf_run *run, const lf_ci_files *ci, const char *root, bool *done)
{
    lf_context ctx;
    lf_context_init_fs(&ctx, root); /* the passes read the files by their paths */
    ctx.display = strdup(lf_fix_display_path(root));
    lf_unit u;
    lf_unit_init(&u, &ctx);
    for (size_t i = 0; i < ci->n; i++)
        if (!done[i] && strcmp(ci->items[i].root, root) == 0) {
            done[i] = true;
            lf_unit_add_other(&u, ci->items[i].workflow ? LF_DOC_WORKFLOW : LF_DOC_CI_FILE,
                              ci->items[i].path);
        }
    lf_unit_run(&u, run->parser, &run->o->pass_opts, lf_passes, lf_npasses, run->o->enabled);
    for (size_t d = 0; d < u.ndocs; d++)
        lf_fix_emit_doc(run, &u.docs[d]);
    lf_unit_free(&u);
    lf_context_free(&ctx);
}

void lf_fix_run_ci(lf_run *run, const lf_ci_files *ci)
{
    bool *done = calloc(ci->n ? ci->n : 1, sizeof *done);
    for (size_t i = 0; i < ci->n; i++)
        if (!done[i])
            run_root(run, ci, ci->items[i].root, done);
    free(done);
}
