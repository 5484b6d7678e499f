#!/bin/sh
# xmi_merge.sh - --merge-into: networks join Papyrus-shaped system models
# (tests/xmi/shop.uml: classes, operations, an association, an enumeration, a
# state machine, the Standard profile applied with a stereotype, Papyrus
# annotations and an xmi:Extension; tests/xmi/plant.uml: a bare uml:Model with
# a class whose behaviour is a state machine) as an operation's method and as
# a state's do-activity.  The merged file differs from the original only by
# the added behaviour (tests/xmi_merge_diff.py), passes the UML structural
# checks and EMF's XMI loader, and reads back into the same pivot.  Errors
# (no such element, a class, a state that has a do-activity, the same network
# twice, a malformed system model) give file:line:col diagnostics; the system
# model is never replaced, --force or not.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
J=/usr/share/java
CP=$J/eclipse-emf-common.jar:$J/eclipse-emf-ecore.jar:$J/eclipse-emf-ecore-xmi.jar
n=0; bad=0
fail() { bad=$((bad + 1)); echo "FAIL: $*"; }
ex="$top_srcdir/examples"
cp "$top_srcdir/tests/xmi/shop.uml" "$top_srcdir/tests/xmi/plant.uml" "$tmp/"
# merge NET.nn SYSTEM BEHAVIOR OUT ID: merge, compare, read back
merge() {
    n=$((n + 1))
    "$NNC" "$1" --merge-into "$2" --behavior "$3" -o "$4" 2>"$tmp/err" || { fail "merge $1 into $3"; cat "$tmp/err"; return; }
    "$PYTHON" "$top_srcdir/tests/xmi_merge_diff.py" "$2" "$4" "$5" || fail "$4 changed more than the behaviour"
    "$NNC" "$1" --emit-dsl -o "$tmp/a.nn" --force 2>/dev/null
    "$NNC" "$4" --behavior "$3" --emit-dsl -o "$tmp/b.nn" --force 2>"$tmp/err" && cmp -s "$tmp/a.nn" "$tmp/b.nn" ||
        { fail "$3 in $4 does not read back as $1"; cat "$tmp/err"; }
}
merge "$ex/tf_tutorial_cnn.nn" "$tmp/shop.uml" "Shop::Recommender::predict" "$tmp/shop1.uml" nnc.tf_tutorial_cnn
merge "$ex/lstm_text.nn" "$tmp/shop1.uml" "Recommender::retrain" "$tmp/shop2.uml" nnc.lstm_text_classifier
merge "$ex/cnn_rnn_text.nn" "$tmp/shop2.uml" "Shop::Checkout::Scoring" "$tmp/shop3.uml" nnc.cnn_rnn_text_classifier
merge "$ex/alexnet.nn" "$tmp/plant.uml" "Plant::Quality::Camera::Line::Inspecting" "$tmp/plant1.uml" nnc.alexnet
merge "$ex/vgg16.nn" "$tmp/plant1.uml" "Quality::Camera::classify" "$tmp/plant2.uml" nnc.vgg16
n=$((n + 1))
[ "$(grep -c 'appliedProfile href="besser_nn.profile.uml#BESSER_NN"' "$tmp/shop3.uml")" -eq 1 ] ||
    fail "the profile is applied more than once"
[ -f "$tmp/besser_nn.profile.uml" ] || fail "no profile beside the merged model"
"$PYTHON" "$top_srcdir/tests/xmi_uml_check.py" "$tmp"/shop[123].uml "$tmp"/plant[12].uml || bad=$((bad + 1))
mkdir -p "$tmp/classes"
javac -nowarn -cp "$CP" -d "$tmp/classes" "$top_srcdir/tests/emf/UmlXmiCheck.java" &&
    java -cp "$CP:$tmp/classes" UmlXmiCheck "$tmp"/shop3.uml "$tmp"/plant2.uml >/dev/null || fail "EMF cannot load the merged models"
# without --behavior, a model with several networks asks for one
n=$((n + 1))
"$NNC" "$tmp/shop3.uml" --check 2>"$tmp/err"; [ $? -eq 1 ] && grep -q "name one with --behavior" "$tmp/err" ||
    fail "several networks without --behavior"
# errors: status 1 and a located diagnostic
err() { # description, expected message, nnc arguments...
    d=$1; want=$2; shift 2; n=$((n + 1))
    "$NNC" "$@" >/dev/null 2>"$tmp/err"; rc=$?
    [ $rc -eq 1 ] && grep -q -- "$want" "$tmp/err" && head -1 "$tmp/err" | grep -qE "^[^:]+:[0-9]+:[0-9]+: error: " ||
        { fail "$d: status $rc"; cat "$tmp/err"; }
}
err "unknown behaviour" "no element of this model is called" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" --behavior Shop::Nobody::predict -o "$tmp/x.uml"
err "a class" "is a Class" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" --behavior Shop::Recommender -o "$tmp/x.uml"
err "a busy state" "already has a do-activity" "$ex/vgg16.nn" --merge-into "$tmp/plant1.uml" --behavior Plant::Quality::Camera::Line::Inspecting -o "$tmp/x.uml"
err "the same network twice" "already holds a network called" "$ex/alexnet.nn" --merge-into "$tmp/plant1.uml" --behavior Plant::Quality::Camera::Line::Waiting -o "$tmp/x.uml"
err "malformed system model" "error" "$ex/alexnet.nn" --merge-into "$top_srcdir/tests/xmi-bad/malformed.xmi" --behavior A::b -o "$tmp/x.uml"
err "system model with a DOCTYPE" "DOCTYPE is not allowed" "$ex/alexnet.nn" --merge-into "$top_srcdir/tests/xmi-bad/billion_laughs.xmi" --behavior A::b -o "$tmp/x.uml"
[ -f "$tmp/x.uml" ] && fail "an output was written after an error"
# the system model is never replaced: it is an input of the run
n=$((n + 1))
cp "$tmp/shop.uml" "$tmp/keep.uml"
"$NNC" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" --behavior Shop::Recommender::predict 2>/dev/null ||
    fail "default output beside the system model"
[ -f "$tmp/shop.merged.uml" ] || fail "no shop.merged.uml"
cmp -s "$tmp/shop.uml" "$tmp/keep.uml" || fail "the system model changed"
"$NNC" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" --behavior Shop::Recommender::predict -o "$tmp/shop.uml" 2>/dev/null
[ $? -eq 3 ] && cmp -s "$tmp/shop.uml" "$tmp/keep.uml" || fail "the system model was replaced without --force"
"$NNC" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" --behavior Shop::Recommender::predict -o "$tmp/shop.uml" --force 2>/dev/null
[ $? -eq 3 ] && cmp -s "$tmp/shop.uml" "$tmp/keep.uml" || fail "the system model was replaced with --force"
n=$((n + 1))
"$NNC" "$ex/alexnet.nn" --merge-into "$tmp/shop.uml" 2>/dev/null; [ $? -eq 2 ] || fail "--merge-into without --behavior is not a usage error"
echo "UML merge: $((n - bad)) of $n checks passed"
[ $bad -eq 0 ]
