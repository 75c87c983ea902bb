"""Reading mkdocs.yml for `gongkai check`: MkDocs' own configuration loader, or its YAML loader when that fails.

Owns `read_config` (the validated MkDocs configuration, its log quietened; raises what MkDocs raises) and
`read_raw` (the file's top-level mapping via `mkdocs.utils.yaml.yaml_load`, so `!ENV` and `!relative` read as in
a build; {} when unreadable). The caller (`render.Renderer`) picks the Markdown settings out of either.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any


def read_config(path: Path) -> Any:
    """MkDocs' validated configuration of `path` (MkDocs' own log quietened: the build reports problems itself)."""
    from mkdocs.config import load_config as mkdocs_load_config

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        return mkdocs_load_config(str(path))
    finally:
        quiet.setLevel(level)


def read_raw(path: Path) -> dict[str, Any]:
    """The top-level mapping of mkdocs.yml as MkDocs' YAML loader reads it; {} when it cannot be read."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml_load(fh) or {}
    except Exception:  # unreadable, not YAML, an unset !ENV: the build reports it; check falls back to defaults
        return {}
    return raw if isinstance(raw, dict) else {}
