"""The `gongkai` command: `check` (validate everything, report findings) and the staff tools.

Exit codes: 0 clean, 1 findings that fail (errors; warnings too with --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .loader import load
from .model import Finding, Model


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"gongkai: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是 YYYY-MM-DD 格式的日期") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="政府信息公开专栏：检查内容、新建信息。")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    check = sub.add_parser("check", help="检查全部信息、栏目目录和本机关配置")
    check.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 content/、site_config/）")
    check.add_argument("--today", type=_date, default=None, help="按哪一天检查（YYYY-MM-DD，默认今天）")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument("--strict", action="store_true", help="警告也算失败")
    return parser


def report_text(model: Model, out: object) -> None:
    for f in model.findings:
        print(f.format(), file=out)  # type: ignore[arg-type]
    n_items = len(model.items)
    print(
        f"共检查 {n_items} 条信息：{len(model.errors)} 个错误，{len(model.warnings)} 个警告。",
        file=out,  # type: ignore[arg-type]
    )


def _escape_gh(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report_github(model: Model, out: object) -> None:
    for f in model.findings:
        kind = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        title = f"{f.rule}"
        msg = f.format().split(": ", 1)[1] if ": " in f.format() else f.message
        print(f"::{kind} file={f.file},line={f.line},title={title}::{_escape_gh(msg)}", file=out)  # type: ignore[arg-type]
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(model))


def summary_markdown(model: Model) -> str:
    """The job summary: overall counts, then each column with its items and latest date, then findings."""
    lines = [
        f"## 政府信息公开专栏检查：{model.body.name if model.body else ''}",
        "",
        f"- 信息 {len(model.items)} 条；错误 {len(model.errors)} 个；警告 {len(model.warnings)} 个",
        "",
        "| 栏目 | 信息数 | 最新发布日期 |",
        "| --- | ---: | --- |",
    ]
    for column in model.catalog.item_columns:
        entries = model.by_column.get(column.slug, [])
        latest = entries[0].published.isoformat() if entries else "—（空栏目）"
        lines.append(f"| {column.name} | {len(entries)} | {latest} |")
    if model.findings:
        lines += ["", "| 文件 | 行 | 级别 | 规则 | 说明 |", "| --- | ---: | --- | --- | --- |"]
        for f in model.findings[:500]:
            msg = f.message.replace("|", "\\|")
            lines.append(f"| {f.file} | {f.line} | {f.severity} | {f.rule} | {msg} |")
    return "\n".join(lines) + "\n"


def findings_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def cmd_check(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "site_config").is_dir() and not (root / "content").is_dir():
        print(f"gongkai: 参数错误：{root} 不是项目目录（找不到 content/ 或 site_config/）", file=sys.stderr)
        return 2
    model = load(root, today=args.today, check=True)
    if args.format == "json":
        print(findings_json(model.findings))
    elif args.format == "github":
        report_github(model, sys.stdout)
    else:
        report_text(model, sys.stdout)
    failing = model.errors or (args.strict and model.warnings)
    return 1 if failing else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
