/* torch_size.c - Upsample / F.interpolate given an output size: the pivot
 * interpolates by whole scale factors, and a size that is a whole multiple
 * of the input's size on every spatial axis is exactly that factor
 * (PyTorch computes the source index from in/out, which is 1/factor, in
 * every mode).  Other sizes have no equivalent. */
#include "m2m/torch_int.h"

const char *nn_torch_size_scale(struct torch_ctx *c, const struct t_layer *l,
                                const struct t_tensor *t, long long *scale, size_t *n)
{
    long long d[8];
    int r = nn_torch_shape(c, t, d); /* the source's view: channels, then the spatial axes */
    if (nn_elem_has(l->proto, NN_A_INTERPOLATE_SCALE))
        return "takes size or scale_factor, not both";
    if (r < 2 || r > 4)
        return "with size= needs the input's shape (nnc knows it when the file calls the "
               "model on a sample input, or from --input-shape)";
    *n = (size_t)r - 1;
    if (l->nout_size > 0 && (size_t)l->nout_size != *n)
        return "size= must give one size per spatial axis";
    for (size_t i = 0; i < *n; i++) {
        long long out = l->out_size[l->nout_size > 0 ? i : 0], in = d[i + 1];
        if (in < 1 || out < in || out % in != 0)
            return "size= that is not a whole multiple of the input's size has no pivot "
                   "equivalent (the pivot interpolates by whole scale factors)";
        scale[i] = out / in;
    }
    return NULL;
}
