/* Builds in shell scripts (ci.h): the whole file read as shell, starting in
 * the script's own directory or at the repository root. */
#include "buildcmd.h"
#include "ci.h"

bool lf_script_load(lf_builds *out, const char *path, const char *root)
{
    lf_buf text = LF_BUF_INIT, err = LF_BUF_INIT, dir = LF_BUF_INIT;
    bool builds =
        lf_builds_read_file(path, &text, &err) == 0 && lf_buildcmd_maybe(text.data, text.len);
    if (builds) {
        lf_path_dir(path, &dir);
        const char *bases[] = {dir.data, root};
        lf_shell_input in = {text.data, text.len, bases, 2, path, root, NULL};
        lf_ci_adder a = {out, LF_EVIDENCE_SCRIPT, path, 1, NULL, 0};
        lf_buildcmd_scan(&in, lf_ci_add, &a);
    }
    lf_buf_free(&text);
    lf_buf_free(&err);
    lf_buf_free(&dir);
    return builds;
}
