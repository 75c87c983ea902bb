"""The 基层政务公开事项标准目录 (国办发〔2019〕54号): one table per domain, and which items fill each 事项.

It owns: loading `catalog_schema/domains/*.yml` (one domain per file, validated against
`catalog_schema/domain.schema.json`, whose 渠道 vocabulary is the ■/□ checklist's column order), the layout
variants each domain configures (its 公开层级 columns or none, extra channels, the "至少选择其一" note, an
optional 三级事项 column, ●/〇 element markers), each row's provenance (the published catalog it was copied
from, or 待补充) and a domain's 待补充 state, the table rows (一级事项 groups of 二级事项, √ marks for
公开对象 / 公开方式 / 公开层级), resolving an item's `标准事项: 领域/二级事项` (unknown → an error listing
the choices), and the index 事项 → items, built once per build. Seed 004 warns against catalog and items
being "两张皮": each row shows its count and latest date. Which domains a body adopts is
`gongkai.standard_selection`; 事项 freshness is `gongkai.standard_freshness`.
It knows nothing of MkDocs; `gongkai.mkdocs_plugins.guide` renders it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .catalog import read_data
from .model import Finding, Item, Model
from .paging import Pager
from .schema import human_path
from .source.yamlfile import line_of, read_data_file
from .standard_selection import Selection, select

DOMAINS_DIR = "catalog_schema/domains"
DOMAIN_SCHEMA = "catalog_schema/domain.schema.json"
INDEX_URL = "bzml/"
EXCLUDED_URL = "bzml/wsj/"  # 未涉及领域事项说明
PAGE_SIZE = 20

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


@dataclass(eq=False, slots=True)
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
    items: list[Item] = field(default_factory=list)
    freshness: Any = None  # gongkai.standard_freshness.Freshness, set when the body's rules are applied

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
    source: str  # the guide's title
    note: str
    file: str
    status: str = ""  # 待补充: no published catalog found for the whole domain
    levels: tuple[str, ...] = LEVELS
    extra_channels: tuple[str, ...] = ()
    at_least_one: bool = False
    channels: tuple[str, ...] = ()  # the ■/□ checklist: the shared vocabulary, then extra_channels
    groups: list[MatterGroup] = field(default_factory=list)
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


@dataclass(slots=True)
class StandardCatalog:
    """All domains, the channel vocabulary and the lookup `领域/二级事项` → row."""

    domains: list[Domain]
    channels: tuple[str, ...]
    by_key: dict[str, StandardMatter]
    findings: list[Finding]
    selected: list[Domain] = field(default_factory=list)  # the body's adopted domains (pages are built for these)
    excluded: list[Any] = field(default_factory=list)  # gongkai.standard_selection.Excluded: the 未涉及 page
    active: dict[str, StandardMatter] = field(default_factory=dict)  # 领域/二级事项 → row, adopted rows only

    audiences = AUDIENCES
    manners = MANNERS
    levels = LEVELS

    def choices(self, value: str) -> str:
        """The valid values to suggest for a wrong `标准事项`: the closest ones first, then the domain's rows or the domains."""
        near = difflib.get_close_matches(value, list(self.by_key), n=1, cutoff=0.6)
        hint = f"是不是：{'、'.join(near)}？" if near else ""
        domain_name = value.split("/", 1)[0]
        for d in self.domains:
            if d.name == domain_name:
                return hint + "、".join(m.key for m in d.matters)
        return hint + "领域/二级事项，领域为以下之一：" + "、".join(d.name for d in self.domains)


def channel_vocabulary(root: Path) -> tuple[str, ...]:
    with open(root / DOMAIN_SCHEMA, encoding="utf-8") as fh:
        return tuple(json.load(fh)["$defs"]["渠道"]["enum"])


def _text_dates(node: Any) -> Any:
    """YAML reads `读取日期: 2026-12-05` as a date; the schema and the pages want the text."""
    if isinstance(node, dict):
        return {k: _text_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_text_dates(v) for v in node]
    return node.isoformat() if isinstance(node, dt.date) else node


def _domain(data: dict[str, Any], rel: str, vocabulary: tuple[str, ...]) -> Domain:
    extra = tuple(data.get("渠道补充", ()))
    return Domain(
        data["名称"],
        data["路径"],
        data["来源"],
        data.get("说明", ""),
        rel,
        status=data.get("状态", ""),
        levels=tuple(data.get("公开层级", LEVELS)),
        extra_channels=extra,
        at_least_one=bool(data.get("至少选择其一", False)),
        channels=vocabulary + tuple(c for c in extra if c not in vocabulary),
    )


def _matter(domain: Domain, number: int, group: str, raw: dict[str, Any]) -> StandardMatter:
    src = raw.get("来源")
    source = Source(src["网址"], src["读取日期"], src.get("页面", ""), src.get("页面日期", "")) if src else None
    return StandardMatter(
        domain=domain,
        number=number,
        group=group,
        name=raw["名称"],
        elements=tuple(Element.parse(e) for e in raw["要素"]),
        basis=raw["依据"],
        time_limit=raw["时限"],
        subject=raw["主体"],
        channels=tuple(raw["渠道"]),
        audiences=tuple(raw["对象"]),
        manners=tuple(raw["方式"]),
        levels=tuple(raw.get("层级", ())),
        third=raw.get("三级事项", ""),
        source=source,
        pending_marked=raw.get("状态") == PENDING,
    )


def _row_findings(domain: Domain, m: StandardMatter, where: str, line: int) -> list[Finding]:
    """Channels and 公开层级 marks must be columns of this domain's table."""
    out = []
    allowed = set(domain.channels)
    for n, c in enumerate(m.channels):
        if c not in allowed:
            out.append(
                Finding(domain.file, line, "schema", "error", f"{human_path(f'{where}/渠道/{n}')}的值「{c}」不在可选范围内",
                        f"{where}/渠道/{n}", "、".join(domain.channels) + "；本领域特有的渠道先写进 渠道补充")
            )  # fmt: skip
    for n, v in enumerate(m.levels):
        if v not in domain.levels:
            cols = "、".join(domain.levels) or "（本领域表格不设公开层级列，删去 层级）"
            out.append(
                Finding(
                    domain.file,
                    line,
                    "schema",
                    "error",
                    f"{human_path(f'{where}/层级/{n}')}的值「{v}」不是本领域的公开层级列",
                    f"{where}/层级/{n}",
                    cols,
                )
            )
    if (m.source is None) == (not m.pending_marked):
        what = "既写了 来源 又写了 状态: 待补充" if m.source else "没有注明出处"
        out.append(
            Finding(domain.file, line, "domain-matter-source", "error", f"二级事项「{m.name}」{what}", f"{where}/来源",
                    "照抄自已公布标准目录的行写 来源: {网址, 读取日期}；未找到出处的行写 状态: 待补充")
        )  # fmt: skip
    if domain.levels and not m.levels:
        out.append(
            Finding(
                domain.file,
                line,
                "schema",
                "error",
                f"二级事项「{m.name}」缺少 层级",
                f"{where}/层级",
                "、".join(domain.levels) + " 中至少一项",
            )
        )
    return out


def matter_lines(root: Path, rel: str) -> dict[str, int]:
    """Line of each 二级事项's `名称` in a domain file, by name (the first row of a name): findings point at the row."""
    df = read_data_file(root / rel)
    return _matter_lines(df.data, df.lines) if isinstance(df.data, dict) else {}


def _matter_lines(data: dict[str, Any], lines: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for g, group in enumerate(data.get("事项") or ()):
        rows = group.get("二级事项") if isinstance(group, dict) else None
        for r, row in enumerate(rows if isinstance(rows, list) else ()):
            at = f"事项/{g}/二级事项/{r}"
            if isinstance(row, dict) and isinstance(row.get("名称"), str):
                out.setdefault(row["名称"].strip(), line_of(lines, f"{at}/名称"))
    return out


def _fill(domain: Domain, data: dict[str, Any], lines: dict[str, int], by_key: dict[str, StandardMatter], findings: list[Finding]) -> None:
    number = 0
    for g, raw_group in enumerate(data.get("事项", ())):
        group = MatterGroup(raw_group["一级事项"])
        for r, raw in enumerate(raw_group["二级事项"]):
            number += 1
            matter = _matter(domain, number, group.name, raw)
            line = line_of(lines, f"事项/{g}/二级事项/{r}/名称")
            problems = _row_findings(domain, matter, f"事项/{g}/二级事项/{r}", line)
            if matter.key in by_key:
                problems.append(
                    Finding(
                        domain.file, line, "domain-matter-duplicate", "error",
                        f"二级事项「{matter.name}」在本领域出现两次，信息无法确定关联到哪一个",
                        "二级事项/名称", "本领域内每个二级事项名称唯一",
                    )
                )  # fmt: skip
            findings.extend(problems)
            if problems:
                continue
            by_key[matter.key] = matter
            group.matters.append(matter)
        domain.groups.append(group)


def load(root: Path) -> StandardCatalog:
    """Read every domain file; problems become findings against the file, never exceptions."""
    findings: list[Finding] = []
    domains: list[Domain] = []
    by_key: dict[str, StandardMatter] = {}
    seen: dict[tuple[str, str], str] = {}
    vocabulary = channel_vocabulary(root)
    folder = root / DOMAINS_DIR
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    for path in files:
        rel = f"{DOMAINS_DIR}/{path.name}"
        df = read_data(root, rel, findings)
        if df is None or df.data is None:
            continue
        data, lines = _text_dates(df.data), df.lines
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
                        rel, line_of(lines, what), "domain-duplicate", "error", f"领域{what}「{key}」与 {other} 重复", what, "每个领域唯一"
                    )
                )
                clash = True
        if clash:
            continue
        domain = _domain(data, rel, vocabulary)
        _fill(domain, data, lines, by_key, findings)
        domains.append(domain)
    return StandardCatalog(domains, vocabulary, by_key, findings)


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


def _adopt(catalog: StandardCatalog, sel: Selection) -> None:
    """Keep the adopted domains and 事项 (renumbered 1..n, so 序号 has no gaps), in catalog order."""
    for domain in catalog.domains:
        if domain.name not in sel.adopted:
            continue
        keep = sel.adopted[domain.name]
        if keep is not None:
            number = 0
            for group in domain.groups:
                group.matters = [m for m in group.matters if m.name in keep]
                for m in group.matters:
                    number += 1
                    m.number = number
        catalog.selected.append(domain)
        catalog.active.update((m.key, m) for m in domain.matters)
    catalog.excluded = list(sel.excluded)


def build(model: Model) -> StandardCatalog:
    """The body's adopted catalog with each row's public items, newest first (one pass over the items, one sort per row)."""
    root = Path(model.root)
    catalog = load(root)
    _adopt(catalog, select(catalog, model.body))
    for domain in catalog.domains:
        domain.prefix = model.prefix
    for item in model.items:
        if item.public and item.standard_matter:
            matter = catalog.active.get(item.standard_matter)
            if matter is not None:
                matter.items.append(item)
    for matter in catalog.active.values():
        matter.items.sort(key=lambda i: i.sort_key)
    return catalog


def summary_lines(model: Model) -> list[str]:
    """`gongkai check`'s per-domain lines: rows with a published source and rows 待补充, and what the body adopts."""
    root = Path(model.root)
    catalog = load(root)
    if not catalog.domains:
        return []
    sel = select(catalog, model.body)
    excluded = {x.domain.name for x in sel.excluded}
    sourced = sum(d.sourced_count for d in catalog.domains)
    pending = sum(d.pending_count for d in catalog.domains)
    whole = sum(1 for d in catalog.domains if d.pending)
    lines = [
        f"基层政务公开标准目录（{DOMAINS_DIR}）：{len(catalog.domains)} 个领域，"
        f"本机关采用 {len(sel.adopted)} 个、未涉及 {len(excluded)} 个；"
        f"有出处 {sourced} 行，待补充 {pending} 行，整个领域待补充 {whole} 个。"
    ]
    for d in catalog.domains:
        role = "（采用）" if d.name in sel.adopted else "（未涉及）" if d.name in excluded else ""
        counts = "领域待补充" if d.pending else f"有出处 {d.sourced_count} 行，待补充 {d.pending_count} 行"
        lines.append(f"  - {d.name}{role}：{counts}")
    return lines


def readme_table(root: Path) -> str:
    """The README's per-domain table (Markdown), generated from the data; a test keeps README.md equal to it."""
    catalog = load(root)
    out = ["| 领域 | 有出处的行 | 待补充的行 | 出处 |", "| --- | ---: | ---: | --- |"]
    for d in catalog.domains:
        if d.pending:
            out.append(f"| {d.name} | 0 | 0 | 领域待补充 |")
            continue
        sources = "；".join(f"[{s.page or s.url}]({s.url})" for s in d.sources) or "—"
        out.append(f"| {d.name} | {d.sourced_count} | {d.pending_count} | {sources} |")
    return "\n".join(out) + "\n"


def standard_catalog_data(model: Model, today: dt.date) -> list[Finding]:
    """Domain data errors and items pointing at a 事项 that does not exist (every build and check)."""
    root = Path(model.root)
    catalog = load(root)
    sel = select(catalog, model.body)
    return [*catalog.findings, *sel.findings, *link_findings(catalog, model.items)]


def standard_catalog_pending(model: Model, today: dt.date) -> list[Finding]:
    """Adopted domains still 待补充 (a warning) and adopted rows without a published source (one note per domain)."""
    root = Path(model.root)
    catalog = load(root)
    _adopt(catalog, select(catalog, model.body))
    out = []
    for d in catalog.selected:
        if d.pending:
            out.append(
                Finding(d.file, 1, "standard-domain-pending", "warning", f"本机关采用的领域「{d.name}」待补充：还没有事项", "状态",
                        "照抄一份已公布的县、乡标准目录，每行写明 来源；或把本领域写进 标准目录/未涉及领域 并写明理由")
            )  # fmt: skip
        elif d.pending_count:
            first = next(m for m in d.matters if m.pending)
            line = matter_lines(root, d.file).get(first.name, 1)
            out.append(
                Finding(d.file, line, "standard-rows-pending", "info", f"领域「{d.name}」有 {d.pending_count} 个采用的事项待补充出处",
                        "状态", "核对后写明 来源: {网址, 读取日期}，删去 状态: 待补充")
            )  # fmt: skip
    return out
