/* output.h - writing results safely: atomically, never over the input,
 * never over an existing file without --force. */
#ifndef NN_OUTPUT_H
#define NN_OUTPUT_H

#include <stddef.h>

enum {
    NN_OUT_FORCE = 1,   /* replace an existing file (--force) */
    NN_OUT_SAME_OK = 2, /* an existing file holding exactly data is fine */
    NN_OUT_SAY_SAME = 4, /* with NN_OUT_SAME_OK: return NN_OUT_UNCHANGED for it */
};

/* nn_output_write's result with NN_OUT_SAY_SAME when the file already held
 * exactly the data (nothing written); never a process exit status. */
#define NN_OUT_UNCHANGED 5

/* Write data to path ("-" = stdout) through a temporary file, published
 * atomically; never over input, never over an existing file unless flags
 * say so.  Returns 0, NN_OUT_UNCHANGED (see above), or prints "nnc: ..." to stderr and returns 3. */
int nn_output_write(const char *path, const char *input, int flags, const char *data,
                    size_t len);

/* Where a result goes by default: BASE + suffix in dir, or beside the input
 * when dir is NULL, BASE being the input's file name up to its first dot.
 * NULL when out of memory. */
char *nn_output_default_path(const char *dir, const char *input, const char *suffix);

/* mkdir -p path (an --output-dir); 0 or an errno value. */
int nn_output_make_dirs(const char *path);

/* Make SIGINT, SIGTERM and SIGHUP remove a temporary output file being
 * written before the process dies of them (no partial file is left). */
void nn_output_guard_signals(void);

#endif
