"""axe-core (from package-lock.json, injected from node_modules — no CDN) in real Chromium over the sample's
home, a directory page, an item page, the guide, an annual report, the search page with results and the 404 page:
0 violations for WCAG 2.0/2.1 A and AA, in the normal look and in 关怀模式. Plus <html lang="zh-CN">."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from a11y_support import axe_violations, describe, open_page, sample_pages

PAGES = [
    "home", "directory", "item", "guide", "report", "search",
    "std_domain", "std_excluded", "library", "lapsed", "consultation", "land_map", "notfound", "apply",
    "apply_form",
]  # fmt: skip
# "notfound" is /404.html opened at the server root, where its /xxgk/ stylesheets and scripts do not load: the worst
# case for form labels (no elder mode without its script). tests/test_deploy_nginx.py checks it as nginx serves it.


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag21_aa_violations(name: str, page: Any, sample_site: Path, sample_url: str) -> None:
    open_page(page, sample_url + sample_pages(sample_site)[name])
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # No request leaves the site. (Console errors are not asserted: Material's bundle fetches `sitemap.xml`
    # next to every <link rel="alternate">, here the RSS/Atom links of directory pages, and logs the 404.)
    assert page.foreign_requests == []


@pytest.mark.parametrize("name", [p for p in PAGES if p != "notfound"])
def test_page_in_elder_mode_has_no_wcag21_aa_violations(name: str, page: Any, sample_site: Path, sample_url: str) -> None:
    page.add_init_script("window.localStorage.setItem('gongkai.elder-mode', '1')")
    open_page(page, sample_url + sample_pages(sample_site)[name])
    assert page.evaluate("document.documentElement.classList.contains('gk-elder')")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_every_sample_page_declares_simplified_chinese(sample_site: Path) -> None:
    pages = [p for p in sample_site.rglob("*.html") if "pagefind" not in p.parts]
    wrong = [str(p.relative_to(sample_site)) for p in pages if '<html lang="zh-CN"' not in p.read_text(encoding="utf-8")[:400]]
    assert pages and wrong == []


def test_pagefind_still_indexes_the_sample_as_chinese(sample_site: Path) -> None:
    import json

    entry = json.loads((sample_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"]
    assert language == "zh-cn" and entry["languages"][language]["page_count"] > 50
