/*
 * Checks lf_json_string_array against buildkit-parser's
 * extracted/json-arrays.json: every "valid" text must decode to its
 * "elements", every "hard_error" text must be a non-string array.
 * The file is read with a tiny reader written for its shape (an object of
 * arrays of strings and of {text, elements} objects), independent of the
 * code under test.
 */
#include "testutil.h"

#include "buf.h"
#include "json.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p, *end;
} rd;

static void rd_ws(rd *r)
{
    while (r->p < r->end && strchr(" \t\r\n", *r->p))
        r->p++;
}

static int rd_peek(rd *r, char c)
{
    rd_ws(r);
    return r->p < r->end && *r->p == c;
}

static void rd_expect(rd *r, char c)
{
    rd_ws(r);
    assert_true(r->p < r->end && *r->p == c);
    r->p++;
}

static unsigned rd_hex4(const char *p)
{
    char tmp[5] = {p[0], p[1], p[2], p[3], 0};
    return (unsigned)strtoul(tmp, NULL, 16);
}

/* A JSON string into b (well-formed input assumed, as this is our own data). */
static void rd_string(rd *r, lf_buf *b)
{
    rd_expect(r, '"');
    lf_buf_clear(b);
    while (r->p < r->end && *r->p != '"') {
        if (*r->p != '\\') {
            lf_buf_addc(b, *r->p++);
            continue;
        }
        char e = r->p[1];
        r->p += 2;
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *hit = strchr(from, e);
        if (e != 'u' && hit) {
            lf_buf_addc(b, to[hit - from]);
            continue;
        }
        assert_int_equal(e, 'u');
        unsigned cp = rd_hex4(r->p);
        r->p += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && r->p[0] == '\\' && r->p[1] == 'u') {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (rd_hex4(r->p + 2) - 0xDC00);
            r->p += 6;
        }
        char u[4];
        lf_buf_add(b, u, lf_utf8_encode(u, cp));
    }
    rd_expect(r, '"');
}

static void check_valid(const lf_buf *text, lf_buf *elems, size_t nelems)
{
    lf_strv v = LF_STRV_INIT;
    assert_int_equal(lf_json_string_array(text->data, text->len, &v), LF_JSON_STRINGS);
    assert_int_equal(v.n, nelems);
    for (size_t i = 0; i < nelems; i++) {
        assert_int_equal(v.items[i].len, elems[i].len);
        assert_memory_equal(v.items[i].s, lf_buf_cstr(&elems[i]), elems[i].len);
    }
    lf_strv_free(&v);
}

static void test_json_arrays_file(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    size_t len;
    char *data = lf_test_read_file(
        lf_test_shared_path("corpus/buildkit-parser/extracted/json-arrays.json"), &len);
    assert_non_null(data);
    rd r = {data, data + len};
    lf_buf key = LF_BUF_INIT, text = LF_BUF_INIT;
    lf_buf elems[64] = {{0}};
    int nvalid = 0, nerror = 0;

    rd_expect(&r, '{');
    while (!rd_peek(&r, '}')) {
        rd_string(&r, &key);
        rd_expect(&r, ':');
        if (strcmp(lf_buf_cstr(&key), "valid") == 0) {
            rd_expect(&r, '[');
            while (!rd_peek(&r, ']')) {
                size_t n = 0;
                int have_text = 0;
                rd_expect(&r, '{');
                while (!rd_peek(&r, '}')) {
                    rd_string(&r, &key);
                    rd_expect(&r, ':');
                    if (strcmp(lf_buf_cstr(&key), "text") == 0) {
                        rd_string(&r, &text);
                        have_text = 1;
                    } else {
                        assert_string_equal(lf_buf_cstr(&key), "elements");
                        rd_expect(&r, '[');
                        while (!rd_peek(&r, ']')) {
                            assert_true(n < 64);
                            rd_string(&r, &elems[n++]);
                            if (rd_peek(&r, ','))
                                r.p++;
                        }
                        rd_expect(&r, ']');
                    }
                    if (rd_peek(&r, ','))
                        r.p++;
                }
                rd_expect(&r, '}');
                assert_true(have_text);
                check_valid(&text, elems, n);
                nvalid++;
                if (rd_peek(&r, ','))
                    r.p++;
            }
            rd_expect(&r, ']');
        } else if (strcmp(lf_buf_cstr(&key), "hard_error") == 0) {
            rd_expect(&r, '[');
            while (!rd_peek(&r, ']')) {
                rd_string(&r, &text);
                lf_strv v = LF_STRV_INIT;
                assert_int_equal(lf_json_string_array(text.data, text.len, &v),
                                 LF_JSON_NOT_STRINGS);
                assert_int_equal(v.n, 0);
                lf_strv_free(&v); /* the array may have grown before the rollback */
                nerror++;
                if (rd_peek(&r, ','))
                    r.p++;
            }
            rd_expect(&r, ']');
        } else {
            rd_string(&r, &text); /* "source", "note" */
        }
        if (rd_peek(&r, ','))
            r.p++;
    }
    rd_expect(&r, '}');
    print_message("%d valid, %d hard_error cases\n", nvalid, nerror);
    assert_true(nvalid >= 8);
    assert_true(nerror >= 8);

    for (size_t i = 0; i < 64; i++)
        lf_buf_free(&elems[i]);
    lf_buf_free(&key);
    lf_buf_free(&text);
    free(data);
}

/* The jeztah-invalid-json-* Dockerfiles are `CMD <text>`: the text must be
 * shell form (not JSON), never an error. */
static void test_jeztah_files(void **state)
{
    (void)state;
    LF_TEST_NEED_SHARED();
    const char *cases[] = {"json-inside-string", "json-inside-string-double", "single-quotes",
                           "unterminated-bracket", "unterminated-string"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel,
                 "corpus/buildkit-parser/testfiles/jeztah-invalid-json-%s/Dockerfile", cases[i]);
        size_t len;
        char *df = lf_test_read_file(lf_test_shared_path(rel), &len);
        assert_non_null(df);
        assert_true(len > 4 && memcmp(df, "CMD ", 4) == 0);
        size_t end = len;
        while (end > 4 && df[end - 1] == '\n')
            end--;
        lf_strv v = LF_STRV_INIT;
        assert_int_equal(lf_json_string_array(df + 4, end - 4, &v), LF_JSON_NOT_JSON);
        lf_strv_free(&v);
        free(df);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_arrays_file),
        cmocka_unit_test(test_jeztah_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
