#!/usr/bin/env python3
"""xmi_merge_diff.py - a merged UML model differs from its original only by
the added behaviour.

Usage: xmi_merge_diff.py ORIGINAL.uml MERGED.uml ACTIVITY_ID
Checks that MERGED holds the Activity ACTIVITY_ID as the method of an
operation (owned by the operation's class, `method` and `specification`
naming each other) or as the do-activity of a state; then removes from
MERGED exactly what a merge adds - that Activity, the BESSER_NN stereotype
applications, the BESSER_NN profile application, the operation's method
reference, the profile's schemaLocation pair, and the xmi:XMI wrapper around
a bare uml:Model - and compares the rest with ORIGINAL canonically (element
and attribute names with their namespaces, attribute values, non-blank text;
not whitespace, attribute order or namespace prefixes).  Exit 0 when equal.
"""
import sys
import xml.etree.ElementTree as ET

XMI = "{http://www.omg.org/spec/XMI/20131001}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
PROF = "{http://besser-pearl.org/nnc/profile/BESSER_NN}"
UML = "{http://www.eclipse.org/uml2/5.0.0/UML}"


def canon(e):
    text = (e.text or "").strip()
    return (e.tag, tuple(sorted(e.attrib.items())), text, tuple(canon(c) for c in e))


def parents(root):
    return {c: p for p in root.iter() for c in p}


def check_attachment(root, act_id):
    par = parents(root)
    act = next((e for e in root.iter() if e.get(XMI + "id") == act_id), None)
    if act is None or act.get(XMI + "type") != "uml:Activity":
        return "no Activity %s in the merged model" % act_id
    owner = par[act]
    if act.tag == "doActivity":
        return None if owner.get(XMI + "type") == "uml:State" else "doActivity outside a state"
    if act.tag != "ownedBehavior":
        return "the Activity is a <%s>, not an ownedBehavior or doActivity" % act.tag
    op = next((e for e in root.iter() if e.get(XMI + "id") == act.get("specification")), None)
    if op is None or op.tag != "ownedOperation" or par[op] is not owner:
        return "the Activity's specification is not an operation of its class"
    if act_id not in op.get("method", "").split():
        return "the operation's method does not name the Activity"
    return None


def ours(e):
    return e.tag == "profileApplication" and any(
        a.get("href", "").endswith("besser_nn.profile.uml#BESSER_NN") for a in e.iter("appliedProfile"))


def strip(root, act_id, orig):
    """Remove what merging act_id added; what the original had stays."""
    par = parents(root)
    had_profile = any(ours(e) for e in orig.iter())
    new = lambda i: i == act_id or i.startswith(act_id + ".") or i.startswith(act_id + "-")
    for e in list(root.iter()):
        if e.get(XMI + "id") == act_id or (e.tag.startswith(PROF) and new(e.get(XMI + "id", ""))):
            par[e].remove(e)
        elif ours(e) and not had_profile:
            par[e].remove(e)
        elif "method" in e.attrib:
            rest = [m for m in e.get("method").split() if m != act_id]
            if rest:
                e.set("method", " ".join(rest))
            else:
                del e.attrib["method"]
    loc = root.get(XSI + "schemaLocation", "").split()
    pairs = [(loc[i], loc[i + 1]) for i in range(0, len(loc) - 1, 2)
             if loc[i] != PROF[1:-1] or had_profile]
    if pairs:
        root.set(XSI + "schemaLocation", " ".join(a + " " + b for a, b in pairs))
    elif XSI + "schemaLocation" in root.attrib:
        del root.attrib[XSI + "schemaLocation"]
    return root


def first_difference(a, b, path="/"):
    if a[0] != b[0] or a[1] != b[1] or a[2] != b[2]:
        return "%s%s: %r != %r" % (path, a[0], a[1:3], b[1:3])
    if len(a[3]) != len(b[3]):
        return "%s%s: %d children != %d" % (path, a[0], len(a[3]), len(b[3]))
    for x, y in zip(a[3], b[3]):
        d = first_difference(x, y, path + a[0] + "/")
        if d:
            return d
    return None


def main():
    orig = ET.parse(sys.argv[1]).getroot()
    merged = ET.parse(sys.argv[2]).getroot()
    act_id = sys.argv[3]
    problem = check_attachment(merged, act_id)
    if problem:
        print("FAIL: " + problem)
        return 1
    merged = strip(merged, act_id, orig)
    if orig.tag == UML + "Model" and merged.tag == XMI + "XMI":
        if len(merged) != 1 or merged.attrib.keys() - {XMI + "version"}:
            print("FAIL: the xmi:XMI wrapper holds more than the model")
            return 1
        merged = merged[0]
    d = first_difference(canon(orig), canon(merged))
    if d:
        print("FAIL: the merged model differs beyond the added behaviour: " + d)
        return 1
    print("ok: %s differs from %s only by the behaviour %s" % (sys.argv[2], sys.argv[1], act_id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
