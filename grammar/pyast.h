/* pyast.h - the Python syntax tree: CPython 3.11 ast classes in C.
 *
 * Owns the node type, the kind and operator enums (built from pyast.def,
 * which describes each class and its fields once) and the constructors.
 * Every node carries CPython's lineno, col_offset (UTF-8 bytes),
 * end_lineno and end_col_offset.  Nodes live in an nn_arena and are freed
 * with it; list fields are chains linked through `next`.
 */
#ifndef NN_PYAST_H
#define NN_PYAST_H

#include <stddef.h>

#include "metamodel/arena.h"

enum nn_py_kind {
#define PY_NODE(name, fields) NN_PY_##name,
#define PY_OP(name)
#include "grammar/pyast.def"
#undef PY_NODE
#undef PY_OP
    NN_PY_OPNODE,    /* field-less class (operator, context): op says which */
    NN_PY_IDENT,     /* list element that is a bare identifier in s[0] */
    NN_PY_NONE,      /* list element None (Dict keys, kw_defaults) */
    NN_PY_WITHITEMS, /* parser only: parenthesised with-items in n[0] */
    NN_PY_ASITEM,    /* parser only: `expr as target` inside parentheses */
    NN_PY_NKINDS
};

enum nn_py_op {
#define PY_NODE(name, fields)
#define PY_OP(name) NN_PYOP_##name,
#include "grammar/pyast.def"
#undef PY_NODE
#undef PY_OP
    NN_PYOP_COUNT
};

/* What a Constant (or MatchSingleton) holds. */
enum nn_py_ctype {
    NN_PYC_NONE, NN_PYC_TRUE, NN_PYC_FALSE, NN_PYC_ELLIPSIS,
    NN_PYC_INT,   /* s[0]: decimal digits, any size */
    NN_PYC_FLOAT, /* dval */
    NN_PYC_IMAG,  /* dval: the imaginary part */
    NN_PYC_STR,   /* s[0][0..slen): UTF-8 (lone surrogates as 3-byte forms) */
    NN_PYC_BYTES  /* s[0][0..slen) */
};

struct nn_source;

struct nn_py_node {
    enum nn_py_kind kind;      /* which ast class */
    struct nn_py_node *next;   /* next element of the list holding this node */
    int lineno, col_offset;    /* start: 1-based line, UTF-8 byte column */
    int end_lineno, end_col_offset;
    int op;                    /* NN_PY_OPNODE: enum nn_py_op; Constant: enum nn_py_ctype */
    int paren;                 /* parser: written inside parentheses */
    long ival;                 /* the `i` field of pyast.def (simple, level, ...) */
    double dval;               /* float or imaginary constant */
    size_t slen;               /* bytes in s[0] for str and bytes constants */
    const char *s[2];          /* identifier and string fields */
    struct nn_py_node *n[7];   /* node fields and list heads */
    struct nn_source *src;     /* m2m: the project file the node was imported from; NULL: the file read */
};

/* A list being built: head and tail of a next-linked chain. */
struct nn_py_list {
    struct nn_py_node *head, *tail;
};

/* Node kind names and field descriptions from pyast.def. */
extern const char *const nn_py_kind_names[NN_PY_NKINDS];
extern const char *const nn_py_kind_fields[NN_PY_NKINDS];
extern const char *const nn_py_op_names[NN_PYOP_COUNT];

/* A zeroed node of the given kind, or NULL when the arena is exhausted. */
struct nn_py_node *nn_py_node_new(struct nn_arena *a, enum nn_py_kind kind);
/* A fresh operator/context node. */
struct nn_py_node *nn_py_op_new(struct nn_arena *a, enum nn_py_op op);
/* Copy start from `from` and end from `to`. */
void nn_py_node_span(struct nn_py_node *n, const struct nn_py_node *from,
                     const struct nn_py_node *to);

/* Lists: one element, append, concatenate. */
struct nn_py_list nn_py_list_one(struct nn_py_node *n);
struct nn_py_list nn_py_list_add(struct nn_py_list l, struct nn_py_node *n);
struct nn_py_list nn_py_list_cat(struct nn_py_list a, struct nn_py_list b);
size_t nn_py_list_len(const struct nn_py_node *head);

/* Is some node of the tree more than limit levels deep?  1 (and *at, the
 * first such node found), 0, or -1 when out of memory.  Iterative, so that
 * recursive walkers can rely on a tree that passed it. */
int nn_py_too_deep(const struct nn_py_node *root, size_t limit, const struct nn_py_node **at);

#endif
