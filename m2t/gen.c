/* gen.c - code generation entry points and the module around the classes.
 *
 * Runs shape inference, asks the framework generator for its classes, then
 * writes the module: a header naming the source and nnc's version, the
 * imports and helper definitions the classes actually use (found by
 * scanning the text, so there is never a dead import), INPUT_SHAPE, and
 * the classes.  Everything goes to memory first; the caller's stream sees
 * only a complete module.
 */
#include "m2t/gen.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "m2t/gen_impl.h"
#include "metamodel/inputs.h"

void nn_gen_error(struct nn_gen *g, struct nn_loc loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nn_diag(g->d, loc, NN_ERROR, "%s", msg);
    g->errors++;
}

int nn_gen_enter(struct nn_gen *g, const struct nn_network *sub)
{
    if (nn_depth_enter(&g->m->depth, g->d, sub->head.loc))
        return 1;
    g->errors++;
    return 0;
}

void nn_gen_leave(struct nn_gen *g)
{
    nn_depth_leave(&g->m->depth);
}

int nn_gen_flow(struct nn_gen *g, const struct nn_network *net, struct nn_flow *f)
{
    int errors = nn_flow_build(g->m, net, f, g->d);
    g->errors += errors;
    return errors == 0;
}

/* Why module i breaks the chain, at its location. */
static void report_break(struct nn_gen *g, const struct nn_network *net, const struct nn_flow *f,
                         size_t i, const char *target)
{
    const struct nn_flow_mod *fm = &f->mods[i];
    (void)net;
    char alt[32];
    snprintf(alt, sizeof alt, "%.*s-sub", (int)strcspn(target, "-"), target);
    if (fm->ref == NN_REF_OP)
        nn_gen_error(g, fm->loc, "tensor operation '%s' (%s) cannot be part of a Sequential "
                     "model; use --target %s", fm->name, nn_kind_name(fm->elem->kind), alt);
    else
        nn_gen_error(g, fm->loc, "'%s' does not take the previous module's output (the model "
                     "branches), so %s cannot express it; use --target %s", fm->name, target, alt);
}

/* The first sub-network module of f that an earlier module already used, or f.n. */
static size_t reused_subnet(const struct nn_flow *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->mods[i].ref == NN_REF_SUBNET && !f->mods[i].first_use)
            return i;
    return f->n;
}

int nn_gen_is_chain(struct nn_gen *g, const struct nn_network *net, const char *target)
{
    struct nn_flow f;
    if (!nn_gen_flow(g, net, &f))
        return 0;
    if (!f.chain) {
        if (target)
            report_break(g, net, &f, f.breaks_at, target);
        return 0;
    }
    size_t again = reused_subnet(&f);
    if (again < f.n) {
        nn_gen_error(g, f.mods[again].loc, "sub-network '%s' is used twice (its weights are "
                     "shared), which a Sequential model cannot express; use --target %.*s-sub",
                     f.mods[again].name, (int)strcspn(target, "-"), target);
        return 0;
    }
    /* the first break is the one to report: instances of one sub-network
     * would each repeat it */
    for (size_t i = 0; i < f.n; i++) {
        if (f.mods[i].ref == NN_REF_SUBNET && !nn_gen_is_chain(g, f.mods[i].sub, target))
            return 0;
        if (f.mods[i].ref == NN_REF_LAYER && f.mods[i].elem->kind == NN_K_PARAMETER && target &&
            strncmp(target, "torch", 5) == 0) { /* param: no nn.Sequential entry holds one */
            nn_gen_error(g, f.mods[i].loc, "'%s' is a learned tensor (Parameter), which an "
                         "nn.Sequential cannot hold; use --target torch-sub", f.mods[i].name);
            return 0;
        }
    }
    return 1;
}

const struct nn_shape *nn_gen_in_shape(const struct nn_gen *g, const struct nn_network *net,
                                       size_t i)
{
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, net);
    if (!ns || !ns->mod_in || ns->conflict || i >= ns->n)
        return NULL;
    return nn_shape_known(&ns->mod_in[i]) ? &ns->mod_in[i] : NULL;
}

const struct nn_shape *nn_gen_out_shape(const struct nn_gen *g, const struct nn_network *net,
                                        size_t i)
{
    const struct nn_net_shapes *ns = nn_shape_net(g->shapes, net);
    if (!ns || !ns->mod_out || ns->conflict || i >= ns->n)
        return NULL;
    return nn_shape_known(&ns->mod_out[i]) ? &ns->mod_out[i] : NULL;
}

const char *nn_gen_var(struct nn_gen *g, const struct nn_network *net, const struct nn_flow *f,
                       size_t src)
{
    if (src == NN_FLOW_INPUT)
        return f->input_far_use ? "inputs" : "x";
    if (!f->mods[src].far_use)
        return "x";
    (void)net;
    return nn_py_var_name(g->a, f->mods[src].name);
}

/* Attribute names that nn.Module and keras.Model already use. */
static const char *const torch_taken[] = {
    "training", "forward", "train", "eval", "cuda", "cpu", "to", "float", "double", "half",
    "modules", "children", "parameters", "buffers", "apply", "type", "zero_grad", "state_dict",
    "register_buffer", "extra_repr", NULL};
static const char *const keras_taken[] = {
    "layers", "name", "inputs", "outputs", "input", "output", "weights", "trainable",
    "optimizer", "loss", "metrics", "built", "dtype", "call", "build", "compile", "fit",
    "predict", "evaluate", "summary", "variables", "losses", "add", "pop", "input_shape",
    "output_shape", "get_config", "save", NULL};


const char *nn_gen_attr(struct nn_gen *g, const char *name)
{
    for (const char *const *taken = g->target->fw->gen->taken; *taken; taken++)
        if (strcmp(name, *taken) == 0)
            return nn_arena_printf(g->a, "%s_layer", name);
    return name;
}

const char *nn_gen_activation(const struct nn_elem *e, int *quoted)
{
    const struct nn_attr *a = nn_elem_attr(e, NN_A_ACTV_FUNC);
    const char *name = nn_elem_str(e, NN_A_ACTV_FUNC);
    *quoted = a && a->v.type == NN_V_STRING &&
              !nn_schema_enum_has(NN_ENUM_ACTIVATION, name, strlen(name));
    return name[0] ? name : "None";
}

const char *nn_gen_todo_text(struct nn_gen *g, const struct nn_elem *e)
{
    if (e->kind != NN_K_UNMAPPED)
        return nn_arena_printf(g->a, "%s '%s': a size it needs follows from the output of a "
                               "construct nnc could not migrate", nn_kind_name(e->kind), e->name);
    return nn_arena_printf(g->a, "%s (%s)", nn_elem_str(e, NN_A_CONSTRUCT),
                           nn_elem_str(e, NN_A_SOURCE));
}

void nn_gen_todo_comment(struct nn_gen *g, FILE *f, int indent, const struct nn_elem *e)
{
    fprintf(f, "%*s# TODO(nnc): %s\n", indent, "", nn_gen_todo_text(g, e));
}

/* The message NotImplementedError carries. */
static const char *todo_message(struct nn_gen *g, const struct nn_elem *e)
{
    return nn_py_str(g->a, nn_arena_printf(g->a, "not migrated by nnc: %s",
                                           nn_gen_todo_text(g, e)));
}

void nn_gen_todo_raise(struct nn_gen *g, FILE *f, int indent, const struct nn_elem *e)
{
    nn_gen_todo_comment(g, f, indent, e);
    fprintf(f, "%*sraise NotImplementedError(%s)\n", indent, "", todo_message(g, e));
}

void nn_gen_todo_layer(struct nn_gen *g, const struct nn_elem *e, struct nn_py_call *c)
{
    nn_py_call_init(c, "NotMigrated");
    nn_py_arg(g->a, c, NULL, todo_message(g, e));
}

/* Are both lines "from M import ..." with the same M? */
static int same_from(const char *a, const char *b)
{
    const char *ia = strstr(a, " import "), *ib = strstr(b, " import ");
    return strncmp(a, "from ", 5) == 0 && strncmp(b, "from ", 5) == 0 && ia && ib &&
           ia - a == ib - b && strncmp(a, b, (size_t)(ia - a)) == 0;
}

/* Imports the text uses, standard library group first; "from M import a"
 * lines of the same M are merged. */
static void write_imports(FILE *out, const struct nn_gen_import *im, const char *text)
{
    const struct nn_gen_import *prev = NULL;
    for (; im->prefix; im++) {
        if (!nn_py_uses(text, im->prefix))
            continue;
        if (prev && same_from(prev->line, im->line)) {
            fprintf(out, ", %s", strstr(im->line, " import ") + 8);
            continue;
        }
        if (prev)
            fputs(prev->group != im->group ? "\n\n" : "\n", out);
        fputs(im->line, out);
        prev = im;
    }
    if (prev)
        fputc('\n', out);
}

/* Mark the helpers the body or other needed helpers use, until nothing changes. */
static void needed_helpers(const struct nn_gen_helper *h, const char *body, char *need)
{
    int changed = 1;
    while (changed) {
        changed = 0;
        for (size_t i = 0; h[i].name; i++) {
            if (need[i])
                continue;
            int used = nn_py_uses(body, h[i].name);
            for (size_t k = 0; h[k].name && !used; k++)
                used = need[k] && nn_py_uses(h[k].text, h[i].name);
            if (used)
                need[i] = changed = 1;
        }
    }
}

/* Does a convolution of net (or of its sub-networks) pad 'same' with a
 * stride above 1?  Keras's PyTorch backend fails on some of those before
 * Keras 3.9 (a Keras defect, fixed there). */
static int strided_same(const struct nn_network *net)
{
    for (size_t i = 0; i < net->nlayers; i++) {
        const struct nn_elem *e = &net->layers[i];
        if (!nn_kind_is_conv(e->kind) || strcmp(nn_elem_str(e, NN_A_PADDING_TYPE), "same") != 0)
            continue;
        long long st[NN_SHAPE_MAX];
        size_t n = nn_elem_ints(e, NN_A_STRIDE_DIM, st, NN_SHAPE_MAX);
        for (size_t j = 0; j < n; j++)
            if (st[j] > 1)
                return 1;
    }
    for (size_t i = 0; i < net->nsubnets; i++)
        if (strided_same(&net->subnets[i]))
            return 1;
    return 0;
}

/* Keras: the PyTorch backend needs 3.9 for some convolutions. */
static const char *keras_needs_more(const struct nn_model *m)
{
    return strided_same(&m->net)
               ? "\n(3.9 or newer on the PyTorch backend: a strided convolution pads 'same')"
               : NULL;
}

/* Does net (or one of its sub-networks) have a layer of kind k? */
static int has_kind(const struct nn_network *net, enum nn_kind k)
{
    for (size_t i = 0; i < net->nlayers; i++)
        if (net->layers[i].kind == k)
            return 1;
    for (size_t i = 0; i < net->nsubnets; i++)
        if (has_kind(&net->subnets[i], k))
            return 1;
    return 0;
}

/* PyTorch: nn.RMSNorm arrived in 2.4. */
static const char *torch_needs_more(const struct nn_model *m)
{
    return has_kind(&m->net, NN_K_RMS_NORM) ? "\n(2.4 or newer for nn.RMSNorm)" : NULL;
}

/* The generators as rows of the framework table (frameworks.def); `needs`
 * is what every class and function they write asks for (doc/versions.md). */
const struct nn_gen_backend nn_gen_torch_backend = {
    nn_gen_torch, nn_torch_helpers, nn_torch_imports, torch_taken,
    "PyTorch 2.0 or newer", torch_needs_more, NULL};
const struct nn_gen_backend nn_gen_keras_backend = {
    nn_gen_keras, nn_keras_helpers, nn_keras_imports, keras_taken,
    "Keras 3.0 or newer, on the TensorFlow or PyTorch backend", keras_needs_more,
    nn_keras_above_helper};

/* The header docstring: what this is, where it came from, what it needs. */
static void write_header(FILE *out, const struct nn_gen *g, const char *what, int loader)
{
    const struct nn_gen_backend *b = g->target->fw->gen;
    const char *more = b->needs_more ? b->needs_more(g->m) : NULL;
    size_t gaps = nn_model_gaps(g->m);
    fprintf(out, "\"\"\"%s generated by nnc %s (target %s).\n\nSource: %s\nNeeds: %s%s.\n",
            what, PACKAGE_VERSION, nn_target_name(g->o->target),
            g->o->source_name ? g->o->source_name : "(unnamed)", b->needs, more ? more : "");
    if (gaps)
        fprintf(out, "\nPARTIAL: nnc could not migrate %zu construct%s (see the TODO(nnc)\n"
                     "comments); the model raises NotImplementedError when it runs.\n",
                gaps, gaps > 1 ? "s" : "");
    if (loader) /* weights */
        fputs("\nWeights: load_torch_state_dict(model, state_dict) puts the source\n"
              "PyTorch model's trained weights (its state_dict) into a model of this\n"
              "module, one line per layer: which tensors go where and how they change.\n",
              out);
    fputs("\"\"\"\n", out);
}

/* Assemble header, imports, helpers (each under the line its backend
 * writes above it), INPUT_SHAPE and the body. */
static void assemble(FILE *out, const struct nn_gen *g, const char *body, const char *what)
{
    const struct nn_gen_helper *h = g->target->fw->gen->helpers;
    const char *(*above)(const struct nn_gen *, const struct nn_gen_helper *) =
        g->target->fw->gen->above_helper;
    char need[32] = {0};
    needed_helpers(h, body, need);
    char *all = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&all, &len);
    if (!mem)
        return;
    for (size_t i = 0; h[i].name; i++) {
        const char *line = need[i] && above ? above(g, &h[i]) : NULL;
        if (need[i])
            fprintf(mem, "\n\n%s%s", line ? line : "", h[i].text);
    }
    if (g->input_shape)
        fprintf(mem, "\n\n# The input of one example (batch excluded), %s.\nINPUT_SHAPE = %s\n",
                g->input_layout, g->input_shape);
    if (g->input_shapes)
        fprintf(mem, "\n\n# The inputs of one example (batch excluded), %s, in the "
                "order the model\n# takes them.\nINPUT_SHAPES = %s\n",
                g->inputs_cf ? "each in the layout the\n# model takes it in (--channels first)"
                             : "channels last", g->input_shapes);
    if (g->kernel_l2)
        fprintf(mem, "\n\n# The L2 penalty on every Dense and convolution kernel (their\n"
                "# kernel_regularizer): only training uses it.\nKERNEL_L2 = %s\n", g->kernel_l2);
    fputs(body, mem);
    fclose(mem);
    write_header(out, g, what, strstr(body, "\ndef load_torch_state_dict(") != NULL);
    fputc('\n', out);
    write_imports(out, g->target->fw->gen->imports, all);
    fputs(all, out);
    free(all);
}

/* A network with several inputs: a Sequential model takes one; the
 * subclass targets take them without training code (with --channels first,
 * torch-sub takes each in the layout its first reader needs; a Keras model
 * takes them channels last, as it takes one input). */
static int several_inputs(struct nn_gen *g)
{
    const struct nn_network *n = &g->m->net;
    const char *t = nn_target_name(g->o->target), *sub = t;
    for (int k = 0; k < NN_TARGET_COUNT; k++)
        if (nn_targets[k].fw == g->target->fw && nn_targets[k].style == NN_STYLE_SUB)
            sub = nn_targets[k].name;
    if (g->seq)
        nn_diag(g->d, n->inputs[1].loc, NN_ERROR, "the network takes %zu inputs and a "
                "Sequential model one, so %s cannot express it; use --target %s", n->ninputs,
                t, sub);
    else if (g->o->with_training)
        nn_diag(g->d, n->inputs[1].loc, NN_ERROR, "--with-training does not load several "
                "inputs yet");
    else
        return 0;
    return 1;
}

/* Set up a run: shape inference and the checks every target needs. */
static int gen_begin(struct nn_gen *g, struct nn_model *m, const struct nn_gen_options *o,
                     struct nn_diag_sink *d)
{
    memset(g, 0, sizeof *g);
    g->m = m;
    g->a = &m->arena;
    g->o = o;
    g->d = d;
    g->target = &nn_targets[o->target];
    g->seq = g->target->style == NN_STYLE_SEQ;
    g->errors = nn_shape_infer(m, o->input_shape, o->input_shape ? o->input_rank : 0, d,
                               &g->shapes);
    if (!g->errors && nn_model_multi_input(m))
        g->errors += several_inputs(g);
    if (!g->errors && g->seq)
        nn_gen_is_chain(g, &m->net, nn_target_name(o->target));
    return g->errors == 0;
}

int nn_gen_code_string(struct nn_model *m, const struct nn_gen_options *o, char **text,
                       size_t *len, struct nn_diag_sink *d)
{
    struct nn_gen g;
    *text = NULL;
    *len = 0;
    if (!gen_begin(&g, m, o, d))
        return g.errors;
    char *body = NULL;
    size_t blen = 0;
    g.f = open_memstream(&body, &blen);
    if (!g.f)
        return 1;
    g.target->fw->gen->classes(&g);
    if (o->with_training && !g.errors)
        nn_gen_train(&g);
    fclose(g.f);
    if (!g.errors && !nn_arena_failed(&m->arena)) {
        FILE *out = open_memstream(text, len);
        if (out) {
            assemble(out, &g, body, g.target->title);
            fclose(out);
        }
    }
    free(body);
    if (!*text)
        return g.errors ? g.errors : 1;
    if (g.errors) {
        free(*text);
        *text = NULL;
    }
    return g.errors;
}

int nn_gen_code(struct nn_model *m, const struct nn_gen_options *o, FILE *out,
                struct nn_diag_sink *d)
{
    char *text;
    size_t len;
    int errors = nn_gen_code_string(m, o, &text, &len, d);
    if (!errors && fwrite(text, 1, len, out) != len)
        errors = 1;
    free(text);
    return errors;
}

int nn_gen_parts_open(struct nn_gen_parts *p)
{
    memset(p, 0, sizeof *p);
    p->defs = open_memstream(&p->defs_text, &p->defs_len);
    p->main = open_memstream(&p->main_text, &p->main_len);
    return p->defs && p->main;
}

void nn_gen_parts_join(struct nn_gen *g, struct nn_gen_parts *p)
{
    if (p->defs)
        fclose(p->defs);
    if (p->main)
        fclose(p->main);
    fputs(p->defs_text ? p->defs_text : "", g->f);
    fputs(p->main_text ? p->main_text : "", g->f);
    free(p->defs_text);
    free(p->main_text);
}

const char **nn_gen_taken_classes(struct nn_gen *g, const struct nn_gen_helper *helpers,
                                  const char *root_cls)
{
    size_t n = 0;
    while (helpers[n].name)
        n++;
    const char **out = nn_arena_alloc(g->a, (n + 2) * sizeof *out);
    if (!out)
        return NULL;
    out[0] = root_cls;
    for (size_t i = 0; i < n; i++)
        out[i + 1] = nn_arena_strndup(g->a, helpers[i].name, strcspn(helpers[i].name, "("));
    out[n + 1] = NULL;
    return out;
}
