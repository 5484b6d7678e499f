/* pytext.c - Python literals, names and call layout (see pytext.h). */
#include "frameworks/pytext.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/floattext.h"

void nn_py_call_init(struct nn_py_call *c, const char *fn)
{
    memset(c, 0, sizeof *c);
    c->fn = fn;
}

/* Argument i of c. */
static const char *arg_at(const struct nn_py_call *c, int i)
{
    return i < NN_PY_MAXARGS ? c->args[i] : c->more[i - NN_PY_MAXARGS];
}

void nn_py_arg(struct nn_arena *a, struct nn_py_call *c, const char *key, const char *value)
{
    const char *text = key ? nn_arena_printf(a, "%s=%s", key, value) : value;
    if (!text) /* out of memory: the arena's flag stops the output */
        return;
    if (c->n < NN_PY_MAXARGS) {
        c->args[c->n++] = text;
        return;
    }
    size_t k = (size_t)(c->n - NN_PY_MAXARGS);
    const char **more = nn_arena_grow(a, (void *)c->more, k, k + 1, sizeof *more);
    if (!more)
        return;
    more[k] = text;
    c->more = more;
    c->n++;
}

char *nn_py_call_text(struct nn_arena *a, const struct nn_py_call *c)
{
    size_t len = strlen(c->fn) + 3;
    for (int i = 0; i < c->n; i++)
        len += strlen(arg_at(c, i)) + 2;
    char *s = nn_arena_alloc(a, len);
    if (!s)
        return "";
    strcpy(s, c->fn);
    strcat(s, "(");
    for (int i = 0; i < c->n; i++) {
        if (i)
            strcat(s, ", ");
        strcat(s, arg_at(c, i));
    }
    strcat(s, ")");
    return s;
}

/* Arguments packed greedily on lines at indent + 4, closing paren below. */
static void write_wrapped(FILE *f, int indent, const char *prefix, const struct nn_py_call *c,
                          const char *suffix)
{
    fprintf(f, "%*s%s%s(\n", indent, "", prefix, c->fn);
    int col = 0;
    for (int i = 0; i < c->n; i++) {
        int w = (int)strlen(arg_at(c, i)) + 1;
        if (col && col + 1 + w > NN_PY_WIDTH) {
            fputs("\n", f);
            col = 0;
        }
        if (!col)
            col = fprintf(f, "%*s%s,", indent + 4, "", arg_at(c, i));
        else
            col += fprintf(f, " %s,", arg_at(c, i));
    }
    fprintf(f, "\n%*s)%s\n", indent, "", suffix);
}

void nn_py_write_call(FILE *f, int indent, const char *prefix, const struct nn_py_call *c,
                      const char *suffix)
{
    size_t len = (size_t)indent + strlen(prefix) + strlen(c->fn) + 2 + strlen(suffix);
    for (int i = 0; i < c->n; i++)
        len += strlen(arg_at(c, i)) + (i ? 2 : 0);
    if (len <= NN_PY_WIDTH || c->n == 0) {
        fprintf(f, "%*s%s%s(", indent, "", prefix, c->fn);
        for (int i = 0; i < c->n; i++)
            fprintf(f, "%s%s", i ? ", " : "", arg_at(c, i));
        fprintf(f, ")%s\n", suffix);
        return;
    }
    write_wrapped(f, indent, prefix, c, suffix);
}

char *nn_py_float(struct nn_arena *a, double x)
{
    if (isinf(x))
        return x > 0 ? "float(\"inf\")" : "float(\"-inf\")";
    if (isnan(x))
        return "float(\"nan\")";
    if (x == 0)
        return signbit(x) ? "-0.0" : "0.0";
    struct nn_float_digits fd;
    nn_float_digits(x, &fd);
    const char *sign = x < 0 ? "-" : "", *d = fd.d;
    int exp = fd.exp, n = fd.n;
    if (exp < -4 || exp >= 16)
        return nn_arena_printf(a, "%s%c%s%se%c%02d", sign, d[0], n > 1 ? "." : "", d + 1,
                               exp < 0 ? '-' : '+', abs(exp));
    static const char zeros[] = "0000000000000000";
    if (exp < 0)
        return nn_arena_printf(a, "%s0.%.*s%s", sign, -exp - 1, zeros, d);
    if (n <= exp + 1)
        return nn_arena_printf(a, "%s%s%.*s.0", sign, d, exp + 1 - n, zeros);
    return nn_arena_printf(a, "%s%.*s.%s", sign, exp + 1, d, d + exp + 1);
}

char *nn_py_join(struct nn_arena *a, const char *const *parts, size_t n, const char *sep)
{
    size_t len = 1, ls = strlen(sep);
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || __builtin_add_overflow(len, strlen(parts[i]) + (i ? ls : 0), &len))
            return NULL;
    }
    char *out = nn_arena_alloc(a, len), *p = out;
    for (size_t i = 0; out && i < n; i++) {
        if (i) {
            memcpy(p, sep, ls);
            p += ls;
        }
        size_t k = strlen(parts[i]);
        memcpy(p, parts[i], k);
        p += k;
    }
    if (out)
        *p = '\0';
    return out;
}

char *nn_py_ints(struct nn_arena *a, const long long *v, size_t n, int tuple)
{
    int same = 1;
    for (size_t i = 1; i < n; i++)
        same &= v[i] == v[0];
    if (n > 0 && same && !tuple)
        return nn_arena_printf(a, "%lld", v[0]);
    char *s = nn_arena_strdup(a, "(");
    for (size_t i = 0; i < n; i++)
        s = nn_arena_printf(a, "%s%s%lld", s, i ? ", " : "", v[i]);
    return nn_arena_printf(a, "%s%s)", s, n == 1 ? "," : "");
}

char *nn_py_str(struct nn_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = nn_arena_alloc(a, 2 * n + 3);
    if (!out)
        return "\"\"";
    char *p = out;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *p++ = '\\';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    return out;
}

char *nn_py_class_name(struct nn_arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = nn_arena_alloc(a, n + 2);
    if (!out)
        return "Model";
    char *p = out;
    int up = 1;
    if (!isalpha((unsigned char)name[0]))
        *p++ = 'N';
    for (; *name; name++) {
        if (!isalnum((unsigned char)*name)) {
            up = 1;
            continue;
        }
        *p++ = up ? (char)toupper((unsigned char)*name) : *name;
        up = 0;
    }
    *p = '\0';
    return out;
}

/* Python keywords and the names generated code itself uses. */
static const char *const reserved[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
    "try", "while", "with", "yield", "x", "inputs", "self", "torch", "nn", "F", "keras",
    "layers", "ops", "h_n", "super", "print", "OrderedDict",
};

char *nn_py_var_name(struct nn_arena *a, const char *name)
{
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strcmp(name, reserved[i]) == 0)
            return nn_arena_printf(a, "%s_out", name);
    return nn_arena_strdup(a, name);
}

int nn_py_uses(const char *text, const char *prefix)
{
    for (const char *p = strstr(text, prefix); p; p = strstr(p + 1, prefix)) {
        char before = p == text ? ' ' : p[-1];
        if (!isalnum((unsigned char)before) && before != '_' && before != '.')
            return 1;
    }
    return 0;
}

/* Offset of the bracket closing the one at text[open], or strlen(text). */
static size_t closing(const char *text, size_t open)
{
    int depth = 0, quoted = 0;
    for (size_t i = open; text[i]; i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && (text[i] == '(' || text[i] == '['))
            depth++;
        else if (!quoted && (text[i] == ')' || text[i] == ']') && --depth == 0)
            return i;
    }
    return strlen(text);
}

void nn_py_write_expr(FILE *f, int indent, const char *text, const char *suffix)
{
    size_t len = strlen(text);
    size_t open = strcspn(text, "([\"");
    if ((int)(len + strlen(suffix)) + indent <= NN_PY_WIDTH || open == len || text[open] == '"') {
        fprintf(f, "%*s%s%s\n", indent, "", text, suffix);
        return;
    }
    size_t close = closing(text, open);
    fprintf(f, "%*s%.*s\n", indent, "", (int)open + 1, text);
    int depth = 0, quoted = 0;
    size_t item = open + 1;
    for (size_t i = open + 1; i <= close; i++) {
        char ch = text[i];
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == '(' || ch == '['))
            depth++;
        else if (!quoted && (ch == ')' || ch == ']') && i < close)
            depth--;
        if (!quoted && depth == 0 && (ch == ',' || i == close)) {
            while (text[item] == ' ')
                item++;
            if (i > item) {
                char *one = strndup(text + item, i - item);
                if (one)
                    nn_py_write_expr(f, indent + 4, one, ",");
                free(one);
            }
            item = i + 1;
        }
    }
    fprintf(f, "%*s%s%s\n", indent, "", text + close, suffix);
}
