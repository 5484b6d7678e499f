/* fuzz_dsl.c - libFuzzer target: DSL parse, validation and printing. */
#include "tests/fuzz/fuzz_common.h"

#include "grammar/dsl.h"
#include "m2t/dsl_print.h"
#include "metamodel/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nn_source src;
    char *text = fuzz_source(&src, "fuzz.nn", data, size);
    FILE *out = fopen("/dev/null", "w");
    if (!text || !out) {
        free(text);
        if (out)
            fclose(out);
        return 0;
    }
    struct nn_diag_sink sink;
    nn_diag_init(&sink, out);
    struct nn_model m;
    nn_model_init(&m);
    if (nn_dsl_parse(&src, &m, &sink) == 0 && nn_validate(&m, &sink) == 0)
        nn_dsl_print(&m, out);
    nn_model_free(&m);
    nn_source_free(&src);
    free(text);
    fclose(out);
    return 0;
}
