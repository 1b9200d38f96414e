/*
 * The `layerfix [OPTIONS] [PATH...]` command, in parts: options.c (the
 * command line, .layerfix.yml, the settings that result), usage.c (--help),
 * plan.c (where each Dockerfile is built from, the evidence shown),
 * run.c (Dockerfiles grouped by build context, each context a build unit,
 * --verify), run_ci.c (the CI files of a repository, a unit of their own), verdict.c (--verify's
 * verdicts on their way to the report), emit.c (the diff, --fix writes, notes), finish.c (the
 * machine outputs, --pr-body, --commit, the --check summary), cmd_fix.c.
 */
#ifndef LF_FIX_H
#define LF_FIX_H

#include "cmd.h"
#include "commit.h"
#include "compose.h"
#include "config.h"
#include "context_fs.h"
#include "contexts.h"
#include "diff.h"
#include "discover.h"
#include "fsio.h"
#include "impact_estimate.h"
#include "impact_text.h"
#include "ownership.h"
#include "passes.h"
#include "pipeline.h"
#include "pr_body.h"
#include "report.h"
#include "report_github.h"
#include "report_json.h"
#include "report_sarif.h"
#include "unit.h"
#include "vec.h"
#include "verify.h"

#include <stdbool.h>

typedef enum { MODE_DIFF, MODE_CHECK, MODE_FIX } lf_mode;
typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_GITHUB } lf_format;

typedef struct {
    lf_mode mode;
    lf_format format;
    bool explain, quiet, color;
    const char *context_dir;
    bool enabled[32];
    lf_options pass_opts;
    const char *volatile_args[64];
    /* bot mode and reports */
    bool commit, force_branch;
    const char *branch, *author, *message, *pr_body;
    /* .layerfix.yml */
    const char *config_path;
    bool no_config;
    lf_config config;
    bool have_config;
    lf_builds builds;
    /* --verify */
    bool verify, verify_rebuild;
    const char *verify_spec; /* NULL: the first builder on PATH */
    lf_strv build_args;      /* NAME=VALUE */
    lf_build_tool builder;
} lf_fix_opts;

typedef struct {
    const char *only, *builder, *format, *color;
    const char *skip[32]; /* each --skip adds to the list */
    size_t nskip;
    const char *volatile_args[64];
    size_t nvolatile;
    bool syntax_directive;
} lf_cli_settings;

typedef struct {
    int files, changed, errors;
    int skipped; /* not the project's to edit, or (found by discovery) not parsable */
    size_t per_pass[32];
    lf_impact_totals impact; /* over the cache-impact estimates */
} lf_fix_stats;

/* --verify: the verdict of the build of the Dockerfile at path, until its
 * report entry takes it. */
typedef struct {
    char *path;
    lf_report_verify *v;
} lf_fix_verdict;

/* Where one Dockerfile is built from (plan.c). */
typedef struct lf_fix_plan {
    char *path;         /* the Dockerfile, as given */
    lf_context_list ev; /* the evidence, strongest first (contexts.h) */
    char **dirs;        /* its build contexts that are directories here, in that order */
    char **keys;        /* the same, resolved (realpath): equal keys, same directory */
    int *ev_of;         /* per dir: the evidence (index into ev), -1: the Dockerfile's
                           directory, since no evidence names a directory here */
    size_t ndirs;       /* 0: built from standard input only, no context */
} lf_fix_plan;

/* Everything a run shares. */
typedef struct {
    const lf_fix_opts *o;
    lf_parser *parser;
    lf_fix_stats st;
    lf_report *report;        /* NULL when no output needs it */
    lf_strv held;             /* --verify: files of builds not proven the same image */
    lf_fix_verdict *verdicts; /* --verify: one per build verified */
    size_t nverdicts, verdicts_cap;
    lf_strv explicit;   /* Dockerfiles named as files on the command line */
    lf_fix_plan *plans; /* where each Dockerfile is built from (run.c fills it) */
    size_t nplans;
} lf_run;

extern const char lf_fix_usage[];
extern const char lf_fix_usage_more[];

/* options.c */
int lf_fix_parse_args(lf_fix_opts *o, lf_cli_settings *cli, int argc, char **argv, int *first_path,
                      bool *done);
int lf_fix_settle(lf_fix_opts *o, const lf_cli_settings *cli);
int lf_fix_load_config(lf_fix_opts *o);

/* emit.c */
char *lf_fix_dir_of(const char *path);
const char *lf_fix_display_path(const char *path);
bool lf_fix_text_out(const lf_fix_opts *o);
bool lf_fix_held_back(const lf_strv *held, const char *path, const char *shown, const char *what);
/* impact: the build's cache-impact estimate (taken over; may be NULL) */
void lf_fix_emit_dockerfile(lf_run *run, lf_unit_item *it, lf_impact *impact);
void lf_fix_emit_doc(lf_run *run, lf_result *res);

/* Is path a Dockerfile named on the command line (not found by a search)? */
bool lf_fix_explicit(const lf_run *run, const char *path);

/* plan.c */
void lf_fix_plan_make(const lf_fix_opts *o, const char *path, lf_fix_plan *p);
void lf_fix_plan_free(lf_fix_plan *p);
const lf_fix_plan *lf_fix_plan_of(const lf_run *run, const char *path);
/* --explain (text output): one line on stderr with the Dockerfile's build
 * contexts and the evidence for each: "FILE: context DIR <- EVIDENCE". */
void lf_fix_explain_contexts(const lf_run *run, const char *path);
/* The Dockerfile's build contexts into its report entry (JSON "contexts"). */
void lf_fix_report_contexts(const lf_run *run, const char *path, lf_report_file *f);

/* run.c: one build unit per build context; a Dockerfile built from several
 * runs in each, and is rewritten only when the rewrites agree */
void lf_fix_run_all(lf_run *run, const lf_strv *files);
/* run_ci.c: the CI files of each repository, a unit of their own */
void lf_fix_run_ci(lf_run *run, const lf_ci_files *ci);

/* verdict.c: --verify's verdicts, from the verification to the report */
void lf_fix_keep_verdict(lf_run *run, const char *path, const lf_verify_result *vr);
/* The verdict kept for path (the caller owns it now), or NULL. */
lf_report_verify *lf_fix_take_verdict(lf_run *run, const char *path);
/* Is path a file of a build that did not verify as the same image? */
bool lf_fix_is_held(const lf_run *run, const char *path);
void lf_fix_verdicts_free(lf_run *run);

/* finish.c */
int lf_fix_finish_report(const lf_fix_opts *o, const lf_report *r, const lf_strv *held);
void lf_fix_print_summary(const lf_fix_opts *o, const lf_fix_stats *st, int failed);

#endif
