"""The excerpt: the opening of an item's body as plain text, shown where 内容概述 is absent.

The loader keeps only the body's first `EXCERPT_SOURCE_CHARS` characters (`Item.body_head`); the excerpt
(about 16 µs per item) is computed by the views when a page first shows it (`gongkai.views.summary`, once
per item per build), never while loading: most items have a 内容概述 and `gongkai check` shows no page.
"""

from __future__ import annotations

import re

EXCERPT_LIMIT = 100
EXCERPT_SOURCE_CHARS = EXCERPT_LIMIT * 6
"""How much of the body `excerpt()` looks at (Markdown markup is stripped from it first)."""

_MD_STRIP = (  # (pattern, replacement, text every match contains: the sub is skipped when it is absent)
    (re.compile(r"```.*?```", re.S), " ", "```"),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), "", "!["),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1", "]("),
    (re.compile(r"<[^>]+>"), "", "<"),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), "", ""),
    (re.compile(r"[*_`|]+"), "", ""),
    (re.compile(r"\s+"), " ", ""),
)


def excerpt(body: str, limit: int = EXCERPT_LIMIT) -> str:
    """The opening of the body as plain text, used where 内容概述 is absent."""
    text = body[: limit * 6]
    for pattern, repl, needs in _MD_STRIP:
        if needs in text:  # "" is in every text
            text = pattern.sub(repl, text)
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "……"
