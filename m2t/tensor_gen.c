/* tensor_gen.c - generated code for the arithmetic, element-wise and
 * reduction tensor ops (see tensor_gen.h). */
#include "m2t/tensor_gen.h"

#include "frameworks/pytext.h"
#include "metamodel/tensor_op.h"

static const struct {
    const char *torch, *keras;
} spell[NN_KIND_COUNT] = {
#define NN_TENSOR_SPELL(kind, t, k) [NN_K_##kind] = {t, k},
#include "frameworks/tensor_spell.def"
};

/* A reduction: callee(x, dim=d[, keepdim=True]); var with its correction
 * (PyTorch's keyword; Keras's ops.var divides by the size, so a correction
 * c scales it by size / (size - c)). */
static const char *reduce(struct nn_arena *a, const struct nn_elem *e, int torch,
                          const char *fn, const char *x)
{
    int keep = nn_elem_bool(e, NN_A_REDUCE_KEEPDIMS);
    long long d = nn_elem_int(e, NN_A_REDUCE_DIM), c = nn_elem_int(e, NN_A_CORRECTION);
    int var = e->kind == NN_K_OP_VAR;
    const char *corr = var && torch ? nn_arena_printf(a, ", correction=%lld", c) : "";
    const char *kept = keep ? torch ? ", keepdim=True" : ", keepdims=True" : "";
    const char *call = nn_arena_printf(a, "%s(%s, %s=%lld%s%s)", fn, x, torch ? "dim" : "axis", d,
                                       corr, kept);
    if (!var || torch || c == 0)
        return call;
    return nn_arena_printf(a, "%s * %s.shape[%lld] / (%s.shape[%lld] - %lld)", call, x, d, x, d, c);
}

/* clamp: torch.clamp(x, min=, max=); Keras clips with both bounds, else
 * takes the maximum with the lower or the minimum with the upper one. */
static const char *clamp(struct nn_arena *a, const struct nn_elem *e, int torch, const char *x)
{
    int lo = nn_elem_has(e, NN_A_CLAMP_MIN), hi = nn_elem_has(e, NN_A_CLAMP_MAX);
    const char *l = lo ? nn_py_float(a, nn_elem_float(e, NN_A_CLAMP_MIN)) : "None";
    const char *h = hi ? nn_py_float(a, nn_elem_float(e, NN_A_CLAMP_MAX)) : "None";
    if (torch)
        return nn_arena_printf(a, "torch.clamp(%s, min=%s, max=%s)", x, l, h);
    if (lo && hi)
        return nn_arena_printf(a, "ops.clip(%s, %s, %s)", x, l, h);
    if (lo || hi)
        return nn_arena_printf(a, "ops.%s(%s, %s)", lo ? "maximum" : "minimum", x, lo ? l : h);
    return x;
}

/* x[i0, i1, ...]: the same Python in both frameworks. */
static const char *subscript(struct nn_arena *a, const struct nn_elem *e, const char *x)
{
    struct nn_top_index ix[NN_TOP_MAX_INDICES];
    const char *parts[NN_TOP_MAX_INDICES];
    int n = nn_top_indices(e, ix);
    for (int i = 0; i < n; i++)
        parts[i] = nn_top_index_text(a, &ix[i]);
    const char *list = n > 0 ? nn_py_join(a, parts, (size_t)n, ", ") : ":";
    return nn_arena_printf(a, "%s[%s]", x, list ? list : ":");
}

/* normalize: F.normalize in PyTorch; Keras divides by the norm itself (its
 * ops.normalize takes no epsilon). */
static const char *normalize(struct nn_arena *a, const struct nn_elem *e, int torch, const char *x)
{
    long long d = nn_elem_int(e, NN_A_REDUCE_DIM);
    const char *eps = nn_py_float(a, nn_elem_float(e, NN_A_EPS));
    if (torch)
        return nn_arena_printf(a, "F.normalize(%s, p=2.0, dim=%lld, eps=%s)", x, d, eps);
    return nn_arena_printf(a, "%s / ops.maximum(ops.sqrt(ops.sum(ops.square(%s), axis=%lld, "
                           "keepdims=True)), %s)", x, x, d, eps);
}

const char *nn_tensor_gen_expr(struct nn_arena *a, const struct nn_elem *e, int torch,
                               const char *const *x, size_t n)
{
    const char *fn = torch ? spell[e->kind].torch : spell[e->kind].keras;
    if (!fn || n < 1)
        NN_UNREACHABLE();
    if (nn_top_class(e->kind) == NN_TOP_SUBSCRIPT)
        return subscript(a, e, x[0]);
    if (nn_top_class(e->kind) == NN_TOP_NORMALIZE)
        return normalize(a, e, torch, x[0]);
    switch (nn_top_class(e->kind)) {
    case NN_TOP_BINOP:
        return n == 2 ? nn_arena_printf(a, "%s%s%s", x[0], fn, x[1]) : x[0];
    case NN_TOP_REDUCE: return reduce(a, e, torch, fn, x[0]);
    case NN_TOP_UNARY: break;
    default: NN_UNREACHABLE();
    }
    if (e->kind == NN_K_OP_CLAMP)
        return clamp(a, e, torch, x[0]);
    if (e->kind == NN_K_OP_POW)
        return nn_arena_printf(a, "%s(%s, %s)", fn, x[0],
                               nn_py_float(a, nn_elem_float(e, NN_A_EXPONENT)));
    return fn[0] ? nn_arena_printf(a, "%s(%s)", fn, x[0]) : x[0];
}
