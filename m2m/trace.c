/* trace.c - the trace builder the framework readers share (see trace.h). */
#include "m2m/trace.h"

#include <string.h>

int nn_m2m_trace_is_previous(const struct nn_m2m_trace *t, const char *src)
{
    return t->last ? strcmp(t->last, src) == 0 : strcmp(src, "input") == 0;
}

void nn_m2m_trace_add_module(struct nn_m2m_trace *t, struct nn_elem *e)
{
    struct nn_module *mod = nn_net_add_module(t->m, t->net);
    /* the expression of the source that applied it: where the generators
     * point when a target cannot express the module */
    struct nn_loc at = t->ev.site ? nn_m2m_loc(&t->ev, t->ev.site) : e->loc;
    if (!e->loc.src)
        e->loc = at;
    if (mod) {
        mod->name = e->name;
        mod->loc = at;
    }
    t->net->has_modules = 1;
    t->last = e->name;
}

void nn_m2m_trace_place_gaps(struct nn_m2m_trace *t)
{
    const char *last = nn_m2m_place_gaps(&t->ev, &t->names, t->m, t->net);
    if (last)
        t->last = last;
}

struct nn_elem *nn_m2m_trace_emit_layer(struct nn_m2m_trace *t, const struct nn_elem *proto,
                                        const char *name, const char *src)
{
    int previous = nn_m2m_trace_is_previous(t, src);
    nn_m2m_trace_place_gaps(t); /* a gap before e feeds it when e takes the previous module */
    struct nn_elem *e = nn_net_add_layer(t->m, t->net);
    if (!e)
        return NULL;
    e->kind = proto->kind;
    e->loc = proto->loc; /* the constructor: where its values were given */
    for (size_t i = 0; i < proto->nattrs; i++)
        nn_elem_set(t->m, e, proto->attrs[i].id, proto->attrs[i].v);
    e->name = name;
    if (!previous)
        nn_elem_set_string(t->m, e, NN_A_NAME_LAYER_INPUT, src);
    nn_m2m_trace_add_module(t, e);
    return e;
}

/* Name v and, inside lists and dicts, its items (name, sep, the position or key). */
static void name_items(struct nn_m2m_eval *ev, struct nn_mval *v, const char *name,
                       const char **(*host_name)(struct nn_mval *v), char sep)
{
    const char **slot = v->kind == NN_MV_HOST ? host_name(v) : NULL;
    if (slot && !*slot)
        *slot = name;
    else if (v->kind == NN_MV_OBJ && !v->origin)
        v->origin = name;
    else if (v->kind == NN_MV_LIST || v->kind == NN_MV_TUPLE)
        for (size_t i = 0; i < v->n; i++)
            name_items(ev, v->items[i], nn_arena_printf(ev->a, "%s%c%zu", name, sep, i),
                       host_name, sep);
    else if (v->kind == NN_MV_DICT)
        for (size_t i = 0; i < v->n; i++) {
            const char *k = nn_m2m_to_str(ev, v->keys[i]);
            name_items(ev, v->items[i],
                       nn_arena_printf(ev->a, "%s%c%s", name, sep, k ? k : "item"), host_name,
                       sep);
        }
}

void nn_m2m_trace_name(struct nn_m2m_eval *ev, struct nn_mval *v, const char *name,
                       const char **(*host_name)(struct nn_mval *v))
{
    name_items(ev, v, name, host_name, '_');
}

void nn_m2m_trace_path_name(struct nn_m2m_eval *ev, struct nn_mval *v, const char *name,
                            const char **(*host_name)(struct nn_mval *v))
{
    name_items(ev, v, name, host_name, '.');
}

struct nn_elem *nn_m2m_trace_config(struct nn_m2m_trace *t)
{
    struct nn_elem *e = nn_elem_new(t->m, NN_K_CONFIG);
    if (!e)
        return NULL;
    nn_elem_set_int(t->m, e, NN_A_BATCH_SIZE, t->batch_size);
    nn_elem_set_int(t->m, e, NN_A_EPOCHS, t->epochs);
    nn_elem_set_float(t->m, e, NN_A_LEARNING_RATE, t->lr);
    nn_elem_set_string(t->m, e, NN_A_OPTIMISER, t->optimiser);
    nn_elem_set_name(t->m, e, NN_A_LOSS_FUNCTION, t->loss);
    nn_elem_set_float(t->m, e, NN_A_WEIGHT_DECAY, t->weight_decay);
    nn_elem_set_float(t->m, e, NN_A_MOMENTUM, t->momentum);
    t->m->net.config = e;
    return e;
}

int nn_m2m_trace_block_room(struct nn_m2m_trace *t, const struct nn_py_node *at, int need)
{
    if (t->nest_reported)
        return 0;
    if (t->nprefix + need <= NN_M2M_MAX_PREFIX)
        return 1;
    /* a limit, not an unmappable construct: an error even with --keep-going */
    nn_diag(t->ev.d, nn_m2m_loc(&t->ev, at), NN_ERROR,
            "blocks nest more than %d levels deep (nnc's limit)", NN_M2M_MAX_PREFIX);
    t->nest_reported = 1;
    return 0;
}
