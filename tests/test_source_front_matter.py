"""One front-matter splitter: an item saved with a BOM and CRLF line ends (Windows Notepad, WPS) is read the same
as the LF file by the build, by `gongkai check`, by the 更新记录 history and by `gongkai new`; and a closing line
the build accepts is accepted by the history and by `gongkai new` too."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import CODE, TODAY, gongkai, item_md, mkdocs_build
from identity_support import commit_all, git, project

ITEM = "qtwj/2024-00001/index.html"


def windows(text: str) -> str:
    """The same text as Notepad saves it: a UTF-8 BOM and CRLF line ends."""
    return "\ufeff" + text.replace("\n", "\r\n")


def write_raw(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # write_text would not keep "\r\n" as written on every platform


def check_findings(root: Path) -> list[tuple[str, int, str, str]]:
    proc = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((f["file"], f["line"], f["rule"], f["message"]) for f in json.loads(proc.stdout))


def history(site: Path) -> list[str]:
    html = (site / ITEM).read_text(encoding="utf-8")
    section = re.search(r'<section class="gk-history".*?</section>', html, re.S)
    assert section, "no 更新记录 section"
    return [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", section.group(0), re.S)]


def test_a_bom_crlf_item_builds_and_checks_exactly_like_the_same_file_with_lf(tmp_path: Path) -> None:
    text = item_md("第一条 做好春耕准备。\n\n【待填写】联系电话。\n", 发文字号="示府办发〔2024〕3号", 成文日期="2024-02-30")
    unix = project(tmp_path / "lf")
    win = project(tmp_path / "crlf")
    write_raw(unix / "content/qtwj/a.md", text)
    write_raw(win / "content/qtwj/a.md", windows(text))
    found = check_findings(unix)
    assert any(f[0].endswith("qtwj/a.md") and f[2] == "date-invalid" for f in found), found
    assert any(f[0].endswith("qtwj/a.md") and f[2] == "placeholder" and f[1] == 12 for f in found), found
    assert check_findings(win) == found
    (unix / "content/qtwj/a.md").write_text(item_md("第一条 做好春耕准备。\n"), encoding="utf-8")
    write_raw(win / "content/qtwj/a.md", windows(item_md("第一条 做好春耕准备。\n")))
    pages = []
    for root in (unix, win):
        build = mkdocs_build(root)
        assert build.ok, build.output
        pages.append((build.site / ITEM).read_text(encoding="utf-8"))
    assert "第一条 做好春耕准备。" in pages[0]
    assert pages[1] == pages[0]


def test_resaving_an_item_with_bom_and_crlf_is_not_a_change_in_its_history(tmp_path: Path) -> None:
    text = item_md("第一条 做好春耕准备。\n\n第二条 其他事项。\n")
    proj = project(tmp_path / "p", {"qtwj/a.md": text})
    (proj / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(proj, "init", "-q", "-b", "main")
    commit_all(proj, "新增：春耕通知", "2024-03-08T10:00:00+08:00")
    write_raw(proj / "content/qtwj/a.md", windows(text))
    commit_all(proj, "用记事本另存\n\n公开说明: 不应出现", "2024-06-01T10:00:00+08:00")
    write_raw(proj / "content/qtwj/a.md", windows(text.replace("其他事项", "咨询电话 0799-1234567")))
    commit_all(proj, "补充电话\n\n公开说明: 补充咨询电话", "2024-07-01T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert history(build.site) == ["2024年3月8日 首次发布", "2024年7月1日 修改：补充咨询电话"]


def test_a_closing_line_the_build_accepts_is_read_by_the_history_too(tmp_path: Path) -> None:
    """`---` followed by a space and a remark closes the front matter for the build; the history used to see no
    front matter there and listed any byte change (here: only the front matter's key order) as a change."""
    text = item_md("第一条 做好春耕准备。\n").replace("\n---\n", "\n--- 元数据结束\n")
    proj = project(tmp_path / "p", {"qtwj/a.md": text})
    (proj / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(proj, "init", "-q", "-b", "main")
    commit_all(proj, "新增：春耕通知", "2024-03-08T10:00:00+08:00")
    head, body = text.split("--- 元数据结束\n")
    lines = head.splitlines()
    reordered = "\n".join([lines[0], *reversed(lines[1:])]) + "\n--- 元数据结束\n" + body
    write_raw(proj / "content/qtwj/a.md", reordered)
    commit_all(proj, "调整字段顺序", "2024-06-01T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert history(build.site) == ["2024年3月8日 首次发布"]


def test_new_counts_the_number_of_a_bom_crlf_item(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    write_raw(root / "content/qtwj/old.md", windows(item_md(索引号=f"{CODE}/2026-00007", 发布日期="2026-02-03")))
    proc = gongkai("new", "其他文件", "关于做好春耕生产工作的通知", "--root", str(root), "--today", TODAY, cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert f"索引号 {CODE}/2026-00008" in proc.stdout


def test_check_gates_a_page_exactly_as_the_build_renders_it_after_multimarkdown_meta(tmp_path: Path) -> None:
    """MkDocs takes `summary: …` lines at the top of a page as meta-data and does not render them; the check used
    to gate them as body text and report markup the site never shows."""
    root = project(tmp_path / "p")
    write_raw(root / "content/pages/about.md", 'summary: <img src="x" onerror="alert(1)">\n\n# 关于本站\n\n<b onclick="x()">正文</b>\n')
    found = [f for f in check_findings(root) if f[0].endswith("pages/about.md")]
    assert [f[1] for f in found] == [5], found  # only the body's handler, on its own line
    build = mkdocs_build(root, strict=False)
    assert "onerror" not in build.output and "pages/about.md" in build.output, build.output
