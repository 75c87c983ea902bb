"""`Finding`: one problem found in the content, with its file, line, rule, severity, field and fix.

The loader, the rules and `gongkai check` share this one type; `gongkai.findings_output` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .enums import Severity

SeverityName = Literal["error", "warning", "info"]
"""What callers may write instead of a `Severity` member; `Finding` keeps the member."""

SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def readable_field(field: str) -> str:
    """A key path for messages, positions counted from 1: `附件/0/文件` → 第1个附件的「文件」.

    Paths without a position (`政府信息公开指南/获取方式`) stay as they are.
    """
    segments = field.split("/")
    if not any(p.isdigit() for p in segments):
        return field
    parts: list[tuple[int | None, str]] = []
    for part in segments:
        if part.isdigit():
            name = parts.pop()[1] if parts else "项"
            parts.append((int(part) + 1, name))
        else:
            parts.append((None, part))
    shown = [f"第{n}个{name}" if n else name for n, name in parts[:-1]]
    n, name = parts[-1]
    shown.append(f"第{n}个「{name}」" if n else f"「{name}」")
    return "的".join(shown)


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One problem found in the content, reported as `path:line: 错误[RULE] 说明（字段：…；应为：…）`."""

    file: str
    line: int
    rule: str
    severity: Severity
    message: str
    field: str
    expected: str

    def __init__(
        self, file: str, line: int, rule: str, severity: Severity | SeverityName, message: str, field: str = "", expected: str = ""
    ) -> None:
        # frozen: set once here, as the dataclass's own __init__ would; callers write "error", "warning", "info" too
        for name, value in (
            ("file", file), ("line", line), ("rule", rule), ("severity", Severity(severity)),
            ("message", message), ("field", field), ("expected", expected),
        ):  # fmt: skip
            object.__setattr__(self, name, value)

    def format(self) -> str:
        extra = []
        if self.field:
            # 年报 cells name their row and column in the message; their paths index columns, not list items
            shown = self.field if self.file.startswith("content/年报/") else readable_field(self.field)
            extra.append(f"字段：{shown}")
        if self.expected:
            extra.append(f"应为：{self.expected}")
        tail = f"（{'；'.join(extra)}）" if extra else ""
        label = SEVERITY_LABEL[self.severity]
        return f"{self.file}:{self.line}: {label}[{self.rule}] {self.message}{tail}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "rule": self.rule,
            "severity": str(self.severity),
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
        }
