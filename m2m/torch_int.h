/* torch_int.h - the PyTorch transformer's internal interfaces (m2m/torch_*.c). */
#ifndef NN_M2M_TORCH_INT_H
#define NN_M2M_TORCH_INT_H

#include "m2m/blocks.h"
#include "m2m/eval.h"
#include "m2m/reader.h"
#include "m2m/trace.h"
#include "m2m/torch.h"
#include "metamodel/pivot.h"

/* Tags of the host values the PyTorch transformer puts in the evaluator. */
enum torch_tag {
    T_LAYER,   /* a torch.nn module: struct t_layer */
    T_SEQ,     /* nn.Sequential: struct t_seq */
    T_TENSOR,  /* a tensor in forward (or a sample input): struct t_tensor */
    T_RNNOUT,  /* part of a recurrent layer's result: struct t_rnn */
    T_DIM,     /* x.size(k) / x.shape[k]: i = k */
    T_SHAPE,   /* x.shape / x.size(): ptr = the tensor value */
    T_PENDING, /* a model class instantiated at module level: struct nn_m2m_pending */
    T_SELFRET, /* model.to(...) and the like: calling it returns ptr */
    T_OPTIM,   /* an optimiser or loss object (training code) */
    T_METHOD,  /* a method of a host value or module: ptr = receiver (nn_mval), s = name */
    T_PADDED,  /* a tensor padded explicitly, waiting for its layer: struct t_padded */
    T_ENCODER, /* nn.TransformerEncoderLayer or nn.TransformerEncoder: struct t_encoder */
    T_ZERO,    /* torch.zeros(...) while tracing: a recurrent layer's initial state, or
                  (ptr: its struct t_fill when the shape is static) a learned tensor's value */
    T_CONST,   /* a 1-D tensor of numbers computed while the model is built (torch_const.c) */
    T_FILL,    /* param: torch.ones/full/randn/empty(static shape): struct t_fill */
    T_PARAM    /* param: nn.Parameter(value), a learned tensor: struct t_param */
};

/* param: the initial value of a learned tensor, in the source's layout. */
struct t_fill {
    long long shape[8];
    int n;
    int normal;                     /* normal (mean 0, std value), else constant value */
    double value;
};

/* param: a learned tensor; the Parameter layer once forward uses it. */
struct t_param {
    struct t_fill f;
    const char *name;               /* attribute it was stored under */
    const struct nn_py_node *at;    /* the nn.Parameter call */
    const char *layer;              /* the Parameter layer, NULL before its first use */
    long long shape[8];             /* its pivot shape (batch excluded) */
    int n;
};

/* The reader's rows (torch.def) and the classes they resolve to. */
enum torch_role { TR_LAYER, TR_ACT, TR_PASS, TR_PAD };
enum torch_conv { TC_INT, TC_FLOAT, TC_BOOL, TC_DIMS, TC_PAD, TC_SHAPE, TC_ONLY, TC_IGNORE,
                  TC_DROP, TC_STATE,
                  TC_NAME /* a string naming a value of the attribute's set */ };
struct torch_class {
    const char *name;
    enum nn_kind kind;
    int rank;
    enum torch_role role;
    const char *params;
    const char *actv;
};
struct torch_arg {
    const char *cls;
    const char *param;
    int attr;          /* enum nn_attr_id, or -1 */
    enum torch_conv conv;
    const char *def;
};

struct t_layer {
    const struct torch_class *cls;
    struct nn_elem *proto;          /* converted attributes */
    const struct nn_py_node *at;    /* the constructor call */
    const char *params;             /* its parameters in order (class or function) */
    const char *name;               /* attribute or key it was stored under */
    const char *error;              /* a conversion problem, reported when used */
    const struct nn_py_node *error_at;
    int batch_first;                /* recurrent layers */
    int dim_given;                  /* softmax-like: dim was given */
    int gelu_tanh;                  /* GELU: approximate="tanh" */
    long long dim;
    int uses;
    long long pad[6];               /* padding layers: F.pad order, last axis first */
    int npad;                       /* -1: one int for every axis (pad[0]) */
    double pad_value;
    int exclude_pad;                /* AvgPool count_include_pad=False */
    long long tpad[3];              /* transposed convolutions: padding per axis */
    int ntpad;                      /* axes in tpad when they differ, else 0 */
    long long out_size[3];          /* Upsample size=: the output's spatial sizes */
    int nout_size;                  /* items in out_size, -1: one for every axis, 0: none */
};

struct t_seq {
    struct nn_mval **items;
    const char **names;             /* keys (OrderedDict, add_module), NULL: the index */
    size_t n, cap;
    const char *name;
    long long shape[8];             /* a sample input it was called on (module level) */
    int nshape;
};

struct t_tensor {
    const char *src;                /* producing module, or "input" */
    int rank;                       /* -1 when unknown */
    int cl;                         /* stored channel-last while the source has it channel-first */
    long long shape[8];             /* sample inputs at module level */
    int nshape;
};

/* A tensor with explicit padding (F.pad, nn.ZeroPadNd, nn.ConstantPadNd): the
 * convolution or pooling that follows absorbs it (torch_pad.c). */
struct t_padded {
    struct nn_mval *x;              /* the tensor before padding */
    long long pad[6];               /* (before, after) pairs, the last axis first */
    int npad;
    double value;
    const struct nn_py_node *at;    /* the padding call */
    const char *name;               /* the padding module's attribute, or NULL */
};

struct t_rnn {
    size_t layer;                   /* index into the network's layers */
    int which;                      /* 0 output, 1 h_n, 2 c_n */
    int index;                      /* h_n[index]; 99 = not indexed */
    int last;                       /* output[:, -1, :] */
    int bidir, layers, batch_first;
};


/* A Transformer encoder layer, or a stack of copies of one (torch_encoder.c). */
struct t_encoder {
    const char *name;               /* attribute or key it was stored under */
    const struct nn_py_node *at;    /* the constructor call */
    const char *error;              /* a conversion problem, reported when used */
    long long d_model, nhead, dff;  /* sizes */
    double dropout, eps;
    const char *act;                /* "relu" or "gelu" */
    int norm_first;
    int stack;                      /* nn.TransformerEncoder: layers_<i> blocks */
    long long layers;               /* copies of the layer */
    const struct nn_elem *norm;     /* the stack's final LayerNorm, or NULL */
    int uses;
};

struct torch_ctx {
    struct nn_m2m_trace t;          /* the shared trace builder (trace.h) */
    const char *item_name;          /* name of the Sequential item being applied */
    int has_lr, has_epochs, has_batch, train_batch; /* training settings found */
    int in_forward;                 /* tracing forward: no constant tensors (torch_const.c) */
    struct t_samples *samples;      /* sample calls of module-level models (torch_inputs.c) */
};

static inline struct torch_ctx *torch_of(struct nn_m2m_eval *ev)
{
    return (struct torch_ctx *)ev->ud;
}

/* torch_inputs.c */
/* The sample inputs of a module-level call model(a, b, ...) of pending p
 * (the first call only). */
void nn_torch_record_samples(struct torch_ctx *c, const struct nn_m2m_pending *p,
                             struct nn_m2m_args *a);
/* How many parameters forward takes without a default (self excluded). */
size_t nn_torch_forward_arity(const struct nn_mval *fwd);
/* Trace a model whose forward takes several tensors: one named input per
 * parameter, in order, shaped by --input-shape NAME=..., else by the sample
 * call of pending p (or NULL); forward's result, or NULL after reporting. */
struct nn_mval *nn_torch_trace_inputs(struct torch_ctx *c, struct nn_mval *model,
                                      struct nn_mval *fwd, const struct nn_m2m_pending *p);
/* After the trace: the shape of each input still unknown from the first
 * Linear reading it, else an error at forward's parameter. */
void nn_torch_finish_inputs(struct torch_ctx *c);

/* torch_select.c */
/* The model to migrate: --class NAME (a class, a factory function or a
 * variable), else the model class no other uses, or the first factory when
 * that class needs arguments; NULL after reporting. */
struct nn_m2m_bind *nn_torch_choose(struct torch_ctx *c, int (*is_model)(const char *path),
                                    int (*is_seq)(const struct nn_mval *v));
/* The model a factory binding returns when called without arguments (any
 * other value as it is); NULL after reporting. */
struct nn_mval *nn_torch_call_factory(struct torch_ctx *c, struct nn_m2m_bind *b,
                                      int (*is_model)(const char *path));
/* Attributes an external base gives a user class (torchvision's
 * WeightsEnum.verify): a T_METHOD value, or &nn_m2m_unhandled. */
struct nn_mval *nn_torch_class_attr(struct torch_ctx *c, struct nn_mval *cls, const char *name);
/* Call such a method (nn_torch_class_attr) with arguments a. */
struct nn_mval *nn_torch_class_method(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct nn_mval *cls, const char *name,
                                      struct nn_m2m_args *a);
/* Calls whose value nnc knows without running them: torch.jit.is_scripting()
 * (False: nnc reads eager code), torch._assert(True, msg); &nn_m2m_unhandled
 * for others. */
struct nn_mval *nn_torch_static_call(struct torch_ctx *c, const struct nn_py_node *at,
                                     const char *path, struct nn_m2m_args *a);
/* The arguments of recurrent layer l applied beyond its input: none, or an
 * initial state that is zeros (h0 = torch.zeros(...).to(x.device)), which is
 * the default; 0 after reporting anything else. */
int nn_torch_default_state(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval *l,
                           struct nn_m2m_args *a);
/* layer.name = v: taken (1) when name is nothing a torch.nn layer reads
 * (self.fc.stddev = 0.001 for a weight initialisation), said once. */
int nn_torch_store_attr(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_mval *obj,
                        const char *name, struct nn_mval *v);
/* The parameters of class cls's __init__ that have no default, comma
 * separated, the first of them in *first; NULL when it needs none. */
const char *nn_torch_missing_params(struct torch_ctx *c, struct nn_mval *cls,
                                    const struct nn_py_node **first);
/* torch_layer.c */
/* The reader's class rows: how many, and row i resolved through the shared
 * table (0 when the shared table does not know it: tests/test_kinds.c). */
size_t nn_torch_class_count(void);
int nn_torch_class_resolve(size_t i, struct torch_class *r);
/* A class (or the class a function applies) with its kind, rank and
 * activation resolved through the shared spelling table; NULL if unknown. */
const struct torch_class *nn_torch_class_named(struct torch_ctx *c, const char *name);
const struct torch_class *nn_torch_fn_named(struct torch_ctx *c, const char *name,
                                            const char **params);
/* A layer value from a constructor call (errors are kept in the layer). */
struct nn_mval *nn_torch_make_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                 const struct torch_class *cls, const char *params,
                                 struct nn_m2m_args *args, size_t skip);
/* A layer class without a rank (nn.Upsample) takes its input's: the
 * dimension attribute from the rank (batch and channels included); -1
 * when it has no spatial axes, is unknown, or differs from an earlier call. */
int nn_torch_input_rank(struct torch_ctx *c, struct t_layer *l, int rank);
struct nn_elem *nn_torch_copy_elem(struct torch_ctx *c, const struct nn_elem *proto);
/* torch_flow.c: emission, layout, modules applied to tensors */
#define TORCH_BATCH_DIM (-1000)     /* a dim that is the batch axis, or unknown */
const char *nn_torch_unique(struct torch_ctx *c, const char *base);
const char *nn_torch_full_name(struct torch_ctx *c, const char *local, const char *kind);
/* weights: the source's parameter path of module local ("layer1.0.conv1"). */
const char *nn_torch_source_path(struct torch_ctx *c, const char *local);
struct nn_mval *nn_torch_tensor(struct torch_ctx *c, const char *src, int rank, int cl);
size_t nn_torch_emit_layer(struct torch_ctx *c, const struct nn_elem *proto, const char *name,
                        const char *src);
struct nn_elem *nn_torch_emit_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                              const char **srcs, size_t n, int always_list);
struct nn_mval *nn_torch_unary_op(struct torch_ctx *c, enum nn_kind k, const char *base,
                               struct t_tensor *t, enum nn_attr_id id, const long long *v,
                               size_t n, int rank, int cl);
struct nn_mval *nn_torch_to_cl(struct torch_ctx *c, struct nn_mval *x, int rank);
struct nn_mval *nn_torch_to_cf(struct torch_ctx *c, struct nn_mval *x);
int nn_torch_set_return(struct torch_ctx *c, const struct nn_py_node *at, size_t li,
                     const char *rt);
struct nn_mval *nn_torch_apply(struct torch_ctx *c, const struct nn_py_node *at,
                            struct nn_mval *mod, struct nn_mval *x);

/* The user block obj (an nn.Module instance) applied to the arguments a
 * (several tensors, keywords): inlined, wired to them. */
struct nn_mval *nn_torch_apply_block(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *obj, struct nn_m2m_args *a);
struct nn_mval *nn_torch_as_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                struct nn_mval *v);
/* The Sequential an nn.Sequential subclass instance was built as (kept in
 * the instance under TORCH_SEQ_ATTR), or NULL. */
#define TORCH_SEQ_ATTR "__nnc_sequential__"
struct t_seq *nn_torch_seq_of(struct nn_mval *obj);
/* Append v (named name, or NULL) to the Sequential s. */
void nn_torch_seq_push(struct torch_ctx *c, struct t_seq *s, const char *name, struct nn_mval *v);
/* torch_const.c: torch.arange, torch.log ... on numbers while the model is
 * built, the operators and the methods (int, tolist ...) of such tensors;
 * &nn_m2m_unhandled when it is not one of these */
struct nn_mval *nn_torch_const_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                  const char *name, struct nn_m2m_args *a);
struct nn_mval *nn_torch_const_binop(struct torch_ctx *c, const struct nn_py_node *at, int op,
                                     struct nn_mval *a, struct nn_mval *b);
struct nn_mval *nn_torch_const_method(struct torch_ctx *c, struct nn_mval *recv,
                                      const char *name, struct nn_m2m_args *a);
/* torch_container.c: subclasses of nn.ModuleDict and nn.ModuleList (their
 * items under NN_M2M_CONTAINER): the bases, super().__init__(modules), a
 * module added under a name (add_module, an attribute), append and extend
 * (&nn_m2m_unhandled for other methods) */
int nn_torch_is_dict_base(const char *path);
int nn_torch_is_list_base(const char *path);
int nn_torch_is_container_base(const char *path);
struct nn_mval *nn_torch_container_init(struct torch_ctx *c, const struct nn_py_node *at,
                                        struct nn_mval *sup, struct nn_m2m_args *a);
void nn_torch_container_add(struct torch_ctx *c, struct nn_mval *obj, const char *name,
                            struct nn_mval *v);
struct nn_mval *nn_torch_container_method(struct torch_ctx *c, struct nn_mval *obj,
                                          const char *name, struct nn_m2m_args *a);
/* torch_attn.c: nn.MultiheadAttention called on queries, keys and values */
struct nn_mval *nn_torch_attention(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct t_layer *l, struct nn_m2m_args *a);
/* torch_encoder.c: nn.TransformerEncoderLayer / nn.TransformerEncoder built,
 * called (forward's arguments) and applied to a tensor */
struct nn_mval *nn_torch_encoder_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_m2m_args *a);
struct nn_mval *nn_torch_encoder_stack(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_m2m_args *a);
struct nn_mval *nn_torch_encoder_call(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct t_encoder *e, struct nn_m2m_args *a);
struct nn_mval *nn_torch_encoder_apply(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct t_encoder *e, struct nn_mval *x);
/* torch_positions.c: torch.arange(steps) as the positions op; is
 * t.name(args) the expansion of positions over the batch ((batch, -1))? */
struct nn_mval *nn_torch_arange(struct torch_ctx *c, const struct nn_py_node *at,
                                struct nn_m2m_args *a);
int nn_torch_positions_expand(struct torch_ctx *c, struct nn_mval *t, const char *name,
                              struct nn_m2m_args *a);
/* torch_param.c (param): torch.zeros/ones/full/randn/empty of a static shape
 * (T_ZERO or T_FILL; &nn_m2m_unhandled otherwise), nn.Parameter(value),
 * numbers times a value, in-place initialisers (normal_, fill_, zero_) and
 * p.expand(batch, -1, ...) (&nn_m2m_unhandled for other receivers); a
 * learned tensor met by a tensor in arithmetic becomes the Parameter layer
 * (0 after an error). */
struct nn_mval *nn_torch_fill(struct torch_ctx *c, const struct nn_py_node *at, const char *fn,
                              struct nn_m2m_args *a);
struct nn_mval *nn_torch_parameter(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct nn_m2m_args *a);
struct nn_mval *nn_torch_fill_binop(struct torch_ctx *c, const struct nn_py_node *at, int op,
                                    struct nn_mval *a, struct nn_mval *b);
struct nn_mval *nn_torch_param_method(struct torch_ctx *c, const struct nn_py_node *at,
                                      struct nn_mval *t, const char *name, struct nn_m2m_args *a);
int nn_torch_param_operands(struct torch_ctx *c, const struct nn_py_node *at, struct nn_mval **a,
                            struct nn_mval **b);
/* torch_subclass.c: a user subclass of a torch.nn layer class without its
 * own __init__ (torchvision's LayerNorm2d): the layer built from the
 * constructor's arguments, kept in the instance, and applied where forward
 * calls the functional form with the instance's own weights
 * (F.layer_norm(x, self.normalized_shape, self.weight, self.bias,
 * self.eps)); isinstance() of torch.nn values against torch.nn classes. */
struct nn_mval *nn_torch_layer_subclass(struct torch_ctx *c, const struct nn_py_node *at,
                                        struct nn_mval *cls, struct nn_m2m_args *a);
struct nn_mval *nn_torch_base_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                 const char *name, struct nn_m2m_args *a);
int nn_torch_isinstance(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *path);
/* hasattr() of torch.nn values: a Sequential's named items. */
int nn_torch_hasattr(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *name);
/* The item of Sequential s stored under name (OrderedDict key), or NULL. */
struct nn_mval *nn_torch_seq_item(struct t_seq *s, const char *name);
/* Is mod an instance of such a subclass (inlined without a block, its layer
 * named as the instance)? */
int nn_torch_is_subclass(struct nn_mval *mod);
/* More attributes of a torch.nn layer: kernel_size and stride as tuples,
 * weight and bias as values an initialiser may take (None for bias=False);
 * &nn_m2m_unhandled for others. */
struct nn_mval *nn_torch_layer_more_attr(struct torch_ctx *c, struct t_layer *l, const char *name);
/* torch_ops.c: tensor operations, methods and torch functions in forward */
long long nn_torch_norm_dim(long long d, int rank);
struct nn_mval *nn_torch_call_fn(struct torch_ctx *c, const struct nn_py_node *at,
                              const char *path, struct nn_m2m_args *args);
struct nn_mval *nn_torch_method(struct torch_ctx *c, const struct nn_py_node *at,
                             struct nn_mval *t, const char *name, struct nn_m2m_args *args);
/* torch_tensor.c (tensorops): torch.name(x, ...) / x.name(...) for the
 * arithmetic, element-wise and reduction ops, or &nn_m2m_unhandled; a
 * reduction of kind k over dims; x ** p. */
struct nn_mval *nn_torch_top_fn(struct torch_ctx *c, const struct nn_py_node *at,
                                const char *name, struct nn_mval *x, struct nn_m2m_args *a,
                                size_t skip);
struct nn_mval *nn_torch_top_reduce(struct torch_ctx *c, const struct nn_py_node *at,
                                    struct nn_mval *x, enum nn_kind k, const char *base,
                                    struct nn_mval *dims, int keep);
struct nn_mval *nn_torch_top_subscript(struct torch_ctx *c, const struct nn_py_node *at,
                                       struct nn_mval *x, const struct nn_py_node *index);
struct nn_mval *nn_torch_top_pow(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *x, struct nn_mval *p);
struct nn_mval *nn_torch_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                            struct nn_mval *a, struct nn_mval *b);
struct nn_mval *nn_torch_subscript(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *obj, const struct nn_py_node *index);
/* torch_layout.c: axis orders (permute, movedim, transpose) over the stored layout */
struct nn_mval *nn_torch_relayout(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, const long long *perm, int n, int as_transpose);
/* nn_torch_shape.c: static shapes of traced tensors */
/* The source-layout shape of t without the batch axis into d; its length, or -1. */
int nn_torch_shape(struct torch_ctx *c, const struct t_tensor *t, long long *d);
/* x.size(k) / x.shape[k]: an int when known, the batch axis as a T_DIM. */
struct nn_mval *nn_torch_dim_value(struct torch_ctx *c, struct nn_mval *x, long long k);
/* x.size() / x.shape: a tuple when the shape is known, else a T_SHAPE. */
struct nn_mval *nn_torch_shape_value(struct torch_ctx *c, struct nn_mval *x);
/* torch_pad.c: explicit padding folded into convolutions and pooling */
struct nn_mval *nn_torch_pad_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct t_layer *l, struct nn_mval *x);
/* Zero padding no layer absorbs, as a Padding layer applied to its tensor;
 * NULL after an error (a padding of the batch or channel axis, not zeros). */
struct nn_mval *nn_torch_pad_layer(struct torch_ctx *c, struct t_padded *p);
/* The layer to apply to x (maybe a copy with the padding absorbed), or NULL
 * after an error; *x becomes the unpadded tensor. */
struct t_layer *nn_torch_pad_fold(struct torch_ctx *c, const struct nn_py_node *at,
                               struct t_layer *l, struct nn_mval **x);
/* torch_size.c: the whole scale factors of Upsample l's size= on input t
 * (n: the spatial axes); NULL, or why there are none. */
const char *nn_torch_size_scale(struct torch_ctx *c, const struct t_layer *l,
                                const struct t_tensor *t, long long *scale, size_t *n);
/* torch_own.c: a call of nnc's own PyTorch helper (Standardize,
 * partly_affine) as the pivot layer it stands for, else nn_m2m_unhandled. */
struct nn_mval *nn_torch_own_helper_call(struct torch_ctx *c, const struct nn_py_node *at,
                                         struct nn_mval *fn, struct nn_m2m_args *a);

#endif
