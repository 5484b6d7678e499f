/* block_class.c - one generated class per source block (see block_class.h). */
#include "m2t/block_class.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/checked.h"
#include "metamodel/schema.h"

/* One token of a line: a literal (number, string, True/False) or not. */
struct tok {
    const char *s;
    size_t len;
    int lit;                    /* 0 other, 1 number, 2 string, 3 True/False */
};

/* A line of __init__'s body, cut into tokens. */
struct tline {
    struct tok *t;
    size_t n;
};

/* One sub-network's class text, cut into its parts. */
struct inst {
    const char *text;           /* NULL: no class (a chain) */
    const char **lines;         /* the text's lines, without their newline */
    size_t nlines;
    size_t cls, init, body0, body1; /* class line, __init__ line, body [body0, body1) */
    struct tline *body;
    const char *src;            /* its source class, or NULL */
    int raw;                    /* a text this module does not understand: kept alone */
    size_t group;
};

/* A constructor parameter: one literal position's values, one per member. */
struct param {
    const char *name;
    const char **vals;          /* per member of the group */
    size_t line, pos;           /* its first occurrence (a body line, a token) */
};

/* Instances built by one class. */
struct group {
    size_t *members;            /* sub-network indices, in order */
    size_t n, cap;
    const char *name;
    struct param *params;
    size_t nparams, capparams;
    const char *text;           /* the class, once written */
    int taken;
};

struct nn_block_classes {
    struct nn_gen *g;
    int keras;
    struct inst *in;
    size_t n;
    struct group *groups;
    size_t ngroups, capgroups;
    const char **names;         /* class names in use, for uniqueness */
    size_t nnames, capnames;
};

/* n items of size bytes from the arena; NULL on overflow or out of memory. */
static void *alloc_n(struct nn_arena *a, size_t n, size_t size)
{
    size_t bytes;
    return nn_mul_size(n, size, &bytes) ? nn_arena_alloc(a, bytes) : NULL;
}

/* Append one slot to an arena array; NULL when out of memory. */
static void *push(struct nn_arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 4, bytes;
        if (!nn_mul_size(c, size, &bytes))
            return NULL;
        *arr = nn_arena_grow(a, *arr, *n, c, size);
        if (!*arr)
            return NULL;
        *cap = c;
    }
    return (char *)*arr + (*n)++ * size;
}

/* Split text into lines (without newlines). */
static int split_lines(struct nn_arena *a, struct inst *in)
{
    size_t cap = 0;
    in->nlines = 0;
    in->lines = NULL;
    for (const char *s = in->text; *s;) {
        size_t len = strcspn(s, "\n");
        const char **l = push(a, (void **)&in->lines, &in->nlines, &cap, sizeof *l);
        if (!l || !(*l = nn_arena_strndup(a, s, len)))
            return 0;
        s += len + (s[len] == '\n');
    }
    return 1;
}

/* The length of the token at s (s not at its end). */
static size_t tok_len(const char *s, int *lit)
{
    const char *p = s;
    *lit = 0;
    if (*p == '"' || *p == '\'') {
        for (p++; *p && *p != *s; p++)
            if (*p == '\\' && p[1])
                p++;
        *lit = 2;
        return (size_t)(p - s) + (*p != '\0');
    }
    if (isdigit((unsigned char)*p)) {
        while (isalnum((unsigned char)*p) || *p == '.' || *p == '_' ||
               ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
            p++;
        *lit = 1;
        return (size_t)(p - s);
    }
    if (isalpha((unsigned char)*p) || *p == '_') {
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        size_t n = (size_t)(p - s);
        if ((n == 4 && memcmp(s, "True", 4) == 0) || (n == 5 && memcmp(s, "False", 5) == 0))
            *lit = 3;
        return n;
    }
    if (*p == '#') /* a comment: one token, compared to the letter */
        return strlen(s);
    if (*p == ' ') {
        while (*p == ' ')
            p++;
        return (size_t)(p - s);
    }
    return 1;
}

/* Cut one line into tokens. */
static int tokenize(struct nn_arena *a, const char *line, struct tline *out)
{
    size_t cap = 0;
    out->t = NULL;
    out->n = 0;
    for (const char *s = line; *s;) {
        struct tok *t = push(a, (void **)&out->t, &out->n, &cap, sizeof *t);
        if (!t)
            return 0;
        t->s = s;
        t->len = tok_len(s, &t->lit);
        s += t->len;
    }
    return 1;
}

/* Does line l start with prefix p? */
static int starts(const char *l, const char *p)
{
    return strncmp(l, p, strlen(p)) == 0;
}

/* Find the class line, __init__ and its body; tokenize the body. */
static int parse_inst(struct nn_arena *a, struct inst *in)
{
    if (!split_lines(a, in))
        return 0;
    size_t i = 0;
    while (i < in->nlines && !starts(in->lines[i], "class "))
        i++;
    in->cls = i;
    while (i < in->nlines && !starts(in->lines[i], "    def __init__(self"))
        i++;
    in->init = i;
    if (i + 2 > in->nlines)
        return 0;
    in->body0 = i + 2; /* after super().__init__(...) */
    for (i = in->body0; i < in->nlines && !starts(in->lines[i], "    def "); i++)
        ;
    in->body1 = i;
    in->body = alloc_n(a, in->body1 - in->body0 + 1, sizeof *in->body);
    for (i = in->body0; in->body && i < in->body1; i++)
        if (!tokenize(a, in->lines[i], &in->body[i - in->body0]))
            return 0;
    return in->body != NULL;
}

/* Are two strings equal (both may be NULL)? */
static int same_str(const char *x, const char *y)
{
    return x == y || (x && y && strcmp(x, y) == 0);
}

/* Lines [from, to) of a and b equal? */
static int same_lines(const struct inst *a, const struct inst *b, size_t from_a, size_t from_b,
                      size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a->lines[from_a + i], b->lines[from_b + i]) != 0)
            return 0;
    return 1;
}

/* Body lines equal but for literals of the same sort? */
static int same_shape(const struct tline *x, const struct tline *y)
{
    if (x->n != y->n)
        return 0;
    for (size_t i = 0; i < x->n; i++) {
        const struct tok *p = &x->t[i], *q = &y->t[i];
        int eq = p->len == q->len && memcmp(p->s, q->s, p->len) == 0;
        if (!eq && !(p->lit && p->lit == q->lit))
            return 0;
    }
    return 1;
}

/* Can b be built by a's class, with other literal values? */
static int compatible(const struct inst *a, const struct inst *b)
{
    size_t na = a->body1 - a->body0, nb = b->body1 - b->body0;
    if (!same_str(a->src, b->src) || na != nb || a->cls != b->cls ||
        a->nlines - a->body1 != b->nlines - b->body1)
        return 0;
    if (!same_lines(a, b, 0, 0, a->cls) || !same_lines(a, b, a->init, b->init, 2) ||
        !same_lines(a, b, a->body1, b->body1, a->nlines - a->body1))
        return 0;
    for (size_t i = 0; i < na; i++)
        if (!same_shape(&a->body[i], &b->body[i]))
            return 0;
    return 1;
}

/* Put every instance in the first group it fits, else a new one. */
static int make_groups(struct nn_block_classes *b)
{
    struct nn_arena *a = b->g->a;
    for (size_t k = 0; k < b->n; k++) {
        if (!b->in[k].text)
            continue;
        size_t gi = 0;
        while (gi < b->ngroups && (b->in[k].raw || b->in[b->groups[gi].members[0]].raw ||
                                   !compatible(&b->in[b->groups[gi].members[0]], &b->in[k])))
            gi++;
        if (gi == b->ngroups) {
            struct group *g = push(a, (void **)&b->groups, &b->ngroups, &b->capgroups, sizeof *g);
            if (!g)
                return 0;
            memset(g, 0, sizeof *g);
        }
        struct group *g = &b->groups[gi];
        size_t *m = push(a, (void **)&g->members, &g->n, &g->cap, sizeof *m);
        if (!m)
            return 0;
        *m = k;
        b->in[k].group = gi;
    }
    return 1;
}

/* Is name already a class (or reserved) in the module? */
static int name_used(const struct nn_block_classes *b, const char *name)
{
    for (size_t i = 0; i < b->nnames; i++)
        if (strcmp(b->names[i], name) == 0)
            return 1;
    return 0;
}

/* Record name as used. */
static int use_name(struct nn_block_classes *b, const char *name)
{
    const char **s = push(b->g->a, (void **)&b->names, &b->nnames, &b->capnames, sizeof *s);
    if (s)
        *s = name;
    return s != NULL;
}

/* The shared stem of the members' names, without trailing digits and '_'. */
static const char *shared_stem(const struct nn_block_classes *b, const struct group *g)
{
    const struct nn_network *subs = b->g->m->net.subnets;
    const char *first = subs[g->members[0]].head.name;
    size_t n = strlen(first);
    for (size_t i = 1; i < g->n; i++) {
        const char *o = subs[g->members[i]].head.name;
        size_t j = 0;
        while (j < n && o[j] == first[j])
            j++;
        n = j;
    }
    while (n && (isdigit((unsigned char)first[n - 1]) || first[n - 1] == '_'))
        n--;
    return n ? nn_arena_strndup(b->g->a, first, n) : "block";
}

/* The group's class name: its source class, the members' stem, or (a lone
 * member without a class) the member's own; numbered when taken. */
static const char *group_name(struct nn_block_classes *b, const struct group *g)
{
    const struct inst *first = &b->in[g->members[0]];
    const char *base;
    if (first->src)
        base = nn_py_class_name(b->g->a, first->src);
    else if (g->n > 1)
        base = nn_py_class_name(b->g->a, shared_stem(b, g));
    else
        base = nn_py_class_name(b->g->a, b->g->m->net.subnets[g->members[0]].head.name);
    const char *name = base;
    for (int i = 2; name && name_used(b, name); i++)
        name = nn_arena_printf(b->g->a, "%s%d", base, i);
    return name && use_name(b, name) ? name : NULL;
}

/* A member's token at (line, pos) of the body, as text. */
static const char *tok_text(const struct nn_block_classes *b, const struct group *g, size_t m,
                            size_t line, size_t pos)
{
    const struct tok *t = &b->in[g->members[m]].body[line].t[pos];
    return nn_arena_strndup(b->g->a, t->s, t->len);
}

/* The parameter whose values are those at (line, pos), new if needed. */
static struct param *param_at(struct nn_block_classes *b, struct group *g, size_t line,
                              size_t pos)
{
    for (size_t p = 0; p < g->nparams; p++) {
        size_t m = 0;
        while (m < g->n && strcmp(g->params[p].vals[m], tok_text(b, g, m, line, pos)) == 0)
            m++;
        if (m == g->n)
            return &g->params[p];
    }
    struct param *p = push(b->g->a, (void **)&g->params, &g->nparams, &g->capparams, sizeof *p);
    if (!p)
        return NULL;
    p->name = NULL;
    p->line = line;
    p->pos = pos;
    p->vals = alloc_n(b->g->a, g->n, sizeof *p->vals);
    for (size_t m = 0; p->vals && m < g->n; m++)
        p->vals[m] = tok_text(b, g, m, line, pos);
    return p->vals ? p : NULL;
}

/* Does the literal differ between the members at (line, pos)? */
static int differs(const struct nn_block_classes *b, const struct group *g, size_t line,
                   size_t pos)
{
    const struct tok *t0 = &b->in[g->members[0]].body[line].t[pos];
    for (size_t m = 1; m < g->n; m++) {
        const struct tok *t = &b->in[g->members[m]].body[line].t[pos];
        if (t->len != t0->len || memcmp(t->s, t0->s, t->len) != 0)
            return 1;
    }
    return 0;
}

/* The body of the group's class with each differing literal replaced by
 * its parameter's name (names are filled in later: slots hold params).
 * Every parameter is made first and the slots filled after: g->params
 * moves as it grows, so a slot taken while it grows would point at the old
 * copy. */
static struct param ***find_params(struct nn_block_classes *b, struct group *g)
{
    const struct inst *f = &b->in[g->members[0]];
    size_t nl = f->body1 - f->body0;
    for (size_t l = 0; l < nl; l++)
        for (size_t p = 0; p < f->body[l].n; p++)
            if (differs(b, g, l, p) && !param_at(b, g, l, p))
                return NULL;
    struct param ***at = alloc_n(b->g->a, nl + 1, sizeof *at);
    for (size_t l = 0; at && l < nl; l++) {
        at[l] = alloc_n(b->g->a, f->body[l].n + 1, sizeof **at);
        if (!at[l])
            return NULL;
        for (size_t p = 0; p < f->body[l].n; p++)
            at[l][p] = differs(b, g, l, p) ? param_at(b, g, l, p) : NULL;
    }
    return at;
}

/* ---- parameter names ---- */

/* The layer of a body line: the self.NAME it (or the statement it
 * continues) assigns, as a pivot layer of the member's network. */
static const struct nn_elem *line_layer(const struct nn_block_classes *b, size_t k, size_t line)
{
    const struct inst *in = &b->in[k];
    const struct nn_network *net = &b->g->m->net.subnets[k];
    for (size_t l = line + 1; l-- > 0;) {
        const char *s = in->lines[in->body0 + l];
        if (!starts(s, "        self."))
            continue;
        s += strlen("        self.");
        size_t n = strcspn(s, " =");
        for (size_t i = 0; i < net->nlayers; i++) {
            const char *name = net->layers[i].name;
            size_t ln = strlen(name);
            if (ln <= n && memcmp(name, s, ln) == 0 && (ln == n || s[ln] == '_'))
                return &net->layers[i];
        }
        return NULL;
    }
    return NULL;
}

/* Is v (a quoted literal's text) the name or string value x? */
static int text_is(const struct nn_value *x, const char *v)
{
    size_t n = strlen(v);
    if ((x->type != NN_V_NAME && x->type != NN_V_STRING) || !x->s || n < 2)
        return 0;
    return strlen(x->s) == n - 2 && memcmp(x->s, v + 1, n - 2) == 0;
}

/* Is v (a literal's text) the value of attribute a? */
static int attr_is(const struct nn_attr *a, const char *v)
{
    if (*v == '"' || *v == '\'')
        return text_is(&a->v, v);
    char *end;
    double d = strtod(v, &end);
    int num = *end == '\0' && end != v;
    const struct nn_value *x = &a->v;
    if (x->type == NN_V_LIST && x->n) {
        for (size_t i = 1; i < x->n; i++)
            if (x->items[i].type != x->items[0].type || x->items[i].i != x->items[0].i)
                return 0;
        x = &x->items[0];
    }
    if (x->type == NN_V_INT)
        return num && d == (double)x->i;
    if (x->type == NN_V_FLOAT)
        return num && d == x->f;
    if (x->type == NN_V_BOOL)
        return strcmp(v, x->i ? "True" : "False") == 0;
    return 0;
}

/* A candidate name for a parameter: an attribute of a layer whose values
 * at every member are the parameter's. */
struct cand {
    const struct nn_elem *layer;    /* the first member's layer */
    enum nn_attr_id attr;
    int inferred;                   /* shape inference fills it */
};

/* Does attribute id of layer (named as in the first member) carry p's
 * values at every member? */
static int carries(const struct nn_block_classes *b, const struct group *g,
                   const struct param *p, const char *layer, enum nn_attr_id id)
{
    for (size_t m = 0; m < g->n; m++) {
        struct nn_network *net = &b->g->m->net.subnets[g->members[m]];
        const struct nn_elem *e = nn_net_elem_named(net, layer);
        const struct nn_attr *a = e ? nn_elem_attr(e, id) : NULL;
        if (!a || !attr_is(a, p->vals[m]))
            return 0;
    }
    return 1;
}

/* The candidates of p among the layers its occurrences assign; *n set. */
static struct cand *candidates(struct nn_block_classes *b, struct group *g, struct param *p,
                               struct param ***at, size_t *n)
{
    struct cand *c = NULL;
    size_t cap = 0;
    const struct inst *f = &b->in[g->members[0]];
    *n = 0;
    for (size_t l = 0; l < f->body1 - f->body0; l++)
        for (size_t t = 0; t < f->body[l].n; t++) {
            const struct nn_elem *e = at[l][t] == p ? line_layer(b, g->members[0], l) : NULL;
            for (size_t i = 0; e && i < e->nattrs; i++) {
                enum nn_attr_id id = e->attrs[i].id;
                if (!carries(b, g, p, e->name, id))
                    continue;
                struct cand *x = push(b->g->a, (void **)&c, n, &cap, sizeof *x);
                if (!x)
                    return NULL;
                const struct nn_field *fd = nn_schema_field(e->kind, id);
                *x = (struct cand){e, id, fd && (fd->flags & NN_F_INFER)};
            }
        }
    return c;
}

/* An attribute's key as a parameter name: without a "_dim" ending. */
static const char *key_name(struct nn_arena *a, enum nn_attr_id id)
{
    const char *k = nn_attr_infos[id].key;
    size_t n = strlen(k);
    if (n > 4 && strcmp(k + n - 4, "_dim") == 0)
        n -= 4;
    return nn_arena_strndup(a, k, n);
}

/* Name p from its candidates: the key alone when it drives that attribute
 * in several layers, else LAYER_KEY; inferred attributes only when no
 * other carries it.  NULL: no attribute carries it. */
static const char *name_from(struct nn_arena *a, const struct cand *c, size_t n)
{
    int want_inferred = 1;
    for (size_t i = 0; i < n; i++)
        want_inferred &= c[i].inferred;
    const struct cand *first = NULL;
    int several = 0, one_key = 1;
    for (size_t i = 0; i < n; i++) {
        if (c[i].inferred != want_inferred)
            continue;
        if (!first)
            first = &c[i];
        several |= c[i].layer != first->layer;
        one_key &= c[i].attr == first->attr;
    }
    if (!first)
        return NULL;
    if (several && one_key)
        return key_name(a, first->attr);
    return nn_arena_printf(a, "%s_%s", nn_py_var_name(a, first->layer->name),
                           key_name(a, first->attr));
}

/* Names a parameter may not take: Python's words and the generated code's. */
static int reserved(const struct nn_block_classes *b, const struct group *g, const char *s)
{
    static const char *const words[] = {
        "name", "dtype", "trainable", "kwargs", "input", "output", "weights", "built",
        "losses", "metrics", "variables", "training", "np", "F", "block", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return 1;
    if (strcmp(nn_py_var_name(b->g->a, s), s) != 0)
        return 1;
    for (size_t p = 0; p < g->nparams && g->params[p].name; p++)
        if (strcmp(g->params[p].name, s) == 0)
            return 1;
    struct nn_network *net = &b->g->m->net.subnets[g->members[0]];
    return nn_net_elem_named(net, s) != NULL;
}

/* The keyword a parameter's first occurrence is passed by (momentum=...),
 * or NULL. */
static const char *keyword_of(const struct nn_block_classes *b, const struct group *g,
                              const struct param *p)
{
    const struct tline *tl = &b->in[g->members[0]].body[p->line];
    size_t i = p->pos;
    while (i > 0 && tl->t[i - 1].s[0] == ' ')
        i--;
    if (i == 0 || tl->t[i - 1].s[0] != '=' || tl->t[i - 1].len != 1)
        return NULL;
    i--;
    while (i > 0 && tl->t[i - 1].s[0] == ' ')
        i--;
    const struct tok *k = i > 0 ? &tl->t[i - 1] : NULL;
    if (!k || !(isalpha((unsigned char)k->s[0]) || k->s[0] == '_'))
        return NULL;
    return nn_arena_strndup(b->g->a, k->s, k->len);
}

/* Give every parameter of g a unique name. */
static void name_params(struct nn_block_classes *b, struct group *g, struct param ***at)
{
    for (size_t i = 0; i < g->nparams; i++) {
        struct param *p = &g->params[i];
        size_t n;
        struct cand *c = candidates(b, g, p, at, &n);
        const struct nn_elem *e = line_layer(b, g->members[0], p->line);
        const char *base = c ? name_from(b->g->a, c, n) : NULL;
        const char *kw = base ? NULL : keyword_of(b, g, p);
        if (!base)
            base = nn_arena_printf(b->g->a, "%s_%s", e ? nn_py_var_name(b->g->a, e->name)
                                                       : "block", kw ? kw : "value");
        const char *name = base;
        for (int k = 2; reserved(b, g, name); k++)
            name = nn_arena_printf(b->g->a, "%s_%d", base, k);
        p->name = name;
    }
}

/* ---- the class text ---- */

/* The body line l with parameters in place of their literals. */
static void write_body_line(FILE *f, const struct inst *in, struct param **at, size_t l)
{
    const struct tline *tl = &in->body[l];
    for (size_t t = 0; t < tl->n; t++) {
        if (at[t])
            fputs(at[t]->name, f);
        else if (tl->t[t].len) /* an empty token may have no text at all */
            fwrite(tl->t[t].s, 1, tl->t[t].len, f);
    }
    fputc('\n', f);
}

/* The docstring of a class several instances share. */
static void write_shared_doc(FILE *f, const struct nn_block_classes *b, const struct group *g)
{
    size_t col = (size_t)fprintf(f, "    \"\"\"The %s block, built for", g->name);
    for (size_t m = 0; m < g->n; m++) {
        const char *nm = b->g->m->net.subnets[g->members[m]].head.name;
        const char *sep = m == 0 ? " " : m + 1 == g->n ? " and " : ", ";
        if (col + strlen(sep) + strlen(nm) > 76) {
            fprintf(f, "%s\n   ", m == 0 ? "" : strcmp(sep, ", ") == 0 ? "," : " and");
            sep = " ";
            col = 3;
        }
        col += (size_t)fprintf(f, "%s%s", sep, nm);
    }
    fprintf(f, ".\"\"\"\n\n");
}

/* The head: the lines above the class line, the class line renamed, the
 * docstring (the member's own when it stands alone). */
static void write_head(FILE *f, const struct nn_block_classes *b, const struct group *g)
{
    const struct inst *in = &b->in[g->members[0]];
    for (size_t l = 0; l < in->cls; l++)
        fprintf(f, "%s\n", in->lines[l]);
    fprintf(f, "class %s%s\n", g->name, in->lines[in->cls] + strcspn(in->lines[in->cls], "("));
    if (g->n > 1) {
        write_shared_doc(f, b, g);
        return;
    }
    for (size_t l = in->cls + 1; l < in->init; l++)
        fprintf(f, "%s\n", in->lines[l]);
}

/* __init__ with the parameters, stored for get_config (Keras). */
static void write_init(FILE *f, const struct nn_block_classes *b, const struct group *g)
{
    const struct inst *in = &b->in[g->members[0]];
    const char *sig = in->lines[in->init] + strlen("    def __init__(self");
    fprintf(f, "    def __init__(self");
    for (size_t p = 0; p < g->nparams; p++)
        fprintf(f, ", %s", g->params[p].name);
    fprintf(f, "%s\n%s\n", sig, in->lines[in->init + 1]);
    for (size_t p = 0; b->keras && p < g->nparams; p++)
        fprintf(f, "        self.%s = %s\n", g->params[p].name, g->params[p].name);
}

/* The lines after __init__; Keras's get_config returns the parameters. */
static void write_rest(FILE *f, const struct nn_block_classes *b, const struct group *g)
{
    const struct inst *in = &b->in[g->members[0]];
    for (size_t l = in->body1; l < in->nlines; l++) {
        const char *s = in->lines[l];
        if (!(b->keras && g->nparams && strcmp(s, "        return super().get_config()") == 0)) {
            fprintf(f, "%s\n", s);
            continue;
        }
        fprintf(f, "        return {\n            **super().get_config(),\n");
        for (size_t p = 0; p < g->nparams; p++)
            fprintf(f, "            \"%s\": self.%s,\n", g->params[p].name, g->params[p].name);
        fprintf(f, "        }\n");
    }
}

/* Write the class of group g. */
static int write_group(struct nn_block_classes *b, struct group *g, struct param ***at)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    const struct inst *in = &b->in[g->members[0]];
    write_head(f, b, g);
    write_init(f, b, g);
    for (size_t l = 0; l < in->body1 - in->body0; l++)
        write_body_line(f, in, at[l], l);
    write_rest(f, b, g);
    fclose(f);
    g->text = buf ? nn_arena_strndup(b->g->a, buf, len) : NULL;
    free(buf);
    return g->text != NULL;
}

/* Name, parameterise and write every group. */
static int finish_groups(struct nn_block_classes *b)
{
    for (size_t i = 0; i < b->ngroups; i++) {
        struct group *g = &b->groups[i];
        if (b->in[g->members[0]].raw) { /* kept as written, under its own name */
            g->name = nn_py_class_name(b->g->a, b->g->m->net.subnets[g->members[0]].head.name);
            g->text = b->in[g->members[0]].text;
            continue;
        }
        struct param ***at = find_params(b, g);
        if (!at || !(g->name = group_name(b, g)))
            return 0;
        name_params(b, g, at);
        if (!write_group(b, g, at))
            return 0;
    }
    return 1;
}

struct nn_block_classes *nn_block_classes_build(struct nn_gen *g, const char *const *texts,
                                                int keras, const char *const *taken)
{
    struct nn_arena *a = g->a;
    struct nn_block_classes *b = nn_arena_alloc(a, sizeof *b);
    if (!b)
        return NULL;
    memset(b, 0, sizeof *b);
    b->g = g;
    b->keras = keras;
    b->n = g->m->net.nsubnets;
    b->in = alloc_n(a, b->n + 1, sizeof *b->in);
    if (!b->in)
        return NULL;
    for (size_t k = 0; k < b->n; k++) {
        struct inst *in = &b->in[k];
        memset(in, 0, sizeof *in);
        in->text = texts[k];
        const struct nn_elem *head = &g->m->net.subnets[k].head;
        in->src = nn_elem_has(head, NN_A_SOURCE_CLASS) ? nn_elem_str(head, NN_A_SOURCE_CLASS)
                                                       : NULL;
        in->raw = in->text && !parse_inst(a, in);
    }
    for (size_t i = 0; taken[i]; i++)
        if (!use_name(b, taken[i]))
            return NULL;
    return make_groups(b) && finish_groups(b) ? b : NULL;
}

const char *nn_block_class_name(const struct nn_block_classes *b, size_t k)
{
    return b->groups[b->in[k].group].name;
}

const char *nn_block_class_args(const struct nn_block_classes *b, size_t k)
{
    const struct group *g = &b->groups[b->in[k].group];
    const char *out = "";
    size_t m = 0;
    while (g->members[m] != k)
        m++;
    for (size_t p = 0; p < g->nparams; p++)
        out = nn_arena_printf(b->g->a, "%s%s%s=%s", out, p ? ", " : "", g->params[p].name,
                              g->params[p].vals[m]);
    return out;
}

const char *nn_block_class_take(struct nn_block_classes *b, size_t k)
{
    struct group *g = &b->groups[b->in[k].group];
    if (g->taken)
        return NULL;
    g->taken = 1;
    return g->text;
}
