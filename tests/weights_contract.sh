# weights_contract.sh - sourced by weights.sh and kweights.sh: a scratch
# folder $tmp/w for the fixtures (src.* files), a torch package that fails
# to import under $tmp/w/fake (put it first on PYTHONPATH to play a Python
# without torch), the count of failures $bad and three checks:
#   check DESCRIPTION STATUS COMMAND...  the command exits with STATUS
#   says DESCRIPTION TEXT                the last check's stderr holds TEXT
#   nothing DESCRIPTION                  no file beside the fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
check() {
    d=$1; want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ $rc -ne "$want" ]; then bad=$((bad + 1)); echo "FAIL: $d: status $rc, expected $want"; cat "$tmp/err"; fi
}
says() {
    grep -q -- "$2" "$tmp/err" || { bad=$((bad + 1)); echo "FAIL: $1: no '$2' in"; cat "$tmp/err"; }
}
nothing() {
    left=$(ls "$tmp/w" | grep -v '^src\.' | grep -v '^fake')
    [ -z "$left" ] || { bad=$((bad + 1)); echo "FAIL: $1 left files: $left"; }
}
mkdir "$tmp/w" "$tmp/w/fake" "$tmp/w/fake/torch"
echo 'raise ImportError("no torch in this test")' >"$tmp/w/fake/torch/__init__.py"
