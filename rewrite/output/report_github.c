/* The GitHub Actions report (see report_github.h). */
#include "report_github.h"

#include "report_sarif.h"

#include <string.h>

void lf_github_escape(lf_buf *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            lf_buf_adds(out, "%25");
            break;
        case '\r':
            lf_buf_adds(out, "%0D");
            break;
        case '\n':
            lf_buf_adds(out, "%0A");
            break;
        case ':':
            lf_buf_adds(out, property ? "%3A" : ":");
            break;
        case ',':
            lf_buf_adds(out, property ? "%2C" : ",");
            break;
        default:
            lf_buf_addc(out, *s);
        }
    }
    lf_buf_adds(out, ""); /* keep out NUL-terminated */
}

/* One command. line 0: no line (nor endLine, nor col); end_line and col 0:
 * left out. pass NULL or "layerfix": the title is just "layerfix". */
static void lf_github__command(lf_buf *out, const char *cmd, const char *path, size_t line,
                               size_t end_line, size_t col, const char *pass, const char *msg)
{
    lf_buf_printf(out, "::%s file=", cmd);
    while (path[0] == '.' && path[1] == '/') /* as the repository's paths are spelled */
        for (path += 2; *path == '/';)
            path++;
    lf_github_escape(out, path, true);
    if (line) {
        lf_buf_printf(out, ",line=%zu", line);
        if (end_line)
            lf_buf_printf(out, ",endLine=%zu", end_line);
        if (col)
            lf_buf_printf(out, ",col=%zu", col);
    }
    lf_buf_adds(out, ",title=");
    lf_buf title = LF_BUF_INIT;
    if (pass && strcmp(pass, "layerfix") != 0)
        lf_buf_printf(&title, "layerfix [%s]", pass);
    else
        lf_buf_adds(&title, "layerfix");
    lf_github_escape(out, lf_buf_cstr(&title), true);
    lf_buf_free(&title);
    lf_buf_adds(out, "::");
    lf_github_escape(out, msg ? msg : "", false);
    lf_buf_addc(out, '\n');
}

void lf_report_github(lf_buf *out, const lf_report *r)
{
    lf_buf_adds(out, ""); /* keep out NUL-terminated when nothing is said */
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        size_t s, e;
        for (size_t k = 0; k < f->nchanges; k++) {
            const lf_report_change *c = &f->changes[k];
            lf_report_show_lines(f, c->line, c->end_line, &s, &e);
            lf_github__command(out, "warning", f->path, s, e, 0, c->pass, c->why);
        }
        for (size_t k = 0; k < f->nnotes; k++) {
            const lf_report_note *n = &f->notes[k];
            const char *path = n->path ? n->path : f->path;
            s = 0;
            if (n->line)
                lf_report_show_lines(strcmp(path, f->path) == 0 ? f : NULL, n->line, n->line, &s,
                                     &e);
            lf_github__command(out, n->warning ? "warning" : "notice", path, s, 0, 0, n->pass,
                               n->msg);
        }
        for (size_t k = 0; k < f->nerrors; k++) {
            const lf_report_error *er = &f->errors[k];
            lf_github__command(out, "error", f->path, er->line, 0, er->line ? er->col : 0, NULL,
                               er->msg);
        }
    }
}
