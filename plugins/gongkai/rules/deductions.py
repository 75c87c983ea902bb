"""Deduction-sheet checks (考核扣分项, DOMAIN §14), `gongkai check` only, thresholds in `catalog_schema/scoring.yml`.

- 年报雷同 (泉州鲤城 2020: −5): a report's 总体情况 or 存在的主要问题及改进情况 near-identical to the same body's
  previous report or to another body's report of the same year. Similarity is rapidfuzz's normalised Indel
  ratio (`fuzz.ratio`, 0–100, computed exactly in C++) over the text with whitespace and Markdown marks
  removed. Chosen over difflib.SequenceMatcher, whose ratio is a heuristic (its "autojunk" drops characters
  that are frequent in long texts — in Chinese prose, the common characters) and is quadratic in the worst
  case; a platform compares every pair of reports of a year.
- 规范性文件与解读一一对应 (金寨): a 解读 whose 解读对象 is no document of a column that needs one (a note: such a
  解读 is legitimate, it just does not count), the document side (a 规范性文件 without 解读) being `jd-missing` in
  `gongkai.interpretation`, and one summary of the pairing (a warning while a 规范性文件 lacks its 解读).
- 规范性文件下载 (金寨): where the body requires it, each current 规章/行政规范性文件 offers a Word or PDF attachment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from ..interpretation import is_interpretation
from ..model import Finding, Model
from ..report import AnnualReport
from ..scoring import SCORING_FILE, for_model, scoring_file

_NOISE = re.compile(r"[\s*#>|_`\-]+")


def _plain(text: str) -> str:
    return _NOISE.sub("", text or "")


def similarity(a: str, b: str) -> float:
    """0–1: how much of the two texts is the same (1 − normalised Indel distance)."""
    return fuzz.ratio(_plain(a), _plain(b)) / 100


def _pairs(reports: list[AnnualReport]) -> Iterator[tuple[AnnualReport, AnnualReport, str]]:
    """(report, earlier or other report, how they relate) for every pair the sheet compares, each once."""
    by_key = {(r.body, r.year): r for r in reports}
    by_year: dict[int, list[AnnualReport]] = {}
    for r in reports:
        by_year.setdefault(r.year, []).append(r)
        previous = by_key.get((r.body, r.year - 1))
        if previous is not None:
            yield r, previous, f"本机关上一年度（{previous.year}年度）的年报"
    for same_year in by_year.values():
        ordered = sorted(same_year, key=lambda r: r.src_uri)
        for n, r in enumerate(ordered):
            for other in ordered[n + 1 :]:
                if other.body != r.body:
                    yield other, r, f"{r.body}同年度的年报"


def report_similarity(model: Model, today: dt.date) -> list[Finding]:
    scoring = for_model(model)
    reports = [r for r in model.reports if not r.consolidated and any((r.prose.get(p) or "").strip() for p in scoring.similarity_parts)]
    out = []
    for report, other, relation in _pairs(reports):
        for part in scoring.similarity_parts:
            mine, theirs = report.prose.get(part) or "", other.prose.get(part) or ""
            if not _plain(mine) or not _plain(theirs):
                continue
            score = similarity(mine, theirs)
            if score >= scoring.similarity:
                out.append(
                    Finding(
                        report.file,
                        report.line(part),
                        "report-similar",
                        scoring.similarity_severity,
                        f"「{part}」与{relation}（{other.file}）相似度 {score:.0%}，"
                        f"达到雷同阈值 {scoring.similarity:.0%}（{scoring.similarity_basis}）",
                        field=part,
                        expected="按本年度、本机关的实际情况重写这一部分",
                    )
                )
    return out


def interpretation_pairing(model: Model, today: dt.date) -> list[Finding]:
    """金寨: each 规范性文件 with its 解读, each 解读 with a 规范性文件; unmatched 解读 named, the pairing summed up."""
    scoring = for_model(model)
    docs = [i for i in model.items if i.public and i.column.needs_interpretation and i.current]
    paired = sum(1 for d in docs if model.interpretations_of.get(d.index_no))
    readings = [i for i in model.items if i.public and is_interpretation(i)]
    out = []
    unmatched = 0
    for reading in readings:
        targets = [model.by_index_no.get(n) for n in reading.interprets]
        if any(t is not None and t.column.needs_interpretation for t in targets):
            continue
        unmatched += 1
        out.append(
            Finding(
                reading.file,
                reading.line_of("解读对象"),
                "jd-unmatched",
                "info",  # a 解读 of another document is legitimate; it just does not count for the pairing
                "本解读没有对应的规章或行政规范性文件（解读对象都不在需要解读的栏目中），考核时不计入一一对应"
                f"（{scoring.pairing_basis}）",
                field="解读对象",
                expected="解读对象写被解读的规范性文件的索引号",
            )
        )
    if paired < len(docs) or unmatched:
        out.append(
            Finding(
                SCORING_FILE,
                scoring.lines.get("规范性文件解读", 1),
                "jd-pairing",
                scoring.pairing_severity if paired < len(docs) else "info",
                f"规范性文件与解读未一一对应：现行有效的规范性文件 {len(docs)} 件，有解读的 {paired} 件（缺解读的见 jd-missing）；"
                f"解读 {len(readings)} 篇，未对应规范性文件的 {unmatched} 篇（见 jd-unmatched）（{scoring.pairing_basis}）",
                field="规范性文件解读",
                expected="每件规范性文件配一篇解读，每篇解读写明所解读的规范性文件",
            )
        )
    return out


def document_downloads(model: Model, today: dt.date) -> list[Finding]:
    """Where scoring.yml says `规范性文件下载 → 必须: true`: a Word or PDF attachment on every current document."""
    scoring = for_model(model)
    out = scoring_file(model)
    if not scoring.download_required:
        return out
    kinds = "、".join(scoring.download_formats)
    for item in model.items:
        if not (item.public and item.column.lifecycle and item.current):
            continue
        if any(a.ext in scoring.download_formats for a in item.attachments):
            continue
        out.append(
            Finding(
                item.file,
                item.line_of("附件") if "附件" in item.lines else item.line_of("标题"),
                "document-download-missing",
                scoring.download_severity,
                f"本文件没有 Word 或 PDF 版本的下载（{scoring.download_basis}）",
                field="附件",
                expected=f"在 附件 中加入正文的 {kinds} 文件（不带印章的文本版）",
            )
        )
    return out
