"""Content safety across items (check only): the list of external links.

Personal data (身份证号 with checksum, mobile numbers, Luhn-valid bank cards; masked in messages;
per-item 个人信息豁免 allowlist with a required 理由) is found while each file is read (`gongkai.loader`
with `checks.privacy`); unsafe HTML by the HTML safety gate on the rendered page (`gongkai.safety`).
This module adds `link-external` info findings so staff can review every link that
leaves the site (19号 treats wrong or harmful links as a veto-level problem).
"""

from __future__ import annotations

import datetime as dt

from ..checks import links
from ..model import Finding, Model


def external_links(model: Model, today: dt.date) -> list[Finding]:
    out = []
    for item in model.items:
        if not item.public or not item.links:
            continue
        seen: set[str] = set()
        for target, line in item.links:
            if target in seen or not links.is_external(target):
                continue
            seen.add(target)
            plain = target.lower().startswith("http://")
            out.append(
                Finding(
                    item.file,
                    line,
                    "link-external",
                    "info",
                    f"外部链接：{target}（{links.host_of(target)}{'，未加密的 http 链接' if plain else ''}）",
                    field="正文",
                    expected="确认链接指向的网站正规、内容合法且仍可访问",
                )
            )
    return out
