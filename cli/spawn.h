/* spawn.h - run a helper program (Graphviz's dot, the user's Python) and
 * wait for it: the one place the driver starts another process. */
#ifndef NN_CLI_SPAWN_H
#define NN_CLI_SPAWN_H

/* Run argv[0] (looked up on the PATH) with argv, its standard output on
 * out_fd and its standard error on err_fd (-1: the driver's own), and wait
 * for it.  Returns the process's wait status, or -1 with errno set when it
 * could not start or be waited for. */
int nn_spawn_wait(char *const argv[], int out_fd, int err_fd);

#endif
