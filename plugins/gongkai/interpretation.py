"""政策解读: links between a 解读 and the documents it interprets, and the rules around them.

Owns (DOMAIN §7):
- what an item page shows about 解读 (`InterpretationView`): on a document, its 政策解读 list; on a 解读,
  the original's title, 发文字号 and link, the 解读机关/解读人, the form, and the form's media
  (图解 images, 音视频 players with captions and a transcript);
- the rules: a 解读 must name existing, published documents (build, `jd-target-*`); 三同步 — a document in
  a column marked `需要解读: true` without any 解读 (`jd-missing`, check only); a 解读 published more than
  N working days after its document (`jd-late`, check only; N = `解读时限工作日` in site_config/body.yml,
  default 3; working days from `gongkai.workdays`, a year with no holiday data → `calendar-gap`).

Knows nothing of MkDocs; `mkdocs_plugins/interpretation.py` adapts it to page events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Attachment, Finding, Item, Model
from .plaintext import excerpt
from .workdays import CalendarGap, WorkCalendar, load_calendar

if TYPE_CHECKING:
    from .model import Body

FORMS = ("文字解读", "图解", "音视频", "问答")
"""解读形式 (seeds 003, 004: 文字解读、图表图解、音频视频、简明问答); item.schema.json holds the same list."""

DEFAULT_TIME_LIMIT = 3
"""Working days between a document and its 解读 (seed 000 item 19; seed 001). A local rule: body.yml overrides it."""

TIME_LIMIT_KEY = "解读时限工作日"

AUDIO = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".aac": "audio/aac", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav"}
VIDEO = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg"}
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
CAPTIONS = (".vtt",)
TRANSCRIPT_EXTS = (".txt", ".pdf", ".doc", ".docx", ".wps", ".odt", ".ofd")
TRANSCRIPT_WORDS = ("文字稿", "文字实录", "实录", "文稿", "字幕")


def time_limit(body: Body | None) -> int:
    """N, the working days a 解读 may follow its document (site_config/body.yml → 解读时限工作日)."""
    value = body.interpretation_days if body is not None else None
    return value if value is not None else DEFAULT_TIME_LIMIT


def is_interpretation(item: Item) -> bool:
    return item.column.kind == "解读"


# ---------------------------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class Media:
    """A local audio or video attachment, with the MIME type for `<source type>`."""

    attachment: Attachment
    mime: str


@dataclass(slots=True)
class InterpretationView:
    """What the item page shows about 解读; built per page in O(k) from the model's indexes."""

    item: Item
    is_interpretation: bool
    form: str = ""
    org: str = ""
    person: str = ""
    documents: list[Item] = field(default_factory=list)  # a 解读: the originals it interprets
    interpretations: list[Item] = field(default_factory=list)  # a document: its public 解读, oldest first
    images: list[Attachment] = field(default_factory=list)
    audios: list[Media] = field(default_factory=list)
    videos: list[Media] = field(default_factory=list)
    captions: Attachment | None = None
    transcript: Attachment | None = None
    questions: Sequence[tuple[str, str]] = field(default_factory=list)  # 问答: (question as Markup, anchor URL), set by the plugin

    @property
    def has_media(self) -> bool:
        return bool(self.audios or self.videos)

    @property
    def empty(self) -> bool:
        return not self.is_interpretation and not self.interpretations


def published_documents(item: Item, model: Model) -> list[Item]:
    """The published documents a 解读 interprets, in the order its 解读对象 names them."""
    return [d for n in item.interprets if (d := model.by_index_no.get(n)) is not None and d.public]


def view_for(item: Item, model: Model) -> InterpretationView:
    """The 解读 facts for one item page (a document or a 解读)."""
    if not is_interpretation(item):
        return InterpretationView(item, False, interpretations=list(model.interpretations_of.get(item.index_no, ())))
    view = InterpretationView(
        item,
        True,
        form=item.interpretation_form or FORMS[0],
        org=item.interpreter_org,
        person=item.interpreter_person,
        documents=published_documents(item, model),
    )
    for a in item.attachments:
        if a.ext in AUDIO:
            view.audios.append(Media(a, AUDIO[a.ext]))
        elif a.ext in VIDEO:
            view.videos.append(Media(a, VIDEO[a.ext]))
        elif a.ext in IMAGES:
            view.images.append(a)
        elif a.ext in CAPTIONS and view.captions is None:
            view.captions = a
        elif view.transcript is None and _is_transcript(a):
            view.transcript = a
    if view.transcript is None and view.captions is not None:
        view.transcript = view.captions
    return view


def _is_transcript(a: Attachment) -> bool:
    return a.ext in TRANSCRIPT_EXTS and any(word in a.name or word in a.src_uri for word in TRANSCRIPT_WORDS)


# ---------------------------------------------------------------------------------------------- rules


def interpretation_links(model: Model, today: dt.date) -> Iterator[Finding]:
    """Every build: a 解读 names existing, published documents by 索引号, and its form."""
    for item in model.items:
        if not is_interpretation(item):
            if item.interprets:
                yield Finding(
                    item.file,
                    item.line_of("解读对象"),
                    "jd-wrong-column",
                    "error",
                    f"只有政策解读才写解读对象，本条信息的栏目是「{item.column.name}」",
                    field="解读对象",
                    expected="把栏目改为 政策解读，或删除 解读对象",
                )
            continue
        if not item.interprets:
            yield Finding(
                item.file,
                item.line_of("栏目"),
                "jd-target-missing",
                "error",
                "政策解读没有写明解读的是哪份文件",
                field="解读对象",
                expected="解读对象:\n  - 被解读文件的索引号（如 统一社会信用代码/2025-00012）",
            )
        if not item.interpretation_form:
            yield Finding(
                item.file,
                item.line_of("栏目"),
                "jd-form-missing",
                "error",
                "政策解读没有写解读形式",
                field="解读形式",
                expected="、".join(FORMS) + " 之一",
            )
        for n, target in enumerate(item.interprets):
            doc = model.by_index_no.get(target)
            line = item.line_of(f"解读对象/{n}")
            if doc is None and target in model.unloaded:
                continue  # the target's file exists but has its own error, reported there
            if doc is None:
                yield Finding(
                    item.file,
                    line,
                    "jd-target-unknown",
                    "error",
                    f"解读对象「{target}」不存在：没有这个索引号的信息",
                    field="解读对象",
                    expected="被解读文件的索引号（先发布文件，再发布解读）",
                )
            elif doc is item or is_interpretation(doc):
                message = f"解读对象「{target}」本身是一篇解读"
                yield Finding(item.file, line, "jd-target-invalid", "error", message, field="解读对象", expected="原文件的索引号")
            elif item.public and not doc.public:
                yield Finding(
                    item.file,
                    line,
                    "jd-target-not-public",
                    "error",
                    f"解读对象「{target}」是{doc.disclosure}信息，网站上没有原文可链接",
                    field="解读对象",
                    expected="主动公开文件的索引号；或把本解读也设为不公开",
                )


class _Gaps:
    """Turns `CalendarGap` into one `calendar-gap` warning per file and year."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, int]] = set()

    def finding(self, item: Item, key: str, gap: CalendarGap) -> Iterator[Finding]:
        if (item.file, gap.year) in self.seen:
            return
        self.seen.add((item.file, gap.year))
        yield Finding(item.file, item.line_of(key), "calendar-gap", "warning", f"无法计算工作日：{gap}", field=key, expected=gap.hint)


def interpretation_missing(model: Model, today: dt.date) -> Iterator[Finding]:
    """三同步: a current document in a column marked 需要解读 has at least one published 解读.

    While the document is still inside its N working days the finding is only a reminder (info).
    """
    limit = time_limit(model.body)
    cal: WorkCalendar | None = None
    gaps = _Gaps()
    for item in model.items:
        if not (item.column.needs_interpretation and item.public and item.current):
            continue
        if model.interpretations_of.get(item.index_no):
            continue
        cal = cal or load_calendar(Path(model.root))
        try:
            elapsed = cal.workdays_between(item.published, today)
            due = cal.add_workdays(item.published, limit)
        except CalendarGap as gap:
            yield from gaps.finding(item, "发布日期", gap)
            elapsed, due = -1, None
        base = f"「{item.column.name}」栏目的文件应同步发布政策解读（三同步：同步起草、同步审签、同步发布），本文件还没有解读"
        expected = f"在政策解读栏目发布解读，解读对象写 {item.index_no}"
        if due is not None and elapsed <= limit:
            message = f"{base}；时限为发布后 {limit} 个工作日，即 {due.isoformat()}"
            yield Finding(item.file, item.line_of("栏目"), "jd-missing", "info", message, field="栏目", expected=expected)
            continue
        told = f"；文件已发布 {elapsed} 个工作日，超过 {limit} 个工作日的时限" if elapsed >= 0 else ""
        yield Finding(item.file, item.line_of("栏目"), "jd-missing", "warning", base + told, field="栏目", expected=expected)


def interpretation_late(model: Model, today: dt.date) -> Iterator[Finding]:
    """A 解读 is published within N working days after each document it interprets (调休 counted)."""
    limit = time_limit(model.body)
    cal: WorkCalendar | None = None
    gaps = _Gaps()
    for item in model.items:
        if not (is_interpretation(item) and item.public):
            continue
        for target in item.interprets:
            doc = model.by_index_no.get(target)
            if doc is None or doc is item or is_interpretation(doc) or item.published <= doc.published:
                continue
            cal = cal or load_calendar(Path(model.root))
            try:
                days = cal.workdays_between(doc.published, item.published)
                due = cal.add_workdays(doc.published, limit)
            except CalendarGap as gap:
                yield from gaps.finding(item, "发布日期", gap)
                continue
            if days > limit:
                yield Finding(
                    item.file,
                    item.line_of("发布日期"),
                    "jd-late",
                    "warning",
                    f"政策解读在文件发布后第 {days} 个工作日才发布，超过 {limit} 个工作日的时限"
                    f"（文件《{doc.title}》{doc.published.isoformat()} 发布，解读 {item.published.isoformat()} 发布）",
                    field="发布日期",
                    expected=f"不晚于 {due.isoformat()}（文件发布后第 {limit} 个工作日，已按国务院放假安排计入调休）",
                )


def interpretation_details(model: Model, today: dt.date) -> Iterator[Finding]:
    """谁起草谁解读: the 解读机关 is named; 音视频 has a text alternative (WCAG 2.1 1.2.1 / 1.2.2)."""
    for item in model.items:
        if not (is_interpretation(item) and item.public):
            continue
        if not item.interpreter_org:
            yield Finding(
                item.file,
                item.line_of("栏目"),
                "jd-org-missing",
                "warning",
                "政策解读没有写解读机关（谁起草谁解读）",
                field="解读机关",
                expected="解读机关: 起草文件的部门",
            )
        if item.interpretation_form == "音视频":
            view = view_for(item, model)
            if view.has_media and view.transcript is None and not excerpt(item.body_head):
                yield Finding(
                    item.file,
                    item.line_of("附件"),
                    "jd-transcript-missing",
                    "warning",
                    "音视频解读没有文字稿：听障读者和检索都需要文字版本",
                    field="附件",
                    expected="正文写出文字稿，或附上名称含“文字稿”的 .txt/.pdf/.docx 文件，或 .vtt 字幕",
                )
