/* dot_print.c - the pivot as a Graphviz graph (see dot_print.h). */
#include "m2t/dot_print.h"

#include <stdlib.h>
#include <string.h>

#include "m2t/dsl_print.h"
#include "metamodel/flow.h"
#include "metamodel/schema.h"
#include "metamodel/shape.h"

struct dot {
    struct nn_model *m;
    const struct nn_shapes *shapes;
    struct nn_diag_sink *d;
    FILE *out;          /* nodes and clusters */
    FILE *edges;        /* edges, written after every node: an edge inside a
                           cluster would pull its ends into it */
    int errors;
    size_t constants;   /* scalar operand nodes written so far */
};

/* s inside a DOT double-quoted string: quotes and backslashes escaped,
 * line breaks as DOT's centred "\n". */
static void escaped(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            fputs("\\n", out);
            continue;
        }
        if (s[i] == '"' || s[i] == '\\')
            fputc('\\', out);
        fputc(s[i], out);
    }
}

static void escaped_str(FILE *out, const char *s)
{
    escaped(out, s, strlen(s));
}

/* Attributes the graph shows otherwise (operands are edges) or that say
 * nothing about what the layer computes. */
static int shown(enum nn_attr_id id)
{
    switch (id) {
    case NN_A_NAME_LAYER_INPUT:
    case NN_A_INPUT_REUSED:
    case NN_A_LAYERS_OF_TENSORS:
    case NN_A_AFTER_ACTIV_FUNC:
    case NN_A_PERMUTE_IN:
    case NN_A_PERMUTE_OUT:
        return 0;
    default:
        return 1;
    }
}

/* One attribute as "key=value" in the DSL's spelling, escaped. */
static void attr_line(FILE *out, const struct nn_attr *a)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return;
    nn_dsl_print_value(&a->v, mem);
    fclose(mem);
    fprintf(out, "\\n%s=", nn_attr_key(a->id));
    escaped(out, text, len);
    free(text);
}

/* The node of a layer or tensor operation: name, kind, the stated
 * attributes and its output shape when inference knows it. */
static void node(struct dot *g, const char *id, const struct nn_elem *e,
                 const struct nn_shape *out_shape)
{
    FILE *out = g->out;
    const char *fill = nn_kind_is_op(e->kind) ? "#fdf1e1"
                       : nn_kind_family(e->kind) == NN_FAM_UNMAPPED ? "#f9d6d5" : "#e8eef9";
    fprintf(out, "    \"%s\" [fillcolor=\"%s\", label=\"", id, fill);
    /* a tensor op is often named after its type: say it once */
    const char *kind = nn_kind_name(e->kind);
    escaped_str(out, e->name ? e->name : kind);
    if (!e->name || strcmp(e->name, kind) != 0) {
        fputs("\\n", out);
        escaped_str(out, kind);
    }
    for (size_t i = 0; i < e->nattrs; i++)
        if (shown(e->attrs[i].id))
            attr_line(out, &e->attrs[i]);
    if (out_shape && out_shape->rank >= 0) {
        char buf[256];
        fprintf(out, "\\n-> %s", nn_shape_format(out_shape, buf, sizeof buf));
    }
    fputs("\"];\n", out);
}

/* The node an operand comes from: an earlier module's or the network input's. */
static const char *source(const struct nn_flow_arg *a, const char **ids, const char *in_node)
{
    return a->src == NN_FLOW_INPUT ? in_node : ids[a->src];
}

/* Edges into module i: one per operand; a scalar operand gets a small node
 * of its own.  An edge that skips over modules is dashed. */
static void edges(struct dot *g, const struct nn_flow *f, size_t i, const char **ids,
                  const char *in_node, const char *to)
{
    const struct nn_flow_mod *fm = &f->mods[i];
    for (size_t k = 0; k < fm->nargs; k++) {
        const struct nn_flow_arg *a = &fm->args[k];
        if (a->scalar) {
            char buf[64];
            nn_dsl_format_float(a->value, buf, sizeof buf);
            size_t c = g->constants++;
            fprintf(g->out, "    \"const%zu\" [shape=plaintext, style=\"\", label=\"%s\"];\n", c,
                    buf);
            fprintf(g->edges, "    \"const%zu\" -> \"%s\";\n", c, to);
            continue;
        }
        int near = a->src == NN_FLOW_INPUT ? i == 0 : a->src + 1 == i;
        fprintf(g->edges, "    \"%s\" -> \"%s\"%s;\n", source(a, ids, in_node), to,
                near ? "" : " [style=dashed]");
    }
}

static const char *emit_net(struct dot *g, const struct nn_network *net, const char *prefix,
                            const char *in_node);

/* A use of a sub-network: a cluster around its modules.  Returns the node
 * giving its output, or NULL after an error. */
static const char *cluster(struct dot *g, const struct nn_flow *f, size_t i, const char **ids,
                           const char *in_node, const char *id)
{
    const struct nn_flow_mod *fm = &f->mods[i];
    const char *from = fm->nargs ? source(&fm->args[0], ids, in_node) : in_node;
    if (fm->nargs && fm->args[0].scalar)
        from = in_node;
    if (!nn_depth_enter(&g->m->depth, g->d, fm->loc)) {
        g->errors++;
        return NULL;
    }
    fprintf(g->out, "    subgraph \"cluster_%s\" {\n    label=\"", id);
    escaped_str(g->out, fm->name);
    fputs("\";\n    style=rounded;\n    color=\"#7a869a\";\n", g->out);
    const char *last = emit_net(g, fm->sub, id, from);
    fputs("    }\n", g->out);
    nn_depth_leave(&g->m->depth);
    return last;
}

/* Write net's modules; in_node gives its input.  Returns the node that
 * gives its output (in_node for an empty network), or NULL after an error. */
static const char *emit_net(struct dot *g, const struct nn_network *net, const char *prefix,
                            const char *in_node)
{
    struct nn_flow f;
    int errors = nn_flow_build(g->m, net, &f, g->d);
    if (errors) {
        g->errors += errors;
        return NULL;
    }
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, net);
    const char **ids = nn_arena_alloc(&g->m->arena, (f.n ? f.n : 1) * sizeof *ids);
    if (!ids) {
        nn_diag(g->d, net->head.loc, NN_ERROR, "out of memory");
        g->errors++;
        return NULL;
    }
    for (size_t i = 0; i < f.n; i++) {
        const struct nn_flow_mod *fm = &f.mods[i];
        const char *id = nn_arena_printf(&g->m->arena, "%s_%zu", prefix, i);
        if (!id) {
            nn_diag(g->d, fm->loc, NN_ERROR, "out of memory");
            g->errors++;
            return NULL;
        }
        if (fm->ref == NN_REF_SUBNET) {
            ids[i] = cluster(g, &f, i, ids, in_node, id);
            if (!ids[i])
                return NULL;
            continue;
        }
        const struct nn_shape *s = ns && !ns->conflict && i < ns->n ? &ns->mod_out[i] : NULL;
        node(g, id, fm->elem, s);
        ids[i] = id;
        edges(g, &f, i, ids, in_node, id);
    }
    return f.n ? ids[f.n - 1] : in_node;
}

/* The network input or output, as an oval with its shape. */
static void terminal(FILE *out, const char *id, const struct nn_shape *s)
{
    fprintf(out, "    \"%s\" [shape=oval, fillcolor=\"#ffffff\", label=\"%s", id, id);
    if (s && s->rank >= 0) {
        char buf[256];
        fprintf(out, "\\n%s", nn_shape_format(s, buf, sizeof buf));
    }
    fputs("\"];\n", out);
}

static int write_graph(struct dot *g)
{
    const struct nn_network *net = &g->m->net;
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, net);
    fputs("digraph \"", g->out);
    escaped_str(g->out, net->head.name ? net->head.name : "model");
    fputs("\" {\n    rankdir=TB;\n    fontname=\"Helvetica\";\n"
          "    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
          "    edge [color=\"#44546a\"];\n",
          g->out);
    terminal(g->out, "input", ns ? &ns->in : NULL);
    const char *last = emit_net(g, net, "m", "input");
    if (!last)
        return g->errors;
    terminal(g->out, "output", ns ? &ns->out : NULL);
    fprintf(g->edges, "    \"%s\" -> \"output\";\n", last);
    return g->errors;
}

int nn_dot_print(struct nn_model *m, const long long *override, size_t rank, FILE *out,
                 struct nn_diag_sink *d)
{
    struct dot g = {m, NULL, d, NULL, NULL, 0, 0};
    int errors = nn_shape_check(m, override, rank, d, &g.shapes);
    if (errors)
        return errors;
    char *nodes = NULL, *edges = NULL;
    size_t nlen = 0, elen = 0;
    g.out = open_memstream(&nodes, &nlen);
    g.edges = g.out ? open_memstream(&edges, &elen) : NULL;
    if (!g.edges) {
        if (g.out)
            fclose(g.out);
        free(nodes);
        nn_diag(d, m->net.head.loc, NN_ERROR, "out of memory");
        return 1;
    }
    errors = write_graph(&g);
    fclose(g.out);
    fclose(g.edges);
    if (errors == 0) {
        fwrite(nodes, 1, nlen, out);
        fwrite(edges, 1, elen, out);
        fputs("}\n", out);
    }
    free(nodes);
    free(edges);
    return errors;
}
