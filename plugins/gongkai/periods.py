"""Periods written in data ("2周", "6个月", "1年"): the one meaning they have on the calendar.

Owns `PERIOD` (the accepted spellings) and `start`: calendar arithmetic with `dateutil.relativedelta`, so
"6个月" before 8月31日 is 2月28日 (the same day six months earlier, clamped to the end of a shorter month),
never 180 days. Used for every 更新周期 in `catalog_schema/catalog.yml` and every 考核 period in
`catalog_schema/inspection.yml` (国办秘函〔2019〕19号 counts "2周未更新", "6个月未更新" by the calendar;
DOMAIN §9).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

PERIOD = re.compile(r"^(\d+)(天|周|个月|年)$")
_UNIT: dict[str, Callable[[int], relativedelta]] = {
    "天": lambda n: relativedelta(days=n),
    "周": lambda n: relativedelta(weeks=n),
    "个月": lambda n: relativedelta(months=n),
    "年": lambda n: relativedelta(years=n),
}


def length(text: str) -> relativedelta | None:
    """The period `text` ("2周", "6个月", "1年") as a calendar length, or None when it is not one."""
    m = PERIOD.match(text.strip())
    return _UNIT[m.group(2)](int(m.group(1))) if m else None


def start(today: dt.date, text: str) -> dt.date | None:
    """The earliest date still within `text` counted back from `today` (a later date counts as updated), or None."""
    span = length(text)
    return today - span if span is not None else None
