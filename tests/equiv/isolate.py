"""isolate.py - an oracle's checks run in a worker process, so that a
framework that kills its process (SIGFPE, SIGSEGV, an abort) fails the
model it was running, with the signal and the step named, and the rest
of the table still runs.

The oracle script is its own worker: run with NNC_ORACLE_WORKER=1 in the
environment, it reads item names on standard input, one a line, and for
each prints a begin line, step lines and a result line (JSON) that start
with MARK.  Every other line is passed through.  When a worker dies, the
parent records the item and step it was on and starts a new worker for
the items left, so a run without crashes costs one worker start.
"""

import json
import os
import signal
import subprocess
import sys

WORKER_ENV = "NNC_ORACLE_WORKER"
MARK = "\x1enncoracle:"  # a record separator first: never the start of ordinary output


def is_worker():
    return os.environ.get(WORKER_ENV) == "1"


def step(what):
    """Worker side: name the step that runs now (reported if the process dies)."""
    if is_worker():
        print(f"{MARK}step {what}", flush=True)


def serve(check):
    """Worker side: print check(item), JSON-able, for each item line on stdin."""
    for line in sys.stdin:
        item = line.rstrip("\n")
        print(f"{MARK}begin {item}", flush=True)
        result = check(item)
        print(f"{MARK}result {json.dumps(result)}", flush=True)
    return 0


def describe(status):
    """How a worker ended, from its wait status."""
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = "a signal"
        return f"the process died of {name} (signal {-status})"
    return f"the process exited with status {status} before reporting"


def run(items, argv):
    """Parent side: {item: result} for every item, the checks run by workers
    started as `python argv...`; a crashed item's result is {"crash": text}."""
    results, pending = {}, list(items)
    env = dict(os.environ, **{WORKER_ENV: "1"})
    while pending:
        proc = subprocess.Popen([sys.executable, *argv], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env)
        proc.stdin.write("".join(item + "\n" for item in pending))
        proc.stdin.close()
        current, what = None, None
        for line in proc.stdout:
            if not line.startswith(MARK):
                sys.stdout.write(line)
                continue
            tag, _, rest = line[len(MARK):].rstrip("\n").partition(" ")
            if tag == "begin":
                current, what = rest, None
            elif tag == "step":
                what = rest
            elif tag == "result" and current in pending:
                results[current] = json.loads(rest)
                pending.remove(current)
                current = None
        status = proc.wait()
        if pending:  # the worker died: on `current`, or before its first item
            victim = current if current in pending else pending[0]
            where = f" while running {what}" if what else ""
            results[victim] = {"crash": describe(status) + where}
            pending.remove(victim)
    return results
