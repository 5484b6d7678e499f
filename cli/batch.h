/* batch.h - many input files in one call (--output-dir DIR FILE..., -j N).
 *
 * Each file is migrated in a worker process of its own, at most `jobs` at a
 * time, so one file's failure (or a crash) costs that file only.  The report
 * is printed in the order the files were given, whatever order they finish
 * in: each file's diagnostics on stderr, then its status line on stdout.
 */
#ifndef NN_BATCH_H
#define NN_BATCH_H

#include <stddef.h>

#include "cli/formats.h"

/* Migrates one file: the driver's pipeline, called in the worker. */
typedef int (*nn_batch_compile_fn)(const struct nn_cli_options *o);

/* Run compile on every file with options o (input replaced).  Returns 0 if
 * every file succeeded, else the worst exit status of the failed files (1
 * input errors, 3 I/O, 4 a worker crashed), else NN_EXIT_PARTIAL when some
 * were written partial, or 128 + the signal when interrupted. */
int nn_batch_run(const struct nn_cli_options *o, char *const *files, size_t count, int jobs,
                 nn_batch_compile_fn compile);

#endif
