/*
 * lf_doc: one parsed Dockerfile, the model every pass reads.
 *
 * The tree-sitter tree is kept (passes may walk it), and the model lays out
 * what passes need without walking: the file as a list of pieces (BOM,
 * directives, comments, blank lines, instructions) whose byte ranges tile the
 * file exactly; the instructions with their keyword, flags, heredocs and
 * ranges; the stages; and for each RUN the bash tree of its shell text.
 *
 * Invariants:
 * - pieces[] are in file order and contiguous: pieces[0].span.start == 0,
 *   pieces[i].span.end == pieces[i+1].span.start, the last ends at src->len.
 *   Concatenating them gives the file back byte for byte.
 * - An instruction's span starts at its line's first byte (indentation
 *   included) and ends after its line end and its heredoc bodies.
 * - A doc is read-only once built; everything it points into (spans) refers
 *   to src->data.
 */
#ifndef LF_MODEL_H
#define LF_MODEL_H

#include "buf.h"
#include "source.h"

#include <stddef.h>
#include <tree_sitter/api.h>

typedef struct lf_span {
    size_t start, end;
} lf_span;

typedef enum {
    LF_KW_FROM,
    LF_KW_RUN,
    LF_KW_CMD,
    LF_KW_ENTRYPOINT,
    LF_KW_SHELL,
    LF_KW_COPY,
    LF_KW_ADD,
    LF_KW_VOLUME,
    LF_KW_EXPOSE,
    LF_KW_ENV,
    LF_KW_LABEL,
    LF_KW_ARG,
    LF_KW_USER,
    LF_KW_WORKDIR,
    LF_KW_STOPSIGNAL,
    LF_KW_MAINTAINER,
    LF_KW_HEALTHCHECK,
    LF_KW_ONBUILD,
    LF_KW_UNKNOWN,
} lf_keyword;

/* Lower-case spelling of a keyword ("unknown" for LF_KW_UNKNOWN). */
const char *lf_keyword_name(lf_keyword kw);

typedef enum {
    LF_PIECE_BOM,
    LF_PIECE_DIRECTIVE,
    LF_PIECE_COMMENT,
    LF_PIECE_BLANK,
    LF_PIECE_INSTRUCTION,
    /* bytes the grammar could not place (an ERROR node, or a continuation
     * with no instruction before it); present only in broken input */
    LF_PIECE_OTHER,
} lf_piece_kind;

typedef struct lf_piece {
    lf_piece_kind kind;
    lf_span span;
    int instr; /* index into instrs for LF_PIECE_INSTRUCTION, else -1 */
} lf_piece;

typedef struct lf_mount_opt {
    lf_span span;
    lf_span key;
    lf_span value; /* empty when has_value is 0 */
    int has_value;
} lf_mount_opt;

typedef struct lf_flag {
    lf_span span;  /* `--name=value` as written */
    lf_span name;  /* `name` */
    lf_span value; /* raw value after '='; empty when has_value is 0 */
    int has_value;
    int is_mount;            /* --mount: options are in opts */
    int is_end_of_flags;     /* a bare `--` */
    size_t first_opt, nopts; /* into lf_doc.mount_opts */
} lf_flag;

typedef struct lf_heredoc {
    lf_span opener;     /* `3<<-"EOF"` */
    char *name;         /* the delimiter after quote removal */
    int fd;             /* digits before `<<`, 0 when absent */
    int chomp;          /* `<<-` */
    int expand;         /* no part of the delimiter was quoted */
    lf_span body;       /* content lines, raw (empty when the body is empty) */
    lf_span terminator; /* the terminator line with its newline */
    int terminated;
} lf_heredoc;

typedef struct lf_instr {
    lf_keyword kw;
    lf_keyword sub_kw;               /* for ONBUILD: the wrapped instruction's keyword */
    TSNode node;                     /* the *_instruction node */
    TSNode body;                     /* the node holding flags/args: node, or ONBUILD's inner one */
    lf_span span;                    /* whole instruction, see the invariants above */
    lf_span keyword;                 /* the keyword token as written */
    lf_span line;                    /* from the keyword to the end of the logical line's text
                                        (continuations inside; line end and heredocs not) */
    lf_span args;                    /* after the keyword and flags, up to line.end; may be empty */
    size_t first_line, last_line;    /* 1-based, of span (heredoc bodies included) */
    int stage;                       /* index into stages, -1 before the first FROM */
    size_t first_flag, nflags;       /* into lf_doc.flags */
    size_t first_heredoc, nheredocs; /* into lf_doc.heredocs */
    int exec_form;                   /* arguments are a JSON array (RUN/CMD/.../COPY/ADD/VOLUME) */
    char *joined;                    /* BuildKit's logical line: continuations and the comment
                                        and blank lines inside them removed */
    size_t joined_len;
    /* RUN in shell form whose shell is POSIX-like: the bash parse of its
     * shell text (heredoc bodies included); NULL otherwise */
    TSTree *shell_tree;
    int shell_has_error; /* the bash tree has an ERROR or MISSING node */
    int workdir;         /* index of the stage's last WORKDIR before this, or -1 */
    int user;            /* index of the stage's last USER before this, or -1 */
} lf_instr;

typedef struct lf_stage {
    int from;        /* index of the FROM instruction */
    int first, last; /* instruction indexes (first == from) */
    lf_span image;   /* base image as written (empty if missing) */
    lf_span name;    /* `AS name` as written (empty if none) */
    int base_stage;  /* index of the earlier stage used as base, or -1 */
} lf_stage;

typedef enum { LF_SEV_ERROR, LF_SEV_WARNING, LF_SEV_NOTE } lf_severity;

typedef struct lf_diag {
    lf_severity sev;
    size_t line, col;
    char *msg;
} lf_diag;

typedef struct lf_doc {
    lf_source *src; /* owned */
    TSTree *tree;
    char escape; /* effective escape character */
    lf_piece *pieces;
    size_t npieces;
    lf_instr *instrs;
    size_t ninstrs;
    lf_stage *stages;
    size_t nstages;
    lf_flag *flags;
    size_t nflags;
    lf_mount_opt *mount_opts;
    size_t nmount_opts;
    lf_heredoc *heredocs;
    size_t nheredocs;
    lf_diag *diags;
    size_t ndiags;
    int nerrors;
    size_t shell_runs;        /* RUNs whose shell text was parsed with bash */
    size_t shell_runs_failed; /* of those, how many had an ERROR node */
} lf_doc;

/* Reusable parsers (one for Dockerfiles, one for bash): create one per thread
 * and reuse it for many files. */
typedef struct lf_parser lf_parser;
lf_parser *lf_parser_new(void);
void lf_parser_free(lf_parser *p);
/* With skip, RUN bodies are not parsed with bash (shell_tree stays NULL):
 * for a reader that needs only the instructions. */
void lf_parser_skip_shell(lf_parser *p, bool skip);

/* Parses src (the doc takes ownership of it, also on failure) and builds the
 * model. Syntax errors and BuildKit's parse-stage errors do not fail the call:
 * they are in doc->diags (doc->nerrors > 0) and no pass may rewrite such a
 * doc. Returns -1 only when the parser itself fails (out of memory). */
int lf_doc_parse(lf_doc **out, lf_parser *p, lf_source *src);
void lf_doc_free(lf_doc *doc);

/* A NAME[=value] of an ENV or ARG instruction, as written. */
typedef struct lf_var_pair {
    lf_span text; /* the whole pair */
    lf_span name;
    lf_span value;  /* the value (ENV) or default (ARG) as written; empty at text's end
                       when absent */
    bool has_value; /* false for `ARG NAME` without a default */
    bool arg;       /* an ARG declaration, else an ENV pair */
} lf_var_pair;

/* The pairs of ENV or ARG instruction in, in order (none for any other
 * instruction); *out is malloc'd (the caller frees it), the count returned. */
size_t lf_var_pairs(const lf_doc *doc, const lf_instr *in, lf_var_pair **out);

/* Text of a span, for printing. */
static inline const char *lf_doc_text(const lf_doc *doc, lf_span s)
{
    return doc->src->data + s.start;
}

/* Prints every diagnostic as `PATH:LINE:COL: error: message\n`. */
void lf_doc_print_diags(const lf_doc *doc, lf_buf *out);

/* The file rebuilt from the pieces (must equal the input). */
void lf_doc_write_source(const lf_doc *doc, lf_buf *out);

/* The first byte of the comment lines directly above instruction i (no
 * blank line between), or of the instruction itself: where it starts when
 * it moves with its comments. */
size_t lf_doc_comment_start(const lf_doc *doc, int i);

#endif
