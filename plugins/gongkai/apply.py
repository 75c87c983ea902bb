"""The 依申请公开 section (`ysqgk/`, DOMAIN §4 and §14): what a citizen needs to apply, each fact from data.

It owns the section's view: the 申请流程 with the legal time limits, 收费标准 (国办函〔2020〕109号) and the printable
application form's fields, all from `catalog_schema/ysqgk.yml` with their articles; the 受理机构 and channels
from the body's 公开工作机构 (`gongkai.guide.channels`); and the downloadable form, which the body supplies as a
DOCX and a PDF (`政府信息公开指南 → 申请表`). Every legal and office fact is checked in the build: a missing one is
an error naming the config key; so is a configured form file that is absent or not really a DOCX/PDF. A format
not configured at all is a `gongkai check` warning (a freshly `gongkai init`-ed body still builds; the printable
form is always there).

Why the body supplies the DOCX and PDF instead of the build generating them: the form is usually the one the
province prescribes (with its layout and notes), the office already keeps it as a Word file, and a generated PDF
would need a CJK font embedded at build time (a large font file in every body's CI). The printable HTML version
(`ysqgk/biaoge/`) is generated from the data; printing it to PDF from a browser gives the PDF (README).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .body_sections import FORM_KEY, FORM_KINDS, GUIDE_KEY
from .catalog import read_validated
from .guide import Channel, channels
from .model import Attachment, Finding, Model, Office
from .source import files
from .source.yamlfile import line_of

APPLY_FILE = "catalog_schema/ysqgk.yml"
APPLY_SCHEMA = "catalog_schema/ysqgk.schema.json"
FORM_EXAMPLE = "写成 申请表: {DOCX: zhinan/申请表.docx, PDF: zhinan/申请表.pdf}（content/ 下的路径）"
OFFICE_REQUIRED = ("名称", "办公地址", "邮政编码", "联系电话", "传真号码", "电子邮箱", "办公时间")
"""The 受理机构 facts the section shows (条例第十二条; 邮政编码 for the letter channel inspectors test)."""


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    article: str
    text: str
    limit_name: str = ""
    limit_start: str = ""
    working_days: int = 0


@dataclass(frozen=True, slots=True)
class FeeTier:
    scope: str
    fee: str


@dataclass(frozen=True, slots=True)
class FeeRule:
    name: str
    article: str
    applies: str
    tiers: tuple[FeeTier, ...]


@dataclass(frozen=True, slots=True)
class FormPart:
    name: str
    fields: tuple[str, ...]


@dataclass(slots=True)
class ApplySection:
    """Everything `ysqgk/` and `ysqgk/biaoge/` show."""

    body_name: str
    office: Office
    law: str
    steps: list[Step]
    fee_article: str
    fee_text: str
    fees: list[FeeRule]
    form_article: str
    form_parts: list[FormPart]
    form_delivery: tuple[str, ...]
    form_pickup: tuple[str, ...]
    form_signature: str
    form_date: str
    channels: list[Channel]
    downloads: list[Attachment]
    online: str = ""
    base: str = "ysqgk/"

    @property
    def form_url(self) -> str:
        return self.base + "biaoge/"

    @property
    def limits(self) -> list[Step]:
        return [s for s in self.steps if s.working_days]


def load_data(root: Path, findings: list[Finding]) -> dict[str, Any] | None:
    data: dict[str, Any] | None = read_validated(root, APPLY_FILE, APPLY_SCHEMA, findings)
    return data


def build(model: Model, base: str = "ysqgk/") -> ApplySection:
    """The section for this build. Assumes `apply_complete` found no errors (the build stops otherwise)."""
    data = load_data(Path(model.root), []) or {}
    office = model.body.office
    online = model.body.guide.online
    steps = []
    for raw in data.get("申请流程", []):
        limit = raw.get("期限") or {}
        steps.append(Step(raw["名称"], raw["条款"], raw["说明"], limit.get("名称", ""), limit.get("起算", ""), limit.get("工作日", 0)))
    fee = data.get("收费标准", {})
    form = data.get("申请表", {})
    docs = Path(model.docs_dir)
    downloads = []
    for kind, rel in sorted(model.body.guide.forms):
        path = docs / rel
        size = path.stat().st_size if path.is_file() else 0
        downloads.append(Attachment(src_uri=model.prefix + rel, name=f"政府信息公开申请表（{kind}）", size=size, ext=FORM_KINDS[kind][0]))
    return ApplySection(
        body_name=model.body.name,
        office=office,
        law=data.get("来源", ""),
        steps=steps,
        fee_article=fee.get("条款", ""),
        fee_text=fee.get("说明", ""),
        fees=[
            FeeRule(r["名称"], r["条款"], r["适用"], tuple(FeeTier(t["范围"], t["标准"]) for t in r["档次"])) for r in fee.get("标准", [])
        ],
        form_article=form.get("条款", ""),
        form_parts=[FormPart(p["名称"], tuple(p["栏目"])) for p in form.get("部分", [])],
        form_delivery=tuple(form.get("获取方式", ())),
        form_pickup=tuple(form.get("领取方式", ())),
        form_signature=form.get("签名", ""),
        form_date=form.get("日期", ""),
        channels=channels(office, online),
        downloads=downloads,
        online=online,
        base=base,
    )


def _error(file: str, rule: str, key: str, line: int, message: str, fix: str) -> Finding:
    return Finding(file, line, rule, "error", message, key, fix)


def form_findings(model: Model, lines: Mapping[str, int]) -> list[Finding]:
    """Each configured download exists under content/ and really is a DOCX / a PDF (errors: a broken link)."""
    out = []
    docs = Path(model.docs_dir)
    shown = model.content_shown
    line = line_of(lines, f"{GUIDE_KEY}/{FORM_KEY}")
    for kind, rel in model.body.guide.forms:
        ext, magic = FORM_KINDS[kind]
        key = f"{GUIDE_KEY} → {FORM_KEY} → {kind}"
        path = docs / rel
        if not path.is_file():
            out.append(
                _error(
                    model.body.config_file, "apply-form-missing", key, line, f"申请表文件 {shown}{rel} 不存在（{key}）", "检查路径和文件名"
                )
            )
            continue
        if files.head(path, len(magic)) != magic:
            out.append(
                _error(
                    model.body.config_file,
                    "apply-form-format",
                    key,
                    line,
                    f"{shown}{rel} 不是 {kind} 文件（{key}）",
                    f"提供真正的 {ext} 文件",
                )
            )
    return out


def apply_forms_offered(model: Model, today: dt.date) -> list[Finding]:
    """`gongkai check`: the 依申请公开 section should offer the form as both DOCX and PDF."""
    files = dict(model.body.guide.forms)
    body_file = model.body.config_file
    line = line_of(model.body.lines, f"{GUIDE_KEY}/{FORM_KEY}")
    out = []
    for kind in FORM_KINDS:
        if kind not in files:
            key = f"{GUIDE_KEY} → {FORM_KEY} → {kind}"
            why = f"依申请公开栏目没有 {kind} 格式的申请表下载：{body_file} 中没有「{key}」（网页版申请表照常生成）"
            out.append(Finding(body_file, line, "apply-form-offered", "warning", why, key, FORM_EXAMPLE))
    return out


def _office_facts(office: Office) -> dict[str, str]:
    """The 公开工作机构 facts by their body.yml key (findings name the key)."""
    return {
        "名称": office.name,
        "办公地址": office.address,
        "邮政编码": office.postcode,
        "联系电话": office.phone,
        "传真号码": office.fax,
        "电子邮箱": office.email,
        "办公时间": office.hours,
    }


def apply_complete(model: Model, today: dt.date) -> list[Finding]:
    """Every build: ysqgk.yml is valid, the 受理机构 facts and both form downloads are there."""
    root = Path(model.root)
    findings: list[Finding] = []
    load_data(root, findings)
    body_file = model.body.config_file
    lines = model.body.lines
    office = _office_facts(model.body.office)
    for key in OFFICE_REQUIRED:
        if not office[key].strip():
            path = f"公开工作机构 → {key}"
            why = f"依申请公开栏目缺少受理机构的{key}：{body_file} 中没有「{path}」"
            fix = f"在 {body_file} 的 公开工作机构 下填写 {key}"
            findings.append(_error(body_file, "apply-fact-missing", path, line_of(lines, f"公开工作机构/{key}"), why, fix))
    findings.extend(form_findings(model, lines))
    return findings
