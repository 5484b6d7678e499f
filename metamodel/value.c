/* value.c - value conformance (see value.h). */
#include "metamodel/value.h"

#include <string.h>

const char *nn_atype_describe(enum nn_atype t)
{
    switch (t) {
    case NN_T_INT: return "an integer";
    case NN_T_FLOAT: return "a decimal number";
    case NN_T_BOOL: return "True or False";
    case NN_T_STRING: return "a string in double quotes";
    case NN_T_ENUM: return "a name";
    case NN_T_INTLIST: return "a list of integers";
    case NN_T_STRLIST: return "a list of strings";
    case NN_T_TENSORLIST: return "a list of module names or numbers";
    case NN_T_LABELS: return "labels {(col=\"...\", label=\"...\"), ...}";
    case NN_T_NAME: return "a name";
    case NN_T_FLOATLIST: return "a list of numbers";
    }
    NN_UNREACHABLE();
}

static int all_items(const struct nn_value *v, enum nn_vtype a, enum nn_vtype b)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i].type != a && v->items[i].type != b)
            return 0;
    return 1;
}

/* Bare True/False become booleans. */
static int to_bool(struct nn_value *v)
{
    if (v->type == NN_V_BOOL)
        return 1;
    if (v->type != NN_V_NAME)
        return 0;
    if (strcmp(v->s, "True") == 0 || strcmp(v->s, "False") == 0) {
        v->i = v->s[0] == 'T';
        v->type = NN_V_BOOL;
        return 1;
    }
    return 0;
}

const char *nn_value_coerce(enum nn_attr_id id, struct nn_value *v)
{
    const struct nn_attr_info *info = &nn_attr_infos[id];
    const char *want = nn_atype_describe(info->type);
    switch (info->type) {
    case NN_T_INT:
        return v->type == NN_V_INT ? NULL : want;
    case NN_T_FLOAT:
        if (v->type == NN_V_INT) {
            v->f = (double)v->i;
            v->type = NN_V_FLOAT;
        }
        return v->type == NN_V_FLOAT ? NULL : want;
    case NN_T_BOOL:
        return to_bool(v) ? NULL : want;
    case NN_T_STRING:
        if (v->type == NN_V_NAME && info->values != NN_ENUM_NONE)
            v->type = NN_V_STRING; /* optimiser=adam: lenient, printed quoted */
        return v->type == NN_V_STRING ? NULL : want;
    case NN_T_ENUM:
        /* a known activation given as a string is the same activation */
        if (v->type == NN_V_STRING && nn_schema_enum_has(info->values, v->s, strlen(v->s)))
            v->type = NN_V_NAME;
        if (v->type == NN_V_STRING && id == NN_A_ACTV_FUNC)
            return NULL; /* resolved at run time by generated code */
        return v->type == NN_V_NAME ? NULL : want;
    case NN_T_INTLIST:
        return v->type == NN_V_LIST && all_items(v, NN_V_INT, NN_V_INT) ? NULL : want;
    case NN_T_STRLIST:
        return v->type == NN_V_LIST && all_items(v, NN_V_STRING, NN_V_STRING) ? NULL : want;
    case NN_T_TENSORLIST:
        if (v->type != NN_V_LIST)
            return want;
        for (size_t i = 0; i < v->n; i++)
            if (v->items[i].type == NN_V_LIST || v->items[i].type == NN_V_LABEL)
                return want;
        return NULL;
    case NN_T_LABELS:
        return v->type == NN_V_LIST && all_items(v, NN_V_LABEL, NN_V_LABEL) ? NULL : want;
    case NN_T_NAME:
        return v->type == NN_V_NAME ? NULL : want;
    case NN_T_FLOATLIST:
        if (v->type != NN_V_LIST || !all_items(v, NN_V_INT, NN_V_FLOAT))
            return want;
        for (size_t i = 0; i < v->n; i++)
            if (v->items[i].type == NN_V_INT) {
                v->items[i].f = (double)v->items[i].i;
                v->items[i].type = NN_V_FLOAT;
            }
        return NULL;
    }
    NN_UNREACHABLE();
}
