"""The HTML safety gate: what staff-written Markdown renders to must pass an allow-list sanitizer.

Owns the allow-lists (tags, attributes, URL schemes, CSS properties, which tags may embed a resource),
the decision and the explanation:

- **Decision**: the rendered HTML fragment is cleaned by nh3 (the Python binding of the Rust crate
  ammonia, an html5ever-based allow-list sanitizer) with our allow-lists, and by a permissive nh3 pass
  that keeps everything the fragment contains (only normalising it through the same parser). If the two
  differ, the sanitizer would change the content: that is an error, never a silent fix. When the
  strict output is the fragment itself, the filter removed nothing and the permissive pass is skipped.
- **What is published** is always the strict output, so even a vector the comparison missed cannot
  reach `site/`.
- **Explanation**: a walk over the fragment (stdlib `html.parser`) names what was found in Chinese
  (`<script>`, `onerror=`, `javascript:` however encoded, `position:` in a style, an image from another
  host) and the text to look for in the source, so findings point at the Markdown line.

URL schemes are judged on the decoded value the way a browser parses it (character references,
mixed case, tab/newline inside the scheme, leading control characters): nh3 decodes and parses them
with the `url` crate; the explanation walk decodes the same way (WHATWG URL: strip C0 and spaces,
drop tab/newline). Used by `gongkai check` (via `markdown_render`) and by the build (`gongkai` core
plugin, on the HTML MkDocs already produced).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    "p br hr h1 h2 h3 h4 h5 h6 div span blockquote pre code kbd samp var em strong b i u s del ins mark small sub sup "
    "abbr cite q dfn time ul ol li dl dt dd table caption thead tbody tfoot tr th td colgroup col a img figure figcaption "
    "video audio source track details summary section article aside header footer address ruby rt rp wbr bdi bdo".split()
)
"""What Markdown (tables, attr_list, toc, fenced code, footnotes, abbr, def_list, admonition) and plain HTML tables need."""
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "style"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel", "target", "name", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "td": frozenset({"colspan", "rowspan", "align", "valign", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "valign", "headers", "scope", "abbr"}),
    "col": frozenset({"span", "width", "align"}),
    "colgroup": frozenset({"span", "width", "align"}),
    "table": frozenset({"border", "cellpadding", "cellspacing", "align", "width"}),
    "tr": frozenset({"align", "valign"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "ul": frozenset({"type"}),
    "li": frozenset({"value"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "details": frozenset({"open"}),
    "p": frozenset({"align"}),
    "div": frozenset({"align"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Plus relative URLs (站内相对地址). Everything else (javascript:, vbscript:, data:, file:, …) is refused."""
STYLE_PROPERTIES = frozenset(
    {
        "text-align", "vertical-align", "text-indent", "text-decoration", "font-weight", "font-style", "line-height",
        "color", "background-color", "width", "min-width", "max-width", "white-space", "word-break",
        "border", "border-collapse", "padding",
    }
)  # fmt: skip
"""Alignment, colour, emphasis and the width of table cells; no position, z-index, size of the page, transforms or url()."""
EMBEDDING = {"img": ("src",), "video": ("src", "poster"), "audio": ("src",), "source": ("src",), "track": ("src",)}
"""Attributes that make the browser fetch a resource: they must point at this site (DEVELOPERS.md non-negotiable 5)."""
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action", "formaction", "data", "background", "xlink:href", "srcset"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})
"""Refused even when spaces split them (`java   script:`, e.g. a tab Markdown expanded): never a real relative link."""
_MEDIA_NAMES = {"img": "图片", "video": "视频", "audio": "音频", "source": "音视频文件", "track": "字幕文件"}
_STYLE_DANGER = re.compile(r"url\s*\(|expression\s*\(|image-set\s*\(|@import|\\|behavior\s*:|-moz-binding|javascript:", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_C0_SPACE = "".join(chr(c) for c in range(0x21))
_TAG_NAMES = re.compile(r"</?([A-Za-z][^\s/>\x00]*)")
_STYLE_NAMES = re.compile(r"([A-Za-z_\\-][\w\\-]*)\s*:")
_ANY_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


ACTIVE_DOCUMENT_TYPES: dict[str, str] = {
    ".html": "网页", ".htm": "网页", ".shtml": "网页", ".shtm": "网页", ".xhtml": "网页", ".xht": "网页",
    ".svg": "SVG 图形", ".svgz": "SVG 图形", ".xml": "XML 文件（可用样式表变成网页）", ".xsl": "XSL 样式表",
    ".xslt": "XSL 样式表", ".mht": "MHT 网页档案", ".mhtml": "MHT 网页档案", ".js": "脚本", ".mjs": "脚本",
    ".swf": "Flash 动画", ".hta": "HTML 应用程序", ".rdf": "RDF 文件", ".xul": "XUL 文件", ".appcache": "缓存清单",
}  # fmt: skip
"""Files a browser opens as an active document of this site's origin: any script in them runs as the site."""


def active_type(name: str, allowed: frozenset[str] = frozenset()) -> str:
    """What kind of active document `name` is (by extension), "" when it is a passive file or the body allows it."""
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot >= 0 else ""
    return "" if ext in allowed else ACTIVE_DOCUMENT_TYPES.get(ext, "")


def active_reason(kind: str) -> str:
    return f"{kind}会被浏览器当作本网站的页面打开，其中的脚本能以本网站的身份运行（可窃取读者信息、篡改页面）"


def url_scheme(value: str) -> str:
    """The scheme a browser sees in an (already entity-decoded) URL, lower case; "" for a relative URL."""
    text = value.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    m = _SCHEME.match(text)
    return m.group(1).lower() if m else ""


def disguised_script(value: str) -> str:
    """The script scheme hidden in a URL by any whitespace or control characters inside it ("" if none)."""
    scheme = url_scheme(re.sub(r"[\x00-\x20\s]+", "", value))
    return scheme if scheme in SCRIPT_SCHEMES else ""


def foreign_host(value: str, own_hosts: frozenset[str] = frozenset()) -> str:
    """The other host a resource URL points at (absolute http(s) or protocol-relative `//host`); "" when local."""
    text = value.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    scheme = url_scheme(text)
    if scheme in ("http", "https"):
        rest = "//" + text[len(scheme) + 1 :].lstrip("/")
    elif not scheme and text.startswith("//"):
        rest = text
    else:
        return ""
    try:
        host = urlsplit(rest).hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket: still another host, just not a readable one
        host = rest[2:].split("/", 1)[0]
    host = host or "（未写主机名）"
    return "" if host in own_hosts else host


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing the sanitizer would remove: what it is (Chinese), how to fix it, and text to find it by in the source."""

    what: str
    fix: str
    needles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    clean: bool
    published: str  # what may be written to site/: the strict sanitizer's output
    problems: tuple[Problem, ...] = ()


class Gate:
    """The allow-list sanitizer for one site (`own_hosts`: the site's own host names, from `site_url`)."""

    def __init__(self, own_hosts: frozenset[str] = frozenset()) -> None:
        self.own_hosts = own_hosts
        self._strict = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(),
            attributes={"*": set(GENERIC_ATTRIBUTES), **{k: set(v) for k, v in TAG_ATTRIBUTES.items()}},
            attribute_filter=self._filter,
            strip_comments=False,
            link_rel=None,
            url_schemes=set(URL_SCHEMES),
            filter_style_properties=set(STYLE_PROPERTIES),
        )

    def _filter(self, tag: str, attr: str, value: str) -> str | None:
        if attr == "style" and _STYLE_DANGER.search(value):
            return None
        if attr in ("id", "name") and value.startswith("__"):
            return None  # the theme's own elements (__config, __drawer, __search)
        if attr in URL_ATTRIBUTES and disguised_script(value):
            return None
        if attr in EMBEDDING.get(tag, ()) and foreign_host(value, self.own_hosts):
            return None
        return value

    def sanitize(self, fragment: str) -> str:
        return self._strict.clean(fragment)

    def inspect(self, fragment: str) -> Verdict:
        """Clean `fragment`; when the strict output differs from the normalised input, explain what was removed.

        Strict output equal to the fragment itself (MkDocs' HTML nearly always is) needs no normalising pass: the
        parser read the fragment into a tree that serialises back to the same text after the allow-list filter, so
        the filter removed nothing (nothing parsed from a serialisation of allowed elements and attributes is
        refused: only allowed elements are implied, values are re-escaped, and the attribute filter is
        deterministic), and the permissive pass would give the same text.
        """
        published = self._strict.clean(fragment)
        if published == fragment or published == normalise(fragment):
            return Verdict(True, published)
        problems = _Explainer(self.own_hosts).run(fragment)
        if not problems:
            snippet = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", fragment))).strip()[:60]
            problems = [Problem(f"经安全过滤后内容会改变（附近文字：「{snippet}」）", "删除其中的网页代码，改用 Markdown 写法", ())]
        return Verdict(False, published, tuple(problems))


def normalise(fragment: str) -> str:
    """`fragment` through the same parser and serializer with everything it contains allowed (nothing removed)."""
    tags = {t.lower() for t in _TAG_NAMES.findall(fragment)}
    decoded = html.unescape(fragment).replace("\t", "").replace("\n", "").replace("\r", "")
    schemes = {s.lower() for s in _ANY_SCHEME.findall(decoded)} | set(URL_SCHEMES)
    styles = {s.lower() for s in _STYLE_NAMES.findall(decoded)} if "style" in fragment else set()
    return nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        strip_comments=False,
        link_rel=None,
        url_schemes=schemes,
        filter_style_properties=styles or None,
    )


@lru_cache(maxsize=8)
def gate_for(own_hosts: frozenset[str] = frozenset()) -> Gate:
    return Gate(own_hosts)


class _Explainer(HTMLParser):
    """Walks a fragment and names each tag, attribute, URL and style the allow-lists refuse."""

    def __init__(self, own_hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.own_hosts = own_hosts
        self.problems: list[Problem] = []

    def run(self, fragment: str) -> list[Problem]:
        self.feed(fragment)
        self.close()
        return self.problems

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}"
        if tag not in ALLOWED_TAGS:
            what, fix = _tag_advice(tag)
            self.problems.append(Problem(what, fix, (f"<{tag}",)))
            return  # the whole tag goes: its attributes need no separate finding
        allowed = GENERIC_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            self._attribute(tag, name, value or "", raw, allowed)

    def _attribute(self, tag: str, name: str, value: str, raw: str, allowed: frozenset[str]) -> None:
        needles = _raw_value_needles(raw, name, value)
        if name.startswith("on"):
            self.problems.append(Problem(f"事件属性 {name}=（页面加载或点击时执行代码）", "删除该属性", (f"{name}=", f"{name} =", name)))
            return
        if name in URL_ATTRIBUTES:
            scheme = url_scheme(value) or disguised_script(value)
            if scheme and scheme not in URL_SCHEMES:
                shown = value.strip(_C0_SPACE)[:40].replace("\t", "\\t").replace("\n", "\\n")
                plain = needles[0].lower().lstrip() if needles else ""
                disguised = "" if plain.startswith(scheme + ":") else "，用字符引用或空白字符改写过"
                self.problems.append(
                    Problem(
                        f"不允许的链接地址「{shown}」（{scheme}: 协议{disguised}；只允许 http、https、mailto、tel 和站内相对地址）",
                        "删除该链接，或改为 https:// 开头的网址或站内文件的相对路径",
                        needles,
                    )
                )
                return
            host = foreign_host(value, self.own_hosts) if name in EMBEDDING.get(tag, ()) else ""
            if host:
                kind = _MEDIA_NAMES.get(tag, "文件")
                self.problems.append(
                    Problem(
                        f"嵌入了其他网站的{kind}「{value[:60]}」（读者打开页面时浏览器会向 {host} 发出请求）",
                        "把文件保存到 content/ 下，用相对路径引用；只需指向对方网页时写普通链接 [说明](网址)",
                        needles,
                    )
                )
                return
        if name not in allowed:
            self.problems.append(Problem(f"不允许的属性 {name}=（<{tag}> 标签）", "删除该属性", (f"{name}=", name)))
        elif name == "style":
            self._style(value, needles)
        elif name in ("id", "name") and value.startswith("__"):
            self.problems.append(Problem(f"{name}「{value}」与网站页面自身的元素重名", "换一个不以 __ 开头的名字", needles))

    def _style(self, value: str, needles: tuple[str, ...]) -> None:
        if _STYLE_DANGER.search(value):
            self.problems.append(
                Problem(
                    f"样式中有 url()、expression() 或转义字符（style=\"{html.escape(value[:50])}\"），可从其他地址加载资源",
                    "删除该样式",
                    needles,
                )
            )
            return
        for decl in value.split(";"):
            prop = decl.split(":", 1)[0].strip().lower()
            if prop and ":" in decl and prop not in STYLE_PROPERTIES:
                self.problems.append(
                    Problem(
                        f"不允许的样式属性 {prop}（可用于遮盖或改变页面；只允许对齐、颜色、粗体斜体、缩进、行高和表格宽度等）",
                        "删除该样式属性",
                        (prop + ":", prop, *needles),
                    )
                )


_TAG_ADVICE = {
    "script": ("可执行的脚本 <script>", "删除；网页中不能放脚本"),
    "noscript": ("<noscript> 标签", "删除该标签"),
    "style": ("样式表 <style>（可改变或遮盖整个页面）", "删除；表格对齐等请用 Markdown 写法"),
    "iframe": ("嵌入其他页面的 <iframe>", "改为普通链接 [说明](网址)；视频作为本地附件提供"),
    "frame": ("嵌入其他页面的 <frame>", "改为普通链接"),
    "frameset": ("<frameset> 框架", "删除"),
    "object": ("嵌入插件的 <object>", "删除；文件作为附件提供"),
    "embed": ("嵌入插件的 <embed>", "删除；文件作为附件提供"),
    "applet": ("嵌入插件的 <applet>", "删除"),
    "form": ("表单 <form>（可把读者输入的内容提交到别处）", "删除；需要收集意见时请联系网站管理员"),
    "input": ("表单控件 <input>", "删除"),
    "button": ("按钮 <button>", "删除"),
    "textarea": ("表单控件 <textarea>", "删除"),
    "select": ("表单控件 <select>", "删除"),
    "meta": ("<meta> 标签（可使页面自动跳转）", "删除"),
    "base": ("<base> 标签（会改变页面上所有链接的指向）", "删除"),
    "link": ("<link> 标签（会加载其他文件）", "删除"),
    "svg": ("内嵌 SVG 图形 <svg>（可携带脚本）", "把图形存为 PNG 文件，用 ![说明](图片.png) 引用"),
    "math": ("内嵌公式 <math>", "把公式存为图片或写成文字"),
}


def _tag_advice(tag: str) -> tuple[str, str]:
    return _TAG_ADVICE.get(tag, (f"不允许的 HTML 标签 <{tag}>", "删除该标签，改用 Markdown 写法（标题、列表、表格、链接、图片）"))


def _raw_value_needles(raw: str, name: str, value: str) -> tuple[str, ...]:
    """Texts that may appear in the Markdown source for one attribute: its raw and decoded value, then its name."""
    m = re.search(rf"\s{re.escape(name)}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", raw, re.I)
    out = []
    if m:
        raw_value = m.group(1).strip("\"'")
        out += [raw_value, raw_value.replace("&amp;", "&")]
    out.append(value)
    short = value.strip(_C0_SPACE)[:12]
    if short:
        out.append(short)
    out.append(f"{name}=")
    return tuple(dict.fromkeys(v for v in out if v))


def locate(source: str, problems: tuple[Problem, ...] | list[Problem], first_line: int = 1) -> list[tuple[int, bool]]:
    """(line, exact) for each problem: the first not yet used occurrence of one of its needles in `source`.

    `first_line` is the file line of `source`'s first line. When no needle is found the line is `first_line`
    and `exact` is False (shown as 约第N行).
    """
    low = source.lower()
    cursor: dict[str, int] = {}
    out = []
    for problem in problems:
        found = None
        for needle in problem.needles:
            key = needle.lower()
            at = low.find(key, cursor.get(key, 0))
            if at < 0:
                at = low.find(key)
            if at >= 0:
                cursor[key] = at + 1
                found = at
                break
        if found is None:
            out.append((first_line, False))
        else:
            out.append((first_line + source.count("\n", 0, found), True))
    return out
