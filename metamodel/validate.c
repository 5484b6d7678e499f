/* validate.c - model checks (see validate.h). */
#include "metamodel/validate.h"

#include <string.h>

#include "metamodel/inputs.h"
#include "metamodel/symtab.h"
#include "metamodel/tensor_op.h"
#include "metamodel/tconv.h"
#include "metamodel/text.h"

struct ctx {
    struct nn_model *m;
    struct nn_diag_sink *d;
    struct nn_network *root;
    int partial;               /* the model has Unmapped elements (nn_model_gaps) */
    int deep;   /* nesting beyond NN_MAX_NESTING was reported */
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

/* Report a string that generated Python and XML cannot hold (metamodel/text.h). */
static void check_text(struct ctx *c, const struct nn_value *v, const char *s, const char *key)
{
    size_t off;
    long cp;
    if (!s || !nn_text_check(s, strlen(s), &off, &cp))
        return;
    if (cp < 0)
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' holds bytes that are not UTF-8", key);
    else
        nn_diag(c->d, v->loc, NN_ERROR, "'%s' holds U+%04lX, %s, which generated code and XML "
                "cannot hold", key, cp, nn_text_problem(cp));
}

/* The strings of a value (a label has two). */
static void check_string(struct ctx *c, const struct nn_value *v, const char *key)
{
    check_text(c, v, v->s, key);
    if (v->type == NN_V_LABEL)
        check_text(c, v, v->s2, key);
}

static void check_attr(struct ctx *c, const struct nn_elem *e, const struct nn_attr *given)
{
    /* a value made by a transformation has no place of its own: its element's */
    struct nn_attr located = *given;
    if (!located.v.loc.src)
        located.v.loc = elem_loc(e);
    const struct nn_attr *a = &located;
    const struct nn_field *f = nn_schema_field(e->kind, a->id);
    const struct nn_attr_info *info = &nn_attr_infos[a->id];
    const char *key = info->key;
    switch (a->v.type) {
    case NN_V_INT:
    case NN_V_FLOAT:
        check_number(c, f, &a->v, key);
        if (a->id == NN_A_NUM_LAYERS && a->v.type == NN_V_INT && a->v.i > NN_MAX_NUM_LAYERS)
            nn_diag(c->d, a->v.loc, NN_ERROR, "'num_layers' is more than %d (nnc's limit)",
                    NN_MAX_NUM_LAYERS);
        break;
    case NN_V_NAME:
        if (info->type == NN_T_ENUM)
            check_member(c, info->values, &a->v, key);
        break;
    case NN_V_STRING:
        check_string(c, &a->v, key);
        if (info->type == NN_T_STRING)
            check_member(c, info->values, &a->v, key);
        break;
    case NN_V_LIST:
        if ((info->type == NN_T_INTLIST || info->type == NN_T_FLOATLIST) && a->v.n == 0)
            nn_diag(c->d, a->v.loc, NN_ERROR, "'%s' must not be empty", key);
        for (size_t i = 0; i < a->v.n; i++) {
            /* a reader's items may carry no place of their own: the list's */
            struct nn_value item = a->v.items[i];
            const struct nn_value *it = &item;
            if (!item.loc.src)
                item.loc = a->v.loc;
            int before = c->d->errors;
            if (it->type == NN_V_INT || it->type == NN_V_FLOAT)
                check_number(c, f, it, key);
            if (c->d->errors != before)
                break; /* one report per list */
            if (it->type == NN_V_STRING || it->type == NN_V_LABEL)
                check_string(c, it, key);
            if (it->type == NN_V_STRING && info->type == NN_T_STRLIST)
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
    int have_shape = nn_elem_has(&c->root->head, NN_A_INPUT_SHAPE) || c->root->ninputs;
    for (size_t i = 0; i < n; i++) {
        /* a size after an unmapped construct cannot be inferred */
        int req = (f[i].flags & NN_F_REQ) ||
                  ((f[i].flags & NN_F_INFER) && !have_shape && !c->partial);
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
                                            NN_A_DILATION, NN_A_OUTPUT_PADDING,
                                            NN_A_INTERPOLATE_SCALE, NN_A_PADDING_DIM};
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
    const struct nn_attr *cm = nn_elem_attr(e, NN_A_CEIL_MODE);
    if (cm && cm->v.i && (strcmp(t, "max") != 0 && strcmp(t, "average") != 0))
        nn_diag(c->d, cm->v.loc.src ? cm->v.loc : e->loc, NN_ERROR,
                "%s: ceil_mode applies to max and average pooling only", e->name);
    else if (cm && cm->v.i && strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0)
        nn_diag(c->d, cm->v.loc.src ? cm->v.loc : e->loc, NN_ERROR,
                "%s: ceil_mode applies to padding 'valid' only", e->name);
}

/* padding_dim: instead of padding_amount, with padding 'valid'. */
static void check_padding_dim(struct ctx *c, const struct nn_elem *e)
{
    const struct nn_attr *pd = nn_elem_attr(e, NN_A_PADDING_DIM);
    if (!pd)
        return;
    if (nn_elem_has(e, NN_A_PADDING_AMOUNT))
        nn_diag(c->d, pd->v.loc.src ? pd->v.loc : e->loc, NN_ERROR,
                "%s: padding_dim and padding_amount together: give one", e->name);
    else if (strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0)
        nn_diag(c->d, pd->v.loc.src ? pd->v.loc : e->loc, NN_ERROR,
                "%s: padding 'same' fixes the padding: no padding_dim with it", e->name);
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

/* A transposed convolution: 'same' alone and exact, output_padding below
 * the stride or the dilation (PyTorch's rule). */
static void check_tconv(struct ctx *c, const struct nn_elem *e)
{
    struct nn_tconv t;
    const struct nn_attr *pt = nn_elem_attr(e, NN_A_PADDING_TYPE);
    const char *why = nn_tconv_read(e, &t);
    if (why)
        nn_diag(c->d, pt && pt->v.loc.src ? pt->v.loc : e->loc, NN_ERROR, "%s: %s", e->name, why);
    if (t.same && (nn_elem_int(e, NN_A_PADDING_AMOUNT) || nn_elem_has(e, NN_A_OUTPUT_PADDING)))
        nn_diag(c->d, pt && pt->v.loc.src ? pt->v.loc : e->loc, NN_ERROR,
                "%s: padding 'same' fixes the output size: no padding_amount or "
                "output_padding with it", e->name);
    const struct nn_attr *op = nn_elem_attr(e, NN_A_OUTPUT_PADDING);
    for (int a = 0; op && !t.same && a < t.r; a++)
        if (t.out_pad[a] >= t.stride[a] && t.out_pad[a] >= t.dilation[a]) {
            nn_diag(c->d, op->v.loc.src ? op->v.loc : e->loc, NN_ERROR,
                    "%s: output_padding (%lld) must be smaller than the stride or the "
                    "dilation", e->name, t.out_pad[a]);
            break;
        }
}

/* Interpolation: a linear mode of the layer's rank (linear 1D, bilinear
 * 2D, trilinear 3D); align_corners with a linear mode only. */
static void check_interp(struct ctx *c, const struct nn_elem *e)
{
    static const char *const linear[] = {"", "linear", "bilinear", "trilinear"};
    const struct nn_attr *m = nn_elem_attr(e, NN_A_INTERPOLATE_MODE);
    const char *mode = nn_elem_str(e, NN_A_INTERPOLATE_MODE);
    int r = nn_layer_rank(e), nearest = strcmp(mode, "nearest") == 0;
    if (r >= 1 && r <= 3 && !nearest && strcmp(mode, linear[r]) != 0)
        nn_diag(c->d, m && m->v.loc.src ? m->v.loc : e->loc, NN_ERROR,
                "%s: a %dD interpolation is nearest or %s, not %s", e->name, r, linear[r], mode);
    const struct nn_attr *ac = nn_elem_attr(e, NN_A_ALIGN_CORNERS);
    if (nearest && nn_elem_bool(e, NN_A_ALIGN_CORNERS))
        nn_diag(c->d, ac && ac->v.loc.src ? ac->v.loc : e->loc, NN_ERROR,
                "%s: align_corners applies to linear modes only", e->name);
}

/* Padding: a (before, after) pair per spatial axis. */
static void check_padding(struct ctx *c, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_PAD_AMOUNT);
    long long v[8];
    size_t n = nn_elem_ints(e, NN_A_PAD_AMOUNT, v, 8);
    int r = nn_layer_rank(e);
    if (a && r >= 1 && n != (size_t)(2 * r))
        nn_diag(c->d, a->v.loc.src ? a->v.loc : e->loc, NN_ERROR,
                "%s: pad_amount of a %dD padding needs %d values (before, after per axis), "
                "not %zu", e->name, r, 2 * r, n);
}

/* permute_dim must be a permutation; transpose_dim names two axes. */
/* An add or a multiply of more tensors than NN_MAX_CHAIN. */
static void check_chain(struct ctx *c, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    if ((e->kind == NN_K_OP_ADD || e->kind == NN_K_OP_MULTIPLY) && a &&
        a->v.type == NN_V_LIST && a->v.n > NN_MAX_CHAIN)
        nn_diag(c->d, a->v.loc, NN_ERROR, "'%s' combines more than %d tensors (nnc's limit)",
                nn_kind_name(e->kind), NN_MAX_CHAIN);
}

static void check_op_dims(struct ctx *c, const struct nn_elem *e)
{
    check_chain(c, e);
    const char *why = nn_top_check(e); /* tensorops */
    if (why)
        nn_diag(c->d, e->loc, NN_ERROR, "%s: %s", e->name, why);
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
    if (n == c->root && n->ninputs) /* named inputs replace "input" */
        return nn_net_input_named(n, name) >= 0 ||
               nn_net_lookup(c->root, n, name, &idx) != NN_REF_NONE;
    return strcmp(name, "input") == 0 || nn_net_lookup(c->root, n, name, &idx) != NN_REF_NONE;
}

static void check_refs(struct ctx *c, const struct nn_network *n, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a && a->v.s && !resolves(c, n, a->v.s))
        nn_diag(c->d, a->v.loc, NN_ERROR, "name_layer_input '%s' names no module", a->v.s);
    a = nn_elem_attr(e, NN_A_NAME_KV_INPUT);
    if (a && a->v.s && !resolves(c, n, a->v.s))
        nn_diag(c->d, a->v.loc, NN_ERROR, "name_kv_input '%s' names no module", a->v.s);
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
    if (nn_kind_is_conv(e->kind) || nn_kind_is_tconv(e->kind))
        check_groups(c, e);
    if (nn_kind_is_conv(e->kind))
        check_padding_dim(c, e);
    if (nn_kind_is_tconv(e->kind))
        check_tconv(c, e);
    if (e->kind == NN_K_INTERPOLATE)
        check_interp(c, e);
    if (e->kind == NN_K_PADDING)
        check_padding(c, e);
    if (nn_kind_is_op(e->kind))
        check_op_dims(c, e);
    check_refs(c, n, e);
}

/* Python's keywords: generated code names every layer, operation and
 * sub-network as an attribute or a variable, so none may be one. */
static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield",
};

/* Is name an ASCII Python identifier and no keyword? */
static int is_py_name(const char *name)
{
    if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z') || *name == '_'))
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return 0;
    for (size_t i = 0; i < sizeof py_keywords / sizeof *py_keywords; i++)
        if (strcmp(name, py_keywords[i]) == 0)
            return 0;
    return 1;
}

/* Report a name that generated Python could not use. */
static void check_py_name(struct ctx *c, const char *name, struct nn_loc at)
{
    if (!name[0])
        nn_diag(c->d, at, NN_ERROR, "a name must not be empty");
    else if (!is_py_name(name))
        nn_diag(c->d, at, NN_ERROR, "'%s' cannot be a name: names are Python identifiers "
                "(letters, digits, '_') and not Python keywords", name);
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
    check_py_name(c, name, at);
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

#define VISITING (-1) /* a sub-network's height while its uses are visited */

static int visit(struct ctx *c, size_t s, int *height);

/* Report nesting beyond NN_MAX_NESTING (once) at module mod. */
static int too_deep(struct ctx *c, const struct nn_module *mod)
{
    if (!c->deep)
        nn_diag(c->d, mod->loc, NN_ERROR,
                "sub-networks nest more than %d levels deep (nnc's limit)", NN_MAX_NESTING);
    c->deep = 1;
    return NN_MAX_NESTING + 1;
}

/* The height of the sub-network that module mod of n uses, one level of the
 * recursion budget down (the levels entered are the nesting along the
 * path); a cycle is reported at the use that closes it and nesting beyond
 * NN_MAX_NESTING at the use that passes it. */
static int use_height(struct ctx *c, const struct nn_network *n, const struct nn_module *mod,
                      int *height)
{
    if (c->m->depth.level >= NN_MAX_NESTING)
        return too_deep(c, mod);
    if (!nn_depth_enter(&c->m->depth, c->d, mod->loc))
        return 0;
    int k = visit(c, mod->index, height);
    nn_depth_leave(&c->m->depth);
    if (k == VISITING) {
        nn_diag(c->d, mod->loc, NN_ERROR,
                "sub-network '%s' uses '%s', which leads back to it (a cycle)",
                n->head.name, mod->name);
        return 0;
    }
    return k >= NN_MAX_NESTING ? too_deep(c, mod) : k;
}

/* Depth-first search over the sub-networks a sub-network uses: the levels
 * of sub-networks s holds, itself included (height[s]: 0 before the visit). */
static int visit(struct ctx *c, size_t s, int *height)
{
    if (height[s])
        return height[s];
    height[s] = VISITING;
    const struct nn_network *n = &c->root->subnets[s];
    int h = 1;
    for (size_t i = 0; i < n->nmodules; i++) {
        const struct nn_module *mod = &n->modules[i];
        int k = mod->ref == NN_REF_SUBNET ? use_height(c, n, mod, height) : 0;
        h = k >= h ? k + 1 : h;
    }
    height[s] = h;
    return h;
}

/* Cycles and nesting depth of the sub-networks. */
static void check_nesting(struct ctx *c)
{
    size_t n = c->root->nsubnets;
    int *height = nn_arena_alloc(&c->m->arena, (n + 1) * sizeof *height);
    if (!height)
        return;
    for (size_t i = 0; i < n; i++)
        visit(c, i, height);
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
    struct ctx c = {m, d, &m->net, nn_model_gaps(m) > 0, 0};
    int before = d->errors;
    struct nn_network *root = &m->net;
    if (!nn_net_index(m, root))
        goto oom;
    for (size_t i = 0; i < root->nsubnets; i++)
        if (!nn_net_index(m, &root->subnets[i]))
            goto oom;
    check_fields(&c, &root->head);
    for (size_t i = 0; i < root->ninputs; i++) {
        check_py_name(&c, root->inputs[i].name, root->inputs[i].loc);
        check_fields(&c, &root->inputs[i]);
    }
    for (size_t i = 0; i < root->nsubnets; i++)
        check_network(&c, &root->subnets[i]);
    check_network(&c, root);
    check_nesting(&c);
    nn_inputs_validate(m, d);
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
