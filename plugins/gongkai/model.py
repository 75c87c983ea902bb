"""The content model: plain typed objects built once per build by `gongkai.loader`.

Plugins, templates and `gongkai check` consume these objects, never raw front-matter dicts.
Everything here is data; the rules that produce and validate it live in `loader` and `rules/`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .plaintext import excerpt as _excerpt_of

if TYPE_CHECKING:
    from .consultation import Consultation
    from .provenance import ItemHistory
    from .report import AnnualReport

Severity = Literal["error", "warning", "info"]

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def readable_field(field: str) -> str:
    """A key path for messages, positions counted from 1: `附件/0/文件` → 第1个附件的「文件」.

    Paths without a position (`政府信息公开指南/获取方式`) stay as they are.
    """
    segments = field.split("/")
    if not any(p.isdigit() for p in segments):
        return field
    parts: list[tuple[int | None, str]] = []
    for part in segments:
        if part.isdigit():
            name = parts.pop()[1] if parts else "项"
            parts.append((int(part) + 1, name))
        else:
            parts.append((None, part))
    shown = [f"第{n}个{name}" if n else name for n, name in parts[:-1]]
    n, name = parts[-1]
    shown.append(f"第{n}个「{name}」" if n else f"「{name}」")
    return "的".join(shown)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the content, reported as `path:line: 错误[RULE] 说明（字段：…；应为：…）`."""

    file: str
    line: int
    rule: str
    severity: Severity
    message: str
    field: str = ""
    expected: str = ""

    def format(self) -> str:
        extra = []
        if self.field:
            # 年报 cells name their row and column in the message; their paths index columns, not list items
            shown = self.field if self.file.startswith("content/年报/") else readable_field(self.field)
            extra.append(f"字段：{shown}")
        if self.expected:
            extra.append(f"应为：{self.expected}")
        tail = f"（{'；'.join(extra)}）" if extra else ""
        label = SEVERITY_LABEL[self.severity]
        return f"{self.file}:{self.line}: {label}[{self.rule}] {self.message}{tail}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
        }


@dataclass(frozen=True, slots=True)
class Matter:
    """A 主动公开 事项 with the eight standard elements (长安区 seed) and our update cycle."""

    name: str
    content: str
    basis: str
    time_limit: str
    subject: str
    manner: str
    channels: tuple[str, ...]
    audience: str
    cycle: UpdateCycle


@dataclass(frozen=True, slots=True)
class UpdateCycle:
    """How often a 事项 is expected to get a new item.

    `kind` is "days" (fresh when the newest item is at most `days` old), "annual" (a new item each year
    by month/day of the following year), or "on_demand" (presence only).
    """

    text: str
    kind: Literal["days", "annual", "on_demand"]
    days: int = 0
    month: int = 0
    day: int = 0


@dataclass(eq=False, slots=True)
class Column:
    """A column (栏目) of the 专栏 tree, from `catalog_schema/catalog.yml`."""

    name: str
    slug: str
    kind: str  # 指南 / 制度 / 条目 / 分组 / 年报 / 解读
    basis: str
    matter: Matter | None
    parent: Column | None = None
    children: list[Column] = field(default_factory=list)
    lifecycle: bool = False
    needs_interpretation: bool = False
    inspection: str = "常规"  # 19号 category: 动态 / 政策 / 常规
    levels: tuple[str, ...] = ()

    @property
    def accepts_items(self) -> bool:
        return not self.children and self.kind in ("条目", "解读", "年报")

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def ancestors(self) -> list[Column]:
        chain: list[Column] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def walk(self) -> list[Column]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def __repr__(self) -> str:
        return f"Column({self.name!r}, slug={self.slug!r})"


@dataclass(slots=True)
class Catalog:
    """The standard catalog: the four 一级 columns and everything under them."""

    roots: list[Column]
    by_name: dict[str, Column]
    by_slug: dict[str, Column]
    source: str
    disabled_candidates: tuple[str, ...] = ()  # sub-column names body.yml's 停用栏目 may name

    @property
    def columns(self) -> list[Column]:
        out: list[Column] = []
        for root in self.roots:
            out.extend(root.walk())
        return out

    @property
    def item_columns(self) -> list[Column]:
        return [c for c in self.columns if c.accepts_items]


@dataclass(frozen=True, slots=True)
class Office:
    """The 政府信息公开工作机构 and its contact facts (条例 Art. 12)."""

    name: str
    address: str
    hours: str
    phone: str
    fax: str
    email: str
    website: str
    postcode: str


@dataclass(slots=True)
class Body:
    """The publishing body, from `site_config/body.yml`."""

    name: str
    short_name: str
    level: str
    code: str  # 统一社会信用代码
    serial_format: str  # 索引号 后段码, e.g. "YYYY-NNNNN", "YYYYMM-NNNNN", "YYYY-NNNNNNN"
    office: Office
    raw: dict[str, object]
    index_prefix: str = ""  # 索引号 前段码 when it is not the 统一社会信用代码 (a 9-character 组织机构代码, or e.g. shg58)

    @property
    def prefix(self) -> str:
        """The 索引号 前段码: `索引号前段码` from body.yml, else the 统一社会信用代码 (指引2008; DOMAIN §2.2)."""
        return self.index_prefix or self.code


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


VALID_STATES = ("有效", "已修改", "已失效", "已废止", "尚未生效")
ENDED_STATES = ("已修改", "已失效", "已废止")
LAPSED_REASON = "有效期届满"


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


@dataclass(eq=False, slots=True)
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
    disclosure: str = "主动公开"
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
    body_head: str = ""  # the body's first plaintext.EXCERPT_SOURCE_CHARS characters: all `excerpt` reads
    _excerpt: str | None = field(default=None, init=False, repr=False)

    @property
    def excerpt(self) -> str:
        """The opening of the body as plain text (where 内容概述 is absent), computed on first use."""
        if self._excerpt is None:
            self._excerpt = _excerpt_of(self.body_head)
        return self._excerpt

    @property
    def serial(self) -> str:
        """The 后段码 of the 索引号 (after the slash): the stable part of the item's URL."""
        return self.index_no.rsplit("/", 1)[-1]

    @property
    def url(self) -> str:
        return f"{self.column.slug}/{self.serial}/"

    @property
    def dest_uri(self) -> str:
        return f"{self.column.slug}/{self.serial}/index.html"

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def public(self) -> bool:
        """Only 主动公开 (and the public part of 部分公开) items are published on the site."""
        return self.disclosure in ("主动公开", "部分公开")

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


_INDEX_LINE = re.compile(r"^\s*索引号\s*[:：]\s*['\"]?([^'\"\s#]+)", re.MULTILINE)


@dataclass(slots=True)
class Model:
    """Everything a build needs, with the indexes pages use (built once, O(N log N))."""

    root: str
    catalog: Catalog
    body: Body
    items: list[Item]
    findings: list[Finding]
    by_src_uri: dict[str, Item] = field(default_factory=dict)
    by_index_no: dict[str, Item] = field(default_factory=dict)
    by_column: dict[str, list[Item]] = field(default_factory=dict)
    successors_of: dict[str, list[Item]] = field(default_factory=dict)
    interpretations_of: dict[str, list[Item]] = field(default_factory=dict)
    feedback_of: dict[str, list[Item]] = field(default_factory=dict)  # 征集 索引号 -> its 反馈 items
    today: dt.date = field(default_factory=dt.date.today)  # the date the build/check treats as today
    docs_dir: str = ""  # absolute content/ folder (where non-item data such as 年报 files live)
    reports: list[AnnualReport] = field(default_factory=list)  # 年报 data files (gongkai.report), loaded by its model rule
    history: dict[str, ItemHistory] = field(default_factory=dict)  # 更新记录 by src_uri (gongkai.provenance), filled by its plugin
    build_findings: int = -1  # how many of `findings` the build reports too (the rest: check-only rules); -1: all
    unloaded_numbers: dict[str, str] | None = None  # cache of unloaded()

    @property
    def build_warnings(self) -> list[Finding]:
        """Warnings the build logs as well: under `mkdocs build --strict` (make site) each one stops the build."""
        shared = self.findings if self.build_findings < 0 else self.findings[: self.build_findings]
        return [f for f in shared if f.severity == "warning"]

    def unloaded(self) -> dict[str, str]:
        """索引号 written in item files that have errors of their own (so they are not in the model) → the file.

        A reference to such a number is not reported as "不存在": the file exists, and its own error says what to
        fix. Reads only the files with errors (few), once per model.
        """
        if self.unloaded_numbers is None:
            found: dict[str, str] = {}
            for file in sorted({f.file for f in self.findings if f.severity == "error" and f.file.endswith(".md")}):
                try:
                    with open(os.path.join(self.root, file), encoding="utf-8", errors="replace") as fh:
                        head = fh.read(8192)
                except OSError:
                    continue
                for number in _INDEX_LINE.findall(head):
                    found.setdefault(number, file)
            self.unloaded_numbers = found
        return self.unloaded_numbers

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def public_items(self) -> list[Item]:
        return [i for i in self.items if i.public]

    def column_items(self, column: Column) -> list[Item]:
        """Public items of a column and its descendants, newest first."""
        if not column.children:
            return self.by_column.get(column.slug, [])
        merged: list[Item] = []
        for c in column.walk():
            if not c.children:
                merged.extend(self.by_column.get(c.slug, []))
        merged.sort(key=lambda i: i.sort_key)
        return merged


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
