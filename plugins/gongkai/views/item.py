"""What an item page shows besides the item itself: its column trail, successor, predecessors, 解读 and 意见征集.

Every value is looked up in O(1) from the model's indexes; only published items are linked.
"""

from __future__ import annotations

from ..consultation import ConsultationView
from ..interpretation import published_documents
from ..model import Item, Model


class ItemView:
    """What an item page shows besides the item itself, looked up in O(1) from the model's indexes."""

    __slots__ = ("consultation", "consulted", "interpretations", "interpreted", "item", "joint", "predecessors", "successor", "trail")

    def __init__(self, item: Item, model: Model) -> None:
        self.item = item
        self.trail = [*item.column.ancestors, item.column]
        succ = item.validity.successor if item.validity else ""
        successor = model.by_index_no.get(succ) if succ else None
        self.successor = successor if successor is not None and successor.public else None  # only published pages are linked
        self.predecessors = [p for p in model.successors_of.get(item.index_no, []) if p.public]
        self.interpretations = model.interpretations_of.get(item.index_no, [])  # published 解读, oldest first
        self.interpreted = published_documents(item, model)  # the same documents as the 解读 section of gongkai-interpretation
        self.consultation = ConsultationView.of(item, model)  # 意见征集: state on the build date, its 反馈
        consulted = model.by_index_no.get(item.feedback_for) if item.feedback_for else None
        self.consulted = consulted if consulted is not None and consulted.public else None  # a 反馈's 征集
        self.joint = model.joint_bodies.get(item.index_no, ())  # 联合发文: the other platform bodies (name, URL prefix)

    @classmethod
    def of(cls, item: Item, model: Model) -> ItemView:
        return cls(item, model)
