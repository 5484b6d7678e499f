/* eval_int.h - the evaluator's internal interfaces, shared by its .c files only. */
#ifndef NN_M2M_EVAL_INT_H
#define NN_M2M_EVAL_INT_H

#include "m2m/eval.h"

/* How a statement ended. */
enum nn_m2m_exit { NN_EX_OK, NN_EX_RET, NN_EX_BREAK, NN_EX_CONT, NN_EX_ERR };

/* eval.c */
struct nn_mval *nn_m2m_fail(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            const char *msg);
/* eval_stmt.c */
int nn_m2m_exec_block(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                      const struct nn_py_node *body);
int nn_m2m_assign(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                  const struct nn_py_node *target, struct nn_mval *v);
/* A list of the items iteration over v yields; NULL (reported) when unknown. */
struct nn_mval *nn_m2m_iterable(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                struct nn_mval *v);
/* eval_ops.c */
struct nn_mval *nn_m2m_binop_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                  const struct nn_py_node *e);
struct nn_mval *nn_m2m_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                             struct nn_mval *a, struct nn_mval *b);
struct nn_mval *nn_m2m_unary_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                  const struct nn_py_node *e);
struct nn_mval *nn_m2m_compare_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                                    const struct nn_py_node *e);
struct nn_mval *nn_m2m_getattr(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *obj, const char *name);
/* eval_num.c */
/* Python's int(text, base): 0 and *out, 1 when text is no int literal in
 * base, 2 when the value is beyond 64 bits. */
int nn_m2m_parse_int(const char *text, int base, long long *out);
/* repr() of a float: the shortest text that reads back (CPython's). */
const char *nn_m2m_float_repr(struct nn_arena *a, double f);
/* len() of a str: its code points. */
size_t nn_m2m_utf8_len(const char *s);
/* format(v, spec) for the subset of the format spec language nnc computes
 * exactly; NULL when spec or v is outside it. */
const char *nn_m2m_format(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *spec);
/* str.format(*args, **kwargs) of fmt; NULL when nnc cannot compute it exactly. */
const char *nn_m2m_str_format(struct nn_m2m_eval *ev, const char *fmt, struct nn_m2m_args *a);
/* eval_ops.c */
/* a OP b for an ordering operator (Lt, LtE, Gt, GtE), exact as CPython's: 1,
 * 0, or -1 when it cannot be decided. */
int nn_m2m_order(int op, const struct nn_mval *a, const struct nn_mval *b);
/* eval_builtin.c */
struct nn_mval *nn_m2m_builtin_named(struct nn_m2m_eval *ev, const char *name);
struct nn_mval *nn_m2m_builtin_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *fn, struct nn_m2m_args *args);
struct nn_mval *nn_m2m_builtin_path(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *fn, struct nn_m2m_args *args);

/* eval_inert.c */
/* A call of an external fn that does not touch the network (skipped, said
 * once), typing.cast or functools.partial; &nn_m2m_unhandled for others. */
struct nn_mval *nn_m2m_inert_path(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  struct nn_mval *fn, struct nn_m2m_args *a);
/* Is the dotted path (or its last part) a call without effect on the network? */
int nn_m2m_is_inert(const char *path);
/* Call a functools.partial value (self: its (fn, args, kwargs) tuple). */
struct nn_mval *nn_m2m_partial_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                    struct nn_mval *self, struct nn_m2m_args *a);
/* eval_more.c: builtins (b_) and methods (m_) of the table in eval_builtin.c */
#define NN_M2M_BUILTIN(name)                                                            \
    struct nn_mval *name(struct nn_m2m_eval *ev, const struct nn_py_node *at,          \
                         struct nn_mval *self, struct nn_m2m_args *a)
NN_M2M_BUILTIN(nn_m2m_b_round);
NN_M2M_BUILTIN(nn_m2m_b_reversed);
NN_M2M_BUILTIN(nn_m2m_b_sorted);
NN_M2M_BUILTIN(nn_m2m_b_set);
NN_M2M_BUILTIN(nn_m2m_b_log);
NN_M2M_BUILTIN(nn_m2m_b_copy);
NN_M2M_BUILTIN(nn_m2m_b_deepcopy);
NN_M2M_BUILTIN(nn_m2m_b_chr);
NN_M2M_BUILTIN(nn_m2m_b_ord);
NN_M2M_BUILTIN(nn_m2m_b_hasattr);
NN_M2M_BUILTIN(nn_m2m_b_divmod);
NN_M2M_BUILTIN(nn_m2m_b_any);
NN_M2M_BUILTIN(nn_m2m_b_all);
NN_M2M_BUILTIN(nn_m2m_dict_pop);
NN_M2M_BUILTIN(nn_m2m_m_startswith);
NN_M2M_BUILTIN(nn_m2m_m_endswith);
/* isinstance(v, t) when every type of t is a user class or an abstract
 * collection (typing.Sequence...); &nn_m2m_unhandled otherwise. */
struct nn_mval *nn_m2m_isinstance_more(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                       struct nn_mval *v, struct nn_mval *t);
/* eval_dataclass.c */
/* Give class cls (statement s, defined in env) the __init__ of a dataclass
 * or a NamedTuple when it is one; -1 after reporting. */
int nn_m2m_dataclass(struct nn_m2m_eval *ev, struct nn_mval *cls, struct nn_m2m_env *env,
                     const struct nn_py_node *s);
/* fmt % args (printf-style formatting) with %s, %d, %i and %%; NULL after reporting. */
struct nn_mval *nn_m2m_percent(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                               struct nn_mval *fmt, struct nn_mval *args);
/* A builtin exception or warning class by name (a PATH), or NULL. */
struct nn_mval *nn_m2m_builtin_class(struct nn_m2m_eval *ev, const char *name);
/* eval_import.c */
/* `from M import name` at s bound v (a PATH): when M (or M.name) is a
 * file of the project, remember it in v. */
void nn_m2m_import_mark(struct nn_m2m_eval *ev, const struct nn_py_node *s, const char *name,
                        struct nn_mval *v);
/* What a PATH from a project file stands for: the file's definition (the
 * file is run on first use), or v itself at module level or when the file
 * does not define it; NULL after reporting. */
struct nn_mval *nn_m2m_import_resolve(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                      struct nn_mval *v);

#endif
