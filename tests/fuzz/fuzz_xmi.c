/* fuzz_xmi.c - libFuzzer target: the XMI and UML readers (libxml2 with
 * network access and entity expansion off), then validation and printing. */
#include "tests/fuzz/fuzz_common.h"

#include "m2t/dsl_print.h"
#include "metamodel/validate.h"
#include "xmi/uml.h"
#include "xmi/xmi.h"

static void run_xmi(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    int errors = nn_xmi_detect_uml(src) ? nn_xmi_read_uml(src, &m, sink, NULL)
                                        : nn_xmi_read(src, &m, sink);
    if (errors == 0 && nn_validate(&m, sink) == 0)
        nn_dsl_print(&m, out);
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.xmi", run_xmi);
}
