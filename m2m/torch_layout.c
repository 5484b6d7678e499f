/* torch_layout.c - axis orders (permute, movedim, transpose) of traced
 * tensors, over the stored layout.
 *
 * A tensor a convolution produced is stored channel-last while the source
 * holds it channel-first (t_tensor.cl).  A new axis order is composed with
 * that storage: when the result is the stored order itself, or its
 * channel-first view, no pivot op is needed.  That is how the generators'
 * x.movedim(-1, 1) / x.movedim(1, -1) around convolutions, and a source's
 * x.permute(0, 2, 1) before a Conv1d, read back as nothing.
 */
#include "m2m/torch_int.h"

/* The stored axis behind each source axis of t (n axes). */
static void stored_axes(const struct t_tensor *t, int n, long long *q)
{
    for (int i = 0; i < n; i++)
        q[i] = i;
    if (t->cl && n >= 3) {
        q[1] = n - 1;
        for (int i = 2; i < n; i++)
            q[i] = i - 1;
    }
}

/* 0 when p is the identity, 1 when it is the channel-first view of the
 * stored order, -1 otherwise. */
static int order_kind(const long long *p, int n)
{
    int id = 1, cf = n >= 3;
    for (int i = 0; i < n; i++) {
        id = id && p[i] == i;
        cf = cf && p[i] == (i == 0 ? 0 : i == 1 ? n - 1 : i - 1);
    }
    return id ? 0 : cf ? 1 : -1;
}

/* The two axes p swaps when it is one swap; 0 otherwise. */
static int one_swap(const long long *p, int n, long long *ab)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        if (p[i] != i) {
            if (k == 2)
                return 0;
            ab[k++] = i;
        }
    return k == 2 && p[ab[0]] == ab[1] && p[ab[1]] == ab[0];
}

/* Is perm[0..n) a permutation of 0..n-1? */
static int is_permutation(const long long *perm, int n)
{
    unsigned seen = 0;
    for (int i = 0; i < n; i++) {
        if (perm[i] < 0 || perm[i] >= n || (seen >> perm[i] & 1))
            return 0;
        seen |= 1u << perm[i];
    }
    return 1;
}

struct nn_mval *nn_torch_relayout(struct torch_ctx *c, const struct nn_py_node *at,
                               struct nn_mval *x, const long long *perm, int n, int as_transpose)
{
    struct t_tensor *t = x->ptr;
    if (n < 1 || n > 8 || !is_permutation(perm, n))
        return nn_m2m_unmappable(&c->t.ev, at, "this axis order is not a permutation of the "
                                             "tensor's axes");
    if (t->rank >= 0 && t->rank != n)
        return nn_m2m_unmappable(&c->t.ev, at, "this axis order names %d axes, the tensor has %d",
                                 n, t->rank);
    long long q[8], comp[8], ab[2];
    stored_axes(t, n, q);
    for (int i = 0; i < n; i++)
        comp[i] = q[perm[i]];
    int kind = order_kind(comp, n);
    if (kind >= 0)
        return nn_torch_tensor(c, t->src, n, kind);
    if (as_transpose && one_swap(comp, n, ab))
        return nn_torch_unary_op(c, NN_K_OP_TRANSPOSE, "transpose", t, NN_A_TRANSPOSE_DIM, ab, 2,
                              n, 0);
    return nn_torch_unary_op(c, NN_K_OP_PERMUTE, "permute", t, NN_A_PERMUTE_DIM, comp, (size_t)n,
                          n, 0);
}
