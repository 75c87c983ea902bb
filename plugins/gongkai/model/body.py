"""The publishing body's own facts from `site_config/body.yml`: `Body` and its typed sections.

`Office` (公开工作机构), `GuideFacts` (政府信息公开指南), `Identity` with its `Mark`s (网站标识), the 登记编号
pattern and the 标准目录 choices. Read once by `gongkai.catalog.load_body` (the sections by
`gongkai.body_sections`) from the schema-validated file; one `Body` per 专栏 (a platform of many bodies has one
each). No module reads body.yml as a raw mapping after that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

JIUCUO = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"
"""The national "我为政府网站找错" entry, addressed by the 网站标识码 (国办发〔2017〕47号; DOMAIN §13)."""


@dataclass(frozen=True, slots=True)
class Office:
    """The 政府信息公开工作机构 and its contact facts (条例 Art. 12)."""

    name: str
    address: str
    hours: str
    phone: str
    fax: str
    email: str
    website: str
    postcode: str


@dataclass(frozen=True, slots=True)
class GuideFacts:
    """body.yml's `政府信息公开指南` section (条例第十二条) as written; a key left out is "" (`gongkai.guide` names it)."""

    arrangement: str = ""  # 编排体系
    access: str = ""  # 获取方式
    online: str = ""  # 网上申请: where applications are made online
    complaint: str = ""  # 监督和救济 → 投诉举报 (条例第五十一条)
    review_body: str = ""  # 监督和救济 → 行政复议机关
    court: str = ""  # 监督和救济 → 行政诉讼法院
    forms: tuple[tuple[str, str], ...] = ()  # 申请表 downloads: ("DOCX" | "PDF", path under content/), in the file's order
    form: str | None = None  # the 申请表 path the guide offers (the DOCX first); None: none written (the default applies)
    updated: dt.date | None = None  # 更新日期, when written as a real date
    updated_problem: str = ""  # why a written 更新日期 is not one (「…」不是有效日期)


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
    """body.yml's `网站标识` section: what the footer shows (`gongkai.identity`). Image paths are relative to the site root."""

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


@dataclass(frozen=True, slots=True)
class AdoptedDomain:
    """An entry of body.yml's `标准目录/适用领域`: a domain the body adopts, and the 事项 it keeps (None: all)."""

    at: str  # its key path in the body's file ("标准目录/适用领域/0"): findings name its line
    name: str
    matters: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ExcludedDomain:
    """An entry of body.yml's `标准目录/未涉及领域`: a domain the body is not concerned with, and why."""

    at: str  # its key path ("标准目录/未涉及领域/0")
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Body:
    """The publishing body, from `site_config/body.yml`."""

    name: str
    short_name: str
    level: str
    code: str  # 统一社会信用代码
    serial_format: str  # 索引号 后段码, e.g. "YYYY-NNNNN", "YYYYMM-NNNNN", "YYYY-NNNNNNN"
    office: Office
    guide: GuideFacts = GuideFacts()  # 政府信息公开指南
    identity: Identity | None = None  # 网站标识 (None: the section is missing, an error where the footer is required)
    registration_pattern: re.Pattern[str] | None = None  # 规范性文件登记编号 → 格式 (None: not written, or not a valid regex)
    registration_example: str = ""  # 规范性文件登记编号 → 示例
    public_numbers: frozenset[str] = frozenset()  # phone/account numbers the file publishes: never personal data in items
    index_prefix: str = ""  # 索引号 前段码 when it is not the 统一社会信用代码 (a 9-character 组织机构代码, or e.g. shg58)
    body_type: str = ""  # 机关类型: 人民政府 / 政府部门 / 乡镇街道 (empty: not stated)
    agency_code: str = ""  # 机关代字, e.g. 示政办发: the example 发文字号 `gongkai new` writes
    disabled_columns: tuple[str, ...] = ()  # 停用栏目: sub-columns this body switches off
    allowed_types: frozenset[str] = frozenset()  # 允许的附件类型 as ".ext": active document types allowed anyway
    interpretation_days: int | None = None  # 解读时限工作日 (None: the default of gongkai.interpretation)
    standard_section: bool = False  # body.yml has a `标准目录` section (gongkai.standard_selection)
    standard_adopted: tuple[AdoptedDomain, ...] = ()  # 标准目录/适用领域, in the file's order
    standard_excluded: tuple[ExcludedDomain, ...] = ()  # 标准目录/未涉及领域, in the file's order
    lines: Mapping[str, int] = field(default_factory=dict)  # the line of every key path of body.yml ("公开工作机构/传真号码")
    config_file: str = "site_config/body.yml"  # the file these facts come from (findings name it)

    @property
    def prefix(self) -> str:
        """The 索引号 前段码: `索引号前段码` from body.yml, else the 统一社会信用代码 (指引2008; DOMAIN §2.2)."""
        return self.index_prefix or self.code
