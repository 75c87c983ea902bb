"""Run a Python module in this very process and, at exit, write its own and its children's resource use as JSON.

    python bench/selfpeak.py REPORT.json -m mkdocs build ...

`bench/run.py` starts every MkDocs build through this wrapper, so that the peak RSS of the MkDocs process and the
peak RSS of the processes it started (the `pagefind --service` indexer) are known apart and exactly. A parent's
`wait4` cannot tell them apart: its `ru_maxrss` is the largest of the child and every descendant it reaped. Here,
at exit (`atexit`, after MkDocs has returned or raised SystemExit), `getrusage(RUSAGE_SELF)` gives the high-water
mark of this process alone (all its threads) and `getrusage(RUSAGE_CHILDREN)` the largest high-water mark among
the children it waited for, with their CPU time. Polling `/proc/<pid>/status` would miss growth in the last
interval before a process exits; the kernel's own accounting misses nothing.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sys


def _report(path: str) -> None:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "self_kib": me.ru_maxrss,  # Linux: KiB
        "self_cpu": me.ru_utime + me.ru_stime,
        "children_kib": children.ru_maxrss,
        "children_cpu": children.ru_utime + children.ru_stime,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(figures, fh)


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "-m":
        raise SystemExit("usage: python bench/selfpeak.py REPORT.json -m MODULE [ARGS...]")
    report, module = sys.argv[1], sys.argv[3]
    sys.argv = [module, *sys.argv[4:]]
    sys.path[0] = os.getcwd()  # as under `python -m`: the working folder, not bench/, comes first
    atexit.register(_report, report)
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
