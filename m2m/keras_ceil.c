/* keras_ceil.c - nnc's own CeilPooling helper read back as the pooling with
 * ceil_mode it stands for (PyTorch -> Keras -> PyTorch gives back
 * `nn.MaxPool2d(..., ceil_mode=True)`). */
#include <string.h>

#include "m2m/keras_int.h"

/* Is v a tuple or list of 1 to 3 ints known statically (the helper takes
 * either: it calls tuple() on them)? */
static int int_tuple(const struct nn_mval *v)
{
    if (!v || (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST) || v->n < 1 || v->n > 3)
        return 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i]->kind != NN_MV_INT)
            return 0;
    return 1;
}

/* CeilPooling("max"|"average", pool_size, strides, padding=p, name=...): the
 * Keras pooling layer of that rank with ceil_mode and the padding amount. */
struct nn_mval *nn_keras_own_ceil_pooling(struct keras_ctx *c, const struct nn_py_node *at,
                                          struct nn_m2m_args *a)
{
    struct nn_mval *mode = a->npos > 0 ? a->pos[0] : NULL, *pad = a->npos > 3 ? a->pos[3] : NULL;
    struct nn_m2m_args b = *a;
    b.kwname = nn_arena_alloc(c->t.ev.a, (a->nkw + 1) * sizeof *b.kwname);
    b.kw = nn_arena_alloc(c->t.ev.a, (a->nkw + 1) * sizeof *b.kw);
    b.kwnode = nn_arena_alloc(c->t.ev.a, (a->nkw + 1) * sizeof *b.kwnode);
    if (!b.kwname || !b.kw || !b.kwnode)
        return NULL;
    b.nkw = 0;
    for (size_t i = 0; i < a->nkw; i++) { /* padding= is an amount here, a mode in Keras */
        if (strcmp(a->kwname[i], "padding") == 0) {
            pad = a->kw[i];
            continue;
        }
        b.kwname[b.nkw] = a->kwname[i];
        b.kw[b.nkw] = a->kw[i];
        b.kwnode[b.nkw++] = a->kwnode ? a->kwnode[i] : NULL;
    }
    if (!mode || mode->kind != NN_MV_STR || (strcmp(mode->s, "max") && strcmp(mode->s, "average")) ||
        a->npos < 3 || a->npos > 4 || !int_tuple(a->pos[1]) || !int_tuple(a->pos[2]) ||
        a->pos[1]->n != a->pos[2]->n || (pad && (pad->kind != NN_MV_INT || pad->i < 0)))
        return nn_m2m_unmappable(&c->t.ev, at, "CeilPooling expects the mode \"max\" or \"average\", "
                                             "windows and strides of one length, and a padding "
                                             "amount, known statically");
    const char *cls = nn_arena_printf(c->t.ev.a, "%sPooling%zuD",
                                      strcmp(mode->s, "max") == 0 ? "Max" : "Average", a->pos[1]->n);
    b.pos = a->pos + 1;
    b.posnode = a->posnode ? a->posnode + 1 : NULL;
    b.npos = 2;
    const struct keras_class *k = cls ? nn_keras_class_named(cls) : NULL;
    struct nn_mval *v = k ? nn_keras_make_layer(c, at, k, &b) : NULL;
    if (v && v->kind == NN_MV_HOST && v->tag == K_LAYER) {
        struct k_layer *l = v->ptr;
        nn_elem_set_bool(c->t.m, l->proto, NN_A_CEIL_MODE, 1);
        if (pad && pad->i > 0)
            nn_elem_set_int(c->t.m, l->proto, NN_A_PADDING_AMOUNT, pad->i);
    }
    return v;
}
