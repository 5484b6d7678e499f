/* torch_pad.c - explicit padding: F.pad, nn.ZeroPadNd, nn.ConstantPadNd, and
 * AvgPool's count_include_pad=False.
 *
 * The pivot has no padding op: a pad is absorbed by the convolution or
 * pooling that consumes the padded tensor, as a symmetric padding_amount
 * (zeros before a convolution or average pooling, -inf before a max
 * pooling), or as padding 'same' when it is exactly TensorFlow's 'same'
 * padding for that layer and input size, which is what nnc's PyTorch
 * generators write for it.  Anything else is an error at the padding call.
 */
#include <math.h>
#include <string.h>

#include "m2m/torch_int.h"
#include "metamodel/shape.h"

struct nn_mval *nn_torch_pad_tensor(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct t_layer *l, struct nn_mval *x)
{
    if (x->kind == NN_MV_HOST && x->tag == T_PADDED && !(x = nn_torch_pad_layer(c, x->ptr)))
        return NULL; /* padding after padding: the first is a layer of its own */
    struct t_padded *p = nn_arena_alloc(c->t.ev.a, sizeof *p);
    if (!p)
        return NULL;
    p->x = x;
    p->at = at;
    p->value = l->pad_value;
    p->name = l->name;
    p->npad = l->npad < 0 ? 2 * l->cls->rank : l->npad;
    for (int i = 0; i < p->npad && i < 6; i++)
        p->pad[i] = l->npad < 0 ? l->pad[0] : l->pad[i];
    return nn_m2m_host_val(&c->t.ev, T_PADDED, p);
}

/* Per-axis ints of a conv/pool attribute (one value broadcasts); def when unset. */
static void axis_ints(const struct nn_elem *e, enum nn_attr_id id, int rank,
                      const long long *def, long long *out)
{
    long long v[3];
    size_t n = nn_elem_ints(e, id, v, 3);
    for (int i = 0; i < rank; i++)
        out[i] = n == 0 ? def[i] : v[n == 1 ? 0 : i < (int)n ? i : 0];
}

/* Do before/after equal TensorFlow's 'same' padding of layer e on the input x? */
static int is_same_padding(struct torch_ctx *c, const struct nn_elem *e, int rank,
                           struct nn_mval *x, const long long *before, const long long *after)
{
    long long s[8], k[3], st[3], one[3] = {1, 1, 1};
    int r = nn_torch_shape(c, x->ptr, s);
    if (r < rank)
        return -1;
    axis_ints(e, NN_A_KERNEL_DIM, rank, one, k);
    axis_ints(e, NN_A_STRIDE_DIM, rank, e->kind == NN_K_POOLING ? k : one, st);
    for (int i = 0; i < rank; i++) {
        long long b, a;
        nn_shape_same_pad(s[r - rank + i], k[i], st[i], &b, &a);
        if (b != before[i] || a != after[i])
            return 0;
    }
    return 1;
}

/* What the padding becomes on layer e (a copy); NULL, or why it cannot. */
static const char *absorb(struct torch_ctx *c, struct nn_elem *e, int rank, struct nn_mval *x,
                          const long long *before, const long long *after, int zeros_counted)
{
    int symmetric = 1, any = 0;
    for (int i = 0; i < rank; i++) {
        symmetric = symmetric && before[i] == before[0] && after[i] == before[0];
        any = any || before[i] || after[i];
    }
    if (!any)
        return NULL;
    if (symmetric && zeros_counted) {
        nn_elem_set_int(c->t.m, e, NN_A_PADDING_AMOUNT, before[0]);
        return NULL;
    }
    if (e->kind == NN_K_POOLING && zeros_counted && !strcmp(nn_elem_str(e, NN_A_POOLING_TYPE),
                                                            "average"))
        return "zero padding before an average pooling counts the padded cells in each mean; "
               "with this padding the pivot has no equivalent";
    int same = is_same_padding(c, e, rank, x, before, after);
    if (same < 0)
        return "this padding is TensorFlow's 'same' padding only for some input sizes: nnc "
               "needs the input shape (a sample input the file passes to the model, or "
               "--input-shape)";
    if (!same)
        return "this padding is neither symmetric nor TensorFlow's 'same' padding for the "
               "layer that follows: no pivot equivalent";
    nn_elem_unset(e, NN_A_PADDING_AMOUNT);
    nn_elem_set_name(c->t.m, e, NN_A_PADDING_TYPE, "same");
    return NULL;
}

/* The value an explicit pad before layer l must have: 0, or -inf before max pooling. */
static int pad_value_ok(const struct t_layer *l, double v)
{
    const struct nn_elem *e = l->proto;
    if (e->kind == NN_K_POOLING && !strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "max"))
        return isinf(v) && v < 0;
    return v == 0;
}

/* An explicit pad p before layer l: what it becomes on the copy e, or why not. */
static const char *fold_pad(struct torch_ctx *c, struct t_layer *l, struct nn_elem *e,
                            struct t_padded *p)
{
    enum nn_kind k = l->cls->kind;
    const char *type = k == NN_K_POOLING ? nn_elem_str(e, NN_A_POOLING_TYPE) : "";
    int rank = l->cls->rank;
    if (!nn_kind_is_conv(k) &&
        !(k == NN_K_POOLING && (!strcmp(type, "max") || !strcmp(type, "average"))))
        return "explicit padding has no pivot equivalent unless a convolution or a max or "
               "average pooling follows it";
    if (nn_elem_int(e, NN_A_PADDING_AMOUNT) || nn_elem_has(e, NN_A_PADDING_TYPE) ||
        nn_elem_has(e, NN_A_PADDING_DIM))
        return "explicit padding before a layer that pads too has no pivot equivalent";
    if (p->npad > 2 * rank || p->npad % 2)
        return "this padding pads the channel axis: no pivot equivalent";
    if (!pad_value_ok(l, p->value))
        return "the padding value must be 0 (-inf before a max pooling) to have a pivot "
               "equivalent";
    long long before[3] = {0}, after[3] = {0};
    for (int j = 0; j < p->npad / 2; j++) { /* pairs run from the last axis backwards */
        before[rank - 1 - j] = p->pad[2 * j];
        after[rank - 1 - j] = p->pad[2 * j + 1];
    }
    return absorb(c, e, rank, p->x, before, after, 1);
}

/* AvgPool(padding=p, count_include_pad=False): TensorFlow's 'same' when it is that. */
static const char *fold_exclude(struct torch_ctx *c, struct t_layer *l, struct nn_elem *e,
                                struct nn_mval *x)
{
    long long p = nn_elem_int(e, NN_A_PADDING_AMOUNT), pads[3] = {p, p, p};
    if (!p)
        return NULL;
    const char *why = absorb(c, e, l->cls->rank, x, pads, pads, 0);
    return why ? "count_include_pad=False with this padding has no pivot equivalent (only when "
                 "the padding is TensorFlow's 'same' for the input size)"
               : NULL;
}

struct nn_mval *nn_torch_pad_layer(struct torch_ctx *c, struct t_padded *p)
{
    static const char *const dimnames[] = {"", "1D", "2D", "3D"};
    const struct t_tensor *t = p->x->kind == NN_MV_HOST && p->x->tag == T_TENSOR ? p->x->ptr : NULL;
    int r = t && t->rank >= 3 && t->rank <= 5 ? t->rank - 2 : 0;
    if (!r || p->npad > 2 * r || p->value != 0)
        return nn_m2m_unmappable(&c->t.ev, p->at, "explicit padding has no pivot equivalent "
                                 "unless it adds zeros on spatial axes (1 to 3 after the batch and "
                                 "channel axes) or a convolution or a max or average pooling "
                                 "follows it") ? p->x : NULL;
    struct t_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    struct torch_class *cls = nn_arena_alloc(c->t.ev.a, sizeof *cls);
    if (!l || !cls || !(l->proto = nn_elem_new(c->t.m, NN_K_PADDING)))
        return NULL;
    *cls = (struct torch_class){nn_arena_printf(c->t.ev.a, "ConstantPad%dd", r), NN_K_PADDING, r,
                                TR_LAYER, "", NULL};
    long long amounts[6] = {0};
    for (int j = 0; j < p->npad / 2; j++) { /* pairs run from the last axis backwards */
        amounts[2 * (r - 1 - j)] = p->pad[2 * j];
        amounts[2 * (r - 1 - j) + 1] = p->pad[2 * j + 1];
    }
    nn_elem_set_ints(c->t.m, l->proto, NN_A_PAD_AMOUNT, amounts, (size_t)(2 * r));
    nn_elem_set_name(c->t.m, l->proto, NN_A_DIMENSION, dimnames[r]);
    l->cls = cls;
    l->params = "";
    l->at = p->at;
    l->name = p->name;
    return nn_torch_apply(c, p->at, nn_m2m_host_val(&c->t.ev, T_LAYER, l), p->x);
}

struct t_layer *nn_torch_pad_fold(struct torch_ctx *c, const struct nn_py_node *at,
                               struct t_layer *l, struct nn_mval **x)
{
    struct t_padded *p = (*x)->kind == NN_MV_HOST && (*x)->tag == T_PADDED ? (*x)->ptr : NULL;
    if (!p && !l->exclude_pad)
        return l;
    if (p)
        *x = p->x;
    if (l->error)
        return l; /* reported when the layer is applied */
    struct t_layer *copy = nn_arena_alloc(c->t.ev.a, sizeof *copy);
    if (!copy)
        return NULL;
    *copy = *l;
    copy->proto = nn_torch_copy_elem(c, l->proto);
    if (!copy->proto)
        return NULL;
    const char *why = p ? fold_pad(c, l, copy->proto, p) : NULL;
    if (why && p->value == 0 && !l->exclude_pad) { /* a Padding layer, then the layer */
        *x = nn_torch_pad_layer(c, p);
        return *x ? l : NULL;
    }
    if (!why && l->exclude_pad && l->cls->kind == NN_K_POOLING)
        why = fold_exclude(c, l, copy->proto, *x);
    if (why)
        return nn_m2m_unmappable(&c->t.ev, p ? p->at : at, "%s", why) ? l : NULL;
    return copy;
}
