"""Staff authoring: `gongkai new <栏目> "标题"` and the item-file writer shared with `gongkai import`.

Owns three things: the next free 索引号 serial for a year (one cheap regex pass over every file's front
matter in content/, plus the numbers of files deleted in git history, so a withdrawn item's number is never
reused), the file name `content/<栏目路径>/<YYYY-NNNNN>-<短标题>.md`, and the text of a new item (every
required key, today's date, a `yaml-language-server` modeline so editors complete and validate the front
matter against catalog_schema/item.schema.json). Every placeholder it writes (the body, the commented optional
fields) carries `checks.placeholders.MARK`, so an unedited file is an error, never a published page. Files are
opened with mode "x": nothing is ever overwritten. That write stays here (a writer, allow-listed in
tests/test_source_readers.py); every read (front matter heads, 索引号 lines, git history) goes through `source/`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalog import closest, load_body, load_body_catalog
from .checks.identifiers import serial_pattern
from .checks.placeholders import MARK
from .model import Body, Catalog, Column, Finding
from .source import frontmatter, gitlog

CONTENT_DIR = "content"
SCHEMA = "catalog_schema/item.schema.json"
MODELINE = "# yaml-language-server: $schema={path}"
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s\x00-\x1f#%&{}$!'@+`=]+")
# Wording that makes titles long without telling files apart (示例县人民政府办公室关于印发……的通知).
_LEAD = re.compile(r"^(?:.{0,30}?关于)?(?:印发|转发|公布)?")
_TAIL = re.compile(r"的?(?:通知|公告|通告|决定|批复)$")
SHORT_TITLE_CHARS = 30


class AuthoringError(Exception):
    """A staff mistake `new`/`import` cannot proceed with; `code` is the CLI exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Project:
    """What authoring needs from a project: its root, the body (索引号 前段码 and format) and the catalog."""

    root: Path
    body: Body
    catalog: Catalog
    folder: str = ""  # a platform body's folder under content/ ("<id>"; "" for the 本级政府)

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR / self.folder

    def column(self, name: str) -> Column:
        """The column staff named (exact 名称, or its 路径); exit code 2 with the choices otherwise."""
        col = self.catalog.by_name.get(name) or self.catalog.by_slug.get(name)
        if col is None or not col.accepts_items:
            what = "不存在" if col is None else "不能直接放信息（它是栏目分组或由系统生成）"
            names = [c.name for c in self.catalog.item_columns]
            near = closest(name, names)
            hint = f"是不是：{'、'.join(near)}？" if near else ""
            raise AuthoringError(f"栏目「{name}」{what}。{hint}可选栏目：{'、'.join(names)}", code=2)
        return col


def open_project(root: Path, body_id: str = "") -> Project:
    """Read site_config/body.yml (a platform body's site_config/bodies/<id>.yml) and the catalog; their findings
    become one AuthoringError (exit 2)."""
    findings: list[Finding] = []
    config = f"site_config/bodies/{body_id}.yml" if body_id else "site_config/body.yml"
    if body_id and not (root / config).is_file():
        raise AuthoringError(f"平台上没有机关「{body_id}」：找不到 {config}（gongkai body add 新建机关）", code=2)
    body = load_body(root, findings, config)
    catalog = load_body_catalog(root, body, findings) if body else None
    if body is None or catalog is None:
        detail = "；".join(f.format() for f in findings if f.severity == "error") or f"找不到 {config}"
        raise AuthoringError(f"无法读取本机关配置或栏目目录：{detail}（先运行 gongkai check）", code=2)
    return Project(root, body, catalog, body_id)


def front_matter_numbers(texts: Iterable[str]) -> set[str]:
    """Every 索引号 written in the front matter of the given file texts (no YAML parse, no validation)."""
    out: set[str] = set()
    for text in texts:
        parts = frontmatter.split(text)
        if parts:
            out.update(frontmatter.index_numbers(parts[0]))
    return out


def _content_texts(content: Path) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".md"):
                text = frontmatter.head(Path(dirpath) / name)  # front matter is at the top
                if text is not None:
                    yield text


def used_numbers(project: Project) -> set[str]:
    return front_matter_numbers(_content_texts(project.content)) | gitlog.deleted_index_numbers(project.root, CONTENT_DIR)


def format_serial(fmt: str, day: dt.date, serial: int) -> str:
    """Fill a 后段码 format ("YYYY-NNNNN", "YYYYMM-NNNNN") for `day` and `serial`."""
    out = ""
    for run in re.findall(r"Y+|M+|N+|[^YMN]+", fmt):
        if run[0] == "Y":
            out += f"{day.year:04d}"[-len(run) :]
        elif run[0] == "M":
            out += f"{day.month:0{len(run)}d}"
        elif run[0] == "N":
            out += f"{serial:0{len(run)}d}"
        else:
            out += run
    return out


def next_index_no(project: Project, day: dt.date, used: set[str] | None = None) -> str:
    """The body's next free 索引号 for `day`'s year: one more than the highest serial used that year."""
    body = project.body
    pattern = serial_pattern(body.serial_format)
    highest = 0
    for number in used if used is not None else used_numbers(project):
        prefix, _, tail = number.partition("/")
        m = pattern.match(tail)
        if prefix == body.prefix and m and int(m.group("year")) == day.year:
            highest = max(highest, int(m.group("serial")))
    return f"{body.prefix}/{format_serial(body.serial_format, day, highest + 1)}"


def short_title(title: str, body: Body | None = None) -> str:
    """A file-name-safe short form of a title: drops the issuing body, 关于/印发 and 的通知."""
    text = title.strip()
    shorter = _TAIL.sub("", _LEAD.sub("", text, count=1))
    if body is not None:
        for name in sorted({body.name, body.short_name, body.office.name}, key=len, reverse=True):
            if name and shorter.startswith(name):
                shorter = shorter[len(name) :]
                break
    text = shorter if len(shorter) >= 2 else text
    text = _UNSAFE.sub("-", text).strip("-.")
    return text[:SHORT_TITLE_CHARS] or "信息"


def item_path(project: Project, column: Column, index_no: str, title: str) -> Path:
    serial = index_no.partition("/")[2]
    return project.content / column.slug / f"{serial}-{short_title(title, project.body)}.md"


def modeline(path: Path, root: Path) -> str:
    rel = os.path.relpath(root / SCHEMA, path.parent).replace(os.sep, "/")
    return MODELINE.format(path=rel)


def render_item(path: Path, root: Path, meta: dict[str, Any], hints: Iterable[str] = (), body: str = "") -> str:
    """An item file: modeline, the fields in the order of the info card, commented hints, then the body."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    lines = [modeline(path, root), front.rstrip("\n"), *hints]
    text = body if body.endswith("\n") or not body else body + "\n"
    return "---\n" + "\n".join(lines) + "\n---\n\n" + text


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never overwrite (AuthoringError, exit 1)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise AuthoringError(f"文件 {path} 已存在，未做任何修改。请直接编辑该文件，或换一个标题。") from None


def new_item_meta(project: Project, column: Column, title: str, index_no: str, day: dt.date, targets: Iterable[str] = ()) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "标题": title,
        "索引号": index_no,
        "栏目": column.name,
        "发文机关": project.body.name,
        "发布日期": day,
    }
    if column.lifecycle:
        meta["有效性"] = {"状态": "有效"}
    if column.kind == "解读":
        meta["解读对象"] = list(targets)
        meta["解读形式"] = "文字解读"
        meta["解读机关"] = project.body.name
    return meta


NEW_BODY = f"{MARK}在此填写正文（把这一行换成正文；正文未填写时网站不会生成）。\n"
"""The body `gongkai new` writes: an error in `gongkai check` and the build until replaced (`checks.placeholders`)."""


def new_hints(project: Project, column: Column, day: dt.date) -> list[str]:
    """The commented optional fields; the 发文字号 example uses the body's own 机关代字 (body.yml), if set."""
    prefix = project.body.agency_code
    doc_no = f"{prefix}〔{day.year}〕1号" if prefix else f"（机关代字）〔{day.year}〕1号"
    hints = [
        f"# 以下字段按需填写：去掉行首的 #，把「{MARK}」和示例换成真实内容（留着「{MARK}」的信息不会发布）：",
        f"# 成文日期: {MARK}YYYY-MM-DD        # 公文的签发日期",
        f"# 发文字号: {MARK}{doc_no}  # 年份用六角括号〔〕，序号不加“第”、不补 0",
        f"# 主题分类: {MARK}",
        f"# 主题词: [{MARK}词语1, 词语2]",
        f"# 内容概述: {MARK}一两句话说明这条信息的主要内容",
    ]
    if column.kind == "解读":
        hints.insert(1, "# 解读对象写被解读文件的索引号；解读形式：文字解读、图解、音视频、问答")
    return hints


def new_item(
    root: Path, column_name: str, title: str, day: dt.date, targets: Iterable[str] = (), body_id: str = ""
) -> tuple[Path, str]:
    """`gongkai new`: write the new item file and return (path, 索引号); `targets` are a 解读's 解读对象;
    `body_id`: a platform body (its folder content/<id>/ and its own 索引号 prefix and serials)."""
    title = title.strip()
    if len(title) < 2:
        raise AuthoringError("标题至少两个字", code=2)
    project = open_project(root, body_id)
    column = project.column(column_name)
    targets = list(targets)
    if column.kind == "解读" and not targets:
        example = f"{project.body.prefix}/{day.year}-00001"
        raise AuthoringError(f"政策解读要写明解读哪份文件：加 --解读对象 被解读文件的索引号（如 {example}）", code=2)
    index_no = next_index_no(project, day)
    path = item_path(project, column, index_no, title)
    meta = new_item_meta(project, column, title, index_no, day, targets)
    write_new(path, render_item(path, root, meta, new_hints(project, column, day), NEW_BODY))
    return path, index_no
