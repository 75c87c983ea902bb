"""The typed sections of a body's `site_config/body.yml`, filled once while loading (`gongkai.catalog.load_body`).

It owns turning the schema-validated file into the model's `GuideFacts` (`政府信息公开指南`: 编排体系, 获取方式,
网上申请, 申请表 files, 监督和救济, 更新日期), `Identity` (`网站标识`, 国办发〔2017〕47号: the numbers, their
lookup links, the badges), the 登记编号 pattern (`规范性文件登记编号`) and the numbers the file publishes. The
rules on these facts stay in `gongkai.guide`, `gongkai.apply`, `gongkai.identity` and `gongkai.library`, which
read the typed fields; key paths for findings come from `Body.lines`. Imports no other domain module (the
loader of the file, `gongkai.catalog`, imports this one).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .checks import privacy
from .model import GuideFacts, Identity, Mark

GUIDE_KEY = "政府信息公开指南"
FORM_KEY = "申请表"
FORM_KINDS = {"DOCX": (".docx", b"PK\x03\x04"), "PDF": (".pdf", b"%PDF-")}
"""Each 申请表 download (`gongkai.apply`): its file extension and the bytes every such file starts with."""

IDENTITY_KEY = "网站标识"
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
DEFAULT_CONAC_IMAGE = "gongkai/badges/dzjg.svg"
DEFAULT_JIUCUO_IMAGE = "gongkai/badges/jiucuo.svg"

REGISTRATION_KEY = "规范性文件登记编号"


def _section(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The mapping under `key` of the validated file, or {} when it has none."""
    value = data.get(key)
    return dict(value) if isinstance(value, dict) else {}


def form_files(value: object) -> tuple[tuple[str, str], ...]:
    """`申请表` as (DOCX | PDF, path) pairs: each format of a mapping, or a single path for its own format."""
    if isinstance(value, dict):
        return tuple((k, str(v).strip().lstrip("/")) for k, v in value.items() if k in FORM_KINDS and v)
    if isinstance(value, str) and value.strip():
        path = value.strip().lstrip("/")
        return tuple((k, path) for k, (ext, _) in FORM_KINDS.items() if path.lower().endswith(ext))
    return ()


def _offered_form(value: object) -> str | None:
    """The one 申请表 path the guide offers (a mapping's DOCX first), None when none is written."""
    if isinstance(value, dict):  # {DOCX: …, PDF: …} (gongkai.apply): the guide offers the Word file first
        value = value.get("DOCX") or value.get("PDF")
    return str(value).strip().lstrip("/") if value else None


def explicit_date(value: object) -> tuple[dt.date | None, str]:
    """`更新日期` as a date, or (None, why) when absent or not a real date."""
    if value is None:
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    try:
        return dt.date.fromisoformat(str(value)), ""
    except ValueError:
        return None, f"「{value}」不是有效日期"


def guide_facts(data: Mapping[str, Any]) -> GuideFacts:
    """The `政府信息公开指南` section; keys left out are "" (the guide's build check names the required ones)."""
    section = _section(data, GUIDE_KEY)
    remedy = section.get("监督和救济") or {}
    updated, problem = explicit_date(section.get("更新日期"))
    return GuideFacts(
        arrangement=section.get("编排体系", ""),
        access=section.get("获取方式", ""),
        online=str(section.get("网上申请", "") or ""),
        complaint=remedy.get("投诉举报", ""),
        review_body=remedy.get("行政复议机关", ""),
        court=remedy.get("行政诉讼法院", ""),
        forms=form_files(section.get(FORM_KEY)),
        form=_offered_form(section.get(FORM_KEY)),
        updated=updated,
        updated_problem=problem,
    )


def _mark(key: str, raw: Any, link: str = "") -> Mark:
    if isinstance(raw, dict) and raw.get("待取得"):
        return Mark(key, pending=True, note=str(raw.get("说明", "")))
    return Mark(key, str(raw), link)


def identity(data: Mapping[str, Any]) -> Identity | None:
    """The `网站标识` section as an `Identity` (with the lookup link of each number), or None when it is absent."""
    raw = data.get(IDENTITY_KEY)
    if not isinstance(raw, dict):
        return None
    police = raw["公安机关备案号"]
    digits = "".join(ch for ch in police if ch.isdigit()) if isinstance(police, str) else ""
    conac_raw: dict[str, Any] = raw["党政机关网站标识"]  # the schema makes it {链接, 图片?} or {待取得: true}
    if conac_raw.get("待取得"):
        conac = _mark("党政机关网站标识", conac_raw)
    else:
        conac = Mark("党政机关网站标识", "党政机关网站标识", str(conac_raw["链接"]))
    conac_image = conac_raw.get("图片", "")
    return Identity(
        sponsor=str(raw["主办单位"]),
        organizer=str(raw.get("承办单位", "")),
        address=str(raw["联系地址"]),
        phone=str(raw["联系电话"]),
        email=str(raw["电子邮箱"]),
        site_code=_mark("政府网站标识码", raw["政府网站标识码"]),
        icp=_mark("ICP备案号", raw["ICP备案号"], ICP_LOOKUP),
        police=_mark("公安机关备案号", police, POLICE_LOOKUP.format(code=digits) if digits else ""),
        conac=conac,
        conac_image=str(conac_image or DEFAULT_CONAC_IMAGE).lstrip("/"),
        jiucuo_image=str(raw.get("找错图片") or DEFAULT_JIUCUO_IMAGE).lstrip("/"),
        contact_page=str(raw.get("联系我们页面", "")).lstrip("/"),
    )


def registration(data: Mapping[str, Any]) -> tuple[re.Pattern[str] | None, str]:
    """The province's 登记编号 pattern (`规范性文件登记编号 → 格式`, a regular expression) and its example."""
    section = data.get(REGISTRATION_KEY)
    if not isinstance(section, dict) or not section.get("格式"):
        return None, ""
    try:
        return re.compile(str(section["格式"])), str(section.get("示例", ""))
    except re.error:
        return None, ""


def published_numbers(value: object) -> frozenset[str]:
    """Numbers the file publishes anywhere (office phones, accounts): an item naming them is not leaking personal data.

    The one walk over the whole file: any value of any section may hold such a number."""
    if isinstance(value, dict):
        return frozenset().union(*(published_numbers(v) for v in value.values()))
    if isinstance(value, list):
        return frozenset().union(*(published_numbers(v) for v in value))
    if isinstance(value, str | int):
        return frozenset(privacy.normalise(raw) for _, _, _, raw in privacy.scan(str(value)))
    return frozenset()
