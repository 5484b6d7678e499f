/* keras_int.h - the Keras transformer's internal interfaces (m2m/keras_*.c). */
#ifndef NN_M2M_KERAS_INT_H
#define NN_M2M_KERAS_INT_H

#include "m2m/blocks.h"
#include "m2m/eval.h"
#include "m2m/reader.h"
#include "m2m/trace.h"
#include "m2m/keras.h"
#include "metamodel/pivot.h"

/* Tags of the host values the Keras transformer puts in the evaluator. */
enum keras_tag {
    K_LAYER,   /* a layer object: struct k_layer */
    K_SEQ,     /* a Sequential: struct k_seq */
    K_TENSOR,  /* a symbolic tensor: struct k_tensor */
    K_RNNOUT,  /* a recurrent layer's state output (return_state): struct k_rnn */
    K_PENDING, /* a model class instantiated at module level: struct nn_m2m_pending */
    K_FMODEL,  /* keras.Model(inputs, outputs): struct k_fmodel */
    K_METHOD,  /* a method of a host value: ptr = receiver (nn_mval), s = name */
    K_OPTIM,   /* an optimiser object: struct k_optim */
    K_OTHER,   /* a training object (loss, metric, callback): s = its class */
    K_SHAPE,   /* tf.shape(x) / x.shape */
    K_DIM,     /* tf.shape(x)[k]: i = k */
    K_INIT,    /* param: keras.initializers.Constant/Zeros/Ones/RandomNormal: struct k_init */
    K_REG,     /* regularizers: keras.regularizers.L2(f) ...: struct k_reg */
    K_WEIGHT   /* layerscale: a custom layer's self.add_weight(...): struct k_weight */
};

/* regularizers: a regularizer's factors; -1 for one that is not L1 or L2. */
struct k_reg {
    double l1, l2;
};

/* param: an initializer a learned tensor can start from. */
struct k_init {
    int normal;                     /* normal (mean 0, std value), else constant value */
    double value;
};

/* layerscale: a weight a custom layer made with add_weight (in build() or
 * __init__), the pivot's Parameter once call() uses it with a tensor. */
struct k_weight {
    long long shape[8];             /* as add_weight was given it */
    int n;
    struct k_init init;
    const struct nn_py_node *at;    /* the add_weight call */
    const char *name;               /* the attribute it is stored under */
    struct nn_m2m_env *owner;       /* the attributes of the layer that made it */
    const char *layer;              /* its Parameter layer, once emitted */
    long long pshape[8];            /* that layer's tensor_shape */
    int pn;
};

enum keras_role { KR_LAYER, KR_ACT, KR_MERGE, KR_WRAP, KR_RESHAPE, KR_PERMUTE, KR_PASS,
                  KR_INPUT, KR_PAD, KR_RESCALE,
                  KR_CROP /* Cropping after a transposed convolution: keras_crop.c */ };
enum keras_conv { KC_ACT, KC_SHAPE, KC_NAME, KC_STATE, KC_ONLY, KC_IGNORE, KC_DROP, KC_KEY,
                  KC_SLOPE,
                  KC_ALPHA /* PReLU: ELU's alpha */ };

struct keras_class {
    const char *name;
    const char *params;
    enum keras_role role;
    enum nn_kind kind;  /* LAYER: from the shared spelling table */
    int rank;           /* conv, pooling: spatial rank */
};

struct k_layer {
    const struct keras_class *cls;
    struct nn_elem *proto;          /* converted attributes */
    const struct nn_py_node *at;    /* the constructor call */
    const char *name;               /* name= or where it was stored */
    int named;                      /* name came from name= */
    const char *error;              /* a conversion problem, reported when used */
    const struct nn_py_node *error_at;
    int ret_seq, ret_state;         /* recurrent layers */
    int ln_axes;                    /* LayerNormalization: trailing axes normalised */
    int keepdims;                   /* global pooling keeps the spatial axes (size 1) */
    int axis_given;                 /* Softmax / Concatenate: axis */
    long long axis;
    struct nn_mval *inner;          /* Bidirectional: the wrapped layer */
    long long shape[8];             /* input_shape= and friends, batch excluded */
    int nshape;                     /* -1: not given */
    int uses;
    long long depth_mult;           /* DepthwiseConv: 0 for other layers */
    long long key_dim, value_dim;   /* MultiHeadAttention: 0 when not given */
    int center, scale;              /* normalisation: -1 not given, else the value */
    double relu[3];                 /* ReLU: max_value (-1: None), negative_slope, threshold */
    struct nn_mval *rescale, *offset; /* Rescaling: scale and offset */
    int separable;                  /* SeparableConv (keras_separable.c) */
    const char *full;               /* the module name, when already chosen */
    struct nn_mval *prelu_axes;     /* PReLU: shared_axes, or NULL */
    const char *auto_name;          /* weights: Keras's name for it when unnamed */
};

/* A depthwise convolution whose channel counts wait for shape inference. */
struct k_depthwise {
    const char *name;               /* the layer (its path inside a block) */
    long long mult;                 /* depth_multiplier */
    struct k_depthwise *next;
};

struct k_seq {
    struct nn_mval **items;
    size_t n, cap;
    const char *name;
    long long shape[8];             /* build() / a sample input / keras.Input first */
    int nshape;
};

struct k_tensor {
    const char *src;                /* producing module, or "input" */
    int rank;                       /* with the batch axis; -1 when unknown */
    long long shape[8];             /* sample inputs at module level (batch first) */
    int nshape;
    int sample;                     /* a sample input (tf.zeros ...), not symbolic */
    long long pad;                  /* zero padding waiting for a convolution */
    const struct nn_py_node *input_at; /* the keras.Input call that made it, or NULL */
    int cropped;                    /* a Cropping folded into its producer since */
    const char *input_name;         /* several inputs: keras.Input(name=...), or NULL */
};

struct k_rnn {
    size_t layer;                   /* index into the network's layers */
    int which;                      /* 1 h, 2 c (the output is a plain tensor) */
    int bidir;
};

struct k_fmodel {
    const char *name;               /* name= */
    struct nn_mval *out;
    const struct nn_py_node *at;
    struct nn_mval *in;             /* inputs= (its shape is this model's) */
};

struct k_optim {
    const char *name;               /* pivot optimiser, NULL: none */
    double lr, wd, momentum;
};

/* A LayerNormalization layer whose normalized_shape shape inference gives. */
struct k_ln {
    const char *name;
    int axes;
};

/* the shape of one sample input (batch excluded). */
struct k_sample {
    long long shape[8];
    int n;
};

/* how many layers of one class prefix Keras has named (keras_autoname.c). */
struct k_uid {
    const char *prefix;
    long long count;
};

struct keras_ctx {
    struct nn_m2m_trace t;          /* the shared trace builder (trace.h) */
    struct nn_mval **fmodels;       /* functional models built */
    size_t nfmodels, capfmodels;
    const char *metrics[8];         /* compile(metrics=...) */
    int nmetrics;
    int compiled, fitted;
    struct k_ln *ln;                /* LayerNorm layers and how many trailing axes */
    size_t nln, capln;
    struct k_depthwise *depthwise;  /* DepthwiseConv layers applied, newest first */
    int ninputs;                    /* keras.Input calls */
    const struct k_tensor *first_input; /* the first of them (kshape: x.shape before keras.Model) */
    struct k_sample *samples;       /* several inputs: a model class called on several sample inputs */
    size_t nsamples;
    const struct nn_mval *samples_cls; /* that class */
    const struct nn_py_node *samples_at; /* that call (or build) */
    size_t dims_work;               /* kshape: items shape inference went over for x.shape */
    const struct nn_py_node *train_at; /* first training-only argument dropped */
    const char *train_what;         /* its keyword */
    int ntrain;                     /* training-only arguments dropped (one warning) */
    struct {                        /* regularizers: kernel L2 factors seen */
        const struct nn_py_node *at; /* the first */
        const char *what;           /* its keyword */
        double l2;                  /* its factor */
        int nl2;                    /* kernels given an L2 factor */
        int kernels;                /* kernels of the layers made */
        int mixed, other;           /* two factors; another regularizer */
        const char *why;            /* why the L2 factor is not carried, or NULL */
    } reg;
    struct {                        /* initializers given (one note) */
        const struct nn_py_node *at; /* the first */
        const char *what;           /* its keyword */
        int n;
    } init;
    const struct nn_py_node *augment_at; /* first augmentation layer applied */
    const char *augment_what;       /* its class */
    int naugment;                   /* augmentation layers applied (one note) */
    /* the last suggestions made: a class that builds itself in __init__,
     * read with --keep-going, asks again for the same names at every level */
    struct { const char *name, *text; } dym[4];
    unsigned ndym, dym_next;        /* slots filled; the slot to replace next */
    struct k_uid *uids;             /* weights: Keras's automatic layer names so far */
    size_t nuids, capuids;
};

static inline struct keras_ctx *keras_of(struct nn_m2m_eval *ev)
{
    return (struct keras_ctx *)ev->ud;
}

/* keras_call.c */
/* --class 'F(args)' or 'F' naming a function of the file: the model it returns,
 * bound in the globals; NULL when spec names no function, or (*failed set)
 * after reporting why. */
struct nn_m2m_bind *nn_keras_call_builder(struct keras_ctx *c, const char *spec, int *failed);
/* A Keras utility function keras.applications' builders call (image data
 * format, imagenet_utils input shape, ...), or &nn_m2m_unhandled. */
struct nn_mval *nn_keras_utility(struct keras_ctx *c, const struct nn_py_node *at, const char *part,
                                 struct nn_m2m_args *a);
/* PReLU: alpha_initializer (init_value) or shared_axes (kept for
 * nn_keras_prelu_apply); NULL or the problem. */
const char *nn_keras_prelu_state(struct keras_ctx *c, struct k_layer *l, const char *param,
                                 struct nn_mval *v);
/* PReLU applied to an input of rank axes (the batch counted): num_parameters
 * 1 when every axis is shared, the initial value; NULL or why it has no
 * pivot equivalent. */
const char *nn_keras_prelu_apply(struct keras_ctx *c, struct k_layer *l, int rank);
/* keras_param.c (param): keras.initializers.Constant(v), Zeros(), Ones(),
 * RandomNormal(mean=0, stddev) as K_INIT (&nn_m2m_unhandled for others);
 * nnc's own LearnedTensor(shape, initializer, name=...) as a layer giving
 * the pivot's Parameter. */
struct nn_mval *nn_keras_initializer(struct keras_ctx *c, const struct nn_py_node *at,
                                     const char *name, struct nn_m2m_args *a);
/* keras_regularizer.c (regularizers): keras.regularizers.L2/l2/L1/l1/L1L2/
 * l1_l2(...) as K_REG; the kernels of a layer made counted; a regularizer
 * argument recorded (1: carried or without effect, 0: report it as
 * training-only); at the end, the kernel L2 factor put in the config when
 * it is one factor on every kernel, else added to the training-only
 * warning. */
struct nn_mval *nn_keras_regularizer(struct keras_ctx *c, const char *name, struct nn_m2m_args *a);
void nn_keras_kernel_made(struct keras_ctx *c, const struct k_layer *l);
int nn_keras_regularizer_seen(struct keras_ctx *c, const struct k_layer *l, const char *param,
                              const struct nn_mval *v, const struct nn_py_node *at);
void nn_keras_regularizers_settle(struct keras_ctx *c);
/* An initializer argument given (counted), and the one note for them all. */
void nn_keras_initializer_seen(struct keras_ctx *c, const char *param, const struct nn_mval *v,
                               const struct nn_py_node *at);
void nn_keras_initializer_note(struct keras_ctx *c);
struct nn_mval *nn_keras_learned_tensor(struct keras_ctx *c, const struct nn_py_node *at,
                                        struct nn_m2m_args *a);
/* keras_ceil.c: nnc's CeilPooling(mode, pool_size, strides, padding=, name=). */
struct nn_mval *nn_keras_own_ceil_pooling(struct keras_ctx *c, const struct nn_py_node *at,
                                          struct nn_m2m_args *a);
/* keras_weight.c (layerscale): custom layers that own weights. */
/* self.add_weight(shape, initializer, ...) on user layer obj: a K_WEIGHT. */
struct nn_mval *nn_keras_add_weight(struct keras_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *obj, struct nn_m2m_args *a);
/* Run obj's build(input_shape) once, before its first call on x; 0 after an error. */
int nn_keras_build_once(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval *obj,
                        struct nn_mval *build, struct nn_mval *x);
/* A weight operand of arithmetic with a tensor of call() as the Parameter
 * layer fed by that tensor (*a or *b replaced); 1 when nothing is left to
 * do, 0 after a located error. */
int nn_keras_weight_operands(struct keras_ctx *c, const struct nn_py_node *at, struct nn_mval **a,
                             struct nn_mval **b);
/* ops.broadcast_to / tile / repeat of a weight over a tensor's batch, or
 * &nn_m2m_unhandled when the first argument is no weight. */
struct nn_mval *nn_keras_weight_call(struct keras_ctx *c, const struct nn_py_node *at,
                                     const char *name, struct nn_m2m_args *a);
/* keras_layer.c */
const struct keras_class *nn_keras_class_named(const char *name);
/* A layer value from a constructor call (errors are kept in the layer). */
struct nn_mval *nn_keras_make_layer(struct keras_ctx *c, const struct nn_py_node *at,
                                 const struct keras_class *cls, struct nn_m2m_args *args);
/* Activation actv (a pivot name) applied to the call's first argument. */
struct nn_mval *nn_keras_activation(struct keras_ctx *c, const struct nn_py_node *at,
                                   const char *actv, struct nn_m2m_args *a);
/* Is class or function value v nnc's own Keras helper `name` (nn_m2m_own_helper)? */
int nn_keras_own_helper(struct keras_ctx *c, struct nn_mval *v, const char *name);
/* An activation value (string, function path, None) into e's actv_func; 0 or -1. */
int nn_keras_set_activation(struct keras_ctx *c, struct nn_elem *e, struct nn_mval *v,
                         const struct nn_py_node *at);
/* The pivot activation of a function path ("tensorflow.nn.relu"), or NULL. */
const char *nn_keras_act_fn(const char *path, double *slope);
/* The merge op kind of a functional merge ("concatenate"), or -1. */
int nn_keras_merge_fn(const char *name, const struct keras_class **cls);
/* " (did you mean 'Dense'?)" for a class name close to a known one, else "". */
const char *nn_keras_did_you_mean(struct keras_ctx *c, const char *name);
/* Record a problem of a layer, reported where it is used. */
void nn_keras_problem(struct keras_ctx *c, struct k_layer *l, const struct nn_py_node *at,
                   const char *what);
/* keras_flow.c */
/* The Sequential a keras.Sequential subclass instance was built as (kept in
 * the instance under KERAS_SEQ_ATTR), or NULL. */
#define KERAS_SEQ_ATTR "__nnc_sequential__"
struct k_seq *nn_keras_seq_of(struct nn_mval *obj);
const char *nn_keras_unique(struct keras_ctx *c, const char *base);
/* weights: the next name Keras gives a layer of class cls made without a
 * name (dense, dense_1, ...: keras_autoname.c); NULL when out of memory. */
const char *nn_keras_auto_name(struct keras_ctx *c, const char *cls);
struct nn_mval *nn_keras_tensor(struct keras_ctx *c, const char *src, int rank);
/* A Cropping layer l applied to x: folded into the transposed convolution
 * that produced x (keras_crop.c). */
struct nn_mval *nn_keras_apply_crop(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x);
/* A pivot Padding layer (sign -1: cropping) of r axes applied to x, named
 * after src (NULL: after class cls). */
struct nn_mval *nn_keras_pad_layer(struct keras_ctx *c, struct k_layer *src, const char *cls,
                                   struct nn_mval *x, int r, const long long *before,
                                   const long long *after, int sign);
/* A ZeroPadding layer's amounts per axis; 0 when malformed. */
int nn_keras_pad_amounts(struct k_layer *l, int r, long long *before, long long *after);
/* A plain layer applied to a tensor (keras_flow.c). */
struct nn_mval *nn_keras_apply_plain(struct keras_ctx *c, struct k_layer *l, struct nn_mval *x);
/* The module name a layer applied now takes: its path inside blocks, unique. */
const char *nn_keras_layer_name(struct keras_ctx *c, const struct k_layer *l);
/* A list of numbers known statically (a scalar is one number) as attribute
 * id of e; NULL or a problem description (keras_separable.c). */
const char *nn_keras_floats(struct keras_ctx *c, struct nn_elem *e, enum nn_attr_id id,
                            struct nn_mval *v);
/* A SeparableConv layer applied to x: a depthwise then a pointwise
 * convolution; pad is the zero padding folded into it (keras_separable.c). */
struct nn_mval *nn_keras_apply_separable(struct keras_ctx *c, struct k_layer *l,
                                         struct nn_mval *x, long long pad);
struct nn_mval *nn_keras_apply(struct keras_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *mod, struct nn_mval *x);
struct nn_mval *nn_keras_as_tensor(struct keras_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *v);
/* tf.X(...) functions on tensors (concat, reshape, nn.relu ...). */
struct nn_mval *nn_keras_tf_call(struct keras_ctx *c, const struct nn_py_node *at,
                              const char *name, struct nn_m2m_args *args);
struct nn_mval *nn_keras_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                            struct nn_mval *a, struct nn_mval *b);
struct nn_mval *nn_keras_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const struct nn_py_node *index);
/* An op of kind k on srcs[0..n) named after base; the op, or NULL. */
struct nn_elem *nn_keras_emit_op(struct keras_ctx *c, enum nn_kind k, const char *base,
                                 const char **srcs, size_t n, int always_list);
/* keras_tensor.c (tensorops): keras.ops.name / tf.name for the arithmetic,
 * element-wise and reduction ops, or &nn_m2m_unhandled; a - b, a / b,
 * a ** b and numbers added or multiplied. */
struct nn_mval *nn_keras_top_call(struct keras_ctx *c, const struct nn_py_node *at,
                                  const char *name, struct nn_m2m_args *a);
struct nn_mval *nn_keras_top_binop(struct keras_ctx *c, const struct nn_py_node *at, int op,
                                   struct nn_mval *a, struct nn_mval *b);
/* Rescaling(scale, offset) applied to x: a multiply and an add. */
struct nn_mval *nn_keras_top_rescale(struct keras_ctx *c, const struct nn_py_node *at,
                                     struct k_layer *l, struct nn_mval *x);
struct nn_mval *nn_keras_top_subscript(struct keras_ctx *c, const struct nn_py_node *at,
                                       struct nn_mval *x, const struct nn_py_node *index);
/* Does any argument hold a symbolic tensor? */
int nn_keras_has_tensor(struct nn_m2m_args *a);
/* keras_positions.c: ops.shape / ops.arange / tf.range / ops.broadcast_to
 * for position indices; &nn_m2m_unhandled for other names (or not tracing). */
struct nn_mval *nn_keras_positions_call(struct keras_ctx *c, const struct nn_py_node *at,
                                        const char *name, struct nn_m2m_args *a);
/* keras_attn.c: MultiHeadAttention called on query, value (and key) */
struct nn_mval *nn_keras_attention(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct k_layer *l, struct nn_m2m_args *a);
/* keras_inputs.c: functional models with several keras.Input */
/* The placeholder source of the file's k-th keras.Input (k from 1; the first is "input"). */
const char *nn_keras_input_src(struct keras_ctx *c, int k);
/* Does v (a model's inputs=) hold several inputs? */
int nn_keras_several_inputs(const struct nn_mval *v);
/* The chosen model's several inputs as the pivot's named inputs, in the
 * order of inputs=, its layers reading them by name; 0 after a located error. */
int nn_keras_model_inputs(struct keras_ctx *c, const struct k_fmodel *f);
/* The chosen model's one input as the network's "input" (it may be a
 * later keras.Input of the file). */
void nn_keras_model_input(struct keras_ctx *c, const struct k_fmodel *f);
/* Model class cls called (or built) at `at` on x: remember x's shapes when
 * x holds several sample inputs (tensors or shape tuples, batch first);
 * 1 when it does. */
int nn_keras_record_samples(struct keras_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *cls, const struct nn_mval *x);
/* The list of input tensors a call of class cls is traced on, when it was
 * called on several sample inputs; else NULL. */
struct nn_mval *nn_keras_sample_inputs(struct keras_ctx *c, const struct nn_mval *cls);
/* keras_train.c */
/* model.compile(...) / model.fit(...) */
void nn_keras_compile(struct keras_ctx *c, const struct nn_py_node *at, struct nn_m2m_args *a);
void nn_keras_fit(struct keras_ctx *c, struct nn_m2m_args *a);
/* keras.optimizers.X(...) */
struct nn_mval *nn_keras_optimiser(struct keras_ctx *c, const char *cls, struct nn_m2m_args *a);
void nn_keras_build_config(struct keras_ctx *c);
/* keras_shape.c */
/* The network's input shape, shape inference, LayerNorm sizes, missing-shape errors. */
void nn_keras_shapes(struct keras_ctx *c, const struct nn_py_node *module);
/* Set the network's input shape from --input-shape or the source; is one known? */
int nn_keras_input_shape(struct keras_ctx *c);
/* DepthwiseConv layers whose input channels inference now knows: their sizes. */
void nn_keras_depthwise_sizes(struct keras_ctx *c);
/* keras_dims.c: the static shape of a symbolic tensor while the model is read */
/* x.shape / backend.int_shape(x) at `at`: a tuple (None for the batch and
 * any axis nnc cannot know, ints elsewhere); when the shape is not known
 * yet, the symbolic K_SHAPE inside call() (its sizes are an error where
 * arithmetic needs them), a located error elsewhere. */
struct nn_mval *nn_keras_shape_value(struct keras_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *x);
/* ops.shape(x)[k] (a K_DIM) as the int it is, or NULL after a located
 * error at `at` when the size is not known statically. */
struct nn_mval *nn_keras_dim_value(struct keras_ctx *c, const struct nn_py_node *at,
                                   struct nn_mval *dim);
/* a op b where an operand is ops.shape(x)[k]: arithmetic on the size. */
struct nn_mval *nn_keras_dim_binop(struct keras_ctx *c, const struct nn_py_node *at, int op,
                                   struct nn_mval *a, struct nn_mval *b);

#endif
