/* reader.h - what the framework readers (torch_*.c, keras_*.c) share beyond
 * the evaluator: unique module names, model classes instantiated at module
 * level and traced later, choosing the model no other model uses, and
 * small argument helpers for the spelling tables.
 */
#ifndef NN_M2M_READER_H
#define NN_M2M_READER_H

#include <stddef.h>

#include "m2m/eval.h"
#include "metamodel/pivot.h"
#include "metamodel/symtab.h"

/* What the driver tells a Python reader (owned here; cli/ fills it from the
 * command line). */
/* One named input's shape from the command line (--input-shape NAME=N,N,...). */
struct nn_named_shape {
    const char *name;              /* the input's name */
    long long d[8];                /* batch excluded, in the source's layout */
    size_t rank;                   /* items in d */
};

struct nn_read_options {
    const char *class_name;        /* --class: the model to migrate, or NULL */
    int keep_going;                /* unmappable constructs: warnings and TODOs */
    const long long *input_shape;  /* --input-shape, overriding the file's, or NULL */
    size_t input_rank;             /* items in input_shape */
    const struct nn_named_shape *shapes; /* --input-shape NAME=...: one per named input */
    size_t nshapes;                /* items in shapes */
};

/* Module names given so far. */
struct nn_m2m_names {
    const char **v;
    size_t n, cap;
    struct nn_symtab *taken;  /* v by name */
    struct nn_symtab *bases;  /* a base name given a suffix -> its index in next */
    int *next;                /* per such base: the next suffix to try */
    size_t nbases, capbases;
};

/* A model class instantiated at module level, traced once the file has run. */
struct nn_m2m_pending {
    struct nn_mval *cls;
    struct nn_m2m_args *args;
    const struct nn_py_node *at;
    long long shape[8];               /* a sample input it was called on */
    int nshape;
};

struct nn_m2m_pendings {
    struct nn_m2m_pending **v;
    size_t n, cap;
};

/* base, or base_2, base_3...: a name not used yet (nor "input"), remembered. */
const char *nn_m2m_unique(struct nn_m2m_eval *ev, struct nn_m2m_names *names, const char *base);

/* Instantiate cls.  While the file's module level runs (tracing == 0) the
 * call is remembered and a host value with pending_tag is returned; while
 * tracing, the object is built and __init__ runs. */
struct nn_mval *nn_m2m_instantiate(struct nn_m2m_eval *ev, struct nn_m2m_pendings *p,
                                   int tracing, int pending_tag, const struct nn_py_node *at,
                                   struct nn_mval *cls, struct nn_m2m_args *a);
/* The pending instantiation of cls, if any. */
struct nn_m2m_pending *nn_m2m_pending_of(const struct nn_m2m_pendings *p, struct nn_mval *cls);

/* Does the subtree n mention the identifier name? */
int nn_m2m_mentions(const struct nn_py_node *n, const char *name);
/* Is model class cls used by another class of the file that derives from base? */
int nn_m2m_used_by_other(struct nn_m2m_eval *ev, struct nn_mval *cls,
                         int (*base)(const char *path));

/* The k-th word of a space-separated list, into buf; 0 when there is none. */
int nn_m2m_word(const char *list, size_t k, char *buf, size_t size);
/* Bind a call's positional and keyword arguments to the n parameters named
 * in the space-separated list params, into v[0..n) (unset ones untouched);
 * NULL, or what is wrong ("too many arguments", an unknown keyword). */
const char *nn_m2m_bind_args(struct nn_arena *a, const char *params, size_t n,
                        const struct nn_m2m_args *args, struct nn_mval **v);
/* An int or a tuple/list of ints as `rank` ints (rank 0: as many as given); 0 on success. */
int nn_m2m_dims(struct nn_mval *v, int rank, long long *out, size_t *n);
/* Does v (or every item of a tuple/list) equal the table's text default? */
int nn_m2m_equals_text(struct nn_m2m_eval *ev, struct nn_mval *v, const char *text);

/* A tensor op's layers_of_tensors: module names, or "#x" for the number x
 * (an int when it is whole), allocated in a. */
struct nn_value nn_m2m_operands(struct nn_arena *a, const char *const *srcs, size_t n);

/* Add the gaps recorded so far (nn_m2m_take_gaps) to network n as Unmapped
 * layers and modules, in order; the name of the last one, or NULL if none. */
const char *nn_m2m_place_gaps(struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                              struct nn_model *m, struct nn_network *n);

/* Is class or function value v, as written in the source, the helper `name`
 * whose whole text is `text` (byte for byte what nnc's generators write,
 * nothing added to its body: the next line that is not blank starts at
 * column 0)?  An edited copy is not: it is read as the user's code. */
int nn_m2m_own_helper(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *name,
                      const char *text);

/* ---- comments.c: the source's comments in the pivot ---- */
/* The "#" lines right above the line of loc ("# a\n# b"), or NULL. */
const char *nn_m2m_comments_above(struct nn_arena *a, const struct nn_loc *loc);
/* The docstring of a class or function definition as "# " lines, or NULL. */
const char *nn_m2m_docstring_comment(struct nn_arena *a, const struct nn_py_node *def);
/* Give every layer of m the comments above its constructor, and the network
 * the docstring of model_def (the chosen class or factory; may be NULL),
 * else the module's. */
void nn_m2m_attach_comments(struct nn_model *m, const struct nn_py_node *model_def,
                            const struct nn_py_node *module);

#endif
