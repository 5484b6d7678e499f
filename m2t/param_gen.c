/* param_gen.c - a learned tensor (param) as PyTorch's nn.Parameter and as a
 * small Keras layer holding one weight made by add_weight. */
#include <string.h>

#include "frameworks/pytext.h"
#include "m2t/param_gen.h"
#include "metamodel/shape.h"

/* The tensor's axes into v (the channel axis first when cf); their count. */
static size_t param_axes(const struct nn_elem *e, int cf, long long *v)
{
    size_t n = nn_elem_ints(e, NN_A_TENSOR_SHAPE, v, NN_SHAPE_MAX);
    if (cf && n >= 2) {
        long long ch = v[n - 1];
        memmove(v + 1, v, (n - 1) * sizeof *v);
        v[0] = ch;
    }
    return n;
}

/* "4, 1, 1": the axes as call arguments. */
static const char *axes_args(struct nn_arena *a, const long long *v, size_t n)
{
    const char *t = nn_py_ints(a, v, n, 1); /* "(4, 1, 1)" or "(4,)" */
    if (!t)
        return NULL;
    size_t len = strlen(t);
    if (len >= 3 && t[len - 2] == ',')
        len--;
    return nn_arena_printf(a, "%.*s", (int)(len - 2), t + 1);
}

const char *nn_param_torch_value(struct nn_arena *a, const struct nn_elem *e, int cf)
{
    long long v[NN_SHAPE_MAX];
    const char *dims = axes_args(a, v, param_axes(e, cf, v));
    double x = nn_elem_float(e, NN_A_INIT_VALUE);
    const char *init;
    if (strcmp(nn_elem_str(e, NN_A_INIT_TYPE), "normal") == 0)
        init = nn_arena_printf(a, "torch.randn(%s) * %s", dims, nn_py_float(a, x));
    else if (x == 0)
        init = nn_arena_printf(a, "torch.zeros(%s)", dims);
    else if (x == 1)
        init = nn_arena_printf(a, "torch.ones(%s)", dims);
    else
        init = nn_arena_printf(a, "torch.ones(%s) * %s", dims, nn_py_float(a, x));
    return dims && init ? nn_arena_printf(a, "nn.Parameter(%s)", init) : NULL;
}

const char *nn_param_torch_expand(struct nn_arena *a, const struct nn_elem *e, const char *p,
                                  const char *x)
{
    long long v[NN_SHAPE_MAX];
    size_t n = nn_elem_ints(e, NN_A_TENSOR_SHAPE, v, NN_SHAPE_MAX);
    const char *rest = "";
    for (size_t k = 0; k < n && rest; k++)
        rest = nn_arena_printf(a, "%s, -1", rest);
    return rest ? nn_arena_printf(a, "%s.expand(%s.size(0)%s)", p, x, rest) : NULL;
}

const char *nn_param_keras_layer(struct nn_arena *a, const struct nn_elem *e, const char *name)
{
    long long v[NN_SHAPE_MAX];
    size_t n = param_axes(e, 0, v);
    double x = nn_elem_float(e, NN_A_INIT_VALUE);
    const char *init = strcmp(nn_elem_str(e, NN_A_INIT_TYPE), "normal") == 0
                           ? nn_arena_printf(a, "keras.initializers.RandomNormal(stddev=%s)",
                                             nn_py_float(a, x))
                           : nn_arena_printf(a, "keras.initializers.Constant(%s)", nn_py_float(a, x));
    return nn_arena_printf(a, "LearnedTensor(%s, %s, name=%s)", nn_py_ints(a, v, n, 1), init,
                           nn_py_str(a, name));
}
