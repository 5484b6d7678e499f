/* meta.c - Ecore/UML view of the schema (see meta.h). */
#include "xmi/meta.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "metamodel/value.h"

/* The schema's own enumeration ids ("INPUT_FORMAT"), for Ecore names. */
static const char *const enum_ids[NN_ENUM_COUNT] = {
#define NN_ENUM(id, values) [NN_ENUM_##id] = #id,
#include "metamodel/schema.def"
};

const char *nn_xmi_class_name(enum nn_kind k)
{
    switch (nn_kind_infos[k].cls) {
    case NN_CLASS_LAYER:
    case NN_CLASS_DATASET: return nn_kind_name(k);
    case NN_CLASS_TENSOROP: return "TensorOp";
    case NN_CLASS_CONFIG: return "Configuration";
    case NN_CLASS_NETWORK: return "NN";
    case NN_CLASS_INPUT: return "Input";
    }
    NN_UNREACHABLE();
}

int nn_xmi_kind_by_class(const char *name)
{
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        enum nn_class c = nn_kind_infos[k].cls;
        if (c != NN_CLASS_TENSOROP && c != NN_CLASS_NETWORK && c != NN_CLASS_INPUT &&
            strcmp(nn_xmi_class_name((enum nn_kind)k), name) == 0)
            return k;
    }
    return -1;
}

const char *nn_xmi_super_name(enum nn_kind k)
{
    switch (nn_kind_infos[k].cls) {
    case NN_CLASS_LAYER: return "Layer";
    case NN_CLASS_DATASET: return "Dataset";
    default: return NULL;
    }
}

int nn_xmi_hoisted(enum nn_class c, enum nn_attr_id attr)
{
    if (c != NN_CLASS_LAYER && c != NN_CLASS_DATASET)
        return 0;
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (nn_kind_infos[k].cls == c && !nn_schema_field((enum nn_kind)k, attr))
            return 0;
    return 1;
}

int nn_xmi_declares(enum nn_kind k, enum nn_attr_id attr)
{
    return nn_schema_field(k, attr) && !nn_xmi_hoisted(nn_kind_infos[k].cls, attr);
}

enum nn_xmi_rep nn_xmi_attr_rep(enum nn_attr_id a)
{
    if (a == NN_A_NAME_LAYER_INPUT) /* the one string whose value names a module */
        return NN_XMI_REF;
    switch (nn_attr_infos[a].type) {
    case NN_T_TENSORLIST: return NN_XMI_ARGS;
    case NN_T_LABELS: return NN_XMI_LABELS;
    case NN_T_INTLIST:
    case NN_T_FLOATLIST:
    case NN_T_STRLIST: return NN_XMI_MANY;
    default: return NN_XMI_SCALAR;
    }
}

int nn_xmi_attr_free_name(enum nn_attr_id a)
{
    if (nn_attr_infos[a].type != NN_T_ENUM)
        return 0;
    struct nn_value v = {.type = NN_V_STRING, .s = "\x01not-a-literal"};
    return nn_value_coerce(a, &v) == NULL;
}

/* Camel case of the schema's upper-case id, plus "Kind", into buf. */
const char *nn_xmi_enum_name(int e, char *buf, size_t size)
{
    const char *id = e < 0 ? "TENSOR_OP" : enum_ids[e];
    size_t o = 0;
    int up = 1;
    for (const char *s = id; *s && o + 5 < size; s++) {
        if (*s == '_') {
            up = 1;
            continue;
        }
        buf[o++] = up ? *s : (char)tolower((unsigned char)*s);
        up = 0;
    }
    snprintf(buf + o, size - o, "Kind");
    return buf;
}

const char *nn_xmi_literal_id(const char *lit, size_t len, char *buf, size_t size)
{
    size_t o = 0;
    if (len && isdigit((unsigned char)lit[0]) && o + 1 < size)
        buf[o++] = '_';
    for (size_t i = 0; i < len && o + 1 < size; i++)
        buf[o++] = isalnum((unsigned char)lit[i]) ? lit[i] : '_';
    buf[o] = '\0';
    return buf;
}

const char *nn_xmi_common_default(enum nn_attr_id a)
{
    const char *def = NULL;
    for (size_t i = 0; i < NN_FIELD_COUNT; i++) {
        if (nn_fields[i].attr != a)
            continue;
        if (def && strcmp(def, nn_fields[i].def) != 0)
            return NULL;
        def = nn_fields[i].def;
    }
    return def && *def ? def : NULL;
}

int nn_xmi_always_required(enum nn_attr_id a)
{
    int any = 0;
    for (size_t i = 0; i < NN_FIELD_COUNT; i++) {
        if (nn_fields[i].attr != a)
            continue;
        if (!(nn_fields[i].flags & NN_F_REQ))
            return 0;
        any = 1;
    }
    return any;
}
