"""The 基层政务公开事项标准目录 (国办发〔2019〕54号): one table per domain, and which items fill each 事项.

It owns: loading `catalog_schema/domains/*.yml` (one domain per file, validated against
`catalog_schema/domain.schema.json`, whose 渠道 vocabulary is the ■/□ checklist's column order), the table
rows (一级事项 groups of 二级事项, √ marks for 公开对象 / 公开方式 / 公开层级), resolving an item's
`标准事项: 领域/二级事项` (unknown → an error listing the choices), and the index 事项 → items, built once
per build. Seed 004 warns against catalog and items being "两张皮": each row shows its count and latest date.
It knows nothing of MkDocs; `gongkai.mkdocs_plugins.guide` renders it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .catalog import _line_index, read_yaml
from .directory import Pager
from .model import Finding, Item, Model
from .rules import model_rule

DOMAINS_DIR = "catalog_schema/domains"
DOMAIN_SCHEMA = "catalog_schema/domain.schema.json"
INDEX_URL = "bzml/"
PAGE_SIZE = 20

AUDIENCES = ("全社会", "特定群体")
MANNERS = ("主动", "依申请")
LEVELS = ("县级", "乡级")
"""The √ columns of the national table, in order (DOMAIN.md §6)."""


@dataclass(eq=False, slots=True)
class StandardMatter:
    """One 二级事项 row of a domain's table, and the public items filed under it (newest first)."""

    domain: Domain
    number: int  # 序号 within the domain (also its URL segment)
    group: str  # 一级事项
    name: str  # 二级事项
    elements: tuple[str, ...]
    basis: str
    time_limit: str
    subject: str
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    manners: tuple[str, ...]
    levels: tuple[str, ...]
    items: list[Item] = field(default_factory=list)

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
        return [v in self.levels for v in LEVELS]

    def pages(self, page_size: int = PAGE_SIZE) -> list[MatterPage]:
        total = max(1, -(-len(self.items) // page_size))
        return [MatterPage(self, n, total, page_size) for n in range(1, total + 1)]


@dataclass(frozen=True, slots=True)
class MatterPage:
    """One page of a 事项's item list: its slice and its pager; O(page size) to render."""

    matter: StandardMatter
    number: int
    total: int
    page_size: int

    @property
    def pager(self) -> Pager:
        return Pager(self.number, self.total, self.matter.url)

    @property
    def url(self) -> str:
        return self.pager.url(self.number)

    @property
    def src_uri(self) -> str:
        return self.url + "index.md"

    @property
    def items(self) -> list[Item]:
        start = (self.number - 1) * self.page_size
        return self.matter.items[start : start + self.page_size]


@dataclass(eq=False, slots=True)
class MatterGroup:
    """An 一级事项 and its 二级事项 rows (one `<tbody>`; its name cell spans the rows)."""

    name: str
    matters: list[StandardMatter] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Domain:
    """One domain's standard catalog (e.g. 义务教育), from one data file."""

    name: str
    slug: str
    source: str
    note: str
    file: str
    groups: list[MatterGroup] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{INDEX_URL}{self.slug}/"

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


@dataclass(slots=True)
class StandardCatalog:
    """All domains, the channel vocabulary and the lookup `领域/二级事项` → row."""

    domains: list[Domain]
    channels: tuple[str, ...]
    by_key: dict[str, StandardMatter]
    findings: list[Finding]

    audiences = AUDIENCES
    manners = MANNERS
    levels = LEVELS

    def choices(self, value: str) -> str:
        """The valid values to suggest for a wrong `标准事项`: the domain's rows, or the domains."""
        domain_name = value.split("/", 1)[0]
        for d in self.domains:
            if d.name == domain_name:
                return "、".join(m.key for m in d.matters)
        return "领域/二级事项，领域为以下之一：" + "、".join(d.name for d in self.domains)


def channel_vocabulary(root: Path) -> tuple[str, ...]:
    with open(root / DOMAIN_SCHEMA, encoding="utf-8") as fh:
        return tuple(json.load(fh)["$defs"]["渠道"]["enum"])


def load(root: Path) -> StandardCatalog:
    """Read every domain file; problems become findings against the file, never exceptions."""
    findings: list[Finding] = []
    domains: list[Domain] = []
    by_key: dict[str, StandardMatter] = {}
    seen: dict[tuple[str, str], str] = {}
    folder = root / DOMAINS_DIR
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    for path in files:
        rel = f"{DOMAINS_DIR}/{path.name}"
        data = read_yaml(root, rel, findings)
        if data is None:
            continue
        lines = _line_index(root, rel)
        errors = schema.validate(data, root / DOMAIN_SCHEMA, rel, lines)
        if errors:
            findings.extend(errors)
            continue
        clash = False
        for key, what in ((data["名称"], "名称"), (data["路径"], "路径")):
            other = seen.setdefault((what, key), rel)
            if other != rel:
                findings.append(
                    Finding(
                        rel, lines.get(what, 1), "domain-duplicate", "error", f"领域{what}「{key}」与 {other} 重复", what, "每个领域唯一"
                    )
                )
                clash = True
        if clash:
            continue
        domain = Domain(data["名称"], data["路径"], data["来源"], data.get("说明", ""), rel)
        number = 0
        for raw_group in data["事项"]:
            group = MatterGroup(raw_group["一级事项"])
            for raw in raw_group["二级事项"]:
                number += 1
                matter = StandardMatter(
                    domain=domain,
                    number=number,
                    group=group.name,
                    name=raw["名称"],
                    elements=tuple(raw["要素"]),
                    basis=raw["依据"],
                    time_limit=raw["时限"],
                    subject=raw["主体"],
                    channels=tuple(raw["渠道"]),
                    audiences=tuple(raw["对象"]),
                    manners=tuple(raw["方式"]),
                    levels=tuple(raw["层级"]),
                )
                if matter.key in by_key:
                    findings.append(
                        Finding(
                            rel,
                            lines.get(matter.name, 1),
                            "domain-matter-duplicate",
                            "error",
                            f"二级事项「{matter.name}」在本领域出现两次，信息无法确定关联到哪一个",
                            "二级事项/名称",
                            "本领域内每个二级事项名称唯一",
                        )
                    )
                    continue
                by_key[matter.key] = matter
                group.matters.append(matter)
            domain.groups.append(group)
        domains.append(domain)
    return StandardCatalog(domains, channel_vocabulary(root), by_key, findings)


def link_findings(catalog: StandardCatalog, items: Iterable[Item]) -> list[Finding]:
    """An item whose `标准事项` names no row of the catalog: an error listing the valid values."""
    out = []
    for item in items:
        value = item.standard_matter
        if value and value not in catalog.by_key:
            out.append(
                Finding(
                    item.file,
                    item.line_of("标准事项"),
                    "standard-matter-unknown",
                    "error",
                    f"标准事项「{value}」不在基层政务公开标准目录中",
                    field="标准事项",
                    expected=catalog.choices(value),
                )
            )
    return out


def build(model: Model) -> StandardCatalog:
    """The catalog with each row's public items, newest first (one pass over the items, then one sort per row)."""
    catalog = load(Path(model.root))
    for item in model.items:
        if item.public and item.standard_matter:
            matter = catalog.by_key.get(item.standard_matter)
            if matter is not None:
                matter.items.append(item)
    for matter in catalog.by_key.values():
        matter.items.sort(key=lambda i: i.sort_key)
    return catalog


@model_rule
def standard_catalog_data(model: Model, today: dt.date) -> list[Finding]:
    """Domain data errors and items pointing at a 事项 that does not exist (every build and check)."""
    catalog = load(Path(model.root))
    return [*catalog.findings, *link_findings(catalog, model.items)]
