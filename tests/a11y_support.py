"""Helpers for the accessibility, 关怀模式 and screenshot tests: axe-core injected from node_modules (local
file, no CDN), the sample pages they cover, and a small paginated project for the keyboard path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from conftest import CODE, REPO, item_md, make_project, mkdocs_build

AXE = REPO / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_ITEM_DIR = re.compile(r"^\d{4}-\d{5}$")


FOCUSED = (
    "(() => { const e = document.activeElement; return e ? (e.id || '') + '|' + e.tagName + '|' + (e.textContent || '').trim() : ''; })()"
)


def tab_until(page: Any, predicate: str, limit: int = 60) -> None:
    """Press Tab until `predicate` (JS over document.activeElement) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => !!e && ({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"never reached {predicate}; focus on {page.evaluate(FOCUSED)}")


def sample_pages(site: Path) -> dict[str, str]:
    """name -> URL path of the pages the issue names: home, a directory, an item, the guide, a report, search."""
    column = site / "gfxwj"
    item = sorted(p.name for p in column.iterdir() if _ITEM_DIR.match(p.name))[0]
    reports = sorted(p.name for p in (site / "nianbao").iterdir() if re.fullmatch(r"\d{4}", p.name))
    consultation = sorted(p.name for p in (site / "yjzj").iterdir() if _ITEM_DIR.match(p.name))[0]
    return {
        "home": "/",
        "directory": "/gfxwj/",
        "item": f"/gfxwj/{item}/",
        "guide": "/zhinan/",
        "report": f"/nianbao/{reports[-1]}/",
        "search": "/search/?q=%E9%80%9A%E7%9F%A5",  # 通知
        "std_domain": "/bzml/ywjy/",  # a 标准目录 table with sourced and 待补充 rows
        "std_excluded": "/bzml/wsj/",  # 未涉及领域事项说明
        "library": "/wjk/",  # 行政规范性文件库
        "lapsed": "/wjk/ysx/",  # its 已失效 list
        "consultation": f"/yjzj/{consultation}/",  # an 意见征集 item with its state box
        "land_map": "/zdxx/",  # 征地信息: list by place and year, and the Leaflet map
        "notfound": "/404.html",  # the Chinese 404 page with its search box
        "apply": "/ysqgk/",  # 依申请公开
        "apply_form": "/ysqgk/biaoge/",  # the printable application form
    }


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    if "/search/" in url and "?q=" in url:
        page.wait_for_selector("[data-gk-list] li a", timeout=15000)


def axe_violations(page: Any) -> list[dict]:
    assert AXE.is_file(), "axe-core missing: run `make browser-deps` (npm ci)"
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the page's Content-Security-Policy would block it
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:5]]}" for v in violations)


def paginated_project(root: Path, count: int = 12, page_size: int = 5) -> Path:
    """One column (其他文件) with `count` items, directory pages of `page_size`, search and the directory plugin."""
    items = {
        f"qtwj/2024-{n:05d}.md": item_md(
            f"各乡（镇）人民政府：现就第{n}批春耕备耕物资调度工作通知如下。\n",
            标题=f"示例县人民政府办公室关于做好第{n}批春耕备耕物资调度工作的通知",
            索引号=f"{CODE}/2024-{n:05d}",
            发布日期=f"2024-03-{n + 1:02d}",
        )
        for n in range(1, count + 1)
    }
    project = make_project(root, items)
    cfg_path = project / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = ["gongkai", "gongkai-search", {"gongkai-directory": {"page_size": page_size}}]
    cfg["nav"] = [{"首页": "index.md"}]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = mkdocs_build(project)
    assert build.ok, build.output
    return build.site
