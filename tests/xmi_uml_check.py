#!/usr/bin/env python3
"""xmi_uml_check.py - structural checks of UML models nnc writes or merges.

Debian packages no Eclipse UML2 jars, so beside EMF's XMI-level load
(tests/emf/UmlXmiCheck.java) this checks what the UML metamodel and the
BESSER_NN profile require of the files:
  - xmi:ids are unique; every id reference resolves, in the file or (hrefs)
    in besser_nn.profile.uml beside it;
  - every stereotype application names a stereotype of the profile, its
    base_X is the metaclass the stereotype extends and points at an element
    of a fitting UML type, and its tagged values are attributes of the
    stereotype (enumeration values literals of the enumeration);
  - every OpaqueAction carries exactly one BESSER_NN stereotype;
  - object flows go from output pins (or the input parameter node) to input
    pins (or the output parameter node), and pins list them back;
  - the profile is applied, and its definition EPackage has one class per
    stereotype with one feature per stereotype attribute.
Usage: xmi_uml_check.py FILE.uml...   Prints 'N passed, M failed'.
"""
import os
import sys
import xml.etree.ElementTree as ET

XMI = "{http://www.omg.org/spec/XMI/20131001}"
UML = "http://www.eclipse.org/uml2/5.0.0/UML"
PROF = "{http://besser-pearl.org/nnc/profile/BESSER_NN}"
REFS = {"source", "target", "incoming", "outgoing", "parameter", "behavior", "annotatedElement",
        "method", "specification", "memberEnd", "association", "references", "name_layer_input",
        "metaclassReference", "type", "eType", "redefinedNode", "client", "supplier", "general",
        "memberEnd", "navigableOwnedEnd", "submachine", "classifierBehavior", "event"}
FITS = {"Action": {"OpaqueAction", "CallBehaviorAction"}, "Activity": {"Activity"},
        "Comment": {"Comment"}}


def xtype(e):
    t = e.get(XMI + "type", "")
    return t.split(":", 1)[1] if t.startswith("uml:") else t


def index(root):
    ids, errors = {}, []
    for e in root.iter():
        i = e.get(XMI + "id")
        if i is not None:
            if i in ids:
                errors.append("xmi:id %s is used twice" % i)
            ids[i] = e
    return ids, errors


def check_refs(root, ids, profile_ids, errors):
    for e in root.iter():
        for k, v in e.attrib.items():
            if k == "href":
                doc, _, frag = v.partition("#")
                if doc.endswith("besser_nn.profile.uml") and frag not in profile_ids:
                    errors.append("href %s names nothing in the profile" % v)
            elif e.tag == "eAnnotations" and k == "source":
                continue
            elif e.tag.startswith(PROF) and not (k.startswith("base_") or k == "name_layer_input"):
                continue  # tagged values
            elif (k in REFS or k.startswith("base_")) and not k.startswith("{"):
                for r in v.split():
                    if r not in ids and not (k == "type" and ":" in r):
                        errors.append("%s=%s on <%s> names nothing" % (k, r, e.tag))


def stereotypes(profile):
    """name -> (metaclass, {attribute: enumeration literals or None})"""
    enums = {e.get(XMI + "id"): {l.get("name") for l in e.findall("ownedLiteral")}
             for e in profile.findall("packagedElement") if xtype(e) == "Enumeration"}
    out = {}
    for st in profile.findall("packagedElement"):
        if xtype(st) != "Stereotype":
            continue
        attrs, base = {}, None
        for a in st.findall("ownedAttribute"):
            if a.get("name").startswith("base_"):
                base = a.get("name")[5:]
            attrs[a.get("name")] = enums.get(a.get("type"))
        out[st.get("name")] = (base, attrs)
    return out


def check_applications(root, ids, sts, errors):
    applied = {}
    for app in root:
        if not app.tag.startswith(PROF):
            continue
        name = app.tag[len(PROF):]
        if name not in sts:
            errors.append("no stereotype %s in the profile" % name)
            continue
        base, attrs = sts[name]
        target = ids.get(app.get("base_" + str(base)))
        if target is None or xtype(target) not in FITS.get(base, set()):
            errors.append("%s %s: base_%s does not name a fitting element" % (name, app.get(XMI + "id"), base))
            continue
        applied.setdefault(target.get(XMI + "id"), []).append(name)
        values = [(k, v) for k, v in app.attrib.items() if not k.startswith("{")]
        values += [(c.tag, c.text or "") for c in app]
        for k, v in values:
            if k not in attrs:
                errors.append("%s has no tagged value %s" % (name, k))
            elif attrs[k] is not None and v not in attrs[k]:
                errors.append("%s.%s=%s is no literal of its enumeration" % (name, k, v))
    for e in root.iter():
        if xtype(e) == "OpaqueAction":
            got = [s for s in applied.get(e.get(XMI + "id"), []) if s != "DslComment"]
            if len(got) != 1:
                errors.append("action %s has %d BESSER_NN stereotypes" % (e.get("name"), len(got)))


def check_flows(root, ids, errors):
    for f in root.iter("edge"):
        if xtype(f) != "ObjectFlow":
            continue
        s, t = ids.get(f.get("source")), ids.get(f.get("target"))
        fid = f.get(XMI + "id")
        if s is None or xtype(s) not in ("OutputPin", "ActivityParameterNode"):
            errors.append("flow %s does not start at an output" % fid)
        if t is None or xtype(t) not in ("InputPin", "ActivityParameterNode"):
            errors.append("flow %s does not end at an input" % fid)
        if s is not None and fid not in s.get("outgoing", "").split():
            errors.append("flow %s is not among its source's outgoing" % fid)
        if t is not None and fid not in t.get("incoming", "").split():
            errors.append("flow %s is not among its target's incoming" % fid)


def check_profile(profile, sts, errors):
    definition = None
    for c in profile.iter("contents"):
        if c.get("nsURI") == PROF[1:-1]:
            definition = c
    if definition is None:
        errors.append("the profile has no definition EPackage")
        return
    classes = {c.get("name"): {f.get("name") for f in c.findall("eStructuralFeatures")}
               for c in definition.findall("eClassifiers")}
    for name, (_, attrs) in sts.items():
        if classes.get(name) != set(attrs):
            errors.append("definition of %s differs from the stereotype" % name)


def check(path):
    root = ET.parse(path).getroot()
    prof_path = os.path.join(os.path.dirname(path), "besser_nn.profile.uml")
    profile = ET.parse(prof_path).getroot()
    ids, errors = index(root)
    profile_ids, perr = index(profile)
    errors += perr
    check_refs(root, ids, profile_ids, errors)
    check_refs(profile, profile_ids, profile_ids, errors)
    sts = stereotypes(profile)
    check_applications(root, ids, sts, errors)
    check_flows(root, ids, errors)
    check_profile(profile, sts, errors)
    applied = [p for p in root.iter("profileApplication")
               if any(a.get("href", "").endswith("besser_nn.profile.uml#BESSER_NN")
                      for a in p.iter("appliedProfile"))]
    if len(applied) != 1:
        errors.append("the BESSER_NN profile is applied %d times" % len(applied))
    return errors


def main():
    passed = failed = 0
    for path in sys.argv[1:]:
        errors = check(path)
        for e in errors[:20]:
            print("%s: %s" % (path, e))
        passed, failed = passed + (not errors), failed + bool(errors)
    print("UML structure: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
