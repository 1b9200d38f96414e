/* Instruction text for messages (see brief.h). */
#include "brief.h"

void lf_doc_brief(const lf_doc *doc, lf_span s, lf_buf *out)
{
    lf_buf_clear(out);
    const char *t = doc->src->data;
    bool space = false;
    for (size_t i = s.start; i < s.end; i++) {
        char c = t[i];
        if (c == doc->escape && i + 1 < s.end && (t[i + 1] == '\n' || t[i + 1] == '\r')) {
            space = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && out->len)
            lf_buf_addc(out, ' ');
        space = false;
        if (out->len >= 60) {
            lf_buf_adds(out, "...");
            return;
        }
        lf_buf_addc(out, c);
    }
    lf_buf_adds(out, "");
}
