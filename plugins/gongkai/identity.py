"""Site identity: the values a government site must show in its footer, read from `site_config/body.yml`.

Source: 国办发〔2017〕47号《政府网站发展指引》 and the opening procedures that implement it require every
government site to show the 主办单位 and contact, the 政府网站标识码, the ICP备案 number, the 公安机关备案
number and the 党政机关网站标识; sites also carry the national "我为政府网站找错" entry, addressed by the
网站标识码 (DOMAIN §13). All of them are data under the key `网站标识`, validated by
`catalog_schema/site_config.schema.json`.

The section is read once with the body into `Body.identity` (`gongkai.body_sections.identity`: an `Identity`
with the lookup link of each number). Owns: the findings for a missing section (error: the footer is
mandatory) and for numbers marked `{待取得: true}` (warning in `gongkai check`; the footer then says 办理中).
Badges are local images with ordinary links: the official badge scripts would make every page request another
host. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .body_sections import IDENTITY_KEY as SECTION
from .catalog import BODY_FILE
from .model import Finding, Identity
from .source.yamlfile import line_of

if TYPE_CHECKING:
    from .model import Model

CONTACT_PAGE = "lianxi/index.md"
SITEMAP_PAGE = "sitemap/index.md"

LABELS = {
    "政府网站标识码": "政府网站标识码",
    "ICP备案号": "ICP备案号",
    "公安机关备案号": "公安机关备案号",
    "党政机关网站标识": "党政机关网站标识",
}


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


def pending_findings(identity: Identity, lines: Mapping[str, int] | None = None, body_file: str = BODY_FILE) -> list[Finding]:
    """One warning per number the body has not obtained yet, at its line (`lines`: the body file's key paths)."""
    out = []
    for mark in identity.marks:
        if mark.pending:
            why = f"（{mark.note}）" if mark.note else ""
            out.append(
                Finding(
                    body_file,
                    line_of(lines or {}, f"{SECTION}/{mark.key}"),
                    "identity-pending",
                    "warning",
                    f"{LABELS[mark.key]}尚未取得{why}，页脚显示“办理中”",
                    field=f"{SECTION}/{mark.key}",
                    expected="取得后填写正式编号（国办发〔2017〕47号）",
                )
            )
    return out


def identity_rule(model: Model, today: dt.date) -> Iterable[Finding]:
    """`gongkai check`: the 网站标识 section exists; numbers still 待取得 are reported."""
    body_file = model.body.config_file
    if model.body.identity is None:
        return [missing_section(body_file)]
    return pending_findings(model.body.identity, model.body.lines, body_file=body_file)
