/*
 * The Dockerfile advice of ci-cache (lf_pass_advice, ci_cache.h), one file
 * per kind of note: secrets.c (ARG/ENV with a secret's name), basetag.c
 * (FROM on a tag that moves), stamps.c (a build time or commit id written
 * into a file before the installs).
 */
#ifndef LF_ADVICE_H
#define LF_ADVICE_H

#include "pass.h"

void lf_advice_secrets(const lf_doc *doc, lf_ctx *ctx);
void lf_advice_base_tags(const lf_doc *doc, lf_ctx *ctx);
void lf_advice_stamps(const lf_doc *doc, const lf_analysis *an, lf_ctx *ctx);

/* Is stage s built on stage base (s itself, or FROM base, FROM a stage
 * built on base...)? */
bool lf_advice_stage_on(const lf_doc *doc, int s, int base);

#endif
