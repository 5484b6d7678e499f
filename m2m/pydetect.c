/* pydetect.c - a Python source's framework from its parsed imports (see pydetect.h). */
#include "m2m/pydetect.h"

#include <string.h>

#include "grammar/pyast.h"
#include "grammar/pyparse.h"
#include "metamodel/arena.h"

/* Statements nest at most this deep in what is searched for imports (the
 * parser's indentation limit is lower). */
#define MAX_DEPTH 256

/* The framework bit of a dotted module name, by its top-level package. */
static unsigned module_bit(const char *name)
{
    static const struct {
        const char *pkg;
        unsigned bit;
    } pkgs[] = {{"torch", NN_PYSRC_TORCH}, {"tensorflow", NN_PYSRC_KERAS},
                {"keras", NN_PYSRC_KERAS}, {"tf_keras", NN_PYSRC_KERAS}};
    if (!name)
        return 0;
    size_t n = strcspn(name, ".");
    for (size_t i = 0; i < sizeof pkgs / sizeof *pkgs; i++)
        if (strlen(pkgs[i].pkg) == n && strncmp(name, pkgs[i].pkg, n) == 0)
            return pkgs[i].bit;
    return 0;
}

/* Is k a statement (or a clause holding statements)? */
static int holds_statements(enum nn_py_kind k)
{
    return (k >= NN_PY_Module && k <= NN_PY_Continue) || k == NN_PY_ExceptHandler ||
           k == NN_PY_match_case;
}

/* The framework bits of the imports in the statement list from s, at any depth
 * (an import inside try:, if:, a function or a class counts too). */
static unsigned imports_in(const struct nn_py_node *s, int depth)
{
    unsigned bits = 0;
    for (; s && depth < MAX_DEPTH; s = s->next) {
        if (s->kind == NN_PY_Import)
            for (const struct nn_py_node *a = s->n[0]; a; a = a->next)
                bits |= module_bit(a->s[0]);
        else if (s->kind == NN_PY_ImportFrom && s->ival == 0)
            bits |= module_bit(s->s[0]);
        else if (holds_statements(s->kind))
            for (size_t k = 0; k < sizeof s->n / sizeof *s->n; k++)
                bits |= imports_in(s->n[k], depth + 1);
    }
    return bits;
}

/* Does the line at p (after its indentation) import a framework, read as
 * text?  `import  tensorflow as tf` and `from\ttorch import nn` count. */
static unsigned import_line_bit(const char *p)
{
    p += strspn(p, " \t");
    int from = strncmp(p, "from", 4) == 0, imp = strncmp(p, "import", 6) == 0;
    if (!from && !imp)
        return 0;
    p += from ? 4 : 6;
    if (*p != ' ' && *p != '\t')
        return 0;
    p += strspn(p, " \t");
    char name[16];
    size_t n = strcspn(p, " \t.,;\r\n");
    if (n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, p, n);
    name[n] = '\0';
    return module_bit(name);
}

/* The framework bits of a file that does not parse: its import lines. */
static unsigned text_imports(const char *text)
{
    unsigned bits = 0;
    for (const char *line = text; line && *line;) {
        bits |= import_line_bit(line);
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    return bits;
}

/* Is the file named *.py? */
static int py_name(const struct nn_source *src)
{
    size_t n = src->path ? strlen(src->path) : 0;
    return n > 3 && strcmp(src->path + n - 3, ".py") == 0;
}

unsigned nn_m2m_py_kind(const struct nn_source *src)
{
    struct nn_arena a;
    nn_arena_init(&a);
    struct nn_diag_sink quiet;
    nn_diag_init(&quiet, NULL);
    struct nn_source copy = *src; /* the parser may index its lines: freed below */
    copy.lines = NULL;
    copy.nlines = 0;
    copy.owns_text = 0;
    struct nn_py_node *module = nn_py_parse(&copy, &a, &quiet);
    unsigned bits;
    if (module)
        bits = imports_in(module->n[0], 0) | (module->n[0] || py_name(src) ? NN_PYSRC_PYTHON : 0);
    else
        bits = text_imports(src->text) | (py_name(src) ? NN_PYSRC_PYTHON : 0);
    if (bits & (NN_PYSRC_TORCH | NN_PYSRC_KERAS))
        bits |= NN_PYSRC_PYTHON;
    nn_source_free(&copy);
    nn_arena_free(&a);
    return bits;
}

int nn_m2m_py_other_detect(const struct nn_source *src)
{
    return nn_m2m_py_kind(src) == NN_PYSRC_PYTHON;
}

int nn_m2m_py_other_read(struct nn_source *src, struct nn_diag_sink *d)
{
    struct nn_arena a;
    nn_arena_init(&a);
    int before = d->errors;
    if (nn_py_parse(src, &a, d) && d->errors == before)
        nn_diag(d, nn_loc_make(src, 0, 0), NN_ERROR,
                "this Python file imports neither torch nor tensorflow/keras: nnc reads "
                "PyTorch and TensorFlow/Keras models (and the DSL, which this is not)");
    nn_arena_free(&a);
    return d->errors - before ? d->errors - before : 1;
}
