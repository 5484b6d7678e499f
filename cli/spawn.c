/* spawn.c - run a helper program and wait for it (see spawn.h). */
#include "cli/spawn.h"

#include <errno.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Redirect fd to target in fa when fd is given; 0, or an errno value. */
static int redirect(posix_spawn_file_actions_t *fa, int fd, int target)
{
    return fd < 0 ? 0 : posix_spawn_file_actions_adddup2(fa, fd, target);
}

int nn_spawn_wait(char *const argv[], int out_fd, int err_fd)
{
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc == 0 && (rc = redirect(&fa, out_fd, STDOUT_FILENO)) == 0 &&
        (rc = redirect(&fa, err_fd, STDERR_FILENO)) == 0) {
        pid_t pid;
        rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) {
            errno = rc;
            return -1;
        }
        int status;
        while (waitpid(pid, &status, 0) < 0)
            if (errno != EINTR)
                return -1;
        return status;
    }
    if (rc != 0)
        posix_spawn_file_actions_destroy(&fa);
    errno = rc;
    return -1;
}
