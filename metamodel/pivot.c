/* pivot.c - building and reading the pivot model (see pivot.h). */
#include "metamodel/pivot.h"

#include <stdlib.h>
#include <string.h>

#include "metamodel/symtab.h"

void nn_model_init(struct nn_model *m)
{
    memset(m, 0, sizeof *m);
    nn_arena_init(&m->arena);
    m->net.head.kind = NN_K_NETWORK;
}

void nn_model_free(struct nn_model *m)
{
    nn_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

/* Append one zeroed item to an arena array, doubling its capacity; NULL
 * when out of memory or past the model's size limit. */
static void *push(struct nn_model *m, void **items, size_t *n, size_t *cap, size_t size)
{
    if (++m->items > NN_MAX_MODEL_ITEMS) {
        m->over_limit = 1;
        return NULL;
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        void *p = nn_arena_grow(&m->arena, *items, *n, ncap, size);
        if (!p)
            return NULL;
        *items = p;
        *cap = ncap;
    }
    void *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

#define PUSH(m, arr, n, cap) push((m), (void **)&(arr), &(n), &(cap), sizeof *(arr))

struct nn_elem *nn_net_add_layer(struct nn_model *m, struct nn_network *n)
{
    return PUSH(m, n->layers, n->nlayers, n->caplayers);
}

struct nn_elem *nn_net_add_op(struct nn_model *m, struct nn_network *n)
{
    return PUSH(m, n->ops, n->nops, n->capops);
}

struct nn_network *nn_net_add_subnet(struct nn_model *m, struct nn_network *n)
{
    struct nn_network *s = PUSH(m, n->subnets, n->nsubnets, n->capsubnets);
    if (s)
        s->head.kind = NN_K_NETWORK;
    return s;
}

struct nn_module *nn_net_add_module(struct nn_model *m, struct nn_network *n)
{
    return PUSH(m, n->modules, n->nmodules, n->capmodules);
}

struct nn_elem *nn_net_add_input(struct nn_model *m, struct nn_network *n)
{
    struct nn_elem *e = PUSH(m, n->inputs, n->ninputs, n->capinputs);
    if (e)
        e->kind = NN_K_INPUT;
    return e;
}

long nn_net_input_named(const struct nn_network *n, const char *name)
{
    for (size_t i = 0; i < n->ninputs; i++)
        if (n->inputs[i].name && strcmp(n->inputs[i].name, name) == 0)
            return (long)i;
    return -1;
}

struct nn_elem *nn_elem_new(struct nn_model *m, enum nn_kind kind)
{
    struct nn_elem *e = nn_arena_alloc(&m->arena, sizeof *e);
    if (e)
        e->kind = kind;
    return e;
}

const struct nn_attr *nn_elem_attr(const struct nn_elem *e, enum nn_attr_id id)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (e->attrs[i].id == id)
            return &e->attrs[i];
    return NULL;
}

int nn_elem_has(const struct nn_elem *e, enum nn_attr_id id)
{
    return nn_elem_attr(e, id) != NULL;
}

struct nn_attr *nn_elem_set(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                            struct nn_value v)
{
    struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, id);
    if (!a) {
        a = PUSH(m, e->attrs, e->nattrs, e->cap);
        if (!a)
            return NULL;
        a->id = id;
    }
    a->v = v;
    return a;
}

void nn_elem_unset(struct nn_elem *e, enum nn_attr_id id)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (e->attrs[i].id == id) {
            memmove(&e->attrs[i], &e->attrs[i + 1], (e->nattrs - i - 1) * sizeof *e->attrs);
            e->nattrs--;
            return;
        }
}

void nn_elem_locate(struct nn_elem *e, struct nn_loc loc)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (!e->attrs[i].v.loc.src)
            e->attrs[i].v.loc = loc;
}

struct nn_value nn_value_int(long long i)
{
    struct nn_value v = {.type = NN_V_INT, .i = i};
    return v;
}

struct nn_value nn_value_name(const char *s)
{
    struct nn_value v = {.type = NN_V_NAME, .s = s};
    return v;
}

void nn_elem_set_int(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, long long i)
{
    nn_elem_set(m, e, id, nn_value_int(i));
}

void nn_elem_set_float(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, double f)
{
    struct nn_value v = {.type = NN_V_FLOAT, .f = f};
    nn_elem_set(m, e, id, v);
}

void nn_elem_set_bool(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, int b)
{
    struct nn_value v = {.type = NN_V_BOOL, .i = b != 0};
    nn_elem_set(m, e, id, v);
}

void nn_elem_set_name(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id, const char *s)
{
    nn_elem_set(m, e, id, nn_value_name(nn_arena_strdup(&m->arena, s)));
}

void nn_elem_set_string(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                        const char *s)
{
    struct nn_value v = {.type = NN_V_STRING, .s = nn_arena_strdup(&m->arena, s)};
    nn_elem_set(m, e, id, v);
}

void nn_elem_set_ints(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                      const long long *vals, size_t n)
{
    struct nn_value v = {.type = NN_V_LIST, .n = n};
    v.items = nn_arena_alloc(&m->arena, (n ? n : 1) * sizeof *v.items);
    if (!v.items)
        return;
    for (size_t i = 0; i < n; i++)
        v.items[i] = nn_value_int(vals[i]);
    nn_elem_set(m, e, id, v);
}

void nn_elem_set_floats(struct nn_model *m, struct nn_elem *e, enum nn_attr_id id,
                        const double *vals, size_t n)
{
    struct nn_value v = {.type = NN_V_LIST, .n = n};
    v.items = nn_arena_alloc(&m->arena, (n ? n : 1) * sizeof *v.items);
    if (!v.items)
        return;
    for (size_t i = 0; i < n; i++)
        v.items[i] = (struct nn_value){.type = NN_V_FLOAT, .f = vals[i]};
    nn_elem_set(m, e, id, v);
}

/* The schema default of (kind, id) as text; "" when there is none. */
static const char *default_text(const struct nn_elem *e, enum nn_attr_id id)
{
    const struct nn_field *f = nn_schema_field(e->kind, id);
    return f ? f->def : "";
}

long long nn_elem_int(const struct nn_elem *e, enum nn_attr_id id)
{
    const struct nn_attr *a = nn_elem_attr(e, id);
    if (a)
        return a->v.type == NN_V_FLOAT ? (long long)a->v.f : a->v.i;
    return strtoll(default_text(e, id), NULL, 10);
}

double nn_elem_float(const struct nn_elem *e, enum nn_attr_id id)
{
    const struct nn_attr *a = nn_elem_attr(e, id);
    if (a)
        return a->v.type == NN_V_FLOAT ? a->v.f : (double)a->v.i;
    return strtod(default_text(e, id), NULL);
}

int nn_elem_bool(const struct nn_elem *e, enum nn_attr_id id)
{
    const struct nn_attr *a = nn_elem_attr(e, id);
    if (a)
        return a->v.i != 0;
    return strcmp(default_text(e, id), "True") == 0;
}

const char *nn_elem_str(const struct nn_elem *e, enum nn_attr_id id)
{
    const struct nn_attr *a = nn_elem_attr(e, id);
    if (a && a->v.s)
        return a->v.s;
    return default_text(e, id);
}

size_t nn_elem_ints(const struct nn_elem *e, enum nn_attr_id id, long long *out, size_t max)
{
    const struct nn_attr *a = nn_elem_attr(e, id);
    if (!a || a->v.type != NN_V_LIST)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < a->v.n && n < max; i++)
        out[n++] = a->v.items[i].i;
    return n;
}

int nn_net_index(struct nn_model *m, struct nn_network *n)
{
    n->names = nn_symtab_new(&m->arena, n->nlayers + n->nops + n->nsubnets);
    if (!n->names)
        return 0;
    for (size_t i = 0; i < n->nlayers; i++)
        if (n->layers[i].name && nn_symtab_put(&m->arena, n->names, n->layers[i].name,
                                               NN_REF_LAYER, i) < 0)
            return 0;
    for (size_t i = 0; i < n->nops; i++)
        if (n->ops[i].name && nn_symtab_put(&m->arena, n->names, n->ops[i].name, NN_REF_OP, i) < 0)
            return 0;
    for (size_t i = 0; i < n->nsubnets; i++)
        if (n->subnets[i].head.name && nn_symtab_put(&m->arena, n->names,
                                                     n->subnets[i].head.name, NN_REF_SUBNET, i) < 0)
            return 0;
    return 1;
}

enum nn_ref nn_net_lookup(const struct nn_network *root, const struct nn_network *n,
                          const char *name, size_t *index)
{
    int tag;
    int found = n->names && nn_symtab_get(n->names, name, &tag, index);
    if (found && (tag != NN_REF_SUBNET || n == root))
        return (enum nn_ref)tag;
    if (n == root)
        return NN_REF_NONE; /* the root's index was just searched */
    if (root->names && nn_symtab_get(root->names, name, &tag, index) && tag == NN_REF_SUBNET)
        return NN_REF_SUBNET;
    return NN_REF_NONE;
}

struct nn_elem *nn_net_elem_named(struct nn_network *n, const char *name)
{
    int tag;
    size_t k;
    if (n->names && nn_symtab_get(n->names, name, &tag, &k)) { /* the index may be stale */
        if (tag == NN_REF_LAYER && k < n->nlayers && strcmp(n->layers[k].name, name) == 0)
            return &n->layers[k];
        if (tag == NN_REF_OP && k < n->nops && strcmp(n->ops[k].name, name) == 0)
            return &n->ops[k];
    }
    for (size_t i = 0; i < n->nlayers; i++)
        if (strcmp(n->layers[i].name, name) == 0)
            return &n->layers[i];
    for (size_t i = 0; i < n->nops; i++)
        if (strcmp(n->ops[i].name, name) == 0)
            return &n->ops[i];
    return NULL;
}

int nn_layer_rank(const struct nn_elem *e)
{
    int r = nn_kind_rank(e->kind);
    if (r != NN_RANK_DIM)
        return r;
    const char *d = nn_elem_str(e, NN_A_DIMENSION);
    return d[0] >= '1' && d[0] <= '3' ? d[0] - '0' : 0;
}

int nn_layer_out_rank(const struct nn_elem *e, int r)
{
    switch (nn_kind_family(e->kind)) {
    case NN_FAM_FLATTEN: return (int)nn_elem_int(e, NN_A_START_DIM) + 1;
    case NN_FAM_EMBEDDING: return r < 0 ? 3 : r + 1;
    case NN_FAM_RNN: return strcmp(nn_elem_str(e, NN_A_RETURN_TYPE), "full") == 0 ? 3 : 2;
    case NN_FAM_POOL:
        return strncmp(nn_elem_str(e, NN_A_POOLING_TYPE), "global", 6) == 0 ? 2 : r;
    case NN_FAM_PARAM: {
        long long v[9];
        return (int)nn_elem_ints(e, NN_A_TENSOR_SHAPE, v, 9) + 1;
    }
    default: return r;
    }
}

/* Unmapped layers of one network. */
static size_t net_gaps(const struct nn_network *n)
{
    size_t k = 0;
    for (size_t i = 0; i < n->nlayers; i++)
        k += n->layers[i].kind == NN_K_UNMAPPED;
    return k;
}

size_t nn_model_gaps(const struct nn_model *m)
{
    size_t k = net_gaps(&m->net);
    for (size_t i = 0; i < m->net.nsubnets; i++)
        k += net_gaps(&m->net.subnets[i]);
    return k;
}
