/* validate.c - model checks (see validate.h). */
#include "metamodel/validate.h"

#include <string.h>

#include "metamodel/symtab.h"

struct ctx {
    struct nn_model *m;
    struct nn_diag_sink *d;
    struct nn_network *root;
};

/* Where to point at an element that lacks something. */
static struct nn_loc elem_loc(const struct nn_elem *e)
{
    return e->loc;
}

static const char *describe(const struct nn_elem *e)
{
    return e->name ? e->name : nn_kind_name(e->kind);
}

/* One number against the field's bounds. */
static void check_number(struct ctx *c, const struct nn_field *f, const struct nn_value *v,
                         const char *key)
{
    double x = v->type == NN_V_FLOAT ? v->f : (double)v->i;
    if ((f->flags & NN_F_POS) && !(x > 0))
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' must be greater than 0", key);
    else if ((f->flags & NN_F_NONNEG) && !(x >= 0))
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' must not be negative", key);
    else if ((f->flags & NN_F_RANGE) && !(x >= f->lo && x < f->hi))
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' must be in [%g, %g)", key, f->lo, f->hi);
}

/* A name or string against the attribute's value set. */
static void check_member(struct ctx *c, enum nn_enum_id set, const struct nn_value *v,
                         const char *key)
{
    if (set == NN_ENUM_NONE || !v->s)
        return;
    if (!nn_schema_enum_has(set, v->s, strlen(v->s)))
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' is not a valid %s (expected one of: %s)", v->s,
                key, nn_schema_enum_values(set));
}

static void check_attr(struct ctx *c, const struct nn_elem *e, const struct nn_attr *a)
{
    const struct nn_field *f = nn_schema_field(e->kind, a->id);
    const struct nn_attr_info *info = &nn_attr_infos[a->id];
    const char *key = info->key;
    switch (a->v.type) {
    case NN_V_INT:
    case NN_V_FLOAT:
        check_number(c, f, &a->v, key);
        break;
    case NN_V_NAME:
        if (info->type == NN_T_ENUM)
            check_member(c, info->values, &a->v, key);
        break;
    case NN_V_STRING:
        if (info->type == NN_T_STRING)
            check_member(c, info->values, &a->v, key);
        break;
    case NN_V_LIST:
        if (info->type == NN_T_INTLIST && a->v.n == 0)
            nn_diag(c->d, a->v.loc, NN_ERROR, "'%s' must not be empty", key);
        for (size_t i = 0; i < a->v.n; i++) {
            const struct nn_value *it = &a->v.items[i];
            if (it->type == NN_V_INT)
                check_number(c, f, it, key);
            else if (it->type == NN_V_STRING && info->type == NN_T_STRLIST)
                check_member(c, info->values, it, key);
        }
        break;
    default:
        break;
    }
}

/* Required fields, and every given value against its field. */
static void check_fields(struct ctx *c, const struct nn_elem *e)
{
    size_t n;
    const struct nn_field *f = nn_schema_kind_fields(e->kind, &n);
    int have_shape = nn_elem_has(&c->root->head, NN_A_INPUT_SHAPE);
    for (size_t i = 0; i < n; i++) {
        int req = (f[i].flags & NN_F_REQ) || ((f[i].flags & NN_F_INFER) && !have_shape);
        if (req && !nn_elem_has(e, f[i].attr))
            nn_diag(c->d, elem_loc(e), NN_ERROR, "%s '%s' needs '%s'%s", nn_kind_name(e->kind),
                    describe(e), nn_attr_key(f[i].attr),
                    (f[i].flags & NN_F_INFER) ? " (or an input_shape to infer it from)" : "");
    }
    for (size_t i = 0; i < e->nattrs; i++)
        check_attr(c, e, &e->attrs[i]);
}

/* List attributes whose length must equal the layer's spatial rank. */
static void check_rank_lists(struct ctx *c, const struct nn_elem *e)
{
    static const enum nn_attr_id lists[] = {NN_A_KERNEL_DIM, NN_A_STRIDE_DIM, NN_A_OUTPUT_DIM,
                                            NN_A_DILATION};
    int rank = nn_layer_rank(e);
    if (rank == 0 || e->kind == NN_K_BATCH_NORM)
        return;
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        const struct nn_attr *a = nn_elem_attr(e, lists[i]);
        if (a && a->v.type == NN_V_LIST && a->v.n != (size_t)rank)
            nn_diag(c->d, a->v.loc, NN_ERROR, "'%s' of a %dD layer needs %d value%s, not %zu",
                    nn_attr_key(lists[i]), rank, rank, rank > 1 ? "s" : "", a->v.n);
    }
}

static void check_pooling(struct ctx *c, const struct nn_elem *e)
{
    const char *t = nn_elem_str(e, NN_A_POOLING_TYPE);
    if (strncmp(t, "adaptive", 8) == 0 && !nn_elem_has(e, NN_A_OUTPUT_DIM))
        nn_diag(c->d, e->loc, NN_ERROR, "%s pooling '%s' needs 'output_dim'", t, e->name);
    if ((strcmp(t, "max") == 0 || strcmp(t, "average") == 0) && !nn_elem_has(e, NN_A_KERNEL_DIM))
        nn_diag(c->d, e->loc, NN_ERROR, "%s pooling '%s' needs 'kernel_dim'", t, e->name);
}

/* A grouped convolution: groups divide the stated channel counts (an
 * inferred in_channels is checked by shape inference). */
static void check_groups(struct ctx *c, const struct nn_elem *e)
{
    static const enum nn_attr_id counts[] = {NN_A_IN_CHANNELS, NN_A_OUT_CHANNELS};
    const struct nn_attr *g = nn_elem_attr(e, NN_A_GROUPS);
    if (!g || g->v.type != NN_V_INT || g->v.i <= 1)
        return;
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        const struct nn_attr *a = nn_elem_attr(e, counts[i]);
        if (a && a->v.type == NN_V_INT && a->v.i % g->v.i != 0)
            nn_diag(c->d, g->v.loc.src ? g->v.loc : e->loc, NN_ERROR,
                    "%s: groups (%lld) must divide %s (%lld)", e->name,
                    g->v.i, nn_attr_key(counts[i]), a->v.i);
    }
}

/* permute_dim must be a permutation; transpose_dim names two axes. */
static void check_op_dims(struct ctx *c, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_PERMUTE_DIM);
    if (e->kind == NN_K_OP_PERMUTE && a && a->v.type == NN_V_LIST) {
        unsigned long long seen = 0;
        int ok = a->v.n <= 64;
        for (size_t i = 0; ok && i < a->v.n; i++) {
            long long d = a->v.items[i].i;
            ok = d >= 0 && d < (long long)a->v.n && !(seen & (1ULL << d));
            if (ok)
                seen |= 1ULL << d;
        }
        if (!ok)
            nn_diag(c->d, a->v.loc, NN_ERROR, "'permute_dim' must be a permutation of 0..%zu",
                    a->v.n ? a->v.n - 1 : 0);
    }
    a = nn_elem_attr(e, NN_A_TRANSPOSE_DIM);
    if (e->kind == NN_K_OP_TRANSPOSE && a && a->v.type == NN_V_LIST && a->v.n != 2)
        nn_diag(c->d, a->v.loc, NN_ERROR, "'transpose_dim' names two axes");
    a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    if (e->kind == NN_K_OP_MATMULTIPLY && a && a->v.n != 2)
        nn_diag(c->d, a->v.loc, NN_ERROR, "'matmultiply' multiplies exactly two tensors");
}

/* Does name denote a module of n (or the network input)? */
static int resolves(struct ctx *c, const struct nn_network *n, const char *name)
{
    size_t idx;
    return strcmp(name, "input") == 0 || nn_net_lookup(c->root, n, name, &idx) != NN_REF_NONE;
}

static void check_refs(struct ctx *c, const struct nn_network *n, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a && a->v.s && !resolves(c, n, a->v.s))
        nn_diag(c->d, a->v.loc, NN_ERROR, "name_layer_input '%s' names no module", a->v.s);
    a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    for (size_t i = 0; a && i < a->v.n; i++) {
        const struct nn_value *it = &a->v.items[i];
        if ((it->type == NN_V_STRING || it->type == NN_V_NAME) && !resolves(c, n, it->s))
            nn_diag(c->d, it->loc, NN_ERROR, "tensor operation '%s' refers to unknown module '%s'",
                    e->name, it->s);
    }
}

static void check_elem(struct ctx *c, const struct nn_network *n, const struct nn_elem *e)
{
    check_fields(c, e);
    check_rank_lists(c, e);
    if (e->kind == NN_K_POOLING)
        check_pooling(c, e);
    if (nn_kind_is_conv(e->kind))
        check_groups(c, e);
    if (nn_kind_is_op(e->kind))
        check_op_dims(c, e);
    check_refs(c, n, e);
}

/* Report a second definition of a name (the index kept the first); the
 * index is searched only when it met a name twice (dups), since on a large
 * model each search is a cache miss. */
static void check_duplicate(struct ctx *c, const struct nn_network *n, const char *name,
                            struct nn_loc at, enum nn_ref ref, size_t index, int dups)
{
    int tag;
    size_t first;
    if (!name)
        return;
    if (strcmp(name, "input") == 0)
        nn_diag(c->d, at, NN_ERROR, "'input' is reserved for the network input");
    const struct nn_network *scope = ref == NN_REF_SUBNET ? c->root : n;
    if (dups && scope->names && nn_symtab_get(scope->names, name, &tag, &first) &&
        (tag != (int)ref || first != index))
        nn_diag(c->d, at, NN_ERROR, "'%s' is defined more than once", name);
}

/* Did n's index meet a name twice?  It keeps one entry per distinct name. */
static int has_duplicates(const struct ctx *c, const struct nn_network *n)
{
    size_t named = 0;
    for (size_t i = 0; i < n->nlayers; i++)
        named += n->layers[i].name != NULL;
    for (size_t i = 0; i < n->nops; i++)
        named += n->ops[i].name != NULL;
    for (size_t i = 0; n == c->root && i < n->nsubnets; i++)
        named += n->subnets[i].head.name != NULL;
    return !n->names || nn_symtab_count(n->names) != named;
}

static void check_names(struct ctx *c, const struct nn_network *n)
{
    int dups = has_duplicates(c, n);
    for (size_t i = 0; i < n->nlayers; i++)
        check_duplicate(c, n, n->layers[i].name, n->layers[i].loc, NN_REF_LAYER, i, dups);
    for (size_t i = 0; i < n->nops; i++)
        check_duplicate(c, n, n->ops[i].name, n->ops[i].loc, NN_REF_OP, i, dups);
    if (n == c->root)
        for (size_t i = 0; i < n->nsubnets; i++)
            check_duplicate(c, n, n->subnets[i].head.name, n->subnets[i].head.loc,
                            NN_REF_SUBNET, i, dups);
}

/* Resolve every module; warn about layers no module uses. */
static void check_modules(struct ctx *c, struct nn_network *n)
{
    if (!n->has_modules && n == c->root)
        nn_diag(c->d, n->head.loc, NN_ERROR, "network '%s' has no modules: section",
                n->head.name);
    if (!n->has_modules && n != c->root && n->nops)
        nn_diag(c->d, n->head.loc, NN_ERROR,
                "sub-network '%s' has tensor operations but no modules: to order them",
                n->head.name);
    if (n->has_modules && n->nmodules == 0)
        nn_diag(c->d, n->sec_loc[NN_SEC_MODULES], NN_ERROR, "modules: lists no module");
    unsigned char *used = nn_arena_alloc(&c->m->arena, n->nlayers + 1);
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_module *mod = &n->modules[i];
        mod->ref = nn_net_lookup(c->root, n, mod->name, &mod->index);
        if (mod->ref == NN_REF_NONE)
            nn_diag(c->d, mod->loc, NN_ERROR,
                    "module '%s' names no layer, tensor operation or sub-network", mod->name);
        else if (mod->ref == NN_REF_LAYER && used)
            used[mod->index] = 1;
    }
    for (size_t i = 0; used && n->has_modules && i < n->nlayers; i++)
        if (!used[i])
            nn_diag(c->d, n->layers[i].loc, NN_WARNING, "layer '%s' is not used by any module",
                    n->layers[i].name);
}

/* Depth-first search over sub-networks used as modules of sub-networks. */
static int visit(struct ctx *c, size_t s, unsigned char *state)
{
    if (state[s] == 2)
        return 0;
    if (state[s] == 1)
        return 1;
    state[s] = 1;
    const struct nn_network *n = &c->root->subnets[s];
    for (size_t i = 0; i < n->nmodules; i++) {
        const struct nn_module *mod = &n->modules[i];
        if (mod->ref == NN_REF_SUBNET && visit(c, mod->index, state)) {
            nn_diag(c->d, mod->loc, NN_ERROR,
                    "sub-network '%s' uses '%s', which leads back to it (a cycle)",
                    n->head.name, mod->name);
            state[s] = 2;
            return 0; /* reported once, at the use that closes the cycle */
        }
    }
    state[s] = 2;
    return 0;
}

static void check_cycles(struct ctx *c)
{
    size_t n = c->root->nsubnets;
    unsigned char *state = nn_arena_alloc(&c->m->arena, n + 1);
    if (!state)
        return;
    for (size_t i = 0; i < n; i++)
        visit(c, i, state);
}

static void check_network(struct ctx *c, struct nn_network *n)
{
    check_names(c, n);
    for (size_t i = 0; i < n->nlayers; i++)
        check_elem(c, n, &n->layers[i]);
    for (size_t i = 0; i < n->nops; i++)
        check_elem(c, n, &n->ops[i]);
    check_modules(c, n);
}

int nn_validate(struct nn_model *m, struct nn_diag_sink *d)
{
    struct ctx c = {m, d, &m->net};
    int before = d->errors;
    struct nn_network *root = &m->net;
    if (!nn_net_index(m, root))
        goto oom;
    for (size_t i = 0; i < root->nsubnets; i++)
        if (!nn_net_index(m, &root->subnets[i]))
            goto oom;
    check_fields(&c, &root->head);
    for (size_t i = 0; i < root->nsubnets; i++)
        check_network(&c, &root->subnets[i]);
    check_network(&c, root);
    check_cycles(&c);
    if (root->config)
        check_fields(&c, root->config);
    if (root->training)
        check_fields(&c, root->training);
    if (root->test)
        check_fields(&c, root->test);
    return d->errors - before;
oom:
    nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
    return d->errors - before;
}
