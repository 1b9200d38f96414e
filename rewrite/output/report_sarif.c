/* The SARIF report (see report_sarif.h). */
#include "report_sarif.h"

#include "impact_json.h"
#include "jsonout.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

#ifndef LF_VERSION
#define LF_VERSION "unknown"
#endif

#define LF_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* The number of the last line of f's old text (1 for an empty file). */
static size_t lf_sarif__last_line(const lf_report_file *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->old_len; i++)
        n += f->old_text[i] == '\n';
    if (f->old_len > 0 && f->old_text[f->old_len - 1] != '\n')
        n++;
    return n ? n : 1;
}

void lf_report_show_lines(const lf_report_file *f, size_t line, size_t end_line, size_t *start,
                          size_t *end)
{
    size_t s = line ? line : 1;
    size_t e = end_line > s ? end_line : s;
    if (f && f->old_text) {
        size_t last = lf_sarif__last_line(f);
        if (s > last)
            s = last;
        if (e > last)
            e = last;
        if (e < s)
            e = s;
    }
    *start = s;
    *end = e;
}

bool lf_sarif_uri(lf_buf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    bool relative = path[0] != '/';
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    if (!relative)
        lf_buf_adds(out, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            lf_buf_addc(out, (char)c);
        } else {
            lf_buf_addc(out, '%');
            lf_buf_addc(out, hex[c >> 4]);
            lf_buf_addc(out, hex[c & 15]);
        }
    }
    lf_buf_adds(out, ""); /* keep out NUL-terminated for an empty path */
    return relative;
}

typedef struct {
    const char *id;
    const char *summary;
    const char *why;
    const lf_pass *pass; /* NULL for the rules that are not passes */
} lf_sarif__rule;

typedef struct {
    lf_sarif__rule *items;
    size_t n, cap;
} lf_sarif__rules;

static size_t lf_sarif__find(const lf_sarif__rules *rules, const char *id)
{
    for (size_t i = 0; i < rules->n; i++)
        if (strcmp(rules->items[i].id, id) == 0)
            return i;
    return rules->n;
}

static void lf_sarif__add(lf_sarif__rules *rules, const char *id, const char *summary,
                          const char *why, const lf_pass *pass)
{
    if (lf_sarif__find(rules, id) < rules->n)
        return;
    lf_sarif__rule *rule = LF_VEC_PUSH(rules->items, rules->n, rules->cap);
    *rule = (lf_sarif__rule){id, summary, why, pass};
}

static void lf_sarif__collect(lf_sarif__rules *rules, const lf_report *r)
{
    for (size_t i = 0; r->passes && i < r->passes->n; i++)
        lf_sarif__add(rules, r->passes->passes[i].id, r->passes->passes[i].summary,
                      r->passes->passes[i].why, &r->passes->passes[i]);
    lf_sarif__add(rules, LF_SARIF_RULE_ERROR, "the file could not be read or parsed",
                  "layerfix never rewrites a file with errors. Fix the error the message "
                  "describes, so that the cache fixes can apply to the file.",
                  NULL);
    lf_sarif__add(rules, LF_SARIF_RULE_TOOL, "a finding of layerfix itself",
                  "Something layerfix noticed while reading the file that is not the "
                  "finding of one pass, such as a warning of the Dockerfile reader.",
                  NULL);
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        for (size_t c = 0; c < f->nchanges; c++)
            lf_sarif__add(rules, f->changes[c].pass, "a change layerfix proposes",
                          "A change that helps the build cache.", NULL);
        for (size_t k = 0; k < f->nnotes; k++)
            if (f->notes[k].pass)
                lf_sarif__add(rules, f->notes[k].pass, "a finding layerfix did not fix",
                              "Something that hurts the build cache and that layerfix could "
                              "not fix safely.",
                              NULL);
    }
}

/* "merge-apt" -> "MergeApt", the conventional form of a rule name. */
static void lf_sarif__rule_name(lf_buf *out, const char *id)
{
    bool upper = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-' || *p == '_' || *p == ' ') {
            upper = true;
            continue;
        }
        char c = *p;
        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        lf_buf_addc(out, c);
        upper = false;
    }
    lf_buf_adds(out, "");
}

/* How to act on a result of the rule, in text (markdown false) or
 * Markdown. */
static void lf_sarif__help(lf_buf *out, const lf_sarif__rule *rule, bool markdown)
{
    const char *q = markdown ? "`" : "";
    if (markdown)
        lf_buf_printf(out, "**%s**: %s.\n\n%s\n\n", rule->id, rule->summary, rule->why);
    else
        lf_buf_printf(out, "%s: %s.\n\n%s\n\n", rule->id, rule->summary, rule->why);
    if (strcmp(rule->id, LF_SARIF_RULE_ERROR) == 0) {
        lf_buf_printf(out, "Run %slayerfix PATH%s to see the error with its position.", q, q);
    } else if (strcmp(rule->id, LF_SARIF_RULE_TOOL) == 0) {
        lf_buf_adds(out, "The message says what was found; nothing was changed because of it.");
    } else {
        lf_buf_printf(out,
                      "%slayerfix PATH%s shows the proposed change as a diff and %slayerfix "
                      "--fix PATH%s applies it. %s--skip=%s%s turns the pass off",
                      q, q, q, q, q, rule->id, q);
        if (rule->pass && rule->pass->run)
            lf_buf_printf(out,
                          "; %s# layerfix: ignore=%s%s on the line above an instruction "
                          "leaves that instruction as it is",
                          q, rule->id, q);
        lf_buf_adds(out, ".");
    }
}

static void lf_sarif__text(lf_buf *out, const char *key, const char *text)
{
    lf_buf_printf(out, "\"%s\":{\"text\":", key);
    lf_json_write_cstr(out, text);
    lf_buf_addc(out, '}');
}

static void lf_sarif__rules_json(lf_buf *out, const lf_sarif__rules *rules)
{
    lf_buf_adds(out, "\"rules\":[");
    for (size_t i = 0; i < rules->n; i++) {
        const lf_sarif__rule *rule = &rules->items[i];
        lf_buf tmp = LF_BUF_INIT;
        if (i)
            lf_buf_addc(out, ',');
        lf_buf_adds(out, "{\"id\":");
        lf_json_write_cstr(out, rule->id);
        lf_buf_adds(out, ",\"name\":");
        lf_sarif__rule_name(&tmp, rule->id);
        lf_json_write_string(out, tmp.data, tmp.len);
        lf_buf_addc(out, ',');
        lf_sarif__text(out, "shortDescription", rule->summary);
        lf_buf_addc(out, ',');
        lf_sarif__text(out, "fullDescription", rule->why);
        lf_buf_adds(out, ",\"help\":{\"text\":");
        lf_buf_clear(&tmp);
        lf_sarif__help(&tmp, rule, false);
        lf_json_write_string(out, tmp.data, tmp.len);
        lf_buf_adds(out, ",\"markdown\":");
        lf_buf_clear(&tmp);
        lf_sarif__help(&tmp, rule, true);
        lf_json_write_string(out, tmp.data, tmp.len);
        lf_buf_adds(out, "},\"defaultConfiguration\":{\"level\":");
        const char *level = "warning"; /* the passes, and pass ids not in the report's table */
        if (strcmp(rule->id, LF_SARIF_RULE_ERROR) == 0)
            level = "error";
        else if (strcmp(rule->id, LF_SARIF_RULE_TOOL) == 0)
            level = "note";
        lf_json_write_cstr(out, level);
        lf_buf_adds(out, "},\"properties\":{\"tags\":[\"docker\",\"build-cache\"]}}");
        lf_buf_free(&tmp);
    }
    lf_buf_addc(out, ']');
}

/* One result. path is the file the result is about; col 0: none. */
static void lf_sarif__result(lf_buf *out, bool *first, const lf_sarif__rules *rules,
                             const char *rule_id, const char *level, const char *msg,
                             const char *fallback, const char *path, size_t start, size_t end,
                             size_t col)
{
    if (!*first)
        lf_buf_addc(out, ',');
    *first = false;
    lf_buf_adds(out, "{\"ruleId\":");
    lf_json_write_cstr(out, rule_id);
    lf_buf_printf(out, ",\"ruleIndex\":%zu,\"level\":", lf_sarif__find(rules, rule_id));
    lf_json_write_cstr(out, level);
    lf_buf_addc(out, ',');
    lf_sarif__text(out, "message", msg && *msg ? msg : fallback);
    lf_buf_adds(out, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    lf_buf uri = LF_BUF_INIT;
    bool relative = lf_sarif_uri(&uri, path);
    lf_json_write_string(out, uri.data, uri.len);
    lf_buf_free(&uri);
    if (relative)
        lf_buf_adds(out, ",\"uriBaseId\":\"%SRCROOT%\"");
    lf_buf_printf(out, "},\"region\":{\"startLine\":%zu,\"endLine\":%zu", start, end);
    if (col)
        lf_buf_printf(out, ",\"startColumn\":%zu", col);
    lf_buf_adds(out, "}}}]}");
}

static void lf_sarif__file_results(lf_buf *out, bool *first, const lf_sarif__rules *rules,
                                   const lf_report *r, const lf_report_file *f)
{
    size_t s, e;
    for (size_t i = 0; i < f->nchanges; i++) {
        const lf_report_change *c = &f->changes[i];
        lf_report_show_lines(f, c->line, c->end_line, &s, &e);
        const lf_pass *pass = lf_report_pass(r, c->pass);
        lf_sarif__result(out, first, rules, c->pass, "warning", c->why,
                         pass ? pass->summary : "layerfix proposes a change", f->path, s, e, 0);
    }
    for (size_t i = 0; i < f->nnotes; i++) {
        const lf_report_note *n = &f->notes[i];
        const char *path = n->path ? n->path : f->path;
        /* a note about another file (a Dockerfile, for an ignore file's
         * note) cannot be checked against this file's lines */
        lf_report_show_lines(strcmp(path, f->path) == 0 ? f : NULL, n->line, n->line, &s, &e);
        lf_sarif__result(out, first, rules, n->pass ? n->pass : LF_SARIF_RULE_TOOL,
                         n->warning ? "warning" : "note", n->msg, "layerfix note", path, s, e, 0);
    }
    for (size_t i = 0; i < f->nerrors; i++) {
        const lf_report_error *er = &f->errors[i];
        lf_report_show_lines(f, er->line, er->line, &s, &e);
        size_t col = er->line && er->col && s == er->line ? er->col : 0;
        lf_sarif__result(out, first, rules, LF_SARIF_RULE_ERROR, "error", er->msg,
                         "the file could not be processed", f->path, s, e, col);
    }
}

/* The run's property bag: the cache-impact estimates, their totals and
 * each Dockerfile's with an estimate (the shapes of the JSON report). */
static void lf_sarif__properties(lf_buf *out, const lf_report *r)
{
    lf_impact_totals t = {{0}, {0}, {0}};
    for (size_t i = 0; i < r->n; i++)
        lf_impact_sum(r->files[i].impact, &t);
    lf_buf_adds(out, ",\"properties\":{\"impact\":{\"summary\":");
    lf_impact_totals_json(out, &t);
    lf_buf_adds(out, ",\"files\":[");
    bool first = true;
    for (size_t i = 0; i < r->n; i++) {
        const lf_report_file *f = &r->files[i];
        if (!f->impact)
            continue;
        lf_buf_adds(out, first ? "{\"path\":" : ",{\"path\":");
        first = false;
        lf_json_write_cstr(out, f->path);
        lf_buf_adds(out, ",\"uri\":");
        lf_buf uri = LF_BUF_INIT;
        lf_sarif_uri(&uri, f->path);
        lf_json_write_string(out, uri.data, uri.len);
        lf_buf_free(&uri);
        lf_buf_adds(out, ",\"impact\":");
        lf_impact_json(out, f->impact);
        lf_buf_addc(out, '}');
    }
    lf_buf_adds(out, "]}}");
}

void lf_report_sarif(lf_buf *out, const lf_report *r)
{
    lf_sarif__rules rules = {0};
    lf_sarif__collect(&rules, r);
    lf_buf_adds(out, "{\"$schema\":");
    lf_json_write_cstr(out, LF_SARIF_SCHEMA);
    lf_buf_adds(out, ",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":");
    lf_json_write_cstr(out, "layerfix");
    lf_buf_adds(out, ",\"version\":");
    lf_json_write_cstr(out, LF_VERSION);
    lf_buf_adds(out, ",\"semanticVersion\":");
    lf_json_write_cstr(out, LF_VERSION);
    lf_buf_addc(out, ',');
    lf_sarif__rules_json(out, &rules);
    lf_buf_adds(out, "}},\"results\":[");
    bool first = true;
    for (size_t i = 0; i < r->n; i++)
        lf_sarif__file_results(out, &first, &rules, r, &r->files[i]);
    lf_buf_addc(out, ']');
    lf_sarif__properties(out, r);
    lf_buf_adds(out, "}]}\n");
    free(rules.items);
}
