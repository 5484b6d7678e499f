/* fuzz_common.h - shared set-up for the libFuzzer targets: the input as a
 * NUL-terminated source (embedded NULs kept), and a sink that prints every
 * diagnostic (so the printer is fuzzed too) into a discarded stream. */
#ifndef NN_FUZZ_COMMON_H
#define NN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Copy data into a fresh source; the caller frees text and source. */
static inline char *fuzz_source(struct nn_source *src, const char *name, const uint8_t *data,
                                size_t size)
{
    char *text = malloc(size + 1);
    memset(src, 0, sizeof *src);
    if (!text)
        return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    nn_source_from_string(src, name, text);
    src->len = size;
    return text;
}

/* Run one input: body(src, sink, out) with a source over the data and a
 * sink printing into /dev/null; everything is freed afterwards. */
static inline int fuzz_run(const uint8_t *data, size_t size, const char *name,
                           void (*body)(struct nn_source *src, struct nn_diag_sink *sink,
                                        FILE *out))
{
    struct nn_source src;
    char *text = fuzz_source(&src, name, data, size);
    FILE *out = fopen("/dev/null", "w");
    if (text && out) {
        struct nn_diag_sink sink;
        nn_diag_init(&sink, out);
        body(&src, &sink, out);
    }
    nn_source_free(&src);
    free(text);
    if (out)
        fclose(out);
    return 0;
}

#endif
