"""isolate_check.py - the oracles' worker isolation on its own: an item
whose process dies of SIGFPE (as Keras's AdaptiveMaxPooling1D(1) does on
some processors) is reported as that item, with the signal and the step,
and the items after it still run, in a new worker.

Usage: isolate_check.py (exit status 0 when the isolation holds)."""

import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import isolate  # noqa: E402


def check(item):
    isolate.step(f"{item}/first")
    if item.startswith("die"):
        os.kill(os.getpid(), signal.SIGFPE if item == "die-fpe" else signal.SIGSEGV)
    return {"pid": os.getpid(), "item": item}


def main(argv):
    if isolate.is_worker():
        return isolate.serve(check)
    items = ["a", "b", "die-fpe", "c", "die-segv", "d"]
    got = isolate.run(items, argv)
    problems = []
    if sorted(got) != sorted(items):
        problems.append(f"items reported: {sorted(got)}")
    for item in ("a", "b", "c", "d"):
        if got.get(item, {}).get("item") != item:
            problems.append(f"{item}: {got.get(item)}")
    for item, sig in (("die-fpe", "SIGFPE"), ("die-segv", "SIGSEGV")):
        crash = got.get(item, {}).get("crash", "")
        if sig not in crash or f"{item}/first" not in crash:
            problems.append(f"{item}: {crash!r} does not name {sig} and the step")
    pids = {got[i]["pid"] for i in ("a", "b", "c", "d") if "pid" in got.get(i, {})}
    if len(pids) != 3:  # a and b share a worker; c and d each follow a crash
        problems.append(f"{len(pids)} workers for the four items, expected 3")
    for p in problems:
        print("FAIL:", p)
    print(f"isolation: {len(items)} items, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
