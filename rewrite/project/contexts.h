/*
 * The build contexts of one Dockerfile with their evidence (evidence.h for
 * the order), from what discovery loaded into an lf_builds (discover.h:
 * .layerfix.yml `contexts:`, compose, bake, CI files and scripts), the
 * `--context` override, the Dockerfile's own COPY/ADD sources and, failing
 * all of them, its directory.
 */
#ifndef LF_CONTEXTS_H
#define LF_CONTEXTS_H

#include "compose.h"
#include "evidence.h"

#include <stddef.h>

/* A list the caller owns (every string in it too). */
typedef struct lf_context_list {
    lf_context_evidence *items;
    size_t n, cap;
} lf_context_list;

/* `--context DIR`: every Dockerfile's one context (NULL: none). Copied. */
void lf_builds_set_override(lf_builds *b, const char *dir);

/* Fills out (emptied first) with the contexts dockerfile (a path usable from
 * the current directory) is built from, strongest evidence first; never
 * empty. b may be NULL (then only COPY sources and the guess are looked at).
 * Reading the Dockerfile for its COPY sources needs the file: one that
 * cannot be read or parsed simply gives no such evidence. Returns out->n. */
size_t lf_builds_contexts_for(const lf_builds *b, const char *dockerfile, lf_context_list *out);

void lf_context_list_free(lf_context_list *l);

/* The stages that the builds of dockerfile stop at, as their evidence names
 * them (compose `build.target`, bake `target`, `--target` of a `docker
 * build` / `podman build` / `buildah bud` command line, build-push-action
 * `target:`), each once, in the order the evidence was read: appended to
 * out when not in it yet. Every build that happens counts, whatever context
 * it is sent (and with `--context` too): the target says which stages
 * run, not where the files come from. b may be NULL. Returns how many were
 * appended. */
size_t lf_builds_targets_for(const lf_builds *b, const char *dockerfile, lf_strv *out);

/* --- shared with copy_evidence.c -------------------------------------------------- */

/* The ancestor of the Dockerfile's directory (up to the root of its git
 * work tree, or the current directory outside git) from which the
 * Dockerfile's COPY/ADD sources can be taken when they cannot from its own
 * directory: 1 with the directory (as lf_path_display shows it) in dir and
 * "DOCKERFILE:LINE" of the first COPY/ADD it decided on in origin, else 0. */
int lf_copy_evidence(const char *dockerfile, lf_buf *dir, lf_buf *origin);

#endif
