"""One piece of government information (`Item`) and what it carries: `Attachment`, `Validity`, `Consultation`.

Items are built by the loader from one Markdown file each and never change afterwards. Also the two
display helpers every page uses for item facts (`cn_date`, `human_size`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .catalog import Column
from .enums import ENDED_STATES, Disclosure

LAPSED_REASON = "有效期届满"
NOT_STARTED, OPEN, CLOSED = "未开始", "征集中", "已结束"  # the state of a 征集 on a given day


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to an item, stored under `content/` and copied to the site as is."""

    src_uri: str  # path relative to content/
    name: str
    size: int
    ext: str

    @property
    def kind(self) -> str:
        return self.ext.upper().lstrip(".") or "文件"

    @property
    def size_text(self) -> str:
        return human_size(self.size)


@dataclass(frozen=True, slots=True)
class Validity:
    """有效性 of a 规章 or 行政规范性文件 (DOMAIN §2.4), as stated in the file and as it stands on a given day.

    The file states a 状态 (with the 日期 it began), perhaps a 施行日期 and a 有效期 (`有效期至`, or a trial
    period `试行年限` counted from the 施行日期). `state` and `date` are computed for `asof` (the build date):
    a document past its 有效期 is 已失效 from the day after the last valid day, one whose 施行日期 is still
    ahead is 尚未生效, and an explicit 已修改/已失效/已废止 holds from its 日期. The file is never rewritten.
    """

    stated: str
    stated_date: dt.date | None = None  # when the stated 修改/失效/废止 began
    effective: dt.date | None = None  # 施行日期
    successor: str = ""  # 索引号 of the document replacing this one
    reason: str = ""
    expires: dt.date | None = None  # last day of the 有效期 (inclusive)
    term: str = ""  # how the file states the 有效期, e.g. "试行2年，至2026年2月28日"
    asof: dt.date | None = None  # the day `state` and `date` describe (the build date)

    def on(self, day: dt.date) -> tuple[str, dt.date | None]:
        """The state on `day` and the date it began (None when the state has no start date)."""
        if self.stated in ENDED_STATES and (self.stated_date is None or self.stated_date <= day):
            return self.stated, self.stated_date
        if self.expires is not None and day > self.expires:
            return "已失效", self.expires + dt.timedelta(days=1)
        if self.effective is not None and day < self.effective:
            return "尚未生效", None
        if self.stated == "尚未生效" and self.effective is None:
            return "尚未生效", None
        return "有效", None

    @property
    def state(self) -> str:
        return self.on(self.asof)[0] if self.asof is not None else self.stated

    @property
    def date(self) -> dt.date | None:
        return self.on(self.asof)[1] if self.asof is not None else self.stated_date

    @property
    def lapsed(self) -> bool:
        """已失效 because its 有效期 ran out (computed), not because the file says so."""
        return self.state == "已失效" and self.stated not in ENDED_STATES

    @property
    def explanation(self) -> str:
        """The reason shown for a 修改/失效/废止: the file's 说明, or the lapse of the 有效期."""
        if self.lapsed:
            return f"{LAPSED_REASON}（{self.term}）" if self.term else LAPSED_REASON
        return self.reason

    @property
    def current(self) -> bool:
        return self.state in ("有效", "尚未生效")


@dataclass(frozen=True, slots=True)
class Consultation:
    """The comment window of a 征集 item (both days inclusive) and the ways to send an opinion."""

    start: dt.date
    end: dt.date
    channels: tuple[tuple[str, str], ...]  # (方式, 地址)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def status(self, today: dt.date) -> str:
        if today < self.start:
            return NOT_STARTED
        return OPEN if today <= self.end else CLOSED


@dataclass(frozen=True, eq=False, slots=True, weakref_slot=True)
class Item:
    """One piece of government information: one Markdown file under `content/`."""

    src_uri: str
    file: str  # path shown in findings, relative to the project root
    title: str
    index_no: str
    column: Column
    issuers: tuple[str, ...]
    published: dt.date
    written: dt.date | None = None
    formed: dt.date | None = None
    doc_no: str = ""
    topic: str = ""
    keywords: tuple[str, ...] = ()
    summary: str = ""
    disclosure: str = Disclosure.ACTIVE
    withheld_reason: str = ""
    validity: Validity | None = None
    registration: str = ""  # 登记编号 (the province's 统一登记、统一编号), e.g. HFGS—2017—9
    consultation: Consultation | None = None  # 意见征集: window and channels (gongkai.consultation)
    feedback_for: str = ""  # 反馈对象: the 索引号 of the 征集 this item answers
    attachments: tuple[Attachment, ...] = ()
    interprets: tuple[str, ...] = ()
    interpretation_form: str = ""
    interpreter_org: str = ""  # 解读机关 (谁起草谁解读)
    interpreter_person: str = ""  # 解读人
    standard_matter: str = ""  # 标准事项 "<领域>/<二级事项>" (gongkai.standard_catalog)
    land_location: dict[str, Any] | None = None  # 征地位置 {乡镇, 村, 几何 (GeoJSON)} (gongkai.land_map)
    privacy_allow: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, int], ...] = ()  # (target, line) of each link in the body (gongkai.checks.links)
    lines: dict[str, int] = field(default_factory=dict)
    body_head: str = ""  # the body's first plaintext.EXCERPT_SOURCE_CHARS characters: all its excerpt reads (gongkai.views.summary)

    @property
    def serial(self) -> str:
        """The 后段码 of the 索引号 (after the slash): the stable part of the item's URL."""
        return self.index_no.rsplit("/", 1)[-1]

    @property
    def url(self) -> str:
        return f"{self.column.url}{self.serial}/"

    @property
    def dest_uri(self) -> str:
        return f"{self.column.url}{self.serial}/index.html"

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def public(self) -> bool:
        """Only 主动公开 (and the public part of 部分公开) items are published on the site."""
        return self.disclosure in (Disclosure.ACTIVE, Disclosure.PARTIAL)

    @property
    def current(self) -> bool:
        return self.validity is None or self.validity.current

    @property
    def issuer_text(self) -> str:
        return "、".join(self.issuers)

    @property
    def sort_key(self) -> tuple[int, str]:
        """Newest first; equal dates ordered by 索引号 so listings are stable."""
        return (-self.published.toordinal(), self.index_no)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def __repr__(self) -> str:
        return f"Item({self.index_no!r}, {self.title!r})"


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def cn_date(value: dt.date | None) -> str:
    """GB/T 9704 style: Arabic numerals, full year, no zero padding (2024年3月5日)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
