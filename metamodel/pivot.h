/* pivot.h - the BESSER-NN pivot model: networks, layers, tensor ops, modules,
 * configuration and datasets.
 *
 * Layers, tensor operations, the configuration and the datasets are all
 * "elements": a kind from the schema plus the attributes that were given,
 * in a small array.  Which attributes a kind has, their types, defaults and
 * ranges live in schema.def, not here, so this file never changes when a
 * layer kind is added.  A model owns one arena; everything hangs off it.
 */
#ifndef NN_PIVOT_H
#define NN_PIVOT_H

#include <stddef.h>

#include "metamodel/arena.h"
#include "metamodel/depth.h"
#include "metamodel/diag.h"
#include "metamodel/schema.h"

/* Comments the printer keeps: lines before an item, and one after it on its line. */
struct nn_comments {
    const char *lead;   /* "# a\n# b" (no final newline) or NULL */
    const char *trail;  /* "# c" or NULL */
};

enum nn_vtype {
    NN_V_NONE,   /* unset */
    NN_V_INT,    /* i */
    NN_V_FLOAT,  /* f */
    NN_V_BOOL,   /* i: 0 or 1 */
    NN_V_STRING, /* s: contents without quotes */
    NN_V_NAME,   /* s: a bare identifier (enum value, module name) */
    NN_V_LIST,   /* items[0..n) */
    NN_V_LABEL   /* s: column, s2: label (an item of a labels list) */
};

struct nn_value {
    enum nn_vtype type;
    struct nn_loc loc;
    union {
        long long i;
        double f;
    };
    const char *s;
    union {
        const char *s2;
        struct nn_value *items;
    };
    size_t n;
};

struct nn_attr {
    enum nn_attr_id id;
    struct nn_value v;
    struct nn_loc key_loc;      /* the key, for diagnostics */
    struct nn_comments c;
};

/* A layer, a tensor op, the configuration, a dataset, or a network's own attributes. */
struct nn_elem {
    enum nn_kind kind;
    const char *name;           /* NULL for config and datasets */
    struct nn_loc loc;          /* the name (or the section keyword) */
    struct nn_loc kind_loc;     /* the type=... value */
    struct nn_attr *attrs;      /* given attributes, in source order */
    size_t nattrs, cap;
    struct nn_comments c;
    /* weights: where a learned layer's tensors come from in the source (not
     * printed): the PyTorch parameter path of its module ("layer1.0.conv1"),
     * or the Keras layer's name= (else the attribute it was stored under)
     * after the names of the blocks holding it ("encoder/dense"); NULL when
     * unknown (a .nn or XMI source) */
    const char *weights_from;
};

enum nn_ref { NN_REF_NONE, NN_REF_LAYER, NN_REF_OP, NN_REF_SUBNET };

/* One entry of a modules list: the forward order. */
struct nn_module {
    const char *name;
    struct nn_loc loc;
    struct nn_comments c;
    enum nn_ref ref;            /* what the name resolved to (after validation) */
    size_t index;               /* into layers, ops or the root's subnets */
};

/* Sections, for comments placed before a section keyword. */
enum nn_section {
    NN_SEC_LAYERS, NN_SEC_SUB_NN, NN_SEC_TENSOR_OPS, NN_SEC_MODULES, NN_SEC_CONFIG,
    NN_SEC_TRAINING, NN_SEC_TEST, NN_SEC_INPUTS, NN_SEC_COUNT
};

struct nn_network {
    struct nn_elem head;        /* name, location and network attributes (input_shape) */
    struct nn_elem *inputs;     /* top level only: the named inputs of an inputs: section,
                                   in the order the model takes them (kind NN_K_INPUT) */
    size_t ninputs, capinputs;
    struct nn_elem *layers;
    size_t nlayers, caplayers;
    struct nn_network *subnets; /* top level only: sub-networks do not nest */
    size_t nsubnets, capsubnets;
    struct nn_elem *ops;
    size_t nops, capops;
    struct nn_module *modules;
    size_t nmodules, capmodules;
    int has_modules;            /* a modules: section was given (sub-networks may omit it) */
    struct nn_elem *config;     /* NULL when absent */
    struct nn_elem *training;
    struct nn_elem *test;
    struct nn_comments sec[NN_SEC_COUNT];
    struct nn_loc sec_loc[NN_SEC_COUNT]; /* section keywords, when written */
    const char *epilogue;       /* comments after the last item */
    struct nn_symtab *names;    /* name -> layer/op/subnet, built by nn_net_index */
};

/* Layers, tensor ops, sub-networks and modules one model may hold: far
 * beyond real networks, low enough that a hostile input cannot make nnc
 * exhaust memory.  Beyond it the adders return NULL and set over_limit. */
#define NN_MAX_MODEL_ITEMS 1000000

struct nn_model {
    struct nn_arena arena;
    struct nn_network net;
    size_t items;    /* added so far, against NN_MAX_MODEL_ITEMS */
    int over_limit;  /* an adder refused: the reader's result is incomplete */
    struct nn_depth depth; /* the recursion budget of the pass running on the model */
    /* weights: the framework whose names the layers' weights_from use
     * ("torch" or "keras"), or NULL */
    const char *weights_source;
    /* verify: a Python expression that, run in the source file's namespace,
     * builds the model the reader migrated ("net", "Net(num_classes=10)",
     * "resnet18()"), or NULL (a .nn or XMI source) */
    const char *source_builder;
};

void nn_model_init(struct nn_model *m);
void nn_model_free(struct nn_model *m);

/* ---- building (the DSL parser, the XMI reader and m2m all use these) ---- */
struct nn_elem *nn_net_add_layer(struct nn_model *m, struct nn_network *n);
struct nn_elem *nn_net_add_op(struct nn_model *m, struct nn_network *n);
struct nn_network *nn_net_add_subnet(struct nn_model *m, struct nn_network *n);
struct nn_module *nn_net_add_module(struct nn_model *m, struct nn_network *n);
/* A named input of the root network (an inputs: item). */
struct nn_elem *nn_net_add_input(struct nn_model *m, struct nn_network *n);
/* The index of n's input called name, or -1 (always -1 without inputs:). */
long nn_net_input_named(const struct nn_network *n, const char *name);
struct nn_elem *nn_elem_new(struct nn_model *m, enum nn_kind kind);
/* Set (or replace) an attribute; the value is copied by reference. */
struct nn_attr *nn_elem_set(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                            struct nn_value v);
void nn_elem_set_int(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, long long i);
void nn_elem_set_float(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, double f);
void nn_elem_set_bool(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, int b);
void nn_elem_set_name(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, const char *s);
void nn_elem_set_string(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                        const char *s);
void nn_elem_set_ints(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                      const long long *v, size_t n);
/* A list of decimals (FLOATLIST attributes, kconv). */
void nn_elem_set_floats(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                        const double *vals, size_t n);
void nn_elem_unset(struct nn_elem *e, enum nn_attr_id id);
/* Give every value of e that has no place yet the place loc: a reader calls
 * it after an argument, so that a bad value is reported at its argument. */
void nn_elem_locate(struct nn_elem *e, struct nn_loc loc);
struct nn_value nn_value_int(long long i);
struct nn_value nn_value_name(const char *s);

/* ---- reading: values fall back to the schema default ---- */
const struct nn_attr *nn_elem_attr(const struct nn_elem *e, enum nn_attr_id id);
int nn_elem_has(const struct nn_elem *e, enum nn_attr_id id);
long long nn_elem_int(const struct nn_elem *e, enum nn_attr_id id);
double nn_elem_float(const struct nn_elem *e, enum nn_attr_id id);
int nn_elem_bool(const struct nn_elem *e, enum nn_attr_id id);
/* Enum, name or string value (default when unset); "" when there is none. */
const char *nn_elem_str(const struct nn_elem *e, enum nn_attr_id id);
/* List items (ints) into out[0..max); returns the count, 0 when unset. */
size_t nn_elem_ints(const struct nn_elem *e, enum nn_attr_id id, long long *out, size_t max);

/* Build n's name index (layers, ops, and for the root its subnets); the
 * first definition of a name wins.  Returns 0 when out of memory. */
int nn_net_index(struct nn_model *m, struct nn_network *n);
/* Resolve a module name within n (its layers and ops), then the root's
 * subnets.  Both networks must have been indexed. */
enum nn_ref nn_net_lookup(const struct nn_network *root, const struct nn_network *n,
                          const char *name, size_t *index);

/* Unmapped elements (constructs a reader could not migrate) in the model. */
size_t nn_model_gaps(const struct nn_model *m);

/* The layer or op of n called name, or NULL: through n's name index when
 * there is one (each hit checked, since readers change networks), else a
 * search. */
struct nn_elem *nn_net_elem_named(struct nn_network *n, const char *name);

/* Spatial rank of a conv/pool/batch-norm layer (1, 2 or 3), 0 for other kinds. */
int nn_layer_rank(const struct nn_elem *e);
/* Rank of what layer e gives for an input of rank r (-1: unknown), batch axis included. */
int nn_layer_out_rank(const struct nn_elem *e, int r);

#endif
