#!/bin/sh
# xmi_emf.sh - a third-party implementation reads what nnc writes: the Eclipse
# Modeling Framework (Debian's EMF jars) loads xmi/besser_nn.ecore dynamically,
# validates it, loads every exported XMI against it and runs its Diagnostician;
# then nnc reads the model as EMF saved it again and prints the same DSL.
# Needs: default-jdk-headless, libeclipse-emf-{common,ecore,ecore-xmi}-java
# (scripts/setup.sh installs them).  Missing tools are a failure, not a skip.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
J=/usr/share/java
CP=$J/eclipse-emf-common.jar:$J/eclipse-emf-ecore.jar:$J/eclipse-emf-ecore-xmi.jar
for jar in $(echo "$CP" | tr ':' ' '); do
    [ -f "$jar" ] || { echo "FAIL: $jar is missing: apt-get install libeclipse-emf-ecore-xmi-java"; exit 1; }
done
command -v javac >/dev/null || { echo "FAIL: javac is missing: apt-get install default-jdk-headless"; exit 1; }
mkdir -p "$tmp/classes" "$tmp/emf"
javac -nowarn -cp "$CP" -d "$tmp/classes" "$top_srcdir/tests/emf/EmfCheck.java" || exit 1
n=0; bad=0
for f in "$top_srcdir"/examples/*.nn "$top_srcdir"/tests/golden/dsl/*.nn "$top_srcdir"/tests/models/*.nn "$top_srcdir"/tests/xmi/*.nn; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .nn)
    "$NNC" "$f" --target xmi -o "$tmp/$b.xmi" 2>/dev/null || { echo "FAIL: $b: XMI export"; bad=$((bad + 1)); }
done
java -cp "$CP:$tmp/classes" EmfCheck "$top_srcdir/xmi/besser_nn.ecore" "$tmp/emf" "$tmp"/*.xmi || bad=$((bad + 1))
for x in "$tmp"/*.xmi; do
    n=$((n + 1)); b=$(basename "$x")
    "$NNC" "$x" --emit-dsl -o "$tmp/a.nn" --force 2>/dev/null &&
        "$NNC" "$tmp/emf/$b" --emit-dsl -o "$tmp/b.nn" --force 2>"$tmp/err" && cmp -s "$tmp/a.nn" "$tmp/b.nn" ||
        { bad=$((bad + 1)); echo "FAIL: $b as re-saved by EMF reads differently"; cat "$tmp/err"; }
done
echo "EMF interoperability: $n models validated by EMF and read back from EMF's form, $bad failures"
[ $bad -eq 0 ]
