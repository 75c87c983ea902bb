"""`AnnualReport`: one 政府信息公开工作年度报告 (年报) read from its YAML data file, in the national 2021 format.

Read, derived and consolidated by `gongkai.report` while the loader builds the model (each step makes a new
frozen report with `dataclasses.replace`); pages, exports and the report rules read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .findings import Finding
from .items import cn_date

Number = int | Decimal


Cells = tuple[Number | None, ...]  # None: blank (counts as 0) or not a valid number (listed in `invalid`)


@dataclass(frozen=True, eq=False, slots=True)
class AnnualReport:
    """One report: numbers of Parts 2–4 keyed by row key, prose of sections 一/五/六, and where each value sits."""

    src_uri: str  # relative to content/
    file: str  # shown in findings, relative to the project root
    year: int
    body: str
    body_type: str  # 人民政府 / 政府部门
    slug: str
    published: dt.date | None
    index_no: str
    standalone: bool
    own_body: bool  # the site's own body (site_config/body.yml)
    components: tuple[str, ...]  # src_uris of the reports summed into this one
    part2: Mapping[str, Cells]
    part3: Mapping[str, Cells]
    part4: Mapping[str, Cells]
    prose: Mapping[str, str]
    lines: Mapping[str, int] = field(default_factory=dict)
    derived: tuple[str, ...] = ()  # Part 2 rows counted from items because the file left them out
    parts: tuple[AnnualReport, ...] = ()  # resolved components
    sound: bool = True  # every cell is a valid number and the file had no structural errors
    usable: bool = True  # 年度, 机关名称 and 机关类型 are valid: the report can have a page and a carry-over
    invalid: frozenset[str] = frozenset()  # "第三部分/予以公开/1": cells (or rows) with an error, never summed
    collapsed: frozenset[str] = frozenset()  # Part 3 groups printed as one row (e.g. 其他处理)
    notes: tuple[Finding, ...] = ()  # shape warnings (blank cells, typos, one-row groups): check only
    prefix: str = ""  # the URL prefix of the platform body that publishes it ("" for the 本级政府)

    @property
    def consolidated(self) -> bool:
        return bool(self.components)

    @property
    def url(self) -> str:
        return self.prefix + (f"nianbao/{self.year}/" if self.own_body else f"nianbao/{self.year}-{self.slug}/")

    @property
    def page_uri(self) -> str:
        return self.url + "index.md"

    @property
    def download_stem(self) -> str:
        return self.url + ("nianbao-" + self.url.removeprefix(self.prefix).split("/")[1])

    @property
    def title(self) -> str:
        return f"{self.body}{self.year}年政府信息公开工作年度报告"

    @property
    def published_text(self) -> str:
        return cn_date(self.published)

    def line(self, path: str) -> int:
        parts = path.split("/")
        while parts:
            if "/".join(parts) in self.lines:
                return self.lines["/".join(parts)]
            parts.pop()
        return 1

    def cell(self, part: str, key: str, col: int) -> Number | None:
        table = {"第二部分": self.part2, "第三部分": self.part3, "第四部分": self.part4}[part]
        row = table.get(key)
        return row[col] if row is not None and col < len(row) else None
