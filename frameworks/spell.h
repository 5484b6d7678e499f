/* spell.h - the framework spelling tables (torch_spell.def, keras_spell.def).
 *
 * Each framework's table says, for every pivot concept that maps plainly,
 * which class, argument name and value conversion the framework uses.  The
 * generators render constructor calls from it; the rows are data, so a
 * reader of framework code can walk them the other way.
 */
#ifndef NN_SPELL_H
#define NN_SPELL_H

#include <stddef.h>

#include "frameworks/pytext.h"
#include "metamodel/pivot.h"

/* How a pivot value is written. */
enum nn_conv {
    NN_CONV_INT, NN_CONV_FLOAT, NN_CONV_BOOL,
    NN_CONV_INTS,       /* an int when all items agree, else a tuple */
    NN_CONV_TUPLE,      /* a tuple with one item per spatial axis */
    NN_CONV_STR,        /* a string literal */
    NN_CONV_COMPLEMENT, /* 1 - value (Keras momentum) */
    NN_CONV_AXES,       /* the last len(list) axes: -1 or (-2, -1) */
    NN_CONV_FLOATS      /* a list of numbers (kconv) */
};

/* The parameter an activation takes. */
enum nn_act_param { NN_ACTP_NONE, NN_ACTP_SLOPE, NN_ACTP_DIM, NN_ACTP_AXIS, NN_ACTP_HELPER,
                   NN_ACTP_TANH,
                   NN_ACTP_ALPHA /* PReLU: ELU's alpha, written when it is not 1 */ };

struct nn_spell_arg {
    enum nn_kind kind;
    enum nn_attr_id attr;
    const char *key;      /* the framework's argument name */
    int positional;       /* written without its keyword */
    enum nn_conv conv;
    const char *def;      /* the framework default as written, or NULL */
};

struct nn_spell_pool {
    const char *type;     /* pivot pooling_type */
    const char *cls;      /* class, '#' = rank */
};

struct nn_spell_act {
    const char *name;     /* pivot activation */
    const char *module;   /* PyTorch module class / Keras name */
    const char *fn;       /* PyTorch function (NULL: identity); unused for Keras */
    enum nn_act_param param;
};

struct nn_spell {
    const char *layer[NN_KIND_COUNT];       /* class, '#' = rank; NULL: special */
    unsigned char act_arg[NN_KIND_COUNT];   /* Keras: the class takes activation= */
    const struct nn_spell_arg *args;
    size_t nargs;
    const struct nn_spell_pool *pools;
    size_t npools;
    const struct nn_spell_act *acts;
    size_t nacts;
};

extern const struct nn_spell nn_spell_torch;
extern const struct nn_spell nn_spell_keras;

/* The class of a layer (pooling by its type, '#' replaced by the rank), with
 * `prefix` ("nn." is part of the torch table; Keras gets "layers."). */
const char *nn_spell_class(struct nn_arena *a, const struct nn_spell *s,
                           const struct nn_elem *e, const char *prefix);
/* Append the table's arguments of e to c. */
void nn_spell_args(struct nn_arena *a, const struct nn_spell *s, const struct nn_elem *e,
                   struct nn_py_call *c);
/* The value of one attribute of e in the table's conversion. */
const char *nn_spell_value(struct nn_arena *a, const struct nn_elem *e, enum nn_attr_id attr,
                           enum nn_conv conv);
/* The text of the Keras helper class or function `name` that the Keras
 * generators write (a reader recognises its own output by it), or NULL. */
const char *nn_spell_keras_helper(const char *name);
extern const char nn_keras_adaptive_pooling[];
extern const char nn_keras_rms_norm[];
extern const char nn_keras_interpolate[];
extern const char nn_keras_hard_swish[];
extern const char nn_keras_gelu_tanh[];
extern const char nn_keras_learned_tensor_helper[]; /* param: frameworks/param_spell.c */
extern const char nn_keras_ceil_pooling[];          /* frameworks/pool_spell.c */
extern const char nn_torch_standardize[];           /* frameworks/norm_spell.c */
extern const char nn_torch_partly_affine[];         /* frameworks/norm_spell.c */
/* The text of the PyTorch helper class or function `name` that the PyTorch
 * generators write, or NULL. */
const char *nn_spell_torch_helper(const char *name);
/* The row of activation `name`, or NULL when the framework has none. */
const struct nn_spell_act *nn_spell_act(const struct nn_spell *s, const char *name);
/* The pivot kind of a PyTorch or Keras layer class spelt name ("Dense",
 * "nn.Conv2d", "layers.MaxPooling2D"), read from the tables; -1 if none. */
int nn_spell_pivot_kind(const char *name);

#endif
