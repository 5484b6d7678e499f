/* verify.c - --verify: the verification script run with the user's Python
 * (see verify.h).  The script goes to a temporary file (TMPDIR, else /tmp)
 * removed after the run; it prints its table on standard output. */
#include "cli/verify.h"
#include "cli/output.h"
#include "cli/spawn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Write the script into a new temporary file; its path in path, 0 or errno. */
static int write_script(const struct nn_verify_job *j, char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int n = snprintf(path, size, "%s/nnc-verify-XXXXXX", dir);
    if (n < 0 || (size_t)n >= size)
        return ENAMETOOLONG;
    int fd = mkstemp(path);
    if (fd < 0)
        return errno;
    int err = nn_write_all(fd, j->script, j->len);
    if (close(fd) != 0 && !err)
        err = errno;
    if (err)
        unlink(path);
    return err;
}

/* The exit status for the script's wait status, saying why when the script
 * could not say it itself. */
static int status_of(const struct nn_verify_job *j, int status)
{
    if (status < 0) {
        fprintf(stderr, "nnc: error: --verify: cannot run '%s' (--python names the Python "
                "interpreter): %s\n", j->python, strerror(errno));
        return 3;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0 || code == 1 || code == 2 || code == 3 || code == NN_EXIT_DIFFERS)
        return code;
    fprintf(stderr, "nnc: error: --verify: '%s' failed running the verification of '%s' "
            "(%s %d)\n", j->python, j->generated, code < 0 ? "signal" : "exit status",
            code < 0 ? WTERMSIG(status) : code);
    return 1;
}

int nn_verify_run(const struct nn_verify_job *j)
{
    char path[4096], tol[64];
    int err = write_script(j, path, sizeof path);
    if (err) {
        fprintf(stderr, "nnc: error: --verify: cannot write the verification script: %s\n",
                strerror(err));
        return 3;
    }
    snprintf(tol, sizeof tol, "%.17g", j->tolerance);
    char *argv[] = {(char *)j->python, path, (char *)j->source, (char *)j->generated, tol,
                    (char *)(j->weights ? j->weights : ""), (char *)j->source,
                    j->brief ? "1" : "0", NULL};
    fflush(NULL);
    int rc = status_of(j, nn_spawn_wait(argv, -1, -1));
    unlink(path);
    return rc;
}
