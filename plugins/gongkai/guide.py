"""The 政府信息公开指南 (条例第十二条): what it must contain, where each part comes from, and its 更新日期.

It owns: the Art. 12 required fields and the check that names the missing `site_config/body.yml` key; the
statutory 依申请公开 and 监督和救济 text held as data in `catalog_schema/guide.yml` (each part with its
article); the application channels derived from the 公开工作机构; the downloadable application form; and
the 更新日期 (市中区 seed 003): the explicit `政府信息公开指南 → 更新日期`, else the last change of the
guide's inputs (git, or file times without git). The body's section is read once with the body
(`Body.guide`, `gongkai.body_sections`); this module reads its typed fields. It knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .body_sections import GUIDE_KEY
from .catalog import CATALOG_FILE, read_validated
from .model import Attachment, Body, Column, Finding, Model, Office
from .source import gitlog
from .source.yamlfile import line_of

GUIDE_FILE = "catalog_schema/guide.yml"
GUIDE_SCHEMA = "catalog_schema/guide.schema.json"
DEFAULT_FORM = "zhinan/政府信息公开申请表.docx"
"""The files the guide is generated from: a change to any of them changes the guide's 更新日期."""

REQUIRED: tuple[tuple[tuple[str, ...], str, Callable[[Body], str]], ...] = (
    (("公开工作机构", "名称"), "政府信息公开工作机构的名称", lambda b: b.office.name),
    (("公开工作机构", "办公地址"), "办公地址", lambda b: b.office.address),
    (("公开工作机构", "办公时间"), "办公时间", lambda b: b.office.hours),
    (("公开工作机构", "联系电话"), "联系电话", lambda b: b.office.phone),
    (("公开工作机构", "传真号码"), "传真号码", lambda b: b.office.fax),
    (("公开工作机构", "电子邮箱"), "互联网联系方式", lambda b: b.office.email),
    ((GUIDE_KEY, "编排体系"), "政府信息的编排体系", lambda b: b.guide.arrangement),
    ((GUIDE_KEY, "获取方式"), "政府信息的获取方式", lambda b: b.guide.access),
    ((GUIDE_KEY, "监督和救济", "投诉举报"), "监督和救济（条例第五十一条）的投诉举报机关", lambda b: b.guide.complaint),
)
"""Each key of `site_config/body.yml` the guide needs, with the 条例第十二条 (or 第五十一条) item it fills and its typed field."""


@dataclass(frozen=True, slots=True)
class Deadline:
    name: str
    start: str
    working_days: int


@dataclass(frozen=True, slots=True)
class Section:
    """One statutory part of the guide, with the 条例 article it restates."""

    title: str
    article: str
    text: str
    points: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()


@dataclass(frozen=True, slots=True)
class Channel:
    """One way to hand in an application (条例第二十九条、第三十一条)."""

    name: str
    detail: str
    receipt: str  # when the application counts as received
    href: str = ""


@dataclass(slots=True)
class Guide:
    body: Body
    office: Office
    updated: dt.date
    updated_basis: str  # where the date came from, shown to staff in the page source
    arrangement: str  # 编排体系
    access: str  # 获取方式
    categories: tuple[Column, ...]  # 分类: the catalog's columns
    law: str
    procedure: list[Section]
    remedy: Section
    complaint: str
    review_body: str
    court: str
    channels: list[Channel]
    form: Attachment | None = None
    online: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def deadlines(self) -> list[tuple[Section, Deadline]]:
        return [(s, d) for s in self.procedure for d in s.deadlines]


def missing_fields(body: Body) -> list[Finding]:
    """A finding per Art. 12 field absent or empty in body.yml, naming the key path (e.g. 公开工作机构 → 传真号码)."""
    out = []
    lines, body_file = body.lines, body.config_file
    for path, what, value_of in REQUIRED:
        if not value_of(body).strip():
            shown = " → ".join(path)
            line = line_of(lines, "/".join(path))
            out.append(
                Finding(
                    body_file,
                    line,
                    "guide-field-missing",
                    "error",
                    f"政府信息公开指南缺少{what}：{body_file} 中没有填写「{shown}」（条例第十二条）",
                    field="/".join(path),
                    expected=f"在 {body_file} 中填写 {shown}",
                )
            )
    return out


def load_statutory(root: Path, findings: list[Finding]) -> dict[str, Any] | None:
    data: dict[str, Any] | None = read_validated(root, GUIDE_FILE, GUIDE_SCHEMA, findings)
    return data


def last_change(root: Path, rels: Sequence[str], today: dt.date) -> tuple[dt.date, str]:
    """Newest change of the inputs: the last commit touching them (one `git log` and one `git status` per body); file
    modification times instead when git is absent or an input has uncommitted changes. Never after today."""
    committed = gitlog.clean_commit_date(root, rels)
    if committed:
        try:
            return min(dt.date.fromisoformat(committed), today), "git"
        except ValueError:
            pass
    times = [os.stat(root / rel).st_mtime for rel in rels if (root / rel).exists()]
    when = dt.date.fromtimestamp(max(times)) if times else today
    return min(when, today), "mtime"


def channels(office: Office, online: str) -> list[Channel]:
    """Application channels from the office's own facts; receipt-date rules from 条例第三十一条."""
    post = office.address + (f"（邮政编码 {office.postcode}）" if office.postcode else "")
    out = [
        Channel("当面提交", f"{office.address}；{office.hours}", "以提交之日为收到申请之日"),
        Channel("邮寄", f"{post}；请在信封左下角注明“政府信息公开申请”", "以本机关签收之日为收到申请之日"),
        Channel("传真", office.fax, "以双方确认之日为收到申请之日"),
        Channel("电子邮件", office.email, "以双方确认之日为收到申请之日", f"mailto:{office.email}"),
    ]
    if online:
        out.append(Channel("网上申请", online, "以双方确认之日为收到申请之日", online))
    return out


def build(model: Model, form: Attachment | None = None, *, root: Path | None = None) -> Guide:
    """The guide for this build. Assumes the model rule below found no errors (the build stops otherwise)."""
    root = root or Path(model.root)
    facts = model.body.guide
    data = model.guide_text or {"来源": "", "依申请公开": [], "监督和救济": {"条款": "", "内容": ""}}
    updated = facts.updated
    basis = f"{model.body.config_file} → {GUIDE_KEY} → 更新日期"
    if updated is None:
        inputs = (model.body.config_file, CATALOG_FILE, GUIDE_FILE)
        updated, how = last_change(root, inputs, model.today)
        basis = f"{'、'.join(inputs)} 最近一次修改（{how}）"
    procedure = [
        Section(
            title=s["标题"],
            article=s["条款"],
            text=s["内容"],
            points=tuple(s.get("要点", ())),
            deadlines=tuple(Deadline(d["名称"], d["起算"], d["工作日"]) for d in s.get("期限", ())),
        )
        for s in data["依申请公开"]
    ]
    remedy = Section("监督和救济", data["监督和救济"]["条款"], data["监督和救济"]["内容"])
    return Guide(
        body=model.body,
        office=model.body.office,
        updated=updated,
        updated_basis=basis,
        arrangement=facts.arrangement,
        access=facts.access,
        categories=model.catalog.roots,
        law=data["来源"],
        procedure=procedure,
        remedy=remedy,
        complaint=facts.complaint,
        review_body=facts.review_body,
        court=facts.court,
        channels=channels(model.body.office, facts.online),
        form=form,
        online=facts.online,
    )


def form_path(model: Model) -> str:
    """Where the application form lives under content/ (`政府信息公开指南 → 申请表`)."""
    form = model.body.guide.form  # {DOCX: …, PDF: …} (gongkai.apply): the guide offers the Word file first
    return DEFAULT_FORM if form is None else form


def guide_complete(model: Model, today: dt.date) -> list[Finding]:
    """Every build: the Art. 12 fields are filled, guide.yml is valid, an explicit 更新日期 is a real past date."""
    lines = model.body.lines
    body_file = model.body.config_file
    findings = missing_fields(model.body)
    findings.extend(model.guide_problems)  # guide.yml, read once by the loader
    when, why = model.body.guide.updated, model.body.guide.updated_problem
    line = line_of(lines, f"{GUIDE_KEY}/更新日期")
    if why:
        findings.append(Finding(body_file, line, "date-invalid", "error", f"指南更新日期{why}", f"{GUIDE_KEY}/更新日期", "YYYY-MM-DD"))
    elif when and when > today:
        findings.append(
            Finding(
                body_file,
                line,
                "date-future",
                "error",
                f"指南更新日期 {when.isoformat()} 晚于今天",
                f"{GUIDE_KEY}/更新日期",
                "不晚于今天的日期",
            )
        )
    return findings


def guide_form_present(model: Model, today: dt.date) -> list[Finding]:
    """`gongkai check` only: the guide should offer a downloadable application form (the site still builds without)."""
    rel = form_path(model)
    docs = Path(model.docs_dir)
    if (docs / rel).is_file():
        return []
    return [
        Finding(
            model.body.config_file,
            line_of(model.body.lines, f"{GUIDE_KEY}/申请表"),
            "guide-form-missing",
            "warning",
            f"指南没有可下载的政府信息公开申请表：{model.content_shown}{rel} 不存在",
            f"{GUIDE_KEY}/申请表",
            "把申请表（DOCX 或 PDF）放到 content/ 下，并在 申请表 中写明路径",
        )
    ]
