"""Staff-written Markdown rendered the way the build renders it, then put through the HTML safety gate.

Owns the Markdown settings `gongkai check` uses (the `markdown_extensions` and `site_url` of the
project's mkdocs.yml, read once per process; the build registers its own config instead, so both use
the same settings) and the conversion of gate problems (`gongkai.safety`) into findings that name the
file, the nearest source line, what was found and the fix.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown as md

from .model import Finding
from .safety import Gate, Problem, Verdict, gate_for, locate
from .source import mkdocsfile

DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")
"""MkDocs always adds these (its `markdown_extensions` builtins)."""
PLAIN_SAFE_EXTENSIONS = frozenset(
    {"toc", "tables", "fenced_code", "attr_list", "abbr", "def_list", "footnotes", "admonition", "md_in_html",
     "sane_lists", "nl2br", "smarty", "meta", "legacy_em", "codehilite", "extra"}
)  # fmt: skip
"""Extensions that produce no link, image, attribute or raw HTML from text without `<`, `[` or `{`."""
_MARKUP_CHARS = ("<", "[", "{")


class Renderer:
    """One Markdown converter per thread with the site's extensions, and the site's gate."""

    def __init__(self, extensions: Iterable[Any], configs: dict[str, Any] | None, site_url: str = "") -> None:
        self.extensions = list(extensions)
        self.configs = dict(configs or {})
        host = (urlsplit(site_url).hostname or "") if site_url else ""
        self.gate: Gate = gate_for(frozenset({host}) if host else frozenset())
        names = {e if isinstance(e, str) else type(e).__module__ for e in self.extensions}
        self.plain_is_safe = all(n.rsplit(".", 1)[-1] in PLAIN_SAFE_EXTENSIONS for n in names)
        self._local = threading.local()

    @classmethod
    def from_mkdocs_yml(cls, root: Path) -> Renderer:
        """The settings of `root/mkdocs.yml`; its Markdown settings alone when MkDocs rejects the rest; else MkDocs' defaults."""
        path = root / "mkdocs.yml"
        if not path.is_file():
            return cls(DEFAULT_EXTENSIONS, {})
        try:
            config = mkdocsfile.read_config(path)
            return cls(config.markdown_extensions, config.mdx_configs, config.site_url or "")
        except Exception:  # e.g. a missing overrides/ folder: the build reports that itself; check still renders alike
            return cls._from_yaml(path)

    @classmethod
    def _from_yaml(cls, path: Path) -> Renderer:
        raw = mkdocsfile.read_raw(path)
        extensions, configs = list(DEFAULT_EXTENSIONS), {}
        for entry in raw.get("markdown_extensions") or []:
            name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            if name not in extensions:
                extensions.append(name)
            if isinstance(options, dict):
                configs[name] = options
        return cls(extensions, configs, str(raw.get("site_url") or ""))

    def html(self, text: str) -> str:
        converter = getattr(self._local, "converter", None)
        if converter is None:
            converter = self._local.converter = md.Markdown(extensions=self.extensions, extension_configs=self.configs)
        converter.reset()
        return converter.convert(text)

    def inspect(self, text: str) -> Verdict | None:
        """The gate's verdict on `text` rendered; None when plain text cannot render to anything unsafe (fast path)."""
        if self.plain_is_safe and not any(ch in text for ch in _MARKUP_CHARS):
            return None
        return self.gate.inspect(self.html(text))

    def findings(self, shown: str, text: str, first_line: int, field: str, label: str = "正文") -> list[Finding]:
        """Findings for Markdown `text` whose first line is line `first_line` of file `shown`."""
        verdict = self.inspect(text)
        if verdict is None or verdict.clean:
            return []
        return gate_findings(shown, text, first_line, verdict.problems, field, label)


def gate_findings(
    shown: str, source: str, first_line: int, problems: Iterable[Problem], field: str, label: str = "正文"
) -> list[Finding]:
    """One error per problem, at the source line where its text was found (or 约第N行 when it was not)."""
    problems = tuple(problems)
    out = []
    for problem, (line, exact) in zip(problems, locate(source, problems, first_line), strict=True):
        rule = "html-foreign" if problem.what.startswith("嵌入了其他网站") else "html-unsafe"
        where = "" if exact else f"（位置未能精确对应，约第{line}行）"
        out.append(
            Finding(shown, line, rule, "error", f"{label}含有不安全的网页内容：{problem.what}{where}", field=field, expected=problem.fix)
        )
    return out


_renderers: dict[str, Renderer] = {}
_lock = threading.Lock()


def for_root(root: Path | str) -> Renderer:
    """The renderer of the project at `root`: registered by the build, else read from its mkdocs.yml once."""
    key = os.path.realpath(root)
    with _lock:
        renderer = _renderers.get(key)
        if renderer is None:
            renderer = _renderers[key] = Renderer.from_mkdocs_yml(Path(key))
        return renderer


def register(root: Path | str, renderer: Renderer) -> None:
    """The build's own settings for `root` (so loader-side checks render exactly as the pages do)."""
    with _lock:
        _renderers[os.path.realpath(root)] = renderer
