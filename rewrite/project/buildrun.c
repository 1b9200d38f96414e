/*
 * One builder command (see buildrun.h).
 */
#include "buildrun.h"

#include <stdlib.h>
#include <string.h>

int lf_buildrun_run(const lf_strv *argv, unsigned timeout, lf_buildrun *r)
{
    memset(r, 0, sizeof *r);
    char **v = lf_build_tool_exec_argv(argv);
    lf_buf err = LF_BUF_INIT, why = LF_BUF_INIT;
    if (lf_proc_run(v, timeout, &r->proc, &err) != 0) {
        const char *e = lf_buf_cstr(&err);
        const char *p = strstr(e, "cannot run");
        lf_buf_adds(&why, p ? p : e);
    } else if (r->proc.timed_out) {
        lf_buf_printf(&why, "was stopped after %u s", timeout);
    } else if (r->proc.status != 0) {
        lf_buf_printf(&why, "exited with status %d", r->proc.status);
    } else {
        r->ok = true;
    }
    if (!r->ok)
        r->failure = lf_buf_detach(&why, NULL);
    free(v);
    lf_buf_free(&err);
    lf_buf_free(&why);
    return r->ok ? 0 : -1;
}

void lf_buildrun_free(lf_buildrun *r)
{
    lf_buf_free(&r->proc.out);
    free(r->failure);
    memset(r, 0, sizeof *r);
}

void lf_buildrun_tail(const lf_buildrun *r, unsigned n, lf_buf *out)
{
    lf_buf t = LF_BUF_INIT;
    lf_proc_tail(lf_buf_cstr(&r->proc.out), r->proc.out.len, n, &t);
    const char *p = lf_buf_cstr(&t);
    while (*p) {
        size_t k = strcspn(p, "\n");
        lf_buf_adds(out, "  ");
        lf_buf_add(out, p, k);
        lf_buf_addc(out, '\n');
        p += k + (p[k] == '\n');
    }
    lf_buf_free(&t);
}

/* The line of text that contains needle, without its newline. */
static char *line_with(const char *text, const char *needle)
{
    const char *hit = strstr(text, needle);
    if (!hit)
        return NULL;
    const char *start = hit;
    while (start > text && start[-1] != '\n')
        start--;
    size_t n = strcspn(hit, "\r\n");
    return strndup(start, (size_t)(hit + n - start));
}

char *lf_buildrun_pull_failure(const lf_buildrun *r, lf_build_tool_kind kind)
{
    const char *text = lf_buf_cstr(&r->proc.out);
    if (kind == LF_TOOL_DOCKER) {
        char *l = line_with(text, "failed to resolve source metadata for ");
        return l ? l : line_with(text, "pull access denied");
    }
    char *l = line_with(text, "Error: creating build container: ");
    if (!l)
        l = line_with(text, "Error: initializing source ");
    return l;
}
