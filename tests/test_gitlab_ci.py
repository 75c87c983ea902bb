"""The top-level .gitlab-ci.yml a body uses as is on a self-hosted GitLab: a check job with a Code Quality
report, a build, the whole test suite and a GitLab Pages job; every command it runs exists in this project.

GitLab itself is not available here, so the file is checked the way GitLab reads it (stages, rules,
artifacts, the included template) and each script line is resolved: `make` targets with `make -n`,
`gongkai` subcommands with their `--help`, other programs in the Debian image's PATH.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO

RESERVED = {"variables", "stages", "include", "default", "workflow", "image", "services", "before_script", "after_script", "cache"}


def pipeline() -> dict[str, Any]:
    """The jobs of .gitlab-ci.yml with its local includes merged in, as GitLab does."""
    top = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    merged = dict(top)
    for inc in top.get("include", []):
        path = REPO / inc["local"].lstrip("/")
        assert path.is_file(), inc
        included = yaml.safe_load(path.read_text(encoding="utf-8"))
        merged = {**included, **merged, "variables": {**included.get("variables", {}), **top.get("variables", {})}}
    return merged


def jobs(cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in cfg.items() if k not in RESERVED and not k.startswith(".") and isinstance(v, dict)}


def test_pipeline_has_check_build_test_and_pages_jobs_in_declared_stages() -> None:
    cfg = pipeline()
    found = jobs(cfg)
    assert {"gongkai-check", "build", "test", "pages"} <= set(found)
    for name, job in found.items():
        assert job.get("stage", "test") in cfg["stages"], name
    assert cfg["variables"]["GIT_DEPTH"] == "0"  # 更新记录 and the 索引号 history need every commit
    check = found["gongkai-check"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("--format gitlab" in line and "--output gl-code-quality-report.json" in line for line in check["script"])
    assert found["build"]["script"] == ["make site"] and found["build"]["artifacts"]["paths"] == ["site/"]
    assert found["test"]["script"] == ["make test"]
    pages = found["pages"]
    assert pages["stage"] == "deploy" and pages["artifacts"]["paths"] == ["public"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]  # publish the default branch only
    assert "make site" in pages["script"] and any("cp -r site public" in line for line in pages["script"])


def test_every_command_the_pipeline_runs_exists() -> None:
    for name, job in jobs(pipeline()).items():
        for line in job.get("before_script", []) + job.get("script", []):
            for command in line.split("&&"):
                words = shlex.split(command.replace("$GONGKAI_STRICT", ""))
                program = words[0]
                if program == "make":
                    proc = subprocess.run(["make", "-n", *words[1:]], cwd=REPO, capture_output=True, text=True)
                    assert proc.returncode == 0, f"{name}: {command}: {proc.stderr}"
                elif program == "gongkai":
                    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", words[1], "--help"], capture_output=True, text=True)
                    assert proc.returncode == 0, f"{name}: {command}"
                    for option in (w.split("=")[0] for w in words[2:] if w.startswith("--")):
                        assert option in proc.stdout, f"{name}: {option} is not an option of gongkai {words[1]}"
                elif program == "python":
                    assert words[1:3] == ["-m", "pip"], command
                else:
                    assert shutil.which(program), f"{name}: {program} is not a program of the image"


def test_check_job_report_path_is_what_gongkai_writes(tmp_path: Path) -> None:
    from conftest import gongkai, item_md, make_project

    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(栏目="通知公告")})
    proc = gongkai("check", "--root", str(root), "--format", "gitlab", "--output", "gl-code-quality-report.json", cwd=root)
    assert proc.returncode == 1 and (root / "gl-code-quality-report.json").is_file()
    assert "错误[column-unknown]" in proc.stdout
