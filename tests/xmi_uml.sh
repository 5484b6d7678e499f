#!/bin/sh
# xmi_uml.sh - UML export and import: every example and test model goes
# .nn -> UML (+ besser_nn.profile.uml beside it) -> .nn and prints identically;
# EMF's XMI loader reads every model and the profile (at the XMI level: Debian
# has no UML2 jars) and tests/xmi_uml_check.py checks the UML structure and
# the stereotype applications against the profile.  Also: the profile beside
# the output is kept when identical and never replaced without --force.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
J=/usr/share/java
CP=$J/eclipse-emf-common.jar:$J/eclipse-emf-ecore.jar:$J/eclipse-emf-ecore-xmi.jar
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
mkdir -p "$tmp/classes" "$tmp/out"
for f in "$top_srcdir"/examples/*.nn "$top_srcdir"/tests/golden/dsl/*.nn "$top_srcdir"/tests/models/*.nn "$top_srcdir"/tests/xmi/*.nn; do
    [ -f "$f" ] || continue
    n=$((n + 1)); b=$(basename "$f" .nn)
    "$NNC" "$f" --emit-dsl -o "$tmp/$b.a.nn" 2>/dev/null || { fail "$b: cannot print"; continue; }
    "$NNC" "$f" --target uml -o "$tmp/out/$b.uml" 2>"$tmp/err" || { fail "$b: UML export"; cat "$tmp/err"; continue; }
    "$NNC" "$tmp/out/$b.uml" --emit-dsl -o "$tmp/$b.b.nn" 2>"$tmp/err" || { fail "$b: UML import"; cat "$tmp/err"; continue; }
    cmp -s "$tmp/$b.a.nn" "$tmp/$b.b.nn" || { fail "$b: .nn -> UML -> .nn differs"; diff -u "$tmp/$b.a.nn" "$tmp/$b.b.nn" | head -20; }
done
[ -f "$tmp/out/besser_nn.profile.uml" ] || fail "the profile was not written beside the model"
"$PYTHON" "$top_srcdir/tests/xmi_uml_check.py" "$tmp"/out/*[!e].uml || bad=$((bad + 1))
javac -nowarn -cp "$CP" -d "$tmp/classes" "$top_srcdir/tests/emf/UmlXmiCheck.java" &&
    java -cp "$CP:$tmp/classes" UmlXmiCheck "$tmp"/out/*.uml || bad=$((bad + 1))
ex="$top_srcdir/examples/lstm_text.nn"
n=$((n + 1))
"$NNC" "$ex" --target uml -o "$tmp/out/again.uml" 2>/dev/null || fail "an identical profile beside the output is not reused"
echo "<edited/>" >"$tmp/out/besser_nn.profile.uml"
"$NNC" "$ex" --target uml -o "$tmp/out/third.uml" 2>/dev/null && fail "a different profile was replaced without --force"
grep -q "<edited/>" "$tmp/out/besser_nn.profile.uml" || fail "the edited profile was changed"
[ -f "$tmp/out/third.uml" ] && fail "the model was written although its profile could not be"
"$NNC" "$ex" --target uml -o "$tmp/out/third.uml" --force 2>/dev/null || fail "--force does not replace the profile"
echo "UML export and import: $((n - bad)) of $n as expected"
[ $bad -eq 0 ]
