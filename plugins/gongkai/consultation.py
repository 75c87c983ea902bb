"""意见征集 (DOMAIN §14; 《重大行政决策程序暂行条例》第十五条): a draft published with a comment window, then its 反馈.

It owns the state of a 征集 on the build date (未开始 / 征集中 / 已结束, the end date inclusive), the link between a
征集 and its 反馈 items (`反馈对象` → the 征集's 索引号, indexed once in the loader as `Model.feedback_of`), the model
rule that a 反馈 names an existing 征集, and the `gongkai check` warnings: a window shorter than the configured
days (default 30) and a 征集 closed more than the configured days (default 30) ago with no 反馈 published.
The page stays true day by day through a scheduled daily rebuild (.github/workflows/pages.yml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Consultation, Finding, Item, Model, cn_date
from .scoring import for_model


@dataclass(frozen=True, slots=True)
class ConsultationView:
    """What a 征集 page shows on the build date: its state, the days left, and its published 反馈."""

    consultation: Consultation
    status: str
    days_left: int
    feedback: tuple[Item, ...]

    @classmethod
    def of(cls, item: Item, model: Model) -> ConsultationView | None:
        c = item.consultation
        if c is None:
            return None
        feedback = tuple(f for f in model.feedback_of.get(item.index_no, []) if f.public)
        return cls(c, c.status(model.today), (c.end - model.today).days + 1, feedback)

    @property
    def channels(self) -> list[tuple[str, str, str]]:
        """(方式, 地址, link or "") for each channel."""
        return [(kind, address, channel_href(kind, address)) for kind, address in self.consultation.channels]


def channel_href(kind: str, address: str) -> str:
    """A link for a channel where one makes sense (mailto for e-mail, the address of an online form)."""
    if kind == "电子邮件":
        return f"mailto:{address}"
    if kind == "网上" and address.startswith(("https://", "http://")):
        return address
    return ""


def feedback_targets(model: Model, today: dt.date) -> list[Finding]:
    """Every build: a 反馈 names a 征集 that exists (a 索引号 of an item with 征集开始/征集结束)."""
    out = []
    for item in model.items:
        target = item.feedback_for
        if not target:
            continue
        consulted = model.by_index_no.get(target)
        if consulted is None or consulted.consultation is None:
            what = "不存在" if consulted is None else "不是意见征集（没有征集开始、征集结束）"
            out.append(
                Finding(
                    item.file,
                    item.line_of("反馈对象"),
                    "feedback-target",
                    "error",
                    f"反馈对象「{target}」{what}",
                    field="反馈对象",
                    expected="被反馈的意见征集信息的索引号",
                )
            )
    return out


def consultation_windows(model: Model, today: dt.date) -> list[Finding]:
    """`gongkai check`: windows shorter than the minimum; closed 征集 whose 反馈 is overdue."""
    scoring = for_model(model)
    out = []
    for item in model.items:
        c = item.consultation
        if c is None or not item.public:
            continue
        if c.days < scoring.min_window_days:
            out.append(
                Finding(
                    item.file,
                    item.line_of("征集结束"),
                    "consultation-short",
                    scoring.consultation_severity,
                    f"征集期只有{c.days}天（{cn_date(c.start)}至{cn_date(c.end)}），少于{scoring.min_window_days}天（{scoring.min_window_basis}）",
                    field="征集结束",
                    expected=f"征集期不少于{scoring.min_window_days}天；因情况紧急需要缩短的，在正文中说明理由",
                )
            )
        overdue = (today - c.end).days - scoring.feedback_days
        if overdue > 0 and not any(f.public for f in model.feedback_of.get(item.index_no, [])):
            out.append(
                Finding(
                    item.file,
                    item.line_of("征集结束"),
                    "consultation-feedback-missing",
                    scoring.consultation_severity,
                    f"意见征集已于{cn_date(c.end)}结束{(today - c.end).days}天，还没有公开反馈（{scoring.feedback_basis}）",
                    field="征集结束",
                    expected=f"在意见征集栏目发布反馈（意见收集和采纳情况、未采纳的理由），写 反馈对象: {item.index_no}",
                )
            )
    return out
