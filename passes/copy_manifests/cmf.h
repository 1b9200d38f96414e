/*
 * Private to passes/copy_manifests: the parts of the rewrite (the manifest
 * rules, what an install reads, are manifests.h and mf.h). copy_manifests.c
 * drives them: a COPY of the build context (cmf_copy.c), what each RUN after
 * it does (cmf_runs.c), what stands between the COPY and the install
 * (cmf_between.c), the text of the manifest COPYs (cmf_text.c).
 */
#ifndef LF_CMF_H
#define LF_CMF_H

#include "analysis.h"
#include "buf.h"
#include "manifests.h"
#include "pass.h"
#include "strv.h"

#include <stdbool.h>
#include <stddef.h>

/* --- a COPY of the build context (cmf_copy.c) ------------------------------- */

typedef struct copy_info {
    const lf_instr *in;
    lf_buf dest;         /* as written, quotes removed */
    lf_buf dest_abs;     /* resolved against the WORKDIR (symbolic: paths.h lf_wd_join) */
    bool dest_rel;       /* relative to the WORKDIR (or through a variable) */
    lf_buf flags;        /* the raw text of the flags the manifest COPY keeps */
    const char *problem; /* why it cannot be rewritten, or NULL */
    char problem_buf[128];
    lf_strv vars;         /* variables its destination and flags use */
    const char *abs_dest; /* the analysis's absolute destination, NULL: not known */
    /* what it copies: the context directory src ("" the whole context), all
     * of it, or (glob non-NULL) the entries of src whose names match glob */
    lf_buf src;
    char *glob;
    bool rebasable; /* its destination is known to be abs_dest, wherever it is written */
} copy_info;

lf_span cmf_node_span(TSNode n);
bool cmf_span_is(const lf_doc *doc, lf_span s, const char *text);
/* `.`, `./`, `./.`, `.//`: the whole build context. */
bool cmf_is_whole_context(const char *p);
/* Is this COPY/ADD a broad copy of the build context: the whole context,
 * a directory of it (`COPY web/ ./web/`), or the entries of a directory
 * that a glob matches (`COPY app/x* .`)? Fills ci (and ci->problem when it
 * is one but cannot be rewritten). env says which directories exist. */
bool cmf_read_copy(const lf_doc *doc, const lf_instr *in, const lf_manifest_env *env,
                   copy_info *ci);
/* Does the COPY bring context file f? Its path below the destination into
 * rel (malloc'd) when it does. */
bool cmf_brings(const copy_info *ci, const char *f, char **rel);
/* The context directory that the directory rel below the destination
 * holds (rel "" is the destination itself), into out. */
void cmf_context_dir(const copy_info *ci, const char *rel, lf_buf *out);
void cmf_copy_info_free(copy_info *ci);
/* Adds the names of the variables $NAME / ${NAME...} in text to vars. */
void cmf_collect_vars(const char *s, size_t len, char escape, lf_strv *vars);
/* Does the ENV or ARG at in (re)define one of vars? Sets *name. */
bool cmf_redefines(const lf_doc *doc, const lf_instr *in, const lf_strv *vars, const char **name);
/* Is context file f already copied, on its own, to dest_abs/rel by one of
 * the instructions of the stage before `before`? */
bool cmf_copied_before(const lf_doc *doc, const lf_analysis *an, const lf_stage *st, int before,
                       const char *f, const char *rel, const char *dest_abs);
/* The span of a COPY's destination as written (empty when it has none). */
lf_span cmf_dest_span(const lf_instr *in);
/* The COPY/ADD fact of instruction i. */
const lf_copy_fact *cmf_copy_fact(const lf_analysis *an, const lf_doc *doc, int i);

/* --- RUNs after the COPY (cmf_runs.c) --------------------------------------- */

typedef enum {
    RUN_OTHER,   /* no dependency install: a RUN that may read the copied files */
    RUN_INSTALL, /* installs that need only manifests, plus commands that read nothing */
    RUN_SPLIT,   /* like RUN_INSTALL up to statement split, then a build: split there */
    RUN_BLOCKED, /* an install that cannot be moved before the full COPY: see why */
} run_kind;

typedef struct run_info {
    run_kind kind;
    lf_strv files;   /* RUN_INSTALL, RUN_SPLIT: the manifests, context paths */
    lf_buf why;      /* RUN_BLOCKED */
    lf_span install; /* the first install command */
    int split;       /* RUN_SPLIT: the first statement of the build */
} run_info;

/* What the commands of RUN instr do, for the whole-context COPY ci. */
void cmf_classify_run(const lf_doc *doc, const lf_analysis *an, int instr,
                      const lf_manifest_env *env, const copy_info *ci, run_info *r);
void cmf_run_info_free(run_info *r);
/* Appends the paths of from that to lacks. */
void cmf_add_files(lf_strv *to, const lf_strv *from);

/* --- an install and a build in one RUN (cmf_split.c) ------------------------ */

/* Where RUN in (model m) can be split between an install and a build:
 * the index of the first statement of the build, or -1 with why (a
 * clause). kinds[k] is what command k of the model is (LF_CMD_*; `cd`
 * counts as LF_CMD_HELPER). */
int cmf_split_point(const lf_doc *doc, const lf_instr *in, const lf_run_model *m, const int *kinds,
                    lf_buf *why);
/* The text that replaces *replaced (from the end of the install's half to
 * the end of the RUN's line): a newline, copy_line (the moved COPY), a
 * newline, the RUN keyword and flags as written, the `cd`s of the first
 * half, the build half as written. */
void cmf_split_text(const lf_doc *doc, const lf_instr *in, const lf_run_model *m, int split,
                    const char *copy_line, const char *nl, lf_buf *out, lf_span *replaced);

/* --- narrow COPYs of source files before an install (cmf_narrow.c) ---------- */

/* The files of the narrow COPYs right above RUN k that land in the
 * directory its install runs in and that it does not read move after it
 * (edits into out; a note when the install needs more than manifests). */
void cmf_narrow(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx, const lf_stage *st, int k,
                const lf_manifest_env *env, lf_edits *out);

/* --- between the COPY and the install (cmf_between.c) ----------------------- */

/* Is the instruction at j a reason not to move the COPY past it? Returns a
 * description naming the install (`inst`), or NULL when it can be stepped
 * over. */
const char *cmf_blocker(const lf_doc *doc, const lf_analysis *an, const lf_manifest_env *env, int j,
                        const copy_info *ci, const char *inst, char *buf, size_t cap);

/* --- the new text (cmf_text.c) ------------------------------------------------ */

/* A name that a Dockerfile COPY would read differently unquoted. */
bool cmf_needs_quoting(const char *p);
/* The keyword of a new COPY: COPY in the case the author wrote. */
void cmf_copy_keyword(const lf_doc *doc, const lf_instr *in, lf_buf *out);
/* Destination of a copy of files from context directory sub ("" for the
 * root) when the whole context goes to dest. */
void cmf_dest_for(const char *dest, const char *sub, bool several, lf_buf *out);
/* The manifest COPY lines for files, into the COPY's destination (dest:
 * another spelling of it, NULL: as written). */
void cmf_manifest_copies(const lf_doc *doc, const copy_info *ci, const lf_strv *files,
                         const char *dest, const char *nl, lf_buf *out);

#endif
