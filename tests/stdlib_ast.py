"""stdlib_ast.py - compare nnc's Python front end with CPython over the standard library.

Every .py file under the interpreter's stdlib directory (subfolders and test/
included; third-party site-packages excluded) is parsed by CPython (one
process pool writing ast.dump() of each file) and by nnc (one batch run of
pydump_tool), and the dumps are compared.  Files CPython rejects must be
rejected by nnc.  Fails when fewer than 99.5% of the accepted files match.
Then both parsers are timed over the same bytes, parse only, and the MB/s
figures are printed; nnc must be the faster.
"""
import ast
import multiprocessing
import os
import subprocess
import sys
import sysconfig
import tempfile
import time

THRESHOLD = 0.995


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("site-packages", "dist-packages", "__pycache__"))
        out.extend(os.path.join(d, f) for f in sorted(files) if f.endswith(".py"))
    return out


def cpython_dump(path):
    try:
        with open(path, "rb") as f:
            return ast.dump(ast.parse(f.read()))
    except (SyntaxError, ValueError, UnicodeError, MemoryError, RecursionError):
        return None


def read_batch(path):
    dumps, cur = {}, None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("=== "):
                cur = line[4:]
                dumps[cur] = None
            elif line == "!error":
                dumps[cur] = None
            else:
                dumps[cur] = line
    return dumps


def cpython_speed(files):
    blobs = []
    for p in files:
        with open(p, "rb") as f:
            blobs.append(f.read())
    total = sum(len(b) for b in blobs)
    t0 = time.perf_counter()
    for b in blobs:
        try:
            ast.parse(b)
        except (SyntaxError, ValueError):
            pass
    t = time.perf_counter() - t0
    return total, t


def main():
    tool = sys.argv[1]
    files = stdlib_files()
    with tempfile.TemporaryDirectory() as tmp:
        listfile = os.path.join(tmp, "files.txt")
        with open(listfile, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("".join(p + "\n" for p in files))
        nnc_out = os.path.join(tmp, "nnc.txt")
        proc = subprocess.Popen([tool, "--batch", listfile, nnc_out])
        with multiprocessing.Pool(2) as pool:
            ref = pool.map(cpython_dump, files, chunksize=16)
        if proc.wait() != 0:
            print("FAIL: pydump_tool --batch exited with", proc.returncode)
            return 1
        got = read_batch(nnc_out)
        accepted = [p for p, r in zip(files, ref) if r is not None]
        rejected = [p for p, r in zip(files, ref) if r is None]
        matched, mismatches = 0, []
        for p, r in zip(files, ref):
            if r is None:
                continue
            if got.get(p) == r:
                matched += 1
            else:
                mismatches.append(p)
        wrongly_accepted = [p for p in rejected if got.get(p) is not None]
        print("stdlib: %d files, CPython accepts %d, rejects %d" % (len(files), len(accepted), len(rejected)))
        print("matched %d / %d (%.2f%%)" % (matched, len(accepted), 100.0 * matched / max(1, len(accepted))))
        print("rejected by CPython and by nnc: %d / %d" % (len(rejected) - len(wrongly_accepted), len(rejected)))
        for p in mismatches[:15]:
            print("  mismatch:", p, "(nnc rejected it)" if got.get(p) is None else "")
        for p in wrongly_accepted:
            print("  accepted by nnc but rejected by CPython:", p)
        bench = subprocess.run([tool, "--bench", listfile], capture_output=True, text=True)
        print(bench.stdout.strip())
    total, t = cpython_speed(files)
    print("cpython ast.parse: %d files, %.1f MB in %.3f s: %.1f MB/s" % (len(files), total / 1e6, t, total / 1e6 / t))
    ok = True
    if matched < THRESHOLD * len(accepted):
        print("FAIL: match rate below %.1f%%" % (100 * THRESHOLD))
        ok = False
    if wrongly_accepted:
        print("FAIL: nnc accepts files that CPython rejects")
        ok = False
    try:
        nnc_speed = float(bench.stdout.split(":")[-1].split()[0])
    except (ValueError, IndexError):
        nnc_speed = 0.0
    if "sanitizer build" not in bench.stdout and nnc_speed <= total / 1e6 / t:
        print("FAIL: nnc is not faster than CPython's ast.parse")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
