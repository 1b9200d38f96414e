/*
 * The cache-mounts pass's own types, shared by its files (cache_mounts.c
 * says what the pass does): the plan of each RUN, the pass-local state of
 * each stage, and the steps of planning a RUN.
 */
#ifndef LF_CM_H
#define LF_CM_H

#include "analysis.h"
#include "cache_mounts.h"
#include "paths.h"
#include "pkgmgr.h"
#include "run_model.h"

#include <stdbool.h>

#define PASS "cache-mounts"

/* A cache dir a RUN filled in its layer (no mount): what later RUNs read. */
typedef struct cm_filled {
    char *target;
    size_t line;
} cm_filled;

/* What the pass itself keeps per stage (inherited by the stages built on it). */
typedef struct cm_stage {
    cm_filled *filled;
    size_t nfilled, capf;
    bool keeps_debs;     /* docker-clean is gone: removed here or in a base */
    unsigned skip_noted; /* per tool (1 << id): the no-mount note was made in this stage */
} cm_stage;

typedef struct cm_mount {
    char *target;
    unsigned flags;
    long uid, gid;                 /* -1: none */
    const char *uid_arg, *gid_arg; /* a build ARG's name instead (USER $UID), or NULL */
    const char *what;
} cm_mount;

/* A removal [start, end) (why: its reason), or an insertion at start ==
 * end (text: what, why: its reason). */
typedef struct cm_edit {
    size_t start, end;
    char *text;
    char *why;
} cm_edit;

typedef struct cm_plan {
    int instr;
    cm_mount *m; /* to add */
    size_t nm, capm;
    cm_edit *r; /* removals */
    size_t nr, capr;
    cm_edit *ins; /* insertions */
    size_t nins, capi;
    bool apt_use;     /* runs apt with the package cache */
    bool apt_mounted; /* and has /var/cache/apt mounted */
    bool root;        /* runs as root */
    /* apt's docker-clean hook is turned off for this RUN: before the byte
     * wrap_start (its first statement kept), back on after wrap_end (its
     * last statement kept) */
    bool wrap;
    size_t wrap_start, wrap_end;
    bool break_lines; /* a one-line RUN that is wrapped: mounts and hook on lines of their own */
} cm_plan;

typedef struct cm_state {
    const lf_doc *doc;
    const lf_analysis *an;
    lf_ctx *ctx;
    bool quiet;           /* plan only (kaniko, legacy): no notes */
    bool windows_noted;   /* the note on Windows stages is made */
    bool default_sharing; /* no `sharing=locked` (--target-builder=buildah) */
    cm_stage *st;
    cm_plan *plans;
    size_t nplans, capp;
} cm_state;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
void cm_note(cm_state *ps, size_t offset, const char *fmt, ...);

/* cache_mounts.c: does the Dockerfile's frontend expand build ARGs in a
 * mount's options (BuildKit's Dockerfile frontend 1.3 or later, named by
 * the file's syntax directive or added by --syntax-directive)? */
bool cm_frontend_expands_args(const cm_state *ps);
/* cache_mounts.c: the newline that ends the instruction's first line. */
const char *cm_newline_of(const lf_doc *doc, const lf_instr *in);

/* plan.c: what RUN i of stage s gets (mounts, removals, insertions). */
void cm_plan_run(cm_state *ps, int s, int i, cm_plan *p);
void cm_plan_free(cm_plan *p);
void cm_add_removal(cm_plan *p, size_t start, size_t end, const char *why);
void cm_add_insertion(cm_plan *p, size_t at, const char *text, const char *why);

/* targets.c: which caches a command uses, and where they are. */
bool cm_uses_cache(const lf_cmd *c, const lf_pm_cache *pc);
const char *cm_variant_of(const cm_state *ps, const lf_stage_facts *sf, const lf_cmd *c, int stage);
bool cm_resolve_target(const lf_stage_facts *sf, const lf_state *st, const lf_cmd *c,
                       const lf_pm_cache *pc, const lf_run_user *ru, char **out, bool *moved,
                       lf_buf *why);

/* safety.c: what a mount would hide. */
bool cm_is_system_dir(const char *t);
const char *cm_output_component(const char *rel);
const lf_copy_fact *cm_copied_into(const cm_state *ps, int instr, const char *target);
int cm_exported_by_copy(const cm_state *ps, int s, const char *target);

/* readers.c: who needs, after RUN `after` of stage s, what a RUN put in
 * cache pc of pm (an LF_PC_INSTALLS cache). cm_offline_reader: a later RUN
 * that reads it without downloading (*how: the option or variable), or -1;
 * cm_is_fetch: c only downloads for later steps; cm_read_later: a later
 * RUN runs the tool with that cache; cm_runtime_reader: a CMD/ENTRYPOINT of
 * stage s or a stage built on it that runs the tool with it, or -1. */
int cm_offline_reader(const cm_state *ps, int s, int after, const lf_pm_cache *pc, const lf_pm *pm,
                      const char **how);
bool cm_is_fetch(const lf_cmd *c);
bool cm_read_later(const cm_state *ps, int s, int after, const lf_pm_cache *pc, const lf_pm *pm);
int cm_runtime_reader(const cm_state *ps, int s, const lf_pm_cache *pc, const lf_pm *pm);

typedef struct cm_existing {
    char *target;
    bool cache;
} cm_existing;
size_t cm_existing_mounts(const lf_doc *doc, const lf_instr *in, const char *workdir,
                          cm_existing *out, size_t cap);

/* removals.c: dropping what would defeat a mount. */
typedef enum { CM_RM_UNRELATED, CM_RM_INSIDE, CM_RM_ANCESTOR } cm_rm_rel;
cm_rm_rel cm_rm_relation(const char *p, const char *t);
bool cm_is_rm(const lf_cmd *c);
bool cm_rm_operand(const lf_cmd *c, size_t k, bool *after_dashdash);
char *cm_rm_path(const lf_state *st, const lf_cmd *c, size_t k, const char *home);
bool cm_word_removal(const lf_doc *doc, const lf_cmd *c, size_t k, size_t *start, size_t *end);
bool cm_assign_removal(const lf_doc *doc, const lf_cmd *c, size_t a, size_t *start, size_t *end);
bool cm_stmt_removable(const lf_doc *doc, const lf_run_model *m, int i);
void cm_drop_statements(cm_plan *p, const lf_run_model *m, const bool *drop, char *const *why);
const char *cm_no_cache_word(const lf_cmd *c, size_t from, size_t *at);
bool cm_is_clean(const lf_cmd *c, const lf_pm_cache *pc);
bool cm_gap_has_comment(const lf_doc *doc, size_t a, size_t b);

/* docker_clean.c: apt's docker-clean hook. cm_hook_blocks says why RUN i,
 * run as ru, cannot turn the hook off for its own duration, or NULL;
 * cm_hook_wrapped: it already does. */
const char *cm_hook_blocks(const cm_state *ps, int i, const lf_run_user *ru);
bool cm_hook_wrapped(const lf_instr *in);
/* The hook's edits: off and back on around each RUN whose plan says wrap. */
void cm_docker_clean(cm_state *ps, lf_edits *out);

#endif
