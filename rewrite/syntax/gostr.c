/*
 * Go strconv.Quote reimplemented from its documented behaviour (see
 * gostr.h for the printability approximation). Output is appended only.
 */
#include "gostr.h"

#include "utf8.h"

int lf_go_is_print(uint32_t r)
{
    if (r < 0x20)
        return 0;
    if (r < 0x7F)
        return 1;
    if (r < 0xA1)
        return 0; /* DEL, C1 controls, and U+00A0 (a space, not graphic) */
    if (r > LF_UTF8_MAX_RUNE)
        return 0;
    if ((r & 0xFFFE) == 0xFFFE)
        return 0; /* the two noncharacters at the end of every plane */
    if (r >= 0x40000 && r < 0xE0000)
        return 0;
    if (r >= 0xE0000)
        return r >= 0xE0100 && r <= 0xE01EF;
    static const struct {
        uint32_t lo, hi;
    } not_print[] = {
        {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
        {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x1680, 0x1680},
        {0x180E, 0x180E},   {0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x206F},
        {0x3000, 0x3000},   {0xD800, 0xF8FF},   {0xFDD0, 0xFDEF},   {0xFEFF, 0xFEFF},
        {0xFFF0, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
        {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
    };
    for (size_t i = 0; i < sizeof not_print / sizeof not_print[0]; i++) {
        if (r < not_print[i].lo)
            break; /* the table is sorted */
        if (r <= not_print[i].hi)
            return 0;
    }
    return 1;
}

static void lf_gostr__hex(lf_buf *out, const char *prefix, uint32_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    lf_buf_adds(out, prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        lf_buf_addc(out, hex[(v >> shift) & 0xF]);
}

void lf_go_quote(lf_buf *out, const char *s, size_t len)
{
    lf_buf_grow(out, len + 2);
    lf_buf_addc(out, '"');
    size_t i = 0;
    while (i < len) {
        uint32_t r;
        size_t n = lf_utf8_decode(s + i, len - i, &r);
        if (lf_utf8_is_bad(r, n)) {
            lf_gostr__hex(out, "\\x", (unsigned char)s[i], 2);
            i++;
            continue;
        }
        if (r == '"' || r == '\\') {
            lf_buf_addc(out, '\\');
            lf_buf_addc(out, (char)r);
        } else if (lf_go_is_print(r)) {
            lf_buf_add(out, s + i, n);
        } else {
            switch (r) {
            case '\a':
                lf_buf_adds(out, "\\a");
                break;
            case '\b':
                lf_buf_adds(out, "\\b");
                break;
            case '\f':
                lf_buf_adds(out, "\\f");
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
            case '\v':
                lf_buf_adds(out, "\\v");
                break;
            default:
                if (r < 0x20 || r == 0x7F)
                    lf_gostr__hex(out, "\\x", r, 2);
                else if (r < 0x10000)
                    lf_gostr__hex(out, "\\u", r, 4);
                else
                    lf_gostr__hex(out, "\\U", r, 8);
            }
        }
        i += n;
    }
    lf_buf_addc(out, '"');
}
