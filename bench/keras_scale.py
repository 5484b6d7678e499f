"""keras_scale.py - make bench: the Keras reader on chains of N layers.

Three ways of writing a chain of Dense layers (a Sequential literal, a
model.add loop unrolled, a functional chain) and a model.add chain of
convolutions, batch normalisations and activations (each folded into the
layer before it), read and written as torch-sub and tf-sub.  Prints
a Markdown table of processor times (best of --reps) and fails when 10 times
the layers take more than 11 times as long (plus 10 ms of start-up noise).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile

STYLES = {
    "Sequential literal": lambda n: "model = keras.Sequential([keras.Input(shape=(8,)),\n"
    + "".join("    layers.Dense(8, activation='relu'),\n" for _ in range(n)) + "])\n",
    "model.add": lambda n: "model = keras.Sequential()\nmodel.add(keras.Input(shape=(8,)))\n"
    + "".join("model.add(layers.Dense(8))\n" for _ in range(n)),
    "Conv2D, BatchNormalization, Activation": lambda n:
    "model = keras.Sequential([keras.Input(shape=(8, 8, 3))])\n"
    + "".join("model.add(layers.Conv2D(4, 3, padding='same'))\n"
              "model.add(layers.BatchNormalization())\nmodel.add(layers.Activation('relu'))\n"
              for _ in range(n // 3)),
    "functional": lambda n: "x0 = keras.Input(shape=(8,))\nx = x0\n"
    + "".join("x = layers.Dense(8)(x)\n" for _ in range(n)) + "model = keras.Model(x0, x)\n",
}


def cpu_ms(argv, reps):
    """Best processor time (user + system) of reps runs of argv, in ms."""
    best = None
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = used if best is None else min(best, used)
    return best * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nnc", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    a = ap.parse_args()
    ok = True
    print("| style | target | " + " | ".join(f"{n} layers" for n in a.sizes) + " |")
    print("|---|---|" + "---:|" * len(a.sizes))
    with tempfile.TemporaryDirectory() as tmp:
        for style, body in STYLES.items():
            files = []
            for n in a.sizes:
                path = os.path.join(tmp, f"chain{n}.py")
                with open(path, "w") as f:
                    f.write("import keras\nfrom keras import layers\n\n" + body(n))
                files.append(path)
            for target in ("torch-sub", "tf-sub"):
                ms = [cpu_ms([a.nnc, p, "--target", target, "-o", "-"], a.reps) for p in files]
                print(f"| {style} | {target} | " + " | ".join(f"{t:.0f} ms" for t in ms) + " |")
                for (n1, t1), (n2, t2) in zip(zip(a.sizes, ms), zip(a.sizes[1:], ms[1:])):
                    if t2 > (n2 / n1) * 1.1 * t1 + 10:
                        print(f"\nNOT LINEAR: {style}, {target}: {n1} layers {t1:.0f} ms, "
                              f"{n2} layers {t2:.0f} ms")
                        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
