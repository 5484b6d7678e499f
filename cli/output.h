/* output.h - writing results safely: atomically, never over the input,
 * never over an existing file without --force. */
#ifndef NN_OUTPUT_H
#define NN_OUTPUT_H

#include <stddef.h>

/* Write data to path ("-" = stdout) through a temporary file and rename.
 * Returns 0, or prints "nnc: ..." to stderr and returns 3. */
int nn_output_write(const char *path, const char *input, int force, const char *data,
                    size_t len);

#endif
