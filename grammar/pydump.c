/* pydump.c - ast.dump() text of a tree (see pydump.h). */
#include "grammar/pydump.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/pylit.h"
#include "grammar/pyparse.h"
#include "grammar/pyunidata.h"
#include "metamodel/floattext.h"

static void dump_node(const struct nn_py_node *n, FILE *out);

/* Python's repr() of a str (UTF-8, surrogates as 3-byte forms) or bytes. */
static void repr_text(const char *s, size_t n, int bytes, FILE *out)
{
    int sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
    char q = sq && !dq ? '"' : '\'';
    if (bytes)
        fputc('b', out);
    fputc(q, out);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int len = 1;
        long cp = bytes || c < 0x80 ? c : nn_py_utf8_get((const unsigned char *)s + i, n - i, &len);
        if (cp < 0)
            cp = c;
        if (cp == q || cp == '\\')
            fprintf(out, "\\%c", (char)cp);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (cp < 0x20 || cp == 0x7f || (bytes && cp >= 0x80))
            fprintf(out, "\\x%02x", (unsigned)cp);
        else if (cp < 0x7f || nn_py_uni_printable((unsigned)cp))
            fwrite(s + i, 1, (size_t)len, out);
        else if (cp <= 0xff)
            fprintf(out, "\\x%02lx", cp);
        else if (cp <= 0xffff)
            fprintf(out, "\\u%04lx", cp);
        else
            fprintf(out, "\\U%08lx", cp);
        i += (size_t)len;
    }
    fputc(q, out);
}

/* repr() of a float; complex parts leave off the ".0". */
static void repr_float(double d, int add_dot0, FILE *out)
{
    if (isinf(d)) {
        fputs(d > 0 ? "inf" : "-inf", out);
        return;
    }
    if (isnan(d)) {
        fputs("nan", out);
        return;
    }
    struct nn_float_digits fd;
    nn_float_digits(d, &fd);
    const char *digits = fd.d;
    int nd = fd.n, neg = signbit(d) != 0;
    int decpt = fd.exp + 1;
    if (neg)
        fputc('-', out);
    if (decpt <= -4 || decpt > 16) {
        fputc(digits[0], out);
        if (nd > 1)
            fprintf(out, ".%.*s", nd - 1, digits + 1);
        fprintf(out, "e%c%02d", decpt - 1 < 0 ? '-' : '+', abs(decpt - 1));
    } else if (decpt <= 0) {
        fputs("0.", out);
        for (int i = decpt; i < 0; i++)
            fputc('0', out);
        fprintf(out, "%.*s", nd, digits);
    } else if (decpt >= nd) {
        fprintf(out, "%.*s", nd, digits);
        for (int i = nd; i < decpt; i++)
            fputc('0', out);
        fputs(add_dot0 ? ".0" : "", out);
    } else {
        fprintf(out, "%.*s.%.*s", decpt, digits, nd - decpt, digits + decpt);
    }
}

/* repr() of a constant value. */
static void repr_const(const struct nn_py_node *n, FILE *out)
{
    switch ((enum nn_py_ctype)n->op) {
    case NN_PYC_NONE: fputs("None", out); return;
    case NN_PYC_TRUE: fputs("True", out); return;
    case NN_PYC_FALSE: fputs("False", out); return;
    case NN_PYC_ELLIPSIS: fputs("Ellipsis", out); return;
    case NN_PYC_INT: fputs(n->s[0], out); return;
    case NN_PYC_FLOAT: repr_float(n->dval, 1, out); return;
    case NN_PYC_IMAG: repr_float(n->dval, 0, out); fputc('j', out); return;
    case NN_PYC_STR: repr_text(n->s[0], n->slen, 0, out); return;
    case NN_PYC_BYTES: repr_text(n->s[0], n->slen, 1, out); return;
    }
}

/* A list field: [a, b, ...]. */
static void dump_list(const struct nn_py_node *n, FILE *out)
{
    fputc('[', out);
    for (; n; n = n->next) {
        dump_node(n, out);
        if (n->next)
            fputs(", ", out);
    }
    fputc(']', out);
}

/* Print one field described by spec[0..len) ("name:Xk"); returns 1 if printed. */
static int dump_field(const struct nn_py_node *n, const char *spec, size_t len, int first,
                      FILE *out)
{
    const char *colon = memchr(spec, ':', len);
    char code = colon[1];
    int k = colon + 2 < spec + len ? colon[2] - '0' : 0;
    if ((code == 'o' && !n->n[k]) || (code == 't' && !n->s[k]))
        return 0;
    if (!first)
        fputs(", ", out);
    fprintf(out, "%.*s=", (int)(colon - spec), spec);
    switch (code) {
    case 'n': case 'o': dump_node(n->n[k], out); break;
    case 'l': dump_list(n->n[k], out); break;
    case 's': case 't':
        if (n->s[k])
            repr_text(n->s[k], strlen(n->s[k]), 0, out);
        else
            fputs("None", out);
        break;
    case 'i': fprintf(out, "%ld", n->ival); break;
    case 'c': repr_const(n, out); break;
    default: NN_UNREACHABLE();
    }
    return 1;
}

static void dump_node(const struct nn_py_node *n, FILE *out)
{
    if (!n || n->kind == NN_PY_NONE) {
        fputs("None", out);
        return;
    }
    if (n->kind == NN_PY_OPNODE) {
        fprintf(out, "%s()", nn_py_op_names[n->op]);
        return;
    }
    if (n->kind == NN_PY_IDENT) {
        repr_text(n->s[0], strlen(n->s[0]), 0, out);
        return;
    }
    fprintf(out, "%s(", nn_py_kind_names[n->kind]);
    const char *spec = nn_py_kind_fields[n->kind];
    int first = 1;
    while (*spec) {
        size_t len = strcspn(spec, " ");
        if (dump_field(n, spec, len, first, out))
            first = 0;
        spec += len + (spec[len] == ' ');
    }
    fputc(')', out);
}

void nn_py_dump(const struct nn_py_node *tree, FILE *out)
{
    dump_node(tree, out);
}

/* Print one tree and a newline to the FILE in ctx. */
static void dump_line(const struct nn_py_node *tree, void *ctx)
{
    nn_py_dump(tree, ctx);
    fputc('\n', ctx);
}

int nn_py_dump_file(const char *path, FILE *out, FILE *err)
{
    return nn_py_with_file(path, err, dump_line, out);
}
