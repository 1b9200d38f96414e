/*
 * The users and groups a stage knows: those of the base image (from the
 * knowledge table) and those its RUNs create (useradd, adduser, usermod,
 * groupadd, addgroup; GNU and BusyBox spellings, from the tool table), and
 * the user a RUN runs as: root, a known uid/gid/HOME, or unknown.
 */
#ifndef LF_USERS_H
#define LF_USERS_H

#include "run_model.h"
#include "vars.h"

#include <stdbool.h>

typedef struct lf_user {
    char *name;
    long uid, gid; /* -1: unknown */
    char *home;    /* NULL: unknown */
} lf_user;

typedef struct lf_group {
    char *name;
    long gid;
} lf_group;

typedef struct lf_users {
    lf_user *u;
    size_t n, cap;
    lf_group *g;
    size_t ng, capg;
} lf_users;

const lf_user *lf_users_find(const lf_users *us, const char *name);
const lf_user *lf_users_by_uid(const lf_users *us, long uid);
/* The user named name (added with unknown ids when missing). */
lf_user *lf_users_add(lf_users *us, const char *name);
long lf_users_gid(const lf_users *us, const char *group);
void lf_users_set_group(lf_users *us, const char *name, long gid);
void lf_users_copy(lf_users *dst, const lf_users *src);
void lf_users_free(lf_users *us);

/* Records the users and groups the commands of a RUN create. */
void lf_users_learn(lf_users *us, const lf_run_model *m);
/* The home directory a user-tool command (useradd, adduser, usermod -d)
 * gives its user, absolute and malloc'd; NULL when it gives none (groupadd,
 * another program). *unknown is set when the user or the home is known
 * only at build time. */
char *lf_user_cmd_home(const lf_cmd *c, bool *unknown);

/* A decimal id, or -1. */
long lf_parse_id(const char *s);

/* Who a RUN runs as. */
typedef struct lf_run_user {
    bool root;
    bool known; /* uid known (always for root) */
    long uid, gid;
    char *home; /* NULL: unknown */
    /* the uid and gid come from a build ARG (`USER $UID`): its name, which
     * BuildKit expands in a mount's uid= (NULL otherwise) */
    char *uid_arg, *gid_arg;
    char spec[96]; /* the USER as written (after expansion when known) */
    /* no USER, and the base image cannot be resolved: spec is the image */
    bool image_unknown;
} lf_run_user;

/* The user of spec (a USER value: `name`, `uid`, `name:group`, NULL for the
 * image's default, root), dyn when it could not be expanded, with the
 * stage's environment env (for HOME) and users. */
void lf_run_user_resolve(lf_run_user *ru, const char *spec, bool dyn, const lf_vars *env,
                         const lf_users *us);
void lf_run_user_free(lf_run_user *ru);

#endif
