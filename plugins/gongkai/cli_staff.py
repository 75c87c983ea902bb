"""The staff subcommands of `gongkai`: `new` (a new item file) and `import` (a legacy catalog spreadsheet).

Only argument parsing and printing live here; the work is in `gongkai.authoring` and `gongkai.importer`.
Exit codes: 0 done; 1 nothing overwritten / some rows not imported; 2 usage errors (unknown 栏目, bad file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from . import authoring, importer

COMMANDS = ("new", "import")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是 YYYY-MM-DD 格式的日期") from None


def _today(args: argparse.Namespace) -> dt.date:
    if args.today:
        today: dt.date = args.today  # set by argparse's type=_date
        return today
    env = os.environ.get("GONGKAI_TODAY")
    return _date(env) if env else dt.date.today()


def add_parsers(sub: Any) -> None:
    new = sub.add_parser(
        "new", help="新建一条信息：按栏目和标题写好文件，自动取下一个索引号", description="新建一条信息文件（不会覆盖已有文件）。"
    )
    new.add_argument("column", metavar="栏目", help="栏目名称（如 行政规范性文件）或栏目路径（如 gfxwj）")
    new.add_argument("title", metavar="标题", help="信息标题，含空格时加引号")
    new.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 content/、site_config/）")
    new.add_argument("--today", type=_date, default=None, help="发布日期（YYYY-MM-DD，默认今天）")
    new.add_argument("--body", default="", metavar="标识", help="集约化平台上的机关（如 fgw）：写到 content/<标识>/，用该机关的索引号")
    new.add_argument(
        "--解读对象", dest="targets", action="append", default=[], metavar="索引号", help="政策解读栏目必填：被解读文件的索引号，可写多次"
    )
    imp = sub.add_parser("import", help="把旧目录表格（xlsx/csv）转换为信息文件，逐行报告不能转换的原因")
    columns = "索引号/名称/发布机构/成文日期/发布日期/文号/分类"
    imp.add_argument("file", type=Path, metavar="表格文件", help=f".xlsx 或 .csv（UTF-8 或 GBK），列：{columns}")
    imp.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 content/、site_config/）")
    imp.add_argument("--map", action="append", default=[], metavar="旧分类=栏目", help="把表格中的分类对应到栏目名称，可写多次")
    imp.add_argument("--today", type=_date, default=None, help="按哪一天检查日期（YYYY-MM-DD，默认今天）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写文件")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "new":
            path, index_no = authoring.new_item(args.root.resolve(), args.column, args.title, _today(args), args.targets, args.body)
            print(f"已新建 {os.path.relpath(path)}（索引号 {index_no}）。请补充正文和其他字段，然后运行 gongkai check。")
            return 0
        return _import(args)
    except authoring.AuthoringError as exc:
        print(f"gongkai {args.command}: {exc}", file=sys.stderr)
        return exc.code


def _import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise authoring.AuthoringError(f"找不到文件 {args.file}", code=2)
    result = importer.run_import(args.root.resolve(), args.file, importer.parse_mapping(args.map), _today(args), args.dry_run)
    verb = "可导入" if args.dry_run else "已导入"
    for row, path, index_no in result.written:
        print(f"第 {row} 行：{verb} {os.path.relpath(path)}（索引号 {index_no}）")
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    print(f"{verb} {len(result.written)} 条，未导入 {len(result.problems)} 行。")
    return 1 if result.problems else 0
