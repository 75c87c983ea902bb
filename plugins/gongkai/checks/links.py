"""Links written in item bodies: extraction (once, in the loader) and classification.

Owns which strings count as links (Markdown inline and reference links, images, autolinks, HTML
`href`/`src`; fenced and inline code excluded) and how a link target is classified: external
(scheme or `//host`), mail/tel, in-page anchor, or internal path. Bare URLs in text are not links
(the site's Markdown does not turn them into links). No Markdown rendering: regexes over the source.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_PATTERNS = (
    re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<([^>\n]+)>"),  # [text](<target with spaces>)
    re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*([^\s)<>][^\s)]*)"),  # [text](target "title")
    re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)>?", re.M),  # [ref]: target
    re.compile(r"<((?:https?|ftp)://[^>\s]+)>", re.I),  # <https://…>
    re.compile(r"<[a-zA-Z][^>]*?\s(?:href|src)\s*=\s*[\"']([^\"'\n]+)[\"']", re.I),  # <a href="…">, <img src="…">
)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def extract(body: str, body_line: int) -> tuple[tuple[str, int], ...]:
    """(target, file line) for every link in `body`, in order, code excluded; `body_line` is line 1 of the body."""
    if "](" not in body and "<" not in body and "]:" not in body:
        return ()
    text = _INLINE_CODE.sub(_blank, _FENCE.sub(_blank, body))
    found: dict[int, str] = {}
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start(1)
            if start not in found:
                found[start] = m.group(1).strip()
    out = []
    for start in sorted(found):
        out.append((found[start], body_line + text.count("\n", 0, start)))
    return tuple(out)


def is_external(target: str) -> bool:
    """A link leaving the site: `http(s)://`, `ftp://` or protocol-relative `//host`."""
    low = target.lower()
    return low.startswith(("http://", "https://", "ftp://", "//"))


def is_ignored(target: str) -> bool:
    """Links that need no resolving: in-page anchors, mail and phone links, other non-web schemes."""
    if not target or target.startswith(("#", "?")):
        return True
    scheme = urlsplit(target).scheme.lower()
    return bool(scheme) and scheme not in ("http", "https", "ftp") and len(scheme) > 1  # "c:" drive letters are paths


def path_of(target: str) -> str:
    """The decoded path part of an internal link (no query or fragment)."""
    return unquote(urlsplit(target).path)


def host_of(target: str) -> str:
    return urlsplit(target if not target.startswith("//") else "http:" + target).netloc.lower()
