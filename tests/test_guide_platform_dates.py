"""On a platform each body's 指南 更新日期, when its 指南 sets none, comes from the last commit of that body's own
inputs (its `site_config/bodies/<id>.yml` and the shared catalog and guide text), not from another body's (real git,
real MkDocs).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import mkdocs_build
from test_guide_page import read_page
from test_platform import czz_item, fgw_item, make_platform


def git(cwd: Path, *args: str, day: str) -> None:
    when = f"{day}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
    env.update(GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_a_platform_build_dates_each_bodys_guide_by_the_last_commit_of_its_own_inputs(tmp_path: Path) -> None:
    project = make_platform(tmp_path / "p", {"fgw/qtwj/2026-00001.md": fgw_item(), "czz/qtwj/2026-00001.md": czz_item()})
    git(project, "init", "-q", day="2025-06-01")
    git(project, "add", "-A", day="2025-06-01")
    git(project, "commit", "-qm", "init", day="2025-06-01")
    fgw = project / "site_config" / "bodies" / "fgw.yml"
    fgw.write_text(fgw.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
    git(project, "commit", "-qam", "fgw", day="2025-09-09")
    result = mkdocs_build(project)
    assert result.ok, result.output
    dates = {prefix: read_page(result.site / prefix / "zhinan" / "index.html").times[0][0] for prefix in ("", "fgw", "czz")}
    assert dates == {"": "2025-06-01", "fgw": "2025-09-09", "czz": "2025-06-01"}
