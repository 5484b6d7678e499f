/* pyast.c - syntax tree tables and constructors (see pyast.h). */
#include "grammar/pyast.h"

#include <stdlib.h>

const char *const nn_py_kind_names[NN_PY_NKINDS] = {
#define PY_NODE(name, fields) #name,
#define PY_OP(name)
#include "grammar/pyast.def"
#undef PY_NODE
#undef PY_OP
    "op", "ident", "None", "withitems", "asitem",
};

const char *const nn_py_kind_fields[NN_PY_NKINDS] = {
#define PY_NODE(name, fields) fields,
#define PY_OP(name)
#include "grammar/pyast.def"
#undef PY_NODE
#undef PY_OP
    "", "", "", "", "",
};

const char *const nn_py_op_names[NN_PYOP_COUNT] = {
#define PY_NODE(name, fields)
#define PY_OP(name) #name,
#include "grammar/pyast.def"
#undef PY_NODE
#undef PY_OP
};

struct nn_py_node *nn_py_node_new(struct nn_arena *a, enum nn_py_kind kind)
{
    struct nn_py_node *n = nn_arena_alloc(a, sizeof *n);
    if (n)
        n->kind = kind;
    return n;
}

struct nn_py_node *nn_py_op_new(struct nn_arena *a, enum nn_py_op op)
{
    struct nn_py_node *n = nn_py_node_new(a, NN_PY_OPNODE);
    if (n)
        n->op = (int)op;
    return n;
}

void nn_py_node_span(struct nn_py_node *n, const struct nn_py_node *from,
                     const struct nn_py_node *to)
{
    n->lineno = from->lineno;
    n->col_offset = from->col_offset;
    n->end_lineno = to->end_lineno;
    n->end_col_offset = to->end_col_offset;
}

struct nn_py_list nn_py_list_one(struct nn_py_node *n)
{
    struct nn_py_list l = {n, n};
    if (n)
        n->next = NULL;
    return l;
}

struct nn_py_list nn_py_list_add(struct nn_py_list l, struct nn_py_node *n)
{
    if (!n)
        return l;
    n->next = NULL;
    if (!l.head)
        return nn_py_list_one(n);
    l.tail->next = n;
    l.tail = n;
    return l;
}

struct nn_py_list nn_py_list_cat(struct nn_py_list a, struct nn_py_list b)
{
    if (!a.head)
        return b;
    if (!b.head)
        return a;
    a.tail->next = b.head;
    a.tail = b.tail;
    return a;
}

size_t nn_py_list_len(const struct nn_py_node *head)
{
    size_t n = 0;
    for (; head; head = head->next)
        n++;
    return n;
}

/* A node to visit, its depth (the module is at depth 1), and the nearest
 * node with a position (operator nodes have none). */
struct depth_item {
    const struct nn_py_node *n, *placed;
    size_t depth;
};

int nn_py_too_deep(const struct nn_py_node *root, size_t limit, const struct nn_py_node **at)
{
    /* An explicit stack: the tree may be as deep as the file is long. */
    size_t len = 0, cap = 64;
    struct depth_item *stack = malloc(cap * sizeof *stack);
    if (!stack)
        return -1;
    int found = 0;
    if (root)
        stack[len++] = (struct depth_item){root, root, 1};
    while (len && !found) {
        struct depth_item it = stack[--len];
        if (it.n->lineno > 0)
            it.placed = it.n;
        if (it.depth > limit) {
            *at = it.placed;
            found = 1;
            break;
        }
        for (size_t k = 0; k < sizeof it.n->n / sizeof *it.n->n; k++) {
            for (const struct nn_py_node *c = it.n->n[k]; c; c = c->next) {
                if (len == cap) {
                    struct depth_item *bigger = realloc(stack, 2 * cap * sizeof *stack);
                    if (!bigger) {
                        free(stack);
                        return -1;
                    }
                    stack = bigger;
                    cap *= 2;
                }
                stack[len++] = (struct depth_item){c, it.placed, it.depth + 1};
            }
        }
    }
    free(stack);
    return found;
}
