/*
 * FROM an image whose tag moves: no tag (the builder takes `latest`),
 * `latest` and the other floating tags, or a major version only
 * (`python:3`, `node:20-alpine`); the knowledge table says which tags move.
 * When the tag moves, the build changes without a change to the
 * Dockerfile and the cache of the stage and everything after it is lost.
 * Not noted: `FROM <stage>` (also when the global ARG defaults make the
 * reference a stage's name), `scratch`, a reference with a digest, and a
 * reference with a variable that the global ARG defaults do not resolve.
 */
#include "advice.h"
#include "ci.h"

#include <string.h>
#include <strings.h>

/* The value a global ARG (before the first FROM) gives name[0..len), or NULL. */
static bool global_default(const lf_doc *doc, const char *name, size_t len, const char **v,
                           size_t *vl)
{
    const char *s = doc->src->data;
    bool found = false;
    for (size_t i = 0; i < doc->ninstrs && doc->instrs[i].stage < 0; i++) {
        const lf_instr *in = &doc->instrs[i];
        if (in->kw != LF_KW_ARG)
            continue;
        size_t a = in->args.start, e = in->args.end;
        while (a < e) { /* `ARG A=1 B=2`: space-separated, unquoted defaults only */
            while (a < e && (s[a] == ' ' || s[a] == '\t'))
                a++;
            size_t w = a;
            while (w < e && s[w] != ' ' && s[w] != '\t' && s[w] != '\r' && s[w] != '\n')
                w++;
            if (w - a > len && memcmp(s + a, name, len) == 0 && s[a + len] == '=' &&
                !memchr(s + a, '"', w - a) && !memchr(s + a, '\'', w - a)) {
                *v = s + a + len + 1;
                *vl = w - a - len - 1;
                found = true; /* the last declaration wins */
            } else if (w - a == len && memcmp(s + a, name, len) == 0) {
                found = false; /* declared without a default */
            }
            a = w;
        }
    }
    return found;
}

/* The reference with `$X` and `${X}` replaced by global ARG defaults;
 * false when one is not resolved (or uses a `${X:-...}` form). */
static bool resolve(const lf_doc *doc, const char *ref, size_t len, lf_buf *out)
{
    lf_buf_clear(out);
    for (size_t i = 0; i < len; i++) {
        if (ref[i] != '$') {
            lf_buf_addc(out, ref[i]);
            continue;
        }
        bool brace = i + 1 < len && ref[i + 1] == '{';
        size_t a = i + 1 + brace, e = a;
        while (e < len && ((ref[e] >= 'A' && ref[e] <= 'Z') || (ref[e] >= 'a' && ref[e] <= 'z') ||
                           (ref[e] >= '0' && ref[e] <= '9') || ref[e] == '_'))
            e++;
        if (e == a || (brace && (e >= len || ref[e] != '}')))
            return false;
        const char *v;
        size_t vl;
        if (!global_default(doc, ref + a, e - a, &v, &vl) || memchr(v, '$', vl))
            return false;
        lf_buf_add(out, v, vl);
        i = e - 1 + brace;
    }
    lf_buf_adds(out, "");
    return true;
}

/* Does ref name a stage before stage s (`FROM ${BASE}` with `ARG
 * BASE=builder`: BuildKit matches stage names case-insensitively)? */
static bool names_stage(const lf_doc *doc, size_t s, const lf_buf *ref)
{
    for (size_t k = 0; k < s; k++) {
        const lf_span *n = &doc->stages[k].name;
        if (n->end - n->start == ref->len &&
            strncasecmp(doc->src->data + n->start, ref->data, ref->len) == 0)
            return true;
    }
    return false;
}

void lf_advice_base_tags(const lf_doc *doc, lf_ctx *ctx)
{
    lf_buf ref = LF_BUF_INIT, why = LF_BUF_INIT;
    for (size_t i = 0; i < doc->nstages; i++) {
        const lf_stage *st = &doc->stages[i];
        const char *img = doc->src->data + st->image.start;
        size_t len = st->image.end - st->image.start;
        if (len == 0 || st->base_stage >= 0 || memchr(img, '@', len) ||
            (len == strlen(lf_ci_scratch) && memcmp(img, lf_ci_scratch, len) == 0) ||
            !resolve(doc, img, len, &ref) || strchr(lf_buf_cstr(&ref), '@') ||
            names_stage(doc, i, &ref))
            continue;
        const char *tag;
        size_t tl;
        lf_tag_kind k = lf_ci_tag_kind(ref.data, ref.len, &tag, &tl);
        lf_buf_clear(&why);
        if (k == LF_TAG_PINNED)
            continue;
        if (k == LF_TAG_NONE)
            lf_buf_adds(&why, "has no tag, so the builder takes `latest`, which moves with every "
                              "release");
        else if (k == LF_TAG_FLOATING)
            lf_buf_printf(&why, "is on the tag `%.*s`, which moves with every release", (int)tl,
                          tag);
        else
            lf_buf_printf(&why,
                          "is on the tag `%.*s`, which moves to every new release of that "
                          "major version",
                          (int)tl, tag);
        size_t repo_len = k == LF_TAG_NONE ? ref.len : (size_t)(tag - 1 - ref.data);
        lf_ctx_note(ctx, doc->instrs[st->from].span.start,
                    "FROM %s%s: the image %s: the build changes without a change to the "
                    "Dockerfile, and when the tag moves the cache of this stage and of every step "
                    "after it is lost; pin a full version tag, and a digest for repeatable builds "
                    "(`FROM %.*s:<version>@sha256:<digest>`; `%s %s` shows the digest the tag "
                    "points to now)",
                    lf_buf_cstr(&ref), memchr(img, '$', len) ? " (from the ARG defaults)" : "",
                    lf_buf_cstr(&why), (int)repo_len, ref.data, lf_docker.imagetools_cmd,
                    lf_buf_cstr(&ref));
    }
    lf_buf_free(&ref);
    lf_buf_free(&why);
}
