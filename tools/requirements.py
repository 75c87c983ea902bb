"""Print every requirement of the project, one per line, for `make wheelhouse` (pip download -r).

Owns the list of what an offline install needs: the build backend ([build-system] requires and wheel, for
the editable install of gongkai itself), the runtime dependencies and the `test` extra, all from pyproject.toml;
pip applies the exact pins of constraints.txt to them and to every transitive dependency.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    out = [*project["build-system"]["requires"], "wheel"]  # pip 23's editable install asks for wheel too
    out += project["project"]["dependencies"]
    for extra in project["project"].get("optional-dependencies", {}).values():
        out += extra
    return [r.split("#", 1)[0].strip() for r in out]


if __name__ == "__main__":
    print("\n".join(requirements()))
