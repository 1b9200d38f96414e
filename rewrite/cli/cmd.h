/* The sub-commands of the layerfix binary; each returns the exit status. */
#ifndef LF_CMD_H
#define LF_CMD_H

/* Exit statuses CI can use. */
#define LF_EXIT_CLEAN 0   /* nothing to change */
#define LF_EXIT_CHANGES 1 /* changes proposed (dry run, --check) or made (--fix) */
#define LF_EXIT_ERROR 2   /* an error: bad usage, unreadable or unparsable input */

int lf_cmd_dump(int argc, char **argv);
int lf_cmd_fix(int argc, char **argv);

#endif
