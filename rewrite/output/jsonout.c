/* Writing JSON string literals (see jsonout.h). */
#include "jsonout.h"

#include "utf8.h"

#include <string.h>

void lf_json_write_string(lf_buf *out, const char *s, size_t len)
{
    lf_buf_addc(out, '"');
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '"':
                lf_buf_adds(out, "\\\"");
                break;
            case '\\':
                lf_buf_adds(out, "\\\\");
                break;
            case '\n':
                lf_buf_adds(out, "\\n");
                break;
            case '\r':
                lf_buf_adds(out, "\\r");
                break;
            case '\t':
                lf_buf_adds(out, "\\t");
                break;
            default:
                if (c < 0x20 || c == 0x7f)
                    lf_buf_printf(out, "\\u%04x", c);
                else
                    lf_buf_addc(out, (char)c);
            }
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = lf_utf8_decode(s + i, len - i, &cp);
        if (lf_utf8_is_bad(cp, n)) {
            lf_buf_adds(out, "\\ufffd");
            i += n ? n : 1;
        } else {
            lf_buf_add(out, s + i, n);
            i += n;
        }
    }
    lf_buf_addc(out, '"');
}

void lf_json_write_cstr(lf_buf *out, const char *s)
{
    if (!s)
        lf_buf_adds(out, "null");
    else
        lf_json_write_string(out, s, strlen(s));
}
