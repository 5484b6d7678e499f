/* meta.h - the BESSER-NN metamodel as Ecore and UML see it, derived from schema.def.
 *
 * The XMI writer and reader, the Ecore file and the UML profile all ask this
 * module how a pivot concept is spelled in XML: which class a kind becomes
 * (one class per layer kind under the abstract Layer, one TensorOp class with
 * a `type`, Configuration, the two datasets, NN), which abstract class an
 * attribute is hoisted to (an attribute every kind of a class has), how an
 * attribute's value is represented, and the names of the enumerations.
 * Nothing here is written per attribute: it is all computed from the schema.
 */
#ifndef NN_XMI_META_H
#define NN_XMI_META_H

#include <stddef.h>

#include "metamodel/schema.h"

/* The namespace of the BESSER-NN Ecore package and its prefix. */
#define NN_XMI_NS_URI "http://besser-pearl.org/nnc/besser_nn/1.0"
#define NN_XMI_NS_PREFIX "nn"
#define NN_XMI_XMI_URI "http://www.omg.org/spec/XMI/20131001"
#define NN_XMI_XMI20_URI "http://www.omg.org/XMI"
#define NN_XMI_XSI_URI "http://www.w3.org/2001/XMLSchema-instance"
#define NN_XMI_ECORE_URI "http://www.eclipse.org/emf/2002/Ecore"

/* How an attribute's value is written. */
enum nn_xmi_rep {
    NN_XMI_SCALAR,  /* an XML attribute: int, decimal, boolean, string, enum literal */
    NN_XMI_MANY,    /* repeated child elements <key>v</key> (EMF's many-valued form) */
    NN_XMI_REF,     /* an IDREF to a module (name_layer_input) */
    NN_XMI_ARGS,    /* <key> TensorArg children: a module reference or a number */
    NN_XMI_LABELS   /* <key col=".." label=".."/> Label children */
};

/* Ecore class of a kind: "Conv2D", "TensorOp", "Configuration", "TrainingDataset", "NN". */
const char *nn_xmi_class_name(enum nn_kind k);
/* The kind whose class is called name, for classes with one kind (layers,
 * config, datasets); -1 otherwise. */
int nn_xmi_kind_by_class(const char *name);
/* The abstract superclass of a kind's class ("Layer", "Dataset"), or NULL. */
const char *nn_xmi_super_name(enum nn_kind k);
/* Is attr on the abstract superclass of class c (every kind of c has it)? */
int nn_xmi_hoisted(enum nn_class c, enum nn_attr_id attr);
/* Does kind k's class declare attr itself (not inherited)? */
int nn_xmi_declares(enum nn_kind k, enum nn_attr_id attr);
enum nn_xmi_rep nn_xmi_attr_rep(enum nn_attr_id a);
/* An enumeration attribute that may also hold a free name (actv_func="swish"):
 * the free name is written in the companion attribute key + "_name". */
int nn_xmi_attr_free_name(enum nn_attr_id a);
/* Ecore name of an enumeration ("ActivationKind"; "TensorOpKind" for -1) in buf. */
const char *nn_xmi_enum_name(int e, char *buf, size_t size);
/* Enumeration literal i of set e as a Java identifier ("1D" -> "_1D"); buf holds it. */
const char *nn_xmi_literal_id(const char *lit, size_t len, char *buf, size_t size);
/* The default of attr when it is the same for every kind that has it, else NULL. */
const char *nn_xmi_common_default(enum nn_attr_id a);
/* Is attr required for every kind that has it? */
int nn_xmi_always_required(enum nn_attr_id a);

#endif
