"""The one git reader: every git process of the project starts here, and its output is parsed here.

Owns `run` (the only place that starts git: quoted paths off, signatures off, no pager) and `output`
(text of a successful command, or None when git is missing, fails or this is no repository), and one
reader per question the project asks git, each ONE process per build:
- `read_log` / `read_blobs`: the history of every file under the docs dir (`git log --raw`, renames
  followed) and the file versions needed to compare them (`git cat-file --batch`), for `provenance` (更新记录);
- `index_changes`: every 索引号 edit in history and in the work tree, for `rules.integrity` (索引号 never changes);
- `first_uses`: which file first committed each of a set of 索引号, for `loader` (duplicate 索引号), read with
  `-G` restricted to those numbers so it costs nothing when there are no duplicates;
- `deleted_index_numbers`: 索引号 of deleted item files, for `authoring` (`gongkai new` never reuses them);
- `clean_commit_date`: the last commit date of unmodified files, for `guide` (指南 更新日期): two processes
  (`git log -1`, `git status`) per body whose 指南 sets no 更新日期, so on a platform two per such body, not one
  per build (bench/RESULTS.md: 120 git runs at 40 bodies).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

_BASE = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "--no-pager")
_COMMIT = "\x01"
_ADDED = re.compile(r"^\+索引号\s*:\s*['\"]?([^'\"\s#]+)")
_LOG_FORMAT = "%x1e%H%x1f%cI%x1f%B%x1f"
_INDEX_LINE = re.compile(r"^([-+])索引号\s*:\s*(.*?)\s*$")
_DELETED = re.compile(r"^-\s*索引号\s*:\s*['\"]?([^'\"\s#]+)", re.MULTILINE)

Status = Literal["git", "shallow", "not-a-repo", "no-git", "git-error"]


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


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the history: its committer date (committer's local date) and its full message."""

    date: dt.date
    message: str


@dataclass(frozen=True, slots=True)
class Event:
    """One commit touching one file: git status letter (A/M/D/R/T) and the blob before and after."""

    commit: int
    status: str
    old_blob: str
    new_blob: str


@dataclass(slots=True)
class GitLog:
    """The whole history of the docs dir, with each event filed under the file's current path."""

    status: Status
    commits: list[Commit] = field(default_factory=list)
    events: dict[str, list[Event]] = field(default_factory=dict)  # src_uri -> events, newest first


def repo_status(docs_dir: Path) -> Status:
    """Is the docs dir inside a full git repository?"""
    try:
        proc = run(docs_dir, "rev-parse", "--is-shallow-repository")
    except OSError:
        return "no-git"
    if proc.returncode != 0:
        return "not-a-repo"
    return "shallow" if proc.stdout.strip() == b"true" else "git"


def read_log(docs_dir: Path) -> GitLog:
    """Walk the history of every file under `docs_dir` once (one `git log` process)."""
    status = repo_status(docs_dir)
    if status != "git":
        return GitLog(status)
    args = ("log", "-z", "--raw", "--no-abbrev", "-M", "--relative", "--no-color", "--encoding=UTF-8", f"--format={_LOG_FORMAT}")
    proc = run(docs_dir, *args, "--", ".")
    if proc.returncode != 0:
        if b"does not have any commits" in proc.stderr:
            return GitLog("git")  # a fresh repository: nothing committed yet, every item is new
        return GitLog("git-error")
    commits, events = parse_log(proc.stdout.decode("utf-8", "replace"))
    return GitLog("git", commits, events)


def parse_log(text: str) -> tuple[list[Commit], dict[str, list[Event]]]:
    """Parse `git log -z --raw --format=<_LOG_FORMAT>` output; follow renames to each file's current path.

    Walks newest to oldest. `alias` maps a path as it was at this point of history to the current path
    of the same file (None when that path then held a file that no longer exists).
    """
    commits: list[Commit] = []
    events: dict[str, list[Event]] = {}
    alias: dict[str, str | None] = {}

    def current(path: str) -> str | None:
        return alias.get(path, path)

    for chunk in text.split("\x1e"):
        if not chunk.strip("\x00\n"):
            continue
        _sha, when, rest = chunk.split("\x1f", 2)
        message, _, raw = rest.partition("\x1f")
        n = len(commits)
        commits.append(Commit(dt.datetime.fromisoformat(when.strip()).date(), message))
        tokens = raw.split("\x00")
        i = 0
        while i < len(tokens):
            meta = tokens[i].strip()
            i += 1
            if not meta.startswith(":"):
                continue
            parts = meta[1:].split()
            old_blob, new_blob, status = parts[2], parts[3], parts[4]
            letter = status[0]
            if letter in "RC":
                old_path, new_path = tokens[i], tokens[i + 1]
                i += 2
                key = current(new_path)
                if key is not None:
                    events.setdefault(key, []).append(Event(n, letter, old_blob, new_blob))
                if letter == "R":
                    alias[old_path] = key
                alias[new_path] = None
                continue
            path = tokens[i]
            i += 1
            if letter == "D":
                alias[path] = None
                continue
            key = current(path)
            if key is not None:
                events.setdefault(key, []).append(Event(n, letter, old_blob, new_blob))
            if letter == "A":
                alias[path] = None
    return commits, events


def read_blobs(docs_dir: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs with one `git cat-file --batch` process."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    proc = run(docs_dir, "cat-file", "--batch", "--buffer", stdin=("\n".join(wanted) + "\n").encode())
    out: dict[str, bytes] = {}
    data = proc.stdout
    pos = 0
    for sha in wanted:
        nl = data.find(b"\n", pos)
        if nl == -1:
            break
        header = data[pos:nl].split()
        pos = nl + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        out[sha] = data[pos : pos + size]
        pos += size + 1
    return out


@dataclass(frozen=True, slots=True)
class IndexChange:
    """One 索引号 edit seen in history: `old` became `new` in `commit` (or the working tree)."""

    old: str
    new: str
    commit: str  # short hash, or "" for uncommitted changes
    date: str
    path: str


def _unquote(value: str) -> str:
    value = value.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def parse_index_changes(text: str, commit: str = "", date: str = "") -> list[IndexChange]:
    """Read `git log -p`/`git diff` output (unified=0) into the 索引号 changes per file pair, in order."""
    out: list[IndexChange] = []
    removed: list[str] = []
    added: list[str] = []
    path = ""

    def flush() -> None:
        if len(removed) == 1 and len(added) == 1 and removed[0] != added[0]:
            out.append(IndexChange(removed[0], added[0], commit, date, path))
        removed.clear()
        added.clear()

    for line in text.splitlines():
        if line.startswith(_COMMIT):
            flush()
            commit, _, date = line[1:].partition(" ")
        elif line.startswith("diff --git "):
            flush()
        elif line.startswith("+++ "):
            path = line[4:].removeprefix("b/")
        elif line.startswith(("+索引号", "-索引号")):
            m = _INDEX_LINE.match(line)
            if m:
                (removed if m.group(1) == "-" else added).append(_unquote(m.group(2)))
    flush()
    return out


def index_changes(root: Path, docs_dir: Path, exclude: Iterable[Path] = ()) -> list[IndexChange] | None:
    """All 索引号 edits under `docs_dir` (but not under `exclude`), oldest first, then uncommitted ones; None outside git.

    ONE `git log` process (plus one `git diff HEAD` for uncommitted edits), keeping only diff lines that touch
    `索引号:` in modified or renamed files (rules.integrity: a 索引号 never changes).
    """
    try:
        spec = [os.path.relpath(docs_dir, root)]
        spec += [":(exclude)" + os.path.relpath(path, root) for path in exclude]
    except ValueError:
        return None
    # --diff-filter=ad: an added or deleted file has 索引号 lines on one side only, so it can never record a
    # change; leaving those pairs out (after rename detection) keeps a first commit of 20,000 items from
    # printing every file in full (44 MB, 1.1 s to produce and read; 0.3 s without).
    common = ["-M", "--diff-filter=ad", "--no-color", "--no-ext-diff", "--unified=0", "-G^索引号", "--", *spec]
    log = output(root, "log", "--reverse", "-p", f"--format={_COMMIT}%h %cs", *common)
    if log is None:
        return None
    changes = parse_index_changes(log)
    worktree = output(root, "diff", "HEAD", *common)
    if worktree:
        changes += parse_index_changes(worktree, "", "")
    return changes


def deleted_index_numbers(root: Path, rel_dir: str) -> set[str]:
    """索引号 written in files deleted from `rel_dir` in history (withdrawn items keep their number); empty outside git."""
    text = output(root, "log", "--diff-filter=D", "--format=", "-p", "--", rel_dir, timeout=120)
    if text is None:
        return set()
    return set(_DELETED.findall(text))


def clean_commit_date(root: Path, rels: Iterable[str]) -> str | None:
    """Committer date (YYYY-MM-DD) of the last commit touching `rels`, when none of them has uncommitted changes.

    None without git, outside a repository, when they were never committed or when one is modified.
    """
    rels = list(rels)
    committed = (output(root, "log", "-1", "--format=%cs", "--", *rels, timeout=30) or "").strip()
    dirty = output(root, "status", "--porcelain", "--", *rels, timeout=30)
    return committed if committed and dirty is not None and not dirty.strip() else None
