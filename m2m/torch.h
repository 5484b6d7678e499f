/* torch.h - PyTorch source to the pivot: the m2m transformer for nn.Sequential
 * and nn.Module code.
 *
 * Owns the meaning of PyTorch constructs (imports of torch, layer
 * constructors through the shared spelling table frameworks/torch_spell.def
 * and the reader's own rows m2m/torch.def, Sequential containers,
 * Module subclasses and their forward dataflow, channel-first layout,
 * training configuration).  Plain Python is left to the shared evaluator
 * (eval.h).  Unmappable constructs are errors at their file:line:col.
 */
#ifndef NN_M2M_TORCH_H
#define NN_M2M_TORCH_H

#include "grammar/pyast.h"
#include "metamodel/diag.h"
#include "metamodel/pivot.h"
#include "m2m/reader.h"

/* Does src look like Python that imports torch? */
int nn_m2m_torch_detect(const struct nn_source *src);
/* Parse src as Python and build the pivot in m; returns the error count. */
int nn_m2m_torch_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                      const struct nn_read_options *o);

#endif
