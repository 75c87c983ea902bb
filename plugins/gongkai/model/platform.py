"""`Platform` (the site) → `Model` (one body's 专栏 with its indexes) → items; and `Loaded`, the loader's result.

A platform of many bodies (issue #18, `site_config/platform.yml`): the 本级政府 (`home`, at the site root) and its
departments and townships, each a `Model` under its own URL prefix (`<id>/`). Without platform.yml the project is a
platform of one, `home` alone. Nothing assigns to these objects after the loader returns; findings travel beside the model in `Loaded`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .body import Body
from .catalog import Catalog, Column
from .enums import Severity
from .findings import Finding
from .items import Item
from .reports import AnnualReport
from .settings import Inspection, Scoring
from .standard import FreshnessRules, StandardCatalog

HOME, DEPARTMENT, TOWNSHIP = "本级政府", "部门", "乡镇"
"""The kinds of body on a platform (platform.yml's keys 本级政府, 部门, 乡镇)."""


@dataclass(frozen=True, slots=True)
class Model:
    """One body's 专栏: its config, catalog, items, 年报 and the indexes pages use (built once, O(N log N)).

    Built by `gongkai.loader` and never changed afterwards; findings are not part of it (see `Loaded`).
    """

    root: str
    catalog: Catalog
    body: Body
    items: tuple[Item, ...]
    today: dt.date  # the date the build/check treats as today
    docs_dir: str  # absolute content/ folder (where non-item data such as 年报 files live)
    by_src_uri: Mapping[str, Item] = field(default_factory=dict)
    by_index_no: Mapping[str, Item] = field(default_factory=dict)
    by_column: Mapping[str, list[Item]] = field(default_factory=dict)  # public items of each leaf column, newest first
    successors_of: Mapping[str, list[Item]] = field(default_factory=dict)  # 索引号 -> the items it replaces
    interpretations_of: Mapping[str, list[Item]] = field(default_factory=dict)  # 索引号 -> its public 解读, oldest first
    feedback_of: Mapping[str, list[Item]] = field(default_factory=dict)  # 征集 索引号 -> its 反馈 items
    unloaded: Mapping[str, str] = field(default_factory=dict)  # 索引号 in item files with errors of their own -> the file
    reports: tuple[AnnualReport, ...] = ()  # usable 年报, newest first, the body's own first (gongkai.report)
    report_files: tuple[AnnualReport, ...] = ()  # every 年报 file read, with unusable ones (their sums are still checked)
    report_problems: tuple[Finding, ...] = ()  # what reading the 年报 files found (reported by rules.report.annual_reports)
    inspection: Inspection = field(default_factory=Inspection)  # catalog_schema/inspection.yml (gongkai.completeness)
    inspection_problems: tuple[Finding, ...] = ()  # reported by the completeness rule
    scoring: Scoring = field(default_factory=Scoring)  # catalog_schema/scoring.yml (gongkai.scoring)
    scoring_problems: tuple[Finding, ...] = ()  # reported by rules.deductions.document_downloads
    guide_text: Mapping[str, Any] | None = None  # catalog_schema/guide.yml: the statutory 指南 text (gongkai.guide)
    guide_problems: tuple[Finding, ...] = ()  # reported by guide.guide_complete
    standard: StandardCatalog = field(default_factory=lambda: StandardCatalog((), (), {}, ()))
    """The body's 标准目录: what it adopts, each row's items and freshness (gongkai.standard_catalog.adopt)."""
    standard_table: StandardCatalog = field(default_factory=lambda: StandardCatalog((), (), {}, ()))
    """catalog_schema/domains/*.yml as read, shared by every body (its findings are reported per body)."""
    freshness_rules: FreshnessRules | None = None  # catalog_schema/standard_freshness.yml (None: unreadable)
    freshness_problems: tuple[Finding, ...] = ()  # reported by standard_freshness.standard_freshness
    id: str = ""  # the body's id on the platform (platform.yml; "" on a platform of one)
    kind: str = HOME  # 本级政府 / 部门 / 乡镇
    prefix: str = ""  # its URL prefix and folder under content/: "" for the 本级政府, "<id>/" for the others
    nested: tuple[str, ...] = ()  # the 本级政府's: the other bodies' folders inside its docs_dir (not its files)
    joint_items: tuple[Item, ...] = ()  # 联合发文 of other platform bodies naming this body in 发文机关 (also in by_column)
    joint_bodies: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """索引号 of this body's 联合发文 -> (机关名称, URL prefix) of each other platform body named in its 发文机关."""

    @property
    def content_shown(self) -> str:
        """The body's content folder as findings name it: `content/` or `content/<id>/`."""
        return f"content/{self.prefix}"

    @property
    def public_items(self) -> list[Item]:
        return [i for i in self.items if i.public]

    def column_items(self, column: Column) -> list[Item]:
        """Public items of a column and its descendants, newest first."""
        if not column.children:
            return self.by_column.get(column.slug, [])
        merged: list[Item] = []
        for c in column.walk():
            if not c.children:
                merged.extend(self.by_column.get(c.slug, []))
        merged.sort(key=lambda i: i.sort_key)
        return merged


@dataclass(frozen=True, slots=True)
class Platform:
    """The site: its bodies' 专栏, the 本级政府 first, then departments and townships in platform.yml order.

    None when the project is unusable. `name`/`url`: the portal's 门户名称 and 门户网址 (empty without platform.yml).
    A body that could not be loaded (its config has errors) is absent; its findings say why.
    """

    root: str
    today: dt.date
    bodies: tuple[Model, ...] = ()
    name: str = ""
    url: str = ""
    _by_prefix: Mapping[str, Model] = field(init=False, repr=False, compare=False)  # folder "<id>/" -> its body

    def __post_init__(self) -> None:
        by_prefix: dict[str, Model] = {}
        for b in self.bodies:
            if b.prefix:
                by_prefix.setdefault(b.prefix, b)  # the first body of a prefix, as a scan in platform order finds it
        object.__setattr__(self, "_by_prefix", by_prefix)

    @property
    def home(self) -> Model | None:
        """The 本级政府's 专栏 (the body whose pages sit at the site root)."""
        return self.bodies[0] if self.bodies and self.bodies[0].kind == HOME else None

    @property
    def departments(self) -> list[Model]:
        return [b for b in self.bodies if b.kind == DEPARTMENT]

    @property
    def townships(self) -> list[Model]:
        return [b for b in self.bodies if b.kind == TOWNSHIP]

    @property
    def is_platform(self) -> bool:
        """More than the 本级政府 alone (platform.yml names other bodies)."""
        return any(b.kind != HOME for b in self.bodies)

    def body(self, body_id: str) -> Model | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def body_of_uri(self, src_uri: str) -> Model | None:
        """The body whose folder holds `src_uri` (a path under content/, as MkDocs names files): O(1), asked per page."""
        found = self._by_prefix.get(src_uri.split("/", 1)[0] + "/")
        return found if found is not None else self.home


@dataclass(frozen=True, slots=True)
class Loaded:
    """What `gongkai.loader.load` returns: the frozen platform and every finding, in report order.

    `build_count`: how many of `findings` the build reports too (the loader's and the model rules'); the rest
    come from the check-only rules. `owners`: per finding, the body it concerns (`gongkai check --body`).
    """

    platform: Platform
    findings: list[Finding]
    build_count: int
    owners: tuple[str, ...] = ()  # the id of the body each finding concerns ("" = the whole platform: platform.yml)

    def owner(self, n: int) -> str:
        """The body finding number `n` concerns (its body's rules found it, or its file is the body's)."""
        return self.owners[n] if n < len(self.owners) else (self.platform.home.id if self.platform.home else "")

    @property
    def model(self) -> Model | None:
        """The 本级政府's model (the first body: for `gongkai check --body X`, body X)."""
        return self.platform.bodies[0] if self.platform.bodies else None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    @property
    def build_warnings(self) -> list[Finding]:
        """Warnings the build logs as well: under `mkdocs build --strict` (make site) each one stops the build."""
        return [f for f in self.findings[: self.build_count] if f.severity == Severity.WARNING]
