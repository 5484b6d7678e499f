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
    if (!text)
        return NULL;
    memcpy(text, data, size);
    text[size] = '\0';
    nn_source_from_string(src, name, text);
    src->len = size;
    return text;
}

#endif
