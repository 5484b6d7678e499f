/* pydetect.h - which framework a Python source is written for, from its
 * imports as Python parses them (not from how the lines are spaced).  The
 * PyTorch and Keras readers' detect functions and the driver's "Python, but
 * neither framework" reader use it; a file that parses as Python, or is named
 * *.py, is never read as DSL.
 */
#ifndef NN_M2M_PYDETECT_H
#define NN_M2M_PYDETECT_H

#include "metamodel/diag.h"

/* What nn_m2m_py_kind finds, as bits. */
enum {
    NN_PYSRC_PYTHON = 1, /* Python: it parses (and has a statement), or is named *.py */
    NN_PYSRC_TORCH = 2,  /* it imports torch (import torch..., from torch... import) */
    NN_PYSRC_KERAS = 4   /* it imports tensorflow, keras or tf_keras */
};

/* The NN_PYSRC_ bits of src.  A file that does not parse is judged by its
 * name and by import lines read as text (its syntax error is then reported
 * by the reader it goes to). */
unsigned nn_m2m_py_kind(const struct nn_source *src);

/* Is src Python importing neither framework? (the driver's reader for it) */
int nn_m2m_py_other_detect(const struct nn_source *src);

/* Report that src is Python for neither framework: 1 error. */
int nn_m2m_py_other_read(struct nn_source *src, struct nn_diag_sink *d);

#endif
