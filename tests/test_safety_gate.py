"""The HTML safety gate (issue 16, deliverables 1 and 2) on real builds and in `gongkai check`.

Each class of vector goes into one project, one item per vector (the vector on line 10 of its file);
the real `mkdocs build --strict` must fail naming every file and line, write no page, and `gongkai check`
must report the same errors. Allowed Markdown must build and reach the written HTML unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CODE, TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins

VECTOR_LINE = 10  # item_md: front matter on lines 1-7, body "正文。" on 8, blank 9, the vector on 10

SCHEMES = {
    "md-link": "[点此](javascript:alert(1))",
    "md-link-entity-dec": "[点此](&#106;avascript:alert(1))",
    "md-link-entity-colon": "[点此](javascript&#58;alert(1))",
    "md-link-entity-hex": "[点此](javascript&#x3A;alert(1))",
    "md-link-entity-named": "[点此](javascript&colon;alert(1))",
    "md-link-mixed-case": "[点此](JaVaScRiPt:alert(1))",
    "md-link-vbscript": "[点此](vbscript:msgbox(1))",
    "md-link-data": "[点此](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-image-js": "![图](javascript:alert(1))",
    "md-image-data": "![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "md-reference": "[点此][r]\n\n[r]: javascript:alert(1)",
    "md-autolink": "<javascript:alert(1)>",
    "html-href": '<a href="javascript:alert(1)">点此</a>',
    "html-href-tab": '<a href="java\tscript:alert(1)">点此</a>',
    "html-href-tab-entity": '<a href="java&#x09;script:alert(1)">点此</a>',
    "html-href-newline-entity": '<a href="java&#10;script:alert(1)">点此</a>',
    "html-href-leading-control": '<a href="&#1;javascript:alert(1)">点此</a>',
    "html-href-all-hex": '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">点此</a>',
    "html-src-data": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
    "html-img-js": '<img src="javascript:alert(1)" alt="x">',
}
TAGS = {
    "script": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT SRC=x.js></SCRIPT>",
    "style": "<style>body{display:none}</style>",
    "iframe": '<iframe src="https://example.com/"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "svg-onload": "<svg onload=alert(1)></svg>",
    "math": "<math><mtext>x</mtext></math>",
    "form": '<form action="https://example.com/"><input name="q"></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://example.com/">',
    "base": '<base href="https://example.com/">',
    "link": '<link rel="stylesheet" href="x.css">',
    "noscript": "<noscript><p>x</p></noscript>",
}
ATTRIBUTES = {
    "onerror": '<img src="a.png" onerror="alert(1)" alt="x">',
    "onmouseover": "<b onmouseover=alert(1)>粗</b>",
    "attr-list-onclick": '段落文字\n{: onclick="alert(1)" }',
    "style-fixed": '<p style="position:fixed;top:0;left:0">遮盖</p>',
    "style-zindex": '<div style="z-index:9999">遮盖</div>',
    "style-url": '<p style="background-image:url(https://example.com/x.png)">x</p>',
    "style-color-url": '<p style="color:red;background-color:url(x.png)">x</p>',
    "id-theme": '<p id="__config">x</p>',
    "srcset": '<img src="a.png" srcset="https://example.com/x.png 2x" alt="x">',
}
FOREIGN = {
    "md-image": "![图](https://example.com/track.png)",
    "md-image-http": "![图](http://example.com/track.png)",
    "html-img": '<img src="https://example.com/track.png" alt="x">',
    "html-img-protocol-relative": '<img src="//example.com/track.png" alt="x">',
    "html-img-backslash": '<img src="/\\example.com/track.png" alt="x">',
    "video": '<video src="https://example.com/v.mp4" controls></video>',
    "video-poster": '<video src="v.mp4" poster="https://example.com/p.png" controls></video>',
    "audio": '<audio src="https://example.com/a.mp3" controls></audio>',
    "source": '<video controls><source src="//example.com/v.mp4" type="video/mp4"></video>',
    "track": '<video src="v.mp4" controls><track src="https://example.com/t.vtt" kind="captions"></video>',
}


def _items(vectors: dict[str, str]) -> dict[str, str]:
    return {
        f"qtwj/{name}.md": item_md(f"正文。\n\n{vector}\n", 索引号=f"{CODE}/2024-{n:05d}")
        for n, (name, vector) in enumerate(vectors.items(), start=1)
    }


def _refused(tmp_path: Path, vectors: dict[str, str], rule: str) -> None:
    """Every vector fails the build (file and line named, no page written) and `gongkai check` alike."""
    project = make_project(tmp_path / "p", items=_items(vectors))
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert not result.ok
    assert "Traceback" not in result.output
    assert "网站未生成" in result.output and "原网站保持不变" in result.output
    for name, vector in vectors.items():
        assert f"content/qtwj/{name}.md:{_line(vector)}: 错误[{rule}]" in result.output, name
    assert not result.site.exists()  # nothing was published, not even the safe pages
    proc = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    found = {(f["file"], f["line"]) for f in json.loads(proc.stdout) if f["rule"] == rule and f["severity"] == "error"}
    assert found == {(f"content/qtwj/{name}.md", _line(vector)) for name, vector in vectors.items()}


def _line(vector: str) -> int:
    """The line naming the vector: its last line (a reference link's target, an attr_list's attributes)."""
    return VECTOR_LINE + vector.count("\n")


def test_unsafe_url_schemes_however_encoded_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, SCHEMES, "html-unsafe")


def test_tags_that_run_code_or_change_the_page_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, TAGS, "html-unsafe")


def test_event_handlers_overlay_styles_and_css_urls_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, ATTRIBUTES, "html-unsafe")


def test_resources_embedded_from_another_host_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, FOREIGN, "html-foreign")


@pytest.mark.parametrize(
    ("vector", "says"),
    [
        ("[点此](&#106;avascript:alert(1))", "javascript: 协议，用字符引用或空白字符改写过"),
        ("<script>alert(1)</script>", "可执行的脚本 <script>"),
        ('<p style="position:fixed">x</p>', "不允许的样式属性 position"),
        (
            "![图](https://example.com/track.png)",
            "嵌入了其他网站的图片「https://example.com/track.png」（读者打开页面时浏览器会向 example.com 发出请求）",
        ),
        ('<img src="a.png" onerror="alert(1)" alt="x">', "事件属性 onerror="),
    ],
)
def test_the_message_says_what_was_found_and_what_to_do(tmp_path: Path, vector: str, says: str) -> None:
    project = make_project(tmp_path / "p", items={"qtwj/a.md": item_md(f"正文。\n\n{vector}\n")})
    proc = gongkai("check", "--root", str(project), "--today", TODAY)
    line = next(line for line in proc.stdout.splitlines() if line.startswith("content/qtwj/a.md:10: 错误[html-"))
    assert "正文含有不安全的网页内容：" in line and says in line and "应为：" in line


ALLOWED_BODY = """## 一、适用范围 {#scope .gk-note}

本办法适用于全县，详见[国务院](https://www.gov.cn/zhengce/)、[本站目录](../../mulu/)和[附件](fj.pdf)。
咨询：[发邮件](mailto:xxgk@example.gov.cn)、[打电话](tel:0799-1234567)，或访问 <https://www.gov.cn/>。

![示意图](tu.png)

| 项目 | 标准（元） | 说明 |
|:-----|-----:|:----:|
| 城市 | 800 | 每月 |

<table><tr><td style="text-align: center; width: 30%">合并</td><td colspan="2">单元格</td></tr></table>

<p style="text-indent: 2em; color: #333">首行缩进的段落。</p>

```html
<script>alert("代码示例不会执行")</script>
```
"""


def test_markdown_tables_links_local_images_and_attr_list_still_pass(tmp_path: Path) -> None:
    items = {"qtwj/a.md": item_md(ALLOWED_BODY), "qtwj/fj.pdf": "%PDF-1.4\n", "qtwj/tu.png": "png"}
    project = make_project(tmp_path / "p", items=items)
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    page = (result.site / "qtwj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="gk-note" id="scope">' in page
    assert '<a href="https://www.gov.cn/zhengce/">国务院</a>' in page
    assert 'href="mailto:xxgk@example.gov.cn"' in page and 'href="tel:0799-1234567"' in page
    assert '<img alt="示意图" src="../tu.png">' in page and (result.site / "qtwj" / "tu.png").is_file()
    assert '<th style="text-align:left">项目</th>' in page and '<td style="text-align:right">800</td>' in page
    assert 'style="text-align:center;width:30%"' in page and 'colspan="2"' in page
    assert 'style="text-indent:2em;color:#333"' in page
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
    proc = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
    assert not [f for f in json.loads(proc.stdout) if f["rule"].startswith("html-")]


def test_a_staff_page_that_is_not_an_item_is_gated_too(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "content" / "index.md").write_text("# 首页\n\n欢迎。\n\n<iframe src=\"https://example.com/\"></iframe>\n", encoding="utf-8")
    (project / "content" / "pages").mkdir()
    contact = "---\ntitle: 联系\n---\n\n![地图](https://example.com/m.png)\n"
    (project / "content" / "pages" / "lianxi.md").write_text(contact, encoding="utf-8")
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert not result.ok and "Traceback" not in result.output
    assert "content/index.md:5: 错误[html-unsafe] 正文含有不安全的网页内容：嵌入其他页面的 <iframe>" in result.output
    assert not result.site.exists()
    proc = gongkai("check", "--root", str(project), "--today", TODAY)
    assert proc.returncode == 1 and "content/index.md:5: 错误[html-unsafe] 正文含有不安全的网页内容：嵌入其他页面的 <iframe>" in proc.stdout
    foreign = "content/pages/lianxi.md:5: 错误[html-foreign]"
    assert foreign in proc.stdout and foreign in result.output


def test_a_title_with_markup_reaches_the_page_as_text(tmp_path: Path) -> None:
    title = '示例县通知<img src=x onerror="alert(1)"><script>alert(2)</script>'
    project = make_project(tmp_path / "p", items={"qtwj/a.md": item_md(标题=title)})
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    page = (result.site / "qtwj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_a_vector_the_walk_cannot_place_gets_an_approximate_line(tmp_path: Path) -> None:
    body = "正文。\n\n<div>\n<p>一</p>\n<scr<script>ipt>alert(1)</script>\n</div>\n"
    project = make_project(tmp_path / "p", items={"qtwj/a.md": item_md(body)})
    proc = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
    errors = [f for f in json.loads(proc.stdout) if f["rule"] == "html-unsafe"]
    assert errors and all(f["file"] == "content/qtwj/a.md" and 8 <= f["line"] <= 14 for f in errors)
    assert "Traceback" not in proc.stderr and proc.returncode == 1


ACTIVE = {"网页.html": "<script>alert(1)</script>", "图.svg": "<svg onload=alert(1)></svg>", "数据.xml": "<?xml-stylesheet?><a/>"}


def _attachment_project(tmp_path: Path) -> Path:
    attached = [{"文件": "fj/网页.html", "名称": "附件一"}, {"文件": "fj/图.svg", "名称": "附件二"}]
    body = "正文。\n\n见[数据](fj/数据.xml)和[说明](fj/说明.pdf)。\n"
    items = {"qtwj/a.md": item_md(body, 附件=attached), "qtwj/fj/说明.pdf": "%PDF-1.4\n"}
    items.update({f"qtwj/fj/{name}": text for name, text in ACTIVE.items()})
    items["other/孤立.htm"] = "<script>alert(2)</script>"
    project = make_project(tmp_path / "p", items=items)
    set_plugins(project, ["gongkai"])
    return project


def test_attachments_a_browser_would_run_as_a_page_of_the_site_are_refused(tmp_path: Path) -> None:
    project = _attachment_project(tmp_path)
    result = mkdocs_build(project)
    assert not result.ok and "Traceback" not in result.output
    out = result.output
    assert "content/qtwj/a.md:8: 错误[attachment-active] 附件「fj/网页.html」不能发布：网页会被浏览器当作本网站的页面打开" in out
    assert "content/qtwj/a.md:10: 错误[attachment-active] 附件「fj/图.svg」不能发布：SVG 图形会被浏览器当作本网站的页面打开" in out
    assert "content/qtwj/a.md:15: 错误[attachment-active] 正文链接的文件「fj/数据.xml」不能发布" in out
    assert "content/other/孤立.htm:1: 错误[attachment-active] 文件不能发布" in out
    assert "允许的附件类型" in out and "说明.pdf" not in out
    assert not result.site.exists()
    proc = gongkai("check", "--root", str(project), "--today", TODAY, "--format", "json")
    found = {(f["file"], f["line"]) for f in json.loads(proc.stdout) if f["rule"] == "attachment-active"}
    assert ("content/qtwj/a.md", 8) in found and ("content/qtwj/a.md", 15) in found and ("content/other/孤立.htm", 1) in found


def test_a_body_can_allow_an_active_type_in_site_config(tmp_path: Path) -> None:
    project = _attachment_project(tmp_path)
    body_yml = project / "site_config" / "body.yml"
    body_yml.write_text(body_yml.read_text(encoding="utf-8") + "\n允许的附件类型: [.html, htm, .svg, .XML]\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert (result.site / "qtwj" / "fj" / "图.svg").is_file() and (result.site / "other" / "孤立.htm").is_file()
    body_yml.write_text(body_yml.read_text(encoding="utf-8").replace("[.html, htm, .svg, .XML]", "[\"../x\"]"), encoding="utf-8")
    proc = gongkai("check", "--root", str(project), "--today", TODAY)
    assert proc.returncode == 1 and "允许的附件类型" in proc.stdout and "Traceback" not in proc.stderr


def test_staff_page_titles_reach_title_header_and_nav_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    pages = project / "content" / "pages"
    pages.mkdir()
    (pages / "a.md").write_text('---\ntitle: "说明</title><script>alert(1)</script>"\n---\n正文。\n', encoding="utf-8")
    (pages / "b.md").write_text("# 通知 &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;\n\n正文。\n", encoding="utf-8")
    set_plugins(project, ["gongkai"], nav=[{"首页": "index.md"}, "pages/a.md", "pages/b.md"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    for name, n in (("a", 1), ("b", 2)):
        page = (result.site / "pages" / name / "index.html").read_text(encoding="utf-8")
        assert f"<script>alert({n})" not in page and f"&lt;script&gt;alert({n})&lt;/script&gt;" in page
        assert "&lt;/title&gt;" in page.split("</title>", 1)[0]  # the <title> element holds the text, escaped
    home = (result.site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in home  # the nav lists both pages by their titles


def test_malformed_urls_give_findings_never_a_traceback(tmp_path: Path) -> None:
    body = "正文。\n\n[x](https://[bad) ![y](https://[bad/x.png) <img src=\"//[::1/p.png\" alt=\"\">\n"
    project = make_project(tmp_path / "p", items={"qtwj/a.md": item_md(body)})
    (project / "content" / "index.md").write_text("# 首页\n\n见[说明](http://[oops/)。\n", encoding="utf-8")
    set_plugins(project, ["gongkai"])
    result = mkdocs_build(project)
    assert not result.ok and "Traceback" not in result.output
    assert "content/qtwj/a.md:10: 错误[link-invalid] 链接地址「https://[bad」无法解析" in result.output
    (project / "content" / "qtwj" / "a.md").unlink()
    result = mkdocs_build(project)
    assert not result.ok and "Traceback" not in result.output
    assert "content/index.md:3: 错误[link-invalid] 链接地址「http://[oops/」无法解析" in result.output
    proc = gongkai("check", "--root", str(project), "--today", TODAY)
    assert "Traceback" not in proc.stderr


def test_markup_in_any_front_matter_field_reaches_every_page_as_text(tmp_path: Path) -> None:
    x = "<img src=x onerror=alert(1)>"
    fields = {"标题": "标题" + x, "发文机关": "机关" + x, "内容概述": "概述" + x, "主题词": ["词" + x], "主题分类": "分类" + x}
    items = {"qtwj/a.md": item_md("正文。\n", **fields, 附件=[{"文件": "f.pdf", "名称": "附件" + x}]), "qtwj/f.pdf": "%PDF-1.4\n"}
    result = mkdocs_build(make_project(tmp_path / "p", items=items))
    assert result.ok, result.output
    pages = list(result.site.rglob("*.html"))
    assert len(pages) > 10
    assert [p for p in pages if "<img src=x" in p.read_text(encoding="utf-8")] == []
    item_page = (result.site / "qtwj" / "2024-00001" / "index.html").read_text(encoding="utf-8")
    assert item_page.count("&lt;img src=x onerror=alert(1)&gt;") >= 4  # shown as text: title, issuer, keywords, attachment...
