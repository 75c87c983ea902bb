"""The 基层政务公开事项标准目录 as data: `StandardCatalog` of `Domain` tables, their `MatterGroup` and `StandardMatter` rows.

Read once per build by `gongkai.standard_catalog.load` (from `catalog_schema/domains/*.yml`) while the loader builds
the platform; each body's adopted copy (`gongkai.standard_catalog.adopt`: its domains and 事项 renumbered, its URL
prefix, each row's public items and `Freshness`) is a new set of frozen objects on `Model.standard`. Nothing
changes them afterwards. A row and its domain point at each other: `link_groups` ties them once, while a domain is
built, before anything else sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .items import Item

INDEX_URL = "bzml/"
AUDIENCES = ("全社会", "特定群体")
MANNERS = ("主动", "依申请")
LEVELS = ("县级", "乡级")
"""The √ columns of the national table, in order (DOMAIN.md §6); a domain may configure other 公开层级 columns."""
PENDING = "待补充"
MARKS = {"●": "必要", "〇": "可选"}
"""Element markers of the later guides: ● must be published, 〇 may be."""


@dataclass(frozen=True, slots=True)
class Element:
    """One 公开内容（要素） as published, with its ●/〇 marker split off (none when the source had none)."""

    text: str
    mark: str = ""

    @classmethod
    def parse(cls, raw: str) -> Element:
        if raw[:1] in MARKS and len(raw) > 1:
            return cls(raw[1:].strip(), raw[:1])
        return cls(raw.strip())

    @property
    def mark_label(self) -> str:
        return MARKS.get(self.mark, "")


@dataclass(frozen=True, slots=True)
class Source:
    """The published catalog a row was copied from."""

    url: str
    read: str  # date read, YYYY-MM-DD
    page: str = ""
    page_date: str = ""


@dataclass(frozen=True, slots=True)
class FreshnessRules:
    """`catalog_schema/standard_freshness.yml`: the thresholds `gongkai.standard_freshness` measures rows against."""

    source: str
    min_count: int
    max_age: int  # days
    max_gap: int  # days
    by_column: Mapping[str, int] = field(default_factory=dict)

    def limit_for(self, column: str | None) -> int | None:
        return self.by_column.get(column) if column else None


@dataclass(frozen=True, slots=True)
class Freshness:
    """One 事项's figures against the freshness rules (`gongkai.standard_freshness`), and the problems in words."""

    count: int
    latest: dt.date | None
    age: int | None  # days since the newest item
    gap: int  # the longest gap between consecutive items, in days
    gap_from: dt.date | None
    gap_to: dt.date | None
    max_age: int
    max_gap: int
    problems: tuple[str, ...]


@dataclass(frozen=True, eq=False, slots=True)
class StandardMatter:
    """One 二级事项 row of a domain's table, and the public items filed under it (newest first)."""

    domain: Domain
    number: int  # 序号 within the domain (also its URL segment)
    group: str  # 一级事项
    name: str  # 二级事项
    elements: tuple[Element, ...]
    basis: str
    time_limit: str
    subject: str
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    manners: tuple[str, ...]
    levels: tuple[str, ...]
    third: str = ""  # 三级事项, where the source table has that column
    source: Source | None = None  # None: 待补充 (no published source found)
    pending_marked: bool = False  # the row says 状态: 待补充
    line: int = 1  # the line of the row's 名称 in its domain file (findings point at it)
    items: tuple[Item, ...] = ()  # the body's public items filed under the row, newest first (adopted rows only)
    freshness: Freshness | None = None  # against the body's freshness rules (adopted rows only)

    @property
    def pending(self) -> bool:
        return self.source is None

    @property
    def key(self) -> str:
        """The value an item writes in `标准事项`."""
        return f"{self.domain.name}/{self.name}"

    @property
    def url(self) -> str:
        return f"{self.domain.url}{self.number}/"

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def latest(self) -> dt.date | None:
        return self.items[0].published if self.items else None

    def channel_marks(self, vocabulary: Sequence[str]) -> list[tuple[str, bool]]:
        """The 公开渠道和载体 checklist: every channel of the vocabulary, used (■) or not (□)."""
        used = set(self.channels)
        return [(c, c in used) for c in vocabulary]

    @property
    def audience_marks(self) -> list[bool]:
        return [a in self.audiences for a in AUDIENCES]

    @property
    def manner_marks(self) -> list[bool]:
        return [m in self.manners for m in MANNERS]

    @property
    def level_marks(self) -> list[bool]:
        return [v in self.levels for v in self.domain.levels]


@dataclass(frozen=True, eq=False, slots=True)
class MatterGroup:
    """An 一级事项 and its 二级事项 rows (one `<tbody>`; its name cell spans the rows)."""

    name: str
    matters: tuple[StandardMatter, ...] = ()


@dataclass(frozen=True, eq=False, slots=True)
class Domain:
    """One domain's standard catalog (e.g. 义务教育), from one data file."""

    name: str
    slug: str
    source: str  # the guide's title
    note: str
    file: str
    status: str = ""  # 待补充: no published catalog found for the whole domain
    levels: tuple[str, ...] = LEVELS
    extra_channels: tuple[str, ...] = ()
    at_least_one: bool = False
    channels: tuple[str, ...] = ()  # the ■/□ checklist: the shared vocabulary, then extra_channels
    groups: tuple[MatterGroup, ...] = ()
    prefix: str = ""  # the URL prefix of the platform body whose catalog this is ("" for the 本级政府)

    @property
    def pending(self) -> bool:
        return self.status == PENDING

    @property
    def has_third(self) -> bool:
        return any(m.third for m in self.matters)

    @property
    def sourced_count(self) -> int:
        return sum(1 for m in self.matters if not m.pending)

    @property
    def pending_count(self) -> int:
        return sum(1 for m in self.matters if m.pending)

    @property
    def sources(self) -> list[Source]:
        """The distinct published catalogs the rows come from, in first-use order."""
        seen: dict[str, Source] = {}
        for m in self.matters:
            if m.source is not None:
                seen.setdefault(m.source.url, m.source)
        return list(seen.values())

    @property
    def url(self) -> str:
        return f"{self.prefix}{INDEX_URL}{self.slug}/"

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    @property
    def matters(self) -> list[StandardMatter]:
        return [m for g in self.groups for m in g.matters]

    @property
    def count(self) -> int:
        return sum(m.count for m in self.matters)

    @property
    def latest(self) -> dt.date | None:
        return max((m.latest for m in self.matters if m.latest), default=None)


def link_groups(domain: Domain, groups: tuple[MatterGroup, ...]) -> None:
    """Give a domain its rows: the builder's one step after the rows (each naming the domain) exist."""
    object.__setattr__(domain, "groups", groups)


@dataclass(frozen=True, slots=True)
class StandardCatalog:
    """All domains, the channel vocabulary and the lookup `领域/二级事项` → row; for a body, also what it adopts."""

    domains: tuple[Domain, ...]
    channels: tuple[str, ...]
    by_key: Mapping[str, StandardMatter]
    findings: tuple[Finding, ...]
    selected: tuple[Domain, ...] = ()  # the body's adopted domains (pages are built for these)
    excluded: tuple[Any, ...] = ()  # gongkai.standard_selection.Excluded: the 未涉及 page
    active: Mapping[str, StandardMatter] = field(default_factory=dict)  # 领域/二级事项 → row, adopted rows only
    adopted: frozenset[str] = frozenset()  # the names of the domains the body adopts (`gongkai check`'s summary)
    selection_findings: tuple[Finding, ...] = ()  # what reading body.yml's 标准目录 section found

    audiences = AUDIENCES
    manners = MANNERS
    levels = LEVELS
