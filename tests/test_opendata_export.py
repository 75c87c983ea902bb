"""catalog.json / catalog.csv of a real build: validated against the schema published beside them, opened as Excel would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from conftest import CODE, Build, item_md, make_project
from directory_site import (
    PUBLISHED,
    SITE_URL,
    build_dir_site,
    idx,
    qtwj_items,
)
from gongkai.loader import load
from gongkai.provenance import Change, ItemHistory
from gongkai.views.opendata import record


@pytest.fixture(scope="module")
def dir_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_dir_site(tmp_path_factory)


def load_json(dir_site: Build) -> dict:
    return json.loads((dir_site.site / "opendata/catalog.json").read_text(encoding="utf-8"))


def test_json_export_validates_against_its_published_schema(dir_site: Build) -> None:
    schema = json.loads((dir_site.site / "opendata/catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = load_json(dir_site)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert doc["$schema"] == SITE_URL + "opendata/catalog.schema.json"
    # The schema really constrains: a record missing its URL or with a bad date is rejected.
    broken = json.loads(json.dumps(doc))
    del broken["信息"][0]["网址"]
    broken["信息"][1]["发布日期"] = "2025-13-40"
    assert len(list(validator.iter_errors(broken))) == 2


def test_json_export_holds_every_published_item_with_metadata_and_url(dir_site: Build) -> None:
    site = dir_site.site
    doc = load_json(dir_site)
    records = doc["信息"]
    assert doc["条目数"] == len(records) == PUBLISHED
    assert doc["统一社会信用代码"] == CODE
    by_index = {r["索引号"]: r for r in records}
    assert len(by_index) == PUBLISHED
    assert idx(2026, 6) not in by_index  # 依申请公开
    for r in records:
        path = unquote(urlsplit(r["网址"]).path)[len(urlsplit(SITE_URL).path) :]
        assert (site / path / "index.html").is_file(), r["网址"]
    old = by_index[idx(2023, 1)]
    assert old["有效性"] == {
        "状态": "已废止",
        "日期": "2025-04-01",
        "施行日期": None,
        "替代文件": idx(2025, 1),
        "说明": "被《示例县城乡低保实施办法》废止",
    }
    assert old["栏目路径"] == ["法定主动公开内容", "政策文件", "行政规范性文件"]
    assert old["发文字号"] == "示府规〔2023〕1号"
    jd = by_index[idx(2025, 12)]
    assert jd["解读形式"] == "问答" and jd["解读对象"] == [idx(2025, 1)] and jd["成文日期"] is None and jd["形成日期"] == "2025-03-10"
    dates = [(r["发布日期"], r["索引号"]) for r in records]
    assert dates == sorted(dates, key=lambda d: (-int(d[0].replace("-", "")), d[1]))


def test_csv_export_is_utf8_with_bom_and_matches_the_json(dir_site: Build) -> None:
    raw = (dir_site.site / "opendata/catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = load_json(dir_site)["信息"]
    assert len(rows) == len(records) == PUBLISHED
    assert [r["索引号"] for r in rows] == [r["索引号"] for r in records]
    by_index = {r["索引号"]: r for r in rows}
    title = qtwj_items()["qtwj/f00.md"][2]
    assert any(r["标题"] == title for r in rows)
    old = by_index[idx(2023, 1)]
    assert (old["有效性"], old["有效性日期"], old["替代文件"]) == ("已废止", "2025-04-01", idx(2025, 1))
    assert by_index[idx(2025, 12)]["解读对象"] == idx(2025, 1)
    # A cell Excel would evaluate as a formula is neutralised.
    assert by_index[idx(2026, 5)]["标题"] == "'=1+1 示例县国土空间规划<b>草案</b>"


def test_records_carry_first_published_and_last_updated_dates(dir_site: Build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Without git history (the test project is no repository) both equal the 发布日期 ...
    for r in load_json(dir_site)["信息"]:
        assert r["首次发布日期"] == r["最后更新日期"] == r["发布日期"]
    # ... and with an 更新记录 from gongkai.provenance the export shows the latest substantive change.
    model = load(make_project(tmp_path, {"a.md": item_md()}), today=dt.date(2026, 11, 24)).model
    assert model is not None
    item = model.items[0]
    history = ItemHistory(first_published=item.published, last_updated=dt.date(2025, 2, 3), changes=(Change(dt.date(2025, 2, 3), "更正"),))
    r = record(item, SITE_URL, history)
    assert (r["首次发布日期"], r["最后更新日期"]) == ("2024-03-08", "2025-02-03")
