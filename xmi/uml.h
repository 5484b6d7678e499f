/* uml.h - the pivot in Eclipse UML2 5.x models, as Papyrus writes them.
 *
 * A network is a uml:Activity: one OpaqueAction per layer and tensor op, one
 * CallBehaviorAction per sub-network it uses (each sub-network an Activity
 * owned by the network's), input and output ActivityParameterNodes, and
 * ObjectFlows between output and input pins in forward order.  Every pivot
 * attribute is a tagged value of a stereotype of the BESSER_NN profile
 * (besser_nn.profile.uml, written beside the model); stereotype applications
 * are top-level elements in the profile's namespace with base_... references,
 * as Papyrus serialises them.  doc/xmi.md gives the whole mapping.
 */
#ifndef NN_XMI_UML_H
#define NN_XMI_UML_H

#include <stdio.h>

#include <libxml/tree.h>

#include "metamodel/diag.h"
#include "metamodel/pivot.h"

#define NN_UML_URI "http://www.eclipse.org/uml2/5.0.0/UML"
#define NN_UML_TYPES_URI "http://www.eclipse.org/uml2/5.0.0/Types"
#define NN_UML_ANN_SOURCE "http://www.eclipse.org/uml2/2.0.0/UML"
#define NN_UML_PROFILE_URI "http://besser-pearl.org/nnc/profile/BESSER_NN"
#define NN_UML_PROFILE_PREFIX "BESSER_NN"
#define NN_UML_PROFILE_FILE "besser_nn.profile.uml"
#define NN_UML_PROFILE_ID "BESSER_NN"
#define NN_UML_PROFILE_DEF "BESSER_NN.definition"

/* The profile document (the same for every model). */
int nn_xmi_write_profile(FILE *out, struct nn_diag_sink *d);
/* The model: a uml:Model holding the network's Activity, profile applied. */
int nn_xmi_write_uml(const struct nn_model *m, FILE *out, struct nn_diag_sink *d);
/* Read a UML model holding one BESSER-NN network (or the one that implements
 * behavior, a qualified name, when not NULL). */
int nn_xmi_read_uml(struct nn_source *src, struct nn_model *m, struct nn_diag_sink *d,
                    const char *behavior);
/* Attach the network to the UML model in system as the behaviour qname names
 * (Package::Class::operation or Package::Machine::State) and write the result. */
int nn_xmi_merge(const struct nn_model *m, struct nn_source *system, const char *qname,
                 FILE *out, struct nn_diag_sink *d);
/* Is src a UML model (XML naming the Eclipse UML2 namespace)? */
int nn_xmi_detect_uml(const struct nn_source *src);

/* Used by the writer and by merge: adds the network's Activity (element
 * called feature, e.g. "packagedElement" or "ownedBehavior") under parent
 * and its stereotype applications at the end of the document's root.
 * Returns the Activity, or NULL after reporting an error. */
xmlNodePtr nn_xmi_uml_add_network(const struct nn_model *m, xmlNodePtr parent,
                                  const char *feature, struct nn_diag_sink *d);
/* Adds the BESSER_NN profile application to a uml:Package/Model element. */
void nn_xmi_uml_apply_profile(xmlNodePtr package, const char *id);
/* The root xmi:XMI element's namespace for prefix/uri, declared when absent. */
xmlNsPtr nn_xmi_uml_ns(xmlNodePtr root, const char *uri, const char *prefix);
/* The uml:Model (or Package) of a document, and the element a qualified
 * name designates in it ("Model::Pkg::Class::op"; the model's own name may be
 * left out; states are found through their regions). */
xmlNode *nn_xmi_uml_model(xmlDoc *doc);
xmlNode *nn_xmi_uml_find(xmlNode *model, const char *qname);
/* "; did you mean 'A::B::c' or ...?" naming the operations and states of
 * model closest to qname (malloc'd), or NULL when none is close. */
char *nn_xmi_uml_behavior_hint(xmlNode *model, const char *qname);
/* The UML metaclass of an element ("Operation"), from its xmi:type or the
 * feature that holds it; "" when it is not a UML element. */
const char *nn_xmi_uml_type(const xmlNode *n);
/* The id prefix of a network's elements ("nnc.NAME"). */
void nn_xmi_uml_net_id(const char *name, char *buf, size_t size);

#endif
