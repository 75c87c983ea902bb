"""更新记录 from real git history: changes in order with public notes only, formatting-only commits ignored,
renames followed, attachments counted, and the degraded modes (shallow clone, no repository)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import CODE, item_md, mkdocs_build
from gongkai.provenance import note_from_message
from identity_support import commit_all, git, project, read_page

ITEM = "qtwj/2024-00001/index.html"


def _history(site: Path, rel: str = ITEM) -> list[str]:
    html = (site / rel).read_text(encoding="utf-8")
    section = re.search(r'<section class="gk-history".*?</section>', html, re.S)
    assert section, "no 更新记录 section"
    return [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in re.findall(r"<li>(.*?)</li>", section.group(0), re.S)]


def _repo(tmp_path: Path, text: str, *, when: str = "2024-03-08T10:00:00+08:00", path: str = "zcwj/a.md") -> Path:
    proj = project(tmp_path / "p", {path: text})
    (proj / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(proj, "init", "-q", "-b", "main")
    commit_all(proj, "新增：春耕通知", when)
    return proj


def _write(proj: Path, text: str, path: str = "zcwj/a.md") -> None:
    (proj / "content" / path).write_text(text, encoding="utf-8")


def test_an_item_edited_in_two_commits_shows_both_changes_in_order_with_public_notes_only(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md("第一条 做好春耕准备。\n\n第二条 咨询电话 0799-1234567。\n"))
    _write(proj, item_md("第一条 做好春耕准备。\n\n第二条 咨询电话 0799-7654321。\n"))
    message = "内部：按王科长意见改电话（勿外传）\n\n工单 #42 的处理。\n\n公开说明: 更正第二条中的咨询电话"
    commit_all(proj, message, "2024-05-10T09:30:00+08:00")
    _write(proj, item_md("第一条 做好春耕准备。\n\n第二条 咨询电话 0799-7654321。\n", 主题词=["春耕", "农业"], 公开说明="补充主题词"))
    commit_all(proj, "fix keywords", "2024-09-01T16:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site) == [
        "2024年3月8日 首次发布",
        "2024年5月10日 修改：更正第二条中的咨询电话",
        "2024年9月1日 修改：补充主题词",
    ]
    html = (build.site / ITEM).read_text(encoding="utf-8")
    for internal in ("王科长", "勿外传", "工单", "fix keywords", "信息员", "staff@example.gov.cn"):
        assert internal not in html
    page = read_page(build.site, ITEM)
    assert page.meta["firstpublishedtime"] == "2024-03-08"
    assert page.meta["lastmodifiedtime"] == "2024-09-01"


def test_a_formatting_only_commit_is_not_listed_as_a_change(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md("第一条 做好春耕准备，\n确保不误农时。\n\n第二条 其他事项。\n"))
    reordered = (
        "---\n"
        "发布日期: '2024-03-08'\n"
        f'索引号: "{CODE}/2024-00001"\n'
        "栏目:    其他文件\n"
        "标题: 示例县人民政府关于做好2024年春耕生产工作的通知\n"
        "发文机关: 示例县人民政府办公室\n"
        "---\n"
        "第一条 做好春耕准备，   确保不误农时。   \n\n\n第二条 其他事项。\n\n"
    )
    _write(proj, reordered)
    commit_all(proj, "格式整理\n\n公开说明: 不应出现", "2024-06-01T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site) == ["2024年3月8日 首次发布"]
    assert read_page(build.site, ITEM).meta["lastmodifiedtime"] == "2024-03-08"
    assert "不应出现" not in (build.site / ITEM).read_text(encoding="utf-8")


def test_edits_before_the_publication_date_are_preparation_not_changes(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md("草稿。\n"), when="2024-03-01T10:00:00+08:00")
    _write(proj, item_md("定稿。\n"))
    commit_all(proj, "定稿", "2024-03-05T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site) == ["2024年3月8日 首次发布"]


def test_moving_the_file_keeps_its_history_and_is_not_a_change(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md("原文。\n"))
    _write(proj, item_md("修改后的正文。\n"))
    commit_all(proj, "改正文\n\n公开说明：修改正文表述", "2024-04-02T10:00:00+08:00")
    git(proj, "mv", "content/zcwj/a.md", "content/zcwj/2024-春耕通知.md")
    commit_all(proj, "整理目录", "2024-07-01T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site) == ["2024年3月8日 首次发布", "2024年4月2日 修改：修改正文表述"]


def test_replacing_an_attachment_is_listed_as_a_change_of_the_item(tmp_path: Path) -> None:
    text = item_md("见附件。\n", 附件=[{"文件": "附件1.pdf", "名称": "春耕物资清单"}])
    proj = project(tmp_path / "p", {"zcwj/a.md": text})
    (proj / "content" / "zcwj" / "附件1.pdf").write_bytes(b"%PDF-1.4 first\n")
    (proj / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(proj, "init", "-q", "-b", "main")
    commit_all(proj, "新增", "2024-03-08T10:00:00+08:00")
    (proj / "content" / "zcwj" / "附件1.pdf").write_bytes(b"%PDF-1.4 second\n")
    commit_all(proj, "换附件\n\n公开说明: 更正物资数量", "2024-03-20T10:00:00+08:00")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site) == ["2024年3月8日 首次发布", "2024年3月20日 修改：更正物资数量（更新附件：春耕物资清单）"]


def test_a_new_item_not_yet_committed_shows_its_publication_date_without_warnings(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md())
    _write(proj, item_md(标题="示例县新通知", 索引号=f"{CODE}/2024-00002"), path="zcwj/b.md")
    build = mkdocs_build(proj)
    assert build.ok, build.output
    assert _history(build.site, "qtwj/2024-00002/index.html") == ["2024年3月8日 首次发布"]
    assert "WARNING" not in build.output


def _shallow_clone(tmp_path: Path) -> Path:
    proj = _repo(tmp_path, item_md("一。\n"))
    _write(proj, item_md("二。\n"))
    commit_all(proj, "改\n\n公开说明: 第二版", "2024-05-01T10:00:00+08:00")
    _write(proj, item_md(标题="示例县另一通知", 索引号=f"{CODE}/2024-00002"), path="zcwj/b.md")
    commit_all(proj, "加一条", "2024-06-01T10:00:00+08:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", proj.resolve().as_uri(), str(clone)], check=True, capture_output=True)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    return clone


def test_a_shallow_clone_degrades_to_front_matter_dates_with_exactly_one_warning(tmp_path: Path) -> None:
    clone = _shallow_clone(tmp_path)
    strict = mkdocs_build(clone)
    assert not strict.ok  # the one warning stops `mkdocs build --strict`: CI must not publish without history
    build = mkdocs_build(clone, strict=False, extra=["--no-strict"])  # mkdocs.yml sets strict: true
    assert build.ok, build.output
    warnings = [line for line in build.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, warnings
    assert "浅克隆" in warnings[0] and "fetch-depth: 0" in warnings[0]
    assert _history(build.site) == ["2024年3月8日 首次发布"]
    assert _history(build.site, "qtwj/2024-00002/index.html") == ["2024年3月8日 首次发布"]
    assert read_page(build.site, ITEM).meta["lastmodifiedtime"] == "2024-03-08"


def test_a_shallow_clone_builds_strictly_when_the_body_accepts_front_matter_dates(tmp_path: Path) -> None:
    clone = _shallow_clone(tmp_path)
    cfg_path = clone / "mkdocs.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["plugins"] = [p if p != "gongkai-provenance" else {"gongkai-provenance": {"shallow_clone": "info"}} for p in cfg["plugins"]]
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    build = mkdocs_build(clone)
    assert build.ok, build.output
    assert "浅克隆" in build.output


def test_a_project_outside_git_builds_strictly_with_front_matter_dates(tmp_path: Path) -> None:
    build = mkdocs_build(project(tmp_path / "p", {"zcwj/a.md": item_md()}))
    assert build.ok, build.output
    assert "不在 git 仓库中" in build.output
    assert _history(build.site) == ["2024年3月8日 首次发布"]


@pytest.mark.parametrize(
    ("message", "note"),
    [
        ("修改\n\n公开说明: 更正日期", "更正日期"),
        ("修改\n\n公开说明：更正日期", "更正日期"),
        ("修改\n\n详细内部说明。\n\nSigned-off-by: A <a@b>\n公开说明: 更正日期", "更正日期"),
        ("公开说明: 只写在标题行", ""),
        ("修改\n\n公开说明: 不在最后一段\n\n其他内部说明", ""),
        ("修改\n\n内部说明没有公开说明", ""),
    ],
)
def test_only_a_trailer_in_the_last_paragraph_is_a_public_note(message: str, note: str) -> None:
    assert note_from_message(message) == note


def test_a_rebuild_reuses_saved_comparisons_and_shows_the_same_history(tmp_path: Path) -> None:
    proj = _repo(tmp_path, item_md("一。\n"))
    _write(proj, item_md("二。\n"))
    commit_all(proj, "改\n\n公开说明: 第二版", "2024-05-01T10:00:00+08:00")
    first = mkdocs_build(proj)
    assert first.ok, first.output
    cache = proj / ".cache" / "plugin" / "gongkai-provenance" / "pairs.json"
    assert cache.is_file()
    second = mkdocs_build(proj)
    assert second.ok, second.output
    assert _history(first.site) == _history(second.site) == ["2024年3月8日 首次发布", "2024年5月1日 修改：第二版"]
