/* formats.c - the reader and writer tables (see formats.h). */
#include "cli/formats.h"

#include <string.h>

#include "grammar/dsl.h"
#include "m2m/keras.h"
#include "m2m/torch.h"
#include "m2t/dsl_print.h"
#include "m2t/gen.h"

static int read_dsl(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const struct nn_cli_options *o)
{
    (void)o;
    return nn_dsl_parse(src, m, d);
}

static int any_source(const struct nn_source *src)
{
    (void)src;
    return 1;
}

static int write_dsl(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                     struct nn_diag_sink *d)
{
    (void)o;
    (void)d;
    nn_dsl_print(m, out);
    return 0;
}

/* Python for one of the four code targets (o->target names it). */
static int write_code(struct nn_model *m, const struct nn_cli_options *o, FILE *out,
                      struct nn_diag_sink *d)
{
    struct nn_gen_options g = {0};
    if (nn_target_from_name(o->target, &g.target) != 0)
        return 1;
    g.channels_first = o->channels_first;
    g.with_training = o->with_training;
    g.source_name = o->input;
    g.input_shape = o->input_rank ? o->input_shape : NULL;
    g.input_rank = o->input_rank;
    return nn_gen_code(m, &g, out, d);
}

/* First match wins: the DSL, which accepts anything, comes last. */
static const struct nn_reader readers[] = {
    {"PyTorch", nn_m2m_torch_detect, nn_m2m_torch_read},
    {"TensorFlow/Keras", nn_m2m_keras_detect, nn_m2m_keras_read},
    {"BESSER-NN DSL", any_source, read_dsl},
};

static const struct nn_writer writers[] = {
    {"dsl", NULL, ".nn", write_dsl},
    {"torch-seq", NULL, ".torch_seq.py", write_code},
    {"torch-sub", "torch-subclass", ".torch_sub.py", write_code},
    {"tf-seq", NULL, ".tf_seq.py", write_code},
    {"tf-sub", "tf-subclass", ".tf_sub.py", write_code},
};

const struct nn_reader *nn_cli_reader_for(const struct nn_source *src)
{
    size_t n = sizeof readers / sizeof *readers;
    for (size_t i = 0; i < n; i++)
        if (readers[i].detect(src))
            return &readers[i];
    return &readers[n - 1];
}

const struct nn_writer *nn_cli_writer(const char *name)
{
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        if (strcmp(writers[i].name, name) == 0 ||
            (writers[i].alias && strcmp(writers[i].alias, name) == 0))
            return &writers[i];
    return NULL;
}

void nn_cli_list_writers(FILE *out)
{
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        fprintf(out, "%s%s", i ? ", " : "", writers[i].name);
}
