/*
 * Reading libyaml document nodes the way compose, GitHub Actions and GitLab
 * CI files need: scalars, YAML 1.1 nulls, and mapping lookups that follow
 * `<<:` merge keys (explicit keys first, then each merged mapping in order).
 */
#ifndef LF_YAMLUTIL_H
#define LF_YAMLUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* The text of a scalar node. */
const char *lf_yaml_str(const yaml_node_t *n);
/* A scalar without NUL bytes inside. */
bool lf_yaml_is_text(const yaml_node_t *n);
/* NULL, an empty plain scalar, `~` or null/Null/NULL. */
bool lf_yaml_is_null(const yaml_node_t *n);
bool lf_yaml_is_merge_key(const yaml_node_t *k);
/* The value of key in mapping n, following `<<:` merges; NULL when absent
 * (or n is not a mapping). */
yaml_node_t *lf_yaml_get(yaml_document_t *d, yaml_node_t *n, const char *key);
/* The 1-based line where n starts. */
size_t lf_yaml_line(const yaml_node_t *n);
/* The 1-based line in the file of the first byte of a scalar's value (for a
 * `|` or `>` block scalar, the line after the indicator). */
size_t lf_yaml_value_line(const yaml_node_t *n);

#endif
