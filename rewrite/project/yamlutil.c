/* YAML node helpers (yamlutil.h). */
#include "yamlutil.h"

#include <string.h>

const char *lf_yaml_str(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

bool lf_yaml_is_text(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE && strlen(lf_yaml_str(n)) == n->data.scalar.length;
}

bool lf_yaml_is_null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = lf_yaml_str(n);
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
           strcmp(v, "NULL") == 0;
}

bool lf_yaml_is_merge_key(const yaml_node_t *k)
{
    return k->type == YAML_SCALAR_NODE && k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           strcmp(lf_yaml_str(k), "<<") == 0;
}

static yaml_node_t *get(yaml_document_t *d, yaml_node_t *n, const char *key, int depth)
{
    if (!n || n->type != YAML_MAPPING_NODE || depth > 16)
        return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        if (k->type == YAML_SCALAR_NODE && !lf_yaml_is_merge_key(k) &&
            strcmp(lf_yaml_str(k), key) == 0)
            return yaml_document_get_node(d, p->value);
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(d, p->key);
        if (!lf_yaml_is_merge_key(k))
            continue;
        yaml_node_t *v = yaml_document_get_node(d, p->value);
        if (v->type == YAML_MAPPING_NODE) {
            yaml_node_t *r = get(d, v, key, depth + 1);
            if (r)
                return r;
        } else if (v->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *r = get(d, yaml_document_get_node(d, *it), key, depth + 1);
                if (r)
                    return r;
            }
        }
    }
    return NULL;
}

yaml_node_t *lf_yaml_get(yaml_document_t *d, yaml_node_t *n, const char *key)
{
    return get(d, n, key, 0);
}

size_t lf_yaml_line(const yaml_node_t *n)
{
    return (size_t)n->start_mark.line + 1;
}

size_t lf_yaml_value_line(const yaml_node_t *n)
{
    size_t line = lf_yaml_line(n);
    if (n->type == YAML_SCALAR_NODE && (n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                                        n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE))
        line++;
    return line;
}
