/*
 * Running a builder command and keeping what it prints: stdout and stderr
 * into one buffer (in the order they arrive), stdin from /dev/null, the
 * wall time, and an optional time limit after which the command gets
 * SIGTERM, then SIGKILL.
 */
#ifndef LF_PROC_H
#define LF_PROC_H

#include "buf.h"

#include <stdbool.h>

typedef struct lf_proc {
    bool started;   /* false: the program could not be started (err says why) */
    int status;     /* exit status, or 128 + the signal that ended it */
    bool timed_out; /* ended by the time limit */
    double seconds; /* wall time */
    lf_buf out;     /* everything it printed */
} lf_proc;

/* Runs argv (argv[0] searched on PATH) to its end. timeout: seconds, 0 for
 * none. Returns 0 when it ran (whatever its status), -1 when it could not
 * be started, with `layerfix: error: cannot run PROGRAM: REASON` in err.
 * Free p->out with lf_buf_free. */
int lf_proc_run(char *const argv[], unsigned timeout, lf_proc *p, lf_buf *err);

/* The last n lines of text (without a trailing empty line), into out. */
void lf_proc_tail(const char *text, size_t len, unsigned n, lf_buf *out);

#endif
