/* ecore_write.c - the BESSER-NN metamodel as an Ecore file, from the schema.
 *
 * Classes: Element (comments), Comment, Module (name), NN, the abstract Layer
 * and one class per layer kind, TensorOp, TensorArg, Label, Configuration,
 * the abstract Dataset and the two datasets; one EEnum per value set of the
 * schema and TensorOpKind.  Attributes are unsettable, so that "given with
 * its default" and "not given" stay apart, as they do in the DSL.
 */
#include "xmi/xmi.h"

#include <string.h>

#include "xmi/meta.h"
#include "xmi/xml_out.h"

#define ETYPE "ecore:EDataType http://www.eclipse.org/emf/2002/Ecore#//"

struct ew {
    xmlNodePtr pkg;
    xmlNsPtr xsi;
};

static xmlNodePtr eclass(struct ew *w, const char *name, const char *super, int abstract)
{
    xmlNodePtr c = nn_xmi_el(w->pkg, NULL, "eClassifiers");
    nn_xmi_set(c, w->xsi, "type", "ecore:EClass");
    nn_xmi_set(c, NULL, "name", "%s", name);
    if (abstract)
        nn_xmi_set(c, NULL, "abstract", "true");
    if (super)
        nn_xmi_set(c, NULL, "eSuperTypes", "#//%s", super);
    return c;
}

/* An EAttribute (many when upper is -1). */
static xmlNodePtr eattr(struct ew *w, xmlNodePtr c, const char *name, const char *type,
                        int lower, int upper)
{
    xmlNodePtr f = nn_xmi_el(c, NULL, "eStructuralFeatures");
    nn_xmi_set(f, w->xsi, "type", "ecore:EAttribute");
    nn_xmi_set(f, NULL, "name", "%s", name);
    nn_xmi_set(f, NULL, "ordered", "true");
    if (lower)
        nn_xmi_set(f, NULL, "lowerBound", "%d", lower);
    if (upper != 1)
        nn_xmi_set(f, NULL, "upperBound", "%d", upper);
    nn_xmi_set(f, NULL, "eType", "%s", type);
    return f;
}

static void eref(struct ew *w, xmlNodePtr c, const char *name, const char *type, int upper,
                 int containment)
{
    xmlNodePtr f = nn_xmi_el(c, NULL, "eStructuralFeatures");
    nn_xmi_set(f, w->xsi, "type", "ecore:EReference");
    nn_xmi_set(f, NULL, "name", "%s", name);
    if (upper != 1)
        nn_xmi_set(f, NULL, "upperBound", "%d", upper);
    if (!containment && upper != 1)
        nn_xmi_set(f, NULL, "unique", "false");
    nn_xmi_set(f, NULL, "eType", "#//%s", type);
    if (containment)
        nn_xmi_set(f, NULL, "containment", "true");
}

/* The Ecore type of a scalar attribute (or of its items). */
static const char *attr_type(enum nn_attr_id a, char *buf, size_t size)
{
    const struct nn_attr_info *ai = &nn_attr_infos[a];
    char name[64];
    if (ai->values != NN_ENUM_NONE) {
        snprintf(buf, size, "#//%s", nn_xmi_enum_name(ai->values, name, sizeof name));
        return buf;
    }
    switch (ai->type) {
    case NN_T_INT:
    case NN_T_INTLIST: return ETYPE "ELong";
    case NN_T_FLOAT:
    case NN_T_FLOATLIST: return ETYPE "EDouble";
    case NN_T_BOOL: return ETYPE "EBoolean";
    default: return ETYPE "EString";
    }
}

/* The feature(s) for attribute a: lower bound and default as given. */
static void field_feature(struct ew *w, xmlNodePtr c, enum nn_attr_id a, int required,
                          const char *def)
{
    char buf[128];
    const char *key = nn_attr_key(a);
    switch (nn_xmi_attr_rep(a)) {
    case NN_XMI_REF: eref(w, c, key, "Module", 1, 0); return;
    case NN_XMI_ARGS: eref(w, c, key, "TensorArg", -1, 1); return;
    case NN_XMI_LABELS: eref(w, c, key, "Label", -1, 1); return;
    case NN_XMI_MANY: eattr(w, c, key, attr_type(a, buf, sizeof buf), required, -1); return;
    case NN_XMI_SCALAR: break;
    }
    xmlNodePtr f = eattr(w, c, key, attr_type(a, buf, sizeof buf), required, 1);
    nn_xmi_set(f, NULL, "unsettable", "true");
    if (def && *def) {
        int b = nn_attr_infos[a].type == NN_T_BOOL;
        nn_xmi_set(f, NULL, "defaultValueLiteral", "%s",
                   b ? (strcmp(def, "True") == 0 ? "true" : "false") : def);
    }
    if (nn_xmi_attr_free_name(a)) {
        snprintf(buf, sizeof buf, "%s_name", key);
        nn_xmi_set(eattr(w, c, buf, ETYPE "EString", 0, 1), NULL, "unsettable", "true");
    }
}

/* Is attr required by every kind of class c that has it? */
static int required_in_class(enum nn_class c, enum nn_attr_id a)
{
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        const struct nn_field *f = nn_schema_field((enum nn_kind)k, a);
        if (nn_kind_infos[k].cls == c && f && !(f->flags & NN_F_REQ))
            return 0;
    }
    return 1;
}

/* An abstract class holding the attributes all kinds of class c share. */
static void hoisted_class(struct ew *w, enum nn_class c, const char *name, const char *super)
{
    xmlNodePtr cl = eclass(w, name, super, 1);
    int k = 0;
    while (nn_kind_infos[k].cls != c)
        k++;
    size_t n;
    const struct nn_field *f = nn_schema_kind_fields((enum nn_kind)k, &n);
    for (size_t i = 0; i < n; i++)
        if (nn_xmi_hoisted(c, f[i].attr))
            field_feature(w, cl, f[i].attr, required_in_class(c, f[i].attr),
                          nn_xmi_common_default(f[i].attr));
}

/* The class of one kind, declaring the attributes not hoisted. */
static xmlNodePtr kind_class(struct ew *w, enum nn_kind k, const char *super)
{
    xmlNodePtr cl = eclass(w, nn_xmi_class_name(k), super, 0);
    size_t n;
    const struct nn_field *f = nn_schema_kind_fields(k, &n);
    for (size_t i = 0; i < n; i++)
        if (nn_xmi_declares(k, f[i].attr))
            field_feature(w, cl, f[i].attr, (f[i].flags & NN_F_REQ) != 0, f[i].def);
    return cl;
}

/* TensorOp: the union of every op's attributes, and the op type. */
static void op_class(struct ew *w)
{
    xmlNodePtr cl = eclass(w, "TensorOp", "Module", 0);
    char name[64];
    snprintf(name, sizeof name, "#//%s", nn_xmi_enum_name(-1, name + 3, sizeof name - 3));
    nn_xmi_set(eattr(w, cl, "type", name, 1, 1), NULL, "unsettable", "true");
    unsigned char seen[NN_ATTR_COUNT] = {0};
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        size_t n;
        const struct nn_field *f = nn_schema_kind_fields((enum nn_kind)k, &n);
        for (size_t i = 0; nn_kind_is_op((enum nn_kind)k) && i < n; i++)
            if (!seen[f[i].attr]++)
                field_feature(w, cl, f[i].attr, 0, nn_xmi_common_default(f[i].attr));
    }
}

/* One EEnum: literals with Java-identifier names, the DSL spelling as literal. */
static void eenum(struct ew *w, const char *name, const char *values, int ops)
{
    xmlNodePtr e = nn_xmi_el(w->pkg, NULL, "eClassifiers");
    nn_xmi_set(e, w->xsi, "type", "ecore:EEnum");
    nn_xmi_set(e, NULL, "name", "%s", name);
    int v = 0;
    char id[64];
    for (int k = 0; ops && k < NN_KIND_COUNT; k++)
        if (nn_kind_is_op((enum nn_kind)k)) {
            xmlNodePtr l = nn_xmi_el(e, NULL, "eLiterals");
            nn_xmi_set(l, NULL, "name", "%s", nn_kind_name((enum nn_kind)k));
            nn_xmi_set(l, NULL, "value", "%d", v++);
        }
    for (const char *s = values; s && *s; s += *s == ' ') {
        size_t n = strcspn(s, " ");
        xmlNodePtr l = nn_xmi_el(e, NULL, "eLiterals");
        nn_xmi_set(l, NULL, "name", "%s", nn_xmi_literal_id(s, n, id, sizeof id));
        nn_xmi_set(l, NULL, "value", "%d", v++);
        nn_xmi_set(l, NULL, "literal", "%.*s", (int)n, s);
        s += n;
    }
}

/* Element, Comment, Module, TensorArg and Label: the fixed structure. */
static void structure_classes(struct ew *w)
{
    xmlNodePtr c = eclass(w, "Element", NULL, 1);
    eref(w, c, "comments", "Comment", -1, 1);
    eattr(w, c, "empty_lists", ETYPE "EString", 0, -1);
    c = eclass(w, "Comment", NULL, 0);
    eattr(w, c, "at", ETYPE "EString", 0, 1);
    eattr(w, c, "lead", ETYPE "EString", 0, 1);
    eattr(w, c, "trail", ETYPE "EString", 0, 1);
    c = eclass(w, "Module", "Element", 1);
    eattr(w, c, "name", ETYPE "EString", 1, 1);
    c = eclass(w, "TensorArg", NULL, 0);
    eref(w, c, "module", "Module", 1, 0);
    nn_xmi_set(eattr(w, c, "integer", ETYPE "ELong", 0, 1), NULL, "unsettable", "true");
    nn_xmi_set(eattr(w, c, "decimal", ETYPE "EDouble", 0, 1), NULL, "unsettable", "true");
    eattr(w, c, "bare", ETYPE "EBoolean", 0, 1);
    c = eclass(w, "Label", NULL, 0);
    eattr(w, c, "col", ETYPE "EString", 1, 1);
    eattr(w, c, "label", ETYPE "EString", 1, 1);
}

/* NN: its own attributes, then what it contains and its forward order. */
static void network_class(struct ew *w)
{
    xmlNodePtr c = kind_class(w, NN_K_NETWORK, "Module");
    eref(w, c, "inputs", "Input", -1, 1);
    eref(w, c, "layers", "Layer", -1, 1);
    eref(w, c, "sub_nn", "NN", -1, 1);
    eref(w, c, "tensor_ops", "TensorOp", -1, 1);
    eref(w, c, "modules", "Module", -1, 0);
    eref(w, c, "config", "Configuration", 1, 1);
    eref(w, c, "TrainingDataset", "TrainingDataset", 1, 1);
    eref(w, c, "TestDataset", "TestDataset", 1, 1);
}

int nn_xmi_write_ecore(FILE *out, struct nn_diag_sink *d)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr pkg = xmlNewDocNode(doc, NULL, (const xmlChar *)"EPackage", NULL);
    xmlDocSetRootElement(doc, pkg);
    xmlNsPtr xmi = xmlNewNs(pkg, (const xmlChar *)NN_XMI_XMI20_URI, (const xmlChar *)"xmi");
    struct ew w = {pkg, xmlNewNs(pkg, (const xmlChar *)NN_XMI_XSI_URI, (const xmlChar *)"xsi")};
    xmlSetNs(pkg, xmlNewNs(pkg, (const xmlChar *)NN_XMI_ECORE_URI, (const xmlChar *)"ecore"));
    nn_xmi_set(pkg, xmi, "version", "2.0");
    nn_xmi_set(pkg, NULL, "name", "besser_nn");
    nn_xmi_set(pkg, NULL, "nsURI", "%s", NN_XMI_NS_URI);
    nn_xmi_set(pkg, NULL, "nsPrefix", "%s", NN_XMI_NS_PREFIX);
    structure_classes(&w);
    network_class(&w);
    kind_class(&w, NN_K_INPUT, "Module"); /* a named input: modules refer to it */
    hoisted_class(&w, NN_CLASS_LAYER, "Layer", "Module");
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (nn_kind_is_layer((enum nn_kind)k))
            kind_class(&w, (enum nn_kind)k, "Layer");
    op_class(&w);
    kind_class(&w, NN_K_CONFIG, "Element");
    hoisted_class(&w, NN_CLASS_DATASET, "Dataset", "Element");
    kind_class(&w, NN_K_TRAINING_DATASET, "Dataset");
    kind_class(&w, NN_K_TEST_DATASET, "Dataset");
    char name[64];
    for (int e = 1; e < NN_ENUM_COUNT; e++)
        eenum(&w, nn_xmi_enum_name(e, name, sizeof name), nn_schema_enum_values(e), 0);
    eenum(&w, nn_xmi_enum_name(-1, name, sizeof name), NULL, 1);
    int rc = nn_xmi_save(doc, out);
    xmlFreeDoc(doc);
    if (rc != 0)
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write the Ecore file");
    return rc != 0;
}
