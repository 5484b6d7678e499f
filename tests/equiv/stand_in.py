"""One Python process for many `nnc --weights` runs.

nnc runs the conversion program it writes with the interpreter --python
names (`python -c PROGRAM ARGS...`).  A test that converts many files
gives it a stand-in instead (made in the test's temporary folder), which
hands the program and its arguments over a socket to the test's own
process; that process runs that very program (its text as nnc sent it)
and answers with its exit status and error output.  The frameworks are
imported once instead of once per file.
"""

import contextlib
import io
import json
import os
import select
import socket
import subprocess
import sys


STAND_IN = """import json, os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["NNC_WEIGHTS_SOCKET"])
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


def run_nnc(argv, python):
    """Run nnc (argv) with --python STAND-IN, answering its jobs here:
    (exit status, stderr)."""
    proc = subprocess.Popen([*argv, "--python", python[0]], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NNC_WEIGHTS_SOCKET": python[1].getsockname()})
    serve(python[1], proc)
    return proc.returncode, proc.stderr.read()
