"""The 基层政务公开事项标准目录 (国办发〔2019〕54号): one table per domain, and which items fill each 事项.

It owns: loading `catalog_schema/domains/*.yml` (one domain per file, validated against
`catalog_schema/domain.schema.json`, whose 渠道 vocabulary is the ■/□ checklist's column order), the layout
variants each domain configures (its 公开层级 columns or none, extra channels, the "至少选择其一" note, an
optional 三级事项 column, ●/〇 element markers), each row's provenance (the published catalog it was copied
from, or 待补充) and a domain's 待补充 state, the table rows (一级事项 groups of 二级事项, √ marks for
公开对象 / 公开方式 / 公开层级), resolving an item's `标准事项: 领域/二级事项` (unknown → an error listing
the choices), and each body's adopted copy (`adopt`: 事项 → items and their freshness), built once per build by
the loader into the frozen objects of `gongkai.model.standard` (`Model.standard`). Seed 004 warns against catalog and items
being "两张皮": each row shows its count and latest date. Which domains a body adopts is
`gongkai.standard_selection`; 事项 freshness is `gongkai.standard_freshness`.
It knows nothing of MkDocs; `gongkai.mkdocs_plugins.guide` renders it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import schema
from .catalog import read_data
from .model import Finding, Item, Model
from .model.body import Body
from .model.standard import (
    AUDIENCES,
    INDEX_URL,
    LEVELS,
    MANNERS,
    MARKS,
    PENDING,
    Domain,
    Element,
    MatterGroup,
    Source,
    StandardCatalog,
    StandardMatter,
    link_groups,
)
from .paging import Pager
from .schema import human_path
from .source import jsonfile
from .source.yamlfile import line_of
from .standard_freshness import Rules, measure
from .standard_selection import Excluded, select

__all__ = ["AUDIENCES", "INDEX_URL", "LEVELS", "MANNERS", "MARKS", "PENDING", "Domain", "Element", "StandardCatalog"]

DOMAINS_DIR = "catalog_schema/domains"
DOMAIN_SCHEMA = "catalog_schema/domain.schema.json"
EXCLUDED_URL = "bzml/wsj/"  # 未涉及领域事项说明
PAGE_SIZE = 20


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
    def items(self) -> tuple[Item, ...]:
        start = (self.number - 1) * self.page_size
        return self.matter.items[start : start + self.page_size]


def matter_pages(matter: StandardMatter, page_size: int = PAGE_SIZE) -> list[MatterPage]:
    """The pages of a 事项's item list (one page when it has no item)."""
    total = max(1, -(-len(matter.items) // page_size))
    return [MatterPage(matter, n, total, page_size) for n in range(1, total + 1)]


def choices(catalog: StandardCatalog, value: str) -> str:
    """The valid values to suggest for a wrong `标准事项`: the closest ones first, then the domain's rows or the domains."""
    near = difflib.get_close_matches(value, list(catalog.by_key), n=1, cutoff=0.6)
    hint = f"是不是：{'、'.join(near)}？" if near else ""
    domain_name = value.split("/", 1)[0]
    for d in catalog.domains:
        if d.name == domain_name:
            return hint + "、".join(m.key for m in d.matters)
    return hint + "领域/二级事项，领域为以下之一：" + "、".join(d.name for d in catalog.domains)


def channel_vocabulary(root: Path) -> tuple[str, ...]:
    return tuple(jsonfile.schema(root / DOMAIN_SCHEMA)["$defs"]["渠道"]["enum"])


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


def _matter(domain: Domain, number: int, group: str, raw: dict[str, Any], line: int) -> StandardMatter:
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
        line=line,
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


def _fill(domain: Domain, data: dict[str, Any], lines: dict[str, int], by_key: dict[str, StandardMatter], findings: list[Finding]) -> None:
    groups = []
    number = 0
    for g, raw_group in enumerate(data.get("事项", ())):
        matters = []
        for r, raw in enumerate(raw_group["二级事项"]):
            number += 1
            line = line_of(lines, f"事项/{g}/二级事项/{r}/名称")
            matter = _matter(domain, number, raw_group["一级事项"], raw, line)
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
            matters.append(matter)
        groups.append(MatterGroup(raw_group["一级事项"], tuple(matters)))
    link_groups(domain, tuple(groups))


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
    return StandardCatalog(tuple(domains), vocabulary, by_key, tuple(findings))


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
                    expected=choices(catalog, value),
                )
            )
    return out


def _copy(domain: Domain, prefix: str, keep: frozenset[str] | None, items: Mapping[str, list[Item]], fresh: Any) -> Domain:
    """The body's copy of a domain: its URL prefix, the 事项 it keeps (renumbered 1..n, so 序号 has no gaps), each
    row's public items and freshness (`fresh` is None for a domain the body does not adopt: rows as read)."""
    out = replace(domain, groups=(), prefix=prefix)
    groups = []
    number = 0
    for group in domain.groups:
        rows = []
        for m in group.matters:
            if keep is not None and m.name not in keep:
                continue
            number += 1
            if fresh is None:
                rows.append(replace(m, domain=out))
                continue
            filed = tuple(items.get(m.key, ()))
            rows.append(replace(m, domain=out, number=number if keep is not None else m.number, items=filed, freshness=fresh(filed)))
        groups.append(MatterGroup(group.name, tuple(rows)))
    link_groups(out, tuple(groups))
    return out


def adopt(table: StandardCatalog, body: Body, prefix: str, items: Iterable[Item], rules: Rules | None, today: dt.date) -> StandardCatalog:
    """The body's 标准目录: the domains and 事项 it adopts (in catalog order) with each row's public items, newest
    first, and their freshness; the 未涉及 domains; one pass over the items, one sort per row."""
    sel = select(table, body)
    filed: dict[str, list[Item]] = {}
    for item in items:
        if item.public and item.standard_matter:
            filed.setdefault(item.standard_matter, []).append(item)
    for rows in filed.values():
        rows.sort(key=lambda i: i.sort_key)

    def fresh(rows: tuple[Item, ...]) -> Any:
        if rules is None:
            return None
        return measure([i.published for i in rows], rows[0].column.name if rows else None, rules, today)

    domains = tuple(
        _copy(d, prefix, sel.adopted.get(d.name), filed, fresh if d.name in sel.adopted else None) for d in table.domains
    )
    selected = tuple(d for d in domains if d.name in sel.adopted)
    active = {m.key: m for d in selected for m in d.matters}
    by_name = {d.name: d for d in domains}
    return replace(
        table,
        domains=domains,
        by_key={k: active.get(k, m) for k, m in table.by_key.items()},
        selected=selected,
        excluded=tuple(Excluded(by_name[x.domain.name], x.reason) for x in sel.excluded),
        active=active,
        adopted=frozenset(sel.adopted),
        selection_findings=tuple(sel.findings),
    )


def summary_lines(model: Model) -> list[str]:
    """`gongkai check`'s per-domain lines: rows with a published source and rows 待补充, and what the body adopts."""
    catalog = model.standard
    if not catalog.domains:
        return []
    table = {d.name: d for d in model.standard_table.domains}
    excluded = {x.domain.name for x in catalog.excluded}
    sourced = sum(d.sourced_count for d in table.values())
    pending = sum(d.pending_count for d in table.values())
    whole = sum(1 for d in table.values() if d.pending)
    lines = [
        f"基层政务公开标准目录（{DOMAINS_DIR}）：{len(table)} 个领域，"
        f"本机关采用 {len(catalog.adopted)} 个、未涉及 {len(excluded)} 个；"
        f"有出处 {sourced} 行，待补充 {pending} 行，整个领域待补充 {whole} 个。"
    ]
    for d in table.values():
        role = "（采用）" if d.name in catalog.adopted else "（未涉及）" if d.name in excluded else ""
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
    catalog = model.standard
    return [*catalog.findings, *catalog.selection_findings, *link_findings(catalog, model.items)]


def standard_catalog_pending(model: Model, today: dt.date) -> list[Finding]:
    """Adopted domains still 待补充 (a warning) and adopted rows without a published source (one note per domain)."""
    out = []
    for d in model.standard.selected:
        if d.pending:
            out.append(
                Finding(d.file, 1, "standard-domain-pending", "warning", f"本机关采用的领域「{d.name}」待补充：还没有事项", "状态",
                        "照抄一份已公布的县、乡标准目录，每行写明 来源；或把本领域写进 标准目录/未涉及领域 并写明理由")
            )  # fmt: skip
        elif d.pending_count:
            first = next(m for m in d.matters if m.pending)
            out.append(
                Finding(d.file, first.line, "standard-rows-pending", "info", f"领域「{d.name}」有 {d.pending_count} 个采用的事项待补充出处",
                        "状态", "核对后写明 来源: {网址, 读取日期}，删去 状态: 待补充")
            )  # fmt: skip
    return out
