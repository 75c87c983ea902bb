"""The Nu HTML Checker (vnu-jar from package-lock.json, run on Debian's Java) over every built page of the sample: 0 errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import REPO

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


def theme_toggle_autocomplete(message: dict) -> bool:
    """The one accepted error, from the theme's base.html (not a Gongkai template): Material puts
    autocomplete="off" on its two hidden drawer/search toggle checkboxes so Firefox does not restore a
    stale open drawer after "back". HTML allows autocomplete only on text-like inputs; browsers honour it
    anyway, and removing it would mean forking the theme's whole base.html. Matched narrowly: only that
    message on an <input class="md-toggle">."""
    return message["message"].startswith("Attribute “autocomplete” is only allowed when the input type is") and (
        'class="md-toggle"' in message.get("extract", "")
    )


def vnu(*paths: Path) -> list[dict]:
    assert VNU.is_file(), "vnu.jar missing: run `make browser-deps` (npm ci)"
    java = shutil.which("java")
    assert java, "Java missing: run `make browser-deps`"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stderr or proc.stdout)["messages"]


def test_every_page_of_the_sample_is_valid_html(sample_site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "control"
    broken.mkdir()
    (broken / "index.html").write_text('<!doctype html><html lang="zh-CN"><title>x</title><p><label for="nope">x</label>', encoding="utf-8")
    messages = vnu(sample_site, broken)
    # the checker really ran: it flags the control page
    assert any(m["url"].endswith("control/index.html") and "label" in m["message"] for m in messages)
    errors = [m for m in messages if "control/" not in m["url"] and not theme_toggle_autocomplete(m)]
    shown = [f"{m['url'].split(str(sample_site))[-1]}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '').strip()}" for m in errors]
    assert shown == [], "\n".join(shown[:40])
    checked = {m["url"] for m in messages if theme_toggle_autocomplete(m)}
    assert len(checked) >= len([p for p in sample_site.rglob("*.html") if "pagefind" not in p.parts]) - 1
