/* fuzz_dsl.c - libFuzzer target: DSL parse, validation and printing. */
#include "tests/fuzz/fuzz_common.h"

#include "grammar/dsl.h"
#include "m2t/dsl_print.h"
#include "metamodel/validate.h"

static void run_dsl(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    if (nn_dsl_parse(src, &m, sink) == 0 && nn_validate(&m, sink) == 0)
        nn_dsl_print(&m, out);
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.nn", run_dsl);
}
