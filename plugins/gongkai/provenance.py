"""更新记录: when each item was first published and how it changed since, read from git in one pass.

Owns: reading the history of every file under the docs dir with ONE `git log --raw` walk per build
(plus at most one `git cat-file --batch` for the file versions needed to tell a real change from a
formatting-only one), the public change-note convention, and the fallback to front-matter dates when
history is unavailable (not a git repository, a shallow clone, no git installed). It knows nothing of
MkDocs; `mkdocs_plugins/provenance.py` adapts it to build events.

What a reader sees (and what never leaks):
- 首次发布 is the item's 发布日期 (the date in its info card); every later commit that changed the
  item's meaning is listed with its commit date (committer's local date). Commits on or before the
  发布日期 are part of preparing the item, not changes to a published item.
- A change that only touched formatting is not listed: the two versions are compared as parsed front
  matter (so key order, quoting and indentation do not count) plus the body with whitespace inside
  paragraphs collapsed and trailing spaces dropped. Replacing an attachment file is a change.
- Public change note, the only commit text ever shown: a line `公开说明: <text>` (ASCII or full-width
  colon) in the last paragraph of the commit message, applying to every item the commit changed;
  otherwise a new value of the front-matter key `公开说明` written in the same commit. All other
  commit text (subject, body, author) stays internal.

Its comparison cache (`load_cache` / `save_cache`, a speed-up written by earlier builds) is read and written
here: a cache, not a project input (allow-listed in tests/test_source_readers.py); history is read by `source.gitlog`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .source import frontmatter, gitlog

if TYPE_CHECKING:
    from .model import Item


NOTE_KEY = "公开说明"
CACHE_VERSION = 2  # bump when `compare` changes meaning, so old answers are not reused
_TRAILER = re.compile(r"^\s*公开说明\s*[:：]\s*(.+?)\s*$")
_NOTE_LINE = re.compile(r"^公开说明[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)

MESSAGES: dict[str, str] = {
    "shallow": (
        "仓库是浅克隆（shallow clone），读不到完整的修改历史：本次构建的更新记录只显示各信息的发布日期。"
        "请在完整克隆中构建（git fetch --unshallow；GitHub Actions 的 actions/checkout 设 fetch-depth: 0）"
    ),
    "not-a-repo": "内容目录不在 git 仓库中：更新记录只显示各信息的发布日期",
    "no-git": "找不到 git 命令：更新记录只显示各信息的发布日期",
    "git-error": "读取 git 历史失败：更新记录只显示各信息的发布日期",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One published change to an item."""

    date: dt.date
    note: str = ""  # the public change note, or "" when staff wrote none
    attachments: tuple[str, ...] = ()  # names of attachments replaced by this change


@dataclass(frozen=True, slots=True)
class ItemHistory:
    """The 更新记录 of one item. `first_published` / `last_updated` are what pages and exports show."""

    first_published: dt.date
    last_updated: dt.date
    changes: tuple[Change, ...] = ()  # oldest first
    source: Literal["git", "front-matter"] = "git"


def note_from_message(message: str) -> str:
    """The public note in a commit message: `公开说明:` lines of its last paragraph, or ""."""
    paragraphs = [p for p in re.split(r"\n\s*\n", message.strip()) if p.strip()]
    if len(paragraphs) < 2:  # a subject line alone is internal text, even if it looks like a trailer
        return ""
    notes = [m.group(1) for line in paragraphs[-1].splitlines() if (m := _TRAILER.match(line))]
    return "；".join(notes)


def _normal_body(body: str) -> str:
    paragraphs = re.split(r"\n[ \t]*\n", body.strip())
    return "\n\n".join(re.sub(r"\s+", " ", p).strip() for p in paragraphs if p.strip())


def _split(data: bytes) -> tuple[str, str] | None:
    """(front-matter YAML text, body) of a file version, or None when it has no front matter."""
    try:
        parts = frontmatter.split(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None
    return parts[:2] if parts else None


def _note(yaml_text: str) -> str:
    """The front-matter 公开说明 (a plain one-line value is read without a YAML parse)."""
    m = _NOTE_LINE.search(yaml_text)
    if m is None:
        return ""
    value = m.group(1)
    if value and value[0] not in "|>'\"&*!":
        return value.strip()
    meta = frontmatter.load_meta(yaml_text)
    return str(meta.get(NOTE_KEY, "") or "").strip() if meta else ""


def compare(old: bytes, new: bytes) -> tuple[bool, str]:
    """(is the change substantive?, the new front-matter 公开说明 if the change wrote one).

    Cheap checks first: a changed body (after whitespace normalising) is a change without parsing YAML;
    identical front-matter text is no change there; only otherwise both front matters are parsed and
    compared as data (key order, quoting and indentation do not count; nor does 公开说明 itself).
    """
    a, b = _split(old), _split(new)
    if a is None or b is None:
        return old != new, ""
    note_a, note_b = _note(a[0]), _note(b[0])
    note = note_b if note_b != note_a else ""
    if _normal_body(a[1]) != _normal_body(b[1]):
        return True, note
    if a[0] == b[0]:
        return False, ""
    meta_a, meta_b = frontmatter.load_meta(a[0]), frontmatter.load_meta(b[0])
    if meta_a is None or meta_b is None:
        return True, note
    meta_a.pop(NOTE_KEY, None)
    meta_b.pop(NOTE_KEY, None)
    return meta_a != meta_b, note


def _fallback(item: Item) -> ItemHistory:
    return ItemHistory(item.published, item.published, (), "front-matter")


def histories(
    items: Iterable[Item], log: gitlog.GitLog, docs_dir: Path, cache: dict[str, list[Any]] | None = None
) -> dict[str, ItemHistory]:
    """The 更新记录 of every item, keyed by src_uri. O(events); blobs are read in one batch.

    `cache` maps "old_blob:new_blob" to [changed, front-matter note]: a comparison of two file versions
    never changes, so a build reuses the previous builds' answers and reads only new versions.
    """
    items = list(items)
    cache = {} if cache is None else cache
    if log.status != "git":
        return {i.src_uri: _fallback(i) for i in items}
    commits = log.commits
    notes = [note_from_message(c.message) for c in commits]  # the public note of each commit
    # 1. Candidate changes: events after publication that may have changed the content.
    candidates: dict[str, list[tuple[gitlog.Event, str]]] = {}  # src_uri -> (event, attachment name or "")
    need: list[str] = []
    for item in items:
        rows: list[tuple[gitlog.Event, str]] = []
        for ev in log.events.get(item.src_uri, ()):
            if ev.status in "MRT" and ev.old_blob != ev.new_blob and commits[ev.commit].date > item.published:
                rows.append((ev, ""))
                if f"{ev.old_blob}:{ev.new_blob}" not in cache:
                    need += (ev.old_blob, ev.new_blob)
        for att in item.attachments:
            for ev in log.events.get(att.src_uri, ()):
                if ev.status in "MRT" and ev.old_blob != ev.new_blob and commits[ev.commit].date > item.published:
                    rows.append((ev, att.name))
        if rows:
            candidates[item.src_uri] = rows
    blobs = gitlog.read_blobs(docs_dir, need)
    # 2. Keep substantive changes; one entry per commit, oldest first.
    out: dict[str, ItemHistory] = {}
    for item in items:
        if item.src_uri not in log.events:
            out[item.src_uri] = _fallback(item)  # not committed yet (e.g. a draft in the work tree)
            continue
        per_commit: dict[int, tuple[str, list[str]]] = {}
        for ev, att_name in candidates.get(item.src_uri, ()):
            if att_name:
                note, names = per_commit.get(ev.commit, (notes[ev.commit], []))
                per_commit[ev.commit] = (note, [*names, att_name])
                continue
            key = f"{ev.old_blob}:{ev.new_blob}"
            if key not in cache:
                old, new = blobs.get(ev.old_blob), blobs.get(ev.new_blob)
                cache[key] = list(compare(old, new)) if old is not None and new is not None else [True, ""]
            changed, fm_note = cache[key]
            if changed:
                note, names = per_commit.get(ev.commit, ("", []))
                per_commit[ev.commit] = (notes[ev.commit] or fm_note or note, names)
        changes = tuple(
            Change(commits[n].date, note, tuple(names))
            for n, (note, names) in sorted(per_commit.items(), key=lambda kv: (commits[kv[0]].date, -kv[0]))
        )
        last = changes[-1].date if changes else item.published
        out[item.src_uri] = ItemHistory(item.published, max(last, item.published), changes, "git")
    return out


def load_cache(path: Path) -> dict[str, list[Any]]:
    """Comparisons saved by earlier builds ({} when absent or unreadable: the cache is only a speed-up)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or not isinstance(data.get("pairs"), dict):
        return {}
    pairs: dict[str, list[Any]] = data["pairs"]
    return pairs


def save_cache(path: Path, cache: dict[str, list[Any]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": CACHE_VERSION, "pairs": cache}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def collect(
    docs_dir: Path, items: Iterable[Item], cache_file: Path | None = None
) -> tuple[dict[str, ItemHistory], gitlog.Status, str]:
    """Everything the build needs: histories, how they were obtained, and the one message to log."""
    log = gitlog.read_log(docs_dir)
    cache = load_cache(cache_file) if cache_file else {}
    known = len(cache)
    result = histories(items, log, docs_dir, cache)
    if cache_file and log.status == "git" and len(cache) != known:
        save_cache(cache_file, cache)
    return result, log.status, MESSAGES.get(log.status, "")
