"""Whether this process may fork, and on how many CPUs it runs: the one rule for every part of Gongkai that forks a
worker and runs on without exec (the loader's readers, the item pages' converter of `gongkai.mkdocs_plugins.prerender`,
the second process of `gongkai.pagefind_merge`). It imports nothing of the package, so the merge process checks it
without loading more."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading


def may_fork() -> bool:
    """Linux, one thread, not a daemon, `GONGKAI_WORKERS` not 1 (the switch that stops every fork: README, 配置)."""
    if not sys.platform.startswith("linux") or os.environ.get("GONGKAI_WORKERS", "") == "1":
        return False  # fork is Python's default start method on Linux only (unsafe on macOS, absent on Windows)
    # forking a threaded process (mkdocs serve) can deadlock; daemons may not have children
    return threading.active_count() == 1 and not multiprocessing.current_process().daemon


def cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, else every CPU)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1
