/* value.c - values as XML text (see value.h). */
#include "xmi/value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metamodel/floattext.h"

const char *nn_xmi_value_text(const struct nn_value *v, char *buf, size_t size)
{
    switch (v->type) {
    case NN_V_INT: snprintf(buf, size, "%lld", v->i); break;
    case NN_V_FLOAT: nn_float_g(v->f, buf, size); break;
    case NN_V_BOOL: snprintf(buf, size, "%s", v->i ? "true" : "false"); break;
    case NN_V_STRING:
    case NN_V_NAME: return v->s;
    default: buf[0] = '\0'; break;
    }
    return buf;
}

int nn_xmi_is_ident(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        return 0;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

int nn_xmi_is_dsl_string(const char *s)
{
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

/* Whole-text integer. */
static int parse_int(const char *t, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(t, &end, 10);
    return *t && *t != ' ' && !*end && errno == 0;
}

/* Whole-text decimal (EMF writes Java's forms; strtod reads them). */
static int parse_float(const char *t, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(t, &end);
    return *t && !*end && *t != ' ' && errno != ERANGE;
}

/* An enumeration literal or a string of the attribute's value set. */
static const char *parse_named(struct nn_arena *ar, enum nn_attr_id a, const char *text,
                               enum nn_vtype type, struct nn_value *out)
{
    enum nn_enum_id set = nn_attr_infos[a].values;
    if (set != NN_ENUM_NONE && !nn_schema_enum_has(set, text, strlen(text)))
        return "one of the attribute's literals";
    if (type == NN_V_NAME && set == NN_ENUM_NONE && !nn_xmi_is_ident(text))
        return "an identifier";
    if (type == NN_V_STRING && !nn_xmi_is_dsl_string(text))
        return "a string without quotes, backslashes or line breaks";
    out->type = type;
    out->s = nn_arena_strdup(ar, text);
    return NULL;
}

const char *nn_xmi_value_parse(struct nn_arena *ar, enum nn_attr_id a, const char *text,
                               struct nn_value *out)
{
    memset(out, 0, sizeof *out);
    switch (nn_attr_infos[a].type) {
    case NN_T_INT:
    case NN_T_INTLIST:
        out->type = NN_V_INT;
        return parse_int(text, &out->i) ? NULL : "an integer";
    case NN_T_FLOAT:
    case NN_T_FLOATLIST:
        out->type = NN_V_FLOAT;
        return parse_float(text, &out->f) ? NULL : "a decimal number";
    case NN_T_BOOL:
        out->type = NN_V_BOOL;
        out->i = strcmp(text, "true") == 0 || strcmp(text, "1") == 0;
        return out->i || strcmp(text, "false") == 0 || strcmp(text, "0") == 0 ? NULL
                                                                               : "true or false";
    case NN_T_ENUM:
    case NN_T_NAME: return parse_named(ar, a, text, NN_V_NAME, out);
    case NN_T_STRING:
    case NN_T_STRLIST: return parse_named(ar, a, text, NN_V_STRING, out);
    case NN_T_TENSORLIST:
    case NN_T_LABELS: break;
    }
    return "a value of another form";
}

const char *nn_xmi_item_text(const struct nn_value *v, char *buf, size_t size)
{
    if (v->type == NN_V_STRING) {
        snprintf(buf, size, "\"%s\"", v->s);
        return buf;
    }
    const char *t = nn_xmi_value_text(v, buf, size);
    size_t n = strlen(t); /* a whole decimal keeps its point: 1.0, not the integer 1 */
    if (v->type == NN_V_FLOAT && t == buf && !strpbrk(buf, ".eEni") && n + 2 < size)
        memcpy(buf + n, ".0", 3);
    return t;
}

const char *nn_xmi_item_parse(struct nn_arena *ar, const char *text, struct nn_value *out)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(text);
    if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
        out->type = NN_V_STRING;
        out->s = nn_arena_strndup(ar, text + 1, n - 2);
        return nn_xmi_is_ident(out->s) ? NULL : "a module name";
    }
    if (nn_xmi_is_ident(text)) {
        out->type = NN_V_NAME;
        out->s = nn_arena_strdup(ar, text);
        return NULL;
    }
    if (parse_int(text, &out->i)) {
        out->type = NN_V_INT;
        return NULL;
    }
    out->type = NN_V_FLOAT;
    return parse_float(text, &out->f) ? NULL : "a module name or a number";
}

int nn_xmi_is_comment(const char *text, int single)
{
    for (const char *s = text; *s;) {
        if (*s != '#')
            return 0;
        s += strcspn(s, "\n");
        if (*s == '\n' && (single || !s[1]))
            return 0;
        s += *s == '\n';
    }
    return *text != '\0';
}
