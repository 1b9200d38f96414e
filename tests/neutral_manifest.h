/*
 * Small, valid, neutral contents for the dependency manifests the real
 * corpus records next to its Dockerfiles (../shared/corpus/real/manifest.tsv
 * names the files, not their text): no scripts, no local dependencies, so
 * that the passes that read a manifest have something valid to read. Used by
 * the corpus tests and by bench/speed.c.
 */
#ifndef LF_NEUTRAL_MANIFEST_H
#define LF_NEUTRAL_MANIFEST_H

/* The text for a file named name (a base name such as "package.json"); ""
 * for a name without one. */
const char *lf_neutral_manifest(const char *name);

#endif
