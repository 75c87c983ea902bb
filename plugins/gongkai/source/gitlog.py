"""The one way the project runs git, and the 索引号 first-use walk for duplicate numbers.

Owns `run` (the only place that starts a git process: quoted paths off, signatures off, no pager),
`output` (text of a successful command, or None when git is missing, fails or this is no repository)
and `first_uses`: for a set of 索引号, which file first committed each one and when, read in ONE
`git log` walk restricted by `-G` to diff lines that add or remove one of those numbers, so it costs
nothing when there are no duplicates and stays small when there are. Callers: `provenance` (更新记录),
`rules.integrity` (索引号 immutability), `authoring` (numbers of deleted files), `guide` (更新日期),
`loader.index` (duplicate 索引号).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_BASE = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "--no-pager")
_COMMIT = "\x01"
_ADDED = re.compile(r"^\+索引号\s*:\s*['\"]?([^'\"\s#]+)")


def run(
    cwd: Path | str, *args: str, stdin: bytes | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `git <args>` in `cwd` and capture its output (bytes). Raises OSError when git is not installed."""
    return subprocess.run([*_BASE, *args], cwd=cwd, input=stdin, capture_output=True, check=False, timeout=timeout)


def output(cwd: Path | str, *args: str, timeout: float | None = None) -> str | None:
    """stdout of a successful `git <args>` as UTF-8 text; None when git is missing, fails or times out."""
    try:
        proc = run(cwd, *args, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def _ere_escape(text: str) -> str:
    """Escape `text` for a POSIX extended regex (git -E): only ERE's special characters get a backslash."""
    return "".join("\\" + ch if ch in ".[]{}()\\*+?^$|" else ch for ch in text)


@dataclass(frozen=True, slots=True)
class FirstUse:
    """The first commit that wrote an 索引号 into a file: that file's path (relative to the project) and the date."""

    path: str
    date: str  # YYYY-MM-DD, committer date


def first_uses(root: Path, docs_dir: Path, numbers: set[str]) -> dict[str, FirstUse]:
    """For each of `numbers`: the oldest commit adding a `索引号: <number>` line, and in which file.

    One `git log --reverse -p` over `docs_dir`, filtered with `-G` to the lines of those numbers only.
    Empty outside a git work tree, without git, or when no commit holds the numbers (files not yet committed).
    """
    if not numbers:
        return {}
    try:
        spec = Path(docs_dir).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return {}
    alternatives = "|".join(_ere_escape(n) for n in sorted(numbers))
    pattern = f"^索引号[[:space:]]*:[[:space:]]*['\"]?({alternatives})"
    args = ("log", "--reverse", "-p", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", "--relative")
    text = output(root, *args, f"--format={_COMMIT}%cs", "-E", f"-G{pattern}", "--", spec or ".")
    if not text:
        return {}
    found: dict[str, FirstUse] = {}
    date = path = ""
    for line in text.splitlines():
        if line.startswith(_COMMIT):
            date = line[1:].strip()
        elif line.startswith("+++ "):
            path = line[4:].removeprefix("b/")
        elif line.startswith("+索引号"):
            m = _ADDED.match(line)
            if m and m.group(1) in numbers and m.group(1) not in found:
                found[m.group(1)] = FirstUse(path, date)
    return found
