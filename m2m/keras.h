/* keras.h - TensorFlow/Keras source to the pivot: the m2m transformer for
 * Sequential models, Model subclasses and the functional API.
 *
 * Owns the meaning of Keras constructs (imports of tensorflow/keras, layer
 * constructors read through the shared Keras spelling table, Sequential
 * containers, Model subclasses and their call() dataflow, keras.Input graphs,
 * symbolic input shapes, compile/fit training configuration).  Plain Python
 * is left to the shared evaluator (eval.h).  Unmappable constructs are
 * errors at their file:line:col.
 */
#ifndef NN_M2M_KERAS_H
#define NN_M2M_KERAS_H

#include "metamodel/diag.h"
#include "metamodel/pivot.h"
#include "m2m/reader.h"

/* Does src look like Python that imports tensorflow or keras? */
int nn_m2m_keras_detect(const struct nn_source *src);
/* Parse src as Python and build the pivot in m; returns the error count. */
int nn_m2m_keras_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                      const struct nn_read_options *o);

#endif
