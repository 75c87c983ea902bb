"""Small projects built as of a chosen day (the `gongkai` plugin's `today` option), for tests around date boundaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from conftest import CODE, make_project, set_plugins

NAV = [{"首页": "index.md"}]


def idx(year: int, serial: int) -> str:
    return f"{CODE}/{year}-{serial:05d}"


def project_at(tmp: Path, day: dt.date, items: dict[str, str], plugins: tuple[str, ...] = ("gongkai", "gongkai-directory")) -> Path:
    """A project with `items`, only `plugins`, the generated home as its nav, and the build date fixed to `day` in mkdocs.yml."""
    project = make_project(tmp, items=items)
    set_plugins(project, list(plugins), nav=NAV)
    cfg_path = project / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = [{"gongkai": {"today": day.isoformat()}} if p == "gongkai" else p for p in cfg["plugins"]]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project
