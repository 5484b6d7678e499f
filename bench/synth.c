/* synth.c - synthetic BESSER-NN models of any size (see synth.h). */
#include "bench/synth.h"

#include <stdlib.h>

/* The recurrent kind of unit k: the three kinds in turn. */
static const char *rnn_kind(size_t k)
{
    static const char *const kinds[] = {"LSTM", "GRU", "SimpleRNN"};
    return kinds[k % 3];
}

/* The root's eight layers of unit k (the sub-network holds the other two). */
static void unit_layers(FILE *out, size_t k)
{
    fprintf(out,
            "        - c%zu:\n            type=Conv2D\n            actv_func=relu\n"
            "            in_channels=8\n            out_channels=8\n"
            "            kernel_dim=[3, 3]\n            padding_type=same\n"
            "        - bn%zu:\n            type=BatchNorm\n            num_features=8\n"
            "            dimension=2D\n"
            "        - p%zu:\n            type=Pooling\n            pooling_type=max\n"
            "            dimension=2D\n            kernel_dim=[3, 3]\n"
            "            stride_dim=[1, 1]\n            padding_type=same\n"
            "        - d%zu:\n            type=Dropout\n            rate=0.1\n",
            k, k, k, k);
    fprintf(out,
            "        - rnn%zu:\n            type=%s\n            return_type=full\n"
            "            input_size=8\n            hidden_size=8\n"
            "        - l%zu:\n            type=Linear\n            actv_func=relu\n"
            "            in_features=8\n            out_features=8\n"
            "        - ln%zu:\n            type=LayerNorm\n            normalized_shape=[8]\n",
            k, rnn_kind(k), k, k);
}

/* Unit k's sub-network: a convolution block run in layer order, or in odd
 * units a residual block with its own tensor op and modules (so generators
 * write it as a class of its own, not a Sequential). */
static void unit_subnet(FILE *out, size_t k)
{
    fprintf(out,
            "        - blk%zu:\n            layers:\n"
            "                - sc%zu:\n                    type=Conv2D\n"
            "                    actv_func=tanh\n                    in_channels=8\n"
            "                    out_channels=8\n                    kernel_dim=[3, 3]\n"
            "                    padding_type=same\n"
            "                - sb%zu:\n                    type=BatchNorm\n"
            "                    num_features=8\n                    dimension=2D\n"
            "                - sd%zu:\n                    type=Dropout\n"
            "                    rate=0.2\n",
            k, k, k, k);
    if (k % 2)
        fprintf(out,
                "            tensor_ops:\n                - name=sr%zu\n"
                "                    type=add\n"
                "                    layers_of_tensors=[\"sd%zu\", \"input\"]\n"
                "            modules:\n                - sc%zu\n                - sb%zu\n"
                "                - sd%zu\n                - sr%zu\n",
                k, k, k, k, k, k);
}

/* Unit k's tensor ops: the residual add and the reshapes around the RNN. */
static void unit_ops(FILE *out, size_t k)
{
    fprintf(out,
            "        - name=r%zu\n            type=add\n"
            "            layers_of_tensors=[\"d%zu\", \"blk%zu\"]\n"
            "        - name=s%zu\n            type=reshape\n            reshape_dim=[-1, 64, 8]\n"
            "        - name=u%zu\n            type=reshape\n            reshape_dim=[-1, 8, 8, 8]\n",
            k, k, k, k, k);
}

/* Unit k's forward order. */
static void unit_modules(FILE *out, size_t k)
{
    fprintf(out,
            "        - blk%zu\n        - c%zu\n        - bn%zu\n        - p%zu\n        - d%zu\n"
            "        - r%zu\n        - s%zu\n        - rnn%zu\n        - l%zu\n        - ln%zu\n"
            "        - u%zu\n",
            k, k, k, k, k, k, k, k, k, k, k);
}

int nn_synth_write(FILE *out, size_t layers)
{
    if (layers < NN_SYNTH_MIN)
        return -1;
    size_t units = (layers - 2) / NN_SYNTH_UNIT, pad = (layers - 2) % NN_SYNTH_UNIT;
    fprintf(out, "# Synthetic model: %zu layers (nnc bench).\nsynth_%zu:\n"
            "    input_shape=[8, 8, 8]\n    layers:\n", layers, layers);
    for (size_t k = 0; k < units; k++)
        unit_layers(out, k);
    for (size_t i = 0; i < pad; i++)
        fprintf(out, "        - pad%zu:\n            type=Dropout\n            rate=0.1\n", i);
    fputs("        - flat:\n            type=Flatten\n"
          "        - head:\n            type=Linear\n            actv_func=softmax\n"
          "            in_features=512\n            out_features=10\n    sub_nn:\n", out);
    for (size_t k = 0; k < units; k++)
        unit_subnet(out, k);
    fputs("    tensor_ops:\n", out);
    for (size_t k = 0; k < units; k++)
        unit_ops(out, k);
    fputs("    modules:\n", out);
    for (size_t k = 0; k < units; k++)
        unit_modules(out, k);
    for (size_t i = 0; i < pad; i++)
        fprintf(out, "        - pad%zu\n", i);
    fputs("        - flat\n        - head\n    config:\n        batch_size=32\n"
          "        epochs=1\n        learning_rate=0.001\n        optimiser=\"adam\"\n"
          "        metrics=[\"accuracy\"]\n        loss_function=crossentropy\n"
          "        weight_decay=0.0\n        momentum=0.0\n", out);
    return ferror(out) ? -1 : 0;
}

char *nn_synth_string(size_t layers, size_t *len)
{
    char *text = NULL;
    FILE *mem = open_memstream(&text, len);
    if (!mem)
        return NULL;
    int rc = nn_synth_write(mem, layers);
    if (fclose(mem) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    return text;
}
