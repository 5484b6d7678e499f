/* graphviz.c - render DOT text with Graphviz's dot program (see graphviz.h).
 *
 * The text goes to dot through a temporary file and the picture comes back
 * through another, so that neither side can block on a full pipe; dot's
 * messages are kept in a third and shown when it fails.
 */
#include "cli/graphviz.h"
#include "cli/output.h"
#include "cli/spawn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A new empty temporary file; its path in path (size bytes), or -1. */
static int temp_file(char *path, size_t size, const char *tag)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    if ((size_t)snprintf(path, size, "%s/nnc-%s-XXXXXX", dir, tag) >= size)
        return -1;
    return mkstemp(path);
}

/* Copy the file at fd (from its start) to out: 0, or -1. */
static int copy_out(int fd, FILE *out)
{
    char buf[8192];
    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
            return -1;
    }
}

/* Run `dot -T<format> in` with stdout to out_fd and stderr to err_fd; the
 * process's wait status, or -1 with errno set when it could not start. */
static int run_dot(const char *format, const char *in, int out_fd, int err_fd)
{
    char flag[32];
    snprintf(flag, sizeof flag, "-T%s", format);
    char *argv[] = {"dot", flag, (char *)in, NULL};
    return nn_spawn_wait(argv, out_fd, err_fd);
}

/* dot's first message line, for the error. */
static void first_line(int fd, char *buf, size_t size)
{
    buf[0] = '\0';
    if (lseek(fd, 0, SEEK_SET) < 0)
        return;
    ssize_t n = read(fd, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
}

int nn_graphviz_render(const char *text, size_t len, const char *format, FILE *out,
                       struct nn_diag_sink *d)
{
    char in[4096], pic[4096], err[4096];
    int fin = temp_file(in, sizeof in, "dot");
    int fpic = fin < 0 ? -1 : temp_file(pic, sizeof pic, "pic");
    int ferr = fpic < 0 ? -1 : temp_file(err, sizeof err, "err");
    int rc = 1;
    if (ferr < 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot create a temporary file: %s",
                strerror(errno));
    } else if (nn_write_all(fin, text, len) != 0) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write a temporary file: %s",
                strerror(errno));
    } else {
        int status = run_dot(format, in, fpic, ferr);
        char msg[512];
        if (status < 0 && errno == ENOENT)
            nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR,
                    "--target %s needs Graphviz's 'dot' program on the PATH (install the "
                    "graphviz package of your system); --target dot writes the graph as text",
                    format);
        else if (status < 0)
            nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot run Graphviz's 'dot': %s",
                    strerror(errno));
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            first_line(ferr, msg, sizeof msg);
            nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "Graphviz's 'dot' failed%s%s",
                    msg[0] ? ": " : "", msg);
        } else if (copy_out(fpic, out) != 0)
            nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot read dot's output: %s",
                    strerror(errno));
        else
            rc = 0;
    }
    if (fin >= 0) {
        close(fin);
        unlink(in);
    }
    if (fpic >= 0) {
        close(fpic);
        unlink(pic);
    }
    if (ferr >= 0) {
        close(ferr);
        unlink(err);
    }
    return rc;
}
