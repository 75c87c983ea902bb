"""Rules over the whole model, in one explicit order: `MODEL_RULES`, then `CHECK_RULES`.

Per-file checks (schema, dates, identifiers, placeholders, personal data, HTML) run inside the loader as
each file is read (`gongkai.checks`). Rules that look across items run on the finished model:

- `MODEL_RULES` run in every build and in `gongkai check`: problems that would make a page wrong.
- `CHECK_RULES` run only in `gongkai check` (and the staff dashboard): compliance and timeliness,
  which must be reported but must not stop the public site from being published.

Each rule is a function `rule(model, today) -> Iterable[Finding]` that only reads the model. The tuples
below are the whole registry: a new rule is one import and one entry. Their order is the order of the
findings in `gongkai check` and in the build log. Domain modules never import this package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ..apply import apply_complete, apply_forms_offered
from ..consultation import consultation_windows, feedback_targets
from ..guide import guide_complete, guide_form_present
from ..identity import identity_rule
from ..interpretation import interpretation_details, interpretation_late, interpretation_links, interpretation_missing
from ..land_map import land_locations
from ..library import validity_expiring
from ..model import Finding, Model
from ..standard_catalog import standard_catalog_data, standard_catalog_pending
from ..standard_freshness import standard_freshness
from ..workdays import holidays_data
from .completeness import catalog_completeness
from .deductions import document_downloads, interpretation_pairing, report_similarity
from .identifiers import index_year
from .integrity import index_immutable, internal_links, publication_limit
from .report import (
    annual_report_deadline,
    annual_report_missing,
    annual_report_part2_items,
    annual_report_shape,
    annual_reports,
)
from .safety import external_links

ModelRule = Callable[[Model, dt.date], Iterable[Finding]]

MODEL_RULES: tuple[ModelRule, ...] = (
    standard_catalog_data,  # 标准目录 domain data, items' 标准事项
    feedback_targets,  # 意见征集: 反馈对象 exists
    guide_complete,  # 条例第十二条 guide fields in site_config
    apply_complete,  # 依申请公开: ysqgk.yml, 受理机构 facts, form files
    interpretation_links,  # 政策解读 links
    land_locations,  # 征地位置 on 征地补偿 items, the county outline GeoJSON
    annual_reports,  # 年报 data files: load problems, table sums, carry-over
)

CHECK_RULES: tuple[ModelRule, ...] = (
    index_year,  # 索引号 year part vs 发布日期
    standard_catalog_pending,  # 标准目录 rows 待补充
    consultation_windows,  # 意见征集 window length, overdue 反馈
    validity_expiring,  # 有效期 ending within 90 days
    guide_form_present,  # the 指南's application form
    apply_forms_offered,  # 申请表 offered as DOCX and PDF
    holidays_data,  # site_config/holidays.yml mistakes
    identity_rule,  # 网站标识: missing section, numbers 待取得
    interpretation_missing,  # 三同步: 解读 missing
    interpretation_late,  # 解读 later than the working-day 时限
    interpretation_details,  # 解读机关, 解读人, 解读形式
    standard_freshness,  # 标准目录 事项 count, age and gaps
    catalog_completeness,  # 事项 freshness, 19号 单项否决 thresholds
    report_similarity,  # 考核扣分项: 年报雷同
    interpretation_pairing,  # 考核扣分项: 解读一一对应
    document_downloads,  # 考核扣分项: Word/PDF downloads
    index_immutable,  # 索引号 history
    internal_links,  # internal links resolve
    publication_limit,  # 条例第二十六条 时限
    annual_report_shape,  # 年报 accepted deviations from the format
    annual_report_deadline,  # 条例第四十九条 年报 deadline
    annual_report_missing,  # a platform body without last year's 年报 after its deadline
    annual_report_part2_items,  # 年报 Part 2 vs the site's items
    external_links,  # external links listed
)


def run(model: Model, today: dt.date, *, check: bool) -> tuple[list[Finding], int]:
    """The findings of the MODEL_RULES, then (with `check`) of the CHECK_RULES; and how many are the model rules'."""
    found = [finding for rule in MODEL_RULES for finding in rule(model, today)]
    built = len(found)
    if check:
        found.extend(check_only_findings(model, today))
    return found, built


def check_only_findings(model: Model, today: dt.date) -> list[Finding]:
    """The findings of the CHECK_RULES alone (the staff dashboard adds them to a build's findings)."""
    return [finding for rule in CHECK_RULES for finding in rule(model, today)]
