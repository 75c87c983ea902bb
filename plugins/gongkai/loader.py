"""Build the `Model` once: read site_config, the catalog and every item, validate, index.

`gongkai check` and the MkDocs core plugin both call `load()`; nothing raises past it. Every problem a
staff member can cause becomes a `Finding` naming the file, the line, the field and the fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import completeness, guide, platform_config, render, report, rules, schema, scoring, standard_catalog, standard_freshness
from .catalog import closest, load_body, load_body_catalog
from .checks import links, placeholders, privacy
from .checks.dates import parse_date
from .checks.identifiers import check_doc_no, check_index_no
from .model import (
    Attachment,
    Body,
    Catalog,
    Column,
    ColumnKind,
    Consultation,
    Finding,
    Inspection,
    Item,
    Loaded,
    Model,
    Platform,
    Scoring,
    SeverityName,
    Validity,
)
from .model.standard import FreshnessRules, StandardCatalog
from .plaintext import EXCERPT_SOURCE_CHARS
from .platform_config import BodyEntry
from .processes import cpus, may_fork
from .safety import ACTIVE_DOCUMENT_TYPES, active_reason, active_type
from .source import frontmatter, gitlog

CONTENT_DIR = "content"
FREE_PAGES_DIR = "pages"
"""Markdown under `content/pages/` is an ordinary page (e.g. 联系我们), not a disclosure item."""


def is_item_path(src_uri: str) -> bool:
    name = src_uri.rsplit("/", 1)[-1]
    return (
        src_uri.endswith(".md")
        and not src_uri.startswith(FREE_PAGES_DIR + "/")
        and name not in ("index.md", "README.md")
        and not name.startswith((".", "_"))
    )


def _item(
    src_uri: str,
    shown: str,
    meta: dict[str, Any],
    parsed: frontmatter.Parsed,
    column: Column,
    published: dt.date,
    dates: dict[str, dt.date | None],
    doc_no: str,
    validity: Validity | None,
    registration: str,
    consultation: Consultation | None,
    attachments: tuple[Attachment, ...],
    body_links: tuple[tuple[str, int], ...],
) -> Item:
    """The frozen item of a file whose checks found no error."""
    issuers = meta["发文机关"]
    keywords = meta.get("主题词", ())
    if isinstance(keywords, str):
        keywords = tuple(k for k in re.split(r"[\s,，;；、]+", keywords) if k)
    return Item(
        src_uri=src_uri,
        file=shown,
        title=meta["标题"].strip(),
        index_no=meta["索引号"],
        column=column,
        issuers=_shared((issuers,) if isinstance(issuers, str) else tuple(issuers)),
        published=published,
        written=dates.get("成文日期"),
        formed=dates.get("形成日期"),
        doc_no=doc_no,
        topic=_shared(meta.get("主题分类", "")),
        keywords=_shared(tuple(keywords)),
        summary=meta.get("内容概述", "").strip(),
        disclosure=_shared(meta.get("公开属性", "主动公开")),
        withheld_reason=meta.get("不予公开理由", ""),
        validity=validity,
        registration=registration,
        consultation=consultation,
        feedback_for=str(meta.get("反馈对象", "")).strip(),
        attachments=attachments,
        interprets=tuple(meta.get("解读对象", ())),
        interpretation_form=_shared(meta.get("解读形式", "")),
        interpreter_org=_shared(meta.get("解读机关", "").strip()),
        interpreter_person=meta.get("解读人", "").strip(),
        standard_matter=meta.get("标准事项", "").strip(),
        land_location=meta.get("征地位置"),
        privacy_allow=tuple((a["值"], a["理由"]) for a in meta.get("个人信息豁免", ())),
        links=body_links,
        lines=parsed.lines,
        body_head=parsed.body[:EXCERPT_SOURCE_CHARS],
    )


def _shared(value: Any) -> Any:
    """One object for a text (or a tuple's texts) that many items repeat: 发文机关, 主题分类, 主题词, 公开属性, 解读形式.

    Each item's YAML gives it a copy of its own; 20,000 items would keep 20,000 copies of the same few names. Interned
    in a forked reader, a text is also pickled once per chunk (gongkai.loader._build_chunk) and unpickled once.
    """
    if type(value) is str:
        return sys.intern(value)
    if type(value) is tuple:
        return tuple(sys.intern(v) if type(v) is str else v for v in value)
    return value


def _discover_paths(docs_dir: Path) -> list[tuple[str, str]]:
    """All item files under `docs_dir` as (src_uri, path), sorted by path; paths as strings, no `Path` per file (20,000 items)."""
    out = []
    base = os.fspath(docs_dir)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, base)  # once per folder: string work, not a Path per file
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in filenames:
            src_uri = prefix + name
            if is_item_path(src_uri):
                out.append((src_uri, os.path.join(dirpath, name)))
    out.sort()
    return out


_Add = Callable[..., None]
"""`add(rule, key, message, expected="", severity="error")`: a finding at the line of front-matter key `key`."""


class _ItemBuilder:
    """Turns one parsed file into an `Item`, collecting findings as it goes."""

    def __init__(
        self, root: Path, docs_dir: Path, catalog: Catalog, body: Body, today: dt.date, renderer: render.Renderer | None = None
    ) -> None:
        self.root = root
        self.renderer = renderer  # gongkai check: render each body as the build does and gate it (the build gates its pages)
        self.allowed_types = allowed_attachment_types(body)
        self.docs_dir = docs_dir
        self.catalog = catalog
        self.body = body
        self.today = today
        self.item_schema = root / "catalog_schema" / "item.schema.json"
        self.required = frozenset(schema.required_keys(self.item_schema))
        self.column_names = [c.name for c in catalog.item_columns]
        self.choices = "、".join(self.column_names)
        self.registration = (body.registration_pattern, body.registration_example)  # the province's 登记编号 pattern and example
        self.public_numbers = body.public_numbers  # the body's own phones/accounts are not personal data
        self.root_prefix = os.path.join(os.fspath(root), "")

    def build(self, src_uri: str, path: Path | str, findings: list[Finding]) -> Item | None:
        """The item of one file, or None when it has an error (every error found is in `findings`)."""
        text_path = os.fspath(path)
        shown = text_path[len(self.root_prefix) :] if text_path.startswith(self.root_prefix) else os.path.relpath(path, self.root)
        parsed = frontmatter.read(path)
        if parsed.error:
            rule, line, message, expected = parsed.error
            findings.append(Finding(shown, line, rule, "error", message, expected=expected))
            return None
        start = len(findings)
        meta = self._valid_meta(shown, parsed, findings)
        if meta is None:
            return None
        lines = parsed.lines

        def add(rule: str, key: str, message: str, expected: str = "", severity: SeverityName = "error") -> None:
            findings.append(Finding(shown, lines.get(key, 1), rule, severity, message, field=key, expected=expected))

        dates = self._dates(meta, add)
        # The year part vs 发布日期 is a check-only warning (`rules.identifiers.index_year`), never a build stop.
        for rule, message, expected, severity in check_index_no(meta["索引号"], self.body.prefix, self.body.serial_format, None):
            add(rule, "索引号", message, expected, severity)
        column = self._column(meta, add)
        doc_no = self._doc_no(meta, dates.get("成文日期"), add)
        validity = self._validity(meta, add)
        registration = self._registration(meta, add)
        consultation = self._consultation(meta, add)
        if column is not None and column.lifecycle and validity is None:
            add("validity-missing", "栏目", f"「{column.name}」栏目的文件必须写有效性", "有效性:\n  状态: 有效")
        attachments = self._attachments(src_uri, meta, add)
        self._scan_body(shown, parsed.body, parsed.body_line, meta, findings)
        body_links = links.extract(parsed.body, parsed.body_line)
        self._active_links(src_uri, shown, body_links, findings)
        published = dates["发布日期"]
        if published is None or column is None or any(f.severity == "error" for f in findings[start:]):
            return None
        return _item(
            src_uri, shown, meta, parsed, column, published, dates, doc_no, validity, registration, consultation, attachments, body_links
        )  # fmt: skip

    def _valid_meta(self, shown: str, parsed: frontmatter.Parsed, findings: list[Finding]) -> dict[str, Any] | None:
        """The front matter without fields still holding 【待填写】, or None when it breaks the item schema."""
        meta, lines = parsed.meta, parsed.lines
        for key, line in parsed.duplicate_keys:
            findings.append(
                Finding(
                    shown, line, "duplicate-key", "error", f"字段「{key}」写了两次，只会保留后一个值", field=key, expected="删除重复的一行"
                )
            )
        self._scan_placeholder_body(shown, parsed.body, parsed.body_line, findings)
        holes = self._placeholders(shown, meta, lines, findings)  # fields still holding 【待填写】 are left out below
        if holes:
            meta = {k: v for k, v in meta.items() if k not in holes}
        errors = [e for e in schema.validate(meta, self.item_schema, shown, lines) if e.field.split("/", 1)[0] not in holes]
        findings.extend(errors)
        if errors or holes & self.required:
            return None
        return meta

    def _dates(self, meta: dict[str, Any], add: _Add) -> dict[str, dt.date | None]:
        """发布日期 (always a key), 成文日期 and 形成日期 when written: real dates, not in the future, in order."""
        published, why = parse_date(meta["发布日期"])
        if published is None:
            add("date-invalid", "发布日期", why, "YYYY-MM-DD，例如 2024-03-05")
        dates: dict[str, dt.date | None] = {"发布日期": published}
        for key in ("成文日期", "形成日期"):
            if key in meta:
                value, why = parse_date(meta[key])
                if value is None:
                    add("date-invalid", key, why, "YYYY-MM-DD，例如 2024-03-05")
                dates[key] = value
        for key, value in dates.items():
            if value is not None and value > self.today:
                add(
                    "date-future",
                    key,
                    f"{key} {value.isoformat()} 晚于今天（{self.today.isoformat()}）",
                    "不晚于今天的日期；提前准备的信息到发布当天再提交",
                )
        written = dates.get("成文日期")
        if published and written and published < written:
            add("date-order", "发布日期", f"发布日期 {published.isoformat()} 早于成文日期 {written.isoformat()}", "发布日期不早于成文日期")
        return dates

    def _column(self, meta: dict[str, Any], add: _Add) -> Column | None:
        """The column named by 栏目, if it exists and takes items."""
        column = self.catalog.by_name.get(meta["栏目"])
        if column is None or not column.accepts_items:
            what = "不存在" if column is None else "不能直接放信息（它是栏目分组或由系统生成）"
            near = closest(str(meta["栏目"]), self.column_names)
            hint = f"是不是：{'、'.join(near)}？" if near else ""
            add("column-unknown", "栏目", f"栏目「{meta['栏目']}」{what}", f"{hint}以下之一：{self.choices}")
            return None
        return column

    @staticmethod
    def _doc_no(meta: dict[str, Any], written: dt.date | None, add: _Add) -> str:
        """The 发文字号 ("" without one): GB/T 9704 form, its year against 成文日期, and a 成文日期 to go with it."""
        doc_no = str(meta.get("发文字号", "")).strip()
        if not doc_no:
            return doc_no
        problem = check_doc_no(doc_no)
        if problem:
            severity, rule, message, expected = problem
            add(rule, "发文字号", message, expected, severity)
        m = re.search(r"〔(\d{4})〕", doc_no)
        if m and written and int(m.group(1)) != written.year:
            add(
                "doc-no-year",
                "发文字号",
                f"发文字号中的年份 {m.group(1)} 与成文日期的年份 {written.year} 不一致",
                f"〔{written.year}〕",
                "warning",
            )
        if "成文日期" not in meta:
            add("date-written-missing", "发文字号", "有发文字号的公文应写成文日期", "成文日期: YYYY-MM-DD", "warning")
        return doc_no

    @staticmethod
    def _placeholders(shown: str, meta: dict[str, Any], lines: dict[str, int], findings: list[Finding]) -> set[str]:
        """Report every front-matter value still holding the placeholder marker; return their top-level keys."""
        keys: set[str] = set()
        for path, value in placeholders.in_meta(meta):
            message, expected = placeholders.meta_message(path, value)
            line = schema.nearest_line(path, lines)
            findings.append(Finding(shown, line, "placeholder", "error", message, field=path, expected=expected))
            keys.add(path.split("/", 1)[0])
        return keys

    @staticmethod
    def _scan_placeholder_body(shown: str, body: str, body_line: int, findings: list[Finding]) -> None:
        for offset in placeholders.in_body(body):
            line_start = body.rfind("\n", 0, offset) + 1
            text = body[line_start : body.find("\n", offset) if "\n" in body[offset:] else len(body)].strip()
            findings.append(
                Finding(
                    shown,
                    body_line + body.count("\n", 0, offset),
                    "placeholder",
                    "error",
                    f"{placeholders.BODY_MESSAGE}：「{text[:40]}」",
                    field="正文",
                    expected=placeholders.BODY_FIX,
                )
            )

    def _validity(self, meta: dict[str, Any], add: _Add) -> Validity | None:
        raw = meta.get("有效性")
        if raw is None:
            return None
        values: dict[str, dt.date | None] = {}
        for key in ("日期", "施行日期", "有效期至"):
            if key in raw:
                value, why = parse_date(raw[key])
                if value is None:
                    add("date-invalid", f"有效性/{key}", why, "YYYY-MM-DD")
                values[key] = value
        state = raw["状态"]
        if state in ("已修改", "已失效", "已废止") and "日期" not in raw:
            add("validity-date", "有效性", f"状态为「{state}」时必须写明日期", "有效性 → 日期: YYYY-MM-DD")
        when = values.get("日期")
        if when and when > self.today:
            add("date-future", "有效性/日期", f"有效性日期 {when.isoformat()} 晚于今天", "不晚于今天的日期")
        expires, term = self._term(raw, values, add)
        return Validity(
            stated=state,
            stated_date=when,
            effective=values.get("施行日期"),
            successor=raw.get("替代文件", ""),
            reason=raw.get("说明", ""),
            expires=expires,
            term=term,
            asof=self.today,
        )

    def _consultation(self, meta: dict[str, Any], add: _Add) -> Consultation | None:
        """意见征集: 征集开始 and 征集结束 (both inclusive) with 征集渠道; all three or none."""
        keys = ("征集开始", "征集结束", "征集渠道")
        given = [k for k in keys if k in meta]
        if not given:
            return None
        missing = [k for k in keys if k not in meta]
        if missing:
            add("consultation-incomplete", given[0], f"意见征集须同时写{'、'.join(keys)}，缺少{'、'.join(missing)}", f"补写 {missing[0]}")
            return None
        days = {}
        for key in keys[:2]:
            value, why = parse_date(meta[key])
            if value is None:
                add("date-invalid", key, why, "YYYY-MM-DD")
                return None
            days[key] = value
        if days["征集结束"] < days["征集开始"]:
            why = f"征集结束 {days['征集结束'].isoformat()} 早于征集开始 {days['征集开始'].isoformat()}"
            add("consultation-order", "征集结束", why, "不早于征集开始的日期")
            return None
        channels = tuple((c["方式"], c["地址"].strip()) for c in meta["征集渠道"])
        return Consultation(days["征集开始"], days["征集结束"], channels)

    def _registration(self, meta: dict[str, Any], add: _Add) -> str:
        """登记编号, checked against the province's pattern (`site_config/body.yml` → 规范性文件登记编号 → 格式)."""
        value = str(meta.get("登记编号", "")).strip()
        if value and self.registration[0] is not None and not self.registration[0].fullmatch(value):
            example = f"，例如 {self.registration[1]}" if self.registration[1] else ""
            add(
                "registration-format",
                "登记编号",
                f"登记编号「{value}」不符合本省的统一编号格式",
                f"符合 site_config/body.yml 中 规范性文件登记编号 → 格式（{self.registration[0].pattern}）{example}",
            )
        return value

    @staticmethod
    def _term(raw: dict[str, Any], values: dict[str, dt.date | None], add: _Add) -> tuple[dt.date | None, str]:
        """The last valid day of the 有效期 and how the file states it (有效期至, or 有效期年限 from the 施行日期)."""
        trial = raw.get("试行", "")
        effective = values.get("施行日期")
        if "有效期至" in raw and "有效期年限" in raw:
            add("validity-term", "有效性/有效期年限", "有效期至和有效期年限只能写其一", "删除其中一个")
            return None, ""
        if "有效期年限" in raw:
            years = raw["有效期年限"]
            if effective is None:
                why = "写了有效期年限，但没有写施行日期（有效期自施行日期起算）"
                add("validity-term", "有效性/有效期年限", why, "有效性 → 施行日期: YYYY-MM-DD")
                return None, ""
            last = add_years(effective, years) - dt.timedelta(days=1)
            return last, f"{trial or '有效期'}{years}年，至{last.year}年{last.month}月{last.day}日"
        until = values.get("有效期至")
        if until is None:
            return None, ""
        if effective is not None and until < effective:
            why = f"有效期至 {until.isoformat()} 早于施行日期 {effective.isoformat()}"
            add("validity-term", "有效性/有效期至", why, "不早于施行日期的日期")
            return None, ""
        text = f"有效期至{until.year}年{until.month}月{until.day}日"
        return until, f"{trial}，{text}" if trial else text

    def _attachments(self, src_uri: str, meta: dict[str, Any], add: _Add) -> tuple[Attachment, ...]:
        if "附件" not in meta:
            return ()
        out = []
        base = Path(self.docs_dir, src_uri).parent
        for n, raw in enumerate(meta.get("附件", ())):
            ref = raw["文件"].strip()
            key = f"附件/{n}/文件"
            target = (self.docs_dir / ref.lstrip("/")) if ref.startswith("/") else (base / ref)
            target = Path(os.path.normpath(target))
            try:
                rel = target.relative_to(self.docs_dir).as_posix()
            except ValueError:
                add("attachment-outside", key, f"附件「{ref}」不在 content/ 目录内", "把附件放在 content/ 下，例如与本文件同一目录")
                continue
            if not target.is_file():
                add("attachment-missing", key, f"附件「{ref}」不存在", f"检查文件名和路径（按 {rel} 查找）")
                continue
            kind = active_type(target.name, self.allowed_types)
            if kind:
                add("attachment-active", key, f"附件「{ref}」不能发布：{active_reason(kind)}", ACTIVE_FIX)
                continue
            out.append(Attachment(src_uri=rel, name=raw.get("名称") or target.name, size=target.stat().st_size, ext=target.suffix.lower()))
        return tuple(out)

    def _active_links(self, src_uri: str, shown: str, found: tuple[tuple[str, int], ...], findings: list[Finding]) -> None:
        """A link in the body to a file under content/ that a browser would open as an active page of the site."""
        for target, line in found:
            try:
                urlsplit(target)  # MkDocs splits every link of a page
                if links.is_external(target) or links.is_ignored(target):
                    continue
                path = links.path_of(target)
            except ValueError:  # not a URL at all (e.g. an unclosed "[" of an IPv6 host); MkDocs would crash on it
                findings.append(Finding(shown, line, "link-invalid", "error", f"链接地址「{target}」无法解析", "正文", LINK_FIX))
                continue
            kind = active_type(path, self.allowed_types)
            if not kind:
                continue
            base = self.docs_dir if path.startswith("/") else Path(self.docs_dir, src_uri).parent
            if os.path.isfile(os.path.normpath(os.path.join(base, path.lstrip("/")))):
                message = f"正文链接的文件「{target}」不能发布：{active_reason(kind)}"
                findings.append(Finding(shown, line, "attachment-active", "error", message, field="正文", expected=ACTIVE_FIX))

    def _scan_body(self, shown: str, body: str, body_line: int, meta: dict[str, Any], findings: list[Finding]) -> None:
        allowed = {privacy.normalise(a["值"]) for a in meta.get("个人信息豁免", ())} | self.public_numbers
        for rule, kind, offset, value in privacy.scan(body):
            if privacy.normalise(value) in allowed:
                continue
            findings.append(
                Finding(
                    shown,
                    body_line + body.count("\n", 0, offset),
                    rule,
                    privacy.severity(rule),
                    f"正文含有{kind}：{privacy.mask(rule, value)}（条例第十五条，个人隐私不予公开）",
                    field="正文",
                    expected=privacy.fix(rule),
                )
            )
        if self.renderer is not None:
            findings.extend(self.renderer.findings(shown, body, body_line, "正文"))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 2月29日 becomes 3月1日 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


LINK_FIX = "写成完整的网址（如 https://www.gov.cn/）或站内文件的相对路径；方括号 [ ] 只能出现在 IPv6 地址中并须成对"
ACTIVE_FIX = "改为 PDF、OFD、Word 或图片（PNG、JPG）文件；确需发布这类文件时，在 site_config/body.yml 的 允许的附件类型 中写明扩展名"


def allowed_attachment_types(body: Body) -> frozenset[str]:
    """Active document types the body allows anyway (`允许的附件类型` in site_config/body.yml), as ".ext"."""
    return body.allowed_types


def active_files(src_uris: Iterable[str], body: Body, shown_prefix: str) -> list[Finding]:
    """Every file under content/ (published as is) that a browser would open as an active page of the site."""
    allowed = allowed_attachment_types(body)
    out = []
    for src_uri in src_uris:
        kind = active_type(src_uri, allowed)
        if kind and not src_uri.endswith(".md"):
            message = f"文件不能发布：{active_reason(kind)}"
            out.append(Finding(shown_prefix + src_uri, 1, "attachment-active", "error", message, expected=ACTIVE_FIX))
    return out


def _other_files(docs_dir: Path) -> tuple[list[str], list[str]]:
    """The files under `docs_dir` that are not items (hidden ones excluded), as src_uris: (active types, Markdown pages)."""
    active, pages = [], []
    base = os.fspath(docs_dir)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in filenames:
            ext = os.path.splitext(name)[1].lower()
            if name.startswith("."):
                continue
            if ext in ACTIVE_DOCUMENT_TYPES:
                active.append(prefix + name)
            elif ext == ".md" and not is_item_path(prefix + name):
                pages.append(prefix + name)
    return sorted(active), sorted(pages)


def check_pages(docs_dir: Path, src_uris: Iterable[str], shown_prefix: str, renderer: render.Renderer) -> list[Finding]:
    """`gongkai check`: the safety gate on Markdown pages that are not items (index.md, pages/…), as the build gates them."""
    out: list[Finding] = []
    for src_uri in src_uris:
        page = frontmatter.read_page(Path(docs_dir, src_uri))
        if page is None:
            continue  # the build reports unreadable pages itself
        body, first_line = page
        out.extend(renderer.findings(shown_prefix + src_uri, body, first_line, "正文"))
    return out


def load(
    root: Path | str,
    today: dt.date | None = None,
    docs_dir: Path | str | None = None,
    sources: Iterable[tuple[str, Path | str]] | None = None,
    check: bool = False,
    workers: int | None = None,
    static_files: Iterable[str] | None = None,
    keep: Kept | None = None,
) -> Loaded:
    """Read and validate everything once, build the frozen platform, run the rules; return both.

    The platform's bodies come from `site_config/platform.yml` (`gongkai.platform_config`; without it the
    project is a platform of one). `sources` lists (src_uri, path) pairs under docs_dir; default: all items.
    Each file belongs to the body whose folder holds it (`content/<id>/…`), the rest to the 本级政府.
    `check=True` (the `gongkai check` command) also runs the compliance rules (`rules.CHECK_RULES`). `workers`:
    processes that read item files (default: one per CPU from `PARALLEL_MIN_FILES` files on, else 1). Items and
    findings are the same, in the same order, whatever the number. `static_files`: src_uris of the non-Markdown
    files the build publishes (default: found under docs_dir). `keep`: items of a previous load that are not read
    again, and its catalogs (`kept_items`: the incremental preview of `mkdocs serve` re-reads only the changed files,
    with configuration unchanged; every rule runs again).
    """
    root = Path(root).resolve()
    docs = Path(docs_dir).resolve() if docs_dir else root / CONTENT_DIR
    today = today or dt.date.today()
    findings: list[Finding] = []
    if not _project_shape(root, findings):
        return Loaded(Platform(str(root), today), findings, len(findings))
    config = platform_config.read(root, findings)
    renderer = render.for_root(root) if check else None
    builders = _builders(root, docs, config, today, renderer, findings)
    if keep is not None:
        for prefix, (_, builder) in builders.items():
            builder.catalog = keep.catalogs.get(prefix, builder.catalog)  # the same columns: kept items stay as they are
    if "" not in builders:  # the 本级政府 is unusable: nothing to build (its findings say why)
        return Loaded(Platform(str(root), today, name=config.name, url=config.url), findings, len(findings))
    files = list(sources) if sources is not None else _discover_paths(docs)
    n_workers = _worker_count(len(files)) if workers is None else max(1, workers)
    by_body = _split(files, {e.prefix for e in config.bodies})
    if keep is not None:
        items = {prefix: _build_kept(builder, by_body.get(prefix, []), keep.items, findings) for prefix, (_, builder) in builders.items()}
    else:
        items = _read_items(builders, by_body, findings, n_workers)
    shown_prefix = os.path.relpath(docs, root).replace(os.sep, "/") + "/" if docs.is_relative_to(root) else os.fspath(docs) + "/"
    active, pages = _other_files(docs) if static_files is None else ([], [])
    active_by = _split(static_files if static_files is not None else active, set(builders))
    pages_by = _split(pages, set(builders))
    shared = _Shared.read(root)
    models = []
    for prefix, (entry, builder) in builders.items():
        findings.extend(active_files(active_by.get(prefix, []), builder.body, shown_prefix))
        if check and renderer is not None:
            findings.extend(check_pages(docs, pages_by.get(prefix, []), shown_prefix, renderer))
        model = _model(root, docs, entry, builder, items[prefix], today, shared)
        if not prefix:  # the other bodies' folders inside the 本级政府's content/ (its git walks leave them out)
            model = dataclasses.replace(model, nested=tuple(e.prefix for e in config.bodies if e.prefix))
        models.append(index(model, findings))
    others = [with_reports(m) for m in models[1:]]  # the bodies' reports first: the 本级政府's consolidated ones use them
    models = [with_reports(models[0], report.BodyReports.of(others) if others else None), *others] if models else []
    models = [with_standard(m, shared.standard_table, shared.freshness_rules, shared.freshness_problems) for m in models]
    models = with_joint_documents(models)
    build_count, spans = _run_rules(models, today, check, findings)
    platform = Platform(str(root), today, tuple(models), config.name, config.url)
    owners = [platform_config.owner(platform, f.file) for f in findings]
    for start, end, body_id in spans:
        owners[start:end] = [body_id] * (end - start)
    return Loaded(platform, findings, build_count, tuple(owners))


def _builders(
    root: Path,
    docs: Path,
    config: platform_config.PlatformConfig,
    today: dt.date,
    renderer: render.Renderer | None,
    findings: list[Finding],
) -> dict[str, tuple[BodyEntry, _ItemBuilder]]:
    """An item builder per usable body (its config and catalog load), by URL prefix; the others' findings say why not."""
    builders: dict[str, tuple[BodyEntry, _ItemBuilder]] = {}
    for entry in config.bodies:
        body = load_body(root, findings, entry.config_file)
        catalog = load_body_catalog(root, body, findings, entry.prefix) if body else None
        if body is not None and catalog is not None:
            builders[entry.prefix] = (entry, _ItemBuilder(root, docs, catalog, body, today, renderer))
    return builders


def _read_items(
    builders: dict[str, tuple[BodyEntry, _ItemBuilder]],
    by_body: dict[str, list[tuple[str, Path | str]]],
    findings: list[Finding],
    n_workers: int,
) -> dict[str, list[Item]]:
    """Every body's items, read by `n_workers` processes when more than one (the same items and findings either way)."""
    jobs = {prefix: (builder, by_body.get(prefix, [])) for prefix, (_, builder) in builders.items()}
    items = _build_parallel(jobs, findings, n_workers) if n_workers > 1 else None
    if items is None:  # small projects, one core, or no fork: one process (the same result)
        items = {prefix: _build_all(builder, body_files, findings) for prefix, (builder, body_files) in jobs.items()}
    return items


@dataclass(frozen=True)
class _Shared:
    """The data files all bodies share, read once; their problems are reported once, with the 本级政府."""

    inspection: Inspection
    inspection_problems: tuple[Finding, ...]
    scoring: Scoring
    scoring_problems: tuple[Finding, ...]
    guide_text: dict[str, Any] | None
    guide_problems: tuple[Finding, ...]
    standard_table: StandardCatalog  # the 标准目录 domains (each body adopts its own: `with_standard`)
    freshness_rules: FreshnessRules | None
    freshness_problems: tuple[Finding, ...]

    @classmethod
    def read(cls, root: Path) -> _Shared:
        inspection_problems: list[Finding] = []
        scoring_problems: list[Finding] = []
        guide_problems: list[Finding] = []
        inspection = completeness.load_inspection(root, inspection_problems)
        scoring_data = scoring.load(root, scoring_problems)
        guide_text = guide.load_statutory(root, guide_problems)
        standard_table = standard_catalog.load(root)
        freshness_problems: list[Finding] = []
        freshness_rules = standard_freshness.load_rules(root, freshness_problems)
        return cls(
            inspection, tuple(inspection_problems), scoring_data, tuple(scoring_problems), guide_text, tuple(guide_problems),
            standard_table, freshness_rules, tuple(freshness_problems),
        )  # fmt: skip


def _model(root: Path, docs: Path, entry: BodyEntry, builder: _ItemBuilder, items: list[Item], today: dt.date, shared: _Shared) -> Model:
    """One body's model before its indexes and reports (`index`, `with_reports`)."""
    prefix = entry.prefix
    return Model(
        str(root),
        builder.catalog,
        builder.body,
        tuple(items),
        today,
        str(docs / prefix) if prefix else str(docs),
        inspection=shared.inspection,
        inspection_problems=shared.inspection_problems if not prefix else (),
        scoring=shared.scoring,
        scoring_problems=shared.scoring_problems if not prefix else (),
        guide_text=shared.guide_text,
        guide_problems=shared.guide_problems if not prefix else (),
        id=entry.id,
        kind=entry.kind,
        prefix=prefix,
    )


def _run_rules(models: list[Model], today: dt.date, check: bool, findings: list[Finding]) -> tuple[int, list[tuple[int, int, str]]]:
    """The build's rules for every body first, then (`check`) the check-only ones; returns how many findings the build's
    rules leave (`Loaded.build_count`) and each body's span of rule findings (start, end, body id), whatever file they name."""
    spans: list[tuple[int, int, str]] = []
    for model in models:
        start = len(findings)
        findings.extend(rules.run(model, today, check=False)[0])
        spans.append((start, len(findings), model.id))
    build_count = len(findings)
    if check:
        for model in models:
            start = len(findings)
            findings.extend(rules.check_only_findings(model, today))
            findings.extend(joint_findings(model, models))
            spans.append((start, len(findings), model.id))
    return build_count, spans


def with_joint_documents(models: list[Model]) -> list[Model]:
    """联合发文 (tests/fixtures/platform/README.md): an item whose 发文机关 list (two names or more) names other platform
    bodies (by their exact 机关名称) stays one file, one 索引号 and one URL in its own body, and is listed in those
    bodies' columns too. A single 发文机关 is never joint (a 本级政府 item issued by one of its departments).

    One pass over the items; each receiving column is merged and sorted once (O(N log N)).
    """
    if len(models) < 2:
        return models
    by_name = {m.body.name: m for m in models}
    received: dict[str, list[Item]] = {}
    partners: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {}
    for model in models:
        for item in model.items:
            if len(item.issuers) < 2 or not item.public:  # one issuer is never a 联合发文 (a 本级政府 item by one department)
                continue
            others = [by_name[n] for n in dict.fromkeys(item.issuers) if n in by_name and by_name[n] is not model]
            if not others:
                continue
            partners.setdefault(model.prefix, {})[item.index_no] = tuple((o.body.name, o.prefix) for o in others)
            for other in others:
                received.setdefault(other.prefix, []).append(item)
    out = []
    for model in models:
        joint = received.get(model.prefix, [])
        by_column = dict(model.by_column)
        for item in joint:
            column = model.catalog.by_slug.get(item.column.slug)
            if column is not None and column.accepts_items:
                by_column[column.slug] = [*by_column.get(column.slug, []), item]
        for slug in {item.column.slug for item in joint} & by_column.keys():
            by_column[slug] = sorted(by_column[slug], key=lambda i: i.sort_key)
        joint_bodies = partners.get(model.prefix, {})
        out.append(dataclasses.replace(model, by_column=by_column, joint_items=tuple(joint), joint_bodies=joint_bodies))
    return out


def joint_findings(model: Model, models: list[Model]) -> list[Finding]:
    """`gongkai check` on a platform: a 联合发文 should name its own body in 发文机关 (the lead body, whose folder holds
    it); a name that is a platform body's 简称 or its name without the county's name is probably meant as that body."""
    if len(models) < 2:
        return []
    names = {m.body.name for m in models}
    county = models[0].body.name.removesuffix("人民政府")
    loose = {}
    for m in models:
        for alias in (m.body.short_name, m.body.name.removeprefix(county) if county else ""):
            if alias and alias not in names:
                loose[alias] = m.body.name
    out = []
    for item in model.items:
        line = item.line_of("发文机关")
        joint = [n for n in item.issuers if n in names and n != model.body.name] if len(item.issuers) > 1 else []
        if joint and model.body.name not in item.issuers:
            message = f"联合发文的发文机关中没有本机关「{model.body.name}」（文件放在本机关的文件夹中，本机关是主办机关）"
            fix = f"发文机关: [{model.body.name}, {'、'.join(joint)}]（主办机关在前）；或把文件移到主办机关的文件夹"
            out.append(Finding(item.file, line, "joint-lead-missing", "warning", message, field="发文机关", expected=fix))
        for name in item.issuers:
            if name in loose:
                message = f"发文机关「{name}」像是平台上的「{loose[name]}」：只有与机关名称完全相同才算联合发文"
                fix = f"写全称「{loose[name]}」（联合发文会同时列入该机关的目录）"
                out.append(Finding(item.file, line, "joint-name-short", "info", message, field="发文机关", expected=fix))
    return out


def _split(entries: Iterable[Any], prefixes: set[str]) -> dict[str, list[Any]]:
    """Entries (src_uris or (src_uri, path) pairs) grouped by the body folder that holds them ("" = the 本级政府), in order."""
    out: dict[str, list[Any]] = {}
    for entry in entries:
        src_uri = entry if isinstance(entry, str) else entry[0]
        head = src_uri.split("/", 1)[0] + "/" if "/" in src_uri else ""
        out.setdefault(head if head in prefixes else "", []).append(entry)
    return out


def with_standard(
    model: Model, table: StandardCatalog, rules: FreshnessRules | None, rule_problems: tuple[Finding, ...]
) -> Model:
    """The body's adopted 标准目录 (its items and freshness) from the domains read once for the platform."""
    standard = standard_catalog.adopt(table, model.body, model.prefix, model.items, rules, model.today)
    return dataclasses.replace(
        model, standard=standard, standard_table=table, freshness_rules=rules, freshness_problems=rule_problems
    )


def with_reports(model: Model, bodies: report.BodyReports | None = None) -> Model:
    """The model with its 年报 files read (they refer to items: Part 2 counts, 索引号 shared with an item).

    `bodies`: on a platform, the other bodies' reports, for the 本级政府's consolidated reports (gongkai.report)."""
    problems, every = report.load_reports(model, bodies)
    ordered = sorted((r for r in every if r.usable), key=lambda r: (-r.year, not r.own_body, r.body))
    return dataclasses.replace(model, reports=tuple(ordered), report_files=tuple(every), report_problems=tuple(problems))


SHIPPED_SCHEMA = "catalog_schema/site_config.schema.json"
"""One file that every project folder has (the schemas ship with the project, not with the body)."""


def _project_shape(root: Path, findings: list[Finding]) -> bool:
    """A folder that is no Gongkai project (no catalog_schema/) is one clear error, not a traceback per reader."""
    if (root / SHIPPED_SCHEMA).is_file():
        return True
    findings.append(
        Finding(
            SHIPPED_SCHEMA,
            1,
            "project-incomplete",
            "error",
            f"「{root}」不是完整的项目目录：缺少 catalog_schema/ 目录（栏目目录和各类文件的格式定义随项目提供）",
            expected="在项目根目录（有 mkdocs.yml、catalog_schema/、site_config/ 的目录）运行，或用 --root 指向它；"
            "catalog_schema/ 被删除时从仓库恢复",
        )
    )
    return False


PARALLEL_MIN_FILES = 2000
"""Below this many item files one process is faster: starting workers and copying items back costs more."""
_CHUNK_FILES = 500
"""Files per task handed to a worker: small enough to balance two busy cores, large enough to batch the copying."""


def _build_all(builder: _ItemBuilder, files: Iterable[tuple[str, Path | str]], findings: list[Finding]) -> list[Item]:
    items = []
    for src_uri, path in files:
        item = builder.build(src_uri, path, findings)
        if item is not None:
            items.append(item)
    return items


def _build_kept(
    builder: _ItemBuilder, files: Iterable[tuple[str, Path | str]], keep: Mapping[str, Item], findings: list[Finding]
) -> list[Item]:
    """One body's items in file order: kept ones as they were (on this load's catalog columns), the others read."""
    by_name = builder.catalog.by_name
    items = []
    for src_uri, path in files:
        old = keep.get(src_uri)
        column = by_name.get(old.column.name) if old is not None else None
        if old is None or column is None:
            item = builder.build(src_uri, path, findings)
        else:
            item = old if column is old.column else dataclasses.replace(old, column=column)
        if item is not None:
            items.append(item)
    return items


@dataclass(frozen=True)
class Kept:
    """What `load(keep=...)` takes from a previous load instead of reading it again."""

    items: Mapping[str, Item]  # by src_uri
    catalogs: Mapping[str, Catalog]  # by body URL prefix


def kept_items(previous: Loaded, changed: Iterable[str]) -> Kept:
    """The items of `previous` except those of the `changed` src_uris, and its catalogs: `load(keep=...)` reads only the rest.

    Only for a configuration that did not change since `previous` (site_config/, catalog_schema/)."""
    gone = set(changed)
    items = {i.src_uri: i for body in previous.platform.bodies for i in body.items if i.src_uri not in gone}
    return Kept(items, {body.prefix: body.catalog for body in previous.platform.bodies})


def _worker_count(n_files: int) -> int:
    """Processes for `n_files` files: 1 for small projects, where fork is missing or unsafe; else one per CPU.

    `GONGKAI_WORKERS=N` in the environment sets the number for large projects (1: never fork).
    """
    if n_files < PARALLEL_MIN_FILES or not may_fork():
        return 1
    env = os.environ.get("GONGKAI_WORKERS", "")
    if env.isdigit():
        return max(1, int(env))
    return max(1, min(cpus(), n_files // (PARALLEL_MIN_FILES // 2)))


_ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(Item) if f.init)
_COLUMN_AT = _ITEM_FIELDS.index("column")
_worker_builders: dict[str, _ItemBuilder] = {}


def _init_worker(builders: dict[str, _ItemBuilder]) -> None:
    global _worker_builders
    _worker_builders = builders  # inherited through fork, never pickled


def _build_chunk(task: tuple[str, list[tuple[str, str]]]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """In a worker: build one body's `files` in order; return plain tuples (quick to pickle; `Column` by name)."""
    prefix, files = task
    found: list[Finding] = []
    states = []
    for item in _build_all(_worker_builders[prefix], files, found):
        state = [getattr(item, name) for name in _ITEM_FIELDS]
        state[_COLUMN_AT] = item.column.name
        states.append(tuple(state))
    return states, [(f.file, f.line, f.rule, f.severity, f.message, f.field, f.expected) for f in found]


def _build_parallel(
    jobs: dict[str, tuple[_ItemBuilder, list[tuple[str, Path | str]]]], findings: list[Finding], n_workers: int
) -> dict[str, list[Item]] | None:
    """Build every body's files in `n_workers` forked processes, chunk by chunk (a chunk never spans two bodies);
    results joined in body and file order. None: use one process.

    (Letting this process build chunks too was measured slower: it then competes for the GIL with the
    thread that receives the workers' results.)
    """
    tasks = [
        (prefix, [(src, os.fspath(path)) for src, path in files[i : i + _CHUNK_FILES]])
        for prefix, (_, files) in jobs.items()
        for i in range(0, len(files), _CHUNK_FILES)
    ]
    builders = {prefix: builder for prefix, (builder, _) in jobs.items()}
    for builder in builders.values():
        schema.fast_check(str(builder.item_schema))  # compile once here; the workers inherit it
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(n_workers, mp_context=context, initializer=_init_worker, initargs=(builders,)) as pool:
            results = list(pool.map(_build_chunk, tasks))
    except (OSError, ValueError, BrokenProcessPool):  # no fork, no processes to be had: read in this one
        return None
    items: dict[str, list[Item]] = {prefix: [] for prefix in jobs}
    for (prefix, _), (states, found) in zip(tasks, results, strict=True):
        by_name = builders[prefix].catalog.by_name
        for state in states:
            values = list(state)
            values[_COLUMN_AT] = by_name[state[_COLUMN_AT]]
            items[prefix].append(Item(*values))
        findings.extend(Finding(*f) for f in found)
    return items


def duplicate_findings(model: Model, groups: list[list[Item]]) -> list[Finding]:
    """`index-duplicate` for EVERY file of each group sharing an 索引号, each naming the others (file and line),
    and, when git history shows it, which file committed the number first (one `git log` walk for all groups)."""
    first = gitlog.first_uses(Path(model.root), Path(model.docs_dir), {g[0].index_no for g in groups})
    out = []
    for group in groups:
        number = group[0].index_no
        use = first.get(number)
        for item in group:
            others = "、".join(f"{o.file} 第{o.line_of('索引号')}行" for o in group if o is not item)
            message = f"索引号「{number}」与 {others} 重复"
            expected = "每条信息的索引号唯一；用 gongkai new 取得下一个可用序号"
            if use is not None and use.path == item.file:
                message += f"；git 历史显示本文件于{use.date}先提交使用这个号码"
                expected = "本文件保留这个号码；其他文件改用 gongkai new 取得的下一个可用序号"
            elif use is not None:
                message += f"；该索引号先由 {use.path} 于{use.date}提交使用"
                expected = "本文件改用 gongkai new 取得的下一个可用序号（已发布的号码不得改动）"
            out.append(Finding(item.file, item.line_of("索引号"), "index-duplicate", "error", message, field="索引号", expected=expected))
    return out


def unloaded_numbers(root: str, findings: Iterable[Finding]) -> dict[str, str]:
    """索引号 written in item files that have errors of their own (so they are not in the model) → the file.

    A reference to such a number is not reported as "不存在": the file exists, and its own error says what to
    fix. Reads only the files with errors (few).
    """
    found: dict[str, str] = {}
    for file in sorted({f.file for f in findings if f.severity == "error" and f.file.endswith(".md")}):
        head = frontmatter.head(os.path.join(root, file))
        for number in frontmatter.index_numbers(head or ""):
            found.setdefault(number, file)
    return found


def index(model: Model, findings: list[Finding]) -> Model:
    """The model with the lookups pages need, built once; findings for rules that span items (duplicates, successors)."""
    by_index_no: dict[str, Item] = {}
    by_src_uri: dict[str, Item] = {}
    by_column: dict[str, list[Item]] = {}
    feedback_of: dict[str, list[Item]] = {}
    shared: dict[str, list[Item]] = {}
    for item in model.items:
        first = by_index_no.get(item.index_no)
        if first is not None:
            shared.setdefault(item.index_no, [first]).append(item)
            continue
        by_index_no[item.index_no] = item
        by_src_uri[item.src_uri] = item
        if item.public:
            by_column.setdefault(item.column.slug, []).append(item)
        if item.feedback_for:
            feedback_of.setdefault(item.feedback_for, []).append(item)
    if shared:
        findings.extend(duplicate_findings(model, list(shared.values())))
    for entries in by_column.values():
        entries.sort(key=lambda i: i.sort_key)
    unloaded = unloaded_numbers(model.root, findings)
    successors_of: dict[str, list[Item]] = {}
    interpretations_of: dict[str, list[Item]] = {}
    for item in model.items:
        succ = item.validity.successor if item.validity else ""
        if succ:
            if succ not in by_index_no and succ not in unloaded:
                findings.append(
                    Finding(
                        item.file,
                        item.line_of("有效性/替代文件"),
                        "successor-unknown",
                        "error",
                        f"替代文件的索引号「{succ}」不存在",
                        field="有效性/替代文件",
                        expected="已发布的新文件的索引号",
                    )
                )
            elif succ in by_index_no:
                successors_of.setdefault(succ, []).append(item)
        if item.interprets and item.public and item.column.kind == ColumnKind.INTERPRETATIONS:
            for target in item.interprets:
                interpretations_of.setdefault(target, []).append(item)
    for entries in interpretations_of.values():
        entries.sort(key=lambda j: (j.published, j.index_no))  # oldest first, everywhere they are shown or counted
    return dataclasses.replace(
        model,
        by_index_no=by_index_no,
        by_src_uri=by_src_uri,
        by_column=by_column,
        feedback_of=feedback_of,
        successors_of=successors_of,
        interpretations_of=interpretations_of,
        unloaded=unloaded,
    )
