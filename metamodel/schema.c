/* schema.c - the tables generated from schema.def and their look-ups. */
#include "metamodel/schema.h"

#include <string.h>

#define REQ NN_F_REQ
#define EXT NN_F_EXT
#define ALWAYS NN_F_ALWAYS
#define POS NN_F_POS
#define NONNEG NN_F_NONNEG
#define RANGE NN_F_RANGE
#define INFER NN_F_INFER
#define STATELESS NN_KP_STATELESS
#define FUSE NN_KP_FUSE
#define DIM NN_RANK_DIM
enum { NN_A_NONE = -1 }; /* size column: no size attribute */

static const char *const enum_values[NN_ENUM_COUNT] = {
#define NN_ENUM(id, values) [NN_ENUM_##id] = values,
#include "metamodel/schema.def"
};

const struct nn_attr_info nn_attr_infos[NN_ATTR_COUNT] = {
#define NN_ATTR(id, key, type, enumid) [NN_A_##id] = {key, NN_T_##type, NN_ENUM_##enumid},
#include "metamodel/schema.def"
};

const struct nn_kind_info nn_kind_infos[NN_KIND_COUNT] = {
#define NN_KIND(id, name, cls, ext, family, rank, layout, size, props) \
    [NN_K_##id] = {name, NN_CLASS_##cls, ext, NN_FAM_##family, rank, NN_LAYOUT_##layout, \
                   NN_A_##size, props},
#include "metamodel/schema.def"
};

const struct nn_field nn_fields[NN_FIELD_COUNT] = {
#define NN_FIELD(kind, attr, flags, def, lo, hi) \
    [NN_FI_##kind##_##attr] = {NN_K_##kind, NN_A_##attr, (flags), def, lo, hi},
#include "metamodel/schema.def"
};

/* (kind, attr) -> row index + 1; 0 = no such field. */
static const unsigned short field_index[NN_KIND_COUNT][NN_ATTR_COUNT] = {
#define NN_FIELD(kind, attr, flags, def, lo, hi) \
    [NN_K_##kind][NN_A_##attr] = NN_FI_##kind##_##attr + 1,
#include "metamodel/schema.def"
};

const struct nn_field *nn_schema_field(enum nn_kind kind, enum nn_attr_id attr)
{
    unsigned i = field_index[kind][attr];
    return i ? &nn_fields[i - 1] : NULL;
}

const struct nn_field *nn_schema_kind_fields(enum nn_kind kind, size_t *count)
{
    /* rows are sorted by kind: binary search for the first row of kind */
    size_t lo = 0, hi = NN_FIELD_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nn_fields[mid].kind < kind)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < NN_FIELD_COUNT && nn_fields[end].kind == kind)
        end++;
    *count = end - lo;
    return &nn_fields[lo];
}

int nn_schema_kind_by_name(const char *s, size_t len)
{
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (strlen(nn_kind_infos[k].name) == len && memcmp(nn_kind_infos[k].name, s, len) == 0)
            return k;
    return -1;
}

int nn_schema_attr_by_key(const char *s, size_t len)
{
    for (int a = 0; a < NN_ATTR_COUNT; a++)
        if (strlen(nn_attr_infos[a].key) == len && memcmp(nn_attr_infos[a].key, s, len) == 0)
            return a;
    return -1;
}

int nn_schema_enum_has(enum nn_enum_id set, const char *s, size_t len)
{
    const char *v = enum_values[set];
    while (*v) {
        size_t n = strcspn(v, " ");
        if (n == len && memcmp(v, s, len) == 0)
            return 1;
        v += n;
        v += *v == ' ';
    }
    return 0;
}

const char *nn_schema_enum_values(enum nn_enum_id set)
{
    return enum_values[set];
}
