"""Site identity: the values a government site must show in its footer, read from `site_config/body.yml`.

Source: 国办发〔2017〕47号《政府网站发展指引》 and the opening procedures that implement it require every
government site to show the 主办单位 and contact, the 政府网站标识码, the ICP备案 number, the 公安机关备案
number and the 党政机关网站标识; sites also carry the national "我为政府网站找错" entry, addressed by the
网站标识码 (DOMAIN §13). All of them are data under the key `网站标识`, validated by
`catalog_schema/site_config.schema.json`.

Owns: turning that section into an `Identity` (with the lookup links for each number), the findings for a
missing section (error: the footer is mandatory) and for numbers marked `{待取得: true}` (warning in
`gongkai check`; the footer then says 办理中). Badges are local images with ordinary links: the official
badge scripts would make every page request another host. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from .catalog import BODY_FILE
from .model import Finding

if TYPE_CHECKING:
    from .model import Model

SECTION = "网站标识"
ICP_LOOKUP = "https://beian.miit.gov.cn/"
POLICE_LOOKUP = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
JIUCUO = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"
DEFAULT_CONAC_IMAGE = "gongkai/badges/dzjg.svg"
DEFAULT_JIUCUO_IMAGE = "gongkai/badges/jiucuo.svg"
CONTACT_PAGE = "lianxi/index.md"
SITEMAP_PAGE = "sitemap/index.md"

LABELS = {
    "政府网站标识码": "政府网站标识码",
    "ICP备案号": "ICP备案号",
    "公安机关备案号": "公安机关备案号",
    "党政机关网站标识": "党政机关网站标识",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """One identity number (or badge). `pending` when the body marked it 待取得 (not yet issued)."""

    key: str
    text: str = ""
    link: str = ""
    pending: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Identity:
    """What the footer shows. Image paths are relative to the site root."""

    sponsor: str
    organizer: str
    address: str
    phone: str
    email: str
    site_code: Mark
    icp: Mark
    police: Mark
    conac: Mark
    conac_image: str
    jiucuo_image: str
    contact_page: str  # a page under content/ chosen by the body, or "" for the generated 联系我们 page

    @property
    def marks(self) -> tuple[Mark, ...]:
        return (self.site_code, self.icp, self.police, self.conac)

    def jiucuo_url(self, page_url: str | None = None) -> str:
        """The "我为政府网站找错" link for a page (its absolute URL is known only when site_url is set)."""
        params = {"site_code": self.site_code.text}
        if page_url:
            params["url"] = page_url
        return f"{JIUCUO}?{urlencode(params, quote_via=quote)}" if self.site_code.text else JIUCUO


def _mark(key: str, raw: Any, link: str = "") -> Mark:
    if isinstance(raw, dict) and raw.get("待取得"):
        return Mark(key, pending=True, note=str(raw.get("说明", "")))
    return Mark(key, str(raw), link)


def read(body_raw: dict[str, Any]) -> Identity | None:
    """The `网站标识` section as an `Identity`, or None when the section is absent (already schema-valid)."""
    raw = body_raw.get(SECTION)
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


def missing_section(body_file: str = BODY_FILE) -> Finding:
    return Finding(
        body_file,
        1,
        "identity-missing",
        "error",
        f"缺少「{SECTION}」：政府网站的页脚必须标明主办单位、联系方式、政府网站标识码、ICP备案号、公安机关备案号和党政机关网站标识"
        "（国办发〔2017〕47号《政府网站发展指引》）",
        field=SECTION,
        expected=f"{SECTION}:\n  主办单位: …\n  联系地址: …\n  联系电话: …\n  电子邮箱: …\n  政府网站标识码: …\n  ICP备案号: …\n"
        "  公安机关备案号: …\n  党政机关网站标识: {链接: …}   # 尚未取得的写 {待取得: true}",
    )


def pending_findings(identity: Identity, lines: dict[str, int] | None = None, body_file: str = BODY_FILE) -> list[Finding]:
    """One warning per number the body has not obtained yet."""
    out = []
    for mark in identity.marks:
        if mark.pending:
            why = f"（{mark.note}）" if mark.note else ""
            out.append(
                Finding(
                    body_file,
                    (lines or {}).get(mark.key, 1),
                    "identity-pending",
                    "warning",
                    f"{LABELS[mark.key]}尚未取得{why}，页脚显示“办理中”",
                    field=f"{SECTION}/{mark.key}",
                    expected="取得后填写正式编号（国办发〔2017〕47号）",
                )
            )
    return out


def findings(body_raw: dict[str, Any], lines: dict[str, int] | None = None, body_file: str = BODY_FILE) -> Iterable[Finding]:
    identity = read(body_raw)
    if identity is None:
        return [missing_section(body_file)]
    return pending_findings(identity, lines, body_file)


def identity_rule(model: Model, today: dt.date) -> Iterable[Finding]:
    """`gongkai check`: the 网站标识 section exists; numbers still 待取得 are reported."""
    return findings(model.body.raw, body_file=model.body.config_file)
