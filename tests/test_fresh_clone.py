"""`make site` on a fresh clone sets everything up by itself and builds whatever the repository holds.

This is the README's first command as a newcomer runs it: a clone of the committed HEAD, no .venv,
no site/. It creates its own virtualenv and installs the pinned packages, so it is the slowest test.
It is the suite's only test that builds the repository's own content/ and site_config/ (the sample
county as shipped, or a body's own after `gongkai init`): it asserts nothing about that body's facts.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import REPO


def test_make_site_on_a_fresh_clone_builds_the_repository_body_with_search(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    assert not (clone / ".venv").exists()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "GONGKAI_TODAY")}
    proc = subprocess.run(["make", "site"], cwd=clone, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert (clone / ".venv/bin/gongkai").exists()
    home = (clone / "site/index.html").read_text(encoding="utf-8")
    assert "政府信息公开" in home
    for page in ("zhinan/index.html", "mulu/index.html", "nianbao/index.html", "404.html"):
        assert (clone / "site" / page).is_file(), page
    entry = clone / "site/pagefind/pagefind-entry.json"
    assert entry.is_file(), "make site must produce the Pagefind index"
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"]
