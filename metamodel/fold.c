/* fold.c - folding standalone activations into the layer before them, and
 * adaptive pooling to size 1 then Flatten into a global pooling.
 *
 * Framework-independent post-passes over a built network: an Activation
 * module whose input is a layer with no activation, whose output nothing
 * else uses, becomes that layer's actv_func (with its slope and axis), and
 * every reference to the Activation is redirected to the layer.  An
 * adaptive pooling to output size 1 whose only reader is a Flatten (maybe
 * through a permute, which moves only axes of size 1 there) computes a
 * global pooling: the pooling becomes one and the rest goes.
 */
#include <stdint.h>
#include <string.h>

#include "metamodel/fold.h"
#include "metamodel/symtab.h"

/* The module feeding module i: its name_layer_input, layers_of_tensors[0] for
 * one-input ops, or the module before it ("input" for the first). */
static const char *input_of(const struct nn_network *n, size_t i, const struct nn_elem *e)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
    if (a)
        return a->v.s;
    return i ? n->modules[i - 1].name : "input";
}

/* How many modules read name's output (the network output counts once). */
static int readers(struct nn_network *n, const char *name)
{
    int count = n->nmodules && strcmp(n->modules[n->nmodules - 1].name, name) == 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        struct nn_elem *e = nn_net_elem_named(n, n->modules[i].name);
        if (!e)
            continue;
        const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
        if (a) {
            for (size_t k = 0; k < a->v.n; k++)
                count += a->v.items[k].s && strcmp(a->v.items[k].s, name) == 0;
        } else if (strcmp(input_of(n, i, e), name) == 0) {
            count++;
        }
        const struct nn_attr *kv = nn_elem_attr(e, NN_A_NAME_KV_INPUT); /* attention */
        count += kv && kv->v.s && strcmp(kv->v.s, name) == 0;
    }
    return count;
}

/* Replace references to `from` with `to` after module index i. */
static void redirect(struct nn_model *m, struct nn_network *n, size_t i, const char *from,
                     const char *to)
{
    for (size_t k = i + 1; k < n->nmodules; k++) {
        struct nn_elem *e = nn_net_elem_named(n, n->modules[k].name);
        if (!e)
            continue;
        struct nn_attr *a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_LAYER_INPUT);
        if (a && strcmp(a->v.s, from) == 0)
            nn_elem_set_string(m, e, NN_A_NAME_LAYER_INPUT, to);
        a = (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_KV_INPUT);
        if (a && a->v.s && strcmp(a->v.s, from) == 0)
            nn_elem_set_string(m, e, NN_A_NAME_KV_INPUT, to);
        a = (struct nn_attr *)nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
        for (size_t j = 0; a && j < a->v.n; j++)
            if (a->v.items[j].s && strcmp(a->v.items[j].s, from) == 0)
                a->v.items[j].s = to;
    }
}

/* Remove module i and the layer or op it names. */
static void drop_module(struct nn_network *n, size_t i, struct nn_elem *e)
{
    memmove(&n->modules[i], &n->modules[i + 1], (n->nmodules - i - 1) * sizeof *n->modules);
    n->nmodules--;
    int layer = e >= n->layers && e < n->layers + n->nlayers;
    struct nn_elem *base = layer ? n->layers : n->ops;
    size_t *count = layer ? &n->nlayers : &n->nops, k = (size_t)(e - base);
    memmove(&base[k], &base[k + 1], (*count - k - 1) * sizeof *base);
    (*count)--;
}

/* Is module j the only reader of module i's output, and is it of kind k? */
static struct nn_elem *sole_reader(struct nn_network *n, size_t i, size_t j, enum nn_kind k)
{
    struct nn_elem *e = j < n->nmodules ? nn_net_elem_named(n, n->modules[j].name) : NULL;
    if (!e || e->kind != k || readers(n, n->modules[i].name) != 1)
        return NULL;
    const struct nn_attr *a = nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS);
    const char *src = a ? (a->v.n == 1 && a->v.items[0].s ? a->v.items[0].s : "") : input_of(n, j, e);
    return strcmp(src, n->modules[i].name) == 0 ? e : NULL;
}

/* An adaptive pooling to size 1 at module i, read by a Flatten: a global pooling. */
static int fold_global(struct nn_model *m, struct nn_network *n, size_t i)
{
    struct nn_elem *p = nn_net_elem_named(n, n->modules[i].name), *f;
    long long out[3];
    size_t k = p && p->kind == NN_K_POOLING ? nn_elem_ints(p, NN_A_OUTPUT_DIM, out, 3) : 0;
    const char *type = k ? nn_elem_str(p, NN_A_POOLING_TYPE) : "";
    if (strncmp(type, "adaptive_", 9) != 0)
        return 0;
    while (k-- > 0)
        if (out[k] != 1)
            return 0;
    size_t j = i + 1;
    if (sole_reader(n, i, j, NN_K_OP_PERMUTE))
        j++;
    if (!(f = sole_reader(n, j - 1, j, NN_K_FLATTEN)) || nn_elem_int(f, NN_A_START_DIM) != 1 ||
        nn_elem_int(f, NN_A_END_DIM) != -1)
        return 0;
    nn_elem_set_name(m, p, NN_A_POOLING_TYPE, nn_arena_printf(&m->arena, "global_%s", type + 9));
    nn_elem_unset(p, NN_A_OUTPUT_DIM);
    const char *from = f->name, *to = p->name;
    while (j > i)
        drop_module(n, j, nn_net_elem_named(n, n->modules[j].name)), j--;
    redirect(m, n, i, from, to);
    return 1;
}

void nn_fold_global_pools(struct nn_model *m, struct nn_network *n)
{
    for (size_t i = 0; i < n->nmodules; i++)
        fold_global(m, n, i);
}

/* The state of one activation-folding pass: every module's element, its
 * readers and what a folded activation became, by module index (linear: the
 * arrays change once, at the end). */
struct afold {
    struct nn_network *n;
    struct nn_symtab *pos;   /* module name -> first module index */
    struct nn_elem **el;     /* the element each module names */
    int *nread;              /* readers of each module's output (by first index) */
    const char **alias;      /* a folded activation: the layer it became, else NULL */
    char *dup;               /* the name is used by more than one module */
};

/* The first module index of name, or -1. */
static long long mod_index(const struct afold *f, const char *name)
{
    int tag;
    size_t k;
    return name && nn_symtab_get(f->pos, name, &tag, &k) ? (long long)k : -1;
}

/* name, or the layer it was folded into. */
static const char *resolve(const struct afold *f, const char *name)
{
    long long k = mod_index(f, name);
    return k >= 0 && f->alias[k] ? f->alias[k] : name;
}

/* Index the modules and count the readers of each (the output counts once). */
static int afold_init(struct nn_model *m, struct afold *f)
{
    struct nn_network *n = f->n;
    size_t nm = n->nmodules;
    if (nm > SIZE_MAX / sizeof(struct nn_elem *) || !(f->pos = nn_symtab_new(&m->arena, nm)))
        return 0;
    f->el = nn_arena_alloc(&m->arena, nm * sizeof *f->el);
    f->nread = nn_arena_alloc(&m->arena, nm * sizeof *f->nread);
    f->alias = nn_arena_alloc(&m->arena, nm * sizeof *f->alias);
    f->dup = nn_arena_alloc(&m->arena, nm);
    if (!f->el || !f->nread || !f->alias || !f->dup)
        return 0;
    for (size_t i = 0; i < nm; i++) {
        f->el[i] = nn_net_elem_named(n, n->modules[i].name);
        int put = nn_symtab_put(&m->arena, f->pos, n->modules[i].name, 0, i);
        if (put < 0)
            return 0;
        if (put == 0)
            f->dup[mod_index(f, n->modules[i].name)] = 1;
    }
    long long k = mod_index(f, n->modules[nm - 1].name);
    f->nread[k]++;
    for (size_t i = 0; i < nm; i++) {
        const struct nn_attr *a = f->el[i] ? nn_elem_attr(f->el[i], NN_A_LAYERS_OF_TENSORS) : NULL;
        for (size_t j = 0; a && j < a->v.n; j++)
            if ((k = mod_index(f, a->v.items[j].s)) >= 0)
                f->nread[k]++;
        if (f->el[i] && !a && (k = mod_index(f, input_of(n, i, f->el[i]))) >= 0)
            f->nread[k]++;
        const struct nn_attr *kv = f->el[i] ? nn_elem_attr(f->el[i], NN_A_NAME_KV_INPUT) : NULL;
        if (kv && (k = mod_index(f, kv->v.s)) >= 0) /* attention's keys and values */
            f->nread[k]++;
    }
    return 1;
}

/* Fold module i into the layer it reads when it is an Activation that the
 * layer's only reader, and the layer has no activation of its own. */
static void fold_one(struct nn_model *m, struct afold *f, size_t i)
{
    static const enum nn_attr_id carried[] = {NN_A_ACTV_FUNC, NN_A_NEGATIVE_SLOPE, NN_A_ACTV_DIM,
                                                NN_A_ALPHA};
    struct nn_elem *act = f->el[i];
    if (i == 0 || !act || act->kind != NN_K_ACTIVATION || f->dup[i])
        return;
    const char *src = resolve(f, input_of(f->n, i, act));
    long long k = mod_index(f, src);
    struct nn_elem *l = k >= 0 ? f->el[k] : NULL;
    if (!l || f->dup[k] || !nn_kind_fuses_activation(l->kind) || nn_elem_has(l, NN_A_ACTV_FUNC) ||
        f->nread[k] != 1)
        return;
    for (size_t c = 0; c < sizeof carried / sizeof *carried; c++) {
        const struct nn_attr *a = nn_elem_attr(act, carried[c]);
        if (a)
            nn_elem_set(m, l, carried[c], a->v);
    }
    if (act->c.lead && !l->c.lead)
        l->c.lead = act->c.lead;
    f->alias[i] = l->name;
    f->nread[k] = f->nread[i]; /* the activation's readers now read the layer */
}

/* Point references to folded activations at their layers; a module that
 * then names the module just before it needs no reference. */
static void afold_redirect(struct nn_model *m, struct afold *f, size_t i, const char *prev)
{
    struct nn_elem *e = f->el[i];
    struct nn_attr *a = e ? (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_LAYER_INPUT) : NULL;
    if (a && resolve(f, a->v.s) != a->v.s) {
        const char *to = resolve(f, a->v.s);
        if (prev && strcmp(to, prev) == 0)
            nn_elem_unset(e, NN_A_NAME_LAYER_INPUT);
        else
            nn_elem_set_string(m, e, NN_A_NAME_LAYER_INPUT, to);
    }
    a = e ? (struct nn_attr *)nn_elem_attr(e, NN_A_NAME_KV_INPUT) : NULL;
    if (a && resolve(f, a->v.s) != a->v.s)
        nn_elem_set_string(m, e, NN_A_NAME_KV_INPUT, resolve(f, a->v.s));
    a = e ? (struct nn_attr *)nn_elem_attr(e, NN_A_LAYERS_OF_TENSORS) : NULL;
    for (size_t j = 0; a && j < a->v.n; j++)
        if (a->v.items[j].s)
            a->v.items[j].s = resolve(f, a->v.items[j].s);
}

/* Drop the folded modules and their layers, in one pass each. */
static void afold_compact(struct nn_model *m, struct afold *f)
{
    struct nn_network *n = f->n;
    char *gone = nn_arena_alloc(&m->arena, n->nlayers ? n->nlayers : 1);
    if (!gone)
        return; /* out of memory: the arena's flag fails the run */
    size_t w = 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        if (f->alias[i]) {
            if (f->el[i] >= n->layers && f->el[i] < n->layers + n->nlayers)
                gone[f->el[i] - n->layers] = 1;
            continue;
        }
        afold_redirect(m, f, i, w ? n->modules[w - 1].name : NULL);
        n->modules[w++] = n->modules[i];
    }
    n->nmodules = w;
    w = 0;
    for (size_t i = 0; i < n->nlayers; i++)
        if (!gone[i])
            n->layers[w++] = n->layers[i];
    n->nlayers = w;
}

void nn_fold_activations(struct nn_model *m, struct nn_network *n)
{
    struct afold f = {.n = n};
    if (n->nmodules < 2 || !afold_init(m, &f))
        return;
    size_t folded = 0;
    for (size_t i = 0; i < n->nmodules; i++) {
        fold_one(m, &f, i);
        folded += f.alias[i] != NULL;
    }
    if (folded)
        afold_compact(m, &f);
}
