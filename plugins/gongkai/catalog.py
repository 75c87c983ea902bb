"""The standard catalog (`catalog_schema/catalog.yml`) and the body's facts (`site_config/body.yml`).

Both are data a body edits; both are validated by JSON Schemas in `catalog_schema/`. Problems become
findings against the data file, never exceptions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import body_sections, periods, schema
from .model import Body, Catalog, Column, Finding, Matter, Office, UpdateCycle
from .model.body import AdoptedDomain, ExcludedDomain
from .model.catalog import link_children
from .source.yamlfile import DataFile, key_lines, line_of, read_data_file, read_shared_data_file

CATALOG_FILE = "catalog_schema/catalog.yml"
BODY_FILE = "site_config/body.yml"

ROOT_NAMES = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
"""The four 一级 columns, in order (国办公开办函〔2019〕61号; 市中区 seed)."""

_ANNUAL = re.compile(r"^每年(\d{1,2})月(\d{1,2})日前$")


def parse_cycle(text: str) -> UpdateCycle:
    """Parse an 更新周期 such as "2周", "6个月", "每年3月31日前" or "按需" (periods count by the calendar: `gongkai.periods`)."""
    if periods.PERIOD.match(text):
        return UpdateCycle(text, "period")
    if m := _ANNUAL.match(text):
        return UpdateCycle(text, "annual", month=int(m.group(1)), day=int(m.group(2)))
    return UpdateCycle(text or "按需", "on_demand")


def read_data(root: Path, rel: str, findings: list[Finding]) -> DataFile | None:
    """A data file with the exact line of every key, or None with a finding (missing, encoding, YAML syntax)."""
    df = read_data_file(root / rel, dates_as_text=False)
    if df.error is None:
        return df
    rule, line, message, expected = df.error
    if rule == "file-unreadable":
        fix = "从示例仓库复制该文件后按本机关情况填写"
        findings.append(Finding(rel, 1, "config-missing", "error", f"找不到配置文件 {rel}", expected=fix))
    else:
        findings.append(Finding(rel, line, rule, "error", message, expected=expected))
    return None


def read_yaml(root: Path, rel: str, findings: list[Finding]) -> Any:
    """The values of a data file, or None (with a finding when it is missing or unreadable)."""
    df = read_data(root, rel, findings)
    return None if df is None else df.data


def read_validated_file(root: Path, rel: str, schema_rel: str, findings: list[Finding]) -> DataFile | None:
    """Read a data file and validate it against its schema: the file (data and key lines), or None with the findings added."""
    df = read_data(root, rel, findings)
    if df is None or df.data is None:
        return None
    errors = schema.validate(df.data, root / schema_rel, rel, df.lines)
    findings.extend(errors)
    return None if errors else df


def read_validated(root: Path, rel: str, schema_rel: str, findings: list[Finding]) -> Any:
    """Read a data file and validate it against its schema: the data, or None with the findings added."""
    df = read_validated_file(root, rel, schema_rel, findings)
    return None if df is None else df.data


def data_lines(root: Path, rel: str) -> dict[str, int]:
    """The exact line of every key path of a data file ("公开工作机构/传真号码"); empty when it cannot be read."""
    return key_lines(root / rel)


def closest(name: str, choices: Sequence[str], n: int = 3) -> list[str]:
    """The names most like `name` (for "did you mean" hints): difflib's ratio, then the rest in order."""
    return difflib.get_close_matches(name, list(choices), n=n, cutoff=0.3)


def load_body_catalog(root: Path, body: Body, findings: list[Finding], prefix: str = "") -> Catalog | None:
    """The catalog for this body: its 行政层级's columns, without the ones body.yml's `停用栏目` switches off.

    `prefix`: the body's URL prefix on a platform ("<id>/"), carried by every column's `url`.
    """
    disabled = body.disabled_columns
    catalog = load_catalog(root, body.level, findings, disabled=disabled, prefix=prefix)
    if catalog is not None and disabled:
        _check_disabled(root, disabled, catalog, findings, body.config_file)
    return catalog


def _check_disabled(root: Path, disabled: Sequence[str], catalog: Catalog, findings: list[Finding], body_file: str) -> None:
    """Every name in `停用栏目` must be a sub-column the catalog has for this body (not one of the four roots)."""
    line = line_of(data_lines(root, body_file), "停用栏目")
    known = [n for n in catalog.disabled_candidates if n not in disabled]
    for name in disabled:
        if name in ROOT_NAMES:
            message = f"「{name}」是一级栏目，不能停用"
            hint = "四个一级栏目固定（国办公开办函〔2019〕61号）；只能停用法定主动公开内容下的栏目"
        elif name not in catalog.disabled_candidates:
            near = closest(name, known)
            message = f"停用栏目「{name}」不是本机关栏目目录中的栏目"
            hint = (f"是不是：{'、'.join(near)}？" if near else "") + f"可停用的栏目：{'、'.join(known)}"
        else:
            continue
        findings.append(Finding(body_file, line, "column-disable-unknown", "error", message, field="停用栏目", expected=hint))


def _matter(raw: dict[str, Any], defaults: dict[str, Any]) -> Matter | None:
    """A column's 事项 (its own keys over the catalog's 默认事项), or None when it declares none."""
    if not raw.get("事项"):
        return None
    m = {**defaults, **raw["事项"]}
    return Matter(
        name=m.get("名称", raw["名称"]),
        content=m.get("内容", ""),
        basis=m.get("依据", raw.get("依据", "")),
        time_limit=m.get("时限", ""),
        subject=m.get("主体", ""),
        manner=m.get("方式", "主动公开"),
        channels=tuple(m.get("渠道", ())),
        audience=m.get("公开对象", "全社会"),
        cycle=parse_cycle(m.get("更新周期", "按需")),
    )


@dataclass
class _Columns:
    """Builds the catalog's column tree depth-first for one body, indexing each column by name (and 别名) and path."""

    level: str
    disabled: Sequence[str]
    prefix: str
    defaults: dict[str, Any]
    lines: Mapping[str, int]
    findings: list[Finding]
    by_name: dict[str, Column] = field(default_factory=dict)
    by_slug: dict[str, Column] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)  # the sub-columns `停用栏目` may name

    def build(self, raw: dict[str, Any], parent: Column | None, at: str) -> Column | None:
        """The column at key path `at` with its children, or None when it does not apply to the body."""
        levels = tuple(raw.get("适用层级", ()))
        if levels and self.level not in levels:
            return None
        if parent is not None:
            self.candidates.append(raw["名称"])
            if raw["名称"] in self.disabled:
                return None
        col = Column(
            name=raw["名称"],
            slug=raw["路径"],
            kind=raw["类别"],
            basis=raw.get("依据", ""),
            matter=_matter(raw, self.defaults),
            parent=parent,
            lifecycle=bool(raw.get("有效性管理", False)),
            needs_interpretation=bool(raw.get("需要解读", False)),
            inspection=raw.get("考核类别", "常规"),
            levels=levels,
            prefix=self.prefix,
        )
        self._index(col, at)
        for alias in raw.get("别名", ()):
            self.by_name.setdefault(alias, col)
        kids = (self.build(child_raw, col, f"{at}/下级栏目/{n}") for n, child_raw in enumerate(raw.get("下级栏目", ())))
        link_children(col, tuple(c for c in kids if c is not None))
        return col

    def _index(self, col: Column, at: str) -> None:
        for key, table, what in ((col.name, self.by_name, "名称"), (col.slug, self.by_slug, "路径")):
            if key in table:
                self.findings.append(
                    Finding(
                        CATALOG_FILE,
                        line_of(self.lines, f"{at}/{what}"),
                        "catalog-duplicate",
                        "error",
                        f"栏目{what}「{key}」重复",
                        field=what,
                        expected="每个栏目的名称和路径都唯一",
                    )
                )
            table[key] = col


CATALOG_SCHEMA = "catalog_schema/catalog.schema.json"
_VALIDATED: dict[int, tuple[DataFile, tuple[Finding, ...]]] = {}
"""id of the shared catalog DataFile -> it and its schema findings (`_catalog_file`)."""


def _catalog_file(root: Path, findings: list[Finding]) -> DataFile | None:
    """catalog.yml read and validated once per content, however many bodies load it (every body of a platform):
    each call adds the same findings as reading it afresh would."""
    df = read_shared_data_file(root / CATALOG_FILE, dates_as_text=False)
    if df.error is not None or df.data is None:
        return read_validated_file(root, CATALOG_FILE, CATALOG_SCHEMA, findings)  # the problem reported as always
    hit = _VALIDATED.get(id(df))
    if hit is None or hit[0] is not df:
        _VALIDATED.clear()
        hit = _VALIDATED[id(df)] = (df, tuple(schema.validate(df.data, root / CATALOG_SCHEMA, CATALOG_FILE, df.lines)))
    findings.extend(hit[1])
    return None if hit[1] else df


def load_catalog(root: Path, level: str, findings: list[Finding], *, disabled: Sequence[str] = (), prefix: str = "") -> Catalog | None:
    """Load and validate the catalog, keeping only the columns that apply to the body's 行政层级.

    Sub-columns named in `disabled` (body.yml `停用栏目`) are left out with their children.
    """
    df = _catalog_file(root, findings)
    if df is None:
        return None
    data, lines = df.data, df.lines
    tree = _Columns(level, disabled, prefix, data.get("默认事项", {}), lines, findings)
    roots = tuple(c for c in (tree.build(r, None, f"栏目/{n}") for n, r in enumerate(data["栏目"])) if c is not None)
    names = tuple(c.name for c in roots)
    if names != ROOT_NAMES:
        findings.append(
            Finding(
                CATALOG_FILE,
                line_of(lines, "栏目"),
                "catalog-roots",
                "error",
                f"一级栏目应为四个且名称、顺序固定，现为：{'、'.join(names)}",
                field="栏目",
                expected="、".join(ROOT_NAMES) + "（国办公开办函〔2019〕61号）",
            )
        )
    return Catalog(roots=roots, by_name=tree.by_name, by_slug=tree.by_slug, source=CATALOG_FILE, disabled_candidates=tuple(tree.candidates))


GB32100_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(code17: str) -> str | None:
    """GB 32100-2015 check character for the first 17 characters, or None if a character is invalid."""
    try:
        total = sum(GB32100_ALPHABET.index(ch) * w for ch, w in zip(code17, GB32100_WEIGHTS, strict=True))
    except ValueError:
        return None
    c = 31 - total % 31
    return GB32100_ALPHABET[0 if c == 31 else c]


ORG_CODE = re.compile(r"\d{8}[\dX]")
"""A 9-character 组织机构代码 (GB 11714-1997) of digits, as gov.cn's 索引号 use (000014349)."""
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_char(first8: str) -> str:
    """GB 11714-1997 check character of a 组织机构代码: 11 − (Σ value×weight mod 11); 10 → X, 11 → 0."""
    c = 11 - sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


BODY_TYPE_LEVELS = {"人民政府": ("县级", "设区的市级", "省级"), "政府部门": ("部门",), "乡镇街道": ("乡级",)}
"""机关类型 → the 行政层级 it may have (条例 Art. 21 gives columns by level; `gongkai init` writes both)."""


def _check_body_type(data: dict[str, Any], lines: dict[str, int], findings: list[Finding], body_file: str) -> None:
    kind, level = data.get("机关类型"), data["行政层级"]
    if kind and level not in BODY_TYPE_LEVELS[kind]:
        findings.append(
            Finding(
                body_file,
                line_of(lines, "行政层级"),
                "body-type-level",
                "error",
                f"机关类型「{kind}」与行政层级「{level}」不一致（行政层级决定适用哪些栏目）",
                field="行政层级",
                expected="、".join(BODY_TYPE_LEVELS[kind]),
            )
        )


def standard_choices(section: object) -> tuple[tuple[AdoptedDomain, ...], tuple[ExcludedDomain, ...]]:
    """body.yml's `标准目录` section (validated): the domains adopted (with the 事项 kept) and those declared 未涉及."""
    if not isinstance(section, dict):
        return (), ()
    adopted = []
    for n, entry in enumerate(section.get("适用领域") or ()):
        at = f"标准目录/适用领域/{n}"
        if isinstance(entry, str):
            adopted.append(AdoptedDomain(at, entry))
        elif isinstance(entry, dict) and isinstance(entry.get("领域"), str):
            adopted.append(AdoptedDomain(at, entry["领域"], tuple(entry["事项"]) if entry.get("事项") else None))
    excluded = []
    for n, entry in enumerate(section.get("未涉及领域") or ()):
        name = entry.get("领域", "") if isinstance(entry, dict) else ""
        reason = str(entry.get("理由") or "").strip() if isinstance(entry, dict) else ""
        excluded.append(ExcludedDomain(f"标准目录/未涉及领域/{n}", name, reason))
    return tuple(adopted), tuple(excluded)


def load_body(root: Path, findings: list[Finding], body_file: str = BODY_FILE) -> Body | None:
    """Load `site_config/body.yml` (or a platform body's `site_config/bodies/<id>.yml`); a missing or wrong value names the key."""
    df = read_validated_file(root, body_file, "catalog_schema/site_config.schema.json", findings)
    if df is None:
        return None
    data, lines = df.data, df.lines
    _check_body_type(data, lines, findings, body_file)
    code = data["统一社会信用代码"]
    expected = credit_code_check_char(code[:17])
    if expected != code[17]:
        findings.append(
            Finding(
                body_file,
                line_of(lines, "统一社会信用代码"),
                "credit-code-check",
                "error",
                f"统一社会信用代码「{code}」的校验位不对（GB 32100-2015）",
                field="统一社会信用代码",
                expected=f"{code[:17]}{expected}" if expected else "18位统一社会信用代码",
            )
        )
    prefix = str(data.get("索引号前段码", ""))
    if ORG_CODE.fullmatch(prefix) and org_code_check_char(prefix[:8]) != prefix[8]:
        findings.append(
            Finding(
                body_file,
                line_of(lines, "索引号前段码"),
                "org-code-check",
                "error",
                f"索引号前段码「{prefix}」像9位组织机构代码，但校验位不对（GB 11714-1997）",
                field="索引号前段码",
                expected=f"{prefix[:8]}{org_code_check_char(prefix[:8])}（组织机构代码），或本机关实际使用的前段码",
            )
        )
    adopted, excluded = standard_choices(data.get("标准目录"))
    pattern, example = body_sections.registration(data)
    return Body(
        name=data["机关名称"],
        short_name=data.get("简称", data["机关名称"]),
        level=data["行政层级"],
        code=code,
        serial_format=data.get("索引号后段码格式", "YYYY-NNNNN"),
        office=_office(data["公开工作机构"]),
        guide=body_sections.guide_facts(data),
        identity=body_sections.identity(data),
        registration_pattern=pattern,
        registration_example=example,
        public_numbers=body_sections.published_numbers(data),
        standard_section=isinstance(data.get("标准目录"), dict),
        standard_adopted=adopted,
        standard_excluded=excluded,
        index_prefix=prefix,
        body_type=str(data.get("机关类型") or ""),
        agency_code=str(data.get("机关代字") or "").strip(),
        disabled_columns=tuple(data.get("停用栏目", ())),
        allowed_types=_extensions(data.get("允许的附件类型")),
        interpretation_days=int(days) if isinstance(days := data.get("解读时限工作日"), int) else None,
        lines=lines,
        config_file=body_file,
    )


def _office(o: Mapping[str, Any]) -> Office:
    """The validated `公开工作机构` section (条例第十二条)."""
    return Office(
        name=o["名称"],
        address=o["办公地址"],
        hours=o["办公时间"],
        phone=o["联系电话"],
        fax=o["传真号码"],
        email=o["电子邮箱"],
        website=o.get("网址", ""),
        postcode=str(o.get("邮政编码", "")),
    )


def _extensions(value: object) -> frozenset[str]:
    """`允许的附件类型` as lower-case ".ext" (a list of extensions written with or without the dot)."""
    values = value if isinstance(value, list) else ()
    return frozenset("." + str(v).strip().lower().lstrip(".") for v in values)
