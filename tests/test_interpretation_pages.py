"""Item pages in a real `mkdocs build --strict`: document ⇄ 解读 links, 解读机关/解读人, form media."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import CODE, item_md, make_project, mkdocs_build, serve, set_plugins

DOC = f"{CODE}/2025-00010"
LONELY = f"{CODE}/2025-00020"
TEXT_JD = f"{CODE}/2025-00011"
VIDEO_JD = f"{CODE}/2025-00012"
IMAGE_JD = f"{CODE}/2025-00013"
QA_JD = f"{CODE}/2025-00014"
EVIL = "<script>alert(1)</script>"


class Page(HTMLParser):
    """Collects each <section>/<nav> by its aria-labelledby id: links (href, text), media tags and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, dict[str, Any]] = {}
        self._stack: list[dict[str, Any]] = []
        self._link: list[Any] | None = None
        self.raw = html
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("section", "nav") and a.get("aria-labelledby"):
            sec: dict[str, Any] = {"links": [], "tags": [], "text": "", "depth": 0, "tag": tag}
            self.sections[a["aria-labelledby"] or ""] = sec
            self._stack.append(sec)
            return
        if self._stack:
            if tag == self._stack[-1]["tag"]:
                self._stack[-1]["depth"] += 1
            self._stack[-1]["tags"].append((tag, a))
            if tag == "a":
                self._link = [a.get("href"), ""]

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        sec = self._stack[-1]
        if tag == "a" and self._link is not None:
            sec["links"].append((self._link[0], self._link[1].strip()))
            self._link = None
        if tag == sec["tag"]:
            if sec["depth"]:
                sec["depth"] -= 1
            else:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack:
            self._stack[-1]["text"] += data
            if self._link is not None:
                self._link[1] += data


def doc_md(index_no: str, title: str, doc_no: str) -> str:
    return item_md(
        标题=title,
        索引号=index_no,
        栏目="行政规范性文件",
        发文机关="示例县人民政府",
        发文字号=doc_no,
        成文日期="2025-09-26",
        发布日期="2025-09-30",
        有效性={"状态": "有效"},
    )


def jd_md(index_no: str, title: str, form: str, body: str = "一、出台背景\n\n二、主要内容\n", **more: Any) -> str:
    fields: dict[str, Any] = {
        "标题": title,
        "索引号": index_no,
        "栏目": "政策解读",
        "发文机关": "示例县医疗保障局",
        "发布日期": "2025-10-09",
        "解读对象": [DOC],
        "解读形式": form,
        "解读机关": "示例县医疗保障局",
        "解读人": "李明（局长）",
    }
    fields.update(more)
    return item_md(body, **fields)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("jd"),
        {
            "gfxwj/doc.md": doc_md(DOC, "示例县人民政府关于印发示例县城乡居民医疗救助办法的通知", "示府规〔2025〕3号"),
            "gfxwj/lonely.md": doc_md(LONELY, "示例县人民政府关于印发示例县临时救助办法的通知", "示府规〔2025〕4号"),
            "zcjd/text.md": jd_md(TEXT_JD, f"《示例县城乡居民医疗救助办法》政策解读{EVIL}", "文字解读"),
            "zcjd/video.md": jd_md(
                VIDEO_JD,
                "一图一视频读懂医疗救助办法（视频）",
                "音视频",
                附件=[
                    {"文件": "media/jiedu.mp4", "名称": "局长解读视频"},
                    {"文件": "media/jiedu.vtt", "名称": "视频字幕"},
                    {"文件": "media/jiedu-文字稿.txt", "名称": "解读文字稿"},
                    {"文件": "media/audio.mp3", "名称": "广播解读"},
                ],
                解读人=None,
            ),
            "zcjd/image.md": jd_md(
                IMAGE_JD, "图解：医疗救助办法", "图解", 附件=[{"文件": "media/tujie.png", "名称": "医疗救助办法图解：救助对象和标准"}]
            ),
            "zcjd/qa.md": jd_md(
                QA_JD,
                "医疗救助办法问答",
                "问答",
                body="## 问：哪些人可以申请医疗救助？\n\n答：……\n\n## 问：救助标准是多少？\n\n答：……\n",
            ),
        },
    )
    media = project / "content" / "zcjd" / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "jiedu.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (media / "jiedu.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\n各位市民朋友\n", encoding="utf-8")
    (media / "jiedu-文字稿.txt").write_text("各位市民朋友……", encoding="utf-8")
    (media / "audio.mp3").write_bytes(b"ID3\x03\x00")
    (media / "tujie.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    set_plugins(project, ["gongkai", "gongkai-interpretation"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    return result.site


def page(site: Path, index_no: str, column: str) -> Page:
    return Page((site / column / index_no.rsplit("/", 1)[1] / "index.html").read_text(encoding="utf-8"))


def test_document_page_lists_its_interpretations_with_form_and_interpreter(site: Path) -> None:
    p = page(site, DOC, "gfxwj")
    sec = p.sections["gk-jd-h"]
    links = sec["links"]
    assert [href for href, _ in links] == [
        "../../zcjd/2025-00011/",
        "../../zcjd/2025-00012/",
        "../../zcjd/2025-00013/",
        "../../zcjd/2025-00014/",
    ]
    assert links[0][1] == f"《示例县城乡居民医疗救助办法》政策解读{EVIL}"
    assert "音视频" in sec["text"] and "图解" in sec["text"] and "问答" in sec["text"]
    assert "示例县医疗保障局" in sec["text"] and "李明（局长）" in sec["text"]
    assert "<script>alert(1)</script>" not in p.raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in p.raw


def test_document_without_interpretation_shows_no_section(site: Path) -> None:
    p = page(site, LONELY, "gfxwj")
    assert "gk-jd-h" not in p.sections and "gk-orig-h" not in p.sections


def test_interpretation_page_links_back_with_title_and_document_number(site: Path) -> None:
    p = page(site, TEXT_JD, "zcjd")
    sec = p.sections["gk-orig-h"]
    assert sec["links"] == [("../../gfxwj/2025-00010/", "《示例县人民政府关于印发示例县城乡居民医疗救助办法的通知》")]
    assert "示府规〔2025〕3号" in sec["text"]
    text = " ".join(sec["text"].split())
    assert "解读形式：文字解读" in text and "解读机关：示例县医疗保障局" in text and "解读人：李明（局长）" in text
    assert "&lt;script&gt;" in p.raw and EVIL not in p.raw


def test_video_interpretation_has_players_captions_and_transcript_link_but_no_iframe(site: Path) -> None:
    p = page(site, VIDEO_JD, "zcjd")
    sec = p.sections["gk-media-h"]
    tags = sec["tags"]
    video = [a for t, a in tags if t == "video"]
    audio = [a for t, a in tags if t == "audio"]
    assert len(video) == 1 and "controls" in video[0] and len(audio) == 1 and "controls" in audio[0]
    sources = [(a["src"], a["type"]) for t, a in tags if t == "source"]
    assert sources == [("../../zcjd/media/jiedu.mp4", "video/mp4"), ("../../zcjd/media/audio.mp3", "audio/mpeg")]
    tracks = [a for t, a in tags if t == "track"]
    assert tracks and tracks[0]["kind"] == "captions" and tracks[0]["src"] == "../../zcjd/media/jiedu.vtt" and tracks[0]["srclang"] == "zh"
    assert ("../../zcjd/media/jiedu-%E6%96%87%E5%AD%97%E7%A8%BF.txt", "解读文字稿") in sec["links"]
    assert (site / "zcjd" / "media" / "jiedu.mp4").is_file()
    assert "<iframe" not in p.raw
    orig = " ".join(p.sections["gk-orig-h"]["text"].split())
    assert "解读形式：音视频" in orig and "解读人" not in orig  # 解读人 not given: not shown


def test_image_interpretation_shows_figures_with_alt_text(site: Path) -> None:
    p = page(site, IMAGE_JD, "zcjd")
    imgs = [a for t, a in p.sections["gk-fig-h"]["tags"] if t == "img"]
    assert [(a["src"], a["alt"]) for a in imgs] == [("../../zcjd/media/tujie.png", "医疗救助办法图解：救助对象和标准")]


def test_question_and_answer_interpretation_lists_its_questions(site: Path) -> None:
    p = page(site, QA_JD, "zcjd")
    links = p.sections["gk-qa-h"]["links"]
    assert [text for _, text in links] == ["问：哪些人可以申请医疗救助？", "问：救助标准是多少？"]
    for href, _ in links:
        assert href.startswith("#") and f'id="{href[1:]}"' in p.raw


def test_build_fails_on_orphan_interpretation_naming_rule_file_and_line(tmp_path: Path) -> None:
    text = jd_md(TEXT_JD, "政策解读", "文字解读", 解读对象=[f"{CODE}/2025-00099"])
    project = make_project(tmp_path, {"zcjd/orphan.md": text})
    set_plugins(project, ["gongkai", "gongkai-interpretation"])
    result = mkdocs_build(project)
    assert not result.ok
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "2025-00099" in row)
    assert f"content/zcjd/orphan.md:{line}: 错误[jd-target-unknown]" in result.output
    assert "Traceback" not in result.output


def test_missing_and_late_interpretations_do_not_break_the_strict_build(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "gfxwj/doc.md": doc_md(DOC, "示例县人民政府关于印发示例县城乡居民医疗救助办法的通知", "示府规〔2025〕3号"),
            "gfxwj/lonely.md": doc_md(LONELY, "示例县人民政府关于印发示例县临时救助办法的通知", "示府规〔2025〕4号"),
            "zcjd/late.md": jd_md(TEXT_JD, "迟到的解读", "文字解读", 发布日期="2025-11-20"),
        },
    )
    set_plugins(project, ["gongkai", "gongkai-interpretation"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    assert "jd-late" not in result.output and "jd-missing" not in result.output


def test_media_interpretation_fits_320px_and_requests_nothing_foreign(site: Path, browser: Any) -> None:
    server = serve(site)
    base = next(server)
    try:
        context = browser.new_context(locale="zh-CN", viewport={"width": 320, "height": 640})
        pg = context.new_page()
        foreign: list[str] = []
        errors: list[str] = []
        pg.on("request", lambda r: not r.url.startswith(base) and not r.url.startswith("data:") and foreign.append(r.url))
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(f"{base}/zcjd/2025-00012/")
        assert pg.locator("video[controls]").count() == 1
        assert pg.locator("#gk-orig-h").inner_text() == "解读的文件"
        overflow = pg.evaluate(
            "() => [...document.querySelectorAll('.gk-jd, .gk-jd-media video, .gk-jd-media audio')]"
            ".map(e => e.getBoundingClientRect().right).filter(r => r > document.documentElement.clientWidth + 1).length"
        )
        assert overflow == 0
        pg.goto(f"{base}/gfxwj/2025-00010/")
        pg.locator("#gk-jd-h + ul a").first.focus()
        assert pg.evaluate("() => document.activeElement.getAttribute('href')") == "../../zcjd/2025-00011/"
        assert foreign == [] and errors == []
        context.close()
    finally:
        server.close()


def test_without_the_interpretation_plugin_an_item_page_lists_the_same_published_interpretations_in_the_same_order(
    tmp_path: Path,
) -> None:
    later, earlier, withheld = f"{CODE}/2025-00012", f"{CODE}/2025-00013", f"{CODE}/2025-00014"
    project = make_project(
        tmp_path / "p",
        {
            "gfxwj/doc.md": doc_md(DOC, "示例县城乡居民医疗救助办法", "示府规〔2025〕3号"),
            "zcjd/a.md": jd_md(later, "后发布的解读", "文字解读", 发布日期="2025-10-20"),
            "zcjd/b.md": jd_md(earlier, "先发布的解读", "文字解读", 发布日期="2025-10-09"),
            "zcjd/c.md": jd_md(withheld, "不公开的解读", "文字解读", 公开属性="依申请公开"),
        },
    )
    set_plugins(project, ["gongkai", "gongkai-directory", "gongkai-guide", "gongkai-identity"])
    result = mkdocs_build(project)
    assert result.ok, result.output
    html = (result.site / "gfxwj/2025-00010/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="gk-jd-h"') :]
    assert "不公开的解读" not in section
    assert section.index("先发布的解读") < section.index("后发布的解读")
