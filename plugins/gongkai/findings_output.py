"""How `gongkai check` reports: plain text, JSON, GitHub annotations and job summary, GitLab Code Quality.

Owns the output formats only; the findings and the completeness table come from the loader, the rules
and `gongkai.completeness`. Every format lists the same findings in the same order.

- text: one line per finding (`path:line: 错误[rule] 说明（字段：…；应为：…）`),
  the 标准目录 rows sourced / 待补充 per domain, then the completeness summary with the three 国办秘函〔2019〕19号
  thresholds, and a closing count line.
- json: the findings as a list of objects (file, line, rule, severity, field, message, expected).
- github: workflow commands (`::error file=…,line=…,title=…::…`) that GitHub shows as annotations.
- markdown: the job summary (per column: items, latest date, status; thresholds; findings), appended
  to `$GITHUB_STEP_SUMMARY` by the CLI.
- html (staff dashboard): `StaffReport`, rendered by `gongkai/dashboard.html`.
- gitlab: a Code Quality report, a JSON list of {description, check_name, fingerprint, severity,
  location: {path, lines: {begin}}} (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).

On a platform of many bodies (issue #18) every format groups the findings by body (`body_groups`: platform.yml's
own findings first, then the bodies in platform.yml order): text prints a heading line per body with its 标准目录
and completeness lines; json and gitlab keep their list shapes, ordered by body, each finding naming its body
(json: `body`, `body_name`; gitlab: the description starts with 【机关名称】); github wraps each body's annotations
in `::group::`; the job summary starts with a table of the bodies and gives each body its own section.
A platform of one prints exactly as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import completeness, standard_catalog, supervision
from .completeness import Completeness
from .model import Finding, Loaded, Model

FORMATS = ("text", "json", "github", "gitlab")
MAX_SUMMARY_FINDINGS = 500  # GitHub caps a step summary at 1 MiB

# Findings an inspector treats as 单项否决 or as a security incident rank above ordinary errors.
_BLOCKER_RULES = frozenset({"inspection-veto"})
_CRITICAL_RULES = frozenset(
    {"html-unsafe", "html-foreign", "attachment-active", "privacy-id", "privacy-mobile", "privacy-bankcard", "index-changed"}
)
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


PLATFORM_GROUP = "平台配置（site_config/platform.yml）"
"""The heading of the findings that concern the whole platform (owner "")."""


@dataclass(frozen=True, slots=True)
class BodyGroup:
    """One body's share of a platform's findings: its id, name, model (None: platform.yml, or a body that could not load)."""

    id: str
    name: str
    model: Model | None
    findings: list[Finding]

    @property
    def heading(self) -> str:
        return f"{self.name}（{self.id}）" if self.id and self.model is not None else self.name


def body_groups(loaded: Loaded) -> list[BodyGroup] | None:
    """The findings grouped by the body they concern, in platform order; None for a platform of one (nothing to group).

    Findings of platform.yml come first; a body whose config could not be loaded (no model) comes last under its id.
    Within a group the findings keep their order. O(findings + bodies).
    """
    bodies = loaded.platform.bodies
    if len(bodies) < 2:
        return None
    by_owner: dict[str, list[Finding]] = {}
    for n, finding in enumerate(loaded.findings):
        by_owner.setdefault(loaded.owner(n), []).append(finding)
    groups = [BodyGroup("", PLATFORM_GROUP, None, by_owner.pop(""))] if "" in by_owner else []
    groups += [BodyGroup(b.id, b.body.name, b, by_owner.pop(b.id, [])) for b in bodies]
    groups += [BodyGroup(k, f"机关「{k}」（配置有错误，未能读取）", None, v) for k, v in by_owner.items()]
    return groups


def grouped_findings(loaded: Loaded) -> list[tuple[BodyGroup | None, Finding]]:
    """Every finding with its group (None on a platform of one), in the order every format lists them."""
    groups = body_groups(loaded)
    if groups is None:
        return [(None, f) for f in loaded.findings]
    return [(g, f) for g in groups for f in g.findings]


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def _item_count(loaded: Loaded) -> int:
    return sum(len(body.items) for body in loaded.platform.bodies)


def count_line(loaded: Loaded) -> str:
    n = counts(loaded.findings)
    info = f"，{n['info']} 条提示" if n["info"] else ""
    return f"共检查 {_item_count(loaded)} 条信息：{n['error']} 个错误，{n['warning']} 个警告{info}。"


def completeness_lines(report: Completeness | None) -> list[str]:
    """The completeness summary in plain text: column counts by status, then one line per threshold."""
    if report is None or not report.columns:
        return []
    by_status = {"正常": 0, "超期": 0, "空栏目": 0}
    for s in report.columns:
        by_status[s.status] += 1
    lines = [
        f"栏目完整性（按 {report.today.isoformat()} 检查）：{len(report.columns)} 个主动公开事项，"
        f"正常 {by_status['正常']} 个，超期 {by_status['超期']} 个，空栏目 {by_status['空栏目']} 个。",
        f"单项否决指标（{report.inspection.source}）：",
    ]
    lines += [f"  - {t.text}" for t in report.thresholds]
    return lines


def _group_line(group: BodyGroup) -> str:
    n = counts(group.findings)
    items = f"信息 {len(group.model.items)} 条；" if group.model is not None else ""
    return f"【{group.heading}】{items}{n['error']} 个错误，{n['warning']} 个警告"


def text(loaded: Loaded, report: Completeness | None = None) -> str:
    groups = body_groups(loaded)
    if groups is None:
        lines = [f.format() for f in loaded.findings]
        lines += standard_catalog.summary_lines(loaded.model) if loaded.model else []
        lines += completeness_lines(report)
    else:
        lines = []
        for group in groups:
            lines.append(_group_line(group))
            lines += [f.format() for f in group.findings]
            if group.model is not None:  # the domains' sourcing is the platform's: listed in full once, with the 本级政府
                std = standard_catalog.summary_lines(group.model)
                lines += std if group.model is loaded.platform.bodies[0] else std[:1]
                lines += completeness_lines(completeness.assess(group.model, group.model.inspection))
            lines.append("")
    lines.append(count_line(loaded))
    return "\n".join(lines) + "\n"


def json_findings(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def json_grouped(loaded: Loaded) -> str:
    """The findings as a JSON list; on a platform, ordered by body and each naming its body (`body`, `body_name`)."""
    out = []
    for group, finding in grouped_findings(loaded):
        row = finding.as_dict()
        if group is not None:
            row |= {"body": group.id, "body_name": group.name}
        out.append(row)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(loaded: Loaded) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the count line."""
    lines = []
    current: BodyGroup | None = None
    for group, f in grouped_findings(loaded):
        if group is not None and group is not current:  # a platform: each body's annotations folded under its name
            lines += ["::endgroup::"] if current is not None else []
            lines.append(f"::group::{_gh_data(_group_line(group))}")
            current = group
        kind = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        msg = f.format().split(": ", 1)[1] if ": " in f.format() else f.message
        lines.append(f"::{kind} file={_gh_property(f.file)},line={f.line},title={_gh_property(f.rule)}::{_gh_data(msg)}")
    lines += ["::endgroup::"] if current is not None else []
    lines.append(count_line(loaded))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """Markdown table cell text: no line breaks, no pipes, no raw HTML from staff-written values."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(loaded: Loaded, report: Completeness | None = None) -> str:
    """The job summary: counts; per column items, latest date, status; the 19号 thresholds; the findings.

    On a platform: the table of bodies first, then one section per body (its completeness and its findings)."""
    groups = body_groups(loaded)
    if groups is None:
        return _summary_single(loaded, report)
    n = counts(loaded.findings)
    platform = loaded.platform
    name = platform.name or (platform.home.body.name if platform.home else "")
    today = platform.today
    lines = [f"## 政府信息公开专栏检查：{_cell(name)}", ""]
    lines += [
        f"检查日期 {today.isoformat()}；机关 {len(platform.bodies)} 个；信息 {_item_count(loaded)} 条；"
        f"错误 {n['error']} 个；警告 {n['warning']} 个；提示 {n['info']} 条",
        "",
    ]
    owned = [(loaded.owner(k), f) for k, f in enumerate(loaded.findings)]
    lines += ["### 各机关", "", "| 机关 | 类型 | 本年信息 | 超期栏目 | 空栏目 | 解读缺失 | 上一年度年报 | 错误 | 警告 |"]
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for row in supervision.platform_rows(platform, owned, today):
        report_cell = f"**{_cell(row.report_text)}**" if row.report_problem else _cell(row.report_text)
        lines.append(
            f"| {_cell(row.name)} | {row.kind} | {row.items_this_year} | {row.stale} | {row.empty} | {row.jd_missing} "
            f"| {report_cell} | {row.errors} | {row.warnings} |"
        )
    budget = MAX_SUMMARY_FINDINGS
    for group in groups:
        lines += ["", f"### {_cell(group.heading)}", ""]
        if group.model is not None:
            lines += _completeness_markdown(completeness.assess(group.model, group.model.inspection), "####")
        lines += _findings_markdown(group.findings, budget, "####")
        budget = max(0, budget - len(group.findings))
    return "\n".join(lines) + "\n"


def _summary_single(loaded: Loaded, report: Completeness | None) -> str:
    findings = loaded.findings
    n = counts(findings)
    name = loaded.model.body.name if loaded.model else ""
    lines = [f"## 政府信息公开专栏检查：{_cell(name)}", ""]
    when = f"检查日期 {report.today.isoformat()}；" if report else ""
    lines += [f"{when}信息 {_item_count(loaded)} 条；错误 {n['error']} 个；警告 {n['warning']} 个；提示 {n['info']} 条", ""]
    lines += _completeness_markdown(report, "###")
    lines += _findings_markdown(findings, MAX_SUMMARY_FINDINGS, "###")
    return "\n".join(lines) + "\n"


def _completeness_markdown(report: Completeness | None, level: str) -> list[str]:
    """Per column items, latest date and status, then the 19号 thresholds (headings at `level`)."""
    if report is None or not report.columns:
        return []
    lines = [
        f"{level} 栏目完整性",
        "",
        "| 栏目 | 更新周期 | 信息数 | 最新发布日期 | 状态 |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for s in report.columns:
        latest = s.latest.isoformat() if s.latest else "—"
        status = s.status if s.status == "正常" else f"**{s.status}**"
        lines.append(f"| {_cell(s.column.name)} | {_cell(s.cycle)} | {s.count} | {latest} | {status} |")
    lines += ["", f"{level} 单项否决指标（{_cell(report.inspection.source)}）", ""]
    for t in report.thresholds:
        members = f"：{_cell('、'.join(t.columns))}" if t.columns else ""
        line = f"{t.text}{members}"
        lines.append(f"- **{line}**" if t.reached else f"- {line}")
    return lines


def _findings_markdown(findings: Sequence[Finding], limit: int, level: str) -> list[str]:
    """The findings as a table, at most `limit` rows, then how many were left out."""
    if not findings:
        return []
    lines = ["", f"{level} 问题", "", "| 文件 | 行 | 级别 | 规则 | 说明 |", "| --- | ---: | --- | --- | --- |"]
    for f in findings[:limit]:
        msg = f.message + (f"（应为：{f.expected}）" if f.expected else "")
        lines.append(f"| {_cell(f.file)} | {f.line} | {f.severity} | {f.rule} | {_cell(msg)} |")
    more = len(findings) - limit
    if more > 0:
        lines += ["", f"……另有 {more} 条，运行 `gongkai check` 查看全部。"]
    return lines


def gitlab_severity(f: Finding) -> str:
    if f.rule in _BLOCKER_RULES:
        return "blocker"
    if f.rule in _CRITICAL_RULES and f.severity == "error":
        return "critical"
    return _GITLAB_SEVERITY.get(f.severity, "info")


def gitlab(findings: Sequence[Finding] | Loaded) -> str:
    """GitLab Code Quality JSON; fingerprints are stable across line shifts and unique per finding.

    Given the `Loaded` of a platform, the issues are ordered by body and each description starts with 【机关名称】."""
    pairs = grouped_findings(findings) if isinstance(findings, Loaded) else [(None, f) for f in findings]
    seen: dict[str, int] = {}
    issues = []
    for group, f in pairs:
        key = "\x1f".join((f.rule, f.file, f.field, f.message))
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        description = f"{f.message}（应为：{f.expected}）" if f.expected else f.message
        description = f"【{group.name}】{description}" if group is not None else description
        issues.append(
            {
                "description": description,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": gitlab_severity(f),
                "location": {"path": f.file, "lines": {"begin": max(1, f.line)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(slots=True)
class StaffReport:
    """What the staff dashboard shows: the completeness table, threshold lines and findings, worst first.

    On a platform, `bodies` names the body of each listed finding (same order as `findings`); empty otherwise."""

    body_name: str
    item_count: int
    completeness: Completeness | None
    findings: list[Finding]  # errors, then warnings, then info; original order within a severity
    counts: dict[str, int]
    hidden: int  # findings beyond the display limit
    bodies: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls, model: Model, findings: Sequence[Finding], report: Completeness | None, limit: int, bodies: Sequence[str] = ()
    ) -> StaffReport:
        order = sorted(range(len(findings)), key=lambda n: _SEVERITY_ORDER.get(findings[n].severity, 3))
        return cls(
            body_name=model.body.name,
            item_count=len(model.items),
            completeness=report,
            findings=[findings[n] for n in order[:limit]],
            counts=counts(findings),
            hidden=max(0, len(order) - limit),
            bodies=[bodies[n] for n in order[:limit]] if bodies else [],
        )


def render(fmt: str, loaded: Loaded, report: Completeness | None) -> str:
    if fmt == "json":
        return json_grouped(loaded)
    if fmt == "github":
        return github(loaded)
    if fmt == "gitlab":
        return gitlab(loaded)
    return text(loaded, report)
