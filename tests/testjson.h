/*
 * A small, strict JSON reader for the tests: reads the expectation files of
 * ../shared (expected.json, heredoc-words.json, json-arrays.json ...) into a
 * tree of values. It is written independently of the code under test
 * (rewrite/json.c decodes BuildKit's exec-form arrays and must not check
 * itself) and rejects anything that is not RFC 8259 JSON, so a damaged
 * expectation file fails loudly instead of checking less.
 *
 * Lookups never crash on a wrong shape: they return NULL, and the lf_tj_*
 * accessors that return a plain C value fail the current cmocka test with the
 * name of what was expected.
 */
#ifndef LF_TESTJSON_H
#define LF_TESTJSON_H

#include <stddef.h>

typedef enum {
    LF_TJ_NULL,
    LF_TJ_BOOL,
    LF_TJ_NUMBER,
    LF_TJ_STRING,
    LF_TJ_ARRAY,
    LF_TJ_OBJECT,
} lf_tj_type;

typedef struct lf_tj lf_tj;
struct lf_tj {
    lf_tj_type type;
    int boolean;   /* LF_TJ_BOOL */
    double number; /* LF_TJ_NUMBER */
    char *str;     /* LF_TJ_STRING: decoded UTF-8, NUL-terminated (may hold NULs) */
    size_t len;    /* LF_TJ_STRING: bytes in str */
    lf_tj *items;  /* LF_TJ_ARRAY elements, LF_TJ_OBJECT values, in order */
    char **keys;   /* LF_TJ_OBJECT: decoded keys, parallel to items */
    size_t n;      /* LF_TJ_ARRAY / LF_TJ_OBJECT: number of items */
};

/* Parses one JSON text (surrounding whitespace allowed). Returns NULL on a
 * syntax error and writes "offset N: what" into err (when err is not NULL). */
lf_tj *lf_tj_parse(const char *data, size_t len, char *err, size_t errsize);
/* Reads and parses a file; on failure prints why (print_error) and returns NULL. */
lf_tj *lf_tj_read_file(const char *path);
void lf_tj_free(lf_tj *v);

/* The value of key in an object, or NULL (not an object, or no such key). */
const lf_tj *lf_tj_get(const lf_tj *obj, const char *key);
/* Element i of an array, or NULL (not an array, or out of range). */
const lf_tj *lf_tj_at(const lf_tj *arr, size_t i);
/* Number of elements of an array or members of an object; 0 for others and NULL. */
size_t lf_tj_count(const lf_tj *v);

/* Accessors that fail the test when v is NULL or of another type. `what`
 * names the value in the failure message. */
const char *lf_tj_str(const lf_tj *v, const char *what, size_t *len_out);
long lf_tj_int(const lf_tj *v, const char *what); /* also fails on a fraction */
int lf_tj_bool(const lf_tj *v, const char *what);
const lf_tj *lf_tj_array(const lf_tj *v, const char *what);
const lf_tj *lf_tj_object(const lf_tj *v, const char *what);

#endif
