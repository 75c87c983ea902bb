"""The publishing body's own facts from `site_config/body.yml`: `Body` and its 公开工作机构 `Office`.

Read once by `gongkai.catalog.load_body`; one `Body` per 专栏 (a platform of many bodies has one each).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
    raw: dict[str, object]  # the whole validated file, for the sections with readers of their own (指南, 网站标识)
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
