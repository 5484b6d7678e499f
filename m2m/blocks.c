/* blocks.c - user blocks of the file become sub-networks (see blocks.h). */
#include "m2m/blocks.h"

#include <ctype.h>
#include <string.h>

/* The block's path: the names on the prefix stack, joined by "_", any
 * character a name cannot hold (the dots of a PyTorch path) as "_". */
static const char *block_path(struct nn_arena *a, const char *const *prefix, int n)
{
    const char *s = NULL;
    for (int i = 0; i < n; i++)
        if (prefix[i] && prefix[i][0])
            s = s ? nn_arena_printf(a, "%s_%s", s, prefix[i]) : prefix[i];
    char *clean = s ? nn_arena_strdup(a, s) : NULL;
    for (char *p = clean; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return clean;
}

size_t nn_block_open(struct nn_blocks *b, struct nn_arena *a, const struct nn_network *net,
                     const char *const *prefix, int nprefix, const char *in_src,
                     const char *last, const void *obj, int shared_only)
{
    int level = b->depth;
    if (!shared_only)
        b->depth++;
    if (level > 0 && (shared_only || !b->nested_spans))
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
    s->obj = obj;
    s->shared_only = shared_only;
    s->level = level;
    s->in_src = in_src;
    s->fed_by_previous = in_src && (last ? strcmp(last, in_src) == 0
                                         : strcmp(in_src, "input") == 0);
    return b->n++;
}

void nn_block_set_class(struct nn_blocks *b, size_t span, const struct nn_mval *obj)
{
    if (span == NN_NO_SPAN || !obj || obj->kind != NN_MV_OBJ || !obj->cls ||
        obj->cls->kind != NN_MV_CLASS)
        return;
    b->spans[span].cls = obj->cls->origin;
}

void nn_block_close(struct nn_blocks *b, const struct nn_network *net, size_t span,
                    const char *out_src, int shared_only)
{
    b->depth -= !shared_only;
    if (span == NN_NO_SPAN)
        return;
    b->spans[span].m1 = net->nmodules;
    b->spans[span].out_src = out_src;
}

struct nn_block_span *nn_block_applied(struct nn_blocks *b, const void *obj)
{
    if (b->depth > 0 || !obj)
        return NULL;
    for (size_t i = 0; i < b->n; i++)
        if (b->spans[i].obj == obj && b->spans[i].level == 0)
            return &b->spans[i];
    return NULL;
}

const char *nn_block_apply_again(struct nn_m2m_eval *ev,
                                 struct nn_m2m_names *names, struct nn_model *m,
                                 struct nn_network *net, struct nn_block_span *s,
                                 const struct nn_py_node *at, const char *in_src,
                                 const char *last, int same_input)
{
    int fed = in_src && (last ? strcmp(last, in_src) == 0 : strcmp(in_src, "input") == 0);
    if (!fed || !same_input) {
        nn_m2m_unmappable(ev, at, "'%s' is applied again %s (shared weights are a "
                          "sub-network used twice, whose input is the previous module's "
                          "output)", s->name,
                          !fed ? "to a value other than the one just computed"
                               : "to a tensor of another rank or layout");
        return NULL;
    }
    if (!s->sub)
        s->sub = nn_m2m_unique(ev, names, s->name);
    if (!s->again)
        s->again = at;
    struct nn_module *mod = nn_net_add_module(m, net);
    if (!mod)
        return NULL;
    mod->name = s->sub;
    mod->loc = nn_m2m_loc(ev, at);
    net->has_modules = 1;
    return s->sub;
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
    a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_KV_INPUT);
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
        struct nn_elem *e = nn_net_elem_named(n, n->modules[i].name);
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

/* A module's name inside the sub-network: the block's prefix dropped; a
 * position (an nn.Sequential subclass's item "0") gets its kind in front,
 * as the reader names a top-level Sequential's items ("conv2d_0"). */
static const char *local_name(struct nn_arena *a, struct nn_network *n,
                              const struct nn_block_span *s, const char *name)
{
    size_t k = strlen(s->name);
    if (strncmp(name, s->name, k) != 0 || name[k] != '_' || !name[k + 1])
        return name;
    const struct nn_elem *e = isdigit((unsigned char)name[k + 1]) ? nn_net_elem_named(n, name) : NULL;
    if (!e)
        return nn_arena_strdup(a, name + k + 1);
    char *kind = nn_arena_strdup(a, nn_kind_name(e->kind));
    for (char *p = kind; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return nn_arena_printf(a, "%s_%s", kind ? kind : "layer", name + k + 1);
}

static int rename_ref(void *ctx, const char **slot)
{
    struct renamer *r = ctx;
    if (r->inside)
        *slot = in_span(r->n, r->s, *slot) ? local_name(r->a, r->n, r->s, *slot) : "input";
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
        struct nn_elem *e = nn_net_elem_named(n, n->modules[i].name);
        int layer = e >= n->layers && e < n->layers + n->nlayers;
        struct nn_elem *d = layer ? nn_net_add_layer(r->m, sub) : nn_net_add_op(r->m, sub);
        struct nn_module *mod = nn_net_add_module(r->m, sub);
        if (!d || !mod)
            return 0;
        *d = *e;
        d->name = local_name(r->a, n, r->s, e->name);
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
                    struct nn_network *n, struct nn_block_span *s)
{
    struct nn_network *sub = nn_net_add_subnet(m, &m->net);
    if (!sub)
        return;
    struct renamer r = {m, ev->a, n, s, s->sub ? s->sub : nn_m2m_unique(ev, names, s->name), 0};
    sub->head.name = r.sub;
    if (s->cls)
        nn_elem_set_name(m, &sub->head, NN_A_SOURCE_CLASS, s->cls);
    if (!move_modules(&r, sub))
        return;
    r.inside = 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *e = i < s->m0 || i >= s->m1 ? nn_net_elem_named(n, n->modules[i].name) : NULL;
        if (e)
            each_ref(e, rename_ref, &r);
    }
    for (size_t i = s->m0; i < s->m1; i++)
        remove_elem(n, nn_net_elem_named(n, n->modules[i].name));
    n->modules[s->m0].name = r.sub;
    s->sub = r.sub;
    s->moved = 1;
    memmove(&n->modules[s->m0 + 1], &n->modules[s->m1],
            (n->nmodules - s->m1) * sizeof *n->modules);
    n->nmodules -= s->m1 - s->m0 - 1;
}

/* Span s became one module: move the indices of the spans after it or
 * around it. */
static void shift_spans(struct nn_blocks *b, const struct nn_block_span *s)
{
    size_t d = s->m1 - s->m0 - 1;
    for (size_t i = 0; i < b->n; i++) {
        struct nn_block_span *o = &b->spans[i];
        if (o == s || o->m1 < o->m0) /* not closed: the trace stopped inside */
            continue;
        if (o->m0 >= s->m1) {
            o->m0 -= d;
            o->m1 -= d;
        } else if (o->m0 <= s->m0 && s->m1 <= o->m1) {
            o->m1 -= d;
        }
    }
}

/* Remove the modules called name from n. */
static void drop_modules(struct nn_network *n, const char *name)
{
    size_t k = 0;
    for (size_t i = 0; i < n->nmodules; i++)
        if (strcmp(n->modules[i].name, name) != 0)
            n->modules[k++] = n->modules[i];
    n->nmodules = k;
}

/* Will span s be considered for a sub-network? */
static int candidate(const struct nn_block_span *s)
{
    return !s->shared_only || s->again;
}

/* Is span s inside another candidate (sub-networks do not nest)? */
static int nested(const struct nn_blocks *b, const struct nn_block_span *s)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct nn_block_span *o = &b->spans[i];
        if (o != s && candidate(o) && o->m0 <= s->m0 && s->m1 <= o->m1 &&
            (o->m1 - o->m0 > s->m1 - s->m0 || o < s))
            return 1;
    }
    return 0;
}

/* Is nested span s inside a block applied with several arguments, and
 * inside no span that moved? */
static int inner_candidate(const struct nn_blocks *b, const struct nn_block_span *s)
{
    int several = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct nn_block_span *o = &b->spans[i];
        if (o == s || !candidate(o) || o->level >= s->level ||
            !(o->m0 <= s->m0 && s->m1 <= o->m1))
            continue;
        if (o->moved)
            return 0;
        several |= o->several;
    }
    return several;
}

/* The blocks nested `level` deep, candidates once their enclosing spans
 * stayed inlined; the last first keeps the earlier indices. */
static void extract_inner(struct nn_blocks *b, struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                          struct nn_model *m, struct nn_network *n, int level)
{
    for (size_t i = b->n; i-- > 0;) {
        struct nn_block_span *s = &b->spans[i];
        if (s->level == level && candidate(s) && s->m1 <= n->nmodules &&
            inner_candidate(b, s) && extractable(n, s)) {
            extract(ev, names, m, n, s);
            shift_spans(b, s);
        }
    }
}

/* The position in n of the first module naming sub-network sub. */
static size_t first_use(const struct nn_network *n, const char *sub)
{
    for (size_t i = 0; i < n->nmodules; i++)
        if (strcmp(n->modules[i].name, sub) == 0)
            return i;
    return n->nmodules;
}

/* Sort the sub-networks from `first` on by their first use in n. */
static void order_subnets(struct nn_model *m, const struct nn_network *n, size_t first)
{
    struct nn_network *sub = m->net.subnets;
    for (size_t i = first + 1; sub && i < m->net.nsubnets; i++) {
        struct nn_network t = sub[i];
        size_t at = first_use(n, t.head.name), j = i;
        for (; j > first && first_use(n, sub[j - 1].head.name) > at; j--)
            sub[j] = sub[j - 1];
        sub[j] = t;
    }
}

void nn_blocks_extract(struct nn_blocks *b, struct nn_m2m_eval *ev, struct nn_m2m_names *names,
                       struct nn_model *m, struct nn_network *n)
{
    size_t first = m->net.nsubnets;
    int deepest = 0;
    /* Candidates are disjoint once the nested ones are left out, and were
     * opened in module order: the last first keeps the earlier indices. */
    for (size_t i = b->n; i-- > 0;) {
        struct nn_block_span *s = &b->spans[i];
        deepest = s->level > deepest ? s->level : deepest;
        if (!candidate(s) || s->level > 0 || (nested(b, s) && !s->again))
            continue;
        if (s->m1 <= n->nmodules && !nested(b, s) && extractable(n, s)) {
            extract(ev, names, m, n, s);
            shift_spans(b, s);
        } else if (s->again && nn_m2m_unmappable(ev, s->again, "'%s' is applied again, but its "
                                               "first application cannot become a sub-network "
                                               "(it must follow the previous module and be "
                                               "self-contained): shared weights have no other "
                                               "pivot equivalent", s->name))
            drop_modules(n, s->sub); /* --keep-going: the later applications pass through */
    }
    for (int level = 1; level <= deepest; level++)
        extract_inner(b, ev, names, m, n, level);
    nn_m2m_place_gaps(ev, names, m, n); /* after the last module */
    struct nn_network *sub = m->net.subnets; /* back to forward order */
    for (size_t i = first, j = m->net.nsubnets; sub && i + 1 < j; i++, j--) {
        struct nn_network t = sub[i];
        sub[i] = sub[j - 1];
        sub[j - 1] = t;
    }
    if (deepest > 0)
        order_subnets(m, n, first);
}

struct nn_network *nn_blocks_locate(const struct nn_blocks *b, struct nn_model *m,
                                    const char *name, const char **local)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct nn_block_span *s = &b->spans[i];
        size_t k = strlen(s->name);
        if (!s->moved || strncmp(name, s->name, k) != 0 || name[k] != '_')
            continue;
        for (size_t j = 0; j < m->net.nsubnets; j++) {
            struct nn_network *sub = &m->net.subnets[j];
            if (strcmp(sub->head.name, s->sub) == 0 && nn_net_elem_named(sub, name + k + 1)) {
                *local = name + k + 1;
                return sub;
            }
        }
    }
    *local = name;
    return &m->net;
}
