"""The 政府信息公开指南 page (条例第十二条): every required field, 更新日期, the 依申请公开 facts, the form.

Real `mkdocs build --strict` of small projects in tmp_path with the core and gongkai-guide plugins; the
output is read with html.parser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import yaml
from conftest import CODE, TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins

PLUGINS = ["gongkai", "gongkai-guide"]
FORM = "zhinan/政府信息公开申请表.docx"


class Text(HTMLParser):
    """Visible text of the page's <article>, plus every <time datetime> and link inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.times: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.headings: list[tuple[str, str]] = []
        self._time: str | None = None
        self._link: str | None = None
        self._heading: str | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag == "time":
            self._time, self._buf = a.get("datetime") or "", []
        if tag == "a":
            self._link, self._buf = a.get("href") or "", []
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading, self._buf = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "time" and self._time is not None:
            self.times.append((self._time, "".join(self._buf)))
            self._time = None
        if tag == "a" and self._link is not None:
            self.links.append((self._link, "".join(self._buf)))
            self._link = None
        if tag in ("h1", "h2", "h3", "h4") and self._heading is not None:
            self.headings.append((self._heading, "".join(self._buf).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)
            self._buf.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def read_page(path: Path) -> Text:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def project(tmp_path: Path, *, form: bool = True, edit_body: dict | None = None) -> Path:
    items = {
        "zhidu/zd1.md": item_md(
            标题="示例县政府信息公开工作制度", 索引号=f"{CODE}/2024-00001", 栏目="政府信息公开制度", 发布日期="2024-04-02"
        )
    }
    root = make_project(tmp_path / "p", items)
    set_plugins(root, PLUGINS)
    if form:
        (root / "content" / "zhinan").mkdir(parents=True, exist_ok=True)
        (root / "content" / FORM).write_bytes(b"PK\x03\x04" + b"0" * 5116)  # 5,120 bytes = 5.0 KB
    else:  # no form at all: neither the body's files nor the 申请表 key
        shutil.rmtree(root / "content" / "zhinan", ignore_errors=True)
        edit_body = {**(edit_body or {}), "政府信息公开指南.申请表": None}
    if edit_body:
        body_path = root / "site_config" / "body.yml"
        body = yaml.safe_load(body_path.read_text(encoding="utf-8"))
        for dotted, value in edit_body.items():
            *parents, last = dotted.split(".")
            node = body
            for key in parents:
                node = node.setdefault(key, {})
            if value is None:
                node.pop(last, None)
            else:
                node[last] = value
        body_path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_guide_shows_every_article_12_field_from_site_config(tmp_path: Path) -> None:
    root = project(tmp_path)
    body = yaml.safe_load((root / "site_config" / "body.yml").read_text(encoding="utf-8"))
    result = mkdocs_build(root)
    assert result.ok, result.output
    page = read_page(result.site / "zhinan" / "index.html")
    text = page.text
    office = body["公开工作机构"]
    for key in ("名称", "办公地址", "办公时间", "联系电话", "传真号码", "电子邮箱", "网址"):
        assert office[key] in text, key
    guide = body["政府信息公开指南"]
    assert " ".join(guide["编排体系"].split()) in " ".join(text.split())
    assert " ".join(guide["获取方式"].split()) in " ".join(text.split())
    for label in ("分类", "编排体系", "获取方式", "互联网联系方式", "传真号码", "办公时间"):
        assert label in text, label
    # 分类: the four 一级 columns (and their sub-columns) of the catalog, linked.
    link_texts = [t for _, t in page.links]
    for name in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "行政规范性文件"):
        assert name in link_texts, name
    h2 = [t for tag, t in page.headings if tag == "h2"]
    assert h2 == ["本页目录", "一、政府信息公开工作机构", "二、主动公开", "三、依申请公开", "四、监督和救济"]
    assert guide["监督和救济"]["投诉举报"] in text
    assert guide["监督和救济"]["行政复议机关"] in text


def test_guide_states_the_statutory_application_facts_with_their_articles(tmp_path: Path) -> None:
    result = mkdocs_build(project(tmp_path))
    assert result.ok, result.output
    text = read_page(result.site / "zhinan" / "index.html").text
    facts = {
        "第二十九条": "申请人的姓名或者名称、身份证明、联系方式",
        "第三十条": "自收到申请之日起7个工作日",
        "第三十一条": "以提交之日为收到申请之日",
        "第三十三条": "自收到申请之日起20个工作日",
        "第三十二条": "自收到征求意见书之日起15个工作日",
        "第三十六条": "告知申请人该政府信息不存在",
        "第四十二条": "不收取费用",
        "第五十一条": "行政复议",
    }
    for article, fact in facts.items():
        assert f"《条例》{article}" in text, article
        assert fact in text, fact
    # The seven reply types of Art. 36 are all there, as a list.
    assert text.count("告知申请人") >= 7
    assert "延长答复（最长）" in text


def test_guide_lists_the_application_form_with_its_size(tmp_path: Path) -> None:
    result = mkdocs_build(project(tmp_path))
    assert result.ok, result.output
    page = read_page(result.site / "zhinan" / "index.html")
    form_links = [(href, t) for href, t in page.links if href.endswith(".docx")]
    assert form_links == [
        ("../zhinan/%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E7%94%B3%E8%AF%B7%E8%A1%A8.docx", "政府信息公开申请表")
    ]
    assert "（DOCX，5.0 KB）" in page.text
    assert (result.site / FORM).stat().st_size == 5120


def test_guide_without_a_form_builds_and_check_warns(tmp_path: Path) -> None:
    root = project(tmp_path, form=False)
    result = mkdocs_build(root)
    assert result.ok, result.output
    text = read_page(result.site / "zhinan" / "index.html").text
    assert "申请表可向" in text
    proc = gongkai("check", "--root", str(root), "--today", TODAY)
    assert "警告[guide-form-missing]" in proc.stdout
    assert f"content/{FORM} 不存在" in proc.stdout


def test_guide_shows_the_explicit_update_date(tmp_path: Path) -> None:
    root = project(tmp_path, edit_body={"政府信息公开指南.更新日期": "2026-03-05"})
    result = mkdocs_build(root)
    assert result.ok, result.output
    page = read_page(result.site / "zhinan" / "index.html")
    assert page.times[0] == ("2026-03-05", "2026年3月5日")
    assert "更新日期：2026年3月5日" in page.text


def test_guide_update_date_comes_from_the_last_commit_of_its_inputs(tmp_path: Path) -> None:
    root = project(tmp_path)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2025-06-01T10:00:00+08:00",
        "GIT_COMMITTER_DATE": "2025-06-01T10:00:00+08:00",
    }
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *cmd], cwd=root, check=True, env=env, capture_output=True)
    result = mkdocs_build(root)
    assert result.ok, result.output
    page = read_page(result.site / "zhinan" / "index.html")
    assert page.times[0] == ("2025-06-01", "2025年6月1日")
    # A later commit touching an input moves the date; a commit touching only content/ does not.
    env.update(GIT_AUTHOR_DATE="2025-09-09T10:00:00+08:00", GIT_COMMITTER_DATE="2025-09-09T10:00:00+08:00")
    guide_yml = root / "catalog_schema" / "guide.yml"
    guide_yml.write_text(guide_yml.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "guide"], cwd=root, check=True, env=env, capture_output=True)
    env.update(GIT_AUTHOR_DATE="2025-10-10T10:00:00+08:00", GIT_COMMITTER_DATE="2025-10-10T10:00:00+08:00")
    (root / "content" / "zhidu" / "zd1.md").write_text(
        item_md(标题="示例县政府信息公开工作制度（修订）", 索引号=f"{CODE}/2024-00001", 栏目="政府信息公开制度", 发布日期="2024-04-02"),
        encoding="utf-8",
    )
    subprocess.run(["git", "commit", "-qam", "content"], cwd=root, check=True, env=env, capture_output=True)
    result = mkdocs_build(root)
    assert result.ok, result.output
    assert read_page(result.site / "zhinan" / "index.html").times[0] == ("2025-09-09", "2025年9月9日")


def test_guide_update_date_without_git_is_the_newest_input_file_time_capped_at_today(tmp_path: Path) -> None:
    root = project(tmp_path)
    stamp = 1_700_000_000  # 2023-11-14
    for rel in ("site_config/body.yml", "catalog_schema/catalog.yml", "catalog_schema/guide.yml"):
        os.utime(root / rel, (stamp, stamp))
    newer = 1_720_000_000  # 2024-07-03
    os.utime(root / "catalog_schema" / "guide.yml", (newer, newer))
    result = mkdocs_build(root)
    assert result.ok, result.output
    assert read_page(result.site / "zhinan" / "index.html").times[0][0] == "2024-07-03"


def test_guide_is_in_the_nav_right_after_the_home(tmp_path: Path) -> None:
    result = mkdocs_build(project(tmp_path))
    assert result.ok, result.output

    class Nav(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.in_nav = 0
            self.labels: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "nav" and "md-nav--primary" in (dict(attrs).get("class") or ""):
                self.in_nav += 1

        def handle_endtag(self, tag: str) -> None:
            pass

        def handle_data(self, data: str) -> None:
            if self.in_nav and data.strip():
                self.labels.append(data.strip())

    nav = Nav()
    nav.feed((result.site / "index.html").read_text(encoding="utf-8"))
    labels = [x for x in nav.labels if x in ("首页", "政府信息公开指南", "政府信息公开制度")]
    assert labels[:2] == ["首页", "政府信息公开指南"]
