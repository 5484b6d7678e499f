/* output.h - writing results safely: atomically, never over an input of
 * the run, never over an existing file or into a device without --force.
 *
 * Files are compared by identity (device and inode), never by name, so
 * that "a.py", "./a.py" and a link to it are one file.  The policy for
 * files that are not regular ones: the null device is written into; a
 * FIFO is written into once a reader opens it, waited for at most
 * NN_PIPE_WAIT_SECONDS; any other device, or a symbolic link to one, only
 * with --force (and then written into, never replaced).
 */
#ifndef NN_OUTPUT_H
#define NN_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "metamodel/diag.h" /* NN_PIPE_WAIT_SECONDS */

enum {
    NN_OUT_FORCE = 1,   /* replace an existing file (--force) */
    NN_OUT_SAME_OK = 2, /* an existing file holding exactly data is fine */
    NN_OUT_SAY_SAME = 4, /* with NN_OUT_SAME_OK: return NN_OUT_UNCHANGED for it */
};

/* Write all len bytes of data to fd, again after a signal: 0, or an errno
 * value (EIO when the file takes nothing). */
int nn_write_all(int fd, const char *data, size_t len);

/* A file's identity. */
struct nn_file_id {
    dev_t dev;
    ino_t ino;
};

/* The files a run reads: no output may be one of them. */
struct nn_file_ids {
    const struct nn_file_id *ids;
    size_t count;
};

/* The identity of the file at path (symbolic links followed); 0 or errno. */
int nn_file_id_of(const char *path, struct nn_file_id *id);
/* Is id one of ids? */
int nn_file_ids_have(const struct nn_file_ids *ids, const struct nn_file_id *id);

/* Write data to path ("-" = stdout) through a temporary file, published
 * atomically; never over an input, never over an existing file unless
 * flags say so.  Once a file is published the guarded signals stay held:
 * the run is done, and dying now would report a complete result as lost.
 * Returns 0, or prints "nnc: ..." to stderr and returns 3. */
int nn_output_write(const char *path, const struct nn_file_ids *inputs, int flags,
                    const char *data, size_t len);
/* Would nn_output_write accept path (leaving aside the content)?  0, or
 * prints why not and returns 3.  Writes nothing. */
int nn_output_check(const char *path, const struct nn_file_ids *inputs, int flags);

/* nn_output_write's result with NN_OUT_SAY_SAME when the file already held
 * exactly the data (nothing written).  Batch workers exit with it, so it
 * differs from every status nnc itself exits with (5 is a partial model). */
#define NN_OUT_UNCHANGED 6

/* Where a result goes by default: BASE + suffix in dir, or beside the input
 * when dir is NULL, BASE being the input's file name up to its first dot.
 * NULL when out of memory. */
char *nn_output_default_path(const char *dir, const char *input, const char *suffix);

/* mkdir -p path (an --output-dir); 0 or an errno value. */
int nn_output_make_dirs(const char *path);

/* Make SIGINT, SIGTERM and SIGHUP remove a temporary output file being
 * written before the process dies of them (no partial file is left), and
 * ignore SIGXFSZ so that a file size limit fails the write (EFBIG) instead
 * of killing the process mid-way. */
void nn_output_guard_signals(void);

#endif
