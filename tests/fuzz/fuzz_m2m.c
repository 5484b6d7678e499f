/* fuzz_m2m.c - libFuzzer target: the whole pipeline from Python source.
 * The PyTorch or Keras reader (as the driver detects them; with
 * --keep-going when the input's length is odd, so that both paths run),
 * then tests/fuzz/fuzz_pipeline.h: validation, shapes, every writer. */
#include "tests/fuzz/fuzz_common.h"
#include "tests/fuzz/fuzz_pipeline.h"

#include "m2m/keras.h"
#include "m2m/reader.h"
#include "m2m/torch.h"

static void run_m2m(struct nn_source *src, struct nn_diag_sink *sink, FILE *out)
{
    struct nn_model m;
    nn_model_init(&m);
    struct nn_read_options o = {0};
    o.keep_going = (int)(src->len & 1);
    int errors = nn_m2m_keras_detect(src) ? nn_m2m_keras_read(src, &m, sink, &o)
                                          : nn_m2m_torch_read(src, &m, sink, &o);
    if (errors == 0)
        fuzz_write_all(&m, sink, out);
    nn_model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_run(data, size, "fuzz.py", run_m2m);
}
