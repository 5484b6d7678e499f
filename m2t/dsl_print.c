/* dsl_print.c - canonical DSL printer (see dsl_print.h). */
#include "m2t/dsl_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/floattext.h"

void nn_dsl_format_float(double f, char *buf, size_t size)
{
    if (!isfinite(f)) {
        snprintf(buf, size, "%s", isnan(f) ? "nan" : f > 0 ? "inf" : "-inf");
        return;
    }
    struct nn_float_digits fd;
    nn_float_digits(f, &fd);
    const char *digits = fd.d;
    size_t nd = (size_t)fd.n;
    int exp = fd.exp;
    if (exp > 20 || exp < -20) { /* extension: exponent notation, as C's %e writes it */
        snprintf(buf, size, "%s%c%s%se%c%02d", f < 0 ? "-" : "", digits[0], nd > 1 ? "." : "",
                 digits + 1, exp < 0 ? '-' : '+', abs(exp));
        return;
    }
    char out[80];
    size_t o = 0;
    if (f < 0)
        out[o++] = '-';
    if (exp < 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = -1; i > exp; i--)
            out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else {
        for (int i = 0; i <= exp; i++)
            out[o++] = i < (int)nd ? digits[i] : '0';
        out[o++] = '.';
        if ((int)nd > exp + 1) {
            memcpy(out + o, digits + exp + 1, nd - (size_t)exp - 1);
            o += nd - (size_t)exp - 1;
        } else {
            out[o++] = '0';
        }
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
}

static void indent(FILE *out, int level)
{
    for (int i = 0; i < level; i++)
        fputs("    ", out);
}

void nn_dsl_print_value(const struct nn_value *v, FILE *out)
{
    char buf[64];
    switch (v->type) {
    case NN_V_NONE: break;
    case NN_V_INT: fprintf(out, "%lld", v->i); break;
    case NN_V_FLOAT:
        nn_dsl_format_float(v->f, buf, sizeof buf);
        fputs(buf, out);
        break;
    case NN_V_BOOL: fputs(v->i ? "True" : "False", out); break;
    case NN_V_STRING: fprintf(out, "\"%s\"", v->s); break;
    case NN_V_NAME: fputs(v->s, out); break;
    case NN_V_LABEL: fprintf(out, "(col=\"%s\", label=\"%s\")", v->s, v->s2); break;
    case NN_V_LIST: {
        int labels = v->n && v->items[0].type == NN_V_LABEL;
        fputc(labels ? '{' : '[', out);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                fputs(", ", out);
            nn_dsl_print_value(&v->items[i], out);
        }
        fputc(labels ? '}' : ']', out);
        break;
    }
    }
}

/* Leading comment lines at the item's indentation. */
static void lead(FILE *out, int level, const struct nn_comments *c)
{
    const char *s = c->lead;
    while (s && *s) {
        size_t n = strcspn(s, "\n");
        indent(out, level);
        fprintf(out, "%.*s\n", (int)n, s);
        s += n + (s[n] == '\n');
    }
}

/* End of an item's line, with its trailing comment. */
static void eol(FILE *out, const struct nn_comments *c)
{
    if (c->trail)
        fprintf(out, "  %s", c->trail);
    fputc('\n', out);
}

/* key=value lines in the schema's order; ALWAYS fields get their default. */
static void print_attrs(const struct nn_elem *e, FILE *out, int level)
{
    size_t n;
    const struct nn_field *f = nn_schema_kind_fields(e->kind, &n);
    for (size_t i = 0; i < n; i++) {
        const struct nn_attr *a = nn_elem_attr(e, f[i].attr);
        if (!a && !(f[i].flags & NN_F_ALWAYS))
            continue;
        if (a)
            lead(out, level, &a->c);
        indent(out, level);
        fprintf(out, "%s=", nn_attr_key(f[i].attr));
        if (a)
            nn_dsl_print_value(&a->v, out);
        else
            fputs(f[i].def, out);
        if (a)
            eol(out, &a->c);
        else
            fputc('\n', out);
    }
}

/* "- name:" (layers) or "- name=NAME" (tensor ops) then type= and the keys. */
static void print_item(const struct nn_elem *e, FILE *out, int level, int is_op)
{
    lead(out, level, &e->c);
    indent(out, level);
    fprintf(out, is_op ? "- name=%s" : "- %s:", e->name);
    eol(out, &e->c);
    indent(out, level + 1);
    fprintf(out, "type=%s\n", nn_kind_name(e->kind));
    print_attrs(e, out, level + 1);
}

static void section(FILE *out, int level, const struct nn_network *n, enum nn_section s,
                    const char *keyword)
{
    lead(out, level, &n->sec[s]);
    indent(out, level);
    fprintf(out, "%s:", keyword);
    eol(out, &n->sec[s]);
}

/* The inputs: section (nnc extension): "- name:" then its input_shape. */
static void print_inputs(const struct nn_network *n, FILE *out, int level)
{
    if (!n->ninputs)
        return;
    section(out, level, n, NN_SEC_INPUTS, "inputs");
    for (size_t i = 0; i < n->ninputs; i++) {
        const struct nn_elem *e = &n->inputs[i];
        lead(out, level + 1, &e->c);
        indent(out, level + 1);
        fprintf(out, "- %s:", e->name);
        eol(out, &e->c);
        print_attrs(e, out, level + 2);
    }
}

static void print_body(const struct nn_network *n, FILE *out, int level)
{
    print_inputs(n, out, level);
    section(out, level, n, NN_SEC_LAYERS, "layers");
    for (size_t i = 0; i < n->nlayers; i++)
        print_item(&n->layers[i], out, level + 1, 0);
    if (n->nsubnets) {
        section(out, level, n, NN_SEC_SUB_NN, "sub_nn");
        for (size_t i = 0; i < n->nsubnets; i++) {
            const struct nn_network *s = &n->subnets[i];
            lead(out, level + 1, &s->head.c);
            indent(out, level + 1);
            fprintf(out, "- %s:", s->head.name);
            eol(out, &s->head.c);
            print_attrs(&s->head, out, level + 2); /* source_class */
            print_body(s, out, level + 2);
        }
    }
    if (n->nops) {
        section(out, level, n, NN_SEC_TENSOR_OPS, "tensor_ops");
        for (size_t i = 0; i < n->nops; i++)
            print_item(&n->ops[i], out, level + 1, 1);
    }
    if (n->has_modules || n->nmodules) {
        section(out, level, n, NN_SEC_MODULES, "modules");
        for (size_t i = 0; i < n->nmodules; i++) {
            lead(out, level + 1, &n->modules[i].c);
            indent(out, level + 1);
            fprintf(out, "- %s", n->modules[i].name);
            eol(out, &n->modules[i].c);
        }
    }
}

static void print_block(const struct nn_network *n, const struct nn_elem *e,
                        enum nn_section s, const char *keyword, FILE *out)
{
    if (!e)
        return;
    section(out, 1, n, s, keyword);
    print_attrs(e, out, 2);
}

void nn_dsl_print(const struct nn_model *m, FILE *out)
{
    const struct nn_network *n = &m->net;
    lead(out, 0, &n->head.c);
    fprintf(out, "%s:", n->head.name);
    eol(out, &n->head.c);
    print_attrs(&n->head, out, 1);
    print_body(n, out, 1);
    print_block(n, n->config, NN_SEC_CONFIG, "config", out);
    print_block(n, n->training, NN_SEC_TRAINING, "TrainingDataset", out);
    print_block(n, n->test, NN_SEC_TEST, "TestDataset", out);
    if (n->epilogue)
        fprintf(out, "%s\n", n->epilogue);
}
