"""Which 标准目录 domains and 事项 a body adopts, and which it declares 未涉及 (with a reason).

It owns the rules of the `标准目录` section of `site_config/body.yml` (read once by `gongkai.catalog.load_body`
into `Body.standard_adopted` and `Body.standard_excluded`):

    标准目录:
      适用领域: [义务教育, {领域: 征地补偿, 事项: [征收土地预公告]}]
      未涉及领域: [{领域: 城市综合执法, 理由: 本乡未设……}]

A domain not adopted gets no pages; a 未涉及 domain needs a reason (an error without one) and is listed on
the generated 未涉及领域事项说明 page. A body that adopts no domain gets no 标准目录 pages at all.
Every wrong name is an error naming the key and listing the valid choices. Knows nothing of MkDocs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .catalog import BODY_FILE
from .model import Body, Finding
from .source.yamlfile import line_of

KEY = "标准目录"
NO_MATTERS = "（本领域待补充，尚无事项）"
REASON_HINT = "写明本机关不涉及该领域的原因，例如“本乡未设……机构，相关事项由县……局负责”"


class Named(Protocol):
    @property
    def name(self) -> str: ...


class Domain(Protocol):
    """What the selection reads of a loaded domain (`gongkai.model.standard.Domain`)."""

    @property
    def name(self) -> str: ...

    @property
    def matters(self) -> Sequence[Named]: ...


class Catalog(Protocol):
    """What the selection reads of the loaded catalog (`gongkai.model.standard.StandardCatalog`)."""

    @property
    def domains(self) -> Sequence[Domain]: ...


@dataclass(frozen=True, slots=True)
class Excluded:
    """A domain the body declares 未涉及, and why (shown on the 未涉及领域事项说明 page)."""

    domain: Domain
    reason: str


@dataclass(slots=True)
class Selection:
    """The body's adopted domains (in catalog order), the 事项 kept per domain (None: all), and 未涉及 domains."""

    adopted: dict[str, frozenset[str] | None] = field(default_factory=dict)
    excluded: list[Excluded] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _error(line: int, rule: str, message: str, fld: str, expected: str, body_file: str = BODY_FILE) -> Finding:
    return Finding(body_file, line, rule, "error", message, fld, expected)


def select(catalog: Catalog, body: Body) -> Selection:
    """Check the body's `标准目录` choices (parsed by `gongkai.catalog.load_body`) against the loaded domains."""
    sel = Selection()
    if not body.standard_section:
        return sel
    lines, body_file = body.lines, body.config_file
    by_name = {d.name: d for d in catalog.domains}
    names = "、".join(by_name)
    for entry in body.standard_adopted:
        at, name, matters = entry.at, entry.name, entry.matters
        domain = by_name.get(name)
        line = line_of(lines, f"{at}/领域")  # a plain name: the entry itself
        if domain is None:
            sel.findings.append(
                _error(line, "standard-domain-unknown", f"适用领域「{name}」不是标准目录中的领域", f"{KEY}/适用领域", names)
            )
            continue
        known = {m.name for m in domain.matters}
        for i, m in enumerate(matters or ()):
            if m not in known:
                sel.findings.append(
                    _error(
                        line_of(lines, f"{at}/事项/{i}"), "standard-matter-unknown", f"领域「{name}」没有二级事项「{m}」",
                        f"{KEY}/适用领域/事项", "、".join(known) or NO_MATTERS,
                    )
                )  # fmt: skip
        sel.adopted[name] = frozenset(m for m in matters if m in known) if matters else None
    for x in body.standard_excluded:
        name, reason = x.name, x.reason
        line = line_of(lines, f"{x.at}/领域")
        domain = by_name.get(name)
        if domain is None:
            sel.findings.append(
                _error(line, "standard-domain-unknown", f"未涉及领域「{name}」不是标准目录中的领域", f"{KEY}/未涉及领域", names)
            )
        elif name in sel.adopted:
            sel.findings.append(
                _error(line, "standard-domain-both", f"领域「{name}」既在适用领域又在未涉及领域中", f"{KEY}/未涉及领域", "二者选一")
            )
        elif not reason:
            sel.findings.append(
                _error(line, "standard-domain-reason", f"未涉及领域「{name}」缺少理由", f"{KEY}/未涉及领域/理由", REASON_HINT)
            )  # fmt: skip
        else:
            sel.excluded.append(Excluded(domain, reason))
    if body_file != BODY_FILE:  # a platform body's own file (site_config/bodies/<id>.yml)
        sel.findings = [dataclasses.replace(f, file=body_file) for f in sel.findings]
    return sel
