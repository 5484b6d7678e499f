/* shape.c - shape inference over the pivot's dataflow (see shape.h). */
#include "metamodel/shape.h"

#include <stdio.h>
#include <string.h>

#include "metamodel/checked.h"
#include "metamodel/flow.h"
#include "metamodel/tensor_op.h"
#include "metamodel/tconv.h"

struct sctx {
    struct nn_model *m;
    struct nn_diag_sink *d;
    struct nn_shapes *s;
    int errors;
};

/* One module's operands and where to point at it. */
struct margs {
    struct nn_elem *e;          /* the layer or op */
    const struct nn_shape *in;  /* operand shapes (scalars have rank 0) */
    size_t nin;
    struct nn_loc at;           /* the module's entry in modules: */
};

typedef struct nn_shape (*infer_fn)(struct sctx *c, const struct margs *a);

static const struct nn_shape unknown = {-1, {0}};

/* Report an error at loc and give back an unknown shape. */
static struct nn_shape fail(struct sctx *c, struct nn_loc loc, const char *name, const char *msg)
{
    nn_diag(c->d, loc, NN_ERROR, "%s: %s", name ? name : "module", msg);
    c->errors++;
    return unknown;
}

/* Where to report a layer's problem: its definition. */
static struct nn_loc elem_loc(const struct margs *a)
{
    return a->e->loc.src ? a->e->loc : a->at;
}

/* The span from an attribute's key to its value; fallback for a value a
 * reader computed, which has no place of its own. */
static struct nn_loc attr_loc(const struct nn_attr *at, struct nn_loc fallback)
{
    if (!at->key_loc.src && !at->v.loc.src)
        return fallback;
    struct nn_loc l = at->key_loc.src ? at->key_loc : at->v.loc;
    if (at->key_loc.src && at->v.loc.src == at->key_loc.src && at->v.loc.end > l.start)
        l.end = at->v.loc.end;
    return l;
}

/* Fill a size attribute, or check the stated one against the inferred value. */
static void fill(struct sctx *c, struct nn_elem *e, enum nn_attr_id id, long long value)
{
    const struct nn_attr *at = nn_elem_attr(e, id);
    if (!at) {
        nn_elem_set_int(c->m, e, id, value);
        return;
    }
    if (at->v.type == NN_V_INT && at->v.i != value) {
        nn_diag(c->d, attr_loc(at, e->loc), NN_ERROR, "%s: %s is %lld but the input gives %lld",
                e->name ? e->name : "layer", nn_attr_key(id), at->v.i, value);
        c->errors++;
    }
}

long long nn_shape_count(const struct nn_shape *s)
{
    long long n = 1;
    for (int i = 0; i < s->rank; i++)
        if (!nn_mul_ll(n, s->d[i], &n))
            return -1;
    return n;
}

const char *nn_shape_format(const struct nn_shape *s, char *buf, size_t size)
{
    size_t k = (size_t)snprintf(buf, size, "(");
    for (int i = 0; i < s->rank && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%lld", i ? ", " : "", s->d[i]);
    if (k < size)
        snprintf(buf + k, size - k, s->rank == 1 ? ",)" : ")");
    return buf;
}

void nn_shape_same_pad(long long in, long long k, long long stride, long long *before,
                       long long *after)
{
    long long out = in / stride + (in % stride != 0);
    long long total = (out - 1) * stride - in + k; /* (out - 1) * stride <= in: no overflow */
    if (total < 0)
        total = 0;
    *before = total / 2;
    *after = total - *before;
}

long long nn_shape_pad_axis(const struct nn_elem *e, int axis)
{
    long long v[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(e, NN_A_PADDING_DIM, v, NN_SHAPE_MAX);
    if (n == 0)
        return nn_elem_int(e, NN_A_PADDING_AMOUNT);
    return v[axis >= 0 && (size_t)axis < n ? (size_t)axis : n - 1];
}

long long nn_shape_ceil_windows(long long in, long long k, long long stride, long long pad)
{
    long long span = in + 2 * pad - k; /* the caller checked in + 2 * pad and k <= it */
    long long out = span / stride + 1 + (span % stride != 0);
    long long inside = in + pad; /* a window may not start past the input and its left pad */
    if (out - 1 >= inside / stride + (inside % stride != 0))
        out--;
    return out;
}

/* Read a per-axis list (one item broadcasts); def when unset.  0 on error. */
static int axis_list(struct sctx *c, const struct margs *a, enum nn_attr_id id, int r,
                     const long long *def, long long *out)
{
    long long v[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(a->e, id, v, NN_SHAPE_MAX);
    for (int i = 0; i < r; i++)
        out[i] = n == 0 ? (def ? def[i] : 1) : n == 1 ? v[0] : v[i < (int)n ? i : 0];
    if (n > 1 && n != (size_t)r) {
        const struct nn_attr *at = nn_elem_attr(a->e, id);
        nn_diag(c->d, attr_loc(at, elem_loc(a)), NN_ERROR, "%s: %s has %zu items for a %dD layer",
                a->e->name, nn_attr_key(id), n, r);
        c->errors++;
        return 0;
    }
    /* Every list read here (windows, strides, dilations, scales, output
     * sizes) counts something: the readers infer shapes before validation
     * has seen the values, so a zero or negative one stops here. */
    for (int i = 0; i < r; i++)
        if (out[i] < 1) {
            const struct nn_attr *at = nn_elem_attr(a->e, id);
            nn_diag(c->d, at ? attr_loc(at, elem_loc(a)) : elem_loc(a), NN_ERROR,
                    "%s: '%s' must be greater than 0", a->e->name, nn_attr_key(id));
            c->errors++;
            return 0;
        }
    return 1;
}

/* Check the input rank of a layer; 0 (and an error) when it is wrong. */
static int want_rank(struct sctx *c, const struct margs *a, int lo, int hi)
{
    int r = a->in[0].rank;
    if (r >= lo && r <= hi)
        return 1;
    char msg[128];
    if (lo == hi)
        snprintf(msg, sizeof msg, "expects an input of %d axes (batch excluded), got %d", lo, r);
    else
        snprintf(msg, sizeof msg, "expects an input of %d to %d axes (batch excluded), got %d",
                 lo, hi, r);
    fail(c, elem_loc(a), a->e->name, msg);
    return 0;
}

/* Linear: the last axis becomes out_features. */
static struct nn_shape infer_linear(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 1, NN_SHAPE_MAX))
        return unknown;
    struct nn_shape s = a->in[0];
    if (s.d[s.rank - 1] == NN_SHAPE_ANY)
        return unknown;
    fill(c, a->e, NN_A_IN_FEATURES, s.d[s.rank - 1]);
    s.d[s.rank - 1] = nn_elem_int(a->e, NN_A_OUT_FEATURES);
    return s;
}

/* Flatten: axes start_dim..end_dim (batch is axis 0) become one. */
static struct nn_shape infer_flatten(struct sctx *c, const struct margs *a)
{
    const struct nn_shape *in = &a->in[0];
    long long total = in->rank + 1;
    long long sd = nn_elem_int(a->e, NN_A_START_DIM), ed = nn_elem_int(a->e, NN_A_END_DIM);
    sd += sd < 0 ? total : 0;
    ed += ed < 0 ? total : 0;
    if (sd < 1 || ed < sd || ed >= total)
        return fail(c, elem_loc(a), a->e->name,
                    "start_dim and end_dim do not select axes of the input");
    struct nn_shape s = {0, {0}};
    for (long long i = 1; i < sd; i++)
        s.d[s.rank++] = in->d[i - 1];
    long long p = 1;
    for (long long i = sd; i <= ed; i++)
        if (!nn_mul_ll(p, in->d[i - 1], &p))
            return fail(c, elem_loc(a), a->e->name, "the flattened size overflows 64 bits");
    s.d[s.rank++] = p;
    for (long long i = ed + 1; i < total; i++)
        s.d[s.rank++] = in->d[i - 1];
    return s;
}

/* Embedding: integer ids gain an embedding axis. */
static struct nn_shape infer_embedding(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 0, NN_SHAPE_MAX - 1))
        return unknown;
    struct nn_shape s = a->in[0];
    s.d[s.rank++] = nn_elem_int(a->e, NN_A_EMBEDDING_DIM);
    return s;
}

/* Recurrent layers: (L, C) -> (L, H*dirs) or (H*dirs). */
static struct nn_shape infer_rnn(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 2, 2) || a->in[0].d[1] == NN_SHAPE_ANY)
        return unknown;
    fill(c, a->e, NN_A_INPUT_SIZE, a->in[0].d[1]);
    long long h;
    if (!nn_mul_ll(nn_elem_int(a->e, NN_A_HIDDEN_SIZE),
                   nn_elem_bool(a->e, NN_A_BIDIRECTIONAL) ? 2 : 1, &h))
        return fail(c, elem_loc(a), a->e->name, "the output size overflows 64 bits");
    struct nn_shape s = {1, {h}};
    if (strcmp(nn_elem_str(a->e, NN_A_RETURN_TYPE), "full") == 0) {
        s.rank = 2;
        s.d[0] = a->in[0].d[0];
        s.d[1] = h;
    }
    return s;
}

/* Spatial sizes after a window of kernel k and stride st over in. */
static int window_out(struct sctx *c, const struct margs *a, const long long *k,
                      const long long *st, struct nn_shape *s)
{
    int r = s->rank - 1;
    int same = strcmp(nn_elem_str(a->e, NN_A_PADDING_TYPE), "same") == 0;
    for (int i = 0; i < r; i++) {
        long long n = s->d[i], padded, pad = nn_shape_pad_axis(a->e, i);
        if (!nn_mul_ll(pad, 2, &padded) || !nn_add_ll(n, padded, &padded)) {
            fail(c, elem_loc(a), a->e->name, "the padded size overflows 64 bits");
            return 0;
        }
        if (!same && padded < k[i]) {
            fail(c, elem_loc(a), a->e->name, "the window is larger than the input");
            return 0;
        }
        s->d[i] = same ? n / st[i] + (n % st[i] != 0) : (padded - k[i]) / st[i] + 1;
        if (!same && nn_elem_bool(a->e, NN_A_CEIL_MODE))
            s->d[i] = nn_shape_ceil_windows(n, k[i], st[i], pad);
    }
    return 1;
}

/* Do the groups of a convolution divide the inferred in_channels? (Stated
 * channel counts are validation's.) */
static int groups_divide(struct sctx *c, const struct margs *a, long long in)
{
    const struct nn_attr *g = nn_elem_attr(a->e, NN_A_GROUPS);
    if (!g || g->v.type != NN_V_INT || g->v.i <= 1 || in % g->v.i == 0)
        return 1;
    nn_diag(c->d, g->v.loc.src ? attr_loc(g, elem_loc(a)) : elem_loc(a), NN_ERROR,
            "%s: groups (%lld) must divide in_channels (%lld, "
            "from the input)", a->e->name, g->v.i, in);
    c->errors++;
    return 0;
}

/* Convolutions: (spatial..., C) -> (spatial'..., out_channels). */
static struct nn_shape infer_conv(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r + 1, r + 1))
        return unknown;
    struct nn_shape s = a->in[0];
    if (!nn_elem_has(a->e, NN_A_IN_CHANNELS) && !groups_divide(c, a, s.d[r]))
        return unknown;
    fill(c, a->e, NN_A_IN_CHANNELS, s.d[r]);
    long long k[NN_SHAPE_MAX], st[NN_SHAPE_MAX], dl[NN_SHAPE_MAX];
    if (!axis_list(c, a, NN_A_KERNEL_DIM, r, NULL, k) ||
        !axis_list(c, a, NN_A_STRIDE_DIM, r, NULL, st) ||
        !axis_list(c, a, NN_A_DILATION, r, NULL, dl))
        return unknown;
    for (int i = 0; i < r; i++) /* a dilated window spans (k - 1) * d + 1 inputs */
        if (!nn_mul_ll(k[i] - 1, dl[i], &k[i]) || !nn_add_ll(k[i], 1, &k[i])) {
            fail(c, elem_loc(a), a->e->name, "the dilated window overflows 64 bits");
            return unknown;
        }
    if (!window_out(c, a, k, st, &s))
        return unknown;
    s.d[r] = nn_elem_int(a->e, NN_A_OUT_CHANNELS);
    return s;
}

/* A transposed convolution: each axis grows to (in - 1) * stride + window,
 * less the padding cut, plus output_padding (metamodel/tconv.h). */
static struct nn_shape infer_tconv(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r + 1, r + 1))
        return unknown;
    struct nn_shape s = a->in[0];
    if (!nn_elem_has(a->e, NN_A_IN_CHANNELS) && !groups_divide(c, a, s.d[r]))
        return unknown;
    fill(c, a->e, NN_A_IN_CHANNELS, s.d[r]);
    struct nn_tconv t;
    if (nn_tconv_read(a->e, &t))
        return unknown; /* validation reports it */
    for (int i = 0; i < r; i++) {
        if (!nn_tconv_out(&t, i, s.d[i], &s.d[i]))
            return fail(c, elem_loc(a), a->e->name, "the output size overflows 64 bits");
        if (s.d[i] <= 0)
            return fail(c, elem_loc(a), a->e->name, "padding_amount cuts the whole output");
    }
    s.d[r] = nn_elem_int(a->e, NN_A_OUT_CHANNELS);
    return s;
}

/* Interpolation: every spatial axis times its scale factor. */
static struct nn_shape infer_interp(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r + 1, r + 1))
        return unknown;
    struct nn_shape s = a->in[0];
    long long f[NN_SHAPE_MAX];
    if (!axis_list(c, a, NN_A_INTERPOLATE_SCALE, r, NULL, f))
        return unknown;
    for (int i = 0; i < r; i++)
        if (!nn_mul_ll(s.d[i], f[i], &s.d[i]))
            return fail(c, elem_loc(a), a->e->name, "the output size overflows 64 bits");
    return s;
}

/* Padding: every spatial axis gains (or, negative, loses) its two amounts. */
static struct nn_shape infer_padding(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r + 1, r + 1))
        return unknown;
    struct nn_shape s = a->in[0];
    long long v[8];
    if (nn_elem_ints(a->e, NN_A_PAD_AMOUNT, v, 8) != (size_t)(2 * r))
        return unknown; /* validation reports it */
    for (int i = 0; i < r; i++) {
        if (!nn_add_ll(s.d[i], v[2 * i], &s.d[i]) || !nn_add_ll(s.d[i], v[2 * i + 1], &s.d[i]))
            return fail(c, elem_loc(a), a->e->name, "the output size overflows 64 bits");
        if (s.d[i] <= 0)
            return fail(c, elem_loc(a), a->e->name, "the cropping cuts the whole axis");
    }
    return s;
}

/* Pooling: windows, adaptive output sizes, or a global reduction to (C). */
static struct nn_shape infer_pooling(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r + 1, r + 1))
        return unknown;
    const char *type = nn_elem_str(a->e, NN_A_POOLING_TYPE);
    struct nn_shape s = a->in[0];
    if (strncmp(type, "global", 6) == 0) {
        s.rank = 1;
        s.d[0] = a->in[0].d[r];
        return s;
    }
    if (strncmp(type, "adaptive", 8) == 0) {
        if (!nn_elem_has(a->e, NN_A_OUTPUT_DIM))
            return fail(c, elem_loc(a), a->e->name, "adaptive pooling needs output_dim");
        return axis_list(c, a, NN_A_OUTPUT_DIM, r, NULL, s.d) ? s : unknown;
    }
    if (!nn_elem_has(a->e, NN_A_KERNEL_DIM))
        return fail(c, elem_loc(a), a->e->name, "pooling needs kernel_dim");
    long long k[NN_SHAPE_MAX], st[NN_SHAPE_MAX];
    if (!axis_list(c, a, NN_A_KERNEL_DIM, r, NULL, k) ||
        !axis_list(c, a, NN_A_STRIDE_DIM, r, k, st) || !window_out(c, a, k, st, &s))
        return unknown;
    return s;
}

/* Shape-preserving layers (dropout, activations). */
static struct nn_shape infer_same(struct sctx *c, const struct margs *a)
{
    (void)c;
    return a->in[0];
}

/* BatchNorm: over the last axis; the dimension fixes the input rank. */
static struct nn_shape infer_batch_norm(struct sctx *c, const struct margs *a)
{
    int r = nn_layer_rank(a->e);
    if (!want_rank(c, a, r == 1 ? 1 : r + 1, r + 1))
        return unknown;
    fill(c, a->e, NN_A_NUM_FEATURES, a->in[0].d[a->in[0].rank - 1]);
    return a->in[0];
}

/* GroupNorm: channels last, up to 3 spatial axes; num_groups divides the channels. */
static struct nn_shape infer_group_norm(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 1, 4))
        return unknown;
    long long ch = a->in[0].d[a->in[0].rank - 1], g = nn_elem_int(a->e, NN_A_NUM_GROUPS);
    fill(c, a->e, NN_A_NUM_CHANNELS, ch);
    if (g > 0 && ch % g != 0) {
        const struct nn_attr *at = nn_elem_attr(a->e, NN_A_NUM_GROUPS);
        char msg[128];
        snprintf(msg, sizeof msg, "num_groups %lld does not divide the %lld channels", g, ch);
        return fail(c, at ? attr_loc(at, elem_loc(a)) : elem_loc(a), a->e->name, msg);
    }
    return a->in[0];
}

/* PReLU: channels last, up to 3 spatial axes; num_parameters is 1 (one
 * slope for every cell) or the channels (one per channel). */
static struct nn_shape infer_prelu(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 1, 4))
        return unknown;
    long long ch = a->in[0].d[a->in[0].rank - 1];
    const struct nn_attr *at = nn_elem_attr(a->e, NN_A_NUM_PARAMETERS);
    if (!at || at->v.type != NN_V_INT || at->v.i != 1)
        fill(c, a->e, NN_A_NUM_PARAMETERS, ch);
    const struct nn_attr *dim = nn_elem_attr(a->e, NN_A_DIMENSION);
    const char *ds = dim ? nn_elem_str(a->e, NN_A_DIMENSION) : NULL;
    int spatial = ds && ds[0] >= '1' && ds[0] <= '3' ? ds[0] - '0' : 0;
    if (spatial != a->in[0].rank - 1) {
        char msg[160];
        snprintf(msg, sizeof msg, "dimension says %d spatial axes but the input (batch excluded) "
                 "has %d axes, the channels last", spatial, a->in[0].rank);
        return fail(c, dim ? attr_loc(dim, elem_loc(a)) : elem_loc(a), a->e->name, msg);
    }
    return a->in[0];
}

/* Standardize (kconv): channels last, up to 3 spatial axes; mean and variance,
 * when given, both, one number per channel. */
static struct nn_shape infer_standardize(struct sctx *c, const struct margs *a)
{
    if (!want_rank(c, a, 1, 4))
        return unknown;
    long long ch = a->in[0].d[a->in[0].rank - 1];
    fill(c, a->e, NN_A_NUM_FEATURES, ch);
    const struct nn_attr *mean = nn_elem_attr(a->e, NN_A_MEAN);
    const struct nn_attr *var = nn_elem_attr(a->e, NN_A_VARIANCE);
    const struct nn_attr *at = mean ? mean : var;
    char msg[128];
    if ((mean != NULL) != (var != NULL)) {
        snprintf(msg, sizeof msg, "mean and variance must be given together");
        return fail(c, attr_loc(at, elem_loc(a)), a->e->name, msg);
    }
    for (const struct nn_attr *s = mean; s; s = s == mean ? var : NULL)
        if (s->v.type == NN_V_LIST && (long long)s->v.n != ch) {
            snprintf(msg, sizeof msg, "%s has %zu numbers for %lld channels",
                     nn_attr_key(s->id), s->v.n, ch);
            return fail(c, attr_loc(s, elem_loc(a)), a->e->name, msg);
        }
    return a->in[0];
}

/* LayerNorm, RMSNorm: normalized_shape must be the trailing axes. */
static struct nn_shape infer_layer_norm(struct sctx *c, const struct margs *a)
{
    long long ns[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(a->e, NN_A_NORMALIZED_SHAPE, ns, NN_SHAPE_MAX);
    const struct nn_shape *in = &a->in[0];
    int ok = (int)n <= in->rank;
    for (size_t i = 0; ok && i < n; i++)
        ok = ns[i] == in->d[in->rank - (int)n + (int)i];
    if (!ok) {
        const struct nn_attr *at = nn_elem_attr(a->e, NN_A_NORMALIZED_SHAPE);
        return fail(c, at ? attr_loc(at, elem_loc(a)) : elem_loc(a), a->e->name,
                    "normalized_shape is not the input's trailing axes");
    }
    return *in;
}

/* An axis of the tensor counting the batch as 0 (negative from the end) -> 0-based
 * non-batch axis, or -1 when it is the batch axis or out of range. */
static int data_axis(long long axis, int rank)
{
    long long total = rank + 1;
    axis += axis < 0 ? total : 0;
    return axis >= 1 && axis < total ? (int)axis - 1 : -1;
}

/* reshape: reshape_dim with the batch axis first; one -1 is resolved. */
static struct nn_shape infer_reshape(struct sctx *c, const struct margs *a)
{
    long long v[NN_SHAPE_MAX + 1];
    size_t n = nn_elem_ints(a->e, NN_A_RESHAPE_DIM, v, NN_SHAPE_MAX + 1);
    struct nn_shape s = {(int)n - 1, {0}};
    long long known = 1, free_axis = -1;
    for (size_t i = 1; i < n; i++) {
        s.d[i - 1] = v[i];
        if (v[i] == -1 && free_axis < 0)
            free_axis = (long long)i - 1;
        else if (!nn_mul_ll(known, v[i], &known))
            return fail(c, elem_loc(a), a->e->name, "reshape_dim's element count overflows 64 bits");
    }
    long long count = nn_shape_count(&a->in[0]);
    if (count < 0)
        return fail(c, elem_loc(a), a->e->name, "the input's element count overflows 64 bits");
    if (n < 1 || known <= 0 || (free_axis < 0 ? known != count : count % known != 0))
        return fail(c, elem_loc(a), a->e->name,
                    "reshape_dim does not hold the input's element count");
    if (free_axis >= 0)
        s.d[free_axis] = count / known;
    return s;
}

/* concatenate: equal shapes except along concatenate_dim. */
static struct nn_shape infer_concatenate(struct sctx *c, const struct margs *a)
{
    struct nn_shape s = a->in[0];
    int ax = data_axis(nn_elem_int(a->e, NN_A_CONCATENATE_DIM), s.rank);
    if (ax < 0)
        return fail(c, elem_loc(a), a->e->name, "concatenate_dim is not a data axis");
    for (size_t k = 1; k < a->nin; k++) {
        const struct nn_shape *t = &a->in[k];
        int ok = t->rank == s.rank;
        for (int i = 0; ok && i < s.rank; i++)
            ok = i == ax || t->d[i] == s.d[i];
        if (!ok)
            return fail(c, elem_loc(a), a->e->name,
                        "the tensors differ in shape outside concatenate_dim");
        if (!nn_add_ll(s.d[ax], t->d[ax], &s.d[ax]))
            return fail(c, elem_loc(a), a->e->name, "the concatenated size overflows 64 bits");
    }
    return s;
}

/* add, multiply: broadcasting element-wise (scalars have rank 0). */
static struct nn_shape infer_elementwise(struct sctx *c, const struct margs *a)
{
    struct nn_shape s = {0, {0}};
    for (size_t k = 0; k < a->nin; k++) {
        const struct nn_shape *t = &a->in[k];
        struct nn_shape r = t->rank > s.rank ? *t : s;
        for (int i = 1; i <= t->rank && i <= s.rank; i++) {
            long long x = s.d[s.rank - i], y = t->d[t->rank - i];
            if (x != y && x != 1 && y != 1)
                return fail(c, elem_loc(a), a->e->name,
                            "the tensors' shapes do not broadcast");
            r.d[r.rank - i] = x == 1 ? y : x;
        }
        s = r;
    }
    return s;
}

/* matmultiply: (..., n, k) x (..., k, m) -> (..., n, m). */
static struct nn_shape infer_matmul(struct sctx *c, const struct margs *a)
{
    if (a->nin != 2 || a->in[0].rank < 1 || a->in[1].rank < 1)
        return fail(c, elem_loc(a), a->e->name, "matmultiply takes two tensors");
    const struct nn_shape *x = &a->in[0], *y = &a->in[1];
    int yk = y->rank >= 2 ? y->rank - 2 : 0;
    if (x->d[x->rank - 1] != y->d[yk])
        return fail(c, elem_loc(a), a->e->name, "the inner sizes differ");
    struct nn_shape s = *x;
    if (y->rank >= 2)
        s.d[s.rank - 1] = y->d[y->rank - 1];
    else
        s.rank--;
    return s;
}

/* permute: permute_dim lists every axis once, the batch as 0.  When the
 * batch moves among the data axes, the axis it lands on has NN_SHAPE_ANY size
 * and the data axis that becomes the batch is no longer counted. */
static struct nn_shape infer_permute(struct sctx *c, const struct margs *a)
{
    long long p[NN_SHAPE_MAX + 1];
    size_t n = nn_elem_ints(a->e, NN_A_PERMUTE_DIM, p, NN_SHAPE_MAX + 1);
    const struct nn_shape *in = &a->in[0];
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        long long ax = p[i] < 0 ? p[i] + (long long)n : p[i];
        if (ax < 0 || ax >= (long long)n || (seen >> ax & 1u))
            return fail(c, elem_loc(a), a->e->name,
                        "permute_dim must list every axis once, the batch axis as 0");
        seen |= 1u << ax;
        p[i] = ax;
    }
    if ((int)n != in->rank + 1)
        return fail(c, elem_loc(a), a->e->name,
                    "permute_dim must list every axis once, the batch axis as 0");
    struct nn_shape s = *in;
    for (size_t i = 1; i < n; i++)
        s.d[i - 1] = p[i] == 0 ? NN_SHAPE_ANY : in->d[p[i] - 1];
    return s;
}

/* transpose: swap the two axes of transpose_dim (the batch is axis 0). */
static struct nn_shape infer_transpose(struct sctx *c, const struct margs *a)
{
    long long t[2];
    const struct nn_shape *in = &a->in[0];
    if (nn_elem_ints(a->e, NN_A_TRANSPOSE_DIM, t, 2) != 2)
        return fail(c, elem_loc(a), a->e->name, "transpose_dim needs two axes");
    long long total = in->rank + 1;
    for (int i = 0; i < 2; i++) {
        t[i] += t[i] < 0 ? total : 0;
        if (t[i] < 0 || t[i] >= total)
            return fail(c, elem_loc(a), a->e->name, "transpose_dim names a bad axis");
    }
    struct nn_shape s = *in;
    for (int i = 0; i < 2; i++)
        if (t[i] > 0)
            s.d[t[i] - 1] = t[!i] == 0 ? NN_SHAPE_ANY : in->d[t[!i] - 1];
    return s;
}

/* Multi-head attention: (batch, T, E) queries attend over (batch, S, E)
 * keys and values (the second operand, else the queries); the output has
 * the queries' shape.  E is embed_dim, a multiple of num_heads. */
static struct nn_shape infer_attention(struct sctx *c, const struct margs *a)
{
    const struct nn_shape *q = &a->in[0], *kv = &a->in[a->nin > 1];
    if (q->rank != 2 || kv->rank != 2)
        return fail(c, elem_loc(a), a->e->name,
                    "attention takes sequences (batch, steps, features)");
    long long e = q->d[1], h = nn_elem_int(a->e, NN_A_NUM_HEADS);
    fill(c, a->e, NN_A_EMBED_DIM, e);
    if (kv->d[1] != e)
        return fail(c, elem_loc(a), a->e->name,
                    "keys and values must have as many features as the queries");
    if (h <= 0 || e % h != 0)
        return fail(c, elem_loc(a), a->e->name, "embed_dim must be a multiple of num_heads");
    return *q;
}

/* positions: (steps, ...) -> (steps,), the indices of the steps. */
static struct nn_shape infer_positions(struct sctx *c, const struct margs *a)
{
    if (a->nin != 1 || a->in[0].rank < 1)
        return fail(c, elem_loc(a), a->e->name, "positions takes one sequence");
    struct nn_shape s = {1, {a->in[0].d[0]}};
    return s;
}

/* Parameter (param): the learned tensor, tensor_shape per example; the
 * input gives only the batch. */
static struct nn_shape infer_parameter(struct sctx *c, const struct margs *a)
{
    struct nn_shape s = {0, {0}};
    long long v[NN_SHAPE_MAX + 1];
    size_t n = nn_elem_ints(a->e, NN_A_TENSOR_SHAPE, v, NN_SHAPE_MAX + 1);
    if (a->nin != 1 || n < 1 || n > NN_SHAPE_MAX)
        return fail(c, elem_loc(a), a->e->name,
                    "a Parameter takes one input and 1 to 8 axes in tensor_shape");
    s.rank = (int)n;
    memcpy(s.d, v, n * sizeof *v);
    return s;
}

/* Unmapped: a construct nnc could not migrate; what comes out is unknown. */
static struct nn_shape infer_unmapped(struct sctx *c, const struct margs *a)
{
    (void)c;
    (void)a;
    return unknown;
}

/* subtract, divide, reductions, element-wise functions (tensor_op.c). */
static struct nn_shape infer_tensor_op(struct sctx *c, const struct margs *a)
{
    struct nn_shape s;
    const char *why = nn_top_shape(a->e, a->in, a->nin, &s);
    return why ? fail(c, elem_loc(a), a->e->name, why) : s;
}

/* The kinds that read no axis of NN_SHAPE_ANY size, or check that they do
 * not: the others give an unknown shape for an input with such an axis. */
static const unsigned char takes_any[NN_KIND_COUNT] = {
    [NN_K_LINEAR] = 1, [NN_K_SIMPLE_RNN] = 1, [NN_K_LSTM] = 1, [NN_K_GRU] = 1,
    [NN_K_DROPOUT] = 1, [NN_K_ACTIVATION] = 1, [NN_K_UNMAPPED] = 1,
    [NN_K_OP_PERMUTE] = 1, [NN_K_OP_TRANSPOSE] = 1, [NN_K_PARAMETER] = 1,
};

static const infer_fn infer_table[NN_KIND_COUNT] = {
    [NN_K_LINEAR] = infer_linear,       [NN_K_FLATTEN] = infer_flatten,
    [NN_K_EMBEDDING] = infer_embedding, [NN_K_SIMPLE_RNN] = infer_rnn,
    [NN_K_LSTM] = infer_rnn,            [NN_K_GRU] = infer_rnn,
    [NN_K_CONV1D] = infer_conv,         [NN_K_CONV2D] = infer_conv,
    [NN_K_CONV3D] = infer_conv,         [NN_K_POOLING] = infer_pooling,
    [NN_K_CONV_TRANSPOSE1D] = infer_tconv, [NN_K_CONV_TRANSPOSE2D] = infer_tconv,
    [NN_K_CONV_TRANSPOSE3D] = infer_tconv, [NN_K_INTERPOLATE] = infer_interp,
    [NN_K_PADDING] = infer_padding,
    [NN_K_DROPOUT] = infer_same,        [NN_K_BATCH_NORM] = infer_batch_norm,
    [NN_K_LAYER_NORM] = infer_layer_norm, [NN_K_ACTIVATION] = infer_same,
    [NN_K_GROUP_NORM] = infer_group_norm, [NN_K_RMS_NORM] = infer_layer_norm,
    [NN_K_OP_RESHAPE] = infer_reshape,  [NN_K_OP_CONCATENATE] = infer_concatenate,
    [NN_K_OP_MULTIPLY] = infer_elementwise, [NN_K_OP_MATMULTIPLY] = infer_matmul,
    [NN_K_OP_PERMUTE] = infer_permute,  [NN_K_OP_TRANSPOSE] = infer_transpose,
    [NN_K_OP_ADD] = infer_elementwise, [NN_K_UNMAPPED] = infer_unmapped,
    [NN_K_MH_ATTENTION] = infer_attention, [NN_K_STANDARDIZE] = infer_standardize,
    /* tensorops */
    [NN_K_OP_SUBTRACT] = infer_tensor_op, [NN_K_OP_DIVIDE] = infer_tensor_op,
    [NN_K_OP_MEAN] = infer_tensor_op, [NN_K_OP_MAX] = infer_tensor_op,
    [NN_K_OP_SUM] = infer_tensor_op, [NN_K_OP_MIN] = infer_tensor_op,
    [NN_K_OP_VAR] = infer_tensor_op,
    [NN_K_OP_IDENTITY] = infer_tensor_op, [NN_K_OP_EXP] = infer_tensor_op,
    [NN_K_OP_LOG] = infer_tensor_op, [NN_K_OP_SQRT] = infer_tensor_op,
    [NN_K_OP_ABS] = infer_tensor_op, [NN_K_OP_NEG] = infer_tensor_op,
    [NN_K_OP_POW] = infer_tensor_op, [NN_K_OP_CLAMP] = infer_tensor_op,
    [NN_K_OP_SUBSCRIPT] = infer_tensor_op, [NN_K_OP_NORMALIZE] = infer_tensor_op,
    [NN_K_OP_POSITIONS] = infer_positions,
    [NN_K_PARAMETER] = infer_parameter, /* param */
    [NN_K_PRELU] = infer_prelu,
};

static int same_shape(const struct nn_shape *x, const struct nn_shape *y)
{
    return x->rank == y->rank && memcmp(x->d, y->d, (size_t)(x->rank > 0 ? x->rank : 0) * sizeof x->d[0]) == 0;
}

static void infer_net(struct sctx *c, const struct nn_network *net, const struct nn_shape *in,
                      struct nn_net_shapes *ns);

/* A sub-network used as a module: infer it at its first use; a later use
 * with another input shape is checked in scratch space and marked. */
static struct nn_shape infer_subnet(struct sctx *c, const struct nn_network *sub,
                                    const struct nn_shape *in)
{
    struct nn_net_shapes *ns = &c->s->subs[sub - c->m->net.subnets];
    if (!ns->mod_in) {
        infer_net(c, sub, in, ns);
        return ns->out;
    }
    if (same_shape(&ns->in, in))
        return ns->out;
    struct nn_net_shapes scratch = {.in = *in};
    ns->conflict = 1;
    infer_net(c, sub, in, &scratch);
    return scratch.out;
}

/* The shape of one operand. */
static struct nn_shape arg_shape(const struct nn_flow_arg *arg, const struct nn_net_shapes *ns)
{
    static const struct nn_shape scalar = {0, {0}};
    if (arg->scalar)
        return scalar;
    if (arg->src == NN_FLOW_INPUT)
        return arg->input < ns->nins ? ns->ins[arg->input] : ns->in;
    return ns->mod_out[arg->src];
}

/* Propagate shapes through one module. */
static struct nn_shape infer_module(struct sctx *c, const struct nn_network *net,
                                    const struct nn_flow_mod *fm, size_t i,
                                    struct nn_net_shapes *ns)
{
    struct nn_shape few[4], *ins = few;
    size_t nin = fm->nargs;
    if (nin > 4 && !(ins = nn_arena_alloc(&c->m->arena, nin * sizeof *ins)))
        return unknown;
    for (size_t k = 0; k < nin; k++) {
        ins[k] = arg_shape(&fm->args[k], ns);
        if (ins[k].rank < 0)
            return unknown;
    }
    ns->mod_in[i] = nin ? ins[0] : unknown;
    if (fm->ref == NN_REF_SUBNET) {
        if (!nn_depth_enter(&c->m->depth, c->d, fm->loc)) {
            c->errors++;
            return unknown;
        }
        struct nn_shape out = infer_subnet(c, fm->sub, &ins[0]);
        nn_depth_leave(&c->m->depth);
        return out;
    }
    infer_fn fn = infer_table[fm->elem->kind];
    if (!fn)
        NN_UNREACHABLE();
    for (size_t k = 0; k < nin && !takes_any[fm->elem->kind]; k++)
        if (!nn_shape_known(&ins[k]))
            return unknown;
    (void)net;
    struct margs a = {fm->elem, ins, nin, fm->loc};
    return fn(c, &a);
}

/* Propagate shapes through a network from input shape `in`. */
static void infer_net(struct sctx *c, const struct nn_network *net, const struct nn_shape *in,
                      struct nn_net_shapes *ns)
{
    ns->in = *in;
    ns->out = unknown;
    struct nn_flow f;
    int errors = nn_flow_build(c->m, net, &f, c->d);
    size_t n = f.n ? f.n : 1;
    ns->n = f.n;
    ns->mod_in = nn_arena_alloc(&c->m->arena, n * sizeof *ns->mod_in);
    ns->mod_out = nn_arena_alloc(&c->m->arena, n * sizeof *ns->mod_out);
    if (!ns->mod_in || !ns->mod_out)
        return;
    for (size_t i = 0; i < f.n; i++)
        ns->mod_in[i] = ns->mod_out[i] = unknown;
    if (errors) {
        c->errors += errors;
        return;
    }
    for (size_t i = 0; i < f.n; i++)
        ns->mod_out[i] = infer_module(c, net, &f.mods[i], i, ns);
    if (f.n)
        ns->out = ns->mod_out[f.n - 1];
}

const struct nn_net_shapes *nn_shape_net(const struct nn_shapes *shapes,
                                         const struct nn_network *n)
{
    if (!shapes)
        return NULL;
    if (n == &shapes->model->net)
        return &shapes->root;
    return &shapes->subs[n - shapes->model->net.subnets];
}

/* The shapes of the root's named inputs into s (the override for a single
 * one); 0 when there are none, -1 after an error. */
static int named_inputs(struct sctx *c, const long long *override, size_t rank,
                        struct nn_net_shapes *s)
{
    const struct nn_network *n = &c->m->net;
    if (!n->ninputs)
        return 0;
    if (rank > 0 && n->ninputs > 1) {
        nn_diag(c->d, n->inputs[0].loc, NN_ERROR, "the network has %zu inputs: give each its "
                "input_shape in the model, not one input shape for all", n->ninputs);
        return -1;
    }
    s->ins = nn_arena_alloc(&c->m->arena, n->ninputs * sizeof *s->ins);
    if (!s->ins)
        return -1;
    s->nins = n->ninputs;
    for (size_t i = 0; i < n->ninputs; i++) {
        const struct nn_attr *a = nn_elem_attr(&n->inputs[i], NN_A_INPUT_SHAPE);
        if (a && a->v.n > NN_SHAPE_MAX) {
            nn_diag(c->d, a->v.loc, NN_ERROR, "the input shape has more than %d axes",
                    NN_SHAPE_MAX);
            return -1;
        }
        size_t k = nn_elem_ints(&n->inputs[i], NN_A_INPUT_SHAPE, s->ins[i].d, NN_SHAPE_MAX);
        s->ins[i].rank = k ? (int)k : -1;
    }
    if (rank > 0) {
        s->ins[0].rank = (int)rank;
        memcpy(s->ins[0].d, override, rank * sizeof *override);
    }
    return 1;
}

/* The starting shape: the override, else input_shape, else unknown. */
static struct nn_shape start_shape(const struct nn_model *m, const long long *override,
                                   size_t rank)
{
    struct nn_shape s = unknown;
    if (rank > 0 && rank <= NN_SHAPE_MAX) {
        s.rank = (int)rank;
        memcpy(s.d, override, rank * sizeof *override);
    } else if (rank == 0) {
        size_t n = nn_elem_ints(&m->net.head, NN_A_INPUT_SHAPE, s.d, NN_SHAPE_MAX);
        s.rank = n ? (int)n : -1;
    }
    return s;
}

int nn_shape_infer(struct nn_model *m, const long long *override, size_t rank,
                   struct nn_diag_sink *d, const struct nn_shapes **out)
{
    struct nn_shapes *s = nn_arena_alloc(&m->arena, sizeof *s);
    size_t nsub = m->net.nsubnets ? m->net.nsubnets : 1;
    struct nn_net_shapes *subs = nn_arena_alloc(&m->arena, nsub * sizeof *subs);
    *out = s;
    if (!s || !subs)
        return 1;
    s->model = m;
    s->subs = subs;
    struct sctx c = {m, d, s, 0};
    if (rank > NN_SHAPE_MAX) {
        nn_diag(d, m->net.head.loc, NN_ERROR, "the input shape has more than %d axes",
                NN_SHAPE_MAX);
        return 1;
    }
    int named = named_inputs(&c, override, rank, &s->root);
    if (named < 0)
        return c.errors + 1;
    struct nn_shape in = named ? s->root.ins[0] : start_shape(m, override, rank);
    infer_net(&c, &m->net, &in, &s->root);
    for (size_t i = 0; i < m->net.nsubnets; i++)
        if (!subs[i].mod_in)
            infer_net(&c, &m->net.subnets[i], &unknown, &subs[i]);
    return c.errors;
}
