/* torch_gen.c - the PyTorch generators: torch-seq (nn.Sequential) and torch-sub.
 *
 * Both styles share the layer constructors (from torch_spell.def), the
 * channel layout plan and the padding rules; they differ only in how the
 * pieces are assembled: entries of an OrderedDict, or attributes plus a
 * forward() body.  The pivot is channel-last; PyTorch convolutions are
 * channel-first, so the plan moves the channel axis only where a run of
 * convolution-side layers (conv, pooling, batch norm) starts or ends.
 */
#include <stdlib.h>
#include <string.h>

#include "m2t/gen_impl.h"
#include "frameworks/spell.h"
#include "m2t/tensor_gen.h"
#include "metamodel/tensor_op.h"
#include "metamodel/tconv.h"
#include "m2t/param_gen.h"
#include "m2t/inputs_gen.h"
#include "m2t/block_class.h"
#include "m2t/kweights_gen.h"

/* Where the channel axis of a value is. */
enum lay { L_ANY, L_CL, L_CF }; /* L_ANY: rank <= 1, or a layer that does not care */

/* The layout plan of one network. */
struct plan {
    const struct nn_network *net;
    struct nn_flow f;
    enum lay in;        /* layout the network's input arrives in */
    enum lay *ins;      /* root of several inputs, --channels first: each one's, or NULL */
    enum lay *need;     /* per module: the layout its input must have */
    enum lay *out;      /* per module: its output's layout */
};

struct tg {
    struct nn_gen *g;
    struct plan *subs;  /* per root sub-network, planned on first use */
    char *sub_done;     /* sub-network class already written (non-chain ones) */
    FILE *defs;         /* classes of non-chain sub-networks */
    size_t gaps;        /* Unmapped elements in the model (counted once) */
    struct nn_block_classes *bc; /* the sub-networks' classes, one per block (or NULL) */
};

static void plan_net(struct tg *t, const struct nn_network *net, struct plan *p, int root);

/* ---- layout plan ---- */

/* The layout a layer wants its input in. */
static enum lay layer_need(const struct tg *t, const struct nn_elem *e,
                           const struct nn_shape *in)
{
    switch (nn_kind_layout(e->kind)) {
    case NN_LAYOUT_CHANNELS:
        return L_CF;
    case NN_LAYOUT_CHANNELS_IF_SPATIAL:
        if (nn_shape_known(in))
            return in->rank >= 2 ? L_CF : L_ANY;
        return nn_layer_rank(e) > 1 ? L_CF : L_ANY;
    case NN_LAYOUT_FLAT:
        return t->g->o->channels_first && nn_elem_int(e, NN_A_START_DIM) == 1 &&
                       nn_elem_int(e, NN_A_END_DIM) == -1 ? L_ANY : L_CL;
    case NN_LAYOUT_ANY:
        return L_ANY;
    case NN_LAYOUT_LAST:
        return L_CL;
    }
    NN_UNREACHABLE();
}

/* A permute that only moves the channel axis: SWAP_TO_CL for (0, 2, ..., 1)
 * (to channels last), SWAP_TO_CF for (0, r-1, 1, ..., r-2), both for
 * (0, 2, 1), else 0.  The plan turns such an op into a change of layout tag
 * rather than a data move, so a channel-first PyTorch source comes back
 * without permutes. */
enum { SWAP_TO_CL = 1, SWAP_TO_CF = 2 };

static int layout_swap(const struct nn_elem *e)
{
    long long v[NN_SHAPE_MAX + 2];
    size_t n = e->kind == NN_K_OP_PERMUTE ? nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 2)
                                          : 0;
    if (n < 3 || n > NN_SHAPE_MAX + 1 || v[0] != 0)
        return 0;
    int to_cl = v[n - 1] == 1, to_cf = v[1] == (long long)n - 1;
    for (size_t k = 1; k + 1 < n; k++)
        to_cl &= v[k] == (long long)k + 1;
    for (size_t k = 2; k < n; k++)
        to_cf &= v[k] == (long long)k - 1;
    return (to_cl ? SWAP_TO_CL : 0) | (to_cf ? SWAP_TO_CF : 0);
}

/* The shape of an operand (a module output or a network input). */
static const struct nn_shape *src_shape(const struct tg *t, const struct plan *p,
                                        const struct nn_flow_arg *a)
{
    if (a->src != NN_FLOW_INPUT)
        return nn_gen_out_shape(t->g, p->net, a->src);
    const struct nn_net_shapes *ns = nn_shape_net(t->g->shapes, p->net);
    const struct nn_shape *in = ns && a->input < ns->nins ? &ns->ins[a->input] : ns ? &ns->in : NULL;
    return ns && !ns->conflict && nn_shape_known(in) ? in : NULL;
}

/* Can op module i work in either layout?  Add, multiply and concatenate
 * can, when every tensor operand is known to have the same rank (at least
 * two axes besides the batch): then no operand is broadcast along an axis
 * that moving the channels would change.  Such an op takes its first
 * operand's layout, so a residual sum or a channel concatenation between
 * convolutions needs no channel moves. */
static int layout_free_op(const struct tg *t, const struct plan *p, size_t i)
{
    const struct nn_flow_mod *fm = &p->f.mods[i];
    enum nn_kind k = fm->elem->kind;
    if (nn_top_class(k) == NN_TOP_UNARY) /* element-wise on one tensor: any layout */
        return 1;
    if (k != NN_K_OP_ADD && k != NN_K_OP_MULTIPLY && k != NN_K_OP_CONCATENATE &&
        nn_top_class(k) != NN_TOP_BINOP)
        return 0;
    int rank = -1;
    for (size_t a = 0; a < fm->nargs; a++) {
        if (fm->args[a].scalar)
            continue;
        const struct nn_shape *s = src_shape(t, p, &fm->args[a]);
        if (!s || s->rank < 2 || (rank >= 0 && s->rank != rank))
            return 0;
        rank = s->rank;
    }
    return rank >= 2;
}

/* The plan of a sub-network, made on its first use. */
static struct plan *sub_plan(struct tg *t, const struct nn_network *sub)
{
    struct plan *p = &t->subs[sub - t->g->m->net.subnets];
    if (!p->net && nn_gen_enter(t->g, sub)) {
        plan_net(t, sub, p, 0);
        nn_gen_leave(t->g);
    }
    return p;
}

/* The layout module i needs. */
static enum lay module_need(struct tg *t, const struct plan *p, size_t i)
{
    const struct nn_flow_mod *fm = &p->f.mods[i];
    if (fm->ref == NN_REF_SUBNET)
        return sub_plan(t, fm->sub)->in;
    if (fm->ref == NN_REF_OP && (layout_free_op(t, p, i) ||
                                 layout_swap(fm->elem) == (SWAP_TO_CL | SWAP_TO_CF)))
        return L_ANY; /* decided in plan_net, from the first operand's layout */
    if (fm->ref == NN_REF_OP) /* a swap to channels first takes its input moved already */
        return layout_swap(fm->elem) == SWAP_TO_CF ? L_CF : L_CL;
    return layer_need(t, fm->elem, nn_gen_in_shape(t->g, p->net, i));
}

/* The layout of module i's output, given its input arrived as `have`. */
static enum lay module_out(struct tg *t, const struct plan *p, size_t i, enum lay need,
                           enum lay have)
{
    const struct nn_shape *s = nn_gen_out_shape(t->g, p->net, i);
    if (s && s->rank <= 1)
        return L_ANY;
    const struct nn_flow_mod *fm = &p->f.mods[i];
    if (fm->ref == NN_REF_SUBNET) {
        struct plan *sp = sub_plan(t, fm->sub);
        return sp->f.n ? sp->out[sp->f.n - 1] : have;
    }
    if (fm->ref == NN_REF_OP && layout_swap(fm->elem)) /* the data stays put */
        return need == L_CF ? L_CL : L_CF;
    if (fm->elem && fm->elem->kind == NN_K_POOLING &&
        strncmp(nn_elem_str(fm->elem, NN_A_POOLING_TYPE), "global", 6) == 0)
        return L_ANY;
    const struct nn_shape *in = nn_gen_in_shape(t->g, p->net, i);
    if (fm->elem && fm->elem->kind == NN_K_PARAMETER && (!s || !in || s->rank != in->rank))
        return L_CL; /* param: its input's layout only when it has its input's axes */
    return need == L_ANY ? have : need;
}

/* The layout of a source value (a module output or the input). */
static enum lay src_lay(const struct plan *p, size_t src)
{
    return src == NN_FLOW_INPUT ? p->in : p->out[src];
}

/* The layout operand a arrives in (each named input its own). */
static enum lay arg_lay(const struct plan *p, const struct nn_flow_arg *a)
{
    if (a->src == NN_FLOW_INPUT && p->ins && a->input < p->net->ninputs)
        return p->ins[a->input];
    return src_lay(p, a->src);
}

/* --channels first with several inputs: each input arrives in the layout
 * its first reader needs (a vector in any), as one input does. */
static void plan_inputs(struct tg *t, struct plan *p)
{
    const struct nn_net_shapes *ns = nn_shape_net(t->g->shapes, p->net);
    size_t n = p->net->ninputs;
    unsigned char *cf = nn_arena_alloc(t->g->a, n);
    if (!ns || ns->nins != n || !cf || !(p->ins = nn_arena_alloc(t->g->a, n * sizeof *p->ins)))
        return;
    for (size_t k = 0; k < n; k++) {
        p->ins[k] = ns->ins[k].rank <= 1 ? L_ANY : L_CL;
        for (size_t i = 0; p->ins[k] == L_CL && i < p->f.n; i++)
            for (size_t j = 0; j < p->f.mods[i].nargs; j++)
                if (!p->f.mods[i].args[j].scalar && p->f.mods[i].args[j].src == NN_FLOW_INPUT &&
                    p->f.mods[i].args[j].input == k && p->need[i] != L_ANY) {
                    p->ins[k] = p->need[i];
                    break;
                }
        cf[k] = p->ins[k] == L_CF;
    }
    t->g->inputs_cf = cf;
}

/* The first layout any module insists on: how a (sub-)network takes input. */
static enum lay first_need(const struct plan *p)
{
    for (size_t i = 0; i < p->f.n; i++)
        if (p->need[i] != L_ANY)
            return p->need[i];
    return L_CL;
}

/* A GroupNorm of several groups over flattened features groups them in the
 * pivot's (channel-last) order: the Flatten it reads, through element-wise
 * layers, flattens channel-last even with --channels first. */
static void flatten_for_groups(struct plan *p)
{
    for (size_t i = 0; i < p->f.n; i++) {
        const struct nn_flow_mod *fm = &p->f.mods[i];
        if (fm->ref != NN_REF_LAYER || fm->elem->kind != NN_K_GROUP_NORM ||
            nn_elem_int(fm->elem, NN_A_NUM_GROUPS) < 2 || p->need[i] != L_ANY || !fm->nargs)
            continue;
        size_t src = fm->args[0].src;
        while (src != NN_FLOW_INPUT && src < i && p->f.mods[src].ref == NN_REF_LAYER &&
               nn_kind_layout(p->f.mods[src].elem->kind) == NN_LAYOUT_ANY && p->f.mods[src].nargs)
            src = p->f.mods[src].args[0].src;
        if (src != NN_FLOW_INPUT && src < i && p->f.mods[src].ref == NN_REF_LAYER &&
            p->f.mods[src].elem->kind == NN_K_FLATTEN)
            p->need[src] = L_CL;
    }
}

static void plan_net(struct tg *t, const struct nn_network *net, struct plan *p, int root)
{
    p->net = net;
    if (!nn_gen_flow(t->g, net, &p->f))
        return;
    size_t n = p->f.n ? p->f.n : 1;
    p->need = nn_arena_alloc(t->g->a, n * sizeof *p->need);
    p->out = nn_arena_alloc(t->g->a, n * sizeof *p->out);
    for (size_t i = 0; i < p->f.n; i++)
        p->need[i] = module_need(t, p, i);
    flatten_for_groups(p);
    p->in = root && !t->g->o->channels_first ? L_CL : first_need(p);
    const struct nn_shape *in = nn_gen_in_shape(t->g, net, 0);
    if (p->f.n && in && in->rank <= 1 && p->f.mods[0].args[0].src == NN_FLOW_INPUT &&
        !nn_gen_several_inputs(t->g, net)) /* several: each channels last */
        p->in = L_ANY;
    if (root && t->g->o->channels_first && nn_gen_several_inputs(t->g, net))
        plan_inputs(t, p);
    for (size_t i = 0; i < p->f.n; i++) {
        const struct nn_flow_arg *a = p->f.mods[i].nargs ? &p->f.mods[i].args[0] : NULL;
        if (a && a->scalar && p->f.mods[i].nargs > 1) /* a number first: the tensor's layout */
            a++;
        enum lay have = a && !a->scalar ? arg_lay(p, a) : L_ANY;
        if (p->f.mods[i].ref == NN_REF_OP && p->need[i] == L_ANY)
            p->need[i] = have == L_ANY ? L_CL : have; /* a layout-free op */
        enum lay after = p->need[i] == L_ANY || have == L_ANY ? have : p->need[i];
        p->out[i] = module_out(t, p, i, p->need[i], after);
    }
}

/* The expression that brings var from layout `have` to `need`. */
static const char *convert(struct tg *t, const char *var, enum lay have, enum lay need)
{
    if (need == L_ANY || have == L_ANY || need == have)
        return var;
    return nn_arena_printf(t->g->a, "%s.movedim(%s)", var, need == L_CF ? "-1, 1" : "1, -1");
}

/* ---- padding ---- */

struct pads {
    int r;                     /* spatial axes */
    long long before[3], after[3];
    int symmetric;             /* before == after on every axis */
    int any;                   /* some padding at all */
};

/* The padding of a conv or pooling layer: TensorFlow 'same' from the input
 * shape, or padding_amount on every side.  0 (and an error) when the shape
 * is needed but unknown. */
static int layer_pads(struct tg *t, const struct plan *p, size_t i, struct pads *pd)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    memset(pd, 0, sizeof *pd);
    pd->r = nn_layer_rank(e);
    pd->symmetric = 1;
    long long k[8], st[8], dl[8];
    size_t nk = nn_elem_ints(e, NN_A_KERNEL_DIM, k, 8), ns = nn_elem_ints(e, NN_A_STRIDE_DIM, st, 8);
    size_t nd = nn_elem_ints(e, NN_A_DILATION, dl, 8);
    const struct nn_shape *in = nn_gen_in_shape(t->g, p->net, i);
    int same = strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0;
    for (int a = 0; a < pd->r; a++) {
        long long ka = nk ? k[(size_t)a < nk ? a : 0] : 1;
        ka = (ka - 1) * (nd ? dl[(size_t)a < nd ? a : 0] : 1) + 1; /* TF: the dilated window */
        long long sa = ns ? st[(size_t)a < ns ? a : 0] : e->kind == NN_K_POOLING ? ka : 1;
        if (!same) {
            pd->before[a] = pd->after[a] = nn_shape_pad_axis(e, a);
        } else if (sa == 1) {
            pd->before[a] = (ka - 1) / 2;
            pd->after[a] = ka - 1 - pd->before[a];
        } else if (in && in->rank > a) {
            nn_shape_same_pad(in->d[a], ka, sa, &pd->before[a], &pd->after[a]);
        } else {
            nn_gen_error(t->g, e->loc, "%s: padding 'same' with stride %lld needs the input "
                         "shape (give input_shape or --input-shape)", e->name, sa);
            return 0;
        }
        pd->symmetric &= pd->before[a] == pd->after[a];
        pd->any |= pd->before[a] || pd->after[a];
    }
    return 1;
}

/* F.pad's tuple: the last axis first, (before, after) each. */
static const char *pad_tuple(struct tg *t, const struct pads *pd)
{
    long long v[6];
    for (int a = 0; a < pd->r; a++) {
        v[2 * a] = pd->before[pd->r - 1 - a];
        v[2 * a + 1] = pd->after[pd->r - 1 - a];
    }
    return nn_py_ints(t->g->a, v, (size_t)(2 * pd->r), 1);
}

/* The symmetric padding per axis, compact. */
static const char *pad_sym(struct tg *t, const struct pads *pd)
{
    return nn_py_ints(t->g->a, pd->before, (size_t)pd->r, 0);
}

/* ---- layer constructors ---- */

/* How a layer is built: an optional explicit pad, the module, how its
 * output is read. */
struct tlayer {
    const char *pad;          /* F.pad tuple, or NULL */
    const char *pad_value;    /* F.pad value (-inf for max pooling), or NULL */
    struct nn_py_call ctor;   /* the module; fn NULL when there is none (global pooling) */
    const char *reduce;       /* global pooling: "mean" or "amax" */
    int todo;                 /* not migrated: ctor is a NotMigrated that raises */
};

/* Does layer e lack a size that follows from an unmapped construct's output?
 * Only a partial model leaves one unset; PyTorch cannot build the layer. */
static int size_unknown(const struct tg *t, const struct nn_elem *e)
{
    size_t n;
    const struct nn_field *f = nn_schema_kind_fields(e->kind, &n);
    for (size_t i = 0; i < n && t->gaps; i++)
        if ((f[i].flags & NN_F_INFER) && !nn_elem_has(e, f[i].attr))
            return 1;
    return 0;
}

/* Is the stride 1 on every axis? */
static int unit_stride(const struct nn_elem *e)
{
    long long st[8];
    size_t n = nn_elem_ints(e, NN_A_STRIDE_DIM, st, 8);
    for (size_t i = 0; i < n; i++)
        if (st[i] != 1)
            return 0;
    return 1;
}

/* Convolution padding: 'same', symmetric amounts, or an explicit pad. */
static void conv_padding(struct tg *t, const struct pads *pd, const struct nn_elem *e,
                         struct tlayer *l)
{
    int same = strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0;
    if (!pd->any)
        return;
    if (same && pd->symmetric && unit_stride(e))
        nn_py_arg(t->g->a, &l->ctor, "padding", "\"same\"");
    else if (pd->symmetric)
        nn_py_arg(t->g->a, &l->ctor, "padding", pad_sym(t, pd));
    else
        l->pad = pad_tuple(t, pd);
}

/* Pooling padding: PyTorch pads max pooling with -inf and, with
 * count_include_pad=False, leaves padding out of averages, but only
 * symmetrically and up to half the window; the rest is padded explicitly. */
static int pool_padding(struct tg *t, const struct pads *pd, const struct nn_elem *e,
                        struct tlayer *l)
{
    int same = strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") == 0;
    int avg = strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "average") == 0;
    long long k[8];
    size_t nk = nn_elem_ints(e, NN_A_KERNEL_DIM, k, 8);
    int fits = pd->symmetric;
    for (int a = 0; a < pd->r && nk; a++)
        fits &= 2 * pd->before[a] <= k[(size_t)a < nk ? a : 0];
    if (!pd->any)
        return 1;
    if (!fits && !same) {
        nn_gen_error(t->g, e->loc, "%s: PyTorch pooling pads at most half the window",
                     e->name);
        return 0;
    }
    if (fits) {
        nn_py_arg(t->g->a, &l->ctor, "padding", pad_sym(t, pd));
        if (avg && same)
            nn_py_arg(t->g->a, &l->ctor, "count_include_pad", "False");
        return 1;
    }
    l->pad = pad_tuple(t, pd);
    l->pad_value = avg ? NULL : "float(\"-inf\")";
    if (avg) {
        struct nn_py_call wrap;
        nn_py_call_init(&wrap, "AvgPoolSame");
        nn_py_arg(t->g->a, &wrap, NULL, nn_py_call_text(t->g->a, &l->ctor));
        nn_py_arg(t->g->a, &wrap, NULL, l->pad);
        l->ctor = wrap;
        l->pad = NULL;
    }
    return 1;
}

/* Global pooling: a reduction over the spatial axes, or (Sequential) an
 * adaptive pooling to size 1 and a flatten. */
static void global_pool(struct tg *t, const struct nn_elem *e, struct tlayer *l)
{
    int avg = strcmp(nn_elem_str(e, NN_A_POOLING_TYPE), "global_average") == 0;
    l->reduce = avg ? "mean" : "amax";
    nn_py_call_init(&l->ctor, nn_spell_class(t->g->a, &nn_spell_torch, e, ""));
    nn_py_arg(t->g->a, &l->ctor, NULL, "1");
}

/* A transposed convolution with padding 'same': the padding and the
 * output_padding it amounts to (validation refused the inexact ones). */
static void tconv_same(struct tg *t, const struct nn_elem *e, struct tlayer *l)
{
    struct nn_tconv tc;
    if (nn_tconv_read(e, &tc) || !tc.same)
        return;
    int pad = 0, out = 0;
    for (int a = 0; a < tc.r; a++) {
        pad |= tc.pad[a] != 0;
        out |= tc.out_pad[a] != 0;
    }
    if (pad)
        nn_py_arg(t->g->a, &l->ctor, "padding", nn_py_ints(t->g->a, tc.pad, (size_t)tc.r, 0));
    if (out)
        nn_py_arg(t->g->a, &l->ctor, "output_padding",
                  nn_py_ints(t->g->a, tc.out_pad, (size_t)tc.r, 0));
}

/* Padding: nn.ConstantPad#d(F.pad's tuple, 0.0); negative amounts crop. */
static void padding_args(struct tg *t, const struct nn_elem *e, struct tlayer *l)
{
    long long v[6], f[6];
    size_t n = nn_elem_ints(e, NN_A_PAD_AMOUNT, v, 6);
    for (size_t a = 0; a + 1 < n; a += 2) { /* the last axis first */
        f[a] = v[n - 2 - a];
        f[a + 1] = v[n - 1 - a];
    }
    nn_py_arg(t->g->a, &l->ctor, NULL, nn_py_ints(t->g->a, f, n, 1));
    nn_py_arg(t->g->a, &l->ctor, NULL, "0.0");
}

/* An affine BatchNorm that learns only one of beta and gamma (kconv): PyTorch
 * has only affine, so the other stays at 0 or 1, not trained (partly_affine). */
static void partly_affine(struct tg *t, const struct nn_elem *e, struct tlayer *l)
{
    int center = nn_elem_bool(e, NN_A_CENTER), scale = nn_elem_bool(e, NN_A_SCALE);
    if (!nn_elem_bool(e, NN_A_AFFINE) || (center && scale))
        return;
    const char *inner = nn_py_call_text(t->g->a, &l->ctor);
    nn_py_call_init(&l->ctor, "partly_affine");
    nn_py_arg(t->g->a, &l->ctor, NULL, inner);
    if (!center)
        nn_py_arg(t->g->a, &l->ctor, "center", "False");
    if (!scale)
        nn_py_arg(t->g->a, &l->ctor, "scale", "False");
}

/* Standardize(num_features, mean=[...], variance=[...]): nnc's module (kconv). */
static void standardize_args(struct tg *t, const struct nn_elem *e, struct tlayer *l)
{
    nn_py_arg(t->g->a, &l->ctor, NULL, nn_spell_value(t->g->a, e, NN_A_NUM_FEATURES, NN_CONV_INT));
    if (nn_elem_has(e, NN_A_MEAN))
        nn_py_arg(t->g->a, &l->ctor, "mean", nn_spell_value(t->g->a, e, NN_A_MEAN, NN_CONV_FLOATS));
    if (nn_elem_has(e, NN_A_VARIANCE))
        nn_py_arg(t->g->a, &l->ctor, "variance",
                  nn_spell_value(t->g->a, e, NN_A_VARIANCE, NN_CONV_FLOATS));
}

/* Build the constructor of layer module i. */
static int torch_layer(struct tg *t, const struct plan *p, size_t i, struct tlayer *l)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    memset(l, 0, sizeof *l);
    if (e->kind == NN_K_ACTIVATION)
        return 1;
    if (e->kind == NN_K_UNMAPPED || size_unknown(t, e)) {
        nn_gen_todo_layer(t->g, e, &l->ctor);
        l->todo = 1;
        return 1;
    }
    if (e->kind == NN_K_POOLING && strncmp(nn_elem_str(e, NN_A_POOLING_TYPE), "global", 6) == 0) {
        global_pool(t, e, l);
        return 1;
    }
    if (e->kind == NN_K_STANDARDIZE) { /* nnc's module, no PyTorch class (kconv) */
        nn_py_call_init(&l->ctor, "Standardize");
        standardize_args(t, e, l);
        return 1;
    }
    nn_py_call_init(&l->ctor, nn_spell_class(t->g->a, &nn_spell_torch, e, ""));
    nn_spell_args(t->g->a, &nn_spell_torch, e, &l->ctor);
    if (nn_kind_is_rnn(e->kind) || e->kind == NN_K_MH_ATTENTION)
        nn_py_arg(t->g->a, &l->ctor, "batch_first", "True");
    if (nn_kind_is_tconv(e->kind)) {
        tconv_same(t, e, l);
        return 1;
    }
    if (e->kind == NN_K_PADDING) {
        padding_args(t, e, l);
        return 1;
    }
    if (e->kind == NN_K_BATCH_NORM)
        partly_affine(t, e, l);
    int rank = nn_layer_rank(e);
    if (!rank || e->kind == NN_K_BATCH_NORM || strncmp(nn_elem_str(e, NN_A_POOLING_TYPE), "adaptive", 8) == 0)
        return 1;
    struct pads pd;
    if (!layer_pads(t, p, i, &pd))
        return 0;
    if (e->kind != NN_K_POOLING) {
        conv_padding(t, &pd, e, l);
        return 1;
    }
    return pool_padding(t, &pd, e, l);
}

/* ---- activations ---- */

/* The dim argument of an axis-taking activation, in the value's layout. */
static const char *act_dim(struct tg *t, const struct nn_elem *e, enum lay lay,
                           const struct nn_shape *s)
{
    long long d = nn_elem_int(e, NN_A_ACTV_DIM);
    if (lay != L_CF || !s || s->rank < 0)
        return nn_arena_printf(t->g->a, "%lld", d);
    long long total = s->rank + 1;
    long long a = d < 0 ? d + total : d;
    long long cf = a == 0 ? 0 : a == total - 1 ? 1 : a + 1;
    return nn_arena_printf(t->g->a, "%lld", cf);
}

/* Apply the layer's activation to expression x (forward style). */
static const char *act_call(struct tg *t, const struct nn_elem *e, const char *x, enum lay lay,
                            const struct nn_shape *s)
{
    int quoted;
    const char *name = nn_gen_activation(e, &quoted);
    if (strcmp(name, "None") == 0)
        return x;
    if (quoted)
        return nn_arena_printf(t->g->a, "self.%s_activation(%s)", nn_gen_attr(t->g, e->name), x);
    const struct nn_spell_act *act = nn_spell_act(&nn_spell_torch, name);
    if (!act || !act->fn)
        return x;
    if (act->param == NN_ACTP_SLOPE)
        return nn_arena_printf(t->g->a, "%s(%s, negative_slope=%s)", act->fn, x,
                               nn_py_float(t->g->a, nn_elem_float(e, NN_A_NEGATIVE_SLOPE)));
    if (act->param == NN_ACTP_DIM)
        return nn_arena_printf(t->g->a, "%s(%s, dim=%s)", act->fn, x, act_dim(t, e, lay, s));
    if (act->param == NN_ACTP_TANH)
        return nn_arena_printf(t->g->a, "%s(%s, approximate=\"tanh\")", act->fn, x);
    if (act->param == NN_ACTP_ALPHA && nn_elem_float(e, NN_A_ALPHA) != 1.0) /* PReLU */
        return nn_arena_printf(t->g->a, "%s(%s, alpha=%s)", act->fn, x,
                               nn_py_float(t->g->a, nn_elem_float(e, NN_A_ALPHA)));
    return nn_arena_printf(t->g->a, "%s(%s)", act->fn, x);
}

/* The activation as a module (Sequential style); fn NULL when there is none. */
static void act_module(struct tg *t, const struct nn_elem *e, enum lay lay,
                       const struct nn_shape *s, struct nn_py_call *c)
{
    int quoted;
    const char *name = nn_gen_activation(e, &quoted);
    nn_py_call_init(c, NULL);
    if (strcmp(name, "None") == 0)
        return;
    const struct nn_spell_act *act = quoted ? NULL : nn_spell_act(&nn_spell_torch, name);
    if (!act || !act->module) {
        nn_py_call_init(c, "Activation");
        nn_py_arg(t->g->a, c, NULL, nn_py_str(t->g->a, act ? strchr(act->fn, '.') + 1 : name));
        return;
    }
    nn_py_call_init(c, act->module);
    if (act->param == NN_ACTP_SLOPE)
        nn_py_arg(t->g->a, c, "negative_slope",
                  nn_py_float(t->g->a, nn_elem_float(e, NN_A_NEGATIVE_SLOPE)));
    else if (act->param == NN_ACTP_DIM)
        nn_py_arg(t->g->a, c, "dim", act_dim(t, e, lay, s));
    else if (act->param == NN_ACTP_TANH)
        nn_py_arg(t->g->a, c, "approximate", "\"tanh\"");
    else if (act->param == NN_ACTP_ALPHA && nn_elem_float(e, NN_A_ALPHA) != 1.0) /* PReLU */
        nn_py_arg(t->g->a, c, "alpha", nn_py_float(t->g->a, nn_elem_float(e, NN_A_ALPHA)));
}

/* ---- recurrent outputs ---- */

static int rnn_full(const struct nn_elem *e)
{
    return strcmp(nn_elem_str(e, NN_A_RETURN_TYPE), "full") == 0;
}

static int rnn_dirs(const struct nn_elem *e)
{
    return nn_elem_bool(e, NN_A_BIDIRECTIONAL) ? 2 : 1;
}

/* ---- Sequential style ---- */

struct seqw {
    struct tg *t;
    FILE *f;
    int indent;
    int converts[3];    /* layout moves written so far, per direction, for unique names */
};

static void seq_net(struct tg *t, const struct nn_network *net, FILE *f, int indent);

/* Write one ("name", Module(...)) entry. */
static void seq_entry(struct seqw *w, const char *name, const struct nn_py_call *c)
{
    char *prefix = nn_arena_printf(w->t->g->a, "(%s, ", nn_py_str(w->t->g->a, name));
    nn_py_write_call(w->f, w->indent, prefix, c, "),");
}

/* An entry that moves the channel axis, when the layouts differ. */
static void seq_convert(struct seqw *w, enum lay have, enum lay need)
{
    if (need == L_ANY || have == L_ANY || need == have)
        return;
    struct nn_py_call c;
    nn_py_call_init(&c, need == L_CF ? "ChannelsFirst" : "ChannelsLast");
    const char *base = need == L_CF ? "to_channels_first" : "to_channels_last";
    int n = ++w->converts[need];
    seq_entry(w, n > 1 ? nn_arena_printf(w->t->g->a, "%s_%d", base, n) : base, &c);
}

/* nn.Sequential holds self-attention as the SelfAttentionModule helper, an
 * nn.MultiheadAttention (same parameters) applied to one sequence. */
static void self_attention_module(struct tg *t, const struct nn_elem *e, struct nn_py_call *c)
{
    c->fn = "SelfAttentionModule";
    if (nn_elem_bool(e, NN_A_IS_CAUSAL))
        nn_py_arg(t->g->a, c, "causal", "True");
}

/* The entries of one layer: padding, the module, output selection, activation. */
static void seq_layer(struct seqw *w, const struct plan *p, size_t i)
{
    struct tg *t = w->t;
    const struct nn_elem *e = p->f.mods[i].elem;
    struct tlayer l;
    if (!torch_layer(t, p, i, &l))
        return;
    nn_gen_comments(w->f, w->indent, &e->c);
    if (l.pad) {
        struct nn_py_call c;
        nn_py_call_init(&c, nn_arena_printf(t->g->a, "nn.%sPad%dd", l.pad_value ? "Constant" : "Zero",
                                            nn_layer_rank(e)));
        nn_py_arg(t->g->a, &c, NULL, l.pad);
        if (l.pad_value)
            nn_py_arg(t->g->a, &c, NULL, l.pad_value);
        seq_entry(w, nn_arena_printf(t->g->a, "%s_pad", e->name), &c);
    }
    if (l.todo)
        nn_gen_todo_comment(t->g, w->f, w->indent, e);
    if (e->kind == NN_K_MH_ATTENTION && !l.todo)
        self_attention_module(t, e, &l.ctor);
    if (l.ctor.fn)
        seq_entry(w, nn_gen_attr(t->g, e->name), &l.ctor);
    if (l.todo)
        return;
    if (l.reduce) {
        struct nn_py_call c;
        nn_py_call_init(&c, "nn.Flatten");
        seq_entry(w, nn_arena_printf(t->g->a, "%s_flatten", e->name), &c);
    }
    if (nn_kind_is_rnn(e->kind)) {
        struct nn_py_call c;
        nn_py_call_init(&c, "RecurrentOutput");
        nn_py_arg(t->g->a, &c, "sequence", rnn_full(e) ? "True" : "False");
        if (!rnn_full(e) && rnn_dirs(e) > 1)
            nn_py_arg(t->g->a, &c, "directions", "2");
        seq_entry(w, nn_arena_printf(t->g->a, "%s_output", e->name), &c);
    }
    struct nn_py_call act;
    act_module(t, e, p->out[i], nn_gen_out_shape(t->g, p->net, i), &act);
    if (act.fn)
        seq_entry(w, e->kind == NN_K_ACTIVATION ? nn_gen_attr(t->g, e->name)
                     : nn_arena_printf(t->g->a, "%s_%s", e->name, nn_gen_activation(e, &(int){0})),
                  &act);
}

static const char *reshape_dims(struct tg *t, const struct plan *p, size_t i);

/* The entry of a tensor op in a chain (one operand, the batch axis kept):
 * none for a layout swap, whose move the plan makes; else a helper module. */
static void seq_op(struct seqw *w, const struct plan *p, size_t i)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    struct nn_arena *a = w->t->g->a;
    long long v[NN_SHAPE_MAX + 1];
    size_t n;
    struct nn_py_call c;
    if (layout_swap(e))
        return;
    switch (e->kind) {
    case NN_K_OP_PERMUTE:
        nn_py_call_init(&c, "Permute");
        n = nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 1);
        break;
    case NN_K_OP_TRANSPOSE:
        nn_py_call_init(&c, "Transpose");
        n = nn_elem_ints(e, NN_A_TRANSPOSE_DIM, v, 2);
        break;
    case NN_K_OP_RESHAPE: {
        nn_py_call_init(&c, "Reshape");
        nn_py_arg(a, &c, NULL, reshape_dims(w->t, p, i));
        seq_entry(w, e->name, &c);
        return;
    }
    default: NN_UNREACHABLE();
    }
    for (size_t k = 0; k < n; k++)
        nn_py_arg(a, &c, NULL, nn_arena_printf(a, "%lld", v[k]));
    seq_entry(w, e->name, &c);
}

/* ("block", nn.Sequential(OrderedDict([...]))) for a sub-network. */
static void seq_subnet(struct seqw *w, const struct nn_network *sub)
{
    fprintf(w->f, "%*s(%s, nn.Sequential(OrderedDict([\n", w->indent, "",
            nn_py_str(w->t->g->a, nn_gen_attr(w->t->g, sub->head.name)));
    if (nn_gen_enter(w->t->g, sub)) {
        seq_net(w->t, sub, w->f, w->indent + 4);
        nn_gen_leave(w->t->g);
    }
    fprintf(w->f, "%*s]))),\n", w->indent, "");
}

/* The entries of a chain network, with the layout moves between them. */
static void seq_net(struct tg *t, const struct nn_network *net, FILE *f, int indent)
{
    struct plan *p = net == &t->g->m->net ? NULL : sub_plan(t, net);
    struct plan root;
    if (!p) {
        memset(&root, 0, sizeof root);
        plan_net(t, net, &root, 1);
        p = &root;
    }
    struct seqw w = {t, f, indent, {0}};
    enum lay have = p->in;
    for (size_t i = 0; i < p->f.n; i++) {
        seq_convert(&w, have, p->need[i]);
        if (p->f.mods[i].ref == NN_REF_SUBNET)
            seq_subnet(&w, p->f.mods[i].sub);
        else if (p->f.mods[i].ref == NN_REF_OP)
            seq_op(&w, p, i);
        else
            seq_layer(&w, p, i);
        have = p->out[i];
    }
    if (net == &t->g->m->net && !t->g->o->channels_first)
        seq_convert(&w, have, L_CL);
}

/* ---- subclass style ---- */

static const char *sub_class(struct tg *t, const struct nn_network *sub);
static int render_class(struct tg *t, const struct nn_network *sub, const char *cls, FILE *out);

/* self.<name> = ... for a layer (and its activation resolver). */
static void sub_attr_layer(struct tg *t, const struct plan *p, size_t i, FILE *f)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    struct tlayer l;
    nn_gen_comments(f, 8, &e->c);
    if (e->kind == NN_K_PARAMETER) { /* param: in the layout forward holds it in */
        fprintf(f, "        self.%s = %s\n", nn_gen_attr(t->g, e->name),
                nn_param_torch_value(t->g->a, e, p->out[i] == L_CF));
        return;
    }
    if (e->kind == NN_K_UNMAPPED || !torch_layer(t, p, i, &l))
        return;
    if (l.todo)
        nn_gen_todo_comment(t->g, f, 8, e);
    if (l.ctor.fn && !l.reduce)
        nn_py_write_call(f, 8, nn_arena_printf(t->g->a, "self.%s = ", nn_gen_attr(t->g, e->name)), &l.ctor,
                         "");
    int quoted;
    const char *act = nn_gen_activation(e, &quoted);
    if (quoted)
        fprintf(f, "        self.%s_activation = resolve_activation(%s)\n", nn_gen_attr(t->g, e->name),
                nn_py_str(t->g->a, act));
}

/* self.<sub> = ... for a sub-network: a nested Sequential for a chain,
 * an instance of its own class otherwise. */
static void sub_attr_subnet(struct tg *t, const struct nn_network *sub, FILE *f)
{
    struct plan *sp = sub_plan(t, sub);
    if (!sp->f.chain) {
        const char *cls = sub_class(t, sub);
        fprintf(f, "        self.%s = %s(%s)\n", nn_gen_attr(t->g, sub->head.name), cls,
                t->bc ? nn_block_class_args(t->bc, (size_t)(sub - t->g->m->net.subnets)) : "");
        return;
    }
    fprintf(f, "        self.%s = nn.Sequential(OrderedDict([\n", nn_gen_attr(t->g, sub->head.name));
    seq_net(t, sub, f, 12);
    fprintf(f, "        ]))\n");
}

/* The expression for operand k of module i, in the layout it needs. */
static const char *operand(struct tg *t, const struct plan *p, size_t i, size_t k)
{
    const struct nn_flow_arg *a = &p->f.mods[i].args[k];
    if (a->scalar)
        return a->v && a->v->type == NN_V_INT ? nn_arena_printf(t->g->a, "%lld", a->v->i)
                                              : nn_py_float(t->g->a, a->value);
    const char *var = nn_gen_arg_var(t->g, p->net, &p->f, a);
    return convert(t, var, arg_lay(p, a), p->need[i]);
}

/* Operands joined by sep. */
static const char *operands(struct tg *t, const struct plan *p, size_t i, const char *sep)
{
    size_t n = p->f.mods[i].nargs;
    const char **parts = nn_arena_alloc(t->g->a, (n + 1) * sizeof *parts);
    for (size_t k = 0; parts && k < n; k++)
        parts[k] = operand(t, p, i, k);
    const char *s = parts ? nn_py_join(t->g->a, parts, n, sep) : NULL;
    return s ? s : ""; /* out of memory: the arena's flag stops the output */
}

/* The reshape target: resolved from the shapes when known, else as written. */
static const char *reshape_dims(struct tg *t, const struct plan *p, size_t i)
{
    const struct nn_shape *s = nn_gen_out_shape(t->g, p->net, i);
    long long v[NN_SHAPE_MAX + 1];
    size_t n;
    if (s) {
        v[0] = -1;
        memcpy(v + 1, s->d, (size_t)s->rank * sizeof *v);
        n = (size_t)s->rank + 1;
    } else {
        n = nn_elem_ints(p->f.mods[i].elem, NN_A_RESHAPE_DIM, v, NN_SHAPE_MAX + 1);
        v[0] = -1;
    }
    const char *t1 = nn_py_ints(t->g->a, v, n, 1);
    return nn_arena_strndup(t->g->a, t1 + 1, strlen(t1) - 2 - (n == 1));
}

/* The concatenation axis in the layout the operands are in: the pivot's
 * (channel-last) axis moved like the channels when they are channel-first. */
static long long concat_dim(struct tg *t, const struct plan *p, size_t i)
{
    long long d = nn_elem_int(p->f.mods[i].elem, NN_A_CONCATENATE_DIM);
    if (p->need[i] != L_CF)
        return d;
    const struct nn_shape *s = src_shape(t, p, &p->f.mods[i].args[0]);
    long long r = s->rank + 1; /* axes with the batch */
    long long pos = d < 0 ? d + r : d;
    return pos == r - 1 ? 1 : pos >= 1 ? pos + 1 : pos;
}

/* A subtraction, division, reduction or element-wise function (tensor_gen.c). */
static const char *top_expr(struct tg *t, const struct plan *p, size_t i)
{
    size_t n = p->f.mods[i].nargs;
    const char **x = nn_arena_alloc(t->g->a, (n + 1) * sizeof *x);
    for (size_t k = 0; x && k < n; k++)
        x[k] = operand(t, p, i, k);
    return x ? nn_tensor_gen_expr(t->g->a, p->f.mods[i].elem, 1, x, n) : "";
}

/* A tensor op as an expression. */
static const char *op_expr(struct tg *t, const struct plan *p, size_t i)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    struct nn_arena *a = t->g->a;
    long long v[NN_SHAPE_MAX + 1];
    size_t n;
    if (layout_swap(e))
        return operand(t, p, i, 0);
    switch (e->kind) {
    case NN_K_OP_RESHAPE:
        return nn_arena_printf(a, "%s.reshape(%s)", operand(t, p, i, 0), reshape_dims(t, p, i));
    case NN_K_OP_PERMUTE:
        n = nn_elem_ints(e, NN_A_PERMUTE_DIM, v, NN_SHAPE_MAX + 1);
        return nn_arena_printf(a, "%s.permute%s", operand(t, p, i, 0), nn_py_ints(a, v, n, 1));
    case NN_K_OP_TRANSPOSE:
        n = nn_elem_ints(e, NN_A_TRANSPOSE_DIM, v, 2);
        return nn_arena_printf(a, "%s.transpose%s", operand(t, p, i, 0), nn_py_ints(a, v, n, 1));
    case NN_K_OP_CONCATENATE:
        return nn_arena_printf(a, "torch.cat((%s%s), dim=%lld)", operands(t, p, i, ", "),
                               p->f.mods[i].nargs == 1 ? "," : "", concat_dim(t, p, i));
    case NN_K_OP_MULTIPLY: return operands(t, p, i, " * ");
    case NN_K_OP_ADD: return operands(t, p, i, " + ");
    case NN_K_OP_POSITIONS: {
        const char *x = operand(t, p, i, 0);
        return nn_arena_printf(a, "torch.arange(%s.size(1), device=%s.device).expand(%s.size(0), -1)",
                               x, x, x);
    }
    case NN_K_OP_MATMULTIPLY:
        return nn_arena_printf(a, "torch.matmul(%s)", operands(t, p, i, ", "));
    default: return top_expr(t, p, i);
    }
}

/* The statements for recurrent layer module i reading `in`, writing `out`. */
static void sub_rnn(struct tg *t, const struct plan *p, size_t i, const char *in,
                    const char *out, FILE *f)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    const struct nn_shape *s = nn_gen_out_shape(t->g, p->net, i);
    const char *res;
    if (rnn_full(e) || rnn_dirs(e) == 1) {
        fprintf(f, "        %s, _ = self.%s(%s)\n", out, nn_gen_attr(t->g, e->name), in);
        res = rnn_full(e) ? out : nn_arena_printf(t->g->a, "%s[:, -1, :]", out);
    } else {
        fprintf(f, "        _, %s = self.%s(%s)\n", e->kind == NN_K_LSTM ? "(h_n, _)" : "h_n",
                nn_gen_attr(t->g, e->name), in);
        res = "torch.cat((h_n[-2], h_n[-1]), dim=1)";
    }
    const char *act = act_call(t, e, res, p->out[i], s);
    if (strcmp(act, out) != 0)
        fprintf(f, "        %s = %s\n", out, act);
}

/* Attention module i: queries `in`, keys and values its second operand
 * (else `in`), the attention weights not computed. */
static void sub_attention(struct tg *t, const struct plan *p, size_t i, const char *in,
                          const char *out, FILE *f)
{
    const struct nn_elem *e = p->f.mods[i].elem;
    const char *kv = p->f.mods[i].nargs > 1 ? operand(t, p, i, 1) : in;
    const char *attr = nn_gen_attr(t->g, e->name), *mask = "";
    if (nn_elem_bool(e, NN_A_IS_CAUSAL)) { /* with need_weights=False PyTorch uses the hint */
        fprintf(f, "        %s_mask = nn.Transformer.generate_square_subsequent_mask(%s.size(1))\n",
                attr, in);
        mask = nn_arena_printf(t->g->a, ", attn_mask=%s_mask, is_causal=True", attr);
    }
    const char *x = nn_arena_printf(t->g->a, "self.%s(%s, %s, %s%s, need_weights=False)[0]",
                                    attr, in, kv, kv, mask);
    x = act_call(t, e, x, p->out[i], nn_gen_out_shape(t->g, p->net, i));
    if (x)
        fprintf(f, "        %s = %s\n", out, x);
}

/* One module's statements in forward(). */
static void sub_stmt(struct tg *t, const struct plan *p, size_t i, FILE *f)
{
    const struct nn_flow_mod *fm = &p->f.mods[i];
    const char *out = nn_gen_var(t->g, p->net, &p->f, i);
    if (fm->ref == NN_REF_OP) {
        const char *x = op_expr(t, p, i);
        if (strcmp(x, out) != 0)
            fprintf(f, "        %s = %s\n", out, x);
        return;
    }
    const struct nn_flow_arg *a = &fm->args[0];
    const char *var = nn_gen_arg_var(t->g, p->net, &p->f, a);
    const char *in = operand(t, p, i, 0);
    if (in != var && strcmp(var, out) == 0) {
        fprintf(f, "        %s = %s\n", var, in);
        in = var;
    }
    if (fm->ref == NN_REF_SUBNET) {
        fprintf(f, "        %s = self.%s(%s)\n", out, nn_gen_attr(t->g, fm->sub->head.name), in);
        return;
    }
    const struct nn_elem *e = fm->elem;
    if (e->kind == NN_K_UNMAPPED) {
        nn_gen_todo_raise(t->g, f, 8, e);
        return;
    }
    if (nn_kind_is_rnn(e->kind) && !size_unknown(t, e)) {
        sub_rnn(t, p, i, in, out, f);
        return;
    }
    if (e->kind == NN_K_MH_ATTENTION && !size_unknown(t, e)) {
        sub_attention(t, p, i, in, out, f);
        return;
    }
    if (e->kind == NN_K_PARAMETER) { /* param */
        const char *self = nn_arena_printf(t->g->a, "self.%s", nn_gen_attr(t->g, e->name));
        fprintf(f, "        %s = %s\n", out, nn_param_torch_expand(t->g->a, e, self, in));
        return;
    }
    struct tlayer l;
    if (!torch_layer(t, p, i, &l))
        return;
    const char *x = in;
    if (l.pad)
        x = nn_arena_printf(t->g->a, "F.pad(%s, %s%s%s)", x, l.pad, l.pad_value ? ", value=" : "",
                            l.pad_value ? l.pad_value : "");
    if (l.reduce) {
        long long dims[3] = {2, 3, 4};
        x = nn_arena_printf(t->g->a, "%s.%s(dim=%s)", x, l.reduce,
                            nn_py_ints(t->g->a, dims, (size_t)nn_layer_rank(e), 1));
    } else if (l.ctor.fn) {
        x = nn_arena_printf(t->g->a, "self.%s(%s)", nn_gen_attr(t->g, e->name), x);
    }
    if (!l.todo && x)
        x = act_call(t, e, x, p->out[i], nn_gen_out_shape(t->g, p->net, i));
    if (x && strcmp(x, out) != 0) /* NULL: out of memory, the arena's flag stops the output */
        fprintf(f, "        %s = %s\n", out, x);
}

/* "(batch, 28, 28, 1)", the channel axis moved first when cf. */
static const char *batch_shape(struct tg *t, const struct nn_shape *s, int cf)
{
    const char *out = "(batch";
    for (int i = 0; i < s->rank; i++) {
        int k = !cf ? i : i == 0 ? s->rank - 1 : i - 1;
        out = nn_arena_printf(t->g->a, "%s, %lld", out, s->d[k]);
    }
    return nn_arena_printf(t->g->a, "%s)", out);
}

/* The class docstring: what it is, and its input and output shapes. */
static void write_doc(struct tg *t, const struct plan *p, const char *what, FILE *f, int indent)
{
    const struct nn_net_shapes *ns = nn_shape_net(t->g->shapes, p->net);
    fprintf(f, "%*s\"\"\"%s", indent, "", what);
    if (ns && nn_gen_several_inputs(t->g, p->net) && nn_shape_known(&ns->out))
        fprintf(f, "\n\n%*sInputs: %s.\n%*sOutput: %s.\n%*s", indent, "",
                nn_gen_inputs_doc(t->g), indent, "", batch_shape(t, &ns->out, 0), indent, "");
    else if (ns && nn_shape_known(&ns->in) && nn_shape_known(&ns->out)) {
        enum lay ol = p->f.n ? p->out[p->f.n - 1] : p->in;
        int root = p->net == &t->g->m->net;
        int out_cf = ol == L_CF && (!root || t->g->o->channels_first);
        fprintf(f, "\n\n%*sInput: %s%s.\n%*sOutput: %s%s.\n%*s", indent, "",
                batch_shape(t, &ns->in, p->in == L_CF),
                p->in == L_CF ? ", channels first" : "", indent, "",
                batch_shape(t, &ns->out, out_cf), out_cf ? ", channels first" : "", indent, "");
    }
    fprintf(f, "\"\"\"\n");
}

/* The forward() of a network written as a subclass. */
static void sub_forward(struct tg *t, const struct plan *p, int root, FILE *f)
{
    const char *in = nn_gen_several_inputs(t->g, p->net) ? nn_gen_input_names(t->g)
                                                         : nn_gen_var(t->g, p->net, &p->f, NN_FLOW_INPUT);
    fprintf(f, "\n    def forward(self, %s):\n", in);
    for (size_t i = 0; i < p->f.n; i++)
        sub_stmt(t, p, i, f);
    const char *res = p->f.n ? nn_gen_var(t->g, p->net, &p->f, p->f.n - 1) : in;
    enum lay have = p->f.n ? p->out[p->f.n - 1] : p->in;
    if (root && !t->g->o->channels_first)
        res = convert(t, res, have, L_CL);
    fprintf(f, "        return %s\n", res);
}

/* A class for a network: __init__ with its layers, and forward(). */
static void sub_write_class(struct tg *t, const struct plan *p, const char *cls, int root,
                            FILE *f)
{
    fprintf(f, "\n\nclass %s(nn.Module):\n", cls);
    write_doc(t, p, nn_gen_doc_title(t->g, p->net, 4), f, 4);
    fprintf(f, "\n    def __init__(self):\n        super().__init__()\n");
    for (size_t i = 0; i < p->f.n; i++) {
        const struct nn_flow_mod *fm = &p->f.mods[i];
        if (fm->ref == NN_REF_LAYER)
            sub_attr_layer(t, p, i, f);
        else if (fm->ref == NN_REF_SUBNET && fm->first_use)
            sub_attr_subnet(t, fm->sub, f);
    }
    sub_forward(t, p, root, f);
}

/* The class of a non-chain sub-network, written once into t->defs: the
 * class of its block (block_class.h) when the classes are grouped. */
static const char *sub_class(struct tg *t, const struct nn_network *sub)
{
    size_t k = (size_t)(sub - t->g->m->net.subnets);
    if (t->bc) {
        const char *text = nn_block_class_take(t->bc, k);
        if (text)
            fputs(text, t->defs);
        return nn_block_class_name(t->bc, k);
    }
    const char *cls = nn_py_class_name(t->g->a, sub->head.name);
    if (t->sub_done[k]++)
        return cls;
    render_class(t, sub, cls, t->defs);
    return cls;
}

/* Write the class of sub-network sub alone, named cls, to out; 1 when
 * written. */
static int render_class(struct tg *t, const struct nn_network *sub, const char *cls, FILE *out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    int ok = 0;
    if (nn_gen_enter(t->g, sub)) {
        sub_write_class(t, sub_plan(t, sub), cls, 0, f);
        nn_gen_leave(t->g);
        ok = 1;
    }
    fclose(f);
    if (buf)
        fputs(buf, out);
    free(buf);
    return ok;
}

/* Group the classes of the non-chain sub-networks (block_class.h): each
 * written alone first; t->bc stays NULL when memory runs out. */
static void group_classes(struct tg *t, const char *root_cls)
{
    const struct nn_network *net = &t->g->m->net;
    const char **texts = nn_arena_alloc(t->g->a, (net->nsubnets + 1) * sizeof *texts);
    for (size_t k = 0; texts && k < net->nsubnets; k++) {
        const struct nn_network *sub = &net->subnets[k];
        texts[k] = NULL;
        if (sub_plan(t, sub)->f.chain)
            continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f && render_class(t, sub, nn_py_class_name(t->g->a, sub->head.name), f)) {
            fclose(f);
            texts[k] = buf ? nn_arena_strdup(t->g->a, buf) : NULL;
        } else if (f) {
            fclose(f);
        }
        free(buf);
    }
    const char **taken = nn_gen_taken_classes(t->g, nn_torch_helpers, root_cls);
    t->bc = texts && taken ? nn_block_classes_build(t->g, texts, 0, taken) : NULL;
}

/* The Sequential class of the whole model. */
static void seq_write_class(struct tg *t, const char *cls, FILE *f)
{
    struct plan root;
    memset(&root, 0, sizeof root);
    plan_net(t, &t->g->m->net, &root, 1);
    fprintf(f, "\n\nclass %s(nn.Sequential):\n", cls);
    write_doc(t, &root, nn_gen_doc_title(t->g, &t->g->m->net, 4), f, 4);
    fprintf(f, "\n    def __init__(self):\n        super().__init__(OrderedDict([\n");
    seq_net(t, &t->g->m->net, f, 12);
    fprintf(f, "        ]))\n");
}

/* INPUT_SHAPE in the layout the model takes. */
static void input_shape(struct tg *t, enum lay in)
{
    const struct nn_net_shapes *ns = nn_shape_net(t->g->shapes, &t->g->m->net);
    if (!ns || !nn_shape_known(&ns->in))
        return;
    struct nn_shape s = ns->in;
    if (in == L_CF) {
        s.d[0] = ns->in.d[ns->in.rank - 1];
        memcpy(s.d + 1, ns->in.d, (size_t)(ns->in.rank - 1) * sizeof *s.d);
    }
    char buf[160];
    t->g->input_shape = nn_arena_strdup(t->g->a, nn_shape_format(&s, buf, sizeof buf));
    t->g->input_layout = in == L_CF ? "channels first" : "channels last";
}

void nn_gen_torch(struct nn_gen *g)
{
    size_t nsub = g->m->net.nsubnets + 1;
    struct tg t = {g, nn_arena_alloc(g->a, nsub * sizeof *t.subs), nn_arena_alloc(g->a, nsub),
                   NULL, nn_model_gaps(g->m), NULL};
    struct nn_gen_parts parts;
    int ready = nn_gen_parts_open(&parts);
    t.defs = parts.defs;
    const char *cls = nn_py_class_name(g->a, g->m->net.head.name);
    FILE *mf = parts.main;
    if (ready && t.subs && t.sub_done) {
        struct plan root;
        memset(&root, 0, sizeof root);
        plan_net(&t, &g->m->net, &root, 1);
        if (g->seq) {
            seq_write_class(&t, cls, mf);
        } else {
            group_classes(&t, cls);
            sub_write_class(&t, &root, cls, 1, mf);
        }
        if (nn_gen_several_inputs(g, &g->m->net))
            nn_gen_input_shapes(g);
        else
            input_shape(&t, root.in);
        nn_gen_torch_keras_loader(g, mf); /* weights */
    }
    nn_gen_parts_join(g, &parts);
}

const struct nn_gen_import nn_torch_imports[] = {
    {"csv.", "import csv", 0},
    {"os.", "import os", 0},
    {"OrderedDict(", "from collections import OrderedDict", 0},
    {"np.", "import numpy as np", 1},
    {"Image.", "from PIL import Image", 1},
    {"torch.", "import torch", 1},
    {"F.", "import torch.nn.functional as F", 1},
    {"nn.", "from torch import nn", 1},
    {NULL, NULL, 0},
};

const struct nn_gen_helper nn_torch_helpers[] = {
    {"resolve_activation(",
     "def resolve_activation(name):\n"
     "    \"\"\"Return the activation function called `name`, looked up at run time\n"
     "    in torch.nn.functional, then in torch.\"\"\"\n"
     "    fn = getattr(torch.nn.functional, name, None) or getattr(torch, name, None)\n"
     "    if fn is None:\n"
     "        raise ValueError(f\"unknown activation function: {name!r}\")\n"
     "    return fn\n"},
    {"Activation(",
     "class Activation(nn.Module):\n"
     "    \"\"\"An activation function given by name (see resolve_activation).\"\"\"\n"
     "\n"
     "    def __init__(self, name):\n"
     "        super().__init__()\n"
     "        self.name = name\n"
     "        self.fn = resolve_activation(name)\n"
     "\n"
     "    def forward(self, x):\n"
     "        return self.fn(x)\n"},
    {"Permute(",
     "class Permute(nn.Module):\n"
     "    \"\"\"x.permute(*dims) as a module, for nn.Sequential.\"\"\"\n"
     "\n"
     "    def __init__(self, *dims):\n"
     "        super().__init__()\n"
     "        self.dims = dims\n"
     "\n"
     "    def forward(self, x):\n"
     "        return x.permute(*self.dims)\n"},
    {"Transpose(",
     "class Transpose(nn.Module):\n"
     "    \"\"\"x.transpose(dim0, dim1) as a module, for nn.Sequential.\"\"\"\n"
     "\n"
     "    def __init__(self, dim0, dim1):\n"
     "        super().__init__()\n"
     "        self.dim0 = dim0\n"
     "        self.dim1 = dim1\n"
     "\n"
     "    def forward(self, x):\n"
     "        return x.transpose(self.dim0, self.dim1)\n"},
    {"Reshape(",
     "class Reshape(nn.Module):\n"
     "    \"\"\"x.reshape(*shape) as a module, for nn.Sequential.\"\"\"\n"
     "\n"
     "    def __init__(self, *shape):\n"
     "        super().__init__()\n"
     "        self.shape = shape\n"
     "\n"
     "    def forward(self, x):\n"
     "        return x.reshape(*self.shape)\n"},
    {"NotMigrated(",
     "class NotMigrated(nn.Module):\n"
     "    \"\"\"A construct nnc could not migrate: calling it raises, so the model\n"
     "    never runs as a different network.\"\"\"\n"
     "\n"
     "    def __init__(self, message):\n"
     "        super().__init__()\n"
     "        self.message = message\n"
     "\n"
     "    def forward(self, x):\n"
     "        raise NotImplementedError(self.message)\n"},
    {"ChannelsFirst(",
     "class ChannelsFirst(nn.Module):\n"
     "    \"\"\"Channels last to channels first: (N, ..., C) -> (N, C, ...).\"\"\"\n"
     "\n"
     "    def forward(self, x):\n"
     "        return x.movedim(-1, 1)\n"},
    {"ChannelsLast(",
     "class ChannelsLast(nn.Module):\n"
     "    \"\"\"Channels first to channels last: (N, C, ...) -> (N, ..., C).\"\"\"\n"
     "\n"
     "    def forward(self, x):\n"
     "        return x.movedim(1, -1)\n"},
    {"AvgPoolSame(",
     "class AvgPoolSame(nn.Module):\n"
     "    \"\"\"Average pooling with TensorFlow's 'same' padding: padded cells are\n"
     "    left out of each mean.\"\"\"\n"
     "\n"
     "    def __init__(self, pool, padding):\n"
     "        super().__init__()\n"
     "        self.pool = pool\n"
     "        self.padding = padding\n"
     "\n"
     "    def forward(self, x):\n"
     "        ones = torch.ones_like(x[:1, :1])\n"
     "        total = self.pool(F.pad(x, self.padding))\n"
     "        count = self.pool(F.pad(ones, self.padding))\n"
     "        return total / count\n"},
    {"RecurrentOutput(",
     "class RecurrentOutput(nn.Module):\n"
     "    \"\"\"Keeps what the model uses of a recurrent layer's (output, state):\n"
     "    the output sequence, or the last layer's final hidden state with its\n"
     "    directions side by side.\"\"\"\n"
     "\n"
     "    def __init__(self, sequence, directions=1):\n"
     "        super().__init__()\n"
     "        self.sequence = sequence\n"
     "        self.directions = directions\n"
     "\n"
     "    def forward(self, result):\n"
     "        output, state = result\n"
     "        if self.sequence:\n"
     "            return output\n"
     "        h_n = state[0] if isinstance(state, tuple) else state\n"
     "        return torch.cat(tuple(h_n[-self.directions:]), dim=1)\n"},
    {"SelfAttentionModule(",
     "class SelfAttentionModule(nn.MultiheadAttention):\n"
     "    \"\"\"nn.MultiheadAttention with one sequence as queries, keys and values,\n"
     "    for nn.Sequential (the same parameters); causal: each step attends to\n"
     "    itself and the steps before it only.\"\"\"\n"
     "\n"
     "    def __init__(self, *args, causal=False, **kwargs):\n"
     "        super().__init__(*args, **kwargs)\n"
     "        self.causal = causal\n"
     "\n"
     "    def forward(self, x):\n"
     "        steps = x.size(1)\n"
     "        mask = nn.Transformer.generate_square_subsequent_mask(steps) if self.causal else None\n"
     "        return super().forward(x, x, x, need_weights=False, attn_mask=mask,\n"
     "                               is_causal=self.causal)[0]\n"},
    {"Standardize(", nn_torch_standardize},
    {"partly_affine(", nn_torch_partly_affine},
    /* weights: what load_keras_weights calls */
    {"keras_put(", nn_torch_keras_put},
    {"keras_dense(", nn_torch_keras_dense},
    {"keras_embedding(", nn_torch_keras_embedding},
    {"keras_conv(", nn_torch_keras_conv},
    {"keras_batch_norm(", nn_torch_keras_batch_norm},
    {"keras_affine(", nn_torch_keras_affine},
    {"keras_prelu(", nn_torch_keras_prelu},
    {"keras_rnn(", nn_torch_keras_rnn},
    {"keras_attention(", nn_torch_keras_attention},
    {"keras_standardize(", nn_torch_keras_standardize},
    {"keras_tensor(", nn_torch_keras_tensor},
    {"keras_layer_weights(", nn_torch_keras_layer_weights},
    {NULL, NULL},
};
