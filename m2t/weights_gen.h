/* weights_gen.h - weights: the function a Keras module generated from a
 * PyTorch source gets to load the source's state_dict (weights_gen.c). */
#ifndef NN_WEIGHTS_GEN_H
#define NN_WEIGHTS_GEN_H

#include <stdio.h>

struct nn_gen;

/* Write load_torch_state_dict(model, state_dict) into f when the model was
 * read from PyTorch; nothing otherwise. */
void nn_gen_keras_torch_loader(struct nn_gen *g, FILE *f);

/* The helpers it calls (the Keras helper table writes each when used). */
extern const char nn_keras_torch_array[];
extern const char nn_keras_torch_conv_kernel[];
extern const char nn_keras_torch_rnn_weights[];
extern const char nn_keras_torch_attention_weights[];
extern const char nn_keras_torch_learned_tensor[];

#endif
