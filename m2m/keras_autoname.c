/* keras_autoname.c - weights: the name Keras gives a layer the source leaves
 * unnamed, so that the layer's saved weights can be found by name.
 *
 * Keras names such a layer after its class in snake case, numbered per
 * prefix in the order the layers are made in one session: dense, dense_1,
 * dense_2 ...  The reader counts the layers it makes the same way; the
 * names match those of a model built in a fresh session (or after
 * keras.backend.clear_session()).
 */
#include <ctype.h>
#include <string.h>

#include "m2m/keras_int.h"

/* Keras's snake case of a class name: "_" before an upper-case letter
 * that starts a capitalised word, and between a lower-case letter and an
 * upper-case one ("PReLU" -> "p_re_lu", "Conv2DTranspose" ->
 * "conv2d_transpose"); NULL when out of memory. */
static const char *keras_snake(struct nn_arena *a, const char *s)
{
    size_t len = strlen(s);
    if (len > ((size_t)-1) / 2 - 1)
        return NULL;
    char *out = nn_arena_alloc(a, 2 * len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i], prev = i ? (unsigned char)s[i - 1] : 0;
        int word = i && isupper(ch) && islower((unsigned char)s[i + 1]) && prev != '_';
        if (word || (islower(prev) && isupper(ch)))
            out[n++] = '_';
        out[n++] = (char)tolower(ch);
    }
    out[n] = '\0';
    return out;
}

const char *nn_keras_auto_name(struct keras_ctx *c, const char *cls)
{
    const char *prefix = keras_snake(c->t.ev.a, cls);
    if (!prefix)
        return NULL;
    size_t i = 0;
    while (i < c->nuids && strcmp(c->uids[i].prefix, prefix) != 0)
        i++;
    if (i == c->nuids) {
        if (c->nuids == c->capuids) {
            size_t cap = c->capuids ? 2 * c->capuids : 16;
            struct k_uid *u = nn_arena_grow(c->t.ev.a, c->uids, c->nuids, cap, sizeof *u);
            if (!u)
                return NULL;
            c->uids = u;
            c->capuids = cap;
        }
        c->uids[c->nuids].prefix = prefix;
        c->uids[c->nuids++].count = 0;
    }
    long long k = c->uids[i].count++;
    return k ? nn_arena_printf(c->t.ev.a, "%s_%lld", prefix, k) : prefix;
}
