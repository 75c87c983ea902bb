"""The 行政规范性文件库's rules (DOMAIN §2.4, §14): the `gongkai check` reminder before a 有效期 ends.

The 登记编号 pattern is read with the body (`gongkai.body_sections.registration`, `Body.registration_pattern`) and
checked on each item by the loader.

The library's pages and its CSV are `gongkai.views.library`'s. Knows nothing of MkDocs.
"""

from __future__ import annotations

import datetime as dt

from .model import Finding, Model, cn_date
from .scoring import for_model

# ---------------------------------------------------------------- check: 有效期 ending soon


def validity_expiring(model: Model, today: dt.date) -> list[Finding]:
    """`gongkai check`: a current document whose 有效期 ends within the configured days (default 90)."""
    scoring = for_model(model)
    horizon = today + dt.timedelta(days=scoring.expiry_days)
    out = []
    for item in model.items:
        v = item.validity
        if v is None or v.expires is None or not v.current or not today <= v.expires <= horizon:
            continue
        left = (v.expires - today).days
        out.append(
            Finding(
                item.file,
                item.line_of("有效性/有效期至") if "有效性/有效期至" in item.lines else item.line_of("有效性"),
                "validity-expiring",
                scoring.expiry_severity,
                f"本文件有效期（{v.term}）将于{cn_date(v.expires)}届满，还有{left}天；届满后网站自动显示为已失效"
                f"（提醒期：届满前{scoring.expiry_days}天，{scoring.expiry_basis}）",
                field="有效性",
                expected="评估后重新制发或延长有效期；需要失效的无需改动本文件",
            )
        )
    return out
