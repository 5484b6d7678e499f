"""stdlib.py - nnc's Python front end against CPython's ast.parse, parse only.

Both parse every .py file of the running interpreter's standard library, from
memory, in the same run and in turn (nnc, CPython, nnc, ...), --reps times;
the medians are reported.  The file list and CPython's timing loop are the
ones tests/stdlib_ast.py uses in make check (imported from there), and nnc's
side is that test's `pydump_tool --bench`.
"""
import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile


def load_test_module(path):
    spec = importlib.util.spec_from_file_location("stdlib_ast", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def nnc_seconds(tool, listfile):
    """One `pydump_tool --bench` run: (seconds, bytes, files parsed, sanitized)."""
    out = subprocess.run([tool, "--bench", listfile], capture_output=True, text=True, check=True).stdout
    m = re.search(r"(\d+) files \((\d+) parsed\), ([\d.]+) MB in ([\d.]+) s", out)
    if not m:
        raise SystemExit("unexpected pydump_tool output: " + out)
    return float(m.group(4)), int(m.group(2)), "sanitizer" in out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pydump-tool", required=True)
    ap.add_argument("--test-script", required=True, help="tests/stdlib_ast.py")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="the first N files only (smoke test)")
    a = ap.parse_args()
    t = load_test_module(a.test_script)
    files = t.stdlib_files()
    if a.limit:
        files = files[:a.limit]
    nnc, cpy = [], []
    with tempfile.TemporaryDirectory() as tmp:
        listfile = os.path.join(tmp, "files.txt")
        with open(listfile, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("".join(p + "\n" for p in files))
        for _ in range(a.reps):
            s, parsed, sanitized = nnc_seconds(a.pydump_tool, listfile)
            nnc.append(s)
            total, c = t.cpython_speed(files)
            cpy.append(c)
    mb = total / 1e6
    tn, tc = statistics.median(nnc), statistics.median(cpy)
    print("Python %s standard library: %d files, %.1f MB (nnc accepts %d; the others are"
          % (sys.version.split()[0], len(files), mb, parsed))
    print("timed too, up to their error).  Median of %d runs, parse only, from memory.\n" % a.reps)
    print("| parser | seconds | MB/s |")
    print("|---|---:|---:|")
    print("| nnc (C, flex/bison) | %.3f | %.1f |" % (tn, mb / tn))
    print("| CPython ast.parse | %.3f | %.1f |" % (tc, mb / tc))
    print("\nnnc is %.1fx faster than ast.parse%s." % (tc / tn, " (sanitizer build)" if sanitized else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
