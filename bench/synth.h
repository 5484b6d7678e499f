/* synth.h - synthetic BESSER-NN models of any size, for the scaling bench.
 *
 * A model is a chain of identical units over an (8, 8, 8) image, so every
 * module keeps a known shape and shape inference has real work at any
 * size.  One unit holds ten layers: a sub-network (convolution, batch norm,
 * dropout; in odd units closed by a residual add), then a convolution, batch norm, 'same' max pooling and dropout
 * closed by a residual add, a reshape to a 64-step sequence read by a
 * recurrent layer (LSTM, GRU and SimpleRNN in turn), a linear layer and a
 * layer norm, and a reshape back.  A flatten and a classifier end the
 * model; a few dropouts pad it to the exact layer count asked for.
 */
#ifndef NN_BENCH_SYNTH_H
#define NN_BENCH_SYNTH_H

#include <stddef.h>
#include <stdio.h>

/* Layers in one unit, and the least a model can have (one unit and the head). */
#define NN_SYNTH_UNIT 10
#define NN_SYNTH_MIN (NN_SYNTH_UNIT + 2)

/* Write a model of exactly `layers` layers (sub-network layers included) to
 * out; returns 0, or -1 when layers < NN_SYNTH_MIN or writing failed. */
int nn_synth_write(FILE *out, size_t layers);

/* The same into a malloc'ed NUL-terminated string (*len bytes); NULL on failure. */
char *nn_synth_string(size_t layers, size_t *len);

#endif
