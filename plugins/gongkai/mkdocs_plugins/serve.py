"""`mkdocs serve` / `make serve` at scale (issue #19): a saved item shows in seconds, not after a full rebuild.

MkDocs rebuilds the whole site on any change and does not say which files changed. The core plugin's `on_serve`
installs `LivePreview`: a watchdog handler on the served folders records the changed paths, and the server's builder
is replaced by one that asks `gongkai.preview.classify` what they allow. Item Markdown files alone: the same plugin
events as a build run on a fresh config (every plugin resets and rebuilds its views), but the loader reads only the
changed files (`loader.load(keep=...)`), and MkDocs' own page pipeline (`_populate_page`, `_build_page`, so every
plugin's page hooks and the HTML safety gate run) renders only the pages `gongkai.preview.touched` names, into the
served folder; pages that no longer exist are removed. No page is written when the content has an error or a page
fails the safety gate: the error is printed and the last good pages stay served (the change is read again with the
next save). Anything else (site_config/, catalog_schema/, mkdocs.yml, overrides/, staff pages, attachments) runs
MkDocs' full build, and the terminal says so. Full-text search keeps the last full build's Pagefind index (the
search page says so while served); the exact 文号/索引号 lookup and the feeds are written again; open data, the staff
dashboard and sitemap.xml wait for the next full build (they list every item).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config import load_config
from mkdocs.exceptions import BuildError, MkDocsException, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from .. import preview
from ..model import Finding, Item, Loaded, Platform
from ..views import urls
from ..views.directory import Directory
from ..views.library import Library
from .pages import GeneratedPages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

FULL_REBUILD_DIRS = ("site_config", "catalog_schema")
"""Project folders beside docs_dir whose change rebuilds the whole site (MkDocs itself watches only docs_dir and mkdocs.yml)."""


class Preview(NamedTuple):
    """What the core plugin's loader reuses in one preview run: the last good load and the changed item files."""

    loaded: Loaded
    changed: frozenset[str]


class Core(Protocol):
    """The core plugin as the preview uses it (the core imports this module, so it is not imported here)."""

    loaded: Loaded | None
    files: Files | None

    @property
    def item_index(self) -> Mapping[str, Item]: ...
    preview: Preview | None
    gate_errors: list[Finding]


@dataclass(frozen=True, slots=True)
class _State:
    """The last good build's model, directory views and published pages (what the next preview compares with)."""

    loaded: Loaded
    directories: dict[str, Directory]
    libraries: dict[str, Library]
    dests: frozenset[str]


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory across updates (each update's environment is new; Jinja checks the source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class LivePreview:
    def __init__(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any], core: Core, root: Path) -> None:
        self.server, self.full_build, self.core = server, builder, core
        self.root = root.resolve()
        self.docs_dir = Path(config.docs_dir).resolve()
        self.config_file = config.config_file_path
        self.site_dir, self.site_url, self.strict = config.site_dir, config.site_url, config.strict
        self.custom_dir = config.theme.custom_dir
        self.shown_prefix = os.path.relpath(self.docs_dir, self.root).replace(os.sep, "/") + "/"
        self.directory = config.plugins.get("gongkai-directory")  # the same object in every build of this server
        self.lock = threading.Lock()
        self.seen: set[str] = set()  # paths saved since the last update (the observer's thread adds to it)
        self.pending: set[str] = set()  # item files of updates that failed: read again with the next save
        self.bytecode = _CompiledTemplates()
        self.state = self._capture()

    def install(self) -> None:
        """Watch the project's data folders too, record every changed path, take over the server's builder."""
        extra = [str(self.root / d) for d in FULL_REBUILD_DIRS if (self.root / d).is_dir()]
        if self.custom_dir and os.path.isdir(self.custom_dir):
            extra.append(self.custom_dir)
        for path in extra:
            self.server.watch(path)
        handler = FileSystemEventHandler()
        handler.on_any_event = self._record  # type: ignore[method-assign]  # watchdog's documented way is a subclass; one callback is enough
        for path in {str(self.docs_dir), *extra}:
            self.server.observer.schedule(handler, path, recursive=True)
        if self.config_file:
            self.server.observer.schedule(handler, os.path.dirname(os.path.abspath(self.config_file)), recursive=False)
        self.server.builder = self.build

    def _record(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        watched_file = os.path.abspath(self.config_file) if self.config_file else ""
        with self.lock:
            for path in paths:
                if path and (os.path.dirname(path) != os.path.dirname(watched_file) or path == watched_file):
                    self.seen.add(path)

    def build(self) -> None:
        """The server's builder: the changed items alone when possible, else MkDocs' full build."""
        with self.lock:
            paths, self.seen = self.seen, set()
        if not paths:
            return
        plan = preview.classify(paths, self.docs_dir, self.root)
        if plan.full or self.state is None:
            self._full(plan.full or "上次生成未成功")
            return
        changed = self.pending | plan.items
        if not changed:
            return
        started, cpu = time.monotonic(), time.thread_time()
        try:
            count = self._update(frozenset(changed))
        except (PluginError, BuildError) as exc:
            self.pending = changed
            log.error(f"预览未更新，浏览器中仍是改动前的页面：{exc}")
            return
        except Exception as exc:  # a defect of the preview itself: the full build shows the site as it really is
            log.warning(f"增量预览出错（{type(exc).__name__}: {exc}），改为完整重新生成")
            self._full("增量预览出错")
            return
        self.pending = set()
        wall, used = time.monotonic() - started, time.thread_time() - cpu  # CPU time of this thread: about the wall time on an idle machine
        log.info(f"预览已更新：{count} 个页面，用时 {wall:.1f} 秒（CPU {used:.1f} 秒；只重新生成改动的信息和列出它们的页面）")

    def _full(self, reason: str) -> None:
        log.info(f"{reason}：完整重新生成整个网站（页面多时需要较长时间）")
        self.state = None
        try:
            self.full_build()
        except (MkDocsException, SystemExit) as exc:
            log.error(f"网站未能重新生成：{exc}（改正后保存，会再次完整生成）")
            return
        self.pending = set()
        self.state = self._capture()

    def _config(self) -> MkDocsConfig:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir, strict=self.strict)
        config.site_url = self.site_url
        return config

    def _update(self, changed: frozenset[str]) -> int:
        """One preview run (see the module docstring); returns how many pages it wrote."""
        state = self.state
        assert state is not None
        config = self._config()
        self.core.preview = Preview(state.loaded, changed)
        try:
            config = config.plugins.on_config(config)
            files = get_files(config)
            env = config.theme.get_env()
            env.bytecode_cache = self.bytecode  # templates compiled once per server, not once per update
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            items = self.core.item_index  # never in the nav: MkDocs would make a Page for each of them here
            nav_files = Files([f for f in files if f.src_uri not in items])
            nav = config.plugins.on_nav(get_navigation(nav_files, config), config=config, files=files)
            new = self._capture(files)
            assert new is not None
            self._print_findings(new.loaded, changed)
            targets = self._targets(preview.touched(
                state.loaded.platform, new.loaded.platform, changed, state.directories, new.directories, state.libraries, new.libraries
            ), files, new.loaded.platform, config)  # fmt: skip
            for f in targets:
                _populate_page(f.page or Page(None, f, config), config, files)
            if self.core.gate_errors:
                raise PluginError(f"发现 {len(self.core.gate_errors)} 个不安全的网页内容错误（见上文）")
            env = config.plugins.on_env(env, config=config, files=files)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for f in targets:
                assert f.page is not None
                _build_page(f.page, config, doc_files, nav, env)
            self._remove(state.dests - new.dests)
            config.plugins.on_post_build(config=config)
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            raise
        finally:
            self.core.preview = None
        self.state = new
        return len(targets)

    def _capture(self, files: Files | None = None) -> _State | None:
        """The state of the build that just ended (the plugins keep it until the next build's on_config)."""
        loaded, files = self.core.loaded, files or self.core.files
        if loaded is None or files is None:
            return None
        directory = self.directory  # gongkai-directory, when enabled: its views per body (a dict replaced every build)
        dirs = {prefix: d for prefix, (_, d) in getattr(directory, "directories", {}).items()}
        dests = frozenset(f.dest_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        return _State(loaded, dirs, dict(getattr(directory, "libraries", {})), dests)

    def _print_findings(self, loaded: Loaded, changed: frozenset[str]) -> None:
        """The changed files' findings as `gongkai check` prints them (an error stopped the run before this).

        Warnings do not stop a preview (`make site` with strict: true stops on the build's own warnings)."""
        for finding in preview.file_findings(loaded, changed, self.shown_prefix):
            (log.warning if finding.severity == "warning" else log.info)(finding.format())

    def _targets(self, touched: preview.Touched, files: Files, platform: Platform, config: MkDocsConfig) -> list[File]:
        """The files of the touched pages, with each touched body's home, 目录 overview, search, 年报 (and 标准目录) pages."""
        uris = set(touched.pages)
        by_plugin = {}
        for name, plugin in config.plugins.items():
            generated = getattr(plugin, "pages", None)
            if isinstance(generated, GeneratedPages):
                by_plugin[name] = generated.contexts
        home = platform.home
        for prefix in touched.bodies:
            uris.update({prefix + "index.md", prefix + urls.OVERVIEW + "index.md", "index.md"})
            for name in ("gongkai-report", "gongkai-search", *(("gongkai-guide",) if prefix in touched.standard else ())):
                for uri in by_plugin.get(name, {}):
                    body = platform.body_of_uri(uri)
                    if (body.prefix if body is not None else home.prefix if home else "") == prefix:
                        uris.add(uri)
        out = []
        for uri in sorted(uris):
            f = files.get_file_from_path(uri)
            if f is not None and f.is_documentation_page() and f.inclusion.is_in_serve():
                out.append(f)
        return out

    def _remove(self, dests: frozenset[str]) -> None:
        """Pages that are gone (a deleted item, a pager page past the new end) leave the served folder."""
        site = Path(self.site_dir)
        for dest in dests:
            path = site / dest
            path.unlink(missing_ok=True)
            parent = path.parent
            while parent != site and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
