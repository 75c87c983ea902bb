"""`gongkai init`: turn a fresh clone (the shipped sample county) into one body's own project.

Owns the body facts a new body must give (as options or answered prompts, validated here: 统一社会信用代码 per
GB 32100-2015 with the project's own check, 邮政编码, e-mail, the site URL, 待取得 for footer numbers), the text
of the `site_config/body.yml` it writes (commented, every value quoted so YAML never reads a code as a number),
the body's keys of `mkdocs.yml` (site_name, site_description, site_url), moving the sample county's content/
and site_config/ to examples/, and a `.gitkeep` per column in content/ so git keeps the folders and the site
builds with empty-column notices. It never overwrites a body's own files without `--force`, and it never moves
or deletes a body's own items.

A writer: it reads `site_config/body.yml` and `mkdocs.yml` itself only to rewrite them, so those reads stay
here rather than in `gongkai.source` (allow-listed in tests/test_source_readers.py).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import credit_code_check_char, load_body, load_body_catalog
from .model import Finding

SAMPLE_CODE = "11360999001234567C"  # the fictional 示例县人民政府 shipped in content/ and site_config/
BODY_FILE = "site_config/body.yml"
EXAMPLES = "examples"
PENDING = "待取得"
BODY_TYPES = {"人民政府": None, "政府部门": "部门", "乡镇街道": "乡级"}  # 机关类型 → 行政层级 (None: ask)
GOVERNMENT_LEVELS = ("县级", "设区的市级", "省级")
DEFAULT_HOURS = "周一至周五（法定节假日除外）上午8:30—12:00，下午14:30—17:30"


class InitError(Exception):
    """A value or a state `init` cannot proceed with; `code` is the CLI exit code (1 refused, 2 bad value)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _credit_code(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}", code):
        raise ValueError("应为18位：数字和大写字母（不含 I、O、Z、S、V），按 GB 32100-2015")
    expected = credit_code_check_char(code[:17])
    if expected != code[17]:
        raise ValueError(f"校验位不对（GB 32100-2015）：按前17位，第18位应为「{expected}」，请核对营业执照或登记证书")
    return code


def _choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value.strip() not in options:
            raise ValueError(f"可选：{'、'.join(options)}")
        return value.strip()

    return check


def _pattern(regex: str, hint: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not re.fullmatch(regex, value.strip()):
            raise ValueError(hint)
        return value.strip()

    return check


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value.strip()


def _url(value: str) -> str:
    url = _pattern(r"https?://[^\s/]+(/\S*)?", "应为网址，如 https://www.example.gov.cn/xxgk/")(value)
    return url if url.endswith("/") else url + "/"


def _pending_or_text(value: str) -> str:
    return _text(value)


@dataclass(frozen=True)
class Fact:
    key: str  # the Chinese name used in prompts and messages
    option: str  # the command-line option (without --)
    check: Callable[[str], str]
    default: str | None = None  # None: required
    help: str = ""


FACTS: tuple[Fact, ...] = (
    Fact("机关名称", "name", _text, help="如 示例县交通运输局"),
    Fact("机关类型", "type", _choice(tuple(BODY_TYPES)), help="人民政府、政府部门、乡镇街道"),
    Fact("行政层级", "level", _choice(GOVERNMENT_LEVELS), "县级", "人民政府才需要：县级、设区的市级、省级"),
    Fact("统一社会信用代码", "code", _credit_code, help="18位，作为索引号前段码"),
    Fact("机关代字", "doc-prefix", _text, help="发文字号中〔年份〕之前的部分，如 示交发"),
    Fact("公开工作机构名称", "office", _text, "{机关名称}办公室", "政府信息公开工作机构"),
    Fact("办公地址", "address", _text),
    Fact("邮政编码", "postcode", _pattern(r"\d{6}", "应为6位数字"), help="6位数字"),
    Fact("联系电话", "phone", _pattern(r"[0-9０-９()（）\-—－+ ，,、转]{7,40}", "应为电话号码，如 0799-1234567"), help="如 0799-1234567"),
    Fact("传真号码", "fax", _pattern(r"[0-9０-９()（）\-—－+ ，,、转]{7,40}", "应为传真号码，如 0799-1234568")),
    Fact("电子邮箱", "email", _pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", "应为电子邮箱，如 zwgk@example.gov.cn")),
    Fact("办公时间", "hours", _text, DEFAULT_HOURS),
    Fact("网站地址", "url", _url, help="专栏发布后的网址，如 https://www.example.gov.cn/xxgk/"),
    Fact("政府网站标识码", "site-code", _pattern(r"\d{10}|待取得", "应为10位数字，尚未取得写 待取得"), PENDING, "10位数字或 待取得"),
    Fact("ICP备案号", "icp", _pending_or_text, PENDING, "如 赣ICP备12345678号，或 待取得"),
    Fact("公安机关备案号", "police", _pending_or_text, PENDING, "如 赣公网安备36000002000001号，或 待取得"),
    Fact("党政机关网站标识", "conac", _pattern(r"https://\S+|待取得", "应为 https:// 开头的核验地址，或 待取得"), PENDING, "核验地址"),
    Fact("投诉举报", "complaint", _text, help="受理投诉举报的机关和电话，如 示例县人民政府办公室，电话 0799-1234567"),
    Fact("行政复议机关", "review", _text, help="如 示例县人民政府"),
    Fact("行政诉讼法院", "court", _text, help="如 示例县人民法院"),
)
BY_OPTION = {f.option: f for f in FACTS}


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """The `init` subcommand: one option per fact, prompts for the ones not given."""
    p = sub.add_parser(
        "init",
        help="把本仓库变成本机关的项目：写 site_config/ 和 mkdocs.yml，示例移到 examples/",
        description="把示例县换成本机关：写入 site_config/body.yml 和 mkdocs.yml，把示例内容移到 examples/，"
        "content/ 中每个栏目留一个 .gitkeep。没给的选项会逐项提问。不会覆盖本机关已有的文件（除非加 --force）。",
    )
    for fact in FACTS:
        default = f"（默认：{fact.default}）" if fact.default else ""
        p.add_argument(f"--{fact.option}", metavar=fact.key, help=f"{fact.key}{('：' + fact.help) if fact.help else ''}{default}")
    p.add_argument("--root", type=Path, default=Path("."), help="项目目录（默认当前目录）")
    p.add_argument("--force", action="store_true", help="site_config/body.yml 已是本机关的配置时也重写（content/ 中的信息不动）")
    p.add_argument("--no-input", action="store_true", help="不提问：缺少的选项直接报错")


def collect(given: dict[str, str | None], ask: Callable[[str], str] | None) -> dict[str, str]:
    """Validate the given facts and ask for missing ones; a wrong given value is an InitError naming the option."""
    facts: dict[str, str] = {}
    for fact in FACTS:
        if fact.key == "行政层级" and BODY_TYPES.get(facts.get("机关类型", "")) is not None:
            facts[fact.key] = BODY_TYPES[facts["机关类型"]] or ""
            continue
        default = fact.default.format(**facts) if fact.default else None
        value = given.get(fact.option)
        if value is not None:
            try:
                facts[fact.key] = fact.check(value)
            except ValueError as exc:
                raise InitError(f"--{fact.option}（{fact.key}）「{value}」不对：{exc}") from None
            continue
        facts[fact.key] = _ask(fact, default, ask)
    return facts


def _ask(fact: Fact, default: str | None, ask: Callable[[str], str] | None) -> str:
    if ask is None:
        if default is not None:
            return fact.check(default)
        raise InitError(f"缺少 --{fact.option}（{fact.key}{'：' + fact.help if fact.help else ''}）")
    while True:
        hint = f"（{fact.help}）" if fact.help else ""
        prompt = f"{fact.key}{hint}{f' [{default}]' if default else ''}："
        try:
            answer = ask(prompt).strip()
        except EOFError:
            if default is not None:
                return fact.check(default)
            raise InitError(f"没有回答「{fact.key}」：请用 --{fact.option} 给出") from None
        try:
            return fact.check(answer or default or "")
        except ValueError as exc:
            print(f"  「{answer}」不对：{exc}。请重新输入。")


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A `re.sub` replacement that inserts `text` as is (no backslash or group references)."""
    return lambda _m: text


def _q(value: str) -> str:
    """A YAML double-quoted scalar: codes, postcodes and phone numbers stay text."""
    return json.dumps(value, ensure_ascii=False)


def _numbered(value: str, note: str) -> str:
    return f"{{待取得: true, 说明: {_q(note)}}}" if value == PENDING else _q(value)


def body_yaml(f: dict[str, str]) -> str:
    """The text of site_config/body.yml for the given facts, with comments saying what each key is for."""
    name = f["机关名称"]
    conac = "{待取得: true, 说明: \"向机构编制部门申请\"}" if f["党政机关网站标识"] == PENDING else f"{{链接: {_q(f['党政机关网站标识'])}}}"
    return f"""# yaml-language-server: $schema=../catalog_schema/site_config.schema.json
#
# 本机关信息（gongkai init 生成，可以直接修改）。指南、页脚、索引号检查、gongkai new 都从这里取值。
# 各键的含义和可选值见 README 的“配置”一节；示例县的完整写法见 examples/site_config/body.yml。

机关名称: {_q(name)}
机关类型: {_q(f["机关类型"])}   # 人民政府、政府部门、乡镇街道
行政层级: {_q(f["行政层级"])}   # 县级、设区的市级、乡级、部门、省级：决定适用哪些栏目（条例第二十一条）
统一社会信用代码: {_q(f["统一社会信用代码"])}   # 索引号前段码（GB 32100-2015）
索引号后段码格式: YYYY-NNNNN
机关代字: {_q(f["机关代字"])}   # gongkai new 按它写发文字号，如 {f["机关代字"]}〔2026〕1号
解读时限工作日: 3   # 政策解读在文件发布后几个工作日内发布（地方规定）

# 停用栏目: [治安管理]   # 本机关确无此类信息的栏目：写栏目名称，网站不生成该栏目，检查不再要求

# 条例第十二条：政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式
公开工作机构:
  名称: {_q(f["公开工作机构名称"])}
  办公地址: {_q(f["办公地址"])}
  办公时间: {_q(f["办公时间"])}
  联系电话: {_q(f["联系电话"])}
  传真号码: {_q(f["传真号码"])}
  电子邮箱: {_q(f["电子邮箱"])}
  网址: {_q(f["网站地址"])}
  邮政编码: {_q(f["邮政编码"])}

# 网站标识（国办发〔2017〕47号）：每页页脚显示。尚未取得的编号写成 {{待取得: true}}：页脚显示“办理中”，gongkai check 给出警告。
网站标识:
  主办单位: {_q(name)}
  联系地址: {_q(f["办公地址"])}
  联系电话: {_q(f["联系电话"])}
  电子邮箱: {_q(f["电子邮箱"])}
  政府网站标识码: {_numbered(f["政府网站标识码"], "向本级政府办公室申请")}
  ICP备案号: {_numbered(f["ICP备案号"], "办理ICP备案")}
  公安机关备案号: {_numbered(f["公安机关备案号"], "办理公安机关备案")}
  党政机关网站标识: {conac}

# 政府信息公开指南（条例第十二条）。缺少必填项时网站不生成，并指出缺少的键。
政府信息公开指南:
  编排体系: >-
    本专栏按“政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报”四个一级栏目编排。
    法定主动公开内容按《中华人民共和国政府信息公开条例》第二十条、第二十一条设置下级栏目。
    每条信息有唯一的索引号（统一社会信用代码/年份-序号），栏目内的信息按发布日期由近及远排列。
  获取方式: >-
    主动公开的政府信息在本专栏发布，可在线检索、查阅、下载，不需要登录，也不收取费用。
    未主动公开的政府信息，可以按本指南“依申请公开”一节向{name}提出申请。
  # 申请表: zhinan/政府信息公开申请表.docx   # 可选：content/ 下的申请表
  监督和救济:
    投诉举报: {_q(f["投诉举报"])}
    行政复议机关: {_q(f["行政复议机关"])}
    行政诉讼法院: {_q(f["行政诉讼法院"])}

# 基层政务公开标准目录（国办发〔2019〕54号，县、乡两级）：不写本节则不生成标准目录页面。
# 标准目录:
#   适用领域: [义务教育, 涉农补贴]
"""


def set_mkdocs_keys(text: str, name: str, url: str) -> tuple[str, list[str]]:
    """mkdocs.yml with the body's site_name, site_description and site_url; the keys changed."""
    values = {
        "site_name": f"{name} 政府信息公开",
        "site_description": f"{name}政府信息公开专栏：指南、制度、法定主动公开内容、年报",
        "site_url": url,
    }
    changed = []
    for key, value in values.items():
        line = f"{key}: {_q(value)}"
        text, n = re.subn(rf"^{key}:.*$", _literal(line), text, count=1, flags=re.M)
        if not n:
            text = f"{line}\n{text}"
        changed.append(key)
    text = re.sub(r"\A# .*政府信息公开专栏\n", f"# {name} 政府信息公开专栏\n", text, count=1)
    return text, changed


def _current_code(root: Path) -> str | None:
    try:
        text = (root / BODY_FILE).read_text(encoding="utf-8-sig")
    except OSError:
        return None
    m = re.search(r"^统一社会信用代码:\s*['\"]?([0-9A-Z]+)", text, re.M)
    return m.group(1) if m else ""


def plan_moves(root: Path, force: bool) -> list[tuple[Path, Path]]:
    """What to move to examples/: the sample county only; a body's own project is never moved (InitError)."""
    code = _current_code(root)
    if code is not None and code != SAMPLE_CODE and not force:
        raise InitError(
            f"{BODY_FILE} 已是本机关的配置（统一社会信用代码 {code or '未填写'}），未做任何修改。"
            "确需按新的信息重写 site_config/body.yml 和 mkdocs.yml，请加 --force（content/ 中的信息不会移动或删除）。",
            code=1,
        )
    if code != SAMPLE_CODE:
        return []
    examples = root / EXAMPLES
    moves = [(root / name, examples / name) for name in ("content", "site_config") if (root / name).exists()]
    taken = [dst for _src, dst in moves if dst.exists()]
    if taken:
        raise InitError(f"{taken[0].relative_to(root)} 已存在，未做任何修改。请先把它改名或移走。", code=1)
    return moves


def run(root: Path, facts: dict[str, str], force: bool) -> list[str]:
    """Write the project for `facts`; return what changed, one line each (in Chinese)."""
    moves = plan_moves(root, force)
    done: list[str] = []
    for src, dst in moves:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.name == "site_config":
            shutil.copytree(src, dst)  # holidays.yml stays: it is the same for every body
            done.append(f"复制 {src.relative_to(root)}/ → {dst.relative_to(root)}/（示例县的配置，供参考）")
            done += _drop_sample_platform(src)
        else:
            shutil.move(str(src), str(dst))
            done.append(f"移动 {src.relative_to(root)}/ → {dst.relative_to(root)}/（示例县的信息和年报，供参考）")
    body_path = root / BODY_FILE
    body_path.parent.mkdir(parents=True, exist_ok=True)
    body_path.write_text(body_yaml(facts), encoding="utf-8")
    done.append(f"写入 {BODY_FILE}（{facts['机关名称']}，{facts['机关类型']}，{facts['行政层级']}）")
    cfg = root / "mkdocs.yml"
    text, keys = set_mkdocs_keys(cfg.read_text(encoding="utf-8"), facts["机关名称"], facts["网站地址"])
    cfg.write_text(text, encoding="utf-8")
    done.append(f"修改 mkdocs.yml：{'、'.join(keys)}")
    done += _keep_columns(root)
    return done


def _drop_sample_platform(site_config: Path) -> list[str]:
    """The sample county platform's departments and townships (platform.yml, bodies/) are not the new body's
    (they are kept in examples/site_config/); `gongkai body add` puts the body's own on its platform."""
    done = []
    if (site_config / "platform.yml").is_file():
        (site_config / "platform.yml").unlink()
        done.append("删除 site_config/platform.yml（示例县平台的部门和乡镇；本机关的用 gongkai body add 添加）")
    if (site_config / "bodies").is_dir():
        shutil.rmtree(site_config / "bodies")
        done.append("删除 site_config/bodies/（示例县平台各机关的配置，已复制到 examples/site_config/bodies/）")
    return done


def _keep_columns(root: Path) -> list[str]:
    """A `.gitkeep` in content/<栏目路径>/ for every column that takes items, so git keeps the folders."""
    findings: list[Finding] = []
    body = load_body(root, findings)
    catalog = load_body_catalog(root, body, findings) if body else None
    errors = [f.format() for f in findings if f.severity == "error"]
    if body is None or catalog is None:
        raise InitError("写入的配置有错误：" + "；".join(errors), code=1)
    made = 0
    for column in catalog.item_columns:
        keep = root / "content" / column.slug / ".gitkeep"
        if not keep.parent.exists() or not any(keep.parent.iterdir()):
            keep.parent.mkdir(parents=True, exist_ok=True)
            keep.touch()
            made += 1
    return [f"新建 content/<栏目路径>/.gitkeep {made} 个（空栏目显示“本栏目暂无信息”）"] if made else []
