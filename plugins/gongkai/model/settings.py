"""The body's check settings, read once by the loader: `Inspection` (`catalog_schema/inspection.yml`: 19号
update periods and 单项否决 thresholds, 条例第二十六条 公开时限) and `Scoring` (`catalog_schema/scoring.yml`:
the thresholds of the deduction-sheet checks). Each default names the document it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .enums import Severity

SOURCE_19 = "国办秘函〔2019〕19号"
LICHENG = "泉州市鲤城区2020年政务公开指数绩效考评标准表"
JINZHAI = "金寨县政务公开考核细则"


@dataclass(frozen=True, slots=True)
class Veto:
    """One 单项否决 threshold: `limit` or more columns of this kind fail the site."""

    key: str
    limit: int
    basis: str


@dataclass(frozen=True, slots=True)
class Inspection:
    """The rules of `catalog_schema/inspection.yml`, with the defaults of 19号 and 条例 Art. 26."""

    source: str = f"{SOURCE_19}《政府网站与政务新媒体检查指标》"
    periods: dict[str, str] = field(default_factory=lambda: {"动态": "2周", "政策": "6个月"})
    long_period: str = "按更新周期"
    vetoes: tuple[Veto, ...] = (
        Veto("空白栏目", 5, f"{SOURCE_19} 单项否决“栏目不更新”第（3）项"),
        Veto("动态政策栏目不更新", 5, f"{SOURCE_19} 单项否决“栏目不更新”第（1）项"),
        Veto("长期未更新栏目", 10, f"{SOURCE_19} 单项否决“栏目不更新”第（2）项"),
    )
    veto_severity: Severity = Severity.WARNING
    workdays: int = 20
    start_fields: tuple[str, ...] = ("形成日期", "成文日期")
    workdays_basis: str = "《中华人民共和国政府信息公开条例》第二十六条"
    workdays_severity: Severity = Severity.WARNING  # 公开时限 → 级别 (泉州鲤城 2020 deducts 5 points per late item)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scoring:
    """Every threshold, with the default that applies when scoring.yml leaves it out."""

    expiry_days: int = 90
    expiry_severity: Severity = Severity.WARNING
    expiry_basis: str = "本项目默认做法：有效期届满前评估"
    min_window_days: int = 30
    min_window_basis: str = "《重大行政决策程序暂行条例》（国务院令第713号）第十五条"
    feedback_days: int = 30
    feedback_basis: str = "本项目默认做法：征集结束后30日内公开反馈"
    consultation_severity: Severity = Severity.WARNING
    similarity: float = 0.9
    similarity_parts: tuple[str, ...] = ("总体情况", "存在的主要问题及改进情况")
    similarity_severity: Severity = Severity.WARNING
    similarity_basis: str = f"{LICHENG}：年度报告与往年或与其他单位雷同扣5分"
    pairing_severity: Severity = Severity.WARNING
    pairing_basis: str = f"{JINZHAI}：规范性文件与政策解读一一对应"
    download_required: bool = False
    download_formats: tuple[str, ...] = (".doc", ".docx", ".wps", ".pdf", ".ofd")
    download_severity: Severity = Severity.WARNING
    download_basis: str = f"{JINZHAI}：规范性文件提供 Word 和 PDF 版本下载"
    lines: dict[str, int] = field(default_factory=dict)
