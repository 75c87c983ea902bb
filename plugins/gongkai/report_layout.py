"""The national 年报 format as data: six section headings and the verbatim labels and structure of the three tables.

It owns reading `catalog_schema/annual_report_layout.yml` (国办公开办函〔2021〕30号; deadlines from 条例第四十九条)
into typed rows, once per project. Reports, rules, tables and exports all name rows and columns through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .source.yamlfile import read_data_file

LAYOUT_FILE = "catalog_schema/annual_report_layout.yml"


@dataclass(frozen=True, slots=True)
class Row:
    """One data row of a table: its data key path, its verbatim label and where it sits."""

    key: str  # "予以公开", "不予公开/属于国家秘密"
    label: str
    group: str = ""  # verbatim label of the （三）–（六） group for reason rows, or the Part 2 caption
    result: bool = False  # one of the 办理结果 rows summed into （七）总计
    amount: bool = False  # Part 2 fee (万元, decimals)

    @property
    def name(self) -> str:
        """How a message names the row: `（三）不予公开 1.属于国家秘密`, `（七）总计`."""
        return f"{self.group} {self.label}" if self.group and not self.group.startswith("第二十条") else self.label


@dataclass(frozen=True, slots=True)
class Part2Group:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """The national format, read once from `annual_report_layout.yml`."""

    source: str
    first_year: int
    period: str
    deadlines: dict[str, tuple[int, int]]
    deadline_basis: str
    deadline_kinds: dict[str, str]  # a body's 机关类型 (site_config) -> the deadline it keeps (人民政府 / 政府部门)
    sections: tuple[tuple[str, str], ...]  # (key, heading)
    p2_content: str
    p2_groups: tuple[Part2Group, ...]
    p2_columns_by_key: dict[str, str]  # Part 2 row key -> catalog column name counted from items
    aliases: dict[str, str]  # label typos seen in real reports -> the format's key
    p3_note: str
    p3_applicant: str
    p3_org: str
    p3_columns: tuple[str, ...]
    p3_org_columns: tuple[str, ...]
    p3_results: str
    p3_rows: tuple[Row, ...]
    p3_groups: tuple[tuple[str, tuple[Row, ...]], ...]  # (group label, its reason rows)
    p4_columns: tuple[str, ...]
    p4_review: Row
    p4_suit: str
    p4_suit_rows: tuple[Row, ...]

    @property
    def p2_rows(self) -> tuple[Row, ...]:
        return tuple(r for g in self.p2_groups for r in g.rows)

    @property
    def p4_rows(self) -> tuple[Row, ...]:
        return (self.p4_review, *self.p4_suit_rows)

    @property
    def p3_group_keys(self) -> tuple[tuple[str, str], ...]:
        """(key, verbatim label) of the （三）–（六） groups: 不予公开, （三）不予公开, ..."""
        return tuple((rows[0].key.split("/", 1)[0], label) for label, rows in self.p3_groups)

    def heading(self, key: str) -> str:
        return dict(self.sections)[key]


@lru_cache(maxsize=4)
def load_layout(root: str) -> Layout:
    """Read the layout (shipped with the project, not edited by a body; a broken file is a programming error)."""
    df = read_data_file(Path(root) / LAYOUT_FILE, dates_as_text=False)
    if df.error is not None:
        raise ValueError(f"{LAYOUT_FILE} 第 {df.error[1]} 行：{df.error[2]}")
    raw = df.data
    p2, p3, p4 = raw["第二部分"], raw["第三部分"], raw["第四部分"]
    groups = tuple(
        Part2Group(
            g["标题"],
            tuple(g["列"]),
            tuple(Row(r["键"], r["标签"], g["标题"], amount=bool(r.get("金额"))) for r in g["行"]),
        )
        for g in p2["分组"]
    )
    rows: list[Row] = []
    p3_groups: list[tuple[str, tuple[Row, ...]]] = []
    for r in p3["行"]:
        if "细项" in r:
            subs = tuple(Row(f"{r['键']}/{s['键']}", s["标签"], r["标签"], result=True) for s in r["细项"])
            rows.extend(subs)
            p3_groups.append((r["标签"], subs))
        else:
            rows.append(Row(r["键"], r["标签"], result=bool(r.get("结果"))))
    limits = raw["发布期限"]
    return Layout(
        source=raw["来源"],
        first_year=int(raw["适用起始年度"]),
        period=raw["统计期限说明"],
        deadlines={k: (int(v["月"]), int(v["日"])) for k, v in limits.items() if isinstance(v, dict)},
        deadline_basis=limits["依据"],
        deadline_kinds={str(k): str(v) for k, v in (raw.get("机关类型期限") or {}).items()},
        sections=tuple((s["键"], s["标题"]) for s in raw["章节"]),
        p2_content=p2["信息内容"],
        p2_groups=groups,
        p2_columns_by_key=dict(p2["本站统计栏目"]),
        aliases={str(k): str(v) for k, v in (raw.get("常见错字") or {}).items()},
        p3_note=p3["勾稽关系"],
        p3_applicant=p3["申请人情况"],
        p3_org=p3["法人或其他组织"],
        p3_columns=tuple(p3["列"]),
        p3_org_columns=tuple(p3["法人列"]),
        p3_results=p3["办理结果"],
        p3_rows=tuple(rows),
        p3_groups=tuple(p3_groups),
        p4_columns=tuple(p4["列"]),
        p4_review=Row(p4["复议"]["键"], p4["复议"]["标签"]),
        p4_suit=p4["诉讼"]["标签"],
        p4_suit_rows=tuple(Row(g["键"], g["标签"], p4["诉讼"]["标签"]) for g in p4["诉讼分组"]),
    )
