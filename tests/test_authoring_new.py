"""`gongkai new <栏目> "标题"`: consecutive 索引号, never overwrites, unknown 栏目, and the file passes check and build."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import yaml
from conftest import CODE, TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins

TITLE = "示例县人民政府关于印发示例县停车管理办法的通知"


def new(root: Path, column: str, title: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return gongkai("new", column, title, "--root", str(root), "--today", today, cwd=root)


def front_matter(path: Path) -> tuple[list[str], dict]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head = text.split("---\n")[1]
    return head.splitlines(), yaml.safe_load(head)


def created(root: Path) -> list[Path]:
    return sorted((root / "content").rglob("*.md"))


def test_new_twice_gives_consecutive_numbers_after_the_highest_existing_one(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/old.md": item_md(索引号=f"{CODE}/2026-00007", 发布日期="2026-02-03")})
    first = new(root, "行政规范性文件", TITLE)
    second = new(root, "gfxwj", TITLE)  # the column's 路径 works too
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    one = root / "content/gfxwj/2026-00008-停车管理办法.md"
    two = root / "content/gfxwj/2026-00009-停车管理办法.md"
    assert one.is_file() and two.is_file()
    assert f"索引号 {CODE}/2026-00008" in first.stdout and f"索引号 {CODE}/2026-00009" in second.stdout
    lines, meta = front_matter(one)
    assert lines[0] == "# yaml-language-server: $schema=../../catalog_schema/item.schema.json"
    assert (one.parent / "../../catalog_schema/item.schema.json").resolve().is_file()
    assert meta == {
        "标题": TITLE,
        "索引号": f"{CODE}/2026-00008",
        "栏目": "行政规范性文件",
        "发文机关": "示例县人民政府",
        "发布日期": dt.date(2026, 11, 24),
        "有效性": {"状态": "有效"},
    }


def test_new_counts_per_publication_year(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/old.md": item_md(索引号=f"{CODE}/2026-00007", 发布日期="2026-02-03")})
    proc = new(root, "其他文件", "关于2027年元旦值班安排的通知", today="2027-01-04")
    assert proc.returncode == 0, proc.stderr
    assert (root / "content/qtwj/2027-00001-2027年元旦值班安排.md").is_file()


def test_new_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    draft = root / "content/qtwj/2026-00001-做好春耕生产工作.md"
    draft.parent.mkdir(parents=True)
    draft.write_text("staff draft without front matter\n", encoding="utf-8")
    proc = new(root, "其他文件", "关于做好春耕生产工作的通知")
    assert proc.returncode == 1
    assert "已存在，未做任何修改" in proc.stderr
    assert draft.read_text(encoding="utf-8") == "staff draft without front matter\n"
    assert created(root) == [draft]


def test_withdrawn_number_deleted_in_git_is_not_reused(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/gone.md": item_md(索引号=f"{CODE}/2026-00003", 发布日期="2026-02-03")})
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.gov.cn"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "add"], check=True)
    subprocess.run([*git, "rm", "-q", "content/qtwj/gone.md"], check=True)
    subprocess.run([*git, "commit", "-qm", "withdraw"], check=True)
    proc = new(root, "其他文件", "关于做好春耕生产工作的通知")
    assert proc.returncode == 0, proc.stderr
    assert f"{CODE}/2026-00004" in proc.stdout


def test_unknown_column_exits_two_and_lists_the_choices(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    proc = new(root, "新闻动态", "关于做好春耕生产工作的通知")
    assert proc.returncode == 2
    assert "栏目「新闻动态」不存在" in proc.stderr and "行政规范性文件" in proc.stderr and "其他文件" in proc.stderr
    group = new(root, "法定主动公开内容", "关于做好春耕生产工作的通知")
    assert group.returncode == 2 and "不能直接放信息" in group.stderr
    assert created(root) == []


def test_new_file_is_an_error_until_its_placeholders_are_replaced_then_passes_check_and_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert new(root, "其他文件", "示例县人民政府办公室关于做好2026年冬季防火工作的通知").returncode == 0
    (path,) = created(root)
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body_line = lines.index(next(line for line in lines if line.startswith("【待填写】"))) + 1
    summary_hint = next(n for n, line in enumerate(lines) if line.startswith("# 内容概述: 【待填写】"))

    def errors() -> list[tuple[int, str, str, str]]:
        check = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
        found = [f for f in json.loads(check.stdout) if f["file"] == rel and f["severity"] in ("error", "warning")]
        return [(f["line"], f["rule"], f["field"], f["message"]) for f in found]

    (unedited,) = errors()
    assert unedited[:3] == (body_line, "placeholder", "正文")
    assert unedited[3].startswith("正文还是占位内容，信息不能这样发布：「【待填写】在此填写正文")
    set_plugins(root, ["gongkai"])
    build = mkdocs_build(root)
    assert not build.ok and f"{rel}:{body_line}: 错误[placeholder] 正文还是占位内容" in build.output
    assert not (build.site / "qtwj/2026-00001/index.html").exists()

    lines[summary_hint] = lines[summary_hint].removeprefix("# ")  # uncommented, example text left in place
    lines[body_line - 1] = "各乡（镇）人民政府，县政府各部门：现就做好冬季防火工作通知如下。"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (hint,) = errors()
    assert hint[:3] == (summary_hint + 1, "placeholder", "内容概述") and "字段「内容概述」还是占位内容「【待填写】一两句话" in hint[3]

    lines[summary_hint] = "内容概述: 部署冬季森林防火工作。"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert errors() == []
    build = mkdocs_build(root)
    assert build.ok, build.output
    page = (build.site / "qtwj/2026-00001/index.html").read_text(encoding="utf-8")
    assert "关于做好2026年冬季防火工作的通知" in page and "yaml-language-server" not in page and "待填写" not in page


def test_placeholder_anywhere_in_front_matter_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = item_md("正文。\n", 主题词=["防火", "【待填写】词语2"], 有效性={"状态": "有效", "说明": "【待填写】"})
    root = make_project(tmp_path, {"qtwj/a.md": text})
    check = gongkai("check", "--root", str(root), "--today", TODAY, "--format", "json")
    found = [(f["line"], f["field"], f["rule"]) for f in json.loads(check.stdout) if f["severity"] == "error"]
    lines = text.splitlines()
    keyword_line = lines.index("- 【待填写】词语2") + 1
    note_line = lines.index("  说明: 【待填写】") + 1
    assert sorted(found) == sorted([(keyword_line, "主题词/1", "placeholder"), (note_line, "有效性/说明", "placeholder")])
    assert check.returncode == 1 and "Traceback" not in check.stderr
