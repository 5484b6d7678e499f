/* eval.h - the shared evaluator: a small, static interpreter of Python for m2m.
 *
 * Owns the values a model-building program manipulates (numbers, strings,
 * lists, tuples, dicts, dotted external names reached through imports,
 * functions, classes, instances) and the execution of statements over them:
 * assignments, arithmetic, loops with constant bounds, conditions that can
 * be decided statically, user functions and methods.  It knows no framework:
 * everything a framework gives meaning to (a layer constructor, a tensor, a
 * call of a module on a tensor) is handed to the host through struct
 * nn_m2m_host, and the host answers with its own opaque values.  The PyTorch
 * transformer is one host; the Keras one reuses the same evaluator.
 *
 * Errors are values: a NULL result means an error was reported (through
 * nn_diag, at the node's file:line:col).  In lenient mode (the module level
 * and training code) anything unknown quietly becomes an UNKNOWN value.
 */
#ifndef NN_M2M_EVAL_H
#define NN_M2M_EVAL_H

#include <stddef.h>

#include "grammar/pyast.h"
#include "metamodel/arena.h"
#include "metamodel/depth.h"
#include "metamodel/diag.h"

enum nn_mv_kind {
    NN_MV_UNKNOWN, /* not known statically: node is where, s why (lenient, keep-going) */
    NN_MV_NONE,
    NN_MV_BOOL,    /* i */
    NN_MV_INT,     /* i */
    NN_MV_FLOAT,   /* f */
    NN_MV_STR,     /* s */
    NN_MV_LIST,    /* items[0..n) (mutable) */
    NN_MV_TUPLE,   /* items[0..n) */
    NN_MV_DICT,    /* keys[0..n) -> items[0..n), insertion order */
    NN_MV_PATH,    /* s: a dotted external name, e.g. "torch.nn.Conv2d" */
    NN_MV_FUNC,    /* node: FunctionDef or Lambda; env: where it was defined;
                    * i: NN_M2M_CLASSMETHOD or NN_M2M_STATIC when so decorated */
    NN_MV_CLASS,   /* node: ClassDef; env: the class body's names; bases in items */
    NN_MV_OBJ,     /* an instance of a user class: cls, env holds its attributes */
    NN_MV_BOUND,   /* fn bound to self */
    NN_MV_BUILTIN, /* s: builtin function or method name; self: receiver or NULL */
    NN_MV_SUPER,   /* super(): self is the instance, cls the class it was called in */
    NN_MV_HOST     /* a framework value: tag and ptr belong to the host */
};

/* FUNC values decorated @classmethod or @staticmethod (their i). */
#define NN_M2M_CLASSMETHOD 1
#define NN_M2M_STATIC 2

struct nn_m2m_env;
struct nn_m2m_module; /* a project file imported (eval_import.c) */
struct nn_m2m_hash; /* an index by name or key (eval_val.c), built past a few entries */

struct nn_mval {
    enum nn_mv_kind kind;
    long long i;
    double f;
    const char *s;
    struct nn_mval **items;        /* LIST, TUPLE, DICT values; CLASS bases */
    struct nn_mval **keys;         /* DICT keys */
    size_t n, cap;
    const struct nn_py_node *node; /* FUNC, CLASS: the definition */
    struct nn_m2m_env *env;        /* FUNC closure, CLASS body, OBJ attributes */
    struct nn_mval *cls;           /* OBJ, SUPER: the class */
    struct nn_mval *self;          /* BOUND, BUILTIN, SUPER: the receiver */
    struct nn_mval *fn;            /* BOUND: the function */
    int tag;                       /* HOST: the host's kind of value */
    void *ptr;                     /* HOST: the host's data */
    const char *origin;            /* where the value was stored ("conv1", "features_0") */
    struct nn_m2m_hash *index;     /* DICT: keys[0..indexed) by value */
    size_t indexed;
    const char *file;              /* PATH imported from a project file: that file (eval_import.c) */
    struct nn_mval *resolved;      /* such a PATH: what the file defines under its name */
};

/* One name binding; scopes are chains with a parent. */
struct nn_m2m_bind {
    const char *name;
    struct nn_mval *val;
    struct nn_m2m_bind *next;
};

struct nn_m2m_env {
    struct nn_m2m_bind *first, *last; /* definition order */
    struct nn_m2m_env *parent;        /* enclosing scope; NULL at the module */
    size_t n;                         /* bindings */
    struct nn_m2m_hash *index;        /* bindings up to `indexed` by name */
    struct nn_m2m_bind *indexed;
};

/* Arguments of a call, evaluated. */
struct nn_m2m_args {
    struct nn_mval **pos;
    const struct nn_py_node **posnode; /* for messages */
    size_t npos;
    const char **kwname;
    struct nn_mval **kw;
    const struct nn_py_node **kwnode;
    size_t nkw;
};

struct nn_m2m_eval;

/* What the framework gives meaning to.  Each hook returns a value, NULL
 * after reporting an error, or &nn_m2m_unhandled to let the evaluator go on
 * (and report the construct as unknown). */
struct nn_m2m_host {
    /* call fn (a PATH, HOST, OBJ or CLASS value; a FUNC value, which runs as
       Python when the host gives back nn_m2m_unhandled) */
    struct nn_mval *(*call)(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *fn, struct nn_m2m_args *args);
    /* obj.name for a HOST obj, or a SUPER obj whose user classes lack name */
    struct nn_mval *(*attr)(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *obj, const char *name);
    /* a binary operator (enum nn_py_op) with at least one HOST operand */
    struct nn_mval *(*binop)(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                             struct nn_mval *a, struct nn_mval *b);
    /* obj[index] for a HOST obj; index may be a TUPLE of slices/ints */
    struct nn_mval *(*subscript)(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *obj, const struct nn_py_node *index);
    /* obj.name = v where obj is an OBJ (lets the host name what is stored) */
    void (*stored)(struct nn_m2m_eval *ev, struct nn_mval *obj, const char *name,
                   struct nn_mval *v);
    /* a for loop over the static items `it` starts (training loops: epochs);
     * returns 1 to run its body only once (lenient mode) */
    int (*loop)(struct nn_m2m_eval *ev, const struct nn_py_node *stmt, struct nn_mval *it);
    /* obj.name = v for a HOST obj: 1 when the host takes it (an attribute
     * the framework value never reads), 0 to refuse; NULL: refuse all */
    int (*store)(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_mval *obj,
                 const char *name, struct nn_mval *v);
    /* isinstance(v, the external class `path`) for a HOST v: 1, 0, or -1
     * when the host cannot tell; NULL: never */
    int (*isinstance)(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *path);
    /* hasattr(v, name) for a HOST v: 1, 0, or -1 when the host cannot tell */
    int (*hasattr)(struct nn_m2m_eval *ev, const struct nn_mval *v, const char *name);
};

extern struct nn_mval nn_m2m_unhandled;

/* Limits that keep a hostile file from exhausting time, memory or the
 * stack: the evaluator unrolls what a model's constructor computes, which
 * real code keeps small.  Each exceeded limit is a diagnostic. */
#define NN_M2M_MAX_STEPS 100000L     /* loop iterations, comprehension items, calls */
#define NN_M2M_MAX_ITEMS 1000000     /* elements of one list or characters of one string */

/* A construct nnc could not migrate (--keep-going): it becomes an Unmapped
 * element of the pivot where the reader adds its next module. */
struct nn_m2m_gap {
    const char *what;          /* the construct, as the warning names it */
    const char *where;         /* "file:line" */
    struct nn_loc loc;         /* the construct in the source */
    struct nn_m2m_gap *next;
};

struct nn_m2m_eval {
    struct nn_arena *a;
    struct nn_source *src;
    struct nn_diag_sink *d;
    const struct nn_m2m_host *host;
    void *ud;                  /* the host's state */
    struct nn_m2m_env *globals;
    int lenient;               /* unknowns become UNKNOWN values, no message */
    int keep_going;            /* unmappable constructs: warning + TODO, go on */
    struct nn_depth nest;      /* the recursion budget: expressions, statements, calls */
    long steps;                /* loop iteration guard */
    struct nn_mval *ret;       /* value of the last return */
    struct nn_m2m_env *cur_env; /* scope of the expression handed to a host hook */
    struct nn_m2m_gap *gaps;   /* gaps recorded since the host last took them */
    struct nn_m2m_gap *gaps_last;
    const char *star_imports;  /* modules imported with `from M import *`, space separated */
    int inert_noted;           /* a call without effect on the network was skipped and said */
    struct nn_m2m_module *modules; /* project files imported so far (eval_import.c) */
    int resolve_bases;         /* class bases: resolve project imports even when lenient */
    const struct nn_py_node *site; /* the expression whose host hook runs: where the
                                      modules the host adds come from */
    int resolve_siblings;      /* resolve imports of the read file's folder even when lenient */
    int importing;             /* imported files running their module level (eval_import.c) */
};

/* The host's hooks, with ev->site set to at while they run. */
struct nn_mval *nn_m2m_host_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_m2m_args *args);
struct nn_mval *nn_m2m_host_binop(struct nn_m2m_eval *ev, const struct nn_py_node *at, int op,
                                  struct nn_mval *a, struct nn_mval *b);

/* ---- values ---- */
struct nn_mval *nn_m2m_new(struct nn_m2m_eval *ev, enum nn_mv_kind k);
struct nn_mval *nn_m2m_int(struct nn_m2m_eval *ev, long long i);
struct nn_mval *nn_m2m_str(struct nn_m2m_eval *ev, const char *s);
struct nn_mval *nn_m2m_path(struct nn_m2m_eval *ev, const char *s);
struct nn_mval *nn_m2m_host_val(struct nn_m2m_eval *ev, int tag, void *ptr);
struct nn_mval *nn_m2m_seq(struct nn_m2m_eval *ev, enum nn_mv_kind k, size_t n);
void nn_m2m_push(struct nn_m2m_eval *ev, struct nn_mval *list, struct nn_mval *v);
/* list += src (src may be list): 0 after an error beyond NN_M2M_MAX_ITEMS. */
int nn_m2m_extend(struct nn_m2m_eval *ev, const struct nn_py_node *at, struct nn_mval *list,
                  const struct nn_mval *src);
/* Dict look-up by key value; NULL when absent. */
struct nn_mval *nn_m2m_dict_get(struct nn_mval *d, struct nn_mval *key);
void nn_m2m_dict_set(struct nn_m2m_eval *ev, struct nn_mval *d, struct nn_mval *key,
                     struct nn_mval *v);
int nn_m2m_is_num(const struct nn_mval *v);
double nn_m2m_num(const struct nn_mval *v);
/* Python's truth of a static value; -1 when it cannot be known. */
int nn_m2m_truth(const struct nn_mval *v);
/* A short description for messages ("an int", "torch.nn.Foo"). */
const char *nn_m2m_describe(struct nn_m2m_eval *ev, const struct nn_mval *v);

/* ---- scopes ---- */
struct nn_m2m_env *nn_m2m_env_new(struct nn_m2m_eval *ev, struct nn_m2m_env *parent);
void nn_m2m_bind(struct nn_m2m_eval *ev, struct nn_m2m_env *env, const char *name,
                 struct nn_mval *v);
/* Look name up in env and its parents; NULL when unbound. */
struct nn_mval *nn_m2m_lookup(struct nn_m2m_env *env, const char *name);
/* Look name up in env only. */
struct nn_mval *nn_m2m_lookup_here(struct nn_m2m_env *env, const char *name);

/* ---- evaluation ---- */
void nn_m2m_eval_init(struct nn_m2m_eval *ev, struct nn_arena *a, struct nn_source *src,
                      struct nn_diag_sink *d, const struct nn_m2m_host *host, void *ud);
/* Run a Module's statements in ev->globals (lenient mode suits module level). */
int nn_m2m_exec_module(struct nn_m2m_eval *ev, const struct nn_py_node *module);
struct nn_mval *nn_m2m_expr(struct nn_m2m_eval *ev, struct nn_m2m_env *env,
                            const struct nn_py_node *e);
/* Call any callable value with evaluated arguments. */
struct nn_mval *nn_m2m_call(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                            struct nn_mval *fn, struct nn_m2m_args *args);
/* Call a user function or method (self may be NULL). */
struct nn_mval *nn_m2m_call_func(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                 struct nn_mval *fn, struct nn_mval *self,
                                 struct nn_m2m_args *args);
/* The method name of a user class (its bases first searched in order); NULL if none. */
struct nn_mval *nn_m2m_method(struct nn_mval *cls, const char *name);
/* Does class cls derive (through user classes) from the external base path? */
int nn_m2m_class_derives(struct nn_mval *cls, int (*is_base)(const char *path));
/* An object of a class deriving from a framework container (PyTorch's
 * ModuleDict, ModuleList) keeps its items, a DICT or LIST value, under this
 * attribute: iteration, len(), obj[key] and the dict/list methods read it. */
#define NN_M2M_CONTAINER "__nnc_container__"
/* The container value of obj (NN_M2M_CONTAINER), or NULL. */
struct nn_mval *nn_m2m_container_of(struct nn_mval *obj);
/* An object of class cls with no attributes yet. */
struct nn_mval *nn_m2m_obj_new(struct nn_m2m_eval *ev, struct nn_mval *cls);
/* A static value as text (str()), or NULL. */
const char *nn_m2m_to_str(struct nn_m2m_eval *ev, struct nn_mval *v);
/* Keyword argument name of args, or NULL. */
struct nn_mval *nn_m2m_kwarg(struct nn_m2m_args *args, const char *name);
/* The argument given by keyword kw or at position pos, or NULL; with
 * given_only, None counts as not given. */
struct nn_mval *nn_m2m_arg_at(struct nn_m2m_args *args, const char *kw, size_t pos,
                              int given_only);

/* ---- reporting ---- */
struct nn_loc nn_m2m_loc(struct nn_m2m_eval *ev, const struct nn_py_node *n);
/* Count one loop iteration or call against NN_M2M_MAX_STEPS; 0 once the
 * budget is spent, reported once as an error even in lenient mode: such a
 * file is not one nnc can read, and its later failures would mislead. */
int nn_m2m_step(struct nn_m2m_eval *ev, const struct nn_py_node *at);
/* An unmappable construct: an error, or with keep_going a warning and a gap
 * for the pivot.  Returns NULL (error) or an UNKNOWN value (go on).  A
 * message that is empty names a value already reported: nothing is added. */
struct nn_mval *nn_m2m_unmappable(struct nn_m2m_eval *ev, const struct nn_py_node *at,
                                  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The gaps recorded so far, in source order, and forget them. */
struct nn_m2m_gap *nn_m2m_take_gaps(struct nn_m2m_eval *ev);
/* Is v the UNKNOWN value an unmappable construct left (already reported)? */
int nn_m2m_reported(const struct nn_mval *v);

#endif
