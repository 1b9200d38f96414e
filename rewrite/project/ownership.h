/*
 * Which discovered Dockerfiles are the project's own to edit (design.md
 * "Trust first"): not a generated file (a `DO NOT EDIT` / `generated`
 * header), not one rendered from the templates the repository keeps (a
 * good part of its lines appear in a template: Dockerfile.tmpl,
 * Dockerfile-debian.template, a `dockerfile-templates/` tree), not vendored
 * or third-party (vendor/, third_party/, node_modules/...), not a template
 * itself.
 * Such a file is skipped with a note saying why; `.layerfix.yml` can list
 * it under `include:`.
 */
#ifndef LF_OWNERSHIP_H
#define LF_OWNERSHIP_H

#include "buf.h"
#include "strv.h"

#include <stdbool.h>

typedef struct lf_ownership_line {
    char *text;      /* a line of a template, whitespace trimmed */
    size_t template; /* index into templates */
} lf_ownership_line;

typedef struct lf_ownership {
    lf_strv templates;        /* Dockerfile templates of the repository, as paths */
    lf_strv in_tree;          /* per template: "1" when it is in a tree of templates */
    lf_ownership_line *lines; /* their distinctive lines, sorted by text */
    size_t nlines, cap;
} lf_ownership;

/* Learns the templates among files (paths as given: relative to the
 * current directory, or absolute). */
void lf_ownership_init(lf_ownership *o, const lf_strv *files);
void lf_ownership_free(lf_ownership *o);

/* Does the name hold "Dockerfile" or "Containerfile" (any case)? */
bool lf_is_dockerfile_like(const char *base);
/* Is the file named like a Dockerfile template (Dockerfile.tmpl,
 * Dockerfile-debian.template, api.Dockerfile.j2...)? */
bool lf_is_template_name(const char *base);

/* Why the Dockerfile at path (its text is text[0..len)) is not the
 * project's to edit, into why (a clause: "generated: line 2 says DO NOT
 * EDIT"); false when it is. */
bool lf_ownership_foreign(const lf_ownership *o, const char *path, const char *text, size_t len,
                          lf_buf *why);

/* Among the n Dockerfiles a search found (paths, foreign[k]: not the
 * project's to edit), is paths[i] in a directory below the top whose
 * Dockerfiles are mostly not the project's (5 at least, two thirds)? A
 * generator that renders most of a tree renders the rest of it too, from
 * fragments a line-by-line comparison does not find. Why into why. */
bool lf_ownership_crowd(const char *const *paths, const bool *foreign, size_t n, size_t i,
                        lf_buf *why);

#endif
