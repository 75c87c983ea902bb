"""`gongkai body add <标识>`: put a department or township on the platform (issue #18).

Owns what adding a body writes: `site_config/bodies/<标识>.yml` (the same commented template as `gongkai init`'s
body.yml, `gongkai.adoption.body_yaml`), a `.gitkeep` in `content/<标识>/<栏目路径>/` for each of its columns, and
the 标识 at the end of the 部门 or 乡镇 list of `site_config/platform.yml` (the file is created when absent,
naming the 本级政府). Facts not given as options are asked (or, with --no-input, taken from the 本级政府 where a
platform body shares them: the portal's 网站标识 numbers, 行政复议机关, 行政诉讼法院, 办公时间). It never overwrites.

A writer: it reads `site_config/platform.yml` itself only to append the 标识 (the read stays here, not in
`gongkai.source`; allow-listed in tests/test_source_readers.py). Everything else it reads goes through `source/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import adoption, platform_config
from .catalog import BODY_FILE, load_body, load_body_catalog, read_yaml
from .model import Finding
from .platform_config import PLATFORM_FILE

KINDS = {"部门": ("政府部门", "部门", "部门"), "乡镇": ("乡镇街道", "乡级", "乡镇")}
"""--类型 → (机关类型, 行政层级, the platform.yml list)."""
ID = re.compile(r"[a-z0-9]{1,32}")


def add_parser(sub: Any) -> None:
    body = sub.add_parser("body", help="集约化平台：管理平台上的机关（部门、乡镇）")
    actions = body.add_subparsers(dest="body_command")
    p = actions.add_parser(
        "add",
        help="在平台上新建一个部门或乡镇的专栏",
        description="写 site_config/bodies/<标识>.yml、content/<标识>/ 下的栏目文件夹，并把标识加到 site_config/platform.yml"
        "（没有时新建）。没给的事实会逐项提问；不会覆盖已有文件。",
    )
    p.add_argument("id", metavar="标识", help="小写字母或数字，如 jtj；也是专栏网址 /<标识>/ 和文件夹 content/<标识>/")
    p.add_argument("--名称", "--name", dest="name", help="机关名称，如 示例县交通运输局")
    p.add_argument("--类型", "--type", dest="kind", choices=tuple(KINDS), help="部门 或 乡镇")
    p.add_argument("--本级政府", dest="home", default="xzf", help="新建 platform.yml 时本级政府的标识（默认 xzf）")
    for fact in adoption.FACTS:
        if fact.option not in ("name", "type", "level"):
            p.add_argument(f"--{fact.option}", metavar=fact.key, help=fact.help or fact.key)
    p.add_argument("--root", type=Path, default=Path("."), help="项目目录（默认当前目录）")
    p.add_argument("--no-input", action="store_true", help="不提问：缺少的事实用本级政府的值，没有的报错")


def run(args: Any, ask: Callable[[str], str] | None) -> list[str]:
    """Add the body; the lines to print. Raises adoption.InitError with a Chinese message on a refused value."""
    root: Path = args.root.resolve()
    if not (root / BODY_FILE).is_file():
        raise adoption.InitError(f"{root} 没有 {BODY_FILE}：先用 gongkai init 建好本级政府的专栏", code=1)
    body_id = args.id
    _check_id(root, body_id)
    if not args.name or not args.kind:
        raise adoption.InitError("请给出 --名称 和 --类型（部门 或 乡镇）")
    body_type, level, list_key = KINDS[args.kind]
    given = {f.option: getattr(args, f.option.replace("-", "_"), None) for f in adoption.FACTS}
    given |= {"name": args.name, "type": body_type, "level": level}
    for option, value in _shared(root, body_id).items():
        given[option] = given.get(option) or (None if ask else value)
    facts = adoption.collect(given, ask)
    facts["行政层级"] = level
    target = root / platform_config.body_file(body_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = adoption.body_yaml(facts).replace("../catalog_schema/", "../../catalog_schema/")
    text = text.replace("本机关信息（gongkai init 生成", f"平台上的{args.kind}「{args.name}」（gongkai body add 生成")
    target.write_text(text, encoding="utf-8")
    done = [f"新建 {platform_config.body_file(body_id)}"]
    done.append(_add_to_platform(root, body_id, list_key, args.home))
    done += _keep_columns(root, body_id)
    return done


def _check_id(root: Path, body_id: str) -> None:
    if not ID.fullmatch(body_id):
        raise adoption.InitError(f"标识「{body_id}」只能用小写字母或数字（1—32个），如 jtj")
    if body_id in platform_config.RESERVED or body_id in platform_config.column_slugs(root):
        raise adoption.InitError(f"标识「{body_id}」与栏目路径或网站页面相同（网址 /{body_id}/ 已被占用），请换一个")
    if (root / platform_config.body_file(body_id)).exists():
        raise adoption.InitError(f"{platform_config.body_file(body_id)} 已存在：平台上已有这个机关", code=1)
    data = read_yaml(root, PLATFORM_FILE, []) if (root / PLATFORM_FILE).is_file() else {}
    if isinstance(data, dict) and (body_id == data.get("本级政府") or any(body_id in (data.get(k) or ()) for k in ("部门", "乡镇"))):
        raise adoption.InitError(f"{PLATFORM_FILE} 中已有标识「{body_id}」，请换一个", code=1)


def _shared(root: Path, body_id: str) -> dict[str, str]:
    """Defaults a platform body takes from the 本级政府 (the portal's numbers; review body and court; hours; URL)."""
    raw = read_yaml(root, BODY_FILE, []) or {}
    ident = raw.get("网站标识") or {}
    remedy = (raw.get("政府信息公开指南") or {}).get("监督和救济") or {}
    office = raw.get("公开工作机构") or {}

    def number(key: str) -> str:
        value = ident.get(key)
        if isinstance(value, dict):
            return str(value.get("链接") or adoption.PENDING)
        return str(value or adoption.PENDING)

    url = str(office.get("网址") or "").rstrip("/")
    return {
        "site-code": number("政府网站标识码"),
        "icp": number("ICP备案号"),
        "police": number("公安机关备案号"),
        "conac": number("党政机关网站标识"),
        "review": str(raw.get("机关名称") or ""),
        "court": str(remedy.get("行政诉讼法院") or ""),
        "hours": str(office.get("办公时间") or adoption.DEFAULT_HOURS),
        "url": f"{url}/{body_id}/" if url else "",
    }


def _add_to_platform(root: Path, body_id: str, key: str, home: str) -> str:
    """Append the 标识 to platform.yml's 部门 or 乡镇 list (a `[a, b]` list, a block list, or none yet)."""
    path = root / PLATFORM_FILE
    if not path.is_file():
        raw = read_yaml(root, BODY_FILE, []) or {}
        name = str(raw.get("机关名称") or "本级人民政府")
        url = str((raw.get("公开工作机构") or {}).get("网址") or "https://www.example.gov.cn/")
        path.write_text(
            "# 政府网站集约化平台（gongkai body add 生成）：门户名称、门户网址、本级政府和门户首页的部门、乡镇列表。\n"
            "# 本级政府的配置仍是 site_config/body.yml，信息仍在 content/；其他机关在 site_config/bodies/<标识>.yml 和 content/<标识>/。\n"
            f"门户名称: {adoption._q(name + '门户网站')}\n门户网址: {adoption._q(url)}\n本级政府: {home}\n部门: []\n乡镇: []\n",
            encoding="utf-8",
        )
    text = path.read_text(encoding="utf-8")
    flow = re.compile(rf"^({key}:[ \t]*\[)([^\]\n]*)(\])", re.M)
    if m := flow.search(text):
        items = [s.strip() for s in m.group(2).split(",") if s.strip()]
        text = text[: m.start()] + f"{m.group(1)}{', '.join([*items, body_id])}{m.group(3)}" + text[m.end() :]
    elif m := re.search(rf"^{key}:[ \t]*(#.*)?\n((?:[ \t]+-.*\n)*)", text, re.M):
        text = text[: m.end()] + f"  - {body_id}\n" + text[m.end() :]
    else:
        text = text.rstrip("\n") + f"\n{key}: [{body_id}]\n"
    path.write_text(text, encoding="utf-8")
    return f"在 {PLATFORM_FILE} 的 {key} 列表末尾加上 {body_id}"


def _keep_columns(root: Path, body_id: str) -> list[str]:
    """A `.gitkeep` in content/<标识>/<栏目路径>/ for each of the body's columns; checks the file just written."""
    findings: list[Finding] = []
    body = load_body(root, findings, platform_config.body_file(body_id))
    catalog = load_body_catalog(root, body, findings) if body else None
    if body is None or catalog is None:
        raise adoption.InitError("写入的配置有错误：" + "；".join(f.format() for f in findings if f.severity == "error"), code=1)
    for column in catalog.item_columns:
        keep = root / "content" / body_id / column.slug / ".gitkeep"
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.touch()
    return [f"新建 content/{body_id}/ 和 {len(catalog.item_columns)} 个栏目文件夹；下一步：gongkai check --body {body_id}"]
