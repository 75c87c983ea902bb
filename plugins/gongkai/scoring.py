"""The thresholds of the deduction-sheet checks (考核扣分项), read from `catalog_schema/scoring.yml`.

It owns that file's defaults (each with the document it comes from: 泉州鲤城 2020 考评标准表, the 金寨 sheet,
国务院令第713号) and its validation. The checks themselves live with the features they check
(`library`, `consultation`, `rules.deductions`); they all read their thresholds through `load()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .catalog import data_lines, read_validated
from .model import JINZHAI, LICHENG, Finding, Model, Scoring, Severity  # noqa: F401  (Scoring: re-exported)

SCORING_FILE = "catalog_schema/scoring.yml"
SCORING_SCHEMA = "catalog_schema/scoring.schema.json"


def _level(raw: dict[str, Any], default: Severity) -> Severity:
    value = raw.get("级别")
    return Severity.ERROR if value == "错误" else Severity.WARNING if value == "警告" else default


def load(root: Path | str, findings: list[Finding] | None = None) -> Scoring:
    """The thresholds; a missing file means the defaults, an invalid one is a finding (and the defaults apply)."""
    root = Path(root)
    sink: list[Finding] = [] if findings is None else findings
    if not (root / SCORING_FILE).is_file():
        return Scoring()
    data = read_validated(root, SCORING_FILE, SCORING_SCHEMA, sink)
    if data is None:
        return Scoring()
    d = Scoring()
    exp, con, sim = data.get("有效期提醒", {}), data.get("意见征集", {}), data.get("年报雷同", {})
    pair, dl = data.get("规范性文件解读", {}), data.get("规范性文件下载", {})
    return Scoring(
        expiry_days=exp.get("天数", d.expiry_days),
        expiry_severity=_level(exp, d.expiry_severity),
        expiry_basis=exp.get("依据", d.expiry_basis),
        min_window_days=con.get("最短天数", d.min_window_days),
        min_window_basis=con.get("最短天数依据", d.min_window_basis),
        feedback_days=con.get("反馈期限天数", d.feedback_days),
        feedback_basis=con.get("反馈期限依据", d.feedback_basis),
        consultation_severity=_level(con, d.consultation_severity),
        similarity=float(sim.get("阈值", d.similarity)),
        similarity_parts=tuple(sim.get("部分", d.similarity_parts)),
        similarity_severity=_level(sim, d.similarity_severity),
        similarity_basis=sim.get("依据", d.similarity_basis),
        pairing_severity=_level(pair, d.pairing_severity),
        pairing_basis=pair.get("依据", d.pairing_basis),
        download_required=bool(dl.get("必须", d.download_required)),
        download_formats=tuple(f.lower() for f in dl.get("格式", d.download_formats)),
        download_severity=_level(dl, d.download_severity),
        download_basis=dl.get("依据", d.download_basis),
        lines=data_lines(root, SCORING_FILE),
    )


def for_model(model: Model) -> Scoring:
    """The thresholds for a check run, read once by the loader (problems in scoring.yml: `scoring_file`)."""
    return model.scoring


def scoring_file(model: Model) -> list[Finding]:
    """Problems in scoring.yml itself, found by the loader (reported by the check rule in `rules.deductions`)."""
    return list(model.scoring_problems)
