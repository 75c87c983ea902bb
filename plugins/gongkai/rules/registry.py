"""The list of rule modules that register model-wide rules. Add one import line per module."""

from __future__ import annotations

from ..apply import apply_complete  # noqa: F401  (依申请公开: ysqgk.yml, 受理机构 facts, form files; DOCX+PDF offered check only)
from ..calendar import holidays_data  # noqa: F401  (site_config/holidays.yml mistakes, check only)
from ..consultation import consultation_windows  # noqa: F401  (意见征集: 反馈对象 exists; window length, overdue 反馈 check only)
from ..guide import guide_complete  # noqa: F401  (条例第十二条 guide fields in site_config; application form check only)
from ..identity import identity_rule  # noqa: F401  (网站标识 in site_config: missing section, numbers 待取得; check only)
from ..interpretation import interpretation_links  # noqa: F401  (政策解读 links, 三同步, working-day 时限)
from ..land_map import land_locations  # noqa: F401  (征地位置 on 征地补偿 items, the county outline GeoJSON)
from ..library import validity_expiring  # noqa: F401  (有效期 ending within 90 days; check only)
from ..standard_catalog import standard_catalog_data  # noqa: F401  (标准目录 domain data, items' 标准事项)
from ..standard_freshness import standard_freshness  # noqa: F401  (标准目录 事项 count, age and gaps; check only)
from .completeness import catalog_completeness  # noqa: F401  (事项 freshness, 19号 单项否决 thresholds; check only)
from .deductions import report_similarity  # noqa: F401  (考核扣分项: 年报雷同, 解读一一对应, Word/PDF downloads; check only)
from .identifiers import index_year  # noqa: F401  (索引号 year part vs 发布日期: a warning, check only)
from .integrity import index_immutable  # noqa: F401  (索引号 history, internal links, 条例第二十六条 时限; check only)
from .report import annual_reports  # noqa: F401  (年报 data files, table sums, carry-over; Art. 49 deadline and Part 2 vs items check only)
from .safety import external_links  # noqa: F401  (external links listed; check only)
