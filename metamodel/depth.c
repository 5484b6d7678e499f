/* depth.c - the one recursion budget of a compilation (see depth.h). */
#include "metamodel/depth.h"

int nn_depth_enter(struct nn_depth *b, struct nn_diag_sink *d, struct nn_loc at)
{
    /* Once the limit is hit the stage has failed: every later level gives up
     * too, or a recursion that branches (a class building two of itself,
     * read with --keep-going) would go on exponentially below the limit. */
    if (b->reported)
        return 0;
    if (b->level >= NN_MAX_DEPTH) {
        if (!b->reported && d)
            nn_diag(d, at, NN_ERROR,
                    "too deeply nested: more than %d levels of nesting (nnc's limit)",
                    NN_MAX_DEPTH);
        b->reported = 1;
        return 0;
    }
    b->level++;
    return 1;
}
