/* pybuild.h - tree building helpers for the Python grammar's actions.
 *
 * Owns what the LALR(1) grammar leaves to its actions: node creation at a
 * span, turning expressions parsed as such into assignment/deletion
 * targets, keyword arguments and call argument checks, parameter lists,
 * with-items written in parentheses, and the "cannot assign to ..."
 * family of messages.  Functions that can fail report through
 * nn_py_error() and return NULL or 0.
 */
#ifndef NN_PYBUILD_H
#define NN_PYBUILD_H

#include "grammar/pystate.h"

/* A node of kind k spanning at, or NULL (out of memory, reported). */
struct nn_py_node *nn_py_mk(struct nn_py_parse *p, enum nn_py_kind k, const struct nn_py_span *at);
/* Shared context node (Load, Store, Del) and fresh operator nodes. */
struct nn_py_node *nn_py_ctx(struct nn_py_parse *p, enum nn_py_op ctx);
struct nn_py_node *nn_py_opn(struct nn_py_parse *p, enum nn_py_op op);
/* Name(id, Load) from a NAME token. */
struct nn_py_node *nn_py_name(struct nn_py_parse *p, struct nn_py_node *ident,
                              const struct nn_py_span *at);
/* Element list -> single element (no comma) or Tuple(Load). */
struct nn_py_node *nn_py_tuple(struct nn_py_parse *p, struct nn_py_list l, int comma,
                               const struct nn_py_span *at);
/* Make e an assignment (Store) or deletion (Del) target; 0 after an error. */
int nn_py_target(struct nn_py_parse *p, struct nn_py_node *e, enum nn_py_op ctx);
/* Check the target of an annotated or augmented assignment. */
int nn_py_ann_target(struct nn_py_parse *p, struct nn_py_node *e);
int nn_py_aug_target(struct nn_py_parse *p, struct nn_py_node *e);
/* A keyword argument `lhs=value`; lhs must be a name. */
struct nn_py_node *nn_py_kwarg(struct nn_py_parse *p, struct nn_py_node *lhs,
                               struct nn_py_node *value, const struct nn_py_span *at);
/* Split call arguments into args and keywords of call (Call or ClassDef slots). */
int nn_py_call_args(struct nn_py_parse *p, struct nn_py_node *call, struct nn_py_node *args,
                    int args_slot, int kw_slot);
/* A parameter item: kind 0 plain, 1 *name, 2 bare *, 3 **name, 4 '/'. */
struct nn_py_node *nn_py_param(struct nn_py_parse *p, int kind, struct nn_py_node *name,
                               struct nn_py_node *ann, struct nn_py_node *dflt,
                               const struct nn_py_span *at);
/* Build `arguments` from parameter items, checking their order. */
struct nn_py_node *nn_py_arguments(struct nn_py_parse *p, struct nn_py_node *params);
/* Parenthesised group: single element, Tuple, or with-items. */
struct nn_py_node *nn_py_group(struct nn_py_parse *p, struct nn_py_list l, int comma,
                               const struct nn_py_span *at);
/* With-items of a with statement from its parsed item list. */
struct nn_py_node *nn_py_with_items(struct nn_py_parse *p, struct nn_py_node *items);
/* BoolOp / Compare chaining. */
struct nn_py_node *nn_py_boolop(struct nn_py_parse *p, enum nn_py_op op, struct nn_py_node *a,
                                struct nn_py_node *b, const struct nn_py_span *at);
struct nn_py_node *nn_py_compare(struct nn_py_parse *p, struct nn_py_node *a, int op,
                                 struct nn_py_node *b, const struct nn_py_span *at);
/* Deletion targets; a stray parenthesised `x as y` outside a with statement. */
int nn_py_del_targets(struct nn_py_parse *p, struct nn_py_node *targets);
int nn_py_no_stray_as(struct nn_py_parse *p);
/* Dict display from key/value items (keyword nodes: n[1] key or NULL, n[0] value). */
int nn_py_dict(struct nn_py_parse *p, struct nn_py_node *dict, struct nn_py_node *items);
/* Mapping and class patterns from their items. */
int nn_py_match_mapping(struct nn_py_parse *p, struct nn_py_node *m, struct nn_py_node *items);
int nn_py_match_class(struct nn_py_parse *p, struct nn_py_node *m, struct nn_py_node *items);
/* Set a node's CPython position from a span. */
void nn_py_at(struct nn_py_node *n, const struct nn_py_span *at);

#endif
