"""`mkdocs serve` shows a saved item without a full rebuild (issue #19 item 1; gongkai.preview, mkdocs_plugins/serve.py).

A real `mkdocs serve` runs on a fixture project (a free port, directory pages of 2 items so that pages shift); each test
edits files under it and polls the served pages over HTTP until the change shows. Speed is measured in bench/serve.py,
never asserted here: the waits are generous.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CODE, TODAY, item_md, make_project
from gongkai import loader, preview
from gongkai.views import library
from gongkai.views.directory import Directory
from test_platform import county_item, czz_item, fgw_item, make_platform

WAIT = 120.0  # seconds: the machine may be busy; the benchmark measures the real time


def _item(n: int, title: str, day: str, column: str = "其他文件") -> str:
    return item_md(f"第{n}条的正文。\n", 标题=title, 索引号=f"{CODE}/2024-{n:05d}", 栏目=column, 发布日期=day)


ITEMS = {
    "qtwj/a1.md": _item(1, "关于甲事项的通知", "2024-03-01"),
    "qtwj/a2.md": _item(2, "关于乙事项的通知", "2024-03-02"),
    "qtwj/a3.md": _item(3, "关于丙事项的通知", "2024-03-03"),
    "qtwj/a4.md": _item(4, "关于丁事项的通知", "2024-03-04"),
    "qtwj/a5.md": _item(5, "关于戊事项的通知", "2024-03-05"),
    "tjxx/s1.md": _item(6, "2024年一季度统计数据", "2024-04-10", "统计信息"),
}


@dataclass
class Served:
    root: Path
    url: str
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def write(self, rel: str, text: str) -> None:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {WAIT:.0f} s: {what}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(make_project(tmp_path_factory.mktemp("serve"), items=ITEMS))


def _serve(root: Path) -> Iterator[Served]:
    """A real `mkdocs serve` of the project at `root` (directory pages of 2 items, site at the server's root)."""
    cfg = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["plugins"] = [{"gongkai-directory": {"page_size": 2}} if p == "gongkai-directory" else p for p in cfg["plugins"]]
    cfg["site_url"] = "https://www.example.gov.cn/"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    port = _free_port()
    log = root / "serve.log"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "GONGKAI_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Served(root, f"http://127.0.0.1:{port}/", log)
    try:
        until(lambda: proc.poll() is not None or "Serving on" in server.output(), "the server starts")
        assert proc.poll() is None, server.output()
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def shows(served: Served, path: str, text: str) -> Callable[[], bool]:
    return lambda: text in served.get(path)[1]


def test_an_edited_title_is_served_on_the_item_page_and_its_directory_page(served: Served) -> None:
    served.write("qtwj/a5.md", _item(5, "关于戊事项的通知（修订稿）", "2024-03-05"))
    until(shows(served, "qtwj/2024-00005/", "关于戊事项的通知（修订稿）"), "the new title on the item page")
    until(shows(served, "qtwj/", "关于戊事项的通知（修订稿）"), "the new title on the column page")
    assert "关于戊事项的通知（修订稿）" in served.get("qtwj/2024/")[1]  # the year page was updated in the same run
    assert "预览已更新" in served.output() and "完整重新生成" not in served.output()


def test_an_added_item_enters_its_listing_and_the_pages_after_it_shift(served: Served) -> None:
    assert served.get("qtwj/page/4/")[0] == 404  # 5 items, 2 per page: 3 pages
    served.write("qtwj/a7.md", _item(7, "关于己事项的通知", "2024-05-01"))
    until(shows(served, "qtwj/", "关于己事项的通知"), "the new item on the column's first page")
    assert served.get("qtwj/2024-00007/")[0] == 200
    assert "关于己事项的通知" in served.get("")[1]  # the home's latest list
    status, last = served.get("qtwj/page/3/")
    assert status == 200 and "关于甲事项的通知" in last and "关于乙事项的通知" in last  # page 3 of 6 items: the two oldest
    served.write("qtwj/a8.md", _item(8, "关于庚事项的通知", "2024-05-02"))
    until(lambda: served.get("qtwj/page/4/")[0] == 200, "a fourth page once 7 items need it")
    assert "关于甲事项的通知" in served.get("qtwj/page/4/")[1]


def test_a_deleted_item_leaves_its_listing_and_its_page_is_gone(served: Served) -> None:
    assert served.get("qtwj/2024-00001/")[0] == 200
    (served.root / "content/qtwj/a1.md").unlink()
    until(lambda: served.get("qtwj/2024-00001/")[0] == 404, "the deleted item's page is gone")
    assert served.get("qtwj/page/4/")[0] == 404  # 6 items left: the fourth page is gone too
    for path in ("qtwj/", "qtwj/page/2/", "qtwj/page/3/", "qtwj/page/4/", "qtwj/2024/"):
        assert "关于甲事项的通知" not in served.get(path)[1], path


def test_a_changed_column_moves_the_item_between_listings(served: Served) -> None:
    served.write("qtwj/a2.md", _item(2, "关于乙事项的通知", "2024-03-02", "统计信息"))
    until(shows(served, "tjxx/", "关于乙事项的通知"), "the item in its new column's listing")
    for path in ("qtwj/", "qtwj/page/2/", "qtwj/page/3/", "qtwj/2024/"):
        assert "关于乙事项的通知" not in served.get(path)[1], path
    assert served.get("tjxx/2024-00002/")[0] == 200 and served.get("qtwj/2024-00002/")[0] == 404


def test_a_column_crossing_one_page_gets_its_year_pages_and_loses_them_again(served: Served) -> None:
    """统计信息 holds 2 items (s1, and a2 moved there above) at 2 a page: grouped by year on its page, no year page."""
    assert served.get("tjxx/2024/")[0] == 404 and 'id="y2024"' in served.get("tjxx/")[1]
    served.write("tjxx/s9.md", _item(9, "2024年二季度统计数据", "2024-07-10", "统计信息"))
    until(lambda: served.get("tjxx/2024/")[0] == 200, "the year page once the column needs a second page")
    _, column = served.get("tjxx/")
    assert "2024年二季度统计数据" in column and 'id="y2024"' not in column and 'tjxx/2024/"' in column
    assert "2024年二季度统计数据" in served.get("tjxx/2024/")[1] and served.get("tjxx/page/2/")[0] == 200
    (served.root / "content/tjxx/s9.md").unlink()
    until(lambda: served.get("tjxx/2024/")[0] == 404, "the year page gone once the column fits on one page again")
    _, column = served.get("tjxx/")
    assert 'id="y2024"' in column and 'href="#y2024"' in column and "2024年二季度统计数据" not in column
    assert served.get("tjxx/page/2/")[0] == 404


def _doc(n: int, title: str, written: str, issuer: str = "示例县人民政府") -> str:
    """A 行政规范性文件, listed by the 行政规范性文件库 (`wjk/`, 2 a page here)."""
    year = written[:4]
    return item_md(
        f"第{n}条的正文。\n",
        标题=title,
        索引号=f"{CODE}/{year}-{n:05d}",
        栏目="行政规范性文件",
        发文机关=issuer,
        发文字号=f"示府规〔{year}〕{n}号",
        成文日期=written,
        发布日期=written,
        有效性={"状态": "有效"},
    )


def test_a_library_crossing_one_page_gets_its_year_pages_and_loses_them_again(served: Served) -> None:
    served.write("gfxwj/g1.md", _doc(21, "示例县甲事项管理办法", "2024-05-06"))
    served.write("gfxwj/g2.md", _doc(22, "示例县乙事项管理办法", "2024-06-10"))
    until(lambda: "示例县乙事项管理办法" in served.get("wjk/")[1], "both documents in the library")
    _, lib = served.get("wjk/")
    assert 'id="y2024"' in lib and 'href="#y2024"' in lib and served.get("wjk/2024/")[0] == 404
    served.write("gfxwj/g3.md", _doc(23, "示例县丙事项管理办法", "2025-01-10"))
    until(lambda: served.get("wjk/2025/")[0] == 200, "the year pages once the library needs a second page")
    _, lib = served.get("wjk/")
    assert 'id="y2024"' not in lib and 'wjk/2024/"' in lib and served.get("wjk/page/2/")[0] == 200
    assert "示例县甲事项管理办法" in served.get("wjk/2024/")[1]
    assert 'wjk/2025/"' in served.get("wjk/xxyx/")[1]  # the library's other pages link the year pages too
    (served.root / "content/gfxwj/g3.md").unlink()
    until(lambda: served.get("wjk/2025/")[0] == 404, "the year pages gone once the library fits on one page again")
    _, lib = served.get("wjk/")
    assert 'id="y2024"' in lib and served.get("wjk/2024/")[0] == 404 and served.get("wjk/page/2/")[0] == 404
    assert 'wjk/#y2024"' in served.get("wjk/xxyx/")[1]
    for name in ("g1", "g2"):
        (served.root / f"content/gfxwj/{name}.md").unlink()
    until(lambda: "示例县甲事项管理办法" not in served.get("wjk/")[1], "the library empty again")


def test_an_error_in_the_saved_file_is_printed_and_the_last_good_page_stays(served: Served) -> None:
    served.write("qtwj/a3.md", _item(3, "关于丙事项的通知（错误稿）", "2024-02-30"))
    until(lambda: "「2024-02-30」不是真实存在的日期" in served.output(), "the finding in the terminal")
    line = next(x for x in served.output().splitlines() if "2024-02-30」不是真实存在的日期" in x)
    assert "content/qtwj/a3.md:" in line and "错误[date-invalid]" in line and "字段：发布日期" in line
    assert "预览未更新" in served.output()
    _, page = served.get("qtwj/2024-00003/")
    assert "关于丙事项的通知" in page and "错误稿" not in page
    served.write("qtwj/a3.md", _item(3, "关于丙事项的通知（改正稿）", "2024-03-03"))
    until(shows(served, "qtwj/2024-00003/", "关于丙事项的通知（改正稿）"), "the corrected file is served")


def test_a_page_that_fails_the_safety_gate_is_not_written_and_the_last_good_page_stays(served: Served) -> None:
    body = '正文。\n\n<a href="javascript:alert(1)">点击</a>\n'
    refused = served.output().count("预览未更新")
    served.write("qtwj/a4.md", item_md(body, 标题="关于丁事项的通知（不安全稿）", 索引号=f"{CODE}/2024-00004", 发布日期="2024-03-04"))
    until(lambda: "content/qtwj/a4.md:" in served.output() and "html-unsafe" in served.output(), "the safety finding")
    until(lambda: served.output().count("预览未更新") > refused, "the update refused")
    _, page = served.get("qtwj/2024-00004/")
    assert "关于丁事项的通知" in page and "不安全稿" not in page and "javascript:" not in page
    served.write("qtwj/a4.md", _item(4, "关于丁事项的通知", "2024-03-04"))


def test_the_search_page_says_the_full_text_index_may_lag_while_previewing(served: Served) -> None:
    _, page = served.get("search/")
    assert "预览模式：全文检索使用上次完整生成的索引" in page


def test_an_open_page_reloads_by_itself_after_the_save_under_the_preview_policy(served: Served, browser: Any) -> None:
    """MkDocs' live-reload script (inline, new on every request) runs: the preview's policy allows it, the built site's does not."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    try:
        page.goto(served.url + "tjxx/2024-00006/")
        assert "2024年一季度统计数据" in page.inner_text("h1")
        served.write("tjxx/s1.md", _item(6, "2024年一季度统计数据（更正）", "2024-04-10", "统计信息"))
        until(lambda: "（更正）" in page.inner_text("h1"), "the open page reloaded by itself with the new title")
        assert not blocked, blocked
    finally:
        context.close()
    policy = served.get("tjxx/2024-00006/")[1].split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';" in policy and "sha256-" not in policy


def test_a_site_config_change_rebuilds_the_whole_site_and_says_so(served: Served) -> None:
    body = served.root / "site_config/body.yml"
    body.write_text(body.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    until(lambda: "site_config/body.yml 已改动：完整重新生成整个网站" in served.output(), "the full rebuild message")
    until(lambda: served.output().count("Documentation built in") >= 2, "the full rebuild finishes")
    served.write("qtwj/a4.md", _item(4, "关于丁事项的通知（全量之后）", "2024-03-04"))
    until(shows(served, "qtwj/2024-00004/", "关于丁事项的通知（全量之后）"), "previews work again after a full rebuild")


@pytest.fixture(scope="module")
def served_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    items = {
        "qtwj/2026-00001.md": county_item(标题="示例县人民政府关于春耕生产的通知"),
        "fgw/qtwj/2026-00001.md": fgw_item(标题="发展改革委关于价格监测的通知"),
        "czz/qtwj/2026-00001.md": czz_item(标题="城关镇春耕生产工作安排"),
    }
    yield from _serve(make_platform(tmp_path_factory.mktemp("serve-platform") / "p", items))


def test_on_a_platform_a_body_item_is_previewed_under_the_body_prefix_and_a_joint_one_in_both_bodies(served_platform: Served) -> None:
    served = served_platform
    served.write("fgw/qtwj/2026-00001.md", fgw_item(标题="发展改革委关于价格监测的通知（修订）"))
    until(shows(served, "fgw/qtwj/2026-00001/", "发展改革委关于价格监测的通知（修订）"), "the body's item page")
    until(shows(served, "fgw/qtwj/", "发展改革委关于价格监测的通知（修订）"), "the body's column page")
    issuers = ["示例县发展和改革委员会", "示例县城关镇人民政府"]
    joint = fgw_item("2026-00002", 标题="关于联合开展预览测试的通知", 发文机关=issuers, 发布日期="2026-04-01")
    served.write("fgw/qtwj/2026-00002.md", joint)
    until(shows(served, "czz/qtwj/", "关于联合开展预览测试的通知"), "the joint document in the other body's listing")
    assert "关于联合开展预览测试的通知" in served.get("fgw/qtwj/")[1]
    assert "关于联合开展预览测试的通知" not in served.get("qtwj/")[1]  # the 本级政府 is no issuer
    assert "预览已更新" in served.output() and "完整重新生成" not in served.output()


# The decisions, without a server.


def test_only_item_markdown_is_previewed_alone_anything_else_rebuilds_everything(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    plan = preview.classify([str(docs / "qtwj/a.md"), str(docs / "qtwj/.a.md.swp"), str(docs / "qtwj/a.md~")], docs, tmp_path)
    assert plan == preview.Plan(frozenset({"qtwj/a.md"}))
    assert preview.classify([str(tmp_path / "site_config/body.yml")], docs, tmp_path).full == "site_config/body.yml 已改动"
    assert "不是信息文件" in preview.classify([str(docs / "zhidu/index.md")], docs, tmp_path).full
    assert "不是信息文件" in preview.classify([str(docs / "qtwj/附件/表.pdf")], docs, tmp_path).full
    assert preview.classify([str(tmp_path / "mkdocs.yml")], docs, tmp_path).full == "mkdocs.yml 已改动"


def test_a_title_edit_touches_one_page_per_listing_and_a_new_date_every_page_of_the_column(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", items=ITEMS)
    before = loader.load(root, today=dt.date.fromisoformat(TODAY), workers=1)
    (root / "content/qtwj/a5.md").write_text(_item(5, "关于戊事项的通知（改）", "2024-03-05"), encoding="utf-8")
    (root / "content/qtwj/a4.md").write_text(_item(4, "不在改动列表中", "2024-03-04"), encoding="utf-8")
    after = loader.load(root, today=before.platform.today, keep=loader.kept_items(before, ["qtwj/a5.md"]))
    dirs = {m.prefix: Directory.build(m, 2) for m in before.platform.bodies}
    new_dirs = {m.prefix: Directory.build(m, 2) for m in after.platform.bodies}
    touched = preview.touched(before.platform, after.platform, ["qtwj/a5.md"], dirs, new_dirs, {}, {})
    assert {p for p in touched.pages if p.startswith("qtwj/")} == {"qtwj/a5.md", "qtwj/index.md", "qtwj/2024/index.md"}
    assert after.platform.bodies[0].by_src_uri["qtwj/a5.md"].title == "关于戊事项的通知（改）"
    assert after.platform.bodies[0].by_src_uri["qtwj/a4.md"].title == "关于丁事项的通知"  # only the changed files are read
    (root / "content/qtwj/a5.md").write_text(_item(5, "关于戊事项的通知（改）", "2023-12-30"), encoding="utf-8")
    moved = loader.load(root, today=before.platform.today, keep=loader.kept_items(before, ["qtwj/a5.md"]))
    moved_dirs = {m.prefix: Directory.build(m, 2) for m in moved.platform.bodies}
    touched = preview.touched(before.platform, moved.platform, ["qtwj/a5.md"], dirs, moved_dirs, {}, {})
    column = {p for p in touched.pages if p.startswith("qtwj/")}
    assert {"qtwj/index.md", "qtwj/page/2/index.md", "qtwj/page/3/index.md", "qtwj/2023/index.md", "qtwj/2024/index.md"} <= column


def test_a_document_changing_year_in_a_one_page_library_redraws_every_page_that_shows_the_years(tmp_path: Path) -> None:
    # A one-page library has no year pages, yet every one of its pages (wjk/, wjk/xxyx/, each 发文机关's) shows the
    # year links and counts: a document moved to another year changes them even where it is not listed.
    docs = {
        "gfxwj/g1.md": _doc(21, "示例县甲事项管理办法", "2024-05-06"),
        "gfxwj/g2.md": _doc(22, "示例县乙事项管理办法", "2023-06-10", issuer="示例县人民政府办公室"),  # its 发文机关 page: not g1's
    }
    root = make_project(tmp_path / "p", items={**ITEMS, **docs})
    before = loader.load(root, today=dt.date.fromisoformat(TODAY), workers=1)
    (root / "content/gfxwj/g1.md").write_text(_doc(21, "示例县甲事项管理办法", "2023-12-01"), encoding="utf-8")
    after = loader.load(root, today=before.platform.today, keep=loader.kept_items(before, ["gfxwj/g1.md"]))
    libs = [{m.prefix: lib for m in p.platform.bodies if (lib := library.build(m, 20)) is not None} for p in (before, after)]
    assert not libs[0][""].year_pages and not libs[1][""].year_pages
    dirs = [{m.prefix: Directory.build(m, 20) for m in p.platform.bodies} for p in (before, after)]
    touched = preview.touched(before.platform, after.platform, ["gfxwj/g1.md"], dirs[0], dirs[1], libs[0], libs[1])
    every = {lp.src_uri for listing in libs[1][""].listings() for lp in listing.pages()}
    assert len([uri for uri in every if uri.startswith("wjk/jg/")]) == 2 and every <= touched.pages
