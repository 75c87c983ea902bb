"""Offline install for intranets (政务外网): `make wheelhouse` collects every pinned package, and `make site`
on a machine without network installs from that folder only and builds (here a body with no content/ yet).

The install runs in a new network namespace (`unshare -n`: no interface but loopback) with pip's
configuration, indexes and find-links of this machine switched off, so nothing but the wheelhouse can be used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from conftest import REPO, make_project

PROJECT_FILES = ("Makefile", "pyproject.toml", "constraints.txt", "README.md", "plugins", "tools")


def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k not in ("VIRTUAL_ENV", "GONGKAI_TODAY")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}


def test_make_site_installs_from_the_wheelhouse_without_network(tmp_path: Path) -> None:
    project = make_project(tmp_path / "intranet")
    for name in PROJECT_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
        else:
            shutil.copy(src, project / name)
    wheelhouse = project / "wheelhouse"
    proc = subprocess.run(["make", "-C", str(REPO), "wheelhouse", f"WHEELHOUSE={wheelhouse}"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    names = {p.name.split("-", 1)[0].lower() for p in wheelhouse.iterdir()}
    assert {"mkdocs", "pagefind", "pagefind_bin_extended", "setuptools", "pytest", "playwright"} <= names
    pins = [line for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for pin in pins:
        name = pin.split("==")[0].lower().replace("-", "_")
        assert name in {n.replace("-", "_") for n in names}, f"{pin} missing from the wheelhouse"

    shutil.rmtree(project / "content")  # git keeps no empty folder: `make site` builds without content/ too
    body = project / "site_config/body.yml"  # no content/ means no application form files: configure none
    body.write_text(re.sub(r"\n  申请表:\n(    .*\n)+", "\n", body.read_text(encoding="utf-8")), encoding="utf-8")
    proc = subprocess.run(["unshare", "-n", "make", "site"], cwd=project, env=offline_env(), capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "从 wheelhouse/ 离线安装" in output
    assert (project / ".venv/bin/gongkai").is_file()
    assert (project / "site/index.html").is_file() and (project / "site/pagefind/pagefind-entry.json").is_file()
    assert "本栏目暂无信息" in (project / "site/qtwj/index.html").read_text(encoding="utf-8")
    assert "isn't an existing directory" not in output
