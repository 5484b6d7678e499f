/* shape_stage.c - shape inference as a stage of the pipeline (see shape.h):
 * every size and shape checked, the model left as it was read. */
#include "metamodel/shape.h"

#include <stdlib.h>

/* Layers of the root and of every sub-network, in one order. */
static size_t count_layers(const struct nn_model *m)
{
    size_t n = m->net.nlayers;
    for (size_t i = 0; i < m->net.nsubnets; i++)
        n += m->net.subnets[i].nlayers;
    return n;
}

/* Save (or, with restore, put back) every layer's attribute count. */
static void attr_counts(struct nn_model *m, size_t *saved, int restore)
{
    size_t k = 0;
    for (size_t s = 0; s <= m->net.nsubnets; s++) {
        struct nn_network *n = s ? &m->net.subnets[s - 1] : &m->net;
        for (size_t i = 0; i < n->nlayers; i++, k++) {
            if (restore)
                n->layers[i].nattrs = saved[k];
            else
                saved[k] = n->layers[i].nattrs;
        }
    }
}

int nn_shape_check(struct nn_model *m, const long long *override, size_t rank,
                   struct nn_diag_sink *d, const struct nn_shapes **out)
{
    /* the sizes inference fills are dropped again: writers of the pivot print
     * what the source says, and the code generators infer for themselves */
    size_t n = count_layers(m);
    size_t *saved = malloc((n ? n : 1) * sizeof *saved);
    if (!saved) {
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "out of memory");
        return 1;
    }
    attr_counts(m, saved, 0);
    const struct nn_shapes *s;
    int errors = nn_shape_infer(m, override, rank, d, &s);
    attr_counts(m, saved, 1);
    free(saved);
    if (out)
        *out = s;
    return errors;
}
