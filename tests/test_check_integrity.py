"""Integrity in `gongkai check`: duplicate and changed 索引号 (real git history), links and attachments that
do not resolve, and 条例第二十六条's 20 working days from 形成日期 (or 成文日期) to 发布日期."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from check_helpers import TODAY, Leaf, project
from conftest import CODE, gongkai, item_md, make_project
from gongkai.loader import load
from gongkai.model import Finding
from gongkai.source import gitlog
from test_platform import FGW, county_item, fgw_item, make_platform

GIT_ENV = {
    "GIT_AUTHOR_NAME": "政务公开办",
    "GIT_AUTHOR_EMAIL": "zwgk@example.gov.cn",
    "GIT_COMMITTER_NAME": "政务公开办",
    "GIT_COMMITTER_EMAIL": "zwgk@example.gov.cn",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def check(root: Path) -> list[Finding]:
    return load(root, today=TODAY, check=True).findings


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True)
    return proc.stdout


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "--short", "HEAD").strip()


def set_index(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_duplicate_index_number_is_an_error_in_both_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(), "qtwj/b.md": item_md(标题="另一份通知")})
    dup = of_rule(check(root), "index-duplicate")
    assert [d.file for d in dup] == ["content/qtwj/a.md", "content/qtwj/b.md"]
    assert "qtwj/b.md" in dup[0].message and "qtwj/a.md" in dup[1].message


def test_index_number_changed_in_a_commit_is_an_error_with_the_commit(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(), "qtwj/b.md": item_md(索引号=f"{CODE}/2024-00002")})
    git(root, "init", "-q")
    commit_all(root, "发布两条信息")
    assert not of_rule(check(root), "index-changed")
    set_index(root / "content/qtwj/a.md", "2024-00001", "2024-00007")
    sha = commit_all(root, "改了索引号")
    changed = of_rule(check(root), "index-changed")
    assert len(changed) == 1
    f = changed[0]
    assert f.file == "content/qtwj/a.md" and f.line == 3 and f.severity == "error"
    assert f"由「{CODE}/2024-00001」改成了「{CODE}/2024-00007」" in f.message and f"提交 {sha}" in f.message
    assert f.expected.startswith(f"改回「{CODE}/2024-00001」")


def test_uncommitted_change_renames_and_reverts_are_judged_against_the_first_value(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md()})
    git(root, "init", "-q")
    commit_all(root, "发布")
    git(root, "mv", "content/qtwj/a.md", "content/qtwj/renamed.md")
    commit_all(root, "只改文件名")
    assert not of_rule(check(root), "index-changed")
    path = root / "content/qtwj/renamed.md"
    set_index(path, "2024-00001", "2024-00002")
    uncommitted = of_rule(check(root), "index-changed")
    assert len(uncommitted) == 1 and "尚未提交的修改" in uncommitted[0].message
    commit_all(root, "改错了")
    set_index(path, "2024-00002", "2024-00001")
    commit_all(root, "改回原索引号")
    assert not of_rule(check(root), "index-changed")


def test_on_a_platform_each_bodys_history_walk_reads_only_its_own_files_and_finds_its_own_changes(tmp_path: Path) -> None:
    root = make_platform(tmp_path / "p", {"qtwj/2026-00001.md": county_item(), "fgw/qtwj/2026-00001.md": fgw_item()})
    git(root, "init", "-q")
    commit_all(root, "发布")
    set_index(root / "content/qtwj/2026-00001.md", f"{CODE}/2026-00001", f"{CODE}/2026-00007")
    set_index(root / "content/fgw/qtwj/2026-00001.md", f"{FGW}/2026-00001", f"{FGW}/2026-00008")
    commit_all(root, "改了两个机关的索引号")
    changed = of_rule(check(root), "index-changed")
    assert sorted((f.file, f.line) for f in changed) == [("content/fgw/qtwj/2026-00001.md", 3), ("content/qtwj/2026-00001.md", 3)]
    home = load(root, today=TODAY).platform.home
    assert home is not None and home.nested == ("fgw/", "czz/")
    own = gitlog.index_changes(root, root / "content", [root / "content" / p for p in home.nested])
    assert [(c.old, c.new) for c in own or []] == [(f"{CODE}/2026-00001", f"{CODE}/2026-00007")]  # not fgw's edit
    fgw = gitlog.index_changes(root, root / "content/fgw")
    assert [(c.old, c.new) for c in fgw or []] == [(f"{FGW}/2026-00001", f"{FGW}/2026-00008")]


def test_project_outside_git_has_no_history_findings(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md()})
    assert not of_rule(check(root), "index-changed")


def test_links_that_do_not_resolve_are_errors_and_good_links_pass(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "[同目录的信息](b.md)",  # line 8: ok
            "[不存在的信息](missing.md)",  # 9
            "[附件](fj.pdf) 和 [缺失的附件](缺失.pdf)",  # 10
            "[依申请公开的信息](c.md)",  # 11
            "[按网址链接](../2024-00002/) 和 [不存在的网址](../2024-00099/)",  # 12
            "[目录外](../../../etc/passwd.txt)",  # 13
            "[本页锚点](#yi) [邮件](mailto:zwgk@example.gov.cn) ![图](tu.png)",  # 14
            "```",
            "[代码里的链接](nothing.md)",
            "```",
        ]
    )
    items = {
        "qtwj/a.md": item_md(body + "\n"),
        "qtwj/b.md": item_md(索引号=f"{CODE}/2024-00002", 标题="被链接的通知"),
        "qtwj/c.md": item_md(索引号=f"{CODE}/2024-00003", 标题="依申请公开的通知", 公开属性="依申请公开"),
        "qtwj/fj.pdf": "%PDF-1.4\n",
        "qtwj/tu.png": "png",
    }
    broken = of_rule(check(make_project(tmp_path / "p", items)), "link-broken")
    assert [(f.line, f.severity) for f in broken] == [(9, "error"), (10, "error"), (11, "error"), (12, "error"), (13, "error")]
    assert "content/qtwj/missing.md" in broken[0].message and "缺失.pdf" in broken[1].message
    assert "不公开的信息（依申请公开）" in broken[2].message and "qtwj/2024-00099/" in broken[3].message


def test_missing_attachment_is_an_error_on_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(附件=[{"文件": "附件1.pdf", "名称": "申报表"}])})
    missing = of_rule(check(root), "attachment-missing")
    assert len(missing) == 1 and missing[0].field == "附件/0/文件" and "附件1.pdf" in missing[0].message


def late(tmp_path: Path, **fields: object) -> list[Finding]:
    root = make_project(tmp_path / "p", {"qtwj/a.md": item_md(**fields)})
    holidays = root / "site_config" / "holidays.yml"
    if holidays.exists():
        holidays.unlink()
    return of_rule(check(root), "publish-late")


def test_art26_counts_working_days_with_the_national_day_holiday_and_adjusted_weekends(tmp_path: Path) -> None:
    # From Fri 2024-09-20: Sun 9-29 and Sat 10-12 are working days, 10-1..10-7 are not → the 20th is Wed 2024-10-23
    assert not late(tmp_path / "a", 形成日期="2024-09-20", 发布日期="2024-10-23", 索引号=f"{CODE}/2024-00001")
    found = late(tmp_path / "b", 形成日期="2024-09-20", 发布日期="2024-10-24", 索引号=f"{CODE}/2024-00001")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.field == "发布日期" and f.line == 6
    assert "距形成日期 2024年9月20日 已 21 个工作日" in f.message and "应不晚于 2024年10月23日" in f.message


def test_art26_falls_back_to_the_written_date_and_prefers_the_formed_date(tmp_path: Path) -> None:
    found = late(tmp_path / "a", 成文日期="2024-01-02", 发布日期="2024-03-08")
    assert len(found) == 1 and "距成文日期" in found[0].message
    assert not late(tmp_path / "b", 成文日期="2024-01-02", 形成日期="2024-03-01", 发布日期="2024-03-08")
    assert not late(tmp_path / "c")  # neither date given: nothing to measure from


def test_art26_is_a_check_only_warning_that_does_not_fail_without_strict(tmp_path: Path) -> None:
    only = [Leaf("其他文件", "qtwj", "按需")]  # one column, filled: no completeness findings in the way
    root = project(tmp_path, only, {"qtwj/a.md": item_md(成文日期="2024-01-02", 发布日期="2024-03-08")})
    assert not of_rule(load(root, today=TODAY).findings, "publish-late")  # not part of the build's rules
    proc = gongkai("check", "--root", str(root), "--today", TODAY.isoformat(), "--format", "json")
    assert proc.returncode == 0, proc.stdout
    mine = [(f["rule"], f["severity"]) for f in json.loads(proc.stdout) if f["file"] == "content/qtwj/a.md"]
    assert mine == [("publish-late", "warning")]
