/* fuzz_xmi.c - libFuzzer target: the whole pipeline from XMI and UML (the
 * readers, libxml2 with network access and entity expansion off, then
 * tests/fuzz/fuzz_pipeline.h: validation, shapes, every writer). */
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_pipeline.h"

static void run_xmi(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    int errors = nn_xmi_detect_uml(src) ? nn_xmi_read_uml(src, &m, sink, NULL)
                                        : nn_xmi_read(src, &m, sink);
    if (errors == 0)
        fuzz_write_all(&m, sink, out);
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.xmi", run_xmi);
}
