/* The outputs made from the whole report (see fix.h). */
#include "fix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes text to path, or to stdout for "-". Returns 0, or -1 (printed). */
static int write_output(const char *path, const lf_buf *text)
{
    if (strcmp(path, "-") == 0) {
        fwrite(lf_buf_cstr(text), 1, text->len, stdout);
        return 0;
    }
    lf_buf err = LF_BUF_INIT;
    int rc = access(path, F_OK) == 0 ? lf_write_atomic(path, lf_buf_cstr(text), text->len, &err)
                                     : lf_write_new(path, lf_buf_cstr(text), text->len, &err);
    if (rc != 0)
        fprintf(stderr, "%s\n", lf_buf_cstr(&err));
    lf_buf_free(&err);
    return rc;
}

/* --commit: the changed files of the report on a new branch. */
static int commit_changes(const lf_fix_opts *o, const lf_report *r, const lf_strv *held)
{
    lf_commit_file *files = calloc(r->n ? r->n : 1, sizeof *files);
    lf_buf *passes = calloc(r->n ? r->n : 1, sizeof *passes);
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->files[i].changed && r->files[i].nerrors == 0 &&
            !lf_fix_held_back(held, r->files[i].fs_path, r->files[i].path, "committed")) {
            lf_report_file_passes(&r->files[i], &passes[n]);
            files[n] = (lf_commit_file){r->files[i].fs_path, r->files[i].new_text,
                                        r->files[i].new_len, lf_buf_cstr(&passes[n])};
            n++;
        }
    int rc = 0;
    if (n == 0) {
        fprintf(stderr, "layerfix: nothing to commit: no file would change\n");
    } else {
        lf_commit_opts co = {.branch = o->branch,
                             .force = o->force_branch,
                             .message = o->message,
                             .passes = &lf_pass_table_all};
        char *name = NULL, *email = NULL;
        if (o->author && lf_commit_parse_author(o->author, &name, &email) != 0) {
            fprintf(stderr, "layerfix: error: --author takes 'NAME <EMAIL>'\n");
            rc = -1;
        } else {
            co.author_name = name;
            co.author_email = email;
            char oid[41];
            lf_buf err = LF_BUF_INIT;
            if (lf_commit_create(".", files, n, &co, oid, &err) != 0) {
                fprintf(stderr, "%s\n", lf_buf_cstr(&err)); /* WHERE: error: WHAT */
                rc = -1;
            } else {
                printf("%s %s\n", o->branch ? o->branch : LF_COMMIT_DEFAULT_BRANCH, oid);
                fprintf(stderr, "layerfix: committed %zu file%s on branch %s\n", n,
                        n == 1 ? "" : "s", o->branch ? o->branch : LF_COMMIT_DEFAULT_BRANCH);
            }
            lf_buf_free(&err);
        }
        free(name);
        free(email);
    }
    for (size_t i = 0; i < n; i++)
        lf_buf_free(&passes[i]);
    free(passes);
    free(files);
    return rc;
}

/* The outputs made from the whole report: --format, --pr-body, --commit. */
int lf_fix_finish_report(const lf_fix_opts *o, const lf_report *r, const lf_strv *held)
{
    static const char *const modes[] = {"diff", "check", "fix"};
    lf_buf out = LF_BUF_INIT;
    int rc = 0;
    switch (o->format) {
    case FORMAT_JSON:
        lf_report_json(&out, r, o->commit ? "commit" : modes[o->mode]);
        break;
    case FORMAT_SARIF:
        lf_report_sarif(&out, r);
        break;
    case FORMAT_GITHUB:
        lf_report_github(&out, r);
        break;
    case FORMAT_TEXT:
        break;
    }
    fwrite(lf_buf_cstr(&out), 1, out.len, stdout);
    if (o->pr_body) {
        lf_buf_clear(&out);
        lf_pr_body(&out, r);
        if (write_output(o->pr_body, &out) != 0)
            rc = -1;
    }
    lf_buf_free(&out);
    if (o->commit && commit_changes(o, r, held) != 0)
        rc = -1;
    return rc;
}

void lf_fix_print_summary(const lf_fix_opts *o, const lf_fix_stats *st, int failed)
{
    FILE *to = o->mode == MODE_CHECK && lf_fix_text_out(o) ? stdout : stderr;
    /* files changed can exceed Dockerfiles checked: a .dockerignore counts */
    fprintf(to, "%d Dockerfile%s checked, %d file%s %s", st->files, st->files == 1 ? "" : "s",
            st->changed, st->changed == 1 ? "" : "s",
            o->mode == MODE_FIX ? "changed" : "would change");
    const char *sep = " (";
    for (size_t k = 0; k < lf_npasses; k++)
        if (st->per_pass[k]) {
            fprintf(to, "%s%s: %zu", sep, lf_passes[k].id, st->per_pass[k]);
            sep = ", ";
        }
    fprintf(to, "%s, %d with errors", *sep == ',' ? ")" : "", st->errors + failed);
    if (st->skipped)
        fprintf(to, ", %d skipped", st->skipped);
    fputc('\n', to);
    lf_buf impact = LF_BUF_INIT;
    lf_impact_totals_text(&impact, &st->impact);
    fputs(lf_buf_cstr(&impact), to);
    lf_buf_free(&impact);
}
