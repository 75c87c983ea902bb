"""The site's Content-Security-Policy: written here once, put into every page as a `<meta http-equiv>`.

The policy allows scripts only from the site itself, plus each inline script the page really contains
by its SHA-256 hash (computed from the final HTML of that page, so a template or a plugin that adds an
inline script keeps working without editing the policy; inline event handlers such as `onclick=` are
never allowed). `'wasm-unsafe-eval'` lets Pagefind's WebAssembly search run. Styles allow
`'unsafe-inline'`: Material and our scripts set `style` attributes at run time (drawer, search results,
elder mode), and staff tables carry `text-align` styles that the HTML safety gate has already limited to
a small allow-list; styles cannot run code. The same policy, without page-specific hashes, belongs in
the web server's header (README, 部署); `frame-ancestors` only works there, browsers ignore it in
`<meta>`.

Pages served by `mkdocs serve` (the staff's preview on their own machine, never published) carry a preview policy
instead: MkDocs injects its live-reload script inline into every page it serves, with a new request id each time,
so no hash can allow it; the preview's script-src allows inline scripts (`'unsafe-inline'`, which browsers ignore
as soon as a hash is listed, so the preview lists none). Everything else is the same policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("media-src", "'self'"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'self'"),)
"""Directives a browser honours only in an HTTP header (a `<meta>` policy ignores them with a console error)."""

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"\stype\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_JS_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"})
_CHARSET = re.compile(r"<meta\s+charset\s*=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def policy(hashes: Iterable[str] = (), *, header: bool = False, preview: bool = False) -> str:
    """The policy text; `hashes` are 'sha256-…' sources added to script-src; `header=True` adds header-only directives;
    `preview=True`: the `mkdocs serve` policy (inline scripts allowed, no hashes; see the module docstring)."""
    extra = "'unsafe-inline'" if preview else " ".join(f"'{h}'" for h in dict.fromkeys(hashes))
    parts = []
    for name, value in DIRECTIVES + (HEADER_ONLY if header else ()):
        parts.append(f"{name} {value} {extra}" if name == "script-src" and extra else f"{name} {value}")
    return "; ".join(parts)


def inline_script_hashes(page: str) -> list[str]:
    """'sha256-…' of each inline script a browser would run (JSON data blocks and external scripts excluded)."""
    out = []
    for m in _SCRIPT.finditer(page):
        attrs, body = m.group(1), m.group(2)
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        out.append("sha256-" + base64.b64encode(digest).decode("ascii"))
    return out


def add_meta(page: str, *, preview: bool = False) -> str:
    """`page` with the policy as the first thing after `<meta charset>` (or `<head>`), so it covers every script;
    `preview=True` for pages `mkdocs serve` serves (see the module docstring)."""
    if "http-equiv=\"Content-Security-Policy\"" in page:
        return page
    m = _CHARSET.search(page, 0, 2048) or _HEAD.search(page)
    if m is None:
        return page  # not a complete HTML document
    hashes = inline_script_hashes(page) if "<script" in page and not preview else []
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, preview=preview)}">'
    return page[: m.end()] + meta + page[m.end() :]
