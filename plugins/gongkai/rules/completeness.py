"""Registers the catalog completeness check (`gongkai.completeness`) as a check-only rule.

Empty and stale columns are warnings; a 国办秘函〔2019〕19号 单项否决 threshold reached is a warning or an
error as `catalog_schema/inspection.yml` (单项否决级别) says.
They never fail the public build (CHECK_RULES run only in `gongkai check` and the staff dashboard).
"""

from __future__ import annotations

import datetime as dt

from .. import completeness
from ..model import Finding, Model


def catalog_completeness(model: Model, today: dt.date) -> list[Finding]:
    return completeness.check(model, today)
