"""The `gongkai` command: `check` (validate everything, report findings) and the staff tools.

Exit codes: 0 clean, 1 findings that fail (errors; the warnings the build reports too, since `make site`
runs `mkdocs build --strict`; every warning with --strict), 2 usage errors.
Output formats live in `gongkai.findings_output`; with `$GITHUB_STEP_SUMMARY` set, `check` also appends
the Markdown job summary there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import adoption, body_add, cli_staff, completeness, findings_output, partition, platform_config
from .loader import load


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
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
    check.add_argument(
        "--format",
        choices=findings_output.FORMATS,
        default="text",
        help="text 文本；json 问题列表；github GitHub 注释；gitlab GitLab 代码质量报告（JSON）",
    )
    check.add_argument("--output", type=Path, default=None, help="把报告写入该文件（如 gl-code-quality-report.json），终端仍显示文本结果")
    check.add_argument("--strict", action="store_true", help="警告也算失败")
    check.add_argument("--body", default=None, help="集约化平台上只检查这个机关（机关标识，如 fgw；也检查 site_config/platform.yml）")
    _add_partition_parsers(sub)
    cli_staff.add_parsers(sub)  # new, import
    adoption.add_parser(sub)
    body_add.add_parser(sub)
    return parser


def _add_partition_parsers(sub: Any) -> None:
    build = sub.add_parser("build", help="生成网站（mkdocs build --strict）；可只生成一个或几个机关（分区），再用 assemble 合并")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    build.add_argument("--site-dir", "-d", default=None, help="生成到哪个目录（默认 mkdocs.yml 的 site_dir；分区请各用一个目录）")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--body", action="append", default=None, help="只生成这个机关的页面（机关标识；可重复）")
    which.add_argument("--bodies", default=None, help="只生成这些机关（逗号分隔的机关标识，如 fgw,jyty）")
    which.add_argument("--partition", default=None, help="第几个分区/分区总数，如 2/4：按信息条数均衡地划分全部机关")
    assemble = sub.add_parser("assemble", help="把各分区的生成结果合并成一个网站（一个全文检索索引）")
    assemble.add_argument("parts", nargs="+", type=Path, help="各分区的生成目录（gongkai build --partition … --site-dir 的目录）")
    assemble.add_argument("--site-dir", "-d", type=Path, default=Path("site"), help="合并到哪个目录（默认 site；失败时原网站保持不变）")


def cmd_build(args: argparse.Namespace) -> int:
    """`gongkai build`: `mkdocs build --strict`, for a partition with GONGKAI_BODIES / GONGKAI_PARTITION set."""
    env = {k: v for k, v in os.environ.items() if k not in (partition.ENV_BODIES, partition.ENV_PARTITION)}
    if args.body or args.bodies:
        env[partition.ENV_BODIES] = ",".join(args.body or [args.bodies])
    elif args.partition:
        env[partition.ENV_PARTITION] = args.partition
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", args.config_file]
    if args.site_dir:
        command += ["--site-dir", args.site_dir]
    return subprocess.run(command, env=env, check=False).returncode


def cmd_assemble(args: argparse.Namespace) -> int:
    """`gongkai assemble PARTS... --site-dir site`: one site from the partitions, or the previous site untouched."""
    try:
        pages = partition.assemble(args.parts, args.site_dir)
    except partition.PartitionError as exc:
        print(f"gongkai assemble: {exc}；原网站保持不变", file=sys.stderr)
        return 2
    except (OSError, RuntimeError) as exc:
        print(f"gongkai assemble: 合并失败：{exc}；原网站保持不变", file=sys.stderr)
        return 1
    print(f"已合并 {len(args.parts)} 个分区到 {args.site_dir}，全文检索收录 {pages} 个页面")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "site_config").is_dir() and not (root / "content").is_dir():
        print(f"gongkai: 参数错误：{root} 不是项目目录（找不到 content/ 或 site_config/）", file=sys.stderr)
        return 2
    loaded = load(root, today=args.today, check=True)
    if args.body is not None:
        focused = platform_config.focus(loaded, args.body)
        if focused is None:
            ids = "、".join(b.id for b in loaded.platform.bodies if b.id) or "（没有 site_config/platform.yml，只有一个机关）"
            print(f"gongkai check: 平台上没有机关「{args.body}」；可选的机关标识：{ids}", file=sys.stderr)
            return 2
        loaded = focused
    model = loaded.model
    report = completeness.assess(model, model.inspection) if model else None
    rendered = findings_output.render(args.format, loaded, report)
    if args.output:
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            print(f"gongkai: 无法写入 {args.output}：{exc.strerror}", file=sys.stderr)
            return 2
        sys.stdout.write(findings_output.text(loaded, report))
    else:
        sys.stdout.write(rendered)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(findings_output.summary_markdown(loaded, report))
    stopping = loaded.build_warnings
    if stopping:  # make site runs `mkdocs build --strict`: these warnings stop it, so check fails on them too
        shown = "；".join(f"{f.file}:{f.line}" for f in stopping[:5]) + ("……" if len(stopping) > 5 else "")
        notice = (
            f"\n生成网站（make site）使用严格模式（mkdocs build --strict），以上警告中有 {len(stopping)} 个也会使网站不能生成"
            f"（{shown}），因此本次检查不通过；只在检查中出现的警告（栏目完整性、时限等）不影响生成。\n"
        )
        print(notice, file=sys.stdout if args.format == "text" and not args.output else sys.stderr)
    failing = loaded.errors or stopping or (args.strict and loaded.warnings)
    return 1 if failing else 0


def cmd_init(args: argparse.Namespace) -> int:
    """`gongkai init`: facts from options, the rest asked on stdin (unless --no-input); prints every change."""
    root: Path = args.root.resolve()
    if not (root / "mkdocs.yml").is_file() or not (root / "catalog_schema").is_dir():
        print(f"gongkai init: {root} 不是本项目的目录（找不到 mkdocs.yml 或 catalog_schema/）", file=sys.stderr)
        return 2
    given = {f.option: getattr(args, f.option.replace("-", "_")) for f in adoption.FACTS}
    try:
        adoption.plan_moves(root, args.force)  # refuse before asking anything
        facts = adoption.collect(given, None if args.no_input else input)
        changes = adoption.run(root, facts, args.force)
    except adoption.InitError as exc:
        print(f"gongkai init: {exc}", file=sys.stderr)
        return exc.code
    for line in changes:
        print(line)
    print("完成。下一步：make site 生成网站；make new 栏目=其他文件 标题=… 新建信息；make check 检查。")
    return 0


def cmd_body_add(args: argparse.Namespace) -> int:
    """`gongkai body add`: a department's or township's 专栏 on the platform; prints every change."""
    try:
        changes = body_add.run(args, None if args.no_input else input)
    except adoption.InitError as exc:
        print(f"gongkai body add: {exc}", file=sys.stderr)
        return exc.code
    for line in changes:
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command in cli_staff.COMMANDS:
        return cli_staff.run(args)
    if args.command == "build":
        return cmd_build(args)
    if args.command == "assemble":
        return cmd_assemble(args)
    if args.command == "init":
        return cmd_init(args)
    if args.command == "body" and args.body_command == "add":
        return cmd_body_add(args)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
