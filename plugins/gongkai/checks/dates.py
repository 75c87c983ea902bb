"""Date rules (GB/T 9704; DOMAIN §2.3): real calendar dates, 发布日期 ≥ 成文日期, none in the future."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: object) -> tuple[dt.date | None, str]:
    """Parse an ISO date; return (date, "") or (None, reason in Chinese)."""
    text = str(value).strip()
    m = _ISO.match(text)
    if not m:
        if re.match(r"^\d{4}年\d{1,2}月\d{1,2}日$", text):
            y, mo, d = re.findall(r"\d+", text)
            return None, f"日期请写成 {int(y):04d}-{int(mo):02d}-{int(d):02d}（页面上会显示为 {text}）"
        return None, f"「{text}」不是日期"
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day), ""
    except ValueError:
        return None, f"「{text}」不是真实存在的日期"
