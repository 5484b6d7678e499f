/* fuzz_dsl.c - libFuzzer target: the whole pipeline from DSL text (the
 * parser, then tests/fuzz/fuzz_pipeline.h: validation, shapes, every writer). */
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_pipeline.h"

#include "grammar/dsl.h"

static void run_dsl(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    if (nn_dsl_parse(src, &m, sink) == 0)
        fuzz_write_all(&m, sink, out);
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.nn", run_dsl);
}
