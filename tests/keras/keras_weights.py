"""Trained weights travel with the migration, Keras -> PyTorch: nnc --weights.

For every examples/keras/X.py, in one Python process: the source model is
built (in a fresh Keras session: keras.backend.clear_session(), so that the
layers it leaves unnamed get the names nnc expects), given random weights
with batch-norm moving statistics far from 0 and 1 (equiv.randomise), and
saved by Keras (model.save_weights(X.weights.h5)).  nnc migrates the file
to torch-sub and converts the saved weights in the same run (--weights,
the conversion run by this interpreter: --python), writing X_torch.pt; the
generated model is loaded with model.load_state_dict(torch.load(...)) and
run on random inputs (channels last, as the source takes them); its outputs
must match the source's within 1e-5 of the output's scale (the largest
absolute output value, when above 1).

One process for all files: nnc runs the conversion program it writes
with the interpreter --python names; here that is a small stand-in (made in
the temporary folder) that hands the program and its arguments to this
process over a socket, which runs that very program (its text as nnc sent
it) and answers with its exit status and error output.  The frameworks are
imported once instead of once per file.

A file fails when nnc refuses it (no file is counted as passing unless it
was migrated and converted), when the state_dict cannot be loaded, when
the outputs differ, or when the model's own random weights already give the
source's outputs (then the check could not see a wrong conversion).

Usage: keras_weights.py NNC [--target torch-seq] FILE.py...  (torch-sub by default;
with torch-seq, a file whose model is not a chain is counted as refused)
Prints one line per file and a summary; exit status 1 when any file fails.
"""

import contextlib
import io
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "equiv"))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402

import equiv  # noqa: E402
from keras_equiv import load_source, make_inputs, pivot_info, source_model  # noqa: E402

RELATIVE = 1e-5


def prepare(nnc, path, base, tmp, rng):
    """The source model's saved weights, inputs and outputs."""
    keras.backend.clear_session()
    network, shape, _ = pivot_info(nnc, path, tmp)
    module, _ = load_source(path, f"src_{base}")
    src = source_model(module, network)
    src(np.zeros((1, *shape), dtype="float32"))
    x = make_inputs(src, shape, rng)[:16]
    equiv.randomise(src, rng)
    saved = os.path.join(tmp, f"{base}.weights.h5")
    src.save_weights(saved)
    return saved, x, np.asarray(src(x, training=False))


STAND_IN = """import json, os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["KERAS_WEIGHTS_SOCKET"])
s.sendall(json.dumps(sys.argv[1:]).encode())
s.shutdown(socket.SHUT_WR)
answer = json.loads(b"".join(iter(lambda: s.recv(65536), b"")).decode())
sys.stderr.write(answer["stderr"])
sys.exit(answer["status"])
"""


def stand_in(tmp):
    """The --python nnc is given: a stand-in that passes its job to this
    process (serve); the listening socket."""
    path = os.path.join(tmp, "python")
    with open(path, "w") as f:
        f.write(f"#!{sys.executable} -S\n" + STAND_IN)
    os.chmod(path, 0o755)
    server = socket.socket(socket.AF_UNIX)
    server.bind(os.path.join(tmp, "socket"))
    server.listen(1)
    return path, server


def run_program(args):
    """Run `python -c PROGRAM ARGS...` here: (exit status, error output)."""
    if args[:1] != ["-c"]:
        return 2, f"the stand-in expects -c PROGRAM, not {args[:1]}\n"
    err, status = io.StringIO(), 0
    saved = sys.argv, list(sys.path)
    sys.argv = ["-c", *args[2:]]
    try:
        with contextlib.redirect_stderr(err):
            exec(compile(args[1], "<nnc --weights>", "exec"), {"__name__": "__main__"})
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except BaseException as e:  # noqa: BLE001 - the program's failure, reported as python would
        err.write(f"{type(e).__name__}: {e}\n")
        status = 1
    finally:
        sys.argv, sys.path[:] = saved
    return status, err.getvalue()


def serve(server, proc):
    """Answer the stand-in's jobs until nnc exits."""
    while proc.poll() is None:
        if not select.select([server], [], [], 0.05)[0]:
            continue
        conn, _ = server.accept()
        with conn:
            request = b"".join(iter(lambda: conn.recv(65536), b""))
            status, err = run_program(json.loads(request.decode()))
            conn.sendall(json.dumps({"status": status, "stderr": err}).encode())


def convert(nnc, path, base, saved, tmp, python, target):
    """nnc FILE -t TARGET --weights SAVED --python STAND-IN: (status,
    stderr, code, state_dict)."""
    code = os.path.join(tmp, f"{base}_torch.py")
    proc = subprocess.Popen([nnc, path, "-t", target, "-o", code, "--weights", saved,
                             "--python", python[0]], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "KERAS_WEIGHTS_SOCKET": python[1].getsockname()})
    serve(python[1], proc)
    return proc.returncode, proc.stderr.read(), code, os.path.join(tmp, f"{base}_torch.pt")


def check(base, x, ref, result):
    """One file's verdict: (ok, text)."""
    status, err, code, state = result
    if status != 0:
        last = [line for line in err.splitlines() if line.strip()]
        return False, f"nnc refused (status {status}): {last[-1] if last else ''}"
    if not os.path.exists(state):
        return False, "nnc exited 0 but wrote no state_dict file"
    model = equiv.model_class(equiv.load(code, f"kw_{base}"), True)()
    model.eval()
    tx = torch.as_tensor(np.ascontiguousarray(x))
    with torch.no_grad():
        before = model(tx).numpy()
        model.load_state_dict(torch.load(state, weights_only=True))
        out = model(tx).numpy()
    if out.shape != ref.shape:
        return False, f"output shape {out.shape}, source {ref.shape}"
    scale = max(1.0, float(np.max(np.abs(ref))))
    diff = float(np.max(np.abs(ref.astype("float64") - out)))
    text = f"max abs diff {diff:.3g}, output scale {scale:.3g}"
    if float(np.max(np.abs(ref - before))) <= RELATIVE * scale:
        return False, text + ": the unloaded model already matches, the check sees nothing"
    return diff <= RELATIVE * scale, text


def main(argv):
    nnc, paths, target = argv[1], argv[2:], "torch-sub"
    if paths[:1] == ["--target"]:
        target, paths = paths[1], paths[2:]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(20261203)
    start, passed, failures = time.time(), 0, []
    with tempfile.TemporaryDirectory() as tmp:
        python = stand_in(tmp)
        for path in paths:
            base = os.path.splitext(os.path.basename(path))[0]
            try:
                saved, x, ref = prepare(nnc, path, base, tmp, rng)
                ok, text = check(base, x, ref, convert(nnc, path, base, saved, tmp, python, target))
            except Exception as exc:  # noqa: BLE001 - report and go on
                ok, text = False, f"{type(exc).__name__}: {exc}"
            print(f"{base:<30} {'ok  ' if ok else 'FAIL'} {text}", flush=True)
            passed += ok
            if not ok:
                failures.append(f"{base}: {text}")
    print(f"Keras files whose trained weights nnc converted to {target} exactly: {passed} of "
          f"{len(paths)} ({time.time() - start:.1f} s)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
