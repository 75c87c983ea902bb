"""The README's 快速采用 path on a real clone, with the README's own commands as typed: `gongkai init` for a
department, three items with `make new`, then `make site` and `make test` of the clone pass.

The clone is `git clone` of the committed repository, with no .venv: `make site` installs everything itself.
The clone's `make test` runs for real (install check, npm tools, ruff over the clone, pytest), narrowed with
PYTEST_ARGS to the tests that depend on the repository's own body: the fresh-clone smoke test (a further clone,
built from scratch, now holding the department and its three items) and the CLI/editor checks. The rest of
the clone's suite is this suite itself (fixture bodies only, see tests/fixtures/county), and running it again
inside would double the time; this test is not in the inner selection, so the inner run cannot recurse.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

from conftest import REPO

INNER_TESTS = "tests/test_fresh_clone.py tests/test_authoring_editor.py tests/test_check_cli.py"


def readme_commands(readme: str) -> tuple[list[str], list[list[str]]]:
    """The README's `gongkai init --no-input …` command and the three `make new` lines of 快速采用, as typed."""
    blocks = re.findall(r"```sh\n(.*?)```", readme[readme.index("## 快速采用") :], re.S)
    quick, options = blocks[0], blocks[1]
    init = shlex.split(options.replace("\\\n", " "))
    news = [shlex.split(line.split("#")[0]) for line in quick.splitlines() if line.startswith("make new ")]
    return init, news


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)}:\n{output[-5000:]}"
    return output


def test_department_clone_with_init_and_three_new_items_passes_make_site_and_make_test(tmp_path: Path) -> None:
    clone = tmp_path / "jtj"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env.update(GONGKAI_TODAY="2026-11-24", GIT_AUTHOR_NAME="办公室", GIT_AUTHOR_EMAIL="bgs@example.gov.cn")
    env.update(GIT_COMMITTER_NAME="办公室", GIT_COMMITTER_EMAIL="bgs@example.gov.cn")
    run(["make", "site"], clone, env)
    init, news = readme_commands((clone / "README.md").read_text(encoding="utf-8"))
    assert init[:3] == [".venv/bin/gongkai", "init", "--no-input"] and len(news) == 3
    out = run(init, clone, env)
    assert "移动 content/ → examples/content/" in out
    printed = ""
    for cmd in news:  # the third (政策解读) names the 索引号 the one before printed
        cmd = [printed if arg == "解读对象=上一条命令打印的索引号" else arg for arg in cmd]
        out = run(cmd, clone, env)
        assert "已新建 content/" in out
        printed = "解读对象=" + re.search(r"索引号 (\S+?)）", out).group(1)
    written = sorted((clone / "content").rglob("*.md"))
    assert len(written) == 3
    for path in written:  # the three hand edits: a body instead of the 【待填写】 line
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.rindex("【待填写】在此填写正文")] + "经局务会研究，现将有关事项通知如下。\n", encoding="utf-8")
    run(["git", "add", "-A"], clone, env)
    run(["git", "commit", "-qm", "本机关的政府信息公开专栏"], clone, env)

    run(["make", "site"], clone, env)
    home = (clone / "site/index.html").read_text(encoding="utf-8")
    assert "示例县交通运输局" in home and "示例县人民政府" not in home
    assert (clone / "site/gfxwj/2026-00002/index.html").is_file() and (clone / "site/zcjd/2026-00003/index.html").is_file()
    tested = run(["make", "test", f"PYTEST_ARGS={INNER_TESTS}"], clone, env)
    assert " passed" in tested and " failed" not in tested
