"""Duplicate 索引号: every file sharing a number gets the error naming the others (file and line); when git history
shows which file committed the number first, both messages say so (one `git log` walk); outside git, no history part."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import CODE, TODAY, gongkai, item_md, make_project, mkdocs_build, set_plugins

NUMBER = f"{CODE}/2024-00001"


def commit(root: Path, message: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T10:00:00+08:00"}
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.gov.cn"]
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-qm", message], check=True, env=env)


def duplicates(root: Path) -> list[str]:
    proc = gongkai("check", "--root", str(root), "--today", TODAY)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    return [line for line in proc.stdout.splitlines() if "[index-duplicate]" in line]


def test_outside_git_both_files_get_the_error_without_history(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"qtwj/a.md": item_md(), "qtwj/b.md": item_md("另一条。\n", 标题="关于另一件事的通知")})
    assert duplicates(root) == [
        f"content/qtwj/a.md:3: 错误[index-duplicate] 索引号「{NUMBER}」与 content/qtwj/b.md 第3行 重复"
        "（字段：索引号；应为：每条信息的索引号唯一；用 gongkai new 取得下一个可用序号）",
        f"content/qtwj/b.md:3: 错误[index-duplicate] 索引号「{NUMBER}」与 content/qtwj/a.md 第3行 重复"
        "（字段：索引号；应为：每条信息的索引号唯一；用 gongkai new 取得下一个可用序号）",
    ]


def test_git_history_names_the_file_that_committed_the_number_first(tmp_path: Path) -> None:
    # b.md sorts after a.md, so "first in history" cannot come from the file order
    root = make_project(tmp_path, {"qtwj/b.md": item_md()})
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    commit(root, "b", "2024-03-08")
    (root / "content/qtwj/a.md").write_text(item_md("后来的。\n", 标题="关于另一件事的通知", 发布日期="2024-05-06"), encoding="utf-8")
    commit(root, "a", "2024-05-06")
    (root / "content/qtwj/c.md").write_text(item_md("未提交。\n", 标题="关于第三件事的通知"), encoding="utf-8")  # not committed
    lines = duplicates(root)
    assert len(lines) == 3
    a, b, c = lines
    head = f"content/qtwj/a.md:3: 错误[index-duplicate] 索引号「{NUMBER}」与 content/qtwj/b.md 第3行、content/qtwj/c.md 第3行 重复"
    assert a.startswith(head)
    assert "；该索引号先由 content/qtwj/b.md 于2024-03-08提交使用" in a and "本文件改用 gongkai new" in a
    assert "git 历史显示本文件于2024-03-08先提交使用这个号码" in b and "本文件保留这个号码" in b
    assert c.startswith("content/qtwj/c.md:3:") and "先由 content/qtwj/b.md 于2024-03-08提交使用" in c
    set_plugins(root, ["gongkai"])
    build = mkdocs_build(root)
    assert not build.ok and "Traceback" not in build.output
    assert "content/qtwj/a.md:3: 错误[index-duplicate]" in build.output and "content/qtwj/b.md:3: 错误[index-duplicate]" in build.output
