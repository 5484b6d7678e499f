/* output.c - atomic output files (see output.h). */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what, const char *path, int err)
{
    fprintf(stderr, "nnc: %s '%s': %s\n", what, path, strerror(err));
    return 3;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Same file as the input (by device and inode)? */
static int is_input(const char *path, const char *input)
{
    struct stat a, b;
    return input && stat(path, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

int nn_output_write(const char *path, const char *input, int force, const char *data,
                    size_t len)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return fail("cannot write", "<stdout>", errno);
        return 0;
    }
    if (is_input(path, input)) {
        fprintf(stderr, "nnc: refusing to write '%s': it is the input file\n", path);
        return 3;
    }
    if (!force && access(path, F_OK) == 0) {
        fprintf(stderr, "nnc: '%s' exists; use --force to replace it\n", path);
        return 3;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return fail("cannot write", path, ENOMEM);
    snprintf(tmp, n + 16, "%s.nnc-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return fail("cannot create a file beside", path, err);
    }
    int err = write_all(fd, data, len);
    mode_t mask = umask(0);
    umask(mask);
    if (!err && fchmod(fd, 0666 & ~mask) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err) {
        unlink(tmp);
        free(tmp);
        return fail("cannot write", path, err);
    }
    free(tmp);
    return 0;
}
