"""关怀模式 (适老化) in real Chromium: a real header <button> with aria-pressed, remembered in localStorage,
text ≥ 1.5×, high contrast, wider line spacing; prefers-reduced-motion / prefers-contrast honoured; no
horizontal scrolling at 200% zoom (640 px at device scale 2) or at 320 px, with the mode on and off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from a11y_support import open_page, sample_pages

BODY_TEXT = ".md-content .md-typeset p"
SKIP_TRANSITION = "getComputedStyle(document.querySelector('.gk-skip')).transitionDuration"
STYLE = (
    "sel => { const s = getComputedStyle(document.querySelector(sel));"
    " return [parseFloat(s.fontSize), parseFloat(s.lineHeight), s.color]; }"
)


def test_toggle_is_a_remembered_pressed_button_that_enlarges_and_darkens_text(page: Any, sample_site: Path, sample_url: str) -> None:
    pages = sample_pages(sample_site)
    open_page(page, sample_url + pages["item"])
    button = page.locator("header [data-gk-elder-toggle]")
    assert button.evaluate("b => b.tagName") == "BUTTON" and button.get_attribute("type") == "button"
    assert button.is_visible() and button.inner_text() == "关怀模式" and button.get_attribute("aria-pressed") == "false"
    size, line, _ = page.evaluate(STYLE, BODY_TEXT)

    button.focus()
    page.keyboard.press("Enter")  # operable with the keyboard
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('gk-elder')")
    # the theme animates font-size changes: wait (bounded) for the enlarged text to settle, then measure
    page.wait_for_function(
        "([sel, min]) => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize) >= min",
        arg=[BODY_TEXT, 1.5 * size],
        timeout=5000,
    )
    big, big_line, color = page.evaluate(STYLE, BODY_TEXT)
    assert big >= 1.5 * size
    assert big_line / big > line / size and big_line / big >= 1.9  # wider line spacing, not just bigger text
    assert color == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('header.md-header')).backgroundColor") == "rgb(0, 0, 0)"

    open_page(page, sample_url + pages["directory"])  # remembered on the next page, before first paint
    assert page.locator("header [data-gk-elder-toggle]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("localStorage.getItem('gongkai.elder-mode')") == "1"
    page.locator("header [data-gk-elder-toggle]").click()
    assert not page.evaluate("document.documentElement.classList.contains('gk-elder')")
    page.reload()
    assert page.locator("header [data-gk-elder-toggle]").get_attribute("aria-pressed") == "false"
    assert page.foreign_requests == []
    scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)")
    assert scripts and all(src.startswith(sample_url) for src in scripts)


def test_system_preferences_reduced_motion_and_more_contrast_are_honoured(browser: Any, sample_site: Path, sample_url: str) -> None:
    context = browser.new_context(reduced_motion="reduce", contrast="more")
    page = context.new_page()
    open_page(page, sample_url + sample_pages(sample_site)["item"])
    page.keyboard.press("Tab")  # the skip link slides in on focus: the theme's one visible transition
    assert {d.strip() for d in page.evaluate(SKIP_TRANSITION).split(",")} == {"1e-05s"}
    assert page.evaluate(STYLE, BODY_TEXT)[2] == "rgb(0, 0, 0)"
    link = page.evaluate("getComputedStyle(document.querySelector('.md-content .md-typeset p a, .md-content .md-typeset li a')).color")
    assert link == "rgb(10, 61, 145)"
    context.close()
    plain = browser.new_context()
    page = plain.new_page()
    open_page(page, sample_url + sample_pages(sample_site)["item"])
    page.keyboard.press("Tab")
    assert page.evaluate(SKIP_TRANSITION) == "0.25s, 0.175s"
    plain.close()


@pytest.mark.parametrize("viewport", [(640, 800, 2), (320, 640, 1)], ids=["zoom200", "320px"])
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_no_horizontal_scrolling(viewport: tuple[int, int, int], elder: bool, browser: Any, sample_site: Path, sample_url: str) -> None:
    width, height, scale = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page = context.new_page()
    if elder:
        page.add_init_script("window.localStorage.setItem('gongkai.elder-mode', '1')")
    wide = {}
    for name, path in sample_pages(sample_site).items():
        open_page(page, sample_url + path)
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]")
        if sizes[0] > sizes[1] or sizes[2] > sizes[1]:
            wide[name] = sizes
    context.close()
    assert wide == {}
