"""Exact per-process resource use for bench/run.py: peak RSS and CPU of a process, apart from its children's.

    python bench/selfpeak.py REPORT.json -m mkdocs build ...     # run a module in this very process
    python bench/selfpeak.py REPORT.json --exec BINARY ARGS...   # run a program as this process's only child

A parent's `wait4` cannot tell a process from its children: its `ru_maxrss` is the largest of the child and of every
descendant the child reaped, its CPU the sum. So `bench/run.py` starts every MkDocs build with the first form, which
at exit (`atexit`, after MkDocs has returned or raised SystemExit) writes `getrusage(RUSAGE_SELF)`: the high-water
mark and CPU of the MkDocs process alone (all its threads), and `getrusage(RUSAGE_CHILDREN)`: the children it
waited for (the loader's forked workers, the Pagefind service). The Pagefind service is started through the second
form (`PAGEFIND_BINARY_PATH` points at a script that runs it, see bench/run.py), which waits for the binary with
`wait4` and writes its own figures: Pagefind starts no process, so they are its own. Both are the kernel's
accounting, not samples: polling `/proc/<pid>/status` would miss growth in the last interval before an exit.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import subprocess
import sys


def _write(path: str, figures: dict[str, float]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(figures, fh)


def _report(path: str) -> None:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    _write(path, {
        "self_kib": me.ru_maxrss,  # Linux: KiB
        "self_cpu": me.ru_utime + me.ru_stime,
        "children_kib": children.ru_maxrss,
        "children_cpu": children.ru_utime + children.ru_stime,
    })


def run_module(report: str, module: str, args: list[str]) -> None:
    sys.argv = [module, *args]
    sys.path[0] = os.getcwd()  # as under `python -m`: the working folder, not bench/, comes first
    atexit.register(_report, report)
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def run_program(report: str, cmd: list[str]) -> int:
    """Run `cmd` with this process's stdin and stdout; write its own peak and CPU; return its exit code."""
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    _write(report, {"self_kib": usage.ru_maxrss, "self_cpu": usage.ru_utime + usage.ru_stime})
    return proc.returncode


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] not in ("-m", "--exec"):
        raise SystemExit("usage: python bench/selfpeak.py REPORT.json (-m MODULE | --exec PROGRAM) [ARGS...]")
    if sys.argv[2] == "--exec":
        sys.exit(run_program(sys.argv[1], sys.argv[3:]))
    run_module(sys.argv[1], sys.argv[3], sys.argv[4:])


if __name__ == "__main__":
    main()
