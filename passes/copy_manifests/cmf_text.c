/* The text of the manifest COPYs (see cmf.h). */
#include "cmf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the new text ----------------------------------------------------------------- */

/* A name that a Dockerfile COPY would read differently unquoted. */
bool cmf_needs_quoting(const char *p)
{
    return strpbrk(p, " \t\"'$\\*?[") != NULL;
}

/* The keyword of the manifest COPY: COPY in the case the author wrote. */
void cmf_copy_keyword(const lf_doc *doc, const lf_instr *in, lf_buf *out)
{
    const char *k = doc->src->data + in->keyword.start;
    size_t n = in->keyword.end - in->keyword.start;
    if (in->kw == LF_KW_COPY) {
        lf_buf_add(out, k, n);
        return;
    }
    bool lower = n && k[0] >= 'a' && k[0] <= 'z';
    bool rest_lower = n > 1 && k[1] >= 'a' && k[1] <= 'z';
    lf_buf_adds(out, lower ? "copy" : rest_lower ? "Copy" : "COPY");
}

/* Destination of a copy of files from context directory sub ("" for the root)
 * when the whole context goes to dest. */
void cmf_dest_for(const char *dest, const char *sub, bool several, lf_buf *out)
{
    lf_buf_clear(out);
    size_t dl = strlen(dest);
    bool slash = dl && dest[dl - 1] == '/';
    bool dot = strcmp(dest, ".") == 0 || (dl >= 2 && strcmp(dest + dl - 2, "/.") == 0);
    if (!*sub) {
        if (slash || (dot && !several))
            lf_buf_adds(out, dest);
        else
            lf_buf_printf(out, "%s/", dest);
        return;
    }
    lf_buf_printf(out, "%s%s%s/", dest, slash ? "" : "/", sub);
}

/* Context directory dir as a directory below the COPY's destination (the
 * manifests are all below what the COPY copies). */
static const char *below_src(const copy_info *ci, const char *dir)
{
    size_t n = ci->src.len;
    if (n == 0)
        return dir;
    return strncmp(dir, ci->src.data, n) == 0 && dir[n] == '/' ? dir + n + 1 : dir + n;
}

/* The manifest COPY lines that replace the whole-context COPY. */
void cmf_manifest_copies(const lf_doc *doc, const copy_info *ci, const lf_strv *files,
                         const char *dest, const char *nl, lf_buf *out)
{
    if (!dest)
        dest = ci->dest.data;
    const lf_instr *in = ci->in;
    lf_buf head = LF_BUF_INIT, dir = LF_BUF_INIT, d = LF_BUF_INIT, srcs = LF_BUF_INIT;
    lf_buf_add(&head, doc->src->data + in->span.start, in->keyword.start - in->span.start);
    cmf_copy_keyword(doc, in, &head);
    lf_buf_adds(&head, " ");
    lf_buf_adds(&head, ci->flags.data);
    bool *done = calloc(files->n ? files->n : 1, sizeof *done);
    for (size_t i = 0; i < files->n; i++) {
        if (done[i])
            continue;
        const char *f = files->items[i].s;
        size_t fl = files->items[i].len;
        if (f[fl - 1] == '/') {
            /* a directory: its own COPY, into the same place under dest */
            lf_buf_clear(&dir);
            lf_buf_add(&dir, f, fl - 1);
            cmf_dest_for(dest, below_src(ci, dir.data), true, &d);
            lf_buf_printf(out, "%s%s %s%s", head.data, dir.data, d.data, nl);
            done[i] = true;
            continue;
        }
        /* every file of f's directory in one COPY */
        const char *slash = strrchr(f, '/');
        lf_buf_clear(&dir);
        lf_buf_add(&dir, f, slash ? (size_t)(slash - f) : 0);
        lf_buf_adds(&dir, "");
        lf_buf_clear(&srcs);
        size_t count = 0;
        for (size_t j = i; j < files->n; j++) {
            const char *g = files->items[j].s;
            const char *gs = strrchr(g, '/');
            size_t gdl = gs ? (size_t)(gs - g) : 0;
            if (done[j] || g[files->items[j].len - 1] == '/' || gdl != dir.len ||
                strncmp(g, dir.data, gdl) != 0)
                continue;
            lf_buf_printf(&srcs, "%s%s", count ? " " : "", g);
            count++;
            done[j] = true;
        }
        cmf_dest_for(dest, below_src(ci, dir.data), count > 1, &d);
        lf_buf_printf(out, "%s%s %s%s", head.data, srcs.data, d.data, nl);
    }
    free(done);
    lf_buf_free(&head);
    lf_buf_free(&dir);
    lf_buf_free(&d);
    lf_buf_free(&srcs);
}
