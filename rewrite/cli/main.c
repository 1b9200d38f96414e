/*
 * The layerfix command: dispatch only. `layerfix dump ...` prints parses;
 * everything else is the rewrite command (cmd_fix.c).
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("layerfix %s\n", LF_VERSION);
        return LF_EXIT_CLEAN;
    }
    if (argc >= 2 && strcmp(argv[1], "dump") == 0)
        return lf_cmd_dump(argc - 1, argv + 1);
    return lf_cmd_fix(argc, argv);
}
