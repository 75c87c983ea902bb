"""Editor and commit hooks for staff: VS Code maps the JSON Schemas to the YAML data files, recommends the YAML
extension, and pre-commit runs `gongkai check` on the whole project."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml
from conftest import FIXTURE_BODY, REPO


def test_vscode_maps_every_schema_to_existing_files() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert "./catalog_schema/catalog.schema.json" in schemas and "./catalog_schema/site_config.schema.json" in schemas
    for schema, globs in schemas.items():
        assert (REPO / schema).is_file(), schema
        for pattern in globs:
            # a body's own files (content/, site_config/) are matched in the fixture body: any body may lack them
            base = FIXTURE_BODY if pattern.startswith(("content/", "site_config/")) else REPO
            assert list(base.glob(pattern)), pattern
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_pre_commit_runs_gongkai_check_as_a_local_system_hook() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["language"] == "system" and hook["entry"] == "make -s check"
    # the project's own gongkai (.venv/bin), not one that must be on PATH
    dry = subprocess.run(["make", "-n", "-s", "check"], cwd=REPO, capture_output=True, text=True)
    assert dry.returncode == 0 and ".venv/bin/gongkai check" in dry.stdout
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/qtwj/2026-00001-x.md") and files.search("site_config/body.yml") and not files.search("README.md")


def test_package_lock_pins_the_browser_tools_exactly() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"] == {"axe-core": "4.14.1", "vnu-jar": "26.9.27"}
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == "4.14.1"
    assert lock["packages"]["node_modules/vnu-jar"]["version"] == "26.9.27"
    assert Path(REPO / "node_modules/axe-core/axe.min.js").is_file()
