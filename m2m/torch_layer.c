/* torch_layer.c - torch.nn constructor calls to pivot layers, through the
 * shared PyTorch spelling table (frameworks/torch_spell.def) and the
 * reader's extra rows (m2m/torch.def). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameworks/spell.h"
#include "m2m/torch_int.h"
#include "metamodel/tconv.h"

static const struct {
    const char *name;
    enum torch_role role;
    const char *params;
} classes[] = {
#define TORCH_CLASS(id, role, params) {#id, TR_##role, params},
#include "m2m/torch.def"
};

static const struct {
    const char *cls;
    enum nn_kind kind;
} kinds[] = {
#define TORCH_KIND(id, kind) {#id, NN_K_##kind},
#include "m2m/torch.def"
};

#define NN_A_NONE (-1)
static const struct torch_arg args_table[] = {
#define TORCH_ARG(id, param, attr, conv, def) {#id, param, NN_A_##attr, TC_##conv, def},
#include "m2m/torch.def"
};
#undef NN_A_NONE

static const struct {
    const char *name, *cls, *params;
} fns[] = {
#define TORCH_FN(name, id, params) {name, #id, params},
#include "m2m/torch.def"
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* Does "nn.<name>" spell pattern ('#' a rank digit)?  *rank gets the digit. */
static int spelled(const char *pattern, const char *name, int *rank)
{
    if (!pattern || strncmp(pattern, "nn.", 3) != 0)
        return 0;
    pattern += 3;
    const char *hash = strchr(pattern, '#');
    size_t pre = hash ? (size_t)(hash - pattern) : strlen(pattern);
    if (strncmp(pattern, name, pre) != 0)
        return 0;
    if (!hash)
        return name[pre] == '\0';
    if (name[pre] < '1' || name[pre] > '3' || strcmp(name + pre + 1, hash + 1) != 0)
        return 0;
    *rank = name[pre] - '0';
    return 1;
}

/* The kind and rank of a LAYER class: the shared table's classes and
 * pooling classes, then the reader's own (classes no generator writes). */
static int layer_kind(const char *name, enum nn_kind *kind, int *rank)
{
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        *rank = nn_kind_rank((enum nn_kind)k) > 0 ? nn_kind_rank((enum nn_kind)k) : 0;
        if (spelled(nn_spell_torch.layer[k], name, rank)) {
            *kind = (enum nn_kind)k;
            return 1;
        }
    }
    for (size_t i = 0; i < nn_spell_torch.npools; i++)
        if (spelled(nn_spell_torch.pools[i].cls, name, rank)) {
            *kind = NN_K_POOLING;
            return 1;
        }
    *rank = 0;
    for (size_t i = 0; i < COUNT(kinds); i++)
        if (strcmp(kinds[i].cls, name) == 0) {
            *kind = kinds[i].kind;
            return 1;
        }
    return 0;
}

/* The activation an activation module applies (the shared table's module). */
static const char *module_actv(const char *name)
{
    int rank;
    for (size_t i = 0; i < nn_spell_torch.nacts; i++)
        if (spelled(nn_spell_torch.acts[i].module, name, &rank))
            return nn_spell_torch.acts[i].name;
    return NULL;
}

size_t nn_torch_class_count(void)
{
    return COUNT(classes);
}

int nn_torch_class_resolve(size_t i, struct torch_class *r)
{
    *r = (struct torch_class){classes[i].name, NN_K_NETWORK, 0, classes[i].role,
                              classes[i].params, NULL};
    size_t n = strlen(r->name);
    switch (r->role) {
    case TR_LAYER: return layer_kind(r->name, &r->kind, &r->rank);
    case TR_ACT:
        r->kind = NN_K_ACTIVATION;
        r->actv = module_actv(r->name);
        return r->actv != NULL;
    case TR_PAD: /* ZeroPad2d: the rank before the final 'd'; a Padding when no layer absorbs it */
        r->kind = NN_K_PADDING;
        r->rank = n > 2 && r->name[n - 1] == 'd' && r->name[n - 2] >= '1' &&
                  r->name[n - 2] <= '3' ? r->name[n - 2] - '0' : 0;
        return 1;
    case TR_PASS: return 1;
    }
    return 0;
}

/* The class row i with its kind, rank and activation filled in. */
static const struct torch_class *resolved(struct torch_ctx *c, size_t i)
{
    struct torch_class *r = nn_arena_alloc(c->t.ev.a, sizeof *r);
    return r && nn_torch_class_resolve(i, r) ? r : NULL;
}

const struct torch_class *nn_torch_class_named(struct torch_ctx *c, const char *name)
{
    for (size_t i = 0; i < COUNT(classes); i++)
        if (strcmp(classes[i].name, name) == 0)
            return resolved(c, i);
    return NULL;
}

const struct torch_class *nn_torch_fn_named(struct torch_ctx *c, const char *name,
                                            const char **params)
{
    for (size_t i = 0; i < COUNT(fns); i++)
        if (strcmp(fns[i].name, name) == 0) {
            *params = fns[i].params;
            return nn_torch_class_named(c, fns[i].cls);
        }
    return NULL;
}

/* Is word one of the space-separated words of list? */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* The shared table's conversions as the reader applies them. */
static enum torch_conv reader_conv(enum nn_conv conv)
{
    switch (conv) {
    case NN_CONV_INT: return TC_INT;
    case NN_CONV_FLOAT: return TC_FLOAT;
    case NN_CONV_BOOL: return TC_BOOL;
    case NN_CONV_INTS: case NN_CONV_TUPLE: return TC_DIMS; /* rank 0: any length */
    case NN_CONV_STR: return TC_NAME;
    default: NN_UNREACHABLE(); /* the PyTorch table uses no other */
    }
}

/* The row for (class, param): the reader's own, else the shared table's row
 * for the class's kind when param is one of the call's parameters. */
static const struct torch_arg *arg_row(struct torch_ctx *c, const struct t_layer *l,
                                       const char *param)
{
    for (size_t i = 0; i < COUNT(args_table); i++)
        if (strcmp(args_table[i].cls, l->cls->name) == 0 && strcmp(args_table[i].param, param) == 0)
            return &args_table[i];
    if (l->cls->role != TR_LAYER || !has_word(l->params, param))
        return NULL;
    for (size_t i = 0; i < nn_spell_torch.nargs; i++) {
        const struct nn_spell_arg *r = &nn_spell_torch.args[i];
        if (r->kind != l->cls->kind || strcmp(r->key, param) != 0)
            continue;
        struct torch_arg *a = nn_arena_alloc(c->t.ev.a, sizeof *a);
        if (a)
            *a = (struct torch_arg){l->cls->name, r->key, (int)r->attr, reader_conv(r->conv),
                                    r->def ? r->def : ""};
        return a;
    }
    return NULL;
}

/* Padding: a symmetric amount, or 'same'/'valid'; NULL or a problem.  A
 * transposed convolution's padding that differs between axes is kept in l
 * (tconv_same decides). */
static const char *set_padding(struct torch_ctx *c, struct t_layer *l, struct nn_elem *e,
                               int rank, struct nn_mval *v)
{
    if (v->kind == NN_MV_STR) {
        if (nn_kind_is_tconv(e->kind))
            return "of a transposed convolution must be a number or a tuple of numbers";
        if (strcmp(v->s, "same") != 0 && strcmp(v->s, "valid") != 0)
            return "padding must be 'same', 'valid' or a number";
        nn_elem_set_name(c->t.m, e, NN_A_PADDING_TYPE, v->s);
        return NULL;
    }
    long long d[8];
    size_t n;
    if (nn_m2m_dims(v, rank, d, &n))
        return "padding must be an int or a tuple of ints";
    int differ = 0;
    for (size_t i = 1; i < n; i++)
        differ |= d[i] != d[0];
    if (differ && nn_kind_is_conv(e->kind) && n <= 3) { /* tpool: one amount per axis */
        nn_elem_set_ints(c->t.m, e, NN_A_PADDING_DIM, d, n);
        return NULL;
    }
    for (size_t i = 1; i < n; i++)
        if (d[i] != d[0] && !(nn_kind_is_tconv(e->kind) && n <= 3))
            return "padding that differs between axes has no pivot equivalent";
        else if (d[i] != d[0])
            l->ntpad = (int)n;
    memcpy(l->tpad, d, (l->ntpad ? (size_t)l->ntpad : 0) * sizeof *d);
    nn_elem_set_int(c->t.m, e, NN_A_PADDING_AMOUNT, d[0]);
    return NULL;
}

/* An argument the reader keeps in the layer; NULL or a problem description. */
static const char *keep_state(struct t_layer *l, const char *param, struct nn_mval *v)
{
    if (strcmp(param, "batch_first") == 0)
        l->batch_first = v->kind != NN_MV_NONE && nn_m2m_truth(v) == 1;
    if (strcmp(param, "dim") == 0 && v->kind == NN_MV_INT) {
        l->dim_given = 1;
        l->dim = v->i;
    }
    if (strcmp(param, "approximate") == 0) {
        if (v->kind != NN_MV_STR || (strcmp(v->s, "none") != 0 && strcmp(v->s, "tanh") != 0))
            return "expects 'none' or 'tanh'";
        l->gelu_tanh = strcmp(v->s, "tanh") == 0;
    }
    if (strcmp(param, "size") == 0 && v->kind != NN_MV_NONE) { /* Upsample: torch_size.c */
        size_t n = 0;
        if ((v->kind != NN_MV_INT && (v->kind != NN_MV_TUPLE && v->kind != NN_MV_LIST)) ||
            v->n > 3 || nn_m2m_dims(v, 0, l->out_size, &n) || n == 0)
            return "expects an int or a tuple of ints known statically";
        l->nout_size = v->kind == NN_MV_INT ? -1 : (int)n;
    }
    if (strcmp(param, "count_include_pad") == 0)
        l->exclude_pad = nn_m2m_truth(v) == 0;
    if (strcmp(param, "value") == 0 && v->kind != NN_MV_NONE) {
        if (!nn_m2m_is_num(v))
            return "expects a number known statically";
        l->pad_value = nn_m2m_num(v);
    }
    if (strcmp(param, "padding") == 0 || strcmp(param, "pad") == 0) {
        size_t n = 0;
        int many = (v->kind == NN_MV_TUPLE || v->kind == NN_MV_LIST) && v->n > 6;
        if (many || nn_m2m_dims(v, 0, l->pad, &n) || (v->kind != NN_MV_INT && n % 2))
            return "expects an int or (before, after) pairs known statically";
        l->npad = v->kind == NN_MV_INT ? -1 : (int)n;
    }
    return NULL;
}

/* A string naming a value of the attribute's set; NULL or a problem. */
static const char *set_enum(struct torch_ctx *c, struct nn_elem *e, enum nn_attr_id id,
                            struct nn_mval *v)
{
    if (v->kind != NN_MV_STR)
        return "expects a string known statically";
    if (nn_attr_infos[id].type != NN_T_ENUM ||
        !nn_schema_enum_has(nn_attr_infos[id].values, v->s, strlen(v->s)))
        return nn_arena_printf(c->t.ev.a, "'%s' has no pivot equivalent (nnc knows: %s)", v->s,
                               nn_schema_enum_values(nn_attr_infos[id].values));
    nn_elem_set_name(c->t.m, e, id, v->s);
    return NULL;
}

/* Convert one argument by its row; NULL or a problem description. */
static const char *convert(struct torch_ctx *c, struct t_layer *l, const struct torch_arg *r,
                           struct nn_mval *v, const struct nn_py_node *at)
{
    struct nn_elem *e = l->proto;
    long long d[8];
    size_t n;
    enum nn_attr_id id = (enum nn_attr_id)r->attr;
    switch (r->conv) {
    case TC_INT:
        if (v->kind != NN_MV_INT)
            return v->kind == NN_MV_NONE ? NULL : "expects an integer known statically";
        nn_elem_set_int(c->t.m, e, id, v->i);
        return NULL;
    case TC_FLOAT:
        if (!nn_m2m_is_num(v))
            return "expects a number known statically";
        nn_elem_set_float(c->t.m, e, id, nn_m2m_num(v));
        return NULL;
    case TC_NAME: return set_enum(c, e, id, v);
    case TC_BOOL:
        if (v->kind == NN_MV_NONE && id == NN_A_ALIGN_CORNERS)
            return NULL; /* PyTorch's default */
        if (v->kind != NN_MV_BOOL && v->kind != NN_MV_INT)
            return "expects True or False";
        nn_elem_set_bool(c->t.m, e, id, v->i != 0);
        return NULL;
    case TC_DIMS:
        if (v->kind == NN_MV_NONE)
            return NULL;
        if (id == NN_A_INTERPOLATE_SCALE && v->kind == NN_MV_FLOAT && v->f >= 1 && v->f <= 1e6 &&
            v->f == (double)(long long)v->f) /* scale_factor=2.0: a whole factor written as a float */
            v = nn_m2m_int(&c->t.ev, (long long)v->f);
        if (!v)
            return NULL;
        if (nn_m2m_dims(v, l->cls->rank, d, &n))
            return "expects an int or a tuple of ints known statically";
        nn_elem_set_ints(c->t.m, e, id, d, n);
        return NULL;
    case TC_SHAPE:
        if (nn_m2m_dims(v, 0, d, &n))
            return "expects an int or a tuple of ints known statically";
        nn_elem_set_ints(c->t.m, e, id, d, n);
        return NULL;
    case TC_PAD: return set_padding(c, l, e, l->cls->rank, v);
    case TC_ONLY:
        return nn_m2m_equals_text(&c->t.ev, v, r->def)
                   ? NULL
                   : nn_arena_printf(c->t.ev.a, "only %s=%s has a pivot equivalent",
                                     r->param, r->def);
    case TC_DROP:
        if (v->kind != NN_MV_NONE && !(v->kind == NN_MV_BOOL && !v->i))
            nn_diag(c->t.ev.d, nn_m2m_loc(&c->t.ev, at), NN_WARNING,
                    "%s(%s=...) only affects training; the pivot has no equivalent, dropped",
                    l->cls->name, r->param);
        return NULL;
    case TC_STATE: return keep_state(l, r->param, v);
    case TC_IGNORE: return NULL;
    }
    return NULL;
}

/* Record the first problem of a layer, to be reported where it is used. */
static void problem(struct torch_ctx *c, struct t_layer *l, const struct nn_py_node *at,
                    const char *what)
{
    if (!l->error) {
        l->error = nn_arena_printf(c->t.ev.a, "%s: %s", l->cls->name, what);
        l->error_at = at;
    }
}

/* Apply one argument given by name. */
static void named_arg(struct torch_ctx *c, struct t_layer *l, const char *param,
                      struct nn_mval *v, const struct nn_py_node *at)
{
    const struct torch_arg *r = arg_row(c, l, param);
    if (!r) {
        problem(c, l, at, nn_arena_printf(c->t.ev.a, "argument '%s' is not known to nnc", param));
        return;
    }
    if (v->kind == NN_MV_UNKNOWN || v->kind == NN_MV_HOST) {
        problem(c, l, at, nn_arena_printf(c->t.ev.a, "argument '%s' is not known statically",
                                          param));
        return;
    }
    const char *why = convert(c, l, r, v, at);
    nn_elem_locate(l->proto, nn_m2m_loc(&c->t.ev, at));
    if (why)
        problem(c, l, at, nn_arena_printf(c->t.ev.a, "%s %s", param, why));
}

/* Should a row's default be written when the argument is absent?  The
 * reader's rows say so with a default; a shared float row does when its
 * attribute is an extension or required (no framework default may reach
 * the pivot implicitly). */
static int explicit_default(enum nn_kind kind, const struct torch_arg *r, int shared)
{
    if (!r->def[0] || r->attr < 0 || r->conv == TC_ONLY || r->conv == TC_STATE)
        return 0;
    if (!shared)
        return 1;
    const struct nn_field *f = nn_schema_field(kind, (enum nn_attr_id)r->attr);
    return r->conv == TC_FLOAT && f && (f->flags & (NN_F_EXT | NN_F_REQ));
}

/* Write the explicit defaults of arguments that were not given. */
static void defaults(struct torch_ctx *c, struct t_layer *l)
{
    for (size_t i = 0; i < COUNT(args_table); i++) {
        const struct torch_arg *r = &args_table[i];
        if (strcmp(r->cls, l->cls->name) == 0 && explicit_default(l->cls->kind, r, 0) &&
            !nn_elem_has(l->proto, (enum nn_attr_id)r->attr))
            nn_elem_set_float(c->t.m, l->proto, (enum nn_attr_id)r->attr, strtod(r->def, NULL));
    }
    for (size_t i = 0; l->cls->role == TR_LAYER && i < nn_spell_torch.nargs; i++) {
        const struct nn_spell_arg *s = &nn_spell_torch.args[i];
        struct torch_arg r = {l->cls->name, s->key, (int)s->attr, TC_FLOAT, s->def ? s->def : ""};
        if (s->kind == l->cls->kind && s->conv == NN_CONV_FLOAT &&
            explicit_default(l->cls->kind, &r, 1) && !nn_elem_has(l->proto, s->attr))
            nn_elem_set_float(c->t.m, l->proto, s->attr, strtod(r.def, NULL));
    }
}

/* InstanceNorm*d: a GroupNorm with one channel per group, without
 * affine parameters unless affine=True (PyTorch's default differs from
 * GroupNorm's). */
static void instance_norm(struct torch_ctx *c, struct nn_elem *e)
{
    if (nn_elem_has(e, NN_A_NUM_CHANNELS))
        nn_elem_set_int(c->t.m, e, NN_A_NUM_GROUPS, nn_elem_int(e, NN_A_NUM_CHANNELS));
    if (!nn_elem_has(e, NN_A_AFFINE))
        nn_elem_set_bool(c->t.m, e, NN_A_AFFINE, 0);
}

/* Kind-specific attributes that follow from the class itself. */
static void class_attrs(struct torch_ctx *c, struct t_layer *l)
{
    static const char *const dimnames[] = {"", "1D", "2D", "3D"};
    struct nn_elem *e = l->proto;
    int rank;
    for (size_t i = 0; l->cls->kind == NN_K_POOLING && i < nn_spell_torch.npools; i++)
        if (spelled(nn_spell_torch.pools[i].cls, l->cls->name, &rank)) { /* the first: adaptive */
            nn_elem_set_name(c->t.m, e, NN_A_POOLING_TYPE, nn_spell_torch.pools[i].type);
            break;
        }
    if (l->cls->kind == NN_K_POOLING)
        nn_elem_set_name(c->t.m, e, NN_A_DIMENSION, dimnames[l->cls->rank]);
    if (l->cls->kind == NN_K_BATCH_NORM)
        nn_elem_set_name(c->t.m, e, NN_A_DIMENSION, dimnames[l->cls->rank]);
    if (l->cls->role == TR_ACT)
        nn_elem_set_name(c->t.m, e, NN_A_ACTV_FUNC, l->gelu_tanh ? "gelu_tanh" : l->cls->actv);
    if (strncmp(l->cls->name, "InstanceNorm", 12) == 0)
        instance_norm(c, e);
    if (l->cls->kind == NN_K_PRELU && !nn_elem_has(e, NN_A_NUM_PARAMETERS)) /* PReLU */
        nn_elem_set_int(c->t.m, e, NN_A_NUM_PARAMETERS, 1);
    if (strcmp(l->cls->name, "UpsamplingBilinear2d") == 0) { /* align_corners=True, always */
        nn_elem_set_name(c->t.m, e, NN_A_INTERPOLATE_MODE, "bilinear");
        nn_elem_set_bool(c->t.m, e, NN_A_ALIGN_CORNERS, 1);
    }
}

int nn_torch_input_rank(struct torch_ctx *c, struct t_layer *l, int rank)
{
    static const char *const dimnames[] = {"", "1D", "2D", "3D"};
    if (rank < 3 || rank > 5)
        return -1;
    const char *d = nn_elem_str(l->proto, NN_A_DIMENSION);
    long long v[3];
    if (!nn_elem_has(l->proto, NN_A_DIMENSION))
        nn_elem_set_name(c->t.m, l->proto, NN_A_DIMENSION, dimnames[rank - 2]);
    else if (strcmp(d, dimnames[rank - 2]) != 0)
        return -1;
    if (l->cls->kind == NN_K_INTERPOLATE && nn_elem_ints(l->proto, NN_A_INTERPOLATE_SCALE, v, 3) == 1) {
        v[1] = v[2] = v[0]; /* one scale factor for every spatial axis */
        nn_elem_set_ints(c->t.m, l->proto, NN_A_INTERPOLATE_SCALE, v, (size_t)rank - 2);
    }
    return rank;
}

/* A transposed convolution whose padding differs between axes: the pivot
 * has it only as TensorFlow's 'same' (what nnc's generators write for it). */
static void tconv_same(struct torch_ctx *c, struct t_layer *l)
{
    struct nn_elem *e = l->proto;
    struct nn_tconv t, same;
    if (!l->ntpad || l->error)
        return;
    nn_tconv_read(e, &t);
    nn_elem_set_name(c->t.m, e, NN_A_PADDING_TYPE, "same");
    int ok = !nn_tconv_read(e, &same) && l->ntpad == t.r;
    for (int a = 0; ok && a < t.r; a++)
        ok = same.pad[a] == l->tpad[a] && same.out_pad[a] == t.out_pad[a];
    if (!ok) {
        problem(c, l, l->at, "padding that differs between axes has no pivot equivalent unless "
                             "it is TensorFlow's 'same' padding");
        return;
    }
    nn_elem_unset(e, NN_A_PADDING_AMOUNT);
    nn_elem_unset(e, NN_A_OUTPUT_PADDING);
}

struct nn_mval *nn_torch_make_layer(struct torch_ctx *c, const struct nn_py_node *at,
                                 const struct torch_class *cls, const char *params,
                                 struct nn_m2m_args *args, size_t skip)
{
    struct t_layer *l = nn_arena_alloc(c->t.ev.a, sizeof *l);
    if (!l || !(l->proto = nn_elem_new(c->t.m, cls->kind)))
        return NULL;
    l->cls = cls;
    l->params = params;
    l->at = at;
    l->proto->loc = nn_m2m_loc(&c->t.ev, at);
    char buf[64];
    for (size_t i = skip; i < args->npos; i++) {
        if (!nn_m2m_word(params, i - skip, buf, sizeof buf)) {
            problem(c, l, args->posnode[i], "too many arguments");
            break;
        }
        named_arg(c, l, nn_arena_strdup(c->t.ev.a, buf), args->pos[i], args->posnode[i]);
    }
    for (size_t i = 0; i < args->nkw; i++)
        named_arg(c, l, args->kwname[i], args->kw[i], args->kwnode[i]);
    defaults(c, l);
    class_attrs(c, l);
    tconv_same(c, l);
    if (nn_kind_is_rnn(cls->kind))
        nn_elem_set_bool(c->t.m, l->proto, NN_A_BATCH_FIRST, 1);
    return nn_m2m_host_val(&c->t.ev, T_LAYER, l);
}

struct nn_elem *nn_torch_copy_elem(struct torch_ctx *c, const struct nn_elem *proto)
{
    struct nn_elem *e = nn_elem_new(c->t.m, proto->kind);
    for (size_t i = 0; e && i < proto->nattrs; i++)
        nn_elem_set(c->t.m, e, proto->attrs[i].id, proto->attrs[i].v);
    return e;
}
