"""The fixture county's (tests/fixtures/county) 年报: two years of 示例县人民政府 reports, a department's and a
consolidated one, that satisfy every rule (sums, carry-over, Art. 49 deadline, Part 2 against the sample's own
行政规范性文件 items), and their pages in the full sample build with every plugin of mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import TODAY
from gongkai.loader import load


def test_sample_reports_satisfy_every_rule_including_check_only_ones(sample_project: Path) -> None:
    loaded = load(sample_project, today=dt.date.fromisoformat(TODAY), check=True)
    model = loaded.model
    assert model is not None
    assert [f.format() for f in loaded.findings if f.file.startswith("content/年报/")] == []
    own = sorted((r.year, r.published) for r in model.reports if r.own_body)
    assert own == [(2024, dt.date(2025, 3, 26)), (2025, dt.date(2026, 3, 24))]
    whole = next(r for r in model.reports if r.consolidated)
    assert sorted(p.body for p in whole.parts) == ["示例县人民政府", "示例县教育体育局"]
    r2024, r2025 = (next(r for r in model.reports if r.own_body and r.year == y) for y in (2024, 2025))
    assert r2025.part3["上年结转"] == r2024.part3["结转下年度继续办理"]
    assert r2025.derived == () and r2024.derived == ()  # numbers as published, checked against the items


def test_sample_site_has_the_report_pages_and_downloads(sample_site: Path) -> None:
    for path in ("nianbao/index.html", "nianbao/duibi/index.html", "nianbao/2024/index.html", "nianbao/2025/index.html",
                 "nianbao/2025-jyty/index.html", "nianbao/2025-quanxian/index.html"):  # fmt: skip
        assert (sample_site / path).is_file(), path
    data = json.loads((sample_site / "nianbao" / "2025" / "nianbao-2025.json").read_text(encoding="utf-8"))
    assert data["标题"] == "示例县人民政府2025年政府信息公开工作年度报告"
    assert not list((sample_site).rglob("*.yml"))
    index = (sample_site / "nianbao" / "index.html").read_text(encoding="utf-8")
    assert "示例县人民政府2020年政府信息公开工作年度报告" in index  # the old-format report is an ordinary item
