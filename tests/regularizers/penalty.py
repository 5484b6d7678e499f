"""penalty.py NNC DIR - the kernel L2 penalty survives the migration.

DIR holds cifar_l2.py, a Keras source whose every Dense and convolution
kernel has kernel_regularizer=l2(f).  nnc carries f into the pivot's
config (kernel_l2); the PyTorch training code adds kernel_penalty(model)
to the loss and the Keras code gives the same layers kernel_regularizer.
With the source's weights, the penalty of the generated PyTorch model must
equal the source's regularization losses, and the generated Keras model
must regularize exactly the kernels the PyTorch code does, by the same
factor.  Exit 1 on any difference.
"""
import importlib.util
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

DATASET = """
    TrainingDataset:
        name=cifar_train
        path_data="data/train.csv"
        task_type=multi_class
        input_format=csv
        image=[16, 16, 3]
"""


def nnc(nnc_path, args):
    done = subprocess.run([nnc_path] + args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"FAIL: nnc {' '.join(args)}: {done.stderr}")
    return done


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    nnc_path, folder = sys.argv[1], sys.argv[2]
    source = os.path.join(folder, "cifar_l2.py")
    work = tempfile.mkdtemp(prefix="nnc-l2-")
    done = nnc(nnc_path, [source, "--target", "dsl", "-o", "-"])
    nn_text = done.stdout
    if "warning" in done.stderr:
        sys.exit("FAIL: one L2 factor on every kernel is carried, not warned about:\n"
                 + done.stderr)
    if "kernel_initializer= here and 1 more initializers" not in done.stderr:
        sys.exit("FAIL: no one note for the source's two initializers:\n" + done.stderr)
    if "kernel_l2=0.0005" not in nn_text:
        sys.exit("FAIL: the pivot's config has no kernel_l2=0.0005:\n" + nn_text)
    with open(os.path.join(work, "model.nn"), "w") as f:
        f.write(nn_text.rstrip("\n") + "\n" + DATASET)
    for target, out in (("torch-sub", "weights_t.py"), ):
        nnc(nnc_path, [source, "--target", target, "-o", os.path.join(work, out)])
    for target, out in (("torch-sub", "train_t.py"), ("tf-sub", "train_k.py")):
        nnc(nnc_path, [os.path.join(work, "model.nn"), "--target", target, "--with-training",
                       "-o", os.path.join(work, out)])

    # Not one factor on every kernel: nothing carried, the warning says why.
    with open(source) as f:
        text = f.read()
    variants = {
        "a kernel without one": ('layers.Dense(10, kernel_regularizer=keras.regularizers.L2('
                                 'WEIGHT_DECAY))', "layers.Dense(10)",
                                 "5 of the 6 Dense and convolution kernels have an L2 factor"),
        "two factors": ("kernel_regularizer=l2(WEIGHT_DECAY),", "kernel_regularizer=\"l2\",",
                        "the kernels' L2 factors differ"),
        "an L1 term": ("regularizers.l2(l2=WEIGHT_DECAY)", "regularizers.l1_l2(l1=1e-5, l2=WEIGHT_DECAY)",
                       "other regularizers than one L2 on the kernels"),
    }
    for what, (old, new, why) in variants.items():
        if old not in text:
            sys.exit(f"FAIL: the test's source has no {old!r}")
        path = os.path.join(work, "variant.py")
        with open(path, "w") as f:
            f.write(text.replace(old, new, 1))
        done = nnc(nnc_path, [path, "--target", "dsl", "-o", "-"])
        if "kernel_l2" in done.stdout or why not in done.stderr:
            sys.exit(f"FAIL: {what}: expected no kernel_l2 and a warning saying {why!r}; "
                     f"got:\n{done.stderr}")

    src = load(source, "cifar_l2").build()
    x = np.random.default_rng(0).normal(size=(2, 16, 16, 3)).astype("float32")
    src(x)
    expected = float(sum(float(loss) for loss in src.losses))

    weights_t = load(os.path.join(work, "weights_t.py"), "weights_t")
    train_t = load(os.path.join(work, "train_t.py"), "train_t")
    model_t = weights_t.Model()
    weights_t.load_keras_weights(model_t, weights_t.keras_layer_weights(src))
    got = float(train_t.kernel_penalty(model_t).detach())
    bad = 0
    if abs(got - expected) > 1e-6 * max(1.0, abs(expected)):
        print(f"FAIL: PyTorch kernel_penalty {got!r}, the Keras source's losses {expected!r}")
        bad += 1
    kernels_t = sum(1 for m in model_t.modules() if type(m) in train_t.KERNELS)

    train_k = load(os.path.join(work, "train_k.py"), "train_k")
    model_k = train_k.Model()
    model_k(x)
    penalised = [layer for layer in model_k._flatten_layers()
                 if getattr(layer, "kernel_regularizer", None) is not None]
    want = train_k.KERNEL_L2 * sum(float(np.sum(np.square(layer.kernel.numpy())))
                                   for layer in penalised)
    have = float(sum(float(loss) for loss in model_k.losses))
    if len(penalised) != kernels_t or len(model_k.losses) != kernels_t:
        print(f"FAIL: the Keras model regularizes {len(penalised)} kernels "
              f"({len(model_k.losses)} losses), the PyTorch code {kernels_t}")
        bad += 1
    if train_k.KERNEL_L2 != 0.0005 or abs(have - want) > 1e-6 * max(1.0, want):
        print(f"FAIL: Keras KERNEL_L2 {train_k.KERNEL_L2}, losses {have!r}, expected {want!r}")
        bad += 1
    print(f"kernel L2: source {expected:.9g}, PyTorch {got:.9g} over {kernels_t} kernels, "
          f"Keras {have:.9g}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
