"""vs_besser.py - nnc against BESSER's own Python implementation, .nn to PyTorch.

For each example .nn file, both tools do the same work on the same file:
parse the DSL, build the model, and write a PyTorch nn.Module subclass to a
file.  BESSER runs in this process, after its imports and one warm-up run
(buml_neural_network, then PytorchGenerator(..., "subclassing").generate());
nnc runs in process (bench/compile: parse, validate, generate, write) and as
whole `nnc FILE --target torch-sub -o OUT` processes.  Every figure is the
median of --reps runs, taken file by file in the same run, each run writing
a new file.

The file both get is the example without nnc's extensions (# comments, the
network's input_shape) and with workarounds for BESSER 8.4.1 defects that
leave the network unchanged; each workaround applied is listed.  A file
BESSER still rejects is reported with its error and left out of the totals.
BESSER adds a default training dataset to a model that has none and then
generates training code for it; the bench clears it, so both sides write the
model class only.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def strip_extensions(text):
    """Drop nnc's extensions: # comments and the network's input_shape."""
    out = []
    for line in text.split("\n"):
        quoted = False
        for i, ch in enumerate(line):
            if ch == '"':
                quoted = not quoted
            elif ch == "#" and not quoted:
                line = line[:i]
                break
        line = line.rstrip()
        if line and not re.match(r"\s*input_shape\s*=", line):
            out.append(line)
    return "\n".join(out) + "\n"


def rename_keywords(text, keywords):
    """Items named by a word of BESSER's grammar (e.g. a layer 'dropout')."""
    names = set(re.findall(r"^\s*-\s*(\w+)\s*:?\s*$", text, re.M)) & keywords
    for n in sorted(names):
        text = re.sub(r"^(\s*-\s*)%s(\s*:?\s*)$" % n, r"\g<1>%s_\g<2>" % n, text, flags=re.M)
        text = text.replace('"%s"' % n, '"%s_"' % n)
    return text, ["renamed %s (a word of BESSER's grammar)" % ", ".join(sorted(names))] if names else []


def explicit_padding(text):
    """padding_type=same as padding_amount for odd kernels at stride 1:
    BESSER 8.4.1 passes padding_type to its layer classes as 'paddingType',
    which they reject."""
    blocks = re.split(r"(?m)^(?=\s*- \w+:\s*$)", text)
    changed = 0
    for i, b in enumerate(blocks):
        if not re.search(r"(?m)^\s*padding_type=same\s*$", b):
            continue
        k = re.search(r"kernel_dim=\[([\d, ]+)\]", b)
        s = re.search(r"stride_dim=\[([\d, ]+)\]", b)
        ks = [int(x) for x in k.group(1).split(",")] if k else []
        if not ks or any(x % 2 == 0 for x in ks) or (s and any(int(x) != 1 for x in s.group(1).split(","))):
            continue
        if len(set(ks)) != 1:
            continue
        blocks[i] = re.sub(r"(?m)^(\s*)padding_type=same\s*$", r"\g<1>padding_amount=%d" % (ks[0] // 2), b)
        changed += 1
    return "".join(blocks), ["padding_type=same as padding_amount in %d layers" % changed] if changed else []


def drop_datasets(text):
    """BESSER 8.4.1 writes TrainingDataset(...)/TestDataset(...) calls its
    metamodel does not define; the datasets only feed training code."""
    out = re.sub(r"(?ms)^\s*(TrainingDataset|TestDataset):\s*\n(?:^\s+\w+=.*\n?)*", "", text)
    return out, ["datasets removed"] if out != text else []


def prepare(path, keywords):
    """The file both tools get, and the workarounds applied."""
    with open(path, encoding="utf-8") as f:
        text = strip_extensions(f.read())
    notes = []
    for step in (lambda t: rename_keywords(t, keywords), explicit_padding, drop_datasets):
        text, n = step(text)
        notes += n
    return text, notes


def besser_once(nn_path, out_dir, name):
    """One BESSER parse + PyTorch generation into a new directory."""
    from besser.BUML.notations.nn import buml_neural_network
    from besser.generators.nn.pytorch.pytorch_code_generator import PytorchGenerator
    model, _, _ = buml_neural_network(nn_path, out_dir, name)
    model.train_data = None  # the default dataset BESSER invents: no training code
    PytorchGenerator(model, out_dir, generation_type="subclassing").generate()


def time_besser(nn_path, work, name, reps):
    """Median seconds, or the error BESSER raised on the warm-up run."""
    devnull = open(os.devnull, "w")
    saved = sys.stderr
    sys.stderr = devnull  # ANTLR prints its syntax errors there
    try:
        besser_once(nn_path, os.path.join(work, "warm"), name)
        times = []
        for i in range(reps):
            d = os.path.join(work, "r%d" % i)
            t0 = time.perf_counter()
            besser_once(nn_path, d, name)
            times.append(time.perf_counter() - t0)
        return statistics.median(times), None
    except Exception as e:  # BESSER's failure is a result, not a crash
        return None, "%s: %s" % (type(e).__name__, str(e).split("\n")[0][:90])
    finally:
        sys.stderr = saved
        devnull.close()


def time_nnc(tool, nnc, nn_path, work, reps):
    """nnc's medians (seconds): in process, whole process, `nnc --version`."""
    os.makedirs(work)
    r = subprocess.run([tool, "--reps", str(reps), "--nnc", nnc, nn_path, work],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return [float(x) for x in r.stdout.split()[1:]], None


def besser_keywords():
    from besser.BUML.notations.nn.NNLexer import NNLexer
    return {n.strip("'") for n in NNLexer.literalNames if re.fullmatch(r"'[a-z_]+'", n)}


def ms(x):
    return "%.2f" % (x * 1e3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nnc", required=True)
    ap.add_argument("--compile", required=True, help="bench/compile")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    try:
        import besser  # noqa: F401
        from importlib.metadata import version
        besser_version = version("besser")
    except ImportError:
        print("BESSER is not installed for %s: run scripts/setup.sh" % sys.executable)
        return 1
    keywords = besser_keywords()
    rows, failed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.files:
            name = os.path.splitext(os.path.basename(path))[0]
            text, notes = prepare(path, keywords)
            nn_path = os.path.join(tmp, name + ".nn")
            with open(nn_path, "w", encoding="utf-8") as f:
                f.write(text)
            tb, err = time_besser(nn_path, os.path.join(tmp, name + ".besser"), name, a.reps)
            tn, nerr = time_nnc(a.compile, a.nnc, nn_path, os.path.join(tmp, name + ".nnc"), a.reps)
            if nerr:
                print("nnc failed on %s: %s" % (name, nerr))
                return 1
            if err:
                failed.append((name, notes, err, *tn))
            else:
                rows.append((name, notes, tb, *tn))
            shutil.rmtree(os.path.join(tmp, name + ".besser"), ignore_errors=True)
    report(rows, failed, a.reps, besser_version)
    return 0


def report(rows, failed, reps, besser_version):
    print("BESSER %s (Python %s) and nnc, .nn to a PyTorch nn.Module subclass in a file;"
          % (besser_version, sys.version.split()[0]))
    print("median of %d runs each, milliseconds; ratio = BESSER time / nnc time.\n" % reps)
    print("| file | BESSER | nnc in process | nnc process | nnc --version | ratio, in process | ratio, process |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, notes, tb, ti, tp, ts in rows:
        print("| %s | %s | %s | %s | %s | %.0fx | %.0fx |"
              % (name, ms(tb), ms(ti), ms(tp), ms(ts), tb / ti, tb / tp))
    if rows:
        sb, si, sp, ss = (sum(r[i] for r in rows) for i in (2, 3, 4, 5))
        print("| **total** | %s | %s | %s | %s | **%.0fx** | **%.0fx** |"
              % (ms(sb), ms(si), ms(sp), ms(ss), sb / si, sb / sp))
    for name, notes, err, ti, tp, ts in failed:
        print("| %s | fails | %s | %s | %s | - | - |" % (name, ms(ti), ms(tp), ms(ts)))
    print()
    for name, notes, *_ in rows + failed:
        if notes:
            print("- %s: %s" % (name, "; ".join(notes)))
    for name, notes, err, *_ in failed:
        print("- %s: BESSER fails: %s" % (name, err))
    if rows:
        inproc = min(r[2] / r[3] for r in rows)
        proc = min(r[2] / r[4] for r in rows)
        print("\nTarget nnc >= 100x faster: in process %s (lowest %.0fx), as a whole process %s "
              "(lowest %.0fx)." % ("met" if inproc >= 100 else "NOT met", inproc,
                                   "met" if proc >= 100 else "NOT met", proc))


if __name__ == "__main__":
    sys.exit(main())
