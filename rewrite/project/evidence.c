/* Names and descriptions of the kinds of build-context evidence (evidence.h). */
#include "evidence.h"

const char *lf_evidence_kind_name(lf_evidence_kind kind)
{
    switch (kind) {
    case LF_EVIDENCE_COMMAND_LINE:
        return "command-line";
    case LF_EVIDENCE_CONFIG:
        return "config";
    case LF_EVIDENCE_COMPOSE:
        return "compose";
    case LF_EVIDENCE_BAKE:
        return "bake";
    case LF_EVIDENCE_WORKFLOW:
        return "workflow";
    case LF_EVIDENCE_GITLAB_CI:
        return "gitlab-ci";
    case LF_EVIDENCE_MAKEFILE:
        return "makefile";
    case LF_EVIDENCE_SCRIPT:
        return "script";
    case LF_EVIDENCE_COPY_SOURCES:
        return "copy-sources";
    case LF_EVIDENCE_GUESS:
        return "guess";
    }
    return "unknown";
}

int lf_evidence_rank(lf_evidence_kind kind)
{
    switch (kind) {
    case LF_EVIDENCE_COMMAND_LINE:
        return 0;
    case LF_EVIDENCE_CONFIG:
        return 1;
    case LF_EVIDENCE_COMPOSE:
    case LF_EVIDENCE_BAKE:
    case LF_EVIDENCE_WORKFLOW:
    case LF_EVIDENCE_GITLAB_CI:
    case LF_EVIDENCE_MAKEFILE:
    case LF_EVIDENCE_SCRIPT:
        return 2;
    case LF_EVIDENCE_COPY_SOURCES:
        return 3;
    case LF_EVIDENCE_GUESS:
        return 4;
    }
    return 5;
}

void lf_evidence_describe(const lf_context_evidence *e, lf_buf *out)
{
    const char *origin = e->origin ? e->origin : "?";
    switch (e->kind) {
    case LF_EVIDENCE_COMMAND_LINE:
        lf_buf_adds(out, "--context");
        return;
    case LF_EVIDENCE_GUESS:
        lf_buf_adds(out, "guess: the Dockerfile's directory");
        return;
    case LF_EVIDENCE_COPY_SOURCES:
        lf_buf_adds(out, "COPY sources");
        if (e->origin)
            lf_buf_printf(out, " (%s)", e->origin);
        return;
    case LF_EVIDENCE_WORKFLOW:
        lf_buf_printf(out, "workflow %s", origin);
        break;
    case LF_EVIDENCE_GITLAB_CI:
        lf_buf_printf(out, "GitLab CI %s", origin);
        break;
    case LF_EVIDENCE_SCRIPT:
        lf_buf_printf(out, "script %s", origin);
        break;
    case LF_EVIDENCE_CONFIG:
    case LF_EVIDENCE_COMPOSE:
    case LF_EVIDENCE_BAKE:
    case LF_EVIDENCE_MAKEFILE:
        lf_buf_adds(out, origin);
        break;
    }
    if (e->detail && !e->context)
        lf_buf_printf(out, " (%s, from stdin: no context)", e->detail);
    else if (e->detail)
        lf_buf_printf(out, " (%s)", e->detail);
    else if (!e->context)
        lf_buf_adds(out, " (from stdin: no context)");
}
