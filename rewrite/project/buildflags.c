/* Build command lines (buildflags.h). */
#include "buildflags.h"

#include <string.h>

/* Long flags that take a value (docker build / buildx build, podman build,
 * buildah bud, nerdctl build); any other flag is taken as a boolean. */
static const char *const value_flags[] = {"add-host",
                                          "allow",
                                          "annotation",
                                          "arch",
                                          "attest",
                                          "authfile",
                                          "build-arg",
                                          "build-arg-file",
                                          "build-context",
                                          "builder",
                                          "cache-from",
                                          "cache-to",
                                          "cache-ttl",
                                          "call",
                                          "cap-add",
                                          "cap-drop",
                                          "cert-dir",
                                          "cgroup-parent",
                                          "cgroupns",
                                          "cpp-flag",
                                          "cpu-period",
                                          "cpu-quota",
                                          "cpu-shares",
                                          "cpuset-cpus",
                                          "cpuset-mems",
                                          "creds",
                                          "cw",
                                          "decryption-key",
                                          "device",
                                          "dns",
                                          "dns-option",
                                          "dns-search",
                                          "env",
                                          "file",
                                          "format",
                                          "from",
                                          "group-add",
                                          "hooks-dir",
                                          "iidfile",
                                          "ignorefile",
                                          "ipc",
                                          "isolation",
                                          "jobs",
                                          "label",
                                          "layer-label",
                                          "logfile",
                                          "manifest",
                                          "memory",
                                          "memory-swap",
                                          "metadata-file",
                                          "net",
                                          "network",
                                          "no-cache-filter",
                                          "os",
                                          "os-feature",
                                          "os-version",
                                          "output",
                                          "pid",
                                          "platform",
                                          "progress",
                                          "provenance",
                                          "retry",
                                          "retry-delay",
                                          "runtime",
                                          "runtime-flag",
                                          "sbom",
                                          "secret",
                                          "security-opt",
                                          "shm-size",
                                          "sign-by",
                                          "ssh",
                                          "tag",
                                          "target",
                                          "timestamp",
                                          "ulimit",
                                          "unsetenv",
                                          "unsetlabel",
                                          "userns",
                                          "userns-gid-map",
                                          "userns-gid-map-group",
                                          "userns-uid-map",
                                          "userns-uid-map-user",
                                          "uts",
                                          "variant",
                                          "volume"};

static bool takes_value(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof value_flags / sizeof *value_flags; i++)
        if (strlen(value_flags[i]) == n && memcmp(value_flags[i], name, n) == 0)
            return true;
    return false;
}

/* Short flags that take a value: -f file, -t tag, -o output, -m memory,
 * -c cpu-shares, -v volume. */
static bool short_takes_value(char c)
{
    return strchr("ftomcv", c) != NULL;
}

/* A long flag at w[*i]; advances past its value. */
static void long_flag(const lf_shwords *w, size_t *i, lf_build_args *B)
{
    const char *a = w->v[*i].text;
    const char *eq = strchr(a, '=');
    size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    bool file = nl == 4 && memcmp(a + 2, "file", 4) == 0;
    bool target = nl == 6 && memcmp(a + 2, "target", 6) == 0;
    const char **val = file ? &B->file : target ? &B->target : NULL;
    bool *known = file ? &B->file_known : target ? &B->target_known : NULL;
    if (eq) {
        if (val) {
            *val = eq + 1;
            *known = true;
        }
    } else if (takes_value(a + 2, nl)) {
        if (*i + 1 >= w->n || w->v[*i + 1].opaque) {
            B->ok = false;
        } else if (val) {
            *val = w->v[*i + 1].text;
            *known = w->v[*i + 1].known;
        }
        ++*i;
    }
}

/* -q, -f X, -fX, -f=X, -qf X at w[*i]. */
static void short_flags(const lf_shwords *w, size_t *i, lf_build_args *B)
{
    const char *a = w->v[*i].text;
    for (size_t k = 1; a[k]; k++) {
        if (!short_takes_value(a[k]))
            continue;
        const char *glued = a[k + 1] == '=' ? a + k + 2 : a + k + 1;
        if (*glued) {
            if (a[k] == 'f') {
                B->file = glued;
                B->file_known = true;
            }
        } else if (*i + 1 >= w->n || w->v[*i + 1].opaque) {
            B->ok = false;
        } else {
            if (a[k] == 'f') {
                B->file = w->v[*i + 1].text;
                B->file_known = w->v[*i + 1].known;
            }
            ++*i;
        }
        return;
    }
}

void lf_build_args_read(const lf_shwords *w, size_t start, lf_build_args *B)
{
    memset(B, 0, sizeof *B);
    B->ok = true;
    size_t npos = 0;
    bool flags = true;
    for (size_t i = start; i < w->n; i++) {
        const lf_shword *x = &w->v[i];
        if (x->opaque) {
            if (!flags)
                B->ok = false;
            continue; /* `$BUILD_ARGS`, "$@": flags we cannot see */
        }
        const char *a = x->text;
        if (!x->known || !flags || a[0] != '-' || strcmp(a, "-") == 0) {
            B->context = x;
            npos++;
        } else if (strcmp(a, "--") == 0) {
            flags = false;
        } else if (a[1] == '-') {
            long_flag(w, &i, B);
        } else {
            short_flags(w, &i, B);
        }
    }
    if (npos != 1)
        B->ok = false;
}

/* Global flags of docker/podman/buildah/nerdctl before the subcommand that
 * take a value. */
static bool global_value_flag(const char *a)
{
    static const char *const g[] = {"--config",
                                    "-c",
                                    "--context",
                                    "-H",
                                    "--host",
                                    "-l",
                                    "--log-level",
                                    "--tlscacert",
                                    "--tlscert",
                                    "--tlskey",
                                    "--root",
                                    "--runroot",
                                    "--storage-driver",
                                    "--storage-opt",
                                    "--cgroup-manager",
                                    "--connection",
                                    "--url",
                                    "--identity",
                                    "--registries-conf",
                                    "--namespace",
                                    "-n",
                                    "--address",
                                    "-a",
                                    "--snapshotter",
                                    "--builder",
                                    "--cni-path",
                                    "--data-root"};
    for (size_t i = 0; i < sizeof g / sizeof *g; i++)
        if (strcmp(a, g[i]) == 0)
            return true;
    return false;
}

size_t lf_build_subcommand(const lf_shwords *w, size_t k, lf_buf *tool)
{
    static const char *const progs[] = {"docker", "podman", "buildah", "nerdctl"};
    const char *p = w->v[k].text, *slash = strrchr(p, '/');
    p = slash ? slash + 1 : p;
    size_t which = 4;
    for (size_t i = 0; i < 4; i++)
        if (w->v[k].known && strcmp(p, progs[i]) == 0)
            which = i;
    if (which == 4)
        return 0;
    lf_buf_adds(tool, progs[which]);
    k++;
    for (size_t depth = 0; k < w->n && depth < 3;) {
        if (!w->v[k].known)
            return 0;
        const char *a = w->v[k].text;
        if (a[0] == '-') {
            k += !strchr(a, '=') && global_value_flag(a) ? 2 : 1;
            continue;
        }
        bool build =
            strcmp(a, "build") == 0 ||
            (which == 2 && (strcmp(a, "bud") == 0 || strcmp(a, "build-using-dockerfile") == 0));
        bool group = which != 2 && (strcmp(a, "buildx") == 0 || strcmp(a, "image") == 0 ||
                                    strcmp(a, "builder") == 0);
        if (build || (depth > 0 && strcmp(a, "b") == 0)) {
            lf_buf_printf(tool, " %s", a);
            return k + 1;
        }
        if (!group)
            return 0;
        lf_buf_printf(tool, " %s", a);
        k++;
        depth++;
    }
    return 0;
}

bool lf_kaniko_args(const lf_shwords *w, size_t k, const char **context, const char **dockerfile,
                    const char **target)
{
    const char *c = NULL, *f = "Dockerfile", *t = NULL;
    for (k++; k < w->n; k++) {
        if (w->v[k].opaque)
            continue;
        const char *a = w->v[k].text;
        const char **to = NULL;
        size_t skip = 0;
        if (strncmp(a, "--context", 9) == 0 || strncmp(a, "-c", 2) == 0)
            to = &c, skip = a[1] == '-' ? 9 : 2;
        else if (strncmp(a, "--dockerfile", 12) == 0 || strncmp(a, "-f", 2) == 0)
            to = &f, skip = a[1] == '-' ? 12 : 2;
        else if (strncmp(a, "--target", 8) == 0 && (a[8] == '=' || !a[8]))
            to = &t, skip = 8;
        if (!to)
            continue;
        if (!w->v[k].known) {
            *to = NULL; /* --context=$UNKNOWN */
        } else if (a[skip] == '=') {
            *to = a + skip + 1;
        } else if (!a[skip] && k + 1 < w->n) {
            k++;
            *to = w->v[k].known ? w->v[k].text : NULL;
        }
    }
    if (!c || !f)
        return false;
    if (strncmp(c, "dir://", 6) == 0)
        c += 6;
    else if (strstr(c, "://"))
        return false;
    *context = c;
    *dockerfile = f;
    *target = t && *t ? t : NULL;
    return true;
}
