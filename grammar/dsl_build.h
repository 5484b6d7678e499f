/* dsl_build.h - parser actions: DSL items checked against the schema into the pivot.
 *
 * The grammar (nn.y) only recognises the shape of the notation; these
 * functions turn items into pivot elements, reporting unknown kinds and
 * keys, repeated keys and values of the wrong type at their location.
 */
#ifndef NN_DSL_BUILD_H
#define NN_DSL_BUILD_H

#include <stddef.h>

#include "grammar/dsl_state.h"

/* A list of values under construction. */
struct nn_dsl_vlist {
    struct nn_value *items;
    size_t n, cap;
};

void nn_dsl_network_begin(struct nn_dsl_state *p, const char *name, size_t len,
                          struct nn_span at);
void nn_dsl_network_attrs(struct nn_dsl_state *p, struct nn_dsl_pair *pairs);
void nn_dsl_network_end(struct nn_dsl_state *p);
/* A sub-network's own attributes (source_class), given before its layers:. */
void nn_dsl_subnet_attrs(struct nn_dsl_state *p, struct nn_dsl_pair *pairs);
void nn_dsl_subnet_begin(struct nn_dsl_state *p, const char *name, size_t len,
                         struct nn_span at);
void nn_dsl_subnet_end(struct nn_dsl_state *p);
void nn_dsl_section(struct nn_dsl_state *p, enum nn_section sec, struct nn_span at);
void nn_dsl_layer(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at,
                  struct nn_dsl_pair *pairs);
/* An item of the inputs: section (nnc extension): a named input and its shape. */
void nn_dsl_input(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at,
                  struct nn_dsl_pair *pairs);
void nn_dsl_op(struct nn_dsl_state *p, const char *key, size_t len, struct nn_span at,
               struct nn_value name, struct nn_dsl_pair *pairs);
void nn_dsl_module(struct nn_dsl_state *p, const char *name, size_t len, struct nn_span at);
void nn_dsl_block(struct nn_dsl_state *p, enum nn_kind kind, struct nn_span at,
                  struct nn_dsl_pair *pairs);

struct nn_dsl_pair *nn_dsl_pair_new(struct nn_dsl_state *p, const char *key, size_t len,
                                    struct nn_span at, struct nn_value v);
struct nn_dsl_pair *nn_dsl_pair_append(struct nn_dsl_state *p, struct nn_dsl_pair *list,
                                       struct nn_dsl_pair *pair);

struct nn_value nn_dsl_int(struct nn_dsl_state *p, const char *text, size_t len,
                           struct nn_span at);
struct nn_value nn_dsl_float(struct nn_dsl_state *p, const char *text, size_t len,
                             struct nn_span at);
struct nn_value nn_dsl_text(struct nn_dsl_state *p, enum nn_vtype type, const char *text,
                            size_t len, struct nn_span at);
struct nn_value nn_dsl_list(struct nn_dsl_state *p, struct nn_dsl_vlist *items,
                            struct nn_span at);
struct nn_dsl_vlist *nn_dsl_vlist_append(struct nn_dsl_state *p, struct nn_dsl_vlist *l,
                                         struct nn_value v);
struct nn_value nn_dsl_label(struct nn_dsl_state *p, const char *k1, size_t k1len,
                             struct nn_span k1at, const char *col, size_t collen,
                             const char *k2, size_t k2len, struct nn_span k2at,
                             const char *label, size_t labellen, struct nn_span at);

/* Attach the recorded comments to the items of the finished model. */
void nn_dsl_attach_comments(struct nn_dsl_state *p);

#endif
