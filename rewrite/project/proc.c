/*
 * Running a command with its output captured (see proc.h).
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int spawn(pid_t *pid, char *const argv[], int out_fd, int close_fd)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
    posix_spawn_file_actions_addclose(&fa, out_fd);
    posix_spawn_file_actions_addclose(&fa, close_fd);
    int rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Reads until end of file. With a time limit, the command gets SIGTERM
 * when it is reached and SIGKILL 5 s later; once it has ended, what it
 * started and left running (holding the pipe open) is not waited for.
 * Returns true when it reaped pid (its status in *st). */
static bool drain(int fd, pid_t pid, double t0, unsigned timeout, lf_proc *p, int *st)
{
    char buf[16384];
    double killed_at = 0;
    for (;;) {
        int wait_ms = -1;
        if (timeout && !killed_at) {
            double left = t0 + timeout - now();
            wait_ms = left > 0 ? (int)(left * 1000) + 1 : 0;
        } else if (killed_at) {
            wait_ms = 200;
        }
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int r = poll(&pf, 1, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            if (!killed_at) {
                p->timed_out = true;
                kill(pid, SIGTERM);
                killed_at = now();
            } else if (waitpid(pid, st, WNOHANG) == pid) {
                return true;
            } else if (now() > killed_at + 5) {
                kill(pid, SIGKILL);
            }
            continue;
        }
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        lf_buf_add(&p->out, buf, (size_t)n);
    }
}

int lf_proc_run(char *const argv[], unsigned timeout, lf_proc *p, lf_buf *err)
{
    memset(p, 0, sizeof *p);
    int fds[2];
    if (pipe(fds) != 0) {
        lf_buf_printf(err, "layerfix: error: cannot run %s: %s", argv[0], strerror(errno));
        return -1;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    double t0 = now();
    pid_t pid;
    int rc = spawn(&pid, argv, fds[1], fds[0]);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        lf_buf_printf(err, "layerfix: error: cannot run %s: %s", argv[0], strerror(rc));
        return -1;
    }
    p->started = true;
    int st = 0;
    bool reaped = drain(fds[0], pid, t0, timeout, p, &st);
    close(fds[0]);
    while (!reaped && waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    p->seconds = now() - t0;
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return 0;
}

void lf_proc_tail(const char *text, size_t len, unsigned n, lf_buf *out)
{
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    size_t start = len;
    unsigned lines = 0;
    while (start > 0) {
        if (text[start - 1] == '\n' && ++lines == n)
            break;
        start--;
    }
    lf_buf_add(out, text + start, len - start);
}
