/* kweights_gen.h - weights: the function a PyTorch module generated from a
 * Keras source gets to load the source's trained weights (kweights_gen.c). */
#ifndef NN_KWEIGHTS_GEN_H
#define NN_KWEIGHTS_GEN_H

#include <stdio.h>

struct nn_gen;

/* Write load_keras_weights(model, weights) into f when the model was read
 * from Keras (channel-last target only); nothing otherwise. */
void nn_gen_torch_keras_loader(struct nn_gen *g, FILE *f);

/* The helpers it calls (the PyTorch helper table writes each when used). */
extern const char nn_torch_keras_put[];
extern const char nn_torch_keras_dense[];
extern const char nn_torch_keras_embedding[];
extern const char nn_torch_keras_conv[];
extern const char nn_torch_keras_batch_norm[];
extern const char nn_torch_keras_affine[];
extern const char nn_torch_keras_prelu[];
extern const char nn_torch_keras_rnn[];
extern const char nn_torch_keras_attention[];
extern const char nn_torch_keras_standardize[];
extern const char nn_torch_keras_tensor[];
extern const char nn_torch_keras_layer_weights[];

#endif
