/* torch_main.c - the PyTorch transformer: host hooks for the evaluator, the
 * choice of the network among the file's models, and the reader entry point. */
#include <ctype.h>
#include <string.h>

#include "grammar/pyparse.h"
#include "m2m/pydetect.h"
#include "m2m/torch_int.h"
#include "metamodel/fold.h"

/* ---- naming what is stored ---- */

/* The name slot of a layer or sequence value, or NULL. */
static const char **host_name(struct nn_mval *v)
{
    if (v->tag == T_LAYER)
        return &((struct t_layer *)v->ptr)->name;
    if (v->tag == T_SEQ)
        return &((struct t_seq *)v->ptr)->name;
    if (v->tag == T_ENCODER)
        return &((struct t_encoder *)v->ptr)->name;
    if (v->tag == T_PARAM)
        return &((struct t_param *)v->ptr)->name;
    return NULL;
}

static void stored(struct nn_m2m_eval *ev, struct nn_mval *obj, const char *name,
                   struct nn_mval *v)
{
    nn_m2m_trace_path_name(ev, v, name, host_name);
    nn_torch_container_add(torch_of(ev), obj, name, v); /* a ModuleDict subclass's attribute */
}

/* ---- training configuration ---- */

static const struct {
    const char *cls, *name;
    double lr, wd;
} optimisers[] = {
    {"Adam", "adam", 0.001, 0.0}, {"AdamW", "adamW", 0.001, 0.01},
    {"SGD", "sgd", 0.001, 0.0},   {"Adagrad", "adagrad", 0.01, 0.0},
};

static const struct {
    const char *name, *loss;
} losses[] = {
    {"CrossEntropyLoss", "crossentropy"}, {"NLLLoss", "crossentropy"},
    {"BCELoss", "binary_crossentropy"}, {"BCEWithLogitsLoss", "binary_crossentropy"},
    {"MSELoss", "mse"}, {"cross_entropy", "crossentropy"}, {"nll_loss", "crossentropy"},
    {"binary_cross_entropy", "binary_crossentropy"},
    {"binary_cross_entropy_with_logits", "binary_crossentropy"}, {"mse_loss", "mse"},
};

/* A number argument by keyword or position, or def. */
static double num_arg(struct nn_m2m_args *a, const char *kw, size_t pos, double def, int *given)
{
    struct nn_mval *v = nn_m2m_kwarg(a, kw);
    if (!v && pos < a->npos)
        v = a->pos[pos];
    if (v && nn_m2m_is_num(v)) {
        if (given)
            *given = 1;
        return nn_m2m_num(v);
    }
    return def;
}

/* torch.optim.X(params, lr=..., ...) */
static int optimiser(struct torch_ctx *c, const struct nn_py_node *at, const char *cls,
                     struct nn_m2m_args *a)
{
    for (size_t i = 0; i < sizeof optimisers / sizeof *optimisers; i++)
        if (strcmp(optimisers[i].cls, cls) == 0 && !c->t.optimiser) {
            c->t.optimiser = optimisers[i].name;
            c->t.lr = num_arg(a, "lr", 1, optimisers[i].lr, NULL);
            c->t.weight_decay = num_arg(a, "weight_decay", 99, optimisers[i].wd, NULL);
            c->t.momentum = num_arg(a, "momentum", 99, 0.0, NULL);
            c->t.config_at = at;
            return 1;
        }
    return 0;
}

/* A loss class or function. */
static int loss(struct torch_ctx *c, const char *name)
{
    for (size_t i = 0; i < sizeof losses / sizeof *losses; i++)
        if (strcmp(losses[i].name, name) == 0) {
            if (!c->t.loss)
                c->t.loss = losses[i].loss;
            return 1;
        }
    return 0;
}

/* DataLoader(dataset, batch_size=..., shuffle=...): the training loader wins. */
static void loader(struct torch_ctx *c, struct nn_m2m_args *a)
{
    struct nn_mval *sh = nn_m2m_kwarg(a, "shuffle");
    int train = sh && nn_m2m_truth(sh) == 1;
    if (c->has_batch && (c->train_batch || !train))
        return;
    c->t.batch_size = (long long)num_arg(a, "batch_size", 1, 1, NULL);
    c->has_batch = 1;
    c->train_batch = train;
}

/* for epoch in range(N): the number of epochs; the body runs once. */
static int loop(struct nn_m2m_eval *ev, const struct nn_py_node *s, struct nn_mval *it)
{
    struct torch_ctx *c = torch_of(ev);
    const struct nn_py_node *t = s->n[0];
    if (c->t.tracing || t->kind != NN_PY_Name)
        return 0;
    char low[64];
    size_t i = 0;
    for (; t->s[0][i] && i < sizeof low - 1; i++)
        low[i] = (char)tolower((unsigned char)t->s[0][i]);
    low[i] = 0;
    if (!strstr(low, "epoch"))
        return 0;
    if (!c->has_epochs) {
        c->t.epochs = (long long)it->n;
        c->has_epochs = 1;
    }
    return 1;
}

/* ---- calls ---- */

/* A sample tensor: torch.randn(1, 3, 32, 32), torch.randint(0, 10, (4, 20)). */
static struct nn_mval *sample(struct torch_ctx *c, const char *fn, struct nn_m2m_args *a)
{
    struct nn_mval *x = nn_torch_tensor(c, "input", -1, 0);
    struct t_tensor *t = x ? x->ptr : NULL;
    struct nn_mval **v = a->pos;
    size_t n = a->npos;
    if (strcmp(fn, "randint") == 0) {
        struct nn_mval *size = nn_m2m_kwarg(a, "size");
        if (!size && n)
            size = a->pos[n - 1];
        v = size && size->kind == NN_MV_TUPLE ? size->items : NULL;
        n = v ? size->n : 0;
    } else if (n == 1 && (v[0]->kind == NN_MV_TUPLE || v[0]->kind == NN_MV_LIST)) {
        n = v[0]->n;
        v = v[0]->items;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i]->kind != NN_MV_INT)
            return x; /* a size not known: no shape rather than a shorter one */
    for (size_t i = 0; t && n <= 8 && i < n; i++) /* more axes than a shape holds: none */
        t->shape[t->nshape++] = v[i]->i;
    return x;
}

/* nn.Sequential(a, b, ...) or nn.Sequential(OrderedDict([...])). */
static struct nn_mval *sequential(struct torch_ctx *c, struct nn_m2m_args *a)
{
    struct t_seq *s = nn_arena_alloc(c->t.ev.a, sizeof *s);
    if (!s)
        return NULL;
    struct nn_mval *d = a->npos == 1 && a->pos[0]->kind == NN_MV_DICT ? a->pos[0] : NULL;
    s->n = s->cap = d ? d->n : a->npos;
    s->items = nn_arena_alloc(c->t.ev.a, (s->cap + 1) * sizeof *s->items);
    s->names = nn_arena_alloc(c->t.ev.a, (s->cap + 1) * sizeof *s->names);
    for (size_t i = 0; s->items && s->names && i < s->n; i++) {
        s->items[i] = d ? d->items[i] : a->pos[i];
        s->names[i] = d ? nn_m2m_to_str(&c->t.ev, d->keys[i]) : NULL;
    }
    return nn_m2m_host_val(&c->t.ev, T_SEQ, s);
}

/* Append to a Sequential (append, add_module). */
void nn_torch_seq_push(struct torch_ctx *c, struct t_seq *s, const char *name, struct nn_mval *v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->items = nn_arena_grow(c->t.ev.a, s->items, s->n, s->cap, sizeof *s->items);
        s->names = nn_arena_grow(c->t.ev.a, s->names, s->n, s->cap, sizeof *s->names);
    }
    if (s->items && s->names) {
        s->names[s->n] = name;
        s->items[s->n++] = v;
    }
}

/* A copy of a list or dict (ModuleList, ModuleDict). */
static struct nn_mval *container(struct torch_ctx *c, struct nn_m2m_args *a, enum nn_mv_kind k)
{
    struct nn_mval *r = nn_m2m_seq(&c->t.ev, k, 8);
    struct nn_mval *src = a->npos ? a->pos[0] : NULL;
    for (size_t i = 0; r && src && i < src->n; i++) {
        if (k == NN_MV_DICT && src->kind == NN_MV_DICT)
            nn_m2m_dict_set(&c->t.ev, r, src->keys[i], src->items[i]);
        else if (k == NN_MV_LIST && (src->kind == NN_MV_LIST || src->kind == NN_MV_TUPLE))
            nn_m2m_push(&c->t.ev, r, src->items[i]);
    }
    return r;
}

/* An UNKNOWN value that reports msg at `at` when the model uses it. */
static struct nn_mval *deferred(struct torch_ctx *c, const struct nn_py_node *at, const char *msg)
{
    struct nn_mval *u = nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    if (u) {
        u->node = at;
        u->s = msg;
    }
    return u;
}

/* torch.nn.X(...) */
static struct nn_mval *nn_class(struct torch_ctx *c, const struct nn_py_node *at,
                                const char *name, struct nn_m2m_args *a)
{
    if (strcmp(name, "Sequential") == 0)
        return sequential(c, a);
    if (strcmp(name, "ModuleList") == 0)
        return container(c, a, NN_MV_LIST);
    if (strcmp(name, "ModuleDict") == 0)
        return container(c, a, NN_MV_DICT);
    if (strcmp(name, "TransformerEncoderLayer") == 0)
        return nn_torch_encoder_layer(c, at, a);
    if (strcmp(name, "TransformerEncoder") == 0)
        return nn_torch_encoder_stack(c, at, a);
    if (strcmp(name, "Parameter") == 0 && c->t.tracing) /* param */
        return nn_torch_parameter(c, at, a);
    const struct torch_class *cls = nn_torch_class_named(c, name);
    if (cls)
        return nn_torch_make_layer(c, at, cls, cls->params, a, 0);
    if (loss(c, name))
        return nn_m2m_host_val(&c->t.ev, T_OPTIM, NULL);
    return deferred(c, at, nn_arena_printf(c->t.ev.a, "torch.nn.%s has no pivot equivalent", name));
}

/* A call of a dotted external name. */
static struct nn_mval *path_call(struct torch_ctx *c, const struct nn_py_node *at,
                                 const char *p, struct nn_m2m_args *a)
{
    static const char *const samples[] = {"randn", "rand", "zeros", "ones", "randint", "empty"};
    struct nn_mval *known = c->t.tracing && strncmp(p, "torch.", 6) == 0 && !strchr(p + 6, '.')
                                ? nn_torch_fill(c, at, p + 6, a) : &nn_m2m_unhandled; /* param */
    if (known != &nn_m2m_unhandled)
        return known;
    known = nn_torch_static_call(c, at, p, a);
    if (known != &nn_m2m_unhandled)
        return known;
    if (strncmp(p, "torch.nn.functional.", 20) == 0) {
        if (loss(c, p + 20) || !c->t.tracing)
            return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
        return nn_torch_call_fn(c, at, p + 20, a);
    }
    if (strncmp(p, "torch.nn.", 9) == 0 && !strchr(p + 9, '.'))
        return nn_class(c, at, p + 9, a);
    if (strncmp(p, "torch.", 6) == 0 && !strchr(p + 6, '.')) { /* numbers, in __init__ */
        struct nn_mval *k = nn_torch_const_fn(c, at, p + 6, a);
        if (k != &nn_m2m_unhandled)
            return k;
    }
    if (strncmp(p, "torch.nn.init.", 14) == 0) /* initial weights are not migrated */
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    if (c->t.tracing && strcmp(p, "torch.arange") == 0)
        return nn_torch_arange(c, at, a);
    if (strcmp(p, "torch.nn.Transformer.generate_square_subsequent_mask") == 0)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN); /* an attention mask: torch_attn.c */
    if (strncmp(p, "torch.optim.", 12) == 0 && !strchr(p + 12, '.')) {
        optimiser(c, at, p + 12, a);
        return nn_m2m_host_val(&c->t.ev, T_OPTIM, NULL);
    }
    if (strcmp(p, "torch.utils.data.DataLoader") == 0 ||
        strcmp(p, "torch.utils.data.dataloader.DataLoader") == 0) {
        loader(c, a);
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    }
    if (strncmp(p, "torch.", 6) == 0 && !strchr(p + 6, '.')) {
        for (size_t i = 0; !c->t.tracing && i < sizeof samples / sizeof *samples; i++)
            if (strcmp(p + 6, samples[i]) == 0)
                return sample(c, p + 6, a);
        if (c->t.tracing)
            return nn_torch_call_fn(c, at, p + 6, a);
    }
    return c->t.ev.lenient ? nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN) : &nn_m2m_unhandled;
}

static int is_seq_base(const char *path)
{
    return strcmp(path, "torch.nn.Sequential") == 0 ||
           strcmp(path, "torch.nn.modules.container.Sequential") == 0;
}

static int is_module_base(const char *path)
{
    return strcmp(path, "torch.nn.Module") == 0 ||
           strcmp(path, "torch.nn.modules.module.Module") == 0 || is_seq_base(path) ||
           nn_torch_is_container_base(path);
}

/* A user nn.Module subclass instantiated: pending at module level, built otherwise. */
static struct nn_mval *instantiate(struct torch_ctx *c, const struct nn_py_node *at,
                                   struct nn_mval *cls, struct nn_m2m_args *a)
{
    return nn_m2m_instantiate(&c->t.ev, &c->t.pending, c->t.tracing, T_PENDING, at, cls, a);
}

/* Remember the shape of a sample input a model is called on. */
static void record_shape(long long *dst, int *ndst, struct nn_mval *x)
{
    if (x && x->kind == NN_MV_HOST && x->tag == T_TENSOR && !*ndst) {
        struct t_tensor *t = x->ptr;
        memcpy(dst, t->shape, sizeof t->shape);
        *ndst = t->nshape;
    }
}

/* super().__init__(...) of an nn.Sequential subclass: the instance is that
 * Sequential, kept under TORCH_SEQ_ATTR. */
static struct nn_mval *seq_init(struct torch_ctx *c, struct nn_mval *sup, struct nn_m2m_args *a)
{
    struct nn_mval *s = sequential(c, a);
    if (!s || !sup->self || sup->self->kind != NN_MV_OBJ)
        return s;
    nn_m2m_bind(&c->t.ev, sup->self->env, TORCH_SEQ_ATTR, s);
    return nn_m2m_new(&c->t.ev, NN_MV_NONE);
}

/* Methods of modules and Sequentials: add_module, append, modules() ... */
static struct nn_mval *module_method(struct torch_ctx *c, const struct nn_py_node *at,
                                     struct nn_mval *recv, const char *name,
                                     struct nn_m2m_args *a)
{
    int add = strcmp(name, "add_module") == 0 || strcmp(name, "register_module") == 0;
    if (recv->kind == NN_MV_HOST && recv->tag == T_CONST) {
        struct nn_mval *r = nn_torch_const_method(c, recv, name, a);
        return r != &nn_m2m_unhandled ? r : nn_m2m_unmappable(&c->t.ev, at, "the method '%s' of "
                                                      "a constant tensor is not computed "
                                                      "statically", name);
    }
    if (strcmp(name, "modules") == 0 || strcmp(name, "children") == 0 ||
        strcmp(name, "parameters") == 0 || strcmp(name, "named_parameters") == 0)
        return nn_m2m_seq(&c->t.ev, NN_MV_LIST, 1); /* weight initialisation loops: nothing to do */
    if (recv->kind == NN_MV_SUPER && nn_m2m_class_derives(recv->cls, nn_torch_is_container_base))
        return nn_torch_container_init(c, at, recv, a);
    if (recv->kind == NN_MV_SUPER)
        return seq_init(c, recv, a);
    struct t_seq *seq = recv->kind == NN_MV_HOST && recv->tag == T_SEQ ? recv->ptr
                                                                        : nn_torch_seq_of(recv);
    if (seq) {
        if (add && a->npos == 2 && a->pos[0]->kind == NN_MV_STR)
            nn_torch_seq_push(c, seq, a->pos[0]->s, a->pos[1]);
        else if (strcmp(name, "append") == 0 && a->npos == 1)
            nn_torch_seq_push(c, seq, NULL, a->pos[0]);
        else if (!c->t.tracing)
            return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
        else
            return nn_m2m_unmappable(&c->t.ev, at, "Sequential.%s is not supported", name);
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    }
    if (recv->kind == NN_MV_OBJ && add && a->npos == 2 && a->pos[0]->kind == NN_MV_STR) {
        nn_m2m_trace_path_name(&c->t.ev, a->pos[1], a->pos[0]->s, host_name);
        nn_m2m_bind(&c->t.ev, recv->env, a->pos[0]->s, a->pos[1]);
        nn_torch_container_add(c, recv, a->pos[0]->s, a->pos[1]);
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    }
    struct nn_mval *listed = nn_torch_container_method(c, recv, name, a);
    if (listed != &nn_m2m_unhandled)
        return listed;
    if (strcmp(name, "apply") == 0)
        return nn_m2m_new(&c->t.ev, NN_MV_NONE);
    if (recv->kind == NN_MV_CLASS)
        return nn_torch_class_method(c, at, recv, name, a);
    if (!c->t.tracing)
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    return nn_torch_method(c, at, recv, name, a);
}

/* Calling a host value. */
static struct nn_mval *host_call(struct torch_ctx *c, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_m2m_args *a)
{
    struct nn_mval *x = a->npos ? a->pos[0] : NULL;
    switch (fn->tag) {
    case T_LAYER:
    case T_SEQ:
        if (c->t.tracing && x && fn->tag == T_LAYER &&
            ((struct t_layer *)fn->ptr)->cls->kind == NN_K_MH_ATTENTION)
            return nn_torch_attention(c, at, fn->ptr, a);
        if (c->t.tracing && x)
            return nn_torch_default_state(c, at, fn, a) ? nn_torch_apply(c, at, fn, x) : NULL;
        if (fn->tag == T_SEQ)
            record_shape(((struct t_seq *)fn->ptr)->shape, &((struct t_seq *)fn->ptr)->nshape, x);
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    case T_ENCODER:
        return c->t.tracing && x ? nn_torch_encoder_call(c, at, fn->ptr, a)
                                 : nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    case T_PENDING:
        record_shape(((struct nn_m2m_pending *)fn->ptr)->shape, &((struct nn_m2m_pending *)fn->ptr)->nshape, x);
        nn_torch_record_samples(c, fn->ptr, a);
        return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    case T_SELFRET: return fn->ptr;
    case T_METHOD: return module_method(c, at, fn->ptr, fn->s, a);
    default: return nn_m2m_new(&c->t.ev, NN_MV_UNKNOWN);
    }
}

static struct nn_mval *call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *fn, struct nn_m2m_args *a)
{
    struct torch_ctx *c = torch_of(ev);
    struct nn_mval *own = nn_torch_own_helper_call(c, at, fn, a);
    if (own != &nn_m2m_unhandled)
        return own;
    switch (fn->kind) {
    case NN_MV_PATH: return path_call(c, at, fn->s, a);
    case NN_MV_CLASS: {
        struct nn_mval *sub = c->t.tracing ? nn_torch_layer_subclass(c, at, fn, a)
                                           : &nn_m2m_unhandled;
        if (sub != &nn_m2m_unhandled)
            return sub;
        return nn_m2m_class_derives(fn, is_module_base) ? instantiate(c, at, fn, a)
                                                         : &nn_m2m_unhandled;
    }
    case NN_MV_OBJ:
        if (c->t.tracing && (a->npos > 1 || a->nkw))
            return nn_torch_apply_block(c, at, fn, a);
        if (c->t.tracing && a->npos)
            return nn_torch_apply(c, at, fn, a->pos[0]);
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    case NN_MV_HOST: return host_call(c, at, fn, a);
    default: return &nn_m2m_unhandled;
    }
}

/* A method value bound to recv. */
static struct nn_mval *bind_method(struct torch_ctx *c, struct nn_mval *recv, const char *name)
{
    struct nn_mval *m = nn_m2m_host_val(&c->t.ev, T_METHOD, recv);
    if (m)
        m->s = name;
    return m;
}

/* Attributes of a layer's configuration (self.fc.in_features). */
static struct nn_mval *layer_attr(struct torch_ctx *c, struct t_layer *l, const char *name)
{
    int id = nn_schema_attr_by_key(name, strlen(name));
    if (id >= 0 && nn_elem_has(l->proto, (enum nn_attr_id)id) &&
        nn_attr_infos[id].type == NN_T_INT)
        return nn_m2m_int(&c->t.ev, nn_elem_int(l->proto, (enum nn_attr_id)id));
    return nn_torch_layer_more_attr(c, l, name);
}

static struct nn_mval *attr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *obj, const char *name)
{
    struct torch_ctx *c = torch_of(ev);
    (void)at;
    if (obj->kind == NN_MV_OBJ) {
        if (strcmp(name, "training") == 0) {
            struct nn_mval *f = nn_m2m_new(ev, NN_MV_BOOL);
            return f;
        }
        return bind_method(c, obj, name);
    }
    if (obj->kind == NN_MV_CLASS)
        return nn_torch_class_attr(c, obj, name);
    if (obj->kind == NN_MV_SUPER && strcmp(name, "__init__") == 0 &&
        (nn_m2m_class_derives(obj->cls, is_seq_base) ||
         nn_m2m_class_derives(obj->cls, nn_torch_is_container_base)))
        return bind_method(c, obj, name);
    if (obj->kind != NN_MV_HOST)
        return &nn_m2m_unhandled;
    if (obj->tag == T_PADDED && !(obj = nn_torch_pad_layer(c, obj->ptr))) /* used as a tensor */
        return NULL;
    switch (obj->tag) {
    case T_TENSOR:
    case T_RNNOUT:
        if (strcmp(name, "shape") == 0)
            return nn_torch_shape_value(c, obj);
        return bind_method(c, obj, name);
    case T_SEQ: {
        struct nn_mval *item = nn_torch_seq_item(obj->ptr, name);
        return item ? item : bind_method(c, obj, name);
    }
    case T_CONST:
    case T_FILL: /* param */
    case T_PARAM: return bind_method(c, obj, name);
    case T_ZERO: /* h0.to(x.device), .cuda(), .detach(): the same zeros */
        return nn_m2m_host_val(ev, T_SELFRET, obj);
    case T_LAYER: return layer_attr(c, obj->ptr, name);
    case T_PENDING: {
        static const char *const chain[] = {"to", "cuda", "cpu", "train", "eval", "float", "double"};
        for (size_t i = 0; i < sizeof chain / sizeof *chain; i++)
            if (strcmp(name, chain[i]) == 0)
                return nn_m2m_host_val(ev, T_SELFRET, obj);
        return nn_m2m_new(ev, NN_MV_UNKNOWN);
    }
    default: return nn_m2m_new(ev, NN_MV_UNKNOWN);
    }
}

static const struct nn_m2m_host torch_host = {call, attr, nn_torch_binop, nn_torch_subscript, stored,
                                              loop, nn_torch_store_attr, nn_torch_isinstance,
                                              nn_torch_hasattr};

/* ---- choosing and building the network ---- */

/* Is v a module-level nn.Sequential? */
static int is_seq_value(const struct nn_mval *v)
{
    return v->kind == NN_MV_HOST && v->tag == T_SEQ;
}

/* The input shape: --input-shape, else a sample input's (batch first); the
 * input's rank with the batch, or -1. */
static int take_input_shape(struct torch_ctx *c, const long long *shape, int nshape)
{
    for (int i = 1; i < nshape; i++)
        c->t.input_shape[c->t.ninput_shape++] = shape[i];
    if (c->t.opt && c->t.opt->input_rank) {
        c->t.ninput_shape = (int)c->t.opt->input_rank;
        memcpy(c->t.input_shape, c->t.opt->input_shape, c->t.opt->input_rank * sizeof *c->t.input_shape);
    }
    return c->t.ninput_shape ? c->t.ninput_shape + 1 : nshape ? nshape : -1;
}

/* Trace the chosen model: build it, then run forward on the input. */
static struct nn_mval *trace(struct torch_ctx *c, struct nn_m2m_bind *b, const struct nn_py_node *at)
{
    struct nn_mval *model = b->val, *x;
    const long long *shape = NULL;
    int nshape = 0;
    c->t.tracing = 1;
    c->t.ev.lenient = 0;
    struct nn_m2m_pending *p = NULL;
    if (model->kind == NN_MV_HOST && model->tag == T_PENDING) { /* net = Net(args) */
        p = model->ptr;
        model = p->cls;
    }
    if (model->kind == NN_MV_FUNC) /* a factory: def resnet18(): return ResNet(...) */
        model = nn_torch_call_factory(c, b, is_module_base);
    else if (model->kind == NN_MV_CLASS) {
        p = p ? p : nn_m2m_pending_of(&c->t.pending, model);
        const struct nn_py_node *param = NULL;
        const char *need = p ? NULL : nn_torch_missing_params(c, model, &param);
        if (need)
            return nn_m2m_unmappable(&c->t.ev, param, "'%s' needs arguments (%s): "
                                     "instantiate it in the file, or pass --class with a "
                                     "function that builds it", b->name, need);
        struct nn_m2m_args none = {0};
        model = instantiate(c, p ? p->at : model->node, model, p ? p->args : &none);
        if (p) {
            shape = p->shape;
            nshape = p->nshape;
        }
    } else if (model->kind == NN_MV_HOST && model->tag == T_SEQ) {
        shape = ((struct t_seq *)model->ptr)->shape;
        nshape = ((struct t_seq *)model->ptr)->nshape;
    }
    if (!model)
        return NULL;
    struct nn_mval *fwd = model->kind == NN_MV_OBJ ? nn_m2m_method(model->cls, "forward") : NULL;
    if (fwd && nn_torch_forward_arity(fwd) > 1) { /* forward(self, image, features) */
        c->in_forward = 1;
        return nn_torch_trace_inputs(c, model, fwd, p);
    }
    x = nn_torch_tensor(c, "input", take_input_shape(c, shape, nshape), 0);
    c->in_forward = 1;
    if (model->kind == NN_MV_OBJ) {
        if (!fwd && nn_torch_seq_of(model))
            return nn_torch_apply(c, at, model, x);
        if (!fwd)
            return nn_m2m_unmappable(&c->t.ev, at, "the model has no forward method");
        struct nn_mval *pos[1] = {x};
        const struct nn_py_node *pn[1] = {fwd->node};
        struct nn_m2m_args a = {.pos = pos, .posnode = pn, .npos = 1};
        return nn_m2m_call_func(&c->t.ev, fwd->node, fwd, model, &a);
    }
    return nn_torch_apply(c, at, model, x);
}

/* The traced output must be the last module's, in the source's layout. */
static void finish_output(struct torch_ctx *c, struct nn_mval *out, const struct nn_py_node *at)
{
    if ((out = nn_torch_as_tensor(c, at, out)) && out->kind == NN_MV_HOST &&
        (out = nn_torch_to_cf(c, out))) {
        struct t_tensor *t = out->ptr;
        if (!c->t.last || strcmp(t->src, c->t.last) != 0)
            nn_m2m_unmappable(&c->t.ev, at, "the model's output is not the last value it "
                                          "computes (the pivot's output is its last module)");
    }
    nn_m2m_trace_place_gaps(&c->t); /* gaps after the last module end the network */
}

/* The configuration, when the training code gives all of it. */
static void build_config(struct torch_ctx *c)
{
    if (!c->t.optimiser && !c->t.loss && !c->has_epochs)
        return;
    if (!c->t.optimiser || !c->t.loss || !c->has_epochs || !c->has_batch) {
        nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, c->t.config_at), NN_WARNING,
                "training code found, but no %s: the pivot has no config",
                !c->t.optimiser ? "supported optimiser" : !c->t.loss ? "supported loss"
                : !c->has_epochs ? "epoch loop" : "DataLoader batch size");
        return;
    }
    nn_m2m_trace_config(&c->t);
}

/* verify: the expression that builds the chosen model in the source's
 * namespace: the variable holding it, the file's own call of its class
 * (with the arguments nnc used), or a call of the class or factory. */
static const char *source_builder(struct torch_ctx *c, struct nn_m2m_bind *b)
{
    struct nn_mval *v = b->val;
    if (v->kind == NN_MV_CLASS) {
        struct nn_m2m_pending *p = nn_m2m_pending_of(&c->t.pending, v);
        struct nn_loc at = p ? nn_m2m_loc(&c->t.ev, p->at) : nn_loc_make(NULL, 0, 0);
        if (at.src && at.end > at.start && at.end <= at.src->len && at.end - at.start < 4096)
            return nn_arena_printf(c->t.ev.a, "%.*s", (int)(at.end - at.start),
                                   at.src->text + at.start);
    }
    if (v->kind == NN_MV_CLASS || v->kind == NN_MV_FUNC)
        return nn_arena_printf(c->t.ev.a, "%s()", b->name);
    return b->name;
}

int nn_m2m_torch_detect(const struct nn_source *src)
{
    return (nn_m2m_py_kind(src) & NN_PYSRC_TORCH) != 0;
}

int nn_m2m_torch_read(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                      const struct nn_read_options *o)
{
    int before = d->errors;
    struct nn_py_node *module = nn_py_parse(src, &m->arena, d);
    if (!module)
        return d->errors - before ? d->errors - before : 1;
    struct torch_ctx *c = nn_arena_alloc(&m->arena, sizeof *c);
    if (!c)
        return 1;
    c->t.m = m;
    c->t.net = &m->net;
    c->t.opt = o;
    nn_m2m_eval_init(&c->t.ev, &m->arena, src, d, &torch_host, c);
    c->t.ev.keep_going = o && o->keep_going;
    c->t.blocks.nested_spans = 1; /* blocks inside an inlined block of several inputs */
    nn_m2m_exec_module(&c->t.ev, module);
    struct nn_m2m_bind *b = nn_torch_choose(c, is_module_base, is_seq_value);
    if (!b) {
        if (!(o && o->class_name))
            nn_diag(d, nn_loc_make(src, 0, 0), NN_ERROR,
                    "no PyTorch model found (no nn.Module subclass, no nn.Sequential)");
        return d->errors - before;
    }
    m->net.head.kind = NN_K_NETWORK;
    m->net.head.name = b->name;
    m->weights_source = "torch"; /* weights: layers' weights_from are parameter paths */
    m->source_builder = source_builder(c, b);
    struct nn_mval *out = trace(c, b, module);
    if (out)
        finish_output(c, out, module);
    nn_torch_finish_inputs(c);
    nn_blocks_extract(&c->t.blocks, &c->t.ev, &c->t.names, m, c->t.net);
    for (size_t i = 0; i <= m->net.nsubnets; i++) {
        struct nn_network *n = i < m->net.nsubnets ? &m->net.subnets[i] : &m->net;
        nn_net_index(m, n); /* for nn_net_elem_named: linear folds; dropped after */
        nn_fold_global_pools(m, n);
        nn_fold_activations(m, n);
        n->names = NULL;
    }
    const struct nn_mval *v = b->val;
    nn_m2m_attach_comments(m, v->kind == NN_MV_OBJ && v->cls ? v->cls->node : v->node, module);
    if (c->t.ninput_shape)
        nn_elem_set_ints(m, &m->net.head, NN_A_INPUT_SHAPE, c->t.input_shape,
                         (size_t)c->t.ninput_shape);
    build_config(c);
    nn_m2m_place_gaps(&c->t.ev, &c->t.names, m, &m->net); /* any gap left: nothing is dropped */
    return d->errors - before;
}
