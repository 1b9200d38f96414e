/*
 * A YAML document as a tree of nodes with byte ranges, for passes that edit
 * YAML by inserting bytes (ci-cache). libyaml reads the text; its marks
 * count characters (a UTF-8 sequence is one, a BOM none), so every mark is
 * turned into a byte offset of the text here. Nothing is written back by
 * libyaml: edits are made in the text by the caller.
 *
 * Ranges: a scalar spans its text as written (quotes and a block scalar's
 * header and content lines included; a block scalar ends at the start of
 * the line after its last content line). A flow collection spans its
 * brackets. A block collection starts at its first key or `-` item and its
 * end is not used (libyaml places it at the next token, after comments):
 * lf_ynode_last_byte gives where its last entry ends.
 */
#ifndef LF_YAMLTREE_H
#define LF_YAMLTREE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

#define LF_YNONE ((size_t)-1)

typedef enum { LF_Y_SCALAR, LF_Y_SEQ, LF_Y_MAP, LF_Y_ALIAS } lf_ykind;

typedef enum {
    LF_YS_PLAIN,
    LF_YS_SINGLE,
    LF_YS_DOUBLE,
    LF_YS_LITERAL,
    LF_YS_FOLDED,
} lf_ystyle;

typedef struct lf_ynode {
    lf_ykind kind;
    size_t start, end; /* byte offsets (see above) */
    bool flow;         /* a flow collection: {...} or [...] */
    lf_ystyle style;   /* of a scalar */
    bool anchored;     /* carries an anchor (&name) */
    bool tagged;       /* carries an explicit tag (!reference, !!str) */
    char *value;       /* a scalar's value (owned, NUL-terminated) */
    size_t len;
    size_t *kids; /* node indexes; a mapping's are key, value, key, value... */
    size_t nkids, ckids;
    size_t parent; /* LF_YNONE for a document's root */
} lf_ynode;

typedef struct lf_ytree {
    lf_ynode *nodes;
    size_t n, cap;
    size_t *roots; /* one per document of the stream */
    size_t nroots, croots;
} lf_ytree;

/* Parses text[0..len). Returns 0, or -1 with "LINE:COL: problem" in err and
 * the byte offset of the problem in *err_off (the tree is then empty). */
int lf_ytree_parse(lf_ytree *t, const char *text, size_t len, lf_buf *err, size_t *err_off);
void lf_ytree_free(lf_ytree *t);

/* The value node of the (scalar) key in mapping m, or LF_YNONE; the key
 * node into *key when key is not NULL. */
size_t lf_ymap_get(const lf_ytree *t, size_t m, const char *name, size_t *key);
/* Is node n a scalar equal to s? */
bool lf_yscalar_is(const lf_ytree *t, size_t n, const char *s);
/* The value of scalar node n, or NULL (not a scalar, or LF_YNONE). */
const char *lf_yscalar(const lf_ytree *t, size_t n);
/* Where node n's text ends: a scalar's or flow collection's end, a block
 * collection's last entry's end. */
size_t lf_ynode_last_byte(const lf_ytree *t, size_t n);

/* The content of scalar node n as it stands in text: a block scalar's
 * lines after its header, a quoted scalar without its quotes, a plain one
 * as is; *folded when its line breaks are spaces in its value (plain,
 * quoted and folded scalars). False when n is not a scalar. */
bool lf_yscalar_source(const lf_ytree *t, const char *text, size_t n, size_t *start, size_t *end,
                       bool *folded);

#endif
