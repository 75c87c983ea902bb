"""Printing an item page in real Chromium: print media hides navigation, header and footer; the info card,
title, body and attachments (with full URLs) remain; the 打印本页 button works from the keyboard; attachments
download under their original file names; and no page (small project or the whole sample) asks another host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import item_md, mkdocs_build, serve
from identity_support import project, read_page

ITEM = "qtwj/2024-00001/"
ATTACHMENT = "2024年春耕物资清单.pdf"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    text = item_md("## 一、总体要求\n\n做好春耕准备。\n", 附件=[{"文件": ATTACHMENT, "名称": "春耕物资清单"}])
    proj = project(tmp_path_factory.mktemp("print") / "p", {"zcwj/a.md": text})
    (proj / "content" / "zcwj" / ATTACHMENT).write_bytes(b"%PDF-1.4\n%%EOF\n")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    gen = serve(build.site)
    url = next(gen)
    yield build.site, url
    next(gen, None)


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _display(pg: Any, selector: str) -> str:
    return pg.eval_on_selector(selector, "el => getComputedStyle(el).display")


def test_print_media_hides_navigation_header_and_footer_but_keeps_the_document(small_site: tuple[Path, str], tab: Any) -> None:
    _, url = small_site
    tab.goto(url + "/" + ITEM)
    for selector in (".md-header", ".md-footer", ".gk-breadcrumb", ".gk-print-button"):
        assert _display(tab, selector) != "none", selector  # on screen they are there
    tab.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".gk-breadcrumb", ".gk-tools", ".gk-identity__links"):
        hidden = tab.eval_on_selector(selector, "el => el.offsetParent === null || getComputedStyle(el).display === 'none'")
        assert hidden, selector
    for selector in ("article.gk-item h1", ".gk-infocard", ".gk-body", ".gk-attachments"):
        assert _display(tab, selector) != "none", selector
        assert tab.eval_on_selector(selector, "el => el.getBoundingClientRect().height") > 0, selector
    after = tab.eval_on_selector(".gk-attachments a", "el => getComputedStyle(el, '::after').content")
    assert f"{url}/zcwj/{quote(ATTACHMENT)}" in after  # the full URL, printed next to the link
    assert tab.errors == []


def test_the_print_button_is_a_real_button_that_works_from_the_keyboard(small_site: tuple[Path, str], tab: Any) -> None:
    _, url = small_site
    tab.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")  # no print dialog in headless runs
    tab.goto(url + "/" + ITEM)
    button = tab.get_by_role("button", name="打印本页")
    assert button.is_visible()
    for _ in range(60):  # reach it with Tab like a keyboard user
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement && document.activeElement.matches('[data-gk-print]')"):
            break
    else:
        pytest.fail("打印本页 cannot be reached with Tab")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Space")
    assert tab.evaluate("window.__printed") == 2
    assert tab.errors == []


def test_attachments_keep_their_original_file_names_on_download(small_site: tuple[Path, str], tab: Any) -> None:
    site, url = small_site
    page = read_page(site, ITEM + "index.html")
    assert (site / "zcwj" / ATTACHMENT).is_file()
    tab.goto(url + "/" + ITEM)
    with tab.expect_download() as info:
        tab.get_by_role("link", name="春耕物资清单").click()
    assert info.value.suggested_filename == ATTACHMENT
    assert any(text == "春耕物资清单" for _, text in page.links)


def test_no_page_of_a_small_site_requests_another_host(small_site: tuple[Path, str], browser: Any) -> None:
    _, url = small_site
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    foreign: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((url, "data:")) else foreign.append(r.url))
    for path in ("/", "/" + ITEM, "/sitemap/", "/lianxi/", "/404.html"):
        pg.goto(url + path)
        pg.wait_for_load_state("networkidle")
    context.close()
    assert foreign == []


def test_no_page_of_the_built_sample_requests_another_host(sample_site: Path, sample_url: str, page: Any) -> None:
    items = sorted(p.parent for p in sample_site.glob("*/*/index.html") if 'class="gk-item"' in p.read_text(encoding="utf-8"))
    assert items, "the sample has no item pages"
    paths = ["/", "/sitemap/", "/lianxi/", "/404.html", "/mulu/", "/search/?q=通知"]
    paths += ["/" + p.relative_to(sample_site).as_posix() + "/" for p in items[:: max(1, len(items) // 8)]]
    for path in paths:
        if path.split("?")[0].strip("/") and not (sample_site / path.split("?")[0].strip("/")).exists():
            continue
        page.goto(sample_url + path)
        page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []
