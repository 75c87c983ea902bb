"""Project inputs are read only in `gongkai/source/`: an AST scan of every other module, and the source readers' own rules.

Issue #17 (ARCHITECTURE.md, "source/: the only readers of files"): catalog_schema/, site_config/, content/ and
mkdocs.yml are opened by `gongkai.source` alone. Any call that reads a file (`open`, `read_text`, `read_bytes`,
`json.load`, openpyxl's `load_workbook`, MkDocs' `load_config` / `yaml_load`) elsewhere must be on the allow-list
below, each entry saying why it is not a project-input read (a writer, an output of the build, a cache, a file
of the package itself).
"""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest
from gongkai import authoring
from gongkai.source import files, frontmatter, jsonfile

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "gongkai"
READ_CALLS = {"open", "read_text", "read_bytes", "load_workbook", "load_config", "yaml_load"}
MODULE_READS = {("json", "load"), ("yaml", "load"), ("yaml", "safe_load"), ("yaml", "full_load")}

ALLOWED = {
    # Writers: they read a project file only to rewrite it (or write a new one), as the brief allows.
    ("adoption.py", "_current_code"): "adoption rewrites site_config/body.yml: reads the file it is about to replace",
    ("adoption.py", "run"): "adoption sets site_name/site_url in mkdocs.yml: read-modify-write of the file",
    ("body_add.py", "_add_to_platform"): "gongkai body add appends the new body to platform.yml: read-modify-write",
    ("authoring.py", "write_new"): "gongkai new creates the new item file (mode 'x'): a write",
    ("cli.py", "cmd_check"): "appends the summary to $GITHUB_STEP_SUMMARY: a write",
    # MkDocs' own configuration loader, as `mkdocs serve` calls it before every rebuild (mkdocs.yml is MkDocs' input).
    ("mkdocs_plugins/serve.py", "LivePreview._config"): "a preview update loads mkdocs.yml afresh, like each serve rebuild",
    # Outputs of the build (site/, .gongkai-partition/) and files of the package itself.
    ("mkdocs_plugins/dashboard.py", "DashboardPlugin.on_files"): "the dashboard's own asset files from the package",
    ("mkdocs_plugins/dashboard.py", "drop_from_sitemap"): "rewrites the built sitemap.xml(.gz) in site/: an output",
    ("mkdocs_plugins/dashboard.py", "_mentions"): "scans the built sitemap.xml(.gz) in site/ for the page: an output",
    ("pagefind_merge.py", "_read"): "reads the Pagefind bundles of earlier indexing runs and the caller's page order: outputs",
    ("pagefind_service.py", "check_bundle"): "reads the index part Pagefind has just written: an output",
    ("partition.py", "_manifests"): "reads the partitions' manifests written by earlier builds: outputs",
    ("partition.py", "assemble"): "reads the partitions' page order and sitemap entries: outputs",
    ("views/opendata.py", "write_opendata"): "writes the open-data files and copies the package's export schema",
    ("views/sitemap.py", "_write"): "writes sitemap.xml.gz: an output",
    # Caches: only a speed-up, never an input of meaning.
    ("provenance.py", "load_cache"): "the provenance comparison cache written by earlier builds",
}


def _call_name(node: ast.Call) -> str | None:
    """The read this call makes, or None: `open(...)`, `x.read_text(...)`, `json.load(...)`, ..."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id if func.id in READ_CALLS else None
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and (func.value.id, func.attr) in MODULE_READS:
            return f"{func.value.id}.{func.attr}"
        return func.attr if func.attr in READ_CALLS else None
    return None


def file_reads(package: Path) -> dict[tuple[str, str], list[str]]:
    """(module path, enclosing function) → the reads made there, for every module outside source/."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("source/"):
            continue
        scopes: list[str] = []

        def visit(node: ast.AST, rel: str = rel, scopes: list[str] = scopes) -> None:
            named = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            if named:
                scopes.append(node.name)  # type: ignore[union-attr]
            if isinstance(node, ast.Call) and (name := _call_name(node)):
                found.setdefault((rel, ".".join(scopes)), []).append(f"{name} (line {node.lineno})")
            for child in ast.iter_child_nodes(node):
                visit(child)
            if named:
                scopes.pop()

        visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_module_outside_source_reads_a_project_input() -> None:
    reads = file_reads(PACKAGE)
    strays = {f"{rel} {scope}: {', '.join(calls)}" for (rel, scope), calls in reads.items() if (rel, scope) not in ALLOWED}
    assert not strays, "files read outside gongkai/source/ (move the read into source/, or allow-list a writer/output):\n" + "\n".join(
        sorted(strays)
    )


def test_every_allow_listed_reader_still_reads_a_file() -> None:
    reads = file_reads(PACKAGE)
    stale = sorted(f"{rel} {scope}" for rel, scope in ALLOWED if (rel, scope) not in reads)
    assert not stale, f"allow-list entries that no longer read a file (remove them): {stale}"


def test_the_scan_finds_reads_of_every_kind(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "ok.py").write_text("def f(p):\n    return open(p).read()\n", encoding="utf-8")
    (tmp_path / "rules.py").write_text(
        "import json\n"
        "def a(p):\n    return p.read_text()\n"
        "class C:\n    def b(self, p):\n        with open(p) as fh:\n            return json.load(fh)\n"
        "def c(p):\n    return json.loads(p)\n",
        encoding="utf-8",
    )
    assert file_reads(tmp_path) == {("rules.py", "a"): ["read_text (line 3)"], ("rules.py", "C.b"): ["open (line 6)", "json.load (line 7)"]}


def test_broken_json_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "land.geojson"
    path.write_text('{\n  "type": "Polygon",\n  "coordinates": [1, 2,]\n}\n', encoding="utf-8")
    with pytest.raises(jsonfile.JsonFileError) as caught:
        jsonfile.read_json(path)
    assert caught.value.line == 3
    assert str(path) in caught.value.message and "第 3 行" in caught.value.message and "不是有效的 JSON" in caught.value.message
    assert "Traceback" not in caught.value.message


def test_json_in_another_encoding_is_named_with_its_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "x.schema.json"
    path.write_bytes('{\n"title": "县域"\n}\n'.encode("gbk"))
    with pytest.raises(jsonfile.JsonFileError) as caught:
        jsonfile.read_json(path)
    assert (caught.value.line, caught.value.reason, caught.value.fix) == (2, "第 2 行不是 UTF-8 编码", "用 UTF-8 编码另存该文件")


def test_a_schema_is_read_once_per_path_and_again_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "item.schema.json"
    path.write_text('{"type": "object"}', encoding="utf-8")
    first = jsonfile.schema(path)
    assert jsonfile.schema(str(path)) is first
    path.write_text('{"type": "array"}', encoding="utf-8")
    later = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(later, later))
    assert jsonfile.schema(path) == {"type": "array"}


def test_magic_bytes_of_a_short_or_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "申请表.pdf"
    path.write_bytes(b"%P")
    assert files.head(path, 5) == b"%P"
    assert files.head(tmp_path / "none.pdf", 5) is None


def test_one_index_number_pattern_for_the_loader_and_gongkai_new() -> None:
    text = "索引号: 'A-01'\n索引号：B-02\n  索引号 : C-03  # note\n-索引号: D-04\n标题: 索引号: E-05\n"
    assert frontmatter.index_numbers(text) == ["A-01", "B-02", "C-03", "D-04"]
    assert authoring.front_matter_numbers(["---\n" + text + "---\n正文\n"]) == {"A-01", "B-02", "C-03", "D-04"}
