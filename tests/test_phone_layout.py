"""Item pages on a 390 px wide phone in real Chromium: the info card's caption 信息卡片 stays on one line (it
used to wrap one character per line), and nothing on the page is wider than the screen. A screenshot of the
page is written next to the test's files for a look by eye."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from a11y_support import sample_pages

PHONE = {"width": 390, "height": 844}


def test_info_card_caption_is_one_line_and_the_item_page_fits_a_390px_phone(
    browser: Any, sample_site: Path, sample_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(sample_url + sample_pages(sample_site)["item"])
    tab.wait_for_load_state("load")
    caption = tab.locator(".gk-infocard caption")
    box = caption.bounding_box()
    font = tab.evaluate("parseFloat(getComputedStyle(document.querySelector('.gk-infocard caption')).fontSize)")
    assert box is not None and caption.inner_text() == "信息卡片"
    assert box["height"] < 2 * font * 1.5, f"caption is {box['height']}px high at font size {font}px: it wraps"
    assert box["width"] >= 4 * font  # the four characters side by side
    card = tab.locator(".gk-infocard").bounding_box()
    assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tab.screenshot(path=str(tmp_path / "item-390.png"), full_page=True)
    context.close()
