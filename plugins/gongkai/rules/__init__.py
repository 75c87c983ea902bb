"""Rules over the content, one module per family.

Per-file rules (schema, dates, identifiers, privacy, html) run inside the loader as each file is read.
Rules that look across items run on the finished model and are registered here:

- `MODEL_RULES` run in every build and in `gongkai check`: problems that would make a page wrong.
- `CHECK_RULES` run only in `gongkai check` (and the staff dashboard): compliance and timeliness,
  which must be reported but must not stop the public site from being published.

Each rule is `rule(model, today) -> Iterable[Finding]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Finding, Model

ModelRule = Callable[["Model", dt.date], Iterable["Finding"]]

MODEL_RULES: list[ModelRule] = []
CHECK_RULES: list[ModelRule] = []


def model_rule(fn: ModelRule) -> ModelRule:
    MODEL_RULES.append(fn)
    return fn


def check_rule(fn: ModelRule) -> ModelRule:
    CHECK_RULES.append(fn)
    return fn


def load_rule_modules() -> None:
    """Import the modules that register model/check rules (import order = report order)."""
    from . import registry  # noqa: F401


def run(model: Model, today: dt.date, *, check: bool) -> None:
    load_rule_modules()
    for rule in MODEL_RULES:
        model.findings.extend(rule(model, today))
    model.build_findings = len(model.findings)
    for rule in CHECK_RULES if check else []:
        model.findings.extend(rule(model, today))


def check_only_findings(model: Model, today: dt.date) -> list[Finding]:
    """Run the CHECK_RULES on a model built without them (the staff dashboard), leaving `model.findings` as is."""
    load_rule_modules()
    return [finding for rule in CHECK_RULES for finding in rule(model, today)]
