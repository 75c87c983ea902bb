"""The platform file `site_config/platform.yml` (issue #18): which bodies the portal holds, where each one's files are.

It owns reading and checking platform.yml against `catalog_schema/platform.schema.json` and the files it names:
every 部门/乡镇 id has its `site_config/bodies/<id>.yml` and every such file is listed; ids are unique and
never a column path or another top-level URL of the 本级政府's 专栏 (the id is the body's URL prefix `/<id>/` and
its folder `content/<id>/`). Without platform.yml the project is a platform of one (the 本级政府 alone), as before.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from .catalog import BODY_FILE, CATALOG_FILE, data_lines, read_validated, read_yaml
from .model import DEPARTMENT, HOME, TOWNSHIP, Finding, Loaded, Platform
from .source.yamlfile import line_of

CONTENT_DIR = "content"
PLATFORM_FILE = "site_config/platform.yml"
PLATFORM_SCHEMA = "catalog_schema/platform.schema.json"
BODIES_DIR = "site_config/bodies"

RESERVED = frozenset(
    {"assets", "search", "mulu", "zhinan", "nianbao", "ysqgk", "bzml", "zdxx", "wjk", "feeds", "opendata", "staff"}
    | {"sitemap", "lianxi", "pages", "nianbao", "javascripts", "stylesheets", "pagefind", "年报"}
)
"""Top-level URLs of the 本级政府's own pages (generated pages, assets, 年报 files): a body id may not take one."""

_LIST_KEYS = ((DEPARTMENT, "部门"), (TOWNSHIP, "乡镇"))


@dataclass(frozen=True, slots=True)
class BodyEntry:
    """One body of the platform: its id, kind, config file and URL prefix (and folder under content/)."""

    id: str
    kind: str
    config_file: str
    prefix: str


@dataclass(frozen=True, slots=True)
class PlatformConfig:
    """platform.yml as read: the portal's name and URL and the bodies, the 本级政府 first, then the lists in order."""

    name: str
    url: str
    bodies: tuple[BodyEntry, ...]


def body_file(body_id: str) -> str:
    return f"{BODIES_DIR}/{body_id}.yml"


def single() -> PlatformConfig:
    """A platform of one: the 本级政府 from site_config/body.yml and content/."""
    return PlatformConfig("", "", (BodyEntry("", HOME, BODY_FILE, ""),))


def read(root: Path, findings: list[Finding]) -> PlatformConfig:
    """platform.yml's bodies, or a platform of one when it is absent. Errors become findings; a body with a
    problem of its own (no config file, an id that is taken) is left out so the others still load."""
    listed = _listed_files(root)
    if not (root / PLATFORM_FILE).is_file():
        for name in listed:
            findings.append(_unlisted(name, "没有 site_config/platform.yml"))
        return single()
    data = read_validated(root, PLATFORM_FILE, PLATFORM_SCHEMA, findings)
    if not isinstance(data, dict):
        return single()
    lines = data_lines(root, PLATFORM_FILE)
    home_id = data["本级政府"]
    taken = {home_id: "本级政府"} | {s: "栏目路径" for s in column_slugs(root)} | {s: "网站页面" for s in RESERVED}
    if home_id in listed:
        message = f"{body_file(home_id)}：「{home_id}」是本级政府，本级政府的配置是 {BODY_FILE}"
        findings.append(Finding(body_file(home_id), 1, "platform-home-file", "error", message, expected=f"删除 {body_file(home_id)}"))
    bodies = [BodyEntry(home_id, HOME, BODY_FILE, "")]
    for kind, key in _LIST_KEYS:
        for n, body_id in enumerate(data.get(key) or ()):
            line = line_of(lines, f"{key}/{n}")
            if body_id in taken:
                what = taken[body_id]
                message = (
                    f"机关标识「{body_id}」重复：已是{what}"
                    if what in ("本级政府", "部门", "乡镇")
                    else f"机关标识「{body_id}」与{what}「{body_id}/」相同"
                )
                fix = "每个机关的标识唯一，且不与栏目路径或网站页面（mulu、zhinan、search 等）相同；换一个标识（网址 /<标识>/）"
                findings.append(Finding(PLATFORM_FILE, line, "platform-id", "error", message, field=f"{key}/{n}", expected=fix))
                continue
            taken[body_id] = key
            if body_id not in listed:
                message = f"{key}中的机关「{body_id}」没有配置文件 {body_file(body_id)}"
                fix = f"运行 gongkai body add {body_id} --名称 … --类型 {'部门' if kind == DEPARTMENT else '乡镇'} 创建，或从列表中删除"
                findings.append(Finding(PLATFORM_FILE, line, "platform-body-missing", "error", message, field=f"{key}/{n}", expected=fix))
                continue
            bodies.append(BodyEntry(body_id, kind, body_file(body_id), body_id + "/"))
    for name in sorted(set(listed) - taken.keys()):
        findings.append(_unlisted(name, f"{PLATFORM_FILE} 的 部门 和 乡镇 中都没有「{name}」"))
    return PlatformConfig(str(data["门户名称"]), str(data["门户网址"]), tuple(bodies))


def _listed_files(root: Path) -> list[str]:
    """The ids of site_config/bodies/<id>.yml files."""
    folder = root / BODIES_DIR
    if not folder.is_dir():
        return []
    return sorted(name[:-4] for name in os.listdir(folder) if name.endswith(".yml") and not name.startswith("."))


def _unlisted(body_id: str, why: str) -> Finding:
    return Finding(
        body_file(body_id),
        1,
        "platform-body-unlisted",
        "error",
        f"{body_file(body_id)} 不属于平台上的任何机关：{why}",
        expected=f"在 {PLATFORM_FILE} 的 部门 或 乡镇 中加上「{body_id}」（gongkai body add 会写好），或删除这个文件",
    )


def column_slugs(root: Path) -> set[str]:
    """The first path segment of every column of the catalog, whatever the level (a body id may take none of them)."""
    data = read_yaml(root, CATALOG_FILE, [])
    out: set[str] = set()

    def walk(columns: object) -> None:
        for raw in columns if isinstance(columns, list) else ():
            if isinstance(raw, dict):
                out.add(str(raw.get("路径", "")).split("/", 1)[0])
                walk(raw.get("下级栏目"))

    walk(data.get("栏目") if isinstance(data, dict) else None)
    return out


def owner(platform: Platform, file: str) -> str:
    """The id of the body a finding's file belongs to: `content/<id>/…` and `site_config/bodies/<id>.yml` are that
    body's; platform.yml is everyone's (""); every other file (site_config/body.yml, content/…) is the 本级政府's."""
    home = platform.home.id if platform.home else ""
    if file == PLATFORM_FILE:
        return ""
    for body in platform.bodies:
        if body.prefix and (file.startswith(f"{CONTENT_DIR}/{body.prefix}") or file == body.body.config_file):
            return body.id
    if file.startswith(f"{BODIES_DIR}/"):
        return file[len(BODIES_DIR) + 1 :].removesuffix(".yml")
    return home


def focus(loaded: Loaded, body_id: str) -> Loaded | None:
    """`gongkai check --body X`: the platform reduced to body X and the findings that concern it (platform.yml's too).

    None when X is not a body of the platform.
    """
    platform = loaded.platform
    body = platform.body(body_id)
    if body is None:
        return None
    kept = [(n, f) for n, f in enumerate(loaded.findings) if loaded.owner(n) in ("", body_id)]
    build_count = sum(1 for n, _ in kept if n < loaded.build_count)
    alone = dataclasses.replace(platform, bodies=(body,))
    return Loaded(alone, [f for _, f in kept], build_count, tuple(loaded.owner(n) for n, _ in kept))
