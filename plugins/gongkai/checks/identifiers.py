"""索引号 and 发文字号 rules (指引2008; GB/T 9704; GB 32100 check character lives in `catalog`).

The 索引号 form is per body (DOMAIN §2.2, corrected against real sites): the 前段码 is `Body.prefix` (the
统一社会信用代码 by default, or `索引号前段码` in body.yml: a 9-character 组织机构代码, or e.g. shg58) and the
后段码 follows `索引号后段码格式` (YYYY-NNNNN by default; YYYYMM-NNNNN, 3–8 serial digits). A year part that
differs from the 发布日期 year is `index-year`, a warning in `gongkai check` only (`rules.identifiers.index_year`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model.findings import SeverityName

# Brackets staff type instead of 六角括号 〔〕 (U+3014/U+3015); seed 001 itself writes 抚政办发[2017]27号.
_WRONG_BRACKETS = re.compile(r"[\[【(（〔［]\s*(\d{4})\s*[\]】)）〕］]")
DOC_NO = re.compile(r"^[\u4e00-\u9fffA-Za-z]+〔(\d{4})〕([1-9]\d*)号$")


@lru_cache(maxsize=8)
def serial_pattern(fmt: str) -> re.Pattern[str]:
    """Turn a 后段码 format such as "YYYY-NNNNN" or "YYYYMM-NNNNN" into a regex with named groups."""
    out = ""
    for run in re.findall(r"Y+|M+|N+|[^YMN]+", fmt):
        if run[0] == "Y":
            out += rf"(?P<year>\d{{{len(run)}}})"
        elif run[0] == "M":
            out += rf"(?P<month>\d{{{len(run)}}})"
        elif run[0] == "N":
            out += rf"(?P<serial>\d{{{len(run)}}})"
        else:
            out += re.escape(run)
    return re.compile(f"^{out}$")


def check_index_no(index_no: str, code: str, fmt: str, pub_year: int | None) -> list[tuple[str, str, str, SeverityName]]:
    """Return (rule, message, expected, severity) for each problem with an 索引号.

    `code` is the body's 前段码 (`Body.prefix`), `fmt` its 后段码 format. A year part that differs from the
    发布日期 year is a warning: real sites keep a number's year when publication slips (DOMAIN §2.2).
    """
    problems: list[tuple[str, str, str, SeverityName]] = []
    prefix, _, serial = index_no.partition("/")
    if prefix != code:
        problems.append(("index-prefix", f"索引号前段码「{prefix}」与本机关的前段码「{code}」不一致", f"{code}/{fmt}", "error"))
    m = serial_pattern(fmt).match(serial)
    if not m:
        problems.append(
            ("index-format", f"索引号后段码「{serial}」格式不对", f"{fmt}（Y 年份，M 月份，N 序号，例如 {code}/{example(fmt)}）", "error")
        )
        return problems
    if pub_year is not None and int(m.group("year")) != pub_year:
        problems.append(
            (
                "index-year",
                f"索引号中的年份 {m.group('year')} 与发布日期的年份 {pub_year} 不一致",
                f"新信息的后段码以 {pub_year} 开头；已发布的索引号不得更改，确为原号的请保留",
                "warning",
            )
        )
    if int(m.group("serial")) == 0:
        problems.append(("index-format", "索引号序号不能为 0", "从 1 开始编号", "error"))
    return problems


def example(fmt: str) -> str:
    return fmt.replace("YYYY", "2024").replace("MM", "03").replace("N", "0")[:-1] + "1"


def check_doc_no(doc_no: str) -> tuple[SeverityName, str, str, str] | None:
    """Return (severity, rule, message, expected) for a 发文字号 that is not in GB/T 9704 form."""
    text = doc_no.strip()
    if DOC_NO.match(text):
        return None
    fixed = _WRONG_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", text)
    fixed = re.sub(r"〕\s*第?\s*0*([1-9]\d*)\s*号$", r"〕\1号", fixed)
    if fixed != text and DOC_NO.match(fixed):
        return ("warning", "doc-no-format", f"发文字号「{text}」的年份括号或序号写法不规范（GB/T 9704）", fixed)
    return ("error", "doc-no-format", f"发文字号「{text}」格式不对", "机关代字〔年份〕序号号，例如 示政办发〔2024〕3号")
