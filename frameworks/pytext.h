/* pytext.h - writing Python source: literals, names, calls that fit PEP 8 lines.
 *
 * The code generators build argument lists as strings in the model's arena
 * and let nn_py_call() lay a call out on one line, or wrap its arguments
 * when the line would pass 79 columns.  Numbers are spelled as Python's
 * repr() spells them, so generated text is deterministic and readable.
 */
#ifndef NN_PYTEXT_H
#define NN_PYTEXT_H

#include <stddef.h>
#include <stdio.h>

#include "metamodel/arena.h"

#define NN_PY_MAXARGS 16
#define NN_PY_WIDTH 79

/* A call being built: callee and its arguments (arena strings): the first
 * NN_PY_MAXARGS in args, any more in `more` (copied on each append, so a
 * copied call never shares what is appended to it). */
struct nn_py_call {
    const char *fn;
    const char *args[NN_PY_MAXARGS];
    const char **more;
    int n;
};

void nn_py_call_init(struct nn_py_call *c, const char *fn);
/* Append an argument: a positional value, or key=value when key is set. */
void nn_py_arg(struct nn_arena *a, struct nn_py_call *c, const char *key, const char *value);
/* The call as one line of text. */
char *nn_py_call_text(struct nn_arena *a, const struct nn_py_call *c);
/* Write `prefix` + call + `suffix` at indent, wrapping the arguments over
 * continuation lines when the line would be too long. */
void nn_py_write_call(FILE *f, int indent, const char *prefix, const struct nn_py_call *c,
                      const char *suffix);

/* Write an expression (or `lhs = expr`) at indent; when too long, its
 * outermost brackets open a block with one item per line, recursively. */
void nn_py_write_expr(FILE *f, int indent, const char *text, const char *suffix);

/* repr() of a float: 0.5, 1e-05, 1.0, float("-inf"). */
char *nn_py_float(struct nn_arena *a, double x);
/* An int, or a tuple when the items differ or `tuple` is set: 3 or (3, 3). */
/* parts[0..n) joined by sep, in one allocation (linear in the result); NULL
 * when a part is NULL or memory runs out. */
char *nn_py_join(struct nn_arena *a, const char *const *parts, size_t n, const char *sep);
char *nn_py_ints(struct nn_arena *a, const long long *v, size_t n, int tuple);
/* A Python string literal with double quotes. */
char *nn_py_str(struct nn_arena *a, const char *s);
/* CamelCase class name from a network name: digits_cnn -> DigitsCnn. */
char *nn_py_class_name(struct nn_arena *a, const char *name);
/* A variable name for a module's output: the module name, changed when it
 * would shadow a keyword or a name the generated code uses. */
char *nn_py_var_name(struct nn_arena *a, const char *name);

/* Does text use `prefix` (e.g. "F." or "OrderedDict(") as a name, that is
 * not preceded by an identifier character or a dot? */
int nn_py_uses(const char *text, const char *prefix);

#endif
