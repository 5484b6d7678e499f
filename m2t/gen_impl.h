/* gen_impl.h - what the code generators share inside m2t/.
 *
 * A generation run: the model, the options, the shapes from inference, the
 * diagnostics, and the memory stream the module body is written to.  The
 * framework generators (torch_gen.c, keras_gen.c) write classes; gen.c
 * wraps them in a module: header, the imports and helper definitions the
 * body actually uses, and the input shape.
 */
#ifndef NN_GEN_IMPL_H
#define NN_GEN_IMPL_H

#include <stdio.h>

#include "m2t/gen.h"
#include "frameworks/pytext.h"
#include "metamodel/flow.h"
#include "metamodel/shape.h"

struct nn_gen {
    struct nn_model *m;
    struct nn_arena *a;              /* the model's arena: scratch strings */
    const struct nn_gen_options *o;
    const struct nn_shapes *shapes;
    struct nn_diag_sink *d;
    int errors;
    const struct nn_target_info *target; /* the target's row: framework and style */
    int seq;                         /* Sequential style */
    FILE *f;                         /* the classes being written */
    const char *input_shape;         /* INPUT_SHAPE as the model takes it, or NULL */
    const char *input_shapes;        /* INPUT_SHAPES for several inputs, or NULL */
    const unsigned char *inputs_cf;  /* per named input: taken channels first, or NULL */
    const char *input_layout;        /* "channels last" / "channels first" / NULL */
    const char *kernel_l2;           /* regularizers: KERNEL_L2 for Keras's layers, or NULL */
};

/* A helper definition emitted only when the body names it. */
struct nn_gen_helper {
    const char *name;                /* as used in the body, e.g. "ChannelsFirst(" */
    const char *text;                /* the definition */
};

/* An import line emitted only when the text uses the prefix. */
struct nn_gen_import {
    const char *prefix;              /* e.g. "F." */
    const char *line;                /* e.g. "import torch.nn.functional as F" */
    int group;                       /* 0 standard library, 1 third party */
};

/* Write the framework's classes for the model into g->f; errors counted in g. */
/* A module written in two in-memory parts: definitions the class needs
 * (sub-network classes), then the class itself; joined into g->f in order. */
struct nn_gen_parts {
    FILE *defs, *main;
    char *defs_text, *main_text;
    size_t defs_len, main_len;
};
/* Open both parts; 1 when both are ready. */
int nn_gen_parts_open(struct nn_gen_parts *p);
/* Close both parts, write them to g->f, free them. */
void nn_gen_parts_join(struct nn_gen *g, struct nn_gen_parts *p);

void nn_gen_torch(struct nn_gen *g);
void nn_gen_keras(struct nn_gen *g);
extern const struct nn_gen_helper nn_torch_helpers[];
extern const struct nn_gen_import nn_torch_imports[];
extern const struct nn_gen_helper nn_keras_helpers[];
extern const struct nn_gen_import nn_keras_imports[];

/* What a framework's generator is (its framework row points here). */
struct nn_gen_backend {
    void (*classes)(struct nn_gen *g);      /* write the model's classes */
    const struct nn_gen_helper *helpers;    /* helper definitions, NULL-name terminated */
    const struct nn_gen_import *imports;    /* import lines, NULL-prefix terminated */
    const char *const *taken;               /* attribute names the base class uses */
    const char *needs;                      /* the oldest releases the code runs on */
    /* a further need of this model's code (doc/versions.md), or NULL */
    const char *(*needs_more)(const struct nn_model *m);
    /* the line written above helper h (Keras: its registration for saving),
     * or NULL; the member itself NULL when no helper gets one */
    const char *(*above_helper)(const struct nn_gen *g, const struct nn_gen_helper *h);
};
extern const struct nn_gen_backend nn_gen_torch_backend;
extern const struct nn_gen_backend nn_gen_keras_backend;
/* Keras: the registration above a helper a saved model names (keras_gen.c). */
const char *nn_keras_above_helper(const struct nn_gen *g, const struct nn_gen_helper *h);

/* The class names a module of the model already uses: its root class
 * root_cls and the helpers' names; NULL-terminated, NULL when out of memory. */
const char **nn_gen_taken_classes(struct nn_gen *g, const struct nn_gen_helper *helpers,
                                  const char *root_cls);

/* Append training and evaluation code (--with-training) to g->f. */
void nn_gen_train(struct nn_gen *g);

/* Report an error at loc and count it. */
void nn_gen_error(struct nn_gen *g, struct nn_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The flow of a network (errors reported and counted); 0 on failure. */
int nn_gen_flow(struct nn_gen *g, const struct nn_network *net, struct nn_flow *f);
/* Enter sub-network sub, one level of the model's recursion budget: 1, or 0
 * (reported and counted) beyond it.  nn_gen_leave leaves an entered level. */
int nn_gen_enter(struct nn_gen *g, const struct nn_network *sub);
void nn_gen_leave(struct nn_gen *g);
/* Is the network, with every sub-network it uses, a chain?  When not and
 * `why` is set, report why at the offending module. */
int nn_gen_is_chain(struct nn_gen *g, const struct nn_network *net, const char *target);

/* Shapes of module i of net (NULL when unknown). */
const struct nn_shape *nn_gen_in_shape(const struct nn_gen *g, const struct nn_network *net,
                                       size_t i);
const struct nn_shape *nn_gen_out_shape(const struct nn_gen *g, const struct nn_network *net,
                                        size_t i);

/* The variable holding a module's output (or the input, for NN_FLOW_INPUT) in
 * a forward/call body: "x" for values consumed only by the next module. */
const char *nn_gen_var(struct nn_gen *g, const struct nn_network *net, const struct nn_flow *f,
                       size_t src);

/* The attribute (or Sequential entry) name for a layer or sub-network:
 * its own name unless the framework's base class already uses it. */
const char *nn_gen_attr(struct nn_gen *g, const char *name);

/* The activation of a layer ("None" when it has none) and whether it was
 * given as a quoted string (a name only the runtime knows). */
const char *nn_gen_activation(const struct nn_elem *e, int *quoted);

/* ---- constructs nnc could not migrate (Unmapped elements, --keep-going) ----
 * Every target writes one the same way: a "# TODO(nnc): what (file:line)"
 * comment at its place, and code that raises NotImplementedError naming it
 * when the model runs, so a partial model never runs as another network. */

/* "what (file:line)" for an Unmapped element; for a layer whose size
 * follows from an Unmapped element's output, what it lacks. */
const char *nn_gen_todo_text(struct nn_gen *g, const struct nn_elem *e);
/* ---- the model's comments (gen_comment.c) ---- */
/* An element's lead and trailing comments as comment lines at indent. */
void nn_gen_comments(FILE *f, int indent, const struct nn_comments *c);
/* The first paragraph of a network's class docstring: its lead comment
 * without the "# " marks (continuation lines at indent), or "The NAME
 * network." when it has none. */
const char *nn_gen_doc_title(struct nn_gen *g, const struct nn_network *net, int indent);

/* The TODO comment line at indent. */
void nn_gen_todo_comment(struct nn_gen *g, FILE *f, int indent, const struct nn_elem *e);
/* The comment and `raise NotImplementedError(...)`: a statement of forward/call. */
void nn_gen_todo_raise(struct nn_gen *g, FILE *f, int indent, const struct nn_elem *e);
/* NotMigrated(message): a layer that raises when called, for Sequential
 * entries (each framework's helper table defines the class). */
void nn_gen_todo_layer(struct nn_gen *g, const struct nn_elem *e, struct nn_py_call *c);

#endif
