/* uml_profile.c - the BESSER_NN UML profile, derived from the schema.
 *
 * One stereotype per layer kind and TensorOp (extending Action), NN,
 * Configuration, TrainingDataset and TestDataset (extending Activity), and
 * DslComment (extending Comment, carrying where a DSL comment sits).  Each
 * pivot attribute is a stereotype attribute; enumerations are profile
 * Enumerations.  The profile is "defined" the way Papyrus defines one: an
 * EPackage in an eAnnotation, whose classes stereotype applications use.
 */
#include "xmi/uml.h"

#include <string.h>

#include "xmi/meta.h"
#include "xmi/xml_out.h"

#define PRIM "pathmap://UML_LIBRARIES/UMLPrimitiveTypes.library.uml#"
#define META "pathmap://UML_METAMODELS/UML.metamodel.uml#"

struct pw {
    xmlNodePtr profile, def;    /* the uml:Profile and its definition EPackage */
    xmlNsPtr xmi;
};

/* One stereotype: a name, the metaclass it extends, and which kind's attributes. */
struct stereo {
    const char *name;
    const char *base;           /* metaclass */
    int kind;                   /* a kind, -1 for TensorOp (all ops), -2 for none */
};

/* The UML and Ecore types of attribute a's values. */
static void types_of(enum nn_attr_id a, char *uml, char *ecore, size_t size)
{
    const struct nn_attr_info *ai = &nn_attr_infos[a];
    char name[64];
    if (ai->values != NN_ENUM_NONE) {
        nn_xmi_enum_name(ai->values, name, sizeof name);
        snprintf(uml, size, "en.%s", name);
        snprintf(ecore, size, NN_UML_PROFILE_DEF ".%s", name);
        return;
    }
    const char *t = "String";
    if (ai->type == NN_T_INT || ai->type == NN_T_INTLIST)
        t = "Integer";
    else if (ai->type == NN_T_FLOAT || ai->type == NN_T_FLOATLIST)
        t = "Real";
    else if (ai->type == NN_T_BOOL)
        t = "Boolean";
    snprintf(uml, size, PRIM "%s", t);
    snprintf(ecore, size, NN_UML_TYPES_URI "#//%s", t);
}

/* A typed element's type: a local id, or an href into a library. */
static void set_type(xmlNodePtr f, const char *xmitype, const char *type, struct pw *w)
{
    if (strchr(type, '#')) {
        xmlNodePtr t = nn_xmi_el(f, NULL, strcmp(xmitype, "ecore") ? "type" : "eType");
        nn_xmi_set(t, w->xmi, "type", "%s", strcmp(xmitype, "ecore") ? xmitype
                   : strstr(type, "/UML#") ? "ecore:EClass" : "ecore:EDataType");
        nn_xmi_set(t, NULL, "href", "%s", type);
    } else {
        nn_xmi_set(f, NULL, strcmp(xmitype, "ecore") ? "type" : "eType", "%s", type);
    }
}

/* A stereotype attribute [0..1] or [0..*], and its definition feature. */
static void st_attr(struct pw *w, xmlNodePtr st, xmlNodePtr cls, const char *sname,
                    const char *name, const char *uml, const char *ecore, int many)
{
    xmlNodePtr p = nn_xmi_el(st, NULL, "ownedAttribute");
    nn_xmi_set(p, w->xmi, "id", "st.%s.%s", sname, name);
    nn_xmi_set(p, NULL, "name", "%s", name);
    set_type(p, strstr(uml, "UML.metamodel") ? "uml:Class"
                : strchr(uml, '#') ? "uml:PrimitiveType" : "", uml, w);
    xmlNodePtr lo = nn_xmi_el(p, NULL, "lowerValue");
    nn_xmi_set(lo, w->xmi, "type", "uml:LiteralInteger");
    nn_xmi_set(lo, w->xmi, "id", "st.%s.%s.lo", sname, name);
    if (many) {
        xmlNodePtr up = nn_xmi_el(p, NULL, "upperValue");
        nn_xmi_set(up, w->xmi, "type", "uml:LiteralUnlimitedNatural");
        nn_xmi_set(up, w->xmi, "id", "st.%s.%s.up", sname, name);
        nn_xmi_set(up, NULL, "value", "*");
    }
    xmlNodePtr f = nn_xmi_el(cls, NULL, "eStructuralFeatures");
    int ref = strstr(ecore, "/UML#") != NULL;
    nn_xmi_set(f, w->xmi, "type", ref ? "ecore:EReference" : "ecore:EAttribute");
    nn_xmi_set(f, w->xmi, "id", NN_UML_PROFILE_DEF ".%s.%s", sname, name);
    nn_xmi_set(f, NULL, "name", "%s", name);
    nn_xmi_set(f, NULL, "ordered", "false");
    if (many)
        nn_xmi_set(f, NULL, "upperBound", "-1");
    else if (!ref)
        nn_xmi_set(f, NULL, "unsettable", "true");
    set_type(f, "ecore", ecore, w);
}

/* The stereotype attribute(s) for one pivot attribute. */
static void field_attr(struct pw *w, xmlNodePtr st, xmlNodePtr cls, const char *sname,
                       enum nn_attr_id a)
{
    char uml[256], ecore[256];
    enum nn_xmi_rep rep = nn_xmi_attr_rep(a);
    types_of(a, uml, ecore, sizeof uml);
    if (rep == NN_XMI_REF) {
        snprintf(uml, sizeof uml, META "ActivityNode");
        snprintf(ecore, sizeof ecore, NN_UML_URI "#//ActivityNode");
    } else if (rep == NN_XMI_ARGS || rep == NN_XMI_LABELS) { /* items in DSL notation */
        snprintf(uml, sizeof uml, PRIM "String");
        snprintf(ecore, sizeof ecore, NN_UML_TYPES_URI "#//String");
    }
    st_attr(w, st, cls, sname, nn_attr_key(a), uml, ecore, rep != NN_XMI_SCALAR &&
            rep != NN_XMI_REF);
    if (nn_xmi_attr_free_name(a)) {
        char key[64];
        snprintf(key, sizeof key, "%s_name", nn_attr_key(a));
        st_attr(w, st, cls, sname, key, PRIM "String", NN_UML_TYPES_URI "#//String", 0);
    }
}

/* The Extension of the metaclass by stereotype s, with its ExtensionEnd. */
static void extension(struct pw *w, const struct stereo *s, const char *base)
{
    xmlNodePtr ext = nn_xmi_el(w->profile, NULL, "packagedElement");
    nn_xmi_set(ext, w->xmi, "type", "uml:Extension");
    nn_xmi_set(ext, w->xmi, "id", "ext.%s", s->name);
    nn_xmi_set(ext, NULL, "name", "E_%s_%s1", s->name, s->base);
    nn_xmi_set(ext, NULL, "memberEnd", "ext.%s.end st.%s.%s", s->name, s->name, base);
    xmlNodePtr end = nn_xmi_el(ext, NULL, "ownedEnd");
    nn_xmi_set(end, w->xmi, "type", "uml:ExtensionEnd");
    nn_xmi_set(end, w->xmi, "id", "ext.%s.end", s->name);
    nn_xmi_set(end, NULL, "name", "extension_%s", s->name);
    nn_xmi_set(end, NULL, "type", "st.%s", s->name);
    nn_xmi_set(end, NULL, "aggregation", "composite");
    nn_xmi_set(end, NULL, "association", "ext.%s", s->name);
}

/* The attributes of the kind(s) a stereotype stands for, each once. */
static void kind_attrs(struct pw *w, xmlNodePtr st, xmlNodePtr cls, const struct stereo *s)
{
    unsigned char seen[NN_ATTR_COUNT] = {0};
    if (s->kind != -2) /* list attributes given as [] */
        st_attr(w, st, cls, s->name, "empty_lists", PRIM "String", NN_UML_TYPES_URI "#//String", 1);
    for (int k = 0; k < NN_KIND_COUNT; k++) {
        if (!(k == s->kind || (s->kind == -1 && nn_kind_is_op((enum nn_kind)k))))
            continue;
        size_t n;
        const struct nn_field *f = nn_schema_kind_fields((enum nn_kind)k, &n);
        for (size_t i = 0; i < n; i++)
            if (!seen[f[i].attr]++)
                field_attr(w, st, cls, s->name, f[i].attr);
    }
}

/* A stereotype, its Extension of the metaclass, and its definition EClass. */
static void stereotype(struct pw *w, const struct stereo *s)
{
    xmlNodePtr st = nn_xmi_el(w->profile, NULL, "packagedElement");
    nn_xmi_set(st, w->xmi, "type", "uml:Stereotype");
    nn_xmi_set(st, w->xmi, "id", "st.%s", s->name);
    nn_xmi_set(st, NULL, "name", "%s", s->name);
    xmlNodePtr cls = nn_xmi_el(w->def, NULL, "eClassifiers");
    nn_xmi_set(cls, w->xmi, "type", "ecore:EClass");
    nn_xmi_set(cls, w->xmi, "id", NN_UML_PROFILE_DEF ".%s", s->name);
    nn_xmi_set(cls, NULL, "name", "%s", s->name);
    xmlNodePtr ann = nn_xmi_el(cls, NULL, "eAnnotations");
    nn_xmi_set(ann, w->xmi, "id", NN_UML_PROFILE_DEF ".%s.ann", s->name);
    nn_xmi_set(ann, NULL, "source", NN_UML_ANN_SOURCE);
    nn_xmi_set(ann, NULL, "references", "st.%s", s->name);
    char base[64], uml[256], ecore[256];
    snprintf(base, sizeof base, "base_%s", s->base);
    snprintf(uml, sizeof uml, META "%s", s->base);
    snprintf(ecore, sizeof ecore, NN_UML_URI "#//%s", s->base);
    st_attr(w, st, cls, s->name, base, uml, ecore, 0);
    xmlNodePtr b = st->last;
    nn_xmi_set(b, NULL, "association", "ext.%s", s->name);
    xmlNodePtr lo = b->last; /* base_X is [1..1]: no lowerValue */
    xmlUnlinkNode(lo);
    xmlFreeNode(lo);
    nn_xmi_set(cls->last, NULL, "lowerBound", "1");
    extension(w, s, base);
    if (s->kind == -1) {
        char en[64], t[128];
        nn_xmi_enum_name(-1, en, sizeof en);
        snprintf(t, sizeof t, "en.%s", en);
        snprintf(ecore, sizeof ecore, NN_UML_PROFILE_DEF ".%s", en);
        st_attr(w, st, cls, s->name, "type", t, ecore, 0);
    }
    kind_attrs(w, st, cls, s);
}

/* A profile Enumeration and its definition EEnum (literal = DSL spelling). */
static void enumeration(struct pw *w, const char *name, int set)
{
    xmlNodePtr e = nn_xmi_el(w->profile, NULL, "packagedElement");
    nn_xmi_set(e, w->xmi, "type", "uml:Enumeration");
    nn_xmi_set(e, w->xmi, "id", "en.%s", name);
    nn_xmi_set(e, NULL, "name", "%s", name);
    xmlNodePtr d = nn_xmi_el(w->def, NULL, "eClassifiers");
    nn_xmi_set(d, w->xmi, "type", "ecore:EEnum");
    nn_xmi_set(d, w->xmi, "id", NN_UML_PROFILE_DEF ".%s", name);
    nn_xmi_set(d, NULL, "name", "%s", name);
    char buf[256], id[64];
    buf[0] = '\0';
    if (set >= 0)
        snprintf(buf, sizeof buf, "%s", nn_schema_enum_values((enum nn_enum_id)set));
    for (int k = 0; set < 0 && k < NN_KIND_COUNT; k++)
        if (nn_kind_is_op((enum nn_kind)k))
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", *buf ? " " : "",
                     nn_kind_name((enum nn_kind)k));
    int v = 0;
    for (const char *s = buf; *s; s += *s == ' ') {
        size_t n = strcspn(s, " ");
        nn_xmi_literal_id(s, n, id, sizeof id);
        xmlNodePtr l = nn_xmi_el(e, NULL, "ownedLiteral");
        nn_xmi_set(l, w->xmi, "id", "en.%s.%s", name, id);
        nn_xmi_set(l, NULL, "name", "%.*s", (int)n, s);
        xmlNodePtr dl = nn_xmi_el(d, NULL, "eLiterals");
        nn_xmi_set(dl, w->xmi, "id", NN_UML_PROFILE_DEF ".%s.%s", name, id);
        nn_xmi_set(dl, NULL, "name", "%s", id);
        nn_xmi_set(dl, NULL, "value", "%d", v++);
        nn_xmi_set(dl, NULL, "literal", "%.*s", (int)n, s);
        s += n;
    }
}

/* Imports of the metaclasses the stereotypes extend and of the primitive types. */
static void imports(struct pw *w)
{
    static const char *const metaclasses[] = {"Action", "Activity", "Comment"};
    for (size_t i = 0; i < 3; i++) {
        xmlNodePtr e = nn_xmi_el(w->profile, NULL, "elementImport");
        nn_xmi_set(e, w->xmi, "id", "imp.%s", metaclasses[i]);
        nn_xmi_set(e, NULL, "alias", "%s", metaclasses[i]);
        xmlNodePtr t = nn_xmi_el(e, NULL, "importedElement");
        nn_xmi_set(t, w->xmi, "type", "uml:Class");
        nn_xmi_set(t, NULL, "href", META "%s", metaclasses[i]);
    }
    xmlNodePtr p = nn_xmi_el(w->profile, NULL, "packageImport");
    nn_xmi_set(p, w->xmi, "id", "imp.PrimitiveTypes");
    xmlNodePtr t = nn_xmi_el(p, NULL, "importedPackage");
    nn_xmi_set(t, w->xmi, "type", "uml:Model");
    nn_xmi_set(t, NULL, "href", "pathmap://UML_LIBRARIES/UMLPrimitiveTypes.library.uml#_0");
}

/* The definition EPackage inside the profile's UML eAnnotation. */
static xmlNodePtr definition(struct pw *w)
{
    xmlNodePtr ann = nn_xmi_el(w->profile, NULL, "eAnnotations");
    nn_xmi_set(ann, w->xmi, "id", NN_UML_PROFILE_ID ".annotation");
    nn_xmi_set(ann, NULL, "source", NN_UML_ANN_SOURCE);
    xmlNodePtr d = nn_xmi_el(ann, NULL, "contents");
    nn_xmi_set(d, w->xmi, "type", "ecore:EPackage");
    nn_xmi_set(d, w->xmi, "id", NN_UML_PROFILE_DEF);
    nn_xmi_set(d, NULL, "name", NN_UML_PROFILE_PREFIX);
    nn_xmi_set(d, NULL, "nsURI", NN_UML_PROFILE_URI);
    nn_xmi_set(d, NULL, "nsPrefix", NN_UML_PROFILE_PREFIX);
    return d;
}

int nn_xmi_write_profile(FILE *out, struct nn_diag_sink *d)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr p = xmlNewDocNode(doc, NULL, (const xmlChar *)"Profile", NULL);
    xmlDocSetRootElement(doc, p);
    struct pw w = {p, NULL, xmlNewNs(p, (const xmlChar *)NN_XMI_XMI_URI, (const xmlChar *)"xmi")};
    xmlNewNs(p, (const xmlChar *)NN_XMI_XSI_URI, (const xmlChar *)"xsi");
    xmlNewNs(p, (const xmlChar *)NN_XMI_ECORE_URI, (const xmlChar *)"ecore");
    xmlSetNs(p, xmlNewNs(p, (const xmlChar *)NN_UML_URI, (const xmlChar *)"uml"));
    nn_xmi_set(p, w.xmi, "version", "20131001");
    nn_xmi_set(p, w.xmi, "id", NN_UML_PROFILE_ID);
    nn_xmi_set(p, NULL, "name", NN_UML_PROFILE_PREFIX);
    nn_xmi_set(p, NULL, "metaclassReference", "imp.Action imp.Activity imp.Comment");
    w.def = definition(&w);
    imports(&w);
    for (int k = 0; k < NN_KIND_COUNT; k++)
        if (nn_kind_is_layer((enum nn_kind)k)) {
            struct stereo s = {nn_xmi_class_name((enum nn_kind)k), "Action", k};
            stereotype(&w, &s);
        }
    const struct stereo fixed[] = {
        {"TensorOp", "Action", -1}, {"NN", "Activity", NN_K_NETWORK},
        {"Configuration", "Activity", NN_K_CONFIG},
        {"TrainingDataset", "Activity", NN_K_TRAINING_DATASET},
        {"TestDataset", "Activity", NN_K_TEST_DATASET}, {"DslComment", "Comment", -2}};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        stereotype(&w, &fixed[i]);
    xmlNodePtr dc = p->last->prev; /* DslComment: where the comment sits, and a trailing one */
    xmlNodePtr dcls = w.def->last;
    st_attr(&w, dc, dcls, "DslComment", "at", PRIM "String", NN_UML_TYPES_URI "#//String", 0);
    st_attr(&w, dc, dcls, "DslComment", "trail", PRIM "String", NN_UML_TYPES_URI "#//String", 0);
    char name[64];
    for (int e = 1; e < NN_ENUM_COUNT; e++)
        enumeration(&w, nn_xmi_enum_name(e, name, sizeof name), e);
    enumeration(&w, nn_xmi_enum_name(-1, name, sizeof name), -1);
    int rc = nn_xmi_save(doc, out);
    xmlFreeDoc(doc);
    if (rc != 0)
        nn_diag(d, nn_loc_make(NULL, 0, 0), NN_ERROR, "cannot write the UML profile");
    return rc != 0;
}
