"""Internal links over the whole built sample: every href/src to a local path resolves to a built file,
and every #fragment on a local HTML page names an element id there."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from conftest import FIXTURE_BODY

LINK_ATTRS = {
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "embed": "src",
    "form": "action",
}
SITE_URL = yaml.safe_load((FIXTURE_BODY / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE_PATH = urlsplit(SITE_URL).path  # the 404 page links root-absolute, under the deployed path (/xxgk/)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str, str]] = []  # (line, tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key] or "")
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr) is not None:
            self.links.append((self.getpos()[0], tag, values[attr] or ""))
        if tag == "img" and values.get("srcset"):
            for part in (values["srcset"] or "").split(","):
                if part.strip():
                    self.links.append((self.getpos()[0], tag, part.split()[0]))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def local_target(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a local URL points at and its fragment; None for other hosts and schemes."""
    if url.startswith(SITE_URL):  # canonical links, feeds
        url = SITE_PATH + url[len(SITE_URL) :]
    base = page.parent
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(SITE_PATH):
            return site / "outside-the-site-path" / path.lstrip("/"), ""
        target = site / path[len(SITE_PATH) :]
    else:
        target = base / path
    resolved = Path(posixpath.normpath(target.as_posix()))
    if path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
    parsed = {p: parse(p) for p in pages}
    problems = []
    for page, info in parsed.items():
        for line, tag, url in info.links:
            if tag == "form" and not url:
                continue
            found = local_target(site, page, url)
            if found is None:
                continue
            target, fragment = found
            where = f"{page.relative_to(site)}:{line} <{tag}> {url}"
            if "//" in urlsplit(url).path:
                problems.append(f"{where}: double slash in the path")
            elif not target.resolve().is_relative_to(site.resolve()):
                problems.append(f"{where}: leaves the site")
            elif not target.is_file():
                problems.append(f"{where}: no file {target.relative_to(site) if target.is_relative_to(site) else target}")
            elif fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{where}: no id #{fragment} in {target.relative_to(site)}")
    return problems


def test_every_local_link_in_the_built_sample_resolves(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 100  # the whole sample, not a handful
    problems = broken_links(sample_site)
    assert problems == [], "\n".join(problems[:50])


def test_the_link_checker_reports_missing_files_and_fragments(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="b/">no</a><a href="a/#x">frag</a><a href="#top">self</a>'
        '<img src="logo.png" alt=""><a href="https://example.org/">ext</a><p id="top"></p>',
        encoding="utf-8",
    )
    (tmp_path / "a/index.html").write_text('<a href="../index.html#top">up</a><a href="../../out.html">out</a>', encoding="utf-8")
    problems = broken_links(tmp_path)
    assert sorted(p.split(": ", 1)[1] for p in problems) == [
        "leaves the site",
        "no file b/index.html",
        "no file logo.png",
        "no id #x in a/index.html",
    ]
