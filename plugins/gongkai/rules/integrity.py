"""Integrity rules across items (check only): 索引号 history, internal links, Art. 26 publication limit.

Owns:
- `index-changed` (error): a 索引号 is immutable (指引2008; DOMAIN §2.2). The whole git history of the
  item files is read by `source.gitlog.index_changes` in ONE `git log` process (plus one `git diff HEAD`
  for uncommitted edits), per body over its own folder (the 本级政府's without the other bodies');
  a file pair whose 索引号 line went from A to B records A → B.
  An item whose current 索引号 descends from a different first value is reported with the commit.
  Not a git work tree, or no git: the rule is silent (nothing to compare with).
- `link-broken` (error): a relative link with a file extension (`x.md`, `附件.pdf`, `图.png`) that does
  not resolve to a file under `content/`, or to an item that is not published; a link to an item URL
  (`<栏目路径>/<后段码>/`) that no published item has. Attachment paths in 附件 are checked by the loader.
- `publish-late` (warning): 发布日期 later than the start date + 20 working days (条例第二十六条). The start
  date is 形成日期 where given, else 成文日期 (a document's 成文日期 is its 生成日期, 指引2008); both the
  order and the number of working days are data in `catalog_schema/inspection.yml` (公开时限).
  Working days come from `gongkai.workdays` (调休 included); a year the calendar does not cover is
  reported once instead of guessed.
Duplicate 索引号 (`index-duplicate`) is found while indexing, in `gongkai.loader.index`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from ..checks import links
from ..model import Finding, Item, Model, cn_date
from ..source import gitlog
from ..workdays import HOLIDAYS_FILE, CalendarGap, load_calendar


def changed_indexes(changes: list[gitlog.IndexChange]) -> dict[str, tuple[str, gitlog.IndexChange]]:
    """Map each 索引号 reached by edits to (its first value, the last edit that produced it)."""
    first: dict[str, tuple[str, gitlog.IndexChange]] = {}
    for ch in changes:
        origin = first[ch.old][0] if ch.old in first else ch.old
        first[ch.new] = (origin, ch)
    return first


def index_immutable(model: Model, today: dt.date) -> list[Finding]:
    if not model.items:
        return []
    root = Path(model.root)
    docs = Path(model.docs_dir) if model.docs_dir else root / "content"
    changes = gitlog.index_changes(root, docs, [docs / folder for folder in model.nested])  # its own files only
    if not changes:
        return []
    first = changed_indexes(changes)
    out = []
    for item in model.items:
        entry = first.get(item.index_no)
        if entry is None or entry[0] == item.index_no:
            continue
        origin, ch = entry
        where = f"提交 {ch.commit}（{ch.date}）" if ch.commit else "尚未提交的修改"
        out.append(
            Finding(
                item.file,
                item.line_of("索引号"),
                "index-changed",
                "error",
                f"索引号由「{origin}」改成了「{item.index_no}」（{where}）；索引号发布后不得更改",
                field="索引号",
                expected=f"改回「{origin}」；确需新编号的，应作为新信息发布并保留原信息",
            )
        )
    return out


def internal_links(model: Model, today: dt.date) -> list[Finding]:
    docs = Path(model.docs_dir) if model.docs_dir else Path(model.root) / "content"
    serials: dict[str, Item] = {f"{i.column.slug}/{i.serial}": i for i in model.items if i.public}
    exists: dict[str, bool] = {}
    out = []
    for item in model.items:
        if not item.public:
            continue
        for target, line in item.links:
            if links.is_external(target) or links.is_ignored(target):
                continue
            path = links.path_of(target)
            if not path:
                continue
            problem = ""
            ext = posixpath.splitext(path.rstrip("/"))[1]
            if path.startswith("/") or not ext:
                base = "" if path.startswith("/") else item.url.rstrip("/")  # the browser resolves against the page URL
                site_path = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
                parts = [p for p in site_path.split("/") if p]
                if len(parts) == 2 and parts[0] in model.catalog.by_slug and re.fullmatch(r"\d{4,6}-\d{3,8}", parts[1]):
                    if f"{parts[0]}/{parts[1]}" not in serials:
                        problem = f"链接「{target}」指向的信息（{site_path}/）不存在或未公开"
            else:
                rel = posixpath.normpath(posixpath.join(posixpath.dirname(item.src_uri), path))
                if rel.startswith("../"):
                    problem = f"链接「{target}」指向 content/ 目录以外"
                elif rel in model.by_src_uri:
                    if not model.by_src_uri[rel].public:
                        problem = f"链接「{target}」指向不公开的信息（{model.by_src_uri[rel].disclosure}）"
                else:
                    if rel not in exists:
                        exists[rel] = (docs / rel).is_file()
                    if not exists[rel]:
                        problem = f"链接「{target}」指向的文件不存在（按 content/{rel} 查找）"
            if problem:
                out.append(
                    Finding(
                        item.file,
                        line,
                        "link-broken",
                        "error",
                        problem,
                        field="正文",
                        expected="改成存在的文件或信息：相对本文件的路径（如 ../2024-00001.md、附件.pdf）",
                    )
                )
    return out


def publication_limit(model: Model, today: dt.date) -> list[Finding]:
    inspection = model.inspection  # inspection.yml problems are reported by the completeness rule
    limit = inspection.workdays
    calendar = load_calendar(Path(model.root))
    gaps: dict[int, int] = {}
    out = []
    for item in model.items:
        if not item.public:
            continue
        start, label = None, ""
        for key in inspection.start_fields:
            value = item.formed if key == "形成日期" else item.written
            if value is not None:
                start, label = value, key
                break
        if start is None or item.published <= start:
            continue
        try:
            used = calendar.workdays_between(start, item.published)
        except CalendarGap as gap:
            gaps[gap.year] = gaps.get(gap.year, 0) + 1
            continue
        if used > limit:
            deadline = calendar.add_workdays(start, limit)
            out.append(
                Finding(
                    item.file,
                    item.line_of("发布日期"),
                    "publish-late",
                    inspection.workdays_severity,
                    f"发布日期 {cn_date(item.published)} 距{label} {cn_date(start)} 已 {used} 个工作日，"
                    f"超过{inspection.workdays_basis}规定的{limit}个工作日（应不晚于 {cn_date(deadline)}）",
                    field="发布日期",
                    expected=f"{label}起{limit}个工作日内发布；日期写错的请改正，不得倒签发布日期",
                )
            )
    for year, count in sorted(gaps.items()):
        out.append(
            Finding(
                HOLIDAYS_FILE,
                1,
                "calendar-gap",
                "warning",
                f"{year}年的节假日安排未知，{count} 条信息的公开时限（{limit}个工作日）无法检查",
                field="年度安排",
                expected=f"按国务院办公厅{year}年节假日安排通知补充 {year} 年的放假和调休上班日期",
            )
        )
    return out
