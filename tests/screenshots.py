"""Screenshots for the staff guide in README.md: what staff see after adding, correcting and withdrawing an item.

Usage: `make screenshots` (or `python tests/screenshots.py [OUT_DIR]`, default tests/screenshots/). Builds a small
real project with the real `gongkai new` and `mkdocs build`, then photographs the pages in Debian's Chromium at a
390×844 phone viewport (PNG, each well under 200 KB). tests/test_authoring_screenshots.py runs the same harness.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CHROMIUM, CHROMIUM_ARGS, CODE, TODAY, item_md, make_project, mkdocs_build, serve, set_plugins

VIEWPORT = {"width": 390, "height": 844}
TITLE = "示例县人民政府办公室关于做好2026年冬季森林防火工作的通知"
BODY = "各乡（镇）人民政府，县政府各部门：\n\n入冬以来，我县森林防火形势严峻。现就做好冬季森林防火工作通知如下。\n"
SHOTS = ("staff-1-new-item.png", "staff-2-corrected-item.png", "staff-3-withdrawn-directory.png", "staff-4-elder-mode.png")


def _project(work: Path) -> Path:
    items = {
        f"qtwj/2026-0000{n}-示例{n}.md": item_md(标题=title, 索引号=f"{CODE}/2026-0000{n}", 发布日期=f"2026-0{n + 2}-10")
        for n, title in ((1, "示例县人民政府办公室关于做好春季农业生产工作的通知"), (2, "示例县人民政府办公室关于开展安全生产大检查的通知"))
    }
    project = make_project(work, items)
    set_plugins(project, ["gongkai", "gongkai-search", "gongkai-directory", "gongkai-identity"])
    return project


def _build(project: Path) -> Path:
    result = mkdocs_build(project)
    if not result.ok:
        raise RuntimeError(result.output)
    return result.site


def _shoot(browser: Any, site: Path, path: str, out: Path, elder: bool = False) -> None:
    server = serve(site)
    url = next(server)
    try:
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="zh-CN", reduced_motion="reduce")
        page = context.new_page()
        if elder:
            page.add_init_script("window.localStorage.setItem('gongkai.elder-mode', '1')")
        page.goto(url + path)
        page.wait_for_load_state("load")
        page.screenshot(path=str(out), full_page=False)
        context.close()
    finally:
        server.close()


def take(out_dir: Path, work: Path, browser: Any) -> list[Path]:
    """Add, correct and withdraw an item in a fresh project under `work`; photograph with `browser` (Playwright)."""
    from gongkai import authoring

    out_dir.mkdir(parents=True, exist_ok=True)
    project = _project(work)
    path, index_no = authoring.new_item(project, "其他文件", TITLE, dt.date.fromisoformat(TODAY))
    path.write_text(path.read_text(encoding="utf-8").replace(authoring.NEW_BODY, BODY), encoding="utf-8")
    serial = index_no.partition("/")[2]
    shots = [out_dir / name for name in SHOTS]

    _shoot(browser, _build(project), f"/qtwj/{serial}/", shots[0])
    text = path.read_text(encoding="utf-8")  # correct: the 成文日期 and 发文字号 were missing
    text = re.sub(r"^# 成文日期: .*$", "成文日期: 2026-11-20", text, count=1, flags=re.M)
    text = re.sub(r"^# 发文字号: .*$", "发文字号: 示政办发〔2026〕31号", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    site = _build(project)
    _shoot(browser, site, f"/qtwj/{serial}/", shots[1])
    _shoot(browser, site, f"/qtwj/{serial}/", shots[3], elder=True)
    withdrawn = project / "content/qtwj/2026-00002-示例2.md"  # withdraw: no longer 主动公开, with the reason
    withdrawn.write_text(
        withdrawn.read_text(encoding="utf-8").replace(
            "---\n这是正文", "公开属性: 不予公开\n不予公开理由: 属于内部事务信息（条例第十六条）\n---\n这是正文"
        ),
        encoding="utf-8",
    )
    _shoot(browser, _build(project), "/qtwj/", shots[2])
    return shots


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "screenshots"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gongkai-shots-") as work, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for shot in take(out, Path(work) / "project", browser):
            print(f"{shot}  {shot.stat().st_size // 1024} KB")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
