/* inputs_gen.c - several named inputs in generated code (see inputs_gen.h). */
#include "m2t/inputs_gen.h"

#include <string.h>

int nn_gen_several_inputs(const struct nn_gen *g, const struct nn_network *net)
{
    return net == &g->m->net && net->ninputs > 1;
}

const char *nn_gen_arg_var(struct nn_gen *g, const struct nn_network *net,
                           const struct nn_flow *f, const struct nn_flow_arg *arg)
{
    if (arg->src == NN_FLOW_INPUT && nn_gen_several_inputs(g, net) && arg->input < net->ninputs)
        return net->inputs[arg->input].name;
    return nn_gen_var(g, net, f, arg->src);
}

/* Append s to the arena string *acc (sep between items). */
static void append(struct nn_gen *g, const char **acc, const char *sep, const char *s)
{
    *acc = *acc ? nn_arena_printf(g->a, "%s%s%s", *acc, sep, s) : s;
}

const char *nn_gen_input_names(struct nn_gen *g)
{
    const struct nn_network *n = &g->m->net;
    const char *acc = NULL;
    for (size_t i = 0; i < n->ninputs; i++)
        append(g, &acc, ", ", n->inputs[i].name);
    return acc ? acc : "";
}

/* The shape of input i as Python text ("(8, 8, 3)"), or NULL when unknown. */
static const char *shape_text(struct nn_gen *g, size_t i, int batch)
{
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, &g->m->net);
    if (!ns || i >= ns->nins || !nn_shape_known(&ns->ins[i]))
        return NULL;
    struct nn_shape s = ns->ins[i];
    if (g->inputs_cf && g->inputs_cf[i] && s.rank >= 2) { /* taken channels first */
        s.d[0] = ns->ins[i].d[s.rank - 1];
        memcpy(s.d + 1, ns->ins[i].d, (size_t)(s.rank - 1) * sizeof *s.d);
    }
    char buf[160];
    if (!batch)
        return nn_arena_strdup(g->a, nn_shape_format(&s, buf, sizeof buf));
    const char *acc = "(batch";
    for (int k = 0; k < s.rank; k++)
        acc = nn_arena_printf(g->a, "%s, %lld", acc, s.d[k]);
    return nn_arena_printf(g->a, "%s)", acc);
}

void nn_gen_input_shapes(struct nn_gen *g)
{
    const struct nn_network *n = &g->m->net;
    const char *acc = NULL;
    for (size_t i = 0; i < n->ninputs; i++) {
        const char *s = shape_text(g, i, 0);
        if (!s)
            return;
        append(g, &acc, ", ", nn_arena_printf(g->a, "\"%s\": %s", n->inputs[i].name, s));
    }
    g->input_shapes = acc ? nn_arena_printf(g->a, "{%s}", acc) : NULL;
}

const char *nn_gen_inputs_doc(struct nn_gen *g)
{
    const struct nn_network *n = &g->m->net;
    const char *acc = NULL;
    for (size_t i = 0; i < n->ninputs; i++) {
        const char *s = shape_text(g, i, 1);
        append(g, &acc, ", ", nn_arena_printf(g->a, "%s %s", n->inputs[i].name, s ? s : "(?)"));
    }
    return acc ? acc : "";
}
