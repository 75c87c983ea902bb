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
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from . import standard_catalog
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


def text(loaded: Loaded, report: Completeness | None = None) -> str:
    lines = [f.format() for f in loaded.findings]
    lines += standard_catalog.summary_lines(loaded.model) if loaded.model else []
    lines += completeness_lines(report)
    lines.append(count_line(loaded))
    return "\n".join(lines) + "\n"


def json_findings(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _gh_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github(loaded: Loaded) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the count line."""
    lines = []
    for f in loaded.findings:
        kind = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        msg = f.format().split(": ", 1)[1] if ": " in f.format() else f.message
        lines.append(f"::{kind} file={_gh_property(f.file)},line={f.line},title={_gh_property(f.rule)}::{_gh_data(msg)}")
    lines.append(count_line(loaded))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """Markdown table cell text: no line breaks, no pipes, no raw HTML from staff-written values."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(loaded: Loaded, report: Completeness | None = None) -> str:
    """The job summary: counts; per column items, latest date, status; the 19号 thresholds; the findings."""
    findings = loaded.findings
    n = counts(findings)
    name = loaded.model.body.name if loaded.model else ""
    lines = [f"## 政府信息公开专栏检查：{_cell(name)}", ""]
    when = f"检查日期 {report.today.isoformat()}；" if report else ""
    lines += [f"{when}信息 {_item_count(loaded)} 条；错误 {n['error']} 个；警告 {n['warning']} 个；提示 {n['info']} 条", ""]
    if report is not None and report.columns:
        lines += [
            "### 栏目完整性",
            "",
            "| 栏目 | 更新周期 | 信息数 | 最新发布日期 | 状态 |",
            "| --- | --- | ---: | --- | --- |",
        ]
        for s in report.columns:
            latest = s.latest.isoformat() if s.latest else "—"
            status = s.status if s.status == "正常" else f"**{s.status}**"
            lines.append(f"| {_cell(s.column.name)} | {_cell(s.cycle)} | {s.count} | {latest} | {status} |")
        lines += ["", f"### 单项否决指标（{_cell(report.inspection.source)}）", ""]
        for t in report.thresholds:
            members = f"：{_cell('、'.join(t.columns))}" if t.columns else ""
            line = f"{t.text}{members}"
            lines.append(f"- **{line}**" if t.reached else f"- {line}")
    if findings:
        lines += ["", "### 问题", "", "| 文件 | 行 | 级别 | 规则 | 说明 |", "| --- | ---: | --- | --- | --- |"]
        for f in findings[:MAX_SUMMARY_FINDINGS]:
            msg = f.message + (f"（应为：{f.expected}）" if f.expected else "")
            lines.append(f"| {_cell(f.file)} | {f.line} | {f.severity} | {f.rule} | {_cell(msg)} |")
        more = len(findings) - MAX_SUMMARY_FINDINGS
        if more > 0:
            lines += ["", f"……另有 {more} 条，运行 `gongkai check` 查看全部。"]
    return "\n".join(lines) + "\n"


def gitlab_severity(f: Finding) -> str:
    if f.rule in _BLOCKER_RULES:
        return "blocker"
    if f.rule in _CRITICAL_RULES and f.severity == "error":
        return "critical"
    return _GITLAB_SEVERITY.get(f.severity, "info")


def gitlab(findings: Sequence[Finding]) -> str:
    """GitLab Code Quality JSON; fingerprints are stable across line shifts and unique per finding."""
    seen: dict[str, int] = {}
    issues = []
    for f in findings:
        key = "\x1f".join((f.rule, f.file, f.field, f.message))
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{key}\x1f{seen[key]}".encode()).hexdigest()
        description = f"{f.message}（应为：{f.expected}）" if f.expected else f.message
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
    """What the staff dashboard shows: the completeness table, threshold lines and findings, worst first."""

    body_name: str
    item_count: int
    completeness: Completeness | None
    findings: list[Finding]  # errors, then warnings, then info; original order within a severity
    counts: dict[str, int]
    hidden: int  # findings beyond the display limit

    @classmethod
    def of(cls, model: Model, findings: Sequence[Finding], report: Completeness | None, limit: int) -> StaffReport:
        ordered = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
        return cls(
            body_name=model.body.name,
            item_count=len(model.items),
            completeness=report,
            findings=ordered[:limit],
            counts=counts(findings),
            hidden=max(0, len(ordered) - limit),
        )


def render(fmt: str, loaded: Loaded, report: Completeness | None) -> str:
    if fmt == "json":
        return json_findings(loaded.findings)
    if fmt == "github":
        return github(loaded)
    if fmt == "gitlab":
        return gitlab(loaded.findings)
    return text(loaded, report)
