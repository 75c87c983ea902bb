"""`Platform` (the site) → `Model` (one body's 专栏 with its indexes) → items; and `Loaded`, the loader's result.

A platform of many bodies (issue #18) adds entries to `Platform.bodies`; today the single body is `home`.
Nothing assigns to these objects after the loader returns; findings travel beside the model in `Loaded`.
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
    """The site: its bodies' 专栏. Today always one body, the 本级政府 (`home`); none when the project is unusable."""

    root: str
    today: dt.date
    bodies: tuple[Model, ...] = ()

    @property
    def home(self) -> Model | None:
        """The 本级政府's 专栏 (the body whose pages sit at the site root)."""
        return self.bodies[0] if self.bodies else None


@dataclass(frozen=True, slots=True)
class Loaded:
    """What `gongkai.loader.load` returns: the frozen platform and every finding, in report order.

    `build_count`: how many of `findings` the build reports too (the loader's and the model rules'); the rest
    come from the check-only rules.
    """

    platform: Platform
    findings: list[Finding]
    build_count: int

    @property
    def model(self) -> Model | None:
        return self.platform.home

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
