/* framework.c - the framework and target rows (see framework.h); the one
 * file that names every framework's reader and generator. */
#include "frameworks/framework.h"

#include <string.h>

#include "frameworks/spell.h"
#include "m2m/keras.h"
#include "m2m/torch.h"
#include "m2t/gen_impl.h"

const struct nn_framework nn_frameworks[NN_FW_COUNT] = {
#define NN_FRAMEWORK(id, name, spell, gen, read, detect) \
    [NN_FW_##id] = {NN_FW_##id, name, &spell, &gen, read, detect},
#include "frameworks/frameworks.def"
};

const struct nn_target_info nn_targets[NN_TARGET_COUNT] = {
#define NN_TARGET(id, name, alias, suffix, fw, style, title) \
    [NN_TARGET_##id] = {name, alias, suffix, &nn_frameworks[NN_FW_##fw], NN_STYLE_##style, title},
#include "frameworks/frameworks.def"
};

int nn_target_from_name(const char *s, enum nn_target *t)
{
    for (int i = 0; i < NN_TARGET_COUNT; i++)
        if (strcmp(s, nn_targets[i].name) == 0 ||
            (nn_targets[i].alias && strcmp(s, nn_targets[i].alias) == 0)) {
            *t = (enum nn_target)i;
            return 0;
        }
    return -1;
}
