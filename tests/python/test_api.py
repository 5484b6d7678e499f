"""The Python API (python/nnc): results, diagnostics, errors, options.

Run by tests/python_api.sh with NNC_BINARY set to the nnc just built."""
import os
import pathlib

import pytest

import nnc

TOP = pathlib.Path(os.environ["top_srcdir"])
LENET = TOP / "examples" / "pytorch" / "lenet5.py"
UNMAPPED = """import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.odd = nn.Bilinear(4, 4, 4)

    def forward(self, x):
        return self.odd(self.fc(x), x)
"""


def test_migrate_file_gives_code_pivot_and_no_diagnostics():
    r = nnc.migrate_file(LENET, "tf-sub")
    assert "class LeNet5(keras.Model)" in r.code
    assert r.pivot.startswith("LeNet5:")
    assert r.diagnostics == [] and not r.partial


def test_code_is_what_the_command_line_writes(tmp_path):
    out = tmp_path / "l.py"
    os.spawnv(os.P_WAIT, nnc.binary(), [nnc.binary(), str(LENET), "--target", "torch-sub",
                                        "-o", str(out)])
    assert nnc.migrate_file(LENET, "torch-sub").code == out.read_text()


@pytest.mark.parametrize("target", nnc.TARGETS + ("dsl", "xmi", "dot"))
def test_every_text_target(target):
    assert nnc.migrate_file(LENET, target).code.strip()


def test_an_error_raises_input_error_with_located_diagnostics():
    with pytest.raises(nnc.InputError) as e:
        nnc.migrate_string(UNMAPPED, "tf-sub", filename="mine.py")
    d = e.value.diagnostics[0]
    assert (d.file, d.line, d.column, d.severity) == ("mine.py", 8, 20, "error")
    assert "Bilinear" in d.message and str(e.value).startswith("mine.py:8:20: error:")


def test_keep_going_gives_a_partial_result_with_warnings():
    r = nnc.migrate_string(UNMAPPED, "torch-sub", filename="mine.py", keep_going=True)
    assert r.partial
    assert [(d.severity, d.line) for d in r.diagnostics] == [("warning", 8)]
    assert "NotImplementedError" in r.code and "mine.py:8" in r.code
    assert "nnc-" not in r.code  # the temporary file's name never shows


def test_options_reach_nnc():
    cnn = TOP / "examples" / "tf_tutorial_cnn.nn"
    cf = nnc.migrate_file(cnn, "torch-sub", channels="first").code
    cl = nnc.migrate_file(cnn, "torch-sub", channels="last").code
    assert cf != cl
    with pytest.raises(nnc.InputError):  # alexnet's in_features needs 224 x 224
        nnc.migrate_file(TOP / "examples" / "alexnet.nn", "tf-sub", input_shape=(64, 64, 3))


def test_usage_errors():
    with pytest.raises(nnc.UsageError):
        nnc.migrate_file(LENET, "pytorch")
    with pytest.raises(ValueError):
        nnc.migrate_file(LENET, "tf-sub", channels="middle")


def test_io_error():
    with pytest.raises(nnc.NncIOError) as e:
        nnc.migrate_file("/nonexistent/model.py", "tf-sub")
    assert "cannot read" in str(e.value)


def test_check():
    assert nnc.check_file(TOP / "examples" / "alexnet.nn") == []
    with pytest.raises(nnc.InputError) as e:
        nnc.check_string("net:\n    layers:\n", filename="bad.nn")
    assert e.value.diagnostics[0].file == "bad.nn"
