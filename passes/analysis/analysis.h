/*
 * The analysis of one parsed Dockerfile (design.md "Data flow": analysis):
 * the facts every pass reads instead of deriving them on its own, computed
 * once per parsed document (on first use) and read-only to the passes.
 *
 * - Stage facts: the base image and what the knowledge table says of it
 *   (OS family, environment, users, WORKDIR, symlinked directories), the
 *   stage it is built on, and for every instruction the state before it:
 *   ENV and ARG in scope, the users known, the USER in effect, the WORKDIR.
 * - The RUN-command model of every RUN (run_model.h).
 * - COPY/ADD facts: sources and destination, expanded in the stage's
 *   environment.
 * - What each RUN reads and writes (effects.h), computed when first asked.
 */
#ifndef LF_ANALYSIS_H
#define LF_ANALYSIS_H

#include "effects.h"
#include "model.h"
#include "pkgmgr.h"
#include "run_model.h"
#include "strv.h"
#include "users.h"
#include "vars.h"

typedef struct lf_analysis lf_analysis;

/* What is in effect before an instruction of a stage. */
typedef struct lf_state {
    lf_vars env;       /* ENV and ARG values (NULL value: not known), the image's env first */
    lf_users users;    /* users and groups: the image's, then those RUNs created */
    char *user;        /* the USER in effect, expanded when known, else as written;
                          NULL: the image's default (root) */
    bool user_dyn;     /* the USER holds a variable that could not be expanded */
    char *workdir;     /* absolute; NULL: not known (an image the table does not know
                          counts as `/`) */
    char *workdir_sym; /* symbolic (paths.h: lf_wd_join), never NULL */
} lf_state;

/* A COPY or ADD (heredoc sources left out). */
typedef struct lf_copy_fact {
    int instr;
    size_t line;
    bool from;    /* --from: another stage or image, not the build context */
    char *dest;   /* absolute, normalised; NULL: not known */
    lf_strv srcs; /* build-context paths, expanded and normalised without "./"
                     ("" is the context root); a source that could not be
                     expanded is left out */
} lf_copy_fact;

/* A path a build takes from the build context: a COPY/ADD source (not
 * --from, not an ADD URL) or a RUN --mount=type=bind source (not from=). */
typedef struct lf_context_source {
    int instr;
    size_t line;
    char *raw;   /* as written, quotes removed, variables not expanded ("" for a bind
                    mount without source: the whole context) */
    bool copies; /* COPY/ADD: it ships into an image; false: a bind mount of a RUN */
} lf_context_source;

typedef struct lf_stage_facts {
    const lf_image_fact *image; /* NULL: not in the table, or built on a stage */
    lf_os_family family;        /* of the image, inherited through `FROM <stage>` */
    char *image_text;           /* the base image (of the first stage of a `FROM <stage>`
                                   chain), global ARGs expanded when known, else as written */
    bool image_unresolved;      /* it holds a global ARG with no value known here */
    bool windows;               /* a Windows image (by the table, a SHELL running
                                   PowerShell or cmd, the escape character `, a C:\ path) */
    const char *default_user;   /* the user the image runs as without a USER: "root",
                                   a name or uid from the table; NULL: not known */
    int base_stage;             /* the stage it is built on, or -1 */
    lf_copy_fact *copies;       /* of this stage and the stages it is built on, in order */
    size_t ncopies, capc;
} lf_stage_facts;

/* Analyses doc (which must outlive the analysis); the facts are computed
 * when first asked for. NULL only when out of memory. */
lf_analysis *lf_analyze(const lf_doc *doc);
void lf_analysis_free(lf_analysis *a);

const lf_doc *lf_analysis_doc(const lf_analysis *a);
const lf_stage_facts *lf_analysis_stage(const lf_analysis *a, int stage);
/* The state before instruction instr of a stage (NULL before the first FROM). */
const lf_state *lf_analysis_state(const lf_analysis *a, int instr);
/* The state after the last instruction of a stage. */
const lf_state *lf_analysis_stage_end(const lf_analysis *a, int stage);
/* The model of RUN instr, or NULL for another instruction (and ONBUILD). */
const lf_run_model *lf_analysis_run(const lf_analysis *a, int instr);
/* What RUN instr reads and writes, or NULL for another instruction. */
const lf_run_effects *lf_analysis_effects(const lf_analysis *a, int instr);
/* The COPY/ADD facts of the stage of instr that come before it (its own
 * stage's and its base stages'); *n gets how many. */
const lf_copy_fact *lf_analysis_copies_before(const lf_analysis *a, int instr, size_t *n);
/* Every path the Dockerfile takes from the build context, in order. */
const lf_context_source *lf_analysis_context_sources(const lf_analysis *a, size_t *n);
/* Is a COPY/ADD source a URL or a git remote (ADD fetches it; not a path
 * of the context)? */
bool lf_source_is_remote(const char *src);

/* Who RUN instr runs as: its stage's USER, else the image's default user
 * (unknown for an image reference that cannot be resolved). Free with
 * lf_run_user_free. */
void lf_analysis_run_user(const lf_analysis *a, int instr, lf_run_user *ru);

/* Expands a Dockerfile word in the state's environment; malloc'd, or NULL
 * when it depends on what is not known. */
char *lf_analysis_expand(const lf_analysis *a, const lf_state *st, const char *s, size_t n);

#endif
