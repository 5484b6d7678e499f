/* torch_inputs.c - a top-level model whose forward takes several tensors.
 *
 * forward(self, image, features) becomes a network with the named inputs
 * image and features, in the parameters' order (the pivot's inputs:
 * section).  Each input's shape, batch excluded and in the source's layout
 * (channels first for an image), comes from --input-shape NAME=N,N,..., else
 * from the file's sample call model(torch.randn(...), torch.randn(...)),
 * else from a module-level INPUT_SHAPES dict (as nnc writes it), else, once
 * traced, from the in_features of the first Linear reading it.
 * An input called x, inputs or input (names generated code uses) is
 * renamed x_in and so on.  Parameters with a default (mask=None) are no inputs: forward runs with
 * the default, as for a model with one input.
 */
#include <string.h>

#include "m2m/torch_int.h"

/* The sample arguments of one module-level model call. */
struct t_samples {
    const struct nn_m2m_pending *p;
    struct nn_mval **args;
    size_t n;
    struct t_samples *next;
};

void nn_torch_record_samples(struct torch_ctx *c, const struct nn_m2m_pending *p,
                             struct nn_m2m_args *a)
{
    for (const struct t_samples *s = c->samples; s; s = s->next)
        if (s->p == p)
            return;
    struct t_samples *s = nn_arena_alloc(c->t.ev.a, sizeof *s);
    struct nn_mval **args = a->npos ? nn_arena_alloc(c->t.ev.a, a->npos * sizeof *args) : NULL;
    if (!s || (a->npos && !args))
        return;
    if (a->npos)
        memcpy(args, a->pos, a->npos * sizeof *args);
    *s = (struct t_samples){p, args, a->npos, c->samples};
    c->samples = s;
}

/* The arguments node of forward, and how many positional parameters it has. */
static const struct nn_py_node *arguments(const struct nn_mval *fwd, size_t *npos)
{
    const struct nn_py_node *a = fwd->node->n[0];
    *npos = nn_py_list_len(a->n[0]) + nn_py_list_len(a->n[1]);
    return a;
}

size_t nn_torch_forward_arity(const struct nn_mval *fwd)
{
    size_t npos;
    const struct nn_py_node *a = arguments(fwd, &npos);
    size_t required = npos - nn_py_list_len(a->n[6]);
    return required > 1 ? required - 1 : 0;
}

/* The i-th parameter after self (i < arity). */
static const struct nn_py_node *param(const struct nn_mval *fwd, size_t i)
{
    size_t npos;
    const struct nn_py_node *a = arguments(fwd, &npos), *p = a->n[0];
    size_t k = 0;
    for (int l = 0; l < 2; l++, p = a->n[1])
        for (; p; p = p->next, k++)
            if (k == i + 1)
                return p;
    return NULL;
}

/* --input-shape NAME=...: the option naming name, or NULL. */
static const struct nn_named_shape *option_for(const struct torch_ctx *c, const char *name)
{
    const struct nn_read_options *o = c->t.opt;
    for (size_t i = 0; o && i < o->nshapes; i++)
        if (strcmp(o->shapes[i].name, name) == 0)
            return &o->shapes[i];
    return NULL;
}

/* The command line's shapes fit forward's parameters: 1, else 0 after reporting. */
static int check_options(struct torch_ctx *c, const struct nn_mval *fwd, size_t n)
{
    const struct nn_read_options *o = c->t.opt;
    struct nn_loc at = nn_m2m_loc(&c->t.ev, fwd->node);
    if (o && o->input_rank) {
        nn_diag(c->t.ev.d, at, NN_ERROR, "forward takes %zu inputs and --input-shape gives one "
                "shape: name each input's, as in --input-shape %s=N,N,...", n,
                param(fwd, 0)->s[0]);
        return 0;
    }
    for (size_t i = 0; o && i < o->nshapes; i++) {
        size_t k = 0;
        while (k < n && strcmp(param(fwd, k)->s[0], o->shapes[i].name) != 0)
            k++;
        if (k == n) {
            nn_diag(c->t.ev.d, at, NN_ERROR, "--input-shape names '%s', which is not a "
                    "parameter of forward", o->shapes[i].name);
            return 0;
        }
    }
    return 1;
}

/* The shape a module-level INPUT_SHAPES = {"image": (3, 32, 32), ...} gives
 * input name (what nnc writes beside a model of several inputs) into d; its
 * rank, or 0. */
static size_t dict_shape(struct torch_ctx *c, const char *name, long long *d)
{
    struct nn_mval *v = nn_m2m_lookup_here(c->t.ev.globals, "INPUT_SHAPES");
    for (size_t i = 0; v && v->kind == NN_MV_DICT && i < v->n; i++) {
        const char *k = nn_m2m_to_str(&c->t.ev, v->keys[i]);
        const struct nn_mval *t = v->items[i];
        if (!k || strcmp(k, name) != 0 || (t->kind != NN_MV_TUPLE && t->kind != NN_MV_LIST) ||
            t->n > 8)
            continue;
        for (size_t j = 0; j < t->n; j++) {
            if (t->items[j]->kind != NN_MV_INT || t->items[j]->i <= 0)
                return 0;
            d[j] = t->items[j]->i;
        }
        return t->n;
    }
    return 0;
}

/* The shape of input i (batch excluded) into d from the option, the sample
 * call or INPUT_SHAPES; its rank, or 0 when unknown. */
static size_t input_shape(struct torch_ctx *c, const struct t_samples *s, size_t i,
                          const char *name, long long *d)
{
    const struct nn_named_shape *o = option_for(c, name);
    if (o) {
        memcpy(d, o->d, o->rank * sizeof *d);
        return o->rank;
    }
    struct nn_mval *x = s && i < s->n ? s->args[i] : NULL;
    const struct t_tensor *t = x && x->kind == NN_MV_HOST && x->tag == T_TENSOR ? x->ptr : NULL;
    if (!t || t->nshape < 2)
        return dict_shape(c, name, d);
    memcpy(d, t->shape + 1, (size_t)(t->nshape - 1) * sizeof *d);
    return (size_t)t->nshape - 1;
}

/* Names generated code gives its own variables ("input": the reader's
 * name for a network's one input): an input called so is renamed NAME_in. */
static int reserved(const char *name)
{
    static const char *const words[] = {"self", "x", "inputs", "input"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(name, words[i]) == 0)
            return 1;
    return 0;
}

/* Input i of the network, named after forward's parameter: its tensor. */
static struct nn_mval *add_input(struct torch_ctx *c, const struct nn_mval *fwd,
                                 const struct t_samples *s, size_t i)
{
    const struct nn_py_node *p = param(fwd, i);
    struct nn_elem *e = nn_net_add_input(c->t.m, c->t.net);
    if (!e)
        return NULL;
    const char *base = p->s[0];
    if (reserved(base))
        base = nn_arena_printf(c->t.ev.a, "%s_in", base);
    if (!base)
        return NULL;
    e->name = nn_m2m_unique(&c->t.ev, &c->t.names, base); /* modules named alike: a suffix */
    e->loc = e->kind_loc = nn_m2m_loc(&c->t.ev, p);
    long long d[8];
    size_t rank = input_shape(c, s, i, p->s[0], d);
    if (rank)
        nn_elem_set_ints(c->t.m, e, NN_A_INPUT_SHAPE, d, rank);
    return nn_torch_tensor(c, e->name, rank ? (int)rank + 1 : -1, 0);
}

struct nn_mval *nn_torch_trace_inputs(struct torch_ctx *c, struct nn_mval *model,
                                      struct nn_mval *fwd, const struct nn_m2m_pending *p)
{
    size_t n = nn_torch_forward_arity(fwd);
    if (!check_options(c, fwd, n))
        return NULL;
    const struct t_samples *s = c->samples;
    while (s && (!p || s->p != p))
        s = s->next;
    struct nn_mval **pos = nn_arena_alloc(c->t.ev.a, n * sizeof *pos);
    const struct nn_py_node **pn = nn_arena_alloc(c->t.ev.a, n * sizeof *pn);
    if (!pos || !pn)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!(pos[i] = add_input(c, fwd, s, i)))
            return NULL;
        pn[i] = fwd->node;
    }
    struct nn_m2m_args a = {.pos = pos, .posnode = pn, .npos = n};
    return nn_m2m_call_func(&c->t.ev, fwd->node, fwd, model, &a);
}

/* The in_features of the first Linear layer of the root reading input
 * name, or 0. */
static long long linear_reading(const struct nn_network *n, const char *name)
{
    for (size_t i = 0; i < n->nlayers; i++) {
        const struct nn_elem *e = &n->layers[i];
        const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
        if (a && a->v.s && strcmp(a->v.s, name) == 0)
            return e->kind == NN_K_LINEAR ? nn_elem_int(e, NN_A_IN_FEATURES) : 0;
    }
    return 0;
}

void nn_torch_finish_inputs(struct torch_ctx *c)
{
    struct nn_network *n = c->t.net;
    for (size_t i = 0; i < n->ninputs; i++) {
        struct nn_elem *e = &n->inputs[i];
        if (nn_elem_attr(e, NN_A_INPUT_SHAPE))
            continue;
        long long f = linear_reading(n, e->name);
        if (f > 0)
            nn_elem_set_ints(c->t.m, e, NN_A_INPUT_SHAPE, &f, 1);
        else
            nn_diag(c->t.ev.d, e->loc, NN_ERROR, "the shape of input '%s' is unknown: call the "
                    "model on sample inputs in the file, or give --input-shape %s=N,N,... "
                    "(batch excluded, channels first for an image)", e->name, e->name);
    }
}
