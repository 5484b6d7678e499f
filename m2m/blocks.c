/* blocks.c - user blocks of the file become sub-networks (see blocks.h). */
#include "m2m/blocks.h"

#include <ctype.h>
#include <string.h>

/* The block's path: the names on the prefix stack, joined by "_". */
static const char *block_path(struct nn_arena *a, const char *const *prefix, int n)
{
    const char *s = NULL;
    for (int i = 0; i < n; i++)
        if (prefix[i] && prefix[i][0])
            s = s ? nn_arena_printf(a, "%s_%s", s, prefix[i]) : prefix[i];
    return s;
}

size_t nn_block_open(struct nn_blocks *b, struct nn_arena *a, const struct nn_network *net,
                     const char *const *prefix, int nprefix, const char *in_src,
                     const char *last)
{
    if (b->depth++ > 0)
        return NN_NO_SPAN;
    const char *name = block_path(a, prefix, nprefix);
    if (!name || isdigit((unsigned char)name[0])) /* a position: no pivot name */
        return NN_NO_SPAN;
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->spans = nn_arena_grow(a, b->spans, b->n, b->cap, sizeof *b->spans);
    }
    if (!b->spans)
        return NN_NO_SPAN;
    struct nn_block_span *s = &b->spans[b->n];
    memset(s, 0, sizeof *s);
    s->name = name;
    s->m0 = net->nmodules;
    s->in_src = in_src;
    s->fed_by_previous = in_src && (last ? strcmp(last, in_src) == 0
                                         : strcmp(in_src, "input") == 0);
    return b->n++;
}

void nn_block_close(struct nn_blocks *b, const struct nn_network *net, size_t span,
                    const char *out_src)
{
    b->depth--;
    if (span == NN_NO_SPAN)
        return;
    b->spans[span].m1 = net->nmodules;
    b->spans[span].out_src = out_src;
}

/* ---- after tracing ---------------------------------------------------------- */

static int in_span(struct nn_network *n, const struct nn_block_span *s, const char *name)
{
    for (size_t i = s->m0; i < s->m1; i++)
        if (strcmp(n->modules[i].name, name) == 0)
            return 1;
    return 0;
}

/* The module names e reads explicitly, through fn(ctx, slot); 0 stops. */
typedef int (*ref_fn)(void *ctx, const char **slot);

static int each_ref(struct nn_elem *e, ref_fn fn, void *ctx)
{
    struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a && a->v.s && !fn(ctx, &a->v.s))
        return 0;
    a = (struct nn_attr *)nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    for (size_t k = 0; a && k < a->v.n; k++)
        if (a->v.items[k].type == NN_V_NAME && a->v.items[k].s && !fn(ctx, &a->v.items[k].s))
            return 0;
    return 1;
}

struct ref_check {
    struct nn_network *n;
    const struct nn_block_span *s;
    int inside;                     /* the reading module is in the span */
};

/* Inside: only the span's modules and its input; outside: none but its last. */
static int ref_ok(void *ctx, const char **slot)
{
    struct ref_check *k = ctx;
    const char *last = k->n->modules[k->s->m1 - 1].name;
    if (k->inside)
        return in_span(k->n, k->s, *slot) || strcmp(*slot, k->s->in_src) == 0;
    return !in_span(k->n, k->s, *slot) || strcmp(*slot, last) == 0;
}

/* Can span s become a sub-network? */
static int extractable(struct nn_network *n, const struct nn_block_span *s)
{
    if (!s->fed_by_previous || !s->out_src || s->m1 <= s->m0 ||
        strcmp(s->out_src, n->modules[s->m1 - 1].name) != 0)
        return 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *e = nn_m2m_elem_named(n, n->modules[i].name);
        struct ref_check k = {n, s, i >= s->m0 && i < s->m1};
        if (!e) {
            if (k.inside)
                return 0;
            continue;
        }
        if (!each_ref(e, ref_ok, &k))
            return 0;
    }
    return 1;
}

struct renamer {
    struct nn_model *m;
    struct nn_arena *a;
    struct nn_network *n;
    const struct nn_block_span *s;
    const char *sub;                /* the sub-network's name */
    int inside;
};

/* A module's name inside the sub-network: the block's prefix dropped. */
static const char *local_name(struct nn_arena *a, const struct nn_block_span *s,
                              const char *name)
{
    size_t k = strlen(s->name);
    if (strncmp(name, s->name, k) == 0 && name[k] == '_' && name[k + 1])
        return nn_arena_strdup(a, name + k + 1);
    return name;
}

static int rename_ref(void *ctx, const char **slot)
{
    struct renamer *r = ctx;
    if (r->inside)
        *slot = in_span(r->n, r->s, *slot) ? local_name(r->a, r->s, *slot) : "input";
    else if (in_span(r->n, r->s, *slot))
        *slot = r->sub;
    return 1;
}

/* Remove e (a layer or op of n) from its array. */
static void remove_elem(struct nn_network *n, struct nn_elem *e)
{
    if (e >= n->layers && e < n->layers + n->nlayers) {
        size_t i = (size_t)(e - n->layers);
        memmove(e, e + 1, (n->nlayers - i - 1) * sizeof *e);
        n->nlayers--;
    } else {
        size_t i = (size_t)(e - n->ops);
        memmove(e, e + 1, (n->nops - i - 1) * sizeof *e);
        n->nops--;
    }
}

/* Copy the span's modules into sub (renamed), then drop them from n. */
static int move_modules(struct renamer *r, struct nn_network *sub)
{
    struct nn_network *n = r->n;
    int explicit = 0;
    for (size_t i = r->s->m0; i < r->s->m1; i++) {
        struct nn_elem *e = nn_m2m_elem_named(n, n->modules[i].name);
        int layer = e >= n->layers && e < n->layers + n->nlayers;
        struct nn_elem *d = layer ? nn_net_add_layer(r->m, sub) : nn_net_add_op(r->m, sub);
        struct nn_module *mod = nn_net_add_module(r->m, sub);
        if (!d || !mod)
            return 0;
        *d = *e;
        d->name = local_name(r->a, r->s, e->name);
        mod->name = d->name;
        mod->loc = n->modules[i].loc;
        r->inside = 1;
        each_ref(d, rename_ref, r);
        explicit |= !layer || nn_elem_has(d, NN_A_NAME_LAYER_INPUT);
    }
    sub->has_modules = explicit;
    return 1;
}

/* Turn span s into sub-network: move its modules, rewire the readers. */
static void extract(struct nn_m2m_eval *ev, struct nn_m2m_names *names, struct nn_model *m,
                    struct nn_network *n, const struct nn_block_span *s)
{
    struct nn_network *sub = nn_net_add_subnet(m, &m->net);
    if (!sub)
        return;
    struct renamer r = {m, ev->a, n, s, nn_m2m_unique(ev, names, s->name), 0};
    sub->head.name = r.sub;
    if (!move_modules(&r, sub))
        return;
    r.inside = 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *e = i < s->m0 || i >= s->m1 ? nn_m2m_elem_named(n, n->modules[i].name) : NULL;
        if (e)
            each_ref(e, rename_ref, &r);
    }
    for (size_t i = s->m0; i < s->m1; i++)
        remove_elem(n, nn_m2m_elem_named(n, n->modules[i].name));
    n->modules[s->m0].name = r.sub;
    memmove(&n->modules[s->m0 + 1], &n->modules[s->m1],
            (n->nmodules - s->m1) * sizeof *n->modules);
    n->nmodules -= s->m1 - s->m0 - 1;
}

void nn_blocks_extract(struct nn_blocks *b, struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                       struct nn_model *m, struct nn_network *n)
{
    size_t first = m->net.nsubnets;
    for (size_t i = b->n; i-- > 0;) /* last first: earlier spans keep their indices */
        if (b->spans[i].m1 <= n->nmodules && extractable(n, &b->spans[i]))
            extract(ev, names, m, n, &b->spans[i]);
    struct nn_network *sub = m->net.subnets; /* back to forward order */
    for (size_t i = first, j = m->net.nsubnets; sub && i + 1 < j; i++, j--) {
        struct nn_network t = sub[i];
        sub[i] = sub[j - 1];
        sub[j - 1] = t;
    }
}
