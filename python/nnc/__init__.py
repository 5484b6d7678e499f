"""nnc from Python: migrate neural-network code between PyTorch and
TensorFlow/Keras through the BESSER-NN pivot model.

    import nnc
    result = nnc.migrate_file("lenet5.py", "tf-sub")
    print(result.code)        # the generated Keras module
    print(result.pivot)       # the model in the BESSER-NN DSL
    for d in result.diagnostics:
        print(d)              # warnings and notes, as nnc prints them

Each call runs the nnc program (the one this package carries, or the one
NNC_BINARY names) with the options given, reads its diagnostics as JSON
(--diagnostics-format json) and returns them as Diagnostic objects.  An
input nnc refuses raises InputError with the diagnostics; nothing is
written anywhere but into the returned objects.
"""
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import List, Optional, Sequence

__all__ = [
    "Diagnostic", "Result", "NncError", "InputError", "UsageError", "NncIOError",
    "migrate_file", "migrate_string", "check_file", "check_string", "binary", "TARGETS",
]

#: The code targets; "dsl", "xmi", "uml", "dot" are text targets too.
TARGETS = ("torch-seq", "torch-sub", "tf-seq", "tf-sub")

# nnc's exit statuses (see `nnc --help`).
_OK, _INPUT, _USAGE, _IO, _CRASH, _PARTIAL = 0, 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Diagnostic:
    """One error, warning or note; line and column are 1-based (columns in
    characters), None when the diagnostic has no place in a file."""
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    severity: str
    message: str
    end_line: Optional[int] = None
    end_column: Optional[int] = None

    def __str__(self):
        where = "nnc" if self.file is None else (
            self.file if self.line is None else f"{self.file}:{self.line}:{self.column}")
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Result:
    """What a migration gives: the target's text, the pivot in the DSL, the
    diagnostics, and whether the model is partial (--keep-going left
    TODOs that raise NotImplementedError when the model runs)."""
    code: str
    pivot: Optional[str]
    diagnostics: List[Diagnostic] = field(default_factory=list)
    partial: bool = False


class NncError(Exception):
    """nnc refused the call; diagnostics says why."""

    def __init__(self, message, diagnostics=(), status=None):
        super().__init__(message)
        self.diagnostics = list(diagnostics)
        self.status = status


class InputError(NncError):
    """The input has errors (nnc's exit status 1): each is a Diagnostic."""


class UsageError(NncError, ValueError):
    """An option nnc does not accept (exit status 2)."""


class NncIOError(NncError, OSError):
    """A file could not be read or written (exit status 3)."""


def binary():
    """The nnc program: $NNC_BINARY, else the one this package carries."""
    path = os.environ.get("NNC_BINARY")
    if path:
        return path
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bin", "nnc")
    if os.path.exists(here):
        return here
    raise NncError("this nnc package carries no nnc program (a source checkout?): "
                   "build nnc and set NNC_BINARY to it")


def _options(class_name, channels, input_shape, keep_going, with_training):
    args = []
    if class_name is not None:
        args += ["--class", class_name]
    if channels is not None:
        if channels not in ("first", "last"):
            raise UsageError(f"channels is 'first' or 'last', not {channels!r}")
        args += ["--channels", channels]
    if input_shape is not None:
        args += ["--input-shape", ",".join(str(int(n)) for n in input_shape)]
    if keep_going:
        args.append("--keep-going")
    if with_training:
        args.append("--with-training")
    return args


def _diagnostics(stderr):
    out = []
    for line in stderr.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        out.append(Diagnostic(d.get("file"), d.get("line"), d.get("column"), d["severity"],
                              d["message"], d.get("end_line"), d.get("end_column")))
    return out


def _run(args):
    """Run nnc with args (JSON diagnostics): (exit status, stdout, diagnostics)."""
    proc = subprocess.run([binary(), "--diagnostics-format", "json", *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    diags = _diagnostics(stderr)
    status = proc.returncode
    if status in (_OK, _PARTIAL):
        return status, stdout, diags
    first = next((d for d in diags if d.severity == "error"), None)
    text = str(first) if first else (stderr.strip() or f"nnc exited with status {status}")
    if status == _INPUT:
        raise InputError(text, diags, status)
    if status == _USAGE:
        raise UsageError(text, diags, status)
    if status == _IO:
        raise NncIOError(text, diags, status)
    raise NncError(f"nnc failed (status {status}): {text}", diags, status)


def migrate_file(path, target, *, class_name=None, channels=None,
                 input_shape: Optional[Sequence[int]] = None, keep_going=False,
                 with_training=False, pivot=True) -> Result:
    """Migrate the model in file `path` (a .nn, PyTorch or Keras file, XMI or
    UML) to `target` (a --target name); the options are the command line's.
    With pivot, the result also holds the model in the DSL."""
    opts = _options(class_name, channels, input_shape, keep_going, with_training)
    status, code, diags = _run([os.fspath(path), "--target", target, "-o", "-", *opts])
    text = None
    if pivot:
        if target == "dsl":
            text = code
        else:
            _, text, _ = _run([os.fspath(path), "--emit-dsl", "-o", "-", *opts])
    return Result(code, text, diags, status == _PARTIAL)


def migrate_string(source, target, *, filename="model.py", **options) -> Result:
    """migrate_file for source text; filename names it in diagnostics (its
    suffix does not decide the format: nnc reads the content)."""
    return _on_temp_file(source, filename, lambda path: migrate_file(path, target, **options))


def check_file(path, *, class_name=None, input_shape=None) -> List[Diagnostic]:
    """Validate a model and infer its shapes (--check): its warnings and notes;
    InputError when it has errors."""
    opts = _options(class_name, None, input_shape, False, False)
    _, _, diags = _run([os.fspath(path), "--check", *opts])
    return diags


def check_string(source, *, filename="model.py", **options) -> List[Diagnostic]:
    """check_file for source text."""
    return _on_temp_file(source, filename, lambda path: check_file(path, **options))


def _on_temp_file(source, filename, call):
    """call(path) on a temporary file holding source; diagnostics (returned
    or raised) name filename instead of the temporary path."""
    with tempfile.TemporaryDirectory(prefix="nnc-") as tmp:
        path = os.path.join(tmp, os.path.basename(filename) or "model.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        try:
            result = call(path)
        except NncError as e:
            _rename(e.diagnostics, path, filename)
            e.args = (str(e).replace(path, filename),)
            raise
    if isinstance(result, Result):
        _rename(result.diagnostics, path, filename)
        result.code = result.code.replace(path, filename)  # the header's "Source:", TODOs
        if result.pivot:
            result.pivot = result.pivot.replace(path, filename)
    else:
        _rename(result, path, filename)
    return result


def _rename(diags, path, filename):
    """Diagnostics about the temporary file name the caller's filename."""
    for i, d in enumerate(diags):
        if d.file == path:
            diags[i] = Diagnostic(filename, d.line, d.column, d.severity, d.message,
                                  d.end_line, d.end_column)
