/* prelu_gen.c - a PReLU as Keras's layers.PReLU: Keras learns one alpha per
 * cell of the input except along shared_axes, so the pivot's one alpha per
 * channel (the last axis) shares every other axis, and a single alpha
 * shares them all.  The initial value is always written: Keras starts from
 * zeros, PyTorch from 0.25. */
#include "frameworks/pytext.h"
#include "m2t/prelu_gen.h"
#include "metamodel/shape.h"

const char *nn_prelu_keras_layer(struct nn_arena *a, const struct nn_elem *e, int rank,
                                 const char *name)
{
    if (rank < 1) { /* no shapes: the axes dimension states (shape inference checks them) */
        const char *d = nn_elem_has(e, NN_A_DIMENSION) ? nn_elem_str(e, NN_A_DIMENSION) : "";
        rank = d[0] >= '1' && d[0] <= '3' ? d[0] - '0' + 1 : 1;
    }
    int shared = nn_elem_int(e, NN_A_NUM_PARAMETERS) == 1 ? rank : rank - 1;
    if (shared < 0 || shared > NN_SHAPE_MAX)
        return NULL;
    const char *axes = "1";
    for (int i = 2; axes && i <= shared; i++)
        axes = nn_arena_printf(a, "%s, %d", axes, i);
    const char *init = nn_arena_printf(a, "keras.initializers.Constant(%s)",
                                       nn_py_float(a, nn_elem_float(e, NN_A_INIT_VALUE)));
    if (!axes || !init)
        return NULL;
    if (!shared)
        return nn_arena_printf(a, "layers.PReLU(alpha_initializer=%s, %s)", init, name);
    return nn_arena_printf(a, "layers.PReLU(alpha_initializer=%s, shared_axes=[%s], %s)", init,
                           axes, name);
}
