/* depth.h - the one recursion budget of a compilation.
 *
 * Every function that recurses on input (the evaluator over expressions,
 * statements and calls, validation, shape inference and the generators over
 * nested sub-networks, the DSL printer and the XMI writer) enters a level
 * before it recurses and leaves it after, against one limit and with one
 * message: no input, however nested, can exhaust the C stack.  Each stage
 * keeps its counter in its per-compilation context (the model, the
 * evaluator); a stage starts at level 0.
 */
#ifndef NN_DEPTH_H
#define NN_DEPTH_H

#include "metamodel/diag.h"

/* Levels of recursion a stage may use: twice the Python syntax tree limit
 * (1000), so that a tree just inside it is still evaluated in a function
 * called a few levels deep; some megabytes of stack at most. */
#define NN_MAX_DEPTH 2000

/* Levels of sub-networks inside a sub-network (validation refuses more):
 * the generated nn.Sequential nests four brackets a level, and CPython
 * refuses more than 200 nested brackets. */
#define NN_MAX_NESTING 32

struct nn_depth {
    int level;     /* levels entered and not left */
    int reported;  /* the limit was reported (once per stage) */
};

/* Enter one level: 1, or 0 beyond NN_MAX_DEPTH after reporting it at `at`
 * (the caller gives up; it must not call nn_depth_leave then).  After that
 * report every call returns 0: the stage has failed. */
int nn_depth_enter(struct nn_depth *b, struct nn_diag_sink *d, struct nn_loc at);

/* Leave a level entered with nn_depth_enter. */
static inline void nn_depth_leave(struct nn_depth *b)
{
    b->level--;
}

#endif
