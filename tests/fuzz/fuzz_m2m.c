/* fuzz_m2m.c - libFuzzer target: the whole pipeline from Python source.
 * The PyTorch or Keras reader (as the driver detects them; with
 * --keep-going when the input's length is odd, so that both paths run),
 * validation, shape inference, the DSL printer and all four code
 * generators. */
#include "tests/fuzz/fuzz_common.h"

#include "frameworks/framework.h"
#include "m2m/keras.h"
#include "m2m/reader.h"
#include "m2m/torch.h"
#include "m2t/dsl_print.h"
#include "m2t/gen.h"
#include "metamodel/shape.h"
#include "metamodel/validate.h"

static void generate_all(struct nn_model *m, struct nn_diag_sink *sink, FILE *out)
{
    for (int t = 0; t < NN_TARGET_COUNT; t++) {
        struct nn_gen_options g = {0};
        g.target = (enum nn_target)t;
        g.source_name = "fuzz.py";
        nn_gen_code(m, &g, out, sink);
    }
}

static void run_m2m(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    struct nn_read_options o = {0};
    o.keep_going = (int)(src->len & 1);
    int errors = nn_m2m_keras_detect(src) ? nn_m2m_keras_read(src, &m, sink, &o)
                                          : nn_m2m_torch_read(src, &m, sink, &o);
    if (errors == 0 && !m.over_limit && nn_validate(&m, sink) == 0 &&
        nn_shape_check(&m, NULL, 0, sink, NULL) == 0) {
        nn_dsl_print(&m, out);
        generate_all(&m, sink, out);
    }
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.py", run_m2m);
}
