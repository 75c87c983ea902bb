"""Raw HTML that runs code has no place in an item (19号 treats injected script as a veto incident)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_PATTERNS = (
    (re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet|base|meta|form)\b", re.I), "不允许的 HTML 标签 <{0}>"),
    (re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.I), "HTML 标签中的事件属性 {0}="),
    (re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*(javascript|vbscript|data)\s*:", re.I), "{0}: 链接"),
    (re.compile(r"\]\(\s*<?\s*(javascript|vbscript)\s*:", re.I), "{0}: 链接"),
)


def scan(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, description) for each piece of executable markup outside fenced code blocks."""
    if "<" not in text and "=" not in text and "](" not in text:
        return  # every pattern needs one of these
    if "```" not in text and "~~~" not in text:
        blanked = text
    else:
        blanked = _FENCE.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else re.sub(r"[^\n]", " ", m.group(0)), text)
    for pattern, template in _PATTERNS:
        for m in pattern.finditer(blanked):
            yield m.start(), template.format(m.group(1).lower())
