"""标准目录 layout variants, per-row sources / 待补充, and the body's domain selection with its 未涉及 page.

Each test writes its own domain files and `标准目录` section into a tmp project and runs the real
`mkdocs build --strict` (or `gongkai check`); tables are read back cell by cell with the parser of
test_standard_catalog_table.py.
"""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import REPO, gongkai
from gongkai import standard_catalog
from test_standard_catalog_table import DOMAIN, build_site, grid, item, read_table

PENDING_DOMAIN = {"名称": "城乡规划", "路径": "cxgh", "来源": "《城乡规划领域基层政务公开标准指引》", "状态": "待补充"}


def variant(**changes: object) -> dict:
    d = copy.deepcopy(DOMAIN)
    d.update(changes)
    return d


def header(path: Path) -> tuple[list[str], list[str]]:
    t = read_table(path)
    top, sub = grid(t.head)
    return [c.text for c in top], [c.text for c in sub]


def test_levels_can_be_three_columns_town_and_village_or_absent(tmp_path: Path) -> None:
    three = variant(公开层级=["市级", "县级", "乡级"])
    three["事项"][0]["二级事项"][0]["层级"] = ["市级", "乡级"]
    town = variant(名称="镇村领域", 路径="zcly", 公开层级=["镇级", "村级"])
    for g in town["事项"]:
        for row in g["二级事项"]:
            row["层级"] = ["村级"]
    none = variant(名称="无层级领域", 路径="wcj", 公开层级=[])
    for g in none["事项"]:
        for row in g["二级事项"]:
            del row["层级"]
    result = build_site(tmp_path, {}, {"a": three, "b": town, "c": none})
    assert result.ok, result.output
    top, sub = header(result.site / "bzml" / "csly" / "index.html")
    assert top[-3:] == ["公开层级"] * 3 and sub[-3:] == ["市级", "县级", "乡级"]
    rows = grid(read_table(result.site / "bzml" / "csly" / "index.html").bodies[0])
    assert ["√" in c.text for c in rows[0][-3:]] == [True, False, True]
    top, sub = header(result.site / "bzml" / "zcly" / "index.html")
    assert sub[-2:] == ["镇级", "村级"]
    rows = grid(read_table(result.site / "bzml" / "zcly" / "index.html").bodies[0])
    assert ["√" in c.text for c in rows[0][-2:]] == [False, True]
    top, sub = header(result.site / "bzml" / "wcj" / "index.html")
    assert "公开层级" not in top and sub[-4:] == ["全社会", "特定群体", "主动", "依申请"]
    assert len(grid(read_table(result.site / "bzml" / "wcj" / "index.html").bodies[0])[0]) == 12


def test_extra_channels_third_level_column_and_choose_one_note(tmp_path: Path) -> None:
    d = variant(渠道补充=["公共资源交易平台", "信用中国网站"], 至少选择其一=True)
    d["事项"][0]["二级事项"][0]["渠道"] = ["政府网站", "信用中国网站"]
    d["事项"][0]["二级事项"][0]["三级事项"] = "小学名录"
    result = build_site(tmp_path, {}, {"a": d})
    assert result.ok, result.output
    page = result.site / "bzml" / "csly" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "公开渠道和载体：在标注范围内至少选择其一公开。" in html
    top, sub = header(page)
    assert top[1:4] == ["公开事项"] * 3 and sub[1:4] == ["一级事项", "二级事项", "三级事项"]
    assert top[8] == "公开渠道和载体（在标注范围内至少选择其一公开）"
    rows = grid(read_table(page).bodies[0])
    assert rows[0][3].text == "小学名录" and rows[1][3].text == ""
    channels = rows[0][8].items
    assert channels[-2:] == ["□未采用：公共资源交易平台", "■采用：信用中国网站"]
    assert channels[0] == "■采用：政府网站"


def test_a_channel_or_level_outside_the_domain_layout_is_an_error(tmp_path: Path) -> None:
    d = variant(公开层级=["镇级", "村级"])
    d["事项"][1]["二级事项"][0]["渠道"] = ["信用中国网站"]
    result = build_site(tmp_path, {}, {"a": d})
    assert not result.ok
    assert "第2个事项的第1个二级事项的第1个「渠道」的值「信用中国网站」不在可选范围内" in result.output
    assert "本领域特有的渠道先写进 渠道补充" in result.output
    wrong_level = "第1个事项的第1个二级事项的第1个「层级」的值「县级」不是本领域的公开层级列"  # positions counted from 1
    assert f"{wrong_level}（字段：第1个事项的第1个二级事项的第1个「层级」；应为：镇级、村级）" in result.output


def test_rows_need_a_source_or_the_pending_mark(tmp_path: Path) -> None:
    d = variant()
    del d["事项"][1]["二级事项"][0]["来源"]
    both = variant(名称="两者", 路径="lz")
    both["事项"][0]["二级事项"][1]["来源"] = {"网址": "https://example.gov.cn/", "读取日期": "2026-12-05"}
    result = build_site(tmp_path, {}, {"a": d, "b": both})
    assert not result.ok
    assert "错误[domain-matter-source] 二级事项「收费标准」没有注明出处" in result.output
    assert "错误[domain-matter-source] 二级事项「资助名单」既写了 来源 又写了 状态: 待补充" in result.output
    assert "catalog_schema/domains/a.yml:" in result.output


def test_a_pending_domain_shows_its_state_on_the_index_and_its_page(tmp_path: Path) -> None:
    result = build_site(tmp_path, {}, {"a": DOMAIN, "b": PENDING_DOMAIN})
    assert result.ok, result.output
    page = (result.site / "bzml" / "cxgh" / "index.html").read_text(encoding="utf-8")
    assert "待补充：本领域尚未找到已公布的标准目录" in page and 'class="gk-std"' not in page
    assert "《城乡规划领域基层政务公开标准指引》" in page
    index = (result.site / "bzml" / "index.html").read_text(encoding="utf-8")
    assert "领域待补充" in index and "<td>2 / 1</td>" in index


def test_only_adopted_domains_and_matters_get_pages(tmp_path: Path) -> None:
    second = variant(名称="公共文化服务", 路径="ggwhfw")
    selection = {"适用领域": [{"领域": "测试领域", "事项": ["收费标准", "学校名录"]}]}
    items = {"a.md": item(1, "2026-03-02", "测试领域/资助名单"), "b.md": item(2, "2026-03-03", "测试领域/收费标准")}
    result = build_site(tmp_path, items, {"a": DOMAIN, "b": second}, selection=selection)
    assert result.ok, result.output
    assert not (result.site / "bzml" / "ggwhfw").exists()
    t = read_table(result.site / "bzml" / "csly" / "index.html")
    rows = [r for body in t.bodies for r in grid(body)]
    assert [(r[0].text, r[2].text.split()[0]) for r in rows] == [("1", "学校名录"), ("2", "收费标准")]
    assert (result.site / "bzml" / "csly" / "2" / "index.html").exists()  # renumbered without gaps
    assert not (result.site / "bzml" / "csly" / "3").exists()
    item_a = (result.site / "msbz" / "2026-00001" / "index.html").read_text(encoding="utf-8")
    assert "基层政务公开标准目录事项" not in item_a  # its 事项 is not adopted: no dangling link
    index = (result.site / "bzml" / "index.html").read_text(encoding="utf-8")
    assert "公共文化服务" not in index and "未涉及领域事项说明" not in index


def test_not_applicable_domains_are_listed_with_their_reason(tmp_path: Path) -> None:
    selection = {"适用领域": ["测试领域"], "未涉及领域": [{"领域": "城乡规划", "理由": "本乡未设规划<机构>，由县自然资源局负责"}]}
    result = build_site(tmp_path, {}, {"a": DOMAIN, "b": PENDING_DOMAIN}, selection=selection)
    assert result.ok, result.output
    page = (result.site / "bzml" / "wsj" / "index.html").read_text(encoding="utf-8")
    assert "<h1>未涉及领域事项说明</h1>" in page
    row = "<td>《城乡规划领域基层政务公开标准指引》</td><td>本乡未设规划&lt;机构&gt;，由县自然资源局负责</td></tr>"
    assert f'<tr><th scope="row">城乡规划</th>{row}' in page
    assert not (result.site / "bzml" / "cxgh").exists()
    assert 'href="../bzml/wsj/"' in (result.site / "bzml" / "index.html").read_text(encoding="utf-8")


def test_selection_mistakes_are_errors_naming_the_key(tmp_path: Path) -> None:
    selection = {
        "适用领域": ["测试领域", "不存在的领域", {"领域": "测试领域", "事项": ["没有这个事项"]}],
        "未涉及领域": [{"领域": "城乡规划"}],
    }
    result = build_site(tmp_path, {}, {"a": DOMAIN, "b": PENDING_DOMAIN}, selection=selection)
    assert not result.ok
    out = result.output
    assert "site_config/body.yml:" in out
    unknown = "错误[standard-domain-unknown] 适用领域「不存在的领域」不是标准目录中的领域"
    assert f"{unknown}（字段：标准目录/适用领域；应为：测试领域、城乡规划）" in out
    assert "错误[standard-matter-unknown] 领域「测试领域」没有二级事项「没有这个事项」" in out
    assert "错误[standard-domain-reason] 未涉及领域「城乡规划」缺少理由（字段：标准目录/未涉及领域/理由" in out
    both = {"适用领域": ["测试领域"], "未涉及领域": [{"领域": "测试领域", "理由": "不涉及"}]}
    result = build_site(tmp_path / "2", {}, {"a": DOMAIN}, selection=both)
    assert not result.ok and "错误[standard-domain-both] 领域「测试领域」既在适用领域又在未涉及领域中" in result.output


def test_a_body_that_adopts_no_domain_gets_no_catalog_pages(tmp_path: Path) -> None:
    for n, selection in enumerate(({}, {"适用领域": []})):
        result = build_site(tmp_path / str(n), {}, {"a": DOMAIN}, selection=selection)
        assert result.ok, result.output
        assert not (result.site / "bzml").exists()
        assert 'href="./bzml/"' not in (result.site / "index.html").read_text(encoding="utf-8")


def test_check_reports_sourced_and_pending_rows_per_domain(tmp_path: Path) -> None:
    result = build_site(tmp_path, {}, {"a": DOMAIN, "b": PENDING_DOMAIN}, selection={"适用领域": ["测试领域"]})
    assert result.ok, result.output
    proc = gongkai("check", "--root", str(tmp_path / "p"), "--today", "2026-11-24")
    summary = "基层政务公开标准目录（catalog_schema/domains）：2 个领域，本机关采用 1 个、未涉及 0 个；"
    assert f"{summary}有出处 2 行，待补充 1 行，整个领域待补充 1 个。" in proc.stdout
    assert "  - 测试领域（采用）：有出处 2 行，待补充 1 行" in proc.stdout
    assert "  - 城乡规划：领域待补充" in proc.stdout
    assert "catalog_schema/domains/a.yml:" in proc.stdout
    assert "提示[standard-rows-pending] 领域「测试领域」有 1 个采用的事项待补充出处" in proc.stdout
    assert "standard-domain-pending" not in proc.stdout  # 城乡规划 is not adopted
    result = build_site(tmp_path / "2", {}, {"a": DOMAIN, "b": PENDING_DOMAIN}, selection={"适用领域": ["城乡规划"]})
    assert result.ok, result.output  # a pending domain never stops the site; its page says 待补充
    proc = gongkai("check", "--root", str(tmp_path / "2" / "p"), "--today", "2026-11-24")
    assert "catalog_schema/domains/b.yml:1: 警告[standard-domain-pending] 本机关采用的领域「城乡规划」待补充：还没有事项" in proc.stdout


def test_shipped_domains_are_the_26_with_every_row_sourced_or_pending() -> None:
    catalog = standard_catalog.load(REPO)
    assert catalog.findings == ()
    assert len(catalog.domains) == 26
    assert {"义务教育", "涉农补贴", "征地补偿", "重大建设项目", "公共资源交易", "市政服务"} <= {d.name for d in catalog.domains}
    for d in catalog.domains:
        assert d.pending == (not d.matters), d.name
        for m in d.matters:
            assert (m.source is None) == m.pending
            if m.source:
                assert m.source.url.startswith(("http://", "https://")) and ".gov.cn" in m.source.url and m.source.read
    assert sum(d.sourced_count for d in catalog.domains) >= 15


def test_readme_domain_table_is_generated_from_the_data() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert standard_catalog.readme_table(REPO) in readme
