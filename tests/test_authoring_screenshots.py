"""The README's staff screenshots come from a real harness: tests/screenshots.py run into tmp_path writes real
PNG images at the phone viewport, each under 200 KB (the committed ones in tests/screenshots/ too)."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from conftest import REPO
from screenshots import SHOTS, VIEWPORT, take

LIMIT = 200 * 1024


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_harness_writes_real_phone_screenshots(tmp_path: Path, browser: Any) -> None:
    shots = take(tmp_path / "out", tmp_path / "work", browser)
    assert [p.name for p in shots] == list(SHOTS)
    for shot in shots:
        assert png_size(shot) == (VIEWPORT["width"], VIEWPORT["height"])
        assert 5 * 1024 < shot.stat().st_size < LIMIT  # an image with content, not a blank page
    assert len({s.read_bytes() for s in shots}) == len(shots)


def test_committed_screenshots_are_the_harness_set_and_small() -> None:
    committed = sorted((REPO / "tests/screenshots").glob("*.png"))
    assert [p.name for p in committed] == sorted(SHOTS)
    for shot in committed:
        assert png_size(shot) == (VIEWPORT["width"], VIEWPORT["height"]) and shot.stat().st_size < LIMIT
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"tests/screenshots/{name}" in readme for name in SHOTS)
