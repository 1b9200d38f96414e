/*
 * A docker build command line read from a scanned command (cmdscan.h):
 * which options it passes that matter for its cache (external cache
 * backends, --no-cache), the image it tags, and the build arguments it
 * sets. The program, subcommand and option names are the knowledge
 * table's (ci.h).
 */
#ifndef LF_DOCKERBUILD_H
#define LF_DOCKERBUILD_H

#include "buf.h"
#include "cmdscan.h"

#define LF_DB_NONE ((size_t)-1)
#define LF_DB_MAX_ARGS 32

typedef struct lf_build_arg {
    size_t word;      /* the word holding NAME (with `=value` or not) */
    const char *name; /* into that word's text */
    size_t name_len;
    const char *value; /* after '=', or NULL: taken from the environment */
} lf_build_arg;

typedef struct lf_docker_build {
    const ci_cmd *cmd;
    size_t prog;       /* the program word */
    size_t sub_end;    /* the word after the subcommand path */
    bool buildx;       /* the subcommand path goes through buildx */
    size_t cache_from; /* the option word, or LF_DB_NONE */
    size_t cache_to;
    size_t no_cache;
    size_t tag; /* the word holding the first tag's value, or LF_DB_NONE */
    const char *tag_value;
    lf_build_arg args[LF_DB_MAX_ARGS];
    size_t nargs;
} lf_docker_build;

/* Reads c as a docker build; false when it is not one. */
bool lf_docker_build_read(const ci_cmd *c, lf_docker_build *b);

/* Does c run the docker program (any subcommand)? */
bool lf_docker_cmd_any(const ci_cmd *c);

/* Is c the docker program running the subcommand path `sub` ("login",
 * "buildx create")? */
bool lf_docker_cmd_is(const ci_cmd *c, const char *sub);

/* The registry cache reference for a build's first tag: the tag's
 * repository with the knowledge table's cache tag (`registry/app:buildcache`;
 * `<registry>/app:buildcache` for a tag without a registry path), into out;
 * false when the build has no tag (out is left empty). */
bool lf_docker_cache_ref(const lf_docker_build *b, lf_buf *out);

#endif
