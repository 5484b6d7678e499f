/* schema.h - the pivot's schema: kinds, attributes, value sets, fields.
 *
 * Everything here is generated from schema.def, the one place where a
 * BESSER-NN concept is described.  The DSL parser checks values against it,
 * the printer walks it for the canonical key order, validation reads its
 * flags and ranges, and the XMI side derives the Ecore metamodel from it.
 */
#ifndef NN_SCHEMA_H
#define NN_SCHEMA_H

#include <stddef.h>

enum nn_enum_id {
#define NN_ENUM(id, values) NN_ENUM_##id,
#include "metamodel/schema.def"
    NN_ENUM_COUNT
};

enum nn_attr_id {
#define NN_ATTR(id, key, type, enumid) NN_A_##id,
#include "metamodel/schema.def"
    NN_ATTR_COUNT
};

enum nn_kind {
#define NN_KIND(id, name, cls, ext, family, rank, layout, size, props) NN_K_##id,
#include "metamodel/schema.def"
    NN_KIND_COUNT
};

/* One enumerator per schema row, so rows have compile-time indices. */
enum nn_field_id {
#define NN_FIELD(kind, attr, flags, def, lo, hi) NN_FI_##kind##_##attr,
#include "metamodel/schema.def"
    NN_FIELD_COUNT
};

enum nn_class { NN_CLASS_LAYER, NN_CLASS_TENSOROP, NN_CLASS_CONFIG, NN_CLASS_DATASET,
                NN_CLASS_NETWORK, NN_CLASS_INPUT };

/* Value types an attribute may hold. */
enum nn_atype {
    NN_T_INT, NN_T_FLOAT, NN_T_BOOL, NN_T_STRING, NN_T_ENUM, NN_T_INTLIST,
    NN_T_STRLIST, NN_T_TENSORLIST, NN_T_LABELS, NN_T_NAME,
    NN_T_FLOATLIST /* kconv: numbers (ints are taken as decimals) */
};

enum nn_field_flag {
    NN_F_REQ = 1 << 0,    /* must be given */
    NN_F_EXT = 1 << 1,    /* nnc extension: absent from BESSER's grammar */
    NN_F_ALWAYS = 1 << 2, /* printed with its default when unset */
    NN_F_POS = 1 << 3,    /* > 0 (each item of a list) */
    NN_F_NONNEG = 1 << 4, /* >= 0 */
    NN_F_RANGE = 1 << 5,  /* lo <= v < hi */
    NN_F_INFER = 1 << 6   /* required, unless shape inference can fill it */
};

struct nn_attr_info {
    const char *key;          /* DSL spelling */
    enum nn_atype type;
    enum nn_enum_id values;   /* allowed names for ENUM (and STRLIST/STRING items) */
};

/* What code dispatches on (schema.def's family column). */
enum nn_family {
    NN_FAM_NONE, NN_FAM_DENSE, NN_FAM_FLATTEN, NN_FAM_EMBEDDING, NN_FAM_RNN, NN_FAM_CONV,
    NN_FAM_TCONV, /* a transposed convolution */
    NN_FAM_INTERP, /* interpolation (upsampling) */
    NN_FAM_PAD,    /* zero padding and cropping */
    NN_FAM_POOL, NN_FAM_DROPOUT, NN_FAM_NORM, NN_FAM_ACTIVATION, NN_FAM_OP,
    NN_FAM_UNMAPPED, /* a construct a reader could not migrate (--keep-going) */
    NN_FAM_ATTENTION, /* multi-head attention */
    NN_FAM_PARAM /* a learned tensor */
};

/* The axes a layer reads (schema.def's layout column). */
enum nn_layout {
    NN_LAYOUT_LAST,                /* the last axis (features) */
    NN_LAYOUT_ANY,                 /* element-wise: any layout */
    NN_LAYOUT_CHANNELS,            /* a channel axis and spatial axes */
    NN_LAYOUT_CHANNELS_IF_SPATIAL, /* CHANNELS when the input has spatial axes, else LAST */
    NN_LAYOUT_FLAT                 /* every axis in order (flattening) */
};

/* Kind properties (schema.def's props column). */
enum nn_kind_prop {
    NN_KP_STATELESS = 1 << 0, /* no weights: may be applied more than once */
    NN_KP_FUSE = 1 << 1       /* may carry a folded activation (actv_func) */
};

#define NN_RANK_DIM (-1) /* rank column: the `dimension` attribute gives it */

struct nn_kind_info {
    const char *name;         /* DSL spelling of type=... */
    enum nn_class cls;
    int ext;                  /* nnc extension */
    enum nn_family family;
    int rank;                 /* spatial rank, 0 for none, or NN_RANK_DIM */
    enum nn_layout layout;
    int size;                 /* enum nn_attr_id of the input size, or -1 */
    unsigned props;           /* enum nn_kind_prop */
};

struct nn_field {
    enum nn_kind kind;
    enum nn_attr_id attr;
    unsigned flags;           /* enum nn_field_flag */
    const char *def;          /* default in DSL notation; "" = none */
    double lo, hi;            /* bounds for NN_F_RANGE */
};

extern const struct nn_attr_info nn_attr_infos[NN_ATTR_COUNT];
extern const struct nn_kind_info nn_kind_infos[NN_KIND_COUNT];
/* All rows, grouped by kind in kind order, each kind's rows in canonical order. */
extern const struct nn_field nn_fields[NN_FIELD_COUNT];

/* The row for (kind, attr), or NULL when kind has no such attribute. */
const struct nn_field *nn_schema_field(enum nn_kind kind, enum nn_attr_id attr);
/* The rows of one kind, in canonical order. */
const struct nn_field *nn_schema_kind_fields(enum nn_kind kind, size_t *count);

/* Look-ups by DSL spelling (len bytes of s); -1 when unknown. */
int nn_schema_kind_by_name(const char *s, size_t len);
int nn_schema_attr_by_key(const char *s, size_t len);
/* Is name one of the allowed values of the set? */
int nn_schema_enum_has(enum nn_enum_id set, const char *s, size_t len);
/* The allowed values of a set, space separated (for messages). */
const char *nn_schema_enum_values(enum nn_enum_id set);
/* Kind-class predicates. */
static inline int nn_kind_is_layer(enum nn_kind k) { return nn_kind_infos[k].cls == NN_CLASS_LAYER; }
static inline int nn_kind_is_op(enum nn_kind k) { return nn_kind_infos[k].cls == NN_CLASS_TENSOROP; }
static inline const char *nn_kind_name(enum nn_kind k) { return nn_kind_infos[k].name; }
/* Predicates derived from the kind columns (never from the order of kinds). */
static inline enum nn_family nn_kind_family(enum nn_kind k) { return nn_kind_infos[k].family; }
static inline int nn_kind_is_rnn(enum nn_kind k) { return nn_kind_infos[k].family == NN_FAM_RNN; }
static inline int nn_kind_is_conv(enum nn_kind k) { return nn_kind_infos[k].family == NN_FAM_CONV; }
static inline int nn_kind_is_tconv(enum nn_kind k) { return nn_kind_infos[k].family == NN_FAM_TCONV; }
/* Fixed spatial rank of a kind: 1-3, 0 for none, NN_RANK_DIM when an attribute gives it. */
static inline int nn_kind_rank(enum nn_kind k) { return nn_kind_infos[k].rank; }
static inline enum nn_layout nn_kind_layout(enum nn_kind k) { return nn_kind_infos[k].layout; }
/* The attribute that carries the input size (filled by shape inference), or -1. */
static inline int nn_kind_size_attr(enum nn_kind k) { return nn_kind_infos[k].size; }
static inline int nn_kind_is_stateless(enum nn_kind k) { return (nn_kind_infos[k].props & NN_KP_STATELESS) != 0; }
static inline int nn_kind_fuses_activation(enum nn_kind k) { return (nn_kind_infos[k].props & NN_KP_FUSE) != 0; }
static inline const char *nn_attr_key(enum nn_attr_id a) { return nn_attr_infos[a].key; }

#endif
